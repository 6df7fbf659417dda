//! Diagnostics: problems found in content, config and templates.
//!
//! Every stage pushes [`Diagnostic`]s instead of stopping at the first problem;
//! the pipeline collects them, sorts them, and decides the exit code at the end.
//! Rendering (header line plus annotated source snippet) uses annotate-snippets.
//! No IO here: printers return strings.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use std::fmt;

mod cascade;
pub(crate) mod codes;
mod format;
mod position;
pub(crate) mod yaml;

pub(crate) use cascade::fold_cascades;
pub use format::Format;
pub(crate) use format::{github, html, json, Data, Grouped};

pub(crate) use position::{position, LineIndex};

/// How bad a problem is. Errors fail the build; warnings fail it only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem, located in a file (`line`/`col` are 1-based; 0 means "whole file").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub(crate) path: String,
    pub line: usize,
    pub(crate) col: usize,
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
    /// The offending source line, for the snippet.
    pub(crate) source_line: Option<String>,
    /// Length in characters of the offending text on `source_line` (at least 1).
    pub(crate) span_len: usize,
    /// The stable code, when the maker named it (else [`codes::classify`] names it).
    pub(crate) code: Option<&'static str>,
    /// Follow-on problems this one causes, folded into it (see [`fold_cascades`]).
    pub(crate) follow_ons: Vec<String>,
}

impl Diagnostic {
    pub(crate) fn error(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, path, line, col, message)
    }

    pub(crate) fn warning(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, path, line, col, message)
    }

    fn new(severity: Severity, path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            path: path.into(),
            line,
            col,
            message: message.into(),
            hint: None,
            source_line: None,
            span_len: 1,
            code: None,
            follow_ons: Vec::new(),
        }
    }

    /// An error at `at` in the file `path` whose whole text is `text`: the source
    /// line is shown with `at.len` characters underlined.
    pub(crate) fn error_at(path: impl Into<String>, text: &str, at: Span, message: impl Into<String>) -> Self {
        Self::error(path, at.line, at.col, message).with_source(text, at.len)
    }

    /// A warning at `at` in the file `path` whose whole text is `text` (see [`Diagnostic::error_at`]).
    pub(crate) fn warning_at(path: impl Into<String>, text: &str, at: Span, message: impl Into<String>) -> Self {
        Self::warning(path, at.line, at.col, message).with_source(text, at.len)
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Attach the source line `self.line` of `text` (the whole file) and underline `len` chars.
    pub(crate) fn with_source(mut self, text: &str, len: usize) -> Self {
        if self.line > 0 {
            if let Some(l) = text.lines().nth(self.line - 1) {
                self.source_line = Some(l.to_string());
            }
        }
        self.span_len = len.max(1);
        self
    }

    /// Name the stable code of this kind of problem (see [`codes`]).
    pub(crate) fn with_code(mut self, code: &'static str) -> Self {
        self.code = Some(code);
        self
    }

    /// The stable code: the one given, or the one its message and file classify as.
    pub(crate) fn code(&self) -> &'static str {
        self.code.unwrap_or_else(|| codes::classify(&self.path, &self.message))
    }

    /// The hint, with the follow-on problems folded into this one appended.
    pub(crate) fn full_hint(&self) -> Option<String> {
        if self.follow_ons.is_empty() {
            return self.hint.clone();
        }
        let n = self.follow_ons.len();
        let list = self.follow_ons.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
        let more = if n > 5 { format!(" and {} more", n - 5) } else { String::new() };
        let note = format!(
            "the page is left out until this is fixed, so {n} reference(s) to it are not checked: {list}{more}"
        );
        Some(match &self.hint {
            Some(h) => format!("{h}; {note}"),
            None => note,
        })
    }

    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `path:line:col` (or just `path` when there is no position).
    pub(crate) fn location(&self) -> String {
        match (self.line, self.col) {
            (0, _) => self.path.clone(),
            (l, 0) => format!("{}:{l}", self.path),
            (l, c) => format!("{}:{l}:{c}", self.path),
        }
    }

    /// The one-line form: `path:line:col: error: message`.
    pub(crate) fn headline(&self) -> String {
        format!("{}: {}: {}", self.location(), self.severity, self.message)
    }

    /// The full form: headline, annotated source line, hint.
    pub fn render(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(annotated) = self.annotated(self.full_hint().as_deref()) {
            out.push_str(&annotated);
            out.push('\n');
        }
        out
    }

    /// The code frame alone: the source line with the span underlined, drawn as in
    /// [`Diagnostic::render`] (for printers that show the hint apart).
    pub(crate) fn frame(&self) -> Option<String> {
        self.source_line.as_ref()?;
        self.annotated(None)
    }

    /// The annotated source line and the `help` line, as annotate-snippets draws
    /// them, or None when there is neither.
    fn annotated(&self, help: Option<&str>) -> Option<String> {
        use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
        if self.source_line.is_none() && help.is_none() {
            return None;
        }
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group = Group::with_level(level.clone());
        if let Some(src) = self.source_line.as_deref() {
            let start = byte_of_char(src, self.col.saturating_sub(1));
            let end = byte_of_char(src, self.col.saturating_sub(1) + self.span_len).max(start);
            let mut ann = AnnotationKind::Primary.span(start..end.max(start));
            if end == start {
                ann = AnnotationKind::Primary.span(start..start);
            }
            group = group.element(Snippet::source(src).line_start(self.line).path(self.path.as_str()).annotation(ann));
        }
        if let Some(h) = help {
            group = group.element(Level::HELP.message(h));
        }
        Some(Renderer::plain().render(&[group]))
    }
}

fn byte_of_char(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len())
}

/// Sort for stable, readable output: by path, then position, then message.
pub(crate) fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
}

/// Where a diagnostic points: 1-based line and column (chars), and how many
/// characters to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub line: usize,
    pub(crate) col: usize,
    pub(crate) len: usize,
}

impl Span {
    pub(crate) fn new(line: usize, col: usize, len: usize) -> Self {
        Span { line, col, len }
    }
}

/// The "did you mean" hint: ``did you mean `close`?`` followed by `then`, when a
/// candidate is close to `word`; `otherwise()` when none is.
pub(crate) fn hint_did_you_mean<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    then: &str,
    otherwise: impl FnOnce() -> String,
) -> String {
    match did_you_mean(word, candidates) {
        Some(s) => format!("{}{then}", suggestion(s)),
        None => otherwise(),
    }
}

/// The words of every "did you mean" hint: ``did you mean `written`?``, where
/// `written` is the close candidate as the author would write it (`term:ledger`,
/// `#setup`, a relative path).
pub(crate) fn suggestion(written: &str) -> String {
    format!("did you mean `{written}`?")
}

/// The closest candidate to `word` (for "did you mean" hints), if any is close enough;
/// of equally close ones the first in byte order, so the hint does not depend on the
/// order candidates come in (they often come from a hash map).
pub(crate) fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_starts_with_the_headline_and_shows_the_hint() {
        let d = Diagnostic::error("content/a.md", 2, 1, "unknown key `titel`")
            .with_hint("did you mean `title`?")
            .with_source("---\ntitel: x\n---\n", 5);
        let r = d.render();
        assert!(r.starts_with("content/a.md:2:1: error: unknown key `titel`\n"), "{r}");
        assert!(r.contains("titel: x"), "{r}");
        assert!(r.contains("did you mean `title`?"), "{r}");
    }

    #[test]
    fn the_did_you_mean_hint_names_the_close_word_or_falls_back() {
        assert_eq!(
            hint_did_you_mean("titel", ["title"], " Or remove it.", || "x".into()),
            "did you mean `title`? Or remove it."
        );
        assert_eq!(hint_did_you_mean("zzz", ["title"], "", || "remove it".into()), "remove it");
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        assert_eq!(did_you_mean("titel", ["title", "weight"]), Some("title"));
        assert_eq!(did_you_mean("zzz", ["title", "weight"]), None);
    }

    #[test]
    fn did_you_mean_breaks_ties_by_name_not_by_order() {
        assert_eq!(did_you_mean("abcde", ["abcdz", "abcdy"]), Some("abcdy"));
        assert_eq!(did_you_mean("abcde", ["abcdy", "abcdz"]), Some("abcdy"));
    }
}
