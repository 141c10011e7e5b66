//! The raw front matter of each content kind, exactly as an editor writes it.
//!
//! This is the one place that knows the keys. Every field is optional here so that the resolver can
//! report *all* missing keys at once, with positions, instead of stopping at the first; values stay
//! strings until the resolver checks them against their vocabularies.

use serde::Deserialize;

/// `content/site.yaml`.
#[derive(Debug, Default, Deserialize)]
pub struct SiteMeta {
    pub title: Option<String>,
    pub description: Option<String>,
    pub base_url: Option<String>,
    pub language: Option<String>,
    pub summary: Option<String>,
}
pub const SITE_KEYS: &[&str] = &["title", "description", "base_url", "language", "summary"];

/// `content/outlets/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
pub struct OutletMeta {
    pub name: Option<String>,
    pub url: Option<String>,
    pub country: Option<String>,
    pub kind: Option<String>,
}
pub const OUTLET_KEYS: &[&str] = &["name", "url", "country", "kind"];

/// `content/sources/<slug>.md`; the body is the archived article text.
#[derive(Debug, Default, Deserialize)]
pub struct SourceMeta {
    pub outlet: Option<String>,
    pub headline: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub author: Option<String>,
    pub archived: Option<String>,
    /// How uncertain metadata was established ("date inferred from ..."); shown to readers.
    pub note: Option<String>,
}
pub const SOURCE_KEYS: &[&str] = &["outlet", "headline", "published", "url", "author", "archived", "note"];

/// `content/topics/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
pub struct TopicMeta {
    pub title: Option<String>,
    pub statement: Option<String>,
    pub order: Option<i64>,
}
pub const TOPIC_KEYS: &[&str] = &["title", "statement", "order"];

/// `content/claims/**/<slug>.md`.
#[derive(Debug, Default, Deserialize)]
pub struct ClaimMeta {
    pub title: Option<String>,
    pub source: Option<String>,
    pub date: Option<String>,
    pub topic: Option<String>,
    pub stance: Option<String>,
    pub status: Option<String>,
    pub quote: Option<String>,
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
    pub url: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub bearing: Option<String>,
}

/// One entry of a claim's `updates` list (its verdict history).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeta {
    pub date: Option<String>,
    pub status: Option<String>,
    pub note: Option<String>,
}
