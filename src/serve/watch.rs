//! Watch: turn file-system events in `content/`, `templates/` and `static/` into debounced
//! "something changed" batches.
//!
//! An editor's "save all", a `git checkout` or an atomic save (write a temporary file, rename it
//! over the old one) fires many events within a few milliseconds; they should cost one rebuild.
//! So a batch ends only once the folders have been quiet for [`QUIET`] ([`SETTLED`] after a file
//! was written and closed), or after [`LONGEST`] if they never go quiet. Hidden files and `~`
//! backups (editors' swap files) never start a batch: the loader ignores them too.

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long the folders must stay quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(40);
/// How long they must stay quiet after a file was written and closed: a save that is done. A tool
/// writing many files (`git checkout`, "save all") closes the next within microseconds, so its
/// files still make one batch; an editor's single save rebuilds without waiting out [`QUIET`].
pub const SETTLED: Duration = Duration::from_millis(5);
/// The longest a stream of changes can put a rebuild off.
const LONGEST: Duration = Duration::from_secs(1);

/// The folders whose changes make a new site.
pub const WATCHED: [&str; 3] = ["content", "templates", "static"];

/// What the rebuild loop is told.
pub enum Signal {
    Changed(Vec<PathBuf>),
    /// These files were written and closed.
    Written(Vec<PathBuf>),
    Stop,
}

/// Watches the site's source folders, sending [`Signal::Changed`] for every relevant event.
pub struct Watch {
    watcher: RecommendedWatcher,
    root: PathBuf,
    watching: BTreeSet<PathBuf>,
}

impl Watch {
    pub fn start(root: &Path, tx: Sender<Signal>) -> notify::Result<Watch> {
        let folders: Vec<PathBuf> = WATCHED.iter().map(|f| root.join(f)).collect();
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            // Events were lost (the kernel's queue overflowed): which files changed is not known,
            // and a change to the content folder itself makes the rebuild look at every file.
            if event.need_rescan() {
                let _ = tx.send(Signal::Changed(folders.clone()));
                return;
            }
            if !changes_files(&event.kind) {
                return;
            }
            let paths: Vec<PathBuf> = event
                .paths
                .into_iter()
                .filter(|p| folders.iter().any(|f| p.starts_with(f)) && !is_scratch(p))
                .collect();
            if !paths.is_empty() {
                let closed = matches!(event.kind, EventKind::Access(AccessKind::Close(AccessMode::Write)));
                let _ = tx.send(if closed { Signal::Written(paths) } else { Signal::Changed(paths) });
            }
        })?;
        let mut watch = Watch { watcher, root: root.to_path_buf(), watching: BTreeSet::new() };
        // The root itself, not recursively, so that a `templates/` or `static/` folder created while
        // serving is noticed (and then watched by `watch_new_folders`).
        watch.watcher.watch(root, RecursiveMode::NonRecursive)?;
        watch.watch_new_folders()?;
        Ok(watch)
    }

    /// Starts watching any of the source folders that exists now but did not before.
    pub fn watch_new_folders(&mut self) -> notify::Result<()> {
        for folder in WATCHED.iter().map(|f| self.root.join(f)) {
            if folder.is_dir() && !self.watching.contains(&folder) {
                self.watcher.watch(&folder, RecursiveMode::Recursive)?;
                self.watching.insert(folder);
            }
        }
        Ok(())
    }
}

/// Opening and reading a file change nothing; the build itself reads every file it watches.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// Editors' swap, backup and lock files, which the loader skips as well.
fn is_scratch(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.starts_with('.') || name.ends_with('~')
}

/// Waits for the next change and gathers everything that follows it closely into one batch: until
/// the folders have been quiet for [`quiet_after`] the last signal, or for [`LONGEST`] in all.
pub fn next_batch(rx: &Receiver<Signal>) -> Signal {
    let first = match rx.recv() {
        Ok(Signal::Stop) | Err(_) => return Signal::Stop,
        Ok(signal) => signal,
    };
    let mut quiet = quiet_after(&first);
    let mut changed = paths(first);
    let started = Instant::now();
    while started.elapsed() < LONGEST {
        match rx.recv_timeout(quiet) {
            Ok(Signal::Stop) | Err(RecvTimeoutError::Disconnected) => return Signal::Stop,
            Ok(signal) => {
                quiet = quiet_after(&signal);
                changed.extend(paths(signal));
            }
            Err(RecvTimeoutError::Timeout) => break,
        }
    }
    changed.sort();
    changed.dedup();
    Signal::Changed(changed)
}

/// How long a batch waits for more after `signal`: [`SETTLED`] after a finished write, else [`QUIET`].
fn quiet_after(signal: &Signal) -> Duration {
    match signal {
        Signal::Written(_) => SETTLED,
        _ => QUIET,
    }
}

fn paths(signal: Signal) -> Vec<PathBuf> {
    match signal {
        Signal::Changed(paths) | Signal::Written(paths) => paths,
        Signal::Stop => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::channel;

    fn changed(path: &str) -> Signal {
        Signal::Changed(vec![PathBuf::from(path)])
    }

    #[test]
    fn five_saves_in_a_row_make_one_batch() {
        let (tx, rx) = channel();
        for name in ["a.md", "b.md", "c.md", "d.md", "a.md"] {
            tx.send(changed(name)).unwrap();
        }
        let Signal::Changed(paths) = next_batch(&rx) else { panic!("stopped") };
        assert_eq!(paths.len(), 4, "{paths:?}");
        assert!(rx.try_recv().is_err(), "a second batch is waiting");
    }

    #[test]
    fn a_finished_write_waits_only_for_what_follows_at_once() {
        let (tx, rx) = channel();
        for name in ["a.md", "b.md"] {
            tx.send(Signal::Written(vec![PathBuf::from(name)])).unwrap();
        }
        tx.send(changed("c.md")).unwrap();
        let Signal::Changed(paths) = next_batch(&rx) else { panic!("stopped") };
        assert_eq!(paths.len(), 3, "files written back to back make one batch: {paths:?}");
        assert_eq!(quiet_after(&Signal::Written(vec![])), SETTLED);
        assert_eq!(quiet_after(&changed("a.md")), QUIET);
        assert!(SETTLED < QUIET);
    }

    #[test]
    fn a_stop_ends_the_wait_at_once() {
        let (tx, rx) = channel();
        tx.send(changed("a.md")).unwrap();
        tx.send(Signal::Stop).unwrap();
        assert!(matches!(next_batch(&rx), Signal::Stop));
    }

    #[test]
    fn swap_and_backup_files_are_not_content() {
        assert!(is_scratch(Path::new("content/claims/.a.md.swp")));
        assert!(is_scratch(Path::new("content/claims/a.md~")));
        assert!(!is_scratch(Path::new("content/claims/a.md")));
    }
}
