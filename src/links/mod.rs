//! `check --links`: whether every external address the content names still leads somewhere.
//!
//! The addresses are the front matter's: each outlet's `url`, each source's `url` and `archived`,
//! each evidence entry's `url` and `archived`, each report's `url` in `echoes`, and the
//! publisher's `url` and `corrections` address in `site.yaml` (links written in the Markdown
//! bodies are not asked). Each distinct address is asked once ([`fetch`]), unless the
//! [`cache`] holds an answer less than a day old; what was found is reported at every line that
//! holds the address, in the style of the other diagnostics:
//!
//! - a page that is gone (4xx or 5xx, a host not found, no answer in time, a redirect loop) is an
//!   error, unless it has an archived copy that still works, which makes it a warning;
//! - an archived copy that is gone is an error;
//! - a permanent redirect (301, 308) is a warning naming the new address;
//! - a page that could not be asked (429 Too Many Requests) is a warning.
//!
//! Nothing here runs unless asked for: `check` and `build` never touch the network.
//! `docs/diagnostics.md` explains each message.

pub mod cache;
pub mod fetch;

use crate::diag::Diagnostic;
use crate::load::{self, Document};
use crate::resolve::is_web_url;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

pub use fetch::Fetching;

/// What asking one address found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// The page answered, perhaps after temporary redirects.
    Live,
    /// The page answered after a permanent redirect: the link should name `to`.
    Moved { to: String },
    /// The page could not be judged (the server asked to be left alone).
    Unchecked { why: String },
    /// The page is gone, or could not be reached.
    Dead { why: String },
}

impl Outcome {
    fn works(&self) -> bool {
        matches!(self, Outcome::Live | Outcome::Moved { .. })
    }
}

/// How `check --links` runs.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub fetching: Fetching,
    /// Where the cache lives; `None`: [`cache::folder`]'s choice.
    pub cache: Option<PathBuf>,
}

/// What the link check found, and how much of it came from the cache.
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Distinct addresses asked for this run, and those answered from the cache.
    pub asked: usize,
    pub cached: usize,
    /// Where the cache is, and why it could not be written, if it could not.
    pub cache_file: PathBuf,
    pub cache_problem: Option<String>,
}

/// The part an address plays, which decides how a dead one is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A page that may have an archived copy (a source's or an evidence entry's `url`).
    Original,
    /// An archived copy of the original at the given position.
    Copy,
    /// A page with no place for a copy (an outlet, a report, the publisher).
    Plain,
}

/// One address where it is written.
struct Link {
    url: String,
    role: Role,
    /// For an original, the position of its copy; for a copy, of its original.
    pair: Option<usize>,
    /// A diagnostic at the address, its message still to be said.
    at: Diagnostic,
}

/// Checks every external address of the content at `root`.
pub fn check(root: &Path, options: &Options) -> Result<Report, String> {
    let loaded = load::load(root).map_err(|e| e.0)?;
    let links = inventory(&loaded);
    let folder = options.cache.clone().unwrap_or_else(|| cache::folder(root));
    let mut cache = cache::Cache::open(&folder);
    let mut urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
    urls.sort();
    urls.dedup();
    let (known, unknown): (Vec<String>, Vec<String>) = urls.into_iter().partition(|u| cache.get(u).is_some());
    for (url, outcome) in fetch::fetch_all(&unknown, &options.fetching) {
        cache.put(url, outcome);
    }
    let cache_problem = if unknown.is_empty() { None } else { cache.save().err().map(|e| e.to_string()) };
    let outcome =
        |i: usize| cache.get(&links[i].url).cloned().unwrap_or(Outcome::Unchecked { why: "not asked".into() });
    let diagnostics =
        (0..links.len()).filter_map(|i| judge(&links[i], &outcome(i), links[i].pair.map(&outcome))).collect();
    Ok(Report {
        diagnostics,
        asked: unknown.len(),
        cached: known.len(),
        cache_file: folder.join("links.json"),
        cache_problem,
    })
}

/// What `link`, found `outcome`, says to the editor; `pair` is what its copy or original found.
fn judge(link: &Link, outcome: &Outcome, pair: Option<Outcome>) -> Option<Diagnostic> {
    let d = link.at.clone();
    let said = |d: Diagnostic, message: String, help: &str| Diagnostic { message, ..d }.help(help);
    Some(match (outcome, link.role) {
        (Outcome::Live, _) => return None,
        (Outcome::Moved { to }, _) => said(
            d,
            format!("the page has moved permanently to `{to}`"),
            "link the new address; an old one may stop redirecting at any time",
        )
        .warning(),
        (Outcome::Unchecked { why }, _) => {
            said(d, format!("the page could not be checked: {why}"), "run `claimtrack check --links` again later")
                .warning()
        }
        (Outcome::Dead { why }, Role::Copy) => said(
            d,
            format!("the archived copy is gone: {why}"),
            "check the copy's address, or save a new copy and link that",
        ),
        (Outcome::Dead { why }, Role::Original) if pair.as_ref().is_some_and(Outcome::works) => said(
            d,
            format!("the page is gone ({why}); its archived copy still works"),
            "readers reach the page through the archived copy; if the page moved, link its new address",
        )
        .warning(),
        (Outcome::Dead { why }, Role::Original) => {
            let copy = if link.pair.is_some() { "its archived copy is gone too" } else { "it has no archived copy" };
            said(
                d,
                format!("the page is gone ({why}) and {copy}"),
                "link the page's new address, or a copy of it (`archived:` and `archived_on:`, e.g. from https://web.archive.org/)",
            )
        }
        (Outcome::Dead { why }, Role::Plain) => {
            said(d, format!("the page is gone: {why}"), "link its new address, or remove the link")
        }
    })
}

/// Every external address in the front matter, where it is written.
fn inventory(loaded: &load::Loaded) -> Vec<Link> {
    let mut links = Vec::new();
    let add = |links: &mut Vec<Link>, url: Option<&str>, role: Role, at: &dyn Fn() -> Diagnostic| {
        let url = url.map(str::trim).filter(|u| is_web_url(u))?;
        links.push(Link { url: url.to_string(), role, pair: None, at: at() });
        Some(links.len() - 1)
    };
    let pair = |links: &mut Vec<Link>, original: Option<usize>, copy: Option<usize>| {
        if let (Some(o), Some(c)) = (original, copy) {
            links[o].pair = Some(c);
            links[c].pair = Some(o);
        }
    };
    if let Some(site) = &loaded.site {
        let doc = &site.doc;
        if let Some(publisher) = &site.meta.publisher {
            for value in [&publisher.url, &publisher.corrections] {
                let url = value.as_deref();
                add(&mut links, url, Role::Plain, &|| doc.at_text("publisher", url.unwrap_or_default().trim(), ""));
            }
        }
        let url = site.meta.corrections.as_deref();
        add(&mut links, url, Role::Plain, &|| doc.at_text("corrections", url.unwrap_or_default().trim(), ""));
    }
    for e in &loaded.outlets {
        add(&mut links, e.meta.url.as_deref(), Role::Plain, &|| e.doc.at_key("url", ""));
    }
    for e in &loaded.sources {
        let original = add(&mut links, e.meta.url.as_deref(), Role::Original, &|| e.doc.at_key("url", ""));
        let copy = add(&mut links, e.meta.archived.as_deref(), Role::Copy, &|| e.doc.at_key("archived", ""));
        pair(&mut links, original, copy);
    }
    for e in &loaded.claims {
        let doc: &Document = &e.doc;
        for (n, ev) in e.meta.evidence.iter().enumerate() {
            let at = |key: &'static str| move || doc.at_item("evidence", n, Some(key), "");
            let original = add(&mut links, ev.url.as_deref(), Role::Original, &at("url"));
            let copy = add(&mut links, ev.archived.as_deref(), Role::Copy, &at("archived"));
            pair(&mut links, original, copy);
        }
        for (n, echo) in e.meta.echoes.iter().enumerate() {
            if let load::meta::EchoMeta::Report(report) = echo {
                add(&mut links, report.url.as_deref(), Role::Plain, &|| doc.at_item("echoes", n, Some("url"), ""));
            }
        }
    }
    links
}
