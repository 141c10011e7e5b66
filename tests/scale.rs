//! The page-size bound at scale: a generated corpus of 50,000 claims (`bench/gen.py`), built with
//! the release binary, has no HTML page over 300 KB, so that a reader on a phone can load any page
//! of an archive of any size. Ignored by plain `cargo test` (it takes about a minute); `.ci/run`
//! runs it with `cargo test --release --test scale -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// How many claims the corpus has.
const CLAIMS: usize = 50_000;
/// The largest HTML page allowed, uncompressed.
const LIMIT: u64 = 300 * 1024;

/// Where to write the corpus and the site (1.5 GB at 50,000 claims): memory when the machine has
/// a tmpfs, the temporary folder otherwise.
fn work() -> PathBuf {
    let shm = Path::new("/dev/shm");
    let base = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    let dir = base.join(format!("claimtrack-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every `.html` file under `dir` with its size.
fn html_files(dir: &Path, found: &mut Vec<(u64, PathBuf)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|x| x == "html") {
            found.push((entry.metadata().unwrap().len(), path));
        }
    }
}

#[test]
#[ignore = "builds 50,000 claims: run with --release --ignored (.ci/run does)"]
fn no_html_page_is_over_300_kb_at_50_000_claims() {
    let work = work();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let made = Command::new("python3")
        .arg(manifest.join("bench/gen.py"))
        .arg(CLAIMS.to_string())
        .arg(&work)
        .arg("--no-compare")
        .output()
        .expect("python3 runs bench/gen.py");
    assert!(made.status.success(), "gen.py: {}", String::from_utf8_lossy(&made.stderr));
    let out = work.join("public");
    let build = Command::new(env!("CARGO_BIN_EXE_claimtrack"))
        .args(["build", "--root"])
        .arg(work.join("claimtrack"))
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(build.status.success(), "build: {}", String::from_utf8_lossy(&build.stderr));
    let mut files = Vec::new();
    html_files(&out, &mut files);
    files.sort_by(|a, b| b.cmp(a));
    let over: Vec<String> = files
        .iter()
        .filter(|(size, _)| *size > LIMIT)
        .map(|(size, path)| format!("{} ({} KB)", path.strip_prefix(&out).unwrap().display(), size / 1024))
        .collect();
    let largest = &files[0];
    println!(
        "{} HTML files; largest {} ({} KB)",
        files.len(),
        largest.1.strip_prefix(&out).unwrap().display(),
        largest.0 / 1024
    );
    let _ = std::fs::remove_dir_all(&work);
    assert!(files.len() > CLAIMS, "only {} HTML files", files.len());
    assert!(over.is_empty(), "{} HTML files over 300 KB: {}", over.len(), over.join(", "));
}
