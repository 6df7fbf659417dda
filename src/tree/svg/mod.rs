//! The tree as a build-time SVG flowchart: [`layout`] decides where boxes, rows and
//! edges go; [`draw`] writes them out (edges under boxes, labels on top).

use super::{OutcomeKind, Tree, Words};

mod draw;
mod layout;

#[cfg(test)]
pub(super) use layout::wrap;

/// Height of a text line in a box, normal and small.
const LINE_H: f64 = 16.0;
const SMALL_H: f64 = 14.0;

/// A number as SVG wants it: one decimal at most, none when whole.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// Fill and stroke for an outcome kind (light; the diagram's own stylesheet has the dark ones).
fn kind_colours(kind: OutcomeKind) -> (&'static str, &'static str) {
    match kind {
        OutcomeKind::Positive => ("#e7f5ea", "#1e7b34"),
        OutcomeKind::Negative => ("#fdecec", "#b3261e"),
        OutcomeKind::Caution => ("#fff4dc", "#8a5300"),
        OutcomeKind::Neutral => ("#eef1f4", "#5f6368"),
    }
}

impl Tree {
    /// A build-time SVG flowchart of the whole tree: layered top to bottom
    /// (longest-path layering, dummy nodes on long edges, barycentre ordering),
    /// scalable (`viewBox`, no fixed size), with every node's full text and its own
    /// words (kinds, accessible name, description) from `words`.
    pub(crate) fn render_svg(&self, words: &Words) -> String {
        draw::draw(self, &layout::layout(self, words), words)
    }

    /// The flowchart mirrored for a right-to-left language: first answers on the right.
    pub(crate) fn render_svg_rtl(&self, words: &Words) -> String {
        let mut lay = layout::layout(self, words);
        lay.mirror();
        draw::draw(self, &lay, words)
    }
}
