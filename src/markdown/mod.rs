//! Markdown: pulldown-cmark events in, HTML out, in two passes per page.
//!
//! [`analyze`] (pass 1) collects what other pages need before anything renders
//! (heading ids, links with their offsets, word count). [`render`] (pass 2) runs the
//! event stream through a chain of adapters, each owning one concern and passing
//! on what it does not handle: `code` (fenced blocks, highlighted by `highlight`),
//! `headings` (ids from pass 1, anchors), `links` (rewritten, or dropped for their
//! URL), `lists` (depth limit), `glossary` (terms linked in prose) and `blocks`
//! (summary cut, the author's raw HTML). Before them, `containers` turns `:::` lines
//! into tabs, steps and cards (both passes read the body through it). Two passes follow over the whole stream:
//! text in another language gets its `lang`, and in safe mode the author's raw HTML
//! is sanitized (`safe`). Pure: no file IO, no knowledge of templates.
//!
//! Trust (see [`crate::trust`]): a link or image whose URL runs script is dropped in
//! every mode (its text stays, as text) and reported in [`Rendered::refused`]; pass 1
//! leaves it out of the links to check. With `safe`, the author's raw HTML is
//! sanitized: an HTML block as a whole, inline HTML together with the inline run it
//! sits in (so `H<sub>2</sub>O` keeps its tags), and what primer generates inside such
//! a run (glossary links, heading anchors) is set aside and put back untouched.
//!
//! An engine (the dependency rule is in `lib.rs`): imports only the cross-cutting
//! modules and its own `highlight` and `glossary`; it knows nothing of the site.

use std::collections::HashMap;

use pulldown_cmark::Options;

use glossary::Matcher;
use highlight::Highlighter;

mod adapters;
mod analyze;
mod containers;
pub mod glossary;
pub mod highlight;
mod render;
mod safe;
mod warnings;

pub use analyze::analyze;
#[cfg(test)]
use analyze::count_words;
pub use render::render;
pub(crate) use warnings::warnings;

// The page body nouns this engine produces live in the cross-cutting `body` module,
// so the model can hold them without knowing the engine.
pub(crate) use crate::body::{Analysis, Heading, LinkRef, RefusedUrl, Rendered};

/// The markdown syntax a site turns on: site.toml's `[markdown]` switches, which the
/// pipeline maps onto this (the engine knows no site settings). All on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Syntax {
    pub tables: bool,
    pub footnotes: bool,
    pub strikethrough: bool,
    pub task_lists: bool,
    pub smart_punctuation: bool,
    /// GitHub-style alerts (`> [!NOTE]`, …) become callouts.
    pub alerts: bool,
}

impl Default for Syntax {
    fn default() -> Self {
        Syntax {
            tables: true,
            footnotes: true,
            strikethrough: true,
            task_lists: true,
            smart_punctuation: true,
            alerts: true,
        }
    }
}

/// pulldown-cmark's options for a [`Syntax`].
pub fn options(c: &Syntax) -> Options {
    let mut o = Options::ENABLE_HEADING_ATTRIBUTES;
    o.set(Options::ENABLE_TABLES, c.tables);
    o.set(Options::ENABLE_FOOTNOTES, c.footnotes);
    o.set(Options::ENABLE_STRIKETHROUGH, c.strikethrough);
    o.set(Options::ENABLE_TASKLISTS, c.task_lists);
    o.set(Options::ENABLE_SMART_PUNCTUATION, c.smart_punctuation);
    // GitHub's alerts: `> [!NOTE]` … become callouts (see `Callouts`).
    o.set(Options::ENABLE_GFM, c.alerts);
    o
}

/// The kinds of GitHub-style alert (`> [!NOTE]`), in the order of [`RenderContext::callouts`].
pub(crate) const CALLOUT_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// The titles of the callouts in English (the theme's `callout_*` strings translate them).
pub const ENGLISH_CALLOUTS: [&str; 5] = ["Note", "Tip", "Important", "Warning", "Caution"];

/// Deepest nesting of lists rendered as lists. Deeper list markers are kept as
/// the text of the deepest item (with a warning): the search indexer's cost grows
/// with the square of the HTML's nesting depth, and no page needs 100 levels.
pub(crate) const MAX_LIST_DEPTH: usize = 100;

/// A glossary entry as the renderer needs it.
#[derive(Hash)]
pub struct TermLink<'a> {
    /// Site-absolute URL of the entry's page (made relative to the page when linked).
    pub url: &'a str,
    pub id: &'a str,
    pub definition: &'a str,
}

/// Everything pass 2 needs besides the body.
pub struct RenderContext<'a> {
    pub opts: Options,
    pub heading_anchors: bool,
    /// Site-absolute URL of the page being rendered (term links are made relative to it).
    pub page_url: &'a str,
    pub highlighter: &'a Highlighter,
    pub headings: &'a [Heading],
    /// Original destination → final (relative) URL; destinations not in the map are left alone.
    pub links: &'a HashMap<String, String>,
    pub glossary: Option<&'a Matcher>,
    /// Per entry index: the link target.
    pub terms: &'a [TermLink<'a>],
    /// The entry this page defines (not linked on its own page).
    pub own_term: Option<usize>,
    pub autolink: bool,
    /// `safe` mode: sanitize the author's raw HTML.
    pub safe: bool,
    /// Marks runs of text in another language (`<span lang>`, see `crate::lang`).
    pub lang: crate::lang::Marker<'a>,
    /// The titles of the five callouts in the page's language ([`CALLOUT_KINDS`] order).
    pub callouts: [&'a str; 5],
    /// `:::` containers (tabs, steps, cards) are read (`[markdown] containers`).
    pub containers: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        options(&Syntax::default())
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let a = analyze("## Intro\n## Intro\n## Other {#custom}\n## Intro-1\n", opts(), true);
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "custom", "intro-1-1"]);
    }

    #[test]
    fn heading_ids_avoid_the_ids_the_theme_uses() {
        let a = analyze("## Main\n## Quiz q1\n## Toc title\n", opts(), true);
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main_1", "quiz-q1_1", "toc-title_1"]);
    }

    #[test]
    fn words_count_cjk_characters_individually() {
        assert_eq!(count_words("a ledger's node 区块链"), 6);
    }

    #[test]
    fn cjk_characters_are_read_at_their_own_rate_and_mixed_text_counts_both() {
        let minutes = |body: &str| analyze(body, opts(), true).reading_minutes();
        // 400 English words: 2 minutes at 200 a minute.
        assert_eq!(minutes(&"word ".repeat(400)), 2);
        assert_eq!(minutes(&"word ".repeat(401)), 3);
        // 448 Han characters: 2 minutes at 224 a minute (counted as words they made 3).
        assert_eq!(minutes(&"区块链账本".repeat(90)[..448 * 3]), 2);
        assert_eq!(minutes(&"区".repeat(449)), 3);
        // Hiragana, Katakana and Hangul too.
        let a = analyze("ひらがな カタカナ 한국어", opts(), true);
        assert_eq!((a.words, a.cjk), (11, 11));
        // Mixed: 200 English words (1 min) and 224 characters (1 min) make 2 minutes.
        let mixed = format!("{}{}", "ledger ".repeat(200), "链".repeat(224));
        let a = analyze(&mixed, opts(), true);
        assert_eq!((a.words, a.cjk), (424, 224));
        assert_eq!(a.reading_minutes(), 2);
        // Punctuation is not a character read; code is not read at all.
        assert_eq!(analyze("区块链，账本。\n\n```\n区块链\n```\n", opts(), true).cjk, 5);
        assert_eq!(minutes(""), 1);
    }

    fn render_safe(body: &str, safe: bool) -> Rendered {
        let h = Highlighter::new();
        let a = analyze(body, opts(), true);
        let links = HashMap::new();
        let cx = RenderContext {
            opts: opts(),
            heading_anchors: false,
            page_url: "/a/",
            highlighter: &h,
            headings: &a.headings,
            links: &links,
            glossary: None,
            terms: &[],
            own_term: None,
            autolink: true,
            safe,
            lang: crate::lang::Marker::new("en", "en"),
            callouts: ENGLISH_CALLOUTS,
            containers: true,
        };
        render(body, &cx)
    }

    #[test]
    fn safe_mode_sanitizes_the_summary_and_keeps_the_more_cut() {
        let body = "One <b onclick=\"x()\">b</b> two <!-- more --> three <i onclick=\"y()\">i</i>.\n\nNext.\n";
        let r = render_safe(body, true);
        assert_eq!(r.summary, "<p>One <b>b</b> two ");
        assert_eq!(r.html, "<p>One <b>b</b> two  three <i>i</i>.</p>\n<p>Next.</p>\n");
        let r = render_safe(body, false);
        assert_eq!(r.summary, "<p>One <b onclick=\"x()\">b</b> two ");
        let body = "<div onclick=\"x()\">\nfirst block\n</div>\n\nSecond.\n";
        assert_eq!(render_safe(body, true).summary, "<div>\nfirst block\n</div>\n<p>Second.</p>\n");
    }

    #[test]
    fn safe_mode_keeps_task_lists_footnotes_and_links_in_a_sanitized_run() {
        let body = "- [x] done <kbd>K</kbd> [a](https://un.org/ \"t\")[^1]\n\n[^1]: Note <u>u</u>.\n";
        let html = render_safe(body, true).html;
        // Nothing to remove: the same HTML in both modes (the sanitizer writes `<input …>`, not `<input …/>`).
        assert_eq!(html, render_safe(body, false).html.replace("\"/>", "\">"));
        let body = "- [ ] <input type=\"text\" name=\"q\"> <button>b</button>\n";
        assert_eq!(
            render_safe(body, true).html,
            "<ul>\n<li class=\"checklist-item\"><input type=\"checkbox\" id=\"checklist-box-1\" aria-labelledby=\"checklist-item-1\"> <span class=\"checklist-item__text\" id=\"checklist-item-1\"><input type=\"text\" disabled=\"\"> b</span></li>\n</ul>\n"
        );
    }

    #[test]
    fn task_list_boxes_can_be_ticked_and_are_named_by_their_own_words() {
        let body = "Intro.\n\n- [x] First *item* [link](https://un.org/)\n  - [ ] Nested\n- Plain\n\n1. [ ] Loose\n\n   more\n";
        let html = render_safe(body, false).html;
        assert_eq!(
            html,
            "<p>Intro.</p>\n<ul>\n<li class=\"checklist-item\"><input type=\"checkbox\" id=\"checklist-box-1\" aria-labelledby=\"checklist-item-1\" checked> \
             <span class=\"checklist-item__text\" id=\"checklist-item-1\">First <em>item</em> <a href=\"https://un.org/\">link</a></span>\n\
             <ul>\n<li class=\"checklist-item\"><input type=\"checkbox\" id=\"checklist-box-2\" aria-labelledby=\"checklist-item-2\"> \
             <span class=\"checklist-item__text\" id=\"checklist-item-2\">Nested</span></li>\n</ul>\n</li>\n<li>Plain</li>\n</ul>\n\
             <ol>\n<li class=\"checklist-item\">\n<p><input type=\"checkbox\" id=\"checklist-box-3\" aria-labelledby=\"checklist-item-3\"> \
             <span class=\"checklist-item__text\" id=\"checklist-item-3\">Loose</span></p>\n<p>more</p>\n</li>\n</ol>\n"
        );
        assert!(!html.contains("disabled"));
        // The summary (the first paragraph) is cut where it was.
        assert_eq!(render_safe(body, false).summary, "<p>Intro.</p>\n");
    }

    #[test]
    fn safe_mode_sanitizes_each_html_block_on_its_own() {
        let body = "<div class=\"note\">\n\n*Inside*\n\n</div>\n";
        assert_eq!(render_safe(body, true).html, "<div class=\"note\">\n</div>\n<p><em>Inside</em></p>\n\n");
        assert_eq!(render_safe(body, false).html, "<div class=\"note\">\n<p><em>Inside</em></p>\n</div>\n");
    }

    #[test]
    fn a_dropped_link_keeps_its_text_and_is_reported_with_its_offset() {
        let body = "See [it](javascript:go()) and ![pic](vbscript:x) now.\n";
        let a = analyze(body, opts(), true);
        assert!(a.links.is_empty(), "script URLs are not checked as links");
        let r = render_safe(body, false);
        assert_eq!(r.html, "<p>See it and pic now.</p>\n");
        let at: Vec<_> = r.refused.iter().map(|u| (u.offset, u.image)).collect();
        assert_eq!(at, [(4, false), (30, true)]);
    }

    #[test]
    fn code_is_highlighted_and_unknown_fences_are_escaped() {
        let body = "```rust\nfn x() {}\n```\n\n```nolang\n<b>\n```\n";
        let r = render_safe(body, false);
        assert!(r.html.contains("hl-"));
        assert!(r.html.contains("&lt;b&gt;"));
        // A block that scrolls sideways on a phone must be reachable by keyboard.
        assert_eq!(r.html.matches("<pre class=\"code\" tabindex=\"0\"").count(), 2);
        assert_eq!(r.unknown_languages.len(), 1);
    }

    #[test]
    fn lists_deeper_than_the_limit_are_flattened_into_the_deepest_item() {
        let h = Highlighter::new();
        let links = HashMap::new();
        let render_list = |depth: usize| {
            let body = format!("intro\n\n{}deep\n\n* after\n", "* ".repeat(depth));
            let cx = RenderContext {
                opts: opts(),
                heading_anchors: false,
                page_url: "/a/",
                highlighter: &h,
                headings: &[],
                links: &links,
                glossary: None,
                terms: &[],
                own_term: None,
                autolink: true,
                safe: false,
                lang: crate::lang::Marker::new("en", "en"),
                callouts: ENGLISH_CALLOUTS,
                containers: true,
            };
            (render(&body, &cx), body)
        };
        let (r, _) = render_list(MAX_LIST_DEPTH);
        assert_eq!(r.html.matches("<ul>").count(), MAX_LIST_DEPTH);
        assert_eq!(r.too_deep_list, None);
        let (r, body) = render_list(MAX_LIST_DEPTH * 5);
        assert_eq!(r.html.matches("<ul>").count(), MAX_LIST_DEPTH);
        assert_eq!(r.html.matches("<ul>").count(), r.html.matches("</ul>").count());
        assert_eq!(r.html.matches("<li>").count(), r.html.matches("</li>").count());
        assert!(r.html.contains("deep"), "{}", r.html);
        assert!(r.html.contains("after"));
        assert_eq!(r.too_deep_list, Some(body.find("* ").unwrap() + 2 * MAX_LIST_DEPTH));
    }
}
