//! The command line: builds, exit codes, `check`, `init`, `--drafts`, `--strict`,
//! atomic output and determinism.

use crate::harness::{assert_links_resolve, assert_same_tree, fixtures_dir, primer, snapshot, SiteTest};
use std::path::Path;

#[test]
fn build_writes_pretty_urls_and_prints_a_summary() {
    let t = SiteTest::new("build/basic");
    let run = t.build();
    run.clean();
    assert!(run.stdout.starts_with("Built 1 pages, 2 sections in "), "{}", run.stdout);
    for file in ["index.html", "guide/index.html", "guide/first/index.html", "files/note.txt", "404.html", "robots.txt"]
    {
        assert!(t.exists(file), "{file} is missing");
    }
    assert_eq!(t.read("files/note.txt"), "a static note\n");
    assert_eq!(t.html("guide/first/index.html").texts("h1"), ["First steps"]);
}

#[test]
fn missing_site_toml_exits_with_code_2() {
    let t = SiteTest::empty();
    std::fs::create_dir_all(t.root().join("content")).unwrap();
    let run = t.build();
    run.code(2);
    let h = run.errors();
    assert_eq!(h.len(), 1, "{}", run.stderr);
    assert!(h[0].starts_with("site.toml: error: cannot read "), "{}", h[0]);
    assert!(!t.public().exists());
}

#[test]
fn bad_command_line_usage_exits_with_code_2() {
    let t = SiteTest::new("build/basic");
    let root = t.root().to_string_lossy().into_owned();
    for args in [
        vec![],
        vec!["frobnicate"],
        vec!["build", "--no-such-flag"],
        vec!["build", "--root"],
        vec!["serve", "--port", "not-a-number"],
        vec!["init"],
        vec!["build", "--root", root.as_str(), "extra-argument"],
    ] {
        let run = primer(&args, t.scratch());
        assert_eq!(run.code, Some(2), "primer {args:?} should exit 2\n{}", run.stderr);
        assert!(!run.stderr.is_empty(), "primer {args:?} printed no error");
    }
    assert!(!t.public().exists(), "a usage error must not build");
}

#[test]
fn help_works_for_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["help"],
        vec!["build", "--help"],
        vec!["check", "--help"],
        vec!["init", "--help"],
        vec!["serve", "--help"],
        vec!["help", "build"],
        vec!["help", "serve"],
    ] {
        let run = primer(&args, dir.path());
        assert_eq!(run.code, Some(0), "primer {args:?}\n{}", run.stderr);
        assert!(run.stdout.contains("Usage: primer"), "primer {args:?} printed no usage:\n{}", run.stdout);
    }
    let build = primer(&["build", "--help"], dir.path());
    for flag in ["--root", "--output", "--drafts", "--strict"] {
        assert!(build.stdout.contains(flag), "build --help does not mention {flag}");
    }
    let version = primer(&["--version"], dir.path());
    assert_eq!(version.code, Some(0));
    assert!(version.stdout.starts_with("primer "), "{}", version.stdout);
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none(), "help wrote files");
}

#[test]
fn check_runs_every_check_and_writes_nothing() {
    let t = SiteTest::new("build/basic");
    let run = t.check_with(&[]);
    run.clean();
    assert!(run.stdout.starts_with("Checked 1 pages, 2 sections in "), "{}", run.stdout);
    assert!(!t.public().exists(), "check created the output folder");
    let entries: Vec<_> = std::fs::read_dir(t.root()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert!(entries.iter().all(|n| n == "site.toml" || n == "content" || n == "static"), "check wrote {entries:?}");

    // The same errors as a build, with the same exit code, and still nothing written.
    t.write("content/guide/first.md", "---\ntitle: First\n---\nA [broken](nowhere.md) link.\n");
    let run = t.check_with(&[]);
    run.failure().headline("content/guide/first.md:4:3: error: link to a missing page `nowhere.md`");
    assert!(!t.public().exists());
}

#[test]
fn check_writes_nothing_even_into_an_existing_output() {
    let t = SiteTest::new("build/basic");
    t.build().success();
    let before = snapshot(&t.public());
    t.write("content/guide/extra.md", "---\ntitle: Extra\n---\nNew page.\n");
    t.check_with(&[]).success();
    assert_eq!(snapshot(&t.public()), before, "check changed public/");
}

#[test]
fn init_creates_a_site_that_builds_with_the_builtin_theme() {
    let dir = tempfile::tempdir().unwrap();
    let run = primer(&["init", "new-site"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let site = dir.path().join("new-site");
    assert!(site.join("site.toml").is_file());
    assert!(!site.join("themes").exists(), "init should rely on the built-in theme");
    let run = primer(&["build", "--root", "new-site"], dir.path());
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stderr.is_empty(), "a fresh site builds without diagnostics:\n{}", run.stderr);
    let public = site.join("public");
    for file in ["index.html", "style.css", "primer.js", "highlight.css", "404.html"] {
        assert!(public.join(file).is_file(), "{file} missing from a fresh site");
    }
    assert_links_resolve(&public, "/");
    // The built-in theme's stylesheets and scripts are written minified, and still whole.
    let theme = fixtures_dir().join("../../themes/default/static");
    for file in ["style.css", "primer.js", "course.js", "search.js"] {
        let source = std::fs::read_to_string(theme.join(file)).unwrap();
        let built = std::fs::read_to_string(public.join(file)).unwrap();
        assert!(built.len() * 10 < source.len() * 9, "{file}: {} bytes built from {}", built.len(), source.len());
        assert!(!built.contains("/*"), "{file} keeps its comments");
    }
    let style = std::fs::read_to_string(public.join("style.css")).unwrap();
    assert!(style.contains("[hidden]{display:none"), "{}", &style[..200.min(style.len())]);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("taken")).unwrap();
    std::fs::write(dir.path().join("taken/keep.txt"), "mine").unwrap();
    let run = primer(&["init", "taken"], dir.path());
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("not empty"), "{}", run.stderr);
    assert!(!dir.path().join("taken/site.toml").exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("taken/keep.txt")).unwrap(), "mine");
}

#[test]
fn unwritable_output_folder_exits_with_code_2() {
    // Not a content problem: the environment refuses the write.
    let t = SiteTest::new("build/basic");
    let blocker = t.scratch().join("file");
    std::fs::write(&blocker, "a file, not a folder").unwrap();
    let out = blocker.join("public");
    let run = t.build_with(&["--output", out.to_str().unwrap()]);
    run.code(2);
    assert!(run.stderr.contains(out.to_str().unwrap()), "names the output folder:\n{}", run.stderr);
}

#[test]
fn output_flag_writes_to_the_given_folder() {
    let t = SiteTest::new("build/basic");
    let out = t.scratch().join("elsewhere");
    t.build_with(&["--output", out.to_str().unwrap()]).clean();
    assert!(out.join("guide/first/index.html").is_file());
    assert!(!t.public().exists(), "--output must replace public/, not add to it");
}

#[test]
fn drafts_are_left_out_unless_drafts_is_given() {
    let t = SiteTest::new("build/drafts");
    t.build().clean();
    assert!(t.exists("published/index.html"));
    assert!(!t.exists("unfinished/index.html"), "a draft was published");
    assert!(!t.read("index.html").contains("Unfinished page"), "the home page lists a draft");

    t.build_with(&["--drafts"]).clean();
    assert!(t.exists("unfinished/index.html"), "--drafts did not build the draft");
    assert_eq!(t.html("unfinished/index.html").texts("h1"), ["Unfinished page"]);
}

#[test]
fn a_link_to_a_draft_is_an_error_when_drafts_are_left_out() {
    let t = SiteTest::new("build/drafts");
    t.write("content/published.md", "---\ntitle: Published page\n---\nSee [soon](unfinished.md).\n");
    // The message says why the existing file does not count.
    t.build()
        .failure()
        .only_headlines(&["content/published.md:4:5: error: link to the draft page content/unfinished.md"]);
}

#[test]
fn drafts_flag_builds_pages_that_link_to_drafts() {
    let t = SiteTest::new("build/drafts");
    t.write("content/published.md", "---\ntitle: Published page\n---\nSee [soon](unfinished.md).\n");
    t.build_with(&["--drafts"]).clean();
    assert_eq!(t.html("published/index.html").attrs(".content a", "href"), ["../unfinished/"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn strict_turns_warnings_into_failure() {
    let t = SiteTest::new("build/basic");
    t.write("content/guide/odd.md", "---\ntitle: Odd\n---\nText.\n\n```nolang\nx\n```\n");
    let warning = "content/guide/odd.md:6:1: warning: unknown code language `nolang`; shown without highlighting";

    let run = t.build();
    run.success().only_headlines(&[warning]).stdout_has("with 1 warning(s)");
    assert_eq!(run.warnings(), [warning]);
    let before = snapshot(&t.public());

    t.replace("content/guide/odd.md", "Text.", "Changed text.");
    let run = t.build_with(&["--strict"]);
    run.failure().only_headlines(&[warning]);
    run.stderr_has("Build failed: 0 error(s), 1 warning(s) (--strict)");
    assert_eq!(snapshot(&t.public()), before, "a --strict failure must leave the output untouched");

    t.check_with(&["--strict"]).failure();
}

#[test]
fn failed_build_leaves_the_previous_output_intact() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    let before = snapshot(&t.public());
    assert!(before.contains_key("guide/first/index.html"));

    t.write("content/guide/first.md", "---\ntitle: First steps\n---\nA [broken](gone.md) link.\n");
    t.write("content/guide/second.md", "---\ntitle: Second\n---\nA new page.\n");
    let run = t.build();
    run.failure().headline("content/guide/first.md:4:3: error: link to a missing page `gone.md`");
    run.stderr_has("Build failed: 1 error(s), 0 warning(s);");
    run.stderr_has("left untouched");

    assert_eq!(snapshot(&t.public()), before, "public/ changed after a failed build");
    assert_no_staging_left(&t);
}

/// Pages are written to the staging folder as they are rendered; a template that fails
/// on some pages only must still leave the previous output as it was, and no staging
/// folder behind.
#[test]
fn a_render_error_after_pages_were_written_leaves_the_previous_output_intact() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    let before = snapshot(&t.public());
    t.write("templates/page.html", "{% extends \"base.html\" %}{% block main %}{{ page.no_such_key.x }}{% endblock %}");
    let run = t.build();
    run.failure();
    run.stderr_has("left untouched");
    assert_eq!(snapshot(&t.public()), before, "public/ changed after a failed build");
    assert_no_staging_left(&t);
}

#[test]
fn successful_rebuild_replaces_the_output_and_removes_stale_files() {
    let t = SiteTest::new("build/basic");
    t.build().clean();
    t.write("static/files/extra.txt", "extra");
    t.build().clean();
    assert_eq!(t.read("files/extra.txt"), "extra");
    t.remove("static/files/extra.txt");
    t.build().clean();
    assert!(!t.exists("files/extra.txt"), "a deleted static file survived a rebuild");
    assert_no_staging_left(&t);
}

#[test]
fn builds_are_deterministic() {
    for fixture in ["kb/glossary", "kb/taxonomy", "kb/path", "links/rewrite", "content_model/ordering"] {
        let t = SiteTest::new(fixture);
        let a = t.scratch().join("out-a");
        let b = t.scratch().join("out-b");
        t.build_with(&["--output", a.to_str().unwrap()]).success();
        t.build_with(&["--output", b.to_str().unwrap()]).success();
        assert_same_tree(&a, &b);

        // A copy of the site elsewhere builds to the same bytes (no absolute paths leak).
        let other = SiteTest::new(fixture);
        other.build().success();
        assert_same_tree(&a, &other.public());
    }
}

#[test]
fn repository_site_builds_without_errors_or_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = primer(&["check", "--strict", "--root", root.to_str().unwrap()], root);
    run.clean();
}

/// No staging (`public.tmp-…`) or set-aside (`public.old-…`) folder is left beside the output.
fn assert_no_staging_left(t: &SiteTest) {
    let leftovers: Vec<String> = std::fs::read_dir(t.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("public.") || n.starts_with("public-"))
        .collect();
    assert!(leftovers.is_empty(), "leftover folders: {leftovers:?}");
}
