//! The feeds a reader follows: `atom.xml` carries the newest `feed_entries` entries (site.yaml),
//! and each topic has its own feed, linked from its page, so that a reader can follow one statement.

mod common;
use common::*;
use std::path::Path;

fn site_yaml(root: &Path) -> std::path::PathBuf {
    root.join("content/site.yaml")
}

/// Each entry of a feed: its `<id>`, in the feed's order.
fn ids(feed: &str) -> Vec<String> {
    feed.split("<entry>")
        .skip(1)
        .map(|e| e.split("<id>").nth(1).unwrap().split("</id>").next().unwrap().into())
        .collect()
}

fn updated(feed: &str) -> &str {
    feed.split("<updated>").nth(1).unwrap().split("</updated>").next().unwrap()
}

#[test]
fn the_feed_carries_the_newest_entries_up_to_feed_entries_newest_first() {
    let root = scratch("feed-bound");
    copy_tree(&fixture("basic"), &root);
    let whole = page(&build_ok(&root, &[]), "atom.xml");
    let all = ids(&whole);
    assert_eq!(all.len(), 5, "under the default bound, every entry");

    write(&site_yaml(&root), &format!("{}feed_entries: 2\n", std::fs::read_to_string(site_yaml(&root)).unwrap()));
    let out = build_ok(&root, &[]);
    let feed = page(&out, "atom.xml");
    assert_eq!(ids(&feed), all[..2], "the two newest, in the same order");
    // The feed is as new as its newest entry (RFC 4287: the feed's latest significant change).
    let first = feed.split("<entry>").nth(1).unwrap();
    assert_eq!(updated(&feed), updated(first));
    assert_eq!(updated(&feed), "2025-03-02T00:00:00Z");
    // Topic feeds are bounded too.
    assert_eq!(ids(&page(&out, "topics/closure/atom.xml")).len(), 2);
}

#[test]
fn a_feed_bound_that_is_not_a_whole_number_from_one_is_refused_at_its_line() {
    let root = scratch("feed-bound-bad");
    copy_tree(&fixture("basic"), &root);
    for bad in ["0", "ten"] {
        let yaml = std::fs::read_to_string(fixture("basic").join("content/site.yaml")).unwrap();
        write(&site_yaml(&root), &format!("{yaml}feed_entries: {bad}\n"));
        let (err, code) = check(&root);
        assert_eq!(code, 1, "{err}");
        assert!(
            err.starts_with(&format!("content/site.yaml:9:15: error: `{bad}` is not a whole number from 1\n")),
            "{err}"
        );
        assert!(err.contains("help: give how many entries, the newest, each Atom feed carries, e.g. `100`"), "{err}");
    }
}

#[test]
fn each_topic_has_a_feed_of_its_own_claims_linked_from_its_page() {
    let out = build_ok(&fixture("basic"), &[]);
    let topic = page(&out, "topics/closure/");
    assert!(
        topic.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Harbour Bridge Tracker: Year-long closure\" href=\"/tracker/topics/closure/atom.xml\">"),
        "{topic}"
    );
    assert!(text(&topic).contains("Follow this statement: feed"));
    assert!(links(&topic).contains(&"/tracker/topics/closure/atom.xml".to_string()));

    let feed = page(&out, "topics/closure/atom.xml");
    assert!(feed.contains("<id>https://example.org/tracker/topics/closure/atom.xml</id>"), "{feed}");
    assert!(feed.contains("<title>Harbour Bridge Tracker: Year-long closure</title>"), "{feed}");
    assert!(feed.contains(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/tracker/topics/closure/atom.xml\"/>"
    ));
    assert!(
        feed.contains(
            "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/tracker/topics/closure/\"/>"
        )
    );
    let closure = ids(&feed);
    let cracks = ids(&page(&out, "topics/cracks/atom.xml"));
    assert_eq!(cracks, ["https://example.org/tracker/claims/ledger-cracks/"]);
    // The two topics' entries are the site's, each once.
    let mut both: Vec<String> = closure.iter().chain(&cracks).cloned().collect();
    let mut all = ids(&page(&out, "atom.xml"));
    both.sort();
    all.sort();
    assert_eq!(both, all);
    let first = feed.split("<entry>").nth(1).unwrap();
    assert_eq!(updated(&feed), updated(first));
}
