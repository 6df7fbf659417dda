//! A copy of the site that works opened from disk (`file://`): `primer build --offline`
//! writes it instead of the website, and `[offline] download = true` in site.toml adds
//! it to the website as `offline.zip` (the footer links to it).
//!
//! What changes from the website: every link to a page names its file (`a/b/` becomes
//! `a/b/index.html`, since no server maps folders to their index on disk); the search
//! box and page load the theme's `offline-search.js` instead of Pagefind (whose index
//! is fetched, which browsers refuse on `file://`), with the index as a script,
//! `search-index.js`: each page's title and text, every language, Chinese included; the
//! Pagefind bundle is left out. Trees, quizzes, progress (localStorage) and the glossary
//! need no change: they fetch nothing.

use super::markup::{attributes, file_of, is_local, resolve, splice, REF_ATTRS};
use super::scorm::relative;
use super::Output;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::html::escape;
use crate::model::OutputFile;
use crate::pipeline::{Extra, ExtraInput};
use std::sync::Arc;

/// `primer build --offline`: the output is the offline copy.
pub const COPY: Extra = Extra { wanted: |_| true, run: run_copy };

/// `[offline] download = true`: the website, plus the offline copy as a zip.
pub const DOWNLOAD: Extra = Extra { wanted: |c: &SiteConfig| c.offline.download, run: run_download };

/// The zip's name on the website.
pub(crate) const ZIP: &str = "offline.zip";

/// The script the offline search reads its index from.
pub(crate) const INDEX: &str = "search-index.js";

/// The search script of the offline copy (a file of the theme).
pub(crate) const SEARCH: &str = "offline-search.js";

/// The Pagefind bundle's folder, left out of the copy.
const PAGEFIND: &str = "pagefind/";

fn run_copy(input: &ExtraInput<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let out = match Output::new(input.files, input.assets) {
        Ok(out) => out,
        Err(d) => return (Vec::new(), d),
    };
    match copy(&out) {
        Ok(files) => (files.into_iter().map(|(path, contents)| OutputFile { path, contents }).collect(), Vec::new()),
        Err(d) => (Vec::new(), d),
    }
}

fn run_download(input: &ExtraInput<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let out = match Output::new(input.files, input.assets) {
        Ok(out) => out,
        Err(d) => return (Vec::new(), d),
    };
    let changed = match copy(&out) {
        Ok(files) => files,
        Err(d) => return (Vec::new(), d),
    };
    let mut all: std::collections::BTreeMap<String, Arc<[u8]>> =
        out.files.iter().filter(|(p, _)| !is_dropped(p)).map(|(p, b)| (p.clone(), b.clone())).collect();
    all.extend(changed);
    all.insert(
        super::offline_marker().to_string(),
        Arc::from(
            b"An offline copy of the site, made by primer. Open index.html in a browser; nothing needs a network.\n"
                .as_slice(),
        ),
    );
    let list: Vec<(String, Arc<[u8]>)> = all.into_iter().collect();
    match super::zip(&list) {
        Ok(bytes) => (vec![OutputFile { path: ZIP.into(), contents: bytes.into() }], Vec::new()),
        Err(e) => (Vec::new(), vec![Diagnostic::error(ZIP, 0, 0, format!("cannot make the offline copy's zip: {e}"))]),
    }
}

/// The files of the offline copy that differ from the website's (rewritten pages, the
/// search index); the rest is the website's as it is, without what [`is_dropped`] names.
pub(crate) fn copy(out: &Output) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    if !out.has(SEARCH) {
        return Err(vec![Diagnostic::error(
            SEARCH,
            0,
            0,
            format!("the theme has no `{SEARCH}`, which the offline copy's search needs"),
        )
        .with_hint(format!("copy `static/{SEARCH}` from primer's default theme into your theme's static folder"))]);
    }
    let mut changed = Vec::new();
    let mut index = Vec::new();
    for (path, bytes) in &out.files {
        if !path.ends_with(".html") || path.starts_with(PAGEFIND) {
            continue;
        }
        let Ok(html) = std::str::from_utf8(bytes) else { continue };
        changed.push((path.clone(), Arc::from(rewrite(path, html, out).into_bytes())));
        if let Some(entry) = index_entry(path, html) {
            index.push(entry);
        }
    }
    let json = serde_json::to_string(&index).unwrap_or_else(|_| "[]".into()).replace("</", "<\\/");
    changed.push((INDEX.into(), Arc::from(format!("window.PRIMER_SEARCH_INDEX = {json};\n").into_bytes())));
    Ok(changed)
}

/// A file of the copy: its path and contents.
pub(crate) type Entry = (String, Arc<[u8]>);

/// A file the offline copy leaves out.
pub(crate) fn is_dropped(path: &str) -> bool {
    path.starts_with(PAGEFIND) || path == ZIP
}

/// Links name their files; the search loads the offline script.
fn rewrite(file: &str, html: &str, out: &Output) -> String {
    let mut edits = Vec::new();
    for a in attributes(html) {
        if !REF_ATTRS.contains(&a.name.as_str()) || !is_local(&a.value) {
            continue;
        }
        let Some((target, tail)) = resolve(file, &a.value) else { continue };
        let new = if a.name == "data-search-script" || (a.name == "src" && target == "search.js") {
            // The build versions the theme's scripts (`search.js?v=...`): so is this one.
            Some(if tail.starts_with("?v=") { relative(file, &out.versioned(SEARCH)) } else { relative(file, SEARCH) })
        } else if a.name == "data-pagefind-path" {
            None
        } else if target.is_empty() || target.ends_with('/') {
            Some(format!("{}{tail}", relative(file, &file_of(&target))))
        } else if !out.has(&target) && out.has(&format!("{target}/index.html")) {
            Some(format!("{}{tail}", relative(file, &format!("{target}/index.html"))))
        } else {
            None
        };
        if let Some(v) = new {
            edits.push((a.whole.clone(), format!("{}=\"{}\"", a.name, escape(&v))));
        }
    }
    splice(html, edits)
}

/// `[url from the root, title, text, language]` of a page with searchable content (the
/// element marked `data-pagefind-body`, as Pagefind indexes it).
fn index_entry(file: &str, html: &str) -> Option<[String; 4]> {
    let attrs = attributes(html);
    let body = attrs.iter().find(|a| a.name == "data-pagefind-body")?;
    let tag = body.tag.clone();
    let range = super::markup::element_range(html, body.tag_range.start, &tag)?;
    let lang = attrs.iter().find(|a| a.tag == "html" && a.name == "lang").map(|a| a.value.clone()).unwrap_or_default();
    let title = html
        .find("<h1")
        .and_then(|s| html[s..].find('>').map(|e| s + e + 1))
        .and_then(|s| html[s..].find("</h1>").map(|e| text_of(&html[s..s + e])))
        .unwrap_or_default();
    let mut text = text_of(&html[range]);
    if text.len() > 20_000 {
        let mut cut = 20_000;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    Some([file.to_string(), title, text, lang])
}

/// The text of an HTML fragment: tags, scripts, styles and `data-pagefind-ignore`
/// parts dropped, entities of primer's escaper decoded, white space collapsed.
fn text_of(html: &str) -> String {
    let mut skip = Vec::new();
    for a in attributes(html) {
        if a.name == "data-pagefind-ignore" || ((a.tag == "script" || a.tag == "style") && a.name == "src") {
            if let Some(r) = super::markup::element_range(html, a.tag_range.start, &a.tag) {
                skip.push(r);
            }
        }
    }
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if let Some(r) = skip.iter().find(|r| r.start == i) {
            i = r.end;
            out.push(' ');
            continue;
        }
        let c = b[i];
        if c == b'<' {
            in_tag = true;
            out.push(' ');
        } else if c == b'>' && in_tag {
            in_tag = false;
        } else if !in_tag {
            let ch_len = html[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&html[i..i + ch_len]);
            i += ch_len;
            continue;
        }
        i += 1;
    }
    crate::html::unescape(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(files: &[(&str, &str)]) -> Output {
        Output { files: files.iter().map(|(p, t)| (p.to_string(), Arc::from(t.as_bytes()))).collect() }
    }

    #[test]
    fn links_name_their_files_and_search_goes_offline() {
        let out = output(&[
            ("offline-search.js", ""),
            ("a/b/index.html", "<html lang=\"zh\"><form data-search data-search-script=\"../../search.js\" data-pagefind-path=\"../../pagefind/\"></form><a href=\"../\">up</a> <a href=\"../../c/?path=x#q\">c</a> <a href=\"../../files/x.txt\">f</a> <a href=\"https://un.org/\">u</a><article data-pagefind-body><h1>账本 &amp; ledger</h1><p>分布式<b>账本</b></p><nav data-pagefind-ignore>skip me</nav></article></html>"),
        ]);
        let files = copy(&out).unwrap();
        let page = String::from_utf8(files.iter().find(|(p, _)| p == "a/b/index.html").unwrap().1.to_vec()).unwrap();
        assert!(page.contains("href=\"../index.html\""), "{page}");
        assert!(page.contains("href=\"../../c/index.html?path=x#q\""));
        assert!(page.contains("href=\"../../files/x.txt\"") && page.contains("href=\"https://un.org/\""));
        assert!(page.contains("data-search-script=\"../../offline-search.js\""));
        let index = String::from_utf8(files.iter().find(|(p, _)| p == INDEX).unwrap().1.to_vec()).unwrap();
        assert!(index.starts_with("window.PRIMER_SEARCH_INDEX = [[\"a/b/index.html\",\"账本 & ledger\",\"账本 & ledger 分布式 账本\",\"zh\"]]"), "{index}");
    }
}
