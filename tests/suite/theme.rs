//! The default theme's frame: the navigation tree, reading-order pager, "On this page"
//! entries, language of parts, the theme switch's stylesheets and the 404 page.

use crate::harness::{assert_links_resolve, SiteTest};

#[test]
fn navigation_tree_opens_the_current_branch_and_marks_the_page() {
    let t = SiteTest::new("browser/site");
    t.build().clean();
    let page = t.html("guide/ledgers/index.html");
    // One current page, in the open group of its section; the other groups closed.
    assert_eq!(page.attrs("#site-nav a[aria-current=page]", "href"), ["./"]);
    // Links take the shortest way: a sibling in the section, the root's pages from the root.
    assert!(page.attrs("#site-nav a", "href").iter().any(|h| h.starts_with("../") && !h.starts_with("../../")));
    assert_eq!(page.texts("#site-nav details[open] > summary"), ["Guide"]);
    let closed = page.texts("#site-nav details:not([open]) > summary");
    assert!(!closed.is_empty() && !closed.contains(&"Guide".to_string()), "{closed:?}");
    // Every top-level section is listed, in the menu's order, each group with its index.
    assert!(page.count("#site-nav details:not([open]) a[href]") > 0, "closed groups list their pages");
    let home = t.html("index.html");
    assert_eq!(home.count("#site-nav [aria-current]"), 0, "nothing is current on the home page");
    assert_eq!(home.count("#site-nav details[open]"), 0, "all groups closed on the home page");
    // The section index itself is the current "Overview" of its open group.
    let guide = t.html("guide/index.html");
    assert_eq!(guide.attrs("#site-nav a[aria-current=page]", "href"), ["./"]);
    assert_eq!(guide.texts("#site-nav a[aria-current=page]"), ["Overview"]);
    // Drafts are not listed; the menu link opens the drawer without JavaScript.
    assert!(!t.read("guide/ledgers/index.html").contains("draft-notes"), "a draft is in the navigation");
    assert_eq!(page.attrs("a.menu-link", "href"), ["#site-nav"]);
    assert_links_resolve(&t.public(), "/portal/");
}

#[test]
fn every_page_has_previous_and_next_in_reading_order_and_modules_in_path_order() {
    let t = SiteTest::new("browser/site");
    t.build().clean();
    // Home → its first section → that section's pages: each page's next is the one
    // whose previous it is, across the whole tree.
    let home = t.html("index.html");
    let next = home.attrs("nav.pager-nav a[rel=next]", "href");
    assert_eq!(next.len(), 1, "the home page leads on");
    assert!(home.attrs("nav.pager-nav a[rel=prev]", "href").is_empty());
    let mut url = next[0].trim_start_matches("./").to_string();
    let mut seen = vec![String::new()];
    while !url.is_empty() && seen.len() < 200 {
        let p = t.html(&format!("{url}index.html"));
        let up = "../".repeat(url.matches('/').count());
        let prev = p.attrs("nav.pager-nav a[rel=prev], nav.path-pager .pager__prev a", "href");
        if p.count("nav.path-pager") == 0 {
            let back = prev.first().map(|h| h.strip_prefix(&up).unwrap_or(h).to_string()).unwrap_or_default();
            assert_eq!(&back, seen.last().unwrap(), "{url}: previous is not the page before it");
        } else {
            // Module pages: the bottom pager follows the path, with ?path= kept.
            let links = p.attrs("nav.path-pager a", "href");
            assert!(links.iter().any(|h| h.contains("?path=") || h.contains("paths/")), "{url}: {links:?}");
        }
        seen.push(url.clone());
        let n = p.attrs("nav.pager-nav:not(.path-pager) a[rel=next]", "href");
        url = n.first().map(|h| h.strip_prefix(&up).unwrap_or(h).to_string()).unwrap_or_default();
        if p.count("nav.path-pager") > 0 {
            break;
        }
    }
    assert!(seen.len() > 3, "{seen:?}");
    // The module of a path: bottom pager in the path's order.
    let check = t.html("paths/basics/check/index.html");
    assert!(check.count("nav.path-pager[data-path-nav=basics] .pager a") >= 1);
}

#[test]
fn on_this_page_lists_the_decision_tree_and_the_knowledge_check() {
    let t = SiteTest::new("browser/site");
    t.modify("content/decide/choose.md", |s| {
        format!("{s}\n## Before you start\n\nText.\n\n## How it works\n\nText.\n")
    });
    t.build().clean();
    let tree = t.html("decide/choose/index.html");
    let hrefs = tree.attrs("details.toc a", "href");
    assert!(hrefs.iter().any(|h| h == "#tree__title"), "{hrefs:?}");
    assert_eq!(tree.count("#tree__title"), 1);
    assert_eq!(hrefs, ["#before-you-start", "#how-it-works", "#tree__title"], "the tree comes after the headings");
    // A page with a quiz and few headings gets the list as soon as it has three entries.
    t.write(
        "content/guide/quizzed.md",
        "---\ntitle: Quizzed\nquiz:\n  - question: Q?\n    options: [a, b]\n    answer: a\n---\nText.\n\n## One\n\n## Two\n",
    );
    t.build().clean();
    let q = t.html("guide/quizzed/index.html");
    assert_eq!(q.attrs("details.toc a", "href"), ["#one", "#two", "#quiz-title"]);
    assert_eq!(q.texts("details.toc a"), ["One", "Two", "Knowledge check"]);
    assert_eq!(q.count("#quiz-title"), 1);
}

#[test]
fn runs_of_another_script_carry_their_language() {
    let t = SiteTest::new("browser/site");
    t.write(
        "content/guide/terms.md",
        "---\ntitle: Terms\n---\nA smart contract (智能合约) and a ledger (账本).\n\n## 术语 Terms {#terms}\n\n| en | zh |\n|---|---|\n| ledger | 账本 |\n\n![图 alt](diagram/diagram.svg)\n\n`代码`\n",
    );
    t.build().clean();
    let p = t.html("guide/terms/index.html");
    let runs = p.texts(".content span[lang=zh]");
    assert!(runs.contains(&"智能合约".to_string()) && runs.contains(&"账本".to_string()), "{runs:?}");
    // The heading keeps its id and gains the span; the image's alt text and code stay plain.
    assert_eq!(p.texts("h2#terms span[lang=zh]"), ["术语"]);
    let html = t.read("guide/terms/index.html");
    assert!(html.contains("alt=\"图 alt\""), "alt text changed");
    assert!(html.contains("<code>代码</code>"), "code changed");
    // The glossary links still work around marked text.
    assert_eq!(p.count(".content a.gloss-term"), 2);
    // The Chinese page: Latin runs get the site's language, the theme's words too.
    let zh = t.html("guide/zhongwen/index.html");
    assert_eq!(zh.attrs("html", "lang"), ["zh"]);
    assert_eq!(zh.attrs("header.site-header", "lang"), ["en"]);
    assert_eq!(zh.attrs("footer.site-footer", "lang"), ["en"]);
    assert_eq!(zh.attrs("#site-nav", "lang"), ["en"]);
    assert_eq!(zh.count(".content span[lang]"), 0, "no foreign text in the fixture's Chinese page");
    t.write(
        "content/guide/zhongwen.md",
        &std::fs::read_to_string(t.root().join("content/guide/zhongwen.md"))
            .unwrap()
            .replace("分布式账本技术", "分布式账本技术（DLT）"),
    );
    t.build().clean();
    let zh = t.html("guide/zhongwen/index.html");
    assert_eq!(zh.texts(".content span[lang=en]"), ["DLT"]);
    // English pages carry no lang on the frame (it is the page's own).
    let en = t.html("guide/ledgers/index.html");
    assert_eq!(en.count("header.site-header[lang]"), 0);
}

#[test]
fn highlight_stylesheet_follows_the_theme_switch() {
    let t = SiteTest::new("browser/site");
    t.build().clean();
    let css = t.read("highlight.css");
    assert!(css.contains("@media (prefers-color-scheme: dark)"), "{css}");
    assert!(css.contains(":root:not([data-theme=\"light\"]) .hl-"), "system dark yields to a light choice");
    assert!(css.contains(":root[data-theme=\"dark\"] .hl-"), "a dark choice applies without the system's");
    // The choice is applied in <head> before the stylesheets, so there is no flash.
    let html = t.read("guide/ledgers/index.html");
    let script = html.find("primer:theme").unwrap();
    let sheet = html.find("rel=\"stylesheet\"").unwrap();
    assert!(script < sheet, "the theme script runs before the stylesheets load");
}

#[test]
fn not_found_page_without_base_url_is_styled_without_scripts() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    let page = t.html("404.html");
    assert_eq!(page.count("link[rel=stylesheet]"), 0);
    let style = page.texts("head style");
    assert_eq!(style.len(), 1);
    assert!(style[0].contains(".site-header") && style[0].contains("prefers-color-scheme"), "{}", style[0]);
    // Its sections are listed (root-absolute, as every link of the page).
    assert!(page.count("ul.not-found__sections a[href^='/']") > 0);
}

mod marking {
    use primer::lang::Marker;
    use proptest::prelude::*;

    fn strip(html: &str) -> String {
        let mut out = String::new();
        let mut rest = html;
        while let Some(i) = rest.find("<span lang=\"") {
            out.push_str(&rest[..i]);
            let after = &rest[i..];
            let end = after.find("\">").expect("an opening tag ends") + 2;
            rest = &after[end..];
            let close = rest.find("</span>").expect("a span closes");
            out.push_str(&rest[..close]);
            rest = &rest[close + "</span>".len()..];
        }
        out.push_str(rest);
        out
    }

    fn escaped(s: &str) -> String {
        let mut out = String::new();
        pulldown_cmark_escape::escape_html(&mut out, s).unwrap();
        out
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("智能合约".to_string()),
                Just("ブロック".to_string()),
                Just("블록".to_string()),
                Just("блок".to_string()),
                Just("سلسلة".to_string()),
                Just("ledger".to_string()),
                Just(" ".to_string()),
                Just("，".to_string()),
                Just("<&\">".to_string()),
                Just("42".to_string()),
                "\\PC{0,4}",
            ],
            0..24,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        /// Marking only adds well-formed `<span lang>` around runs: without them the
        /// output is the escaped input, for every page and site language.
        #[test]
        fn marking_keeps_the_text(s in text(), page in prop_oneof![Just("en"), Just("zh"), Just("ja"), Just("ar"), Just("ru-RU")], site in prop_oneof![Just("en"), Just("fr"), Just("zh")]) {
            let m = Marker::new(page, site);
            let mut out = String::new();
            m.write(&mut out, &s);
            prop_assert_eq!(strip(&out), escaped(&s));
            if !m.needed(&s) {
                prop_assert!(!out.contains("<span"), "marked text that needs none: {}", out);
            }
        }
    }

    /// One pass: a long text takes about as long per byte as a short one.
    #[test]
    fn marking_is_linear() {
        let m = Marker::new("en", "en");
        let piece = "A ledger (账本) and a node (节点), ";
        // The fastest of five runs per size: on a loaded machine a single run is
        // mostly a measure of the scheduler, the minimum of the work.
        let time = |n: usize| {
            let s = piece.repeat(n);
            let mut best = f64::INFINITY;
            for _ in 0..5 {
                let t = std::time::Instant::now();
                let mut out = String::new();
                m.write(&mut out, &s);
                best = best.min(t.elapsed().as_secs_f64());
                assert_eq!(out.matches("<span lang=\"zh\">").count(), 2 * n);
            }
            best / n as f64
        };
        time(1000);
        let small = time(2_000);
        let large = time(200_000);
        assert!(large < small * 5.0 + 1e-7, "per-piece time grew from {small} to {large}");
    }
}

#[test]
fn the_home_page_opens_with_a_hero_its_buttons_then_the_cards_then_the_text() {
    // No [home]: the primary button opens the section of the training paths.
    let t = SiteTest::new("browser/site");
    t.build().clean();
    let home = t.html("index.html");
    assert_eq!(home.count("article.home > header.hero h1"), 1);
    assert_eq!(home.attrs(".hero a.hero__start", "href"), ["./paths/"]);
    assert_eq!(home.texts(".hero a.hero__start"), ["Start learning"]);
    // The training paths' modules ride along for the "Continue" button.
    let paths = home.attrs(".hero__actions", "data-hero-paths");
    assert!(
        paths.len() == 1 && paths[0].contains("\"id\":\"basics\"") && paths[0].contains("\"modules\":["),
        "{paths:?}"
    );
    // The entry cards come before the page's own text.
    let html = t.read("index.html");
    let (hero, cards, text) =
        (html.find("class=\"page-header hero\""), html.find("class=\"listing\""), html.find("class=\"content\""));
    assert!(hero < cards && cards < text && hero.is_some(), "hero, then cards, then the text");
    assert_eq!(home.count("img.site-logo, img.hero__logo"), 0, "no logo unless one is set");
    assert!(!html.contains("--accent:"), "no accent stylesheet unless one is set");

    // [home] and [brand]: the buttons named by their pages' titles, the logo in the header
    // (with its text alternative) and the hero (decorative there), the accent colours.
    t.write(
        "static/mark.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 8 8\"><rect width=\"8\" height=\"8\"/></svg>",
    );
    t.modify("site.toml", |s| {
        format!(
            "{s}\n[home]\nstart = \"guide/\"\nlinks = [\"glossary/\", \"/decide/choose/\"]\n\n[brand]\nlogo = \"mark.svg\"\nlogo_alt = \"Fixture mark\"\naccent = \"#7a1f5c\"\naccent_dark = \"#f5a3d0\"\n"
        )
    });
    t.build().clean();
    let home = t.html("index.html");
    assert_eq!(home.attrs(".hero a.hero__start", "href"), ["./guide/"]);
    assert_eq!(home.attrs(".hero__actions a.button--quiet", "href"), ["./glossary/", "./decide/choose/"]);
    assert_eq!(home.texts(".hero__actions a.button--quiet")[0], "Glossary");
    assert_eq!(home.attrs(".site-title img.site-logo", "src"), ["./mark.svg"]);
    assert_eq!(home.attrs(".site-title img.site-logo", "alt"), ["Fixture mark"]);
    assert_eq!(home.attrs("img.hero__logo", "alt"), [""]);
    let deep = t.html("guide/ledgers/index.html");
    assert_eq!(deep.attrs(".site-title img.site-logo", "src"), ["../../mark.svg"]);
    let css = t.read("guide/ledgers/index.html");
    assert!(css.contains("<style>:root{--accent:#7a1f5c}@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]){--accent:#f5a3d0}}:root[data-theme=\"dark\"]{--accent:#f5a3d0}</style>"));
}

#[test]
fn home_and_brand_settings_are_checked_with_file_and_line() {
    let t = SiteTest::new("browser/site");
    t.modify("site.toml", |s| {
        format!("{s}\n[brand]\naccent = \"#6fa8dc\"\naccent_dark = \"blue\"\nlogo = \"../logo.svg\"\n")
    });
    let run = t.build();
    run.failure();
    // The lowest contrast of the three it must keep (page, header and card backgrounds,
    // white text on a button).
    run.headline("site.toml:28:10: error: `accent` #6fa8dc has a contrast of 2.31:1 with #f3f5f8 in the light scheme, less than 4.5:1");
    run.headline("site.toml:29:15: error: `accent_dark = \"blue\"` is not a colour");
    run.headline("site.toml:30:8: error: `logo = \"../logo.svg\"` is not a path inside static/");
    assert_eq!(run.errors().len(), 3, "{:?}", run.errors());

    // Settings that need the site: a page that does not exist, a logo file that does not.
    let t = SiteTest::new("browser/site");
    t.modify("site.toml", |s| {
        format!(
            "{s}\n[home]\nstart = \"nowhere/\"\nlinks = [\"glossary/\", \"gone/\"]\n\n[brand]\nlogo = \"logo.png\"\n"
        )
    });
    let run = t.build();
    run.failure();
    run.headline("site.toml:28:9: error: `[home] start`: no page at `nowhere/`");
    run.headline("site.toml:29:23: error: `[home] links`: no page at `gone/`");
    run.headline("site.toml:32:8: error: `[brand] logo`: static/logo.png does not exist");
    assert_eq!(run.errors().len(), 3, "{:?}", run.errors());
}

/// primer's own `partials/nav.html` before the tree's markup moved into primer: a
/// site that kept a copy of it as its override.
const OLD_NAV_PARTIAL: &str = r#"{#- The navigation tree (page.nav). -#}
{% component nav_tree(items, root, overview) %}<ul class="nav-tree">{% for item in items %}{{ <nav_item item={item} root={root} overview={overview}/> }}{% endfor %}</ul>{% endcomponent nav_tree %}
{% component nav_item(item, root, overview) %}{% if item.children %}<li class="nav-group"><details{% if item.open %} open{% endif %}><summary{% if item.open %} class="nav-group__open"{% endif %}{% if item.lang %} lang="{{ item.lang }}"{% endif %}>{{ item.title }}</summary>
<ul class="nav-tree"><li><a href="{{ root }}{{ item.path }}"{% if item.current %} aria-current="page"{% endif %}>{{ overview }}</a></li>{% for c in item.children %}{{ <nav_item item={c} root={root} overview={overview}/> }}{% endfor %}</ul></details></li>
{% else %}<li><a href="{{ root }}{{ item.path }}"{% if item.current %} aria-current="page"{% elif item.open %} aria-current="true"{% endif %}{% if item.lang %} lang="{{ item.lang }}"{% endif %}>{{ item.title }}</a></li>
{% endif %}{% endcomponent nav_item %}
"#;

#[test]
fn a_site_partial_nav_html_draws_the_navigation_tree() {
    let t = SiteTest::new("browser/site");
    t.build().clean();
    let before = crate::harness::snapshot(&t.public());

    // The old component-style partial gets the whole tree: every page comes out as
    // primer's own markup makes it, but for the links' form (the partial writes each
    // from the root; primer writes the shortest relative link to the same page).
    t.write("templates/partials/nav.html", OLD_NAV_PARTIAL);
    t.build().clean();
    let after = crate::harness::snapshot(&t.public());
    let targets = |page: &str, hrefs: Vec<String>| -> Vec<String> { hrefs.iter().map(|h| resolve(page, h)).collect() };
    for path in before.keys().filter(|p| p.ends_with(".html") && !p.ends_with("404.html")) {
        let doc = |bytes: &[u8]| crate::harness::Page {
            rel: path.clone(),
            doc: scraper::Html::parse_document(&String::from_utf8_lossy(bytes)),
        };
        let (old, new) = (doc(&before[path]), doc(&after[path]));
        assert_eq!(old.texts("#site-nav a, #site-nav summary"), new.texts("#site-nav a, #site-nav summary"), "{path}");
        assert_eq!(
            targets(path, old.attrs("#site-nav a", "href")),
            targets(path, new.attrs("#site-nav a", "href")),
            "{path}: the component-style partials/nav.html links elsewhere"
        );
    }

    // Any other partial is included with `nav` (children too), `root` and `overview`.
    t.write(
        "templates/partials/nav.html",
        "<ol class=\"my-nav\">{% for item in nav %}<li><a href=\"{{ root }}{{ item.path }}\">{{ item.title }}</a>{% if item.children %}<ol>{% for c in item.children %}<li{% if c.current %} class=\"here\"{% endif %}>{{ c.title }}</li>{% endfor %}</ol>{% endif %}</li>{% endfor %}</ol>",
    );
    t.build().clean();
    let page = t.html("guide/ledgers/index.html");
    assert_eq!(page.count("#site-nav ul.nav-tree"), 0, "primer's own tree is not drawn");
    assert_eq!(page.count("#site-nav ol.my-nav > li > ol > li"), page.count("#site-nav ol.my-nav li li"));
    assert!(page.count("#site-nav ol.my-nav li li") > 1, "children reach the partial");
    assert_eq!(page.texts("#site-nav li.here").len(), 1);
    assert!(page.attrs("#site-nav ol.my-nav > li > a", "href").iter().all(|h| h.starts_with("../../")));

    // A broken partial is an error that names it.
    t.write("templates/partials/nav.html", "<ol>{{ nav_missing.title }}</ol>");
    t.build().failure().stderr_has("partials/nav.html").stderr_has("navigation tree");
}

/// The site path a relative `href` on the page at `page` (a file path) leads to.
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in href.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}
