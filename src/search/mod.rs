//! Full-text search: builds a [Pagefind](https://pagefind.app) index (pagefind crate 1.x,
//! used as a library through `pagefind::api::PagefindIndex`) from rendered pages, in memory.
//!
//! The caller writes the returned files under the output root; the browser side is our own
//! `themes/default/static/search.js`, which imports only `pagefind/pagefind.js` (that file in
//! turn starts `pagefind/pagefind-worker.js` and fetches the wasm, the entry file, the meta
//! file and the index chunks, fragments and filter files it needs).
//!
//! What the page HTML must carry (all honoured by pagefind 1.6, see the tests below):
//! * `<html lang="en">` / `lang="zh"`: one index per language; `zh`/`ja`/`th` pages are
//!   word-segmented at build time (the `extended` feature) and also indexed as character
//!   bigrams, so any two-character query that occurs in the text is found.
//! * `data-pagefind-body` on the main article: once any page has it, pages without it are
//!   left out of the index (so list and taxonomy pages can be passed in harmlessly).
//! * `data-pagefind-ignore` on parts of the article to skip (tooltips). Filter spans placed
//!   inside the body should carry it too, or their text is indexed as page text.
//! * `data-pagefind-meta="title"` on the h1 (without it the first h1, then `<title>`, is used).
//! * `data-pagefind-filter="audience"` etc. on small hidden spans, one span per value;
//!   they may sit anywhere inside `<html>`, also outside the body or in ignored elements.
//! * `id` on headings: a match under a heading gives a sub-result `url#id`.
//! * Headings weigh more than body text by default (h1 7, h2 6 … h6 2, text 1);
//!   `data-pagefind-weight="0.0"…"10.0"` overrides that for an element.
//!
//! * Pagefind itself searches only the index of the current page's language; search.js merges
//!   the other languages' indexes (`mergeIndex`) so every page is found from every page.
//!   Stemming of the query follows the current page's language (no stemmer for zh).
//!
//! Files written (all under `pagefind/`): `pagefind.js` (the JS API), `pagefind-worker.js`
//! (pagefind.js runs the search in this worker), `pagefind-entry.json` (languages and their
//! meta hashes), `pagefind.<lang>_<hash>.pf_meta`, `wasm.<lang>.pagefind` for each language
//! with a stemmer plus `wasm.unknown.pagefind` (used for zh and unknown languages),
//! `index/*.pf_index` (word chunks), `fragment/*.pf_fragment` (one per page: text, meta,
//! filters, anchors), `filter/*.pf_filter`. The `.pf_*` and wasm files are gzip-compressed
//! already. Dropped: pagefind's own UIs (`pagefind-ui.*`, `pagefind-modular-ui.*`,
//! `pagefind-component-ui.*`) and `pagefind-highlight.js`.
//!
//! Determinism: the output is byte-identical for identical input (the same set of pages,
//! in any order: they are indexed sorted by URL), also across processes; file names are
//! content hashes. One environment variable changes the output:
//! `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE` (pagefind reads it, and so does `parts`; default
//! 20000). The output does not depend on the number of cores: each language's pages are
//! given to Pagefind in parts on all cores and the parts joined into the bundle one run
//! over all of them writes (`parts`; the tests compare the two).
//!
//! Here: the checks of the input, the runs of Pagefind (one per part, on all cores) and
//! the bundle's files the browser needs. Beside it: `indexable`, what of each page
//! Pagefind is given (the page without what it would parse only to throw away), and
//! `parts`, the join of the parts' bundles.
//!
//! An engine (the dependency rule is in `lib.rs`): imports only the cross-cutting
//! modules; it knows nothing of the site.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

mod indexable;
pub(crate) use indexable::indexable_html;
use indexable::removable_spans;
mod parts;

/// One rendered page to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchPage {
    /// Site-relative URL with a leading slash, e.g. `"/glossary/ledger/"`. Stored as given;
    /// results come back with exactly this URL (plus `#heading-id` for sub-results).
    pub(crate) url: String,
    /// The full rendered page.
    pub(crate) html: String,
}

/// One file of the search bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SearchFile {
    /// Relative to the output root, e.g. `"pagefind/pagefind.js"`; always `/`-separated.
    pub(crate) path: String,
    pub(crate) contents: Vec<u8>,
}

/// Directory (under the output root) that holds the bundle.
pub(crate) const BUNDLE_DIR: &str = "pagefind";

/// Files pagefind always emits that belong to its own UIs (we ship our own UI) or to its
/// highlight script and playground. Everything else is needed by `pagefind.js`.
const UNUSED_FILES: &[&str] = &[
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
];

/// [`build_index_from`] of borrowed pages.
#[cfg(test)]
pub(crate) fn build_index(pages: &[SearchPage]) -> Result<Vec<SearchFile>, String> {
    build_index_from(pages.to_vec())
}

/// Build the pagefind index for the given pages. Deterministic: the same input gives the
/// same files, sorted by path. An empty `pages` gives the runtime files and an entry file
/// with no languages (the browser script then reports search as unavailable). The pages
/// are given away: each part's pages are freed as soon as Pagefind has read them, so
/// their HTML is not all held until the index is built.
///
/// Errors: a URL without a leading `/`, two pages with the same URL, or a failure inside
/// pagefind (a panic in pagefind is caught and reported as an error).
pub(crate) fn build_index_from(pages: Vec<SearchPage>) -> Result<Vec<SearchFile>, String> {
    let mut seen = BTreeSet::new();
    for page in &pages {
        if !page.url.starts_with('/') {
            return Err(format!("search index: page URL {:?} must start with '/'", page.url));
        }
        if !seen.insert(page.url.as_str()) {
            return Err(format!("search index: two pages have the URL {:?}", page.url));
        }
    }
    drop(seen);

    // We run our own runtime; inside someone else's (e.g. called from async code in the dev
    // server) `block_on` would panic, so then build on a short-lived plain thread instead.
    if tokio::runtime::Handle::try_current().is_ok() {
        std::thread::scope(|scope| {
            scope
                .spawn(|| build_index_guarded(pages, true))
                .join()
                .unwrap_or_else(|_| Err("search index: the indexing thread panicked".to_string()))
        })
    } else {
        build_index_guarded(pages, true)
    }
}

/// Turns a panic inside pagefind into an error.
/// `reduce`: give Pagefind [`indexable_html`] of each page (always, except in the test
/// that compares both).
fn build_index_guarded(pages: Vec<SearchPage>, reduce: bool) -> Result<Vec<SearchFile>, String> {
    match catch_unwind(AssertUnwindSafe(|| build_index_inner(pages, reduce))) {
        Ok(result) => result,
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(format!("search index: pagefind panicked: {msg}"))
        }
    }
}

fn build_index_inner(pages: Vec<SearchPage>, reduce: bool) -> Result<Vec<SearchFile>, String> {
    let threads = rayon::current_num_threads().max(1);
    let part_pages = pages.len().div_ceil(threads).clamp(1, PART_PAGES);
    build_index_in_parts(pages, reduce, part_pages)
}

/// Pages per part at most when a language's pages are indexed in parts (`parts`): small
/// enough that every core has parts to take and that Pagefind's per-page state (it keeps
/// every word position of every page it has read) stays small, large enough that what a
/// part costs once (a runtime, Pagefind's scripts, its index chunks) stays small.
const PART_PAGES: usize = 250;

/// [`build_index_inner`] with the pages of a language given to Pagefind `part_pages` at a
/// time, on all cores; the result does not depend on `part_pages` (a test varies it).
fn build_index_in_parts(
    mut pages: Vec<SearchPage>,
    reduce: bool,
    part_pages: usize,
) -> Result<Vec<SearchFile>, String> {
    // Pagefind numbers pages in the order they are added, and the numbers are in
    // its files: index in URL order, so every caller (`build` renders in site
    // order, `serve` keeps its files sorted by path) gets the same bytes.
    pages.sort_by(|a, b| a.url.cmp(&b.url));
    // Pagefind keeps one index per page language and builds each from that language's
    // pages alone: each language is indexed on its own, in parts when it has many pages,
    // and the bundles are joined (their shared runtime files are the same bytes; the
    // entry file lists every language). A single language is one index, as before.
    let mut groups: BTreeMap<String, Vec<SearchPage>> = BTreeMap::new();
    for page in pages {
        groups.entry(page_language(&page.html)).or_default().push(page);
    }
    let languages = groups.len();
    let mut jobs: Vec<(usize, Vec<SearchPage>)> = Vec::new();
    for (g, group) in groups.into_values().enumerate() {
        jobs.extend(split_language(group, part_pages).into_iter().map(|part| (g, part)));
    }
    // Each job's pages are moved into its Pagefind and freed once it has read them.
    let mut done: Vec<(usize, Result<Vec<SearchFile>, String>)> =
        on_threads(jobs, |(g, part)| (g, index_part(part, reduce)));
    let mut bundles = Vec::with_capacity(languages);
    for g in 0..languages {
        let parts: Vec<Vec<SearchFile>> = done
            .iter_mut()
            .filter(|(j, _)| *j == g)
            .map(|(_, r)| std::mem::replace(r, Ok(Vec::new())))
            .collect::<Result<_, _>>()?;
        let bundle = match parts.len() {
            0 | 1 => parts.into_iter().next().unwrap_or_default(),
            _ => parts::join_parts(parts)?.ok_or(
                "search index: the parts of a language's index could not be joined into one (please report this)",
            )?,
        };
        bundles.push(bundle);
    }
    match bundles.len() {
        0 => index_part(Vec::new(), reduce),
        1 => Ok(bundles.pop().unwrap_or_default()),
        _ => join_bundles(bundles),
    }
}

/// `f` of every job, in the jobs' order, run on plain threads (one per core) rather than
/// rayon's pool: Pagefind does rayon work inside our runtime's `block_on`, and a rayon
/// thread waiting there may take another job, start a runtime inside the runtime, and
/// tokio panics. A panic in a job is the caller's (the scope passes it on).
fn on_threads<T: Send, R: Send>(jobs: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Mutex;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, jobs.len().max(1));
    let slots: Vec<Mutex<(Option<T>, Option<R>)>> = jobs.into_iter().map(|j| Mutex::new((Some(j), None))).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                while let Some(slot) = slots.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let job = slot.lock().ok().and_then(|mut s| s.0.take());
                    if let Some(job) = job {
                        let result = f(job);
                        if let Ok(mut s) = slot.lock() {
                            s.1 = Some(result);
                        }
                    }
                }
            });
        }
    });
    slots.into_iter().filter_map(|m| m.into_inner().ok().and_then(|s| s.1)).collect()
}

/// One language's pages in parts of `part_pages`, in order. Pagefind leaves out the
/// pages without a `data-pagefind-body` element when any page it read has one, so parts
/// are made only when that is the same for every part as for the whole: the pages that
/// surely have none are left out here if some surely have one; when a page is unclear
/// (the attribute's name appears, but not as exactly one element's attribute), or the
/// language has few pages, it is one part. Sort keys (`data-pagefind-sort`) the join
/// cannot reproduce: a language with any is one part too.
fn split_language(pages: Vec<SearchPage>, part_pages: usize) -> Vec<Vec<SearchPage>> {
    if pages.len() <= part_pages || pages.iter().any(|p| p.html.contains(SORT_ATTR)) {
        return vec![pages];
    }
    let mut bodies = 0;
    for page in &pages {
        if page.html.contains(BODY_ATTR) {
            if removable_spans(&page.html).is_none() {
                return vec![pages];
            }
            bodies += 1;
        }
    }
    let mut parts = Vec::with_capacity(pages.len().div_ceil(part_pages));
    let mut part = Vec::with_capacity(part_pages);
    for page in pages.into_iter().filter(|p| bodies == 0 || p.html.contains(BODY_ATTR)) {
        part.push(page);
        if part.len() == part_pages {
            parts.push(std::mem::replace(&mut part, Vec::with_capacity(part_pages)));
        }
    }
    if !part.is_empty() {
        parts.push(part);
    }
    parts
}

const SORT_ATTR: &str = "data-pagefind-sort";

/// One part's bundle from Pagefind, each page cut down first ([`indexable_html`]).
fn index_part(pages: Vec<SearchPage>, reduce: bool) -> Result<Vec<SearchFile>, String> {
    let inputs = pages
        .into_iter()
        .map(|page| {
            let html = match reduce.then(|| indexable_html(&page.html)) {
                Some(Cow::Owned(cut)) => cut,
                _ => page.html,
            };
            (page.url, html)
        })
        .collect();
    index_with_pagefind(inputs)
}

/// The language Pagefind will give a page: its `<html lang>`, lower-cased (Pagefind
/// reads the same attribute); "" when there is none.
fn page_language(html: &str) -> String {
    let Some(at) = html.find("<html") else { return String::new() };
    let tag = &html[at..html[at..].find('>').map_or(html.len(), |e| at + e)];
    let Some(l) = tag.find(" lang=\"") else { return String::new() };
    let value = &tag[l + 7..];
    value[..value.find('"').unwrap_or(value.len())].to_ascii_lowercase()
}

/// One language's (or a whole one-language site's) bundle, from Pagefind.
fn index_with_pagefind(inputs: Vec<(String, String)>) -> Result<Vec<SearchFile>, String> {
    // A current-thread runtime: pagefind's API is async, and parses each page on tokio's
    // blocking pool (one page at a time, since every call takes `&mut self`).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start the async runtime: {e}"))?;

    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            // Our URLs are final ("/a/b/"); nothing to strip.
            .keep_index_url(true)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e}"))?;

        for (url, html) in inputs {
            index
                .add_html_file(None, Some(url.clone()), html)
                .await
                .map_err(|e| format!("search index: cannot index {url}: {e}"))?;
        }

        let files = index.get_files().await.map_err(|e| format!("search index: {e}"))?;

        let mut out: Vec<SearchFile> = files
            .into_iter()
            .filter_map(|file| {
                // Paths are relative to the bundle directory; make them `/`-separated.
                let rel: Vec<String> =
                    file.filename.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                let rel = rel.join("/");
                if UNUSED_FILES.contains(&rel.as_str()) || rel.starts_with("playground/") {
                    return None;
                }
                Some(SearchFile { path: format!("{BUNDLE_DIR}/{rel}"), contents: file.contents })
            })
            .collect();
        out.sort_by(|a, b| a.path.cmp(&b.path));

        for required in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json"] {
            let path = format!("{BUNDLE_DIR}/{required}");
            if !out.iter().any(|f| f.path == path) {
                return Err(format!("search index: pagefind did not produce {path}"));
            }
        }
        Ok(out)
    })
}

/// Pagefind's `pagefind-entry.json`, its fields in Pagefind's order (so a site in one
/// language and a joined bundle write it the same way).
#[derive(serde::Serialize, serde::Deserialize)]
struct Entry {
    version: String,
    languages: BTreeMap<String, EntryLanguage>,
    include_characters: Vec<String>,
}

#[derive(Clone, serde::Serialize, serde::Deserialize)]
struct EntryLanguage {
    hash: String,
    wasm: Option<String>,
    page_count: u64,
}

/// One bundle from the bundles of each language: every file once (a file two bundles
/// share must be the same bytes), and one entry file listing every language.
fn join_bundles(bundles: Vec<Vec<SearchFile>>) -> Result<Vec<SearchFile>, String> {
    let entry_path = format!("{BUNDLE_DIR}/pagefind-entry.json");
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut entry: Option<Entry> = None;
    for bundle in bundles {
        for f in bundle {
            if f.path == entry_path {
                let this: Entry = serde_json::from_slice(&f.contents)
                    .map_err(|e| format!("search index: pagefind's entry file is not as expected: {e}"))?;
                match entry.as_mut() {
                    None => entry = Some(this),
                    Some(all) => all.languages.extend(this.languages),
                }
            } else if let Some(old) = files.get(&f.path) {
                if *old != f.contents {
                    return Err(format!("search index: two languages' bundles differ in {}", f.path));
                }
            } else {
                files.insert(f.path, f.contents);
            }
        }
    }
    let entry = entry.ok_or("search index: pagefind wrote no entry file")?;
    let text = serde_json::to_vec(&entry).map_err(|e| format!("search index: {e}"))?;
    files.insert(entry_path, text);
    Ok(files.into_iter().map(|(path, contents)| SearchFile { path, contents }).collect())
}

/// The attribute of the element whose text is indexed (see the module doc).
const BODY_ATTR: &str = "data-pagefind-body";

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]
mod tests {
    use super::*;
    use serde_json::Value;
    use std::path::{Path, PathBuf};
    use std::process::Command;

    // ------------------------------------------------------------------ fixtures

    /// A page shaped like the generator's output: header search form, nav, article with
    /// `data-pagefind-body`, hidden filter spans, a tooltip marked `data-pagefind-ignore`.
    fn page(lang: &str, title_html: &str, filters: &[(&str, &str)], body: &str) -> String {
        let spans: String = filters
            .iter()
            .map(|(k, v)| format!(r#"<span data-pagefind-filter="{k}" data-pagefind-ignore hidden>{v}</span>"#))
            .collect();
        format!(
            r#"<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title_html} · Primer</title>
<link rel="stylesheet" href="../../static/search.css"></head>
<body>
<header><a href="../../">Primer</a>
<form class="site-search" role="search" action="../../search/" method="get" data-search data-pagefind-path="../../pagefind/">
<label for="site-search-input" class="visually-hidden">Search</label>
<input id="site-search-input" name="q" type="search" autocomplete="off" placeholder="Search (/)" role="combobox" aria-expanded="false" aria-controls="site-search-results" aria-autocomplete="list">
<ul id="site-search-results" role="listbox" hidden></ul>
</form></header>
<nav><a href="../../glossary/">Glossary</a> <a href="../../guides/">Guides headernavword</a></nav>
<main>
<article data-pagefind-body>
<h1 data-pagefind-meta="title">{title_html}</h1>
{spans}
{body}
</article>
</main>
<footer>Footer text footerword</footer>
<script src="../../static/search.js" defer></script>
</body>
</html>"#
        )
    }

    fn ledger_page() -> SearchPage {
        SearchPage {
            url: "/glossary/ledger/".into(),
            html: page(
                "en",
                "Distributed ledger",
                &[
                    ("audience", "managers"),
                    ("audience", "auditors"),
                    ("sdg", "16"),
                    ("domain", "blockchain"),
                    ("section", "Glossary"),
                ],
                r#"<p>A distributed ledger is a database that is shared across several sites.</p>
<h2 id="history">History</h2>
<p>Public ledgers were kept by merchants long before computers; the
<span class="tooltip" data-pagefind-ignore>Tooltip: tooltipword explains consensus</span>
auditors compared the ledgers of each branch.</p>
<h2 id="uses">Uses in the UN system</h2>
<p>Agencies have piloted ledgers for cash transfers and supply chains.</p>"#,
            ),
        }
    }

    fn governance_page() -> SearchPage {
        SearchPage {
            url: "/guides/governance/".into(),
            html: page(
                "en",
                "Governance basics",
                &[("audience", "staff"), ("sdg", "5"), ("section", "Guides")],
                r#"<p>Good governance needs clear roles. Auditors review decisions every year.</p>
<h2 id="roles">Roles</h2>
<p>Boards approve budgets and the secretariat implements them.</p>"#,
            ),
        }
    }

    fn chinese_page() -> SearchPage {
        SearchPage {
            url: "/zh/dlt/".into(),
            html: page(
                "zh",
                "分布式账本技术",
                &[("audience", "managers"), ("section", "术语")],
                r#"<p>分布式账本技术是一种在多个节点之间共享和同步数据的技术。联合检查组认为区块链在联合国系统中的应用仍处于早期阶段。</p>
<h2 id="risks">风险</h2>
<p>各组织应在采用之前评估治理和数据保护方面的风险。</p>"#,
            ),
        }
    }

    fn script_title_page() -> SearchPage {
        SearchPage {
            url: "/guides/escaping/".into(),
            html: page(
                "en",
                "About &lt;script&gt; tags &amp; escaping",
                &[("section", "Guides")],
                r#"<p>Never paste &lt;script&gt;alert(1)&lt;/script&gt; into a page. Escaping matters.</p>"#,
            ),
        }
    }

    /// Two pages mentioning "reconciliation" once each: in an h2 heading vs in body text.
    fn weight_pages() -> Vec<SearchPage> {
        let filler = "Staff record payments and receipts in the system every day. ";
        vec![
            SearchPage {
                url: "/w/body/".into(),
                html: page(
                    "en",
                    "Daily payments",
                    &[],
                    &format!("<p>{filler}</p><h2 id='steps'>Steps</h2><p>{filler} Monthly reconciliation follows.</p>"),
                ),
            },
            SearchPage {
                url: "/w/heading/".into(),
                html: page(
                    "en",
                    "Monthly close",
                    &[],
                    &format!(
                        "<p>{filler}</p><h2 id='reconciliation'>Reconciliation</h2><p>{filler} Totals follow.</p>"
                    ),
                ),
            },
        ]
    }

    fn all_pages() -> Vec<SearchPage> {
        let mut pages = vec![ledger_page(), governance_page(), chinese_page(), script_title_page()];
        pages.extend(weight_pages());
        // A page without data-pagefind-body (e.g. a taxonomy list): must not be indexed.
        pages.push(SearchPage {
            url: "/tags/".into(),
            html: "<!DOCTYPE html><html lang=\"en\"><body><h1>Tags</h1><p>zebraword ledger</p></body></html>".into(),
        });
        pages
    }

    // ------------------------------------------------------------------ node harness

    fn harness() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/pagefind_query.mjs")
    }

    fn node_available() -> bool {
        Command::new("node").arg("--version").output().map(|o| o.status.success()).unwrap_or(false)
    }

    fn write_site(files: &[SearchFile]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for f in files {
            let path = dir.path().join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.contents).unwrap();
        }
        dir
    }

    /// Runs the harness; `None` (with a message) when node is missing.
    fn query(site: &Path, request: &Value) -> Option<Value> {
        if !node_available() {
            eprintln!("SKIPPED: `node` not found on PATH; the pagefind query tests need Node.js >= 18");
            return None;
        }
        let out = Command::new("node").arg(harness()).arg(site).arg(request.to_string()).output().expect("run node");
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            // pagefind.js is minified to one long line: keep the end of the message.
            let tail: String = err.chars().rev().take(3000).collect::<Vec<_>>().into_iter().rev().collect();
            panic!("harness failed ({}): ...{tail}", out.status);
        }
        if std::env::var_os("PAGEFIND_QUERY_DEBUG").is_some() {
            eprintln!("{}", String::from_utf8_lossy(&out.stdout));
        }
        Some(serde_json::from_slice(&out.stdout).expect("harness prints JSON"))
    }

    fn urls(q: &Value) -> Vec<String> {
        q["results"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().to_string()).collect()
    }

    // ------------------------------------------------------------------ tests

    #[test]
    fn writes_only_the_runtime_bundle_and_is_deterministic() {
        let pages = all_pages();
        let a = build_index(&pages).unwrap();
        let b = build_index(&pages).unwrap();
        assert_eq!(a, b, "same input must give byte-identical output");

        let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
        for p in [
            "pagefind/pagefind.js",
            "pagefind/pagefind-worker.js",
            "pagefind/pagefind-entry.json",
            "pagefind/wasm.en.pagefind",
            "pagefind/wasm.unknown.pagefind",
        ] {
            assert!(paths.contains(&p), "missing {p} in {paths:?}");
        }
        for p in &paths {
            assert!(!p.contains("-ui."), "UI file leaked: {p}");
            assert!(!p.contains("highlight"), "highlight file leaked: {p}");
            let ok = p.starts_with("pagefind/fragment/")
                || p.starts_with("pagefind/index/")
                || p.starts_with("pagefind/filter/")
                || (p.starts_with("pagefind/pagefind.") && p.ends_with(".pf_meta"))
                || (p.starts_with("pagefind/wasm.") && p.ends_with(".pagefind"))
                || ["pagefind/pagefind.js", "pagefind/pagefind-worker.js", "pagefind/pagefind-entry.json"].contains(p);
            assert!(ok, "unexpected file {p}");
        }
        let entry: Value =
            serde_json::from_slice(&a.iter().find(|f| f.path == "pagefind/pagefind-entry.json").unwrap().contents)
                .unwrap();
        // en: ledger, governance, script title, two weight pages (the /tags/ page has no body).
        assert_eq!(entry["languages"]["en"]["page_count"], 5);
        assert_eq!(entry["languages"]["zh"]["page_count"], 1);
        assert_eq!(entry["languages"]["zh"]["wasm"], Value::Null, "no zh stemmer: uses wasm.unknown");

        // Pages are indexed in URL order: the order they are passed in does not matter
        // (`build` passes them in site order, `serve` sorted by output path).
        let mut reversed = pages.clone();
        reversed.reverse();
        assert_eq!(a, build_index(&reversed).unwrap());
    }

    #[test]
    fn rejects_bad_urls_and_duplicates() {
        let mut p = ledger_page();
        p.url = "glossary/ledger/".into();
        assert!(build_index(&[p]).is_err());
        assert!(build_index(&[ledger_page(), ledger_page()]).is_err());
    }

    #[test]
    fn works_when_called_from_async_code() {
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let files = rt.block_on(async { build_index(&[ledger_page()]) }).unwrap();
        assert_eq!(files, build_index(&[ledger_page()]).unwrap());
    }

    #[test]
    fn empty_input_gives_runtime_only() {
        let files = build_index(&[]).unwrap();
        let entry = files.iter().find(|f| f.path == "pagefind/pagefind-entry.json").unwrap();
        let entry: Value = serde_json::from_slice(&entry.contents).unwrap();
        assert_eq!(entry["languages"], serde_json::json!({}));
    }

    #[test]
    fn queries_through_pagefind_js() {
        let files = build_index(&all_pages()).unwrap();
        let site = write_site(&files);
        let req = serde_json::json!({
            "lang": "en",
            "filters": true,
            "queries": [
                {"q": "ledger"},                       // 0 stemming: page says "ledgers"
                {"q": "账本"},                          // 1 Chinese, found from an English page (merged index)
                {"q": "联合国"},                        // 2
                {"q": "区块链"},                        // 3
                {"q": "量子"},                          // 4 not in any page
                {"q": "tooltipword"},                  // 5 inside data-pagefind-ignore
                {"q": "headernavword"},                // 6 outside data-pagefind-body
                {"q": "zebraword"},                    // 7 page without data-pagefind-body
                {"q": "script"},                       // 8 title with <script>
                {"q": "auditors"},                     // 9 unfiltered
                {"q": "auditors", "filters": {"audience": ["managers"]}}, // 10
                {"q": "reconciliation"},               // 11 heading beats body
                {"q": "managers"},                     // 12 text of ignored filter spans
                {"q": "merchants"},                    // 13 sub-result under #history
                {"q": "auditors", "filters": {"audience": {"any": ["managers", "staff"]}}}, // 14
            ]
        });
        let Some(out) = query(site.path(), &req) else {
            return;
        };
        let q = &out["queries"];

        // Stemming: "ledger" finds the page that only says "ledgers" under #history.
        let ledger = &q[0];
        assert!(urls(ledger).contains(&"/glossary/ledger/".to_string()), "{ledger}");
        let r = &ledger["results"][0];
        assert_eq!(r["url"], "/glossary/ledger/");
        assert_eq!(r["meta"]["title"], "Distributed ledger");
        assert!(r["excerpt"].as_str().unwrap().contains("<mark>"), "{r}");
        let subs: Vec<&str> = r["sub_results"].as_array().unwrap().iter().map(|s| s["url"].as_str().unwrap()).collect();
        assert!(subs.contains(&"/glossary/ledger/#history"), "{subs:?}");
        assert!(subs.contains(&"/glossary/ledger/#uses"), "{subs:?}");
        assert_eq!(r["filters"]["audience"], serde_json::json!(["managers", "auditors"]));
        assert_eq!(r["filters"]["sdg"], serde_json::json!(["16"]));
        assert_eq!(r["filters"]["domain"], serde_json::json!(["blockchain"]));
        assert_eq!(r["filters"]["section"], serde_json::json!(["Glossary"]));

        // Chinese: two- and three-character queries that occur in the text; one that doesn't.
        for i in [1, 2, 3] {
            assert_eq!(urls(&q[i]), vec!["/zh/dlt/".to_string()], "query {}: {}", q[i]["q"], q[i]);
        }
        let zh = &q[1]["results"][0];
        assert_eq!(zh["meta"]["title"], "分布式账本技术");
        assert!(zh["excerpt"].as_str().unwrap().contains("<mark>账本</mark>"), "{zh}");
        assert_eq!(q[4]["count"], 0, "{}", q[4]);

        // Ignored and out-of-body text is not indexed; pages without a body are skipped.
        assert_eq!(q[5]["count"], 0, "tooltip text indexed: {}", q[5]);
        assert_eq!(q[6]["count"], 0, "nav text indexed: {}", q[6]);
        assert_eq!(q[7]["count"], 0, "page without data-pagefind-body indexed: {}", q[7]);
        assert_eq!(q[12]["count"], 0, "ignored filter span text indexed: {}", q[12]);

        // A title containing <script> is stored as text: meta is the literal text,
        // the excerpt has it entity-escaped; no raw tag survives.
        let s = &q[8]["results"][0];
        assert_eq!(s["meta"]["title"], "About <script> tags & escaping");
        let ex = s["excerpt"].as_str().unwrap();
        assert!(!ex.contains("<script"), "{ex}");
        assert!(ex.contains("&lt;"), "{ex}");

        // Filters.
        let mut both = urls(&q[9]);
        both.sort();
        assert_eq!(both, vec!["/glossary/ledger/", "/guides/governance/"]);
        assert_eq!(urls(&q[10]), vec!["/glossary/ledger/"]);
        let f = &out["filters"];
        assert_eq!(f["audience"]["managers"], 2, "{f}"); // en + merged zh
        assert_eq!(f["sdg"]["16"], 1, "{f}");
        assert_eq!(f["section"]["Guides"], 2, "{f}"); // governance, escaping
                                                      // Heading weight: a single mention in an h2 outranks a single mention in body text.
        assert_eq!(urls(&q[11])[0], "/w/heading/", "{}", q[11]);
        let sub = &q[11]["results"][0]["sub_results"][0];
        assert_eq!(sub["url"], "/w/heading/#reconciliation");

        // {"any": [...]}: either value matches (what the search page sends for one group).
        assert_eq!(q[14]["count"], 2, "{}", q[14]);
        let m = &q[13]["results"][0]["sub_results"];
        assert!(
            m.as_array().unwrap().iter().any(|s| s["url"] == "/glossary/ledger/#history"
                && s["excerpt"].as_str().unwrap().contains("<mark>merchants</mark>")),
            "{m}"
        );
    }

    /// A page laid out like the default theme's: header with the search form, a long
    /// navigation before the article, comments, a script, an anchor with an id.
    pub(super) fn page_with_navigation(url: &str, lang: &str, body: &str) -> SearchPage {
        let links: String =
            (0..50).map(|i| format!(r#"<li><a href="../p{i}/" id="nav-{i}">Navword {i}</a></li>"#)).collect();
        SearchPage {
            url: url.into(),
            html: format!(
                r#"<!doctype html>
<html lang="{lang}">
<head><meta charset="utf-8"><script>if (a < b) {{ document.title = "x"; }}</script><title>Page · Site</title></head>
<body id="top">
<!-- site header -->
<header class="site-header"><a href="../">Site</a>
<form role="search" data-search data-pagefind-path="../pagefind/"><input name="q" type="search"><ul hidden></ul></form>
<div data-theme-switch hidden><select><option value="x">X</option></select></div></header>
<div class="layout">
<nav id="site-nav"><details open><summary>Guides</summary><ul>{links}</ul></details><br></nav>
<aside><p>Aside text asideword <em>x</em></p></aside>
<main id="main">
<article class="page" data-pagefind-body>
<h1 data-pagefind-meta="title">Navigation test</h1>
<span hidden data-pagefind-ignore data-pagefind-filter="section">Guides</span>
{body}
</article>
</main>
</div>
<footer>Footer footerword</footer>
</body>
</html>"#
            ),
        }
    }

    /// The index of the cut pages is the index of the whole pages, file for file.
    #[test]
    fn indexable_html_gives_the_same_index() {
        let mut pages = all_pages();
        pages.push(page_with_navigation("/n/en/", "en", "<p>Ledger text.</p><h2 id=\"a\">Audit</h2><p>More.</p>"));
        pages.push(page_with_navigation("/n/zh/", "zh", "<p>分布式账本技术。</p><h2 id=\"b\">风险</h2><p>治理。</p>"));
        assert!(pages.iter().filter(|p| matches!(indexable_html(&p.html), Cow::Owned(_))).count() >= 2);
        let whole = build_index_guarded(pages.clone(), false).unwrap();
        let cut = build_index_guarded(pages.clone(), true).unwrap();
        assert_eq!(whole.len(), cut.len());
        for (a, b) in whole.iter().zip(&cut) {
            assert_eq!(a.path, b.path);
            assert!(a.contents == b.contents, "{} differs", a.path);
        }
    }

    /// A site in several languages is indexed one language at a time, in parallel; the
    /// joined bundle is the bundle of one Pagefind run over every page, file for file.
    #[test]
    fn languages_indexed_apart_give_the_index_of_one_run() {
        let mut pages = all_pages();
        pages.push(page_with_navigation("/n/fr/", "fr", "<p>Registre distribué.</p><h2 id=\"c\">Audit</h2>"));
        let langs: BTreeSet<String> = pages.iter().map(|p| page_language(&p.html)).collect();
        assert!(langs.len() >= 3, "{langs:?}");
        let joined = build_index_guarded(pages.clone(), true).unwrap();
        let mut inputs: Vec<(String, String)> =
            pages.iter().map(|p| (p.url.clone(), indexable_html(&p.html).into_owned())).collect();
        inputs.sort();
        let one = index_with_pagefind(inputs).unwrap();
        let paths = |b: &[SearchFile]| b.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&joined), paths(&one));
        for (a, b) in joined.iter().zip(&one) {
            assert!(a.contents == b.contents, "{} differs", a.path);
        }
    }

    /// Pages with what differs from part to part: words with diacritics, a meta field
    /// (image) and filter values some parts lack, weights, sub-results, two languages.
    fn varied_pages() -> Vec<SearchPage> {
        let mut pages = all_pages();
        pages.extend(synthetic_pages(40));
        for i in 0..12 {
            let image = if i % 5 == 0 { r#"<img data-pagefind-meta="image[src]" src="/i.png" alt="">"# } else { "" };
            let kind = if i < 6 { "early" } else { "late" };
            let body = format!(
                "<p>café cafe naïve naive résumé v{i}</p>{image}<h2 id=\"h{i}\">Über</h2><p data-pagefind-weight=\"4\">ledger text</p>"
            );
            pages.push(SearchPage {
                url: format!("/v/{i:02}/"),
                html: page("en", &format!("Café {i}"), &[("kind", kind)], &body),
            });
            let zh = format!("<p>分布式账本技术{i}。联合国。</p><h2 id=\"z{i}\">风险</h2><p>治理。</p>");
            pages.push(SearchPage { url: format!("/zh/{i:02}/"), html: page("zh", &format!("账本 {i}"), &[], &zh) });
        }
        pages
    }

    fn assert_same_files(a: &[SearchFile], b: &[SearchFile], what: &str) {
        let paths = |x: &[SearchFile]| x.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(a), paths(b), "{what}");
        for (x, y) in a.iter().zip(b) {
            assert!(x.contents == y.contents, "{} differs ({what})", x.path);
        }
    }

    /// A language indexed in parts on several cores gives the bundle of one Pagefind run
    /// over all its pages, file for file, whatever the size of the parts.
    #[test]
    fn parts_joined_give_the_index_of_one_run() {
        let pages = varied_pages();
        let one = build_index_in_parts(pages.clone(), true, usize::MAX).unwrap();
        for part_pages in [1, 2, 7, 25] {
            let joined = build_index_in_parts(pages.clone(), true, part_pages).unwrap();
            assert_same_files(&joined, &one, &format!("parts of {part_pages} pages"));
        }
        // The join itself, not a fallback to one run: the English pages in parts of 9.
        let mut english: Vec<SearchPage> =
            pages.into_iter().filter(|p| page_language(&p.html) == "en" && p.html.contains(BODY_ATTR)).collect();
        english.sort_by(|a, b| a.url.cmp(&b.url));
        let bundles: Vec<Vec<SearchFile>> = english.chunks(9).map(|c| index_part(c.to_vec(), true).unwrap()).collect();
        assert!(bundles.len() >= 6);
        let joined = parts::join_parts(bundles).unwrap().expect("the parts join");
        assert_same_files(&joined, &index_part(english, true).unwrap(), "English pages in parts of 9");
    }

    /// What the join cannot reproduce (sort keys) is indexed in one run; pages without a
    /// search region are left out as one run leaves them out.
    #[test]
    fn parts_fall_back_to_one_run() {
        let mut pages: Vec<SearchPage> = synthetic_pages(12);
        pages[3].html = pages[3]
            .html
            .replace("<article data-pagefind-body>", "<article data-pagefind-body data-pagefind-sort=\"rank:3\">");
        let one = build_index_in_parts(pages.clone(), true, usize::MAX).unwrap();
        assert_same_files(&build_index_in_parts(pages.clone(), true, 4).unwrap(), &one, "sort keys");
        let mut pages = synthetic_pages(12);
        pages.push(SearchPage {
            url: "/list/".into(),
            html: "<!DOCTYPE html><html lang=\"en\"><body><h1>List</h1><p>zebraword</p></body></html>".into(),
        });
        let one = build_index_in_parts(pages.clone(), true, usize::MAX).unwrap();
        assert_same_files(&build_index_in_parts(pages.clone(), true, 4).unwrap(), &one, "a page without a region");
    }

    #[test]
    fn a_page_language_is_its_html_lang() {
        assert_eq!(page_language("<!doctype html>\n<html lang=\"zh-CN\" dir=\"ltr\"><body>"), "zh-cn");
        assert_eq!(page_language("<html dir=\"rtl\" lang=\"ar\">"), "ar");
        assert_eq!(page_language("<html><body lang=\"fr\">"), "");
        assert_eq!(page_language("no markup"), "");
    }

    #[test]
    fn chinese_page_as_primary_language() {
        let files = build_index(&all_pages()).unwrap();
        let site = write_site(&files);
        let req = serde_json::json!({
            "lang": "zh",
            "queries": [{"q": "账本"}, {"q": "联合国"}, {"q": "不存在"}, {"q": "governance"}]
        });
        let Some(out) = query(site.path(), &req) else {
            return;
        };
        let q = &out["queries"];
        assert_eq!(out["primary"], "zh");
        assert_eq!(urls(&q[0]), vec!["/zh/dlt/"]);
        assert_eq!(urls(&q[1]), vec!["/zh/dlt/"]);
        assert_eq!(q[2]["count"], 0);
        // English pages are still searched (merged), though without English stemming.
        assert_eq!(urls(&q[3]), vec!["/guides/governance/"]);
    }

    #[test]
    fn filter_spans_outside_body_and_unignored() {
        // Filters are collected anywhere inside <html>; text of a filter span inside the body
        // is indexed unless the span also has data-pagefind-ignore.
        let html = r#"<!DOCTYPE html><html lang="en"><head><title>T</title></head><body>
<div hidden><span data-pagefind-filter="domain">outsidebodyvalue</span></div>
<article data-pagefind-body><h1 data-pagefind-meta="title">Filter placement</h1>
<span data-pagefind-filter="audience" hidden>insidebodyvalue</span>
<p>Some text about placement.</p></article></body></html>"#;
        let files = build_index(&[SearchPage { url: "/f/".into(), html: html.into() }]).unwrap();
        let site = write_site(&files);
        let req = serde_json::json!({"lang": "en", "queries": [
            {"q": "placement"}, {"q": "insidebodyvalue"}, {"q": "outsidebodyvalue"}]});
        let Some(out) = query(site.path(), &req) else {
            return;
        };
        let q = &out["queries"];
        let r = &q[0]["results"][0];
        assert_eq!(r["filters"]["domain"], serde_json::json!(["outsidebodyvalue"]));
        assert_eq!(r["filters"]["audience"], serde_json::json!(["insidebodyvalue"]));
        assert_eq!(q[1]["count"], 1, "un-ignored span text inside the body is indexed");
        assert_eq!(q[2]["count"], 0, "span text outside the body is not indexed");
    }

    /// Cross-process determinism check: run twice and compare the printed digest.
    /// `cargo test -q -- --ignored --nocapture print_digest`
    #[test]
    #[ignore]
    fn print_digest() {
        use std::hash::{Hash, Hasher};
        let files = build_index(&all_pages()).unwrap();
        let mut h = std::collections::hash_map::DefaultHasher::new(); // fixed keys
        for f in &files {
            f.path.hash(&mut h);
            f.contents.hash(&mut h);
        }
        eprintln!("digest {:016x} over {} files", h.finish(), files.len());
    }

    /// Writes a browsable demo site (fixture pages, 40 synthetic pages, the bundle) for
    /// manual or headless-browser checks of search.js:
    /// `SEARCH_DEMO_DIR=/tmp/demo cargo test -q -- --ignored write_demo_site`
    #[test]
    #[ignore]
    fn write_demo_site() {
        let Some(dir) = std::env::var_os("SEARCH_DEMO_DIR") else {
            return;
        };
        let dir = PathBuf::from(dir);
        let mut pages = all_pages();
        pages.extend(synthetic_pages(40));
        for f in build_index(&pages).unwrap() {
            let path = dir.join(&f.path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &f.contents).unwrap();
        }
        for p in &pages {
            let path = dir.join(p.url.trim_start_matches('/')).join("index.html");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, &p.html).unwrap();
        }
    }

    /// Measurements for the report:
    /// `cargo test -q --release -- --ignored --nocapture bench`
    /// (add `BENCH_HTML_DIR=dir` to measure a directory of `<url>/index.html` pages listed in
    /// `dir/urls.txt` too, e.g. from shared/bench/gen_corpus.py run through a converter).
    #[test]
    #[ignore]
    fn bench_index_size_and_time() {
        let sizes: &[usize] = if std::env::var_os("BENCH_SKIP_SYNTHETIC").is_some() { &[] } else { &[100, 1000] };
        for &n in sizes {
            bench_report(&format!("{n} synthetic pages"), &synthetic_pages(n));
        }
        if let Some(dir) = std::env::var_os("BENCH_HTML_DIR") {
            let dir = PathBuf::from(dir);
            let urls = std::fs::read_to_string(dir.join("urls.txt")).unwrap();
            let pages: Vec<SearchPage> = urls
                .lines()
                .filter(|l| !l.is_empty())
                .map(|url| SearchPage {
                    url: url.to_string(),
                    html: std::fs::read_to_string(dir.join(url.trim_start_matches('/')).join("index.html")).unwrap(),
                })
                .collect();
            bench_report(&format!("{} corpus pages from {}", pages.len(), dir.display()), &pages);
        }
    }

    fn bench_report(label: &str, pages: &[SearchPage]) {
        let html_bytes: usize = pages.iter().map(|p| p.html.len()).sum();
        let t = std::time::Instant::now();
        let files = build_index(pages).unwrap();
        let elapsed = t.elapsed();
        assert!(files == build_index(pages).unwrap(), "not deterministic: {label}");
        let total: usize = files.iter().map(|f| f.contents.len()).sum();
        let count = |pre: &str| files.iter().filter(|f| f.path.starts_with(pre)).count();
        let size = |pre: &str| -> f64 {
            files.iter().filter(|f| f.path.starts_with(pre)).map(|f| f.contents.len()).sum::<usize>() as f64 / 1024.0
        };
        eprintln!(
            "{label} ({:.1} MiB HTML): build {:.2} s wall, {} files, {:.1} KiB total; fragments {} ({:.1} KiB), index chunks {} ({:.1} KiB), filters {} ({:.1} KiB), meta {:.1} KiB, wasm {:.1} KiB, pagefind.js {:.1} KiB, worker {:.1} KiB",
            html_bytes as f64 / 1048576.0,
            elapsed.as_secs_f64(),
            files.len(),
            total as f64 / 1024.0,
            count("pagefind/fragment/"), size("pagefind/fragment/"),
            count("pagefind/index/"), size("pagefind/index/"),
            count("pagefind/filter/"), size("pagefind/filter/"),
            size("pagefind/pagefind.") - size("pagefind/pagefind.js"),
            size("pagefind/wasm."),
            size("pagefind/pagefind.js"),
            size("pagefind/pagefind-worker.js"),
        );
        let site = write_site(&files);
        // Each query in a fresh node process: what a first query costs.
        for q in ["ledger", "audit", "governance", "reconcile disbursement", "区块链"] {
            let req = serde_json::json!({"lang": "en", "limit": 8, "queries": [{"q": q}]});
            let Some(out) = query(site.path(), &req) else {
                return;
            };
            let init: u64 = out["init_fetched"].as_array().unwrap().iter().map(|f| f["bytes"].as_u64().unwrap()).sum();
            let q = &out["queries"][0];
            let all: Vec<&Value> =
                out["init_fetched"].as_array().unwrap().iter().chain(q["fetched"].as_array().unwrap()).collect();
            let kinds = |k: &str| -> (usize, u64) {
                let v: Vec<&&Value> = all.iter().filter(|f| f["path"].as_str().unwrap().contains(k)).collect();
                (v.len(), v.iter().map(|f| f["bytes"].as_u64().unwrap()).sum())
            };
            eprintln!(
                "  first query {}: {} results; {} bytes in {} files (+ pagefind-worker.js in a browser): js {:?}, entry {:?}, wasm {:?}, meta {:?}, index {:?}, fragments {:?}",
                q["q"], q["count"], init + q["fetched_bytes"].as_u64().unwrap(), all.len(),
                kinds("pagefind.js"), kinds("entry.json"), kinds("wasm."), kinds(".pf_meta"), kinds("/index/"), kinds("/fragment/")
            );
        }
    }

    fn synthetic_pages(n: usize) -> Vec<SearchPage> {
        // Deterministic pseudo-random ~850-word pages from a fixed vocabulary.
        const WORDS: &[&str] = &[
            "ledger",
            "governance",
            "audit",
            "sustainability",
            "contract",
            "blockchain",
            "data",
            "management",
            "policy",
            "risk",
            "oversight",
            "procurement",
            "budget",
            "transparency",
            "accountability",
            "network",
            "node",
            "consensus",
            "token",
            "identity",
            "privacy",
            "security",
            "compliance",
            "evaluation",
            "inspection",
            "organization",
            "system",
            "agency",
            "report",
            "recommendation",
            "framework",
            "strategy",
            "implementation",
            "capacity",
            "training",
            "resource",
            "finance",
            "operation",
            "digital",
            "technology",
            "innovation",
            "partnership",
            "member",
            "state",
            "development",
            "goal",
            "indicator",
            "monitoring",
            "review",
            "process",
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "for",
            "that",
            "with",
            "as",
            "on",
            "by",
        ];
        let mut seed: u64 = 42;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        (0..n)
            .map(|i| {
                let mut body = String::new();
                for s in 0..6 {
                    body.push_str(&format!("<h2 id=\"s{s}\">Section {s} {}</h2>\n", WORDS[(next() % 50) as usize]));
                    for _ in 0..2 {
                        body.push_str("<p>");
                        for w in 0..70 {
                            let word = WORDS[(next() % WORDS.len() as u64) as usize];
                            body.push_str(word);
                            body.push_str(if w % 12 == 11 { ". " } else { " " });
                        }
                        body.push_str(&format!("KBREF-{i:06}{s}</p>\n"));
                    }
                }
                SearchPage {
                    url: format!("/area-{}/page-{i}/", i % 10),
                    html: page(
                        "en",
                        &format!("Page {i} {}", WORDS[i % 50]),
                        &[
                            ("audience", ["managers", "staff", "auditors"][i % 3]),
                            ("sdg", &format!("{}", i % 17 + 1)),
                            ("section", &format!("Area {}", i % 10)),
                        ],
                        &body,
                    ),
                }
            })
            .collect()
    }
}
