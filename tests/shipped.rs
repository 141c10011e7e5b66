//! The shipped ISF content builds cleanly and shows what the research established.

mod common;
use common::*;
use std::path::Path;

fn shipped() -> std::path::PathBuf {
    let root = scratch("shipped");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("content"), &root.join("content"));
    root
}

#[test]
fn the_passport_topic_shows_news18_asserting_and_newsx_disputing() {
    let out = build_ok(&shipped(), &[]);
    let html = page(&out, "topics/passport-line/");
    let cards = cards(&html);
    assert!(
        cards.iter().any(|r| r.starts_with("News18 28 Oct 2025, 12:19 UTC+05:30 · Asserts the statement")
            && r.contains("This claim: ✗ False")),
        "{cards:#?}"
    );
    assert!(
        cards.iter().any(|r| r.starts_with("NewsX 24 Dec 2025, 15:21 UTC+05:30 · Disputes the statement")
            && r.contains("This claim: ✓ Confirmed")),
        "{cards:#?}"
    );
    assert!(text(&html).contains("Contested"), "the contradiction is flagged");
}

#[test]
fn the_troop_figure_is_single_origin_news18() {
    let out = build_ok(&shipped(), &[]);
    let html = text(&page(&out, "topics/troop-numbers/"));
    assert!(html.contains("Single origin"), "{html}");
    assert!(
        html.contains("every one of those claims traces back to one report: News18, 28 Oct 2025, 12:19 UTC+05:30."),
        "{html}"
    );
}

#[test]
fn the_shipped_content_checks_clean_with_at_least_forty_claims() {
    let root = shipped();
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let claims: usize =
        stdout(&output).split("ok: ").nth(1).and_then(|s| s.split(' ').next()).and_then(|n| n.parse().ok()).unwrap();
    assert!(claims >= 40, "{claims} claims");
    assert_eq!(stderr(&output), "", "no warnings either");
}

#[test]
fn the_troop_and_meeting_topics_show_outlets_carrying_versus_independent_origins() {
    let out = build_ok(&shipped(), &[]);
    let troops = text(&page(&out, "topics/troop-numbers/"));
    assert!(troops.contains("Carried by 4 of the 4 outlets below (2 asserting, 2 hedging)."), "{troops}");
    let meeting = text(&page(&out, "topics/secret-meeting/"));
    assert!(meeting.contains("Carried by 3 of the 3 outlets below (2 asserting, 1 hedging)."), "{meeting}");
    assert!(meeting.contains("Single origin 2 outlets assert this, but every one of those claims traces back to one report: News18, 28 Oct 2025, 12:19 UTC+05:30."), "{meeting}");
    assert!(meeting.contains("DNA India repeats News18"), "the echo graph names the copy: {meeting}");
}
