//! A fact-checking desk's week, as its editors meet it: drafts checked but never published, old
//! addresses kept by aliases, `check --since` refusing a build that drops a published page, and a
//! public corrections log on the claim page, /corrections/, the feed, the data and the ClaimReview.

mod common;
use common::*;
use std::path::Path;

/// Every file of a build, with its text (binary files are skipped).
fn every_file(out: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((e.path().strip_prefix(out).unwrap().display().to_string(), text))
        })
        .collect()
}

/// A draft claim on a draft topic, and a draft claim on a published topic.
fn add_drafts(root: &Path) {
    write(
        &root.join("content/topics/tolls-plan.md"),
        "---\ntitle: Secret toll plan\nstatement: Tolls will be charged.\ndraft: true\n---\nNot yet.\n",
    );
    write(
        &claim(root, "ledger-tolls.md"),
        "---\ntitle: Tolls are coming to the bridge\nsource: ledger-bridge\ndate: 2025-03-01\ntopic: tolls-plan\n\
         stance: asserts\nstatus: unverified\nquote: 'Engineers found cracks - serious ones - in two piers.'\ndraft: true\n---\nDraft.\n",
    );
    write(
        &claim(root, "ledger-piers-draft.md"),
        "---\ntitle: Two piers are unsafe say engineers\nsource: ledger-bridge\ndate: 2025-03-01\ntopic: cracks\n\
         stance: asserts\nstatus: unverified\nquote: 'Engineers found cracks - serious ones - in two piers.'\ndraft: true\n---\nDraft.\n",
    );
}

#[test]
fn a_draft_is_checked_and_counted_but_appears_in_no_file_of_the_build() {
    let root = fixture("basic");
    add_drafts(&root);
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(stdout(&output), "ok: 6 claims, 3 topics, 3 outlets, 3 sources, 3 drafts\n");

    let (built, out) = build(&root, &[]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert_eq!(stdout(&built).split(" (").nth(1).unwrap().split(')').next().unwrap(), "4 claims");
    let files = every_file(&out);
    assert!(files.iter().any(|(f, _)| f == "sitemap.xml") && files.iter().any(|(f, _)| f == "claims.json"));
    for word in [
        "ledger-tolls",
        "Tolls are coming",
        "tolls-plan",
        "Secret toll plan",
        "ledger-piers-draft",
        "Two piers are unsafe",
    ] {
        for (file, text) in &files {
            assert!(!text.contains(word), "{file} names the draft: {word}");
        }
    }
    assert!(!out.join("claims/ledger-tolls").exists() && !out.join("topics/tolls-plan").exists());
    // The published record is as it was: the cracks topic counts only its published claim.
    let cracks = text(&page(&out, "topics/cracks/"));
    assert!(cracks.contains("Engineers found cracks in two piers"), "{cracks}");
}

#[test]
fn a_draft_is_a_mistake_like_any_other() {
    let root = fixture("basic");
    add_drafts(&root);
    edit(&claim(&root, "ledger-tolls.md"), "status: unverified", "status: maybe");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(err.contains("content/claims/ledger-tolls.md:7:9: error: `status` cannot be `maybe`"), "{err}");
}

#[test]
fn a_published_claim_that_repeats_a_draft_is_refused_at_its_echo() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-closure.md"), "tags: [bridge]\n", "tags: [bridge]\ndraft: true\n");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/post-closure.md:10:10: error: `ledger-closure` is a draft: this published claim repeats it
   |
10 | echoes: [ledger-closure]
   |          ^^^^^^^^^^^^^^
   = help: the public page would link to a page that is not published: publish `ledger-closure` (remove `draft: true`) or mark this claim `draft: true` too

error: 1 problem in 1 file
"
    );
}

#[test]
fn a_published_claim_on_a_draft_topic_is_refused_at_its_topic() {
    let root = fixture("basic");
    edit(&root.join("content/topics/cracks.md"), "---\n", "---\ndraft: true\n");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "content/claims/ledger-cracks.md:5:8: error: the topic `cracks` is a draft: this claim is published"
        ),
        "{err}"
    );
}

/// Renames claim file `from` to `to` (its slug with it), leaving every reference to it as it was.
fn rename_claim(root: &Path, from: &str, to: &str) {
    std::fs::rename(claim(root, &format!("{from}.md")), claim(root, &format!("{to}.md"))).unwrap();
}

#[test]
fn an_alias_keeps_the_old_address_as_a_page_that_redirects_and_is_not_in_the_sitemap() {
    let root = fixture("basic");
    rename_claim(&root, "ledger-cracks", "ledger-pier-cracks");
    edit(
        &claim(&root, "ledger-pier-cracks.md"),
        "status: unverified\n",
        "status: unverified\naliases: [ledger-cracks]\n",
    );
    edit(&root.join("content/topics/cracks.md"), "order: 2\n", "order: 2\naliases: [piers]\n");
    let out = build_ok(&root, &[]);
    let old = page(&out, "claims/ledger-cracks/");
    assert!(
        old.contains(r#"<meta http-equiv="refresh" content="0; url=/tracker/claims/ledger-pier-cracks/">"#),
        "{old}"
    );
    assert!(old.contains(r#"<link rel="canonical" href="https://example.org/tracker/claims/ledger-pier-cracks/">"#));
    assert_eq!(
        links(&old),
        ["https://example.org/tracker/claims/ledger-pier-cracks/", "/tracker/claims/ledger-pier-cracks/"]
    );
    assert!(text(&old).contains("This page has moved: Engineers found cracks in two piers."), "{old}");
    assert!(page(&out, "topics/piers/").contains("url=/tracker/topics/cracks/"));
    assert!(page(&out, "claims/ledger-pier-cracks/").contains("<h1"), "the claim itself is at its new address");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/claims/ledger-pier-cracks/</loc>"));
    assert!(!sitemap.contains("/claims/ledger-cracks/") && !sitemap.contains("/topics/piers/"), "{sitemap}");
}

#[test]
fn an_alias_that_is_the_address_of_another_page_is_refused_at_its_line() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-cracks.md"), "status: unverified\n", "status: unverified\naliases: [post-closure]\n");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/ledger-cracks.md:8:11: error: the alias `post-closure` is the address of another claim
  |
8 | aliases: [post-closure]
  |           ^^^^^^^^^^^^
  = help: the claim `post-closure` has that page: remove the alias, or rename one of the two

error: 1 problem in 1 file
"
    );
}

#[test]
fn one_old_address_cannot_redirect_to_two_pages() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-cracks.md"), "status: unverified\n", "status: unverified\naliases: [old-one]\n");
    edit(&claim(&root, "post-closure.md"), "status: disputed\n", "status: disputed\naliases: [old-one, Old_Two]\n");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(err.contains("error: `Old_Two` is not a valid claim slug"), "{err}");
    assert!(err.contains("error: the alias `old-one` is also an alias of the claim `"), "{err}");
}

/// `claimtrack check --root ROOT --since PREVIOUS`: stderr, stdout and the exit code.
fn check_since(root: &Path, previous: &Path) -> (String, String, i32) {
    let output = claimtrack(&["check", "--root", root.to_str().unwrap(), "--since", previous.to_str().unwrap()]);
    (stderr(&output), stdout(&output), output.status.code().unwrap_or(-1))
}

/// The site built as it is now, kept aside as "the live site" the next check compares with.
fn previous_build(root: &Path) -> std::path::PathBuf {
    let out = build_ok(root, &[]);
    let previous = root.with_extension("live");
    let _ = std::fs::remove_dir_all(&previous);
    std::fs::rename(&out, &previous).unwrap();
    previous
}

#[test]
fn a_renamed_claim_without_an_alias_is_refused_with_its_old_address() {
    let root = fixture("basic");
    let previous = previous_build(&root);
    assert_eq!(check_since(&root, &previous).2, 0, "nothing changed, nothing is lost");

    rename_claim(&root, "ledger-cracks", "ledger-pier-cracks");
    let (err, out, code) = check_since(&root, &previous);
    assert_eq!((code, out.as_str()), (1, ""));
    let file = previous.join("claims/ledger-cracks/index.html");
    assert_eq!(
        err,
        format!(
            "{}: error: `https://example.org/tracker/claims/ledger-cracks/` was published and this build would no longer have it
 = help: readers' links to it would break: if the claim was renamed, add `aliases: [ledger-cracks]` to its new file; if it is now a draft, publish it again

error: 1 problem in 1 file
",
            file.display()
        )
    );

    edit(
        &claim(&root, "ledger-pier-cracks.md"),
        "status: unverified\n",
        "status: unverified\naliases: [ledger-cracks]\n",
    );
    let (err, out, code) = check_since(&root, &previous);
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(out, "ok: 4 claims, 2 topics, 3 outlets, 3 sources\n");
}

#[test]
fn a_published_page_made_a_draft_again_is_refused_too() {
    let root = fixture("basic");
    let previous = previous_build(&root);
    edit(&claim(&root, "ledger-cracks.md"), "status: unverified\n", "status: unverified\ndraft: true\n");
    let (err, _, code) = check_since(&root, &previous);
    assert_eq!(code, 1);
    assert!(err.contains("`https://example.org/tracker/claims/ledger-cracks/` was published"), "{err}");
}

#[test]
fn numbered_pages_that_go_when_a_list_shrinks_are_not_refused_but_a_renamed_claim_still_is() {
    let root = fixture("basic");
    let site = root.join("content/site.yaml");
    edit(&site, "warn_unarchived: false\n", "warn_unarchived: false\npage_size: 1\n");
    let previous = previous_build(&root);
    assert!(previous.join("claims/page/4/index.html").is_file(), "four claims, one a page");

    // Two a page: /claims/page/3/ and /page/4/ go, /claims/ itself stays.
    edit(&site, "page_size: 1\n", "page_size: 2\n");
    let (err, out, code) = check_since(&root, &previous);
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(out, "ok: 4 claims, 2 topics, 3 outlets, 3 sources\n");

    // A renamed claim is still refused, and only its own page is named.
    rename_claim(&root, "ledger-cracks", "ledger-pier-cracks");
    let (err, _, code) = check_since(&root, &previous);
    assert_eq!(code, 1);
    assert!(err.contains("`https://example.org/tracker/claims/ledger-cracks/` was published"), "{err}");
    assert!(!err.contains("/page/"), "{err}");
}

#[test]
fn a_previous_build_that_is_not_there_is_a_usage_error() {
    let root = fixture("basic");
    let (err, _, code) = check_since(&root, &root.join("no-such-build"));
    assert_eq!(code, 2);
    assert!(err.contains("no such folder"), "{err}");
}

/// Two entries in the corrections log of the Ledger's closure claim, oldest first as written.
fn correct_ledger(root: &Path) {
    edit(
        &claim(root, "ledger-closure.md"),
        "tags: [bridge]\n",
        "tags: [bridge]\ncorrections:\n  - {date: 2025-03-04, kind: correction, note: The quote named the wrong month.}\n  \
         - date: 2025-03-06\n    kind: clarification\n    note: The city's statement is a press release.\n",
    );
}

#[test]
fn a_correction_shows_on_the_claim_page_the_log_the_feed_the_data_and_the_claim_review() {
    let root = fixture("basic");
    correct_ledger(&root);
    let out = build_ok(&root, &[]);

    let claim_page = page(&out, "claims/ledger-closure/");
    let shown = text(&claim_page);
    assert!(
        shown.contains(
            "Corrections Clarified on 6 Mar 2025 (clarification): The city's statement is a press release. \
             Corrected on 4 Mar 2025 (correction): The quote named the wrong month."
        ),
        "{shown}"
    );
    let review = claim_page.split("application/ld+json\">").nth(1).unwrap().split("</script>").next().unwrap();
    let review: serde_json::Value = serde_json::from_str(review).unwrap();
    assert_eq!(review["dateModified"], "2025-03-06");
    assert_eq!(review["correction"][0]["@type"], "CorrectionComment");
    assert_eq!(review["correction"][0]["text"], "Clarification: The city's statement is a press release.");
    assert_eq!(review["correction"][1]["datePublished"], "2025-03-04");

    let log = page(&out, "corrections/");
    assert_eq!(
        table_rows(&log),
        [
            "6 Mar 2025 Clarification The bridge will close for twelve months Daily Ledger The city's statement is a press release.",
            "4 Mar 2025 Correction The bridge will close for twelve months Daily Ledger The quote named the wrong month.",
        ]
    );
    assert!(links(&page(&out, "")).contains(&"/tracker/corrections/".to_string()), "the footer links the log");
    assert!(links(&page(&out, "about/")).contains(&"/tracker/corrections/".to_string()), "the policy links the log");
    assert!(text(&page(&out, "about/")).contains("a correction (something on the page was wrong)"));

    let feed = std::fs::read_to_string(out.join("atom.xml")).unwrap();
    let first = feed.split("<entry>").nth(1).unwrap();
    assert!(
        first.contains("<title>Clarification: The bridge will close for twelve months (Daily Ledger)</title>"),
        "{first}"
    );
    assert!(first.contains("<id>https://example.org/tracker/claims/ledger-closure/#correction-2025-03-06-2</id>"));
    assert!(
        first.contains("<summary>Clarified on 6 Mar 2025: The city&#39;s statement is a press release.</summary>"),
        "{first}"
    );
    assert!(feed.contains("<updated>2025-03-06T00:00:00Z</updated>"), "the feed is as new as its newest entry");

    let data: serde_json::Value = whole_data(&out);
    let ledger = data["claims"].as_array().unwrap().iter().find(|c| c["slug"] == "ledger-closure").unwrap();
    assert_eq!(
        ledger["corrections"],
        serde_json::json!([
            {"date": "2025-03-04", "kind": "correction", "note": "The quote named the wrong month."},
            {"date": "2025-03-06", "kind": "clarification", "note": "The city's statement is a press release."}
        ])
    );
    assert!(
        std::fs::read_to_string(out.join("sitemap.xml"))
            .unwrap()
            .contains("/tracker/corrections/</loc><lastmod>2025-03-06")
    );
}

#[test]
fn a_site_without_corrections_says_so_on_its_log() {
    let out = build_ok(&fixture("basic"), &[]);
    assert!(text(&page(&out, "corrections/")).contains("No published claim page has been corrected yet."));
}

#[test]
fn a_correction_of_an_unknown_kind_or_date_is_refused_at_its_line() {
    let root = fixture("basic");
    correct_ledger(&root);
    edit(&claim(&root, "ledger-closure.md"), "kind: clarification", "kind: retraction");
    edit(&claim(&root, "ledger-closure.md"), "date: 2025-03-04, kind", "date: 2025-03-40, kind");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/ledger-closure.md:24:12: error: `2025-03-40` is not a valid date
   |
24 |   - {date: 2025-03-40, kind: correction, note: The quote named the wrong month.}
   |            ^^^^^^^^^^
   = help: write a date as `2025-10-28`, or a date and time as `2025-10-28T12:19:00+05:30`

content/claims/ledger-closure.md:26:11: error: `corrections` cannot be `retraction`
   |
26 |     kind: retraction
   |           ^^^^^^^^^^
   = help: use one of `correction`, `clarification` or `update`

error: 2 problems in 1 file
"
    );
}
