use std::fmt::Write as _;

use super::raw::strip_positions;
use super::svg::wrap;
use super::*;
use crate::html::escape_xml as escape;

const PATH: &str = "content/decide/t.yaml";

const VALID: &str = r#"title: Is blockchain an option?
start: shared-data
groups:
  - id: decentralization
    title: Decentralization
questions:
  - id: shared-data
    group: decentralization
    question: Do several parties need to read and write the same records?
    help: Optional one-paragraph explanation.
    answers:
      - label: "Yes"
        next: no-trusted-party
      - label: "No"
        next: use-a-database
  - id: no-trusted-party
    question: 'Is there no party that everyone trusts?'
    answers:
      - label: "Yes"
        next: maybe
      - label: "No"
        next: use-a-database
outcomes:
  - id: use-a-database
    verdict: Blockchain is not an option
    kind: negative
    explanation: A conventional database serves a single writer better.
    links:
      - title: Centralized databases compared
        href: ../foundations/what-is-a-blockchain.md#compared
      - title: External
        href: https://example.org/x
  - id: maybe
    verdict: Blockchain may be an option
    kind: caution
    explanation: |
      Go on to layer 2.

      Second paragraph.
"#;

fn errors(text: &str) -> Vec<Diagnostic> {
    match parse(PATH, text) {
        Ok(_) => panic!("expected errors"),
        Err(d) => d,
    }
}

fn one_error(text: &str) -> Diagnostic {
    let d = errors(text);
    assert_eq!(d.len(), 1, "{d:#?}");
    d.into_iter().next().unwrap()
}

fn headlines(d: &[Diagnostic]) -> Vec<String> {
    d.iter().map(Diagnostic::headline).collect()
}

#[test]
fn a_valid_tree_parses_with_lines_and_link_positions() {
    let t = parse(PATH, VALID).unwrap();
    assert_eq!(t.title, "Is blockchain an option?");
    assert_eq!(t.start, "shared-data");
    assert_eq!(t.groups, vec![Group { id: "decentralization".into(), title: "Decentralization".into() }]);
    assert_eq!(t.questions.len(), 2);
    assert_eq!(t.questions[0].line, 7);
    assert_eq!(t.questions[0].group.as_deref(), Some("decentralization"));
    assert_eq!(t.questions[1].question, "Is there no party that everyone trusts?");
    assert_eq!(t.questions[0].answers[1], Answer { label: "No".into(), next: "use-a-database".into() });
    assert_eq!(t.outcomes[0].kind, OutcomeKind::Negative);
    assert_eq!(t.outcomes[1].line, 33);
    let links = t.links();
    assert_eq!(links.len(), 2);
    assert_eq!((links[0].line, links[0].col), (30, 15));
    assert_eq!(links[0].href, "../foundations/what-is-a-blockchain.md#compared");
    assert_eq!((links[1].line, links[1].col), (32, 15));
}

/// A tree of the site's own content (in the generator's repository; the
/// fallback path is for the scratch crate this module was written in).
fn shipped_tree(name: &str) -> Option<(String, String)> {
    [env!("CARGO_MANIFEST_DIR"), "/work/main"].iter().find_map(|root| {
        let path = format!("{root}/content/decide/{name}.yaml");
        std::fs::read_to_string(&path).ok().map(|text| (path, text))
    })
}

#[test]
fn the_shipped_trees_parse() {
    for name in ["can-blockchain-add-value", "is-blockchain-an-option", "which-kind-of-blockchain"] {
        let Some((path, text)) = shipped_tree(name) else {
            continue;
        };
        if let Err(d) = parse(&path, &text) {
            panic!("{name}: {:#?}", headlines(&d));
        }
    }
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_fine() {
    let text = format!("\u{feff}{}", VALID.replace('\n', "\r\n"));
    let t = parse(PATH, &text).unwrap();
    assert_eq!(t.questions[1].line, 16);
    let d = one_error(&text.replace("start: shared-data", "start: nope"));
    assert_eq!((d.line, d.col), (2, 8));
}

#[test]
fn flow_style_and_quoted_ids_are_located() {
    let text = "title: T\nstart: \"a\"\nquestions:\n  - {id: 'a', question: Q?, answers: [{label: x, next: b}, {label: y, next: zz}]}\noutcomes:\n  - id: \"b\"\n    verdict: V\n    kind: neutral\n    explanation: E\n";
    let d = one_error(text);
    assert_eq!(d.headline(), format!("{PATH}:4:77: error: answer \"y\" of `a` leads to unknown node `zz`"));
}

#[test]
fn yaml_syntax_error_is_reported_with_position_and_hint() {
    let d = one_error("title: x\nstart: a\nquestions:\n  - id: a\n    question: \"unclosed\n");
    assert!(d.message.starts_with("YAML syntax error: "), "{}", d.message);
    assert!(d.line >= 5, "{d:?}");
    assert!(d.hint.as_deref().unwrap().contains("quotes"));
}

#[test]
fn unknown_key_is_reported_at_the_key_with_did_you_mean() {
    let text = VALID.replace("    help: Optional", "    hepl: Optional");
    let d = one_error(&text);
    assert_eq!(d.headline(), format!("{PATH}:10:5: error: unknown key `hepl` in question"));
    assert!(d.hint.as_deref().unwrap().starts_with("did you mean `help`?"), "{:?}", d.hint);
    assert_eq!(d.span_len, 4);
}

#[test]
fn unknown_top_level_key_is_reported() {
    let text = VALID.replace("groups:\n", "colour: red\ngroups:\n");
    let d = one_error(&text);
    assert_eq!(d.headline(), format!("{PATH}:3:1: error: unknown key `colour` in tree"));
    assert!(d.hint.as_deref().unwrap().contains("allowed keys here: title, start"), "{:?}", d.hint);
}

#[test]
fn several_structural_errors_are_reported_together() {
    let text = VALID
        .replace("    help: Optional", "    hepl: Optional")
        .replace("      - label: \"No\"\n        next: use-a-database\noutcomes", "      - label: \"No\"\noutcomes")
        .replace("kind: caution", "kind: cautious");
    let d = errors(&text);
    assert_eq!(
        headlines(&d),
        vec![
            format!("{PATH}:10:5: error: unknown key `hepl` in question"),
            format!("{PATH}:21:9: error: answer is missing `next`"),
            format!("{PATH}:34:11: error: invalid outcome kind `cautious`"),
        ]
    );
    assert_eq!(d[1].hint.as_deref(), Some("add `next: <id>` naming the question or outcome this answer leads to"));
    assert_eq!(d[2].hint.as_deref(), Some("did you mean `caution`? Use one of: positive, negative, caution, neutral"));
}

#[test]
fn answer_without_label_is_reported() {
    let text = VALID.replace(
        "      - label: \"No\"\n        next: use-a-database\n  - id: no",
        "      - next: use-a-database\n  - id: no",
    );
    let d = one_error(&text);
    assert_eq!(d.headline(), format!("{PATH}:14:9: error: answer is missing `label`"));
    assert_eq!(d.hint.as_deref(), Some("add `label: \"…\"`, the text of the answer"));
}

#[test]
fn wrong_type_is_reported_with_the_key() {
    let text = VALID.replace(
            "    answers:\n      - label: \"Yes\"\n        next: maybe\n      - label: \"No\"\n        next: use-a-database\n",
            "    answers: maybe\n",
        );
    let d = one_error(&text);
    assert_eq!(
        d.headline(),
        format!("{PATH}:18:14: error: wrong type for `answers` in question: string \"maybe\", expected a sequence")
    );
    assert_eq!(d.hint.as_deref(), Some("write a list, one `- ` item per line"));
    let d = one_error(&VALID.replace("  - id: maybe\n", "  - just text\n  - id: maybe\n"));
    assert_eq!(
        d.headline(),
        format!("{PATH}:33:5: error: wrong type for an outcome: string \"just text\", expected a mapping")
    );
    assert_eq!(d.hint.as_deref(), Some("write `key: value` lines, indented under the list item"));
    let d = one_error(&VALID.replace("kind: negative", "kind: [negative]"));
    assert_eq!(
            d.headline(),
            format!("{PATH}:26:11: error: wrong type for `kind` in outcome: sequence, expected one of positive, negative, caution, neutral")
        );
}

#[test]
fn duplicate_key_points_at_the_second_one() {
    let text = VALID.replace("    verdict: Blockchain may", "    kind: caution\n    verdict: Blockchain may");
    let d = one_error(&text);
    assert_eq!(d.headline(), format!("{PATH}:36:5: error: key `kind` appears twice in outcome"));
}

#[test]
fn invalid_outcome_kind_is_reported() {
    let d = one_error(&VALID.replace("kind: negative", "kind: bad"));
    assert_eq!(d.headline(), format!("{PATH}:26:11: error: invalid outcome kind `bad`"));
    assert_eq!(d.hint.as_deref(), Some("use one of: positive, negative, caution, neutral"));
}

#[test]
fn answer_to_unknown_node_is_reported_with_line_and_hint() {
    let d = one_error(&VALID.replace("next: maybe", "next: mabye"));
    assert_eq!(
        d.headline(),
        format!("{PATH}:20:15: error: answer \"Yes\" of `no-trusted-party` leads to unknown node `mabye`")
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `maybe`?"));
    assert_eq!(d.span_len, 5);
    let r = d.render();
    assert!(r.contains("next: mabye"), "{r}");
}

#[test]
fn answer_to_far_unknown_node_explains_next() {
    let text = VALID.replace("next: maybe", "next: zzz").replace("next: no-trusted-party", "next: maybe");
    let d = errors(&text);
    let unknown: Vec<_> = d.iter().filter(|d| d.message.contains("unknown node")).collect();
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].hint.as_deref(), Some("`next` must be the id of a question or an outcome in this file"));
}

#[test]
fn duplicate_id_names_both_lines() {
    let text = VALID.replace("  - id: maybe\n", "  - id: use-a-database\n");
    let d = errors(&text);
    assert_eq!(
        headlines(&d),
        vec![
            format!("{PATH}:20:15: error: answer \"Yes\" of `no-trusted-party` leads to unknown node `maybe`"),
            format!("{PATH}:33:9: error: duplicate id `use-a-database`: already used on line 24"),
        ]
    );
    assert!(d[1].hint.as_deref().unwrap().contains("unique across questions and outcomes"));
}

#[test]
fn start_that_names_no_node_is_reported() {
    let d = one_error(&VALID.replace("start: shared-data", "start: shared-dat"));
    assert_eq!(d.headline(), format!("{PATH}:2:8: error: start node `shared-dat` does not exist"));
    assert_eq!(d.hint.as_deref(), Some("did you mean `shared-data`?"));
}

#[test]
fn question_without_answers_is_reported() {
    let text = VALID.replace(
            "    answers:\n      - label: \"Yes\"\n        next: maybe\n      - label: \"No\"\n        next: use-a-database\n",
            "    answers: []\n",
        );
    let d = errors(&text);
    assert_eq!(
        headlines(&d),
        vec![
            format!("{PATH}:18:5: error: question `no-trusted-party` has no answers"),
            format!("{PATH}:29:9: error: `maybe` cannot be reached from the start node `shared-data`"),
        ]
    );
    assert_eq!(d[0].hint.as_deref(), Some("add `answers:` with at least one `- label: …` / `next: …` item"));
    assert_eq!(d[1].hint.as_deref(), Some("make an answer's `next` lead to `maybe`, or remove it"));
}

#[test]
fn unreachable_node_is_reported() {
    let text = format!("{VALID}  - id: orphan\n    verdict: Nobody gets here\n    kind: neutral\n    explanation: x\n");
    let d = one_error(&text);
    assert_eq!(
        d.headline(),
        format!("{PATH}:40:9: error: `orphan` cannot be reached from the start node `shared-data`")
    );
}

#[test]
fn cycle_is_reported_with_its_nodes() {
    let text = VALID.replace("next: maybe", "next: shared-data").replace(
        "      - label: \"No\"\n        next: use-a-database\noutcomes",
        "      - label: \"No\"\n        next: maybe\noutcomes",
    );
    let d = one_error(&text);
    assert_eq!(
            d.headline(),
            format!("{PATH}:20:15: error: answers loop back to an earlier question: `shared-data` → `no-trusted-party` → `shared-data`")
        );
    assert!(d.hint.as_deref().unwrap().starts_with("a tree must always move forward"));
}

#[test]
fn self_loop_is_a_cycle() {
    let text = VALID.replace("next: maybe", "next: no-trusted-party").replace(
        "      - label: \"No\"\n        next: use-a-database\noutcomes",
        "      - label: \"No\"\n        next: maybe\noutcomes",
    );
    let d = one_error(&text);
    assert_eq!(
        d.headline(),
        format!(
            "{PATH}:20:15: error: answers loop back to an earlier question: `no-trusted-party` → `no-trusted-party`"
        )
    );
}

#[test]
fn undeclared_group_is_reported() {
    let d = one_error(&VALID.replace("    group: decentralization", "    group: decentralisation"));
    assert_eq!(
        d.headline(),
        format!("{PATH}:8:12: error: question `shared-data` uses group `decentralisation`, which is not declared")
    );
    assert_eq!(d.hint.as_deref(), Some("did you mean `decentralization`? Otherwise declare it under `groups:`"));
}

#[test]
fn invalid_ids_are_reported() {
    let text = VALID.replace("maybe", "Maybe_Not");
    let d = errors(&text);
    assert_eq!(
        headlines(&d),
        vec![format!(
            "{PATH}:33:9: error: invalid id `Maybe_Not`: ids may contain only lowercase letters a-z, digits and `-`"
        )]
    );
    assert_eq!(d[0].hint.as_deref(), Some("write it as `maybe-not`"));
}

#[test]
fn unsupported_link_scheme_is_reported() {
    let d = one_error(&VALID.replace("href: https://example.org/x", "href: javascript:alert(1)"));
    assert_eq!(
        d.headline(),
        format!("{PATH}:32:15: error: link `javascript:alert(1)` uses the unsupported scheme `javascript:`")
    );
}

#[test]
fn script_links_are_recognized_through_disguises() {
    for (yaml, shown, scheme) in [
        ("\" javascript:alert(1)\"", " javascript:alert(1)", "javascript"),
        ("\"java\\tscript:alert(1)\"", "java\\tscript:alert(1)", "javascript"),
        ("\"\\x01javascript:alert(1)\"", "\\u{1}javascript:alert(1)", "javascript"),
        ("JaVaScRiPt:alert(1)", "JaVaScRiPt:alert(1)", "javascript"),
        ("vbscript:msgbox(1)", "vbscript:msgbox(1)", "vbscript"),
        ("\"data:text/html,<b>x</b>\"", "data:text/html,<b>x</b>", "data"),
    ] {
        let d = one_error(&VALID.replace("href: https://example.org/x", &format!("href: {yaml}")));
        assert_eq!(
            d.headline(),
            format!("{PATH}:32:15: error: link `{shown}` uses the unsupported scheme `{scheme}:`"),
            "{yaml}"
        );
    }
}

#[test]
fn empty_label_is_reported() {
    let d = one_error(&VALID.replace(
        "label: \"No\"\n        next: use-a-database\n  - id: no",
        "label: \"\"\n        next: use-a-database\n  - id: no",
    ));
    assert_eq!(d.headline(), format!("{PATH}:14:16: error: `label` of an answer of `shared-data` is empty"));
}

#[test]
fn all_semantic_problems_are_reported_at_once() {
    let text = VALID
        .replace("start: shared-data", "start: nowhere")
        .replace("next: maybe", "next: mabye")
        .replace("group: decentralization", "group: other");
    let d = errors(&text);
    assert_eq!(d.len(), 3, "{:#?}", headlines(&d));
}

#[test]
fn empty_and_oversized_files_are_refused() {
    assert_eq!(one_error("  \n").message, "tree file is empty");
    let big = format!("title: x\n# {}\n", "x".repeat(MAX_BYTES));
    let d = one_error(&big);
    assert!(d.message.starts_with("tree file is too large ("), "{}", d.message);
    assert_eq!(d.location(), PATH);
}

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
fn ten_thousand_node_chain_validates_without_stack_overflow() {
    let text = chain(MAX_NODES);
    let t = parse(PATH, &text).unwrap();
    assert_eq!(t.questions.len() + t.outcomes.len(), MAX_NODES);
    assert_eq!(t.questions[9_998].line, 3 + 9_998 * 5 + 1);
    // A cycle at the end of a long chain is still found, iteratively.
    let looped = chain(3_000).replace("next: end", "next: q0");
    let d = errors(&looped);
    assert!(d.iter().any(|d| d.message.starts_with("answers loop back") && d.message.contains('…')));
    let svg = t.render_svg(&Words::english());
    assert_eq!(svg.matches("<g class=\"node ").count(), MAX_NODES);
}

#[test]
fn many_unreachable_nodes_are_summed_up_after_fifty() {
    let text = chain(200).replacen("next: q1\n", "next: end\n", 1);
    let d = errors(&text);
    assert_eq!(d.len(), MAX_UNREACHABLE_ERRORS + 1);
    assert_eq!(
        d[MAX_UNREACHABLE_ERRORS].message,
        "148 more nodes cannot be reached from the start node `q0`, starting with `q51`"
    );
}

#[test]
fn more_than_ten_thousand_nodes_are_refused() {
    let d = one_error(&chain(MAX_NODES + 1));
    assert_eq!(d.message, "tree has too many nodes (10001; the limit is 10000)");
}

#[test]
fn alias_bomb_is_refused_quickly() {
    let mut bomb =
        String::from("title: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let mut prev = 'a';
    for c in 'b'..='i' {
        let _ = writeln!(bomb, "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]");
        prev = c;
    }
    let started = std::time::Instant::now();
    assert!(parse(PATH, &bomb).is_err());
    // An alias bomb where a list is expected, too.
    let bomb2 = format!("{}questions: *i\n", bomb.replacen("title:", "start: x\nx:", 1));
    assert!(parse(PATH, &bomb2).is_err());
    let as_value: Result<serde_yaml::Value, _> = serde_yaml::from_str(&bomb);
    assert!(as_value.unwrap_err().to_string().contains("repetition limit exceeded"));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    let deep = format!("title: x\nquestions: {}{}\n", "[".repeat(400_000), "]".repeat(400_000));
    let started = std::time::Instant::now();
    let d = one_error(&deep);
    assert_eq!(d.message, "brackets are nested too deeply (more than 64 levels)");
    assert_eq!((d.line, d.col), (2, 76));
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let mut block = String::from("title: x\nquestions:\n");
    for i in 0..300 {
        let _ = writeln!(block, "{}- ", " ".repeat(2 + i));
    }
    assert!(parse(PATH, &block).is_err());
}

#[test]
fn brackets_and_quotes_in_text_do_not_confuse_the_outline() {
    let text = VALID
        .replace("help: Optional one-paragraph explanation.", "help: See [1 and it's {odd} \"really\" # not a comment")
        .replace("next: maybe", "next: mabye");
    let d = one_error(&text);
    assert_eq!(d.line, 20);
    let text = VALID.replace(
        "    help: Optional one-paragraph explanation.\n",
        "    help: |\n      next: decoy\n      [[[[\n    # comment\n",
    );
    let t = parse(PATH, &text).unwrap();
    assert!(t.questions[0].help.as_deref().unwrap().contains("[[[["));
    let d = errors(&text.replace("next: no-trusted-party", "next: nope"));
    assert_eq!(d[0].line, 16);
    assert_eq!(d[0].col, 15);
}

fn hostile_tree() -> Tree {
    let text = VALID
        .replace(
            "label: \"Yes\"\n        next: no-trusted",
            "label: \"<img src=x onerror=alert(1)>\"\n        next: no-trusted",
        )
        .replace("title: Is blockchain an option?", "title: \"</h2><script>alert('t')</script>\"")
        .replace("verdict: Blockchain is not an option", "verdict: \"\\\" onmouseover=\\\"alert(1)\"")
        .replace("title: External", "title: \"a & b <b>\"");
    parse(PATH, &text).unwrap()
}

#[test]
fn html_escapes_hostile_labels_and_attributes() {
    let t = hostile_tree();
    let html = t.render_html("t1", &|h| format!("/x/{h}\"><script>"), &Words::english());
    assert!(!html.contains("<img"), "{html}");
    assert!(!html.contains("<script"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;</a>"), "{html}");
    assert!(html.contains("&quot; onmouseover=&quot;alert(1)"), "{html}");
    assert!(html.contains("a &amp; b &lt;b&gt;"));
    assert!(html.contains("href=\"/x/https://example.org/x&quot;&gt;&lt;script&gt;\""));
    assert!(html.contains("&#39;t&#39;"));
}

#[test]
fn html_has_one_section_per_node_and_answers_link_to_existing_anchors() {
    let t = parse(PATH, VALID).unwrap();
    let html = t.render_html("tree-x", &|h| format!("/resolved/{h}"), &Words::english());
    assert!(html.starts_with("<div class=\"tree\" data-tree data-start=\"shared-data\" id=\"tree-x\">"));
    assert_eq!(html.matches("<section class=\"tree-node").count(), 4);
    let ids: Vec<&str> = html.split(" id=\"").skip(1).filter_map(|s| s.split('"').next()).collect();
    for href in html.split("href=\"#").skip(1).filter_map(|s| s.split('"').next()) {
        assert!(ids.contains(&href), "{href} not in {ids:?}");
    }
    assert_eq!(html.matches("class=\"tree-answer\"").count(), 4);
    assert!(html.contains("<a href=\"#tree-x-maybe\" class=\"tree-answer\" data-next=\"maybe\">Yes</a>"));
    assert!(html.contains("id=\"tree-x-shared-data\" data-node=\"shared-data\" data-start tabindex=\"-1\" aria-labelledby=\"tree-x-shared-data__h\""));
    assert!(html.contains("<h3 class=\"tree-heading\" id=\"tree-x-shared-data__h\" tabindex=\"-1\">"));
    assert!(html.contains("class=\"tree-node tree-outcome tree-outcome--negative\""));
    assert!(html.contains("<p class=\"tree-kind\">Negative outcome</p>"));
    assert!(html.contains("<a href=\"/resolved/../foundations/what-is-a-blockchain.md#compared\">"));
    assert_eq!(html.matches("class=\"tree-restart\">Start again</a>").count(), 2);
    assert!(html.contains(
        "<p class=\"tree-explanation\">Go on to layer 2.</p>\n<p class=\"tree-explanation\">Second paragraph.</p>"
    ));
    assert!(html.contains("<p class=\"tree-group\">Decentralization</p>"));
    assert!(html.contains("<h2 class=\"tree-title\" id=\"tree-x__title\">Is blockchain an option?</h2>"));
    // Sections are balanced.
    assert_eq!(html.matches("<section").count(), html.matches("</section>").count());
}

/// Checks that an entity reference starting at `s` (after `&`) is one XML knows.
fn entity_len(s: &str) -> Result<usize, String> {
    let end = s.find(';').ok_or_else(|| format!("unterminated entity in {s:.20}"))?;
    let name = &s[..end];
    let ok = matches!(name, "amp" | "lt" | "gt" | "quot" | "apos")
        || name.strip_prefix("#x").is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || name.strip_prefix('#').is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(end + 1)
    } else {
        Err(format!("bad entity &{name};"))
    }
}

fn check_chars(s: &str) -> Result<(), String> {
    let mut i = 0;
    while let Some(at) = s[i..].find(['&', '<']) {
        let at = i + at;
        if s[at..].starts_with('<') {
            return Err(format!("raw < in {:.40}", &s[at..]));
        }
        i = at + 1 + entity_len(&s[at + 1..])?;
    }
    if let Some(c) = s.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')) {
        return Err(format!("control character {c:?}"));
    }
    Ok(())
}

/// An element's name and attributes.
type Tag = (String, Vec<(String, String)>);

/// A small XML well-formedness check (elements, attributes, entities, text):
/// enough for generated SVG, without a dependency. Returns the start tags with
/// their attributes (values still escaped).
fn check_xml(xml: &str) -> Result<Vec<Tag>, String> {
    let is_name = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.');
    let mut stack: Vec<String> = Vec::new();
    let mut tags = Vec::new();
    let mut roots = 0;
    let mut rest = xml;
    loop {
        let Some(lt) = rest.find('<') else {
            check_chars(rest)?;
            if !rest.trim().is_empty() && stack.is_empty() {
                return Err("text after the root element".into());
            }
            break;
        };
        let text = &rest[..lt];
        check_chars(text)?;
        if stack.is_empty() && !text.trim().is_empty() {
            return Err("text outside the root element".into());
        }
        rest = &rest[lt + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            let end = after.find('>').ok_or("unterminated end tag")?;
            let name = after[..end].trim_end();
            match stack.pop() {
                Some(open) if open == name => {}
                other => return Err(format!("</{name}> closes {other:?}")),
            }
            rest = &after[end + 1..];
            continue;
        }
        let name_len = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
        if name_len == 0 {
            return Err(format!("bad tag at {:.30}", rest));
        }
        let name = rest[..name_len].to_string();
        rest = &rest[name_len..];
        let mut attrs: Vec<(String, String)> = Vec::new();
        let self_closing = loop {
            let trimmed = rest.trim_start();
            let had_space = trimmed.len() < rest.len();
            rest = trimmed;
            if let Some(r) = rest.strip_prefix("/>") {
                rest = r;
                break true;
            }
            if let Some(r) = rest.strip_prefix('>') {
                rest = r;
                break false;
            }
            if !had_space {
                return Err(format!("missing space before attribute in <{name}"));
            }
            let an = rest.find(|c: char| !is_name(c)).unwrap_or(rest.len());
            if an == 0 {
                return Err(format!("bad attribute in <{name}: {:.30}", rest));
            }
            let key = rest[..an].to_string();
            rest = rest[an..].strip_prefix('=').ok_or(format!("attribute {key} without value"))?;
            let q = rest.chars().next().filter(|c| *c == '"' || *c == '\'').ok_or("unquoted attribute")?;
            let close = rest[1..].find(q).ok_or("unterminated attribute")?;
            let value = &rest[1..1 + close];
            check_chars(value)?;
            if attrs.iter().any(|(k, _)| *k == key) {
                return Err(format!("duplicate attribute {key} in <{name}"));
            }
            attrs.push((key, value.to_string()));
            rest = &rest[close + 2..];
        };
        if stack.is_empty() {
            roots += 1;
        }
        tags.push((name.clone(), attrs));
        if !self_closing {
            stack.push(name);
        }
    }
    if !stack.is_empty() || roots != 1 {
        return Err(format!("unclosed {stack:?} or {roots} root elements"));
    }
    Ok(tags)
}

/// The `data-node` of every `<g>`.
fn svg_nodes(svg: &str) -> Vec<String> {
    let tags = check_xml(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"));
    tags.into_iter()
        .filter(|(name, _)| name == "g")
        .filter_map(|(_, attrs)| attrs.into_iter().find(|(k, _)| k == "data-node").map(|(_, v)| v))
        .collect()
}

#[test]
fn the_xml_check_rejects_what_it_should() {
    assert!(check_xml("<a><b/></a>").is_ok());
    for bad in [
        "<a><b></a></b>",
        "<a>x & y</a>",
        "<a x=1/>",
        "<a x=\"<\"/>",
        "<a></a><b/>",
        "<a>",
        "<a x=\"1\" x=\"2\"/>",
        "<a>&nbsp;</a>",
    ] {
        assert!(check_xml(bad).is_err(), "{bad}");
    }
}

#[test]
fn svg_is_well_formed_and_contains_every_node() {
    for t in [parse(PATH, VALID).unwrap(), hostile_tree()] {
        let svg = t.render_svg(&Words::english());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tree-svg\" viewBox=\"0 0 "));
        assert!(
            !svg.contains(" width=\"100") && svg.contains("role=\"img\"") && svg.contains("aria-label=\"Flowchart")
        );
        let nodes = svg_nodes(&svg);
        let mut expected: Vec<String> =
            t.questions.iter().map(|q| q.id.clone()).chain(t.outcomes.iter().map(|o| o.id.clone())).collect();
        assert_eq!(svg.matches("<g class=\"node ").count(), expected.len());
        let mut got = nodes.clone();
        got.sort();
        expected.sort();
        assert_eq!(got, expected);
        for q in &t.questions {
            assert!(svg.contains(&escape(&format!("Question: {}", q.question))));
        }
        for o in &t.outcomes {
            assert!(svg.contains(&escape(&o.verdict)));
            assert!(svg.contains(&format!("kind-{}", o.kind.as_str())));
        }
        assert!(svg.contains("node-start"));
    }
}

/// The page's script marks the reader's route on the inlined diagram by these
/// attributes: every answer's edge and label names its question and index (once), and
/// the diagram has a description and a dark palette of its own.
#[test]
fn svg_edges_and_labels_name_their_question_and_answer() {
    for t in [parse(PATH, VALID).unwrap(), hostile_tree()] {
        let svg = t.render_svg(&Words::english());
        let tags = check_xml(&svg).unwrap();
        let keyed = |class: &str| -> Vec<String> {
            let mut v: Vec<String> = tags
                .iter()
                .filter(|(name, attrs)| name == "g" && attrs.iter().any(|(k, v)| k == "class" && v == class))
                .map(|(_, attrs)| {
                    let get = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.clone()).unwrap();
                    format!("{}.{}", get("data-from"), get("data-answer"))
                })
                .collect();
            v.sort();
            v
        };
        let mut expected: Vec<String> = t
            .questions
            .iter()
            .flat_map(|q| (0..q.answers.len()).map(move |j| format!("{}.{j}", escape(&q.id))))
            .collect();
        expected.sort();
        assert_eq!(keyed("edge"), expected);
        assert_eq!(keyed("edge-label"), expected);
        assert!(svg.contains("<desc>The same questions and outcomes are listed on the page as text.</desc>"));
        // The dark palette applies with the system's setting unless the page chose light,
        // and with the page's switch set to dark; the light one needs no stylesheet.
        assert!(svg.contains("@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]) .ts-bg{"));
        assert!(svg.contains(":root[data-theme=\"dark\"] .ts-bg{"));
        assert!(svg.contains("<rect class=\"ts-bg\" x=\"0\" y=\"0\""));
    }
}

#[test]
fn svg_of_the_shipped_trees_is_well_formed() {
    for name in ["can-blockchain-add-value", "is-blockchain-an-option", "which-kind-of-blockchain"] {
        let Some((path, text)) = shipped_tree(name) else {
            continue;
        };
        let t = parse(&path, &text).unwrap();
        let nodes = svg_nodes(&t.render_svg(&Words::english()));
        assert_eq!(nodes.len(), t.questions.len() + t.outcomes.len());
    }
}

/// `(x, y, w, h)` of every `<rect …>` in `svg` between `from` and `to`.
fn rects(svg: &str, from: &str, to: &str) -> Vec<[f64; 4]> {
    let start = svg.find(from).unwrap_or(0);
    let end = svg[start..].find(to).map_or(svg.len(), |e| start + e);
    let attr = |tag: &str, name: &str| -> f64 {
        let k = format!(" {name}=\"");
        let i = tag.find(&k).unwrap() + k.len();
        tag[i..i + tag[i..].find('"').unwrap()].parse().unwrap()
    };
    svg[start..end]
        .split("<rect ")
        .skip(1)
        .map(|rest| {
            let tag = format!(" {}", &rest[..rest.find('>').unwrap_or(rest.len())]);
            [attr(&tag, "x"), attr(&tag, "y"), attr(&tag, "width"), attr(&tag, "height")]
        })
        .collect()
}

#[test]
fn edge_labels_of_the_shipped_trees_overlap_neither_each_other_nor_boxes() {
    let overlap = |a: &[f64; 4], b: &[f64; 4]| {
        a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3]
    };
    for name in ["can-blockchain-add-value", "is-blockchain-an-option", "which-kind-of-blockchain"] {
        let Some((path, text)) = shipped_tree(name) else {
            continue;
        };
        let svg = parse(&path, &text).unwrap().render_svg(&Words::english());
        let labels = rects(&svg, "<g class=\"edge-labels\">", "</svg>");
        let boxes = rects(&svg, "<g class=\"nodes\">", "<g class=\"edge-labels\">");
        assert!(!labels.is_empty() && !boxes.is_empty(), "{name}");
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!overlap(a, b), "{name}: labels at {a:?} and {b:?} overlap");
            }
            for b in &boxes {
                assert!(!overlap(a, b), "{name}: label at {a:?} covers the box at {b:?}");
            }
        }
    }
}

#[test]
fn wrap_keeps_every_word_and_cuts_long_ones() {
    assert_eq!(wrap("aaa bbb ccc", 7), vec!["aaa bbb", "ccc"]);
    assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    assert_eq!(wrap("", 4), vec![""]);
}

#[test]
fn syntax_messages_lose_repeated_positions() {
    assert_eq!(
        strip_positions(
            "did not find expected key at line 3 column 5, while parsing a block mapping at line 1 column 1"
        ),
        "did not find expected key, while parsing a block mapping"
    );
    assert_eq!(strip_positions("odd at line x"), "odd at line x");
}

#[test]
fn the_mirrored_flowchart_is_the_flowchart_flipped_left_to_right() {
    for name in ["can-blockchain-add-value", "is-blockchain-an-option", "which-kind-of-blockchain"] {
        let Some((path, text)) = shipped_tree(name) else {
            continue;
        };
        let t = parse(&path, &text).unwrap();
        let (ltr, rtl) = (t.render_svg(&Words::english()), t.render_svg_rtl(&Words::english()));
        let width: f64 = {
            let v = &ltr[ltr.find("viewBox=\"0 0 ").unwrap() + 13..];
            v[..v.find(' ').unwrap()].parse().unwrap()
        };
        let boxes = |svg: &str| rects(svg, "<g class=\"nodes\">", "<g class=\"edge-labels\">");
        let (a, b) = (boxes(&ltr), boxes(&rtl));
        assert_eq!(a.len(), b.len(), "{name}");
        for (l, r) in a.iter().zip(&b) {
            // Same row and size; the box's right edge is where its left edge was, from the other side.
            assert_eq!((l[1], l[2], l[3]), (r[1], r[2], r[3]), "{name}");
            assert!((width - (l[0] + l[2]) - r[0]).abs() < 0.11, "{name}: {l:?} mirrored is {r:?} (width {width})");
        }
        assert_eq!(svg_nodes(&rtl), svg_nodes(&ltr), "{name}: the same nodes in the same order");
    }
}

#[test]
fn flowchart_labels_are_wrapped_whole_never_cut() {
    let between = |s: &str, a: &str, b: &str| -> String {
        let start = s.find(a).map(|i| i + a.len()).unwrap_or(0);
        s[start..].split(b).next().unwrap_or("").to_string()
    };
    for name in ["can-blockchain-add-value", "is-blockchain-an-option", "which-kind-of-blockchain"] {
        let Some((path, text)) = shipped_tree(name) else {
            continue;
        };
        let t = parse(&path, &text).unwrap();
        let svg = t.render_svg(&Words::english());
        assert!(!svg.contains('…'), "{name}: a label is cut short");
        let labels: Vec<&str> = svg.split("<g class=\"edge-label\" ").skip(1).collect();
        assert!(!labels.is_empty());
        for g in labels {
            let title = between(g, "<title>", "</title>");
            let lines: Vec<String> = g.split("<tspan").skip(1).map(|t| between(t, ">", "</tspan>")).collect();
            assert_eq!(lines.join(" "), title, "{name}");
        }
        // A group title above a question is whole too (wrapped over lines).
        for g in &t.groups {
            let words = g.title.split_whitespace().last().unwrap();
            assert!(svg.contains(&crate::html::escape(words)), "{name}: {} is cut", g.title);
        }
    }
}

#[test]
fn html_shows_the_route_to_a_node_only_one_route_reaches() {
    let t = parse(PATH, VALID).unwrap();
    let html = t.render_html("tree-x", &|h| h.to_string(), &Words::english());
    let section = |id: &str| {
        let at = html.find(&format!("id=\"tree-x-{id}\"")).unwrap();
        html[at..].split("</section>").next().unwrap().to_string()
    };
    // The start: no route; `no-trusted-party`: one answer; `maybe`: two answers.
    assert!(!section("shared-data").contains("tree-route"));
    assert!(section("no-trusted-party").contains(" data-route=\"shared-data.0\""));
    assert!(section("no-trusted-party").contains(
        "<p id=\"tree-x-no-trusted-party__route\" class=\"tree-route__title\">How you got here</p><ol class=\"tree-route__list\">\n\
         <li><a href=\"#tree-x-shared-data\">Do several parties need to read and write the same records?</a> <strong>Yes</strong></li>\n</ol></nav>"
    ));
    let maybe = section("maybe");
    assert!(maybe.contains(" data-route=\"shared-data.0,no-trusted-party.0\""), "{maybe}");
    assert_eq!(maybe.matches("<li><a href=\"#tree-x-").count(), 2, "{maybe}");
    assert!(maybe.contains("Is there no party that everyone trusts?</a> <strong>Yes</strong>"));
    // Two routes lead to `use-a-database` (either "No"): no route is shown.
    assert!(!section("use-a-database").contains("tree-route"));
    assert!(!section("use-a-database").contains("data-route"));
    // Two answers of one question to the same node are two routes as well.
    let t =
        parse(PATH, &VALID.replace("        next: use-a-database\noutcomes", "        next: maybe\noutcomes")).unwrap();
    let html = t.render_html("tree-x", &|h| h.to_string(), &Words::english());
    let maybe = html.split("id=\"tree-x-maybe\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(!maybe.contains("tree-route"), "{maybe}");
    let db = html.split("id=\"tree-x-use-a-database\"").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(db.contains(" data-route=\"shared-data.1\""), "{db}");
}

#[test]
fn a_link_to_a_state_of_the_tree_goes_to_the_node_it_leads_to() {
    let text = VALID.replace(
        "        href: https://example.org/x\n",
        "        href: https://example.org/x\n      - title: Continue\n        href: \"#tree-x=shared-data.0\"\n      \
         - title: Broken\n        href: \"#tree-x=shared-data.0,maybe.0\"\n",
    );
    let t = parse(PATH, &text).unwrap();
    let html = t.render_html("tree-x", &|h| format!("/resolved/{h}"), &Words::english());
    // Without the script the link shows the question; tree.js puts the whole state back.
    assert!(
        html.contains("<li><a href=\"#tree-x-no-trusted-party\" data-tree-state=\"shared-data.0\">Continue</a></li>"),
        "{html}"
    );
    // A state that does not replay (an outcome has no answers) is left to the resolver.
    assert!(html.contains("<li><a href=\"/resolved/#tree-x=shared-data.0,maybe.0\">Broken</a></li>"), "{html}");
}

/// Words unlike the English ones, with characters the escaper must handle.
fn other_words() -> Words {
    Words {
        positive: "Favorable".into(),
        negative: "Défavorable & <non>".into(),
        caution: "Prudence 'oui'".into(),
        neutral: "Résultat".into(),
        read_more: "Pour aller plus loin".into(),
        start_again: "Recommencer".into(),
        route: "Votre parcours".into(),
        question: "Q \"x\"".into(),
        flowchart: "Organigramme".into(),
        flowchart_desc: "Le même arbre, en texte.".into(),
    }
}

#[test]
fn the_tree_is_written_in_the_words_given_and_its_own_text_as_written() {
    // Authored text that looks like the engine's English words stays as written.
    let text = VALID
        .replace(
            "label: \"No\"\n        next: use-a-database\n  - id: no",
            "label: \"Question: no\"\n        next: use-a-database\n  - id: no",
        )
        .replace("verdict: Blockchain is not an option", "verdict: OUTCOME");
    let t = parse(PATH, &text).unwrap();
    let words = other_words();
    let html = t.render_html("tree-x", &|h| h.to_string(), &words);
    for want in [
        "<p class=\"tree-kind\">Défavorable &amp; &lt;non&gt;</p>",
        "<p class=\"tree-kind\">Prudence &#39;oui&#39;</p>",
        "<h4 class=\"tree-links-title\">Pour aller plus loin</h4>",
        "class=\"tree-restart\">Recommencer</a>",
        "class=\"tree-route__title\">Votre parcours</p>",
        "id=\"tree-x-use-a-database__h\" tabindex=\"-1\">OUTCOME</h3>",
    ] {
        assert!(html.contains(want), "{want} not in {html}");
    }
    for (svg, rtl) in [(t.render_svg(&words), false), (t.render_svg_rtl(&words), true)] {
        for want in [
            "aria-label=\"Organigramme: Is blockchain an option?\"",
            "<desc>Le même arbre, en texte.</desc>",
            // Upper-cased, then escaped.
            ">DÉFAVORABLE &amp; &lt;NON&gt;<",
            ">PRUDENCE &#39;OUI&#39;<",
            "<title>Défavorable &amp; &lt;non&gt;: OUTCOME</title>",
            "<title>Q &quot;x&quot;: Do several parties need to read and write the same records?</title>",
            "<title>Question: no</title>",
            ">OUTCOME</tspan>",
        ] {
            assert!(svg.contains(want), "rtl {rtl}: {want} not in {svg}");
        }
    }
    let english = Words::english();
    let all = format!("{html}{}{}", t.render_svg(&words), t.render_svg_rtl(&words));
    for word in [&english.negative, &english.caution, &english.read_more, &english.start_again, &english.route] {
        assert!(!all.contains(word.as_str()) && !all.contains(&word.to_uppercase()), "{word} left in {all}");
    }
    for word in [&english.flowchart, &english.flowchart_desc] {
        assert!(!all.contains(word.as_str()), "{word} left in {all}");
    }
    // In English, the same tree says the engine's own words.
    let html = t.render_html("tree-x", &|h| h.to_string(), &english);
    assert!(html.contains("<p class=\"tree-kind\">Negative outcome</p>") && html.contains(">Start again</a>"));
    assert!(t.render_svg(&english).contains(">NEGATIVE OUTCOME<"));
}

#[test]
fn the_shown_title_is_the_text_of_the_compiled_heading() {
    let t = parse(PATH, &VALID.replace("title: Is blockchain an option?", "title: \"A \\x01& <b>\"")).unwrap();
    let html = t.render_html("tree", &|h| h.to_string(), &Words::english());
    assert!(html.contains("id=\"tree__title\">A &amp; &lt;b&gt;</h2>"), "{html}");
    assert_eq!(t.shown_title(), "A & <b>");
}
