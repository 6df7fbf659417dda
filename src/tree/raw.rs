//! The raw model: what serde reads from a tree file, before any check of its own,
//! and serde's errors turned into positioned diagnostics. After a structural error
//! the offending list item is blanked out and the text read again (see [`structure`]).

use std::collections::HashSet;

use serde::Deserialize;

use super::{Cx, OutcomeKind, Span, KINDS, MAX_STRUCTURE_ERRORS};
use crate::diagnostics::{hint_did_you_mean, Diagnostic};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTree {
    pub(super) title: String,
    pub(super) start: String,
    pub(super) groups: Option<Vec<RawGroup>>,
    pub(super) questions: Option<Vec<RawQuestion>>,
    pub(super) outcomes: Option<Vec<RawOutcome>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGroup {
    pub(super) id: String,
    pub(super) title: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQuestion {
    pub(super) id: String,
    pub(super) group: Option<String>,
    pub(super) question: String,
    pub(super) help: Option<String>,
    pub(super) answers: Option<Vec<RawAnswer>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnswer {
    pub(super) label: String,
    pub(super) next: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutcome {
    pub(super) id: String,
    pub(super) verdict: String,
    pub(super) kind: OutcomeKind,
    pub(super) explanation: String,
    pub(super) links: Option<Vec<RawLink>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawLink {
    pub(super) title: String,
    pub(super) href: String,
}

// ---------------------------------------------------------------------------
/// Deserialize with serde; on an error, record it, blank the list item that holds
/// it and try again, so that several structural problems are reported at once.
pub(super) fn structure(cx: &Cx<'_>) -> Result<RawTree, Vec<Diagnostic>> {
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
pub(super) fn strip_positions(msg: &str) -> String {
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
    let mut pos = Span { line: se.line, col: se.col, len: 1 };
    let line0 = se.line.checked_sub(1);
    let (message, hint) = match &se.kind {
        ErrKind::UnknownField { field, expected } => {
            pos.len = field.chars().count();
            unknown_field(se, field, expected)
        }
        ErrKind::MissingField(field) => missing_field(se, field),
        ErrKind::DuplicateField(field) => {
            // serde points at the start of the mapping; point at the second key.
            let o = cx.outline;
            let range = line0.and_then(|l| o.innermost_item(l)).unwrap_or((0, o.lines.len()));
            let top_only = se.path.is_empty();
            if let Some(h) = o.hits_in(range).filter(|h| h.key == *field && (!top_only || h.top)).nth(1) {
                pos = h.key_pos();
            }
            (
                format!("key `{field}` appears twice in {}", se.context(false)),
                format!("remove one of the two `{field}` keys"),
            )
        }
        ErrKind::InvalidType(detail) | ErrKind::InvalidValue(detail) => wrong_type(se, detail),
        ErrKind::UnknownVariant { value, expected } => {
            pos.len = value.chars().count().max(1);
            unknown_variant(se, value, expected)
        }
        ErrKind::Syntax(msg) => syntax(msg),
    };
    (cx.error(pos, message, hint), line0)
}

fn unknown_field(se: &SerdeError, field: &str, expected: &[String]) -> (String, String) {
    let allowed = expected.join(", ");
    let hint = hint_did_you_mean(
        field,
        expected.iter().map(String::as_str),
        &format!(" Allowed keys here: {allowed}"),
        || {
            if allowed.is_empty() {
                "remove this key".to_string()
            } else {
                format!("allowed keys here: {allowed}")
            }
        },
    );
    (format!("unknown key `{field}` in {}", se.context(false)), hint)
}

fn missing_field(se: &SerdeError, field: &str) -> (String, String) {
    let ctx = se.context(false);
    let hint = match field {
        "next" => "add `next: <id>` naming the question or outcome this answer leads to".to_string(),
        "label" => "add `label: \"…\"`, the text of the answer".to_string(),
        "id" => format!("add `id: <id>` (lowercase letters, digits and `-`) to this {ctx}"),
        "kind" => "add `kind:` with one of positive, negative, caution, neutral".to_string(),
        other => format!("add `{other}: …` to this {ctx}"),
    };
    (format!("{ctx} is missing `{field}`"), hint)
}

fn wrong_type(se: &SerdeError, detail: &str) -> (String, String) {
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

fn unknown_variant(se: &SerdeError, value: &str, expected: &[String]) -> (String, String) {
    let is_kind = se.last_key() == Some("kind");
    let choices: Vec<&str> = if is_kind { KINDS.to_vec() } else { expected.iter().map(String::as_str).collect() };
    let list = choices.join(", ");
    let hint = hint_did_you_mean(value, choices, &format!(" Use one of: {list}"), || format!("use one of: {list}"));
    let message = if is_kind { format!("invalid outcome kind `{value}`") } else { format!("invalid value `{value}`") };
    (message, hint)
}

fn syntax(msg: &str) -> (String, String) {
    let (message, hint) = if msg.contains("recursion limit exceeded") {
        ("YAML is nested too deeply".to_string(), "a tree needs only a few levels of indentation")
    } else if msg.contains("repetition limit exceeded") {
        ("YAML aliases expand to too much data".to_string(), "do not use anchors (`&`) and aliases (`*`) in tree files")
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
