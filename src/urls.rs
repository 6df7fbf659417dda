//! URLs and output paths: slugs, pretty URLs, relative links, and the one gate
//! through which every content-derived output path passes.
//!
//! Site URLs are kept site-absolute (`/a/b/`) inside the model and made relative
//! (`../../a/b/`) only when written, so the output works under any sub-path.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

use crate::diagnostics::Diagnostic;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use unicode_normalization::UnicodeNormalization;

/// Slugify a heading or file name: NFC-normalized, lowercase, letters and digits kept
/// (any script), everything else `-`, runs collapsed, trimmed.
pub(crate) fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.nfc() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            out.push('_');
            dash = false;
        } else {
            dash = true;
        }
    }
    out
}

/// The short content hash that versions an asset's URL (`style.css?v=<hash>`): the
/// first 10 hex digits of the xxh3 of the bytes written, so a changed file gets a new
/// URL and a browser never pairs new pages with an old cached stylesheet or script.
pub(crate) fn fingerprint(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))[..10].to_string()
}

/// Whether a file's URL carries a [`fingerprint`] in a published build: what pages
/// load as stylesheets, scripts and icons (`.css`, `.js`, `.mjs`, `.svg`, `.ico`).
pub(crate) fn is_fingerprinted(path: &str) -> bool {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    ["css", "js", "mjs", "svg", "ico"].iter().any(|e| ext.eq_ignore_ascii_case(e))
}

/// Why a content-derived path was refused.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct UnsafePath(pub &'static str);

/// Check a relative output path derived from content (slug, alias, file name).
/// Refuses `..`, absolute paths, backslashes, NUL, drive letters and empty segments,
/// so nothing is ever written outside the output directory.
pub(crate) fn safe_output_path(path: &str) -> Result<String, UnsafePath> {
    if path.contains('\0') {
        return Err(UnsafePath("contains a NUL byte"));
    }
    if path.contains('\\') {
        return Err(UnsafePath("contains a backslash"));
    }
    if path.starts_with('/') {
        return Err(UnsafePath("is absolute"));
    }
    if path.len() >= 2 && path.as_bytes()[1] == b':' {
        return Err(UnsafePath("starts with a drive letter"));
    }
    for seg in path.split('/') {
        match seg {
            ".." => return Err(UnsafePath("contains `..`")),
            "." => return Err(UnsafePath("contains `.`")),
            "" => return Err(UnsafePath("contains an empty segment")),
            _ => {}
        }
    }
    Ok(path.to_string())
}

/// The longest file or folder name, in bytes (NAME_MAX on Linux and macOS; Windows
/// allows 255 UTF-16 units, which no 255-byte UTF-8 name exceeds).
pub(crate) const MAX_NAME_BYTES: usize = 255;
/// The longest path under the output folder, in bytes (the rest of PATH_MAX, 4096 on
/// Linux, is left for the output folder's own path).
pub(crate) const MAX_PATH_BYTES: usize = 2048;

/// Names Windows reserves for devices, in any case and with any extension (`con.md`).
const WINDOWS_DEVICES: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "com¹",
    "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²",
    "lpt³",
];

/// Why a file or folder name cannot exist on every system primer's output is copied to
/// (Linux, macOS, Windows), or `None` if it can.
pub(crate) fn unportable_name(name: &str) -> Option<String> {
    if name.len() > MAX_NAME_BYTES {
        return Some(format!(
            "the name `{}…` is {} bytes long; the limit is {MAX_NAME_BYTES}",
            cut(name, 40),
            name.len()
        ));
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let stem = stem.to_lowercase();
    if WINDOWS_DEVICES.contains(&stem.as_str()) {
        return Some(format!(
            "`{name}` is a device name on Windows (CON, PRN, AUX, NUL, COM0-9, LPT0-9, with any extension)"
        ));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Some(format!("`{name}` ends in a dot or a space, which Windows drops"));
    }
    if let Some(c) = name.chars().find(|c| c.is_control() || "<>:\"|?*".contains(*c)) {
        return Some(format!("`{}` contains {c:?}, which Windows does not allow in file names", name.escape_debug()));
    }
    None
}

fn cut(s: &str, chars: usize) -> String {
    s.chars().take(chars).collect()
}

/// `s` for a message: at most 60 characters, the rest as `…`.
pub(crate) fn short(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", cut(s, 59))
    } else {
        s.to_string()
    }
}

/// The form in which two paths are one file on some system: macOS and Windows compare
/// names case-insensitively, macOS also after Unicode normalization.
pub(crate) fn fold(path: &str) -> String {
    // Most paths are ASCII, where both are a plain lower-casing (and much faster).
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    path.nfc().flat_map(char::to_lowercase).nfc().collect()
}

/// One output path and who writes it, for [`check_output_space`].
#[derive(Debug, Clone, Hash)]
pub(crate) struct Claim {
    /// Relative to the output root, `/` separators.
    pub(crate) path: String,
    /// The claim is the whole folder `path/` (the search index: its file names are
    /// content hashes, known only once it is built).
    pub(crate) folder: bool,
    /// Where it comes from, relative to the site root (`content/a.md`, `site.toml`),
    /// or `(generated)`.
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) col: usize,
    /// What it is, for messages: "the page /a/", "the alias `/old/`".
    pub(crate) what: String,
}

impl Claim {
    pub(crate) fn new(path: impl Into<String>, file: impl Into<String>, line: usize, what: impl Into<String>) -> Self {
        Claim {
            path: path.into(),
            folder: false,
            file: file.into(),
            line,
            col: if line > 0 { 1 } else { 0 },
            what: what.into(),
        }
    }

    fn describe(&self) -> String {
        match self.line {
            _ if !self.authored() => format!("{} {}", self.what, self.file),
            0 => format!("{} ({})", self.what, self.file),
            l => format!("{} ({}:{l})", self.what, self.file),
        }
    }

    fn authored(&self) -> bool {
        !self.file.starts_with('(')
    }
}

/// The one check of the whole output: every path written by a build (pages, sections,
/// aliases, taxonomy pages, generated files, the search index, static and theme files).
///
/// Errors, each reported once with every party named:
/// * two claims on one path, also when the paths differ only by case or Unicode
///   normalization (one file on macOS and Windows), and a file where another claim
///   needs a folder (`sitemap.xml` and `sitemap.xml/index.html`);
/// * names that cannot exist on Windows (device names, trailing dots or spaces,
///   reserved characters), names over [`MAX_NAME_BYTES`] and paths over [`MAX_PATH_BYTES`].
///
/// Source file names are checked before, by [`check_source_names`].
pub(crate) fn check_output_space(claims: &[Claim]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let space = Space::map(claims, &mut diags);
    let reported = space.report_files(&mut diags);
    space.report_folders(&reported, &mut diags);
    diags
}

/// The output paths claims need, folded for case and normalization.
struct Space<'c> {
    /// Folded path → the claims on it.
    files: HashMap<String, Vec<&'c Claim>>,
    /// Folded folder path → its spellings, each with the first claim that needs it.
    folders: HashMap<String, Vec<(&'c str, &'c Claim)>>,
    /// Folded folders claimed as a whole → the claim, and the claims inside them.
    reserved: HashMap<String, Vec<&'c Claim>>,
}

impl<'c> Space<'c> {
    /// Every claim's file and folders; a path no file system can hold is an error here.
    fn map(claims: &'c [Claim], diags: &mut Vec<Diagnostic>) -> Self {
        let mut space = Space {
            files: HashMap::with_capacity(claims.len()),
            folders: HashMap::new(),
            reserved: claims.iter().filter(|c| c.folder).map(|c| (fold(&c.path), vec![c])).collect(),
        };
        for c in claims {
            if let Some(problem) = path_problem(&c.path) {
                diags.push(
                    Diagnostic::error(
                        &c.file,
                        c.line,
                        c.col,
                        format!("{} cannot be written to `{}`: {problem}", c.what, short(&c.path)),
                    )
                    .with_hint("choose a shorter or plainer name (change the file name or its `slug`)"),
                );
                continue;
            }
            space.add(c);
        }
        space
    }

    fn add(&mut self, c: &'c Claim) {
        let key = fold(&c.path);
        let folders = &mut self.folders;
        let mut spell = |folded: &str, raw: &'_ str| match folders.get_mut(folded) {
            Some(list) if list.iter().any(|(s, _)| *s == raw) => {}
            Some(list) => list.push((&c.path[..raw.len()], c)),
            None => {
                folders.insert(folded.to_string(), vec![(&c.path[..raw.len()], c)]);
            }
        };
        // Folding ASCII keeps byte offsets, so folded ancestors are prefixes of `key`.
        let same_offsets = key.len() == c.path.len() && c.path.is_ascii();
        for (i, _) in c.path.match_indices('/') {
            let folded: std::borrow::Cow<str> = if same_offsets { key[..i].into() } else { fold(&c.path[..i]).into() };
            spell(&folded, &c.path[..i]);
            if !c.folder {
                if let Some(inside) = self.reserved.get_mut(&*folded) {
                    inside.push(c);
                }
            }
        }
        if c.folder {
            spell(&key, &c.path);
        } else {
            self.files.entry(key).or_default().push(c);
        }
    }

    /// Two claims on one file, a file where a folder must be, claims inside a folder
    /// claimed whole. Returns the claims named.
    fn report_files(&self, diags: &mut Vec<Diagnostic>) -> Vec<&'c Claim> {
        let mut reported: Vec<&Claim> = Vec::new();
        let mut clashing: Vec<(&String, &Vec<&Claim>)> =
            self.files.iter().filter(|(k, v)| v.len() > 1 || self.folders.contains_key(*k)).collect();
        clashing.sort_by(|a, b| a.0.cmp(b.0));
        for (key, list) in clashing {
            let mut list = list.clone();
            let clash = match self.folders.get(key) {
                // A file where a folder must be.
                Some(spellings) => {
                    list.extend(spellings.iter().map(|(_, c)| *c));
                    Clash::FileAndFolder(list[0].path.as_str())
                }
                None => Clash::Paths,
            };
            reported.extend(list.iter().copied());
            diags.push(collision(&list, clash));
        }
        let mut inside: Vec<&Vec<&Claim>> = self.reserved.values().filter(|v| v.len() > 1).collect();
        inside.sort_by(|a, b| a[0].path.cmp(&b[0].path));
        for list in inside {
            reported.extend(list.iter().copied());
            diags.push(collision(list, Clash::Inside(&list[0].path)));
        }
        reported
    }

    /// A folder spelled two ways (one folder on macOS and Windows), unless the claims
    /// under it were already named (`reported`): that is not a second collision.
    fn report_folders(&self, reported: &[&Claim], diags: &mut Vec<Diagnostic>) {
        let mut split: Vec<&String> = self.folders.iter().filter(|(_, s)| s.len() > 1).map(|(k, _)| k).collect();
        split.sort();
        let split_set: HashSet<&str> = split.iter().map(|k| k.as_str()).collect();
        for key in split {
            if ancestors(key).any(|a| split_set.contains(a)) {
                continue;
            }
            let mut spellings = self.folders[key].clone();
            spellings.sort_by(|a, b| a.0.cmp(b.0));
            // Already said, if a reported collision has a party under each spelling.
            let said = |spelling: &str| {
                let under = format!("{spelling}/");
                reported.iter().any(|c| c.path.starts_with(&under))
            };
            if spellings.iter().all(|(s, _)| said(s)) {
                continue;
            }
            let list: Vec<&Claim> = spellings.iter().map(|(_, c)| *c).collect();
            diags.push(collision(&list, Clash::Paths));
        }
    }
}

fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
}

/// The first reason `path` cannot be written everywhere, if any.
fn path_problem(path: &str) -> Option<String> {
    if let Err(e) = safe_output_path(path) {
        return Some(format!("the path {}", e.0));
    }
    if path.len() > MAX_PATH_BYTES {
        return Some(format!("the path is {} bytes long; the limit is {MAX_PATH_BYTES}", path.len()));
    }
    path.split('/').find_map(unportable_name)
}

/// How claims clash, for the message.
enum Clash<'a> {
    /// One path, or paths that differ only by case or normalization.
    Paths,
    /// This path is a file for some and a folder for others.
    FileAndFolder(&'a str),
    /// Something is written inside a folder reserved as a whole.
    Inside(&'a str),
}

fn collision(list: &[&Claim], clash: Clash<'_>) -> Diagnostic {
    let mut list: Vec<&Claim> = list.to_vec();
    // Authored parties first: the error is shown at the first of them.
    list.sort_by_key(|c| (!c.authored(), c.file == crate::config::CONFIG_FILE));
    let mut paths: Vec<&str> = list.iter().map(|c| c.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let names = list.iter().map(|c| c.describe()).collect::<Vec<_>>().join(", ");
    let first = list[0];
    let message = match clash {
        Clash::Paths if paths.len() == 1 => format!("{} things are written to `{}`: {names}", list.len(), paths[0]),
        Clash::Paths => {
            let shown = paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" and ");
            format!("{shown} differ only by case or Unicode normalization, so they are one file on macOS and Windows: {names}")
        }
        Clash::FileAndFolder(p) => format!("`{p}` is needed both as a file and as a folder: {names}"),
        Clash::Inside(p) => format!("`{p}/` belongs to one writer as a whole, but more write into it: {names}"),
    };
    Diagnostic::error(&first.file, first.line, first.col, message)
        .with_hint("give each its own path: rename a file or folder, change a `slug`, or drop an alias")
}

/// Source file names (relative to the site root): names that cannot exist on every
/// system, and files or folders whose names differ only by case or Unicode
/// normalization (one name on macOS and Windows). Returns the files to leave out: the
/// unportable ones, and of colliding names all but the first spelling's.
pub(crate) fn check_source_names(sources: &[String], diags: &mut Vec<Diagnostic>) -> HashSet<String> {
    let mut bad = HashSet::new();
    // Folded path (files and folders) → spellings → a file under it.
    let mut names: HashMap<String, BTreeMap<&str, &str>> = HashMap::new();
    for src in sources {
        // `.` and `..` only lead there (a theme allowed outside the site): not names.
        if let Some(problem) = src.split('/').filter(|c| *c != "." && *c != "..").find_map(unportable_name) {
            diags.push(
                Diagnostic::error(src, 0, 0, format!("this file cannot be checked out on every system: {problem}"))
                    .with_hint("rename the file or folder (see \"File names\" in docs/authoring.md)"),
            );
            bad.insert(src.clone());
            continue;
        }
        for (i, _) in src.match_indices('/').chain(std::iter::once((src.len(), ""))) {
            names.entry(fold(&src[..i])).or_default().entry(&src[..i]).or_insert(src);
        }
    }
    let split: BTreeSet<&String> = names.iter().filter(|(_, s)| s.len() > 1).map(|(k, _)| k).collect();
    for key in &split {
        if ancestors(key).any(|a| split.contains(&a.to_string())) {
            continue;
        }
        let spellings = &names[*key];
        let shown = spellings.keys().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" and ");
        // Shown at the first file left out (the first spelling stays in the build).
        let files: Vec<&str> = spellings.values().copied().collect();
        diags.push(
            Diagnostic::error(*files.get(1).unwrap_or(&files[0]), 0, 0, format!("{shown} differ only by case or Unicode normalization; on macOS and Windows they are one name, so one would replace the other"))
                .with_hint("rename one of them"),
        );
        let keep = spellings.keys().next().copied().unwrap_or("");
        let keep_under = format!("{keep}/");
        for (_, under) in names.iter().filter(|(k, _)| *k == *key || k.starts_with(&format!("{key}/"))) {
            for (spelling, file) in under {
                if *spelling != keep && !spelling.starts_with(&keep_under) {
                    bad.insert(file.to_string());
                }
            }
        }
    }
    bad
}

/// The output file for a pretty site URL: `/a/b/` → `a/b/index.html`, `/` → `index.html`.
pub(crate) fn url_to_output(url: &str) -> Result<String, UnsafePath> {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        return Ok("index.html".into());
    }
    safe_output_path(&format!("{trimmed}/index.html"))
}

/// A relative link from the page at site URL `from` (a directory URL ending in `/`)
/// to site URL `to`. Both are site-absolute.
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from_dirs: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let (to_path, suffix) = split_suffix(to);
    let to_segs: Vec<&str> = to_path.split('/').filter(|s| !s.is_empty()).collect();
    let to_is_dir = to_path.ends_with('/');
    // Directories of the target: all segments for a directory URL, all but the last for a file.
    let to_dirs = if to_is_dir { &to_segs[..] } else { &to_segs[..to_segs.len().saturating_sub(1)] };
    let common = from_dirs.iter().zip(to_dirs).take_while(|(a, b)| a == b).count();
    let mut out = "../".repeat(from_dirs.len() - common);
    for s in &to_segs[common..] {
        out.push_str(s);
        out.push('/');
    }
    if !to_is_dir && out.ends_with('/') && !to_segs.is_empty() && to_segs.len() > common {
        out.pop();
    }
    if out.is_empty() {
        out.push_str("./");
    }
    out.push_str(suffix);
    out
}

fn split_suffix(url: &str) -> (&str, &str) {
    match url.find(['#', '?']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    }
}

/// The prefix that leads from the page at `url` back to the site root (`./`, `../../`).
pub(crate) fn root_prefix(url: &str) -> String {
    let depth = url.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// True for links primer leaves alone: schemes (`https:`, `mailto:`) and `//host`.
pub(crate) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
                && scheme != "term"
        }
        None => false,
    }
}

/// Normalize `a/./b/../c` style paths; `None` if it climbs above the root.
pub(crate) fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

/// Percent-decode a link destination (authors may write `%20`).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// A URL segment from a file or folder name: kept if plain, slugified otherwise;
/// `None` if no letter or digit is left to make one from (`..`, `🎉`, spaces).
pub(crate) fn url_segment(s: &str) -> Option<String> {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        Some(s.to_string())
    } else {
        Some(slugify(s)).filter(|slug| !slug.is_empty())
    }
}

/// The URL id of a taxonomy term; empty if the name has no letter or digit.
pub(crate) fn term_id(name: &str) -> String {
    url_segment(&slugify(name)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_letters_of_any_script_and_collapses_the_rest() {
        assert_eq!(slugify("Layer 2: Can blockchain add value?"), "layer-2-can-blockchain-add-value");
        assert_eq!(slugify("  Hello,  World!  "), "hello-world");
        assert_eq!(slugify("区块链 简介"), "区块链-简介");
        assert_eq!(slugify("snake_case"), "snake_case");
    }

    #[test]
    fn unsafe_output_paths_are_refused() {
        assert!(safe_output_path("../etc/passwd").is_err());
        assert!(safe_output_path("/etc/passwd").is_err());
        assert!(safe_output_path("a\\b").is_err());
        assert!(safe_output_path("a\0b").is_err());
        assert!(safe_output_path("a//b").is_err());
        assert!(safe_output_path("C:/x").is_err());
        assert_eq!(safe_output_path("a/b/index.html"), Ok("a/b/index.html".into()));
    }

    #[test]
    fn names_windows_cannot_hold_are_refused_in_any_case_and_with_any_extension() {
        for bad in
            ["con", "CON", "Aux.html", "nul.tar.gz", "com1", "LPT9.txt", "com¹", "a.", "a ", "a:b", "what?", "a\u{1}"]
        {
            assert!(unportable_name(bad).is_some(), "{bad}");
        }
        for good in ["console", "auxiliary.txt", "com10", "nullable", "a.b", "café", "区块链"] {
            assert_eq!(unportable_name(good), None, "{good}");
        }
        assert!(unportable_name(&"x".repeat(256)).is_some());
        assert_eq!(unportable_name(&"x".repeat(255)), None);
    }

    #[test]
    fn fold_makes_case_and_normalization_variants_equal() {
        assert_eq!(fold("Guide/Caf\u{e9}"), fold("guide/CAFE\u{301}"));
        assert_ne!(fold("guide/a"), fold("guide/b"));
    }

    #[test]
    fn one_error_per_collision_with_every_party() {
        let claims = vec![
            Claim::new("a/index.html", "content/a.md", 1, "the page /a/"),
            Claim::new("A/index.html", "content/b.md", 3, "the alias `/A/`"),
            Claim::new("a/index.html", "(generated)", 0, "a generated page"),
            Claim::new("b.xml", "(generated)", 0, "a file"),
            Claim::new("b.xml/index.html", "content/c.md", 2, "the page /b.xml/"),
            Claim::new("ok/index.html", "content/ok.md", 1, "the page /ok/"),
        ];
        let d = check_output_space(&claims);
        assert_eq!(d.len(), 2, "{d:#?}");
        assert_eq!(d[0].path, "content/a.md");
        for party in ["content/a.md:1", "content/b.md:3", "a generated page"] {
            assert!(d[0].message.contains(party), "{}", d[0].message);
        }
        assert!(d[1].message.starts_with("`b.xml` is needed both as a file and as a folder"), "{}", d[1].message);
    }

    #[test]
    fn relative_links_between_pretty_urls() {
        assert_eq!(relative("/a/b/", "/c/"), "../../c/");
        assert_eq!(relative("/a/b/", "/a/c/"), "../c/");
        assert_eq!(relative("/", "/a/"), "a/");
        assert_eq!(relative("/a/", "/"), "../");
        assert_eq!(relative("/", "/"), "./");
        assert_eq!(relative("/a/b/", "/a/b/"), "./");
        assert_eq!(relative("/a/b/", "/a/b/#x"), "./#x");
        assert_eq!(relative("/a/b/", "/a/img.png"), "../img.png");
        assert_eq!(relative("/a/b/c/", "/x/y/z/#h"), "../../../x/y/z/#h");
    }

    #[test]
    fn external_links_are_recognized() {
        assert!(is_external("https://un.org"));
        assert!(is_external("mailto:a@b"));
        assert!(!is_external("../a.md"));
        assert!(!is_external("term:ledger"));
        assert!(!is_external("a/b:c.md"));
    }

    #[test]
    fn normalize_refuses_climbing_above_root() {
        assert_eq!(normalize("a/./b/../c"), Some("a/c".into()));
        assert_eq!(normalize("../a"), None);
    }
}
