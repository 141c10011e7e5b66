//! Render: turn the resolved [`Site`] into HTML pages through Tera templates, in parallel.
//!
//! Markdown is rendered once per document (in [`views`]; a claim's analysis with its own page, the
//! only one to show it); each page is then a pure function of the shared views, run with rayon,
//! and rendered straight into its file through a small buffer, so no page is ever held whole in
//! memory; `claims.json` is streamed to its file too. Templates come from the site's `templates/`
//! folder, with the built-in defaults filling in any file the site does not override.

pub mod aliases;
mod badges;
mod charts;
mod data;
mod echoes;
mod extras;
mod feeds;
mod graph;
pub mod jsonld;
pub mod markdown;
pub mod memo;
mod pages;
mod paging;
pub mod routes;
mod sample;
mod search;
mod templates;
mod versions;
mod views;

use crate::model::Site;
use pages::{Page, Pages};
use rayon::prelude::*;
use routes::Routes;
use std::path::Path;
pub use templates::{Templates, templates};

/// Built-in static files, overridable from `<root>/static/`.
pub const DEFAULT_STATIC: &[(&str, &str)] = &[
    ("style.css", include_str!("../../static/style.css")),
    ("filter.js", include_str!("../../static/filter.js")),
    ("favicon.svg", include_str!("../../static/favicon.svg")),
];

/// What a render is done with but has not freed: every claim's view and rendered rows. Freeing
/// them is a twentieth of a rebuild in `serve`, which lets them go after it has sent the reload.
pub struct Leftovers(#[allow(dead_code, reason = "held only to be freed")] Box<dyn Send>);

/// A template that does not render: the site's own source is wrong (exit status 1).
#[derive(Debug)]
pub struct TemplateError {
    /// The template asked for (a page's, or a partial's).
    pub template: String,
    /// The page being rendered, as its route (`claims/x/`), if it was a page.
    pub page: Option<String>,
    /// Tera's report: what went wrong, where (`--> claim.html:3:7`), and the templates it was
    /// called from.
    pub message: String,
}

impl TemplateError {
    fn new(template: &str, page: Option<&str>, e: &tera::Error) -> TemplateError {
        TemplateError { template: template.to_owned(), page: page.map(str::to_owned), message: error_chain(e) }
    }
}

/// Escapes what HTML needs escaped in text and quoted attributes, for the pages the dev server
/// writes itself (templates are escaped by Tera).
pub fn escape_html(input: &str) -> String {
    const HTML: Replacements =
        Replacements::new(&[(b'&', "&amp;"), (b'<', "&lt;"), (b'>', "&gt;"), (b'"', "&quot;"), (b'\'', "&#x27;")]);
    replace_bytes(input, &HTML)
}

/// Which ASCII bytes [`replace_bytes`] replaces, and with what: a table indexed by byte, made at
/// compile time, so that finding the next byte to replace is one load per byte.
pub(crate) struct Replacements([Option<&'static str>; 256]);

impl Replacements {
    pub(crate) const fn new(pairs: &[(u8, &'static str)]) -> Replacements {
        let mut table = [None; 256];
        let mut i = 0;
        while i < pairs.len() {
            // Only ASCII bytes: replace_bytes relies on them to cut the text at character boundaries.
            assert!(pairs[i].0.is_ascii(), "only ASCII bytes can be replaced");
            table[pairs[i].0 as usize] = Some(pairs[i].1);
            i += 1;
        }
        Replacements(table)
    }
}

/// Copies `input`, replacing each byte that `with` has an entry for. Text with nothing to replace,
/// which is most of it, is copied in one go; so are the runs between replaced bytes. This runs on
/// every value a template prints, so it is kept cheap.
pub(crate) fn replace_bytes(input: &str, with: &Replacements) -> String {
    let bytes = input.as_bytes();
    let Some(first) = bytes.iter().position(|b| with.0[*b as usize].is_some()) else {
        return input.to_owned();
    };
    let mut out = String::with_capacity(input.len() + input.len() / 8 + 8);
    out.push_str(&input[..first]);
    let mut start = first;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        if let Some(replacement) = with.0[*b as usize] {
            // Every byte in the table is ASCII, so `i` is on a character boundary.
            out.push_str(&input[start..i]);
            out.push_str(replacement);
            start = i + 1;
        }
    }
    out.push_str(&input[start..]);
    out
}

/// Where rendered files go, by path relative to the output folder ([`crate::write::Staging`]).
pub trait Output: Sync {
    type File: std::io::Write;
    /// Writes one whole file.
    fn put(&self, path: &Path, bytes: &[u8]) -> std::io::Result<()>;
    /// Opens a file to be written piece by piece, for one too large to hold at once.
    fn create(&self, path: &Path) -> std::io::Result<Self::File>;
}

/// An output that keeps nothing: for rendering only to see that it can be done.
struct Discard;

impl Output for Discard {
    type File = std::io::Sink;

    fn put(&self, _: &Path, _: &[u8]) -> std::io::Result<()> {
        Ok(())
    }

    fn create(&self, _: &Path) -> std::io::Result<std::io::Sink> {
        Ok(std::io::sink())
    }
}

/// Renders every page and feed of a sample of `site` ([`sample`]) and keeps nothing: how `check`
/// finds the template mistakes that Tera reports only when it renders them. Returns the number of
/// pages rendered.
///
/// The sample's sitemap is split one page a file, so that the sitemap index, which only sites of
/// more than 50,000 pages get, is rendered too; its lists are paged by twos for the same reason.
pub fn rehearse(site: &Site, tera: &tera::Tera) -> Result<usize, RenderError> {
    let mut sample = sample::sample(site);
    // Lists of a few entries a page, so that the page navigation is rendered too.
    sample.config.page_size = REHEARSAL_PAGE_SIZE;
    render_split(&sample, tera, &site.config.base_url, &Discard, 1, None).map(|(pages, _, _)| pages)
}

/// The page size of `check`'s rehearsal: small, so that its lists have numbered pages.
const REHEARSAL_PAGE_SIZE: usize = 2;

/// Renders every page, then the feeds and the data files, and writes each to `out`. Returns the
/// number of pages.
pub fn render(site: &Site, tera: &tera::Tera, base_url: &str, out: &impl Output) -> Result<usize, RenderError> {
    render_split(site, tera, base_url, out, feeds::SITEMAP_URLS, None).map(|(pages, _, _)| pages)
}

/// [`render`], skipping the pages whose inputs are the ones they had in the build that left
/// `previous` ([`memo`]), and returning the memo for the next build with the number of pages, and
/// what is left to free. Every other file is written to `out`; the memo's files say which of them
/// changed.
pub fn render_keeping(
    site: &Site,
    templates: &Templates,
    base_url: &str,
    out: &impl Output,
    previous: &memo::Memo,
) -> Result<(usize, memo::Memo, Leftovers), RenderError> {
    let keeping = Keeping { previous, templates: memo::mix((templates.fingerprint(), base_url)) };
    let recording = memo::Recording::new(out);
    let (pages, kept, leftovers) =
        render_split(site, &templates.tera, base_url, &recording, feeds::SITEMAP_URLS, Some(keeping))?;
    let mut next = kept.unwrap_or_default();
    let written = recording.into_hashes();
    // A page not rendered again, or a group's file not made again, is the one the last build made.
    let grouped = next.groups.values().flat_map(|g| g.files()).map(|f| f.as_os_str());
    for file in next.pages.keys().map(|f| f.as_os_str()).chain(grouped) {
        if !written.contains_key(file)
            && let Some(hash) = previous.files.get(file)
        {
            next.files.insert(file.to_owned(), *hash);
        }
    }
    next.files.extend(written);
    Ok((pages, next, leftovers))
}

/// What [`render_split`] needs to skip pages: the last build's memo and the templates' hash.
struct Keeping<'m> {
    previous: &'m memo::Memo,
    templates: u64,
}

/// [`render`], with at most `sitemap_urls` pages in one sitemap file.
fn render_split(
    site: &Site,
    tera: &tera::Tera,
    base_url: &str,
    out: &impl Output,
    sitemap_urls: usize,
    keeping: Option<Keeping>,
) -> Result<(usize, Option<memo::Memo>, Leftovers), RenderError> {
    let routes = Routes::new(base_url);
    let badges = views::Badges::new(tera)?;
    let views = views::build(site, &routes, &badges);
    let claim_hashes = keeping.as_ref().map(|_| memo::claims(site, &views));
    let kept = keeping.as_ref().zip(claim_hashes.as_ref()).map(|(k, hashes)| {
        let keys = hashes.iter().map(|h| memo::mix((k.templates, h))).collect();
        (k.previous, keys)
    });
    let drawn = match &keeping {
        Some(k) => memo::Charts::keeping(&k.previous.charts, k.templates),
        None => memo::Charts::always(),
    };
    let mut pages = Pages::new(site, views, tera, &routes, kept, &drawn)?;
    let others = std::mem::take(&mut pages.others_kept);
    let extras = extras::Extras::new(&pages, tera, &routes, &drawn)?;
    let hashes =
        keeping.as_ref().zip(claim_hashes).map(|(k, claims)| memo::hashes(site, &pages, &extras, k.templates, claims));
    let all = Page::parts(site, &pages.layout);
    let fingerprints: Vec<Option<u64>> = match &hashes {
        Some(h) => all.par_iter().map(|(page, part)| pages.fingerprint(*page, *part, h)).collect(),
        None => vec![None; all.len()],
    };
    let previous = keeping.as_ref().map(|k| &k.previous.pages);
    // Each fingerprinted page's file with its fingerprint, for the next build's memo.
    let fingerprinted = all
        .par_iter()
        .zip(&fingerprints)
        .map(|((page, part), fingerprint)| {
            let route = page.part_route(site, *part);
            let kept = fingerprint.map(|f| (Routes::file(&route).into_os_string(), f));
            if let (Some((file, f)), Some(previous)) = (&kept, previous)
                && previous.get(file) == Some(f)
            {
                return Ok(kept);
            }
            let (template, mut ctx) = pages.context(*page, *part, &extras.shared);
            extras.add(*page, &route, &mut ctx);
            write_page(tera, template, &ctx, &route, out)?;
            Ok(kept)
        })
        .collect::<Result<Vec<_>, RenderError>>()?;
    let groups = match (&keeping, &hashes) {
        (Some(k), Some(h)) => memo::Groups::keeping(&k.previous.groups, h.global),
        _ => memo::Groups::always(),
    };
    let next = hashes.map(|_| memo::Memo {
        pages: fingerprinted.into_iter().flatten().collect(),
        files: Default::default(),
        fragments: pages.fragment_keys.iter().copied().zip(pages.fragments.iter().cloned()).collect(),
        groups: Default::default(),
        others,
        charts: drawn.into_memo(),
    });
    // The feed and the data file come after the pages, not beside them: they hold every claim at
    // once. The views and the rendered rows are let go first (the rows alone: 140 MB at 50,000 claims).
    drop(extras);
    let (layout, facets, leftovers) = pages.into_layout_and_facets();
    // The feeds, the data files and the search index are independent: make them side by side.
    let (feeds, (data, search)) = rayon::join(
        || feeds::write(site, &layout, tera, &routes, out, sitemap_urls, &groups),
        || {
            rayon::join(
                || data::write(site, &routes, out, &groups).map_err(|e| RenderError::Io(format!("claims.json: {e}"))),
                || {
                    search::write(site, &facets, out, &groups)
                        .map_err(|e| RenderError::Io(format!("search index: {e}")))
                },
            )
        },
    );
    data?;
    feeds?;
    search?;
    let aliases = aliases::write(site, &routes, out).map_err(|e| RenderError::Io(format!("alias pages: {e}")))?;
    let next = next.map(|next| memo::Memo { groups: groups.into_memo(), ..next });
    Ok((all.len() + aliases, next, leftovers))
}

/// The HTML files a build of `site` writes, relative to the output folder: every page and every
/// alias page (for `check --since`).
pub fn html_files(site: &Site) -> Vec<std::path::PathBuf> {
    let layout = paging::Layout::new(site);
    let pages = Page::parts(site, &layout).into_iter().map(|(p, n)| p.part_route(site, n));
    let aliases = aliases::all(site).into_iter().map(|a| a.route);
    pages.chain(aliases).map(|r| Routes::file(&r)).filter(|f| f.extension().is_some_and(|x| x == "html")).collect()
}

/// How much of a page is rendered before it goes to its file: a claim's page fits at once (one
/// write), and the pages that list every claim, tens of megabytes at 50,000 claims, go out in
/// pieces instead of growing a buffer of their whole size.
const PAGE_BUFFER: usize = 1 << 16;

/// Renders `template` into the file of `route`, through [`PAGE_BUFFER`]: no page is held whole.
fn write_page(
    tera: &tera::Tera,
    template: &str,
    ctx: &tera::Context,
    route: &str,
    out: &impl Output,
) -> Result<(), RenderError> {
    let file = Routes::file(route);
    let io = |e: &dyn std::fmt::Display| RenderError::Io(format!("{}: {e}", file.display()));
    let mut writer = std::io::BufWriter::with_capacity(PAGE_BUFFER, out.create(&file).map_err(|e| io(&e))?);
    tera.render_to(template, ctx, &mut writer).map_err(|e| {
        // Tera wraps a failed write in its own error: if the disk failed, not the template, say
        // what the disk said.
        let mut causes = std::iter::successors(std::error::Error::source(&e), |c| c.source());
        match causes.find_map(|c| c.downcast_ref::<std::io::Error>()) {
            Some(cause) => io(cause),
            None if matches!(e.kind(), tera::ErrorKind::Io(_)) => io(&e),
            None => RenderError::Template(TemplateError::new(template, Some(route), &e)),
        }
    })?;
    writer.into_inner().map_err(|e| io(e.error()))?;
    Ok(())
}

#[derive(Debug)]
pub enum RenderError {
    Template(TemplateError),
    Io(String),
}

/// Renders a template that is not a page (a badge, a table row). With a `key`, the template sees
/// `value` under that name; without one, `value`'s fields are its variables.
pub(crate) fn partial<T: serde::Serialize>(
    tera: &tera::Tera,
    name: &str,
    key: &str,
    value: &T,
) -> Result<String, TemplateError> {
    let ctx = if key.is_empty() {
        tera::Context::from_serialize(value).map_err(|e| failed(name, &e))?
    } else {
        let mut ctx = tera::Context::new();
        ctx.insert(key.to_owned(), value);
        ctx
    };
    fragment(tera, name, &ctx)
}

/// Renders a template that is not a page with a context already made, so that several
/// fragments can share one.
pub(crate) fn fragment(tera: &tera::Tera, name: &str, ctx: &tera::Context) -> Result<String, TemplateError> {
    // A copy of exactly the fragment's length: Tera renders into a buffer of a few kilobytes, and
    // kept as it is, that slack raised the peak memory at 50,000 claims by a quarter.
    tera.render(name, ctx).map(|html| html.trim_end().to_owned()).map_err(|e| failed(name, &e))
}

fn failed(name: &str, e: &tera::Error) -> TemplateError {
    TemplateError::new(name, None, e)
}

impl From<TemplateError> for RenderError {
    fn from(e: TemplateError) -> Self {
        RenderError::Template(e)
    }
}

/// An error and each of its sources, outermost first.
fn error_chain(e: &dyn std::error::Error) -> String {
    let causes: Vec<String> = std::iter::successors(Some(e), |c| c.source()).map(ToString::to_string).collect();
    causes.join(": ")
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn escaping_replaces_the_five_html_characters_and_keeps_the_rest() {
        assert_eq!(escape_html("Pakistan’s 20,000 troops — plain"), "Pakistan’s 20,000 troops — plain");
        assert_eq!(
            escape_html(r#"<a href="x">Tom & Jerry's</a> → é"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#x27;s&lt;/a&gt; → é"
        );
        assert_eq!(escape_html("&"), "&amp;");
        assert_eq!(escape_html(""), "");
    }
}
