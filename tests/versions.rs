//! Articles that change after publication: a source lists later versions of its article, `check`
//! compares each with the one before (spacing, quote marks and dashes are not changes) and warns
//! about a quote gone from the latest version and a changed headline, and the site shows readers
//! the versions, the sentences that changed (never the whole text), what became of a quote, an
//! entry in the feed and the same in `claims.json`. The `versions` fixture's one article lost a
//! sentence that a claim quotes and changed its headline; another sentence changed only its
//! spacing and quote marks.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn source(root: &Path) -> std::path::PathBuf {
    root.join("content/sources/ledger-bridge.md")
}

const TWO_WARNINGS: &str = "content/claims/ledger-cracks.md:8:8: warning: the quote no longer occurs in the latest version of the source `ledger-bridge` (captured 2025-03-04T10:30:00+00:00)
  |
8 | quote: 'Engineers found cracks in two of the piers.'
  |        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  = help: the version captured 2025-03-04T10:30:00+00:00 removed it; check that the verdict still stands

content/sources/ledger-bridge.md:11:12: warning: the headline changed in the version captured 2025-03-04T10:30:00+00:00: `Harbour bridge to close for a year` became `Harbour bridge repairs could take months`
   |
11 |     title: Harbour bridge repairs could take months
   |            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   = help: check that the claims drawn from `ledger-bridge` still stand; its page shows readers the change

warning: 2 warnings
";

#[test]
fn a_removed_quote_and_a_changed_headline_are_the_two_warnings_and_spacing_or_quote_marks_are_none() {
    let root = fixture("versions");
    assert_eq!(check(&root), (TWO_WARNINGS.to_string(), 0));
}

#[test]
fn the_source_page_lists_the_versions_and_only_the_sentences_that_changed() {
    let root = fixture("versions");
    let out = build_ok(&root, &[]);
    let html = page(&out, "sources/ledger-bridge/");
    let shown = text(&html);
    assert!(
        shown.contains("Versions of this article As published, 1 Mar 2025, 08:00 UTC, from https://ledger.example/bridge ( archived copy ): “Harbour bridge to close for a year” Version 2, 4 Mar 2025, 10:30 UTC, from https://ledger.example/bridge ( archived copy ): “Harbour bridge repairs could take months”"),
        "{shown}"
    );
    assert!(html.contains(r#"<a href="https://archive.example/20250304/https://ledger.example/bridge" rel="nofollow noopener">archived copy</a>"#));
    assert!(
        shown.contains("What changed in version 2, captured 4 Mar 2025, 10:30 UTC The headline “Harbour bridge to close for a year” became “Harbour bridge repairs could take months”. Removed: Engineers found cracks in two of the piers. Only the sentences"),
        "{shown}"
    );
    // Neither the sentence that changed only its spacing and quote marks, nor the rest of the text.
    let section = text(html.split(r#"<h2 id="versions">"#).nth(1).unwrap().split("</section>").next().unwrap());
    for unchanged in ["mayor", "twelve months", "ferry", "Added:"] {
        assert!(!section.contains(unchanged), "{section}");
    }
    for file in walkdir::WalkDir::new(&out).into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file()) {
        let body = std::fs::read(file.path()).unwrap();
        assert!(!String::from_utf8_lossy(&body).contains("SECRET-ARCHIVE-SENTENCE"), "{}", file.path().display());
    }
}

#[test]
fn a_claim_whose_quote_was_removed_says_so_beside_the_quote_and_the_others_do_not() {
    let out = build_ok(&fixture("versions"), &[]);
    let html = page(&out, "claims/ledger-cracks/");
    let after_quote = html.split("</figure>").nth(1).unwrap();
    assert!(after_quote.trim_start().starts_with(r#"<p class="quote-later">The version of the article captured 4 Mar 2025, 10:30 UTC removed this quote. <a href="/tracker/sources/ledger-bridge/#change-2">See what changed</a>.</p>"#), "{after_quote}");
    for other in ["claims/ledger-mayor/", "claims/ledger-closure/"] {
        assert!(!page(&out, other).contains("quote-later"), "{other}");
    }
}

#[test]
fn the_feed_has_an_entry_for_the_change() {
    let out = build_ok(&fixture("versions"), &[]);
    let atom = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let entry = atom.split("<entry>").find(|e| e.contains("#change-2")).expect("an entry for the change");
    assert!(entry.contains("<id>https://example.org/tracker/sources/ledger-bridge/#change-2</id>"), "{entry}");
    assert!(
        entry.contains("<title>Article changed: Harbour bridge to close for a year (Daily Ledger)</title>"),
        "{entry}"
    );
    assert!(entry.contains("<published>2025-03-04T10:30:00+00:00</published>"), "{entry}");
    assert!(entry.contains("Removed: “Engineers found cracks in two of the piers.”"), "{entry}");
    assert!(entry.contains("<updated>2025-03-04T10:30:00+00:00</updated>"));
    // The newest entry first, and the feed updated when it was.
    assert!(atom.split("<entry>").nth(1).unwrap().contains("#change-2"));
    assert!(atom.contains("<updated>2025-03-04T10:30:00+00:00</updated>\n  <link rel=\"self\""), "{atom}");
    // The sitemap dates the source page, and the page of the claim that lost its quote, by the change.
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    for page in ["sources/ledger-bridge/", "claims/ledger-cracks/"] {
        let url = sitemap.split("<url>").find(|u| u.contains(&format!("/tracker/{page}<"))).expect(page);
        assert!(url.contains("<lastmod>2025-03-04T10:30:00+00:00</lastmod>"), "{url}");
    }
}

#[test]
fn claims_json_carries_the_versions_the_change_and_the_lost_quote() {
    let out = build_ok(&fixture("versions"), &[]);
    let data: Value = whole_data(&out);
    let source = &data["sources"][0];
    assert_eq!(source["versions"].as_array().unwrap().len(), 2);
    assert_eq!(source["versions"][1]["captured"], "2025-03-04T10:30:00+00:00");
    assert_eq!(source["versions"][1]["archived"], "https://archive.example/20250304/https://ledger.example/bridge");
    assert_eq!(source["versions"][1]["headline"], "Harbour bridge repairs could take months");
    let change = &source["changes"][0];
    assert_eq!(change["version"], 1);
    assert_eq!(change["headline"]["now"], "Harbour bridge repairs could take months");
    assert_eq!(change["removed"], serde_json::json!(["Engineers found cracks in two of the piers."]));
    assert_eq!(change["added"], serde_json::json!([]));
    let claim = |slug: &str| data["claims"].as_array().unwrap().iter().find(|c| c["slug"] == slug).unwrap().clone();
    assert_eq!(
        claim("ledger-cracks")["quote_later"],
        serde_json::json!({"version": 1, "captured": "2025-03-04T10:30:00+00:00", "reworded_as": null})
    );
    assert_eq!(claim("ledger-mayor")["quote_later"], Value::Null);
}

#[test]
fn a_reworded_quote_is_shown_with_its_new_wording() {
    let root = fixture("versions");
    write(
        &root.join("content/sources/ledger-bridge.v2.txt"),
        "The harbour bridge will close for twelve months from June, officials told the Ledger.\nEngineers found cracks in one of the piers. The mayor's office said it was 'studying the report'.\n\nTraffic will move to the ferry.",
    );
    let (err, code) = check(&root);
    assert_eq!(code, 0);
    assert!(err.contains("= help: the version captured 2025-03-04T10:30:00+00:00 reworded it as: \"Engineers found cracks in one of the piers.\"; check that the verdict still stands"), "{err}");
    let out = build_ok(&root, &[]);
    assert!(
        text(&page(&out, "claims/ledger-cracks/")).contains(
            "changed this quote; it now reads: “Engineers found cracks in one of the piers.” See what changed."
        )
    );
}

#[test]
fn a_quote_is_checked_against_the_version_current_at_the_claims_date() {
    let root = fixture("versions");
    // Dated after the second capture, the claim quotes a sentence that version no longer has.
    edit(&claim(&root, "ledger-cracks.md"), "date: 2025-03-01T08:00:00+00:00", "date: 2025-03-05");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(err.starts_with("content/claims/ledger-cracks.md:8:8: error: the quote does not occur in the source `ledger-bridge` (in the version captured 2025-03-04T10:30:00+00:00, current at the claim's date)\n"), "{err}");
    // A claim dated after the change, quoting the later wording, is fine.
    edit(
        &claim(&root, "ledger-cracks.md"),
        "quote: 'Engineers found cracks in two of the piers.'",
        "quote: 'Traffic will move to the ferry.'",
    );
    let (err, code) = check(&root);
    assert_eq!((err.contains("ledger-cracks"), code), (false, 0), "{err}");
}

#[test]
fn a_change_below_the_threshold_is_not_reported_unless_it_took_a_quote_away() {
    let root = fixture("versions");
    edit(&root.join("content/site.yaml"), "language: en\n", "language: en\nversion_change_threshold: 200\n");
    let (err, code) = check(&root);
    // The change took a claim's quote away: it is reported whatever its size.
    assert_eq!((err.as_str(), code), (TWO_WARNINGS, 0));
    // Without that claim, the change is below the threshold: no warning, no listing, no entry.
    std::fs::remove_file(claim(&root, "ledger-cracks.md")).unwrap();
    assert_eq!(check(&root), (String::new(), 0));
    let out = build_ok(&root, &[]);
    assert!(!page(&out, "sources/ledger-bridge/").contains("What changed"));
    assert!(page(&out, "sources/ledger-bridge/").contains("Version 2"));
    assert!(!std::fs::read_to_string(out.join("atom.xml")).unwrap().contains("#change-2"));
}

#[test]
fn a_missing_text_a_bad_date_and_versions_out_of_order_are_errors_at_their_lines() {
    let root = fixture("versions");
    edit(
        &source(&root),
        "    text: ledger-bridge.v2.txt\n",
        "    text: ledger-bridge.v2.txt
  - captured: 2025-03-02
    from: https://ledger.example/bridge
    text: ledger-bridge.v3.txt
  - captured: 4 March
    from: https://ledger.example/bridge
    text: ledger-bridge.v2.txt
",
    );
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        lines,
        [
            "content/sources/ledger-bridge.md:13:15: error: this version was captured 2025-03-02, before the version listed before it (2025-03-04T10:30:00+00:00)",
            "content/sources/ledger-bridge.md:15:11: error: cannot read the version's text `content/sources/ledger-bridge.v3.txt`: No such file or directory (os error 2)",
            "content/sources/ledger-bridge.md:16:15: error: `4 March` is not a valid date",
        ],
        "{err}"
    );
}

#[test]
fn a_version_text_must_stay_beside_the_source_and_not_be_markdown() {
    let root = fixture("versions");
    edit(&source(&root), "    text: ledger-bridge.v2.txt\n", "    text: ../../secret.txt\n");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(err.starts_with("content/sources/ledger-bridge.md:12:11: error: `text` must name a file beside the source or in a folder below it\n"), "{err}");
    edit(&source(&root), "    text: ../../secret.txt\n", "    text: ledger-bridge-v2.md\n");
    let (err, _) = check(&root);
    assert!(
        err.contains("error: a version's text file may not end in `.md`: it would be read as a source of its own"),
        "{err}"
    );
}
