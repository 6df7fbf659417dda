//! Diagnostics: exact `path:line:col: error: …` headlines, hints, and the checks that
//! produce them (front matter, site.toml, templates, output paths, symlinks).

use crate::harness::SiteTest;

fn minimal() -> SiteTest {
    SiteTest::new("diagnostics/minimal")
}

#[test]
fn unknown_front_matter_key_is_an_error_with_a_did_you_mean_hint() {
    let t = minimal();
    t.write("content/page.md", "---\ntitle: Page\ndescripton: Oops.\n---\nText.\n");
    let run = t.build();
    let h = "content/page.md:3:1: error: unknown front matter key `descripton`";
    run.failure().only_headlines(&[h]);
    let block = run.block(h);
    assert!(block.contains("descripton: Oops."), "the snippet shows the line:\n{block}");
    assert!(block.contains("= help: did you mean `description`?"), "{block}");
    assert!(!t.public().exists());
}

#[test]
fn unknown_front_matter_key_far_from_any_known_key_lists_the_known_keys() {
    let t = minimal();
    t.write("content/page.md", "---\ntitle: Page\nzzzzqqq: 1\n---\nText.\n");
    let run = t.build();
    let h = "content/page.md:3:1: error: unknown front matter key `zzzzqqq`";
    run.failure().only_headlines(&[h]);
    let block = run.block(h);
    assert!(block.contains("extra:"), "the hint points to `extra:` for free data:\n{block}");
}

#[test]
fn unknown_site_toml_key_is_an_error_with_its_line() {
    let t = minimal();
    t.write("site.toml", "title = \"Fixture\"\nbase_ulr = \"https://example.org/\"\n\n[search]\nenabled = false\n");
    let run = t.build();
    let h = "site.toml:2:1: error: unknown key `base_ulr` in site.toml";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `base_url`?"), "{}", run.stderr);
}

#[test]
fn unknown_key_in_a_site_toml_table_is_an_error_with_its_line() {
    let t = minimal();
    t.write("site.toml", "title = \"Fixture\"\n\n[search]\nenabeld = false\n");
    let run = t.build();
    let h = "site.toml:4:1: error: unknown key `enabeld` in site.toml";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `enabled`?"), "{}", run.stderr);
}

#[test]
fn site_toml_syntax_error_has_its_line() {
    let t = minimal();
    t.write("site.toml", "title = \"Fixture\"\ndescription = \"unclosed\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].starts_with("site.toml:2:"), "{}", e[0]);
}

#[test]
fn invalid_base_url_is_an_error() {
    let t = minimal();
    t.write("site.toml", "title = \"Fixture\"\nbase_url = \"example.org\"\n");
    t.build()
        .failure()
        .only_headlines(&["site.toml:2:1: error: base_url `example.org` is not an absolute http(s) URL"]);
}

#[test]
fn unknown_highlight_theme_is_an_error() {
    let t = minimal();
    t.write("site.toml", "title = \"Fixture\"\n\n[highlight]\nlight = \"NoSuchTheme\"\n");
    let run = t.build();
    run.failure().only_headlines(&["site.toml:4:9: error: unknown highlight theme `NoSuchTheme`"]);
    run.stderr_has("InspiredGitHub");
}

#[test]
fn unknown_theme_is_an_error() {
    let t = minimal();
    t.write("site.toml", "title = \"Fixture\"\ntheme = \"nope\"\n");
    let run = t.build();
    run.failure();
    let h = run.headline_with("theme `nope` not found");
    assert!(h.starts_with("site.toml"), "{h}");
}

#[test]
fn malformed_yaml_points_to_the_line_in_the_file() {
    let t = minimal();
    // Line 4 of the file (line 3 of the YAML) opens a flow list that never closes.
    t.write("content/page.md", "---\ntitle: Page\ndescription: Fine.\nextra: {a: [1, 2}\n---\nText.\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].starts_with("content/page.md:4:"), "the line counts from the top of the file: {}", e[0]);
    assert!(e[0].contains(": error: invalid front matter: "), "{}", e[0]);
    assert!(run.block(e[0]).contains("extra: {a: [1, 2}"), "{}", run.stderr);
}

#[test]
fn missing_and_unclosed_front_matter_are_errors() {
    let t = minimal();
    t.write("content/none.md", "# Just markdown\n");
    t.write("content/open.md", "---\ntitle: Open\nText without a closing line.\n");
    t.write("content/untitled.md", "---\nweight: 1\n---\nText.\n");
    t.build().failure().only_headlines(&[
        "content/none.md:1:1: error: missing front matter",
        "content/open.md:1:1: error: front matter is not closed",
        "content/untitled.md:2:1: error: missing required key `title`",
    ]);
}

#[test]
fn fractional_weight_is_a_type_error() {
    let t = minimal();
    t.write("content/page.md", "---\ntitle: Page\nweight: 1.5\n---\nText.\n");
    let run = t.build();
    let h = "content/page.md:3:1: error: invalid value for `weight`: found the number `1.5`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("`weight` takes a whole number"), "{}", run.stderr);
}

#[test]
fn taxonomy_value_that_is_not_a_list_is_a_type_error() {
    let t = SiteTest::new("kb/taxonomy");
    t.write("content/guide/bad.md", "---\ntitle: Bad\ntags: foo\n---\nText.\n");
    let run = t.build();
    let h = "content/guide/bad.md:3:1: error: invalid value for `tags`: expected a list, found the text `foo`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("tags: [a, b]"), "{}", run.stderr);
}

#[test]
fn all_type_errors_of_one_file_are_reported() {
    let t = minimal();
    t.write("content/page.md", "---\ntitle: Page\nweight: 1.5\ndraft: maybe\ndate: 2024-13-01\n---\nText.\n");
    t.build().failure().only_headlines(&[
        "content/page.md:3:1: error: invalid value for `weight`: found the number `1.5`",
        "content/page.md:4:1: error: invalid value for `draft`: found the text `maybe`",
        "content/page.md:5:1: error: invalid date `2024-13-01`: there is no month 13",
    ]);
}

#[test]
fn duplicate_front_matter_key_is_an_error_at_the_second_occurrence() {
    let t = minimal();
    t.write("content/page.md", "---\ntitle: First\nweight: 1\ntitle: Second\n---\nText.\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].starts_with("content/page.md:4:1: error: invalid front matter: "), "{}", e[0]);
    assert!(e[0].contains("duplicate") && e[0].contains("title"), "{}", e[0]);
}

#[test]
fn missing_template_is_an_error_at_the_template_line() {
    let t = minimal();
    t.write("content/page.md", "---\ntitle: Page\ntemplate: nope.html\n---\nText.\n");
    let run = t.build();
    let h = "content/page.md:3:11: error: template `nope.html` (from `template:`) does not exist; looked for `nope.html` in templates/ (the site's), then the built-in `default` theme (themes/default/templates/ does not exist)";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("page.html"), "the hint lists the templates:\n{}", run.stderr);
}

#[test]
fn template_runtime_error_names_the_template_and_the_tera_cause() {
    let t = SiteTest::new("diagnostics/template_runtime");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "one error for the one page that uses page.html:\n{}", run.stderr);
    assert!(e[0].starts_with("templates/page.html"), "names the template file: {}", e[0]);
    assert!(e[0].contains("content/page.md"), "names the page: {}", e[0]);
    assert!(e[0].contains("undefined_variable"), "gives Tera's cause: {}", e[0]);
    assert!(!t.public().exists());
}

#[test]
fn template_syntax_error_names_the_template() {
    let t = SiteTest::new("diagnostics/template_runtime");
    t.write("templates/page.html", "<p>{% if %}</p>\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].starts_with("templates/page.html"), "{}", e[0]);
}

#[test]
fn site_template_overrides_the_theme_template_of_the_same_name() {
    let t = SiteTest::new("diagnostics/template_runtime");
    t.write(
        "templates/page.html",
        "<!doctype html><title>{{ page.title }}</title><div id=\"custom\">{{ page.content | safe }}</div>\n",
    );
    t.build().clean();
    let page = t.html("page/index.html");
    assert_eq!(page.texts("#custom"), ["Text."]);
    // Other kinds still use the theme.
    assert_eq!(t.html("index.html").count("main#main"), 1);
}

#[test]
fn two_sources_mapping_to_one_url_is_an_error_naming_both() {
    let t = minimal();
    t.write("content/a.md", "---\ntitle: A\nslug: b\n---\nText.\n");
    t.write("content/b.md", "---\ntitle: B\n---\nText.\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].contains("content/a.md") && e[0].contains("content/b.md") && e[0].contains("/b/"), "{}", e[0]);
    assert!(!t.public().exists());
}

#[test]
fn page_and_bundle_with_the_same_url_is_an_error_naming_both() {
    let t = minimal();
    t.write("content/guide.md", "---\ntitle: Page\n---\nText.\n");
    t.write("content/guide/index.md", "---\ntitle: Bundle\n---\nText.\n");
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].contains("content/guide.md") && e[0].contains("content/guide/index.md"), "{}", e[0]);
}

#[test]
fn static_file_that_would_overwrite_a_page_is_an_error() {
    let t = minimal();
    t.write("content/about.md", "---\ntitle: About\n---\nText.\n");
    t.write("static/about/index.html", "<p>static</p>\n");
    let run = t.build();
    run.failure();
    let h = run.headline_with("2 things are written to `about/index.html`");
    assert!(h.starts_with("content/about.md:1:1: error: ") && h.contains("(static/about/index.html)"), "{h}");
}

#[test]
fn file_that_is_not_utf8_is_an_error() {
    let t = minimal();
    std::fs::write(t.root().join("content/binary.md"), [0x2d, 0x2d, 0x2d, 0x0a, 0xff, 0xfe, 0x0a]).unwrap();
    let run = t.build();
    run.failure();
    let h = run.headline_with("content/binary.md");
    assert!(
        h.starts_with("content/binary.md:2:1: error: the file is not valid UTF-8: byte 0xFF at byte offset 4"),
        "{h}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_leaving_the_site_is_not_followed() {
    use std::os::unix::fs::symlink;
    let t = SiteTest::new("build/basic");
    let outside = t.scratch().join("outside");
    std::fs::create_dir_all(outside.join("dir")).unwrap();
    std::fs::write(outside.join("secret.md"), "---\ntitle: Secret\n---\nSECRET-CONTENT\n").unwrap();
    std::fs::write(outside.join("dir/inner.md"), "---\ntitle: Inner\n---\nINNER-CONTENT\n").unwrap();
    let system_file = std::path::Path::new("/etc/hostname");
    let system_target = if system_file.is_file() { system_file.to_path_buf() } else { outside.join("secret.md") };
    symlink(outside.join("secret.md"), t.root().join("content/secret.md")).unwrap();
    symlink(outside.join("dir"), t.root().join("content/linked-dir")).unwrap();
    symlink(&system_target, t.root().join("static/hostname")).unwrap();
    // A symlink that stays inside the site is fine.
    symlink(t.root().join("static/files/note.txt"), t.root().join("static/again.txt")).unwrap();

    let run = t.build();
    run.success().only_headlines(&[
        "content/linked-dir: warning: symlink leads outside the site; skipped",
        "content/secret.md: warning: symlink leads outside the site; skipped",
        "static/hostname: warning: symlink leads outside the site; skipped",
    ]);
    assert!(!t.exists("secret/index.html") && !t.exists("linked-dir") && !t.exists("hostname"));
    assert_eq!(t.read("again.txt"), "a static note\n");
    for (name, bytes) in crate::harness::snapshot(&t.public()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SECRET-CONTENT") && !text.contains("INNER-CONTENT"),
            "{name} leaks a file outside the site"
        );
    }
    t.build_with(&["--strict"]).failure();
}

#[test]
fn diagnostics_are_sorted_by_file_and_line() {
    let t = minimal();
    t.write("content/b.md", "---\ntitle: B\n---\n[x](nope.md)\n\n[y](nope2.md)\n");
    t.write("content/a.md", "---\ntitle: A\n---\n[z](gone.md)\n");
    t.build().failure().only_headlines(&[
        "content/a.md:4:1: error: link to a missing page `gone.md`",
        "content/b.md:4:1: error: link to a missing page `nope.md`",
        "content/b.md:6:1: error: link to a missing page `nope2.md`",
    ]);
}

#[test]
fn front_matter_errors_in_crlf_files_have_the_right_line() {
    let t = minimal();
    t.write("content/page.md", "---\r\ntitle: Page\r\nweight: 1.5\r\n---\r\nText.\r\n");
    t.build()
        .failure()
        .only_headlines(&["content/page.md:3:1: error: invalid value for `weight`: found the number `1.5`"]);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_and_a_dangling_symlink_are_named_as_such() {
    use std::os::unix::fs::symlink;
    let t = SiteTest::new("build/basic");
    symlink(t.root().join("content/loop.md"), t.root().join("content/loop.md")).unwrap();
    symlink(t.root().join("content/gone.md"), t.root().join("content/dangling.md")).unwrap();
    t.build().success().only_headlines(&[
        "content/dangling.md: warning: symlink points to nothing (its target does not exist); skipped",
        "content/loop.md: warning: symbolic link loop (the link leads back to itself); skipped",
    ]);
}

/// A site whose `sdgs` taxonomy is a closed vocabulary of `34` and `5`.
fn closed_sdgs() -> SiteTest {
    let t = minimal();
    t.modify("site.toml", |s| {
        format!("{s}\n[[taxonomies]]\nname = \"sdgs\"\ntitle = \"SDGs\"\nclosed = true\nterms = [\"34\", \"5\"]\n")
    });
    t
}

#[test]
fn a_list_item_is_located_where_it_is_written_not_where_its_text_first_appears() {
    // `4` is also inside `34`, the item before it.
    let t = closed_sdgs();
    t.write("content/p.md", "---\ntitle: P\nsdgs: [34, 4]\n---\nText.\n");
    let run = t.build();
    let h = "content/p.md:3:12: error: `4` is not a term of the closed taxonomy `sdgs`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("3 | sdgs: [34, 4]\n  |            ^\n"), "{}", run.stderr);

    t.write("content/p.md", "---\ntitle: P\nsdgs:\n  - 34\n  - \"4\"\n---\nText.\n");
    let run = t.build();
    let h = "content/p.md:5:5: error: `4` is not a term of the closed taxonomy `sdgs`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("5 |   - \"4\"\n  |     ^^^\n"), "{}", run.stderr);
}

#[test]
fn quiz_errors_point_at_the_key_of_their_own_question() {
    let t = minimal();
    t.write(
        "content/p.md",
        "---\ntitle: P\nquiz:\n  - question: Which is 3?\n    options: [\"3\", \"4\"]\n    answer: \"3\"\n  \
         - question: Which is 4?\n    options: [\"5\", \"6\"]\n    answer: \"4\"\n  - question: Only one\n    \
         options: [\"x\"]\n    answer: \"x\"\n---\nText.\n",
    );
    t.build().failure().only_headlines(&[
        "content/p.md:9:5: error: quiz answer `4` is not one of the options",
        "content/p.md:11:5: error: a quiz question needs at least two options",
    ]);
}

#[test]
fn other_front_matter_values_are_located_by_position() {
    let t = minimal();
    t.write("content/a.md", "---\ntitle: A\naliases: [\"/ok/\", \"/a/../b/\"]\n---\nText.\n");
    t.write("content/t.md", "---\ntitle: T\ntree: tree\n---\nText.\n");
    t.write("content/paths/x/_index.md", "---\ntitle: Path\nmodules: [m1.md, m1.md, nope.md]\n---\nText.\n");
    t.write("content/paths/x/m1.md", "---\ntitle: M1\n---\nText.\n");
    t.write(
        "content/glossary/ledger.md",
        "---\ntitle: Ledger\ndefinition: A record.\nrelated: [ledge]\naliases: [book]\n---\nT.\n",
    );
    t.write("content/glossary/book.md", "---\ntitle: Book\ndefinition: A book.\n---\nT.\n");
    let run = t.build();
    run.failure();
    assert_eq!(
        run.errors(),
        [
            "content/a.md:3:19: error: alias `/a/../b/` contains `..`",
            "content/glossary/ledger.md:4:11: error: related term `ledge` does not exist",
            "content/glossary/ledger.md:5:11: error: the glossary name `book` is used by both content/glossary/book.md and content/glossary/ledger.md",
            "content/paths/x/_index.md:3:18: error: module `m1.md` appears twice in this path",
            "content/paths/x/_index.md:3:25: error: module `nope.md` does not exist",
            "content/t.md:3:7: error: decision tree file `tree` does not exist",
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn site_toml_values_are_located_by_the_toml_parser_not_by_their_text() {
    let t = minimal();
    // "language" and "zh" appear in the comment first; the second `zh` is the duplicate.
    t.write(
        "site.toml",
        "# Our language school teaches \"zh\"\ntitle = \"Fixture\"\nlanguage = \"E N\"\n\n[search]\nenabled = false\n\n\
         [[languages]]\ncode = \"zh\"\n\n[[languages]]\ncode = \"zh\"\ndir = \"up\"\n",
    );
    let run = t.build();
    run.failure().only_headlines(&[
        "site.toml:3:12: error: language `E N` is not a language code",
        "site.toml:12:8: error: language `zh` is declared twice",
        "site.toml:13:7: error: `dir = \"up\"` is not a writing direction",
    ]);
    assert!(
        run.block("site.toml:3:12: error: language `E N` is not a language code").contains("3 | language = \"E N\""),
        "{}",
        run.stderr
    );
}

#[test]
fn home_links_and_pass_mark_are_located_by_the_toml_parser() {
    let t = minimal();
    t.modify("site.toml", |s| {
        format!("{s}\n[paths]\n  pass_mark = 120\n\n[home]\nstart = \"nope/\"\nlinks = [\"nope/\"]\n")
    });
    t.build().failure().only_headlines(&["site.toml:8:3: error: `pass_mark` is 120, more than 100"]);
    t.modify("site.toml", |s| s.replace("pass_mark = 120", "pass_mark = 80"));
    t.build().failure().only_headlines(&[
        "site.toml:11:9: error: `[home] start`: no page at `nope/`",
        "site.toml:12:10: error: `[home] links`: no page at `nope/`",
    ]);
}

#[test]
fn a_theme_string_of_the_wrong_type_is_located_at_its_value() {
    let t = minimal();
    t.write("i18n/en.toml", "# mark_done is the button\non_this_page = \"Here\"\nmark_done =   3\n");
    t.build().failure().only_headlines(&["i18n/en.toml:3:15: error: theme string `mark_done` is not a string"]);
}
