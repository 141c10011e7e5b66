//! New: write a skeleton content file for an editor to fill in.
//!
//! A skeleton has a line for every key of its kind, taken from the key lists in
//! [`crate::load::meta`] (the one place that knows them), so a key added there shows up here
//! without a change. Required values are obvious `TODO` placeholders that `claimtrack check`
//! refuses until they are filled (`stance: TODO` is not a stance, a `TODO` quote is not in the
//! article); optional ones are left empty, with the allowed values in a comment. What can be known
//! is filled in: a claim's outlet folder and date come from its source, a topic's `order` follows
//! the last one. References are checked against the loaded content, not the resolved site, so a
//! mistake elsewhere in the content never stops an editor from starting a new file.
//!
//! Existing files are never overwritten: the file is created with `create_new`, and a slug already
//! used by another file of the kind (in any claims sub-folder) is refused. Every refusal is a
//! usage error (exit status 2), as the content itself is fine.

use crate::Error;
use crate::diag::nearest;
use crate::load::meta::{CLAIM_KEYS, OUTLET_KEYS, SOURCE_KEYS, SourceMeta, TOPIC_KEYS, TopicMeta};
use crate::load::{self, Entry, Loaded};
use crate::model::{Bearing, OutletKind, Sourcing, Stamp, Stance, Status};
use crate::resolve::{SUMMARY_MAX, is_valid_slug, suggested_slug};
use chrono::NaiveDate;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to write, with the references it needs.
pub enum Skeleton {
    Outlet,
    Source { outlet: String },
    Topic,
    Claim { source: String, topic: String },
}

/// Writes the skeleton for `slug` under `<root>/content` and returns the path written.
pub fn write(root: &Path, slug: &str, skeleton: &Skeleton, today: NaiveDate) -> Result<PathBuf, Error> {
    check_slug("the new file's", slug)?;
    let loaded = load::load(root).map_err(|e| Error::Io(e.0))?;
    let (rel, text) = match skeleton {
        Skeleton::Outlet => {
            unused(&loaded.outlets, "outlet", slug)?;
            (PathBuf::from(format!("content/outlets/{slug}.md")), outlet())
        }
        Skeleton::Source { outlet } => {
            unused(&loaded.sources, "source", slug)?;
            find(&loaded.outlets, "outlet", outlet, root)?;
            (PathBuf::from(format!("content/sources/{slug}.md")), source(outlet, today))
        }
        Skeleton::Topic => {
            unused(&loaded.topics, "topic", slug)?;
            (PathBuf::from(format!("content/topics/{slug}.md")), topic(&loaded))
        }
        Skeleton::Claim { source, topic } => {
            unused(&loaded.claims, "claim", slug)?;
            let source = find(&loaded.sources, "source", source, root)?;
            let topic = find(&loaded.topics, "topic", topic, root)?;
            let outlet = source.meta.outlet.as_deref().map(str::trim).unwrap_or_default();
            if !is_valid_slug(outlet) {
                return Err(Error::Io(format!(
                    "{} does not name a valid outlet, so the claim has no folder; run `claimtrack check`",
                    source.doc.path.display()
                )));
            }
            (PathBuf::from(format!("content/claims/{outlet}/{slug}.md")), claim(&loaded, source, topic, today))
        }
    };
    let path = root.join(&rel);
    create(&path, &text).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => Error::Io(format!("{} already exists (left as it is)", path.display())),
        _ => Error::Io(format!("{}: {e}", path.display())),
    })?;
    Ok(path)
}

fn check_slug(whose: &str, slug: &str) -> Result<(), Error> {
    if is_valid_slug(slug) {
        return Ok(());
    }
    let mut message = format!("{whose} slug `{slug}` may only use lowercase letters, digits and `-`");
    let suggestion = suggested_slug(slug);
    if !suggestion.is_empty() {
        message.push_str(&format!(" (try `{suggestion}`)"));
    }
    Err(Error::Io(message))
}

/// Refuses a slug that a file of the same kind already has, wherever it sits.
fn unused<M>(entries: &[Entry<M>], kind: &str, slug: &str) -> Result<(), Error> {
    match entries.iter().find(|e| e.slug == slug) {
        Some(e) => Err(Error::Io(format!("{kind} `{slug}` already exists: {} (left as it is)", e.doc.path.display()))),
        None => Ok(()),
    }
}

/// The entry a reference names, or an error that says what to do instead.
fn find<'a, M>(entries: &'a [Entry<M>], kind: &str, slug: &str, root: &Path) -> Result<&'a Entry<M>, Error> {
    check_slug(&format!("the {kind}"), slug)?;
    if let Some(entry) = entries.iter().find(|e| e.slug == slug) {
        return Ok(entry);
    }
    let folder = format!("content/{kind}s");
    let hint = if root.join(&folder).join(format!("{slug}.md")).is_file() {
        format!("{folder}/{slug}.md has errors; run `claimtrack check`")
    } else if let Some(near) = nearest(slug, entries.iter().map(|e| e.slug.as_str())) {
        format!("did you mean `{near}`?")
    } else {
        format!("create it first with `claimtrack new {kind} {slug}`")
    };
    Err(Error::Io(format!("no {kind} `{slug}` in {folder}/: {hint}")))
}

fn create(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::OpenOptions::new().write(true).create_new(true).open(path)?.write_all(text.as_bytes())
}

/// One front-matter line: the value as YAML, and a comment for the editor.
struct Line {
    value: String,
    comment: String,
}

fn line(value: impl Into<String>, comment: impl Into<String>) -> Line {
    Line { value: value.into(), comment: comment.into() }
}

/// "`a`, `b` or `c`" as a comment reads it: "a, b or c".
fn choices(allowed: String) -> String {
    allowed.replace('`', "")
}

/// The front matter and body, one line per key in the loader's order, comments aligned.
fn document(keys: &[&str], mut value: impl FnMut(&str) -> Line, body: &str) -> String {
    let lines: Vec<(String, String)> = keys
        .iter()
        .map(|key| {
            let Line { value, comment } = value(key);
            let text = if value.is_empty() { format!("{key}:") } else { format!("{key}: {value}") };
            (text, comment)
        })
        .collect();
    let width = lines.iter().map(|(t, _)| t.chars().count()).filter(|w| *w <= 40).max().unwrap_or(0);
    let mut out = String::from("---\n");
    for (text, comment) in lines {
        if comment.is_empty() {
            out.push_str(&format!("{text}\n"));
        } else {
            out.push_str(&format!("{text:width$}  # {comment}\n"));
        }
    }
    out.push_str("---\n");
    out.push_str(body);
    out
}

fn outlet() -> String {
    let value = |key: &str| match key {
        "name" => line("'TODO: the outlet as readers know it'", "required"),
        "url" => line("", "optional: https:// address of its home page"),
        "country" => line("", "optional: e.g. GB, PK, US"),
        "kind" => line("", format!("optional: {}", choices(OutletKind::allowed()))),
        "aliases" => line("[]", "optional: earlier slugs of this file, each kept as a page that redirects here"),
        _ => line("", "optional"),
    };
    document(OUTLET_KEYS, value, "TODO: one or two sentences a reader needs to place the outlet.\n")
}

fn source(outlet: &str, today: NaiveDate) -> String {
    let value = |key: &str| match key {
        "outlet" => line(outlet, "required: the outlet's slug"),
        "headline" => line("'TODO: the headline as published'", "required"),
        "published" => line(
            today.format("%Y-%m-%d").to_string(),
            "required: the article's date, or date and time with its offset: 2025-10-28T12:19:00+05:30",
        ),
        "url" => line("", "optional: https:// address of the article at the outlet (not a mirror)"),
        "author" => line("", "optional"),
        "archived" => line("", "optional: https:// address of an archived copy"),
        "note" => line("", "optional: how uncertain metadata was established; shown to readers"),
        "aliases" => line("[]", "optional: earlier slugs of this file, each kept as a page that redirects here"),
        "versions" => line(
            "",
            "optional, oldest first: - {captured: 2025-10-30T09:00:00+00:00, from: https://..., archived: https://..., title: '...', text: <slug>.v2.txt}",
        ),
        _ => line("", "optional"),
    };
    document(
        SOURCE_KEYS,
        value,
        "TODO: paste the article's text as published. Quotes are checked against it; it is never published.\n",
    )
}

fn topic(loaded: &Loaded) -> String {
    // The last order may be the largest number there is: then no order follows it, and the line is
    // left for the editor rather than wrapped round to the most negative one.
    let last = loaded.topics.iter().filter_map(|t| t.meta.order).max().unwrap_or(0);
    let value = |key: &str| match key {
        "title" => line("'TODO: a short name, e.g. Troop numbers'", "required"),
        "statement" => {
            line("'TODO: the proposition, in one sentence, that claims assert, hedge or dispute'", "required")
        }
        "order" => match last.checked_add(1) {
            Some(next) => line(next.to_string(), "optional: position on the home page"),
            None => line("", "optional: position on the home page (the last topic's order is the largest allowed)"),
        },
        "conclusion" => {
            line("", "required once a claim on it has a verdict: what the record now shows, in 1-2 sentences")
        }
        "reviewed" => line("", "required with `conclusion`: the date it was last reviewed"),
        "draft" => line("false", "optional: true keeps it off the published site; `serve` shows it"),
        "aliases" => line("[]", "optional: earlier slugs of this file, each kept as a page that redirects here"),
        _ => line("", "optional"),
    };
    document(TOPIC_KEYS, value, "TODO: context for the reader: where the statement comes from, what is known.\n")
}

fn claim(loaded: &Loaded, source: &Entry<SourceMeta>, topic: &Entry<TopicMeta>, today: NaiveDate) -> String {
    let first_line = |text: Option<&str>| text.unwrap_or("").lines().next().unwrap_or("").trim().to_string();
    let outlet = source.meta.outlet.as_deref().unwrap_or("").trim();
    let outlet_name = loaded
        .outlets
        .iter()
        .find(|o| o.slug == outlet)
        .map(|o| first_line(o.meta.name.as_deref()))
        .unwrap_or_else(|| outlet.to_string());
    let published = source.meta.published.as_deref().map(str::trim).filter(|p| Stamp::parse(p).is_some());
    let day = today.format("%Y-%m-%d");
    let value = |key: &str| match key {
        "title" => line("'TODO: the claim in one line, as the article makes it'", "required"),
        "source" => {
            line(source.slug.as_str(), format!("{outlet_name}: {}", first_line(source.meta.headline.as_deref())))
        }
        "date" => match published {
            Some(p) => line(p, "the source's date; change it if the claim was made later"),
            None => line(day.to_string(), "TODO: when the claim was made; not before the source's date"),
        },
        "topic" => line(topic.slug.as_str(), first_line(topic.meta.statement.as_deref())),
        "stance" => line("TODO", format!("required: {} the topic's statement", choices(Stance::allowed()))),
        "status" => line("TODO", format!("required, the verdict: {}", choices(Status::allowed()))),
        // No comment here: a misquote's diagnostic underlines the rest of this line.
        "quote" => line("'TODO: the sentence, copied verbatim from the source; double any '' inside'", ""),
        "sourcing" => line("", format!("optional: {}", choices(Sourcing::allowed()))),
        "summary" => line("", format!("optional: the verdict's reason in one line, at most {SUMMARY_MAX} characters")),
        "echoes" => line(
            "[]",
            "optional: slugs of earlier claims this one repeats, or - {outlet: '...', url: https://... or not online, date: ..., language: hi}",
        ),
        "evidence" => line(
            "[]",
            format!(
                "optional: - {{id: short-name, url: https://..., title: '...', date: {day}, bearing: {}}}",
                choices(Bearing::allowed()).replace(", ", "|").replace(" or ", "|")
            ),
        ),
        "updates" => line(
            "[]",
            format!(
                "optional, oldest first: - {{date: {day}, status: unverified, note: '...', cites: [short-name]}}; a verdict cites its evidence; the last status equals status"
            ),
        ),
        "tags" => line("[]", "optional: [word, word]"),
        "draft" => line("false", "optional: true keeps it off the published site; `serve` shows it"),
        "aliases" => line("[]", "optional: earlier slugs of this file, each kept as a page that redirects here"),
        "corrections" => line(
            "[]",
            format!("optional, once published: - {{date: {day}, kind: correction|clarification|update, note: '...'}}"),
        ),
        _ => line("", "optional"),
    };
    let body = "## Why this verdict\n\nTODO\n\n## What is known\n\nTODO\n\n## What is not known\n\nTODO\n";
    document(CLAIM_KEYS, value, body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_of_the_kind_gets_one_line() {
        for (text, keys) in [(outlet(), OUTLET_KEYS), (source("x", NaiveDate::MIN), SOURCE_KEYS)] {
            let front = text.split("---\n").nth(1).unwrap();
            for key in keys {
                let count = front.lines().filter(|l| l.starts_with(&format!("{key}:"))).count();
                assert_eq!(count, 1, "{key} in\n{text}");
            }
            assert_eq!(front.lines().count(), keys.len(), "{text}");
        }
    }

    #[test]
    fn a_bad_slug_is_refused_with_the_one_to_use() {
        let Err(Error::Io(message)) = check_slug("the new file's", "Daily Ledger") else { panic!() };
        assert_eq!(
            message,
            "the new file's slug `Daily Ledger` may only use lowercase letters, digits and `-` (try `daily-ledger`)"
        );
    }
}
