//! Provenance as a reader and an editor see it: verbatim quotes, echo chains, independent origins,
//! suggested echoes, verdict history and how each outlet sources its claims.

mod common;
use common::*;
use std::path::Path;

/// A fourth outlet whose claim repeats the Evening Post, which repeats the Ledger.
fn add_chain_of_three(root: &Path) {
    write(&root.join("content/outlets/night-owl.md"), "---\nname: Night Owl\n---\nA late blog.\n");
    write(
        &root.join("content/sources/owl-bridge.md"),
        "---\noutlet: night-owl\nheadline: Bridge to shut, Post says\npublished: 2025-03-03\n---\nThe Post says the bridge shuts for a year.\n",
    );
    write(
        &root.join("content/claims/owl-closure.md"),
        "---\ntitle: The bridge shuts for a year\nsource: owl-bridge\ndate: 2025-03-03\ntopic: closure\nstance: asserts\nstatus: disputed\nquote: the bridge shuts for a year\nechoes: [post-closure]\n---\nRepeats the Post.\n",
    );
}

#[test]
fn quotes_match_across_curly_quotes_dashes_and_line_breaks_only() {
    let root = fixture("basic");
    // The archived text has “Ledger" and an em dash; the quote uses straight quotes, a hyphen and a line break.
    edit(
        &root.join("content/claims/ledger-cracks.md"),
        "quote: 'Engineers found cracks - serious ones - in two piers.'",
        "quote: |\n  Engineers found cracks -- serious ones\n  — in two piers.",
    );
    let (err, code) = check(&root);
    assert_eq!(code, 1, "a doubled hyphen is not a dash variant: {err}");
    edit(&root.join("content/claims/ledger-cracks.md"), "cracks -- serious", "cracks – serious");
    let (err, code) = check(&root);
    assert_eq!((code, err.as_str()), (0, ""));
    edit(&root.join("content/claims/ledger-cracks.md"), "  Engineers found", "  engineers found");
    let (err, code) = check(&root);
    assert_eq!(code, 1, "case is not folded");
    assert!(err.contains("help: the closest passage in the archived text is: \"Engineers found cracks - serious ones - in two piers.\""), "{err}");
}

#[test]
fn a_chain_of_three_is_shown_back_to_its_first_appearance() {
    let root = fixture("basic");
    add_chain_of_three(&root);
    let out = build_ok(&root, &[]);
    let owl = text(&page(&out, "claims/owl-closure/"));
    assert!(
        owl.contains("This claim repeats Evening Post, 1 Mar 2025, which repeats Daily Ledger, 1 Mar 2025, 08:00 UTC. First appeared in Daily Ledger, 1 Mar 2025, 08:00 UTC."),
        "{owl}"
    );
    let topic = page(&out, "topics/closure/");
    assert!(text(&topic).contains("Single origin 3 outlets assert this"), "{}", text(&topic));
    assert!(topic.contains("<title id=\"echo-graph-title\">Who repeats whom on this topic</title>"));
    assert!(
        topic.contains(
            "<desc id=\"echo-graph-desc\">Night Owl repeats Evening Post; Evening Post repeats Daily Ledger.</desc>"
        ),
        "{topic}"
    );
}

#[test]
fn an_independent_assertion_makes_two_origins_and_clears_single_origin() {
    let root = fixture("basic");
    write(
        &root.join("content/claims/wire/wire-closure-2.md"),
        "---\ntitle: The wire hears of a year-long closure\nsource: wire-bridge\ndate: 2025-03-02\ntopic: closure\nstance: asserts\nstatus: unverified\nquote: close the bridge for a year\n---\nIts own source.\n",
    );
    let out = build_ok(&root, &[]);
    let topic = text(&page(&out, "topics/closure/"));
    assert!(!topic.contains("Single origin"), "{topic}");
    assert!(topic.contains("Carried by 3 of the 3 outlets below (3 asserting, 0 hedging)."), "{topic}");
    assert!(
        topic.contains(
            "The assertions have 2 independent origins: Daily Ledger, 1 Mar 2025, 08:00 UTC; City Wire, 2 Mar 2025."
        ),
        "{topic}"
    );
    let home = page(&out, "");
    let matrix = home.split("<table class=\"matrix\">").nth(1).unwrap().split("</table>").next().unwrap();
    assert!(!text(matrix).contains("Single origin"), "the home matrix drops the flag too");
}

#[test]
fn copied_wording_without_an_echo_is_a_warning_naming_both_files() {
    let root = fixture("basic");
    edit(&root.join("content/claims/post-closure.md"), "echoes: [ledger-closure]\n", "");
    let (err, code) = check(&root);
    assert_eq!(code, 0, "a suggestion never fails the check");
    assert_eq!(
        err,
        "content/claims/post-closure.md:3:1: warning: this claim's article shares 10 words with the article of content/claims/ledger-closure.md, which it does not echo
  |
3 | source: post-bridge
  | ^^^^^^
  = help: shared words: \"the harbour bridge will close for twelve months from june\"; if this claim repeats that report, add `echoes: [ledger-closure]`

content/claims/post-closure.md:9:11: warning: `sourcing` is `media-reports` but `echoes` names no report
  |
9 | sourcing: media-reports
  |           ^^^^^^^^^^^^^
  = help: add to `echoes` the report this one relays: a tracked claim's slug, or `{outlet, url, date, language}` for a report outside the tracked outlets; or, if it cannot be found, `untraced:` saying what was searched

warning: 2 warnings
"
    );
    // The build still succeeds and shows the warnings.
    let (output, _) = build(&root, &[]);
    assert!(output.status.success());
    assert!(stderr(&output).contains("warning: 2 warnings"));
}

#[test]
fn verdict_changes_are_dated_in_order_on_the_claim_timeline_and_changes_pages() {
    let root = fixture("basic");
    edit(
        &root.join("content/claims/wire/wire-closure.md"),
        "sourcing: named\n",
        "sourcing: named\nevidence:\n  - {id: works, url: https://wire.example/works, title: 'Works shortened', date: 2025-04-10, bearing: supports}\n  - {id: open, url: https://wire.example/open, title: 'Bridge open', date: 2025-05-01, bearing: supports}\nupdates:\n  - {date: 2025-03-02, status: unverified, note: Only the city's word.}\n  - {date: 2025-04-10, status: partly-true, note: The works were shortened., cites: [works]}\n  - {date: 2025-05-01, status: confirmed, note: The bridge stayed open., cites: [open]}\n",
    );
    let out = build_ok(&root, &[]);
    let changes = page(&out, "changes/");
    assert_eq!(day_headings(&changes), vec!["1 May 2025", "10 Apr 2025", "2 Mar 2025"], "newest first");
    assert_eq!(change_items(&changes).len(), 3);
    let history = text(&page(&out, "claims/wire-closure/"));
    assert!(history.contains("2 Mar 2025 ? Unverified Only the city's word. 10 Apr 2025 ◐ Partly true The works were shortened. Rests on: Works shortened, 10 Apr 2025 (supports) 1 May 2025 ✓ Confirmed The bridge stayed open. Rests on: Bridge open, 1 May 2025 (supports)"), "{history}");
    let timeline = text(&page(&out, "timeline/"));
    let a = timeline.find("10 Apr 2025 Verdict").expect("April change on the timeline");
    let b = timeline.find("1 May 2025 Verdict").expect("May change on the timeline");
    assert!(a < b, "timeline is oldest first");
    let topic = text(&page(&out, "topics/closure/"));
    assert!(
        topic.contains(
            "Last verdict change: 1 May 2025, The city denies any year-long closure (City Wire) became Confirmed."
        ),
        "{topic}"
    );
}

#[test]
fn outlet_pages_show_how_claims_are_sourced() {
    let out = build_ok(&fixture("basic"), &[]);
    let ledger = text(&page(&out, "outlets/daily-ledger/"));
    assert!(
        ledger.contains(
            "Named sources 0 (0%) Anonymous sources 1 (50%) Media reports 0 (0%) Unsourced 0 (0%) Not stated 1 (50%)"
        ),
        "{ledger}"
    );
}
