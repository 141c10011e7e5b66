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

/// A list of texts (`tags`), each held to [`printable`]'s rule as it is read, so that an
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
#[derive(Debug, Clone, Default, Deserialize)]
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
    /// Where readers report an error: an email address or an http(s) URL. Also accepted inside
    /// `publisher:`, where it now belongs; written in both places, the publisher's wins.
    #[serde(default, deserialize_with = "text")]
    pub corrections: Option<String>,
    /// The date up to which the whole record was reviewed.
    #[serde(default, deserialize_with = "text")]
    pub reviewed: Option<String>,
    /// How many folded characters a change between two versions of a source must touch to be
    /// reported (a whole number; read by `resolve`).
    #[serde(default, deserialize_with = "text")]
    pub version_change_threshold: Option<String>,
    /// How many entries, the newest, the Atom feeds carry (a whole number from 1; read by `resolve`).
    #[serde(default, deserialize_with = "text")]
    pub feed_entries: Option<String>,
    /// How many entries a list page shows before the rest goes on numbered pages (a whole number
    /// of at least 1; read by `resolve`).
    #[serde(default, deserialize_with = "text")]
    pub page_size: Option<String>,
    /// `false`: `check` does not warn about source and evidence links without an archived copy.
    #[serde(default)]
    pub warn_unarchived: Option<bool>,
}
pub const SITE_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "summary",
    "publisher",
    "corrections",
    "reviewed",
    "version_change_threshold",
    "feed_entries",
    "warn_unarchived",
    "page_size",
];

/// `publisher:` in `site.yaml`: the organisation behind the site. Every key is optional: with no
/// name, the site says it is an independent record, not a newsroom.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublisherMeta {
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    /// Where readers report an error: an email address or an http(s) URL.
    #[serde(default, deserialize_with = "text")]
    pub corrections: Option<String>,
    /// Who funds or owns the publisher, as text for readers.
    #[serde(default, deserialize_with = "text")]
    pub funding: Option<String>,
}

/// `content/outlets/<slug>.md`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutletMeta {
    #[serde(default, deserialize_with = "text")]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub kind: Option<String>,
    /// Earlier slugs of this file, each kept as a page that redirects here.
    #[serde(default, deserialize_with = "texts")]
    pub aliases: Vec<String>,
}
pub const OUTLET_KEYS: &[&str] = &["name", "url", "country", "kind", "aliases"];

/// `content/sources/<slug>.md`; the body is the archived article text.
#[derive(Debug, Clone, Default, Deserialize)]
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
    /// When the archived copy was captured: a date, or a date and time.
    #[serde(default, deserialize_with = "text")]
    pub archived_on: Option<String>,
    /// How uncertain metadata was established ("date inferred from ..."); shown to readers.
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
    /// Earlier slugs of this file, each kept as a page that redirects here.
    #[serde(default, deserialize_with = "texts")]
    pub aliases: Vec<String>,
    /// Later captures of the article, oldest first; the body is the first version.
    #[serde(default)]
    pub versions: Vec<VersionMeta>,
}
pub const SOURCE_KEYS: &[&str] =
    &["outlet", "headline", "published", "url", "author", "archived", "archived_on", "note", "aliases", "versions"];

/// One entry of a source's `versions` list: a later capture of the article, its text in a file
/// beside the source.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionMeta {
    /// When it was captured: a date, or a date and time with offset.
    #[serde(default, deserialize_with = "text")]
    pub captured: Option<String>,
    /// Where it was captured from: the live URL or an archive's.
    #[serde(default, deserialize_with = "text")]
    pub from: Option<String>,
    /// An archived copy of this version.
    #[serde(default, deserialize_with = "text")]
    pub archived: Option<String>,
    /// The headline this version carried, when it was noted.
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    /// The file holding this version's text, relative to the source file's folder.
    #[serde(default, deserialize_with = "text")]
    pub text: Option<String>,
}

/// `content/topics/<slug>.md`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TopicMeta {
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub statement: Option<String>,
    pub order: Option<i64>,
    /// What the record now shows about the statement, in one or two sentences.
    #[serde(default, deserialize_with = "text")]
    pub conclusion: Option<String>,
    /// The date the conclusion was last reviewed.
    #[serde(default, deserialize_with = "text")]
    pub reviewed: Option<String>,
    /// Checked like any other, published by `build` only once this is removed or `false`.
    #[serde(default)]
    pub draft: Option<bool>,
    /// Earlier slugs of this file, each kept as a page that redirects here.
    #[serde(default, deserialize_with = "texts")]
    pub aliases: Vec<String>,
}
pub const TOPIC_KEYS: &[&str] = &["title", "statement", "order", "conclusion", "reviewed", "draft", "aliases"];

/// `content/claims/**/<slug>.md`.
#[derive(Debug, Clone, Default, Deserialize)]
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
    /// The verdict's reason in one line, shown beside the verdict.
    #[serde(default, deserialize_with = "text")]
    pub summary: Option<String>,
    /// For `sourcing: media-reports` whose reports could not be found: what was searched, shown to
    /// readers in place of the echo that would name them.
    #[serde(default, deserialize_with = "text")]
    pub untraced: Option<String>,
    #[serde(default)]
    pub echoes: Vec<EchoMeta>,
    #[serde(default)]
    pub evidence: Vec<EvidenceMeta>,
    #[serde(default)]
    pub updates: Vec<UpdateMeta>,
    #[serde(default, deserialize_with = "texts")]
    pub tags: Vec<String>,
    /// Checked like any other, published by `build` only once this is removed or `false`.
    #[serde(default)]
    pub draft: Option<bool>,
    /// Earlier slugs of this file, each kept as a page that redirects here.
    #[serde(default, deserialize_with = "texts")]
    pub aliases: Vec<String>,
    /// The public log of what was corrected on the page after it was published.
    #[serde(default)]
    pub corrections: Vec<CorrectionMeta>,
}
pub const CLAIM_KEYS: &[&str] = &[
    "title",
    "source",
    "date",
    "topic",
    "stance",
    "status",
    "quote",
    "sourcing",
    "summary",
    "untraced",
    "echoes",
    "evidence",
    "updates",
    "tags",
    "draft",
    "aliases",
    "corrections",
];

/// One entry of a claim's `corrections` list: a dated change to the published page that is not a
/// change of verdict (those are `updates`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionMeta {
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    /// `correction`, `clarification` or `update`.
    #[serde(default, deserialize_with = "text")]
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
}

/// One entry of a claim's `echoes` list: the slug of a tracked claim it repeats, or a report
/// outside the tracked outlets, written as a mapping.
#[derive(Debug, Clone)]
pub enum EchoMeta {
    Claim(String),
    Report(ReportMeta),
}

impl<'de> Deserialize<'de> for EchoMeta {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Echo;
        impl<'de> serde::de::Visitor<'de> for Echo {
            type Value = EchoMeta;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the slug of a tracked claim, or a report as `{outlet, url, date, language}`")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<EchoMeta, E> {
                printable(s.to_string()).map(EchoMeta::Claim).map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<EchoMeta, A::Error> {
                ReportMeta::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(EchoMeta::Report)
            }
        }
        d.deserialize_any(Echo)
    }
}

/// A report outside the tracked outlets that a claim repeats (an `echoes` entry written as a
/// mapping): a newspaper in another language, a broadcast, a post.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportMeta {
    #[serde(default, deserialize_with = "text")]
    pub outlet: Option<String>,
    /// An http(s) URL, or the words [`NOT_ONLINE`].
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    /// A BCP 47 language tag (`hi`, `ur`, `en-GB`).
    #[serde(default, deserialize_with = "text")]
    pub language: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub sourcing: Option<String>,
}

/// What `url` says of a report that has no address (a broadcast, a print edition).
pub const NOT_ONLINE: &str = "not online";

/// One entry of a claim's `evidence` list.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvidenceMeta {
    /// The name a verdict step cites it by: `[a-z0-9-]+`, unique within the claim.
    #[serde(default, deserialize_with = "text")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub bearing: Option<String>,
    /// An http(s) URL of an archived copy of `url`.
    #[serde(default, deserialize_with = "text")]
    pub archived: Option<String>,
    /// When that copy was captured.
    #[serde(default, deserialize_with = "text")]
    pub archived_on: Option<String>,
}

/// One entry of a claim's `updates` list (its verdict history).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeta {
    #[serde(default, deserialize_with = "text")]
    pub date: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "text")]
    pub note: Option<String>,
    /// The `id`s of this claim's evidence that the step rests on.
    #[serde(default, deserialize_with = "one_or_more")]
    pub cites: Vec<String>,
}

/// A list of texts, or one text standing for a list of one (`cites: geo-denial`).
fn one_or_more<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        One(String),
        More(Vec<String>),
    }
    let list = match Shape::deserialize(d)? {
        Shape::One(one) => vec![one],
        Shape::More(more) => more,
    };
    list.into_iter().map(|s| printable(s).map_err(serde::de::Error::custom)).collect()
}
