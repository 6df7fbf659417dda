//! Render: the resolved site through Tera templates into output files.
//!
//! The only module that knows Tera. Builds small serializable views per page (URLs
//! already made relative to the page, so the output works under any sub-path),
//! renders in parallel, and produces the generated files (sitemap, robots.txt,
//! redirect pages, the highlight stylesheet). No file IO.

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::model::TemplateFile;
use crate::model::{Kind, OutputFile, Page, Sink, Site};
use crate::urls;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

/// Compile all templates (theme first, site overrides by name).
pub fn templates(files: &[TemplateFile]) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut by_name: BTreeMap<&str, &TemplateFile> = BTreeMap::new();
    for f in files {
        by_name.insert(f.name.as_str(), f);
    }
    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    let list: Vec<(&str, &str)> = by_name.values().map(|f| (f.name.as_str(), f.text.as_str())).collect();
    tera.add_raw_templates(list).map_err(|e| {
        let origin = by_name.values().find(|f| e.to_string().contains(&f.name)).map(|f| f.origin.clone());
        vec![template_error(origin.as_deref().unwrap_or("templates"), "could not compile the templates", &e)]
    })?;
    Ok(tera)
}

/// A template error with the whole cause chain (Tera puts the useful part in causes).
pub fn template_error(path: &str, what: &str, e: &dyn std::error::Error) -> Diagnostic {
    let mut chain = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        chain.push(c.to_string());
        cur = c.source();
    }
    chain.dedup();
    Diagnostic::error(path, 0, 0, format!("{what}: {}", chain.join(": "))).with_hint(
        "fix the template; `{{ x }}` needs `x` in the context (see the theme's templates for the available names)",
    )
}

/// A link to a page in a view: borrowed from the site (views are built for every page
/// on every build, so they copy no strings).
#[derive(Serialize, Clone)]
struct Ref<'a> {
    title: &'a str,
    /// Owned only when a query is added (`?path=` on training-path links).
    path: std::borrow::Cow<'a, str>,
    description: &'a str,
    minutes: u32,
    /// The page's language when it differs from the site's (for `lang` on the link).
    lang: Option<&'a str>,
}

#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: Option<String>,
    menu: Vec<Ref<'a>>,
    taxonomies: Vec<Ref<'a>>,
    search: bool,
    extra: &'a toml::Table,
}

#[derive(Serialize)]
struct TagGroup<'a> {
    name: String,
    title: String,
    terms: Vec<Ref<'a>>,
}

#[derive(Serialize)]
struct PathNav<'a> {
    id: String,
    title: String,
    path: String,
    index: usize,
    total: usize,
    percent: usize,
    prev: Option<Ref<'a>>,
    next: Option<Ref<'a>>,
}

#[derive(Serialize)]
struct QuizOption {
    id: String,
    text: String,
    correct: bool,
}

#[derive(Serialize)]
struct QuizView {
    id: String,
    question: String,
    options: Vec<QuizOption>,
    answer: String,
    explanation: String,
}

#[derive(Serialize)]
struct TermView<'a> {
    term: String,
    definition: String,
    aliases: Vec<String>,
    source: Option<String>,
    related: Vec<Ref<'a>>,
    used_on: Vec<Ref<'a>>,
}

#[derive(Serialize)]
struct Letter {
    letter: String,
    id: String,
    terms: Vec<GlossaryItem>,
}

#[derive(Serialize)]
struct GlossaryItem {
    title: String,
    path: String,
    definition: String,
}

#[derive(Serialize, Clone)]
struct TermRef {
    id: String,
    title: String,
    path: String,
    description: String,
    count: usize,
    number: Option<i64>,
    colour: Option<String>,
    text_colour: Option<String>,
}

#[derive(Serialize)]
struct MatrixRow {
    title: String,
    path: String,
    cells: Vec<bool>,
}

#[derive(Serialize)]
struct Matrix {
    title: String,
    columns: Vec<TermRef>,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct TaxonomyView {
    name: String,
    title: String,
    grid: bool,
    terms: Vec<TermRef>,
    matrix: Option<Matrix>,
}

#[derive(Serialize)]
struct TermGroup<'a> {
    title: String,
    pages: Vec<Ref<'a>>,
}

#[derive(Serialize)]
struct Module {
    index: usize,
    title: String,
    path: String,
    description: String,
    minutes: u32,
}

#[derive(Serialize)]
struct TrainingView {
    id: String,
    objectives: Vec<String>,
    minutes: u32,
    modules: Vec<Module>,
}

/// One entry of the navigation tree (the section tree, see [`Reading`]).
#[derive(Serialize)]
struct NavItem<'a> {
    title: &'a str,
    path: &'a str,
    /// This page (`aria-current="page"`).
    current: bool,
    /// On the way to this page: its group is open.
    open: bool,
    /// The page's language when it differs from the site's.
    lang: Option<&'a str>,
    /// A section: its pages and sub-sections, listed when the group is open or small
    /// (see [`NAV_CLOSED_LIMIT`]); a section with none listed is a plain link.
    section: bool,
    children: Vec<NavItem<'a>>,
}

/// An entry of "On this page": a heading, the decision tree or the knowledge check.
#[derive(Serialize)]
struct TocEntry<'a> {
    level: u8,
    id: std::borrow::Cow<'a, str>,
    title: std::borrow::Cow<'a, str>,
    /// `heading`, `tree` or `quiz`.
    kind: &'static str,
}

/// Closed groups of the navigation list their entries only up to this many, so every
/// page stays small on large sites; the group of the current page lists them all.
const NAV_CLOSED_LIMIT: usize = 60;

/// Computed once per build for every page: the reading order (the section tree, depth
/// first: a section, its pages, then its sub-sections) and the sections' entries.
pub struct Reading {
    /// Per page: the previous and next page in reading order.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// Per page: the pages and sub-sections the navigation lists under it.
    children: Vec<Vec<usize>>,
}

#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: &'a str,
    kind: &'static str,
    path: String,
    language: &'a str,
    content: &'a str,
    summary: &'a str,
    toc: Vec<TocEntry<'a>>,
    words: usize,
    minutes: u32,
    date: Option<&'a str>,
    /// `date` written the language's way (the theme string `date_format`).
    date_display: Option<String>,
    extra: &'a serde_json::Value,
    canonical: Option<String>,
    breadcrumbs: Vec<Ref<'a>>,
    pages: Vec<Ref<'a>>,
    subsections: Vec<Ref<'a>>,
    tags: Vec<TagGroup<'a>>,
    section: Option<Ref<'a>>,
    /// The previous and next page in reading order (the section tree).
    prev: Option<Ref<'a>>,
    next: Option<Ref<'a>>,
    /// The navigation tree: the top-level sections, the current page's branch open.
    nav: Vec<NavItem<'a>>,
    /// The site's language when the page's differs: the theme's own words
    /// (navigation, labels, footer) are in it and carry `lang`.
    chrome_lang: Option<&'a str>,
    paths: Vec<PathNav<'a>>,
    quiz: Vec<QuizView>,
    tree_html: Option<&'a str>,
    tree_svg: bool,
    has_code: bool,
    /// `rtl` or `ltr`; unset on a single-language site written left to right.
    dir: Option<&'static str>,
    /// The page in every language of the site (empty on a single-language site): for
    /// `<link rel="alternate" hreflang>` and the language switcher.
    translations: Vec<crate::i18n::AlternateView>,
    glossary: Option<TermView<'a>>,
    letters: Vec<Letter>,
    taxonomy: Option<TaxonomyView>,
    term_groups: Vec<TermGroup<'a>>,
    training: Option<TrainingView>,
}

/// The language a [`Renderer`] renders in, and where the other languages are.
pub struct LanguageContext<'a> {
    /// The language's place in the site's list (0: the default language).
    pub index: usize,
    pub language: &'a crate::i18n::Language,
    /// The theme's words in this language (`t` in templates).
    pub strings: &'a crate::i18n::strings::Table,
    /// Every language's pages (multilingual sites only).
    pub alternates: Option<&'a crate::i18n::Alternates>,
}

/// Where rendered pages of earlier builds are kept (the incremental layer implements
/// it; a one-off build keeps nothing). Render does not know how: it hands over the
/// template inputs of a page, and the HTML to keep.
pub trait PageStore: Sync {
    /// The key of the template inputs every page of one language shares (0 when
    /// nothing is kept).
    fn site(&self, input: &SiteInput) -> u64;
    /// The key of one page's template inputs.
    fn key(&self, input: &PageInput) -> u64;
    /// The page whose inputs have the key `input()` gives (called only when pages are
    /// kept), or `render` it.
    fn page(
        &self,
        input: &dyn Fn() -> u64,
        render: &mut dyn FnMut() -> Result<std::sync::Arc<[u8]>, Diagnostic>,
    ) -> Result<std::sync::Arc<[u8]>, Diagnostic>;
}

/// Everything a template context holds besides the page: what [`PageStore::site`] keys.
#[derive(Serialize)]
pub struct SiteInput<'a> {
    /// Hash of the template texts.
    templates: u64,
    site: &'a SiteView<'a>,
    strings: &'a BTreeMap<String, String>,
    scripts: Option<&'a str>,
}

/// One page's template inputs: what [`PageStore::key`] keys.
#[derive(Serialize)]
pub struct PageInput<'a> {
    site: u64,
    template: &'a str,
    url: &'a str,
    view: &'a PageView<'a>,
    /// The key of the markdown the page's HTML came from (it stands for the HTML in
    /// `view`, which is then left out), or 0.
    body: u64,
}

/// Renders pages of one site with one compiled template set.
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub config: &'a SiteConfig,
    pub tera: &'a tera::Tera,
    /// Rendered pages of earlier builds, keyed by all their template inputs.
    pub pages: &'a dyn PageStore,
    /// Hash of the template texts (set by the caller).
    pub templates_key: u64,
    /// Where templates are looked up, for errors (see [`template_folders`]).
    pub template_folders: String,
    pub language: LanguageContext<'a>,
}

/// Where templates are looked up, in order: the site's `templates/`, then the theme's.
pub fn template_folders(files: &[TemplateFile], theme: &str) -> String {
    let theme_dir = if files.iter().any(|f| f.origin.starts_with("(built-in)/")) {
        format!("the built-in `{theme}` theme (themes/{theme}/templates/ does not exist)")
    } else {
        format!("themes/{theme}/templates/")
    };
    format!("templates/ (the site's), then {theme_dir}")
}

fn path_of(url: &str) -> String {
    url.trim_start_matches('/').to_string()
}

impl<'a> Renderer<'a> {
    fn page_ref(&self, i: usize) -> Ref<'a> {
        let p = &self.site.pages[i];
        Ref {
            title: &p.fm.title,
            path: std::borrow::Cow::Borrowed(p.url.trim_start_matches('/')),
            description: p.fm.description.as_deref().unwrap_or(""),
            minutes: p.reading_minutes(),
            lang: self.other_language(p),
        }
    }

    /// The page's language when it is not the site's.
    fn other_language(&self, p: &'a Page) -> Option<&'a str> {
        p.fm.language.as_deref().filter(|l| !l.eq_ignore_ascii_case(&self.config.language))
    }

    fn site_view(&self) -> SiteView<'a> {
        let c = self.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: c.base(),
            menu: self.site.menu.iter().map(|&i| self.page_ref(i)).collect(),
            taxonomies: self.site.taxonomies.iter().map(|t| self.page_ref(t.page)).collect(),
            search: c.search.enabled,
            extra: &c.extra,
        }
    }

    /// Render every page in parallel, handing each to `sink` as soon as it is made;
    /// returns what the sink kept. Template errors are collected, not fatal at once.
    pub fn render_pages(&self, sink: &dyn Sink) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site_view = self.site_view();
        let mut site_value = tera::Context::new();
        site_value.insert("site", &site_view);
        let strings = self.language.strings;
        site_value.insert("t", &strings.strings);
        site_value.insert("t_js", &strings.js);
        let site_key = self.pages.site(&SiteInput {
            templates: self.templates_key,
            site: &site_view,
            strings: &strings.strings,
            scripts: strings.js.as_deref(),
        });
        let reading = self.reading();
        // One 404 page serves every language: servers answer any missing URL with the
        // root's 404.html, and a second one under /zh/ would take /zh/ for the site's root.
        let own_404 = |i: usize| self.site.prefix.is_empty() || self.site.pages[i].kind() != Kind::NotFound;
        let results: Vec<Result<OutputFile, Diagnostic>> = (0..self.site.pages.len())
            .into_par_iter()
            .filter(|&i| own_404(i))
            .map(|i| self.render_page(i, &site_value, site_key, &reading).map(|f| sink.put(f)))
            .collect();
        let mut files = Vec::with_capacity(results.len());
        let mut diags = Vec::new();
        for r in results {
            match r {
                Ok(f) => files.push(f),
                Err(d) => diags.push(d),
            }
        }
        (files, diags)
    }

    fn render_page(
        &self,
        i: usize,
        site_ctx: &tera::Context,
        site_key: u64,
        reading: &Reading,
    ) -> Result<OutputFile, Diagnostic> {
        let p = &self.site.pages[i];
        let view = self.page_view(i, reading);
        let template = p.fm.template.clone().unwrap_or_else(|| p.kind().template().to_string());
        let out_path = if p.kind() == Kind::NotFound {
            p.url.trim_start_matches('/').to_string()
        } else {
            urls::url_to_output(&p.url).unwrap_or_default()
        };
        // Same template inputs, same bytes: reuse the HTML of an earlier build.
        // The page's own HTML is most of its view: the key of the markdown it came
        // from stands for it, so it is not hashed again.
        let body = p.rendered.key;
        let view = std::cell::RefCell::new(view);
        let input = || {
            let mut v = view.borrow_mut();
            let (content, summary) = (v.content, v.summary);
            if body != 0 {
                (v.content, v.summary) = ("", "");
            }
            let k = self.pages.key(&PageInput { site: site_key, template: &template, url: &p.url, view: &v, body });
            (v.content, v.summary) = (content, summary);
            k
        };
        let contents = self.pages.page(&input, &mut || self.template_html(p, &template, &view.borrow(), site_ctx))?;
        Ok(OutputFile { path: out_path, contents })
    }

    /// A page's HTML from its template (no reuse).
    fn template_html(
        &self,
        p: &Page,
        template: &str,
        view: &PageView,
        site_ctx: &tera::Context,
    ) -> Result<std::sync::Arc<[u8]>, Diagnostic> {
        let mut ctx = tera::Context::new();
        ctx.extend(site_ctx.clone());
        // 404.html is served at any depth: its URLs start at the root, which only
        // base_url tells; without it the page finds the root itself (partials/relocate.html).
        let relocatable = p.kind() == Kind::NotFound && self.config.base().is_none();
        ctx.insert("relocatable", &relocatable);
        let root = if p.kind() == Kind::NotFound {
            self.config.base().map(|b| url_path(&b)).unwrap_or_else(|| "/".into())
        } else {
            urls::root_prefix(&p.url)
        };
        ctx.insert("root", &root);
        ctx.insert("page", view);
        if !self.tera.get_template_names().any(|n| n == template) {
            return Err(self.missing_template(p, template));
        }
        let html = self.tera.render(template, &ctx).map_err(|e| {
            let what = format!("template `{template}` failed for {}", p.display);
            template_error(&format!("templates/{template}"), &what, &e)
        })?;
        Ok(html.into_bytes().into())
    }

    /// A page's template is not among the compiled ones: say where it was looked for.
    /// Named in front matter: an error at that line; a kind's default template: one
    /// error for all pages of that kind (identical diagnostics are merged).
    fn missing_template(&self, p: &Page, template: &str) -> Diagnostic {
        let mut names: Vec<&str> = self.tera.get_template_names().filter(|n| !n.starts_with("partials/")).collect();
        names.sort_unstable();
        let looked = format!("looked for `{template}` in {}", self.template_folders);
        match p.fm.key_lines.get("template") {
            Some(&line) => Diagnostic::error(
                &p.display,
                line,
                crate::diagnostics::column_of(&p.text, line, template),
                format!("template `{template}` (from `template:`) does not exist; {looked}"),
            )
            .with_hint(format!("create templates/{template}, or use one of: {}", names.join(", ")))
            .with_source(&p.text, template.chars().count()),
            None => Diagnostic::error(
                format!("templates/{template}"),
                0,
                0,
                format!(
                    "template `{template}` does not exist; it renders every `{}` page; {looked}",
                    p.kind().name()
                ),
            )
            .with_hint(format!(
                "create templates/{template} (start from the built-in theme's), or set `theme = \"default\"` in site.toml; templates found: {}",
                names.join(", ")
            )),
        }
    }

    /// Files that belong beside pages: the decision-tree overview diagrams.
    pub fn page_files(&self) -> Vec<OutputFile> {
        self.site
            .pages
            .iter()
            .filter_map(|p| {
                let svg = p.tree_svg.as_ref()?;
                let out = urls::url_to_output(&p.url).ok()?;
                let dir = out.strip_suffix("index.html").unwrap_or("");
                Some(OutputFile { path: format!("{dir}tree.svg"), contents: svg.as_bytes().into() })
            })
            .collect()
    }

    fn page_view(&self, i: usize, reading: &Reading) -> PageView<'_> {
        let site = self.site;
        let p = &site.pages[i];
        let kind = p.kind();
        let is_listing = kind.is_listing();
        let refs = |list: &[usize]| {
            list.iter().filter(|&&c| !site.pages[c].fm.draft).map(|&c| self.page_ref(c)).collect::<Vec<_>>()
        };
        let (prev, next) = reading.neighbours[i];
        let language = p.language(self.config);
        PageView {
            title: &p.fm.title,
            description: p.fm.description.as_deref().unwrap_or(""),
            kind: kind.name(),
            path: path_of(&p.url),
            language,
            content: &p.rendered.html,
            summary: &p.rendered.summary,
            toc: toc(p, self.language.strings.get("knowledge_check").unwrap_or("Knowledge check")),
            words: p.analysis.words,
            minutes: p.reading_minutes(),
            date: p.fm.date.as_deref(),
            date_display: p.fm.date.as_deref().map(|d| crate::i18n::strings::date(d, self.language.strings)),
            extra: &p.fm.extra,
            canonical: self.config.base().filter(|_| kind != Kind::NotFound).map(|b| format!("{b}{}", path_of(&p.url))),
            breadcrumbs: self.breadcrumbs(i),
            pages: if is_listing { refs(&p.pages) } else { Vec::new() },
            subsections: if is_listing { refs(&p.subsections) } else { Vec::new() },
            tags: self.tags(p),
            section: p.parent.map(|s| self.page_ref(s)),
            prev: prev.map(|k| self.page_ref(k)),
            next: next.map(|k| self.page_ref(k)),
            nav: self.nav(i, reading),
            chrome_lang: (!language.eq_ignore_ascii_case(&self.config.language))
                .then_some(self.config.language.as_str()),
            paths: self.path_navs(i),
            quiz: quiz_view(p),
            tree_html: p.tree_html.as_deref(),
            tree_svg: p.tree_svg.is_some(),
            has_code: p.rendered.has_code,
            dir: self.dir(language),
            translations: match self.language.alternates {
                Some(a) if kind != Kind::NotFound => a.of(self.language.index, i),
                _ => Vec::new(),
            },
            glossary: self.term_view(kind),
            letters: if kind == Kind::GlossaryIndex { self.letters() } else { Vec::new() },
            taxonomy: self.taxonomy_view(kind),
            term_groups: self.term_groups(kind),
            training: self.training_view(kind),
        }
    }

    /// The writing direction to declare for a page in `language`.
    fn dir(&self, language: &str) -> Option<&'static str> {
        let rtl = if language.eq_ignore_ascii_case(&self.language.language.code) {
            self.language.language.rtl
        } else {
            crate::i18n::is_rtl(language)
        };
        match (rtl, self.language.alternates.is_some()) {
            (true, _) => Some("rtl"),
            (false, true) => Some("ltr"),
            (false, false) => None,
        }
    }

    /// The reading order and the navigation's entries, once per build.
    pub fn reading(&self) -> Reading {
        let site = self.site;
        let listed = |k: usize| {
            let p = &site.pages[k];
            !p.fm.draft && !matches!(p.kind(), Kind::NotFound | Kind::Search)
        };
        let mut children: Vec<Vec<usize>> = site
            .pages
            .iter()
            .map(|p| p.pages.iter().chain(&p.subsections).copied().filter(|&k| listed(k)).collect())
            .collect();
        // A taxonomy's term pages follow its list page.
        for t in &site.taxonomies {
            for term in &t.terms {
                if listed(term.page) && !children[t.page].contains(&term.page) {
                    children[t.page].push(term.page);
                }
            }
        }
        // Depth first from the home page: a section, its pages, then its sub-sections.
        let mut order = Vec::with_capacity(site.pages.len());
        let mut seen = vec![false; site.pages.len()];
        let mut stack = vec![site.home];
        while let Some(k) = stack.pop() {
            if k >= seen.len() || std::mem::replace(&mut seen[k], true) {
                continue;
            }
            order.push(k);
            stack.extend(children[k].iter().rev());
        }
        let mut neighbours = vec![(None, None); site.pages.len()];
        for (n, &k) in order.iter().enumerate() {
            neighbours[k] = (n.checked_sub(1).map(|m| order[m]), order.get(n + 1).copied());
        }
        Reading { neighbours, children }
    }

    /// The navigation tree for page `i`: every top-level section; the groups on the
    /// way to the page open, with the page marked current.
    fn nav(&self, i: usize, reading: &Reading) -> Vec<NavItem<'a>> {
        let site = self.site;
        let mut branch = vec![i];
        let mut cur = site.pages.get(i).and_then(|p| p.parent);
        while let Some(c) = cur {
            if branch.len() > 64 || branch.contains(&c) {
                break;
            }
            branch.push(c);
            cur = site.pages[c].parent;
        }
        site.menu
            .iter()
            .filter(|&&s| !site.pages[s].fm.draft)
            .map(|&s| self.nav_item(s, 0, i, &branch, reading))
            .collect()
    }

    fn nav_item(&self, k: usize, depth: usize, current: usize, branch: &[usize], reading: &Reading) -> NavItem<'a> {
        let p = &self.site.pages[k];
        let open = branch.contains(&k);
        // The glossary's own index (letters) is its navigation.
        let kids: &[usize] = if matches!(p.kind(), Kind::GlossaryIndex) { &[] } else { reading.children[k].as_slice() };
        let list = depth < 16 && (open || (depth == 0 && kids.len() <= NAV_CLOSED_LIMIT));
        NavItem {
            title: &p.fm.title,
            path: p.url.trim_start_matches('/'),
            current: k == current,
            open,
            lang: self.other_language(p),
            section: !kids.is_empty(),
            children: if list {
                kids.iter().map(|&c| self.nav_item(c, depth + 1, current, branch, reading)).collect()
            } else {
                Vec::new()
            },
        }
    }

    fn breadcrumbs(&self, i: usize) -> Vec<Ref<'a>> {
        let mut out = Vec::new();
        let mut cur = self.site.pages[i].parent;
        let mut guard = 0;
        while let Some(c) = cur {
            out.push(self.page_ref(c));
            cur = self.site.pages[c].parent;
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        out.reverse();
        out
    }

    fn tags(&self, p: &Page) -> Vec<TagGroup<'a>> {
        let mut groups: Vec<TagGroup> = Vec::new();
        for &(t, k) in &p.terms {
            let tax = &self.site.taxonomies[t];
            let term = &tax.terms[k];
            let r = Ref { title: &term.name, ..self.page_ref(term.page) };
            match groups.iter_mut().find(|g| g.name == tax.name) {
                Some(g) => g.terms.push(r),
                None => groups.push(TagGroup { name: tax.name.clone(), title: tax.title.clone(), terms: vec![r] }),
            }
        }
        groups
    }

    fn path_navs(&self, i: usize) -> Vec<PathNav<'a>> {
        let site = self.site;
        site.pages[i]
            .memberships
            .iter()
            .map(|&(pi, pos)| {
                let path = &site.paths[pi];
                let with_path = |m: usize| {
                    let mut r = self.page_ref(m);
                    r.path = format!("{}?path={}", r.path, path.id).into();
                    r
                };
                let total = path.modules.len();
                PathNav {
                    id: path.id.clone(),
                    title: site.pages[path.page].fm.title.clone(),
                    path: path_of(&site.pages[path.page].url),
                    index: pos + 1,
                    total,
                    percent: (pos + 1) * 100 / total.max(1),
                    prev: pos.checked_sub(1).map(|k| with_path(path.modules[k])),
                    next: path.modules.get(pos + 1).map(|&k| with_path(k)),
                }
            })
            .collect()
    }

    fn term_view(&self, kind: Kind) -> Option<TermView<'a>> {
        let Kind::GlossaryTerm(e) = kind else { return None };
        let g = self.site.glossary.get(e)?;
        let p = &self.site.pages[g.page];
        let related =
            p.fm.related
                .iter()
                .filter_map(|id| self.site.glossary.iter().find(|x| &x.id == id))
                .map(|x| self.page_ref(x.page))
                .collect();
        Some(TermView {
            term: g.term.clone(),
            definition: g.definition.clone(),
            aliases: g.aliases.clone(),
            source: p.fm.source.clone(),
            related,
            used_on: g.used_on.iter().map(|&u| self.page_ref(u)).collect(),
        })
    }

    fn letters(&self) -> Vec<Letter> {
        let mut letters: Vec<Letter> = Vec::new();
        let mut entries: Vec<_> = self.site.glossary.iter().collect();
        entries.sort_by_key(|g| self.site.pages[g.page].fm.title.to_lowercase());
        for g in entries {
            let p = &self.site.pages[g.page];
            let first = p.fm.title.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
            let other = self.language.strings.get("glossary_other").unwrap_or("#");
            let latin = !first.is_empty() && first.chars().all(|c| c.is_ascii_alphabetic());
            let (letter, is_other) = if latin { (first, false) } else { (other.to_string(), true) };
            let item =
                GlossaryItem { title: p.fm.title.clone(), path: path_of(&p.url), definition: g.definition.clone() };
            match letters.iter_mut().find(|l| l.letter == letter) {
                Some(l) => l.terms.push(item),
                None => letters.push(Letter {
                    id: if is_other { "letter-other".into() } else { format!("letter-{}", letter.to_lowercase()) },
                    letter,
                    terms: vec![item],
                }),
            }
        }
        letters
    }

    fn term_ref(&self, t: usize, k: usize) -> TermRef {
        let term = &self.site.taxonomies[t].terms[k];
        let p = &self.site.pages[term.page];
        let colour =
            p.fm.extra.get("colour").and_then(|c| c.as_str()).filter(|c| parse_hex(c).is_some()).map(str::to_string);
        TermRef {
            id: term.id.clone(),
            title: term.name.clone(),
            path: path_of(&p.url),
            description: p.fm.description.clone().unwrap_or_default(),
            count: term.tagged.iter().filter(|&&x| !self.site.pages[x].fm.draft).count(),
            number: p.fm.extra.get("number").and_then(|n| n.as_i64()),
            text_colour: colour.as_deref().map(|c| text_colour_for(c).to_string()),
            colour,
        }
    }

    fn taxonomy_view(&self, kind: Kind) -> Option<TaxonomyView> {
        let Kind::TaxonomyList(t) = kind else { return None };
        let tax = self.site.taxonomies.get(t)?;
        let conf = self.config.taxonomy(&tax.name)?;
        let terms: Vec<TermRef> = (0..tax.terms.len()).map(|k| self.term_ref(t, k)).collect();
        let matrix = conf.matrix_section.as_ref().map(|section| {
            let prefix = format!("{section}/");
            let mut rows: Vec<MatrixRow> = self
                .site
                .reading_order()
                .into_iter()
                .filter(|&i| {
                    let p = &self.site.pages[i];
                    p.kind() == Kind::Page
                        && p.rel.as_deref().is_some_and(|r| r.starts_with(&prefix))
                        && p.terms.iter().any(|&(x, _)| x == t)
                })
                .map(|i| {
                    let p = &self.site.pages[i];
                    MatrixRow {
                        title: p.fm.title.clone(),
                        path: path_of(&p.url),
                        cells: (0..tax.terms.len()).map(|k| p.terms.contains(&(t, k))).collect(),
                    }
                })
                .collect();
            rows.sort_by(|a, b| a.title.cmp(&b.title));
            let title = self
                .site
                .by_url
                .get(&format!("/{}{section}/", self.site.prefix))
                .map(|&s| self.site.pages[s].fm.title.clone())
                .unwrap_or_else(|| section.clone());
            Matrix { title, columns: terms.clone(), rows }
        });
        Some(TaxonomyView {
            name: tax.name.clone(),
            title: tax.title.clone(),
            grid: conf.view == crate::config::TaxonomyView::Grid,
            terms,
            matrix,
        })
    }

    fn term_groups(&self, kind: Kind) -> Vec<TermGroup<'a>> {
        let Kind::TaxonomyTerm(t, k) = kind else { return Vec::new() };
        let Some(term) = self.site.taxonomies.get(t).and_then(|x| x.terms.get(k)) else { return Vec::new() };
        let mut groups: Vec<(usize, TermGroup)> = Vec::new();
        for &i in &term.tagged {
            let p = &self.site.pages[i];
            if p.fm.draft {
                continue;
            }
            let section = p.parent.unwrap_or(self.site.home);
            let r = self.page_ref(i);
            match groups.iter_mut().find(|(s, _)| *s == section) {
                Some((_, g)) => g.pages.push(r),
                None => groups
                    .push((section, TermGroup { title: self.site.pages[section].fm.title.clone(), pages: vec![r] })),
            }
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }

    fn training_view(&self, kind: Kind) -> Option<TrainingView> {
        let Kind::TrainingPath(pi) = kind else { return None };
        let path = self.site.paths.get(pi)?;
        let p = &self.site.pages[path.page];
        Some(TrainingView {
            id: path.id.clone(),
            objectives: p.fm.objectives.clone(),
            minutes: path.minutes,
            modules: path
                .modules
                .iter()
                .enumerate()
                .map(|(k, &m)| {
                    let r = self.page_ref(m);
                    Module {
                        index: k + 1,
                        title: r.title.to_string(),
                        path: format!("{}?path={}", r.path, path.id),
                        description: r.description.to_string(),
                        minutes: r.minutes,
                    }
                })
                .collect(),
        })
    }
}

/// "On this page": headings of levels 2 and 3, then the decision tree and the
/// knowledge check when the page has them (in the order the templates show them).
fn toc<'p>(p: &'p Page, knowledge_check: &str) -> Vec<TocEntry<'p>> {
    use std::borrow::Cow;
    let mut out: Vec<TocEntry> = p
        .analysis
        .headings
        .iter()
        .filter(|h| h.level == 2 || h.level == 3)
        .map(|h| TocEntry { level: h.level, id: Cow::Borrowed(&h.id), title: Cow::Borrowed(&h.title), kind: "heading" })
        .collect();
    if let Some(title) = p.tree_html.as_deref().and_then(tree_title) {
        out.push(TocEntry { level: 2, id: Cow::Borrowed("tree__title"), title: Cow::Owned(title), kind: "tree" });
    }
    if !p.fm.quiz.is_empty() {
        out.push(TocEntry {
            level: 2,
            id: Cow::Borrowed("quiz-title"),
            title: Cow::Owned(knowledge_check.to_string()),
            kind: "quiz",
        });
    }
    out
}

/// The text of the compiled tree's title (`<h2 … id="tree__title">…</h2>`).
fn tree_title(html: &str) -> Option<String> {
    let start = html.find("id=\"tree__title\">")? + "id=\"tree__title\">".len();
    let len = html[start..].find("</h2>")?;
    let t = &html[start..start + len];
    Some(
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#x27;", "'")
            .replace("&amp;", "&"),
    )
}

fn quiz_view(p: &Page) -> Vec<QuizView> {
    p.fm.quiz
        .iter()
        .enumerate()
        .map(|(n, q)| QuizView {
            id: format!("quiz-q{}", n + 1),
            question: q.question.clone(),
            options: q
                .options
                .iter()
                .enumerate()
                .map(|(k, o)| QuizOption {
                    id: format!("q{}-{}", n + 1, k + 1),
                    text: o.clone(),
                    correct: *o == q.answer,
                })
                .collect(),
            answer: q.answer.clone(),
            explanation: q.explanation.clone(),
        })
        .collect()
}

fn url_path(base: &str) -> String {
    let after_scheme = base.split_once("//").map(|(_, r)| r).unwrap_or(base);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

fn parse_hex(c: &str) -> Option<(f64, f64, f64)> {
    let h = c.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok().map(|x| x as f64 / 255.0);
    Some((v(0)?, v(2)?, v(4)?))
}

fn luminance(c: &str) -> f64 {
    let Some((r, g, b)) = parse_hex(c) else { return 1.0 };
    let lin = |x: f64| if x <= 0.03928 { x / 12.92 } else { ((x + 0.055) / 1.055).powf(2.4) };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Black or white, whichever contrasts more with the background colour.
pub fn text_colour_for(bg: &str) -> &'static str {
    let l = luminance(bg);
    let white = 1.05 / (l + 0.05);
    let black = (l + 0.05) / 0.05;
    if white >= black {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// sitemap.xml (only with a base URL), robots.txt, alias redirect pages.
/// The paths are those [`output_claims`] registers.
pub fn extra_files(site: &Site, config: &SiteConfig) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let base = config.base();
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = &base {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for i in site.reading_order() {
            let p = &site.pages[i];
            if p.kind() == Kind::NotFound || p.fm.draft {
                continue;
            }
            xml.push_str("  <url><loc>");
            xml.push_str(&crate::html::escape(&format!("{b}{}", path_of(&p.url))));
            xml.push_str("</loc>");
            if let Some(d) = &p.fm.date {
                xml.push_str("<lastmod>");
                xml.push_str(d);
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        out.push(OutputFile { path: "sitemap.xml".into(), contents: xml.into_bytes().into() });
        robots.push_str(&format!("Sitemap: {b}sitemap.xml\n"));
    }
    out.push(OutputFile { path: "robots.txt".into(), contents: robots.into_bytes().into() });
    for p in &site.pages {
        if matches!(p.kind(), Kind::GlossaryTerm(_)) {
            continue;
        }
        for alias in &p.fm.aliases {
            let url = format!("/{}{}/", site.prefix, alias.trim_matches('/'));
            // Unsafe aliases and collisions are reported by `output_claims`.
            let Ok(path) = urls::url_to_output(&url) else { continue };
            let target = urls::relative(&url, &p.url);
            let t = crate::html::escape(&target);
            let html = format!(
                "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Redirect</title><meta http-equiv=\"refresh\" content=\"0; url={t}\"><link rel=\"canonical\" href=\"{t}\"><meta name=\"robots\" content=\"noindex\"></head><body><p>This page has moved to <a href=\"{t}\">{}</a>.</p></body></html>\n",
                crate::html::escape(&config.language),
                crate::html::escape(&p.fm.title)
            );
            out.push(OutputFile { path, contents: html.into_bytes().into() });
        }
    }
    out
}

/// Every path a build of `site` writes besides static files, each with where it
/// comes from, for [`urls::check_output_space`]: pages and sections, generated
/// pages (home, taxonomy lists and terms, glossary index, search, 404), decision-tree
/// diagrams, alias redirects, sitemap.xml, robots.txt, highlight.css and the search
/// index folder. Aliases that are not site paths are reported here.
pub fn output_claims(site: &Site, config: &SiteConfig, diags: &mut Vec<Diagnostic>) -> Vec<urls::Claim> {
    let mut out = Vec::new();
    let tax_name = |t: usize| site.taxonomies.get(t).map(|x| x.name.as_str()).unwrap_or("");
    for p in &site.pages {
        let kind = p.kind();
        let path = if kind == Kind::NotFound {
            Ok(p.url.trim_start_matches('/').to_string())
        } else {
            urls::url_to_output(&p.url)
        };
        // Unsafe page URLs never reach the site (resolve reports them).
        let Ok(path) = path else { continue };
        if kind == Kind::NotFound && !site.prefix.is_empty() {
            continue; // not written (see `Renderer::render_pages`)
        }
        if p.rel.is_some() {
            let line = p.fm.slug.as_ref().and_then(|_| p.fm.key_lines.get("slug").copied()).unwrap_or(1);
            let what = if kind.is_listing() { "the section" } else { "the page" };
            out.push(urls::Claim::new(&path, &p.display, line, format!("{what} {}", urls::short(&p.url))));
            if p.tree_svg.is_some() {
                let dir = path.strip_suffix("index.html").unwrap_or("");
                let line = p.fm.key_lines.get("tree").copied().unwrap_or(1);
                out.push(urls::Claim::new(
                    format!("{dir}tree.svg"),
                    &p.display,
                    line,
                    "the diagram of its decision tree",
                ));
            }
        } else {
            let (file, line, what) = match kind {
                Kind::TaxonomyList(t) => {
                    (crate::config::CONFIG_FILE.to_string(), 0, format!("the list of the taxonomy `{}`", tax_name(t)))
                }
                Kind::TaxonomyTerm(t, k) => {
                    let term = site.taxonomies.get(t).and_then(|x| x.terms.get(k));
                    let name = term.map(|x| x.name.as_str()).unwrap_or(&p.fm.title);
                    let what = format!("the page of the `{}` term `{}`", tax_name(t), urls::short(name));
                    // Where the term was first used (or site.toml, for a listed term nobody uses).
                    match term.and_then(|x| x.tagged.first()).map(|&i| &site.pages[i]) {
                        Some(q) => (q.display.clone(), q.fm.value_line(&q.text, tax_name(t), name), what),
                        None => (crate::config::CONFIG_FILE.to_string(), 0, what),
                    }
                }
                Kind::Search => (crate::config::CONFIG_FILE.to_string(), 0, "the search page ([search])".to_string()),
                other => ("(generated)".to_string(), 0, format!("the generated {} page", other.name())),
            };
            out.push(urls::Claim::new(&path, file, line, format!("{what} {}", urls::short(&p.url))));
        }
        if matches!(kind, Kind::GlossaryTerm(_)) {
            continue;
        }
        for alias in &p.fm.aliases {
            let url = format!("/{}{}/", site.prefix, alias.trim_matches('/'));
            let line = p.fm.value_line(&p.text, "aliases", alias);
            match urls::url_to_output(&url) {
                Ok(path) => out.push(urls::Claim::new(
                    path,
                    &p.display,
                    line,
                    format!("the alias `{}` of {}", urls::short(alias), urls::short(&p.url)),
                )),
                Err(e) => diags.push(
                    Diagnostic::error(&p.display, line, 1, format!("alias `{alias}` {}", e.0))
                        .with_hint("an alias is a site path such as `/old/page/`")
                        .with_source(&p.text, 1),
                ),
            }
        }
    }
    // The site-wide files come with the default language.
    if !site.prefix.is_empty() {
        return out;
    }
    if config.base().is_some() {
        out.push(urls::Claim::new("sitemap.xml", "(generated)", 0, "the sitemap (base_url is set)"));
    }
    out.push(urls::Claim::new("robots.txt", "(generated)", 0, "robots.txt"));
    out.push(urls::Claim::new("highlight.css", "(generated)", 0, "the code highlighting stylesheet"));
    if config.search.enabled {
        let mut index =
            urls::Claim::new(crate::search::BUNDLE_DIR, crate::config::CONFIG_FILE, 0, "the search index ([search])");
        index.folder = true;
        out.push(index);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_colour_keeps_contrast_on_sdg_colours() {
        assert_eq!(text_colour_for("#FCC30B"), "#000000");
        assert_eq!(text_colour_for("#19486A"), "#ffffff");
    }
}
