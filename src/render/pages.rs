//! Pages: which pages the site has, and the borrowed context each one hands its template.
//!
//! What lists every claim gets it as HTML rendered once per claim (or event) from a partial: the
//! claim tables (all claims, verdict, outlet and article pages) from `partials/claim_row.html`, the
//! home page's matrix from `partials/matrix_cell.html`, the timeline from
//! `partials/timeline_event.html`. Shorter lists (the latest changes, "other outlets") use the
//! light [`ClaimRow`]; a topic's comparison adds each claim's echoes to its row; only a claim's
//! own page carries the full [`ClaimView`] with its analysis. Every grouping comes from the
//! resolved model's indexes: no page scans all claims.

use super::paging::{Layout, Pager, range};
use super::routes::Routes;
use super::views::*;
use crate::model::{Site, Stance, Status};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Arc;

/// How many other outlets a claim page lists before pointing to the topic page: the earliest
/// reports first. Keeps each claim page small however many outlets cover a topic.
const OTHERS_SHOWN: usize = 12;

/// What a claim page says of its topic.
#[derive(Serialize)]
struct TopicName<'a> {
    title: &'a str,
    statement: &'a str,
}

/// A claim on its own page: its view, and its analysis as HTML (`claim.body_html`), rendered for
/// this page alone rather than held for every claim through the whole build.
#[derive(Serialize)]
struct ClaimPage<'a> {
    #[serde(flatten)]
    view: &'a ClaimView,
    body_html: String,
}

/// One dated event: a claim first made, or a verdict given later.
#[derive(Serialize)]
pub struct EventView<'a> {
    pub date: &'a DateView,
    pub claim: &'a ClaimRow,
    /// `None` for the claim itself; the verdict for an update.
    pub update: Option<&'a UpdateView>,
    /// For an update, the entry of the history before it: what the verdict was.
    pub previous: Option<&'a UpdateView>,
}

/// One entry of the /corrections/ page: the correction and the claim it corrects.
#[derive(Serialize)]
pub struct CorrectedView<'a> {
    pub correction: &'a CorrectionView,
    pub claim: &'a ClaimRow,
}

/// One claim in its topic's comparison: the row and the reports it repeats. The analysis, evidence
/// and history stay on the claim's own page.
#[derive(Serialize)]
struct Compared<'a> {
    #[serde(flatten)]
    row: &'a ClaimRow,
    echoes: &'a [EchoView],
}

/// How many of the latest verdict changes the home page lists; /changes/ has them all, with notes.
const HOME_CHANGES: usize = 6;

/// How many outlets the home page's matrix has as columns: those with the most claims, in the
/// site's order. A table of forty outlets is read by no one, and every column adds a cell to every
/// row; /outlets/ lists them all.
const MATRIX_OUTLETS: usize = 10;

/// How many statements the home page's matrix has as rows, in the site's order; /topics/ lists
/// them all. With [`MATRIX_OUTLETS`] this bounds the home page whatever the archive's size.
const MATRIX_TOPICS: usize = 30;

/// Above this many dated events the home page leaves the over-time chart (one mark per event) to
/// the timeline's own page.
const HOME_CHART_EVENTS: usize = 1000;

/// One row of the home page's topics × outlets matrix.
#[derive(Serialize)]
pub struct MatrixRow<'a> {
    pub topic: &'a TopicView,
    /// One cell per column, in the order of the columns.
    pub cells: Vec<MatrixCell<'a>>,
}

/// What one outlet did with one statement, as a summary that stays the same size however many
/// claims it holds: the latest claim, rendered, and when there are several, how many and their
/// stances and verdicts counted. Every claim is on the topic page the counts link to.
#[derive(Serialize, Default)]
pub struct MatrixCell<'a> {
    pub latest: Option<&'a str>,
    /// The number of claims, when more than one.
    pub claims: Option<usize>,
    /// "2 assert, 1 disputes": each stance present, in the vocabulary's order.
    pub stances: Vec<String>,
    /// "1 False, 2 Unverified": each verdict present, in the scale's order.
    pub verdicts: Vec<String>,
}

impl<'a> MatrixCell<'a> {
    fn new(site: &Site, claims: &[usize], latest: &'a str) -> MatrixCell<'a> {
        let mut cell = MatrixCell { latest: Some(latest), ..MatrixCell::default() };
        if claims.len() > 1 {
            cell.claims = Some(claims.len());
            for s in Stance::ALL {
                let n = claims.iter().filter(|c| site.claims[**c].stance == *s).count();
                if n > 0 {
                    cell.stances.push(format!("{n} {}", s.as_str()));
                }
            }
            for s in Status::ALL {
                let n = claims.iter().filter(|c| site.claims[**c].status == *s).count();
                if n > 0 {
                    cell.verdicts.push(format!("{n} {}", s.label()));
                }
            }
        }
        cell
    }
}

/// The matrix's columns: the [`MATRIX_OUTLETS`] outlets with the most claims, in the site's order.
fn matrix_columns(site: &Site) -> Vec<usize> {
    let mut by_size: Vec<usize> = (0..site.outlets.len()).collect();
    by_size.sort_by_key(|o| std::cmp::Reverse(site.outlets[*o].claims.len()));
    by_size.truncate(MATRIX_OUTLETS);
    by_size.sort_unstable();
    by_size
}

/// Every page of the site.
#[derive(Debug, Clone, Copy)]
pub enum Page {
    Home,
    Topics,
    Topic(usize),
    Claims,
    Claim(usize),
    Outlets,
    Outlet(usize),
    Source(usize),
    Status(Status),
    Timeline,
    Changes,
    Corrections,
    NotFound,
    About,
}

impl Page {
    pub fn all(site: &Site) -> Vec<Page> {
        let mut pages = vec![
            Page::Home,
            Page::Topics,
            Page::Claims,
            Page::Outlets,
            Page::Timeline,
            Page::Changes,
            Page::Corrections,
        ];
        pages.push(Page::NotFound);
        pages.extend((0..site.topics.len()).map(Page::Topic));
        pages.extend((0..site.outlets.len()).map(Page::Outlet));
        pages.extend((0..site.sources.len()).map(Page::Source));
        pages.extend(Status::ALL.iter().map(|s| Page::Status(*s)));
        pages.extend((0..site.claims.len()).map(Page::Claim));
        pages.push(Page::About);
        pages
    }

    /// Every page with each of its numbered parts ([`super::paging`]): `(page, 1)` is the page
    /// itself, `(page, 2)` and on the next pages of its list.
    pub fn parts(site: &Site, layout: &Layout) -> Vec<(Page, usize)> {
        Page::all(site).into_iter().flat_map(|p| (1..=layout.parts(site, p)).map(move |n| (p, n))).collect()
    }

    /// The path of its part `n` (from 1), from the site root.
    pub fn part_route(self, site: &Site, n: usize) -> String {
        Routes::part(&self.route(site), n)
    }

    /// Its path, from the site root (see [`Routes`]).
    pub fn route(self, site: &Site) -> String {
        match self {
            Page::Home => Routes::home(),
            Page::Topics => Routes::topics(),
            Page::Topic(i) => Routes::topic(&site.topics[i].slug),
            Page::Claims => Routes::claims(),
            Page::Claim(i) => Routes::claim(&site.claims[i].slug),
            Page::Outlets => Routes::outlets(),
            Page::Outlet(i) => Routes::outlet(&site.outlets[i].slug),
            Page::Source(i) => Routes::source(&site.sources[i].slug),
            Page::Status(s) => Routes::status(s),
            Page::Timeline => Routes::timeline(),
            Page::Changes => Routes::changes(),
            Page::Corrections => Routes::corrections(),
            Page::NotFound => Routes::not_found(),
            Page::About => Routes::about(),
        }
    }
}

/// A claim when it was made (no update) or one of its verdict changes (the update's index), with
/// its sort key first: (sort key, claim, update).
pub type Event = (i64, usize, Option<usize>);

/// One row of [`Pages::others`] as it is made: its outlet, its claim's fragment key (when the build
/// keeps a memo) and the row.
type OtherRow = (usize, Option<u64>, Arc<str>);

/// The views plus the indexes pages need, built once per build.
pub struct Pages<'a> {
    pub site: &'a Site,
    pub views: Views,
    /// Per topic, each outlet's first claim as a rendered row of "what the other outlets said":
    /// rendered once per topic and outlet, then shared by every claim page on the topic.
    others: Vec<Vec<(usize, Arc<str>)>>,
    /// Per topic, each outlet's row of [`Pages::others`] as a hash, for the claim pages' fingerprints.
    others_hashes: Vec<Vec<(usize, u64)>>,
    /// Each row of [`Pages::others`] by its claim's fragment key, for the next build's memo.
    pub(super) others_kept: super::memo::KeptRows,
    /// Each claim's pieces of the pages that list every claim, rendered once (or kept from the
    /// build before: [`super::memo`]).
    pub(super) fragments: Vec<Arc<Fragments>>,
    /// Each fragment's key in [`super::memo::Memo::fragments`], when the build keeps a memo.
    pub(super) fragment_keys: Vec<u64>,
    /// Each verdict's claims, in [`site_order`], by `Status::index`.
    by_status: Vec<Vec<usize>>,
    /// Which pages the lists have, and the events of the timeline (`layout.events`).
    pub layout: Layout,
    /// The timeline's entries that collapse several verdict changes, rendered, by entry.
    groups: HashMap<usize, String>,
    /// For a timeline of several pages, each page's chart of its own days (the whole timeline's
    /// chart has a mark per outlet and day, megabytes at 50,000 claims); empty for one page.
    timeline_charts: Vec<Option<String>>,
    /// For a timeline of several pages, each month with the page it starts on.
    months: Vec<MonthLink>,
    routes: &'a Routes,
    /// Per topic, the latest verdict change among its claims.
    last_change: Vec<Option<(usize, usize)>>,
    /// The /claims/ filter's choices and the search index's facet lists, made once for both.
    facets: super::search::Facets<'a>,
}

/// The order of the tables that list claims from more than one topic (all claims, each verdict's):
/// topic by topic as the home page lists them, each topic's claims oldest first.
pub(super) fn site_order(site: &Site) -> impl Iterator<Item = usize> + '_ {
    site.topics.iter().flat_map(|t| t.claims.iter().copied())
}

impl<'a> Pages<'a> {
    /// With `kept` (the last build's fragments by key, and this build's keys per claim), a claim
    /// whose fragments' inputs are unchanged takes them from there instead of rendering them.
    pub fn new(
        site: &'a Site,
        views: Views,
        tera: &tera::Tera,
        routes: &'a Routes,
        kept: Option<(&super::memo::Memo, Vec<u64>)>,
        drawn: &super::memo::Charts,
    ) -> Result<Pages<'a>, super::TemplateError> {
        let (kept, kept_rows, fragment_keys) = match kept {
            Some((memo, keys)) => (Some(&memo.fragments), Some(&memo.others), keys),
            None => (None, None, Vec::new()),
        };
        // A claim's row, by its fragments' key: the last build's when its inputs are the same.
        let others: Vec<Vec<OtherRow>> = site
            .topics
            .par_iter()
            .map(|t| {
                let mut seen = std::collections::HashSet::new();
                t.claims
                    .iter()
                    .filter(|c| seen.insert(site.claims[**c].outlet))
                    .map(|c| {
                        let key = fragment_keys.get(*c).copied();
                        let row = match key.and_then(|k| kept_rows.and_then(|rows| rows.get(&k))) {
                            Some(row) => Arc::clone(row),
                            None => super::partial(tera, "partials/other_row.html", "c", &views.claims[*c].row)?.into(),
                        };
                        Ok((site.claims[*c].outlet, key, row))
                    })
                    .collect::<Result<Vec<_>, super::TemplateError>>()
            })
            .collect::<Result<Vec<_>, _>>()?;
        let others_hashes =
            others.iter().map(|rows| rows.iter().map(|(o, _, row)| (*o, super::memo::mix(row))).collect()).collect();
        let others_kept =
            others.iter().flatten().filter_map(|(_, key, row)| key.map(|k| (k, Arc::clone(row)))).collect();
        let others = others.into_iter().map(|rows| rows.into_iter().map(|(o, _, row)| (o, row)).collect()).collect();
        // Each claim's verdict changes, by update index: its events after the claim itself.
        let changes: Vec<Vec<usize>> =
            site.claims.iter().map(|c| (0..c.updates.len()).filter(|u| c.changes_verdict(*u)).collect()).collect();
        let fragments = views
            .claims
            .par_iter()
            .zip(&changes)
            .enumerate()
            .map(|(i, (view, changes))| match kept.and_then(|kept| fragment_keys.get(i).and_then(|k| kept.get(k))) {
                Some(fragments) => Ok(Arc::clone(fragments)),
                None => Fragments::new(tera, view, changes).map(Arc::new),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut by_status = vec![Vec::new(); Status::ALL.len()];
        for i in site_order(site) {
            by_status[site.claims[i].status.index()].push(i);
        }
        let layout = Layout::new(site);
        let mut last_change = vec![None; site.topics.len()];
        for (_, c, u) in &layout.events {
            if let Some(u) = u {
                last_change[site.claims[*c].topic] = Some((*c, *u));
            }
        }
        let mut groups = HashMap::new();
        for (i, entry) in layout.entries.iter().enumerate().filter(|(_, e)| e.events.len() > 1) {
            let (_, c, u) = layout.events[entry.events[0]];
            let update = u.map(|u| &views.claims[c].updates[u]);
            let claims: Vec<&ClaimRow> = entry.events.iter().map(|e| &views.claims[layout.events[*e].1].row).collect();
            let mut ctx = tera::Context::new();
            ctx.insert("update", &update);
            ctx.insert("claims", &claims);
            groups.insert(i, super::fragment(tera, "partials/timeline_group.html", &ctx)?);
        }
        let timeline_charts = if layout.timeline.len() > 1 {
            layout
                .timeline
                .par_iter()
                .map(|entries| {
                    let mut events: Vec<Event> = layout.entries[entries.clone()]
                        .iter()
                        .flat_map(|e| &e.events)
                        .map(|e| layout.events[*e])
                        .collect();
                    events.sort_unstable();
                    drawn.draw(
                        || super::charts::timeline_key(site, &events),
                        || {
                            super::charts::timeline(site, &events)
                                .map(|chart| super::partial(tera, "charts/timeline.svg", "chart", &chart))
                                .transpose()
                        },
                    )
                })
                .collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        let months = if layout.timeline.len() > 1 { Self::months(&layout, routes) } else { Vec::new() };
        Ok(Pages {
            site,
            views,
            others,
            others_hashes,
            others_kept,
            fragments,
            fragment_keys,
            by_status,
            layout,
            groups,
            timeline_charts,
            months,
            routes,
            last_change,
            facets: super::search::facets(site),
        })
    }

    /// The template and its context for one page: `shared` (what every page sees) plus the page's own.
    pub fn context(&self, page: Page, part: usize, shared: &tera::Context) -> (&'static str, tera::Context) {
        let (site, v) = (self.site, &self.views);
        let mut ctx = shared.clone();
        let size = self.layout.size;
        // The part of the list this page shows, and its navigation (none for a list of one page).
        let shown = self.layout.len(site, page).map(|len| (range(len, size, part), len));
        let count = self.layout.parts(site, page);
        let pager = |label: String, fragment: &str| {
            Pager::new(self.routes, &page.route(site), part, count, label, fragment).map(|p| match &shown {
                Some((r, len)) => p.showing(r, *len),
                None => p,
            })
        };

        let template = match page {
            Page::Home => {
                let columns = matrix_columns(site);
                let outlets: Vec<&OutletView> = columns.iter().map(|o| &v.outlets[*o]).collect();
                ctx.insert("outlets", &outlets);
                ctx.insert("outlets_left_out", &(site.outlets.len() - columns.len()));
                ctx.insert("topics_left_out", &site.topics.len().saturating_sub(MATRIX_TOPICS));
                ctx.insert("home_chart", &(self.layout.events.len() <= HOME_CHART_EVENTS));
                let matrix: Vec<MatrixRow> = site
                    .topics
                    .iter()
                    .enumerate()
                    .take(MATRIX_TOPICS)
                    .map(|(t, topic)| {
                        let mut claims: Vec<Vec<usize>> = vec![Vec::new(); site.outlets.len()];
                        for c in &topic.claims {
                            claims[site.claims[*c].outlet].push(*c);
                        }
                        let cells = columns
                            .iter()
                            .map(|o| match claims[*o].last() {
                                // The topic's claims are oldest first: the last is the latest.
                                Some(latest) => MatrixCell::new(site, &claims[*o], &self.fragments[*latest].cell),
                                None => MatrixCell::default(),
                            })
                            .collect();
                        MatrixRow { topic: &v.topics[t], cells }
                    })
                    .collect();
                ctx.insert("matrix", &matrix);
                let latest: Vec<EventView> = self.changes().into_iter().rev().take(HOME_CHANGES).collect();
                ctx.insert("changes", &latest);
                ctx.insert("statuses", &v.statuses);
                "index.html"
            }
            Page::Topics => {
                ctx.insert("topics", &v.topics);
                "topics.html"
            }
            Page::Topic(i) => {
                ctx.insert("topic", &v.topics[i]);
                ctx.insert("draft", &site.topics[i].draft);
                ctx.insert("pager", &pager(format!("Pages of the claims on {}", site.topics[i].title), "#compare"));
                let claims: Vec<Compared> = part_of(&shown, &site.topics[i].claims)
                    .iter()
                    .map(|c| Compared { row: &v.claims[*c].row, echoes: &v.claims[*c].echoes })
                    .collect();
                ctx.insert("claims", &claims);
                let last_change = self.last_change[i].map(|(c, u)| self.event(c, Some(u)));
                ctx.insert("last_change", &last_change);
                "topic.html"
            }
            Page::Claims => {
                ctx.insert("pager", &pager("Pages of all claims".into(), ""));
                let (r, _) = shown.clone().unwrap_or_default();
                self.table(&mut ctx, site_order(site).skip(r.start).take(r.len()), true);
                ctx.insert("claim_count", &site.claims.len());
                // The filter's choices, as the search index lists them.
                ctx.insert("facets", &self.facets);
                "claims.html"
            }
            Page::Claim(i) => {
                let c = &site.claims[i];
                ctx.insert("draft", &c.draft);
                ctx.insert("claim", &ClaimPage { view: &v.claims[i], body_html: super::markdown::to_html(&c.body_md) });
                // Only the topic's name and statement: the rest of it is the topic page's.
                let topic = &v.topics[c.topic];
                ctx.insert("topic", &TopicName { title: &topic.title, statement: &topic.statement });
                let mut others = self.others[c.topic].iter().filter(|(o, _)| *o != c.outlet).map(|(_, row)| &**row);
                let shown: Vec<&str> = others.by_ref().take(OTHERS_SHOWN).collect();
                ctx.insert("others", &shown);
                ctx.insert("others_more", &others.count());
                "claim.html"
            }
            Page::Outlets => {
                ctx.insert("outlets", &v.outlets);
                "outlets.html"
            }
            Page::Outlet(i) => {
                let o = &site.outlets[i];
                ctx.insert("outlet", &v.outlets[i]);
                // The articles are listed on the first page only (hundreds at 50,000 claims).
                let sources: Vec<&SourceView> =
                    if part == 1 { o.sources.iter().map(|s| &v.sources[*s]).collect() } else { Vec::new() };
                ctx.insert("sources", &sources);
                ctx.insert("pager", &pager(format!("Pages of the claims of {}", o.name), "#claims"));
                self.table(&mut ctx, part_of(&shown, &o.claims).iter().copied(), false);
                "outlet.html"
            }
            Page::Source(i) => {
                ctx.insert("source", &v.sources[i]);
                ctx.insert("pager", &pager("Pages of the claims drawn from this article".into(), "#claims"));
                self.table(&mut ctx, part_of(&shown, &site.sources[i].claims).iter().copied(), false);
                "source.html"
            }
            Page::Status(s) => {
                // The site's verdict totals already hold this verdict's badge and count.
                ctx.insert("status", &v.statuses[s.index()]);
                ctx.insert("pager", &pager(format!("Pages of the claims with the verdict {}", s.label()), ""));
                self.table(&mut ctx, part_of(&shown, &self.by_status[s.index()]).iter().copied(), true);
                "status.html"
            }
            Page::Timeline => {
                let entries = self.layout.timeline[part - 1].clone();
                let days = self.days(entries);
                ctx.insert("pager", &pager("Pages of the timeline".into(), ""));
                if let Some(chart) = self.timeline_charts.get(part - 1) {
                    ctx.insert("page_chart", chart);
                }
                if count > 1 {
                    ctx.insert("from", &days.first().map(|d| &d.date));
                    ctx.insert("to", &days.last().map(|d| &d.date));
                    ctx.insert("months", &self.months);
                }
                ctx.insert("days", &days);
                "timeline.html"
            }
            Page::Changes => {
                ctx.insert("pager", &pager("Pages of the verdict changes".into(), ""));
                let (r, _) = shown.clone().unwrap_or_default();
                let changes: Vec<EventView> = self.changes().into_iter().rev().skip(r.start).take(r.len()).collect();
                ctx.insert("change_days", &change_days(changes));
                "changes.html"
            }
            Page::Corrections => {
                ctx.insert("corrections", &self.corrections());
                "corrections.html"
            }
            Page::NotFound => "404.html",
            Page::About => "about.html",
        };
        (template, ctx)
    }

    /// A hash of everything [`Pages::context`] and [`super::extras::Extras::add`] give this page,
    /// made from `hashes` ([`super::memo`]); `None` for the pages made again every time, which
    /// draw on the whole site (home, the timeline, /changes/, the tables of all topics and
    /// outlets, the about page).
    pub(super) fn fingerprint(&self, page: Page, part: usize, h: &super::memo::Hashes) -> Option<u64> {
        let site = self.site;
        let shown = self.layout.len(site, page).map(|len| (range(len, self.layout.size, part), len));
        let claims = |list: &[usize]| -> Vec<u64> { part_of(&shown, list).iter().map(|c| h.claims[*c]).collect() };
        let own = match page {
            Page::Topic(i) => {
                let last = self.last_change[i].map(|(c, u)| (h.claims[c], u));
                super::memo::mix((h.topics[i], site.topics[i].draft, claims(&site.topics[i].claims), last))
            }
            Page::Claims => {
                let (r, _) = shown.clone().unwrap_or_default();
                let rows: Vec<u64> = site_order(site).skip(r.start).take(r.len()).map(|c| h.claims[c]).collect();
                super::memo::mix((h.facets, site.claims.len(), rows))
            }
            Page::Claim(i) => {
                let c = &site.claims[i];
                let topic = &self.views.topics[c.topic];
                let others: Vec<(usize, u64)> =
                    self.others_hashes[c.topic].iter().filter(|(o, _)| *o != c.outlet).copied().collect();
                super::memo::mix((h.claims[i], h.reviews[i], &topic.title, &topic.statement, others))
            }
            Page::Outlet(i) => {
                let sources: Vec<u64> = if part == 1 {
                    site.outlets[i].sources.iter().map(|s| h.sources[*s]).collect()
                } else {
                    Vec::new()
                };
                super::memo::mix((h.outlets[i], sources, claims(&site.outlets[i].claims)))
            }
            Page::Source(i) => super::memo::mix((h.sources[i], claims(&site.sources[i].claims))),
            Page::Status(s) => super::memo::mix((h.statuses[s.index()], claims(&self.by_status[s.index()]))),
            _ => return None,
        };
        Some(super::memo::mix((h.global, page.route(site), part, self.layout.parts(site, page), shown, own)))
    }

    fn event(&self, claim: usize, update: Option<usize>) -> EventView<'_> {
        let view = &self.views.claims[claim];
        let previous = update.and_then(|u| u.checked_sub(1)).map(|p| &view.updates[p]);
        let update = update.map(|u| &view.updates[u]);
        EventView { date: update.map_or(&view.row.date, |u| &u.date), claim: &view.row, update, previous }
    }

    /// The timeline's `entries` grouped by calendar day, oldest first, so that each day's date is
    /// shown once above its events; several identical verdict changes of a day are one entry.
    fn days(&self, entries: std::ops::Range<usize>) -> Vec<Day<'_>> {
        let mut days: Vec<Day> = Vec::new();
        for i in entries {
            let entry = &self.layout.entries[i];
            let html = match self.groups.get(&i) {
                Some(group) => group.as_str(),
                None => {
                    let (_, c, u) = self.layout.events[entry.events[0]];
                    self.fragments[c].event(u)
                }
            };
            match days.last_mut() {
                Some(last) if last.day == entry.day => last.events.push(html),
                _ => days.push(Day {
                    day: entry.day,
                    date: (&crate::model::Stamp::Day(entry.day)).into(),
                    events: vec![html],
                }),
            }
        }
        days
    }

    /// Each month of the timeline with the page its first day is on, for a timeline of several
    /// pages: a reader looks for a month, not a page number.
    fn months(layout: &Layout, routes: &Routes) -> Vec<MonthLink> {
        use chrono::Datelike;
        let mut months: Vec<MonthLink> = Vec::new();
        let mut last = None;
        for (n, pages) in layout.timeline.iter().enumerate() {
            for e in &layout.entries[pages.clone()] {
                let month = (e.day.year(), e.day.month());
                if last != Some(month) {
                    last = Some(month);
                    let link = routes.link(&Routes::part(&Routes::timeline(), n + 1));
                    months.push(MonthLink { label: e.day.format("%b %Y").to_string(), link });
                }
            }
        }
        months
    }

    /// What the feeds and the search index need once the pages are written: the events, oldest
    /// first, and the facets. The views and
    /// the rendered rows go with the rest, before the feed and the data file, which hold every
    /// claim at once, are made.
    /// The /claims/ filter's choices.
    pub(super) fn facets(&self) -> &super::search::Facets<'a> {
        &self.facets
    }

    /// The layout and facets, for the feeds and the search index, and what is left: the views and
    /// rendered rows, to be let go of ([`super::Leftovers`]).
    pub fn into_layout_and_facets(self) -> (super::paging::Layout, super::search::Facets<'a>, super::Leftovers) {
        let Pages { views, others, fragments, groups, timeline_charts, layout, facets, .. } = self;
        (layout, facets, super::Leftovers(Box::new((views, others, fragments, groups, timeline_charts))))
    }

    /// Puts the rendered table rows of `claims` in `ctx` as `rows`, with or without the outlet
    /// column, and `show_outlet` with them: the table's header (`partials/claim_table.html`) reads
    /// the same value, so the header and the rows cannot disagree.
    fn table(&self, ctx: &mut tera::Context, claims: impl Iterator<Item = usize>, show_outlet: bool) {
        let rows: Vec<&str> = claims.map(|c| self.fragments[c].rows[usize::from(show_outlet)].as_str()).collect();
        ctx.insert("rows", &rows);
        ctx.insert("show_outlet", &show_outlet);
    }

    /// Every claim's corrections, newest first, each with the claim it corrects.
    pub fn corrections(&self) -> Vec<CorrectedView<'_>> {
        let mut all: Vec<(i64, usize, usize)> = Vec::new();
        for i in 0..self.views.claims.len() {
            let dates = newest_first(&self.site.claims[i].corrections);
            all.extend(dates.iter().enumerate().map(|(k, c)| (c.date.sort_key(), i, k)));
        }
        all.sort_by_key(|(key, claim, k)| (std::cmp::Reverse(*key), *claim, *k));
        all.into_iter()
            .map(|(_, c, k)| CorrectedView {
                correction: &self.views.claims[c].corrections[k],
                claim: &self.views.claims[c].row,
            })
            .collect()
    }

    /// The verdict changes in date order.
    fn changes(&self) -> Vec<EventView<'_>> {
        self.layout.events.iter().filter_map(|(_, c, u)| u.map(|u| self.event(*c, Some(u)))).collect()
    }
}

/// A claim's pieces of the pages that list every claim, rendered from one context that holds
/// its row as `c`.
pub(super) struct Fragments {
    /// Its row of the claim tables (`partials/claim_row.html`), `[without, with]` the outlet
    /// column. The all-claims table and the verdict pages show the outlet; an outlet's page and an
    /// article's page do not.
    rows: [String; 2],
    /// Its link in the home page's matrix (`partials/matrix_cell.html`).
    cell: String,
    /// Its entries of the timeline (`partials/timeline_event.html`): the claim itself, then each
    /// verdict change with the index of its update.
    events: Vec<(Option<usize>, String)>,
}

impl Fragments {
    fn new(tera: &tera::Tera, view: &ClaimView, changes: &[usize]) -> Result<Fragments, super::TemplateError> {
        let mut ctx = tera::Context::new();
        ctx.insert("c", &view.row);
        ctx.insert("show_outlet", &false);
        let without = super::fragment(tera, "partials/claim_row.html", &ctx)?;
        ctx.insert("show_outlet", &true);
        let with = super::fragment(tera, "partials/claim_row.html", &ctx)?;
        let cell = super::fragment(tera, "partials/matrix_cell.html", &ctx)?;
        let mut event = |update: Option<usize>| -> Result<(Option<usize>, String), super::TemplateError> {
            let u = update.map(|u| &view.updates[u]);
            ctx.insert("update", &u);
            ctx.insert("date", u.map_or(&view.row.date, |u| &u.date));
            Ok((update, super::fragment(tera, "partials/timeline_event.html", &ctx)?))
        };
        let events =
            std::iter::once(None).chain(changes.iter().copied().map(Some)).map(&mut event).collect::<Result<_, _>>()?;
        Ok(Fragments { rows: [without, with], cell, events })
    }

    /// Its timeline entry for the claim (`None`) or for one of its verdict changes.
    fn event(&self, update: Option<usize>) -> &str {
        self.events.iter().find(|(u, _)| *u == update).map_or("", |(_, html)| html.as_str())
    }
}

/// The part of `all` a page shows.
fn part_of<'s>(shown: &Option<(std::ops::Range<usize>, usize)>, all: &'s [usize]) -> &'s [usize] {
    shown.as_ref().map_or(all, |(r, _)| &all[r.clone()])
}

/// A month of the timeline and the page it starts on.
#[derive(serde::Serialize)]
struct MonthLink {
    label: String,
    link: String,
}

/// One day of /changes/: its date and its verdict changes.
#[derive(serde::Serialize)]
struct ChangeDay<'a> {
    date: DateView,
    changes: Vec<EventView<'a>>,
}

/// `changes` grouped by calendar day, in their order, so each date is shown once.
fn change_days(changes: Vec<EventView<'_>>) -> Vec<ChangeDay<'_>> {
    let mut days: Vec<ChangeDay> = Vec::new();
    for e in changes {
        match days.last_mut() {
            Some(last) if last.date.iso.get(..10) == e.date.iso.get(..10) => last.changes.push(e),
            _ => {
                let day = chrono::NaiveDate::parse_from_str(e.date.iso.get(..10).unwrap_or(""), "%Y-%m-%d");
                let date = day.map_or_else(|_| e.date.clone(), |d| (&crate::model::Stamp::Day(d)).into());
                days.push(ChangeDay { date, changes: vec![e] })
            }
        }
    }
    days
}

/// One day of the timeline: its date and the events of that day, as rendered.
#[derive(serde::Serialize)]
struct Day<'a> {
    #[serde(skip)]
    day: chrono::NaiveDate,
    date: super::views::DateView,
    events: Vec<&'a str>,
}
