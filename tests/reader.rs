//! What machines and readers get beyond the pages: the ClaimReview on each claim page, the feed,
//! the sitemap, the data, the about page, the charts and the claims filter. (The same site is also
//! driven in a real browser by `tests/browser/`, run from `.ci/run`.)

mod common;
use common::*;
use serde_json::Value;

/// The JSON-LD blocks of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    html.split("<script type=\"application/ld+json\">")
        .skip(1)
        .map(|s| serde_json::from_str(s.split("</script>").next().unwrap()).expect("JSON-LD parses"))
        .collect()
}

#[test]
fn a_claim_page_has_one_claim_review_matching_its_visible_verdict() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = page(&out, "claims/ledger-closure/");
    let reviews = json_ld(&html);
    assert_eq!(reviews.len(), 1, "exactly one ClaimReview");
    let r = &reviews[0];
    assert_eq!(r["@context"], "https://schema.org");
    assert_eq!(r["@type"], "ClaimReview");
    assert!(text(&html).contains("Verdict on this claim: ! Disputed"));
    assert_eq!(r["reviewRating"]["alternateName"], "Disputed");
    assert_eq!(r["reviewRating"]["ratingValue"], 2);
    assert_eq!(
        (r["reviewRating"]["worstRating"].as_u64(), r["reviewRating"]["bestRating"].as_u64()),
        (Some(1), Some(5))
    );
    assert_eq!(r["claimReviewed"], "The bridge will close for twelve months");
    assert_eq!(r["url"], "https://example.org/tracker/claims/ledger-closure/");
    assert_eq!(r["datePublished"], "2025-03-02", "the date of the latest verdict");
    assert_eq!(r["author"]["name"], "Harbour Bridge Tracker", "the publisher defaults to the site title");
    let item = &r["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["author"]["name"], "Daily Ledger");
    assert_eq!(item["author"]["url"], "https://ledger.example/");
    assert_eq!(item["datePublished"], "2025-03-01T08:00:00+00:00");
    assert_eq!(item["appearance"]["url"], "https://ledger.example/bridge");
    assert_eq!(item["firstAppearance"]["url"], "https://ledger.example/bridge", "it repeats nothing");
}

#[test]
fn a_repeated_claims_first_appearance_is_the_root_of_its_echo_chain() {
    let out = build_ok(&fixture("basic"), &[]);
    let r = &json_ld(&page(&out, "claims/post-closure/"))[0];
    assert_eq!(r["itemReviewed"]["author"]["name"], "Evening Post");
    assert_eq!(r["itemReviewed"]["firstAppearance"]["headline"], "Harbour bridge to close for a year");
    assert_eq!(r["itemReviewed"]["firstAppearance"]["url"], "https://ledger.example/bridge");
}

#[test]
fn the_publisher_from_site_yaml_signs_the_reviews_and_the_corrections_address_is_linked() {
    let root = fixture("basic");
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    write(
        &root.join("content/site.yaml"),
        &format!(
            "{site}publisher:\n  name: Bridge Watch\n  url: https://watch.example/\ncorrections: fixes@watch.example\n"
        ),
    );
    let out = build_ok(&root, &[]);
    let r = &json_ld(&page(&out, "claims/wire-closure/"))[0];
    assert_eq!(r["author"]["name"], "Bridge Watch");
    assert_eq!(r["author"]["url"], "https://watch.example/");
    assert!(page(&out, "").contains("<a href=\"mailto:fixes@watch.example\">Report an error</a>"));
    assert!(text(&page(&out, "about/")).contains("please tell us: fixes@watch.example."));
}

#[test]
fn a_corrections_value_that_is_neither_email_nor_url_is_an_error() {
    let root = fixture("basic");
    let site = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
    write(&root.join("content/site.yaml"), &format!("{site}corrections: javascript:alert(1)\n"));
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("error: `javascript:alert(1)` is neither an email address nor an http(s) URL"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_feed_has_an_entry_per_claim_and_per_verdict_change() {
    let out = build_ok(&fixture("basic"), &[]);
    let feed = page(&out, "atom.xml");
    assert!(
        feed.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"")
    );
    // 4 claims, and one verdict change (the Ledger's claim went from unverified to disputed).
    assert_eq!(feed.matches("<entry>").count(), 5);
    assert!(feed.contains("<id>https://example.org/tracker/claims/ledger-closure/#verdict-2025-03-02-disputed</id>"));
    assert!(feed.contains(
        "<title>Verdict change: The bridge will close for twelve months (Daily Ledger) became Disputed</title>"
    ));
    assert!(
        feed.contains(
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/tracker/atom.xml\"/>"
        )
    );
    assert!(feed.contains("<updated>2025-03-02T00:00:00Z</updated>"));
    assert!(feed.contains("officials told the &quot;Ledger&quot; on Friday."), "text is escaped");
}

#[test]
fn the_sitemap_lists_every_page_with_its_last_change_and_robots_points_to_it() {
    let out = build_ok(&fixture("basic"), &[]);
    let sitemap = page(&out, "sitemap.xml");
    assert!(sitemap.contains(
        "<url><loc>https://example.org/tracker/claims/ledger-closure/</loc><lastmod>2025-03-02</lastmod></url>"
    ));
    assert!(sitemap.contains("<url><loc>https://example.org/tracker/about/</loc></url>"));
    assert!(!sitemap.contains("404"), "the not-found page is not a page to index");
    let pages = walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .count();
    assert_eq!(sitemap.matches("<url>").count(), pages);
    assert_eq!(page(&out, "robots.txt"), "User-agent: *\nAllow: /\nSitemap: https://example.org/tracker/sitemap.xml\n");
}

#[test]
fn claims_json_has_everything_but_the_archived_article_text() {
    let out = build_ok(&fixture("basic"), &[]);
    let text = page(&out, "claims.json");
    assert_eq!(text.lines().count(), 1, "written compactly, on one line");
    let index: Value = serde_json::from_str(&text).unwrap();
    let fields: Vec<&str> = index.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(fields, ["$schema", "outlets", "parts", "site", "topics", "verdicts"]);
    let parts: Vec<(&str, &Value)> =
        index["parts"].as_array().unwrap().iter().map(|p| (p["url"].as_str().unwrap(), &p["topic"])).collect();
    assert_eq!(
        parts,
        [
            ("https://example.org/tracker/data/topics/closure.json", &Value::from("closure")),
            ("https://example.org/tracker/data/topics/cracks.json", &Value::from("cracks")),
            ("https://example.org/tracker/data/sources.json", &Value::Null),
        ]
    );
    let data = whole_data(&out);
    for file in ["claims.json", "data/topics/closure.json", "data/topics/cracks.json", "data/sources.json"] {
        assert!(!page(&out, file).contains("SECRET-ARCHIVE-SENTENCE"), "{file} republishes an article");
    }
    assert_eq!(data["$schema"], "https://example.org/tracker/claims.schema.json");
    assert_eq!(data["claims"].as_array().unwrap().len(), 4);
    let closure = data["topics"].as_array().unwrap().iter().find(|t| t["slug"] == "closure").unwrap();
    assert_eq!((&closure["contested"], &closure["single_origin"]), (&Value::Bool(true), &Value::Bool(true)));
    assert_eq!(closure["origin_count"], 1);
    let part: Value = serde_json::from_str(&page(&out, "data/topics/closure.json")).unwrap();
    assert_eq!(part["origins"], serde_json::json!(["ledger-closure"]));
    let post = data["claims"].as_array().unwrap().iter().find(|c| c["slug"] == "post-closure").unwrap();
    assert_eq!(post["echoes"], serde_json::json!(["ledger-closure"]));
    assert_eq!(post["roots"], serde_json::json!(["ledger-closure"]));
    assert_eq!(post["topic"], "closure");
    let part: Value = serde_json::from_str(&page(&out, "data/topics/closure.json")).unwrap();
    assert!(part["claims"].as_array().unwrap().iter().all(|c| c["topic"] == "closure"));
    assert_eq!(part["index"], "https://example.org/tracker/claims.json");
    let source = &data["sources"][0];
    assert!(source.get("headline").is_some() && source.get("body").is_none() && source.get("text").is_none());
    let schema: Value = serde_json::from_str(&page(&out, "claims.schema.json")).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
}

#[test]
fn every_page_names_its_canonical_address_under_the_base_url() {
    let root = fixture("basic");
    let out = build_ok(&root, &["--base-url", "https://someone.github.io/claims-repo/"]);
    let topic = page(&out, "topics/closure/");
    assert!(topic.contains("<link rel=\"canonical\" href=\"https://someone.github.io/claims-repo/topics/closure/\">"));
    assert!(
        topic.contains("<meta property=\"og:url\" content=\"https://someone.github.io/claims-repo/topics/closure/\">")
    );
    assert!(topic.contains("<meta property=\"og:title\" content=\"Year-long closure\">"));
    assert!(topic.contains("href=\"/claims-repo/atom.xml\""));
    assert!(page(&out, "atom.xml").contains("<id>https://someone.github.io/claims-repo/claims/wire-closure/</id>"));
    assert!(page(&out, "sitemap.xml").contains("<loc>https://someone.github.io/claims-repo/about/</loc>"));
    assert!(!page(&out, "404.html").contains("rel=\"canonical\""), "the 404 page is served at every missing address");
    // A base_url that is only a path (a local build) gives no canonical or og:url: never a bare path.
    let out = build_ok(&root, &["--base-url", "/claims-repo/"]);
    let topic = page(&out, "topics/closure/");
    assert!(!topic.contains("rel=\"canonical\"") && !topic.contains("og:url"), "{topic}");
    assert!(topic.contains("<meta property=\"og:title\" content=\"Year-long closure\">"));
}

#[test]
fn the_about_page_publishes_the_verdict_scale_used_in_the_reviews() {
    let out = build_ok(&fixture("basic"), &[]);
    let rows = table_rows(&page(&out, "about/"));
    assert_eq!(rows.len(), 5);
    assert!(rows[0].starts_with("✗ False 1 of 5"), "{}", rows[0]);
    assert!(rows[1].starts_with("! Disputed 2 of 5"), "{}", rows[1]);
    assert!(rows[2].starts_with("? Unverified 3 of 5"), "{}", rows[2]);
    assert!(rows[3].starts_with("◐ Partly true 4 of 5"), "{}", rows[3]);
    assert!(rows[4].starts_with("✓ Confirmed 5 of 5"), "{}", rows[4]);
    assert!(page(&out, "").contains("<a href=\"/tracker/about/\">About</a>"), "every page links it");
}

#[test]
fn charts_are_accessible_svg_images_on_the_home_timeline_and_outlet_pages() {
    let out = build_ok(&fixture("basic"), &[]);
    for route in ["", "timeline/", "outlets/", "outlets/daily-ledger/"] {
        let html = page(&out, route);
        let svg = html.split("<svg").nth(1).unwrap_or_else(|| panic!("no chart on /{route}"));
        let head = svg.split('>').next().unwrap();
        assert!(head.contains("role=\"img\""), "/{route}: {head}");
        let ids: Vec<&str> =
            head.split("aria-labelledby=\"").nth(1).unwrap().split('"').next().unwrap().split(' ').collect();
        for id in ids {
            assert!(svg.contains(&format!("id=\"{id}\"")), "/{route}: no element #{id}");
        }
        assert!(svg.contains("<title id=") && svg.contains("<desc id="), "/{route}");
    }
    let ledger = page(&out, "outlets/daily-ledger/");
    assert!(ledger.contains("Daily Ledger: 1 disputed, 1 unverified."), "the description says the tally in words");
    let home = page(&out, "");
    assert!(home.contains("<title>City Wire, 2 Mar 2025: 1 claim</title>"), "each mark names itself");
}

#[test]
fn the_claims_table_carries_what_the_filter_needs_and_shows_whole_without_script() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = page(&out, "claims/");
    // A real form from the start (nothing moves when the script takes it over); without the
    // script it reloads the list, and says that search needs it.
    assert!(html.contains(
        "<form class=\"filters\" id=\"claim-filters\" role=\"search\" action=\"/tracker/claims/\" method=\"get\" data-index=\"/tracker/search/\""
    ));
    assert!(html.contains("<noscript><p class=\"note\">Search and filters need JavaScript; the list below shows every claim.</p></noscript>"));
    assert!(out.join("search/meta.json").is_file());
    assert!(html.contains("<tr data-outlet=\"Daily Ledger\" data-topic=\"Year-long closure\" data-stance=\"Asserts\" data-verdict=\"Disputed\""));
    assert_eq!(table_rows(&html).len(), 4);
    assert!(html.contains("<script src=\"/tracker/static/filter.js\" defer></script>"));
    assert!(out.join("static/filter.js").exists());
}

#[test]
fn all_claims_read_topic_by_topic_and_the_filter_offers_its_choices_in_site_order() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = page(&out, "claims/");
    assert!(
        text(&html).contains("4 claims, topic by topic in the order of the home page, oldest first within each topic.")
    );
    // The closure topic (order 1) comes first, its claims by date; the file that sorts second
    // (ledger-cracks.md) is on the second topic, so its row comes last.
    let topics: Vec<String> = html
        .split("<tr data-outlet=")
        .skip(1)
        .map(|r| r.split("data-topic=\"").nth(1).unwrap().split('"').next().unwrap().to_string())
        .collect();
    assert_eq!(topics, ["Year-long closure", "Year-long closure", "Year-long closure", "Cracked piers"]);
    let choices = |id: &str| -> Vec<String> {
        let select = html.split(&format!("<select id=\"{id}\"")).nth(1).unwrap().split("</select>").next().unwrap();
        select.split("<option").skip(2).map(|o| text(o.split_once('>').unwrap().1)).collect()
    };
    assert_eq!(choices("filter-topic"), ["Year-long closure", "Cracked piers"]);
    // Only the stances and verdicts some claim has, on their scales (from false to confirmed).
    assert_eq!(choices("filter-stance"), ["Asserts", "Disputes"]);
    assert_eq!(choices("filter-verdict"), ["Disputed", "Unverified", "Confirmed"]);
    assert_eq!(choices("filter-outlet").len(), 3);
}

#[test]
fn a_claim_page_names_its_verdict_before_the_claim_for_search_results_and_shared_links() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = page(&out, "claims/ledger-closure/");
    assert!(
        html.contains("<title>Disputed: The bridge will close for twelve months · Harbour Bridge Tracker</title>"),
        "{html}"
    );
    assert!(
        html.contains("<meta property=\"og:title\" content=\"Disputed: The bridge will close for twelve months\">")
    );
    let description = "content=\"Verdict: Disputed. Daily Ledger wrote: “";
    assert!(html.contains(&format!("<meta name=\"description\" {description}")), "{html}");
    assert!(html.contains(&format!("<meta property=\"og:description\" {description}")));
    let topic = page(&out, "topics/closure/");
    assert!(topic.contains("content=\"What each outlet said on the statement “"), "{topic}");
}

#[test]
fn the_filter_offers_each_outlet_by_slug_and_tells_two_of_one_name_apart() {
    let root = scratch("filter-names");
    copy_tree(&fixture("basic"), &root);
    let outlets = root.join("content/outlets");
    let rename = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(outlets.join(file)).unwrap();
        write(&outlets.join(file), &text.replace(from, to));
    };
    rename("city-wire.md", "name: City Wire", "name: Daily Ledger");
    rename("evening-post.md", "name: Evening Post", "name: 'Evening  Post'");
    let out = build_ok(&root, &[]);
    let html = page(&out, "claims/");
    let select = html.split("<select id=\"filter-outlet\"").nth(1).unwrap().split("</select>").next().unwrap();
    // Each outlet is a choice by its slug (what the address and the index use); two of one name
    // are told apart.
    assert!(select.contains("<option value=\"city-wire\">Daily Ledger (city-wire)</option>"), "{select}");
    assert!(select.contains("<option value=\"daily-ledger\">Daily Ledger (daily-ledger)</option>"), "{select}");
    assert!(select.contains("<option value=\"evening-post\">Evening  Post</option>"), "{select}");
    assert!(html.contains("<tr data-outlet=\"Evening  Post\""));
}

#[test]
fn a_topic_page_leads_with_its_bottom_line_then_one_card_per_claim() {
    let root = fixture("basic");
    edit(
        &root.join("content/claims/wire/wire-closure.md"),
        "sourcing: named\n",
        "sourcing: named\nsummary: A named city spokesperson denied any plan, and the bridge stayed open.\n",
    );
    let out = build_ok(&root, &[]);
    let html = page(&out, "topics/closure/");
    let (_, bottom_line) = html.split_once("<section class=\"conclusion\"").expect("a conclusion box");
    let bottom_line = text(bottom_line.split_once('>').unwrap().1.split("</section>").next().unwrap());
    assert!(
        bottom_line.starts_with(
            "What the record shows The city has denied any year-long closure; no document shows one planned. Reviewed 3 Mar 2025"
        ),
        "{bottom_line}"
    );
    assert!(bottom_line.contains("Verdicts on the 3 claims below: ! Disputed 2 ✓ Confirmed 1"), "{bottom_line}");
    assert!(
        html.find("class=\"conclusion\"") < html.find("class=\"claim-card"),
        "the bottom line comes before the comparison"
    );
    let cards = cards(&html);
    assert_eq!(cards.len(), 3, "one card per claim: {cards:#?}");
    assert!(cards[0].contains("Asserts the statement") && cards[0].contains("This claim: ! Disputed"), "{}", cards[0]);
    assert!(
        cards[2].contains(
            "Disputes the statement A city spokesperson said there was no plan to close the bridge for a year. This claim: ✓ Confirmed A named city spokesperson denied any plan, and the bridge stayed open."
        ),
        "the stance, the quote, the verdict and its reason, in that order: {}",
        cards[2]
    );
    assert!(!html.contains("<table class=\"compare\""), "no wide table to scroll on a phone");
    let claim = text(&page(&out, "claims/wire-closure/"));
    assert!(
        claim.contains(
            "Verdict on this claim: ✓ Confirmed A named city spokesperson denied any plan, and the bridge stayed open. Verdict last updated 2 Mar 2025"
        ),
        "the claim page's rating box: {claim}"
    );
}
