//! Resolving one claim: its references, its dates against its source's, its quote against the
//! archived article, its evidence and its verdict history.

use super::fields::Fields;
use super::{Refs, quote};
use crate::diag::Diagnostic;
use crate::load::Entry;
use crate::load::meta::{ClaimMeta, EvidenceMeta, UpdateMeta};
use crate::model::*;

pub(super) fn claim(
    e: &Entry<ClaimMeta>,
    refs: &Refs,
    sources: &[(Source, &str)],
    folded: &[String],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Claim> {
    let m = &e.meta;
    let mut f = Fields::new(&e.doc, diagnostics);
    let title = f.required("title", &m.title);
    let source = f.required("source", &m.source).and_then(|slug| refs.sources.lookup(&mut f, "source", slug));
    let topic = f.required("topic", &m.topic).and_then(|slug| refs.topics.lookup(&mut f, "topic", slug));
    let date = f.required("date", &m.date).and_then(|d| f.stamp("date", d));
    let stance =
        f.required("stance", &m.stance).and_then(|s| f.vocabulary("stance", s, Stance::parse, Stance::allowed()));
    let status =
        f.required("status", &m.status).and_then(|s| f.vocabulary("status", s, Status::parse, Status::allowed()));
    let quote = f.required("quote", &m.quote);
    let sourcing =
        m.sourcing.as_deref().and_then(|s| f.vocabulary("sourcing", s, Sourcing::parse, Sourcing::allowed()));

    if let (Some(src), Some(date)) = (source, date) {
        let source = &sources[src].0;
        if date.is_before(&source.published) {
            let d = e.doc.at_key(
                "date",
                format!("the claim is dated {} but its source was published {}", date.iso(), source.published.iso()),
            );
            f.report(d.help("a claim cannot be made before the article that makes it: check `date` here and `published` in the source"));
        }
        if let Some(q) = quote
            && let Some(miss) = quote::check_folded(q, &folded[src])
        {
            let d = e.doc.at_key("quote", format!("the quote does not occur in the source `{}`", source.slug));
            f.report(match miss.closest {
                Some(passage) => d.help(format!("the closest passage in the archived text is: \"{passage}\"")),
                None => {
                    d.help("copy the quote exactly from the article; only spacing, quote marks and dashes may differ")
                }
            });
        }
    }

    let mut echoes = Vec::new();
    for slug in &m.echoes {
        if slug == &e.slug {
            let d = e.doc.at_text("echoes", slug, "a claim cannot echo itself");
            f.report(d.help("list the earlier claims this one repeats"));
        } else if let Some(i) = refs.claims.lookup(&mut f, "echoes", slug) {
            echoes.push(i);
        }
    }

    let evidence = m.evidence.iter().filter_map(|ev| evidence(ev, &mut f)).collect();
    let updates = updates(&m.updates, date, status, &mut f);
    Some(Claim {
        slug: e.slug.clone(),
        path: e.doc.path.clone(),
        title: title?.to_string(),
        source: source?,
        outlet: sources[source?].0.outlet,
        date: date?,
        topic: topic?,
        stance: stance?,
        status: status?,
        quote: quote?.to_string(),
        sourcing,
        echoes,
        evidence,
        updates,
        tags: m.tags.clone(),
        body_md: e.doc.body().to_string(),
        roots: Vec::new(),
    })
}

fn evidence(ev: &EvidenceMeta, f: &mut Fields) -> Option<Evidence> {
    let fields = [("url", &ev.url), ("title", &ev.title), ("date", &ev.date), ("bearing", &ev.bearing)];
    let missing: Vec<String> = fields.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| format!("`{k}`")).collect();
    if !missing.is_empty() {
        let d = f.doc.at_key_name("evidence", format!("an `evidence` entry has no {}", missing.join(", ")));
        f.report(d.help("each evidence entry needs `url`, `title`, `date` and `bearing`"));
        return None;
    }
    let url = f.url("evidence", &ev.url);
    let date = f.stamp("evidence", ev.date.as_deref()?);
    let bearing = f.vocabulary("evidence", ev.bearing.as_deref()?, Bearing::parse, Bearing::allowed());
    Some(Evidence { url: url?, title: ev.title.clone()?, date: date?, bearing: bearing? })
}

/// The verdict history: dated, in order, never before the claim, ending on the current verdict.
fn updates(list: &[UpdateMeta], claim_date: Option<Stamp>, status: Option<Status>, f: &mut Fields) -> Vec<Update> {
    let mut out: Vec<Update> = Vec::new();
    for u in list {
        let (Some(date_text), Some(status_text)) = (&u.date, &u.status) else {
            let d = f.doc.at_key_name("updates", "an `updates` entry needs both `date` and `status`");
            f.report(d.help("write each entry as `- {date: 2025-10-28, status: disputed, note: why}`"));
            continue;
        };
        let Some(date) = f.stamp("updates", date_text) else {
            continue;
        };
        let Some(s) = f.vocabulary("updates", status_text, Status::parse, Status::allowed()) else {
            continue;
        };
        if let Some(prev) = out.last()
            && date.is_before(&prev.date)
        {
            let d = f.doc.at_text(
                "updates",
                date_text,
                format!("update dated {} comes after one dated {}", date.iso(), prev.date.iso()),
            );
            f.report(d.help("list updates oldest first"));
        }
        if let Some(c) = claim_date
            && date.is_before(&c)
        {
            let d = f.doc.at_text(
                "updates",
                date_text,
                format!("update dated {} is earlier than the claim ({})", date.iso(), c.iso()),
            );
            f.report(d);
        }
        out.push(Update { date, status: s, note: u.note.clone().unwrap_or_default() });
    }
    if let (Some(last), Some(status)) = (out.last(), status)
        && last.status != status
    {
        let d = f.doc.at_key(
            "status",
            format!("`status` is `{}` but the last update says `{}`", status.as_str(), last.status.as_str()),
        );
        f.report(d.help("the last entry of `updates` is the current verdict: make the two agree"));
    }
    out
}
