//! The theme's own words ("On this page", "Module 3 of 8", "Mark as done"), one
//! table per language: `i18n/<code>.toml` in the theme (the built-in theme ships
//! the six UN languages), overridden key by key by the site's `i18n/<code>.toml`.
//!
//! Every key of the theme's `en.toml` (or, without one, of all its tables) must have
//! a value in every language of the site: a missing one is an error naming the key
//! and the language. Keys starting with `js_` are the browser scripts' words; they
//! reach the page as one JSON attribute when they differ from the scripts' built-in
//! English.

use crate::diagnostics::{Diagnostic, LineIndex};
use crate::model::StringsFile;
use std::collections::BTreeMap;

pub(crate) use crate::model::Table;

/// Parse one file into (key, value, line) triples; errors for non-string values.
fn parse(file: &StringsFile, diags: &mut Vec<Diagnostic>) -> Vec<(String, String, usize)> {
    // Spanned, so that a value of the wrong type is reported where it is written.
    let table: BTreeMap<String, toml::Spanned<toml::Value>> = match toml::from_str(&file.text) {
        Ok(t) => t,
        Err(e) => {
            let (line, col) = e.span().map(|s| LineIndex::new(&file.text).position(s.start)).unwrap_or((0, 0));
            diags.push(
                Diagnostic::error(&file.origin, line, col, format!("invalid theme strings: {}", e.message().trim()))
                    .with_hint("write one `key = \"text\"` per line"),
            );
            return Vec::new();
        }
    };
    let index = LineIndex::new(&file.text);
    let mut out = Vec::new();
    for (k, v) in table {
        let at = v.span().start;
        match v.into_inner() {
            toml::Value::String(s) => out.push((k, s, 0)),
            _ => {
                let (line, col) = index.position(at);
                diags.push(
                    Diagnostic::error(&file.origin, line, col, format!("theme string `{k}` is not a string"))
                        .with_hint(format!("write `{k} = \"...\"`")),
                );
            }
        }
    }
    out
}

/// The strings of each language in `codes` (in that order), with errors for missing
/// keys and languages nobody translated the theme into.
pub(crate) fn tables(files: &[StringsFile], codes: &[&str], diags: &mut Vec<Diagnostic>) -> Vec<Table> {
    let theme: Vec<&StringsFile> = files.iter().filter(|f| !f.site).collect();
    let site: Vec<&StringsFile> = files.iter().filter(|f| f.site).collect();
    let mut parsed_theme: BTreeMap<&str, Vec<(String, String, usize)>> = BTreeMap::new();
    for f in &theme {
        parsed_theme.insert(f.code.as_str(), parse(f, diags));
    }
    let reference: Vec<String> = match parsed_theme.get("en") {
        Some(en) => en.iter().map(|(k, _, _)| k.clone()).collect(),
        None => {
            let mut all: Vec<String> = parsed_theme.values().flatten().map(|(k, _, _)| k.clone()).collect();
            all.sort();
            all.dedup();
            all
        }
    };
    let english_js: BTreeMap<&str, &str> = parsed_theme
        .get("en")
        .map(|en| {
            en.iter().filter(|(k, _, _)| k.starts_with("js_")).map(|(k, v, _)| (k.as_str(), v.as_str())).collect()
        })
        .unwrap_or_default();
    let mut out = Vec::new();
    for &code in codes {
        let mut strings: BTreeMap<String, String> = BTreeMap::new();
        let theme_file = theme.iter().find(|f| f.code == code);
        if let Some(own) = parsed_theme.get(code) {
            strings.extend(own.iter().map(|(k, v, _)| (k.clone(), v.clone())));
        }
        let site_file = site.iter().find(|f| f.code == code);
        if let Some(f) = site_file {
            strings.extend(parse(f, diags).into_iter().map(|(k, v, _)| (k, v)));
        }
        let missing: Vec<&String> = reference.iter().filter(|k| !strings.contains_key(*k)).collect();
        if !missing.is_empty() {
            let lang = crate::i18n::native_name(code).map(|n| format!("`{code}` ({n})")).unwrap_or(format!("`{code}`"));
            if theme_file.is_none() && site_file.is_none() {
                diags.push(
                    Diagnostic::error(format!("i18n/{code}.toml"), 0, 0, format!("the theme has no strings for the language {lang}"))
                        .with_hint(format!(
                            "add i18n/{code}.toml to the site with a translation of each of these keys (copy the theme's en.toml): {}",
                            missing.iter().map(|k| k.as_str()).collect::<Vec<_>>().join(", ")
                        )),
                );
            } else {
                let origin = site_file.or(theme_file).map(|f| f.origin.clone()).unwrap_or_default();
                for k in missing {
                    diags.push(
                        Diagnostic::error(&origin, 0, 0, format!("theme string `{k}` is missing for the language {lang}"))
                            .with_hint(format!("add `{k} = \"...\"` to i18n/{code}.toml (the site's file overrides the theme's key by key)")),
                    );
                }
            }
        }
        let js: BTreeMap<&str, &str> =
            strings.iter().filter(|(k, _)| k.starts_with("js_")).map(|(k, v)| (k.as_str(), v.as_str())).collect();
        // Written into a `<script type="application/json">` (no entity escaping of its
        // quotes, as an attribute needed): `<`, `>` and `&` as JSON escapes, so no
        // string can close the element.
        let js = (js != english_js && !js.is_empty()).then(|| {
            serde_json::to_string(&js)
                .unwrap_or_default()
                .replace('<', "\\u003c")
                .replace('>', "\\u003e")
                .replace('&', "\\u0026")
        });
        out.push(Table { strings, js });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(iso: &str, strings: &Table) -> String {
        strings.date(iso)
    }

    fn table(pairs: &[(&str, &str)]) -> Table {
        Table { strings: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), js: None }
    }

    #[test]
    fn dates_follow_the_language() {
        let zh = table(&[("date_format", "{year}年{month}月{day}日")]);
        assert_eq!(date("2024-05-01", &zh), "2024年5月1日");
        let fr = table(&[
            ("date_format", "{day} {month_name} {year}"),
            ("month_names", "janvier, février, mars, avril, mai"),
        ]);
        assert_eq!(date("2024-05-01", &fr), "1 mai 2024");
        assert_eq!(date("2024-05-01", &table(&[("date_format", "{iso}")])), "2024-05-01");
        assert_eq!(date("soon", &zh), "soon");
    }
}
