//! Command-line interface (clap): one options struct per command.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use crate::diagnostics::Format;

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
    /// Create a starter knowledge base in DIR (`--bare`: a minimal site)
    Init(InitArgs),
    /// Add a page, section, glossary term, training path, module or decision tree
    New(NewArgs),
    /// List the code-block languages and highlight themes primer knows
    Languages,
    /// Write JSON Schemas of the site's front matter and of decision-tree files, for editors
    Schema(SchemaArgs),
    /// Record that translations are up to date with their originals (translations.toml)
    Stamp(StampArgs),
    /// Build into memory, serve on localhost, and rebuild on every change
    Serve(ServeArgs),
    /// Write one SCORM package (a zip; 1.2, or 2004 4th Edition) per training path, for learning management systems
    Package(PackageArgs),
}

#[derive(Args, Debug, Clone)]
pub struct PackageArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Folder for the packages (default: `packages/` under the root)
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// The SCORM edition: 1.2 (every LMS takes it) or 2004 (4th Edition)
    #[arg(long, value_enum, default_value = "1.2")]
    pub scorm: ScormEdition,
    /// Paths to package, by id (the folder name, e.g. `managers`); none: every path
    pub paths: Vec<String>,
}

/// `primer package --scorm`.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScormEdition {
    /// SCORM 1.2
    #[value(name = "1.2")]
    V1_2,
    /// SCORM 2004 4th Edition
    #[value(name = "2004")]
    V2004,
}

#[derive(Args, Debug, Clone)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: output_dir from site.toml, relative to the root)
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Write a copy that works opened from disk (file://) instead of the website
    /// (default output folder: `offline/` under the root)
    #[arg(long)]
    pub offline: bool,
}

/// What `build` and `check` share: which site, which pages, how to report.
#[derive(Args, Debug, Clone)]
pub struct SiteArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
    /// How to write diagnostics: text (repeated ones grouped), json (one object per
    /// line) or github (GitHub Actions annotations); json and github go to stdout
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List every diagnostic in full instead of grouping repeated ones
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// List every missing, stale and unstamped translation and every link that falls back to the original
    #[arg(long)]
    pub translations: bool,
}

#[derive(Args, Debug, Clone)]
pub struct SchemaArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the schemas (default: schemas/ in the site's folder)
    #[arg(long, short)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct StampArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Translations to stamp, by content path (content/page.zh.md); none: every translation
    pub files: Vec<String>,
}

#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// Folder to create the site in (must be empty or not exist)
    pub dir: PathBuf,
    /// Only a home page, one section and one page, instead of the starter knowledge base
    #[arg(long)]
    pub bare: bool,
}

#[derive(Args, Debug, Clone)]
pub struct NewArgs {
    /// What to create
    pub kind: NewKind,
    /// Where, relative to the site's content/ folder (e.g. `guide/backups.md`; a
    /// section or path is a folder; a term may be just its id)
    pub path: PathBuf,
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The title (default: from the file name)
    #[arg(long)]
    pub title: Option<String>,
}

/// The kinds of file `primer new` writes.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    /// A page (PATH.md)
    Page,
    /// A section: a folder with its _index.md (PATH/_index.md)
    Section,
    /// A glossary term page (in the glossary folder when PATH is just an id)
    Term,
    /// A training path (PATH/_index.md) with a first module that has a knowledge check
    Path,
    /// A page with a knowledge check, to list in a training path
    Module,
    /// A page that shows a decision tree (PATH.md and PATH.yaml)
    Tree,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The site's folder (with site.toml)
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Port to listen on (the next free one is used if taken)
    #[arg(long, short, default_value_t = 1111)]
    pub(crate) port: u16,
    /// Address to bind; anything but loopback needs this flag and prints a warning
    #[arg(long, default_value = "127.0.0.1")]
    pub(crate) bind: String,
    /// Open the site in the default browser
    #[arg(long)]
    pub(crate) open: bool,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub(crate) drafts: bool,
    /// Poll for changes instead of native file events
    #[arg(long)]
    pub(crate) poll: bool,
}
