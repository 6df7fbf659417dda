//! The warnings (and errors) rendering one page's markdown found, as diagnostics
//! positioned in the page's file.

use super::MAX_LIST_DEPTH;
use crate::body::Rendered;
use crate::diagnostics::{position, Diagnostic, Span};

/// The warnings rendering one page's markdown found: unknown code languages, links and
/// images dropped, lists nested too deep; and the problems of its `:::` lines (tabs,
/// steps, cards), errors or warnings.
pub(crate) fn warnings(display: &str, text: &str, body_offset: usize, r: &Rendered) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // A position in the body, `len` chars underlined.
    let at = |offset: usize, len: usize| {
        let (line, col) = position(text, body_offset + offset);
        Span::new(line, col, len)
    };
    for (lang, offset) in &r.unknown_languages {
        let message = format!("unknown code language `{lang}`; shown without highlighting");
        diags.push(
            Diagnostic::warning_at(display, text, at(*offset, 3 + lang.chars().count()), message)
                .with_hint("use a name from `primer languages` (rust, powershell, ts, toml, sh, …), `text`, or none"),
        );
    }
    for u in &r.refused {
        let (what, instead) = if u.image {
            ("image", "use an image file in the site or an http(s) address")
        } else {
            ("link", "link to a page, a file or an http(s) address")
        };
        let dest = u.dest.chars().take(60).collect::<String>();
        diags.push(
            Diagnostic::warning_at(display, text, at(u.offset, 1), format!("{what} dropped: {}", u.reason))
                .with_hint(format!("{instead} instead of `{}`", dest.escape_debug())),
        );
    }
    for c in &r.containers {
        let make = if c.error { Diagnostic::error_at } else { Diagnostic::warning_at };
        diags.push(make(display, text, at(c.offset, c.len), c.message.clone()).with_hint(c.hint.clone()));
    }
    if let Some(offset) = r.too_deep_list {
        let message =
            format!("lists are nested more than {} levels deep; deeper list markers are shown as text", MAX_LIST_DEPTH);
        diags.push(
            Diagnostic::warning_at(display, text, at(offset, 1), message)
                .with_hint("nest lists a few levels at most; indent fewer `*`, `-`, `+` or `1.` markers"),
        );
    }
    diags
}
