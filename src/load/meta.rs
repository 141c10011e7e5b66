//! The raw front matter of each content kind, exactly as an editor writes it.
//!
//! This is the one place that knows the keys. Every field is optional here so that the resolver can
//! report *all* missing keys at once, with positions, instead of stopping at the first; values stay
//! strings until the resolver checks them against their vocabularies.

use serde::{Deserialize, Deserializer};

/// Reads any YAML scalar as text. Editors write `status: false` and `title: 2025`; YAML reads those
/// as a boolean and a number, but they are words here, and refusing them would only confuse.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::Null => Ok(None),
        serde_yaml::Value::String(s) => printable(s).map(Some).map_err(D::Error::custom),
        serde_yaml::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_yaml::Value::Number(n) => Ok(Some(n.to_string())),
        serde_yaml::Value::Tagged(t) => Err(D::Error::custom(format!("unexpected tag `{}`: write plain text", t.tag))),
        _ => Err(D::Error::custom("expected text, found a list or a mapping")),
    }
}

/// A list of texts (`echoes`, `tags`), each held to [`printable`]'s rule as it is read, so that an
/// error points at the item.
fn texts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct Printable(String);
    impl<'de> Deserialize<'de> for Printable {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            printable(String::deserialize(d)?).map(Printable).map_err(serde::de::Error::custom)
        }
    }
    Ok(Vec::<Printable>::deserialize(d)?.into_iter().map(|p| p.0).collect())
}

/// Refuses a text holding a character outside YAML's printable set. The YAML parser already
/// refuses such a character written raw in the file; written as an escape (`"\u0001"`), it would
/// otherwise reach the pages and make the Atom feed ill-formed XML (which forbids it too).
fn printable(s: String) -> Result<String, String> {
    match s.chars().find(|c| !is_printable(*c)) {
        Some(c) => Err(format!("{UNPRINTABLE} (U+{:04X})", u32::from(c))),
        None => Ok(s),
    }
}

/// The message of a YAML parser for a raw control character, used for an escaped one as well.
pub const UNPRINTABLE: &str = "control characters are not allowed";

/// YAML's `c-printable`: tab, line breaks, and everything but the C0 and C1 controls, DEL,
/// surrogates, U+FFFE and U+FFFF.
fn is_printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Where `line` writes an escape (`\u0001`, `\x07`, `\0`, ...) of a character [`is_printable`]
/// refuses: its byte offset and length, for a caret under it.
pub fn unprintable_escape(line: &str) -> Option<(usize, usize)> {
    let hex = |at: usize, digits: usize| line.get(at..at + digits).and_then(|h| u32::from_str_radix(h, 16).ok());
    let mut i = 0;
    while let Some(found) = line[i..].find('\\') {
        let at = i + found;
        let (len, code) = match line.as_bytes().get(at + 1) {
            Some(b'0') => (2, Some(0)),
            Some(b'a') => (2, Some(0x07)),
            Some(b'b') => (2, Some(0x08)),
            Some(b'e') => (2, Some(0x1b)),
            Some(b'v') => (2, Some(0x0b)),
            Some(b'f') => (2, Some(0x0c)),
            Some(b'x') => (4, hex(at + 2, 2)),
            Some(b'u') => (6, hex(at + 2, 4)),
            Some(b'U') => (10, hex(at + 2, 8)),
            _ => (2, None),
        };
        if code.is_some_and(|c| !char::from_u32(c).is_some_and(is_printable)) {
            return Some((at, len));
        }
        i = (at + len).min(line.len());
        while !line.is_char_boundary(i) {
            i += 1;
        }
    }
    None
}

/// `content/site.yaml`.
#[derive(Debug, Default, Deserialize)]
pub struct SiteMeta {
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub base_url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub summary: Option<String>,
    /// Who publishes the fact-checks (the `author` of each ClaimReview); defaults to the title.
    #[serde(default)]
    pub publisher: Option<PublisherMeta>,
    /// Where readers report an error: an email address or an http(s) URL.
    #[serde(default, deserialize_with = "text")]
    pub corrections: Option<String>,
}
pub const SITE_KEYS: &[&str] = &["title", "description", "base_url", "language", "summary", "publisher", "corrections"];

/// `publisher:` in `site.yaml`: the organisation behind the site.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherMeta {
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
}

/// `content/outlets/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
pub struct OutletMeta {
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub kind: Option<String>,
}
pub const OUTLET_KEYS: &[&str] = &["name", "url", "country", "kind"];

/// `content/sources/<slug>.md`; the body is the archived article text.
#[derive(Debug, Default, Deserialize)]
pub struct SourceMeta {
    #[serde(default, deserialize_with = "text")]
    pub outlet: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub headline: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub published: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub author: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub archived: Option<String>,
    /// How uncertain metadata was established ("date inferred from ..."); shown to readers.
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
}
pub const SOURCE_KEYS: &[&str] = &["outlet", "headline", "published", "url", "author", "archived", "note"];

/// `content/topics/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
pub struct TopicMeta {
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub statement: Option<String>,
    pub order: Option<i64>,
}
pub const TOPIC_KEYS: &[&str] = &["title", "statement", "order"];

/// `content/claims/**/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
pub struct ClaimMeta {
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub source: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub topic: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub stance: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub quote: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub sourcing: Option<String>,
    #[serde(default, deserialize_with = "texts")]
    pub echoes: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<EvidenceMeta>,
    #[serde(default)]
    pub updates: Vec<UpdateMeta>,
    #[serde(default, deserialize_with = "texts")]
    pub tags: Vec<String>,
}
pub const CLAIM_KEYS: &[&str] = &[
    "title", "source", "date", "topic", "stance", "status", "quote", "sourcing", "echoes", "evidence", "updates",
    "tags",
];

/// One entry of a claim's `evidence` list.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceMeta {
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub bearing: Option<String>,
}

/// One entry of a claim's `updates` list (its verdict history).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeta {
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
}
