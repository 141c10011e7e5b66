//! What an editor gets from `claimtrack new`: a skeleton with every key that loads as it is, that
//! `check` refuses until its placeholders are filled and accepts once they are, in the right folder,
//! never over an existing file.

mod common;
use common::*;
use std::path::Path;

/// Runs `claimtrack new ARGS --root ROOT`.
fn new(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["new"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--root", root.to_str().unwrap()]);
    claimtrack(&all)
}

fn check(root: &Path) -> std::process::Output {
    claimtrack(&["check", "--root", root.to_str().unwrap()])
}

#[test]
fn every_kind_writes_a_skeleton_that_loads_and_says_where_it_is() {
    let root = fixture("basic");
    for (args, file) in [
        (vec!["outlet", "harbour-times"], "content/outlets/harbour-times.md"),
        (vec!["source", "times-bridge", "--outlet", "daily-ledger"], "content/sources/times-bridge.md"),
        (vec!["topic", "tolls"], "content/topics/tolls.md"),
        (
            vec!["claim", "ledger-tolls", "--source", "ledger-bridge", "--topic", "closure"],
            "content/claims/daily-ledger/ledger-tolls.md",
        ),
    ] {
        let output = new(&root, &args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert_eq!(stdout(&output), format!("wrote {}\n", root.join(file).display()));
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.starts_with("---\n") && text.contains("TODO"), "{text}");
    }
    let loaded = claimtrack::load::load(&root).unwrap();
    assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
    assert_eq!((loaded.outlets.len(), loaded.sources.len(), loaded.topics.len(), loaded.claims.len()), (4, 4, 3, 5));

    let topic = std::fs::read_to_string(root.join("content/topics/tolls.md")).unwrap();
    assert!(topic.contains("\norder: 3 "), "the new topic comes after the last one: {topic}");
}

#[test]
fn a_claim_skeleton_is_prefilled_from_its_source_and_passes_check_once_filled() {
    let root = fixture("basic");
    let output = new(&root, &["claim", "ledger-piers", "--source", "ledger-bridge", "--topic", "cracks"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = root.join("content/claims/daily-ledger/ledger-piers.md");
    let skeleton = std::fs::read_to_string(&path).unwrap();
    for line in [
        "\ntitle: 'TODO: the claim in one line, as the article makes it'",
        "\nsource: ledger-bridge ",
        "# Daily Ledger: Harbour bridge to close for a year\n",
        "\ndate: 2025-03-01T08:00:00+00:00 ",
        "\ntopic: cracks ",
        "# Engineers found cracks in the bridge piers.\n",
        "\nstance: TODO ",
        "\nquote: 'TODO: the sentence, copied verbatim from the source; double any '' inside'\n",
        "# required: asserts, hedges or disputes the topic's statement\n",
        "# required, the verdict: false, disputed, unverified, partly-true or confirmed\n",
        "\nsourcing: ",
        "# optional: named, anonymous, media-reports or unsourced\n",
        "\n## Why this verdict\n\nTODO\n\n## What is known\n\nTODO\n\n## What is not known\n\nTODO\n",
    ] {
        assert!(skeleton.contains(line), "missing {line:?} in\n{skeleton}");
    }

    let unfilled = check(&root);
    assert_eq!(unfilled.status.code(), Some(1), "check accepted the placeholders");
    let err = stderr(&unfilled);
    assert!(err.contains("content/claims/daily-ledger/ledger-piers.md:6:9: error: `stance` cannot be `TODO`"), "{err}");
    assert!(err.contains("`status` cannot be `TODO`"), "{err}");
    assert!(err.contains("error: the quote does not occur in the source `ledger-bridge`"), "{err}");

    // The editor's part: a title, a stance, a verdict, a quote from the article, the analysis.
    let filled: String = skeleton
        .lines()
        .map(|line| match line.split_once(':').map(|(key, _)| key) {
            Some("title") => "title: Two piers are cracked".to_string(),
            Some("stance") => "stance: asserts".to_string(),
            Some("status") => "status: false".to_string(),
            Some("quote") => "quote: 'Engineers found cracks - serious ones - in two piers.'".to_string(),
            _ => line.replace("TODO", "Filled in by the editor."),
        })
        .map(|line| line + "\n")
        .collect();
    write(&path, &filled);
    let output = check(&root);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "ok: 5 claims, 2 topics, 3 outlets, 3 sources\n");
}

#[test]
fn an_existing_file_is_never_overwritten() {
    let root = fixture("basic");
    let outlet = root.join("content/outlets/daily-ledger.md");
    let before = std::fs::read_to_string(&outlet).unwrap();
    let output = new(&root, &["outlet", "daily-ledger"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: outlet `daily-ledger` already exists: content/outlets/daily-ledger.md (left as it is)\n"
    );
    assert_eq!(std::fs::read_to_string(&outlet).unwrap(), before);

    // A claim slug is unique across the claims sub-folders, not only in the one it would go to.
    let output = new(&root, &["claim", "wire-closure", "--source", "ledger-bridge", "--topic", "closure"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: claim `wire-closure` already exists: content/claims/wire/wire-closure.md (left as it is)\n"
    );
    assert!(!root.join("content/claims/daily-ledger").exists());
}

#[test]
fn an_unknown_source_or_topic_is_refused_with_the_nearest_slug() {
    let root = fixture("basic");
    let output = new(&root, &["claim", "ledger-tolls", "--source", "ledger-bridg", "--topic", "closure"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output), "error: no source `ledger-bridg` in content/sources/: did you mean `ledger-bridge`?\n");
    let output = new(&root, &["claim", "ledger-tolls", "--source", "ledger-bridge", "--topic", "tolls"]);
    assert_eq!(
        stderr(&output),
        "error: no topic `tolls` in content/topics/: create it first with `claimtrack new topic tolls`\n"
    );
    let output = new(&root, &["source", "times-bridge", "--outlet", "harbour-times"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).starts_with("error: no outlet `harbour-times`"), "{}", stderr(&output));
    assert!(
        !root.join("content/claims/daily-ledger").exists() && !root.join("content/sources/times-bridge.md").exists()
    );
}

#[test]
fn a_slug_that_is_not_a_file_name_is_refused_with_the_one_to_use() {
    let root = fixture("basic");
    let output = new(&root, &["topic", "Toll Rises"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: the new file's slug `Toll Rises` may only use lowercase letters, digits and `-` (try `toll-rises`)\n"
    );
    let output = new(&root, &["claim", "x", "--source", "../../etc", "--topic", "closure"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("slug `../../etc` may only use"), "{}", stderr(&output));
}

#[test]
fn a_topic_after_one_ordered_at_the_largest_number_gets_no_order_rather_than_a_wrapped_one() {
    let root = fixture("basic");
    let topic = root.join("content/topics/closure.md");
    let text = std::fs::read_to_string(&topic).unwrap();
    let text = text.lines().filter(|l| !l.starts_with("order:")).collect::<Vec<_>>().join("\n");
    write(&topic, &text.replacen("---\n", &format!("---\norder: {}\n", i64::MAX), 1));
    let output = new(&root, &["topic", "tolls"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = std::fs::read_to_string(root.join("content/topics/tolls.md")).unwrap();
    let order = written.lines().find(|l| l.starts_with("order:")).expect("an order line");
    let value = order.split('#').next().unwrap_or_default().trim_start_matches("order:").trim();
    assert!(value.is_empty() && order.contains("the largest allowed"), "{order}");
    assert!(!written.contains("-9223372036854775808"), "{written}");
    assert_eq!(check(&root).status.code(), Some(1), "the skeleton's placeholders are still refused");
}
