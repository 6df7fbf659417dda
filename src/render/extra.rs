//! Files besides pages: the sitemap and robots.txt (once for the whole site), and each
//! language's alias redirects.

use super::path_of;
use crate::config::SiteConfig;
use crate::model::Alternates;
use crate::model::Kind;
use crate::model::OutputFile;
use crate::model::PageId;
use crate::model::Site;
use crate::urls;

/// robots.txt, and with a base URL sitemap.xml: once for the whole site (every
/// language's pages in one sitemap).
pub(crate) fn site_files(sites: &[&Site], alternates: Option<&Alternates>, config: &SiteConfig) -> Vec<OutputFile> {
    let mut out = Vec::new();
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(b) = config.base() {
        out.push(sitemap(sites, alternates, &b));
        robots.push_str(&format!("Sitemap: {b}sitemap.xml\n"));
    }
    out.push(OutputFile { path: "robots.txt".into(), contents: robots.into_bytes().into() });
    out
}

/// sitemap.xml: the pages of every language (`sites`, the default language's first)
/// in reading order, without 404 pages and drafts. With `alternates` (a site in several
/// languages), each page that exists in more than one language lists its translations
/// as `<xhtml:link rel="alternate" hreflang>`, and the default language's as `x-default`.
pub(crate) fn sitemap(sites: &[&Site], alternates: Option<&Alternates>, base: &str) -> OutputFile {
    let esc = crate::html::escape_xml;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"",
    );
    if alternates.is_some() {
        xml.push_str(" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\"");
    }
    xml.push_str(">\n");
    for (li, site) in sites.iter().enumerate() {
        let li = crate::model::LangId::new(li);
        for i in site.reading_order() {
            let p = &site.pages[i];
            if p.kind == Kind::NotFound || p.fm.draft {
                continue;
            }
            xml.push_str("  <url><loc>");
            xml.push_str(&esc(&format!("{base}{}", path_of(&p.url))));
            xml.push_str("</loc>");
            if let Some(d) = &p.fm.date {
                xml.push_str("<lastmod>");
                xml.push_str(d);
                xml.push_str("</lastmod>");
            }
            if let Some(a) = alternates {
                alternate_links(&mut xml, a, (li, i), base);
            }
            xml.push_str("</url>\n");
        }
    }
    xml.push_str("</urlset>\n");
    OutputFile { path: "sitemap.xml".into(), contents: xml.into_bytes().into() }
}

/// A page's translations (when it has any) as sitemap links, each on its own line.
fn alternate_links(xml: &mut String, alternates: &Alternates, (li, i): (crate::model::LangId, PageId), base: &str) {
    let esc = crate::html::escape_xml;
    let alts: Vec<crate::model::AlternateView> = alternates.of(li, i).into_iter().filter(|a| a.exists).collect();
    if alts.len() < 2 {
        return;
    }
    for a in &alts {
        xml.push_str(&format!(
            "\n    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
            esc(&a.code),
            esc(&format!("{base}{}", a.path))
        ));
    }
    if let Some(d) = alts.iter().find(|a| a.code == alternates.languages[0].code) {
        xml.push_str(&format!(
            "\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
            esc(&format!("{base}{}", d.path))
        ));
    }
    xml.push_str("\n  ");
}

/// Each page's alias redirects (a language's own: written under its prefix).
pub(crate) fn alias_files(site: &Site, config: &SiteConfig) -> Vec<OutputFile> {
    let mut out = Vec::new();
    for p in &site.pages {
        if matches!(p.kind, Kind::GlossaryTerm) {
            continue;
        }
        for alias in &p.fm.aliases {
            let url = site.alias_url(alias);
            // Unsafe aliases and collisions are reported by `resolve::output_claims`.
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
