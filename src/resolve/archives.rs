//! Archived copies: when each was captured (`archived_on`, or the capture time a Wayback Machine
//! address carries), and the warning on a source or evidence link that has none.
//!
//! A copy is what a reader still has when the page it stands for changes or dies; the site marks
//! the pair with Robust Links attributes (`render::views`), and `check --links` (`crate::links`)
//! tells a dead original with a live copy from one with none. The warning can be turned off with
//! `warn_unarchived: false` in `site.yaml`; `docs/diagnostics.md` explains each message here.

use super::fields::Fields;
use crate::diag::Diagnostic;
use crate::load::Entry;
use crate::load::meta::{ClaimMeta, SourceMeta};
use crate::model::Stamp;
use chrono::NaiveDateTime;
use rayon::prelude::*;

/// Where an `archived_on` is written: a source's own key, or a key of item `n` of a claim's
/// `evidence`.
#[derive(Clone, Copy)]
pub(super) enum Place {
    Source,
    Evidence(usize),
}

impl Place {
    fn at(self, f: &Fields, key: &str, message: String) -> Diagnostic {
        match self {
            Place::Source => f.doc.at_key(key, message),
            Place::Evidence(n) => f.doc.at_item("evidence", n, Some(key), message),
        }
    }

    /// The key a date of this place is located by ([`Fields::stamp`]).
    fn stamp_key(self) -> &'static str {
        match self {
            Place::Source => "archived_on",
            Place::Evidence(_) => "evidence",
        }
    }
}

/// When the copy at `archived` was captured: `archived_on` as written, else the time in a Wayback
/// Machine address. `linked_on` is the date of the page it copies, which a capture cannot precede.
pub(super) fn captured(
    f: &mut Fields,
    place: Place,
    archived: Option<&str>,
    archived_on: Option<&str>,
    linked_on: Option<Stamp>,
) -> Option<Stamp> {
    let Some(text) = archived_on.map(str::trim) else { return archived.and_then(wayback_time) };
    let on = f.stamp(place.stamp_key(), text)?;
    if archived.is_none() {
        let d = place.at(f, "archived_on", "`archived_on` dates an archived copy, but there is no `archived`".into());
        f.report(d.help("add `archived:` with the address of the copy, or remove `archived_on`"));
        return None;
    }
    if let Some(page) = linked_on
        && on.is_before(&page)
    {
        let message = format!("the archived copy is dated {}, before the page it copies ({})", on.iso(), page.iso());
        let d = place.at(f, "archived_on", message);
        f.report(d.help("a copy is captured on or after the day of the page: check `archived_on`"));
    }
    Some(on)
}

/// The capture time in a Wayback Machine address (`https://web.archive.org/web/20251028093000/...`,
/// in UTC), if it has one.
pub(crate) fn wayback_time(url: &str) -> Option<Stamp> {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"))?;
    let path = rest.strip_prefix("web.archive.org/web/").or_else(|| rest.strip_prefix("wayback.archive.org/web/"))?;
    let digits: String = path.chars().take_while(char::is_ascii_digit).collect();
    let time = NaiveDateTime::parse_from_str(digits.get(..14)?, "%Y%m%d%H%M%S").ok()?;
    Some(Stamp::Moment(time.and_utc().fixed_offset()))
}

/// What to do about a link without a copy, said the same for sources and evidence.
const HELP: &str = "save a copy (e.g. at https://web.archive.org/save) and add `archived:` with its address and `archived_on:` with its capture date; `warn_unarchived: false` in content/site.yaml turns this warning off";

/// A warning for every source and evidence link that has no archived copy.
pub(super) fn unarchived(sources: &[Entry<SourceMeta>], claims: &[Entry<ClaimMeta>]) -> Vec<Diagnostic> {
    let has = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let mut found: Vec<Diagnostic> = sources
        .iter()
        .filter(|e| has(&e.meta.url) && !has(&e.meta.archived))
        .map(|e| e.doc.at_key("url", "the article has no archived copy").warning().help(HELP))
        .collect();
    found.par_extend(claims.par_iter().flat_map_iter(|e| {
        e.meta.evidence.iter().enumerate().filter(|(_, ev)| has(&ev.url) && !has(&ev.archived)).map(|(n, _)| {
            e.doc.at_item("evidence", n, Some("url"), "this evidence has no archived copy").warning().help(HELP)
        })
    }));
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wayback_address_gives_its_capture_time() {
        let at = wayback_time("https://web.archive.org/web/20251028093005/https://example.org/a").unwrap();
        assert_eq!(at.iso(), "2025-10-28T09:30:05+00:00");
        assert!(wayback_time("https://web.archive.org/web/20251028093005id_/https://example.org/a").is_some());
        assert_eq!(wayback_time("https://web.archive.org/web/2025/https://example.org/a"), None);
        assert_eq!(wayback_time("https://archive.ph/AbCdE"), None);
    }
}
