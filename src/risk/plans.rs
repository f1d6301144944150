//! Monthly sales plans (销售计划, DOMAIN.md §3): targets by product/spec with quantity and
//! amount, a schedule and the support promised; progress against the plan, against the same
//! days last year and against the customer's usual monthly rhythm; copies from last month or
//! last year.
//!
//! Progress as of day D of month M (D inside M; after M's end, its last day):
//! - actual = net sales to the customer from the 1st of M to D (every product), and per item
//!   the quantity and amount of the lines of that item's product (and spec, when given);
//! - plan pro rata = plan amount × days elapsed / days in M (the schedule is free text, so the
//!   plan is taken as spread evenly);
//! - last year = net sales over the same days a year before;
//! - usual = the usual monthly net sales (the last twelve full months over the months the
//!   customer has been buying in them), pro rata like the plan.

use super::activity::{activity_of, Activity};
use super::settings::RiskSettings;
use super::{days_in_month, month_add, month_end, month_of, year_before};
use crate::model::sales::{MonthlyPlan, PlanItem};
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Dataset, Id, IdMap, Money, Qty, Record, Sale};
use crate::service::{check_len, LINE_MAX, TEXT_MAX};
use chrono::{Datelike, NaiveDate};

/// The customer's plan for a month (the latest written when several exist).
pub fn plan_for(data: &Dataset, customer: Id, month: NaiveDate) -> Option<&Record<MonthlyPlan>> {
    let month = month_of(month);
    data.plans.live().filter(|p| p.data.customer == customer && p.data.month == Some(month)).max_by_key(|p| p.updated)
}

/// Every plan of a month, one per customer.
pub fn plans_in(data: &Dataset, month: NaiveDate) -> Vec<&Record<MonthlyPlan>> {
    let month = month_of(month);
    let mut by: IdMap<&Record<MonthlyPlan>> = IdMap::default();
    for p in data.plans.live().filter(|p| p.data.month == Some(month)) {
        let e = by.entry(p.data.customer).or_insert(p);
        if p.updated > e.updated {
            *e = p;
        }
    }
    let mut out: Vec<&Record<MonthlyPlan>> = by.into_values().collect();
    out.sort_by_key(|p| p.data.customer);
    out
}

/// The plan's total amount: each item's amount, or for an item planned by quantity only its
/// product's list price × the quantity (so a plan by quantity is followed in money too).
/// `None` when that comes to nothing.
pub fn plan_amount(plan: &MonthlyPlan, data: &Dataset) -> Option<Money> {
    let total: Money = plan
        .items
        .iter()
        .map(|i| match (i.amount, i.product.and_then(|p| data.products.get(&p))) {
            (a, _) if a.0 > 0 => a,
            (_, Some(p)) => p.data.list_price.times_qty(i.quantity),
            _ => Money::ZERO,
        })
        .sum();
    (total.0 > 0).then_some(total)
}

/// One item's progress.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemProgress {
    pub item: PlanItem,
    pub quantity: Qty,
    pub amount: Money,
    /// quantity ÷ planned quantity (None when none was planned).
    pub quantity_attainment: Option<f64>,
}

/// A plan's progress as of a day.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanProgress {
    pub customer: Id,
    pub month: NaiveDate,
    /// The day measured to (the day asked, or the month's last day when it is over).
    pub as_of: NaiveDate,
    pub elapsed_days: u32,
    pub month_days: u32,
    pub plan: Option<Money>,
    pub plan_pro_rata: Option<Money>,
    pub actual: Money,
    pub last_year: Money,
    pub usual: Money,
    pub usual_pro_rata: Money,
    pub items: Vec<ItemProgress>,
}

impl PlanProgress {
    /// actual ÷ whole plan.
    pub fn attainment(&self) -> Option<f64> {
        self.plan.map(|p| self.actual.0 as f64 / p.0 as f64)
    }
    /// actual ÷ plan pro rata: 1.0 = on schedule.
    pub fn pace(&self) -> Option<f64> {
        self.plan_pro_rata.filter(|p| p.0 > 0).map(|p| self.actual.0 as f64 / p.0 as f64)
    }
    /// actual ÷ the same days last year.
    pub fn vs_last_year(&self) -> Option<f64> {
        (self.last_year.0 > 0).then(|| self.actual.0 as f64 / self.last_year.0 as f64)
    }
    /// actual ÷ the usual rhythm pro rata.
    pub fn vs_usual(&self) -> Option<f64> {
        (self.usual_pro_rata.0 > 0).then(|| self.actual.0 as f64 / self.usual_pro_rata.0 as f64)
    }
}

/// `amount × part / whole`, rounded down, exactly.
pub fn pro_rata(amount: Money, part: u32, whole: u32) -> Money {
    Money((i128::from(amount.0) * i128::from(part) / i128::from(whole.max(1))) as i64)
}

/// The day a month is measured to, and the days elapsed in it.
pub fn measured_day(month: NaiveDate, as_of: NaiveDate) -> (NaiveDate, u32) {
    let end = month_end(month);
    let day = as_of.min(end);
    let elapsed = if day < month_of(month) { 0 } else { day.day() };
    (day, elapsed)
}

fn item_matches(item: &PlanItem, s: &Sale) -> bool {
    item.product == Some(s.product) && (item.spec.trim().is_empty() || item.spec.trim() == s.spec.trim())
}

fn progress_of(
    plan: &MonthlyPlan,
    amount: Option<Money>,
    a: &Activity,
    lines: &[&Sale],
    day: NaiveDate,
    elapsed: u32,
) -> PlanProgress {
    let month = plan.month.map_or(month_of(day), month_of);
    let month_days = days_in_month(month);
    let usual = a.usual_month(day);
    let items = plan
        .items
        .iter()
        .map(|item| {
            let (mut quantity, mut money) = (Qty::ZERO, Money::ZERO);
            for s in lines.iter().filter(|s| item_matches(item, s)) {
                quantity += s.quantity;
                money += s.amount;
            }
            let quantity_attainment = (item.quantity.0 > 0).then(|| quantity.0 as f64 / item.quantity.0 as f64);
            ItemProgress { item: item.clone(), quantity, amount: money, quantity_attainment }
        })
        .collect();
    PlanProgress {
        customer: plan.customer,
        month,
        as_of: day,
        elapsed_days: elapsed,
        month_days,
        plan: amount,
        plan_pro_rata: amount.map(|p| pro_rata(p, elapsed, month_days)),
        actual: a.month,
        last_year: a.month_last_year,
        usual,
        usual_pro_rata: pro_rata(usual, elapsed, month_days),
        items,
    }
}

/// The progress of every plan of `month` as of `as_of`: one pass over the month's lines.
pub fn progress_all(data: &Dataset, month: NaiveDate, as_of: NaiveDate, settings: &RiskSettings) -> Vec<PlanProgress> {
    let plans = plans_in(data, month);
    let (day, elapsed) = measured_day(month_of(month), as_of);
    let only: IdMap<()> = plans.iter().map(|p| (p.data.customer, ())).collect();
    let acts = activity_of(data, day, settings, Some(&only));
    let start = month_of(month);
    let mut lines: IdMap<Vec<&Sale>> = IdMap::default();
    for l in data.sales.live() {
        let s = &l.data;
        if s.date >= start && s.date <= day && only.contains_key(&s.customer) {
            lines.entry(s.customer).or_default().push(s);
        }
    }
    plans
        .iter()
        .map(|p| {
            let c = p.data.customer;
            let a = acts.get(&c).copied().unwrap_or_default();
            let amount = plan_amount(&p.data, data);
            progress_of(&p.data, amount, &a, lines.get(&c).map_or(&[], |v| v.as_slice()), day, elapsed)
        })
        .collect()
}

/// One customer's progress in a month: against their plan when there is one, else only
/// against last year and the usual rhythm (`plan` is then `None`).
pub fn progress(
    data: &Dataset,
    customer: Id,
    month: NaiveDate,
    as_of: NaiveDate,
    settings: &RiskSettings,
) -> PlanProgress {
    let (day, elapsed) = measured_day(month_of(month), as_of);
    let only: IdMap<()> = [(customer, ())].into_iter().collect();
    let a = activity_of(data, day, settings, Some(&only)).get(&customer).copied().unwrap_or_default();
    let start = month_of(month);
    let lines: Vec<&Sale> = data
        .sales
        .live()
        .map(|l| &l.data)
        .filter(|s| s.customer == customer && s.date >= start && s.date <= day)
        .collect();
    let empty = MonthlyPlan { customer, month: Some(start), ..MonthlyPlan::default() };
    let plan = plan_for(data, customer, start).map_or(&empty, |p| &p.data);
    progress_of(plan, plan_amount(plan, data), &a, &lines, day, elapsed)
}

/// One day of the progress chart: cumulative net sales this month, the plan pro rata, and the
/// same day last year (cumulative).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayPoint {
    pub day: u32,
    pub actual: Money,
    pub plan: Option<Money>,
    pub last_year: Money,
}

/// The chart of a customer's month, day 1 to the day measured.
pub fn daily(data: &Dataset, customer: Id, month: NaiveDate, as_of: NaiveDate) -> Vec<DayPoint> {
    let start = month_of(month);
    let (day, elapsed) = measured_day(start, as_of);
    let days = days_in_month(start);
    let (ly_start, ly_end) = (year_before(start), year_before(day));
    let mut this = vec![Money::ZERO; days as usize + 1];
    let mut ly = vec![Money::ZERO; days as usize + 1];
    for s in data.sales.live().map(|l| &l.data).filter(|s| s.customer == customer) {
        if s.date >= start && s.date <= day {
            this[s.date.day() as usize] += s.amount;
        } else if s.date >= ly_start && s.date <= ly_end {
            ly[(s.date.day() as usize).min(days as usize)] += s.amount;
        }
    }
    let plan = plan_for(data, customer, start).and_then(|p| plan_amount(&p.data, data));
    let (mut a, mut b) = (Money::ZERO, Money::ZERO);
    (1..=elapsed)
        .map(|k| {
            a += this[k as usize];
            b += ly[k as usize];
            DayPoint { day: k, actual: a, plan: plan.map(|p| pro_rata(p, k, days)), last_year: b }
        })
        .collect()
}

/// A copy of a plan for another month (targets, schedule and support as they were).
pub fn copy_to(plan: &MonthlyPlan, month: NaiveDate) -> MonthlyPlan {
    MonthlyPlan { month: Some(month_of(month)), ..plan.clone() }
}

/// A draft plan for `month` from what the customer bought in `from` (by product and spec),
/// for a copy "from last year" when last year had no plan.
pub fn draft_from_sales(data: &Dataset, customer: Id, from: NaiveDate, month: NaiveDate) -> MonthlyPlan {
    let (start, end) = (month_of(from), month_end(from));
    let mut items: Vec<PlanItem> = Vec::new();
    for s in data.sales.live().map(|l| &l.data) {
        if s.customer != customer || s.date < start || s.date > end {
            continue;
        }
        match items.iter_mut().find(|i| i.product == Some(s.product) && i.spec == s.spec) {
            Some(i) => {
                i.quantity += s.quantity;
                i.amount += s.amount;
            }
            None => items.push(PlanItem {
                product: Some(s.product),
                spec: s.spec.clone(),
                quantity: s.quantity,
                amount: s.amount,
            }),
        }
    }
    items.retain(|i| i.amount.0 > 0 || i.quantity.0 > 0);
    items.sort_by(|a, b| b.amount.cmp(&a.amount).then(a.product.cmp(&b.product)));
    MonthlyPlan { customer, month: Some(month_of(month)), items, ..MonthlyPlan::default() }
}

/// Where a copy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyFrom {
    LastMonth,
    LastYear,
}

/// A plan for `month` copied from last month's or last year's plan; from last year's sales in
/// that month when it had no plan; `None` when there is nothing to copy.
pub fn copy_plan(data: &Dataset, customer: Id, month: NaiveDate, from: CopyFrom) -> Option<MonthlyPlan> {
    let source = match from {
        CopyFrom::LastMonth => month_add(month, -1),
        CopyFrom::LastYear => month_add(month, -12),
    };
    if let Some(p) = plan_for(data, customer, source) {
        return Some(copy_to(&p.data, month));
    }
    let draft = draft_from_sales(data, customer, source, month);
    (from == CopyFrom::LastYear && !draft.items.is_empty()).then_some(draft)
}

/// Checks a plan: the customer exists, the month is given (its first day), one item at least,
/// each with a known product or a spec, quantities and amounts not negative and one of them
/// positive, at most 50 items; no other plan of the customer for that month.
pub fn validate_plan(p: &MonthlyPlan, this: Option<Id>, data: &Dataset) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if data.customers.get(&p.customer).is_none_or(|c| c.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    match p.month {
        None => out.push(err("month", Invalid::Required)),
        Some(m) if m.day() != 1 => out.push(err("month", Invalid::Date)),
        Some(m) => {
            if data.plans.live().any(|o| Some(o.id) != this && o.data.customer == p.customer && o.data.month == Some(m))
            {
                out.push(err("month", Invalid::Duplicate));
            }
        }
    }
    const MAX_ITEMS: usize = 50;
    if p.items.is_empty() {
        out.push(err("items", Invalid::Required));
    } else if p.items.len() > MAX_ITEMS {
        out.push(err("items", Invalid::TooMany(MAX_ITEMS)));
    }
    for i in &p.items {
        let problem = match i.product {
            Some(pr) if data.products.get(&pr).is_none_or(|r| r.is_deleted()) => Some(Invalid::UnknownProduct),
            None if i.spec.trim().is_empty() => Some(Invalid::Required),
            _ if i.quantity.0 < 0 || i.amount.0 < 0 => Some(Invalid::Negative),
            _ if i.quantity.0 == 0 && i.amount.0 == 0 => Some(Invalid::NotPositive),
            _ => None,
        };
        if let Some(problem) = problem {
            out.push(err("items", problem));
        }
        check_len(&mut out, "items", &i.spec, LINE_MAX);
    }
    out.dedup();
    check_len(&mut out, "schedule", &p.schedule, TEXT_MAX);
    check_len(&mut out, "support", &p.support, TEXT_MAX);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Fact, Hlc, NodeId, Product};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn stamp(n: u64) -> Hlc {
        Hlc(n, 0, NodeId::new(1, 0))
    }

    fn firm() -> (Dataset, Id, Id) {
        let mut data = Dataset::default();
        let c = Id::v7(1, [1; 10]);
        let p = Id::v7(2, [1; 10]);
        data.customers.merge(Record::new(
            c,
            Id::NIL,
            stamp(1),
            None,
            Customer { name: "宏达".into(), ..Customer::default() },
        ));
        data.products.merge(Record::new(
            p,
            Id::NIL,
            stamp(1),
            None,
            Product { name: "水泥".into(), ..Product::default() },
        ));
        let mut n = 0u8;
        let mut line = |date, qty, fen| {
            n += 1;
            let s = Sale {
                customer: c,
                product: p,
                date,
                quantity: Qty::units(qty),
                amount: Money(fen),
                ..Sale::default()
            };
            data.sales.merge(Fact::new(Id::v7(3, [n; 10]), Id::NIL, stamp(2), None, s));
        };
        line(d(2025, 11, 5), 10, 10_000);
        line(d(2026, 10, 5), 8, 8_000);
        line(d(2026, 11, 3), 3, 3_000);
        line(d(2026, 11, 20), 9, 9_000);
        let plan = MonthlyPlan {
            customer: c,
            month: Some(d(2026, 11, 1)),
            items: vec![PlanItem {
                product: Some(p),
                spec: String::new(),
                quantity: Qty::units(30),
                amount: Money(30_000),
            }],
            schedule: "上旬".into(),
            support: "促销物料".into(),
        };
        data.plans.merge(Record::new(Id::v7(4, [1; 10]), Id::NIL, stamp(3), None, plan));
        (data, c, p)
    }

    #[test]
    fn progress_against_plan_last_year_and_rhythm() {
        let (data, c, _) = firm();
        let s = RiskSettings::default();
        let p = progress(&data, c, d(2026, 11, 1), d(2026, 11, 15), &s);
        assert_eq!((p.elapsed_days, p.month_days), (15, 30));
        assert_eq!((p.plan, p.plan_pro_rata, p.actual), (Some(Money(30_000)), Some(Money(15_000)), Money(3_000)));
        assert_eq!(p.pace(), Some(0.2));
        assert_eq!(p.last_year, Money(10_000));
        // Usual: 10,000 + 8,000 over the 12 full months before November (bought since Nov 2025).
        assert_eq!(p.usual, Money(18_000 / 12));
        assert_eq!(p.items[0].quantity, Qty::units(3));
        assert_eq!(p.items[0].quantity_attainment, Some(0.1));
        // After the month: measured to its last day.
        let all = progress_all(&data, d(2026, 11, 1), d(2026, 12, 9), &s);
        assert_eq!(all.len(), 1);
        assert_eq!((all[0].as_of, all[0].actual, all[0].attainment()), (d(2026, 11, 30), Money(12_000), Some(0.4)));
        let chart = daily(&data, c, d(2026, 11, 1), d(2026, 11, 20));
        assert_eq!(chart.len(), 20);
        assert_eq!(
            (chart[2].actual, chart[19].actual, chart[19].plan),
            (Money(3_000), Money(12_000), Some(Money(20_000)))
        );
        assert_eq!(chart[4].last_year, Money(10_000));
    }

    #[test]
    fn copies_from_last_month_or_last_year() {
        let (data, c, p) = firm();
        let dec = copy_plan(&data, c, d(2026, 12, 1), CopyFrom::LastMonth).unwrap();
        assert_eq!((dec.month, dec.items.len(), dec.support.as_str()), (Some(d(2026, 12, 1)), 1, "促销物料"));
        assert!(copy_plan(&data, c, d(2026, 10, 1), CopyFrom::LastMonth).is_none(), "no September plan");
        // November 2027 from November 2026's plan; November 2026 from November 2025's sales.
        assert_eq!(copy_plan(&data, c, d(2027, 11, 1), CopyFrom::LastYear).unwrap().items[0].amount, Money(30_000));
        let draft = copy_plan(&data, c, d(2026, 11, 1), CopyFrom::LastYear).unwrap();
        assert_eq!(
            draft.items,
            vec![PlanItem { product: Some(p), spec: String::new(), quantity: Qty::units(10), amount: Money(10_000) }]
        );
    }

    #[test]
    fn a_plan_by_quantity_is_valued_at_list_price() {
        let (mut data, c, p) = firm();
        let mut product = data.products.get(&p).unwrap().clone();
        let priced = Product { list_price: Money(1_250), ..product.data.clone() };
        product.edit(&priced, stamp(9), None);
        data.products.merge(product);
        let by_qty = MonthlyPlan {
            customer: c,
            month: Some(d(2026, 12, 1)),
            items: vec![
                PlanItem { product: Some(p), spec: String::new(), quantity: Qty(2_500), amount: Money::ZERO },
                PlanItem { product: None, spec: "散装".into(), quantity: Qty::units(9), amount: Money::ZERO },
            ],
            ..MonthlyPlan::default()
        };
        // 12.50 × 2.5 = 31.25; the item without a product has no price.
        assert_eq!(plan_amount(&by_qty, &data), Some(Money(3_125)));
        let nothing = MonthlyPlan { items: vec![by_qty.items[1].clone()], ..by_qty };
        assert_eq!(plan_amount(&nothing, &data), None);
    }

    #[test]
    fn plans_are_validated() {
        let (data, c, _) = firm();
        let current = plan_for(&data, c, d(2026, 11, 9)).unwrap();
        assert!(validate_plan(&current.data, Some(current.id), &data).is_empty());
        let twin = validate_plan(&current.data, None, &data);
        assert_eq!(twin, vec![FieldError { field: "month", problem: Invalid::Duplicate }]);
        let bad = MonthlyPlan {
            customer: Id::v7(9, [9; 10]),
            month: Some(d(2026, 12, 2)),
            items: vec![PlanItem { product: None, spec: "P.O 42.5".into(), quantity: Qty(-1), amount: Money(0) }],
            ..MonthlyPlan::default()
        };
        let got: Vec<(&str, Invalid)> = validate_plan(&bad, None, &data).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![("customer", Invalid::UnknownCustomer), ("month", Invalid::Date), ("items", Invalid::Negative)]
        );
    }
}
