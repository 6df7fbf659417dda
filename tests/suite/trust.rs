//! What primer reads from outside the site (themes), and what it lets through from
//! pages it cannot vouch for (script URLs, raw HTML in `safe` mode).

use crate::harness::{copy_dir, SiteTest};
use std::path::Path;

/// A copy of the built-in theme with a marker stylesheet, at `dir`.
fn theme_at(dir: &Path) {
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"), dir);
    std::fs::write(dir.join("static/marker.css"), ".from-the-outside-theme{color:teal}").unwrap();
}

const OPT_IN: &str = "add `allow_theme_outside_site = true` to site.toml";

#[test]
fn a_theme_outside_the_site_is_refused_by_default() {
    let t = SiteTest::new("trust/theme");
    let outside = t.scratch().join("shared-theme");
    theme_at(&outside);
    let real = outside.canonicalize().unwrap();

    // A relative path that climbs out of the site (theme names are relative to themes/).
    std::fs::create_dir_all(t.root().join("themes")).unwrap();
    t.write("site.toml", "title = \"Theme fixture\"\ntheme = \"../../shared-theme\"\n[search]\nenabled = false\n");
    let run = t.build();
    run.failure().only_headlines(&[&format!(
        "site.toml:2:9: error: theme `../../shared-theme` is outside the site: themes/../../shared-theme is {}; \
         its files would be copied into the output",
        real.display()
    )]);
    run.stderr_has(OPT_IN);
    assert!(!t.public().exists(), "nothing is written");

    // An absolute path.
    let abs = outside.to_string_lossy().into_owned();
    t.write("site.toml", &format!("title = \"Theme fixture\"\ntheme = {abs:?}\n[search]\nenabled = false\n"));
    let run = t.build();
    run.failure();
    let h = run.headline_with("is outside the site");
    assert!(h.starts_with(&format!("site.toml:2:9: error: theme `{abs}` is outside the site")), "{h}");
    run.stderr_has(OPT_IN);

    // A symbolic link in themes/ that leads out of the site.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, t.root().join("themes/linked")).unwrap();
        t.write("site.toml", "title = \"Theme fixture\"\n\ntheme = \"linked\"\n[search]\nenabled = false\n");
        let run = t.build();
        run.failure().only_headlines(&[&format!(
            "site.toml:3:9: error: theme `linked` is outside the site: themes/linked is {}; \
             its files would be copied into the output",
            real.display()
        )]);
        run.stderr_has(OPT_IN);
    }
    assert!(!t.public().exists(), "nothing is written");
}

#[test]
fn a_theme_outside_the_site_is_used_when_site_toml_allows_it() {
    let t = SiteTest::new("trust/theme");
    theme_at(&t.scratch().join("shared-theme"));
    std::fs::create_dir_all(t.root().join("themes")).unwrap();
    t.write("site.toml", "title = \"Theme fixture\"\ntheme = \"../../shared-theme\"\nallow_theme_outside_site = true\n[search]\nenabled = false\n");
    t.build().clean();
    assert_eq!(t.read("marker.css"), ".from-the-outside-theme{color:teal}");
}

#[cfg(unix)]
#[test]
fn a_theme_linked_from_inside_the_site_needs_no_opt_in() {
    let t = SiteTest::new("trust/theme");
    theme_at(&t.root().join("vendor/theme"));
    std::fs::create_dir_all(t.root().join("themes")).unwrap();
    std::os::unix::fs::symlink("../vendor/theme", t.root().join("themes/vendored")).unwrap();
    t.write("site.toml", "title = \"Theme fixture\"\ntheme = \"vendored\"\n[search]\nenabled = false\n");
    t.build().clean();
    assert_eq!(t.read("marker.css"), ".from-the-outside-theme{color:teal}");
}

/// The page's markdown HTML exactly as written: what is inside `<div class="content">`
/// (up to its matching `</div>`).
fn content(t: &SiteTest, rel: &str) -> String {
    let html = t.read(rel);
    let open = "<div class=\"content\">";
    let start = html.find(open).unwrap_or_else(|| panic!("{rel} has no content div")) + open.len();
    let mut depth = 1;
    let mut at = start;
    while depth > 0 {
        let next_open = html[at..].find("<div").map(|i| i + at);
        let next_close = html[at..].find("</div>").map(|i| i + at).unwrap();
        match next_open {
            Some(o) if o < next_close => {
                depth += 1;
                at = o + 4;
            }
            _ => {
                depth -= 1;
                at = next_close + 6;
            }
        }
    }
    html[start..at - 6].to_string()
}

#[test]
fn script_urls_are_dropped_with_a_warning_at_file_line_in_every_mode() {
    for safe in [false, true] {
        let t = SiteTest::new("trust/urls");
        if safe {
            t.modify("site.toml", |s| format!("safe = true\n{s}"));
        }
        // Every warning in full (by default the eight alike are one group).
        let run = t.build_with(&["--verbose"]);
        run.success().only_headlines(&[
            "content/page.md:4:7: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:6:7: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:6:39: warning: link dropped: a `vbscript:` URL runs script",
            "content/page.md:8:8: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:8:44: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:10:8: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:10:49: warning: link dropped: a `data:` URL in a link can carry a page with script",
            "content/page.md:12:10: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:12:40: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:14:1: warning: image dropped: a `data:` image must be PNG, JPEG, GIF, WebP, AVIF or BMP",
            "content/page.md:16:1: warning: link dropped: a `javascript:` URL runs script",
            "content/page.md:16:2: warning: image dropped: a `javascript:` URL runs script",
        ]);
        run.stderr_has("instead of `java\\tscript:alert(5)`");
        assert_eq!(
            content(&t, "page/index.html"),
            "<p>Plain script link.</p>\n\
             <p>Upper case and vb.</p>\n\
             <p>Entity ent and tab.</p>\n\
             <p>Spaces lead and data d.</p>\n\
             <p>Autolink javascript:alert(7) and ref r.</p>\n\
             <p>svg <img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"png\" /></p>\n\
             <p>img in link</p>\n\
             <p>Fine <a href=\"https://un.org/\">web</a> and <a href=\"mailto:a@b.org\">mail</a>.</p>\n",
            "safe = {safe}"
        );
        // No URL attribute of any page runs script (raw HTML in the default mode aside).
        for f in ["page/index.html", "index.html", "raw/index.html", "glossary/index.html"] {
            if f == "raw/index.html" && !safe {
                continue;
            }
            let page = t.html(f);
            for url in page.attrs("[href]", "href").into_iter().chain(page.attrs("[src]", "src")) {
                let u: String = url.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
                assert!(
                    !u.starts_with("javascript:") && !u.starts_with("vbscript:") && !u.starts_with("data:text"),
                    "{f}: {url}"
                );
            }
        }
    }
}

const RAW_CODE: &str = "<pre class=\"code\" tabindex=\"0\" data-lang=\"html\"><code class=\"language-html\">";

#[test]
fn raw_html_passes_as_written_in_the_default_mode() {
    let t = SiteTest::new("trust/urls");
    t.build().success();
    let html = content(&t, "raw/index.html");
    let (prose, code) = html.split_once(RAW_CODE).unwrap();
    assert_eq!(
        prose,
        "<p>Water is H<sub>2</sub>O, kept in a <span class=\"gloss\"><a class=\"gloss-term\" \
         href=\"../glossary/ledger/\" aria-describedby=\"gloss-ledger\">ledger</a><span class=\"gloss-tip\" \
         role=\"tooltip\" id=\"gloss-ledger\" data-pagefind-ignore>A record of transactions.</span></span> \
         <b onclick=\"steal()\">bold</b>.</p>\n\
         <div class=\"note\" style=\"color:red\" onmouseover=\"steal()\">\n\
         <p>A note with <a href=\"javascript:alert(1)\">a bad link</a> and <a href=\"https://un.org/\">a good \
         one</a>.</p>\n\
         <script>alert(2)</script>\n\
         </div>\n\
         <iframe src=\"https://evil.example/\"></iframe>\n\
         <p>Inline <img src=x onerror=alert(3)> image and a <a href=\"../page/\">page</a>.</p>\n\
         <h2 id=\"a-heading-with-html\">A <em>heading</em> with <span style=\"x\">html</span><a \
         class=\"heading-anchor\" href=\"#a-heading-with-html\" aria-labelledby=\"a-heading-with-html\"></a></h2>\n"
    );
    assert!(code.contains("&lt;</span><span class=\"hl-entity hl-name hl-tag hl-script hl-html\">script"), "{code}");
}

#[test]
fn safe_mode_sanitizes_raw_html_and_leaves_what_primer_generates() {
    let t = SiteTest::new("trust/urls");
    t.modify("site.toml", |s| format!("safe = true\n{s}"));
    t.build().success();
    let html = content(&t, "raw/index.html");
    let (prose, code) = html.split_once(RAW_CODE).unwrap();
    assert_eq!(
        prose,
        "<p>Water is H<sub>2</sub>O, kept in a <span class=\"gloss\"><a class=\"gloss-term\" \
         href=\"../glossary/ledger/\" aria-describedby=\"gloss-ledger\">ledger</a><span class=\"gloss-tip\" \
         role=\"tooltip\" id=\"gloss-ledger\" data-pagefind-ignore>A record of transactions.</span></span> \
         <b>bold</b>.</p>\n\
         <div class=\"note\">\n\
         <p>A note with <a>a bad link</a> and <a href=\"https://un.org/\">a good one</a>.</p>\n\
         \n\
         </div>\n\
         \n\
         <p>Inline <img src=\"x\"> image and a <a href=\"../page/\">page</a>.</p>\n\
         <h2 id=\"a-heading-with-html\">A <em>heading</em> with <span>html</span><a class=\"heading-anchor\" \
         href=\"#a-heading-with-html\" aria-labelledby=\"a-heading-with-html\"></a></h2>\n"
    );
    // Code is text, not raw HTML: shown the same in both modes.
    assert!(code.contains("&lt;</span><span class=\"hl-entity hl-name hl-tag hl-script hl-html\">script"), "{code}");
}
