//! Sample: a small site cut from the whole one, for `check` to render through every template.
//!
//! Tera finds some template mistakes only when it renders them (a misspelt variable, a macro
//! called through a namespace the page does not import), so a check that only compiled the
//! templates passed and the build then failed. Rendering the whole site would make `check` as
//! slow as a build; instead it renders every page of a sample: the first claim of each shape (each
//! verdict and stance; with and without echoes, a chain of them, later claims repeating it,
//! evidence, a verdict history, sourcing, tags, an analysis, a single-origin topic), one claim
//! that repeats it, a few claims of other outlets on the same topic, the whole chain of reports
//! each of those repeats, and the topics, articles and outlets of all of them. The sample is
//! linked as if its claims were the whole content, so that it is a site in its own right: a page
//! of it shows what the same page would show if the content held only those claims. A template
//! that fails only for data no sampled claim has is still found by the build.

use crate::model::{Claim, Site, Stance, Status};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// How many claims of other outlets on its topic come with each claim chosen for its shape.
const OTHERS: usize = 3;

/// The sample of `site`, linked on its own.
pub fn sample(site: &Site) -> Site {
    let mut echoed_by = vec![None; site.claims.len()];
    for (i, c) in site.claims.iter().enumerate() {
        for e in &c.echoes {
            echoed_by[*e].get_or_insert(i);
        }
    }
    let mut shapes = HashSet::new();
    let mut chosen = BTreeSet::new();
    for (i, c) in site.claims.iter().enumerate() {
        if shapes.insert(shape(site, c, echoed_by[i].is_some())) {
            chosen.insert(i);
            chosen.extend(echoed_by[i]);
            // Other outlets on its topic, so that its page has some to list.
            let mut outlets = HashSet::from([c.outlet]);
            let others = site.topics[c.topic].claims.iter().filter(|o| outlets.insert(site.claims[**o].outlet));
            chosen.extend(others.take(OTHERS));
        }
    }
    // Every chain whole, so that each claim keeps the first appearances it traces back to.
    let mut todo: Vec<usize> = chosen.iter().copied().collect();
    while let Some(c) = todo.pop() {
        todo.extend(site.claims[c].echoes.iter().filter(|e| chosen.insert(**e)));
    }
    let claims = renumber(chosen.iter().copied());
    let topics = renumber(chosen.iter().map(|c| site.claims[*c].topic));
    let sources = renumber(chosen.iter().map(|c| site.claims[*c].source));
    let outlets =
        renumber(chosen.iter().map(|c| site.claims[*c].outlet).chain(sources.keys().map(|s| site.sources[*s].outlet)));
    let mut small = Site {
        config: site.config.clone(),
        outlets: outlets
            .keys()
            .map(|o| {
                let mut outlet = site.outlets[*o].clone();
                (outlet.sources, outlet.claims) = (Vec::new(), Vec::new());
                outlet
            })
            .collect(),
        sources: sources
            .keys()
            .map(|s| {
                let mut source = site.sources[*s].clone();
                source.outlet = outlets[&source.outlet];
                source.claims = Vec::new();
                source
            })
            .collect(),
        topics: topics
            .keys()
            .map(|t| {
                let mut topic = site.topics[*t].clone();
                (topic.claims, topic.origins) = (Vec::new(), Vec::new());
                topic
            })
            .collect(),
        claims: claims
            .keys()
            .map(|c| {
                let mut claim = site.claims[*c].clone();
                claim.topic = topics[&claim.topic];
                claim.source = sources[&claim.source];
                claim.outlet = outlets[&claim.outlet];
                claim.echoes = claim.echoes.iter().map(|e| claims[e]).collect();
                claim.roots = Vec::new();
                claim
            })
            .collect(),
        // Reports are few, and a claim names them by position: all are kept.
        reports: site.reports.clone(),
    };
    // The whole site has no echo cycle (it would not have passed the checks), so neither has this.
    crate::resolve::link(&mut small);
    small
}

/// What a claim has that a template may show, leave out or word differently.
fn shape(site: &Site, c: &Claim, echoed: bool) -> (Status, Stance, [bool; 13]) {
    let topic = &site.topics[c.topic];
    let has = [
        c.echoes.is_empty(),
        c.reports.is_empty(),
        c.summary.is_none(),
        c.updates.iter().any(|u| !u.cites.is_empty()),
        topic.anonymous_origin,
        c.echoes.iter().any(|e| !site.claims[*e].echoes.is_empty()),
        echoed,
        c.evidence.is_empty(),
        c.updates.is_empty(),
        c.sourcing.is_none(),
        c.tags.is_empty(),
        c.body_md.trim().is_empty(),
        topic.single_origin,
    ];
    (c.status, c.stance, has)
}

/// Old index → new index, in the old order.
fn renumber(old: impl Iterator<Item = usize>) -> BTreeMap<usize, usize> {
    old.collect::<BTreeSet<_>>().into_iter().enumerate().map(|(new, old)| (old, new)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Origin;

    #[test]
    fn the_sample_of_the_shipped_site_has_every_shape_and_whole_chains() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        // Resolved as far as it goes, whatever its diagnostics: the shapes are what matter here.
        let loaded = crate::load::load(root).unwrap_or_else(|e| panic!("{}", e.0));
        let site = crate::resolve::resolve(&loaded).site;
        let small = sample(&site);
        assert!(small.claims.len() < site.claims.len(), "{} of {}", small.claims.len(), site.claims.len());
        let full = |slug: &str| site.claims.iter().position(|c| c.slug == slug).unwrap();
        let echoed = |i: usize| site.claims.iter().any(|c| c.echoes.contains(&i));
        let shape_of = |i: usize| shape(&site, &site.claims[i], echoed(i));
        let all: HashSet<_> = (0..site.claims.len()).map(shape_of).collect();
        let sampled: HashSet<_> = small.claims.iter().map(|c| shape_of(full(&c.slug))).collect();
        assert_eq!(sampled, all);
        let slugs = |site: &Site, list: &[usize]| list.iter().map(|i| site.claims[*i].slug.clone()).collect::<Vec<_>>();
        let origins = |site: &Site, list: &[Origin]| {
            list.iter()
                .map(|o| match o {
                    Origin::Claim(c) => site.claims[*c].slug.clone(),
                    Origin::Report(r) => site.reports[*r].key(),
                })
                .collect::<Vec<_>>()
        };
        for (i, c) in small.claims.iter().enumerate() {
            let old = &site.claims[full(&c.slug)];
            assert_eq!(small.topics[c.topic].slug, site.topics[old.topic].slug);
            assert_eq!(small.sources[c.source].slug, site.sources[old.source].slug);
            assert_eq!(small.outlets[c.outlet].slug, site.outlets[old.outlet].slug);
            assert!(small.topics[c.topic].claims.contains(&i));
            assert!(small.outlets[c.outlet].claims.contains(&i));
            assert!(small.sources[c.source].claims.contains(&i));
            // The chains are whole: the same reports repeated, back to the same first appearances.
            assert_eq!(slugs(&small, &c.echoes), slugs(&site, &old.echoes), "{}", c.slug);
            assert_eq!(origins(&small, &c.roots), origins(&site, &old.roots), "{}", c.slug);
        }
        for s in &small.sources {
            assert!(small.outlets[s.outlet].sources.iter().any(|x| small.sources[*x].slug == s.slug));
        }
        // Linked on its own: a topic's flags say what its sampled claims show.
        for t in &small.topics {
            let stances: HashSet<Stance> = t.claims.iter().map(|c| small.claims[*c].stance).collect();
            assert_eq!(t.contested, stances.contains(&Stance::Asserts) && stances.contains(&Stance::Disputes));
            assert!(t.origins.iter().all(|o| match o {
                Origin::Claim(c) => small.claims[*c].echoes.is_empty(),
                Origin::Report(_) => true,
            }));
        }
    }
}
