//! Page views and page HTML: what the renderer builds for each page.

use super::accent_css;
use super::nav::nav_html;
use super::path_of;
use super::quiz_view;
use super::template_error;
use super::toc;
use super::NavItem;
use super::PageView;
use super::Reading;
use super::Ref;
use super::Renderer;
use super::SiteView;
use super::WholeNavItem;
use super::NAV_PARTIAL;
use super::NAV_TEMPLATE;
use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::model::OutputFile;
use crate::model::Page;
use crate::model::PageId;
use crate::model::Sink;
use crate::urls;
use rayon::prelude::*;
use std::collections::BTreeMap;
impl<'a> Renderer<'a> {
    pub(super) fn page_ref(&self, i: PageId) -> Ref<'a> {
        let p = &self.site.pages[i];
        Ref {
            title: &p.fm.title,
            path: std::borrow::Cow::Borrowed(p.url.trim_start_matches('/')),
            description: p.fm.description.as_deref().unwrap_or(""),
            minutes: p.minutes(),
            lang: self.other_language(p),
        }
    }

    /// The page's language when it is not the site's.
    pub(super) fn other_language(&self, p: &'a Page) -> Option<&'a str> {
        p.fm.language.as_deref().filter(|l| !l.eq_ignore_ascii_case(&self.config.language))
    }

    pub(super) fn site_view(&self) -> SiteView<'a> {
        let c = self.config;
        SiteView {
            title: &c.title,
            description: &c.description,
            language: &c.language,
            base_url: c.base(),
            menu: self.site.menu.iter().map(|&i| self.page_ref(i)).collect(),
            taxonomies: self.site.taxonomies.iter().map(|t| self.page_ref(t.page)).collect(),
            search: c.search.enabled,
            offline_download: c.offline.download,
            glossary: self
                .site
                .pages
                .iter()
                .find(|p| p.kind == Kind::GlossaryIndex && !p.fm.draft)
                .map(|p| p.url.trim_start_matches('/')),
            logo: c.brand.logo.as_deref(),
            logo_alt: &c.brand.logo_alt,
            accent_css: accent_css(c),
            extra: &c.extra,
        }
    }

    /// What every template sees besides the page: the site and the theme's strings.
    pub(super) fn site_context(&self, site_view: &SiteView) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert("site", site_view);
        ctx.insert("t", &self.language.strings.strings);
        ctx.insert("t_js", &self.language.strings.js);
        ctx
    }

    /// Render every page in parallel, handing each to `sink` as soon as it is made;
    /// returns what the sink kept. Template errors are collected, not fatal at once.
    pub(crate) fn render_pages(&self, sink: &dyn Sink) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site_view = self.site_view();
        let site_value = self.site_context(&site_view);
        let reading = self.reading();
        // Each page the model says this language writes (one 404 page serves them all).
        let results: Vec<Result<OutputFile, Diagnostic>> = (0..self.site.pages.len())
            .into_par_iter()
            .map(PageId::new)
            .filter_map(|i| Some((i, self.site.page_file(i)?)))
            .map(|(i, path)| self.render_page(i, path, &site_value, &reading).map(|f| sink.put(f)))
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

    pub(super) fn render_page(
        &self,
        i: PageId,
        out_path: String,
        site_ctx: &tera::Context,
        reading: &Reading,
    ) -> Result<OutputFile, Diagnostic> {
        let p = &self.site.pages[i];
        let template = template_name(p);
        // The view is built only when the page is rendered: an earlier build's HTML of
        // the same inputs costs nothing here.
        let contents = self.pages.page(i, &mut || {
            let mut view = self.page_view(i, reading);
            if self.own_nav() {
                view.nav_html = self.own_nav_html(&view.nav, &self.root_of(p), site_ctx)?;
            }
            self.template_html(p, &template, &view, site_ctx)
        })?;
        Ok(OutputFile { path: out_path, contents })
    }

    /// A page's HTML from its template (no reuse).
    pub(super) fn template_html(
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
        let relocatable = p.kind == Kind::NotFound && self.config.base().is_none();
        ctx.insert("relocatable", &relocatable);
        ctx.insert("root", &self.root_of(p));
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

    /// The prefix that leads from page `p` to the site's root (the templates' `root`):
    /// relative (`../../`), except on the not-found page, which is served at any depth.
    pub(super) fn root_of(&self, p: &Page) -> String {
        if p.kind == Kind::NotFound {
            self.config.base().map(|b| url_path(&b)).unwrap_or_else(|| "/".into())
        } else {
            urls::root_prefix(&p.url)
        }
    }

    /// A page's template is not among the compiled ones: say where it was looked for.
    /// Named in front matter: an error at that line; a kind's default template: one
    /// error for all pages of that kind (identical diagnostics are merged).
    pub(super) fn missing_template(&self, p: &Page, template: &str) -> Diagnostic {
        let mut names: Vec<&str> = self.tera.get_template_names().filter(|n| !n.starts_with("partials/")).collect();
        names.sort_unstable();
        let looked = format!("looked for `{template}` in {}", self.template_folders);
        if p.fm.key_lines.contains_key("template") {
            Diagnostic::error_at(
                &p.display,
                &p.text,
                p.fm.value_span(&p.text, "template"),
                format!("template `{template}` (from `template:`) does not exist; {looked}"),
            )
            .with_hint(format!("create templates/{template}, or use one of: {}", names.join(", ")))
        } else {
            Diagnostic::error(
                format!("templates/{template}"),
                0,
                0,
                format!(
                    "template `{template}` does not exist; it renders every `{}` page; {looked}",
                    p.kind.name()
                ),
            )
            .with_hint(format!(
                "create templates/{template} (start from the built-in theme's), or set `theme = \"default\"` in site.toml; templates found: {}",
                names.join(", ")
            ))
        }
    }

    /// Files that belong beside pages: the decision-tree overview diagrams.
    pub(crate) fn page_files(&self) -> Vec<OutputFile> {
        self.site
            .pages
            .iter()
            .filter_map(|p| {
                let svg = &p.tree.as_ref()?.svg;
                let out = urls::url_to_output(&p.url).ok()?;
                let dir = out.strip_suffix("index.html").unwrap_or("");
                Some(OutputFile { path: format!("{dir}tree.svg"), contents: svg.as_bytes().into() })
            })
            .collect()
    }

    pub(super) fn page_view(&self, i: PageId, reading: &Reading) -> PageView<'_> {
        let site = self.site;
        let p = &site.pages[i];
        let kind = p.kind;
        let is_listing = kind.is_listing();
        let refs = |list: &[PageId]| {
            list.iter().filter(|&&c| !site.pages[c].fm.draft).map(|&c| self.page_ref(c)).collect::<Vec<_>>()
        };
        let (prev, next) = reading.neighbours[i.index()];
        let language = p.language(self.config);
        let mut view = PageView {
            title: &p.fm.title,
            description: p.fm.description.as_deref().unwrap_or(""),
            kind: kind.name(),
            path: path_of(&p.url),
            language,
            content: &p.rendered.html,
            summary: &p.rendered.summary,
            toc: toc(p, self.language.strings.get("knowledge_check").unwrap_or("Knowledge check")),
            words: p.analysis.words,
            minutes: p.minutes(),
            reading_minutes: p.reading_minutes(),
            exercise_minutes: p.exercise_minutes(),
            pass_mark: self.pass_mark(p),
            date: p.fm.date.as_deref(),
            date_display: p.fm.date.as_deref().map(|d| self.language.strings.date(d)),
            updated: p.fm.updated.as_deref(),
            updated_display: p.fm.updated.as_deref().map(|d| self.language.strings.date(d)),
            edit_url: self
                .config
                .repository
                .edit_url
                .as_deref()
                .filter(|_| p.rel.is_some())
                .map(|u| format!("{}/{}", u.trim_end_matches('/'), p.display)),
            extra: &p.fm.extra,
            canonical: self.config.base().filter(|_| kind != Kind::NotFound).map(|b| format!("{b}{}", path_of(&p.url))),
            breadcrumbs: self.breadcrumbs(i),
            pages: if is_listing { refs(&p.pages) } else { Vec::new() },
            subsections: if is_listing { refs(&p.subsections) } else { Vec::new() },
            tags: self.tags(p),
            section: p.parent.map(|s| self.page_ref(s)),
            prev: prev.map(|k| self.page_ref(k)),
            next: next.map(|k| self.page_ref(k)),
            nav_html: String::new(),
            nav: self.nav(i, reading),
            chrome_lang: (!language.eq_ignore_ascii_case(&self.config.language))
                .then_some(self.config.language.as_str()),
            paths: self.path_navs(i),
            quiz: quiz_view(p),
            tree_html: p.tree.as_ref().map(|t| t.html.as_str()),
            tree_svg: p.tree.is_some(),
            has_code: p.rendered.has_code,
            has_callouts: p.rendered.has_callouts,
            has_containers: p.rendered.has_containers,
            has_tabs: p.rendered.has_tabs,
            course: !p.fm.quiz.is_empty()
                || matches!(kind, Kind::TrainingPath | Kind::GlossaryIndex)
                || p.rendered.html.contains("type=\"checkbox\""),
            dir: self.dir(language),
            translations: match self.language.alternates {
                Some(a) if kind != Kind::NotFound => a.of(self.language.index, i),
                _ => Vec::new(),
            },
            glossary: self.term_view(i),
            letters: if kind == Kind::GlossaryIndex { self.letters() } else { Vec::new() },
            taxonomy: self.taxonomy_view(kind),
            term_groups: self.term_groups(i),
            training: self.training_view(i),
            filter_order: if kind == Kind::Search { self.filter_order() } else { String::new() },
            hero: if kind == Kind::Home { Some(self.hero()) } else { None },
        };
        if !self.own_nav() {
            view.nav_html = self.nav_markup(&view.nav, &self.root_of(p));
        }
        view
    }

    /// The navigation tree's markup for a page whose way to the root is `root`.
    pub(super) fn nav_markup(&self, nav: &[NavItem], root: &str) -> String {
        if nav.is_empty() {
            return String::new();
        }
        nav_html(nav, root, self.overview_label())
    }

    fn overview_label(&self) -> &str {
        self.language.strings.get("overview").unwrap_or("Overview")
    }

    /// Whether the site or its theme has its own `partials/nav.html` (then the tree is
    /// drawn by it, with the whole tree: [`Self::own_nav_html`]).
    pub(super) fn own_nav(&self) -> bool {
        self.tera.get_template_names().any(|n| n == NAV_TEMPLATE)
    }

    /// The navigation tree drawn by the site's or theme's `partials/nav.html`.
    pub(super) fn own_nav_html(
        &self,
        nav: &[NavItem],
        root: &str,
        site_ctx: &tera::Context,
    ) -> Result<String, Diagnostic> {
        if nav.is_empty() {
            return Ok(String::new());
        }
        let mut ctx = tera::Context::new();
        ctx.extend(site_ctx.clone());
        ctx.insert("nav", &nav.iter().map(WholeNavItem).collect::<Vec<_>>());
        ctx.insert("root", root);
        ctx.insert("overview", self.overview_label());
        self.tera.render(NAV_TEMPLATE, &ctx).map_err(|e| {
            template_error(&format!("templates/{NAV_PARTIAL}"), "the navigation tree's template failed", &e)
        })
    }

    /// Each closed taxonomy's terms in the site's order, for the search page's filters.
    fn filter_order(&self) -> String {
        let order: BTreeMap<&str, Vec<&str>> = self
            .site
            .taxonomies
            .iter()
            .filter(|t| self.config.taxonomy(&t.name).is_some_and(|c| c.closed))
            .map(|t| (t.name.as_str(), t.terms.iter().map(|term| term.name.as_str()).collect()))
            .collect();
        if order.is_empty() {
            return String::new();
        }
        serde_json::to_string(&order).unwrap_or_default()
    }

    /// The writing direction to declare for a page in `language`.
    pub(super) fn dir(&self, language: &str) -> Option<&'static str> {
        let rtl = if language.eq_ignore_ascii_case(&self.language.language.code) {
            self.language.language.rtl
        } else {
            crate::lang::is_rtl(language)
        };
        match (rtl, self.language.alternates.is_some()) {
            (true, _) => Some("rtl"),
            (false, true) => Some("ltr"),
            (false, false) => None,
        }
    }

    /// The reading order and the navigation's entries, once per build.
    pub(crate) fn reading(&self) -> Reading {
        let site = self.site;
        let listed = |k: PageId| {
            let p = &site.pages[k];
            !p.fm.draft && !matches!(p.kind, Kind::NotFound | Kind::Search)
        };
        let mut children: Vec<Vec<PageId>> = site
            .pages
            .iter()
            .map(|p| p.pages.iter().chain(&p.subsections).copied().filter(|&k| listed(k)).collect())
            .collect();
        // A taxonomy's term pages follow its list page.
        for t in &site.taxonomies {
            for term in &t.terms {
                if listed(term.page) && !children[t.page.index()].contains(&term.page) {
                    children[t.page.index()].push(term.page);
                }
            }
        }
        // Depth first from the home page: a section, its pages, then its sub-sections.
        let mut order = Vec::with_capacity(site.pages.len());
        let mut seen = vec![false; site.pages.len()];
        let mut stack = vec![site.home];
        while let Some(k) = stack.pop() {
            if k.index() >= seen.len() || std::mem::replace(&mut seen[k.index()], true) {
                continue;
            }
            order.push(k);
            stack.extend(children[k.index()].iter().rev());
        }
        let mut neighbours = vec![(None, None); site.pages.len()];
        for (n, &k) in order.iter().enumerate() {
            neighbours[k.index()] = (n.checked_sub(1).map(|m| order[m]), order.get(n + 1).copied());
        }
        Reading { neighbours, children }
    }
}

/// The template a page is rendered with: its front matter's `template`, else its kind's.
pub(crate) fn template_name(p: &Page) -> String {
    p.fm.template.clone().unwrap_or_else(|| p.kind.template().to_string())
}

/// The path part of a base URL (`https://host/docs/` → `/docs/`).
pub(super) fn url_path(base: &str) -> String {
    let after_scheme = base.split_once("//").map(|(_, r)| r).unwrap_or(base);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}
