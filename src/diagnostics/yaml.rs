//! One line scanner for YAML text, shared by every YAML reader that needs to know
//! where things are: the decision-tree outline (positions of keys and values) and
//! the flow-nesting guard run on front matter and tree files before serde sees them.
//!
//! It is not a YAML parser. Per line it tells the indentation, whether the line
//! starts a structural token (not blank, not a comment, not inside a block scalar,
//! a quoted scalar or a flow collection), and the tokens on it: scalars (unquoted,
//! with their column), `:` separators, `-`/`?` entries and everything else. It
//! follows quotes, comments, flow collections and block scalars across lines, and
//! records where flow collections first nest deeper than [`MAX_FLOW_DEPTH`].
//! Linear in the length of the text.

use super::Diagnostic;

/// Deepest nesting of YAML flow collections (`[` / `{`) accepted, in front matter
/// and in decision-tree files. The YAML parser's time grows with the square of
/// the flow depth, so nesting is measured (in linear time) before parsing.
pub(crate) const MAX_FLOW_DEPTH: usize = 64;

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_flow_indicator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

/// Index of the closing quote `q` in `chars` from `from`, honouring escapes.
fn close_quote(chars: &[char], from: usize, q: char) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        let c = chars[i];
        if q == '"' && c == '\\' {
            i += 2;
            continue;
        }
        if c == q {
            if q == '\'' && chars.get(i + 1) == Some(&'\'') {
                i += 2;
                continue;
            }
            return Some(i);
        }
        i += 1;
    }
    None
}

/// The text of a quoted scalar (between its quotes), escapes resolved.
fn unquote(chars: &[char], q: char) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if q == '"' && c == '\\' {
            if let Some(n) = chars.get(i + 1) {
                out.push(*n);
            }
            i += 2;
            continue;
        }
        if q == '\'' && c == '\'' {
            i += 1;
        }
        if let Some(c) = chars.get(i) {
            out.push(*c);
        }
        i += 1;
    }
    out
}

/// A scalar on a line: its text (unquoted), 1-based char column and length as written
/// (quotes included), and the depth of flow collections (`[`, `{`) it sits in (0 in
/// block context).
#[derive(Debug, Clone)]
pub(crate) struct Scalar {
    pub(crate) text: String,
    pub(crate) col: usize,
    pub(crate) len: usize,
    pub(crate) flow: usize,
}

/// A token on a line.
pub(crate) enum Tok {
    Scalar(Scalar),
    /// A `:` that separates a key from its value.
    Colon,
    /// A `- ` sequence entry or a `? ` complex key, at this 0-based char column.
    Entry(usize),
    /// Anything else: flow indicators, anchors, tags, aliases, block-scalar headers.
    Other,
}

/// What a line looks like from the outside.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LineInfo {
    pub(crate) indent: usize,
    /// The line starts in block context with a token (not blank, not a comment, not
    /// inside a block scalar, a quoted scalar or a flow collection).
    pub(crate) structural: bool,
    /// A structural line whose first token is a `- ` sequence entry.
    pub(crate) dash: bool,
}

/// One scanned line.
pub(crate) struct Line {
    pub(crate) info: LineInfo,
    pub(crate) toks: Vec<Tok>,
}

impl Line {
    /// The key of a top-level `key:` line (column 1, block context).
    pub(crate) fn top_key(&self) -> Option<&Scalar> {
        match (self.toks.first(), self.toks.get(1)) {
            (Some(Tok::Scalar(key)), Some(Tok::Colon)) if self.info.structural && self.info.indent == 0 => Some(key),
            _ => None,
        }
    }
}

/// The top-level keys of a YAML text with their 0-based lines, in order (a key
/// written twice is listed twice).
pub(crate) fn top_level_keys(text: &str) -> Vec<(String, usize)> {
    Scanner::new(text).enumerate().filter_map(|(ln, line)| line.top_key().map(|k| (k.text.clone(), ln))).collect()
}

/// Scans a YAML text line by line (an iterator of [`Line`]s, one per `\n`-line).
pub(crate) struct Scanner<'a> {
    lines: std::str::Split<'a, char>,
    /// 0-based number of the next line.
    ln: usize,
    /// Flow-collection depth at the start of the next line.
    depth: usize,
    /// An open quoted scalar continues on the next line.
    quote: Option<char>,
    /// Inside a block scalar: the column of the node that owns it.
    block_parent: Option<usize>,
    /// Where flow nesting first went deeper than [`MAX_FLOW_DEPTH`] (1-based line and column).
    pub(crate) too_deep: Option<(usize, usize)>,
}

/// The scanning state within one line.
struct Cursor<'c> {
    chars: &'c [char],
    i: usize,
    /// The next token starts a node (after line start, `: `, `- `, a flow indicator…).
    tok_start: bool,
    indent: usize,
}

impl<'a> Scanner<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Scanner { lines: text.split('\n'), ln: 0, depth: 0, quote: None, block_parent: None, too_deep: None }
    }

    fn scan_line(&mut self, raw: &str) -> Line {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        let blank = chars[indent..].iter().all(|c| c.is_whitespace());
        let mut info = LineInfo { indent, structural: false, dash: false };
        let inert = Line { info, toks: Vec::new() };
        if let Some(parent) = self.block_parent {
            if blank || indent > parent {
                return inert;
            }
            self.block_parent = None;
        }
        let doc_marker = line.starts_with("---") || line.starts_with("...") || line.starts_with('%');
        if doc_marker && self.quote.is_none() && self.depth == 0 {
            return inert;
        }
        let mut cur = Cursor { chars: &chars, i: indent, tok_start: true, indent };
        let starts_inside = self.quote.is_some() || self.depth > 0;
        if let Some(q) = self.quote {
            let Some(end) = close_quote(&chars, 0, q) else {
                return inert;
            };
            self.quote = None;
            cur.i = end + 1;
            cur.tok_start = false;
        }
        info.structural = !starts_inside && !blank && chars.get(indent) != Some(&'#');
        let mut toks = Vec::new();
        self.tokens(&mut cur, &mut info, &mut toks);
        Line { info, toks }
    }

    /// The tokens from the cursor to the end of the line (or a comment).
    fn tokens(&mut self, cur: &mut Cursor<'_>, info: &mut LineInfo, toks: &mut Vec<Tok>) {
        let (chars, n) = (cur.chars, cur.chars.len());
        while cur.i < n {
            let (i, c) = (cur.i, chars[cur.i]);
            if is_blank(c) {
                cur.i += 1;
                continue;
            }
            if c == '#' && (i == 0 || is_blank(chars[i - 1])) {
                break;
            }
            let next_blank = i + 1 >= n || is_blank(chars[i + 1]);
            let depth = self.depth;
            if (depth > 0 && is_flow_indicator(c)) || (depth == 0 && cur.tok_start && matches!(c, '[' | '{')) {
                self.flow_indicator(c, i);
                toks.push(Tok::Other);
                cur.tok_start = true;
                cur.i += 1;
            } else if c == ':' && (next_blank || (depth > 0 && chars.get(i + 1).is_some_and(|x| is_flow_indicator(*x))))
            {
                toks.push(Tok::Colon);
                cur.tok_start = true;
                cur.i += 1;
            } else if (c == '-' || c == '?') && next_blank && cur.tok_start {
                if c == '-' && toks.is_empty() && depth == 0 && i == cur.indent {
                    info.dash = info.structural;
                }
                toks.push(Tok::Entry(i));
                cur.i += 1;
            } else if cur.tok_start && matches!(c, '&' | '!' | '*') {
                while cur.i < n && !is_blank(chars[cur.i]) && !(depth > 0 && is_flow_indicator(chars[cur.i])) {
                    cur.i += 1;
                }
                toks.push(Tok::Other);
                cur.tok_start = c != '*';
            } else if cur.tok_start && depth == 0 && matches!(c, '|' | '>') {
                // Block scalar: following lines indented deeper than its parent
                // node (the key or `-` before it) are content.
                self.block_parent = Some(block_parent(toks, cur.indent));
                toks.push(Tok::Other);
                break;
            } else if cur.tok_start && matches!(c, '\'' | '"') {
                let Some(end) = close_quote(chars, i + 1, c) else {
                    self.quote = Some(c);
                    toks.push(Tok::Other);
                    break;
                };
                let text = unquote(&chars[i + 1..end], c);
                toks.push(Tok::Scalar(Scalar { text, col: i + 1, len: end - i + 1, flow: depth }));
                cur.i = end + 1;
                cur.tok_start = false;
            } else {
                let (span, next) = plain_scalar(chars, i, depth);
                toks.push(Tok::Scalar(span));
                cur.tok_start = false;
                cur.i = next;
            }
        }
    }

    fn flow_indicator(&mut self, c: char, i: usize) {
        match c {
            '[' | '{' => {
                self.depth += 1;
                if self.depth > MAX_FLOW_DEPTH && self.too_deep.is_none() {
                    self.too_deep = Some((self.ln + 1, i + 1));
                }
            }
            ']' | '}' => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
    }
}

impl Iterator for Scanner<'_> {
    type Item = Line;

    fn next(&mut self) -> Option<Line> {
        let raw = self.lines.next()?;
        let line = self.scan_line(raw);
        self.ln += 1;
        Some(line)
    }
}

/// The column of the node a block scalar belongs to: the last key or entry before it.
fn block_parent(toks: &[Tok], indent: usize) -> usize {
    toks.iter()
        .enumerate()
        .rev()
        .find_map(|(k, t)| match t {
            Tok::Colon => match k.checked_sub(1).and_then(|p| toks.get(p)) {
                Some(Tok::Scalar(s)) => Some(s.col - 1),
                _ => None,
            },
            Tok::Entry(col) => Some(*col),
            _ => None,
        })
        .unwrap_or(indent)
}

/// A plain scalar from `start`: up to `: `, ` #`, or (in a flow collection) an
/// indicator. Returns it and where scanning goes on.
fn plain_scalar(chars: &[char], start: usize, depth: usize) -> (Scalar, usize) {
    let n = chars.len();
    let mut j = start;
    while j < n {
        let cj = chars[j];
        let nb = j + 1 >= n || is_blank(chars[j + 1]);
        if (cj == ':' && (nb || (depth > 0 && is_flow_indicator(chars[j + 1]))))
            || (cj == '#' && j > start && is_blank(chars[j - 1]))
            || (depth > 0 && is_flow_indicator(cj))
        {
            break;
        }
        j += 1;
    }
    let mut e = j;
    while e > start && is_blank(chars[e - 1]) {
        e -= 1;
    }
    let span = Scalar { text: chars[start..e].iter().collect(), col: start + 1, len: e - start, flow: depth };
    (span, if j > start { j } else { j + 1 })
}

/// Where the flow nesting of the YAML `text` first goes deeper than
/// [`MAX_FLOW_DEPTH`] (1-based line and column, in chars), if it does.
///
/// Brackets in comments, quoted texts, block scalars (`|`, `>`) and inside plain
/// texts (`a [b`) do not count.
pub(crate) fn flow_too_deep(text: &str) -> Option<(usize, usize)> {
    let mut scanner = Scanner::new(text);
    while scanner.too_deep.is_none() && scanner.next().is_some() {}
    scanner.too_deep
}

/// The error for YAML nested deeper than [`MAX_FLOW_DEPTH`] at `line`:`col` of `text`.
pub(crate) fn too_deep_error(path: &str, text: &str, line: usize, col: usize) -> Diagnostic {
    Diagnostic::error(path, line, col, format!("brackets are nested too deeply (more than {MAX_FLOW_DEPTH} levels)"))
        .with_hint("write lists and mappings in block style, one `key: value` or `- item` per line")
        .with_source(text, 1)
}
