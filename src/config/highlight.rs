//! `[highlight]`: the light and dark code themes, checked against the themes the
//! highlighter has (its names are passed in: config knows no engine).

use super::positions::Positions;
use super::SiteConfig;
use super::CONFIG_FILE;
use crate::diagnostics::Diagnostic;
/// An error at each `[highlight]` theme that is not one of `available`.
pub(crate) fn check_highlight_themes(c: &SiteConfig, text: &str, available: &[&str], diags: &mut Vec<Diagnostic>) {
    let at = Positions::new(text);
    for (name, dark) in [(&c.highlight.light, false), (&c.highlight.dark, true)] {
        if !available.contains(&name.as_str()) {
            let (line, col) = at.highlight(dark).unwrap_or((1, 1));
            diags.push(
                Diagnostic::error(CONFIG_FILE, line, col, format!("unknown highlight theme `{name}`"))
                    .with_hint(format!("available themes: {}", available.join(", ")))
                    .with_source(text, name.chars().count() + 2),
            );
        }
    }
}
