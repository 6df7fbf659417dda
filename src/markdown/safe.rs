//! Safe mode: the author's raw HTML, sanitized in stretches (see [`sanitize_authored`]).

use pulldown_cmark::{html, CowStr, Event, Tag, TagEnd};

use crate::trust;

/// Events that live inside a paragraph, heading or cell (not blocks).
pub(super) fn is_inline(e: &Event<'_>) -> bool {
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
pub(super) fn sanitize_authored<'a>(events: Vec<Event<'a>>, authored: &[usize], cut: usize) -> (Vec<Event<'a>>, usize) {
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
