//! Output: the only stage that writes. Builds into a temporary sibling folder and
//! swaps it in at the end, so a failed or interrupted build leaves the last good
//! site untouched. Writes run in parallel; no fsync per file.
//!
//! primer only ever replaces a folder it made. Every output holds a marker file,
//! [`MARKER`], that starts with [`SIGNATURE`] and lists every file the build wrote;
//! [`prepare`] refuses, before anything is touched, an output folder that is (or is
//! inside, or contains) the site or any folder it reads sources from, that is not
//! empty and has no marker, or that holds files the marker does not list. It also
//! removes the staging (`NAME.tmp-…`) and set-aside (`NAME.old-…`) folders that an
//! interrupted build left beside the output: only folders whose marker says so, and
//! only when no running build holds the marker's lock.

use crate::model::{Asset, AssetSource};
use crate::model::{OutputFile, Sink};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as primer's output (hidden: sources skip dot files).
pub const MARKER: &str = ".primer-output";

/// The first line of [`MARKER`].
pub const SIGNATURE: &str = "primer output folder";

/// What the marker says of its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// A build is filling it (`NAME.tmp-…`).
    Staging,
    /// A finished output.
    Built,
    /// A previous output set aside to be removed (`NAME.old-…`).
    Retired,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Staging => "staging",
            State::Built => "built",
            State::Retired => "retired",
        }
    }
}

/// The text of a marker: signature, state, then every file written, one JSON string a
/// line (any file name survives the round trip).
fn marker_text<'a>(state: State, files: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = format!(
        "{SIGNATURE}\n# primer wrote this folder and replaces it on every build. It refuses to replace\n\
         # it if it holds a file that is not listed below: do not keep your own files here.\n\
         state: {}\nfiles:\n",
        state.name()
    );
    for f in files {
        s.push_str(&serde_json::Value::String(f.to_string()).to_string());
        s.push('\n');
    }
    s
}

/// A parsed marker: its state and the files it lists.
struct Marker {
    state: State,
    files: HashSet<String>,
}

fn parse_marker(text: &str) -> Option<Marker> {
    let mut lines = text.lines();
    if lines.next()? != SIGNATURE {
        return None;
    }
    let mut state = None;
    for line in lines.by_ref() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(s) = line.strip_prefix("state: ") {
            state = [State::Staging, State::Built, State::Retired].into_iter().find(|st| st.name() == s);
        } else if line == "files:" {
            break;
        } else {
            return None;
        }
    }
    let files = lines.map(|l| serde_json::from_str::<String>(l).ok()).collect::<Option<HashSet<String>>>()?;
    Some(Marker { state: state?, files })
}

fn read_marker(dir: &Path) -> Option<Marker> {
    parse_marker(&std::fs::read_to_string(dir.join(MARKER)).ok()?)
}

/// Why a folder cannot be the output, and what to do instead.
#[derive(Debug)]
pub struct Refusal {
    pub why: String,
    pub fix: String,
}

const CHOOSE: &str = "choose an empty or new folder outside the sources, such as public/ \
     (`--output public`, or `output_dir = \"public\"` in site.toml)";

/// Check that `out` may be the output of the site at `root` whose theme is `theme`,
/// before anything is written, and remove what interrupted builds left beside it.
/// Returns the folder to write: `out` with every symbolic link resolved.
pub fn prepare(root: &Path, out: &Path, theme: &str) -> Result<PathBuf, Refusal> {
    let (target, it) = placement(root, out, theme)?;
    if let (Some(parent), Some(name)) = (target.parent(), target.file_name().and_then(|n| n.to_str())) {
        clean_leftovers(parent, name);
    }
    check_existing(&target, &it, None)?;
    Ok(target)
}

/// The rules on where the output may be, which do not depend on what it holds: for
/// builds that write nothing (`primer check`, the dev server), so that they report
/// what `primer build` would refuse.
pub fn check_placement(root: &Path, out: &Path, theme: &str) -> Result<(), Refusal> {
    placement(root, out, theme).map(|_| ())
}

/// `out` resolved, and how to speak of it, unless it is or holds the sources.
fn placement(root: &Path, out: &Path, theme: &str) -> Result<(PathBuf, String), Refusal> {
    let env = |e: std::io::Error| Refusal {
        why: format!("cannot resolve the path: {e}"),
        fix: "check the path and its permissions".into(),
    };
    let target = resolve(out).map_err(env)?;
    let site = resolve(root).map_err(env)?;
    // "it", or "it resolves to …, which" when links or `..` lead elsewhere.
    let it = if target != absolute(out) { format!("it resolves to {}, which", target.display()) } else { "it".into() };
    if target == site {
        return Err(Refusal {
            why: format!("{it} is the site's folder, which holds site.toml and the sources; every build replaces the output folder"),
            fix: CHOOSE.into(),
        });
    }
    if site.starts_with(&target) {
        return Err(Refusal {
            why: format!("{it} contains the site's folder {}; every build replaces the output folder", site.display()),
            fix: CHOOSE.into(),
        });
    }
    let theme_dir = root.join("themes").join(theme);
    let sources: [(&str, PathBuf); 5] = [
        ("the content folder", root.join("content")),
        ("the static folder", root.join("static")),
        ("the templates folder", root.join("templates")),
        ("the theme's folder", theme_dir),
        ("the themes folder", root.join("themes")),
    ];
    for (what, dir) in &sources {
        let Ok(dir) = resolve(dir) else { continue };
        let relation = if target == dir {
            "is"
        } else if target.starts_with(&dir) {
            "is inside"
        } else if dir.starts_with(&target) {
            "contains"
        } else {
            continue;
        };
        return Err(Refusal {
            why: format!(
                "{it} {relation} {what}, {}; every build replaces the output folder, and sources and output must not mix",
                dir.display()
            ),
            fix: CHOOSE.into(),
        });
    }
    Ok((target, it))
}

/// An existing folder may be replaced only if it is empty or primer's own output
/// holding nothing primer did not write.
fn check_existing(target: &Path, it: &str, new_files: Option<&HashSet<String>>) -> Result<(), Refusal> {
    let meta = match std::fs::symlink_metadata(target) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        // Not readable here (say, a file in its path): creating it fails with a clear error.
        Err(_) => return Ok(()),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal {
            why: format!("{it} is a symbolic link to a folder that does not exist"),
            fix: "create the folder the link points to, remove the link, or choose another output folder".into(),
        });
    }
    if !meta.is_dir() {
        return Err(Refusal {
            why: format!("{it} is a file, not a folder"),
            fix: "move the file away or choose another output folder, such as public/".into(),
        });
    }
    let unreadable = |e: &dyn std::fmt::Display| Refusal {
        why: format!("cannot read what it holds: {e}"),
        fix: "fix its permissions or choose another output folder".into(),
    };
    let mut entries = std::fs::read_dir(target).map_err(|e| unreadable(&e))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let marker = match read_marker(target) {
        Some(marker) => marker,
        // An earlier primer's output, from before folders were marked: replaceable when
        // everything it holds is a file this build writes again (checked at the swap,
        // with `new_files`); before that, it is taken as primer's.
        None if is_unmarked_primer_output(target) => match new_files {
            Some(files) => Marker { state: State::Built, files: files.clone() },
            None => return Ok(()),
        },
        None => {
            return Err(Refusal {
                why: format!("{it} is not empty and primer did not make it (it has no {MARKER} file)"),
                fix: format!(
                    "primer replaces the output folder on every build and never replaces one it did not make: {CHOOSE}"
                ),
            })
        }
    };
    let foreign = foreign_files(target, &marker).map_err(|e| unreadable(&e))?;
    if !foreign.is_empty() {
        let shown: Vec<&str> = foreign.iter().take(5).map(String::as_str).collect();
        let more = match foreign.len() - shown.len() {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        return Err(Refusal {
            why: format!(
                "{it} holds files primer did not write: {}{more}; every build replaces the output folder",
                shown.join(", ")
            ),
            fix: "move them into static/ to publish them with the site, or out of the folder; or choose another output folder"
                .into(),
        });
    }
    Ok(())
}

/// An output folder of a primer from before [`MARKER`]: its `404.html` is primer's
/// not-found page.
fn is_unmarked_primer_output(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("404.html")).is_ok_and(|t| t.contains("data-primer-404"))
}

/// Files (and links) under `dir` that its marker does not list, sorted.
fn foreign_files(dir: &Path, marker: &Marker) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1).follow_links(false) {
        let entry = entry?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let listed = rel.to_str().map(|r| r.replace('\\', "/")).filter(|r| r == MARKER || marker.files.contains(r));
        if listed.is_none() {
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    out.sort();
    Ok(out)
}

/// Remove `NAME.tmp-…` and `NAME.old-…` folders in `parent` that an interrupted build
/// left: only those whose marker says they are a staging or set-aside folder, and
/// whose marker no running build holds locked. Anything else is left alone.
fn clean_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let (tmp, old) = (format!("{name}.tmp-"), format!("{name}.old-"));
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(n) = file_name.to_str() else { continue };
        let (state, rest) = match (n.strip_prefix(&tmp), n.strip_prefix(&old)) {
            (Some(rest), _) => (State::Staging, rest),
            (_, Some(rest)) => (State::Retired, rest),
            _ => continue,
        };
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            continue;
        }
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let dir = entry.path();
        if read_marker(&dir).is_none_or(|m| m.state != state) {
            continue;
        }
        let Ok(file) = File::open(dir.join(MARKER)) else { continue };
        // A build that is still running holds this lock for as long as the folder is its own.
        if file.try_lock().is_err() {
            continue;
        }
        let _ = remove_marked(&dir, file);
    }
}

/// `path` made absolute, with every symbolic link and `..` resolved: the longest part
/// that exists is canonicalized, and the rest (to be created) appended.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let abs = absolute(path);
    let parts: Vec<Component> = abs.components().collect();
    for n in (1..=parts.len()).rev() {
        let prefix: PathBuf = parts[..n].iter().collect();
        if let Ok(mut out) = prefix.canonicalize() {
            for c in &parts[n..] {
                match c {
                    Component::Normal(s) => out.push(s),
                    Component::ParentDir => {
                        out.pop();
                    }
                    _ => {}
                }
            }
            return Ok(out);
        }
    }
    Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("no part of {} exists", path.display())))
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Write `files` and copy `assets` into `out_dir`, replacing it atomically.
/// `out_dir` must have passed [`prepare`].
pub fn write_site(out_dir: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<()> {
    let staging = Staging::new(out_dir)?;
    staging.fill(files, assets)?;
    staging.commit()
}

/// A new output folder filled beside the old one. [`Staging::commit`] swaps it in;
/// dropped without a commit (a failed build), it is removed and the old output stays.
/// Pages can be written as soon as they are rendered ([`Staging::write`]), so a large
/// site's HTML need not be held in memory until the end.
pub struct Staging {
    tmp: PathBuf,
    out_dir: PathBuf,
    parent: PathBuf,
    name: String,
    /// The staging folder's marker, locked while this build owns the folder.
    marker: Option<File>,
    /// Files already written, for the marker's list.
    written: std::sync::Mutex<HashSet<String>>,
    /// The first write error, reported when the build ends.
    error: std::sync::Mutex<Option<String>>,
    committed: bool,
}

/// The first free name among `base`, `base-1`, `base-2`, … in `parent` (never an
/// existing entry, so nothing there is ever replaced).
fn free_name(parent: &Path, base: &str) -> PathBuf {
    (0..)
        .map(|n| if n == 0 { parent.join(base) } else { parent.join(format!("{base}-{n}")) })
        .find(|p| std::fs::symlink_metadata(p).is_err())
        .unwrap_or_else(|| parent.join(base))
}

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Self> {
        let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let base = format!("{name}.tmp-{}", std::process::id());
        let mut tmp = free_name(&parent, &base);
        // create_dir fails on an existing entry: another process may take a name first.
        loop {
            match std::fs::create_dir(&tmp) {
                Ok(()) => break,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => tmp = free_name(&parent, &base),
                Err(e) => return Err(e).with_context(|| format!("cannot create {}", tmp.display())),
            }
        }
        let marker = (|| -> std::io::Result<File> {
            let mut f = File::options().read(true).write(true).create_new(true).open(tmp.join(MARKER))?;
            f.lock()?;
            f.write_all(marker_text(State::Staging, []).as_bytes())?;
            Ok(f)
        })();
        let marker = match marker {
            Ok(f) => f,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e).with_context(|| format!("cannot write {}", tmp.join(MARKER).display()));
            }
        };
        Ok(Staging {
            tmp,
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            marker: Some(marker),
            written: Default::default(),
            error: Default::default(),
            committed: false,
        })
    }

    /// Write one file now (from any thread); false if it could not be written (the
    /// error is kept for [`Staging::error`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> bool {
        let path = self.tmp.join(rel);
        let result = reserved(rel)
            .and_then(|()| {
                path.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&path, bytes))
            })
            .with_context(|| format!("cannot write {}", path.display()));
        match result {
            Ok(()) => {
                if let Ok(mut w) = self.written.lock() {
                    w.insert(rel.to_string());
                }
                true
            }
            Err(e) => {
                if let Ok(mut slot) = self.error.lock() {
                    slot.get_or_insert_with(|| format!("{e:#}"));
                }
                false
            }
        }
    }

    /// The first error of [`Staging::write`], if any.
    pub fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }

    /// Write the files not written yet and copy the assets.
    pub fn fill(&self, files: &[OutputFile], assets: &[Asset]) -> Result<()> {
        let mut written = self.written.lock().map_err(|_| anyhow::anyhow!("a thread writing the site failed"))?;
        let rest: Vec<&OutputFile> = files.iter().filter(|f| !written.contains(&f.path)).collect();
        fill(&self.tmp, &rest, assets)?;
        written.extend(rest.iter().map(|f| f.path.clone()).chain(assets.iter().map(|a| a.out.clone())));
        Ok(())
    }

    /// Swap the new folder in for the old one. The marker lists every file written.
    pub fn commit(mut self) -> Result<()> {
        let text = {
            let written = self.written.lock().map_err(|_| anyhow::anyhow!("a thread writing the site failed"))?;
            let mut files: Vec<&str> = written.iter().map(String::as_str).collect();
            files.sort_unstable();
            marker_text(State::Built, files)
        };
        let marker_path = self.tmp.join(MARKER);
        if let Some(f) = self.marker.as_mut() {
            rewrite(f, &text).with_context(|| format!("cannot write {}", marker_path.display()))?;
        }
        swap(&self.tmp, &self.out_dir, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            if let Some(marker) = self.marker.take() {
                let _ = remove_marked(&self.tmp, marker);
            }
        }
    }
}

/// No output file may take the marker's place.
fn reserved(rel: &str) -> std::io::Result<()> {
    if rel == MARKER {
        return Err(std::io::Error::other(format!("{MARKER} is primer's own file in the output folder")));
    }
    Ok(())
}

/// Replace the contents of an open file.
fn rewrite(f: &mut File, text: &str) -> std::io::Result<()> {
    f.set_len(0)?;
    f.rewind()?;
    f.write_all(text.as_bytes())
}

fn fill(tmp: &Path, files: &[&OutputFile], assets: &[Asset]) -> Result<()> {
    for p in files.iter().map(|f| f.path.as_str()).chain(assets.iter().map(|a| a.out.as_str())) {
        reserved(p).with_context(|| format!("cannot write {}", tmp.join(p).display()))?;
    }
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .map(|f| f.path.as_str())
        .chain(assets.iter().map(|a| a.out.as_str()))
        .filter_map(|p| Path::new(p).parent().map(|d| tmp.join(d)))
        .collect();
    dirs.push(tmp.to_path_buf());
    // Every ancestor too, then create them level by level: a folder's parent exists by
    // the time it is created, and each level is created in parallel.
    let mut all: Vec<PathBuf> = Vec::with_capacity(dirs.len() * 2);
    for d in &dirs {
        let mut a = d.as_path();
        while a.starts_with(tmp) {
            all.push(a.to_path_buf());
            match a.parent() {
                Some(p) => a = p,
                None => break,
            }
        }
    }
    all.sort();
    all.dedup();
    let mut levels: std::collections::BTreeMap<usize, Vec<&PathBuf>> = std::collections::BTreeMap::new();
    for d in &all {
        levels.entry(d.components().count()).or_default().push(d);
    }
    for level in levels.values() {
        level.par_iter().try_for_each(|d| match std::fs::create_dir(d) {
            Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                Err(e).with_context(|| format!("cannot create {}", d.display()))
            }
            _ => Ok(()),
        })?;
    }
    files.par_iter().try_for_each(|f| {
        let path = tmp.join(&f.path);
        std::fs::write(&path, &f.contents).with_context(|| format!("cannot write {}", path.display()))
    })?;
    assets.par_iter().try_for_each(|a| {
        let dest = tmp.join(&a.out);
        match &a.source {
            AssetSource::Disk(src) => std::fs::copy(src, &dest)
                .map(|_| ())
                .with_context(|| format!("cannot copy {} to {}", src.display(), dest.display())),
            AssetSource::Embedded(bytes) => {
                std::fs::write(&dest, bytes).with_context(|| format!("cannot write {}", dest.display()))
            }
        }
    })
}

fn swap(tmp: &Path, out_dir: &Path, parent: &Path, name: &str) -> Result<()> {
    if std::fs::symlink_metadata(out_dir).is_err() {
        return std::fs::rename(tmp, out_dir)
            .with_context(|| format!("cannot move the new site into {}", out_dir.display()));
    }
    // Checked again: files put into the output while this build ran are kept too.
    let new_files = read_marker(tmp).map(|m| m.files);
    if let Err(r) = check_existing(out_dir, "it", new_files.as_ref()) {
        anyhow::bail!("{} cannot be replaced: {}; {}", out_dir.display(), r.why, r.fix);
    }
    let old = free_name(parent, &format!("{name}.old-{}", std::process::id()));
    std::fs::rename(out_dir, &old).with_context(|| format!("cannot move {} aside", out_dir.display()))?;
    // Marked as set aside, under a lock: if this process stops before it is removed,
    // the next build removes it.
    let original = std::fs::read(old.join(MARKER)).ok();
    let retired = retire(&old);
    if let Err(e) = std::fs::rename(tmp, out_dir) {
        drop(retired);
        match &original {
            Some(bytes) => {
                let _ = std::fs::write(old.join(MARKER), bytes);
            }
            None => {
                let _ = std::fs::remove_file(old.join(MARKER));
            }
        }
        let _ = std::fs::rename(&old, out_dir);
        return Err(e).with_context(|| format!("cannot move the new site into {}", out_dir.display()));
    }
    match retired {
        Ok(marker) => remove_marked(&old, marker),
        Err(_) => remove_tree(&old, false),
    }
    .with_context(|| format!("cannot remove {}", old.display()))
}

/// Mark a set-aside output as retired and hold its marker's lock.
fn retire(old: &Path) -> std::io::Result<File> {
    let mut f = File::options().read(true).write(true).create(true).truncate(false).open(old.join(MARKER))?;
    f.lock()?;
    let files = read_marker(old).map(|m| m.files).unwrap_or_default();
    let mut files: Vec<&str> = files.iter().map(String::as_str).collect();
    files.sort_unstable();
    rewrite(&mut f, &marker_text(State::Retired, files))?;
    Ok(f)
}

/// Remove a folder of primer's whose marker `marker` is (open and locked): everything
/// else first, then the marker once its handle is closed, then the folder.
fn remove_marked(dir: &Path, marker: File) -> std::io::Result<()> {
    remove_tree(dir, true)?;
    drop(marker);
    let gone = |r: std::io::Result<()>| match r {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        r => r,
    };
    gone(std::fs::remove_file(dir.join(MARKER)))?;
    gone(std::fs::remove_dir(dir))
}

/// `remove_dir_all`, with the top-level entries removed in parallel (a site is
/// thousands of small folders; removing the last build's copy is part of every build).
/// With `keep_marker`, the marker and the folder itself stay.
fn remove_tree(dir: &Path, keep_marker: bool) -> std::io::Result<()> {
    let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().filter(|e| !(keep_marker && e.file_name() == MARKER)).try_for_each(|e| {
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    if keep_marker {
        Ok(())
    } else {
        std::fs::remove_dir(dir)
    }
}

/// The error for a refused output folder: at `output_dir` in site.toml when the path
/// came from there (`config_text`), else at the path given with `--output`.
pub fn refusal(out: &Path, config_text: Option<&str>, r: Refusal) -> crate::diagnostics::Diagnostic {
    use crate::diagnostics::{Diagnostic, LineIndex};
    let key = config_text.and_then(|text| {
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let indent = line.len() - line.trim_start().len();
            if line.trim_start().starts_with("output_dir") {
                return Some((text, start + indent));
            }
            start += line.len();
        }
        None
    });
    match key {
        Some((text, offset)) => {
            let (line, col) = LineIndex::new(text).position(offset);
            let message = format!("output_dir names {}, which primer refuses to build into: {}", out.display(), r.why);
            Diagnostic::error(crate::config::CONFIG_FILE, line, col, message)
                .with_hint(r.fix)
                .with_source(text, "output_dir".len())
        }
        None => {
            Diagnostic::error(out.display().to_string(), 0, 0, format!("refusing to build into this folder: {}", r.why))
                .with_hint(r.fix)
        }
    }
}

/// `primer build`'s sink: each page goes into the staging folder as soon as it is
/// rendered and is kept in memory without its contents (unless writing failed; the
/// error is reported by [`Staging::error`]).
impl Sink for Staging {
    fn put(&self, mut file: OutputFile) -> OutputFile {
        if self.write(&file.path, &file.contents) {
            file.contents = std::sync::Arc::from(&[][..]);
        }
        file
    }
}
