//! `cargo bench`: times each phase of `claimtrack build` (load, resolve, render, write) and
//! `claimtrack check` on generated corpora of 1,000 and 10,000 claims, so a regression shows in the
//! phase that caused it.
//!
//! The corpus has the shape of `bench/gen.py`: 40 outlets, 60 topics, claims grouped four
//! to an article whose archived text contains each quote verbatim, and Markdown bodies of 1.5–2.5 KB
//! with headings, lists, a blockquote, links, emphasis and sometimes a table. It is generated here,
//! deterministically, so the benchmark needs nothing outside the repository.
//!
//! `CLAIMTRACK_BENCH_SIZES=1000,10000,50000 CLAIMTRACK_BENCH_RUNS=5 cargo bench` to choose.

use claimtrack::BuildOptions;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const OUTLETS: usize = 40;
const TOPICS: usize = 60;
const STATUSES: [&str; 5] = ["unverified", "disputed", "partly-true", "confirmed", "false"];
const STANCES: [&str; 3] = ["asserts", "hedges", "disputes"];
const SOURCING: [&str; 4] = ["named", "anonymous", "media-reports", "unsourced"];
const WORDS: [&str; 24] = [
    "council",
    "budget",
    "minister",
    "report",
    "figures",
    "review",
    "union",
    "strike",
    "agency",
    "forecast",
    "inquiry",
    "settlement",
    "proposal",
    "audit",
    "memo",
    "panel",
    "vote",
    "deadline",
    "committee",
    "plan",
    "schedule",
    "data",
    "contract",
    "statement",
];

/// A small deterministic generator (xorshift), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn sentence(&mut self) -> String {
        let n = 8 + self.below(10);
        let mut s: Vec<&str> = (0..n).map(|_| self.pick(&WORDS)).collect();
        s[0] = "The";
        format!("{}.", s.join(" "))
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, text).expect("write corpus file");
}

fn body(rng: &mut Rng, quote: &str, target: usize) -> String {
    let mut b = String::new();
    while b.len() < target {
        match rng.below(7) {
            0 => writeln!(b, "## What was {}\n", rng.pick(&WORDS)).unwrap(),
            1 => {
                for _ in 0..3 {
                    writeln!(b, "- {}", rng.sentence()).unwrap();
                }
                b.push('\n');
            }
            2 => writeln!(b, "> {quote}\n>\n> -- a {}\n", rng.pick(&WORDS)).unwrap(),
            3 => writeln!(
                b,
                "See [the {0}](https://gov.example/{0}/{1}) and *the {0}*.\n",
                rng.pick(&WORDS),
                rng.below(99999)
            )
            .unwrap(),
            4 if rng.below(5) == 0 => {
                b.push_str("| item | value |\n|---|---|\n");
                for _ in 0..3 {
                    writeln!(b, "| {} | {} |", rng.pick(&WORDS), rng.below(1000)).unwrap();
                }
                b.push('\n');
            }
            _ => writeln!(b, "{} {} **{}**\n", rng.sentence(), rng.sentence(), rng.pick(&WORDS)).unwrap(),
        }
    }
    b
}

/// Writes a corpus of `n` claims under `dir/content`.
fn corpus(n: usize, dir: &Path) {
    let c = dir.join("content");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ n as u64);
    write(&c.join("site.yaml"), "title: Benchmark corpus\nbase_url: https://claims.example.org/\nlanguage: en\n");
    for o in 0..OUTLETS {
        write(
            &c.join(format!("outlets/outlet-{o:02}.md")),
            &format!("---\nname: Outlet {o}\nkind: newspaper\n---\nA synthetic outlet.\n"),
        );
    }
    for t in 0..TOPICS {
        write(
            &c.join(format!("topics/topic-{t:02}.md")),
            &format!(
                "---\ntitle: Topic {t}\nstatement: The {} will change.\norder: {t}\nconclusion: Nothing settles it yet.\nreviewed: 2024-12-31\n---\nContext.\n",
                rng.pick(&WORDS)
            ),
        );
    }
    let mut by_outlet: Vec<Vec<usize>> = vec![Vec::new(); OUTLETS];
    for i in 0..n {
        by_outlet[rng.below(OUTLETS)].push(i);
    }
    for (o, claims) in by_outlet.iter().enumerate() {
        for (k, chunk) in claims.chunks(4).enumerate() {
            let source = format!("outlet-{o:02}-{:04}", k + 1);
            let day = 1 + rng.below(28);
            let month = 1 + rng.below(12);
            let date = format!("2024-{month:02}-{day:02}");
            let quotes: Vec<String> = chunk
                .iter()
                .map(|i| format!("We have seen the {} and claim {i} stands. {}", rng.pick(&WORDS), rng.sentence()))
                .collect();
            let text: String = quotes
                .iter()
                .map(|q| format!("A spokesperson said on the record. {q} Officials declined to comment.\n\n"))
                .collect();
            write(
                &c.join(format!("sources/{source}.md")),
                &format!(
                    "---\noutlet: outlet-{o:02}\nheadline: Article {source}\npublished: {date}\nurl: https://outlet{o}.example/{source}\n---\n{text}"
                ),
            );
            for (i, q) in chunk.iter().zip(&quotes) {
                let target = 1500 + rng.below(800);
                let fm = format!(
                    "---\ntitle: Claim {i}\nsource: {source}\ndate: {date}\ntopic: topic-{:02}\nstance: {}\nstatus: {}\nsourcing: {}\nquote: '{q}'\n---\n\n",
                    rng.below(TOPICS),
                    rng.pick(&STANCES),
                    rng.pick(&STATUSES),
                    rng.pick(&SOURCING)
                );
                write(&c.join(format!("claims/claim-{i:06}.md")), &format!("{fm}{}", body(&mut rng, q, target)));
            }
        }
    }
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

fn main() {
    // `cargo test --benches` runs this binary too; only time when `cargo bench` asks (`--bench`).
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let sizes: Vec<usize> = std::env::var("CLAIMTRACK_BENCH_SIZES")
        .unwrap_or_else(|_| "1000,10000".into())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = std::env::var("CLAIMTRACK_BENCH_RUNS").ok().and_then(|r| r.parse().ok()).unwrap_or(5);
    let scratch = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    println!("claimtrack pipeline benchmark: median of {runs} runs, milliseconds");
    println!(
        "{:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {:>7}",
        "claims", "load", "resolve", "render", "write", "build", "check", "pages"
    );
    for n in sizes {
        let root = scratch.join(format!("n{n}"));
        if !root.join("content/site.yaml").exists() {
            let _ = std::fs::remove_dir_all(&root);
            corpus(n, &root);
        }
        let out = scratch.join(format!("out{n}"));
        let mut phases: Vec<Vec<Duration>> = vec![Vec::new(); 4];
        let (mut builds, mut checks, mut pages) = (Vec::new(), Vec::new(), 0);
        for _ in 0..runs {
            let started = std::time::Instant::now();
            let checked = claimtrack::check(&root).unwrap_or_else(|e| panic!("corpus does not check: {e:?}"));
            checks.push(started.elapsed());
            drop(checked);
            let _ = std::fs::remove_dir_all(&out);
            let started = std::time::Instant::now();
            let options = BuildOptions { root: root.clone(), output: Some(out.clone()), base_url: None, drafts: false };
            let report = claimtrack::build(&options).unwrap_or_else(|e| panic!("corpus does not build: {e:?}"));
            builds.push(started.elapsed());
            pages = report.pages;
            for (slot, (_, time)) in phases.iter_mut().zip(&report.timings) {
                slot.push(*time);
            }
        }
        let p: Vec<String> = phases.into_iter().map(|x| ms(median(x))).collect();
        println!(
            "{n:>7} {:>8} {:>8} {:>8} {:>8} {:>8} {:>8} {pages:>7}",
            p[0],
            p[1],
            p[2],
            p[3],
            ms(median(builds)),
            ms(median(checks))
        );
    }
}
