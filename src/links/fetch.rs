//! Asking each page whether it is still there: a bounded pool of threads, one request at a time
//! per host with a pause between them, a timeout on connecting and on the whole request, one
//! retry, and redirects followed here rather than by the HTTP client.
//!
//! ureq (with rustls) makes each request; the redirects are followed by hand because the client
//! only reports where a chain ended, and an editor needs to know what happened on the way: a
//! permanent redirect (301, 308) means the link should be updated, and a chain that comes back to
//! an address it already visited is a loop, reported as such rather than as "too many redirects".
//! A `HEAD` is tried first; a server that refuses it (405, 403, 501) is asked again with `GET`,
//! whose body is never read.

use super::Outcome;
use std::collections::{BTreeMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;
use ureq::Agent;

/// How the pages are asked.
#[derive(Debug, Clone)]
pub struct Fetching {
    /// How many hosts are asked at once.
    pub threads: usize,
    /// How long connecting may take.
    pub connect_timeout: Duration,
    /// How long one request may take in all, connecting included.
    pub timeout: Duration,
    /// The pause between two requests to the same host.
    pub pause: Duration,
    /// The pause before the one retry of a request that failed for a reason that may pass.
    pub retry_pause: Duration,
}

impl Default for Fetching {
    fn default() -> Self {
        Fetching {
            threads: 8,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(10),
            pause: Duration::from_millis(250),
            retry_pause: Duration::from_secs(1),
        }
    }
}

/// How many redirects are followed before giving up.
const MAX_REDIRECTS: usize = 10;

/// The outcome for each of `urls`, asked at most [`Fetching::threads`] hosts at a time and each
/// host one request at a time.
pub fn fetch_all(urls: &[String], how: &Fetching) -> Vec<(String, Outcome)> {
    let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for url in urls {
        by_host.entry(host(url)).or_default().push(url.clone());
    }
    let agent: Agent = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_connect(Some(how.connect_timeout))
        .timeout_global(Some(how.timeout))
        .user_agent(concat!("claimtrack/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let queue = Mutex::new(by_host.into_values().collect::<Vec<_>>());
    let results = Mutex::new(Vec::with_capacity(urls.len()));
    let threads = how.threads.clamp(1, urls.len().max(1));
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                while let Some(group) = queue.lock().map(|mut q| q.pop()).ok().flatten() {
                    for (i, url) in group.iter().enumerate() {
                        if i > 0 {
                            std::thread::sleep(how.pause);
                        }
                        let outcome = probe(&agent, url, how);
                        if let Ok(mut r) = results.lock() {
                            r.push((url.clone(), outcome));
                        }
                    }
                }
            });
        }
    });
    results.into_inner().unwrap_or_default()
}

/// The host (and port) of `url`, lowercased: what politeness is counted by.
pub fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(|h| format!("{h}:{}", u.port_or_known_default().unwrap_or(0))))
        .unwrap_or_else(|| url.to_ascii_lowercase())
}

/// One page's outcome, retried once when the failure may pass (no answer, a server error).
fn probe(agent: &Agent, url: &str, how: &Fetching) -> Outcome {
    match follow(agent, url, how.timeout) {
        Err(first) if first.may_pass => {
            std::thread::sleep(how.retry_pause);
            follow(agent, url, how.timeout).unwrap_or_else(|e| Outcome::Dead { why: e.why })
        }
        Err(e) => Outcome::Dead { why: e.why },
        Ok(outcome) => outcome,
    }
}

/// Why a page could not be reached, and whether asking again may help.
struct Failure {
    why: String,
    may_pass: bool,
}

/// Follows `url` through its redirects to an answer; `limit` is how long one request may take.
fn follow(agent: &Agent, url: &str, limit: Duration) -> Result<Outcome, Failure> {
    let mut current = url.to_string();
    let mut visited = vec![current.clone()];
    let mut seen: HashSet<String> = HashSet::from([current.clone()]);
    let mut moved_to = None;
    for _ in 0..=MAX_REDIRECTS {
        let (status, location) = ask(agent, &current, limit)?;
        match status {
            200..=299 => return Ok(moved_to.map_or(Outcome::Live, |to| Outcome::Moved { to })),
            301 | 302 | 303 | 307 | 308 if location.is_some() => {
                let next = join(&current, location.as_deref().unwrap_or_default());
                if matches!(status, 301 | 308) {
                    moved_to = Some(next.clone());
                }
                visited.push(next.clone());
                if !seen.insert(next.clone()) {
                    let chain: Vec<String> = visited.iter().map(|u| format!("`{u}`")).collect();
                    let why = format!("it redirects in a loop: {}", chain.join(" → "));
                    return Err(Failure { why, may_pass: false });
                }
                current = next;
            }
            429 => return Ok(Outcome::Unchecked { why: format!("the server answered {}", status_text(status)) }),
            _ => {
                let why = match &moved_to {
                    Some(to) if *to == current => {
                        format!("it moved permanently to `{to}`, which answers {}", status_text(status))
                    }
                    _ if current != url => {
                        format!("it redirects to `{current}`, which answers {}", status_text(status))
                    }
                    _ => format!("the server answered {}", status_text(status)),
                };
                return Err(Failure { why, may_pass: status >= 500 });
            }
        }
    }
    Err(Failure { why: format!("it redirects more than {MAX_REDIRECTS} times"), may_pass: false })
}

/// One request: `HEAD`, or `GET` when the server refuses `HEAD`. The status and `Location`.
fn ask(agent: &Agent, url: &str, limit: Duration) -> Result<(u16, Option<String>), Failure> {
    let failure = |e| failure(e, limit, url);
    let answer = |r: ureq::http::Response<ureq::Body>| {
        let location = r.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_string);
        (r.status().as_u16(), location)
    };
    let (status, location) = agent.head(url).call().map(answer).map_err(failure)?;
    if matches!(status, 403 | 405 | 501) {
        return agent.get(url).call().map(answer).map_err(failure);
    }
    Ok((status, location))
}

/// A redirect's `Location`, which may be relative, as an absolute address.
fn join(base: &str, location: &str) -> String {
    url::Url::parse(base).and_then(|b| b.join(location)).map(String::from).unwrap_or_else(|_| location.to_string())
}

/// Why asking `url` failed, in an editor's words.
fn failure(e: ureq::Error, limit: Duration, url: &str) -> Failure {
    use ureq::Error as E;
    let late = format!("no answer within {} s", limit.as_secs_f64());
    let (why, may_pass) = match &e {
        E::Timeout(_) => (late, true),
        E::HostNotFound => ("the host was not found".to_string(), true),
        // The resolver's failure reaches ureq as a plain I/O error; asking the resolver again
        // tells it from a connection that broke.
        E::Io(_) if !resolves(url) => ("the host was not found".to_string(), true),
        E::ConnectionFailed => ("the connection failed".to_string(), true),
        E::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => (late, true),
        E::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => ("the connection was refused".into(), true),
        E::Io(io) => (format!("the connection failed: {io}"), true),
        E::Tls(why) => (format!("the secure connection failed: {why}"), false),
        E::BadUri(why) => (format!("the address is not usable: {why}"), false),
        other => (format!("the request failed: {other}"), true),
    };
    Failure { why, may_pass }
}

/// Whether the host of `url` has an address.
fn resolves(url: &str) -> bool {
    use std::net::ToSocketAddrs;
    let Ok(u) = url::Url::parse(url) else { return false };
    match (u.host_str(), u.port_or_known_default()) {
        (Some(host), Some(port)) => (host.trim_start_matches('[').trim_end_matches(']'), port)
            .to_socket_addrs()
            .is_ok_and(|mut a| a.next().is_some()),
        _ => false,
    }
}

/// "404 Not Found".
fn status_text(status: u16) -> String {
    match ureq::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()) {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_location_is_read_against_the_address_it_came_from() {
        assert_eq!(join("https://a.example/x/y?q=1", "/z"), "https://a.example/z");
        assert_eq!(join("https://a.example/x/y", "w"), "https://a.example/x/w");
        assert_eq!(join("https://a.example/x", "https://b.example/"), "https://b.example/");
    }

    #[test]
    fn politeness_is_counted_by_host_and_port() {
        assert_eq!(host("https://WWW.Dawn.com/news/1"), "www.dawn.com:443");
        assert_eq!(host("http://127.0.0.1:8080/a"), "127.0.0.1:8080");
        assert_eq!(host("http://dawn.com/a"), "dawn.com:80");
    }
}
