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

/// Collisions in the output URL space: each is one error that names every party,
/// and nothing is written.
mod collisions {
    use super::site;
    use crate::harness::SiteTest;

    /// The build fails with exit code 1, writes nothing, and reports exactly `expected`.
    #[track_caller]
    fn refused(t: &SiteTest, expected: &[&str]) {
        let run = t.build();
        run.failure().only_headlines(expected);
        assert!(!t.public().exists(), "a failed build wrote {}", t.public().display());
    }

    #[test]
    fn a_content_page_at_a_generated_url() {
        let t = site();
        t.write("content/tags.md", "---\ntitle: My tags\n---\nMine.\n");
        refused(&t, &["content/tags.md:1:1: error: content/tags.md takes the URL /tags/, where primer generates the list of a taxonomy “Tags”"]);
        // The search page is generated too, once search is on.
        let t = site();
        t.modify("site.toml", |s| s.replace("enabled = false", "enabled = true"));
        t.write("content/search.md", "---\ntitle: Find\n---\nFind.\n");
        refused(&t, &["content/search.md:1:1: error: content/search.md takes the URL /search/, where primer generates the search page “Search”"]);
    }

    #[test]
    fn two_pages_with_one_alias() {
        let t = site();
        t.write("content/guide/a.md", "---\ntitle: A\naliases: [/old/]\n---\nA.\n")
            .write("content/guide/b.md", "---\ntitle: B\naliases:\n  - /x/\n  - /old/\n---\nB.\n");
        refused(&t, &["content/guide/a.md:3:1: error: 2 things are written to `old/index.html`: the alias `/old/` of /guide/a/ (content/guide/a.md:3), the alias `/old/` of /guide/b/ (content/guide/b.md:5)"]);
        // An alias onto a page's own URL, spelled in another case.
        let t = site();
        t.write("content/guide/a.md", "---\ntitle: A\naliases: [/Guide/Alpha/]\n---\nA.\n");
        refused(&t, &["content/guide/a.md:3:1: error: `Guide/Alpha/index.html` and `guide/alpha/index.html` differ only by case or Unicode normalization, so they are one file on macOS and Windows: the alias `/Guide/Alpha/` of /guide/a/ (content/guide/a.md:3), the page /guide/alpha/ (content/guide/alpha.md:1)"]);
    }

    #[test]
    fn terms_that_slugify_to_one_url() {
        let t = site();
        t.write("content/guide/a.md", "---\ntitle: A\ntags: [C++]\n---\nA.\n")
            .write("content/guide/b.md", "---\ntitle: B\ntags: [C#, c++, C--]\n---\nB.\n")
            .write("content/guide/c.md", "---\ntitle: C\ntags: [C#]\n---\nC.\n");
        refused(&t, &["content/guide/b.md:3:8: error: the `tags` terms `C++` (content/guide/a.md:3), `C#` (content/guide/b.md:3), `C--` (content/guide/b.md:3) all make the URL /tags/c/"]);
        // Case, spaces, `-` and `_` are spellings of one term, not a collision.
        let t = site();
        t.write("content/guide/a.md", "---\ntitle: A\ntags: [Smart contracts]\n---\nA.\n")
            .write("content/guide/b.md", "---\ntitle: B\ntags: [smart-contracts, SMART_CONTRACTS]\n---\nB.\n");
        t.build().clean();
        assert!(t.exists("tags/smart-contracts/index.html"));
    }

    #[test]
    fn listed_terms_of_a_closed_taxonomy_that_slugify_to_one_url() {
        let t = site();
        t.modify("site.toml", |s| format!("{s}closed = true\nterms = [\"C++\", \"C#\", \"Basics\"]\n"));
        refused(
            &t,
            &["site.toml: error: the `tags` terms `C++` (site.toml), `C#` (site.toml) all make the URL /tags/c/"],
        );
    }

    #[test]
    fn terms_without_letters_or_digits() {
        let t = site();
        t.write(
            "content/guide/a.md",
            "---\ntitle: A\ntags:\n  - \"..\"\n  - \".\"\n  - \"   \"\n  - \"🎉\"\n  - basics\n---\nA.\n",
        );
        refused(
            &t,
            &[
                "content/guide/a.md:4:5: error: the `tags` term `..` has no letters or digits to make a URL from",
                "content/guide/a.md:5:5: error: the `tags` term `.` has no letters or digits to make a URL from",
                "content/guide/a.md:6:5: error: the `tags` term `   ` has no letters or digits to make a URL from",
                "content/guide/a.md:7:5: error: the `tags` term `🎉` has no letters or digits to make a URL from",
            ],
        );
        // File names too: they used to become `_`.
        let t = site();
        t.write("content/guide/🎉.md", "---\ntitle: Party\n---\nParty.\n");
        refused(
            &t,
            &["content/guide/🎉.md: error: `🎉.md` has no letters or digits to make a URL from (it would become `_`)"],
        );
        t.replace("content/guide/🎉.md", "title: Party", "title: Party\nslug: party");
        t.build().clean();
        assert!(t.exists("guide/party/index.html"));
    }

    #[test]
    fn file_names_that_differ_only_by_case() {
        let t = site();
        t.write("content/guide/Alpha.md", "---\ntitle: Big alpha\n---\nBig.\n");
        refused(&t, &["content/guide/alpha.md: error: `content/guide/Alpha.md` and `content/guide/alpha.md` differ only by case or Unicode normalization; on macOS and Windows they are one name, so one would replace the other"]);
        // Folders, and static files.
        let t = site();
        t.write("content/Guide/beta.md", "---\ntitle: Beta\n---\nBeta.\n")
            .write("static/img/Logo.svg", "<svg/>")
            .write("static/img/logo.svg", "<svg/>");
        refused(&t, &[
            "content/guide/_index.md: error: `content/Guide` and `content/guide` differ only by case or Unicode normalization; on macOS and Windows they are one name, so one would replace the other",
            "static/img/logo.svg: error: `static/img/Logo.svg` and `static/img/logo.svg` differ only by case or Unicode normalization; on macOS and Windows they are one name, so one would replace the other",
        ]);
        // A page whose URL differs from a section's only by case.
        let t = site();
        t.write("content/Guide.md", "---\ntitle: Big guide\n---\nBig.\n");
        refused(&t, &["content/Guide.md:1:1: error: `Guide/index.html` and `guide/index.html` differ only by case or Unicode normalization, so they are one file on macOS and Windows: the page /Guide/ (content/Guide.md:1), the section /guide/ (content/guide/_index.md:1)"]);
    }

    #[test]
    fn file_names_that_differ_only_by_unicode_normalization() {
        let t = site();
        let nfc = "caf\u{e9}";
        let nfd = "cafe\u{301}";
        t.write(&format!("content/guide/{nfc}.md"), "---\ntitle: One\n---\nOne.\n");
        // Some file systems normalize names themselves: then the two are one file already.
        let second = t.root().join(format!("content/guide/{nfd}.md"));
        if second.exists() {
            return;
        }
        t.write(&format!("content/guide/{nfd}.md"), "---\ntitle: Two\n---\nTwo.\n");
        let (first, other) = if nfc < nfd { (nfc, nfd) } else { (nfd, nfc) };
        refused(&t, &[&format!("content/guide/{other}.md: error: `content/guide/{first}.md` and `content/guide/{other}.md` differ only by case or Unicode normalization; on macOS and Windows they are one name, so one would replace the other")]);
        // Static files, under folders spelled both ways.
        let t = site();
        t.write(&format!("static/{nfc}/a.png"), "a").write(&format!("static/{nfd}/b.png"), "b");
        if t.root().join(format!("static/{nfd}/a.png")).exists() {
            return;
        }
        let run = t.build();
        run.failure();
        assert_eq!(run.errors().len(), 1, "{}", run.stderr);
        run.stderr_has(&format!("`static/{first}` and `static/{other}` differ only by case or Unicode normalization"));
    }

    #[test]
    fn a_slug_that_is_a_generated_file_name() {
        let t = site();
        t.modify("site.toml", |s| {
            s.replace("language = \"en\"", "language = \"en\"\nbase_url = \"https://example.org/\"")
        });
        t.write("content/guide/map.md", "---\ntitle: Map\nslug: sitemap.xml\n---\nMap.\n");
        // A content page at the site root's level needs the slug there.
        t.write("content/map.md", "---\ntitle: Map\nslug: sitemap.xml\n---\nMap.\n");
        refused(&t, &["content/map.md:3:1: error: `sitemap.xml` is needed both as a file and as a folder: the page /sitemap.xml/ (content/map.md:3), the sitemap (base_url is set) (generated)"]);
    }

    #[test]
    fn static_files_over_generated_files_and_the_search_index() {
        let t = site();
        t.modify("site.toml", |s| s.replace("enabled = false", "enabled = true"));
        t.write("static/robots.txt", "User-agent: *\n")
            .write("static/pagefind/pagefind.js", "// mine")
            .write("static/guide/alpha/index.html", "<p>mine</p>");
        refused(&t, &[
            "content/guide/alpha.md:1:1: error: 2 things are written to `guide/alpha/index.html`: the page /guide/alpha/ (content/guide/alpha.md:1), a static file (static/guide/alpha/index.html)",
            "static/pagefind/pagefind.js: error: `pagefind/` belongs to one writer as a whole, but more write into it: a static file (static/pagefind/pagefind.js), the search index ([search]) (site.toml)",
            "static/robots.txt: error: 2 things are written to `robots.txt`: a static file (static/robots.txt), robots.txt (generated)",
        ]);
        // A site file still replaces the theme's file of the same name.
        let t = site();
        t.write("static/style.css", "body { color: red }");
        t.build().clean();
        assert_eq!(t.read("style.css"), "body { color: red }");
    }

    #[test]
    fn names_that_cannot_exist_on_windows() {
        let t = site();
        t.write("content/guide/con.md", "---\ntitle: Con\n---\nCon.\n")
            .write("content/guide/ok.md", "---\ntitle: Ok\nslug: Aux\n---\nOk.\n")
            .write("content/guide/Nul/index.md", "---\ntitle: Nul\n---\nNul.\n")
            .write("static/com1.txt", "x")
            .write("static/files/LPT9.tar.gz", "x")
            .write("static/trailing./a.txt", "x")
            .write("static/what?.txt", "x");
        refused(&t, &[
            "content/guide/Nul/index.md: error: this file cannot be checked out on every system: `Nul` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)",
            "content/guide/con.md: error: this file cannot be checked out on every system: `con.md` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)",
            "content/guide/ok.md:3:1: error: the page /guide/Aux/ cannot be written to `guide/Aux/index.html`: `Aux` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)",
            "static/com1.txt: error: this file cannot be checked out on every system: `com1.txt` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)",
            "static/files/LPT9.tar.gz: error: this file cannot be checked out on every system: `LPT9.tar.gz` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)",
            "static/trailing./a.txt: error: this file cannot be checked out on every system: `trailing.` ends in a dot or a space, which Windows drops",
            "static/what?.txt: error: this file cannot be checked out on every system: `what?.txt` contains '?', which Windows does not allow in file names",
        ]);
        // Names that only start like a device name are fine.
        let t = site();
        t.write("content/guide/console.md", "---\ntitle: Console\n---\nC.\n").write("static/auxiliary.txt", "x");
        t.build().clean();
        assert!(t.exists("guide/console/index.html") && t.exists("auxiliary.txt"));
    }

    #[test]
    fn over_long_names_name_the_page_and_the_limit() {
        let long = "x".repeat(300);
        let t = site();
        t.write("content/guide/a.md", &format!("---\ntitle: A\ntags:\n  - basics\n  - {long}\n---\nA.\n"));
        let run = t.build();
        run.failure();
        let e = run.headline_with("is 300 bytes long");
        assert!(e.starts_with("content/guide/a.md:5:1: error: the page of the `tags` term `xxx"), "{e}");
        assert!(e.ends_with("the limit is 255"), "{e}");
        assert_eq!(run.errors().len(), 1, "{}", run.stderr);
        assert!(!t.public().exists());
        // A slug of 256 bytes, and a path of more than 2048 bytes made of short names.
        let t = site();
        t.write("content/guide/b.md", &format!("---\ntitle: B\nslug: {}\n---\nB.\n", "é".repeat(128)));
        let deep = (0..12).map(|i| format!("{i}{}", "d".repeat(180))).collect::<Vec<_>>().join("/");
        t.write(&format!("content/{deep}/c.md"), "---\ntitle: C\n---\nC.\n");
        let run = t.build();
        run.failure();
        assert!(run
            .headline_with("content/guide/b.md:3:1: error: the page")
            .ends_with("is 256 bytes long; the limit is 255"));
        let e = run.headline_with("/c.md:1:1: error: the page");
        assert!(e.contains("the path is 2") && e.ends_with("bytes long; the limit is 2048"), "{e}");
    }
}
