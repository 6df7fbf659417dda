//! `primer serve`: the live preview for authors.
//!
//! Builds the site into memory (`pipeline::build_cached` with `write: false`), serves it on
//! 127.0.0.1 with axum, watches the sources (see [`watch`]) and rebuilds after every
//! change, then pushes a reload (or a stylesheet swap) to every open tab over a
//! WebSocket (see [`reload`]). A failed build keeps the last good site online and
//! shows its diagnostics as an overlay (see [`overlay`]) and in the terminal.
//!
//! Threads: the tokio runtime (HTTP and WebSockets), one builder thread (owns the
//! watcher, debounces, builds, publishes), one indexer thread (builds the search
//! index after each published build, off the reload path). The served site is an
//! immutable [`Snapshot`] behind an `ArcSwap`: requests never wait for a build.
//!
//! A panic inside a build (in any stage, on any of rayon's threads) is caught on the
//! builder thread and reported like a failed build: an error in the terminal and the
//! overlay that says it is a bug in primer; the last good site stays online, the
//! memoized stages are dropped, and the next change rebuilds from scratch.
//!
//! A driver (the dependency rule is in `lib.rs`): imports the pipeline, the model and
//! the cross-cutting modules, no stage.
#![allow(clippy::print_stdout)]

pub(crate) mod http;
pub(crate) mod overlay;
pub(crate) mod reload;
pub(crate) mod watch;

use crate::cli::ServeArgs;
use crate::guard::{guarded, install_panic_hook, Panic};
use crate::model::OutputFile;
use crate::model::{Asset, AssetSource};
use crate::pipeline::{self, printer, BuildOptions, BuildReport};
use anyhow::{bail, Context};
use arc_swap::ArcSwap;
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use tokio::sync::{broadcast, watch as tokio_watch};

/// The site as served: one published build plus, once ready, its search index.
pub(crate) struct Snapshot {
    pub(crate) generation: u64,
    built: Arc<Built>,
    /// Files added after publishing (the search index).
    extra: Arc<HashMap<String, Arc<[u8]>>>,
}

struct Built {
    files: Vec<OutputFile>,
    index: HashMap<String, usize>,
    assets: HashMap<String, AssetSource>,
}

impl Snapshot {
    fn new(generation: u64, files: Vec<OutputFile>, assets: Vec<Asset>) -> Self {
        let index = files.iter().enumerate().map(|(i, f)| (f.path.clone(), i)).collect();
        let assets = assets.into_iter().map(|a| (a.out, a.source)).collect();
        Snapshot { generation, built: Arc::new(Built { files, index, assets }), extra: Arc::default() }
    }

    fn empty() -> Self {
        Snapshot::new(0, Vec::new(), Vec::new())
    }

    /// A rendered (or search index) file.
    pub(crate) fn file(&self, key: &str) -> Option<&[u8]> {
        match self.built.index.get(key) {
            Some(&i) => Some(&self.built.files[i].contents),
            None => self.extra.get(key).map(|v| &v[..]),
        }
    }

    /// A file copied as is (static folder, theme static files, page assets).
    pub(crate) fn asset(&self, key: &str) -> Option<&AssetSource> {
        self.built.assets.get(key)
    }

    pub(crate) fn contains(&self, key: &str) -> bool {
        self.file(key).is_some() || self.asset(key).is_some()
    }
}

/// The outcome of the last build.
pub(crate) enum Status {
    Ok,
    /// The last build failed: the overlay HTML and the WebSocket `error` message.
    Failed {
        overlay: String,
        message: String,
    },
}

/// State shared between the builder, the indexer and the HTTP handlers.
pub(crate) struct Shared {
    pub(crate) site: ArcSwap<Snapshot>,
    pub(crate) status: ArcSwap<Status>,
    /// JSON messages for every open tab.
    pub(crate) events: broadcast::Sender<Arc<str>>,
    pub(crate) hosts: http::HostPolicy,
    /// Set to true when the server is stopping (WebSockets close).
    pub(crate) shutdown: tokio_watch::Sender<bool>,
}

/// The output folder, which the watcher leaves out, before the first build: read
/// leniently, as the watcher reads the theme (site.toml is parsed and checked by
/// the builds only; a missing site.toml stops the server at once).
fn output_dir(root: &std::path::Path) -> anyhow::Result<String> {
    crate::pipeline::inputs::output_dir(root).map_err(|d| match &d.hint {
        Some(h) => anyhow::anyhow!("{}\n  help: {h}", d.message),
        None => anyhow::anyhow!("{}", d.message),
    })
}

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let output_dir = output_dir(&args.root)?;

    let (listener, addr, port) = listen(&args)?;
    install_panic_hook();
    let (events, _) = broadcast::channel(64);
    let (shutdown, _) = tokio_watch::channel(false);
    let shared = Arc::new(Shared {
        site: ArcSwap::from_pointee(Snapshot::empty()),
        status: ArcSwap::from_pointee(Status::Ok),
        events,
        hosts: http::HostPolicy { port, any_ip: !addr.is_loopback() },
        shutdown,
    });

    // Watch before the first build, so nothing saved during it is missed.
    let (watches, filter, rx) = watch_sources(&args.root, &output_dir, args.poll)?;

    let (index_tx, index_rx) = mpsc::channel();
    let indexer_shared = shared.clone();
    std::thread::Builder::new()
        .name("primer-index".into())
        .spawn(move || indexer(indexer_shared, index_rx))
        .context("cannot start the indexer thread")?;

    let opts = BuildOptions {
        root: args.root.clone(),
        output: None,
        drafts: args.drafts,
        strict: false,
        write: false,
        skip_search: true,
        progress: None,
        extra: None,
        minify: false,
        fingerprint: false,
    };
    let mut builder = Builder::new(shared.clone(), opts, index_tx);
    let (report, took) = builder.build();
    let title = report.title.clone().unwrap_or_else(|| "the site".into());
    builder.publish(report, took, None);

    let url = format!("http://{}/", display_addr(addr, port));
    println!("Serving {title} at {url} (Ctrl-C to stop)");
    if watches.polling {
        println!("Watching for changes by polling.");
    }
    let _ = std::io::stdout().flush();
    if args.open {
        open_browser(&url);
    }

    std::thread::Builder::new()
        .name("primer-build".into())
        .spawn(move || builder.watch_loop(rx, filter, watches))
        .context("cannot start the builder thread")?;

    run_http(listener, shared)?;
    println!("Stopped.");
    Ok(())
}

/// The socket the preview listens on: `--bind`, at `--port` or the next free port after
/// it (said when it differs), with a warning when other machines can reach it. Returns
/// the socket, its address and its port.
fn listen(args: &ServeArgs) -> anyhow::Result<(TcpListener, IpAddr, u16)> {
    let addr = parse_bind(&args.bind)?;
    if !addr.is_loopback() {
        eprintln!(
            "warning: listening on {addr}: the preview is reachable from other machines on your network. \
             It has no authentication; use it only on networks you trust."
        );
    }
    let listener = bind(addr, args.port)?;
    let port = listener.local_addr().context("cannot read the bound address")?.port();
    if args.port != 0 && port != args.port {
        println!("Port {} is in use; using port {port} instead.", args.port);
    }
    Ok((listener, addr, port))
}

/// Watches on the site's folders (the output folder left out; notes on what cannot be
/// watched printed as warnings), the filter that turns their events into changes, and
/// the channel the events arrive on.
fn watch_sources(
    root: &std::path::Path,
    output_dir: &str,
    poll: bool,
) -> anyhow::Result<(watch::Watches, watch::Filter, mpsc::Receiver<watch::WatchEvent>)> {
    let canon_root = root.canonicalize().with_context(|| format!("cannot open {}", root.display()))?;
    let (tx, rx) = mpsc::channel();
    let out_dir = canon_root.join(output_dir);
    let (watches, notes) =
        watch::Watches::start(&canon_root, &out_dir, poll, tx).context("cannot watch the site's folders")?;
    for n in notes {
        eprintln!("warning: {n}");
    }
    let mut filter = watch::Filter::new(canon_root, out_dir);
    filter.update(&watches);
    Ok((watches, filter, rx))
}

/// Serve HTTP and WebSockets on `listener` until Ctrl-C.
fn run_http(listener: TcpListener, shared: Arc<Shared>) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("primer-http")
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result = rt.block_on(serve(listener, shared));
    rt.shutdown_background();
    result
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) -> anyhow::Result<()> {
    listener.set_nonblocking(true).context("cannot configure the listening socket")?;
    let listener = tokio::net::TcpListener::from_std(listener).context("cannot listen")?;
    let app = http::router(shared.clone());
    let stopper = shared.clone();
    let server = axum::serve(listener, app).with_graceful_shutdown(async move {
        shutdown_signal().await;
        stopper.shutdown.send_replace(true);
    });
    let mut stopping = shared.shutdown.subscribe();
    let deadline = async move {
        while !*stopping.borrow_and_update() {
            if stopping.changed().await.is_err() {
                break;
            }
        }
        tokio::time::sleep(Duration::from_secs(3)).await;
    };
    tokio::select! {
        r = server => r.context("the HTTP server failed")?,
        () = deadline => eprintln!("Some connections did not close in time; stopping anyway."),
    }
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// `--bind`: an IP address, or `localhost`.
fn parse_bind(s: &str) -> anyhow::Result<IpAddr> {
    if s.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let bare = s.strip_prefix('[').and_then(|x| x.strip_suffix(']')).unwrap_or(s);
    bare.parse().with_context(|| format!("--bind takes an IP address such as 127.0.0.1, not `{s}`"))
}

/// Bind `port`, or the next free one if it is taken (port 0: any free port).
fn bind(addr: IpAddr, port: u16) -> anyhow::Result<TcpListener> {
    let last = if port == 0 { 0 } else { port.saturating_add(100) };
    for p in port..=last {
        match TcpListener::bind(SocketAddr::new(addr, p)) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && p < last => continue,
            Err(e) => return Err(e).with_context(|| format!("cannot listen on {}", SocketAddr::new(addr, p))),
        }
    }
    bail!("no free port from {port} to {last}")
}

fn display_addr(addr: IpAddr, port: u16) -> String {
    match addr {
        IpAddr::V4(a) if a.is_unspecified() => format!("127.0.0.1:{port}"),
        IpAddr::V6(a) if a.is_unspecified() => format!("[{}]:{port}", Ipv6Addr::LOCALHOST),
        IpAddr::V4(a) => format!("{a}:{port}"),
        IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

fn open_browser(url: &str) {
    let headless = cfg!(all(unix, not(target_os = "macos")))
        && std::env::var_os("DISPLAY").is_none()
        && std::env::var_os("WAYLAND_DISPLAY").is_none();
    if headless {
        println!("No display found; open {url} in a browser.");
        return;
    }
    if let Err(e) = open::that_detached(url) {
        println!("Could not open a browser ({e}); open {url} yourself.");
    }
}

/// Builds and publishes; runs on the builder thread after the first build.
struct Builder {
    shared: Arc<Shared>,
    opts: BuildOptions,
    /// The highlighter and the memoized stages: a rebuild after one edit redoes only
    /// what that edit touched.
    session: pipeline::Session,
    generation: u64,
    /// Headlines of the last build's warnings, to print only new ones.
    warnings: HashSet<String>,
    indexer: mpsc::Sender<Arc<Snapshot>>,
}

impl Builder {
    fn new(shared: Arc<Shared>, opts: BuildOptions, indexer: mpsc::Sender<Arc<Snapshot>>) -> Self {
        Builder {
            shared,
            opts,
            session: pipeline::Session::watched(),
            generation: 0,
            warnings: HashSet::new(),
            indexer,
        }
    }

    /// One build; a panic anywhere inside it becomes a failed build (see the module docs).
    fn build(&mut self) -> (BuildReport, Duration) {
        let start = Instant::now();
        let (opts, session) = (&self.opts, &self.session);
        let result = guarded(|| session.build(opts));
        let report = match result {
            Ok(report) => report,
            Err(panic) => {
                // A stage stopped half-way: nothing it memoized can be trusted.
                self.session.reset();
                BuildReport { diagnostics: vec![panic_diagnostic(&panic)], ..BuildReport::default() }
            }
        };
        (report, start.elapsed())
    }

    fn watch_loop(
        mut self,
        rx: mpsc::Receiver<watch::WatchEvent>,
        mut filter: watch::Filter,
        mut watches: watch::Watches,
    ) {
        while let Some(batch) = watch::next_batch(&rx, &filter, watch::Debounce::default()) {
            // New folders, or a new theme in site.toml: watch what the build reads now.
            if batch.rewatch || batch.kinds.contains(&watch::Change::Config) {
                let was_polling = watches.polling;
                for problem in watches.sync() {
                    eprintln!("warning: {problem}");
                }
                if watches.polling && !was_polling {
                    println!("Watching for changes by polling.");
                }
                filter.update(&watches);
            }
            // Folders that come and go (or come back) may bring files the cache knew.
            if batch.full || batch.rewatch {
                self.session.cache.forget_all_files();
            } else {
                self.session.cache.forget_files(batch.paths.iter().map(String::as_str));
            }
            let (report, took) = self.build();
            self.publish(report, took, Some(&batch));
        }
    }

    /// Publish a finished build: swap the site in and tell the tabs, or keep the
    /// last good site and show the errors. `batch` is `None` for the first build.
    fn publish(&mut self, report: BuildReport, took: Duration, batch: Option<&watch::Batch>) {
        let what = batch.map(|b| format!(" ({} changed)", b.describe())).unwrap_or_default();
        if report.failed(false) {
            printer::diagnostics(&report.diagnostics);
            let keeping = if self.generation == 0 {
                "serving an error page until it is fixed"
            } else {
                "still serving the last good version"
            };
            printer::failure(&report, &what, &format!("; {keeping}"));
            let html = overlay::render(&report.diagnostics);
            let message = reload::error_message(&html, overlay::data(&report.diagnostics));
            self.shared.status.store(Arc::new(Status::Failed { overlay: html, message: message.clone() }));
            let _ = self.shared.events.send(message.into());
            self.warnings.clear();
            return;
        }
        // Warnings already shown by the last build are not repeated.
        let seen: HashSet<String> = report.diagnostics.iter().filter(|d| !d.is_error()).map(|d| d.headline()).collect();
        printer::diagnostics(
            report.diagnostics.iter().filter(|d| !d.is_error() && !self.warnings.contains(&d.headline())),
        );
        self.warnings = seen;
        let was_failed = matches!(**self.shared.status.load(), Status::Failed { .. });
        self.generation += 1;
        // The site is swapped in before the summary line is printed.
        let search = report.search;
        let snapshot = Arc::new(Snapshot::new(self.generation, report.files, report.assets));
        self.shared.site.store(snapshot.clone());
        self.shared.status.store(Arc::new(Status::Ok));
        let css = batch.is_some_and(|b| b.css_only()) && !was_failed;
        if batch.is_none() {
            printer::success("Built", (report.pages, report.sections), took, self.warnings.len());
        } else {
            printer::rebuilt(took, &what, self.warnings.len(), if css { "; stylesheets swapped" } else { "" });
        }
        printer::timings(&report.timings);
        let _ = std::io::stdout().flush();
        let message = if css { reload::css_message() } else { reload::reload_message() };
        let _ = self.shared.events.send(message.into());
        if search {
            let _ = self.indexer.send(snapshot);
        }
    }
}

/// Builds the search index of the newest published site, off the reload path, and
/// adds its files to that site (no reload needed: pages load it on demand).
fn indexer(shared: Arc<Shared>, rx: mpsc::Receiver<Arc<Snapshot>>) {
    while let Ok(mut snap) = rx.recv() {
        while let Ok(newer) = rx.try_recv() {
            snap = newer;
        }
        if shared.site.load().generation != snap.generation {
            continue;
        }
        let result = guarded(|| pipeline::search_files(&snap.built.files))
            .unwrap_or_else(|p| Err(format!("primer panicked while indexing ({}); this is a bug in primer", p.what())));
        match result {
            Ok(files) if files.is_empty() => {}
            Ok(files) => {
                let extra: Arc<HashMap<String, Arc<[u8]>>> =
                    Arc::new(files.into_iter().map(|f| (f.path, f.contents)).collect());
                shared.site.rcu(|cur| {
                    if cur.generation == snap.generation {
                        Arc::new(Snapshot {
                            generation: cur.generation,
                            built: cur.built.clone(),
                            extra: extra.clone(),
                        })
                    } else {
                        cur.clone()
                    }
                });
            }
            Err(e) => eprintln!("warning: the search index was not built: {e}"),
        }
    }
}

/// A panic caught inside a rebuild, as the preview reports it.
fn panic_diagnostic(p: &Panic) -> crate::diagnostics::Diagnostic {
    p.diagnostic("The preview keeps serving the last good version and rebuilds on the next change")
}
