//! The glossary matcher: finds whole-word, case-insensitive occurrences of terms
//! and aliases in prose, longest match first (aho-corasick, leftmost-longest).
//!
//! Case folding is done here, per character, because aho-corasick folds ASCII only
//! and lower-casing can change a text's length (`İ` becomes three bytes, the Kelvin
//! sign `K` one): the automaton runs over a folded copy, and every match is mapped
//! back to the original text through an offset map, never by reusing the folded
//! offsets. A match that starts or ends inside the folding of one character is not
//! a match of whole characters and is dropped.
//!
//! Pure data: built by `resolve` from the glossary pages, used by `markdown` when
//! rendering. Knows nothing of HTML.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// One match in a text: byte range (on char boundaries of the searched text) and
/// the entry (term) index.
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

/// The case folding used for both the names and the texts: each character's lower
/// case, with the final sigma folded like the other sigma.
fn fold_char(c: char) -> impl Iterator<Item = char> {
    c.to_lowercase().map(|l| if l == 'ς' { 'σ' } else { l })
}

fn fold(s: &str) -> String {
    s.chars().flat_map(fold_char).collect()
}

/// A folded copy of a text and, for each byte offset of the copy that starts the
/// folding of an original character (and for its end), the original byte offset.
struct Folded {
    text: String,
    /// `origin[i]`: the original offset of folded offset `i`, or `NONE` when `i` is
    /// inside the folding of one character. `origin.len() == text.len() + 1`.
    origin: Vec<usize>,
}

const NONE: usize = usize::MAX;

impl Folded {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len() + original.len() / 4);
        let mut origin = Vec::with_capacity(original.len() + 1);
        for (at, c) in original.char_indices() {
            origin.push(at);
            text.extend(fold_char(c));
            origin.resize(text.len(), NONE);
        }
        origin.push(original.len());
        Folded { text, origin }
    }

    /// The original range of the folded range `start..end`, if both ends fall
    /// between the foldings of whole characters.
    fn original(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        let s = *self.origin.get(start)?;
        let e = *self.origin.get(end)?;
        (s != NONE && e != NONE && s < e).then_some((s, e))
    }
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
                    patterns.push(fold(n));
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

    /// Whole-word matches in `text`, in order; their ranges are char boundaries of `text`.
    pub fn find(&self, text: &str) -> Vec<TermMatch> {
        let Some(ac) = &self.ac else { return Vec::new() };
        let entry = |m: &aho_corasick::Match| self.entries[m.pattern().as_usize()];
        if text.is_ascii() {
            // ASCII folds to ASCII of the same length: the automaton's own ASCII
            // case folding gives the same matches at the same offsets.
            return ac
                .find_iter(text)
                .filter(|m| is_boundary(text, m.start(), m.end()))
                .map(|m| TermMatch { start: m.start(), end: m.end(), entry: entry(&m) })
                .collect();
        }
        let folded = Folded::new(text);
        ac.find_iter(folded.text.as_str())
            .filter_map(|m| {
                let (start, end) = folded.original(m.start(), m.end())?;
                is_boundary(text, start, end).then(|| TermMatch { start, end, entry: entry(&m) })
            })
            .collect()
    }
}

/// A match must not cut a word: the characters on each side of its ends may not both
/// be word characters, except where either is of a script written without spaces
/// between words (Chinese, Japanese, Thai...), where any character boundary may end a word.
fn is_boundary(text: &str, start: usize, end: usize) -> bool {
    let (Some(head), Some(tail), Some(inner)) = (text.get(..start), text.get(end..), text.get(start..end)) else {
        return false;
    };
    let before = head.chars().next_back();
    let after = tail.chars().next();
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let unspaced = |c: Option<char>| c.is_some_and(is_unspaced);
    let cut = |outside: Option<char>, inside: Option<char>| word(outside) && !unspaced(outside) && !unspaced(inside);
    !cut(before, inner.chars().next()) && !cut(after, inner.chars().next_back())
}

/// Letters of scripts written without spaces between words.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x2e80..=0x2fdf | 0x3040..=0x30ff | 0x3100..=0x312f | 0x31a0..=0x31ff | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff | 0xf900..=0xfaff | 0xff66..=0xff9d | 0x20000..=0x3134f
        | 0x0e00..=0x0eff | 0x1000..=0x109f | 0x1780..=0x17ff)
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
    fn texts_whose_lower_case_changes_length_match_at_original_offsets() {
        // `İ` lowers to three bytes, the Kelvin sign to one: the total length is
        // unchanged, every offset in between is shifted.
        let text = "İİ ledger \u{212A}";
        let found = m().find(text);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start..found[0].end], "ledger");
        let text = "ẞ İ LEDGER, \u{212A}\u{212A} Ledgers ﬁ 区块链 DLT 😀";
        let words: Vec<&str> = m().find(text).iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(words, ["LEDGER", "Ledgers", "DLT"]);
    }

    #[test]
    fn non_ascii_names_match_in_any_case() {
        let g = Matcher::new(&[vec!["Ökonomie".into()], vec!["ΟΔΟΣ".into()], vec!["\u{212A}elvin".into()]]);
        let text = "die ÖKONOMIE, οδος and kelvin";
        let words: Vec<&str> = g.find(text).iter().map(|f| &text[f.start..f.end]).collect();
        assert_eq!(words, ["ÖKONOMIE", "οδος", "kelvin"]);
    }

    #[test]
    fn a_match_inside_the_folding_of_one_character_is_not_a_match() {
        // `İ` folds to `i` + a combining dot; the name `i` must not match half of it.
        let g = Matcher::new(&[vec!["i".into()]]);
        assert!(g.find("İ x").is_empty());
        assert_eq!(g.find("ẞ i").len(), 1);
    }

    #[test]
    fn chinese_terms_match_inside_running_text_longest_first() {
        let g = Matcher::new(&[
            vec!["账本".into()],
            vec!["分布式账本技术".into()],
            vec!["区块链".into(), "blockchain".into()],
        ]);
        let text = "联合国系统使用分布式账本技术和区块链，账本不可篡改；blockchains 不算。";
        let found: Vec<(&str, usize)> = g.find(text).iter().map(|f| (&text[f.start..f.end], f.entry)).collect();
        assert_eq!(found, [("分布式账本技术", 1), ("区块链", 2), ("账本", 0)]);
        // A Latin name still needs whole words, also next to Chinese text.
        assert_eq!(g.find("用blockchain技术").len(), 1);
        assert!(g.find("xblockchain").is_empty());
    }

    #[test]
    fn whole_words_only() {
        assert!(m().find("ledgerless DLTs").is_empty());
        assert_eq!(m().find("the ledgers, DLT.").len(), 2);
    }
}
