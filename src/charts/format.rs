//! Numbers and months as charts show them: compact axis labels (1.2万 / 12万 / 1.2亿 in Chinese,
//! 12K / 1.2M in English), grouped exact values for tooltips, percentages, month labels, and a
//! rough width of a label so axes can leave room for it.

use crate::i18n::{is_cjk, month_name, Lang};

/// The units a language groups large numbers by, largest first: Chinese counts in 万 (10⁴) and
/// 亿 (10⁸), English in thousands.
fn units(lang: Lang) -> &'static [(f64, &'static str)] {
    match lang {
        Lang::Zh => &[(1e8, "亿"), (1e4, "万")],
        Lang::En => &[(1e9, "B"), (1e6, "M"), (1e3, "K")],
    }
}

/// The largest unit not above `magnitude` (1 and no suffix below the smallest).
fn unit_for(magnitude: f64, lang: Lang) -> (f64, &'static str) {
    units(lang).iter().copied().find(|(u, _)| magnitude >= *u).unwrap_or((1.0, ""))
}

/// `1234567.891` with `decimals` → "1,234,567.89"; trailing zeros are kept (use [`trim_zeros`]).
pub fn grouped(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::with_capacity(text.len() + text.len() / 3 + 1);
    // "-0" is not a number anyone writes.
    if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    out
}

/// "1.50" → "1.5", "2.00" → "2".
pub fn trim_zeros(text: &str) -> String {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text.to_string()
    }
}

/// A value in at most about three figures with the language's unit: 12,345 → "1.2万" / "12K",
/// 120,000 → "12万" / "120K", 123,000,000 → "1.2亿" / "123M"; below the smallest unit the value
/// as a whole number with separators (9,876). For tooltips and labels on bars.
pub fn compact(value: f64, lang: Lang) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let (unit, suffix) = unit_for(value.abs(), lang);
    if unit == 1.0 {
        let decimals = if value.abs() < 10.0 && value.fract() != 0.0 { 1 } else { 0 };
        return trim_zeros(&grouped(value, decimals));
    }
    let m = value / unit;
    let decimals = if m.abs() < 10.0 { 1 } else { 0 };
    format!("{}{suffix}", trim_zeros(&grouped(m, decimals)))
}

/// Labels for one axis: every tick in the same unit, chosen by the axis's largest magnitude, with
/// as many decimals as the step needs so neighbours differ (0, 0.5万, 1万, 1.5万).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AxisFormat {
    unit: f64,
    suffix: &'static str,
    decimals: usize,
}

impl AxisFormat {
    /// For ticks `step` apart reaching `max_abs` (the larger of |first tick| and |last tick|).
    pub fn new(max_abs: f64, step: f64, lang: Lang) -> Self {
        let (unit, suffix) = unit_for(max_abs.abs(), lang);
        // The fewest decimals that write the step exactly (0.5万 needs one, 0.25M two).
        let relative = step.abs() / unit;
        let decimals = (0..=6)
            .find(|&d| {
                let scaled = relative * 10f64.powi(d);
                (scaled.round() - scaled).abs() < 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(6) as usize;
        AxisFormat { unit, suffix, decimals }
    }

    /// For a [`Ticks`](super::ticks::Ticks).
    pub fn for_ticks(ticks: &super::ticks::Ticks, lang: Lang) -> Self {
        let max_abs = ticks.domain.0.abs().max(ticks.domain.1.abs());
        AxisFormat::new(max_abs, ticks.step, lang)
    }

    pub fn format(&self, value: f64) -> String {
        if value == 0.0 {
            return "0".into();
        }
        let text = trim_zeros(&grouped(value / self.unit, self.decimals));
        format!("{text}{}", self.suffix)
    }
}

/// 0.8 → "80%", 0.125 → "12.5%" (at most one decimal, none when whole).
pub fn percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".into();
    }
    format!("{}%", trim_zeros(&format!("{:.1}", fraction * 100.0)))
}

/// A month in full: "2025年3月" / "Mar 2025".
pub fn month_label(year: i32, month: u32, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{year}年{month}月"),
        Lang::En => format!("{} {year}", month_name(month, lang)),
    }
}

/// A month on an axis: the month alone ("3月" / "Mar"), or with its year ("2025年1月" / "Jan 2025")
/// where `with_year` (the first label, and each January).
pub fn month_tick(year: i32, month: u32, lang: Lang, with_year: bool) -> String {
    if with_year {
        month_label(year, month, lang)
    } else {
        month_name(month, lang)
    }
}

/// Roughly how wide `text` is drawn at `font_size`, in the same units: CJK characters are square,
/// digits and Latin letters a little over half as wide. Used to leave room for axis labels and to
/// skip labels that would overlap, never to place text exactly.
pub fn text_width(text: &str, font_size: f64) -> f64 {
    let ems: f64 = text
        .chars()
        .map(|c| {
            if is_cjk(c) || c as u32 >= 0x2E80 {
                1.0
            } else if c == '.' || c == ',' || c == ' ' {
                0.3
            } else if c.is_ascii_uppercase() || c == '%' {
                0.68
            } else {
                0.56
            }
        })
        .sum();
    ems * font_size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_thousands() {
        assert_eq!(grouped(1_234_567.891, 2), "1,234,567.89");
        assert_eq!(grouped(999.0, 0), "999");
        assert_eq!(grouped(-1000.0, 0), "-1,000");
        assert_eq!(grouped(-0.001, 1), "0.0");
        assert_eq!(grouped(f64::NAN, 0), "—");
    }

    #[test]
    fn compact_in_chinese_counts_in_wan_and_yi() {
        assert_eq!(compact(12_345.0, Lang::Zh), "1.2万");
        assert_eq!(compact(120_000.0, Lang::Zh), "12万");
        assert_eq!(compact(123_000_000.0, Lang::Zh), "1.2亿");
        assert_eq!(compact(10_000.0, Lang::Zh), "1万");
        assert_eq!(compact(9_876.0, Lang::Zh), "9,876");
        assert_eq!(compact(-25_000.0, Lang::Zh), "-2.5万");
        assert_eq!(compact(0.0, Lang::Zh), "0");
        assert_eq!(compact(2.5, Lang::Zh), "2.5");
    }

    #[test]
    fn compact_in_english_counts_in_thousands() {
        assert_eq!(compact(12_345.0, Lang::En), "12K");
        assert_eq!(compact(1_234.0, Lang::En), "1.2K");
        assert_eq!(compact(1_200_000.0, Lang::En), "1.2M");
        assert_eq!(compact(3_400_000_000.0, Lang::En), "3.4B");
        assert_eq!(compact(999.0, Lang::En), "999");
    }

    #[test]
    fn an_axis_shares_one_unit() {
        let f = AxisFormat::new(15_000.0, 5_000.0, Lang::Zh);
        let labels: Vec<String> = [0.0, 5_000.0, 10_000.0, 15_000.0].iter().map(|v| f.format(*v)).collect();
        assert_eq!(labels, ["0", "0.5万", "1万", "1.5万"]);
        let f = AxisFormat::new(40_000.0, 10_000.0, Lang::En);
        assert_eq!(f.format(20_000.0), "20K");
        let f = AxisFormat::new(8_000.0, 2_000.0, Lang::Zh);
        assert_eq!(f.format(6_000.0), "6,000");
        let f = AxisFormat::new(1_000_000.0, 250_000.0, Lang::Zh);
        assert_eq!(f.format(250_000.0), "25万");
        let f = AxisFormat::new(1_000_000.0, 250_000.0, Lang::En);
        assert_eq!(f.format(250_000.0), "0.25M");
        let f = AxisFormat::new(1.0, 0.2, Lang::En);
        assert_eq!(f.format(0.4), "0.4");
        let ticks = super::super::ticks::nice_ticks(0.0, 2.4e8, 5);
        let f = AxisFormat::for_ticks(&ticks, Lang::Zh);
        assert_eq!(f.format(ticks.values[1]), "0.5亿");
    }

    #[test]
    fn percents_and_months() {
        assert_eq!(percent(0.8), "80%");
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(month_label(2025, 3, Lang::Zh), "2025年3月");
        assert_eq!(month_label(2025, 3, Lang::En), "Mar 2025");
        assert_eq!(month_tick(2025, 4, Lang::Zh, false), "4月");
        assert_eq!(month_tick(2026, 1, Lang::En, true), "Jan 2026");
    }

    #[test]
    fn chinese_text_is_wider_than_digits() {
        assert_eq!(text_width("广东", 10.0), 20.0);
        assert!(text_width("1.2万", 10.0) < 25.0);
        assert!(text_width("Guangdong", 10.0) > 40.0);
    }
}
