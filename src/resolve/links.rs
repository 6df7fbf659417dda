//! Internal links: every link of a page resolved to its target page, anchor or file,
//! with a did-you-mean hint when it points nowhere.
//!
//! Links resolve against a [`LinkTargets`] index, never against the [`Site`]: the
//! index holds everything a link check reads of the site (each page's path, URL,
//! display path and anchor ids, the lookups by path and by URL, the drafts, the
//! language's prefix, the glossary's ids, the same of the default language's site for
//! a translation, and the static files' output paths), and it derives `Hash`, so
//! whatever memoizes a link check can key it by the index itself.

use super::parent_dir;
use crate::body::LinkRef;
use crate::diagnostics::did_you_mean;
use crate::diagnostics::position;
use crate::diagnostics::suggestion;
use crate::diagnostics::Diagnostic;
use crate::model::PageId;
use crate::model::Site;
use crate::urls;
use crate::urls::normalize;
use crate::urls::percent_decode;
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::collections::HashMap;

/// Everything a link check reads of the site (see the module docs).
#[derive(Hash)]
pub(crate) struct LinkTargets<'a> {
    pub(crate) site: SiteTargets<'a>,
    /// For a translation: the default language's site, where links to pages without a
    /// translation lead (see `crate::i18n`).
    pub(crate) fallback: Option<SiteTargets<'a>>,
    /// The static files' output paths (`images/a.png`).
    pub(crate) files: BTreeSet<&'a str>,
}

/// What link checks read of one language's site.
#[derive(Hash)]
pub(crate) struct SiteTargets<'a> {
    /// Per page, by [`PageId`].
    pub(crate) pages: Vec<PageTarget<'a>>,
    pub(crate) by_rel: BTreeMap<&'a str, PageId>,
    pub(crate) by_url: BTreeMap<&'a str, PageId>,
    /// Content paths of drafts left out of this build.
    pub(crate) drafts: BTreeSet<&'a str>,
    /// The language's URL prefix: `""` for the default language, `zh/` for another.
    pub(crate) prefix: &'a str,
    /// Each glossary entry's id and page, in the glossary's order.
    pub(crate) glossary: Vec<(&'a str, PageId)>,
}

/// What link checks read of one page: where it is, and the ids a link may point at.
#[derive(Hash)]
pub(crate) struct PageTarget<'a> {
    /// Path relative to content/, `None` for generated pages.
    pub(crate) rel: Option<&'a str>,
    pub(crate) url: &'a str,
    /// Display path for diagnostics (`content/a.md`).
    pub(crate) display: &'a str,
    /// Heading ids, in the page's order (anchor hints list them so).
    pub(crate) headings: Vec<&'a str>,
    /// Element ids besides heading ids (decision-tree nodes).
    pub(crate) extra_anchors: &'a [String],
}

impl<'a> LinkTargets<'a> {
    /// The index of `site` (and of its fallback site), with the static files `files`.
    pub(crate) fn new(site: &'a Site, files: impl IntoIterator<Item = &'a str>) -> Self {
        LinkTargets {
            site: SiteTargets::new(site),
            fallback: site.fallback.as_deref().map(SiteTargets::new),
            files: files.into_iter().collect(),
        }
    }
}

impl<'a> SiteTargets<'a> {
    fn new(site: &'a Site) -> Self {
        let pages = site
            .pages
            .iter()
            .map(|p| PageTarget {
                rel: p.rel.as_deref(),
                url: &p.url,
                display: &p.display,
                headings: p.analysis.headings.iter().map(|h| h.id.as_str()).collect(),
                extra_anchors: &p.extra_anchors,
            })
            .collect();
        SiteTargets {
            pages,
            by_rel: site.by_rel.iter().map(|(r, &i)| (r.as_str(), i)).collect(),
            by_url: site.by_url.iter().map(|(u, &i)| (u.as_str(), i)).collect(),
            drafts: site.drafts.iter().map(String::as_str).collect(),
            prefix: &site.prefix,
            glossary: site.glossary.iter().map(|g| (g.id.as_str(), g.page)).collect(),
        }
    }

    fn page(&self, rel: &str) -> Option<PageId> {
        self.by_rel.get(rel).copied()
    }

    fn at_url(&self, url: &str) -> Option<PageId> {
        self.by_url.get(url).copied()
    }

    fn term(&self, id: &str) -> Option<PageId> {
        self.glossary.iter().find(|(g, _)| *g == id).map(|&(_, p)| p)
    }
}

impl PageTarget<'_> {
    /// Does the page have an element with this id (or a tree state hash `tree=...`)?
    fn has_anchor(&self, id: &str) -> bool {
        self.headings.contains(&id)
            || self.extra_anchors.iter().any(|a| a == id)
            || (id.starts_with("tree=") && !self.extra_anchors.is_empty())
    }
}

/// The hint for a link to a missing `.md` file `dest`, written in the folder `dir`:
/// the closest of `rels` (the site's content paths), or how to link.
pub(super) fn missing_hint<'r>(rels: impl IntoIterator<Item = &'r str>, dir: &str, dest: &str) -> String {
    let base = normalize(&format!("{dir}/{dest}")).unwrap_or_default();
    let close = did_you_mean(&base, rels);
    match close {
        Some(c) => {
            let from_dir: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
            suggestion(&relative_file(&from_dir, c))
        }
        None => "link to an existing .md file by its path relative to this file".into(),
    }
}

pub(super) fn relative_file(from_dir: &[&str], to: &str) -> String {
    let to_segs: Vec<&str> = to.split('/').collect();
    let common = from_dir.iter().zip(&to_segs).take_while(|(a, b)| a == b).count();
    let mut s = "../".repeat(from_dir.len() - common);
    s.push_str(&to_segs[common..].join("/"));
    s
}

/// How a link destination resolved.
pub(crate) enum LinkTarget {
    /// Leave the destination as written.
    Keep,
    /// Write this (relative) URL instead.
    Rewrite(String),
}

/// Resolve one link of `page`: relative `.md` paths, `term:` references, `#anchors`,
/// site-absolute URLs and files. Errors carry a message and a hint.
pub(crate) fn resolve_link(t: &LinkTargets, page: PageId, dest: &str) -> Result<LinkTarget, (String, String)> {
    let p = &t.site.pages[page.index()];
    if dest.is_empty() || urls::is_external(dest) {
        return Ok(LinkTarget::Keep);
    }
    if let Some(id) = dest.strip_prefix("term:") {
        return term_link(t, page, id);
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return if p.has_anchor(&percent_decode(anchor)) || p.rel.is_none() {
            Ok(LinkTarget::Keep)
        } else {
            Err((format!("anchor `#{anchor}` does not exist on this page"), anchor_hint(p, anchor)))
        };
    }
    let (path, frag) = split_fragment(dest);
    let path = percent_decode(path);
    let dir = parent_dir(p.rel.unwrap_or(""));
    let joined = if let Some(abs) = path.strip_prefix('/') { abs.to_string() } else { format!("{dir}/{path}") };
    let Some(norm) = normalize(&joined) else {
        return Err((format!("link `{dest}` leads outside the site"), "remove the extra `../`".into()));
    };
    let link = PathLink { t, page, dest, norm: &norm, frag };
    if path.ends_with(".md") {
        link.to_markdown(&dir, &path)
    } else if path.starts_with('/') {
        link.site_absolute()
    } else {
        link.relative()
    }
}

/// A `term:id` link (perhaps with a fragment): to the glossary entry's page, in this
/// language or the fallback's.
fn term_link(t: &LinkTargets, page: PageId, id: &str) -> Result<LinkTarget, (String, String)> {
    let (id, frag) = split_fragment(id);
    let fallback = t.fallback.as_ref().and_then(|f| Some((f, f.term(id)?)));
    match (t.site.term(id), fallback) {
        (Some(to), _) => target_in(t, page, &t.site, to, frag),
        (None, Some((f, to))) => target_in(t, page, f, to, frag),
        (None, None) => {
            let hint = match did_you_mean(id, t.site.glossary.iter().map(|&(g, _)| g)) {
                Some(s) => suggestion(&format!("term:{s}")),
                None => "`term:` takes the id (file name without .md) of a glossary page".into(),
            };
            Err((format!("unknown glossary term `{id}`"), hint))
        }
    }
}

/// A link by path from `page`: `dest` as written, `norm` its site-relative path
/// (normalized), `frag` its `#fragment` (or empty).
struct PathLink<'a> {
    t: &'a LinkTargets<'a>,
    page: PageId,
    dest: &'a str,
    norm: &'a str,
    frag: &'a str,
}

impl PathLink<'_> {
    /// A link to a `.md` file (`path` as written, from the page's folder `dir`).
    fn to_markdown(&self, dir: &str, path: &str) -> Result<LinkTarget, (String, String)> {
        let (t, norm) = (self.t, self.norm);
        let Some(to) = t.site.page(norm) else {
            if let Some((f, to)) = t.fallback.as_ref().and_then(|f| Some((f, f.page(norm)?))) {
                return target_in(t, self.page, f, to, self.frag);
            }
            if t.site.drafts.contains(norm) {
                return Err((
                    format!("link to the draft page content/{norm}"),
                    "publish the page (remove `draft: true`), build with --drafts, or remove the link".into(),
                ));
            }
            let hint = missing_hint(t.site.by_rel.keys().copied(), dir, path);
            return Err((format!("link to a missing page `{}`", self.dest), hint));
        };
        target_in(t, self.page, &t.site, to, self.frag)
    }

    /// A site-absolute link (`/section/page/`): a page's URL or a file.
    fn site_absolute(&self) -> Result<LinkTarget, (String, String)> {
        let (t, norm) = (self.t, self.norm);
        let url = if norm.is_empty() { "/".to_string() } else { format!("/{}/", norm.trim_end_matches('/')) };
        if let Some(to) = t.site.at_url(&format!("/{}{}", t.site.prefix, &url[1..])) {
            return target_in(t, self.page, &t.site, to, self.frag);
        }
        if let Some((f, to)) = t.fallback.as_ref().and_then(|f| Some((f, f.at_url(&url)?))) {
            return target_in(t, self.page, f, to, self.frag);
        }
        if t.files.contains(norm) {
            return Ok(self.to_file());
        }
        Err((
            format!("link to a missing page or file `{}`", self.dest),
            "link to the .md file by its relative path, e.g. `../section/page.md`".into(),
        ))
    }

    /// A relative link that is not to a `.md` file: a file next to the markdown file
    /// (image, PDF), or a folder with an `_index.md`.
    fn relative(&self) -> Result<LinkTarget, (String, String)> {
        let t = self.t;
        if t.files.contains(self.norm) {
            return Ok(self.to_file());
        }
        let index = format!("{}/_index.md", self.norm.trim_end_matches('/'));
        if let Some(to) = t.site.page(&index) {
            return target_in(t, self.page, &t.site, to, self.frag);
        }
        if let Some((f, to)) = t.fallback.as_ref().and_then(|f| Some((f, f.page(&index)?))) {
            return target_in(t, self.page, f, to, self.frag);
        }
        Err((
            format!("link to a missing file `{}`", self.dest),
            "check the path; links are relative to this file's folder".into(),
        ))
    }

    /// The link rewritten to the file's URL, relative to the page.
    fn to_file(&self) -> LinkTarget {
        let url = self.t.site.pages[self.page.index()].url;
        LinkTarget::Rewrite(format!("{}{}", urls::relative(url, &format!("/{}", self.norm)), self.frag))
    }
}

pub(super) fn split_fragment(s: &str) -> (&str, &str) {
    match s.find('#') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

/// A link from page `from` of `t`'s site to page `to` of `to_site` (the same site, or
/// the default language's for a page not translated).
fn target_in(
    t: &LinkTargets,
    from: PageId,
    to_site: &SiteTargets,
    to: PageId,
    frag: &str,
) -> Result<LinkTarget, (String, String)> {
    let target = &to_site.pages[to.index()];
    if let Some(anchor) = frag.strip_prefix('#') {
        if !anchor.is_empty() && target.rel.is_some() && !target.has_anchor(&percent_decode(anchor)) {
            return Err((
                format!("anchor `#{anchor}` does not exist in {}", target.display),
                anchor_hint(target, anchor),
            ));
        }
    }
    Ok(LinkTarget::Rewrite(format!("{}{}", urls::relative(t.site.pages[from.index()].url, target.url), frag)))
}

fn anchor_hint(p: &PageTarget, anchor: &str) -> String {
    let ids = &p.headings;
    match did_you_mean(anchor, ids.iter().copied()) {
        Some(s) => suggestion(&format!("#{s}")),
        None if ids.is_empty() => "the page has no headings".into(),
        None => {
            format!("headings on that page: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Check and rewrite every link `found` in the body of `page` (whose source is `text`,
/// the body starting at `body_offset`): the rewritten URLs by destination, and errors.
pub(crate) fn links(
    t: &LinkTargets,
    page: PageId,
    (text, body_offset): (&str, usize),
    found: &[LinkRef],
) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let display = t.site.pages[page.index()].display;
    let mut map = HashMap::new();
    let mut diags = Vec::new();
    for l in found {
        match resolve_link(t, page, &l.dest) {
            Ok(LinkTarget::Keep) => {}
            Ok(LinkTarget::Rewrite(u)) => {
                map.insert(l.dest.clone(), u);
            }
            Err((message, hint)) => {
                let (line, col) = position(text, body_offset + l.offset);
                let src_line = text.lines().nth(line - 1).unwrap_or("");
                let len = src_line
                    .get(..)
                    .map(|s| s.chars().skip(col - 1).take_while(|&c| c != ')').count() + 1)
                    .unwrap_or(1);
                diags.push(Diagnostic::error(display, line, col, message).with_hint(hint).with_source(text, len));
            }
        }
    }
    (map, diags)
}
