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
    pub(crate) words: usize,
}

impl Analysis {
    pub(crate) fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
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
    /// Body offset of the first list nested deeper than [`crate::markdown::MAX_LIST_DEPTH`].
    pub(crate) too_deep_list: Option<usize>,
    /// The cache key of all this was made from (0 when the cache is off): stands for
    /// `html` and `summary` in the keys of the pages that show them.
    pub(crate) key: u64,
}
