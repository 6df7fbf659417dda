//! Where front matter values are written, for diagnostics that point into a value:
//! a list item (`sdgs: [34, 4]` or `- 4` on its own line), a key inside the items of
//! a list of maps (the `answer` of the third quiz question), a top-level key's value.
//!
//! Positions come from the shared YAML scanner ([`crate::diagnostics::yaml::Scanner`]),
//! which yields scalars with their columns in flow and block lists, never from
//! searching the text for the value (a value can be written inside another one, `4`
//! in `34`, or quoted). What is looked for is known from the parsed front matter: an
//! item's index in its list, a key's index among its list's items.

use super::{split, FrontMatter};
use crate::diagnostics::yaml::{Scalar, Scanner, Tok};
use crate::diagnostics::Span;

/// A token of a front matter value, with its 1-based line in the file.
type Located = (usize, Tok);

impl FrontMatter {
    /// The top-level `key` itself (column 1), or line 1 when it is not written.
    pub(crate) fn key_span(&self, key: &str) -> Span {
        match self.key_lines.get(key) {
            Some(&line) => Span::new(line, 1, key.chars().count()),
            None => Span::new(1, 1, 1),
        }
    }

    /// The scalar value of top-level `key` (`tree: x.yaml` → `x.yaml`), or the key.
    pub(crate) fn value_span(&self, text: &str, key: &str) -> Span {
        let tokens = self.value_tokens(text, key);
        let first = tokens.iter().find_map(|(line, t)| match t {
            Tok::Scalar(s) => Some(span(*line, s)),
            _ => None,
        });
        first.unwrap_or_else(|| self.key_span(key))
    }

    /// Item `n` (0-based) of the list under top-level `key`, in flow (`[a, b]`) or
    /// block (`- a`) style, or the key when the list has no such item.
    pub(crate) fn item_span(&self, text: &str, key: &str, n: usize) -> Span {
        list_items(&self.value_tokens(text, key)).into_iter().nth(n).unwrap_or_else(|| self.key_span(key))
    }

    /// The item of the list under top-level `key` that is (the first) `value`: a term
    /// of a taxonomy, an alias, a related term, a module.
    pub(crate) fn item_span_of(&self, text: &str, key: &str, value: &str) -> Span {
        let list = match key {
            "aliases" => Some(&self.aliases),
            "related" => Some(&self.related),
            "modules" => Some(&self.modules),
            "objectives" => Some(&self.objectives),
            _ => self.taxonomies.get(key),
        };
        match list.and_then(|l| l.iter().position(|v| v == value)) {
            Some(n) => self.item_span(text, key, n),
            None => self.key_span(key),
        }
    }

    /// The `n`-th (0-based) key `field` under top-level `key` (for a list of maps such
    /// as `quiz`, where each item has the field once: item `n`'s field), or `key`.
    pub(crate) fn field_span(&self, text: &str, key: &str, field: &str, n: usize) -> Span {
        let tokens = self.value_tokens(text, key);
        let mut fields = tokens.windows(2).filter_map(|w| match (&w[0], &w[1]) {
            ((line, Tok::Scalar(s)), (_, Tok::Colon)) if s.text == field => Some(span(*line, s)),
            _ => None,
        });
        fields.nth(n).unwrap_or_else(|| self.key_span(key))
    }

    /// The tokens of the value of top-level `key` in `text` (the whole file): from
    /// after the key's `:` to the next top-level key or the end of the front matter.
    fn value_tokens(&self, text: &str, key: &str) -> Vec<Located> {
        let (Some(&start), Ok(fm)) = (self.key_lines.get(key), split("", text)) else { return Vec::new() };
        let end = self.key_lines.values().filter(|&&l| l > start).min().copied().unwrap_or(usize::MAX);
        let mut out = Vec::new();
        for (ln, line) in Scanner::new(fm.yaml).enumerate() {
            let at = fm.yaml_line + ln;
            if at >= end {
                break;
            }
            if at < start {
                continue;
            }
            let skip = if at == start {
                line.toks.iter().position(|t| matches!(t, Tok::Colon)).map_or(0, |c| c + 1)
            } else {
                0
            };
            out.extend(line.toks.into_iter().skip(skip).map(|t| (at, t)));
        }
        out
    }
}

fn span(line: usize, s: &Scalar) -> Span {
    Span::new(line, s.col, s.len)
}

/// The items of a list value: in flow style the scalars directly inside the brackets,
/// in block style what follows each `- ` of the list's own column (the scalar, or the
/// `- ` itself when the item is not a one-line scalar).
fn list_items(tokens: &[Located]) -> Vec<Span> {
    let column = tokens.iter().find_map(|(_, t)| match t {
        Tok::Entry(c) => Some(*c),
        _ => None,
    });
    let mut out = Vec::new();
    for (k, (line, t)) in tokens.iter().enumerate() {
        match t {
            Tok::Scalar(s) if s.flow == 1 => out.push(span(*line, s)),
            Tok::Entry(c) if Some(*c) == column => out.push(match tokens.get(k + 1) {
                Some((l, Tok::Scalar(s))) if l == line && s.flow == 0 => span(*line, s),
                _ => Span::new(*line, c + 1, 1),
            }),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{parse, split};
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        let s = split("a.md", text).unwrap();
        parse("a.md", text, &s, &["sdgs"]).unwrap()
    }

    #[test]
    fn items_of_flow_and_block_lists_are_found_by_position_not_by_text() {
        let text = "---\ntitle: T\nsdgs: [34, 4, \"4\"]\naliases:\n  - /a4/\n  - '/4/'\n  - /4\n---\nbody - 4\n";
        let f = fm(text);
        assert_eq!(f.item_span(text, "sdgs", 0), Span::new(3, 8, 2));
        assert_eq!(f.item_span(text, "sdgs", 1), Span::new(3, 12, 1));
        assert_eq!(f.item_span(text, "sdgs", 2), Span::new(3, 15, 3));
        assert_eq!(f.item_span(text, "aliases", 1), Span::new(6, 5, 5));
        assert_eq!(f.item_span(text, "aliases", 2), Span::new(7, 5, 2));
        // No such item: the key.
        assert_eq!(f.item_span(text, "aliases", 3), Span::new(4, 1, 7));
        assert_eq!(f.item_span_of(text, "sdgs", "4"), Span::new(3, 12, 1));
    }

    #[test]
    fn the_nth_field_of_a_list_of_maps_and_a_scalar_value() {
        let text = "---\ntitle: T\ntree: tree\nquiz:\n  - question: Which is 4?\n    options: [\"3\", \"4\"]\n    \
                    answer: \"3\"\n  - question: Which is 5?\n    options: [\"5\", \"6\"]\n    answer: \"4\"\n---\n";
        let f = fm(text);
        assert_eq!(f.field_span(text, "quiz", "answer", 1), Span::new(10, 5, 6));
        assert_eq!(f.field_span(text, "quiz", "question", 1), Span::new(8, 5, 8));
        assert_eq!(f.field_span(text, "quiz", "answer", 2), Span::new(4, 1, 4));
        assert_eq!(f.value_span(text, "tree"), Span::new(3, 7, 4));
    }
}
