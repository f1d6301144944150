//! The Pareto curve: cumulative share of sales over customers ranked by sales, A/B/C classes
//! shaded, the 80/20 point marked.

use super::{FONT, FONT_SMALL};
use crate::charts::colour::{Rgb, AXIS, GRID, HIGHLIGHT, MARK, PRIMARY};
use crate::charts::format::percent;
use crate::charts::path::{polyline, thin_by_x, Rect};
use crate::charts::scale::LinearScale;
use crate::charts::series::{customers_at_share, share_at};
use crate::charts::svg::{Anchor, Paint, Stroke, Svg, TextStyle};

/// The viewBox: width and height.
pub const VIEW: (f64, f64) = (800.0, 340.0);
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = VIEW.1 - 30.0;
/// The curve is read in this many steps of customer share (5% each): one tappable column each.
pub const STEPS: usize = 20;

fn x() -> LinearScale {
    LinearScale::new((0.0, 1.0), (LEFT, VIEW.0 - RIGHT))
}

fn y() -> LinearScale {
    LinearScale::new((0.0, 1.0), (BOTTOM, TOP))
}

/// Step `i`'s point of the curve: (customer share, sales share) at the end of its column.
pub fn point(curve: &[(f64, f64)], i: usize) -> (f64, f64) {
    let cx = (i + 1) as f64 / STEPS as f64;
    (cx, share_at(curve, cx))
}

/// Step `i`'s column, full height.
pub fn column(i: usize) -> Rect {
    let step = (VIEW.0 - RIGHT - LEFT) / STEPS as f64;
    Rect { x: LEFT + step * i as f64, y: TOP, width: step, height: BOTTOM - TOP }
}

/// Where step `i`'s tooltip points: its point on the curve.
pub fn anchor(curve: &[(f64, f64)], i: usize) -> (f64, f64) {
    let (cx, cy) = point(curve, i);
    (x().map(cx), y().map(cy))
}

/// Axes, the classes (shaded, with their letter and share of customers), the cuts at `a` and `b`,
/// the diagonal of equal shares, the curve and the `top` point ("20% → 76%").
pub fn drawing(curve: &[(f64, f64)], a: f64, b: f64, top: (f64, f64)) -> String {
    let (x, y) = (x(), y());
    let mut s = Svg::new();
    let tick = TextStyle::new(FONT_SMALL, AXIS);
    for t in [0.0, 0.2, 0.4, 0.6, 0.8, 1.0] {
        let (tx, ty) = (x.map(t), y.map(t));
        s.line((LEFT, ty), (VIEW.0 - RIGHT, ty), Stroke::new(GRID, 1.0));
        s.text((LEFT - 6.0, ty), &percent(t), tick.anchor(Anchor::End).middle(), None);
        s.text((tx, BOTTOM + 18.0), &percent(t), tick.anchor(Anchor::Middle), None);
    }
    let (xa, xb) = (customers_at_share(curve, a), customers_at_share(curve, b));
    for (letter, from, to, opacity) in [("A", 0.0, xa, 0.16), ("B", xa, xb, 0.09), ("C", xb, 1.0, 0.03)] {
        let (x0, x1) = (x.map(from), x.map(to));
        s.rect((x0, TOP), (x1 - x0, BOTTOM - TOP), 0.0, Paint::fill(PRIMARY).opacity(opacity));
        if x1 - x0 > 14.0 {
            let text = if x1 - x0 > 40.0 { format!("{letter} {}", percent(to - from)) } else { letter.to_string() };
            s.text(((x0 + x1) / 2.0, TOP - 8.0), &text, TextStyle::new(FONT, AXIS).anchor(Anchor::Middle).bold(), None);
        }
    }
    for (share, at) in [(a, xa), (b, xb)] {
        let (cx, cy) = (x.map(at), y.map(share));
        let cut = Stroke::new(MARK, 1.0).dashed("4 3");
        s.line((LEFT, cy), (cx, cy), cut);
        s.line((cx, cy), (cx, BOTTOM), cut);
    }
    s.line((LEFT, BOTTOM), (VIEW.0 - RIGHT, TOP), Stroke::new(GRID, 1.5));
    let projected: Vec<(f64, f64)> = curve.iter().map(|(cx, cy)| (x.map(*cx), y.map(*cy))).collect();
    s.path(&polyline(&thin_by_x(&projected, 0.5)), Paint::outline(Stroke::new(PRIMARY, 2.5)));
    let (px, py) = (x.map(top.0), y.map(top.1));
    s.line((px, py), (px, BOTTOM), Stroke::new(MARK, 1.5));
    s.circle((px, py), 5.0, Paint::fill(MARK).stroke(Stroke::new(Rgb::WHITE, 1.5)));
    let label = format!("{} → {}", percent(top.0), percent(top.1));
    s.text((px + 8.0, py + 16.0), &label, TextStyle::new(FONT, MARK).bold(), None);
    s.finish()
}

/// Step `i` while it shows its tooltip: a guide line and a ring on the curve.
pub fn highlight(curve: &[(f64, f64)], i: usize) -> String {
    let (px, py) = anchor(curve, i);
    let mut s = Svg::new();
    s.line((px, TOP), (px, BOTTOM), Stroke::new(HIGHLIGHT, 1.0).dashed("3 3"));
    s.circle((px, py), 5.0, Paint::fill(Rgb::WHITE).stroke(Stroke::new(PRIMARY, 2.5)));
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::series::pareto_curve;

    #[test]
    fn the_curve_its_classes_and_the_top_point() {
        let curve = pareto_curve(&(1..=1000).map(|i| 1.0 / f64::from(i)).collect::<Vec<_>>());
        let d = drawing(&curve, 0.8, 0.95, (0.2, share_at(&curve, 0.2)));
        assert!(d.contains(">A 2") && d.contains(">B ") && d.contains(">C "), "{d}");
        assert!(d.contains("20% → "));
        assert_eq!(point(&curve, STEPS - 1), (1.0, 1.0));
        let (c0, c19) = (column(0), column(STEPS - 1));
        assert!((c19.x + c19.width - (VIEW.0 - RIGHT)).abs() < 1e-9 && c0.x == LEFT);
        assert!(highlight(&curve, 3).contains("<circle"));
        // A thousand customers draw no more points than the axis has room for.
        assert!(d.len() < 20_000, "{}", d.len());
    }
}
