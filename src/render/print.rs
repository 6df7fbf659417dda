//! A whole training path as one document to read offline or print: the overview,
//! every module's text (decision trees with all their questions and outcomes) and the
//! knowledge check with its answers and explanations, at `<path>/print/`.

use super::path_of;
use super::quiz_view;
use super::template_error;
use super::QuizView;
use super::Reading;
use super::Renderer;
use crate::diagnostics::Diagnostic;
use crate::model::OutputFile;
use crate::urls;
use serde::Serialize;
/// The template of the printable path; a theme without it gets no print pages.
const TEMPLATE: &str = "path_print.html";

/// One module in the printable path.
#[derive(Serialize)]
pub(super) struct PrintModule<'a> {
    pub(super) index: usize,
    /// The module's anchor in the document (`module-3`).
    pub(super) anchor: String,
    pub(super) title: &'a str,
    pub(super) lang: Option<&'a str>,
    /// The module on the site (from the site's root).
    pub(super) path: String,
    pub(super) description: &'a str,
    pub(super) minutes: u32,
    pub(super) exercise_minutes: u32,
    pub(super) pass_mark: u8,
    /// The module's HTML, its links made to work from the print page (links to other
    /// modules of the path lead inside the document) and its ids prefixed (`m3-`).
    pub(super) content: String,
    /// The decision tree, every node shown (same rewriting).
    pub(super) tree: Option<String>,
    pub(super) quiz: Vec<QuizView>,
}

/// What `path_print.html` sees as `print` (besides `page`, the path overview's view).
#[derive(Serialize)]
pub(super) struct PrintView<'a> {
    /// The path's overview on the site (from the site's root).
    pub(super) overview: String,
    /// The overview's own text, rewritten for the print page.
    pub(super) intro: String,
    pub(super) modules: Vec<PrintModule<'a>>,
    /// A module has a decision tree (the page loads tree.css).
    pub(super) has_tree: bool,
}

impl<'a> Renderer<'a> {
    /// The print page of every training path of this language (none when the theme has
    /// no `path_print.html`, or when a page of the site already uses the URL).
    pub fn print_pages(&self) -> (Vec<OutputFile>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut diags = Vec::new();
        if self.site.paths.iter().all(|p| self.print_url(p).is_none()) {
            return (files, diags);
        }
        let site_view = self.site_view();
        let site_ctx = self.site_context(&site_view);
        let reading = self.reading();
        for path in &self.site.paths {
            let Some(url) = self.print_url(path) else { continue };
            match self.print_page(path, &url, &site_ctx, &reading) {
                Ok(html) => match urls::url_to_output(&url) {
                    Ok(out) => files.push(OutputFile { path: out, contents: html.into_bytes().into() }),
                    Err(_) => continue,
                },
                Err(d) => diags.push(d),
            }
        }
        (files, diags)
    }

    /// Where the path's print page goes: `<path>/print/`; none when the theme has no
    /// `path_print.html`, the path is a draft, or a page of the site has that URL.
    pub(super) fn print_url(&self, path: &crate::model::TrainingPath) -> Option<String> {
        let overview = self.site.pages.get(path.page.index())?;
        let url = format!("{}print/", overview.url);
        let made = !overview.fm.draft
            && !self.site.by_url.contains_key(&url)
            && self.tera.get_template_names().any(|n| n == TEMPLATE);
        made.then_some(url)
    }

    fn print_page(
        &self,
        path: &crate::model::TrainingPath,
        url: &str,
        site_ctx: &tera::Context,
        reading: &Reading,
    ) -> Result<String, Diagnostic> {
        let site = self.site;
        let overview = &site.pages[path.page];
        let targets: Vec<&str> = path.modules.iter().map(|&m| site.pages[m].url.as_str()).collect();
        let modules: Vec<PrintModule> = path
            .modules
            .iter()
            .enumerate()
            .map(|(k, &m)| {
                let p = &site.pages[m];
                let n = k + 1;
                let ids = format!("m{n}-");
                let fix = |html: &str| shift_headings(&rebase(html, &p.url, url, &ids, &targets));
                PrintModule {
                    index: n,
                    anchor: format!("module-{n}"),
                    title: &p.fm.title,
                    lang: self.other_language(p),
                    path: path_of(&p.url),
                    description: p.fm.description.as_deref().unwrap_or(""),
                    minutes: p.minutes(),
                    exercise_minutes: p.exercise_minutes(),
                    pass_mark: self.pass_mark(p),
                    content: fix(&p.rendered.html),
                    tree: p.tree.as_ref().map(|t| fix(&t.html)),
                    quiz: quiz_view(p),
                }
            })
            .collect();
        let print = PrintView {
            overview: path_of(&overview.url),
            intro: rebase(&overview.rendered.html, &overview.url, url, "intro-", &targets),
            has_tree: modules.iter().any(|m| m.tree.is_some()),
            modules,
        };
        let mut view = self.page_view(path.page, reading);
        view.path = path_of(url);
        view.canonical = self.config.base().map(|b| format!("{b}{}", path_of(url)));
        view.breadcrumbs.push(self.page_ref(path.page));
        view.translations = Vec::new();
        view.toc = Vec::new();
        view.prev = None;
        view.next = None;
        view.course = false;
        view.has_code = path.modules.iter().any(|&m| site.pages[m].rendered.has_code) || view.has_code;
        view.has_callouts = path.modules.iter().any(|&m| site.pages[m].rendered.has_callouts) || view.has_callouts;
        view.has_containers =
            path.modules.iter().any(|&m| site.pages[m].rendered.has_containers) || view.has_containers;
        view.tree_svg = false;
        let root = urls::root_prefix(url);
        view.nav_html = if self.own_nav() {
            self.own_nav_html(&view.nav, &root, site_ctx)?
        } else {
            self.nav_markup(&view.nav, &root)
        };
        let mut ctx = tera::Context::new();
        ctx.extend(site_ctx.clone());
        ctx.insert("relocatable", &false);
        ctx.insert("root", &root);
        ctx.insert("page", &view);
        ctx.insert("print", &print);
        self.tera.render(TEMPLATE, &ctx).map_err(|e| {
            let what = format!("template `{TEMPLATE}` failed for the printable path of {}", overview.display);
            template_error(&format!("templates/{TEMPLATE}"), &what, &e)
        })
    }
}

/// The attributes whose values [`rebase`] rewrites.
const LINKS: [&str; 2] = ["href", "src"];
const IDS: [&str; 5] = ["id", "for", "aria-describedby", "aria-labelledby", "aria-controls"];

/// A page's HTML made to work inside another page: relative links of the page at site
/// URL `from` rewritten for the page at `to` (a link to one of `modules` leads to its
/// place in the document: `#module-k`, or `#mk-heading`), and every id (and what refers
/// to it) prefixed with `ids`, so pages put together keep their ids unique.
pub(super) fn rebase(html: &str, from: &str, to: &str, ids: &str, modules: &[&str]) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(k) = rest.find("=\"") {
        let (head, tail) = rest.split_at(k);
        let name_at = head.rfind(|c: char| c.is_ascii_whitespace()).map(|i| i + 1);
        let name = name_at.map(|i| &head[i..]).unwrap_or("");
        let Some(end) = tail[2..].find('"') else { break };
        let value = &tail[2..2 + end];
        out.push_str(head);
        out.push_str("=\"");
        if LINKS.contains(&name) {
            out.push_str(&rebase_link(value, from, to, ids, modules));
        } else if IDS.contains(&name) {
            let prefixed: Vec<String> = value.split_ascii_whitespace().map(|v| format!("{ids}{v}")).collect();
            out.push_str(&prefixed.join(" "));
        } else {
            out.push_str(value);
        }
        out.push('"');
        rest = &tail[2 + end + 1..];
    }
    out.push_str(rest);
    out
}

fn rebase_link(value: &str, from: &str, to: &str, ids: &str, modules: &[&str]) -> String {
    if let Some(frag) = value.strip_prefix('#') {
        return if frag.is_empty() { value.to_string() } else { format!("#{ids}{frag}") };
    }
    if value.is_empty() || value.starts_with('/') || urls::is_external(value) {
        return value.to_string();
    }
    let (path, suffix) = match value.find(['?', '#']) {
        Some(i) => value.split_at(i),
        None => (value, ""),
    };
    let dir = from.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let Some(target) = urls::normalize(&format!("{dir}/{path}")) else { return value.to_string() };
    let is_dir = path.is_empty() || path.ends_with('/') || path.ends_with("..") || path == ".";
    let target = match (target.is_empty(), is_dir) {
        (true, _) => "/".to_string(),
        (false, true) => format!("/{target}/"),
        (false, false) => format!("/{target}"),
    };
    if let Some(k) = modules.iter().position(|m| *m == target) {
        let frag = suffix.split_once('#').map(|(_, f)| f).unwrap_or("");
        return if frag.is_empty() { format!("#module-{}", k + 1) } else { format!("#m{}-{frag}", k + 1) };
    }
    urls::relative(to, &format!("{target}{suffix}"))
}

/// Headings one level down (a module's `h2` under the module's own `h2`).
pub(super) fn shift_headings(html: &str) -> String {
    let mut s = html.to_string();
    for level in (2..=5).rev() {
        s = s.replace(&format!("<h{level}"), &format!("<h{}", level + 1));
        s = s.replace(&format!("</h{level}>"), &format!("</h{}>", level + 1));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_ids_and_headings_follow_the_page_into_the_document() {
        let html = "<h2 id=\"a\">A</h2><p><a href=\"../../glossary/hash/\" aria-describedby=\"gloss-hash\">hash</a> \
                    <span id=\"gloss-hash\">def</span> <a href=\"#a\">up</a> <a href=\"../b/#x\">b</a> \
                    <a href=\"https://un.org/\">UN</a> <img src=\"pic.png\" alt=\"x\"></p>";
        let out = shift_headings(&rebase(
            html,
            "/foundations/a/",
            "/paths/p/print/",
            "m1-",
            &["/foundations/a/", "/foundations/b/"],
        ));
        assert_eq!(
            out,
            "<h3 id=\"m1-a\">A</h3><p><a href=\"../../../glossary/hash/\" aria-describedby=\"m1-gloss-hash\">hash</a> \
             <span id=\"m1-gloss-hash\">def</span> <a href=\"#m1-a\">up</a> <a href=\"#m2-x\">b</a> \
             <a href=\"https://un.org/\">UN</a> <img src=\"../../../foundations/a/pic.png\" alt=\"x\"></p>"
        );
        // A link to a module without a fragment leads to the module's start.
        assert_eq!(
            rebase("<a href=\"../b/\">b</a>", "/foundations/a/", "/paths/p/print/", "m1-", &["/foundations/b/"]),
            "<a href=\"#module-1\">b</a>"
        );
    }
}
