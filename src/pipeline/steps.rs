//! The memoized steps of a build: each is a plain function of one input struct, and
//! the struct, hashed, is its key in the incremental layer (`super::incremental`).
//! Whatever a step reads is a field of its input: add an input to a step and it is in
//! the key, since a step (a `fn`, not a closure) can read nothing else.
//!
//! Large values travel as [`Fingerprinted`]: a source text by the hash the layer took of
//! it, the site by the parts of it that link checks read ([`super::links_fingerprint`]),
//! a page's link map by the key of the step that made it. Values that are the same for
//! every build of one process (the highlighter with its syntax and theme sets) carry
//! the fingerprint 0.

use super::incremental::{Fingerprinted, LinkResult, ParsedFrontMatter};
use crate::front_matter;
use crate::glossary::Matcher;
use crate::highlight::Highlighter;
use crate::markdown::{self, Analysis, Heading, RenderContext, Rendered, TermLink};
use crate::model::Site;
use std::collections::{HashMap, HashSet};
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
    /// pulldown-cmark's options, as bits.
    pub(crate) options: u32,
    /// `[markdown] containers`.
    pub(crate) containers: bool,
}

pub(crate) fn analyze(i: &Analyze) -> Arc<Analysis> {
    let body = i.text.value.get(i.body_offset..).unwrap_or("");
    Arc::new(markdown::analyze(body, pulldown_cmark::Options::from_bits_truncate(i.options), i.containers))
}

/// What a page's link checks read besides the page: every page's paths and anchors,
/// the glossary, drafts and static files.
pub(crate) struct LinkWorld<'a> {
    pub(crate) site: &'a Site,
    pub(crate) assets: &'a HashSet<&'a str>,
}

/// One page's links, checked and rewritten.
#[derive(Hash)]
pub(crate) struct Links<'a> {
    pub(crate) world: Fingerprinted<'a, LinkWorld<'a>>,
    /// The page's index in `world.site`, and below its own inputs.
    pub(crate) page: crate::model::PageId,
    pub(crate) rel: &'a Option<String>,
    pub(crate) url: &'a str,
    pub(crate) display: &'a str,
    pub(crate) body_offset: usize,
    pub(crate) text: Fingerprinted<'a, str>,
}

impl Hash for LinkWorld<'_> {
    /// Never hashed itself: it travels as a [`Fingerprinted`].
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

pub(crate) fn links(i: &Links) -> Arc<LinkResult> {
    let assets = |p: &str| i.world.value.assets.contains(p);
    let (map, d) = crate::resolve::links(i.world.value.site, i.page, &assets);
    Arc::new((Arc::new(map), d))
}

/// The glossary as the markdown step sees it: the matcher of its names and the link
/// of each entry.
pub(crate) struct Glossary<'a> {
    pub(crate) matcher: Option<&'a Matcher>,
    pub(crate) terms: &'a [TermLink<'a>],
}

/// One page body rendered to HTML.
#[derive(Hash)]
pub(crate) struct Render<'a> {
    pub(crate) text: Fingerprinted<'a, str>,
    pub(crate) body_offset: usize,
    pub(crate) url: &'a str,
    /// pulldown-cmark's options, as bits.
    pub(crate) options: u32,
    pub(crate) heading_anchors: bool,
    pub(crate) safe: bool,
    /// Derived from `text` and `options` (the analysis step).
    pub(crate) headings: Fingerprinted<'a, [Heading]>,
    /// Fingerprinted by the key of the links step that made it.
    pub(crate) links: Fingerprinted<'a, HashMap<String, String>>,
    /// Fingerprinted by every entry's URL, id, definition, term and aliases.
    pub(crate) glossary: Fingerprinted<'a, Glossary<'a>>,
    pub(crate) own_term: Option<usize>,
    pub(crate) autolink: bool,
    /// (the page's language, the site's default language)
    pub(crate) languages: (&'a str, &'a str),
    /// The callouts' titles in the page's language.
    pub(crate) callouts: [&'a str; 5],
    /// `[markdown] containers`.
    pub(crate) containers: bool,
    pub(crate) highlighter: Fingerprinted<'a, Highlighter>,
}

pub(crate) fn render(i: &Render) -> Arc<Rendered> {
    let cx = RenderContext {
        opts: pulldown_cmark::Options::from_bits_truncate(i.options),
        heading_anchors: i.heading_anchors,
        page_url: i.url,
        highlighter: i.highlighter.value,
        headings: i.headings.value,
        links: i.links.value,
        glossary: i.glossary.value.matcher,
        terms: i.glossary.value.terms,
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
