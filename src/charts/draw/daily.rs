//! A month by day: cumulative lines (a plan's progress — what was bought so far, the plan pro
//! rata, the same days last year) over the days of one month. The x axis is the whole month, so
//! how far into it the lines reach shows how much of it has passed.

use super::FONT_SMALL;
use crate::charts::axis::{value_axis, ValueAxis};
use crate::charts::colour::{Rgb, AXIS, GRID, HIGHLIGHT};
use crate::charts::path::{polyline, Rect};
use crate::charts::scale::LinearScale;
use crate::charts::svg::{Anchor, Paint, Stroke, Svg, TextStyle};
use crate::i18n::Lang;

/// The viewBox: width and height.
pub const VIEW: (f64, f64) = (800.0, 280.0);
const TOP: f64 = 12.0;
const RIGHT: f64 = 12.0;
const BOTTOM_ROOM: f64 = 26.0;

/// How a line is drawn: the main one solid with dots, the others dashed or dotted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStyle {
    Solid,
    Dashed,
    Dotted,
}

impl LineStyle {
    fn stroke(self, colour: Rgb) -> Stroke {
        match self {
            LineStyle::Solid => Stroke::new(colour, 2.5),
            LineStyle::Dashed => Stroke::new(colour, 2.0).dashed("6 4"),
            LineStyle::Dotted => Stroke::new(colour, 2.0).dashed("2 3"),
        }
    }
}

/// One line: `values[k]` is day k + 1's value; a missing value (NaN) breaks the line.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyLine {
    pub colour: Rgb,
    pub style: LineStyle,
    pub values: Vec<f64>,
}

/// The days of a month laid out, with its lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Daily {
    /// Days in the month (the x axis).
    pub days: u32,
    pub lines: Vec<DailyLine>,
    axis: ValueAxis,
    x: LinearScale,
    y: LinearScale,
    left: f64,
    bottom: f64,
}

/// The days labelled on an axis of `days` days: the 1st, every 5th, and the last unless it
/// would crowd the 5th before it.
pub fn day_ticks(days: u32) -> Vec<u32> {
    let mut out = vec![1];
    out.extend((5..=days).step_by(5));
    if days > 1 && out.last().is_some_and(|l| days - l >= 3) {
        out.push(days);
    }
    out
}

impl Daily {
    pub fn new(days: u32, lines: Vec<DailyLine>, lang: Lang) -> Self {
        let days = days.max(1);
        let values = lines.iter().flat_map(|l| l.values.iter().copied()).filter(|v| v.is_finite());
        let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
        let axis = value_axis(min, max, 5, lang, FONT_SMALL);
        let left = (axis.label_width + 10.0).max(28.0);
        let bottom = VIEW.1 - BOTTOM_ROOM;
        let x = LinearScale::new((0.5, f64::from(days) + 0.5), (left, VIEW.0 - RIGHT));
        let y = LinearScale::new(axis.ticks.domain, (bottom, TOP));
        Daily { days, lines, axis, x, y, left, bottom }
    }

    /// The days that have a value in some line (day 1 to the last day measured).
    pub fn len(&self) -> usize {
        self.lines.iter().map(|l| l.values.len()).max().unwrap_or(0).min(self.days as usize)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn step(&self) -> f64 {
        (VIEW.0 - RIGHT - self.left) / f64::from(self.days)
    }

    /// Where day `i + 1` is along the x axis.
    pub fn x_of(&self, i: usize) -> f64 {
        self.x.map(i as f64 + 1.0)
    }

    /// Day `i + 1`'s column, full height: what the pointer and the finger hit.
    pub fn column(&self, i: usize) -> Rect {
        let step = self.step();
        Rect { x: self.x_of(i) - step / 2.0, y: TOP, width: step, height: self.bottom - TOP }
    }

    /// Where day `i + 1`'s tooltip points: its highest value.
    pub fn anchor(&self, i: usize) -> (f64, f64) {
        let top = self
            .lines
            .iter()
            .filter_map(|l| l.values.get(i).copied().filter(|v| v.is_finite()))
            .map(|v| self.y.map(v))
            .fold(self.y.map(0.0), f64::min);
        (self.x_of(i), top)
    }

    fn points(&self, line: &DailyLine) -> Vec<(f64, f64)> {
        line.values
            .iter()
            .take(self.days as usize)
            .enumerate()
            .map(|(i, v)| (self.x_of(i), if v.is_finite() { self.y.map(*v) } else { f64::NAN }))
            .collect()
    }

    /// Grid, value axis, day axis and the lines (later lines under earlier ones: the first is
    /// the main one, drawn last).
    pub fn drawing(&self) -> String {
        let mut s = Svg::new();
        let right = VIEW.0 - RIGHT;
        let tick_style = TextStyle::new(FONT_SMALL, AXIS);
        for (v, text) in self.axis.ticks.values.iter().zip(&self.axis.labels) {
            let y = self.y.map(*v);
            s.line((self.left, y), (right, y), Stroke::new(if *v == 0.0 { AXIS } else { GRID }, 1.0));
            s.text((self.left - 6.0, y), text, tick_style.anchor(Anchor::End).middle(), None);
        }
        for d in day_ticks(self.days) {
            let x = self.x_of(d as usize - 1);
            s.line((x, self.bottom), (x, self.bottom + 4.0), Stroke::new(AXIS, 1.0));
            s.text((x, self.bottom + 18.0), &d.to_string(), tick_style.anchor(Anchor::Middle), None);
        }
        for line in self.lines.iter().rev() {
            let points = self.points(line);
            s.path(&polyline(&points), Paint::outline(line.style.stroke(line.colour)));
            if line.style == LineStyle::Solid {
                for p in points.iter().filter(|p| p.1.is_finite()) {
                    s.circle(*p, 2.5, Paint::fill(line.colour));
                }
            }
        }
        s.finish()
    }

    /// Day `i + 1` while it shows its tooltip: a guide line and a ring on each line's point.
    pub fn highlight(&self, i: usize) -> String {
        let mut s = Svg::new();
        if i >= self.len() {
            return String::new();
        }
        let x = self.x_of(i);
        s.line((x, TOP), (x, self.bottom), Stroke::new(HIGHLIGHT, 1.0).dashed("3 3"));
        for line in &self.lines {
            if let Some(v) = line.values.get(i).copied().filter(|v| v.is_finite()) {
                s.circle((x, self.y.map(v)), 4.5, Paint::fill(Rgb::WHITE).stroke(Stroke::new(line.colour, 2.5)));
            }
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::colour::{COMPARISON, MARK, PRIMARY};

    fn month(shown: usize) -> Daily {
        let line =
            |colour, style, f: fn(usize) -> f64| DailyLine { colour, style, values: (0..shown).map(f).collect() };
        Daily::new(
            30,
            vec![
                line(PRIMARY, LineStyle::Solid, |i| 1_000.0 * i as f64),
                line(MARK, LineStyle::Dashed, |i| 1_500.0 * (i + 1) as f64),
                line(COMPARISON, LineStyle::Dotted, |_| f64::NAN),
            ],
            Lang::Zh,
        )
    }

    #[test]
    fn the_lines_reach_the_days_measured() {
        let m = month(12);
        assert_eq!(m.len(), 12);
        let svg = m.drawing();
        assert_eq!(svg.matches("<path").count(), 2, "a line with no values draws nothing");
        assert_eq!(svg.matches("<circle").count(), 12, "dots on the main line only");
        assert!(svg.contains("stroke-dasharray=\"6 4\""));
        assert!(svg.contains(">2万</text>"), "{svg}");
        assert!(svg.contains(">30</text>") && svg.contains(">25</text>"));
        // The ring marks the lines with a value on that day.
        assert_eq!(m.highlight(3).matches("<circle").count(), 2);
        assert!(m.highlight(12).is_empty());
        assert!(month(0).is_empty());
    }

    #[test]
    fn columns_tile_the_month_and_anchors_sit_on_the_highest_line() {
        let m = month(30);
        let (c0, c29) = (m.column(0), m.column(29));
        assert!((c0.x + c0.width * 30.0 - (c29.x + c29.width)).abs() < 1e-9);
        assert!((c29.x + c29.width - (VIEW.0 - RIGHT)).abs() < 1e-9);
        let (x, y) = m.anchor(9);
        assert!((x - m.x_of(9)).abs() < 1e-9);
        assert!((y - m.y.map(15_000.0)).abs() < 1e-9, "the plan is the higher line");
    }

    #[test]
    fn day_labels_do_not_crowd() {
        assert_eq!(day_ticks(30), [1, 5, 10, 15, 20, 25, 30]);
        assert_eq!(day_ticks(31), [1, 5, 10, 15, 20, 25, 30]);
        assert_eq!(day_ticks(28), [1, 5, 10, 15, 20, 25, 28]);
        assert_eq!(day_ticks(29), [1, 5, 10, 15, 20, 25, 29]);
        assert_eq!(day_ticks(1), [1]);
    }
}
