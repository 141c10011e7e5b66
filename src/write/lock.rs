//! Lock: builds into one output take turns, and say so while they wait.
//!
//! A build holds an exclusive lock on `.public.lock` beside the output (std's `File::lock`:
//! `flock` on Unix, `LockFileEx` on Windows) from before it makes its folder until the old site is
//! deleted. The system lets go of it when the process ends, however it ends, so a killed build
//! never leaves the output locked, and whoever holds the lock knows that nothing beside the output
//! belongs to a build still running. The file holds the holder's process number, only for the
//! message a waiting build prints. The holder deletes it before letting go, so that nothing is
//! left beside the output; a build that was waiting on the deleted file sees that it is no longer
//! at its path and takes the lock again on the file now there.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub struct Lock {
    /// `None` where the file system has no locks: the build goes ahead alone, as before locks.
    file: Option<File>,
    path: PathBuf,
}

impl Lock {
    /// Takes the lock at `path`, waiting as long as another build holds it; `output` is named in
    /// the message printed while waiting.
    pub fn take(path: &Path, output: &Path) -> io::Result<Lock> {
        let mut told = false;
        loop {
            let file = fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(path)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    if !told {
                        let holder = fs::read_to_string(path).ok().and_then(|s| s.trim().parse::<u32>().ok());
                        let pid = holder.map(|p| format!(" (pid {p})")).unwrap_or_default();
                        eprintln!("waiting for another build of {}{pid} to finish", output.display());
                        told = true;
                    }
                    file.lock()?;
                }
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {
                    return Ok(Lock { file: None, path: path.to_path_buf() });
                }
                Err(TryLockError::Error(e)) => return Err(e),
            }
            if still_at(&file, path) {
                let mut file = file;
                file.set_len(0)?;
                write!(file, "{}", std::process::id())?;
                return Ok(Lock { file: Some(file), path: path.to_path_buf() });
            }
        }
    }
}

/// Whether `file` is still the one at `path` (its holder deletes it before letting go).
#[cfg(unix)]
fn still_at(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Elsewhere the file is never deleted, so it is always the one at its path.
#[cfg(not(unix))]
fn still_at(_: &File, _: &Path) -> bool {
    true
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Deleted while still locked; the lock goes with the file handle just after.
        if cfg!(unix) && self.file.is_some() {
            let _ = fs::remove_file(&self.path);
        }
    }
}
