//! What a build reads, for those who watch it (the dev server): the pipeline decides
//! which files are inputs, so the watcher asks here rather than reaching into `load`.
//! site.toml is read through `load` here too, as by the builds.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};

/// The output folder named in site.toml, read leniently (site.toml is parsed and checked
/// by the builds themselves); an unreadable site.toml is an error.
pub(crate) fn output_dir(root: &Path) -> Result<String, Diagnostic> {
    let text = crate::load::read_config(root)?;
    Ok(crate::config::output_dir_of(&text))
}

/// Whether a file or folder name is never read by a build (hidden files, editor
/// temporary, swap and backup files).
pub(crate) fn is_ignored(name: &str) -> bool {
    crate::load::is_ignored(name)
}

/// The theme folder a build of the site at `root` reads: the one site.toml names (read
/// leniently; `default` without one), when it exists and is inside the site or allowed
/// outside it.
pub(crate) fn theme_folder(root: &Path) -> Option<PathBuf> {
    let (name, outside_ok) = crate::load::read_config(root)
        .map(|t| crate::config::theme_of(&t))
        .unwrap_or_else(|_| ("default".into(), false));
    let dir = crate::load::theme_dir(root, &name);
    let allowed = outside_ok || crate::load::theme_outside(root, &dir).is_none();
    (dir.is_dir() && allowed).then_some(dir)
}
