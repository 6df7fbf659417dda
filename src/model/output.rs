//! What a build produces, and the seam between rendering and writing.
//!
//! `render` makes files and hands each one to a [`Sink`] that the pipeline passes in;
//! it never touches the disk itself. `output::Staging` is the sink of `primer build`
//! (each page goes into the staging folder as soon as it is rendered); [`Memory`] keeps
//! everything in memory (`primer serve`, `primer check`, builds that package the site).
//! A build with a search index puts `pipeline::index::Streamed` in front of its sink,
//! which keeps only what the index reads of each page.
//!
//! What a build writes is said once, here, for those who write it (`render`) and those
//! who check it (`resolve`'s output space): the file of each page
//! ([`Site::page_file`]), an alias's URL ([`Site::alias_url`]), and the [`Claim`]
//! each file makes on its output path.

use crate::model::{Kind, PageId, Site};
use std::sync::Arc;

/// One file of the built site, at a path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared: the dev server's cache and its published site hold the same bytes.
    pub contents: Arc<[u8]>,
}

/// Where rendered files go as they are made. Called from many threads at once.
pub(crate) trait Sink: Sync {
    /// Take one rendered file; returns what the build keeps of it in memory (a sink
    /// that wrote the file to disk keeps its path and drops its contents).
    fn put(&self, file: OutputFile) -> OutputFile;
}

/// Keeps every file in memory, unchanged.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Memory;

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> OutputFile {
        file
    }
}

impl Site {
    /// The file page `i` is written to: its URL's `index.html`, or the 404 page's own
    /// name. `None` for a page no build writes: the 404 page of any language but the
    /// default (one 404 page serves every language: servers answer any missing URL with
    /// the root's 404.html, and a second one under /zh/ would take /zh/ for the site's
    /// root), and a URL that makes no safe output path (resolve reports those and
    /// leaves them out of the site, so there are none).
    pub(crate) fn page_file(&self, i: PageId) -> Option<String> {
        let p = &self.pages[i];
        if p.kind == Kind::NotFound {
            return self.prefix.is_empty().then(|| p.url.trim_start_matches('/').to_string());
        }
        crate::urls::url_to_output(&p.url).ok()
    }

    /// The site URL of a page's alias (`aliases: [old/page]` → `/old/page/`, under
    /// the language's prefix).
    pub(crate) fn alias_url(&self, alias: &str) -> String {
        format!("/{}{}/", self.prefix, alias.trim_matches('/'))
    }
}

/// One output path and who writes it: what resolve checks the whole output space with
/// (`crate::resolve::check_output_space`).
#[derive(Debug, Clone, Hash)]
pub(crate) struct Claim {
    /// Relative to the output root, `/` separators.
    pub(crate) path: String,
    /// The claim is the whole folder `path/` (the search index: its file names are
    /// content hashes, known only once it is built).
    pub(crate) folder: bool,
    /// Where it comes from, relative to the site root (`content/a.md`, `site.toml`),
    /// or `(generated)`.
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// What it is, for messages: "the page /a/", "the alias `/old/`".
    pub(crate) what: String,
}

impl Claim {
    pub(crate) fn new(path: impl Into<String>, file: impl Into<String>, line: usize, what: impl Into<String>) -> Self {
        Claim {
            path: path.into(),
            folder: false,
            file: file.into(),
            line,
            col: if line > 0 { 1 } else { 0 },
            what: what.into(),
        }
    }

    /// The claim for messages: what it is and where it comes from.
    pub(crate) fn describe(&self) -> String {
        match self.line {
            _ if !self.authored() => format!("{} {}", self.what, self.file),
            0 => format!("{} ({})", self.what, self.file),
            l => format!("{} ({}:{l})", self.what, self.file),
        }
    }

    /// It comes from a file of the site (not from primer itself).
    pub(crate) fn authored(&self) -> bool {
        !self.file.starts_with('(')
    }
}
