//! Archived copies and the link check, as an editor and a reader meet them: the pages link a copy
//! beside the original with Robust Links attributes, `check` warns about a link without one, and
//! `check --links` reports each kind of dead or moved link at its line, against a small HTTP
//! server the test starts on 127.0.0.1 (no test needs the internet), and answers a second run from
//! its cache without asking the server again.

mod common;
use common::*;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A local web server with one page for each way a link can fare; it counts the requests it gets.
struct Server {
    base: String,
    requests: Arc<AtomicUsize>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let counter = counter.clone();
                std::thread::spawn(move || answer(stream, &counter));
            }
        });
        Server { base, requests }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

fn answer(mut stream: TcpStream, counter: &AtomicUsize) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    counter.fetch_add(1, Ordering::SeqCst);
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let (method, path) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
    let (status, location) = match path {
        "/ok" | "/new" | "/archive/ok" => ("200 OK", None),
        "/gone" | "/archive/gone" => ("404 Not Found", None),
        "/broken" => ("500 Internal Server Error", None),
        "/old" => ("301 Moved Permanently", Some("/new")),
        "/loop-a" => ("302 Found", Some("/loop-b")),
        "/loop-b" => ("302 Found", Some("/loop-a")),
        "/no-head" if method == "HEAD" => ("405 Method Not Allowed", None),
        "/no-head" => ("200 OK", None),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            ("200 OK", None)
        }
        _ => ("404 Not Found", None),
    };
    let location = location.map(|l| format!("Location: {l}\r\n")).unwrap_or_default();
    let reply = format!("HTTP/1.1 {status}\r\n{location}Content-Length: 0\r\nConnection: close\r\n\r\n");
    let _ = stream.write_all(reply.as_bytes());
}

/// The basic fixture with its links pointed at `server`: one page of each kind, each at a line
/// the assertions name.
fn site_linking_to(server: &Server) -> std::path::PathBuf {
    let root = fixture("basic");
    let content = root.join("content");
    edit(
        &content.join("outlets/daily-ledger.md"),
        "url: https://ledger.example/",
        &format!("url: {}", server.url("/ok")),
    );
    edit(&content.join("outlets/city-wire.md"), "kind: wire", &format!("url: {}\nkind: wire", server.url("/broken")));
    edit(
        &content.join("sources/ledger-bridge.md"),
        "url: https://ledger.example/bridge",
        &format!("url: {}\narchived: {}", server.url("/gone"), server.url("/archive/ok")),
    );
    edit(
        &content.join("sources/wire-bridge.md"),
        "url: https://wire.example/denial",
        &format!("url: {}", server.url("/old")),
    );
    edit(
        &content.join("sources/post-bridge.md"),
        "published: 2025-03-01",
        &format!("published: 2025-03-01\nurl: {}", server.url("/loop-a")),
    );
    edit(
        &content.join("claims/ledger-closure.md"),
        "  - url: https://city.example/statement\n",
        &format!(
            "  - url: {}\n    title: A page that never answers\n    date: 2025-03-02\n    bearing: context\n  - url: {}\n    archived: {}\n",
            server.url("/slow"),
            server.url("/no-head"),
            server.url("/archive/gone"),
        ),
    );
    root
}

/// `check --links` with a short timeout and its own cache folder.
fn check_links(root: &Path) -> (String, String, i32) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(["check", "--links", "--timeout", "1", "--root", root.to_str().unwrap()])
        .env("CLAIMTRACK_CACHE_DIR", root.join("cache"))
        .output()
        .expect("run claimtrack");
    (stderr(&output), stdout(&output), output.status.code().unwrap_or(-1))
}

/// The first line of the diagnostic at `place` (`path:line:col`), or a panic showing everything.
fn said_at<'a>(err: &'a str, place: &str) -> &'a str {
    err.lines().find(|l| l.starts_with(place)).unwrap_or_else(|| panic!("nothing at {place}:\n{err}"))
}

#[test]
fn check_links_reports_each_dead_or_moved_link_at_its_line_and_a_rerun_asks_nothing() {
    let server = Server::start();
    let root = site_linking_to(&server);
    let (err, out, code) = check_links(&root);
    assert_eq!(code, 1, "a dead link without a working copy fails the check:\n{err}");
    let base = &server.base;

    // A 500 from an outlet's home page.
    let line = said_at(&err, "content/outlets/city-wire.md:3:6:");
    assert_eq!(
        line,
        "content/outlets/city-wire.md:3:6: error: the page is gone: the server answered 500 Internal Server Error"
    );
    // A 404 whose archived copy still answers: a warning.
    assert_eq!(
        said_at(&err, "content/sources/ledger-bridge.md:5:6:"),
        "content/sources/ledger-bridge.md:5:6: warning: the page is gone (the server answered 404 Not Found); its archived copy still works"
    );
    // A 301 to a live page: a warning naming where it went.
    assert_eq!(
        said_at(&err, "content/sources/wire-bridge.md:5:6:"),
        format!("content/sources/wire-bridge.md:5:6: warning: the page has moved permanently to `{base}/new`")
    );
    // A redirect loop, with no copy.
    assert_eq!(
        said_at(&err, "content/sources/post-bridge.md:5:6:"),
        format!(
            "content/sources/post-bridge.md:5:6: error: the page is gone (it redirects in a loop: `{base}/loop-a` → `{base}/loop-b` → `{base}/loop-a`) and it has no archived copy"
        )
    );
    // A page slower than the timeout, with no copy.
    assert_eq!(
        said_at(&err, "content/claims/ledger-closure.md:11:10:"),
        "content/claims/ledger-closure.md:11:10: error: the page is gone (no answer within 1 s) and it has no archived copy"
    );
    // A page that refuses HEAD but answers GET is fine; its archived copy is gone.
    assert!(!err.contains("ledger-closure.md:15:10:"), "{err}");
    assert_eq!(
        said_at(&err, "content/claims/ledger-closure.md:16:15:"),
        "content/claims/ledger-closure.md:16:15: error: the archived copy is gone: the server answered 404 Not Found"
    );
    // The live outlet and the live copy say nothing.
    assert!(!err.contains("daily-ledger.md:"), "{err}");
    assert!(!err.contains("ledger-bridge.md:6:"), "{err}");
    assert!(err.ends_with("error: 4 problems in 3 files (2 warnings)\n"), "{err}");
    assert_eq!(out, "");

    let asked = server.requests();
    let (again, _, code) = check_links(&root);
    assert_eq!(code, 1);
    assert_eq!(again, err, "the second run reports the same");
    assert_eq!(server.requests(), asked, "the second run asked the server nothing");
}

#[test]
fn a_site_whose_links_all_work_passes_and_says_how_many_it_checked() {
    let server = Server::start();
    let root = fixture("basic");
    let content = root.join("content");
    edit(
        &content.join("outlets/daily-ledger.md"),
        "url: https://ledger.example/",
        &format!("url: {}", server.url("/ok")),
    );
    edit(
        &content.join("sources/ledger-bridge.md"),
        "url: https://ledger.example/bridge",
        &format!("url: {}", server.url("/ok")),
    );
    edit(
        &content.join("sources/wire-bridge.md"),
        "url: https://wire.example/denial",
        &format!("url: {}", server.url("/no-head")),
    );
    edit(
        &content.join("claims/ledger-closure.md"),
        "url: https://city.example/statement",
        &format!("url: {}", server.url("/new")),
    );
    let (err, out, code) = check_links(&root);
    assert_eq!((err.as_str(), code), ("", 0));
    assert!(out.contains("links: 3 addresses checked, 0 answered from the cache ("), "{out}");
    let (_, out, _) = check_links(&root);
    assert!(out.contains("links: 3 addresses checked, 3 answered from the cache ("), "{out}");
}

#[test]
fn plain_check_never_asks_the_network() {
    let server = Server::start();
    let root = site_linking_to(&server);
    let (err, code) = check(&root);
    assert_eq!((err.as_str(), code), ("", 0));
    assert_eq!(server.requests(), 0);
}

#[test]
fn a_link_without_an_archived_copy_is_a_warning_that_site_yaml_can_turn_off() {
    let root = fixture("basic");
    let site = root.join("content/site.yaml");
    edit(&site, "warn_unarchived: false", "warn_unarchived: true");
    let (err, code) = check(&root);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "content/sources/ledger-bridge.md:5:6: warning: the article has no archived copy\n  |\n5 | url: https://ledger.example/bridge\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("content/claims/ledger-closure.md:11:10: warning: this evidence has no archived copy\n"),
        "{err}"
    );
    assert!(err.contains("= help: save a copy (e.g. at https://web.archive.org/save) and add `archived:`"), "{err}");
    assert!(err.ends_with("warning: 3 warnings\n"), "{err}");

    edit(&site, "warn_unarchived: true", "warn_unarchived: false");
    assert_eq!(check(&root), (String::new(), 0));
}

#[test]
fn a_capture_date_needs_a_copy_and_cannot_precede_the_page() {
    let root = fixture("basic");
    let source = root.join("content/sources/ledger-bridge.md");
    edit(&source, "author: Ann Reporter", "archived_on: 2025-03-01\nauthor: Ann Reporter");
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(
        err.contains("content/sources/ledger-bridge.md:6:14: error: `archived_on` dates an archived copy, but there is no `archived`\n"),
        "{err}"
    );
    edit(
        &source,
        "archived_on: 2025-03-01",
        "archived: https://web.archive.org/web/20250301093000/https://ledger.example/bridge\narchived_on: 2025-02-27",
    );
    let (err, code) = check(&root);
    assert_eq!(code, 1);
    assert!(
        err.contains("content/sources/ledger-bridge.md:7:14: error: the archived copy is dated 2025-02-27, before the page it copies (2025-03-01T08:00:00+00:00)\n"),
        "{err}"
    );
}

#[test]
fn the_pages_link_each_archived_copy_beside_its_original_with_robust_links_attributes() {
    let root = fixture("basic");
    let copy = "https://web.archive.org/web/20250301093000/https://ledger.example/bridge";
    edit(
        &root.join("content/sources/ledger-bridge.md"),
        "author: Ann Reporter",
        &format!("archived: {copy}\nauthor: Ann Reporter"),
    );
    edit(
        &ledger_closure(&root),
        "    bearing: contradicts\n",
        "    bearing: contradicts\n    archived: https://archive.ph/AbCd1\n    archived_on: 2025-03-03\n",
    );
    let out = build_ok(&root, &[]);

    let claim = page(&out, "claims/ledger-closure/");
    // The article: the capture time comes from the Wayback address.
    assert!(
        claim.contains(&format!(
            r#"<a href="https://ledger.example/bridge" rel="nofollow noopener" data-versionurl="{copy}" data-versiondate="2025-03-01T09:30:00+00:00">original article</a>, <a href="{copy}" rel="nofollow noopener" data-originalurl="https://ledger.example/bridge" data-versiondate="2025-03-01T09:30:00+00:00">archived copy</a>"#
        )),
        "{claim}"
    );
    // The evidence, dated by `archived_on`.
    assert!(
        claim.contains(r#"<a href="https://city.example/statement" rel="nofollow noopener" data-versionurl="https://archive.ph/AbCd1" data-versiondate="2025-03-03">City Hall: statement on the bridge</a>"#),
        "{claim}"
    );
    assert!(
        claim.contains(r#"(<a href="https://archive.ph/AbCd1" rel="nofollow noopener" data-originalurl="https://city.example/statement" data-versiondate="2025-03-03">archived copy</a>)"#),
        "{claim}"
    );

    let source = text(&page(&out, "sources/ledger-bridge/"));
    assert!(source.contains(&format!("Article https://ledger.example/bridge ( archived copy ) Archived copy {copy}, captured 1 Mar 2025, 09:30 UTC")), "{source}");

    let data: serde_json::Value = whole_data(&out);
    let evidence =
        &data["claims"].as_array().unwrap().iter().find(|c| c["slug"] == "ledger-closure").unwrap()["evidence"][0];
    assert_eq!(
        (evidence["archived"].as_str(), evidence["archived_on"].as_str()),
        (Some("https://archive.ph/AbCd1"), Some("2025-03-03"))
    );
}

fn ledger_closure(root: &Path) -> std::path::PathBuf {
    root.join("content/claims/ledger-closure.md")
}
