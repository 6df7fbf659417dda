//! Markdown: pulldown-cmark events in, HTML out, in two passes per page.
//!
//! `analyze` collects what other pages need before anything renders (heading ids,
//! TOC, links with their offsets, word count); `render` then rewrites links, adds
//! heading ids and anchors, highlights code (an adapter over the event stream) and
//! links glossary terms. Pure: no file IO, no knowledge of templates.
//!
//! Trust (see [`crate::trust`]): a link or image whose URL runs script is dropped in
//! every mode (its text stays, as text) and reported in [`Rendered::refused`]; pass 1
//! leaves it out of the links to check. With `safe`, the author's raw HTML is
//! sanitized: an HTML block as a whole, inline HTML together with the inline run it
//! sits in (so `H<sub>2</sub>O` keeps its tags), and what primer generates inside such
//! a run (glossary links, heading anchors) is set aside and put back untouched.

use crate::glossary::Matcher;
use crate::highlight::Highlighter;
use crate::html::{escape, escape_into};
use crate::trust::{self, UrlUse};
use crate::urls::{self, slugify};
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
            // Script URLs are dropped at render time, so they are not checked as links.
            Event::Start(Tag::Link { dest_url, .. }) if trust::refused(&dest_url, UrlUse::Link).is_none() => {
                a.links.push(LinkRef { dest: dest_url.to_string(), offset: range.start })
            }
            Event::Start(Tag::Image { dest_url, .. }) if trust::refused(&dest_url, UrlUse::Image).is_none() => {
                a.links.push(LinkRef { dest: dest_url.to_string(), offset: range.start })
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

/// Deepest nesting of lists rendered as lists. Deeper list markers are kept as
/// the text of the deepest item (with a warning): the search indexer's cost grows
/// with the square of the HTML's nesting depth, and no page needs 100 levels.
pub const MAX_LIST_DEPTH: usize = 100;

/// A glossary entry as the renderer needs it.
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
}

/// A link or image dropped because of its URL.
#[derive(Debug, Clone)]
pub struct RefusedUrl {
    pub dest: String,
    /// Byte offset in the body.
    pub offset: usize,
    pub image: bool,
    /// Why, in a few words (`a \`javascript:\` URL runs script`).
    pub reason: String,
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
    /// Links and images dropped for their URL, in body order.
    pub refused: Vec<RefusedUrl>,
    /// Body offset of the first list nested deeper than [`MAX_LIST_DEPTH`].
    pub too_deep_list: Option<usize>,
    /// The cache key of all this was made from (0 when the cache is off): stands for
    /// `html` and `summary` in the keys of the pages that show them.
    pub key: u64,
}

/// Testing hook, in debug builds only: with `PRIMER_TEST_PANIC=<text>` in the
/// environment, rendering a page whose body contains `<text>` panics (on a rayon
/// thread, like a real bug would), so tests can check how a crash inside a build
/// is reported. Release builds do not read the variable.
#[cfg(debug_assertions)]
fn test_panic_hook(body: &str) {
    static MARKER: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let marker = MARKER.get_or_init(|| std::env::var("PRIMER_TEST_PANIC").ok().filter(|m| !m.is_empty()));
    if let Some(m) = marker.as_deref().filter(|m| body.contains(m)) {
        panic!("PRIMER_TEST_PANIC: the page contains `{m}`");
    }
}

/// Pass 2: the page's HTML.
pub fn render(body: &str, cx: &RenderContext<'_>) -> Rendered {
    #[cfg(debug_assertions)]
    test_panic_hook(body);
    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading_idx = 0;
    let mut depth_heading = false;
    // One entry per open link or image: whether its tags are kept (false: dropped for its URL).
    let mut link_stack: Vec<bool> = Vec::new();
    // Indices in `events` of the author's raw HTML (safe mode only).
    let mut authored: Vec<usize> = Vec::new();
    let mut code: Option<(String, String, usize)> = None;
    let mut linked: HashSet<usize> = HashSet::new();
    let mut summary_at: Option<usize> = None; // index into events
    let mut first_para_end: Option<usize> = None;
    let mut block_depth = 0usize;
    // Open lists, counting those beyond the limit (whose list and item tags are dropped).
    let mut lists = 0usize;
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
                        let id = escape(&h.id);
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
                let keep = refuse(&dest_url, UrlUse::Link, range.start, &mut out).is_none();
                link_stack.push(keep);
                if keep {
                    let dest = rewrite(cx, &dest_url);
                    events.push(Event::Start(Tag::Link { link_type, dest_url: dest, title, id }));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let keep = refuse(&dest_url, UrlUse::Image, range.start, &mut out).is_none();
                link_stack.push(keep);
                if keep {
                    let dest = rewrite(cx, &dest_url);
                    events.push(Event::Start(Tag::Image { link_type, dest_url: dest, title, id }));
                }
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if link_stack.pop().unwrap_or(true) {
                    events.push(Event::End(end));
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), range.start));
            }
            Event::Start(Tag::List(_)) if lists >= MAX_LIST_DEPTH => {
                lists += 1;
                out.too_deep_list.get_or_insert(range.start);
            }
            Event::End(TagEnd::List(_)) if lists > MAX_LIST_DEPTH => lists -= 1,
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) if lists > MAX_LIST_DEPTH => {}
            Event::Start(tag @ Tag::List(_)) => {
                lists += 1;
                block_depth += 1;
                events.push(Event::Start(tag));
            }
            Event::End(tag @ TagEnd::List(_)) => {
                lists = lists.saturating_sub(1);
                block_depth = block_depth.saturating_sub(1);
                events.push(Event::End(tag));
            }
            Event::Text(text) if !depth_heading && link_stack.is_empty() => {
                autolink(cx, text, &mut linked, &mut out.mentioned, &mut events);
            }
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => {
                summary_at.get_or_insert(events.len());
            }
            Event::Html(h) if cx.safe => {
                authored.push(events.len());
                events.push(Event::Html(h));
            }
            Event::InlineHtml(h) if cx.safe => {
                authored.push(events.len());
                events.push(Event::InlineHtml(h));
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
    let mut cut = summary_at.or(first_para_end).unwrap_or(0);
    if !authored.is_empty() {
        (events, cut) = sanitize_authored(events, &authored, cut);
    }
    html::push_html(&mut out.summary, events[..cut].iter().cloned());
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// Check a link or image URL; a refused one is recorded in `out`.
fn refuse(dest: &str, used: UrlUse, offset: usize, out: &mut Rendered) -> Option<()> {
    let reason = trust::refused(dest, used)?;
    out.refused.push(RefusedUrl { dest: dest.to_string(), offset, image: used == UrlUse::Image, reason });
    Some(())
}

/// Events that live inside a paragraph, heading or cell (not blocks).
fn is_inline(e: &Event<'_>) -> bool {
    match e {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::TaskListMarker(_) => true,
        Event::Start(t) => matches!(
            t,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        Event::End(t) => matches!(
            t,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image
        ),
        _ => false,
    }
}

/// Safe mode: replace each stretch of events that holds the author's raw HTML by one
/// sanitized HTML event. A stretch is a run of adjacent HTML-block lines, or the whole
/// inline run around inline HTML (never across `cut`, the summary's end). Inside a
/// stretch, HTML primer generated is replaced by a placeholder for the sanitizer and
/// put back afterwards. Returns the new events and the summary cut in them.
fn sanitize_authored<'a>(events: Vec<Event<'a>>, authored: &[usize], cut: usize) -> (Vec<Event<'a>>, usize) {
    let is_authored = |i: usize| authored.binary_search(&i).is_ok();
    // Stretches as [start, end) index ranges, in order, not overlapping.
    let mut stretches: Vec<(usize, usize)> = Vec::new();
    for &i in authored {
        if stretches.last().is_some_and(|&(_, end)| i < end) {
            continue;
        }
        let (mut start, mut end) = (i, i + 1);
        if matches!(events[i], Event::Html(_)) {
            while end < events.len() && end != cut && is_authored(end) && matches!(events[end], Event::Html(_)) {
                end += 1;
            }
        } else {
            while start > 0 && start != cut && is_inline(&events[start - 1]) {
                start -= 1;
            }
            while end < events.len() && end != cut && is_inline(&events[end]) {
                end += 1;
            }
        }
        stretches.push((start, end));
    }
    let mut out = Vec::with_capacity(events.len());
    let mut new_cut = None;
    let mut it = events.into_iter().enumerate().peekable();
    let mut stretch = stretches.into_iter().peekable();
    while let Some((i, e)) = it.next() {
        if i == cut {
            new_cut = Some(out.len());
        }
        let Some(&(start, end)) = stretch.peek().filter(|(start, _)| *start == i) else {
            out.push(e);
            continue;
        };
        stretch.next();
        let mut generated: Vec<CowStr<'a>> = Vec::new();
        let mut part: Vec<Event<'a>> = Vec::with_capacity(end - start);
        let mut take = |j: usize, e: Event<'a>| match e {
            Event::Html(h) | Event::InlineHtml(h) if !is_authored(j) => {
                part.push(Event::InlineHtml(placeholder(generated.len()).into()));
                generated.push(h);
            }
            other => part.push(other),
        };
        take(i, e);
        while it.peek().is_some_and(|(j, _)| *j < end) {
            if let Some((j, e)) = it.next() {
                take(j, e);
            }
        }
        let mut raw = String::new();
        html::push_html(&mut raw, part.into_iter());
        let mut clean = trust::sanitize(&raw);
        for (n, h) in generated.iter().enumerate() {
            clean = clean.replacen(&placeholder(n), h, 1);
        }
        out.push(Event::InlineHtml(clean.into()));
    }
    let len = out.len();
    (out, new_cut.unwrap_or(len))
}

/// Stands for generated HTML while a stretch is sanitized: private-use characters,
/// which the sanitizer keeps as text.
fn placeholder(n: usize) -> String {
    format!("\u{F8F0}{n}\u{F8F1}")
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
    let lang_attr = escape(lang);
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
        None => escape_into(&mut html, text),
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
            escape(&urls::relative(cx.page_url, t.url)),
            escape(&tip)
        );
        cx.lang.write(&mut html, &text[m.start..m.end]);
        let _ = write!(
            html,
            "</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"{}\" data-pagefind-ignore>",
            escape(&tip)
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

    fn render_safe(body: &str, safe: bool) -> Rendered {
        let h = Highlighter::new();
        let a = analyze(body, opts());
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
            "<ul>\n<li><input disabled=\"\" type=\"checkbox\">\n<input type=\"text\" disabled=\"\"> b</li>\n</ul>\n"
        );
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
        let a = analyze(body, opts());
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
