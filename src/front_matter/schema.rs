//! JSON Schemas for editors (`primer schema`): the front matter a site accepts (every
//! key primer knows, the site's taxonomies with their closed vocabularies, the keys
//! `[front_matter] keep` keeps) and the decision-tree YAML files. Editors that
//! speak JSON Schema (the YAML language server in VS Code, Neovim, Zed, JetBrains)
//! complete keys and flag mistakes while authors type.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::config::SiteConfig;

/// The first line of every schema primer writes: how `primer schema` recognises a
/// file it may replace.
pub(crate) const MARK: &str = "Written by `primer schema`";

const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

fn text(description: &str) -> Value {
    json!({ "type": "string", "minLength": 1, "description": description })
}

fn texts(description: &str) -> Value {
    json!({ "type": "array", "items": { "type": "string", "minLength": 1 }, "description": description })
}

/// A property of JSON type `ty` with its description.
fn typed(ty: &str, description: &str) -> Value {
    json!({ "type": ty, "description": description })
}

/// A string property that matches `pattern`.
fn matching(pattern: &str, description: &str) -> Value {
    json!({ "type": "string", "pattern": pattern, "description": description })
}

/// An integer property of at least `minimum`.
fn at_least(minimum: u32, description: &str) -> Value {
    json!({ "type": "integer", "minimum": minimum, "description": description })
}

/// The front matter schema of the site `config`; `term_pages`: per closed taxonomy
/// without a `terms` list, the ids of its term pages (its vocabulary).
pub(crate) fn front_matter(config: &SiteConfig, term_pages: &BTreeMap<String, Vec<String>>) -> Value {
    let mut props = Map::new();
    page_properties(&mut props);
    learning_properties(&mut props);
    taxonomy_properties(&mut props, config, term_pages);
    let (patterns, any) = kept_properties(&mut props, config);
    let mut schema = json!({
        "$schema": DIALECT,
        "$comment": format!("{MARK} for the site \"{}\"; run it again after changing site.toml.", config.title),
        "title": format!("Front matter of {}", config.title),
        "type": "object",
        "required": ["title"],
        "properties": props,
        "additionalProperties": any,
    });
    if !patterns.is_empty() {
        schema["patternProperties"] = Value::Object(patterns);
    }
    schema
}

/// The keys every page may have: title, dates, URL, template, language, extra.
fn page_properties(props: &mut Map<String, Value>) {
    let date = "^\\d{4}-\\d{2}-\\d{2}";
    let mut add = |k: &str, v: Value| {
        props.insert(k.to_string(), v);
    };
    add("title", text("The page's title (required)."));
    add("description", text("One or two sentences: the page's summary and meta description."));
    add("weight", typed("integer", "Order among siblings (lower first)."));
    add("date", matching(date, "A date, `2024-05-01` (perhaps with a time)."));
    add("updated", matching(date, "When the page was last changed, shown as \"Last updated\"."));
    add("draft", typed("boolean", "Left out of builds without --drafts."));
    add("slug", json!({ "type": "string", "minLength": 1, "description": "The last part of the page's URL." }));
    add(
        "aliases",
        json!({ "type": "array", "items": { "type": "string", "pattern": "^/" }, "description": "Old site paths (`/old/page/`) that redirect here." }),
    );
    add("template", matching("\\.html$", "A template of the theme or the site."));
    add("language", matching("^[a-z]{2,3}(-[A-Za-z0-9]+)*$", "The page's language code, if not the site's."));
    add("glossary", typed("boolean", "`false`: no automatic glossary links on this page."));
    add("extra", typed("object", "Free data for templates (`page.extra`)."));
}

/// The keys of the learning features: knowledge checks, decision trees, glossary
/// entries and training paths.
fn learning_properties(props: &mut Map<String, Value>) {
    let id = json!({ "type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$" });
    let mut add = |k: &str, v: Value| {
        props.insert(k.to_string(), v);
    };
    add(
        "quiz",
        json!({
            "type": "array",
            "description": "A knowledge check: questions with instant feedback.",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["question", "options", "answer"],
                "properties": {
                    "question": text("The question."),
                    "options": { "type": "array", "minItems": 2, "items": { "type": "string", "minLength": 1 }, "description": "At least two options." },
                    "answer": text("The right option, written as in `options`."),
                    "explanation": text("Why the answer is right, shown after answering."),
                    "pin": typed("boolean", "Keep this question's options in the written order (no build-time shuffle)."),
                }
            }
        }),
    );
    add("tree", matching("\\.ya?ml$", "The decision-tree YAML file, relative to this page."));
    add("term", text("A glossary entry's name as pages write it."));
    add("definition", text("A glossary entry's definition: one plain sentence."));
    add("source", text("Where the definition comes from (a citation)."));
    add("related", json!({ "type": "array", "items": id, "description": "Ids of related glossary entries." }));
    add(
        "modules",
        json!({ "type": "array", "minItems": 1, "items": { "type": "string", "pattern": "\\.md(#.*)?$" }, "description": "A training path's modules: relative links to .md pages, in order." }),
    );
    add("objectives", texts("What a learner can do after the path."));
    add("estimated_minutes", at_least(1, "The path's duration in minutes."));
    add(
        "exercise_minutes",
        at_least(0, "Minutes the page's exercises take beyond reading (a decision tree, a knowledge check)."),
    );
    add(
        "pass_mark",
        json!({ "type": "integer", "minimum": 0, "maximum": 100, "description": "Percentage of right answers that passes the knowledge check (on a path or a check page)." }),
    );
    add("quiz_shuffle", typed("boolean", "`false` keeps every question's options in the written order."));
}

/// One key per taxonomy of the site: a list of its terms (an enum when closed).
fn taxonomy_properties(
    props: &mut Map<String, Value>,
    config: &SiteConfig,
    term_pages: &BTreeMap<String, Vec<String>>,
) {
    for t in &config.taxonomies {
        let vocabulary: Vec<String> =
            if !t.terms.is_empty() { t.terms.clone() } else { term_pages.get(&t.name).cloned().unwrap_or_default() };
        let items = if t.closed && !vocabulary.is_empty() {
            json!({ "enum": vocabulary })
        } else {
            json!({ "type": "string", "minLength": 1 })
        };
        let closed = if t.closed { " (a closed vocabulary)" } else { "" };
        let description = format!("{}: terms of this taxonomy{closed}.", t.title);
        props.insert(
            t.name.clone(),
            json!({ "type": "array", "items": items, "uniqueItems": true, "description": description }),
        );
    }
}

/// The keys `[front_matter] keep` keeps: exact names become properties, `prefix*`
/// patterns become pattern properties, and a lone `*` allows any key (the `bool`).
fn kept_properties(props: &mut Map<String, Value>, config: &SiteConfig) -> (Map<String, Value>, bool) {
    let kept = || json!({ "description": "Kept under `extra` ([front_matter] keep)." });
    let mut patterns = Map::new();
    let mut any = false;
    for k in &config.front_matter.keep {
        match k.strip_suffix('*') {
            Some("") => any = true,
            Some(prefix) => {
                patterns.insert(format!("^{}", regex_escape(prefix)), kept());
            }
            None => {
                props.entry(k.clone()).or_insert_with(kept);
            }
        }
    }
    (patterns, any)
}

fn regex_escape(s: &str) -> String {
    s.chars().flat_map(|c| if "\\^$.|?*+()[]{}".contains(c) { vec!['\\', c] } else { vec![c] }).collect()
}

/// The schema of a decision-tree YAML file; `kinds`: the outcome kinds.
pub(crate) fn decision_tree(kinds: &[&str]) -> Value {
    let id = json!({ "type": "string", "pattern": "^[a-z0-9-]+$" });
    json!({
        "$schema": DIALECT,
        "$comment": format!("{MARK}; see docs/authoring.md, Decision trees."),
        "title": "primer decision tree",
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "start"],
        "properties": {
            "title": text("The tree's title."),
            "start": { "type": "string", "description": "The id of the first question." },
            "groups": {
                "type": "array",
                "description": "Named sets of questions (shown as a label above each).",
                "items": { "type": "object", "additionalProperties": false, "required": ["id", "title"],
                    "properties": { "id": id, "title": text("The group's label.") } }
            },
            "questions": {
                "type": "array",
                "items": { "type": "object", "additionalProperties": false, "required": ["id", "question", "answers"],
                    "properties": {
                        "id": id,
                        "group": { "type": "string", "description": "The id of a declared group." },
                        "question": text("The question."),
                        "help": text("A sentence that helps to answer."),
                        "answers": { "type": "array", "minItems": 1,
                            "items": { "type": "object", "additionalProperties": false, "required": ["label", "next"],
                                "properties": { "label": text("The answer."), "next": { "type": "string", "description": "The id of the next question or outcome." } } } }
                    } }
            },
            "outcomes": {
                "type": "array",
                "items": { "type": "object", "additionalProperties": false, "required": ["id", "verdict", "kind", "explanation"],
                    "properties": {
                        "id": id,
                        "verdict": text("The outcome in a few words."),
                        "kind": { "enum": kinds },
                        "explanation": text("Why, in a few sentences."),
                        "links": { "type": "array",
                            "items": { "type": "object", "additionalProperties": false, "required": ["title", "href"],
                                "properties": { "title": text("The link's text."), "href": text("A relative link to a page, or an http(s) address.") } } }
                    } }
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(extra: &str) -> SiteConfig {
        let text = format!(
            "title = \"S\"\n[front_matter]\nkeep = [\"ms.*\", \"author\"]\n[[taxonomies]]\nname = \"roles\"\ntitle = \"Roles\"\nclosed = true\nterms = [\"writer\", \"reviewer\"]\n[[taxonomies]]\nname = \"sdgs\"\ntitle = \"Goals\"\nclosed = true\n[[taxonomies]]\nname = \"tags\"\ntitle = \"Tags\"\n{extra}"
        );
        crate::config::parse("site.toml", &text).unwrap()
    }

    #[test]
    fn every_known_key_and_taxonomy_is_in_the_front_matter_schema() {
        let pages = BTreeMap::from([("sdgs".to_string(), vec!["1".to_string(), "13".to_string()])]);
        let s = front_matter(&config(""), &pages);
        for key in crate::config::FRONT_MATTER_KEYS {
            assert!(s["properties"].get(*key).is_some(), "{key}");
        }
        assert_eq!(s["properties"]["roles"]["items"]["enum"], json!(["writer", "reviewer"]));
        assert_eq!(s["properties"]["sdgs"]["items"]["enum"], json!(["1", "13"]));
        assert_eq!(s["properties"]["tags"]["items"]["type"], "string");
        assert_eq!(s["additionalProperties"], false);
        assert!(s["properties"].get("author").is_some());
        assert!(s["patternProperties"].get("^ms\\.").is_some());
        assert_eq!(s["properties"]["quiz"]["items"]["required"], json!(["question", "options", "answer"]));
    }

    #[test]
    fn the_tree_schema_names_every_outcome_kind() {
        let s = decision_tree(&["positive", "negative"]);
        assert_eq!(s["properties"]["outcomes"]["items"]["properties"]["kind"]["enum"], json!(["positive", "negative"]));
        assert_eq!(s["required"], json!(["title", "start"]));
    }
}
