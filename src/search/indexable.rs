//! The HTML given to Pagefind: a rendered page without the elements before its
//! `data-pagefind-body` element that Pagefind would parse only to throw away (site header,
//! navigation, sidebar), found by a scan of the markup before the body that gives the page
//! back whole wherever it cannot follow the markup exactly. The index is the same either
//! way (a test in `search` compares the index files).

use super::BODY_ATTR;
use std::borrow::Cow;

/// What Pagefind needs of a rendered page, without the parts it would parse only to throw
/// away: every element that closes before the `data-pagefind-body` element starts (site
/// header, navigation, sidebar) is cut out when nothing in it can reach the index. Pagefind
/// keeps only the body's text once it has seen a body, so such an element gives it nothing
/// but parsing work, which on the default theme's pages is most of the page (the navigation
/// comes first). The ancestors of the body, the `<head>` and everything from the body on are
/// kept byte for byte, so the index is the same (a test compares the index files).
///
/// An element is cut only when it is closed by its own end tag, all its descendants are
/// too, and neither it nor a descendant carries a `data-pagefind-*` attribute (except the
/// search form's `data-pagefind-path`, which Pagefind does not read) or is an element
/// Pagefind reads outside the body (`h1`, `title`, `img`) or whose content is not markup
/// (`script`, `style`, `svg`, ...). Anything the scan does not follow exactly (more or fewer
/// than one `data-pagefind-body`, an end tag that does not match, a self-closing non-void
/// element, upper-case tags) gives the page back whole.
pub(crate) fn indexable_html(html: &str) -> Cow<'_, str> {
    match removable_spans(html) {
        Some((spans, body_start)) if !spans.is_empty() => {
            let removed: usize = spans.iter().map(|(a, b)| b - a).sum();
            let mut out = String::with_capacity(html.len() - removed);
            let mut at = 0;
            for (a, b) in spans {
                out.push_str(&html[at..a]);
                at = b;
            }
            debug_assert!(at <= body_start);
            out.push_str(&html[at..]);
            Cow::Owned(out)
        }
        _ => Cow::Borrowed(html),
    }
}

/// Elements without content (never pushed on the stack).
const VOID: &[&str] =
    &["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements kept wherever they are: read by Pagefind outside the body, or holding text
/// that is not markup (the scan would have to follow the parser's rules for it).
const KEEP: &[&str] = &[
    "html",
    "head",
    "body",
    "h1",
    "title",
    "img",
    "script",
    "style",
    "textarea",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "noscript",
    "plaintext",
    "template",
    "svg",
    "math",
    "select",
    "option",
    "table",
];

/// Elements whose content is raw text: the scan skips to their end tag.
const RAW_TEXT: &[&str] =
    &["script", "style", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "plaintext"];

/// The spans (start, end) of the outermost removable elements before the body element,
/// in order, and where the body element starts; `None` when the page is to be indexed whole.
pub(super) fn removable_spans(html: &str) -> Option<(Vec<(usize, usize)>, usize)> {
    let body_start = body_element_start(html)?;
    let prefix = &html[..body_start];
    let mut scan = Scan { stack: Vec::new(), spans: Vec::new() };
    let mut pos = 0;
    while let Some(off) = prefix[pos..].find('<') {
        let i = pos + off;
        let rest = &prefix[i..];
        pos = if let Some(comment) = rest.strip_prefix("<!--") {
            if comment.starts_with('>') || comment.starts_with("->") {
                return None;
            }
            i + 4 + comment.find("-->")? + 3
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            i + rest.find('>')? + 1
        } else if let Some(tail) = rest.strip_prefix("</") {
            scan.close(tail, i)?
        } else if rest.as_bytes().get(1).is_some_and(|b| b.is_ascii_alphabetic()) {
            scan.open(prefix, i)?
        } else {
            i + 1
        };
    }
    Some((scan.spans, body_start))
}

/// Where the body element's start tag begins: the one tag carrying `BODY_ATTR`, with a
/// plain lowercase name and balanced quotes before it; `None` otherwise.
fn body_element_start(html: &str) -> Option<usize> {
    let attr = html.find(BODY_ATTR)?;
    if html[attr + BODY_ATTR.len()..].contains(BODY_ATTR) {
        return None;
    }
    let body_start = html[..attr].rfind('<')?;
    let in_tag = &html[body_start + 1..attr];
    if !in_tag.starts_with(|c: char| c.is_ascii_lowercase())
        || in_tag.contains(['>', '<'])
        || in_tag.matches('"').count() % 2 == 1
        || in_tag.matches('\'').count() % 2 == 1
        || !in_tag.ends_with(|c: char| c.is_ascii_whitespace())
    {
        return None;
    }
    Some(body_start)
}

/// An element open at a point of the scan; `clean` while nothing inside it must stay.
struct Open<'a> {
    name: &'a str,
    start: usize,
    clean: bool,
}

/// The scan of the markup before the body element: the open elements and the
/// removable spans found so far.
struct Scan<'a> {
    stack: Vec<Open<'a>>,
    spans: Vec<(usize, usize)>,
}

impl<'a> Scan<'a> {
    /// An end tag at `i` (`tail` follows its `</`): closes the innermost element, whose
    /// span replaces the spans inside it when it is clean. Returns where the scan goes on.
    fn close(&mut self, tail: &str, i: usize) -> Option<usize> {
        let name_len = tail.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(tail.len());
        let name = &tail[..name_len];
        if name.is_empty() || !tail[name_len..].starts_with('>') || name.bytes().any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let end = i + 2 + name_len + 1;
        let open = self.stack.pop()?;
        if open.name != name {
            return None;
        }
        if open.clean {
            while self.spans.last().is_some_and(|&(a, _)| a >= open.start) {
                self.spans.pop();
            }
            self.spans.push((open.start, end));
        } else if let Some(parent) = self.stack.last_mut() {
            parent.clean = false;
        }
        Some(end)
    }

    /// A start tag at `i` of `prefix`: opens an element (unless void), skipping raw
    /// text to its end tag. Returns where the scan goes on.
    fn open(&mut self, prefix: &'a str, i: usize) -> Option<usize> {
        let rest = &prefix[i..];
        let tail = &rest[1..];
        let name_len = tail.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).unwrap_or(tail.len());
        let name = &tail[..name_len];
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            return None;
        }
        let j = start_tag_end(rest, 1 + name_len)?;
        let tag = &rest[..=j];
        let void = VOID.contains(&name);
        if tag.ends_with("/>") && !void {
            return None;
        }
        let clean = !KEEP.contains(&name) && !reads_pagefind_attribute(tag);
        if !clean {
            if let Some(parent) = self.stack.last_mut() {
                parent.clean = false;
            }
        }
        let mut pos = i + j + 1;
        if !void {
            if RAW_TEXT.contains(&name) {
                // Raw text: skip to its end tag, which the scan then reads.
                pos += prefix[pos..].find("</")?;
                if !prefix[pos + 2..].starts_with(name) {
                    return None;
                }
            }
            self.stack.push(Open { name, start: i, clean });
        }
        Some(pos)
    }
}

/// The index in `tag` (from `from`) of the `>` that ends a start tag: the first one
/// outside a quoted attribute value.
fn start_tag_end(tag: &str, from: usize) -> Option<usize> {
    let bytes = tag.as_bytes();
    let mut j = from;
    let mut quote = None;
    let mut after_equals = false;
    loop {
        let b = *bytes.get(j)?;
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if after_equals && (b == b'"' || b == b'\'') => quote = Some(b),
            None if b == b'>' => return Some(j),
            None => {}
        }
        if quote.is_none() && !b.is_ascii_whitespace() {
            after_equals = b == b'=';
        }
        j += 1;
    }
}

/// Whether a start tag carries an attribute Pagefind reads (`data-pagefind-*`, except the
/// `data-pagefind-path` primer's search form uses).
fn reads_pagefind_attribute(tag: &str) -> bool {
    tag.match_indices("data-pagefind-").any(|(k, m)| !tag[k + m.len()..].starts_with("path="))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::tests::page_with_navigation;

    #[test]
    fn indexable_html_cuts_what_closes_before_the_body() {
        let p = page_with_navigation("/n/", "en", "<p>Body text.</p><h2 id=\"a\">A</h2><p>More.</p>");
        let cut = indexable_html(&p.html);
        assert!(cut.len() < p.html.len() / 2, "{cut}");
        // Kept: the head (title, script), the body's ancestors, the theme switch (its
        // select is kept), everything from the article on.
        for kept in [
            "<title>Page · Site</title>",
            "<html lang=\"en\">",
            "<body id=\"top\">",
            "<div class=\"layout\">",
            "<main id=\"main\">",
            "<select>",
            "<footer>Footer footerword</footer>",
        ] {
            assert!(cut.contains(kept), "{kept} missing in {cut}");
        }
        let body = &p.html[p.html.find("<article").unwrap()..];
        assert!(cut.ends_with(body));
        for gone in ["Navword", "data-pagefind-path", "asideword", "<form"] {
            assert!(!cut.contains(gone), "{gone} left in {cut}");
        }
        // Idempotent.
        assert_eq!(indexable_html(&cut), cut.as_ref());
    }

    #[test]
    fn indexable_html_keeps_pages_it_cannot_follow_whole() {
        let cases = [
            // no body, or two
            "<html><body><nav><a>x</a></nav><p>text</p></body></html>".to_string(),
            "<html><body><nav><a>x</a></nav><div data-pagefind-body>a</div><div data-pagefind-body>b</div></body></html>"
                .to_string(),
            // the attribute only as text, or inside an attribute value
            "<html><body><nav><a>x</a></nav><p><code>data-pagefind-body</code></p></body></html>".to_string(),
            "<html><body><nav><a>x</a></nav><div title=\"a data-pagefind-body\">t</div></body></html>".to_string(),
            // an element closed by an implied end tag, a self-closing div, upper case
            "<html><body><nav><ul><li>a<li>b</ul></nav><div data-pagefind-body>t</div></body></html>".to_string(),
            "<html><body><nav><div/></nav><div data-pagefind-body>t</div></body></html>".to_string(),
            "<html><body><NAV><a>x</a></NAV><div data-pagefind-body>t</div></body></html>".to_string(),
        ];
        for html in &cases {
            assert!(matches!(indexable_html(html), Cow::Borrowed(_)), "cut: {html}");
        }
        // Elements Pagefind reads outside the body stay: h1, img, filters, meta, ignore.
        for keep in [
            "<h1>Site</h1>",
            "<img src=\"logo.png\" alt=\"Logo\">",
            "<span data-pagefind-filter=\"tag\">x</span>",
            "<span data-pagefind-meta=\"image:src\" src=\"a.png\"></span>",
            "<div data-pagefind-ignore>x</div>",
        ] {
            let html = format!("<html><body><header>{keep}</header><nav><a>gone</a></nav><div data-pagefind-body>t</div></body></html>");
            let cut = indexable_html(&html);
            assert!(cut.contains(keep) && !cut.contains("gone"), "{cut}");
        }
    }
}
