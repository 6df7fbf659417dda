//! Languages: a site in its default language plus translations.
//!
//! site.toml names the default language (`language = "en"`) and the others
//! (`[[languages]]`). A translation lives beside its original with the language code
//! before the extension (`page.zh.md`, `_index.zh.md`, `tree.zh.yaml`) and is published
//! under the language's prefix (`/zh/...`); the default language stays at the root.
//!
//! Each language is resolved as a site of its own (sections, taxonomies, glossary,
//! paths, trees all per language) from its documents, where a translation takes its
//! original's path: this module splits the documents by language, puts each
//! language's site under its prefix, lets links fall back to the default language's
//! pages, and tells the renderer which pages are translations of each other
//! ([`Alternates`]). The theme's own words come from [`strings`]; `primer check`'s
//! coverage report from [`coverage`].
//!
//! A stage (the dependency rule is in `lib.rs`): imports the model, the cross-cutting
//! modules and engines, never another stage.

pub mod coverage;
pub(crate) mod strings;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
pub(crate) use crate::lang::is_rtl;
use crate::model::Doc;
pub(crate) use crate::model::{Alternates, Language};
use crate::model::{Kind, Site};
use std::collections::HashMap;

/// The languages of a site, the default first.
pub(crate) fn languages(config: &SiteConfig) -> Vec<Language> {
    let entry = |code: &str| config.languages.iter().find(|l| l.code == code);
    let make = |code: &str, default: bool| {
        let e = entry(code);
        Language {
            code: code.to_string(),
            name: e.and_then(|e| e.name.clone()).unwrap_or_else(|| native_name(code).unwrap_or(code).to_string()),
            title: e.and_then(|e| e.title.clone()).unwrap_or_else(|| config.title.clone()),
            description: e.and_then(|e| e.description.clone()).unwrap_or_else(|| config.description.clone()),
            rtl: match e.and_then(|e| e.dir.as_deref()) {
                Some(d) => d == "rtl",
                None => is_rtl(code),
            },
            default,
            prefix: if default { String::new() } else { format!("{code}/") },
        }
    };
    let mut out = vec![make(&config.language, true)];
    for l in &config.languages {
        if l.code != config.language && !out.iter().any(|o| o.code == l.code) {
            out.push(make(&l.code, false));
        }
    }
    out
}

/// The names of the UN's six official languages (and a few more), as written in them.
pub(crate) fn native_name(code: &str) -> Option<&'static str> {
    Some(match crate::lang::primary(code).as_str() {
        "ar" => "العربية",
        "zh" => "中文",
        "en" => "English",
        "fr" => "Français",
        "ru" => "Русский",
        "es" => "Español",
        "pt" => "Português",
        "de" => "Deutsch",
        "ja" => "日本語",
        "ko" => "한국어",
        "he" => "עברית",
        "fa" => "فارسی",
        "ur" => "اردو",
        _ => return None,
    })
}

/// If `rel` names a translation into one of `codes` (`a/b.zh.md`, `a/_index.zh.md`,
/// `t.zh.yaml`), the original's path and the language code.
pub(crate) fn translation_of<'c>(rel: &str, codes: &[&'c str]) -> Option<(String, &'c str)> {
    let (dir, file) = match rel.rfind('/') {
        Some(i) => (&rel[..=i], &rel[i + 1..]),
        None => ("", rel),
    };
    let (stem, ext) = file.rsplit_once('.')?;
    let (base, code) = stem.rsplit_once('.')?;
    if base.is_empty() {
        return None;
    }
    let code = codes.iter().find(|c| c.eq_ignore_ascii_case(code))?;
    Some((format!("{dir}{base}.{ext}"), code))
}

/// The documents of each language: the default language's first, then each other
/// language's translations, each with its original's path as `rel` (and its own path
/// as `source`). A translation of a page that does not exist, or a second translation
/// of one page into one language, is reported here. Translations of drafts left out
/// are left out too (their paths are returned with the drafts).
pub(crate) fn split(
    config: &SiteConfig,
    docs: Vec<Doc>,
    drafts: &mut Vec<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Language, Vec<Doc>)> {
    let langs = languages(config);
    let codes: Vec<&str> = langs.iter().skip(1).map(|l| l.code.as_str()).collect();
    let mut out: Vec<(Language, Vec<Doc>)> = langs.iter().map(|l| (l.clone(), Vec::new())).collect();
    if codes.is_empty() {
        out[0].1 = docs;
        return out;
    }
    let (mut originals, mut translations) = (Vec::new(), Vec::new());
    for d in docs {
        match translation_of(&d.rel, &codes) {
            Some((orig, code)) => translations.push((orig, code.to_string(), d)),
            None => originals.push(d),
        }
    }
    let known: std::collections::HashSet<&str> = originals.iter().map(|d| d.rel.as_str()).collect();
    let draft_set: std::collections::HashSet<String> = drafts.iter().cloned().collect();
    // (language, original) → the translation's own path, to find a second one.
    let mut taken: HashMap<(String, String), String> = HashMap::new();
    let mut kept = Vec::new();
    for (orig, code, mut d) in translations {
        let orig = original_of(orig, &known, &draft_set);
        let own = std::mem::take(&mut d.rel);
        if draft_set.contains(&orig) {
            drafts.push(own);
            continue;
        }
        if let Some(problem) = translation_problem(&langs, (&code, &own, &orig), &known, &taken) {
            diags.push(problem);
            continue;
        }
        taken.insert((code.clone(), orig.clone()), own.clone());
        d.source = Some(own);
        d.rel = orig;
        kept.push((code, d));
    }
    out[0].1 = originals;
    for (code, d) in kept {
        if let Some(slot) = out.iter_mut().find(|(l, _)| l.code == code) {
            slot.1.push(d);
        }
    }
    for (_, docs) in out.iter_mut().skip(1) {
        docs.sort_by(|a, b| a.rel.cmp(&b.rel));
    }
    out
}

/// The original a translation names: `page.zh.md` translates `page.md` or, when only
/// that exists, the bundle `page/index.md`.
fn original_of(
    orig: String,
    known: &std::collections::HashSet<&str>,
    drafts: &std::collections::HashSet<String>,
) -> String {
    if known.contains(orig.as_str()) || drafts.contains(&orig) {
        return orig;
    }
    let bundle = format!("{}/index.md", orig.trim_end_matches(".md"));
    if orig.ends_with(".md") && (known.contains(bundle.as_str()) || drafts.contains(&bundle)) {
        bundle
    } else {
        orig
    }
}

/// Why the translation `own` of `orig` into `code` cannot be used: its original does not
/// exist, or another file already translates it into that language.
fn translation_problem(
    langs: &[Language],
    (code, own, orig): (&str, &str, &str),
    known: &std::collections::HashSet<&str>,
    taken: &HashMap<(String, String), String>,
) -> Option<Diagnostic> {
    if !known.contains(orig) {
        let lang = langs.iter().find(|l| l.code == code).map(|l| l.name.as_str()).unwrap_or(code);
        return Some(
            Diagnostic::error(
                format!("content/{own}"),
                1,
                1,
                format!("translation into {lang} (`{code}`) of a page that does not exist: content/{orig}"),
            )
            .with_hint(format!(
                "a translation is named after its original (`page.{code}.md` beside `page.md`); rename it, \
                 or write content/{orig} first"
            )),
        );
    }
    let first = taken.get(&(code.to_string(), orig.to_string()))?;
    Some(
        Diagnostic::error(
            format!("content/{own}"),
            1,
            1,
            format!("content/{first} and content/{own} both translate content/{orig} into `{code}`"),
        )
        .with_hint("keep one translation per page and language; remove or rename the other"),
    )
}

/// The configuration another language resolves with: closed vocabularies keep every
/// term of the default language (one vocabulary; a term without a translated page is
/// named as in the default language, see [`localize`]).
pub(crate) fn vocabulary(config: &SiteConfig, default: &Site) -> SiteConfig {
    let mut c = config.clone();
    for (tc, tax) in c.taxonomies.iter_mut().zip(&default.taxonomies) {
        if !tc.closed {
            continue;
        }
        for term in &tax.terms {
            if !tc.terms.iter().any(|t| crate::urls::term_id(t) == term.id) {
                tc.terms.push(term.id.clone());
            }
        }
    }
    c
}

/// Terms of a translation without a page of their own in this language named as in
/// the default language (their order, the default language's, is given by resolve).
fn align_terms(site: &mut Site, default: &Site) {
    for (tax, dtax) in site.taxonomies.iter_mut().zip(&default.taxonomies) {
        for term in &mut tax.terms {
            let own_page = site.pages.get(term.page.index()).is_some_and(|p| p.rel.is_some());
            let original = dtax.terms.iter().find(|d| d.id == term.id);
            if let (false, Some(d)) = (own_page, original) {
                term.name = d.name.clone();
                if let Some(p) = site.pages.get_mut(term.page.index()) {
                    let mut fm = (*p.fm).clone();
                    fm.title = d.name.clone();
                    if let Some(dp) = default.pages.get(d.page.index()) {
                        fm.extra = dp.fm.extra.clone();
                        fm.weight = dp.fm.weight;
                    }
                    p.fm = std::sync::Arc::new(fm);
                }
            }
        }
    }
}

/// Put a resolved site of `lang` under its prefix and name its generated pages in the
/// language; for another language than the default, links fall back to `fallback`.
pub(crate) fn localize(
    site: &mut Site,
    lang: &Language,
    strings: &strings::Table,
    fallback: Option<std::sync::Arc<Site>>,
) {
    for p in &mut site.pages {
        if p.rel.is_none() {
            let title = match p.kind {
                Kind::Search => strings.get("search_title"),
                Kind::NotFound => strings.get("not_found_title"),
                Kind::GlossaryIndex => strings.get("glossary_title"),
                _ => None,
            };
            if let Some(t) = title.filter(|t| *t != p.fm.title) {
                let mut fm = (*p.fm).clone();
                fm.title = t.to_string();
                p.fm = std::sync::Arc::new(fm);
            }
        }
    }
    if lang.default {
        return;
    }
    if let Some(d) = fallback.as_deref() {
        align_terms(site, d);
    }
    // A taxonomy's name in this language: its translated list page's title.
    for t in &mut site.taxonomies {
        if let Some(p) = site.pages.get(t.page.index()).filter(|p| p.rel.is_some()) {
            t.title = p.fm.title.clone();
        }
    }
    for p in &mut site.pages {
        p.url = format!("/{}{}", lang.prefix, p.url.trim_start_matches('/'));
    }
    site.by_url = site.ids().zip(&site.pages).map(|(i, p)| (p.url.clone(), i)).collect();
    site.prefix = lang.prefix.clone();
    site.fallback = fallback;
}

/// A data file named as a translation (`tree.zh.yaml`) whose original does not exist.
pub(crate) fn check_data_translations(
    config: &SiteConfig,
    sources: &crate::model::SourceSet,
    diags: &mut Vec<Diagnostic>,
) {
    let langs = languages(config);
    let codes: Vec<&str> = langs.iter().skip(1).map(|l| l.code.as_str()).collect();
    if codes.is_empty() {
        return;
    }
    for rel in sources.data.keys() {
        if let Some((orig, code)) = translation_of(rel, &codes) {
            if !sources.data.contains_key(&orig) {
                diags.push(
                    Diagnostic::error(
                        format!("content/{rel}"),
                        1,
                        1,
                        format!("translation into `{code}` of a file that does not exist: content/{orig}"),
                    )
                    .with_hint(format!(
                        "a translation is named after its original (`tree.{code}.yaml` beside `tree.yaml`)"
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_names() {
        let codes = ["zh", "ar"];
        assert_eq!(translation_of("a/b.zh.md", &codes), Some(("a/b.md".into(), "zh")));
        assert_eq!(translation_of("a/_index.ar.md", &codes), Some(("a/_index.md".into(), "ar")));
        assert_eq!(translation_of("t.zh.yaml", &codes), Some(("t.yaml".into(), "zh")));
        assert_eq!(translation_of("a/b.fr.md", &codes), None);
        assert_eq!(translation_of("a/b.md", &codes), None);
        assert_eq!(translation_of("a/.zh.md", &codes), None);
    }

    #[test]
    fn rtl_and_names() {
        assert!(is_rtl("ar") && is_rtl("ar-EG") && !is_rtl("zh"));
        assert_eq!(native_name("zh-Hans"), Some("中文"));
        assert!(
            crate::config::is_language_tag("pt-BR")
                && crate::config::is_language_tag("zh")
                && !crate::config::is_language_tag("ZH")
                && !crate::config::is_language_tag("z")
        );
    }
}
