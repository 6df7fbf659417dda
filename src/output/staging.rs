//! Writing the output: a staging folder beside the old output, filled in parallel
//! (pages as soon as they are rendered, through the [`Sink`]), then swapped in
//! atomically; dropped without a commit, it is removed and the old output stays.

use super::marker::{marker_text, read_marker, remove_marked, remove_tree, State, MARKER};
use super::placement::check_existing;
use crate::model::{Asset, AssetSource};
use crate::model::{OutputFile, Sink};
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::collections::HashSet;
use std::fs::File;
use std::io::{Seek, Write};
use std::path::{Path, PathBuf};

/// Write `files` and copy `assets` into `out_dir`, replacing it atomically.
/// `out_dir` must have passed [`prepare`].
pub(crate) fn write_site(out_dir: &Path, files: &[OutputFile], assets: &[Asset]) -> Result<()> {
    let staging = Staging::new(out_dir)?;
    staging.fill(files, assets)?;
    staging.commit()
}

/// A new output folder filled beside the old one. [`Staging::commit`] swaps it in;
/// dropped without a commit (a failed build), it is removed and the old output stays.
/// Pages can be written as soon as they are rendered ([`Staging::write`]), so a large
/// site's HTML need not be held in memory until the end.
pub(crate) struct Staging {
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
    pub(crate) fn new(out_dir: &Path) -> Result<Self> {
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
    pub(crate) fn write(&self, rel: &str, bytes: &[u8]) -> bool {
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
    pub(crate) fn error(&self) -> Option<String> {
        self.error.lock().ok().and_then(|e| e.clone())
    }

    /// Write the files not written yet and copy the assets.
    pub(crate) fn fill(&self, files: &[OutputFile], assets: &[Asset]) -> Result<()> {
        let mut written = self.written.lock().map_err(|_| anyhow::anyhow!("a thread writing the site failed"))?;
        let rest: Vec<&OutputFile> = files.iter().filter(|f| !written.contains(&f.path)).collect();
        fill(&self.tmp, &rest, assets)?;
        written.extend(rest.iter().map(|f| f.path.clone()).chain(assets.iter().map(|a| a.out.clone())));
        Ok(())
    }

    /// Swap the new folder in for the old one. The marker lists every file written.
    pub(crate) fn commit(mut self) -> Result<()> {
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
            AssetSource::Made(bytes) => {
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
