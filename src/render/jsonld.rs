//! The schema.org `ClaimReview` of each claim page, as JSON-LD, and the numeric verdict scale it
//! publishes.
//!
//! Search engines and fact-check aggregators read the review, so it must say exactly what the page
//! shows: the same verdict words, the same claim, the same outlet and article. The numbers of the
//! scale are part of the site's public method (the about page and the README print them), so they
//! live here once.

use super::routes::Routes;
use crate::model::{Claim, Origin, Report, Site, Stamp, Status};
use serde::Serialize;

/// The best and worst ratings of the published scale.
pub const BEST: u8 = 5;
pub const WORST: u8 = 1;

/// A verdict's place on the 1–5 scale most fact-checkers use (1 = false … 5 = true). `unverified`
/// sits in the middle because it says nothing either way; `disputed` leans false (credible evidence
/// against, not settled) and `partly-true` leans true (part of it is on the record).
pub fn rating(status: Status) -> u8 {
    match status {
        Status::False => 1,
        Status::Disputed => 2,
        Status::Unverified => 3,
        Status::PartlyTrue => 4,
        Status::Confirmed => 5,
    }
}

/// When the review was last published: the latest of the claim's date and its verdict updates.
pub fn reviewed(claim: &Claim) -> Stamp {
    claim.last_change()
}

/// A schema.org thing: its `@type` and its properties, in the order they are written.
#[derive(Serialize)]
struct Typed<T> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(flatten)]
    props: T,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Review<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    url: String,
    claim_reviewed: &'a str,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    /// The claim's one-line verdict reason.
    #[serde(skip_serializing_if = "Option::is_none")]
    review_body: Option<&'a str>,
    author: Typed<Organisation<'a>>,
    review_rating: Typed<Rating>,
    item_reviewed: Typed<ReviewedClaim<'a>>,
    /// The latest correction, when the page was corrected after the review was published.
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    /// The claim's corrections log, newest first, as schema.org `CorrectionComment`s.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    correction: Vec<Typed<CorrectionComment>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CorrectionComment {
    /// "Correction: …", "Clarification: …", "Update: …": the kind, then the editor's note.
    text: String,
    date_published: String,
}

#[derive(Serialize)]
struct Organisation<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rating {
    rating_value: u8,
    best_rating: u8,
    worst_rating: u8,
    alternate_name: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReviewedClaim<'a> {
    author: Typed<Organisation<'a>>,
    date_published: String,
    appearance: Typed<Article<'a>>,
    first_appearance: Typed<Article<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Article<'a> {
    headline: &'a str,
    date_published: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    author: Typed<Organisation<'a>>,
}

/// The ClaimReview of claim `i`, ready to sit inside `<script type="application/ld+json">`.
pub fn claim_review(site: &Site, routes: &Routes, i: usize) -> String {
    let claim = &site.claims[i];
    let outlet = &site.outlets[claim.outlet];
    let publisher = &site.config.publisher;
    let first = match claim.roots.first() {
        Some(Origin::Claim(r)) => article(site, &site.claims[*r]),
        Some(Origin::Report(r)) => report(&site.reports[*r]),
        None => article(site, claim),
    };
    let home = routes.absolute(&Routes::home());
    let corrections = super::views::newest_first(&claim.corrections);
    let modified = corrections
        .first()
        .map(|c| c.date)
        .filter(|latest| latest.sort_key() > reviewed(claim).sort_key())
        .map(|latest| latest.iso());
    let language = &site.config.language;
    script_safe(&Review {
        context: "https://schema.org",
        kind: "ClaimReview",
        url: routes.absolute(&Routes::claim(&claim.slug)),
        claim_reviewed: &claim.title,
        date_published: reviewed(claim).iso(),
        in_language: (!language.is_empty()).then_some(language.as_str()),
        review_body: claim.summary.as_deref(),
        author: organisation(&publisher.name, publisher.url.as_deref().or(Some(&home))),
        review_rating: Typed {
            kind: "Rating",
            props: Rating {
                rating_value: rating(claim.status),
                best_rating: BEST,
                worst_rating: WORST,
                alternate_name: claim.status.label(),
            },
        },
        item_reviewed: Typed {
            kind: "Claim",
            props: ReviewedClaim {
                author: organisation(&outlet.name, outlet.url.as_deref()),
                date_published: claim.date.iso(),
                appearance: article(site, claim),
                first_appearance: first,
            },
        },
        date_modified: modified,
        correction: corrections
            .iter()
            .map(|c| Typed {
                kind: "CorrectionComment",
                props: CorrectionComment {
                    text: format!("{}: {}", c.kind.label(), c.note),
                    date_published: c.date.iso(),
                },
            })
            .collect(),
    })
}

fn organisation<'a>(name: &'a str, url: Option<&'a str>) -> Typed<Organisation<'a>> {
    Typed { kind: "Organization", props: Organisation { name, url } }
}

/// The article a claim appeared in. Its URL is the original article's, when the editor gave one.
fn article<'a>(site: &'a Site, claim: &Claim) -> Typed<Article<'a>> {
    let source = &site.sources[claim.source];
    let outlet = &site.outlets[source.outlet];
    Typed {
        kind: "CreativeWork",
        props: Article {
            headline: &source.headline,
            date_published: source.published.iso(),
            url: source.url.as_deref(),
            author: organisation(&outlet.name, outlet.url.as_deref()),
        },
    }
}

/// A report outside the tracked outlets, as the claim's first appearance: its title, or the
/// outlet's name when it has none.
fn report(report: &Report) -> Typed<Article<'_>> {
    Typed {
        kind: "CreativeWork",
        props: Article {
            headline: report.title.as_deref().unwrap_or(&report.outlet),
            date_published: report.date.iso(),
            url: report.url.as_deref(),
            author: organisation(&report.outlet, None),
        },
    }
}

/// JSON that cannot end its `<script>` element early: `<`, `>` and `&` only occur inside strings,
/// where their `\u` escapes mean the same to a JSON reader and nothing to the HTML parser.
pub fn script_safe(value: &impl Serialize) -> String {
    const SCRIPT: super::Replacements =
        super::Replacements::new(&[(b'<', "\\u003c"), (b'>', "\\u003e"), (b'&', "\\u0026")]);
    // Serialising plain structs cannot fail: every key is a string.
    super::replace_bytes(&serde_json::to_string(value).unwrap_or_default(), &SCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    #[test]
    fn a_quote_cannot_close_the_script_element() {
        let text = script_safe(&json!({ "claimReviewed": "</script><script>alert(1)</script> & <!--" }));
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["claimReviewed"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn the_scale_runs_from_false_to_confirmed_with_unverified_in_the_middle() {
        // `Status::ALL` is the order every list of verdicts on the site follows.
        let words: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(words, ["false", "disputed", "unverified", "partly-true", "confirmed"]);
        assert!(Status::ALL.windows(2).all(|w| rating(w[0]) < rating(w[1])));
        assert_eq!(rating(Status::Unverified), (BEST + WORST) / 2);
    }
}
