//! The build, as the list of stages `src/lib.rs` draws ([`build_cached`]): config,
//! load, then per language front matter, resolve, markdown pass 1, resolve (paths,
//! trees, links), markdown pass 2 (`assemble`), then render, the `Extra` step
//! (packages), the search index and output. Each stage is timed; diagnostics from all
//! stages are collected and the decision to write is taken at the end (errors, or
//! warnings with --strict, leave the previous output untouched).
//!
//! A driver (the dependency rule is in `lib.rs`): the only module that imports every
//! stage; stages never import it.

mod assemble;
pub mod incremental;
mod index;
pub(crate) mod inputs;
pub mod printer;
pub(crate) use index::search_files;
mod steps;

use assemble::{assemble, Languages};

use crate::config::{self, SiteConfig};
use crate::diagnostics::{self, Diagnostic};
use crate::highlight::Highlighter;
use crate::load;
use crate::model::Site;
use crate::model::{Asset, SourceSet};
use crate::model::{Memory, OutputFile, Sink};
use crate::render::{self, Renderer};
use crate::resolve;
use crate::urls;
use incremental as cache;
use incremental::BuildCache;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What to build and how.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default: site.toml's `output_dir` under the root.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Warnings fail the build.
    pub strict: bool,
    /// Write the output folder (false for `check` and for the dev server).
    pub write: bool,
    /// Leave out the search index (the dev server builds it after publishing a change).
    pub skip_search: bool,
    /// Where the build reports how far it is (for a progress bar).
    pub progress: Option<std::sync::Arc<Progress>>,
    /// Files made from the finished site before it is written (offline copy, packages).
    pub extra: Option<Extra>,
    /// Write the theme's stylesheets and scripts minified (the published site; the dev
    /// server serves them as written, for theme authors).
    pub minify: bool,
    /// Version the URLs of stylesheets, scripts and icons with a hash of their bytes
    /// (`style.css?v=<hash>`, see `asset()` in docs/authoring.md): the published site.
    /// The dev server leaves it off (it sends `no-store`, and a stylesheet edit then
    /// re-renders no page).
    pub fingerprint: bool,
}

/// A step a driver adds after rendering: it sees the settings, the resolved sites and
/// every output file, and returns files to add to the output (each replacing the file
/// at its path, if any) and its diagnostics.
/// `wanted` says whether this build needs it (it keeps every rendered file in memory).
#[derive(Debug, Clone, Copy)]
pub struct Extra {
    pub(crate) wanted: fn(&SiteConfig) -> bool,
    pub(crate) run: fn(&ExtraInput<'_>) -> (Vec<OutputFile>, Vec<Diagnostic>),
}

/// What an [`Extra`] step sees.
pub(crate) struct ExtraInput<'a> {
    pub(crate) config: &'a SiteConfig,
    /// Each language's site, the default language's first.
    pub(crate) sites: Vec<&'a Site>,
    /// The theme's words for each of `sites`, in the same order.
    pub(crate) strings: Vec<&'a crate::model::Table>,
    pub(crate) files: &'a [OutputFile],
    pub(crate) assets: &'a [Asset],
}

/// How far a build is: the current stage and, for stages that go page by page, the
/// pages done out of how many. Updated by the build, read by another thread.
#[derive(Debug, Default)]
pub struct Progress {
    stage: std::sync::Mutex<&'static str>,
    done: std::sync::atomic::AtomicUsize,
    total: std::sync::atomic::AtomicUsize,
}

impl Progress {
    /// Start a stage of `total` steps (0: not counted).
    pub(crate) fn stage(&self, name: &'static str, total: usize) {
        use std::sync::atomic::Ordering::Relaxed;
        if let Ok(mut s) = self.stage.lock() {
            *s = name;
        }
        self.done.store(0, Relaxed);
        self.total.store(total, Relaxed);
    }

    pub(crate) fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }

    /// (stage, done, total)
    pub fn read(&self) -> (&'static str, usize, usize) {
        use std::sync::atomic::Ordering::Relaxed;
        let stage = self.stage.lock().map(|s| *s).unwrap_or("building");
        (stage, self.done.load(Relaxed), self.total.load(Relaxed))
    }
}

/// Report progress, if anyone listens.
fn progress<'a>(opts: &'a BuildOptions, stage: &'static str, total: usize) -> Option<&'a Progress> {
    let p = opts.progress.as_deref()?;
    p.stage(stage, total);
    Some(p)
}

/// The result of a build.
#[derive(Default)]
pub struct BuildReport {
    pub diagnostics: Vec<Diagnostic>,
    pub pages: usize,
    pub sections: usize,
    pub timings: Vec<(&'static str, Duration)>,
    /// Rendered files and assets (kept for the dev server, which builds with `write:
    /// false`; when a build writes, pages already written to disk have empty contents).
    pub files: Vec<OutputFile>,
    pub(crate) assets: Vec<Asset>,
    pub out_dir: Option<PathBuf>,
    /// The site's title, once site.toml is read (the dev server greets with it).
    pub(crate) title: Option<String>,
    /// site.toml asks for a search index (the dev server builds it in the background).
    pub(crate) search: bool,
    /// The failure came from the environment (disk, missing site), not from content.
    pub env_failure: bool,
    /// Per language besides the default: what is translated (multilingual sites only).
    pub translations: Vec<crate::i18n::coverage::Coverage>,
}

impl BuildReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Failed: errors, or warnings under --strict.
    pub fn failed(&self, strict: bool) -> bool {
        self.errors() > 0 || (strict && self.warnings() > 0)
    }
}

struct Timer {
    start: Instant,
    timings: Vec<(&'static str, Duration)>,
}

impl Timer {
    fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.timings.push((stage, now - self.start));
        self.start = now;
    }
}

/// Successive builds of one site (the dev server's): the highlighter with its syntax
/// and theme sets, loaded once, and the incremental layer's memory of earlier builds.
pub(crate) struct Session {
    highlighter: Highlighter,
    /// Memoized stages: a rebuild after one edit redoes only what that edit touched.
    pub(crate) cache: BuildCache,
}

impl Session {
    /// A session whose caller reports every changed file (see [`BuildCache::watched`]).
    pub(crate) fn watched() -> Self {
        Session { highlighter: Highlighter::new(), cache: BuildCache::watched() }
    }

    /// Build, reusing what earlier builds of this session computed.
    pub(crate) fn build(&self, opts: &BuildOptions) -> BuildReport {
        build_cached(opts, &self.highlighter, &self.cache)
    }

    /// Forget everything earlier builds computed (after a build stopped half-way).
    pub(crate) fn reset(&mut self) {
        self.cache = BuildCache::watched();
    }
}

/// Build the site at `opts.root`.
pub fn build(opts: &BuildOptions, highlighter: &Highlighter) -> BuildReport {
    build_cached(opts, highlighter, &BuildCache::off())
}

/// Build, reusing results of earlier builds kept in `cache` (the dev server's path).
/// The output is the same as [`build`]'s, byte for byte.
pub fn build_cached(opts: &BuildOptions, highlighter: &Highlighter, cache: &BuildCache) -> BuildReport {
    cache.start_build();
    let mut report = BuildReport::default();
    let mut t = Timer { start: Instant::now(), timings: Vec::new() };
    let Some(setup) = setup(opts, highlighter, &mut report) else { return report };
    progress(opts, "reading files", 0);
    let mut sources = load::load(&opts.root, (&setup.config_text, &setup.config), &setup.out_dir, opts.minify, cache);
    t.lap("load");
    let mut diags = sources.diagnostics.clone();
    resolve::drop_unportable_sources(&mut sources, &mut diags);
    let langs = Languages::new(&setup.config, &sources, &mut diags);
    let cx = assemble::Context { config: &setup.config, langs: &langs, sources: &sources, opts, highlighter, cache };
    let sites = assemble(&cx, &mut diags, &mut t);
    let assets = resolve::assets(&sources.assets);
    let versions = load::asset_versions(&assets, opts.fingerprint);
    check_output_space(&sites, &langs, &assets, cache, &mut diags);
    let has_page = |u: &str| sites.first().is_some_and(|(_, s)| s.by_url.contains_key(u));
    let has_file = |f: &str| assets.iter().any(|a| a.out == f);
    diags.extend(config::check_home(&setup.config_text, &setup.config, &has_page, &has_file));
    t.lap("paths");
    count_pages(&mut report, &sites, &langs, &sources);
    let Ok(staging) = staging(opts, &setup, &diags, &mut report) else { return report };
    let sink: &dyn Sink = match &staging {
        Some(s) => s,
        None => &Memory,
    };
    // Pages go to the staging folder as they are rendered; of those the search index
    // needs, only the part it reads stays in memory.
    let indexing = setup.config.search.enabled && !opts.skip_search;
    let sink = index::Streamed::new(sink, indexing && staging.is_some());
    let mut files =
        render_site(&sites, &langs, (&sources, versions), highlighter, opts, cache, &sink, &mut diags, &mut t);
    run_extra(opts, &setup.config, (&sites, &langs.strings), &mut files, &assets, &mut diags, &mut t);
    // The site model is freed while the index is built: the index needs only the pages.
    drop_later((sites, sources));
    if indexing {
        progress(opts, "indexing for search", 0);
        index::search_index(&mut files, sink.take_pages(), &mut diags);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        t.lap("search");
    }
    collect_diagnostics(&mut report, diags, staging.as_ref(), &setup.out_dir);
    write(opts, &setup, staging, (&files, &assets), &mut report, &mut t);
    report.files = files;
    report.assets = assets;
    report.timings = t.timings;
    report
}

/// The driver's [`Extra`] step, if this build wants it and has no errors so far.
fn run_extra(
    opts: &BuildOptions,
    config: &SiteConfig,
    (sites, strings): (&[(crate::model::LangId, Arc<Site>)], &[crate::model::Table]),
    files: &mut Vec<OutputFile>,
    assets: &[Asset],
    diags: &mut Vec<Diagnostic>,
    t: &mut Timer,
) {
    let Some(extra) = opts.extra.filter(|e| (e.wanted)(config)) else { return };
    if diags.iter().any(|d| d.is_error()) {
        return;
    }
    progress(opts, "packaging", 0);
    let input = ExtraInput {
        config,
        sites: sites.iter().map(|(_, s)| s.as_ref()).collect(),
        strings: sites.iter().map(|(li, _)| &strings[*li]).collect(),
        files,
        assets,
    };
    let (more, d) = (extra.run)(&input);
    diags.extend(d);
    // A returned file replaces the build's file at the same path.
    let at: HashMap<String, usize> = files.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect();
    for f in more {
        match at.get(&f.path) {
            Some(&i) => files[i] = f,
            None => files.push(f),
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    t.lap("package");
}

/// What a build settles before it reads any content: the site settings and the output
/// folder it may write.
struct Setup {
    config_text: String,
    config: SiteConfig,
    out_dir: PathBuf,
    /// The output folder with links resolved (checked: see [`setup`]).
    target: PathBuf,
}

/// Read and check site.toml and the output folder; `None` (with the report filled in)
/// when the build cannot go on.
fn setup(opts: &BuildOptions, highlighter: &Highlighter, report: &mut BuildReport) -> Option<Setup> {
    let config_text = match load::read_config(&opts.root) {
        Ok(text) => text,
        Err(d) => {
            report.diagnostics.push(d);
            report.env_failure = true;
            return None;
        }
    };
    let config = match config::parse(config::CONFIG_FILE, &config_text) {
        Ok(c) => c,
        Err(d) => {
            report.diagnostics = d;
            return None;
        }
    };
    let themes = highlighter.theme_names();
    config::check_highlight_themes(&config, &config_text, &themes, &mut report.diagnostics);
    report.search = config.search.enabled;
    report.title = Some(config.title.clone());
    let out_dir = opts.output.clone().unwrap_or_else(|| opts.root.join(&config.output_dir));
    report.out_dir = Some(out_dir.clone());
    // Refused before anything is read or written: an output folder that is, holds or is
    // inside the sources, or a folder primer did not make. `target` has links resolved.
    // A build that writes nothing still reports where the output may not be.
    let guarded = if opts.write {
        crate::output::prepare(&opts.root, &out_dir, &config.theme)
    } else {
        crate::output::check_placement(&opts.root, &out_dir, &config.theme).map(|()| out_dir.clone())
    };
    match guarded {
        Ok(target) => Some(Setup { config_text, config, out_dir, target }),
        Err(r) => {
            let from_config = opts.output.is_none().then_some(config_text.as_str());
            report.diagnostics.push(crate::output::refusal(&out_dir, from_config, r));
            report.env_failure = true;
            None
        }
    }
}

/// Count the authored pages and sections, and each language's translations.
fn count_pages(
    report: &mut BuildReport,
    sites: &[(crate::model::LangId, Arc<Site>)],
    langs: &Languages,
    sources: &SourceSet,
) {
    let authored = sites.iter().flat_map(|(_, s)| s.pages.iter()).filter(|p| p.rel.is_some());
    let (sections, pages): (Vec<_>, Vec<_>) = authored.partition(|p| p.kind.is_listing());
    report.pages = pages.len();
    report.sections = sections.len();
    if langs.list.len() > 1 {
        report.translations = crate::i18n::coverage::report(&langs.list, sites, sources);
    }
}

/// The staging folder pages go to as they are rendered (swapped in only if the build
/// succeeds), when the build writes, has not already failed, and no later step needs
/// every page's HTML; `Err` (with the report filled in) when it cannot be made.
fn staging(
    opts: &BuildOptions,
    setup: &Setup,
    diags: &[Diagnostic],
    report: &mut BuildReport,
) -> Result<Option<crate::output::Staging>, ()> {
    let failing = diags.iter().any(|d| d.is_error() || opts.strict);
    let extra = opts.extra.is_some_and(|e| (e.wanted)(&setup.config));
    if !opts.write || failing || extra {
        return Ok(None);
    }
    crate::output::Staging::new(&setup.target).map(Some).map_err(|e| {
        report.diagnostics.push(Diagnostic::error(setup.out_dir.display().to_string(), 0, 0, format!("{e:#}")));
        report.env_failure = true;
    })
}

/// Every stage's diagnostics, sorted and without repeats, and a staging write error.
fn collect_diagnostics(
    report: &mut BuildReport,
    mut diags: Vec<Diagnostic>,
    staging: Option<&crate::output::Staging>,
    out_dir: &Path,
) {
    diagnostics::sort(&mut diags);
    diags.dedup();
    diagnostics::fold_cascades(&mut diags);
    report.diagnostics.extend(diags);
    if let Some(e) = staging.and_then(|s| s.error()) {
        report.diagnostics.push(Diagnostic::error(out_dir.display().to_string(), 0, 0, e));
        report.env_failure = true;
    }
}

/// Publish the output (atomically), unless the build failed or writes nothing.
fn write(
    opts: &BuildOptions,
    setup: &Setup,
    staging: Option<crate::output::Staging>,
    (files, assets): (&[OutputFile], &[Asset]),
    report: &mut BuildReport,
    t: &mut Timer,
) {
    if !opts.write || report.failed(opts.strict) {
        return;
    }
    progress(opts, "writing", 0);
    let written = match staging {
        Some(s) => s.fill(files, assets).and_then(|()| s.commit()),
        None => crate::output::write_site(&setup.target, files, assets),
    };
    if let Err(e) = written {
        report.diagnostics.push(Diagnostic::error(setup.out_dir.display().to_string(), 0, 0, format!("{e:#}")));
        report.env_failure = true;
    }
    t.lap("write");
}

/// A sink that reports each page to the progress bar before passing it on.
struct Ticking<'a> {
    sink: &'a dyn Sink,
    progress: Option<&'a Progress>,
}

impl Sink for Ticking<'_> {
    fn put(&self, file: OutputFile) -> OutputFile {
        let kept = self.sink.put(file);
        if let Some(p) = self.progress {
            p.tick();
        }
        kept
    }
}

/// Free a large structure on another thread: tens of thousands of small allocations
/// take a visible part of a rebuild to free, and nothing waits for them.
fn drop_later<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure, and the value with it, is dropped here.
    let _ = std::thread::Builder::new().name("primer-free".into()).spawn(move || drop(value));
}

/// Templates and generated files (the search index is built after, from the pages).
#[allow(clippy::too_many_arguments)] // one borrowed input per concern; a struct would only rename them
fn render_site(
    sites: &[(crate::model::LangId, std::sync::Arc<Site>)],
    langs: &Languages,
    (sources, mut versions): (&SourceSet, BTreeMap<String, String>),
    highlighter: &Highlighter,
    opts: &BuildOptions,
    cache: &BuildCache,
    sink: &index::Streamed,
    diags: &mut Vec<Diagnostic>,
    t: &mut Timer,
) -> Vec<OutputFile> {
    let config = &langs.configs[0];
    let highlight_css = highlighter.stylesheet(&config.highlight.light, &config.highlight.dark);
    let version = if opts.fingerprint { urls::fingerprint(highlight_css.as_bytes()) } else { String::new() };
    versions.insert(HIGHLIGHT_CSS.into(), version);
    // What the incremental layer keys each page's HTML by (see `incremental::pages`).
    let template_keys = cache.template_keys(&sources.templates, &versions);
    let tera = match render::templates(&sources.templates, versions) {
        Ok(t) => t,
        Err(d) => {
            diags.extend(d);
            return Vec::new();
        }
    };
    let multilingual = langs.list.len() > 1;
    let site_refs: Vec<&Site> = sites.iter().map(|(_, s)| s.as_ref()).collect();
    let alternates = multilingual.then(|| crate::i18n::Alternates::new(langs.list.clone(), &site_refs));
    let total = sites.iter().map(|(_, s)| s.pages.len()).sum();
    let pr = progress(opts, "rendering pages", total);
    let mut files = Vec::new();
    let texts = cache.text_keys(&sources.markdown);
    let site_keys: Vec<u64> = site_refs.iter().map(|s| cache.site_key(s)).collect();
    for (n, (li, site)) in sites.iter().enumerate() {
        let (li, site) = (*li, site.as_ref());
        let lconfig = &langs.configs[li];
        let input = render::RenderInput {
            site,
            config: lconfig,
            language: render::LanguageContext {
                index: li,
                language: &langs.list[li],
                strings: &langs.strings[li],
                alternates: alternates.as_ref(),
            },
            template_folders: render::template_folders(&sources.templates, &config.theme),
        };
        let store = cache.pages(&cache::PagesInput {
            render: &input,
            sites: if multilingual { &site_keys } else { &site_keys[n..=n] },
            templates: &template_keys,
            texts: &texts,
        });
        let renderer = Renderer::new(&input, &tera, &store);
        let (rendered, d) = renderer.render_pages(&Ticking { sink, progress: pr });
        files.extend(rendered);
        diags.extend(d);
        files.extend(renderer.page_files());
        let (printable, d) = renderer.print_pages();
        files.extend(printable);
        diags.extend(d);
        files.extend(render::alias_files(site, lconfig));
    }
    files.extend(render::site_files(&site_refs, alternates.as_ref(), config));
    files.push(OutputFile { path: HIGHLIGHT_CSS.into(), contents: highlight_css.into_bytes().into() });
    t.lap("render");
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// The code highlighting stylesheet, made by the build.
const HIGHLIGHT_CSS: &str = "highlight.css";

/// The one check of every path the build writes (see [`resolve::check_output_space`]).
fn check_output_space(
    sites: &[(crate::model::LangId, std::sync::Arc<Site>)],
    langs: &Languages,
    assets: &[Asset],
    cache: &BuildCache,
    diags: &mut Vec<Diagnostic>,
) {
    let mut claims = Vec::new();
    for (li, site) in sites {
        claims.extend(resolve::output_claims(site, &langs.configs[*li], diags));
    }
    claims.extend(resolve::asset_claims(assets));
    let space = cache.output_space(&steps::OutputSpace { claims: &claims }, steps::output_space);
    diags.extend(space.iter().cloned());
}

/// Where the site's output goes, for messages.
pub fn describe_out(out: Option<&Path>) -> String {
    out.map(|p| p.display().to_string()).unwrap_or_else(|| "public".into())
}
