//! Write: check the output path, build beside it, swap the new site in, clean up.
//!
//! The site is built in a fresh folder beside the output (`.public.new-<pid>` beside `public/`,
//! so on the same file system) and swapped in only once every file is there: a failed or stopped
//! build leaves the previous output as it was, and pages of deleted claims disappear because the
//! new folder starts empty. Before anything is written, the output path is checked, so that a typo
//! in `--output` can never replace the site's sources or a folder claimtrack did not make.
//!
//! The swap ([`swap`]) is one atomic exchange of the two folders where the system has one
//! (Linux's `renameat2(RENAME_EXCHANGE)`), and elsewhere two renames that the next build can
//! always put right; builds into one output take turns ([`lock`]), and each first puts right
//! whatever a stopped one left ([`swap::recover`]). There is a complete site at the output path
//! at every moment, whenever the process is killed.
//!
//! An output folder that is a mount point is refused before anything is rendered ([`mount`]):
//! a mount point cannot be renamed, so the only way to build into it is to replace its contents
//! file by file, during which readers see half of each site and after a crash nothing complete.
//! A tool that promises "the previous site or the new one, never a mixture" says so instead, and
//! what to do: mount the volume one folder up, or build elsewhere and copy the site in.
//!
//! The writer does nothing for any one file system: the placement heuristics it once had (the
//! ext4 `T` attribute, timed `mkdir`s, retried folder names, deleting the old site in a process of
//! its own) answered a scan that only ext4 *without* a journal makes, and gained nothing on a
//! journaled ext4 or tmpfs for a first build or a rebuild (figures in `docs/output.md`).

mod lock;
mod mount;
mod swap;

use crate::render::Output;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Marks a folder as claimtrack's output, so it may be replaced on the next build.
const MARKER: &str = ".claimtrack-output";

/// A fresh folder beside the output that becomes the output on [`Staging::commit`]. It holds the
/// output's lock from before anything is built until the old site is gone.
pub struct Staging {
    pub dir: PathBuf,
    target: PathBuf,
    committed: bool,
    _lock: lock::Lock,
}

/// Refuses output folders whose replacement would destroy sources or something outside the site:
/// the file system root, the home folder, the site root or a folder above it, and any folder at any
/// depth inside `content/`, `templates/` or `static/`, however a symbolic link leads there; and a
/// mount point, which cannot be replaced whole.
pub fn check_output(root: &Path, output: &Path) -> Result<(), String> {
    let root = absolute(root);
    let out = absolute(output);
    let refuse = |why: &str| Err(format!("refusing to write the site to {}: {why}", output.display()));
    if out.parent().is_none() {
        return refuse("it is the file system root");
    }
    if std::env::var_os("HOME").is_some_and(|h| absolute(Path::new(&h)) == out) {
        return refuse("it is your home folder");
    }
    if root.starts_with(&out) {
        return refuse("it is the site root or one of its parent folders");
    }
    // Compared once links are resolved on both sides: `content/` itself may be a link, and so may a
    // folder above the output.
    for source in ["content", "templates", "static"] {
        if out.starts_with(absolute(&root.join(source))) {
            return refuse(&format!("it is inside the site's `{source}/` folder"));
        }
    }
    if out.is_file() {
        return refuse("it is a file");
    }
    if out.is_dir() && mount::is_mount_point(&out) {
        return refuse(mount::WHY);
    }
    if out.is_dir() && !out.join(MARKER).exists() && fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(false)
    {
        return refuse("it is a folder that claimtrack did not create; empty it or choose another `--output`");
    }
    Ok(())
}

/// The path made absolute, `..`-free and with symbolic links resolved as the system resolves them:
/// one component at a time, so that a link anywhere on the way is followed where it stands (the
/// output usually does not exist yet, but a folder above it may be a link into the site's sources,
/// `/tmp/lnk/public` with `/tmp/lnk` → `content/claims`), and a `..` after a link leaves the link's
/// target, not the link, as it does for the system (`/tmp/new/../lnk/public` reaches the link too).
fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(real) = fs::canonicalize(&out) {
                    out = real;
                }
            }
        }
    }
    out
}

impl Staging {
    /// Takes the output's lock (waiting for another build of it to finish), puts right what a
    /// stopped build left beside it, and makes the folder to build in, with the output marker.
    pub fn new(output: &Path) -> io::Result<Staging> {
        let target = absolute(output);
        let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else {
            return Err(io::Error::other("the output has no parent folder"));
        };
        fs::create_dir_all(parent)?;
        let name = name.to_string_lossy();
        let lock = lock::Lock::take(&parent.join(format!(".{name}.lock")), output)?;
        swap::recover(&target)?;
        let dir = parent.join(format!(".{name}{}{}", swap::NEW, std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        // Made before the marker, so that the folder goes on drop if the marker cannot be written.
        let staging = Staging { dir, target, committed: false, _lock: lock };
        fs::create_dir(&staging.dir)?;
        fs::write(
            staging.dir.join(MARKER),
            "This folder is written by `claimtrack build` and replaced on every build.\n",
        )?;
        swap::step("staged");
        Ok(staging)
    }

    /// The path of `rel` inside the new folder, with its folder made.
    fn make_room(&self, rel: &Path) -> io::Result<PathBuf> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        Ok(path)
    }

    /// Copies the built-in static files, then the site's `static/` over them.
    pub fn copy_static(&self, root: &Path, defaults: &[(&str, &str)]) -> io::Result<()> {
        for (name, text) in defaults {
            self.put(&Path::new("static").join(name), text.as_bytes())?;
        }
        // The files `check` accepted: regular files, through links that stay inside the site.
        let from = root.join("static");
        for path in crate::load::files::walk(root, &from, |_| true).files {
            let rel = path.strip_prefix(&from).map_err(io::Error::other)?;
            fs::copy(&path, self.make_room(&Path::new("static").join(rel))?)?;
        }
        Ok(())
    }

    /// Swaps the new folder in and deletes the old site; returns the output path. Once the new site
    /// is in place nothing turns the build into an error: an old site that cannot be deleted now is
    /// deleted by the next build.
    pub fn commit(mut self) -> io::Result<PathBuf> {
        swap::swap_in(&self.dir, &self.target)?;
        self.committed = true;
        Ok(self.target.clone())
    }
}

/// Files land inside the new folder, at their path relative to the output.
impl Output for Staging {
    type File = fs::File;

    fn put(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        fs::write(self.make_room(path)?, bytes)
    }

    fn create(&self, path: &Path) -> io::Result<fs::File> {
        fs::File::create(self.make_room(path)?)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}
