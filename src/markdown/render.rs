//! Pass 2: the page's HTML. The event stream runs through the adapters (see the
//! module docs of `markdown`), then text in other languages is marked, raw HTML is
//! sanitized in safe mode, and the summary and the body are written.

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

use super::adapters::{At, Blocks, Code, Glossary, Headings, Links, Lists, Out};
use super::containers::{self, Containers, Kind, Piece};
use super::{RenderContext, Rendered};

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
    let mut out = Out { events: Vec::new(), rendered: Rendered::default() };
    let (mut code, mut headings, mut links) = (Code::default(), Headings::default(), Links::default());
    let (mut lists, mut glossary, mut blocks) = (Lists::default(), Glossary::default(), Blocks::default());
    let prepared = containers::prepare(body, cx.opts, cx.containers);
    let events = Parser::new_ext(&prepared.text, cx.opts).into_offset_iter();
    let mut pieces = Containers::new(events, &prepared, cx.containers);
    let mut ids = TabIds::default();
    // Where each steps or cards block opens, in the events.
    let mut list_blocks: Vec<usize> = Vec::new();
    for piece in pieces.by_ref() {
        let (event, offset) = match piece {
            Piece::Event(event, offset) => (event, offset),
            other => {
                if matches!(other, Piece::Open { kind: Kind::Steps | Kind::Cards, .. }) {
                    list_blocks.push(out.events.len());
                }
                let (html, depth) = container_html(cx, other, &mut ids, &mut out.rendered);
                blocks.container(html, depth, &mut out);
                continue;
            }
        };
        let mut here = At { cx, offset, in_prose: false };
        let Some(event) = code.on(event, here, &mut out) else { continue };
        let Some(event) = headings.on(event, here, &mut out) else { continue };
        let Some(event) = links.on(event, here, &mut out) else { continue };
        let Some(event) = lists.on(event, here, &mut out) else { continue };
        here.in_prose = !headings.open() && !links.open();
        let Some(event) = glossary.on(event, here, &mut out) else { continue };
        blocks.on(event, here, &mut out);
    }
    out.rendered.containers = pieces.problems;
    let Out { mut events, rendered: mut out } = out;
    name_lists(&mut events, &list_blocks);
    mark_languages(cx, &mut events);
    let mut cut = blocks.summary_cut();
    let (labelled, moved) = label_task_lists(events);
    events = labelled;
    if let Some(moved) = moved {
        cut = moved.get(cut).copied().unwrap_or(events.len());
        blocks.authored.iter_mut().for_each(|i| *i = moved.get(*i).copied().unwrap_or(*i));
    }
    if !blocks.authored.is_empty() {
        (events, cut) = super::safe::sanitize_authored(events, &blocks.authored, cut);
    }
    html::push_html(&mut out.summary, events[..cut].iter().cloned());
    out.html.reserve(body.len() * 3 / 2);
    html::push_html(&mut out.html, events.into_iter());
    out
}

/// Task lists (`- [ ] item`) are checklists: each box can be ticked (not disabled)
/// and is named by its item's own words (`aria-labelledby`; a nested list is not part
/// of the name), in the HTML itself, so assistive technology reads them without
/// JavaScript; the theme's script keeps the ticks. Runs before safe mode's sanitizer
/// (what it inserts is primer's, not the author's); returns, when it inserted events,
/// where each old event went (one more entry: the end).
fn label_task_lists(events: Vec<Event<'_>>) -> (Vec<Event<'_>>, Option<Vec<usize>>) {
    if !events.iter().any(|e| matches!(e, Event::TaskListMarker(_))) {
        return (events, None);
    }
    let mut out: Vec<Event> = Vec::with_capacity(events.len() + 32);
    let mut moved = Vec::with_capacity(events.len() + 1);
    let mut n = 0usize;
    // The open label: how many inline tags deep inside it the stream is.
    let mut open: Option<usize> = None;
    let mut item: Option<usize> = None;
    for ev in events {
        if let Some(depth) = open.as_mut() {
            let inline = super::safe::is_inline(&ev);
            let close = match &ev {
                Event::Start(_) if inline => {
                    *depth += 1;
                    false
                }
                Event::End(_) if inline && *depth > 0 => {
                    *depth -= 1;
                    false
                }
                Event::Start(_) | Event::End(_) => true,
                _ => false,
            };
            if close {
                out.push(Event::InlineHtml("</span>".into()));
                open = None;
            }
        }
        moved.push(out.len());
        match ev {
            Event::Start(Tag::Item) => {
                item = Some(out.len());
                out.push(Event::Start(Tag::Item));
            }
            Event::TaskListMarker(checked) => {
                n += 1;
                if let Some(k) = item.take() {
                    out[k] = Event::Html("<li class=\"checklist-item\">".into());
                }
                let ticked = if checked { " checked" } else { "" };
                out.push(Event::InlineHtml(
                    format!(
                        "<input type=\"checkbox\" id=\"checklist-box-{n}\" aria-labelledby=\"checklist-item-{n}\"{ticked}> <span class=\"checklist-item__text\" id=\"checklist-item-{n}\">"
                    )
                    .into(),
                ));
                open = Some(0);
            }
            other => out.push(other),
        }
    }
    if open.is_some() {
        out.push(Event::InlineHtml("</span>".into()));
    }
    moved.push(out.len());
    (out, Some(moved))
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

/// Ids of the page's tab groups: how many so far, and the open ones (group, panels).
#[derive(Default)]
struct TabIds {
    groups: usize,
    open: Vec<(usize, usize)>,
}

/// A tab's label with its inline markdown: code spans, emphasis, strong and
/// strikethrough become markup; a link or image keeps only its text (the label becomes
/// a button); raw HTML is shown as text; every text goes through the escaper (with its
/// foreign-language runs marked).
fn label_html(cx: &RenderContext<'_>, html: &mut String, label: &str) {
    // Parsed after a word, so that a label such as `1. Setup` or `# C` stays text
    // rather than starting a list or a heading; the word is dropped again.
    let text = format!("a {label}");
    let mut lead = true;
    for event in Parser::new_ext(&text, pulldown_cmark::Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) if lead => {
                lead = false;
                cx.lang.write(html, t.strip_prefix("a ").unwrap_or(&t));
            }
            Event::Text(t) => cx.lang.write(html, &t),
            Event::Html(t) | Event::InlineHtml(t) => cx.lang.write(html, &t),
            Event::Code(c) => {
                html.push_str("<code>");
                html.push_str(&crate::html::escape(&c));
                html.push_str("</code>");
            }
            Event::SoftBreak | Event::HardBreak => html.push(' '),
            Event::Start(Tag::Emphasis) => html.push_str("<em>"),
            Event::End(TagEnd::Emphasis) => html.push_str("</em>"),
            Event::Start(Tag::Strong) => html.push_str("<strong>"),
            Event::End(TagEnd::Strong) => html.push_str("</strong>"),
            Event::Start(Tag::Strikethrough) => html.push_str("<del>"),
            Event::End(TagEnd::Strikethrough) => html.push_str("</del>"),
            _ => {}
        }
    }
}

/// The HTML of a container's boundary, and how it changes the block depth. Tabs are
/// written so that they read without JavaScript: each panel under its label, all
/// shown (`tabs.js` makes them the WAI-ARIA tabs pattern); ids are `tabs-N` for the
/// page's N-th group and `tabs-N-K` for its K-th panel. Steps and cards are a class
/// on a wrapper around their list.
fn container_html(cx: &RenderContext<'_>, piece: Piece<'_>, ids: &mut TabIds, out: &mut Rendered) -> (String, isize) {
    use std::fmt::Write;
    out.has_containers = true;
    match piece {
        Piece::Open { kind: Kind::Tabs, sync } => {
            out.has_tabs = true;
            ids.groups += 1;
            ids.open.push((ids.groups, 0));
            let sync = sync.map(|k| format!(" data-sync=\"{}\"", crate::html::escape(&k))).unwrap_or_default();
            (format!("<div class=\"tabs\" id=\"tabs-{}\" data-tabs{sync}>\n", ids.groups), 1)
        }
        Piece::Open { kind: Kind::Steps, .. } => ("<div class=\"steps\">\n".into(), 1),
        Piece::Open { kind: Kind::Cards, .. } => ("<div class=\"card-grid\">\n".into(), 1),
        Piece::Tab { label, first } => {
            let mut html = String::new();
            if !first {
                html.push_str("</div>\n");
            }
            let (group, k) = ids
                .open
                .last_mut()
                .map(|(g, k)| {
                    (*g, {
                        *k += 1;
                        *k
                    })
                })
                .unwrap_or((0, 0));
            let _ = write!(html, "<div class=\"tabs__panel\" id=\"tabs-{group}-{k}\">\n<p class=\"tabs__label\">");
            label_html(cx, &mut html, &label);
            html.push_str("</p>\n");
            (html, 0)
        }
        Piece::Close { kind, panel } => {
            if kind == Kind::Tabs {
                ids.open.pop();
            }
            ((if panel { "</div>\n</div>\n" } else { "</div>\n" }).into(), -1)
        }
        Piece::Event(..) => (String::new(), 0),
    }
}

/// The list of each steps or cards block (the first list after its opening, which
/// `containers` checked is the block's only child) is written with `role="list"`:
/// their CSS removes the list markers, and Safari then stops announcing a list.
fn name_lists(events: &mut [Event<'_>], opens: &[usize]) {
    for &open in opens {
        let Some(start) = (open..events.len()).find(|&i| matches!(events[i], Event::Start(Tag::List(_)))) else {
            continue;
        };
        let mut depth = 0usize;
        let Some(end) = (start..events.len()).find(|&i| {
            match events[i] {
                Event::Start(Tag::List(_)) => depth += 1,
                Event::End(TagEnd::List(_)) => depth -= 1,
                _ => {}
            }
            depth == 0
        }) else {
            continue;
        };
        let (open_tag, close_tag) = match events[start] {
            Event::Start(Tag::List(Some(1))) => ("<ol role=\"list\">\n".to_string(), "</ol>\n"),
            Event::Start(Tag::List(Some(n))) => (format!("<ol role=\"list\" start=\"{n}\">\n"), "</ol>\n"),
            _ => ("<ul role=\"list\">\n".to_string(), "</ul>\n"),
        };
        events[start] = Event::Html(open_tag.into());
        events[end] = Event::Html(close_tag.into());
    }
}
