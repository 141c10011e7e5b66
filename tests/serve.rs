//! What an editor sees with `claimtrack serve`: the site under its base path, a rebuild and a reload
//! after every save, the diagnostics over the last good page while a file is broken, and nothing
//! outside the site, however the path is spelled. Every server runs on 127.0.0.1, on a port the
//! system picks, and is killed when its test ends, passed or failed.

mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a debug build of a fixture site on a busy machine; short enough to fail a hung test.
const PATIENCE: Duration = Duration::from_secs(30);

/// A running `claimtrack serve`, killed on drop.
struct Server {
    child: Child,
    port: u16,
    /// The address printed on starting.
    url: String,
    root: PathBuf,
    /// Where the server builds: the test sets the temporary folder so it can look inside.
    temp: PathBuf,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Starts serving `root` on a free port and waits until the first build is served.
    fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    /// [`Server::start`] with more arguments for `serve`.
    fn start_with(root: &Path, extra: &[&str]) -> Server {
        let temp = scratch("serve-tmp");
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
            .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .env("TMPDIR", &temp)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start claimtrack serve");
        let (tx, stdout) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let (err, sink) = (child.stderr.take().unwrap(), Arc::clone(&stderr));
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut server = Server { child, port: 0, url: String::new(), root: root.to_path_buf(), temp, stdout, stderr };
        let line = server.line_starting("serving on ");
        let rest = line.strip_prefix("serving on http://127.0.0.1:").unwrap_or_else(|| panic!("{line}"));
        server.port = rest.split('/').next().unwrap().parse().unwrap_or_else(|_| panic!("{line}"));
        server.url = line.trim_start_matches("serving on ").split(' ').next().unwrap().to_string();
        server
    }

    /// The next line on stdout that starts with `prefix`.
    fn line_starting(&self, prefix: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(_) => {}
                Err(_) => panic!("no line starting {prefix:?}; stderr:\n{}", self.stderr.lock().unwrap()),
            }
        }
    }

    fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    fn events(&self) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET /__claimtrack/events HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAccept: text/event-stream\r\n\r\n",
            self.port
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("read the event stream's head");
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        Events { reader }
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        write(&path, &text.replacen(from, to, 1));
    }
}

struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A minimal HTTP/1.1 GET that sends the path exactly as given (no normalising of `..`).
fn get(port: u16, path: &str) -> Reply {
    get_for(port, &format!("127.0.0.1:{port}"), path)
}

/// A GET whose `Host` header is `host`, as a browser sends it for the page's own name.
fn get_for(port: u16, host: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("{head}"));
    Reply { status, head: head.to_string(), body: body.to_string() }
}

/// An open reload channel, as the page's script holds it.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    /// The build number of the next `reload` event, or `None` if none comes within `wait`.
    fn next(&mut self, wait: Duration) -> Option<u64> {
        let deadline = Instant::now() + wait;
        let mut event = String::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
            let mut line = String::new();
            match self.reader.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.trim().to_string();
            } else if let Some(data) = line.strip_prefix("data: ")
                && event == "reload"
            {
                return data.trim().parse().ok();
            }
        }
    }

    /// Waits for the reload that follows a change, insisting it is a newer build than `seen`.
    fn reload_after(&mut self, seen: u64) -> u64 {
        let next = self.next(PATIENCE).expect("no reload event after the change");
        assert!(next > seen, "reload {next} is not newer than {seen}");
        next
    }
}

#[test]
fn the_site_is_served_under_its_base_path_with_the_right_content_types() {
    let root = fixture("basic");
    write(&root.join("static/app.js"), "console.log(1);\n");
    write(&root.join("static/mark.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n");
    write(&root.join("static/data.json"), "{}\n");
    let server = Server::start(&root);
    assert!(server.url.ends_with("/tracker/"), "the site is served under its base path: {}", server.url);

    let bare = server.get("/");
    assert_eq!(bare.status, 302);
    assert_eq!(bare.header("Location"), Some("/tracker/"));

    let home = server.get("/tracker/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("Content-Type"), Some("text/html; charset=utf-8"));
    assert!(home.body.contains("href=\"/tracker/topics/closure/\""), "links keep the base path");
    assert!(home.body.contains("new EventSource(\"/__claimtrack/events\")"), "the page listens for reloads");

    let topic = server.get("/tracker/topics/closure");
    assert_eq!((topic.status, topic.header("Location")), (302, Some("/tracker/topics/closure/")));
    for (path, kind) in [
        ("/tracker/static/style.css", "text/css; charset=utf-8"),
        ("/tracker/static/app.js", "text/javascript; charset=utf-8"),
        ("/tracker/static/mark.svg", "image/svg+xml"),
        ("/tracker/static/data.json", "application/json"),
    ] {
        let reply = server.get(path);
        assert_eq!((reply.status, reply.header("Content-Type")), (200, Some(kind)), "{path}");
    }

    let missing = server.get("/tracker/claims/no-such-claim/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("<h1>Page not found</h1>"), "the site's own 404 page: {}", missing.body);

    assert!(!root.join("public").exists(), "serve wrote into the published folder");
    let built: Vec<PathBuf> = walkdir::WalkDir::new(&server.temp)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    assert!(!built.is_empty(), "the build is in the temporary folder");
    for file in built {
        assert!(!std::fs::read_to_string(&file).unwrap().contains("__claimtrack"), "{} has the script", file.display());
    }
}

#[test]
fn a_draft_is_served_with_its_banner_and_left_out_with_no_drafts() {
    let root = fixture("basic");
    edit(&claim(&root, "ledger-cracks.md"), "status: unverified\n", "status: unverified\ndraft: true\n");
    let server = Server::start(&root);
    let page = server.get("/tracker/claims/ledger-cracks/");
    assert_eq!(page.status, 200);
    assert!(text(&page.body).contains("Draft: this page is not published"), "{}", page.body);
    assert!(!text(&server.get("/tracker/claims/ledger-closure/").body).contains("Draft:"), "only drafts say so");
    drop(server);

    let public = Server::start_with(&root, &["--no-drafts"]);
    assert_eq!(public.get("/tracker/claims/ledger-cracks/").status, 404);
    assert!(!public.get("/tracker/claims/").body.contains("ledger-cracks"), "the list leaves the draft out");
}

#[test]
fn a_saved_change_is_rebuilt_and_the_open_page_told_to_reload() {
    let server = Server::start(&fixture("basic"));
    let mut events = server.events();
    let shown = events.next(PATIENCE).expect("the current build on connecting");
    assert!(server.get("/tracker/topics/cracks/").body.contains("Cracked piers"));

    server.edit("content/topics/cracks.md", "title: Cracked piers", "title: Cracked pillars");
    events.reload_after(shown);
    let page = server.get("/tracker/topics/cracks/");
    assert!(page.body.contains("Cracked pillars"), "{}", page.body);
    assert!(!page.body.contains("Cracked piers"));
}

#[test]
fn builds_no_longer_served_are_deleted() {
    let server = Server::start(&fixture("basic"));
    let mut events = server.events();
    let mut shown = events.next(PATIENCE).unwrap();
    let work = std::fs::read_dir(&server.temp).unwrap().next().unwrap().unwrap().path();
    let sites = || -> Vec<String> {
        let names = std::fs::read_dir(&work).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned());
        names.filter(|n| n.starts_with("site-")).collect()
    };
    // An edit of the content is rebuilt over the build served: no new folder.
    for (from, to) in [("piers", "pillars"), ("pillars", "columns"), ("columns", "beams")] {
        server.edit("content/topics/cracks.md", &format!("title: Cracked {from}"), &format!("title: Cracked {to}"));
        shown = events.reload_after(shown);
    }
    assert!(server.get("/tracker/topics/cracks/").body.contains("Cracked beams"));
    assert_eq!(sites().len(), 1, "{:?}", sites());
    // A change of the static files is built whole, each time into a fresh folder.
    for round in 0..3 {
        write(&server.root.join("static/extra.css"), &format!("/* round {round} */\n"));
        shown = events.reload_after(shown);
    }
    assert_eq!(server.get("/tracker/static/extra.css").body, "/* round 2 */\n");
    assert!(server.get("/tracker/topics/cracks/").body.contains("Cracked beams"));
    // Four builds: the one served and the one before it stay; the older ones go.
    let deadline = Instant::now() + PATIENCE;
    while sites().len() > 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(sites().len(), 2, "{:?}", sites());
}

#[test]
fn five_files_saved_at_once_make_one_rebuild() {
    let server = Server::start(&fixture("basic"));
    let mut events = server.events();
    let shown = events.next(PATIENCE).unwrap();
    for name in ["closure", "cracks"] {
        server.edit(&format!("content/topics/{name}.md"), "---\n", "---\n\n");
    }
    for name in ["city-wire", "evening-post", "daily-ledger"] {
        server.edit(&format!("content/outlets/{name}.md"), "---\n", "---\n\n");
    }
    events.reload_after(shown);
    assert_eq!(events.next(Duration::from_millis(1500)), None, "a second rebuild for the same save");
    server.line_starting("built ");
    assert_eq!(server.stdout.try_iter().filter(|l| l.starts_with("built ")).count(), 0);
}

#[test]
fn a_broken_file_shows_its_diagnostics_over_the_last_good_page_until_it_is_fixed() {
    let server = Server::start(&fixture("basic"));
    let mut events = server.events();
    let shown = events.next(PATIENCE).unwrap();

    server.edit("content/claims/ledger-cracks.md", "stance: asserts", "stance: <maybe>");
    let shown = events.reload_after(shown);
    let page = server.get("/tracker/claims/ledger-cracks/");
    assert_eq!(page.status, 200, "the last good page is still served");
    assert!(page.body.contains("Engineers found cracks in two piers"), "{}", page.body);
    let overlay = page.body.split("<div id=\"claimtrack-overlay\"").nth(1).expect("an overlay on the page");
    assert!(
        overlay.contains(concat!(
            "content/claims/ledger-cracks.md:6:9: error: `stance` cannot be `&lt;maybe&gt;`\n",
            "  |\n",
            "6 | stance: &lt;maybe&gt;\n",
            "  |         ^^^^^^^\n",
            "  = help: use one of `asserts`, `hedges` or `disputes`\n\n",
            "error: 1 problem in 1 file\n"
        )),
        "{overlay}"
    );
    server.line_starting("the build failed");
    let terminal = server.stderr.lock().unwrap().clone();
    assert!(
        terminal.contains("content/claims/ledger-cracks.md:6:9: error: `stance` cannot be `<maybe>`"),
        "{terminal}"
    );

    server.edit("content/claims/ledger-cracks.md", "stance: <maybe>", "stance: hedges");
    events.reload_after(shown);
    let page = server.get("/tracker/claims/ledger-cracks/");
    assert!(!page.body.contains("claimtrack-overlay"), "the overlay outlived the fix");
    assert!(page.body.contains("Hedges"), "{}", page.body);
}

#[test]
fn a_site_broken_from_the_start_shows_its_diagnostics_until_it_builds() {
    let root = fixture("basic");
    write(&root.join("content/topics/cracks.md"), "---\ntitle: Cracked piers\n");
    let server = Server::start(&root);
    let mut events = server.events();
    let shown = events.next(PATIENCE).unwrap();
    let page = server.get("/");
    assert_eq!(page.status, 503, "there is no good build to show yet");
    assert!(page.body.contains("content/topics/cracks.md"), "{}", page.body);
    assert!(page.body.contains("claimtrack-overlay") && page.body.contains("EventSource"), "{}", page.body);

    write(&root.join("content/topics/cracks.md"), "---\ntitle: Cracked piers\nstatement: Piers are cracked.\n---\n");
    events.reload_after(shown);
    let page = server.get("/tracker/topics/cracks/");
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("claimtrack-overlay"));
}

#[test]
fn a_deleted_claims_page_is_gone_after_the_rebuild() {
    let server = Server::start(&fixture("basic"));
    let mut events = server.events();
    let shown = events.next(PATIENCE).unwrap();
    assert_eq!(server.get("/tracker/claims/ledger-cracks/").status, 200);

    std::fs::remove_file(server.root.join("content/claims/ledger-cracks.md")).unwrap();
    events.reload_after(shown);
    let gone = server.get("/tracker/claims/ledger-cracks/");
    assert_eq!(gone.status, 404);
    assert!(gone.body.contains("Page not found"));
    assert!(!server.get("/tracker/topics/cracks/").body.contains("Daily Ledger"));
}

#[test]
fn a_claim_added_while_serving_is_served_with_its_folder_redirect_and_listed() {
    let server = Server::start(&fixture("basic"));
    let mut events = server.events();
    let shown = events.next(PATIENCE).unwrap();
    assert_eq!(server.get("/tracker/claims/ledger-cracks-again/").status, 404);

    let text = std::fs::read_to_string(server.root.join("content/claims/ledger-cracks.md")).unwrap();
    let title = text.lines().find(|l| l.starts_with("title: ")).unwrap();
    let added = text.replacen(title, "title: The ledger repeats its cracks story", 1);
    write(&server.root.join("content/claims/ledger-cracks-again.md"), &added);
    events.reload_after(shown);
    let page = server.get("/tracker/claims/ledger-cracks-again/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The ledger repeats its cracks story"), "{}", page.body);
    assert!(page.body.contains("EventSource"), "the page has no reload script");
    let bare = server.get("/tracker/claims/ledger-cracks-again");
    assert_eq!(bare.status, 302);
    assert!(bare.header("Location") == Some("/tracker/claims/ledger-cracks-again/"), "{}", bare.head);
    assert!(server.get("/tracker/claims/").body.contains("The ledger repeats its cracks story"));
}

#[test]
fn paths_out_of_the_site_are_refused_however_they_are_spelled() {
    let root = fixture("basic");
    let server = Server::start(&root);
    for path in [
        "/../Cargo.toml",
        "/tracker/../../content/site.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/tracker/%2E%2E/%2E%2E/content/site.yaml",
        "/static/..%2f..%2fcontent/site.yaml",
        "/tracker/static/..%2f..%2fcontent/site.yaml",
        "/tracker/static/%2e%2e%5c%2e%2e%5ccontent%5csite.yaml",
    ] {
        let reply = server.get(path);
        assert!(matches!(reply.status, 403 | 404), "{path}: {}", reply.status);
        assert!(!reply.body.contains("Harbour Bridge Tracker\ndescription"), "{path} leaked site.yaml");
        assert!(!reply.body.contains("root:"), "{path} leaked /etc/passwd");
    }
}

#[test]
fn a_page_under_another_name_is_refused_so_a_rebinding_site_cannot_read_the_drafts() {
    let root = fixture("basic");
    let server = Server::start(&root);
    let port = server.port;
    for host in [format!("evil.example:{port}"), "evil.example".to_string(), format!("127.0.0.1:{}", port ^ 1)] {
        let reply = get_for(port, &host, "/tracker/");
        assert_eq!(reply.status, 421, "Host: {host}");
        assert!(reply.body.starts_with("misdirected: this server answers only for 127.0.0.1:"), "{}", reply.body);
        assert!(!reply.body.contains("Harbour"), "Host: {host} was shown the site");
        let events = get_for(port, &host, "/__claimtrack/events");
        assert_eq!(events.status, 421, "the reload channel, Host: {host}");
    }
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")] {
        let reply = get_for(port, &host, "/tracker/");
        assert_eq!(reply.status, 200, "Host: {host}");
    }
}

#[test]
fn the_overlay_writes_out_invisible_characters_in_what_it_quotes() {
    let root = fixture("basic");
    let claim = root.join("content/claims/ledger-cracks.md");
    let text = std::fs::read_to_string(&claim).unwrap();
    write(&claim, &text.replace("topic: cracks", "topic: cra\u{200B}cks\u{202E}"));
    let server = Server::start(&root);
    let page = server.get("/");
    assert_eq!(page.status, 503, "{}", page.body);
    assert!(page.body.contains("error: no topic `cra&lt;U+200B&gt;cks&lt;U+202E&gt;`"), "{}", page.body);
    assert!(!page.body.contains('\u{200B}') && !page.body.contains('\u{202E}'), "{}", page.body);
}

#[cfg(unix)]
#[test]
fn a_named_pipe_for_the_site_settings_is_shown_as_the_problem_not_waited_on() {
    let root = fixture("basic");
    let site = root.join("content/site.yaml");
    std::fs::remove_file(&site).unwrap();
    assert!(Command::new("mkfifo").arg(&site).status().unwrap().success());
    let server = Server::start(&root);
    let reply = server.get("/");
    assert_eq!(reply.status, 503, "{}", reply.body);
    assert!(
        reply.body.contains(
            "content/site.yaml: error: cannot read the site settings: it is a named pipe (FIFO), not a regular file"
        ),
        "{}",
        reply.body
    );
}

#[cfg(unix)]
#[test]
fn stopped_by_sigterm_or_sighup_the_server_exits_cleanly_and_removes_its_build_folder() {
    for signal in ["TERM", "HUP"] {
        let root = fixture("basic");
        let mut server = Server::start(&root);
        let builds =
            || -> Vec<PathBuf> { std::fs::read_dir(&server.temp).unwrap().map(|e| e.unwrap().path()).collect() };
        assert_eq!(builds().len(), 1, "one build folder while serving");
        let killed = Command::new("kill").args([format!("-{signal}"), server.child.id().to_string()]).status();
        assert!(killed.unwrap().success());
        let deadline = Instant::now() + PATIENCE;
        let status = loop {
            if let Some(status) = server.child.try_wait().unwrap() {
                break status;
            }
            assert!(Instant::now() < deadline, "SIG{signal}: still running");
            std::thread::sleep(Duration::from_millis(50));
        };
        assert!(status.success(), "SIG{signal}: {status}");
        assert_eq!(builds(), Vec::<PathBuf>::new(), "SIG{signal} left the build folder");
    }
}

/// The figures in docs/serve.md: from saving a claim to the reload event reaching an open page,
/// median and longest of ten saves, on the shipped content, or on the site in
/// `CLAIMTRACK_SCALE_SITE` (a `bench/gen.py` corpus). Run it on a release build:
/// `cargo test --release --test serve -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a check; run on a release build"]
fn measure_save_to_reload_latency_on_the_shipped_content() {
    let root = scratch("shipped");
    let site = std::env::var_os("CLAIMTRACK_SCALE_SITE")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    for folder in ["content", "templates", "static"] {
        let from = site.join(folder);
        if from.is_dir() {
            copy_tree(&from, &root.join(folder));
        }
    }
    let server = Server::start(&root);
    let mut events = server.events();
    let mut seen = events.next(PATIENCE).unwrap();
    let claim = walkdir::WalkDir::new(root.join("content/claims"))
        .into_iter()
        .filter_map(Result::ok)
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .unwrap()
        .into_path();
    let original = std::fs::read_to_string(&claim).unwrap();
    let mut times = Vec::new();
    for round in 0..10 {
        std::thread::sleep(Duration::from_millis(500));
        let saved = Instant::now();
        write(&claim, &format!("{original}\nEdit {round}.\n"));
        seen = events.reload_after(seen);
        times.push(saved.elapsed());
    }
    times.sort();
    let ms: Vec<u128> = times.iter().map(|t| t.as_millis()).collect();
    let (median, longest) = (ms[ms.len() / 2], ms[ms.len() - 1]);
    println!("save to reload on {} claims, ms: {ms:?}; median {median}, longest {longest}", count_claims(&root));
}

fn count_claims(root: &Path) -> usize {
    walkdir::WalkDir::new(root.join("content/claims"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count()
}
