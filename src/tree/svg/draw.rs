//! Writing the laid-out flowchart: the frame, the edges with their arrows, the edge
//! labels (placed where they overlap nothing), and the boxes.

use std::fmt::Write as _;

use super::layout::{wrap, Edge, Layout, BOX_W, LABEL_MAX, PAD};
use super::{kind_colours, num, LINE_H, SMALL_H};
use crate::html::escape_xml as escape;
use crate::tree::{Tree, Words};

/// An edge label waiting for a position on its edge's first segment.
struct PendingLabel {
    row: usize,
    a: (f64, f64),
    b: (f64, f64),
    straight: bool,
    full: String,
    /// The question's id and the answer's index (the page's script marks the route by them).
    from: String,
    answer: usize,
    /// The label wrapped to [`LABEL_MAX`] characters a line (whole, never cut short).
    lines: Vec<String>,
    w: f64,
    h: f64,
}

impl PendingLabel {
    /// The point at `t` on the segment as drawn (a vertical-tangent cubic or a line).
    fn at(&self, t: f64) -> (f64, f64) {
        let (a, b) = (self.a, self.b);
        if self.straight || (a.0 - b.0).abs() < 0.01 {
            return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        }
        let dy = (b.1 - a.1) / 2.0;
        let u = 1.0 - t;
        let (c0, c1, c2, c3) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        (c0 * a.0 + c1 * a.0 + c2 * b.0 + c3 * b.0, c0 * a.1 + c1 * (a.1 + dy) + c2 * (b.1 - dy) + c3 * b.1)
    }
}

/// The whole SVG document.
pub(super) fn draw(tree: &Tree, lay: &Layout, words: &Words) -> String {
    let mut svg = String::new();
    let title = escape(&tree.title);
    let flowchart = escape(&words.flowchart);
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tree-svg\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{flowchart}: {title}\" font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">",
        num(lay.width),
        num(lay.height)
    );
    let _ = writeln!(svg, "<title>{title}</title>");
    let _ = writeln!(svg, "<desc>{}</desc>", escape(&words.flowchart_desc));
    let _ = writeln!(svg, "<style>{}</style>", dark_style());
    let _ = writeln!(
        svg,
        "<rect class=\"ts-bg\" x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>",
        num(lay.width),
        num(lay.height)
    );
    svg.push_str("<g class=\"edges ts-lines\" fill=\"none\" stroke=\"#5f6368\" stroke-width=\"1.5\">\n");
    let mut pending: Vec<PendingLabel> = Vec::new();
    for (e, chain) in lay.edges.iter().zip(&lay.chains) {
        pending.push(draw_edge(&mut svg, tree, lay, e, chain));
    }
    svg.push_str("</g>\n");
    let labels = draw_labels(pending, lay);
    svg.push_str("<g class=\"nodes\">\n");
    for i in 0..lay.n {
        draw_box(&mut svg, tree, lay, words, i);
    }
    svg.push_str("</g>\n<g class=\"edge-labels\">\n");
    svg.push_str(&labels);
    svg.push_str("</g>\n</svg>\n");
    svg
}

/// The dark palette, as rules that work in the file alone or in an `<img>` (the
/// reader's system setting: the `:root` is the `<svg>`, which has no `data-theme`) and
/// inlined in a page by `tree.js` (`:root` is the page's `<html>`, whose `data-theme`
/// the theme switch sets). The light palette is in the presentation attributes, so the
/// file looks right with no stylesheet at all. Every text colour keeps WCAG AA (4.5:1)
/// on its box in both palettes.
fn dark_style() -> String {
    const RULES: &[(&str, &str)] = &[
        (".ts-bg", "fill:#14171c"),
        (".ts-lines", "stroke:#b5bac1"),
        (".ts-arrow", "fill:#b5bac1"),
        (".ts-label-bg", "fill:#14171c"),
        (".ts-label", "fill:#e8eaed"),
        (".ts-box", "fill:#1a2a3c;stroke:#8cc4ff"),
        (".ts-text", "fill:#e8eaed"),
        (".ts-group", "fill:#c3c8cf"),
        (".ts-positive .ts-box", "fill:#12301b;stroke:#7ddc94"),
        (".ts-positive .ts-kind", "fill:#8fe3a4"),
        (".ts-negative .ts-box", "fill:#3a1616;stroke:#ff9a9a"),
        (".ts-negative .ts-kind", "fill:#ffb0b0"),
        (".ts-caution .ts-box", "fill:#362708;stroke:#f0b65a"),
        (".ts-caution .ts-kind", "fill:#f5c878"),
        (".ts-neutral .ts-box", "fill:#262b33;stroke:#b3b8c0"),
        (".ts-neutral .ts-kind", "fill:#d0d4da"),
    ];
    let mut media = String::new();
    let mut chosen = String::new();
    for (sel, decl) in RULES {
        let _ = write!(media, ":root:not([data-theme=\"light\"]) {sel}{{{decl}}}");
        let _ = write!(chosen, ":root[data-theme=\"dark\"] {sel}{{{decl}}}");
    }
    format!("@media (prefers-color-scheme: dark){{{media}}}{chosen}")
}

/// One edge (under the boxes): a path through its dummies, with an arrow unless it
/// runs upwards. Returns its label, still to be placed.
fn draw_edge(svg: &mut String, tree: &Tree, lay: &Layout, e: &Edge, chain: &[usize]) -> PendingLabel {
    let (u, v, qi, j) = (e.from, e.to, e.question, e.answer);
    let (vn, row_y) = (&lay.vn, &lay.row_y);
    let fanout = tree.questions[qi].answers.len().max(1) as f64;
    let spread = ((BOX_W - 40.0) / fanout).min(18.0);
    let offset = (j as f64 - (fanout - 1.0) / 2.0) * spread * if lay.rtl { -1.0 } else { 1.0 };
    let mut pts: Vec<(f64, f64)> = vec![(vn[u].x + offset, row_y[lay.layer(u)] + lay.heights[u])];
    for &d in &chain[1..chain.len() - 1] {
        let l = vn[d].layer;
        pts.push((vn[d].x, row_y[l]));
        pts.push((vn[d].x, row_y[l] + lay.row_h[l]));
    }
    let end = (vn[v].x, row_y[lay.layer(v)]);
    let upward = lay.layer(v) <= lay.layer(u);
    let tip = if upward { end } else { (end.0, end.1 - 7.0) };
    pts.push(tip);
    let d = path_data(&pts, upward);
    let from = escape(&tree.questions[qi].id);
    let to = escape(&tree.questions[qi].answers[j].next);
    let _ =
        writeln!(svg, "<g class=\"edge\" data-from=\"{from}\" data-answer=\"{j}\" data-to=\"{to}\"><path d=\"{d}\"/>");
    if !upward {
        let _ = writeln!(
            svg,
            "<polygon class=\"arrow ts-arrow\" points=\"{},{} {},{} {},{}\" fill=\"#5f6368\" stroke=\"none\"/>",
            num(end.0 - 5.0),
            num(end.1 - 8.0),
            num(end.0 + 5.0),
            num(end.1 - 8.0),
            num(end.0),
            num(end.1)
        );
    }
    svg.push_str("</g>\n");
    let full = &tree.questions[qi].answers[j].label;
    let lines = wrap(full, LABEL_MAX);
    let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * 6.8 + 12.0;
    let h = 16.0 + 13.0 * (lines.len().max(1) - 1) as f64;
    let b = pts.get(1).copied().unwrap_or(pts[0]);
    PendingLabel {
        row: lay.layer(u),
        a: pts[0],
        b,
        straight: upward,
        full: full.clone(),
        from: tree.questions[qi].id.clone(),
        answer: j,
        lines,
        w,
        h,
    }
}

/// The `d` of a path through `pts`: vertical-tangent cubics, or lines when straight.
fn path_data(pts: &[(f64, f64)], straight: bool) -> String {
    let mut d = format!("M{} {}", num(pts[0].0), num(pts[0].1));
    for w in pts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if straight || (a.0 - b.0).abs() < 0.01 {
            let _ = write!(d, " L{} {}", num(b.0), num(b.1));
        } else {
            let dy = (b.1 - a.1) / 2.0;
            let _ =
                write!(d, " C{} {} {} {} {} {}", num(a.0), num(a.1 + dy), num(b.0), num(b.1 - dy), num(b.0), num(b.1));
        }
    }
    d
}

/// Edge labels along the first segment of each edge; where labels of one row would
/// overlap, try positions nearer either end.
fn draw_labels(mut pending: Vec<PendingLabel>, lay: &Layout) -> String {
    let mut labels = String::new();
    pending.sort_by(|x, y| x.row.cmp(&y.row).then(x.at(0.5).0.total_cmp(&y.at(0.5).0)));
    // The boxes are in the way too.
    let mut placed: Vec<(usize, [f64; 4])> = (0..lay.n)
        .map(|i| {
            let (cx, y) = (lay.vn[i].x, lay.row_y[lay.layer(i)]);
            (usize::MAX, [cx - BOX_W / 2.0, y, cx + BOX_W / 2.0, y + lay.heights[i]])
        })
        .collect();
    for l in &pending {
        let r = label_rect(l, &placed);
        placed.push((l.row, r));
        let cx = num((r[0] + r[2]) / 2.0);
        let mut text = String::new();
        for (k, line) in l.lines.iter().enumerate() {
            let _ =
                write!(text, "<tspan x=\"{cx}\" y=\"{}\">{}</tspan>", num(r[1] + 12.0 + 13.0 * k as f64), escape(line));
        }
        let _ = writeln!(
            labels,
            "<g class=\"edge-label\" data-from=\"{}\" data-answer=\"{}\"><title>{}</title><rect class=\"ts-label-bg\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"3\" fill=\"#ffffff\" fill-opacity=\"0.92\"/><text class=\"ts-label\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1a1a1a\">{text}</text></g>",
            escape(&l.from),
            l.answer,
            escape(&l.full),
            num(r[0]),
            num(r[1]),
            num(l.w),
            num(l.h),
        );
    }
    labels
}

/// Where label `l` overlaps none of the `placed` ones: along the segment first, then
/// nudged sideways, then up or down by a label's height, nearest first.
fn label_rect(l: &PendingLabel, placed: &[(usize, [f64; 4])]) -> [f64; 4] {
    let rect_at = |t: f64| {
        let (x, y) = l.at(t);
        [x - l.w / 2.0, y - l.h / 2.0, x + l.w / 2.0, y + l.h / 2.0]
    };
    let free = |r: &[f64; 4]| {
        placed.iter().all(|(_, q)| r[2] + 2.0 <= q[0] || q[2] + 2.0 <= r[0] || r[3] + 1.0 <= q[1] || q[3] + 1.0 <= r[1])
    };
    [0.0, 18.0, -18.0, 36.0, -36.0, 54.0, -54.0, 72.0, -72.0]
        .into_iter()
        .flat_map(|dy| [0.0, 1.0, -1.0, 2.0, -2.0].into_iter().map(move |k| (dy, k)))
        .flat_map(|(dy, k)| {
            [0.5, 0.75, 0.25, 0.62, 0.38, 0.88, 0.12].into_iter().map(move |t| {
                let r = rect_at(t);
                let dx = k * (l.w / 2.0 + 6.0);
                [r[0] + dx, r[1] + dy, r[2] + dx, r[3] + dy]
            })
        })
        .find(|r| free(r))
        .unwrap_or_else(|| rect_at(0.5))
}

/// One node's box: its rectangle (thicker for the start), its tooltip (the node's
/// kind in `words`, then its text) and its text lines.
fn draw_box(svg: &mut String, tree: &Tree, lay: &Layout, words: &Words, i: usize) {
    let nq = tree.questions.len();
    let (id, class, fill, stroke, full) = if i < nq {
        let q = &tree.questions[i];
        (&q.id, "node node-question".to_string(), "#eef4fb", "#0b5cad", format!("{}: {}", words.question, q.question))
    } else {
        let o = &tree.outcomes[i - nq];
        let (fill, stroke) = kind_colours(o.kind);
        let class = format!("node node-outcome kind-{k} ts-{k}", k = o.kind.as_str());
        (&o.id, class, fill, stroke, format!("{}: {}", words.kind(o.kind), o.verdict))
    };
    let is_start = Some(i) == lay.start;
    let (cx, y) = (lay.vn[i].x, lay.row_y[lay.layer(i)]);
    let _ = writeln!(
        svg,
        "<g class=\"{class}{}\" data-node=\"{}\"><title>{}</title>",
        if is_start { " node-start" } else { "" },
        escape(id),
        escape(&full)
    );
    let _ = writeln!(
        svg,
        "<rect class=\"ts-box\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"8\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{}\"/>",
        num(cx - BOX_W / 2.0),
        num(y),
        num(BOX_W),
        num(lay.heights[i]),
        if is_start { "3" } else { "1.5" }
    );
    let mut ty = y + PAD;
    svg.push_str("<text text-anchor=\"middle\">");
    for l in &lay.boxes[i] {
        ty += if l.size < 13.0 { SMALL_H } else { LINE_H };
        let _ = write!(
            svg,
            "<tspan class=\"{}\" x=\"{}\" y=\"{}\" font-size=\"{}\"{} fill=\"{}\">{}</tspan>",
            l.class,
            num(cx),
            num(ty - 4.0),
            num(l.size),
            if l.bold { " font-weight=\"bold\"" } else { "" },
            l.fill,
            escape(&l.text)
        );
    }
    svg.push_str("</text>\n</g>\n");
}
