//! Swap: put the new site at the output path in one step where the system allows it and in two
//! recoverable steps elsewhere, delete the old one, and put right what a stopped build left.
//!
//! Beside the output `public/` a build makes only these, always while it holds the output's lock
//! ([`super::lock`]), so that the next build, taking the lock, knows that whoever made them is
//! gone:
//!
//! - `.public.new-<pid>`: the site being built; after an exchange, the old site being deleted.
//! - `.public.old-<pid>`: where the system has no exchange, the old site moved aside for the
//!   moment between the two renames. If the build is killed then, it is the only complete site.
//!
//! Killed at any point, a build leaves one of these, and the next build ([`recover`]) finds:
//!
//! | killed                          | at `public/`  | beside it                 | next build     |
//! |---------------------------------|---------------|---------------------------|----------------|
//! | while rendering, before the swap| the old site  | `.new-` (half a site)     | deletes it     |
//! | after the exchange              | the new site  | `.new-` (the old site)    | deletes it     |
//! | no exchange: after moving aside | nothing       | `.old-` (old), `.new-`    | puts `.old-` back, deletes `.new-` |
//! | no exchange: after moving in    | the new site  | `.old-` (the old site)    | deletes it     |
//! | while deleting the old site     | the new site  | `.new-` or `.old-` (part) | deletes it     |
//!
//! The exchange leaves no moment without a site; the two renames leave one, between them, that
//! lasts until the next build (or the next line of this one, which puts the old site back if the
//! new one cannot go in). An `.old-` folder is touched only while it still has the output marker,
//! which the deletion removes last, or is empty: a folder of that name that claimtrack did not make
//! stays. `.public.trash-<pid>` folders, which earlier versions left, go the same way.

use super::MARKER;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What the folder a site is built in is called after the output's name: `.public.new-<pid>`.
pub const NEW: &str = ".new-";
/// The old site moved aside where the system has no exchange.
const OLD: &str = ".old-";
/// A replaced site as earlier versions named it before deleting it in a process of its own.
const TRASH: &str = ".trash-";

/// Puts the complete site in `new` at `target` and deletes the site that was there.
pub fn swap_in(new: &Path, target: &Path) -> io::Result<()> {
    step("swap");
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(new, target);
    }
    if exchange(new, target)? {
        step("exchanged");
        remove_site(new);
        return Ok(());
    }
    let old = beside(target, OLD);
    fs::rename(target, &old)?;
    step("aside");
    if let Err(e) = fs::rename(new, target) {
        // Failing that, the next build puts it back.
        let _ = fs::rename(&old, target);
        return Err(e);
    }
    step("placed");
    remove_site(&old);
    Ok(())
}

/// `.<name><kind><pid>` beside `target`, for this process.
fn beside(target: &Path, kind: &str) -> PathBuf {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    target.with_file_name(format!(".{name}{kind}{}", std::process::id()))
}

/// Exchanges the two folders in one step (`renameat2` with `RENAME_EXCHANGE`); false where the
/// system or the file system cannot (Linux before 3.15, some network and FUSE file systems).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    if cfg!(debug_assertions) && std::env::var_os("CLAIMTRACK_NO_EXCHANGE").is_some() {
        return Ok(false);
    }
    let (a, b) = (CString::new(a.as_os_str().as_bytes())?, CString::new(b.as_os_str().as_bytes())?);
    // SAFETY: both pointers are to NUL-terminated strings that live until the call returns.
    let done =
        unsafe { libc::renameat2(libc::AT_FDCWD, a.as_ptr(), libc::AT_FDCWD, b.as_ptr(), libc::RENAME_EXCHANGE) };
    if done == 0 {
        return Ok(true);
    }
    let e = io::Error::last_os_error();
    match e.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// Deletes a replaced site, the output marker last, so that a deletion cut short leaves a folder
/// the next build still knows as claimtrack's. Errors are left to the next build.
fn remove_site(folder: &Path) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    for entry in entries.filter_map(Result::ok) {
        if entry.file_name() == MARKER {
            continue;
        }
        let path = entry.path();
        let _ = if path.is_dir() { fs::remove_dir_all(&path) } else { fs::remove_file(&path) };
        step("removing");
    }
    let _ = fs::remove_dir_all(folder);
}

/// What a stopped build left beside the output, by the part of its name after the output's.
#[derive(PartialEq, PartialOrd, Eq, Ord)]
enum Leftover {
    /// `.new-<pid>`: claimtrack's by its name alone.
    Building,
    /// `.old-<pid>` and `.trash-<pid>`: claimtrack's while they have the marker or nothing.
    Replaced { restorable: bool },
}

/// Puts right what stopped builds left beside `target`: with no site at `target`, the old site
/// moved aside goes back; everything else of theirs is deleted. Only while the output's lock is
/// held, so that none of it belongs to a build still running.
pub fn recover(target: &Path) -> io::Result<()> {
    let (Some(parent), Some(name)) = (target.parent(), target.file_name()) else { return Ok(()) };
    let prefix = format!(".{}", name.to_string_lossy());
    let Ok(entries) = fs::read_dir(parent) else { return Ok(()) };
    let mut found: Vec<(Leftover, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name();
            let rest = file_name.to_str()?.strip_prefix(prefix.as_str())?;
            let kind = [NEW, OLD, TRASH].into_iter().find(|k| rest.strip_prefix(k).is_some_and(is_number))?;
            let path = entry.path();
            let leftover = match kind {
                NEW => Leftover::Building,
                _ if is_replaced_site(&path) => Leftover::Replaced { restorable: kind == OLD },
                _ => return None,
            };
            Some((leftover, path))
        })
        .collect();
    found.sort();
    if fs::symlink_metadata(target).is_err()
        && let Some(i) =
            found.iter().position(|(l, p)| *l == Leftover::Replaced { restorable: true } && p.join(MARKER).is_file())
    {
        let (_, old) = found.remove(i);
        fs::rename(&old, target)
            .map_err(|e| io::Error::other(format!("cannot put the previous site back from {}: {e}", old.display())))?;
    }
    for (_, path) in found {
        let _ = fs::remove_dir_all(path);
    }
    Ok(())
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A replaced site, or what is left of it: it still has the output marker, or nothing.
fn is_replaced_site(folder: &Path) -> bool {
    folder.join(MARKER).is_file() || fs::read_dir(folder).is_ok_and(|mut d| d.next().is_none())
}

/// A point in a build where the tests stop it. In debug builds only: `CLAIMTRACK_CRASH_AT=<step>`
/// kills the process there as `kill -9` or a power cut would (no destructor runs), and
/// `CLAIMTRACK_PAUSE_AT=<step>:<file>` waits there until `<file>` exists. Steps: `staged` (the
/// build folder made, nothing rendered), `swap` (the new site complete), `exchanged`, `aside`
/// and `placed` (after the exchange, or after each of the two renames where there is none) and
/// `removing` (part of the old site deleted).
pub fn step(name: &str) {
    #[cfg(debug_assertions)]
    {
        if std::env::var("CLAIMTRACK_CRASH_AT").is_ok_and(|at| at == name) {
            #[cfg(unix)]
            // SAFETY: sending a signal to this process reads and writes no memory of ours.
            unsafe {
                libc::kill(libc::getpid(), libc::SIGKILL);
            }
            std::process::abort();
        }
        if let Ok(at) = std::env::var("CLAIMTRACK_PAUSE_AT")
            && let Some((at, file)) = at.split_once(':')
            && at == name
        {
            while !Path::new(file).exists() {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}
