//! Source versions: the captures of an article an editor keeps as outlets edit it, and what
//! changed between each capture and the next.
//!
//! The source's body is the first version (as published); each `versions` entry is a later one,
//! with its text in a file beside the source (read by `load`). Two consecutive versions are
//! compared with the quote checks' folding ([`super::quote::fold`]), so that spacing, line breaks,
//! quote marks, dashes and Unicode normalisation are never changes; what is left is compared
//! sentence by sentence, and a change is the sentences removed and added. Only those sentences
//! are ever published: the article's text is not.
//!
//! The sentence diff is `similar`'s (Myers' algorithm, with a deadline so that two very long,
//! wholly different texts cannot stall a run; past it the diff is coarser, never wrong). Splitting
//! into sentences is written here: it only has to cut both versions the same way, at a full stop,
//! question or exclamation mark followed by a space, or at a paragraph break (a heading line has no
//! full stop), which a general sentence segmenter would do no better for this purpose.

use super::fields::Fields;
use super::quote;
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::load::Entry;
use crate::load::meta::SourceMeta;
use crate::model::{Change, QuoteLater, Site, Stamp, Version};
use similar::{Algorithm, DiffTag};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long one sentence or word diff may take before it settles for a coarser answer.
const DEADLINE: Duration = Duration::from_secs(2);

/// How close a passage of a later version must be to a quote, by normalised edit distance, to
/// count as the quote reworded rather than removed.
const REWORDED: f64 = 0.7;

/// The source's versions and their texts: the body first (`first`, with `body`), then each
/// `versions` entry whose values and text are sound. An entry with a problem is reported and left
/// out.
pub(super) fn versions<'t>(
    e: &Entry<SourceMeta>,
    first: Version,
    body: &'t str,
    texts: &'t [Option<String>],
    f: &mut Fields,
) -> (Vec<Version>, Vec<&'t str>) {
    let mut versions = vec![first];
    let mut bodies = vec![body];
    for (k, v) in e.meta.versions.iter().enumerate() {
        let doc = f.doc;
        let captured = match v.captured.as_deref().map(str::trim) {
            None | Some("") => {
                let d = doc.at_item("versions", k, None, "a version needs `captured`: when it was captured");
                f.report(d.help("add `captured: 2025-10-30T09:00:00+00:00` (a date alone will do)"));
                None
            }
            Some(text) => {
                let stamp = Stamp::parse(text);
                if stamp.is_none() {
                    let d = doc.at_item("versions", k, Some("captured"), format!("`{text}` is not a valid date"));
                    f.report(d.help("write a date as `2025-10-28`, or a date and time as `2025-10-28T12:19:00+05:30`"));
                }
                stamp
            }
        };
        let from = match v.from.as_deref().map(str::trim) {
            None | Some("") => {
                let d = doc.at_item("versions", k, None, "a version needs `from`: where it was captured");
                f.report(d.help("add `from:` with the article's live URL or the archive it was copied from"));
                None
            }
            Some(url) => link(f, k, "from", url),
        };
        let archived = v.archived.as_deref().map(str::trim).and_then(|url| link(f, k, "archived", url));
        if let Some(captured) = captured
            && let Some(before) = versions.last()
            && captured.is_before(&before.captured)
        {
            let what = if versions.len() == 1 { "the article was published" } else { "the version listed before it" };
            let d = doc.at_item(
                "versions",
                k,
                Some("captured"),
                format!("this version was captured {}, before {what} ({})", captured.iso(), before.captured.iso()),
            );
            f.report(d.help("list versions oldest first: the source's own text is the first, as published"));
            continue;
        }
        let (Some(captured), Some(from), Some(text)) = (captured, from, texts.get(k).and_then(Option::as_deref)) else {
            continue;
        };
        let title = v.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
        let headline =
            title.map_or_else(|| versions.last().map_or_else(String::new, |p| p.headline.clone()), str::to_string);
        versions.push(Version { captured, from: Some(from), archived, headline, item: Some(k) });
        bodies.push(text);
    }
    (versions, bodies)
}

fn link(f: &mut Fields, k: usize, field: &str, url: &str) -> Option<String> {
    if super::is_web_url(url) {
        return Some(url.to_string());
    }
    let d = f.doc.at_item("versions", k, Some(field), format!("`{url}` is not an http(s) URL"));
    f.report(d.help("links must start with `https://` or `http://`"));
    None
}

/// The version current at `date`: the latest one captured that day or before (the first when
/// every later capture is after it).
pub(super) fn current(versions: &[Version], date: &Stamp) -> usize {
    versions.iter().rposition(|v| !date.is_before(&v.captured)).unwrap_or(0)
}

/// What became of `quote`, found in version `current` (of the folded `texts`), when the latest
/// version no longer has it.
pub(super) fn later(quote_text: &str, texts: &[Arc<str>], current: usize) -> Option<QuoteLater> {
    let last = texts.len().checked_sub(1)?;
    if current >= last || quote::occurs(quote_text, &texts[last]) {
        return None;
    }
    let version = (current + 1..=last).find(|k| !quote::occurs(quote_text, &texts[*k])).unwrap_or(last);
    let folded = quote::fold(quote_text);
    let now = quote::check_folded(quote_text, &texts[version])
        .and_then(|miss| miss.closest)
        .filter(|passage| strsim::normalized_levenshtein(folded.trim(), passage) >= REWORDED);
    Some(QuoteLater { version, now })
}

/// Every change between consecutive versions, whatever its size (`resolve` leaves out those
/// below the threshold). `texts` are the versions' texts as written, `folded` the same folded.
pub(super) fn changes(versions: &[Version], texts: &[&str], folded: &[Arc<str>]) -> Vec<Change> {
    let mut changes = Vec::new();
    for k in 1..versions.len().min(texts.len()) {
        let (was, now) = (&versions[k - 1].headline, &versions[k].headline);
        let (was_key, now_key) = (quote::fold(was), quote::fold(now));
        let headline = (was_key.trim() != now_key.trim()).then(|| (was.clone(), now.clone()));
        if headline.is_none() && folded[k - 1] == folded[k] {
            continue;
        }
        let mut size = if headline.is_some() { touched(&was_key, &now_key) } else { 0 };
        let (old, new) = (sentences(texts[k - 1]), sentences(texts[k]));
        let keys = |s: &[String]| s.iter().map(|s| quote::fold(s).trim().to_string()).collect::<Vec<_>>();
        let (old_keys, new_keys) = (keys(&old), keys(&new));
        let ops = similar::capture_diff_slices_deadline(
            Algorithm::Myers,
            &old_keys,
            &new_keys,
            Some(Instant::now() + DEADLINE),
        );
        let (mut removed, mut added) = (Vec::new(), Vec::new());
        for op in ops {
            let (tag, gone, came) = op.as_tag_tuple();
            if tag == DiffTag::Equal {
                continue;
            }
            size += touched(&old_keys[gone.clone()].join(" "), &new_keys[came.clone()].join(" "));
            removed.extend_from_slice(&old[gone]);
            added.extend_from_slice(&new[came]);
        }
        if headline.is_some() || !removed.is_empty() || !added.is_empty() {
            changes.push(Change { version: k, headline, removed, added, size });
        }
    }
    changes
}

/// Keeps, of each source's `changes` (by position in `site.sources`), those the site reports: a
/// change touching at least `version_change_threshold` folded characters, or one that took a
/// claim's quote away whatever its size. A reported headline change is a warning at the version's
/// `title`.
pub(super) fn report(site: &mut Site, changes: Vec<Vec<Change>>, docs: &HashMap<&str, &Document>) -> Vec<Diagnostic> {
    let threshold = site.config.version_threshold;
    let lost: HashSet<(usize, usize)> =
        site.claims.iter().filter_map(|c| c.quote_later.as_ref().map(|l| (c.source, l.version))).collect();
    let mut warnings = Vec::new();
    for (i, list) in changes.into_iter().enumerate() {
        let source = &mut site.sources[i];
        source.changes = list.into_iter().filter(|c| c.size >= threshold || lost.contains(&(i, c.version))).collect();
        for change in &source.changes {
            let version = &source.versions[change.version];
            let (Some((was, now)), Some(item), Some(doc)) =
                (&change.headline, version.item, docs.get(source.slug.as_str()))
            else {
                continue;
            };
            let message = format!(
                "the headline changed in the version captured {}: `{was}` became `{now}`",
                version.captured.iso()
            );
            let d = doc.at_item("versions", item, Some("title"), message).warning();
            warnings.push(d.help(format!(
                "check that the claims drawn from `{}` still stand; its page shows readers the change",
                source.slug
            )));
        }
    }
    warnings
}

/// How many characters (spaces aside) the words removed from `was` and added in `now` hold.
fn touched(was: &str, now: &str) -> usize {
    let (old, new): (Vec<&str>, Vec<&str>) = (was.split_whitespace().collect(), now.split_whitespace().collect());
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &old, &new, Some(Instant::now() + DEADLINE));
    let chars = |words: &[&str]| words.iter().map(|w| w.chars().count()).sum::<usize>();
    ops.iter()
        .map(|op| {
            let (tag, gone, came) = op.as_tag_tuple();
            if tag == DiffTag::Equal { 0 } else { chars(&old[gone]) + chars(&new[came]) }
        })
        .sum()
}

/// The sentences of an article, each with its line breaks and runs of spaces made single spaces:
/// cut at a paragraph break, or after `.`, `?` or `!` (and any closing quote or bracket) followed
/// by a space.
pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n").flat_map(|p| p.split("\n \n")) {
        let words: Vec<&str> = paragraph.split_whitespace().collect();
        let mut sentence: Vec<&str> = Vec::new();
        for word in words {
            sentence.push(word);
            let end = word.trim_end_matches(['"', '\'', '\u{2019}', '\u{201D}', ')', ']']);
            if end.ends_with(['.', '?', '!']) {
                out.push(sentence.join(" "));
                sentence.clear();
            }
        }
        if !sentence.is_empty() {
            out.push(sentence.join(" "));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(day: &str, headline: &str) -> Version {
        Version {
            captured: Stamp::parse(day).unwrap(),
            from: None,
            archived: None,
            headline: headline.into(),
            item: None,
        }
    }

    #[test]
    fn sentences_are_cut_at_stops_and_paragraphs_and_rewrapped_lines_are_one_sentence() {
        let text = "Heading line\n\nOne sentence\nwrapped here. “Two?” he asked! Three (quoted.) Four\n\nFive.";
        assert_eq!(
            sentences(text),
            ["Heading line", "One sentence wrapped here.", "“Two?”", "he asked!", "Three (quoted.)", "Four", "Five."]
        );
    }

    #[test]
    fn only_the_sentences_that_changed_are_kept_and_spacing_and_quote_marks_are_no_change() {
        let was = "The army agreed. It said \"no comment\".  Trade  rose.\n\nTalks went on.";
        let now = "The army agreed.\nIt said “no comment”. Trade rose sharply.\n\nTalks went on.";
        let versions = [version("2025-10-28", "A"), version("2025-10-30", "A")];
        let folded = [quote::fold(was).into(), quote::fold(now).into()];
        let changes = changes(&versions, &[was, now], &folded);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].removed, ["Trade rose."]);
        assert_eq!(changes[0].added, ["Trade rose sharply."]);
        assert_eq!(changes[0].size, "rose.".len() + "rose".len() + "sharply.".len(), "words changed, spaces aside");
        assert!(changes[0].headline.is_none());
        // Only spacing and quote marks: nothing to report.
        let same = "The army agreed. It said “no comment”. Trade rose.\n\nTalks  went on.";
        assert!(
            super::changes(&versions, &[was, same], &[quote::fold(was).into(), quote::fold(same).into()]).is_empty()
        );
    }

    #[test]
    fn the_version_current_at_a_date_is_the_latest_captured_that_day_or_before() {
        let versions = [version("2025-10-28", "A"), version("2025-10-30", "B"), version("2025-11-02", "C")];
        assert_eq!(current(&versions, &Stamp::parse("2025-10-28").unwrap()), 0);
        assert_eq!(current(&versions, &Stamp::parse("2025-10-31T23:00:00+00:00").unwrap()), 1);
        assert_eq!(current(&versions, &Stamp::parse("2025-11-02").unwrap()), 2);
    }

    #[test]
    fn a_quote_gone_from_the_latest_version_is_found_reworded_or_removed() {
        let texts: Vec<Arc<str>> = [
            "Pakistan will send 20,000 troops to Gaza. Talks go on.",
            "Pakistan may send 20,000 troops to Gaza. Talks go on.",
            "Talks go on.",
        ]
        .iter()
        .map(|t| quote::fold(t).into())
        .collect();
        let later = later("Pakistan will send 20,000 troops to Gaza", &texts, 0).unwrap();
        assert_eq!(later.version, 1);
        assert_eq!(later.now.as_deref(), Some("Pakistan may send 20,000 troops to Gaza."));
        assert_eq!(super::later("Talks go on", &texts, 0).map(|l| l.version), None);
        let removed = super::later("Pakistan may send 20,000 troops", &texts, 1).unwrap();
        assert_eq!((removed.version, removed.now), (2, None));
    }
}
