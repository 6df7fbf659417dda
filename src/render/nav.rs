//! The navigation tree's markup, written here rather than by a template.
//!
//! On a large site the tree is hundreds of links on every page; a Tera loop over them
//! was half the CPU time of a build of the 1,000-page benchmark corpus (and four fifths
//! at 10,000 pages). Written in Rust it costs a few microseconds a page; the markup is
//! what `partials/nav.html` wrote, byte for byte. Templates print `page.nav_html`; the
//! top-level entries stay in `page.nav` for templates that draw their own menu.

use super::views::NavItem;
use crate::html::escape_into;

/// The navigation tree's markup: `ul.nav-tree` lists; a section with entries listed
/// is a `details` group (open on the current page's branch) whose first entry is the
/// section's own page ("Overview"); the current page's link has
/// `aria-current="page"`, a section on its branch shown as a plain link
/// `aria-current="true"`. Every text and URL goes through the one HTML escaper.
pub(super) fn nav_html(items: &[NavItem], root: &str, overview: &str) -> String {
    let mut out = String::with_capacity(256 * items.len().max(1));
    out.push_str("<ul class=\"nav-tree\">");
    let at = (root, current(items));
    for item in items {
        nav_item_html(&mut out, item, at, overview);
    }
    out.push_str("</ul>");
    out
}

/// The link from the page at `here` (its folder path, such as `zh/decide/tree/`) to
/// `path`, with the folders both share taken off: `../../paths/`, not
/// `../../../zh/paths/`. Only a relative root (`../` once per folder of `here`) is
/// shortened; any other root (the not-found page's) is kept as it is.
fn shortest(root: &str, here: Option<&str>, path: &str) -> (String, usize) {
    let Some(here) = here else { return (root.to_string(), 0) };
    let depth = here.split('/').filter(|s| !s.is_empty()).count();
    if root != "../".repeat(depth) {
        return (root.to_string(), 0);
    }
    let (mut shared, mut cut) = (0, 0);
    let mut rest = path;
    for dir in here.split('/').filter(|s| !s.is_empty()) {
        match rest.strip_prefix(dir).and_then(|r| r.strip_prefix('/')) {
            Some(r) => {
                shared += 1;
                cut += dir.len() + 1;
                rest = r;
            }
            None => break,
        }
    }
    let up = "../".repeat(depth - shared);
    if up.is_empty() && cut == path.len() {
        return ("./".to_string(), cut);
    }
    (up, cut)
}

/// The path of the current page's entry, if the tree has it (a glossary entry, a
/// taxonomy term or the not-found page is not in it, and its links stay unshortened).
/// The entry and every group above it are open, so only the open branch is searched:
/// a few entries per level, not the whole tree once per page.
fn current<'a>(items: &'a [NavItem]) -> Option<&'a str> {
    items.iter().filter(|i| i.open).find_map(|i| if i.current { Some(i.path) } else { current(&i.children) })
}

fn nav_item_html(out: &mut String, item: &NavItem, at: (&str, Option<&str>), overview: &str) {
    let lang = |out: &mut String| {
        if let Some(l) = item.lang {
            out.push_str(" lang=\"");
            escape_into(out, l);
            out.push('"');
        }
    };
    let href = |out: &mut String| {
        out.push_str("<a href=\"");
        let (up, cut) = shortest(at.0, at.1, item.path);
        escape_into(out, &up);
        escape_into(out, &item.path[cut..]);
        out.push('"');
    };
    if item.children.is_empty() {
        out.push_str("<li>");
        href(out);
        if item.current {
            out.push_str(" aria-current=\"page\"");
        } else if item.open {
            out.push_str(" aria-current=\"true\"");
        }
        lang(out);
        out.push('>');
        escape_into(out, item.title);
        out.push_str("</a></li>\n");
        return;
    }
    out.push_str(if item.open {
        "<li class=\"nav-group\"><details open><summary class=\"nav-group__open\""
    } else {
        "<li class=\"nav-group\"><details><summary"
    });
    lang(out);
    out.push('>');
    escape_into(out, item.title);
    out.push_str("</summary>\n<ul class=\"nav-tree\"><li>");
    href(out);
    if item.current {
        out.push_str(" aria-current=\"page\"");
    }
    out.push('>');
    escape_into(out, overview);
    out.push_str("</a></li>");
    for c in &item.children {
        nav_item_html(out, c, at, overview);
    }
    out.push_str("</ul></details></li>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(title: &'a str, path: &'a str, current: bool, open: bool, children: Vec<NavItem<'a>>) -> NavItem<'a> {
        NavItem { title, path, current, open, lang: None, section: !children.is_empty(), children }
    }

    #[test]
    fn groups_links_current_page_and_escaping() {
        let nav = vec![
            item("A & <B>", "a/", false, true, vec![item("Page \"one\"", "a/one/", true, true, vec![])]),
            item("C's", "c/", false, false, vec![item("Two", "c/two/", false, false, vec![])]),
            NavItem { lang: Some("zh"), ..item("中文", "zh/", false, false, vec![]) },
            item("Open leaf", "d/", false, true, vec![]),
        ];
        let html = nav_html(&nav, "../", "Overview");
        assert_eq!(
            html,
            concat!(
                "<ul class=\"nav-tree\">",
                "<li class=\"nav-group\"><details open><summary class=\"nav-group__open\">A &amp; &lt;B&gt;</summary>\n",
                "<ul class=\"nav-tree\"><li><a href=\"../a/\">Overview</a></li>",
                "<li><a href=\"../a/one/\" aria-current=\"page\">Page &quot;one&quot;</a></li>\n",
                "</ul></details></li>\n",
                "<li class=\"nav-group\"><details><summary>C&#39;s</summary>\n",
                "<ul class=\"nav-tree\"><li><a href=\"../c/\">Overview</a></li><li><a href=\"../c/two/\">Two</a></li>\n",
                "</ul></details></li>\n",
                "<li><a href=\"../zh/\" lang=\"zh\">中文</a></li>\n",
                "<li><a href=\"../d/\" aria-current=\"true\">Open leaf</a></li>\n",
                "</ul>"
            )
        );
    }
}
