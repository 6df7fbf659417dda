//! Command-line interface (clap): one options struct per command.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "primer", version, about = "A static site generator for knowledge bases and training portals")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (default: public/)
    Build(BuildArgs),
    /// Run every check of a build without writing anything
    Check(CheckArgs),
    /// Create a new minimal site in DIR
    Init(InitArgs),
    /// Build into memory, serve on localhost, and rebuild on every change
    Serve(ServeArgs),
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default: output_dir from site.toml, relative to the root)
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Folder to create the site in (must be empty or not exist)
    pub dir: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Port to listen on (the next free one is used if taken)
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to bind; anything but loopback needs this flag and prints a warning
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Poll for changes instead of native file events
    #[arg(long)]
    pub poll: bool,
}
