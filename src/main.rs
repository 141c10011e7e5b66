//! `claimtrack`: parse the arguments, call the library, print what it found, pick the exit code.

mod cli;

// The build allocates many short-lived strings across threads; mimalloc handles that far better
// than the system allocator (a quarter of all instructions went to malloc and free before).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use claimtrack::diag::{self, Diagnostic};
use claimtrack::{BuildOptions, Error};
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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match &e {
                Error::Content(diagnostics) => print_diagnostics(diagnostics),
                Error::Template(m) => eprintln!("error: template: {m}"),
                Error::Io(m) => eprintln!("error: {m}"),
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
    if let Some(summary) = diag::summary(diagnostics) {
        eprintln!("{summary}");
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
