//! SVG path data from points already in drawing coordinates: lines, areas, bars, and thinning a
//! long curve (a Pareto curve over 100,000 customers) to what the drawing can show.

use std::fmt::Write;

/// A coordinate as path data: at most one decimal, no trailing zeros, never "-0".
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        return "0".into();
    }
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

/// A line through `points`; a point with a non-finite coordinate breaks the line (a month with no
/// data), and the line goes on from the next point.
pub fn polyline(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for &(x, y) in points {
        if !(x.is_finite() && y.is_finite()) {
            pen_down = false;
            continue;
        }
        let _ = write!(d, "{}{},{}", if pen_down { 'L' } else { 'M' }, num(x), num(y));
        pen_down = true;
    }
    d
}

/// The area between the line through `points` and the horizontal line at `baseline`, one closed
/// shape per unbroken run of points.
pub fn area(points: &[(f64, f64)], baseline: f64) -> String {
    let mut d = String::new();
    for run in points.split(|(x, y)| !(x.is_finite() && y.is_finite())) {
        let (Some(first), Some(last)) = (run.first(), run.last()) else { continue };
        let _ = write!(d, "M{},{}", num(first.0), num(baseline));
        for &(x, y) in run {
            let _ = write!(d, "L{},{}", num(x), num(y));
        }
        let _ = write!(d, "L{},{}Z", num(last.0), num(baseline));
    }
    d
}

/// An axis-aligned rectangle in drawing coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// A vertical bar from the zero line (`zero_y`) to `value_y`, `x`…`x + width` across: upwards for
/// positive values, downwards for negative ones (a month of net returns). A bar for a value that
/// is not zero is at least `min_height` tall, so a small month is still visible and tappable.
pub fn bar(x: f64, width: f64, zero_y: f64, value_y: f64, min_height: f64) -> Rect {
    let (top, bottom) = if value_y <= zero_y { (value_y, zero_y) } else { (zero_y, value_y) };
    let mut height = bottom - top;
    let mut y = top;
    if height < min_height && value_y != zero_y {
        height = min_height;
        if value_y < zero_y {
            y = zero_y - min_height;
        }
    }
    Rect { x, y, width: width.max(0.0), height }
}

/// A horizontal bar from `zero_x` to `value_x`, `y`…`y + height` down.
pub fn hbar(y: f64, height: f64, zero_x: f64, value_x: f64, min_width: f64) -> Rect {
    let (left, right) = if value_x >= zero_x { (zero_x, value_x) } else { (value_x, zero_x) };
    let mut width = right - left;
    let mut x = left;
    if width < min_width && value_x != zero_x {
        width = min_width;
        if value_x < zero_x {
            x = zero_x - min_width;
        }
    }
    Rect { x, y, width, height: height.max(0.0) }
}

/// Keeps the points of a curve that is drawn left to right (x never decreasing) at least `min_dx`
/// apart along x, plus the last; where several points share one column, the first and the last of
/// them are kept, so steep rises keep their shape. 100,000 customers on a 700-unit-wide axis
/// become at most about 1,400 points.
pub fn thin_by_x(points: &[(f64, f64)], min_dx: f64) -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(points.len().min(4096));
    let mut column_start = f64::NEG_INFINITY;
    let mut pending: Option<(f64, f64)> = None;
    for &p in points {
        if p.0 - column_start >= min_dx {
            if let Some(last) = pending.take() {
                out.push(last);
            }
            out.push(p);
            column_start = p.0;
        } else {
            pending = Some(p);
        }
    }
    if let Some(last) = pending {
        out.push(last);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(-3.25), "-3.3");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn a_gap_breaks_the_line() {
        assert_eq!(polyline(&[(0.0, 10.0), (5.0, 20.0), (10.0, 15.5)]), "M0,10L5,20L10,15.5");
        assert_eq!(polyline(&[(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0), (3.0, 4.0)]), "M0,1M2,3L3,4");
        assert_eq!(polyline(&[]), "");
    }

    #[test]
    fn areas_close_on_the_baseline() {
        assert_eq!(area(&[(0.0, 10.0), (5.0, 20.0)], 30.0), "M0,30L0,10L5,20L5,30Z");
        assert_eq!(area(&[(0.0, 1.0), (1.0, f64::NAN), (2.0, 3.0)], 9.0), "M0,9L0,1L0,9ZM2,9L2,3L2,9Z");
    }

    #[test]
    fn bars_grow_from_the_zero_line() {
        assert_eq!(bar(10.0, 20.0, 100.0, 40.0, 1.0), Rect { x: 10.0, y: 40.0, width: 20.0, height: 60.0 });
        assert_eq!(bar(10.0, 20.0, 100.0, 130.0, 1.0), Rect { x: 10.0, y: 100.0, width: 20.0, height: 30.0 });
        // A tiny positive value still shows.
        assert_eq!(bar(0.0, 5.0, 100.0, 99.9, 2.0), Rect { x: 0.0, y: 98.0, width: 5.0, height: 2.0 });
        assert_eq!(bar(0.0, 5.0, 100.0, 100.0, 2.0).height, 0.0);
        assert_eq!(hbar(0.0, 10.0, 50.0, 150.0, 1.0), Rect { x: 50.0, y: 0.0, width: 100.0, height: 10.0 });
        assert_eq!(hbar(0.0, 10.0, 50.0, 49.5, 2.0), Rect { x: 48.0, y: 0.0, width: 2.0, height: 10.0 });
    }

    #[test]
    fn thinning_keeps_ends_and_columns() {
        let pts: Vec<(f64, f64)> = (0..=10_000).map(|i| (i as f64 / 10.0, (i as f64).sqrt())).collect();
        let thin = thin_by_x(&pts, 1.0);
        // At most the first and the last point of each of the 1,000 columns.
        assert!(thin.len() <= 2_001, "{}", thin.len());
        assert_eq!(thin.first(), pts.first());
        assert_eq!(thin.last(), pts.last());
        assert!(thin.windows(2).all(|w| w[1].0 >= w[0].0));
        // A vertical rise inside one column keeps its bottom and top.
        let steep = [(0.0, 0.0), (0.1, 5.0), (0.2, 50.0), (2.0, 60.0)];
        assert_eq!(thin_by_x(&steep, 1.0), vec![(0.0, 0.0), (0.2, 50.0), (2.0, 60.0)]);
    }
}
