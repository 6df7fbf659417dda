//! Where keys and values are in a tree file: serde gives no positions for nodes,
//! answers and links, so the outline maps every `key: value` to its line and
//! column, and knows the line ranges of the top-level sections and list items.
//! The tokens come from the shared YAML line scanner (`diagnostics::yaml`).

use std::collections::HashMap;

use super::{Span, TOP_KEYS};
use crate::diagnostics::yaml::{LineInfo, Scalar, Scanner, Tok};

/// A `key: value` (value may be absent, e.g. `answers:` followed by a list).
#[derive(Debug, Clone)]
pub(super) struct Hit {
    /// 0-based line.
    pub(super) line: usize,
    pub(super) key: String,
    key_col: usize,
    /// A top-level key (column 1, block context).
    pub(super) top: bool,
    pub(super) value: Option<Scalar>,
}

impl Hit {
    pub(super) fn key_pos(&self) -> Span {
        Span { line: self.line + 1, col: self.key_col, len: self.key.chars().count().max(1) }
    }

    /// The value's position, or the key's when there is no value on the line.
    pub(super) fn value_pos(&self) -> Span {
        match &self.value {
            Some(v) => Span { line: self.line + 1, col: v.col, len: v.len.max(1) },
            None => self.key_pos(),
        }
    }
}

/// Keys, values and list items of a tree file, with their lines.
pub(super) struct Outline {
    pub(super) lines: Vec<LineInfo>,
    hits: Vec<Hit>,
    /// (key, value) → indexes into `hits`.
    by_value: HashMap<(String, String), Vec<usize>>,
    /// Top-level keys and their 0-based lines.
    top: Vec<(String, usize)>,
}

impl Outline {
    pub(super) fn new(text: &str) -> Self {
        let mut lines = Vec::new();
        let mut hits = Vec::new();
        for (ln, line) in Scanner::new(text).enumerate() {
            push_hits(&mut hits, ln, &line.info, &line.toks);
            lines.push(line.info);
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

    pub(super) fn line_pos(&self, line0: usize) -> Span {
        Span { line: line0 + 1, col: self.lines.get(line0).map_or(0, |l| l.indent) + 1, len: 1 }
    }

    /// The hits on lines `range.0 .. range.1`, in order.
    pub(super) fn hits_in(&self, range: (usize, usize)) -> impl Iterator<Item = &Hit> {
        let from = self.hits.partition_point(|h| h.line < range.0);
        self.hits[from..].iter().take_while(move |h| h.line < range.1)
    }

    pub(super) fn first_hit(&self, range: (usize, usize), key: &str) -> Option<&Hit> {
        self.hits_in(range).find(|h| h.key == key)
    }

    pub(super) fn hits_with_value<'s>(
        &'s self,
        range: (usize, usize),
        key: &str,
        value: &str,
    ) -> impl Iterator<Item = &'s Hit> {
        self.by_value
            .get(&(key.to_string(), value.to_string()))
            .into_iter()
            .flatten()
            .filter_map(|i| self.hits.get(*i))
            .filter(move |h| range.0 <= h.line && h.line < range.1)
    }

    /// Line range (key line, end exclusive) of a top-level key.
    pub(super) fn section(&self, name: &str) -> Option<(usize, usize)> {
        let k = self.top.iter().position(|(key, _)| key == name)?;
        let start = self.top[k].1;
        let end = self.top.get(k + 1).map_or(self.lines.len(), |t| t.1);
        Some((start, end))
    }

    /// The block-sequence items in lines `from .. to`: each a line range starting
    /// at its `- ` line.
    pub(super) fn items_in(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
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
    pub(super) fn sub_items(&self, item: (usize, usize), key: &str) -> Vec<(usize, usize)> {
        match self.first_hit(item, key) {
            Some(h) if h.value.is_none() => self.items_in(h.line + 1, item.1),
            _ => Vec::new(),
        }
    }

    /// The smallest list item (group, question, answer, outcome, link) holding `line`.
    pub(super) fn innermost_item(&self, line: usize) -> Option<(usize, usize)> {
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
    pub(super) fn blankable(&self, line: usize) -> Option<(usize, usize)> {
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

/// The `key: value` pairs among the tokens of line `ln`.
fn push_hits(hits: &mut Vec<Hit>, ln: usize, info: &LineInfo, toks: &[Tok]) {
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
            top: k == 0 && info.structural && info.indent == 0, // as `Line::top_key`
            value,
        });
    }
}
