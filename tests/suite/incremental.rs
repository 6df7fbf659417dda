//! The incremental layer against a clean build: random sequences of edits, creations,
//! deletions and renames over a multilingual fixture site (glossary, taxonomy, path,
//! decision tree, translations), applied to a cached build the way `primer serve` does
//! (one cache kept across builds, the changed paths forgotten), and compared after each
//! step with a clean build of the same files: every output file byte for byte, and every
//! diagnostic. Besides edits of a page's own text, the edits change what a step reads
//! from elsewhere: a heading id other pages link to, a glossary alias other pages'
//! autolinks match, a new page a broken link now reaches, the highlight theme in
//! site.toml, a decision tree's words and links, a static file a link needs, the
//! site's own theme words, the site's title; `edits_reach_the_pages_that_read_what_they_change` makes each of these
//! once, in order, and checks that it changed what it should.

use crate::harness::SiteTest;
use primer::highlight::Highlighter;
use primer::pipeline::incremental::BuildCache;
use primer::pipeline::{self, BuildOptions};
use proptest::prelude::*;
use std::path::Path;

/// One change an author makes between two builds.
#[derive(Debug, Clone)]
enum Change {
    /// Append a paragraph made of the given snippets to the `n`-th page.
    Append(usize, Vec<usize>),
    /// Give the `n`-th page a new title.
    Retitle(usize, usize),
    /// Write a new page (or a Chinese translation of an existing one when `zh`).
    Create(usize, bool, Vec<usize>),
    /// Delete the `n`-th page (section indexes are kept, so the site stays a site).
    Delete(usize),
    /// Move the `n`-th page to a new name in the same folder.
    Rename(usize),
    /// Override the `n`-th of [`TEMPLATES`] in the site's `templates/` (the theme's
    /// text with a visible mark added), or edit the override already there.
    Template(usize),
    /// Delete the site's override of the `n`-th of [`TEMPLATES`] (the theme's is used again).
    Untemplate(usize),
    /// Toggle the heading ids of the `n`-th page that has some (`{#details}` ↔
    /// `{#detail}`, `{#basics}` ↔ `{#basic}`): other pages link to them.
    Reanchor(usize),
    /// Give the `n`-th glossary entry the alias [`ALIASES`]`[a]` (replacing its aliases).
    Alias(usize, usize),
    /// Write the page that the broken link among [`SNIPPETS`] points at.
    Reach,
    /// Set the light highlight theme in site.toml to the `n`-th theme.
    Theme(usize),
    /// Apply the `n`-th of [`TREE_EDITS`] to a decision tree file (English or Chinese).
    Tree(usize),
    /// Add the static file [`HANDOUT`] (a snippet links to it), or delete it again.
    Static,
    /// Set a theme word in the site's own `i18n/zh.toml` to the `n`-th of [`WORDS`].
    Strings(usize),
    /// Give site.toml the `n`-th of [`TITLES`] as the site's title.
    SiteTitle(usize),
}

/// Edits of the fixture's decision trees: (file, text replaced, replacement); applied
/// back and forth, so a second edit of one kind undoes the first.
const TREE_EDITS: &[(&str, &str, &str)] = &[
    ("content/decide/choose.yaml", "verdict: Use a database", "verdict: Keep the database"),
    ("content/decide/choose.yaml", "href: ../guide/second.md", "href: ../guide/third.md"),
    ("content/decide/choose.yaml", "href: ../guide/first.md", "href: ../guide/nowhere.md"),
    ("content/decide/choose.zh.yaml", "kind: caution", "kind: positive"),
];

/// The static file a snippet links to.
const HANDOUT: &str = "static/files/handout.txt";

/// Theme words a site may set for its Chinese pages: (key, value).
const WORDS: &[(&str, &str)] =
    &[("tree_read_more", "延伸阅读"), ("skip_to_content", "跳过导航"), ("menu", "目录"), ("js_filter_sdgs", "目标")];

/// Heading ids, and the ids an edit swaps them for.
const ANCHORS: &[(&str, &str)] = &[("{#details}", "{#detail}"), ("{#basics}", "{#basic}")];

/// Aliases that occur in the fixture's texts (English and Chinese).
const ALIASES: &[&str] = &["copy", "shared record", "append-only", "交易", "共享"];

/// The page `../guide/nowhere.md` of [`SNIPPETS`] points at.
const NOWHERE: &str = "content/guide/nowhere.md";

/// Templates an edit reaches by different ways: the base every page extends, a
/// partial some page templates include, a page template, a term page's template.
const TEMPLATES: &[&str] =
    &["base.html", "partials/pager.html", "partials/tags.html", "page.html", "glossary_term.html", "partials/toc.html"];

/// The built-in theme's text of a template.
fn theme_template(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates").join(name)).unwrap()
}

/// Text that exercises the stages a change must reach: glossary terms (English and
/// Chinese), links to pages and anchors (some broken), headings, code, taxonomy words.
const SNIPPETS: &[&str] = &[
    "A distributed ledger keeps a shared record.",
    "The ledger is append-only.",
    "账本记录交易。",
    "See [the first steps](../guide/first.md#basics).",
    "See [a missing page](../guide/nowhere.md).",
    "See [the ledger](../glossary/ledger.md).",
    "\n\n## A new heading\n\nText under it.",
    "\n\n## Details {#details}\n\nMore.",
    "\n\n```rust\nfn main() {}\n```\n",
    "Plain words only.",
    "Read [the handout](/files/handout.txt).",
];

const TITLES: &[&str] = &["Ledger basics", "First steps", "账本", "Second look", "A ledger"];

fn change() -> impl Strategy<Value = Change> {
    let snippets = prop::collection::vec(0..SNIPPETS.len(), 1..4);
    prop_oneof![
        4 => (0..64usize, snippets.clone()).prop_map(|(n, s)| Change::Append(n, s)),
        2 => (0..64usize, 0..TITLES.len()).prop_map(|(n, t)| Change::Retitle(n, t)),
        2 => (0..64usize, any::<bool>(), snippets).prop_map(|(n, zh, s)| Change::Create(n, zh, s)),
        1 => (0..64usize).prop_map(Change::Delete),
        1 => (0..64usize).prop_map(Change::Rename),
        2 => (0..TEMPLATES.len()).prop_map(Change::Template),
        1 => (0..TEMPLATES.len()).prop_map(Change::Untemplate),
        2 => (0..64usize).prop_map(Change::Reanchor),
        2 => (0..64usize, 0..ALIASES.len()).prop_map(|(n, a)| Change::Alias(n, a)),
        1 => Just(Change::Reach),
        1 => (0..64usize).prop_map(Change::Theme),
        2 => (0..TREE_EDITS.len()).prop_map(Change::Tree),
        1 => Just(Change::Static),
        1 => (0..WORDS.len()).prop_map(Change::Strings),
        1 => (0..TITLES.len()).prop_map(Change::SiteTitle),
    ]
}

/// The site's pages (not section indexes), relative to the root, in a stable order.
fn pages(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walk(&root.join("content"))
        .into_iter()
        .filter(|p| p.ends_with(".md") && !p.rsplit('/').next().unwrap_or("").starts_with("_index"))
        .map(|p| p.strip_prefix(&format!("{}/", root.display())).unwrap_or(&p).to_string())
        .collect();
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.to_string_lossy().replace('\\', "/"));
        }
    }
    out
}

/// Apply a change; returns the paths (relative to the root) it touched.
fn apply(root: &Path, c: &Change, step: usize) -> Vec<String> {
    let list = pages(root);
    if list.is_empty() {
        return Vec::new();
    }
    let pick = |n: usize| list[n % list.len()].clone();
    match c {
        Change::Append(n, s) => {
            let rel = pick(*n);
            let mut text = std::fs::read_to_string(root.join(&rel)).unwrap();
            text.push_str("\n\n");
            text.push_str(&s.iter().map(|&i| SNIPPETS[i]).collect::<Vec<_>>().join(" "));
            text.push('\n');
            std::fs::write(root.join(&rel), text).unwrap();
            vec![rel]
        }
        Change::Retitle(n, t) => {
            let rel = pick(*n);
            let text = std::fs::read_to_string(root.join(&rel)).unwrap();
            let text: String = text
                .lines()
                .map(|l| if l.starts_with("title:") { format!("title: \"{}\"", TITLES[*t]) } else { l.to_string() })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(root.join(&rel), text + "\n").unwrap();
            vec![rel]
        }
        Change::Create(n, zh, s) => {
            let body = s.iter().map(|&i| SNIPPETS[i]).collect::<Vec<_>>().join(" ");
            let rel = if *zh {
                let orig = pick(*n);
                let stem = orig.trim_end_matches(".md");
                if stem.ends_with(".zh") || Path::new(root).join(format!("{stem}.zh.md")).exists() {
                    format!("content/guide/new-{step}.md")
                } else {
                    format!("{stem}.zh.md")
                }
            } else {
                format!("content/guide/new-{step}.md")
            };
            let text = format!("---\ntitle: \"{} {step}\"\nweight: {step}\n---\n{body}\n", TITLES[step % TITLES.len()]);
            std::fs::write(root.join(&rel), text).unwrap();
            vec![rel]
        }
        Change::Delete(n) => {
            let rel = pick(*n);
            std::fs::remove_file(root.join(&rel)).unwrap();
            vec![rel]
        }
        Change::Rename(n) => {
            let rel = pick(*n);
            let (dir, _) = rel.rsplit_once('/').unwrap();
            let zh = if rel.ends_with(".zh.md") { ".zh" } else { "" };
            let to = format!("{dir}/renamed-{step}{zh}.md");
            std::fs::rename(root.join(&rel), root.join(&to)).unwrap();
            vec![rel, to]
        }
        Change::Template(n) => {
            let rel = format!("templates/{}", TEMPLATES[*n]);
            let at = root.join(&rel);
            let text = std::fs::read_to_string(&at).unwrap_or_else(|_| theme_template(TEMPLATES[*n]));
            // A template that extends another shows only its blocks: the mark goes into its
            // main block; a base or a partial gets it at its end.
            let mark = format!("<p class=\"edit\">edit {step}</p>");
            let text = match text.split_once("{% block main %}") {
                Some((head, tail)) => format!("{head}{{% block main %}}{mark}{tail}"),
                None => format!("{text}{mark}\n"),
            };
            std::fs::create_dir_all(at.parent().unwrap()).unwrap();
            std::fs::write(&at, text).unwrap();
            vec![rel]
        }
        Change::Untemplate(n) => {
            let rel = format!("templates/{}", TEMPLATES[*n]);
            let _ = std::fs::remove_file(root.join(&rel));
            vec![rel]
        }
        Change::Reanchor(n) => {
            let read = |rel: &String| std::fs::read_to_string(root.join(rel)).unwrap();
            let with_ids: Vec<&String> = list.iter().filter(|r| read(r).contains("{#")).collect();
            let Some(rel) = with_ids.get(n % with_ids.len().max(1)) else { return Vec::new() };
            let mut text = read(rel);
            for (a, b) in ANCHORS {
                text = if text.contains(a) { text.replace(a, b) } else { text.replace(b, a) };
            }
            std::fs::write(root.join(rel), text).unwrap();
            vec![rel.to_string()]
        }
        Change::Alias(n, a) => {
            let entries: Vec<&String> = list.iter().filter(|r| r.starts_with("content/glossary/")).collect();
            let Some(rel) = entries.get(n % entries.len().max(1)) else { return Vec::new() };
            let text = std::fs::read_to_string(root.join(rel)).unwrap();
            std::fs::write(root.join(rel), with_alias(&text, ALIASES[*a])).unwrap();
            vec![rel.to_string()]
        }
        Change::Reach => {
            std::fs::write(root.join(NOWHERE), "---\ntitle: Found\n---\n## Basics {#basics}\n\nHere.\n").unwrap();
            vec![NOWHERE.to_string()]
        }
        Change::Theme(n) => {
            let themes = Highlighter::new().theme_names().into_iter().map(str::to_string).collect::<Vec<_>>();
            std::fs::write(root.join("site.toml"), with_theme(root, &themes[n % themes.len()])).unwrap();
            vec!["site.toml".to_string()]
        }
        Change::Tree(n) => {
            let (rel, a, b) = TREE_EDITS[*n];
            let text = std::fs::read_to_string(root.join(rel)).unwrap();
            let text = if text.contains(a) { text.replace(a, b) } else { text.replace(b, a) };
            std::fs::write(root.join(rel), text).unwrap();
            vec![rel.to_string()]
        }
        Change::Static => {
            let at = root.join(HANDOUT);
            if at.exists() {
                std::fs::remove_file(&at).unwrap();
            } else {
                std::fs::create_dir_all(at.parent().unwrap()).unwrap();
                std::fs::write(&at, format!("handout {step}\n")).unwrap();
            }
            vec![HANDOUT.to_string()]
        }
        Change::Strings(n) => {
            let (key, value) = WORDS[*n];
            std::fs::create_dir_all(root.join("i18n")).unwrap();
            std::fs::write(root.join("i18n/zh.toml"), format!("{key} = \"{value}\"\n")).unwrap();
            vec!["i18n/zh.toml".to_string()]
        }
        Change::SiteTitle(n) => {
            let text = std::fs::read_to_string(root.join("site.toml")).unwrap();
            let text: String = text
                .lines()
                .map(|l| {
                    if l.starts_with("title = ") && !l.contains('账') {
                        format!("title = \"{}\"", TITLES[*n])
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            std::fs::write(root.join("site.toml"), text + "\n").unwrap();
            vec!["site.toml".to_string()]
        }
    }
}

/// A glossary entry's text with `alias` as its only alias.
fn with_alias(text: &str, alias: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for l in text.lines().filter(|l| !l.starts_with("aliases:")) {
        out.push(l.to_string());
        if l.starts_with("title:") {
            out.push(format!("aliases: [\"{alias}\"]"));
        }
    }
    out.join("\n") + "\n"
}

/// site.toml with `theme` as the light highlight theme (in a `[highlight]` table at its end).
fn with_theme(root: &Path, theme: &str) -> String {
    let text = std::fs::read_to_string(root.join("site.toml")).unwrap();
    let kept = text.split("\n[highlight]\n").next().unwrap_or("");
    format!("{kept}\n[highlight]\nlight = \"{theme}\"\n")
}

/// Every output file and every diagnostic of a build, for comparison.
fn outcome(report: &pipeline::BuildReport) -> (Vec<(String, Vec<u8>)>, Vec<String>) {
    let mut files: Vec<(String, Vec<u8>)> =
        report.files.iter().map(|f| (f.path.clone(), f.contents.to_vec())).collect();
    files.sort();
    let diags = report.diagnostics.iter().map(|d| format!("{d:?}")).collect();
    (files, diags)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, max_shrink_iters: 64, ..ProptestConfig::default() })]

    #[test]
    fn cached_builds_equal_clean_builds(changes in prop::collection::vec(change(), 1..7)) {
        let site = SiteTest::new("i18n/en-zh");
        let root = site.root().to_path_buf();
        let opts = BuildOptions { root: root.clone(), write: false, skip_search: true, ..BuildOptions::default() };
        let highlighter = Highlighter::new();
        let cache = BuildCache::watched();
        let first = pipeline::build_cached(&opts, &highlighter, &cache);
        prop_assert_eq!(outcome(&first), outcome(&pipeline::build(&opts, &highlighter)));
        for (step, c) in changes.iter().enumerate() {
            let touched = apply(&root, c, step);
            cache.forget_files(touched.iter().map(String::as_str));
            let cached = outcome(&pipeline::build_cached(&opts, &highlighter, &cache));
            let clean = outcome(&pipeline::build(&opts, &highlighter));
            prop_assert_eq!(&cached.1, &clean.1, "diagnostics differ after {:?}", c);
            let cached_paths: Vec<&str> = cached.0.iter().map(|f| f.0.as_str()).collect();
            let clean_paths: Vec<&str> = clean.0.iter().map(|f| f.0.as_str()).collect();
            prop_assert_eq!(&cached_paths, &clean_paths, "file lists differ after {:?}", c);
            for (a, b) in cached.0.iter().zip(&clean.0) {
                prop_assert!(a.1 == b.1, "{} differs after {:?}", a.0, c);
            }
        }
    }
}

/// A build's outcome after `touched` changed: the cached build's, checked against a
/// clean build's.
fn rebuild(opts: &BuildOptions, highlighter: &Highlighter, cache: &BuildCache, touched: &[&str]) -> Outcome {
    cache.forget_files(touched.iter().copied());
    let cached = outcome(&pipeline::build_cached(opts, highlighter, cache));
    let clean = outcome(&pipeline::build(opts, highlighter));
    assert_eq!(cached.1, clean.1, "diagnostics differ after a change of {touched:?}");
    let paths = |o: &Outcome| o.0.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(paths(&cached), paths(&clean), "file lists differ after a change of {touched:?}");
    for (a, b) in cached.0.iter().zip(&clean.0) {
        assert!(a.1 == b.1, "{} differs after a change of {touched:?}", a.0);
    }
    clean
}

type Outcome = (Vec<(String, Vec<u8>)>, Vec<String>);

fn file<'o>(o: &'o Outcome, path: &str) -> &'o [u8] {
    &o.0.iter().find(|f| f.0 == path).unwrap_or_else(|| panic!("no {path}")).1
}

fn mentions(o: &Outcome, what: &[&str]) -> bool {
    o.1.iter().any(|d| what.iter().all(|w| d.contains(w)))
}

/// Each input a step reads from beyond the page it makes, changed once: the cached
/// build equals a clean one, and the change shows where it should (so a key that left
/// the input out would serve the old result).
#[test]
fn edits_reach_the_pages_that_read_what_they_change() {
    let site = SiteTest::new("i18n/en-zh");
    let root = site.root().to_path_buf();
    let opts = BuildOptions { root: root.clone(), write: false, skip_search: true, ..BuildOptions::default() };
    let highlighter = Highlighter::new();
    let cache = BuildCache::watched();
    site.modify("content/guide/first.md", |t| format!("{t}\n```rust\nfn main() {{}}\n```\n"));
    let start = rebuild(&opts, &highlighter, &cache, &[]);

    // A heading id another page links to (first.md and its translation link to
    // second.md#details): their link checks fail, with the new id as the hint.
    let details = ["content/guide/first.md", "anchor `#details` does not exist in content/guide/second.md"];
    assert!(!mentions(&start, &details));
    site.replace("content/guide/second.md", "{#details}", "{#detail}");
    let reanchored = rebuild(&opts, &highlighter, &cache, &["content/guide/second.md"]);
    assert!(mentions(&reanchored, &details), "{:?}", reanchored.1);
    assert!(mentions(&reanchored, &["content/guide/first.zh.md", "did you mean `#detail`?"]));

    // An alias of a glossary entry: other pages' autolinks match it (third.md keeps
    // "a copy of the ledger").
    site.modify("content/glossary/distributed-ledger.md", |t| with_alias(t, "copy"));
    let aliased = rebuild(&opts, &highlighter, &cache, &["content/glossary/distributed-ledger.md"]);
    assert_ne!(file(&reanchored, "guide/third/index.html"), file(&aliased, "guide/third/index.html"));

    // A page a broken link points at: the link on another, unchanged page now reaches it.
    site.modify("content/guide/third.md", |t| format!("{t}\nSee [a missing page](../guide/nowhere.md).\n"));
    let broken = rebuild(&opts, &highlighter, &cache, &["content/guide/third.md"]);
    let missing = ["content/guide/third.md", "link to a missing page `../guide/nowhere.md`"];
    assert!(mentions(&broken, &missing), "{:?}", broken.1);
    apply(&root, &Change::Reach, 0);
    let reached = rebuild(&opts, &highlighter, &cache, &[NOWHERE]);
    assert!(!mentions(&reached, &missing), "{:?}", reached.1);
    let third = String::from_utf8_lossy(file(&reached, "guide/third/index.html")).into_owned();
    assert!(third.contains("href=\"../nowhere/\""), "{third}");

    // The highlight theme in site.toml: the stylesheet changes, and the pages with code
    // equal a clean build's (the cached build kept them).
    std::fs::write(root.join("site.toml"), with_theme(&root, "Dracula")).unwrap();
    let themed = rebuild(&opts, &highlighter, &cache, &["site.toml"]);
    assert_ne!(file(&reached, "highlight.css"), file(&themed, "highlight.css"));
    assert!(String::from_utf8_lossy(file(&themed, "guide/first/index.html")).contains("hl-"));
}

/// Every kind of change at least once, in a fixed order (the random sequences above
/// may leave a rare kind out of a run): each cached build equals a clean one.
#[test]
fn every_kind_of_change_once() {
    let site = SiteTest::new("i18n/en-zh");
    let root = site.root().to_path_buf();
    let opts = BuildOptions { root: root.clone(), write: false, skip_search: true, ..BuildOptions::default() };
    let highlighter = Highlighter::new();
    let cache = BuildCache::watched();
    rebuild(&opts, &highlighter, &cache, &[]);
    let mut changes = vec![Change::Append(0, vec![SNIPPETS.len() - 1, 8]), Change::Static];
    changes.extend((0..TREE_EDITS.len()).map(Change::Tree));
    changes.extend((0..WORDS.len()).map(Change::Strings));
    changes.extend([
        Change::SiteTitle(3),
        Change::Static,
        Change::Theme(1),
        Change::Template(0),
        Change::Untemplate(0),
        Change::Reanchor(0),
        Change::Alias(0, 1),
        Change::Reach,
        Change::Retitle(1, 0),
        Change::Create(2, true, vec![0, 3]),
        Change::Rename(3),
        Change::Delete(4),
    ]);
    for (step, c) in changes.iter().enumerate() {
        let touched = apply(&root, c, step);
        let touched: Vec<&str> = touched.iter().map(String::as_str).collect();
        rebuild(&opts, &highlighter, &cache, &touched);
    }
}
