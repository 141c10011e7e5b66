//! One content file in memory: its text, where the front matter sits, and how to point at a key.
//!
//! Splitting accepts what editors' tools produce (a byte-order mark, CRLF line endings) and turns
//! everything else that is wrong with the file's shape into a [`Diagnostic`]: invalid UTF-8, an
//! empty file, missing or unterminated front matter.

// A diagnostic is returned at most once per file and moved straight into the report: boxing it
// would buy nothing.
#![allow(clippy::result_large_err)]

use crate::diag::Diagnostic;
use std::ops::Range;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Document {
    /// The path shown to the editor (relative to the site root).
    pub path: PathBuf,
    /// The file's text, BOM removed and line endings normalised to `\n`.
    pub text: String,
    front: Range<usize>,
    body: Range<usize>,
    /// 1-based line number of the first front-matter line (the one after the opening `---`).
    pub front_line: usize,
}

impl Document {
    /// Splits raw bytes into front matter and body.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Document, Diagnostic> {
        let text = decode(path, bytes)?;
        let path = path.to_path_buf();
        if text.trim().is_empty() {
            return Err(Diagnostic::file(&path, "the file is empty")
                .help("a content file starts with a line `---`, then its `key: value` lines, then `---`"));
        }
        let first_end = text.find('\n').unwrap_or(text.len());
        if text[..first_end].trim_end() != "---" {
            return Err(Diagnostic::at(&path, &text, 1, 1, 3, "missing front matter")
                .help("start the file with a line `---`, then the `key: value` lines, then a line `---`"));
        }
        let front_start = (first_end + 1).min(text.len());
        let mut offset = front_start;
        for line in text[front_start..].split_inclusive('\n') {
            if line.trim_end() == "---" {
                let body_start = offset + line.len();
                return Ok(Document {
                    front: front_start..offset,
                    body: body_start..text.len(),
                    text,
                    path,
                    front_line: 2,
                });
            }
            offset += line.len();
        }
        Err(Diagnostic::at(&path, &text, 1, 1, 3, "the front matter is never closed")
            .help("add a line `---` after the last `key: value` line"))
    }

    /// A plain YAML file (`site.yaml`): the whole text is "front matter".
    pub fn yaml(path: &Path, bytes: Vec<u8>) -> Result<Document, Diagnostic> {
        let text = decode(path, bytes)?;
        Ok(Document {
            front: 0..text.len(),
            body: text.len()..text.len(),
            text,
            path: path.to_path_buf(),
            front_line: 1,
        })
    }

    pub fn front(&self) -> &str {
        &self.text[self.front.clone()]
    }

    pub fn body(&self) -> &str {
        &self.text[self.body.clone()]
    }

    /// The front-matter lines with their 1-based line numbers in the file.
    fn front_lines(&self) -> impl Iterator<Item = (usize, &str)> {
        self.front().lines().enumerate().map(move |(i, l)| (self.front_line + i, l))
    }

    /// The line of a top-level `key:`, if it is written in block style.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        self.front_lines().find(|(_, l)| is_key_line(l, key)).map(|(n, _)| n)
    }

    /// A diagnostic underlining the value of top-level `key` (or the key itself if it has no value
    /// on its line), or the closing `---` when the key is absent.
    pub fn at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        match self.key_line(key) {
            Some(n) => {
                let line = self.text.lines().nth(n - 1).unwrap_or("");
                let after = line.find(':').map(|i| i + 1).unwrap_or(0);
                let value = line[after..].trim();
                if value.is_empty() {
                    Diagnostic::at(&self.path, &self.text, n, 1, key.chars().count(), message)
                } else {
                    let col = line[..after].chars().count()
                        + line[after..].chars().take_while(|c| c.is_whitespace()).count()
                        + 1;
                    Diagnostic::at(&self.path, &self.text, n, col, value.chars().count(), message)
                }
            }
            None => self.at_end(message),
        }
    }

    /// A diagnostic underlining the name of top-level `key`.
    pub fn at_key_name(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        match self.key_line(key) {
            Some(n) => Diagnostic::at(&self.path, &self.text, n, 1, key.chars().count(), message),
            None => self.at_end(message),
        }
    }

    /// A diagnostic at the first occurrence of `needle` at or after the line of `key` (used for list
    /// items and nested values such as `echoes` entries and `evidence` URLs). A value written as a
    /// quoted string with escapes (`"caf\u00e9"`) is found too, and underlined as written.
    pub fn at_text(&self, key: &str, needle: &str, message: impl Into<String>) -> Diagnostic {
        let from = self.key_line(key).unwrap_or(self.front_line);
        let lines = || self.front_lines().filter(move |(n, _)| *n >= from);
        let found = lines().find_map(|(n, l)| l.find(needle).map(|i| (n, l, i, needle.len()))).or_else(|| {
            lines().find_map(|(n, l)| {
                quoted(l).find(|(_, _, value)| value.trim() == needle).map(|(i, len, _)| (n, l, i, len))
            })
        });
        match found {
            Some((n, l, i, len)) if !needle.is_empty() => {
                let width = l[i..i + len].chars().count();
                Diagnostic::at(&self.path, &self.text, n, l[..i].chars().count() + 1, width, message)
            }
            _ => self.at_key(key, message),
        }
    }

    /// The first and last line of item `index` (from 0) of the block list under top-level `key`
    /// (`- ...` lines, each with its indented continuation). `None` for a list written in flow
    /// style (`[a, b]`) or an item that is not there.
    pub fn item_lines(&self, key: &str, index: usize) -> Option<(usize, usize)> {
        let start = self.key_line(key)?;
        let mut items: Vec<(usize, usize)> = Vec::new();
        let mut indent = None;
        for (n, line) in self.front_lines().filter(|(n, _)| *n > start) {
            let body = line.trim_start();
            let depth = line.len() - body.len();
            if body.is_empty() || body.starts_with('#') {
                continue;
            }
            let dash = body == "-" || body.starts_with("- ");
            if depth == 0 && !dash {
                break;
            }
            if dash && indent.is_none_or(|i| i == depth) {
                indent = Some(depth);
                items.push((n, n));
            } else if let Some(last) = items.last_mut() {
                last.1 = n;
            } else {
                break;
            }
        }
        items.get(index).copied()
    }

    /// A diagnostic at `field`'s value within item `index` of the list under `key` (at the item's
    /// first line when `field` is `None` or absent from it), else at `key`.
    pub fn at_item(&self, key: &str, index: usize, field: Option<&str>, message: impl Into<String>) -> Diagnostic {
        let Some((first, last)) = self.item_lines(key, index) else { return self.at_key_name(key, message) };
        let lines: Vec<(usize, &str)> = self.front_lines().filter(|(n, _)| (first..=last).contains(n)).collect();
        let found = field
            .and_then(|field| lines.iter().find_map(|(n, l)| field_value(l, field).map(|(col, len)| (*n, col, len))));
        let (n, col, len) = found.unwrap_or_else(|| {
            let line = lines.first().map_or("", |(_, l)| l);
            let at = line.find('-').map_or(0, |i| i + 1);
            let skip = line[at..].chars().take_while(|c| c.is_whitespace()).count();
            (first, line[..at].chars().count() + skip + 1, line[at..].trim().chars().count())
        });
        Diagnostic::at(&self.path, &self.text, n, col, len, message)
    }

    /// A diagnostic at the first occurrence of `needle` within item `index` of the list under
    /// `key`, else as [`Self::at_item`] puts it.
    pub fn at_item_text(&self, key: &str, index: usize, needle: &str, message: impl Into<String>) -> Diagnostic {
        let found = self.item_lines(key, index).and_then(|(first, last)| {
            self.front_lines()
                .filter(|(n, _)| (first..=last).contains(n))
                .find_map(|(n, l)| word_at(l, needle).map(|i| (n, l[..i].chars().count() + 1)))
        });
        match found {
            Some((n, col)) if !needle.is_empty() => {
                Diagnostic::at(&self.path, &self.text, n, col, needle.chars().count(), message)
            }
            _ => self.at_item(key, index, None, message),
        }
    }

    /// A diagnostic at the closing `---` of the front matter: where a missing key would go.
    pub fn at_end(&self, message: impl Into<String>) -> Diagnostic {
        let line = self.front_line + self.front().lines().count();
        Diagnostic::at(&self.path, &self.text, line, 1, 3, message)
    }

    /// Maps a 1-based line within the front matter to a line in the file.
    pub fn file_line(&self, front_line: usize) -> usize {
        self.front_line + front_line.saturating_sub(1)
    }
}

/// The quoted YAML strings on `line`: where each starts, its written length in bytes (quotes
/// included) and the text it stands for.
fn quoted(line: &str) -> impl Iterator<Item = (usize, usize, String)> + '_ {
    line.char_indices().filter(|(_, c)| *c == '"' || *c == '\'').filter_map(move |(start, quote)| {
        let rest = &line[start + 1..];
        let mut escaped = false;
        let mut chars = rest.char_indices().peekable();
        let end = loop {
            let (i, c) = chars.next()?;
            match c {
                _ if escaped => escaped = false,
                '\\' if quote == '"' => escaped = true,
                '\'' if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                    chars.next();
                }
                c if c == quote => break start + 1 + i + 1,
                _ => {}
            }
        };
        let value: String = serde_yaml::from_str(&line[start..end]).ok()?;
        Some((start, end - start, value))
    })
}

/// Where `field: value` sits on a list-item line (`- field: value`, `  field: value` or inside a
/// flow mapping `- {a: 1, field: value}`): the value's column (from 1) and width, or the field's
/// when it has no value on the line.
fn field_value(line: &str, field: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = line[from..].find(field) {
        let at = from + found;
        let before = line[..at].trim_end();
        let after = line[at + field.len()..].trim_start();
        if (before.is_empty() || before.ends_with(['-', '{', ','])) && after.starts_with(':') {
            let rest = &after[1..];
            let value_at = line.len() - rest.trim_start().len();
            let end = if before.ends_with(['{', ',']) {
                value_end(&line[value_at..])
            } else {
                line[value_at..].trim_end().len()
            };
            if end == 0 {
                return Some((line[..at].chars().count() + 1, field.chars().count()));
            }
            return Some((line[..value_at].chars().count() + 1, line[value_at..value_at + end].chars().count()));
        }
        from = at + field.len();
    }
    None
}

/// The length of a flow-mapping value: up to the `,` or `}` that ends it, brackets and quotes kept.
fn value_end(text: &str) -> usize {
    let mut depth = 0usize;
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']') if depth > 0 => depth -= 1,
            (None, ',' | '}') if depth == 0 => return text[..i].trim_end().len(),
            (None, '}') => depth -= 1,
            _ => {}
        }
    }
    text.trim_end().len()
}

/// Where `word` occurs on `line` as a whole word (not inside a longer slug or id).
fn word_at(line: &str, word: &str) -> Option<usize> {
    let is_part = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    let mut from = 0;
    while let Some(found) = line[from..].find(word) {
        let at = from + found;
        let end = at + word.len();
        if !line[..at].chars().next_back().is_some_and(is_part) && !line[end..].chars().next().is_some_and(is_part) {
            return Some(at);
        }
        from = end;
    }
    None
}

fn is_key_line(line: &str, key: &str) -> bool {
    line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
}

/// UTF-8 with an optional BOM; CRLF becomes LF so that line numbers and carets stay right.
pub(super) fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = bytes[..at].iter().rposition(|b| *b == b'\n').map(|i| i + 1).unwrap_or(0);
            let col = String::from_utf8_lossy(&bytes[line_start..at]).chars().count() + 1;
            let mut d =
                Diagnostic::file(path, format!("invalid UTF-8 at byte offset {at} (line {line}, column {col})"))
                    .help("save the file with UTF-8 encoding");
            d.line = line;
            d.col = col;
            return Err(d);
        }
    };
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    Ok(if text.contains('\r') { text.replace("\r\n", "\n") } else { text })
}
