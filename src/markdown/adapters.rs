//! The adapters of pass 2. Each takes the events of its concern from the stream
//! (writing what they become into [`Out`]) and passes every other event on, in the
//! order `render` chains them: code, headings, links, lists, glossary, blocks. All
//! take the event, where the stream is ([`At`]) and the output, so the chain reads
//! as one list.

use std::collections::HashSet;
use std::fmt::Write;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::highlight::Highlighter;
use super::{RefusedUrl, RenderContext, Rendered, MAX_LIST_DEPTH};
use crate::html::{escape, escape_into};
use crate::trust::{self, UrlUse};
use crate::urls;

/// What the adapters produce: the rewritten events and the page's findings.
pub(super) struct Out<'a> {
    pub(super) events: Vec<Event<'a>>,
    pub(super) rendered: Rendered,
}

/// Where the event stream is, for every adapter: the page's context, the event's
/// offset in the body, and whether the event is prose (not inside a heading, link or
/// image: set once the headings and links adapters have seen the event).
#[derive(Clone, Copy)]
pub(super) struct At<'c> {
    pub(super) cx: &'c RenderContext<'c>,
    pub(super) offset: usize,
    pub(super) in_prose: bool,
}

/// Code blocks: their text is collected and replaced by one highlighted (or
/// escaped) `<pre>`; unknown languages are recorded.
#[derive(Default)]
pub(super) struct Code {
    /// The open block: language, text so far, body offset.
    open: Option<(String, String, usize)>,
}

impl Code {
    pub(super) fn on<'a>(&mut self, event: Event<'a>, here: At<'_>, out: &mut Out<'a>) -> Option<Event<'a>> {
        let (cx, at) = (here.cx, here.offset);
        if let Some((lang, text, offset)) = self.open.as_mut() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let html = code_block(cx, lang, text, *offset, &mut out.rendered);
                    out.events.push(Event::Html(html.into()));
                    self.open = None;
                }
                _ => {}
            }
            return None;
        }
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            return Some(event);
        };
        let lang = match kind {
            CodeBlockKind::Fenced(info) => info.split([' ', ',', '{']).next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        self.open = Some((lang, String::new(), at));
        None
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

/// Headings: the ids pass 1 chose, and an anchor link after the text when the
/// site wants them.
#[derive(Default)]
pub(super) struct Headings {
    /// Index of the next heading in `cx.headings`.
    next: usize,
    open: bool,
}

impl Headings {
    /// Inside a heading (its text is not linked to the glossary).
    pub(super) fn open(&self) -> bool {
        self.open
    }

    pub(super) fn on<'a>(&mut self, event: Event<'a>, here: At<'_>, out: &mut Out<'a>) -> Option<Event<'a>> {
        let cx = here.cx;
        match event {
            Event::Start(Tag::Heading { level, id: _, classes, attrs }) => {
                let id = cx.headings.get(self.next).map(|h| h.id.clone()).unwrap_or_default();
                self.open = true;
                out.events.push(Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(h) = cx.headings.get(self.next).filter(|_| cx.heading_anchors) {
                    let id = escape(&h.id);
                    // No text: the theme draws the "#" (`::after`), so it is not part of
                    // the heading's text in the search index's titles and excerpts. Its
                    // name is the heading's own text, in the page's language.
                    let anchor = format!("<a class=\"heading-anchor\" href=\"#{id}\" aria-labelledby=\"{id}\"></a>");
                    out.events.push(Event::Html(anchor.into()));
                }
                self.next += 1;
                self.open = false;
                out.events.push(Event::End(TagEnd::Heading(level)));
            }
            other => return Some(other),
        }
        None
    }
}

/// Links and images: destinations rewritten to their final URLs; one whose URL
/// runs script is dropped (its text stays) and recorded.
#[derive(Default)]
pub(super) struct Links {
    /// One entry per open link or image: whether its tags are kept.
    stack: Vec<bool>,
}

impl Links {
    /// Inside a link or image (its text is not linked to the glossary).
    pub(super) fn open(&self) -> bool {
        !self.stack.is_empty()
    }

    pub(super) fn on<'a>(&mut self, event: Event<'a>, here: At<'_>, out: &mut Out<'a>) -> Option<Event<'a>> {
        let (cx, at) = (here.cx, here.offset);
        let (used, dest) = match &event {
            Event::Start(Tag::Link { dest_url, .. }) => (UrlUse::Link, dest_url),
            Event::Start(Tag::Image { dest_url, .. }) => (UrlUse::Image, dest_url),
            Event::End(TagEnd::Link | TagEnd::Image) => {
                if self.stack.pop().unwrap_or(true) {
                    out.events.push(event);
                }
                return None;
            }
            _ => return Some(event),
        };
        let keep = refuse(dest, used, at, &mut out.rendered).is_none();
        self.stack.push(keep);
        if keep {
            out.events.push(rewrite(cx, event));
        }
        None
    }
}

/// Check a link or image URL; a refused one is recorded in `out`.
fn refuse(dest: &str, used: UrlUse, offset: usize, out: &mut Rendered) -> Option<()> {
    let reason = trust::refused(dest, used)?;
    out.refused.push(RefusedUrl { dest: dest.to_string(), offset, image: used == UrlUse::Image, reason });
    Some(())
}

/// The link or image start with its destination replaced by the final URL, if the
/// link map has one.
fn rewrite<'a>(cx: &RenderContext<'_>, event: Event<'a>) -> Event<'a> {
    let final_url = |dest: CowStr<'a>| match cx.links.get(dest.as_ref()) {
        Some(u) => CowStr::from(u.clone()),
        None => dest,
    };
    match event {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: final_url(dest_url), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: final_url(dest_url), title, id })
        }
        other => other,
    }
}

/// Lists: those nested deeper than [`MAX_LIST_DEPTH`] lose their list and item
/// tags (their text stays in the deepest item) and the first is recorded.
#[derive(Default)]
pub(super) struct Lists {
    /// Open lists, counting those beyond the limit.
    open: usize,
}

impl Lists {
    pub(super) fn on<'a>(&mut self, event: Event<'a>, here: At<'_>, out: &mut Out<'a>) -> Option<Event<'a>> {
        let at = here.offset;
        match event {
            Event::Start(Tag::List(_)) if self.open >= MAX_LIST_DEPTH => {
                self.open += 1;
                out.rendered.too_deep_list.get_or_insert(at);
                None
            }
            Event::End(TagEnd::List(_)) if self.open > MAX_LIST_DEPTH => {
                self.open -= 1;
                None
            }
            Event::Start(Tag::Item) | Event::End(TagEnd::Item) if self.open > MAX_LIST_DEPTH => None,
            Event::Start(Tag::List(_)) => {
                self.open += 1;
                Some(event)
            }
            Event::End(TagEnd::List(_)) => {
                self.open = self.open.saturating_sub(1);
                Some(event)
            }
            other => Some(other),
        }
    }
}

/// Glossary terms in prose: each mention recorded, the first of each term linked
/// (with its definition as a tooltip), never on the term's own page.
#[derive(Default)]
pub(super) struct Glossary {
    /// Entries already linked on this page.
    linked: HashSet<usize>,
}

impl Glossary {
    pub(super) fn on<'a>(&mut self, event: Event<'a>, here: At<'_>, out: &mut Out<'a>) -> Option<Event<'a>> {
        match event {
            Event::Text(text) if here.in_prose => {
                self.autolink(here.cx, text, out);
                None
            }
            other => Some(other),
        }
    }

    /// Split a prose text event around glossary matches; link the first of each term.
    fn autolink<'a>(&mut self, cx: &RenderContext<'_>, text: CowStr<'a>, out: &mut Out<'a>) {
        let Some(matcher) = cx.glossary else {
            out.events.push(Event::Text(text));
            return;
        };
        let mut last = 0;
        for m in matcher.find(&text) {
            if Some(m.entry) == cx.own_term {
                continue;
            }
            out.rendered.mentioned.insert(m.entry);
            if !cx.autolink || !self.linked.insert(m.entry) {
                continue;
            }
            let Some(t) = cx.terms.get(m.entry) else { continue };
            if m.start > last {
                out.events.push(Event::Text(CowStr::from(text[last..m.start].to_string())));
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
            out.events.push(Event::InlineHtml(html.into()));
            last = m.end;
        }
        if last == 0 {
            out.events.push(Event::Text(text));
        } else if last < text.len() {
            out.events.push(Event::Text(CowStr::from(text[last..].to_string())));
        }
    }
}

/// Everything else, in order: the summary cut (`<!-- more -->`, else the end of
/// the first top-level paragraph) and, in safe mode, where the author's raw HTML is.
#[derive(Default)]
pub(super) struct Blocks {
    /// Open block (and inline) tags.
    depth: usize,
    /// Index in the events of `<!-- more -->`.
    more: Option<usize>,
    /// Index in the events just after the first top-level paragraph.
    first_para_end: Option<usize>,
    /// Indices in the events of the author's raw HTML (safe mode only).
    pub(super) authored: Vec<usize>,
}

impl Blocks {
    pub(super) fn on<'a>(&mut self, event: Event<'a>, here: At<'_>, out: &mut Out<'a>) {
        let cx = here.cx;
        let events = &mut out.events;
        match event {
            Event::Html(h) | Event::InlineHtml(h) if h.trim() == "<!-- more -->" => {
                self.more.get_or_insert(events.len());
            }
            Event::Html(_) | Event::InlineHtml(_) if cx.safe => {
                self.authored.push(events.len());
                events.push(event);
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.depth += 1;
                out.rendered.has_callouts = true;
                let i = callout(kind);
                let (kind, title) = (super::CALLOUT_KINDS[i], crate::html::escape(cx.callouts[i]));
                // A note landmark whose first words say what kind of note it is.
                let html = format!(
                    "<div class=\"callout callout-{kind}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n"
                );
                events.push(Event::Html(html.into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                self.depth = self.depth.saturating_sub(1);
                events.push(Event::Html("</div>\n".into()));
            }
            Event::Start(tag) => {
                self.depth += 1;
                events.push(Event::Start(tag));
            }
            Event::End(TagEnd::Paragraph) => {
                self.depth = self.depth.saturating_sub(1);
                events.push(Event::End(TagEnd::Paragraph));
                if self.depth == 0 && self.first_para_end.is_none() {
                    self.first_para_end = Some(events.len());
                }
            }
            Event::End(tag) => {
                self.depth = self.depth.saturating_sub(1);
                events.push(Event::End(tag));
            }
            other => events.push(other),
        }
    }

    /// A container's boundary (see `containers`): primer's HTML, never sanitized, and
    /// its change of depth (paragraphs in a container are not the summary's).
    pub(super) fn container<'a>(&mut self, html: String, depth: isize, out: &mut Out<'a>) {
        self.depth = self.depth.saturating_add_signed(depth);
        out.events.push(Event::Html(html.into()));
    }

    /// Where the summary ends, as an index in the events.
    pub(super) fn summary_cut(&self) -> usize {
        self.more.or(self.first_para_end).unwrap_or(0)
    }
}

/// The index of an alert's kind in [`super::CALLOUT_KINDS`].
fn callout(kind: pulldown_cmark::BlockQuoteKind) -> usize {
    use pulldown_cmark::BlockQuoteKind as K;
    match kind {
        K::Note => 0,
        K::Tip => 1,
        K::Important => 2,
        K::Warning => 3,
        K::Caution => 4,
    }
}
