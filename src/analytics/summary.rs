//! Per-customer purchase histories: the one pass over the sales lines that every score reads from.
//!
//! Lines are grouped by customer with a counting sort on the integer customer index (stable, so lines pushed
//! in date order need no further sorting), then each customer's lines are walked once in date order.
//!
//! Definitions (DOMAIN.md §3, §12 and the literature's conventions):
//! - A line is a **return** when its amount or quantity is negative; any other line is a **purchase line**.
//! - A **purchase day** is a day with at least one purchase line (several lines on one day are one purchase;
//!   a day with only returns is not a purchase day). Its **value** is the sum of its purchase lines' amounts.
//! - **Net sales** are the sum of all amounts in the period, returns included.

use super::calendar::Day;
use super::input::Dataset;
use super::settings::{Settings, TimeUnit};

/// The customers' histories inside the period and scope of a [`Settings`].
#[derive(Clone, Debug)]
pub struct Histories {
    /// The as-of date used (the setting, or the latest line's day).
    pub as_of: Day,
    /// The first day of the period, if limited.
    pub period_start: Option<Day>,
    /// Whether each customer is in scope (the branch filter).
    pub in_scope: Vec<bool>,
    day_start: Vec<u32>,
    days: Vec<Day>,
    day_values: Vec<i64>,
    /// Net sales per customer in minor units (returns subtract).
    pub net_sales: Vec<i64>,
    /// Net cost per customer in minor units, over the lines whose cost is known.
    pub net_cost: Vec<i64>,
    /// Lines per customer whose cost is unknown.
    pub cost_missing: Vec<u32>,
    /// Net sales in the last lifecycle window, `(as_of − window, as_of]`.
    pub recent_value: Vec<i64>,
    /// Net sales in the window before, `(as_of − 2·window, as_of − window]`.
    pub previous_value: Vec<i64>,
    pub(crate) line_start: Vec<u32>,
    pub(crate) line_order: Vec<u32>,
}

/// The BG/NBD / Gamma-Gamma summary of one customer (the literature's columns), in a time unit.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RepeatSummary {
    /// x: repeat purchase days (distinct purchase days − 1).
    pub frequency: u32,
    /// t_x: first to last purchase day, in the unit.
    pub recency: f64,
    /// T: first purchase day to the as-of date, in the unit.
    pub t: f64,
    /// zbar: mean value of the repeat purchase days in major units; 0 when x = 0.
    pub monetary_value: f64,
    /// First purchase day.
    pub first_day: Day,
    /// Last purchase day.
    pub last_day: Day,
}

/// The period and scope of a [`Settings`] applied to a dataset: which customers and lines count.
pub(crate) struct Scope {
    pub as_of: Day,
    pub start: Day,
    pub in_scope: Vec<bool>,
}

impl Scope {
    pub fn new(data: &Dataset, settings: &Settings) -> Scope {
        Scope {
            as_of: settings.as_of.or_else(|| data.last_day()).unwrap_or(0),
            start: settings.period_start.unwrap_or(Day::MIN),
            in_scope: match settings.branch {
                None => vec![true; data.customer_count()],
                Some(b) => data.customer_branch.iter().map(|&x| x == b).collect(),
            },
        }
    }

    /// Whether line `i` counts.
    #[inline]
    pub fn keep(&self, data: &Dataset, i: usize) -> bool {
        let d = data.line_day[i];
        d >= self.start && d <= self.as_of && self.in_scope[data.line_customer[i] as usize]
    }
}

/// Net sales per customer in the period and scope (`None` out of scope), in one pass over the lines with no
/// grouping: all ABC and composition need.
pub fn net_sales(data: &Dataset, settings: &Settings) -> Vec<Option<i64>> {
    let scope = Scope::new(data, settings);
    let mut sales = vec![0i64; data.customer_count()];
    for i in 0..data.line_count() {
        if scope.keep(data, i) {
            sales[data.line_customer[i] as usize] += data.line_amount[i];
        }
    }
    sales.into_iter().zip(&scope.in_scope).map(|(s, &inside)| inside.then_some(s)).collect()
}

impl Histories {
    /// Groups the lines of `data` that fall inside the settings' period and scope.
    pub fn build(data: &Dataset, settings: &Settings) -> Histories {
        let n = data.customer_count();
        let Scope { as_of, start, in_scope } = Scope::new(data, settings);
        let keep = |i: usize| {
            let d = data.line_day[i];
            d >= start && d <= as_of && in_scope[data.line_customer[i] as usize]
        };

        // Counting sort of the kept lines by customer.
        let mut line_start = vec![0u32; n + 1];
        for i in 0..data.line_count() {
            if keep(i) {
                line_start[data.line_customer[i] as usize + 1] += 1;
            }
        }
        for c in 0..n {
            line_start[c + 1] += line_start[c];
        }
        let mut cursor = line_start.clone();
        let mut line_order = vec![0u32; line_start[n] as usize];
        for i in 0..data.line_count() {
            if keep(i) {
                let c = data.line_customer[i] as usize;
                line_order[cursor[c] as usize] = i as u32;
                cursor[c] += 1;
            }
        }

        let window = settings.lifecycle.window_days;
        let recent_from = as_of.saturating_sub(window);
        let previous_from = recent_from.saturating_sub(window);
        let mut h = Histories {
            as_of,
            period_start: settings.period_start,
            in_scope,
            day_start: Vec::with_capacity(n + 1),
            days: Vec::new(),
            day_values: Vec::new(),
            net_sales: vec![0; n],
            net_cost: vec![0; n],
            cost_missing: vec![0; n],
            recent_value: vec![0; n],
            previous_value: vec![0; n],
            line_start,
            line_order,
        };
        h.day_start.push(0);
        let (day, amount, quantity) = (&data.line_day, &data.line_amount, &data.line_quantity);
        for c in 0..n {
            let lines = &mut h.line_order[h.line_start[c] as usize..h.line_start[c + 1] as usize];
            if !lines.windows(2).all(|w| day[w[0] as usize] <= day[w[1] as usize]) {
                lines.sort_unstable_by_key(|&i| (day[i as usize], i));
            }
            let (mut net, mut cost, mut missing, mut recent, mut previous) = (0i64, 0i64, 0u32, 0i64, 0i64);
            let mut current: Option<(Day, i64, bool)> = None;
            for &i in lines.iter() {
                let i = i as usize;
                let (d, a) = (day[i], amount[i]);
                let purchase = a >= 0 && quantity[i] >= 0.0;
                match &mut current {
                    Some((cd, value, bought)) if *cd == d => {
                        if purchase {
                            *value += a;
                            *bought = true;
                        }
                    }
                    _ => {
                        if let Some((cd, value, true)) = current {
                            h.days.push(cd);
                            h.day_values.push(value);
                        }
                        current = Some((d, if purchase { a } else { 0 }, purchase));
                    }
                }
                net += a;
                if data.cost_known(i) {
                    cost += data.line_cost[i];
                } else {
                    missing += 1;
                }
                if d > recent_from {
                    recent += a;
                } else if d > previous_from {
                    previous += a;
                }
            }
            if let Some((cd, value, true)) = current {
                h.days.push(cd);
                h.day_values.push(value);
            }
            h.day_start.push(h.days.len() as u32);
            h.net_sales[c] = net;
            h.net_cost[c] = cost;
            h.cost_missing[c] = missing;
            h.recent_value[c] = recent;
            h.previous_value[c] = previous;
        }
        h
    }

    /// Number of customers (in scope or not).
    pub fn customer_count(&self) -> usize {
        self.net_sales.len()
    }

    /// A customer's purchase days, ascending.
    pub fn purchase_days(&self, customer: usize) -> &[Day] {
        &self.days[self.day_start[customer] as usize..self.day_start[customer + 1] as usize]
    }

    /// The values (minor units) of a customer's purchase days, in the same order.
    pub fn purchase_values(&self, customer: usize) -> &[i64] {
        &self.day_values[self.day_start[customer] as usize..self.day_start[customer + 1] as usize]
    }

    /// The indices of a customer's lines in scope, in date order.
    pub(crate) fn lines_of(&self, customer: usize) -> &[u32] {
        &self.line_order[self.line_start[customer] as usize..self.line_start[customer + 1] as usize]
    }

    /// The literature's summary of a customer with at least one purchase day.
    pub fn repeat_summary(&self, customer: usize, unit: TimeUnit, minor_per_major: i64) -> Option<RepeatSummary> {
        let days = self.purchase_days(customer);
        let (&first, &last) = (days.first()?, days.last()?);
        let x = days.len() as u32 - 1;
        let repeat_total: i64 = self.purchase_values(customer)[1..].iter().sum();
        let u = unit.days();
        Some(RepeatSummary {
            frequency: x,
            recency: f64::from(last - first) / u,
            t: f64::from(self.as_of - first) / u,
            monetary_value: if x == 0 { 0.0 } else { repeat_total as f64 / f64::from(x) / minor_per_major as f64 },
            first_day: first,
            last_day: last,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::input::{CustomerInfo, DatasetBuilder, SaleLine};

    #[test]
    fn same_day_lines_are_one_purchase_and_returns_are_not_purchases() {
        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo::default());
        // Pushed out of order on purpose: the walk must sort them.
        b.push_line(SaleLine::new(c, 20, 1.0, 500))
            .push_line(SaleLine::new(c, 10, 1.0, 1000))
            .push_line(SaleLine::new(c, 10, 2.0, 300))
            .push_line(SaleLine::new(c, 15, -1.0, -200))
            .push_line(SaleLine::new(c, 30, 1.0, 700));
        let data = b.build().unwrap();
        let h = Histories::build(&data, &Settings { as_of: Some(25), ..Settings::default() });
        assert_eq!(h.purchase_days(0), &[10, 20]);
        assert_eq!(h.purchase_values(0), &[1300, 500]);
        assert_eq!(h.net_sales[0], 1300 - 200 + 500);
        let s = h.repeat_summary(0, TimeUnit::Day, 100).unwrap();
        assert_eq!((s.frequency, s.recency, s.t, s.monetary_value), (1, 10.0, 15.0, 5.0));
    }

    #[test]
    fn period_and_branch_limit_the_lines() {
        let mut b = DatasetBuilder::new(1);
        let c0 = b.add_customer(CustomerInfo { kind: None, branch: Some(0) });
        let c1 = b.add_customer(CustomerInfo { kind: None, branch: Some(1) });
        for d in [1, 5, 9] {
            b.push_line(SaleLine::new(c0, d, 1.0, 10)).push_line(SaleLine::new(c1, d, 1.0, 10));
        }
        let data = b.build().unwrap();
        let s = Settings { period_start: Some(5), branch: Some(1), ..Settings::default() };
        let h = Histories::build(&data, &s);
        assert_eq!(h.as_of, 9);
        assert!(h.purchase_days(0).is_empty());
        assert_eq!(h.purchase_days(1), &[5, 9]);
    }

    #[test]
    fn windows_split_recent_from_previous_value() {
        let mut b = DatasetBuilder::new(1);
        let c = b.add_customer(CustomerInfo::default());
        let w = Settings::default().lifecycle.window_days;
        let as_of = 1000;
        b.push_line(SaleLine::new(c, as_of, 1.0, 1)) // recent
            .push_line(SaleLine::new(c, as_of - w + 1, 1.0, 2)) // recent, first day of the window
            .push_line(SaleLine::new(c, as_of - w, 1.0, 4)) // previous
            .push_line(SaleLine::new(c, as_of - 2 * w + 1, 1.0, 8)) // previous
            .push_line(SaleLine::new(c, as_of - 2 * w, 1.0, 16)); // neither
        let h = Histories::build(&b.build().unwrap(), &Settings { as_of: Some(as_of), ..Settings::default() });
        assert_eq!((h.recent_value[0], h.previous_value[0]), (3, 12));
    }
}
