//! The province map's pure part: the shape type of the generated [`china_map`](super::china_map)
//! and the choropleth's classes (which fill a value gets, and the legend).

use super::colour::{sequential_class, Rgb, HIGHLIGHT, NO_DATA};
use super::province::Province;
use super::svg::{Paint, Stroke, Svg};
use super::ticks::nice_step;

/// One division on the map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ProvinceShape {
    pub province: Province,
    /// Where its tooltip points: a spot well inside its largest piece.
    pub label: (f64, f64),
    /// For divisions too small to tap (Shanghai, Hong Kong, Macao): a spot out at sea where a round marker
    /// stands in for them, joined to `label` by a thin line.
    pub marker: Option<(f64, f64)>,
    /// SVG path data in the map's viewBox (fill-rule evenodd).
    pub path: &'static str,
}

/// The shape of `province` on the map.
pub fn shape(province: Province) -> &'static ProvinceShape {
    let i = Province::ALL.iter().position(|p| *p == province).unwrap_or(0);
    &super::china_map::SHAPES[i]
}

/// The South China Sea islands inset: a white frame and its islands, in grey.
pub fn inset_markup() -> String {
    use super::china_map::{SOUTH_CHINA_SEA, SOUTH_CHINA_SEA_FRAME};
    let (x, y, w, h) = SOUTH_CHINA_SEA_FRAME;
    let mut s = Svg::new();
    s.rect((x, y), (w, h), 0.0, Paint::fill(Rgb::WHITE));
    s.path(SOUTH_CHINA_SEA, Paint::fill(Rgb::hex(0x6b7280)));
    s.finish()
}

/// An outline of `province` (and of its marker, if it has one), `width` units wide: the chosen
/// division, or the one under the pointer, drawn over its neighbours.
pub fn outline(province: Province, width: f64) -> String {
    let shape = shape(province);
    let stroke = Stroke::new(HIGHLIGHT, width);
    let mut s = Svg::new();
    s.path(shape.path, Paint::outline(stroke));
    if let Some(m) = shape.marker {
        s.circle(m, MARKER_RADIUS, Paint::outline(stroke));
    }
    s.finish()
}

/// The radius of the round markers of the smallest divisions.
pub const MARKER_RADIUS: f64 = 9.0;

/// Equal-width value classes from 0 to a nice maximum, for a choropleth: `bounds[i]` is the upper
/// bound of class `i` (the first class is 0 up to `bounds[0]`). A map of sales by province reads
/// better in a few steps than in a continuous shade.
#[derive(Clone, Debug, PartialEq)]
pub struct Classes {
    pub bounds: Vec<f64>,
}

/// The nice step after `step` in the sequence 1, 2, 5, 10, 20, 50…
fn next_nice_step(step: f64) -> f64 {
    let power = 10f64.powf(step.log10().floor());
    let factor = step / power;
    let next = if factor < 1.5 {
        2.0
    } else if factor < 3.5 {
        5.0
    } else {
        10.0
    };
    next * power
}

impl Classes {
    /// About `count` classes (at most `count`) covering 0…`max`.
    pub fn new(max: f64, count: usize) -> Self {
        let count = count.max(1);
        let max = if max.is_finite() && max > 0.0 { max } else { 1.0 };
        let mut step = nice_step(max, count);
        // A nice step can need one class more than asked for (max 4.2 in steps of 1): widen it to
        // the next nice step (1 → 2 → 5 → 10). Widening through `nice_step` again could return
        // the same step (max 11 in 5 classes: 2 again) and never end.
        while (max / step).ceil() as usize > count {
            step = next_nice_step(step);
        }
        let n = ((max / step).ceil() as usize).max(1);
        Classes { bounds: (1..=n).map(|i| i as f64 * step).collect() }
    }

    /// The class of `value`: 0 for 0 up to the first bound, the last class for anything above.
    pub fn class_of(&self, value: f64) -> usize {
        self.bounds.iter().position(|b| value <= *b).unwrap_or(self.bounds.len().saturating_sub(1))
    }

    /// The fill of `value`, or the no-data grey for None.
    pub fn fill(&self, value: Option<f64>) -> Rgb {
        match value {
            Some(v) => sequential_class(self.class_of(v), self.bounds.len()),
            None => NO_DATA,
        }
    }

    /// (lower bound, upper bound, fill) for each class, for the legend.
    pub fn legend(&self) -> Vec<(f64, f64, Rgb)> {
        let n = self.bounds.len();
        (0..n)
            .map(|i| (if i == 0 { 0.0 } else { self.bounds[i - 1] }, self.bounds[i], sequential_class(i, n)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::china_map::{SHAPES, VIEW_BOX};
    use super::*;

    // Regression: `Classes::new(11.0, 5)` looped for ever (the widened step came back as 2),
    // hanging the dashboard of a 300-customer firm.
    #[test]
    fn classes_end_and_cover_every_maximum() {
        for count in 1..=8 {
            for k in 1..=2_000 {
                let max = f64::from(k) * 0.37 * 10f64.powi(k % 7 - 2);
                let c = Classes::new(max, count);
                assert!(!c.bounds.is_empty() && c.bounds.len() <= count, "{max} in {count}: {:?}", c.bounds);
                assert!(*c.bounds.last().unwrap() >= max, "{max} in {count}: {:?}", c.bounds);
            }
        }
        assert_eq!(Classes::new(11.0, 5).bounds, vec![5.0, 10.0, 15.0]);
    }

    #[test]
    fn the_map_has_every_division_once_in_order() {
        assert_eq!(SHAPES.len(), 34);
        for (shape, p) in SHAPES.iter().zip(Province::ALL) {
            assert_eq!(shape.province, p);
            assert!(shape.path.starts_with('M') && shape.path.ends_with('z'), "{p:?}");
            let (x, y) = shape.label;
            assert!(x > 0.0 && x < VIEW_BOX.0 && y > 0.0 && y < VIEW_BOX.1, "{p:?} label {x},{y}");
        }
        assert_eq!(shape(Province::Macao).province, Province::Macao);
        assert!(shape(Province::HongKong).marker.is_some() && shape(Province::Macao).marker.is_some());
        assert!(shape(Province::Sichuan).marker.is_none());
        assert!(inset_markup().starts_with("<rect"));
        assert_eq!(outline(Province::HongKong, 2.0).matches("stroke-width=\"2\"").count(), 2);
    }

    #[test]
    fn labels_sit_where_the_provinces_are() {
        // West is left, north is up: Xinjiang left of Shanghai, Heilongjiang above Hainan.
        assert!(shape(Province::Xinjiang).label.0 < shape(Province::Shanghai).label.0);
        assert!(shape(Province::Heilongjiang).label.1 < shape(Province::Hainan).label.1);
        assert!(shape(Province::Beijing).label.1 < shape(Province::Guangdong).label.1);
        assert!(shape(Province::Taiwan).label.0 > shape(Province::Fujian).label.0);
    }

    #[test]
    fn classes_cover_the_values() {
        let c = Classes::new(37_000.0, 5);
        assert_eq!(c.bounds, vec![10_000.0, 20_000.0, 30_000.0, 40_000.0]);
        assert_eq!(c.class_of(0.0), 0);
        assert_eq!(c.class_of(10_000.0), 0);
        assert_eq!(c.class_of(10_001.0), 1);
        assert_eq!(c.class_of(1e9), 3);
        assert_eq!(c.legend()[1].0, 10_000.0);
        assert_eq!(c.fill(None), NO_DATA);
        assert_ne!(c.fill(Some(0.0)), c.fill(Some(40_000.0)));
        let c = Classes::new(4.2, 4);
        assert!(c.bounds.len() <= 4 && *c.bounds.last().unwrap() >= 4.2, "{:?}", c.bounds);
        assert_eq!(Classes::new(0.0, 5).bounds.last(), Some(&1.0));
    }
}
