//! Colour contrast: the text colour a background needs.

#[allow(unused_imports)]
use super::*;

/// Black or white, whichever contrasts more with the background colour.
pub(crate) fn text_colour_for(bg: &str) -> &'static str {
    let l = crate::colour::hex_rgb(bg).map_or(1.0, crate::colour::luminance);
    let white = 1.05 / (l + 0.05);
    let black = (l + 0.05) / 0.05;
    if white >= black {
        "#ffffff"
    } else {
        "#000000"
    }
}
