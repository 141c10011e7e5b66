//! Echo suggestions: find copied reporting that `echoes` does not yet record.
//!
//! Two articles from different outlets that share a long verbatim run of words (eight or more, after
//! folding case, punctuation, quote marks and dashes) were very likely copied one from the other.
//! Where both articles make claims on the same topic, the shared run covers one of those claims'
//! quotes, and neither claim echoes the other, the later claim gets a *warning* (never an error)
//! naming both files and the shared words.
//!
//! It stays linear in the size of the archive: only the eight-word shingles around quotes go into
//! a hash index, every article is scanned once against it, and articles are never compared
//! pairwise. A shingle found in more than a handful of articles is a stock phrase ("declined to
//! comment further"), not copying, and is ignored.

use super::quote::fold;
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::model::Site;
use rayon::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

/// How many words make a run long enough to suggest copying.
pub const RUN: usize = 8;
/// A shingle in more articles than this is a stock phrase.
const STOCK: usize = 4;

/// An article as words: the folded, lowercased text, each word's byte range in it, and its hash.
struct Article {
    text: String,
    words: Vec<Range<usize>>,
    ids: Vec<u64>,
}

impl Article {
    fn new(raw: &str) -> Article {
        let text = fold(raw).to_lowercase();
        let mut words = Vec::new();
        let mut start = None;
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    words.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            words.push(s..text.len());
        }
        let ids = words.iter().map(|r| word_id(&text[r.clone()])).collect();
        Article { text, words, ids }
    }

    fn shingle(&self, pos: usize) -> u64 {
        self.ids[pos..pos + RUN]
            .iter()
            .fold(0xcbf2_9ce4_8422_2325, |h, id| (h ^ id).wrapping_mul(0x100_0000_01b3).rotate_left(29))
    }

    /// Where `quote`'s words sit in this article, if they occur there.
    fn find(&self, quote: &str) -> Option<Range<usize>> {
        let q = Article::new(quote).ids;
        if q.is_empty() || q.len() > self.ids.len() {
            return None;
        }
        self.ids.windows(q.len()).position(|w| w == q.as_slice()).map(|i| i..i + q.len())
    }

    fn phrase(&self, range: Range<usize>) -> String {
        self.words[range].iter().map(|r| &self.text[r.clone()]).collect::<Vec<_>>().join(" ")
    }
}

fn word_id(word: &str) -> u64 {
    let mut h = DefaultHasher::new();
    word.hash(&mut h);
    h.finish()
}

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
///
/// With `last`, what the last resolve kept, an article or a quote's place in it is taken from there
/// when its text is the same (`keys[i]`: the hash of `texts[i]`), and what this one made is
/// returned for the next.
pub fn suggest(
    site: &Site,
    texts: &[&str],
    keys: &[u64],
    docs: &HashMap<&str, &Document>,
    last: Option<&Kept>,
) -> (Vec<Diagnostic>, Option<Kept>) {
    let articles: Vec<Arc<Article>> = texts
        .par_iter()
        .enumerate()
        .map(|(i, t)| match last.and_then(|l| l.articles.get(&keys[i])) {
            Some(article) => Arc::clone(article),
            None => Arc::new(Article::new(t)),
        })
        .collect();
    let span_key = |c: &crate::model::Claim| (keys[c.source], super::text_key(&c.quote));
    let spans: Vec<Option<Range<usize>>> = site
        .claims
        .par_iter()
        .map(|c| match last.and_then(|l| l.spans.get(&span_key(c))) {
            Some(span) => span.clone(),
            None => articles[c.source].find(&c.quote),
        })
        .collect();
    // The runs the articles share depend on the articles, the quotes' places and the outlets only:
    // after an edit that changed none of them, the last resolve's are this one's.
    let runs_key = last.map(|_| {
        let mut h = xxhash_rust::xxh3::Xxh3Default::new();
        (keys, &spans).hash(&mut h);
        site.claims.iter().for_each(|c| c.source.hash(&mut h));
        site.sources.iter().for_each(|s| s.outlet.hash(&mut h));
        h.finish()
    });
    let runs = match last.and_then(|l| l.runs.as_ref()).filter(|(key, _)| Some(*key) == runs_key) {
        Some((_, runs)) => Arc::clone(runs),
        None => Arc::new(shared_runs(site, &articles, &spans)),
    };
    let found = warnings(site, &articles, &spans, &runs, docs);
    let next = last.map(|_| Kept {
        articles: keys.iter().copied().zip(articles.iter().cloned()).collect(),
        spans: site.claims.iter().zip(&spans).map(|(c, span)| (span_key(c), span.clone())).collect(),
        runs: runs_key.map(|key| (key, runs)),
    });
    (found, next)
}

/// The runs of words each pair of articles shares ([`shared_runs`]).
type Runs = HashMap<(usize, usize), Vec<Run>>;

/// What [`suggest`] keeps from one resolve for the next: each article as words, by its text's
/// hash, and where each quote sits in its article, by the hashes of both.
#[derive(Default)]
pub struct Kept {
    articles: HashMap<u64, Arc<Article>>,
    spans: HashMap<(u64, u64), Option<Range<usize>>>,
    /// The shared runs, by the hash of what they were found from.
    runs: Option<(u64, Arc<Runs>)>,
}

fn warnings(
    site: &Site,
    articles: &[Arc<Article>],
    spans: &[Option<Range<usize>>],
    runs: &Runs,
    docs: &HashMap<&str, &Document>,
) -> Vec<Diagnostic> {
    let mut pairs: Vec<(&(usize, usize), &Vec<Run>)> = runs.iter().collect();
    pairs.sort_by_key(|(pair, _)| *pair);
    let mut warnings = Vec::new();
    for (&(a, b), runs) in pairs {
        // The earlier article is the suspected original, the later one the copy.
        let swap = site.sources[b].published.sort_key() < site.sources[a].published.sort_key();
        let (first, second) = if swap { (b, a) } else { (a, b) };
        let runs: Vec<Run> = runs.iter().cloned().map(|r| if swap { r.swapped() } else { r }).collect();
        for &later in &site.sources[second].claims {
            let topic = site.claims[later].topic;
            for &earlier in site.sources[first].claims.iter().filter(|c| site.claims[**c].topic == topic) {
                // Prefer the run that holds the later claim's own quote: that is the copied passage.
                let matching = runs
                    .iter()
                    .find(|r| overlaps(&r.second, &spans[later]))
                    .or_else(|| runs.iter().find(|r| overlaps(&r.first, &spans[earlier])));
                let Some(run) = matching else { continue };
                if ancestors(site, later).contains(&earlier) || ancestors(site, earlier).contains(&later) {
                    continue;
                }
                let (later_claim, earlier_claim) = (&site.claims[later], &site.claims[earlier]);
                let Some(doc) = docs.get(later_claim.slug.as_str()) else { continue };
                let message = format!(
                    "this claim's article shares {} words with the article of {}, which it does not echo",
                    run.first.len(),
                    earlier_claim.path.display()
                );
                warnings.push(doc.at_key_name("source", message).warning().help(format!(
                    "shared words: \"{}\"; if this claim repeats that report, add `echoes: [{}]`",
                    articles[first].phrase(run.first.clone()),
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

/// For every pair of articles (lower index first) from different outlets, the runs of words they
/// share around quotes, each grown as far as it goes.
fn shared_runs(
    site: &Site,
    articles: &[Arc<Article>],
    spans: &[Option<Range<usize>>],
) -> HashMap<(usize, usize), Vec<Run>> {
    // Index the shingles that overlap a quote, in the article that quotes it.
    let mut index: HashMap<u64, Vec<(usize, usize)>> = HashMap::new();
    for (claim, span) in site.claims.iter().zip(spans) {
        let (Some(span), art) = (span, &articles[claim.source]) else { continue };
        if art.ids.len() < RUN {
            continue;
        }
        let from = span.start.saturating_sub(RUN - 1);
        let to = span.end.min(art.ids.len() - RUN + 1);
        for pos in from..to {
            index.entry(art.shingle(pos)).or_default();
        }
    }
    // Scan every article once: where does each indexed shingle occur (first place per article)?
    for (a, art) in articles.iter().enumerate() {
        for pos in 0..art.ids.len().saturating_sub(RUN - 1) {
            if let Some(places) = index.get_mut(&art.shingle(pos))
                && places.last().is_none_or(|(last, _)| *last != a)
                && places.len() <= STOCK
            {
                places.push((a, pos));
            }
        }
    }
    let mut hits: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for places in index.values().filter(|p| p.len() >= 2 && p.len() <= STOCK) {
        for (i, &(a, pa)) in places.iter().enumerate() {
            for &(b, pb) in &places[i + 1..] {
                // Hash collisions are possible: keep only shingles whose words really match.
                let same = articles[a].ids[pa..pa + RUN] == articles[b].ids[pb..pb + RUN];
                if same && site.sources[a].outlet != site.sources[b].outlet {
                    hits.entry((a, b)).or_default().push((pa, pb));
                }
            }
        }
    }
    hits.into_iter()
        .map(|((a, b), hits)| {
            let runs = merge(hits).into_iter().map(|r| grow(&articles[a].ids, &articles[b].ids, r)).collect();
            ((a, b), runs)
        })
        .collect()
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

/// Extends a run over the identical words on either side of it.
fn grow(a: &[u64], b: &[u64], mut run: Run) -> Run {
    while run.first.start > 0 && run.second.start > 0 && a[run.first.start - 1] == b[run.second.start - 1] {
        run.first.start -= 1;
        run.second.start -= 1;
    }
    while run.first.end < a.len() && run.second.end < b.len() && a[run.first.end] == b[run.second.end] {
        run.first.end += 1;
        run.second.end += 1;
    }
    run
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

    #[test]
    fn words_fold_case_quotes_and_punctuation() {
        let a = Article::new("The “Controlled” presence—in Gaza.");
        assert_eq!(a.phrase(0..a.words.len()), "the controlled presence in gaza");
        assert_eq!(a.find("controlled presence in"), Some(1..4));
    }
}
