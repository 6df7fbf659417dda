//! The page body's nouns: what the markdown engine learns about a page body (pass 1,
//! [`Analysis`]) and what it makes of it (pass 2, [`Rendered`]).
//!
//! Plain data, cross-cutting (the dependency rule is in `lib.rs`): the engine
//! (`markdown`) produces these and the model (`model::Page`) holds them, so neither
//! needs the other. They are moved, never copied, from one to the other.

use std::collections::BTreeSet;

/// A heading with its final, unique id.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    /// Inside a tab panel: left out of "On this page" (with JavaScript only one
    /// panel shows; a link to it opens its panel).
    pub(crate) in_panel: bool,
}

/// A link or image destination found in the body, with its byte offset in the body.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub dest: String,
    pub offset: usize,
}

/// What pass 1 learns about a page.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Words, each CJK character counted as one (see [`Analysis::cjk`]).
    pub(crate) words: usize,
    /// Of `words`, the CJK characters (Han, Hiragana, Katakana, Hangul).
    pub(crate) cjk: usize,
}

/// Reading speed of words (English and the other languages that space their words),
/// per minute: primer's long-standing rate for study reading, below the 228 words a
/// minute that IReST measured for adult readers of English (Trauzettel-Klosinski & Dietz
/// 2012, "Standardized Assessment of Reading Performance: The New International
/// Reading Speed Texts IReST", Investigative Ophthalmology & Visual Science 53(9)).
pub(crate) const WORDS_PER_MINUTE: usize = 200;

/// Reading speed of CJK characters (Han, Hiragana, Katakana, Hangul), per minute. IReST
/// measured 255 characters a minute for Chinese against 228 words for English, on texts
/// that say the same; primer keeps that ratio at its own word rate: 200 × 255 / 228 ≈ 224.
pub(crate) const CJK_PER_MINUTE: usize = 224;

impl Analysis {
    /// Minutes to read the page: its words at [`WORDS_PER_MINUTE`] plus its CJK
    /// characters at [`CJK_PER_MINUTE`] (a page mixing both counts both), rounded up,
    /// at least one.
    pub(crate) fn reading_minutes(&self) -> u32 {
        let cjk = self.cjk.min(self.words);
        let words = self.words - cjk;
        let scaled = words * CJK_PER_MINUTE + cjk * WORDS_PER_MINUTE;
        let minutes = scaled.div_ceil(WORDS_PER_MINUTE * CJK_PER_MINUTE).max(1);
        u32::try_from(minutes).unwrap_or(u32::MAX)
    }
}

/// A link or image dropped because of its URL.
#[derive(Debug, Clone)]
pub struct RefusedUrl {
    pub(crate) dest: String,
    /// Byte offset in the body.
    pub offset: usize,
    pub(crate) image: bool,
    /// Why, in a few words (`a \`javascript:\` URL runs script`).
    pub(crate) reason: String,
}

/// Pass 2 output.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// HTML up to `<!-- more -->`, else the first paragraph.
    pub summary: String,
    /// Glossary entries mentioned in prose.
    pub(crate) mentioned: BTreeSet<usize>,
    /// Code-fence languages that could not be highlighted, with body offsets.
    pub unknown_languages: Vec<(String, usize)>,
    /// A code block is on the page (it needs the highlighting stylesheet).
    pub(crate) has_code: bool,
    /// A callout is on the page (it needs the callouts' stylesheet).
    pub(crate) has_callouts: bool,
    /// Links and images dropped for their URL, in body order.
    pub refused: Vec<RefusedUrl>,
    /// Tabs are on the page (it needs the tabs' script and stylesheet).
    pub(crate) has_tabs: bool,
    /// Tabs, steps or cards are on the page (it needs their stylesheet).
    pub(crate) has_containers: bool,
    /// Problems with the page's `:::` lines, in body order.
    pub(crate) containers: Vec<Problem>,
    /// Body offset of the first list nested deeper than [`crate::markdown::MAX_LIST_DEPTH`].
    pub(crate) too_deep_list: Option<usize>,
}

/// A problem with the author's `:::` lines (the pipeline makes it a diagnostic).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset in the body.
    pub(crate) offset: usize,
    /// Characters to underline.
    pub(crate) len: usize,
    /// An error (else a warning).
    pub(crate) error: bool,
    pub(crate) message: String,
    pub(crate) hint: String,
}
