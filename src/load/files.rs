//! Files: the one way claimtrack finds and reads the files an editor keeps (content, site
//! settings, templates, static files), so that no odd file can hang, exhaust or escape a run.
//!
//! Every such file must be a *regular* file: a named pipe would block the read until something
//! writes to it (for ever, in `check`), and a device such as `/dev/zero` never ends. Symbolic links
//! are followed while they stay inside the site folder (a shared template, a logo kept once) and
//! reported when they leave it, since a site must build the same from any copy of its folder.
//! Whatever is read into memory is read with a bound, [`LIMIT`]; whatever is refused is reported at
//! its path by the caller, with [`Refused`]'s reason.
//!
//! The checks are made on the path, before the file is opened (opening a named pipe already
//! blocks), and again on the opened file, so a file swapped for a large one in between is still
//! read only up to the bound.

use std::fmt;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The most a file claimtrack reads may hold: 16 MiB. The longest article in the shipped content
/// is 8 KB and a very long newspaper article about 100 KB of text, so this leaves room for any real
/// archived text (and for the 13 MB article the robustness tests load), while 16 files read at once
/// (the loader's readers) hold at most 256 MiB. Static files are copied, not read, and have no bound.
pub const LIMIT: u64 = 16 * 1024 * 1024;

/// Why a file is not read.
#[derive(Debug)]
pub enum Refused {
    /// A symbolic link leading out of the site folder, to this path.
    Outside(PathBuf),
    /// Not a regular file: what it is instead ("a named pipe (FIFO)").
    Special(&'static str),
    /// Larger than [`LIMIT`]: its size in bytes.
    TooLarge(u64),
    Io(io::Error),
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refused::Outside(to) => write!(
                f,
                "it is a symbolic link to {}, outside the site folder; links may only lead to files inside it",
                to.display()
            ),
            Refused::Special(kind) => write!(f, "it is {kind}, not a regular file"),
            Refused::TooLarge(size) => write!(
                f,
                "it holds {:.1} MiB, more than the {} MiB a file may hold",
                *size as f64 / (1024.0 * 1024.0),
                LIMIT / (1024 * 1024)
            ),
            Refused::Io(e) => write!(f, "{e}"),
        }
    }
}

impl From<io::Error> for Refused {
    fn from(e: io::Error) -> Self {
        Refused::Io(e)
    }
}

/// Reads `path` (which lies in the site at `root`) whole: a regular file, reached only through
/// links that stay inside `root`, of at most [`LIMIT`] bytes.
pub fn read(root: &Path, path: &Path) -> Result<Vec<u8>, Refused> {
    let real = regular_in(root, path)?;
    read_regular(&real)
}

/// Reads a file already found to be regular (by [`regular_in`] or [`walk`]), up to [`LIMIT`].
pub fn read_regular(path: &Path) -> Result<Vec<u8>, Refused> {
    let mut file = fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(Refused::Special(kind(&meta.file_type())));
    }
    if meta.len() > LIMIT {
        return Err(Refused::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The size was read before the file was: it may have grown since.
    file.by_ref().take(LIMIT + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > LIMIT {
        return Err(Refused::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Where `path` leads: the path itself, or with a link on the way the real path, which must lie in
/// `root`; it must be a regular file. The file is not opened.
pub fn regular_in(root: &Path, path: &Path) -> Result<PathBuf, Refused> {
    let real = if has_link(root, path)? {
        let (real, root) = (path.canonicalize()?, root.canonicalize()?);
        if !real.starts_with(&root) {
            return Err(Refused::Outside(real));
        }
        real
    } else {
        path.to_path_buf()
    };
    let meta = fs::metadata(&real)?;
    if !meta.is_file() {
        return Err(Refused::Special(kind(&meta.file_type())));
    }
    Ok(real)
}

/// Whether `path` or a folder on the way to it from `root` is a symbolic link.
fn has_link(root: &Path, path: &Path) -> io::Result<bool> {
    let mut at = Some(path);
    while let Some(here) = at.filter(|p| *p != root && !p.as_os_str().is_empty()) {
        if fs::symlink_metadata(here)?.file_type().is_symlink() {
            return Ok(true);
        }
        at = here.parent();
    }
    Ok(false)
}

/// What a walk of a folder found: the regular files wanted, and what was refused, at its path.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub refused: Vec<(PathBuf, String)>,
    /// Whether the walk went through a symbolic link.
    pub links: bool,
}

/// Every regular file under `dir` (inside the site at `root`) whose path `wanted` accepts, through
/// links that stay inside `root`. Links leaving it, link loops and special files that `wanted`
/// accepts are refused (a link to a folder outside is not entered). The files come in walk order.
pub fn walk(root: &Path, dir: &Path, wanted: impl Fn(&Path) -> bool) -> Walk {
    let mut found = Walk::default();
    if !dir.exists() {
        return found;
    }
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut outside = Vec::new();
    let mut links = false;
    let entries = walkdir::WalkDir::new(dir).follow_links(true).into_iter().filter_entry(|e| {
        if !e.path_is_symlink() {
            return true;
        }
        links = true;
        match e.path().canonicalize() {
            Ok(real) if real.starts_with(&inside) => true,
            Ok(real) => {
                outside.push((e.path().to_path_buf(), Refused::Outside(real).to_string()));
                false
            }
            // A broken link: the walk reports it.
            Err(_) => true,
        }
    });
    for item in entries {
        match item {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) if !wanted(e.path()) => {}
            Ok(e) if e.file_type().is_file() => found.files.push(e.into_path()),
            Ok(e) => found.refused.push((e.path().to_path_buf(), Refused::Special(kind(&e.file_type())).to_string())),
            Err(e) => {
                let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.to_path_buf());
                let why = if e.loop_ancestor().is_some() {
                    "a symbolic link here points back to one of its own parent folders".to_string()
                } else {
                    e.io_error().map(|io| io.to_string()).unwrap_or_else(|| e.to_string())
                };
                found.refused.push((path, why));
            }
        }
    }
    found.refused.append(&mut outside);
    found.links = links;
    found
}

/// What a file that is not regular is, in words.
fn kind(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() { "a folder" } else { "not a file" }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn site(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("claimtrack-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("site/shared")).unwrap();
        fs::write(dir.join("site/shared/a.md"), "a").unwrap();
        fs::write(dir.join("outside.md"), "secret").unwrap();
        dir
    }

    #[test]
    fn links_inside_the_site_are_followed_and_links_out_of_it_refused() {
        let dir = site("links");
        let root = dir.join("site");
        symlink(root.join("shared/a.md"), root.join("in.md")).unwrap();
        symlink(dir.join("outside.md"), root.join("out.md")).unwrap();
        symlink("/dev/zero", root.join("zero.md")).unwrap();
        assert_eq!(read(&root, &root.join("in.md")).unwrap(), b"a");
        assert!(matches!(read(&root, &root.join("out.md")), Err(Refused::Outside(_))));
        assert!(matches!(read(&root, &root.join("zero.md")), Err(Refused::Outside(_))));
        let mut walk = walk(&root, &root, |p| p.extension().is_some_and(|e| e == "md"));
        walk.files.sort();
        assert_eq!(walk.files, vec![root.join("in.md"), root.join("shared/a.md")]);
        let refused: Vec<&Path> = walk.refused.iter().map(|(p, _)| p.as_path()).collect();
        assert_eq!(refused.len(), 2, "{:?}", walk.refused);
        assert!(refused.contains(&root.join("out.md").as_path()) && refused.contains(&root.join("zero.md").as_path()));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_file_over_the_limit_is_refused_without_being_read() {
        let dir = site("large");
        let big = dir.join("site/big.md");
        fs::File::create(&big).unwrap().set_len(LIMIT + 1).unwrap();
        let refused = read(&dir.join("site"), &big).unwrap_err();
        assert_eq!(refused.to_string(), "it holds 16.0 MiB, more than the 16 MiB a file may hold");
        fs::remove_dir_all(dir).unwrap();
    }
}
