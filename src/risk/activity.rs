//! Each customer's figures as of a day, in one pass over the sales lines, payments and
//! expenses: what the warning rules, the plans' progress, the key accounts and the appraisal
//! read. Lines dated after the day are left out (the state as known that day); deleted items
//! never count. Money stays integer fen.

use super::settings::RiskSettings;
use super::{month_add, month_of, year_before};
use crate::model::{Dataset, Id, IdMap, Money};
use chrono::{Datelike, Days, NaiveDate};

/// One customer's figures as of a day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Activity {
    /// Net sales up to the day (returns subtract).
    pub sales: Money,
    /// Cost of those sales.
    pub cost: Money,
    /// Payments up to the day.
    pub paid: Money,
    /// First and last purchase (returns are not purchases).
    pub first_purchase: Option<NaiveDate>,
    pub last_purchase: Option<NaiveDate>,
    /// Net sales from the first of the month to the day, and over the same days a year before.
    pub month: Money,
    pub month_last_year: Money,
    /// Net sales over the window (`last_year_window_days`, ending on the day) and over the same
    /// days a year before.
    pub window: Money,
    pub window_last_year: Money,
    /// Net sales in the twelve full months before this month (for the usual monthly rhythm).
    pub twelve_months: Money,
    /// Sales expenses: the last `expense_window_months` months up to the day, the same number
    /// of months before them, this month so far, this year so far.
    pub expense_recent: Money,
    pub expense_previous: Money,
    pub expense_month: Money,
    pub expense_year: Money,
}

impl Activity {
    /// What the customer owes: sales minus payments (negative = paid in advance).
    pub fn owed(&self) -> Money {
        self.sales - self.paid
    }

    /// Months of the last twelve full months the customer has been buying (at least 1): a
    /// customer who started four months ago has a four-month rhythm, not a twelfth of it.
    pub fn rhythm_months(&self, as_of: NaiveDate) -> u32 {
        let Some(first) = self.first_purchase else { return 1 };
        let this = month_of(as_of);
        let first = month_of(first);
        let mut n = 0;
        while n < 12 && month_add(this, -(n + 1)) >= first {
            n += 1;
        }
        n.max(1) as u32
    }

    /// The usual net sales per month: the last twelve full months' sales over the months the
    /// customer has been buying in them.
    pub fn usual_month(&self, as_of: NaiveDate) -> Money {
        Money(self.twelve_months.0 / i64::from(self.rhythm_months(as_of)))
    }
}

/// Day bounds, worked out once.
struct Bounds {
    as_of: NaiveDate,
    month: NaiveDate,
    month_ly: (NaiveDate, NaiveDate),
    window: NaiveDate,
    window_ly: (NaiveDate, NaiveDate),
    twelve: NaiveDate,
    exp_recent: NaiveDate,
    exp_previous: NaiveDate,
    year: NaiveDate,
}

impl Bounds {
    fn new(as_of: NaiveDate, s: &RiskSettings) -> Bounds {
        let month = month_of(as_of);
        let window = as_of.checked_sub_days(Days::new(u64::from(s.last_year_window_days.max(1)) - 1)).unwrap_or(as_of);
        let months = s.expense_window_months.max(1) as i32;
        Bounds {
            as_of,
            month,
            month_ly: (year_before(month), year_before(as_of)),
            window,
            window_ly: (year_before(window), year_before(as_of)),
            twelve: month_add(month, -12),
            exp_recent: month_add(month, 1 - months),
            exp_previous: month_add(month, 1 - 2 * months),
            year: NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(month),
        }
    }
}

/// Every customer's figures as of `as_of` (customers with no line, payment or expense are
/// absent: read them as [`Activity::default`]).
pub fn activity(data: &Dataset, as_of: NaiveDate, settings: &RiskSettings) -> IdMap<Activity> {
    activity_of(data, as_of, settings, None)
}

/// [`activity`] for some customers only (`None` = all).
pub fn activity_of(
    data: &Dataset,
    as_of: NaiveDate,
    settings: &RiskSettings,
    only: Option<&IdMap<()>>,
) -> IdMap<Activity> {
    let b = Bounds::new(as_of, settings);
    let mut out: IdMap<Activity> = IdMap::default();
    out.reserve(only.map_or(data.customers.len(), |o| o.len()));
    let wanted = |id: &Id| only.is_none_or(|o| o.contains_key(id));
    for line in data.sales.live() {
        let s = &line.data;
        if s.date > b.as_of || !wanted(&s.customer) {
            continue;
        }
        let a = out.entry(s.customer).or_default();
        let (amount, date) = (s.amount, s.date);
        a.sales += amount;
        a.cost += s.cost;
        if !s.is_return() {
            a.first_purchase = Some(a.first_purchase.map_or(date, |d| d.min(date)));
            a.last_purchase = Some(a.last_purchase.map_or(date, |d| d.max(date)));
        }
        if date >= b.month {
            a.month += amount;
        } else if date >= b.twelve {
            a.twelve_months += amount;
        }
        if date >= b.window {
            a.window += amount;
        }
        if date >= b.month_ly.0 && date <= b.month_ly.1 {
            a.month_last_year += amount;
        }
        if date >= b.window_ly.0 && date <= b.window_ly.1 {
            a.window_last_year += amount;
        }
    }
    for p in data.payments.live() {
        if p.data.date <= b.as_of && wanted(&p.data.customer) {
            out.entry(p.data.customer).or_default().paid += p.data.amount;
        }
    }
    for e in data.expenses.live() {
        let x = &e.data;
        if x.date > b.as_of || !wanted(&x.customer) {
            continue;
        }
        let a = out.entry(x.customer).or_default();
        if x.date >= b.exp_recent {
            a.expense_recent += x.amount;
        } else if x.date >= b.exp_previous {
            a.expense_previous += x.amount;
        }
        if x.date >= b.month {
            a.expense_month += x.amount;
        }
        if x.date >= b.year {
            a.expense_year += x.amount;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sales::Expense;
    use crate::model::{Fact, Hlc, NodeId, Payment, Qty, Sale};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    pub(crate) fn sale(n: u32, customer: Id, date: NaiveDate, fen: i64) -> Fact<Sale> {
        let s = Sale { customer, date, quantity: Qty::units(1), amount: Money(fen), ..Sale::default() };
        let mut r = [0u8; 10];
        r[..4].copy_from_slice(&n.to_be_bytes());
        Fact::new(Id::v7(7, r), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, s)
    }

    #[test]
    fn figures_fall_in_their_windows_and_later_lines_are_left_out() {
        let c = Id::v7(1, [1; 10]);
        let mut data = Dataset::default();
        let lines = [
            (d(2026, 11, 3), 1_000),  // this month, window
            (d(2026, 10, 1), 2_000),  // twelve months, window
            (d(2025, 11, 20), 4_000), // twelve months, same month last year (before the 25th)
            (d(2025, 11, 28), 8_000), // twelve months, after the 25th last year: not in month_ly
            (d(2026, 12, 1), 16_000), // after the day: left out
        ];
        for (i, (date, fen)) in lines.into_iter().enumerate() {
            data.sales.merge(sale(i as u32, c, date, fen));
        }
        let p = Payment { customer: c, date: d(2026, 11, 1), amount: Money(500), ..Payment::default() };
        data.payments.merge(Fact::new(Id::v7(8, [1; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, p));
        let e = Expense { customer: c, date: d(2026, 9, 15), amount: Money(300), ..Expense::default() };
        data.expenses.merge(Fact::new(Id::v7(9, [1; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, e));
        let e = Expense { customer: c, date: d(2026, 8, 15), amount: Money(200), ..Expense::default() };
        data.expenses.merge(Fact::new(Id::v7(9, [2; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, e));
        let a = activity(&data, d(2026, 11, 25), &RiskSettings::default())[&c];
        assert_eq!(a.sales, Money(15_000));
        assert_eq!(a.owed(), Money(14_500));
        assert_eq!(a.month, Money(1_000));
        assert_eq!(a.month_last_year, Money(4_000));
        assert_eq!(a.window, Money(3_000));
        assert_eq!(a.window_last_year, Money(4_000), "28 November last year is after the window");
        assert_eq!(a.twelve_months, Money(14_000));
        assert_eq!((a.first_purchase, a.last_purchase), (Some(d(2025, 11, 20)), Some(d(2026, 11, 3))));
        // The three months September–November, and June–August before them.
        assert_eq!((a.expense_recent, a.expense_previous, a.expense_month), (Money(300), Money(200), Money(0)));
        assert_eq!(a.expense_year, Money(500));
        assert_eq!(a.rhythm_months(d(2026, 11, 25)), 12);
        assert_eq!(a.usual_month(d(2026, 11, 25)), Money(14_000 / 12));
    }

    #[test]
    fn a_new_customer_s_rhythm_counts_only_the_months_since_they_started() {
        let c = Id::v7(1, [2; 10]);
        let mut data = Dataset::default();
        data.sales.merge(sale(1, c, d(2026, 8, 10), 3_000));
        data.sales.merge(sale(2, c, d(2026, 10, 10), 3_000));
        let a = activity(&data, d(2026, 11, 5), &RiskSettings::default())[&c];
        assert_eq!(a.rhythm_months(d(2026, 11, 5)), 3, "August, September, October");
        assert_eq!(a.usual_month(d(2026, 11, 5)), Money(2_000));
        assert_eq!(Activity::default().rhythm_months(d(2026, 11, 5)), 1);
    }
}
