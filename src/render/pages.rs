//! Page views and page HTML: what the renderer builds for each page.

#[allow(unused_imports)]
use super::*;

impl<'a> Renderer<'a> {
    pub(super) fn page_ref(&self, i: usize) -> Ref<'a> {
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
                .find(|p| p.kind() == Kind::GlossaryIndex && !p.fm.draft)
                .map(|p| p.url.trim_start_matches('/')),
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
    pub fn render_pages(&self, sink: &dyn Sink) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let site_view = self.site_view();
        let site_value = self.site_context(&site_view);
        let strings = self.language.strings;
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

    pub(super) fn page_view(&self, i: usize, reading: &Reading) -> PageView<'_> {
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
            nav: self.nav(i, reading),
            chrome_lang: (!language.eq_ignore_ascii_case(&self.config.language))
                .then_some(self.config.language.as_str()),
            paths: self.path_navs(i),
            quiz: quiz_view(p),
            tree_html: p.tree_html.as_deref(),
            tree_svg: p.tree_svg.is_some(),
            has_code: p.rendered.has_code,
            has_callouts: p.rendered.has_callouts,
            course: !p.fm.quiz.is_empty()
                || matches!(kind, Kind::TrainingPath(_) | Kind::GlossaryIndex)
                || p.rendered.html.contains("type=\"checkbox\""),
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
            filter_order: if kind == Kind::Search { self.filter_order() } else { String::new() },
        }
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
    fn dir(&self, language: &str) -> Option<&'static str> {
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

    /// The pass mark of a page's knowledge check: the page's own `pass_mark`, else the
    /// first path's it is a module of, else site.toml's `[paths] pass_mark`.
    pub(super) fn pass_mark(&self, p: &Page) -> u8 {
        p.fm.pass_mark
            .or_else(|| {
                p.memberships.iter().find_map(|&(pi, _)| {
                    let path = self.site.paths.get(pi)?;
                    self.site.pages[path.page].fm.pass_mark
                })
            })
            .unwrap_or(self.config.paths.pass_mark)
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
                    modules: path.modules.iter().map(|&m| site.pages[m].url.trim_start_matches('/')).collect(),
                    list: path.modules.iter().map(|&m| with_path(m)).collect(),
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
                .filter_map(|id| match self.site.glossary.iter().find(|x| &x.id == id) {
                    Some(x) => Some(self.page_ref(x.page)),
                    // Not yet translated: the original language's entry.
                    None => {
                        let f = self.site.fallback.as_deref()?;
                        let x = f.glossary.iter().find(|x| &x.id == id)?;
                        let q = &f.pages[x.page];
                        Some(Ref {
                            title: &q.fm.title,
                            path: std::borrow::Cow::Borrowed(q.url.trim_start_matches('/')),
                            description: q.fm.description.as_deref().unwrap_or(""),
                            minutes: q.minutes(),
                            lang: self.language.alternates.and_then(|a| a.languages.first()).map(|l| l.code.as_str()),
                        })
                    }
                })
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
            print: self.print_url(path).map(|u| path_of(&u)),
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
                        quiz: !self.site.pages[m].fm.quiz.is_empty(),
                    }
                })
                .collect(),
        })
    }
}

/// "On this page": headings of levels 2 and 3, then the decision tree and the
/// knowledge check when the page has them (in the order the templates show them).
pub(super) fn toc<'p>(p: &'p Page, knowledge_check: &str) -> Vec<TocEntry<'p>> {
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
pub(super) fn tree_title(html: &str) -> Option<String> {
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

/// The knowledge check, each question's options in the order shown (shuffled at build
/// time unless pinned, see [`crate::front_matter::FrontMatter::quiz_order`]).
pub(super) fn quiz_view(p: &Page) -> Vec<QuizView> {
    let key = p.url.trim_start_matches('/');
    p.fm.quiz
        .iter()
        .enumerate()
        .map(|(n, q)| QuizView {
            id: format!("quiz-q{}", n + 1),
            question: q.question.clone(),
            options: p
                .fm
                .quiz_order(key, n)
                .into_iter()
                .filter_map(|k| q.options.get(k))
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

pub(super) fn url_path(base: &str) -> String {
    let after_scheme = base.split_once("//").map(|(_, r)| r).unwrap_or(base);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}
