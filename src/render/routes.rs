//! Routes: the one place that makes URLs and output paths.
//!
//! A page's route is its path relative to the site (`topics/passport-line/`); its link is that route
//! under the path part of `base_url` (`/claimtrack/topics/passport-line/` on a GitHub Pages project
//! site); its file is the route plus `index.html` under the output folder. Slugs have been checked
//! by `resolve` (lowercase letters, digits, `-`), so a route can never leave the output folder.

use crate::model::Status;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Routes {
    /// The path part of `base_url`, starting and ending with `/`.
    base: String,
    /// `base_url` without its trailing slash, for absolute URLs (feeds, canonical links).
    origin: String,
}

impl Routes {
    pub fn new(base_url: &str) -> Routes {
        let (origin, path) = match base_url.split_once("://") {
            Some((scheme, rest)) => {
                let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                (format!("{scheme}://{host}"), path.to_string())
            }
            None => (String::new(), base_url.to_string()),
        };
        let trimmed = path.trim_matches('/');
        let base = if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") };
        Routes { origin: format!("{origin}{}", base.trim_end_matches('/')), base }
    }

    /// The link to a route, under the base path.
    pub fn link(&self, route: &str) -> String {
        format!("{}{}", self.base, route)
    }

    /// Whether `base_url` has a host, so that [`Routes::absolute`] makes a whole URL.
    pub fn has_host(&self) -> bool {
        self.origin.contains("://")
    }

    /// The absolute URL of a route, when `base_url` has a host.
    pub fn absolute(&self, route: &str) -> String {
        format!("{}/{}", self.origin, route)
    }

    /// The file a route is written to, relative to the output folder.
    pub fn file(route: &str) -> PathBuf {
        if route.is_empty() || route.ends_with('/') {
            PathBuf::from(format!("{route}index.html"))
        } else {
            PathBuf::from(route)
        }
    }

    pub fn home() -> String {
        String::new()
    }
    pub fn topic(slug: &str) -> String {
        format!("topics/{slug}/")
    }
    pub fn topics() -> String {
        "topics/".into()
    }
    pub fn claim(slug: &str) -> String {
        format!("claims/{slug}/")
    }
    pub fn claims() -> String {
        "claims/".into()
    }
    pub fn outlet(slug: &str) -> String {
        format!("outlets/{slug}/")
    }
    pub fn outlets() -> String {
        "outlets/".into()
    }
    pub fn source(slug: &str) -> String {
        format!("sources/{slug}/")
    }
    pub fn status(status: Status) -> String {
        format!("status/{}/", status.as_str())
    }
    pub fn timeline() -> String {
        "timeline/".into()
    }
    pub fn changes() -> String {
        "changes/".into()
    }
    pub fn corrections() -> String {
        "corrections/".into()
    }
    pub fn not_found() -> String {
        "404.html".into()
    }
    /// Page `n` (counted from 1) of the list at `route`: the first page is the list's own address,
    /// the next ones are under it, `claims/page/2/`, as Zola and Hugo name them.
    pub fn part(route: &str, n: usize) -> String {
        if n <= 1 { route.to_string() } else { format!("{route}page/{n}/") }
    }
    pub fn about() -> String {
        "about/".into()
    }
    pub fn atom() -> String {
        "atom.xml".into()
    }
    /// The feed of one topic's claims, beside its page.
    pub fn topic_atom(slug: &str) -> String {
        format!("topics/{slug}/atom.xml")
    }
    pub fn sitemap() -> String {
        "sitemap.xml".into()
    }
    /// The `n`th file of a sitemap too large for one (counted from 1).
    pub fn sitemap_part(n: usize) -> String {
        format!("sitemap-{n}.xml")
    }
    pub fn robots() -> String {
        "robots.txt".into()
    }
    pub fn claims_json() -> String {
        "claims.json".into()
    }
    /// The `n`th part (from 1) of a topic's claims as data: `data/topics/<slug>.json`, then
    /// `<slug>.2.json` and on (a slug has no `.`, so no topic's name meets another's part).
    pub fn data_topic(slug: &str, n: usize) -> String {
        if n == 1 { format!("data/topics/{slug}.json") } else { format!("data/topics/{slug}.{n}.json") }
    }
    /// The `n`th part (from 1) of the sources as data.
    pub fn data_sources(n: usize) -> String {
        if n == 1 { "data/sources.json".into() } else { format!("data/sources.{n}.json") }
    }
    pub fn claims_schema() -> String {
        "claims.schema.json".into()
    }

    /// The host of `base_url` (`example.org`, `127.0.0.1:8080`), when it has one: without it no
    /// absolute URL can be made, and feeds fall back to path-only links.
    pub fn host(&self) -> Option<&str> {
        let rest = self.origin.split_once("://")?.1;
        let host = rest.split('/').next().unwrap_or(rest);
        (!host.is_empty()).then_some(host)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_site_keeps_its_sub_path() {
        let r = Routes::new("https://example.github.io/claimtrack");
        assert_eq!(r.link(&Routes::topic("passport-line")), "/claimtrack/topics/passport-line/");
        assert_eq!(r.absolute(&Routes::home()), "https://example.github.io/claimtrack/");
        assert_eq!(r.absolute(&Routes::atom()), "https://example.github.io/claimtrack/atom.xml");
        assert_eq!(r.host(), Some("example.github.io"));
    }

    #[test]
    fn a_path_only_base_has_no_host() {
        let r = Routes::new("/");
        assert_eq!(r.host(), None);
        assert_eq!(r.absolute(&Routes::about()), "/about/");
    }

    #[test]
    fn a_root_site_links_from_slash() {
        let r = Routes::new("https://claims.example.org/");
        assert_eq!(r.link(&Routes::claim("a")), "/claims/a/");
        assert_eq!(Routes::file(&Routes::claim("a")), PathBuf::from("claims/a/index.html"));
        assert_eq!(Routes::file(&Routes::not_found()), PathBuf::from("404.html"));
        assert_eq!(Routes::part(&Routes::claims(), 1), "claims/");
        assert_eq!(Routes::part(&Routes::claims(), 2), "claims/page/2/");
        assert_eq!(Routes::file(&Routes::part(&Routes::outlet("a"), 3)), PathBuf::from("outlets/a/page/3/index.html"));
    }
}
