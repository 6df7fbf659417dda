//! Structural facts of the portal's content (issue 4): the pieces the report defines
//! must each exist as a page, and the repository site must build cleanly (tests/suite).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

fn content(rel: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn there_is_one_page_per_sdg_with_its_colour() {
    for n in 1..=17 {
        let text = content(&format!("sdgs/{n}.md"));
        assert!(text.contains(&format!("number: {n}")), "sdgs/{n}.md lacks extra.number");
        assert!(text.contains("colour: \"#"), "sdgs/{n}.md lacks extra.colour");
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
        assert!(content(&format!("recommendations/recommendation-{n}.md")).starts_with("---\ntitle:"));
    }
}

#[test]
fn three_paths_each_with_a_quiz_of_five_or_more_questions() {
    for path in ["managers", "project-staff", "technical-staff"] {
        assert!(content(&format!("paths/{path}/_index.md")).contains("modules:"));
        let check = content(&format!("paths/{path}/check.md"));
        assert!(check.matches("- question:").count() >= 5, "{path}: fewer than 5 quiz questions");
    }
}

#[test]
fn the_four_decision_layers_exist() {
    for tree in ["is-blockchain-an-option", "can-blockchain-add-value", "which-kind-of-blockchain"] {
        assert!(content(&format!("decide/{tree}.md")).contains(&format!("tree: {tree}.yaml")));
        assert!(content(&format!("decide/{tree}.yaml")).contains("questions:"));
    }
    assert!(content("decide/design-and-governance-checklist.md").contains("- [ ]"));
}
