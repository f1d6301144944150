//! Staff and department performance (seed 002: satisfaction goes into the appraisal of
//! departments and people): per owner (the staff member responsible for the customers) and per
//! department (the owners' departments), over a period — sales, cost, margin, sales expenses,
//! receivables, plan attainment, their customers' satisfaction, complaints — and a weighted
//! appraisal score (weights are settings; defaults revenue 30%, cost control 20%, profit growth
//! 20%, return on assets 15%, customer satisfaction 15%).
//!
//! Each part scores 0–1:
//! - revenue: plan attainment (net sales in the planned months ÷ their plans), capped at 1;
//!   without plans, net sales ÷ the same period last year, capped at 1;
//! - cost control: 1 − (sales expenses ÷ net sales) ÷ `expense_ratio_zero_bp`, within 0–1;
//! - profit growth: 0.5 + growth ÷ (2 × `profit_growth_full_pct`), within 0–1, growth = margin
//!   against the same period last year (0 growth scores 0.5, +20% scores 1, −20% scores 0);
//! - return on assets: (margin ÷ receivables at the period's end) ÷ `return_on_assets_full_pct`,
//!   within 0–1 — the assets a salesperson commits are the credit their customers hold; no
//!   receivables with a positive margin scores 1;
//! - satisfaction: the survey index (0–1) of forms about their customers in the period.
//!
//! A part without data (no sales, nothing last year, no forms) is left out and the score is
//! the weighted mean of the parts known, × 100.

use super::activity::activity_of;
use super::plans::{plan_amount, plans_in};
use super::settings::RiskSettings;
use super::{month_end, month_of, year_before};
use crate::i18n::Msg;
use crate::model::{Dataset, Id, IdMap, Money};
use crate::service::satisfaction::{competitor_of, Part as SurveyPart, Tally};
use chrono::NaiveDate;

/// A part of the appraisal score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    Revenue,
    CostControl,
    ProfitGrowth,
    ReturnOnAssets,
    Satisfaction,
}

impl Part {
    pub const ALL: [Part; 5] =
        [Part::Revenue, Part::CostControl, Part::ProfitGrowth, Part::ReturnOnAssets, Part::Satisfaction];

    pub fn label(self) -> Msg {
        match self {
            Part::Revenue => Msg::RkPartRevenue,
            Part::CostControl => Msg::RkPartCostControl,
            Part::ProfitGrowth => Msg::RkPartProfitGrowth,
            Part::ReturnOnAssets => Msg::RkPartReturnOnAssets,
            Part::Satisfaction => Msg::RkPartSatisfaction,
        }
    }

    /// The part's weight in the settings.
    pub fn weight(self, s: &RiskSettings) -> u32 {
        let w = &s.appraisal;
        match self {
            Part::Revenue => w.revenue,
            Part::CostControl => w.cost_control,
            Part::ProfitGrowth => w.profit_growth,
            Part::ReturnOnAssets => w.return_on_assets,
            Part::Satisfaction => w.satisfaction,
        }
    }
}

/// The figures of one owner or department over a period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Figures {
    pub customers: u32,
    pub sales: Money,
    pub cost: Money,
    pub expenses: Money,
    pub sales_last_year: Money,
    pub cost_last_year: Money,
    /// What their customers owe at the period's end.
    pub receivables: Money,
    /// Plans of the months inside the period, and net sales in those months to the planned
    /// customers.
    pub plan: Money,
    pub plan_actual: Money,
    pub satisfaction: Tally,
    pub complaints: u32,
}

impl Figures {
    pub fn margin(&self) -> Money {
        self.sales - self.cost
    }
    pub fn margin_last_year(&self) -> Money {
        self.sales_last_year - self.cost_last_year
    }
    pub fn attainment(&self) -> Option<f64> {
        (self.plan.0 > 0).then(|| self.plan_actual.0 as f64 / self.plan.0 as f64)
    }

    fn add(&mut self, o: &Figures) {
        self.customers += o.customers;
        self.sales += o.sales;
        self.cost += o.cost;
        self.expenses += o.expenses;
        self.sales_last_year += o.sales_last_year;
        self.cost_last_year += o.cost_last_year;
        self.receivables += o.receivables;
        self.plan += o.plan;
        self.plan_actual += o.plan_actual;
        self.satisfaction.merge(&o.satisfaction);
        self.complaints += o.complaints;
    }

    /// One part's score, 0–1, `None` without data.
    pub fn part(&self, part: Part, s: &RiskSettings) -> Option<f64> {
        let clamp = |x: f64| x.clamp(0.0, 1.0);
        match part {
            Part::Revenue => match self.attainment() {
                Some(a) => Some(clamp(a)),
                None => {
                    (self.sales_last_year.0 > 0).then(|| clamp(self.sales.0 as f64 / self.sales_last_year.0 as f64))
                }
            },
            Part::CostControl => (self.sales.0 > 0).then(|| {
                let ratio = self.expenses.0 as f64 / self.sales.0 as f64;
                clamp(1.0 - ratio / (f64::from(s.expense_ratio_zero_bp) / 10_000.0))
            }),
            Part::ProfitGrowth => {
                let before = self.margin_last_year().0;
                (before > 0).then(|| {
                    let growth = (self.margin().0 - before) as f64 / before as f64;
                    clamp(0.5 + growth / (2.0 * f64::from(s.profit_growth_full_pct) / 100.0))
                })
            }
            Part::ReturnOnAssets => {
                let (m, r) = (self.margin().0, self.receivables.0);
                if r > 0 {
                    Some(clamp(m as f64 / r as f64 / (f64::from(s.return_on_assets_full_pct) / 100.0)))
                } else {
                    (m > 0).then_some(1.0)
                }
            }
            Part::Satisfaction => self.satisfaction.index(),
        }
    }

    /// The weighted appraisal score, 0–100, `None` when no part has data.
    pub fn score(&self, s: &RiskSettings) -> Option<f64> {
        let (mut sum, mut weights) = (0.0, 0u32);
        for p in Part::ALL {
            if let Some(v) = self.part(p, s) {
                sum += f64::from(p.weight(s)) * v;
                weights += p.weight(s);
            }
        }
        (weights > 0).then(|| sum / f64::from(weights) * 100.0)
    }
}

/// The appraisal: per owner (`None` = customers without an owner) and per department (`None`
/// = owners without a department).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Appraisal {
    pub by_owner: Vec<(Option<Id>, Figures)>,
    pub by_department: Vec<(Option<Id>, Figures)>,
}

/// The figures of every owner and department over `[from, to]`.
pub fn appraise(data: &Dataset, from: NaiveDate, to: NaiveDate, settings: &RiskSettings) -> Appraisal {
    let owner_of: IdMap<Option<Id>> = data.customers.live().map(|c| (c.id, c.data.owner)).collect();
    let mut by: std::collections::BTreeMap<Option<Id>, Figures> = Default::default();
    for c in data.customers.live() {
        by.entry(c.data.owner).or_default().customers += 1;
    }
    let (ly_from, ly_to) = (year_before(from), year_before(to));
    let mut planned: IdMap<Vec<(NaiveDate, NaiveDate)>> = IdMap::default();
    // Months wholly or partly inside the period: their plans, and sales in the overlap.
    let mut m = month_of(from);
    while m <= to {
        for p in plans_in(data, m) {
            if let (Some(amount), Some(owner)) = (plan_amount(&p.data, data), owner_of.get(&p.data.customer)) {
                by.entry(*owner).or_default().plan += amount;
                planned.entry(p.data.customer).or_default().push((m.max(from), month_end(m).min(to)));
            }
        }
        m = super::month_add(m, 1);
    }
    for l in data.sales.live() {
        let s = &l.data;
        let Some(owner) = owner_of.get(&s.customer) else { continue };
        if s.date >= from && s.date <= to {
            let f = by.entry(*owner).or_default();
            f.sales += s.amount;
            f.cost += s.cost;
            if planned.get(&s.customer).is_some_and(|ms| ms.iter().any(|(a, b)| s.date >= *a && s.date <= *b)) {
                f.plan_actual += s.amount;
            }
        } else if s.date >= ly_from && s.date <= ly_to {
            let f = by.entry(*owner).or_default();
            f.sales_last_year += s.amount;
            f.cost_last_year += s.cost;
        }
    }
    for e in data.expenses.live().filter(|e| e.data.date >= from && e.data.date <= to) {
        if let Some(owner) = owner_of.get(&e.data.customer) {
            by.entry(*owner).or_default().expenses += e.data.amount;
        }
    }
    for (c, a) in activity_of(data, to, settings, None) {
        if let Some(owner) = owner_of.get(&c) {
            by.entry(*owner).or_default().receivables += a.owed().max(Money::ZERO);
        }
    }
    for f in data.survey_responses.live() {
        let r = &f.data;
        if r.date < from
            || r.date > to
            || competitor_of(r).is_some()
            || SurveyPart::of(r.respondent) != SurveyPart::Survey
        {
            continue;
        }
        if let Some(owner) = r.customer.and_then(|c| owner_of.get(&c)) {
            let t = &mut by.entry(*owner).or_default().satisfaction;
            for (_, v) in &r.answers {
                t.add_value(*v);
            }
        }
    }
    for c in data.complaints.live() {
        let day = c.data.received_on.unwrap_or_else(|| crate::service::period::day_of_ms(c.created.0));
        if day >= from && day <= to {
            if let Some(owner) = owner_of.get(&c.data.customer) {
                by.entry(*owner).or_default().complaints += 1;
            }
        }
    }
    let mut departments: std::collections::BTreeMap<Option<Id>, Figures> = Default::default();
    for (owner, f) in &by {
        let dept = owner.and_then(|o| data.staff.get(&o)).and_then(|s| s.data.department);
        departments.entry(dept).or_default().add(f);
    }
    Appraisal { by_owner: by.into_iter().collect(), by_department: departments.into_iter().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures() -> Figures {
        Figures {
            sales: Money(1_000_000),
            cost: Money(700_000),
            expenses: Money(25_000),
            sales_last_year: Money(900_000),
            cost_last_year: Money(650_000),
            receivables: Money(600_000),
            plan: Money(1_250_000),
            plan_actual: Money(1_000_000),
            ..Figures::default()
        }
    }

    #[test]
    fn each_part_at_its_formula() {
        let s = RiskSettings::default();
        let f = figures();
        assert_eq!(f.part(Part::Revenue, &s), Some(0.8));
        // Expenses 2.5% of sales, zero at 5%: 0.5.
        assert_eq!(f.part(Part::CostControl, &s), Some(0.5));
        // Margin 300,000 against 250,000: +20% scores 1.
        assert_eq!(f.part(Part::ProfitGrowth, &s), Some(1.0));
        assert_eq!(f.part(Part::ReturnOnAssets, &s), Some(0.5));
        assert_eq!(f.part(Part::Satisfaction, &s), None);
        // (30×0.8 + 20×0.5 + 20×1 + 15×0.5) / 85 × 100.
        let want = (30.0 * 0.8 + 20.0 * 0.5 + 20.0 * 1.0 + 15.0 * 0.5) / 85.0 * 100.0;
        assert!((f.score(&s).unwrap() - want).abs() < 1e-9);
        let flat = Figures { cost: Money(740_000), ..f.clone() };
        assert!((flat.part(Part::ProfitGrowth, &s).unwrap() - (0.5 + 0.04 / 0.4)).abs() < 1e-12, "+4%");
        let no_plan = Figures { plan: Money::ZERO, ..f };
        assert_eq!(no_plan.part(Part::Revenue, &s), Some(1.0), "above last year, capped");
        assert_eq!(Figures::default().score(&s), None);
    }
}
