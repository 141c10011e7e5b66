//! Checking one file's values: required keys, vocabularies, dates, URLs and slugs, each problem
//! reported at the key's line with the allowed values or a fix.

use crate::diag::{Diagnostic, nearest};
use crate::load::Document;
use crate::model::Stamp;

/// Checks the values of one document and collects what is wrong with them.
pub struct Fields<'a> {
    pub doc: &'a Document,
    pub diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> Fields<'a> {
    pub fn new(doc: &'a Document, diagnostics: &'a mut Vec<Diagnostic>) -> Self {
        Fields { doc, diagnostics }
    }

    pub fn report(&mut self, d: Diagnostic) {
        self.diagnostics.push(d);
    }

    /// A required string: missing or blank is an error pointing where the key belongs.
    pub fn required<'v>(&mut self, key: &str, value: &'v Option<String>) -> Option<&'v str> {
        match value.as_deref().map(str::trim) {
            Some(v) if !v.is_empty() => Some(v),
            Some(_) => {
                let d = self.doc.at_key_name(key, format!("`{key}` is empty"));
                self.report(d);
                None
            }
            None => {
                let d =
                    self.doc.at_end(format!("missing required key `{key}`")).help(format!("add a line `{key}: ...`"));
                self.report(d);
                None
            }
        }
    }

    /// A value from a closed vocabulary such as `stance` or `status`.
    pub fn vocabulary<T>(
        &mut self,
        key: &str,
        value: &str,
        parse: fn(&str) -> Option<T>,
        allowed: fn() -> String,
    ) -> Option<T> {
        let parsed = parse(value.trim());
        if parsed.is_none() {
            let d = self.doc.at_text(key, value.trim(), format!("`{key}` cannot be `{}`", value.trim()));
            self.report(d.help(format!("use one of {}", allowed())));
        }
        parsed
    }

    /// A date: `YYYY-MM-DD` or RFC 3339 with an offset. `key` locates it, `value` is the text.
    pub fn stamp(&mut self, key: &str, value: &str) -> Option<Stamp> {
        let stamp = Stamp::parse(value);
        if stamp.is_none() {
            let d = self.doc.at_text(key, value.trim(), format!("`{}` is not a valid date", value.trim()));
            self.report(d.help("write a date as `2025-10-28`, or a date and time as `2025-10-28T12:19:00+05:30`"));
        }
        stamp
    }

    /// An optional link: only http(s) URLs are accepted, so nothing else can end up in an `href`.
    pub fn url(&mut self, key: &str, value: &Option<String>) -> Option<String> {
        let value = value.as_deref()?.trim();
        if is_web_url(value) {
            Some(value.to_string())
        } else {
            let d = self.doc.at_text(key, value, format!("`{value}` is not an http(s) URL"));
            self.report(d.help("links must start with `https://` or `http://`"));
            None
        }
    }

    /// A reference to another file by slug; an unknown one suggests the nearest existing slug.
    pub fn reference<'s>(
        &mut self,
        key: &str,
        kind: &str,
        wanted: &str,
        slugs: impl Fn() -> Vec<&'s str>,
    ) -> Diagnostic {
        let d = self.doc.at_text(key, wanted, format!("no {kind} `{wanted}`"));
        match nearest(wanted, slugs()) {
            Some(s) => d.help(format!("did you mean `{s}`?")),
            None => d.help(format!("a {kind} is referred to by its file name without `.md`")),
        }
    }
}

pub fn is_web_url(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !value.chars().any(char::is_whitespace))
}

/// Why `value` cannot be the site's base URL, if it cannot. One rule for `base_url` in `site.yaml`
/// and for `--base-url`: every link is the base's path with a route appended, so the base must be an
/// http(s) URL with a host, or a path from `/`, and hold nothing that would change where the
/// appended route leads (a query or fragment would swallow it, `..` would climb out of the site,
/// a leading `//` would name another host).
pub fn base_url_problem(value: &str) -> Option<&'static str> {
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("it contains a space, a line break or a control character");
    }
    if value.contains(['?', '#']) {
        return Some("it has a query (`?`) or a fragment (`#`), which would end up in the middle of every link");
    }
    if value.contains(['\\', '"', '<', '>']) {
        return Some("it contains `\\`, `\"`, `<` or `>`");
    }
    let lower = value.to_ascii_lowercase();
    let path = match lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://")) {
        Some(_) if !is_web_url(value) => return Some("it has no host after `://`"),
        // `render::Routes` takes what follows the first `://` as the host: there may be no other.
        Some(rest) if rest.contains("://") => return Some("it has a second `://`"),
        Some(rest) => rest.split_once('/').map_or("", |(_, path)| path),
        None if value.starts_with("//") => return Some("it starts with `//`, which browsers read as another host"),
        None if value.starts_with('/') && lower.contains("://") => return Some("it has a second `://`"),
        None if value.starts_with('/') => &lower,
        None => return Some("it is neither an http(s) URL nor a path starting with `/`"),
    };
    // Browsers read `%2e` as a dot, so `%2e%2e` climbs as `..` does.
    if path.split('/').any(|segment| matches!(segment.replace("%2e", ".").as_str(), "." | "..")) {
        return Some("it has a `.` or `..` folder in its path");
    }
    None
}

/// Lowercase ASCII letters, digits and `-`: safe in URLs and file names on every system.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
}

/// The slug an editor probably meant: "Passport Line_2" → "passport-line-2".
pub fn suggested_slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The text `claimtrack new` leaves for an editor to replace.
const PLACEHOLDER: &str = "TODO";

/// Placeholders an editor has not yet replaced: a front-matter value starting `TODO:` (as
/// `claimtrack new` writes them) or, when `body` is set, a body line that is just `TODO` (not for
/// sources, whose body is the article as archived). A skeleton must not be published.
pub fn placeholders(doc: &Document, body: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if !doc.text.contains(PLACEHOLDER) {
        return found;
    }
    let marker = format!("{PLACEHOLDER}:");
    for (i, line) in doc.text.lines().enumerate() {
        let number = i + 1;
        let in_front = number >= doc.front_line && number < doc.front_line + doc.front().lines().count();
        let (col, key) = if in_front {
            let Some((key, value)) = line.split_once(':') else { continue };
            let value = value.trim_start().trim_start_matches(['\'', '"']);
            if !value.starts_with(&marker) {
                continue;
            }
            (line.find(&marker).map_or(1, |c| c + 1), Some(key.trim()))
        } else if body && line.trim() == PLACEHOLDER && number > doc.front_line + doc.front().lines().count() {
            (line.find(PLACEHOLDER).map_or(1, |c| c + 1), None)
        } else {
            continue;
        };
        let message = match key {
            Some(key) => format!("`{key}` still holds its placeholder"),
            None => "the analysis still holds a placeholder".to_string(),
        };
        found.push(
            Diagnostic::at(&doc.path, &doc.text, number, col, PLACEHOLDER.len(), message)
                .help("replace the TODO text with what the reader should see"),
        );
    }
    found
}
