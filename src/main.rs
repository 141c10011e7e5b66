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
    let result = match cli.command {
        cli::Command::Build { root, output, base_url, timings } => {
            claimtrack::build(&BuildOptions { root, output, base_url }).map(|report| {
                print_diagnostics(&report.warnings);
                println!("built {} pages ({} claims) into {}", report.pages, report.claims, report.output.display());
                if timings {
                    print_timings(&report.timings, report.pages);
                }
            })
        }
        cli::Command::Check { root } => claimtrack::check(&root).map(|checked| {
            print_diagnostics(&checked.warnings);
            let s = &checked.site;
            println!(
                "ok: {} claims, {} topics, {} outlets, {} sources",
                s.claims.len(),
                s.topics.len(),
                s.outlets.len(),
                s.sources.len()
            );
        }),
        cli::Command::Serve { root, port, bind } => {
            if !bind.is_loopback() {
                eprintln!("warning: listening on {bind}: other machines on the network can see the drafts");
            }
            serve::serve(&ServeOptions { root, bind, port }, &mut print_serve_event)
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

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    eprint!("{}", diag::report(diagnostics));
}

/// The dev server's terminal log: where it serves, what changed, and how each rebuild went.
fn print_serve_event(event: serve::Event) {
    match event {
        serve::Event::Serving { url } => println!("serving on {url} (Ctrl-C to stop)"),
        serve::Event::Changed(paths) => match paths {
            [one] => println!("changed: {}", one.display()),
            [first, rest @ ..] => println!("changed: {} and {} more", first.display(), rest.len()),
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

fn print_timings(timings: &[(&str, Duration)], pages: usize) {
    let total: Duration = timings.iter().map(|(_, t)| *t).sum();
    for (phase, time) in timings {
        let extra = if *phase == "render" { format!("  ({pages} pages)") } else { String::new() };
        println!("{phase:>8}  {:>9.1} ms{extra}", time.as_secs_f64() * 1000.0);
    }
    println!("{:>8}  {:>9.1} ms", "total", total.as_secs_f64() * 1000.0);
}
