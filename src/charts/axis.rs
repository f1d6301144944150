//! Axes: the value axis (nice ticks and their compact labels, and how much room the labels take)
//! and the month axis (which months get a label so labels never overlap, and where the year goes).

use super::format::{month_tick, text_width, AxisFormat};
use super::ticks::{count_ticks, nice_ticks, Ticks};
use crate::i18n::Lang;

/// A value axis ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ValueAxis {
    pub ticks: Ticks,
    /// The label of each tick, in the same order.
    pub labels: Vec<String>,
    /// The widest label at the font size asked for: the room to leave beside the axis.
    pub label_width: f64,
}

/// About `count` ticks over `min..=max` (always including 0, where bars grow from), labelled
/// compactly in `lang`.
pub fn value_axis(min: f64, max: f64, count: usize, lang: Lang, font: f64) -> ValueAxis {
    let ticks = nice_ticks(min.min(0.0), max.max(0.0), count);
    label(ticks, lang, font)
}

/// Like [`value_axis`] for counts: whole numbers from 0.
pub fn count_axis(max: f64, count: usize, lang: Lang, font: f64) -> ValueAxis {
    label(count_ticks(max, count), lang, font)
}

fn label(ticks: Ticks, lang: Lang, font: f64) -> ValueAxis {
    let format = AxisFormat::for_ticks(&ticks, lang);
    let labels: Vec<String> = ticks.values.iter().map(|v| format.format(*v)).collect();
    let label_width = labels.iter().map(|l| text_width(l, font)).fold(0.0, f64::max);
    ValueAxis { ticks, labels, label_width }
}

/// A labelled month on a month axis.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthTick {
    /// Index of the month in the series.
    pub index: usize,
    /// "3月" / "Mar".
    pub month: String,
    /// "2025" under the first labelled month and wherever the year changes, else None.
    pub year: Option<String>,
}

/// Which of `months` (in order, consecutive) get a label when each month has `step` units of
/// width: every month if they fit, else every 2nd, 3rd, 4th, 6th or 12th month, picked on
/// calendar months (quarters, half-years) so the labels do not wander as the data grows.
pub fn month_ticks(months: &[(i32, u32)], step: f64, lang: Lang, font: f64) -> Vec<MonthTick> {
    let widest = months.iter().map(|(_, m)| text_width(&month_tick(0, *m, lang, false), font)).fold(0.0, f64::max);
    let room = widest + font * 0.6;
    let every = [1u32, 2, 3, 4, 6, 12].into_iter().find(|k| f64::from(*k) * step >= room).unwrap_or(12);
    let mut out = Vec::new();
    let mut last_year = None;
    for (index, &(year, month)) in months.iter().enumerate() {
        if !month.saturating_sub(1).is_multiple_of(every) {
            continue;
        }
        let year_label = (last_year != Some(year)).then(|| year.to_string());
        last_year = Some(year);
        out.push(MonthTick { index, month: month_tick(year, month, lang, false), year: year_label });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_axes_start_at_zero_and_label_compactly() {
        let a = value_axis(1_200.0, 37_412.0, 5, Lang::Zh, 13.0);
        assert_eq!(a.ticks.domain, (0.0, 40_000.0));
        assert_eq!(a.labels, ["0", "1万", "2万", "3万", "4万"]);
        assert!(a.label_width > 0.0);
        let a = value_axis(-5_000.0, 20_000.0, 5, Lang::En, 13.0);
        assert_eq!(a.labels.first().map(String::as_str), Some("-5K"));
        let c = count_axis(3.0, 5, Lang::En, 13.0);
        assert_eq!(c.labels, ["0", "1", "2", "3"]);
    }

    #[test]
    fn month_labels_thin_out_on_calendar_months() {
        let months: Vec<(i32, u32)> = (0..24).map(|i| (2024 + i / 12, (i % 12) as u32 + 1)).collect();
        let wide = month_ticks(&months, 60.0, Lang::Zh, 13.0);
        assert_eq!(wide.len(), 24);
        assert_eq!(wide[0].year.as_deref(), Some("2024"));
        assert_eq!(wide[1].year, None);
        assert_eq!(wide[12].year.as_deref(), Some("2025"));
        assert_eq!(wide[2].month, "3月");
        let narrow = month_ticks(&months, 25.0, Lang::Zh, 13.0);
        assert!(narrow.len() < 24);
        assert!(narrow.iter().all(|t| (months[t.index].1 - 1).is_multiple_of(2)), "{narrow:?}");
        // Starting mid-year, the year still shows on the first label.
        let from_may: Vec<(i32, u32)> = (4..16).map(|i| (2025 + i / 12, (i % 12) as u32 + 1)).collect();
        let ticks = month_ticks(&from_may, 20.0, Lang::En, 13.0);
        assert!(ticks[0].year.is_some());
        assert!(ticks.iter().filter(|t| t.year.is_some()).count() == 2, "{ticks:?}");
        assert!(month_ticks(&[], 20.0, Lang::En, 13.0).is_empty());
    }
}
