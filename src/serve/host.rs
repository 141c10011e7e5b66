//! Host: which `Host` headers the dev server answers.
//!
//! A web page the editor visits can point its own name at 127.0.0.1 (DNS rebinding) and then read
//! the unpublished site through `serve`, since to the browser it is the page's own origin. The
//! browser still sends the page's name in `Host`, so requests are answered only when `Host` names
//! this server: `localhost`, a loopback address, or the address given to `--bind`, always with the
//! port served. When serving on every address (`--bind 0.0.0.0` or `::`), any address written as
//! numbers is accepted too: a rebinding page can only send a name, never an address.

use std::net::{IpAddr, SocketAddr};

/// Whether a request whose `Host` header is `host` (`None`: no header) is for the server at `served`.
pub fn is_ours(host: Option<&str>, served: SocketAddr) -> bool {
    let Some((name, port)) = host.map(str::trim).and_then(split_port) else {
        return false;
    };
    // A browser leaves the port out only when it is the scheme's default.
    if port.unwrap_or(80) != served.port() {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    ip.is_loopback() || ip == served.ip() || served.ip().is_unspecified()
}

/// Splits `name:port` (`[v6]:port` for IPv6) into the name, without brackets, and the port.
fn split_port(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => {
            let (name, after) = rest.split_once(']')?;
            (name, after.strip_prefix(':'))
        }
        None if host.matches(':').count() > 1 => return None,
        None => match host.split_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        },
    };
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    (!name.is_empty()).then_some((name, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(addr: &str) -> SocketAddr {
        addr.parse().unwrap()
    }

    #[test]
    fn the_served_names_with_the_served_port_are_answered() {
        let served = at("127.0.0.1:4000");
        for host in ["127.0.0.1:4000", "localhost:4000", "LOCALHOST:4000", "[::1]:4000", "127.0.0.2:4000"] {
            assert!(is_ours(Some(host), served), "{host}");
        }
        let lan = at("192.168.1.5:4000");
        assert!(is_ours(Some("192.168.1.5:4000"), lan));
        assert!(is_ours(Some("10.0.0.7:4000"), at("0.0.0.0:4000")), "any address when bound to all");
        assert!(is_ours(Some("localhost"), at("127.0.0.1:80")), "the default port may be left out");
    }

    #[test]
    fn other_names_ports_and_malformed_hosts_are_refused() {
        let served = at("127.0.0.1:4000");
        for host in [
            "evil.example:4000",
            "evil.example",
            "localhost.evil.example:4000",
            "127.0.0.1:4001",
            "127.0.0.1",
            "10.0.0.7:4000",
            "[::1:4000",
            "::1:4000",
            "127.0.0.1:40000000",
            ":4000",
            "",
        ] {
            assert!(!is_ours(Some(host), served), "{host}");
        }
        assert!(!is_ours(None, served), "no Host header");
        assert!(!is_ours(Some("evil.example:4000"), at("0.0.0.0:4000")), "a name, even when bound to all");
    }
}
