//! What a reader sees on a built fixture site: the comparison, the flags, the links, the 404 page.

mod common;
use common::*;

#[test]
fn topic_page_puts_every_outlets_claim_side_by_side_in_date_order() {
    let out = build_ok(&fixture("basic"), &[]);
    let cards = cards(&page(&out, "topics/closure/"));
    assert_eq!(cards.len(), 3, "{cards:#?}");
    assert!(cards[0].starts_with("Daily Ledger 1 Mar 2025, 08:00 UTC · Asserts the statement"), "{}", cards[0]);
    assert!(cards[0].contains("officials told the \"Ledger\" on Friday."), "{}", cards[0]);
    assert!(cards[0].contains("This claim: ! Disputed"), "{}", cards[0]);
    assert!(cards[0].contains("Sourcing: Anonymous sources"), "{}", cards[0]);
    assert!(cards[1].starts_with("Evening Post 1 Mar 2025 · Asserts the statement"), "{}", cards[1]);
    assert!(cards[1].contains("Repeats: Daily Ledger"), "the Post repeats the Ledger: {}", cards[1]);
    assert!(cards[2].starts_with("City Wire 2 Mar 2025 · Disputes the statement"), "{}", cards[2]);
    assert!(cards[2].contains("This claim: ✓ Confirmed"), "{}", cards[2]);
    assert!(cards[2].ends_with("The claim in full: The city denies any year-long closure"), "{}", cards[2]);
}

#[test]
fn topic_asserted_and_disputed_is_flagged_contested_and_one_root_is_single_origin() {
    let out = build_ok(&fixture("basic"), &[]);
    let closure = text(&page(&out, "topics/closure/"));
    assert!(
        closure.contains("Contested At least one outlet asserts this statement and another disputes it."),
        "{closure}"
    );
    assert!(closure.contains("Single origin 2 outlets assert this, but every one of those claims traces back to one report: Daily Ledger, 1 Mar 2025, 08:00 UTC."), "{closure}");
    let cracks = text(&page(&out, "topics/cracks/"));
    assert!(!cracks.contains("Contested") && !cracks.contains("Single origin"), "{cracks}");
}

#[test]
fn home_matrix_has_a_row_per_topic_and_a_column_per_outlet() {
    let out = build_ok(&fixture("basic"), &[]);
    let home = page(&out, "");
    let matrix = home.split("<table class=\"matrix\">").nth(1).expect("matrix table");
    let header = text(matrix.split("</thead>").next().unwrap());
    assert_eq!(header, "Statement City Wire Daily Ledger Evening Post");
    let rows = table_rows(matrix);
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0],
        "Year-long closure Contested Single origin The harbour bridge will close for a year. What the record shows: The city has denied any year-long closure; no document shows one planned. City Wire: − Disputes it · this claim: ✓ Confirmed Daily Ledger: + Asserts it · this claim: ! Disputed Evening Post: + Asserts it · this claim: ! Disputed"
    );
    assert_eq!(
        rows[1],
        "Cracked piers Engineers found cracks in the bridge piers. What the record shows: No inspection report has been published; the cracks are neither shown nor ruled out. Daily Ledger: + Asserts it · this claim: ? Unverified"
    );
    // The flags are explained on the page, not only in tooltips that touch and keyboard cannot reach.
    assert!(text(&home).contains("A statement flagged Contested is asserted by one outlet and disputed by another;"));
    assert!(home.contains("<strong>bridge</strong>"), "the summary is Markdown");
}

#[test]
fn a_home_matrix_cell_shows_the_latest_claim_and_counts_the_others() {
    let root = fixture("basic");
    // A second claim by the Daily Ledger on the closure, dated after its first.
    edit(&claim(&root, "ledger-cracks.md"), "topic: cracks", "topic: closure");
    edit(&claim(&root, "ledger-cracks.md"), "date: 2025-03-01T08:00:00+00:00", "date: 2025-03-03T08:00:00+00:00");
    let out = build_ok(&root, &[]);
    let home = page(&out, "");
    let matrix = home.split("<table class=\"matrix\">").nth(1).expect("matrix table");
    let rows = table_rows(matrix);
    assert!(
        rows[0].contains(
            "Daily Ledger: + Asserts it · this claim: ? Unverified All 2 claims: 2 asserts; 1 Disputed, 1 Unverified Evening Post:"
        ),
        "{}",
        rows[0]
    );
    assert!(matrix.contains("<a class=\"cell-more\" href=\"/tracker/topics/closure/\">"), "{matrix}");
}

#[test]
fn a_site_can_restyle_the_matrix_cells_and_timeline_entries_with_its_own_partials() {
    let root = fixture("basic");
    write(
        &root.join("templates/partials/matrix_cell.html"),
        "<a class=\"mine\" href=\"{{ c.link }}\">{{ c.outlet_name }} {{ c.status_label | upper }}</a>",
    );
    write(
        &root.join("templates/partials/timeline_event.html"),
        "<li>{{ date.iso }} {% if update %}now {{ update.status_label }}{% else %}{{ c.title }}{% endif %}</li>",
    );
    let out = build_ok(&root, &[]);
    let home = page(&out, "");
    let matrix = home.split("<table class=\"matrix\">").nth(1).expect("matrix table");
    assert!(table_rows(matrix)[1].ends_with("ruled out. Daily Ledger UNVERIFIED"), "{}", table_rows(matrix)[1]);
    assert!(matrix.contains("<a class=\"mine\" href=\"/tracker/claims/ledger-cracks/\">"), "{matrix}");
    let timeline = text(&page(&out, "timeline/"));
    assert!(timeline.contains("2025-03-02 now Disputed"), "{timeline}");
    assert!(timeline.contains("2025-03-01T08:00:00+00:00 The bridge will close for twelve months"), "{timeline}");
}

#[test]
fn every_internal_link_stays_under_the_base_url_path() {
    let out = build_ok(&fixture("basic"), &[]);
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for link in links(&html) {
            if link.starts_with('/') {
                assert!(link.starts_with("/tracker/"), "{}: {link}", entry.path().display());
                let route = link.trim_start_matches("/tracker/").split('#').next().unwrap_or_default();
                let target = if route.is_empty() || route.ends_with('/') {
                    out.join(route).join("index.html")
                } else {
                    out.join(route)
                };
                assert!(target.exists(), "{}: broken link {link}", entry.path().display());
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn base_url_flag_moves_every_link_to_another_sub_path() {
    let root = fixture("basic");
    let out = build_ok(&root, &["--base-url", "https://someone.github.io/claims-repo/"]);
    let home = page(&out, "");
    assert!(home.contains("href=\"/claims-repo/static/style.css\""));
    assert!(!links(&home).iter().any(|l| l.starts_with("/tracker/")));
}

#[test]
fn not_found_page_links_home_under_the_base_path() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = page(&out, "404.html");
    assert!(html.contains("<h1>Page not found</h1>"));
    assert!(html.contains("<a href=\"/tracker/\">Go to the home page</a>"));
}

#[test]
fn claim_page_shows_quote_verdict_history_evidence_and_who_repeated_it() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = text(&page(&out, "claims/ledger-closure/"));
    assert!(html.contains(
        "The harbour bridge will close for twelve months from June, officials told the \"Ledger\" on Friday."
    ));
    assert!(html.contains("Verdict on this claim: ! Disputed Verdict last updated 2 Mar 2025"), "{html}");
    assert!(html.contains("Contradicts City Hall: statement on the bridge, 2 Mar 2025"), "{html}");
    assert!(
        html.contains(
            "1 Mar 2025 ? Unverified Reported on unnamed officials. 2 Mar 2025 ! Disputed The city denied it."
        ),
        "{html}"
    );
    assert!(html.contains("Repeated by Evening Post, 1 Mar 2025"), "{html}");
    assert!(
        html.contains("City Wire 2 Mar 2025 − Disputes The city denies any year-long closure This claim: ✓ Confirmed"),
        "{html}"
    );

    let post = text(&page(&out, "claims/post-closure/"));
    assert!(post.contains("This claim repeats Daily Ledger, 1 Mar 2025, 08:00 UTC"), "{post}");
    // One step back is the first appearance: it is not named a second time.
    assert!(!post.contains("First appeared in"), "{post}");
    assert!(post.contains("— Evening Post, citing media reports"), "{post}");
}

#[test]
fn raw_html_in_markdown_is_sanitised() {
    let out = build_ok(&fixture("basic"), &[]);
    let html = page(&out, "claims/ledger-closure/");
    assert!(!html.contains("<script>alert"), "script survived");
    assert!(!html.contains("javascript:"), "javascript: URL survived");
    assert!(!html.contains("onclick"), "event handler survived");
}

#[test]
fn only_http_and_relative_links_stay_links_in_markdown() {
    let root = fixture("basic");
    let file = root.join("content/claims/ledger-closure.md");
    let claim = std::fs::read_to_string(&file).unwrap();
    let body = concat!(
        "\n\nWrite to <a href=\"mailto:x@y.example\">the desk</a>, <mailto:a@b.example> or <c@d.example>; ",
        "see <a href=\"//evil.example/a\">this</a>, [that](//evil.example/b), <a href=\"/\\evil.example/c\">here</a>, ",
        "<a href=\" //evil.example/d\">there</a>. ",
        "Kept: [the city](https://city.example/x), <a href=\"../../topics/closure/\">the topic</a>, [up](/tracker/about/).\n",
    );
    write(&file, &format!("{claim}{body}"));
    let out = build_ok(&root, &[]);
    let html = page(&out, "claims/ledger-closure/");
    let links = links(&html);
    for gone in ["mailto:", "evil.example"] {
        assert!(!links.iter().any(|l| l.contains(gone)), "{gone} is still linked: {links:?}");
    }
    for kept in ["https://city.example/x", "../../topics/closure/", "/tracker/about/"] {
        assert!(links.iter().any(|l| l == kept), "{kept} lost its link: {links:?}");
    }
    let text = text(&html);
    assert!(
        text.contains("Write to the desk, mailto:a@b.example or c@d.example; see this, that, here, there."),
        "{text}"
    );
}

#[test]
fn archived_article_text_is_never_published() {
    let out = build_ok(&fixture("basic"), &[]);
    for entry in walkdir::WalkDir::new(&out).into_iter().filter_map(Result::ok).filter(|e| e.file_type().is_file()) {
        let body = std::fs::read_to_string(entry.path()).unwrap_or_default();
        assert!(!body.contains("SECRET-ARCHIVE-SENTENCE"), "{} republishes the article", entry.path().display());
    }
    let source = text(&page(&out, "sources/ledger-bridge/"));
    assert!(source.contains("Published 1 Mar 2025, 08:00 UTC Author Ann Reporter"), "{source}");
}

#[test]
fn outlet_and_status_pages_list_the_claims() {
    let out = build_ok(&fixture("basic"), &[]);
    let ledger = text(&page(&out, "outlets/daily-ledger/"));
    assert!(ledger.contains("✗ False 0 ! Disputed 1 ? Unverified 1 ◐ Partly true 0 ✓ Confirmed 0"), "{ledger}");
    // The tallies say what they count: the site's verdicts on the claims it chose, not a rating.
    assert!(ledger.contains("These are this site's verdicts on the claims it selected from Daily Ledger's articles, counted: not a rating of the outlet"), "{ledger}");
    let disputed = table_rows(&page(&out, "status/disputed/"));
    assert_eq!(disputed.len(), 2);
    let timeline = text(&page(&out, "timeline/"));
    assert!(timeline.contains("2 Mar 2025 Verdict The bridge will close for twelve months (Daily Ledger) became ! Disputed: The city denied it."), "{timeline}");
    // Each day's date once, as the heading of that day's events.
    let html = page(&out, "timeline/");
    let days: Vec<&str> = html.split("<h2 class=\"day\">").skip(1).map(|d| d.split("</h2>").next().unwrap()).collect();
    let mut distinct = days.clone();
    distinct.dedup();
    assert!(days.len() > 1 && distinct.len() == days.len(), "{days:?}");
    assert_eq!(html.matches("<time").count(), days.len(), "a date in an event repeats its day's heading");
    let changes = page(&out, "changes/");
    assert_eq!(day_headings(&changes), vec!["2 Mar 2025"]);
    assert_eq!(
        change_items(&changes),
        vec![
            "The bridge will close for twelve months · Daily Ledger Was ? Unverified → now ! Disputed Why: The city denied it."
        ]
    );
}

#[test]
fn claim_tables_have_an_outlet_column_except_on_an_outlets_or_an_articles_page() {
    let out = build_ok(&fixture("basic"), &[]);
    let head = |route: &str| {
        let html = page(&out, route);
        let table = html.split("<table class=\"claims\"").nth(1).unwrap_or_else(|| panic!("{route}: no claim table"));
        let (attributes, rest) = table.split_once('>').unwrap();
        let (header, body) = rest.split_once("</thead>").unwrap();
        // Every row has as many cells as the header has columns.
        let first_row = body.split("<tr").nth(1).unwrap_or_else(|| panic!("{route}: no rows"));
        let cells = first_row.split("</tr>").next().unwrap().matches("<td").count();
        assert_eq!(cells, header.matches("</th>").count(), "{route}: {first_row}");
        (attributes.to_string(), text(header))
    };
    let (with_outlet, without_outlet) = ("Date Outlet Topic Claim Stance Verdict", "Date Topic Claim Stance Verdict");
    assert_eq!(head("claims/"), (" id=\"all-claims\"".to_string(), with_outlet.to_string()));
    assert_eq!(head("status/disputed/"), (String::new(), with_outlet.to_string()));
    assert_eq!(head("outlets/daily-ledger/"), (String::new(), without_outlet.to_string()));
    assert_eq!(head("sources/ledger-bridge/"), (String::new(), without_outlet.to_string()));
    assert_eq!(table_rows(&page(&out, "claims/")).len(), 4);
}

#[test]
fn a_site_can_lay_out_the_claim_tables_with_its_own_partial() {
    let root = fixture("basic");
    write(
        &root.join("templates/partials/claim_table.html"),
        "<ol class=\"mine\">{% for row in rows %}<li>{{ row | trim | safe }}</li>{% endfor %}</ol>",
    );
    let out = build_ok(&root, &[]);
    let claims = page(&out, "claims/");
    let list = claims.split("<ol class=\"mine\">").nth(1).expect("the site's own claim table");
    assert_eq!(list.matches("<li>").count(), 4, "{list}");
    assert!(!claims.contains("<table class=\"claims\""), "{claims}");
}

#[test]
fn a_site_template_can_define_and_call_its_own_component() {
    let root = fixture("basic");
    write(
        &root.join("templates/status.html"),
        concat!(
            "{% extends \"base.html\" %}{% component count(n: integer, word: string) %}",
            "<p class=\"count\">{{ n }} {{ word }}</p>{% endcomponent count %}",
            "{% block main %}{{<count n={rows | length} word=\"claims\" />}}{% endblock main %}"
        ),
    );
    let out = build_ok(&root, &[]);
    assert!(page(&out, "status/disputed/").contains("<p class=\"count\">2 claims</p>"));
}

#[test]
fn a_new_claim_file_appears_on_the_next_build_and_a_deleted_one_disappears() {
    let root = fixture("basic");
    build_ok(&root, &[]);
    write(
        &root.join("content/claims/wire/wire-cracks.md"),
        "---\ntitle: No cracks were found\nsource: wire-bridge\ndate: 2025-03-02\ntopic: cracks\nstance: disputes\nstatus: unverified\nquote: no plan to close the bridge\n---\nThe wire says nothing about cracks.\n",
    );
    std::fs::remove_file(root.join("content/claims/ledger-cracks.md")).unwrap();
    let out = build_ok(&root, &[]);
    assert!(out.join("claims/wire-cracks/index.html").exists());
    assert!(!out.join("claims/ledger-cracks").exists(), "the deleted claim's page is still there");
    let cards = cards(&page(&out, "topics/cracks/"));
    assert_eq!(cards.len(), 1);
    assert!(cards[0].starts_with("City Wire"), "{}", cards[0]);
}

#[test]
fn timings_print_every_phase_with_the_page_count() {
    let root = fixture("basic");
    let (output, _) = build(&root, &["--timings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    let phases: Vec<&str> = out.lines().skip(1).filter_map(|l| l.split_whitespace().next()).collect();
    assert_eq!(phases, vec!["load", "resolve", "render", "write", "total"], "{out}");
    let built: usize = out.split_whitespace().nth(1).and_then(|n| n.parse().ok()).expect("built N pages");
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("render") && l.ends_with(&format!("({built} pages)"))),
        "{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("built") || l.contains(" ms")), "{out}");
}

#[test]
fn a_quote_the_article_gives_no_source_for_says_so_in_words() {
    let root = scratch("unsourced");
    copy_tree(&fixture("basic"), &root);
    let claim = root.join("content/claims/ledger-closure.md");
    let text_before = std::fs::read_to_string(&claim).unwrap();
    write(&claim, &text_before.replace("sourcing: anonymous", "sourcing: unsourced"));
    let out = build_ok(&root, &[]);
    let html = text(&page(&out, "claims/ledger-closure/"));
    assert!(html.contains("— Daily Ledger, giving no source"), "{html}");
    assert!(!html.contains("citing"), "{html}");
}

#[test]
fn the_navigation_marks_the_current_page_and_the_section_a_page_is_under() {
    let out = build_ok(&fixture("basic"), &[]);
    let nav = |route: &str| {
        let html = page(&out, route);
        let nav = html.split("<nav aria-label=\"Site\">").nth(1).unwrap().split("</nav>").next().unwrap().to_string();
        nav.split("<a ").filter(|a| a.contains("aria-current")).map(|a| text(&format!("<a {a}"))).collect::<Vec<_>>()
    };
    assert!(page(&out, "topics/").contains("<a href=\"/tracker/topics/\" aria-current=\"page\">Topics</a>"));
    assert_eq!(nav("topics/"), ["Topics"]);
    assert!(page(&out, "topics/closure/").contains("<a href=\"/tracker/topics/\" aria-current=\"true\">Topics</a>"));
    assert_eq!(nav("claims/ledger-closure/"), ["All claims"]);
    assert_eq!(nav("outlets/daily-ledger/"), ["Outlets"]);
    assert_eq!(nav("about/"), ["About"]);
    assert_eq!(nav("").len(), 1, "the home page marks the site's name");
    assert!(nav("404.html").is_empty(), "the not-found page is in no section");
}
