//! The memoized steps of a build: each is a plain function of one input struct, and
//! the struct, hashed, is its key in the incremental layer (`super::incremental`).
//! Whatever a step reads is a field of its input: add an input to a step and it is in
//! the key, since a step (a `fn`, not a closure) can read nothing else.
//!
//! Large values travel as [`Fingerprinted`], and a fingerprint is derived, never
//! listed by hand: a source text by the hash the layer took of it, a value a step made
//! (a page's analysis, its link map, the glossary's matcher) by the key of that step,
//! any other value by its own derived hash, taken once per build (the link-target
//! index `resolve::LinkTargets`, which is everything link checks read of the site; the
//! glossary's term links). Small values are fields hashed as they are (the
//! highlighter hashes as what it is made of). So a step's key holds all it reads: a
//! step that reads more must take it in its input, and its input hashes it.

use super::incremental::{Fingerprinted, LinkResult, ParsedFrontMatter};
use crate::front_matter;
use crate::glossary::Matcher;
use crate::highlight::Highlighter;
use crate::markdown::{self, Analysis, RenderContext, Rendered, TermLink};
use crate::model::PageId;
use crate::resolve::LinkTargets;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Arc;

/// Front matter of one file.
#[derive(Hash)]
pub(crate) struct Parse<'a> {
    pub(crate) display: &'a str,
    pub(crate) text: Fingerprinted<'a, str>,
    pub(crate) taxonomies: &'a [&'a str],
    /// `[front_matter] keep`: unknown keys kept under `extra`.
    pub(crate) keep: &'a [&'a str],
}

pub(crate) fn parse(i: &Parse) -> ParsedFrontMatter {
    let split = front_matter::split(i.display, i.text.value).map_err(|d| vec![d])?;
    let fm = front_matter::parse_keeping(i.display, i.text.value, &split, i.taxonomies, i.keep)?;
    Ok((split.body_offset, Arc::new(fm)))
}

/// Headings, links and words of one page body.
#[derive(Hash)]
pub(crate) struct Analyze<'a> {
    pub(crate) text: Fingerprinted<'a, str>,
    pub(crate) body_offset: usize,
    pub(crate) syntax: markdown::Syntax,
    /// `[markdown] containers`.
    pub(crate) containers: bool,
}

pub(crate) fn analyze(i: &Analyze) -> Arc<Analysis> {
    let body = i.text.value.get(i.body_offset..).unwrap_or("");
    Arc::new(markdown::analyze(body, markdown::options(&i.syntax), i.containers))
}

/// One page's links, checked and rewritten.
#[derive(Hash)]
pub(crate) struct Links<'a> {
    /// Everything link checks read of the site (each page's path, URL and anchors, the
    /// glossary, drafts, static files, the default language's site), by its own hash.
    pub(crate) targets: Fingerprinted<'a, LinkTargets<'a>>,
    /// The page, in `targets`; below, its own inputs.
    pub(crate) page: PageId,
    /// The page body's analysis (its links), by the key of the analysis step.
    pub(crate) analysis: Fingerprinted<'a, Analysis>,
    /// The page's source (diagnostics quote it).
    pub(crate) text: Fingerprinted<'a, str>,
    pub(crate) body_offset: usize,
}

pub(crate) fn links(i: &Links) -> Arc<LinkResult> {
    let body = (i.text.value, i.body_offset);
    let (map, d) = crate::resolve::links(i.targets.value, i.page, body, &i.analysis.value.links);
    Arc::new((Arc::new(map), d))
}

/// The glossary's names: each entry's term and aliases, in the glossary's order.
#[derive(Hash)]
pub(crate) struct GlossaryNames<'a> {
    pub(crate) names: &'a [Vec<String>],
}

/// The matcher of the glossary's names in page texts.
pub(crate) fn matcher(i: &GlossaryNames) -> Arc<Matcher> {
    Arc::new(Matcher::new(i.names))
}

/// One page body rendered to HTML.
#[derive(Hash)]
pub(crate) struct Render<'a> {
    pub(crate) text: Fingerprinted<'a, str>,
    pub(crate) body_offset: usize,
    pub(crate) url: &'a str,
    pub(crate) syntax: markdown::Syntax,
    pub(crate) heading_anchors: bool,
    pub(crate) safe: bool,
    /// The page body's analysis (its headings), by the key of the analysis step.
    pub(crate) analysis: Fingerprinted<'a, Analysis>,
    /// By the key of the links step that made it.
    pub(crate) links: Fingerprinted<'a, HashMap<String, String>>,
    /// The glossary's matcher, by the key of the step that made it from the names.
    pub(crate) matcher: Fingerprinted<'a, Matcher>,
    /// Each glossary entry's link, by the list's own hash.
    pub(crate) terms: Fingerprinted<'a, [TermLink<'a>]>,
    pub(crate) own_term: Option<usize>,
    pub(crate) autolink: bool,
    /// (the page's language, the site's default language)
    pub(crate) languages: (&'a str, &'a str),
    /// The callouts' titles in the page's language.
    pub(crate) callouts: [&'a str; 5],
    /// `[markdown] containers`.
    pub(crate) containers: bool,
    /// Hashed as what it is made of (its syntax set: see `Highlighter`'s `Hash`).
    pub(crate) highlighter: &'a Highlighter,
}

pub(crate) fn render(i: &Render) -> Arc<Rendered> {
    let cx = RenderContext {
        opts: markdown::options(&i.syntax),
        heading_anchors: i.heading_anchors,
        page_url: i.url,
        highlighter: i.highlighter,
        headings: &i.analysis.value.headings,
        links: i.links.value,
        glossary: Some(i.matcher.value),
        terms: i.terms.value,
        own_term: i.own_term,
        autolink: i.autolink,
        safe: i.safe,
        lang: crate::lang::Marker::new(i.languages.0, i.languages.1),
        callouts: i.callouts,
        containers: i.containers,
    };
    Arc::new(markdown::render(i.text.value.get(i.body_offset..).unwrap_or(""), &cx))
}

/// Every path the build writes, with who writes it.
#[derive(Hash)]
pub(crate) struct OutputSpace<'a> {
    pub(crate) claims: &'a [crate::model::Claim],
}

pub(crate) fn output_space(i: &OutputSpace) -> Arc<Vec<crate::diagnostics::Diagnostic>> {
    Arc::new(crate::resolve::check_output_space(i.claims))
}

/// site.toml's `[markdown]` switches as the markdown engine's syntax.
pub(crate) fn syntax(c: &crate::config::MarkdownOptions) -> markdown::Syntax {
    markdown::Syntax {
        tables: c.tables,
        footnotes: c.footnotes,
        strikethrough: c.strikethrough,
        task_lists: c.task_lists,
        smart_punctuation: c.smart_punctuation,
        alerts: c.alerts,
    }
}
