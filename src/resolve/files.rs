//! The site's files as a whole: source names that cannot be portable, static files
//! of the site overriding the theme's, and what each static file claims of the output.

#[allow(unused_imports)]
use super::*;
use crate::model::{Asset, SourceSet};

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
    let refused = urls::check_source_names(&names, diags);
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

/// Each static file's claim to its output path, for `urls::check_output_space`.
pub(crate) fn asset_claims(assets: &[Asset]) -> Vec<urls::Claim> {
    let what = |a: &Asset| if is_theme(&a.origin) { "a file of the theme" } else { "a static file" };
    assets.iter().map(|a| urls::Claim::new(&a.out, &a.origin, 0, what(a))).collect()
}

fn is_theme(origin: &str) -> bool {
    origin.starts_with("themes/") || origin.starts_with("(built-in)")
}
