//! Where the output may be: refuse, before anything is written, a folder that is or
//! holds the sources, or that holds files primer did not write; and remove what
//! interrupted builds left beside the output (only folders whose marker says so).

use super::marker::{read_marker, remove_marked, Marker, State, MARKER};
use anyhow::Result;
use std::collections::HashSet;
use std::fs::File;
use std::path::{Component, Path, PathBuf};

/// Why a folder cannot be the output, and what to do instead.
#[derive(Debug)]
pub(crate) struct Refusal {
    pub(crate) why: String,
    pub(crate) fix: String,
}

const CHOOSE: &str = "choose an empty or new folder outside the sources, such as public/ \
     (`--output public`, or `output_dir = \"public\"` in site.toml)";

/// Check that `out` may be the output of the site at `root` whose theme is `theme`,
/// before anything is written, and remove what interrupted builds left beside it.
/// Returns the folder to write: `out` with every symbolic link resolved.
pub(crate) fn prepare(root: &Path, out: &Path, theme: &str) -> Result<PathBuf, Refusal> {
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
pub(crate) fn check_placement(root: &Path, out: &Path, theme: &str) -> Result<(), Refusal> {
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
pub(super) fn check_existing(target: &Path, it: &str, new_files: Option<&HashSet<String>>) -> Result<(), Refusal> {
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

/// The error for a refused output folder: at `output_dir` in site.toml when the path
/// came from there (`config_text`), else at the path given with `--output`.
pub(crate) fn refusal(out: &Path, config_text: Option<&str>, r: Refusal) -> crate::diagnostics::Diagnostic {
    use crate::diagnostics::Diagnostic;
    let key = config_text.and_then(|text| Some((text, crate::config::Positions::new(text).key("output_dir")?)));
    match key {
        Some((text, (line, col))) => {
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
