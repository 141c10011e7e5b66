//! Drafts: a claim or topic marked `draft: true` is checked like any other, shown by `serve`, and
//! left out of what `build` publishes. Leaving it out must not leave a published page pointing at
//! nothing, so a published claim that repeats a draft, or stands on a draft topic, is an error
//! ([`review`]); [`published`] then drops the drafts and links the rest again, so every page,
//! list, feed and data file made from the result is the public site.

use super::links;
use crate::diag::Diagnostic;
use crate::load::Document;
use crate::model::Site;
use std::collections::HashMap;

/// A published claim may not repeat a draft claim, nor stand on a draft topic.
pub(super) fn review(site: &Site, claims: &HashMap<&str, &Document>) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for c in site.claims.iter().filter(|c| !c.draft) {
        let Some(doc) = claims.get(c.slug.as_str()) else { continue };
        for e in c.echoes.iter().map(|e| &site.claims[*e]).filter(|e| e.draft) {
            let d = doc.at_text("echoes", &e.slug, format!("`{}` is a draft: this published claim repeats it", e.slug));
            found.push(d.help(format!(
                "the public page would link to a page that is not published: publish `{}` (remove `draft: true`) or mark this claim `draft: true` too",
                e.slug
            )));
        }
        let topic = &site.topics[c.topic];
        if topic.draft {
            let d = doc.at_text(
                "topic",
                &topic.slug,
                format!("the topic `{}` is a draft: this claim is published", topic.slug),
            );
            found.push(d.help("publish the topic (remove `draft: true` from it) or mark this claim `draft: true` too"));
        }
    }
    found
}

/// How many claims and topics are drafts.
pub fn count(site: &Site) -> usize {
    site.claims.iter().filter(|c| c.draft).count() + site.topics.iter().filter(|t| t.draft).count()
}

/// The site as `build` publishes it: without its draft claims and topics (and the claims on a
/// draft topic), linked again so that every grouping, tally and origin counts only what is public.
pub fn published(site: Site) -> Site {
    if count(&site) == 0 {
        return site;
    }
    let Site { config, mut outlets, mut sources, topics, claims, reports } = site;
    let mut topic_at = vec![None; topics.len()];
    let mut kept_topics = Vec::new();
    for (i, mut t) in topics.into_iter().enumerate() {
        if !t.draft {
            topic_at[i] = Some(kept_topics.len());
            t.claims.clear();
            t.origins.clear();
            kept_topics.push(t);
        }
    }
    let mut claim_at = vec![None; claims.len()];
    let kept: Vec<bool> = claims.iter().map(|c| !c.draft && topic_at[c.topic].is_some()).collect();
    let mut n = 0;
    for (i, keep) in kept.iter().enumerate() {
        if *keep {
            claim_at[i] = Some(n);
            n += 1;
        }
    }
    let kept_claims = claims
        .into_iter()
        .zip(&kept)
        .filter(|(_, keep)| **keep)
        .map(|(mut c, _)| {
            c.topic = topic_at[c.topic].unwrap_or_default();
            c.echoes = c.echoes.iter().filter_map(|e| claim_at[*e]).collect();
            c.roots.clear();
            c
        })
        .collect();
    for o in &mut outlets {
        o.sources.clear();
        o.claims.clear();
    }
    for s in &mut sources {
        s.claims.clear();
    }
    let mut site = Site { config, outlets, sources, topics: kept_topics, claims: kept_claims, reports };
    // The drafts were already checked for cycles with the rest; none can appear by removing claims.
    let _ = links::link(&mut site);
    site
}
