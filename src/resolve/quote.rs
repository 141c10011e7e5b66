//! Verbatim quote checks: a claim's `quote` must occur in its source's archived text.
//!
//! Only differences an editor cannot see or does not choose are folded: runs of whitespace and line
//! breaks, curly versus straight quotes and apostrophes, dash variants, Unicode normalisation (an
//! accent written as its own combining character, as some sites and keyboards do, is the accented
//! letter: NFC, through the `unicode-normalization` crate), and characters that show nothing (soft
//! hyphens, zero-width spaces and joiners, direction marks, the byte-order mark). Everything else
//! (case, spelling, punctuation, compatibility forms such as `²` for `2`) must match. On a miss,
//! the closest passage is offered so the typo can be fixed by eye; finding it is [`passage`]'s work.

mod passage;

use std::borrow::Cow;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

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
    Some(Miss { closest: passage::closest(quote.trim(), folded) })
}

/// Whether `quote` occurs in `folded`, an archived text already passed through [`fold`]; unlike
/// [`check_folded`], an empty text has nothing in it, and no closest passage is looked for.
pub fn occurs(quote: &str, folded: &str) -> bool {
    folded.contains(fold(quote).trim())
}

/// Normalises the characters that vary between copies of the same text.
pub fn fold(text: &str) -> String {
    // Invisible characters go first, so that an accent a soft hyphen kept apart from its letter
    // composes with it. Most texts hold none and are already NFC: they are only scanned.
    let seen: Cow<str> = if text.chars().any(shows_nothing) {
        Cow::Owned(text.chars().filter(|c| !shows_nothing(*c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    let composed: Cow<str> =
        if is_nfc_quick(seen.chars()) == IsNormalized::Yes { seen } else { Cow::Owned(seen.nfc().collect()) };
    let mut out = String::with_capacity(composed.len());
    let mut space = false;
    for c in composed.chars() {
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

/// Characters that take no room on the page: the soft hyphen, zero-width space, non-joiner and
/// joiner, direction marks and embeddings, word joiner and invisible operators, the byte-order mark
/// (also the old zero-width no-break space) and the Mongolian vowel separator.
fn shows_nothing(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
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
    fn what_an_editor_cannot_see_is_folded() {
        let text = "Jaffer Express: the caf\u{e9} near Quetta; the deploy\u{AD}ment of 20,000 troops";
        assert_eq!(check("the cafe\u{301} near Quetta", text), None, "NFD accent");
        assert_eq!(check("the deployment of 20,000", text), None, "soft hyphen in the article");
        assert_eq!(check("the deploy\u{200B}ment of 20,000", text), None, "zero-width space in the quote");
        assert_eq!(check("\u{200F}Jaffer Express\u{FEFF}", text), None, "a direction mark and a BOM");
        assert!(check("the cafe near Quetta", text).is_some(), "a missing accent is a real difference");
        assert!(check("20,000 troops\u{b2}", "20,000 troops2").is_some(), "compatibility forms are not folded");
    }

    #[test]
    fn case_is_not_folded() {
        assert!(check("pakistan", "Pakistan").is_some());
    }
}
