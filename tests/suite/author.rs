//! Authors at home: `primer init` (the starter knowledge base and `--bare`), `primer
//! new KIND PATH`, `primer languages`, and highlighting of the common languages.

use crate::harness::{assert_links_resolve, primer, snapshot, text, Run, SiteTest};
use std::path::{Path, PathBuf};

/// `primer init <tmp>/site [extra…]`; the site is `t.root()`.
fn init(extra: &[&str]) -> (SiteTest, Run) {
    let t = SiteTest::empty();
    let root = t.root().to_string_lossy().into_owned();
    let mut args = vec!["init", root.as_str()];
    args.extend_from_slice(extra);
    let run = primer(&args, t.scratch());
    (t, run)
}

fn starter() -> SiteTest {
    let (t, run) = init(&[]);
    run.success();
    t
}

fn new(t: &SiteTest, kind: &str, path: &str, extra: &[&str]) -> Run {
    let root = t.root().to_string_lossy().into_owned();
    let mut args = vec!["new", kind, path, "--root", root.as_str()];
    args.extend_from_slice(extra);
    primer(&args, t.scratch())
}

/// A successful run that printed nothing on stderr.
#[track_caller]
fn silent(run: &Run) {
    run.clean();
    assert!(run.stderr.is_empty(), "expected an empty stderr:\n{}", run.stderr);
}

#[test]
fn starter_checks_clean_under_strict_and_builds_every_structure() {
    let t = starter();
    silent(&t.check_with(&["--strict"]));
    silent(&t.build_with(&["--strict"]));

    // A glossary term linked automatically from prose, with its definition.
    let page = t.html("guide/write-a-page/index.html");
    let links = page.select(".content a.gloss-term");
    let front_matter = links.iter().find(|a| a.value().attr("href") == Some("../../glossary/front-matter/"));
    assert!(front_matter.is_some(), "no automatic link to the front matter entry: {:?}", page.texts("a.gloss-term"));
    assert!(t.read("glossary/front-matter/index.html").contains("The block of YAML between two"));

    // The closed taxonomy: the term page lists the pages tagged with it.
    let writer = t.html("roles/writer/index.html");
    let hrefs = writer.attrs(".content a, main a", "href");
    assert!(
        hrefs.iter().any(|h| h == "../../guide/write-a-page/"),
        "writer page does not list write-a-page: {hrefs:?}"
    );
    assert!(t.exists("roles/index.html"));

    // The training path: three modules in order, the last with a knowledge check.
    let path = t.html("paths/first-week/index.html");
    assert_eq!(
        path.texts("ol.modules li.module > a"),
        ["Write a page", "How content is organized", "Check your knowledge"]
    );
    assert_eq!(path.count("section[aria-labelledby=objectives-title] li"), 3);
    let check = t.html("paths/first-week/check-your-knowledge/index.html");
    assert_eq!(check.count(".quiz .quiz__q"), 3);
    assert!(text(&check.one("nav.path-nav")).contains("Module 3 of 3"));

    // The decision tree: every question and outcome as a section.
    let tree = t.html("decide/where-does-it-go/index.html");
    tree.one("section.decision-tree > div.tree[data-tree]");
    assert_eq!(
        tree.attrs("section.tree-node", "data-node"),
        ["one-word", "series", "own-files", "glossary", "path", "bundle", "page"]
    );

    // The page bundle: the image is copied beside the page and shown on it.
    let bundle = t.html("guide/organize-content/index.html");
    assert_eq!(bundle.attrs(".content img", "src"), ["content-tree.svg"]);
    assert!(t.exists("guide/organize-content/content-tree.svg"));

    // Code in several languages, highlighted with classes.
    let review = t.html("guide/review-changes/index.html");
    for lang in ["sh", "powershell", "yaml"] {
        assert!(
            review.count(&format!("pre[data-lang={lang}] code span[class^=hl-]")) > 0,
            "{lang} block not highlighted"
        );
    }
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn every_starter_file_says_what_it_demonstrates() {
    let t = starter();
    let files = snapshot(t.root());
    assert!(files.len() >= 20, "the starter has {} files", files.len());
    for (rel, bytes) in &files {
        let s = String::from_utf8_lossy(bytes);
        let explained = if rel.ends_with(".md") {
            // A YAML comment in the front matter, before the title.
            let fm = s.strip_prefix("---\n").and_then(|r| r.split("\n---\n").next()).unwrap_or("");
            fm.lines().next().is_some_and(|l| l.starts_with("# ") && l.len() > 20)
        } else if rel.ends_with(".toml") || rel.ends_with(".yaml") {
            s.lines().next().is_some_and(|l| l.starts_with("# ") && l.len() > 20)
        } else if rel.ends_with(".svg") {
            s.starts_with("<!-- ")
        } else {
            false
        };
        assert!(explained, "{rel} does not start with a comment that says what it demonstrates");
    }
}

#[test]
fn bare_init_keeps_the_minimal_site() {
    let (t, run) = init(&["--bare"]);
    run.success().stdout_has("minimal site");
    let files: Vec<String> = snapshot(t.root()).into_keys().collect();
    assert_eq!(
        files,
        ["content/_index.md", "content/guide/_index.md", "content/guide/getting-started.md", "site.toml"]
    );
    assert!(t.root().join("static").is_dir());
    silent(&t.build_with(&["--strict"]));
    assert!(t.exists("guide/getting-started/index.html"));
    assert!(!t.exists("glossary/index.html"), "--bare has no glossary");
}

#[test]
fn init_writes_into_an_empty_folder_and_refuses_a_non_empty_one() {
    let t = SiteTest::empty();
    std::fs::create_dir_all(t.root()).unwrap();
    let root = t.root().to_string_lossy().into_owned();
    primer(&["init", &root], t.scratch()).success();
    let before = snapshot(t.root());
    // A second init into the same (now full) folder changes nothing.
    for extra in [None, Some("--bare")] {
        let mut args = vec!["init", root.as_str()];
        args.extend(extra);
        let run = primer(&args, t.scratch());
        run.code(2).stderr_has("is not empty");
        assert_eq!(snapshot(t.root()), before, "init {extra:?} changed an existing site");
    }
    // Also when the only file is one init would write.
    let t = SiteTest::empty();
    t.write("site.toml", "title = \"Mine\"\n");
    let run = primer(&["init", &t.root().to_string_lossy()], t.scratch());
    run.code(2);
    assert_eq!(std::fs::read_to_string(t.root().join("site.toml")).unwrap(), "title = \"Mine\"\n");
    assert!(!t.root().join("content").exists());
}

/// The kinds of `primer new`, a path for each, and the files each writes.
const KINDS: &[(&str, &str, &[&str])] = &[
    ("page", "guide/backups.md", &["content/guide/backups.md"]),
    ("section", "how-to", &["content/how-to/_index.md"]),
    ("term", "zero-trust", &["content/glossary/zero-trust.md"]),
    ("path", "paths/onboarding", &["content/paths/onboarding/_index.md", "content/paths/onboarding/first-module.md"]),
    ("module", "guide/first-steps", &["content/guide/first-steps.md"]),
    ("tree", "decide/which-format.md", &["content/decide/which-format.md", "content/decide/which-format.yaml"]),
];

/// Each kind, written into both the starter and the bare site, builds clean under
/// `--strict`; a term only warns until a page uses it, as its skeleton says.
#[test]
fn each_new_kind_builds_clean() {
    for bare in [false, true] {
        for &(kind, path, files) in KINDS {
            let (t, run) = init(if bare { &["--bare"] } else { &[] });
            run.success();
            let run = new(&t, kind, path, &[]);
            run.success();
            for f in files {
                assert!(t.root().join(f).is_file(), "{kind}: {f} not written");
                assert!(run.stdout.contains(&Path::new("content").join(&f[8..]).display().to_string()));
            }
            if kind == "term" {
                t.check_with(&["--strict"]).failure().only_headlines(&[
                    "content/glossary/zero-trust.md:1:1: warning: glossary term `Zero trust` is not used on any page",
                ]);
                run.stdout_has("use \"zero trust\" in a page's prose");
                let home = "content/_index.md";
                t.modify(home, |s| format!("{s}\nEvery request is checked: zero trust.\n"));
            }
            silent(&t.build_with(&["--strict"]));
            let out = match kind {
                "page" => "guide/backups/index.html",
                "section" => "how-to/index.html",
                "term" => "glossary/zero-trust/index.html",
                "path" => "paths/onboarding/index.html",
                "module" => "guide/first-steps/index.html",
                _ => "decide/which-format/index.html",
            };
            let page = t.html(out);
            let expected = match kind {
                "page" => "Backups",
                "section" => "How to",
                "term" => "Zero trust",
                "path" => "Onboarding",
                "module" => "First steps",
                _ => "Which format",
            };
            assert!(text(&page.one("h1")).starts_with(expected), "{kind}: h1 is {:?}", text(&page.one("h1")));
            match kind {
                "module" => assert_eq!(page.count(".quiz .quiz__q"), 1),
                "tree" => assert_eq!(page.count("section.tree-node"), 4),
                "path" => {
                    let module = t.html("paths/onboarding/first-module/index.html");
                    assert!(text(&module.one("nav.path-nav")).contains("Module 1 of 1"));
                    assert_eq!(module.count(".quiz .quiz__q"), 1);
                }
                "term" => {
                    let home = t.html("index.html");
                    assert!(home.attrs(".content a.gloss-term", "href").contains(&"glossary/zero-trust/".to_string()));
                }
                _ => {}
            }
        }
    }
}

#[test]
fn new_page_lists_the_sites_taxonomies_and_their_terms() {
    let t = starter();
    new(&t, "page", "guide/backups.md", &[]).success();
    let text = std::fs::read_to_string(t.root().join("content/guide/backups.md")).unwrap();
    assert!(text.contains("# roles: []   # Roles: one or more of: writer, reviewer, maintainer"), "{text}");
    // Uncommenting it with a term of the list builds clean.
    t.replace("content/guide/backups.md", "# roles: []   #", "roles: [reviewer]   #");
    silent(&t.build_with(&["--strict"]));
    assert!(t.read("roles/reviewer/index.html").contains("../../guide/backups/"));
}

#[test]
fn new_tree_accepts_the_name_of_its_yaml_file() {
    let t = starter();
    new(&t, "tree", "content/decide/pick.yaml", &[]).success();
    assert!(t.root().join("content/decide/pick.md").is_file());
    assert!(t.root().join("content/decide/pick.yaml").is_file());
    silent(&t.build_with(&["--strict"]));
    assert_eq!(t.html("decide/pick/index.html").count("section.tree-node"), 4);
}

#[test]
fn new_takes_a_title_with_any_characters() {
    let t = starter();
    new(&t, "tree", "decide/odd", &["--title", "Yes: \"or\" no? #1 & <b>"]).success();
    silent(&t.build_with(&["--strict"]));
    let page = t.html("decide/odd/index.html");
    assert_eq!(text(&page.one("h1")), "Yes: \"or\" no? #1 & <b>");
    assert_eq!(page.texts("div.tree > h2.tree-title"), ["Yes: \"or\" no? #1 & <b>"]);
}

#[test]
fn new_refuses_an_existing_file_and_writes_nothing() {
    let t = starter();
    let before = snapshot(t.root());
    // The page itself exists.
    let run = new(&t, "page", "guide/write-a-page.md", &[]);
    run.code(2).stderr_has("content/guide/write-a-page.md already exists");
    // A companion exists: the tree page is not written either.
    t.write("content/decide/mine.yaml", "title: Mine\n");
    let with_yaml = snapshot(t.root());
    new(&t, "tree", "decide/mine", &[]).code(2).stderr_has("content/decide/mine.yaml already exists");
    assert_eq!(snapshot(t.root()), with_yaml, "a refused `new` wrote something");
    t.remove("content/decide/mine.yaml");
    assert_eq!(snapshot(t.root()), before);
    // Every kind, at a path that exists.
    for (kind, path) in [
        ("section", "guide"),
        ("term", "front-matter"),
        ("path", "paths/first-week"),
        ("module", "content/guide/review-changes.md"),
        ("tree", "decide/where-does-it-go"),
    ] {
        new(&t, kind, path, &[]).code(2).stderr_has("already exists");
        assert_eq!(snapshot(t.root()), before, "{kind} {path} changed the site");
    }
}

#[test]
fn new_refuses_paths_outside_content_and_sites_that_do_not_exist() {
    let t = starter();
    let before = snapshot(t.root());
    for path in ["../escape.md", "/tmp/primer-new-absolute.md", "guide/../../x.md"] {
        new(&t, "page", path, &[]).code(2).stderr_has("must be a path inside the site's content/ folder");
    }
    new(&t, "page", "guide/_index.md", &[]).code(2).stderr_has("use `primer new section guide`");
    new(&t, "term", "guide/word.md", &[]).code(2).stderr_has("a glossary term lives in content/glossary/");
    assert_eq!(snapshot(t.root()), before);
    assert!(!PathBuf::from("/tmp/primer-new-absolute.md").exists());
    // No site.toml: nothing to add to.
    let empty = SiteTest::empty();
    std::fs::create_dir_all(empty.root()).unwrap();
    new(&empty, "page", "a.md", &[]).code(2).stderr_has("cannot read");
    assert!(!empty.root().join("content").exists());
    // An unknown kind is a usage error that lists the kinds.
    new(&t, "chapter", "a.md", &[]).code(2).stderr_has("page, section, term, path, module, tree");
}

#[test]
fn a_term_goes_to_the_glossary_folder_the_site_configures() {
    let (t, run) = init(&["--bare"]);
    run.success();
    t.modify("site.toml", |s| format!("{s}\n[glossary]\nsection = \"words\"\n"));
    new(&t, "term", "ledger", &[]).success();
    assert!(t.root().join("content/words/ledger.md").is_file());
    t.modify("content/guide/getting-started.md", |s| format!("{s}\nA ledger records.\n"));
    silent(&t.build_with(&["--strict"]));
    assert!(t.exists("words/ledger/index.html"));
}

/// Each fence language of the fixture, and the syntax scope its block must open with.
const HIGHLIGHTED: &[(&str, &str)] = &[
    ("powershell", "hl-powershell"),
    ("ps1", "hl-powershell"),
    ("pwsh", "hl-powershell"),
    ("typescript", "hl-ts"),
    ("ts", "hl-ts"),
    ("tsx", "hl-tsx"),
    ("toml", "hl-toml"),
    ("dockerfile", "hl-dockerfile"),
    ("hcl", "hl-terraform"),
    ("terraform", "hl-terraform"),
    ("kotlin", "hl-Kotlin"),
    ("swift", "hl-swift"),
    ("graphql", "hl-graphql"),
    ("solidity", "hl-solidity"),
    ("nix", "hl-nix"),
    ("sh", "hl-bash"),
    ("shell", "hl-bash"),
    ("console", "hl-bash"),
    ("yml", "hl-yaml"),
    ("js", "hl-js"),
];

#[test]
fn common_languages_and_aliases_are_highlighted_without_warnings() {
    let t = SiteTest::new("highlight/languages");
    t.build().clean();
    let page = t.html("code/index.html");
    assert_eq!(page.count("pre[data-lang]"), HIGHLIGHTED.len() + 2);
    for (lang, scope) in HIGHLIGHTED {
        let first = page.select(&format!("pre[data-lang=\"{lang}\"] code > span"));
        assert!(!first.is_empty(), "{lang}: not highlighted");
        let class = first[0].value().attr("class").unwrap_or("");
        assert!(class.split(' ').any(|c| c == *scope), "{lang}: opens with `{class}`, expected {scope}");
        let tokens = page.count(&format!("pre[data-lang=\"{lang}\"] code span"));
        assert!(tokens >= 3, "{lang}: only {tokens} spans: the grammar found no tokens");
    }
    for lang in ["text", "plaintext"] {
        assert_eq!(page.count(&format!("pre[data-lang=\"{lang}\"] code span")), 0, "{lang} is plain");
    }
    let css = t.read("highlight.css");
    assert!(!css.contains("style="), "class-based stylesheet");
}

#[test]
fn an_unknown_language_still_warns_and_points_to_the_list() {
    let t = SiteTest::new("highlight/languages");
    t.write("content/odd.md", "---\ntitle: Odd\n---\n```typescriptt\nlet x = 1;\n```\n");
    let run = t.build();
    run.success().only_headlines(&[
        "content/odd.md:4:1: warning: unknown code language `typescriptt`; shown without highlighting",
    ]);
    run.stderr_has("primer languages");
    t.build_with(&["--strict"]).failure();
}

#[test]
fn a_site_can_pick_any_theme_of_the_set() {
    let t = SiteTest::new("highlight/languages");
    t.modify("site.toml", |s| format!("{s}\n[highlight]\nlight = \"Catppuccin Latte\"\ndark = \"Dracula\"\n"));
    t.build().clean();
    let css = t.read("highlight.css");
    assert!(css.contains("Catppuccin Latte") && css.contains("Dracula"), "{}", &css[..200.min(css.len())]);
    let (light, dark) = css.split_once("@media (prefers-color-scheme: dark)").unwrap();
    assert!(light.contains(".hl-") && dark.contains(".hl-"));
    // An unknown name is an error that lists the themes the set ships.
    t.replace("site.toml", "\"Dracula\"", "\"Draculla\"");
    let run = t.build();
    run.failure().only_headlines(&["site.toml:8:8: error: unknown highlight theme `Draculla`"]);
    run.stderr_has("Dracula").stderr_has("Catppuccin Mocha").stderr_has("Solarized (light)");
}

#[test]
fn languages_command_lists_fence_names_and_themes() {
    let t = SiteTest::empty();
    let run = primer(&["languages"], t.scratch());
    run.success();
    let line = |name: &str| {
        run.stdout
            .lines()
            .find(|l| l.trim_start().starts_with(&format!("{name} ")))
            .unwrap_or_else(|| panic!("no line for {name}:\n{}", run.stdout))
            .to_string()
    };
    for (syntax, fences) in [
        ("PowerShell", &["powershell", "ps1", "pwsh"][..]),
        ("TypeScript", &["typescript", "ts"]),
        ("TypeScriptReact", &["tsx"]),
        ("TOML", &["toml"]),
        ("Dockerfile", &["dockerfile"]),
        ("Terraform", &["terraform", "tf", "hcl"]),
        ("YAML", &["yaml", "yml"]),
    ] {
        let l = line(syntax);
        for f in fences {
            assert!(l.split([' ', ',']).any(|w| w == *f), "{syntax}: {f} missing from {l:?}");
        }
    }
    run.stdout_has("No highlighting, no warning: text, txt, plain, plaintext");
    for theme in ["InspiredGitHub", "base16-ocean.dark", "Nord", "Catppuccin Latte"] {
        assert!(run.stdout.lines().any(|l| l.trim() == theme), "theme {theme} not listed");
    }
}

/// The list of languages in docs/authoring.md is the one `primer languages` prints.
#[test]
fn the_documented_languages_are_the_ones_primer_knows() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/authoring.md")).unwrap();
    let start = docs.find("<!-- languages:start").expect("languages:start marker");
    let end = docs.find("<!-- languages:end -->").expect("languages:end marker");
    let rows: Vec<String> = docs[start..end]
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| syntax "))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            let fences = cells[1].replace('`', "");
            format!("  {:<28} {fences}", cells[0])
        })
        .collect();
    let t = SiteTest::empty();
    let run = primer(&["languages"], t.scratch());
    let printed: Vec<&str> = run
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Code-block languages"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert!(printed.len() > 150, "{}", run.stdout);
    assert_eq!(rows, printed, "docs/authoring.md lists other languages than `primer languages`: regenerate the table");
}

#[test]
fn github_alerts_become_callouts_titled_in_the_pages_language() {
    let t = SiteTest::new("author/callouts");
    t.build_with(&["--strict"]).clean();
    let page = t.html("index.html");
    let kinds: Vec<String> = page.attrs(".content .callout", "class");
    assert_eq!(
        kinds,
        [
            "callout callout-note",
            "callout callout-tip",
            "callout callout-important",
            "callout callout-warning",
            "callout callout-caution"
        ]
    );
    assert_eq!(page.attrs(".content .callout", "role"), ["note"; 5]);
    assert_eq!(page.texts(".callout > .callout-title"), ["Note", "Tip", "Important", "Warning", "Caution"]);
    // The body keeps its markdown; the marker line is gone.
    let html = t.read("index.html");
    assert!(
        html.contains("<p>Urgent info that needs immediate attention: back up <strong>first</strong>.</p>"),
        "{html}"
    );
    assert!(!html.contains("[!WARNING]"));
    // A plain quotation and an unknown marker stay blockquotes.
    assert_eq!(page.select(".content blockquote").len(), 2);
    assert!(html.contains("[!UNKNOWN]"));
    // Their stylesheet is loaded by the pages that have one only (and 404 has none).
    assert!(html.contains("href=\"./callouts.css?v="), "{html}");
    assert!(t.exists("callouts.css"));
    assert!(!t.read("404.html").contains("callouts.css"));
    // The Chinese page titles its callout in Chinese (the theme's `callout_note`).
    assert_eq!(t.html("zh/index.html").texts(".callout-title"), ["说明"]);
    // `[markdown] alerts = false` keeps them quotations.
    t.modify("site.toml", |s| format!("{s}\n[markdown]\nalerts = false\n"));
    t.build().success();
    assert!(t.read("index.html").contains("[!NOTE]"));
    assert!(t.html("index.html").select(".callout").is_empty());
}

#[test]
fn every_theme_language_names_the_callouts() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for kind in ["note", "tip", "important", "warning", "caution"] {
            assert!(text.contains(&format!("\ncallout_{kind} = \"")), "callout_{kind} missing");
        }
    }
}

/// A docs tree in the style of a real documentation repository, as another
/// generator left it: `count` pages in nested folders without `_index.md`, front
/// matter with the generator's own keys (`ms.date`, `ms.topic`, `author`),
/// relative `.md` links and site-root links (`/docs/…/`), and PowerShell,
/// TypeScript, TOML, YAML and shell code; every seventh page has a block in a
/// language nobody knows (`foo`).
fn docs_tree(t: &SiteTest, count: usize) -> usize {
    let areas = ["install", "reference/cmdlets", "reference/about", "learn/deep-dives", "samples"];
    let fences = [
        ("powershell", "Get-ChildItem -Path $HOME | Where-Object { $_.Length -gt 1kb }"),
        ("ts", "export const add = (a: number, b: number): number => a + b;"),
        ("toml", "[package]\nname = \"demo\""),
        ("yml", "steps:\n  - run: make"),
        ("sh", "ls -la | grep md"),
    ];
    let mut unknown = 0;
    for i in 0..count {
        let area = areas[i % areas.len()];
        let next_area = areas[(i + 1) % areas.len()];
        let next = i + 1;
        let (fence, code) = fences[i % fences.len()];
        let mut front = format!("title: Topic {i}\nms.date: 2024-0{}-1{}\nms.topic: conceptual\n", 1 + i % 9, i % 10);
        if i % 3 == 0 {
            front.push_str(&format!("description: About topic {i}.\nauthor: writer-{}\n", i % 4));
        }
        if i % 4 == 0 {
            front.push_str(&format!("weight: {i}\n"));
        }
        let mut body = format!(
            "# Topic {i}\n\nSee [the next topic](/docs/{next_area}/topic-{next}/) and [its source](/docs/{next_area}/topic-{next}.md).\n\n```{fence}\n{code}\n```\n"
        );
        if next < count && area == next_area {
            body.push_str(&format!("\nAlso [a neighbour](topic-{next}.md).\n"));
        }
        if i % 7 == 0 {
            body.push_str("\n```foo\nsomething\n```\n");
            unknown += 1;
        }
        t.write(&format!("content/docs/{area}/topic-{i}.md"), &format!("---\n{front}---\n{body}"));
    }
    // The last page's links lead to a topic that does not exist: one page is fixed.
    t.write(
        &format!("content/docs/{}/topic-{count}.md", areas[count % areas.len()]),
        "---\ntitle: The end\n---\nDone.\n",
    );
    unknown
}

#[test]
fn a_docs_tree_from_another_generator_builds_after_a_few_lines_of_site_toml() {
    let t = SiteTest::empty();
    t.write("site.toml", "title = \"Docs\"\n\n[search]\nenabled = false\n");
    t.write("content/_index.md", "---\ntitle: Docs\n---\nStart at [install](/docs/install/).\n");
    let unknown = docs_tree(&t, 300);

    // Without configuration: the generator's keys are errors, each kind grouped.
    let run = t.check_with(&[]);
    run.failure();
    assert!(
        run.stderr.contains(
            "error[front-matter-unknown-key]: unknown front matter key `ms.date`\n  in 300 keys across 300 files;"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("keep another generator's keys with `keep` under `[front_matter]`"), "{}", run.stderr);
    assert!(run.stderr.lines().count() < 60, "output is not readable:\n{}", run.stderr);

    // The documented line: keep the generator's keys under `extra`.
    t.modify("site.toml", |s| format!("{s}\n[front_matter]\nkeep = [\"ms.*\", \"author\"]\n"));
    let run = t.build_with(&[]);
    run.success();
    // One grouped warning for the unknown language, with its count and first places
    // (sorted by file; the blocks' lines differ with the front matter's length).
    let files = unknown;
    assert_eq!(unknown, 43);
    assert_eq!(
        run.stderr.lines().next().unwrap_or(""),
        "warning[unknown-language]: unknown code language `foo`; shown without highlighting"
    );
    assert!(
        run.stderr.contains(&format!(
            "  in {unknown} blocks across {files} files; first: content/docs/install/topic-0.md:17:1, \
             content/docs/install/topic-105.md:16:1, content/docs/install/topic-140.md:15:1 (`--verbose` lists all)"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(run.headlines().len(), 0, "{}", run.stderr);
    assert!(run.stdout.contains(&format!("with {unknown} warning(s)")), "{}", run.stdout);
    let json = t.check_with(&["--format", "json"]);
    assert_eq!(json.stdout.lines().count(), unknown);

    // Folders without _index.md are sections titled from their names.
    let section = t.html("docs/learn/deep-dives/index.html");
    assert_eq!(section.texts("h1"), ["Deep dives"]);
    assert!(t.exists("docs/reference/index.html") && t.exists("docs/reference/cmdlets/index.html"));
    // Site-root links are checked and made relative; the code is highlighted.
    let page = t.read("docs/install/topic-0/index.html");
    assert!(page.contains("href=\"../../reference/cmdlets/topic-1/\""), "{page}");
    assert!(page.contains("hl-"), "PowerShell was not highlighted");
    assert!(t.read("docs/reference/cmdlets/topic-1/index.html").contains("hl-"), "TypeScript was not highlighted");
    assert!(t.read("docs/reference/about/topic-2/index.html").contains("hl-"), "TOML was not highlighted");

    // A broken site-root link is an error like a relative one.
    t.write("content/docs/install/broken.md", "---\ntitle: Broken\n---\nSee [gone](/docs/install/gone/).\n");
    let run = t.check_with(&[]);
    run.failure();
    run.headline("content/docs/install/broken.md:4:5: error: link to a missing page or file `/docs/install/gone/`");
}

/// The YAML between the first two `---` lines of a markdown file.
fn front_matter_of(text: &str) -> serde_yaml::Mapping {
    let yaml = text.strip_prefix("---\n").and_then(|t| t.split_once("\n---")).map(|(y, _)| y).unwrap();
    serde_yaml::from_str(yaml).unwrap()
}

#[test]
fn schema_describes_every_key_and_vocabulary_the_starter_uses() {
    let t = starter();
    let root = t.root().to_string_lossy().into_owned();
    let run = primer(&["schema", "--root", root.as_str()], t.scratch());
    run.success();
    assert!(run.stdout.contains("front-matter.schema.json"), "{}", run.stdout);
    let fm: serde_json::Value = serde_json::from_str(&source(&t, "schemas/front-matter.schema.json")).unwrap();
    let tree: serde_json::Value = serde_json::from_str(&source(&t, "schemas/decision-tree.schema.json")).unwrap();
    assert_eq!(fm["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(fm["properties"]["roles"]["items"]["enum"], serde_json::json!(["writer", "reviewer", "maintainer"]));
    // Every page of the starter is valid under the schema's keys, types of lists and vocabularies.
    let mut pages = 0;
    for entry in walk(&t.root().join("content")) {
        if entry.extension().and_then(|e| e.to_str()) != Some("md") {
            continue;
        }
        pages += 1;
        for (k, v) in front_matter_of(&std::fs::read_to_string(&entry).unwrap()) {
            let k = k.as_str().unwrap();
            let prop = &fm["properties"][k];
            assert!(prop.is_object(), "{}: `{k}` is not in the schema", entry.display());
            if let Some(allowed) = prop["items"]["enum"].as_array() {
                for term in v.as_sequence().unwrap() {
                    assert!(allowed.iter().any(|a| a.as_str() == term.as_str()), "{term:?} not in {allowed:?}");
                }
            }
            if k == "quiz" {
                for item in v.as_sequence().unwrap() {
                    for required in prop["items"]["required"].as_array().unwrap() {
                        assert!(item.get(required.as_str().unwrap()).is_some());
                    }
                }
            }
        }
    }
    assert!(pages > 10);
    // The starter's decision tree fits the tree schema's keys and outcome kinds.
    let yaml: serde_yaml::Mapping = serde_yaml::from_str(&source(&t, "content/decide/where-does-it-go.yaml")).unwrap();
    for (k, _) in &yaml {
        assert!(tree["properties"][k.as_str().unwrap()].is_object(), "{k:?}");
    }
    let kinds = tree["properties"]["outcomes"]["items"]["properties"]["kind"]["enum"].as_array().unwrap().clone();
    for outcome in yaml["outcomes"].as_sequence().unwrap() {
        assert!(kinds.iter().any(|k| k.as_str() == outcome["kind"].as_str()), "{outcome:?}");
    }
    // Run again: it replaces its own files; a file it did not write is refused.
    primer(&["schema", "--root", root.as_str()], t.scratch()).success();
    t.write("schemas/front-matter.schema.json", "{\"mine\": true}\n");
    let run = primer(&["schema", "--root", root.as_str()], t.scratch());
    assert_eq!(run.code, Some(2));
    assert!(run.stderr.contains("was not written by `primer schema`"), "{}", run.stderr);
    assert_eq!(source(&t, "schemas/front-matter.schema.json"), "{\"mine\": true}\n");
}

/// A file of the site (not of its output).
fn source(t: &SiteTest, rel: &str) -> String {
    std::fs::read_to_string(t.root().join(rel)).unwrap()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn pages_show_last_updated_and_an_edit_link_when_the_repository_is_named() {
    let t = SiteTest::new("author/edit");
    t.build_with(&["--strict"]).clean();
    let page = t.html("policy/index.html");
    assert_eq!(
        page.attrs(".page-edit a", "href"),
        ["https://github.com/example/handbook/edit/main/docs/content/policy.md"]
    );
    assert_eq!(page.texts(".page-edit a"), ["Edit this page"]);
    assert_eq!(page.attrs(".page-edit time", "datetime"), ["2024-06-01"]);
    assert!(page.texts(".page-edit span")[0].starts_with("Last updated: "), "{:?}", page.texts(".page-edit span"));
    // A translation links to its own source and says it in its language.
    let zh = t.html("zh/policy/index.html");
    assert_eq!(
        zh.attrs(".page-edit a", "href"),
        ["https://github.com/example/handbook/edit/main/docs/content/policy.zh.md"]
    );
    assert_eq!(zh.texts(".page-edit a"), ["编辑此页"]);
    assert!(zh.texts(".page-edit span")[0].starts_with("最后更新："));
    // Generated pages have no source to edit; without [repository] there is no link.
    assert!(t.html("404.html").select(".page-edit a").is_empty());
    t.modify("site.toml", |s| {
        s.replace("[repository]\nedit_url = \"https://github.com/example/handbook/edit/main/docs/\"\n", "")
    });
    t.build().success();
    let page = t.html("policy/index.html");
    assert!(page.select(".page-edit a").is_empty());
    assert_eq!(page.attrs(".page-edit time", "datetime"), ["2024-06-01"]);
}

/// Run git in `dir` with a fixed identity and commit date (`YYYY-MM-DD`).
fn git_at(dir: &Path, date: &str, args: &[&str]) {
    let stamp = format!("{date}T12:00:00+00:00");
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=Author", "-c", "user.email=author@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_DATE", &stamp)
        .env("GIT_COMMITTER_DATE", &stamp)
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn last_updated_can_come_from_git_and_front_matter_still_wins() {
    let t = SiteTest::new("author/edit");
    t.modify("site.toml", |s| s.replace("[repository]\n", "[repository]\nlast_updated = \"git\"\n"));
    t.write("content/guide.md", "---\ntitle: Guide\n---\nRead the guide.\n");
    t.write("content/guide.zh.md", "---\ntitle: 指南\n---\n阅读指南。\n");
    let root = t.root();
    git_at(root, "2023-02-03", &["init", "-q", "-b", "main"]);
    git_at(root, "2023-02-03", &["add", "site.toml", "content/_index.md", "content/policy.md", "content/guide.md"]);
    git_at(root, "2023-02-03", &["commit", "-q", "-m", "first"]);
    git_at(root, "2025-07-08", &["add", "content/guide.zh.md"]);
    git_at(root, "2025-07-08", &["commit", "-q", "-m", "translation"]);
    // A later change to the guide: its date moves; an uncommitted edit does not count.
    t.write("content/guide.md", "---\ntitle: Guide\n---\nRead the whole guide.\n");
    git_at(root, "2025-09-10", &["commit", "-q", "-am", "guide"]);
    t.write("content/guide.md", "---\ntitle: Guide\n---\nRead the whole guide now.\n");
    t.write("content/new.md", "---\ntitle: New\n---\nNot committed yet.\n");
    t.build_with(&["--strict"]).clean();
    let date = |rel: &str| t.html(rel).attrs(".page-edit time", "datetime");
    assert_eq!(date("guide/index.html"), ["2025-09-10"], "the newest commit that changed the file");
    assert_eq!(date("zh/guide/index.html"), ["2025-07-08"], "a translation has its own file's date");
    assert_eq!(date("policy/index.html"), ["2024-06-01"], "front matter `updated` wins over git");
    assert_eq!(date("zh/policy/index.html"), ["2024-06-03"], "an untracked file with `updated` keeps it");
    assert!(date("new/index.html").is_empty(), "a file never committed has no date");
    let zh = t.html("zh/guide/index.html");
    assert!(zh.texts(".page-edit span")[0].starts_with("最后更新："), "{:?}", zh.texts(".page-edit span"));

    // A shallow clone would give every page its one commit's date: a warning, no dates.
    let clone = t.scratch().join("shallow");
    let url = format!("file://{}", root.display());
    git_at(t.scratch(), "2025-10-01", &["clone", "-q", "--depth", "1", url.as_str(), clone.to_str().unwrap()]);
    let run = primer(&["build", "--root", clone.to_str().unwrap()], t.scratch());
    run.success().stderr_has("shallow").stderr_has("fetch-depth: 0");
    let page = std::fs::read_to_string(clone.join("public/guide/index.html")).unwrap();
    assert!(!page.contains("<time"), "no git date from a shallow clone");

    // Outside a repository: a warning that says how to fix it; the build goes on.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    t.build().success().stderr_has("not inside a git repository").stderr_has("remove `last_updated = \"git\"`");
    t.build_with(&["--strict"]).failure();
}

#[test]
fn tabs_steps_and_cards_are_colon_blocks_that_read_without_javascript() {
    let t = SiteTest::new("author/containers");
    t.build_with(&["--strict"]).clean();
    let page = t.html("guide/index.html");
    // Three tab groups, numbered in page order; panels `tabs-N-K`, each under its label.
    assert_eq!(page.attrs(".content .tabs", "id"), ["tabs-1", "tabs-2", "tabs-3"]);
    assert_eq!(page.attrs(".content .tabs[data-sync]", "data-sync"), ["os", "os"]);
    assert_eq!(
        page.attrs(".tabs__panel", "id"),
        ["tabs-1-1", "tabs-1-2", "tabs-1-3", "tabs-2-1", "tabs-2-2", "tabs-3-1", "tabs-3-2"]
    );
    assert_eq!(
        page.texts(".tabs__panel > .tabs__label"),
        ["Windows", "Linux", "macOS", "Windows", "Linux", "One", "Two"]
    );
    // Markdown inside a panel: highlighted code, lists, callouts, headings with ids.
    assert_eq!(page.count("#tabs-1-1 > pre.code[data-lang=\"text\"]"), 1);
    assert_eq!(page.count("#tabs-1-2 > pre.code[data-lang=\"sh\"]"), 1);
    assert!(page.count("#tabs-1-2 > pre.code .hl-shell") > 0);
    assert_eq!(page.texts("#tabs-1-2 > .callout > .callout-title"), ["Note"]);
    assert_eq!(page.count("#tabs-1-1 > h3#windows-notes"), 1);
    assert_eq!(page.count("#tabs-1-1 > ul > li"), 1);
    // "On this page" leaves out the heading inside a panel, keeps the others.
    assert_eq!(page.attrs(".toc a", "href"), ["#install", "#configure", "#verify", "#read-next"]);
    // Steps: one ordered list, still a list, with code inside a step.
    assert_eq!(page.count(".steps > ol[role=\"list\"] > li"), 3);
    assert_eq!(page.count(".steps > ol > li:nth-child(2) > pre.code[data-lang=\"toml\"]"), 1);
    // Cards: a list of linked cards, links resolved like any other.
    assert_eq!(page.attrs(".card-grid > ul[role=\"list\"] > li > a", "href"), ["../other/", "../"]);
    // No `:::` line is left in the page, and every id is unique.
    let html = t.read("guide/index.html");
    assert!(!html.contains(":::"), "{html}");
    let ids = page.attrs("[id]", "id");
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    // The stylesheet and the script load on the pages that have tabs only.
    assert!(html.contains("href=\"../containers.css?v=") && html.contains("src=\"../tabs.js?v="), "{html}");
    for other in ["other/index.html", "index.html", "404.html"] {
        let h = t.read(other);
        assert!(!h.contains("containers.css") && !h.contains("tabs.js"), "{other}");
    }
    assert!(t.exists("containers.css") && t.exists("tabs.js"));
    // The Arabic page gets them too, and its labels.
    let ar = t.html("ar/guide/index.html");
    assert_eq!(ar.texts(".tabs__label"), ["ويندوز", "لينكس"]);
    assert_eq!(ar.count(".steps > ol > li"), 3);
    // Safe mode sanitizes the author's HTML, not primer's blocks.
    t.modify("site.toml", |s| format!("safe = true\n{s}"));
    t.build_with(&["--strict"]).clean();
    assert_eq!(t.html("guide/index.html").count(".tabs__panel"), 7);
    assert_eq!(t.html("guide/index.html").count(".steps > ol[role=\"list\"]"), 1);
    // `[markdown] containers = false` leaves the `:::` lines as text.
    t.modify("site.toml", |s| format!("{s}\n[markdown]\ncontainers = false\n"));
    t.build().success();
    assert!(t.read("guide/index.html").contains(":::tabs sync=os"));
    assert_eq!(t.html("guide/index.html").count(".tabs"), 0);
    assert!(!t.read("guide/index.html").contains("tabs.js"));
}

#[test]
fn tab_labels_render_inline_markdown_escaped() {
    let t = SiteTest::new("author/containers");
    t.build_with(&["--strict"]).clean();
    let page = t.html("labels/index.html");
    let labels = page.select(".tabs__label");
    let inner: Vec<String> = labels.iter().map(|l| l.inner_html()).collect();
    assert_eq!(
        inner,
        [
            "<code>npm</code> <em>fast</em>",
            "<strong>Bold</strong> <del>old</del> link",
            "&lt;b onclick=\"x()\"&gt;raw&lt;/b&gt; &amp; co",
            "1. Setup",
            "# C",
            "Linux",
        ]
    );
    assert_eq!(page.count(".tabs__label b, .tabs__label a"), 0);
}

#[test]
fn a_colon_block_that_does_not_fit_is_an_error_at_its_line_and_keeps_its_text() {
    let t = SiteTest::new("author/containers");
    t.write(
        "content/bad.md",
        "---\ntitle: Bad\n---\nIntro.\n\n::: tab Stray\n\n:::tabs\nBefore any tab.\n::: tab\nEmpty label.\n:::\n\n:::steps\n- not numbered\n:::\n\n:::\n\n- item\n\n  :::tabs\n  ::: tab A\n  open in an item\n- next\n\n:::tabs\n::: tab Last\nnever closed\n",
    );
    let run = t.build();
    run.failure().only_headlines(&[
        "content/bad.md:6:1: error: `::: tab` outside a `:::tabs` block; the line is shown as text",
        "content/bad.md:9:1: error: text inside `:::tabs` before its first `::: tab` line",
        "content/bad.md:10:1: error: `::: tab` has no label; panel 1 is labelled `1`",
        "content/bad.md:14:1: error: `:::steps` holds one numbered list, and nothing else",
        "content/bad.md:18:1: error: `:::` closes no block; the line is shown as text",
        "content/bad.md:22:3: error: `:::tabs` is not closed before the end of the list item or quote it is in",
        "content/bad.md:27:1: error: `:::tabs` is not closed before the end of the page",
    ]);
    assert!(run
        .block("content/bad.md:6:1: error: `::: tab` outside a `:::tabs` block; the line is shown as text")
        .contains("help: put the panels between a `:::tabs` line and a `:::` line"));
    // The last good output is untouched.
    assert!(!t.exists("bad/index.html"));
    // An unknown block is a warning; its line stays in the page as text.
    t.write("content/bad.md", "---\ntitle: Bad\n---\n::: note\nKept.\n");
    let run = t.build();
    run.success().only_headlines(&["content/bad.md:4:1: warning: unknown block `::: note`; the line is shown as text"]);
    assert!(t.read("bad/index.html").contains("::: note"));
    // The stable code of all of them.
    let run = t.check_with(&["--format", "json"]);
    assert!(run.stdout.contains("\"block-invalid\""), "{}", run.stdout);
}
