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
        serde_yaml::Value::String(s) => Ok(Some(s)),
        serde_yaml::Value::Bool(b) => Ok(Some(b.to_string())),
        serde_yaml::Value::Number(n) => Ok(Some(n.to_string())),
        serde_yaml::Value::Tagged(t) => Err(D::Error::custom(format!("unexpected tag `{}`: write plain text", t.tag))),
        _ => Err(D::Error::custom("expected text, found a list or a mapping")),
    }
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
    #[serde(default)]
    pub echoes: Vec<String>,
    #[serde(default)]
    pub evidence: Vec<EvidenceMeta>,
    #[serde(default)]
    pub updates: Vec<UpdateMeta>,
    #[serde(default)]
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
