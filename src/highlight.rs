//! Syntax highlighting with syntect, emitting CSS classes (never inline styles).
//!
//! Syntax and theme sets are loaded once per [`Highlighter`] and shared by every page
//! (they are `Sync`); the stylesheet for a light and a dark theme is generated from
//! the same class names; each theme applies alone, by `prefers-color-scheme` unless the theme switch chose (`data-theme`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxSet};
use syntect::util::LinesWithEndings;

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Fence names that syntect's default set lacks, mapped to the closest syntax it has.
const ALIASES: &[(&str, &str)] =
    &[("solidity", "js"), ("sol", "js"), ("jsonc", "json"), ("toml", "yaml"), ("shell", "sh"), ("console", "sh")];

pub struct Highlighter {
    /// Tells this highlighter's remembered lines from another's (see [`LineMemo`]).
    id: u64,
    syntaxes: SyntaxSet,
    themes: ThemeSet,
}

/// Highlighting one line is a pure function of the line and the parser state before
/// it (syntect's `ParseState` and `ScopeStack`), and syntect spends most of a build's
/// time on it (its regex engine). Lines recur: closing braces, imports, the same
/// snippet on several pages, an unchanged block on the next rebuild in `serve`. Each
/// thread remembers the steps it has computed: (line, state before) → (HTML, span
/// delta, state after), so a recurring line in the same state is not parsed again.
/// Bounded: the memo is emptied when it grows past [`LineMemo::MAX`] entries.
#[derive(Default)]
struct LineMemo {
    /// The highlighter whose steps these are (parser states belong to its syntax set).
    owner: u64,
    steps: HashMap<Box<str>, Vec<Step>>,
    entries: usize,
}

struct Step {
    parse_before: ParseState,
    stack_before: ScopeStack,
    parse_after: ParseState,
    stack_after: ScopeStack,
    html: Box<str>,
    delta: isize,
}

impl LineMemo {
    const MAX: usize = 200_000;
}

thread_local! {
    static LINES: RefCell<LineMemo> = RefCell::new(LineMemo::default());
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl Highlighter {
    pub fn new() -> Self {
        Highlighter {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            syntaxes: SyntaxSet::load_defaults_newlines(),
            themes: ThemeSet::load_defaults(),
        }
    }

    /// Fence names that mean "no highlighting" and are not worth a warning.
    pub fn is_plain(lang: &str) -> bool {
        matches!(lang.to_ascii_lowercase().as_str(), "text" | "txt" | "plain" | "plaintext" | "none" | "output")
    }

    /// Highlighted HTML lines for `code`, or `None` if the language is unknown.
    pub fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let lang = lang.to_ascii_lowercase();
        let name = ALIASES.iter().find(|(a, _)| *a == lang).map(|(_, t)| *t).unwrap_or(&lang);
        let syntax = self.syntaxes.find_syntax_by_token(name)?;
        // What syntect's ClassedHTMLGenerator does, one remembered step per line.
        let mut parse = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut open: isize = 0;
        let mut html = String::with_capacity(code.len() * 3);
        LINES.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.owner != self.id {
                *memo = LineMemo { owner: self.id, ..LineMemo::default() };
            }
            for line in LinesWithEndings::from(code) {
                if let Some(step) = memo
                    .steps
                    .get(line)
                    .and_then(|steps| steps.iter().find(|s| s.parse_before == parse && s.stack_before == stack))
                {
                    html.push_str(&step.html);
                    open += step.delta;
                    parse.clone_from(&step.parse_after);
                    stack.clone_from(&step.stack_after);
                    continue;
                }
                let (parse_before, stack_before) = (parse.clone(), stack.clone());
                let ops = parse.parse_line(line, &self.syntaxes).ok()?;
                let (frag, delta) = line_tokens_to_classed_spans(line, &ops, STYLE, &mut stack).ok()?;
                html.push_str(&frag);
                open += delta;
                if memo.entries >= LineMemo::MAX {
                    memo.steps.clear();
                    memo.entries = 0;
                }
                memo.entries += 1;
                let step = Step {
                    parse_before,
                    stack_before,
                    parse_after: parse.clone(),
                    stack_after: stack.clone(),
                    html: frag.into(),
                    delta,
                };
                memo.steps.entry(line.into()).or_default().push(step);
            }
            Some(())
        })?;
        for _ in 0..open {
            html.push_str("</span>");
        }
        Some(html)
    }

    pub fn has_theme(&self, name: &str) -> bool {
        self.themes.themes.contains_key(name)
    }

    pub fn theme_names(&self) -> Vec<&str> {
        self.themes.themes.keys().map(String::as_str).collect()
    }

    /// The stylesheet: light rules, then dark rules inside a media query.
    pub fn stylesheet(&self, light: &str, dark: &str) -> String {
        let css = |name: &str| {
            self.themes.themes.get(name).and_then(|t| css_for_theme_with_class_style(t, STYLE).ok()).unwrap_or_default()
        };
        // Each theme's rules apply alone (a more specific rule of one never leaks into
        // the other): the system's choice unless the theme switch chose one
        // (`data-theme` on <html>), then that.
        let (light_css, dark_css) = (css(light), css(dark));
        format!(
            "/* generated by primer from the syntect themes {light} and {dark} */\n@media not all and (prefers-color-scheme: dark) {{\n{}}}\n{}@media (prefers-color-scheme: dark) {{\n{}}}\n{}",
            scope(&light_css, ":root:not([data-theme=\"dark\"])"),
            scope(&light_css, ":root[data-theme=\"light\"]"),
            scope(&dark_css, ":root:not([data-theme=\"light\"])"),
            scope(&dark_css, ":root[data-theme=\"dark\"]"),
        )
    }
}

/// Every rule of `css` with `prefix` before each of its selectors (comments dropped).
fn scope(css: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(css.len() * 2);
    let mut rest = css;
    while let Some(c) = rest.find("/*") {
        let end = rest[c..].find("*/").map(|e| c + e + 2).unwrap_or(rest.len());
        out.push_str(&rest[..c]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    let mut scoped = String::with_capacity(out.len() * 2);
    for rule in out.split_inclusive('}') {
        let Some((selectors, body)) = rule.split_once('{') else { continue };
        let selectors: Vec<String> =
            selectors.split(',').map(str::trim).filter(|s| !s.is_empty()).map(|s| format!("{prefix} {s}")).collect();
        if !selectors.is_empty() {
            scoped.push_str(&selectors.join(", "));
            scoped.push_str(" {");
            scoped.push_str(body);
            scoped.push('\n');
        }
    }
    scoped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_unknown_gets_none() {
        let h = Highlighter::new();
        let html = h.highlight("rust", "fn main() {}\n").unwrap_or_default();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
        assert!(h.highlight("nosuchlang", "x").is_none());
        assert!(h.highlight("solidity", "contract A {}\n").is_some());
    }

    /// The remembered steps give exactly what syntect's own generator gives, for a
    /// block seen for the first time, seen again, and sharing lines with another.
    #[test]
    fn remembered_lines_give_the_same_html_as_syntect() {
        use syntect::html::ClassedHTMLGenerator;
        let h = Highlighter::new();
        let plain = |lang: &str, code: &str| {
            let syntax = h.syntaxes.find_syntax_by_token(lang).unwrap();
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &h.syntaxes, STYLE);
            for line in LinesWithEndings::from(code) {
                gen.parse_html_for_line_which_includes_newline(line).unwrap();
            }
            gen.finalize()
        };
        let blocks = [
            ("rust", "/// Doc.\nfn main() {\n    let s = \"a\n}\";\n}\n"),
            ("rust", "fn main() {\n    /* open\n}\n*/ }\n"),
            ("rust", "}\n}\n"),
            ("json", "{\n  \"a\": [1, 2],\n  \"b\": \"}\"\n}\n"),
            ("yaml", "a: 1\nb: |\n  }\n  text\nc: [x]\n"),
            ("js", "contract A {\n  /* } */\n}\n"),
        ];
        for _ in 0..2 {
            for (lang, code) in blocks {
                assert_eq!(h.highlight(lang, code).unwrap(), plain(lang, code), "{lang}: {code}");
            }
        }
    }

    #[test]
    fn stylesheet_has_light_and_dark_parts() {
        let h = Highlighter::new();
        let css = h.stylesheet("InspiredGitHub", "base16-ocean.dark");
        assert!(css.contains("prefers-color-scheme: dark"));
        // The theme switch's choice wins over the system's in both directions.
        assert!(css.contains(":root:not([data-theme=\"light\"]) .hl-code {"), "{css}");
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-code {"), "{css}");
        assert!(css.contains(":root[data-theme=\"light\"] .hl-code {"), "{css}");
        assert!(css.contains(":root:not([data-theme=\"dark\"]) .hl-code {"), "{css}");
        // No rule applies unscoped (the other theme's rules would mix in).
        assert!(!css.lines().any(|l| l.starts_with(".hl-")), "{css}");
        assert!(css.contains(".hl-"));
    }
}
