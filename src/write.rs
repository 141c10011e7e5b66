//! Write: build into a fresh folder beside the output and swap it in only when everything is there.
//!
//! A failed build leaves the previous output byte-identical; pages of deleted claims disappear
//! because the new folder starts empty. Before anything is written, the output path is checked so
//! that a typo in `--output` can never replace the site's sources or a folder claimtrack did not make.

use crate::render::Output;
use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Marks a folder as claimtrack's output, so it may be replaced on the next build.
const MARKER: &str = ".claimtrack-output";

/// How long creating a site folder's first file may take before the folder is tried elsewhere
/// ([`site_folder`]), and how many places are tried. Creating a small file takes 25 to 55 µs on
/// this project's ext4 disk; among a deleted site's inodes, 250 to 360 µs.
const CROWDED: Duration = Duration::from_micros(100);
const PLACEMENTS: usize = 4;

/// A fresh folder, beside the output, that becomes the output on [`Staging::commit`].
///
/// The site is built in `dir`, a folder with a name of its own for every build, inside `holder`
/// (`.public.new-<pid>` beside `public/`), which is removed once `dir` has been moved out of it.
pub struct Staging {
    pub dir: PathBuf,
    holder: PathBuf,
    target: PathBuf,
    committed: bool,
    crowding: Crowding,
}

/// Refuses output folders whose replacement would destroy sources or something outside the site:
/// the file system root, the home folder, the site root or a folder above it, and any folder at any
/// depth inside `content/`, `templates/` or `static/`, however a symbolic link leads there.
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
    pub fn new(output: &Path) -> io::Result<Staging> {
        let target = absolute(output);
        let parent = target.parent().map(Path::to_path_buf).unwrap_or_default();
        fs::create_dir_all(&parent)?;
        let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        remove_abandoned(&parent, &name);
        let holder = parent.join(format!(".{name}.new-{}", std::process::id()));
        if holder.exists() {
            fs::remove_dir_all(&holder)?;
        }
        fs::create_dir(&holder)?;
        place_apart(&holder);
        // Made before its folder, so that the holder goes if the folder cannot be made.
        let mut staging =
            Staging { dir: PathBuf::new(), holder, target, committed: false, crowding: Crowding::default() };
        staging.dir = site_folder(&staging.holder, &format!("site-{}", fresh_number()), CROWDED)?;
        Ok(staging)
    }

    /// The path of `rel` inside the new folder, with its folder made. Most pages live in a folder
    /// of their own (`claims/<slug>/index.html`) whose parent already exists: one `mkdir`, without
    /// `create_dir_all`'s look first, timed for [`Crowding`].
    fn make_room(&self, rel: &Path) -> io::Result<PathBuf> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            let started = Instant::now();
            match fs::create_dir(parent) {
                Ok(()) => {
                    self.crowding.made(parent, started.elapsed());
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(_) => fs::create_dir_all(parent)?,
            }
        }
        Ok(path)
    }

    /// Copies the built-in static files, then the site's `static/` over them.
    pub fn copy_static(&self, root: &Path, defaults: &[(&str, &str)]) -> io::Result<()> {
        for (name, text) in defaults {
            self.put(&Path::new("static").join(name), text.as_bytes())?;
        }
        let from = root.join("static");
        if !from.is_dir() {
            return Ok(());
        }
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.map_err(io::Error::other)?;
            if entry.file_type().is_file() {
                let rel = entry.path().strip_prefix(&from).map_err(io::Error::other)?;
                fs::copy(entry.path(), self.make_room(&Path::new("static").join(rel))?)?;
            }
        }
        Ok(())
    }

    /// Swaps the new folder in: the old output is moved aside and the new one renamed into place.
    /// The old one is returned as an [`OldSite`], to be deleted.
    pub fn commit(mut self) -> io::Result<(PathBuf, OldSite)> {
        let name = self.target.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let old = self.holder.with_file_name(format!(".{name}.old-{}", std::process::id()));
        let had_old = self.target.exists();
        if had_old {
            fs::rename(&self.target, &old)?;
        }
        if let Err(e) = fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        let _ = fs::remove_dir(&self.holder);
        if !had_old {
            return Ok((self.target.clone(), OldSite(None)));
        }
        // From here on the build has succeeded: nothing may turn it into an error. The old site is
        // certainly not needed now; renamed to say so, anyone may delete it. A folder of that name
        // left by an earlier process with this number is deleted first.
        let trash = old.with_file_name(format!(".{name}{TRASH}{}", std::process::id()));
        if trash.exists() {
            let _ = fs::remove_dir_all(&trash);
        }
        if fs::rename(&old, &trash).is_err() {
            let _ = fs::remove_dir_all(&old);
            return Ok((self.target.clone(), OldSite(None)));
        }
        Ok((self.target.clone(), OldSite(Some(trash))))
    }
}

/// What a replaced site is renamed to before it is deleted: `.<name>.trash-<pid>`, the pid of the
/// build that replaced it, then of the process deleting it. It keeps the output marker until last.
const TRASH: &str = ".trash-";

/// The site a build replaced. Deleting it takes longer than the build on ext4 (26 s for 50,000
/// claims on this project's disk, against 13 s for the build), so the command line hands it to a
/// process of its own ([`OldSite::remove_in_background`]) and returns. Dropped, it is deleted
/// before the drop returns.
pub struct OldSite(Option<PathBuf>);

impl OldSite {
    /// Starts `program remove-old-site <folder>` and does not wait for it. Only where a later build
    /// can tell whether that process still runs (`/proc`), so that it can finish a deletion that
    /// was stopped; elsewhere, or if the process cannot be started, the folder is deleted here.
    pub fn remove_in_background(mut self, program: &Path) {
        if processes().is_none() {
            return;
        }
        let Some(folder) = self.0.take() else { return };
        let mut command = std::process::Command::new(program);
        command
            .arg("remove-old-site")
            .arg(&folder)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // A group of its own: whatever stops the build's group (a file watcher restarting it, a
        // timeout) does not stop the deletion halfway.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        if command.spawn().is_err() {
            let _ = fs::remove_dir_all(&folder);
        }
    }
}

impl Drop for OldSite {
    fn drop(&mut self) {
        if let Some(folder) = self.0.take() {
            let _ = fs::remove_dir_all(folder);
        }
    }
}

/// Deletes a replaced site: only a folder named `.<name>.trash-<pid>` that claimtrack built (it
/// holds the output marker). It is first renamed after this process, so that a build starting
/// meanwhile sees that someone is deleting it.
pub fn remove_old_site(folder: &Path) -> io::Result<()> {
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let trash = name.rsplit_once(TRASH).filter(|(site, pid)| site.starts_with('.') && pid.parse::<u32>().is_ok());
    let Some((site, _)) = trash else {
        return Err(io::Error::other(format!("{}: not a site claimtrack replaced", folder.display())));
    };
    if !folder.join(MARKER).is_file() {
        return Err(io::Error::other(format!("{}: not a folder claimtrack built", folder.display())));
    }
    let mine = folder.with_file_name(format!("{site}{TRASH}{}", std::process::id()));
    let folder = if fs::rename(folder, &mine).is_ok() { mine } else { folder.to_path_buf() };
    // The marker goes last: a build finishing a stopped deletion knows the folder by it.
    for entry in fs::read_dir(&folder)? {
        let entry = entry?;
        if entry.file_name() != MARKER {
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::remove_file(entry.path())?;
            }
        }
    }
    fs::remove_dir_all(&folder)
}

/// A replaced site that a stopped `remove-old-site` left: it still has the marker, or nothing.
fn is_trash(folder: &Path) -> bool {
    folder.join(MARKER).is_file() || fs::read_dir(folder).is_ok_and(|mut d| d.next().is_none())
}

/// Makes the folder the site is built in, inside `holder`, with the output marker as its first
/// file.
///
/// That first file shows where the folder landed: on ext4 without a journal, a file created among
/// recently freed inodes waits for a scan of them (see [`place_apart`]), ten times as long as
/// elsewhere. When it takes `crowded` or more, the folder is tried again under another name, which
/// the allocator places elsewhere, up to [`PLACEMENTS`] times; the fastest try is kept and the
/// others are removed.
fn site_folder(holder: &Path, name: &str, crowded: Duration) -> io::Result<PathBuf> {
    let mut fastest: Option<(Duration, PathBuf)> = None;
    for attempt in 0..PLACEMENTS {
        let dir = holder.join(format!("{name}-{attempt}"));
        fs::create_dir(&dir)?;
        let started = Instant::now();
        fs::write(dir.join(MARKER), "This folder is written by `claimtrack build` and replaced on every build.\n")?;
        let took = started.elapsed();
        let keep = fastest.as_ref().is_none_or(|(best, _)| took < *best);
        let dropped = if keep { fastest.replace((took, dir)).map(|(_, d)| d) } else { Some(dir) };
        if let Some(dropped) = dropped {
            fs::remove_dir_all(dropped)?;
        }
        if took < crowded {
            break;
        }
    }
    Ok(fastest.map(|(_, dir)| dir).unwrap_or_default())
}

/// Removes what an interrupted claimtrack left beside the output `name`: unfinished builds
/// (`.<name>.new-<pid>`) and replaced sites it did not finish deleting (`.<name>.trash-<pid>`),
/// each only when its process no longer runs. Each can hold a whole site. Only where `/proc` tells
/// which processes run; a moved-aside old site (`.<name>.old-<pid>`) is never touched: until the
/// swap is done, it may be the only copy of the site.
fn remove_abandoned(parent: &Path, name: &str) {
    let Some(processes) = processes() else { return };
    let prefixes = [format!(".{name}.new-"), format!(".{name}{TRASH}")];
    let Ok(entries) = fs::read_dir(parent) else { return };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let found = prefixes.iter().enumerate().find_map(|(i, p)| Some((i, file_name.strip_prefix(p.as_str())?)));
        let Some((kind, pid)) = found else { continue };
        let abandoned = pid.parse::<u32>().is_ok_and(|p| p != std::process::id()) && !processes.join(pid).exists();
        // An unfinished build is always claimtrack's; a replaced site must still show it (looked
        // at on disk only for folders whose process is gone).
        if abandoned && (kind == 0 || is_trash(&entry.path())) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

/// Where the system tells which processes run, one folder per process number (`/proc`, as on
/// Linux); `None` where it does not.
fn processes() -> Option<&'static Path> {
    let proc = Path::new("/proc");
    proc.join("self").exists().then_some(proc)
}

/// Marks `holder` as the top of a directory hierarchy (the `T` attribute of `chattr`), so that ext4
/// places each folder made in it in the least crowded block group, chosen from a hash of the
/// folder's name, instead of beside its parent. The site folder's name changes with every build,
/// so every build lands somewhere fresh.
///
/// On an ext4 without a journal, the kernel will not reuse an inode freed in the last minutes, and
/// finds that out by looking up each recently freed inode of the group, for every file it creates.
/// A rebuild right after the previous site was deleted (each rebuild deletes the last) spent most
/// of its time in the kernel, scanning the old site's inodes: 10,000 claims took 4 to 12 s instead
/// of 2 to 3. Other file systems refuse the request, which changes nothing.
fn place_apart(dir: &Path) {
    if let Ok(folder) = fs::File::open(dir) {
        set_top(&folder, true);
    }
}

/// Sets or clears the `T` attribute of a folder (see [`place_apart`]); whether it now has it as
/// asked. Only ext4 and a few others know it; elsewhere nothing changes.
fn set_top(folder: &fs::File, on: bool) -> bool {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        const FS_TOPDIR_FL: libc::c_int = 0x0002_0000;
        let fd = folder.as_raw_fd();
        let mut flags: libc::c_int = 0;
        // SAFETY: both calls read or write one int through a pointer to a live local, on a file
        // descriptor that stays open for the duration; the kernel takes `int` for these flags.
        unsafe {
            if libc::ioctl(fd, libc::FS_IOC_GETFLAGS, &mut flags) != 0 {
                return false;
            }
            let wanted = if on { flags | FS_TOPDIR_FL } else { flags & !FS_TOPDIR_FL };
            wanted == flags || libc::ioctl(fd, libc::FS_IOC_SETFLAGS, &wanted) == 0
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (folder, on);
        false
    }
}

/// How long making a page folder may take before it counts as crowded, how far a section's
/// crowding score may climb before the section moves on ([`Crowding::made`]), what a quick folder
/// takes off the score, and how many moves a build makes at most. A page folder takes 21 to 56 µs
/// on this project's ext4 disk (averages per flex group), 108 to 162 µs among inodes freed in the
/// last minutes, where 90 to 100% of them take 60 µs or more.
const CROWDED_FOLDER: Duration = Duration::from_micros(60);
const CROWDED_SCORE: u32 = 32;
const QUICK_CREDIT: u32 = 1;
const MOVES: u32 = 64;

/// Watches how long each section's page folders take to make, and moves a section elsewhere on the
/// disk when most of them are crowded.
///
/// ext4 puts a new folder in the flex group of its parent's previous one and moves on to the next
/// group only when that one holds its share of folders, so the sections of a 50,000-claim site fill
/// seven or eight groups in a row from wherever their first folders went. Where those groups hold a
/// site deleted in the last minutes (a rebuild after `rm -rf public`, a benchmark), every folder
/// and file waits for a scan of the deleted inodes ([`place_apart`]), and the scan gets shorter as
/// the group fills up again: in seven 50,000-claim builds in a row, each after deleting the last,
/// page folders among deleted inodes took 108 to 162 µs on average per flex group, only 10 to 35%
/// of them over 150 µs, while elsewhere they took 21 to 56 µs, 1 to 35% of them over 60 µs.
///
/// So each section keeps a score: a crowded folder adds one, a quick one takes [`QUICK_CREDIT`]
/// off. It climbs wherever most folders are crowded, and stays near zero where one in three is,
/// as in the busiest fresh groups (elsewhere, 1 or 2%).
#[derive(Default)]
struct Crowding {
    /// The crowding score, per section folder.
    scores: Mutex<HashMap<PathBuf, u32>>,
    moves: AtomicU32,
}

impl Crowding {
    /// Notes that making `folder` took `took`. When its section's score reaches
    /// [`CROWDED_SCORE`], moves that section on ([`move_on`], where the file system allows it)
    /// and returns true.
    fn made(&self, folder: &Path, took: Duration) -> bool {
        let Some(section) = folder.parent() else { return false };
        let Ok(mut scores) = self.scores.lock() else { return false };
        if took < CROWDED_FOLDER {
            if let Some(score) = scores.get_mut(section) {
                *score = score.saturating_sub(QUICK_CREDIT);
            }
            return false;
        }
        let score = scores.entry(section.to_path_buf()).or_default();
        *score += 1;
        if *score < CROWDED_SCORE {
            return false;
        }
        *score = 0;
        drop(scores);
        if self.moves.fetch_add(1, Ordering::Relaxed) >= MOVES {
            return false;
        }
        move_on(section);
        true
    }
}

/// Makes ext4 put the next folders made in `section` somewhere else: for one folder, made and
/// removed at once, `section` has the `T` attribute, so that folder goes to a group picked afresh
/// from a hash of its name (a new one each time), and the folders after it follow it there. One
/// folder, whatever it took: making up to four and stopping at the first quick one made
/// 50,000-claim builds slower (medians 16.8 and 22.3 s, against 10.8 and 11.0 s, alternating).
fn move_on(section: &Path) {
    let Ok(folder) = fs::File::open(section) else { return };
    if !set_top(&folder, true) {
        return;
    }
    let probe = section.join(format!(".claimtrack-move-{}", fresh_number()));
    if fs::create_dir(&probe).is_ok() {
        let _ = fs::remove_dir(&probe);
    }
    set_top(&folder, false);
}

/// The clock in nanoseconds: a number that differs from one call to the next, for names ext4
/// should place afresh.
fn fresh_number() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos()
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
            let _ = fs::remove_dir_all(&self.holder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crowded_site_folder_is_tried_elsewhere_and_only_the_kept_one_remains() {
        let holder = std::env::temp_dir().join(format!("claimtrack-site-folder-{}", std::process::id()));
        let _ = fs::remove_dir_all(&holder);
        fs::create_dir_all(&holder).unwrap();
        // Every try counts as crowded: all of them are made, one is kept, the others are gone.
        let kept = site_folder(&holder, "site-a", Duration::ZERO).unwrap();
        let left: Vec<PathBuf> = fs::read_dir(&holder).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(left, vec![kept.clone()]);
        assert!((0..PLACEMENTS).any(|i| kept == holder.join(format!("site-a-{i}"))), "{}", kept.display());
        assert!(kept.join(MARKER).is_file());
        // A first try that is not crowded is kept at once.
        assert_eq!(site_folder(&holder, "site-b", Duration::MAX).unwrap(), holder.join("site-b-0"));
        assert_eq!(fs::read_dir(&holder).unwrap().count(), 2);
        fs::remove_dir_all(&holder).unwrap();
    }

    #[test]
    fn a_section_whose_page_folders_are_mostly_crowded_moves_on_and_leaves_nothing_in_it() {
        let site = std::env::temp_dir().join(format!("claimtrack-crowding-{}", std::process::id()));
        let _ = fs::remove_dir_all(&site);
        let (claims, sources) = (site.join("claims"), site.join("sources"));
        for folder in [claims.join("a"), sources.join("b")] {
            fs::create_dir_all(folder).unwrap();
        }
        let crowding = Crowding::default();
        let page = claims.join("a");
        let (crowded, quick) = (CROWDED_FOLDER, Duration::ZERO);
        // One crowded folder in two, for far longer than a score to move: the section stays.
        assert!((0..100).all(|_| [crowded, quick].iter().all(|t| !crowding.made(&page, *t))));
        // Four in five: it moves on, later than the score alone would, since each quick one takes
        // one off: four up and one down make 30 after ten rounds of five, 32 two folders later.
        let pattern = |i: u32| if i % 5 == 4 { quick } else { crowded };
        let moved_at = (0..10 * CROWDED_SCORE).find(|i| crowding.made(&page, pattern(*i))).unwrap();
        assert_eq!(moved_at, 51);
        // The score starts again from nothing and never goes below it: quick folders now do not
        // make later crowded ones count for less.
        assert!((0..5).all(|_| !crowding.made(&page, quick)));
        // Another section's crowded folders do not count toward this one's score.
        assert!((1..CROWDED_SCORE).all(|_| !crowding.made(&sources.join("b"), crowded)));
        assert!((1..CROWDED_SCORE).all(|_| !crowding.made(&page, crowded)));
        assert!(crowding.made(&page, crowded));
        // Moving on leaves the section as it was.
        let names: Vec<_> = fs::read_dir(&claims).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, ["a"]);
        // A build moves on at most MOVES times, the two above included.
        let later = (0..2 * MOVES * CROWDED_SCORE).filter(|_| crowding.made(&page, crowded)).count();
        assert_eq!(2 + later, MOVES as usize);
        assert_eq!(fs::read_dir(&claims).unwrap().count(), 1);
        fs::remove_dir_all(&site).unwrap();
    }
}
