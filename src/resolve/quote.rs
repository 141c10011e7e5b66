//! Verbatim quote checks: a claim's `quote` must occur in its source's archived text.
//!
//! Only differences an editor cannot see or does not choose are folded: runs of whitespace and line
//! breaks, curly versus straight quotes and apostrophes, and dash variants. Everything else (case,
//! spelling, punctuation) must match. On a miss, the closest passage is offered so the typo can be
//! fixed by eye.

/// What a failed check found.
#[derive(Debug, PartialEq, Eq)]
pub struct Miss {
    /// The passage of the archived text most like the quote, if the text is not empty.
    pub closest: Option<String>,
}

/// `None` when the quote occurs in `text` (or there is no archived text to check against).
pub fn check(quote: &str, text: &str) -> Option<Miss> {
    check_folded(quote, &fold(text))
}

/// [`check`] against an archived text already passed through [`fold`] (an article quoted by many
/// claims is folded once).
pub fn check_folded(quote: &str, folded: &str) -> Option<Miss> {
    if folded.trim().is_empty() {
        return None;
    }
    let quote = fold(quote);
    if folded.contains(quote.trim()) {
        return None;
    }
    Some(Miss { closest: closest_passage(quote.trim(), folded) })
}

/// Normalises the characters that vary between copies of the same text.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}' | '\u{2212}' => '-',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' {
            if !space {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    out
}

/// Slides a window of the quote's word count over the text and keeps the most similar one.
fn closest_passage(quote: &str, text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    let n = quote.split(' ').count().clamp(1, words.len().max(1));
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(f64, String)> = None;
    for start in 0..=words.len().saturating_sub(n) {
        let window = words[start..(start + n).min(words.len())].join(" ");
        let score = strsim::normalized_levenshtein(quote, &window);
        if best.as_ref().is_none_or(|(b, _)| score > *b) {
            best = Some((score, window));
        }
    }
    best.map(|(_, w)| w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_and_straight_quotes_dashes_and_line_breaks_fold() {
        let text = "a “controlled presence\" —\n  under   the guise";
        assert_eq!(check("a \"controlled presence\" - under the guise", text), None);
    }

    #[test]
    fn a_changed_word_is_a_miss_with_the_nearest_passage() {
        let text = "Pakistan is preparing to deploy around 20,000 troops to Gaza as part of an effort.";
        let miss = check("Pakistan is preparing to send around 20,000 troops", text).expect("a miss");
        assert_eq!(miss.closest.as_deref(), Some("Pakistan is preparing to deploy around 20,000 troops"));
    }

    #[test]
    fn case_is_not_folded() {
        assert!(check("pakistan", "Pakistan").is_some());
    }
}
