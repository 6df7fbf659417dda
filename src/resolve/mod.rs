//! Resolve: parsed documents in, a [`Site`] out.
//!
//! Decides what each file is (section, page, bundle, glossary term, taxonomy term,
//! training path), gives it a URL, builds the section tree in a stable order, and
//! checks the knowledge-base structures (taxonomy vocabularies, glossary, paths,
//! quizzes, decision trees), every internal link and every output path. Pure: reads
//! nothing from disk.
//!
//! How kinds are given: once, when the page value is made, and never written again.
//! An authored page's kind comes from classifying its file (`classify`: its path,
//! and the front matter where the path leaves it open: a section that lists
//! `modules` is a training path, a glossary file without a `definition` is a plain
//! page and an error). A generated page's comes with its constructor (the home page,
//! taxonomy lists and term pages, the glossary index, search, 404). A kind carries no
//! number from a site-wide order, so nothing waits for one: the glossary (sorted by
//! title), the training paths (in reading order) and each vocabulary's terms (in
//! their final order) are made later, by the steps that own them, each noting its
//! pages in the site's reverse lookups ([`Site::entry_of`], [`Site::path_of`],
//! [`Site::term_of`]) as it adds them.
//!
//! The steps, in build order (the pipeline calls them, with the markdown analysis
//! between the first two): [`structure`] (kinds, URLs, tree, taxonomies, glossary),
//! [`paths_and_quizzes`] (needs reading times), [`trees`] (decision trees), the
//! links of each page ([`links`], against [`LinkTargets`]), then, once markdown is
//! rendered, [`glossary_usage`]; and over every language's site, the output space
//! ([`output_claims`], [`check_output_space`]: no two writers on one path).
//!
//! A stage (the dependency rule is in `lib.rs`): imports the model, the cross-cutting
//! modules and engines (`tree`), never another stage.

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::front_matter::FrontMatter;
use crate::model::{Doc, Kind, Page, PageId, Site, TaxonomyId};
use crate::urls::{self, url_segment};
use std::collections::HashMap;
mod files;
mod glossary;
mod links;
mod output_space;
mod paths;
mod taxonomies;
mod trees;

pub(crate) use files::{asset_claims, assets, drop_unportable_sources};
use glossary::*;
pub(crate) use glossary::{glossary_usage, related_terms};
pub(crate) use links::*;
pub(crate) use output_space::{check_output_space, output_claims};
pub(crate) use paths::*;
use taxonomies::*;
pub(crate) use trees::*;

/// Build the site structure: kinds, URLs, tree, taxonomies, glossary. Every page's
/// kind is given once, final, when the page is made (see the module docs);
/// `default`: for a translation, the default language's site, whose order the
/// taxonomy terms follow.
pub(crate) fn structure(
    config: &SiteConfig,
    docs: Vec<Doc>,
    drafts: Vec<String>,
    default: Option<&Site>,
    diags: &mut Vec<Diagnostic>,
) -> Site {
    let mut site = Site { drafts: drafts.into_iter().collect(), ..Default::default() };
    // A glossary index is made for a glossary section that holds term files.
    let mut has_terms = false;
    for doc in docs {
        let display = format!("content/{}", doc.source.as_deref().unwrap_or(&doc.rel));
        let Some(class) = classify(config, &doc, &display, diags) else { continue };
        let page = Page {
            rel: Some(doc.rel),
            text: doc.text,
            body_offset: doc.body_offset,
            ..Page::new(class.kind, class.url, display, doc.fm)
        };
        let added = add_page(&mut site, page, "a page", diags).is_some();
        has_terms |= added && class.term_file;
    }
    if !site.by_url.contains_key("/") {
        let title = config.title.clone();
        add_generated(&mut site, Kind::Home, "/", &title, diags);
    }
    site.home = site.by_url.get("/").copied().unwrap_or_default();
    ensure_glossary_index(&mut site, config, has_terms, diags);
    if config.search.enabled {
        add_generated(&mut site, Kind::Search, "/search/", "Search", diags);
    }
    add_generated(&mut site, Kind::NotFound, "/404.html", "Page not found", diags);
    link_tree(&mut site);
    taxonomies(&mut site, config, default, diags);
    for i in site.ids().collect::<Vec<_>>() {
        if site.pages[i].parent.is_none() && i != site.home {
            site.pages[i].parent = Some(match site.pages[i].kind {
                Kind::TaxonomyTerm(t) => site.taxonomies.get(t.index()).map(|t| t.page).unwrap_or(site.home),
                _ => site.home,
            });
        }
    }
    let order = site.reading_order();
    glossary(&mut site, &order, diags);
    site
}

/// What classifying a file tells of it.
struct Class {
    /// Given here, final.
    kind: Kind,
    url: String,
    /// A file of the glossary section that names a term: a glossary entry's page, or
    /// (without a `definition`) a plain page.
    term_file: bool,
}

/// A file's kind and URL, from its path and front matter (`display`: its path for
/// messages). A term file of the glossary section without a `definition` is no
/// glossary entry: an error, and a plain page. None (and an error) when the path
/// makes no URL.
fn classify(config: &SiteConfig, doc: &Doc, display: &str, diags: &mut Vec<Diagnostic>) -> Option<Class> {
    let (kind, url) = path_kind(config, doc).map_err(|d| diags.push(d)).ok()?;
    let term_file = kind == Kind::GlossaryTerm;
    if term_file && doc.fm.definition.is_none() {
        diags.push(
            Diagnostic::error(display, 1, 1, "glossary term has no `definition`")
                .with_hint("add `definition: One plain sentence.` to the front matter"),
        );
        return Some(Class { kind: Kind::Page, url, term_file });
    }
    Some(Class { kind, url, term_file })
}

/// A file's kind and URL as its path (and for a section, whether it lists modules)
/// makes them.
fn path_kind(config: &SiteConfig, doc: &Doc) -> Result<(Kind, String), Diagnostic> {
    let rel = doc.rel.as_str();
    let (dir, file) = match rel.rfind('/') {
        Some(i) => (&rel[..i], &rel[i + 1..]),
        None => ("", rel),
    };
    let display = format!("content/{rel}");
    let no_letters = |name: &str, fix: &str| {
        Diagnostic::error(
            &display,
            0,
            0,
            format!("`{name}` has no letters or digits to make a URL from (it would become `_`)"),
        )
        .with_hint(fix.to_string())
    };
    let mut segments = Vec::new();
    for seg in dir.split('/').filter(|s| !s.is_empty()) {
        match url_segment(seg) {
            Some(s) => segments.push(s),
            None => return Err(no_letters(seg, "rename the folder so its name has a letter or digit")),
        }
    }
    let dir_url = segments.join("/");
    let join = |last: &str| {
        if dir_url.is_empty() {
            format!("/{last}/")
        } else if last.is_empty() {
            format!("/{dir_url}/")
        } else {
            format!("/{dir_url}/{last}/")
        }
    };
    let taxonomy = config.taxonomies.iter().position(|t| t.name == dir).map(TaxonomyId::new);
    if file == "_index.md" {
        let kind = if dir.is_empty() {
            Kind::Home
        } else if dir == config.glossary.section {
            Kind::GlossaryIndex
        } else if let Some(t) = taxonomy {
            Kind::TaxonomyList(t)
        } else if !doc.fm.modules.is_empty() {
            Kind::TrainingPath
        } else {
            Kind::Section
        };
        let url = if dir.is_empty() { "/".to_string() } else { join("") };
        return Ok((kind, url));
    }
    if file == "index.md" && !dir.is_empty() {
        // A bundle: the folder is the page.
        let (pdir, last) = match dir_url.rfind('/') {
            Some(i) => (&dir_url[..i], &dir_url[i + 1..]),
            None => ("", dir_url.as_str()),
        };
        let last = doc.fm.slug.clone().unwrap_or_else(|| last.to_string());
        let url = if pdir.is_empty() { format!("/{last}/") } else { format!("/{pdir}/{last}/") };
        return Ok((Kind::Page, url));
    }
    let stem = file.trim_end_matches(".md");
    let last = match (&doc.fm.slug, url_segment(stem)) {
        (Some(slug), _) => slug.clone(),
        (None, Some(s)) => s,
        (None, None) => {
            return Err(no_letters(file, "rename the file so its name has a letter or digit, or give it a `slug`"))
        }
    };
    let kind = if dir == config.glossary.section {
        Kind::GlossaryTerm
    } else if let Some(t) = taxonomy {
        Kind::TaxonomyTerm(t)
    } else {
        Kind::Page
    };
    Ok((kind, join(&last)))
}

/// Add a page at its URL, unless the URL makes no output path or is taken (then an
/// error); `what`: what a generated page is, for the message when an authored page
/// takes its URL.
fn add_page(site: &mut Site, page: Page, what: &str, diags: &mut Vec<Diagnostic>) -> Option<PageId> {
    let idx = PageId::new(site.pages.len());
    if let Err(e) = urls::url_to_output(&page.url) {
        diags.push(
            Diagnostic::error(&page.display, 1, 1, format!("the output path for `{}` {}", page.url, e.0))
                .with_hint("rename the file or change its `slug`"),
        );
        return None;
    }
    if let Some(&other) = site.by_url.get(&page.url) {
        let o = &site.pages[other];
        if page.rel.is_none() {
            // A content page sits where primer generates one.
            diags.push(
                Diagnostic::error(
                    &o.display,
                    1,
                    1,
                    format!(
                        "{} takes the URL {}, where primer generates {} “{}”",
                        o.display, page.url, what, page.fm.title
                    ),
                )
                .with_hint("rename the file or give it a different `slug`; the generated page cannot move"),
            );
            return None;
        }
        diags.push(
            Diagnostic::error(
                &page.display,
                1,
                1,
                format!("{} and {} both map to the URL {}", o.display, page.display, page.url),
            )
            .with_hint("rename one of the files or give one a different `slug`"),
        );
        return None;
    }
    site.by_url.insert(page.url.clone(), idx);
    if let Some(rel) = &page.rel {
        site.by_rel.insert(rel.clone(), idx);
    }
    site.pages.push(page);
    Some(idx)
}

/// What a generated page is, for messages.
fn generated_what(kind: Kind) -> &'static str {
    match kind {
        Kind::Home => "the home page",
        Kind::GlossaryIndex => "the glossary index",
        Kind::TaxonomyList(_) => "the list of a taxonomy",
        Kind::Search => "the search page",
        Kind::NotFound => "the 404 page",
        _ => "a page",
    }
}

fn add_generated(site: &mut Site, kind: Kind, url: &str, title: &str, diags: &mut Vec<Diagnostic>) -> Option<PageId> {
    if let Some(&i) = site.by_url.get(url) {
        if site.pages[i].kind == kind {
            return Some(i);
        }
    }
    add_page(site, generated(kind, url, title), generated_what(kind), diags)
}

/// A generated page of a term of taxonomy `t`.
fn add_term_page(
    site: &mut Site,
    t: TaxonomyId,
    url: &str,
    title: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<PageId> {
    add_page(site, generated(Kind::TaxonomyTerm(t), url, title), "the page of a taxonomy term", diags)
}

/// A generated page: its kind, URL and title.
fn generated(kind: Kind, url: &str, title: &str) -> Page {
    let fm = FrontMatter { title: title.to_string(), ..Default::default() };
    Page::new(kind, url.to_string(), format!("(generated {url})"), std::sync::Arc::new(fm))
}

fn ensure_glossary_index(site: &mut Site, config: &SiteConfig, has_terms: bool, diags: &mut Vec<Diagnostic>) {
    let section = url_segment(&config.glossary.section).unwrap_or_else(|| config.glossary.section.clone());
    let url = format!("/{section}/");
    // An authored glossary index is `_index.md` in the section; any other page there is a collision.
    if has_terms && site.by_url.get(&url).is_none_or(|&i| site.pages[i].kind != Kind::GlossaryIndex) {
        add_generated(site, Kind::GlossaryIndex, &url, "Glossary", diags);
    }
}

/// Parents, children and their order (weight, then title, then path). Authored
/// taxonomy term pages are nobody's children (their taxonomy's list shows them);
/// training paths are sections.
fn link_tree(site: &mut Site) {
    let n = site.pages.len();
    let mut section_dirs: HashMap<String, PageId> = HashMap::new();
    for (i, p) in site.ids().zip(&site.pages) {
        if let Some(rel) = &p.rel {
            if rel == "_index.md" {
                section_dirs.insert(String::new(), i);
            } else if let Some(dir) = rel.strip_suffix("/_index.md") {
                section_dirs.insert(dir.to_string(), i);
            }
        }
    }
    for i in (0..n).map(PageId::new) {
        if i == site.home {
            continue;
        }
        let parent = match &site.pages[i].rel {
            Some(rel) => {
                let mut dir = parent_dir(rel);
                if rel.ends_with("_index.md") || rel.ends_with("/index.md") {
                    dir = parent_dir(&dir);
                }
                loop {
                    if let Some(&s) = section_dirs.get(&dir) {
                        break s;
                    }
                    if dir.is_empty() {
                        break site.home;
                    }
                    dir = parent_dir(&dir);
                }
            }
            None => continue,
        };
        if parent == i {
            continue;
        }
        site.pages[i].parent = Some(parent);
        let k = site.pages[i].kind;
        let is_section = matches!(k, Kind::Section | Kind::GlossaryIndex | Kind::TaxonomyList(_) | Kind::TrainingPath);
        let authored = site.pages[i].rel.is_some();
        if !authored || matches!(k, Kind::TaxonomyTerm(_)) {
            continue;
        }
        if is_section {
            site.pages[parent].subsections.push(i);
        } else if matches!(k, Kind::Page | Kind::GlossaryTerm) {
            site.pages[parent].pages.push(i);
        }
    }
    let keys: Vec<(i64, String, String)> = site
        .pages
        .iter()
        .map(|p| (p.fm.weight, p.fm.title.to_lowercase(), p.rel.clone().unwrap_or_default()))
        .collect();
    for p in &mut site.pages {
        p.pages.sort_by(|a, b| keys[a.index()].cmp(&keys[b.index()]));
        p.subsections.sort_by(|a, b| keys[a.index()].cmp(&keys[b.index()]));
    }
    // Taxonomy lists are reached from the footer and from tags; the menu keeps sections.
    site.menu = site.pages[site.home]
        .subsections
        .iter()
        .copied()
        .filter(|&s| !matches!(site.pages[s].kind, Kind::TaxonomyList(_)))
        .collect();
}

/// A section for each folder of pages that has no `_index.md`, titled from the
/// folder's name (`getting-started` → "Getting started"), as if its `_index.md` held
/// only that title: so a docs tree from another generator keeps its folders as
/// sections. Not for a page bundle's folder, the glossary's or a taxonomy's, nor
/// where `_index.md` exists among the `sources` (a draft, or one that failed to parse).
pub(crate) fn implicit_sections(config: &SiteConfig, docs: &[Doc], sources: &[&str]) -> Vec<Doc> {
    use std::collections::BTreeSet;
    let rels: BTreeSet<&str> = docs.iter().map(|d| d.rel.as_str()).chain(sources.iter().copied()).collect();
    let bundles: BTreeSet<String> =
        docs.iter().filter_map(|d| d.rel.strip_suffix("/index.md")).map(str::to_string).collect();
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    for d in docs {
        let mut dir = parent_dir(&d.rel);
        if bundles.contains(&dir) {
            dir = parent_dir(&dir);
        }
        while !dir.is_empty() && dirs.insert(dir.clone()) {
            dir = parent_dir(&dir);
        }
    }
    let inside_bundle = |dir: &str| bundles.iter().any(|b| dir == b || dir.starts_with(&format!("{b}/")));
    let generated = |dir: &str| dir == config.glossary.section || config.taxonomies.iter().any(|t| t.name == dir);
    dirs.into_iter()
        .filter(|dir| !rels.contains(format!("{dir}/_index.md").as_str()) && !inside_bundle(dir) && !generated(dir))
        .map(|dir| {
            let name = dir.rsplit('/').next().unwrap_or(&dir);
            let fm = FrontMatter { title: title_from_name(name), ..Default::default() };
            Doc {
                rel: format!("{dir}/_index.md"),
                text: "".into(),
                body_offset: 0,
                fm: std::sync::Arc::new(fm),
                source: None,
            }
        })
        .collect()
}

/// `getting-started` → "Getting started", `about_jobs` → "About jobs".
fn title_from_name(name: &str) -> String {
    let words = name.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => name.to_string(),
    }
}

fn parent_dir(rel: &str) -> String {
    rel.rfind('/').map(|i| rel[..i].to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests;
