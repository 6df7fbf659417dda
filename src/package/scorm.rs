//! SCORM packages, one per training path (`primer package`): SCORM 1.2, or SCORM 2004
//! 4th Edition with `--scorm 2004`.
//!
//! A package holds the path's overview, its modules (the knowledge check among them)
//! and the files they reference (stylesheets, scripts, images), at the paths they have
//! on the site, so relative links between them keep working; nothing else of the site.
//! Links to pages of the site outside the path point at the published site when
//! `base_url` is set (opening in a new window), and otherwise lose their target and are
//! marked as outside the course. The site's search box is left out (its index is not in
//! the package).
//!
//! The launch page, `launch.html`, is the one SCO: it finds the LMS's API, holds the
//! session and shows the pages in a frame; the theme's `scorm.js` does both halves (see
//! its header). `imsmanifest.xml` and the schema files it names are written by
//! [`manifest`](super::manifest), for either edition.
//!
//! Checks (build errors): a path without modules, a reference to a file the site does
//! not have, a theme without `scorm.js`, and a package whose pages reference a file the
//! package does not hold (every `href`/`src` and stylesheet `url()` is checked against
//! the zip's list after it is assembled). A pass mark outside 0-100 is refused earlier,
//! by `resolve`.

use super::manifest::{self, Edition, LAUNCH};
use super::markup::{self, attributes, css_refs, file_of, is_local, resolve, splice, REF_ATTRS};
use super::Output;
use crate::diagnostics::{position, Diagnostic};
use crate::html::escape;
use crate::model::{OutputFile, Site, TrainingPath};
use crate::pipeline::{Extra, ExtraInput};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Where the packages go among the build's files (never written with the site: the
/// `package` command builds without writing and takes them out).
pub const PREFIX: &str = ".primer-scorm/";

/// The `package` command's step, for SCORM 1.2.
pub const EXTRA: Extra = Extra { wanted: |_| true, run: |input| run(input, Edition::Scorm12) };

/// The `package --scorm 2004` step.
pub const EXTRA_2004: Extra = Extra { wanted: |_| true, run: |input| run(input, Edition::Scorm2004) };

/// The file the theme's runtime bridge lives in.
pub(crate) const BRIDGE: &str = "scorm.js";

fn run(input: &ExtraInput<'_>, edition: Edition) -> (Vec<OutputFile>, Vec<Diagnostic>) {
    let out = match Output::new(input.files, input.assets) {
        Ok(out) => out,
        Err(d) => return (Vec::new(), d),
    };
    let base = input.config.base();
    let mut files = Vec::new();
    let mut diags = Vec::new();
    for (site, strings) in input.sites.iter().zip(&input.strings) {
        let code = site.prefix.trim_end_matches('/');
        let lang = if code.is_empty() { input.config.language.as_str() } else { code };
        let outside = Outside {
            local: strings.get("outside_course").unwrap_or(OUTSIDE_TITLE),
            published: strings.get("outside_course_opens").unwrap_or(OUTSIDE_OPENS_TITLE),
        };
        for path in &site.paths {
            let package = Package { site, path, out: &out, base: base.as_deref(), outside, edition };
            match package.build(lang, input.config.paths.pass_mark) {
                Ok((name, bytes)) => files.push(OutputFile { path: format!("{PREFIX}{name}"), contents: bytes.into() }),
                Err(d) => diags.extend(d),
            }
        }
    }
    (files, diags)
}

/// The package's file name: the path's id, and the language for a translation
/// (`managers.zip`, `managers.zh.zip`).
pub(crate) fn package_name(site: &Site, path: &TrainingPath) -> String {
    let lang = site.prefix.trim_end_matches('/');
    if lang.is_empty() {
        format!("{}.zip", path.id)
    } else {
        format!("{}.{lang}.zip", path.id)
    }
}

/// What the launch page tells the bridge about the course.
#[derive(serde::Serialize)]
struct Course<'a> {
    id: &'a str,
    title: &'a str,
    /// Site paths of the modules, as the theme keys "done" (`paths/a/m/`).
    modules: Vec<String>,
    /// The knowledge check: the last module with a quiz.
    check: Option<String>,
    pass_mark: u8,
    /// The overview page, relative to the launch page.
    start: String,
}

fn site_path(site: &Site, page: crate::model::PageId) -> String {
    site.pages[page].url.trim_start_matches('/').to_string()
}

/// The titles of links to pages of the site outside the course, in the site's language.
#[derive(Clone, Copy)]
struct Outside<'a> {
    /// Without a published site: the link leads nowhere.
    local: &'a str,
    /// To the published site, in a new window.
    published: &'a str,
}

/// One path's package in the making.
struct Package<'a> {
    site: &'a Site,
    path: &'a TrainingPath,
    out: &'a Output,
    base: Option<&'a str>,
    outside: Outside<'a>,
    edition: Edition,
}

impl Package<'_> {
    fn overview(&self) -> &crate::model::Page {
        &self.site.pages[self.path.page]
    }

    /// The package: (file name, zip bytes), or every error found on the way.
    fn build(&self, lang: &str, site_pass_mark: u8) -> Result<(String, Vec<u8>), Vec<Diagnostic>> {
        self.check_path()?;
        let name = package_name(self.site, self.path);
        let mut diags = Vec::new();
        let (mut zip_files, needed) = self.pages(&mut diags);
        self.static_files(needed, &mut zip_files, &mut diags);
        let course = self.course(site_pass_mark);
        let lang = self.overview().fm.language.clone().unwrap_or_else(|| lang.to_string());
        zip_files
            .insert(LAUNCH.to_string(), launch_page(&course, &lang, &self.out.versioned(BRIDGE)).into_bytes().into());
        for (file, line, v) in missing_references(&zip_files) {
            diags.push(
                Diagnostic::error(
                    &self.overview().display,
                    0,
                    0,
                    format!("package `{name}` is incomplete: `{file}` line {line} references `{v}`, which is not in it"),
                )
                .with_hint("this is a bug in primer's packaging or a theme file that loads another file at run time; please report it"),
            );
        }
        if !diags.is_empty() {
            return Err(diags);
        }
        let manifest = manifest::manifest(self.edition, (course.id, course.title, course.pass_mark), &zip_files);
        zip_files.insert("imsmanifest.xml".into(), manifest.into_bytes().into());
        for &(file, bytes) in manifest::schemas(self.edition) {
            zip_files.insert(file.to_string(), Arc::from(bytes));
        }
        let list: Vec<(String, Arc<[u8]>)> = zip_files.into_iter().collect();
        crate::package::zip(&list).map(|bytes| (name.clone(), bytes)).map_err(|e| {
            vec![Diagnostic::error(&self.overview().display, 0, 0, format!("cannot write package `{name}`: {e}"))]
        })
    }

    /// A path without modules, or a theme without the bridge, makes no package.
    fn check_path(&self) -> Result<(), Vec<Diagnostic>> {
        let overview = self.overview();
        if self.path.modules.is_empty() {
            let line =
                overview.fm.key_lines.get("modules").or(overview.fm.key_lines.get("title")).copied().unwrap_or(1);
            return Err(vec![Diagnostic::error(
                &overview.display,
                line,
                1,
                format!("training path `{}` has no modules, so its SCORM package would be empty", self.path.id),
            )
            .with_hint("list the path's pages under `modules:` (relative links to .md files)")]);
        }
        if !self.out.has(BRIDGE) {
            return Err(vec![Diagnostic::error(
                &overview.display,
                0,
                0,
                format!("the theme has no `{BRIDGE}`, which SCORM packages need to report to the LMS"),
            )
            .with_hint(format!(
                "copy `static/{BRIDGE}` from primer's default theme into your theme's static folder"
            ))]);
        }
        Ok(())
    }

    /// The overview and the modules, rewritten for the package, by file; and the static
    /// files they reference (the bridge first).
    fn pages(&self, diags: &mut Vec<Diagnostic>) -> (BTreeMap<String, Arc<[u8]>>, Vec<String>) {
        let (site, path) = (self.site, self.path);
        let pages: Vec<crate::model::PageId> = std::iter::once(path.page).chain(path.modules.iter().copied()).collect();
        let page_files: BTreeSet<String> = pages.iter().map(|&i| file_of(&site_path(site, i))).collect();
        let mut zip_files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
        let mut needed: Vec<String> = vec![BRIDGE.to_string()];
        for &i in &pages {
            let page = &site.pages[i];
            let file = file_of(&site_path(site, i));
            let Some(html) = self.out.text(&file) else {
                diags.push(Diagnostic::error(&page.display, 0, 0, format!("the page's output `{file}` is missing")));
                continue;
            };
            let rewritten = self.rewrite_page(page, &file, html, &page_files, &mut needed, diags);
            zip_files.insert(file, rewritten.into_bytes().into());
        }
        (zip_files, needed)
    }

    /// The static files the pages need, and what stylesheets need in turn, into `zip_files`.
    fn static_files(
        &self,
        mut needed: Vec<String>,
        zip_files: &mut BTreeMap<String, Arc<[u8]>>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let out = self.out;
        let mut seen = BTreeSet::new();
        while let Some(f) = needed.pop() {
            if !seen.insert(f.clone()) || zip_files.contains_key(&f) {
                continue;
            }
            let Some(bytes) = out.get(&f) else { continue };
            if f.ends_with(".css") {
                let css = String::from_utf8_lossy(bytes);
                for (_, v) in css_refs(&css) {
                    if let Some((target, _)) = is_local(&v).then(|| resolve(&f, &v)).flatten() {
                        if out.has(&target) {
                            needed.push(target);
                        } else {
                            diags.push(Diagnostic::error(
                                &f,
                                0,
                                0,
                                format!("stylesheet `{f}` references `{v}`, which the site does not have"),
                            ));
                        }
                    }
                }
            }
            zip_files.insert(f, bytes.clone());
        }
    }

    /// What the launch page tells the bridge: modules, knowledge check and pass mark.
    fn course(&self, site_pass_mark: u8) -> Course<'_> {
        let (site, path, overview) = (self.site, self.path, self.overview());
        let check_page = path.modules.iter().rev().copied().find(|&m| !site.pages[m].fm.quiz.is_empty());
        // As the theme marks the check: the check page's pass mark, the path's, the site's.
        let pass_mark =
            check_page.and_then(|m| site.pages[m].fm.pass_mark).or(overview.fm.pass_mark).unwrap_or(site_pass_mark);
        Course {
            id: &path.id,
            title: &overview.fm.title,
            modules: path.modules.iter().map(|&m| site_path(site, m)).collect(),
            check: check_page.map(|m| site_path(site, m)),
            pass_mark,
            start: file_of(&site_path(site, path.page)),
        }
    }

    /// A page of the package with its references rewritten: pages of the course by file
    /// name, pages outside it to the published site or marked, static files noted in
    /// `needed`, the search box left out, the bridge loaded in the head.
    fn rewrite_page(
        &self,
        page: &crate::model::Page,
        file: &str,
        html: &str,
        page_files: &BTreeSet<String>,
        needed: &mut Vec<String>,
        diags: &mut Vec<Diagnostic>,
    ) -> String {
        let out = self.out;
        let attrs = attributes(html);
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        // The site search needs the site's index: leave the box out.
        let mut cut: Vec<std::ops::Range<usize>> = Vec::new();
        for a in attrs.iter().filter(|a| a.tag == "form" && a.name == "data-search") {
            if let Some(r) = markup::element_range(html, a.tag_range.start, "form") {
                cut.push(r.clone());
                edits.push((r, String::new()));
            }
        }
        for a in &attrs {
            if !REF_ATTRS.contains(&a.name.as_str())
                || !is_local(&a.value)
                || cut.iter().any(|r| r.contains(&a.whole.start))
            {
                continue;
            }
            let Some((target_path, tail)) = resolve(file, &a.value) else {
                diags.push(reference_error(page, file, html, a, "climbs above the site's root"));
                continue;
            };
            let mut target = file_of(&target_path);
            if !out.has(&target) && out.has(&format!("{target_path}/index.html")) {
                target = format!("{target_path}/index.html");
            }
            if page_files.contains(&target) {
                let rel = relative(file, &target);
                edits.push((a.whole.clone(), format!("{}=\"{}{}\"", a.name, escape(&rel), escape(&tail))));
            } else if target.ends_with(".html") && out.has(&target) {
                let shown = target_path.trim_end_matches("index.html");
                let titled = attrs.iter().any(|b| b.tag_range == a.tag_range && b.name == "title");
                edits.push((a.whole.clone(), self.outside_link(a, shown, &tail, titled)));
            } else if out.has(&target) {
                needed.push(target);
            } else {
                diags.push(reference_error(page, file, html, a, "is not a file of the site"));
            }
        }
        let root = markup::root_of(file);
        let head = format!(
            "<style>a[data-outside-course]::after{{content:\" \\2197\"}}a[data-outside-course]:not([href]){{text-decoration:underline dotted;cursor:help}}</style>\n<script src=\"{root}{}\" data-page=\"{}\"></script>\n",
            escape(&out.versioned(BRIDGE)),
            escape(page.url.trim_start_matches('/'))
        );
        if let Some(at) = html.find("</head>") {
            edits.push((at..at, head));
        }
        splice(html, edits)
    }

    /// What replaces the reference `a` to the site's page `shown` (+ `tail`), which the
    /// package does not hold: the published page in a new window when there is one, and
    /// otherwise no target; links are marked as outside the course either way, and say
    /// so in a title unless they have one (`titled`).
    fn outside_link(&self, a: &markup::Attr, shown: &str, tail: &str, titled: bool) -> String {
        let title = |t: &str| if titled { String::new() } else { format!(" title=\"{}\"", escape(t)) };
        match (self.base, a.tag.as_str()) {
            (Some(b), "a") => format!(
                "{}=\"{}\" target=\"_blank\" rel=\"noopener\" data-outside-course{}",
                a.name,
                escape(&format!("{b}{shown}{tail}")),
                title(self.outside.published)
            ),
            (Some(b), _) => format!("{}=\"{}\"", a.name, escape(&format!("{b}{shown}{tail}"))),
            (None, "a") => format!("data-outside-course=\"{}\"{}", escape(shown), title(self.outside.local)),
            (None, _) => String::new(),
        }
    }
}

/// The title of a link to a page outside the course, when there is no published site
/// (the theme's `outside_course`, for a theme without it).
const OUTSIDE_TITLE: &str = "Outside this course: the page is on the portal, not in this package";

/// The title of a link to the published site's page outside the course (the theme's
/// `outside_course_opens`, for a theme without it).
const OUTSIDE_OPENS_TITLE: &str = "Outside this course: opens the portal in a new window";

fn reference_error(page: &crate::model::Page, file: &str, html: &str, a: &markup::Attr, what: &str) -> Diagnostic {
    // Point at the source line that mentions the file, if the reference comes from the text.
    let needle = a.value.rsplit('/').find(|s| !s.is_empty()).unwrap_or(&a.value);
    let line = page.text.lines().position(|l| l.contains(needle)).map_or(0, |l| l + 1);
    let out_line = position(html, a.whole.start).0;
    Diagnostic::error(
        &page.display,
        line,
        0,
        format!("`{}` (in `{file}` line {out_line}) {what}, so the SCORM package cannot hold it", a.value),
    )
    .with_hint("link to a page or file that exists in the site (static files go in static/ or beside the page)")
}

/// `to` relative to the folder of `from` (both site paths of files).
pub(crate) fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len() - 1];
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut s = "../".repeat(from_dir.len() - common);
    s.push_str(&to_parts[common..].join("/"));
    s
}

/// Every local reference of the package's HTML and CSS files that names no file in it:
/// (file, line, reference).
pub(crate) fn missing_references(files: &BTreeMap<String, Arc<[u8]>>) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        let Ok(text) = std::str::from_utf8(bytes) else { continue };
        let refs: Vec<(usize, String)> = if name.ends_with(".html") {
            attributes(text)
                .into_iter()
                .filter(|a| REF_ATTRS.contains(&a.name.as_str()) && !(a.tag == "link" && a.value.is_empty()))
                .map(|a| (a.whole.start, a.value))
                .collect()
        } else if name.ends_with(".css") {
            css_refs(text).into_iter().map(|(r, v)| (r.start, v)).collect()
        } else {
            continue;
        };
        for (at, v) in refs {
            if !is_local(&v) {
                continue;
            }
            let present = resolve(name, &v).is_some_and(|(p, _)| files.contains_key(&p) && !p.is_empty());
            if !present {
                out.push((name.clone(), position(text, at).0, v));
            }
        }
    }
    out
}

fn launch_page(course: &Course<'_>, lang: &str, bridge: &str) -> String {
    let json = serde_json::to_string(course).unwrap_or_default().replace("</", "<\\/");
    format!(
        "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>html,body{{margin:0;height:100%;overflow:hidden}}iframe{{display:block;border:0;width:100%;height:100%}}</style>\n<script type=\"application/json\" id=\"primer-course\">{json}</script>\n<script src=\"{bridge}\" data-shell></script>\n</head>\n<body>\n<iframe id=\"primer-course-frame\" title=\"{title}\"></iframe>\n<noscript><p><a href=\"{start}\">{title}</a></p></noscript>\n</body>\n</html>\n",
        lang = escape(lang),
        bridge = escape(bridge),
        title = escape(course.title),
        start = escape(&course.start),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_files() {
        assert_eq!(relative("paths/a/index.html", "paths/a/m/index.html"), "m/index.html");
        assert_eq!(relative("paths/a/m/index.html", "foundations/x/index.html"), "../../../foundations/x/index.html");
        assert_eq!(relative("launch.html", "style.css"), "style.css");
    }

    #[test]
    fn a_file_list_without_a_referenced_file_is_incomplete() {
        let mut files: BTreeMap<String, Arc<[u8]>> = BTreeMap::new();
        let page = "<html><head>\n<link rel=\"stylesheet\" href=\"../style.css\">\n<script src=\"../tree.js\"></script></head>\n<a href=\"#top\">t</a><a href=\"https://un.org/\">u</a><img src=\"pic.png\"></html>";
        files.insert("a/index.html".into(), page.as_bytes().into());
        files.insert("style.css".into(), b"body{background:url(img/bg.png)}".as_slice().into());
        files.insert("tree.js".into(), b"".as_slice().into());
        let missing = missing_references(&files);
        assert_eq!(
            missing,
            vec![
                ("a/index.html".to_string(), 4, "pic.png".to_string()),
                ("style.css".to_string(), 1, "img/bg.png".to_string())
            ]
        );
        files.insert("a/pic.png".into(), b"png".as_slice().into());
        files.insert("img/bg.png".into(), b"png".as_slice().into());
        assert!(missing_references(&files).is_empty());
    }
}
