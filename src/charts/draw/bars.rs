//! Horizontal bars with their labels and values (customers per segment, class or stage).

use super::FONT;
use crate::charts::colour::{Rgb, AXIS, HIGHLIGHT, PRIMARY};
use crate::charts::format::{compact, percent, text_width};
use crate::charts::path::{hbar, Rect};
use crate::charts::scale::LinearScale;
use crate::charts::svg::{Anchor, Paint, Stroke, Svg, TextStyle};
use crate::i18n::Lang;

/// The viewBox width (the height grows with the rows: [`Bars::height`]).
pub const WIDTH: f64 = 800.0;
const ROW: f64 = 34.0;
const BAR: f64 = 22.0;
const PAD: f64 = 6.0;
/// Room after the longest bar for its value and share ("1.2万 (23.5%)").
const VALUE_ROOM: f64 = 130.0;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentBar {
    /// Its label, already translated ("冠军客户" / "Champions").
    pub label: String,
    pub value: f64,
    /// Its colour; by default the charts' blue.
    pub colour: Option<Rgb>,
}

impl SegmentBar {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        SegmentBar { label: label.into(), value, colour: None }
    }
}

/// Bars laid out, one row each, top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    pub items: Vec<SegmentBar>,
    /// The sum of the positive values (for shares).
    pub total: f64,
    label_room: f64,
    x: LinearScale,
}

impl Bars {
    pub fn new(items: &[SegmentBar]) -> Self {
        let label_room = items.iter().map(|i| text_width(&i.label, FONT)).fold(40.0, f64::max).min(280.0) + 12.0;
        let max = items.iter().map(|i| i.value).fold(0.0, f64::max);
        let x = LinearScale::new((0.0, if max > 0.0 { max } else { 1.0 }), (label_room, WIDTH - VALUE_ROOM));
        let total = items.iter().map(|i| i.value.max(0.0)).sum();
        Bars { items: items.to_vec(), total, label_room, x }
    }

    /// The viewBox height.
    pub fn height(&self) -> f64 {
        ROW * self.items.len().max(1) as f64 + PAD
    }

    /// Row `i`, the whole width: the target, since a short bar is easy to miss.
    pub fn row(&self, i: usize) -> Rect {
        Rect { x: 0.0, y: PAD + ROW * i as f64, width: WIDTH, height: ROW }
    }

    /// Value `v`'s share of the total, if there is a total.
    pub fn share(&self, v: f64) -> Option<f64> {
        (self.total > 0.0).then(|| v / self.total)
    }

    /// Where row `i`'s tooltip points: the end of its bar.
    pub fn anchor(&self, i: usize) -> (f64, f64) {
        let v = self.items.get(i).map_or(0.0, |it| it.value.max(0.0));
        (self.x.map(v).min(WIDTH - VALUE_ROOM), PAD + ROW * i as f64 + 4.0)
    }

    /// Labels, bars and values (compact, with the share of the total when `shares`).
    pub fn drawing(&self, shares: bool, lang: Lang) -> String {
        let mut s = Svg::new();
        let text = TextStyle::new(FONT, AXIS).middle();
        for (i, item) in self.items.iter().enumerate() {
            let y = PAD + ROW * i as f64;
            let mid = y + ROW / 2.0;
            let r = hbar(y + (ROW - BAR) / 2.0, BAR, self.x.map(0.0), self.x.map(item.value), 2.0);
            s.text((self.label_room - 10.0, mid), &item.label, text.anchor(Anchor::End), None);
            s.rect((r.x, r.y), (r.width, r.height), 3.0, Paint::fill(item.colour.unwrap_or(PRIMARY)));
            let value = match self.share(item.value).filter(|_| shares) {
                Some(share) => format!("{} ({})", compact(item.value, lang), percent(share)),
                None => compact(item.value, lang),
            };
            s.text((r.x + r.width + 6.0, mid), &value, text, None);
        }
        s.finish()
    }

    /// A shade behind row `i` (under the pointer).
    pub fn shade(&self, i: usize) -> String {
        let r = self.row(i);
        let mut s = Svg::new();
        s.rect((r.x, r.y), (r.width, r.height), 0.0, Paint::fill(Rgb::BLACK).opacity(0.05));
        s.finish()
    }

    /// An outline around row `i` (the chosen one).
    pub fn outline(&self, i: usize) -> String {
        let r = self.row(i);
        let mut s = Svg::new();
        s.rect(
            (r.x + 1.0, r.y + 1.0),
            (r.width - 2.0, r.height - 2.0),
            4.0,
            Paint::outline(Stroke::new(HIGHLIGHT, 2.5)),
        );
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_values_and_shares() {
        let b = Bars::new(&[SegmentBar::new("冠军客户", 300.0), SegmentBar::new("A&B", 100.0)]);
        assert_eq!(b.height(), 74.0);
        assert_eq!(b.share(100.0), Some(0.25));
        let d = b.drawing(true, Lang::Zh);
        assert!(d.contains(">300 (75%)<") && d.contains(">A&amp;B<"), "{d}");
        assert!(!b.drawing(false, Lang::Zh).contains('%'));
        assert!(b.anchor(0).0 > b.anchor(1).0);
        assert_eq!(Bars::new(&[]).share(1.0), None);
    }
}
