//! What pages get beyond their own content: the head's canonical link and Open Graph data, the
//! links to the about page, the feed and the data, each claim's ClaimReview JSON-LD, the charts, and
//! the verdict scale and the written verdict rule of the about page.
//!
//! Everything but the JSON-LD is computed or rendered once per build in [`Extras::new`], including
//! the header and footer every page shares (`partials/header.html`, `partials/footer.html`; made per
//! page, they were an eighth of the render). [`Extras::add`] puts the finished pieces into a page's
//! context, so the parallel render stays cheap. The JSON-LD is made with its claim page, so the
//! reviews are never all held at once (15 MB at 10,000 claims).

use super::TemplateError;
use super::charts;
use super::jsonld;
use super::pages::{Page, Pages};
use super::routes::Routes;
use crate::model::Status;
use serde::Serialize;
use std::borrow::Cow;

/// Links every page may show (footer, head).
#[derive(Serialize)]
struct Links {
    about: String,
    feed: String,
    data: String,
    schema: String,
    /// The public corrections log.
    corrections_log: String,
    /// An `https:` or `mailto:` link, and the address as readers see it.
    corrections: Option<(String, String)>,
}

/// What the `<head>` says about a page to search engines and link previews.
#[derive(Serialize)]
struct Head<'a> {
    /// The page's own address; none for the 404 page, which is served at every missing address.
    canonical: Option<String>,
    /// For a claim, its verdict and then the claim, and its description starts with the verdict:
    /// a shared link or a search result must not show a false claim as if it were a fact.
    title: Cow<'a, str>,
    description: Cow<'a, str>,
    /// Open Graph type: `article` for a claim, `website` for every other page.
    kind: &'static str,
}

#[derive(Serialize)]
struct ScaleStep {
    status: Status,
    label: &'static str,
    verdict_html: String,
    rating: u8,
}

/// What the shared header and footer are rendered from.
#[derive(Serialize)]
struct Chrome<'a> {
    site: &'a super::views::SiteView,
    links: &'a Links,
    /// The navigation item of the page's section (`topics`, `claims`, …; empty for none), and
    /// whether the page is that item's own page (`aria-current="page"`) or one under it
    /// (`aria-current="true"`).
    current: &'static str,
    current_page: bool,
}

/// Each page's place in the navigation: the section it belongs to and whether it is the section's
/// own page. The header is rendered once for each of these, not once per page.
const SECTIONS: &[(&str, bool)] = &[
    ("", false),
    ("home", true),
    ("topics", true),
    ("topics", false),
    ("claims", true),
    ("claims", false),
    ("outlets", true),
    ("outlets", false),
    ("timeline", true),
    ("changes", true),
    ("about", true),
    ("about", false),
];

/// Where `page` sits in [`SECTIONS`].
fn section(page: Page) -> (&'static str, bool) {
    match page {
        Page::Home => ("home", true),
        Page::Topics => ("topics", true),
        Page::Topic(_) => ("topics", false),
        Page::Claims => ("claims", true),
        Page::Claim(_) | Page::Status(_) => ("claims", false),
        Page::Outlets => ("outlets", true),
        Page::Outlet(_) | Page::Source(_) => ("outlets", false),
        Page::Timeline => ("timeline", true),
        Page::Changes => ("changes", true),
        Page::About => ("about", true),
        // The corrections log belongs with the about page's corrections policy.
        Page::Corrections => ("about", false),
        Page::NotFound => ("", false),
    }
}

pub struct Extras<'a> {
    pages: &'a Pages<'a>,
    routes: &'a Routes,
    /// What every page's context starts from: the site, the links, the header and the footer,
    /// made into template values once; cloning them per page is cheaper than making them again.
    pub shared: tera::Context,
    timeline: Option<String>,
    outlets_chart: String,
    pub(super) outlet_charts: Vec<String>,
    scale: Vec<ScaleStep>,
    rule_html: String,
    /// The header for each entry of [`SECTIONS`], in its order.
    headers: Vec<String>,
    /// A hash of what every page shares (`shared` and the headers), for [`super::memo`].
    pub(super) shared_hash: u64,
}

/// The timeline's chart, if there is anything to draw.
fn timeline(pages: &Pages, tera: &tera::Tera, drawn: &super::memo::Charts) -> Result<Option<String>, TemplateError> {
    let events = &pages.layout.events;
    drawn.draw(
        || charts::timeline_key(pages.site, events),
        || {
            charts::timeline(pages.site, events)
                .map(|chart| super::partial(tera, "charts/timeline.svg", "chart", &chart))
                .transpose()
        },
    )
}

/// The tally of every outlet in one chart, and of each outlet in one of its own.
fn outlet_charts(
    site: &crate::model::Site,
    tera: &tera::Tera,
) -> (Result<String, TemplateError>, Result<Vec<String>, TemplateError>) {
    use rayon::prelude::*;
    let all: Vec<usize> = (0..site.outlets.len()).collect();
    let chart = |outlets: &[usize]| {
        super::partial(tera, "charts/tally.svg", "chart", &charts::tally(site, outlets, "tally-chart"))
    };
    rayon::join(|| chart(&all), || all.par_iter().map(|o| chart(&[*o])).collect())
}

/// The rule every verdict applies, as `docs/verdict-rule.md` states it for editors; the about page
/// shows the same text, without the file's own heading.
const VERDICT_RULE: &str = include_str!("../../docs/verdict-rule.md");

impl<'a> Extras<'a> {
    pub fn new(
        pages: &'a Pages<'a>,
        tera: &tera::Tera,
        routes: &'a Routes,
        drawn: &super::memo::Charts,
    ) -> Result<Extras<'a>, TemplateError> {
        let site = pages.site;
        let corrections = site.config.corrections.as_ref().map(|c| {
            let href =
                if c.starts_with("http://") || c.starts_with("https://") { c.clone() } else { format!("mailto:{c}") };
            (href, c.clone())
        });
        let links = Links {
            about: routes.link(&Routes::about()),
            feed: routes.link(&Routes::atom()),
            data: routes.link(&Routes::claims_json()),
            schema: routes.link(&Routes::claims_schema()),
            corrections_log: routes.link(&Routes::corrections()),
            corrections,
        };
        let chrome = |(current, current_page): (&'static str, bool)| Chrome {
            site: &pages.views.site,
            links: &links,
            current,
            current_page,
        };
        // The charts draw on every claim and every outlet: drawn beside the header and footer.
        let ((headers, footer), (timeline, (outlets_chart, outlet_charts))) = rayon::join(
            || {
                let headers = SECTIONS
                    .iter()
                    .map(|s| super::partial(tera, "partials/header.html", "", &chrome(*s)))
                    .collect::<Result<Vec<_>, _>>();
                (headers, super::partial(tera, "partials/footer.html", "", &chrome(SECTIONS[0])))
            },
            || rayon::join(|| timeline(pages, tera, drawn), || outlet_charts(site, tera)),
        );
        let (headers, footer, timeline) = (headers?, footer?, timeline?);
        let (outlets_chart, outlet_charts) = (outlets_chart?, outlet_charts?);
        let mut shared = tera::Context::new();
        let shared_hash =
            super::memo::mix((&headers, &footer, super::memo::of(&pages.views.site), super::memo::of(&links)));
        shared.insert("header_html", &headers[0]);
        shared.insert("footer_html", &footer);
        shared.insert("site", &pages.views.site);
        shared.insert("links", &links);
        // Only a draft's own page says it is one (`serve` shows drafts; `build` leaves them out).
        shared.insert("draft", &false);
        let scale = Status::ALL
            .iter()
            .map(|&s| ScaleStep {
                status: s,
                label: s.label(),
                verdict_html: pages.views.site.verdicts[s.index()].verdict_html.clone(),
                rating: jsonld::rating(s),
            })
            .collect();
        let rule =
            VERDICT_RULE.split_once('\n').filter(|(title, _)| title.starts_with("# ")).map_or(VERDICT_RULE, |r| r.1);
        let rule_html = super::markdown::to_html(rule);
        Ok(Extras {
            pages,
            routes,
            shared,
            timeline,
            outlets_chart,
            outlet_charts,
            scale,
            rule_html,
            headers,
            shared_hash,
        })
    }

    /// Adds this page's extras to its context.
    pub fn add(&self, page: Page, route: &str, ctx: &mut tera::Context) {
        ctx.insert("head", &self.head(page, route));
        let place = section(page);
        if let Some(i) = SECTIONS.iter().position(|s| *s == place).filter(|i| *i > 0) {
            ctx.insert("header_html", &self.headers[i]);
        }
        match page {
            // Made here, in the parallel render, rather than kept for every claim at once.
            Page::Claim(i) => ctx.insert("claim_review", &jsonld::claim_review(self.pages.site, self.routes, i)),
            Page::Home | Page::Timeline => ctx.insert("timeline_chart", &self.timeline),
            Page::Outlets => ctx.insert("tally_chart", &self.outlets_chart),
            Page::Outlet(i) => ctx.insert("tally_chart", &self.outlet_charts[i]),
            Page::About => {
                ctx.insert("scale", &self.scale);
                ctx.insert("best", &jsonld::BEST);
                ctx.insert("worst", &jsonld::WORST);
                ctx.insert("verdict_rule_html", &self.rule_html);
            }
            _ => {}
        }
    }

    fn head<'s>(&'s self, page: Page, route: &str) -> Head<'s> {
        let v = &self.pages.views;
        let site = &v.site;
        // Most pages: a name, and the site's description.
        let named =
            |title: &'s str| -> (Cow<'s, str>, Cow<'s, str>) { (title.into(), site.description.as_str().into()) };
        let (title, description) = match page {
            Page::Home => named(&site.title),
            Page::Topics => named("Topics"),
            Page::Topic(i) => {
                let topic = &v.topics[i];
                let statement = topic.statement.trim_end_matches('.');
                let what = format!("What each outlet said on the statement “{statement}”, and the verdicts.");
                (topic.title.as_str().into(), what.into())
            }
            Page::Claims => named("All claims"),
            Page::Claim(i) => {
                let c = &v.claims[i].row;
                let title = format!("{}: {}", c.status_label, c.title);
                (title.into(), format!("Verdict: {}. {} wrote: “{}”", c.status_label, c.outlet_name, c.quote).into())
            }
            Page::Outlets => named("Outlets"),
            Page::Outlet(i) => named(&v.outlets[i].name),
            Page::Source(i) => named(&v.sources[i].headline),
            Page::Status(s) => named(s.label()),
            Page::Timeline => named("Timeline"),
            Page::Changes => named("Verdict changes"),
            Page::Corrections => named("Corrections"),
            Page::NotFound => named("Page not found"),
            Page::About => named("About: verdicts, method and corrections"),
        };
        Head {
            // A canonical or Open Graph URL must be absolute: with a `base_url` that is only a path
            // (a local build), there is none rather than a bare path.
            canonical: (!matches!(page, Page::NotFound) && self.routes.has_host()).then(|| self.routes.absolute(route)),
            title,
            description,
            kind: if matches!(page, Page::Claim(_)) { "article" } else { "website" },
        }
    }
}
