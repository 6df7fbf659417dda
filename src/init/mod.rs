//! `primer init DIR` and `primer new KIND PATH`: files an author starts from.
//!
//! `init` writes the starter knowledge base (`src/init/starter/`, embedded in the
//! binary): a small site about running a knowledge base with primer that uses every
//! structure (glossary, closed taxonomy, training path with a knowledge check,
//! decision tree, page bundle with an image). `init --bare` writes the minimal site in
//! `src/init/bare/`. Both refuse a folder that is not empty.
//!
//! `new` writes one skeleton (`src/init/new/`) with the right front matter into an
//! existing site, or two for kinds that need a companion file (a path and its first
//! module, a tree page and its YAML). It never overwrites: if any file it would
//! write exists, it writes nothing.
//!
//! A driver (the dependency rule is in `lib.rs`): imports the model (`front_matter`)
//! and the cross-cutting modules.

use crate::cli::NewKind;
use anyhow::{bail, Context, Result};
use include_dir::{include_dir, Dir};
use std::io::Write;
use std::path::{Component, Path, PathBuf};

static STARTER: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/init/starter");
static BARE: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/init/bare");

const PAGE: &str = include_str!("new/page.md");
const SECTION: &str = include_str!("new/section.md");
const TERM: &str = include_str!("new/term.md");
const PATH_INDEX: &str = include_str!("new/path.md");
const PATH_MODULE: &str = include_str!("new/path-module.md");
const MODULE: &str = include_str!("new/module.md");
const TREE_PAGE: &str = include_str!("new/tree.md");
const TREE_YAML: &str = include_str!("new/tree.yaml");

/// Create a site in `dir` (which must be empty or not exist). Returns the files
/// written, relative to `dir`.
pub fn init(dir: &Path, bare: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() && !dir.is_dir() {
        bail!("{} is a file, not a folder; choose a new folder", dir.display());
    }
    if dir.exists() && dir.read_dir().map(|mut d| d.next().is_some()).unwrap_or(true) {
        bail!(
            "{} exists and is not empty; choose a new folder (init never writes into an existing site)",
            dir.display()
        );
    }
    let source = if bare { &BARE } else { &STARTER };
    let mut files = Vec::new();
    collect(source, &mut files);
    files.sort_by(|a, b| a.0.cmp(b.0));
    let mut written = Vec::new();
    for (rel, contents) in files {
        write_new(&dir.join(rel), contents)?;
        written.push(rel.to_path_buf());
    }
    let static_dir = dir.join("static");
    std::fs::create_dir_all(&static_dir).with_context(|| format!("cannot create {}", static_dir.display()))?;
    Ok(written)
}

fn collect<'a>(dir: &'a Dir<'a>, out: &mut Vec<(&'a Path, &'a [u8])>) {
    for f in dir.files() {
        out.push((f.path(), f.contents()));
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// What `primer new` wrote, and what the author does next.
#[derive(Debug)]
pub struct Created {
    /// The files written, as `<root>/content/…` paths.
    pub files: Vec<PathBuf>,
    /// Lines of advice to print after the list.
    pub next: Vec<String>,
}

/// Write the skeleton of `kind` at `path` (relative to `<root>/content/`; a leading
/// `content/` is accepted too).
pub fn new(root: &Path, kind: NewKind, path: &Path, title: Option<&str>) -> Result<Created> {
    let config = read_config(root, "new")?;
    let rel = content_relative(path)?;
    let glossary = config.glossary.section.trim_matches('/').to_string();
    let (main, companion) = new_files(kind, &rel, &glossary)?;
    if main.rsplit('/').next() == Some("_index.md") && !matches!(kind, NewKind::Section | NewKind::Path) {
        bail!("`_index.md` is a section's page; use `primer new section {}`", parent(&main));
    }
    let title = match title {
        Some(t) => t.to_string(),
        None => title_from(if main.ends_with("/_index.md") { parent(&main) } else { &main }),
    };
    let text = match kind {
        NewKind::Page => PAGE,
        NewKind::Section => SECTION,
        NewKind::Term => TERM,
        NewKind::Path => PATH_INDEX,
        NewKind::Module => MODULE,
        NewKind::Tree => TREE_PAGE,
    };
    let tree_file = companion.as_ref().map(|(c, _)| c.rsplit('/').next().unwrap_or(c).to_string()).unwrap_or_default();
    let fill = |t: &str| {
        t.replace("__TITLE__", &yaml_string(&title))
            .replace("__PLAIN_TITLE__", &title)
            .replace("__TERM__", &title.to_lowercase())
            .replace("__TREE__", &tree_file)
            .replace("__TAXONOMIES__", &taxonomy_lines(&config))
    };
    let mut plan = vec![(main.clone(), fill(text))];
    if let Some((c, t)) = &companion {
        plan.push((c.clone(), fill(t)));
    }
    let content = root.join("content");
    if let Some((taken, _)) = plan.iter().find(|(p, _)| content.join(p).exists()) {
        bail!("content/{taken} already exists; primer new never overwrites a file (choose another name)");
    }
    let mut files = Vec::new();
    for (p, t) in &plan {
        let target = content.join(p);
        write_new(&target, t.as_bytes())?;
        files.push(target);
    }
    let next = next_steps(kind, &title, &main, plan.get(1).map(|(c, _)| c.as_str()));
    Ok(Created { files, next })
}

/// The main file of a new `kind` at `rel` (in content/) and, for some kinds, its
/// companion (path and template); `glossary`: the glossary section's folder.
fn new_files(kind: NewKind, rel: &str, glossary: &str) -> Result<(String, Option<(String, &'static str)>)> {
    Ok(match kind {
        NewKind::Page | NewKind::Module => (with_md(rel), None),
        NewKind::Tree => {
            let md = with_md(rel.trim_end_matches(".yaml").trim_end_matches(".yml"));
            let yaml = format!("{}.yaml", md.trim_end_matches(".md"));
            (md, Some((yaml, TREE_YAML)))
        }
        NewKind::Section | NewKind::Path => {
            let folder = rel.trim_end_matches("/_index.md").trim_end_matches(".md").to_string();
            if folder.is_empty() || folder == "_index" {
                bail!("give the folder of the {} (e.g. `guide` or `paths/onboarding`)", kind_name(kind));
            }
            let index = format!("{folder}/_index.md");
            let companion = (kind == NewKind::Path).then(|| (format!("{folder}/first-module.md"), PATH_MODULE));
            (index, companion)
        }
        NewKind::Term => {
            let md = with_md(rel);
            if md.contains('/') {
                if !md.starts_with(&format!("{glossary}/")) {
                    bail!(
                        "a glossary term lives in content/{glossary}/ (the `[glossary] section` of site.toml); \
                         give just its id, e.g. `primer new term {}`",
                        md.rsplit('/').next().unwrap_or(&md).trim_end_matches(".md")
                    );
                }
                (md, None)
            } else {
                (format!("{glossary}/{md}"), None)
            }
        }
    })
}

/// What the author does after `primer new` made `main` (and `companion`) of `kind`.
fn next_steps(kind: NewKind, title: &str, main: &str, companion: Option<&str>) -> Vec<String> {
    match kind {
        NewKind::Term => vec![format!(
            "Fill in `definition`, then use \"{}\" in a page's prose: it is linked there automatically \
             (until a page uses it, the build warns that the term is not used).",
            title.to_lowercase()
        )],
        NewKind::Module => {
            vec![format!(
                "List it under `modules:` of a training path's _index.md, by its path relative to that file \
                 (the module is content/{main})."
            )]
        }
        NewKind::Path => {
            vec!["Add more modules under `modules:` (relative paths of pages, in reading order).".to_string()]
        }
        NewKind::Tree => vec![format!("Edit the questions and outcomes in content/{}.", companion.unwrap_or_default())],
        NewKind::Page | NewKind::Section => Vec::new(),
    }
}

/// The site's configuration at `root`, for `primer {command}`: a missing or invalid
/// site.toml is an error that says what to do.
fn read_config(root: &Path, command: &str) -> Result<crate::config::SiteConfig> {
    let config_path = root.join(crate::config::CONFIG_FILE);
    let config_text = std::fs::read_to_string(&config_path).with_context(|| {
        format!("cannot read {}; run `primer {command}` in a site's folder or pass --root", config_path.display())
    })?;
    crate::config::parse(&config_path.display().to_string(), &config_text).map_err(|d| {
        anyhow::anyhow!(
            "{} has errors ({}); run `primer check` to see them",
            config_path.display(),
            d.first().map(|d| d.message.as_str()).unwrap_or("invalid")
        )
    })
}

fn kind_name(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Page => "page",
        NewKind::Section => "section",
        NewKind::Term => "term",
        NewKind::Path => "path",
        NewKind::Module => "module",
        NewKind::Tree => "tree",
    }
}

/// `path` as a `/`-separated path inside content/: no absolute paths, no `..`.
fn content_relative(path: &Path) -> Result<String> {
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(s) => {
                parts.push(s.to_str().with_context(|| format!("{} is not valid UTF-8", path.display()))?.to_string())
            }
            Component::CurDir => {}
            _ => bail!("{} must be a path inside the site's content/ folder, like guide/backups.md", path.display()),
        }
    }
    if parts.first().map(String::as_str) == Some("content") && parts.len() > 1 {
        parts.remove(0);
    }
    if parts.is_empty() {
        bail!("give a path inside content/, like guide/backups.md");
    }
    Ok(parts.join("/"))
}

fn with_md(rel: &str) -> String {
    if rel.ends_with(".md") {
        rel.to_string()
    } else {
        format!("{rel}.md")
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map(|(p, _)| p).unwrap_or("")
}

/// `guide/backup-and-restore.md` → `Backup and restore`.
fn title_from(rel: &str) -> String {
    let stem = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md");
    let words = stem.replace(['-', '_'], " ");
    let words = words.trim();
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => "Untitled".to_string(),
    }
}

/// A YAML double-quoted string.
fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace(['"', '\\'], "")))
}

/// Commented-out front matter lines for the site's taxonomies, with their closed
/// vocabularies, so an author sees which terms exist.
fn taxonomy_lines(config: &crate::config::SiteConfig) -> String {
    let mut out = String::new();
    for t in &config.taxonomies {
        let hint = if t.closed && !t.terms.is_empty() {
            format!("one or more of: {}", t.terms.join(", "))
        } else if t.closed {
            format!("ids of the term pages in content/{}/", t.name)
        } else {
            "any terms".to_string()
        };
        out.push_str(&format!("# {}: []   # {}: {hint}\n", t.name, t.title));
    }
    out
}

/// Create `path` (and its folders) with `contents`; fails if it exists.
fn write_new(path: &Path, contents: &[u8]) -> Result<()> {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("cannot create {}", p.display()))?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {} (primer never overwrites a file)", path.display()))?;
    f.write_all(contents).with_context(|| format!("cannot write {}", path.display()))
}

/// `primer schema`: write the JSON Schemas of the site at `root` into `out`
/// (default `<root>/schemas/`): `front-matter.schema.json` (from site.toml: its
/// taxonomies with their vocabularies, `[front_matter] keep`) and
/// `decision-tree.schema.json` (`tree_kinds`: the outcome kinds). A file there is
/// replaced only if an earlier `primer schema` wrote it.
pub fn schemas(root: &Path, out: Option<&Path>, tree_kinds: &[&str]) -> Result<Vec<PathBuf>> {
    use crate::front_matter::schema;
    let config = read_config(root, "schema")?;
    // A closed taxonomy without a `terms` list: its vocabulary is its term pages.
    let mut term_pages = std::collections::BTreeMap::new();
    for t in config.taxonomies.iter().filter(|t| t.closed && t.terms.is_empty()) {
        let mut ids: Vec<String> = std::fs::read_dir(root.join("content").join(&t.name))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(str::to_string))
            .filter(|stem| !stem.starts_with('_') && !stem.contains('.'))
            .collect();
        ids.sort();
        term_pages.insert(t.name.clone(), ids);
    }
    let out = out.map(Path::to_path_buf).unwrap_or_else(|| root.join("schemas"));
    let files = [
        ("front-matter.schema.json", schema::front_matter(&config, &term_pages)),
        ("decision-tree.schema.json", schema::decision_tree(tree_kinds)),
    ];
    for (name, _) in &files {
        let path = out.join(name);
        if let Ok(old) = std::fs::read_to_string(&path) {
            if !old.contains(schema::MARK) {
                bail!("{} exists and was not written by `primer schema`; move it or pass --out DIR", path.display());
            }
        } else if path.exists() {
            bail!("{} exists and was not written by `primer schema`; move it or pass --out DIR", path.display());
        }
    }
    std::fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut written = Vec::new();
    for (name, value) in files {
        let path = out.join(name);
        let text = serde_json::to_string_pretty(&value)? + "\n";
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_file_names() {
        assert_eq!(title_from("guide/backup-and-restore.md"), "Backup and restore");
        assert_eq!(title_from("paths/first_week"), "First week");
        assert_eq!(title_from("x/-.md"), "Untitled");
    }

    #[test]
    fn content_paths_stay_inside_content() {
        assert_eq!(content_relative(Path::new("content/guide/a.md")).unwrap(), "guide/a.md");
        assert_eq!(content_relative(Path::new("./guide/a")).unwrap(), "guide/a");
        assert!(content_relative(Path::new("../a.md")).is_err());
        assert!(content_relative(Path::new("/tmp/a.md")).is_err());
    }
}
