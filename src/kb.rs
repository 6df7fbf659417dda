//! Knowledge-base extras that sit on top of the resolved site: decision trees and
//! the search index. Each is a thin adapter between the site model and its engine
//! module (`tree`, `search`), so those stay independent of the model.

use crate::diagnostics::Diagnostic;
use crate::load::SourceSet;
use crate::render::OutputFile;
use crate::site::Site;

/// Compile the decision trees named by pages (`tree:` in front matter).
pub fn trees(_site: &mut Site, _sources: &SourceSet, _diags: &mut Vec<Diagnostic>) {}

/// Build the search index over the rendered pages and add its files.
pub fn search_index(_site: &Site, files: &mut Vec<OutputFile>, diags: &mut Vec<Diagnostic>) {
    match search_files(files) {
        Ok(extra) => files.extend(extra),
        Err(e) => {
            diags.push(Diagnostic::error("(search index)", 0, 0, format!("could not build the search index: {e}")))
        }
    }
}

/// The search index files for a set of rendered files (used by `build` and, in the
/// background after each change, by `serve`).
pub fn search_files(_files: &[OutputFile]) -> Result<Vec<OutputFile>, String> {
    Ok(Vec::new())
}
