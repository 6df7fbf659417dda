//! Layout of the flowchart, in phases: box contents and sizes, edges, layering
//! (longest path), virtual nodes on long edges, ordering within rows (breadth-first
//! discovery, then barycentre sweeps keeping the order with the fewest crossings),
//! horizontal placement, and rows.

use std::collections::VecDeque;

use super::{kind_colours, LINE_H, SMALL_H};
use crate::tree::{OutcomeKind, Tree, Words};

pub(super) const BOX_W: f64 = 220.0;
const DUMMY_W: f64 = 16.0;
pub(super) const PAD: f64 = 10.0;
const GAP_X: f64 = 28.0;
const GAP_Y: f64 = 64.0;
const MARGIN: f64 = 16.0;
const WRAP: usize = 28;
/// Characters a line of an edge label (answers are wrapped, never cut).
pub(super) const LABEL_MAX: usize = 24;

/// One text line of a box: text, font size, bold, fill (light), and its class (the
/// dark palette in the diagram's stylesheet keys on it).
pub(super) struct TextLine {
    pub(super) text: String,
    pub(super) size: f64,
    pub(super) bold: bool,
    pub(super) fill: &'static str,
    pub(super) class: &'static str,
}

/// A node of the layered layout: a real node or a dummy on a long edge.
pub(super) struct VNode {
    pub(super) layer: usize,
    w: f64,
    pub(super) x: f64,
    up: Vec<usize>,
    down: Vec<usize>,
}

/// An edge in answer order.
#[derive(Clone, Copy)]
pub(super) struct Edge {
    pub(super) from: usize,
    pub(super) to: usize,
    /// The question and answer it stands for.
    pub(super) question: usize,
    pub(super) answer: usize,
}

/// Where everything goes. Nodes are slots: questions first, then outcomes.
pub(super) struct Layout {
    pub(super) n: usize,
    pub(super) boxes: Vec<Vec<TextLine>>,
    pub(super) heights: Vec<f64>,
    pub(super) edges: Vec<Edge>,
    /// Per edge: the virtual nodes it passes, from its source to its target.
    pub(super) chains: Vec<Vec<usize>>,
    pub(super) vn: Vec<VNode>,
    pub(super) start: Option<usize>,
    pub(super) row_h: Vec<f64>,
    pub(super) row_y: Vec<f64>,
    pub(super) width: f64,
    pub(super) height: f64,
    /// Mirrored for a right-to-left language (see [`Layout::mirror`]).
    pub(super) rtl: bool,
}

impl Layout {
    pub(super) fn layer(&self, i: usize) -> usize {
        self.vn[i].layer
    }
}

/// Lay the tree out (an outcome's box shows its kind in the words given).
pub(super) fn layout(tree: &Tree, words: &Words) -> Layout {
    let n = tree.questions.len() + tree.outcomes.len();
    let boxes = box_lines(tree, words);
    let heights: Vec<f64> = boxes
        .iter()
        .map(|ls| 2.0 * PAD + ls.iter().map(|l| if l.size < 13.0 { SMALL_H } else { LINE_H }).sum::<f64>())
        .collect();
    let (edges, out_edges) = edges(tree, n);
    let start = tree.slot(&tree.start);
    let (layer, rows) = layering(n, &edges, &out_edges, start);
    let (mut vn, chains) = virtual_nodes(&layer, &edges);
    let layers = order(&vn, rows, n, start);
    let width = place(&mut vn, &layers, rows);
    let mut row_h = vec![0.0f64; rows];
    for i in 0..n {
        row_h[layer[i]] = row_h[layer[i]].max(heights[i]);
    }
    // Rows whose answers wrap over several lines get the room for their labels.
    let mut label_lines = vec![1usize; rows];
    for e in &edges {
        let lines = wrap(&tree.questions[e.question].answers[e.answer].label, LABEL_MAX).len();
        label_lines[layer[e.from]] = label_lines[layer[e.from]].max(lines);
    }
    let mut row_y = vec![MARGIN; rows];
    for l in 1..rows {
        row_y[l] = row_y[l - 1] + row_h[l - 1].max(8.0) + GAP_Y + 26.0 * (label_lines[l - 1] - 1) as f64;
    }
    let height = rows.checked_sub(1).map_or(2.0 * MARGIN, |l| row_y[l] + row_h[l].max(8.0) + MARGIN);
    Layout { n, boxes, heights, edges, chains, vn, start, row_h, row_y, width, height, rtl: false }
}

impl Layout {
    /// Mirror the layout left to right: a right-to-left reader reads the first answer,
    /// and its branch, on the right.
    pub(super) fn mirror(&mut self) {
        for v in &mut self.vn {
            v.x = self.width - v.x;
        }
        self.rtl = true;
    }
}

/// Greedy word wrap to `width` characters; long words are cut.
pub(in crate::tree) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    let mut cur_len = 0;
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if cur_len > 0 {
                lines.push(std::mem::take(&mut cur));
                cur_len = 0;
            }
            let rest = word.split_off(width);
            lines.push(word.iter().collect());
            word = rest;
        }
        let wl = word.len();
        if cur_len > 0 && cur_len + 1 + wl > width {
            lines.push(std::mem::take(&mut cur));
            cur_len = 0;
        }
        if cur_len > 0 {
            cur.push(' ');
            cur_len += 1;
        }
        cur.extend(word);
        cur_len += wl;
    }
    if cur_len > 0 || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

/// The text lines of each node's box (an outcome's kind upper-cased, on one line).
fn box_lines(tree: &Tree, words: &Words) -> Vec<Vec<TextLine>> {
    let questions = tree.questions.iter().map(|q| {
        let mut lines = Vec::new();
        if let Some(t) = q.group.as_deref().and_then(|g| tree.group_title(g)) {
            for l in wrap(t, WRAP + 4) {
                lines.push(TextLine { text: l, size: 11.0, bold: false, fill: "#4a4f55", class: "ts-group" });
            }
        }
        for l in wrap(&q.question, WRAP) {
            lines.push(TextLine { text: l, size: 13.0, bold: false, fill: "#1a1a1a", class: "ts-text" });
        }
        lines
    });
    let outcomes = tree.outcomes.iter().map(|o| {
        let (_, stroke) = kind_colours(o.kind);
        let fill = match o.kind {
            OutcomeKind::Positive => "#14532d",
            OutcomeKind::Negative => "#8c1d18",
            OutcomeKind::Caution => "#6b4000",
            OutcomeKind::Neutral => stroke,
        };
        let mut lines =
            vec![TextLine { text: words.kind(o.kind).to_uppercase(), size: 11.0, bold: true, fill, class: "ts-kind" }];
        for l in wrap(&o.verdict, WRAP) {
            lines.push(TextLine { text: l, size: 13.0, bold: true, fill: "#1a1a1a", class: "ts-text" });
        }
        lines
    });
    questions.chain(outcomes).collect()
}

/// The edges in answer order, and each node's targets.
fn edges(tree: &Tree, n: usize) -> (Vec<Edge>, Vec<Vec<usize>>) {
    let mut edges = Vec::new();
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (qi, q) in tree.questions.iter().enumerate() {
        for (j, a) in q.answers.iter().enumerate() {
            if let Some(v) = tree.slot(&a.next) {
                edges.push(Edge { from: qi, to: v, question: qi, answer: j });
                out_edges[qi].push(v);
            }
        }
    }
    (edges, out_edges)
}

/// Longest-path layering (Kahn), start first. Returns each node's row and the
/// number of rows.
fn layering(n: usize, edges: &[Edge], out_edges: &[Vec<usize>], start: Option<usize>) -> (Vec<usize>, usize) {
    let mut indeg = vec![0usize; n];
    for e in edges {
        indeg[e.to] += 1;
    }
    let mut queue: VecDeque<usize> = start.filter(|s| indeg[*s] == 0).into_iter().collect();
    queue.extend((0..n).filter(|i| indeg[*i] == 0 && Some(*i) != start));
    let mut layer = vec![0usize; n];
    let mut done = vec![false; n];
    while let Some(u) = queue.pop_front() {
        done[u] = true;
        for &v in &out_edges[u] {
            layer[v] = layer[v].max(layer[u] + 1);
            indeg[v] -= 1;
            if indeg[v] == 0 {
                queue.push_back(v);
            }
        }
    }
    let mut max_layer = layer.iter().copied().max().unwrap_or(0);
    for i in 0..n {
        if !done[i] {
            // Only in invalid (cyclic) trees: park leftovers on their own rows.
            max_layer += 1;
            layer[i] = max_layer;
        }
    }
    (layer, max_layer + 1)
}

/// Virtual nodes: real ones first, then dummies for edges spanning rows; and per
/// edge the chain of virtual nodes it passes.
fn virtual_nodes(layer: &[usize], edges: &[Edge]) -> (Vec<VNode>, Vec<Vec<usize>>) {
    let mut vn: Vec<VNode> =
        layer.iter().map(|&l| VNode { layer: l, w: BOX_W, x: 0.0, up: Vec::new(), down: Vec::new() }).collect();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges.len());
    for &Edge { from: u, to: v, .. } in edges {
        let mut chain = vec![u];
        if layer[v] > layer[u] {
            for l in layer[u] + 1..layer[v] {
                vn.push(VNode { layer: l, w: DUMMY_W, x: 0.0, up: Vec::new(), down: Vec::new() });
                chain.push(vn.len() - 1);
            }
            chain.push(v);
            for w in chain.windows(2) {
                vn[w[0]].down.push(w[1]);
                vn[w[1]].up.push(w[0]);
            }
        } else {
            chain.push(v);
        }
        chains.push(chain);
    }
    (vn, chains)
}

/// The order of the nodes within each row.
fn order(vn: &[VNode], rows: usize, n: usize, start: Option<usize>) -> Vec<Vec<usize>> {
    let mut layers = discovery_order(vn, rows, n, start);
    let mut pos = vec![0.0f64; vn.len()];
    for l in &layers {
        for (k, i) in l.iter().enumerate() {
            pos[*i] = k as f64;
        }
    }
    // Barycentre sweeps, keeping the order with the fewest crossings.
    let mut best = (crossings(vn, &layers, &pos), layers.clone());
    for _ in 0..6 {
        for down in [true, false] {
            for l in sweep(rows, down) {
                let mut keyed: Vec<(f64, usize)> = layers[l]
                    .iter()
                    .map(|&i| {
                        let nb = if down { &vn[i].up } else { &vn[i].down };
                        let key = if nb.is_empty() {
                            pos[i]
                        } else {
                            nb.iter().map(|j| pos[*j]).sum::<f64>() / nb.len() as f64
                        };
                        (key, i)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                layers[l] = keyed.into_iter().map(|(_, i)| i).collect();
                for (k, i) in layers[l].iter().enumerate() {
                    pos[*i] = k as f64;
                }
            }
        }
        let c = crossings(vn, &layers, &pos);
        if c < best.0 {
            best = (c, layers.clone());
        }
    }
    best.1
}

/// The rows in sweep order: top to bottom from the second row, or bottom to top
/// from the last but one.
fn sweep(rows: usize, down: bool) -> Vec<usize> {
    if down {
        (1..rows).collect()
    } else {
        (0..rows.saturating_sub(1)).rev().collect()
    }
}

/// Initial order: breadth-first discovery from the start, following answers.
fn discovery_order(vn: &[VNode], rows: usize, n: usize, start: Option<usize>) -> Vec<Vec<usize>> {
    let mut discovered = vec![usize::MAX; vn.len()];
    let mut counter = 0;
    let mut bfs: VecDeque<usize> = VecDeque::new();
    for root in start.into_iter().chain(0..n) {
        if discovered[root] != usize::MAX {
            continue;
        }
        discovered[root] = counter;
        counter += 1;
        bfs.push_back(root);
        while let Some(u) = bfs.pop_front() {
            for &v in &vn[u].down {
                if discovered[v] == usize::MAX {
                    discovered[v] = counter;
                    counter += 1;
                    bfs.push_back(v);
                }
            }
        }
    }
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); rows];
    for (i, v) in vn.iter().enumerate() {
        layers[v.layer].push(i);
    }
    for l in &mut layers {
        l.sort_by_key(|i| discovered[*i]);
    }
    layers
}

/// Edge crossings between neighbouring rows (rows with very many edges are skipped).
fn crossings(vn: &[VNode], layers: &[Vec<usize>], pos: &[f64]) -> usize {
    let mut total = 0;
    for l in layers.iter().take(layers.len().saturating_sub(1)) {
        let mut segs: Vec<(f64, f64)> = Vec::new();
        for &u in l {
            for &v in &vn[u].down {
                segs.push((pos[u], pos[v]));
            }
        }
        if segs.len() > 400 {
            continue;
        }
        for a in 0..segs.len() {
            for b in a + 1..segs.len() {
                let (s, t) = (segs[a], segs[b]);
                if (s.0 - t.0) * (s.1 - t.1) < 0.0 {
                    total += 1;
                }
            }
        }
    }
    total
}

/// Horizontal placement: pack each row, then pull nodes towards the mean of their
/// neighbours; each row's placement is the mean of a left-packed and a right-packed
/// solution, which both keep the minimum spacing. Returns the width.
fn place(vn: &mut [VNode], layers: &[Vec<usize>], rows: usize) -> f64 {
    for l in layers {
        let mut x = 0.0;
        for &i in l {
            vn[i].x = x + vn[i].w / 2.0;
            x += vn[i].w + GAP_X;
        }
    }
    for _ in 0..4 {
        for down in [true, false] {
            for l in sweep(rows, down) {
                let desired: Vec<f64> = layers[l]
                    .iter()
                    .map(|&i| {
                        let nb = if down { &vn[i].up } else { &vn[i].down };
                        if nb.is_empty() {
                            vn[i].x
                        } else {
                            nb.iter().map(|j| vn[*j].x).sum::<f64>() / nb.len() as f64
                        }
                    })
                    .collect();
                place_row(vn, &layers[l], &desired);
            }
        }
    }
    let min_x = vn.iter().map(|v| v.x - v.w / 2.0).fold(f64::INFINITY, f64::min);
    let shift = if min_x.is_finite() { MARGIN - min_x } else { MARGIN };
    for v in vn.iter_mut() {
        v.x += shift;
    }
    vn.iter().map(|v| v.x + v.w / 2.0).fold(0.0, f64::max) + MARGIN
}

/// Place one row as near `desired` as the minimum spacing allows.
fn place_row(vn: &mut [VNode], row: &[usize], desired: &[f64]) {
    let m = row.len();
    if m == 0 {
        return;
    }
    let sep = |a: usize, b: usize| (vn[row[a]].w + vn[row[b]].w) / 2.0 + GAP_X;
    let mut left = desired.to_vec();
    for k in 1..m {
        left[k] = left[k].max(left[k - 1] + sep(k - 1, k));
    }
    let mut right = desired.to_vec();
    for k in (0..m - 1).rev() {
        right[k] = right[k].min(right[k + 1] - sep(k, k + 1));
    }
    for k in 0..m {
        vn[row[k]].x = (left[k] + right[k]) / 2.0;
    }
}
