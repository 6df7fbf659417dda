//! The one printer of a build's outcome on the terminal, shared by `primer build`,
//! `primer check` and `primer serve`: every diagnostic in full (stderr), the
//! summary line (stdout on success, stderr on failure) and, with `PRIMER_TIMINGS`
//! set, the time of each stage (stderr).
#![allow(clippy::print_stdout)]

use std::time::Duration;

use super::BuildReport;
use crate::diagnostics::Diagnostic;

/// Print each diagnostic in full.
pub fn diagnostics<'d>(diags: impl IntoIterator<Item = &'d Diagnostic>) {
    for d in diags {
        eprint!("{}", d.render());
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
    let ms = took.as_millis();
    println!("{verb} {pages} pages, {sections} sections in {ms} ms{}", with_warnings(warnings));
}

/// "Rebuilt in T ms{what}[ with W warning(s)]{how}" on stdout.
pub fn rebuilt(took: Duration, what: &str, warnings: usize, how: &str) {
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
