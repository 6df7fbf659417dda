//! Link rewriting and link checking.

use crate::harness::{assert_links_resolve, broken_links, SiteTest};

#[test]
fn relative_md_links_become_relative_output_urls() {
    let t = SiteTest::new("links/rewrite");
    t.build().clean();
    let page = t.html("a/b/c/index.html");
    let hrefs = page.attrs(".content a:not(.heading-anchor)", "href");
    assert_eq!(
        hrefs,
        [
            "../../../x/y/",                     // ../../x/y.md
            "../../../x/y/#target",              // ../../x/y.md#target: anchor kept
            "#local-heading",                    // #local-heading: kept
            "https://example.org/path?q=1#frag", // external: untouched
            "mailto:someone@example.org",        // external: untouched
            "../../../glossary/ledger/",         // term:ledger
            "../../",                            // ../_index.md: the section A
            "../",                               // _index.md: this page's own section B
            "../../../",                         // ../../_index.md: the home page
            "../../../x/",                       // ../../x/: a section folder
            "../../../files/doc.txt",            // /files/doc.txt: a static file
        ]
    );
    assert_eq!(page.attrs(".content img", "src"), ["../../../x/pic.svg"]);
    assert_eq!(
        t.html("x/y/index.html").attrs(".content a:not(.heading-anchor):not(.gloss-term)", "href"),
        ["../../a/b/c/#local-heading"]
    );
}

#[test]
fn relative_urls_at_depth_three_resolve() {
    let t = SiteTest::new("links/rewrite");
    t.build().clean();
    assert!(t.exists("a/b/c/index.html"));
    // Every relative href/src of every page, joined to the page's URL, names an output file.
    assert_links_resolve(&t.public(), "/");
    // And the checker is not vacuous: the deep page has links of every kind.
    let page = t.html("a/b/c/index.html");
    assert!(page.attrs("[href]", "href").iter().filter(|h| h.starts_with("../../../")).count() >= 8);
}

#[test]
fn link_checker_notices_a_broken_relative_link() {
    // The generic checker itself: a hand-made broken link in the output is reported.
    let t = SiteTest::new("links/rewrite");
    t.build().clean();
    let path = t.out("a/b/c/index.html");
    let html = std::fs::read_to_string(&path).unwrap().replace("../../../x/y/#target", "../../x/y/#target");
    std::fs::write(&path, html).unwrap();
    let problems = broken_links(&t.public(), "/");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("a/x/y/index.html does not exist"), "{problems:?}");
    // A fragment that names no id in the target is broken too.
    let html = std::fs::read_to_string(&path).unwrap().replace("../../x/y/#target", "../../../x/y/#nowhere");
    std::fs::write(&path, html).unwrap();
    let problems = broken_links(&t.public(), "/");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("no id `nowhere` in x/y/index.html"), "{problems:?}");
}

#[test]
fn every_internal_link_resolves_in_a_site_with_default_settings() {
    // Search on (the default): the theme's search assets must exist too.
    let t = SiteTest::new("links/rewrite");
    t.write("site.toml", "title = \"Fixture\"\n");
    t.build().clean();
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn broken_link_is_an_error_with_file_line_col() {
    let t = SiteTest::new("links/broken");
    let run = t.build();
    run.failure().headline("content/one.md:6:5: error: link to a missing page `missing.md`");
    let block = run.block("content/one.md:6:5: error: link to a missing page `missing.md`");
    assert!(block.contains("See [nothing](missing.md) here."), "{block}");
}

#[test]
fn broken_anchor_is_an_error_with_file_line_col() {
    let t = SiteTest::new("links/broken");
    t.build().failure().headline("content/two.md:6:7: error: anchor `#nope` does not exist in content/one.md");
}

#[test]
fn broken_local_anchor_is_an_error_with_a_hint() {
    let t = SiteTest::new("links/broken");
    t.write("content/two.md", "---\ntitle: Two\n---\n## Real heading\n\nJump to [it](#real-headin).\n");
    t.write("content/one.md", "---\ntitle: One\n---\nFine.\n");
    let run = t.build();
    let h = "content/two.md:6:9: error: anchor `#real-headin` does not exist on this page";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `#real-heading`?"), "{}", run.stderr);
}

#[test]
fn every_error_of_a_build_is_reported_at_once() {
    let t = SiteTest::new("links/broken");
    let run = t.build();
    run.failure().only_headlines(&[
        "content/one.md:6:5: error: link to a missing page `missing.md`",
        "content/two.md:6:7: error: anchor `#nope` does not exist in content/one.md",
    ]);
    run.stderr_has("Build failed: 2 error(s), 0 warning(s);");
    assert!(!t.public().exists());
}

#[test]
fn errors_of_different_stages_are_reported_together() {
    // A front matter error in one file does not hide a link error in another.
    let t = SiteTest::new("links/broken");
    t.write("content/three.md", "---\ntitle: Three\nweight: heavy\n---\nText.\n");
    let run = t.build();
    run.failure();
    run.headline("content/one.md:6:5: error: link to a missing page `missing.md`");
    run.headline("content/three.md:3:1: error: invalid value for `weight`: found the text `heavy`");
    run.stderr_has("Build failed: 3 error(s)");
}

#[test]
fn fixed_links_build_cleanly() {
    let t = SiteTest::new("links/broken");
    t.replace("content/one.md", "missing.md", "two.md");
    t.replace("content/two.md", "one.md#nope", "one.md");
    t.build().clean();
    assert_eq!(t.html("one/index.html").attrs(".content a", "href"), ["../two/"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn unknown_term_link_is_an_error() {
    let t = SiteTest::new("links/rewrite");
    t.replace("content/x/y.md", "Back to", "See [a term](term:ledgr). Back to");
    let run = t.build();
    let h = "content/x/y.md:4:30: error: unknown glossary term `ledgr`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `term:ledger`?"), "{}", run.stderr);
}

#[test]
fn link_leaving_the_site_is_an_error() {
    let t = SiteTest::new("links/rewrite");
    t.replace("content/x/y.md", "Back to", "See [up](../../../etc/passwd.md). Back to");
    t.build()
        .failure()
        .only_headlines(&["content/x/y.md:4:30: error: link `../../../etc/passwd.md` leads outside the site"]);
}

#[test]
fn link_to_a_missing_file_next_to_the_page_is_an_error() {
    let t = SiteTest::new("links/rewrite");
    t.replace("content/x/y.md", "Back to", "![gone](gone.png) Back to");
    t.build().failure().only_headlines(&["content/x/y.md:4:26: error: link to a missing file `gone.png`"]);
}

#[test]
fn crlf_and_bom_files_report_the_same_positions() {
    let t = SiteTest::new("links/broken");
    t.write(
        "content/one.md",
        "\u{feff}---\r\ntitle: One\r\n---\r\nIntro line.\r\n\r\nSee [nothing](missing.md) here.\r\n",
    );
    t.build().failure().headline("content/one.md:6:5: error: link to a missing page `missing.md`");
}
