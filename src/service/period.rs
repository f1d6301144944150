//! Calendar periods for results over time: quarters, half-years and years, and month steps
//! that keep the day of month (clamped to the month's end) without drifting.

use crate::i18n::{Lang, Msg};
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// How long a period is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    #[default]
    Quarter,
    Half,
    Year,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [Granularity::Quarter, Granularity::Half, Granularity::Year];

    fn months(self) -> u32 {
        match self {
            Granularity::Quarter => 3,
            Granularity::Half => 6,
            Granularity::Year => 12,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Granularity::Quarter => Msg::SvByQuarter,
            Granularity::Half => Msg::SvByHalf,
            Granularity::Year => Msg::SvByYear,
        }
    }
}

/// One calendar period: the `index`-th quarter (1–4) or half (1–2) of a year, or the year (1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Period {
    pub year: i32,
    pub granularity: Granularity,
    pub index: u32,
}

impl Period {
    /// The period of a granularity that holds `date`.
    pub fn of(date: NaiveDate, granularity: Granularity) -> Period {
        Period { year: date.year(), granularity, index: date.month0() / granularity.months() + 1 }
    }

    /// The first day of the period.
    pub fn start(self) -> NaiveDate {
        let month = (self.index.max(1) - 1) * self.granularity.months() + 1;
        NaiveDate::from_ymd_opt(self.year, month.min(12), 1).unwrap_or_default()
    }

    /// The last day of the period.
    pub fn end(self) -> NaiveDate {
        add_months(self.start(), self.granularity.months()).pred_opt().unwrap_or_default()
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        Period::of(date, self.granularity) == self
    }

    /// A stable code: `2026-Q1`, `2026-H2`, `2026`.
    pub fn code(self) -> String {
        match self.granularity {
            Granularity::Quarter => format!("{}-Q{}", self.year, self.index),
            Granularity::Half => format!("{}-H{}", self.year, self.index),
            Granularity::Year => format!("{}", self.year),
        }
    }

    /// 2026年第1季度 / Q1 2026, 2026年上半年 / H1 2026, 2026年 / 2026.
    pub fn label(self, lang: Lang) -> String {
        let year = self.year.to_string();
        match (self.granularity, self.index) {
            (Granularity::Quarter, i) => Msg::SvPeriodQuarter.with(lang, &[&year, &i.to_string()]),
            (Granularity::Half, 1) => Msg::SvPeriodFirstHalf.with(lang, &[&year]),
            (Granularity::Half, _) => Msg::SvPeriodSecondHalf.with(lang, &[&year]),
            (Granularity::Year, _) => Msg::SvPeriodYear.with(lang, &[&year]),
        }
    }
}

/// `date` plus `months` months, clamped to the end of the month (1月31日 + 1 month = 2月28日).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX)
}

/// Days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// The calendar day of a clock stamp's wall time (ms since the epoch, UTC).
pub fn day_of_ms(ms: u64) -> NaiveDate {
    chrono::DateTime::from_timestamp_millis(ms as i64).map(|t| t.date_naive()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_hold_their_days() {
        let q = Period::of(d(2026, 5, 17), Granularity::Quarter);
        assert_eq!((q.year, q.index, q.start(), q.end()), (2026, 2, d(2026, 4, 1), d(2026, 6, 30)));
        let h = Period::of(d(2026, 7, 1), Granularity::Half);
        assert_eq!((h.index, h.start(), h.end()), (2, d(2026, 7, 1), d(2026, 12, 31)));
        let y = Period::of(d(2024, 2, 29), Granularity::Year);
        assert_eq!((y.start(), y.end()), (d(2024, 1, 1), d(2024, 12, 31)));
        assert!(q.contains(d(2026, 6, 30)) && !q.contains(d(2026, 7, 1)));
        assert_eq!([q.code(), h.code(), y.code()], ["2026-Q2", "2026-H2", "2024"]);
        assert_eq!(q.label(Lang::Zh), "2026年第2季度");
        assert_eq!(q.label(Lang::En), "Q2 2026");
        assert_eq!(h.label(Lang::Zh), "2026年下半年");
        assert!(Period::of(d(2025, 12, 31), Granularity::Quarter) < q);
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        assert_eq!(add_months(d(2026, 1, 31), 1), d(2026, 2, 28));
        assert_eq!(add_months(d(2026, 1, 31), 2), d(2026, 3, 31));
        assert_eq!(add_months(d(2023, 2, 28), 12), d(2024, 2, 28));
        assert_eq!(days_between(d(2026, 3, 1), d(2026, 2, 27)), -2);
        assert_eq!(day_of_ms(86_400_000), d(1970, 1, 2));
    }
}
