//! `claimtrack`: parse the arguments, call the library, print what it found, pick the exit code.

mod cli;

// The build allocates many short-lived strings across threads; mimalloc handles that far better
// than the system allocator (a quarter of all instructions went to malloc and free before).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use claimtrack::BuildOptions;
use claimtrack::diag::{self, Diagnostic};
use claimtrack::new::Skeleton;
use claimtrack::serve::{self, ServeOptions};
use clap::Parser;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // Help and version are not errors; anything else is a usage error (exit 2).
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if !matches!(cli.command, cli::Command::Serve { .. }) {
        keep_freed_memory();
    }
    let result = match cli.command {
        cli::Command::Build { root, output, base_url, timings } => {
            claimtrack::build(&BuildOptions { root, output, base_url, drafts: false }).map(|report| {
                print_diagnostics(&report.warnings);
                println!("built {} pages ({} claims) into {}", report.pages, report.claims, report.output.display());
                if timings {
                    print_timings(&report.timings, report.pages);
                }
            })
        }
        cli::Command::Check { root, since, links: false, .. } => match &since {
            Some(previous) => claimtrack::check_since(&root, previous),
            None => claimtrack::check(&root),
        }
        .map(|checked| {
            print_diagnostics(&checked.warnings);
            print_ok(&checked.site);
        }),
        cli::Command::Check { root, links: true, timeout, .. } => {
            let timeout = Duration::from_secs_f64(timeout);
            let mut options = claimtrack::links::Options::default();
            (options.fetching.connect_timeout, options.fetching.timeout) = (timeout, timeout);
            claimtrack::check_links(&root, &options).map(|found| {
                print_diagnostics(&found.checked.warnings);
                print_ok(&found.checked.site);
                let addresses = found.asked + found.cached;
                println!(
                    "links: {addresses} {} checked, {} answered from the cache ({})",
                    if addresses == 1 { "address" } else { "addresses" },
                    found.cached,
                    found.cache_file.display()
                );
                if let Some(why) = found.cache_problem {
                    eprintln!("note: the link cache could not be written, so the next run asks again: {why}");
                }
            })
        }
        cli::Command::Serve { root, port, bind, no_drafts } => {
            if !bind.is_loopback() {
                eprintln!("warning: listening on {bind}: other machines on the network can see the drafts");
            }
            serve::serve(&ServeOptions { root, bind, port, drafts: !no_drafts }, &mut print_serve_event)
        }
        cli::Command::New { kind } => {
            let (root, slug, skeleton) = match kind {
                cli::NewKind::Outlet { slug, root } => (root, slug, Skeleton::Outlet),
                cli::NewKind::Source { slug, outlet, root } => (root, slug, Skeleton::Source { outlet }),
                cli::NewKind::Topic { slug, root } => (root, slug, Skeleton::Topic),
                cli::NewKind::Claim { slug, source, topic, root } => (root, slug, Skeleton::Claim { source, topic }),
            };
            let today = chrono::Local::now().date_naive();
            claimtrack::new::write(&root, &slug, &skeleton, today).map(|path| {
                let shown = path.strip_prefix(".").unwrap_or(&path);
                println!("wrote {}", shown.display());
            })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprint!("{}", e.report());
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// `mi_option_purge_delay`: its place in mimalloc 3's option enum (mimalloc.h), which
/// libmimalloc-sys leaves unnamed. The test below checks it holds that option's default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A build frees and allocates its page buffers over and over. By default mimalloc hands memory
/// back to the system a second after it is freed, and faults it in and zeroes it again when it is
/// next needed: at 50,000 claims, 0.5 to 0.9 s of the build's 3.3 s of system time. A one-shot
/// command keeps what it frees until it exits instead (peak memory at 10,000 claims: 221 MiB before,
/// 242 to 246 MiB after). `serve` keeps the default, as it stays running between builds.
fn keep_freed_memory() {
    // SAFETY: mimalloc's option setters are not thread-safe; this runs before any thread starts.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

/// The line `check` ends with when nothing failed.
fn print_ok(s: &claimtrack::model::Site) {
    let drafts = match claimtrack::resolve::drafts(s) {
        0 => String::new(),
        1 => ", 1 draft".to_string(),
        n => format!(", {n} drafts"),
    };
    println!(
        "ok: {} claims, {} topics, {} outlets, {} sources{drafts}",
        s.claims.len(),
        s.topics.len(),
        s.outlets.len(),
        s.sources.len()
    );
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!("{}", diag::report(diagnostics));
}

/// The dev server's terminal log: where it serves, what changed, and how each rebuild went.
fn print_serve_event(event: serve::Event) {
    match event {
        serve::Event::Serving { url } => println!("serving on {url} (Ctrl-C to stop)"),
        serve::Event::Changed(paths) => match paths {
            [one] => println!("changed: {}", shown(one)),
            [first, rest @ ..] => println!("changed: {} and {} more", shown(first), rest.len()),
            [] => {}
        },
        serve::Event::Built { report, elapsed } => {
            print_diagnostics(&report.warnings);
            println!("built {} pages ({} claims) in {} ms", report.pages, report.claims, elapsed.as_millis());
        }
        serve::Event::Failed { error } => {
            eprint!("{}", error.report());
            println!("the build failed; still serving the last good build");
        }
    }
}

/// A path as the terminal log names it: a file name with a right-to-left override or a control
/// code in it is written out, not obeyed.
fn shown(path: &std::path::Path) -> String {
    diag::visible(&path.to_string_lossy()).into_owned()
}

fn print_timings(timings: &[(&str, Duration)], pages: usize) {
    let total: Duration = timings.iter().map(|(_, t)| *t).sum();
    for (phase, time) in timings {
        let extra = if *phase == "render" { format!("  ({pages} pages)") } else { String::new() };
        println!("{phase:>8}  {:>9.1} ms{extra}", time.as_secs_f64() * 1000.0);
    }
    println!("{:>8}  {:>9.1} ms", "total", total.as_secs_f64() * 1000.0);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_mimalloc_documents() {
        // mimalloc 3's options.c: `{ 1000, MI_OPTION_UNINIT, MI_OPTION_LEGACY(purge_delay,reset_delay) }`.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) }, 1000);
    }
}
