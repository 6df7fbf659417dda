//! The output space: every path a build writes (pages, sections, generated pages,
//! decision-tree diagrams, alias redirects, the site-wide files, static and theme
//! files, the search index), each claimed with who writes it, and the one check that
//! no two writers meet on one path on any system the output is copied to.
//!
//! The claims follow the model's rules for what a build writes ([`Site::page_file`],
//! [`Site::alias_url`]), the same rules `render` writes by, so what is checked here
//! is what is written. An alias that makes no site path is reported here.

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::{Claim, Kind, Page, PageId, Site, TaxonomyId};
use crate::urls::{self, fold, safe_output_path, short, unportable_name, MAX_PATH_BYTES};
use std::collections::{HashMap, HashSet};

/// Every path a build of `site` writes besides static files, each with where it
/// comes from, for [`check_output_space`]: pages and sections, generated
/// pages (home, taxonomy lists and terms, glossary index, search, 404), decision-tree
/// diagrams, alias redirects, sitemap.xml, robots.txt, highlight.css and the search
/// index folder. Aliases that are not site paths are reported here.
pub(crate) fn output_claims(site: &Site, config: &SiteConfig, diags: &mut Vec<Diagnostic>) -> Vec<Claim> {
    let mut out = Vec::new();
    for (i, p) in site.ids().zip(&site.pages) {
        let Some(path) = site.page_file(i) else { continue };
        if p.rel.is_some() {
            authored_claims(p, &path, &mut out);
        } else {
            out.push(generated_claim(site, i, &path));
        }
        if p.kind != Kind::GlossaryTerm {
            alias_claims(site, p, &mut out, diags);
        }
    }
    // The site-wide files come with the default language.
    if site.prefix.is_empty() {
        site_file_claims(config, &mut out);
    }
    out
}

/// An authored page's file, and its decision tree's diagram.
fn authored_claims(p: &Page, path: &str, out: &mut Vec<Claim>) {
    let line = p.fm.slug.as_ref().and_then(|_| p.fm.key_lines.get("slug").copied()).unwrap_or(1);
    let what = if p.kind.is_listing() { "the section" } else { "the page" };
    out.push(Claim::new(path, &p.display, line, format!("{what} {}", urls::short(&p.url))));
    if p.tree.is_some() {
        let dir = path.strip_suffix("index.html").unwrap_or("");
        let line = p.fm.key_lines.get("tree").copied().unwrap_or(1);
        out.push(Claim::new(format!("{dir}tree.svg"), &p.display, line, "the diagram of its decision tree"));
    }
}

/// A generated page's file, named by what makes it: site.toml, or the first page that
/// uses a taxonomy term.
fn generated_claim(site: &Site, i: PageId, path: &str) -> Claim {
    let p = &site.pages[i];
    let tax_name = |t: TaxonomyId| site.taxonomies.get(t.index()).map(|x| x.name.as_str()).unwrap_or("");
    let (file, line, what) = match p.kind {
        Kind::TaxonomyList(t) => {
            (crate::config::CONFIG_FILE.to_string(), 0, format!("the list of the taxonomy `{}`", tax_name(t)))
        }
        Kind::TaxonomyTerm(t) => {
            let term = site.term_of(i).map(|(t, k)| &site.taxonomies[t].terms[k]);
            let name = term.map(|x| x.name.as_str()).unwrap_or(&p.fm.title);
            let what = format!("the page of the `{}` term `{}`", tax_name(t), urls::short(name));
            // Where the term was first used (or site.toml, for a listed term nobody uses).
            match term.and_then(|x| x.tagged.first()).map(|&i| &site.pages[i]) {
                Some(q) => (q.display.clone(), q.fm.item_span_of(&q.text, tax_name(t), name).line, what),
                None => (crate::config::CONFIG_FILE.to_string(), 0, what),
            }
        }
        Kind::Search => (crate::config::CONFIG_FILE.to_string(), 0, "the search page ([search])".to_string()),
        other => ("(generated)".to_string(), 0, format!("the generated {} page", other.name())),
    };
    Claim::new(path, file, line, format!("{what} {}", urls::short(&p.url)))
}

/// A page's alias redirects; an alias that is not a site path is an error.
fn alias_claims(site: &Site, p: &Page, out: &mut Vec<Claim>, diags: &mut Vec<Diagnostic>) {
    for (n, alias) in p.fm.aliases.iter().enumerate() {
        let url = site.alias_url(alias);
        let at = p.fm.item_span(&p.text, "aliases", n);
        match urls::url_to_output(&url) {
            Ok(path) => out.push(Claim::new(
                path,
                &p.display,
                at.line,
                format!("the alias `{}` of {}", urls::short(alias), urls::short(&p.url)),
            )),
            Err(e) => diags.push(
                Diagnostic::error_at(&p.display, &p.text, at, format!("alias `{alias}` {}", e.0))
                    .with_hint("an alias is a site path such as `/old/page/`"),
            ),
        }
    }
}

/// The site-wide files: sitemap, robots.txt, the highlighting stylesheet, the search index.
fn site_file_claims(config: &SiteConfig, out: &mut Vec<Claim>) {
    if config.base().is_some() {
        out.push(Claim::new("sitemap.xml", "(generated)", 0, "the sitemap (base_url is set)"));
    }
    out.push(Claim::new("robots.txt", "(generated)", 0, "robots.txt"));
    out.push(Claim::new("highlight.css", "(generated)", 0, "the code highlighting stylesheet"));
    if config.search.enabled {
        let mut index =
            Claim::new(crate::search::BUNDLE_DIR, crate::config::CONFIG_FILE, 0, "the search index ([search])");
        index.folder = true;
        out.push(index);
    }
}

/// The one check of the whole output: every path written by a build (pages, sections,
/// aliases, taxonomy pages, generated files, the search index, static and theme files).
///
/// Errors, each reported once with every party named:
/// * two claims on one path, also when the paths differ only by case or Unicode
///   normalization (one file on macOS and Windows), and a file where another claim
///   needs a folder (`sitemap.xml` and `sitemap.xml/index.html`);
/// * names that cannot exist on Windows (device names, trailing dots or spaces,
///   reserved characters), names over [`urls::MAX_NAME_BYTES`] and paths over [`MAX_PATH_BYTES`].
///
/// Source file names are checked before (`files::check_source_names`).
pub(crate) fn check_output_space(claims: &[Claim]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let space = Space::map(claims, &mut diags);
    let reported = space.report_files(&mut diags);
    space.report_folders(&reported, &mut diags);
    diags
}

/// The output paths claims need, folded for case and normalization.
struct Space<'c> {
    /// Folded path → the claims on it.
    files: HashMap<String, Vec<&'c Claim>>,
    /// Folded folder path → its spellings, each with the first claim that needs it.
    folders: HashMap<String, Vec<(&'c str, &'c Claim)>>,
    /// Folded folders claimed as a whole → the claim, and the claims inside them.
    reserved: HashMap<String, Vec<&'c Claim>>,
}

impl<'c> Space<'c> {
    /// Every claim's file and folders; a path no file system can hold is an error here.
    fn map(claims: &'c [Claim], diags: &mut Vec<Diagnostic>) -> Self {
        let mut space = Space {
            files: HashMap::with_capacity(claims.len()),
            folders: HashMap::new(),
            reserved: claims.iter().filter(|c| c.folder).map(|c| (fold(&c.path), vec![c])).collect(),
        };
        for c in claims {
            if let Some(problem) = path_problem(&c.path) {
                diags.push(
                    Diagnostic::error(
                        &c.file,
                        c.line,
                        c.col,
                        format!("{} cannot be written to `{}`: {problem}", c.what, short(&c.path)),
                    )
                    .with_hint("choose a shorter or plainer name (change the file name or its `slug`)"),
                );
                continue;
            }
            space.add(c);
        }
        space
    }

    fn add(&mut self, c: &'c Claim) {
        let key = fold(&c.path);
        let folders = &mut self.folders;
        let mut spell = |folded: &str, raw: &'_ str| match folders.get_mut(folded) {
            Some(list) if list.iter().any(|(s, _)| *s == raw) => {}
            Some(list) => list.push((&c.path[..raw.len()], c)),
            None => {
                folders.insert(folded.to_string(), vec![(&c.path[..raw.len()], c)]);
            }
        };
        // Folding ASCII keeps byte offsets, so folded ancestors are prefixes of `key`.
        let same_offsets = key.len() == c.path.len() && c.path.is_ascii();
        for (i, _) in c.path.match_indices('/') {
            let folded: std::borrow::Cow<str> = if same_offsets { key[..i].into() } else { fold(&c.path[..i]).into() };
            spell(&folded, &c.path[..i]);
            if !c.folder {
                if let Some(inside) = self.reserved.get_mut(&*folded) {
                    inside.push(c);
                }
            }
        }
        if c.folder {
            spell(&key, &c.path);
        } else {
            self.files.entry(key).or_default().push(c);
        }
    }

    /// Two claims on one file, a file where a folder must be, claims inside a folder
    /// claimed whole. Returns the claims named.
    fn report_files(&self, diags: &mut Vec<Diagnostic>) -> Vec<&'c Claim> {
        let mut reported: Vec<&Claim> = Vec::new();
        let mut clashing: Vec<(&String, &Vec<&Claim>)> =
            self.files.iter().filter(|(k, v)| v.len() > 1 || self.folders.contains_key(*k)).collect();
        clashing.sort_by(|a, b| a.0.cmp(b.0));
        for (key, list) in clashing {
            let mut list = list.clone();
            let clash = match self.folders.get(key) {
                // A file where a folder must be.
                Some(spellings) => {
                    list.extend(spellings.iter().map(|(_, c)| *c));
                    Clash::FileAndFolder(list[0].path.as_str())
                }
                None => Clash::Paths,
            };
            reported.extend(list.iter().copied());
            diags.push(collision(&list, clash));
        }
        let mut inside: Vec<&Vec<&Claim>> = self.reserved.values().filter(|v| v.len() > 1).collect();
        inside.sort_by(|a, b| a[0].path.cmp(&b[0].path));
        for list in inside {
            reported.extend(list.iter().copied());
            diags.push(collision(list, Clash::Inside(&list[0].path)));
        }
        reported
    }

    /// A folder spelled two ways (one folder on macOS and Windows), unless the claims
    /// under it were already named (`reported`): that is not a second collision.
    fn report_folders(&self, reported: &[&Claim], diags: &mut Vec<Diagnostic>) {
        let mut split: Vec<&String> = self.folders.iter().filter(|(_, s)| s.len() > 1).map(|(k, _)| k).collect();
        split.sort();
        let split_set: HashSet<&str> = split.iter().map(|k| k.as_str()).collect();
        for key in split {
            if urls::ancestors(key).any(|a| split_set.contains(a)) {
                continue;
            }
            let mut spellings = self.folders[key].clone();
            spellings.sort_by(|a, b| a.0.cmp(b.0));
            // Already said, if a reported collision has a party under each spelling.
            let said = |spelling: &str| {
                let under = format!("{spelling}/");
                reported.iter().any(|c| c.path.starts_with(&under))
            };
            if spellings.iter().all(|(s, _)| said(s)) {
                continue;
            }
            let list: Vec<&Claim> = spellings.iter().map(|(_, c)| *c).collect();
            diags.push(collision(&list, Clash::Paths));
        }
    }
}

/// The first reason `path` cannot be written everywhere, if any.
fn path_problem(path: &str) -> Option<String> {
    if let Err(e) = safe_output_path(path) {
        return Some(format!("the path {}", e.0));
    }
    if path.len() > MAX_PATH_BYTES {
        return Some(format!("the path is {} bytes long; the limit is {MAX_PATH_BYTES}", path.len()));
    }
    path.split('/').find_map(unportable_name)
}

/// How claims clash, for the message.
enum Clash<'a> {
    /// One path, or paths that differ only by case or normalization.
    Paths,
    /// This path is a file for some and a folder for others.
    FileAndFolder(&'a str),
    /// Something is written inside a folder reserved as a whole.
    Inside(&'a str),
}

fn collision(list: &[&Claim], clash: Clash<'_>) -> Diagnostic {
    let mut list: Vec<&Claim> = list.to_vec();
    // Authored parties first: the error is shown at the first of them.
    list.sort_by_key(|c| (!c.authored(), c.file == crate::config::CONFIG_FILE));
    let mut paths: Vec<&str> = list.iter().map(|c| c.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let names = list.iter().map(|c| c.describe()).collect::<Vec<_>>().join(", ");
    let first = list[0];
    let message = match clash {
        Clash::Paths if paths.len() == 1 => format!("{} things are written to `{}`: {names}", list.len(), paths[0]),
        Clash::Paths => {
            let shown = paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ");
            format!("{shown} differ only by case or Unicode normalization, so they are one file on macOS and Windows: {names}")
        }
        Clash::FileAndFolder(p) => format!("`{p}` is needed both as a file and as a folder: {names}"),
        Clash::Inside(p) => format!("`{p}/` belongs to one writer as a whole, but more write into it: {names}"),
    };
    Diagnostic::error(&first.file, first.line, first.col, message)
        .with_hint("give each its own path: rename a file or folder, change a `slug`, or drop an alias")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_error_per_collision_with_every_party() {
        let claims = vec![
            Claim::new("a/index.html", "content/a.md", 1, "the page /a/"),
            Claim::new("A/index.html", "content/b.md", 3, "the alias `/A/`"),
            Claim::new("a/index.html", "(generated)", 0, "a generated page"),
            Claim::new("b.xml", "(generated)", 0, "a file"),
            Claim::new("b.xml/index.html", "content/c.md", 2, "the page /b.xml/"),
            Claim::new("ok/index.html", "content/ok.md", 1, "the page /ok/"),
        ];
        let d = check_output_space(&claims);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].path, "content/a.md");
        for party in ["content/a.md:1", "content/b.md:3", "a generated page"] {
            assert!(d[0].message.contains(party), "{}", d[0].message);
        }
        assert!(d[1].message.starts_with("`b.xml` is needed both as a file and as a folder"), "{}", d[1].message);
    }
}
