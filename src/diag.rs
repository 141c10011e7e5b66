//! Diagnostics: every content problem found in a run, reported together in the style of rustc.
//!
//! A [`Diagnostic`] names the file, the line and column, what is wrong and, where it helps, what to
//! do about it. The loader and the resolver only *collect* them; `main.rs` prints them and decides the
//! exit code. Positions are 1-based; a position of 0 means "the whole file".
//!
//! What a diagnostic quotes from the input is shown so that it can neither hide nor flood: every
//! invisible or control character (a zero-width space, a right-to-left override that would reverse
//! the terminal line, an escape code) is written as `<U+200B>`, and a quoted value longer than
//! [`QUOTED`] characters is cut with "… (N more characters)". This is done here, where every
//! diagnostic is displayed (in the terminal and in `serve`'s overlay), by [`shown`] and [`visible`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the editor would type it: relative to the site root where possible.
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    /// Width of the caret underline, at least 1.
    pub len: usize,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// The offending line of the file, shown under the message.
    pub snippet: Option<String>,
}

impl Diagnostic {
    /// A problem with a whole file (unreadable, empty, ...), with no line to point at.
    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_path_buf(),
            line: 0,
            col: 0,
            len: 1,
            severity: Severity::Error,
            message: message.into(),
            help: None,
            snippet: None,
        }
    }

    /// A problem at `line:col` of `text` (the file's contents), underlining `len` characters.
    pub fn at(path: &Path, text: &str, line: usize, col: usize, len: usize, message: impl Into<String>) -> Self {
        let snippet = text.lines().nth(line.saturating_sub(1)).map(|l| l.trim_end_matches('\r').to_string());
        Diagnostic {
            path: path.to_path_buf(),
            line,
            col: col.max(1),
            len: len.max(1),
            severity: Severity::Error,
            message: message.into(),
            help: None,
            snippet,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (&Path, usize, usize) {
        (&self.path, self.line, self.col)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let path = shown_path(&self.path);
        let said = message(&self.message);
        if self.line == 0 {
            writeln!(f, "{path}: {kind}: {said}")?;
        } else {
            writeln!(f, "{path}:{}:{}: {kind}: {said}", self.line, self.col)?;
        }
        let gutter = self.line.to_string().len();
        if let Some(snippet) = &self.snippet {
            let pad = " ".repeat(gutter);
            let (cut, col) = window(snippet, self.col);
            // The caret sits under the column, counted in characters as an editor shows them, and
            // under the whole escape of a character written as one.
            let (mut shown, mut lead, mut len) = (String::new(), String::new(), 0);
            for (i, c) in cut.chars().enumerate() {
                let written = visible_char(c);
                let width = written.chars().count();
                shown.push_str(&written);
                if i + 1 < col {
                    lead.push_str(&if c == '\t' { "\t".to_string() } else { " ".repeat(width) });
                } else if i + 1 < col + self.len {
                    len += width;
                }
            }
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {shown}", self.line)?;
            writeln!(f, "{pad} | {lead}{}", "^".repeat(len.max(1)))?;
        }
        if let Some(help) = &self.help {
            let pad = " ".repeat(if self.snippet.is_some() { gutter } else { 0 });
            writeln!(f, "{pad} = help: {}", message(help))?;
        }
        Ok(())
    }
}

/// How many characters of a value quoted in a message are shown at most.
pub const QUOTED: usize = 120;

/// How many characters of a whole message or help are shown at most, whatever it quotes: the
/// closest passage to a long quote is the longest text a message means to show.
const MESSAGE: usize = 1200;

/// `value` as a message quotes it: invisible and control characters escaped ([`visible`]), and cut
/// after [`QUOTED`] characters with "… (N more characters)".
pub fn shown(value: &str) -> String {
    cut(&value.chars().map(visible_char).collect::<String>(), QUOTED)
}

/// `text` with every invisible or control character written as `<U+XXXX>`; tabs and line breaks
/// are kept where they are layout, not input (callers quoting a value use [`shown`]).
pub fn visible(text: &str) -> Cow<'_, str> {
    let escaped = |c: char| c != '\n' && is_invisible(c);
    if !text.chars().any(escaped) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| if escaped(c) { visible_char(c) } else { Cow::Owned(c.to_string()) }).collect())
}

fn visible_char(c: char) -> Cow<'static, str> {
    if is_invisible(c) { Cow::Owned(format!("<U+{:04X}>", c as u32)) } else { Cow::Owned(c.to_string()) }
}

/// Characters an editor cannot see, or that change how the rest of the line is shown: control
/// codes (tab excepted), format characters (zero-width spaces and joiners, soft hyphens, bidi
/// embeddings, overrides and isolates, the byte-order mark, tag characters), line and paragraph
/// separators, and spaces other than the plain one.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{A}'..='\u{1F}' | '\u{7F}'..='\u{A0}' | '\u{AD}' | '\u{34F}' | '\u{61C}'
        | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180B}'..='\u{180F}'
        | '\u{2000}'..='\u{200F}' | '\u{2028}'..='\u{202F}' | '\u{205F}'..='\u{206F}' | '\u{3000}'
        | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// `text` cut after `max` characters, saying how many were left out.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!("{}… ({} more characters)", &text[..at], text[at..].chars().count()),
    }
}

/// A message that is not a diagnostic (an I/O error naming a path, a refused argument) as shown.
pub fn plain(text: &str) -> String {
    cut(&visible(text), MESSAGE)
}

/// A path as a diagnostic names it.
fn shown_path(path: &Path) -> String {
    visible(&path.to_string_lossy()).into_owned()
}

/// A message or help as shown: every quoted value (between backticks) cut to [`QUOTED`]
/// characters with its line breaks escaped too, invisible characters escaped everywhere, and the
/// whole cut to [`MESSAGE`] characters.
fn message(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let mut out = String::with_capacity(text.len().min(4 * MESSAGE));
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are quoted; an unpaired last backtick leaves its part unquoted.
        if i % 2 == 1 && i + 1 < parts.len() {
            out.push_str(&shown(part));
        } else {
            out.push_str(&visible(part));
        }
    }
    cut(&out, MESSAGE)
}

/// How many characters of an offending line are shown at most.
const SHOWN: usize = 120;

/// The part of a long `line` around `col` that is shown (with `…` where it is cut), and the column
/// within it: a 200 KB line is not printed whole.
fn window(line: &str, col: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= SHOWN {
        return (line.to_string(), col);
    }
    let start = col.saturating_sub(1 + SHOWN / 2).min(chars.len() - SHOWN);
    let mut shown: String = chars[start..start + SHOWN].iter().collect();
    let mut col = col - start;
    if start > 0 {
        shown.insert(0, '…');
        col += 1;
    }
    if start + SHOWN < chars.len() {
        shown.push('…');
    }
    (shown, col)
}

/// Sorts diagnostics by file and position, the order an editor works through them.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()).then(a.severity.cmp(&b.severity)));
}

/// Every diagnostic followed by the summary line, as `claimtrack check` prints them.
pub fn report(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!("{d}\n"));
    }
    if let Some(summary) = summary(diagnostics) {
        out.push_str(&summary);
        out.push('\n');
    }
    out
}

/// The closing line: "error: 3 problems in 2 files", or a warning count when nothing failed.
pub fn summary(diagnostics: &[Diagnostic]) -> Option<String> {
    let count = |sev: Severity| diagnostics.iter().filter(|d| d.severity == sev).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let plural = |n: usize, word: &str| {
        if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
    };
    if errors > 0 {
        let mut files: Vec<&Path> = diagnostics.iter().filter(|d| d.is_error()).map(|d| d.path.as_path()).collect();
        files.sort();
        files.dedup();
        let mut line = format!("error: {} in {}", plural(errors, "problem"), plural(files.len(), "file"));
        if warnings > 0 {
            line.push_str(&format!(" ({})", plural(warnings, "warning")));
        }
        Some(line)
    } else if warnings > 0 {
        Some(format!("warning: {}", plural(warnings, "warning")))
    } else {
        None
    }
}

/// The slug (or key) closest to `wanted` among `candidates`, if one is close enough to be a typo.
pub fn nearest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(wanted, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_written_out_and_long_values_cut() {
        assert_eq!(shown("cra\u{200B}cks"), "cra<U+200B>cks");
        assert_eq!(shown("\u{202E}skcarc"), "<U+202E>skcarc");
        assert_eq!(shown("a\u{1b}[31mb"), "a<U+001B>[31mb");
        assert_eq!(shown("Lahore\tKarachi"), "Lahore\tKarachi");
        assert_eq!(shown(&"x".repeat(1000)), format!("{}… (880 more characters)", "x".repeat(120)));
        assert_eq!(shown("Karachi — کراچی"), "Karachi — کراچی");
    }

    #[test]
    fn a_message_cuts_what_it_quotes_and_keeps_its_own_words() {
        let long = "y".repeat(500);
        assert_eq!(
            message(&format!("no topic `{long}` (did you mean `cracks`?)")),
            format!("no topic `{}… (380 more characters)` (did you mean `cracks`?)", "y".repeat(120))
        );
        assert_eq!(message("no topic `cra\u{200B}cks`"), "no topic `cra<U+200B>cks`");
        assert_eq!(message("an unpaired ` and \u{200F}"), "an unpaired ` and <U+200F>");
    }
}
