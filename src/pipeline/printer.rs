//! The one printer of a build's outcome on the terminal, shared by `primer build`,
//! `primer check` and `primer serve`: every diagnostic in full (stderr), the
//! summary line (stdout on success, stderr on failure) and, with `PRIMER_TIMINGS`
//! set, the time of each stage (stderr).
#![allow(clippy::print_stdout)]

use std::time::Duration;

use super::BuildReport;
use crate::diagnostics::{self, Diagnostic, Format, Grouped};

/// Print the diagnostics for people (stderr): repeated ones grouped.
pub fn diagnostics<'d>(diags: impl IntoIterator<Item = &'d Diagnostic>) {
    let diags: Vec<Diagnostic> = diags.into_iter().cloned().collect();
    eprint!("{}", Grouped { diags: &diags, verbose: false });
}

/// Print the diagnostics in `format`: text on stderr (every one in full with
/// `verbose`), JSON lines or GitHub workflow commands on stdout, one per diagnostic.
pub fn diagnostics_as(diags: &[Diagnostic], format: Format, verbose: bool) {
    match format {
        Format::Text => eprint!("{}", Grouped { diags, verbose }),
        Format::Json => diags.iter().for_each(|d| println!("{}", diagnostics::json(d))),
        Format::Github => diags.iter().for_each(|d| println!("{}", diagnostics::github(d))),
    }
}

/// "Build failed{context}: N error(s), M warning(s){tail}." on stderr.
pub fn failure(report: &BuildReport, context: &str, tail: &str) {
    eprintln!("Build failed{context}: {} error(s), {} warning(s){tail}.", report.errors(), report.warnings());
}

/// " with N warning(s)", or nothing.
fn with_warnings(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(" with {n} warning(s)"),
    }
}

/// "{verb} N pages, M sections in T ms[ with W warning(s)]" on stdout.
pub fn success(verb: &str, (pages, sections): (usize, usize), took: Duration, warnings: usize) {
    println!("{}", success_line(verb, (pages, sections), took, warnings));
}

/// The line [`success`] prints.
pub fn success_line(verb: &str, (pages, sections): (usize, usize), took: Duration, warnings: usize) -> String {
    let ms = took.as_millis();
    format!("{verb} {pages} pages, {sections} sections in {ms} ms{}", with_warnings(warnings))
}

/// "Rebuilt in T ms{what}[ with W warning(s)]{how}" on stdout.
pub(crate) fn rebuilt(took: Duration, what: &str, warnings: usize, how: &str) {
    println!("Rebuilt in {} ms{what}{}{how}", took.as_millis(), with_warnings(warnings));
}

/// The time of each stage, when `PRIMER_TIMINGS` is set.
pub fn timings(timings: &[(&'static str, Duration)]) {
    if std::env::var_os("PRIMER_TIMINGS").is_some() {
        for (stage, d) in timings {
            eprintln!("  {stage:<10} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
}
