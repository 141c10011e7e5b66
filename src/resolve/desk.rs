//! The checks across claims that a standards desk makes once the site is linked: every topic on
//! which a verdict has been reached has a dated conclusion (an error without one) reviewed no
//! earlier than its claims' last change (a warning), and claims on one topic that quote the same
//! words (folded as the quote check folds them) carry one verdict (a warning where they differ).
//! `docs/diagnostics.md` explains each.

use super::evidence::RULE;
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::model::{Site, Status};
use std::collections::HashMap;

pub(super) fn review(
    site: &Site,
    topics: &HashMap<&str, &Document>,
    claims: &HashMap<&str, &Document>,
    quotes: &[String],
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for t in &site.topics {
        let Some(doc) = topics.get(t.slug.as_str()) else { continue };
        let Some(rated) = t.claims.iter().map(|c| &site.claims[*c]).find(|c| c.status != Status::Unverified) else {
            continue;
        };
        let why = format!("claim `{}` on this topic has the verdict `{}`", rated.slug, rated.status.as_str());
        // An empty `conclusion` is reported where it is written.
        if t.conclusion.is_none() && doc.key_line("conclusion").is_none() {
            found.push(
                doc.at_end(format!("missing key `conclusion`: {why}")).help(
                    "add `conclusion:` with one or two sentences on what the record now shows about the statement",
                ),
            );
        }
        if t.reviewed.is_none() && doc.key_line("reviewed").is_none() {
            found.push(
                doc.at_end(format!("missing key `reviewed`: {why}")).help(
                    "add `reviewed:` with the date the conclusion was last reviewed, e.g. `reviewed: 2026-02-20`",
                ),
            );
        }
        // A conclusion reviewed before a claim on it last changed may no longer hold.
        let latest = t
            .claims
            .iter()
            .map(|c| (site.claims[*c].last_change(), &site.claims[*c]))
            .max_by_key(|(d, _)| d.sort_key());
        if let (Some(reviewed), Some((changed, claim))) = (t.reviewed, latest)
            && reviewed.is_before(&changed)
        {
            let message = format!(
                "the conclusion was reviewed {}, before `{}` last changed ({})",
                reviewed.iso(),
                claim.slug,
                changed.iso()
            );
            found.push(
                doc.at_key("reviewed", message)
                    .warning()
                    .help("read the conclusion against the claims as they now stand, then set `reviewed` to that day"),
            );
        }
        // One verdict per quoted sentence: claims in date order, each compared with the first.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for &c in &t.claims {
            let claim = &site.claims[c];
            let earlier = *first.entry(quotes[c].as_str()).or_insert(c);
            let other = &site.claims[earlier];
            if other.status == claim.status {
                continue;
            }
            let Some(doc) = claims.get(claim.slug.as_str()) else { continue };
            let message = format!(
                "`{}` quotes the same words on this topic, but its verdict is `{}` and this one's `{}`",
                other.slug,
                other.status.as_str(),
                claim.status.as_str()
            );
            found.push(doc.at_key("status", message).warning().help(format!(
                "one statement, one verdict: apply the same rule to both ({RULE}), or say in the analysis why they differ ({})",
                other.path.display()
            )));
        }
    }
    found
}
