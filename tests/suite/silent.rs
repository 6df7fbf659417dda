//! Inputs that used to build a wrong site without a word: impossible dates, fences
//! with trailing blanks, invalid UTF-8, missing templates, and collisions in the
//! output URL space (see `collisions` below).

use crate::harness::SiteTest;

fn site() -> SiteTest {
    SiteTest::new("silent/site")
}

#[test]
fn impossible_dates_are_errors_at_the_date_line() {
    let t = site();
    t.write("content/guide/a.md", "---\ntitle: A\ndate: 2024-02-30\n---\nA.\n")
        .write("content/guide/b.md", "---\ntitle: B\ndescription: x\ndate: 2023-02-29\n---\nB.\n")
        .write("content/guide/c.md", "---\ntitle: C\ndate: 2023-13-01\n---\nC.\n")
        .write("content/guide/d.md", "---\ntitle: D\ndate: 1900-02-29\n---\nD.\n")
        // Leap days that exist.
        .write("content/guide/e.md", "---\ntitle: E\ndate: 2024-02-29\n---\nE.\n")
        .write("content/guide/f.md", "---\ntitle: F\ndate: 2000-02-29\n---\nF.\n");
    t.build().failure().only_headlines(&[
        "content/guide/a.md:3:1: error: invalid date `2024-02-30`: February 2024 has 29 days",
        "content/guide/b.md:4:1: error: invalid date `2023-02-29`: February 2023 has 28 days",
        "content/guide/c.md:3:1: error: invalid date `2023-13-01`: there is no month 13",
        "content/guide/d.md:3:1: error: invalid date `1900-02-29`: February 1900 has 28 days",
    ]);
}

#[test]
fn a_closing_fence_may_end_in_spaces_tabs_or_crlf() {
    let t = site();
    t.write("content/guide/spaces.md", "---   \ntitle: Spaces\n---  \nSpaces body.\n")
        .write("content/guide/tab.md", "---\ntitle: Tab\n---\t\nTab body.\n")
        .write("content/guide/crlf.md", "---\r\ntitle: Crlf\r\n--- \t\r\nCrlf body.\r\n")
        .write("content/guide/eof.md", "---\ntitle: Eof\n---  ");
    t.build().clean();
    for (page, body) in [("spaces", "Spaces body."), ("tab", "Tab body."), ("crlf", "Crlf body.")] {
        let html = t.read(&format!("guide/{page}/index.html"));
        assert!(html.contains(body), "{page}: {html}");
        assert!(!html.contains("title:"), "{page}: front matter leaked into the body");
    }
    // `---x` is not a fence.
    t.write("content/guide/bad.md", "---\ntitle: Bad\n---x\nBody.\n");
    t.build().failure().only_headlines(&["content/guide/bad.md:1:1: error: front matter is not closed"]);
}

#[test]
fn invalid_utf8_is_located_by_line_column_and_byte_offset() {
    let t = site();
    let mut bytes = b"---\ntitle: Bytes\n---\nFirst line.\nCaf\xc3\xa9 \xff here.\n".to_vec();
    std::fs::write(t.root().join("content/guide/bytes.md"), &bytes).unwrap();
    bytes.clear();
    // A truncated character at the very end.
    std::fs::write(t.root().join("content/guide/cut.md"), b"---\ntitle: Cut\n---\n\xe2\x82").unwrap();
    t.build().failure().only_headlines(&[
        "content/guide/bytes.md:5:6: error: the file is not valid UTF-8: byte 0xFF at byte offset 39 (line 5, column 6)",
        "content/guide/cut.md:4:1: error: the file is not valid UTF-8: an incomplete character at the end at byte offset 19 (line 4, column 1)",
    ]);
}

#[test]
fn a_missing_template_names_where_templates_are_looked_up() {
    let t = site();
    t.write("content/guide/wide.md", "---\ntitle: Wide\ntemplate: wide.html\n---\nWide.\n");
    let run = t.build();
    run.failure().only_headlines(&[
        "content/guide/wide.md:3:11: error: template `wide.html` (from `template:`) does not exist; looked for `wide.html` in templates/ (the site's), then the built-in `default` theme (themes/default/templates/ does not exist)",
    ]);
    run.stderr_has("create templates/wide.html, or use one of: ");

    // A theme folder without the template a kind needs: one error for all its pages.
    let t = site();
    t.modify("site.toml", |s| s.replace("language = \"en\"", "language = \"en\"\ntheme = \"bare\""));
    let base = "<html><body>{{ page.content | safe }}</body></html>";
    for name in ["index.html", "section.html", "taxonomy_list.html", "taxonomy_term.html", "404.html"] {
        t.write(&format!("themes/bare/templates/{name}"), base);
    }
    t.write("content/guide/beta.md", "---\ntitle: Beta\n---\nBeta.\n");
    t.build().failure().only_headlines(&[
        "templates/page.html: error: template `page.html` does not exist; it renders every `page` page; looked for `page.html` in templates/ (the site's), then themes/bare/templates/",
    ]);
}
