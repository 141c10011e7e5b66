//! The resolved content model: outlets, sources, topics and claims linked by index, plus the
//! vocabularies (stance, verdict, sourcing, outlet kind) and the date type they share.
//!
//! The loader's raw `*Meta` types become these once the resolver has checked every reference, so
//! nothing downstream has to handle a missing or dangling value. Derived groupings (a topic's claims,
//! an outlet's tally, echo roots) are filled in by `resolve`.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use std::path::PathBuf;

/// Declares a closed vocabulary: its front-matter spelling, its label for readers, and the list of
/// allowed values used in error messages.
macro_rules! vocabulary {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $word:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as written in front matter and used in URLs.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }

            /// The value as a reader sees it.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// The position in [`Self::ALL`], for tables indexed by value.
            pub fn index(self) -> usize {
                self as usize
            }

            pub fn parse(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }

            /// "`a`, `b` or `c`", for error messages.
            pub fn allowed() -> String {
                let words: Vec<String> = Self::ALL.iter().map(|v| format!("`{}`", v.as_str())).collect();
                let (last, rest) = words.split_last().expect("a vocabulary is never empty");
                if rest.is_empty() { last.clone() } else { format!("{} or {}", rest.join(", "), last) }
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

vocabulary! {
    /// What a claim does with its topic's statement.
    Stance {
        Asserts => "asserts", "Asserts";
        Hedges => "hedges", "Hedges";
        Disputes => "disputes", "Disputes";
    }
}

impl Stance {
    /// What the claim does with the statement, in words: a comparison says it beside the verdict
    /// on the claim, so that the two are never read as one thing.
    pub fn phrase(self) -> &'static str {
        match self {
            Stance::Asserts => "Asserts the statement",
            Stance::Hedges => "Hedges on the statement",
            Stance::Disputes => "Disputes the statement",
        }
    }
}

vocabulary! {
    /// The verdict on a claim, in the order of the published scale, from false to confirmed
    /// (`render::jsonld::rating`): every list of verdicts on the site reads in this order.
    Status {
        False => "false", "False";
        Disputed => "disputed", "Disputed";
        Unverified => "unverified", "Unverified";
        PartlyTrue => "partly-true", "Partly true";
        Confirmed => "confirmed", "Confirmed";
    }
}

vocabulary! {
    /// How an article attributes a claim.
    Sourcing {
        Named => "named", "Named sources";
        Anonymous => "anonymous", "Anonymous sources";
        MediaReports => "media-reports", "Media reports";
        Unsourced => "unsourced", "Unsourced";
    }
}

vocabulary! {
    /// What sort of outlet publishes.
    OutletKind {
        Broadcaster => "broadcaster", "Broadcaster";
        Newspaper => "newspaper", "Newspaper";
        Magazine => "magazine", "Magazine";
        Wire => "wire", "News agency";
        Digital => "digital", "Digital outlet";
        Blog => "blog", "Blog";
        Aggregator => "aggregator", "Aggregator";
    }
}

vocabulary! {
    /// Whether a piece of evidence supports or contradicts the claim, or only sets it in context
    /// (it bears on the claim but settles nothing either way).
    Bearing {
        Supports => "supports", "Supports";
        Contradicts => "contradicts", "Contradicts";
        Context => "context", "Context";
    }
}

vocabulary! {
    /// What a dated entry of a claim's corrections log did to the published page.
    CorrectionKind {
        Correction => "correction", "Correction";
        Clarification => "clarification", "Clarification";
        Update => "update", "Update";
    }
}

impl CorrectionKind {
    /// How the claim page introduces the entry: "Corrected on 3 Mar 2025".
    pub fn done(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "Corrected",
            CorrectionKind::Clarification => "Clarified",
            CorrectionKind::Update => "Updated",
        }
    }
}

/// A date as the editor wrote it: a calendar day, or a moment with its original UTC offset.
/// The offset is kept so pages can show "12:19 UTC+05:30" as the outlet printed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stamp {
    Day(NaiveDate),
    Moment(DateTime<FixedOffset>),
}

impl Stamp {
    /// Parses `YYYY-MM-DD` or an RFC 3339 date-time with offset.
    pub fn parse(text: &str) -> Option<Stamp> {
        let text = text.trim();
        if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Some(Stamp::Day(day));
        }
        DateTime::parse_from_rfc3339(text).ok().map(Stamp::Moment)
    }

    /// The calendar day in the writer's own time zone.
    pub fn day(&self) -> NaiveDate {
        match self {
            Stamp::Day(d) => *d,
            Stamp::Moment(m) => m.date_naive(),
        }
    }

    /// A total order for sorting. A bare day sorts at the end of that day (UTC): its time is
    /// unknown, and a report dated only "28 Oct" should not appear to precede one timed that day.
    pub fn sort_key(&self) -> i64 {
        match self {
            Stamp::Day(d) => d.and_hms_opt(23, 59, 59).map(|t| t.and_utc().timestamp()).unwrap_or(0),
            Stamp::Moment(m) => m.timestamp(),
        }
    }

    /// True when `self` falls on an earlier calendar day than `other`, each day read in its own
    /// offset, as the dates were printed. Editors copy dates from pages in different time zones, so
    /// hours are not compared: "2025-10-28" is not before "2025-10-28T12:19+05:30", and a claim
    /// stamped 01:03+01:00 is not before an article stamped 23:33-05:00 the evening before.
    pub fn is_before(&self, other: &Stamp) -> bool {
        self.day() < other.day()
    }

    /// Machine-readable form for `<time datetime>` and feeds.
    pub fn iso(&self) -> String {
        match self {
            // As `%Y-%m-%d` writes it, without parsing that format on every call: a day is parsed
            // from `YYYY-MM-DD`, so its year has four digits.
            Stamp::Day(d) => {
                use chrono::Datelike;
                let mut out = String::with_capacity(10);
                push_digits(&mut out, d.year(), 4);
                out.push('-');
                push_digits(&mut out, d.month() as i32, 2);
                out.push('-');
                push_digits(&mut out, d.day() as i32, 2);
                out
            }
            Stamp::Moment(m) => m.to_rfc3339(),
        }
    }

    /// For readers: "28 Oct 2025" or "28 Oct 2025, 12:19 UTC+05:30" (the original offset kept).
    /// Written as `%-d %b %Y` and `%H:%M` write them, by hand: chrono parses the format on every
    /// call, and the pages show several dates of each claim.
    pub fn human(&self) -> String {
        use chrono::{Datelike, Timelike};
        const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
        let mut out = String::with_capacity(32);
        let day = |out: &mut String, d: NaiveDate| {
            push_digits(out, d.day() as i32, 1);
            out.push(' ');
            out.push_str(MONTHS[d.month0() as usize]);
            out.push(' ');
            push_digits(out, d.year(), 4);
        };
        match self {
            Stamp::Day(d) => day(&mut out, *d),
            Stamp::Moment(m) => {
                day(&mut out, m.date_naive());
                out.push_str(", ");
                push_digits(&mut out, m.hour() as i32, 2);
                out.push(':');
                push_digits(&mut out, m.minute() as i32, 2);
                let offset = m.offset().to_string();
                out.push_str(" UTC");
                if offset != "+00:00" {
                    out.push_str(&offset);
                }
            }
        }
        out
    }
}

/// Writes `n` in decimal, padded with zeros to `width` digits, as `{:0width$}` does: the dates of
/// every page go through here, and `format!` took a twentieth of a rebuild in `serve`.
fn push_digits(out: &mut String, n: i32, width: usize) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 10];
    let mut rest = n.unsigned_abs();
    let mut len = 0;
    while rest > 0 || len == 0 {
        digits[len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
    }
    let width = width.saturating_sub(usize::from(n < 0));
    for _ in len..width {
        out.push('0');
    }
    for d in digits[..len].iter().rev() {
        out.push(char::from(*d));
    }
}

/// A list page's length when `site.yaml` gives no `page_size`: the shipped site's lists fit on one.
pub const PAGE_SIZE: usize = 100;

#[derive(Debug, Clone)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub language: String,
    pub summary_md: String,
    /// The organisation that publishes the verdicts: `publisher` in `site.yaml`, else the title.
    pub publisher: Publisher,
    /// Where readers report an error: an email address or an http(s) URL, as written.
    pub corrections: Option<String>,
    /// The date up to which the whole record was reviewed.
    pub reviewed: Option<Stamp>,
    /// How many folded characters a change between versions of a source must touch to be reported.
    pub version_threshold: usize,
    /// How many entries the Atom feeds carry, the newest (`feed_entries`, at least 1).
    pub feed_entries: usize,
    /// `check` warns about source and evidence links without an archived copy (`warn_unarchived`).
    pub warn_unarchived: bool,
    /// How many entries (claims, timeline events, verdict changes) one page of a list shows.
    pub page_size: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Publisher {
    /// The name that signs the verdicts: the publisher's, or the site's title when none is given.
    pub name: String,
    /// `site.yaml` names a publisher: without one the site is an independent record, not a newsroom.
    pub named: bool,
    pub url: Option<String>,
    /// Who funds or owns the publisher, as written.
    pub funding: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Outlet {
    pub slug: String,
    pub name: String,
    pub url: Option<String>,
    pub country: Option<String>,
    pub kind: Option<OutletKind>,
    pub body_md: String,
    /// Earlier slugs, each published as a page that redirects to this one.
    pub aliases: Vec<String>,
    pub sources: Vec<usize>,
    pub claims: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub slug: String,
    pub outlet: usize,
    pub headline: String,
    pub published: Stamp,
    pub url: Option<String>,
    pub author: Option<String>,
    /// An archived copy of `url`, and when it was captured.
    pub archived: Option<String>,
    pub archived_on: Option<Stamp>,
    pub note: Option<String>,
    /// Earlier slugs, each published as a page that redirects to this one.
    pub aliases: Vec<String>,
    pub claims: Vec<usize>,
    /// The captures of the article, oldest first: the first is the source's own body (as
    /// published, from `url`, archived at `archived`), the rest its `versions` entries.
    pub versions: Vec<Version>,
    /// The reported changes between consecutive versions, oldest first (see `resolve::versions`).
    pub changes: Vec<Change>,
}

/// One capture of an article.
#[derive(Debug, Clone)]
pub struct Version {
    pub captured: Stamp,
    /// Where it was captured from: the live URL or an archive's.
    pub from: Option<String>,
    pub archived: Option<String>,
    /// The headline it carried: its own `title`, else the one before it.
    pub headline: String,
    /// Its position in the source's `versions` list (`None` for the body).
    pub item: Option<usize>,
}

/// What changed from one version of an article to the next, in sentences: only these are ever
/// published, never the whole text.
#[derive(Debug, Clone)]
pub struct Change {
    /// The later of the two versions, by position in [`Source::versions`] (the earlier is the one before).
    pub version: usize,
    /// The headline before and after, when it changed.
    pub headline: Option<(String, String)>,
    /// Sentences of the earlier version that the later one no longer has, in order.
    pub removed: Vec<String>,
    /// Sentences of the later version that the earlier one did not have, in order.
    pub added: Vec<String>,
    /// How many folded characters the change touches: words removed and added, headline included.
    pub size: usize,
}

/// What became of a claim's quote in later versions of its article, when the latest no longer has it.
#[derive(Debug, Clone)]
pub struct QuoteLater {
    /// The first version, by position in [`Source::versions`], that no longer has the quote.
    pub version: usize,
    /// When that version has a passage close to the quote (the quote was reworded), the passage.
    pub now: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub title: String,
    pub statement: String,
    pub order: Option<i64>,
    pub body_md: String,
    /// What the record now shows about the statement (required once a claim on it has a verdict).
    pub conclusion: Option<String>,
    /// When the conclusion was last reviewed.
    pub reviewed: Option<Stamp>,
    /// Checked, shown by `serve`, never published by `build` ([`Site::published`]).
    pub draft: bool,
    /// Earlier slugs, each published as a page that redirects to this one.
    pub aliases: Vec<String>,
    /// Claims on this topic, oldest first.
    pub claims: Vec<usize>,
    /// Both `asserts` and `disputes` are present.
    pub contested: bool,
    /// The distinct first appearances of the asserting claims, oldest first (see `resolve::links`).
    pub origins: Vec<Origin>,
    /// Two or more outlets assert it, and every asserting claim traces back to one origin.
    pub single_origin: bool,
    /// The assertions have one origin, and that origin rests on anonymous sources.
    pub anonymous_origin: bool,
}

/// Where a report first appeared: a tracked claim, or a report outside the tracked outlets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Origin {
    Claim(usize),
    Report(usize),
}

/// A report outside the tracked outlets that claims repeat (an `echoes` entry written as a
/// mapping). Two claims naming the same URL, or the same outlet on the same day when the report is
/// not online, name one report.
#[derive(Debug, Clone)]
pub struct Report {
    pub outlet: String,
    /// `None`: not online.
    pub url: Option<String>,
    pub date: Stamp,
    /// BCP 47 tag.
    pub language: String,
    pub title: Option<String>,
    pub sourcing: Option<Sourcing>,
}

impl Report {
    /// What makes two `echoes` entries the same report.
    pub fn key(&self) -> String {
        match &self.url {
            Some(url) => url.trim_end_matches('/').to_ascii_lowercase(),
            None => format!("{} {}", self.outlet.to_lowercase(), self.date.day()),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Evidence {
    /// The name verdict steps cite it by.
    pub id: Option<String>,
    pub url: String,
    pub title: String,
    pub date: Stamp,
    pub bearing: Bearing,
    /// An archived copy of `url`, and when it was captured.
    pub archived: Option<String>,
    pub archived_on: Option<Stamp>,
}

#[derive(Debug, Clone)]
pub struct Update {
    pub date: Stamp,
    pub status: Status,
    pub note: String,
    /// The evidence the step rests on, by position in the claim's `evidence`.
    pub cites: Vec<usize>,
}

/// One entry of a claim's public corrections log.
#[derive(Debug, Clone)]
pub struct Correction {
    pub date: Stamp,
    pub kind: CorrectionKind,
    pub note: String,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub slug: String,
    pub path: PathBuf,
    pub title: String,
    pub source: usize,
    pub outlet: usize,
    pub date: Stamp,
    pub topic: usize,
    pub stance: Stance,
    pub status: Status,
    pub quote: String,
    pub sourcing: Option<Sourcing>,
    /// The verdict's reason in one line.
    pub summary: Option<String>,
    /// What the editor searched for the reports a `media-reports` claim relays, when none was found.
    pub untraced: Option<String>,
    pub echoes: Vec<usize>,
    /// Reports outside the tracked outlets this claim repeats, by position in [`Site::reports`].
    pub reports: Vec<usize>,
    pub evidence: Vec<Evidence>,
    pub updates: Vec<Update>,
    pub tags: Vec<String>,
    pub body_md: String,
    /// Checked, shown by `serve`, never published by `build` ([`Site::published`]).
    pub draft: bool,
    /// Earlier slugs, each published as a page that redirects to this one.
    pub aliases: Vec<String>,
    /// What was corrected on the published page, oldest first as written.
    pub corrections: Vec<Correction>,
    /// Where this one ultimately comes from (itself when it repeats nothing), oldest first.
    pub roots: Vec<Origin>,
    /// The quote is gone from the latest version of the article: where it went.
    pub quote_later: Option<QuoteLater>,
}

impl Claim {
    /// When the verdict last changed: the latest of the claim's date and its verdict steps.
    pub fn last_change(&self) -> Stamp {
        self.updates.iter().map(|u| u.date).chain([self.date]).max_by_key(Stamp::sort_key).unwrap_or(self.date)
    }

    /// Whether update `u` is a verdict *change*: its status differs from the one before it. The
    /// first entry is the verdict at publication, not a change.
    pub fn changes_verdict(&self, u: usize) -> bool {
        u > 0 && self.updates[u].status != self.updates[u - 1].status
    }
}

/// The whole resolved site, ready to render.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub outlets: Vec<Outlet>,
    pub sources: Vec<Source>,
    pub topics: Vec<Topic>,
    pub claims: Vec<Claim>,
    /// Reports outside the tracked outlets, named by claims' `echoes`.
    pub reports: Vec<Report>,
}

impl Site {
    /// When an origin appeared, for ordering origins.
    pub fn origin_date(&self, origin: Origin) -> Stamp {
        match origin {
            Origin::Claim(c) => self.claims[c].date,
            Origin::Report(r) => self.reports[r].date,
        }
    }

    /// How an origin attributes what it reports.
    pub fn origin_sourcing(&self, origin: Origin) -> Option<Sourcing> {
        match origin {
            Origin::Claim(c) => self.claims[c].sourcing,
            Origin::Report(r) => self.reports[r].sourcing,
        }
    }

    /// How many of `claims` have each verdict, in the order of [`Status::ALL`].
    pub fn tally(&self, claims: &[usize]) -> Vec<(Status, usize)> {
        Status::ALL.iter().map(|s| (*s, claims.iter().filter(|c| self.claims[**c].status == *s).count())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Stamp;

    #[test]
    fn a_date_is_written_as_it_was_parsed() {
        for text in ["2025-10-28", "0999-01-05", "2024-02-29", "2025-10-28T12:19:00+05:30", "2025-10-28T07:00:00Z"] {
            let stamp = Stamp::parse(text).unwrap();
            let expected = if text.ends_with('Z') { text.replace('Z', "+00:00") } else { text.to_string() };
            assert_eq!(stamp.iso(), expected);
        }
        let day = chrono::NaiveDate::from_ymd_opt(2025, 3, 7).unwrap();
        assert_eq!(Stamp::Day(day).iso(), day.format("%Y-%m-%d").to_string());
    }

    #[test]
    fn a_date_reads_as_the_outlet_printed_it() {
        assert_eq!(Stamp::parse("2025-10-28").unwrap().human(), "28 Oct 2025");
        assert_eq!(Stamp::parse("0999-01-05").unwrap().human(), "5 Jan 0999");
        assert_eq!(Stamp::parse("2025-10-28T07:05:00+05:30").unwrap().human(), "28 Oct 2025, 07:05 UTC+05:30");
        assert_eq!(Stamp::parse("2025-12-31T23:59:00Z").unwrap().human(), "31 Dec 2025, 23:59 UTC");
        assert_eq!(Stamp::parse("2025-06-01T00:00:00-04:00").unwrap().human(), "1 Jun 2025, 00:00 UTC-04:00");
        for month in 1..=12 {
            let d = chrono::NaiveDate::from_ymd_opt(2024, month, 9).unwrap();
            assert_eq!(Stamp::Day(d).human(), d.format("%-d %b %Y").to_string());
        }
    }

    #[test]
    fn digits_are_padded_as_format_pads_them() {
        for n in [0, 7, 10, 59, 999, 2025, 12345, -1, -42, -2025, i32::MAX, i32::MIN] {
            for width in [1, 2, 4] {
                let mut out = String::new();
                super::push_digits(&mut out, n, width);
                assert_eq!(out, format!("{n:0width$}"), "{n} in {width} digits");
            }
        }
    }
}
