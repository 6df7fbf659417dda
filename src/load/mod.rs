//! Load: the only stage that reads user files.
//!
//! Walks `content/`, `static/`, the theme and `templates/` (walkdir), reads markdown,
//! data files and templates into memory, and lists assets to copy. Symlinks that
//! leave the site are skipped with a warning; a theme whose folder lies outside the
//! site is refused unless `allow_theme_outside_site = true`. Nothing here interprets
//! content.
//!
//! A stage (the dependency rule is in `lib.rs`): imports the model, the cross-cutting
//! modules and engines, never another stage.

mod git;
use crate::diagnostics::Diagnostic;
use crate::model::{Asset, AssetSource, SourceFile, SourceSet, StringsFile, TemplateFile, STAMPS_FILE};
use include_dir::{include_dir, Dir};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// The built-in default theme, so `primer init` sites build with no theme folder.
static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Read `site.toml`; `None` with a diagnostic if missing.
pub(crate) fn read_config(root: &Path) -> Result<String, Diagnostic> {
    let path = root.join(crate::config::CONFIG_FILE);
    std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(crate::config::CONFIG_FILE, 0, 0, format!("cannot read {}: {e}", path.display()))
            .with_hint("run primer in the site's folder, pass --root DIR, or create a site with `primer init DIR`")
    })
}

/// Load content, static files, theme and templates. `output_dir` is skipped if inside the root.
///
/// Texts come through `cache` (the dev server keeps unchanged files' texts between
/// builds); symlinked files are always read, since a change to their target is
/// reported under the target's path.
pub(crate) fn load(
    root: &Path,
    (config_text, config): (&str, &crate::config::SiteConfig),
    output_dir: &Path,
    minify: bool,
    cache: &dyn TextSource,
) -> SourceSet {
    let mut set = SourceSet { root: root.to_path_buf(), ..Default::default() };
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let skip = output_dir.canonicalize().ok();
    load_theme(&mut set, root, &canon_root, (config, config_text), cache);
    if minify {
        // Every asset so far is the theme's (the site's own static files come next).
        set.assets.par_iter_mut().for_each(minified);
    }
    for f in walk(&mut set, &canon_root, &root.join("templates"), skip.as_deref()) {
        if let Ok(text) = read_text(&mut set, &f, cache) {
            set.templates.push(TemplateFile { name: f.rel, origin: f.display, text });
        }
    }
    set.stamps = std::fs::read_to_string(root.join(STAMPS_FILE)).ok();
    for f in walk(&mut set, &canon_root, &root.join("i18n"), skip.as_deref()) {
        if let (Some(code), Ok(text)) =
            (f.rel.strip_suffix(".toml").map(str::to_string), read_text(&mut set, &f, cache))
        {
            set.strings.push(StringsFile { code, origin: f.display, text, site: true });
        }
    }
    for f in walk(&mut set, &canon_root, &root.join("static"), skip.as_deref()) {
        set.assets.push(Asset { out: f.rel, origin: f.display, source: AssetSource::Disk(f.path) });
    }
    let content = walk(&mut set, &canon_root, &root.join("content"), skip.as_deref());
    let (text_files, other): (Vec<Found>, Vec<Found>) =
        content.into_iter().partition(|f| [".md", ".yaml", ".yml"].iter().any(|e| f.rel.ends_with(e)));
    // Reading a thousand files one by one is a visible part of a rebuild: read in parallel.
    let texts: Vec<_> = text_files.par_iter().map(|f| cached_read(f, cache)).collect();
    for (f, text) in text_files.into_iter().zip(texts) {
        match text {
            Ok(text) if f.rel.ends_with(".md") => set.markdown.push(SourceFile { rel: f.rel, text }),
            Ok(text) => {
                set.data.insert(f.rel, text.to_string());
            }
            Err(e) => set.diagnostics.push(unreadable(&f.display, &e)),
        }
    }
    for f in other {
        set.assets.push(Asset { out: f.rel, origin: f.display, source: AssetSource::Disk(f.path) });
    }
    set.markdown.sort_by(|a, b| a.rel.cmp(&b.rel));
    if config.repository.last_updated == crate::config::LastUpdated::Git {
        match git::commit_dates(root) {
            Ok(dates) => set.commit_dates = dates,
            Err(d) => set.diagnostics.push(*d),
        }
    }
    set
}

/// A theme's stylesheet or script, minified (comments and spaces out: the default
/// theme's pages stay under 100 KB); anything else, or a file the minifier refuses or
/// that cannot be read, is left as it is.
fn minified(asset: &mut Asset) {
    let css = asset.out.ends_with(".css");
    if !css && !asset.out.ends_with(".js") {
        return;
    }
    let bytes: std::borrow::Cow<'_, [u8]> = match &asset.source {
        AssetSource::Disk(p) => match std::fs::read(p) {
            Ok(b) => b.into(),
            Err(_) => return,
        },
        AssetSource::Embedded(b) => (*b).into(),
        AssetSource::Made(_) => return,
    };
    let Ok(text) = std::str::from_utf8(&bytes) else { return };
    let small = if css {
        match minifier::css::minify(text) {
            Ok(m) => m.to_string(),
            Err(_) => return,
        }
    } else {
        minifier::js::minify(text).to_string()
    };
    if small.len() < text.len() {
        asset.source = AssetSource::Made(small.into_bytes().into());
    }
}

/// The version of each asset's URL, by output path (see [`crate::urls::fingerprint`]):
/// with `fingerprint`, the hash of the bytes written for the stylesheets, scripts and
/// icons ([`crate::urls::is_fingerprinted`]); empty for every other file, for a file
/// that cannot be read (the write reports it), and for every file without `fingerprint`.
pub(crate) fn asset_versions(assets: &[Asset], fingerprint: bool) -> std::collections::BTreeMap<String, String> {
    assets
        .par_iter()
        .map(|a| {
            let hash = if fingerprint && crate::urls::is_fingerprinted(&a.out) {
                match &a.source {
                    AssetSource::Disk(p) => std::fs::read(p).map(|b| crate::urls::fingerprint(&b)).unwrap_or_default(),
                    AssetSource::Embedded(b) => crate::urls::fingerprint(b),
                    AssetSource::Made(b) => crate::urls::fingerprint(b),
                }
            } else {
                String::new()
            };
            (a.out.clone(), hash)
        })
        .collect()
}

/// The folder of a theme on disk: `themes/<theme>` (an absolute `theme` replaces the
/// whole path). Also used by the dev server to watch it.
pub(crate) fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

/// Where the theme's folder really is, when it lies outside the site (through `../`,
/// an absolute path or a symbolic link); `None` when it is inside or does not exist.
pub(crate) fn theme_outside(canon_root: &Path, dir: &Path) -> Option<PathBuf> {
    let canon = dir.canonicalize().ok()?;
    (!canon.starts_with(canon_root)).then_some(canon)
}

fn load_theme(
    set: &mut SourceSet,
    root: &Path,
    canon_root: &Path,
    (config, config_text): (&crate::config::SiteConfig, &str),
    cache: &dyn TextSource,
) {
    let theme = config.theme.as_str();
    let dir = theme_dir(root, theme);
    if dir.is_dir() {
        let canon = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if let Some(real) = theme_outside(canon_root, &dir).filter(|_| !config.allow_theme_outside_site) {
            // Refused as a symlink out of content/ is: nothing outside the site is read
            // unless site.toml says so.
            let (line, col) = crate::config::theme_position(config_text);
            let mut d = Diagnostic::error(
                crate::config::CONFIG_FILE,
                line,
                col,
                format!(
                    "theme `{theme}` is outside the site: {} is {}; its files would be copied into the output",
                    display(root, &dir),
                    real.display()
                ),
            )
            .with_hint(
                "copy the theme into themes/ (a folder, not a symbolic link), or, if you trust every file in it, \
                 add `allow_theme_outside_site = true` to site.toml",
            );
            if line > 0 {
                d = d.with_source(config_text, theme.chars().count() + 2);
            }
            set.diagnostics.push(d);
            // The build fails on the error above; the built-in theme stands in so that
            // the rest of the build reports its own problems, not missing templates.
            load_embedded(set, &DEFAULT_THEME);
            return;
        }
        for f in walk(set, &canon, &dir.join("templates"), None) {
            if let Ok(text) = read_text(set, &f, cache) {
                set.templates.push(TemplateFile { name: f.rel, origin: f.display, text });
            }
        }
        for f in walk(set, &canon, &dir.join("i18n"), None) {
            if let (Some(code), Ok(text)) = (f.rel.strip_suffix(".toml").map(str::to_string), read_text(set, &f, cache))
            {
                set.strings.push(StringsFile { code, origin: f.display, text, site: false });
            }
        }
        for f in walk(set, &canon, &dir.join("static"), None) {
            set.assets.push(Asset { out: f.rel, origin: f.display, source: AssetSource::Disk(f.path) });
        }
    } else if theme == "default" {
        load_embedded(set, &DEFAULT_THEME);
    } else {
        let (line, col) = crate::config::theme_position(config_text);
        set.diagnostics.push(
            Diagnostic::error(
                crate::config::CONFIG_FILE,
                line,
                col,
                format!("theme `{theme}` not found in themes/{theme}/"),
            )
            .with_hint("create the theme folder, or use the built-in theme: theme = \"default\""),
        );
        load_embedded(set, &DEFAULT_THEME);
    }
}

fn load_embedded(set: &mut SourceSet, dir: &'static Dir<'static>) {
    let mut stack = vec![dir];
    let mut files = Vec::new();
    while let Some(d) = stack.pop() {
        for entry in d.entries() {
            match entry {
                include_dir::DirEntry::Dir(sub) => stack.push(sub),
                include_dir::DirEntry::File(f) => files.push(f),
            }
        }
    }
    files.sort_by_key(|f| f.path());
    for file in files {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(name) = path.strip_prefix("templates/") {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            set.templates.push(TemplateFile { name: name.to_string(), origin: format!("(built-in)/{path}"), text });
        } else if let Some(code) = path.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".toml")) {
            let text = String::from_utf8_lossy(file.contents()).into_owned();
            set.strings.push(StringsFile {
                code: code.to_string(),
                origin: format!("(built-in)/{path}"),
                text,
                site: false,
            });
        } else if let Some(name) = path.strip_prefix("static/") {
            set.assets.push(Asset {
                out: name.to_string(),
                origin: format!("(built-in)/{path}"),
                source: AssetSource::Embedded(file.contents()),
            });
        }
    }
}

struct Found {
    /// Relative to the walked folder, `/` separators.
    rel: String,
    /// Relative to the site root, for messages.
    display: String,
    path: PathBuf,
    /// Reached through a symbolic link.
    symlink: bool,
}

/// Files under `dir` (sorted, hidden and editor temp files skipped, symlinks out of `root` refused).
fn walk(set: &mut SourceSet, root: &Path, dir: &Path, skip: Option<&Path>) -> Vec<Found> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    let walker = WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter();
    // The output folder is left out as a whole: only folders are compared with it
    // (canonicalizing every file would cost a realpath per file).
    let is_output = |e: &walkdir::DirEntry| {
        e.file_type().is_dir() && skip.is_some_and(|s| e.path().canonicalize().is_ok_and(|p| p == s))
    };
    let walker = walker.filter_entry(|e| !is_ignored(e.file_name().to_string_lossy().as_ref()) && !is_output(e));
    // Paths below `dir` start with it: cut strings instead of parsing path components.
    let dir_text = dir.to_string_lossy().into_owned();
    let dir_display = display(&set.root, dir);
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                set.diagnostics.push(Diagnostic::error(display(&set.root, dir), 0, 0, format!("cannot read: {e}")));
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let is_file = if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if skip.is_some_and(|s| target.starts_with(s)) => continue,
                Ok(target) if target.starts_with(root) => target.is_file(),
                resolved => {
                    let (message, hint) = match resolved {
                        Ok(_) => (
                            "symlink leads outside the site; skipped".to_string(),
                            "copy the file into the site instead of linking to it",
                        ),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => (
                            "symlink points to nothing (its target does not exist); skipped".to_string(),
                            "remove the link or restore the file it points to",
                        ),
                        Err(e) if e.raw_os_error() == Some(if cfg!(target_os = "macos") { 62 } else { 40 }) => (
                            "symbolic link loop (the link leads back to itself); skipped".to_string(),
                            "remove the link, or point it at a file",
                        ),
                        Err(e) => {
                            (format!("symlink cannot be followed ({e}); skipped"), "check the link and its target")
                        }
                    };
                    set.diagnostics.push(Diagnostic::warning(display(&set.root, &path), 0, 0, message).with_hint(hint));
                    continue;
                }
            }
        } else {
            entry.file_type().is_file()
        };
        if !is_file {
            continue;
        }
        let full = path.to_string_lossy();
        let (rel, shown) = match full.strip_prefix(dir_text.as_str()).and_then(|r| r.strip_prefix(['/', '\\'])) {
            Some(r) => {
                let rel = r.replace('\\', "/");
                let shown = if dir_display.is_empty() { rel.clone() } else { format!("{dir_display}/{rel}") };
                (rel, shown)
            }
            None => (
                path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/"),
                display(&set.root, &path),
            ),
        };
        out.push(Found { rel, display: shown, path, symlink: entry.path_is_symlink() });
    }
    out
}

/// Hidden files, editor swap/backup/temp files.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
        || name == "4913"
}

fn read_text(set: &mut SourceSet, f: &Found, cache: &dyn TextSource) -> Result<String, ()> {
    cached_read(f, cache).map(|t| t.to_string()).map_err(|e| set.diagnostics.push(unreadable(&f.display, &e)))
}

/// Why a text file could not be read.
#[derive(Debug)]
pub(crate) enum ReadError {
    Io(std::io::Error),
    /// Not UTF-8: the first bad byte's offset, line and column (1-based; the column
    /// counts the characters before it on its line).
    /// `byte` is the bad byte, `None` when the file ends inside a character.
    Utf8 {
        offset: usize,
        line: usize,
        col: usize,
        byte: Option<u8>,
    },
}

/// Read a file as UTF-8 text; an invalid byte is located by offset, line and column.
pub(crate) fn read_utf8(path: &Path) -> Result<String, ReadError> {
    let bytes = std::fs::read(path).map_err(ReadError::Io)?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let offset = e.utf8_error().valid_up_to();
        // The bytes before `offset` are valid UTF-8, so lines and columns can be counted there.
        let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or("");
        let (line, col) = crate::diagnostics::position(valid, valid.len());
        // No error length: the file ends inside a character.
        let byte = e.utf8_error().error_len().and_then(|_| bytes.get(offset).copied());
        ReadError::Utf8 { offset, line, col, byte }
    })
}

/// Where `load` gets a file's text from: the disk each time (a one-off build), or a
/// store that keeps unchanged texts between builds (the dev server's incremental
/// layer, which is told which files changed). The texts are shared: the documents
/// and pages made from a file keep its one `Arc<str>`.
pub(crate) trait TextSource: Sync {
    /// The text of the file at `rel` (relative to the site root), read by `read` if the
    /// store does not hold it.
    fn text(&self, rel: &str, read: &dyn Fn() -> Result<String, ReadError>) -> Result<Arc<str>, ReadError>;
    /// A text read outside the store (behind a symlink, where the watcher cannot see
    /// changes).
    fn shared(&self, text: String) -> Arc<str>;
}

/// A file's text.
fn cached_read(f: &Found, cache: &dyn TextSource) -> Result<Arc<str>, ReadError> {
    if f.symlink {
        read_utf8(&f.path).map(|t| cache.shared(t))
    } else {
        cache.text(&f.display, &|| read_utf8(&f.path))
    }
}

fn unreadable(display: &str, e: &ReadError) -> Diagnostic {
    match e {
        ReadError::Io(e) => Diagnostic::error(display, 0, 0, format!("cannot read file: {e}")),
        ReadError::Utf8 { offset, line, col, byte } => {
            let what = match byte {
                Some(b) => format!("byte 0x{b:02X}"),
                None => "an incomplete character at the end".into(),
            };
            Diagnostic::error(
                display,
                *line,
                *col,
                format!("the file is not valid UTF-8: {what} at byte offset {offset} (line {line}, column {col})"),
            )
            .with_hint("content files must be UTF-8 text; save the file as UTF-8 in your editor")
        }
    }
}

fn display(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}
