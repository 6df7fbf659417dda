//! How a build reports its diagnostics: repeated ones grouped (all still counted,
//! the exit code unchanged), a cascade reported as its cause, and the `--format json`
//! and `--format github` forms, snapshotted.

use crate::harness::{fixtures_dir, SiteTest};

/// Compare `actual` with the snapshot file `tests/fixtures/diagnostics/<name>`;
/// `UPDATE_SNAPSHOTS=1` rewrites it instead.
#[track_caller]
fn assert_snapshot(name: &str, actual: &str) {
    let path = fixtures_dir().join("diagnostics").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(actual, expected, "snapshot {} differs (UPDATE_SNAPSHOTS=1 rewrites it)", path.display());
}

#[test]
fn json_format_is_one_object_per_line_and_matches_its_snapshot() {
    let t = SiteTest::new("diagnostics/report");
    for command in ["check", "build"] {
        let root = t.root().to_string_lossy().into_owned();
        let run = crate::harness::primer(&[command, "--root", root.as_str(), "--format", "json"], t.scratch());
        run.failure();
        for line in run.stdout.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(keys.len(), 7, "{line}");
        }
        assert_snapshot("report.jsonl", &run.stdout);
        assert!(run.stderr.contains("Build failed: 4 error(s), 6 warning(s)"), "{}", run.stderr);
    }
}

#[test]
fn github_format_is_workflow_commands_and_matches_its_snapshot() {
    let t = SiteTest::new("diagnostics/report");
    let run = t.check_with(&["--format", "github"]);
    run.failure();
    assert!(run.stdout.lines().all(|l| l.starts_with("::error file=") || l.starts_with("::warning file=")));
    assert_snapshot("report.github", &run.stdout);
}

#[test]
fn a_front_matter_mistake_is_reported_as_the_cause_of_its_follow_ons() {
    let t = SiteTest::new("diagnostics/report");
    let run = t.check_with(&[]);
    run.failure();
    let heads = run.headlines();
    // The cause comes first; the links and the path module that point to the left-out
    // page are not reported as missing pages, but named in the cause's hint.
    assert!(heads[0].starts_with("content/guide/basics.md:2:20: error: invalid front matter"), "{heads:#?}");
    assert!(!run.stderr.contains("missing page `basics.md`"), "{}", run.stderr);
    assert!(!run.stderr.contains("module `../../guide/basics.md` does not exist"), "{}", run.stderr);
    assert!(
        run.stderr.contains("the page is left out until this is fixed, so 5 reference(s) to it are not checked"),
        "{}",
        run.stderr
    );
    // The other broken link is no follow-on: it is reported.
    assert_eq!(run.stderr.matches("link to a missing page `next-steps.md`").count(), 3, "{}", run.stderr);
}

#[test]
fn repeated_warnings_are_grouped_counted_and_listed_with_verbose() {
    let t = SiteTest::new("diagnostics/report");
    let run = t.check_with(&[]);
    assert_eq!(run.code, Some(1));
    assert_eq!(run.stderr.matches("unknown code language `foo`").count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "  in 6 blocks across 3 files; first: content/guide/shell-1.md:7:1, content/guide/shell-1.md:11:1, \
             content/guide/shell-2.md:7:1 (`--verbose` lists all)"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Build failed: 4 error(s), 6 warning(s)"), "{}", run.stderr);
    let verbose = t.check_with(&["--verbose"]);
    assert_eq!(verbose.code, Some(1));
    assert_eq!(verbose.stderr.matches("unknown code language `foo`").count(), 6, "{}", verbose.stderr);
    assert!(verbose.stderr.contains("Build failed: 4 error(s), 6 warning(s)"));
}

#[test]
fn grouped_warnings_keep_a_build_successful_and_strict_still_fails_it() {
    let t = SiteTest::new("diagnostics/report");
    t.write("content/guide/basics.md", "---\ntitle: \"Write a page: the basics\"\n---\nFixed.\n");
    t.write("content/guide/next-steps.md", "---\ntitle: Next steps\n---\nMore.\n");
    let run = t.build();
    run.success();
    assert!(run.stdout.contains("with 6 warning(s)"), "{}", run.stdout);
    assert_eq!(run.stderr.matches("unknown code language").count(), 1, "{}", run.stderr);
    let strict = t.build_with(&["--strict"]);
    assert_eq!(strict.code, Some(1));
    // With --format json the summary goes to stderr: stdout is only JSON lines.
    let json = t.check_with(&["--format", "json"]);
    json.success();
    assert_eq!(json.stdout.lines().count(), 6);
    assert!(json.stderr.contains("Checked"), "{}", json.stderr);
}
