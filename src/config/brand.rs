//! `[home]` and `[brand]`: the default theme's hero buttons, logo and accent colours,
//! and their checks (colours that keep WCAG AA contrast, a logo inside `static/`,
//! pages and files that exist once the site is built).

use super::positions::Positions;
use super::SiteConfig;
use super::CONFIG_FILE;
use crate::colour::{contrast, hex_rgb};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Span;
use serde::{Deserialize, Serialize};

/// `[home]`: the call-to-action buttons of the home page's hero (the default theme).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct HomeConfig {
    /// The primary button's page, as a site path (`"paths/"`); by default the section
    /// of the training paths, else the first section.
    #[serde(default)]
    pub(crate) start: Option<String>,
    /// Further buttons, as site paths; each is labelled with its page's title.
    #[serde(default)]
    pub(crate) links: Vec<String>,
}

/// `[brand]`: the site's logo and accent colour (the default theme).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct BrandConfig {
    /// An image of the site's `static/` folder (its path there: `"logo.svg"`), shown in
    /// the header and the home page's hero.
    #[serde(default)]
    pub(crate) logo: Option<String>,
    /// The logo's text alternative; empty (the default) when the logo only decorates the
    /// site's title beside it.
    #[serde(default)]
    pub(crate) logo_alt: String,
    /// The accent colour of links and buttons in the light scheme (`#rrggbb`).
    #[serde(default)]
    pub(crate) accent: Option<String>,
    /// The accent colour in the dark scheme (`#rrggbb`).
    #[serde(default)]
    pub(crate) accent_dark: Option<String>,
}

/// What an accent colour must keep its contrast with: (scheme, its backgrounds, the text
/// on an accent button) in the default theme's palette.
const ACCENT_GROUNDS: [(&str, &[&str], &str); 2] =
    [("light", &["#ffffff", "#f3f5f8"], "#ffffff"), ("dark", &["#14171c", "#1f242c"], "#0b1b2e")];

/// `[brand]`: colours written as `#rrggbb` that keep WCAG AA contrast (4.5:1) with the
/// default theme's backgrounds and with the text on an accent button; a logo path
/// that stays inside `static/`.
pub(super) fn validate_brand(path: &str, text: &str, c: &SiteConfig) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let positions = Positions::new(text);
    let brand = |key: &str| positions.brand(key).unwrap_or((0, 0));
    for ((key, value), (scheme, grounds, on)) in
        [("accent", &c.brand.accent), ("accent_dark", &c.brand.accent_dark)].into_iter().zip(ACCENT_GROUNDS)
    {
        let Some(value) = value else { continue };
        let (line, col) = brand(key);
        let at = Span::new(line, col, value.chars().count() + 2);
        let Some(rgb) = hex_rgb(value) else {
            out.push(
                Diagnostic::error_at(path, text, at, format!("`{key} = \"{value}\"` is not a colour"))
                    .with_hint("write the colour as `#rrggbb`, e.g. `\"#0b5cad\"`"),
            );
            continue;
        };
        let worst = grounds
            .iter()
            .chain(std::iter::once(&on))
            .filter_map(|g| hex_rgb(g).map(|b| (g, contrast(rgb, b))))
            .min_by(|a, b| a.1.total_cmp(&b.1));
        if let Some((g, ratio)) = worst.filter(|(_, r)| *r < 4.5) {
            out.push(
                Diagnostic::error_at(
                    path,
                    text,
                    at,
                    format!("`{key}` {value} has a contrast of {ratio:.2}:1 with {g} in the {scheme} scheme, less than 4.5:1"),
                )
                .with_hint(if scheme == "light" {
                    "links and buttons need WCAG AA contrast: choose a darker colour"
                } else {
                    "links and buttons need WCAG AA contrast: choose a lighter colour"
                }),
            );
        }
    }
    if let Some(logo) = &c.brand.logo {
        let bad = logo.is_empty()
            || logo.starts_with('/')
            || logo.contains('\\')
            || logo.split('/').any(|part| part == ".." || part == "." || part.is_empty());
        if bad {
            let (line, col) = brand("logo");
            out.push(
                Diagnostic::error_at(
                    path,
                    text,
                    Span::new(line, col, logo.chars().count() + 2),
                    format!("`logo = \"{logo}\"` is not a path inside static/"),
                )
                .with_hint("write the image's path under the site's static/ folder, e.g. `logo = \"logo.svg\"`"),
            );
        }
    }
    out
}

/// Checks of `[home]` and `[brand]` that need the built site: each `[home]` path names
/// a page (`has_page` takes a URL such as `/paths/`) and the logo is a file of the
/// site's static files (`has_file` takes its output path).
pub(crate) fn check_home(
    text: &str,
    c: &SiteConfig,
    has_page: &dyn Fn(&str) -> bool,
    has_file: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let positions = Positions::new(text);
    let start = c.home.start.iter().map(|s| ("start", s, positions.home_start()));
    let links = c.home.links.iter().enumerate().map(|(n, s)| ("links", s, positions.home_link(n)));
    for (key, target, at) in start.chain(links) {
        if has_page(&home_url(target)) {
            continue;
        }
        let (line, col) = at.unwrap_or((0, 0));
        out.push(
            Diagnostic::error_at(
                CONFIG_FILE,
                text,
                Span::new(line, col, target.chars().count() + 2),
                format!("`[home] {key}`: no page at `{target}`"),
            )
            .with_hint("write a page's path on the site, e.g. \"paths/\" or \"decide/is-blockchain-an-option/\""),
        );
    }
    if let Some(logo) = &c.brand.logo {
        if !has_file(logo) {
            let (line, col) = positions.brand("logo").unwrap_or((0, 0));
            out.push(
                Diagnostic::error_at(
                    CONFIG_FILE,
                    text,
                    Span::new(line, col, logo.chars().count() + 2),
                    format!("`[brand] logo`: static/{logo} does not exist"),
                )
                .with_hint("put the image in the site's static/ folder, or fix the path"),
            );
        }
    }
    out
}

/// The URL of a `[home]` site path in the default language (`paths` → `/paths/`).
pub(crate) fn home_url(target: &str) -> String {
    let t = target.trim_matches('/');
    if t.is_empty() {
        "/".into()
    } else {
        format!("/{t}/")
    }
}
