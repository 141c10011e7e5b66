//! Shared helpers for the integration tests: copy a fixture site somewhere fresh, run the real
//! `claimtrack` binary on it, and read back what a reader or an editor would see.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh, empty folder under cargo's per-target temporary directory.
pub fn scratch(name: &str) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "{name}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

/// A copy of `tests/fixtures/<name>` that a test may change freely.
pub fn fixture(name: &str) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    let to = scratch(name);
    copy_tree(&from, &to);
    to
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("inside fixture");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Runs `claimtrack` with `args`.
pub fn claimtrack(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_claimtrack")).args(args).output().expect("run claimtrack")
}

/// `claimtrack build --root ROOT --output ROOT/public EXTRA...`; returns the output folder.
pub fn build(root: &Path, extra: &[&str]) -> (Output, PathBuf) {
    let out = root.join("public");
    let mut args = vec!["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    (claimtrack(&args), out)
}

/// Builds and insists on success, returning the output folder.
pub fn build_ok(root: &Path, extra: &[&str]) -> PathBuf {
    let (output, out) = build(root, extra);
    assert!(output.status.success(), "build failed:\n{}", stderr(&output));
    out
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The HTML of the page at `route` (e.g. `topics/closure/`).
pub fn page(out: &Path, route: &str) -> String {
    let file =
        if route.is_empty() || route.ends_with('/') { out.join(route).join("index.html") } else { out.join(route) };
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// The `<tr>` rows of the first table body on a page, as text with tags stripped.
pub fn table_rows(html: &str) -> Vec<String> {
    let body = html.split("<tbody>").nth(1).and_then(|b| b.split("</tbody>").next()).unwrap_or("");
    body.split("<tr").skip(1).map(|row| text(row.split_once('>').map_or(row, |(_, rest)| rest))).collect()
}

/// The claim cards of a topic page (`<article class="claim-card …">`), each as text with tags stripped.
pub fn cards(html: &str) -> Vec<String> {
    html.split("<article class=\"claim-card")
        .skip(1)
        .map(|card| text(card.split_once('>').map_or(card, |(_, rest)| rest).split("</article>").next().unwrap()))
        .collect()
}

/// The verdict changes listed on /changes/ (`<li class="change">`), each as text with tags stripped.
pub fn change_items(html: &str) -> Vec<String> {
    html.split("<li class=\"change\">").skip(1).map(|c| text(c.split("</li>").next().unwrap())).collect()
}

/// The day headings of a page (`<h2 class="day">`), as text.
pub fn day_headings(html: &str) -> Vec<String> {
    html.split("<h2 class=\"day\">").skip(1).map(|d| text(d.split("</h2>").next().unwrap())).collect()
}

/// Text content with tags removed and whitespace folded.
pub fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let folded = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let folded = folded.replace(" .", ".").replace(" ,", ",").replace(" :", ":").replace(" ;", ";");
    // Decode the entities the templates produce, so assertions read as the page does.
    folded
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every `href="..."` value on a page.
pub fn links(html: &str) -> Vec<String> {
    html.split("href=\"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_string).collect()
}

pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

/// Replaces the first `from` in the file with `to`, asserting that it is there.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    write(path, &text.replacen(from, to, 1));
}

/// The path of claim file `name` in a site.
pub fn claim(root: &Path, name: &str) -> PathBuf {
    root.join("content/claims").join(name)
}

/// `claimtrack check` on a site: what it printed to stderr, and its exit code.
pub fn check(root: &Path) -> (String, i32) {
    let output = claimtrack(&["check", "--root", root.to_str().unwrap()]);
    (stderr(&output), output.status.code().unwrap_or(-1))
}

/// The site's data put back together as one document: `claims.json` (the index) with the `claims`
/// and `sources` of every part it lists, in its order. Checks on the way that each part is where
/// the index says and as large as it says.
pub fn whole_data(out: &Path) -> serde_json::Value {
    let read = |file: &Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display())))
            .unwrap()
    };
    let mut data = read(&out.join("claims.json"));
    let site = data["site"]["url"].as_str().unwrap().to_string();
    let (mut claims, mut sources) = (Vec::new(), Vec::new());
    for part in data["parts"].as_array().unwrap() {
        let url = part["url"].as_str().unwrap();
        let file = out.join(url.strip_prefix(&site).unwrap_or_else(|| panic!("{url} is not under {site}")));
        assert_eq!(std::fs::metadata(&file).unwrap().len(), part["bytes"].as_u64().unwrap(), "{url}");
        let part = read(&file);
        claims.extend(part["claims"].as_array().unwrap().iter().cloned());
        sources.extend(part["sources"].as_array().unwrap().iter().cloned());
    }
    data["claims"] = claims.into();
    data["sources"] = sources.into();
    data
}
