//! Knowledge-base structures: glossary auto-links and backlinks, taxonomies, training
//! paths and quizzes.

use crate::harness::{assert_links_resolve, sel, text, Page, SiteTest};

// ---------------------------------------------------------------- glossary

/// (text, href) of the glossary auto-links in a page's content.
fn gloss_links(t: &SiteTest, page: &str) -> Vec<(String, String)> {
    let p = t.html(page);
    p.select(".content a.gloss-term")
        .iter()
        .map(|a| (text(a), a.value().attr("href").unwrap_or("").to_string()))
        .collect()
}

#[test]
fn glossary_links_the_first_occurrence_of_each_term_in_prose_only() {
    let t = SiteTest::new("kb/glossary");
    t.build().clean();
    // The heading, the inline code, the code block and the explicit link all come before
    // the first prose occurrence and stay unlinked; "Another ledger" is not linked again;
    // "Distributed ledger technology" links as a whole (longest match), not as "ledger".
    assert_eq!(
        gloss_links(&t, "notes/prose/index.html"),
        [
            ("ledger".to_string(), "../../glossary/ledger/".to_string()),
            ("Distributed ledger technology".to_string(), "../../glossary/dlt/".to_string()),
        ]
    );
    let page = t.html("notes/prose/index.html");
    assert_eq!(page.count("h2 .gloss, code .gloss, pre .gloss, a:not(.gloss-term) .gloss"), 0);
    let paragraphs = page.select(".content > p");
    assert_eq!(paragraphs.len(), 2);
    assert_eq!(paragraphs[0].select(&sel(".gloss")).count(), 0, "the first paragraph only has code and a link");
    assert_eq!(paragraphs[1].select(&sel("a.gloss-term")).count(), 2);
    // The explicit link keeps its own target.
    assert_eq!(page.attrs(".content a:not(.gloss-term):not(.heading-anchor)", "href"), ["../../glossary/ledger/"]);
}

#[test]
fn glossary_link_carries_the_definition_as_a_tooltip() {
    let t = SiteTest::new("kb/glossary");
    t.build().clean();
    let page = t.html("notes/prose/index.html");
    let link = &page.select(".content a.gloss-term")[0];
    let tip_id = link.value().attr("aria-describedby").unwrap();
    let tips = page.select(&format!("[id=\"{tip_id}\"]"));
    assert_eq!(tips.len(), 1, "tooltip {tip_id}");
    assert_eq!(text(&tips[0]), "A record of transactions.");
    assert_eq!(tips[0].value().attr("role"), Some("tooltip"));
}

#[test]
fn glossary_term_is_not_linked_on_its_own_page() {
    let t = SiteTest::new("kb/glossary");
    t.build().clean();
    // ledger.md says "A ledger is kept by every node.": node is linked, ledger is not.
    assert_eq!(gloss_links(&t, "glossary/ledger/index.html"), [("node".to_string(), "../node/".to_string())]);
    // dlt.md says "DLT is …": its own alias is not linked either.
    assert!(gloss_links(&t, "glossary/dlt/index.html").is_empty());
}

#[test]
fn glossary_false_turns_auto_linking_off() {
    let t = SiteTest::new("kb/glossary");
    t.build().clean();
    assert!(gloss_links(&t, "notes/off/index.html").is_empty());
    assert!(t.read("notes/off/index.html").contains("A node keeps a ledger."));
}

#[test]
fn glossary_autolink_setting_turns_auto_linking_off_everywhere() {
    let t = SiteTest::new("kb/glossary");
    t.write("site.toml", "title = \"Fixture\"\n\n[search]\nenabled = false\n\n[glossary]\nautolink = false\n");
    t.build().success();
    for page in ["notes/prose/index.html", "glossary/ledger/index.html", "glossary/node/index.html"] {
        assert!(gloss_links(&t, page).is_empty(), "{page} has glossary links");
    }
}

#[test]
fn glossary_matches_whole_words_case_insensitively_and_aliases() {
    let t = SiteTest::new("kb/glossary");
    t.write("content/notes/more.md", "---\ntitle: More\n---\nA ledgerless design. Many LEDGERS exist. Also a DLT.\n");
    t.build().clean();
    assert_eq!(
        gloss_links(&t, "notes/more/index.html"),
        [
            ("LEDGERS".to_string(), "../../glossary/ledger/".to_string()),
            ("DLT".to_string(), "../../glossary/dlt/".to_string()),
        ]
    );
}

#[test]
fn glossary_term_page_lists_the_pages_that_use_it() {
    let t = SiteTest::new("kb/glossary");
    t.build().clean();
    let ledger = t.html("glossary/ledger/index.html");
    let used: Vec<String> = ledger.texts("section.used-on li a");
    assert!(used.contains(&"Prose".to_string()) && used.contains(&"Node".to_string()), "{used:?}");
    assert!(!used.contains(&"Ledger".to_string()), "a term page is not a use of its own term: {used:?}");
    // Pages by section; other glossary entries apart, after them.
    assert_eq!(ledger.texts("section.used-on h3"), ["Notes (2)"]);
    assert_eq!(ledger.texts("section.used-on > ul li a"), ["No links here", "Prose"]);
    assert_eq!(ledger.texts("section.used-on details.used-on__glossary li a"), ["Node"]);
    assert_eq!(ledger.texts("section.used-on details.used-on__glossary > summary"), ["Other glossary entries (1)"]);
    let hrefs = ledger.attrs("section.used-on li a", "href");
    assert!(hrefs.contains(&"../../notes/prose/".to_string()), "{hrefs:?}");

    let dlt = t.html("glossary/dlt/index.html");
    assert_eq!(dlt.texts("section.used-on li a"), ["Prose"]);
    assert_eq!(dlt.texts(".definition dfn"), ["Distributed ledger technology"]);
    assert!(dlt.texts(".definition__aliases").iter().any(|a| a.contains("DLT")));
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn glossary_index_lists_every_term_by_letter() {
    let t = SiteTest::new("kb/glossary");
    t.build().clean();
    let index = t.html("glossary/index.html");
    assert_eq!(index.texts("nav.letters a"), ["D", "L", "N"]);
    assert_eq!(index.texts(".glossary__list dt a"), ["Distributed ledger technology", "Ledger", "Node"]);
    assert_eq!(
        index.attrs(".glossary__list dt a", "href"),
        ["../glossary/dlt/", "../glossary/ledger/", "../glossary/node/"]
    );
    assert_eq!(index.texts(".glossary__list dd")[1], "A record of transactions.");
}

#[test]
fn duplicate_glossary_alias_across_two_files_is_an_error_naming_both() {
    let t = SiteTest::new("kb/glossary");
    t.write(
        "content/glossary/distributed.md",
        "---\ntitle: Distributed database\ndefinition: A database on many computers.\naliases: [DLT]\n---\nText.\n",
    );
    t.write("content/notes/db.md", "---\ntitle: Db\n---\nA distributed database.\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].contains("`DLT`"), "{}", e[0]);
    assert!(e[0].contains("content/glossary/dlt.md") && e[0].contains("content/glossary/distributed.md"), "{}", e[0]);
    // It points at the alias line of one of the two files.
    assert!(
        e[0].starts_with("content/glossary/dlt.md:5:") || e[0].starts_with("content/glossary/distributed.md:4:"),
        "{}",
        e[0]
    );
}

#[test]
fn term_used_as_another_terms_alias_is_an_error() {
    let t = SiteTest::new("kb/glossary");
    t.write("content/glossary/book.md", "---\ntitle: Book\ndefinition: Pages.\naliases: [Ledger]\n---\nText.\n");
    let run = t.build();
    run.failure();
    let h = run.headline_with("is used by both");
    assert!(h.contains("content/glossary/book.md") && h.contains("content/glossary/ledger.md"), "{h}");
}

#[test]
fn unused_glossary_term_is_a_warning() {
    let t = SiteTest::new("kb/glossary");
    t.write(
        "content/glossary/orphan.md",
        "---\ntitle: Orphan\nterm: orphan term\ndefinition: Nobody uses it.\n---\nText.\n",
    );
    let run = t.build();
    run.success().only_headlines(&[
        "content/glossary/orphan.md:1:1: warning: glossary term `orphan term` is not used on any page",
    ]);
    t.build_with(&["--strict"]).failure();
}

#[test]
fn glossary_term_without_a_definition_is_an_error() {
    let t = SiteTest::new("kb/glossary");
    t.replace("content/glossary/node.md", "definition: A computer in the network.\n", "");
    t.build().failure().headline("content/glossary/node.md:1:1: error: glossary term has no `definition`");
}

#[test]
fn related_glossary_term_that_does_not_exist_is_an_error() {
    let t = SiteTest::new("kb/glossary");
    t.replace("content/glossary/node.md", "title: Node\n", "title: Node\nrelated: [ledger, ledgr]\n");
    let run = t.build();
    let h = "content/glossary/node.md:3:19: error: related term `ledgr` does not exist";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `ledger`?"), "{}", run.stderr);
}

#[test]
fn related_glossary_terms_are_linked() {
    let t = SiteTest::new("kb/glossary");
    t.replace("content/glossary/node.md", "title: Node\n", "title: Node\nrelated: [ledger]\n");
    t.build().clean();
    let node = t.html("glossary/node/index.html");
    assert_eq!(node.attrs("section.related a", "href"), ["../../glossary/ledger/"]);
}

// -------------------------------------------------------------- taxonomies

#[test]
fn closed_taxonomy_with_an_invalid_term_is_an_error_listing_valid_terms() {
    let t = SiteTest::new("kb/taxonomy");
    t.write("content/guide/bad.md", "---\ntitle: Bad\naudiences: [managers, directors]\n---\nText.\n");
    let run = t.build();
    let h = "content/guide/bad.md:3:23: error: `directors` is not a term of the closed taxonomy `audiences`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("valid terms: managers, project-staff, technical-staff"), "{}", run.stderr);
}

#[test]
fn closed_taxonomy_error_in_a_block_list_points_to_the_item() {
    let t = SiteTest::new("kb/taxonomy");
    t.write("content/guide/bad.md", "---\ntitle: Bad\naudiences:\n  - managers\n  - techies\n---\nText.\n");
    t.build().failure().only_headlines(&[
        "content/guide/bad.md:5:5: error: `techies` is not a term of the closed taxonomy `audiences`",
    ]);
}

#[test]
fn glossary_used_on_groups_pages_by_section_folds_long_groups_and_tells_same_titles_apart() {
    let t = SiteTest::new("kb/glossary");
    for k in 1..=11 {
        t.write(&format!("content/notes/n{k:02}.md"), &format!("---\ntitle: Note {k:02}\n---\nA ledger.\n"));
    }
    t.write("content/more/_index.md", "---\ntitle: More\n---\nMore.\n");
    t.write("content/more/prose.md", "---\ntitle: Prose\n---\nAnother ledger.\n");
    t.write("content/more/draft.md", "---\ntitle: Draft\ndraft: true\n---\nA ledger.\n");
    t.build().clean();
    let ledger = t.html("glossary/ledger/index.html");
    // 13 notes (with the one that turns linking off), 1 more page and 1 glossary entry;
    // the draft is not listed.
    assert_eq!(ledger.texts("section.used-on h2"), ["Used on (15)"]);
    let mut groups = ledger.texts("section.used-on h3");
    groups.sort();
    assert_eq!(groups, ["More (1)", "Notes (13)"]);
    // A group of more than 10 shows 8 and folds the other 5 (the group of 1 shows it).
    assert_eq!(ledger.count("section.used-on h3 + ul li"), 8 + 1);
    assert_eq!(ledger.texts("section.used-on details.group-more:not(.used-on__glossary) > summary"), ["Show 5 more"]);
    assert_eq!(ledger.count("section.used-on details.group-more:not(.used-on__glossary) li"), 5);
    // The two pages titled "Prose" are told apart by their sections.
    let mut prose: Vec<String> =
        ledger.texts("section.used-on li").into_iter().filter(|l| l.starts_with("Prose")).collect();
    prose.sort();
    assert_eq!(prose, ["Prose (More)", "Prose (Notes)"]);
    assert_eq!(ledger.count("section.used-on .group-section"), 2, "only titles that repeat get a section");
    assert_eq!(ledger.texts("section.used-on details.used-on__glossary li a"), ["Node"]);
    assert!(!ledger.texts("section.used-on li a").contains(&"Draft".to_string()));
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn taxonomy_term_pages_list_the_pages_tagged_with_them() {
    let t = SiteTest::new("kb/taxonomy");
    t.build().clean();
    let managers = t.html("audiences/managers/index.html");
    assert_eq!(managers.texts("h1"), ["Managers"]);
    assert_eq!(managers.texts("section.tagged li a"), ["Both", "Budgets"]);
    // Grouped by section, with counts; a description follows its title.
    assert_eq!(managers.texts("section.tagged h3"), ["Guide (2)"]);
    assert!(managers.texts("section.tagged li").contains(&"Budgets — Money matters.".to_string()));
    assert_eq!(managers.attrs("section.tagged li a", "href"), ["../../guide/both/", "../../guide/budget/"]);
    assert_eq!(t.html("audiences/technical-staff/index.html").texts("section.tagged li a"), ["Code"]);
    assert_eq!(t.html("audiences/project-staff/index.html").texts("section.tagged li a"), ["Both"]);
    // Open taxonomy: terms come from the pages; the URL id is lowercased.
    assert_eq!(t.html("tags/money/index.html").texts("section.tagged li a"), ["Budgets", "Code"]);
    let un = t.html("tags/un-women/index.html");
    assert_eq!(un.texts("h1"), ["UN-Women"]);
    assert_eq!(un.texts("section.tagged li a"), ["Budgets"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn taxonomy_list_page_lists_its_terms_with_counts() {
    let t = SiteTest::new("kb/taxonomy");
    t.build().clean();
    let list = t.html("audiences/index.html");
    assert_eq!(
        list.attrs("ul.term-list > li > a", "href"),
        ["../audiences/managers/", "../audiences/project-staff/", "../audiences/technical-staff/"]
    );
    assert_eq!(list.texts("ul.term-list .count"), ["(2)", "(1)", "(1)"]);
}

#[test]
fn page_shows_its_taxonomy_terms() {
    let t = SiteTest::new("kb/taxonomy");
    t.build().clean();
    let budget = t.html("guide/budget/index.html");
    assert_eq!(budget.texts("section.tags a.tag"), ["Managers", "money", "UN-Women"]);
    assert_eq!(
        budget.attrs("section.tags a.tag", "href"),
        ["../../audiences/managers/", "../../tags/money/", "../../tags/un-women/"]
    );
}

// ---------------------------------------------------------- training paths

#[test]
fn training_path_module_shows_its_position_and_neighbours() {
    let t = SiteTest::new("kb/path");
    t.build().clean();
    let two = t.html("lessons/two/index.html");
    let nav = two.one("nav.path-nav");
    assert!(text(&nav).contains("Module 2 of 3"), "{}", text(&nav));
    assert_eq!(two.attrs("nav.path-nav a[rel=prev]", "href"), ["../../lessons/one/?path=starter"]);
    assert_eq!(two.attrs("nav.path-nav a[rel=next]", "href"), ["../../paths/starter/check/?path=starter"]);
    assert_eq!(two.attrs(".path-nav__where a", "href"), ["../../paths/starter/"]);

    let one = t.html("lessons/one/index.html");
    assert!(text(&one.one("nav.path-nav")).contains("Module 1 of 3"));
    assert!(one.attrs("nav.path-nav a[rel=prev]", "href").is_empty(), "the first module has no previous module");

    let check = t.html("paths/starter/check/index.html");
    assert!(text(&check.one("nav.path-nav")).contains("Module 3 of 3"));
    assert!(check.attrs("nav.path-nav a[rel=next]", "href").is_empty());
    // A page that is not a module has no path navigation.
    assert_eq!(t.html("lessons/three/index.html").count("nav.path-nav"), 0);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn training_path_overview_lists_its_modules_in_order() {
    let t = SiteTest::new("kb/path");
    t.build().clean();
    let path = t.html("paths/starter/index.html");
    assert_eq!(path.texts("ol.modules li.module > a"), ["Lesson One", "Lesson Two", "Check your knowledge"]);
    assert_eq!(
        path.attrs("ol.modules li.module > a", "href"),
        [
            "../../lessons/one/?path=starter",
            "../../lessons/two/?path=starter",
            "../../paths/starter/check/?path=starter"
        ]
    );
    assert_eq!(path.texts("section[aria-labelledby=objectives-title] li"), ["Learn the basics."]);
}

#[test]
fn training_path_module_that_does_not_exist_is_an_error() {
    let t = SiteTest::new("kb/path");
    t.replace("content/paths/starter/_index.md", "  - check.md\n", "  - check.md\n  - ../../lessons/four.md\n");
    t.build()
        .failure()
        .only_headlines(&["content/paths/starter/_index.md:9:5: error: module `../../lessons/four.md` does not exist"]);
}

#[test]
fn training_path_module_listed_twice_is_an_error_at_the_second_listing() {
    let t = SiteTest::new("kb/path");
    t.replace("content/paths/starter/_index.md", "  - check.md\n", "  - check.md\n  - ../../lessons/one.md\n");
    t.build().failure().only_headlines(&[
        "content/paths/starter/_index.md:9:5: error: module `../../lessons/one.md` appears twice in this path",
    ]);
}

#[test]
fn quiz_answer_that_is_not_an_option_is_an_error() {
    let t = SiteTest::new("kb/path");
    t.replace("content/paths/starter/check.md", "answer: Lesson One", "answer: Lesson Three");
    let run = t.build();
    let h = "content/paths/starter/check.md:6:5: error: quiz answer `Lesson Three` is not one of the options";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("Lesson One | Lesson Two"), "{}", run.stderr);
}

#[test]
fn quiz_renders_its_options_and_marks_the_answer() {
    let t = SiteTest::new("kb/path");
    t.build().clean();
    let check = t.html("paths/starter/check/index.html");
    assert_eq!(check.texts(".quiz legend"), ["1. Which lesson comes first?"]);
    let mut labels = check.texts(".quiz label");
    labels.sort();
    assert_eq!(labels, ["Lesson One", "Lesson Two"]);
    assert_eq!(check.count(".quiz input[type=radio]"), 2);
    let correct = check.select(".quiz input[data-correct]");
    assert_eq!(correct.len(), 1);
    let id = correct[0].value().attr("id").unwrap();
    assert_eq!(check.texts(&format!(".quiz label[for=\"{id}\"]")), ["Lesson One"]);
}

#[test]
fn explicit_term_link_resolves_and_an_unknown_one_is_an_error() {
    let t = SiteTest::new("kb/glossary");
    t.write(
        "content/notes/explicit.md",
        "---\ntitle: Explicit\nglossary: false\n---\nSee [the book](term:ledger) and [a box](term:nodes).\n",
    );
    let run = t.build();
    let h = "content/notes/explicit.md:5:33: error: unknown glossary term `nodes`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `term:node`?"), "{}", run.stderr);
    t.replace("content/notes/explicit.md", "term:nodes", "term:node");
    t.build().clean();
    let page = t.html("notes/explicit/index.html");
    assert_eq!(page.attrs(".content a", "href"), ["../../glossary/ledger/", "../../glossary/node/"]);
    assert_eq!(page.texts(".content a"), ["the book", "a box"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn explicit_term_link_to_a_missing_anchor_is_an_error() {
    // Like `[x](../glossary/node.md#nope)`, whose anchor is checked.
    let t = SiteTest::new("kb/glossary");
    t.write("content/notes/explicit.md", "---\ntitle: Explicit\nglossary: false\n---\nSee [a box](term:node#nope).\n");
    t.build().failure().only_headlines(&[
        "content/notes/explicit.md:5:5: error: anchor `#nope` does not exist in content/glossary/node.md",
    ]);
}

// ------------------------------------------------- training paths (more)

/// A second path through the `kb/path` fixture that shares lesson two.
fn with_second_path(t: &SiteTest) {
    t.write(
        "content/paths/advanced/_index.md",
        "---\ntitle: Advanced path\nmodules:\n  - ../../lessons/two.md\n  - ../../lessons/three.md\n---\nGo further.\n",
    );
}

#[test]
fn page_in_two_paths_shows_both_path_navs_with_path_links() {
    let t = SiteTest::new("kb/path");
    with_second_path(&t);
    t.build().clean();
    let two = t.html("lessons/two/index.html");
    let navs = two.select("nav.path-nav");
    assert_eq!(navs.len(), 2);
    let mut by_path: Vec<(String, String)> =
        navs.iter().map(|n| (n.value().attr("data-path-nav").unwrap().to_string(), text(n))).collect();
    by_path.sort();
    assert_eq!(by_path[0].0, "advanced");
    assert!(by_path[0].1.contains("Module 1 of 2"), "{}", by_path[0].1);
    assert_eq!(by_path[1].0, "starter");
    assert!(by_path[1].1.contains("Module 2 of 3"), "{}", by_path[1].1);
    // Each nav's links carry its own path.
    assert_eq!(
        two.attrs("nav.path-nav[data-path-nav=advanced] a[rel=next]", "href"),
        ["../../lessons/three/?path=advanced"]
    );
    assert!(two.attrs("nav.path-nav[data-path-nav=advanced] a[rel=prev]", "href").is_empty());
    assert_eq!(two.attrs("nav.path-nav[data-path-nav=advanced] .path-nav__where a", "href"), ["../../paths/advanced/"]);
    assert_eq!(
        two.attrs("nav.path-nav[data-path-nav=starter] a[rel=prev]", "href"),
        ["../../lessons/one/?path=starter"]
    );
    assert_eq!(
        two.attrs("nav.path-nav[data-path-nav=starter] a[rel=next]", "href"),
        ["../../paths/starter/check/?path=starter"]
    );
    // Module pages use the path pagers (at the top and the bottom), not the reading-order pager.
    assert_eq!(two.count("nav.pager-nav:not(.path-pager)"), 0);
    assert_eq!(two.attrs("nav.path-pager", "data-path-nav"), ["advanced", "starter"]);
    // Lesson three is now a module too: the last of `advanced`, which ends at the overview.
    let three = t.html("lessons/three/index.html");
    assert_eq!(three.attrs("nav.path-nav", "data-path-nav"), ["advanced"]);
    assert_eq!(three.attrs("nav.path-nav a[rel=prev]", "href"), ["../../lessons/two/?path=advanced"]);
    assert_eq!(three.attrs("nav.path-nav .pager__next a", "href"), ["../../paths/advanced/"]);
    let advanced = t.html("paths/advanced/index.html");
    assert_eq!(
        advanced.attrs("ol.modules li.module > a", "href"),
        ["../../lessons/two/?path=advanced", "../../lessons/three/?path=advanced"]
    );
    assert_links_resolve(&t.public(), "/");
}

/// `n` words of prose.
fn words(n: usize) -> String {
    vec!["word"; n].join(" ")
}

#[test]
fn path_overview_time_is_the_sum_of_module_reading_times_and_exercises() {
    let t = SiteTest::new("kb/path");
    // 200 words a minute, rounded up, at least one minute: 450 → 3, 201 → 2, 3 → 1.
    t.write("content/lessons/one.md", &format!("---\ntitle: Lesson One\n---\n{}\n", words(450)));
    t.write("content/lessons/two.md", &format!("---\ntitle: Lesson Two\n---\n{}\n", words(201)));
    t.build().clean();
    let path = t.html("paths/starter/index.html");
    assert_eq!(path.texts("ol.modules .module__time"), ["3 min", "2 min", "2 min"]);
    assert_eq!(path.texts("p.path__meta"), ["3 modules · about 7 minutes"]);
    // A page that is not a module does not count.
    t.write("content/lessons/three.md", &format!("---\ntitle: Lesson Three\n---\n{}\n", words(1000)));
    t.build().clean();
    assert_eq!(t.html("paths/starter/index.html").texts("p.path__meta"), ["3 modules · about 7 minutes"]);
    // `estimated_minutes` no longer replaces the sum (see
    // a_path_time_is_the_sum_of_its_modules_reading_plus_exercises).
}

// ----------------------------------------------- taxonomy grid and matrix

/// WCAG relative luminance of `#rrggbb`.
fn luminance(hex: &str) -> f64 {
    let h = hex.strip_prefix('#').unwrap();
    assert_eq!(h.len(), 6, "{hex}");
    let channel = |i: usize| {
        let c = u8::from_str_radix(&h[i..i + 2], 16).unwrap() as f64 / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

/// WCAG contrast ratio of two colours.
fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `style="a: b; c: d"` as pairs.
fn style(s: &str) -> Vec<(String, String)> {
    s.split(';')
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            let (k, v) = d.split_once(':').unwrap();
            (k.trim().to_string(), v.trim().to_string())
        })
        .collect()
}

#[test]
fn grid_view_shows_tiles_in_the_term_colour_with_readable_text() {
    let t = SiteTest::new("kb/taxonomy-grid");
    t.build().clean();
    let list = t.html("sdgs/index.html");
    assert_eq!(list.count("ul.term-list"), 0, "the grid replaces the list");
    let tiles = list.select("ul.term-grid > li.term-tile");
    let expected = [
        ("1", "No poverty", "#E5243B", "1 page"),
        ("7", "Affordable and clean energy", "#FCC30B", "1 page"),
        ("13", "Climate action", "#3F7E44", "2 pages"),
        ("17", "Partnerships for the goals", "#19486A", "1 page"),
        ("20", "Grey goal", "#777777", "0 pages"),
    ];
    assert_eq!(tiles.len(), expected.len());
    for (tile, (number, title, colour, count)) in tiles.iter().zip(expected) {
        let get = |css: &str| tile.select(&sel(css)).map(|e| text(&e)).collect::<Vec<_>>();
        assert_eq!(get(".term-tile__number"), [number]);
        assert_eq!(get(".term-tile__title"), [title]);
        assert_eq!(get(".term-tile__count"), [count]);
        let decls = style(tile.value().attr("style").unwrap());
        assert_eq!(decls[0], ("background-color".to_string(), colour.to_string()), "{title}");
        assert_eq!(decls[1].0, "color");
        let fg = decls[1].1.as_str();
        assert!(fg == "#000000" || fg == "#ffffff", "{title}: text colour {fg} is black or white");
        let ratio = contrast(colour, fg);
        assert!(ratio >= 4.5, "{title}: {fg} on {colour} has contrast {ratio:.2}");
        // It is the better of the two.
        let other = if fg == "#000000" { "#ffffff" } else { "#000000" };
        assert!(ratio >= contrast(colour, other), "{title}: {other} would contrast more on {colour}");
        // The link inside the tile uses the same text colour.
        let link = tile.select(&sel("a")).next().unwrap();
        assert_eq!(style(link.value().attr("style").unwrap()), [("color".to_string(), fg.to_string())]);
        assert_eq!(link.value().attr("href"), Some(format!("../sdgs/{number}/").as_str()));
    }
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn matrix_section_adds_a_table_with_a_row_per_tagged_page_of_the_section() {
    let t = SiteTest::new("kb/taxonomy-grid");
    t.build().clean();
    let list = t.html("sdgs/index.html");
    assert_eq!(list.count("section.matrix table.matrix__table"), 1);
    assert_eq!(list.texts("section.matrix h2"), ["Projects × Sustainable Development Goals"]);
    assert_eq!(list.count("section.matrix table caption"), 1);
    // Column headers: the row header column, then one per term, all scope="col".
    assert_eq!(list.texts("section.matrix thead th"), ["Page", "1", "7", "13", "17", "20"]);
    assert_eq!(list.count("section.matrix thead th[scope=col]"), 6);
    assert_eq!(list.count("section.matrix thead th:not([scope=col])"), 0);
    assert_eq!(
        list.attrs("section.matrix thead th a", "aria-label"),
        [
            "1: No poverty",
            "7: Affordable and clean energy",
            "13: Climate action",
            "17: Partnerships for the goals",
            "20: Grey goal"
        ]
    );
    // Rows: the tagged pages of `projects` only (not the untagged one, not notes/), by title.
    assert_eq!(list.texts("section.matrix tbody tr > th[scope=row]"), ["Cash aid", "Solar grid"]);
    assert_eq!(list.attrs("section.matrix tbody th a", "href"), ["../projects/aid/", "../projects/solar/"]);
    let rows = list.select("section.matrix tbody tr");
    let marks: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.select(&sel("td")).map(|td| text(&td).replace("✓", "").trim().to_string()).collect())
        .collect();
    assert_eq!(
        marks,
        [["yes", "no", "no", "yes", "no"].map(String::from), ["no", "yes", "yes", "no", "no"].map(String::from)]
    );
    // Without `matrix_section` there is no matrix.
    t.replace("site.toml", "matrix_section = \"projects\"\n", "");
    t.build().clean();
    assert_eq!(t.html("sdgs/index.html").count("section.matrix, table"), 0);
}

const FOUR: &str = r#"---
title: Check your knowledge
quiz:
  - question: Which lesson comes first?
    options: [Lesson One, Lesson Two, Lesson Three, Lesson Four]
    answer: Lesson One
  - question: Which lesson comes second?
    options: [Lesson Two, Lesson One, Lesson Three, Lesson Four]
    answer: Lesson Two
  - question: Which lesson is last?
    options: [Lesson Four, Lesson One, Lesson Two, Lesson Three]
    answer: Lesson Four
  - question: Which lesson is third?
    options: [Lesson Three, Lesson One, Lesson Two, Lesson Four]
    answer: Lesson Three
---
Answer the questions.
"#;

/// Per question: the labels in the order shown, and the label of the option marked right.
fn shown_quiz(page: &Page) -> Vec<(Vec<String>, String)> {
    page.select(".quiz fieldset")
        .iter()
        .map(|fs| {
            let labels: Vec<String> = fs.select(&sel("label")).map(|l| text(&l)).collect();
            let id = fs.select(&sel("input[data-correct]")).next().unwrap().value().attr("id").unwrap().to_string();
            let right = fs.select(&sel(&format!("label[for=\"{id}\"]"))).next().map(|l| text(&l)).unwrap();
            (labels, right)
        })
        .collect()
}

#[test]
fn quiz_options_are_shuffled_at_build_time_the_answer_follows_and_pinning_keeps_the_order() {
    let t = SiteTest::new("kb/path");
    t.write("content/paths/starter/check.md", FOUR);
    t.build().clean();
    let first = shown_quiz(&t.html("paths/starter/check/index.html"));
    let written = [
        ["Lesson One", "Lesson Two", "Lesson Three", "Lesson Four"],
        ["Lesson Two", "Lesson One", "Lesson Three", "Lesson Four"],
        ["Lesson Four", "Lesson One", "Lesson Two", "Lesson Three"],
        ["Lesson Three", "Lesson One", "Lesson Two", "Lesson Four"],
    ];
    for (n, (labels, right)) in first.iter().enumerate() {
        let mut a = labels.clone();
        a.sort();
        let mut b: Vec<String> = written[n].iter().map(|s| s.to_string()).collect();
        b.sort();
        assert_eq!(a, b, "question {}: the options are not the written ones", n + 1);
        // The right answer follows the shuffle: still the written answer's text.
        assert_eq!(right, written[n][0], "question {}", n + 1);
    }
    // Written with the answer always first; shown in more than one position.
    let positions: std::collections::BTreeSet<usize> =
        first.iter().map(|(labels, right)| labels.iter().position(|l| l == right).unwrap()).collect();
    assert!(positions.len() > 1, "every right answer in one position: {first:?}");
    assert!(first.iter().any(|(labels, _)| labels[0] != "Lesson One" && labels[0] != "Lesson Two"), "{first:?}");
    // Deterministic: a rebuild shows the same order.
    t.build().clean();
    assert_eq!(shown_quiz(&t.html("paths/starter/check/index.html")), first);

    // `pin: true` keeps one question's written order; `quiz_shuffle: false` all of them.
    t.replace("content/paths/starter/check.md", "    answer: Lesson Two\n", "    answer: Lesson Two\n    pin: true\n");
    t.build().clean();
    let pinned = shown_quiz(&t.html("paths/starter/check/index.html"));
    assert_eq!(pinned[1].0, written[1]);
    assert_eq!(pinned[0], first[0]);
    t.replace(
        "content/paths/starter/check.md",
        "title: Check your knowledge\n",
        "title: Check your knowledge\nquiz_shuffle: false\n",
    );
    let run = t.build();
    // Now written order: every right answer is option 1, which is reported at `quiz:`.
    run.success().only_headlines(&[
        "content/paths/starter/check.md:4:1: warning: every right answer of this quiz is shown as option 1 of its question, so the check can be passed by position",
    ]);
    assert!(run.stderr.contains("quiz_shuffle: false"), "{}", run.stderr);
    for (n, (labels, _)) in shown_quiz(&t.html("paths/starter/check/index.html")).iter().enumerate() {
        assert_eq!(labels, &written[n]);
    }
    // `primer check` reports it too.
    t.check_with(&[]).headline(
        "content/paths/starter/check.md:4:1: warning: every right answer of this quiz is shown as option 1 of its question, so the check can be passed by position",
    );
}

#[test]
fn pass_mark_comes_from_the_check_the_path_or_site_toml_and_defaults_to_80() {
    let t = SiteTest::new("kb/path");
    t.build().clean();
    let pass = |t: &SiteTest| t.html("paths/starter/check/index.html").attrs("[data-quiz]", "data-pass");
    assert_eq!(pass(&t), ["80"]);
    t.modify("site.toml", |s| format!("{s}\n[paths]\npass_mark = 70\n"));
    t.build().clean();
    assert_eq!(pass(&t), ["70"]);
    t.replace("content/paths/starter/_index.md", "title: Starter path\n", "title: Starter path\npass_mark: 90\n");
    t.build().clean();
    assert_eq!(pass(&t), ["90"]);
    t.replace(
        "content/paths/starter/check.md",
        "title: Check your knowledge\n",
        "title: Check your knowledge\npass_mark: 100\n",
    );
    t.build().clean();
    assert_eq!(pass(&t), ["100"]);
    t.replace("content/paths/starter/check.md", "pass_mark: 100", "pass_mark: 120");
    t.build()
        .failure()
        .headline("content/paths/starter/check.md:3:1: error: invalid value for `pass_mark`: 120 is more than 100");
}

#[test]
fn a_path_time_is_the_sum_of_its_modules_reading_plus_exercises() {
    let t = SiteTest::new("kb/path");
    t.replace("content/lessons/two.md", "title: Lesson Two\n", "title: Lesson Two\nexercise_minutes: 7\n");
    t.build().clean();
    let path = t.html("paths/starter/index.html");
    // Lesson one: 1 min; lesson two: 1 + 7; the check: 1 min reading + 1 question.
    assert_eq!(path.texts(".module__time"), ["1 min", "8 min", "2 min"]);
    assert!(text(&path.one(".path__meta")).contains("about 11 minutes"), "{}", text(&path.one(".path__meta")));
    let two = t.html("lessons/two/index.html");
    assert_eq!(two.texts(".page-header .meta"), ["About 8 min: 1 min reading, 7 min exercises"]);
    let check = t.html("paths/starter/check/index.html");
    assert_eq!(check.texts(".page-header .meta"), ["About 2 min: 1 min reading, 1 min exercises"]);
    assert_eq!(check.texts(".quiz__meta"), ["Questions: 1 · about 1 min · pass mark: 80 %"]);

    // A written estimate that disagrees is reported; the computed total is shown.
    t.replace(
        "content/paths/starter/_index.md",
        "title: Starter path\n",
        "title: Starter path\nestimated_minutes: 30\n",
    );
    t.build().success().only_headlines(&[
        "content/paths/starter/_index.md:3:1: warning: `estimated_minutes: 30` differs from the 11 minutes the path's modules add up to (reading plus exercises); the path shows 11",
    ]);
    assert!(text(&t.html("paths/starter/index.html").one(".path__meta")).contains("about 11 minutes"));
    t.replace("content/paths/starter/_index.md", "estimated_minutes: 30", "estimated_minutes: 11");
    t.build().clean();
}
