//! Structural facts of the portal's content (issues 4 and 15): the pieces the report defines
//! must each exist as a page, with the structure the training material relies on. Front
//! matter is parsed as YAML and markdown with pulldown-cmark; anchors are checked in the
//! HTML that the real `primer` binary builds from the repository's own site.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn content(rel: &str) -> String {
    let p = root().join("content").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The front matter of `content/<rel>` as YAML, and the markdown body after it.
fn page(rel: &str) -> (serde_yaml::Value, String) {
    let text = content(rel);
    let rest = text.strip_prefix("---\n").unwrap_or_else(|| panic!("{rel}: no front matter"));
    let end = rest.find("\n---\n").unwrap_or_else(|| panic!("{rel}: front matter not closed"));
    let fm = serde_yaml::from_str(&rest[..end]).unwrap_or_else(|e| panic!("{rel}: {e}"));
    (fm, rest[end + 5..].to_string())
}

fn strings(v: &serde_yaml::Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| s.iter().map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| format!("{x:?}"))).collect())
        .unwrap_or_default()
}

/// The repository's site, built once into a temporary folder by the real binary.
fn built() -> &'static Path {
    static SITE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_keep, out) = SITE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let run = Command::new(env!("CARGO_BIN_EXE_primer"))
            .args(["build", "--strict", "--root"])
            .arg(root())
            .arg("--output")
            .arg(&out)
            .env_remove("PRIMER_TIMINGS")
            .output()
            .unwrap();
        assert!(run.status.success(), "the portal does not build:\n{}", String::from_utf8_lossy(&run.stderr));
        (dir, out)
    });
    out
}

fn html(rel: &str) -> scraper::Html {
    let p = built().join(rel);
    scraper::Html::parse_document(&std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())))
}

fn ids(doc: &scraper::Html) -> BTreeSet<String> {
    let sel = scraper::Selector::parse("[id]").unwrap();
    doc.select(&sel).filter_map(|e| e.value().attr("id")).map(str::to_string).collect()
}

/// A term's URL id, as the taxonomy builds it: lower case, other characters as `-`.
fn term_id(tag: &str) -> String {
    let s: String = tag.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    s.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-")
}

/// One markdown table: the header cells and the body rows, as plain text.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The target of the first link in each body row, if any.
    links: Vec<Option<String>>,
}

/// The tables of a markdown body that follow the heading with explicit or generated id `after`,
/// up to the next heading of the same or a higher level, with the text of the paragraphs before them.
fn tables_under(body: &str, after: &str) -> (Vec<Table>, String) {
    let opts = pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    let (mut inside, mut level) = (false, 0u8);
    let (mut tables, mut intro) = (Vec::<Table>::new(), String::new());
    let (mut in_head, mut cell, mut row) = (false, String::new(), Vec::<String>::new());
    let mut in_table = false;
    let mut link: Option<String> = None;
    for ev in Parser::new_ext(body, opts) {
        match ev {
            Event::Start(Tag::Heading { level: l, id, .. }) => {
                let l = l as u8;
                if inside && l <= level {
                    break;
                }
                if id.as_deref() == Some(after) {
                    (inside, level) = (true, l);
                }
            }
            _ if !inside => {}
            Event::Start(Tag::Table(_)) => {
                in_table = true;
                tables.push(Table { header: vec![], rows: vec![], links: vec![] });
            }
            Event::End(TagEnd::Table) => in_table = false,
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                tables.last_mut().unwrap().header = std::mem::take(&mut row);
            }
            Event::End(TagEnd::TableRow) => {
                let t = tables.last_mut().unwrap();
                t.rows.push(std::mem::take(&mut row));
                t.links.push(link.take());
            }
            Event::Start(Tag::Link { dest_url, .. }) if in_table && !in_head && link.is_none() => {
                link = Some(dest_url.to_string())
            }
            Event::End(TagEnd::TableCell) => row.push(std::mem::take(&mut cell).trim().to_string()),
            Event::Text(t) | Event::Code(t) if in_table => cell.push_str(&t),
            Event::Text(t) if tables.is_empty() => intro.push_str(&t),
            _ => {}
        }
    }
    (tables, intro)
}

#[test]
fn there_is_one_page_per_sdg_with_its_colour() {
    for n in 1..=17 {
        let (fm, _) = page(&format!("sdgs/{n}.md"));
        assert_eq!(fm["extra"]["number"].as_u64(), Some(n), "sdgs/{n}.md: extra.number");
        assert!(fm["extra"]["colour"].as_str().is_some_and(|c| c.starts_with('#')), "sdgs/{n}.md: extra.colour");
    }
}

#[test]
fn every_annex_i_application_has_a_page() {
    let pages = [
        "fao-itu-livestock-png",
        "undp-mongolia-cashmere",
        "undp-ecuador-cocoa",
        "undp-serbia-food-donations",
        "undp-india-land-registry",
        "unicef-kazakhstan-digicus",
        "unicef-innovation-fund",
        "unicef-cryptofund",
        "wfp-building-blocks",
        "un-women-kakuma",
        "wfp-blocks-for-transport",
        "unicc-unjspf-dce",
        "oict-un-habitat-afghanistan-land",
    ];
    for p in pages {
        assert!(content(&format!("use-cases/{p}.md")).contains("annex I"), "{p} does not cite annex I");
    }
}

#[test]
fn the_eight_formal_recommendations_have_pages() {
    for n in 1..=8 {
        let (fm, _) = page(&format!("recommendations/recommendation-{n}.md"));
        assert!(fm["title"].as_str().is_some_and(|t| t.contains(&n.to_string())), "recommendation-{n}.md: title");
    }
}

#[test]
fn the_four_decision_layers_exist() {
    for tree in ["is-blockchain-an-option", "can-blockchain-add-value", "which-kind-of-blockchain"] {
        let (fm, _) = page(&format!("decide/{tree}.md"));
        assert_eq!(fm["tree"].as_str(), Some(format!("{tree}.yaml").as_str()));
        let t: serde_yaml::Value = serde_yaml::from_str(&content(&format!("decide/{tree}.yaml"))).unwrap();
        assert!(t["questions"].as_sequence().is_some_and(|q| !q.is_empty()), "{tree}.yaml has no questions");
    }
    assert!(content("decide/design-and-governance-checklist.md").contains("- [ ]"));
}

// ---- Annex IV ----------------------------------------------------------------------------

#[test]
fn annex_iv_is_a_table_with_a_header_an_intro_and_a_row_per_recommendation() {
    let (_, body) = page("recommendations/annex-iv.md");
    let (tables, intro) = tables_under(&body, "by-recommendation");
    assert_eq!(tables.len(), 1, "one table under 'The eight recommendations in annex IV'");
    let t = &tables[0];
    assert!(t.header.len() >= 4, "header row: {:?}", t.header);
    assert_eq!(t.header[0], "Recommendation");
    assert!(t.header.iter().any(|h| h.contains("trusted")), "the table says how far each row can be trusted");
    assert!(intro.split_whitespace().count() >= 20, "the table needs an introduction that says what it shows");
    assert_eq!(t.rows.len(), 8, "one row per formal recommendation");
    for (i, row) in t.rows.iter().enumerate() {
        assert_eq!(row.len(), t.header.len(), "row {} has {} cells", i + 1, row.len());
        assert!(row[0].starts_with(&format!("{}:", i + 1)), "row {} starts with {:?}", i + 1, row[0]);
        assert!(row.iter().all(|c| !c.is_empty()), "row {} has an empty cell", i + 1);
    }
    // L for 1 and 6, E for the rest; recommendation 5 for the United Nations only.
    for (i, row) in t.rows.iter().enumerate() {
        let legislative = row[1].contains("(L)");
        assert_eq!(legislative, i == 0 || i == 5, "row {}: {:?}", i + 1, row[1]);
        assert!(legislative || row[1].contains("(E)"), "row {}: {:?}", i + 1, row[1]);
    }
    assert!(t.rows[4][3].contains("United Nations only"));
    // The caveat on misaligned columns and the tension with WIPO's own list are both stated.
    let doc = html("recommendations/annex-iv/index.html");
    let found = ids(&doc);
    for id in ["caveat", "wipo-tension", "by-organization"] {
        assert!(found.contains(id), "annex IV page lacks #{id}");
    }
    assert!(
        body.contains("30 cells") && body.contains("29 columns"),
        "the caveat says why the columns cannot be trusted"
    );
}

#[test]
fn every_annex_iv_organization_has_its_row_and_its_term_page_links_it() {
    let (fm, body) = page("recommendations/annex-iv.md");
    let tags: Vec<String> = strings(&fm["organizations"]).into_iter().filter(|t| t != "JIU").collect();
    assert_eq!(tags.len(), 29, "CEB and the 28 participating organizations");
    let annex = ids(&html("recommendations/annex-iv/index.html"));
    // One level-3 heading per organization under #by-organization.
    let opts = pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES;
    let mut rows = Vec::new();
    let mut inside = false;
    for ev in Parser::new_ext(&body, opts) {
        if let Event::Start(Tag::Heading { level, id, .. }) = ev {
            let l = level as u8;
            if l == 2 {
                inside = id.as_deref() == Some("by-organization");
            } else if inside && l == 3 {
                rows.push(id.expect("organization rows carry explicit ids").to_string());
            }
        }
    }
    assert_eq!(rows.len(), 29, "one row per column of annex IV");
    let a = scraper::Selector::parse("a[href]").unwrap();
    for tag in &tags {
        let id = term_id(tag);
        let (_, term_body) = page(&format!("organizations/{id}.md"));
        let anchor = term_body
            .split("annex-iv.md#")
            .nth(1)
            .and_then(|s| s.split(')').next())
            .unwrap_or_else(|| panic!("organizations/{id}.md does not link its annex IV row"))
            .to_string();
        assert!(rows.contains(&anchor), "{tag}: #{anchor} is not an organization row");
        assert!(annex.contains(&anchor), "{tag}: #{anchor} is not an id in the built annex IV page");
        let doc = html(&format!("organizations/{id}/index.html"));
        let hrefs: Vec<&str> = doc.select(&a).filter_map(|e| e.value().attr("href")).collect();
        assert!(
            hrefs.iter().any(|h| h.ends_with(&format!("recommendations/annex-iv/#{anchor}"))),
            "{tag}: the built term page does not link #{anchor}: {hrefs:?}"
        );
    }
}

// ---- Use-case domains ----------------------------------------------------------------------

#[test]
fn every_domain_label_says_whose_it_is_and_the_index_shows_it() {
    let (_, index) = page("domains/_index.md");
    let mut index_marks = BTreeMap::new();
    for section in ["horizontal", "vertical"] {
        let (tables, _) = tables_under(&index, section);
        let t = &tables[0];
        assert_eq!(t.header.last().map(String::as_str), Some("Label"), "{section}: a Label column");
        for (row, link) in t.rows.iter().zip(&t.links) {
            let file = link.clone().unwrap_or_else(|| panic!("{section}: row {:?} links no domain page", row[0]));
            index_marks.insert(file, row.last().unwrap().clone());
        }
    }
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("content/domains")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        // Translations (`health.zh.md`) are checked with their originals' rows.
        if name == "_index.md" || !name.ends_with(".md") || name.matches('.').count() > 1 {
            continue;
        }
        n += 1;
        let (fm, _) = page(&format!("domains/{name}"));
        let origin = fm["extra"]["origin"].as_str().unwrap_or_else(|| panic!("{name}: no extra.origin"));
        let mark = index_marks.get(&name).unwrap_or_else(|| panic!("{name} is not in the domains index"));
        match origin {
            "itu" => assert_eq!(mark, "ITU label", "{name}"),
            "itu-priority" => {
                let label = fm["extra"]["itu_label"].as_str().unwrap_or_else(|| panic!("{name}: itu_label"));
                assert!(fm["extra"]["itu_source"].as_str().is_some(), "{name}: itu_source");
                assert!(mark.starts_with("ITU priority") && mark.contains(label), "{name}: {mark}");
            }
            "portal" => assert_eq!(mark, "Portal grouping", "{name}"),
            other => panic!("{name}: unknown origin {other}"),
        }
        if origin == "itu" {
            assert!(fm["extra"]["itu_source"].as_str().is_some(), "{name}: itu_source");
        }
    }
    assert_eq!(n, index_marks.len(), "every domain page, and only those, in the index");
}

// ---- The managers' path ------------------------------------------------------------------

#[test]
fn the_managers_path_has_the_legal_module_and_takes_at_most_90_minutes() {
    let (fm, _) = page("paths/managers/_index.md");
    let modules = strings(&fm["modules"]);
    assert!(modules.contains(&"legal-essentials.md".to_string()), "the legal module is in the path: {modules:?}");
    assert!(modules.contains(&"building-blocks-in-brief.md".to_string()), "the manager's summary of Building Blocks");
    assert!(!modules.iter().any(|m| m.ends_with("use-cases/wfp-building-blocks.md")), "not the technical page");
    let (_, legal) = page("paths/managers/legal-essentials.md");
    for cite in ["para. 69", "para. 235", "para. 240", "para. 5", "recommendation 6", "UNCITRAL", "para. 263"] {
        assert!(legal.contains(cite), "the legal module does not cite {cite}");
    }

    // The total is computed by primer: the modules' times (reading plus exercises) added up.
    let doc = html("paths/managers/index.html");
    let sel = scraper::Selector::parse(".module__time").unwrap();
    let times: Vec<u64> = doc
        .select(&sel)
        .map(|e| e.text().collect::<String>().trim_end_matches(" min").trim().parse().unwrap())
        .collect();
    assert_eq!(times.len(), modules.len(), "a time per module");
    let total: u64 = times.iter().sum();
    assert!(total <= 90, "the managers' path takes {total} minutes");
    let meta = doc.select(&scraper::Selector::parse(".path__meta").unwrap()).next().unwrap().text().collect::<String>();
    assert!(
        meta.contains(&format!("about {total} minutes")),
        "the overview says {meta:?}, the modules add up to {total}"
    );
}

/// Phrases by which the outcomes of table 1 (JIU/REP/2020/7) are recognized in a list item
/// or a table row: a shared long-lived record, a database that would do, mutual trust, a
/// trusted third party, exclusive control, records that must change, a simpler way to trust.
const TABLE_1_SIGNALS: [&str; 10] = [
    "shared, long-lived",
    "shared system",
    "traditional database",
    "trust each other",
    "trust one another",
    "third party",
    "exclusive control",
    "changed or deleted",
    "corrected or deleted",
    "simpler way",
];

/// The largest number of items of one list or rows of one table, in the page's article, that
/// each restate an outcome of table 1.
fn table_1_items_in_one_list(doc: &scraper::Html) -> usize {
    let lists = scraper::Selector::parse("article.page ul, article.page ol, article.page table").unwrap();
    let items = scraper::Selector::parse(":scope > li, :scope > tbody > tr, :scope > tr").unwrap();
    doc.select(&lists)
        .map(|list| {
            list.select(&items)
                .filter(|item| {
                    let text = item.text().collect::<String>().to_lowercase();
                    TABLE_1_SIGNALS.iter().any(|s| text.contains(s))
                })
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn table_1_is_set_out_once_in_the_managers_path_on_the_layer_1_page() {
    let (fm, _) = page("paths/managers/_index.md");
    let layer_1 = "../../decide/is-blockchain-an-option.md";
    let modules = strings(&fm["modules"]);
    assert!(modules.iter().any(|m| m == layer_1), "the Layer 1 page is a module: {modules:?}");
    let mut seen = Vec::new();
    for m in &modules {
        let rel = Path::new("paths/managers").join(m);
        let mut parts: Vec<String> = Vec::new();
        for c in rel.components() {
            match c {
                std::path::Component::ParentDir => {
                    parts.pop();
                }
                c => parts.push(c.as_os_str().to_string_lossy().into_owned()),
            }
        }
        let last = parts.pop().unwrap();
        let stem = last.trim_end_matches(".md");
        if stem != "_index" {
            parts.push(stem.to_string());
        }
        let url = format!("{}/index.html", parts.join("/"));
        let n = table_1_items_in_one_list(&html(&url));
        if m == layer_1 {
            assert!(n >= 4, "the Layer 1 page sets out the decentralization questions as one list ({n} items found)");
        } else if m != "check.md" {
            seen.push((m.clone(), n));
        }
    }
    let repeats: Vec<_> = seen.iter().filter(|(_, n)| *n >= 3).collect();
    assert!(repeats.is_empty(), "table 1 is restated as a list or table outside the Layer 1 page: {repeats:?}");
}

// ---- Knowledge checks ----------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    question: String,
    options: Vec<String>,
    answer: String,
    explanation: String,
}

#[derive(Deserialize)]
struct Check {
    quiz: Vec<Item>,
}

fn check(path: &str) -> Vec<Item> {
    let (fm, _) = page(&format!("paths/{path}/check.md"));
    serde_yaml::from_value::<Check>(fm).unwrap_or_else(|e| panic!("{path}/check.md: {e}")).quiz
}

const PATHS: [&str; 3] = ["managers", "project-staff", "technical-staff"];

#[test]
fn each_check_has_ten_questions_whose_explanations_cite_a_paragraph() {
    for path in PATHS {
        let quiz = check(path);
        assert!(quiz.len() >= 10, "{path}: {} questions", quiz.len());
        for (n, q) in quiz.iter().enumerate() {
            let distinct: BTreeSet<&String> = q.options.iter().collect();
            assert!(q.options.len() >= 3 && distinct.len() == q.options.len(), "{path} Q{}: options", n + 1);
            assert_eq!(q.options.iter().filter(|o| **o == q.answer).count(), 1, "{path} Q{}: answer", n + 1);
            assert!(
                q.explanation.contains("para.") || q.explanation.contains("paras."),
                "{path} Q{}: the explanation cites no paragraph",
                n + 1
            );
        }
    }
}

#[test]
fn answer_positions_are_spread_no_position_holds_more_than_half_the_keys() {
    for path in PATHS {
        let quiz = check(path);
        let mut at = BTreeMap::new();
        for q in &quiz {
            *at.entry(q.options.iter().position(|o| *o == q.answer).unwrap()).or_insert(0) += 1;
        }
        let most = at.values().copied().max().unwrap();
        assert!(most * 2 <= quiz.len(), "{path}: {most} of {} keys at one position ({at:?})", quiz.len());
        assert!(at.len() >= 3, "{path}: keys use only positions {:?}", at.keys());
    }
}

#[test]
fn the_key_is_rarely_the_longest_option() {
    // A key that is always the longest, most qualified option gives itself away.
    for path in PATHS {
        let quiz = check(path);
        let longest = quiz
            .iter()
            .filter(|q| {
                q.options.iter().filter(|o| **o != q.answer).all(|o| o.chars().count() < q.answer.chars().count())
            })
            .count();
        assert!(longest * 4 <= quiz.len(), "{path}: the key is the longest option in {longest} of {}", quiz.len());
    }
}

#[test]
fn each_check_has_two_case_questions_applying_layer_1_or_2() {
    let applications = ["Building Blocks", "OICT", "UNDP", "UNICEF", "Digital Certificate", "UNICC", "FAO"];
    for path in PATHS {
        let cases: Vec<Item> = check(path).into_iter().filter(|q| q.question.starts_with("Case:")).collect();
        assert!(cases.len() >= 2, "{path}: {} case questions", cases.len());
        for q in &cases {
            assert!(
                q.question.contains("Layer 1") || q.question.contains("Layer 2"),
                "{path}: case {:?} does not ask for Layer 1 or 2",
                q.question
            );
            assert!(
                q.explanation.contains("table 1") || q.explanation.contains("table 2"),
                "{path}: case {:?} is not explained from table 1 or 2",
                q.question
            );
            assert!(
                applications.iter().any(|a| q.question.contains(a)),
                "{path}: case {:?} names no UN application",
                q.question
            );
        }
    }
}

// ---- Smaller gaps ------------------------------------------------------------------------------

#[test]
fn the_layer_1_single_controller_outcome_links_onward_to_a_question() {
    let t: serde_yaml::Value = serde_yaml::from_str(&content("decide/is-blockchain-an-option.yaml")).unwrap();
    let questions = t["questions"].as_sequence().unwrap();
    let find = |id: &str| questions.iter().find(|q| q["id"].as_str() == Some(id));
    let outcome = t["outcomes"].as_sequence().unwrap().iter().find(|o| o["id"] == "single-controller").unwrap();
    let hash = outcome["links"]
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|l| l["href"].as_str())
        .find_map(|h| h.strip_prefix("#tree="))
        .expect("a #tree= link that continues the tree");
    // Replay the steps from `start`: each must be the current question and a valid answer.
    let mut at = t["start"].as_str().unwrap().to_string();
    for step in hash.split(',') {
        let (qid, idx) = step.split_once('.').unwrap();
        assert_eq!(qid, at, "step {step} is out of order");
        let answers = find(qid).unwrap()["answers"].as_sequence().unwrap();
        at = answers[idx.parse::<usize>().unwrap()]["next"].as_str().unwrap().to_string();
    }
    assert_eq!(at, "immutable-records", "the link lands on the immutability question");
}

#[test]
fn the_glossary_has_the_terms_the_report_defines_in_footnotes() {
    let mut names = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("content/glossary")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name == "_index.md" {
            continue;
        }
        let (fm, _) = page(&format!("glossary/{name}"));
        let term = fm["term"].as_str().or(fm["title"].as_str()).unwrap().to_lowercase();
        names.insert(term);
        names.extend(strings(&fm["aliases"]).into_iter().map(|a| a.to_lowercase()));
    }
    for t in ["api", "pki", "swot", "digital public goods", "agile scrum", "agile kanban"] {
        assert!(names.contains(t), "no glossary entry or alias for {t}");
    }
}

#[test]
fn three_paths_list_their_modules() {
    for path in PATHS {
        let (fm, _) = page(&format!("paths/{path}/_index.md"));
        let modules = strings(&fm["modules"]);
        assert_eq!(modules.last().map(String::as_str), Some("check.md"), "{path}: ends with its check");
    }
}
