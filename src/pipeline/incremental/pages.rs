//! The template step: a page's HTML is reused when nothing it is made from changed,
//! and that is decided without building its view, so a rebuild after one edit costs a
//! hash per page, not a view per page.
//!
//! A page's HTML is made from (a) what any page of its language may read of the
//! site: every page's front matter, place, kind, links to other pages and reading
//! time, the taxonomies, glossary and training paths, the settings, the language and
//! its words ([`BuildCache::site_key`], the same for every page), (b) its template and
//! every template that one may include or extend ([`BuildCache::template_keys`]), and
//! (c) its own body: its text, its rendered markdown and its decision tree. The key of
//! a page is the three together, so an edit to one page's body re-renders that page
//! only, an edit to a template only the pages whose template reaches it, and an edit
//! to anything other pages show (a title, a new page, a glossary mention)
//! every page of the language.
//!
//! This step is keyed differently from the others (one input struct hashed whole,
//! `super::steps`): rendering needs the compiled templates and reads the site through
//! a page's view, so hashing its input whole would cost a view per page. Instead,
//! render's `Renderer` is made only from a `render::RenderInput`, and that input, the
//! pages and the site are destructured field by field below: a field added to any of
//! them does not compile here until it is given its place in a key.

use super::{key, key_of, BuildCache, ByteSink, TextKeys};
use crate::body::Rendered;
use crate::diagnostics::Diagnostic;
use crate::model::{Page, PageId, Site, TemplateFile};
use crate::render::{LanguageContext, PageStore, RenderInput};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// Each template's key by name: its text and the texts of every template it may
/// reach (see [`BuildCache::template_keys`]).
pub(crate) struct TemplateKeys(Arc<HashMap<String, u64>>);

/// One language's pages as the template step sees them: what render's `Renderer` is
/// made from (and nothing else reaches it), and the keys of the large parts.
pub(crate) struct PagesInput<'a> {
    pub(crate) render: &'a RenderInput<'a>,
    /// [`BuildCache::site_key`] of every language's site on a multilingual site (each
    /// page links to its translations), else of this one only.
    pub(crate) sites: &'a [u64],
    pub(crate) templates: &'a TemplateKeys,
    pub(crate) texts: &'a TextKeys,
}

/// The rendered pages of one language: earlier builds' HTML by key (see the module docs).
pub(crate) struct Pages<'a> {
    cache: &'a BuildCache,
    /// Per page: its key, or `None` when it is not kept (the cache is off).
    keys: Vec<Option<u64>>,
}

impl PageStore for Pages<'_> {
    fn page(
        &self,
        page: PageId,
        render: &mut dyn FnMut() -> Result<Arc<[u8]>, Diagnostic>,
    ) -> Result<Arc<[u8]>, Diagnostic> {
        let Some(k) = self.keys.get(page.index()).copied().flatten() else {
            return render();
        };
        if let Some(html) = self.cache.pages.get(k) {
            return Ok(html);
        }
        let html = render()?;
        self.cache.pages.put(k, html.clone());
        Ok(html)
    }
}

/// The effective templates by name (a site's template replaces the theme's of the
/// same name, as `render::templates` compiles them), and the assets' versions their
/// `asset()` URLs carry.
#[derive(Hash)]
struct Templates<'a>(Vec<(&'a str, &'a str)>, &'a BTreeMap<String, String>);

impl BuildCache {
    /// Each template's key: its own text with the texts of the templates it may
    /// include or extend (every other template's name it quotes: Tera names them only
    /// by string literals), and of every template that defines a component (usable
    /// from any template), transitively.
    pub(crate) fn template_keys(&self, files: &[TemplateFile], versions: &BTreeMap<String, String>) -> TemplateKeys {
        if self.off {
            return TemplateKeys(Arc::default());
        }
        let mut by_name: BTreeMap<&str, &str> = BTreeMap::new();
        for f in files {
            by_name.insert(&f.name, &f.text);
        }
        let input = Templates(by_name.into_iter().collect(), versions);
        TemplateKeys(self.run(&self.templates, &input, template_closures).value)
    }

    /// What every page of `site` may read of the site besides its own body: each
    /// page's front matter, place, kind, reading time and anchors, and the site's
    /// taxonomies, glossary, training paths and menu (0 when the cache is off).
    pub(crate) fn site_key(&self, site: &Site) -> u64 {
        if self.off {
            return 0;
        }
        let Site {
            pages,
            // Both are made from the pages' paths and URLs.
            by_rel: _,
            by_url: _,
            taxonomies,
            glossary,
            paths,
            // Made from the glossary's, the paths' and the taxonomies' pages.
            entry_pages: _,
            path_pages: _,
            term_pages: _,
            menu,
            home,
            drafts,
            prefix,
            // Another language's site: in `PagesInput::sites` on multilingual sites.
            fallback: _,
        } = site;
        let pages: Vec<u64> = pages.par_iter().map(shared_part).collect();
        let mut drafts: Vec<&String> = drafts.iter().collect();
        drafts.sort();
        key(&(pages, taxonomies, glossary, paths, menu, home, drafts, prefix))
    }

    /// The store of one language's rendered pages, each page keyed as the module
    /// docs say.
    pub(crate) fn pages<'a>(&'a self, i: &PagesInput) -> Pages<'a> {
        if self.off {
            return Pages { cache: self, keys: Vec::new() };
        }
        // Destructured whole: a field added to render's input does not compile here
        // until it has its place in the key.
        let RenderInput {
            // Its pages below, the rest of it in `i.sites` (`site_key`).
            site,
            config,
            language: LanguageContext { index, language, strings, alternates },
            template_folders,
        } = i.render;
        // The other languages' pages are in `i.sites`; their names and codes here.
        let languages = alternates.map(|a| key_of(&a.languages));
        let js = strings.js.as_deref();
        let shared = key(&(
            i.sites,
            key_of(*config),
            (index, key_of(*language), key_of(*strings), js, languages),
            template_folders,
        ));
        let bodies = self.bodies.lock().map(|b| b.clone()).unwrap_or_default();
        let keys = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(n, p)| {
                let template = crate::render::template_name(p);
                let template_key = i.templates.0.get(&template).copied();
                let body = match bodies.get(&address_of(&p.rendered)) {
                    Some(&k) => k,
                    None => own_body(&p.rendered),
                };
                let text = i.texts.of(&p.text).fingerprint;
                Some(key(&(shared, &template, template_key, n, text, body, &p.tree)))
            })
            .collect();
        Pages { cache: self, keys }
    }
}

/// What other pages may read of page `p`.
fn shared_part(p: &Page) -> u64 {
    let Page {
        rel,
        display,
        // Its front matter is below; the rest of it is the page's own body.
        text: _,
        body_offset,
        fm,
        kind,
        url,
        parent,
        pages,
        subsections,
        // Read by other pages as the reading time (below); links checks have their own key.
        analysis: _,
        terms,
        memberships,
        // The page's own (in its rendered markdown's key).
        links: _,
        // The page's own; the glossary's `used_on` is the part others read.
        rendered: _,
        // The page's own; others read whether it has one (its diagram's file).
        tree,
        extra_anchors,
    } = p;
    let mut h = ByteSink::default();
    (rel, display, body_offset, kind, url, parent, pages, subsections, terms, memberships).hash(&mut h);
    (tree.is_some(), extra_anchors, p.minutes(), key_of(&**fm)).hash(&mut h);
    h.finish()
}

/// The key of a body the markdown step did not make (a generated page's, empty).
fn own_body(r: &Rendered) -> u64 {
    let Rendered {
        html,
        summary,
        mentioned,
        unknown_languages,
        has_code,
        has_callouts,
        refused,
        has_tabs,
        has_containers,
        containers,
        too_deep_list,
    } = r;
    let refused: Vec<_> = refused.iter().map(|u| (&u.dest, u.offset, u.image)).collect();
    let containers: Vec<_> = containers.iter().map(|c| (c.offset, c.len)).collect();
    key(&(html, summary, mentioned, unknown_languages, has_code, has_callouts, refused))
        ^ key(&(has_tabs, has_containers, containers, too_deep_list))
}

/// Where a rendered body lives (see [`address`]).
pub(super) fn address_of(r: &Arc<Rendered>) -> usize {
    Arc::as_ptr(r) as usize
}

/// Each template's closure key (see [`BuildCache::template_keys`]).
fn template_closures(t: &Templates) -> Arc<HashMap<String, u64>> {
    let by_name: BTreeMap<&str, &str> = t.0.iter().copied().collect();
    let quoted = |text: &str, name: &str| ['"', '\'', '`'].iter().any(|q| text.contains(&format!("{q}{name}{q}")));
    // A site's `partials/nav.html` is drawn by primer for every page (render::nav).
    let global: Vec<&str> = by_name
        .iter()
        .filter(|(n, text)| text.contains("component") || **n == "partials/nav.html")
        .map(|(n, _)| *n)
        .collect();
    let reaches: HashMap<&str, Vec<&str>> = by_name
        .iter()
        .map(|(&n, &text)| (n, by_name.keys().copied().filter(|&m| m != n && quoted(text, m)).collect()))
        .collect();
    let mut keys = HashMap::new();
    for &name in by_name.keys() {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut todo: Vec<&str> = std::iter::once(name).chain(global.iter().copied()).collect();
        while let Some(n) = todo.pop() {
            if seen.insert(n) {
                todo.extend(reaches.get(n).into_iter().flatten());
            }
        }
        let closure: Vec<(&str, &str)> = seen.iter().map(|&n| (n, by_name[n])).collect();
        keys.insert(name.to_string(), key(&(&closure, t.1)));
    }
    Arc::new(keys)
}
