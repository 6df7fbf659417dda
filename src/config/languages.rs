//! Checks of `[[languages]]` in site.toml.

use super::is_language_tag;
use super::positions::Positions;
use super::SiteConfig;
use crate::diagnostics::Diagnostic;
/// Checks of `[[languages]]` (see `crate::i18n` for what they declare).
pub(super) fn validate_languages(path: &str, text: &str, c: &SiteConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let positions = Positions::new(text);
    if !c.languages.is_empty() && !is_language_tag(&c.language) {
        let (l, col) = positions.language().unwrap_or((0, 0));
        out.push(
            Diagnostic::error(path, l, col, format!("language `{}` is not a language code", c.language))
                .with_hint("write a lowercase code such as `en`, `zh` or `pt-BR`")
                .with_source(text, c.language.chars().count() + 2),
        );
    }
    let mut seen = std::collections::HashSet::new();
    for (n, l) in c.languages.iter().enumerate() {
        let at = |key: &str| positions.languages(n, key).unwrap_or((0, 0));
        let (line, col) = at("code");
        if !is_language_tag(&l.code) {
            out.push(
                Diagnostic::error(path, line, col, format!("language code `{}` is not a language code", l.code))
                    .with_hint(
                        "write a lowercase code such as `zh`, `ar` or `pt-BR`; it is also the URL prefix (`/zh/`)",
                    )
                    .with_source(text, l.code.chars().count() + 2),
            );
        }
        if !seen.insert(l.code.to_ascii_lowercase()) {
            out.push(
                Diagnostic::error(path, line, col, format!("language `{}` is declared twice", l.code))
                    .with_hint("declare each language once")
                    .with_source(text, l.code.chars().count() + 2),
            );
        }
        if let Some(d) = &l.dir {
            if d != "ltr" && d != "rtl" {
                let (line, col) = at("dir");
                out.push(
                    Diagnostic::error(path, line, col, format!("`dir = \"{d}\"` is not a writing direction"))
                        .with_hint("write `dir = \"rtl\"` or `dir = \"ltr\"`, or leave it out")
                        .with_source(text, d.chars().count() + 2),
                );
            }
        }
    }
    out
}
