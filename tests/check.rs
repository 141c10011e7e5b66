//! What an editor sees when content is wrong: every problem at once, as `path:line:col: error:`,
//! the offending line with a caret, a hint, a summary, and exit status 1. Texts are pinned.

mod common;
use common::*;
use std::path::Path;

/// Runs `claimtrack check` on a copy of the basic fixture after `change`, returning (stderr, code).
fn check_after(change: impl FnOnce(&Path)) -> (String, i32) {
    let root = fixture("basic");
    change(&root);
    check(&root)
}

#[test]
fn clean_content_checks_ok_and_writes_nothing() {
    let root = fixture("basic");
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "ok: 4 claims, 2 topics, 3 outlets, 3 sources\n");
    assert!(!root.join("public").exists());
}

#[test]
fn unknown_key_suggests_the_nearest_one() {
    let (err, code) = check_after(|r| edit(&claim(r, "post-closure.md"), "status: disputed", "stauts: disputed"));
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/post-closure.md:7:1: error: unknown key `stauts`
  |
7 | stauts: disputed
  | ^^^^^^
  = help: did you mean `status`?

error: 1 problem in 1 file
"
    );
}

#[test]
fn unknown_stance_lists_the_allowed_values() {
    let (err, code) = check_after(|r| edit(&claim(r, "wire/wire-closure.md"), "stance: disputes", "stance: denies"));
    assert_eq!(code, 1);
    assert!(
        err.starts_with(
            "content/claims/wire/wire-closure.md:6:9: error: `stance` cannot be `denies`
  |
6 | stance: denies
  |         ^^^^^^
  = help: use one of `asserts`, `hedges` or `disputes`
"
        ),
        "{err}"
    );
}

#[test]
fn unknown_topic_suggests_the_nearest_slug() {
    let (err, _) = check_after(|r| edit(&claim(r, "ledger-cracks.md"), "topic: cracks", "topic: crack"));
    assert!(err.contains("content/claims/ledger-cracks.md:5:8: error: no topic `crack`\n"), "{err}");
    assert!(err.contains("  = help: did you mean `cracks`?\n"), "{err}");
}

#[test]
fn every_problem_is_reported_in_one_run_sorted_by_file() {
    let (err, code) = check_after(|r| {
        edit(&claim(r, "post-closure.md"), "status: disputed", "stauts: disputed");
        edit(&claim(r, "ledger-cracks.md"), "topic: cracks", "topic: crack");
        edit(&claim(r, "ledger-closure.md"), "date: 2025-03-01T08:00:00+00:00", "date: 2025-02-30");
    });
    assert_eq!(code, 1);
    let heads: Vec<&str> = err.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        heads,
        vec![
            "content/claims/ledger-closure.md:4:7: error: `2025-02-30` is not a valid date",
            "content/claims/ledger-cracks.md:5:8: error: no topic `crack`",
            "content/claims/post-closure.md:7:1: error: unknown key `stauts`",
        ]
    );
    assert!(err.ends_with("error: 3 problems in 3 files\n"), "{err}");
}

#[test]
fn a_misquote_shows_the_closest_passage() {
    let (err, _) = check_after(|r| edit(&claim(r, "ledger-closure.md"), "officials told", "people told"));
    assert!(
        err.contains(
            "content/claims/ledger-closure.md:8:8: error: the quote does not occur in the source `ledger-bridge`\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("= help: the closest passage in the archived text is: \"The harbour bridge will close for twelve months from June, officials told the \"Ledger\" on Friday.\""),
        "{err}"
    );
}

#[test]
fn missing_and_unterminated_front_matter_and_empty_files() {
    let (err, _) = check_after(|r| {
        write(&claim(r, "a-none.md"), "just text\n");
        write(&claim(r, "b-open.md"), "---\ntitle: a\n");
        write(&claim(r, "c-empty.md"), "");
    });
    assert!(err.contains("content/claims/a-none.md:1:1: error: missing front matter\n"), "{err}");
    assert!(err.contains("content/claims/b-open.md:1:1: error: the front matter is never closed\n"), "{err}");
    assert!(err.contains("content/claims/c-empty.md: error: the file is empty\n"), "{err}");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let (err, _) = check_after(|r| std::fs::write(claim(r, "latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap());
    assert!(
        err.contains("content/claims/latin1.md:2:11: error: invalid UTF-8 at byte offset 14 (line 2, column 11)\n"),
        "{err}"
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let root = fixture("basic");
    let path = claim(&root, "ledger-cracks.md");
    let text = std::fs::read_to_string(&path).unwrap().replace('\n', "\r\n");
    std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
    let out = build_ok(&root, &[]);
    assert!(page(&out, "claims/ledger-cracks/").contains("<h1>Engineers found cracks in two piers</h1>"));
}

#[test]
fn yaml_syntax_errors_point_at_the_line_in_the_file() {
    let (err, _) = check_after(|r| write(&claim(r, "bad-yaml.md"), "---\ntitle: x\nsource: [unclosed\n---\n"));
    assert!(err.contains("content/claims/bad-yaml.md:3:9: error: invalid YAML: did not find expected ',' or ']', while parsing a flow sequence\n"), "{err}");
    assert!(err.contains("3 | source: [unclosed\n"), "{err}");
}

#[test]
fn duplicate_slugs_across_sub_folders_name_both_files() {
    let (err, _) = check_after(|r| {
        std::fs::copy(claim(r, "ledger-cracks.md"), claim(r, "wire/ledger-cracks.md")).unwrap();
    });
    assert!(
        err.contains("content/claims/wire/ledger-cracks.md: error: duplicate claim slug `ledger-cracks`: content/claims/ledger-cracks.md has the same name\n"),
        "{err}"
    );
}

#[test]
fn a_bad_file_name_gets_a_rename_hint() {
    let (err, _) = check_after(|r| {
        std::fs::rename(claim(r, "ledger-cracks.md"), claim(r, "Ledger Cracks.md")).unwrap();
    });
    assert!(
        err.contains("content/claims/Ledger Cracks.md: error: `Ledger Cracks` is not a valid claim slug\n"),
        "{err}"
    );
    assert!(err.contains("rename it to `ledger-cracks.md`"), "{err}");
}

#[test]
fn echo_cycles_are_errors() {
    let (err, _) = check_after(|r| {
        edit(&claim(r, "ledger-closure.md"), "tags: [bridge]", "tags: [bridge]\nechoes: [post-closure]");
    });
    assert!(err.contains("error: echo cycle: "), "{err}");
    assert!(
        err.contains("ledger-closure → post-closure → ledger-closure")
            || err.contains("post-closure → ledger-closure → post-closure"),
        "{err}"
    );
}

#[test]
fn only_http_links_are_accepted() {
    let (err, _) =
        check_after(|r| edit(&claim(r, "ledger-closure.md"), "https://city.example/statement", "javascript:alert(1)"));
    assert!(
        err.contains("content/claims/ledger-closure.md:11:10: error: `javascript:alert(1)` is not an http(s) URL\n"),
        "{err}"
    );
}

#[test]
fn verdict_history_must_be_in_order_and_end_on_the_verdict() {
    let (err, _) = check_after(|r| {
        let p = claim(r, "ledger-closure.md");
        edit(&p, "  - date: 2025-03-02\n    status: disputed", "  - date: 2025-03-02\n    status: confirmed");
    });
    assert!(err.contains("error: `status` is `disputed` but the last update says `confirmed`"), "{err}");
    let (err, _) = check_after(|r| {
        let p = claim(r, "ledger-closure.md");
        edit(&p, "  - {date: 2025-03-01,", "  - {date: 2025-03-05,");
    });
    assert!(err.contains("error: update dated 2025-03-02 comes after one dated 2025-03-05"), "{err}");
}

#[test]
fn a_claim_dated_before_its_source_is_an_error() {
    let (err, _) = check_after(|r| edit(&claim(r, "wire/wire-closure.md"), "date: 2025-03-02", "date: 2025-02-27"));
    assert!(err.contains("content/claims/wire/wire-closure.md:4:7: error: the claim is dated 2025-02-27 but its source was published 2025-03-02\n"), "{err}");
}

#[test]
fn status_false_unquoted_is_read_as_the_verdict() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-cracks.md"), "status: unverified", "status: false");
    let out = build_ok(&root, &[]);
    assert!(text(&page(&out, "claims/ledger-cracks/")).contains("Verdict on this claim: ✗ False"));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let before = page(&out, "claims/ledger-cracks/");
    edit(&claim(&root, "ledger-cracks.md"), "topic: cracks", "topic: crack");
    write(&claim(&root, "new-claim.md"), "---\ntitle: x\n---\n");
    let (output, _) = build(&root, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(page(&out, "claims/ledger-cracks/"), before);
    assert!(!out.join("claims/new-claim").exists());
    assert_eq!(work_folders(&root), Vec::<String>::new(), "staging folders left behind");
}

#[test]
fn check_renders_the_sitemap_index_that_only_sites_past_50000_pages_get() {
    let root = fixture("basic");
    let file = root.join("templates/feeds/sitemap.xml");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    // A mistake only in the index's branch: a small site's own build never reaches it.
    write(&file, "<?xml version=\"1.0\"?>\n{% if parts %}{{ parts_typo }}{% else %}<urlset/>{% endif %}\n");
    let out = build_ok(&root, &[]);
    assert_eq!(page(&out, "sitemap.xml"), "<?xml version=\"1.0\"?>\n<urlset/>\n");
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    let stderr = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("templates/feeds/sitemap.xml:2:"), "{stderr}");
    assert!(stderr.contains("parts_typo"), "{stderr}");
}

#[test]
fn a_template_that_fails_halfway_through_a_page_names_it_and_leaves_the_previous_site_untouched() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let (claim_page, feed) = (page(&out, "claims/ledger-cracks/"), page(&out, "atom.xml"));
    // Pages go to their files as they render: the part before the error must not reach the site.
    for (template, named) in [
        ("claim.html", "templates/claim.html:2:4: error: cannot render the page /claims/"),
        ("feeds/atom.xml", "templates/feeds/atom.xml:2:4: error: cannot render the page /atom.xml: "),
    ] {
        let file = root.join("templates").join(template);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        write(&file, "<p>Rendered so far</p>\n{{ no_such_value }}\n");
        let (output, _) = build(&root, &[]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(named), "{stderr}");
        assert!(stderr.contains("no_such_value"), "{stderr}");
        assert_eq!(page(&out, "claims/ledger-cracks/"), claim_page);
        assert_eq!(page(&out, "atom.xml"), feed);
        assert_eq!(work_folders(&root), Vec::<String>::new(), "staging folders left behind");
        std::fs::remove_file(&file).unwrap();
    }
}

/// Names in the site root that begin with `.public`: the folders a build works in beside `public/`.
fn work_folders(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect()
}

#[test]
fn a_rebuild_replaces_the_site_and_leaves_no_work_folder_behind() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    std::fs::write(out.join("stray.html"), "left by hand").unwrap();
    edit(&claim(&root, "ledger-cracks.md"), "title: Engineers", "title: Rebuilt, engineers");
    let out = build_ok(&root, &[]);
    assert!(text(&page(&out, "claims/ledger-cracks/")).contains("Rebuilt, engineers found cracks"));
    assert!(!out.join("stray.html").exists(), "the old site was not replaced");
    assert!(out.join(".claimtrack-output").is_file());
    // The replaced site is deleted before the build returns.
    assert_eq!(work_folders(&root), Vec::<String>::new());
}

#[test]
fn a_build_clears_what_an_interrupted_run_left_behind() {
    let root = fixture("basic");
    // No process has this number (Linux numbers stay below 2^22).
    let abandoned = root.join(".public.new-999999999/site-1/claims/x");
    std::fs::create_dir_all(&abandoned).unwrap();
    std::fs::write(abandoned.join("index.html"), "half a page").unwrap();
    // A replaced site, as earlier versions named it, whose deleting process was stopped halfway:
    // it still has its marker.
    let undeleted = root.join(".public.trash-999999999/claims/y");
    std::fs::create_dir_all(&undeleted).unwrap();
    std::fs::write(undeleted.join("index.html"), "an old page").unwrap();
    std::fs::write(root.join(".public.trash-999999999/.claimtrack-output"), "").unwrap();
    // A folder that only looks like one: claimtrack did not make it, so it stays.
    let lookalike = root.join(".public.trash-999999998");
    std::fs::create_dir(&lookalike).unwrap();
    std::fs::write(lookalike.join("notes.md"), "an editor's file").unwrap();
    build_ok(&root, &[]);
    assert!(lookalike.join("notes.md").is_file());
    std::fs::remove_dir_all(&lookalike).unwrap();
    assert_eq!(work_folders(&root), Vec::<String>::new());
}

#[test]
fn the_output_may_not_be_a_source_folder_or_the_root() {
    let root = fixture("basic");
    for bad in ["content", "templates", ".", "content/public"] {
        let target = root.join(bad);
        let output = claimtrack(&["build", "--root", root.to_str().unwrap(), "--output", target.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(2), "{bad}: {}", stderr(&output));
        assert!(stderr(&output).contains("error: refusing to write the site to"), "{bad}: {}", stderr(&output));
    }
    assert!(root.join("content/site.yaml").exists());
    let outside = scratch("not-ours");
    write(&outside.join("notes.txt"), "an editor's notes");
    let output = claimtrack(&["build", "--root", root.to_str().unwrap(), "--output", outside.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("it is a folder that claimtrack did not create"), "{}", stderr(&output));
    assert!(outside.join("notes.txt").exists());
}

#[test]
fn usage_errors_exit_2() {
    let output = claimtrack(&["build", "--no-such-flag"]);
    assert_eq!(output.status.code(), Some(2));
    let output = claimtrack(&["check", "--root", "/definitely/not/here"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: no content folder at /definitely/not/here/content"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_missing_required_key_points_at_the_end_of_the_front_matter() {
    let (err, code) = check_after(|r| {
        edit(&claim(r, "ledger-cracks.md"), "quote: 'Engineers found cracks - serious ones - in two piers.'\n", "")
    });
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "content/claims/ledger-cracks.md:8:1: error: missing required key `quote`
  |
8 | ---
  | ^^^
  = help: add a line `quote: ...`

error: 1 problem in 1 file
"
    );
}

#[test]
fn a_value_of_the_wrong_type_is_an_error_at_its_line() {
    let (err, _) = check_after(|r| edit(&claim(r, "ledger-closure.md"), "tags: [bridge]", "tags: {bridge: yes}"));
    assert!(
        err.contains(
            "content/claims/ledger-closure.md:22:7: error: invalid YAML: tags: invalid type: map, expected a sequence\n"
        ),
        "{err}"
    );
}

#[test]
fn unknown_outlet_and_echo_references_suggest_the_nearest_slug() {
    let (err, _) = check_after(|r| {
        edit(&r.join("content/sources/post-bridge.md"), "outlet: evening-post", "outlet: evening-posts");
        edit(&claim(r, "wire/wire-closure.md"), "sourcing: named", "sourcing: named\nechoes: [ledger-clossure]");
    });
    assert!(err.contains("content/sources/post-bridge.md:2:9: error: no outlet `evening-posts`\n"), "{err}");
    assert!(err.contains("= help: did you mean `evening-post`?"), "{err}");
    assert!(err.contains("content/claims/wire/wire-closure.md:10:10: error: no claim `ledger-clossure`\n"), "{err}");
    assert!(err.contains("= help: did you mean `ledger-closure`?"), "{err}");
    // The claim citing the broken source is not blamed for it: the source file has its own error.
    assert!(!err.contains("no source `post-bridge`"), "{err}");
    assert!(err.ends_with("error: 2 problems in 2 files\n"), "{err}");
}

#[test]
fn placeholders_left_by_new_are_errors() {
    let (err, code) = check_after(|r| {
        edit(
            &claim(r, "ledger-cracks.md"),
            "title: Engineers found cracks in two piers",
            "title: 'TODO: the claim in one line'",
        );
        edit(&claim(r, "ledger-cracks.md"), "No inspection report has been published.", "TODO");
    });
    assert_eq!(code, 1);
    assert!(err.contains("content/claims/ledger-cracks.md:2:9: error: `title` still holds its placeholder\n"), "{err}");
    assert!(
        err.contains("content/claims/ledger-cracks.md:10:1: error: the analysis still holds a placeholder\n"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn the_output_may_not_reach_a_source_folder_through_a_symbolic_link() {
    let root = fixture("basic");
    let deep = root.join("content/claims/deep");
    std::fs::create_dir_all(&deep).unwrap();
    let links = scratch("links");
    std::os::unix::fs::symlink(&deep, links.join("into-content")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::os::unix::fs::symlink(root.join("templates"), links.join("templates")).unwrap();
    // The output does not exist yet; the folder above it is a link into the site's sources.
    for (output, inside) in [
        (links.join("into-content/public"), "content"),
        (links.join("into-content/new/../public"), "content"),
        // A folder that does not exist, left again, before the link: the link is still followed.
        (links.join("not-yet/../into-content/public"), "content"),
        // `..` after a link leaves the link's target, as the system does: from content/claims/deep
        // to content/claims.
        (links.join("into-content/../public"), "content"),
        (links.join("templates"), "templates"),
        (links.join("templates/charts/public"), "templates"),
        (root.join("content/claims/wire/public"), "content"),
    ] {
        let output = claimtrack(&["build", "--root", root.to_str().unwrap(), "--output", output.to_str().unwrap()]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{err}");
        assert!(err.contains(&format!("it is inside the site's `{inside}/` folder")), "{err}");
    }
    assert_eq!(std::fs::read_dir(&deep).unwrap().count(), 0, "nothing was written into content/");
    assert!(!root.join("templates/charts").exists());
}

#[test]
fn a_query_fragment_or_other_scheme_in_base_url_is_an_error_at_its_line() {
    for (base_url, why) in [
        (
            "'https://ex.org/r?q=1#f'",
            "it has a query (`?`) or a fragment (`#`), which would end up in the middle of every link",
        ),
        (
            "https://ex.org/r#top",
            "it has a query (`?`) or a fragment (`#`), which would end up in the middle of every link",
        ),
        ("ftp://x.org/", "it is neither an http(s) URL nor a path starting with `/`"),
        ("https://x.org/a/../b/", "it has a `.` or `..` folder in its path"),
        ("//evil.example/", "it starts with `//`, which browsers read as another host"),
    ] {
        let (err, code) = check_after(|r| {
            edit(
                &r.join("content/site.yaml"),
                "base_url: https://example.org/tracker/",
                &format!("base_url: {base_url}"),
            )
        });
        assert_eq!(code, 1, "{err}");
        let shown = base_url.trim_matches('\'');
        assert!(
            err.contains(&format!(
                "content/site.yaml:3:11: error: `{shown}` is not a valid base URL: {why}\n  |\n3 | base_url: {base_url}\n"
            )),
            "{err}"
        );
    }
}

#[test]
fn an_escaped_control_character_in_front_matter_is_an_error_at_the_escape() {
    let (err, code) = check_after(|r| {
        edit(
            &claim(r, "ledger-closure.md"),
            "title: The bridge will close for twelve months",
            r#"title: "ctl \t fine, \u0001 \u000b \ufffe \u0000 end""#,
        )
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(concat!(
            "content/claims/ledger-closure.md:2:22: error: invalid YAML: control characters are not allowed (U+0001)\n",
            "  |\n",
            r#"2 | title: "ctl \t fine, \u0001 \u000b \ufffe \u0000 end""#,
            "\n  |                      ^^^^^^\n",
            "  = help: remove it: no page or feed can show it (tabs and line breaks are fine)\n",
        )),
        "{err}"
    );
    // In a list, and in the `\x` and one-letter forms.
    let (err, code) =
        check_after(|r| edit(&claim(r, "ledger-closure.md"), "tags: [bridge]", r#"tags: [bridge, "x\a"]"#));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/claims/ledger-closure.md:22:18: error: invalid YAML: tags: control characters are not allowed (U+0007)\n"),
        "{err}"
    );
    let (err, code) = check_after(|r| {
        edit(&r.join("content/site.yaml"), "title: Harbour Bridge Tracker", r#"title: "Harbour\x1bBridge""#)
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("content/site.yaml:1:16: error: invalid YAML: control characters are not allowed (U+001B)\n"),
        "{err}"
    );
    // In a key, it is named written out: the editor's terminal never receives the control code.
    let (err, code) =
        check_after(|r| edit(&claim(r, "ledger-closure.md"), "tags: [bridge]", r#""ta\x1b[31mgs": [bridge]"#));
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("error: unknown key `ta<U+001B>[31mgs`"), "{err}");
    assert!(!err.contains('\x1b'), "{err:?}");
}

/// A copy of the built-in template `name`, as a site would start its own.
fn built_in_template(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates").join(name)).unwrap()
}

#[test]
fn check_compiles_the_templates_and_names_the_broken_file() {
    let root = fixture("basic");
    let base = built_in_template("base.html");
    write(&root.join("templates/base.html"), &format!("{base}{{% if %}}\n"));
    edit(&claim(&root, "ledger-closure.md"), "topic: closure", "topic: closur");
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    let line = base.lines().count() + 1;
    // The template's problem and the content's, in one run; Tera's words, at Tera's position.
    assert!(
        err.contains(&format!(
            "templates/base.html:{line}:7: error: invalid template: Found `%}}` but expected one of: integer, float, string, bool, ident, `-`, `not`, `<`, `{{`, `[` or `(`\n"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{line} | {{% if %}}\n")), "{err}");
    assert!(err.contains("content/claims/ledger-closure.md:5:8: error: no topic `closur`"), "{err}");
    assert!(err.ends_with("error: 2 problems in 2 files\n"), "{err}");
    assert!(!root.join("public").exists(), "check wrote something");
    // The build refuses it the same way.
    let (output, out) = build(&root, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(&format!("templates/base.html:{line}:7: error: invalid template")));
    assert!(!out.exists());
}

#[test]
fn a_template_extending_or_including_a_missing_one_is_named_at_the_tag() {
    let (err, code) = check_after(|r| {
        write(&r.join("templates/about.html"), "{% extends \"nobase.html\" %}\n");
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "templates/about.html:1:12: error: invalid template: Template 'about.html' is inheriting from 'nobase.html', which doesn't exist or isn't loaded.\n"
        ),
        "{err}"
    );
    let (err, code) = check_after(|r| {
        write(
            &r.join("templates/partials/footer.html"),
            "<footer>\n  {% include \"partials/nope.html\" %}\n</footer>\n",
        );
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(concat!(
            "templates/partials/footer.html:2:14: error: invalid template: Unknown template `partials/nope.html`\n",
            "  |\n",
            "2 |   {% include \"partials/nope.html\" %}\n",
            "  |              ^^^^^^^^^^^^^^^^^^^^\n",
        )),
        "{err}"
    );
}

#[test]
fn a_template_that_includes_itself_is_an_error_not_a_crash() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let about = page(&out, "about/");
    let about_template = built_in_template("about.html");
    write(&root.join("templates/partials/rec.html"), "r{% include \"partials/rec.html\" %}");
    write(
        &root.join("templates/about.html"),
        &about_template.replace("{% endblock main %}", "{% include \"partials/rec.html\" %}{% endblock main %}"),
    );
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains(concat!(
            "templates/partials/rec.html:1:13: error: include cycle: partials/rec.html → partials/rec.html\n",
            "  |\n",
            "1 | r{% include \"partials/rec.html\" %}\n",
            "  |             ^^^^^^^^^^^^^^^^^^^\n",
            "  = help: a template may not include itself, directly or through other templates: rendering it would never end\n",
        )),
        "{err}"
    );
    let (output, _) = build(&root, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(page(&out, "about/"), about, "the previous site is untouched");
    // Through other templates, under conditions and loops: found all the same, at its first template.
    std::fs::remove_file(root.join("templates/partials/rec.html")).unwrap();
    write(&root.join("templates/about.html"), &about_template);
    write(&root.join("templates/partials/a.html"), "{% if x %}{% include \"partials/b.html\" %}{% endif %}");
    write(&root.join("templates/partials/b.html"), "{% for i in x %}{% include 'partials/a.html' %}{% endfor %}");
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/partials/a.html:1:22: error: include cycle: partials/a.html → partials/b.html → partials/a.html\n"), "{err}");
    assert!(err.ends_with("error: 1 problem in 1 file\n"), "{err}");
}

#[test]
fn check_finds_filters_tests_functions_and_components_that_do_not_exist() {
    // Tera 2 looks every name up when the templates are added: `check` finds them all at once,
    // each at its call, without rendering a page.
    let claim_template = built_in_template("claim.html");
    let (err, code) = check_after(|r| {
        let calls = concat!(
            "{# {{ claim.title | uppper }} in a comment is not a call #}\n",
            "{{ claim.title | uppper }}\n",
            "{% if claim.quote is definde %}{% endif %}\n",
            "{% for i in rnage(end=2) %}{% endfor %}{{ 1 | date }}\n",
            "{{<flag topic={topic} />}}{{ claim.title | upper | safe }}",
            "{% raw %}{{ x | nope }}{% endraw %}{{ claim.quote | default(value='') }}{% if x is not defined %}{% endif %}\n",
        );
        write(
            &r.join("templates/claim.html"),
            &claim_template.replace("{% endblock main %}", &format!("{calls}{{% endblock main %}}")),
        );
    });
    assert_eq!(code, 1, "{err}");
    let line = claim_template.lines().position(|l| l.contains("{% endblock main %}")).unwrap() + 2;
    for expected in [
        format!("templates/claim.html:{line}:18: error: invalid template: Unknown filter `uppper`\n"),
        format!("templates/claim.html:{}:22: error: invalid template: Unknown test `definde`\n", line + 1),
        format!("templates/claim.html:{}:13: error: invalid template: Unknown function `rnage`\n", line + 2),
        // `date` is not among Tera 2's built-in filters (it lives in tera-contrib).
        format!("templates/claim.html:{}:47: error: invalid template: Unknown filter `date`\n", line + 2),
        format!("templates/claim.html:{}:3: error: invalid template: Unknown component `flag`\n", line + 3),
    ] {
        assert!(err.contains(&expected), "{expected:?} not in:\n{err}");
    }
    // The calls that do exist, and the text of comments and raw blocks, are not reported.
    assert!(err.ends_with("error: 5 problems in 1 file\n"), "{err}");
}

#[test]
fn components_are_checked_and_their_recursion_is_bounded() {
    let root = fixture("basic");
    let topic = built_in_template("topic.html");
    let components = built_in_template("components.html");
    // A site's own component, calling a built-in one, in a partial a page includes.
    let both = "{% component both(topic) %}<b>{{<flags topic={topic} />}}</b>{% endcomponent both %}\n";
    write(&root.join("templates/components.html"), &format!("{components}{both}"));
    write(
        &root.join("templates/topic.html"),
        &topic.replacen("{% block main %}", "{% block main %}{{<both topic={topic} />}}", 1),
    );
    let out = build_ok(&root, &[]);
    assert!(page(&out, "topics/closure/").contains("<b><span class=\"flag flag-contested\""));
    // Components calling each other whatever the data stop at Tera's limit: an error naming the
    // page, not a crash; a recursion that ends renders.
    let endless = concat!(
        "{% component ping(n) %}{{<pong n={n} />}}{% endcomponent ping %}\n",
        "{% component pong(n) %}{{<ping n={n} />}}{% endcomponent pong %}\n",
        "{% component down(n) %}{{ n }}{% if n > 0 %}{{<down n={n - 1} />}}{% endif %}{% endcomponent down %}\n",
    );
    write(&root.join("templates/components.html"), &format!("{components}{endless}"));
    write(
        &root.join("templates/topic.html"),
        &topic.replacen("{% block main %}", "{% block main %}{{<ping n={1} />}}", 1),
    );
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(err.contains("templates/topic.html: error: cannot render the page /topics/"), "{err}");
    assert!(err.contains("Maximum render recursion depth for components exceeded"), "{err}");
    write(
        &root.join("templates/topic.html"),
        &topic.replacen("{% block main %}", "{% block main %}{{<down n={3} />}}", 1),
    );
    let out = build_ok(&root, &[]);
    assert!(page(&out, "topics/closure/").contains("3210"));
}

#[test]
fn a_template_that_fails_to_render_is_named_at_the_line_that_failed() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let about = page(&out, "about/");
    let claim_template = built_in_template("claim.html");
    let (line, text) = claim_template.lines().enumerate().find(|(_, l)| l.contains("{{ claim.title }}")).unwrap();
    let col = text.find("claim.title").unwrap() + "claim.".len() + 1;
    write(&root.join("templates/claim.html"), &claim_template.replacen("{{ claim.title }}", "{{ claim.titel }}", 1));
    let expected = format!("templates/claim.html:{}:{col}: error: cannot render the page /claims/", line + 1);
    // `check` renders a sample of the site, so it finds what the build would, and writes nothing.
    for output in [claimtrack(&["check", "--root", root.to_str().unwrap()]), build(&root, &[]).0] {
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{err}");
        assert!(err.starts_with(&expected), "{expected:?} does not start:\n{err}");
        assert!(err.contains("/: Field `titel` is not defined\n"), "{err}");
        assert!(err.contains(&format!("{} | {}", line + 1, text.replacen("claim.title", "claim.titel", 1))), "{err}");
        assert!(err.contains("= help: did you mean `title`?\n"), "{err}");
        assert!(err.ends_with("error: 1 problem in 1 file\n"), "{err}");
    }
    assert_eq!(page(&out, "about/"), about, "the previous site is untouched");
    // In a partial, the help names the template that included it.
    let header = built_in_template("partials/header.html");
    write(&root.join("templates/claim.html"), &claim_template);
    write(&root.join("templates/partials/header.html"), &header.replacen("{{ site.title }}", "{{ site.titl }}", 1));
    let (err, code) = (stderr(&claimtrack(&["check", "--root", root.to_str().unwrap()])), 1);
    assert_eq!(code, 1);
    assert!(err.contains("templates/partials/header.html:6:"), "{err}");
    assert!(err.contains("did you mean `title`?"), "{err}");
}

#[test]
fn a_base_url_flag_is_held_to_the_rules_of_site_yaml() {
    let root = fixture("basic");
    for (flag, why) in [
        ("ftp://x.org/", "it is neither an http(s) URL nor a path starting with `/`"),
        ("javascript:alert(1)", "it is neither an http(s) URL nor a path starting with `/`"),
        ("https://x.org/a b/", "it contains a space, a line break or a control character"),
        ("https://x.org/a\nb/", "it contains a space, a line break or a control character"),
        ("https://x.org/a/../b/", "it has a `.` or `..` folder in its path"),
        (
            "https://ex.org/r?q=1#f",
            "it has a query (`?`) or a fragment (`#`), which would end up in the middle of every link",
        ),
        ("https:///path/", "it has no host after `://`"),
        // Where a `://` is the links' host, and an encoded `..` that browsers read as one.
        ("/a://b/", "it has a second `://`"),
        ("https://x.org/r/http://y/", "it has a second `://`"),
        ("/repo/%2E%2e/x/", "it has a `.` or `..` folder in its path"),
    ] {
        let (output, out) = build(&root, &["--base-url", flag]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{flag}: {err}");
        assert!(
            err.starts_with(&format!(
                "error: --base-url `{}` cannot be used: {why}\n  = help: use the site's public address",
                flag.escape_debug()
            )),
            "{err}"
        );
        assert!(!out.exists(), "{flag}: a site was written");
    }
    // The two forms site.yaml accepts are accepted here too.
    for flag in ["https://someone.github.io/claims-repo/", "/preview/"] {
        build_ok(&root, &["--base-url", flag]);
    }
}

#[test]
fn brackets_nested_thousands_deep_are_refused_at_once_and_the_long_line_is_shown_in_part() {
    let brackets = "[".repeat(100_000);
    let (err, code) = check_after(|r| {
        edit(&r.join("content/topics/closure.md"), "title: Year-long closure", &format!("title: {brackets}"))
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with("content/topics/closure.md:2:136: error: invalid YAML: `[` and `{` nest more than 128 deep\n"),
        "{err}"
    );
    assert!(err.contains("= help: front matter holds plain values and short lists: close the brackets"), "{err}");
    // The offending line is cut to the part around the column, not printed whole.
    let longest = err.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 140, "a line of {longest} characters in\n{err}");
    assert!(err.contains("2 | …[[["), "{err}");
    assert!(err.contains("[[…\n"), "{err}");
}
