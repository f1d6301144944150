//! Dates, times, money and numbers formatted for the language.

use super::Lang;
use crate::model::{Money, Qty};
use chrono::{DateTime, NaiveDate};

/// 2026年11月25日 / 25 Nov 2026.
pub fn format_date(date: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Zh => date.format("%Y年%-m月%-d日").to_string(),
        Lang::En => date.format("%-d %b %Y").to_string(),
    }
}

/// A moment given in ms since the epoch, shown in the user's time zone (`offset_minutes` east
/// of UTC, from the browser): 2026年11月25日 14:05 / 25 Nov 2026 14:05.
pub fn format_datetime(unix_ms: u64, offset_minutes: i32, lang: Lang) -> String {
    let local = DateTime::from_timestamp_millis(unix_ms as i64 + i64::from(offset_minutes) * 60_000)
        .map(|t| t.naive_utc())
        .unwrap_or_default();
    match lang {
        Lang::Zh => local.format("%Y年%-m月%-d日 %H:%M").to_string(),
        Lang::En => local.format("%-d %b %Y %H:%M").to_string(),
    }
}

/// ¥1,234.50 for yuan in both languages (how Chinese firms write it, and short enough for a
/// tablet's columns); other currencies by their code: USD 1,234.50.
pub fn format_money(amount: Money, currency: &str, _lang: Lang) -> String {
    let sign = if amount.0 < 0 { "-" } else { "" };
    let body = amount.abs().format();
    match currency {
        "CNY" | "" => format!("{sign}¥{body}"),
        code => format!("{sign}{code} {body}"),
    }
}

/// 1234567 → "1,234,567".
pub fn format_count(n: usize) -> String {
    Qty::units(n as i64).format()
}

pub fn format_qty(q: Qty) -> String {
    q.format()
}

/// 0.7512 → "75.1%".
pub fn format_percent(fraction: f64) -> String {
    if !fraction.is_finite() {
        return "—".into();
    }
    format!("{:.1}%", fraction * 100.0)
}

/// Month names for charts and period pickers: 1月 / Jan.
pub fn month_name(month: u32, lang: Lang) -> String {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match lang {
        Lang::Zh => format!("{month}月"),
        Lang::En => EN.get(month.saturating_sub(1) as usize).copied().unwrap_or("?").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_money_follow_the_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(format_date(d, Lang::Zh), "2026年3月5日");
        assert_eq!(format_date(d, Lang::En), "5 Mar 2026");
        assert_eq!(format_money(Money(123_450), "CNY", Lang::Zh), "¥1,234.50");
        assert_eq!(format_money(Money(-5), "CNY", Lang::En), "-¥0.05");
        assert_eq!(format_money(Money(100), "USD", Lang::Zh), "USD 1.00");
        // 2026-03-05 00:30 UTC is 08:30 in Beijing.
        let ms = 1_772_670_600_000;
        assert_eq!(format_datetime(ms, 480, Lang::Zh), "2026年3月5日 08:30");
        assert_eq!(format_datetime(ms, 0, Lang::En), "5 Mar 2026 00:30");
        assert_eq!(format_percent(0.7512), "75.1%");
        assert_eq!(month_name(2, Lang::En), "Feb");
        assert_eq!(format_count(1_234_567), "1,234,567");
        assert_eq!(format_count(12), "12");
    }
}
