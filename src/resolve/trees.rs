//! Decision trees named by pages: each tree file is parsed and validated by the `tree`
//! engine, its outcome links are resolved like markdown links, and the page keeps the
//! tree compiled in its language: the HTML and the SVG overview, written by the engine
//! with the words of the language's `tree_*` strings ([`tree_words`]).

use super::resolve_link;
use super::LinkTarget;
use super::LinkTargets;
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Span;
use crate::model::PageId;
use crate::model::Site;
use crate::model::{CompiledTree, SourceSet, Table};
use crate::tree;
use crate::urls;
use std::collections::HashMap;

/// Compile the decision trees named by pages (`tree:` in front matter): parse and
/// validate the YAML, check every outcome link like a markdown link, and keep the
/// HTML and the SVG overview on the page, in the site's language: `strings` is its
/// table, `rtl` says it is written right to left (the diagram is mirrored).
pub(crate) fn trees(site: &mut Site, sources: &SourceSet, strings: &Table, rtl: bool, diags: &mut Vec<Diagnostic>) {
    let words = tree_words(strings);
    let with_tree: Vec<PageId> = site.ids().filter(|&i| site.pages[i].fm.tree.is_some()).collect();
    // First every tree's node ids, so links between pages can point at tree nodes.
    let mut parsed = Vec::new();
    for i in with_tree {
        if let Some((rel, text, tree, errors)) = load_tree(site, i, sources, diags) {
            site.pages[i].extra_anchors = tree.as_ref().map(|t| t.anchors(TREE_PREFIX)).unwrap_or_default();
            parsed.push((i, rel, text, tree, errors));
        }
    }
    // Outcome links lead to pages and anchors, never to files.
    let targets = LinkTargets::new(site, []);
    let mut compiled = Vec::new();
    for (i, rel, text, tree, errors) in parsed {
        let Some(tree) = tree else {
            diags.extend(errors);
            continue;
        };
        promises_without_links(&rel, text, &tree, diags);
        let links = resolve_tree_links(&targets, i, &rel, text, &tree, diags);
        let ok = errors.is_empty() && links.is_some();
        diags.extend(errors);
        if let (true, Some(resolved)) = (ok, links) {
            let resolve = |href: &str| resolved.get(href).cloned().unwrap_or_else(|| href.to_string());
            let svg = if rtl { tree.render_svg_rtl(&words) } else { tree.render_svg(&words) };
            let html = tree.render_html(TREE_PREFIX, &resolve, &words);
            compiled.push((i, CompiledTree { html, svg, title: tree.shown_title() }));
        }
    }
    for (i, tree) in compiled {
        site.pages[i].tree = Some(tree);
    }
}

/// The tree engine's words in the language of `strings`: each from its `tree_*`
/// string, the engine's English where the table has none.
fn tree_words(strings: &Table) -> tree::Words {
    let english = tree::Words::english();
    let word = |key: &str, english: String| strings.get(key).map_or(english, str::to_string);
    tree::Words {
        positive: word("tree_positive", english.positive),
        negative: word("tree_negative", english.negative),
        caution: word("tree_caution", english.caution),
        neutral: word("tree_neutral", english.neutral),
        read_more: word("tree_read_more", english.read_more),
        start_again: word("tree_start_again", english.start_again),
        route: word("tree_route", english.route),
        question: word("tree_question", english.question),
        flowchart: word("tree_flowchart", english.flowchart),
        flowchart_desc: word("tree_flowchart_desc", english.flowchart_desc),
    }
}

/// The id prefix of tree elements (`tree`, `tree-<node>`); headings never take these ids.
const TREE_PREFIX: &str = "tree";

type Loaded<'s> = (String, &'s str, Option<tree::Tree>, Vec<Diagnostic>);

fn load_tree<'s>(site: &Site, i: PageId, sources: &'s SourceSet, diags: &mut Vec<Diagnostic>) -> Option<Loaded<'s>> {
    let p = &site.pages[i];
    let name = p.fm.tree.as_deref()?;
    let dir = p.rel.as_deref().and_then(|r| r.rsplit_once('/')).map(|(d, _)| d).unwrap_or("");
    let rel = urls::normalize(&format!("{dir}/{name}"));
    // A translated page takes the tree's translation (`tree.zh.yaml`) when there is one.
    let code = site.prefix.trim_end_matches('/');
    let translated = rel.as_deref().filter(|_| !code.is_empty()).and_then(|r| {
        let (stem, ext) = r.rsplit_once('.')?;
        let t = format!("{stem}.{code}.{ext}");
        sources.data.contains_key(&t).then_some(t)
    });
    let rel = translated.or(rel);
    let Some((rel, text)) = rel.and_then(|r| sources.data.get(&r).map(|t| (r, t.as_str()))) else {
        let at = p.fm.value_span(&p.text, "tree");
        diags.push(
            Diagnostic::error_at(&p.display, &p.text, at, format!("decision tree file `{name}` does not exist"))
                .with_hint("`tree:` takes the path of a .yaml file relative to this page"),
        );
        return None;
    };
    let (tree, errors) = tree::parse_partial(&format!("content/{rel}"), text);
    Some((rel, text, tree, errors))
}

/// Words by which an outcome's explanation sends the reader on (to a next question,
/// step or layer); such an outcome must offer the link to go on.
const GO_ON: &[&str] = &[
    "continue to",
    "continue with",
    "go on to",
    "proceed to",
    "move on to",
    "next question",
    "next step",
    "next layer",
    "next, ",
    "继续",
    "下一",
];

/// An outcome that tells the reader to go on but links nowhere is a dead end: warn at
/// the outcome (once per tree file, even when several pages show it).
fn promises_without_links(rel: &str, text: &str, tree: &tree::Tree, diags: &mut Vec<Diagnostic>) {
    let display = format!("content/{rel}");
    for o in tree.outcomes.iter().filter(|o| o.links.is_empty()) {
        let lower = o.explanation.to_lowercase();
        let Some(words) = GO_ON.iter().find(|w| lower.contains(*w)) else { continue };
        if diags.iter().any(|d| d.path == display && d.line == o.line && d.message.contains("promises")) {
            continue;
        }
        let at = Span::new(o.line, o.col, "id".len());
        diags.push(
            Diagnostic::warning_at(
                &display,
                text,
                at,
                format!("outcome `{}` promises a next step (\"{}\") but links nowhere", o.id, words.trim_end_matches([',', ' '])),
            )
            .with_hint("add `links:` with the step to go on to (a page, or a tree state such as `#tree=…`), or reword the explanation"),
        );
    }
}

/// Check every outcome link of a tree like a markdown link; `None` if any is broken.
fn resolve_tree_links(
    targets: &LinkTargets,
    i: PageId,
    rel: &str,
    text: &str,
    tree: &tree::Tree,
    diags: &mut Vec<Diagnostic>,
) -> Option<HashMap<String, String>> {
    let display = format!("content/{rel}");
    let yaml_dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let page_rel = targets.site.pages[i.index()].rel.unwrap_or_default();
    let mut resolved: HashMap<String, String> = HashMap::new();
    let mut ok = true;
    for link in tree.links() {
        if urls::is_external(&link.href) {
            continue;
        }
        let (path, frag) = match link.href.split_once('#') {
            Some((path, frag)) => (path, format!("#{frag}")),
            None => (link.href.as_str(), String::new()),
        };
        let target = if path.is_empty() {
            Some(format!("/{page_rel}{frag}"))
        } else {
            urls::normalize(&format!("{yaml_dir}/{path}")).map(|n| format!("/{n}{frag}"))
        };
        let result = match &target {
            Some(t) => resolve_link(targets, i, t),
            None => Err((
                format!("link `{}` leads outside the site", link.href),
                "remove the extra `../`; links are relative to the tree file".to_string(),
            )),
        };
        match result {
            Ok(LinkTarget::Rewrite(url)) => {
                resolved.insert(link.href.clone(), url);
            }
            Ok(LinkTarget::Keep) => {}
            Err((message, hint)) => {
                ok = false;
                let message = match &target {
                    Some(t) => message.replace(&format!("`{t}`"), &format!("`{}`", link.href)),
                    None => message,
                };
                let at = Span::new(link.line, link.col, link.href.chars().count());
                diags.push(Diagnostic::error_at(&display, text, at, message).with_hint(hint));
            }
        }
    }
    ok.then_some(resolved)
}
