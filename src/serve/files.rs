//! Which file a request path names, and what kind of file it is.
//!
//! This is the dev server's only door onto the disk, so it is strict: the path is percent-decoded
//! once, any `.` or `..` segment (however it was encoded) or backslash is refused before the disk is
//! touched, and the file finally chosen is resolved through every symbolic link and must still lie
//! inside the built site. Everything here is a pure function of the path and the output folder, so
//! it is tested without a server.

use std::path::{Path, PathBuf};

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    /// A file inside the output, resolved through symbolic links.
    File(PathBuf),
    /// A folder asked for without its trailing slash, or the bare host: send the browser here.
    Redirect(String),
    /// A path that tries to leave the output folder.
    Forbidden,
    NotFound,
}

/// Finds the file for `path` (the request target without its query) in the site built at `output`,
/// whose pages live under `base` (the path part of `base_url`, starting and ending with `/`).
pub fn locate(output: &Path, base: &str, path: &str) -> Target {
    let Some(decoded) = percent_decode(path) else {
        return Target::Forbidden;
    };
    if decoded.contains('\\') || decoded.contains('\0') || decoded.split('/').any(|s| s == ".." || s == ".") {
        return Target::Forbidden;
    }
    if base != "/" && (decoded == "/" || decoded == base.trim_end_matches('/')) {
        return Target::Redirect(base.to_string());
    }
    let Some(rel) = decoded.strip_prefix(base) else {
        return Target::NotFound;
    };
    let (Ok(root), Ok(found)) = (output.canonicalize(), output.join(rel).canonicalize()) else {
        return Target::NotFound;
    };
    if !found.starts_with(&root) {
        return Target::Forbidden;
    }
    if found.is_dir() {
        if !path.ends_with('/') {
            return Target::Redirect(format!("{path}/"));
        }
        return match found.join("index.html").canonicalize() {
            Ok(index) if !index.starts_with(&root) => Target::Forbidden,
            Ok(index) if index.is_file() => Target::File(index),
            _ => Target::NotFound,
        };
    }
    if found.is_file() { Target::File(found) } else { Target::NotFound }
}

/// The files an incremental rebuild changed, laid over the build on disk: a file's new bytes, or
/// `None` for a file the rebuild removed.
pub type Overlay = std::collections::HashMap<PathBuf, Option<std::sync::Arc<[u8]>>>;

/// What a request path leads to in an [`Overlay`].
#[derive(Debug, PartialEq, Eq)]
pub enum Overlaid {
    /// A file the rebuilds made, by its path relative to the site, with its bytes.
    File(PathBuf, std::sync::Arc<[u8]>),
    /// A file the rebuilds removed.
    Removed,
    /// A folder of the overlay asked for without its trailing slash.
    Redirect(String),
}

/// What a request path leads to in `overlay`, if it is there; `None` when the overlay does not
/// hold it (or the path is one [`locate`] refuses): the disk answers.
pub fn in_overlay(overlay: &Overlay, base: &str, path: &str) -> Option<Overlaid> {
    if overlay.is_empty() {
        return None;
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\\') || decoded.contains('\0') || decoded.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    let rel = decoded.strip_prefix(base)?;
    let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_string() };
    if let Some(found) = overlay.get(Path::new(&file)) {
        return Some(match found {
            Some(bytes) => Overlaid::File(PathBuf::from(file), std::sync::Arc::clone(bytes)),
            None => Overlaid::Removed,
        });
    }
    match overlay.get(&Path::new(rel).join("index.html")) {
        Some(Some(_)) if !path.ends_with('/') => Some(Overlaid::Redirect(format!("{path}/"))),
        _ => None,
    }
}

/// Decodes `%XX` escapes; `None` for a malformed escape or a result that is not UTF-8.
fn percent_decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file, by its extension. Text types say UTF-8, which every file
/// claimtrack writes is.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    /// A built site under `/tracker/` with a page, a stylesheet and a secret beside it.
    fn site(name: &str) -> (PathBuf, PathBuf) {
        let dir = std::env::temp_dir().join(format!("claimtrack-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let out = dir.join("site");
        fs::create_dir_all(out.join("topics/closure")).unwrap();
        fs::create_dir_all(out.join("static")).unwrap();
        fs::write(out.join("index.html"), "home").unwrap();
        fs::write(out.join("topics/closure/index.html"), "closure").unwrap();
        fs::write(out.join("static/style.css"), "css").unwrap();
        fs::write(dir.join("secret.txt"), "secret").unwrap();
        (dir, out)
    }

    #[test]
    fn the_overlay_answers_its_own_files_and_leaves_the_rest_and_bad_paths_to_the_disk() {
        let page: std::sync::Arc<[u8]> = b"new".as_slice().into();
        let overlay: Overlay = [
            (PathBuf::from("claims/new/index.html"), Some(std::sync::Arc::clone(&page))),
            (PathBuf::from("claims/gone/index.html"), None),
        ]
        .into_iter()
        .collect();
        let found = |path: &str| in_overlay(&overlay, "/tracker/", path);
        assert_eq!(found("/tracker/claims/new/"), Some(Overlaid::File("claims/new/index.html".into(), page)));
        assert_eq!(found("/tracker/claims/new"), Some(Overlaid::Redirect("/tracker/claims/new/".into())));
        assert_eq!(found("/tracker/claims/gone/"), Some(Overlaid::Removed));
        assert_eq!(found("/tracker/claims/other/"), None);
        assert_eq!(found("/tracker/claims/new/../gone/"), None, "a path with `..` goes to locate, which refuses it");
        assert_eq!(found("/elsewhere/claims/new/"), None);
    }

    #[test]
    fn pages_are_found_under_the_base_path_and_folders_get_their_slash() {
        let (dir, out) = site("pages");
        let canon = out.canonicalize().unwrap();
        assert_eq!(locate(&out, "/tracker/", "/tracker/"), Target::File(canon.join("index.html")));
        assert_eq!(
            locate(&out, "/tracker/", "/tracker/topics/closure/"),
            Target::File(canon.join("topics/closure/index.html"))
        );
        assert_eq!(
            locate(&out, "/tracker/", "/tracker/topics/closure"),
            Target::Redirect("/tracker/topics/closure/".into())
        );
        assert_eq!(locate(&out, "/tracker/", "/"), Target::Redirect("/tracker/".into()));
        assert_eq!(locate(&out, "/tracker/", "/tracker"), Target::Redirect("/tracker/".into()));
        assert_eq!(locate(&out, "/tracker/", "/static/style.css"), Target::NotFound, "outside the base path");
        assert_eq!(locate(&out, "/tracker/", "/tracker/topics/gone/"), Target::NotFound);
        assert_eq!(locate(&out, "/", "/topics/closure/"), Target::File(canon.join("topics/closure/index.html")));
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn traversal_is_refused_however_it_is_spelled() {
        let (dir, out) = site("traversal");
        for path in [
            "/../secret.txt",
            "/tracker/../secret.txt",
            "/tracker/%2e%2e/secret.txt",
            "/tracker/%2E%2E%2Fsecret.txt",
            "/tracker/static/..%2f..%2fsecret.txt",
            "/tracker/static%5c..%5csecret.txt",
            "/tracker/./index.html",
            "/tracker/%00",
            "/tracker/%zz",
            "/tracker/%ff",
        ] {
            assert_eq!(locate(&out, "/tracker/", path), Target::Forbidden, "{path}");
        }
        fs::remove_dir_all(dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_out_of_the_site_are_refused() {
        let (dir, out) = site("links");
        std::os::unix::fs::symlink(dir.join("secret.txt"), out.join("static/secret.txt")).unwrap();
        std::os::unix::fs::symlink(&dir, out.join("static/up")).unwrap();
        assert_eq!(locate(&out, "/", "/static/secret.txt"), Target::Forbidden);
        assert_eq!(locate(&out, "/", "/static/up/secret.txt"), Target::Forbidden);
        assert_eq!(locate(&out, "/", "/static/up/"), Target::Forbidden);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn content_types_follow_the_extension() {
        for (file, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.svg", "image/svg+xml"),
            ("claims.json", "application/json"),
            ("atom.xml", "application/xml; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("favicon.ico", "image/x-icon"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("a.woff2", "font/woff2"),
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(file)), kind, "{file}");
        }
    }
}
