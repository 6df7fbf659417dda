//! Copies of the built site for use away from the web server: one SCORM package
//! per training path for learning management systems ([`scorm`]), and a copy of the
//! whole site that works opened from disk ([`offline`]).
//!
//! A driver: both run as the pipeline's [`Extra`](crate::pipeline::Extra) step on the
//! finished output (the rendered files, the theme's and site's static files and the
//! resolved sites), rewrite the references in the HTML with [`markup`] and write zips.

mod manifest;
pub(crate) mod markup;
pub mod offline;
pub mod scorm;

use crate::diagnostics::Diagnostic;
use crate::model::{Asset, AssetSource, OutputFile};
use std::collections::BTreeMap;
use std::io::Write;
use std::sync::Arc;

/// Every file of the built site by its path in the output: rendered files, then
/// static files (as the output would hold them).
pub(crate) struct Output {
    pub(crate) files: BTreeMap<String, Arc<[u8]>>,
}

impl Output {
    /// The output of a build: its rendered `files`, and its static files read from
    /// disk (a driver's read); a static file that cannot be read is an error at its path.
    pub(crate) fn new(files: &[OutputFile], assets: &[Asset]) -> Result<Self, Vec<Diagnostic>> {
        let mut map = BTreeMap::new();
        let mut unreadable = Vec::new();
        for a in assets {
            let bytes: Arc<[u8]> = match &a.source {
                AssetSource::Disk(p) => match std::fs::read(p) {
                    Ok(b) => b.into(),
                    Err(e) => {
                        unreadable.push(Diagnostic::error(&a.origin, 0, 0, format!("cannot read file: {e}")));
                        continue;
                    }
                },
                AssetSource::Embedded(b) => Arc::from(*b),
                AssetSource::Made(b) => b.clone(),
            };
            map.insert(a.out.clone(), bytes);
        }
        if !unreadable.is_empty() {
            return Err(unreadable);
        }
        for f in files {
            map.insert(f.path.clone(), f.contents.clone());
        }
        Ok(Output { files: map })
    }

    pub(crate) fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(path)
    }

    pub(crate) fn text(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(|b| std::str::from_utf8(b).ok())
    }

    pub(crate) fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// `path?v=<hash of its bytes>`, the versioned URL (from the root) of a file the
    /// package adds to pages, as the build versions the theme's own (`asset()`).
    pub fn versioned(&self, path: &str) -> String {
        match self.get(path) {
            Some(b) => format!("{path}?v={}", crate::urls::fingerprint(b)),
            None => path.to_string(),
        }
    }
}

/// A zip of `files` (path, contents), deflated, with fixed timestamps so that the same
/// input makes the same bytes.
pub(crate) fn zip(files: &[(String, Arc<[u8]>)]) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let stored = deflated.compression_method(zip::CompressionMethod::Stored);
    for (path, bytes) in files {
        let packed = [".zip", ".png", ".jpg", ".jpeg", ".webp", ".woff2", ".gz"].iter().any(|x| path.ends_with(x));
        w.start_file(path.as_str(), if packed { stored } else { deflated }).map_err(std::io::Error::other)?;
        w.write_all(bytes)?;
    }
    Ok(w.finish().map_err(std::io::Error::other)?.into_inner())
}

/// Write packages into `dir` (made if missing). A file already there is replaced only
/// if it is a package primer wrote (its manifest says so); anything else is refused.
/// Returns each file written and its size.
pub fn write_packages(
    dir: &std::path::Path,
    packages: &[(&str, &Arc<[u8]>)],
) -> anyhow::Result<Vec<(std::path::PathBuf, usize)>> {
    use anyhow::Context;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, _) in packages {
        let path = dir.join(name);
        if path.exists() && !made_by_primer(&path) {
            anyhow::bail!(
                "{} exists and is not a package primer wrote; move it away or choose another folder with --output",
                path.display()
            );
        }
    }
    let mut written = Vec::new();
    for (name, bytes) in packages {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &path).with_context(|| format!("cannot write {}", path.display()))?;
        written.push((path, bytes.len()));
    }
    Ok(written)
}

/// A zip whose manifest or marker says primer made it.
fn made_by_primer(path: &std::path::Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else { return false };
    let Ok(mut archive) = zip::ZipArchive::new(file) else { return false };
    for name in ["imsmanifest.xml", offline_marker()] {
        if let Ok(mut entry) = archive.by_name(name) {
            let mut text = String::new();
            if entry.read_to_string(&mut text).is_ok() && text.contains("made by primer") {
                return true;
            }
        }
    }
    false
}

/// The file that marks an offline copy as primer's.
fn offline_marker() -> &'static str {
    "primer-offline.txt"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_static_file_that_cannot_be_read_is_an_error_at_its_path() {
        let dir = std::env::temp_dir().join(format!("primer-output-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("kept.css"), "a{}").unwrap();
        let asset = |name: &str| Asset {
            out: name.into(),
            origin: format!("static/{name}"),
            source: AssetSource::Disk(dir.join(name)),
        };
        let page = OutputFile { path: "index.html".into(), contents: Arc::from(b"<p>".as_slice()) };
        let out = Output::new(std::slice::from_ref(&page), &[asset("kept.css")]).unwrap();
        assert_eq!(out.text("kept.css"), Some("a{}"));
        assert_eq!(out.text("index.html"), Some("<p>"));
        let Err(d) = Output::new(&[page], &[asset("kept.css"), asset("gone.css")]) else { panic!("gone.css was read") };
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "static/gone.css");
        assert!(d[0].message.starts_with("cannot read file: "), "{}", d[0].message);
    }
}
