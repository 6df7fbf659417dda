//! What is translated: per language, the pages translated, missing, and stale.
//!
//! A translation is stale when its original changed after it was last brought up to
//! date. primer records that moment only when asked (`primer stamp`): it writes the
//! hash of each original's text, keyed by the translation's path, into
//! `translations.toml` at the site's root, a file it creates and owns (this module
//! says what goes in it, [`stamps_text`]; the command reads and writes it). `primer check`
//! compares those hashes with the originals' current text; translations never
//! stamped are counted as such. Links from a translation that lead to the default
//! language (no translation of the target yet) are listed as fallbacks. A page of the
//! default language's tree written in another language (`language: zh`) counts as
//! already in it: it is neither missing nor a fallback.

use crate::i18n::Language;
use crate::model::Site;
use std::collections::BTreeMap;
use std::path::Path;

/// The file where `primer stamp` records the originals' hashes.
pub use crate::model::STAMPS_FILE;
const STAMPS_HEADER: &str = "# Written by `primer stamp`";

/// One language's coverage.
#[derive(Debug, Clone, Default)]
pub struct Coverage {
    pub(crate) code: String,
    pub(crate) name: String,
    /// Authored pages of the default language.
    pub(crate) originals: usize,
    /// Translations (their own content paths), in path order.
    pub(crate) translated: Vec<String>,
    /// Originals without a translation (content paths).
    pub(crate) missing: Vec<String>,
    /// Translations whose original changed since they were stamped.
    pub(crate) stale: Vec<String>,
    /// Translations never stamped.
    pub(crate) unstamped: Vec<String>,
    /// (translation, line, link target page) for links that lead to the default language.
    pub(crate) fallbacks: Vec<(String, usize, String)>,
    /// Translation → the [`hash`] of its original's text as `load` read it (what
    /// `primer stamp` records).
    pub(crate) current: BTreeMap<String, String>,
}

/// The hash recorded for an original's text.
pub(crate) fn hash(text: &str) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
}

/// Parse `translations.toml` (translation path → original's hash); unreadable: empty.
pub(crate) fn parse_stamps(text: &str) -> BTreeMap<String, String> {
    toml::from_str::<BTreeMap<String, String>>(text).unwrap_or_default()
}

/// The coverage of every language besides the default (`sites[0]`).
pub(crate) fn report(
    languages: &[Language],
    sites: &[(crate::model::LangId, std::sync::Arc<Site>)],
    sources: &crate::model::SourceSet,
) -> Vec<Coverage> {
    let Some((_, default)) = sites.first() else { return Vec::new() };
    let stamps = sources.stamps.as_deref().map(parse_stamps).unwrap_or_default();
    let texts: BTreeMap<&str, &str> = sources.markdown.iter().map(|f| (f.rel.as_str(), &*f.text)).collect();
    let mut out = Vec::new();
    for (li, site) in sites.iter().skip(1) {
        let lang = &languages[*li];
        // A page of the default language's tree already written in this language
        // (`language: zh`) needs no translation into it.
        let written_in =
            |p: &crate::model::Page| p.fm.language.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(&lang.code));
        let originals: Vec<&str> =
            default.pages.iter().filter(|p| !written_in(p)).filter_map(|p| p.rel.as_deref()).collect();
        let mut c = Coverage {
            code: lang.code.clone(),
            name: lang.name.clone(),
            originals: originals.len(),
            ..Default::default()
        };
        for p in &site.pages {
            let Some(rel) = &p.rel else { continue };
            let own = p.display.clone();
            let current = texts.get(rel.as_str()).map(|t| hash(t));
            match stamps.get(&own) {
                Some(h) if current.as_ref().is_some_and(|now| now != h) => c.stale.push(own.clone()),
                Some(_) => {}
                None => c.unstamped.push(own.clone()),
            }
            if let Some(now) = current {
                c.current.insert(own.clone(), now);
            }
            c.translated.push(own);
            for l in &p.analysis.links {
                if let Some(target) = fallback_target(site, p, &l.dest, &written_in) {
                    let (line, _) = crate::diagnostics::position(&p.text, p.body_offset + l.offset);
                    c.fallbacks.push((p.display.clone(), line, target));
                }
            }
        }
        c.missing =
            originals.iter().filter(|r| !site.by_rel.contains_key(**r)).map(|r| format!("content/{r}")).collect();
        c.translated.sort();
        c.missing.sort();
        c.stale.sort();
        c.unstamped.sort();
        c.fallbacks.sort();
        out.push(c);
    }
    out
}

/// The default-language page a link of a translation leads to, when it has no
/// translation (`None` for links within the language, outside the site, or broken).
fn fallback_target(
    site: &Site,
    p: &crate::model::Page,
    dest: &str,
    written_in: &dyn Fn(&crate::model::Page) -> bool,
) -> Option<String> {
    let fallback = site.fallback.as_deref()?;
    let path = dest.split('#').next().unwrap_or(dest);
    if dest.is_empty() || crate::urls::is_external(dest) || path.is_empty() {
        return None;
    }
    if let Some(id) = path.strip_prefix("term:") {
        if site.glossary.iter().any(|g| g.id == id) {
            return None;
        }
        return fallback.glossary.iter().find(|g| g.id == id).map(|g| fallback.pages[g.page].display.clone());
    }
    let dir = p.rel.as_deref().and_then(|r| r.rsplit_once('/')).map(|(d, _)| d).unwrap_or("");
    let path = crate::urls::percent_decode(path);
    let joined = match path.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}/{path}"),
    };
    let norm = crate::urls::normalize(&joined)?;
    if !path.ends_with(".md") || site.by_rel.contains_key(&norm) {
        return None;
    }
    fallback.by_rel.get(&norm).map(|&t| &fallback.pages[t]).filter(|t| !written_in(t)).map(|t| t.display.clone())
}

/// What `primer stamp` writes: `translations.toml`'s new text, and the translations
/// stamped.
#[derive(Debug)]
pub struct Stamps {
    pub text: String,
    pub stamped: Vec<String>,
}

/// `translations.toml` (`existing`: its text, if it exists; `file`: its path, for
/// messages) with the current hash of the originals of `translations` recorded
/// (content paths such as `content/a.zh.md`; all translations when empty), the hashes
/// taken from the texts the build read. Refuses to replace a `translations.toml`
/// primer did not write, and names asked for that are not translations. Pure: the
/// caller reads and writes the file.
pub fn stamps_text(
    file: &Path,
    existing: Option<&str>,
    coverage: &[Coverage],
    only: &[String],
) -> Result<Stamps, String> {
    let mut stamps = match existing {
        Some(text) if text.starts_with(STAMPS_HEADER) => parse_stamps(text),
        Some(_) => {
            return Err(format!(
                "{} exists and was not written by primer; move it away to let `primer stamp` create it",
                file.display()
            ))
        }
        None => BTreeMap::new(),
    };
    let mut done = Vec::new();
    for c in coverage {
        for own in &c.translated {
            if !only.is_empty() && !only.iter().any(|o| o.trim_start_matches("./") == own) {
                continue;
            }
            let Some(hash) = c.current.get(own) else { continue };
            stamps.insert(own.clone(), hash.clone());
            done.push(own.clone());
        }
    }
    let unknown: Vec<&String> = only.iter().filter(|o| !done.iter().any(|d| d == o.trim_start_matches("./"))).collect();
    if !unknown.is_empty() {
        return Err(format!(
            "not a translation of this site: {} (name translations by their content path, e.g. content/page.zh.md)",
            unknown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
        ));
    }
    let mut text = format!(
        "{STAMPS_HEADER}: for each translation, the hash of its original's text when the translation\n\
         # was last brought up to date. `primer check` reports translations whose original changed since.\n"
    );
    for (k, v) in &stamps {
        text.push_str(&format!("{} = \"{v}\"\n", toml::Value::String(k.clone())));
    }
    Ok(Stamps { text, stamped: done })
}

/// The summary lines `primer check` prints, and with `details` every file.
pub fn describe(coverage: &[Coverage], details: bool) -> Vec<String> {
    let mut out = Vec::new();
    for c in coverage {
        let pct = (c.translated.len() * 100).checked_div(c.originals).unwrap_or(100);
        out.push(format!(
            "Translations into {} ({}): {} of {} pages ({pct}%), {} missing, {} stale, {} not stamped, {} links fall back to the original",
            c.name,
            c.code,
            c.translated.len(),
            c.originals,
            c.missing.len(),
            c.stale.len(),
            c.unstamped.len(),
            c.fallbacks.len()
        ));
        if details {
            for m in &c.missing {
                out.push(format!("  missing: {m}"));
            }
            for s in &c.stale {
                out.push(format!("  stale (the original changed since `primer stamp`): {s}"));
            }
            for s in &c.unstamped {
                out.push(format!("  not stamped: {s}"));
            }
            for (from, line, to) in &c.fallbacks {
                out.push(format!("  fallback: {from}:{line} links to {to} (no `{}` translation)", c.code));
            }
        }
    }
    out
}
