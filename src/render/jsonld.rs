//! The schema.org `ClaimReview` of each claim page, as JSON-LD, and the numeric verdict scale it
//! publishes.
//!
//! Search engines and fact-check aggregators read the review, so it must say exactly what the page
//! shows: the same verdict words, the same claim, the same outlet and article. The numbers of the
//! scale are part of the site's public method (the about page and the README print them), so they
//! live here once.

use super::routes::Routes;
use crate::model::{Claim, Site, Stamp, Status};
use serde_json::{Value, json};

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

/// The verdicts from worst to best rating, as the scale is read.
pub fn scale() -> Vec<Status> {
    let mut all = Status::ALL.to_vec();
    all.sort_by_key(|s| rating(*s));
    all
}

/// When the review was last published: the latest of the claim's date and its verdict updates.
pub fn reviewed(claim: &Claim) -> Stamp {
    claim.updates.iter().map(|u| u.date).chain([claim.date]).max_by_key(Stamp::sort_key).unwrap_or(claim.date)
}

/// The ClaimReview of claim `i`, ready to sit inside `<script type="application/ld+json">`.
pub fn claim_review(site: &Site, routes: &Routes, i: usize) -> String {
    let claim = &site.claims[i];
    let outlet = &site.outlets[claim.outlet];
    let publisher = &site.config.publisher;
    let first = claim.roots.first().map_or(claim, |r| &site.claims[*r]);
    let mut review = json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": routes.absolute(&Routes::claim(&claim.slug)),
        "claimReviewed": claim.title,
        "datePublished": reviewed(claim).iso(),
        "author": organisation(&publisher.name, publisher.url.as_deref().or(Some(&routes.absolute(&Routes::home())))),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating(claim.status),
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": claim.status.label(),
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": organisation(&outlet.name, outlet.url.as_deref()),
            "datePublished": claim.date.iso(),
            "appearance": article(site, claim),
            "firstAppearance": article(site, first),
        },
    });
    if !site.config.language.is_empty() {
        review["inLanguage"] = json!(site.config.language);
    }
    script_safe(&review)
}

fn organisation(name: &str, url: Option<&str>) -> Value {
    let mut org = json!({ "@type": "Organization", "name": name });
    if let Some(url) = url {
        org["url"] = json!(url);
    }
    org
}

/// The article a claim appeared in. Its URL is the original article's, when the editor gave one.
fn article(site: &Site, claim: &Claim) -> Value {
    let source = &site.sources[claim.source];
    let mut work = json!({
        "@type": "CreativeWork",
        "headline": source.headline,
        "datePublished": source.published.iso(),
        "author": organisation(&site.outlets[source.outlet].name, site.outlets[source.outlet].url.as_deref()),
    });
    if let Some(url) = &source.url {
        work["url"] = json!(url);
    }
    work
}

/// JSON that cannot end its `<script>` element early: `<`, `>` and `&` only occur inside strings,
/// where their `\u` escapes mean the same to a JSON reader and nothing to the HTML parser.
pub fn script_safe(value: &Value) -> String {
    const SCRIPT: super::Replacements =
        super::Replacements::new(&[(b'<', "\\u003c"), (b'>', "\\u003e"), (b'&', "\\u0026")]);
    super::replace_bytes(&value.to_string(), &SCRIPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_cannot_close_the_script_element() {
        let text = script_safe(&json!({ "claimReviewed": "</script><script>alert(1)</script> & <!--" }));
        assert!(!text.contains('<') && !text.contains('>'), "{text}");
        let back: Value = serde_json::from_str(&text).expect("still JSON");
        assert_eq!(back["claimReviewed"], "</script><script>alert(1)</script> & <!--");
    }

    #[test]
    fn the_scale_runs_from_false_to_confirmed_with_unverified_in_the_middle() {
        let words: Vec<&str> = scale().iter().map(|s| s.as_str()).collect();
        assert_eq!(words, ["false", "disputed", "unverified", "partly-true", "confirmed"]);
        assert_eq!(rating(Status::Unverified), (BEST + WORST) / 2);
    }
}
