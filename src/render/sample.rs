//! Sample: a small site cut from the whole one, for `check` to render through every template.
//!
//! Tera finds some template mistakes only when it renders them (a misspelt variable, a value of
//! the wrong kind), so a check that only compiled the templates passed and the build then failed.
//! Rendering the whole site would make `check` as slow as a build; instead it renders every page
//! of a sample: the first claim of each shape (each verdict and stance, with and without echoes,
//! evidence, a verdict history, sourcing, tags, an analysis), the claims they repeat, a few claims
//! of other outlets on the same topic, and the topics, articles and outlets of all those. A
//! template that fails only for data no sampled claim has is still found by the build.

use crate::model::{Claim, Site, Stance, Status};
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// The sample of `site`, with every index renumbered into it.
pub fn sample(site: &Site) -> Site {
    let mut shapes = HashSet::new();
    let mut chosen = BTreeSet::new();
    for (i, c) in site.claims.iter().enumerate() {
        if shapes.insert(shape(c)) {
            chosen.insert(i);
            chosen.extend(c.echoes.iter().chain(&c.roots).copied());
            // Other outlets on its topic, so that its page has some to list.
            let mut outlets = HashSet::from([c.outlet]);
            let others = site.topics[c.topic].claims.iter().filter(|o| outlets.insert(site.claims[**o].outlet));
            chosen.extend(others.take(OTHERS));
        }
    }
    let claims = renumber(chosen.iter().copied());
    let topics = renumber(chosen.iter().map(|c| site.claims[*c].topic).collect::<BTreeSet<_>>().into_iter());
    let sources = renumber(chosen.iter().map(|c| site.claims[*c].source).collect::<BTreeSet<_>>().into_iter());
    let outlets = renumber(
        chosen
            .iter()
            .map(|c| site.claims[*c].outlet)
            .chain(sources.keys().map(|s| site.sources[*s].outlet))
            .collect::<BTreeSet<_>>()
            .into_iter(),
    );
    let kept = |list: &[usize]| list.iter().filter_map(|i| claims.get(i).copied()).collect::<Vec<_>>();
    Site {
        config: site.config.clone(),
        outlets: outlets
            .keys()
            .map(|o| {
                let mut outlet = site.outlets[*o].clone();
                outlet.sources = outlet.sources.iter().filter_map(|s| sources.get(s).copied()).collect();
                outlet.claims = kept(&outlet.claims);
                outlet
            })
            .collect(),
        sources: sources
            .keys()
            .map(|s| {
                let mut source = site.sources[*s].clone();
                source.outlet = outlets[&source.outlet];
                source.claims = kept(&source.claims);
                source
            })
            .collect(),
        topics: topics
            .keys()
            .map(|t| {
                let mut topic = site.topics[*t].clone();
                topic.claims = kept(&topic.claims);
                topic.origins = kept(&topic.origins);
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
                claim.echoes = kept(&claim.echoes);
                claim.roots = kept(&claim.roots);
                claim
            })
            .collect(),
    }
}

/// How many claims of other outlets on its topic come with each claim chosen for its shape.
const OTHERS: usize = 3;

/// What a claim has that a template may show, leave out or word differently.
fn shape(c: &Claim) -> (Status, Stance, [bool; 6]) {
    let has = [
        c.echoes.is_empty(),
        c.evidence.is_empty(),
        c.updates.is_empty(),
        c.sourcing.is_none(),
        c.tags.is_empty(),
        c.body_md.trim().is_empty(),
    ];
    (c.status, c.stance, has)
}

/// Old index → new index, in the old order.
fn renumber(old: impl Iterator<Item = usize>) -> BTreeMap<usize, usize> {
    old.enumerate().map(|(new, old)| (old, new)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sample_of_the_shipped_site_is_a_consistent_site_with_every_shape() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::check(root).unwrap_or_else(|e| panic!("{}", e.report())).site;
        let small = sample(&site);
        assert!(small.claims.len() < site.claims.len(), "{} of {}", small.claims.len(), site.claims.len());
        let shapes: HashSet<_> = site.claims.iter().map(shape).collect();
        assert_eq!(small.claims.iter().map(shape).collect::<HashSet<_>>(), shapes);
        // Every index points at what it pointed at before, by slug.
        for (i, c) in small.claims.iter().enumerate() {
            let old = site.claims.iter().find(|o| o.slug == c.slug).unwrap();
            assert_eq!(small.topics[c.topic].slug, site.topics[old.topic].slug);
            assert_eq!(small.sources[c.source].slug, site.sources[old.source].slug);
            assert_eq!(small.outlets[c.outlet].slug, site.outlets[old.outlet].slug);
            assert!(small.topics[c.topic].claims.contains(&i));
            assert!(small.outlets[c.outlet].claims.contains(&i));
            assert!(small.sources[c.source].claims.contains(&i));
            for e in &c.echoes {
                assert!(old.echoes.iter().any(|o| site.claims[*o].slug == small.claims[*e].slug));
            }
            assert!(!c.roots.is_empty(), "{}: its roots were all dropped", c.slug);
        }
        for s in &small.sources {
            assert!(small.outlets[s.outlet].sources.iter().any(|x| small.sources[*x].slug == s.slug));
        }
    }
}
