//! Days: the timeline and the verdict changes as a reader follows them, a day at a time.
//!
//! Each day shows its date once. Its new claims follow, outlet by outlet (one article often makes
//! several); then its verdict changes, where changes to the same verdict for the same reason (the
//! same note) are one entry listing every claim they concern, instead of the same sentence once
//! per claim. A day is the calendar day each date was written in, as the site prints it; events
//! come in the order given (oldest or newest first), and so do the days, the outlets and the
//! changes within a day, each in the order it first appears.

use super::views::{DateView, UpdateView};
use crate::model::Stamp;
use serde::Serialize;
use std::collections::HashMap;

/// A day's date: `human` ("28 Oct 2025") to read, `iso` (`2025-10-28`) for `<time datetime>`.
#[derive(Serialize, PartialEq, Eq, Hash, Clone)]
pub struct DayDate {
    pub iso: String,
    pub human: String,
}

impl DayDate {
    pub fn of(stamp: &Stamp) -> DayDate {
        let day = Stamp::Day(stamp.day());
        DayDate { iso: day.iso(), human: day.human() }
    }

    /// The day of a date already made into a view: its ISO form starts with the day as written
    /// (`2025-10-28` or `2025-10-28T12:19:00+05:30`).
    pub fn of_view(date: &DateView) -> DayDate {
        DayDate { iso: date.iso.get(..10).unwrap_or(&date.iso).to_owned(), human: date.day.clone() }
    }
}

/// One day: the claims first made on it, by outlet, and its verdict changes, collapsed.
#[derive(Serialize)]
pub struct Day<'a, C, E> {
    pub date: DayDate,
    pub outlets: Vec<OutletClaims<'a, C>>,
    pub changes: Vec<Change<'a, E>>,
}

/// One outlet's claims of a day.
#[derive(Serialize)]
pub struct OutletClaims<'a, C> {
    pub outlet_name: &'a str,
    pub outlet_link: &'a str,
    pub claims: Vec<C>,
}

/// Verdict changes of one day to the same verdict, for the same reason: `update` is the first of
/// them (its verdict and note are every one's), `claims` what each concerns.
#[derive(Serialize)]
pub struct Change<'a, E> {
    pub update: &'a UpdateView,
    pub claims: Vec<E>,
}

/// One event to place: a claim made (with its outlet), or a verdict given.
pub enum Event<'a, C, E> {
    Claim { outlet_name: &'a str, outlet_link: &'a str, entry: C },
    Change { update: &'a UpdateView, entry: E },
}

/// Groups dated events into days, in the order they come.
pub fn group<'a, C, E>(events: impl IntoIterator<Item = (DayDate, Event<'a, C, E>)>) -> Vec<Day<'a, C, E>> {
    let mut days: Vec<Day<'a, C, E>> = Vec::new();
    let mut index: HashMap<DayDate, usize> = HashMap::new();
    for (date, event) in events {
        let at = *index.entry(date.clone()).or_insert_with(|| {
            days.push(Day { date, outlets: Vec::new(), changes: Vec::new() });
            days.len() - 1
        });
        let day = &mut days[at];
        match event {
            Event::Claim { outlet_name, outlet_link, entry } => {
                match day.outlets.iter_mut().find(|o| o.outlet_link == outlet_link) {
                    Some(o) => o.claims.push(entry),
                    None => day.outlets.push(OutletClaims { outlet_name, outlet_link, claims: vec![entry] }),
                }
            }
            Event::Change { update, entry } => {
                let same = |c: &&mut Change<'a, E>| same_change(c.update, update);
                match day.changes.iter_mut().find(same) {
                    Some(c) => c.claims.push(entry),
                    None => day.changes.push(Change { update, claims: vec![entry] }),
                }
            }
        }
    }
    days
}

/// Two changes read as one when they give the same verdict for the same stated reason.
fn same_change(a: &UpdateView, b: &UpdateView) -> bool {
    a.status == b.status && a.note.trim() == b.note.trim()
}
