//! No input makes claimtrack panic or hang: arbitrary bytes and arbitrary YAML go through the
//! loader and the whole check, symbolic-link loops end the walk, and very large files are handled.
//!
//! The property tests run 256 cases each in `cargo test`; run them longer by hand with e.g.
//! `PROPTEST_CASES=20000 cargo test --release --test robustness`.

mod common;
use claimtrack::load::meta::{CLAIM_KEYS, ClaimMeta, SOURCE_KEYS, SourceMeta};
use claimtrack::load::parse_entry;
use common::*;
use proptest::prelude::*;
use std::path::Path;

/// Every diagnostic must also display without panicking (carets on odd lines, tabs, long lines).
fn show_all(diagnostics: &[claimtrack::diag::Diagnostic]) -> usize {
    diagnostics.iter().map(|d| d.to_string().len()).sum::<usize>()
        + claimtrack::diag::summary(diagnostics).map_or(0, |s| s.len())
}

fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9 -]{0,12}",
        ".{0,20}",
        Just("[unclosed".to_string()),
        Just("{a: [1, 2}".to_string()),
        Just("'single ''quoted'''".to_string()),
        Just("\"tab\\there\"".to_string()),
        Just("false".to_string()),
        Just("2025-02-30".to_string()),
        Just("2025-10-28T12:19:00+05:30".to_string()),
        Just("&anchor value".to_string()),
        Just("*alias".to_string()),
        Just("!!binary aGk=".to_string()),
        Just("|\n  block\n\tline".to_string()),
        Just("\n  - one\n  - {date: x, status: nope}\n  -".to_string()),
        Just("\n  - url: javascript:alert(1)\n    titel: x".to_string()),
        Just("“curly” — ünïcödé 🙂".to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
    ]
}

fn yaml_key() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(CLAIM_KEYS.iter().map(|k| k.to_string()).collect::<Vec<_>>()),
        "[a-z_]{1,8}",
        Just("- item".to_string()),
        Just("  indented".to_string()),
        Just("? complex".to_string()),
    ]
}

/// Front-matter-shaped text: optional BOM, fences that may be missing, CRLF or LF, a body.
fn front_matter() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec((yaml_key(), yaml_value()), 0..12),
        ".{0,60}",
    )
        .prop_map(|(bom, close, crlf, pairs, body)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            text.push_str("---\n");
            for (k, v) in pairs {
                text.push_str(&format!("{k}: {v}\n"));
            }
            if close {
                text.push_str("---\n");
            }
            text.push_str(&body);
            if crlf { text.replace('\n', "\r\n") } else { text }
        })
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let path = Path::new("content/claims/fuzz.md");
        if let Err(ds) = parse_entry::<ClaimMeta>(path, bytes.clone(), CLAIM_KEYS) {
            prop_assert!(!ds.is_empty());
            show_all(&ds);
        }
        let _ = parse_entry::<SourceMeta>(path, bytes, SOURCE_KEYS);
    }

    #[test]
    fn arbitrary_front_matter_never_panics_the_loader(text in front_matter()) {
        let path = Path::new("content/claims/fuzz.md");
        if let Err(ds) = parse_entry::<ClaimMeta>(path, text.into_bytes(), CLAIM_KEYS) {
            show_all(&ds);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_claim_files_never_panic_the_whole_check(text in front_matter(), bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        let root = fixture("basic");
        write(&root.join("content/claims/fuzz-a.md"), &text);
        std::fs::write(root.join("content/sources/fuzz-b.md"), &bytes).unwrap();
        match claimtrack::check(&root) {
            Ok(checked) => { show_all(&checked.warnings); }
            Err(claimtrack::Error::Content(ds)) => { prop_assert!(ds.iter().any(|d| d.is_error())); show_all(&ds); }
            Err(other) => prop_assert!(false, "unexpected {other:?}"),
        }
        let _ = std::fs::remove_dir_all(&root);
    }
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_reported_not_followed_forever() {
    let root = fixture("basic");
    std::os::unix::fs::symlink("..", root.join("content/claims/wire/loop")).unwrap();
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("content/claims/wire/loop: error: cannot read: a symbolic link here points back to one of its own parent folders"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_very_large_article_and_a_long_line_are_handled() {
    let root = fixture("basic");
    let mut text = String::from("---\noutlet: city-wire\nheadline: Huge\npublished: 2025-03-02\n---\n");
    for i in 0..200_000 {
        text.push_str(&format!("Paragraph {i} of a very long archived article about the bridge.\n"));
    }
    text.push_str(&"x".repeat(1_000_000));
    text.push_str("\nThe final sentence is here.\n");
    write(&root.join("content/sources/huge.md"), &text);
    write(
        &root.join("content/claims/huge-claim.md"),
        "---\ntitle: The end\nsource: huge\ndate: 2025-03-02\ntopic: cracks\nstance: hedges\nstatus: unverified\nquote: The final sentence is here.\n---\nBody.\n",
    );
    let out = build_ok(&root, &[]);
    assert!(page(&out, "claims/huge-claim/").contains("The final sentence is here."));
    assert!(!page(&out, "sources/huge/").contains("Paragraph 1 of"), "the article is not published");
}
