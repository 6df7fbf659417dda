//! The views templates see: plain structs serialized into the Tera context.

use crate::model::PageId;
use serde::Serialize;
/// A link to a page in a view: borrowed from the site (views are built for every page
/// on every build, so they copy no strings).
#[derive(Serialize, Clone)]
pub(super) struct Ref<'a> {
    pub(super) title: &'a str,
    /// Owned only when a query is added (`?path=` on training-path links).
    pub(super) path: std::borrow::Cow<'a, str>,
    pub(super) description: &'a str,
    pub(super) minutes: u32,
    /// The page's language when it differs from the site's (for `lang` on the link).
    pub(super) lang: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) language: &'a str,
    pub(super) base_url: Option<String>,
    pub(super) menu: Vec<Ref<'a>>,
    pub(super) taxonomies: Vec<Ref<'a>>,
    pub(super) search: bool,
    /// `[offline] download`: the footer links to `offline.zip`.
    pub(super) offline_download: bool,
    /// The glossary index's path, when the site has one (search points to it).
    pub(super) glossary: Option<&'a str>,
    /// `[brand] logo`: the image's path from the site's root, and its text alternative.
    pub(super) logo: Option<&'a str>,
    pub(super) logo_alt: &'a str,
    /// `[brand] accent` and `accent_dark` as a stylesheet for `<head>`, or empty.
    pub(super) accent_css: String,
    pub(super) extra: &'a toml::Table,
}

/// The home page's hero (`[home]` in site.toml): the primary button's page, the other
/// buttons' pages, and the training paths for the script's "Continue" button.
#[derive(Serialize)]
pub(super) struct HeroView<'a> {
    pub(super) start: Option<Ref<'a>>,
    pub(super) links: Vec<Ref<'a>>,
    /// JSON: `[{id, title, path, modules: [page path, …]}]`, paths from the site's root.
    pub(super) paths: String,
}

#[derive(Serialize)]
pub(super) struct TagGroup<'a> {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) terms: Vec<Ref<'a>>,
}

#[derive(Serialize)]
pub(super) struct PathNav<'a> {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) path: String,
    pub(super) index: usize,
    pub(super) total: usize,
    pub(super) percent: usize,
    /// The path's modules (their paths, without `?path=`): the bar counts those done.
    pub(super) modules: Vec<&'a str>,
    /// The path's modules as links (with `?path=`), for the list in the path box.
    pub(super) list: Vec<Ref<'a>>,
    pub(super) prev: Option<Ref<'a>>,
    pub(super) next: Option<Ref<'a>>,
}

#[derive(Serialize)]
pub(super) struct QuizOption {
    pub(super) id: String,
    pub(super) text: String,
    pub(super) correct: bool,
}

#[derive(Serialize)]
pub(super) struct QuizView {
    pub(super) id: String,
    pub(super) question: String,
    pub(super) options: Vec<QuizOption>,
    pub(super) answer: String,
    pub(super) explanation: String,
}

#[derive(Serialize)]
pub(super) struct TermView<'a> {
    pub(super) term: String,
    pub(super) definition: String,
    pub(super) aliases: Vec<String>,
    pub(super) source: Option<String>,
    pub(super) related: Vec<Ref<'a>>,
    /// The pages that use the term by section, other glossary entries apart.
    pub(super) used_on: Vec<TermGroup<'a>>,
    pub(super) used_on_glossary: Vec<GroupItem<'a>>,
    pub(super) used_on_count: usize,
}

#[derive(Serialize)]
pub(super) struct Letter {
    pub(super) letter: String,
    pub(super) id: String,
    pub(super) terms: Vec<GlossaryItem>,
}

#[derive(Serialize)]
pub(super) struct GlossaryItem {
    pub(super) title: String,
    pub(super) path: String,
    pub(super) definition: String,
}

#[derive(Serialize, Clone)]
pub(super) struct TermRef {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) path: String,
    pub(super) description: String,
    pub(super) count: usize,
    pub(super) number: Option<i64>,
    pub(super) colour: Option<String>,
    pub(super) text_colour: Option<String>,
}

#[derive(Serialize)]
pub(super) struct MatrixRow {
    pub(super) title: String,
    pub(super) path: String,
    pub(super) cells: Vec<bool>,
}

#[derive(Serialize)]
pub(super) struct Matrix {
    pub(super) title: String,
    pub(super) columns: Vec<TermRef>,
    pub(super) rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
pub(super) struct TaxonomyView {
    pub(super) name: String,
    pub(super) title: String,
    pub(super) grid: bool,
    pub(super) terms: Vec<TermRef>,
    pub(super) matrix: Option<Matrix>,
}

#[derive(Serialize)]
pub(super) struct TermGroup<'a> {
    pub(super) title: String,
    pub(super) pages: Vec<GroupItem<'a>>,
}

/// A page in a list grouped by section.
#[derive(Serialize)]
pub(super) struct GroupItem<'a> {
    #[serde(flatten)]
    pub(super) page: Ref<'a>,
    /// The section's title, when another listed page has the same title.
    pub(super) section: Option<&'a str>,
}

#[derive(Serialize)]
pub(super) struct Module {
    pub(super) index: usize,
    pub(super) title: String,
    pub(super) path: String,
    pub(super) description: String,
    pub(super) minutes: u32,
    /// The module has a knowledge check (its result shows on the overview).
    pub(super) quiz: bool,
}

#[derive(Serialize)]
pub(super) struct TrainingView {
    pub(super) id: String,
    pub(super) objectives: Vec<String>,
    pub(super) minutes: u32,
    pub(super) modules: Vec<Module>,
    /// The whole path as one document to print (`print/`, see `print.rs`), when made.
    pub(super) print: Option<String>,
}

/// One entry of the navigation tree (the section tree, see [`Reading`]).
#[derive(Serialize)]
pub(super) struct NavItem<'a> {
    pub(super) title: &'a str,
    pub(super) path: &'a str,
    /// This page (`aria-current="page"`).
    pub(super) current: bool,
    /// On the way to this page: its group is open.
    pub(super) open: bool,
    /// The page's language when it differs from the site's.
    pub(super) lang: Option<&'a str>,
    /// A section: its pages and sub-sections, listed when the group is open or small
    /// (see [`NAV_CLOSED_LIMIT`]); a section with none listed is a plain link.
    pub(super) section: bool,
    /// Not serialized: templates get the tree's markup ([`super::nav::nav_html`]), or
    /// a site's `partials/nav.html` the whole tree ([`WholeNavItem`]).
    #[serde(skip)]
    pub(super) children: Vec<NavItem<'a>>,
}

/// A navigation entry with its whole subtree, for a site's own `partials/nav.html`
/// (the theme's pages get the tree's markup and only the top entries instead).
pub(super) struct WholeNavItem<'b, 'a>(pub(super) &'b NavItem<'a>);

impl Serialize for WholeNavItem<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let n = self.0;
        let mut m = s.serialize_struct("NavItem", 7)?;
        m.serialize_field("title", n.title)?;
        m.serialize_field("path", n.path)?;
        m.serialize_field("current", &n.current)?;
        m.serialize_field("open", &n.open)?;
        m.serialize_field("lang", &n.lang)?;
        m.serialize_field("section", &n.section)?;
        m.serialize_field("children", &n.children.iter().map(WholeNavItem).collect::<Vec<_>>())?;
        m.end()
    }
}

/// An entry of "On this page": a heading, the decision tree or the knowledge check.
#[derive(Serialize)]
pub(super) struct TocEntry<'a> {
    pub(super) level: u8,
    pub(super) id: std::borrow::Cow<'a, str>,
    pub(super) title: std::borrow::Cow<'a, str>,
    /// `heading`, `tree` or `quiz`.
    pub(super) kind: &'static str,
}

/// Closed groups of the navigation list their entries only up to this many, so every
/// page stays small on large sites; the group of the current page lists them all.
pub(super) const NAV_CLOSED_LIMIT: usize = 60;

/// Computed once per build for every page: the reading order (the section tree, depth
/// first: a section, its pages, then its sub-sections) and the sections' entries.
pub(crate) struct Reading {
    /// Per page: the previous and next page in reading order.
    pub(super) neighbours: Vec<(Option<PageId>, Option<PageId>)>,
    /// Per page: the pages and sub-sections the navigation lists under it.
    pub(super) children: Vec<Vec<PageId>>,
}

#[derive(Serialize)]
pub(super) struct PageView<'a> {
    pub(super) title: &'a str,
    pub(super) description: &'a str,
    pub(super) kind: &'static str,
    pub(super) path: String,
    pub(super) language: &'a str,
    pub(super) content: &'a str,
    pub(super) summary: &'a str,
    pub(super) toc: Vec<TocEntry<'a>>,
    pub(super) words: usize,
    /// Reading plus exercises (what a path adds up).
    pub(super) minutes: u32,
    pub(super) reading_minutes: u32,
    pub(super) exercise_minutes: u32,
    /// Percentage of right answers that passes the page's knowledge check.
    pub(super) pass_mark: u8,
    pub(super) date: Option<&'a str>,
    /// `date` written the language's way (the theme string `date_format`).
    pub(super) date_display: Option<String>,
    /// `updated` from the front matter, and written the language's way.
    pub(super) updated: Option<&'a str>,
    pub(super) updated_display: Option<String>,
    /// Where to edit the page's source (`[repository] edit_url` + its path).
    pub(super) edit_url: Option<String>,
    pub(super) extra: &'a serde_json::Value,
    pub(super) canonical: Option<String>,
    pub(super) breadcrumbs: Vec<Ref<'a>>,
    pub(super) pages: Vec<Ref<'a>>,
    pub(super) subsections: Vec<Ref<'a>>,
    pub(super) tags: Vec<TagGroup<'a>>,
    pub(super) section: Option<Ref<'a>>,
    /// The previous and next page in reading order (the section tree).
    pub(super) prev: Option<Ref<'a>>,
    pub(super) next: Option<Ref<'a>>,
    /// The navigation tree: the top-level sections, the current page's branch open.
    /// Templates see the top-level entries (their `children` are not serialized);
    /// the whole tree's markup is `nav_html`.
    pub(super) nav: Vec<NavItem<'a>>,
    /// The navigation tree as HTML, written by primer ([`super::nav::nav_html`]): on a large site
    /// it is hundreds of links on every page, which a template loop made the most
    /// expensive part of a build (half the CPU time of the 1,000-page corpus).
    pub(super) nav_html: String,
    /// The site's language when the page's differs: the theme's own words
    /// (navigation, labels, footer) are in it and carry `lang`.
    pub(super) chrome_lang: Option<&'a str>,
    pub(super) paths: Vec<PathNav<'a>>,
    pub(super) quiz: Vec<QuizView>,
    pub(super) tree_html: Option<&'a str>,
    pub(super) tree_svg: bool,
    pub(super) has_code: bool,
    /// A callout is on the page: load `callouts.css`.
    pub(super) has_callouts: bool,
    /// Tabs, steps or cards are on the page: load `containers.css`.
    pub(super) has_containers: bool,
    /// Tabs are on the page: load `tabs.js`.
    pub(super) has_tabs: bool,
    /// The page has a course part (a knowledge check, a path overview, a checklist, the
    /// glossary filter): it loads course.js and course.css.
    pub(super) course: bool,
    /// `rtl` or `ltr`; unset on a single-language site written left to right.
    pub(super) dir: Option<&'static str>,
    /// The page in every language of the site (empty on a single-language site): for
    /// `<link rel="alternate" hreflang>` and the language switcher.
    pub(super) translations: Vec<crate::model::AlternateView>,
    pub(super) glossary: Option<TermView<'a>>,
    pub(super) letters: Vec<Letter>,
    pub(super) taxonomy: Option<TaxonomyView>,
    pub(super) term_groups: Vec<TermGroup<'a>>,
    pub(super) training: Option<TrainingView>,
    /// On the search page: the terms of each closed taxonomy in the site's order (SDGs
    /// by number), as JSON, so its filters list them so rather than alphabetically.
    pub(super) filter_order: String,
    /// On the home page: the hero's buttons.
    pub(super) hero: Option<HeroView<'a>>,
}
