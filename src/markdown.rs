//! Markdown: pulldown-cmark events in, HTML out, in two passes per page.
//!
//! `analyze` collects what other pages need before anything renders (heading ids,
//! TOC, links with their offsets, word count); `render` then rewrites links, adds
//! heading ids and anchors, highlights code (an adapter over the event stream) and
//! links glossary terms. Pure: no file IO, no knowledge of templates.

use crate::glossary::Matcher;
use crate::highlight::Highlighter;
use crate::urls::slugify;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;

/// A heading with its final, unique id.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A link or image destination found in the body, with its byte offset in the body.
#[derive(Debug, Clone)]
pub struct LinkRef {
    pub dest: String,
    pub offset: usize,
    pub image: bool,
}

/// What pass 1 learns about a page.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    pub words: usize,
}

impl Analysis {
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

pub fn options(c: &crate::config::MarkdownOptions) -> Options {
    let mut o = Options::ENABLE_HEADING_ATTRIBUTES;
    o.set(Options::ENABLE_TABLES, c.tables);
    o.set(Options::ENABLE_FOOTNOTES, c.footnotes);
    o.set(Options::ENABLE_STRIKETHROUGH, c.strikethrough);
    o.set(Options::ENABLE_TASKLISTS, c.task_lists);
    o.set(Options::ENABLE_SMART_PUNCTUATION, c.smart_punctuation);
    o
}

/// Pass 1: headings (ids unique per page, stable), links, words.
pub fn analyze(body: &str, opts: Options) -> Analysis {
    let mut a = Analysis::default();
    let mut used: HashMap<String, usize> = HashMap::new();
    let mut heading: Option<(u8, Option<String>, String)> = None;
    let mut in_code = false;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                heading = Some((level_num(level), id.map(|i| i.to_string()), String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, explicit, title)) = heading.take() {
                    let base = explicit.unwrap_or_else(|| slugify(&title));
                    let id = unique_id(&mut used, if base.is_empty() { "section".into() } else { base });
                    a.headings.push(Heading { level, id, title: title.trim().to_string() });
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                a.links.push(LinkRef { dest: dest_url.to_string(), offset: range.start, image: false })
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                a.links.push(LinkRef { dest: dest_url.to_string(), offset: range.start, image: true })
            }
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, title)) = heading.as_mut() {
                    title.push_str(&t);
                }
                if !in_code {
                    a.words += count_words(&t);
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

/// Prefixes of generated ids (quiz questions, tooltips, glossary letters, tree nodes).
const RESERVED_PREFIXES: &[&str] = &["quiz-", "gloss-", "letter-", "tree-"];

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
pub fn count_words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            n += 1;
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
    n
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// A glossary entry as the renderer needs it.
pub struct TermLink<'a> {
    /// Relative to the page being rendered.
    pub url: String,
    pub id: &'a str,
    pub definition: &'a str,
}

/// Everything pass 2 needs besides the body.
pub struct RenderContext<'a> {
    pub opts: Options,
    pub heading_anchors: bool,
    pub highlighter: &'a Highlighter,
    pub headings: &'a [Heading],
    /// Original destination → final (relative) URL; destinations not in the map are left alone.
    pub links: &'a HashMap<String, String>,
    pub glossary: Option<&'a Matcher>,
    /// Per entry index: the link target; relative to this page.
    pub terms: &'a [TermLink<'a>],
    /// The entry this page defines (not linked on its own page).
    pub own_term: Option<usize>,
    pub autolink: bool,
    /// Marks runs of text in another language (`<span lang>`, see `crate::lang`).
    pub lang: crate::lang::Marker<'a>,
}

/// Pass 2 output.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// HTML up to `<!-- more -->`, else the first paragraph.
    pub summary: String,
    /// Glossary entries mentioned in prose.
    pub mentioned: BTreeSet<usize>,
    /// Code-fence languages that could not be highlighted, with body offsets.
    pub unknown_languages: Vec<(String, usize)>,
    /// A code block is on the page (it needs the highlighting stylesheet).
    pub has_code: bool,
    /// The cache key of all this was made from (0 when the cache is off): stands for
    /// `html` and `summary` in the keys of the pages that show them.
    pub key: u64,
}

/// Pass 2: the page's HTML.
pub fn render(body: &str, cx: &RenderContext<'_>) -> Rendered {
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_idx = 0;
    let mut depth_heading = false;
    let mut link_depth = 0usize;
    let mut code: Option<(String, String, usize)> = None;
    let mut linked: HashSet<usize> = HashSet::new();
    let mut summary_at: Option<usize> = None; // index into events
    let mut first_para_end: Option<usize> = None;
    let mut block_depth = 0usize;
    for (event, range) in Parser::new_ext(body, cx.opts).into_offset_iter() {
        if let Some((lang, text, offset)) = code.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(cx, lang, text, *offset, &mut out);
                    events.push(Event::Html(html.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
                let id = cx.headings.get(heading_idx).map(|h| h.id.clone()).unwrap_or_default();
                depth_heading = true;
                events.push(Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if cx.heading_anchors {
                    if let Some(h) = cx.headings.get(heading_idx) {
                        let id = escape_attr(&h.id);
                        events.push(Event::Html(
                            format!(
                                "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"Link to this section\">#</a>"
                            )
                            .into(),
                        ));
                    }
                }
                heading_idx += 1;
                depth_heading = false;
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                link_depth += 1;
                let dest = rewrite(cx, &dest_url);
                events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Link));
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                link_depth += 1;
                let dest = rewrite(cx, &dest_url);
                events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
            }
            Event::End(TagEnd::Image) => {
                link_depth = link_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Image));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), range.start));
            }
            Event::Text(text) if !depth_heading && link_depth == 0 => {
                autolink(cx, text, &mut linked, &mut out.mentioned, &mut events);
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => {
                summary_at.get_or_insert(events.len());
            }
            Event::Start(tag) => {
                block_depth += 1;
                events.push(Event::Start(tag));
            }
            Event::End(TagEnd::Paragraph) => {
                block_depth = block_depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Paragraph));
                if block_depth == 0 && first_para_end.is_none() {
                    first_para_end = Some(events.len());
                }
            }
            Event::End(tag) => {
                block_depth = block_depth.saturating_sub(1);
                events.push(Event::End(tag));
            }
            other => events.push(other),
        }
    }
    mark_languages(cx, &mut events);
    let cut = summary_at.or(first_para_end).unwrap_or(0);
    html::push_html(&mut out.summary, events[..cut].iter().cloned());
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// Text in another script than the page's language gets its `lang` (not image alt
/// text, which is an attribute). Heading ids come from pass 1, so they do not change.
fn mark_languages(cx: &RenderContext<'_>, events: &mut [Event<'_>]) {
    let mut image = 0usize;
    for ev in events.iter_mut() {
        match ev {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            Event::Text(t) if image == 0 && cx.lang.needed(t) => {
                let mut html = String::with_capacity(t.len() + 32);
                cx.lang.write(&mut html, t);
                *ev = Event::InlineHtml(html.into());
            }
            _ => {}
        }
    }
}

fn rewrite<'a>(cx: &RenderContext<'_>, dest: &CowStr<'a>) -> CowStr<'a> {
    match cx.links.get(dest.as_ref()) {
        Some(u) => CowStr::from(u.clone()),
        None => dest.clone(),
    }
}

fn code_block(cx: &RenderContext<'_>, lang: &str, text: &str, offset: usize, out: &mut Rendered) -> String {
    let mut html = String::with_capacity(text.len() * 2);
    out.has_code = true;
    let plain = lang.is_empty() || Highlighter::is_plain(lang);
    let highlighted = if plain { None } else { cx.highlighter.highlight(lang, text) };
    if !plain && highlighted.is_none() {
        out.unknown_languages.push((lang.to_string(), offset));
    }
    let lang_attr = escape_attr(lang);
    if lang.is_empty() {
        html.push_str("<pre class=\"code\" tabindex=\"0\"><code>");
    } else {
        let _ = write!(
            html,
            "<pre class=\"code\" tabindex=\"0\" data-lang=\"{lang_attr}\"><code class=\"language-{lang_attr}\">"
        );
    }
    match highlighted {
        Some(h) => html.push_str(&h),
        None => escape_text_into(&mut html, text),
    }
    html.push_str("</code></pre>\n");
    html
}

/// Split a prose text event around glossary matches; link the first of each term.
fn autolink<'a>(
    cx: &RenderContext<'_>,
    text: CowStr<'a>,
    linked: &mut HashSet<usize>,
    mentioned: &mut BTreeSet<usize>,
    events: &mut Vec<Event<'a>>,
) {
    let Some(matcher) = cx.glossary else {
        events.push(Event::Text(text));
        return;
    };
    let matches = matcher.find(&text);
    let mut last = 0;
    for m in matches {
        if Some(m.entry) == cx.own_term {
            continue;
        }
        mentioned.insert(m.entry);
        if !cx.autolink || !linked.insert(m.entry) {
            continue;
        }
        let Some(t) = cx.terms.get(m.entry) else { continue };
        if m.start > last {
            events.push(Event::Text(CowStr::from(text[last..m.start].to_string())));
        }
        let mut html = String::new();
        let tip = format!("gloss-{}", t.id);
        let _ = write!(
            html,
            "<span class=\"gloss\"><a class=\"gloss-term\" href=\"{}\" aria-describedby=\"{}\">",
            escape_attr(&t.url),
            escape_attr(&tip)
        );
        cx.lang.write(&mut html, &text[m.start..m.end]);
        let _ = write!(
            html,
            "</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"{}\" data-pagefind-ignore>",
            escape_attr(&tip)
        );
        cx.lang.write(&mut html, t.definition);
        html.push_str("</span></span>");
        events.push(Event::InlineHtml(html.into()));
        last = m.end;
    }
    if last == 0 {
        events.push(Event::Text(text));
    } else if last < text.len() {
        events.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

/// Escape for HTML text.
pub fn escape_text_into(out: &mut String, s: &str) {
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// Escape for an HTML attribute value (double-quoted).
pub fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> Options {
        options(&crate::config::MarkdownOptions::default())
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let a = analyze("## Intro\n## Intro\n## Other {#custom}\n## Intro-1\n", opts());
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["intro", "intro-1", "custom", "intro-1-1"]);
    }

    #[test]
    fn heading_ids_avoid_the_ids_the_theme_uses() {
        let a = analyze("## Main\n## Quiz q1\n## Toc title\n", opts());
        let ids: Vec<_> = a.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["main_1", "quiz-q1_1", "toc-title_1"]);
    }

    #[test]
    fn words_count_cjk_characters_individually() {
        assert_eq!(count_words("a ledger's node 区块链"), 6);
    }

    #[test]
    fn code_is_highlighted_and_unknown_fences_are_escaped() {
        let h = Highlighter::new();
        let body = "```rust\nfn x() {}\n```\n\n```nolang\n<b>\n```\n";
        let a = analyze(body, opts());
        let links = HashMap::new();
        let cx = RenderContext {
            opts: opts(),
            heading_anchors: false,
            highlighter: &h,
            headings: &a.headings,
            links: &links,
            glossary: None,
            terms: &[],
            own_term: None,
            autolink: true,
            lang: crate::lang::Marker::new("en", "en"),
        };
        let r = render(body, &cx);
        assert!(r.html.contains("hl-"));
        assert!(r.html.contains("&lt;b&gt;"));
        // A block that scrolls sideways on a phone must be reachable by keyboard.
        assert_eq!(r.html.matches("<pre class=\"code\" tabindex=\"0\"").count(), 2);
        assert_eq!(r.unknown_languages.len(), 1);
    }
}
