//! Decision trees: a YAML file of questions and outcomes, validated at build time
//! and compiled to HTML (works without JavaScript, enhanced by `tree.js`) and to an
//! SVG flowchart.
//!
//! [`parse`] reports every problem it can find as a [`Diagnostic`] with a position.
//! Structural problems (YAML syntax, unknown keys, wrong types, missing keys) come
//! from serde; after one, the offending list item is blanked out and the file is
//! parsed again, so several structural problems are reported in one run. Semantic
//! problems (ids, references, reachability, cycles) are only checked once the
//! structure is right. All graph walks are iterative (explicit stacks and queues),
//! so very long or very deep trees cannot overflow the stack.
//!
//! Positions of nodes, answers and links are not given by serde, so [`Outline`]
//! lexes the text once (a small YAML-aware scanner: quotes, comments, flow
//! collections and block scalars) and maps keys and values to lines and columns.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

use serde::Deserialize;

use crate::diagnostics::{did_you_mean, Diagnostic};
use crate::front_matter::{close_quote, is_blank, is_flow_indicator};

/// Largest tree file accepted, in bytes.
pub const MAX_BYTES: usize = 1 << 20;
/// Largest number of nodes (questions plus outcomes) accepted.
pub const MAX_NODES: usize = 10_000;
/// How many structural (serde) errors are collected before giving up.
const MAX_STRUCTURE_ERRORS: usize = 32;
/// How many unreachable nodes are reported one by one; the rest are summed up.
const MAX_UNREACHABLE_ERRORS: usize = 50;
/// How many cycle errors are reported at most.
const MAX_CYCLE_ERRORS: usize = 50;

const KINDS: [&str; 4] = ["positive", "negative", "caution", "neutral"];
const TOP_KEYS: [&str; 5] = ["title", "start", "groups", "questions", "outcomes"];

// ---------------------------------------------------------------------------
// Public model
// ---------------------------------------------------------------------------

/// A named set of questions (shown as a label above the question).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub title: String,
}

/// One answer of a question: its label and the id of the node it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub label: String,
    pub next: String,
}

/// A question node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub id: String,
    pub group: Option<String>,
    pub question: String,
    pub help: Option<String>,
    pub answers: Vec<Answer>,
    /// 1-based line of the question's `id` in the YAML file.
    pub line: usize,
}

/// How an outcome should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    Positive,
    Negative,
    Caution,
    Neutral,
}

impl OutcomeKind {
    /// The YAML spelling, also used in CSS classes (`tree-outcome--negative`).
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeKind::Positive => "positive",
            OutcomeKind::Negative => "negative",
            OutcomeKind::Caution => "caution",
            OutcomeKind::Neutral => "neutral",
        }
    }

    /// The visible word for the kind, so that meaning never rests on colour alone.
    pub fn label(self) -> &'static str {
        match self {
            OutcomeKind::Positive => "Positive outcome",
            OutcomeKind::Negative => "Negative outcome",
            OutcomeKind::Caution => "Proceed with caution",
            OutcomeKind::Neutral => "Outcome",
        }
    }
}

/// An outcome (leaf) node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub id: String,
    pub verdict: String,
    pub kind: OutcomeKind,
    pub explanation: String,
    pub links: Vec<TreeLink>,
    /// 1-based line of the outcome's `id` in the YAML file.
    pub line: usize,
}

/// A "read more" link of an outcome. `href` is as written (relative to the YAML
/// file, may carry `#anchor`, may be external); `line`/`col` point at the href.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeLink {
    pub title: String,
    pub href: String,
    pub line: usize,
    pub col: usize,
}

/// A parsed and validated decision tree.
#[derive(Debug, Clone)]
pub struct Tree {
    pub title: String,
    pub start: String,
    pub groups: Vec<Group>,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
    index: HashMap<String, NodeRef>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeRef {
    Question(usize),
    Outcome(usize),
}

// ---------------------------------------------------------------------------
// Raw (serde) model
// ---------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTree {
    title: String,
    start: String,
    groups: Option<Vec<RawGroup>>,
    questions: Option<Vec<RawQuestion>>,
    outcomes: Option<Vec<RawOutcome>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: String,
    group: Option<String>,
    question: String,
    help: Option<String>,
    answers: Option<Vec<RawAnswer>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    label: String,
    next: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOutcome {
    id: String,
    verdict: String,
    kind: OutcomeKind,
    explanation: String,
    links: Option<Vec<RawLink>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLink {
    title: String,
    href: String,
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Parse and validate. `path` is the file's display path relative to the site root
/// (e.g. "content/decide/x.yaml"). All problems at once, not just the first.
pub fn parse(path: &str, text: &str) -> Result<Tree, Vec<Diagnostic>> {
    match parse_partial(path, text) {
        (Some(tree), diags) if diags.is_empty() => Ok(tree),
        (_, diags) => Err(diags),
    }
}

/// Like [`parse`], but also returns the tree when only its graph is invalid (a dangling
/// `next`, a cycle…), so the caller can check its links in the same run.
pub fn parse_partial(path: &str, text: &str) -> (Option<Tree>, Vec<Diagnostic>) {
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
    if let Some((line, col)) = crate::front_matter::flow_too_deep(text) {
        return Err(vec![crate::front_matter::too_deep_error(path, text, line, col)]);
    }
    let outline = Outline::new(text);
    let cx = Cx { path, text, outline: &outline };
    let raw = structure(&cx)?;
    let count = raw.questions.as_ref().map_or(0, Vec::len) + raw.outcomes.as_ref().map_or(0, Vec::len);
    if count > MAX_NODES {
        return Err(whole_file(
            format!("tree has too many nodes ({count}; the limit is {MAX_NODES})"),
            "split it into several smaller trees",
        ));
    }
    let mut diags = Vec::new();
    let tree = build(&cx, raw, &mut diags);
    crate::diagnostics::sort(&mut diags);
    Ok((tree, diags))
}

/// Everything a check needs to make a positioned diagnostic.
struct Cx<'a> {
    path: &'a str,
    text: &'a str,
    outline: &'a Outline,
}

/// A position in the file: 1-based line and column, and the length to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pos {
    line: usize,
    col: usize,
    len: usize,
}

impl Cx<'_> {
    fn error(&self, pos: Pos, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error(self.path, pos.line, pos.col, message).with_hint(hint).with_source(self.text, pos.len)
    }
}

/// Deserialize with serde; on an error, record it, blank the list item that holds
/// it and try again, so that several structural problems are reported at once.
fn structure(cx: &Cx<'_>) -> Result<RawTree, Vec<Diagnostic>> {
    let lines: Vec<&str> = cx.text.split('\n').collect();
    let mut blank = vec![false; lines.len()];
    let mut diags: Vec<Diagnostic> = Vec::new();
    let mut seen: HashSet<(usize, usize, String)> = HashSet::new();
    let mut work = cx.text.to_string();
    for _ in 0..MAX_STRUCTURE_ERRORS {
        let err = match serde_yaml::from_str::<RawTree>(&work) {
            Ok(raw) if diags.is_empty() => return Ok(raw),
            Ok(_) => break,
            Err(e) => e,
        };
        let se = SerdeError::from(&err);
        // After the first problem, only follow-up data errors are trusted: blanking
        // lines could in principle produce odd syntax errors of its own.
        if !diags.is_empty() && matches!(se.kind, ErrKind::Syntax(_)) {
            break;
        }
        if !seen.insert((se.line, se.col, se.message_key())) {
            break;
        }
        let (diag, line0) = serde_diagnostic(cx, &se);
        diags.push(diag);
        if matches!(se.kind, ErrKind::Syntax(_)) {
            break;
        }
        let Some((from, to)) = line0.and_then(|l| cx.outline.blankable(l)) else {
            break;
        };
        if (from..to).all(|l| blank.get(l).copied().unwrap_or(true)) {
            break;
        }
        for b in blank.iter_mut().take(to).skip(from) {
            *b = true;
        }
        work = lines.iter().zip(&blank).map(|(l, b)| if *b { "" } else { *l }).collect::<Vec<_>>().join("\n");
    }
    Err(diags)
}

#[derive(Debug)]
enum ErrKind {
    UnknownField { field: String, expected: Vec<String> },
    MissingField(String),
    DuplicateField(String),
    InvalidType(String),
    InvalidValue(String),
    UnknownVariant { value: String, expected: Vec<String> },
    Syntax(String),
}

/// A serde_yaml error taken apart: `path: message at line L column C`.
#[derive(Debug)]
struct SerdeError {
    /// Path segments such as `questions`, `answers`, `kind`, each with whether it
    /// was indexed (`answers[1]` is an answer, `answers` the key).
    path: Vec<(String, bool)>,
    kind: ErrKind,
    line: usize,
    col: usize,
}

impl SerdeError {
    fn from(e: &serde_yaml::Error) -> Self {
        let (line, col) = e.location().map_or((0, 0), |l| (l.line(), l.column()));
        let mut s = e.to_string();
        let suffix = format!(" at line {line} column {col}");
        if s.ends_with(&suffix) {
            s.truncate(s.len() - suffix.len());
        }
        let mut path = Vec::new();
        if let Some((head, rest)) = s.split_once(": ") {
            let is_path = !head.is_empty()
                && head.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
            if is_path {
                path = head
                    .split('.')
                    .map(|seg| (seg.split('[').next().unwrap_or(seg).to_string(), seg.contains('[')))
                    .filter(|seg| !seg.0.is_empty())
                    .collect();
                s = rest.to_string();
            }
        }
        let ticks = backticked(&s);
        let kind = if let Some(rest) = s.strip_prefix("invalid type: ") {
            ErrKind::InvalidType(rest.to_string())
        } else if let Some(rest) = s.strip_prefix("invalid value: ") {
            ErrKind::InvalidValue(rest.to_string())
        } else if s.starts_with("unknown field `") && !ticks.is_empty() {
            ErrKind::UnknownField { field: ticks[0].clone(), expected: ticks[1..].to_vec() }
        } else if s.starts_with("missing field `") && !ticks.is_empty() {
            ErrKind::MissingField(ticks[0].clone())
        } else if s.starts_with("duplicate field `") && !ticks.is_empty() {
            ErrKind::DuplicateField(ticks[0].clone())
        } else if s.starts_with("unknown variant `") && !ticks.is_empty() {
            ErrKind::UnknownVariant { value: ticks[0].clone(), expected: ticks[1..].to_vec() }
        } else {
            ErrKind::Syntax(s)
        };
        SerdeError { path, kind, line, col }
    }

    fn message_key(&self) -> String {
        format!("{:?}", self.kind)
    }

    /// The mapping the error is about ("answer", "question", "tree" …).
    fn context(&self, field_is_last: bool) -> &'static str {
        let segs =
            if field_is_last && !self.path.is_empty() { &self.path[..self.path.len() - 1] } else { &self.path[..] };
        context_name(segs.last().map(|s| s.0.as_str()))
    }

    /// The key an invalid-type error is about, unless it is about a list item.
    fn field(&self) -> Option<&str> {
        self.path.last().filter(|s| !s.1).map(|s| s.0.as_str())
    }

    fn last_key(&self) -> Option<&str> {
        self.path.last().map(|s| s.0.as_str())
    }
}

/// libyaml messages repeat positions ("… at line 3 column 5, while parsing a block
/// mapping at line 1 column 1"); the diagnostic already has one.
fn strip_positions(msg: &str) -> String {
    let mut out = String::new();
    let mut rest = msg;
    while let Some(at) = rest.find(" at line ") {
        out.push_str(&rest[..at]);
        let tail = &rest[at + " at line ".len()..];
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let l = digits(tail);
        let after = tail[l..].strip_prefix(" column ").filter(|_| l > 0);
        match after {
            Some(t) if digits(t) > 0 => rest = &t[digits(t)..],
            _ => {
                out.push_str(" at line ");
                rest = tail;
            }
        }
    }
    out.push_str(rest);
    out
}

/// serde's "expected struct RawOutcome" / "enum OutcomeKind" in author terms.
fn plain_expected(detail: &str) -> String {
    let mut out = detail.to_string();
    for (prefix, plain) in [("struct ", "a mapping"), ("enum ", "one of positive, negative, caution, neutral")] {
        if let Some(at) = out.find(prefix) {
            let name_len = out[at + prefix.len()..]
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(out.len() - at - prefix.len());
            out.replace_range(at..at + prefix.len() + name_len, plain);
        }
    }
    out
}

fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn context_name(seg: Option<&str>) -> &'static str {
    match seg {
        None => "tree",
        Some("groups") => "group",
        Some("questions") => "question",
        Some("answers") => "answer",
        Some("outcomes") => "outcome",
        Some("links") => "link",
        Some(_) => "mapping",
    }
}

/// The words between backticks, in order.
fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_string).collect()
}

/// Turn a serde error into a diagnostic; also return the 0-based line to blank.
fn serde_diagnostic(cx: &Cx<'_>, se: &SerdeError) -> (Diagnostic, Option<usize>) {
    let mut pos = Pos { line: se.line, col: se.col, len: 1 };
    let line0 = se.line.checked_sub(1);
    let (message, hint) = match &se.kind {
        ErrKind::UnknownField { field, expected } => {
            pos.len = field.chars().count();
            let allowed = expected.join(", ");
            let hint = match did_you_mean(field, expected.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`? Allowed keys here: {allowed}"),
                None if allowed.is_empty() => "remove this key".to_string(),
                None => format!("allowed keys here: {allowed}"),
            };
            (format!("unknown key `{field}` in {}", se.context(false)), hint)
        }
        ErrKind::MissingField(field) => {
            let ctx = se.context(false);
            let hint = match field.as_str() {
                "next" => "add `next: <id>` naming the question or outcome this answer leads to".to_string(),
                "label" => "add `label: \"…\"`, the text of the answer".to_string(),
                "id" => format!("add `id: <id>` (lowercase letters, digits and `-`) to this {ctx}"),
                "kind" => "add `kind:` with one of positive, negative, caution, neutral".to_string(),
                other => format!("add `{other}: …` to this {ctx}"),
            };
            (format!("{ctx} is missing `{field}`"), hint)
        }
        ErrKind::DuplicateField(field) => {
            // serde points at the start of the mapping; point at the second key.
            let range = line0.and_then(|l| cx.outline.innermost_item(l)).unwrap_or((0, cx.outline.lines.len()));
            let top_only = se.path.is_empty();
            if let Some(h) = cx.outline.hits_in(range).filter(|h| h.key == *field && (!top_only || h.top)).nth(1) {
                pos = h.key_pos();
            }
            (
                format!("key `{field}` appears twice in {}", se.context(false)),
                format!("remove one of the two `{field}` keys"),
            )
        }
        ErrKind::InvalidType(detail) | ErrKind::InvalidValue(detail) => {
            let mut detail = plain_expected(detail);
            if let Some(at) = detail.find("expected a YAML tag") {
                // serde_yaml's wording for an enum given as a list or mapping.
                detail.replace_range(at.., "expected one of positive, negative, caution, neutral");
            }
            let hint = if detail.contains("expected a sequence") {
                "write a list, one `- ` item per line"
            } else if detail.contains("expected a string") {
                "write plain text; put it in quotes if it starts with a special character such as `[`, `{`, `*`, `&` or `!`"
            } else if detail.contains("expected a mapping") {
                "write `key: value` lines, indented under the list item"
            } else {
                "check the value's type against docs/authoring.md, \"Decision trees\""
            };
            let message = match se.field() {
                Some(f) => format!("wrong type for `{f}` in {}: {detail}", se.context(true)),
                None => format!("wrong type for {} {}: {detail}", article(se.context(false)), se.context(false)),
            };
            (message, hint.to_string())
        }
        ErrKind::UnknownVariant { value, expected } => {
            pos.len = value.chars().count().max(1);
            let is_kind = se.last_key() == Some("kind");
            let choices: Vec<&str> =
                if is_kind { KINDS.to_vec() } else { expected.iter().map(String::as_str).collect() };
            let hint = match did_you_mean(value, choices.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Use one of: {}", choices.join(", ")),
                None => format!("use one of: {}", choices.join(", ")),
            };
            let message =
                if is_kind { format!("invalid outcome kind `{value}`") } else { format!("invalid value `{value}`") };
            (message, hint)
        }
        ErrKind::Syntax(msg) => {
            let (message, hint) = if msg.contains("recursion limit exceeded") {
                ("YAML is nested too deeply".to_string(), "a tree needs only a few levels of indentation")
            } else if msg.contains("repetition limit exceeded") {
                (
                    "YAML aliases expand to too much data".to_string(),
                    "do not use anchors (`&`) and aliases (`*`) in tree files",
                )
            } else if msg.contains("more than one document") {
                ("file contains more than one YAML document".to_string(), "remove the `---` separator lines")
            } else {
                (
                    format!("YAML syntax error: {}", strip_positions(msg)),
                    "check the indentation (spaces, not tabs) and put text that contains `: ` or ` #`, or starts with a special character, in quotes",
                )
            };
            (message, hint.to_string())
        }
    };
    (cx.error(pos, message, hint), line0)
}

// ---------------------------------------------------------------------------
// Building and validating
// ---------------------------------------------------------------------------

fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A valid id close to `s`, for hints.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "my-id".to_string()
    } else {
        out
    }
}

/// Positions of the items of one top-level list, aligned with the parsed items.
struct ItemPositions {
    /// Per item: position of its id, and its line range when known.
    items: Vec<(Pos, Option<(usize, usize)>)>,
}

impl ItemPositions {
    fn new(cx: &Cx<'_>, section: &str, ids: &[&str]) -> Self {
        let o = cx.outline;
        let sec = o.section(section);
        let ranges = sec.map(|(l, end)| o.items_in(l + 1, end)).unwrap_or_default();
        let aligned = ranges.len() == ids.len();
        let fallback = sec.map_or(Pos { line: 1, col: 1, len: 1 }, |(l, _)| o.line_pos(l));
        let mut ordinal: HashMap<&str, usize> = HashMap::new();
        let items = ids
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let nth = {
                    let n = ordinal.entry(id).or_insert(0);
                    *n += 1;
                    *n - 1
                };
                if aligned {
                    let range = ranges[k];
                    let pos = o.first_hit(range, "id").map_or_else(|| o.line_pos(range.0), Hit::value_pos);
                    return (pos, Some(range));
                }
                let hit = sec.and_then(|range| o.hits_with_value(range, "id", id).nth(nth));
                match hit {
                    Some(h) => (h.value_pos(), ranges.iter().copied().find(|r| r.0 <= h.line && h.line < r.1)),
                    None => (fallback, None),
                }
            })
            .collect();
        ItemPositions { items }
    }

    fn pos(&self, k: usize) -> Pos {
        self.items.get(k).map_or(Pos { line: 1, col: 1, len: 1 }, |i| i.0)
    }

    fn range(&self, k: usize) -> Option<(usize, usize)> {
        self.items.get(k).and_then(|i| i.1)
    }
}

/// Position of `key` (its value) inside `range`, or `fallback`.
fn key_pos(cx: &Cx<'_>, range: Option<(usize, usize)>, key: &str, fallback: Pos) -> Pos {
    range.and_then(|r| cx.outline.first_hit(r, key)).map_or(fallback, Hit::value_pos)
}

fn build(cx: &Cx<'_>, raw: RawTree, diags: &mut Vec<Diagnostic>) -> Tree {
    let o = cx.outline;
    let top_range = (0, o.lines.len());
    let top_pos = |key: &str| {
        o.hits_in(top_range).find(|h| h.top && h.key == key).map_or(Pos { line: 1, col: 1, len: 1 }, Hit::value_pos)
    };
    let empty_text = |pos: Pos, key: &str, owner: &str| {
        cx.error(pos, format!("`{key}` of {owner} is empty"), "write the text readers should see")
    };
    if raw.title.trim().is_empty() {
        diags.push(empty_text(top_pos("title"), "title", "the tree"));
    }

    // Groups.
    let raw_groups = raw.groups.unwrap_or_default();
    let group_ids: Vec<&str> = raw_groups.iter().map(|g| g.id.as_str()).collect();
    let gpos = ItemPositions::new(cx, "groups", &group_ids);
    let mut group_lines: HashMap<String, usize> = HashMap::new();
    for (k, g) in raw_groups.iter().enumerate() {
        let pos = gpos.pos(k);
        if !valid_id(&g.id) {
            diags.push(invalid_id(cx, pos, &g.id));
        } else if let Some(first) = group_lines.get(&g.id) {
            diags.push(cx.error(
                pos,
                format!("duplicate group id `{}`: already used on line {first}", g.id),
                "group ids must be unique; rename or remove one of them",
            ));
        } else {
            group_lines.insert(g.id.clone(), pos.line);
        }
        if g.title.trim().is_empty() {
            diags.push(empty_text(key_pos(cx, gpos.range(k), "title", pos), "title", &format!("group `{}`", g.id)));
        }
    }
    let groups: Vec<Group> = raw_groups.into_iter().map(|g| Group { id: g.id, title: g.title }).collect();

    // Questions and outcomes.
    let raw_questions = raw.questions.unwrap_or_default();
    let raw_outcomes = raw.outcomes.unwrap_or_default();
    let qids: Vec<&str> = raw_questions.iter().map(|q| q.id.as_str()).collect();
    let oids: Vec<&str> = raw_outcomes.iter().map(|q| q.id.as_str()).collect();
    let qpos = ItemPositions::new(cx, "questions", &qids);
    let opos = ItemPositions::new(cx, "outcomes", &oids);

    let mut index: HashMap<String, NodeRef> = HashMap::new();
    let mut node_lines: HashMap<String, usize> = HashMap::new();
    let mut register = |id: &str, pos: Pos, node: NodeRef, diags: &mut Vec<Diagnostic>| {
        if !valid_id(id) {
            diags.push(invalid_id(cx, pos, id));
        }
        if let Some(first) = node_lines.get(id) {
            diags.push(cx.error(
                pos,
                format!("duplicate id `{id}`: already used on line {first}"),
                "ids must be unique across questions and outcomes; rename one of them (and the answers that lead to it)",
            ));
        } else {
            node_lines.insert(id.to_string(), pos.line);
            index.insert(id.to_string(), node);
        }
    };
    for (k, q) in raw_questions.iter().enumerate() {
        register(&q.id, qpos.pos(k), NodeRef::Question(k), diags);
    }
    for (k, out) in raw_outcomes.iter().enumerate() {
        register(&out.id, opos.pos(k), NodeRef::Outcome(k), diags);
    }
    let node_names: Vec<String> = qids.iter().chain(oids.iter()).map(|s| s.to_string()).collect();
    let suggest = |word: &str| did_you_mean(word, node_names.iter().map(String::as_str));
    // Nodes suggested for a misspelt `next`: not also reported as unreachable.
    let mut suggested: Vec<String> = Vec::new();

    // Start.
    let start_known = index.contains_key(&raw.start);
    if !start_known {
        let hint = match suggest(&raw.start) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "set `start` to the id of the first question".to_string(),
        };
        diags.push(cx.error(top_pos("start"), format!("start node `{}` does not exist", raw.start), hint));
    }

    // Questions: answers, groups, texts.
    let mut questions = Vec::with_capacity(raw_questions.len());
    // Per question, per answer: the position of its `next`.
    let mut next_pos: Vec<Vec<Pos>> = Vec::with_capacity(raw_questions.len());
    for (k, q) in raw_questions.into_iter().enumerate() {
        let pos = qpos.pos(k);
        let range = qpos.range(k);
        let answers = q.answers.unwrap_or_default();
        let answer_ranges = range.map(|r| o.sub_items(r, "answers")).unwrap_or_default();
        let aligned = answer_ranges.len() == answers.len();
        let mut positions = Vec::with_capacity(answers.len());
        for (j, a) in answers.iter().enumerate() {
            let ar = if aligned { answer_ranges.get(j).copied() } else { None };
            let p = ar
                .and_then(|r| o.first_hit(r, "next"))
                .or_else(|| range.and_then(|r| o.hits_with_value(r, "next", &a.next).next()))
                .map_or(pos, Hit::value_pos);
            positions.push(p);
            if a.label.trim().is_empty() {
                let lp = key_pos(cx, ar.or(range), "label", p);
                diags.push(empty_text(lp, "label", &format!("an answer of `{}`", q.id)));
            }
            if !index.contains_key(&a.next) {
                let hint = match suggest(&a.next) {
                    Some(s) => {
                        suggested.push(s.to_string());
                        format!("did you mean `{s}`?")
                    }
                    None => "`next` must be the id of a question or an outcome in this file".to_string(),
                };
                diags.push(cx.error(
                    p,
                    format!("answer \"{}\" of `{}` leads to unknown node `{}`", a.label, q.id, a.next),
                    hint,
                ));
            }
        }
        if answers.is_empty() {
            diags.push(cx.error(
                key_pos(cx, range, "answers", pos),
                format!("question `{}` has no answers", q.id),
                "add `answers:` with at least one `- label: …` / `next: …` item",
            ));
        }
        if let Some(g) = &q.group {
            if !group_lines.contains_key(g) {
                let hint = match did_you_mean(g, group_lines.keys().map(String::as_str)) {
                    Some(s) => format!("did you mean `{s}`? Otherwise declare it under `groups:`"),
                    None => format!("declare it under `groups:` as `- id: {g}` with a `title`, or remove `group`"),
                };
                diags.push(cx.error(
                    key_pos(cx, range, "group", pos),
                    format!("question `{}` uses group `{g}`, which is not declared", q.id),
                    hint,
                ));
            }
        }
        if q.question.trim().is_empty() {
            diags.push(empty_text(key_pos(cx, range, "question", pos), "question", &format!("`{}`", q.id)));
        }
        next_pos.push(positions);
        questions.push(Question {
            id: q.id,
            group: q.group,
            question: q.question,
            help: q.help,
            answers: answers.into_iter().map(|a| Answer { label: a.label, next: a.next }).collect(),
            line: pos.line,
        });
    }

    // Outcomes: links, texts.
    let mut outcomes = Vec::with_capacity(raw_outcomes.len());
    for (k, out) in raw_outcomes.into_iter().enumerate() {
        let pos = opos.pos(k);
        let range = opos.range(k);
        let raw_links = out.links.unwrap_or_default();
        let link_ranges = range.map(|r| o.sub_items(r, "links")).unwrap_or_default();
        let aligned = link_ranges.len() == raw_links.len();
        let mut links = Vec::with_capacity(raw_links.len());
        for (j, l) in raw_links.into_iter().enumerate() {
            let lr = if aligned { link_ranges.get(j).copied() } else { None };
            let p = lr
                .and_then(|r| o.first_hit(r, "href"))
                .or_else(|| range.and_then(|r| o.hits_with_value(r, "href", &l.href).next()))
                .map_or(pos, Hit::value_pos);
            if l.href.trim().is_empty() {
                diags.push(cx.error(
                    p,
                    format!("link \"{}\" of `{}` has an empty `href`", l.title, out.id),
                    "write a path relative to this file (e.g. ../page.md) or an https:// address",
                ));
            } else if let Some(scheme) = crate::trust::scheme(&l.href) {
                // Read as a browser reads it: `JavaScript:`, ` javascript:` and `java\tscript:`
                // are all `javascript:`.
                if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
                    diags.push(cx.error(
                        p,
                        format!("link `{}` uses the unsupported scheme `{scheme}:`", l.href.escape_debug()),
                        "use a path relative to this file (e.g. ../page.md) or an https:// address",
                    ));
                }
            }
            if l.title.trim().is_empty() {
                let tp = key_pos(cx, lr, "title", p);
                diags.push(empty_text(tp, "title", &format!("a link of `{}`", out.id)));
            }
            links.push(TreeLink { title: l.title, href: l.href, line: p.line, col: p.col });
        }
        if out.verdict.trim().is_empty() {
            diags.push(empty_text(key_pos(cx, range, "verdict", pos), "verdict", &format!("`{}`", out.id)));
        }
        outcomes.push(Outcome {
            id: out.id,
            verdict: out.verdict,
            kind: out.kind,
            explanation: out.explanation,
            links,
            line: pos.line,
        });
    }

    let tree = Tree { title: raw.title, start: raw.start, groups, questions, outcomes, index };
    let graph = Graph { qpos: &qpos, opos: &opos, next_pos: &next_pos, start_known, suggested: &suggested };
    check_graph(cx, &tree, &graph, diags);
    tree
}

fn invalid_id(cx: &Cx<'_>, pos: Pos, id: &str) -> Diagnostic {
    cx.error(
        pos,
        format!("invalid id `{id}`: ids may contain only lowercase letters a-z, digits and `-`"),
        format!("write it as `{}`", slugify(id)),
    )
}

/// What the graph checks need besides the tree: positions and earlier findings.
struct Graph<'a> {
    qpos: &'a ItemPositions,
    opos: &'a ItemPositions,
    /// Per question, per answer: the position of its `next`.
    next_pos: &'a [Vec<Pos>],
    start_known: bool,
    /// Nodes offered as "did you mean" for a misspelt `next`.
    suggested: &'a [String],
}

/// Reachability from the start and cycles, both iterative.
fn check_graph(cx: &Cx<'_>, tree: &Tree, g: &Graph<'_>, diags: &mut Vec<Diagnostic>) {
    let (qpos, opos, next_pos) = (g.qpos, g.opos, g.next_pos);
    let nq = tree.questions.len();
    let n = nq + tree.outcomes.len();
    let slot = |r: NodeRef| match r {
        NodeRef::Question(i) => i,
        NodeRef::Outcome(i) => nq + i,
    };
    let resolve = |id: &str| tree.index.get(id).copied().map(slot);
    // Only the first node with a given id takes part in the graph.
    let canonical = |i: usize| {
        let (id, me) = if i < nq {
            (&tree.questions[i].id, NodeRef::Question(i))
        } else {
            (&tree.outcomes[i - nq].id, NodeRef::Outcome(i - nq))
        };
        tree.index.get(id) == Some(&me)
    };
    let edges: Vec<Vec<Option<usize>>> =
        tree.questions.iter().map(|q| q.answers.iter().map(|a| resolve(&a.next)).collect()).collect();
    let id_of = |i: usize| {
        if i < nq {
            &tree.questions[i].id
        } else {
            &tree.outcomes[i - nq].id
        }
    };
    let pos_of = |i: usize| {
        if i < nq {
            qpos.pos(i)
        } else {
            opos.pos(i - nq)
        }
    };

    // Reachability (breadth-first).
    let start = resolve(&tree.start);
    if let (true, Some(s)) = (g.start_known, start) {
        // Nodes suggested for a misspelt `next` count as reached: the typo is
        // already reported, and what hangs below it is not a separate problem.
        let mut seen = vec![false; n];
        let mut queue = VecDeque::from([s]);
        seen[s] = true;
        for v in g.suggested.iter().filter_map(|id| resolve(id)) {
            if !seen[v] {
                seen[v] = true;
                queue.push_back(v);
            }
        }
        while let Some(u) = queue.pop_front() {
            for v in edges.get(u).into_iter().flatten().flatten() {
                if !seen[*v] {
                    seen[*v] = true;
                    queue.push_back(*v);
                }
            }
        }
        let unreachable: Vec<usize> = (0..n).filter(|i| !seen[*i] && canonical(*i)).collect();
        for &i in unreachable.iter().take(MAX_UNREACHABLE_ERRORS) {
            diags.push(cx.error(
                pos_of(i),
                format!("`{}` cannot be reached from the start node `{}`", id_of(i), tree.start),
                format!("make an answer's `next` lead to `{}`, or remove it", id_of(i)),
            ));
        }
        if let Some(&i) = unreachable.get(MAX_UNREACHABLE_ERRORS) {
            let rest = unreachable.len() - MAX_UNREACHABLE_ERRORS;
            diags.push(cx.error(
                pos_of(i),
                format!(
                    "{rest} more nodes cannot be reached from the start node `{}`, starting with `{}`",
                    tree.start,
                    id_of(i)
                ),
                "check the `next` of the answers above them; a misspelt `next` cuts off everything below it",
            ));
        }
    }

    // Cycles (depth-first with an explicit stack; 0 = new, 1 = on the path, 2 = done).
    let mut colour = vec![0u8; n];
    let mut depth_of = vec![0usize; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut reported = 0;
    let roots = start.into_iter().chain(0..n);
    for root in roots {
        if colour[root] != 0 {
            continue;
        }
        colour[root] = 1;
        depth_of[root] = 0;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (u, j) = *top;
            let Some(v) = edges.get(u).and_then(|e| e.get(j)) else {
                colour[u] = 2;
                stack.pop();
                continue;
            };
            top.1 += 1;
            let Some(v) = *v else { continue };
            match colour[v] {
                0 => {
                    colour[v] = 1;
                    depth_of[v] = stack.len();
                    stack.push((v, 0));
                }
                1 if reported < MAX_CYCLE_ERRORS => {
                    reported += 1;
                    let members: Vec<usize> = stack[depth_of[v]..].iter().map(|(x, _)| *x).collect();
                    let mut names: Vec<String> = members.iter().map(|x| format!("`{}`", id_of(*x))).collect();
                    if names.len() > 12 {
                        let tail = names.split_off(names.len() - 5);
                        names.truncate(6);
                        names.push("…".to_string());
                        names.extend(tail);
                    }
                    names.push(format!("`{}`", id_of(v)));
                    let p = next_pos.get(u).and_then(|ps| ps.get(j)).copied().unwrap_or_else(|| pos_of(u));
                    diags.push(cx.error(
                        p,
                        format!("answers loop back to an earlier question: {}", names.join(" → ")),
                        "a tree must always move forward to an outcome: point this answer to a later question or to an outcome",
                    ));
                }
                _ => {}
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Outline: a tiny YAML lexer that finds where keys and values are
// ---------------------------------------------------------------------------

/// A scalar on a line: its text (unquoted), 1-based char column and length as written.
#[derive(Debug, Clone)]
struct Span {
    text: String,
    col: usize,
    len: usize,
}

/// A `key: value` (value may be absent, e.g. `answers:` followed by a list).
#[derive(Debug, Clone)]
struct Hit {
    /// 0-based line.
    line: usize,
    key: String,
    key_col: usize,
    /// A top-level key (column 1, block context).
    top: bool,
    value: Option<Span>,
}

impl Hit {
    fn key_pos(&self) -> Pos {
        Pos { line: self.line + 1, col: self.key_col, len: self.key.chars().count().max(1) }
    }

    /// The value's position, or the key's when there is no value on the line.
    fn value_pos(&self) -> Pos {
        match &self.value {
            Some(v) => Pos { line: self.line + 1, col: v.col, len: v.len.max(1) },
            None => self.key_pos(),
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct LineInfo {
    indent: usize,
    /// The line starts in block context with a token (not blank, not a comment, not
    /// inside a block scalar, a quoted scalar or a flow collection).
    structural: bool,
    /// A structural line whose first token is a `- ` sequence entry.
    dash: bool,
}

enum Tok {
    Scalar(Span),
    Colon,
    Dash(usize),
    Other,
}

struct Outline {
    lines: Vec<LineInfo>,
    hits: Vec<Hit>,
    /// (key, value) → indexes into `hits`.
    by_value: HashMap<(String, String), Vec<usize>>,
    /// Top-level keys and their 0-based lines.
    top: Vec<(String, usize)>,
}

fn unquote(chars: &[char], q: char) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if q == '"' && c == '\\' {
            if let Some(n) = chars.get(i + 1) {
                out.push(*n);
            }
            i += 2;
            continue;
        }
        if q == '\'' && c == '\'' {
            i += 1;
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
        i += 1;
    }
    out
}

impl Outline {
    fn new(text: &str) -> Self {
        let mut lines = Vec::new();
        let mut hits = Vec::new();
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let mut block_parent: Option<usize> = None;
        for (ln, raw) in text.split('\n').enumerate() {
            let line = raw.strip_suffix('\r').unwrap_or(raw);
            let chars: Vec<char> = line.chars().collect();
            let n = chars.len();
            let indent = chars.iter().take_while(|c| **c == ' ').count();
            let blank = chars[indent..].iter().all(|c| c.is_whitespace());
            let mut info = LineInfo { indent, structural: false, dash: false };
            if let Some(parent) = block_parent {
                if blank || indent > parent {
                    lines.push(info);
                    continue;
                }
                block_parent = None;
            }
            let doc_marker = line.starts_with("---") || line.starts_with("...") || line.starts_with('%');
            if doc_marker && quote.is_none() && depth == 0 {
                lines.push(info);
                continue;
            }
            let mut i = indent;
            let mut tok_start = true;
            let starts_inside = quote.is_some() || depth > 0;
            if let Some(q) = quote {
                match close_quote(&chars, 0, q) {
                    Some(end) => {
                        quote = None;
                        i = end + 1;
                        tok_start = false;
                    }
                    None => {
                        lines.push(info);
                        continue;
                    }
                }
            }
            info.structural = !starts_inside && !blank && chars.get(indent) != Some(&'#');
            let mut toks: Vec<Tok> = Vec::new();
            while i < n {
                let c = chars[i];
                if is_blank(c) {
                    i += 1;
                    continue;
                }
                if c == '#' && (i == 0 || is_blank(chars[i - 1])) {
                    break;
                }
                let next_blank = i + 1 >= n || is_blank(chars[i + 1]);
                if (depth > 0 && is_flow_indicator(c)) || (depth == 0 && tok_start && matches!(c, '[' | '{')) {
                    match c {
                        '[' | '{' => depth += 1,
                        ']' | '}' => depth = depth.saturating_sub(1),
                        _ => {}
                    }
                    toks.push(Tok::Other);
                    tok_start = true;
                    i += 1;
                    continue;
                }
                if c == ':' && (next_blank || (depth > 0 && chars.get(i + 1).is_some_and(|x| is_flow_indicator(*x)))) {
                    toks.push(Tok::Colon);
                    tok_start = true;
                    i += 1;
                    continue;
                }
                if (c == '-' || c == '?') && next_blank && tok_start {
                    if c == '-' && toks.is_empty() && depth == 0 && i == indent {
                        info.dash = info.structural;
                    }
                    toks.push(if c == '-' { Tok::Dash(i) } else { Tok::Other });
                    tok_start = true;
                    i += 1;
                    continue;
                }
                if tok_start && matches!(c, '&' | '!' | '*') {
                    while i < n && !is_blank(chars[i]) && !(depth > 0 && is_flow_indicator(chars[i])) {
                        i += 1;
                    }
                    toks.push(Tok::Other);
                    tok_start = c != '*';
                    continue;
                }
                if tok_start && depth == 0 && matches!(c, '|' | '>') {
                    // Block scalar: following lines indented deeper than its parent
                    // node (the key or `-` before it) are content.
                    let parent = toks
                        .iter()
                        .enumerate()
                        .rev()
                        .find_map(|(k, t)| match t {
                            Tok::Colon => match k.checked_sub(1).and_then(|p| toks.get(p)) {
                                Some(Tok::Scalar(s)) => Some(s.col - 1),
                                _ => None,
                            },
                            Tok::Dash(col) => Some(*col),
                            _ => None,
                        })
                        .unwrap_or(indent);
                    block_parent = Some(parent);
                    toks.push(Tok::Other);
                    break;
                }
                if tok_start && matches!(c, '\'' | '"') {
                    match close_quote(&chars, i + 1, c) {
                        Some(end) => {
                            toks.push(Tok::Scalar(Span {
                                text: unquote(&chars[i + 1..end], c),
                                col: i + 1,
                                len: end - i + 1,
                            }));
                            i = end + 1;
                            tok_start = false;
                            continue;
                        }
                        None => {
                            quote = Some(c);
                            toks.push(Tok::Other);
                            break;
                        }
                    }
                }
                // Plain scalar.
                let start = i;
                let mut j = i;
                while j < n {
                    let cj = chars[j];
                    let nb = j + 1 >= n || is_blank(chars[j + 1]);
                    if cj == ':' && (nb || (depth > 0 && is_flow_indicator(chars[j + 1]))) {
                        break;
                    }
                    if cj == '#' && j > start && is_blank(chars[j - 1]) {
                        break;
                    }
                    if depth > 0 && is_flow_indicator(cj) {
                        break;
                    }
                    j += 1;
                }
                let mut e = j;
                while e > start && is_blank(chars[e - 1]) {
                    e -= 1;
                }
                toks.push(Tok::Scalar(Span { text: chars[start..e].iter().collect(), col: start + 1, len: e - start }));
                tok_start = false;
                i = if j > start { j } else { j + 1 };
            }
            for (k, t) in toks.iter().enumerate() {
                let (Tok::Scalar(key), Some(Tok::Colon)) = (t, toks.get(k + 1)) else {
                    continue;
                };
                let value = match (toks.get(k + 2), toks.get(k + 3)) {
                    (Some(Tok::Scalar(v)), next) if !matches!(next, Some(Tok::Colon)) => Some(v.clone()),
                    _ => None,
                };
                hits.push(Hit {
                    line: ln,
                    key: key.text.clone(),
                    key_col: key.col,
                    top: k == 0 && info.structural && indent == 0,
                    value,
                });
            }
            lines.push(info);
        }
        let mut by_value: HashMap<(String, String), Vec<usize>> = HashMap::new();
        for (i, h) in hits.iter().enumerate() {
            if let Some(v) = &h.value {
                by_value.entry((h.key.clone(), v.text.clone())).or_default().push(i);
            }
        }
        let top = hits.iter().filter(|h| h.top).map(|h| (h.key.clone(), h.line)).collect();
        Outline { lines, hits, by_value, top }
    }

    fn line_pos(&self, line0: usize) -> Pos {
        Pos { line: line0 + 1, col: self.lines.get(line0).map_or(0, |l| l.indent) + 1, len: 1 }
    }

    /// The hits on lines `range.0 .. range.1`, in order.
    fn hits_in(&self, range: (usize, usize)) -> impl Iterator<Item = &Hit> {
        let from = self.hits.partition_point(|h| h.line < range.0);
        self.hits[from..].iter().take_while(move |h| h.line < range.1)
    }

    fn first_hit(&self, range: (usize, usize), key: &str) -> Option<&Hit> {
        self.hits_in(range).find(|h| h.key == key)
    }

    fn hits_with_value<'s>(&'s self, range: (usize, usize), key: &str, value: &str) -> impl Iterator<Item = &'s Hit> {
        self.by_value
            .get(&(key.to_string(), value.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|i| self.hits.get(*i))
            .filter(move |h| range.0 <= h.line && h.line < range.1)
    }

    /// Line range (key line, end exclusive) of a top-level key.
    fn section(&self, name: &str) -> Option<(usize, usize)> {
        let k = self.top.iter().position(|(key, _)| key == name)?;
        let start = self.top[k].1;
        let end = self.top.get(k + 1).map_or(self.lines.len(), |t| t.1);
        Some((start, end))
    }

    /// The block-sequence items in lines `from .. to`: each a line range starting
    /// at its `- ` line.
    fn items_in(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let to = to.min(self.lines.len());
        let Some(first) = (from..to).find(|l| self.lines[*l].structural) else {
            return Vec::new();
        };
        if !self.lines[first].dash {
            return Vec::new();
        }
        let d = self.lines[first].indent;
        let mut items = Vec::new();
        let mut cur = first;
        let mut end = to;
        for l in first + 1..to {
            let info = self.lines[l];
            if !info.structural {
                continue;
            }
            if info.indent < d || (info.indent == d && !info.dash) {
                end = l;
                break;
            }
            if info.indent == d {
                items.push((cur, l));
                cur = l;
            }
        }
        items.push((cur, end));
        items
    }

    /// The items of the list under `key` inside an item.
    fn sub_items(&self, item: (usize, usize), key: &str) -> Vec<(usize, usize)> {
        match self.first_hit(item, key) {
            Some(h) if h.value.is_none() => self.items_in(h.line + 1, item.1),
            _ => Vec::new(),
        }
    }

    /// The smallest list item (group, question, answer, outcome, link) holding `line`.
    fn innermost_item(&self, line: usize) -> Option<(usize, usize)> {
        let (name, start) = self.top.iter().rev().find(|(_, l)| *l <= line)?;
        let (start, end) = self.section(name).filter(|s| s.0 == *start)?;
        let item = self.items_in(start + 1, end).into_iter().find(|r| r.0 <= line && line < r.1)?;
        for key in ["answers", "links"] {
            if let Some(sub) = self.sub_items(item, key).into_iter().find(|r| r.0 <= line && line < r.1) {
                return Some(sub);
            }
        }
        Some(item)
    }

    /// What to blank after a structural error on `line`: the innermost list item,
    /// or a whole unknown top-level key.
    fn blankable(&self, line: usize) -> Option<(usize, usize)> {
        let (name, start) = self.top.iter().rev().find(|(_, l)| *l <= line)?;
        if !TOP_KEYS.contains(&name.as_str()) {
            return self.section(name).filter(|s| s.0 == *start);
        }
        if !matches!(name.as_str(), "groups" | "questions" | "outcomes") {
            return None;
        }
        self.innermost_item(line)
    }
}

// ---------------------------------------------------------------------------
// HTML
// ---------------------------------------------------------------------------

/// Escape text for HTML (and XML) text and attribute contexts. Control characters
/// other than tab and newline are dropped (they are not allowed in XML).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' => {}
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// Paragraphs separated by blank lines, each as `<p class="…">`.
fn paragraphs(out: &mut String, class: &str, text: &str) {
    let mut para: Vec<&str> = Vec::new();
    let lines = text.lines().chain(std::iter::once(""));
    for line in lines {
        if line.trim().is_empty() {
            if !para.is_empty() {
                let _ = writeln!(out, "<p class=\"{class}\">{}</p>", escape(para.join(" ").trim()));
                para.clear();
            }
        } else {
            para.push(line.trim());
        }
    }
}

impl Tree {
    /// The element ids the rendered HTML gives the tree and its nodes, for `prefix`.
    pub fn anchors(&self, prefix: &str) -> Vec<String> {
        let nodes = self.questions.iter().map(|q| &q.id).chain(self.outcomes.iter().map(|o| &o.id));
        std::iter::once(prefix.to_string()).chain(nodes.map(|id| format!("{prefix}-{id}"))).collect()
    }

    /// Every outcome link, with position, for the caller to resolve/check (href is
    /// relative to the YAML file, may have #anchor, may be external https://).
    pub fn links(&self) -> Vec<&TreeLink> {
        self.outcomes.iter().flat_map(|o| o.links.iter()).collect()
    }

    fn group_title(&self, id: &str) -> Option<&str> {
        self.groups.iter().find(|g| g.id == id).map(|g| g.title.as_str())
    }

    /// Compile to HTML. `resolve(href)` returns the final URL to emit for a link
    /// (the caller has already checked them). `id_prefix` namespaces element ids.
    ///
    /// Without JavaScript, answers are links to `#{prefix}-{node}` and CSS `:target`
    /// shows one node at a time (see `tree.css`); `tree.js` turns it into a wizard.
    /// Element ids: `{prefix}` (the tree), `{prefix}__title` (its h2 title),
    /// `{prefix}-{node}` (a node's section), `{prefix}-{node}__h` (its h3). Node ids
    /// are `[a-z0-9-]+`, so `__` cannot collide; `id_prefix` should be `[a-z0-9-]+` too.
    pub fn render_html(&self, id_prefix: &str, resolve: &dyn Fn(&str) -> String) -> String {
        let p = escape(id_prefix);
        let mut out = String::new();
        let _ = writeln!(out, "<div class=\"tree\" data-tree data-start=\"{}\" id=\"{p}\">", escape(&self.start));
        let _ = writeln!(out, "<h2 class=\"tree-title\" id=\"{p}__title\">{}</h2>", escape(&self.title));
        let open = |out: &mut String, id: &str, classes: &str, extra: &str| {
            let id = escape(id);
            let start = if escape(&self.start) == id { " data-start" } else { "" };
            let _ = writeln!(
                out,
                "<section class=\"tree-node {classes}\" id=\"{p}-{id}\" data-node=\"{id}\"{extra}{start} tabindex=\"-1\" aria-labelledby=\"{p}-{id}__h\">"
            );
        };
        for q in &self.questions {
            let id = escape(&q.id);
            open(&mut out, &q.id, "tree-question", "");
            if let Some(title) = q.group.as_deref().and_then(|g| self.group_title(g)) {
                let _ = writeln!(out, "<p class=\"tree-group\">{}</p>", escape(title));
            }
            let _ = writeln!(
                out,
                "<h3 class=\"tree-heading\" id=\"{p}-{id}__h\" tabindex=\"-1\">{}</h3>",
                escape(&q.question)
            );
            if let Some(help) = &q.help {
                paragraphs(&mut out, "tree-help", help);
            }
            out.push_str("<ul class=\"tree-answers\">\n");
            for a in &q.answers {
                let next = escape(&a.next);
                let _ = writeln!(
                    out,
                    "<li><a href=\"#{p}-{next}\" class=\"tree-answer\" data-next=\"{next}\">{}</a></li>",
                    escape(&a.label)
                );
            }
            out.push_str("</ul>\n</section>\n");
        }
        for o in &self.outcomes {
            let id = escape(&o.id);
            let kind = o.kind.as_str();
            open(&mut out, &o.id, &format!("tree-outcome tree-outcome--{kind}"), &format!(" data-kind=\"{kind}\""));
            let _ = writeln!(out, "<p class=\"tree-kind\">{}</p>", escape(o.kind.label()));
            let _ = writeln!(
                out,
                "<h3 class=\"tree-heading\" id=\"{p}-{id}__h\" tabindex=\"-1\">{}</h3>",
                escape(&o.verdict)
            );
            paragraphs(&mut out, "tree-explanation", &o.explanation);
            if !o.links.is_empty() {
                out.push_str("<h4 class=\"tree-links-title\">Read more</h4>\n<ul class=\"tree-links\">\n");
                for l in &o.links {
                    let _ =
                        writeln!(out, "<li><a href=\"{}\">{}</a></li>", escape(&resolve(&l.href)), escape(&l.title));
                }
                out.push_str("</ul>\n");
            }
            let _ = writeln!(
                out,
                "<p class=\"tree-again\"><a href=\"#{p}-{}\" class=\"tree-restart\">Start again</a></p>",
                escape(&self.start)
            );
            out.push_str("</section>\n");
        }
        out.push_str("</div>\n");
        out
    }
}

// ---------------------------------------------------------------------------
// SVG flowchart
// ---------------------------------------------------------------------------

const BOX_W: f64 = 220.0;
const DUMMY_W: f64 = 16.0;
const PAD: f64 = 10.0;
const LINE_H: f64 = 16.0;
const SMALL_H: f64 = 14.0;
const GAP_X: f64 = 28.0;
const GAP_Y: f64 = 64.0;
const MARGIN: f64 = 16.0;
const WRAP: usize = 28;
const LABEL_MAX: usize = 24;

/// Greedy word wrap to `width` characters; long words are cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
        let wl = word.len();
        if cur_len > 0 && cur_len + 1 + wl > width {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 {
            cur.push(' ');
            cur_len += 1;
        }
        cur.extend(word);
        cur_len += wl;
    }
    if cur_len > 0 || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

fn truncate(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        text
    } else {
        let mut s: String = text.chars().take(max - 1).collect();
        s = s.trim_end().to_string();
        s.push('…');
        s
    }
}

fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Fill and stroke for an outcome kind (light; `tree.css` adjusts for dark mode).
fn kind_colours(kind: OutcomeKind) -> (&'static str, &'static str) {
    match kind {
        OutcomeKind::Positive => ("#e7f5ea", "#1e7b34"),
        OutcomeKind::Negative => ("#fdecec", "#b3261e"),
        OutcomeKind::Caution => ("#fff4dc", "#8a5300"),
        OutcomeKind::Neutral => ("#eef1f4", "#5f6368"),
    }
}

/// A node of the layered layout: a real node or a dummy on a long edge.
struct VNode {
    layer: usize,
    w: f64,
    x: f64,
    up: Vec<usize>,
    down: Vec<usize>,
}

/// An edge label waiting for a position on its edge's first segment.
struct PendingLabel {
    row: usize,
    a: (f64, f64),
    b: (f64, f64),
    straight: bool,
    full: String,
    text: String,
    w: f64,
}

impl PendingLabel {
    /// The point at `t` on the segment as drawn (a vertical-tangent cubic or a line).
    fn at(&self, t: f64) -> (f64, f64) {
        let (a, b) = (self.a, self.b);
        if self.straight || (a.0 - b.0).abs() < 0.01 {
            return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        }
        let dy = (b.1 - a.1) / 2.0;
        let u = 1.0 - t;
        let (c0, c1, c2, c3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (c0 * a.0 + c1 * a.0 + c2 * b.0 + c3 * b.0, c0 * a.1 + c1 * (a.1 + dy) + c2 * (b.1 - dy) + c3 * b.1)
    }
}

/// One text line of a box: text, font size, bold, fill.
struct TextLine {
    text: String,
    size: f64,
    bold: bool,
    fill: &'static str,
}

impl Tree {
    fn slot(&self, id: &str) -> Option<usize> {
        self.index.get(id).map(|r| match r {
            NodeRef::Question(i) => *i,
            NodeRef::Outcome(i) => self.questions.len() + i,
        })
    }

    /// A build-time SVG flowchart of the whole tree: layered top to bottom
    /// (longest-path layering, dummy nodes on long edges, barycentre ordering),
    /// scalable (`viewBox`, no fixed size), with every node's full text.
    pub fn render_svg(&self) -> String {
        let nq = self.questions.len();
        let n = nq + self.outcomes.len();

        // Box contents and sizes.
        let boxes: Vec<Vec<TextLine>> = (0..n)
            .map(|i| {
                let mut lines = Vec::new();
                if i < nq {
                    let q = &self.questions[i];
                    if let Some(t) = q.group.as_deref().and_then(|g| self.group_title(g)) {
                        lines.push(TextLine { text: truncate(t, WRAP + 4), size: 11.0, bold: false, fill: "#4a4f55" });
                    }
                    for l in wrap(&q.question, WRAP) {
                        lines.push(TextLine { text: l, size: 13.0, bold: false, fill: "#1a1a1a" });
                    }
                } else {
                    let o = &self.outcomes[i - nq];
                    let (_, stroke) = kind_colours(o.kind);
                    let fill = match o.kind {
                        OutcomeKind::Positive => "#14532d",
                        OutcomeKind::Negative => "#8c1d18",
                        OutcomeKind::Caution => "#6b4000",
                        OutcomeKind::Neutral => stroke,
                    };
                    lines.push(TextLine { text: o.kind.label().to_uppercase(), size: 11.0, bold: true, fill });
                    for l in wrap(&o.verdict, WRAP) {
                        lines.push(TextLine { text: l, size: 13.0, bold: true, fill: "#1a1a1a" });
                    }
                }
                lines
            })
            .collect();
        let heights: Vec<f64> = boxes
            .iter()
            .map(|ls| 2.0 * PAD + ls.iter().map(|l| if l.size < 13.0 { SMALL_H } else { LINE_H }).sum::<f64>())
            .collect();

        // Edges in answer order: (from, to, question index, answer index).
        let mut edges: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (qi, q) in self.questions.iter().enumerate() {
            for (j, a) in q.answers.iter().enumerate() {
                if let Some(v) = self.slot(&a.next) {
                    edges.push((qi, v, qi, j));
                    out_edges[qi].push(v);
                }
            }
        }

        // Longest-path layering (Kahn), start first.
        let mut indeg = vec![0usize; n];
        for &(_, v, _, _) in &edges {
            indeg[v] += 1;
        }
        let start = self.slot(&self.start);
        let mut queue: VecDeque<usize> = start.filter(|s| indeg[*s] == 0).into_iter().collect();
        queue.extend((0..n).filter(|i| indeg[*i] == 0 && Some(*i) != start));
        let mut layer = vec![0usize; n];
        let mut done = vec![false; n];
        while let Some(u) = queue.pop_front() {
            done[u] = true;
            for &v in &out_edges[u] {
                layer[v] = layer[v].max(layer[u] + 1);
                indeg[v] -= 1;
                if indeg[v] == 0 {
                    queue.push_back(v);
                }
            }
        }
        let mut max_layer = layer.iter().copied().max().unwrap_or(0);
        for i in 0..n {
            if !done[i] {
                // Only in invalid (cyclic) trees: park leftovers on their own rows.
                max_layer += 1;
                layer[i] = max_layer;
            }
        }

        // Virtual nodes: real ones first, then dummies for edges spanning rows.
        let mut vn: Vec<VNode> =
            (0..n).map(|i| VNode { layer: layer[i], w: BOX_W, x: 0.0, up: Vec::new(), down: Vec::new() }).collect();
        let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
        for &(u, v, _, _) in &edges {
            let mut chain = vec![u];
            if layer[v] > layer[u] {
                for l in layer[u] + 1..layer[v] {
                    vn.push(VNode { layer: l, w: DUMMY_W, x: 0.0, up: Vec::new(), down: Vec::new() });
                    chain.push(vn.len() - 1);
                }
                chain.push(v);
                for w in chain.windows(2) {
                    vn[w[0]].down.push(w[1]);
                    vn[w[1]].up.push(w[0]);
                }
            } else {
                chain.push(v);
            }
            chains.push(chain);
        }
        let rows = max_layer + 1;

        // Initial order: breadth-first discovery from the start, following answers.
        let mut discovered = vec![usize::MAX; vn.len()];
        let mut counter = 0;
        let mut bfs: VecDeque<usize> = VecDeque::new();
        for root in start.into_iter().chain(0..n) {
            if discovered[root] != usize::MAX {
                continue;
            }
            discovered[root] = counter;
            counter += 1;
            bfs.push_back(root);
            while let Some(u) = bfs.pop_front() {
                for k in 0..vn[u].down.len() {
                    let v = vn[u].down[k];
                    if discovered[v] == usize::MAX {
                        discovered[v] = counter;
                        counter += 1;
                        bfs.push_back(v);
                    }
                }
            }
        }
        let mut layers: Vec<Vec<usize>> = vec![Vec::new(); rows];
        for (i, v) in vn.iter().enumerate() {
            layers[v.layer].push(i);
        }
        for l in &mut layers {
            l.sort_by_key(|i| discovered[*i]);
        }
        let mut pos = vec![0.0f64; vn.len()];
        let set_pos = |layers: &Vec<Vec<usize>>, pos: &mut Vec<f64>| {
            for l in layers {
                for (k, i) in l.iter().enumerate() {
                    pos[*i] = k as f64;
                }
            }
        };
        set_pos(&layers, &mut pos);

        // Barycentre sweeps, keeping the order with the fewest crossings.
        let crossings = |layers: &Vec<Vec<usize>>, pos: &Vec<f64>| -> usize {
            let mut total = 0;
            for l in layers.iter().take(rows.saturating_sub(1)) {
                let mut segs: Vec<(f64, f64)> = Vec::new();
                for &u in l {
                    for &v in &vn[u].down {
                        segs.push((pos[u], pos[v]));
                    }
                }
                if segs.len() > 400 {
                    continue;
                }
                for a in 0..segs.len() {
                    for b in a + 1..segs.len() {
                        let (s, t) = (segs[a], segs[b]);
                        if (s.0 - t.0) * (s.1 - t.1) < 0.0 {
                            total += 1;
                        }
                    }
                }
            }
            total
        };
        let mut best = (crossings(&layers, &pos), layers.clone());
        for _ in 0..6 {
            for down in [true, false] {
                let order: Vec<usize> =
                    if down { (1..rows).collect() } else { (0..rows.saturating_sub(1)).rev().collect() };
                for l in order {
                    let mut keyed: Vec<(f64, usize)> = layers[l]
                        .iter()
                        .map(|&i| {
                            let nb = if down { &vn[i].up } else { &vn[i].down };
                            let key = if nb.is_empty() {
                                pos[i]
                            } else {
                                nb.iter().map(|j| pos[*j]).sum::<f64>() / nb.len() as f64
                            };
                            (key, i)
                        })
                        .collect();
                    keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                    layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
                    for (k, i) in layers[l].iter().enumerate() {
                        pos[*i] = k as f64;
                    }
                }
            }
            let c = crossings(&layers, &pos);
            if c < best.0 {
                best = (c, layers.clone());
            }
        }
        let layers = best.1;

        // Horizontal placement: pack each row, then pull nodes towards the mean of
        // their neighbours; each row's placement is the mean of a left-packed and
        // a right-packed solution, which both keep the minimum spacing.
        for l in &layers {
            let mut x = 0.0;
            for &i in l {
                vn[i].x = x + vn[i].w / 2.0;
                x += vn[i].w + GAP_X;
            }
        }
        let place = |vn: &mut Vec<VNode>, row: &[usize], desired: &[f64]| {
            let m = row.len();
            if m == 0 {
                return;
            }
            let sep = |a: usize, b: usize| (vn[row[a]].w + vn[row[b]].w) / 2.0 + GAP_X;
            let mut left = desired.to_vec();
            for k in 1..m {
                left[k] = left[k].max(left[k - 1] + sep(k - 1, k));
            }
            let mut right = desired.to_vec();
            for k in (0..m - 1).rev() {
                right[k] = right[k].min(right[k + 1] - sep(k, k + 1));
            }
            for k in 0..m {
                vn[row[k]].x = (left[k] + right[k]) / 2.0;
            }
        };
        for _ in 0..4 {
            for down in [true, false] {
                let order: Vec<usize> =
                    if down { (1..rows).collect() } else { (0..rows.saturating_sub(1)).rev().collect() };
                for l in order {
                    let desired: Vec<f64> = layers[l]
                        .iter()
                        .map(|&i| {
                            let nb = if down { &vn[i].up } else { &vn[i].down };
                            if nb.is_empty() {
                                vn[i].x
                            } else {
                                nb.iter().map(|j| vn[*j].x).sum::<f64>() / nb.len() as f64
                            }
                        })
                        .collect();
                    place(&mut vn, &layers[l], &desired);
                }
            }
        }
        let min_x = vn.iter().map(|v| v.x - v.w / 2.0).fold(f64::INFINITY, f64::min);
        let shift = if min_x.is_finite() { MARGIN - min_x } else { MARGIN };
        for v in &mut vn {
            v.x += shift;
        }
        let width = vn.iter().map(|v| v.x + v.w / 2.0).fold(0.0, f64::max) + MARGIN;

        // Rows.
        let mut row_h = vec![0.0f64; rows];
        for i in 0..n {
            row_h[layer[i]] = row_h[layer[i]].max(heights[i]);
        }
        let mut row_y = vec![MARGIN; rows];
        for l in 1..rows {
            row_y[l] = row_y[l - 1] + row_h[l - 1].max(8.0) + GAP_Y;
        }
        let height = rows.checked_sub(1).map_or(2.0 * MARGIN, |l| row_y[l] + row_h[l].max(8.0) + MARGIN);

        let mut svg = String::new();
        let title = escape(&self.title);
        let _ = writeln!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tree-svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"Flowchart of the decision tree: {title}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">",
            num(width),
            num(height)
        );
        let _ = writeln!(svg, "<title>{title}</title>");

        // Edges (under the boxes).
        let mut labels = String::new();
        let mut pending: Vec<PendingLabel> = Vec::new();
        svg.push_str("<g class=\"edges\" fill=\"none\" stroke=\"#5f6368\" stroke-width=\"1.5\">\n");
        for (e, chain) in edges.iter().zip(&chains) {
            let &(u, v, qi, j) = e;
            let fanout = self.questions[qi].answers.len().max(1) as f64;
            let spread = ((BOX_W - 40.0) / fanout).min(18.0);
            let offset = (j as f64 - (fanout - 1.0) / 2.0) * spread;
            let mut pts: Vec<(f64, f64)> = vec![(vn[u].x + offset, row_y[layer[u]] + heights[u])];
            for &d in &chain[1..chain.len() - 1] {
                let l = vn[d].layer;
                pts.push((vn[d].x, row_y[l]));
                pts.push((vn[d].x, row_y[l] + row_h[l]));
            }
            let end = (vn[v].x, row_y[layer[v]]);
            let upward = layer[v] <= layer[u];
            let tip = if upward { end } else { (end.0, end.1 - 7.0) };
            pts.push(tip);
            let mut d = format!("M{} {}", num(pts[0].0), num(pts[0].1));
            for w in pts.windows(2) {
                let (a, b) = (w[0], w[1]);
                if upward || (a.0 - b.0).abs() < 0.01 {
                    let _ = write!(d, " L{} {}", num(b.0), num(b.1));
                } else {
                    let dy = (b.1 - a.1) / 2.0;
                    let _ = write!(
                        d,
                        " C{} {} {} {} {} {}",
                        num(a.0),
                        num(a.1 + dy),
                        num(b.0),
                        num(b.1 - dy),
                        num(b.0),
                        num(b.1)
                    );
                }
            }
            let from = escape(&self.questions[qi].id);
            let to = escape(&self.questions[qi].answers[j].next);
            let _ = writeln!(svg, "<g class=\"edge\" data-from=\"{from}\" data-to=\"{to}\"><path d=\"{d}\"/>");
            if !upward {
                let _ = writeln!(
                    svg,
                    "<polygon class=\"arrow\" points=\"{},{} {},{} {},{}\" fill=\"#5f6368\" stroke=\"none\"/>",
                    num(end.0 - 5.0),
                    num(end.1 - 8.0),
                    num(end.0 + 5.0),
                    num(end.1 - 8.0),
                    num(end.0),
                    num(end.1)
                );
            }
            svg.push_str("</g>\n");
            let full = &self.questions[qi].answers[j].label;
            let text = truncate(full, LABEL_MAX);
            let w = text.chars().count() as f64 * 6.8 + 12.0;
            pending.push(PendingLabel {
                row: layer[u],
                a: pts[0],
                b: pts.get(1).copied().unwrap_or(pts[0]),
                straight: upward,
                full: full.clone(),
                text,
                w,
            });
        }
        svg.push_str("</g>\n");

        // Edge labels along the first segment of each edge; where labels of one
        // row would overlap, try positions nearer either end.
        pending.sort_by(|x, y| x.row.cmp(&y.row).then(x.at(0.5).0.total_cmp(&y.at(0.5).0)));
        let mut placed: Vec<(usize, [f64; 4])> = Vec::new();
        for l in &pending {
            let rect_at = |t: f64| {
                let (x, y) = l.at(t);
                [x - l.w / 2.0, y - 8.0, x + l.w / 2.0, y + 8.0]
            };
            let free = |r: &[f64; 4]| {
                placed
                    .iter()
                    .all(|(_, q)| r[2] + 2.0 <= q[0] || q[2] + 2.0 <= r[0] || r[3] + 1.0 <= q[1] || q[3] + 1.0 <= r[1])
            };
            // Along the segment first, then nudged sideways, then up or down by a
            // label's height, nearest first.
            let r = [0.0, 18.0, -18.0, 36.0, -36.0, 54.0, -54.0, 72.0, -72.0]
                .into_iter()
                .flat_map(|dy| [0.0, 1.0, -1.0, 2.0, -2.0].into_iter().map(move |k| (dy, k)))
                .flat_map(|(dy, k)| {
                    [0.5, 0.75, 0.25, 0.62, 0.38, 0.88, 0.12].into_iter().map(move |t| {
                        let r = rect_at(t);
                        let dx = k * (l.w / 2.0 + 6.0);
                        [r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy]
                    })
                })
                .find(|r| free(r))
                .unwrap_or_else(|| rect_at(0.5));
            placed.push((l.row, r));
            let _ = writeln!(
                labels,
                "<g class=\"edge-label\"><title>{}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.92\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1a1a1a\">{}</text></g>",
                escape(&l.full),
                num(r[0]),
                num(r[1]),
                num(l.w),
                num((r[0] + r[2]) / 2.0),
                num(r[1] + 12.0),
                escape(&l.text)
            );
        }

        // Boxes.
        svg.push_str("<g class=\"nodes\">\n");
        for i in 0..n {
            let (id, class, fill, stroke, full) = if i < nq {
                let q = &self.questions[i];
                (&q.id, "node node-question".to_string(), "#eef4fb", "#0b5cad", format!("Question: {}", q.question))
            } else {
                let o = &self.outcomes[i - nq];
                let (fill, stroke) = kind_colours(o.kind);
                (
                    &o.id,
                    format!("node node-outcome kind-{}", o.kind.as_str()),
                    fill,
                    stroke,
                    format!("{}: {}", o.kind.label(), o.verdict),
                )
            };
            let is_start = Some(i) == start;
            let x = vn[i].x - BOX_W / 2.0;
            let y = row_y[layer[i]];
            let _ = writeln!(
                svg,
                "<g class=\"{class}{}\" data-node=\"{}\"><title>{}</title>",
                if is_start { " node-start" } else { "" },
                escape(id),
                escape(&full)
            );
            let _ = writeln!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
                num(x),
                num(y),
                num(BOX_W),
                num(heights[i]),
                if is_start { "3" } else { "1.5" }
            );
            let mut ty = y + PAD;
            svg.push_str("<text text-anchor=\"middle\">");
            for l in &boxes[i] {
                ty += if l.size < 13.0 { SMALL_H } else { LINE_H };
                let _ = write!(
                    svg,
                    "<tspan x=\"{}\" y=\"{}\" font-size=\"{}\"{} fill=\"{}\">{}</tspan>",
                    num(vn[i].x),
                    num(ty - 4.0),
                    num(l.size),
                    if l.bold { " font-weight=\"bold\"" } else { "" },
                    l.fill,
                    escape(&l.text)
                );
            }
            svg.push_str("</text>\n</g>\n");
        }
        svg.push_str("</g>\n<g class=\"edge-labels\">\n");
        svg.push_str(&labels);
        svg.push_str("</g>\n</svg>\n");
        svg
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

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
        assert_eq!(
            d[2].hint.as_deref(),
            Some("did you mean `caution`? Use one of: positive, negative, caution, neutral")
        );
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
        let text =
            format!("{VALID}  - id: orphan\n    verdict: Nobody gets here\n    kind: neutral\n    explanation: x\n");
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
            format!("{PATH}:20:15: error: answers loop back to an earlier question: `no-trusted-party` → `no-trusted-party`")
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
            let _ = write!(
                s,
                "  - id: q{i}\n    question: Step {i}?\n    answers:\n      - label: Go\n        next: {next}\n"
            );
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
        let svg = t.render_svg();
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
            let _ =
                writeln!(bomb, "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]");
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
            .replace(
                "help: Optional one-paragraph explanation.",
                "help: See [1 and it's {odd} \"really\" # not a comment",
            )
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
        let html = t.render_html("t1", &|h| format!("/x/{h}\"><script>"));
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
        let html = t.render_html("tree-x", &|h| format!("/resolved/{h}"));
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
            let svg = t.render_svg();
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

    #[test]
    fn svg_of_the_shipped_trees_is_well_formed() {
        for name in ["can-blockchain-add-value", "is-blockchain-an-option", "which-kind-of-blockchain"] {
            let Some((path, text)) = shipped_tree(name) else {
                continue;
            };
            let t = parse(&path, &text).unwrap();
            let nodes = svg_nodes(&t.render_svg());
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
            let svg = parse(&path, &text).unwrap().render_svg();
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
        assert_eq!(truncate("Yes, and it is documented in the business case", 10), "Yes, and…");
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
    fn escape_drops_control_characters() {
        assert_eq!(escape("a\u{1}b<&>\"'"), "ab&lt;&amp;&gt;&quot;&#39;");
    }
}
