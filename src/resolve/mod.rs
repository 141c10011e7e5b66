//! Resolve: check every value and reference, and link the raw entries into the [`Site`] model.
//!
//! Every problem becomes a diagnostic; an entry with an error is still resolved as far as it can be
//! so that the editor sees all problems in one run. Derived data (a topic's claims, echo roots,
//! contested and single-origin flags) is computed in [`links`].

mod copying;
mod fields;
mod links;
pub mod quote;

pub use fields::{is_valid_slug, is_web_url, suggested_slug};

use crate::diag::Diagnostic;
use crate::load::meta::*;
use crate::load::{Entry, Loaded};
use crate::model::*;
use fields::Fields;
use std::collections::{HashMap, HashSet};

/// The resolved site and every problem found on the way.
pub struct Resolved {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn resolve(loaded: Loaded) -> Resolved {
    let Loaded { site, outlets, sources, topics, claims, mut diagnostics, broken } = loaded;
    let config = site_config(site.as_ref(), &mut diagnostics);
    check_slugs(&outlets, "outlet", &mut diagnostics);
    check_slugs(&sources, "source", &mut diagnostics);
    check_slugs(&topics, "topic", &mut diagnostics);
    check_slugs(&claims, "claim", &mut diagnostics);
    let with_body =
        outlets.iter().map(|e| &e.doc).chain(topics.iter().map(|e| &e.doc)).chain(claims.iter().map(|e| &e.doc));
    for doc in with_body {
        diagnostics.extend(fields::placeholders(doc, true));
    }
    for e in &sources {
        diagnostics.extend(fields::placeholders(&e.doc, false));
    }

    let resolved_outlets: Vec<Outlet> = outlets.iter().filter_map(|e| outlet(e, &mut diagnostics)).collect();
    let outlet_index =
        Index::new("outlet", resolved_outlets.iter().map(|o| o.slug.as_str()), &outlets, &broken.outlets);
    let resolved_sources: Vec<(Source, &str)> =
        sources.iter().filter_map(|e| source(e, &outlet_index, &mut diagnostics).map(|s| (s, e.doc.body()))).collect();
    let source_index =
        Index::new("source", resolved_sources.iter().map(|(s, _)| s.slug.as_str()), &sources, &broken.sources);
    let resolved_topics: Vec<Topic> = topics.iter().filter_map(|e| topic(e, &mut diagnostics)).collect();
    let topic_index = Index::new("topic", resolved_topics.iter().map(|t| t.slug.as_str()), &topics, &broken.topics);
    let claim_index = Index::new("claim", claims.iter().map(|c| c.slug.as_str()), &claims, &broken.claims);

    let refs = Refs { sources: &source_index, topics: &topic_index, claims: &claim_index };
    let mut resolved_claims = Vec::with_capacity(claims.len());
    for entry in &claims {
        if let Some(c) = claim(entry, &refs, &resolved_sources, &mut diagnostics) {
            resolved_claims.push(c);
        }
    }
    // Claims dropped for errors shift indices: echoes were resolved against the file list, so map
    // them onto the surviving claims.
    let survivors: HashMap<String, usize> =
        resolved_claims.iter().enumerate().map(|(i, c)| (c.slug.clone(), i)).collect();
    for c in &mut resolved_claims {
        c.echoes = c.echoes.iter().filter_map(|i| survivors.get(claims[*i].slug.as_str()).copied()).collect();
    }

    let (sources, texts): (Vec<Source>, Vec<&str>) = resolved_sources.into_iter().unzip();
    let mut site =
        Site { config, outlets: resolved_outlets, sources, topics: resolved_topics, claims: resolved_claims };
    for cycle in links::link(&mut site) {
        let names: Vec<&str> = cycle.iter().map(|c| site.claims[*c].slug.as_str()).collect();
        let first = &site.claims[cycle[0]];
        if let Some(entry) = claims.iter().find(|e| e.slug == first.slug) {
            let d = entry.doc.at_text("echoes", names[1], format!("echo cycle: {}", names.join(" → ")));
            diagnostics.push(d.help(
                "`echoes` lists earlier reports this claim repeats; a report cannot repeat itself through others",
            ));
        }
    }
    let docs: HashMap<&str, &crate::load::Document> = claims.iter().map(|e| (e.slug.as_str(), &e.doc)).collect();
    diagnostics.extend(copying::suggest(&site, &texts, &docs));
    Resolved { site, diagnostics }
}

struct Refs<'a> {
    sources: &'a Index<'a>,
    topics: &'a Index<'a>,
    claims: &'a Index<'a>,
}

/// The slugs of one kind that a reference may name: those that resolved, by position, and those
/// whose files exist but have errors of their own (a reference to one is not reported again).
struct Index<'a> {
    kind: &'static str,
    resolved: HashMap<&'a str, usize>,
    existing: HashSet<&'a str>,
}

impl<'a> Index<'a> {
    fn new<M>(
        kind: &'static str,
        resolved: impl Iterator<Item = &'a str>,
        entries: &'a [Entry<M>],
        broken: &'a HashSet<String>,
    ) -> Index<'a> {
        let existing = entries.iter().map(|e| e.slug.as_str()).chain(broken.iter().map(String::as_str)).collect();
        Index { kind, resolved: index(resolved), existing }
    }

    /// The position of `slug`; an unknown one is reported at `key` with the nearest slug.
    fn lookup(&self, f: &mut Fields, key: &str, slug: &str) -> Option<usize> {
        if let Some(i) = self.resolved.get(slug) {
            return Some(*i);
        }
        if !self.existing.contains(slug) {
            let d = f.reference(key, self.kind, slug, || self.existing.iter().copied().collect());
            f.report(d);
        }
        None
    }
}

fn index<'a>(slugs: impl Iterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut map = HashMap::new();
    for (i, s) in slugs.enumerate() {
        map.entry(s).or_insert(i);
    }
    map
}

fn check_slugs<M>(entries: &[Entry<M>], kind: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Entry<M>> = HashMap::new();
    for e in entries {
        if !is_valid_slug(&e.slug) {
            diagnostics.push(Diagnostic::file(&e.doc.path, format!("`{}` is not a valid {kind} slug", e.slug)).help(
                format!(
                    "file names may use lowercase letters, digits and `-` only: rename it to `{}.md`",
                    suggested_slug(&e.slug)
                ),
            ));
        }
        if let Some(first) = seen.insert(&e.slug, e) {
            diagnostics.push(
                Diagnostic::file(
                    &e.doc.path,
                    format!("duplicate {kind} slug `{}`: {} has the same name", e.slug, first.doc.path.display()),
                )
                .help("slugs must be unique within a kind, whatever the sub-folder: rename one of the two files"),
            );
        }
    }
}

fn site_config(entry: Option<&Entry<SiteMeta>>, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut config = SiteConfig {
        title: "claimtrack".into(),
        description: String::new(),
        base_url: "/".into(),
        language: "en".into(),
        summary_md: String::new(),
        publisher: Publisher { name: "claimtrack".into(), url: None },
        corrections: None,
    };
    let Some(e) = entry else { return config };
    let mut f = Fields::new(&e.doc, diagnostics);
    if let Some(t) = f.required("title", &e.meta.title) {
        config.title = t.to_string();
    }
    if let Some(url) = e.meta.base_url.as_deref().map(str::trim) {
        if is_web_url(url) || url.starts_with('/') {
            config.base_url = url.to_string();
        } else {
            let d = e.doc.at_key("base_url", format!("`{url}` is not a valid base URL"));
            f.report(d.help(
                "use the site's public address, e.g. `https://example.org/claims/`, or a path such as `/claims/`",
            ));
        }
    }
    config.description = e.meta.description.clone().unwrap_or_default();
    config.language = e.meta.language.clone().unwrap_or_else(|| "en".into());
    config.summary_md = e.meta.summary.clone().unwrap_or_default();
    config.publisher = match &e.meta.publisher {
        Some(p) => Publisher {
            name: f.required("name", &p.name).unwrap_or(&config.title).to_string(),
            url: f.url("url", &p.url),
        },
        None => Publisher { name: config.title.clone(), url: None },
    };
    config.corrections = e.meta.corrections.as_deref().map(str::trim).and_then(|c| {
        if is_web_url(c) || is_email(c) {
            return Some(c.to_string());
        }
        let d = e.doc.at_text("corrections", c, format!("`{c}` is neither an email address nor an http(s) URL"));
        f.report(d.help(
            "write where readers report an error, e.g. `corrections@example.org` or `https://example.org/corrections`",
        ));
        None
    });
    config
}

/// `name@host.tld` with nothing that could turn a `mailto:` link into something else.
fn is_email(value: &str) -> bool {
    let Some((user, host)) = value.split_once('@') else { return false };
    !user.is_empty()
        && host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && value.chars().all(|c| c.is_ascii_alphanumeric() || "@.-_+".contains(c))
}

fn outlet(e: &Entry<OutletMeta>, diagnostics: &mut Vec<Diagnostic>) -> Option<Outlet> {
    let mut f = Fields::new(&e.doc, diagnostics);
    let name = f.required("name", &e.meta.name);
    let url = f.url("url", &e.meta.url);
    let kind = e.meta.kind.as_deref().and_then(|k| f.vocabulary("kind", k, OutletKind::parse, OutletKind::allowed()));
    Some(Outlet {
        slug: e.slug.clone(),
        name: name?.to_string(),
        url,
        country: e.meta.country.clone(),
        kind,
        body_md: e.doc.body().to_string(),
        sources: Vec::new(),
        claims: Vec::new(),
    })
}

fn source(e: &Entry<SourceMeta>, outlets: &Index, diagnostics: &mut Vec<Diagnostic>) -> Option<Source> {
    let mut f = Fields::new(&e.doc, diagnostics);
    let outlet = f.required("outlet", &e.meta.outlet).and_then(|slug| outlets.lookup(&mut f, "outlet", slug));
    let headline = f.required("headline", &e.meta.headline);
    let published = f.required("published", &e.meta.published).and_then(|p| f.stamp("published", p));
    let url = f.url("url", &e.meta.url);
    let archived = f.url("archived", &e.meta.archived);
    Some(Source {
        slug: e.slug.clone(),
        outlet: outlet?,
        headline: headline?.to_string(),
        published: published?,
        url,
        author: e.meta.author.clone(),
        archived,
        note: e.meta.note.clone(),
        claims: Vec::new(),
    })
}

fn topic(e: &Entry<TopicMeta>, diagnostics: &mut Vec<Diagnostic>) -> Option<Topic> {
    let mut f = Fields::new(&e.doc, diagnostics);
    let title = f.required("title", &e.meta.title);
    let statement = f.required("statement", &e.meta.statement);
    Some(Topic {
        slug: e.slug.clone(),
        title: title?.to_string(),
        statement: statement?.to_string(),
        order: e.meta.order,
        body_md: e.doc.body().to_string(),
        claims: Vec::new(),
        contested: false,
        origins: Vec::new(),
        single_origin: false,
    })
}

fn claim(
    e: &Entry<ClaimMeta>,
    refs: &Refs,
    sources: &[(Source, &str)],
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
        let (source, text) = &sources[src];
        if date.is_before(&source.published) {
            let d = e.doc.at_key(
                "date",
                format!("the claim is dated {} but its source was published {}", date.iso(), source.published.iso()),
            );
            f.report(d.help("a claim cannot be made before the article that makes it: check `date` here and `published` in the source"));
        }
        if let Some(q) = quote
            && let Some(miss) = quote::check(q, text)
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
