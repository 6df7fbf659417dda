//! Property tests: arbitrary front matter and markdown never panic, in the library
//! and in full builds.

use crate::harness::{SiteTest, PLAIN_TOML};
use primer::front_matter;
use primer::glossary::Matcher;
use primer::highlight::Highlighter;
use primer::markdown::{self, RenderContext, TermLink};
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

fn highlighter() -> &'static Highlighter {
    static H: OnceLock<Highlighter> = OnceLock::new();
    H.get_or_init(Highlighter::new)
}

/// Pieces that make markdown and YAML interesting: fences, links, headings, HTML,
/// front matter delimiters, YAML syntax, multi-byte characters.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("---\n".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("# ".to_string()),
        Just("## Heading {#id}\n".to_string()),
        Just("```rust\n".to_string()),
        Just("```nolang\n".to_string()),
        Just("```\n".to_string()),
        Just("    ".to_string()),
        Just("[link](".to_string()),
        Just("](../a.md#x)".to_string()),
        Just("(term:ledger)".to_string()),
        Just("![img](".to_string()),
        Just(")".to_string()),
        Just("<!-- more -->".to_string()),
        Just("<script>".to_string()),
        Just("| a | b |\n|---|---|\n".to_string()),
        Just("[^1]: note\n".to_string()),
        Just("title: ".to_string()),
        Just("weight: ".to_string()),
        Just("aliases: [".to_string()),
        Just("quiz:\n  - question: ".to_string()),
        Just("extra: {".to_string()),
        Just("&a [*a, *a]".to_string()),
        Just("\u{feff}".to_string()),
        Just("区块链 ".to_string()),
        Just("é́".to_string()),
        Just("ledger ".to_string()),
        Just("DLT ".to_string()),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn render_all(body: &str) {
    let opts = markdown::options(&primer::config::MarkdownOptions::default());
    let analysis = markdown::analyze(body, opts);
    let matcher = Matcher::new(&[
        vec!["ledger".into(), "ledgers".into()],
        vec!["distributed ledger technology".into(), "DLT".into()],
    ]);
    let terms = vec![
        TermLink { url: "../glossary/ledger/".into(), id: "ledger", definition: "A <record>." },
        TermLink { url: "../glossary/dlt/".into(), id: "dlt", definition: "Shared & distributed." },
    ];
    let links: HashMap<String, String> = analysis.links.iter().map(|l| (l.dest.clone(), "../x/".to_string())).collect();
    for (own_term, autolink, anchors) in [(None, true, true), (Some(0), true, false), (None, false, true)] {
        let cx = RenderContext {
            opts,
            heading_anchors: anchors,
            highlighter: highlighter(),
            headings: &analysis.headings,
            links: &links,
            glossary: Some(&matcher),
            terms: &terms,
            own_term,
            autolink,
            lang: primer::lang::Marker::new("en", "en"),
        };
        let r = markdown::render(body, &cx);
        for (_, offset) in &r.unknown_languages {
            assert!(*offset <= body.len());
        }
        assert!(r.summary.len() <= r.html.len() + 1);
    }
    // Offsets of links point into the body (the pipeline turns them into line:col).
    for l in &analysis.links {
        assert!(l.offset <= body.len() && body.is_char_boundary(l.offset));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_front_matter_never_panics(text in document()) {
        if let Ok(split) = front_matter::split("content/x.md", &text) {
            prop_assert!(split.body_offset <= text.len());
            match front_matter::parse("content/x.md", &text, &split, &["tags", "audiences"]) {
                Ok(fm) => prop_assert!(!fm.title.trim().is_empty()),
                Err(diags) => {
                    prop_assert!(!diags.is_empty());
                    for d in diags {
                        prop_assert!(d.line <= text.lines().count() + 1, "line {} beyond the file: {:?}", d.line, d);
                        let _ = d.render();
                    }
                }
            }
        }
    }

    #[test]
    fn arbitrary_front_matter_with_a_valid_frame_never_panics(yaml in document(), body in document()) {
        let text = format!("---\n{}\n---\n{}", yaml.replace("---", "- -"), body);
        let split = front_matter::split("content/x.md", &text);
        prop_assert!(split.is_ok());
        let split = split.unwrap();
        if let Err(diags) = front_matter::parse("content/x.md", &text, &split, &["tags"]) {
            for d in diags {
                let _ = d.render();
            }
        }
    }

    #[test]
    fn arbitrary_strings_never_panic_the_front_matter_reader(text in any::<String>()) {
        if let Ok(split) = front_matter::split("x.md", &text) {
            let _ = front_matter::parse("x.md", &text, &split, &[]);
        }
    }

    #[test]
    fn arbitrary_markdown_never_panics(body in document()) {
        render_all(&body);
    }

    #[test]
    fn arbitrary_unicode_markdown_never_panics(body in any::<String>()) {
        render_all(&body);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn full_build_of_arbitrary_content_exits_0_or_1(front in document(), body in document()) {
        let t = SiteTest::empty();
        t.write("site.toml", PLAIN_TOML);
        t.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
        t.write("content/glossary/ledger.md", "---\ntitle: Ledger\ndefinition: A record.\n---\nText.\n");
        t.write("content/page.md", &format!("---\ntitle: Page\n{front}\n---\n{body}"));
        t.write("content/raw.md", &format!("{front}{body}"));
        let run = t.build();
        prop_assert!(matches!(run.code, Some(0) | Some(1)), "exit {:?}\n{}", run.code, run.stderr);
        prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        if run.code == Some(0) {
            prop_assert!(t.exists("index.html"));
        } else {
            prop_assert!(!run.errors().is_empty() || run.stderr.contains("(--strict)"), "failed without an error:\n{}", run.stderr);
        }
    }
}
