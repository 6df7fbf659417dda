//! Colours as WCAG 2.1 sees them: `#rrggbb` values, relative luminance and contrast
//! ratios. One home for the arithmetic that the accent colour checks (`config`), the
//! highlighting themes (`markdown::highlight`) and the text on taxonomy colours
//! (`render`, through [`text_on`]) all need.
//!
//! Cross-cutting (the dependency rule is in `lib.rs`): imports nothing of the crate.

/// `#rrggbb` as three channels; `None` for anything else.
pub(crate) fn hex_rgb(c: &str) -> Option<[u8; 3]> {
    let h = c.strip_prefix('#')?;
    if h.len() != 6 || !h.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let ch = |i: usize| u8::from_str_radix(&h[i..i + 2], 16).ok();
    Some([ch(0)?, ch(2)?, ch(4)?])
}

/// WCAG 2.1 relative luminance of an sRGB colour.
pub(crate) fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.040_45 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// WCAG 2.1 contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// Black or white text, whichever contrasts more with the background colour `bg`
/// (`#rrggbb`; black on anything else).
pub(crate) fn text_on(bg: &str) -> &'static str {
    match hex_rgb(bg) {
        Some(c) if contrast(c, [255; 3]) >= contrast(c, [0; 3]) => "#ffffff",
        _ => "#000000",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_on_a_colour_is_the_one_that_reads_better() {
        assert_eq!(text_on("#FCC30B"), "#000000");
        assert_eq!(text_on("#19486A"), "#ffffff");
        assert_eq!(text_on("not a colour"), "#000000");
    }

    #[test]
    fn known_ratios() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast([0x77, 0x77, 0x77], [255, 255, 255]) - 4.48).abs() < 0.01);
        assert_eq!(hex_rgb("#0a0B0c"), Some([10, 11, 12]));
        assert_eq!(hex_rgb("#fff"), None);
        assert_eq!(hex_rgb("0a0b0c"), None);
        assert_eq!(hex_rgb("#0a0b0g"), None);
    }
}
