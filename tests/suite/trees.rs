//! Decision trees: a page names a YAML tree (`tree: x.yaml`); the build validates it,
//! checks its outcome links like markdown links, and renders it as HTML sections plus
//! an SVG overview. Fixtures: `kb/tree-valid` (a small valid tree on
//! `content/decide/choose.md`) and `kb/tree-broken` (a tree with many semantic problems).

use crate::harness::{assert_links_resolve, Page, SiteTest};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The output page of the valid fixture's tree.
const PAGE: &str = "decide/choose/index.html";
/// The valid fixture's tree file.
const YAML: &str = "content/decide/x.yaml";
/// The label in the fixture that would be markup if it were not escaped.
const HOSTILE: &str = "<img src=x onerror=alert(1)>";
/// Node ids of the valid fixture, in file order (questions, then outcomes).
const NODES: [&str; 5] = ["trust", "shared", "database", "ledger", "ask"];

fn valid() -> SiteTest {
    SiteTest::new("kb/tree-valid")
}

/// Every `id` on a page.
fn ids(page: &Page) -> Vec<String> {
    page.attrs("[id]", "id")
}

// ------------------------------------------------------------------- SVG

/// An element of a parsed SVG: name, attributes (unescaped), direct text (unescaped).
#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
}

/// The tree's SVG overview: the page shows it as `<img src="tree.svg">`, a file beside the page.
fn svg_of(t: &SiteTest, page: &str) -> String {
    let html = t.html(page);
    assert_eq!(html.attrs("details.tree-overview img", "src"), ["tree.svg"], "overview image on {page}");
    let svg_path = format!("{}tree.svg", page.strip_suffix("index.html").expect("a page path ending in index.html"));
    t.read(&svg_path)
}

/// Parse `svg` as XML, panicking unless it is well-formed: one root, balanced and
/// matching tags, unique attributes, only predefined or valid character entities, no
/// raw `<` in attribute values, no text outside the root. Returns every element in
/// document order.
fn parse_xml(svg: &str) -> Vec<Element> {
    let mut reader = Reader::from_str(svg);
    let mut elements: Vec<Element> = Vec::new();
    // Indexes into `elements` of the open elements.
    let mut open: Vec<usize> = Vec::new();
    let mut roots = 0;
    loop {
        let event = reader
            .read_event()
            .unwrap_or_else(|e| panic!("SVG is not well-formed at byte {}: {e}\n{svg}", reader.buffer_position()));
        let (start, empty) = match &event {
            Event::Start(s) => (Some(s), false),
            Event::Empty(s) => (Some(s), true),
            _ => (None, false),
        };
        if let Some(s) = start {
            if open.is_empty() {
                roots += 1;
            }
            let mut attrs = BTreeMap::new();
            for a in s.attributes() {
                let a = a.unwrap_or_else(|e| panic!("bad attribute in <{}>: {e}", s.name().as_ref()));
                assert!(!a.value.contains('<'), "raw < in attribute {:?}", a.key.as_ref());
                let value = a
                    .normalized_value(XmlVersion::Implicit1_0)
                    .unwrap_or_else(|e| panic!("bad escape in {:?}: {e}", a.value));
                let key = a.key.as_ref().to_string();
                assert!(attrs.insert(key.clone(), value.into_owned()).is_none(), "duplicate attribute {key}");
            }
            elements.push(Element { name: s.name().as_ref().to_string(), attrs, text: String::new() });
            if !empty {
                open.push(elements.len() - 1);
            }
            continue;
        }
        match event {
            Event::End(_) => {
                open.pop().expect("end tag without start tag");
            }
            Event::Text(t) => {
                let s: &str = &t;
                match open.last() {
                    Some(&i) => elements[i].text.push_str(s),
                    None => assert!(s.trim().is_empty(), "text outside the root element: {s:?}"),
                }
            }
            Event::GeneralRef(r) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().unwrap_or_else(|e| panic!("bad character reference &{};: {e}", &*r))
                } else {
                    match &*r {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        other => panic!("entity &{other}; is not defined in XML"),
                    }
                };
                let c = c.unwrap_or_else(|| panic!("bad reference &{};", &*r));
                let &i = open.last().expect("entity outside the root element");
                elements[i].text.push(c);
            }
            Event::Eof => break,
            Event::CData(_) | Event::Comment(_) | Event::PI(_) | Event::Decl(_) | Event::DocType(_) => {}
            Event::Start(_) | Event::Empty(_) => unreachable!(),
        }
    }
    assert!(open.is_empty(), "unclosed elements at the end of the SVG");
    assert_eq!(roots, 1, "an SVG has exactly one root element");
    elements
}

/// The `data-node` of every node group of an SVG, sorted.
fn svg_nodes(elements: &[Element]) -> Vec<String> {
    let mut nodes: Vec<String> = elements
        .iter()
        .filter(|e| e.name == "g" && e.attrs.get("class").is_some_and(|c| c.split(' ').any(|w| w == "node")))
        .filter_map(|e| e.attrs.get("data-node").cloned())
        .collect();
    nodes.sort();
    nodes
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

// ------------------------------------------------------------ valid trees

#[test]
fn valid_tree_renders_one_section_per_question_and_outcome() {
    let t = valid();
    t.build().clean();
    let page = t.html(PAGE);
    let tree = page.one("section.decision-tree > div.tree[data-tree]");
    assert_eq!(tree.value().attr("id"), Some("tree"));
    assert_eq!(page.texts("div.tree > h2.tree-title"), ["Should you use a ledger?"]);
    assert_eq!(page.attrs("section.tree-node", "data-node"), NODES);
    assert_eq!(page.attrs("section.tree-node", "id"), NODES.map(|n| format!("tree-{n}")));
    assert_eq!(page.attrs("section.tree-node.tree-question", "data-node"), ["trust", "shared"]);
    assert_eq!(page.attrs("section.tree-node.tree-outcome", "data-node"), ["database", "ledger", "ask"]);
    // Questions: heading, group label, help, answers in order.
    assert_eq!(
        page.texts("section.tree-question h3.tree-heading"),
        ["Do the parties trust each other?", "Do several parties write the same records?"]
    );
    assert_eq!(page.texts("#tree-shared p.tree-group"), ["The basics"]);
    assert_eq!(page.count("#tree-trust p.tree-group"), 0, "a question without a group has no group label");
    assert_eq!(page.texts("#tree-shared p.tree-help"), ["Think of who writes, not who reads."]);
    assert_eq!(page.texts("#tree-trust a.tree-answer"), [HOSTILE, "No", "Not sure"]);
    assert_eq!(page.texts("#tree-shared a.tree-answer"), ["Yes", "No"]);
    // Outcomes: the kind in words (never colour alone), verdict, explanation paragraphs.
    assert_eq!(page.attrs("section.tree-outcome", "data-kind"), ["negative", "caution", "positive"]);
    assert_eq!(
        page.attrs("section.tree-outcome", "class"),
        [
            "tree-node tree-outcome tree-outcome--negative",
            "tree-node tree-outcome tree-outcome--caution",
            "tree-node tree-outcome tree-outcome--positive"
        ]
    );
    assert_eq!(
        page.texts("section.tree-outcome p.tree-kind"),
        ["Negative outcome", "Proceed with caution", "Positive outcome"]
    );
    assert_eq!(
        page.texts("section.tree-outcome h3.tree-heading"),
        ["Use a database", "A ledger may help", "Ask an expert"]
    );
    assert_eq!(
        page.texts("#tree-ledger p.tree-explanation"),
        ["Look at the costs first.", "Then talk to the vendors."]
    );
    // Each section is labelled by its own heading.
    for n in NODES {
        let s = page.one(&format!("section#tree-{n}"));
        let h = s.value().attr("aria-labelledby").unwrap();
        assert_eq!(page.count(&format!("section#tree-{n} h3[id=\"{h}\"]")), 1, "{n} is labelled by its heading");
    }
    // The tree is not also rendered into the markdown content, and the page keeps its prose.
    assert_eq!(page.count(".content section.tree-node"), 0);
    assert_eq!(page.texts(".content h2"), ["Before you start"]);
}

#[test]
fn answers_link_to_existing_node_ids_and_the_start_node_is_marked() {
    let t = valid();
    t.build().clean();
    let page = t.html(PAGE);
    assert_eq!(page.attrs("div.tree", "data-start"), ["shared"]);
    // Exactly the start node carries `data-start`, even though it is not first in the file.
    assert_eq!(page.attrs("section.tree-node[data-start]", "data-node"), ["shared"]);
    let node_ids: BTreeSet<String> = page.attrs("section.tree-node", "id").into_iter().collect();
    let answers = page.select("a.tree-answer");
    assert_eq!(answers.len(), 5);
    for a in &answers {
        let href = a.value().attr("href").unwrap();
        let next = a.value().attr("data-next").unwrap();
        assert_eq!(href, format!("#tree-{next}"), "an answer links to the node named by its data-next");
        assert!(node_ids.contains(&href[1..]), "{href} names no node section");
    }
    assert_eq!(page.attrs("#tree-trust a.tree-answer", "href"), ["#tree-database", "#tree-ledger", "#tree-ask"]);
    // Every outcome offers a way back to the start.
    assert_eq!(page.attrs("a.tree-restart", "href"), ["#tree-shared"; 3]);
    assert_eq!(page.attrs("section.tree-question a.tree-restart", "href").len(), 0);
    // Element ids of the whole page are unique.
    let all = ids(&page);
    let unique: BTreeSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "duplicate ids: {all:?}");
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn outcome_links_are_rewritten_to_relative_urls_that_resolve() {
    let t = valid();
    t.build().clean();
    let page = t.html(PAGE);
    assert_eq!(page.texts("#tree-database h4.tree-links-title"), ["Read more"]);
    assert_eq!(page.texts("#tree-database ul.tree-links a"), ["Ledgers compared", "All foundations"]);
    assert_eq!(
        page.attrs("#tree-database ul.tree-links a", "href"),
        ["../../foundations/ledger/#compared", "../../foundations/"]
    );
    assert_eq!(
        page.attrs("#tree-ledger ul.tree-links a", "href"),
        ["./#before", "./", "https://example.org/ledgers", "mailto:team@example.org"]
    );
    assert_eq!(page.count("#tree-ask ul.tree-links, #tree-ask h4"), 0, "an outcome without links has no list");
    assert!(page.attrs("a", "href").iter().all(|h| !h.contains(".md")), "no .md link is left in the page");
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn a_tree_named_by_two_pages_links_relative_to_each_page() {
    let t = valid();
    t.replace(YAML, "href: \"#before\"", "href: choose.md#before");
    t.write("content/other/deep/again.md", "---\ntitle: Again\ntree: ../../decide/x.yaml\n---\nThe same tree.\n");
    t.build().clean();
    assert_eq!(
        t.html("other/deep/again/index.html").attrs("ul.tree-links a", "href"),
        [
            "../../../foundations/ledger/#compared",
            "../../../foundations/",
            "../../../decide/choose/#before",
            "../../../decide/choose/",
            "https://example.org/ledgers",
            "mailto:team@example.org"
        ]
    );
    assert_eq!(t.html(PAGE).attrs("#tree-ledger ul.tree-links a", "href")[..2], ["./#before", "./"]);
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn hostile_text_in_a_tree_comes_out_as_text() {
    let t = valid();
    t.replace(YAML, "title: Should you use a ledger?", "title: \"</h2><script>alert('t')</script>\"");
    t.replace(YAML, "verdict: Use a database", "verdict: \"\\\" onmouseover=\\\"alert(1)\"");
    t.replace(YAML, "title: Ledgers compared", "title: \"<b>bold</b> & co\"");
    t.replace(YAML, "help: Think of who writes, not who reads.", "help: \"<iframe src=x></iframe>\"");
    t.build().clean();
    let page = t.html(PAGE);
    assert_eq!(page.count("div.tree img, div.tree iframe, div.tree b"), 0);
    // The only inline script is the theme's own, in <head> (it applies the chosen colour theme).
    let inline: Vec<String> = page.select("script:not([src])").iter().map(|s| s.inner_html()).collect();
    assert!(
        inline
            .iter()
            .all(|s| s.starts_with("try{var t=localStorage.getItem(\"primer:theme\")") && !s.contains("alert")),
        "an inline script was injected: {inline:?}"
    );
    assert_eq!(page.count("body script:not([src])"), 0, "no inline script in the body");
    assert_eq!(page.count("[onerror], [onmouseover]"), 0);
    assert_eq!(page.texts("#tree-trust a.tree-answer")[0], HOSTILE);
    assert_eq!(page.texts("div.tree > h2.tree-title"), ["</h2><script>alert('t')</script>"]);
    assert_eq!(page.texts("#tree-database h3"), ["\" onmouseover=\"alert(1)"]);
    assert_eq!(page.texts("#tree-database ul.tree-links a")[0], "<b>bold</b> & co");
    assert_eq!(page.texts("#tree-shared p.tree-help"), ["<iframe src=x></iframe>"]);
    // The SVG keeps them as text too (the full label is the edge label's title).
    let svg = parse_xml(&svg_of(&t, PAGE));
    assert!(svg.iter().all(|e| !matches!(e.name.as_str(), "img" | "script" | "iframe" | "b")));
    assert!(svg.iter().any(|e| e.name == "title" && e.text == HOSTILE), "the full label is kept as a title");
    assert!(svg.iter().all(|e| !e.attrs.keys().any(|k| k.starts_with("on"))), "no event handler attributes");
    assert_eq!(svg[0].attrs["aria-label"], "Flowchart of the decision tree: </h2><script>alert('t')</script>");
}

#[test]
fn svg_overview_is_well_formed_and_contains_every_node() {
    let t = valid();
    t.build().clean();
    let page = t.html(PAGE);
    assert_eq!(page.count("section.decision-tree details.tree-overview img[src='tree.svg']"), 1);
    assert_eq!(page.texts("details.tree-overview > summary"), ["Overview of the whole tree (diagram)"]);
    let svg = parse_xml(&svg_of(&t, PAGE));
    let root = &svg[0];
    assert_eq!(root.name, "svg");
    assert_eq!(root.attrs["xmlns"], "http://www.w3.org/2000/svg");
    assert_eq!(root.attrs["role"], "img");
    assert!(!root.attrs.contains_key("width") && !root.attrs.contains_key("height"), "it scales: only a viewBox");
    let view: Vec<f64> = root.attrs["viewBox"].split(' ').map(|v| v.parse().unwrap()).collect();
    assert!(view.len() == 4 && view[2] > 0.0 && view[3] > 0.0, "{view:?}");
    assert_eq!(svg_nodes(&svg), sorted(&NODES));
    // Each node has a box and its full text as a title; the start node is marked.
    let node = |id: &str| {
        svg.iter()
            .find(|e| e.name == "g" && e.attrs.get("data-node").map(String::as_str) == Some(id))
            .unwrap_or_else(|| panic!("no node {id}"))
    };
    assert!(node("shared").attrs["class"].split(' ').any(|c| c == "node-start"));
    assert!(!node("trust").attrs["class"].contains("node-start"));
    assert!(node("ledger").attrs["class"].contains("kind-caution"));
    let titles: Vec<&str> = svg.iter().filter(|e| e.name == "title").map(|e| e.text.as_str()).collect();
    for title in [
        "Question: Do several parties write the same records?",
        "Question: Do the parties trust each other?",
        "Negative outcome: Use a database",
        "Proceed with caution: A ledger may help",
        "Positive outcome: Ask an expert",
    ] {
        assert!(titles.contains(&title), "no title {title:?} in {titles:?}");
    }
    // One edge per answer, between existing nodes.
    let mut edges: Vec<(String, String)> = svg
        .iter()
        .filter(|e| e.attrs.get("class").map(String::as_str) == Some("edge"))
        .map(|e| (e.attrs["data-from"].clone(), e.attrs["data-to"].clone()))
        .collect();
    edges.sort();
    let expected =
        [("shared", "database"), ("shared", "trust"), ("trust", "ask"), ("trust", "database"), ("trust", "ledger")];
    assert_eq!(edges, expected.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn tree_script_and_styles_are_linked_only_on_tree_pages() {
    let t = valid();
    t.build().clean();
    let page = t.html(PAGE);
    let (js, css) = (page.attrs("script[src*=\"tree.js\"]", "src"), page.attrs("link[href*=\"tree.css\"]", "href"));
    assert!(js.len() == 1 && js[0].starts_with("../../tree.js?v="), "{js:?}");
    assert!(css.len() == 1 && css[0].starts_with("../../tree.css?v="), "{css:?}");
    assert!(t.exists("tree.js") && t.exists("tree.css"));
    let other = t.html("foundations/ledger/index.html");
    assert_eq!(other.count("script[src$=\"tree.js\"], link[href$=\"tree.css\"], .decision-tree"), 0);
}

// ----------------------------------------------------------------- errors

#[test]
fn page_naming_a_missing_tree_file_is_an_error_at_its_tree_line() {
    let t = valid();
    t.replace("content/decide/choose.md", "tree: x.yaml", "tree: y.yaml");
    let run = t.build();
    let h = "content/decide/choose.md:3:7: error: decision tree file `y.yaml` does not exist";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("relative to this page"), "{}", run.stderr);
    // A tree path that leaves the site is missing too.
    t.replace("content/decide/choose.md", "tree: y.yaml", "tree: ../../../x.yaml");
    t.build()
        .failure()
        .only_headlines(&["content/decide/choose.md:3:7: error: decision tree file `../../../x.yaml` does not exist"]);
}

#[test]
fn answer_leading_to_an_unknown_node_is_an_error_with_did_you_mean() {
    let t = valid();
    t.replace(YAML, "        next: trust\n", "        next: trustt\n");
    let h = "content/decide/x.yaml:22:15: error: answer \"Yes\" of `shared` leads to unknown node `trustt`";
    // The misspelt target is not also reported as unreachable.
    let run = t.build();
    run.failure().only_headlines(&[h]);
    let block = run.block(h);
    assert!(block.contains("did you mean `trust`?"), "{block}");
    assert!(block.contains("22 |         next: trustt"), "the snippet shows the line: {block}");
    // `primer check` reports the same.
    t.check_with(&[]).failure().only_headlines(&[h]);
}

#[test]
fn node_that_cannot_be_reached_is_an_error() {
    let t = valid();
    t.modify(YAML, |s| format!("{s}  - id: orphan\n    verdict: Nobody\n    kind: neutral\n    explanation: x\n"));
    let run = t.build();
    let h = "content/decide/x.yaml:55:9: error: `orphan` cannot be reached from the start node `shared`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("make an answer's `next` lead to `orphan`, or remove it"), "{}", run.stderr);
}

#[test]
fn cycle_is_an_error_naming_its_nodes() {
    let t = valid();
    t.replace(YAML, "        next: ask\n", "        next: shared\n");
    let run = t.build();
    run.failure().only_headlines(&[
        "content/decide/x.yaml:15:15: error: answers loop back to an earlier question: `shared` → `trust` → `shared`",
        "content/decide/x.yaml:51:9: error: `ask` cannot be reached from the start node `shared`",
    ]);
    assert!(run.stderr.contains("a tree must always move forward to an outcome"), "{}", run.stderr);
}

#[test]
fn question_without_answers_is_an_error() {
    let t = valid();
    t.modify(YAML, |s| {
        let from = s.find("    answers:\n      - label: \"<img").unwrap();
        let to = s.find("  - id: shared").unwrap();
        format!("{}    answers: []\n{}", &s[..from], &s[to..])
    });
    let run = t.build();
    let h = "content/decide/x.yaml:9:5: error: question `trust` has no answers";
    run.failure().only_headlines(&[
        h,
        "content/decide/x.yaml:29:9: error: `ledger` cannot be reached from the start node `shared`",
        "content/decide/x.yaml:45:9: error: `ask` cannot be reached from the start node `shared`",
    ]);
    assert!(run.block(h).contains("add `answers:` with at least one"), "{}", run.stderr);
    // No `answers` key at all is the same problem, at the question's id.
    t.replace(YAML, "    answers: []\n", "");
    t.build().failure().headline("content/decide/x.yaml:7:9: error: question `trust` has no answers");
}

#[test]
fn duplicate_id_is_an_error_naming_the_first_use() {
    let t = valid();
    t.replace(YAML, "  - id: ask\n", "  - id: database\n");
    let run = t.build();
    let h = "content/decide/x.yaml:51:9: error: duplicate id `database`: already used on line 26";
    run.failure().only_headlines(&[
        "content/decide/x.yaml:15:15: error: answer \"Not sure\" of `trust` leads to unknown node `ask`",
        h,
    ]);
    assert!(run.block(h).contains("unique across questions and outcomes"), "{}", run.stderr);
}

#[test]
fn answer_without_next_is_an_error() {
    let t = valid();
    t.replace(YAML, "        next: ledger\n", "");
    let run = t.build();
    let h = "content/decide/x.yaml:12:9: error: answer is missing `next`";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("add `next: <id>`"), "{}", run.stderr);
}

#[test]
fn link_to_a_missing_page_is_an_error_at_the_href() {
    let t = valid();
    t.replace(YAML, "ledger.md#compared", "ledgr.md#compared");
    let run = t.build();
    run.failure().only_headlines(&[
        "content/decide/x.yaml:32:15: error: link to a missing page `../foundations/ledgr.md#compared`",
    ]);
    assert!(run.stderr.contains("32 |         href: ../foundations/ledgr.md#compared"), "{}", run.stderr);
}

#[test]
fn link_to_a_missing_anchor_is_an_error_at_the_href() {
    let t = valid();
    t.replace(YAML, "ledger.md#compared", "ledger.md#compare");
    let run = t.build();
    let h = "content/decide/x.yaml:32:15: error: anchor `#compare` does not exist in content/foundations/ledger.md";
    run.failure().only_headlines(&[h]);
    assert!(run.block(h).contains("did you mean `#compared`?"), "{}", run.stderr);
    // `#anchor` alone is an anchor of the page that shows the tree.
    let t = valid();
    t.replace(YAML, "href: \"#before\"", "href: \"#after\"");
    t.build().failure().only_headlines(&[
        "content/decide/x.yaml:44:15: error: anchor `#after` does not exist in content/decide/choose.md",
    ]);
}

#[test]
fn link_with_an_unsupported_scheme_is_an_error() {
    let t = valid();
    t.replace(YAML, "href: https://example.org/ledgers", "href: javascript:alert(1)");
    t.build().failure().only_headlines(&[
        "content/decide/x.yaml:48:15: error: link `javascript:alert(1)` uses the unsupported scheme `javascript:`",
    ]);
}

#[test]
fn link_leading_outside_the_site_is_an_error() {
    // Like `link_leaving_the_site_is_an_error` for markdown links: the link must not
    // silently become a link to the home page.
    let t = valid();
    t.replace(YAML, "href: choose.md", "href: ../../../../etc/passwd.md");
    t.build().failure().only_headlines(&[
        "content/decide/x.yaml:46:15: error: link `../../../../etc/passwd.md` leads outside the site",
    ]);
}

#[test]
fn unknown_key_is_an_error_with_did_you_mean() {
    let t = valid();
    t.replace(YAML, "    help: Think", "    hepl: Think");
    let run = t.build();
    let h = "content/decide/x.yaml:19:5: error: unknown key `hepl` in question";
    run.failure().only_headlines(&[h]);
    let block = run.block(h);
    assert!(block.contains("did you mean `help`? Allowed keys here: id, group, question, help, answers"), "{block}");
}

#[test]
fn all_semantic_errors_of_a_tree_are_reported_together() {
    let t = SiteTest::new("kb/tree-broken");
    let run = t.build();
    run.failure().only_headlines(&[
        "content/decide/broken.yaml:8:15: error: answer \"A\" of `first` leads to unknown node `secnd`",
        "content/decide/broken.yaml:25:15: error: answers loop back to an earlier question: `loop-a` → `loop-b` → `loop-a`",
        "content/decide/broken.yaml:26:9: error: `empty` cannot be reached from the start node `first`",
        "content/decide/broken.yaml:28:5: error: question `empty` has no answers",
        "content/decide/broken.yaml:34:9: error: duplicate id `done`: already used on line 30",
        "content/decide/broken.yaml:38:9: error: `lonely` cannot be reached from the start node `first`",
    ]);
    run.stderr_has("Build failed: 6 error(s), 0 warning(s)");
    assert!(!t.exists("index.html"), "a failed build writes nothing");
}

#[test]
fn several_structural_errors_are_reported_together() {
    let t = valid();
    t.replace(YAML, "    help: Think", "    hepl: Think");
    t.replace(YAML, "        next: ledger\n", "");
    t.replace(YAML, "kind: caution", "kind: cautious");
    let run = t.build();
    let kind = "content/decide/x.yaml:36:11: error: invalid outcome kind `cautious`";
    run.failure().only_headlines(&[
        "content/decide/x.yaml:12:9: error: answer is missing `next`",
        "content/decide/x.yaml:18:5: error: unknown key `hepl` in question",
        kind,
    ]);
    assert!(run.block(kind).contains("did you mean `caution`?"), "{}", run.stderr);
}

#[test]
fn several_broken_links_are_reported_together() {
    let t = valid();
    t.replace(YAML, "ledger.md#compared", "ledgr.md#compared");
    t.replace(YAML, "href: choose.md", "href: chose.md");
    t.build().failure().only_headlines(&[
        "content/decide/x.yaml:32:15: error: link to a missing page `../foundations/ledgr.md#compared`",
        "content/decide/x.yaml:46:15: error: link to a missing page `chose.md`",
    ]);
}

#[test]
fn broken_links_are_reported_together_with_graph_errors() {
    // A graph problem (here a misspelt `next`) leaves the tree fully parsed, so its
    // links can still be checked: the author should see both problems in one run.
    let t = valid();
    t.replace(YAML, "        next: trust\n", "        next: trustt\n");
    t.replace(YAML, "ledger.md#compared", "ledgr.md#compared");
    t.build().failure().only_headlines(&[
        "content/decide/x.yaml:22:15: error: answer \"Yes\" of `shared` leads to unknown node `trustt`",
        "content/decide/x.yaml:32:15: error: link to a missing page `../foundations/ledgr.md#compared`",
    ]);
}

#[test]
fn errors_of_two_trees_are_reported_together() {
    let t = valid();
    t.replace(YAML, "        next: trust\n", "        next: trustt\n");
    crate::harness::copy_dir(
        &crate::harness::fixtures_dir().join("kb/tree-broken/content/decide"),
        &t.root().join("content/decide"),
    );
    let run = t.build();
    run.failure();
    assert_eq!(run.errors().len(), 7, "{}", run.stderr);
    run.headline("content/decide/x.yaml:22:15: error: answer \"Yes\" of `shared` leads to unknown node `trustt`");
    run.headline("content/decide/broken.yaml:34:9: error: duplicate id `done`: already used on line 30");
}

// ---------------------------------------------------- ids and deep links

#[test]
fn heading_ids_never_collide_with_the_tree_ids() {
    // `## Tree` would get the id `tree`, which the tree's own element already has.
    let t = valid();
    t.modify("content/decide/choose.md", |s| format!("{s}\n## Tree\n\nMore.\n\n## Tree ledger\n\nEven more.\n"));
    t.build().clean();
    let page = t.html(PAGE);
    let all = ids(&page);
    let mut seen = BTreeSet::new();
    let dups: Vec<&String> = all.iter().filter(|id| !seen.insert(*id)).collect();
    assert!(dups.is_empty(), "duplicate ids on the tree page: {dups:?}");
    assert_eq!(page.attrs("div.tree", "id"), ["tree"]);
    assert_eq!(page.attrs("section#tree-ledger", "data-node"), ["ledger"]);
}

#[test]
fn markdown_link_to_a_tree_node_resolves() {
    // `#tree-<node>` is an id of the tree page (the no-JavaScript view shows that node).
    let t = valid();
    t.modify("content/foundations/ledger.md", |s| {
        format!("{s}\nSee [the ledger result](../decide/choose.md#tree-ledger).\n")
    });
    t.build().clean();
    assert_eq!(
        t.html("foundations/ledger/index.html").attrs(".content p a", "href"),
        ["../../decide/choose/#tree-ledger"]
    );
    assert_links_resolve(&t.public(), "/");
}

#[test]
fn markdown_link_to_a_tree_result_by_its_answers_resolves() {
    // tree.js keeps the answers in the hash: `#tree=<node>.<answer index>,…`, so a link
    // can open the wizard at a result. The documented format must pass the link check.
    let t = valid();
    t.modify("content/foundations/ledger.md", |s| {
        format!("{s}\nSee [the ledger result](../decide/choose.md#tree=shared.0,trust.1).\n")
    });
    t.build().clean();
    assert_eq!(
        t.html("foundations/ledger/index.html").attrs(".content p a", "href"),
        ["../../decide/choose/#tree=shared.0,trust.1"]
    );
}

// ------------------------------------------------------------------ scale

/// A chain of `n` nodes: `n - 1` questions with one answer each, then one outcome.
fn chain(n: usize) -> String {
    let mut s = String::from("title: Chain\nstart: q0\nquestions:\n");
    for i in 0..n - 1 {
        let next = if i + 2 == n { "end".to_string() } else { format!("q{}", i + 1) };
        let _ =
            write!(s, "  - id: q{i}\n    question: Step {i}?\n    answers:\n      - label: Go\n        next: {next}\n");
    }
    s.push_str("outcomes:\n  - id: end\n    verdict: Done\n    kind: positive\n    explanation: End.\n");
    s
}

#[test]
fn ten_thousand_node_chain_builds_without_stack_overflow() {
    let t = valid();
    t.write(YAML, &chain(10_000));
    let run = t.build();
    run.clean();
    let page = t.html(PAGE);
    assert_eq!(page.count("section.tree-node"), 10_000);
    assert_eq!(page.count("section.tree-question"), 9_999);
    assert_eq!(page.attrs("section.tree-node[data-start]", "data-node"), ["q0"]);
    assert_eq!(page.attrs("#tree-q9998 a.tree-answer", "href"), ["#tree-end"]);
    let svg = parse_xml(&svg_of(&t, PAGE));
    assert_eq!(svg_nodes(&svg).len(), 10_000);
    // One node too many is refused, with the limit in the message.
    t.write(YAML, &chain(10_001));
    t.build()
        .failure()
        .only_headlines(&["content/decide/x.yaml: error: tree has too many nodes (10001; the limit is 10000)"]);
}

#[test]
fn a_tree_file_over_one_mebibyte_is_refused() {
    let t = valid();
    t.modify(YAML, |s| format!("{s}# {}\n", "x".repeat(1 << 20)));
    let run = t.build();
    run.failure();
    let e = run.errors();
    assert_eq!(e.len(), 1, "{}", run.stderr);
    assert!(e[0].starts_with("content/decide/x.yaml: error: tree file is too large ("), "{}", e[0]);
    assert!(e[0].ends_with("the limit is 1 MiB)"), "{}", e[0]);
}

#[test]
fn the_xml_check_rejects_what_it_should() {
    assert_eq!(parse_xml("<a><b x=\"&lt;1&#62;\">t&amp;u</b></a>")[1].attrs["x"], "<1>");
    assert_eq!(parse_xml("<a><b>t&amp;u&#x41;</b></a>")[1].text, "t&uA");
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a x=1/>",
        "<a x=\"<\"/>",
        "<a></a><b/>",
        "<a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
        "text<a/>",
    ] {
        let caught = std::panic::catch_unwind(|| parse_xml(bad));
        assert!(caught.is_err(), "accepted {bad}");
    }
}

#[test]
fn an_outcome_that_promises_a_next_step_without_a_link_is_a_warning_at_the_outcome() {
    let t = valid();
    t.modify(YAML, |s| {
        s.replace(
            "    explanation: Someone who has done it before can tell.\n",
            "    explanation: Someone who has done it before can tell; then continue to the next question.\n",
        )
    });
    let run = t.build();
    let h =
        "content/decide/x.yaml:51:5: warning: outcome `ask` promises a next step (\"continue to\") but links nowhere";
    run.success().only_headlines(&[h]);
    assert!(run.block(h).contains("add `links:`"), "{}", run.stderr);
    // With a link to go on, nothing to report.
    t.modify(YAML, |s| {
        s.replace(
            "then continue to the next question.\n",
            "then continue to the next question.\n    links:\n      - title: Go on\n        href: choose.md\n",
        )
    });
    t.build().clean();
}

#[test]
fn a_tree_page_offers_a_start_link_near_the_top() {
    let t = valid();
    t.build().clean();
    let page = t.html("decide/choose/index.html");
    assert_eq!(page.attrs(".tree-jump a", "href"), ["#tree__title"]);
    assert_eq!(page.count("#tree__title"), 1);
    // Before the prose, which comes before the tree.
    let html = t.read("decide/choose/index.html");
    assert!(html.find("tree-jump").unwrap() < html.find("class=\"content\"").unwrap());
    assert!(html.find("class=\"content\"").unwrap() < html.find("id=\"tree__title\"").unwrap());
}
