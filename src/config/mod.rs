//! `site.toml`: the raw serde structure (unknown keys rejected) and its validation.
//!
//! Sits before every other stage: the loader is told where to look, the renderer how
//! to render. Parsing returns [`Diagnostic`]s with file:line:col; no other IO here
//! (the caller reads the file).
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use crate::diagnostics::{hint_did_you_mean, Diagnostic, LineIndex, Span};
use serde::{Deserialize, Serialize};

mod brand;
use brand::validate_brand;
mod highlight;
pub(crate) use highlight::check_highlight_themes;
mod languages;
mod positions;
pub(crate) use brand::{check_home, home_url, BrandConfig, HomeConfig};
use languages::validate_languages;
pub(crate) use positions::{theme_position, Positions};

pub(crate) const CONFIG_FILE: &str = "site.toml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub(crate) title: String,
    #[serde(default)]
    pub(crate) description: String,
    /// Absolute base URL; enables sitemap.xml and canonical links.
    #[serde(default)]
    pub(crate) base_url: Option<String>,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    /// Further languages the site is published in (translations beside their
    /// originals, `page.zh.md`, published under `/zh/`); see `crate::i18n`.
    #[serde(default)]
    pub(crate) languages: Vec<LanguageConfig>,
    /// A theme under `themes/` (or the built-in `default`).
    #[serde(default = "default_theme")]
    pub(crate) theme: String,
    /// Allow a theme whose folder lies outside the site (a `../` path, an absolute
    /// path, or a symbolic link): its files are copied into the output.
    #[serde(default)]
    pub(crate) allow_theme_outside_site: bool,
    /// Content trust mode: `true` sanitizes authors' raw HTML (see docs/authoring.md,
    /// "Content trust modes"); script URLs are dropped in either mode.
    #[serde(default)]
    pub(crate) safe: bool,
    #[serde(default = "default_output")]
    pub(crate) output_dir: String,
    #[serde(default)]
    pub(crate) markdown: MarkdownOptions,
    #[serde(default)]
    pub(crate) highlight: HighlightOptions,
    #[serde(default)]
    pub(crate) taxonomies: Vec<TaxonomyConfig>,
    #[serde(default)]
    pub(crate) glossary: GlossaryConfig,
    #[serde(default)]
    pub(crate) search: SearchConfig,
    #[serde(default)]
    pub(crate) front_matter: FrontMatterConfig,
    #[serde(default)]
    pub(crate) repository: RepositoryConfig,
    /// A copy of the site for reading from disk, offered for download (`[offline]`).
    #[serde(default)]
    pub(crate) offline: OfflineConfig,
    #[serde(default)]
    pub(crate) paths: PathsConfig,
    /// The home page's hero in the default theme (`[home]`).
    #[serde(default)]
    pub(crate) home: HomeConfig,
    /// The site's logo and accent colour in the default theme (`[brand]`).
    #[serde(default)]
    pub(crate) brand: BrandConfig,
    /// Free data for templates.
    #[serde(default)]
    pub(crate) extra: toml::Table,
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}
fn yes() -> bool {
    true
}

/// One `[[languages]]` entry of site.toml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub(crate) struct LanguageConfig {
    /// A language tag: `zh`, `ar`, `pt-BR`. Also the URL prefix (`/zh/`).
    pub(crate) code: String,
    /// The language's name as written in it (`中文`); default: primer's list for the UN languages, else the code.
    #[serde(default)]
    pub(crate) name: Option<String>,
    /// The site's title and description in this language (default: the site's).
    #[serde(default)]
    pub(crate) title: Option<String>,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Writing direction, `ltr` or `rtl` (default: `rtl` for Arabic, Hebrew, Persian, Urdu…).
    #[serde(default)]
    pub(crate) dir: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownOptions {
    #[serde(default = "yes")]
    pub(crate) tables: bool,
    #[serde(default = "yes")]
    pub(crate) footnotes: bool,
    #[serde(default = "yes")]
    pub(crate) strikethrough: bool,
    #[serde(default = "yes")]
    pub(crate) task_lists: bool,
    #[serde(default = "yes")]
    pub(crate) smart_punctuation: bool,
    /// GitHub-style alerts (`> [!NOTE]`, `[!TIP]`, …) become callouts.
    #[serde(default = "yes")]
    pub(crate) alerts: bool,
    /// `:::tabs`, `:::steps` and `:::cards` blocks (see `markdown::containers`).
    #[serde(default = "yes")]
    pub(crate) containers: bool,
    /// Add a `#` self-link to every heading.
    #[serde(default = "yes")]
    pub(crate) heading_anchors: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            tables: true,
            footnotes: true,
            strikethrough: true,
            task_lists: true,
            smart_punctuation: true,
            alerts: true,
            containers: true,
            heading_anchors: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HighlightOptions {
    #[serde(default = "default_light")]
    pub(crate) light: String,
    #[serde(default = "default_dark")]
    pub(crate) dark: String,
}

fn default_light() -> String {
    "InspiredGitHub".into()
}
fn default_dark() -> String {
    "base16-ocean.dark".into()
}

impl Default for HighlightOptions {
    fn default() -> Self {
        HighlightOptions { light: default_light(), dark: default_dark() }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TaxonomyConfig {
    /// Front matter key and URL folder, e.g. `sdgs`.
    pub(crate) name: String,
    pub(crate) title: String,
    /// A closed vocabulary: only `terms` (or, if empty, the term pages) are allowed.
    #[serde(default)]
    pub(crate) closed: bool,
    #[serde(default)]
    pub(crate) terms: Vec<String>,
    /// How the list page shows terms: `list` (default) or `grid` (coloured tiles).
    #[serde(default)]
    pub(crate) view: TaxonomyView,
    /// Add a matrix of pages in `matrix_section` × terms to the list page.
    #[serde(default)]
    pub(crate) matrix_section: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub(crate) enum TaxonomyView {
    #[default]
    List,
    Grid,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GlossaryConfig {
    /// The content folder that holds glossary term pages.
    #[serde(default = "default_glossary")]
    pub(crate) section: String,
    /// Link the first occurrence of each term in prose.
    #[serde(default = "yes")]
    pub(crate) autolink: bool,
}

fn default_glossary() -> String {
    "glossary".into()
}

impl Default for GlossaryConfig {
    fn default() -> Self {
        GlossaryConfig { section: default_glossary(), autolink: true }
    }
}

/// `[repository]`: where the site's sources live, for "Edit this page".
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RepositoryConfig {
    /// The address a page's source path (`content/a/b.md`) is appended to, to edit it:
    /// `https://github.com/org/repo/edit/main/` (GitLab: `…/-/edit/main/`); a site in a
    /// sub-folder of its repository adds the folder (`…/edit/main/docs/`).
    #[serde(default)]
    pub(crate) edit_url: Option<String>,
    /// Where "Last updated" comes from: `front-matter` (the default: only pages with
    /// `updated`) or `git` (a page without `updated` shows the date of the last commit
    /// that changed its file; `updated` still wins).
    #[serde(default)]
    pub(crate) last_updated: LastUpdated,
}

/// `[repository] last_updated`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum LastUpdated {
    #[default]
    FrontMatter,
    Git,
}

/// `[front_matter]`: how pages' front matter is read.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatterConfig {
    /// Keys primer does not know that are kept under `extra` instead of being errors:
    /// names (`author`), prefixes ending in `*` (`ms.*`), or `*` for every key. For
    /// sites that come from another generator.
    #[serde(default)]
    pub(crate) keep: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchConfig {
    #[serde(default = "yes")]
    pub(crate) enabled: bool,
}

/// `[paths]`: training paths and their knowledge checks.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PathsConfig {
    /// Percentage of right answers that passes a knowledge check (a path's or a check
    /// page's `pass_mark` front matter overrides it).
    #[serde(default = "default_pass_mark")]
    pub(crate) pass_mark: u8,
}

fn default_pass_mark() -> u8 {
    80
}

impl Default for PathsConfig {
    fn default() -> Self {
        PathsConfig { pass_mark: default_pass_mark() }
    }
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

/// `[offline] download = true`: every build also writes `offline.zip`, a copy of the
/// site that works opened from disk (see `primer build --offline`), and the footer
/// links to it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OfflineConfig {
    #[serde(default)]
    pub(crate) download: bool,
}

const TOP_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "languages",
    "theme",
    "allow_theme_outside_site",
    "safe",
    "output_dir",
    "markdown",
    "highlight",
    "taxonomies",
    "glossary",
    "search",
    "offline",
    "paths",
    "home",
    "brand",
    "extra",
];

/// Parse and validate `site.toml` text. `path` is the display path.
pub(crate) fn parse(path: &str, text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let config: SiteConfig = toml::from_str(text).map_err(|e| vec![toml_error(path, text, &e)])?;
    let errors = validate(path, text, &config);
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

fn toml_error(path: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    let (line, col) = e.span().map(|s| LineIndex::new(text).position(s.start)).unwrap_or((0, 0));
    let len = e.span().map(|s| s.len()).unwrap_or(1);
    let message = e.message().trim().to_string();
    let mut d =
        Diagnostic::error_at(path, text, Span::new(line, col, len), format!("invalid site configuration: {message}"));
    if let Some(key) = unknown_field(&message) {
        d.message = format!("unknown key `{key}` in {path}");
        let candidates = TOP_KEYS.iter().copied().chain(nested_keys(&message));
        let hint = hint_did_you_mean(key, candidates, "", || format!("remove it; known keys: {}", TOP_KEYS.join(", ")));
        d = d.with_hint(hint);
    }
    d
}

/// Extract `x` from serde's "unknown field `x`, expected ..." message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

/// The expected keys that serde lists in an "unknown field" message.
fn nested_keys(message: &str) -> impl Iterator<Item = &str> {
    let expected = message.split_once("expected").map(|(_, e)| e).unwrap_or("");
    expected.split('`').skip(1).step_by(2)
}

fn validate(path: &str, text: &str, c: &SiteConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = Positions::new(text);
    let mut seen = std::collections::HashSet::new();
    for (i, t) in c.taxonomies.iter().enumerate() {
        let (l, col) = at.taxonomy(i).unwrap_or((0, 0));
        let name_at = Span::new(l, col, t.name.len() + 2);
        if !is_slug(&t.name) {
            out.push(
                Diagnostic::error_at(path, text, name_at, format!("taxonomy name `{}` is not a valid key", t.name))
                    .with_hint("use lowercase letters, digits, `-` and `_`"),
            );
        }
        if RESERVED_KEYS.contains(&t.name.as_str()) {
            out.push(
                Diagnostic::error_at(
                    path,
                    text,
                    name_at,
                    format!("taxonomy name `{}` is a reserved front matter key", t.name),
                )
                .with_hint("choose another name"),
            );
        }
        if !seen.insert(t.name.clone()) {
            out.push(Diagnostic::error_at(
                path,
                text,
                Span { len: 1, ..name_at },
                format!("taxonomy `{}` is declared twice", t.name),
            ));
        }
    }
    out.extend(validate_languages(path, text, c));
    if c.paths.pass_mark > 100 {
        let (line, col) = at.paths_key("pass_mark").unwrap_or((0, 0));
        out.push(
            Diagnostic::error_at(
                path,
                text,
                Span::new(line, col, "pass_mark".len()),
                format!("`pass_mark` is {}, more than 100", c.paths.pass_mark),
            )
            .with_hint("`[paths] pass_mark` is a percentage from 0 to 100 (default 80)"),
        );
    }
    out.extend(validate_brand(path, text, c));
    if let Some(b) = &c.base_url {
        if !(b.starts_with("http://") || b.starts_with("https://")) {
            // At the key, which names what is wrong.
            let (l, col) = at.key("base_url").unwrap_or((0, 0));
            out.push(
                Diagnostic::error_at(
                    path,
                    text,
                    Span::new(l, col, 8),
                    format!("base_url `{b}` is not an absolute http(s) URL"),
                )
                .with_hint("write e.g. base_url = \"https://example.org/portal/\", or remove it"),
            );
        }
    }
    out
}

/// The theme and whether it may lie outside the site, read leniently (the dev
/// server's watcher needs them even while site.toml has other errors).
pub(crate) fn theme_of(text: &str) -> (String, bool) {
    #[derive(Deserialize)]
    struct Theme {
        theme: Option<String>,
        allow_theme_outside_site: Option<bool>,
    }
    match toml::from_str::<Theme>(text) {
        Ok(t) => (t.theme.unwrap_or_else(default_theme), t.allow_theme_outside_site.unwrap_or(false)),
        Err(_) => (default_theme(), false),
    }
}

/// The output folder, read leniently like [`theme_of`] (the dev server's watcher
/// leaves it out before the first build has read site.toml); `public` when unreadable.
pub(crate) fn output_dir_of(text: &str) -> String {
    #[derive(Deserialize)]
    struct Output {
        output_dir: Option<String>,
    }
    toml::from_str::<Output>(text).ok().and_then(|o| o.output_dir).unwrap_or_else(|| "public".into())
}

/// The keys every content file may use, besides taxonomy names.
pub const FRONT_MATTER_KEYS: &[&str] = &[
    "title",
    "description",
    "weight",
    "date",
    "updated",
    "draft",
    "slug",
    "aliases",
    "template",
    "language",
    "glossary",
    "extra",
    "quiz",
    "tree",
    "term",
    "definition",
    "source",
    "related",
    "modules",
    "objectives",
    "estimated_minutes",
    "exercise_minutes",
    "pass_mark",
    "quiz_shuffle",
];

/// Front matter keys a taxonomy may not take: the keys every content file already has.
pub(crate) const RESERVED_KEYS: &[&str] = FRONT_MATTER_KEYS;

pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

impl SiteConfig {
    pub(crate) fn taxonomy(&self, name: &str) -> Option<&TaxonomyConfig> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// `base_url` with exactly one trailing slash.
    pub(crate) fn base(&self) -> Option<String> {
        self.base_url.as_ref().map(|b| format!("{}/", b.trim_end_matches('/')))
    }
}

/// A language tag primer accepts: letters, digits and `-`, starting with 2-3 letters.
pub(crate) fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_top_level_key_reports_line_and_hint() {
        let e = parse("site.toml", "title = \"x\"\ntitel = \"y\"\n").unwrap_err();
        assert_eq!(e[0].headline(), "site.toml:2:1: error: unknown key `titel` in site.toml");
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn unknown_nested_key_suggests_the_nested_name() {
        let e = parse("site.toml", "title = \"x\"\n[markdown]\ntabels = true\n").unwrap_err();
        assert_eq!(e[0].line, 3);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `tables`?"));
    }

    #[test]
    fn the_theme_value_is_found_by_line_and_column() {
        let text = "title = \"x\"\n  theme = \"../t\"\n[extra]\ntheme = 1\n";
        assert_eq!(theme_position(text), (2, 11));
        assert_eq!(theme_position("title = \"x\"\n"), (0, 0));
    }

    #[test]
    fn a_value_is_located_where_the_parser_read_it_not_where_its_text_first_occurs() {
        let text = "title = \"Bad Name\"\n\n[[taxonomies]]\nname = \"Bad Name\"\ntitle = \"T\"\n";
        let e = parse("site.toml", text).unwrap_err();
        assert_eq!(e[0].headline(), "site.toml:4:8: error: taxonomy name `Bad Name` is not a valid key");
    }

    #[test]
    fn defaults_apply() {
        let c = parse("site.toml", "title = \"x\"\n").unwrap();
        assert_eq!(c.output_dir, "public");
        assert_eq!(c.theme, "default");
        assert!(c.markdown.tables);
        assert!(!c.safe && !c.allow_theme_outside_site);
    }
}
