//! Generated files (sitemap, robots.txt, 404, redirects, highlight.css), escaping,
//! code highlighting, and the output folder's guard (what primer refuses to replace).

use crate::harness::{assert_links_resolve, copy_dir, resolve_url, sel, snapshot, SiteTest};

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

/// A character XML 1.0 cannot hold (here in base_url, which is only checked to be an
/// http(s) URL) is left out of the sitemap, as in the sitemap of a site in several
/// languages: the file stays well-formed XML.
#[test]
fn the_sitemap_is_xml_even_when_base_url_holds_a_control_character() {
    let t = SiteTest::new("output/base_url");
    t.replace("site.toml", "https://example.org/portal", "https://example.org/por\\u0007tal");
    t.build().clean();
    let sitemap = t.read("sitemap.xml");
    assert!(!sitemap.chars().any(|c| c.is_control() && c != '\n'), "{sitemap:?}");
    assert!(sitemap.contains("<loc>https://example.org/portal/guide/page/</loc>"), "{sitemap}");
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
    assert!(page.attrs("link[rel=stylesheet]", "href")[0].starts_with("/portal/style.css?v="));
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
    run.failure().only_headlines(&["content/guide/new.md:4:5: error: alias `/../escape/` contains `..`"]);
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
        let file = src.split_once("?v=").map_or(src, |(f, _)| f);
        assert!(file.ends_with(".js") || theme_switch, "unexpected script element: {}", s.html());
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
    assert_eq!(page.attrs("link[rel=stylesheet]", "href").iter().filter(|h| h.contains("highlight.css?v=")).count(), 1);
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

// ---------------------------------------------------------------------------------
// The output folder: what primer refuses to replace, and what it cleans up.

/// The `output/guard` fixture with its theme, `themes/house` (a copy of the default theme).
fn guarded_site() -> SiteTest {
    let t = SiteTest::new("output/guard");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    copy_dir(&theme, &t.root().join("themes/house"));
    t
}

/// Everything the site holds, and everything beside it in the scratch folder.
fn everything(t: &SiteTest) -> std::collections::BTreeMap<String, Vec<u8>> {
    snapshot(t.scratch())
}

/// `primer build --output <out>` is refused with exit code 2 before anything is touched:
/// no file of the scratch folder (sources included) changes and nothing is added. The
/// one error names the folder, says why (`why`) and how to fix it.
#[track_caller]
fn assert_refused(t: &SiteTest, out: &std::path::Path, why: &str) -> String {
    let before = everything(t);
    let run = t.build_with(&["--output", out.to_str().unwrap()]);
    run.code(2);
    let errors = run.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let expected = format!("{}: error: refusing to build into this folder: ", out.display());
    assert!(errors[0].starts_with(&expected), "{}\nexpected to start with {expected}", errors[0]);
    assert!(errors[0].contains(why), "{}\nexpected the reason {why:?}", errors[0]);
    run.stderr_has("help: ");
    assert_eq!(everything(t), before, "a refused build changed files");
    run.stderr.clone()
}

#[test]
fn the_site_folder_is_refused_as_output() {
    let t = guarded_site();
    let stderr = assert_refused(&t, t.root(), "is the site's folder, which holds site.toml and the sources");
    assert!(stderr.contains("such as public/"), "{stderr}");
}

#[test]
fn a_folder_above_the_site_is_refused_as_output() {
    let t = guarded_site();
    assert_refused(
        &t,
        t.scratch(),
        &format!("contains the site's folder {}", t.root().canonicalize().unwrap().display()),
    );
    assert_refused(&t, &t.root().join(".."), "contains the site's folder");
}

#[test]
fn content_static_templates_and_theme_folders_are_refused_as_output() {
    let t = guarded_site();
    for (dir, what) in [
        ("content", "is the content folder"),
        ("static", "is the static folder"),
        ("templates", "is the templates folder"),
        ("themes/house", "is the theme's folder"),
        ("themes", "contains the theme's folder"),
        ("content/guide", "is inside the content folder"),
        ("static/out", "is inside the static folder"),
        ("themes/house/static", "is inside the theme's folder"),
    ] {
        assert_refused(&t, &t.root().join(dir), what);
    }
    // `..` that leads back into the sources, through a folder that does not exist yet.
    assert_refused(&t, &t.root().join("new/../content"), "which is the content folder");
    assert!(!t.root().join("new").exists());
}

#[test]
fn a_non_empty_folder_primer_did_not_make_is_refused() {
    let t = guarded_site();
    let out = t.scratch().join("mine");
    std::fs::create_dir_all(out.join("notes")).unwrap();
    std::fs::write(out.join("notes/todo.txt"), "keep me").unwrap();
    let stderr = assert_refused(&t, &out, "is not empty and primer did not make it (it has no .primer-output file)");
    assert!(stderr.contains("choose an empty or new folder"), "{stderr}");
    assert_eq!(std::fs::read_to_string(out.join("notes/todo.txt")).unwrap(), "keep me");
}

#[test]
fn an_output_of_an_earlier_primer_without_a_marker_is_replaced_when_it_holds_only_its_files() {
    let t = guarded_site();
    let out = t.scratch().join("old-site");
    t.build_with(&["--output", out.to_str().unwrap()]).clean();
    // What an earlier primer left: the same files, no marker.
    std::fs::remove_file(out.join(".primer-output")).unwrap();
    t.build_with(&["--output", out.to_str().unwrap()]).clean();
    assert!(out.join(".primer-output").is_file(), "the replaced output is marked now");
    // An unmarked output that holds a file this build does not write is kept whole.
    std::fs::remove_file(out.join(".primer-output")).unwrap();
    std::fs::write(out.join("CNAME"), "docs.example.org").unwrap();
    let run = t.build_with(&["--output", out.to_str().unwrap()]);
    assert!(matches!(run.code, Some(c) if c != 0), "{}", run.stderr);
    run.stderr_has("holds files primer did not write: CNAME");
    run.stderr_has("move them into static/");
    assert!(!out.join(".primer-output").exists(), "the unmarked output was left as it was");
    assert_eq!(std::fs::read_to_string(out.join("CNAME")).unwrap(), "docs.example.org");
    assert!(out.join("404.html").is_file());
}

#[test]
fn files_added_to_an_output_by_hand_are_not_deleted() {
    let t = guarded_site();
    t.build().clean();
    std::fs::write(t.out("CNAME"), "docs.example.org").unwrap();
    std::fs::create_dir(t.out(".git")).unwrap();
    std::fs::write(t.out(".git/HEAD"), "ref: refs/heads/main").unwrap();
    let stderr = assert_refused(&t, &t.public(), "holds files primer did not write: .git/HEAD, CNAME;");
    assert!(stderr.contains("move them into static/"), "{stderr}");
    assert_eq!(std::fs::read_to_string(t.out("CNAME")).unwrap(), "docs.example.org");
}

#[cfg(unix)]
#[test]
fn a_symlink_to_the_content_folder_is_refused_and_its_target_kept() {
    let t = guarded_site();
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("public-link");
    std::os::unix::fs::symlink(t.root().join("content"), &link).unwrap();
    let content = t.root().join("content").canonicalize().unwrap();
    assert_refused(&t, &link, &format!("it resolves to {}, which is the content folder", content.display()));
    assert!(t.root().join("content/guide/page.md").is_file());
}

#[cfg(unix)]
#[test]
fn a_symlink_to_a_folder_primer_made_is_followed_and_the_link_kept() {
    let t = guarded_site();
    let real = t.scratch().join("deploy");
    t.build_with(&["--output", real.to_str().unwrap()]).clean();
    let link = t.scratch().join("public-link");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    t.replace("content/guide/page.md", "Some text", "Changed text");
    t.build_with(&["--output", link.to_str().unwrap()]).clean();
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    let page = std::fs::read_to_string(real.join("guide/page/index.html")).unwrap();
    assert!(page.contains("Changed text"), "the link's target was not rebuilt");
}

#[test]
fn output_dir_in_site_toml_naming_a_source_folder_is_refused_at_its_line() {
    let t = guarded_site();
    t.replace("site.toml", "theme = \"house\"\n", "theme = \"house\"\noutput_dir = \"content\"\n");
    let before = everything(&t);
    let run = t.build();
    run.code(2);
    let h = run.headline_with("output_dir names");
    assert!(h.starts_with("site.toml:3:1: error: output_dir names "), "{h}");
    assert!(h.contains("which primer refuses to build into: it is the content folder"), "{h}");
    run.stderr_has("output_dir = \"public\"");
    assert_eq!(everything(&t), before, "a refused build changed files");
    // `primer check` reports what `primer build` would refuse.
    let check = t.check_with(&[]);
    check.code(2);
    assert_eq!(check.headline_with("output_dir names"), h);
}

#[test]
fn a_folder_made_by_an_earlier_build_is_replaced() {
    let t = guarded_site();
    t.build().clean();
    let marker = t.read(".primer-output");
    assert!(marker.starts_with("primer output folder\n"), "{marker}");
    assert!(marker.lines().any(|l| l == "\"guide/page/index.html\""), "the marker lists the files:\n{marker}");
    // A page removed from the sources: its old HTML is primer's and goes with the rebuild.
    t.write("content/guide/extra.md", "---\ntitle: Extra\n---\nMore.\n");
    t.build().clean();
    assert!(t.exists("guide/extra/index.html"));
    t.remove("content/guide/extra.md");
    t.build().clean();
    assert!(!t.exists("guide/extra/index.html"), "a page with no source survived the rebuild");
    assert!(!t.read(".primer-output").contains("guide/extra"), "the marker lists a file that is gone");
    // An empty folder, too, may be the output.
    let empty = t.scratch().join("empty");
    std::fs::create_dir(&empty).unwrap();
    t.build_with(&["--output", empty.to_str().unwrap()]).clean();
    assert!(empty.join("guide/page/index.html").is_file());
}

/// An interrupted build's leftovers: its staging folder (`public.tmp-<pid>`) and the
/// previous output it set aside (`public.old-<pid>`). Made from a real output with
/// its marker in the state the interrupted build left it.
fn leftover(t: &SiteTest, name: &str, state: &str) -> std::path::PathBuf {
    let dir = t.root().join(name);
    copy_dir(&t.public(), &dir);
    let marker = dir.join(".primer-output");
    let text = std::fs::read_to_string(&marker).unwrap();
    assert!(text.contains("\nstate: built\n"), "{text}");
    std::fs::write(&marker, text.replace("\nstate: built\n", &format!("\nstate: {state}\n"))).unwrap();
    dir
}

#[test]
fn leftovers_of_an_interrupted_build_are_removed_and_look_alikes_kept() {
    let t = guarded_site();
    t.build().clean();
    let tmp = leftover(&t, "public.tmp-4000001", "staging");
    let old = leftover(&t, "public.old-4000002", "retired");
    // Look-alikes: a user's folder and a user's copy of an output, under the same names.
    let user = t.root().join("public.tmp-17");
    std::fs::create_dir(&user).unwrap();
    std::fs::write(user.join("draft.txt"), "mine").unwrap();
    let backup = t.root().join("public.old-2024");
    copy_dir(&t.public(), &backup);
    let other_name = leftover(&t, "public.tmp-abc", "staging");
    t.build().clean();
    assert!(!tmp.exists(), "an interrupted build's staging folder was not removed");
    assert!(!old.exists(), "an interrupted build's set-aside output was not removed");
    assert_eq!(std::fs::read_to_string(user.join("draft.txt")).unwrap(), "mine");
    assert!(backup.join(".primer-output").is_file() && backup.join("index.html").is_file(), "a copy was removed");
    assert!(other_name.join("index.html").is_file(), "a folder of another name shape was removed");
}

#[test]
fn the_staging_folder_of_a_running_build_is_kept() {
    let t = guarded_site();
    t.build().clean();
    let tmp = leftover(&t, "public.tmp-4000003", "staging");
    // A running build holds the lock on its staging folder's marker: this test does.
    let marker = std::fs::File::open(tmp.join(".primer-output")).unwrap();
    marker.lock().unwrap();
    t.build().clean();
    assert!(tmp.join("index.html").is_file(), "the staging folder of a running build was removed");
    marker.unlock().unwrap();
    t.build().clean();
    assert!(!tmp.exists(), "the staging folder was kept after its build ended");
}

#[test]
fn init_never_writes_over_a_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes"), "mine").unwrap();
    let run = crate::harness::primer(&["init", "notes"], dir.path());
    run.code(2).stderr_has("notes is a file, not a folder; choose a new folder");
    assert_eq!(std::fs::read_to_string(dir.path().join("notes")).unwrap(), "mine");
}

#[test]
fn a_file_or_a_dangling_link_as_output_is_refused() {
    let t = guarded_site();
    let file = t.scratch().join("site.zip");
    std::fs::write(&file, "an archive").unwrap();
    assert_refused(&t, &file, "it is a file, not a folder");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "an archive");
    #[cfg(unix)]
    {
        let links = tempfile::tempdir().unwrap();
        let link = links.path().join("gone");
        std::os::unix::fs::symlink(links.path().join("nowhere"), &link).unwrap();
        assert_refused(&t, &link, "is a symbolic link to a folder that does not exist");
        assert!(!links.path().join("nowhere").exists());
    }
}

#[test]
fn a_panic_inside_primer_build_is_an_error_and_leaves_the_output_as_it_was() {
    // The suite runs the debug binary, which reads the testing hook PRIMER_TEST_PANIC:
    // rendering a page whose body holds the text panics on a rayon thread.
    let t = guarded_site();
    t.build().clean();
    std::fs::write(t.root().join("content/guide/page.md"), "---\ntitle: Page\n---\nA page that trips BOOM-1234.\n")
        .unwrap();
    let before = everything(&t);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_primer"))
        .args(["build", "--root"])
        .arg(t.root())
        .current_dir(t.scratch())
        .env("PRIMER_TEST_PANIC", "BOOM-1234")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("error: internal error: primer panicked while building the site"), "{stderr}");
    assert!(
        stderr.contains("this is a bug in primer") && stderr.contains("the output folder is as it was"),
        "{stderr}"
    );
    assert!(!stderr.contains("stack backtrace") && !stderr.contains("thread '"), "raw panic output: {stderr}");
    assert_eq!(everything(&t), before, "the failed build changed files or left a staging folder");
}
