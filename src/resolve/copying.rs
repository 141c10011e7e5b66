//! Echo suggestions: find copied reporting that `echoes` does not yet record.
//!
//! Two articles from different outlets that share a long verbatim run of words (eight or more, after
//! folding case, punctuation, quote marks and dashes) were very likely copied one from the other.
//! Where both articles make claims on the same topic, the shared run overlaps one of those claims'
//! quotes, and neither claim echoes the other, the later claim gets a *warning* (never an error)
//! naming both files and the shared words.
//!
//! It stays linear: every eight-word shingle of every article is hashed into one index, so articles
//! are never compared pairwise. A shingle found in more than a handful of articles is a stock phrase
//! ("declined to comment further"), not copying, and is ignored.

use super::quote::fold;
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::model::Site;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;

/// How many words make a run long enough to suggest copying.
pub const RUN: usize = 8;
/// A shingle in more articles than this is a stock phrase.
const STOCK: usize = 4;

/// A run of words two articles share: its word positions in each.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    first: Range<usize>,
    second: Range<usize>,
}

impl Run {
    fn swapped(self) -> Run {
        Run { first: self.second, second: self.first }
    }
}

/// Warnings for claims that look copied but record no echo. `texts[i]` is source `i`'s archived
/// text; `docs` finds a claim's file by slug, to point at it.
pub fn suggest(site: &Site, texts: &[&str], docs: &HashMap<&str, &Document>) -> Vec<Diagnostic> {
    let words: Vec<Vec<String>> = texts.iter().map(|t| tokens(t)).collect();
    let mut pairs: Vec<_> = shared_runs(site, &words).into_iter().collect();
    pairs.sort_by_key(|(pair, _)| *pair);
    let mut warnings = Vec::new();
    for ((a, b), runs) in pairs {
        // The earlier article is the suspected original, the later one the copy.
        let swap = site.sources[b].published.sort_key() < site.sources[a].published.sort_key();
        let (first, second) = if swap { (b, a) } else { (a, b) };
        let runs: Vec<Run> = runs.into_iter().map(|r| if swap { r.swapped() } else { r }).collect();
        for &later in &site.sources[second].claims {
            let topic = site.claims[later].topic;
            let later_span = quote_span(&words[second], &site.claims[later].quote);
            for &earlier in site.sources[first].claims.iter().filter(|c| site.claims[**c].topic == topic) {
                let earlier_span = quote_span(&words[first], &site.claims[earlier].quote);
                // Prefer the run that holds the later claim's own quote: that is the copied passage.
                let matching = runs
                    .iter()
                    .find(|r| overlaps(&r.second, &later_span))
                    .or_else(|| runs.iter().find(|r| overlaps(&r.first, &earlier_span)));
                let Some(run) = matching else { continue };
                if ancestors(site, later).contains(&earlier) || ancestors(site, earlier).contains(&later) {
                    continue;
                }
                let (later_claim, earlier_claim) = (&site.claims[later], &site.claims[earlier]);
                let Some(doc) = docs.get(later_claim.slug.as_str()) else { continue };
                let shared = &words[first][run.first.clone()];
                let message = format!(
                    "this claim's article shares {} words with the article of {}, which it does not echo",
                    shared.len(),
                    earlier_claim.path.display()
                );
                warnings.push(doc.at_key_name("source", message).warning().help(format!(
                    "shared words: \"{}\"; if this claim repeats that report, add `echoes: [{}]`",
                    shared.join(" "),
                    earlier_claim.slug
                )));
                break;
            }
        }
    }
    warnings
}

/// True when the run covers a real part of the quote (three words, or all of a shorter quote), not
/// just a word at its edge.
fn overlaps(run: &Range<usize>, span: &Option<Range<usize>>) -> bool {
    span.as_ref().is_some_and(|s| {
        let shared = run.end.min(s.end).saturating_sub(run.start.max(s.start));
        shared >= 3.min(s.len())
    })
}

/// Where a quote's words sit in its article's words, if they occur there.
fn quote_span(article: &[String], quote: &str) -> Option<Range<usize>> {
    let q = tokens(quote);
    if q.is_empty() || q.len() > article.len() {
        return None;
    }
    article.windows(q.len()).position(|w| w == q.as_slice()).map(|i| i..i + q.len())
}

/// Lowercased words, with quote marks, dashes and whitespace folded first.
fn tokens(text: &str) -> Vec<String> {
    fold(text).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

fn shingle(words: &[String]) -> u64 {
    let mut h = DefaultHasher::new();
    words.hash(&mut h);
    h.finish()
}

/// For every pair of articles (lower index first) from different outlets, the runs of words they
/// share, each as long as it goes, built from their matching non-stock shingles.
fn shared_runs(site: &Site, words: &[Vec<String>]) -> HashMap<(usize, usize), Vec<Run>> {
    let mut index: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for (source, w) in words.iter().enumerate() {
        let mut seen = HashSet::new();
        for (pos, window) in w.windows(RUN).enumerate() {
            let h = shingle(window);
            if seen.insert(h) {
                let list = index.entry(h).or_default();
                if list.len() <= STOCK {
                    list.push((source, pos));
                }
            }
        }
    }
    let mut hits: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for list in index.values().filter(|l| l.len() >= 2 && l.len() <= STOCK) {
        for (i, &(a, pa)) in list.iter().enumerate() {
            for &(b, pb) in &list[i + 1..] {
                // Hash collisions are possible: keep only shingles whose words really match.
                if site.sources[a].outlet != site.sources[b].outlet && words[a][pa..pa + RUN] == words[b][pb..pb + RUN]
                {
                    let (key, hit) = if a < b { ((a, b), (pa, pb)) } else { ((b, a), (pb, pa)) };
                    hits.entry(key).or_default().push(hit);
                }
            }
        }
    }
    hits.into_iter().map(|(pair, hits)| (pair, merge(hits))).collect()
}

/// Joins overlapping shingle matches on the same diagonal into runs.
fn merge(mut hits: Vec<(usize, usize)>) -> Vec<Run> {
    hits.sort_unstable_by_key(|(pa, pb)| (pb.wrapping_sub(*pa), *pa));
    let mut runs: Vec<Run> = Vec::new();
    for (pa, pb) in hits {
        match runs.last_mut() {
            Some(r) if pb.wrapping_sub(pa) == r.second.start.wrapping_sub(r.first.start) && pa <= r.first.end => {
                r.first.end = r.first.end.max(pa + RUN);
                r.second.end = r.second.end.max(pb + RUN);
            }
            _ => runs.push(Run { first: pa..pa + RUN, second: pb..pb + RUN }),
        }
    }
    runs
}

/// Every claim `claim` repeats, directly or through others.
fn ancestors(site: &Site, claim: usize) -> HashSet<usize> {
    let mut seen = HashSet::new();
    let mut stack = site.claims[claim].echoes.clone();
    while let Some(c) = stack.pop() {
        if seen.insert(c) {
            stack.extend(site.claims[c].echoes.iter().copied());
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_shingles_on_one_diagonal_make_one_run() {
        let mut runs = merge(vec![(10, 3), (11, 4), (12, 5), (40, 3)]);
        runs.sort_by_key(|r| r.first.start);
        assert_eq!(runs, vec![Run { first: 10..20, second: 3..13 }, Run { first: 40..48, second: 3..11 }]);
    }
}
