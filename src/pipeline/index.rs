//! The search index as a build step: the rendered pages that carry a search region go
//! to the `search` engine (Pagefind), and its files join the output.

use crate::diagnostics::Diagnostic;
use crate::model::OutputFile;
use crate::search;
use rayon::prelude::*;

/// Build the search index over the rendered pages and add its files.
pub(crate) fn search_index(files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    match search_files(files) {
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
    // Only what Pagefind reads of each page is copied (`search::indexable_html`).
    let pages: Vec<search::SearchPage> = files
        .par_iter()
        .filter(|f| f.path.ends_with("index.html"))
        .filter_map(|f| {
            let html = std::str::from_utf8(&f.contents).ok()?;
            if !html.contains("data-pagefind-body") {
                return None;
            }
            let dir = f.path.strip_suffix("index.html").unwrap_or("");
            Some(search::SearchPage { url: format!("/{dir}"), html: search::indexable_html(html).into_owned() })
        })
        .collect();
    let index = search::build_index(&pages)?;
    Ok(index.into_iter().map(|f| OutputFile { path: f.path, contents: f.contents.into() }).collect())
}
