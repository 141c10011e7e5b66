//! What the link check found, kept for a day so that running it again is instant: one JSON file,
//! `links.json`, in the folder [`folder`] names.
//!
//! Reading it is forgiving (a missing, unreadable or foreign file is an empty cache), and writing it
//! goes through a temporary file and a rename, so that a run stopped halfway never leaves half a
//! file for the next one. The user's cache folder is found here in a few lines rather than with a
//! crate for it: three environment variables are all it takes on the systems claimtrack runs on.

use super::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a result is trusted.
pub const FRESH: Duration = Duration::from_secs(24 * 60 * 60);

/// The environment variable that names the cache folder, overriding [`folder`]'s choice.
pub const ENV: &str = "CLAIMTRACK_CACHE_DIR";

#[derive(Serialize, Deserialize, Clone)]
struct Entry {
    /// When the page was asked, in seconds since 1970.
    checked: u64,
    outcome: Outcome,
}

#[derive(Default)]
pub struct Cache {
    file: Option<PathBuf>,
    entries: HashMap<String, Entry>,
    now: u64,
}

/// The folder the cache lives in: `$CLAIMTRACK_CACHE_DIR`, else the user's cache folder
/// (`$XDG_CACHE_HOME` or `~/.cache` on Linux, `~/Library/Caches` on macOS, `%LOCALAPPDATA%` on
/// Windows) with `claimtrack/` in it, else `.claimtrack-cache/` beside `content/`.
pub fn folder(root: &Path) -> PathBuf {
    let env = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty()).map(PathBuf::from);
    if let Some(dir) = env(ENV) {
        return dir;
    }
    let user = if cfg!(target_os = "macos") {
        env("HOME").map(|h| h.join("Library/Caches"))
    } else if cfg!(windows) {
        env("LOCALAPPDATA")
    } else {
        env("XDG_CACHE_HOME").or_else(|| env("HOME").map(|h| h.join(".cache")))
    };
    user.map(|dir| dir.join("claimtrack")).unwrap_or_else(|| root.join(".claimtrack-cache"))
}

impl Cache {
    /// The cache in `dir`, without the results older than [`FRESH`].
    pub fn open(dir: &Path) -> Cache {
        let now = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let file = dir.join("links.json");
        let mut entries: HashMap<String, Entry> =
            std::fs::read(&file).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
        entries.retain(|_, e| e.checked <= now && now - e.checked < FRESH.as_secs());
        Cache { file: Some(file), entries, now }
    }

    pub fn get(&self, url: &str) -> Option<&Outcome> {
        self.entries.get(url).map(|e| &e.outcome)
    }

    pub fn put(&mut self, url: String, outcome: Outcome) {
        self.entries.insert(url, Entry { checked: self.now, outcome });
    }

    /// Writes the cache back. A cache that cannot be written only makes the next run slower, so
    /// the error is returned for a note, not a failure.
    pub fn save(&self) -> std::io::Result<()> {
        let Some(file) = &self.file else { return Ok(()) };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let temporary = file.with_extension(format!("json.{}", std::process::id()));
        let bytes = serde_json::to_vec(&self.entries).map_err(std::io::Error::other)?;
        std::fs::write(&temporary, bytes)?;
        std::fs::rename(&temporary, file).inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
    }
}
