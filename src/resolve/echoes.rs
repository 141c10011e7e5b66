//! A claim's `echoes`: the tracked claims it repeats, by slug, and the reports outside the tracked
//! outlets it repeats, written as mappings (`{outlet, url, date, language}`; `url` may be the
//! words `not online`). Each problem is reported at the entry's line.
//!
//! A report becomes a [`Report`] here; `resolve` then merges the reports that several claims name
//! into one (by [`Report::key`]), so that single-origin detection sees one root.

use super::Refs;
use super::fields::{Fields, is_web_url};
use crate::load::meta::{EchoMeta, NOT_ONLINE, ReportMeta};
use crate::model::*;

/// The tracked claims (positions in the file list) and the reports that `echoes` names.
pub(super) fn echoes(
    slug: &str,
    list: &[EchoMeta],
    claim_date: Option<Stamp>,
    refs: &Refs,
    f: &mut Fields,
) -> (Vec<usize>, Vec<Report>) {
    let (mut claims, mut reports) = (Vec::new(), Vec::new());
    for (k, echo) in list.iter().enumerate() {
        match echo {
            EchoMeta::Claim(wanted) if wanted == slug => {
                let d = f.doc.at_text("echoes", wanted, "a claim cannot echo itself");
                f.report(d.help("list the earlier claims this one repeats"));
            }
            EchoMeta::Claim(wanted) => claims.extend(refs.claims.lookup(f, "echoes", wanted)),
            EchoMeta::Report(meta) => reports.extend(report(meta, k, claim_date, f)),
        }
    }
    (claims, reports)
}

fn report(m: &ReportMeta, k: usize, claim_date: Option<Stamp>, f: &mut Fields) -> Option<Report> {
    let fields = [("outlet", &m.outlet), ("url", &m.url), ("date", &m.date), ("language", &m.language)];
    let missing: Vec<String> = fields
        .iter()
        .filter(|(_, v)| v.as_deref().is_none_or(|v| v.trim().is_empty()))
        .map(|(key, _)| format!("`{key}`"))
        .collect();
    if !missing.is_empty() {
        let d = f.doc.at_item("echoes", k, None, format!("an `echoes` report has no {}", missing.join(", ")));
        f.report(d.help(format!(
            "a report outside the tracked outlets needs `outlet`, `url` (or `{NOT_ONLINE}`), `date` and `language`"
        )));
        return None;
    }
    let at = |f: &mut Fields, key: &str, message: String, help: String| {
        let d = f.doc.at_item("echoes", k, Some(key), message).help(help);
        f.report(d);
    };
    let url_text = m.url.as_deref()?.trim();
    let url = if url_text.eq_ignore_ascii_case(NOT_ONLINE) {
        Some(None)
    } else if is_web_url(url_text) {
        Some(Some(url_text.to_string()))
    } else {
        let message = format!("`{url_text}` is neither an http(s) URL nor `{NOT_ONLINE}`");
        at(
            f,
            "url",
            message,
            format!("give the report's address, or write `url: {NOT_ONLINE}` for a broadcast or a print edition"),
        );
        None
    };
    let date_text = m.date.as_deref()?.trim();
    let date = Stamp::parse(date_text);
    if date.is_none() {
        let help = "write a date as `2025-10-28`, or a date and time as `2025-10-28T12:19:00+05:30`".to_string();
        at(f, "date", format!("`{date_text}` is not a valid date"), help);
    }
    let language = m.language.as_deref()?.trim();
    if !is_language_tag(language) {
        let help = "write a BCP 47 language tag, such as `hi`, `ur` or `en-GB`".to_string();
        at(f, "language", format!("`{language}` is not a language tag"), help);
    }
    // `Err` when written but not in the vocabulary.
    let sourcing = match m.sourcing.as_deref().map(str::trim) {
        None => Ok(None),
        Some(s) => Sourcing::parse(s).map(Some).ok_or(s),
    };
    if let Err(s) = sourcing {
        at(f, "sourcing", format!("`sourcing` cannot be `{s}`"), format!("use one of {}", Sourcing::allowed()));
    }
    if let (Some(report), Some(claim)) = (date, claim_date)
        && claim.is_before(&report)
    {
        let message = format!("the claim is dated {} but the report it repeats is dated {}", claim.iso(), report.iso());
        at(f, "date", message, "`echoes` lists earlier reports this claim repeats: check both dates".to_string());
    }
    Some(Report {
        outlet: m.outlet.as_deref()?.trim().to_string(),
        url: url?,
        date: date?,
        language: is_language_tag(language).then(|| language.to_string())?,
        title: m.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_string),
        sourcing: sourcing.ok()?,
    })
}

/// A BCP 47 tag in its usual shape: a primary language of two or three letters, then subtags of
/// one to eight letters or digits (`hi`, `en-GB`, `zh-Hant-TW`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
