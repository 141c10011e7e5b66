//! Feeds for machines that follow the site: the Atom feed of new claims and verdict changes, the
//! sitemap with each page's last change, and `robots.txt` pointing at the sitemap. A site of more
//! pages than one sitemap may list gets a sitemap index instead, naming files of that many each.
//!
//! The feed has one entry per event of the timeline (see [`Event`]): a claim when it was
//! made, and every later update that changed its verdict. Entry ids are the claim page's absolute
//! URL, with a fragment naming the verdict change, so they stay the same from build to build. A site
//! built without a host in `base_url` (a local preview) cannot make absolute URLs; its ids fall back
//! to `tag:localhost` URIs and its links stay relative, which Atom allows. Each entry of a claim's
//! corrections log is an entry too, as open correction asks: its id names the claim, the
//! correction's date and its place in the log.
//!
//! Each reported change to a source's article (a later version, see `resolve::versions`) is an
//! entry too, dated when the version was captured, with the source page's change as its link.
//!
//! A feed reader fetches the whole file on every poll, so each feed carries only the newest
//! `feed_entries` (`site.yaml`) entries: `atom.xml` for the whole site and `topics/<slug>/atom.xml`
//! for one statement, whatever the archive's size. Entries are chosen before they are written out,
//! so a large site pays for the few it shows, not for every event.
//!
//! Each feed, and the sitemap, is a group of files ([`Groups`]): made again only when its entries
//! or its pages changed, which after most edits in `serve` they have not.

use super::jsonld;
use super::memo::Groups;
use super::pages::{Event, Page};
use super::paging::Layout;
use super::routes::Routes;
use super::versions;
use super::{Output, RenderError};
use crate::model::{Change, Claim, Site, Source, Stamp};
use serde::Serialize;
use std::hash::{Hash, Hasher};

#[derive(Serialize, Hash)]
struct Feed {
    id: String,
    title: String,
    subtitle: String,
    language: String,
    updated: String,
    self_link: String,
    home: String,
    author: String,
    author_uri: Option<String>,
}

#[derive(Serialize, Hash)]
struct Entry {
    id: String,
    title: String,
    link: String,
    published: String,
    updated: String,
    status: &'static str,
    status_label: &'static str,
    summary: String,
}

/// A sitemap's entry: a page, or in a sitemap index one file of the sitemap, with its latest change.
#[derive(Serialize)]
struct SitemapEntry {
    loc: String,
    #[serde(serialize_with = "iso")]
    lastmod: Option<Stamp>,
}

/// A date as the sitemap protocol wants it (W3C datetime: a day, or a moment with its offset).
fn iso<S: serde::Serializer>(stamp: &Option<Stamp>, s: S) -> Result<S::Ok, S::Error> {
    match stamp {
        Some(stamp) => s.serialize_some(&stamp.iso()),
        None => s.serialize_none(),
    }
}

/// How many pages one sitemap file may list: the sitemap protocol's limit (sitemaps.org), past which
/// search engines reject the file. Each page's entry is under 200 bytes, so the protocol's other
/// limit, 50 MB, is never the one reached.
pub const SITEMAP_URLS: usize = 50_000;

/// Writes `atom.xml` and each topic's `topics/<slug>/atom.xml` (the newest `feed_entries` entries
/// each), `sitemap.xml` (with `sitemap-1.xml` and on, past `sitemap_urls` pages, [`SITEMAP_URLS`]
/// but in `check`'s rehearsal) and `robots.txt`.
pub fn write(
    site: &Site,
    layout: &Layout,
    tera: &tera::Tera,
    routes: &Routes,
    out: &impl Output,
    sitemap_urls: usize,
    groups: &Groups,
) -> Result<(), RenderError> {
    let events = &layout.events;
    let items = items(site, events);
    let bound = site.config.feed_entries;
    let title = format!("{}: new claims and verdict changes", site.config.title);
    let home = Routes::home();
    let newest: Vec<&Item> = items.iter().take(bound).collect();
    let sitemap_url = routes.host().map(|_| routes.absolute(&Routes::sitemap()));
    let head = feed(site, routes, &Routes::atom(), &home, title, &site.config.description, &newest);
    let entries: Vec<Entry> = newest.iter().map(|i| entry(site, i, routes)).collect();
    let key = || super::memo::mix((&head, &entries, &sitemap_url));
    groups.make("atom.xml", key, out, |out| {
        let mut ctx = tera::Context::new();
        ctx.insert("feed", &head);
        ctx.insert("entries", &entries);
        ctx.insert("sitemap", &sitemap_url);
        for (template, route) in [("feeds/atom.xml", Routes::atom()), ("feeds/robots.txt", Routes::robots())] {
            super::write_page(tera, template, &ctx, &route, out)?;
        }
        Ok::<_, RenderError>(())
    })?;
    let (topics, sitemaps) = rayon::join(
        || write_topic_feeds(site, &items, tera, routes, out, groups),
        || {
            let urls = sitemap(site, layout, routes);
            let key = || {
                let mut h = super::memo::hasher();
                for u in &urls {
                    u.loc.hash(&mut h);
                    u.lastmod.is_some().hash(&mut h);
                    if let Some(lastmod) = &u.lastmod {
                        super::memo::stamp(lastmod, &mut h);
                    }
                }
                h.finish()
            };
            groups.make("sitemap.xml", key, out, |out| write_sitemaps(&urls, sitemap_urls, tera, routes, out))
        },
    );
    topics?;
    sitemaps?;
    Ok(())
}

/// One feed per topic, so that a reader can follow one statement: the newest entries about its
/// claims, and the changes to articles it draws claims from. One pass over the entries, newest
/// first, fills every topic's list up to the bound.
fn write_topic_feeds(
    site: &Site,
    items: &[Item],
    tera: &tera::Tera,
    routes: &Routes,
    out: &impl Output,
    groups: &Groups,
) -> Result<(), RenderError> {
    use rayon::prelude::*;
    let bound = site.config.feed_entries;
    let mut per_topic: Vec<Vec<&Item>> = vec![Vec::new(); site.topics.len()];
    for item in items {
        for t in item.topics(site) {
            if per_topic[t].len() < bound {
                per_topic[t].push(item);
            }
        }
    }
    site.topics.par_iter().zip(per_topic).try_for_each(|(topic, newest)| {
        let title = format!("{}: {}", site.config.title, topic.title);
        let (route, page) = (Routes::topic_atom(&topic.slug), Routes::topic(&topic.slug));
        let head = feed(site, routes, &route, &page, title, &topic.statement, &newest);
        let entries: Vec<Entry> = newest.iter().map(|i| entry(site, i, routes)).collect();
        groups.make(
            &route,
            || super::memo::mix((&head, &entries)),
            out,
            |out| {
                let mut ctx = tera::Context::new();
                ctx.insert("sitemap", &None::<String>);
                ctx.insert("feed", &head);
                ctx.insert("entries", &entries);
                super::write_page(tera, "feeds/atom.xml", &ctx, &route, out)
            },
        )?;
        Ok(())
    })
}

/// Something the feeds report, before it is written out: only the newest few of each feed are.
#[derive(Clone, Copy)]
enum Item {
    /// A claim (`None`) or its verdict change (`Some(update)`).
    Event(usize, Option<usize>),
    /// A claim's correction, by its place in the log.
    Correction(usize, usize),
    /// A source's reported change, by its place in `changes`.
    Change(usize, usize),
}

impl Item {
    fn stamp(&self, site: &Site) -> Stamp {
        match *self {
            Item::Event(c, u) => event_stamp(site, c, u),
            Item::Correction(c, k) => site.claims[c].corrections[k].date,
            Item::Change(s, c) => {
                let source = &site.sources[s];
                source.versions[source.changes[c].version].captured
            }
        }
    }

    /// The topics whose feeds carry it: the claim's, or for a changed article those of its claims.
    fn topics(&self, site: &Site) -> Vec<usize> {
        match *self {
            Item::Event(c, _) | Item::Correction(c, _) => vec![site.claims[c].topic],
            Item::Change(s, _) => {
                let mut topics: Vec<usize> = site.sources[s].claims.iter().map(|c| site.claims[*c].topic).collect();
                topics.sort_unstable();
                topics.dedup();
                topics
            }
        }
    }
}

/// Atom wants a full date-time; a day without a time is given as its midnight UTC.
fn atom_date(stamp: &Stamp) -> String {
    match stamp {
        Stamp::Day(d) => format!("{}T00:00:00Z", d.format("%Y-%m-%d")),
        Stamp::Moment(m) => m.to_rfc3339(),
    }
}

fn event_stamp(site: &Site, claim: usize, update: Option<usize>) -> Stamp {
    let c = &site.claims[claim];
    update.map_or(c.date, |u| c.updates[u].date)
}

/// A stable id for `route` (plus a fragment): its absolute URL, or a `tag:` URI without a host.
fn id(routes: &Routes, route: &str, fragment: &str) -> String {
    match routes.host() {
        Some(_) => format!("{}{fragment}", routes.absolute(route)),
        None => format!("tag:localhost,2000:{}{fragment}", routes.link(route)),
    }
}

/// A feed's head: at `route`, about the page at `page`, `updated` when its newest entry was, as
/// Atom asks (RFC 4287 §4.2.15: the most recent significant change to the feed).
fn feed(
    site: &Site,
    routes: &Routes,
    route: &str,
    page: &str,
    title: String,
    subtitle: &str,
    newest: &[&Item],
) -> Feed {
    let publisher = &site.config.publisher;
    Feed {
        id: id(routes, route, ""),
        title,
        subtitle: subtitle.to_string(),
        language: site.config.language.clone(),
        // With no claims there is no date to give; the epoch keeps the build reproducible.
        updated: newest.first().map_or_else(|| "1970-01-01T00:00:00Z".into(), |i| atom_date(&i.stamp(site))),
        self_link: routes.absolute(route),
        home: routes.absolute(page),
        author: publisher.name.clone(),
        author_uri: publisher.url.clone().or_else(|| routes.host().map(|_| routes.absolute(&Routes::home()))),
    }
}

/// The date of the latest correction of any claim.
fn latest_correction(site: &Site) -> Option<Stamp> {
    site.claims.iter().flat_map(|c| c.corrections.iter().map(|k| k.date)).max_by_key(Stamp::sort_key)
}

/// Everything the feeds report, newest first, as feed readers show them: the timeline's events,
/// the changes to articles and the corrections, merged by date (an event before a correction of
/// the same moment, as the claim came first).
fn items(site: &Site, events: &[Event]) -> Vec<Item> {
    let mut dated: Vec<((i64, u8), Item)> =
        events.iter().rev().map(|(key, c, u)| ((*key, 0), Item::Event(*c, *u))).collect();
    for (s, source) in site.sources.iter().enumerate() {
        for (c, change) in source.changes.iter().enumerate() {
            dated.push(((source.versions[change.version].captured.sort_key(), 0), Item::Change(s, c)));
        }
    }
    for (c, claim) in site.claims.iter().enumerate() {
        for (k, correction) in claim.corrections.iter().enumerate() {
            dated.push(((correction.date.sort_key(), 1), Item::Correction(c, k)));
        }
    }
    // Stable: events keep their own order among themselves.
    dated.sort_by_key(|(key, _)| std::cmp::Reverse(*key));
    dated.into_iter().map(|(_, i)| i).collect()
}

/// The entry an item is written as.
fn entry(site: &Site, item: &Item, routes: &Routes) -> Entry {
    match *item {
        Item::Event(c, u) => event_entry(site, c, u, routes),
        Item::Change(s, c) => change_entry(site, &site.sources[s], &site.sources[s].changes[c], routes),
        Item::Correction(c, k) => {
            let claim = &site.claims[c];
            let correction = &claim.corrections[k];
            let route = Routes::claim(&claim.slug);
            let outlet = &site.outlets[claim.outlet].name;
            let date = atom_date(&correction.date);
            let fragment = format!("#correction-{}-{}", correction.date.iso(), k + 1);
            Entry {
                id: id(routes, &route, &fragment),
                title: format!("{}: {} ({outlet})", correction.kind.label(), claim.title),
                link: format!("{}#corrections", routes.absolute(&route)),
                published: date.clone(),
                updated: date,
                status: claim.status.as_str(),
                status_label: claim.status.label(),
                summary: format!("{} on {}: {}", correction.kind.done(), correction.date.human(), correction.note),
            }
        }
    }
}

/// A claim, or one of its verdict changes, as an entry.
fn event_entry(site: &Site, c: usize, u: Option<usize>, routes: &Routes) -> Entry {
    let claim = &site.claims[c];
    let outlet = &site.outlets[claim.outlet].name;
    let route = Routes::claim(&claim.slug);
    let date = atom_date(&event_stamp(site, c, u));
    match u {
        None => Entry {
            id: id(routes, &route, ""),
            title: format!("{outlet}: {}", claim.title),
            link: routes.absolute(&route),
            published: date.clone(),
            updated: date,
            status: claim.status.as_str(),
            status_label: claim.status.label(),
            summary: format!(
                "{outlet} {} the statement “{}” Quote: “{}” Verdict: {} ({} of {}).",
                claim.stance.label().to_lowercase(),
                site.topics[claim.topic].statement,
                claim.quote,
                claim.status.label(),
                jsonld::rating(claim.status),
                jsonld::BEST,
            ),
        },
        Some(u) => {
            let update = &claim.updates[u];
            let fragment = format!("#verdict-{}-{}", update.date.iso(), update.status.as_str());
            Entry {
                id: id(routes, &route, &fragment),
                title: format!("Verdict change: {} ({outlet}) became {}", claim.title, update.status.label()),
                link: format!("{}#history", routes.absolute(&route)),
                published: date.clone(),
                updated: date,
                status: update.status.as_str(),
                status_label: update.status.label(),
                summary: if update.note.is_empty() {
                    format!("The verdict is now {}.", update.status.label())
                } else {
                    format!("The verdict is now {}: {}", update.status.label(), update.note)
                },
            }
        }
    }
}

/// The entry for a change to a source's article.
fn change_entry(site: &Site, source: &Source, change: &Change, routes: &Routes) -> Entry {
    let captured = source.versions[change.version].captured;
    let route = Routes::source(&source.slug);
    let fragment = format!("#{}", versions::anchor(change.version));
    let outlet = &site.outlets[source.outlet].name;
    let claims: Vec<&Claim> = source
        .claims
        .iter()
        .map(|c| &site.claims[*c])
        .filter(|c| c.quote_later.as_ref().is_some_and(|l| l.version == change.version))
        .collect();
    let date = atom_date(&captured);
    Entry {
        id: id(routes, &route, &fragment),
        title: format!("Article changed: {} ({outlet})", source.headline),
        link: format!("{}{fragment}", routes.absolute(&route)),
        published: date.clone(),
        updated: date,
        status: "article-changed",
        status_label: "Article changed",
        summary: versions::summary(source, change, &claims),
    }
}

/// Writes the sitemap: one file when `urls` fit in it, else files of `per_file` pages each
/// (`sitemap-1.xml`, …) and, at `sitemap.xml` where `robots.txt` points, the index of those files,
/// each with the latest change among its pages. One template makes both: the index has `parts`.
fn write_sitemaps(
    urls: &[SitemapEntry],
    per_file: usize,
    tera: &tera::Tera,
    routes: &Routes,
    out: &impl Output,
) -> Result<(), RenderError> {
    let mut ctx = tera::Context::new();
    let mut parts = Vec::new();
    if urls.len() > per_file {
        ctx.insert("parts", &parts);
        for (i, chunk) in urls.chunks(per_file).enumerate() {
            let route = Routes::sitemap_part(i + 1);
            ctx.insert("urls", chunk);
            super::write_page(tera, "feeds/sitemap.xml", &ctx, &route, out)?;
            let lastmod = chunk.iter().filter_map(|u| u.lastmod).max_by_key(Stamp::sort_key);
            parts.push(SitemapEntry { loc: routes.absolute(&route), lastmod });
        }
    }
    ctx.insert("urls", if parts.is_empty() { urls } else { &[] });
    ctx.insert("parts", &parts);
    super::write_page(tera, "feeds/sitemap.xml", &ctx, &Routes::sitemap(), out)
}

/// Every page a reader can land on, with the date of the latest claim or verdict change it shows.
fn sitemap(site: &Site, layout: &Layout, routes: &Routes) -> Vec<SitemapEntry> {
    let mut latest = Latest::new(site);
    for (_, c, u) in &layout.events {
        latest.see(*c, event_stamp(site, *c, *u), u.is_some());
    }
    latest.correction = latest_correction(site);
    for (i, source) in site.sources.iter().enumerate() {
        for change in &source.changes {
            latest.see_version(i, change.version);
        }
    }
    // Every part of a paged list too: each is a page of its own a search engine may show.
    Page::parts(site, layout)
        .into_iter()
        .filter(|(p, _)| !matches!(p, Page::NotFound))
        .map(|(p, n)| SitemapEntry { loc: routes.absolute(&p.part_route(site, n)), lastmod: latest.of(p) })
        .collect()
}

/// The latest event per claim, topic, outlet, source and verdict, and over the whole site.
struct Latest<'a> {
    site: &'a Site,
    claims: Vec<Option<Stamp>>,
    topics: Vec<Option<Stamp>>,
    outlets: Vec<Option<Stamp>>,
    sources: Vec<Option<Stamp>>,
    statuses: Vec<Option<Stamp>>,
    any: Option<Stamp>,
    change: Option<Stamp>,
    correction: Option<Stamp>,
}

impl<'a> Latest<'a> {
    fn new(site: &'a Site) -> Self {
        let none = |n: usize| vec![None; n];
        Latest {
            site,
            claims: none(site.claims.len()),
            topics: none(site.topics.len()),
            outlets: none(site.outlets.len()),
            sources: none(site.sources.len()),
            statuses: none(crate::model::Status::ALL.len()),
            any: None,
            change: None,
            correction: None,
        }
    }

    fn see(&mut self, claim: usize, stamp: Stamp, is_change: bool) {
        let c = &self.site.claims[claim];
        let later = |slot: &mut Option<Stamp>| {
            if slot.is_none_or(|s| s.sort_key() < stamp.sort_key()) {
                *slot = Some(stamp);
            }
        };
        later(&mut self.claims[claim]);
        later(&mut self.topics[c.topic]);
        later(&mut self.outlets[c.outlet]);
        later(&mut self.sources[c.source]);
        later(&mut self.statuses[c.status.index()]);
        later(&mut self.any);
        if is_change {
            later(&mut self.change);
        }
    }

    /// A reported change to source `source` that made its version `version`: its page shows it, and
    /// so do the pages of the claims whose quote that version took away.
    fn see_version(&mut self, source: usize, version: usize) {
        let s = &self.site.sources[source];
        let stamp = s.versions[version].captured;
        let later = |slot: &mut Option<Stamp>| {
            if slot.is_none_or(|s| s.sort_key() < stamp.sort_key()) {
                *slot = Some(stamp);
            }
        };
        later(&mut self.sources[source]);
        for c in &s.claims {
            if self.site.claims[*c].quote_later.as_ref().is_some_and(|l| l.version == version) {
                later(&mut self.claims[*c]);
            }
        }
    }

    fn of(&self, page: Page) -> Option<Stamp> {
        match page {
            Page::Claim(i) => self.claims[i],
            Page::Topic(i) => self.topics[i],
            Page::Outlet(i) => self.outlets[i],
            Page::Source(i) => self.sources[i],
            Page::Status(s) => self.statuses[s.index()],
            Page::Changes => self.change,
            Page::Corrections => self.correction,
            Page::Home | Page::Topics | Page::Claims | Page::Outlets | Page::Timeline => self.any,
            Page::NotFound | Page::About => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_day_is_midnight_utc_and_a_moment_keeps_its_offset() {
        assert_eq!(atom_date(&Stamp::parse("2025-03-02").unwrap()), "2025-03-02T00:00:00Z");
        assert_eq!(atom_date(&Stamp::parse("2025-10-28T12:19:00+05:30").unwrap()), "2025-10-28T12:19:00+05:30");
    }

    type Files = std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, String>>>;

    /// An output that keeps each file's text, by path.
    #[derive(Default)]
    struct Kept(Files);

    /// A file of [`Kept`]: its path and bytes, kept when it is closed.
    struct KeptFile(String, Vec<u8>, Files);

    impl std::io::Write for KeptFile {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.1.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl Drop for KeptFile {
        fn drop(&mut self) {
            let text = String::from_utf8_lossy(&self.1).into_owned();
            self.2.lock().unwrap().insert(self.0.clone(), text);
        }
    }

    impl Output for Kept {
        type File = KeptFile;
        fn put(&self, path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
            self.0.lock().unwrap().insert(path.display().to_string(), String::from_utf8_lossy(bytes).into_owned());
            Ok(())
        }
        fn create(&self, path: &std::path::Path) -> std::io::Result<KeptFile> {
            Ok(KeptFile(path.display().to_string(), Vec::new(), self.0.clone()))
        }
    }

    fn sitemaps(count: usize, per_file: usize) -> std::collections::BTreeMap<String, String> {
        let routes = Routes::new("https://example.org/tracker/");
        let urls: Vec<SitemapEntry> = (0..count)
            .map(|i| SitemapEntry {
                loc: routes.absolute(&Routes::claim(&format!("c{i}"))),
                // Each pair's second page is the later one, so the latest is not simply the first.
                lastmod: Stamp::parse(&format!("2025-10-{:02}", 20 - (i ^ 1))),
            })
            .collect();
        let templates = super::super::templates(std::path::Path::new("/nonexistent-claimtrack-site")).ok().unwrap();
        let out = Kept::default();
        write_sitemaps(&urls, per_file, &templates.tera, &routes, &out).unwrap();
        let kept = out.0.lock().unwrap();
        kept.clone()
    }

    #[test]
    fn a_sitemap_too_large_for_one_file_becomes_an_index_of_files_within_the_limit() {
        let files = sitemaps(5, 2);
        assert_eq!(
            files.keys().collect::<Vec<_>>(),
            ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
        );
        let urls = |name: &str| files[name].matches("<url>").count();
        assert_eq!([urls("sitemap-1.xml"), urls("sitemap-2.xml"), urls("sitemap-3.xml")], [2, 2, 1]);
        assert!(
            files["sitemap-3.xml"]
                .contains("<loc>https://example.org/tracker/claims/c4/</loc><lastmod>2025-10-15</lastmod>")
        );
        let index = &files["sitemap.xml"];
        assert!(index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"), "{index}");
        assert!(!index.contains("<url>"), "{index}");
        // Each file with the latest change among its pages.
        for (n, day) in [(1, 20), (2, 18), (3, 15)] {
            let line = format!(
                "<sitemap><loc>https://example.org/tracker/sitemap-{n}.xml</loc><lastmod>2025-10-{day}</lastmod></sitemap>"
            );
            assert!(index.contains(&line), "{line} in {index}");
        }
        // Within the limit: one file, as before.
        let files = sitemaps(2, 2);
        assert_eq!(files.keys().collect::<Vec<_>>(), ["sitemap.xml"]);
        assert_eq!(files["sitemap.xml"].matches("<url>").count(), 2);
        assert!(files["sitemap.xml"].ends_with("</urlset>\n"), "{}", files["sitemap.xml"]);
    }

    #[test]
    fn ids_are_absolute_urls_or_tag_uris() {
        let hosted = Routes::new("https://example.org/tracker/");
        assert_eq!(id(&hosted, &Routes::claim("a"), "#v"), "https://example.org/tracker/claims/a/#v");
        let local = Routes::new("/");
        assert_eq!(id(&local, &Routes::claim("a"), ""), "tag:localhost,2000:/claims/a/");
    }
}
