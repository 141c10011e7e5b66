//! Paging: every list longer than `page_size` (site.yaml) is split into numbered pages, so that no
//! page grows with the archive. The first page keeps the list's own address; the next ones are
//! `…/page/2/` and on ([`Routes::part`]), plain links that work without JavaScript, each page with
//! a navigation of page numbers (`partials/pager.html`) and all of them in the sitemap.
//!
//! What is counted is what a page lists: claims (all claims, a verdict's, an outlet's, an
//! article's, a topic's comparison), verdict changes, and the timeline's events. The timeline is
//! cut at day boundaries: a page holds whole days while they fit, and only a day with more events
//! than a page holds is split. Its identical notes are collapsed first ([`Layout`]), so one entry
//! may list several claims; an entry is never split.
//!
//! [`Layout`] is computed from the site alone (no templates), so that the render, the sitemap and
//! `check --since` agree on which pages exist.

use super::pages::Event;
use super::routes::Routes;
use crate::model::{Site, Status};
use serde::Serialize;
use std::collections::HashMap;
use std::ops::Range;

/// How many page numbers the navigation shows on each side of the current one; the first and the
/// last are always shown, and a gap between stands for the rest.
const AROUND: usize = 2;

/// One entry of the timeline: a claim when it was made, a verdict change, or several verdict
/// changes of one day with the same verdict and the same note, shown once with their claims.
pub struct Entry {
    pub day: chrono::NaiveDate,
    /// Indexes into the events, in their order.
    pub events: Vec<usize>,
}

/// Which pages the lists have: computed once per build from the site.
pub struct Layout {
    pub size: usize,
    /// Every claim and every verdict change, oldest first.
    pub events: Vec<Event>,
    /// The timeline's entries, oldest first, identical notes of a day collapsed.
    pub entries: Vec<Entry>,
    /// Each timeline page's entries.
    pub timeline: Vec<Range<usize>>,
    /// How many claims each verdict has.
    pub by_status: [usize; 5],
    /// How many events are verdict changes.
    pub changes: usize,
}

/// How many pages a list of `len` entries takes: at least one, so that an empty list still has its
/// page saying it is empty.
pub fn count(len: usize, size: usize) -> usize {
    len.div_ceil(size).max(1)
}

/// The entries of page `n` (from 1) of a list of `len`.
pub fn range(len: usize, size: usize, n: usize) -> Range<usize> {
    let start = ((n - 1) * size).min(len);
    start..(start + size).min(len)
}

impl Layout {
    pub fn new(site: &Site) -> Layout {
        let size = site.config.page_size.max(1);
        let events = events(site);
        let entries = entries(site, &events);
        let timeline = timeline_pages(&entries, size);
        let mut by_status = [0; 5];
        for c in &site.claims {
            by_status[c.status.index()] += 1;
        }
        let changes = events.iter().filter(|e| e.2.is_some()).count();
        Layout { size, events, entries, timeline, by_status, changes }
    }

    /// How many entries the list of `page` has, for the lists that are paged by count.
    pub fn len(&self, site: &Site, page: super::pages::Page) -> Option<usize> {
        use super::pages::Page;
        Some(match page {
            Page::Claims => site.claims.len(),
            Page::Topic(i) => site.topics[i].claims.len(),
            Page::Outlet(i) => site.outlets[i].claims.len(),
            Page::Source(i) => site.sources[i].claims.len(),
            Page::Status(s) => self.by_status[s.index()],
            Page::Changes => self.changes,
            _ => return None,
        })
    }

    /// How many pages `page` has.
    pub fn parts(&self, site: &Site, page: super::pages::Page) -> usize {
        match page {
            super::pages::Page::Timeline => self.timeline.len(),
            _ => self.len(site, page).map_or(1, |len| count(len, self.size)),
        }
    }
}

/// Every claim when it was made and every later update that changed its verdict, oldest first.
pub fn events(site: &Site) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    for (i, c) in site.claims.iter().enumerate() {
        events.push((c.date.sort_key(), i, None));
        let changes = (1..c.updates.len()).filter(|u| c.changes_verdict(*u));
        events.extend(changes.map(|u| (c.updates[u].date.sort_key(), i, Some(u))));
    }
    events.sort_by_key(|(key, claim, update)| (*key, *claim, update.map_or(0, |u| u + 1)));
    events
}

/// The day of an event.
fn day(site: &Site, (_, c, u): &Event) -> chrono::NaiveDate {
    let claim = &site.claims[*c];
    u.map_or(&claim.date, |u| &claim.updates[u].date).day()
}

/// The timeline's entries, day by day: each event on its own, but the verdict changes of one day
/// that give the same verdict with the same note, which are one entry at the place of the first.
fn entries(site: &Site, events: &[Event]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let mut same: HashMap<(Status, &str), usize> = HashMap::new();
    // By calendar day as the outlet dated it, then in time order: two moments in different
    // offsets can fall in one order in time and in the other by their dates, and a day's
    // heading must come once.
    let mut order: Vec<(chrono::NaiveDate, usize)> =
        events.iter().enumerate().map(|(i, e)| (day(site, e), i)).collect();
    order.sort_by_key(|(d, _)| *d);
    for (d, i) in order {
        let e = &events[i];
        if entries.last().is_some_and(|last| last.day != d) {
            same.clear();
        }
        if let (_, c, Some(u)) = e {
            let update = &site.claims[*c].updates[*u];
            if !update.note.trim().is_empty() {
                match same.get(&(update.status, update.note.as_str())) {
                    Some(&at) => {
                        entries[at].events.push(i);
                        continue;
                    }
                    None => {
                        same.insert((update.status, update.note.as_str()), entries.len());
                    }
                }
            }
        }
        entries.push(Entry { day: d, events: vec![i] });
    }
    entries
}

/// The timeline's pages: whole days while they fit in `size` events; a day of more is split
/// between its entries.
fn timeline_pages(entries: &[Entry], size: usize) -> Vec<Range<usize>> {
    let mut pages = Vec::new();
    let (mut start, mut weight) = (0, 0);
    let mut d0 = 0;
    while d0 < entries.len() {
        let d1 = d0 + entries[d0..].iter().take_while(|e| e.day == entries[d0].day).count();
        let day_weight: usize = entries[d0..d1].iter().map(|e| e.events.len()).sum();
        if weight > 0 && weight + day_weight > size {
            pages.push(start..d0);
            (start, weight) = (d0, 0);
        }
        if day_weight > size {
            for (e, entry) in entries.iter().enumerate().take(d1).skip(d0) {
                if weight > 0 && weight + entry.events.len() > size {
                    pages.push(start..e);
                    (start, weight) = (e, 0);
                }
                weight += entry.events.len();
            }
        } else {
            weight += day_weight;
        }
        d0 = d1;
    }
    if start < entries.len() || pages.is_empty() {
        pages.push(start..entries.len());
    }
    pages
}

/// The navigation between the pages of a list, for `partials/pager.html`.
#[derive(Serialize)]
pub struct Pager {
    /// This page's number, from 1, and how many there are.
    pub number: usize,
    pub count: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    /// The same pages without the fragment, for `<link rel="prev">` and `rel="next"` in the head.
    pub prev_page: Option<String>,
    pub next_page: Option<String>,
    /// The page numbers shown, in order; `None` for a gap.
    pub links: Vec<Option<PageLink>>,
    /// What the list is, for the navigation's `aria-label` ("Pages of all claims").
    pub label: String,
    /// The first and last entries shown, counted from 1, and the list's length; none for the
    /// timeline, which gives its dates instead.
    pub first: usize,
    pub last: usize,
    pub total: usize,
}

#[derive(Serialize)]
pub struct PageLink {
    pub number: usize,
    pub link: String,
    pub current: bool,
}

impl Pager {
    /// The navigation for page `number` of `count` of the list whose first page is at `route`;
    /// `fragment` (`#claims`) takes a reader straight to the list on pages that start with
    /// something else. `None` when the list has one page: nothing to navigate.
    pub fn new(
        routes: &Routes,
        route: &str,
        number: usize,
        count: usize,
        label: String,
        fragment: &str,
    ) -> Option<Pager> {
        if count <= 1 {
            return None;
        }
        let page = |n: usize| routes.link(&Routes::part(route, n));
        let link = |n: usize| format!("{}{fragment}", page(n));
        let mut links = Vec::new();
        for n in 1..=count {
            let near = n == 1 || n == count || n.abs_diff(number) <= AROUND;
            if near {
                links.push(Some(PageLink { number: n, link: link(n), current: n == number }));
            } else if links.last().is_some_and(Option::is_some) {
                links.push(None);
            }
        }
        Some(Pager {
            number,
            count,
            prev: (number > 1).then(|| link(number - 1)),
            next: (number < count).then(|| link(number + 1)),
            prev_page: (number > 1).then(|| page(number - 1)),
            next_page: (number < count).then(|| page(number + 1)),
            links,
            label,
            first: 0,
            last: 0,
            total: 0,
        })
    }

    /// Says which entries of the list the page shows.
    pub fn showing(mut self, shown: &Range<usize>, total: usize) -> Pager {
        (self.first, self.last, self.total) = (shown.start + 1, shown.end, total);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_of_any_length_has_at_least_one_page_and_no_empty_one() {
        assert_eq!(count(0, 100), 1);
        assert_eq!(count(100, 100), 1);
        assert_eq!(count(101, 100), 2);
        assert_eq!(range(101, 100, 2), 100..101);
        assert_eq!(range(0, 100, 1), 0..0);
    }

    #[test]
    fn the_navigation_shows_the_ends_and_the_pages_near_the_current_one() {
        let routes = Routes::new("/t/");
        let pager = Pager::new(&routes, "claims/", 6, 12, "Pages".into(), "").unwrap();
        let shown: Vec<String> =
            pager.links.iter().map(|l| l.as_ref().map_or("…".into(), |l| l.number.to_string())).collect();
        assert_eq!(shown, ["1", "…", "4", "5", "6", "7", "8", "…", "12"]);
        assert_eq!(pager.prev.as_deref(), Some("/t/claims/page/5/"));
        assert_eq!(pager.links[0].as_ref().unwrap().link, "/t/claims/");
        assert!(Pager::new(&routes, "claims/", 1, 1, "Pages".into(), "").is_none());
    }

    #[test]
    fn the_timeline_keeps_days_whole_unless_one_is_longer_than_a_page() {
        let d = |n: u32| chrono::NaiveDate::from_ymd_opt(2025, 1, n).unwrap();
        let e = |day: u32, n: usize| Entry { day: d(day), events: vec![0; n] };
        // Days of 2, 2, 5 (one entry of 3 and two of 1) and 1 events, pages of 3.
        let entries = vec![e(1, 1), e(1, 1), e(2, 2), e(3, 3), e(3, 1), e(3, 1), e(4, 1)];
        assert_eq!(timeline_pages(&entries, 3), vec![0..2, 2..3, 3..4, 4..7]);
        assert_eq!(timeline_pages(&[], 3), vec![0..0]);
    }
}
