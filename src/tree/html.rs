//! The tree as HTML: one `<section>` per node; works without JavaScript (answers
//! are links, CSS `:target` shows one node at a time, see `tree.css`) and `tree.js`
//! turns it into a wizard.

use std::fmt::Write as _;

use super::{Outcome, Question, Tree, Words};
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

/// Writes the tree's HTML; `p` is the escaped id prefix, `raw` the prefix itself.
struct Html<'t> {
    tree: &'t Tree,
    words: &'t Words,
    p: String,
    raw: &'t str,
    out: String,
    /// Per node slot: the one route (question slot, answer index) that reaches it from
    /// the start, or `None` when several do (or none).
    routes: Vec<Option<Vec<(usize, usize)>>>,
}

/// The longest route written out as "How you got here" (longer ones are left to the script).
const MAX_ROUTE: usize = 64;

impl Tree {
    /// Per node slot, the route from the start when exactly one leads there (the start's
    /// own is empty); `None` for a node reached by several routes, by none, or by one
    /// longer than [`MAX_ROUTE`] steps. Several answers of one question leading to the
    /// same node are several routes.
    fn unique_routes(&self) -> Vec<Option<Vec<(usize, usize)>>> {
        let n = self.questions.len() + self.outcomes.len();
        let edges: Vec<Vec<usize>> =
            self.questions.iter().map(|q| q.answers.iter().filter_map(|a| self.slot(&a.next)).collect()).collect();
        // Routes counted up to 2 in topological order (Kahn); nodes on a cycle are never
        // processed and keep no route.
        let mut indegree = vec![0usize; n];
        for targets in &edges {
            for &v in targets {
                indegree[v] += 1;
            }
        }
        let mut count = vec![0u8; n];
        let mut parent: Vec<Option<(usize, usize)>> = vec![None; n];
        let mut depth = vec![0usize; n];
        if let Some(s) = self.slot(&self.start) {
            count[s] = 1;
        }
        let mut ready: Vec<usize> = (0..n).filter(|&v| indegree[v] == 0).collect();
        while let Some(u) = ready.pop() {
            let Some(q) = self.questions.get(u) else { continue };
            for (idx, a) in q.answers.iter().enumerate() {
                let Some(v) = self.slot(&a.next) else { continue };
                if count[u] > 0 {
                    if count[v] == 0 && count[u] == 1 {
                        parent[v] = Some((u, idx));
                        depth[v] = depth[u] + 1;
                    }
                    count[v] = (count[v] + count[u]).min(2);
                }
                indegree[v] -= 1;
                if indegree[v] == 0 {
                    ready.push(v);
                }
            }
        }
        (0..n)
            .map(|v| {
                if count[v] != 1 || depth[v] > MAX_ROUTE {
                    return None;
                }
                let mut route = Vec::with_capacity(depth[v]);
                let mut at = v;
                while let Some((u, idx)) = parent[at] {
                    route.push((u, idx));
                    at = u;
                }
                route.reverse();
                Some(route)
            })
            .collect()
    }

    /// The node a tree state (`node.answer,…`, as in `#tree=…`) leads to from the start,
    /// if it replays exactly.
    fn state_target(&self, state: &str) -> Option<&str> {
        let mut at = self.start.as_str();
        for step in state.split(',') {
            let (id, idx) = step.rsplit_once('.')?;
            let q = self.questions.iter().find(|q| q.id == id && q.id == at)?;
            at = q.answers.get(idx.parse::<usize>().ok()?)?.next.as_str();
        }
        self.slot(at).map(|_| at)
    }
}

impl Tree {
    /// Compile to HTML in the language of `words`. `resolve(href)` returns the final
    /// URL to emit for a link (the caller has already checked them). `id_prefix`
    /// namespaces element ids.
    ///
    /// Without JavaScript, answers are links to `#{prefix}-{node}` and CSS `:target`
    /// shows one node at a time (see `tree.css`); `tree.js` turns it into a wizard.
    /// Element ids: `{prefix}` (the tree), `{prefix}__title` (its h2 title),
    /// `{prefix}-{node}` (a node's section), `{prefix}-{node}__h` (its h3). Node ids
    /// are `[a-z0-9-]+`, so `__` cannot collide; `id_prefix` should be `[a-z0-9-]+` too.
    pub(crate) fn render_html(&self, id_prefix: &str, resolve: &dyn Fn(&str) -> String, words: &Words) -> String {
        let mut h = Html {
            tree: self,
            words,
            p: escape(id_prefix),
            raw: id_prefix,
            out: String::new(),
            routes: self.unique_routes(),
        };
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

    /// The title as the compiled heading shows it (plain text: what the escaper keeps).
    pub(crate) fn shown_title(&self) -> String {
        crate::html::xml_text(&self.title)
    }
}

impl Html<'_> {
    fn open(&mut self, raw_id: &str, classes: &str, extra: &str) {
        let (p, id) = (&self.p, escape(raw_id));
        let start = if escape(&self.tree.start) == id { " data-start" } else { "" };
        let route =
            self.tree.slot(raw_id).and_then(|s| self.routes.get(s)).and_then(|r| r.as_ref()).filter(|r| !r.is_empty());
        // The one route here, for the script to turn `#{prefix}-{node}` into the full state.
        let data_route = route.map(|r| {
            let steps: Vec<String> = r.iter().map(|&(q, idx)| format!("{}.{idx}", self.tree.questions[q].id)).collect();
            format!(" data-route=\"{}\"", escape(&steps.join(",")))
        });
        let _ = writeln!(
            self.out,
            "<section class=\"tree-node {classes}\" id=\"{p}-{id}\" data-node=\"{id}\"{extra}{start}{} tabindex=\"-1\" aria-labelledby=\"{p}-{id}__h\">",
            data_route.unwrap_or_default()
        );
        // Without the script: the answers that lead here, when only one route does.
        if let Some(route) = route {
            let _ = writeln!(
                self.out,
                "<nav class=\"tree-route\" aria-labelledby=\"{p}-{id}__route\"><p id=\"{p}-{id}__route\" class=\"tree-route__title\">{}</p><ol class=\"tree-route__list\">",
                escape(&self.words.route)
            );
            for &(q, idx) in route {
                let q = &self.tree.questions[q];
                let _ = writeln!(
                    self.out,
                    "<li><a href=\"#{p}-{}\">{}</a> <strong>{}</strong></li>",
                    escape(&q.id),
                    escape(&q.question),
                    escape(&q.answers[idx].label)
                );
            }
            self.out.push_str("</ol></nav>\n");
        }
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
        let _ = writeln!(self.out, "<p class=\"tree-kind\">{}</p>", escape(self.words.kind(o.kind)));
        self.heading(&o.id, &o.verdict);
        paragraphs(&mut self.out, "tree-explanation", &o.explanation);
        if !o.links.is_empty() {
            let _ = writeln!(self.out, "<h4 class=\"tree-links-title\">{}</h4>", escape(&self.words.read_more));
            self.out.push_str("<ul class=\"tree-links\">\n");
            for l in &o.links {
                // A state of this tree (`#tree=…`) links to the node it leads to, which works
                // without the script too; the script puts the state back (`data-tree-state`).
                let state =
                    l.href.strip_prefix('#').and_then(|h| h.strip_prefix(self.raw)).and_then(|h| h.strip_prefix('='));
                if let Some((state, target)) = state.and_then(|st| self.tree.state_target(st).map(|t| (st, t))) {
                    let _ = writeln!(
                        self.out,
                        "<li><a href=\"#{}-{}\" data-tree-state=\"{}\">{}</a></li>",
                        self.p,
                        escape(target),
                        escape(state),
                        escape(&l.title)
                    );
                    continue;
                }
                let _ =
                    writeln!(self.out, "<li><a href=\"{}\">{}</a></li>", escape(&resolve(&l.href)), escape(&l.title));
            }
            self.out.push_str("</ul>\n");
        }
        let _ = writeln!(
            self.out,
            "<p class=\"tree-again\"><a href=\"#{}-{}\" class=\"tree-restart\">{}</a></p>",
            self.p,
            escape(&self.tree.start),
            escape(&self.words.start_again)
        );
        self.out.push_str("</section>\n");
    }
}
