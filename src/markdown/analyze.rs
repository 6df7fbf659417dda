//! Pass 1: headings with their final ids, the links to check, the word count (and,
//! of it, the CJK characters, which are read at another rate: see
//! [`Analysis::reading_minutes`]).

use std::collections::HashMap;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::containers::{self, Containers, Piece};
use super::{Analysis, Heading, LinkRef};
use crate::trust::{self, UrlUse};
use crate::urls::slugify;

/// Pass 1: headings (ids unique per page, stable), links, words. `containers`: `:::`
/// lines are read as tabs, steps and cards (they are not words; headings in a tab
/// panel are marked [`Heading::in_panel`]).
pub fn analyze(body: &str, opts: Options, containers: bool) -> Analysis {
    let mut a = Analysis::default();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut in_code = false;
    // Open containers: whether each is a tab group with a panel open.
    let mut open: Vec<bool> = Vec::new();
    let prepared = containers::prepare(body, opts, containers);
    let events = Parser::new_ext(&prepared.text, opts).into_offset_iter();
    for piece in Containers::new(events, &prepared, containers) {
        let (event, offset) = match piece {
            Piece::Event(event, offset) => (event, offset),
            Piece::Open { .. } => {
                open.push(false);
                continue;
            }
            Piece::Tab { .. } => {
                if let Some(o) = open.last_mut() {
                    *o = true;
                }
                continue;
            }
            Piece::Close { .. } => {
                open.pop();
                continue;
            }
        };
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level_num(level), id.map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, title)) = heading.take() {
                    let base = explicit.unwrap_or_else(|| slugify(&title));
                    let id = unique_id(&mut used, if base.is_empty() { "section".into() } else { base });
                    let in_panel = open.iter().any(|&panel| panel);
                    a.headings.push(Heading { level, id, title: title.trim().to_string(), in_panel });
                }
            }
            // Script URLs are dropped at render time, so they are not checked as links.
            Event::Start(Tag::Link { dest_url, .. }) if trust::refused(&dest_url, UrlUse::Link).is_none() => {
                a.links.push(LinkRef { dest: dest_url.to_string(), offset });
            }
            Event::Start(Tag::Image { dest_url, .. }) if trust::refused(&dest_url, UrlUse::Image).is_none() => {
                a.links.push(LinkRef { dest: dest_url.to_string(), offset });
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
                if !in_code {
                    let (words, cjk) = count(&t);
                    a.words += words;
                    a.cjk += cjk;
                }
            }
            _ => {}
        }
    }
    a
}

/// Ids the theme and generated parts use on a page; headings never take them.
const RESERVED_IDS: &[&str] = &[
    "main",
    "tree",
    "toc-title",
    "quiz-title",
    "sub-title",
    "pages-title",
    "tree-title",
    "objectives-title",
    "modules-title",
    "related-title",
    "used-title",
    "tagged-title",
    "matrix-title",
    "site-search-input",
    "site-search-results",
    "search-page-input",
    "site-nav",
    "theme-select",
    "theme-select-nav",
    "top",
];

/// Prefixes of generated ids (quiz questions, tooltips, glossary letters, tree nodes,
/// tab groups and panels).
const RESERVED_PREFIXES: &[&str] = &["quiz-", "gloss-", "letter-", "tree-", "tabs-"];

fn is_reserved(id: &str) -> bool {
    RESERVED_IDS.contains(&id) || RESERVED_PREFIXES.iter().any(|p| id.starts_with(p))
}

fn unique_id(used: &mut HashMap<String, usize>, base: String) -> String {
    // Reserved ids and their generated forms (`tree-1` is a tree node's id) are never taken;
    // a reserved base gets a suffix outside the reserved prefixes: `tree` -> `tree_1`.
    let sep = if is_reserved(&base) { "_" } else { "-" };
    let mut n = used.get(&base).copied().unwrap_or(0);
    loop {
        let id = if n == 0 { base.clone() } else { format!("{base}{sep}{n}") };
        n += 1;
        // Generated ids never contain `_`, so a `_n` suffix is always free of them.
        let free = if n > 1 && sep == "_" { true } else { !is_reserved(&id) };
        if !used.contains_key(&id) && free {
            used.insert(base.clone(), n);
            used.insert(id.clone(), 1);
            return id;
        }
    }
}

fn level_num(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Words, counting each CJK character as a word.
#[cfg(test)]
pub(super) fn count_words(text: &str) -> usize {
    count(text).0
}

/// Words (each CJK character counted as one) and, of them, the CJK characters.
pub(super) fn count(text: &str) -> (usize, usize) {
    let mut n = 0;
    let mut cjk = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            n += 1;
            cjk += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else if !(c == '\'' || c == '-') {
            in_word = false;
        }
    }
    (n, cjk)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}
