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
        Just(":::tabs sync=os\n".to_string()),
        Just("::: tab A\n".to_string()),
        Just(":::\n".to_string()),
        Just(":::steps\n1. ".to_string()),
        Just("> ".to_string()),
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
        Just("İİ ".to_string()),
        Just("\u{212A} ".to_string()),
        Just("ẞΣς ﬁ ".to_string()),
        Just("ledger ".to_string()),
        Just("DLT ".to_string()),
        "[ -~]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

/// Characters whose lower case has another length or shape (`İ` → 3 bytes, the
/// Kelvin sign → 1, `ẞ`, final sigma, ligatures, combining marks), wide scripts and
/// emoji, mixed with the glossary's names in several cases.
fn tricky_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec![
            "İ", "\u{212A}", "\u{212B}", "ẞ", "Σ", "ς", "ﬁ", "ﬀ", "ŉ", "ΐ", "ǅ", "\u{0301}", "e\u{0307}", "\u{0130}\u{0301}",
            "区块链", "账本", "한국", "😀", "👩\u{200d}👩\u{200d}👧", "\u{1F1FA}\u{1F1F3}", "ß", "Ⅻ", "ͅ",
        ])
        .prop_map(str::to_string),
        3 => prop::sample::select(vec![
            "ledger", "LEDGER", "Ledgers", "ledgerİ", "DLT", "dlt", "distributed ledger technology", "DİSTRİBUTED",
            "ΟΔΟΣ", "οδος", "\u{212A}elvin", "kelvin",
        ])
        .prop_map(str::to_string),
        2 => prop::sample::select(vec![" ", " ", ", ", ". ", "(", ")", "'"]).prop_map(str::to_string),
        1 => any::<char>().prop_filter("no markdown syntax", |c| !c.is_ascii_punctuation() && !c.is_control()).prop_map(|c| c.to_string()),
    ]
}

fn tricky_text() -> impl Strategy<Value = String> {
    prop::collection::vec(tricky_piece(), 0..40).prop_map(|v| v.concat())
}

fn tricky_names() -> Vec<Vec<String>> {
    vec![
        vec!["ledger".into(), "ledgers".into()],
        vec!["distributed ledger technology".into(), "DLT".into()],
        vec!["ΟΔΟΣ".into()],
        vec!["\u{212A}elvin".into(), "İ".into()],
        vec!["区块链".into(), "账本".into()],
    ]
}

/// The case folding the glossary promises: each character's lower case, final sigma as sigma.
fn folded(s: &str) -> String {
    s.chars().flat_map(char::to_lowercase).map(|c| if c == 'ς' { 'σ' } else { c }).collect()
}

/// The text of an HTML fragment, without the glossary tooltips; and the texts of its term links.
fn visible_text(html: &str) -> (String, Vec<String>) {
    let doc = scraper::Html::parse_fragment(html);
    let mut text = String::new();
    for node in doc.root_element().descendants() {
        let Some(t) = node.value().as_text() else { continue };
        let in_tip =
            node.ancestors().any(|a| a.value().as_element().is_some_and(|e| e.classes().any(|c| c == "gloss-tip")));
        if !in_tip {
            text.push_str(t);
        }
    }
    let sel = scraper::Selector::parse("a.gloss-term").unwrap();
    let links = doc.select(&sel).map(|a| a.text().collect::<String>()).collect();
    (text, links)
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..40).prop_map(|v| v.concat())
}

fn render_all(body: &str) {
    let opts = markdown::options(&markdown::Syntax::default());
    let analysis = markdown::analyze(body, opts, true);
    let matcher = Matcher::new(&[
        vec!["ledger".into(), "ledgers".into()],
        vec!["distributed ledger technology".into(), "DLT".into()],
    ]);
    let terms = vec![
        TermLink { url: "/glossary/ledger/", id: "ledger", definition: "A <record>." },
        TermLink { url: "/glossary/dlt/", id: "dlt", definition: "Shared & distributed." },
    ];
    let links: HashMap<String, String> = analysis.links.iter().map(|l| (l.dest.clone(), "../x/".to_string())).collect();
    for (own_term, autolink, anchors, safe) in
        [(None, true, true, false), (Some(0), true, false, true), (None, false, true, true)]
    {
        let cx = RenderContext {
            opts,
            heading_anchors: anchors,
            page_url: "/a/b/",
            highlighter: highlighter(),
            headings: &analysis.headings,
            links: &links,
            glossary: Some(&matcher),
            terms: &terms,
            own_term,
            autolink,
            safe,
            lang: primer::lang::Marker::new("en", "en"),
            callouts: primer::markdown::ENGLISH_CALLOUTS,
            containers: true,
        };
        let r = markdown::render(body, &cx);
        for (_, offset) in &r.unknown_languages {
            assert!(*offset <= body.len());
        }
        for u in &r.refused {
            assert!(u.offset <= body.len());
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
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn glossary_matches_are_whole_words_on_char_boundaries_of_the_original(text in tricky_text()) {
        let names = tricky_names();
        let matcher = Matcher::new(&names);
        let mut last = 0;
        for m in matcher.find(&text) {
            prop_assert!(last <= m.start && m.start < m.end && m.end <= text.len(), "{m:?} after {last} in {text:?}");
            prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end), "{m:?} in {text:?}");
            let word = &text[m.start..m.end];
            prop_assert!(names[m.entry].iter().any(|n| folded(n) == folded(word)), "{word:?} is not a name of entry {}", m.entry);
            // Whole words: no word character joins a match's edge, except where either
            // side is of a script written without spaces (Chinese, Japanese, Thai...).
            let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            let unspaced = |c: Option<char>| c.is_some_and(|c| matches!(c as u32, 0x2e80..=0x2fdf | 0x3040..=0x30ff | 0x3100..=0x312f | 0x31a0..=0x31ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xff66..=0xff9d | 0x20000..=0x3134f | 0x0e00..=0x0eff | 0x1000..=0x109f | 0x1780..=0x17ff));
            let joins = |outside: Option<char>, inside: Option<char>| is_word(outside) && !unspaced(outside) && !unspaced(inside);
            prop_assert!(!joins(text[..m.start].chars().next_back(), word.chars().next()) && !joins(text[m.end..].chars().next(), word.chars().next_back()), "{word:?} in {text:?}");
            last = m.end;
        }
    }

    #[test]
    fn glossary_links_leave_the_text_as_it_was(text in tricky_text()) {
        let names = tricky_names();
        let matcher = Matcher::new(&names);
        let terms: Vec<TermLink> = ["ledger", "dlt", "odos", "kelvin", "blockchain"]
            .iter()
            .map(|id| TermLink { url: "/glossary/x/", id, definition: "Def <b>&</b>." })
            .collect();
        let body = format!("{text}\n");
        let opts = markdown::options(&markdown::Syntax::default());
        let links = HashMap::new();
        let render = |glossary| {
            let cx = RenderContext {
                opts,
                heading_anchors: false,
                page_url: "/a/",
                highlighter: highlighter(),
                headings: &[],
                links: &links,
                glossary,
                terms: &terms,
                own_term: None,
                autolink: true,
                safe: false,
                lang: primer::lang::Marker::new("en", "en"),
            callouts: primer::markdown::ENGLISH_CALLOUTS,
            containers: true,
            };
            markdown::render(&body, &cx).html
        };
        let (with, linked) = visible_text(&render(Some(&matcher)));
        let (without, none) = visible_text(&render(None));
        prop_assert!(none.is_empty());
        prop_assert_eq!(&with, &without, "the text changed around the links {:?}", linked);
        for l in &linked {
            prop_assert!(text.contains(l.as_str()), "link text {l:?} is not a slice of {text:?}");
            prop_assert!(names.iter().flatten().any(|n| folded(n) == folded(l)), "link text {l:?} is not a name");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn full_build_with_tricky_case_text_and_glossary_terms_exits_0(text in tricky_text()) {
        let t = SiteTest::empty();
        t.write("site.toml", PLAIN_TOML);
        t.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
        t.write("content/glossary/ledger.md", "---\ntitle: Ledger\naliases: [ΟΔΟΣ, \u{212A}elvin]\ndefinition: A record.\n---\nText.\n");
        t.write("content/page.md", &format!("---\ntitle: Page\n---\nİİ ledger \u{212A}\n\n{text}\n"));
        let run = t.build();
        prop_assert_eq!(run.code, Some(0), "{}", run.stderr);
        prop_assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        let page = std::fs::read_to_string(t.out("page/index.html")).unwrap();
        prop_assert!(page.contains(">ledger</a>"), "{}", page);
    }

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
