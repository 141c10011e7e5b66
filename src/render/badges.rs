//! Badges and tallies: the verdict and stance badges (rendered once from their partial
//! templates), and the counts of claims by verdict and by sourcing that outlet, topic and home
//! pages show.

use super::routes::Routes;
use crate::model::{Site, Sourcing, Stance, Status};
use serde::Serialize;

/// A verdict as every page may name it: its label, badge and page, without a count. Counts go only
/// on the pages that show them, so that one verdict changed does not change every page's footer.
#[derive(Serialize, Hash)]
pub struct VerdictLink {
    pub status: Status,
    pub label: &'static str,
    pub verdict_html: String,
    pub link: String,
}

/// Every verdict of the scale, in its order.
pub fn verdict_links(routes: &Routes, badges: &Badges) -> Vec<VerdictLink> {
    Status::ALL
        .iter()
        .map(|&status| VerdictLink {
            status,
            label: status.label(),
            verdict_html: badges.verdict(status),
            link: routes.link(&Routes::status(status)),
        })
        .collect()
}

#[derive(Serialize)]
pub struct TallyView {
    pub status: Status,
    pub label: &'static str,
    pub verdict_html: String,
    pub count: usize,
    pub link: String,
}

/// The verdict and stance badges, rendered once from `partials/verdict.html` and
/// `partials/stance.html` and shared by every page that shows one.
pub struct Badges {
    verdict: Vec<String>,
    stance: Vec<String>,
}

impl Badges {
    pub fn new(tera: &tera::Tera) -> Result<Badges, super::TemplateError> {
        #[derive(Serialize)]
        struct Badge {
            status: &'static str,
            stance: &'static str,
            label: &'static str,
        }
        let verdict = Status::ALL
            .iter()
            .map(|s| {
                super::partial(
                    tera,
                    "partials/verdict.html",
                    "",
                    &Badge { status: s.as_str(), stance: "", label: s.label() },
                )
            })
            .collect::<Result<_, _>>()?;
        let stance = Stance::ALL
            .iter()
            .map(|s| {
                super::partial(
                    tera,
                    "partials/stance.html",
                    "",
                    &Badge { status: "", stance: s.as_str(), label: s.label() },
                )
            })
            .collect::<Result<_, _>>()?;
        Ok(Badges { verdict, stance })
    }

    pub fn verdict(&self, s: Status) -> String {
        self.verdict[s.index()].clone()
    }

    pub fn stance(&self, s: Stance) -> String {
        self.stance[s.index()].clone()
    }
}

pub fn tally(site: &Site, routes: &Routes, badges: &Badges, claims: &[usize]) -> Vec<TallyView> {
    site.tally(claims)
        .into_iter()
        .map(|(status, count)| TallyView {
            status,
            label: status.label(),
            verdict_html: badges.verdict(status),
            count,
            link: routes.link(&Routes::status(status)),
        })
        .collect()
}

/// One way an outlet attributes its claims, with its share of them.
#[derive(Serialize)]
pub struct ShareView {
    pub label: &'static str,
    pub count: usize,
    pub percent: usize,
}

/// How an outlet's claims are attributed, in the order of [`Sourcing::ALL`], then "not stated".
pub fn sourcing_shares(site: &Site, claims: &[usize]) -> Vec<ShareView> {
    let total = claims.len().max(1);
    let count = |s: Option<Sourcing>| claims.iter().filter(|c| site.claims[**c].sourcing == s).count();
    let share = |label, count: usize| ShareView { label, count, percent: (count * 100 + total / 2) / total };
    let mut shares: Vec<ShareView> = Sourcing::ALL.iter().map(|s| share(s.label(), count(Some(*s)))).collect();
    shares.push(share("Not stated", count(None)));
    shares
}
