//! How a report referred to from another is named and linked: a claim's echoes, its chains back to
//! the first appearance, its roots, and a topic's origins. A report outside the tracked outlets is
//! shown as any other, linked to its own address, or, when it is not online, to the page of the
//! first claim that names it (where its details are).

use super::routes::Routes;
use super::views::{DateView, EchoView};
use crate::model::*;

/// Builds [`EchoView`]s for one site.
pub struct Echoes<'a> {
    site: &'a Site,
    routes: &'a Routes,
    /// For each report outside the tracked outlets, the first claim that names it.
    named_by: Vec<Option<usize>>,
}

impl<'a> Echoes<'a> {
    pub fn new(site: &'a Site, routes: &'a Routes) -> Self {
        let mut named_by: Vec<Option<usize>> = vec![None; site.reports.len()];
        for (i, c) in site.claims.iter().enumerate() {
            for r in &c.reports {
                named_by[*r].get_or_insert(i);
            }
        }
        Echoes { site, routes, named_by }
    }

    /// Tracked claim `i`.
    pub fn claim(&self, i: usize) -> EchoView {
        let c = &self.site.claims[i];
        EchoView {
            slug: c.slug.clone(),
            title: c.title.clone(),
            link: self.routes.link(&Routes::claim(&c.slug)),
            outlet_name: self.site.outlets[c.outlet].name.clone(),
            date: DateView::from(&c.date),
            external: false,
            url: None,
            online: true,
            language: None,
            sourcing_label: c.sourcing.map(Sourcing::label),
            anonymous: c.sourcing == Some(Sourcing::Anonymous),
        }
    }

    /// Report `r` outside the tracked outlets.
    pub fn report(&self, r: usize) -> EchoView {
        let report = &self.site.reports[r];
        let page =
            self.named_by[r].map(|c| self.routes.link(&Routes::claim(&self.site.claims[c].slug))).unwrap_or_default();
        EchoView {
            slug: String::new(),
            title: report.title.clone().unwrap_or_else(|| report.outlet.clone()),
            link: report.url.clone().unwrap_or(page),
            outlet_name: report.outlet.clone(),
            date: DateView::from(&report.date),
            external: true,
            url: report.url.clone(),
            online: report.url.is_some(),
            language: Some(report.language.clone()),
            sourcing_label: report.sourcing.map(Sourcing::label),
            anonymous: report.sourcing == Some(Sourcing::Anonymous),
        }
    }

    pub fn origin(&self, o: &Origin) -> EchoView {
        match o {
            Origin::Claim(c) => self.claim(*c),
            Origin::Report(r) => self.report(*r),
        }
    }

    /// For each report claim `c` repeats, the chain back to where it first appeared: along first
    /// echoes, and on to the first report outside the tracked outlets where a chain ends on a claim
    /// that repeats only such reports. A report outside the tracked outlets that `c` names itself
    /// is a chain of one.
    pub fn chains(&self, c: &Claim) -> Vec<Vec<EchoView>> {
        let tracked = c.echoes.iter().map(|e| {
            let steps = chain(self.site, *e);
            let end = steps.last().map(|last| &self.site.claims[*last]).filter(|last| last.echoes.is_empty());
            let beyond = end.and_then(|last| last.reports.first()).map(|r| self.report(*r));
            steps.into_iter().map(|s| self.claim(s)).chain(beyond).collect()
        });
        tracked.chain(c.reports.iter().map(|r| vec![self.report(*r)])).collect()
    }
}

/// From `claim` back along first echoes to where the report first appeared (`claim` included).
fn chain(site: &Site, claim: usize) -> Vec<usize> {
    let mut path = vec![claim];
    while let Some(&next) = site.claims[*path.last().unwrap_or(&claim)].echoes.first() {
        // Cycles are reported by `resolve`; never loop here whatever the content.
        if path.contains(&next) || path.len() > site.claims.len() {
            break;
        }
        path.push(next);
    }
    path
}
