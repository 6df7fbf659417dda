//! The sources of a build: everything `load` read from disk, as the later stages see
//! it (markdown and data files, templates, the theme's words, assets to copy).

use crate::diagnostics::Diagnostic;
use crate::front_matter::FrontMatter;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The file in the site root where `primer stamp` records what each translation was
/// made from (see `crate::i18n::coverage`).
pub const STAMPS_FILE: &str = "translations.toml";

/// A markdown file, path relative to `content/` with `/` separators.
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub(crate) rel: String,
    /// Shared with the dev server's cache and the page built from it.
    pub(crate) text: std::sync::Arc<str>,
}

/// Where an asset's bytes come from.
#[derive(Debug, Clone)]
pub(crate) enum AssetSource {
    Disk(PathBuf),
    Embedded(&'static [u8]),
    /// Made by the build (a theme's stylesheet or script, minified).
    Made(std::sync::Arc<[u8]>),
}

/// A file copied to the output as is; `out` is relative to the output root.
#[derive(Debug, Clone)]
pub struct Asset {
    pub(crate) out: String,
    /// Display path of the source, for collision errors.
    pub(crate) origin: String,
    pub(crate) source: AssetSource,
}

/// A template: its name (path under templates/) and text.
#[derive(Debug, Clone)]
pub(crate) struct TemplateFile {
    pub(crate) name: String,
    pub(crate) origin: String,
    pub(crate) text: String,
}

/// A table of the theme's words in one language (`i18n/<code>.toml`), see `crate::i18n::strings`.
#[derive(Debug, Clone)]
pub(crate) struct StringsFile {
    pub(crate) code: String,
    pub(crate) origin: String,
    pub(crate) text: String,
    /// The site's own (overrides the theme's key by key).
    pub(crate) site: bool,
}

/// Everything the build reads from disk.
#[derive(Debug, Default)]
pub(crate) struct SourceSet {
    pub(crate) root: PathBuf,
    pub(crate) markdown: Vec<SourceFile>,
    /// YAML data files under content/, by content-relative path.
    pub(crate) data: BTreeMap<String, String>,
    pub(crate) assets: Vec<Asset>,
    pub(crate) templates: Vec<TemplateFile>,
    pub(crate) strings: Vec<StringsFile>,
    /// `translations.toml`, the hashes `primer stamp` recorded (see `crate::i18n::coverage`).
    pub(crate) stamps: Option<String>,
    /// The date (`YYYY-MM-DD`) of the last commit that changed each markdown file, by
    /// content-relative path (only with `[repository] last_updated = "git"`).
    pub(crate) commit_dates: BTreeMap<String, String>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// A parsed content file.
pub(crate) struct Doc {
    pub(crate) rel: String,
    pub(crate) text: std::sync::Arc<str>,
    pub(crate) body_offset: usize,
    /// Shared with the dev server's cache (front matter is parsed once per version of a file).
    pub(crate) fm: std::sync::Arc<FrontMatter>,
    /// A translation's own path (`rel` is then its original's, see `crate::i18n`).
    pub(crate) source: Option<String>,
}
