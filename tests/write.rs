//! What an editor finds at the output path however a build ends: killed at any step of the swap,
//! run twice at once, or pointed at a mount point. Builds are stopped by the debug binary's
//! `CLAIMTRACK_CRASH_AT` hook, which kills the process as `kill -9` would.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OLD_TITLE: &str = "Engineers found cracks";
const NEW_TITLE: &str = "Rebuilt, engineers found cracks";

/// Every file of the site at `out`, relative to it, sorted; but for the search index's term shards,
/// which follow the claims' words, and so the title this test edits.
fn files(out: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(out).unwrap().to_string_lossy().into_owned())
        .filter(|f| !f.starts_with("search/t/"))
        .collect();
    files.sort();
    files
}

/// Names beside the output that a build made: `.public.new-…`, `.public.old-…`, `.public.lock`.
fn leftovers(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".public"))
        .collect();
    names.sort();
    names
}

/// Which site is at `out`: the title of the claim the tests edit, as a reader sees it.
fn version(out: &Path) -> &'static str {
    let html = text(&page(out, "claims/ledger-cracks/"));
    if html.contains(NEW_TITLE) {
        NEW_TITLE
    } else if html.contains(OLD_TITLE) {
        OLD_TITLE
    } else {
        panic!("neither version of the claim: {html}")
    }
}

fn edit_title(root: &Path) {
    edit(&root.join("content/claims/ledger-cracks.md"), "title: Engineers", "title: Rebuilt, engineers");
}

/// `claimtrack build` of `root` into `root/public` with `env` set.
fn build_with(root: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let out = root.join("public");
    let mut command = Command::new(env!("CARGO_BIN_EXE_claimtrack"));
    command.args(["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()]);
    command.envs(env.iter().copied()).output().unwrap()
}

/// The hooks exist only in debug builds (`cargo test`, not `cargo test --release`).
fn hooks_available() -> bool {
    if !cfg!(debug_assertions) {
        eprintln!("skipped: the crash hooks exist only in debug builds");
    }
    cfg!(debug_assertions)
}

/// Kills a rebuild at `step`, then checks what is at the output path and what the next build does.
/// `expect` is the site at `public/` right after the kill (`None`: nothing there, to be put back).
fn killed_at(step: &str, no_exchange: bool, expect: Option<&str>) {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let complete = files(&out);
    edit_title(&root);
    let mut env = vec![("CLAIMTRACK_CRASH_AT", step)];
    if no_exchange {
        env.push(("CLAIMTRACK_NO_EXCHANGE", "1"));
    }
    let killed = build_with(&root, &env);
    assert_eq!(killed.status.signal(), Some(9), "{step}: the build was not killed: {}", stderr(&killed));
    match expect {
        Some(site) => {
            assert_eq!(files(&out), complete, "{step}: not a complete site at the output path");
            assert_eq!(version(&out), site, "{step}");
        }
        None => assert!(!out.exists(), "{step}: expected the moment between the two renames"),
    }
    assert!(!leftovers(&root).is_empty(), "{step}: the kill left nothing to clear");
    // The next build puts everything right and replaces the site.
    let next = build_with(&root, &[]);
    assert!(next.status.success(), "{step}: {}", stderr(&next));
    assert_eq!(files(&out), complete, "{step}");
    assert_eq!(version(&out), NEW_TITLE, "{step}");
    assert_eq!(leftovers(&root), Vec::<String>::new(), "{step}: left behind");
}

#[test]
fn a_rebuild_killed_at_any_step_of_the_exchange_leaves_a_complete_site_and_the_next_build_clears_up() {
    if !hooks_available() {
        return;
    }
    killed_at("staged", false, Some(OLD_TITLE));
    killed_at("swap", false, Some(OLD_TITLE));
    killed_at("exchanged", false, Some(NEW_TITLE));
    killed_at("removing", false, Some(NEW_TITLE));
}

#[test]
fn without_an_exchange_a_rebuild_killed_between_the_renames_gets_its_old_site_back() {
    if !hooks_available() {
        return;
    }
    killed_at("swap", true, Some(OLD_TITLE));
    killed_at("aside", true, None);
    killed_at("placed", true, Some(NEW_TITLE));
    killed_at("removing", true, Some(NEW_TITLE));
}

#[test]
fn the_old_site_comes_back_even_when_the_next_build_finds_the_content_broken() {
    if !hooks_available() {
        return;
    }
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let complete = files(&out);
    let killed = build_with(&root, &[("CLAIMTRACK_CRASH_AT", "aside"), ("CLAIMTRACK_NO_EXCHANGE", "1")]);
    assert_eq!(killed.status.signal(), Some(9));
    assert!(!out.exists());
    write(&root.join("content/claims/broken.md"), "---\ntitle: [unclosed\n---\n");
    let failed = build_with(&root, &[]);
    assert_eq!(failed.status.code(), Some(1), "{}", stderr(&failed));
    assert_eq!(files(&out), complete);
    assert_eq!(version(&out), OLD_TITLE);
    assert_eq!(leftovers(&root), Vec::<String>::new());
}

/// Waits until `path` exists.
fn wait_for(path: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !path.exists() {
        assert!(Instant::now() < deadline, "{} never appeared", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_second_build_of_the_same_output_waits_for_the_first_and_says_so() {
    if !hooks_available() {
        return;
    }
    let root = fixture("basic");
    build_ok(&root, &[]);
    let out = root.join("public");
    let go = root.join("go");
    let pause = format!("staged:{}", go.display());
    let args = ["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    let exe = env!("CARGO_BIN_EXE_claimtrack");
    let first = Command::new(exe).args(args).env("CLAIMTRACK_PAUSE_AT", &pause).output_later();
    // The first build holds the lock once its folder is made.
    wait_for(&root.join(format!(".public.new-{}/.claimtrack-output", first.id())));
    edit_title(&root);
    let mut second = Command::new(exe).args(args).stderr(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    let mut lines = BufReader::new(second.stderr.take().unwrap()).lines();
    let said = lines.next().unwrap().unwrap();
    assert_eq!(said, format!("waiting for another build of {} (pid {}) to finish", out.display(), first.id()));
    write(&go, "");
    let first = first.wait_with_output().unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    let second = second.wait_with_output().unwrap();
    assert!(second.status.success(), "{}", rest.join("\n"));
    // The second build started after the first had finished, and its site is the one there now.
    assert_eq!(version(&out), NEW_TITLE);
    assert_eq!(leftovers(&root), Vec::<String>::new());
}

/// Starts a command with its output captured, without waiting for it.
trait OutputLater {
    fn output_later(&mut self) -> std::process::Child;
}

impl OutputLater for Command {
    fn output_later(&mut self) -> std::process::Child {
        self.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap()
    }
}

#[test]
fn builds_of_one_output_started_together_all_succeed_and_leave_one_complete_site() {
    let root = fixture("basic");
    let out = build_ok(&root, &[]);
    let complete = files(&out);
    let args = ["build", "--root", root.to_str().unwrap(), "--output", out.to_str().unwrap()];
    for _ in 0..3 {
        let builds: Vec<_> =
            (0..4).map(|_| Command::new(env!("CARGO_BIN_EXE_claimtrack")).args(args).output_later()).collect();
        for build in builds {
            let done = build.wait_with_output().unwrap();
            assert!(done.status.success(), "{}", stderr(&done));
        }
        assert_eq!(files(&out), complete);
        assert_eq!(leftovers(&root), Vec::<String>::new());
    }
}

/// Mounts a tmpfs at `at` until dropped; `None` where this process may not mount.
struct Mounted(PathBuf);

impl Mounted {
    fn tmpfs(at: &Path) -> Option<Mounted> {
        std::fs::create_dir_all(at).unwrap();
        let done = Command::new("mount").args(["-t", "tmpfs", "tmpfs"]).arg(at).stderr(Stdio::null()).status();
        if done.is_ok_and(|s| s.success()) {
            Some(Mounted(at.to_path_buf()))
        } else {
            eprintln!("skipped: cannot mount a tmpfs here (not root, or no mount command)");
            None
        }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn an_output_folder_that_is_a_mount_point_is_refused_before_anything_is_rendered() {
    let root = fixture("basic");
    let out = root.join("public");
    let Some(_mounted) = Mounted::tmpfs(&out) else { return };
    let refused = build_with(&root, &[]);
    let said = stderr(&refused);
    assert_eq!(refused.status.code(), Some(2), "{said}");
    assert!(
        said.starts_with(&format!("error: refusing to write the site to {}: it is a mount point", out.display())),
        "{said}"
    );
    assert!(said.contains("help: mount the volume one folder up"), "{said}");
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "something was written into the mount");
    assert_eq!(leftovers(&root), Vec::<String>::new());
    // One folder up, the same volume takes the site.
    let inside = out.join("site");
    let built = claimtrack(&["build", "--root", root.to_str().unwrap(), "--output", inside.to_str().unwrap()]);
    assert!(built.status.success(), "{}", stderr(&built));
    assert!(inside.join("index.html").is_file());
}
