//! URLs and output paths: slugs, pretty URLs, relative links, and the one gate
//! through which every content-derived output path passes.
//!
//! Site URLs are kept site-absolute (`/a/b/`) inside the model and made relative
//! (`../../a/b/`) only when written, so the output works under any sub-path.

/// Slugify a heading or file name: lowercase, letters and digits kept (any script),
/// everything else `-`, runs collapsed, trimmed.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
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

/// Why a content-derived path was refused.
#[derive(Debug, PartialEq, Eq)]
pub struct UnsafePath(pub &'static str);

/// Check a relative output path derived from content (slug, alias, file name).
/// Refuses `..`, absolute paths, backslashes, NUL, drive letters and empty segments,
/// so nothing is ever written outside the output directory.
pub fn safe_output_path(path: &str) -> Result<String, UnsafePath> {
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

/// The output file for a pretty site URL: `/a/b/` → `a/b/index.html`, `/` → `index.html`.
pub fn url_to_output(url: &str) -> Result<String, UnsafePath> {
    let trimmed = url.trim_matches('/');
    if trimmed.is_empty() {
        return Ok("index.html".into());
    }
    safe_output_path(&format!("{trimmed}/index.html"))
}

/// A relative link from the page at site URL `from` (a directory URL ending in `/`)
/// to site URL `to`. Both are site-absolute.
pub fn relative(from: &str, to: &str) -> String {
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
pub fn root_prefix(url: &str) -> String {
    let depth = url.split('/').filter(|s| !s.is_empty()).count();
    if depth == 0 {
        "./".into()
    } else {
        "../".repeat(depth)
    }
}

/// True for links primer leaves alone: schemes (`https:`, `mailto:`) and `//host`.
pub fn is_external(dest: &str) -> bool {
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
pub fn normalize(path: &str) -> Option<String> {
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
pub fn percent_decode(s: &str) -> String {
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
