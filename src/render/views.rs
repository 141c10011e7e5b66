//! Views: what templates see. Each entity is turned into a serialisable view once (Markdown
//! rendered, dates formatted, links made), and every page borrows the views it shows.

pub use super::badges::{Badges, ShareView, TallyView, VerdictLink, sourcing_shares, tally, verdict_links};
use super::markdown::to_html;
use super::routes::Routes;
use crate::model::*;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Serialize, Clone, Hash)]
pub struct DateView {
    pub iso: String,
    pub human: String,
}

impl From<&Stamp> for DateView {
    fn from(s: &Stamp) -> Self {
        DateView { iso: s.iso(), human: s.human() }
    }
}

/// An archived copy of a linked page, and the Robust Links attributes
/// (robustlinks.mementoweb.org/spec/) that tie the two links together, so that a reader's browser
/// or a robust-links script can reach the copy when the original is gone: the link to the original
/// names the copy and its date, the link to the copy names the original.
#[derive(Serialize, Clone, Hash)]
pub struct ArchiveView {
    pub url: String,
    /// When the copy was captured, if known.
    pub date: Option<DateView>,
    /// ` data-versionurl="…" data-versiondate="…"`, escaped, for the link to the original.
    pub on_original: String,
    /// ` data-originalurl="…" data-versiondate="…"`, escaped, for the link to the copy.
    pub on_copy: String,
}

impl ArchiveView {
    /// The copy at `archived` of the page at `original`, captured `on`.
    pub fn new(original: Option<&str>, archived: Option<&str>, on: Option<&Stamp>) -> Option<ArchiveView> {
        let url = archived?;
        let attr = |name: &str, value: &str| format!(" {name}=\"{}\"", super::escape_html(value));
        let date = on.map(|d| attr("data-versiondate", &d.iso())).unwrap_or_default();
        let (on_original, on_copy) = match original {
            Some(original) => (
                format!("{}{date}", attr("data-versionurl", url)),
                format!("{}{date}", attr("data-originalurl", original)),
            ),
            None => (String::new(), String::new()),
        };
        Some(ArchiveView { url: url.to_string(), date: on.map(Into::into), on_original, on_copy })
    }
}

#[derive(Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub summary_html: String,
    pub base: String,
    /// The verdict scale, each verdict with its badge and page (no counts: see [`Views::statuses`]).
    pub verdicts: Vec<VerdictLink>,
    pub publisher: PublisherView,
    /// The date up to which the whole record was reviewed.
    pub reviewed: Option<DateView>,
}

/// Who stands behind the site. With no `name`, the site is an independent demonstration record,
/// not a newsroom, and says so.
#[derive(Serialize)]
pub struct PublisherView {
    pub name: Option<String>,
    pub url: Option<String>,
    /// An email address or an http(s) URL, as written (`links.corrections` has it as a link).
    pub corrections: Option<String>,
    pub funding: Option<String>,
}

#[derive(Serialize)]
pub struct OutletView {
    pub slug: String,
    pub name: String,
    pub url: Option<String>,
    pub country: Option<String>,
    pub kind: Option<&'static str>,
    pub link: String,
    pub body_html: String,
    pub claim_count: usize,
    pub tally: Vec<TallyView>,
    pub sourcing: Vec<ShareView>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub slug: String,
    pub headline: String,
    pub published: DateView,
    pub url: Option<String>,
    pub archived: Option<String>,
    /// The archived copy with its date and Robust Links attributes.
    pub archive: Option<ArchiveView>,
    pub author: Option<String>,
    pub note: Option<String>,
    pub link: String,
    pub outlet_name: String,
    pub outlet_link: String,
    /// Its captures, oldest first, when there is more than one.
    pub versions: Vec<super::versions::VersionView>,
    /// The reported changes between them: only the sentences that changed.
    pub changes: Vec<super::versions::ChangeView>,
}

#[derive(Serialize)]
pub struct TopicView {
    pub slug: String,
    pub title: String,
    pub statement: String,
    pub link: String,
    pub body_html: String,
    pub contested: bool,
    pub single_origin: bool,
    /// The assertions have one origin, and it rests on anonymous sources ("single anonymous origin").
    pub anonymous_origin: bool,
    /// What the record now shows about the statement.
    pub conclusion: Option<String>,
    /// When the conclusion was last reviewed.
    pub reviewed: Option<DateView>,
    pub claim_count: usize,
    pub outlet_count: usize,
    pub asserting_outlets: usize,
    pub hedging_outlets: usize,
    /// Outlets that assert or hedge it: how widely the claim was carried.
    pub carrying_outlets: usize,
    /// Where the asserting claims first appeared, oldest first: tracked claims and reports
    /// outside the tracked outlets alike.
    pub origins: Vec<EchoView>,
    pub tally: Vec<TallyView>,
    pub graph: Option<super::graph::Graph>,
}

/// A report referred to from a claim: a tracked claim, or a report outside the tracked outlets
/// (`external`); enough to name it and link to it.
#[derive(Serialize, Clone, Hash)]
pub struct EchoView {
    /// Empty for an external report.
    pub slug: String,
    /// An external report's title, or its outlet's name when it has none.
    pub title: String,
    /// Where to read it: the claim's page; for an external report its own address, or when it is
    /// not online the page of the first claim that names it.
    pub link: String,
    pub outlet_name: String,
    pub date: DateView,
    pub external: bool,
    /// An external report's own address (`None` also when it is not online).
    pub url: Option<String>,
    pub online: bool,
    /// An external report's language (BCP 47).
    pub language: Option<String>,
    pub sourcing_label: Option<&'static str>,
    /// It rests on anonymous sources.
    pub anonymous: bool,
}

#[derive(Serialize, Hash)]
pub struct EvidenceView {
    pub id: Option<String>,
    pub url: String,
    pub title: String,
    pub date: DateView,
    pub bearing: Bearing,
    pub bearing_label: &'static str,
    pub archive: Option<ArchiveView>,
}

#[derive(Serialize, Hash)]
pub struct UpdateView {
    pub date: DateView,
    pub status: Status,
    pub status_label: &'static str,
    pub verdict_html: String,
    pub note: String,
    /// The evidence this step rests on.
    pub cites: Vec<EvidenceView>,
}

/// A claim as one row of a list: what every list of claims shows.
#[derive(Serialize, Hash)]
pub struct ClaimRow {
    pub slug: String,
    pub title: String,
    pub link: String,
    pub date: DateView,
    pub stance: Stance,
    pub stance_label: &'static str,
    /// The stance in words, naming what it is about: "Asserts the statement".
    pub stance_phrase: &'static str,
    pub status: Status,
    pub status_label: &'static str,
    pub verdict_html: String,
    pub stance_html: String,
    pub quote: String,
    pub outlet_name: String,
    pub outlet_link: String,
    pub topic_title: String,
    pub topic_link: String,
    pub sourcing_label: Option<&'static str>,
    /// The verdict's reason in one line.
    pub summary: Option<String>,
    /// When the verdict last changed (the claim's date when it never has).
    pub last_change: DateView,
}

/// A claim in full, for its own page: the row, plus the evidence, history and echo chain. Its
/// analysis is rendered with the page ([`super::pages`]), as the page is the only one to show it.
/// Templates see the row's fields directly (`claim.title`).
#[derive(Serialize, Hash)]
pub struct ClaimView {
    #[serde(flatten)]
    pub row: ClaimRow,
    pub status_link: String,
    pub sourcing: Option<Sourcing>,
    /// The editor's note on reports that could not be traced.
    pub untraced: Option<String>,
    pub outlet_slug: String,
    pub source_headline: String,
    pub source_link: String,
    pub source_url: Option<String>,
    /// The source's archived copy.
    pub source_archive: Option<ArchiveView>,
    pub echoes: Vec<EchoView>,
    /// Reports outside the tracked outlets this claim repeats.
    pub reports: Vec<EchoView>,
    /// The first appearances this claim traces back to, when it repeats others.
    pub roots: Vec<EchoView>,
    /// For each report this claim repeats, the chain back to the first appearance.
    pub chains: Vec<Vec<EchoView>>,
    /// Some chain is more than one step long: the first appearance is not already named as a
    /// report this claim repeats directly, so the page names it.
    pub long_chain: bool,
    /// Later claims that repeat this one.
    pub echoed_by: Vec<EchoView>,
    pub evidence: Vec<EvidenceView>,
    pub updates: Vec<UpdateView>,
    /// The public corrections log, newest first.
    pub corrections: Vec<CorrectionView>,
    pub tags: Vec<String>,
    /// The article's latest version no longer has the quote: said beside it.
    pub quote_later: Option<super::versions::QuoteLaterView>,
}

/// One entry of a claim's corrections log, as readers see it.
#[derive(Serialize, Hash)]
pub struct CorrectionView {
    pub date: DateView,
    pub kind: CorrectionKind,
    /// "Correction", "Clarification", "Update".
    pub label: &'static str,
    /// "Corrected", "Clarified", "Updated": the claim page says "Corrected on 3 Mar 2025".
    pub done: &'static str,
    pub note: String,
}

impl From<&Correction> for CorrectionView {
    fn from(c: &Correction) -> Self {
        CorrectionView {
            date: (&c.date).into(),
            kind: c.kind,
            label: c.kind.label(),
            done: c.kind.done(),
            note: c.note.clone(),
        }
    }
}

/// The claim's corrections, newest first, as the claim page and /corrections/ list them.
pub fn newest_first(corrections: &[Correction]) -> Vec<&Correction> {
    let mut list: Vec<&Correction> = corrections.iter().collect();
    list.sort_by_key(|c| std::cmp::Reverse(c.date.sort_key()));
    list
}

/// Every view of the site, built once and shared by all pages.
pub struct Views {
    pub site: SiteView,
    /// The site's claims counted by verdict: on the pages that show the totals (home, outlets, a
    /// verdict's page), not in the [`SiteView`] every page gets.
    pub statuses: Vec<TallyView>,
    pub outlets: Vec<OutletView>,
    pub sources: Vec<SourceView>,
    pub topics: Vec<TopicView>,
    pub claims: Vec<ClaimView>,
}

pub fn build(site: &Site, routes: &Routes, badges: &Badges) -> Views {
    let all: Vec<usize> = (0..site.claims.len()).collect();
    let echoes = super::echoes::Echoes::new(site, routes);
    let evidence_view = |e: &Evidence| EvidenceView {
        id: e.id.clone(),
        url: e.url.clone(),
        title: e.title.clone(),
        date: (&e.date).into(),
        bearing: e.bearing,
        bearing_label: e.bearing.label(),
        archive: ArchiveView::new(Some(&e.url), e.archived.as_deref(), e.archived_on.as_ref()),
    };
    let mut echoed_by: Vec<Vec<usize>> = vec![Vec::new(); site.claims.len()];
    for (i, c) in site.claims.iter().enumerate() {
        for e in &c.echoes {
            echoed_by[*e].push(i);
        }
    }
    let claims = || {
        site.claims
            .par_iter()
            .enumerate()
            .map(|(i, c)| {
                let source = &site.sources[c.source];
                let outlet = &site.outlets[c.outlet];
                let topic = &site.topics[c.topic];
                let repeats = !c.echoes.is_empty() || !c.reports.is_empty();
                let chains = echoes.chains(c);
                let row = ClaimRow {
                    slug: c.slug.clone(),
                    title: c.title.clone(),
                    link: routes.link(&Routes::claim(&c.slug)),
                    date: (&c.date).into(),
                    stance: c.stance,
                    stance_label: c.stance.label(),
                    stance_phrase: c.stance.phrase(),
                    status: c.status,
                    status_label: c.status.label(),
                    verdict_html: badges.verdict(c.status),
                    stance_html: badges.stance(c.stance),
                    quote: c.quote.clone(),
                    outlet_name: outlet.name.clone(),
                    outlet_link: routes.link(&Routes::outlet(&outlet.slug)),
                    topic_title: topic.title.clone(),
                    topic_link: routes.link(&Routes::topic(&topic.slug)),
                    sourcing_label: c.sourcing.map(Sourcing::label),
                    summary: c.summary.clone(),
                    last_change: (&c.last_change()).into(),
                };
                ClaimView {
                    row,
                    status_link: routes.link(&Routes::status(c.status)),
                    sourcing: c.sourcing,
                    untraced: c.untraced.clone(),
                    outlet_slug: outlet.slug.clone(),
                    source_headline: source.headline.clone(),
                    source_link: routes.link(&Routes::source(&source.slug)),
                    source_url: source.url.clone(),
                    source_archive: ArchiveView::new(
                        source.url.as_deref(),
                        source.archived.as_deref(),
                        source.archived_on.as_ref(),
                    ),
                    echoes: c.echoes.iter().map(|e| echoes.claim(*e)).collect(),
                    reports: c.reports.iter().map(|r| echoes.report(*r)).collect(),
                    roots: if repeats { c.roots.iter().map(|o| echoes.origin(o)).collect() } else { Vec::new() },
                    long_chain: chains.iter().any(|steps| steps.len() > 1),
                    chains,
                    echoed_by: echoed_by[i].iter().map(|e| echoes.claim(*e)).collect(),
                    evidence: c.evidence.iter().map(evidence_view).collect(),
                    updates: c
                        .updates
                        .iter()
                        .map(|u| UpdateView {
                            date: (&u.date).into(),
                            status: u.status,
                            status_label: u.status.label(),
                            verdict_html: badges.verdict(u.status),
                            note: u.note.clone(),
                            cites: u.cites.iter().map(|e| evidence_view(&c.evidence[*e])).collect(),
                        })
                        .collect(),
                    corrections: newest_first(&c.corrections).into_iter().map(CorrectionView::from).collect(),
                    tags: c.tags.clone(),
                    quote_later: super::versions::quote_later(c, source, routes),
                }
            })
            .collect()
    };
    let outlets = || {
        site.outlets
            .par_iter()
            .map(|o| OutletView {
                slug: o.slug.clone(),
                name: o.name.clone(),
                url: o.url.clone(),
                country: o.country.clone(),
                kind: o.kind.map(OutletKind::label),
                link: routes.link(&Routes::outlet(&o.slug)),
                body_html: to_html(&o.body_md),
                claim_count: o.claims.len(),
                tally: tally(site, routes, badges, &o.claims),
                sourcing: sourcing_shares(site, &o.claims),
            })
            .collect()
    };
    let sources = || {
        site.sources
            .par_iter()
            .map(|s| SourceView {
                slug: s.slug.clone(),
                headline: s.headline.clone(),
                published: (&s.published).into(),
                url: s.url.clone(),
                archived: s.archived.clone(),
                archive: ArchiveView::new(s.url.as_deref(), s.archived.as_deref(), s.archived_on.as_ref()),
                author: s.author.clone(),
                note: s.note.clone(),
                link: routes.link(&Routes::source(&s.slug)),
                outlet_name: site.outlets[s.outlet].name.clone(),
                outlet_link: routes.link(&Routes::outlet(&site.outlets[s.outlet].slug)),
                versions: super::versions::versions(s),
                changes: super::versions::changes(s),
            })
            .collect()
    };
    let topics = || {
        site.topics
            .par_iter()
            .enumerate()
            .map(|(i, t)| {
                let outlets = |stances: &[Stance]| {
                    let mut o: Vec<usize> = t
                        .claims
                        .iter()
                        .filter(|c| stances.contains(&site.claims[**c].stance))
                        .map(|c| site.claims[*c].outlet)
                        .collect();
                    o.sort_unstable();
                    o.dedup();
                    o.len()
                };
                TopicView {
                    slug: t.slug.clone(),
                    title: t.title.clone(),
                    statement: t.statement.clone(),
                    link: routes.link(&Routes::topic(&t.slug)),
                    body_html: to_html(&t.body_md),
                    contested: t.contested,
                    single_origin: t.single_origin,
                    anonymous_origin: t.anonymous_origin,
                    conclusion: t.conclusion.clone(),
                    reviewed: t.reviewed.as_ref().map(Into::into),
                    claim_count: t.claims.len(),
                    outlet_count: outlets(Stance::ALL),
                    asserting_outlets: outlets(&[Stance::Asserts]),
                    hedging_outlets: outlets(&[Stance::Hedges]),
                    carrying_outlets: outlets(&[Stance::Asserts, Stance::Hedges]),
                    origins: t.origins.iter().map(|o| echoes.origin(o)).collect(),
                    tally: tally(site, routes, badges, &t.claims),
                    graph: super::graph::echo_graph(site, i, |c| routes.link(&Routes::claim(&site.claims[c].slug))),
                }
            })
            .collect()
    };
    // The claims on one side; the outlets, articles and topics, a few thousand, on the other.
    let (claims, (outlets, (sources, topics))) =
        rayon::join(claims, || rayon::join(outlets, || rayon::join(sources, topics)));
    let site_view = SiteView {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        summary_html: to_html(&site.config.summary_md),
        base: routes.link(""),
        verdicts: verdict_links(routes, badges),
        publisher: PublisherView {
            name: site.config.publisher.named.then(|| site.config.publisher.name.clone()),
            url: site.config.publisher.url.clone(),
            corrections: site.config.corrections.clone(),
            funding: site.config.publisher.funding.clone(),
        },
        reviewed: site.config.reviewed.as_ref().map(Into::into),
    };
    Views { site: site_view, statuses: tally(site, routes, badges, &all), outlets, sources, topics, claims }
}
