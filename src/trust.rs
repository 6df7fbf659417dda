//! Content trust: which link and image URLs may reach the HTML, and the sanitizer
//! for authors' raw HTML in `safe` mode.
//!
//! Cross-cutting like `urls`: the markdown stage and the decision-tree reader both ask
//! [`refused`] about every destination an author wrote. A URL's scheme is read the way
//! a browser reads it (WHATWG URL parsing, by the `url` crate): leading and trailing
//! spaces and control characters are ignored, tabs and newlines inside are removed,
//! case does not matter. Character references (`&#106;avascript:`) are decoded by the
//! markdown parser before the destination gets here, as the browser would decode them
//! in the attribute; percent-encoding does not apply to a scheme (`%6Aavascript:` is a
//! relative path, for the browser as for primer).
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use std::sync::LazyLock;

/// Where a URL is used: an image may be raster image data, a link may not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlUse {
    Link,
    Image,
}

/// Schemes that run code when followed or loaded.
const SCRIPT_SCHEMES: &[&str] = &["javascript", "vbscript"];

/// Image types a `data:` URL may carry in an image: pixels only (no SVG, which can
/// hold script and markup of its own).
const RASTER_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp"];

/// The scheme of `dest` as a browser would read it (lower case), or `None` for a
/// relative reference.
pub(crate) fn scheme(dest: &str) -> Option<String> {
    static BASE: LazyLock<Option<url::Url>> = LazyLock::new(|| url::Url::parse("http://relative.invalid/").ok());
    match url::Url::parse(dest) {
        Ok(u) => Some(u.scheme().to_string()),
        Err(url::ParseError::RelativeUrlWithoutBase) => None,
        // An absolute URL the parser refuses (say, a bad port): the scheme still counts.
        Err(_) => match BASE.as_ref().and_then(|b| b.join(dest).ok()) {
            Some(u) if u.host_str() == Some("relative.invalid") => None,
            _ => leading_scheme(dest),
        },
    }
}

/// The WHATWG scheme prefix by hand, for URLs the parser gives up on.
fn leading_scheme(dest: &str) -> Option<String> {
    let cleaned: String =
        dest.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (s, _) = cleaned.split_once(':')?;
    let mut chars = s.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    ok.then(|| s.to_ascii_lowercase())
}

/// Why `dest` may not be used as a link or image URL, or `None` if it may.
pub(crate) fn refused(dest: &str, used: UrlUse) -> Option<String> {
    let scheme = scheme(dest)?;
    if SCRIPT_SCHEMES.contains(&scheme.as_str()) {
        return Some(format!("a `{scheme}:` URL runs script"));
    }
    if scheme == "data" {
        if used == UrlUse::Image && RASTER_TYPES.contains(&data_type(dest).as_str()) {
            return None;
        }
        return Some(match used {
            UrlUse::Link => "a `data:` URL in a link can carry a page with script".to_string(),
            UrlUse::Image => "a `data:` image must be PNG, JPEG, GIF, WebP, AVIF or BMP".to_string(),
        });
    }
    None
}

/// The media type of a `data:` URL, lower case (`image/png` in `data:image/png;base64,…`).
fn data_type(dest: &str) -> String {
    let cleaned: String = dest.trim_matches(|c: char| c <= ' ').chars().filter(|c| !c.is_ascii_whitespace()).collect();
    let after = cleaned.split_once(':').map_or("", |(_, r)| r);
    after.split([';', ',']).next().unwrap_or("").to_ascii_lowercase()
}

/// The sanitizer for authors' raw HTML in `safe` mode: ammonia's defaults (formatting
/// and structure tags, no script, no styles, no event handlers, no forms, URLs only
/// with safe schemes, comments dropped), plus `class` on any element and the task-list
/// checkbox markdown itself produces. Links keep their `rel` as written.
static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_generic_attributes(["class"])
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .set_tag_attribute_value("input", "disabled", "")
        .link_rel(None);
    b
});

/// Sanitize a fragment of HTML for `safe` mode.
pub(crate) fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_urls_are_found_through_the_classic_disguises() {
        for dest in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "  javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav\r\nascript:alert(1)",
            "javascript\t:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "javascript://example.org/%0aalert(1)",
            "javascript://host:99999999/x",
        ] {
            assert!(refused(dest, UrlUse::Link).is_some_and(|r| r.contains("runs script")), "{dest:?}");
            assert!(refused(dest, UrlUse::Image).is_some(), "{dest:?}");
        }
    }

    #[test]
    fn data_urls_are_refused_in_links_and_allowed_in_images_only_as_pixels() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert!(refused(png, UrlUse::Link).is_some());
        assert_eq!(refused(png, UrlUse::Image), None);
        assert_eq!(refused("DATA:Image/JPEG;base64,/9j/", UrlUse::Image), None);
        assert_eq!(refused(" data:image/gif,GIF89a", UrlUse::Image), None);
        for dest in [
            "data:text/html,<script>alert(1)</script>",
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:,hello",
            "da\tta:text/html;base64,PHNjcmlwdD4=",
            "data:image/png/../svg+xml,x",
        ] {
            assert!(refused(dest, UrlUse::Image).is_some(), "{dest:?}");
            assert!(refused(dest, UrlUse::Link).is_some(), "{dest:?}");
        }
    }

    #[test]
    fn ordinary_urls_and_relative_paths_pass() {
        for dest in [
            "https://un.org/",
            "mailto:a@b.org",
            "tel:+41227000000",
            "../a.md",
            "a/b:c.md",
            "#top",
            "/files/x.pdf",
            "term:ledger",
            "%6Aavascript:alert(1)",
            "&#106;avascript:alert(1)",
            "./javascript:alert(1)",
            "",
        ] {
            assert_eq!(refused(dest, UrlUse::Link), None, "{dest:?}");
        }
        assert_eq!(scheme("HTTPS://un.org"), Some("https".into()));
        assert_eq!(scheme("../x.md"), None);
    }

    #[test]
    fn the_sanitizer_keeps_formatting_and_drops_script() {
        assert_eq!(
            sanitize("<p class=\"note\" onclick=\"x()\">Hi <b>there</b><script>alert(1)</script></p>"),
            "<p class=\"note\">Hi <b>there</b></p>"
        );
        assert_eq!(sanitize("<a href=\"javascript:alert(1)\">x</a>"), "<a>x</a>");
        assert_eq!(sanitize("<a href=\"https://un.org/\">x</a>"), "<a href=\"https://un.org/\">x</a>");
        assert_eq!(sanitize("<img src=x onerror=alert(1)>"), "<img src=\"x\">");
        assert_eq!(sanitize("<iframe src=\"https://e.org\"></iframe><style>p{}</style>"), "");
    }
}
