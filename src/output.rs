//! Output: the only stage that writes. Builds into a temporary sibling folder and
//! swaps it in at the end, so a failed or interrupted build leaves the last good
//! site untouched. Writes run in parallel; no fsync per file.

use crate::load::{Asset, AssetSource};
use crate::render::OutputFile;
use anyhow::{Context, Result};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Write `files` and copy `assets` into `out_dir`, replacing it atomically.
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
    /// Files already written by [`Staging::write`].
    written: std::sync::Mutex<std::collections::HashSet<String>>,
    /// The first write error, reported when the build ends.
    error: std::sync::Mutex<Option<String>>,
    committed: bool,
}

impl Staging {
    pub fn new(out_dir: &Path) -> Result<Self> {
        let parent = out_dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        std::fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = out_dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
        let tmp = parent.join(format!("{name}.tmp-{}", std::process::id()));
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).with_context(|| format!("cannot remove {}", tmp.display()))?;
        }
        std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
        Ok(Staging {
            tmp,
            out_dir: out_dir.to_path_buf(),
            parent,
            name,
            written: Default::default(),
            error: Default::default(),
            committed: false,
        })
    }

    /// Write one file now (from any thread); false if it could not be written (the
    /// error is kept for [`Staging::error`]).
    pub fn write(&self, rel: &str, bytes: &[u8]) -> bool {
        let path = self.tmp.join(rel);
        let result = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, bytes))
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
        let rest: Vec<&OutputFile> = match self.written.lock() {
            Ok(written) => files.iter().filter(|f| !written.contains(&f.path)).collect(),
            Err(_) => files.iter().collect(),
        };
        fill(&self.tmp, &rest, assets)
    }

    /// Swap the new folder in for the old one.
    pub fn commit(mut self) -> Result<()> {
        swap(&self.tmp, &self.out_dir, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

fn fill(tmp: &Path, files: &[&OutputFile], assets: &[Asset]) -> Result<()> {
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
    if out_dir.exists() {
        let old = parent.join(format!("{name}.old-{}", std::process::id()));
        std::fs::rename(out_dir, &old).with_context(|| format!("cannot move {} aside", out_dir.display()))?;
        if let Err(e) = std::fs::rename(tmp, out_dir) {
            let _ = std::fs::rename(&old, out_dir);
            return Err(e).with_context(|| format!("cannot move the new site into {}", out_dir.display()));
        }
        remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
    } else {
        std::fs::rename(tmp, out_dir)
            .with_context(|| format!("cannot move the new site into {}", out_dir.display()))?;
    }
    Ok(())
}

/// `remove_dir_all`, with the top-level entries removed in parallel (a site is
/// thousands of small folders; removing the last build's copy is part of every build).
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<std::io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            std::fs::remove_dir_all(e.path())
        } else {
            std::fs::remove_file(e.path())
        }
    })?;
    std::fs::remove_dir(dir)
}
