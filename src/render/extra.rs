//! Files besides pages: sitemap, robots.txt, alias redirects, and the output paths
//! every generated file claims.

#[allow(unused_imports)]
use super::*;

/// sitemap.xml (only with a base URL), robots.txt, alias redirect pages.
/// The paths are those [`output_claims`] registers.
pub(crate) fn extra_files(site: &Site, config: &SiteConfig) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let base = config.base();
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = &base {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for i in site.reading_order() {
            let p = &site.pages[i];
            if p.kind == Kind::NotFound || p.fm.draft {
                continue;
            }
            xml.push_str("  <url><loc>");
            xml.push_str(&crate::html::escape(&format!("{b}{}", path_of(&p.url))));
            xml.push_str("</loc>");
            if let Some(d) = &p.fm.date {
                xml.push_str("<lastmod>");
                xml.push_str(d);
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        out.push(OutputFile { path: "sitemap.xml".into(), contents: xml.into_bytes().into() });
        robots.push_str(&format!("Sitemap: {b}sitemap.xml\n"));
    }
    out.push(OutputFile { path: "robots.txt".into(), contents: robots.into_bytes().into() });
    for p in &site.pages {
        if matches!(p.kind, Kind::GlossaryTerm) {
            continue;
        }
        for alias in &p.fm.aliases {
            let url = format!("/{}{}/", site.prefix, alias.trim_matches('/'));
            // Unsafe aliases and collisions are reported by `output_claims`.
            let Ok(path) = urls::url_to_output(&url) else { continue };
            let target = urls::relative(&url, &p.url);
            let t = crate::html::escape(&target);
            let html = format!(
                "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>Redirect</title><meta http-equiv=\"refresh\" content=\"0; url={t}\"><link rel=\"canonical\" href=\"{t}\"><meta name=\"robots\" content=\"noindex\"></head><body><p>This page has moved to <a href=\"{t}\">{}</a>.</p></body></html>\n",
                crate::html::escape(&config.language),
                crate::html::escape(&p.fm.title)
            );
            out.push(OutputFile { path, contents: html.into_bytes().into() });
        }
    }
    out
}

/// Every path a build of `site` writes besides static files, each with where it
/// comes from, for [`urls::check_output_space`]: pages and sections, generated
/// pages (home, taxonomy lists and terms, glossary index, search, 404), decision-tree
/// diagrams, alias redirects, sitemap.xml, robots.txt, highlight.css and the search
/// index folder. Aliases that are not site paths are reported here.
pub(crate) fn output_claims(site: &Site, config: &SiteConfig, diags: &mut Vec<Diagnostic>) -> Vec<urls::Claim> {
    let mut out = Vec::new();
    for (i, p) in site.ids().zip(&site.pages) {
        let kind = p.kind;
        let path = if kind == Kind::NotFound {
            Ok(p.url.trim_start_matches('/').to_string())
        } else {
            urls::url_to_output(&p.url)
        };
        // Unsafe page URLs never reach the site (resolve reports them).
        let Ok(path) = path else { continue };
        if kind == Kind::NotFound && !site.prefix.is_empty() {
            continue; // not written (see `Renderer::render_pages`)
        }
        if p.rel.is_some() {
            authored_claims(p, &path, &mut out);
        } else {
            out.push(generated_claim(site, i, &path));
        }
        if !matches!(kind, Kind::GlossaryTerm) {
            alias_claims(site, p, &mut out, diags);
        }
    }
    // The site-wide files come with the default language.
    if site.prefix.is_empty() {
        site_file_claims(config, &mut out);
    }
    out
}

/// An authored page's file, and its decision tree's diagram.
fn authored_claims(p: &Page, path: &str, out: &mut Vec<urls::Claim>) {
    let line = p.fm.slug.as_ref().and_then(|_| p.fm.key_lines.get("slug").copied()).unwrap_or(1);
    let what = if p.kind.is_listing() { "the section" } else { "the page" };
    out.push(urls::Claim::new(path, &p.display, line, format!("{what} {}", urls::short(&p.url))));
    if p.tree.is_some() {
        let dir = path.strip_suffix("index.html").unwrap_or("");
        let line = p.fm.key_lines.get("tree").copied().unwrap_or(1);
        out.push(urls::Claim::new(format!("{dir}tree.svg"), &p.display, line, "the diagram of its decision tree"));
    }
}

/// A generated page's file, named by what makes it: site.toml, or the first page that
/// uses a taxonomy term.
fn generated_claim(site: &Site, i: PageId, path: &str) -> urls::Claim {
    let p = &site.pages[i];
    let tax_name = |t: TaxonomyId| site.taxonomies.get(t.index()).map(|x| x.name.as_str()).unwrap_or("");
    let (file, line, what) = match p.kind {
        Kind::TaxonomyList(t) => {
            (crate::config::CONFIG_FILE.to_string(), 0, format!("the list of the taxonomy `{}`", tax_name(t)))
        }
        Kind::TaxonomyTerm(t) => {
            let term = site.term_of(i).map(|(t, k)| &site.taxonomies[t].terms[k]);
            let name = term.map(|x| x.name.as_str()).unwrap_or(&p.fm.title);
            let what = format!("the page of the `{}` term `{}`", tax_name(t), urls::short(name));
            // Where the term was first used (or site.toml, for a listed term nobody uses).
            match term.and_then(|x| x.tagged.first()).map(|&i| &site.pages[i]) {
                Some(q) => (q.display.clone(), q.fm.value_line(&q.text, tax_name(t), name), what),
                None => (crate::config::CONFIG_FILE.to_string(), 0, what),
            }
        }
        Kind::Search => (crate::config::CONFIG_FILE.to_string(), 0, "the search page ([search])".to_string()),
        other => ("(generated)".to_string(), 0, format!("the generated {} page", other.name())),
    };
    urls::Claim::new(path, file, line, format!("{what} {}", urls::short(&p.url)))
}

/// A page's alias redirects; an alias that is not a site path is an error.
fn alias_claims(site: &Site, p: &Page, out: &mut Vec<urls::Claim>, diags: &mut Vec<Diagnostic>) {
    for alias in &p.fm.aliases {
        let url = format!("/{}{}/", site.prefix, alias.trim_matches('/'));
        let line = p.fm.value_line(&p.text, "aliases", alias);
        match urls::url_to_output(&url) {
            Ok(path) => out.push(urls::Claim::new(
                path,
                &p.display,
                line,
                format!("the alias `{}` of {}", urls::short(alias), urls::short(&p.url)),
            )),
            Err(e) => diags.push(
                Diagnostic::error(&p.display, line, 1, format!("alias `{alias}` {}", e.0))
                    .with_hint("an alias is a site path such as `/old/page/`")
                    .with_source(&p.text, 1),
            ),
        }
    }
}

/// The site-wide files: sitemap, robots.txt, the highlighting stylesheet, the search index.
fn site_file_claims(config: &SiteConfig, out: &mut Vec<urls::Claim>) {
    if config.base().is_some() {
        out.push(urls::Claim::new("sitemap.xml", "(generated)", 0, "the sitemap (base_url is set)"));
    }
    out.push(urls::Claim::new("robots.txt", "(generated)", 0, "robots.txt"));
    out.push(urls::Claim::new("highlight.css", "(generated)", 0, "the code highlighting stylesheet"));
    if config.search.enabled {
        let mut index =
            urls::Claim::new(crate::search::BUNDLE_DIR, crate::config::CONFIG_FILE, 0, "the search index ([search])");
        index.folder = true;
        out.push(index);
    }
}
