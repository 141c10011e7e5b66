//! Resolving one claim: its references, its dates against its source's, its quote against the
//! archived article, its summary, its echoes ([`super::echoes`]), its evidence and its verdict
//! history with what each step cites ([`super::evidence`]).

use super::fields::Fields;
use super::{Refs, echoes, evidence, quote, versions};
use crate::diag::Diagnostic;
use crate::load::Entry;
use crate::load::meta::{ClaimMeta, CorrectionMeta, UpdateMeta};
use crate::model::*;
use std::collections::HashSet;

/// How long a claim's `summary` may be, in characters: one line beside a verdict.
pub const SUMMARY_MAX: usize = 200;

/// A claim and the reports outside the tracked outlets that it repeats (merged across claims by
/// `resolve`).
pub(super) type WithReports = (Claim, Vec<Report>);

/// The claim, and the reports outside the tracked outlets that it repeats.
pub(super) fn claim(
    e: &Entry<ClaimMeta>,
    refs: &Refs,
    sources: &[(Source, Vec<&str>)],
    folded: &[Vec<std::sync::Arc<str>>],
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<WithReports> {
    let m = &e.meta;
    let mut f = Fields::new(&e.doc, diagnostics);
    let title = f.required("title", &m.title);
    let source = f.required("source", &m.source).and_then(|slug| refs.sources.lookup(&mut f, "source", slug));
    let topic = f.required("topic", &m.topic).and_then(|slug| refs.topics.lookup(&mut f, "topic", slug));
    let date = f.required("date", &m.date).and_then(|d| f.stamp("date", d));
    let stance =
        f.required("stance", &m.stance).and_then(|s| f.vocabulary("stance", s, Stance::parse, Stance::allowed));
    let status =
        f.required("status", &m.status).and_then(|s| f.vocabulary("status", s, Status::parse, Status::allowed));
    let quote = f.required("quote", &m.quote);
    let sourcing = m.sourcing.as_deref().and_then(|s| f.vocabulary("sourcing", s, Sourcing::parse, Sourcing::allowed));

    let mut quote_later = None;
    if let (Some(src), Some(date)) = (source, date) {
        let source = &sources[src].0;
        // The quote is checked against the version of the article current at the claim's date.
        let current = versions::current(&source.versions, &date);
        if date.is_before(&source.published) {
            let d = e.doc.at_key(
                "date",
                format!("the claim is dated {} but its source was published {}", date.iso(), source.published.iso()),
            );
            f.report(d.help("a claim cannot be made before the article that makes it: check `date` here and `published` in the source"));
        }
        if let Some(q) = quote
            && let Some(miss) = quote::check_folded(q, &folded[src][current])
        {
            let version = match current {
                0 => String::new(),
                _ => format!(
                    " (in the version captured {}, current at the claim's date)",
                    source.versions[current].captured.iso()
                ),
            };
            let d = e.doc.at_key("quote", format!("the quote does not occur in the source `{}`{version}", source.slug));
            f.report(match miss.closest {
                Some(passage) => d.help(format!("the closest passage in the archived text is: \"{passage}\"")),
                None => {
                    d.help("copy the quote exactly from the article; only spacing, quote marks and dashes may differ")
                }
            });
        } else if let Some(q) = quote {
            quote_later = versions::later(q, &folded[src], current);
            if let Some(later) = &quote_later {
                let latest = source.versions.last().map_or(source.published, |v| v.captured);
                let message = format!(
                    "the quote no longer occurs in the latest version of the source `{}` (captured {})",
                    source.slug,
                    latest.iso()
                );
                let when = source.versions[later.version].captured.iso();
                let help = match &later.now {
                    Some(now) => format!(
                        "the version captured {when} reworded it as: \"{now}\"; check that the verdict still stands"
                    ),
                    None => format!("the version captured {when} removed it; check that the verdict still stands"),
                };
                f.report(e.doc.at_key("quote", message).warning().help(help));
            }
        }
    }

    let summary = m.summary.as_deref().map(str::trim);
    match summary.map(|s| s.chars().count()) {
        Some(0) => {
            let d = e.doc.at_key_name("summary", "`summary` is empty");
            f.report(d.help("give the verdict's reason in one line, or remove the key"));
        }
        Some(n) if n > SUMMARY_MAX => {
            let d =
                e.doc.at_key("summary", format!("`summary` is {n} characters long; at most {SUMMARY_MAX} are allowed"));
            f.report(
                d.help("give the verdict's reason in one line; the analysis below the front matter holds the rest"),
            );
        }
        _ => {}
    }

    let (echoes, reports) = echoes::echoes(&e.slug, &m.echoes, date, refs, &mut f);
    let mut written = HashSet::new();
    let evidence: Vec<Evidence> =
        m.evidence.iter().enumerate().filter_map(|(k, ev)| evidence::entry(ev, k, &mut written, &mut f)).collect();
    let (updates, steps) = updates(&m.updates, date, status, (&evidence, &written), &mut f);
    evidence::warnings(m, status, &evidence, (&updates, &steps), &mut f);
    let claim = Claim {
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
        summary: summary.filter(|s| !s.is_empty()).map(str::to_string),
        untraced: m.untraced.as_deref().map(str::trim).filter(|u| !u.is_empty()).map(str::to_string),
        echoes,
        reports: Vec::new(),
        evidence,
        updates,
        tags: m.tags.clone(),
        body_md: e.doc.body().to_string(),
        draft: m.draft.unwrap_or(false),
        aliases: m.aliases.clone(),
        corrections: corrections(&m.corrections, date, &mut f),
        roots: Vec::new(),
        quote_later,
    };
    Some((claim, reports))
}

/// The verdict history: dated, in order, never before the claim, ending on the current verdict,
/// each step citing evidence it could rest on. Also returns each step's position in the list.
fn updates(
    list: &[UpdateMeta],
    claim_date: Option<Stamp>,
    status: Option<Status>,
    (evidence, written): (&[Evidence], &HashSet<&str>),
    f: &mut Fields,
) -> (Vec<Update>, Vec<usize>) {
    let mut out: Vec<Update> = Vec::new();
    let mut steps = Vec::new();
    for (k, u) in list.iter().enumerate() {
        let (Some(date_text), Some(status_text)) = (&u.date, &u.status) else {
            let d = f.doc.at_key_name("updates", "an `updates` entry needs both `date` and `status`");
            f.report(d.help("write each entry as `- {date: 2025-10-28, status: disputed, note: why}`"));
            continue;
        };
        let Some(date) = f.stamp("updates", date_text) else {
            continue;
        };
        let Some(s) = f.vocabulary("updates", status_text, Status::parse, Status::allowed) else {
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
        let cites = evidence::cites(u, k, (date, s), evidence, written, f);
        out.push(Update { date, status: s, note: u.note.clone().unwrap_or_default(), cites });
        steps.push(k);
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
    (out, steps)
}

/// The corrections log: each entry dated (never before the claim), of a known kind, with a note
/// saying what changed.
fn corrections(list: &[CorrectionMeta], claim_date: Option<Stamp>, f: &mut Fields) -> Vec<Correction> {
    let mut out = Vec::new();
    for c in list {
        let (Some(date_text), Some(kind_text)) = (&c.date, &c.kind) else {
            let d = f.doc.at_key_name("corrections", "a `corrections` entry needs `date`, `kind` and `note`");
            f.report(d.help("write each entry as `- {date: 2025-10-28, kind: correction, note: what was corrected}`"));
            continue;
        };
        let date = f.stamp("corrections", date_text);
        let kind = f.vocabulary("corrections", kind_text, CorrectionKind::parse, CorrectionKind::allowed);
        let note = c.note.as_deref().map(str::trim).unwrap_or_default();
        if note.is_empty() {
            let d = f.doc.at_text("corrections", kind_text.trim(), "a `corrections` entry needs a `note`");
            f.report(d.help("say what was corrected, clarified or updated, for readers"));
        }
        if let (Some(date), Some(c)) = (date, claim_date)
            && date.is_before(&c)
        {
            let d = f.doc.at_text(
                "corrections",
                date_text,
                format!("correction dated {} is earlier than the claim ({})", date.iso(), c.iso()),
            );
            f.report(d.help("a page can only be corrected after it was published"));
        }
        if let (Some(date), Some(kind), false) = (date, kind, note.is_empty()) {
            out.push(Correction { date, kind, note: note.to_string() });
        }
    }
    out
}
