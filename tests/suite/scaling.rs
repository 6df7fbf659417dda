//! Scaling: each input that can grow (pages, headings, links, glossary terms, YAML
//! nesting, list nesting) costs time about proportional to its size.
//!
//! Each case builds a generated site at size `n` and `4n` with the real binary and
//! compares the fastest of several builds of each (interleaved, so a change in the
//! machine's load hits both sizes alike). Linear work gives a ratio of at most 4
//! (less, since start-up costs the same at both sizes); quadratic work gives up to
//! 16. The limit of 6 leaves room for a loaded machine and still fails quadratic
//! growth. The cases run one at a time.

use crate::harness::SiteTest;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Largest accepted time ratio between the build of size `4n` and that of size `n`.
const MAX_RATIO: f64 = 6.0;

/// One case at a time: the timings of one must not include another's builds.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn site_toml(search: bool) -> String {
    format!("title = \"Scaling\"\n\n[search]\nenabled = {search}\n")
}

/// A site with a home page and one glossary entry, for the cases to add to.
fn base(search: bool) -> SiteTest {
    let t = SiteTest::empty();
    t.write("site.toml", &site_toml(search));
    t.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
    t
}

/// The wall-clock time of one build of `site`, and its exit code.
fn time_build(site: &SiteTest) -> (Duration, Option<i32>) {
    let start = Instant::now();
    let run = site.build();
    let took = start.elapsed();
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    (took, run.code)
}

/// Builds `make(n)` and `make(4 * n)` (3 rounds, 3 more if the ratio is too high),
/// checks each exits with `code`, and asserts the ratio of the fastest times.
fn assert_linear(case: &str, n: usize, code: i32, make: impl Fn(usize) -> SiteTest) {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, large) = (make(n), make(4 * n));
    let (mut best_small, mut best_large) = (Duration::MAX, Duration::MAX);
    let mut ratio = f64::INFINITY;
    for round in 0..6 {
        let (s, cs) = time_build(&small);
        let (l, cl) = time_build(&large);
        assert_eq!((cs, cl), (Some(code), Some(code)), "{case}: exit codes at n = {n} and 4n");
        best_small = best_small.min(s);
        best_large = best_large.min(l);
        ratio = best_large.as_secs_f64() / best_small.as_secs_f64();
        if round >= 2 && ratio <= MAX_RATIO {
            break;
        }
    }
    println!("scaling {case}: n = {n}: {best_small:?}, 4n: {best_large:?}, ratio {ratio:.2}");
    assert!(
        ratio <= MAX_RATIO,
        "{case}: 4 times the input took {ratio:.1} times as long ({best_small:?} at n = {n}, {best_large:?} at 4n); \
         the limit is {MAX_RATIO}"
    );
}

#[test]
fn pages() {
    assert_linear("pages", 50, 0, |n| {
        let t = base(true);
        for i in 0..n {
            t.write(
                &format!("content/s{}/p{i}.md", i % 10),
                &format!("---\ntitle: Page {i}\n---\n## Intro\nPage {i}, see [next](p{i}.md).\n"),
            );
        }
        t
    });
}

#[test]
fn headings_per_page() {
    assert_linear("headings", 400, 0, |n| {
        let t = base(true);
        let mut body = String::new();
        for i in 0..n {
            // Repeated titles: every id needs a unique suffix.
            let _ = write!(body, "## Heading {}\n\nText under heading {i}.\n\n", i % 50);
        }
        t.write("content/h.md", &format!("---\ntitle: H\n---\n{body}"));
        t
    });
}

#[test]
fn links_per_page() {
    assert_linear("links", 1000, 0, |n| {
        let t = base(true);
        for j in 0..20 {
            t.write(&format!("content/t{j}.md"), &format!("---\ntitle: T{j}\n---\n## Part\nx\n"));
        }
        let mut body = String::new();
        for i in 0..n {
            let _ = writeln!(body, "See [t](t{}.md#part) and [u](#top{}).", i % 20, i % 5);
        }
        for i in 0..5 {
            let _ = writeln!(body, "## Top{i}");
        }
        t.write("content/l.md", &format!("---\ntitle: L\n---\n{body}"));
        t
    });
}

#[test]
fn glossary_terms() {
    // Every term is a page that links a related term; 20 pages mention all terms.
    assert_linear("glossary terms", 250, 0, |n| {
        let t = base(false);
        for i in 0..n {
            t.write(
                &format!("content/glossary/term{i}.md"),
                &format!(
                    "---\ntitle: Term{i}\ndefinition: Definition {i}.\nrelated: [term{}]\n---\nText.\n",
                    (i + 1) % n
                ),
            );
        }
        for p in 0..20 {
            let mentions: Vec<String> = (0..n / 20 + 1).map(|i| format!("term{}", (i * 20 + p) % n)).collect();
            t.write(&format!("content/u{p}.md"), &format!("---\ntitle: U{p}\n---\n{}.\n", mentions.join(" and ")));
        }
        t
    });
}

#[test]
fn yaml_nesting_in_front_matter() {
    // Refused (exit 1) at the nesting limit, in time linear in the text.
    assert_linear("YAML nesting", 4000, 1, |n| {
        let t = base(false);
        for p in 0..8 {
            t.write(
                &format!("content/y{p}.md"),
                &format!("---\ntitle: Y\nextra: {}{}\n---\nBody.\n", "[".repeat(n), "]".repeat(n)),
            );
        }
        t
    });
}

#[test]
fn list_nesting() {
    // One line of nested list markers, indexed for search.
    assert_linear("list nesting", 32_000, 0, |n| {
        let t = base(true);
        t.write("content/l.md", &format!("---\ntitle: L\n---\n{}deep\n", "* ".repeat(n)));
        t
    });
}
