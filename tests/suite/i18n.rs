//! Multilingual sites: translations beside originals, published under `/<code>/`, with
//! per-language structures, link fallback, theme strings, RTL, sitemap, search,
//! coverage and the errors of translation files.

use crate::harness::{text, SiteTest};

fn built() -> SiteTest {
    let t = SiteTest::new("i18n/en-zh");
    t.build().clean();
    t
}

#[test]
fn every_page_declares_its_language_and_links_its_translations_both_ways() {
    let t = built();
    let zh = t.html("zh/guide/first/index.html");
    assert_eq!(zh.attrs("html", "lang"), ["zh"]);
    assert_eq!(zh.attrs("html", "dir"), ["ltr"]);
    let alt =
        |p: &crate::harness::Page, lang: &str| p.attrs(&format!("link[rel=alternate][hreflang=\"{lang}\"]"), "href");
    assert_eq!(alt(&zh, "en"), ["https://example.org/school/guide/first/"]);
    assert_eq!(alt(&zh, "zh"), ["https://example.org/school/zh/guide/first/"]);
    assert_eq!(alt(&zh, "x-default"), ["https://example.org/school/guide/first/"]);
    let en = t.html("guide/first/index.html");
    assert_eq!(en.attrs("html", "lang"), ["en"]);
    assert_eq!(alt(&en, "zh"), ["https://example.org/school/zh/guide/first/"]);
    // The switcher goes to the same page in the other language.
    assert_eq!(en.attrs(".lang-switch a[hreflang=zh]", "href"), ["../../zh/guide/first/"]);
    assert_eq!(zh.attrs(".lang-switch a[hreflang=en]", "href"), ["../../../guide/first/"]);
    assert_eq!(zh.texts(".lang-switch [aria-current]"), ["中文"]);
}

#[test]
fn a_page_without_translation_says_so_and_the_switcher_goes_to_that_languages_home() {
    let t = built();
    let en = t.html("guide/second/index.html");
    assert_eq!(en.attrs(".lang-switch a[hreflang=zh]", "href"), ["../../zh/"]);
    assert_eq!(en.count(".lang-switch a[data-untranslated]"), 1);
    let note = en.texts(".lang-switch__note");
    assert_eq!(note, ["(not translated yet: goes to the home page in 中文)"]);
    assert_eq!(en.count("link[rel=alternate][hreflang=zh]"), 0, "no hreflang to a page that does not exist");
    assert!(!t.exists("zh/guide/second/index.html"));
    // One 404 page for every language, at the root.
    assert!(t.exists("404.html") && !t.exists("zh/404.html"));
    assert_eq!(t.html("404.html").count(".lang-switch"), 0);
}

#[test]
fn links_resolve_per_language_and_fall_back_to_the_original() {
    let t = built();
    let zh = t.html("zh/guide/first/index.html");
    let hrefs = zh.attrs(".content a", "href");
    // The glossary entry has a translation: the Chinese one; `second` has none: the English page.
    assert!(hrefs.contains(&"../../glossary/ledger/".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"../../../guide/second/#details".to_string()), "{hrefs:?}");
    let run = t.check_with(&["--translations"]);
    run.success();
    run.stdout_has("Translations into 中文 (zh): 11 of 14 pages (78%), 3 missing");
    run.stdout_has("fallback: content/guide/first.zh.md:6 links to content/guide/second.md (no `zh` translation)");
    run.stdout_has("missing: content/guide/second.md");
}

#[test]
fn chinese_glossary_terms_are_linked_inside_running_text_longest_first() {
    let t = built();
    let zh = t.html("zh/guide/first/index.html");
    let terms: Vec<String> = zh.select(".content a.gloss-term").iter().map(text).collect();
    assert_eq!(terms, ["分布式账本", "账本"]);
    assert_eq!(
        zh.attrs(".content a.gloss-term", "href"),
        ["../../glossary/distributed-ledger/", "../../glossary/ledger/"]
    );
    let index = t.html("zh/glossary/index.html");
    assert_eq!(index.texts(".glossary__item dt a"), ["分布式账本", "账本"]);
    assert_eq!(index.texts(".letters a"), ["术语"]);
}

#[test]
fn sections_taxonomies_paths_quizzes_and_trees_work_per_language() {
    let t = built();
    // One vocabulary: the translated term is named in Chinese, the other keeps its name.
    let goals = t.html("zh/sdgs/index.html");
    assert_eq!(goals.texts(".term-list a"), ["目标 3：良好健康与福祉", "Goal 4: Quality education"]);
    assert_eq!(goals.texts("h1"), ["目标"]);
    // A term without a Chinese page has a generated one; the switcher pairs it with the original.
    let four = t.html("zh/sdgs/4/index.html");
    assert_eq!(four.attrs(".lang-switch a[hreflang=en]", "href"), ["../../../sdgs/4/"]);
    assert_eq!(t.html("sdgs/4/index.html").attrs(".lang-switch a[hreflang=zh]", "href"), ["../../zh/sdgs/4/"]);
    let tags = t.html("zh/guide/first/index.html").texts(".tags a");
    assert_eq!(tags, ["目标 3：良好健康与福祉"]);
    // The section lists its translated pages only.
    assert_eq!(t.html("zh/guide/index.html").texts(".cards a"), ["第一步", "第三步"]);
    // The path in Chinese, with its module, and the module's path navigation in Chinese.
    let path = t.html("zh/path/index.html");
    assert_eq!(path.texts(".modules a"), ["第一步", "第三步"]);
    assert_eq!(path.texts("#objectives-title"), ["学习目标"]);
    let module = t.html("zh/guide/first/index.html");
    assert_eq!(module.texts(".path-nav__where span"), ["第 1 个单元，共 2 个"]);
    // The tree from its Chinese YAML, its links resolved in Chinese where translated.
    let tree = t.html("zh/decide/choose/index.html");
    assert_eq!(tree.texts("#tree__title"), ["是否应该使用账本？"]);
    let links = tree.attrs(".tree-links a", "href");
    assert!(links.contains(&"../../guide/first/".to_string()), "{links:?}");
    assert!(links.contains(&"../../../guide/second/".to_string()), "{links:?}");
    // Quizzes stay with their language's page.
    assert_eq!(t.html("guide/second/index.html").texts("#quiz-title"), ["Knowledge check"]);
    // The theme's words, and the scripts' words, in Chinese; none on English pages.
    assert_eq!(module.texts(".skip-link"), ["跳到正文"]);
    let strings = module.texts("script#primer-strings");
    assert!(strings[0].contains("已完成"), "{strings:?}");
    assert_eq!(t.html("guide/first/index.html").count("script#primer-strings"), 0);
    // Dates the language's way.
    assert_eq!(t.html("zh/guide/third/index.html").texts("time"), ["2024年5月1日"]);
    assert_eq!(t.html("guide/third/index.html").texts("time"), ["2024-05-01"]);
    // Generated pages take the language's title and words.
    assert_eq!(t.html("zh/search/index.html").texts("h1"), ["搜索"]);
    assert_eq!(t.html("zh/index.html").texts("h1"), ["账本学校"]);
}

#[test]
fn sitemap_lists_every_language_with_alternates_and_search_has_one_index_per_language() {
    let t = built();
    let sitemap = t.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/school/zh/guide/first/</loc>"));
    assert!(sitemap.contains(
        "<loc>https://example.org/school/guide/first/</loc>\n    <xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/school/guide/first/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"zh\" href=\"https://example.org/school/zh/guide/first/\"/>\n    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/school/guide/first/\"/>"
    ));
    assert!(
        sitemap.contains("<loc>https://example.org/school/guide/second/</loc></url>"),
        "no alternates without a translation"
    );
    let entry: serde_json::Value = serde_json::from_str(&t.read("pagefind/pagefind-entry.json")).unwrap();
    let langs = entry["languages"].as_object().unwrap();
    assert!(langs.contains_key("en") && langs.contains_key("zh"), "{langs:?}");
}

#[test]
fn arabic_reads_right_to_left_with_the_arabic_theme_strings() {
    let t = SiteTest::new("i18n/ar");
    t.build().clean();
    let ar = t.html("guide/first/index.html");
    assert_eq!(ar.attrs("html", "lang"), ["ar"]);
    assert_eq!(ar.attrs("html", "dir"), ["rtl"]);
    assert_eq!(ar.texts(".skip-link"), ["انتقل إلى المحتوى الرئيسي"]);
    assert_eq!(ar.texts("#quiz-title"), ["اختبار المعرفة"]);
    let en = t.html("en/guide/first/index.html");
    assert_eq!(en.attrs("html", "dir"), ["ltr"]);
    assert_eq!(en.texts("#quiz-title"), ["Knowledge check"]);
    assert_eq!(en.attrs(".lang-switch a[hreflang=ar]", "href"), ["../../../guide/first/"]);
    assert_eq!(en.attrs(".lang-switch a[hreflang=ar]", "dir"), ["rtl"]);
    // The decision tree's own words in Arabic.
    let tree = t.html("decide/choose/index.html");
    assert_eq!(tree.texts(".tree-kind"), ["نتيجة سلبية", "تقدّم بحذر"]);
    assert_eq!(tree.texts(".tree-links-title"), ["اقرأ المزيد"]);
    // The diagram is mirrored (first answer on the right) and in Arabic.
    let svg = t.read("decide/choose/tree.svg");
    assert!(svg.contains("aria-label=\"مخطط انسيابي لشجرة القرار: ") && svg.contains(">نتيجة سلبية<"), "{svg}");
    assert!(!svg.contains("NEGATIVE OUTCOME") && !svg.contains("<title>Question: "), "{svg}");
    let css = t.read("style.css");
    assert!(css.contains("border-inline-start") && !css.contains("margin-left"), "the theme uses logical properties");
}

#[test]
fn a_translation_without_original_and_two_translations_of_one_page_are_errors() {
    let t = SiteTest::new("i18n/en-zh");
    t.write("content/guide/nothing.zh.md", "---\ntitle: 无\n---\n无。\n");
    t.write("content/guide/bundle/index.md", "---\ntitle: Bundle\n---\nB.\n");
    t.write("content/guide/bundle/index.zh.md", "---\ntitle: 包\n---\n包。\n");
    t.write("content/guide/bundle.zh.md", "---\ntitle: 包二\n---\n包。\n");
    t.write("content/decide/other.zh.yaml", "title: x\n");
    let run = t.build();
    run.failure();
    run.headline(
        "content/guide/nothing.zh.md:1:1: error: translation into 中文 (`zh`) of a page that does not exist: content/guide/nothing.md",
    );
    let both = run.headline_with("both translate content/guide/bundle/index.md into `zh`");
    assert!(both.contains("content/guide/bundle.zh.md") && both.contains("content/guide/bundle/index.zh.md"), "{both}");
    run.headline(
        "content/decide/other.zh.yaml:1:1: error: translation into `zh` of a file that does not exist: content/decide/other.yaml",
    );
}

#[test]
fn a_missing_theme_string_is_an_error_naming_the_key_and_the_language() {
    let t = SiteTest::new("i18n/en-zh");
    t.replace("site.toml", "code = \"zh\"", "code = \"de\"");
    let run = t.build();
    run.failure();
    run.stderr_has("the theme has no strings for the language `de` (Deutsch)");
    let t = SiteTest::new("i18n/en-zh");
    t.replace("site.toml", "code = \"zh\"", "code = \"de\"");
    t.write("i18n/de.toml", "menu = \"Menü\"\n");
    // Every error in full (by default, past ten of one code the rest are counted).
    let run = t.build_with(&["--verbose"]);
    run.failure();
    run.headline("i18n/de.toml: error: theme string `on_this_page` is missing for the language `de` (Deutsch)");
    // A site's table overrides the theme's key by key.
    let t = SiteTest::new("i18n/en-zh");
    t.write("i18n/zh.toml", "skip_to_content = \"跳至正文\"\n");
    t.build().clean();
    assert_eq!(t.html("zh/index.html").texts(".skip-link"), ["跳至正文"]);
}

#[test]
fn an_untranslated_module_leaves_the_languages_path_with_a_warning() {
    let t = SiteTest::new("i18n/en-zh");
    t.remove("content/guide/first.zh.md");
    let run = t.build();
    run.success();
    run.headline_with("module `../guide/first.md` has no `zh` translation");
}

#[test]
fn stamps_record_what_a_translation_was_made_from_and_check_reports_stale_ones() {
    let t = SiteTest::new("i18n/en-zh");
    let run = crate::harness::primer(&["stamp", "content/guide/first.zh.md"], t.root());
    run.success();
    run.stdout_has("Stamped 1 translation(s) in translations.toml");
    t.check_with(&["--translations"]).success().stdout_has("0 stale, 10 not stamped");
    t.replace("content/guide/first.md", "More text.", "More text, changed.");
    let run = t.check_with(&["--translations"]);
    run.stdout_has("1 stale");
    run.stdout_has("stale (the original changed since `primer stamp`): content/guide/first.zh.md");
    crate::harness::primer(&["stamp"], t.root()).success().stdout_has("Stamped 11 translation(s)");
    t.check_with(&[]).success().stdout_has("0 stale, 0 not stamped");
    let run = crate::harness::primer(&["stamp", "content/nope.zh.md"], t.root());
    run.code(2);
    run.stderr_has(
        "error: not a translation of this site: content/nope.zh.md (name translations by their content path",
    );
    // primer never replaces a translations.toml it did not write.
    t.write("translations.toml", "mine = \"x\"\n");
    let run = crate::harness::primer(&["stamp"], t.root());
    run.code(2);
    run.stderr_has("was not written by primer");
    assert_eq!(std::fs::read_to_string(t.root().join("translations.toml")).unwrap(), "mine = \"x\"\n");
}

#[test]
fn a_single_language_site_has_no_language_markup() {
    let t = SiteTest::new("i18n/en-zh");
    let toml = std::fs::read_to_string(t.root().join("site.toml")).unwrap();
    let single = toml.split("[[languages]]").next().unwrap().to_string();
    t.write("site.toml", &single);
    for rel in
        ["_index", "guide/_index", "guide/first", "glossary/_index", "glossary/ledger", "glossary/distributed-ledger"]
    {
        t.remove(&format!("content/{rel}.zh.md"));
    }
    for rel in ["sdgs/_index", "sdgs/3", "path/_index", "decide/choose", "guide/third"] {
        t.remove(&format!("content/{rel}.zh.md"));
    }
    t.remove("content/decide/choose.zh.yaml");
    t.build().clean();
    let en = t.html("guide/first/index.html");
    assert_eq!(en.count("html[dir]"), 0);
    assert_eq!(en.count("link[rel=alternate]"), 0);
    assert_eq!(en.count(".lang-switch"), 0);
    assert!(!t.exists("zh/index.html"));
}

#[test]
fn language_declarations_are_checked_with_line_and_fix() {
    let t = SiteTest::new("i18n/en-zh");
    let toml = std::fs::read_to_string(t.root().join("site.toml")).unwrap();
    t.write(
        "site.toml",
        &format!("{toml}\n[[languages]]\ncode = \"ZH_CN\"\n\n[[languages]]\ncode = \"zh\"\n\n[[languages]]\ncode = \"ar\"\ndir = \"right\"\n"),
    );
    let run = t.build();
    run.failure();
    let bad = run.headline_with("language code `ZH_CN` is not a language code");
    assert!(bad.starts_with("site.toml:"), "{bad}");
    run.headline_with("language `zh` is declared twice");
    run.headline_with("`dir = \"right\"` is not a writing direction");
    assert!(!t.public().exists(), "nothing is written");
}

#[test]
fn a_translated_entrys_related_terms_fall_back_to_the_original_entries() {
    let t = SiteTest::new("i18n/en-zh");
    t.write(
        "content/glossary/node.md",
        "---\ntitle: Node\ndefinition: A computer that keeps a copy.\n---\nA node of a [ledger](ledger.md).\n",
    );
    t.modify("content/glossary/ledger.md", |s| format!("{s}\nEvery node keeps it.\n"));
    t.replace(
        "content/glossary/ledger.zh.md",
        "definition: 交易记录。\n",
        "definition: 交易记录。\nrelated: [node, distributed-ledger]\n",
    );
    t.build().clean();
    let page = t.html("zh/glossary/ledger/index.html");
    let hrefs = page.attrs(".related a", "href");
    assert!(hrefs.iter().any(|h| h.ends_with("glossary/node/") && !h.contains("zh/")), "{hrefs:?}");
    assert!(hrefs.iter().any(|h| h.contains("distributed-ledger/")), "{hrefs:?}");
    // A related id that names no entry in either language is still an error.
    t.replace("content/glossary/ledger.zh.md", "related: [node,", "related: [nodes,");
    let run = t.build();
    run.failure();
    run.headline_with("related term `nodes` does not exist");
}

#[test]
fn a_page_already_written_in_a_language_needs_no_translation_into_it() {
    let t = SiteTest::new("i18n/en-zh");
    // `second` is the page `first.zh.md` links to without a translation: written in Chinese
    // from the start, it is neither missing nor a fallback.
    t.modify("content/guide/second.md", |s| s.replacen("---\n", "---\nlanguage: zh\n", 1));
    let run = t.check_with(&["--translations"]);
    run.success();
    run.stdout_has("Translations into 中文 (zh): 11 of 13 pages (84%), 2 missing, 0 stale");
    assert!(!run.stdout.contains("missing: content/guide/second.md"), "{}", run.stdout);
    assert!(!run.stdout.contains("links to content/guide/second.md"), "{}", run.stdout);
}
