//! The tree as HTML: one `<section>` per node; works without JavaScript (answers
//! are links, CSS `:target` shows one node at a time, see `tree.css`) and `tree.js`
//! turns it into a wizard.

use std::fmt::Write as _;

use super::{Outcome, Question, Tree};
use crate::html::escape_xml as escape;

/// Paragraphs separated by blank lines, each as `<p class="…">`.
fn paragraphs(out: &mut String, class: &str, text: &str) {
    let mut para: Vec<&str> = Vec::new();
    let lines = text.lines().chain(std::iter::once(""));
    for line in lines {
        if line.trim().is_empty() {
            if !para.is_empty() {
                let _ = writeln!(out, "<p class=\"{class}\">{}</p>", escape(para.join(" ").trim()));
                para.clear();
            }
        } else {
            para.push(line.trim());
        }
    }
}

/// Writes the tree's HTML; `p` is the escaped id prefix.
struct Html<'t> {
    tree: &'t Tree,
    p: String,
    out: String,
}

impl Tree {
    /// Compile to HTML. `resolve(href)` returns the final URL to emit for a link
    /// (the caller has already checked them). `id_prefix` namespaces element ids.
    ///
    /// Without JavaScript, answers are links to `#{prefix}-{node}` and CSS `:target`
    /// shows one node at a time (see `tree.css`); `tree.js` turns it into a wizard.
    /// Element ids: `{prefix}` (the tree), `{prefix}__title` (its h2 title),
    /// `{prefix}-{node}` (a node's section), `{prefix}-{node}__h` (its h3). Node ids
    /// are `[a-z0-9-]+`, so `__` cannot collide; `id_prefix` should be `[a-z0-9-]+` too.
    pub(crate) fn render_html(&self, id_prefix: &str, resolve: &dyn Fn(&str) -> String) -> String {
        let mut h = Html { tree: self, p: escape(id_prefix), out: String::new() };
        let p = &h.p;
        let _ = writeln!(h.out, "<div class=\"tree\" data-tree data-start=\"{}\" id=\"{p}\">", escape(&self.start));
        let _ = writeln!(h.out, "<h2 class=\"tree-title\" id=\"{p}__title\">{}</h2>", escape(&self.title));
        for q in &self.questions {
            h.question(q);
        }
        for o in &self.outcomes {
            h.outcome(o, resolve);
        }
        h.out.push_str("</div>\n");
        h.out
    }
}

impl Html<'_> {
    fn open(&mut self, id: &str, classes: &str, extra: &str) {
        let (p, id) = (&self.p, escape(id));
        let start = if escape(&self.tree.start) == id { " data-start" } else { "" };
        let _ = writeln!(
            self.out,
            "<section class=\"tree-node {classes}\" id=\"{p}-{id}\" data-node=\"{id}\"{extra}{start} tabindex=\"-1\" aria-labelledby=\"{p}-{id}__h\">"
        );
    }

    fn heading(&mut self, id: &str, text: &str) {
        let _ = writeln!(
            self.out,
            "<h3 class=\"tree-heading\" id=\"{}-{}__h\" tabindex=\"-1\">{}</h3>",
            self.p,
            escape(id),
            escape(text)
        );
    }

    fn question(&mut self, q: &Question) {
        self.open(&q.id, "tree-question", "");
        if let Some(title) = q.group.as_deref().and_then(|g| self.tree.group_title(g)) {
            let _ = writeln!(self.out, "<p class=\"tree-group\">{}</p>", escape(title));
        }
        self.heading(&q.id, &q.question);
        if let Some(help) = &q.help {
            paragraphs(&mut self.out, "tree-help", help);
        }
        self.out.push_str("<ul class=\"tree-answers\">\n");
        for a in &q.answers {
            let next = escape(&a.next);
            let _ = writeln!(
                self.out,
                "<li><a href=\"#{}-{next}\" class=\"tree-answer\" data-next=\"{next}\">{}</a></li>",
                self.p,
                escape(&a.label)
            );
        }
        self.out.push_str("</ul>\n</section>\n");
    }

    fn outcome(&mut self, o: &Outcome, resolve: &dyn Fn(&str) -> String) {
        let kind = o.kind.as_str();
        self.open(&o.id, &format!("tree-outcome tree-outcome--{kind}"), &format!(" data-kind=\"{kind}\""));
        let _ = writeln!(self.out, "<p class=\"tree-kind\">{}</p>", escape(o.kind.label()));
        self.heading(&o.id, &o.verdict);
        paragraphs(&mut self.out, "tree-explanation", &o.explanation);
        if !o.links.is_empty() {
            self.out.push_str("<h4 class=\"tree-links-title\">Read more</h4>\n<ul class=\"tree-links\">\n");
            for l in &o.links {
                let _ =
                    writeln!(self.out, "<li><a href=\"{}\">{}</a></li>", escape(&resolve(&l.href)), escape(&l.title));
            }
            self.out.push_str("</ul>\n");
        }
        let _ = writeln!(
            self.out,
            "<p class=\"tree-again\"><a href=\"#{}-{}\" class=\"tree-restart\">Start again</a></p>",
            self.p,
            escape(&self.tree.start)
        );
        self.out.push_str("</section>\n");
    }
}
