//! Pass 2: the page's HTML. The event stream runs through the adapters (see the
//! module docs of `markdown`), then text in other languages is marked, raw HTML is
//! sanitized in safe mode, and the summary and the body are written.

use pulldown_cmark::{html, Event, Parser, Tag, TagEnd};

use super::adapters::{At, Blocks, Code, Glossary, Headings, Links, Lists, Out};
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
    for (event, range) in Parser::new_ext(body, cx.opts).into_offset_iter() {
        let mut here = At { cx, offset: range.start, in_prose: false };
        let Some(event) = code.on(event, here, &mut out) else { continue };
        let Some(event) = headings.on(event, here, &mut out) else { continue };
        let Some(event) = links.on(event, here, &mut out) else { continue };
        let Some(event) = lists.on(event, here, &mut out) else { continue };
        here.in_prose = !headings.open() && !links.open();
        let Some(event) = glossary.on(event, here, &mut out) else { continue };
        blocks.on(event, here, &mut out);
    }
    let Out { mut events, rendered: mut out } = out;
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
