//! Derived data: who links to whom, in what order, and where each report first appeared.
//!
//! Fills the back-references (an outlet's sources and claims, a topic's claims in date order),
//! follows `echoes` to each claim's roots, and flags topics as **contested** (both asserted and
//! disputed) and **single origin** (two or more outlets assert it, all tracing back to one origin).
//! A report outside the tracked outlets is a root like any other: a claim that repeats one traces
//! back to it, and a topic whose one origin rests on anonymous sources is flagged as such.
//! Every grouping is built from one pass over the claims, never a scan per page.

use crate::model::{Origin, Site, Sourcing, Stance};
use std::collections::BTreeSet;

/// Links the site and returns the echo cycles found (each as its claims, in order).
pub fn link(site: &mut Site) -> Vec<Vec<usize>> {
    for (i, s) in site.sources.iter().enumerate() {
        site.outlets[s.outlet].sources.push(i);
    }
    for (i, c) in site.claims.iter().enumerate() {
        site.outlets[c.outlet].claims.push(i);
        site.sources[c.source].claims.push(i);
        site.topics[c.topic].claims.push(i);
    }
    // Each claim's date as it sorts, worked out once rather than at every comparison.
    let claims = &site.claims;
    let dates: Vec<i64> = claims.iter().map(|c| c.date.sort_key()).collect();
    let order = |a: &usize, b: &usize| dates[*a].cmp(&dates[*b]).then_with(|| claims[*a].slug.cmp(&claims[*b].slug));
    {
        use rayon::prelude::*;
        let (topics, outlets, sources) = (&mut site.topics, &mut site.outlets, &mut site.sources);
        rayon::join(
            || topics.par_iter_mut().for_each(|t| t.claims.sort_by(order)),
            || {
                rayon::join(
                    || outlets.par_iter_mut().for_each(|o| o.claims.sort_by(order)),
                    || sources.par_iter_mut().for_each(|s| s.claims.sort_by(order)),
                )
            },
        );
    }

    let (roots, cycles) = echo_roots(site);
    for (c, r) in site.claims.iter_mut().zip(roots) {
        c.roots = r;
    }

    let mut topics = std::mem::take(&mut site.topics);
    for t in &mut topics {
        let stances = |s: Stance| t.claims.iter().any(|c| site.claims[*c].stance == s);
        t.contested = stances(Stance::Asserts) && stances(Stance::Disputes);
        let asserting: Vec<usize> =
            t.claims.iter().copied().filter(|c| site.claims[*c].stance == Stance::Asserts).collect();
        let origins: BTreeSet<Origin> = asserting.iter().flat_map(|c| site.claims[*c].roots.iter().copied()).collect();
        let outlets: BTreeSet<usize> = asserting.iter().map(|c| site.claims[*c].outlet).collect();
        t.origins = origins.into_iter().collect();
        t.origins.sort_by_key(|o| (site.origin_date(*o).sort_key(), *o));
        t.single_origin = outlets.len() >= 2 && t.origins.len() == 1;
        t.anonymous_origin =
            matches!(t.origins.as_slice(), [one] if site.origin_sourcing(*one) == Some(Sourcing::Anonymous));
    }
    site.topics = topics;
    site.topics.sort_by(|a, b| (a.order.unwrap_or(i64::MAX), &a.title).cmp(&(b.order.unwrap_or(i64::MAX), &b.title)));
    // Topics were re-ordered: point claims at their topic's new position.
    for (i, t) in site.topics.iter().enumerate() {
        for c in &t.claims {
            site.claims[*c].topic = i;
        }
    }
    cycles
}

/// For every claim, where it ultimately comes from: the reports outside the tracked outlets it or
/// the claims it repeats name, and the tracked claims that repeat nothing (itself if it repeats
/// nothing). Iterative depth-first search with memoisation: linear in claims + echoes, safe on any
/// chain length.
fn echo_roots(site: &Site) -> (Vec<Vec<Origin>>, Vec<Vec<usize>>) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    let n = site.claims.len();
    let mut mark = vec![Mark::New; n];
    let mut roots: Vec<Vec<Origin>> = vec![Vec::new(); n];
    let mut cycles = Vec::new();
    for start in 0..n {
        if mark[start] != Mark::New {
            continue;
        }
        // Stack of (claim, next echo to visit).
        let mut stack = vec![(start, 0usize)];
        mark[start] = Mark::Open;
        while let Some(&mut (c, ref mut next)) = stack.last_mut() {
            let echoes = &site.claims[c].echoes;
            if *next < echoes.len() {
                let e = echoes[*next];
                *next += 1;
                match mark[e] {
                    Mark::New => {
                        mark[e] = Mark::Open;
                        stack.push((e, 0));
                    }
                    Mark::Open => {
                        let from = stack.iter().position(|(x, _)| *x == e).unwrap_or(0);
                        let mut cycle: Vec<usize> = stack[from..].iter().map(|(x, _)| *x).collect();
                        cycle.push(e);
                        cycles.push(cycle);
                    }
                    Mark::Done => {}
                }
            } else {
                stack.pop();
                let mut r: BTreeSet<Origin> = echoes.iter().flat_map(|e| roots[*e].iter().copied()).collect();
                r.extend(site.claims[c].reports.iter().map(|r| Origin::Report(*r)));
                if r.is_empty() {
                    r.insert(Origin::Claim(c));
                }
                let mut r: Vec<Origin> = r.into_iter().collect();
                r.sort_by_key(|o| (site.origin_date(*o).sort_key(), *o));
                roots[c] = r;
                mark[c] = Mark::Done;
            }
        }
    }
    (roots, cycles)
}
