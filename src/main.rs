//! The `primer` binary: parse arguments, run the library, print diagnostics, exit.
//! Exit codes: 0 success, 1 content errors, 2 usage or environment failure.
#![allow(clippy::print_stdout)]

use clap::Parser;
use primer::cli::{Cli, Command};
use primer::highlight::Highlighter;
use primer::pipeline::{self, BuildOptions, BuildReport};
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
        Command::Build(a) => {
            let opts = BuildOptions {
                root: a.root,
                output: a.output,
                drafts: a.drafts,
                strict: a.strict,
                write: true,
                skip_search: false,
            };
            run_build(&opts, "Built")
        }
        Command::Check(a) => {
            let opts = BuildOptions {
                root: a.root,
                output: None,
                drafts: a.drafts,
                strict: a.strict,
                write: false,
                skip_search: false,
            };
            run_build(&opts, "Checked")
        }
        Command::Init(a) => match primer::init::init(&a.dir) {
            Ok(()) => {
                println!("Created a new site in {}. Next: cd {} && primer serve", a.dir.display(), a.dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
        Command::Serve(a) => match primer::serve::run(a) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {e:#}");
                ExitCode::from(2)
            }
        },
    }
}

fn run_build(opts: &BuildOptions, verb: &str) -> ExitCode {
    let start = Instant::now();
    let spinner = progress();
    let highlighter = Highlighter::new();
    let report = pipeline::build(opts, &highlighter);
    if let Some(s) = spinner {
        s.finish_and_clear();
    }
    print_diagnostics(&report);
    let ms = start.elapsed().as_millis();
    if report.failed(opts.strict) {
        eprintln!(
            "Build failed: {} error(s), {} warning(s){}; {} left untouched.",
            report.errors(),
            report.warnings(),
            if opts.strict && report.errors() == 0 { " (--strict)" } else { "" },
            pipeline::describe_out(report.out_dir.as_deref())
        );
        return if report.env_failure { ExitCode::from(2) } else { ExitCode::from(1) };
    }
    let warn = match report.warnings() {
        0 => String::new(),
        n => format!(" with {n} warning(s)"),
    };
    println!("{verb} {} pages, {} sections in {ms} ms{warn}", report.pages, report.sections);
    if std::env::var_os("PRIMER_TIMINGS").is_some() {
        for (stage, d) in &report.timings {
            eprintln!("  {stage:<10} {:>8.1} ms", d.as_secs_f64() * 1000.0);
        }
    }
    ExitCode::SUCCESS
}

fn print_diagnostics(report: &BuildReport) {
    for d in &report.diagnostics {
        eprint!("{}", d.render());
    }
}

/// A spinner on a terminal, shown only if the build takes longer than a second.
fn progress() -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message("building…");
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    let bar = pb.clone();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_secs(1));
        if !bar.is_finished() {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    });
    Some(pb)
}
