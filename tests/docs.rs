//! What a newcomer reading the README meets: the editor's guide, followed to the letter on an empty
//! site, builds; the error it shows is the one `check` prints; and every link between the README,
//! `docs/` and `bench/README.md` leads to a file and a heading that exist.

mod common;
use common::*;
use std::path::{Path, PathBuf};

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The README's section under `heading` (a `###` line), up to the next heading of any level.
fn section<'a>(readme: &'a str, heading: &str) -> &'a str {
    let start = readme.find(heading).unwrap_or_else(|| panic!("the README has no `{heading}`"));
    let body = &readme[start + heading.len()..];
    let end = body.find("\n#").unwrap_or(body.len());
    &body[..end]
}

/// The fenced blocks of `lang` in `text`, each with the nearest line before it that names a file in
/// backticks followed by a colon (`` `content/topics/closure.md`: ``), if any.
fn blocks(text: &str, lang: &str) -> Vec<(Option<String>, String)> {
    let mut found = Vec::new();
    let mut named: Option<String> = None;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(name) = line.strip_prefix('`').and_then(|l| l.strip_suffix("`:")) {
            named = Some(name.to_string());
        } else if line == format!("```{lang}") {
            let body: Vec<&str> = lines.by_ref().take_while(|l| *l != "```").collect();
            found.push((named.take(), body.join("\n") + "\n"));
        }
    }
    found
}

#[test]
fn the_editors_guide_followed_on_an_empty_site_builds_its_claim() {
    let readme = read(&repo("README.md"));
    let root = scratch("readme-guide");
    write(&root.join("content/site.yaml"), "title: Harbour Bridge Tracker\n");
    let r = root.to_str().unwrap();

    let commands = blocks(section(&readme, "### Start a file: `claimtrack new`"), "sh");
    assert_eq!(commands.len(), 1, "one block of `claimtrack new` commands");
    let mut written = Vec::new();
    for command in commands[0].1.lines() {
        let args: Vec<&str> = command.split_whitespace().collect();
        assert_eq!(args.first(), Some(&"claimtrack"), "{command}");
        let output = claimtrack(&[&args[1..], &["--root", r]].concat());
        assert!(output.status.success(), "{command}:\n{}", stderr(&output));
        let path = stdout(&output).trim().trim_start_matches("wrote ").to_string();
        written.push(path.trim_start_matches(&format!("{r}/")).to_string());
    }

    let examples = blocks(&readme, "markdown");
    let mut filled = Vec::new();
    for (file, text) in &examples {
        let file = file.as_deref().unwrap_or_else(|| panic!("an example names no file:\n{text}"));
        assert!(written.iter().any(|w| w == file), "`claimtrack new` in the guide does not write {file}");
        write(&root.join(file), text);
        filled.push(file.to_string());
    }
    written.sort();
    filled.sort();
    assert_eq!(written, filled, "the guide fills in every file it has `claimtrack new` write");

    let check = claimtrack(&["check", "--root", r]);
    assert!(check.status.success(), "the guide's files do not pass check:\n{}", stderr(&check));
    assert_eq!(stdout(&check).trim(), "ok: 1 claims, 1 topics, 1 outlets, 1 sources");

    let out = build_ok(&root, &[]);
    let topic = text(&page(&out, "topics/closure/"));
    assert!(topic.contains("Daily Ledger"), "{topic}");
    assert!(topic.contains("officials told the Ledger on Friday"), "{topic}");
}

#[test]
fn the_error_the_readme_shows_is_the_one_check_prints() {
    let readme = read(&repo("README.md"));
    let shown = blocks(section(&readme, "### Check your work: `claimtrack check`"), "text");
    assert_eq!(shown.len(), 1, "one example of check's output");
    let shown = &shown[0].1;
    let file = shown.split(':').next().unwrap_or_default();

    let root = scratch("readme-error");
    write(&root.join("content/site.yaml"), "title: Harbour Bridge Tracker\n");
    for (name, text) in blocks(&readme, "markdown") {
        write(&root.join(name.expect("every example names its file")), &text);
    }
    let claim = root.join(file);
    let typo = read(&claim).replacen("\nstatus:", "\nstauts:", 1);
    write(&claim, &typo);

    let check = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stderr(&check).trim_end(), shown.trim_end());
}

/// GitHub's anchor for a heading: lowercase, spaces to `-`, punctuation other than `-` and `_` dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

fn anchors(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let mut found = Vec::new();
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            found.push(anchor(line.trim_start_matches('#')));
        }
    }
    found
}

#[test]
fn every_link_between_the_readme_and_the_docs_leads_to_a_file_and_heading() {
    let mut pages = vec![repo("README.md"), repo("bench/README.md")];
    for entry in std::fs::read_dir(repo("docs")).expect("docs/ exists") {
        let path = entry.expect("read docs/").path();
        if path.extension().is_some_and(|x| x == "md") {
            pages.push(path);
        }
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in &pages {
        let markdown = read(page);
        for link in markdown.split("](").skip(1).filter_map(|s| s.split(')').next()) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() { page.clone() } else { page.parent().unwrap_or(page).join(file) };
            checked += 1;
            if !target.exists() {
                broken.push(format!("{}: {link}: no such file", page.display()));
            } else if !fragment.is_empty() && !anchors(&read(&target)).iter().any(|a| a == fragment) {
                broken.push(format!("{}: {link}: no such heading", page.display()));
            }
        }
    }
    assert!(checked > 10, "only {checked} links found");
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
