//! The error overlay: the diagnostics of a failed build, shown over the last good
//! page in the browser. Each diagnostic is drawn by `diagnostics::html` (beside the
//! terminal and JSON printers), which escapes every string from the build (paths,
//! messages, source lines, hints); the browser receives finished, inert HTML.

use crate::diagnostics::{self, Diagnostic};

const STYLE: &str = "#__primer-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;\
background:rgba(20,20,24,.92);color:#f4f4f5;font:15px/1.5 ui-sans-serif,system-ui,sans-serif;padding:2rem}\
#__primer-overlay .primer-box{max-width:60rem;margin:0 auto}\
#__primer-overlay h2{margin:0 0 1rem;font-size:1.3rem;color:#fca5a5}\
#__primer-overlay ol{list-style:none;margin:0;padding:0}\
#__primer-overlay li{margin:0 0 1.2rem;padding:1rem;background:#27272a;border-left:4px solid #ef4444;border-radius:4px}\
#__primer-overlay li.primer-warning{border-left-color:#f59e0b}\
#__primer-overlay .primer-loc{font-family:ui-monospace,monospace;color:#a1a1aa}\
#__primer-overlay .primer-msg{margin:.3rem 0;font-weight:600}\
#__primer-overlay pre{margin:.5rem 0;padding:.5rem;background:#18181b;overflow:auto;font:13px/1.4 ui-monospace,monospace;color:#e4e4e7}\
#__primer-overlay .primer-hint{color:#86efac}\
#__primer-overlay button{float:right;font:inherit;background:#3f3f46;color:inherit;border:0;border-radius:4px;padding:.2rem .7rem;cursor:pointer}";

/// The overlay element for a failed build's diagnostics (errors first).
pub(crate) fn render(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    out.push_str("<div id=\"__primer-overlay\" role=\"alertdialog\" aria-labelledby=\"__primer-overlay-title\">");
    out.push_str("<style>");
    out.push_str(STYLE);
    out.push_str("</style><div class=\"primer-box\">");
    out.push_str("<button type=\"button\" data-primer-close>Close</button>");
    out.push_str(&format!(
        "<h2 id=\"__primer-overlay-title\">Build failed: {errors} error(s). Showing the last good version of the site.</h2><ol>"
    ));
    let ordered = diags.iter().filter(|d| d.is_error()).chain(diags.iter().filter(|d| !d.is_error()));
    for d in ordered {
        out.push_str(&diagnostics::html(d));
    }
    out.push_str("</ol></div></div>");
    out
}

/// The diagnostics as data (for the WebSocket `error` message): the objects
/// `--format json` prints, one per diagnostic.
pub(crate) fn data(diags: &[Diagnostic]) -> serde_json::Value {
    serde_json::to_value(diags.iter().map(diagnostics::Data::of).collect::<Vec<_>>()).unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn errors_come_before_warnings_and_the_caret_sits_under_the_column() {
        let w = Diagnostic::warning("a.md", 1, 1, "w");
        let e = Diagnostic::error("b.md", 2, 3, "e").with_source("x\nabcdef\n", 2);
        let html = render(&[w, e]);
        assert!(html.find("b.md:2:3").unwrap() < html.find("a.md:1:1").unwrap());
        assert!(html.contains("2 | abcdef\n  |   ^^"), "{html}");
        assert!(html.contains("Build failed: 1 error(s)"));
    }
}
