//! A lifecycle strip: one cell per month coloured by stage, runs of one stage drawn as one.

use super::FONT_SMALL;
use crate::charts::axis::month_ticks;
use crate::charts::colour::{categorical, Rgb, AXIS, HIGHLIGHT, NO_DATA};
use crate::charts::path::Rect;
use crate::charts::scale::BandScale;
use crate::charts::svg::{Paint, Stroke, Svg, TextStyle};
use crate::i18n::Lang;

/// The viewBox: width and height.
pub const VIEW: (f64, f64) = (800.0, 90.0);
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 6.0;
const STRIP: f64 = 30.0;

/// The colour of a stage (its categorical colour; grey for no stage).
pub fn stage_colour(stage: Option<u8>) -> Rgb {
    stage.map_or(NO_DATA, |s| categorical(usize::from(s)))
}

fn band(n: usize) -> BandScale {
    BandScale::new(n, (LEFT, VIEW.0 - RIGHT), 0.0)
}

/// Month `i`'s cell, of `n`.
pub fn cell(n: usize, i: usize) -> Rect {
    let b = band(n);
    Rect { x: b.start(i), y: TOP, width: b.width(), height: STRIP }
}

/// The strip (one rectangle per run of months in one stage, a white line at each change) and the
/// month axis.
pub fn drawing(months: &[(i32, u32, Option<u8>)], lang: Lang) -> String {
    let b = band(months.len());
    let mut s = Svg::new();
    let mut runs: Vec<(usize, usize, Option<u8>)> = Vec::new();
    for (i, (_, _, stage)) in months.iter().enumerate() {
        match runs.last_mut() {
            Some((_, end, st)) if st == stage => *end = i + 1,
            _ => runs.push((i, i + 1, *stage)),
        }
    }
    for (k, (from, to, stage)) in runs.into_iter().enumerate() {
        let (x0, x1) = (b.start(from), b.start(to - 1) + b.width());
        s.rect((x0, TOP), (x1 - x0, STRIP), 0.0, Paint::fill(stage_colour(stage)));
        if k > 0 {
            s.line((x0, TOP), (x0, TOP + STRIP), Stroke::new(Rgb::WHITE, 2.0));
        }
    }
    let ym: Vec<(i32, u32)> = months.iter().map(|(y, m, _)| (*y, *m)).collect();
    let tick = TextStyle::new(FONT_SMALL, AXIS);
    for t in month_ticks(&ym, b.step(), lang, FONT_SMALL) {
        let x = b.start(t.index);
        s.line((x, TOP + STRIP), (x, TOP + STRIP + 5.0), Stroke::new(AXIS, 1.0));
        s.text((x, TOP + STRIP + 18.0), &t.month, tick, None);
        if let Some(year) = t.year {
            s.text((x, TOP + STRIP + 34.0), &year, tick, None);
        }
    }
    s.finish()
}

/// An outline around month `i` of `n`.
pub fn highlight(n: usize, i: usize) -> String {
    let c = cell(n, i);
    let mut s = Svg::new();
    s.rect((c.x, c.y - 2.0), (c.width, c.height + 4.0), 0.0, Paint::outline(Stroke::new(HIGHLIGHT, 2.0)));
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_a_stage_are_one_rectangle() {
        let months: Vec<(i32, u32, Option<u8>)> =
            (0..12).map(|i| (2025, i + 1, if i < 2 { None } else { Some((i / 5) as u8) })).collect();
        let d = drawing(&months, Lang::Zh);
        // None, stage 0 (Mar–May), stage 1 (Jun–Oct), stage 2 (Nov–Dec): four runs, three changes.
        assert_eq!(d.matches("<rect").count(), 4);
        assert_eq!(d.matches(r##"stroke="#ffffff""##).count(), 3);
        assert!(d.contains(">2025<"));
        assert_eq!(stage_colour(None), NO_DATA);
        assert!((cell(12, 11).x + cell(12, 11).width - (VIEW.0 - RIGHT)).abs() < 1e-9);
    }
}
