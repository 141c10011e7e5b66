//! Serve: build the site into a temporary folder, serve it on the loopback, rebuild when the
//! sources change, and tell open pages to reload.
//!
//! The first build, and every build after a change to the settings, the templates or the static
//! files, goes to a fresh numbered folder under the system's temporary folder (never the published
//! `public/`), through the same pipeline as `claimtrack build`; when it succeeds, requests switch to
//! it in one step and the build before last is removed. A change to the content only is rebuilt over
//! it ([`crate::rebuild`]), which reads only the files the watcher saw change
//! ([`crate::Incremental::changed`]): the files that differ are held in memory
//! ([`files::Overlay`]), answered before the disk, and swapped in one step too. When a build fails, the last good one goes on being
//! served and every HTML page carries the diagnostics over it. The HTTP side is in [`http`], the
//! path guard in [`files`], the watching and debouncing in [`watch`].
//!
//! **Base path.** The site is served under the path part of `base_url` (`/tracker/` for
//! `https://example.org/tracker/`), and `/` redirects there. The other choice, rebuilding with
//! `base_url` set to `http://127.0.0.1:PORT/`, would show the editor a site whose links differ from
//! the published one, hiding exactly the sub-path mistakes a GitHub Pages project site suffers
//! from. Serving the real links locally shows what readers will get; only absolute URLs (the feed,
//! canonical links) point at the public host.

mod files;
mod host;
mod http;
mod watch;

use crate::render::routes::Routes;
use crate::{BuildOptions, BuildReport, Error, Incremental};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};
use watch::{Signal, Watch};

/// Where open pages listen for "a new build is ready". Outside any site path a slug can make.
const EVENTS: &str = "/__claimtrack/events";

pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system pick a free port; the address is reported in [`Event::Serving`].
    pub port: u16,
    /// Show the drafts, each with a banner saying so (`--no-drafts` previews the public site).
    pub drafts: bool,
}

/// What the server reports to whoever started it (`main.rs` prints these).
pub enum Event<'a> {
    /// The first build is done and requests are being answered at `url`.
    Serving { url: &'a str },
    /// These files changed; a rebuild starts.
    Changed(&'a [PathBuf]),
    /// A build succeeded and is now served.
    Built { report: &'a BuildReport, elapsed: Duration },
    /// A build failed; the previous one is still served.
    Failed { error: &'a Error },
}

/// What requests are answered from: swapped whole after every build.
#[derive(Clone, Default)]
struct Snapshot {
    /// The last good full build, if there has been one.
    output: Option<PathBuf>,
    /// What the rebuilds since changed in it ([`files::Overlay`]), answered first.
    overlay: Arc<files::Overlay>,
    /// The path part of `base_url`, starting and ending with `/`.
    base: String,
    /// Counts builds, good or bad: a page reloads when the number it was served with is old.
    generation: u64,
    /// The diagnostics of the latest build, when it failed.
    problem: Option<String>,
}

/// The state shared by the request threads and the rebuild loop.
#[derive(Default)]
struct Live {
    snapshot: Mutex<Snapshot>,
    listeners: Mutex<Vec<Sender<u64>>>,
}

impl Live {
    fn snapshot(&self) -> Snapshot {
        self.snapshot.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    fn listen(&self, tx: Sender<u64>) {
        self.listeners.lock().unwrap_or_else(PoisonError::into_inner).push(tx);
    }

    /// Publishes a new snapshot and tells every open page; closed pages drop out here.
    fn publish(&self, update: impl FnOnce(&mut Snapshot)) {
        let generation = {
            let mut snapshot = self.snapshot.lock().unwrap_or_else(PoisonError::into_inner);
            update(&mut snapshot);
            snapshot.generation += 1;
            snapshot.generation
        };
        self.listeners.lock().unwrap_or_else(PoisonError::into_inner).retain(|tx| tx.send(generation).is_ok());
    }
}

/// Builds, serves and rebuilds until Ctrl-C, SIGTERM or SIGHUP (a container stopped, a service
/// stopped, the terminal closed); then removes its temporary folder.
pub fn serve(options: &ServeOptions, report: &mut dyn FnMut(Event)) -> Result<(), Error> {
    let root = options.root.canonicalize().map_err(|e| Error::Io(format!("{}: {e}", options.root.display())))?;
    if !root.join("content").is_dir() {
        return Err(Error::Io(format!("no content folder at {}", root.join("content").display())));
    }
    let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port))
        .map_err(|e| Error::Io(format!("cannot listen on {}: {e}", SocketAddr::new(options.bind, options.port))))?;
    let address = server.server_addr().to_ip().unwrap_or(SocketAddr::new(options.bind, options.port));

    // Watching starts before the first build, so that a file saved while it runs is not missed.
    let (tx, rx) = mpsc::channel();
    let stop = tx.clone();
    let mut watch = Watch::start(&root, tx).map_err(|e| Error::Io(format!("cannot watch {}: {e}", root.display())))?;
    // With ctrlc's `termination` feature the handler covers SIGTERM and SIGHUP as well as SIGINT.
    // Setting it fails only if one is already set (a second serve in one process); the server then
    // simply ends with the process, leaving its temporary folder behind.
    let _ = ctrlc::set_handler(move || {
        let _ = stop.send(Signal::Stop);
    });

    let mut builds = Builds::new(root.clone(), options.drafts)?;
    let live = Arc::new(Live::default());
    builds.run(&live, report, &[]);
    let url = format!("http://{address}{}", live.snapshot().base);
    report(Event::Serving { url: &url });

    let answering = Arc::clone(&live);
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let live = Arc::clone(&answering);
            std::thread::spawn(move || http::handle(request, &live, address));
        }
    });

    while let Signal::Changed(paths) = watch::next_batch(&rx) {
        // Tools that save through a temporary file (`sed -i`, many editors) name it without an
        // extension; the editor wants to read about the file they saved, not that one.
        let named: Vec<&PathBuf> = paths.iter().filter(|p| p.extension().is_some()).collect();
        let shown: Vec<PathBuf> = if named.is_empty() { paths.iter().collect() } else { named }
            .into_iter()
            .map(|p| p.strip_prefix(&root).map(Path::to_path_buf).unwrap_or_else(|_| p.clone()))
            .collect();
        report(Event::Changed(&shown));
        // A folder created since the last build (a first template override) is watched from now on.
        let _ = watch.watch_new_folders();
        builds.run(&live, report, &paths);
    }
    builds.clean_up();
    Ok(())
}

/// The numbered build folders under the temporary folder, and which of them is served.
struct Builds {
    root: PathBuf,
    /// Whether the builds include the drafts ([`ServeOptions::drafts`]).
    drafts: bool,
    work: PathBuf,
    count: usize,
    current: Option<PathBuf>,
    /// The build served before `current`: kept one round so requests already reading it finish.
    previous: Option<PathBuf>,
    /// Builds no longer served, to the one thread that deletes them, one after another.
    retired: std::sync::mpsc::Sender<PathBuf>,
    /// What the last good build keeps for a rebuild ([`crate::rebuild`]), and whether there is one.
    state: Incremental,
    kept: bool,
    /// The rebuilds' changes over `current`.
    overlay: Arc<files::Overlay>,
}

/// How large the overlay may grow before the next change is built whole into a fresh folder: it
/// is held in memory. A claim's edit adds a few hundred kilobytes at 10,000 claims.
const OVERLAY_BYTES: usize = 256 << 20;

impl Builds {
    fn new(root: PathBuf, drafts: bool) -> Result<Builds, Error> {
        let work = std::env::temp_dir().join(format!("claimtrack-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).map_err(|e| Error::Io(format!("{}: {e}", work.display())))?;
        let (retired, to_delete) = std::sync::mpsc::channel::<PathBuf>();
        std::thread::spawn(move || {
            for dir in to_delete {
                let _ = std::fs::remove_dir_all(dir);
            }
        });
        Ok(Builds {
            root,
            drafts,
            work,
            count: 0,
            current: None,
            previous: None,
            retired,
            state: Incremental::default(),
            kept: false,
            overlay: Arc::default(),
        })
    }

    /// Whether the change to `paths` can be rebuilt over the current build: only content changed
    /// (not the settings, the templates or the static files, which change every page), and the
    /// overlay is not too large yet.
    fn can_rebuild(&self, paths: &[PathBuf]) -> bool {
        let content = self.root.join("content");
        self.kept
            && self.current.is_some()
            && self.overlay.values().flatten().map(|bytes| bytes.len()).sum::<usize>() < OVERLAY_BYTES
            && !paths.is_empty()
            && paths.iter().all(|p| p.starts_with(&content) && p != &content.join("site.yaml"))
    }

    /// Builds after a change to `paths` (none: the first build) and publishes the outcome to the
    /// request threads: over the current build when only content changed ([`crate::rebuild`]),
    /// else whole, into a fresh folder.
    fn run(&mut self, live: &Live, report: &mut dyn FnMut(Event), paths: &[PathBuf]) {
        if self.can_rebuild(paths) {
            // The watcher saw every change: the rebuild reads only these files.
            self.state.changed(paths);
            return self.rebuild(live, report);
        }
        self.count += 1;
        let output = self.work.join(format!("site-{}", self.count));
        let started = Instant::now();
        let options =
            BuildOptions { root: self.root.clone(), output: Some(output), base_url: None, drafts: self.drafts };
        self.kept = false;
        match crate::build_keeping(&options, &mut self.state) {
            Ok(built) => {
                // The build before last is no longer served. Deleting it can take longer than a
                // build (26 s at 50,000 claims on ext4): the new site goes live without waiting,
                // and quick saves queue their deletions rather than run them side by side.
                if let Some(old) = self.previous.take() {
                    let _ = self.retired.send(old);
                }
                self.previous = self.current.replace(built.output.clone());
                self.kept = true;
                self.overlay = Arc::default();
                live.publish(|s| {
                    s.output = Some(built.output.clone());
                    s.overlay = Arc::default();
                    s.base = Routes::new(&built.base_url).link("");
                    s.problem = None;
                });
                report(Event::Built { report: &built, elapsed: started.elapsed() });
            }
            Err(error) => {
                live.publish(|s| {
                    s.problem = Some(error.report());
                    if s.base.is_empty() {
                        s.base = "/".into();
                    }
                });
                report(Event::Failed { error: &error });
            }
        }
    }

    /// Rebuilds over the current build: the changed files go into the overlay, in memory.
    fn rebuild(&mut self, live: &Live, report: &mut dyn FnMut(Event)) {
        let started = Instant::now();
        let options =
            BuildOptions { root: self.root.clone(), output: self.current.clone(), base_url: None, drafts: self.drafts };
        match crate::rebuild(&options, &mut self.state) {
            Ok((built, changes)) => {
                let mut overlay = (*self.overlay).clone();
                for gone in changes.removed {
                    overlay.insert(gone, None);
                }
                for (file, bytes) in changes.written {
                    overlay.insert(file, Some(bytes.into()));
                }
                self.overlay = Arc::new(overlay);
                live.publish(|s| {
                    s.overlay = Arc::clone(&self.overlay);
                    s.problem = None;
                });
                report(Event::Built { report: &built, elapsed: started.elapsed() });
            }
            Err(error) => {
                live.publish(|s| s.problem = Some(error.report()));
                report(Event::Failed { error: &error });
            }
        }
    }

    fn clean_up(&self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}
