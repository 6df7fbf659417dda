//! URLs and output paths: slugs, pretty URLs, relative links, and the one gate
//! through which every content-derived output path passes.
//!
//! Site URLs are kept site-absolute (`/a/b/`) inside the model and made relative
//! (`../../a/b/`) only when written, so the output works under any sub-path.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports only the other
//! cross-cutting modules.

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

/// The folders above `path`, nearest to the root first (`a/b/c` → `a`, `a/b`).
pub(crate) fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.match_indices('/').map(move |(i, _)| &path[..i])
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
