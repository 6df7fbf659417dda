//! Decision trees: a YAML file of questions and outcomes, validated at build time
//! and compiled to HTML (works without JavaScript, enhanced by `tree.js`) and to an
//! SVG flowchart. An engine: it imports only `diagnostics`, the `html` escaper and
//! `trust::scheme` (a link's scheme read the way a browser reads it, the same
//! judgement the markdown stage makes; both are cross-cutting modules).
//!
//! [`parse_partial`] reports every problem it can find as a [`Diagnostic`] with a position.
//! It runs in phases, one module each:
//!
//! - [`raw`]: serde reads the YAML into the raw model. Structural problems (YAML
//!   syntax, unknown keys, wrong types, missing keys) come from serde; after one, the
//!   offending list item is blanked out and the file is parsed again, so several
//!   structural problems are reported in one run.
//! - [`outline`]: positions of nodes, answers and links are not given by serde, so
//!   the outline scans the text once (with the shared YAML line scanner in
//!   `diagnostics::yaml`) and maps keys and values to lines and columns.
//! - [`validate`]: raw model plus outline → [`Tree`], checking ids, references and
//!   texts; then the graph (reachability, cycles), only once the structure is right.
//!   All graph walks are iterative (explicit stacks and queues), so very long or very
//!   deep trees cannot overflow the stack.
//! - [`html`] and [`svg`]: the validated tree as HTML and as a flowchart, written in
//!   the page's language: the words around the tree's own text come in as [`Words`].

use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostics::yaml::{flow_too_deep, too_deep_error};
use crate::diagnostics::{Diagnostic, Span};

mod html;
mod outline;
mod raw;
mod svg;
mod validate;

use outline::Outline;

/// Largest tree file accepted, in bytes.
pub(crate) const MAX_BYTES: usize = 1 << 20;
/// Largest number of nodes (questions plus outcomes) accepted.
pub(crate) const MAX_NODES: usize = 10_000;
/// How many structural (serde) errors are collected before giving up.
const MAX_STRUCTURE_ERRORS: usize = 32;
/// How many unreachable nodes are reported one by one; the rest are summed up.
const MAX_UNREACHABLE_ERRORS: usize = 50;
/// How many cycle errors are reported at most.
const MAX_CYCLE_ERRORS: usize = 50;

/// The kinds of outcome (also in the decision-tree schema of `primer schema`).
pub const KINDS: [&str; 4] = ["positive", "negative", "caution", "neutral"];
const TOP_KEYS: [&str; 5] = ["title", "start", "groups", "questions", "outcomes"];

/// A named set of questions (shown as a label above the question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    pub(crate) id: String,
    pub(crate) title: String,
}

/// One answer of a question: its label and the id of the node it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Answer {
    pub(crate) label: String,
    pub(crate) next: String,
}

/// A question node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Question {
    pub(crate) id: String,
    pub(crate) group: Option<String>,
    pub(crate) question: String,
    pub(crate) help: Option<String>,
    pub(crate) answers: Vec<Answer>,
    /// 1-based line of the question's `id` in the YAML file.
    pub(crate) line: usize,
}

/// How an outcome should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum OutcomeKind {
    Positive,
    Negative,
    Caution,
    Neutral,
}

impl OutcomeKind {
    /// The YAML spelling, also used in CSS classes (`tree-outcome--negative`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Positive => "positive",
            OutcomeKind::Negative => "negative",
            OutcomeKind::Caution => "caution",
            OutcomeKind::Neutral => "neutral",
        }
    }
}

/// The words the engine writes around a tree's own text, in the page's language: the
/// outcome kinds (a visible word, so that meaning never rests on colour alone; upper
/// case in the diagram), the HTML's headings and links, and the diagram's accessible
/// name and description. The engine knows no strings table: the caller gives them
/// (resolve takes them from the language's `tree_*` strings); [`Words::english`] is
/// the default. Plain text: the engine escapes them where it writes them.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Words {
    pub(crate) positive: String,
    pub(crate) negative: String,
    pub(crate) caution: String,
    pub(crate) neutral: String,
    /// The heading over an outcome's links.
    pub(crate) read_more: String,
    /// The link from an outcome back to the first question.
    pub(crate) start_again: String,
    /// The heading of the answers that lead to a node ("How you got here").
    pub(crate) route: String,
    /// Before a question's text in its diagram box's tooltip (`Question: …`).
    pub(crate) question: String,
    /// Before the tree's title in the diagram's accessible name.
    pub(crate) flowchart: String,
    /// The diagram's `<desc>`.
    pub(crate) flowchart_desc: String,
}

impl Words {
    /// The engine's own words.
    pub(crate) fn english() -> Words {
        Words {
            positive: "Positive outcome".into(),
            negative: "Negative outcome".into(),
            caution: "Proceed with caution".into(),
            neutral: "Outcome".into(),
            read_more: "Read more".into(),
            start_again: "Start again".into(),
            route: "How you got here".into(),
            question: "Question".into(),
            flowchart: "Flowchart of the decision tree".into(),
            flowchart_desc: "The same questions and outcomes are listed on the page as text.".into(),
        }
    }

    /// The visible word for an outcome kind.
    pub(crate) fn kind(&self, kind: OutcomeKind) -> &str {
        match kind {
            OutcomeKind::Positive => &self.positive,
            OutcomeKind::Negative => &self.negative,
            OutcomeKind::Caution => &self.caution,
            OutcomeKind::Neutral => &self.neutral,
        }
    }
}

/// An outcome (leaf) node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Outcome {
    pub(crate) id: String,
    pub(crate) verdict: String,
    pub(crate) kind: OutcomeKind,
    pub(crate) explanation: String,
    pub(crate) links: Vec<TreeLink>,
    /// 1-based line of the outcome's `id` in the YAML file.
    pub(crate) line: usize,
    /// 1-based column of the `id` key on that line.
    pub(crate) col: usize,
}

/// A "read more" link of an outcome. `href` is as written (relative to the YAML
/// file, may carry `#anchor`, may be external); `line`/`col` point at the href.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TreeLink {
    pub(crate) title: String,
    pub(crate) href: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// A parsed and validated decision tree.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub(crate) title: String,
    pub(crate) start: String,
    pub(crate) groups: Vec<Group>,
    pub(crate) questions: Vec<Question>,
    pub(crate) outcomes: Vec<Outcome>,
    index: HashMap<String, NodeRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeRef {
    Question(usize),
    Outcome(usize),
}

/// Parse and validate: the tree, or every problem found (the tests' entry; the
/// build uses [`parse_partial`]).
#[cfg(test)]
pub(crate) fn parse(path: &str, text: &str) -> Result<Tree, Vec<Diagnostic>> {
    match parse_partial(path, text) {
        (Some(tree), diags) if diags.is_empty() => Ok(tree),
        (_, diags) => Err(diags),
    }
}

/// Parse and validate. `path` is the file's display path relative to the site root
/// (e.g. "content/decide/x.yaml"). Returns all problems at once, not just the first,
/// and the tree also when only its graph is invalid (a dangling `next`, a cycle…),
/// so the caller can check its links in the same run.
pub(crate) fn parse_partial(path: &str, text: &str) -> (Option<Tree>, Vec<Diagnostic>) {
    match parse_inner(path, text) {
        Ok((tree, diags)) => (Some(tree), diags),
        Err(diags) => (None, diags),
    }
}

fn parse_inner(path: &str, text: &str) -> Result<(Tree, Vec<Diagnostic>), Vec<Diagnostic>> {
    let whole_file = |msg: String, hint: &str| vec![Diagnostic::error(path, 0, 0, msg).with_hint(hint)];
    if text.len() > MAX_BYTES {
        return Err(whole_file(
            format!("tree file is too large ({} bytes; the limit is 1 MiB)", text.len()),
            "split it into several smaller trees",
        ));
    }
    if text.trim().is_empty() {
        return Err(whole_file(
            "tree file is empty".to_string(),
            "a tree needs `title`, `start`, `questions` and `outcomes`; see docs/authoring.md, \"Decision trees\"",
        ));
    }
    // serde_yaml misreads a leading byte order mark; editors do not show it anyway.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The YAML parser's time grows with the square of the flow depth: bound it first.
    if let Some((line, col)) = flow_too_deep(text) {
        return Err(vec![too_deep_error(path, text, line, col)]);
    }
    let outline = Outline::new(text);
    let cx = Cx { path, text, outline: &outline };
    let raw = raw::structure(&cx)?;
    let count = raw.questions.as_ref().map_or(0, Vec::len) + raw.outcomes.as_ref().map_or(0, Vec::len);
    if count > MAX_NODES {
        return Err(whole_file(
            format!("tree has too many nodes ({count}; the limit is {MAX_NODES})"),
            "split it into several smaller trees",
        ));
    }
    let mut diags = Vec::new();
    let tree = validate::build(&cx, raw, &mut diags);
    crate::diagnostics::sort(&mut diags);
    Ok((tree, diags))
}

/// Everything a check needs to make a positioned diagnostic.
struct Cx<'a> {
    path: &'a str,
    text: &'a str,
    outline: &'a Outline,
}

impl Cx<'_> {
    fn error(&self, pos: Span, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(self.path, self.text, pos, message).with_hint(hint)
    }
}

impl Tree {
    /// The element ids the rendered HTML gives the tree and its nodes, for `prefix`.
    pub(crate) fn anchors(&self, prefix: &str) -> Vec<String> {
        let nodes = self.questions.iter().map(|q| &q.id).chain(self.outcomes.iter().map(|o| &o.id));
        std::iter::once(prefix.to_string()).chain(nodes.map(|id| format!("{prefix}-{id}"))).collect()
    }

    /// Every outcome link, with position, for the caller to resolve/check (href is
    /// relative to the YAML file, may have #anchor, may be external https://).
    pub(crate) fn links(&self) -> Vec<&TreeLink> {
        self.outcomes.iter().flat_map(|o| o.links.iter()).collect()
    }

    fn group_title(&self, id: &str) -> Option<&str> {
        self.groups.iter().find(|g| g.id == id).map(|g| g.title.as_str())
    }

    /// The node's slot in the graph: questions first, then outcomes.
    fn slot(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|r| match r {
            NodeRef::Question(i) => *i,
            NodeRef::Outcome(i) => self.questions.len() + i,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
