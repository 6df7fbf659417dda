//! Sections, pages and bundles; ordering; heading ids and the table of contents; slugs.

use crate::harness::{assert_links_resolve, SiteTest};
use std::collections::HashSet;

#[test]
fn bundle_folder_is_one_page_and_its_other_files_are_copied_beside_it() {
    let t = SiteTest::new("content_model/bundle");
    t.build().clean();
    assert!(t.exists("guide/bundle/index.html"));
    assert_eq!(
        t.read("guide/bundle/diagram.svg"),
        std::fs::read_to_string(t.root().join("content/guide/bundle/diagram.svg")).unwrap()
    );
    assert_eq!(t.read("guide/bundle/data/table.csv"), "a,b\n1,2\n");
    assert!(!t.exists("guide/bundle/index.md"), "the bundle's markdown was copied as a file");
    assert!(!t.exists("guide/bundle/index/index.html"), "index.md became its own page");

    let page = t.html("guide/bundle/index.html");
    assert_eq!(page.texts("h1"), ["A bundle"]);
    assert_eq!(page.attrs(".content img", "src"), ["diagram.svg"]);
    assert_eq!(page.attrs(".content a", "href"), ["data/table.csv"]);

    // The section lists the bundle as one of its pages.
    let guide = t.html("guide/index.html");
    assert_eq!(guide.attrs("li.card a", "href"), ["../guide/bundle/"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn section_lists_its_pages_and_subsections() {
    let t = SiteTest::new("content_model/ordering");
    t.build().clean();
    let list = t.html("list/index.html");
    assert_eq!(list.texts("h1"), ["List"]);
    assert_eq!(list.count("section[aria-labelledby=sub-title] li.card"), 3);
    assert_eq!(list.count("section[aria-labelledby=pages-title] li.card"), 5);
    // The home page shows the top-level section, not the pages inside it.
    let home = t.html("index.html");
    assert_eq!(home.attrs("li.card > a", "href"), ["./list/"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn pages_are_ordered_by_weight_then_title_then_path() {
    let t = SiteTest::new("content_model/ordering");
    t.build().clean();
    let list = t.html("list/index.html");
    // November has no weight (0), Zulu 1, then weight 2: Mike, then the two "Same" by path.
    assert_eq!(
        list.texts("section[aria-labelledby=pages-title] li.card > a"),
        ["November", "Zulu", "Mike", "Same", "Same"]
    );
    assert_eq!(
        list.attrs("section[aria-labelledby=pages-title] li.card > a", "href"),
        ["../list/n/", "../list/z/", "../list/m/", "../list/a/", "../list/b/"]
    );
    assert_eq!(list.texts("section[aria-labelledby=sub-title] li.card > a"), ["Also first", "First", "Second"]);

    // Previous/next follow the same order.
    let m = t.html("list/m/index.html");
    assert_eq!(m.attrs("a[rel=prev]", "href"), ["../../list/z/"]);
    assert_eq!(m.attrs("a[rel=next]", "href"), ["../../list/a/"]);
    let a = t.html("list/a/index.html");
    assert_eq!(a.attrs("a[rel=next]", "href"), ["../../list/b/"]);
    // Reading order crosses sections: the first page follows its section's index, and
    // the last page leads on to the first sub-section.
    let n = t.html("list/n/index.html");
    assert_eq!(n.attrs("a[rel=prev]", "href"), ["../../list/"], "the first page follows its section");
    let b = t.html("list/b/index.html");
    let first_sub =
        list.attrs("section[aria-labelledby=sub-title] li.card > a", "href")[0].replacen("../", "../../", 1);
    assert_eq!(b.attrs("a[rel=next]", "href"), [first_sub], "the last page leads on to the first sub-section");
    assert!(t.html("list/index.html").attrs("a[rel=next]", "href") == ["../list/n/"]);
}

#[test]
fn ties_in_order_do_not_depend_on_file_creation_order() {
    // Rewrite the two tied pages in the opposite order: their order must not change.
    let t = SiteTest::new("content_model/ordering");
    let a = std::fs::read_to_string(t.root().join("content/list/a.md")).unwrap();
    let b = std::fs::read_to_string(t.root().join("content/list/b.md")).unwrap();
    t.remove("content/list/a.md").remove("content/list/b.md");
    t.write("content/list/b.md", &b).write("content/list/a.md", &a);
    t.build().clean();
    let list = t.html("list/index.html");
    let hrefs = list.attrs("section[aria-labelledby=pages-title] li.card > a", "href");
    assert_eq!(&hrefs[3..], ["../list/a/", "../list/b/"]);
}

#[test]
fn headings_get_unique_ids_and_explicit_ids_win() {
    let t = SiteTest::new("content_model/headings");
    t.build().clean();
    let page = t.html("page/index.html");
    let ids = page.attrs(".content h2, .content h3", "id");
    assert_eq!(ids, ["intro", "intro-1", "layer-2-can-blockchain-add-value", "my-id", "区块链-简介"]);
    // The explicit id syntax does not show in the text.
    let texts = page.texts(".content h2");
    assert!(texts.iter().any(|t| t.starts_with("Explicit")), "{texts:?}");
    assert!(texts.iter().all(|t| !t.contains("{#")), "{texts:?}");
    // Each heading has a self-link to its own id.
    for h in page.select(".content h2, .content h3") {
        let id = h.value().attr("id").unwrap();
        let anchors: Vec<_> =
            h.select(&crate::harness::sel("a.heading-anchor")).filter_map(|a| a.value().attr("href")).collect();
        assert_eq!(anchors, [format!("#{id}")], "heading {id}");
    }
}

#[test]
fn every_id_in_a_page_is_unique() {
    let t = SiteTest::new("content_model/headings");
    t.build().clean();
    let page = t.html("page/index.html");
    let ids = page.attrs("[id]", "id");
    let mut seen = HashSet::new();
    let dups: Vec<&String> = ids.iter().filter(|i| !seen.insert(*i)).collect();
    assert!(dups.is_empty(), "duplicate ids: {dups:?}");
}

#[test]
fn heading_ids_never_collide_with_the_themes_own_ids() {
    // Headings named like the theme's landmarks must not produce a second `id="main"`
    // (the skip link's target) or `id="toc-title"`.
    let t = SiteTest::new("content_model/headings");
    t.write(
        "content/clash.md",
        "---\ntitle: Clash\nquiz:\n  - question: Which?\n    options: [a, b]\n    answer: a\n---\n\
         ## Main\n\n## On this page\n\n## Toc title\n\n## Quiz title\n\n## Q1\n",
    );
    t.build().clean();
    let page = t.html("clash/index.html");
    let ids = page.attrs("[id]", "id");
    let mut seen = HashSet::new();
    let dups: Vec<&String> = ids.iter().filter(|i| !seen.insert(*i)).collect();
    assert!(dups.is_empty(), "duplicate ids: {dups:?} in {ids:?}");
    assert_eq!(page.count("main#main"), 1);
}

#[test]
fn toc_entries_link_to_the_heading_ids() {
    let t = SiteTest::new("content_model/headings");
    t.build().clean();
    let page = t.html("page/index.html");
    let toc = page.attrs(".toc a", "href");
    assert_eq!(toc, ["#intro", "#intro-1", "#layer-2-can-blockchain-add-value", "#my-id", "#区块链-简介"]);
    assert_eq!(page.texts(".toc a")[3], "Explicit");
    let ids: HashSet<String> = page.attrs("[id]", "id").into_iter().collect();
    for href in &toc {
        assert!(ids.contains(&href[1..]), "TOC entry {href} has no target");
    }
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn toc_is_left_out_of_a_page_with_few_headings() {
    let t = SiteTest::new("content_model/headings");
    t.write("content/short.md", "---\ntitle: Short\n---\n## Only one\n\nText.\n");
    t.build().clean();
    assert_eq!(t.html("short/index.html").count("nav.toc"), 0);
}

#[test]
fn slug_replaces_the_last_url_component_and_links_follow_it() {
    let t = SiteTest::new("content_model/headings");
    t.write("content/docs/a-very-long-file-name.md", "---\ntitle: Long\nslug: short\n---\nText.\n");
    t.write("content/docs/other.md", "---\ntitle: Other\n---\nSee [long](a-very-long-file-name.md).\n");
    t.build().clean();
    assert!(t.exists("docs/short/index.html"));
    assert!(!t.exists("docs/a-very-long-file-name/index.html"));
    assert_eq!(t.html("docs/other/index.html").attrs(".content a", "href"), ["../short/"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn unsafe_slug_is_refused() {
    let t = SiteTest::new("diagnostics/minimal");
    t.write("content/evil.md", "---\ntitle: Evil\nslug: ../x\n---\nText.\n");
    let run = t.build();
    run.failure().headline("content/evil.md:3:1: error: invalid slug `../x`");
    assert!(!t.public().exists());
    assert!(!t.root().join("x").exists() && !t.scratch().join("x").exists());

    t.write("content/evil.md", "---\ntitle: Evil\nslug: a/b\n---\nText.\n");
    t.build().failure().headline("content/evil.md:3:1: error: invalid slug `a/b`");
}
