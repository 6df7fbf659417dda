//! The test harness: a fixture site copied into a temporary folder, the real
//! `primer` binary run on it, and helpers to inspect what it wrote.

use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// The folder that holds the fixture sites.
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("fixtures")
}

/// A site in a temporary folder (deleted when dropped).
pub struct SiteTest {
    tmp: TempDir,
    root: PathBuf,
}

/// What a run of the binary returned.
#[derive(Debug)]
pub struct Run {
    /// The exit code; `None` if the process was killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl SiteTest {
    /// Copy `tests/fixtures/<fixture>` (e.g. `"links/rewrite"`) into a new temporary folder.
    pub fn new(fixture: &str) -> Self {
        let src = fixtures_dir().join(fixture);
        assert!(src.join("site.toml").is_file(), "fixture {fixture} has no site.toml at {}", src.display());
        let t = Self::empty();
        copy_dir(&src, &t.root);
        t
    }

    /// An empty temporary folder; the site root is `<tmp>/site` (not created).
    pub fn empty() -> Self {
        let tmp = tempfile::Builder::new().prefix("primer-suite-").tempdir().unwrap();
        let root = tmp.path().join("site");
        SiteTest { tmp, root }
    }

    /// The site's root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder that contains the site root (a place for extra output folders).
    pub fn scratch(&self) -> &Path {
        self.tmp.path()
    }

    /// The default output folder, `<root>/public`.
    pub fn public(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Write (create or replace) a file of the site, creating its folders.
    pub fn write(&self, rel: &str, contents: &str) -> &Self {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        self
    }

    /// Change a file of the site with `f`; the change must do something.
    pub fn modify(&self, rel: &str, f: impl FnOnce(&str) -> String) -> &Self {
        let path = self.root.join(rel);
        let old = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let new = f(&old);
        assert_ne!(old, new, "modify({rel}) changed nothing");
        std::fs::write(&path, new).unwrap();
        self
    }

    /// Replace the one occurrence of `from` in a file of the site with `to`.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Self {
        self.modify(rel, |s| {
            assert_eq!(s.matches(from).count(), 1, "`{from}` must occur exactly once in {rel}");
            s.replace(from, to)
        })
    }

    /// Delete a file of the site.
    pub fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root.join(rel)).unwrap();
        self
    }

    /// `primer build --root <root>`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `primer build --root <root> <extra…>`.
    pub fn build_with(&self, extra: &[&str]) -> Run {
        let root = self.root.to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", root.as_str()];
        args.extend_from_slice(extra);
        primer(&args, self.scratch())
    }

    /// `primer check --root <root> <extra…>`.
    pub fn check_with(&self, extra: &[&str]) -> Run {
        let root = self.root.to_string_lossy().into_owned();
        let mut args = vec!["check", "--root", root.as_str()];
        args.extend_from_slice(extra);
        primer(&args, self.scratch())
    }

    /// Path of an output file under `public/`.
    pub fn out(&self, rel: &str) -> PathBuf {
        self.public().join(rel)
    }

    /// True if `public/<rel>` exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.out(rel).exists()
    }

    /// The text of `public/<rel>`.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read output {}: {e}", path.display()))
    }

    /// `public/<rel>` parsed as an HTML document.
    pub fn html(&self, rel: &str) -> Page {
        Page { rel: rel.to_string(), doc: Html::parse_document(&self.read(rel)) }
    }
}

/// Run the primer binary with `args` in `cwd`.
pub fn primer(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_primer"))
        .args(args)
        .current_dir(cwd)
        .env_remove("PRIMER_TIMINGS")
        .output()
        .unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

impl Run {
    fn describe(&self) -> String {
        format!("exit code {:?}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.stdout, self.stderr)
    }

    /// Exit code 0.
    #[track_caller]
    pub fn success(&self) -> &Self {
        assert_eq!(self.code, Some(0), "expected success\n{}", self.describe());
        self
    }

    /// Exit code 0 and not a single diagnostic.
    #[track_caller]
    pub fn clean(&self) -> &Self {
        self.success();
        assert!(self.headlines().is_empty(), "expected no diagnostics\n{}", self.describe());
        self
    }

    /// Exit code 1 (content errors).
    #[track_caller]
    pub fn failure(&self) -> &Self {
        assert_eq!(self.code, Some(1), "expected exit code 1\n{}", self.describe());
        self
    }

    /// This exact exit code.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "expected exit code {code}\n{}", self.describe());
        self
    }

    /// The diagnostic headlines on stderr (`path:line:col: error: …` / `…: warning: …`).
    pub fn headlines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| is_headline(l)).collect()
    }

    /// Headlines of errors only.
    pub fn errors(&self) -> Vec<&str> {
        self.headlines().into_iter().filter(|l| l.contains(": error: ")).collect()
    }

    /// Headlines of warnings only.
    pub fn warnings(&self) -> Vec<&str> {
        self.headlines().into_iter().filter(|l| l.contains(": warning: ")).collect()
    }

    /// A line of stderr is exactly `headline`.
    #[track_caller]
    pub fn headline(&self, headline: &str) -> &Self {
        assert!(
            self.stderr.lines().any(|l| l == headline),
            "expected the diagnostic headline\n  {headline}\nfound headlines:\n  {}\n{}",
            self.headlines().join("\n  "),
            self.describe()
        );
        self
    }

    /// Exactly these headlines, in this order, and no other.
    #[track_caller]
    pub fn only_headlines(&self, expected: &[&str]) -> &Self {
        assert_eq!(self.headlines(), expected, "\n{}", self.describe());
        self
    }

    /// stderr contains `text`.
    #[track_caller]
    pub fn stderr_has(&self, text: &str) -> &Self {
        assert!(self.stderr.contains(text), "expected stderr to contain {text:?}\n{}", self.describe());
        self
    }

    /// stdout contains `text`.
    #[track_caller]
    pub fn stdout_has(&self, text: &str) -> &Self {
        assert!(self.stdout.contains(text), "expected stdout to contain {text:?}\n{}", self.describe());
        self
    }

    /// The first headline that contains `needle` (panics if none).
    #[track_caller]
    pub fn headline_with(&self, needle: &str) -> &str {
        self.headlines()
            .into_iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no headline contains {needle:?}\n{}", self.describe()))
    }

    /// The rendered block (headline, snippet, help) of the diagnostic with this headline.
    #[track_caller]
    pub fn block(&self, headline: &str) -> String {
        let mut lines = self.stderr.lines().skip_while(|l| *l != headline);
        let first = lines.next().unwrap_or_else(|| panic!("no headline {headline:?}\n{}", self.describe()));
        let mut out = vec![first];
        out.extend(lines.take_while(|l| !is_headline(l) && !l.starts_with("Build failed")));
        out.join("\n")
    }
}

/// `path:line:col: error: message`, `path:line: warning: …` or `path: error: …`.
fn is_headline(l: &str) -> bool {
    (l.contains(": error: ") || l.contains(": warning: ")) && !l.starts_with(' ') && !l.starts_with("error:")
}

/// A parsed output page.
pub struct Page {
    pub rel: String,
    pub doc: Html,
}

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

impl Page {
    /// All elements matching `css`.
    pub fn select(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.doc.select(&sel(css)).collect()
    }

    /// The one element matching `css` (panics on none or several).
    #[track_caller]
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        let found = self.select(css);
        assert_eq!(found.len(), 1, "expected one `{css}` in {}, found {}", self.rel, found.len());
        found[0]
    }

    /// The values of `attr` on the elements matching `css`.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select(css).iter().filter_map(|e| e.value().attr(attr)).map(str::to_string).collect()
    }

    /// The text of each element matching `css` (whitespace trimmed).
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).iter().map(|e| text(e)).collect()
    }

    /// The number of elements matching `css`.
    pub fn count(&self, css: &str) -> usize {
        self.select(css).len()
    }
}

/// The text of an element, whitespace trimmed.
pub fn text(e: &ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_string()
}

/// Copy a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir`, by `/`-separated relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if entry.file_type().unwrap().is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// Assert that two folders hold the same files with the same bytes.
#[track_caller]
pub fn assert_same_tree(a: &Path, b: &Path) {
    let sa = snapshot(a);
    let sb = snapshot(b);
    let na: Vec<&String> = sa.keys().collect();
    let nb: Vec<&String> = sb.keys().collect();
    assert_eq!(na, nb, "the two folders hold different files");
    for (k, v) in &sa {
        assert!(v == &sb[k], "{k} differs between {} and {}", a.display(), b.display());
    }
}

/// Check every internal `href`/`src` of every HTML file under `out`: a relative URL,
/// joined to the URL of the page that holds it, must name a file that exists in the
/// output (a folder URL names its `index.html`), and a `#fragment` must name an id in
/// the target. Links inside the site must be relative, except on `404.html`, which may
/// use root-absolute URLs under `base_path` (the path of base_url, `/` without one).
/// Returns one message per broken link.
pub fn broken_links(out: &Path, base_path: &str) -> Vec<String> {
    let files = snapshot(out);
    let mut problems = Vec::new();
    let mut ids_cache: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let attr_sel = sel("[href], [src]");
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for e in doc.select(&attr_sel) {
            for attr in ["href", "src"] {
                let Some(url) = e.value().attr(attr) else { continue };
                if is_external(url) {
                    continue;
                }
                let (path_part, fragment) = match url.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (url, None),
                };
                let path_part = path_part.split('?').next().unwrap_or("");
                let target = if let Some(abs) = path_part.strip_prefix('/') {
                    if rel != "404.html" {
                        problems
                            .push(format!("{rel}: {attr}=\"{url}\" is root-absolute; internal links must be relative"));
                        continue;
                    }
                    match abs.strip_prefix(base_path.trim_start_matches('/')) {
                        Some(r) => folder_index(r, path_part.ends_with('/')),
                        None => {
                            problems.push(format!("{rel}: {attr}=\"{url}\" is outside the base path {base_path}"));
                            continue;
                        }
                    }
                } else if path_part.is_empty() {
                    // `#x` or `?q`: this page.
                    rel.clone()
                } else {
                    match resolve_url(rel, path_part) {
                        Some(t) => t,
                        None => {
                            problems.push(format!("{rel}: {attr}=\"{url}\" climbs above the site root"));
                            continue;
                        }
                    }
                };
                let target = percent_decode(&target);
                if !files.contains_key(&target) {
                    let hint = if files.contains_key(&format!("{target}/index.html")) {
                        " (a folder: the URL lacks its trailing /)"
                    } else {
                        ""
                    };
                    problems.push(format!("{rel}: {attr}=\"{url}\" → {target} does not exist{hint}"));
                    continue;
                }
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    if !target.ends_with(".html") {
                        continue;
                    }
                    let ids = ids_cache.entry(target.clone()).or_insert_with(|| {
                        let d = Html::parse_document(&String::from_utf8_lossy(&files[&target]));
                        d.select(&sel("[id]")).filter_map(|e| e.value().attr("id")).map(str::to_string).collect()
                    });
                    let f = percent_decode(f);
                    if !ids.contains(&f) {
                        problems.push(format!("{rel}: {attr}=\"{url}\" → no id `{f}` in {target}"));
                    }
                }
            }
        }
    }
    problems
}

/// Assert that [`broken_links`] finds nothing, and that there were links to check.
#[track_caller]
pub fn assert_links_resolve(out: &Path, base_path: &str) {
    let html_files = snapshot(out).keys().filter(|k| k.ends_with(".html")).count();
    assert!(html_files > 0, "no HTML files in {}", out.display());
    let problems = broken_links(out, base_path);
    assert!(problems.is_empty(), "{} broken internal link(s):\n  {}", problems.len(), problems.join("\n  "));
}

/// The output file that the relative URL `url` (no scheme, no leading `/`) names when
/// it appears in the output file `page` (e.g. `a/b/index.html`): the URL is joined to
/// the page's folder, and a folder URL names its `index.html`. `None` if it climbs
/// above the output root.
pub fn resolve_url(page: &str, url: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() {
        return Some(page.to_string());
    }
    let dir: Vec<&str> = match page.rfind('/') {
        Some(i) => page[..i].split('/').collect(),
        None => Vec::new(),
    };
    let joined = join(&dir, path)?.join("/");
    Some(folder_index(&joined, path.ends_with('/') || path == "." || path == ".."))
}

/// `a/b` + folder → `a/b/index.html`; `` → `index.html`.
fn folder_index(path: &str, folder: bool) -> String {
    let path = path.trim_matches('/');
    if path.is_empty() {
        "index.html".to_string()
    } else if folder {
        format!("{path}/index.html")
    } else {
        path.to_string()
    }
}

fn is_external(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    match url.find(':') {
        Some(i) => {
            let scheme = &url[..i];
            !scheme.is_empty()
                && !scheme.contains('/')
                && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Join a relative URL path to the folder of a page; `None` if it climbs above the root.
fn join(dir: &[&str], rel: &str) -> Option<Vec<String>> {
    let mut out: Vec<String> = dir.iter().map(|s| s.to_string()).collect();
    for c in Path::new(rel).components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop()?;
            }
            Component::Normal(s) => out.push(s.to_string_lossy().into_owned()),
            _ => return None,
        }
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
            let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(b[i + 1]) * 16 + hex(b[i + 2]));
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The site.toml most fixtures use: no search index (tested on its own).
pub const PLAIN_TOML: &str = "title = \"Fixture\"\n\n[search]\nenabled = false\n";
