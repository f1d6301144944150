//! The RFM grid: R from 5 (top) to 1, F from 1 (left) to 5, a count in each cell.

use super::{FONT, FONT_SMALL};
use crate::charts::colour::{label_on, sequential, Rgb, AXIS, HIGHLIGHT};
use crate::charts::format::{compact, grouped};
use crate::charts::path::Rect;
use crate::charts::svg::{Anchor, Paint, Stroke, Svg, TextStyle};
use crate::i18n::Lang;

/// The viewBox: width and height.
pub const VIEW: (f64, f64) = (800.0, 470.0);
const LEFT: f64 = 64.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = VIEW.1 - 52.0;
const CELL_W: f64 = (VIEW.0 - LEFT - RIGHT) / 5.0;
const CELL_H: f64 = (BOTTOM - TOP) / 5.0;
const GAP: f64 = 1.5;

/// Cells are numbered row by row from the top left: cell `i` is row `i / 5` (row 0 = R5) and
/// column `i % 5` (column 0 = F1). Its (r, f) scores.
pub fn scores_of(i: usize) -> (u8, u8) {
    (5 - (i / 5).min(4) as u8, (i % 5) as u8 + 1)
}

/// The cell of scores (r, f), each 1–5.
pub fn index_of(r: u8, f: u8) -> usize {
    usize::from(5 - r.clamp(1, 5)) * 5 + usize::from(f.clamp(1, 5) - 1)
}

/// Cell `i`'s area (inside the gaps between cells).
pub fn cell(i: usize) -> Rect {
    let (x, y) = (LEFT + CELL_W * (i % 5) as f64, TOP + CELL_H * (i / 5) as f64);
    Rect { x: x + GAP, y: y + GAP, width: CELL_W - 2.0 * GAP, height: CELL_H - 2.0 * GAP }
}

/// Where cell `i`'s tooltip points: the middle of its top edge.
pub fn anchor(i: usize) -> (f64, f64) {
    let c = cell(i);
    (c.x + c.width / 2.0, c.y + 6.0)
}

/// The cells shaded by count (darkest = most), each with its count (and its sales, compactly,
/// when given) in the colour that reads on its fill; the axes with their titles.
pub fn drawing(
    counts: &[[u32; 5]; 5],
    sales: Option<&[[f64; 5]; 5]>,
    r_label: &str,
    f_label: &str,
    lang: Lang,
) -> String {
    let mut s = Svg::new();
    let max = counts.iter().flatten().copied().max().unwrap_or(0);
    for i in 0..25 {
        let (r, f) = scores_of(i);
        let n = counts[usize::from(r - 1)][usize::from(f - 1)];
        let fill = sequential(if max == 0 { 0.0 } else { f64::from(n) / f64::from(max) });
        let ink = label_on(fill);
        let c = cell(i);
        let (cx, cy) = (c.x + c.width / 2.0, c.y + c.height / 2.0);
        s.rect((c.x, c.y), (c.width, c.height), 4.0, Paint::fill(fill));
        let sales = sales.map(|s| s[usize::from(r - 1)][usize::from(f - 1)]);
        let count_y = if sales.is_some() { cy - 8.0 } else { cy };
        s.text(
            (cx, count_y),
            &grouped(f64::from(n), 0),
            TextStyle::new(20.0, ink).anchor(Anchor::Middle).bold().middle(),
            None,
        );
        if let Some(v) = sales {
            s.text(
                (cx, cy + 14.0),
                &compact(v, lang),
                TextStyle::new(FONT_SMALL, ink).anchor(Anchor::Middle).middle(),
                None,
            );
        }
    }
    let tick = TextStyle::new(FONT, AXIS);
    for k in 1..=5 {
        let fx = LEFT + CELL_W * (f64::from(k) - 0.5);
        s.text((fx, BOTTOM + 18.0), &k.to_string(), tick.anchor(Anchor::Middle), None);
        let ry = TOP + CELL_H * (f64::from(k) - 0.5);
        s.text((LEFT - 10.0, ry), &(6 - k).to_string(), tick.anchor(Anchor::End).middle(), None);
    }
    let title = TextStyle::new(FONT, AXIS).anchor(Anchor::Middle).bold();
    s.text(((LEFT + VIEW.0 - RIGHT) / 2.0, VIEW.1 - 8.0), &format!("{f_label} →"), title, None);
    s.text((16.0, (TOP + BOTTOM) / 2.0), &format!("{r_label} →"), title, Some(-90.0));
    s.finish()
}

/// An outline for cell `i` (the chosen cell, or the one under the pointer): dark, with a white line
/// inside, so it shows on light and dark fills alike.
pub fn outline(i: usize, width: f64) -> String {
    let c = cell(i);
    let mut s = Svg::new();
    s.rect((c.x, c.y), (c.width, c.height), 4.0, Paint::outline(Stroke::new(HIGHLIGHT, width)));
    let inset = width;
    s.rect(
        (c.x + inset, c.y + inset),
        (c.width - 2.0 * inset, c.height - 2.0 * inset),
        3.0,
        Paint::outline(Stroke::new(Rgb::WHITE, 1.5)),
    );
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_run_from_r5_f1_to_r1_f5() {
        assert_eq!(scores_of(0), (5, 1));
        assert_eq!(scores_of(4), (5, 5));
        assert_eq!(scores_of(5), (4, 1));
        assert_eq!(scores_of(24), (1, 5));
        for i in 0..25 {
            let (r, f) = scores_of(i);
            assert_eq!(index_of(r, f), i);
        }
        assert!(cell(4).x > cell(0).x && cell(5).y > cell(0).y);
    }

    #[test]
    fn counts_get_readable_ink() {
        let mut counts = [[0u32; 5]; 5];
        counts[4][3] = 120;
        let d = drawing(&counts, None, "R", "F", Lang::Zh);
        assert_eq!(d.matches("<rect").count(), 25);
        assert!(
            d.contains(r##"fill="#ffffff" text-anchor="middle" font-weight="600" dominant-baseline="middle">120<"##),
            "{d}"
        );
        assert!(d.contains("F →") && d.contains("rotate(-90"));
        let sales = [[12_345.0; 5]; 5];
        assert_eq!(drawing(&counts, Some(&sales), "R", "F", Lang::Zh).matches(">1.2万<").count(), 25);
    }
}
