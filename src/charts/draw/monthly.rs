//! Monthly line and bar charts: one series, optionally against a second lined up from the end.

use super::FONT_SMALL;
use crate::charts::axis::{month_ticks, value_axis, ValueAxis};
use crate::charts::colour::{Rgb, AXIS, COMPARISON, GRID, HIGHLIGHT, PRIMARY};
use crate::charts::path::{area, bar, polyline, Rect};
use crate::charts::scale::{BandScale, LinearScale};
use crate::charts::series::{align_from_end, MonthValue};
use crate::charts::svg::{Anchor, Paint, Stroke, Svg, TextStyle};
use crate::i18n::Lang;

/// The viewBox: width and height.
pub const VIEW: (f64, f64) = (800.0, 300.0);
const TOP: f64 = 12.0;
const RIGHT: f64 = 12.0;
const BOTTOM_ROOM: f64 = 40.0;
/// Up to this many months, a line chart marks each month with a dot.
const DOTS_UP_TO: usize = 36;

/// Lines (the main one solid, with its area if asked; the comparison dashed) or bars (pairs of
/// grey comparison and blue main bars).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MonthlyKind {
    Line { area: bool },
    Bar,
}

/// A monthly chart laid out.
#[derive(Clone, Debug, PartialEq)]
pub struct Monthly {
    pub months: Vec<MonthValue>,
    /// The comparison's month for each of `months`, if any.
    pub previous: Vec<Option<MonthValue>>,
    pub has_compare: bool,
    axis: ValueAxis,
    band: BandScale,
    y: LinearScale,
    left: f64,
    bottom: f64,
}

impl Monthly {
    pub fn new(points: &[MonthValue], compare: Option<&[MonthValue]>, lang: Lang) -> Self {
        let months = points.to_vec();
        let previous: Vec<Option<MonthValue>> = match compare {
            Some(c) => align_from_end(&months, c).into_iter().map(|p| p.copied()).collect(),
            None => vec![None; months.len()],
        };
        let values = months.iter().map(|p| p.2).chain(previous.iter().flatten().map(|p| p.2)).filter(|v| v.is_finite());
        let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let axis = value_axis(min, max, 5, lang, FONT_SMALL);
        let left = (axis.label_width + 10.0).max(28.0);
        let bottom = VIEW.1 - BOTTOM_ROOM;
        let band = BandScale::new(months.len(), (left, VIEW.0 - RIGHT), 0.2);
        let y = LinearScale::new(axis.ticks.domain, (bottom, TOP));
        Monthly { months, previous, has_compare: compare.is_some(), axis, band, y, left, bottom }
    }

    pub fn len(&self) -> usize {
        self.months.len()
    }

    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }

    /// Month `i`'s column, full height: what the pointer and the finger hit.
    pub fn column(&self, i: usize) -> Rect {
        let step = self.band.step();
        Rect { x: self.left + step * i as f64, y: TOP, width: step, height: self.bottom - TOP }
    }

    /// Where month `i`'s tooltip points: the top of its highest value.
    pub fn anchor(&self, i: usize) -> (f64, f64) {
        let top = self.months.get(i).map_or(self.bottom, |p| self.y.map(p.2));
        let prev_top = self.previous.get(i).copied().flatten().map_or(top, |p| self.y.map(p.2));
        (self.band.center(i), top.min(prev_top).min(self.y.map(0.0)))
    }

    /// Grid, value axis, month axis and the data.
    pub fn drawing(&self, kind: MonthlyKind, lang: Lang) -> String {
        let mut s = Svg::new();
        let right = VIEW.0 - RIGHT;
        let tick_style = TextStyle::new(FONT_SMALL, AXIS);
        for (v, text) in self.axis.ticks.values.iter().zip(&self.axis.labels) {
            let y = self.y.map(*v);
            s.line((self.left, y), (right, y), Stroke::new(if *v == 0.0 { AXIS } else { GRID }, 1.0));
            s.text((self.left - 6.0, y), text, tick_style.anchor(Anchor::End).middle(), None);
        }
        let months: Vec<(i32, u32)> = self.months.iter().map(|(y, m, _)| (*y, *m)).collect();
        for t in month_ticks(&months, self.band.step(), lang, FONT_SMALL) {
            let x = self.band.center(t.index);
            s.text((x, self.bottom + 16.0), &t.month, tick_style.anchor(Anchor::Middle), None);
            if let Some(year) = t.year {
                s.text((x, self.bottom + 32.0), &year, tick_style.anchor(Anchor::Middle), None);
            }
        }
        let zero = self.y.map_clamped(0.0);
        match kind {
            MonthlyKind::Line { area: with_area } => {
                let main: Vec<(f64, f64)> =
                    self.months.iter().enumerate().map(|(i, p)| (self.band.center(i), self.y.map(p.2))).collect();
                if with_area {
                    s.path(&area(&main, zero), Paint::fill(PRIMARY).opacity(0.12));
                }
                if self.has_compare {
                    let prev: Vec<(f64, f64)> = self
                        .previous
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (self.band.center(i), p.map_or(f64::NAN, |p| self.y.map(p.2))))
                        .collect();
                    s.path(&polyline(&prev), Paint::outline(Stroke::new(COMPARISON, 2.0).dashed("6 4")));
                }
                s.path(&polyline(&main), Paint::outline(Stroke::new(PRIMARY, 2.5)));
                if main.len() <= DOTS_UP_TO {
                    for p in &main {
                        s.circle(*p, 2.5, Paint::fill(PRIMARY));
                    }
                }
            }
            MonthlyKind::Bar => {
                let width = self.band.width();
                let half = if self.has_compare { width / 2.0 } else { 0.0 };
                for (i, p) in self.months.iter().enumerate() {
                    let x = self.band.start(i);
                    if let Some(pp) = self.previous[i] {
                        let r = bar(x, half, zero, self.y.map(pp.2), 1.0);
                        s.rect((r.x, r.y), (r.width, r.height), 0.0, Paint::fill(COMPARISON).opacity(0.55));
                    }
                    let r = bar(x + half, width - half, zero, self.y.map(p.2), 1.0);
                    s.rect((r.x, r.y), (r.width, r.height), 0.0, Paint::fill(PRIMARY));
                }
                s.line((self.left, zero), (right, zero), Stroke::new(AXIS, 1.0));
            }
        }
        s.finish()
    }

    /// The mark on month `i` while it shows its tooltip: a guide line and a ring (lines) or a shade
    /// behind the pair of bars.
    pub fn highlight(&self, kind: MonthlyKind, i: usize) -> String {
        let mut s = Svg::new();
        let Some(&(_, _, v)) = self.months.get(i) else { return String::new() };
        let x = self.band.center(i);
        match kind {
            MonthlyKind::Line { .. } => {
                s.line((x, TOP), (x, self.bottom), Stroke::new(HIGHLIGHT, 1.0).dashed("3 3"));
                s.circle((x, self.y.map(v)), 5.0, Paint::fill(Rgb::WHITE).stroke(Stroke::new(PRIMARY, 2.5)));
            }
            MonthlyKind::Bar => {
                let zero = self.y.map_clamped(0.0);
                let (x0, w) = (self.band.start(i), self.band.width());
                s.rect((x0 - 2.0, TOP), (w + 4.0, self.bottom - TOP), 0.0, Paint::fill(Rgb::BLACK).opacity(0.06));
                s.line((x0, zero), (x0 + w, zero), Stroke::new(HIGHLIGHT, 2.0));
            }
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(n: u32) -> Vec<MonthValue> {
        (0..n).map(|i| (2025 + (i / 12) as i32, i % 12 + 1, 1_000.0 * f64::from(i + 1))).collect()
    }

    #[test]
    fn bars_and_lines_are_drawn() {
        let m = Monthly::new(&months(12), Some(&months(6)), Lang::Zh);
        assert_eq!(m.len(), 12);
        assert_eq!(m.previous.iter().flatten().count(), 6);
        let bars = m.drawing(MonthlyKind::Bar, Lang::Zh);
        assert_eq!(bars.matches("<rect").count(), 18);
        assert!(bars.contains(">1万</text>") && bars.contains(">2025</text>"), "{bars}");
        let lines = m.drawing(MonthlyKind::Line { area: true }, Lang::En);
        assert_eq!(lines.matches("<path").count(), 3);
        assert_eq!(lines.matches("<circle").count(), 12);
        assert!(lines.contains("stroke-dasharray=\"6 4\""));
        assert!(!m.highlight(MonthlyKind::Bar, 3).is_empty());
        assert!(m.highlight(MonthlyKind::Bar, 99).is_empty());
    }

    #[test]
    fn columns_tile_the_plot_and_anchors_sit_on_the_data() {
        let m = Monthly::new(&months(4), None, Lang::En);
        let (c0, c3) = (m.column(0), m.column(3));
        assert!((c0.x + c0.width * 4.0 - (c3.x + c3.width)).abs() < 1e-9);
        assert!(m.anchor(3).1 < m.anchor(0).1, "the larger value is higher up");
        assert!(Monthly::new(&[], None, Lang::Zh).is_empty());
    }
}
