//! What an editor running `claimtrack serve` relies on: after any edit of the content, the rebuild
//! that renders only what the edit touched gives exactly the site a full build of the same content
//! gives, file for file and byte for byte.
//!
//! The site is a generated corpus (`bench/gen.py`, 300 claims, lists paged by fives so that an edit
//! moves claims across numbered pages); each step edits it as an editor would (a quote, a verdict,
//! a topic, a date, a claim added, deleted, renamed, a file broken and mended, the settings), then
//! a seeded run of random edits. After each, the last site with the rebuild's changes laid over it
//! is compared with `claimtrack build` run on the same content in a process of its own.

mod common;
use claimtrack::{BuildOptions, Incremental};

// The allocator of the `claimtrack` binary, so that the measurement below times what `serve` runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use common::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file under `dir`, by path relative to it.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk the build"))
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// Asserts the two sites hold the same files with the same bytes, naming the first that differ.
fn same_site(incremental: &BTreeMap<PathBuf, Vec<u8>>, full: &BTreeMap<PathBuf, Vec<u8>>, step: &str) {
    let only_a: Vec<&PathBuf> = incremental.keys().filter(|k| !full.contains_key(*k)).collect();
    let only_b: Vec<&PathBuf> = full.keys().filter(|k| !incremental.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{step}: only in the incremental build {only_a:?}, only in the full one {only_b:?}"
    );
    let differ: Vec<&PathBuf> = incremental.iter().filter(|(k, v)| full[*k] != **v).map(|(k, _)| k).take(10).collect();
    assert!(differ.is_empty(), "{step}: these files differ from a full build: {differ:?}");
}

/// The editor's site, the state kept between its builds, and the site as `serve` would show it.
struct Site {
    root: PathBuf,
    builds: PathBuf,
    state: Incremental,
    shown: BTreeMap<PathBuf, Vec<u8>>,
    step: usize,
    /// The content as the last build read it: what the watcher compares against.
    content: BTreeMap<PathBuf, Vec<u8>>,
    /// The last rebuild's warnings, as the editor reads them.
    warned: String,
}

impl Site {
    fn options(&self, output: PathBuf) -> BuildOptions {
        BuildOptions { root: self.root.clone(), output: Some(output), base_url: None, drafts: false }
    }

    /// A full build keeping its memo, as `serve` starts.
    fn first_build(&mut self) {
        let out = self.builds.join("first");
        claimtrack::build_keeping(&self.options(out.clone()), &mut self.state)
            .unwrap_or_else(|e| panic!("the first build failed:\n{}", e.report()));
        self.shown = tree(&out);
        self.content = self.content();
    }

    /// Every file under `content/`, by its path as the loader walks it.
    fn content(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let dir = self.root.join("content");
        tree(&dir).into_iter().map(|(path, bytes)| (dir.join(path), bytes)).collect()
    }

    /// The paths `serve`'s watcher would report since the last build: files written, added or
    /// removed (a rename is both).
    fn changed_paths(&mut self) -> Vec<PathBuf> {
        let now = self.content();
        let before = std::mem::replace(&mut self.content, now);
        let gone = before.keys().filter(|p| !self.content.contains_key(*p)).cloned();
        let written = self.content.iter().filter(|(p, b)| before.get(*p) != Some(b)).map(|(p, _)| p.clone());
        gone.chain(written).collect()
    }

    /// Rebuilds incrementally and fully, insists both succeed and agree, and returns how many
    /// files the rebuild changed and how many the site has.
    fn rebuild(&mut self, step: &str) -> (usize, usize) {
        self.step += 1;
        let full = self.builds.join(format!("full-{}", self.step));
        // Every other rebuild is told what changed, as `serve`'s watcher tells it, and reads only
        // that; the others look at every file.
        let changed = self.changed_paths();
        if self.step.is_multiple_of(2) {
            self.state.changed(&changed);
        }
        let (built, changes) = claimtrack::rebuild(&self.options(self.builds.join("unused")), &mut self.state)
            .unwrap_or_else(|e| panic!("{step}: the rebuild failed:\n{}", e.report()));
        assert!(!self.builds.join("unused").exists(), "{step}: the rebuild wrote to the output folder");
        let changed = changes.written.len() + changes.removed.len();
        for gone in &changes.removed {
            assert!(self.shown.remove(gone).is_some(), "{step}: {gone:?} removed but never made");
        }
        self.shown.extend(changes.written);
        // The full build is `claimtrack build` itself, in a process of its own: nothing the
        // incremental builds keep in memory can reach it.
        let made = claimtrack(&["build", "--root", self.root.to_str().unwrap(), "--output", full.to_str().unwrap()]);
        assert!(made.status.success(), "{step}: the full build failed:\n{}", stderr(&made));
        // The editor is warned of what the full build warns of: the rebuild's quote and copying
        // checks, which reuse the last resolve's articles, find the same.
        let warned = claimtrack::diag::report(&built.warnings);
        assert!(warned.contains("warning:"), "{step}: the corpus has warnings to compare");
        assert!(
            stderr(&made).starts_with(&warned),
            "{step}: the rebuild warned\n{warned}\nthe build\n{}",
            stderr(&made)
        );
        same_site(&self.shown, &tree(&full), step);
        self.warned = warned;
        std::fs::remove_dir_all(&full).unwrap();
        (changed, self.shown.len())
    }

    fn claims(&self) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = std::fs::read_dir(self.root.join("content/claims"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .collect();
        all.sort();
        all
    }

    /// Replaces the value of `key` in the front matter of `file`.
    fn set(&self, file: &Path, key: &str, value: &str) {
        let text = std::fs::read_to_string(file).unwrap();
        let prefix = format!("{key}: ");
        let line = text.lines().find(|l| l.starts_with(&prefix)).unwrap_or_else(|| panic!("{file:?} has no {key}"));
        write(file, &text.replacen(line, &format!("{prefix}{value}"), 1));
    }

    /// Cuts the quote of `claim` to its first `words` words: still a passage of its source, as the
    /// check insists.
    fn shorten_quote(&self, claim: &Path, words: usize) {
        let quote = self.value(claim, "quote");
        let short: Vec<&str> = quote.trim_matches('"').split(' ').take(words).collect();
        self.set(claim, "quote", &format!("\"{}\"", short.join(" ")));
    }

    fn text(&self, file: &Path) -> String {
        std::fs::read_to_string(file).unwrap()
    }

    /// How many claims the last rebuild said look copied.
    fn warned_of_copying(&self) -> usize {
        self.warned.matches("which it does not echo").count()
    }

    fn value(&self, claim: &Path, key: &str) -> String {
        let text = std::fs::read_to_string(claim).unwrap();
        let prefix = format!("{key}: ");
        text.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap().to_string()
    }
}

fn generated(claims: usize) -> Site {
    let dir = scratch("incremental");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen.py");
    let made = Command::new("python3").arg(&script).arg(claims.to_string()).arg(&dir).output().expect("run python3");
    assert!(made.status.success(), "gen.py: {}", String::from_utf8_lossy(&made.stderr));
    let root = dir.join("claimtrack");
    // Pages of five claims: an edit that moves a claim moves others across numbered pages.
    let settings = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&settings).unwrap();
    write(&settings, &format!("{text}\npage_size: 5\nfeed_entries: 20\n"));
    let builds = dir.join("builds");
    std::fs::create_dir_all(&builds).unwrap();
    Site {
        root,
        builds,
        state: Incremental::default(),
        shown: BTreeMap::new(),
        step: 0,
        content: BTreeMap::new(),
        warned: String::new(),
    }
}

/// A small deterministic generator, so a failing run can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

const VERDICTS: [&str; 5] = ["confirmed", "disputed", "false", "partly-true", "unverified"];

#[test]
fn every_edit_rebuilt_incrementally_gives_the_site_a_full_build_gives() {
    let mut site = generated(300);
    site.first_build();

    let claims = site.claims();
    let (one, two) = (&claims[10], &claims[20]);
    site.shorten_quote(one, 6);
    let (changed, files) = site.rebuild("a quote changed");
    assert!(changed * 10 < files, "a quote's change changed {changed} of {files} files");
    let (changed, _) = site.rebuild("nothing changed");
    assert_eq!(changed, 0, "a rebuild with no edit changed files");

    site.set(one, "status", "false");
    site.rebuild("a verdict changed");
    let topic = site.value(two, "topic");
    site.set(one, "topic", &topic);
    site.rebuild("a claim moved to another topic");
    site.set(one, "date", "2025-02-03T04:05:00Z");
    site.rebuild("a date changed");
    let text = std::fs::read_to_string(two).unwrap();
    write(two, &format!("{text}\nA new paragraph of analysis.\n"));
    site.rebuild("an analysis changed");

    // One claim repeats an earlier one. The echo is resolved to the earlier claim's place among
    // the files, which the claim added next, sorting before every other, moves.
    let day = |claim: &Path| site.value(claim, "date")[..10].to_string();
    let (earlier, later) = claims[60..]
        .iter()
        .find_map(|a| Some((a, claims[60..].iter().find(|b| day(b) > day(a))?)))
        .expect("claims of different days");
    let slug = earlier.file_stem().unwrap().to_string_lossy().into_owned();
    let echoing = site.text(later).replacen("\nquote: ", &format!("\nechoes:\n  - {slug}\nquote: "), 1);
    write(later, &echoing);
    site.rebuild("a claim echoes another");
    assert!(site.text(later).contains("echoes:"));

    write(&site.root.join("content/claims/000000-added-claim.md"), &text.replacen("title: \"", "title: \"Added: ", 1));
    site.rebuild("a claim added");
    std::fs::remove_file(&claims[30]).unwrap();
    site.rebuild("a claim deleted");
    std::fs::rename(&claims[40], site.root.join("content/claims/renamed-claim.md")).unwrap();
    site.rebuild("a claim renamed");

    // A broken file fails the rebuild and leaves the state as it was; the rebuild after the fix
    // still agrees with a full build.
    let good = std::fs::read_to_string(&claims[50]).unwrap();
    write(&claims[50], &good.replacen("status: ", "status: [", 1));
    let broken = site.options(site.builds.join("broken"));
    let failed = claimtrack::rebuild(&broken, &mut site.state).err().expect("a broken claim builds");
    assert!(
        failed
            .report()
            .contains(&format!("{}", Path::new("content/claims").join(claims[50].file_name().unwrap()).display()))
    );
    write(&claims[50], &good.replacen("title: \"", "title: \"Mended: ", 1));
    site.rebuild("a broken claim mended");

    let outlet = std::fs::read_dir(site.root.join("content/outlets")).unwrap().next().unwrap().unwrap().path();
    let name = site.value(&outlet, "name");
    site.set(&outlet, "name", &format!("{} Renamed\"", name.trim_end_matches('"')));
    site.rebuild("an outlet renamed");
    let source = std::fs::read_dir(site.root.join("content/sources")).unwrap().next().unwrap().unwrap().path();
    let headline = site.value(&source, "headline");
    site.set(&source, "headline", &format!("{} (updated)\"", headline.trim_end_matches('"')));
    site.rebuild("an article's headline changed");
    // The article was another outlet's: every claim drawn from it moves with it, though no claim's
    // own file changed.
    let article = site.root.join(format!("content/sources/{}.md", site.value(two, "source")));
    let others: Vec<String> = std::fs::read_dir(site.root.join("content/outlets"))
        .unwrap()
        .map(|e| e.unwrap().path().file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|o| *o != site.value(&article, "outlet"))
        .collect();
    site.set(&article, "outlet", &others[0]);
    site.rebuild("an article moved to another outlet");
    let topic = std::fs::read_dir(site.root.join("content/topics")).unwrap().next().unwrap().unwrap().path();
    site.set(&topic, "conclusion", "Settled by a later report.");
    site.rebuild("a topic's conclusion changed");

    // An article now repeats a passage of another outlet's: the copying check, whose shared runs
    // the rebuild keeps while the articles stay the same, must find it as a full build does.
    let source_of =
        |site: &Site, claim: &Path| site.root.join(format!("content/sources/{}.md", site.value(claim, "source")));
    let claims = site.claims();
    let outlet = |claim: &Path| site.value(&source_of(&site, claim), "outlet");
    let (copied, copier) = claims
        .iter()
        .filter(|a| site.value(a, "quote").split(' ').count() >= 10)
        .find_map(|a| {
            let b = claims.iter().find(|b| {
                site.value(b, "topic") == site.value(a, "topic")
                    && outlet(b) != outlet(a)
                    && !site.text(b).contains("echoes:")
            })?;
            Some((a.clone(), b.clone()))
        })
        .expect("two outlets' claims on one topic");
    let before = site.warned_of_copying();
    let article = source_of(&site, &copier);
    let quote = site.value(&copied, "quote");
    write(&article, &format!("{}\n{}\n", site.text(&article), quote.trim_matches('"')));
    site.rebuild("an article repeats another outlet's passage");
    assert!(site.warned_of_copying() > before, "the passage repeated in {article:?} went unnoticed");

    let settings = site.root.join("content/site.yaml");
    let title = site.value(&settings, "title");
    site.set(&settings, "title", &format!("{} (renamed)\"", title.trim_end_matches('"')));
    let (changed, files) = site.rebuild("the site renamed");
    assert!(changed * 2 > files, "renaming the site changed only {changed} of {files} files");

    let mut random = Lcg(25);
    for round in 0..16 {
        let claims = site.claims();
        let claim = &claims[random.below(claims.len())];
        let step = match random.below(7) {
            0 => {
                site.shorten_quote(claim, 3 + random.below(5));
                "quote"
            }
            1 | 6 => {
                site.set(claim, "status", VERDICTS[random.below(VERDICTS.len())]);
                "verdict"
            }
            2 => {
                let other = site.value(&claims[random.below(claims.len())], "topic");
                site.set(claim, "topic", &other);
                "topic"
            }
            3 => {
                let day = 1 + random.below(28);
                site.set(claim, "date", &format!("2025-0{}-{day:02}T10:00:00Z", 1 + random.below(9)));
                "date"
            }
            4 => {
                let text = std::fs::read_to_string(claim).unwrap();
                let added = site.root.join(format!("content/claims/round-{round}.md"));
                write(&added, &text.replacen("title: \"", &format!("title: \"Round {round}: "), 1));
                "added"
            }
            _ => {
                std::fs::remove_file(claim).unwrap();
                "deleted"
            }
        };
        site.rebuild(&format!("random round {round} ({step} in {})", claim.display()));
    }
}

/// How long a rebuild of a large site takes, phase by phase, after one claim's analysis is edited:
/// `CLAIMTRACK_SCALE_SITE=/tmp/c/10k/claimtrack CLAIMTRACK_SCALE_TMP=/dev/shm cargo test --release
/// --test incremental -- --ignored --nocapture`. `serve`'s own figure, save to reload, is
/// `tests/serve.rs`'s measurement.
/// `CLAIMTRACK_SCALE_ROUNDS` sets the number of edits (6).
#[test]
#[ignore = "a measurement, not a check; run on a release build with CLAIMTRACK_SCALE_SITE set"]
fn measure_a_rebuild_at_scale() {
    let Some(from) = std::env::var_os("CLAIMTRACK_SCALE_SITE").map(PathBuf::from) else {
        println!("CLAIMTRACK_SCALE_SITE is not set: nothing measured");
        return;
    };
    let tmp = std::env::var_os("CLAIMTRACK_SCALE_TMP").map_or_else(std::env::temp_dir, PathBuf::from);
    let dir = tmp.join(format!("claimtrack-scale-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let root = dir.join("site");
    copy_tree(&from, &root);
    let mut site = Site {
        root,
        builds: dir.join("builds"),
        state: Incremental::default(),
        shown: BTreeMap::new(),
        step: 0,
        content: BTreeMap::new(),
        warned: String::new(),
    };
    let started = std::time::Instant::now();
    claimtrack::build_keeping(&site.options(site.builds.join("first")), &mut site.state).unwrap();
    println!("first build, keeping: {} ms", started.elapsed().as_millis());
    let claims = site.claims();
    let rounds = std::env::var("CLAIMTRACK_SCALE_ROUNDS").ok().and_then(|n| n.parse().ok()).unwrap_or(6);
    for round in 0..rounds {
        let claim = &claims[round * 997 % claims.len()];
        let text = std::fs::read_to_string(claim).unwrap();
        write(claim, &format!("{text}\nEdit {round}.\n"));
        let started = std::time::Instant::now();
        // As `serve` rebuilds: told by its watcher which file changed.
        site.state.changed(std::slice::from_ref(claim));
        let (built, changes) = claimtrack::rebuild(&site.options(site.builds.join("unused")), &mut site.state)
            .unwrap_or_else(|e| panic!("{}", e.report()));
        let phases: Vec<String> =
            built.timings.iter().map(|(name, t)| format!("{name} {} ms", t.as_millis())).collect();
        let bytes: usize = changes.written.values().map(Vec::len).sum();
        println!(
            "round {round}: {} ms ({}); {} files changed ({bytes} bytes), {} removed, of {} pages",
            started.elapsed().as_millis(),
            phases.join(", "),
            changes.written.len(),
            changes.removed.len(),
            built.pages
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
