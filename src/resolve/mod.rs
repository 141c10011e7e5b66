//! Resolve: check every value and reference, and link the raw entries into the [`Site`] model.
//!
//! Every problem becomes a diagnostic; an entry with an error is still resolved as far as it can be
//! so that the editor sees all problems in one run. Derived data (a topic's claims, echo roots,
//! contested and single-origin flags) is computed in [`links`].

mod aliases;
mod archives;
mod claims;
mod copying;
mod desk;
mod drafts;
mod echoes;
mod evidence;
mod fields;
mod links;
pub mod quote;
mod versions;

pub use claims::SUMMARY_MAX;
pub use drafts::{count as drafts, published};

pub use fields::{base_url_problem, is_valid_slug, is_web_url, suggested_slug};
pub(crate) use links::link;

use crate::diag::Diagnostic;
use crate::load::meta::*;
use crate::load::{Entry, Loaded};
use crate::model::*;
use fields::Fields;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The resolved site and every problem found on the way.
pub struct Resolved {
    pub site: Site,
    pub diagnostics: Vec<Diagnostic>,
}

/// What one resolve keeps for the next, in `serve`: each article text folded for the quote checks,
/// and its words for the copying check, by the text's hash. An edit to a claim then folds no
/// article again (at 10,000 claims that was a quarter of the resolve).
#[derive(Default)]
pub struct Cache {
    keep: bool,
    folded: HashMap<u64, Arc<str>>,
    copying: copying::Kept,
    /// Each claim as [`claims::claim`] resolved it, with its problems, by the hash of all it was
    /// resolved from ([`claim_keys`]): an edit to one claim resolves that claim alone.
    claims: HashMap<u64, Arc<ClaimChecked>>,
}

/// A resolved source and its versions' texts, the body first.
type SourceTexts<'t> = (Source, Vec<&'t str>);

/// One claim resolved, if it could be, and the problems found in its file; and its quote folded
/// as the quote checks fold it, for the desk's review.
type ClaimChecked = (Option<(claims::WithReports, String)>, Vec<Diagnostic>);

impl Cache {
    /// A cache that keeps each resolve's texts for the next: `serve`'s.
    pub fn keeping() -> Cache {
        Cache { keep: true, ..Cache::default() }
    }
}

/// The key of an article's text in [`Cache`].
fn text_key(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

pub fn resolve(loaded: &Loaded) -> Resolved {
    resolve_with(loaded, &mut Cache::default())
}

/// [`resolve`], folding only the article texts `cache` does not hold, and leaving it with this
/// resolve's texts if it keeps them.
pub fn resolve_with(loaded: &Loaded, cache: &mut Cache) -> Resolved {
    let Loaded { site, outlets, sources, topics, claims, version_texts, diagnostics, broken } = loaded;
    let mut diagnostics = diagnostics.clone();
    let config = site_config(site.as_ref(), &mut diagnostics);
    check_slugs(outlets, "outlet", &mut diagnostics);
    check_slugs(sources, "source", &mut diagnostics);
    check_slugs(topics, "topic", &mut diagnostics);
    check_slugs(claims, "claim", &mut diagnostics);
    let with_body =
        outlets.iter().map(|e| &e.doc).chain(topics.iter().map(|e| &e.doc)).chain(claims.iter().map(|e| &e.doc));
    let docs: Vec<(&crate::load::Document, bool)> =
        with_body.map(|d| (d, true)).chain(sources.iter().map(|e| (&e.doc, false))).collect();
    let found: Vec<Vec<Diagnostic>> = docs.par_iter().map(|(doc, body)| fields::placeholders(doc, *body)).collect();
    diagnostics.extend(found.into_iter().flatten());

    if config.warn_unarchived {
        diagnostics.extend(archives::unarchived(sources, claims));
    }

    let resolved_outlets: Vec<Outlet> = outlets.iter().filter_map(|e| outlet(e, &mut diagnostics)).collect();
    let outlet_index = Index::new("outlet", resolved_outlets.iter().map(|o| o.slug.as_str()), outlets, &broken.outlets);
    // Side by side, each with its own problems, added in the files' order.
    let checked: Vec<(Option<SourceTexts>, Vec<Diagnostic>)> = sources
        .par_iter()
        .zip(version_texts)
        .map(|(e, texts)| {
            let mut found = Vec::new();
            (source(e, texts, &outlet_index, &mut found), found)
        })
        .collect();
    let mut resolved_sources: Vec<SourceTexts> = Vec::with_capacity(checked.len());
    for (source, mut found) in checked {
        diagnostics.append(&mut found);
        resolved_sources.extend(source);
    }
    let source_index =
        Index::new("source", resolved_sources.iter().map(|(s, _)| s.slug.as_str()), sources, &broken.sources);
    let resolved_topics: Vec<Topic> = topics.iter().filter_map(|e| topic(e, &mut diagnostics)).collect();
    let topic_index = Index::new("topic", resolved_topics.iter().map(|t| t.slug.as_str()), topics, &broken.topics);
    let claim_index = Index::new("claim", claims.iter().map(|c| c.slug.as_str()), claims, &broken.claims);

    let refs = Refs { sources: &source_index, topics: &topic_index, claims: &claim_index };
    // Each version of an article is folded once for the quote checks, not once per claim that
    // quotes it; a cache that keeps them folds again only a text whose hash it does not hold.
    let keys: Vec<Vec<u64>> = match cache.keep {
        true => resolved_sources.par_iter().map(|(_, texts)| texts.iter().map(|t| text_key(t)).collect()).collect(),
        false => Vec::new(),
    };
    let last = std::mem::take(&mut cache.folded);
    let folded: Vec<Vec<Arc<str>>> = resolved_sources
        .par_iter()
        .enumerate()
        .map(|(s, (_, texts))| {
            let kept = |v: usize| keys.get(s).and_then(|k| last.get(&k[v])).cloned();
            texts.iter().enumerate().map(|(v, t)| kept(v).unwrap_or_else(|| quote::fold(t).into())).collect()
        })
        .collect();
    drop(last);
    if cache.keep {
        cache.folded = keys.iter().flatten().copied().zip(folded.iter().flatten().cloned()).collect();
    }
    let changes: Vec<Vec<Change>> = resolved_sources
        .par_iter()
        .zip(&folded)
        .map(
            |((s, texts), folded)| {
                if s.versions.len() > 1 { versions::changes(&s.versions, texts, folded) } else { Vec::new() }
            },
        )
        .collect();
    let claim_keys = match cache.keep {
        true => claim_keys(loaded, (&resolved_sources, &keys), (&resolved_outlets, &resolved_topics), &source_index),
        false => Vec::new(),
    };
    let last = std::mem::take(&mut cache.claims);
    let checked: Vec<Arc<ClaimChecked>> = claims
        .par_iter()
        .enumerate()
        .map(|(i, entry)| {
            if let Some(kept) = claim_keys.get(i).and_then(|k| last.get(k)) {
                return Arc::clone(kept);
            }
            let mut found = Vec::new();
            let claim = claims::claim(entry, &refs, &resolved_sources, &folded, &mut found);
            let quoted = |c: claims::WithReports| {
                let words = quote::fold(&c.0.quote).trim().to_string();
                (c, words)
            };
            Arc::new((claim.map(quoted), found))
        })
        .collect();
    drop(last);
    if cache.keep {
        cache.claims = claim_keys.iter().copied().zip(checked.iter().cloned()).collect();
    }
    // A claim the cache holds is copied out of it; without a cache, each is taken as it is.
    let checked: Vec<ClaimChecked> = match cache.keep {
        true => checked.par_iter().map(|c| ClaimChecked::clone(c)).collect(),
        false => checked.into_iter().map(|c| Arc::try_unwrap(c).unwrap_or_else(|c| ClaimChecked::clone(&c))).collect(),
    };
    let mut resolved_claims = Vec::with_capacity(claims.len());
    let mut reports: Vec<Report> = Vec::new();
    let mut report_index: HashMap<String, usize> = HashMap::new();
    let mut quotes = Vec::with_capacity(claims.len());
    let mut survivors: HashMap<&str, usize> = HashMap::with_capacity(claims.len());
    for (i, (claim, mut found)) in checked.into_iter().enumerate() {
        diagnostics.append(&mut found);
        let Some(((mut claim, named), words)) = claim else { continue };
        survivors.insert(claims[i].slug.as_str(), resolved_claims.len());
        quotes.push(words);
        // The same report named by several claims is one report, one root.
        for report in named {
            let i = *report_index.entry(report.key()).or_insert_with(|| {
                reports.push(report);
                reports.len() - 1
            });
            if !claim.reports.contains(&i) {
                claim.reports.push(i);
            }
        }
        resolved_claims.push(claim);
    }
    // Claims dropped for errors shift indices: echoes were resolved against the file list, so map
    // them onto the surviving claims.
    for c in &mut resolved_claims {
        c.echoes = c.echoes.iter().filter_map(|i| survivors.get(claims[*i].slug.as_str()).copied()).collect();
    }

    let (kept, texts): (Vec<Source>, Vec<&str>) = resolved_sources.into_iter().map(|(s, texts)| (s, texts[0])).unzip();
    let mut site = Site {
        config,
        outlets: resolved_outlets,
        sources: kept,
        topics: resolved_topics,
        claims: resolved_claims,
        reports,
    };
    let source_docs: HashMap<&str, &crate::load::Document> =
        sources.iter().map(|e| (e.slug.as_str(), &e.doc)).collect();
    diagnostics.extend(versions::report(&mut site, changes, &source_docs));
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
    let topic_docs: HashMap<&str, &crate::load::Document> = topics.iter().map(|e| (e.slug.as_str(), &e.doc)).collect();
    let outlet_docs: HashMap<&str, &crate::load::Document> =
        outlets.iter().map(|e| (e.slug.as_str(), &e.doc)).collect();
    // The reviews only read the site: side by side (the copying check alone is a third of the
    // resolve at 10,000 claims), their findings kept in this order.
    // Each article's own text is its first version's: its key, for the copying check's cache.
    let first_keys: Vec<u64> = keys.iter().map(|k| k[0]).collect();
    let copied = std::sync::Mutex::new(None);
    let kept = cache.keep.then_some(&cache.copying);
    let reviews: [&(dyn Fn() -> Vec<Diagnostic> + Sync); 4] = [
        &|| {
            let (found, next) = copying::suggest(&site, &texts, &first_keys, &docs, kept);
            *copied.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = next;
            found
        },
        &|| desk::review(&site, &topic_docs, &docs, &quotes),
        &|| drafts::review(&site, &docs),
        &|| aliases::review(&site, [&outlet_docs, &source_docs, &topic_docs, &docs]),
    ];
    let found: Vec<Vec<Diagnostic>> = reviews.par_iter().map(|review| review()).collect();
    diagnostics.extend(found.into_iter().flatten());
    if let Some(next) = copied.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        cache.copying = next;
    }
    Resolved { site, diagnostics }
}

/// Each claim's key in [`Cache::claims`]: the hash of everything [`claims::claim`] reads. That is
/// the claim's file; the article it names, as resolved (its file, the texts of its versions); and
/// what every claim's references are looked up in: the slugs of each kind, in order, resolved or
/// not. A file of any kind added, removed or renamed changes every key.
fn claim_keys(
    loaded: &Loaded,
    (sources, texts): (&[SourceTexts], &[Vec<u64>]),
    (outlets, topics): (&[Outlet], &[Topic]),
    source_index: &Index,
) -> Vec<u64> {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    let broken = &loaded.broken;
    slugs_key(&mut h, outlets.iter().map(|o| o.slug.as_str()), &file_slugs(&loaded.outlets), &broken.outlets);
    slugs_key(&mut h, sources.iter().map(|(s, _)| s.slug.as_str()), &file_slugs(&loaded.sources), &broken.sources);
    slugs_key(&mut h, topics.iter().map(|t| t.slug.as_str()), &file_slugs(&loaded.topics), &broken.topics);
    let claim_files = file_slugs(&loaded.claims);
    slugs_key(&mut h, claim_files.iter().copied(), &claim_files, &broken.claims);
    let global = h.finish();
    // Each resolved article: its file's front matter, and its versions' texts by their keys. A
    // slug is resolved from its first file (a second one is an error).
    let docs: HashMap<&str, &crate::load::Document> =
        loaded.sources.iter().rev().map(|e| (e.slug.as_str(), &e.doc)).collect();
    let articles: Vec<u64> = sources
        .iter()
        .zip(texts)
        .map(|((s, _), keys)| {
            let doc = docs.get(s.slug.as_str()).map(|d| (&d.path, d.front()));
            key_of((&s.slug, doc, keys))
        })
        .collect();
    loaded
        .claims
        .par_iter()
        .map(|e| {
            let article = e.meta.source.as_deref().map(str::trim).and_then(|s| source_index.resolved.get(s));
            // The load's hash of the file's bytes, when it kept one; else the text's.
            let file = if e.hash != 0 { e.hash } else { text_key(&e.doc.text) };
            key_of((global, &e.slug, &e.doc.path, file, article.map(|a| articles[*a])))
        })
        .collect()
}

fn file_slugs<M>(entries: &[Entry<M>]) -> Vec<&str> {
    entries.iter().map(|e| e.slug.as_str()).collect()
}

/// Hashes the slugs of one kind as [`Index`] holds them: those that resolved, in order, every
/// file's, and those of the files that could not be read.
fn slugs_key<'a>(
    h: &mut impl std::hash::Hasher,
    resolved: impl Iterator<Item = &'a str>,
    files: &[&str],
    broken: &HashSet<String>,
) {
    use std::hash::Hash;
    resolved.collect::<Vec<_>>().hash(h);
    files.hash(h);
    let mut broken: Vec<&String> = broken.iter().collect();
    broken.sort_unstable();
    broken.hash(h);
}

/// The hash of a few values together, as the render's memo takes them (`render::memo::mix`).
fn key_of(value: impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut h = xxhash_rust::xxh3::Xxh3Default::new();
    value.hash(&mut h);
    h.finish()
}

pub(super) struct Refs<'a> {
    pub sources: &'a Index<'a>,
    pub topics: &'a Index<'a>,
    pub claims: &'a Index<'a>,
}

/// The slugs of one kind that a reference may name: those that resolved, by position, and those
/// whose files exist but have errors of their own (a reference to one is not reported again).
pub(super) struct Index<'a> {
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
    pub(super) fn lookup(&self, f: &mut Fields, key: &str, slug: &str) -> Option<usize> {
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

/// How many entries the Atom feeds carry when `site.yaml` does not say: enough for a reader who
/// checks weekly on a busy story, small enough (about 100 KB) for any feed reader to fetch.
pub const FEED_ENTRIES: usize = 100;

/// What a base URL looks like, for `base_url` in `site.yaml` and for `--base-url`.
pub const BASE_URL_HELP: &str =
    "use the site's public address, e.g. `https://example.org/claims/`, or a path such as `/claims/`";

fn site_config(entry: Option<&Entry<SiteMeta>>, diagnostics: &mut Vec<Diagnostic>) -> SiteConfig {
    let mut config = SiteConfig {
        title: "claimtrack".into(),
        description: String::new(),
        base_url: "/".into(),
        language: "en".into(),
        summary_md: String::new(),
        publisher: Publisher { name: "claimtrack".into(), ..Publisher::default() },
        corrections: None,
        reviewed: None,
        version_threshold: 0,
        feed_entries: FEED_ENTRIES,
        warn_unarchived: true,
        page_size: crate::model::PAGE_SIZE,
    };
    let Some(e) = entry else { return config };
    let mut f = Fields::new(&e.doc, diagnostics);
    if let Some(t) = f.required("title", &e.meta.title) {
        config.title = t.to_string();
    }
    if let Some(url) = e.meta.base_url.as_deref().map(str::trim) {
        match base_url_problem(url) {
            None => config.base_url = url.to_string(),
            Some(why) => {
                let d = e.doc.at_key("base_url", format!("`{}` is not a valid base URL: {why}", url.escape_debug()));
                f.report(d.help(BASE_URL_HELP));
            }
        }
    }
    config.description = e.meta.description.clone().unwrap_or_default();
    config.language = e.meta.language.clone().unwrap_or_else(|| "en".into());
    config.summary_md = e.meta.summary.clone().unwrap_or_default();
    let publisher = e.meta.publisher.as_ref();
    let name = publisher.and_then(|p| p.name.as_deref()).map(str::trim).filter(|n| !n.is_empty());
    config.publisher = Publisher {
        name: name.unwrap_or(&config.title).to_string(),
        named: name.is_some(),
        url: publisher.and_then(|p| f.url("url", &p.url)),
        funding: publisher.and_then(|p| p.funding.as_deref()).map(str::trim).filter(|t| !t.is_empty()).map(Into::into),
    };
    config.reviewed = e.meta.reviewed.as_deref().and_then(|r| f.stamp("reviewed", r));
    if let Some(text) = e.meta.version_change_threshold.as_deref().map(str::trim) {
        match text.parse::<usize>() {
            Ok(n) => config.version_threshold = n,
            Err(_) => {
                let d = e.doc.at_key("version_change_threshold", format!("`{text}` is not a whole number"));
                f.report(
                    d.help("give how many characters a change between versions must touch to be reported, e.g. `20`"),
                );
            }
        }
    }
    if let Some(text) = e.meta.feed_entries.as_deref().map(str::trim) {
        match text.parse::<usize>() {
            Ok(n) if n > 0 => config.feed_entries = n,
            _ => {
                let d = e.doc.at_key("feed_entries", format!("`{text}` is not a whole number from 1"));
                f.report(d.help(format!(
                    "give how many entries, the newest, each Atom feed carries, e.g. `{FEED_ENTRIES}` (the default)"
                )));
            }
        }
    }
    config.warn_unarchived = e.meta.warn_unarchived.unwrap_or(true);
    if let Some(text) = e.meta.page_size.as_deref().map(str::trim) {
        match text.parse::<usize>() {
            Ok(n) if n > 0 => config.page_size = n,
            _ => {
                let d = e.doc.at_key("page_size", format!("`{text}` is not a whole number of at least 1"));
                f.report(d.help("give how many claims one page of a list shows, e.g. `100`"));
            }
        }
    }
    let corrections = publisher.and_then(|p| p.corrections.as_deref()).or(e.meta.corrections.as_deref());
    config.corrections = corrections.map(str::trim).and_then(|c| {
        if is_web_url(c) || is_email(c) {
            return Some(c.to_string());
        }
        let key = if publisher.is_some_and(|p| p.corrections.is_some()) { "publisher" } else { "corrections" };
        let d = e.doc.at_text(key, c, format!("`{c}` is neither an email address nor an http(s) URL"));
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
    let kind = e.meta.kind.as_deref().and_then(|k| f.vocabulary("kind", k, OutletKind::parse, OutletKind::allowed));
    Some(Outlet {
        slug: e.slug.clone(),
        name: name?.to_string(),
        url,
        country: e.meta.country.clone(),
        kind,
        body_md: e.doc.body().to_string(),
        aliases: e.meta.aliases.clone(),
        sources: Vec::new(),
        claims: Vec::new(),
    })
}

/// The source and its versions' texts, the body first.
fn source<'t>(
    e: &'t Entry<SourceMeta>,
    texts: &'t [Option<String>],
    outlets: &Index,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(Source, Vec<&'t str>)> {
    let mut f = Fields::new(&e.doc, diagnostics);
    let outlet = f.required("outlet", &e.meta.outlet).and_then(|slug| outlets.lookup(&mut f, "outlet", slug));
    let headline = f.required("headline", &e.meta.headline);
    let published = f.required("published", &e.meta.published).and_then(|p| f.stamp("published", p));
    let url = f.url("url", &e.meta.url);
    let archived = f.url("archived", &e.meta.archived);
    let archived_on = archives::captured(
        &mut f,
        archives::Place::Source,
        archived.as_deref(),
        e.meta.archived_on.as_deref(),
        published,
    );
    // Without a publication date the later versions are still checked, against none.
    let first = Version {
        captured: published.unwrap_or(Stamp::Day(chrono::NaiveDate::MIN)),
        from: url.clone(),
        archived: archived.clone(),
        headline: headline.unwrap_or_default().to_string(),
        item: None,
    };
    let (versions, bodies) = versions::versions(e, first, e.doc.body(), texts, &mut f);
    let source = Source {
        slug: e.slug.clone(),
        outlet: outlet?,
        headline: headline?.to_string(),
        published: published?,
        url,
        author: e.meta.author.clone(),
        archived,
        archived_on,
        note: e.meta.note.clone(),
        aliases: e.meta.aliases.clone(),
        claims: Vec::new(),
        versions,
        changes: Vec::new(),
    };
    Some((source, bodies))
}

fn topic(e: &Entry<TopicMeta>, diagnostics: &mut Vec<Diagnostic>) -> Option<Topic> {
    let mut f = Fields::new(&e.doc, diagnostics);
    let title = f.required("title", &e.meta.title);
    let statement = f.required("statement", &e.meta.statement);
    let conclusion = e.meta.conclusion.as_deref().map(str::trim);
    if conclusion == Some("") {
        let d = e.doc.at_key_name("conclusion", "`conclusion` is empty");
        f.report(d.help("say in one or two sentences what the record now shows about the statement"));
    }
    let reviewed = e.meta.reviewed.as_deref().and_then(|r| f.stamp("reviewed", r));
    Some(Topic {
        slug: e.slug.clone(),
        title: title?.to_string(),
        statement: statement?.to_string(),
        order: e.meta.order,
        body_md: e.doc.body().to_string(),
        conclusion: conclusion.filter(|c| !c.is_empty()).map(str::to_string),
        reviewed,
        draft: e.meta.draft.unwrap_or(false),
        aliases: e.meta.aliases.clone(),
        claims: Vec::new(),
        contested: false,
        origins: Vec::new(),
        single_origin: false,
        anonymous_origin: false,
    })
}
