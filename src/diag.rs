//! Diagnostics: every content problem found in a run, reported together in the style of rustc.
//!
//! A [`Diagnostic`] names the file, the line and column, what is wrong and, where it helps, what to
//! do about it. The loader and the resolver only *collect* them; `main.rs` prints them and decides the
//! exit code. Positions are 1-based; a position of 0 means "the whole file".

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
        let path = self.path.display();
        if self.line == 0 {
            writeln!(f, "{path}: {kind}: {}", self.message)?;
        } else {
            writeln!(f, "{path}:{}:{}: {kind}: {}", self.line, self.col, self.message)?;
        }
        let gutter = self.line.to_string().len();
        if let Some(snippet) = &self.snippet {
            let pad = " ".repeat(gutter);
            let (shown, col) = window(snippet, self.col);
            // The caret sits under the column, counted in characters, as an editor shows it.
            let lead: String =
                shown.chars().take(col.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let len = self.len.min(shown.chars().count().saturating_sub(col.saturating_sub(1)).max(1));
            writeln!(f, "{pad} |")?;
            writeln!(f, "{} | {shown}", self.line)?;
            writeln!(f, "{pad} | {lead}{}", "^".repeat(len))?;
        }
        if let Some(help) = &self.help {
            let pad = " ".repeat(if self.snippet.is_some() { gutter } else { 0 });
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
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
