//! The model: the nouns of a built site and nothing else (no IO, no rendering).
//!
//! `resolve` fills it from parsed documents; `render` reads it. Pages are kept in one
//! vector and refer to each other by [`PageId`] (their place in it), so lookups are
//! O(1), there is no shared ownership to untangle, and a page's number is never taken
//! for another's (a taxonomy's, a term's, a path's).
//!
//! Each page's [`Kind`] is given once, when the page value is made ([`Page::new`]:
//! by classification for an authored page, by the constructor of a generated one),
//! and never written again. A kind carries no number from a site-wide order (the
//! glossary's, the paths' reading order, a vocabulary's): only what is known when the
//! page is made (a taxonomy's number, which follows site.toml). Which glossary entry,
//! training path or taxonomy term a page is the page of belongs to that entry
//! (`GlossaryEntry::page`, `TrainingPath::page`, `Term::page`); [`Site::entry_of`],
//! [`Site::path_of`] and [`Site::term_of`] look it up from the page, kept by the
//! methods that add the entries (as `by_url` is kept by resolve's `add_page`).
//!
//! A page's fields are filled by the steps of a build in turn; each field says which.
//! In build order: resolve's structure (`resolve::structure`, which makes the page),
//! the analysis step (markdown's first pass), training paths
//! (`resolve::paths_and_quizzes`), decision trees (`resolve::trees`), links
//! (`resolve::links`), the markdown render (markdown's second pass). A field is valid
//! from the end of its step on; before that it is empty.

use crate::body::{Analysis, Rendered};
use crate::config::SiteConfig;
use crate::front_matter::FrontMatter;
use std::collections::HashMap;

id_type!(
    /// A page of a [`Site`]: its place in `Site::pages`. Pages refer to each other by id
    /// (parents, children, members of a term, a glossary entry or a path).
    PageId => Page
);
id_type!(
    /// A taxonomy: its place in `Site::taxonomies` (and in `SiteConfig::taxonomies`,
    /// which it follows).
    TaxonomyId => Taxonomy
);
id_type!(
    /// A term of a taxonomy: its place in that taxonomy's `terms`.
    TermId => Term
);
id_type!(
    /// A glossary entry: its place in `Site::glossary`.
    GlossaryId => GlossaryEntry
);
id_type!(
    /// A training path: its place in `Site::paths`.
    PathId => TrainingPath
);

/// What a page is, which decides its template and its generated parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Home,
    Section,
    Page,
    GlossaryIndex,
    /// A glossary entry's page (its entry: [`Site::entry_of`]). A page in the glossary
    /// section without a `definition` is no entry, and classified [`Kind::Page`].
    GlossaryTerm,
    TaxonomyList(TaxonomyId),
    /// The page of a term of this taxonomy (its term: [`Site::term_of`]).
    TaxonomyTerm(TaxonomyId),
    /// A training path's page (its path: [`Site::path_of`]).
    TrainingPath,
    Search,
    NotFound,
}

impl Kind {
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Kind::Home => "home",
            Kind::Section => "section",
            Kind::Page => "page",
            Kind::GlossaryIndex => "glossary_index",
            Kind::GlossaryTerm => "glossary_term",
            Kind::TaxonomyList(_) => "taxonomy_list",
            Kind::TaxonomyTerm(_) => "taxonomy_term",
            Kind::TrainingPath => "path",
            Kind::Search => "search",
            Kind::NotFound => "404",
        }
    }

    pub(crate) fn template(&self) -> &'static str {
        match self {
            Kind::Home => "index.html",
            Kind::Section => "section.html",
            Kind::Page => "page.html",
            Kind::GlossaryIndex => "glossary_index.html",
            Kind::GlossaryTerm => "glossary_term.html",
            Kind::TaxonomyList(_) => "taxonomy_list.html",
            Kind::TaxonomyTerm(_) => "taxonomy_term.html",
            Kind::TrainingPath => "path.html",
            Kind::Search => "search.html",
            Kind::NotFound => "404.html",
        }
    }

    pub(crate) fn is_listing(&self) -> bool {
        matches!(self, Kind::Home | Kind::Section | Kind::GlossaryIndex | Kind::TrainingPath)
    }
}

/// One output page: authored (with a source file) or generated.
///
/// Each field says which step fills it (see the module docs for their order); the
/// fields of resolve's structure are set when the page is made or by that step.
#[derive(Debug)]
pub(crate) struct Page {
    /// Path relative to content/, `None` for generated pages. Structure, at creation.
    pub(crate) rel: Option<String>,
    /// Display path for diagnostics (`content/a.md`). Structure, at creation.
    pub(crate) display: String,
    /// The source file's text (empty for a generated page). Structure, at creation.
    pub(crate) text: std::sync::Arc<str>,
    /// Where the body starts in `text`, after the front matter. Structure, at creation.
    pub(crate) body_offset: usize,
    /// The front matter (a generated page's: its title). Structure, at creation; a
    /// generated page's title is then put in its language by `i18n::localize`.
    pub(crate) fm: std::sync::Arc<FrontMatter>,
    /// What the page is. Structure, at creation, final: never written again.
    pub(crate) kind: Kind,
    /// Site-absolute pretty URL, `/a/b/`. Structure, at creation.
    pub(crate) url: String,
    /// The section the page is in (`None` only for the home page). Structure.
    pub(crate) parent: Option<PageId>,
    /// A section's pages, in order. Structure.
    pub(crate) pages: Vec<PageId>,
    /// A section's subsections, in order. Structure.
    pub(crate) subsections: Vec<PageId>,
    /// Headings, words and anchors of the body. The analysis step (markdown's first
    /// pass); empty for a generated page.
    pub(crate) analysis: std::sync::Arc<Analysis>,
    /// (taxonomy, term) pairs this page is tagged with. Structure (taxonomies).
    pub(crate) terms: Vec<(TaxonomyId, TermId)>,
    /// (path, position) for each training path this page is a module of. Training
    /// paths (`resolve::paths_and_quizzes`, after the analysis step: a path adds up
    /// its modules' reading times).
    pub(crate) memberships: Vec<(PathId, usize)>,
    /// Original link destination → final relative URL. Links (`resolve::links`).
    pub(crate) links: std::sync::Arc<HashMap<String, String>>,
    /// The body's HTML and what rendering it found. The markdown render (markdown's
    /// second pass, which reads `links`); empty for a generated page.
    pub(crate) rendered: std::sync::Arc<Rendered>,
    /// The decision tree the page names, compiled in the page's language, when it
    /// and its links are valid. Decision trees (`resolve::trees`), final.
    pub(crate) tree: Option<CompiledTree>,
    /// Element ids besides heading ids that links may target (decision-tree nodes).
    /// Decision trees (`resolve::trees`).
    pub(crate) extra_anchors: Vec<String>,
}

impl Page {
    /// A page as resolve's structure makes it: what it is, where, and its front
    /// matter; every field later steps fill is empty. An authored page then gets its
    /// source (`rel`, `text`, `body_offset`).
    pub(crate) fn new(kind: Kind, url: String, display: String, fm: std::sync::Arc<FrontMatter>) -> Page {
        Page {
            rel: None,
            display,
            text: std::sync::Arc::from(""),
            body_offset: 0,
            fm,
            kind,
            url,
            parent: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            analysis: std::sync::Arc::default(),
            terms: Vec::new(),
            memberships: Vec::new(),
            links: std::sync::Arc::default(),
            rendered: std::sync::Arc::default(),
            tree: None,
            extra_anchors: Vec::new(),
        }
    }

    pub(crate) fn language<'a>(&'a self, config: &'a SiteConfig) -> &'a str {
        self.fm.language.as_deref().unwrap_or(&config.language)
    }

    /// Minutes to read the page (words and CJK characters at their rates: see
    /// [`crate::body::Analysis::reading_minutes`]).
    pub(crate) fn reading_minutes(&self) -> u32 {
        self.analysis.reading_minutes()
    }

    /// Minutes the page's exercises take beyond reading: `exercise_minutes` as
    /// written, else a minute per knowledge-check question.
    pub(crate) fn exercise_minutes(&self) -> u32 {
        self.fm.exercise_minutes.unwrap_or(self.fm.quiz.len() as u32)
    }

    /// The page's time: reading plus exercises. What the page shows and what a
    /// training path adds up.
    pub(crate) fn minutes(&self) -> u32 {
        self.reading_minutes() + self.exercise_minutes()
    }
}

/// A page's decision tree as the `tree` engine compiled it, in the page's language.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct CompiledTree {
    /// The tree as HTML (one section per node), shown in the page's body.
    pub(crate) html: String,
    /// The flowchart of the whole tree, written beside the page as `tree.svg`.
    pub(crate) svg: String,
    /// The tree's title as its HTML heading shows it (plain text), for the table of
    /// contents.
    pub(crate) title: String,
}

#[derive(Debug, Default, Hash)]
pub(crate) struct Taxonomy {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) page: PageId,
    pub(crate) terms: Vec<Term>,
}

#[derive(Debug, Default, Hash)]
pub(crate) struct Term {
    /// URL id, e.g. `un-women`.
    pub(crate) id: String,
    /// Display name (the term page's title, or the name as first written).
    pub(crate) name: String,
    pub(crate) page: PageId,
    /// Pages tagged with the term, in site order.
    pub(crate) tagged: Vec<PageId>,
}

#[derive(Debug, Default, Hash)]
pub(crate) struct GlossaryEntry {
    pub(crate) id: String,
    pub(crate) page: PageId,
    pub(crate) term: String,
    pub(crate) definition: String,
    pub(crate) aliases: Vec<String>,
    /// Pages that mention the term, in site order. Filled last, once every page's
    /// markdown is rendered (`resolve::glossary_usage`).
    pub(crate) used_on: Vec<PageId>,
}

#[derive(Debug, Default, Hash)]
pub struct TrainingPath {
    pub(crate) id: String,
    pub(crate) page: PageId,
    pub(crate) modules: Vec<PageId>,
    pub(crate) minutes: u32,
}

/// The resolved site. Resolve's structure fills it, except `paths` (training paths,
/// once pages are analyzed), each glossary entry's `used_on` (after the markdown
/// render), and `prefix` and `fallback` (`i18n::localize`, right after the structure).
#[derive(Default)]
pub struct Site {
    pub(crate) pages: Vec<Page>,
    pub(crate) by_rel: HashMap<String, PageId>,
    pub(crate) by_url: HashMap<String, PageId>,
    pub(crate) taxonomies: Vec<Taxonomy>,
    pub(crate) glossary: Vec<GlossaryEntry>,
    pub(crate) paths: Vec<TrainingPath>,
    /// Page → the glossary entry it is the page of: kept by [`Site::add_entry`], read
    /// through [`Site::entry_of`].
    pub(crate) entry_pages: HashMap<PageId, GlossaryId>,
    /// Page → the training path it is the page of: kept by [`Site::add_path`], read
    /// through [`Site::path_of`].
    pub(crate) path_pages: HashMap<PageId, PathId>,
    /// Page → the taxonomy term it is the page of: kept by [`Site::index_terms`], read
    /// through [`Site::term_of`].
    pub(crate) term_pages: HashMap<PageId, (TaxonomyId, TermId)>,
    /// Top-level sections, in order: the main navigation.
    pub(crate) menu: Vec<PageId>,
    pub(crate) home: PageId,
    /// Content paths of drafts left out of this build (for clear link errors).
    pub(crate) drafts: std::collections::HashSet<String>,
    /// The language's URL prefix: `""` for the default language, `zh/` for another.
    pub(crate) prefix: String,
    /// For a language other than the default: the default language's site, where links
    /// to pages without a translation lead (see `crate::i18n`).
    pub(crate) fallback: Option<std::sync::Arc<Site>>,
}

impl Site {
    /// Add a glossary entry (the next in the glossary's order) and note its page.
    pub(crate) fn add_entry(&mut self, entry: GlossaryEntry) -> GlossaryId {
        let id = GlossaryId::new(self.glossary.len());
        self.entry_pages.insert(entry.page, id);
        self.glossary.push(entry);
        id
    }

    /// Add a training path (the next in reading order) and note its page.
    pub(crate) fn add_path(&mut self, path: TrainingPath) -> PathId {
        let id = PathId::new(self.paths.len());
        self.path_pages.insert(path.page, id);
        self.paths.push(path);
        id
    }

    /// Note each taxonomy term's page, once the terms are in their final order (their
    /// ids are their places). A term whose page could not be made (its URL was taken:
    /// an error) has no page of its own kind, and is noted for none.
    pub(crate) fn index_terms(&mut self) {
        self.term_pages.clear();
        for (ti, tax) in TaxonomyId::each(&self.taxonomies) {
            for (k, term) in TermId::each(&tax.terms) {
                if self.pages.get(term.page.index()).is_some_and(|p| p.kind == Kind::TaxonomyTerm(ti)) {
                    self.term_pages.insert(term.page, (ti, k));
                }
            }
        }
    }

    /// The glossary entry page `i` is the page of.
    pub(crate) fn entry_of(&self, i: PageId) -> Option<GlossaryId> {
        self.entry_pages.get(&i).copied()
    }

    /// The training path page `i` is the page of.
    pub(crate) fn path_of(&self, i: PageId) -> Option<PathId> {
        self.path_pages.get(&i).copied()
    }

    /// The taxonomy term page `i` is the page of.
    pub(crate) fn term_of(&self, i: PageId) -> Option<(TaxonomyId, TermId)> {
        self.term_pages.get(&i).copied()
    }

    /// Every page's id, in page order.
    pub(crate) fn ids(&self) -> impl Iterator<Item = PageId> {
        (0..self.pages.len()).map(PageId)
    }

    /// All pages in reading order: depth-first through the section tree, then any page
    /// the tree does not reach, by index.
    pub(crate) fn reading_order(&self) -> Vec<PageId> {
        let site = self;
        let mut out = Vec::with_capacity(site.pages.len());
        let mut seen = vec![false; site.pages.len()];
        let mut stack = vec![site.home];
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i.0], true) {
                continue;
            }
            out.push(i);
            let p = &site.pages[i];
            for &c in p.subsections.iter().rev() {
                stack.push(c);
            }
            for &c in p.pages.iter().rev() {
                stack.push(c);
            }
        }
        for (i, s) in seen.iter().enumerate() {
            if !s {
                out.push(PageId(i));
            }
        }
        out
    }
}
