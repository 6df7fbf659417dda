//! The glossary matcher: finds whole-word, case-insensitive occurrences of terms
//! and aliases in prose, longest match first (aho-corasick, leftmost-longest).
//!
//! Pure data: built by `resolve` from the glossary pages, used by `markdown` when
//! rendering. Knows nothing of HTML.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One match in a text: byte range and the entry (term) index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermMatch {
    pub start: usize,
    pub end: usize,
    pub entry: usize,
}

pub struct Matcher {
    ac: Option<AhoCorasick>,
    /// Pattern index → entry index.
    entries: Vec<usize>,
}

impl Matcher {
    /// `names[i]` are all the names (term and aliases) of entry `i`.
    pub fn new(names: &[Vec<String>]) -> Self {
        let mut patterns = Vec::new();
        let mut entries = Vec::new();
        for (i, list) in names.iter().enumerate() {
            for n in list {
                let n = n.trim();
                if !n.is_empty() {
                    patterns.push(n.to_lowercase());
                    entries.push(i);
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok();
        Matcher { ac, entries }
    }

    /// Whole-word matches in `text`, in order.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let lower;
        // aho-corasick folds ASCII case only; fold the rest ourselves when lengths allow.
        let hay = if text.is_ascii() {
            text
        } else {
            lower = text.to_lowercase();
            if lower.len() == text.len() {
                lower.as_str()
            } else {
                text
            }
        };
        ac.find_iter(hay)
            .filter(|m| is_boundary(text, m.start(), m.end()))
            .map(|m| TermMatch { start: m.start(), end: m.end(), entry: self.entries[m.pattern().as_usize()] })
            .collect()
    }
}

fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    !word(before) && !word(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m() -> Matcher {
        Matcher::new(&[
            vec!["ledger".into(), "ledgers".into()],
            vec!["distributed ledger technology".into(), "DLT".into()],
        ])
    }

    #[test]
    fn longest_match_wins_and_case_is_ignored() {
        let found = m().find("Distributed Ledger Technology is a ledger.");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].entry, 1);
        assert_eq!(found[1].entry, 0);
    }

    #[test]
    fn whole_words_only() {
        assert!(m().find("ledgerless DLTs").is_empty());
        assert_eq!(m().find("the ledgers, DLT.").len(), 2);
    }
}
