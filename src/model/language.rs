//! Languages: each language of a site, the theme's words in it, and which pages are one
//! page in several languages (filled by `i18n`, read by `render`).

use crate::config::SiteConfig;
use crate::model::{PageId, Site};
use std::collections::{BTreeMap, HashMap};

crate::model::id_type!(
    /// A language of the site: its place in the site's list of languages (the default
    /// language first), and in the per-language vectors kept beside it (the language's
    /// site.toml, its theme words, its site).
    LangId => Language, SiteConfig, Table
);

/// One language of a site, with everything the theme shows about it.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct Language {
    pub(crate) code: String,
    /// The name as written in the language (`中文`).
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) rtl: bool,
    /// The default language (published at the root).
    pub(crate) default: bool,
    /// `""` for the default language, `zh/` for the others.
    pub(crate) prefix: String,
}

/// Which pages are one page in several languages: authored pages match by their
/// original's path, any page also by its URL below the language prefix (so a
/// generated term page matches the authored one of another language).
pub(crate) struct Alternates {
    pub(crate) languages: Vec<Language>,
    /// `[language][page]` → (path key, URL key).
    keys: Vec<Vec<(Option<String>, String)>>,
    /// key → (language → page).
    by_key: HashMap<String, BTreeMap<LangId, PageId>>,
    /// Each language's home page (URL).
    homes: Vec<String>,
    /// Each language's page URLs.
    urls: Vec<Vec<String>>,
}

/// A page in another language, for `<link rel="alternate">` and the switcher.
#[derive(Debug, Clone, serde::Serialize)]
pub(crate) struct AlternateView {
    pub(crate) code: String,
    pub(crate) name: String,
    /// Site-relative path (`zh/glossary/ledger/`), to put after `root`.
    pub(crate) path: String,
    /// The page exists in that language (else `path` is that language's home).
    pub(crate) exists: bool,
    pub(crate) current: bool,
    pub(crate) dir: &'static str,
}

impl Alternates {
    pub(crate) fn new(languages: Vec<Language>, sites: &[&Site]) -> Self {
        let mut by_key: HashMap<String, BTreeMap<LangId, PageId>> = HashMap::new();
        let mut keys = Vec::new();
        let mut homes = Vec::new();
        let mut urls = Vec::new();
        for (li, site) in sites.iter().enumerate() {
            let li = LangId(li);
            let prefix = format!("/{}", site.prefix);
            let mut k = Vec::with_capacity(site.pages.len());
            for (i, p) in site.ids().zip(&site.pages) {
                let rel = p.rel.as_ref().map(|r| format!("rel:{r}"));
                let url = format!("url:/{}", p.url.strip_prefix(&prefix).unwrap_or(&p.url));
                if let Some(r) = &rel {
                    by_key.entry(r.clone()).or_default().insert(li, i);
                }
                by_key.entry(url.clone()).or_default().entry(li).or_insert(i);
                k.push((rel, url));
            }
            keys.push(k);
            homes.push(site.pages.get(site.home.index()).map(|p| p.url.clone()).unwrap_or_else(|| prefix.clone()));
            urls.push(site.pages.iter().map(|p| p.url.clone()).collect());
        }
        Alternates { languages, keys, by_key, homes, urls }
    }

    /// Page `page` of language `lang` in language `other`.
    fn find(&self, lang: LangId, page: PageId, other: LangId) -> Option<PageId> {
        let (rel, url) = self.keys.get(lang.0)?.get(page.index())?;
        let by = |k: &String| self.by_key.get(k).and_then(|m| m.get(&other)).copied();
        rel.as_ref().and_then(by).or_else(|| by(url))
    }

    /// Page `page` of language `lang` in every language (the current one included).
    pub(crate) fn of(&self, lang: LangId, page: PageId) -> Vec<AlternateView> {
        if self.keys.get(lang.0).and_then(|k| k.get(page.index())).is_none() {
            return Vec::new();
        }
        LangId::each(&self.languages)
            .map(|(li, l)| {
                let target = if li == lang { Some(page) } else { self.find(lang, page, li) };
                let target = target.and_then(|i| self.urls[li.0].get(i.index()));
                AlternateView {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    path: target.unwrap_or(&self.homes[li.0]).trim_start_matches('/').to_string(),
                    exists: target.is_some(),
                    current: li == lang,
                    dir: if l.rtl { "rtl" } else { "ltr" },
                }
            })
            .collect()
    }
}

/// One language's strings.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub(crate) struct Table {
    pub(crate) strings: BTreeMap<String, String>,
    /// The scripts' words as JSON, when they are not the built-in English ones.
    #[serde(skip)]
    pub(crate) js: Option<String>,
}

impl Table {
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.strings.get(key).map(String::as_str)
    }

    /// A front matter date (`2024-05-01`, perhaps with a time) the language's way: the
    /// string `date_format` with `{iso}`, `{year}`, `{month}`, `{day}` and `{month_name}`
    /// (from `month_names`, twelve names separated by commas). A date that cannot be
    /// read is shown as written.
    pub(crate) fn date(&self, iso: &str) -> String {
        let strings = self;
        let Some(template) = strings.get("date_format") else { return iso.to_string() };
        let day_part = iso.get(..10).unwrap_or(iso);
        let mut parts = day_part.split('-').map(|p| p.parse::<u32>().ok());
        let (Some(Some(year)), Some(Some(month)), Some(Some(day))) = (parts.next(), parts.next(), parts.next()) else {
            return iso.to_string();
        };
        let names: Vec<&str> =
            strings.get("month_names").map(|m| m.split(',').map(str::trim).collect()).unwrap_or_default();
        let month_name = names.get(month.saturating_sub(1) as usize).copied().unwrap_or("");
        fill(
            template,
            &[
                ("iso", iso),
                ("year", &year.to_string()),
                ("month", &month.to_string()),
                ("day", &day.to_string()),
                ("month_name", month_name),
            ],
        )
    }
}

/// A theme string with its `{name}` placeholders filled in.
pub(crate) fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in args {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}
