//! How a build's diagnostics are written: for people (repeated ones grouped), as JSON
//! lines, as GitHub Actions workflow commands (annotations on a pull request), or as
//! HTML for the dev server's error overlay.

use std::collections::{BTreeSet, HashMap};

use super::{Diagnostic, Severity};

/// The output formats of `build` and `check` (`--format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// For people: each diagnostic with its source line; repeated ones grouped
    #[default]
    Text,
    /// One JSON object per line: severity, code, file, line, column, message, hint
    Json,
    /// GitHub Actions workflow commands (`::error file=…,line=…::message`)
    Github,
}

/// A group shows this many locations.
const FIRST: usize = 3;
/// This many diagnostics of one code and message are shown as one group.
const GROUP_AT: usize = 4;
/// Of one code and severity, this many entries (diagnostics or groups) are shown;
/// the rest are counted in one line.
const PER_CODE: usize = 10;

/// The text form of a build's diagnostics (already sorted): in full with `verbose`;
/// otherwise diagnostics of one code and message that recur are one group ("in 12,400
/// blocks across 2,950 files; first: …"), and past [`PER_CODE`] entries of one code
/// the rest are counted. Nothing is dropped from the counts.
pub(crate) struct Grouped<'d> {
    pub(crate) diags: &'d [Diagnostic],
    pub(crate) verbose: bool,
}

impl std::fmt::Display for Grouped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.verbose {
            return self.diags.iter().try_for_each(|d| f.write_str(&d.render()));
        }
        let mut by_message: HashMap<(Severity, &str, &str), Vec<usize>> = HashMap::new();
        for (i, d) in self.diags.iter().enumerate() {
            by_message.entry((d.severity, d.code(), d.message.as_str())).or_default().push(i);
        }
        let mut shown_of_code: HashMap<(Severity, &str), usize> = HashMap::new();
        let mut rest: Vec<((Severity, &str), usize, BTreeSet<&str>)> = Vec::new();
        let mut done = vec![false; self.diags.len()];
        for (i, d) in self.diags.iter().enumerate() {
            if done[i] {
                continue;
            }
            let key = (d.severity, d.code(), d.message.as_str());
            let members: Vec<usize> = match by_message.get(&key) {
                Some(m) if m.len() >= GROUP_AT => m.clone(),
                _ => vec![i],
            };
            for &m in &members {
                done[m] = true;
            }
            let shown = shown_of_code.entry((d.severity, d.code())).or_default();
            if *shown >= PER_CODE {
                let r = match rest.iter_mut().find(|r| r.0 == (d.severity, d.code())) {
                    Some(r) => r,
                    None => {
                        rest.push(((d.severity, d.code()), 0, BTreeSet::new()));
                        rest.last_mut().ok_or(std::fmt::Error)?
                    }
                };
                r.1 += members.len();
                r.2.extend(members.iter().map(|&m| self.diags[m].path.as_str()));
                continue;
            }
            *shown += 1;
            if members.len() == 1 {
                f.write_str(&d.render())?;
            } else {
                let all: Vec<&Diagnostic> = members.iter().map(|&m| &self.diags[m]).collect();
                write_group(f, &all)?;
            }
        }
        for ((severity, code), n, files) in rest {
            writeln!(
                f,
                "{severity}[{code}]: {} more, in {} {} (`--verbose` lists all)",
                thousands(n),
                thousands(files.len()),
                plural(files.len(), "file", "files")
            )?;
        }
        Ok(())
    }
}

fn write_group(f: &mut std::fmt::Formatter<'_>, all: &[&Diagnostic]) -> std::fmt::Result {
    let d = all[0];
    let files: BTreeSet<&str> = all.iter().map(|d| d.path.as_str()).collect();
    let first: Vec<String> = all.iter().take(FIRST).map(|d| d.location()).collect();
    writeln!(f, "{}[{}]: {}", d.severity, d.code(), d.message)?;
    writeln!(
        f,
        "  in {} {} across {} {}; first: {} (`--verbose` lists all)",
        thousands(all.len()),
        super::codes::noun(d.code()),
        thousands(files.len()),
        plural(files.len(), "file", "files"),
        first.join(", ")
    )?;
    if let Some(h) = d.full_hint() {
        writeln!(f, "  help: {h}")?;
    }
    Ok(())
}

fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 {
        one
    } else {
        many
    }
}

/// 12400 → "12,400".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A diagnostic as data: one `--format json` line, and one entry of the dev server's
/// `error` message. `line` and `column` are null for a whole file; `hint` (with the
/// follow-on problems folded in) may be null.
#[derive(serde::Serialize)]
pub(crate) struct Data<'d> {
    severity: String,
    code: &'static str,
    file: &'d str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'d str,
    hint: Option<String>,
}

impl<'d> Data<'d> {
    pub(crate) fn of(d: &'d Diagnostic) -> Self {
        Data {
            severity: d.severity.to_string(),
            code: d.code(),
            file: &d.path,
            line: (d.line > 0).then_some(d.line),
            column: (d.line > 0 && d.col > 0).then_some(d.col),
            message: &d.message,
            hint: d.full_hint(),
        }
    }
}

/// One JSON object (one line, no newline): severity, code, file, line, column,
/// message, hint (see [`Data`]).
pub(crate) fn json(d: &Diagnostic) -> String {
    serde_json::to_string(&Data::of(d)).unwrap_or_default()
}

/// One diagnostic as an HTML list item, for the dev server's error overlay: where,
/// how bad, the message, the code frame the terminal shows and the full hint (with
/// the follow-on problems folded in). Every string is escaped: the browser gets
/// finished, inert HTML.
pub(crate) fn html(d: &Diagnostic) -> String {
    use crate::html::escape;
    let class = if d.is_error() { "primer-error" } else { "primer-warning" };
    let mut out = format!(
        "<li class=\"{class}\"><div class=\"primer-loc\">{}: {}</div><div class=\"primer-msg\">{}</div>",
        escape(&d.location()),
        escape(&d.severity.to_string()),
        escape(&d.message)
    );
    if let Some(frame) = d.frame() {
        out.push_str(&format!("<pre>{}</pre>", escape(&frame)));
    }
    if let Some(h) = d.full_hint() {
        out.push_str(&format!("<div class=\"primer-hint\">help: {}</div>", escape(&h)));
    }
    out.push_str("</li>");
    out
}

/// One GitHub Actions workflow command (one line, no newline):
/// `::error file=content/a.md,line=3,col=5,title=primer front-matter-invalid::message%0Ahint`.
pub(crate) fn github(d: &Diagnostic) -> String {
    let mut props = vec![format!("file={}", property(&d.path))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        if d.col > 0 {
            props.push(format!("col={}", d.col));
        }
    }
    props.push(format!("title={}", property(&format!("primer {}", d.code()))));
    let mut message = d.message.clone();
    if let Some(h) = d.full_hint() {
        message.push_str("\nhelp: ");
        message.push_str(&h);
    }
    format!("::{} {}::{}", d.severity, props.join(","), data(&message))
}

/// Escape a workflow command's message.
fn data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a workflow command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(path: &str, line: usize) -> Diagnostic {
        Diagnostic::warning(path, line, 4, "unknown code language `foo`; shown without highlighting")
            .with_hint("use a name from `primer languages`")
    }

    #[test]
    fn repeated_diagnostics_are_one_group_with_the_first_locations() {
        let mut diags: Vec<Diagnostic> = (1..=12).map(|i| unknown(&format!("content/p{}.md", i % 5), i)).collect();
        diags.push(Diagnostic::error("content/z.md", 1, 1, "link to a missing page `q.md`"));
        super::super::sort(&mut diags);
        let text = Grouped { diags: &diags, verbose: false }.to_string();
        assert_eq!(
            text,
            "warning[unknown-language]: unknown code language `foo`; shown without highlighting\n  \
             in 12 blocks across 5 files; first: content/p0.md:5:4, content/p0.md:10:4, content/p1.md:1:4 \
             (`--verbose` lists all)\n  help: use a name from `primer languages`\n\
             content/z.md:1:1: error: link to a missing page `q.md`\n"
        );
        let verbose = Grouped { diags: &diags, verbose: true }.to_string();
        assert_eq!(verbose.matches("unknown code language").count(), 12);
    }

    #[test]
    fn past_ten_entries_of_a_code_the_rest_are_counted() {
        let diags: Vec<Diagnostic> = (0..25)
            .map(|i| {
                Diagnostic::error(format!("content/p{:02}.md", i), 1, 1, format!("link to a missing page `x{i}.md`"))
            })
            .collect();
        let text = Grouped { diags: &diags, verbose: false }.to_string();
        assert_eq!(text.matches("link to a missing page").count(), 10, "{text}");
        assert!(text.ends_with("error[missing-page]: 15 more, in 15 files (`--verbose` lists all)\n"), "{text}");
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(12400), "12,400");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }

    #[test]
    fn html_escapes_every_string_and_shows_the_frame_and_the_folded_references() {
        let evil = "<img src=x onerror=alert(1)>";
        let mut d = Diagnostic::error(format!("content/{evil}.md"), 2, 3, format!("bad {evil}"))
            .with_hint(format!("hint {evil}"))
            .with_source(&format!("---\ntitle: {evil}\n---\n"), 4);
        d.follow_ons = vec!["content/b.md:4:5".into()];
        let html = html(&d);
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        // Location, message, the frame's path and source line, hint.
        assert_eq!(html.matches("&lt;img").count(), 5, "{html}");
        assert!(html.contains("so 1 reference(s) to it are not checked: content/b.md:4:5</div>"), "{html}");
        let frame = d.frame().unwrap();
        assert!(frame.contains("2 | title: "), "{frame}");
        assert!(frame.contains("|   ^^^^"), "{frame}");
        assert!(d.render().contains(&frame), "the terminal shows the same frame: {}", d.render());
    }

    #[test]
    fn json_and_github_forms() {
        let d = Diagnostic::error("content/a,b.md", 3, 5, "invalid front matter: 100% wrong").with_hint("fix\nit");
        assert_eq!(
            json(&d),
            r#"{"severity":"error","code":"front-matter-invalid","file":"content/a,b.md","line":3,"column":5,"message":"invalid front matter: 100% wrong","hint":"fix\nit"}"#
        );
        assert_eq!(
            github(&d),
            "::error file=content/a%2Cb.md,line=3,col=5,title=primer front-matter-invalid::invalid front matter: 100%25 wrong%0Ahelp: fix%0Ait"
        );
        let whole = Diagnostic::warning("site.toml", 0, 0, "x");
        assert_eq!(github(&whole), "::warning file=site.toml,title=primer config::x");
        assert!(json(&whole).contains(r#""line":null"#));
    }
}
