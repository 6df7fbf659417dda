//! Generated files (sitemap, robots.txt, 404, redirects, highlight.css), escaping and
//! code highlighting.

use crate::harness::{assert_links_resolve, resolve_url, sel, SiteTest};

#[test]
fn sitemap_and_canonical_links_only_with_base_url() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    assert!(!t.exists("sitemap.xml"), "sitemap.xml without base_url");
    assert_eq!(t.html("guide/first/index.html").count("link[rel=canonical]"), 0);
    assert!(!t.read("robots.txt").contains("Sitemap"));

    let t = SiteTest::new("output/base_url");
    t.build().clean();
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"), "{sitemap}");
    for loc in
        ["https://example.org/portal/", "https://example.org/portal/guide/", "https://example.org/portal/guide/page/"]
    {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "sitemap lacks {loc}:\n{sitemap}");
    }
    assert!(sitemap.contains("<lastmod>2024-03-01</lastmod>"), "{sitemap}");
    assert!(!sitemap.contains("404"), "the 404 page is not in the sitemap:\n{sitemap}");
    assert_eq!(
        t.html("guide/page/index.html").attrs("link[rel=canonical]", "href"),
        ["https://example.org/portal/guide/page/"]
    );
    assert_eq!(t.html("index.html").attrs("link[rel=canonical]", "href"), ["https://example.org/portal/"]);
    assert!(
        t.read("robots.txt").contains("Sitemap: https://example.org/portal/sitemap.xml"),
        "{}",
        t.read("robots.txt")
    );
}

#[test]
fn robots_txt_and_404_page_exist() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    assert!(t.read("robots.txt").starts_with("User-agent: *"));
    let page = t.html("404.html");
    assert_eq!(page.texts("h1"), ["Page not found"]);
    // The 404 page is served at any depth, so its links are root-absolute; without
    // base_url its script finds the site's root and loads the stylesheets from there
    // (exercised in the browser tests), so it links none itself.
    assert_eq!(page.count("link[rel=stylesheet]"), 0);
    assert_eq!(page.attrs("a.site-title", "href"), ["/"]);
    assert!(t.read("404.html").contains("data-primer-404"));
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn not_found_page_links_under_the_base_url_path() {
    let t = SiteTest::new("output/base_url");
    t.build().clean();
    let page = t.html("404.html");
    assert_eq!(page.attrs("link[rel=stylesheet]", "href")[0], "/portal/style.css");
    assert_eq!(page.count("link[rel=canonical]"), 0);
    assert_links_resolve(&t.public(), "/portal/");
}

#[test]
fn alias_makes_a_redirect_page_to_the_right_relative_url() {
    let t = SiteTest::new("output/aliases");
    t.build().clean();
    for (alias, expected) in
        [("old/index.html", "../guide/new/"), ("legacy/deep/path/index.html", "../../../guide/new/")]
    {
        let page = t.html(alias);
        let refresh = page.attrs("meta[http-equiv=refresh]", "content");
        assert_eq!(refresh, [format!("0; url={expected}")], "{alias}");
        let url = refresh[0].trim_start_matches("0; url=");
        assert_eq!(resolve_url(alias, url).as_deref(), Some("guide/new/index.html"), "{alias}");
        assert_eq!(page.attrs("link[rel=canonical]", "href"), [expected]);
    }
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn alias_climbing_out_of_the_output_is_refused() {
    let t = SiteTest::new("output/aliases");
    t.replace("content/guide/new.md", "  - /old/\n", "  - /../escape/\n");
    let run = t.build();
    run.failure().only_headlines(&["content/guide/new.md:4:1: error: alias `/../escape/` contains `..`"]);
    assert!(!t.root().join("escape").exists() && !t.scratch().join("escape").exists());
    assert!(!t.public().exists());
}

#[test]
fn alias_that_collides_with_a_page_is_an_error() {
    let t = SiteTest::new("output/aliases");
    t.write("content/old.md", "---\ntitle: Old\n---\nStill here.\n");
    let run = t.build();
    run.failure();
    let h = run.headline_with("alias `/old/`");
    assert!(h.starts_with("content/guide/new.md:4:1: error: ") && h.contains("content/old.md"), "{h}");
}

#[test]
fn titles_headings_link_titles_and_alt_texts_are_escaped() {
    let t = SiteTest::new("output/escaping");
    t.build().clean();
    let raw = t.read("evil/index.html");
    let page = t.html("evil/index.html");

    // No script element came from the content: the only scripts are the theme's (its
    // files, and the inline one in <head> that applies the chosen colour theme).
    for s in page.select("script") {
        let src = s.value().attr("src").unwrap_or("");
        let theme_switch =
            src.is_empty() && s.inner_html().starts_with("try{var t=localStorage.getItem(\"primer:theme\")");
        assert!(src.ends_with(".js") || theme_switch, "unexpected script element: {}", s.html());
        assert!(!s.inner_html().contains("alert"), "script from content: {}", s.html());
    }
    assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the title is not escaped");
    assert_eq!(page.texts("h1"), ["<script>alert(1)</script>"]);
    assert_eq!(page.texts("title"), ["<script>alert(1)</script> · Fixture"]);
    assert_eq!(page.attrs("meta[name=description]", "content"), ["Says \"<>&\" <script>alert(3)</script>"]);

    // Headings and their TOC entries.
    assert_eq!(
        page.texts(".content h2").iter().map(|s| s.trim_end_matches('#').trim().to_string()).collect::<Vec<_>>(),
        ["Quotes \"<>& one", "Quotes \"<>& two", "Quotes \"<>& three"]
    );
    assert_eq!(page.texts(".toc a")[0], "Quotes \"<>& one");
    assert!(
        raw.contains("Quotes &quot;&lt;&gt;&amp; one") || raw.contains("Quotes \"&lt;&gt;&amp; one"),
        "heading text not escaped"
    );
    // Link title and image alt are attribute values, intact after parsing.
    assert_eq!(page.attrs(".content a[title]", "title"), ["title \"<>&"]);
    assert_eq!(page.attrs(".content img", "alt"), ["alt \"<>&"]);
    assert_eq!(page.count(".content b, .quiz b"), 0, "markup from the front matter became an element");

    // The quiz text is escaped too.
    assert_eq!(page.texts(".quiz legend"), ["1. Is <script>alert(2)</script> safe?"]);
    assert_eq!(page.texts(".quiz label"), ["<b>yes</b>", "no"]);

    // The home page lists the page with its title escaped.
    let home_raw = t.read("index.html");
    let home = t.html("index.html");
    assert!(home_raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(home.select("script").iter().all(|s| !s.inner_html().contains("alert")));
}

#[test]
fn redirect_pages_escape_the_title() {
    let t = SiteTest::new("output/escaping");
    t.replace(
        "content/evil.md",
        "title: \"<script>alert(1)</script>\"\n",
        "title: \"<script>alert(1)</script>\"\naliases: [/moved/]\n",
    );
    t.build().clean();
    let raw = t.read("moved/index.html");
    assert!(raw.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{raw}");
    assert_eq!(t.html("moved/index.html").count("script"), 0);
}

#[test]
fn unknown_fence_language_renders_escaped_plain_text_and_warns() {
    let t = SiteTest::new("diagnostics/minimal");
    t.write("content/code.md", "---\ntitle: Code\n---\nIntro.\n\n```nolang\n<b>bold</b> & more\n```\n");
    let run = t.build();
    run.success()
        .only_headlines(&["content/code.md:6:1: warning: unknown code language `nolang`; shown without highlighting"]);
    let raw = t.read("code/index.html");
    assert!(raw.contains("&lt;b&gt;bold&lt;/b&gt; &amp; more"), "code not escaped");
    let page = t.html("code/index.html");
    assert_eq!(page.count("pre b"), 0);
    assert_eq!(page.texts("pre code"), ["<b>bold</b> & more"]);
    assert_eq!(page.count("pre code span"), 0, "unknown languages are not highlighted");
}

#[test]
fn highlighted_code_uses_classes_not_inline_styles() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    let page = t.html("guide/first/index.html");
    let spans = page.select("pre code span");
    assert!(!spans.is_empty(), "the rust fence was not highlighted");
    let code = page.one("pre code");
    for e in code.select(&sel("*")) {
        assert!(e.value().attr("style").is_none(), "inline style in code: {}", e.html());
        if e.value().name() == "span" {
            let class = e.value().attr("class").unwrap_or("");
            assert!(class.split(' ').all(|c| c.starts_with("hl-")), "unexpected class {class}");
        }
    }
    assert_eq!(page.one("pre code").text().collect::<String>(), "fn main() {\n    println!(\"hello\");\n}\n");
    let css = t.read("highlight.css");
    assert!(css.contains(".hl-") && css.contains("prefers-color-scheme: dark"), "highlight.css lacks rules");
    assert_eq!(page.attrs("link[rel=stylesheet]", "href").iter().filter(|h| h.ends_with("highlight.css")).count(), 1);
}

#[test]
fn code_without_a_language_is_plain_and_does_not_warn() {
    let t = SiteTest::new("diagnostics/minimal");
    t.write("content/code.md", "---\ntitle: Code\n---\n```\n<i>plain</i>\n```\n\n    indented <u>code</u>\n");
    t.build().clean();
    let page = t.html("code/index.html");
    assert_eq!(page.texts("pre code"), ["<i>plain</i>", "indented <u>code</u>"]);
    assert_eq!(page.count("pre i, pre u"), 0);
}

#[test]
fn theme_and_static_files_are_copied() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    assert!(!t.read("style.css").is_empty());
    assert!(!t.read("primer.js").is_empty());
    // A site static file of the same name replaces the theme's.
    t.write("static/style.css", "body { color: red }\n");
    t.build().clean();
    assert_eq!(t.read("style.css"), "body { color: red }\n");
}
