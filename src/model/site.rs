//! The model: the nouns of a built site and nothing else (no IO, no rendering).
//!
//! `resolve` fills it from parsed documents; `render` reads it. Pages are kept in one
//! vector and refer to each other by [`PageId`] (their place in it), so lookups are
//! O(1), there is no shared ownership to untangle, and a page's number is never taken
//! for another's (a taxonomy's, a term's, a path's). Each page's [`Kind`] is given
//! once by `resolve`, final, with the number it carries.

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
    GlossaryTerm(GlossaryId),
    TaxonomyList(TaxonomyId),
    TaxonomyTerm(TaxonomyId, TermId),
    TrainingPath(PathId),
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
            Kind::GlossaryTerm(_) => "glossary_term",
            Kind::TaxonomyList(_) => "taxonomy_list",
            Kind::TaxonomyTerm(..) => "taxonomy_term",
            Kind::TrainingPath(_) => "path",
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
            Kind::GlossaryTerm(_) => "glossary_term.html",
            Kind::TaxonomyList(_) => "taxonomy_list.html",
            Kind::TaxonomyTerm(..) => "taxonomy_term.html",
            Kind::TrainingPath(_) => "path.html",
            Kind::Search => "search.html",
            Kind::NotFound => "404.html",
        }
    }

    pub(crate) fn is_listing(&self) -> bool {
        matches!(self, Kind::Home | Kind::Section | Kind::GlossaryIndex | Kind::TrainingPath(_))
    }
}

/// One output page: authored (with a source file) or generated.
#[derive(Debug, Default)]
pub(crate) struct Page {
    /// Path relative to content/, `None` for generated pages.
    pub(crate) rel: Option<String>,
    /// Display path for diagnostics (`content/a.md`).
    pub(crate) display: String,
    pub(crate) text: std::sync::Arc<str>,
    pub(crate) body_offset: usize,
    pub(crate) fm: std::sync::Arc<FrontMatter>,
    pub(crate) kind: Option<Kind>,
    /// Site-absolute pretty URL, `/a/b/`.
    pub(crate) url: String,
    pub(crate) parent: Option<PageId>,
    pub(crate) pages: Vec<PageId>,
    pub(crate) subsections: Vec<PageId>,
    pub(crate) analysis: std::sync::Arc<Analysis>,
    /// (taxonomy, term) pairs this page is tagged with.
    pub(crate) terms: Vec<(TaxonomyId, TermId)>,
    /// (path, position) for each training path this page is a module of.
    pub(crate) memberships: Vec<(PathId, usize)>,
    /// Original link destination → final relative URL.
    pub(crate) links: std::sync::Arc<HashMap<String, String>>,
    pub(crate) rendered: std::sync::Arc<Rendered>,
    /// Compiled decision tree (HTML and SVG), if the page names one.
    pub(crate) tree_html: Option<String>,
    pub(crate) tree_svg: Option<String>,
    /// Element ids besides heading ids that links may target (decision-tree nodes).
    pub(crate) extra_anchors: Vec<String>,
}

impl Page {
    pub(crate) fn kind(&self) -> Kind {
        self.kind.unwrap_or(Kind::Page)
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
    /// Pages that mention the term, in site order.
    pub(crate) used_on: Vec<PageId>,
}

#[derive(Debug, Default, Hash)]
pub struct TrainingPath {
    pub(crate) id: String,
    pub(crate) page: PageId,
    pub(crate) modules: Vec<PageId>,
    pub(crate) minutes: u32,
}

/// The resolved site.
#[derive(Default)]
pub struct Site {
    pub(crate) pages: Vec<Page>,
    pub(crate) by_rel: HashMap<String, PageId>,
    pub(crate) by_url: HashMap<String, PageId>,
    pub(crate) taxonomies: Vec<Taxonomy>,
    pub(crate) glossary: Vec<GlossaryEntry>,

    pub(crate) paths: Vec<TrainingPath>,
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
