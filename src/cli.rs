//! The command line, as clap definitions; `main.rs` turns these into library calls.

use clap::{Parser, Subcommand};
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "claimtrack", version, about = "Track, claim by claim, what news outlets say about one story")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: <root>/public)
    Build {
        /// The site folder, holding content/, templates/ and static/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override base_url from content/site.yaml (e.g. https://user.github.io/repo/)
        #[arg(long)]
        base_url: Option<String>,
        /// Print how long each phase took
        #[arg(long)]
        timings: bool,
    },
    /// Check the content for errors without writing anything
    Check {
        /// The site folder, holding content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build into a temporary folder, serve it, rebuild and reload the browser on every change
    Serve {
        /// The site folder, holding content/, templates/ and static/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one (the address is printed)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; anything but the loopback shows drafts to the network
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
    },
}
