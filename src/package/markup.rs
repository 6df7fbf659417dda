//! A small scanner for the references in primer's output: the `href`, `src` and
//! similar attributes of HTML tags (outside comments, scripts and styles) and the
//! `url(...)`/`@import` references of stylesheets, each with its byte range, so a
//! package can rewrite them in place and check that every file they name is present.

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attr {
    /// The tag's name, lower case (`a`, `link`, `script`).
    pub(crate) tag: String,
    /// The attribute's name, lower case.
    pub(crate) name: String,
    pub(crate) value: String,
    /// Byte range of the whole attribute (`name="value"`).
    pub(crate) whole: std::ops::Range<usize>,
    /// Byte range of the tag (`<a ...>`).
    pub(crate) tag_range: std::ops::Range<usize>,
}

/// Attributes that name another file or page.
pub(crate) const REF_ATTRS: &[&str] = &[
    "href",
    "src",
    "action",
    "poster",
    "data-search-script",
    "data-search-style",
    "data-glossary",
    "data-pagefind-path",
];

/// Every attribute of every tag in `html`, in order. Comments, end tags and
/// declarations have none; the text of `<script>` and `<style>` is not markup.
pub(crate) fn attributes(html: &str) -> Vec<Attr> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let lt = i + off;
        let Some((tag, name_end)) = tag_name(html, lt) else {
            i = skip_markup(html, lt);
            continue;
        };
        let (attrs, end) = tag_attributes(html, &tag, lt, name_end);
        out.extend(attrs);
        i = end;
        if tag == "script" || tag == "style" {
            i = find_ci(html, i, &format!("</{tag}")).unwrap_or(html.len());
        }
    }
    out
}

/// The name (lower case) of the start tag at `lt` and where it ends; `None` for a
/// comment, an end tag, a declaration (`<!doctype>`) or a stray `<`.
fn tag_name(html: &str, lt: usize) -> Option<(String, usize)> {
    let b = html.as_bytes();
    let mut j = lt + 1;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    (j > lt + 1).then(|| (html[lt + 1..j].to_ascii_lowercase(), j))
}

/// Past the comment, end tag, declaration or stray `<` at `lt`.
fn skip_markup(html: &str, lt: usize) -> usize {
    if html[lt..].starts_with("<!--") {
        html[lt..].find("-->").map_or(html.len(), |e| lt + e + 3)
    } else {
        html[lt + 1..].find('>').map_or(html.len(), |e| lt + 1 + e + 1)
    }
}

/// The attributes of the tag `tag` opened at `lt`, read from `from` (past its name),
/// and the end of the tag (past its `>`).
fn tag_attributes(html: &str, tag: &str, lt: usize, from: usize) -> (Vec<Attr>, usize) {
    let b = html.as_bytes();
    let mut attrs = Vec::new();
    let mut j = from;
    loop {
        while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
            j += 1;
        }
        if j >= b.len() || b[j] == b'>' {
            break;
        }
        let (name, value, whole) = attribute(html, j);
        j = whole.end;
        attrs.push(Attr { tag: tag.to_string(), name, value, whole, tag_range: lt..lt });
    }
    let end = (j + 1).min(b.len());
    for a in &mut attrs {
        a.tag_range = lt..end;
    }
    (attrs, end)
}

/// The attribute starting at `start`: its name (lower case), its value (unescaped;
/// empty without `=`) and its byte range (`name="value"`).
fn attribute(html: &str, start: usize) -> (String, String, std::ops::Range<usize>) {
    let b = html.as_bytes();
    let mut j = start;
    while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'=' && b[j] != b'>' && b[j] != b'/' {
        j += 1;
    }
    let name = html[start..j].to_ascii_lowercase();
    let mut k = j;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    if k >= b.len() || b[k] != b'=' {
        return (name, String::new(), start..j);
    }
    k += 1;
    while k < b.len() && b[k].is_ascii_whitespace() {
        k += 1;
    }
    let (value, end) = if k < b.len() && (b[k] == b'"' || b[k] == b'\'') {
        let q = b[k] as char;
        let close = html[k + 1..].find(q).map_or(b.len(), |e| k + 1 + e);
        (&html[k + 1..close], (close + 1).min(b.len()))
    } else {
        let mut e = k;
        while e < b.len() && !b[e].is_ascii_whitespace() && b[e] != b'>' {
            e += 1;
        }
        (&html[k..e], e)
    };
    (name, unescape(value), start..end)
}

fn find_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let lower = hay[from..].to_ascii_lowercase();
    lower.find(needle).map(|p| from + p)
}

/// The entities primer's escaper writes, back to text.
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

/// The `url(...)` and `@import "..."` references of a stylesheet, with their byte ranges.
pub(crate) fn css_refs(css: &str) -> Vec<(std::ops::Range<usize>, String)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = css[i..].find("url(") {
        let s = i + off + 4;
        let e = css[s..].find(')').map_or(css.len(), |p| s + p);
        let raw = css[s..e].trim();
        let v = raw.trim_matches(|c| c == '"' || c == '\'').to_string();
        out.push((s..e, v));
        i = e;
    }
    let mut i = 0;
    while let Some(off) = css[i..].find("@import") {
        let s = i + off + 7;
        let rest = css[s..].trim_start();
        let lead = css.len() - s - rest.len();
        if let Some(q) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            if let Some(close) = rest[1..].find(q) {
                out.push((s + lead + 1..s + lead + 1 + close, rest[1..1 + close].to_string()));
            }
        }
        i = s;
    }
    out
}

/// A reference that names a file of the site (not a fragment, another scheme or host).
pub(crate) fn is_local(v: &str) -> bool {
    let v = v.trim();
    if v.is_empty() || v.starts_with('#') || v.starts_with("//") || v.starts_with('/') {
        return false;
    }
    let scheme = v.split(['/', '?', '#']).next().unwrap_or("");
    !(scheme.contains(':'))
}

/// `value` (relative to the file at `from`, a site path like `a/b/index.html`) as a site
/// path without query and fragment, and the query-and-fragment tail; `None` if it
/// climbs above the site's root.
pub(crate) fn resolve(from: &str, value: &str) -> Option<(String, String)> {
    let cut = value.find(['?', '#']).unwrap_or(value.len());
    let (path, tail) = value.split_at(cut);
    let path = percent_encoding::percent_decode_str(path).decode_utf8_lossy().to_string();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let trailing =
        path.is_empty() || path.ends_with('/') || path.ends_with("/.") || path == "." || path.ends_with("..");
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut joined = parts.join("/");
    if trailing && !joined.is_empty() {
        joined.push('/');
    }
    Some((joined, tail.to_string()))
}

/// The file a site path names: `a/b/` and `` are `a/b/index.html` and `index.html`.
pub(crate) fn file_of(site_path: &str) -> String {
    if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.to_string()
    }
}

/// The 1-based line of byte offset `at`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    crate::diagnostics::position(text, at).0
}

/// `../` once per folder of `file` (a site path): the way back to the root.
pub(crate) fn root_of(file: &str) -> String {
    "../".repeat(file.matches('/').count())
}

/// Replace byte ranges of `text` (sorted, not overlapping) with new text.
pub(crate) fn splice(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| r.start);
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (r, new) in edits {
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(&new);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// The byte range of the element that starts at `tag_start` (`<form ...>`), through its
/// closing tag (same name; nested elements of the name counted).
pub(crate) fn element_range(html: &str, tag_start: usize, tag: &str) -> Option<std::ops::Range<usize>> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut depth = 0usize;
    let mut i = tag_start;
    loop {
        let next_open = find_ci(html, i + 1, &open);
        let next_close = find_ci(html, i + 1, &close)?;
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                i = o;
            }
            _ if depth == 0 => return Some(tag_start..next_close + close.len()),
            _ => {
                depth -= 1;
                i = next_close;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_outside_scripts_and_comments() {
        let html = r#"<a href="x/">x</a><!-- <a href="no"> --><script>var s = '<img src="no">';</script><img alt='a' src='i.png'><link rel=stylesheet href=s.css>"#;
        let got: Vec<_> = attributes(html)
            .into_iter()
            .filter(|a| REF_ATTRS.contains(&a.name.as_str()))
            .map(|a| (a.tag, a.value))
            .collect();
        assert_eq!(
            got,
            vec![("a".into(), "x/".into()), ("img".into(), "i.png".into()), ("link".into(), "s.css".into())]
        );
    }

    #[test]
    fn attributes_carry_their_ranges_values_and_tag() {
        let html = "<!doctype html><INPUT Disabled name = q/><a href=\"a&amp;b\" title='t'>x</a><";
        let got: Vec<_> = attributes(html)
            .into_iter()
            .map(|a| (a.tag, a.name, a.value, &html[a.whole], &html[a.tag_range]))
            .collect();
        let input = "<INPUT Disabled name = q/>";
        let a = "<a href=\"a&amp;b\" title='t'>";
        assert_eq!(
            got,
            vec![
                ("input".into(), "disabled".into(), String::new(), "Disabled", input),
                ("input".into(), "name".into(), "q/".into(), "name = q/", input),
                ("a".into(), "href".into(), "a&b".into(), "href=\"a&amp;b\"", a),
                ("a".into(), "title".into(), "t".into(), "title='t'", a),
            ]
        );
    }

    #[test]
    fn references_resolve_against_the_file() {
        assert_eq!(resolve("a/b/index.html", "../c/?path=x#q"), Some(("a/c/".into(), "?path=x#q".into())));
        assert_eq!(resolve("a/index.html", "../../x"), None);
        assert_eq!(resolve("a/b/index.html", "../../"), Some(("".into(), "".into())));
        assert_eq!(resolve("a/b/index.html", "./"), Some(("a/b/".into(), "".into())));
        assert_eq!(file_of("a/b/"), "a/b/index.html");
        assert!(is_local("x.png") && !is_local("https://un.org/") && !is_local("#top") && !is_local("mailto:a@b"));
    }

    #[test]
    fn an_element_is_cut_with_its_nested_children() {
        let html = "<p>a</p><form x><form></form><input></form><p>b</p>";
        let r = element_range(html, 8, "form").unwrap();
        assert_eq!(&html[r], "<form x><form></form><input></form>");
    }

    #[test]
    fn stylesheet_references() {
        let css = "@import 'a.css'; .x{background:url(\"img/b.png\")}";
        let v: Vec<_> = css_refs(css).into_iter().map(|(_, v)| v).collect();
        assert_eq!(v, vec!["img/b.png".to_string(), "a.css".to_string()]);
    }
}
