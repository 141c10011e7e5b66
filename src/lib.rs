//! claimtrack: a static-site generator that tracks, claim by claim, what news outlets say about one
//! contested story.
//!
//! The pipeline, one module per step:
//!
//! ```text
//! load     walk content/, split front matter, parse each kind      (load::load)
//! resolve  check values and references, link, derive flags         (resolve::resolve)
//! render   Markdown once per document, then Tera per page, parallel (render::render)
//! write    into a fresh folder beside the output, then swap         (write::Staging)
//! ```
//!
//! [`check`] runs load + resolve, compiles the templates, renders a sample of the site
//! and writes nothing; [`build`] runs all four. [`check_links`] is [`check`] and then asks every
//! external address of the content whether it still leads somewhere ([`links`]): the only step
//! that uses the network, run only when asked for.

pub mod diag;
pub mod links;
pub mod load;
pub mod model;
pub mod new;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod since;
pub mod write;

use diag::Diagnostic;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Why a run stopped. Content and template problems exit 1; usage and I/O problems exit 2.
#[derive(Debug)]
pub enum Error {
    /// The content or the templates have errors (and possibly warnings), all of them, sorted by
    /// file; a template that fails to render is one too, at the line that failed.
    Content(Vec<Diagnostic>),
    /// Reading or writing failed, or the arguments were unusable.
    Io(String),
}

impl Error {
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => 1,
            Error::Io(_) => 2,
        }
    }

    /// The text an editor reads: for content errors exactly what `claimtrack check` prints.
    pub fn report(&self) -> String {
        match self {
            Error::Content(diagnostics) => diag::report(diagnostics),
            Error::Io(m) => format!("error: {}\n", diag::plain(m)),
        }
    }
}

/// A checked site: the model plus any warnings.
pub struct Checked {
    pub site: model::Site,
    pub warnings: Vec<Diagnostic>,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Load and resolve `root`, compile its templates and render a sample of the site through them
/// ([`render::rehearse`]): every content and template problem is reported, nothing is written.
pub fn check(root: &Path) -> Result<Checked, Error> {
    let (mut checked, templates, compile_time) = check_site(root)?;
    let started = Instant::now();
    if let Err(e) = render::rehearse(&checked.site, &templates.tera) {
        return Err(render_failed(&templates, e, checked.warnings));
    }
    checked.timings.push(("render", compile_time + started.elapsed()));
    Ok(checked)
}

/// [`check`], then [`since::missing`] against the build in `previous`: a page it published that
/// this site would drop is an error, reported with the warnings.
pub fn check_since(root: &Path, previous: &Path) -> Result<Checked, Error> {
    let mut checked = check(root)?;
    let missing = since::missing(&checked.site, root, previous).map_err(Error::Io)?;
    if missing.is_empty() {
        return Ok(checked);
    }
    let mut diagnostics = std::mem::take(&mut checked.warnings);
    diagnostics.extend(missing);
    diag::sort(&mut diagnostics);
    Err(Error::Content(diagnostics))
}

/// What `check --links` found besides [`check`]'s findings: how many addresses were asked and
/// how many answered from the cache.
pub struct LinksChecked {
    pub checked: Checked,
    pub asked: usize,
    pub cached: usize,
    pub cache_file: PathBuf,
    /// Why the cache could not be written, if it could not (the next run is then slower).
    pub cache_problem: Option<String>,
}

/// [`check`], then the link check: every content problem and every dead or moved link, reported
/// together. A dead link without a working archived copy is an error like any other.
pub fn check_links(root: &Path, options: &links::Options) -> Result<LinksChecked, Error> {
    let checked = check(root);
    if let Err(Error::Io(m)) = checked {
        return Err(Error::Io(m));
    }
    let report = links::check(root, options).map_err(Error::Io)?;
    let mut found = report.diagnostics;
    match checked {
        Ok(mut checked) if !found.iter().any(Diagnostic::is_error) => {
            checked.warnings.append(&mut found);
            diag::sort(&mut checked.warnings);
            Ok(LinksChecked {
                checked,
                asked: report.asked,
                cached: report.cached,
                cache_file: report.cache_file,
                cache_problem: report.cache_problem,
            })
        }
        Ok(checked) => {
            found.extend(checked.warnings);
            diag::sort(&mut found);
            Err(Error::Content(found))
        }
        Err(Error::Content(mut diagnostics)) => {
            diagnostics.append(&mut found);
            diag::sort(&mut diagnostics);
            Err(Error::Content(diagnostics))
        }
        Err(io) => Err(io),
    }
}

/// A render that failed, as the run's error: a template's failure is a diagnostic at its line,
/// reported with `diagnostics`.
fn render_failed(templates: &render::Templates, e: render::RenderError, mut diagnostics: Vec<Diagnostic>) -> Error {
    match e {
        render::RenderError::Template(e) => {
            diagnostics.push(templates.locate(&e));
            diag::sort(&mut diagnostics);
            Error::Content(diagnostics)
        }
        render::RenderError::Io(m) => Error::Io(m),
    }
}

/// [`check`], keeping the compiled templates for the build, and how long compiling them took.
fn check_site(root: &Path) -> Result<(Checked, render::Templates, Duration), Error> {
    check_site_with(root, &mut load::Cache::default(), &mut resolve::Cache::default())
}

/// [`check_site`], parsing only the files `docs` does not hold with the same bytes, and folding only
/// the article texts `texts` does not hold.
fn check_site_with(
    root: &Path,
    docs: &mut load::Cache,
    texts: &mut resolve::Cache,
) -> Result<(Checked, render::Templates, Duration), Error> {
    let started = Instant::now();
    let loaded = load::load_with(root, docs).map_err(|e| Error::Io(e.0))?;
    let load_time = started.elapsed();
    let started = Instant::now();
    let resolve::Resolved { site, mut diagnostics } = resolve::resolve_with(&loaded, texts);
    docs.keep(loaded);
    let timings = vec![("load", load_time), ("resolve", started.elapsed())];
    let started = Instant::now();
    let templates = render::templates(root).map_err(|problems| diagnostics.extend(problems)).ok();
    let compile_time = started.elapsed();
    // Static files are copied, not read, but a named pipe would block the copy and a link out of
    // the site would publish what lies outside it: refused here, before anything is built.
    let statics = load::files::walk(root, &root.join("static"), |_| true);
    for (path, why) in &statics.refused {
        let shown = path.strip_prefix(root).unwrap_or(path);
        diagnostics.push(Diagnostic::file(shown, format!("cannot copy this static file: {why}")));
    }
    diag::sort(&mut diagnostics);
    match templates {
        Some(templates) if !diagnostics.iter().any(Diagnostic::is_error) => {
            Ok((Checked { site, warnings: diagnostics, timings }, templates, compile_time))
        }
        _ => Err(Error::Content(diagnostics)),
    }
}

pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from `site.yaml`.
    pub base_url: Option<String>,
    /// Publish the drafts too, each with a banner (`serve`); `build` leaves them out.
    pub drafts: bool,
}

pub struct BuildReport {
    pub output: PathBuf,
    /// The `base_url` the links were made with (`--base-url` or `site.yaml`).
    pub base_url: String,
    pub pages: usize,
    pub claims: usize,
    pub warnings: Vec<Diagnostic>,
    /// Each phase with its wall time: load, resolve, render (pages rendered and written), write
    /// (static files and the swap).
    pub timings: Vec<(&'static str, Duration)>,
}

/// Runs the whole pipeline. On any error the previous output is left as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    build_into(options, None)
}

/// What `serve` keeps from one build for the next, so that after an edit only what changed is
/// parsed and rendered again: the parsed content files, the article texts as the checks fold them
/// ([`resolve::Cache`]) and the render's [`render::memo::Memo`].
pub struct Incremental {
    docs: load::Cache,
    texts: resolve::Cache,
    memo: render::memo::Memo,
}

impl Default for Incremental {
    fn default() -> Self {
        Incremental {
            docs: load::Cache::keeping(),
            texts: resolve::Cache::keeping(),
            memo: render::memo::Memo::default(),
        }
    }
}

impl Incremental {
    /// Tells the next [`rebuild`] which paths changed since the last build, when the caller
    /// (`serve`'s watcher) saw every change: it then reads only those content files instead of
    /// looking at every one. Without a hint a rebuild looks at each file's size, inode and times.
    pub fn changed(&mut self, paths: &[PathBuf]) {
        self.docs.hint(paths.iter().cloned());
    }
}

/// What [`rebuild`] changed, against the build before it.
pub struct Changes {
    /// The files whose bytes differ from the last build's, or that it did not have, by path
    /// relative to the output folder.
    pub written: std::collections::HashMap<PathBuf, Vec<u8>>,
    /// The files the last build had that this one does not.
    pub removed: Vec<PathBuf>,
}

/// [`build`], from scratch, leaving in `state` what the next [`rebuild`] needs.
pub fn build_keeping(options: &BuildOptions, state: &mut Incremental) -> Result<BuildReport, Error> {
    state.memo = render::memo::Memo::default();
    build_into(options, Some(state))
}

/// The build after an edit of the content: the site of [`build`], made into memory from what
/// `state` kept of the last build ([`build_keeping`] or [`rebuild`]), and returned as the files that
/// differ from it. Nothing is written to the output folder, and the templates and static files
/// must be the last build's. On an error `state` is left as it was.
pub fn rebuild(options: &BuildOptions, state: &mut Incremental) -> Result<(BuildReport, Changes), Error> {
    let (site, templates, warnings, mut timings) = prepare(options, &mut state.docs, &mut state.texts)?;
    let compile_time = timings.pop().map_or(Duration::ZERO, |(_, t)| t);
    let started = Instant::now();
    let memory = render::memo::Memory::default();
    let (pages, next, leftovers) =
        render::render_keeping(&site, &templates, &site.config.base_url, &memory, &state.memo)
            .map_err(|e| render_failed(&templates, e, Vec::new()))?;
    let (changed, removed) = next.difference(&state.memo);
    let mut made = memory.into_files();
    let written = changed.into_iter().filter_map(|f| made.remove(&f).map(|bytes| (f, bytes))).collect();
    let last = std::mem::replace(&mut state.memo, next);
    timings.push(("render", compile_time + started.elapsed()));
    let report = BuildReport {
        output: options.output.clone().unwrap_or_else(|| options.root.join("public")),
        base_url: site.config.base_url.clone(),
        pages,
        claims: site.claims.len(),
        warnings,
        timings,
    };
    free_later((site, templates, leftovers, last, made));
    Ok((report, Changes { written, removed }))
}

/// Lets go of `value` on a thread of its own: what a rebuild is done with (the model, every
/// claim's view, the last memo) takes a twentieth of the rebuild to free, and `serve` should not
/// wait for that before it sends the reload. Without a thread, here and now.
fn free_later(value: impl Send + 'static) {
    // A failed spawn drops the closure, and `value` with it, here.
    let _ = std::thread::Builder::new().name("free".into()).spawn(move || drop(value));
}

/// A site ready to render: the model, its templates, its warnings and the time each step took.
type Prepared = (model::Site, render::Templates, Vec<Diagnostic>, Vec<(&'static str, Duration)>);

/// Loads, resolves and checks the site of `options`, with its templates: the site as it will be
/// rendered (`--base-url` applied, the drafts left out unless asked for), its warnings and the
/// time each step took, the templates' compiling last (it counts as rendering).
fn prepare(options: &BuildOptions, docs: &mut load::Cache, texts: &mut resolve::Cache) -> Result<Prepared, Error> {
    let (Checked { mut site, warnings, mut timings }, templates, compile_time) =
        check_site_with(&options.root, docs, texts)?;
    if let Some(base) = &options.base_url {
        site.config.base_url = base.clone();
    }
    if !options.drafts {
        site = resolve::published(site);
    }
    timings.push(("templates", compile_time));
    Ok((site, templates, warnings, timings))
}

fn build_into(options: &BuildOptions, state: Option<&mut Incremental>) -> Result<BuildReport, Error> {
    if let Some(base) = &options.base_url
        && let Some(why) = resolve::base_url_problem(base)
    {
        let help = resolve::BASE_URL_HELP;
        return Err(Error::Io(format!("--base-url `{}` cannot be used: {why}\n  = help: {help}", base.escape_debug())));
    }
    let output = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    write::check_output(&options.root, &output).map_err(Error::Io)?;
    // Before loading: waiting for another build of this output, and putting right what a stopped
    // one left, do not depend on the content being good.
    let staging = write::Staging::new(&output).map_err(|e| Error::Io(format!("{}: {e}", output.display())))?;
    let (mut docs, mut texts) = match state {
        Some(_) => (load::Cache::keeping(), resolve::Cache::keeping()),
        None => (load::Cache::default(), resolve::Cache::default()),
    };
    let (site, templates, warnings, mut timings) = prepare(options, &mut docs, &mut texts)?;
    let compile_time = timings.pop().map_or(Duration::ZERO, |(_, t)| t);

    let started = Instant::now();
    let base = &site.config.base_url;
    let pages = match state {
        Some(state) => {
            let (pages, memo, _) =
                render::render_keeping(&site, &templates, base, &staging, &render::memo::Memo::default())
                    .map_err(|e| render_failed(&templates, e, Vec::new()))?;
            state.memo = memo;
            state.docs = docs;
            state.texts = texts;
            pages
        }
        None => render::render(&site, &templates.tera, base, &staging)
            .map_err(|e| render_failed(&templates, e, Vec::new()))?,
    };
    timings.push(("render", compile_time + started.elapsed()));

    let started = Instant::now();
    staging
        .copy_static(&options.root, render::DEFAULT_STATIC)
        .map_err(|e| Error::Io(format!("copying static files: {e}")))?;
    let output = staging.commit().map_err(|e| Error::Io(format!("{}: {e}", output.display())))?;
    timings.push(("write", started.elapsed()));
    Ok(BuildReport {
        output,
        base_url: site.config.base_url.clone(),
        pages,
        claims: site.claims.len(),
        warnings,
        timings,
    })
}
