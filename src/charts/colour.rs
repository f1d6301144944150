//! Colours: a sequential scale for the map and the RFM grid (viridis, which stays ordered for
//! colour-blind readers and in greyscale), categorical colours (Okabe–Ito), and the label colour
//! for text drawn on a fill, chosen so the pair passes WCAG AA (4.5:1).
//!
//! Viridis is by Stéfan van der Walt and Nathaniel Smith (CC0); the Okabe–Ito palette is from
//! Okabe & Ito, "Color Universal Design" (2002). Both are free to use.

use std::fmt;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub const BLACK: Rgb = Rgb(0, 0, 0);
    pub const WHITE: Rgb = Rgb(255, 255, 255);

    /// From a hex literal: `Rgb::hex(0x1f5f8b)` is #1f5f8b.
    pub const fn hex(code: u32) -> Rgb {
        Rgb((code >> 16) as u8, (code >> 8) as u8, code as u8)
    }

    /// WCAG 2 relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Mixes `self` towards `other` by `t` (0 = self, 1 = other), channel by channel.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let t = t.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// WCAG 2 contrast ratio of two colours, 1 to 21.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The label colour for text on `fill`: black or white, whichever contrasts more. One of the two
/// always reaches at least 4.58:1, so every fill gets AA-readable text.
pub fn label_on(fill: Rgb) -> Rgb {
    if contrast(fill, Rgb::BLACK) >= contrast(fill, Rgb::WHITE) {
        Rgb::BLACK
    } else {
        Rgb::WHITE
    }
}

/// Viridis at nine evenly spaced points, dark (0) to light (1).
const VIRIDIS: [Rgb; 9] = [
    Rgb::hex(0x440154),
    Rgb::hex(0x472d7b),
    Rgb::hex(0x3b528b),
    Rgb::hex(0x2c728e),
    Rgb::hex(0x21918c),
    Rgb::hex(0x28ae80),
    Rgb::hex(0x5ec962),
    Rgb::hex(0xaddc30),
    Rgb::hex(0xfde725),
];

/// Fill for "no data" (a province with no customers): a light grey that no step of the scale uses.
pub const NO_DATA: Rgb = Rgb::hex(0xe5e7eb);

/// A sequential scale: `at(0.0)` for the least, `at(1.0)` for the most. Light means little and
/// dark means much, as readers expect of a map; the lightest end is a pale yellow so even the
/// smallest value stands apart from the white page and from [`NO_DATA`].
pub fn sequential(t: f64) -> Rgb {
    let t = if t.is_finite() { t.clamp(0.0, 1.0) } else { 0.0 };
    // Reversed viridis: t = 0 is its light end.
    let pos = (1.0 - t) * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    VIRIDIS[i].mix(VIRIDIS[i + 1], pos - i as f64)
}

/// The fill of `class` out of `classes` equal steps of [`sequential`] (a choropleth's legend):
/// class 0 is the lightest, class `classes - 1` the darkest.
pub fn sequential_class(class: usize, classes: usize) -> Rgb {
    if classes <= 1 {
        return sequential(0.5);
    }
    // Start a little in from the pale end so the first class is not lost next to the page.
    let t = 0.08 + 0.92 * class.min(classes - 1) as f64 / (classes - 1) as f64;
    sequential(t)
}

/// Okabe–Ito colours for categories (lifecycle stages, segments), in an order where neighbours
/// differ in both hue and lightness. The sky blue and the orange are lighter than 3:1 on white:
/// use them as fills (with a label, an outline or a legend), not as thin lines.
pub const CATEGORICAL: [Rgb; 7] = [
    Rgb::hex(0x56b4e9),
    Rgb::hex(0x009e73),
    Rgb::hex(0x0072b2),
    Rgb::hex(0xd55e00),
    Rgb::hex(0xcc79a7),
    Rgb::hex(0xe69f00),
    Rgb::hex(0x000000),
];

/// The colour of category `i` (wrapping around).
pub fn categorical(i: usize) -> Rgb {
    CATEGORICAL[i % CATEGORICAL.len()]
}

/// The main series of a chart (this period): Okabe–Ito blue, 5.3:1 on white.
pub const PRIMARY: Rgb = Rgb::hex(0x0072b2);
/// A series to compare with (the previous period): grey, drawn dashed or lighter, 4.8:1 on white.
pub const COMPARISON: Rgb = Rgb::hex(0x6b7280);
/// Axis lines, ticks and their labels (11:1 on white).
pub const AXIS: Rgb = Rgb::hex(0x374151);
/// Grid lines: quiet, they carry no information of their own.
pub const GRID: Rgb = Rgb::hex(0xe5e7eb);
/// A marked threshold or point (the A/B/C cuts, the 80/20 point): vermillion, 4.1:1 on white.
pub const MARK: Rgb = Rgb::hex(0xd55e00);
/// The outline of the item that is selected or under the finger.
pub const HIGHLIGHT: Rgb = Rgb::hex(0x111827);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_display_round_trip() {
        assert_eq!(Rgb::hex(0x1f5f8b), Rgb(0x1f, 0x5f, 0x8b));
        assert_eq!(Rgb(0x1f, 0x5f, 0x8b).to_string(), "#1f5f8b");
    }

    #[test]
    fn contrast_matches_wcag_examples() {
        assert!((contrast(Rgb::BLACK, Rgb::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Rgb::WHITE, Rgb::WHITE) - 1.0).abs() < 1e-9);
        // #767676 on white is the classic "just passes AA" grey.
        let c = contrast(Rgb::hex(0x767676), Rgb::WHITE);
        assert!(c > 4.5 && c < 4.6, "{c}");
    }

    #[test]
    fn every_fill_gets_an_aa_label() {
        for i in 0..=1000 {
            let fill = sequential(i as f64 / 1000.0);
            let c = contrast(fill, label_on(fill));
            assert!(c >= 4.5, "label on {fill} only {c:.2}:1");
        }
        for fill in CATEGORICAL.iter().copied().chain([NO_DATA, PRIMARY, COMPARISON, MARK]) {
            assert!(contrast(fill, label_on(fill)) >= 4.5, "{fill}");
        }
        assert_eq!(label_on(sequential(0.0)), Rgb::BLACK);
        assert_eq!(label_on(sequential(1.0)), Rgb::WHITE);
    }

    #[test]
    fn the_scale_runs_from_light_to_dark() {
        let mut last = f64::INFINITY;
        for i in 0..=20 {
            let l = sequential(i as f64 / 20.0).luminance();
            assert!(l < last, "step {i}");
            last = l;
        }
        for k in 1..5 {
            assert!(sequential_class(k, 5).luminance() < sequential_class(k - 1, 5).luminance());
        }
        assert_ne!(sequential(0.0), NO_DATA);
        assert_eq!(sequential(f64::NAN), sequential(0.0));
    }

    #[test]
    fn marks_and_lines_are_visible_on_white() {
        for c in [PRIMARY, COMPARISON, AXIS, MARK, HIGHLIGHT] {
            assert!(contrast(c, Rgb::WHITE) >= 3.0, "{c}");
        }
        for c in CATEGORICAL.iter().filter(|c| **c != Rgb::hex(0xe69f00) && **c != Rgb::hex(0x56b4e9)) {
            assert!(contrast(*c, Rgb::WHITE) >= 3.0, "{c}");
        }
    }
}
