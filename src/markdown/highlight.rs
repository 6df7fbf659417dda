//! Syntax highlighting with syntect, emitting CSS classes (never inline styles).
//!
//! The syntaxes and themes are bat's, as packaged by the `two-face` crate: pre-built
//! syntect dumps of about 200 languages (PowerShell, TypeScript, TOML, Dockerfile,
//! HCL, Kotlin, Swift, Nix, GraphQL, Solidity, …) and some 30 themes. Both are loaded
//! lazily, once per [`Highlighter`], and shared by every page (they are `Sync`): the
//! syntax set on the first code block, the themes when the stylesheet is made (only
//! the two named themes are decompressed). The stylesheet for a light and a dark
//! theme is generated from the same class names; each theme applies alone, by
//! `prefers-color-scheme` unless the theme switch chose one (`data-theme`).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::LazyThemeSet;

/// The prefix of the class names highlighted code carries.
const CLASS_PREFIX: &str = "hl-";
const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: CLASS_PREFIX };

/// Fence names that are not a file extension or name of a syntax in the set, mapped
/// to one that is (lowercase). Extensions (`ps1`, `ts`, `yml`, `tf`, …) and syntax
/// names (`powershell`, `typescript`, …) resolve without an entry here.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("pwsh", "ps1"),
    ("posh", "ps1"),
    ("shell", "bash"),
    ("console", "bash"),
    ("shell-session", "bash"),
    ("terminal", "bash"),
    ("javascript", "js"),
    ("node", "js"),
    ("jsonc", "json"),
    ("json5", "json"),
    ("docker", "dockerfile"),
    ("containerfile", "dockerfile"),
    ("golang", "go"),
    ("python3", "python"),
    ("csharp", "cs"),
    // `fs` is also a GLSL extension; in documentation it is F#.
    ("fs", "fsx"),
    ("fsharp", "fsx"),
    ("objc", "m"),
    ("batch", "bat"),
    ("conf", "ini"),
    ("udiff", "diff"),
];

/// Fence names that mean "no highlighting" and are not worth a warning.
pub const PLAIN: &[&str] = &["text", "txt", "plain", "plaintext", "none", "output"];

pub struct Highlighter {
    /// Tells this highlighter's remembered lines from another's (see [`LineMemo`]).
    id: u64,
    made_of: MadeOf,
    /// Loaded from `made_of` on first use.
    syntaxes: OnceLock<SyntaxSet>,
    themes: OnceLock<LazyThemeSet>,
}

/// What a [`Highlighter`] is made of: the functions that load its syntax and theme
/// sets (bat's, embedded in the binary by `two-face`) and the prefix of the class
/// names it writes. A site's settings are not among them: highlighted code carries
/// class names, the same whatever `[highlight]` themes site.toml names; only the
/// stylesheet ([`Highlighter::stylesheet`]) reads the themes, by the names it is given.
#[derive(Clone, Copy, Hash)]
struct MadeOf {
    syntaxes: fn() -> SyntaxSet,
    themes: fn() -> two_face::theme::EmbeddedLazyThemeSet,
    class_prefix: &'static str,
}

/// A highlighter hashes as what it is made of (its loaded sets are that, decompressed):
/// so the incremental layer keys highlighted pages by it, and a highlighter made of
/// other sets would not reuse them.
impl std::hash::Hash for Highlighter {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.made_of.hash(state);
    }
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
    /// Fence name → index of its syntax in the set (`None`: unknown), so that a
    /// block does not lowercase its fence name and scan the ~200 syntaxes again.
    syntax_of: HashMap<Box<str>, Option<usize>>,
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
    /// A highlighter; nothing is loaded until the first code block or stylesheet.
    pub fn new() -> Self {
        Highlighter {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            made_of: MadeOf {
                syntaxes: two_face::syntax::extra_newlines,
                themes: two_face::theme::extra,
                class_prefix: CLASS_PREFIX,
            },
            syntaxes: OnceLock::new(),
            themes: OnceLock::new(),
        }
    }

    /// The syntax set, deserialized from the embedded dump on first use (syntect
    /// compiles each syntax's regexes only when a block of it is highlighted).
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(self.made_of.syntaxes)
    }

    /// The theme set; each theme is decompressed the first time it is asked for.
    fn themes(&self) -> &LazyThemeSet {
        self.themes.get_or_init(|| LazyThemeSet::from((self.made_of.themes)()))
    }

    /// Fence names that mean "no highlighting" and are not worth a warning.
    pub(crate) fn is_plain(lang: &str) -> bool {
        PLAIN.iter().any(|p| p.eq_ignore_ascii_case(lang))
    }

    /// The syntax a fence name stands for: an alias from [`ALIASES`], then a file
    /// extension of a syntax (`ps1`, `tsx`, `toml`), then a syntax name (`PowerShell`),
    /// all case-insensitively.
    pub(crate) fn syntax_for(&self, lang: &str) -> Option<&SyntaxReference> {
        let lang = lang.to_ascii_lowercase();
        let name = ALIASES.iter().find(|(a, _)| *a == lang).map(|(_, t)| *t).unwrap_or(&lang);
        self.syntaxes().find_syntax_by_token(name)
    }

    /// The name of the syntax a fence name resolves to (`ps1` → `PowerShell`).
    #[cfg(test)]
    pub(crate) fn syntax_name(&self, lang: &str) -> Option<&str> {
        self.syntax_for(lang).map(|s| s.name.as_str())
    }

    /// Every language the highlighter knows: its syntax name and the fence names that
    /// select it (lowercased name, file extensions, aliases), sorted by name.
    pub fn languages(&self) -> Vec<(String, Vec<String>)> {
        let set = self.syntaxes();
        let mut out: Vec<(String, Vec<String>)> = Vec::new();
        for syntax in set.syntaxes() {
            if syntax.hidden {
                continue;
            }
            let mut names = Vec::new();
            let mut push = |n: String| {
                let shown = !n.is_empty() && !n.starts_with('.') && !n.contains(char::is_whitespace);
                if shown && !Self::is_plain(&n) && !names.contains(&n) {
                    names.push(n);
                }
            };
            let own = syntax.name.to_ascii_lowercase();
            if self.syntax_for(&own).is_some_and(|s| s.name == syntax.name) {
                push(own);
            }
            for ext in &syntax.file_extensions {
                if self.syntax_for(ext).is_some_and(|s| s.name == syntax.name) {
                    push(ext.to_ascii_lowercase());
                }
            }
            for (alias, _) in ALIASES {
                if self.syntax_for(alias).is_some_and(|s| s.name == syntax.name) {
                    push((*alias).to_string());
                }
            }
            if !names.is_empty() {
                out.push((syntax.name.clone(), names));
            }
        }
        out.sort_by_key(|(name, _)| name.to_lowercase());
        out
    }

    /// Highlighted HTML lines for `code`, or `None` if the language is unknown.
    pub(crate) fn highlight(&self, lang: &str, code: &str) -> Option<String> {
        let syntaxes = self.syntaxes();
        let mut open: isize = 0;
        let mut html = String::with_capacity(code.len() * 3);
        LINES.with(|memo| {
            let mut memo = memo.borrow_mut();
            if memo.owner != self.id {
                *memo = LineMemo { owner: self.id, ..LineMemo::default() };
            }
            let index = match memo.syntax_of.get(lang) {
                Some(index) => *index,
                None => {
                    let found =
                        self.syntax_for(lang).and_then(|s| syntaxes.syntaxes().iter().position(|t| std::ptr::eq(t, s)));
                    memo.syntax_of.insert(lang.into(), found);
                    found
                }
            };
            let syntax = &syntaxes.syntaxes()[index?];
            // What syntect's ClassedHTMLGenerator does, one remembered step per line.
            let mut parse = ParseState::new(syntax);
            let mut stack = ScopeStack::new();
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
                let ops = parse.parse_line(line, syntaxes).ok()?;
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

    /// The names of the themes a site may pick for `[highlight]`, sorted.
    pub fn theme_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.themes().theme_names().collect();
        names.sort_by_key(|n| n.to_lowercase());
        names
    }

    /// The stylesheet: light rules, then dark rules inside a media query.
    pub(crate) fn stylesheet(&self, light: &str, dark: &str) -> String {
        let css = |name: &str| {
            self.themes()
                .get(name)
                .and_then(|t| css_for_theme_with_class_style(&readable(t), STYLE).ok())
                .unwrap_or_default()
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

/// The contrast every text colour of a theme gets against its background: WCAG 2.1's
/// 4.5:1 for normal text (success criterion 1.4.3).
const MIN_CONTRAST: f64 = 4.5;

/// `theme` with every text colour that reads below [`MIN_CONTRAST`] on the theme's
/// background moved towards black (on a light background) or white (on a dark one),
/// by the smallest step that reaches it; colours that pass are kept exactly. Several
/// of the bundled themes colour some tokens too faintly (InspiredGitHub's TOML keys
/// and PowerShell functions at 3.0:1, base16-ocean.dark's `#bf616a` at 4.4:1), and a
/// site should not fail an accessibility check for the theme it picked.
fn readable(theme: &syntect::highlighting::Theme) -> syntect::highlighting::Theme {
    use syntect::highlighting::Color;
    let mut theme = theme.clone();
    let bg = theme.settings.background.unwrap_or(Color::WHITE);
    let bg = (bg.r, bg.g, bg.b);
    let fix = |c: &mut Color| {
        let fg = blend((c.r, c.g, c.b), c.a, bg);
        let (r, g, b) = readable_rgb(fg, bg);
        if (r, g, b) != fg {
            *c = Color { r, g, b, a: 255 };
        }
    };
    if let Some(c) = theme.settings.foreground.as_mut() {
        fix(c);
    }
    for item in &mut theme.scopes {
        if let Some(c) = item.style.foreground.as_mut() {
            fix(c);
        }
    }
    theme
}

/// `fg` at opacity `a` over `bg`.
fn blend(fg: (u8, u8, u8), a: u8, bg: (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |f: u8, b: u8| ((f64::from(f) * f64::from(a) + f64::from(b) * f64::from(255 - a)) / 255.0).round() as u8;
    (mix(fg.0, bg.0), mix(fg.1, bg.1), mix(fg.2, bg.2))
}

/// `fg`, or the first colour on the way from it to black or white (whichever contrasts
/// more with `bg`) that reaches [`MIN_CONTRAST`] against `bg`.
fn readable_rgb(fg: (u8, u8, u8), bg: (u8, u8, u8)) -> (u8, u8, u8) {
    if contrast(fg, bg) >= MIN_CONTRAST {
        return fg;
    }
    let target = if contrast((0, 0, 0), bg) >= contrast((255, 255, 255), bg) { 0.0 } else { 255.0 };
    let towards = |c: u8, t: f64| (f64::from(c) + (target - f64::from(c)) * t).round() as u8;
    for step in 1..=100 {
        let t = f64::from(step) / 100.0;
        let c = (towards(fg.0, t), towards(fg.1, t), towards(fg.2, t));
        if contrast(c, bg) >= MIN_CONTRAST {
            return c;
        }
    }
    if target == 0.0 {
        (0, 0, 0)
    } else {
        (255, 255, 255)
    }
}

/// WCAG 2.1 contrast ratio of two sRGB colours.
fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    crate::colour::contrast([a.0, a.1, a.2], [b.0, b.1, b.2])
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
            let syntax = h.syntaxes().find_syntax_by_token(lang).unwrap();
            let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, h.syntaxes(), STYLE);
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
                // The remembered fence name → syntax lookup gives the same syntax.
                let upper = lang.to_ascii_uppercase();
                assert_eq!(h.highlight(&upper, code).unwrap(), plain(lang, code), "{upper}: {code}");
            }
            assert!(h.highlight("nosuchlang", "x\n").is_none());
        }
    }

    /// The fence names authors commonly write, and the syntax each must select.
    #[test]
    fn common_fence_names_resolve() {
        let h = Highlighter::new();
        let table = [
            ("ps1", "PowerShell"),
            ("pwsh", "PowerShell"),
            ("PowerShell", "PowerShell"),
            ("sh", "Bourne Again Shell (bash)"),
            ("shell", "Bourne Again Shell (bash)"),
            ("console", "Bourne Again Shell (bash)"),
            ("bash", "Bourne Again Shell (bash)"),
            ("yml", "YAML"),
            ("yaml", "YAML"),
            ("js", "JavaScript (Babel)"),
            ("javascript", "JavaScript (Babel)"),
            ("ts", "TypeScript"),
            ("typescript", "TypeScript"),
            ("tsx", "TypeScriptReact"),
            ("toml", "TOML"),
            ("dockerfile", "Dockerfile"),
            ("Dockerfile", "Dockerfile"),
            ("hcl", "Terraform"),
            ("terraform", "Terraform"),
            ("tf", "Terraform"),
            ("kotlin", "Kotlin"),
            ("kt", "Kotlin"),
            ("swift", "Swift"),
            ("graphql", "GraphQL"),
            ("gql", "GraphQL"),
            ("solidity", "Solidity"),
            ("sol", "Solidity"),
            ("nix", "Nix"),
            ("fs", "F#"),
            ("csharp", "C#"),
            ("jsonc", "JSON"),
            ("rust", "Rust"),
            ("python", "Python"),
            ("go", "Go"),
            ("sql", "SQL"),
            ("diff", "Diff"),
        ];
        for (fence, syntax) in table {
            assert_eq!(h.syntax_name(fence), Some(syntax), "fence `{fence}`");
        }
        for plain in ["text", "plaintext", "TEXT", "txt", "none"] {
            assert!(Highlighter::is_plain(plain), "{plain}");
        }
        assert!(!Highlighter::is_plain("powershell"));
        assert_eq!(h.syntax_name("nosuchlang"), None);
    }

    /// Every alias selects a syntax, and would not select the same one without the
    /// entry (no dead or redundant rows in the table).
    #[test]
    fn every_alias_resolves_and_is_needed() {
        let h = Highlighter::new();
        for (alias, target) in ALIASES {
            assert_eq!(*alias, alias.to_ascii_lowercase(), "aliases are matched lowercased");
            let via = h.syntax_name(alias);
            assert!(via.is_some(), "alias `{alias}` → `{target}` selects nothing");
            let direct = h.syntaxes().find_syntax_by_token(alias).map(|s| s.name.as_str());
            assert_ne!(direct, via, "alias `{alias}` is redundant: the set resolves it alone");
        }
    }

    /// Nothing is loaded by making a highlighter; themes do not load syntaxes; the
    /// syntax set is loaded by the first code block.
    #[test]
    fn sets_load_lazily() {
        let h = Highlighter::new();
        assert!(h.syntaxes.get().is_none() && h.themes.get().is_none());
        assert!(h.theme_names().contains(&"Nord") && !h.theme_names().contains(&"nord2"));
        let _ = h.stylesheet("InspiredGitHub", "Dracula");
        assert!(h.syntaxes.get().is_none(), "the stylesheet loaded the syntaxes");
        assert!(Highlighter::is_plain("text") && h.syntaxes.get().is_none());
        assert!(h.highlight("toml", "a = 1\n").is_some());
        assert!(h.syntaxes.get().is_some());
    }

    #[test]
    fn languages_list_names_fences_once_and_hides_plain_names() {
        let h = Highlighter::new();
        let langs = h.languages();
        assert!(langs.len() > 150, "{} languages", langs.len());
        let ps = langs.iter().find(|(n, _)| n == "PowerShell").map(|(_, f)| f.clone()).unwrap_or_default();
        assert_eq!(ps[..3], ["powershell", "ps1", "psm1"]);
        assert!(ps.contains(&"pwsh".to_string()));
        let mut seen = std::collections::HashSet::new();
        for (name, fences) in &langs {
            for f in fences {
                assert!(seen.insert(f.clone()), "fence `{f}` listed twice ({name})");
                assert_eq!(h.syntax_name(f), Some(name.as_str()), "`{f}` listed under {name}");
                assert!(!Highlighter::is_plain(f));
            }
        }
    }

    #[test]
    fn every_theme_colour_reads_at_4_5_to_1() {
        let h = Highlighter::new();
        let names: Vec<String> = h.themes().theme_names().map(str::to_string).collect();
        assert!(names.len() > 20, "{names:?}");
        for name in &names {
            let theme = readable(h.themes().get(name).unwrap());
            let bg = theme.settings.background.map_or((255, 255, 255), |c| (c.r, c.g, c.b));
            let colours =
                theme.settings.foreground.iter().chain(theme.scopes.iter().filter_map(|s| s.style.foreground.as_ref()));
            for c in colours {
                let fg = blend((c.r, c.g, c.b), c.a, bg);
                assert!(contrast(fg, bg) >= MIN_CONTRAST, "{name}: {fg:?} on {bg:?}: {:.2}", contrast(fg, bg));
            }
            // What reaches the stylesheet is those colours.
            let css = css_for_theme_with_class_style(&theme, STYLE).unwrap();
            assert!(css.contains(".hl-"), "{name}");
        }
        // A colour that passes is kept exactly; one that does not is moved as little as
        // needed.
        assert_eq!(readable_rgb((0x32, 0x32, 0x32), (255, 255, 255)), (0x32, 0x32, 0x32));
        let moved = readable_rgb((0xbf, 0x61, 0x6a), (0x2b, 0x30, 0x3b));
        assert!(contrast(moved, (0x2b, 0x30, 0x3b)) >= MIN_CONTRAST);
        assert!(contrast(moved, (0x2b, 0x30, 0x3b)) < MIN_CONTRAST + 0.3, "{moved:?}");
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
