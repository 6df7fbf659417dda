//! The `primer` binary: parse arguments, run the library, print diagnostics, exit.
//! Exit codes: 0 success, 1 content errors, 2 usage or environment failure.
#![allow(clippy::print_stdout)]

use clap::Parser;
use primer::cli::{Cli, Command};
use primer::highlight::Highlighter;
use primer::pipeline::{self, printer, BuildOptions};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Instant;

/// A faster allocator: the build allocates many small strings (events, highlighted spans).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build(a) => build(a),
        Command::Check(a) => {
            let s = a.site;
            let opts = BuildOptions { write: false, ..build_options(s.root, None, s.drafts, s.strict) };
            run_build(&opts, "Checked", Some(a.translations), (s.format, s.verbose))
        }
        Command::Stamp(a) => stamp(a),
        Command::Init(a) => done_or_fail(primer::init::init(&a.dir, a.bare), |files| {
            let what = if a.bare { "a minimal site" } else { "a starter knowledge base" };
            println!("Created {what} in {} ({} files).", a.dir.display(), files.len());
            println!("Next: primer serve --root {} --open", a.dir.display());
        }),
        Command::New(a) => done_or_fail(primer::init::new(&a.root, a.kind, &a.path, a.title.as_deref()), |created| {
            for file in &created.files {
                println!("Created {}", file.display());
            }
            for line in &created.next {
                println!("{line}");
            }
        }),
        Command::Languages => languages(),
        Command::Schema(a) => {
            done_or_fail(primer::init::schemas(&a.root, a.out.as_deref(), &primer::tree::KINDS), |files| {
                for file in &files {
                    println!("Wrote {}", file.display());
                }
                println!("Point your editor at them: see \"Editor support\" in docs/authoring.md.");
            })
        }
        Command::Package(a) => run_package(a),
        Command::Serve(a) => done_or_fail(primer::serve::run(a), |()| {}),
    }
}

/// Success after `report` shows what was done, or the error and exit code 2 (usage or
/// environment failure).
fn done_or_fail<T>(result: anyhow::Result<T>, report: impl FnOnce(T)) -> ExitCode {
    match result {
        Ok(value) => {
            report(value);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `primer build`, or with `--offline` the offline copy (in `offline/` by default).
fn build(a: primer::cli::BuildArgs) -> ExitCode {
    let s = a.site;
    let shown = (s.format, s.verbose);
    if a.offline {
        let output = a.output.or_else(|| Some(s.root.join("offline")));
        let opts = BuildOptions {
            skip_search: true,
            extra: Some(primer::package::offline::COPY),
            ..build_options(s.root, output, s.drafts, s.strict)
        };
        return run_build(&opts, "Built an offline copy of", None, shown);
    }
    let opts = BuildOptions {
        extra: Some(primer::package::offline::DOWNLOAD),
        ..build_options(s.root, a.output, s.drafts, s.strict)
    };
    run_build(&opts, "Built", None, shown)
}

/// `primer stamp`: check the site, then record its translations as up to date.
fn stamp(a: primer::cli::StampArgs) -> ExitCode {
    let opts = BuildOptions { write: false, skip_search: true, ..build_options(a.root.clone(), None, true, false) };
    let report = pipeline::build(&opts, &Highlighter::new());
    if report.translations.is_empty() {
        printer::diagnostics(&report.diagnostics);
        eprintln!("error: the site has no translations to stamp (declare languages in site.toml with [[languages]])");
        return ExitCode::from(if report.errors() > 0 { 1 } else { 2 });
    }
    // The driver reads and writes translations.toml; what goes in it is the stage's.
    let file = a.root.join(primer::i18n::coverage::STAMPS_FILE);
    let existing = match std::fs::read_to_string(&file) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let written = primer::i18n::coverage::stamps_text(&file, existing.as_deref(), &report.translations, &a.files)
        .and_then(|s| {
            std::fs::write(&file, s.text)
                .map(|()| s.stamped)
                .map_err(|e| format!("cannot write {}: {e}", file.display()))
        });
    match written {
        Ok(done) => {
            println!(
                "Stamped {} translation(s) in {}: each is recorded as up to date with its original.",
                done.len(),
                primer::i18n::coverage::STAMPS_FILE
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// `primer languages`: the code-block languages and highlight themes.
fn languages() -> ExitCode {
    let h = Highlighter::new();
    println!("Code-block languages: the syntax, then the fence names that select it (any case):");
    for (name, fences) in h.languages() {
        println!("  {name:<28} {}", fences.join(", "));
    }
    println!("No highlighting, no warning: {}", primer::highlight::PLAIN.join(", "));
    println!("Highlight themes for [highlight] light/dark in site.toml:");
    for theme in h.theme_names() {
        println!("  {theme}");
    }
    ExitCode::SUCCESS
}

/// Options for `build` and `check` (which sets `write` to false).
fn build_options(
    root: std::path::PathBuf,
    output: Option<std::path::PathBuf>,
    drafts: bool,
    strict: bool,
) -> BuildOptions {
    BuildOptions {
        root,
        output,
        drafts,
        strict,
        write: true,
        skip_search: false,
        progress: None,
        extra: None,
        minify: true,
        fingerprint: true,
    }
}

/// Build or check; `translations`: a check, and whether to list translation details;
/// `shown`: the diagnostics' format and whether to list every one (`--verbose`).
fn run_build(
    opts: &BuildOptions,
    verb: &str,
    translations: Option<bool>,
    (format, verbose): (primer::cli::Format, bool),
) -> ExitCode {
    let start = Instant::now();
    let mut opts = opts.clone();
    let bar = progress_bar(&mut opts);
    let highlighter = Highlighter::new();
    primer::guard::install_panic_hook();
    let report = match primer::guard::guarded(|| pipeline::build(&opts, &highlighter)) {
        Ok(report) => report,
        Err(panic) => {
            drop(bar);
            eprint!("{}", panic.diagnostic("The build stopped; the output folder is as it was").render());
            return ExitCode::from(2);
        }
    };
    drop(bar);
    let opts = &opts;
    printer::diagnostics_as(&report.diagnostics, format, verbose);
    if let Some(details) = translations {
        for line in primer::i18n::coverage::describe(&report.translations, details) {
            if format == primer::cli::Format::Text {
                println!("{line}");
            } else {
                eprintln!("{line}");
            }
        }
    }
    if report.failed(opts.strict) {
        let strict = if opts.strict && report.errors() == 0 { " (--strict)" } else { "" };
        let out = pipeline::describe_out(report.out_dir.as_deref());
        printer::failure(&report, "", &format!("{strict}; {out} left untouched"));
        return if report.env_failure { ExitCode::from(2) } else { ExitCode::from(1) };
    }
    let counts = (report.pages, report.sections);
    if format == primer::cli::Format::Text {
        printer::success(verb, counts, start.elapsed(), report.warnings());
    } else {
        // stdout holds only the machine-readable lines.
        eprintln!("{}", printer::success_line(verb, counts, start.elapsed(), report.warnings()));
    }
    printer::timings(&report.timings);
    ExitCode::SUCCESS
}

/// `primer package`: build without writing the site, with the SCORM step, then write
/// the packages asked for (every path's when none is named).
fn run_package(a: primer::cli::PackageArgs) -> ExitCode {
    use primer::package::scorm;
    let start = Instant::now();
    let opts = BuildOptions {
        write: false,
        extra: Some(match a.scorm {
            primer::cli::ScormEdition::V1_2 => scorm::EXTRA,
            primer::cli::ScormEdition::V2004 => scorm::EXTRA_2004,
        }),
        ..build_options(a.root.clone(), None, a.drafts, false)
    };
    primer::guard::install_panic_hook();
    let report = match primer::guard::guarded(|| pipeline::build(&opts, &Highlighter::new())) {
        Ok(report) => report,
        Err(panic) => {
            eprint!("{}", panic.diagnostic("Packaging stopped; nothing was written").render());
            return ExitCode::from(2);
        }
    };
    printer::diagnostics(&report.diagnostics);
    if report.failed(false) {
        printer::failure(&report, "", "; no package written");
        return if report.env_failure { ExitCode::from(2) } else { ExitCode::from(1) };
    }
    let packages: Vec<_> = report
        .files
        .iter()
        .filter_map(|f| Some((f.path.strip_prefix(scorm::PREFIX)?, &f.contents)))
        .filter(|(name, _)| {
            let id = name.split('.').next().unwrap_or(name);
            a.paths.is_empty() || a.paths.iter().any(|p| p.trim_matches('/').rsplit('/').next() == Some(id))
        })
        .collect();
    for p in &a.paths {
        let id = p.trim_matches('/').rsplit('/').next().unwrap_or(p);
        if !packages.iter().any(|(name, _)| name.split('.').next() == Some(id)) {
            eprintln!(
                "error: the site has no training path `{id}` (a path is a folder whose _index.md lists `modules:`)"
            );
            return ExitCode::from(1);
        }
    }
    if packages.is_empty() {
        eprintln!("error: the site has no training paths to package");
        return ExitCode::from(1);
    }
    let dir = a.output.clone().unwrap_or_else(|| a.root.join("packages"));
    done_or_fail(primer::package::write_packages(&dir, &packages), |written| {
        for (path, size) in written {
            println!("Wrote {} ({} KB)", path.display(), size.div_ceil(1024));
        }
        println!("Packaged {} training path(s) in {:.1}s", packages.len(), start.elapsed().as_secs_f64());
    })
}

/// A progress bar on stderr while the build runs, if stderr is a terminal and the
/// build takes longer than a second: the stage, and pages done of how many.
/// Dropping it clears the bar.
struct Bar {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Drop for Bar {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn progress_bar(opts: &mut BuildOptions) -> Option<Bar> {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let progress = std::sync::Arc::new(pipeline::Progress::default());
    opts.progress = Some(progress.clone());
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    let thread = std::thread::spawn(move || {
        let shown = Instant::now() + Duration::from_secs(1);
        while Instant::now() < shown {
            if stopped.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let style = indicatif::ProgressStyle::with_template("{spinner} {msg:<20} [{bar:30}] {pos}/{len} pages")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> ");
        let spin = indicatif::ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
        let bar = indicatif::ProgressBar::new(0);
        let mut counted = None;
        while !stopped.load(Ordering::Relaxed) {
            let (stage, done, total) = progress.read();
            if counted != Some(total > 0) {
                counted = Some(total > 0);
                bar.set_style(if total > 0 { style.clone() } else { spin.clone() });
            }
            bar.set_message(stage);
            bar.set_length(total as u64);
            bar.set_position(done.min(total) as u64);
            bar.tick();
            std::thread::sleep(Duration::from_millis(80));
        }
        bar.finish_and_clear();
    });
    Some(Bar { stop, thread: Some(thread) })
}
