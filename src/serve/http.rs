//! HTTP: answer one request from the last good build, and keep the reload channel open.
//!
//! Every request runs on its own thread, so an open event stream never holds up a page. Pages are
//! read from the build current when the request arrives ([`Live::snapshot`]); HTML responses get the
//! reload script, and the error overlay while the latest change does not build. Both are added
//! here, on the way out: built files never contain them. Which file a path names is decided in
//! [`super::files`]; which hosts are answered at all, in [`super::host`].

use super::files::{self, Overlaid, Target};
use super::host;
use super::{EVENTS, Live, Snapshot};
use crate::render::escape_html;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response};

/// How often an idle event stream sends a comment, so that closed tabs are noticed and dropped.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub fn handle(request: Request, live: &Live, served: SocketAddr) {
    let mut hosts = request.headers().iter().filter(|h| h.field.equiv("Host")).map(|h| h.value.as_str());
    let host = hosts.next().filter(|_| hosts.next().is_none());
    if !host::is_ours(host, served) {
        // The name asked for is not repeated: it is the requester's text, not ours.
        return respond(request, text(421, &format!("misdirected: this server answers only for {served}\n")));
    }
    if !matches!(request.method(), Method::Get | Method::Head) {
        return respond(request, text(405, "only GET and HEAD are served\n"));
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == EVENTS {
        return events(request, live);
    }
    let snapshot = live.snapshot();
    let Some(output) = snapshot.output.as_deref() else {
        let page = format!("<!doctype html><title>claimtrack</title><body>{}</body>", additions(&snapshot));
        return respond(request, html(503, page));
    };
    let response = match files::in_overlay(&snapshot.overlay, &snapshot.base, path) {
        Some(Overlaid::File(file, bytes)) => bytes_response(&file, &bytes, 200, &snapshot),
        Some(Overlaid::Removed) => not_found(output, &snapshot),
        Some(Overlaid::Redirect(to)) => redirect(&to),
        None => match files::locate(output, &snapshot.base, path) {
            Target::File(file) => file_response(&file, 200, &snapshot),
            Target::Redirect(to) => redirect(&to),
            Target::Forbidden => text(403, "forbidden: the path leaves the site\n"),
            Target::NotFound => not_found(output, &snapshot),
        },
    };
    respond(request, response);
}

/// Any response: pages are built in memory, other files streamed from the disk.
type Answer = tiny_http::ResponseBox;

fn respond(request: Request, response: Answer) {
    // A client that went away mid-answer is no concern of the server's.
    let _ = request.respond(response);
}

/// A file with its content type; HTML gets the dev additions before `</body>`. Other files (a
/// site's static video or PDF may be large) are streamed, never read whole into memory.
fn file_response(file: &std::path::Path, status: u16, snapshot: &Snapshot) -> Answer {
    let kind = files::content_type(file);
    let read = if kind.starts_with("text/html") {
        std::fs::read(file).map(|bytes| page(&bytes, status, snapshot))
    } else {
        std::fs::File::open(file).map(|f| with_type(Response::from_file(f).with_status_code(status).boxed(), kind))
    };
    match read {
        Ok(answer) => answer,
        Err(_) if status == 404 => text(404, "not found\n"),
        Err(e) => text(500, &format!("cannot read {}: {e}\n", file.display())),
    }
}

/// The site's 404 page, from the overlay if the last rebuild changed it.
fn not_found(output: &std::path::Path, snapshot: &Snapshot) -> Answer {
    match snapshot.overlay.get(std::path::Path::new("404.html")) {
        Some(Some(bytes)) => bytes_response(std::path::Path::new("404.html"), bytes, 404, snapshot),
        _ => file_response(&output.join("404.html"), 404, snapshot),
    }
}

/// A file of the overlay, answered from memory as [`file_response`] answers one from the disk.
fn bytes_response(file: &std::path::Path, bytes: &[u8], status: u16, snapshot: &Snapshot) -> Answer {
    let kind = files::content_type(file);
    if kind.starts_with("text/html") {
        return page(bytes, status, snapshot);
    }
    with_type(Response::from_data(bytes.to_vec()).with_status_code(status).boxed(), kind)
}

/// A built page with the dev additions before its `</body>`.
fn page(bytes: &[u8], status: u16, snapshot: &Snapshot) -> Answer {
    let mut page = String::from_utf8_lossy(bytes).into_owned();
    let at = page.rfind("</body>").unwrap_or(page.len());
    page.insert_str(at, &additions(snapshot));
    html(status, page)
}

/// The reload script, plus the overlay when the latest change failed to build.
fn additions(snapshot: &Snapshot) -> String {
    let mut out = String::new();
    if let Some(problem) = &snapshot.problem {
        out.push_str(&format!(
            concat!(
                "<div id=\"claimtrack-overlay\" role=\"alert\" style=\"position:fixed;inset:0;z-index:2147483647;",
                "overflow:auto;margin:0;padding:1.5rem 2rem;background:#18181b;color:#fafafa;",
                "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace\">",
                "<p style=\"margin:0 0 1rem;color:#fca5a5;font-weight:bold\">The last change does not build. ",
                "Underneath is the last good build; fix the file and this page reloads by itself.</p>",
                "<pre style=\"margin:0;white-space:pre-wrap\">{}</pre>",
                "<button type=\"button\" onclick=\"this.parentNode.remove()\" ",
                "style=\"margin-top:1rem;font:inherit\">Hide</button></div>\n"
            ),
            escape_html(problem)
        ));
    }
    // The page knows which build it shows; the stream announces each new one, and also the current
    // one on (re)connecting, so a rebuild that finished while the page loaded is not missed.
    out.push_str(&format!(
        concat!(
            "<script>(function () {{ var shown = \"{}\"; var events = new EventSource(\"{}\");",
            " events.addEventListener(\"reload\", function (e) {{ if (e.data !== shown) location.reload(); }});",
            " }})();</script>\n"
        ),
        snapshot.generation, EVENTS
    ));
    out
}

/// The server-sent event stream: `event: reload` with the build number, now and after every build.
fn events(request: Request, live: &Live) {
    let (tx, rx) = mpsc::channel();
    live.listen(tx);
    let generation = live.snapshot().generation;
    let mut out = request.into_writer();
    let head =
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n";
    let mut send = |chunk: String| out.write_all(chunk.as_bytes()).and_then(|_| out.flush()).is_ok();
    if !send(format!("{head}retry: 500\nevent: reload\ndata: {generation}\n\n")) {
        return;
    }
    loop {
        let chunk = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(generation) => format!("event: reload\ndata: {generation}\n\n"),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if !send(chunk) {
            return;
        }
    }
}

fn html(status: u16, page: String) -> Answer {
    with_type(Response::from_data(page.into_bytes()).with_status_code(status).boxed(), "text/html; charset=utf-8")
}

fn text(status: u16, body: &str) -> Answer {
    let response = Response::from_data(body.as_bytes().to_vec()).with_status_code(status).boxed();
    with_type(response, "text/plain; charset=utf-8")
}

fn redirect(to: &str) -> Answer {
    let response = text(302, &format!("see {to}\n"));
    match Header::from_bytes("Location", to) {
        Ok(h) => response.with_header(h),
        Err(()) => text(404, "not found\n"),
    }
}

/// Adds the content type, and forbids caching: after a rebuild the browser must fetch again.
fn with_type(response: Answer, kind: &str) -> Answer {
    let mut response = response;
    for (name, value) in [("Content-Type", kind), ("Cache-Control", "no-store")] {
        if let Ok(h) = Header::from_bytes(name, value) {
            response = response.with_header(h);
        }
    }
    response
}
