//! The parts of a page view: navigation (menu, breadcrumbs, a path's previous and
//! next), tags, the views of glossary, taxonomy and training pages, the table of
//! contents and the knowledge check. `pages` assembles them into the page view.

use super::path_of;
use super::GlossaryItem;
use super::GroupItem;
use super::HeroView;
use super::Letter;
use super::Matrix;
use super::MatrixRow;
use super::Module;
use super::NavItem;
use super::PathNav;
use super::QuizOption;
use super::QuizView;
use super::Reading;
use super::Ref;
use super::Renderer;
use super::TagGroup;
use super::TaxonomyView;
use super::TermGroup;
use super::TermRef;
use super::TermView;
use super::TocEntry;
use super::TrainingView;
use super::NAV_CLOSED_LIMIT;
use crate::config::SiteConfig;
use crate::model::Kind;
use crate::model::Page;
use crate::model::PageId;
use crate::model::Site;
use crate::model::TaxonomyId;
use crate::model::TermId;
use serde::Serialize;
use std::collections::HashMap;

impl<'a> Renderer<'a> {
    /// The navigation tree for page `i`: every top-level section; the groups on the
    /// way to the page open, with the page marked current.
    pub(super) fn nav(&self, i: PageId, reading: &Reading) -> Vec<NavItem<'a>> {
        let site = self.site;
        let mut branch = vec![i];
        let mut cur = site.pages.get(i.index()).and_then(|p| p.parent);
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

    pub(super) fn nav_item(
        &self,
        k: PageId,
        depth: usize,
        current: PageId,
        branch: &[PageId],
        reading: &Reading,
    ) -> NavItem<'a> {
        let p = &self.site.pages[k];
        let open = branch.contains(&k);
        // The glossary's own index (letters) is its navigation.
        let kids: &[PageId] =
            if matches!(p.kind, Kind::GlossaryIndex) { &[] } else { reading.children[k.index()].as_slice() };
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

    pub(super) fn breadcrumbs(&self, i: PageId) -> Vec<Ref<'a>> {
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

    pub(super) fn tags(&self, p: &Page) -> Vec<TagGroup<'a>> {
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
                    let path = self.site.paths.get(pi.index())?;
                    self.site.pages[path.page].fm.pass_mark
                })
            })
            .unwrap_or(self.config.paths.pass_mark)
    }

    pub(super) fn path_navs(&self, i: PageId) -> Vec<PathNav<'a>> {
        let site = self.site;
        site.pages[i]
            .memberships
            .iter()
            .map(|&(pi, pos)| {
                let path = &site.paths[pi];
                let with_path = |m: PageId| {
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

    /// The glossary entry page `i` is the page of, if it is one.
    pub(super) fn term_view(&self, i: PageId) -> Option<TermView<'a>> {
        let g = &self.site.glossary[self.site.entry_of(i)?];
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
        // Other glossary entries that use the term are listed apart from the pages that teach it.
        let (entries, others): (Vec<PageId>, Vec<PageId>) = g
            .used_on
            .iter()
            .filter(|&&u| !self.site.pages[u].fm.draft)
            .partition(|&&u| matches!(self.site.pages[u].kind, Kind::GlossaryTerm));
        Some(TermView {
            term: g.term.clone(),
            definition: g.definition.clone(),
            aliases: g.aliases.clone(),
            source: p.fm.source.clone(),
            related,
            used_on: self.by_section(&others),
            used_on_glossary: self.by_section(&entries).into_iter().flat_map(|g| g.pages).collect(),
            used_on_count: others.len() + entries.len(),
        })
    }

    pub(super) fn letters(&self) -> Vec<Letter> {
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

    pub(super) fn term_ref(&self, t: TaxonomyId, k: TermId) -> TermRef {
        let term = &self.site.taxonomies[t].terms[k];
        let p = &self.site.pages[term.page];
        let colour =
            p.fm.extra
                .get("colour")
                .and_then(|c| c.as_str())
                .filter(|c| crate::colour::hex_rgb(c).is_some())
                .map(str::to_string);
        TermRef {
            id: term.id.clone(),
            title: term.name.clone(),
            path: path_of(&p.url),
            description: p.fm.description.clone().unwrap_or_default(),
            count: term.tagged.iter().filter(|&&x| !self.site.pages[x].fm.draft).count(),
            number: p.fm.extra.get("number").and_then(|n| n.as_i64()),
            text_colour: colour.as_deref().map(|c| crate::colour::text_on(c).to_string()),
            colour,
        }
    }

    pub(super) fn taxonomy_view(&self, kind: Kind) -> Option<TaxonomyView> {
        let Kind::TaxonomyList(t) = kind else { return None };
        let tax = self.site.taxonomies.get(t.index())?;
        let conf = self.config.taxonomy(&tax.name)?;
        let terms: Vec<TermRef> = TermId::each(&tax.terms).map(|(k, _)| self.term_ref(t, k)).collect();
        let matrix = conf.matrix_section.as_ref().map(|section| {
            let prefix = format!("{section}/");
            let mut rows: Vec<MatrixRow> = self
                .site
                .reading_order()
                .into_iter()
                .filter(|&i| {
                    let p = &self.site.pages[i];
                    p.kind == Kind::Page
                        && p.rel.as_deref().is_some_and(|r| r.starts_with(&prefix))
                        && p.terms.iter().any(|&(x, _)| x == t)
                })
                .map(|i| {
                    let p = &self.site.pages[i];
                    MatrixRow {
                        title: p.fm.title.clone(),
                        path: path_of(&p.url),
                        cells: TermId::each(&tax.terms).map(|(k, _)| p.terms.contains(&(t, k))).collect(),
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

    /// The pages tagged with the taxonomy term page `i` is the page of, if it is one.
    pub(super) fn term_groups(&self, i: PageId) -> Vec<TermGroup<'a>> {
        let Some((t, k)) = self.site.term_of(i) else { return Vec::new() };
        self.by_section(&self.site.taxonomies[t].terms[k].tagged)
    }

    /// Pages (not drafts) grouped by their section (a section's page by itself), the
    /// groups in the order of their first page; a title two listed pages share is
    /// followed by the title of the section the page is in.
    pub(super) fn by_section(&self, pages: &[PageId]) -> Vec<TermGroup<'a>> {
        let pages: Vec<PageId> = pages.iter().copied().filter(|&i| !self.site.pages[i].fm.draft).collect();
        let mut titles: HashMap<&str, usize> = HashMap::new();
        for &i in &pages {
            *titles.entry(self.site.pages[i].fm.title.as_str()).or_default() += 1;
        }
        let mut groups: Vec<(PageId, TermGroup)> = Vec::new();
        for i in pages {
            let p = &self.site.pages[i];
            let parent = p.parent.unwrap_or(self.site.home);
            // A section's own page heads its group.
            let section = if p.kind.is_listing() && p.kind != Kind::Home { i } else { parent };
            let section_title = self.site.pages[section].fm.title.as_str();
            let shared = titles.get(p.fm.title.as_str()).is_some_and(|&n| n > 1);
            let item = GroupItem {
                page: self.page_ref(i),
                section: shared.then_some(self.site.pages[parent].fm.title.as_str()),
            };
            match groups.iter_mut().find(|(s, _)| *s == section) {
                Some((_, g)) => g.pages.push(item),
                None => groups.push((section, TermGroup { title: section_title.to_string(), pages: vec![item] })),
            }
        }
        groups.into_iter().map(|(_, g)| g).collect()
    }

    /// The training path page `i` is the page of, if it is one.
    pub(super) fn training_view(&self, i: PageId) -> Option<TrainingView> {
        let path = &self.site.paths[self.site.path_of(i)?];
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

impl<'a> Renderer<'a> {
    /// The home page's hero: `[home] start` (by default the section of the training
    /// paths, else the first section) and `links`, each in this language where the page
    /// is translated, else the default language's page; and the training paths.
    pub(super) fn hero(&self) -> HeroView<'a> {
        let site = self.site;
        let find =
            |target: &str| -> Option<Ref<'a>> {
                let url = crate::config::home_url(target);
                let own = format!("/{}{}", site.prefix, url.trim_start_matches('/'));
                if let Some(&i) = site.by_url.get(&own) {
                    return Some(self.page_ref(i));
                }
                let fallback: &'a Site = site.fallback.as_deref()?;
                let p = &fallback.pages[*fallback.by_url.get(&url)?];
                Some(Ref {
                    title: &p.fm.title,
                    path: std::borrow::Cow::Borrowed(p.url.trim_start_matches('/')),
                    description: p.fm.description.as_deref().unwrap_or(""),
                    minutes: p.minutes(),
                    lang: p.fm.language.as_deref().or_else(|| {
                        self.language.alternates.and_then(|a| a.languages.first()).map(|l| l.code.as_str())
                    }),
                })
            };
        let start = match &self.config.home.start {
            Some(t) => find(t),
            None => {
                let listed = |i: &crate::model::PageId| !site.pages[*i].fm.draft;
                let of_paths =
                    site.paths.first().map(|p| site.pages[p.page].parent.filter(|&s| s != site.home).unwrap_or(p.page));
                of_paths
                    .or_else(|| site.pages[site.home].subsections.iter().copied().find(listed))
                    .map(|i| self.page_ref(i))
            }
        };
        #[derive(Serialize)]
        struct HeroPath<'p> {
            id: &'p str,
            title: &'p str,
            path: &'p str,
            modules: Vec<&'p str>,
        }
        let paths: Vec<HeroPath> = site
            .paths
            .iter()
            .map(|p| HeroPath {
                id: &p.id,
                title: &site.pages[p.page].fm.title,
                path: site.pages[p.page].url.trim_start_matches('/'),
                modules: p.modules.iter().map(|&m| site.pages[m].url.trim_start_matches('/')).collect(),
            })
            .collect();
        HeroView {
            start,
            links: self.config.home.links.iter().filter_map(|t| find(t)).collect(),
            paths: if paths.is_empty() { String::new() } else { serde_json::to_string(&paths).unwrap_or_default() },
        }
    }
}

/// `[brand] accent` and `accent_dark` as custom properties for the default theme's
/// stylesheet (the dark one with the system's setting and with the theme switch).
pub(super) fn accent_css(c: &SiteConfig) -> String {
    let mut css = String::new();
    if let Some(a) = c.brand.accent.as_deref().filter(|a| crate::colour::hex_rgb(a).is_some()) {
        css.push_str(&format!(":root{{--accent:{a}}}"));
    }
    if let Some(a) = c.brand.accent_dark.as_deref().filter(|a| crate::colour::hex_rgb(a).is_some()) {
        css.push_str(&format!(
            "@media (prefers-color-scheme: dark){{:root:not([data-theme=\"light\"]){{--accent:{a}}}}}:root[data-theme=\"dark\"]{{--accent:{a}}}"
        ));
    }
    css
}

/// "On this page": headings of levels 2 and 3 (not those in a tab panel, hidden
/// with JavaScript until their tab is chosen), then the decision tree and the
/// knowledge check when the page has them (in the order the templates show them).
pub(super) fn toc<'p>(p: &'p Page, knowledge_check: &str) -> Vec<TocEntry<'p>> {
    use std::borrow::Cow;
    let mut out: Vec<TocEntry> = p
        .analysis
        .headings
        .iter()
        .filter(|h| (h.level == 2 || h.level == 3) && !h.in_panel)
        .map(|h| TocEntry { level: h.level, id: Cow::Borrowed(&h.id), title: Cow::Borrowed(&h.title), kind: "heading" })
        .collect();
    if let Some(tree) = &p.tree {
        out.push(TocEntry {
            level: 2,
            id: Cow::Borrowed("tree__title"),
            title: Cow::Borrowed(&tree.title),
            kind: "tree",
        });
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
