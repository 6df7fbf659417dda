//! Where things are written in site.toml, for diagnostics: the spans the TOML parser
//! reports for values and keys (`toml::Spanned`), mapped to 1-based lines and columns
//! by the shared [`LineIndex`]. Never by searching the text: a value can be written
//! in a comment above it, or inside another value.

use crate::diagnostics::LineIndex;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The values that diagnostics point at, read leniently (nothing is known when the
/// text does not parse). The checks that use them run on a parsed `SiteConfig`, so
/// the typed fields here parse whenever it did.
#[derive(Deserialize, Default)]
struct Spans {
    theme: Option<toml::Spanned<String>>,
    language: Option<toml::Spanned<String>>,
    #[serde(default)]
    languages: Vec<TableSpans>,
    #[serde(default)]
    paths: KeySpans,
    #[serde(default)]
    taxonomies: Vec<TaxonomySpan>,
    #[serde(default)]
    highlight: HighlightSpans,
    #[serde(default)]
    brand: TableSpans,
    #[serde(default)]
    home: HomeSpans,
}

/// The values of a table (`[brand]`, an entry of `[[languages]]`) that diagnostics
/// point at, of any type (a value of the wrong type is reported elsewhere; its place
/// is still known).
#[derive(Deserialize, Default)]
#[serde(transparent)]
struct TableSpans(BTreeMap<String, toml::Spanned<toml::Value>>);

/// The keys of a table, each where it is written (for diagnostics that name a key).
#[derive(Deserialize, Default)]
#[serde(transparent)]
struct KeySpans(BTreeMap<toml::Spanned<String>, serde::de::IgnoredAny>);

#[derive(Deserialize)]
struct TaxonomySpan {
    name: toml::Spanned<String>,
}

#[derive(Deserialize, Default)]
struct HighlightSpans {
    light: Option<toml::Spanned<String>>,
    dark: Option<toml::Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct HomeSpans {
    start: Option<toml::Spanned<String>>,
    #[serde(default)]
    links: Vec<toml::Spanned<String>>,
}

/// Positions of values and keys in a site.toml text, as 1-based line and column.
pub(crate) struct Positions<'t> {
    index: LineIndex<'t>,
    spans: Spans,
    /// The top-level keys.
    keys: KeySpans,
}

impl<'t> Positions<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        Positions {
            index: LineIndex::new(text),
            spans: toml::from_str(text).unwrap_or_default(),
            keys: toml::from_str(text).unwrap_or_default(),
        }
    }

    fn of<T>(&self, value: Option<&toml::Spanned<T>>) -> Option<(usize, usize)> {
        value.map(|v| self.index.position(v.span().start))
    }

    fn key_of(&self, keys: &KeySpans, key: &str) -> Option<(usize, usize)> {
        keys.0.get_key_value(key).map(|(k, _)| self.index.position(k.span().start))
    }

    /// The top-level `key` (`base_url`, `output_dir`) itself, if written.
    pub(crate) fn key(&self, key: &str) -> Option<(usize, usize)> {
        self.key_of(&self.keys, key)
    }

    /// The key `key` of `[paths]`, if written.
    pub(crate) fn paths_key(&self, key: &str) -> Option<(usize, usize)> {
        self.key_of(&self.spans.paths, key)
    }

    /// The `theme` value, if written.
    pub(crate) fn theme(&self) -> Option<(usize, usize)> {
        self.of(self.spans.theme.as_ref())
    }

    /// The `language` value (the default language), if written.
    pub(crate) fn language(&self) -> Option<(usize, usize)> {
        self.of(self.spans.language.as_ref())
    }

    /// The value of `key` in the `n`-th (0-based) `[[languages]]` entry, if written.
    pub(crate) fn languages(&self, n: usize, key: &str) -> Option<(usize, usize)> {
        self.of(self.spans.languages.get(n).and_then(|t| t.0.get(key)))
    }

    /// The `name` of the `n`-th (0-based) `[[taxonomies]]` entry.
    pub(crate) fn taxonomy(&self, n: usize) -> Option<(usize, usize)> {
        self.of(self.spans.taxonomies.get(n).map(|t| &t.name))
    }

    /// The value of `key` in `[brand]`, if written.
    pub(crate) fn brand(&self, key: &str) -> Option<(usize, usize)> {
        self.of(self.spans.brand.0.get(key))
    }

    /// The `[home]` `start` value, if written.
    pub(crate) fn home_start(&self) -> Option<(usize, usize)> {
        self.of(self.spans.home.start.as_ref())
    }

    /// The `n`-th (0-based) item of `[home]` `links`, if written.
    pub(crate) fn home_link(&self, n: usize) -> Option<(usize, usize)> {
        self.of(self.spans.home.links.get(n))
    }

    /// The `[highlight]` `light` (or, with `dark`, the `dark`) value, if written.
    pub(crate) fn highlight(&self, dark: bool) -> Option<(usize, usize)> {
        let h = &self.spans.highlight;
        self.of(if dark { h.dark.as_ref() } else { h.light.as_ref() })
    }
}

/// 1-based line and column of the `theme` value in `site.toml` text, or (0, 0) when
/// it is not written (the default applies).
pub(crate) fn theme_position(text: &str) -> (usize, usize) {
    Positions::new(text).theme().unwrap_or((0, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_keys_are_where_the_parser_says_not_where_their_text_first_appears() {
        let text = "# Our language school, \"zh\" and base_url\ntitle = \"x\"\nlanguage = \"E N\"\nbase_url = \"a\"\n\
                    [paths]\n  pass_mark = 120\n[[languages]]\ncode = \"zh\"\n[[languages]]\ncode = \"zh\"\ndir = \"up\"\n\
                    [home]\nlinks = [\"zh\", \"b\"]\n";
        let p = Positions::new(text);
        assert_eq!(p.language(), Some((3, 12)));
        assert_eq!(p.key("base_url"), Some((4, 1)));
        assert_eq!(p.paths_key("pass_mark"), Some((6, 3)));
        assert_eq!(p.languages(1, "code"), Some((10, 8)));
        assert_eq!(p.languages(1, "dir"), Some((11, 7)));
        assert_eq!(p.languages(0, "dir"), None);
        assert_eq!(p.home_link(0), Some((13, 10)));
        assert_eq!(p.home_link(1), Some((13, 16)));
    }
}
