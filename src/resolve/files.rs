//! The site's files as a whole: source names that cannot be portable, static files
//! of the site overriding the theme's, and what each static file claims of the output.

use crate::diagnostics::Diagnostic;
use crate::model::{Asset, Claim, SourceSet};
use crate::urls;
use std::collections::HashMap;
use std::collections::{BTreeMap, BTreeSet, HashSet};

/// Source files whose names cannot exist on every system, or that differ from another
/// one only by case or Unicode normalization, are reported and left out of the build
/// (of names that collide, the first in sorted order stays).
pub(crate) fn drop_unportable_sources(sources: &mut SourceSet, diags: &mut Vec<Diagnostic>) {
    let mut names: Vec<String> = sources.markdown.iter().map(|f| format!("content/{}", f.rel)).collect();
    names.extend(sources.data.keys().map(|k| format!("content/{k}")));
    names.extend(sources.templates.iter().map(|t| t.origin.clone()));
    names.extend(sources.assets.iter().map(|a| a.origin.clone()));
    // The built-in theme's names are primer's own.
    names.retain(|n| !n.starts_with('('));
    let refused = check_source_names(&names, diags);
    if refused.is_empty() {
        return;
    }
    sources.markdown.retain(|f| !refused.contains(&format!("content/{}", f.rel)));
    sources.data.retain(|k, _| !refused.contains(&format!("content/{k}")));
    sources.templates.retain(|t| !refused.contains(&t.origin));
    sources.assets.retain(|a| !refused.contains(&a.origin));
}

/// The static files the build copies: the site's override the theme's at the same
/// path; any other clash is left to the output check (see [`asset_claims`]).
pub(crate) fn assets(assets: &[Asset]) -> Vec<Asset> {
    let mut out: Vec<Asset> = Vec::new();
    let mut by_path: HashMap<&str, usize> = HashMap::new();
    for a in assets {
        match by_path.get(a.out.as_str()) {
            Some(&k) if is_theme(&out[k].origin) && !is_theme(&a.origin) => out[k] = a.clone(),
            _ => {
                by_path.insert(&a.out, out.len());
                out.push(a.clone());
            }
        }
    }
    out
}

/// Each static file's claim to its output path, for [`super::check_output_space`].
pub(crate) fn asset_claims(assets: &[Asset]) -> Vec<Claim> {
    let what = |a: &Asset| if is_theme(&a.origin) { "a file of the theme" } else { "a static file" };
    assets.iter().map(|a| Claim::new(&a.out, &a.origin, 0, what(a))).collect()
}

/// Source file names (relative to the site root): names that cannot exist on every
/// system, and files or folders whose names differ only by case or Unicode
/// normalization (one name on macOS and Windows). Returns the files to leave out: the
/// unportable ones, and of colliding names all but the first spelling's.
fn check_source_names(sources: &[String], diags: &mut Vec<Diagnostic>) -> HashSet<String> {
    let mut bad = HashSet::new();
    // Folded path (files and folders) → spellings → a file under it.
    let mut names: HashMap<String, BTreeMap<&str, &str>> = HashMap::new();
    for src in sources {
        // `.` and `..` only lead there (a theme allowed outside the site): not names.
        if let Some(problem) = src.split('/').filter(|c| *c != "." && *c != "..").find_map(urls::unportable_name) {
            diags.push(
                Diagnostic::error(src, 0, 0, format!("this file cannot be checked out on every system: {problem}"))
                    .with_hint("rename the file or folder (see \"File names\" in docs/authoring.md)"),
            );
            bad.insert(src.clone());
            continue;
        }
        for (i, _) in src.match_indices('/').chain(std::iter::once((src.len(), ""))) {
            names.entry(urls::fold(&src[..i])).or_default().entry(&src[..i]).or_insert(src);
        }
    }
    let split: BTreeSet<&String> = names.iter().filter(|(_, s)| s.len() > 1).map(|(k, _)| k).collect();
    for key in &split {
        if urls::ancestors(key).any(|a| split.contains(&a.to_string())) {
            continue;
        }
        let spellings = &names[*key];
        let shown = spellings.keys().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ");
        // Shown at the first file left out (the first spelling stays in the build).
        let files: Vec<&str> = spellings.values().copied().collect();
        diags.push(
            Diagnostic::error(*files.get(1).unwrap_or(&files[0]), 0, 0, format!("{shown} differ only by case or Unicode normalization; on macOS and Windows they are one name, so one would replace the other"))
                .with_hint("rename one of them"),
        );
        let keep = spellings.keys().next().copied().unwrap_or("");
        let keep_under = format!("{keep}/");
        for (_, under) in names.iter().filter(|(k, _)| *k == *key || k.starts_with(&format!("{key}/"))) {
            for (spelling, file) in under {
                if *spelling != keep && !spelling.starts_with(&keep_under) {
                    bad.insert(file.to_string());
                }
            }
        }
    }
    bad
}

fn is_theme(origin: &str) -> bool {
    origin.starts_with("themes/") || origin.starts_with("(built-in)")
}
