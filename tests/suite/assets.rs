//! Versioned asset URLs: every page of the default theme loads the theme's stylesheets,
//! scripts and icon as `name?v=<hash of the bytes written>`, so that after an update a
//! browser never pairs new pages with an old cached stylesheet or script.

use crate::harness::{snapshot, SiteTest};
use std::collections::BTreeSet;

/// The version a built file's URL should carry: the first 10 hex digits of the xxh3 of
/// its bytes.
fn version_of(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))[..10].to_string()
}

/// Every URL of a `.css`, `.js` or `.svg` file at the site's root (the theme's files and
/// `highlight.css`) in a page's `href`, `src` and `data-search-*` attributes (and the
/// 404 loader's list): the file's name and the URL's query. `page` is the page's path.
fn asset_refs(page: &str, html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for attr in [
        "href=\"",
        "src=\"",
        "data-search-script=\"",
        "data-search-style=\"",
        "[\"link\", \"stylesheet\", \"",
        "[\"script\", null, \"",
    ] {
        let mut from = 0;
        while let Some(at) = html[from..].find(attr) {
            let start = from + at + attr.len();
            let end = start + html[start..].find('"').unwrap();
            let value = &html[start..end];
            from = end;
            let (path, query) = value.split_once('?').unwrap_or((value, ""));
            let Some(name) = at_root(page, path) else { continue };
            if !value.contains("://") && [".css", ".js", ".svg"].iter().any(|e| name.ends_with(e)) {
                out.push((name.to_string(), query.to_string()));
            }
        }
    }
    out
}

/// The file a URL of page `page` names, if it lies at the site's root.
fn at_root(page: &str, url: &str) -> Option<String> {
    let mut parts: Vec<&str> = if url.starts_with('/') || page == "404.html" {
        Vec::new()
    } else {
        page.split('/').collect::<Vec<_>>()[..page.matches('/').count()].to_vec()
    };
    for seg in url.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    (parts.len() == 1 || (url.starts_with('/') && parts.len() == 2 && parts[0] == "portal"))
        .then(|| parts.last().unwrap().to_string())
}

#[test]
fn every_page_kind_versions_its_asset_urls_and_a_changed_stylesheet_changes_only_its_urls() {
    let t = SiteTest::new("browser/site");
    t.build().clean();
    let before = snapshot(&t.public());
    // The same sources build the same bytes.
    t.build().clean();
    assert!(before == snapshot(&t.public()), "two builds of one tree differ");

    // Every asset URL of every page carries the hash of the file as written.
    let mut kinds = BTreeSet::new();
    for (path, bytes) in before.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8_lossy(bytes);
        let refs = asset_refs(path, &html);
        if html.contains("http-equiv=\"refresh\"") {
            continue; // an alias's redirect page loads nothing
        }
        assert!(refs.iter().any(|(n, _)| n == "style.css"), "{path} does not load style.css");
        for (name, query) in &refs {
            let file = before.get(name.as_str()).unwrap_or_else(|| panic!("{path} loads {name}, not in the output"));
            assert_eq!(query, &format!("v={}", version_of(file)), "{path}: {name}");
        }
        if let Some(k) = html.split("<body id=\"top\" class=\"kind-").nth(1).and_then(|r| r.split('"').next()) {
            kinds.insert(k.to_string());
        }
    }
    for kind in [
        "home",
        "page",
        "section",
        "path",
        "glossary_index",
        "glossary_term",
        "taxonomy_list",
        "taxonomy_term",
        "search",
        "404",
    ] {
        assert!(kinds.contains(kind), "no `{kind}` page among {kinds:?}");
    }
    assert!(
        before.keys().any(|p| p.ends_with("print/index.html")),
        "the fixture has a printable path (its page loads print.css, checked above)"
    );

    // Change style.css (a site's static file replaces the theme's): only the stylesheet
    // and its URLs change.
    let old_css = String::from_utf8(before["style.css"].clone()).unwrap();
    t.write("static/style.css", &format!("{old_css}.changed-rule{{color:red}}"));
    t.build().clean();
    let after = snapshot(&t.public());
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let (old_v, new_v) = (version_of(&before["style.css"]), version_of(&after["style.css"]));
    assert_ne!(old_v, new_v);
    let mut pages = 0;
    for (path, old) in &before {
        let new = &after[path];
        if path == "style.css" {
            assert_ne!(old, new);
        } else if path.ends_with(".html") {
            let old = String::from_utf8_lossy(old);
            let expected = old.replace(&format!("style.css?v={old_v}"), &format!("style.css?v={new_v}"));
            pages += usize::from(expected != old);
            assert_eq!(String::from_utf8_lossy(new), expected, "{path} changed otherwise");
        } else {
            assert!(old == new, "{path} changed");
        }
    }
    assert!(pages > 20, "only {pages} pages changed their style.css URL");
}

#[test]
fn the_not_found_loader_and_site_templates_use_versioned_urls() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    // Without base_url the 404 page loads its assets from the root it finds.
    let html = t.read("404.html");
    for name in ["style.css", "favicon.svg", "primer.js"] {
        let v = version_of(t.read(name).as_bytes());
        assert!(html.contains(&format!("\"{name}?v={v}\"")), "the 404 loader lacks {name}?v={v}:\n{html}");
    }

    // A site template: `asset()` versions the site's own static files too; a plain
    // `{{ root }}style.css` still works (unversioned); an unknown file is an error.
    t.write("static/site.js", "console.log(1);\n");
    t.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block scripts %}<script src=\"{{ asset(path=\"site.js\") }}\"></script><link rel=\"stylesheet\" href=\"{{ root }}style.css\">{% endblock scripts %}{% block main %}{{ page.content | safe }}{% endblock main %}",
    );
    t.build().clean();
    let page = t.html("guide/first/index.html");
    let v = version_of(t.read("site.js").as_bytes());
    assert_eq!(page.attrs("script[src*=\"site.js\"]", "src"), [format!("../../site.js?v={v}")]);
    assert!(page.attrs("link[rel=stylesheet]", "href").contains(&"../../style.css".to_string()));

    t.replace("templates/page.html", "site.js", "missing.js");
    let run = t.build();
    run.failure();
    run.stderr_has("asset(path=\"missing.js\")").stderr_has("add the file to static/");
}
