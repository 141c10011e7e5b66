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
        /// A previous build's folder: refuse if a page it has would be gone and no alias keeps it
        #[arg(long, value_name = "DIR")]
        since: Option<PathBuf>,
        /// Also fetch every external link of the content and report dead and moved ones (uses the
        /// network; results are cached for a day)
        #[arg(long)]
        links: bool,
        /// With --links: how many seconds connecting to a page, and the whole request, may take
        #[arg(long, value_name = "SECONDS", default_value_t = 10.0, requires = "links", value_parser = seconds)]
        timeout: f64,
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
        /// Leave the drafts out, as `build` does: preview the public site
        #[arg(long)]
        no_drafts: bool,
    },
    /// Write a skeleton content file to fill in (never overwrites)
    New {
        #[command(subcommand)]
        kind: NewKind,
    },
}

#[derive(Subcommand)]
pub enum NewKind {
    /// content/outlets/SLUG.md
    Outlet {
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/sources/SLUG.md, an article of OUTLET
    Source {
        slug: String,
        /// The outlet that published it (its slug)
        #[arg(long)]
        outlet: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/topics/SLUG.md
    Topic {
        slug: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// content/claims/<outlet>/SLUG.md, a claim of SOURCE on TOPIC
    Claim {
        slug: String,
        /// The article making the claim (its slug); gives the outlet and the date
        #[arg(long)]
        source: String,
        /// The statement the claim takes a stance on (its slug)
        #[arg(long)]
        topic: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

/// A timeout in seconds: positive and finite.
fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(s) if s.is_finite() && s > 0.0 && s <= 3600.0 => Ok(s),
        _ => Err("give a number of seconds above 0, at most 3600, e.g. `10` or `2.5`".into()),
    }
}
