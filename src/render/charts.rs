//! Charts: SVG drawn at build time, so readers see them without JavaScript.
//!
//! Rust computes the geometry (where each mark goes, how big it is, what it says); the templates in
//! `templates/charts/` decide how it looks. Every chart is an image with a `<title>` and a `<desc>`
//! that say in words what it shows, and the page around it carries the same facts as text (the
//! timeline list, the tally table), so nothing is told by shape or colour alone.

use crate::model::{Site, Stamp, Status};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// The drawing's width in SVG units; it scales to the page with its `viewBox`.
const WIDTH: f64 = 760.0;
/// Room on the left for outlet names.
const LABELS: f64 = 170.0;
const RIGHT: f64 = 20.0;
const LANE: f64 = 44.0;
const TOP: f64 = 16.0;

/// A coordinate as the chart prints it: a whole number without a decimal point (`16`, not
/// `16.0`, which is how Tera 2 prints a float), so that sums made in the template stay whole too.
fn coord<S: serde::Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
    if v.fract() == 0.0 && v.abs() < 1e15 { s.serialize_i64(*v as i64) } else { s.serialize_f64(*v) }
}

#[derive(Serialize)]
pub struct Timeline {
    pub id: &'static str,
    #[serde(serialize_with = "coord")]
    pub width: f64,
    #[serde(serialize_with = "coord")]
    pub height: f64,
    pub title: String,
    pub desc: String,
    #[serde(serialize_with = "coord")]
    pub plot_left: f64,
    #[serde(serialize_with = "coord")]
    pub plot_right: f64,
    #[serde(serialize_with = "coord")]
    pub axis_y: f64,
    #[serde(serialize_with = "coord")]
    pub legend_y: f64,
    pub lanes: Vec<Lane>,
    pub ticks: Vec<Tick>,
    pub claims: Vec<Mark>,
    pub changes: Vec<Mark>,
}

#[derive(Serialize)]
pub struct Lane {
    pub name: String,
    #[serde(serialize_with = "coord")]
    pub top: f64,
    #[serde(serialize_with = "coord")]
    pub middle: f64,
}

#[derive(Serialize)]
pub struct Tick {
    #[serde(serialize_with = "coord")]
    pub x: f64,
    pub label: String,
}

/// Claims (or verdict changes) of one outlet on one day.
#[derive(Serialize)]
pub struct Mark {
    #[serde(serialize_with = "coord")]
    pub x: f64,
    #[serde(serialize_with = "coord")]
    pub y: f64,
    /// Radius: the area grows with the count, so a day with many claims stands out without hiding
    /// its neighbours.
    #[serde(serialize_with = "coord")]
    pub r: f64,
    pub count: usize,
    pub label: String,
}

/// The hash of what [`timeline`] draws from `events`: the outlets' names, and each event's
/// outlet, day and kind, in order. Far cheaper than drawing the chart.
pub fn timeline_key(site: &Site, events: &[(i64, usize, Option<usize>)]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = super::memo::hasher();
    site.outlets.iter().for_each(|o| o.name.hash(&mut h));
    for (_, c, u) in events {
        let claim = &site.claims[*c];
        let day = u.map_or(claim.date, |u| claim.updates[u].date).day();
        (claim.outlet, day, u.is_some()).hash(&mut h);
    }
    h.finish()
}

/// One day per claim or verdict change, per outlet: where and how much.
pub fn timeline(site: &Site, events: &[(i64, usize, Option<usize>)]) -> Option<Timeline> {
    let day_of = |c: usize, u: Option<usize>| {
        let claim = &site.claims[c];
        u.map_or(claim.date, |u| claim.updates[u].date).day()
    };
    let days: Vec<NaiveDate> = events.iter().map(|(_, c, u)| day_of(*c, *u)).collect();
    let (first, last) = (*days.iter().min()?, *days.iter().max()?);
    let span = (last - first).num_days().max(1) as f64;
    let plot_right = WIDTH - RIGHT;
    // The biggest mark must not run into the outlet names.
    let plot_left = LABELS + LANE / 2.0;
    let x = |d: NaiveDate| {
        if first == last {
            (plot_left + plot_right) / 2.0
        } else {
            plot_left + (d - first).num_days() as f64 / span * (plot_right - plot_left)
        }
    };
    let lanes: Vec<Lane> = site
        .outlets
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let top = TOP + i as f64 * LANE;
            Lane { name: o.name.clone(), top, middle: top + LANE / 2.0 }
        })
        .collect();
    let mut claims: BTreeMap<(usize, NaiveDate), usize> = BTreeMap::new();
    let mut changes: BTreeMap<(usize, NaiveDate), usize> = BTreeMap::new();
    for ((_, c, u), day) in events.iter().zip(&days) {
        let outlet = site.claims[*c].outlet;
        let tally = if u.is_some() { &mut changes } else { &mut claims };
        *tally.entry((outlet, *day)).or_default() += 1;
    }
    let marks = |tally: BTreeMap<(usize, NaiveDate), usize>, offset: f64, what: (&str, &str)| -> Vec<Mark> {
        tally
            .into_iter()
            .map(|((o, day), count)| Mark {
                x: round(x(day)),
                y: round(lanes[o].middle + offset),
                r: round((3.0 + 2.2 * (count as f64).sqrt()).min(LANE / 2.0 - 4.0)),
                count,
                label: format!(
                    "{}, {}: {count} {}",
                    lanes[o].name,
                    Stamp::Day(day).human(),
                    if count == 1 { what.0 } else { what.1 }
                ),
            })
            .collect()
    };
    let claim_marks = marks(claims, -6.0, ("claim", "claims"));
    let change_marks = marks(changes, 10.0, ("verdict change", "verdict changes"));
    let axis_y = TOP + lanes.len() as f64 * LANE + 4.0;
    let ticks = month_starts(first, last)
        .into_iter()
        .map(|d| Tick { x: round(x(d)), label: d.format("%b %Y").to_string() })
        .collect();
    let (n_claims, n_changes) =
        (claim_marks.iter().map(|m| m.count).sum::<usize>(), change_marks.iter().map(|m| m.count).sum::<usize>());
    Some(Timeline {
        id: "timeline-chart",
        width: WIDTH,
        height: axis_y + 56.0,
        title: "Claims and verdict changes over time, by outlet".into(),
        desc: format!(
            "{n_claims} {} by {} {} and {n_changes} {} between {} and {}. Circles mark the days an outlet made claims, diamonds the days its claims changed verdict; the bigger the mark, the more on that day. The timeline page lists every one.",
            plural(n_claims, "claim", "claims"),
            lanes.len(),
            plural(lanes.len(), "outlet", "outlets"),
            plural(n_changes, "verdict change", "verdict changes"),
            Stamp::Day(first).human(),
            Stamp::Day(last).human(),
        ),
        plot_left: LABELS,
        plot_right,
        axis_y,
        legend_y: axis_y + 42.0,
        lanes,
        ticks,
        claims: claim_marks,
        changes: change_marks,
    })
}

/// The first day of every month from `first` to `last`, and `first` itself when the span is
/// shorter than a month, so the axis always has a date on it.
fn month_starts(first: NaiveDate, last: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = NaiveDate::from_ymd_opt(first.year(), first.month(), 1);
    while let Some(day) = d.filter(|d| *d <= last) {
        if day >= first {
            out.push(day);
        }
        d = if day.month() == 12 {
            NaiveDate::from_ymd_opt(day.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(day.year(), day.month() + 1, 1)
        };
    }
    if out.is_empty() {
        out.push(first);
    }
    out
}

#[derive(Serialize)]
pub struct Tally {
    pub id: String,
    #[serde(serialize_with = "coord")]
    pub width: f64,
    #[serde(serialize_with = "coord")]
    pub height: f64,
    pub title: String,
    pub desc: String,
    #[serde(serialize_with = "coord")]
    pub bar_left: f64,
    #[serde(serialize_with = "coord")]
    pub bar_height: f64,
    pub rows: Vec<TallyRow>,
    #[serde(serialize_with = "coord")]
    pub legend_y: f64,
    pub legend: Vec<LegendItem>,
}

#[derive(Serialize)]
pub struct TallyRow {
    pub name: String,
    #[serde(serialize_with = "coord")]
    pub y: f64,
    /// The baseline of the row's counts, half-way down the bar.
    #[serde(serialize_with = "coord")]
    pub text_y: f64,
    pub total: usize,
    #[serde(serialize_with = "coord")]
    pub total_x: f64,
    pub segments: Vec<Segment>,
}

#[derive(Serialize)]
pub struct Segment {
    pub status: Status,
    #[serde(serialize_with = "coord")]
    pub x: f64,
    #[serde(serialize_with = "coord")]
    pub width: f64,
    /// Where the count is centred.
    #[serde(serialize_with = "coord")]
    pub middle: f64,
    pub count: usize,
    /// Whether the count fits inside the segment.
    pub labelled: bool,
    pub label: String,
}

#[derive(Serialize)]
pub struct LegendItem {
    pub status: Status,
    pub label: &'static str,
    #[serde(serialize_with = "coord")]
    pub x: f64,
}

const BAR: f64 = 26.0;
const ROW: f64 = 38.0;

/// Verdict tallies as stacked bars, one per outlet in `outlets`, on one scale so bars compare.
/// The segments run from worst to best rating (the order of [`Status::ALL`]), as the about page
/// reads the scale.
pub fn tally(site: &Site, outlets: &[usize], id: &str) -> Tally {
    let totals: Vec<Vec<(Status, usize)>> = outlets.iter().map(|o| site.tally(&site.outlets[*o].claims)).collect();
    let most = totals.iter().map(|t| t.iter().map(|(_, n)| n).sum::<usize>()).max().unwrap_or(0).max(1) as f64;
    let bar_left = if outlets.len() > 1 { LABELS } else { 10.0 };
    let room = WIDTH - RIGHT - 40.0 - bar_left;
    let rows: Vec<TallyRow> = outlets
        .iter()
        .zip(&totals)
        .enumerate()
        .map(|(row, (o, tally))| {
            let mut x = bar_left;
            let mut segments = Vec::new();
            for &(status, count) in tally {
                if count == 0 {
                    continue;
                }
                let width = count as f64 / most * room;
                segments.push(Segment {
                    status,
                    x: round(x),
                    width: round(width),
                    middle: round(x + width / 2.0),
                    count,
                    labelled: width >= 16.0,
                    label: format!("{}: {count}", status.label()),
                });
                x += width;
            }
            TallyRow {
                name: site.outlets[*o].name.clone(),
                y: TOP + row as f64 * ROW,
                text_y: TOP + row as f64 * ROW + BAR / 2.0 + 5.0,
                total: tally.iter().map(|(_, n)| n).sum(),
                total_x: round(x + 6.0),
                segments,
            }
        })
        .collect();
    let legend_y = TOP + rows.len() as f64 * ROW + 14.0;
    let legend = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem { status: *s, label: s.label(), x: 10.0 + i as f64 * 140.0 })
        .collect();
    let names: Vec<String> = rows
        .iter()
        .map(|r| {
            let parts: Vec<String> =
                r.segments.iter().map(|s| format!("{} {}", s.count, s.status.label().to_lowercase())).collect();
            let parts = if parts.is_empty() { "no claims".to_string() } else { parts.join(", ") };
            format!("{}: {parts}", r.name)
        })
        .collect();
    Tally {
        id: id.to_string(),
        width: WIDTH,
        height: legend_y + 24.0,
        title: if outlets.len() == 1 {
            format!("Verdicts on the claims of {}", site.outlets[outlets[0]].name)
        } else {
            "Verdicts on each outlet's claims".into()
        },
        desc: format!("{}.", names.join("; ")),
        bar_left,
        bar_height: BAR,
        rows,
        legend_y,
        legend,
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// Two decimals are plenty for a drawing and keep the SVG small and stable.
fn round(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_marks_each_month_start_and_never_comes_out_empty() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(month_starts(d(2025, 10, 28), d(2026, 1, 3)), vec![d(2025, 11, 1), d(2025, 12, 1), d(2026, 1, 1)]);
        assert_eq!(month_starts(d(2025, 3, 1), d(2025, 3, 2)), vec![d(2025, 3, 1)]);
    }
}
