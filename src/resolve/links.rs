//! Internal links: every link of a page resolved to its target page, anchor or file,
//! with a did-you-mean hint when it points nowhere.

#[allow(unused_imports)]
use super::*;

pub(super) fn missing_hint(site: &Site, dir: &str, dest: &str) -> String {
    let base = normalize(&format!("{dir}/{dest}")).unwrap_or_default();
    let close = did_you_mean(&base, site.by_rel.keys().map(String::as_str));
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
pub(crate) fn resolve_link(
    site: &Site,
    page: PageId,
    dest: &str,
    assets: &dyn Fn(&str) -> bool,
) -> Result<LinkTarget, (String, String)> {
    let p = &site.pages[page];
    if dest.is_empty() || urls::is_external(dest) {
        return Ok(LinkTarget::Keep);
    }
    if let Some(id) = dest.strip_prefix("term:") {
        return term_link(site, page, id);
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
    let dir = parent_dir(p.rel.as_deref().unwrap_or(""));
    let joined = if let Some(abs) = path.strip_prefix('/') { abs.to_string() } else { format!("{dir}/{path}") };
    let Some(norm) = normalize(&joined) else {
        return Err((format!("link `{dest}` leads outside the site"), "remove the extra `../`".into()));
    };
    let link = PathLink { site, page, dest, norm: &norm, frag };
    if path.ends_with(".md") {
        link.to_markdown(&dir, &path)
    } else if path.starts_with('/') {
        link.site_absolute(assets)
    } else {
        link.relative(assets)
    }
}

/// A `term:id` link (perhaps with a fragment): to the glossary entry's page, in this
/// language or the fallback's.
fn term_link(site: &Site, page: PageId, id: &str) -> Result<LinkTarget, (String, String)> {
    let (id, frag) = split_fragment(id);
    let fallback = site.fallback.as_deref().and_then(|f| Some((f, f.glossary.iter().find(|g| g.id == id)?)));
    match site.glossary.iter().find(|g| g.id == id) {
        Some(g) => target_with_anchor(site, page, g.page, frag),
        None if fallback.is_some() => {
            let (f, g) = fallback.unwrap_or_else(|| unreachable!());
            target_in(site, page, f, g.page, frag)
        }
        None => {
            let hint = match did_you_mean(id, site.glossary.iter().map(|g| g.id.as_str())) {
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
    site: &'a Site,
    page: PageId,
    dest: &'a str,
    norm: &'a str,
    frag: &'a str,
}

impl PathLink<'_> {
    /// A link to a `.md` file (`path` as written, from the page's folder `dir`).
    fn to_markdown(&self, dir: &str, path: &str) -> Result<LinkTarget, (String, String)> {
        let (site, norm) = (self.site, self.norm);
        let Some(&t) = site.by_rel.get(norm) else {
            if let Some((f, t)) = site.fallback.as_deref().and_then(|f| Some((f, *f.by_rel.get(norm)?))) {
                return target_in(site, self.page, f, t, self.frag);
            }
            if site.drafts.contains(norm) {
                return Err((
                    format!("link to the draft page content/{norm}"),
                    "publish the page (remove `draft: true`), build with --drafts, or remove the link".into(),
                ));
            }
            return Err((format!("link to a missing page `{}`", self.dest), missing_hint(site, dir, path)));
        };
        target_with_anchor(site, self.page, t, self.frag)
    }

    /// A site-absolute link (`/section/page/`): a page's URL or a file.
    fn site_absolute(&self, assets: &dyn Fn(&str) -> bool) -> Result<LinkTarget, (String, String)> {
        let (site, norm) = (self.site, self.norm);
        let url = if norm.is_empty() { "/".to_string() } else { format!("/{}/", norm.trim_end_matches('/')) };
        if let Some(&t) = site.by_url.get(&format!("/{}{}", site.prefix, &url[1..])) {
            return target_with_anchor(site, self.page, t, self.frag);
        }
        if let Some((f, t)) = site.fallback.as_deref().and_then(|f| Some((f, *f.by_url.get(&url)?))) {
            return target_in(site, self.page, f, t, self.frag);
        }
        if assets(norm) {
            return Ok(self.to_file());
        }
        Err((
            format!("link to a missing page or file `{}`", self.dest),
            "link to the .md file by its relative path, e.g. `../section/page.md`".into(),
        ))
    }

    /// A relative link that is not to a `.md` file: a file next to the markdown file
    /// (image, PDF), or a folder with an `_index.md`.
    fn relative(&self, assets: &dyn Fn(&str) -> bool) -> Result<LinkTarget, (String, String)> {
        let site = self.site;
        if assets(self.norm) {
            return Ok(self.to_file());
        }
        let index = format!("{}/_index.md", self.norm.trim_end_matches('/'));
        if let Some(&t) = site.by_rel.get(&index) {
            return target_with_anchor(site, self.page, t, self.frag);
        }
        if let Some((f, t)) = site.fallback.as_deref().and_then(|f| Some((f, *f.by_rel.get(&index)?))) {
            return target_in(site, self.page, f, t, self.frag);
        }
        Err((
            format!("link to a missing file `{}`", self.dest),
            "check the path; links are relative to this file's folder".into(),
        ))
    }

    /// The link rewritten to the file's URL, relative to the page.
    fn to_file(&self) -> LinkTarget {
        let url = &self.site.pages[self.page].url;
        LinkTarget::Rewrite(format!("{}{}", urls::relative(url, &format!("/{}", self.norm)), self.frag))
    }
}

pub(super) fn split_fragment(s: &str) -> (&str, &str) {
    match s.find('#') {
        Some(i) => (&s[..i], &s[i..]),
        None => (s, ""),
    }
}

pub(super) fn target_with_anchor(
    site: &Site,
    from: PageId,
    to: PageId,
    frag: &str,
) -> Result<LinkTarget, (String, String)> {
    target_in(site, from, site, to, frag)
}

/// A link from page `from` of `site` to page `to` of `to_site` (the same site, or the
/// default language's for a page not translated).
pub(super) fn target_in(
    site: &Site,
    from: PageId,
    to_site: &Site,
    to: PageId,
    frag: &str,
) -> Result<LinkTarget, (String, String)> {
    let t = &to_site.pages[to];
    if let Some(anchor) = frag.strip_prefix('#') {
        if !anchor.is_empty() && t.rel.is_some() && !t.has_anchor(&percent_decode(anchor)) {
            return Err((format!("anchor `#{anchor}` does not exist in {}", t.display), anchor_hint(t, anchor)));
        }
    }
    Ok(LinkTarget::Rewrite(format!("{}{}", urls::relative(&site.pages[from].url, &t.url), frag)))
}

pub(super) fn anchor_hint(p: &Page, anchor: &str) -> String {
    let ids: Vec<&str> = p.analysis.headings.iter().map(|h| h.id.as_str()).collect();
    match did_you_mean(anchor, ids.iter().copied()) {
        Some(s) => suggestion(&format!("#{s}")),
        None if ids.is_empty() => "the page has no headings".into(),
        None => {
            format!("headings on that page: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", "))
        }
    }
}

/// Check and rewrite every link of every page; returns per-page maps.
pub(crate) fn links(
    site: &Site,
    page: PageId,
    assets: &dyn Fn(&str) -> bool,
) -> (HashMap<String, String>, Vec<Diagnostic>) {
    let p = &site.pages[page];
    let mut map = HashMap::new();
    let mut diags = Vec::new();
    for l in &p.analysis.links {
        match resolve_link(site, page, &l.dest, assets) {
            Ok(LinkTarget::Keep) => {}
            Ok(LinkTarget::Rewrite(u)) => {
                map.insert(l.dest.clone(), u);
            }
            Err((message, hint)) => {
                let (line, col) = position(&p.text, p.body_offset + l.offset);
                let src_line = p.text.lines().nth(line - 1).unwrap_or("");
                let len = src_line
                    .get(..)
                    .map(|s| s.chars().skip(col - 1).take_while(|&c| c != ')').count() + 1)
                    .unwrap_or(1);
                diags.push(Diagnostic::error(&p.display, line, col, message).with_hint(hint).with_source(&p.text, len));
            }
        }
    }
    (map, diags)
}
