//! The one HTML/XML escaper. Every string primer writes into markup (pages,
//! decision trees and their SVG, the sitemap, redirects, the dev server's error
//! overlay) goes through here, and [`unescape`] is its one inverse.
//!
//! `&`, `<`, `>`, `"` and `'` are escaped, so the result is safe in element content
//! and in quoted attribute values alike. [`escape_xml`] also drops the characters
//! XML 1.0 does not allow (control characters other than tab and newline), for
//! text that goes into SVG.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

/// Append `s` to `out`, escaped for HTML text and attribute values.
pub(crate) fn escape_into(out: &mut String, s: &str) {
    // pulldown-cmark's escaper (the one the markdown renderer uses) is the fast path:
    // it escapes exactly the five characters above.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// `s` escaped for HTML text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// `s` escaped like [`escape`], without the characters XML does not allow: control
/// characters other than tab and newline (a carriage return is dropped too), and
/// the non-characters U+FFFE and U+FFFF.
pub(crate) fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if xml_allows(c) => out.push(c),
            _ => {}
        }
    }
    out
}

/// Does XML 1.0 allow `c` in text? Not a control character other than tab and
/// newline, nor U+FFFE or U+FFFF.
fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n') || !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}'))
}

/// `s` as [`escape_xml`] writes it, unescaped: without the characters XML does not allow.
pub(crate) fn xml_text(s: &str) -> String {
    s.chars().filter(|&c| xml_allows(c)).collect()
}

/// The entities [`escape`] and [`escape_xml`] write, back to text (for text read back
/// from markup primer made).
pub(crate) fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_the_five_characters() {
        assert_eq!(
            escape("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn unescape_reverses_escape() {
        let s = "<a href=\"x\">Tom & 'Jerry' &amp;</a>";
        assert_eq!(unescape(&escape(s)), s);
        assert_eq!(unescape(&escape_xml(s)), s);
    }

    #[test]
    fn escape_xml_drops_control_characters() {
        assert_eq!(escape_xml("a\u{1}b\r<&>\"'\t\n\u{FFFE}"), "ab&lt;&amp;&gt;&quot;&#39;\t\n");
        assert_eq!(xml_text("a\u{1}b\r<&>\"'\t\n\u{FFFE}"), "ab<&>\"'\t\n");
        assert_eq!(unescape(&escape_xml("x\u{7f}y & z")), xml_text("x\u{7f}y & z"));
    }
}
