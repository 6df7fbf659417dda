//! The marker file of an output folder: the state it records (staging, built,
//! retired) and every file the build wrote. A folder is removed only through its
//! marker ([`remove_marked`]), so primer never deletes a folder it did not make.

use rayon::prelude::*;
use std::collections::HashSet;
use std::fs::File;
use std::path::Path;

/// The file that marks a folder as primer's output (hidden: sources skip dot files).
pub(crate) const MARKER: &str = ".primer-output";

/// The first line of [`MARKER`].
pub(crate) const SIGNATURE: &str = "primer output folder";

/// What the marker says of its folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum State {
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
pub(super) fn marker_text<'a>(state: State, files: impl IntoIterator<Item = &'a str>) -> String {
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
pub(super) struct Marker {
    pub(super) state: State,
    pub(super) files: HashSet<String>,
}

/// The marker `text` read back; `None` unless it is one primer wrote.
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

/// The marker of folder `dir`, if it has one primer wrote.
pub(super) fn read_marker(dir: &Path) -> Option<Marker> {
    parse_marker(&std::fs::read_to_string(dir.join(MARKER)).ok()?)
}

/// Remove a folder of primer's whose marker `marker` is (open and locked): everything
/// else first, then the marker once its handle is closed, then the folder.
pub(super) fn remove_marked(dir: &Path, marker: File) -> std::io::Result<()> {
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
pub(super) fn remove_tree(dir: &Path, keep_marker: bool) -> std::io::Result<()> {
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
