//! Knowledge-base extras that sit on top of the resolved site: decision trees and
//! the search index. Each is a thin adapter between the site model and its engine
//! module (`tree`, `search`), so those stay independent of the model.

use crate::diagnostics::Diagnostic;
use crate::load::SourceSet;
use crate::render::OutputFile;
use crate::site::Site;

/// Compile the decision trees named by pages (`tree:` in front matter).
pub fn trees(_site: &mut Site, _sources: &SourceSet, _diags: &mut Vec<Diagnostic>) {}

/// Build the search index over the rendered pages.
pub fn search_index(_site: &Site, _files: &mut Vec<OutputFile>, _diags: &mut Vec<Diagnostic>) {}
