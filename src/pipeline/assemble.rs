//! The sites of one build, one per language: parse every file's front matter, split
//! the documents by language, then for each language resolve the site, check every
//! page's links and render every page's markdown (each step memoized by the
//! incremental layer through `super::steps`).

use super::incremental as cache;
use super::incremental::BuildCache;
use super::incremental::{Made, TextKeys};
use super::progress;
use super::steps;
use super::BuildOptions;
use super::Progress;
use super::Timer;
use crate::body::Analysis;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::highlight::Highlighter;
use crate::markdown;
use crate::markdown::TermLink;
use crate::model::Doc;
use crate::model::Site;
use crate::model::SourceSet;
use crate::resolve;
use rayon::prelude::*;
use std::sync::Arc;

/// The site's languages with their configurations and theme strings.
pub(crate) struct Languages {
    pub(crate) list: Vec<crate::i18n::Language>,
    /// Per language: site.toml with the language's code, title and description.
    pub(crate) configs: Vec<SiteConfig>,
    pub(crate) strings: Vec<crate::i18n::strings::Table>,
}

impl Languages {
    pub(super) fn new(config: &SiteConfig, sources: &SourceSet, diags: &mut Vec<Diagnostic>) -> Self {
        let list = crate::i18n::languages(config);
        let codes: Vec<&str> = list.iter().map(|l| l.code.as_str()).collect();
        let strings = crate::i18n::strings::tables(&sources.strings, &codes, diags);
        let configs = list
            .iter()
            .map(|l| {
                let mut c = config.clone();
                if !l.default {
                    c.language = l.code.clone();
                    c.title = l.title.clone();
                    c.description = l.description.clone();
                }
                c
            })
            .collect();
        Languages { list, configs, strings }
    }
}

/// Per page: its body's analysis with the analysis step's key (none for a generated
/// page, which has no body).
type Analyses = Vec<Option<Made<Arc<Analysis>>>>;

/// Per page: its checked links and their diagnostics, with the links step's key (none
/// for a generated page).
type CheckedLinks = Vec<Option<Made<Arc<cache::LinkResult>>>>;

/// What assembling the sites reads besides the documents: the settings, the
/// languages, the sources, the options, the highlighter and the incremental layer.
pub(super) struct Context<'a> {
    pub(super) config: &'a SiteConfig,
    pub(super) langs: &'a Languages,
    pub(super) sources: &'a SourceSet,
    pub(super) opts: &'a BuildOptions,
    pub(super) highlighter: &'a Highlighter,
    pub(super) cache: &'a BuildCache,
}

/// Parse, split by language, and for each language resolve and render markdown:
/// everything up to templates. The default language's site comes first.
pub(super) fn assemble(
    cx: &Context,
    diags: &mut Vec<Diagnostic>,
    t: &mut Timer,
) -> Vec<(crate::model::LangId, std::sync::Arc<Site>)> {
    let (config, sources) = (cx.config, cx.sources);
    progress(cx.opts, "parsing front matter", 0);
    let (mut docs, mut drafts) = parse_docs(config, sources, cx.opts.drafts, cx.cache, diags);
    let present: Vec<&str> = sources.markdown.iter().map(|f| f.rel.as_str()).collect();
    let implicit = resolve::implicit_sections(config, &docs, &present);
    docs.extend(implicit);
    let split = crate::i18n::split(config, docs, &mut drafts, diags);
    crate::i18n::check_data_translations(config, sources, diags);
    t.lap("parse");
    let mut sites: Vec<(crate::model::LangId, std::sync::Arc<Site>)> = Vec::new();
    for (li, (_, docs)) in split.into_iter().enumerate() {
        let li = crate::model::LangId::new(li);
        let fallback = sites.first().map(|(_, s)| s.clone());
        let lconfig = match &fallback {
            Some(d) => crate::i18n::vocabulary(&cx.langs.configs[li], d),
            None => cx.langs.configs[li].clone(),
        };
        let site = assemble_one(cx, (li, &lconfig), fallback, (docs, drafts.clone()), diags, t);
        sites.push((li, std::sync::Arc::new(site)));
    }
    sites
}

/// One language's site (see [`assemble`]): `li` and `config`, the language and its
/// settings; `fallback`, the default language's site (for a translation).
pub(super) fn assemble_one(
    cx: &Context,
    (li, config): (crate::model::LangId, &SiteConfig),
    fallback: Option<std::sync::Arc<Site>>,
    (docs, drafts): (Vec<Doc>, Vec<String>),
    diags: &mut Vec<Diagnostic>,
    t: &mut Timer,
) -> Site {
    let (lang, strings) = (&cx.langs.list[li], &cx.langs.strings[li]);
    // A translation's taxonomy terms follow the default language's order.
    let default_site = if lang.default { None } else { fallback.as_deref() };
    let mut site = resolve::structure(config, docs, drafts, default_site, diags);
    crate::i18n::localize(&mut site, lang, strings, fallback);
    resolve::related_terms(&site, diags);
    let syntax = steps::syntax(&config.markdown);
    let texts = cx.cache.text_keys(&cx.sources.markdown);
    let analyses: Analyses = site
        .pages
        .par_iter_mut()
        .map(|p| {
            p.rel.as_ref()?;
            let input = steps::Analyze {
                text: texts.of(&p.text),
                body_offset: p.body_offset,
                syntax,
                containers: config.markdown.containers,
            };
            let made = cx.cache.analysis(&input, steps::analyze);
            p.analysis = made.value().clone();
            Some(made)
        })
        .collect();
    resolve::paths_and_quizzes(&mut site, diags);
    resolve::trees(&mut site, cx.sources, strings, lang.rtl, diags);
    t.lap("resolve");
    let links = check_links(cx, &site, (&texts, &analyses), diags);
    for (p, l) in site.pages.iter_mut().zip(&links) {
        if let Some(l) = l {
            p.links = l.value().0.clone();
        }
    }
    t.lap("links");
    let pr = progress(cx.opts, "rendering markdown", site.pages.len());
    let callouts = markdown::CALLOUT_KINDS.map(|k| strings.get(&format!("callout_{k}")).unwrap_or(""));
    render_markdown(cx, &mut site, config, callouts, (&texts, &analyses, &links), pr, diags);
    t.lap("markdown");
    site
}

/// Check every page's links: per page, its link map and diagnostics with the step's
/// key (none for a generated page, which has no body). A page's links depend on its
/// own text and on the link-target index of the site, so an edit that adds no page and
/// no heading reuses them all.
fn check_links(
    cx: &Context,
    site: &Site,
    (texts, analyses): (&TextKeys, &Analyses),
    diags: &mut Vec<Diagnostic>,
) -> CheckedLinks {
    let targets = resolve::LinkTargets::new(site, cx.sources.assets.iter().map(|a| a.out.as_str()));
    let targets = cx.cache.by_hash(&targets);
    let results: Vec<_> = site
        .pages
        .par_iter()
        .zip(analyses)
        .enumerate()
        .map(|(n, (p, analysis))| {
            let input = steps::Links {
                targets,
                page: crate::model::PageId::new(n),
                analysis: analysis.as_ref()?.carry(|a| &**a),
                text: texts.of(&p.text),
                body_offset: p.body_offset,
            };
            Some(cx.cache.links(&input, steps::links))
        })
        .collect();
    for r in results.iter().flatten() {
        diags.extend(r.value().1.iter().cloned());
    }
    results
}

/// Parsed documents, and the paths of the drafts left out.
pub(super) fn parse_docs(
    config: &SiteConfig,
    sources: &SourceSet,
    drafts: bool,
    cache: &BuildCache,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Doc>, Vec<String>) {
    let taxonomies: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let keep: Vec<&str> = config.front_matter.keep.iter().map(String::as_str).collect();
    let texts = cache.text_keys(&sources.markdown);
    let results: Vec<Result<Doc, Vec<Diagnostic>>> = sources
        .markdown
        .par_iter()
        .map(|f| {
            let display = format!("content/{}", f.rel);
            let input =
                steps::Parse { display: &display, text: texts.of(&f.text), taxonomies: &taxonomies, keep: &keep };
            let (body_offset, mut fm) = cache.front_matter(&input, steps::parse)?;
            // "Last updated" from git where the front matter does not say it.
            if let (None, Some(date)) = (&fm.updated, sources.commit_dates.get(&f.rel)) {
                std::sync::Arc::make_mut(&mut fm).updated = Some(date.clone());
            }
            Ok(Doc { rel: f.rel.clone(), text: f.text.clone(), body_offset, fm, source: None })
        })
        .collect();
    let mut docs = Vec::with_capacity(results.len());
    let mut left_out = Vec::new();
    for r in results {
        match r {
            Ok(d) if d.fm.draft && !drafts => left_out.push(d.rel),
            Ok(d) => docs.push(d),
            Err(d) => diags.extend(d),
        }
    }
    (docs, left_out)
}

/// `callouts`: the callouts' titles in this site's language; `texts`: the pages'
/// texts' keys; `analyses` and `links`: per page, what the analysis and links steps
/// made of it.
pub(super) fn render_markdown(
    cx: &Context,
    site: &mut Site,
    config: &SiteConfig,
    callouts: [&str; 5],
    (texts, analyses, links): (&TextKeys, &Analyses, &CheckedLinks),
    progress: Option<&Progress>,
    diags: &mut Vec<Diagnostic>,
) {
    let syntax = steps::syntax(&config.markdown);
    // Runs of Latin letters in a translation written in another script are marked
    // with the site's default language.
    let base_language = cx.langs.list[0].code.as_str();
    // The glossary's names and aliases, matched in every page's text.
    let names: Vec<Vec<String>> = site
        .glossary
        .iter()
        .map(|g| std::iter::once(g.term.clone()).chain(g.aliases.iter().cloned()).collect())
        .collect();
    let matcher = cx.cache.matcher(&steps::GlossaryNames { names: &names }, steps::matcher);
    // Site-absolute: each page makes relative only the links it inserts.
    let terms: Vec<TermLink> = site
        .glossary
        .iter()
        .map(|g| TermLink { url: &site.pages[g.page].url, id: &g.id, definition: &g.definition })
        .collect();
    let terms = cx.cache.by_hash(terms.as_slice());
    let glossary_on = config.glossary.autolink;
    let rendered: Vec<_> = site
        .pages
        .par_iter()
        .enumerate()
        .zip(analyses.par_iter().zip(links))
        .map(|((i, p), made)| {
            // A generated page has no body.
            let (Some(analysis), Some(links)) = made else {
                return Default::default();
            };
            // The markdown engine numbers entries as the glossary does.
            let own_term = site.entry_of(crate::model::PageId::new(i)).map(|e| e.index());
            let input = steps::Render {
                text: texts.of(&p.text),
                body_offset: p.body_offset,
                url: &p.url,
                syntax,
                heading_anchors: config.markdown.heading_anchors,
                safe: config.safe,
                analysis: analysis.carry(|a| &**a),
                links: links.carry(|l| &*l.0),
                matcher: matcher.carry(|m| &**m),
                terms,
                own_term,
                autolink: glossary_on && p.fm.glossary != Some(false),
                languages: (p.language(config), base_language),
                callouts,
                containers: config.markdown.containers,
                highlighter: cx.highlighter,
            };
            let r = cx.cache.markdown(&input, steps::render);
            if let Some(pr) = progress {
                pr.tick();
            }
            r
        })
        .collect();
    for (p, r) in site.pages.iter_mut().zip(rendered) {
        diags.extend(markdown::warnings(&p.display, &p.text, p.body_offset, &r));
        p.rendered = r;
    }
    resolve::glossary_usage(site, diags);
}
