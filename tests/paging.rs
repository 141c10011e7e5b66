//! Long lists on numbered pages, as a reader and a search engine see them: `page_size` in
//! `site.yaml` sets how many entries one page shows; the first page stays at the list's own
//! address, the next ones are `page/2/` and on, linked by a navigation of page numbers with
//! `rel="prev"`/`rel="next"`, and every page is in the sitemap. The fixture has 4 claims.

mod common;
use common::*;
use std::path::Path;

/// The fixture with `page_size: 2`, and two verdict changes of one day with the same note.
fn paged() -> std::path::PathBuf {
    let root = fixture("basic");
    edit(&root.join("content/site.yaml"), "warn_unarchived: false\n", "warn_unarchived: false\npage_size: 2\n");
    edit(
        &root.join("content/claims/post-closure.md"),
        "echoes: [ledger-closure]\n",
        "echoes: [ledger-closure]\nevidence:\n  - {id: city, url: https://city.example/statement, title: 'City Hall: statement on the bridge', date: 2025-03-02, bearing: contradicts}\nupdates:\n  - {date: 2025-03-01, status: unverified, note: Reported from the Ledger.}\n  - {date: 2025-03-02, status: disputed, note: The city denied it., cites: [city]}\n",
    );
    root
}

/// The page-number navigation of a page, as (number, link, current) and its rel links.
fn nav(html: &str) -> String {
    let nav = html.split("<nav class=\"pager\"").nth(1).expect("a page navigation");
    nav.split("</nav>").next().unwrap().to_string()
}

#[test]
fn a_long_list_is_split_into_numbered_pages_linked_both_ways() {
    let out = build_ok(&paged(), &[]);
    let first = page(&out, "claims/");
    let second = page(&out, "claims/page/2/");
    assert!(!out.join("claims/page/3").exists(), "4 claims on pages of 2: no third, empty page");
    assert!(!out.join("claims/page/1").exists(), "page 1 is the list's own address");
    assert_eq!(table_rows(&first).len(), 2);
    assert_eq!(table_rows(&second).len(), 2);
    let nav1 = nav(&first);
    assert!(nav1.contains(" aria-label=\"Pages of all claims\">"), "{nav1}");
    assert!(nav1.contains("<a href=\"/tracker/claims/\" aria-current=\"page\">1</a>"), "{nav1}");
    assert!(nav1.contains("<a href=\"/tracker/claims/page/2/\" rel=\"next\">Next →</a>"), "{nav1}");
    assert!(!nav1.contains("rel=\"prev\""), "{nav1}");
    assert!(text(&nav1).contains("Page 1 of 2: 1–2 of 4"), "{nav1}");
    let nav2 = nav(&second);
    assert!(nav2.contains("<a href=\"/tracker/claims/\" rel=\"prev\">← Previous</a>"), "{nav2}");
    assert!(nav2.contains("<a href=\"/tracker/claims/page/2/\" aria-current=\"page\">2</a>"), "{nav2}");
    assert!(!nav2.contains("rel=\"next\""), "{nav2}");
    assert!(second.contains("<link rel=\"prev\" href=\"/tracker/claims/\">"));
    assert!(first.contains("<link rel=\"next\" href=\"/tracker/claims/page/2/\">"));
    assert!(second.contains("<title>All claims, page 2 of 2 · Harbour Bridge Tracker</title>"));
    // The second page's canonical address is its own.
    assert!(second.contains("<link rel=\"canonical\" href=\"https://example.org/tracker/claims/page/2/\">"));
    // Every claim is on exactly one page.
    let mut all: Vec<String> = table_rows(&first).into_iter().chain(table_rows(&second)).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 4);
}

#[test]
fn every_page_of_every_list_is_in_the_sitemap() {
    let out = build_ok(&paged(), &[]);
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for route in
        ["claims/", "claims/page/2/", "topics/closure/", "topics/closure/page/2/", "timeline/", "timeline/page/2/"]
    {
        let loc = format!("<loc>https://example.org/tracker/{route}</loc>");
        assert!(sitemap.contains(&loc), "{loc} in {sitemap}");
        assert!(out.join(route).join("index.html").is_file(), "{route}");
    }
    // Each page listed is a page built, and none of them is empty.
    for loc in sitemap.split("<loc>https://example.org/tracker/").skip(1) {
        let route = loc.split("</loc>").next().unwrap();
        if route.contains("/page/") {
            let html = page(&out, route);
            let entries = html.matches("<tr data-outlet").count()
                + html.matches("<article class=\"claim-card").count()
                + html.matches("<li class=\"event-").count()
                + html.matches("<li class=\"change\">").count();
            assert!(entries > 0, "{route} is empty");
        }
    }
}

#[test]
fn a_topics_first_page_keeps_the_bottom_line_and_the_next_pages_carry_on_the_comparison() {
    let out = build_ok(&paged(), &[]);
    let first = page(&out, "topics/closure/");
    let second = page(&out, "topics/closure/page/2/");
    assert_eq!(cards(&first).len(), 2);
    assert_eq!(cards(&second).len(), 1, "3 claims on the topic");
    assert!(first.contains("What the record shows"));
    assert!(!second.contains("What the record shows"));
    assert!(text(&second).contains("The bottom line and the background are on the first page."));
    assert!(nav(&second).contains("href=\"/tracker/topics/closure/#compare\" rel=\"prev\""), "{}", nav(&second));
}

#[test]
fn the_timeline_shows_identical_notes_of_a_day_once_with_their_claims() {
    let out = build_ok(&paged(), &[]);
    let pages: Vec<String> = (1..=3)
        .map(|n| page(&out, &if n == 1 { "timeline/".to_string() } else { format!("timeline/page/{n}/") }))
        .collect();
    let all = pages.iter().map(|p| text(p)).collect::<Vec<_>>().join(" ");
    assert_eq!(all.matches("The city denied it.").count(), 1, "{all}");
    assert!(
        all.contains("Verdict 2 claims became ! Disputed: The city denied it. The bridge will close for twelve months (Daily Ledger) Bridge shutdown confirmed (Evening Post)"),
        "{all}"
    );
    // Pages keep days whole but for a day longer than a page: 1 March has 4 claims, on two pages
    // of 2; 2 March's collapsed changes (2 events) fit on one.
    let days: Vec<String> = pages.iter().flat_map(|p| day_headings(p)).collect();
    assert_eq!(days, ["1 Mar 2025", "1 Mar 2025", "2 Mar 2025"]);
}

#[test]
fn the_changes_page_lists_each_change_as_one_item_under_its_day() {
    let out = build_ok(&paged(), &[]);
    let changes = page(&out, "changes/");
    assert_eq!(day_headings(&changes), vec!["2 Mar 2025"]);
    assert_eq!(change_items(&changes).len(), 2);
    assert!(!changes.contains("<nav class=\"pager\""), "2 changes fit on a page of 2");
}

#[test]
fn a_site_without_page_size_keeps_each_list_on_one_page() {
    let out = build_ok(&fixture("basic"), &[]);
    for route in ["claims/", "timeline/", "changes/", "topics/closure/", "outlets/daily-ledger/", "status/disputed/"] {
        assert!(!page(&out, route).contains("class=\"pager\""), "{route}");
    }
    assert!(!out.join("claims/page").exists());
}

#[test]
fn a_page_size_that_is_not_a_whole_number_of_at_least_one_is_refused_at_its_line() {
    for bad in ["0", "ten", "-3"] {
        let root = fixture("basic");
        edit(
            &root.join("content/site.yaml"),
            "warn_unarchived: false\n",
            &format!("warn_unarchived: false\npage_size: {bad}\n"),
        );
        let (err, code) = check(&root);
        assert_eq!(code, 1, "{err}");
        let line = std::fs::read_to_string(root.join("content/site.yaml")).unwrap().lines().count();
        let at = format!("{}:{line}", Path::new("content").join("site.yaml").display());
        assert!(err.contains(&at) && err.contains(&format!("`{bad}` is not a whole number of at least 1")), "{err}");
    }
}
