//! Watching the site's sources: which folders, which events count, and the trailing
//! debounce that turns a burst of file events into one rebuild.
//!
//! Watched: the site root itself (not recursively, for `site.toml` and for the
//! top-level folders coming and going) and `content/`, `templates/`, `static/`,
//! `themes/` recursively. Directories only: editors that save by writing a temp file
//! and renaming it over the original replace the inode, which a watch on the file
//! itself would lose. The output folder is never watched, and events in it are
//! ignored should it sit inside a watched folder.
//!
//! notify's raw events go into a channel; [`next_batch`] waits for the first relevant
//! one, then for a quiet spell without any further relevant event (a trailing
//! debounce, capped so a never-ending stream of writes still gets rebuilt). The spell
//! adapts: an editor saving one file produces a handful of events within a
//! millisecond or two, so a batch of one file waits only 10 ms (the reload is not held
//! up); as soon as a batch touches a second file or brings more events than one save
//! does (a `git checkout`, a search-and-replace, a script), it waits for 100 ms of
//! quiet, so the burst becomes one rebuild. Every rebuild reads
//! everything from disk again, so the batch only decides *how* to tell the browser
//! (reload, or swap stylesheets) and what to print; a Rescan flag or a watcher error
//! makes the batch "full" (treated as "anything may have changed").

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{Event, RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The folders under the site root that are watched recursively.
pub const WATCHED_DIRS: [&str; 4] = ["content", "templates", "static", "themes"];

/// What kind of source a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Markdown, data files and page assets under `content/`.
    Content,
    /// Templates: `templates/`, a theme's `templates/` (and anything else in a theme).
    Template,
    /// Files copied as they are: `static/` and a theme's `static/`.
    Static,
    /// `site.toml`.
    Config,
}

/// Classify a path relative to the site root; `None` for paths the site does not
/// read (the output folder, hidden and editor temp/swap/backup files, anything else).
pub fn classify(rel: &Path) -> Option<Change> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str()?;
                if crate::load::is_ignored(s) {
                    return None;
                }
                parts.push(s);
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    match parts.as_slice() {
        ["site.toml"] => Some(Change::Config),
        ["content", ..] => Some(Change::Content),
        ["templates", ..] => Some(Change::Template),
        ["static", ..] => Some(Change::Static),
        ["themes", _, "static", ..] => Some(Change::Static),
        ["themes", ..] => Some(Change::Template),
        _ => None,
    }
}

/// A stylesheet copied as is: only such changes can be applied without a reload.
pub fn is_stylesheet(rel: &Path) -> bool {
    classify(rel) == Some(Change::Static) && rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"))
}

/// Whether an event kind can mean changed content (opening or reading a file cannot).
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// What the watcher thread delivers.
pub type WatchEvent = notify::Result<Event>;

/// The changes gathered for one rebuild.
#[derive(Debug, Default, Clone)]
pub struct Batch {
    /// Changed paths the site reads, relative to the root, `/` separators.
    pub paths: BTreeSet<String>,
    pub kinds: BTreeSet<Change>,
    /// Only stylesheets under static folders changed.
    stylesheets_only: bool,
    /// Rescan, watcher error, or something unexpected: assume anything changed.
    pub full: bool,
    /// A top-level folder or the root appeared or vanished: set the watches up again.
    pub rewatch: bool,
}

impl Batch {
    fn new() -> Self {
        Batch { stylesheets_only: true, ..Default::default() }
    }

    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.full
    }

    /// The browser can swap stylesheets instead of reloading.
    pub fn css_only(&self) -> bool {
        !self.full && !self.paths.is_empty() && self.stylesheets_only
    }

    /// Add one relative path; true if the site reads it.
    fn add_path(&mut self, rel: &Path) -> bool {
        let Some(kind) = classify(rel) else {
            return false;
        };
        self.kinds.insert(kind);
        self.stylesheets_only &= is_stylesheet(rel);
        let display = rel.to_string_lossy().replace('\\', "/");
        if !display.contains('/') && kind != Change::Config {
            self.rewatch = true;
        }
        self.paths.insert(display);
        true
    }

    /// A short description for the terminal: `content/a.md` or `content/a.md and 3 more`.
    pub fn describe(&self) -> String {
        let mut it = self.paths.iter();
        match (it.next(), self.paths.len()) {
            (None, _) => "a rescan of the sources".into(),
            (Some(p), 1) => p.clone(),
            (Some(p), n) => format!("{p} and {} more", n - 1),
        }
    }
}

/// Decides which events matter, relative to the (canonical) site root.
pub struct Filter {
    pub root: PathBuf,
    /// The output folder (absolute); events inside it are ignored.
    pub out_dir: PathBuf,
}

impl Filter {
    /// Fold one watcher message into `batch`; true if it was relevant.
    pub fn absorb(&self, batch: &mut Batch, ev: WatchEvent) -> bool {
        let ev = match ev {
            Ok(ev) => ev,
            Err(_) => {
                batch.full = true;
                batch.rewatch = true;
                return true;
            }
        };
        if ev.need_rescan() {
            batch.full = true;
            batch.rewatch = true;
            return true;
        }
        if !is_change(&ev.kind) {
            return false;
        }
        let mut relevant = false;
        for p in &ev.paths {
            if p.starts_with(&self.out_dir) {
                continue;
            }
            match p.strip_prefix(&self.root) {
                Ok(rel) if rel.as_os_str().is_empty() => {
                    // The root itself moved or vanished.
                    batch.full = true;
                    batch.rewatch = true;
                    relevant = true;
                }
                Ok(rel) => relevant |= batch.add_path(rel),
                Err(_) => {}
            }
        }
        relevant
    }
}

/// Timing of the trailing debounce.
#[derive(Debug, Clone, Copy)]
pub struct Debounce {
    /// Quiet time after the last relevant event while the batch looks like one save.
    pub settle: Duration,
    /// Quiet time after the last relevant event once the batch looks like a burst.
    pub quiet: Duration,
    /// Rebuild at the latest this long after the first event of a batch.
    pub max_wait: Duration,
}

impl Default for Debounce {
    fn default() -> Self {
        Debounce {
            settle: Duration::from_millis(10),
            quiet: Duration::from_millis(100),
            max_wait: Duration::from_secs(2),
        }
    }
}

/// More relevant events than this in one batch is a burst, even on one file (an
/// editor's save is a write, a close, perhaps a rename or a metadata change).
const SAVE_EVENTS: usize = 4;

impl Batch {
    /// One file saved once, as far as the events tell.
    fn looks_like_one_save(&self, events: usize) -> bool {
        !self.full && self.paths.len() <= 1 && events <= SAVE_EVENTS
    }
}

/// Block until the next batch of relevant changes is complete; `None` when the
/// watcher is gone.
pub fn next_batch(rx: &Receiver<WatchEvent>, filter: &Filter, timing: Debounce) -> Option<Batch> {
    let mut batch = Batch::new();
    loop {
        let ev = rx.recv().ok()?;
        if filter.absorb(&mut batch, ev) {
            break;
        }
    }
    let first = Instant::now();
    let mut last = first;
    let mut events = 1;
    loop {
        let now = Instant::now();
        let spell = if batch.looks_like_one_save(events) { timing.settle } else { timing.quiet };
        let quiet_end = last + spell;
        let hard_end = first + timing.max_wait;
        let until = quiet_end.min(hard_end);
        if now >= until {
            break;
        }
        match rx.recv_timeout(until - now) {
            Ok(ev) => {
                if filter.absorb(&mut batch, ev) {
                    last = Instant::now();
                    events += 1;
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    Some(batch)
}

/// The watcher with the folders it currently watches.
pub struct Watches {
    watcher: Box<dyn Watcher + Send>,
    root: PathBuf,
    watched: Vec<PathBuf>,
    pub polling: bool,
}

impl Watches {
    /// Start watching `root` (canonical). `poll` uses notify's PollWatcher. A native
    /// watcher that cannot start (e.g. out of inotify instances) falls back to polling.
    pub fn start(
        root: &Path,
        poll: bool,
        tx: std::sync::mpsc::Sender<WatchEvent>,
    ) -> notify::Result<(Self, Option<String>)> {
        let mut note = None;
        let (watcher, polling): (Box<dyn Watcher + Send>, bool) = if poll {
            (Box::new(poll_watcher(tx)?), true)
        } else {
            match notify::recommended_watcher(tx.clone()) {
                Ok(w) => (Box::new(w), false),
                Err(e) => {
                    note = Some(format!("native file watching is unavailable ({e}); polling instead"));
                    (Box::new(poll_watcher(tx)?), true)
                }
            }
        };
        let mut w = Watches { watcher, root: root.to_path_buf(), watched: Vec::new(), polling };
        w.watcher.watch(root, RecursiveMode::NonRecursive)?;
        if let Some(n) = w.rewatch() {
            note = Some(n);
        }
        Ok((w, note))
    }

    /// (Re)establish the recursive watches on the folders that exist now; returns a
    /// warning if one could not be watched.
    pub fn rewatch(&mut self) -> Option<String> {
        for d in self.watched.drain(..) {
            let _ = self.watcher.unwatch(&d);
        }
        let _ = self.watcher.unwatch(&self.root);
        let mut problem = None;
        if let Err(e) = self.watcher.watch(&self.root, RecursiveMode::NonRecursive) {
            problem = Some(format!("cannot watch {}: {e}", self.root.display()));
        }
        for name in WATCHED_DIRS {
            let d = self.root.join(name);
            if !d.is_dir() {
                continue;
            }
            match self.watcher.watch(&d, RecursiveMode::Recursive) {
                Ok(()) => self.watched.push(d),
                Err(e) => problem = Some(format!("cannot watch {}: {e}", d.display())),
            }
        }
        problem
    }
}

/// notify's PollWatcher keeps mtimes in whole seconds, so two saves within one second
/// would look unchanged; comparing contents too catches them (at the cost of reading
/// the watched files on every poll, which is what polling is for).
fn poll_watcher(tx: std::sync::mpsc::Sender<WatchEvent>) -> notify::Result<notify::PollWatcher> {
    let config = notify::Config::default().with_poll_interval(Duration::from_millis(500)).with_compare_contents(true);
    notify::PollWatcher::new(tx, config)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, RenameMode};
    use std::sync::mpsc;

    #[test]
    fn classifies_sources_by_folder() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("site.toml"), Some(Change::Config));
        assert_eq!(c("content/a/b.md"), Some(Change::Content));
        assert_eq!(c("content/img/x.png"), Some(Change::Content));
        assert_eq!(c("content"), Some(Change::Content));
        assert_eq!(c("templates/page.html"), Some(Change::Template));
        assert_eq!(c("themes/default/templates/base.html"), Some(Change::Template));
        assert_eq!(c("themes/default/theme.toml"), Some(Change::Template));
        assert_eq!(c("themes/default/static/style.css"), Some(Change::Static));
        assert_eq!(c("static/style.css"), Some(Change::Static));
        assert_eq!(c("static/img/logo.svg"), Some(Change::Static));
    }

    #[test]
    fn ignores_output_temp_swap_and_unrelated_files() {
        let c = |p: &str| classify(Path::new(p));
        assert_eq!(c("public/index.html"), None);
        assert_eq!(c("public.tmp-123/index.html"), None);
        assert_eq!(c("README.md"), None);
        assert_eq!(c("site.toml~"), None);
        assert_eq!(c("content/.a.md.swp"), None);
        assert_eq!(c("content/a.md~"), None);
        assert_eq!(c("content/4913"), None);
        assert_eq!(c("content/#a.md#"), None);
        assert_eq!(c("content/a.md.tmp"), None);
        assert_eq!(c("content/.git/HEAD"), None);
        assert_eq!(c("static/.DS_Store"), None);
        assert_eq!(c("../site.toml"), None);
        assert_eq!(c("/etc/site.toml"), None);
    }

    #[test]
    fn only_static_css_counts_as_a_stylesheet() {
        assert!(is_stylesheet(Path::new("static/style.css")));
        assert!(is_stylesheet(Path::new("themes/t/static/a/b.CSS")));
        assert!(!is_stylesheet(Path::new("content/style.css")));
        assert!(!is_stylesheet(Path::new("templates/style.css")));
        assert!(!is_stylesheet(Path::new("static/app.js")));
    }

    #[test]
    fn reads_do_not_count_as_changes() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(notify::event::RemoveKind::Any)));
    }

    fn filter() -> Filter {
        Filter { root: PathBuf::from("/site"), out_dir: PathBuf::from("/site/public") }
    }

    fn ev(kind: EventKind, paths: &[&str]) -> WatchEvent {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        Ok(e)
    }

    #[test]
    fn an_atomic_save_by_rename_counts_as_the_target_file() {
        let f = filter();
        let mut b = Batch::new();
        assert!(!f.absorb(&mut b, ev(EventKind::Create(CreateKind::File), &["/site/content/.a.md.swp"])));
        assert!(!f.absorb(&mut b, ev(EventKind::Create(CreateKind::File), &["/site/content/a.md.tmp"])));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        assert!(f.absorb(&mut b, ev(rename, &["/site/content/a.md.tmp", "/site/content/a.md"])));
        assert_eq!(b.paths.iter().collect::<Vec<_>>(), ["content/a.md"]);
        assert!(!b.css_only());
    }

    #[test]
    fn stylesheet_only_batches_and_mixed_batches() {
        let f = filter();
        let modify = || EventKind::Modify(ModifyKind::Data(notify::event::DataChange::Any));
        let mut b = Batch::new();
        f.absorb(&mut b, ev(modify(), &["/site/static/style.css"]));
        f.absorb(&mut b, ev(modify(), &["/site/themes/default/static/x.css"]));
        assert!(b.css_only());
        f.absorb(&mut b, ev(modify(), &["/site/content/a.md"]));
        assert!(!b.css_only());
        assert_eq!(b.kinds.iter().copied().collect::<Vec<_>>(), [Change::Content, Change::Static]);
    }

    #[test]
    fn output_folder_events_and_reads_are_ignored() {
        let f = Filter { root: PathBuf::from("/site"), out_dir: PathBuf::from("/site/content/out") };
        let mut b = Batch::new();
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(!f.absorb(&mut b, ev(modify, &["/site/content/out/index.html"])));
        assert!(!f.absorb(&mut b, ev(EventKind::Access(AccessKind::Open(AccessMode::Any)), &["/site/content/a.md"])));
        assert!(b.is_empty());
    }

    #[test]
    fn rescans_and_errors_make_a_full_batch() {
        let f = filter();
        let mut b = Batch::new();
        let rescan = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(f.absorb(&mut b, Ok(rescan)));
        assert!(b.full && b.rewatch && !b.css_only());
        let mut b = Batch::new();
        assert!(f.absorb(&mut b, Err(notify::Error::generic("boom"))));
        assert!(b.full);
    }

    #[test]
    fn a_new_top_level_folder_asks_for_new_watches() {
        let f = filter();
        let mut b = Batch::new();
        f.absorb(&mut b, ev(EventKind::Create(CreateKind::Folder), &["/site/static"]));
        assert!(b.rewatch);
        let mut b = Batch::new();
        f.absorb(&mut b, ev(EventKind::Create(CreateKind::Folder), &["/site/content/new"]));
        assert!(!b.rewatch);
    }

    #[test]
    fn a_burst_of_events_becomes_one_batch_after_the_quiet_time() {
        let (tx, rx) = mpsc::channel();
        let f = filter();
        let writer = std::thread::spawn(move || {
            for i in 0..100 {
                let kind = EventKind::Modify(ModifyKind::Any);
                let _ = tx.send(ev(kind, &[&format!("/site/content/p{i}.md")]));
                if i % 10 == 0 {
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            // Noise only (ignored names) after the burst must not extend it forever.
            let _ = tx.send(ev(EventKind::Create(CreateKind::File), &["/site/content/.x.swp"]));
            tx
        });
        let timing = Debounce {
            settle: Duration::from_millis(10),
            quiet: Duration::from_millis(100),
            max_wait: Duration::from_secs(5),
        };
        let b = next_batch(&rx, &f, timing).unwrap();
        let tx = writer.join().unwrap();
        assert_eq!(b.paths.len(), 100);
        drop(tx);
        assert!(next_batch(&rx, &f, timing).is_none());
    }

    #[test]
    fn one_save_waits_only_the_settle_time_and_a_second_file_the_full_quiet_time() {
        let f = filter();
        let timing = Debounce {
            settle: Duration::from_millis(10),
            quiet: Duration::from_millis(400),
            max_wait: Duration::from_secs(5),
        };
        // One file: a write and a close, as an editor's save.
        let (tx, rx) = mpsc::channel();
        tx.send(ev(EventKind::Modify(ModifyKind::Any), &["/site/content/a.md"])).unwrap();
        tx.send(ev(EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/site/content/a.md"])).unwrap();
        let start = Instant::now();
        let b = next_batch(&rx, &f, timing).unwrap();
        assert_eq!(b.paths.len(), 1);
        assert!(start.elapsed() < Duration::from_millis(300), "one save waited {:?}", start.elapsed());
        // Two files: a burst, so the batch waits for the full quiet time.
        tx.send(ev(EventKind::Modify(ModifyKind::Any), &["/site/content/a.md"])).unwrap();
        tx.send(ev(EventKind::Modify(ModifyKind::Any), &["/site/content/b.md"])).unwrap();
        let start = Instant::now();
        let b = next_batch(&rx, &f, timing).unwrap();
        assert_eq!(b.paths.len(), 2);
        assert!(start.elapsed() >= Duration::from_millis(400), "a burst waited only {:?}", start.elapsed());
        // Many events on one file (a script rewriting it): also a burst.
        for _ in 0..10 {
            tx.send(ev(EventKind::Modify(ModifyKind::Any), &["/site/content/a.md"])).unwrap();
        }
        let start = Instant::now();
        next_batch(&rx, &f, timing).unwrap();
        assert!(start.elapsed() >= Duration::from_millis(400), "a burst waited only {:?}", start.elapsed());
    }

    #[test]
    fn an_endless_stream_is_cut_at_the_maximum_wait() {
        let (tx, rx) = mpsc::channel();
        let f = filter();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let s = stop.clone();
        let writer = std::thread::spawn(move || {
            while !s.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = tx.send(ev(EventKind::Modify(ModifyKind::Any), &["/site/content/a.md"]));
                std::thread::sleep(Duration::from_millis(10));
            }
        });
        let timing = Debounce {
            settle: Duration::from_millis(10),
            quiet: Duration::from_millis(100),
            max_wait: Duration::from_millis(300),
        };
        let start = Instant::now();
        let b = next_batch(&rx, &f, timing).unwrap();
        let took = start.elapsed();
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        writer.join().unwrap();
        assert_eq!(b.paths.len(), 1);
        assert!(took < Duration::from_secs(2), "{took:?}");
    }
}
