//! What readers see of a source's versions: the list of captures with their archive links, each
//! reported change as the sentences it removed and added (never the whole text), and beside a
//! claim's quote what later became of it. The wording lives here, once, for the pages, the feed
//! and `claims.json` alike; templates only lay it out.

use super::routes::Routes;
use super::views::DateView;
use crate::model::{Change, Claim, Source};
use serde::Serialize;

#[derive(Serialize)]
pub struct VersionView {
    /// The anchor on the source page: `version-1` for the body, as published.
    pub id: String,
    pub captured: DateView,
    /// "As published", "Version 2", ...
    pub label: String,
    pub from: Option<String>,
    pub archived: Option<String>,
    pub headline: String,
}

#[derive(Serialize)]
pub struct ChangeView {
    /// The anchor on the source page, named after the later version: `change-2`.
    pub id: String,
    /// When the later version was captured, and the one before it.
    pub captured: DateView,
    pub since: DateView,
    pub label: String,
    pub headline: Option<HeadlineView>,
    pub removed: Vec<String>,
    pub added: Vec<String>,
}

#[derive(Serialize)]
pub struct HeadlineView {
    pub was: String,
    pub now: String,
}

/// Beside a claim's quote: the article's latest version no longer has it.
#[derive(Serialize, Hash)]
pub struct QuoteLaterView {
    /// "The version of the article captured 4 Mar 2025 removed this quote."
    pub text: String,
    /// The change on the source page.
    pub link: String,
}

/// The versions of a source, or none when it has only the one it was published as.
pub fn versions(source: &Source) -> Vec<VersionView> {
    if source.versions.len() < 2 {
        return Vec::new();
    }
    source
        .versions
        .iter()
        .enumerate()
        .map(|(k, v)| VersionView {
            id: format!("version-{}", k + 1),
            captured: (&v.captured).into(),
            label: label(k),
            from: v.from.clone(),
            archived: v.archived.clone(),
            headline: v.headline.clone(),
        })
        .collect()
}

pub fn changes(source: &Source) -> Vec<ChangeView> {
    source.changes.iter().map(|c| change(source, c)).collect()
}

fn change(source: &Source, c: &Change) -> ChangeView {
    ChangeView {
        id: anchor(c.version),
        captured: (&source.versions[c.version].captured).into(),
        since: (&source.versions[c.version - 1].captured).into(),
        label: label(c.version),
        headline: c.headline.as_ref().map(|(was, now)| HeadlineView { was: was.clone(), now: now.clone() }),
        removed: c.removed.clone(),
        added: c.added.clone(),
    }
}

/// The anchor of the change that made version `k` (from 0).
pub fn anchor(k: usize) -> String {
    format!("change-{}", k + 1)
}

fn label(k: usize) -> String {
    if k == 0 { "As published".into() } else { format!("Version {}", k + 1) }
}

pub fn quote_later(claim: &Claim, source: &Source, routes: &Routes) -> Option<QuoteLaterView> {
    let later = claim.quote_later.as_ref()?;
    let when = source.versions[later.version].captured.human();
    let text = match &later.now {
        Some(now) => format!("The version of the article captured {when} changed this quote; it now reads: “{now}”"),
        None => format!("The version of the article captured {when} removed this quote."),
    };
    Some(QuoteLaterView {
        text,
        link: format!("{}#{}", routes.link(&Routes::source(&source.slug)), anchor(later.version)),
    })
}

/// A change in one line, for the feed: what it did to the headline and how many sentences it took
/// away or added, then the removed sentences.
pub fn summary(source: &Source, c: &Change, claims: &[&Claim]) -> String {
    let mut parts = Vec::new();
    if let Some((was, now)) = &c.headline {
        parts.push(format!("The headline “{was}” became “{now}”."));
    }
    let count = |n: usize| if n == 1 { "1 sentence".to_string() } else { format!("{n} sentences") };
    if !c.removed.is_empty() || !c.added.is_empty() {
        parts.push(format!("{} removed, {} added.", count(c.removed.len()), count(c.added.len())));
    }
    for s in &c.removed {
        parts.push(format!("Removed: “{s}”"));
    }
    for s in &c.added {
        parts.push(format!("Added: “{s}”"));
    }
    if !claims.is_empty() {
        let titles: Vec<&str> = claims.iter().map(|c| c.title.as_str()).collect();
        parts.push(format!("Claims whose quote it changed or removed: {}.", titles.join("; ")));
    }
    let when = source.versions[c.version].captured.human();
    format!("The version captured {when}: {}", parts.join(" "))
}
