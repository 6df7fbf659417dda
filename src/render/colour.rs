//! Colour contrast: the text colour a background needs.

#[allow(unused_imports)]
use super::*;

pub(super) fn parse_hex(c: &str) -> Option<(f64, f64, f64)> {
    let h = c.strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = |i: usize| u8::from_str_radix(h.get(i..i + 2)?, 16).ok().map(|x| x as f64 / 255.0);
    Some((v(0)?, v(2)?, v(4)?))
}

pub(super) fn luminance(c: &str) -> f64 {
    let Some((r, g, b)) = parse_hex(c) else { return 1.0 };
    let lin = |x: f64| if x <= 0.03928 { x / 12.92 } else { ((x + 0.055) / 1.055).powf(2.4) };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// Black or white, whichever contrasts more with the background colour.
pub(crate) fn text_colour_for(bg: &str) -> &'static str {
    let l = luminance(bg);
    let white = 1.05 / (l + 0.05);
    let black = (l + 0.05) / 0.05;
    if white >= black {
        "#ffffff"
    } else {
        "#000000"
    }
}
