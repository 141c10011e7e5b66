//! The passage of an article most like a quote that does not occur in it: the hint that lets an
//! editor fix a misquote by eye.
//!
//! The passage is a window of the quote's word count, scored by character edit distance
//! (`strsim`'s normalised Levenshtein). Scoring every window costs the article's length times the
//! square of the quote's: one wrong word in a 150-word quote against a 20,000-word article took
//! about 25 s. So when that would cost more than [`BUDGET`] character comparisons, the windows worth
//! scoring are found first: every word the quote shares with the article (case and punctuation
//! aside, and leaving out words so common that they anchor nothing) votes for the window that
//! would line it up with the quote; the windows with most votes, and their near neighbours (a word
//! added or left out shifts the rest), are ranked by word edit distance, and only the best few are
//! scored by characters. A misquote shares almost every word with its passage, so the passage is
//! always among the candidates; the work grows with the article's length, not with its square,
//! and is bounded whatever the quote. The search is written here because it is this one problem's
//! (no crate offers "nearest window of words"); the edit distances are `strsim`'s.

use std::collections::HashMap;

/// The most character comparisons spent on scoring every window: below it (short articles, short
/// quotes), every window is scored, exactly.
const BUDGET: usize = 4_000_000;
/// A word that occurs more often than this in the article anchors no window (`the`, `of`), unless
/// the quote shares no rarer word with it.
const COMMON: usize = 64;
/// How many of the most voted windows are looked at, each with [`SHIFT`] words either side.
const VOTED: usize = 16;
const SHIFT: usize = 2;
/// How many of the windows closest in words are scored by characters.
const SCORED: usize = 3;
/// Quotes longer than this many words are ranked by votes alone (word edit distance costs the
/// square of the quote's length), and longer than [`SCORED_CHARS`] characters not by characters.
const RANKED_WORDS: usize = 400;
const SCORED_CHARS: usize = 4_000;

/// The window of `text`'s words most like `quote` (both already folded), or `None` for no words.
pub fn closest(quote: &str, text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return None;
    }
    let n = quote.split(' ').count().clamp(1, words.len());
    let windows = words.len() - n + 1;
    let starts: Vec<usize> = if windows.saturating_mul(quote.len()).saturating_mul(quote.len()) <= BUDGET {
        (0..windows).collect()
    } else {
        candidates(quote, &words, n)
    };
    let window = |start: usize| words[start..start + n].join(" ");
    let mut best: Option<(f64, String)> = None;
    for start in starts {
        let passage = window(start);
        let score = strsim::normalized_levenshtein(quote, &passage);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, passage));
        }
    }
    best.map(|(_, w)| w)
}

/// The starts of the few windows worth scoring by characters, best first.
fn candidates(quote: &str, words: &[&str], n: usize) -> Vec<usize> {
    let windows = words.len() - n + 1;
    let mut ids: HashMap<String, u32> = HashMap::new();
    let mut id = |w: &str| {
        let next = ids.len() as u32;
        *ids.entry(key(w)).or_insert(next)
    };
    let text: Vec<u32> = words.iter().map(|&w| id(w)).collect();
    let quoted: Vec<u32> = quote.split(' ').map(&mut id).collect();
    let mut places: HashMap<u32, Vec<usize>> = quoted.iter().map(|q| (*q, Vec::new())).collect();
    for (i, w) in text.iter().enumerate() {
        if let Some(at) = places.get_mut(w) {
            at.push(i);
        }
    }
    let rare = quoted.iter().any(|q| (1..=COMMON).contains(&places[q].len()));
    let mut votes: HashMap<usize, usize> = HashMap::new();
    for (j, q) in quoted.iter().enumerate() {
        let at = &places[q];
        if at.is_empty() || (rare && at.len() > COMMON) {
            continue;
        }
        // With no rare word, the common ones vote, each at most COMMON times.
        for &i in at.iter().take(if rare { usize::MAX } else { COMMON }) {
            *votes.entry(i.saturating_sub(j).min(windows - 1)).or_default() += 1;
        }
    }
    let mut voted: Vec<(usize, usize)> = votes.into_iter().collect();
    voted.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut starts: Vec<usize> =
        voted.iter().take(VOTED).flat_map(|&(s, _)| s.saturating_sub(SHIFT)..=(s + SHIFT).min(windows - 1)).collect();
    if starts.is_empty() {
        // Not one word in common: a few windows spread over the article, for want of better.
        starts = (0..VOTED).map(|k| k * (windows - 1) / VOTED).collect();
    }
    let mut seen = std::collections::HashSet::new();
    starts.retain(|s| seen.insert(*s));
    if quoted.len() <= RANKED_WORDS {
        let mut ranked: Vec<(usize, usize)> =
            starts.iter().map(|&s| (word_distance(&quoted, &text[s..s + n]), s)).collect();
        ranked.sort_unstable();
        starts = ranked.into_iter().map(|(_, s)| s).collect();
    }
    starts.truncate(if quote.chars().count() <= SCORED_CHARS { SCORED } else { 1 });
    starts
}

/// A word as it anchors: lowercase, without the punctuation around it.
fn key(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

/// The Levenshtein distance between two sequences of words.
fn word_distance(a: &[u32], b: &[u32]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if x == y { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article of `len` words that never repeats a passage: word `i` is `w<i % 997>-<i / 997>`
    /// interleaved with common words.
    fn article(len: usize) -> Vec<String> {
        (0..len).map(|i| if i % 3 == 0 { "the".to_string() } else { format!("w{}x{}", i % 997, i / 997) }).collect()
    }

    #[test]
    fn a_misquote_in_a_long_article_finds_its_passage_among_the_anchored_windows() {
        let words = article(20_000);
        let passage = words[12_000..12_150].join(" ");
        let mut quote: Vec<&str> = passage.split(' ').collect();
        quote[70] = "wrong";
        quote.remove(20);
        quote.insert(100, "inserted");
        let quote = quote.join(" ");
        assert!(quote.len() * quote.len() * 20_000 > BUDGET, "the search is anchored");
        let found = closest(&quote, &words.join(" ")).unwrap();
        assert!(found.starts_with(&words[12_000]) || found.starts_with(&words[11_999]), "{found}");
        assert!(found.contains(&words[12_070]), "{found}");
    }

    #[test]
    fn a_quote_sharing_only_common_words_or_none_still_gets_a_passage() {
        let words = article(20_000).join(" ");
        let common = ["the"; 150].join(" ");
        assert!(closest(&common, &words).is_some_and(|p| p.split(' ').count() == 150));
        let strange = ["zzz"; 150].join(" ");
        assert!(closest(&strange, &words).is_some_and(|p| p.split(' ').count() == 150));
    }

    #[test]
    fn word_distance_counts_words_changed_added_and_left_out() {
        assert_eq!(word_distance(&[1, 2, 3, 4], &[1, 2, 3, 4]), 0);
        assert_eq!(word_distance(&[1, 9, 3, 4], &[1, 2, 3, 4]), 1);
        assert_eq!(word_distance(&[1, 3, 4], &[1, 2, 3, 4]), 1);
        assert_eq!(word_distance(&[], &[1, 2]), 2);
    }
}
