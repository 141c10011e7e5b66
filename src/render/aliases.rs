//! Alias pages: each earlier slug of a claim, topic, outlet or source keeps its old address as a
//! small page that sends the reader on. GitHub Pages has no server redirects, so the page does it
//! with a `meta refresh`, names the new address as canonical (search engines then move the old
//! link's standing to it), and shows a plain link for readers whose browser does not follow the
//! refresh. The pages are made here, not from a template: there is nothing on them to restyle, and
//! the sitemap, made from the site's real pages, leaves them out.

use super::Output;
use super::escape_html;
use super::routes::Routes;
use crate::model::Site;

/// One alias: the route it keeps, the route it sends readers to, and the title found there.
pub struct Alias<'a> {
    pub route: String,
    pub target: String,
    pub title: &'a str,
}

/// Every alias of the site, kind by kind.
pub fn all(site: &Site) -> Vec<Alias<'_>> {
    let mut out = Vec::new();
    for o in &site.outlets {
        push(&mut out, &o.aliases, Routes::outlet, &o.slug, &o.name);
    }
    for s in &site.sources {
        push(&mut out, &s.aliases, Routes::source, &s.slug, &s.headline);
    }
    for t in &site.topics {
        push(&mut out, &t.aliases, Routes::topic, &t.slug, &t.title);
    }
    for c in &site.claims {
        push(&mut out, &c.aliases, Routes::claim, &c.slug, &c.title);
    }
    out
}

fn push<'a>(out: &mut Vec<Alias<'a>>, aliases: &[String], route: fn(&str) -> String, slug: &str, title: &'a str) {
    out.extend(aliases.iter().map(|a| Alias { route: route(a), target: route(slug), title }));
}

/// Writes every alias page; returns how many there are.
pub fn write(site: &Site, routes: &Routes, out: &impl Output) -> std::io::Result<usize> {
    let aliases = all(site);
    for alias in &aliases {
        out.put(&Routes::file(&alias.route), page(site, routes, alias).as_bytes())?;
    }
    Ok(aliases.len())
}

/// The redirecting page of one alias.
fn page(site: &Site, routes: &Routes, alias: &Alias) -> String {
    let link = escape_html(&routes.link(&alias.target));
    // Only a whole URL may be canonical; a local build (a `base_url` that is a path) names none.
    let canonical = if routes.has_host() {
        format!("<link rel=\"canonical\" href=\"{}\">\n", escape_html(&routes.absolute(&alias.target)))
    } else {
        String::new()
    };
    let title = escape_html(alias.title);
    let language = escape_html(&site.config.language);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>Moved: {title}</title>\n{canonical}\
         <meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={link}\">\n\
         </head>\n<body>\n<p>This page has moved: <a href=\"{link}\">{title}</a>.</p>\n</body>\n</html>\n"
    )
}
