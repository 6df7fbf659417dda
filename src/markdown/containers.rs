//! `:::` containers: tabs, steps and cards, typed in plain CommonMark.
//!
//! ```markdown
//! :::tabs sync=os          :::steps                 :::cards
//! ::: tab Windows          1. Install the tool.     - [Paths](paths/) Start here.
//! Text, code, lists …      2. Run `primer init`.    - [Glossary](glossary/) Terms.
//! ::: tab Linux            :::                      :::
//! …
//! :::
//! ```
//!
//! Why this spelling: the `:::` fence is what Pandoc (fenced divs), markdown-it
//! (VitePress's `::: code-group`), remark-directive (Docusaurus and Starlight asides)
//! already use, so authors coming from those know it, and a renderer that knows none
//! of it shows each `:::` line as a short paragraph: every panel stays readable, with
//! its label (`::: tab Linux`) just above it. The alternatives degrade worse:
//! pymdownx's `=== "Label"` needs its panels indented by four spaces, which CommonMark
//! renders as code blocks; MDX's `<Tabs>` is JSX, raw HTML to CommonMark, which
//! GitHub and primer's safe mode strip. One `:::` closes the whole block and `::: tab`
//! starts the next panel (no per-panel closing line to forget).
//!
//! pulldown-cmark knows no containers, and a `:::` line is not a block start, so it
//! would run into the paragraph or list item above it ("lazy continuation"). So
//! [`prepare`] finds the `:::` lines that are prose (not code, not inside a heading or
//! a table) with one parse, and sets each apart with blank lines; [`Containers`] then
//! turns those one-line paragraphs into [`Piece`]s and maps every offset back to the
//! author's text, so diagnostics point at the author's lines. A container opens and
//! closes at one nesting level (inside one list item, one quote, or at the top); one
//! still open when its list item, quote or the page ends is closed there, with an
//! error. Bad input is a [`Problem`] (the pipeline reports it with file:line and the
//! fix) and the `:::` line then stays in the page as text: nothing is lost.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The kinds of container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Tabs,
    Steps,
    Cards,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Tabs => "tabs",
            Kind::Steps => "steps",
            Kind::Cards => "cards",
        }
    }
}

pub(crate) use crate::body::Problem;

/// What the container stage yields: the markdown's events (with their offsets in the
/// author's body) and the containers' boundaries.
pub(super) enum Piece<'a> {
    Event(Event<'a>, usize),
    Open {
        kind: Kind,
        sync: Option<String>,
    },
    /// A tab panel starts (and the previous one, if any, ends).
    Tab {
        label: String,
        first: bool,
    },
    /// `panel`: a tab panel is open and ends with the block.
    Close {
        kind: Kind,
        panel: bool,
    },
}

/// The body with each prose `:::` line set apart by blank lines, and where they were
/// inserted.
pub(super) struct Prepared<'s> {
    pub(super) text: Cow<'s, str>,
    /// (offset in `text`, offset in the body, length inserted), in order.
    inserted: Vec<(usize, usize, usize)>,
}

impl Prepared<'_> {
    /// The body's offset for an offset in the prepared text.
    pub(super) fn original(&self, at: usize) -> usize {
        let k = self.inserted.partition_point(|&(new, _, _)| new <= at);
        if k == 0 {
            return at;
        }
        let (new, orig, len) = self.inserted[k - 1];
        if at < new + len {
            orig
        } else {
            orig + (at - new - len)
        }
    }
}

/// The text after a `:::` line's indentation and quote markers, if it is one.
fn marker(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches([' ', '\t', '>']);
    rest.starts_with(":::").then(|| rest.trim_end())
}

/// Set each `:::` line of prose apart with blank lines (`enabled`: the site uses
/// containers; else the body as it is).
pub(super) fn prepare(body: &str, opts: Options, enabled: bool) -> Prepared<'_> {
    let plain = || Prepared { text: Cow::Borrowed(body), inserted: Vec::new() };
    if !enabled || !body.contains(":::") {
        return plain();
    }
    let mut lines: Vec<usize> = Vec::new();
    let mut code = 0usize;
    for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Text(t) if code == 0 && t.starts_with(":::") => {
                let start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
                if body[start..range.start].bytes().all(|b| matches!(b, b' ' | b'\t' | b'>')) {
                    lines.push(start);
                }
            }
            _ => {}
        }
    }
    if lines.is_empty() {
        return plain();
    }
    lines.dedup();
    let mut text = String::with_capacity(body.len() + lines.len() * 8);
    let mut inserted = Vec::with_capacity(lines.len() * 2);
    let mut copied = 0;
    let mut insert = |text: &mut String, orig: usize, what: &str| {
        inserted.push((text.len(), orig, what.len()));
        text.push_str(what);
    };
    for start in lines {
        let end = body[start..].find('\n').map_or(body.len(), |i| start + i + 1);
        let line = &body[start..end];
        // The blank line keeps the quote markers, so a quote goes on around it.
        let quote = &line[..line.len() - line.trim_start_matches([' ', '\t', '>']).len()];
        let blank = format!("{}\n", quote.trim_end());
        text.push_str(&body[copied..start]);
        insert(&mut text, start, &blank);
        text.push_str(line);
        if !line.ends_with('\n') {
            insert(&mut text, end, "\n");
        }
        insert(&mut text, end, &blank);
        copied = end;
    }
    text.push_str(&body[copied..]);
    Prepared { text: Cow::Owned(text), inserted }
}

/// What a `:::` line says.
enum Line {
    Open(Kind, Option<String>),
    Tab(String),
    Close,
}

/// Read a `:::` line (its text after the indentation); a line primer cannot read is
/// the problem's (message, hint).
fn read(line: &str) -> Result<Line, (String, String)> {
    let rest = line.trim_start_matches(':').trim();
    let (name, args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    let args = args.trim();
    let kind = match name {
        "" => return Ok(Line::Close),
        "tab" => return Ok(Line::Tab(unquote(args).to_string())),
        "tabs" => Kind::Tabs,
        "steps" => Kind::Steps,
        "cards" => Kind::Cards,
        other => {
            return Err((
                format!("unknown block `::: {other}`; the line is shown as text"),
                "primer's blocks are `:::tabs` (with `::: tab Label` panels), `:::steps` and `:::cards`, each closed by `:::`; a note is `> [!NOTE]`".into(),
            ))
        }
    };
    if kind == Kind::Tabs {
        if args.is_empty() {
            return Ok(Line::Open(kind, None));
        }
        let key = args.strip_prefix("sync=").map(unquote).unwrap_or("");
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
            return Ok(Line::Open(kind, Some(key.to_string())));
        }
        return Err((
            format!("`:::tabs` takes `sync=KEY` only, not `{args}`; the line is shown as text"),
            "write `:::tabs` or `:::tabs sync=os` (letters, digits, `-`, `_`): groups with one key switch together"
                .into(),
        ));
    }
    if !args.is_empty() {
        return Err((
            format!("`:::{}` takes nothing after its name, not `{args}`; the line is shown as text", kind.name()),
            format!("write `:::{}` alone on its line", kind.name()),
        ));
    }
    Ok(Line::Open(kind, None))
}

fn unquote(s: &str) -> &str {
    let s = s.trim();
    s.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(s).trim()
}

/// A container that is open.
struct Open {
    kind: Kind,
    /// Nesting level of the blocks it holds.
    depth: usize,
    /// Where its `:::` line is, and how long.
    offset: usize,
    len: usize,
    /// Panels so far (tabs).
    panels: usize,
    /// Blocks directly inside it, and whether the first is the list it needs.
    children: usize,
    list: bool,
    /// Text before the first panel was reported (tabs).
    stray: bool,
}

/// The container stage: markdown events in (over a [`Prepared`] text), [`Piece`]s out.
pub(super) struct Containers<'a, 'p, I> {
    inner: I,
    prepared: &'p Prepared<'a>,
    enabled: bool,
    /// Open block tags.
    depth: usize,
    stack: Vec<Open>,
    pending: VecDeque<Piece<'a>>,
    done: bool,
    pub(super) problems: Vec<Problem>,
}

impl<'a, 'p, I: Iterator<Item = (Event<'a>, Range<usize>)>> Containers<'a, 'p, I> {
    pub(super) fn new(inner: I, prepared: &'p Prepared<'a>, enabled: bool) -> Self {
        Containers {
            inner,
            prepared,
            enabled,
            depth: 0,
            stack: Vec::new(),
            pending: VecDeque::new(),
            done: false,
            problems: Vec::new(),
        }
    }

    fn problem(&mut self, offset: usize, len: usize, error: bool, message: String, hint: impl Into<String>) {
        self.problems.push(Problem { offset, len, error, message, hint: hint.into() });
    }

    /// A block starts at the current depth: count it as a child of the container there.
    fn child(&mut self, event: &Event<'_>, offset: usize) {
        let depth = self.depth;
        let Some(top) = self.stack.last_mut().filter(|c| c.depth == depth) else { return };
        top.children += 1;
        if top.children == 1 {
            top.list = matches!(
                (top.kind, event),
                (Kind::Steps, Event::Start(Tag::List(Some(_)))) | (Kind::Cards, Event::Start(Tag::List(_)))
            );
        }
        if top.kind == Kind::Tabs && top.panels == 0 && !top.stray {
            top.stray = true;
            self.problem(
                offset,
                1,
                true,
                "text inside `:::tabs` before its first `::: tab` line".into(),
                "start each panel with a `::: tab Label` line; move this text into a panel or above `:::tabs`",
            );
        }
    }

    /// Close the innermost container (`why`: it was not closed by its `:::` line).
    fn close(&mut self, why: Option<&str>) {
        let Some(c) = self.stack.pop() else { return };
        let name = c.kind.name();
        if let Some(why) = why {
            self.problem(
                c.offset,
                c.len,
                true,
                format!("`:::{name}` is not closed before {why}"),
                format!("add a line `:::` where the {name} end, at the indentation of `:::{name}`"),
            );
        }
        match c.kind {
            Kind::Tabs if c.panels == 0 => self.problem(
                c.offset,
                c.len,
                true,
                "`:::tabs` has no panel".into(),
                "start each panel with a line `::: tab Label`, or remove the `:::tabs` and `:::` lines",
            ),
            Kind::Steps if c.children != 1 || !c.list => self.problem(
                c.offset,
                c.len,
                true,
                "`:::steps` holds one numbered list, and nothing else".into(),
                "put one list numbered `1.`, `2.`, … between `:::steps` and `:::`; a step's text and code go inside its item, indented",
            ),
            Kind::Cards if c.children != 1 || !c.list => self.problem(
                c.offset,
                c.len,
                true,
                "`:::cards` holds one list, and nothing else".into(),
                "put one list between `:::cards` and `:::`, one card per item, each starting with its link: `- [Title](page.md) What it is.`",
            ),
            _ => {}
        }
        self.pending.push_back(Piece::Close { kind: c.kind, panel: c.panels > 0 });
    }

    /// A `::: tab` line with no tab group at its level: a problem, and its text kept.
    fn stray_tab(&mut self, offset: usize, len: usize, events: Vec<(Event<'a>, usize)>) {
        let (message, hint) = if self.stack.iter().any(|c| c.kind == Kind::Tabs) {
            (
                "`::: tab` is not at the level of its `:::tabs` (inside a list item or quote, or under another block); the line is shown as text",
                "give `::: tab` the indentation of its `:::tabs` line, and close any block opened in the panel with `:::` first",
            )
        } else {
            (
                "`::: tab` outside a `:::tabs` block; the line is shown as text",
                "put the panels between a `:::tabs` line and a `:::` line",
            )
        };
        self.problem(offset, len, true, message.into(), hint);
        self.child(&Event::Start(Tag::Paragraph), offset);
        self.pending.extend(events.into_iter().map(|(e, at)| Piece::Event(e, at)));
    }

    /// A one-line paragraph that is a `:::` line: its pieces, or its events back (as text)
    /// with a problem.
    fn marker(&mut self, line: &str, offset: usize, events: Vec<(Event<'a>, usize)>) {
        let len = line.chars().count();
        let depth = self.depth;
        let as_text = |me: &mut Self, events: Vec<(Event<'a>, usize)>| {
            me.child(&Event::Start(Tag::Paragraph), offset);
            me.pending.extend(events.into_iter().map(|(e, at)| Piece::Event(e, at)));
        };
        let line_kind = match read(line) {
            Ok(l) => l,
            Err((message, hint)) => {
                self.problem(offset, len, false, message, hint);
                return as_text(self, events);
            }
        };
        let top_here = self.stack.last().is_some_and(|c| c.depth == depth);
        match line_kind {
            Line::Open(kind, sync) => {
                self.child(&Event::Start(Tag::Paragraph), offset);
                self.stack.push(Open { kind, depth, offset, len, panels: 0, children: 0, list: false, stray: false });
                self.pending.push_back(Piece::Open { kind, sync });
            }
            Line::Tab(label) => {
                let here = self.stack.last_mut().filter(|c| c.depth == depth && c.kind == Kind::Tabs);
                let Some(top) = here else {
                    return self.stray_tab(offset, len, events);
                };
                top.panels += 1;
                let n = top.panels;
                let label = if label.is_empty() {
                    self.problem(
                        offset,
                        len,
                        true,
                        format!("`::: tab` has no label; panel {n} is labelled `{n}`"),
                        "write the tab's label after `::: tab`, as in `::: tab Windows`",
                    );
                    n.to_string()
                } else {
                    label
                };
                self.pending.push_back(Piece::Tab { label, first: n == 1 });
            }
            Line::Close if top_here => self.close(None),
            Line::Close => {
                let (message, hint) = if self.stack.is_empty() {
                    (
                        "`:::` closes no block; the line is shown as text",
                        "remove it, or open a block above it with `:::tabs`, `:::steps` or `:::cards`",
                    )
                } else {
                    (
                        "`:::` is not at the level of the block it would close (inside a list item or quote); the line is shown as text",
                        "give the closing `:::` the indentation of the line that opened the block",
                    )
                };
                self.problem(offset, len, true, message.into(), hint);
                as_text(self, events);
            }
        }
    }
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Iterator for Containers<'a, '_, I> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        loop {
            if let Some(p) = self.pending.pop_front() {
                return Some(p);
            }
            if self.done {
                return None;
            }
            let Some((event, range)) = self.inner.next() else {
                self.done = true;
                while !self.stack.is_empty() {
                    self.close(Some("the end of the page"));
                }
                continue;
            };
            let at = self.prepared.original(range.start);
            if !self.enabled || super::safe::is_inline(&event) {
                return Some(Piece::Event(event, at));
            }
            match &event {
                Event::Start(Tag::Paragraph) => {
                    let src = &self.prepared.text[range.clone()];
                    if let Some(line) = marker(src).filter(|_| !src.trim_end().contains('\n')) {
                        let line = line.to_string();
                        let mut events = vec![(event, at)];
                        for (e, r) in self.inner.by_ref() {
                            let end = matches!(e, Event::End(TagEnd::Paragraph));
                            events.push((e, self.prepared.original(r.start)));
                            if end {
                                break;
                            }
                        }
                        let start = src.len() - src.trim_start_matches([' ', '\t', '>']).len();
                        self.marker(&line, self.prepared.original(range.start + start), events);
                        continue;
                    }
                    self.child(&event, at);
                    self.depth += 1;
                }
                Event::Start(_) => {
                    self.child(&event, at);
                    self.depth += 1;
                }
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    while self.stack.last().is_some_and(|c| c.depth > self.depth) {
                        self.close(Some("the end of the list item or quote it is in"));
                    }
                    self.pending.push_back(Piece::Event(event, at));
                    continue;
                }
                _ => {}
            }
            return Some(Piece::Event(event, at));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(body: &str) -> (Vec<String>, Vec<Problem>) {
        let opts = Options::ENABLE_TABLES;
        let p = prepare(body, opts, true);
        let mut c = Containers::new(Parser::new_ext(&p.text, opts).into_offset_iter(), &p, true);
        let mut out = Vec::new();
        for piece in c.by_ref() {
            out.push(match piece {
                Piece::Event(Event::Text(t), at) => format!("{t}@{at}"),
                Piece::Event(Event::Start(Tag::Paragraph), _) => "<p>".into(),
                Piece::Event(Event::Start(Tag::List(_)), _) => "<list>".into(),
                Piece::Event(Event::End(TagEnd::List(_)), _) => "</list>".into(),
                Piece::Event(_, _) => continue,
                Piece::Open { kind, sync } => format!("open {} {sync:?}", kind.name()),
                Piece::Tab { label, first } => format!("tab {label} {first}"),
                Piece::Close { kind, panel } => format!("close {} {panel}", kind.name()),
            });
        }
        (out, c.problems)
    }

    #[test]
    fn tabs_without_blank_lines_split_into_panels() {
        let body = "Intro\n:::tabs sync=os\n::: tab \"Windows\"\nRun A\n::: tab Linux\nRun B\n:::\nAfter\n";
        let (p, problems) = pieces(body);
        let at = |s: &str| body.find(s).unwrap();
        let expected = [
            "<p>".to_string(),
            "Intro@0".into(),
            "open tabs Some(\"os\")".into(),
            "tab Windows true".into(),
            "<p>".into(),
            format!("Run A@{}", at("Run A")),
            "tab Linux false".into(),
            "<p>".into(),
            format!("Run B@{}", at("Run B")),
            "close tabs true".into(),
            "<p>".into(),
            format!("After@{}", at("After")),
        ];
        assert_eq!(p, expected);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn steps_close_after_a_tight_list_and_code_is_never_a_marker() {
        let body = ":::steps\n1. One\n2. Two\n:::\n\n```\n:::\n```\n";
        let (p, problems) = pieces(body);
        assert_eq!(p, ["open steps None", "<list>", "One@12", "Two@19", "</list>", "close steps false", ":::\n@32"]);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn bad_lines_are_problems_and_stay_as_text() {
        let (p, problems) = pieces("::: tab A\n\n:::\n\n:::tabs\n::: tab\ntext\n");
        assert!(p.contains(&"::: tab A@0".to_string()), "{p:?}");
        assert!(p.contains(&":::@11".to_string()), "{p:?}");
        let messages: Vec<_> = problems.iter().map(|q| (q.offset, q.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (0, "`::: tab` outside a `:::tabs` block; the line is shown as text"),
                (11, "`:::` closes no block; the line is shown as text"),
                (24, "`::: tab` has no label; panel 1 is labelled `1`"),
                (16, "`:::tabs` is not closed before the end of the page"),
            ]
        );
        assert!(problems.iter().all(|q| q.error));
        let (_, problems) = pieces(":::steps\n- a\n:::\n\n:::cards\n:::\n\n:::tabs\nx\n::: tab A\n:::\n\n::: note\n");
        let messages: Vec<_> = problems.iter().map(|q| q.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`:::steps` holds one numbered list, and nothing else",
                "`:::cards` holds one list, and nothing else",
                "text inside `:::tabs` before its first `::: tab` line",
                "unknown block `::: note`; the line is shown as text",
            ]
        );
    }

    #[test]
    fn a_block_left_open_in_a_list_item_closes_with_it() {
        let body = "- item\n\n  :::tabs\n  ::: tab A\n  text\n- next\n";
        let (p, problems) = pieces(body);
        let close = p.iter().position(|s| s == "close tabs true").unwrap();
        assert!(close < p.iter().position(|s| s.starts_with("next")).unwrap(), "{p:?}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, 10);
        assert!(problems[0].message.contains("end of the list item"), "{}", problems[0].message);
    }

    #[test]
    fn offsets_map_back_to_the_body() {
        let body = "a\n:::steps\n1. x\n:::\nb";
        let p = prepare(body, Options::empty(), true);
        assert_eq!(p.text, "a\n\n:::steps\n\n1. x\n\n:::\n\nb");
        for needle in ["a\n", ":::steps", "1. x", ":::\n", "b"] {
            assert_eq!(p.original(p.text.rfind(needle).unwrap()), body.rfind(needle).unwrap(), "{needle}");
        }
        assert_eq!(p.original(2), 2, "an inserted line maps to where it was inserted");
    }
}
