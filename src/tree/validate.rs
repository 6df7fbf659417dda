//! Raw model plus outline → [`Tree`]: ids, references and texts are checked while
//! the tree is built (each problem at the position the outline knows), then the
//! graph: reachability from the start and cycles, both iterative.

use std::collections::{HashMap, VecDeque};

use super::outline::{Hit, Outline};
use super::raw::{RawOutcome, RawQuestion, RawTree};
use super::{
    Answer, Cx, Group, NodeRef, Outcome, Question, Span, Tree, TreeLink, MAX_CYCLE_ERRORS, MAX_UNREACHABLE_ERRORS,
};
use crate::diagnostics::{did_you_mean, hint_did_you_mean, Diagnostic};

/// Where nothing better is known: the first line.
const FIRST_LINE: Span = Span { line: 1, col: 1, len: 1 };

fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A valid node id close to `s`, for hints. Unlike `urls::slugify` (which keeps
/// letters of every script, for URLs), node ids are ASCII: `[a-z0-9-]+`.
pub(super) fn id_suggestion(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "my-id".to_string()
    } else {
        out
    }
}

/// Positions of the items of one list, aligned with the parsed items.
struct ItemPositions {
    /// Per item: position of its id (or key), and its line range when known.
    items: Vec<(Span, Option<(usize, usize)>)>,
}

impl ItemPositions {
    /// The items of the top-level list `section`, whose ids are `ids`.
    fn new(cx: &Cx<'_>, section: &str, ids: &[&str]) -> Self {
        let o = cx.outline;
        let sec = o.section(section);
        let ranges = sec.map(|(l, end)| o.items_in(l + 1, end)).unwrap_or_default();
        let aligned = ranges.len() == ids.len();
        let fallback = sec.map_or(FIRST_LINE, |(l, _)| o.line_pos(l));
        let mut ordinal: HashMap<&str, usize> = HashMap::new();
        let items = ids
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let nth = {
                    let n = ordinal.entry(id).or_insert(0);
                    *n += 1;
                    *n - 1
                };
                if aligned {
                    let range = ranges[k];
                    let pos = o.first_hit(range, "id").map_or_else(|| o.line_pos(range.0), Hit::value_pos);
                    return (pos, Some(range));
                }
                let hit = sec.and_then(|range| o.hits_with_value(range, "id", id).nth(nth));
                match hit {
                    Some(h) => (h.value_pos(), ranges.iter().copied().find(|r| r.0 <= h.line && h.line < r.1)),
                    None => (fallback, None),
                }
            })
            .collect();
        ItemPositions { items }
    }

    /// The items of the list under `list` inside the item `owner` (answers of a
    /// question, links of an outcome), positioned at their `key` whose values are
    /// `values`; when the outline and the parsed list disagree, found by value.
    fn nested(o: &Outline, owner: (Span, Option<(usize, usize)>), list: &str, key: &str, values: &[&str]) -> Self {
        let (pos, range) = owner;
        let ranges = range.map(|r| o.sub_items(r, list)).unwrap_or_default();
        let aligned = ranges.len() == values.len();
        let items = values
            .iter()
            .enumerate()
            .map(|(j, value)| {
                let item = if aligned { ranges.get(j).copied() } else { None };
                let p = item
                    .and_then(|r| o.first_hit(r, key))
                    .or_else(|| range.and_then(|r| o.hits_with_value(r, key, value).next()))
                    .map_or(pos, Hit::value_pos);
                (p, item)
            })
            .collect();
        ItemPositions { items }
    }

    fn pos(&self, k: usize) -> Span {
        self.items.get(k).map_or(FIRST_LINE, |i| i.0)
    }

    fn range(&self, k: usize) -> Option<(usize, usize)> {
        self.items.get(k).and_then(|i| i.1)
    }

    fn item(&self, k: usize) -> (Span, Option<(usize, usize)>) {
        (self.pos(k), self.range(k))
    }
}

/// Position of `key` (its value) inside `range`, or `fallback`.
fn key_pos(cx: &Cx<'_>, range: Option<(usize, usize)>, key: &str, fallback: Span) -> Span {
    range.and_then(|r| cx.outline.first_hit(r, key)).map_or(fallback, Hit::value_pos)
}

/// Position of the value of the top-level `key`.
fn top_pos(o: &Outline, key: &str) -> Span {
    o.hits_in((0, o.lines.len())).find(|h| h.top && h.key == key).map_or(FIRST_LINE, Hit::value_pos)
}

fn empty_text(cx: &Cx<'_>, pos: Span, key: &str, owner: &str) -> Diagnostic {
    cx.error(pos, format!("`{key}` of {owner} is empty"), "write the text readers should see")
}

fn invalid_id(cx: &Cx<'_>, pos: Span, id: &str) -> Diagnostic {
    cx.error(
        pos,
        format!("invalid id `{id}`: ids may contain only lowercase letters a-z, digits and `-`"),
        format!("write it as `{}`", id_suggestion(id)),
    )
}

/// What the checks of questions need to know about the other nodes and groups.
struct Known {
    index: HashMap<String, NodeRef>,
    /// Ids of all nodes, questions first, for "did you mean".
    names: Vec<String>,
    /// Declared group ids and their lines.
    groups: HashMap<String, usize>,
    /// Nodes suggested for a misspelt `next`: not also reported as unreachable.
    suggested: Vec<String>,
}

impl Known {
    fn suggest(&self, word: &str) -> Option<&str> {
        did_you_mean(word, self.names.iter().map(String::as_str))
    }
}

/// Build the [`Tree`] from the raw model, pushing every problem found on the way.
pub(super) fn build(cx: &Cx<'_>, raw: RawTree, diags: &mut Vec<Diagnostic>) -> Tree {
    if raw.title.trim().is_empty() {
        diags.push(empty_text(cx, top_pos(cx.outline, "title"), "title", "the tree"));
    }
    let (groups, group_lines) = build_groups(cx, raw.groups.unwrap_or_default(), diags);
    let raw_questions = raw.questions.unwrap_or_default();
    let raw_outcomes = raw.outcomes.unwrap_or_default();
    let qids: Vec<&str> = raw_questions.iter().map(|q| q.id.as_str()).collect();
    let oids: Vec<&str> = raw_outcomes.iter().map(|q| q.id.as_str()).collect();
    let qpos = ItemPositions::new(cx, "questions", &qids);
    let opos = ItemPositions::new(cx, "outcomes", &oids);
    let index = register_nodes(cx, (&qids, &qpos), (&oids, &opos), diags);
    let names = qids.iter().chain(oids.iter()).map(|s| s.to_string()).collect();
    let mut known = Known { index, names, groups: group_lines, suggested: Vec::new() };

    let start_known = known.index.contains_key(&raw.start);
    if !start_known {
        let hint = hint_did_you_mean(&raw.start, known.names.iter().map(String::as_str), "", || {
            "set `start` to the id of the first question".to_string()
        });
        diags.push(cx.error(top_pos(cx.outline, "start"), format!("start node `{}` does not exist", raw.start), hint));
    }
    let mut questions = Vec::with_capacity(raw_questions.len());
    // Per question, per answer: the position of its `next`.
    let mut next_pos: Vec<Vec<Span>> = Vec::with_capacity(raw_questions.len());
    for (k, q) in raw_questions.into_iter().enumerate() {
        let (question, positions) = build_question(cx, q, qpos.item(k), &mut known, diags);
        questions.push(question);
        next_pos.push(positions);
    }
    let outcomes =
        raw_outcomes.into_iter().enumerate().map(|(k, o)| build_outcome(cx, o, opos.item(k), diags)).collect();

    let Known { index, suggested, .. } = known;
    let tree = Tree { title: raw.title, start: raw.start, groups, questions, outcomes, index };
    let graph = Graph { qpos: &qpos, opos: &opos, next_pos: &next_pos, start_known, suggested: &suggested };
    check_graph(cx, &tree, &graph, diags);
    tree
}

/// The groups, checked: valid, unique ids and a title. Also their ids and lines.
fn build_groups(
    cx: &Cx<'_>,
    raw_groups: Vec<super::raw::RawGroup>,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<Group>, HashMap<String, usize>) {
    let group_ids: Vec<&str> = raw_groups.iter().map(|g| g.id.as_str()).collect();
    let gpos = ItemPositions::new(cx, "groups", &group_ids);
    let mut group_lines: HashMap<String, usize> = HashMap::new();
    for (k, g) in raw_groups.iter().enumerate() {
        let pos = gpos.pos(k);
        if !valid_id(&g.id) {
            diags.push(invalid_id(cx, pos, &g.id));
        } else if let Some(first) = group_lines.get(&g.id) {
            diags.push(cx.error(
                pos,
                format!("duplicate group id `{}`: already used on line {first}", g.id),
                "group ids must be unique; rename or remove one of them",
            ));
        } else {
            group_lines.insert(g.id.clone(), pos.line);
        }
        if g.title.trim().is_empty() {
            let tp = key_pos(cx, gpos.range(k), "title", pos);
            diags.push(empty_text(cx, tp, "title", &format!("group `{}`", g.id)));
        }
    }
    let groups = raw_groups.into_iter().map(|g| Group { id: g.id, title: g.title }).collect();
    (groups, group_lines)
}

/// The index from node id to node; invalid and duplicate ids are reported.
fn register_nodes(
    cx: &Cx<'_>,
    questions: (&[&str], &ItemPositions),
    outcomes: (&[&str], &ItemPositions),
    diags: &mut Vec<Diagnostic>,
) -> HashMap<String, NodeRef> {
    let mut index: HashMap<String, NodeRef> = HashMap::new();
    let mut node_lines: HashMap<String, usize> = HashMap::new();
    let q = questions.0.iter().enumerate().map(|(k, id)| (*id, questions.1.pos(k), NodeRef::Question(k)));
    let o = outcomes.0.iter().enumerate().map(|(k, id)| (*id, outcomes.1.pos(k), NodeRef::Outcome(k)));
    for (id, pos, node) in q.chain(o) {
        if !valid_id(id) {
            diags.push(invalid_id(cx, pos, id));
        }
        if let Some(first) = node_lines.get(id) {
            diags.push(cx.error(
                pos,
                format!("duplicate id `{id}`: already used on line {first}"),
                "ids must be unique across questions and outcomes; rename one of them (and the answers that lead to it)",
            ));
        } else {
            node_lines.insert(id.to_string(), pos.line);
            index.insert(id.to_string(), node);
        }
    }
    index
}

/// One question, checked: its answers lead somewhere, its group is declared, its
/// texts are not empty. Also the position of each answer's `next`.
fn build_question(
    cx: &Cx<'_>,
    q: RawQuestion,
    item: (Span, Option<(usize, usize)>),
    known: &mut Known,
    diags: &mut Vec<Diagnostic>,
) -> (Question, Vec<Span>) {
    let (pos, range) = item;
    let answers = q.answers.unwrap_or_default();
    let nexts: Vec<&str> = answers.iter().map(|a| a.next.as_str()).collect();
    let apos = ItemPositions::nested(cx.outline, item, "answers", "next", &nexts);
    for (j, a) in answers.iter().enumerate() {
        let p = apos.pos(j);
        if a.label.trim().is_empty() {
            let lp = key_pos(cx, apos.range(j).or(range), "label", p);
            diags.push(empty_text(cx, lp, "label", &format!("an answer of `{}`", q.id)));
        }
        if !known.index.contains_key(&a.next) {
            let hint = match known.suggest(&a.next).map(str::to_string) {
                Some(s) => {
                    let hint = crate::diagnostics::suggestion(&s);
                    known.suggested.push(s);
                    hint
                }
                None => "`next` must be the id of a question or an outcome in this file".to_string(),
            };
            let message = format!("answer \"{}\" of `{}` leads to unknown node `{}`", a.label, q.id, a.next);
            diags.push(cx.error(p, message, hint));
        }
    }
    if answers.is_empty() {
        diags.push(cx.error(
            key_pos(cx, range, "answers", pos),
            format!("question `{}` has no answers", q.id),
            "add `answers:` with at least one `- label: …` / `next: …` item",
        ));
    }
    if let Some(g) = &q.group {
        check_group(cx, known, &q.id, g, key_pos(cx, range, "group", pos), diags);
    }
    if q.question.trim().is_empty() {
        diags.push(empty_text(cx, key_pos(cx, range, "question", pos), "question", &format!("`{}`", q.id)));
    }
    let positions = (0..answers.len()).map(|j| apos.pos(j)).collect();
    let answers = answers.into_iter().map(|a| Answer { label: a.label, next: a.next }).collect();
    let question = Question { id: q.id, group: q.group, question: q.question, help: q.help, answers, line: pos.line };
    (question, positions)
}

fn check_group(cx: &Cx<'_>, known: &Known, qid: &str, g: &str, pos: Span, diags: &mut Vec<Diagnostic>) {
    if known.groups.contains_key(g) {
        return;
    }
    let hint =
        hint_did_you_mean(g, known.groups.keys().map(String::as_str), " Otherwise declare it under `groups:`", || {
            format!("declare it under `groups:` as `- id: {g}` with a `title`, or remove `group`")
        });
    diags.push(cx.error(pos, format!("question `{qid}` uses group `{g}`, which is not declared"), hint));
}

/// One outcome, checked: its links have a safe `href` and a title, its verdict is
/// not empty.
fn build_outcome(
    cx: &Cx<'_>,
    out: RawOutcome,
    item: (Span, Option<(usize, usize)>),
    diags: &mut Vec<Diagnostic>,
) -> Outcome {
    let (pos, range) = item;
    let raw_links = out.links.unwrap_or_default();
    let hrefs: Vec<&str> = raw_links.iter().map(|l| l.href.as_str()).collect();
    let lpos = ItemPositions::nested(cx.outline, item, "links", "href", &hrefs);
    let mut links = Vec::with_capacity(raw_links.len());
    for (j, l) in raw_links.into_iter().enumerate() {
        let p = lpos.pos(j);
        if let Some(d) = check_href(cx, p, &l.href, &l.title, &out.id) {
            diags.push(d);
        }
        if l.title.trim().is_empty() {
            let tp = key_pos(cx, lpos.range(j), "title", p);
            diags.push(empty_text(cx, tp, "title", &format!("a link of `{}`", out.id)));
        }
        links.push(TreeLink { title: l.title, href: l.href, line: p.line, col: p.col });
    }
    if out.verdict.trim().is_empty() {
        diags.push(empty_text(cx, key_pos(cx, range, "verdict", pos), "verdict", &format!("`{}`", out.id)));
    }
    let id_key = range.and_then(|r| cx.outline.first_hit(r, "id")).map_or(pos, Hit::key_pos);
    Outcome {
        id: out.id,
        verdict: out.verdict,
        kind: out.kind,
        explanation: out.explanation,
        links,
        line: pos.line,
        col: id_key.col,
    }
}

/// An empty `href` or one with a scheme other than http, https and mailto.
fn check_href(cx: &Cx<'_>, p: Span, href: &str, title: &str, owner: &str) -> Option<Diagnostic> {
    if href.trim().is_empty() {
        return Some(cx.error(
            p,
            format!("link \"{title}\" of `{owner}` has an empty `href`"),
            "write a path relative to this file (e.g. ../page.md) or an https:// address",
        ));
    }
    // Read as a browser reads it: `JavaScript:`, ` javascript:` and `java\tscript:`
    // are all `javascript:`.
    let scheme = crate::trust::scheme(href)?;
    if matches!(scheme.as_str(), "http" | "https" | "mailto") {
        return None;
    }
    Some(cx.error(
        p,
        format!("link `{}` uses the unsupported scheme `{scheme}:`", href.escape_debug()),
        "use a path relative to this file (e.g. ../page.md) or an https:// address",
    ))
}

/// What the graph checks need besides the tree: positions and earlier findings.
struct Graph<'a> {
    qpos: &'a ItemPositions,
    opos: &'a ItemPositions,
    /// Per question, per answer: the position of its `next`.
    next_pos: &'a [Vec<Span>],
    start_known: bool,
    /// Nodes offered as "did you mean" for a misspelt `next`.
    suggested: &'a [String],
}

/// The tree as a graph of slots (questions first, then outcomes) for the walks.
struct Walk<'a> {
    tree: &'a Tree,
    g: &'a Graph<'a>,
    nq: usize,
    n: usize,
    /// Per question, per answer: the slot its `next` names, if any.
    edges: Vec<Vec<Option<usize>>>,
}

impl<'a> Walk<'a> {
    fn new(tree: &'a Tree, g: &'a Graph<'a>) -> Self {
        let nq = tree.questions.len();
        let edges = tree.questions.iter().map(|q| q.answers.iter().map(|a| tree.slot(&a.next)).collect()).collect();
        Walk { tree, g, nq, n: nq + tree.outcomes.len(), edges }
    }

    fn id_of(&self, i: usize) -> &str {
        if i < self.nq {
            &self.tree.questions[i].id
        } else {
            &self.tree.outcomes[i - self.nq].id
        }
    }

    fn pos_of(&self, i: usize) -> Span {
        if i < self.nq {
            self.g.qpos.pos(i)
        } else {
            self.g.opos.pos(i - self.nq)
        }
    }

    /// Only the first node with a given id takes part in the graph.
    fn canonical(&self, i: usize) -> bool {
        let me = if i < self.nq { NodeRef::Question(i) } else { NodeRef::Outcome(i - self.nq) };
        self.tree.index.get(self.id_of(i)) == Some(&me)
    }

    fn next(&self, u: usize) -> impl Iterator<Item = usize> + '_ {
        self.edges.get(u).into_iter().flatten().flatten().copied()
    }
}

/// Reachability from the start and cycles, both iterative.
fn check_graph(cx: &Cx<'_>, tree: &Tree, g: &Graph<'_>, diags: &mut Vec<Diagnostic>) {
    let walk = Walk::new(tree, g);
    let start = tree.slot(&tree.start);
    if let (true, Some(s)) = (g.start_known, start) {
        check_reachable(cx, &walk, s, diags);
    }
    check_cycles(cx, &walk, start, diags);
}

/// Every node can be reached from the start (breadth-first).
fn check_reachable(cx: &Cx<'_>, walk: &Walk<'_>, start: usize, diags: &mut Vec<Diagnostic>) {
    let tree = walk.tree;
    // Nodes suggested for a misspelt `next` count as reached: the typo is
    // already reported, and what hangs below it is not a separate problem.
    let mut seen = vec![false; walk.n];
    let mut queue = VecDeque::from([start]);
    seen[start] = true;
    for v in walk.g.suggested.iter().filter_map(|id| tree.slot(id)) {
        if !seen[v] {
            seen[v] = true;
            queue.push_back(v);
        }
    }
    while let Some(u) = queue.pop_front() {
        for v in walk.next(u) {
            if !seen[v] {
                seen[v] = true;
                queue.push_back(v);
            }
        }
    }
    let unreachable: Vec<usize> = (0..walk.n).filter(|i| !seen[*i] && walk.canonical(*i)).collect();
    for &i in unreachable.iter().take(MAX_UNREACHABLE_ERRORS) {
        diags.push(cx.error(
            walk.pos_of(i),
            format!("`{}` cannot be reached from the start node `{}`", walk.id_of(i), tree.start),
            format!("make an answer's `next` lead to `{}`, or remove it", walk.id_of(i)),
        ));
    }
    if let Some(&i) = unreachable.get(MAX_UNREACHABLE_ERRORS) {
        let rest = unreachable.len() - MAX_UNREACHABLE_ERRORS;
        diags.push(cx.error(
            walk.pos_of(i),
            format!(
                "{rest} more nodes cannot be reached from the start node `{}`, starting with `{}`",
                tree.start,
                walk.id_of(i)
            ),
            "check the `next` of the answers above them; a misspelt `next` cuts off everything below it",
        ));
    }
}

/// No answer leads back to a node on the path to it (depth-first with an explicit
/// stack; colour 0 = new, 1 = on the path, 2 = done).
fn check_cycles(cx: &Cx<'_>, walk: &Walk<'_>, start: Option<usize>, diags: &mut Vec<Diagnostic>) {
    let n = walk.n;
    let mut colour = vec![0u8; n];
    let mut depth_of = vec![0usize; n];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut reported = 0;
    for root in start.into_iter().chain(0..n) {
        if colour[root] != 0 {
            continue;
        }
        colour[root] = 1;
        depth_of[root] = 0;
        stack.push((root, 0));
        while let Some(top) = stack.last_mut() {
            let (u, j) = *top;
            let Some(v) = walk.edges.get(u).and_then(|e| e.get(j)) else {
                colour[u] = 2;
                stack.pop();
                continue;
            };
            top.1 += 1;
            let Some(v) = *v else { continue };
            match colour[v] {
                0 => {
                    colour[v] = 1;
                    depth_of[v] = stack.len();
                    stack.push((v, 0));
                }
                1 if reported < MAX_CYCLE_ERRORS => {
                    reported += 1;
                    let members: Vec<usize> = stack[depth_of[v]..].iter().map(|(x, _)| *x).collect();
                    diags.push(cycle_error(cx, walk, &members, (u, j), v));
                }
                _ => {}
            }
        }
    }
}

/// The cycle `members` closed by answer `j` of `u` leading back to `v`.
fn cycle_error(cx: &Cx<'_>, walk: &Walk<'_>, members: &[usize], (u, j): (usize, usize), v: usize) -> Diagnostic {
    let mut names: Vec<String> = members.iter().map(|x| format!("`{}`", walk.id_of(*x))).collect();
    if names.len() > 12 {
        let tail = names.split_off(names.len() - 5);
        names.truncate(6);
        names.push("…".to_string());
        names.extend(tail);
    }
    names.push(format!("`{}`", walk.id_of(v)));
    let p = walk.g.next_pos.get(u).and_then(|ps| ps.get(j)).copied().unwrap_or_else(|| walk.pos_of(u));
    cx.error(
        p,
        format!("answers loop back to an earlier question: {}", names.join(" → ")),
        "a tree must always move forward to an outcome: point this answer to a later question or to an outcome",
    )
}
