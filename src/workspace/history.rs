//! One customer's sales by month and lifecycle stage month by month, for the customer page.
//! The stage at each month end applies the engine's lifecycle rule to the customer's history up
//! to that day, with P(alive) from today's fitted BG/NBD parameters.

use crate::analytics::bgnbd::BgNbdParams;
use crate::analytics::lifecycle::{ChurnSignal, LifecycleExplanation, LifecycleStage};
use crate::analytics::settings::LifecycleSettings;
use crate::model::{Dataset, Id};
use crate::scoring::engine_day;
use chrono::{Datelike, Months, NaiveDate};

/// A month of one customer's history.
#[derive(Clone, Debug, PartialEq)]
pub struct MonthPoint {
    pub year: i32,
    pub month: u32,
    /// Net sales in the month, fen.
    pub sales: i64,
    /// Lifecycle stage at the month's end (None before the first purchase).
    pub stage: Option<LifecycleStage>,
}

fn month_end(year: i32, month: u32) -> NaiveDate {
    let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap_or_default();
    first.checked_add_months(Months::new(1)).unwrap_or(first).pred_opt().unwrap_or(first)
}

/// The last `months` months up to `as_of`'s month.
pub fn customer_history(
    data: &Dataset,
    customer: &Id,
    as_of: NaiveDate,
    months: u32,
    bgnbd: Option<BgNbdParams>,
    days_per_unit: f64,
    rules: LifecycleSettings,
) -> Vec<MonthPoint> {
    let mut lines: Vec<(NaiveDate, i64, bool)> = data
        .sales
        .live()
        .filter(|s| s.data.customer == *customer)
        .map(|s| (s.data.date, s.data.amount.0, s.data.is_return()))
        .collect();
    lines.sort_by_key(|l| l.0);
    let first_month = as_of.year() * 12 + as_of.month0() as i32 - (months as i32 - 1);
    (0..months as i32)
        .map(|k| {
            let m = first_month + k;
            let (year, month) = (m.div_euclid(12), m.rem_euclid(12) as u32 + 1);
            let end = month_end(year, month).min(as_of);
            let sales =
                lines.iter().filter(|l| l.0.year() == year && l.0.month() == month && l.0 <= end).map(|l| l.1).sum();
            let day = engine_day(end);
            let mut days: Vec<i32> = lines.iter().filter(|l| !l.2 && l.0 <= end).map(|l| engine_day(l.0)).collect();
            days.dedup();
            let stage = days.first().map(|&first| {
                let w = rules.window_days;
                let recent: i64 = lines
                    .iter()
                    .filter(|l| {
                        let d = engine_day(l.0);
                        d > day - w && d <= day
                    })
                    .map(|l| l.1)
                    .sum();
                let previous: i64 = lines
                    .iter()
                    .filter(|l| {
                        let d = engine_day(l.0);
                        d > day - 2 * w && d <= day - w
                    })
                    .map(|l| l.1)
                    .sum();
                let last = *days.last().unwrap_or(&first);
                let p_alive = bgnbd.map(|p| {
                    let x = (days.len() - 1) as f64;
                    p.p_alive(x, f64::from(last - first) / days_per_unit, f64::from(day - first) / days_per_unit)
                });
                LifecycleExplanation::new(
                    day - first,
                    days.len() as u32,
                    recent,
                    previous,
                    ChurnSignal::of(&days, day, rules.churn_interval_multiple),
                    p_alive,
                    rules,
                )
                .stage
            });
            MonthPoint { year, month, sales, stage }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::calendar::day_from_ymd;
    use crate::analytics::{score, Settings};
    use crate::demo::{generate, DemoSpec};
    use crate::scoring::analytics_input;

    #[test]
    fn the_last_month_matches_the_engine_and_months_add_up() {
        let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let data = generate(&DemoSpec { customers: 200, lines: 5_000, ..DemoSpec::default_for(end) }).unwrap();
        let (input, ix) = analytics_input(&data).unwrap();
        let settings = Settings { as_of: day_from_ymd(2026, 11, 30), ..Settings::default() };
        let scores = score(&input, &settings).unwrap();
        let params = scores.bgnbd.as_ref().ok().map(|f| f.params);
        let mut compared = 0;
        for (i, id) in ix.customers.iter().enumerate() {
            let h = customer_history(&data, id, end, 24, params, 7.0, settings.lifecycle);
            assert_eq!(h.len(), 24);
            assert_eq!((h[23].year, h[23].month), (2026, 11));
            let in_24_months: i64 = data
                .sales
                .live()
                .filter(|s| s.data.customer == *id && s.data.date > NaiveDate::from_ymd_opt(2024, 11, 30).unwrap())
                .map(|s| s.data.amount.0)
                .sum();
            assert_eq!(h.iter().map(|m| m.sales).sum::<i64>(), in_24_months);
            // With the whole history in the period, the last month's stage is the engine's.
            if let Some(l) = &scores.customers[i].lifecycle {
                assert_eq!(h[23].stage, Some(l.stage), "customer {id}");
                compared += 1;
            }
        }
        assert!(compared > 100);
    }
}
