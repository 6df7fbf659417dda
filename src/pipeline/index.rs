//! The search index as a build step: the rendered pages that carry a search region go
//! to the `search` engine (Pagefind), and its files join the output.
//!
//! `primer build` writes each page as it is rendered ([`Streamed`]): of a page the index
//! needs, only what Pagefind reads of it (`search::indexable_html`, about 40 % of a
//! default-theme page) stays in memory until the index is built.

use std::sync::Mutex;

use crate::diagnostics::Diagnostic;
use crate::model::{OutputFile, Sink};
use crate::search;
use rayon::prelude::*;

/// Build the search index over the rendered pages (those still in `files` and those
/// `streamed` kept the indexable part of) and add its files.
pub(crate) fn search_index(
    files: &mut Vec<OutputFile>,
    streamed: Vec<search::SearchPage>,
    diags: &mut Vec<Diagnostic>,
) {
    match index_files(files, streamed) {
        Ok(extra) => files.extend(extra),
        Err(e) => {
            diags.push(Diagnostic::error("(search index)", 0, 0, format!("could not build the search index: {e}")))
        }
    }
}

/// The search index files for a set of rendered files (used by `build` and, in the
/// background after each change, by `serve`).
/// Indexed: every page with a `data-pagefind-body` region; the 404 and search pages
/// have none, and redirect pages are not pages.
pub(crate) fn search_files(files: &[OutputFile]) -> Result<Vec<OutputFile>, String> {
    index_files(files, Vec::new())
}

fn index_files(files: &[OutputFile], mut pages: Vec<search::SearchPage>) -> Result<Vec<OutputFile>, String> {
    // Only what Pagefind reads of each page is copied (`search::indexable_html`). A file
    // written as it was rendered has no contents left here: `pages` holds its part.
    pages.par_extend(files.par_iter().filter_map(search_page));
    let index = search::build_index_from(pages)?;
    Ok(index.into_iter().map(|f| OutputFile { path: f.path, contents: f.contents.into() }).collect())
}

/// What the index needs of a rendered file, if it is a page with a search region.
fn search_page(f: &OutputFile) -> Option<search::SearchPage> {
    let dir = f.path.strip_suffix("index.html")?;
    let html = std::str::from_utf8(&f.contents).ok()?;
    if !html.contains("data-pagefind-body") {
        return None;
    }
    Some(search::SearchPage { url: format!("/{dir}"), html: search::indexable_html(html).into_owned() })
}

/// A sink in front of the build's own: when `keep` is on, it keeps the indexable part of
/// every page the build's sink writes and drops, so a build with a search index writes
/// its pages as they are rendered instead of holding them all until the index is built.
pub(crate) struct Streamed<'a> {
    sink: &'a dyn Sink,
    /// `None`: pass every file on unchanged (no index, or the sink keeps the files).
    pages: Option<Mutex<Vec<search::SearchPage>>>,
}

impl<'a> Streamed<'a> {
    pub(crate) fn new(sink: &'a dyn Sink, keep: bool) -> Self {
        Streamed { sink, pages: keep.then(|| Mutex::new(Vec::new())) }
    }

    /// The indexable parts kept so far, in no particular order.
    pub(crate) fn take_pages(&self) -> Vec<search::SearchPage> {
        self.pages
            .as_ref()
            .map(|m| std::mem::take(&mut *m.lock().unwrap_or_else(|e| e.into_inner())))
            .unwrap_or_default()
    }
}

impl Sink for Streamed<'_> {
    fn put(&self, file: OutputFile) -> OutputFile {
        let Some(pages) = &self.pages else { return self.sink.put(file) };
        let page = search_page(&file);
        let kept = self.sink.put(file);
        // A file the sink could not write keeps its contents, and the index finds it there.
        if let Some(page) = page.filter(|_| kept.contents.is_empty()) {
            pages.lock().unwrap_or_else(|e| e.into_inner()).push(page);
        }
        kept
    }
}
