//! Watching the site's sources: which folders, which events count, and the trailing
//! debounce that turns a burst of file events into one rebuild.
//!
//! Watched: what the build reads, and nothing else. The site root itself (for
//! `site.toml` and the top-level folders coming and going), every folder under
//! `content/`, `templates/` and `static/`, `themes/` and the folders of the theme in
//! use (`templates/`, `static/`). Each folder gets its own watch, found by walking
//! the trees the way the loader does: symbolic links are not followed (the build
//! skips linked folders too, so `content/big -> /usr` costs nothing), hidden and
//! editor folders and the output folder are left out, and a link that would loop
//! (`content/loop -> ..`) is reported once. Folders only: editors that save by
//! writing a temp file and renaming it over the original replace the inode, which a
//! watch on the file itself would lose. When a folder appears, moves or goes, the
//! watches are brought up to date ([`Watches::sync`]).
//!
//! Running out of inotify watches (`fs.inotify.max_user_watches`) or instances
//! (`fs.inotify.max_user_instances`) switches to polling on its own, with a warning
//! that names the limit and how to raise it: edits keep being seen.
//!
//! notify's raw events go into a channel; [`next_batch`] waits for the first relevant
//! one, then for a quiet spell without any further relevant event (a trailing
//! debounce, capped so a never-ending stream of writes still gets rebuilt). The spell
//! adapts: an editor saving one file produces a handful of events within a
//! millisecond or two, so a batch of one file waits only 10 ms (the reload is not held
//! up); as soon as a batch touches a second file or brings more events than one save
//! does (a `git checkout`, a search-and-replace, a script), it waits for 100 ms of
//! quiet, so the burst becomes one rebuild. The batch's paths are the files whose
//! texts the rebuild reads from disk again (the build cache keeps every other text
//! between builds, see `BuildCache::watched`); otherwise the batch only decides *how*
//! to tell the browser (reload, or swap stylesheets) and what to print. A Rescan flag
//! or a watcher error makes the batch "full" (treated as "anything may have
//! changed": every text is read again).

use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
use notify::{Event, RecursiveMode, Watcher};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// The folders under the site root whose whole tree the build reads.
pub(crate) const WATCHED_DIRS: [&str; 4] = ["content", "templates", "static", "i18n"];

/// What kind of source a changed path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Change {
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
pub(crate) fn classify(rel: &Path) -> Option<Change> {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => {
                let s = s.to_str()?;
                if crate::pipeline::inputs::is_ignored(s) {
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
        // The theme's words (see `crate::i18n::strings`) change every page, as templates do.
        ["i18n", ..] => Some(Change::Template),
        ["static", ..] => Some(Change::Static),
        ["themes", _, "static", ..] => Some(Change::Static),
        ["themes", ..] => Some(Change::Template),
        _ => None,
    }
}

/// A stylesheet copied as is: only such changes can be applied without a reload.
pub(crate) fn is_stylesheet(rel: &Path) -> bool {
    classify(rel) == Some(Change::Static) && rel.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"))
}

/// Whether an event kind can mean changed content (opening or reading a file cannot).
pub(crate) fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// What the watcher thread delivers.
pub(crate) type WatchEvent = notify::Result<Event>;

/// The changes gathered for one rebuild.
#[derive(Debug, Default, Clone)]
pub(crate) struct Batch {
    /// Changed paths the site reads, relative to the root, `/` separators.
    pub(crate) paths: BTreeSet<String>,
    pub(crate) kinds: BTreeSet<Change>,
    /// Only stylesheets under static folders changed.
    stylesheets_only: bool,
    /// Rescan, watcher error, or something unexpected: assume anything changed.
    pub(crate) full: bool,
    /// A top-level folder or the root appeared or vanished: set the watches up again.
    pub(crate) rewatch: bool,
}

impl Batch {
    fn new() -> Self {
        Batch { stylesheets_only: true, ..Default::default() }
    }

    /// The browser can swap stylesheets instead of reloading.
    pub(crate) fn css_only(&self) -> bool {
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

    /// Add a path inside the theme's folder (`name` as the loader shows it); true if
    /// the build reads it.
    fn add_theme_path(&mut self, name: &str, rest: &Path) -> bool {
        let Some(kind) = classify(&Path::new("themes/theme").join(rest)) else {
            return false;
        };
        if rest.as_os_str().is_empty() {
            self.rewatch = true;
        }
        self.kinds.insert(kind);
        self.stylesheets_only &=
            kind == Change::Static && rest.extension().is_some_and(|e| e.eq_ignore_ascii_case("css"));
        let rest = rest.to_string_lossy().replace('\\', "/");
        self.paths.insert(if rest.is_empty() { name.to_string() } else { format!("{name}/{rest}") });
        true
    }

    /// A short description for the terminal: `content/a.md` or `content/a.md and 3 more`.
    pub(crate) fn describe(&self) -> String {
        let mut it = self.paths.iter();
        match (it.next(), self.paths.len()) {
            (None, _) => "a rescan of the sources".into(),
            (Some(p), 1) => p.clone(),
            (Some(p), n) => format!("{p} and {} more", n - 1),
        }
    }
}

/// Decides which events matter, relative to the (canonical) site root.
pub(crate) struct Filter {
    pub(crate) root: PathBuf,
    /// The output folder (absolute); events inside it are ignored.
    pub(crate) out_dir: PathBuf,
    /// The folders watched now: one of them going or moving calls for new watches.
    pub(crate) dirs: BTreeSet<PathBuf>,
    /// The theme's folder as watched, and how the loader names it (`themes/x`, or
    /// the path written in site.toml for a theme outside the site).
    pub(crate) theme: Option<(PathBuf, String)>,
}

impl Filter {
    pub(crate) fn new(root: PathBuf, out_dir: PathBuf) -> Self {
        Filter { root, out_dir, dirs: BTreeSet::new(), theme: None }
    }

    /// Take over the folders `watches` watches now.
    pub(crate) fn update(&mut self, watches: &Watches) {
        self.dirs = watches.watched.keys().cloned().collect();
        self.theme = watches.theme.clone();
    }

    /// A folder appeared, or a watched one went or moved.
    fn changes_folders(&self, kind: &EventKind, p: &Path) -> bool {
        matches!(kind, EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_)))
            && (self.dirs.contains(p) || p.is_dir())
    }

    /// Fold one watcher message into `batch`; true if it was relevant.
    pub(crate) fn absorb(&self, batch: &mut Batch, ev: WatchEvent) -> bool {
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
            if self.changes_folders(&ev.kind, p) {
                batch.rewatch = true;
            }
            if let Some((dir, name)) = &self.theme {
                if let Ok(rest) = p.strip_prefix(dir) {
                    relevant |= batch.add_theme_path(name, rest);
                    continue;
                }
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
pub(crate) struct Debounce {
    /// Quiet time after the last relevant event while the batch looks like one save.
    pub(crate) settle: Duration,
    /// Quiet time after the last relevant event once the batch looks like a burst.
    pub(crate) quiet: Duration,
    /// Rebuild at the latest this long after the first event of a batch.
    pub(crate) max_wait: Duration,
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
pub(crate) fn next_batch(rx: &Receiver<WatchEvent>, filter: &Filter, timing: Debounce) -> Option<Batch> {
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
pub(crate) struct Watches {
    watcher: Box<dyn Watcher + Send>,
    tx: Sender<WatchEvent>,
    root: PathBuf,
    out_dir: PathBuf,
    /// Each watched non-recursively, with the identity of the folder it found there
    /// (a folder moved away and replaced by another of the same name needs a new watch).
    watched: DirSet,
    theme: Option<(PathBuf, String)>,
    /// Link loops already reported (each is reported once).
    loops: BTreeSet<PathBuf>,
    pub(crate) polling: bool,
    /// Past the start: a switch to polling must be followed by a rescan.
    running: bool,
}

impl Watches {
    /// Start watching the site at `root` (canonical). `poll` uses notify's
    /// PollWatcher; a native watcher that cannot start (out of inotify instances)
    /// or runs out of watches falls back to polling. Returns warnings to print.
    pub(crate) fn start(
        root: &Path,
        out_dir: &Path,
        poll: bool,
        tx: Sender<WatchEvent>,
    ) -> notify::Result<(Self, Vec<String>)> {
        let mut notes = Vec::new();
        let (watcher, polling): (Box<dyn Watcher + Send>, bool) = if poll {
            (Box::new(poll_watcher(tx.clone())?), true)
        } else {
            match notify::recommended_watcher(tx.clone()) {
                Ok(w) => (Box::new(w), false),
                Err(e) => {
                    notes.push(limits::explain(&e, None));
                    (Box::new(poll_watcher(tx.clone())?), true)
                }
            }
        };
        let mut w = Watches {
            watcher,
            tx,
            root: root.to_path_buf(),
            out_dir: out_dir.to_path_buf(),
            watched: BTreeMap::new(),
            theme: None,
            loops: BTreeSet::new(),
            polling,
            running: false,
        };
        notes.extend(w.sync());
        w.running = true;
        Ok((w, notes))
    }

    /// (Re)establish the watches on the folders the build reads now: new folders are
    /// added, gone ones dropped. Returns warnings (loops, the switch to polling).
    pub(crate) fn sync(&mut self) -> Vec<String> {
        let (wanted, theme, mut notes) = self.wanted();
        self.theme = theme;
        let stale: Vec<PathBuf> =
            self.watched.iter().filter(|(d, id)| wanted.get(*d) != Some(id)).map(|(d, _)| d.clone()).collect();
        for d in stale {
            let _ = self.watcher.unwatch(&d);
            self.watched.remove(&d);
        }
        let new: Vec<(PathBuf, Option<FileId>)> =
            wanted.iter().filter(|(d, _)| !self.watched.contains_key(*d)).map(|(d, id)| (d.clone(), *id)).collect();
        for (d, id) in new {
            match self.watcher.watch(&d, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.watched.insert(d, id);
                }
                Err(e) if !self.polling && limits::is_limit(&e) => {
                    let shown = display(&self.root, &d);
                    notes.push(limits::explain(&e, Some(&shown)));
                    notes.extend(self.switch_to_polling(&wanted));
                    return notes;
                }
                // Gone since the walk: the event that says so brings the next sync.
                Err(e) if matches!(e.kind, notify::ErrorKind::PathNotFound) => {}
                Err(e) if e.paths.is_empty() => notes.push(format!("cannot watch {}: {e}", display(&self.root, &d))),
                Err(e) => notes.push(format!("cannot watch {}: {e}", display(&self.root, &e.paths[0]))),
            }
        }
        notes
    }

    /// Replace the native watcher by a PollWatcher on the same folders.
    fn switch_to_polling(&mut self, wanted: &DirSet) -> Vec<String> {
        let mut notes = Vec::new();
        match poll_watcher(self.tx.clone()) {
            Ok(p) => {
                self.watcher = Box::new(p);
                self.polling = true;
                self.watched.clear();
                for (d, id) in wanted {
                    if self.watcher.watch(d, RecursiveMode::NonRecursive).is_ok() {
                        self.watched.insert(d.clone(), *id);
                    }
                }
                // Whatever changed while switching is picked up by a full rebuild (at the
                // start, the first build follows anyway).
                if self.running {
                    let _ = self.tx.send(Ok(Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan)));
                }
            }
            Err(e) => notes.push(format!("cannot poll for changes either ({e}); edits will not be seen")),
        }
        notes
    }

    /// The folders the build reads, the theme's folder, and warnings for new loops.
    fn wanted(&mut self) -> (DirSet, Option<(PathBuf, String)>, Vec<String>) {
        let mut dirs = BTreeMap::new();
        let mut notes = Vec::new();
        dirs.insert(self.root.clone(), file_id(&self.root));
        for name in WATCHED_DIRS {
            self.walk(&self.root.join(name), &mut dirs, &mut notes);
        }
        let themes = self.root.join("themes");
        if themes.is_dir() {
            dirs.insert(themes.clone(), file_id(&themes));
        }
        let mut theme = None;
        if let Some(dir) = crate::pipeline::inputs::theme_folder(&self.root) {
            dirs.insert(dir.clone(), file_id(&dir));
            for sub in ["templates", "static", "i18n"] {
                self.walk(&dir.join(sub), &mut dirs, &mut notes);
            }
            theme = Some((dir.clone(), display(&self.root, &dir)));
        }
        (dirs, theme, notes)
    }

    /// Every folder under `top` as the loader walks it (links not followed, hidden
    /// and editor folders and the output folder left out); reports new link loops.
    fn walk(&mut self, top: &Path, dirs: &mut DirSet, notes: &mut Vec<String>) {
        if !top.is_dir() {
            return;
        }
        let out = &self.out_dir;
        let walker = walkdir::WalkDir::new(top).follow_links(false).into_iter().filter_entry(|e| {
            !(e.depth() > 0 && crate::pipeline::inputs::is_ignored(&e.file_name().to_string_lossy())) && e.path() != out
        });
        for entry in walker.flatten() {
            if entry.file_type().is_dir() {
                let id = file_id(entry.path());
                dirs.insert(entry.into_path(), id);
            } else if entry.path_is_symlink() {
                if let Some(why) = loop_of(&self.root, entry.path()) {
                    if self.loops.insert(entry.path().to_path_buf()) {
                        notes.push(format!(
                            "{}: symbolic link loop ({why}); not followed, so nothing under it is built or watched",
                            display(&self.root, entry.path())
                        ));
                    }
                }
            }
        }
    }
}

/// Which folder is at a path (device and inode), where the platform says.
type FileId = (u64, u64);

/// Folders to watch, each with the identity of what is there.
type DirSet = BTreeMap<PathBuf, Option<FileId>>;

fn file_id(path: &Path) -> Option<FileId> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Why following the link at `link` would never end, if it would.
fn loop_of(root: &Path, link: &Path) -> Option<String> {
    match link.canonicalize() {
        Err(e) if limits::is_eloop(&e) => Some("it leads back to itself".into()),
        Ok(target) if target.is_dir() => {
            let parent = link.parent()?.canonicalize().ok()?;
            parent.starts_with(&target).then(|| format!("it leads to {}, which holds it", display(root, &target)))
        }
        _ => None,
    }
}

fn display(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(r) if r.as_os_str().is_empty() => "the site folder".into(),
        Ok(r) => r.to_string_lossy().replace('\\', "/"),
        Err(_) => path.display().to_string(),
    }
}

/// The kernel's limits on file watching, and how to explain running into them.
mod limits {
    /// `ENOSPC` from inotify_add_watch: out of watches. `EMFILE` from inotify_init:
    /// out of inotify instances (or of file descriptors). `ELOOP`: too many links.
    const ENOSPC: i32 = 28;
    const EMFILE: i32 = 24;
    const ELOOP: i32 = if cfg!(target_os = "macos") { 62 } else { 40 };

    pub(crate) fn is_eloop(e: &std::io::Error) -> bool {
        cfg!(any(target_os = "linux", target_os = "macos")) && e.raw_os_error() == Some(ELOOP)
    }

    fn os_code(e: &notify::Error) -> Option<i32> {
        match &e.kind {
            notify::ErrorKind::Io(io) => io.raw_os_error(),
            _ => None,
        }
    }

    fn out_of_watches(e: &notify::Error) -> bool {
        matches!(e.kind, notify::ErrorKind::MaxFilesWatch) || (cfg!(target_os = "linux") && os_code(e) == Some(ENOSPC))
    }

    fn out_of_instances(e: &notify::Error) -> bool {
        cfg!(target_os = "linux") && os_code(e) == Some(EMFILE)
    }

    /// Running out of watches or instances: polling still works.
    pub(crate) fn is_limit(e: &notify::Error) -> bool {
        out_of_watches(e) || out_of_instances(e)
    }

    /// A limit's current value: the system-wide setting, or this user namespace's
    /// own when it is lower.
    fn current(sysctl: &str, per_namespace: &str) -> Option<u64> {
        let read = |p: &str| std::fs::read_to_string(p).ok().and_then(|t| t.trim().parse::<u64>().ok());
        match (read(&format!("/proc/sys/fs/inotify/{sysctl}")), read(&format!("/proc/sys/user/{per_namespace}"))) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// What went wrong, in words: which limit, its value, and how to raise it.
    /// `at` is the folder that could not be watched.
    pub(crate) fn explain(e: &notify::Error, at: Option<&str>) -> String {
        let (what, sysctl, ns, raise) = if out_of_watches(e) {
            ("inotify watches", "max_user_watches", "max_inotify_watches", 524288)
        } else if out_of_instances(e) {
            ("inotify instances (or open files)", "max_user_instances", "max_inotify_instances", 1024)
        } else {
            return match at {
                Some(at) => format!("cannot watch {at} ({e}); watching by polling instead"),
                None => format!("native file watching is unavailable ({e}); watching by polling instead"),
            };
        };
        let value = current(sysctl, ns).map(|v| format!(" = {v}")).unwrap_or_default();
        let at = at.map(|a| format!(" at {a}")).unwrap_or_default();
        format!(
            "the limit on {what} is reached{at} (fs.inotify.{sysctl}{value}, shared by all programs of this user); \
             watching by polling instead, which sees edits within a second. To raise the limit: \
             `sudo sysctl fs.inotify.{sysctl}={raise}` (add `fs.inotify.{sysctl}={raise}` to /etc/sysctl.conf \
             to keep it); or close other programs that watch files; or start with `primer serve --poll`"
        )
    }
}

/// notify's PollWatcher keeps mtimes in whole seconds, so two saves within one second
/// would look unchanged; comparing contents too catches them (at the cost of reading
/// the watched files on every poll, which is what polling is for).
fn poll_watcher(tx: Sender<WatchEvent>) -> notify::Result<notify::PollWatcher> {
    let config = notify::Config::default()
        .with_poll_interval(Duration::from_millis(500))
        .with_compare_contents(true)
        .with_follow_symlinks(false);
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
        Filter::new(PathBuf::from("/site"), PathBuf::from("/site/public"))
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
        let f = Filter::new(PathBuf::from("/site"), PathBuf::from("/site/content/out"));
        let mut b = Batch::new();
        let modify = EventKind::Modify(ModifyKind::Any);
        assert!(!f.absorb(&mut b, ev(modify, &["/site/content/out/index.html"])));
        assert!(!f.absorb(&mut b, ev(EventKind::Access(AccessKind::Open(AccessMode::Any)), &["/site/content/a.md"])));
        assert!(b.paths.is_empty() && !b.full, "nothing changed");
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
        // Two saves already queued: the batch waits the quiet time, not the settle time,
        // whatever the machine's load does to the writer thread's schedule.
        for i in 0..2 {
            tx.send(ev(EventKind::Modify(ModifyKind::Any), &[&format!("/site/content/p{i}.md")])).unwrap();
        }
        let writer = std::thread::spawn(move || {
            for i in 2..100 {
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
            quiet: Duration::from_millis(500),
            max_wait: Duration::from_secs(10),
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
