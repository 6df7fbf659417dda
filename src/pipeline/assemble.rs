//! The sites of one build, one per language: parse every file's front matter, split
//! the documents by language, then for each language resolve the site, check every
//! page's links and render every page's markdown (each step memoized by the
//! incremental layer through `super::steps`).

#[allow(unused_imports)]
use super::*;
use incremental::TextKeys;

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

/// Parse, split by language, and for each language resolve and render markdown:
/// everything up to templates. The default language's site comes first.
#[allow(clippy::too_many_arguments)] // one borrowed input per concern
pub(super) fn assemble(
    config: &SiteConfig,
    langs: &Languages,
    sources: &SourceSet,
    opts: &BuildOptions,
    highlighter: &Highlighter,
    cache: &BuildCache,
    diags: &mut Vec<Diagnostic>,
    t: &mut Timer,
) -> Vec<(crate::model::LangId, std::sync::Arc<Site>)> {
    progress(opts, "parsing front matter", 0);
    let (mut docs, mut drafts) = parse_docs(config, sources, opts.drafts, cache, diags);
    let present: Vec<&str> = sources.markdown.iter().map(|f| f.rel.as_str()).collect();
    let implicit = resolve::implicit_sections(config, &docs, &present);
    docs.extend(implicit);
    let split = crate::i18n::split(config, docs, &mut drafts, diags);
    crate::i18n::check_data_translations(config, sources, diags);
    t.lap("parse");
    let mut sites: Vec<(crate::model::LangId, std::sync::Arc<Site>)> = Vec::new();
    for (li, (lang, docs)) in split.into_iter().enumerate() {
        let li = crate::model::LangId::new(li);
        let fallback = sites.first().map(|(_, s)| s.clone());
        let lconfig = match &fallback {
            Some(d) => crate::i18n::vocabulary(&langs.configs[li], d),
            None => langs.configs[li].clone(),
        };
        let site = assemble_one(
            &lconfig,
            (&lang, &langs.strings[li], fallback, &langs.list[0].code),
            docs,
            drafts.clone(),
            sources,
            opts,
            highlighter,
            cache,
            diags,
            t,
        );
        sites.push((li, std::sync::Arc::new(site)));
    }
    sites
}

/// One language's site (see [`assemble`]).
#[allow(clippy::too_many_arguments)] // one borrowed input per concern
pub(super) fn assemble_one(
    config: &SiteConfig,
    (lang, strings, fallback, base_language): (
        &crate::i18n::Language,
        &crate::i18n::strings::Table,
        Option<std::sync::Arc<Site>>,
        &str,
    ),
    docs: Vec<Doc>,
    drafts: Vec<String>,
    sources: &SourceSet,
    opts: &BuildOptions,
    highlighter: &Highlighter,
    cache: &BuildCache,
    diags: &mut Vec<Diagnostic>,
    t: &mut Timer,
) -> Site {
    // A translation's taxonomy terms follow the default language's order.
    let default_site = if lang.default { None } else { fallback.as_deref() };
    let mut site = resolve::structure(config, docs, drafts, default_site, diags);
    crate::i18n::localize(&mut site, lang, strings, fallback);
    resolve::related_terms(&site, diags);
    let mopts = markdown::options(&config.markdown);
    let texts = cache.text_keys(&sources.markdown);
    site.pages.par_iter_mut().filter(|p| p.rel.is_some()).for_each(|p| {
        let input = steps::Analyze {
            text: texts.of(&p.text),
            body_offset: p.body_offset,
            options: mopts.bits(),
            containers: config.markdown.containers,
        };
        p.analysis = cache.analysis(&input, steps::analyze);
    });
    resolve::paths_and_quizzes(&mut site, diags);
    resolve::trees(&mut site, sources, strings, lang.rtl, diags);
    t.lap("resolve");
    let asset_set: HashSet<&str> = sources.assets.iter().map(|a| a.out.as_str()).collect();
    // A page's links depend on its own text and on every page's path, URL and anchors
    // (the fingerprint), so an edit that adds no page and no heading reuses them all.
    let world = steps::LinkWorld { site: &site, assets: &asset_set };
    let fingerprint = cache.fingerprint(|| {
        let fallback = site.fallback.as_deref().map(|f| links_fingerprint(f, sources, mopts.bits()));
        cache::key(&(links_fingerprint(&site, sources, mopts.bits()), fallback))
    });
    let results: Vec<_> = (0..site.pages.len())
        .into_par_iter()
        .map(crate::model::PageId::new)
        .map(|i| {
            let p = &site.pages[i];
            let input = steps::Links {
                world: cache::Fingerprinted { value: &world, fingerprint },
                page: i,
                rel: &p.rel,
                url: &p.url,
                display: &p.display,
                body_offset: p.body_offset,
                text: texts.of(&p.text),
            };
            cache.links(&input, steps::links)
        })
        .collect();
    // The key each page's links were checked under (0 when the cache is off): stands
    // for them in the markdown step's key.
    let mut links_keys = Vec::with_capacity(results.len());
    for (p, (r, k)) in site.pages.iter_mut().zip(results) {
        let (map, d) = r.as_ref();
        p.links = map.clone();
        links_keys.push(k);
        diags.extend(d.iter().cloned());
    }
    t.lap("links");
    let pr = progress(opts, "rendering markdown", site.pages.len());
    let callouts = markdown::CALLOUT_KINDS.map(|k| strings.get(&format!("callout_{k}")).unwrap_or(""));
    render_markdown(&mut site, config, (base_language, callouts), highlighter, (cache, &texts, &links_keys), pr, diags);
    t.lap("markdown");
    site
}

/// Everything besides a page's own text that its link checks read.
pub(super) fn links_fingerprint(site: &Site, sources: &SourceSet, markdown_options: u32) -> u64 {
    let pages: Vec<_> = site
        .pages
        .iter()
        .map(|p| {
            (
                &p.rel,
                &p.url,
                &p.display,
                p.analysis.headings.iter().map(|h| &h.id).collect::<Vec<_>>(),
                &p.extra_anchors,
            )
        })
        .collect();
    let glossary: Vec<_> = site.glossary.iter().map(|g| (&g.id, g.page)).collect();
    let mut drafts: Vec<&String> = site.drafts.iter().collect();
    drafts.sort();
    let assets: Vec<&str> = sources.assets.iter().map(|a| a.out.as_str()).collect();
    cache::key(&(pages, glossary, drafts, assets, markdown_options))
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

/// `base_language`: the site's default language (runs of Latin letters in a
/// translation written in another script are marked with it); `callouts`: the
/// callouts' titles in this site's language; `texts`: the pages' texts' keys;
/// `links_keys`: per page, the key its links were checked under.
pub(super) fn render_markdown(
    site: &mut Site,
    config: &SiteConfig,
    (base_language, callouts): (&str, [&str; 5]),
    highlighter: &Highlighter,
    (cache, texts, links_keys): (&BuildCache, &TextKeys, &[u64]),
    progress: Option<&Progress>,
    diags: &mut Vec<Diagnostic>,
) {
    let mopts = markdown::options(&config.markdown);
    // The glossary's names and aliases, matched in every page's text.
    let names: Vec<Vec<String>> = site
        .glossary
        .iter()
        .map(|g| std::iter::once(g.term.clone()).chain(g.aliases.iter().cloned()).collect())
        .collect();
    let matcher = Some(crate::glossary::Matcher::new(&names));
    let term_urls: Vec<(&str, &str, &str)> =
        site.glossary.iter().map(|g| (site.pages[g.page].url.as_str(), g.id.as_str(), g.definition.as_str())).collect();
    // Site-absolute: each page makes relative only the links it inserts.
    let terms: Vec<TermLink> =
        term_urls.iter().map(|&(url, id, definition)| TermLink { url, id, definition }).collect();
    let glossary_on = config.glossary.autolink;
    let glossary_names: Vec<(&str, &[String])> =
        site.glossary.iter().map(|g| (g.term.as_str(), g.aliases.as_slice())).collect();
    let fingerprint = cache.fingerprint(|| cache::key(&(&term_urls, &glossary_names)));
    let glossary = steps::Glossary { matcher: matcher.as_ref(), terms: &terms };
    let rendered: Vec<_> = site
        .pages
        .par_iter()
        .enumerate()
        .zip(links_keys)
        .map(|((i, p), &links_key)| {
            if p.rel.is_none() {
                return Default::default();
            }
            // The markdown engine numbers entries as the glossary does.
            let own_term = site.entry_of(crate::model::PageId::new(i)).map(|e| e.index());
            let input = steps::Render {
                text: texts.of(&p.text),
                body_offset: p.body_offset,
                url: &p.url,
                options: mopts.bits(),
                heading_anchors: config.markdown.heading_anchors,
                safe: config.safe,
                headings: cache::Fingerprinted { value: &p.analysis.headings, fingerprint: 0 },
                links: cache::Fingerprinted { value: p.links.as_ref(), fingerprint: links_key },
                glossary: cache::Fingerprinted { value: &glossary, fingerprint },
                own_term,
                autolink: glossary_on && p.fm.glossary != Some(false),
                languages: (p.language(config), base_language),
                callouts,
                containers: config.markdown.containers,
                highlighter: cache::Fingerprinted { value: highlighter, fingerprint: 0 },
            };
            let r = cache.markdown(&input, steps::render);
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
