//! Early warnings (预警管理, DOMAIN.md §7) as pure rules over a customer's figures: each rule
//! says whether it fires and with which numbers. [`findings`] runs them over the firm as of a
//! day; `super::reconcile` compares what they find with the warnings already stored.
//!
//! The rules (thresholds are [`RiskSettings`]; comparisons are exact integer ones on fen):
//! - **arrears** 外欠款: owed (sales − payments) > the credit limit (none when not limited);
//! - **behind plan**: after the first `plan_grace_days` days of the month, net sales this month
//!   × 100 < the plan pro rata × `plan_behind_pct`;
//! - **behind last year**: net sales over the last `last_year_window_days` days × 100 < the
//!   same days a year before × `last_year_behind_pct`, when the year before had at least
//!   `last_year_min_fen`;
//! - **slower than the rhythm**: days since the last purchase × 100 > the engine's median
//!   interval × `rhythm_pct`;
//! - **expenses rising**: the last `expense_window_months` months' expenses × 100 > the months
//!   before × `expense_rise_pct`, when those months had expenses and the recent ones are at
//!   least `expense_min_fen`;
//! - **over budget**: this year's expenses > the year's budget, or this month's > the month's;
//! - **churn** 客户流失: days since the last purchase > the engine's churn multiple × median
//!   interval (the engine's churn signal, moved to the day asked), and P(alive) below
//!   `churn_p_alive_below` when the model is fitted.
//!
//! Behind plan, behind last year and slower than the rhythm make one sales-progress warning;
//! rising and over budget one sales-expense warning. A customer whose churn warning fires gets
//! no sales-progress warning (the churn warning says it more strongly), and sales progress is
//! watched for active customers (bought within `active_days`) and those with a plan this month.

use super::activity::{activity, Activity};
use super::credit::credit_limit;
use super::plans::{plan_amount, plans_in, pro_rata};
use super::settings::RiskSettings;
use super::signals::{Signal, Signals};
use super::{days, days_in_month, month_of};
use crate::i18n::Msg;
use crate::model::risk::{IncidentKind, WarningKind, WarningState};
use crate::model::{Customer, Dataset, FirmSettings, Id, IdMap, Money, Record};
use chrono::{Datelike, NaiveDate};

pub const KINDS: [WarningKind; 5] = [
    WarningKind::Arrears,
    WarningKind::SalesProgress,
    WarningKind::SalesExpense,
    WarningKind::Churn,
    WarningKind::MajorIncident,
];

pub const STATES: [WarningState; 4] =
    [WarningState::Raised, WarningState::Acknowledged, WarningState::CauseFound, WarningState::Resolved];

/// A stable code for a kind (ids, URLs).
pub fn kind_code(kind: WarningKind) -> &'static str {
    match kind {
        WarningKind::Arrears => "arrears",
        WarningKind::SalesProgress => "sales_progress",
        WarningKind::SalesExpense => "sales_expense",
        WarningKind::Churn => "churn",
        WarningKind::MajorIncident => "major_incident",
    }
}

pub fn kind_label(kind: WarningKind) -> Msg {
    match kind {
        WarningKind::Arrears => Msg::RkKindArrears,
        WarningKind::SalesProgress => Msg::RkKindSalesProgress,
        WarningKind::SalesExpense => Msg::RkKindSalesExpense,
        WarningKind::Churn => Msg::RkKindChurn,
        WarningKind::MajorIncident => Msg::RkKindIncident,
    }
}

pub fn state_label(state: WarningState) -> Msg {
    match state {
        WarningState::Raised => Msg::RkStateRaised,
        WarningState::Acknowledged => Msg::RkStateAcknowledged,
        WarningState::CauseFound => Msg::RkStateCauseFound,
        WarningState::Resolved => Msg::RkStateResolved,
    }
}

pub fn incident_label(kind: IncidentKind) -> Msg {
    match kind {
        IncidentKind::Theft => Msg::RkIncidentTheft,
        IncidentKind::Accident => Msg::RkIncidentAccident,
        IncidentKind::FamilySplit => Msg::RkIncidentFamilySplit,
        IncidentKind::SeriousIllness => Msg::RkIncidentIllness,
        IncidentKind::Other => Msg::RkIncidentOther,
    }
}

/// Kinds whose condition is about a month (a month's plan, a month's expenses): each month has
/// its own warning. The others (arrears, churn) are states that last: one warning stays open
/// while the condition holds, whatever the month.
pub fn is_monthly(kind: WarningKind) -> bool {
    matches!(kind, WarningKind::SalesProgress | WarningKind::SalesExpense)
}

/// One rule of §7.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rule {
    Arrears,
    BehindPlan,
    BehindLastYear,
    SlowerThanRhythm,
    ExpenseRising,
    OverBudget,
    Churn,
}

impl Rule {
    pub const ALL: [Rule; 7] = [
        Rule::Arrears,
        Rule::BehindPlan,
        Rule::BehindLastYear,
        Rule::SlowerThanRhythm,
        Rule::ExpenseRising,
        Rule::OverBudget,
        Rule::Churn,
    ];

    /// The stored code (`Warning::rules`).
    pub fn code(self) -> &'static str {
        match self {
            Rule::Arrears => "arrears",
            Rule::BehindPlan => "behind_plan",
            Rule::BehindLastYear => "behind_last_year",
            Rule::SlowerThanRhythm => "slower_than_rhythm",
            Rule::ExpenseRising => "expense_rising",
            Rule::OverBudget => "over_budget",
            Rule::Churn => "churn",
        }
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn kind(self) -> WarningKind {
        match self {
            Rule::Arrears => WarningKind::Arrears,
            Rule::BehindPlan | Rule::BehindLastYear | Rule::SlowerThanRhythm => WarningKind::SalesProgress,
            Rule::ExpenseRising | Rule::OverBudget => WarningKind::SalesExpense,
            Rule::Churn => WarningKind::Churn,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Rule::Arrears => Msg::RkRuleArrears,
            Rule::BehindPlan => Msg::RkRuleBehindPlan,
            Rule::BehindLastYear => Msg::RkRuleBehindLastYear,
            Rule::SlowerThanRhythm => Msg::RkRuleSlower,
            Rule::ExpenseRising => Msg::RkRuleExpenseRising,
            Rule::OverBudget => Msg::RkRuleOverBudget,
            Rule::Churn => Msg::RkRuleChurn,
        }
    }
}

/// The numbers that made a rule fire, by name. Money is in fen (names end in `_fen`); it is
/// stored as a float in `Warning::numbers`, exact below 2^53 fen.
pub type Numbers = Vec<(String, f64)>;

fn n(name: &str, v: f64) -> (String, f64) {
    (name.to_string(), v)
}

fn fen(name: &str, m: Money) -> (String, f64) {
    n(name, m.0 as f64)
}

/// Arrears: fires when `owed > limit`; `limit: None` (not limited) never fires.
pub fn arrears(owed: Money, limit: Option<Money>) -> Option<Numbers> {
    let limit = limit?;
    (owed > limit).then(|| vec![fen("owed_fen", owed), fen("limit_fen", limit), fen("excess_fen", owed - limit)])
}

/// Behind plan, `elapsed` days into a month of `month_days`.
pub fn behind_plan(actual: Money, plan: Money, elapsed: u32, month_days: u32, s: &RiskSettings) -> Option<Numbers> {
    if elapsed <= s.plan_grace_days || plan.0 <= 0 {
        return None;
    }
    let due = pro_rata(plan, elapsed, month_days);
    (i128::from(actual.0) * 100 < i128::from(due.0) * i128::from(s.plan_behind_pct)).then(|| {
        vec![
            fen("actual_fen", actual),
            fen("plan_fen", plan),
            fen("plan_pro_rata_fen", due),
            n("elapsed_days", f64::from(elapsed)),
            n("threshold_pct", f64::from(s.plan_behind_pct)),
        ]
    })
}

/// Behind the same days last year.
pub fn behind_last_year(current: Money, last_year: Money, s: &RiskSettings) -> Option<Numbers> {
    if last_year.0 <= 0 || last_year.0 < s.last_year_min_fen {
        return None;
    }
    (i128::from(current.0) * 100 < i128::from(last_year.0) * i128::from(s.last_year_behind_pct)).then(|| {
        vec![
            fen("window_fen", current),
            fen("last_year_fen", last_year),
            n("window_days", f64::from(s.last_year_window_days)),
            n("threshold_pct", f64::from(s.last_year_behind_pct)),
        ]
    })
}

/// Slower than the customer's own rhythm.
pub fn slower_than_rhythm(days_since: i64, median_days: Option<f64>, s: &RiskSettings) -> Option<Numbers> {
    let median = median_days.filter(|m| *m > 0.0)?;
    (days_since as f64 * 100.0 > median * f64::from(s.rhythm_pct)).then(|| {
        vec![
            n("days_since_last", days_since as f64),
            n("median_interval_days", median),
            n("threshold_pct", f64::from(s.rhythm_pct)),
        ]
    })
}

/// Churn: the engine's churn signal as of the day asked, confirmed by P(alive).
pub fn churn(days_since: i64, signal: &Signal, s: &RiskSettings) -> Option<Numbers> {
    let median = signal.median_interval_days.filter(|m| *m > 0.0)?;
    let fired = days_since as f64 > signal.churn_multiple * median;
    let believed = signal.p_alive.is_none_or(|p| p < s.churn_p_alive_below);
    (fired && believed).then(|| {
        let mut out = vec![
            n("days_since_last", days_since as f64),
            n("median_interval_days", median),
            n("multiple", signal.churn_multiple),
        ];
        if let Some(p) = signal.p_alive {
            out.push(n("p_alive", p));
        }
        out
    })
}

/// Expenses rising against the months before.
pub fn expense_rising(recent: Money, previous: Money, s: &RiskSettings) -> Option<Numbers> {
    if previous.0 <= 0 || recent.0 < s.expense_min_fen {
        return None;
    }
    (i128::from(recent.0) * 100 > i128::from(previous.0) * i128::from(s.expense_rise_pct)).then(|| {
        vec![
            fen("recent_fen", recent),
            fen("previous_fen", previous),
            n("months", f64::from(s.expense_window_months)),
            n("threshold_pct", f64::from(s.expense_rise_pct)),
        ]
    })
}

/// Spent more than the budget.
pub fn over_budget(spent: Money, budget: Option<Money>, name: &str) -> Option<Numbers> {
    let budget = budget?;
    (spent > budget).then(|| vec![fen(&format!("{name}_spent_fen"), spent), fen(&format!("{name}_budget_fen"), budget)])
}

/// What the rules found about one customer.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub kind: WarningKind,
    pub rules: Vec<Rule>,
    pub customer: Id,
    pub owner: Option<Id>,
    /// The first day of the month it is about.
    pub period: NaiveDate,
    pub numbers: Numbers,
}

/// The firm's data the rules read, besides each customer's figures.
pub struct Context<'a> {
    pub data: &'a Dataset,
    pub signals: &'a Signals,
    pub settings: &'a RiskSettings,
    pub firm: &'a FirmSettings,
}

/// Expense budgets by customer for one month: (the year's, the month's).
pub(crate) fn budgets(data: &Dataset, month: NaiveDate) -> IdMap<(Option<Money>, Option<Money>)> {
    let mut out: IdMap<(Option<Money>, Option<Money>)> = IdMap::default();
    for b in data.expense_budgets.live().filter(|b| b.data.year == month.year()) {
        let e = out.entry(b.data.customer).or_default();
        match b.data.month {
            None => e.0 = Some(e.0.unwrap_or_default() + b.data.amount),
            Some(m) if m == month.month() => e.1 = Some(e.1.unwrap_or_default() + b.data.amount),
            Some(_) => {}
        }
    }
    out
}

/// The month's plans' amounts by customer.
pub(crate) fn plan_amounts(data: &Dataset, month: NaiveDate) -> IdMap<Money> {
    plans_in(data, month).into_iter().filter_map(|p| Some((p.data.customer, plan_amount(&p.data, data)?))).collect()
}

/// Runs every rule over one customer as of a day.
#[allow(clippy::too_many_arguments)]
pub(crate) fn findings_for(
    c: &Record<Customer>,
    a: &Activity,
    signal: &Signal,
    plan: Option<Money>,
    budget: (Option<Money>, Option<Money>),
    cx: &Context,
    as_of: NaiveDate,
    out: &mut Vec<Finding>,
) {
    let s = cx.settings;
    let period = month_of(as_of);
    let mut push = |kind, rules: Vec<Rule>, numbers: Numbers| {
        if !rules.is_empty() {
            out.push(Finding { kind, rules, customer: c.id, owner: c.data.owner, period, numbers });
        }
    };
    let limit = credit_limit(&c.data, signal.abc, cx.firm).limit;
    if let Some(nums) = arrears(a.owed(), limit) {
        push(WarningKind::Arrears, vec![Rule::Arrears], nums);
    }
    let since = a.last_purchase.map(|d| days(d, as_of));
    let churned = since.and_then(|d| churn(d, signal, s));
    let has_churned = churned.is_some();
    if let Some(nums) = churned {
        push(WarningKind::Churn, vec![Rule::Churn], nums);
    }
    let active = since.is_some_and(|d| d <= i64::from(s.active_days));
    if !has_churned && (active || plan.is_some()) {
        let (mut rules, mut nums) = (Vec::new(), Vec::new());
        let mut add = |r: Rule, x: Option<Numbers>| {
            if let Some(x) = x {
                rules.push(r);
                nums.extend(x);
            }
        };
        if let Some(p) = plan {
            add(Rule::BehindPlan, behind_plan(a.month, p, as_of.day(), days_in_month(as_of), s));
        }
        add(Rule::BehindLastYear, behind_last_year(a.window, a.window_last_year, s));
        if let Some(d) = since {
            add(Rule::SlowerThanRhythm, slower_than_rhythm(d, signal.median_interval_days, s));
        }
        push(WarningKind::SalesProgress, rules, nums);
    }
    let (mut rules, mut nums) = (Vec::new(), Vec::new());
    if let Some(x) = expense_rising(a.expense_recent, a.expense_previous, s) {
        rules.push(Rule::ExpenseRising);
        nums.extend(x);
    }
    let over = [over_budget(a.expense_year, budget.0, "year"), over_budget(a.expense_month, budget.1, "month")];
    if over.iter().any(Option::is_some) {
        rules.push(Rule::OverBudget);
        nums.extend(over.into_iter().flatten().flatten());
    }
    push(WarningKind::SalesExpense, rules, nums);
}

/// Everything the rules find as of a day, over the live, not archived customers, by customer
/// then kind.
pub fn findings(cx: &Context, as_of: NaiveDate) -> Vec<Finding> {
    let acts = activity(cx.data, as_of, cx.settings);
    let month = month_of(as_of);
    let plans = plan_amounts(cx.data, month);
    let budgets = budgets(cx.data, month);
    let empty = Activity::default();
    let mut out = Vec::new();
    for c in cx.data.active_customers() {
        let a = acts.get(&c.id).unwrap_or(&empty);
        let signal = cx.signals.get(&c.id);
        let budget = budgets.get(&c.id).copied().unwrap_or_default();
        findings_for(c, a, &signal, plans.get(&c.id).copied(), budget, cx, as_of, &mut out);
    }
    out
}

/// Why a stored warning fired, in words: one sentence per rule, from its numbers (a major
/// incident shows what staff reported). For the warning centre and the to-do list.
pub fn describe(w: &crate::model::risk::Warning, currency: &str, lang: crate::i18n::Lang) -> Vec<String> {
    use crate::i18n::{format_money, format_percent};
    if w.kind == WarningKind::MajorIncident {
        let sep = if lang == crate::i18n::Lang::Zh { "：" } else { ": " };
        return vec![match w.incident {
            Some(k) => format!("{}{sep}{}", incident_label(k).text(lang), w.description),
            None => w.description.clone(),
        }];
    }
    let get = |name: &str| w.numbers.iter().find(|(k, _)| k == name).map(|(_, v)| *v);
    let money = |name: &str| format_money(Money(get(name).unwrap_or(0.0) as i64), currency, lang);
    let count = |name: &str| format!("{:.0}", get(name).unwrap_or(0.0));
    w.rules
        .iter()
        .filter_map(|code| Rule::from_code(code))
        .flat_map(|rule| match rule {
            Rule::Arrears => {
                vec![Msg::RkWhyArrears.with(lang, &[&money("owed_fen"), &money("limit_fen"), &money("excess_fen")])]
            }
            Rule::BehindPlan => vec![Msg::RkWhyBehindPlan.with(
                lang,
                &[&money("actual_fen"), &money("plan_pro_rata_fen"), &money("plan_fen"), &count("elapsed_days")],
            )],
            Rule::BehindLastYear => vec![Msg::RkWhyBehindLastYear
                .with(lang, &[&count("window_days"), &money("window_fen"), &money("last_year_fen")])],
            Rule::SlowerThanRhythm => {
                vec![Msg::RkWhySlower.with(lang, &[&count("days_since_last"), &count("median_interval_days")])]
            }
            Rule::ExpenseRising => {
                vec![Msg::RkWhyExpenseRising
                    .with(lang, &[&count("months"), &money("recent_fen"), &money("previous_fen")])]
            }
            Rule::OverBudget => {
                let mut out = Vec::new();
                if get("year_spent_fen").is_some() {
                    out.push(
                        Msg::RkWhyOverYearBudget.with(lang, &[&money("year_spent_fen"), &money("year_budget_fen")]),
                    );
                }
                if get("month_spent_fen").is_some() {
                    out.push(
                        Msg::RkWhyOverMonthBudget.with(lang, &[&money("month_spent_fen"), &money("month_budget_fen")]),
                    );
                }
                out
            }
            Rule::Churn => {
                let mut text = Msg::RkWhyChurn.with(
                    lang,
                    &[
                        &count("days_since_last"),
                        &count("median_interval_days"),
                        &format!("{}", get("multiple").unwrap_or(0.0)),
                    ],
                );
                if let Some(p) = get("p_alive") {
                    text.push_str(&Msg::RkWhyPAlive.with(lang, &[&format_percent(p)]));
                }
                vec![text]
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> RiskSettings {
        RiskSettings::default()
    }

    #[test]
    fn arrears_fires_only_above_the_limit() {
        assert!(arrears(Money(5_000_000), Some(Money(5_000_000))).is_none(), "at the limit");
        let x = arrears(Money(5_000_001), Some(Money(5_000_000))).unwrap();
        assert_eq!(x[2], ("excess_fen".to_string(), 1.0));
        assert!(arrears(Money(i64::MAX / 4), None).is_none(), "not limited");
    }

    #[test]
    fn behind_plan_at_its_edges() {
        // Plan 30,000 in a 30-day month; on day 10 the pro rata is 10,000 and 80% is 8,000.
        assert!(behind_plan(Money(8_000), Money(30_000), 10, 30, &s()).is_none(), "exactly 80%");
        assert!(behind_plan(Money(7_999), Money(30_000), 10, 30, &s()).is_some(), "just under");
        assert!(behind_plan(Money(0), Money(30_000), 7, 30, &s()).is_none(), "inside the grace days");
        assert!(behind_plan(Money(0), Money(30_000), 8, 30, &s()).is_some(), "the day after");
        assert!(behind_plan(Money(0), Money(0), 20, 30, &s()).is_none(), "no amount planned");
    }

    #[test]
    fn behind_last_year_at_its_edges() {
        assert!(behind_last_year(Money(70_000), Money(100_000), &s()).is_none(), "exactly 70%");
        assert!(behind_last_year(Money(69_999), Money(100_000), &s()).is_some());
        assert!(behind_last_year(Money(0), Money(99_999), &s()).is_none(), "a year before under the minimum");
        assert!(behind_last_year(Money(0), Money(0), &s()).is_none(), "none this time last year");
        assert!(behind_last_year(Money(-5), Money(100_000), &s()).is_some(), "net returns");
    }

    #[test]
    fn rhythm_and_churn_at_their_edges() {
        assert!(slower_than_rhythm(15, Some(10.0), &s()).is_none(), "exactly 150%");
        assert!(slower_than_rhythm(16, Some(10.0), &s()).is_some());
        assert!(slower_than_rhythm(900, None, &s()).is_none(), "one purchase: no rhythm");
        let sig =
            Signal { median_interval_days: Some(10.0), churn_multiple: 3.0, p_alive: Some(0.2), ..Signal::default() };
        assert!(churn(30, &sig, &s()).is_none(), "exactly 3× the median");
        assert_eq!(churn(31, &sig, &s()).unwrap()[3], ("p_alive".to_string(), 0.2));
        let alive = Signal { p_alive: Some(0.5), ..sig };
        assert!(churn(31, &alive, &s()).is_none(), "the model still believes in them");
        let unfitted = Signal { p_alive: None, ..sig };
        assert!(churn(31, &unfitted, &s()).is_some(), "no model: the signal alone");
        assert!(churn(10_000, &Signal { churn_multiple: 3.0, ..Signal::default() }, &s()).is_none(), "one purchase");
    }

    #[test]
    fn expenses_at_their_edges() {
        assert!(expense_rising(Money(130_000), Money(100_000), &s()).is_none(), "exactly 130%");
        assert!(expense_rising(Money(130_001), Money(100_000), &s()).is_some());
        assert!(expense_rising(Money(99_999), Money(1), &s()).is_none(), "under the minimum");
        assert!(expense_rising(Money(500_000), Money(0), &s()).is_none(), "nothing before to compare");
        assert!(over_budget(Money(100), Some(Money(100)), "year").is_none());
        assert_eq!(over_budget(Money(101), Some(Money(100)), "year").unwrap()[0].0, "year_spent_fen");
        assert!(over_budget(Money(101), None, "year").is_none());
        assert!(Rule::ALL.iter().all(|r| Rule::from_code(r.code()) == Some(*r)));
    }

    #[test]
    fn a_warning_says_why_in_both_languages() {
        use crate::i18n::Lang;
        use crate::model::risk::Warning;
        let w = Warning {
            kind: WarningKind::Churn,
            rules: vec!["churn".into()],
            numbers: churn(
                91,
                &Signal {
                    median_interval_days: Some(30.0),
                    churn_multiple: 3.0,
                    p_alive: Some(0.123),
                    ..Signal::default()
                },
                &s(),
            )
            .unwrap(),
            ..Warning::default()
        };
        assert_eq!(
            describe(&w, "CNY", Lang::Zh),
            vec!["已 91 天未进货，超过平时间隔（约 30 天）的 3 倍；存活概率 12.3%"]
        );
        assert_eq!(
            describe(&w, "CNY", Lang::En),
            vec!["No purchase for 91 days, more than 3 times the usual interval (about 30 days); P(alive) 12.3%"]
        );
        let a = Warning {
            rules: vec!["arrears".into()],
            numbers: arrears(Money(600_000), Some(Money(500_000))).unwrap(),
            ..Warning::default()
        };
        assert_eq!(
            describe(&a, "CNY", Lang::En),
            vec!["Owes ¥6,000.00, over the credit limit of ¥5,000.00 by ¥1,000.00"]
        );
        let budget = Warning {
            rules: vec!["over_budget".into()],
            numbers: over_budget(Money(101), Some(Money(100)), "month").unwrap(),
            ..Warning::default()
        };
        assert_eq!(describe(&budget, "CNY", Lang::Zh), vec!["本月销售费用 ¥1.01，超出月度预算 ¥1.00"]);
        let incident = Warning {
            kind: WarningKind::MajorIncident,
            incident: Some(IncidentKind::Theft),
            description: "仓库失窃".into(),
            ..Warning::default()
        };
        assert_eq!(describe(&incident, "CNY", Lang::Zh), vec!["被盗：仓库失窃"]);
        assert_eq!(describe(&incident, "CNY", Lang::En), vec!["Theft: 仓库失窃"]);
    }

    /// Sales progress watches customers who bought within `active_days`: a purchase exactly
    /// 365 days ago still counts (and last year's window is behind), 366 days ago does not.
    /// A customer who never bought gets no warning at all.
    #[test]
    fn the_active_edge_and_a_customer_who_never_bought() {
        use crate::model::{Customer, Fact, Hlc, NodeId, Qty, Sale};
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        for (n, back) in [(1u8, 365u64), (2, 366), (3, 0)] {
            let c = Id::v7(1, [n; 10]);
            data.customers.merge(Record::new(c, Id::NIL, stamp, None, Customer::default()));
            if back > 0 {
                let date = as_of - chrono::Days::new(back);
                let s = Sale { customer: c, date, quantity: Qty::units(1), amount: Money(500_000), ..Sale::default() };
                data.sales.merge(Fact::new(Id::v7(2, [n; 10]), Id::NIL, stamp, None, s));
            }
        }
        // 366 days back is 24 November 2025: inside the 90-day window a year before, too.
        let (settings, firm) = (RiskSettings::default(), FirmSettings::defaults());
        let cx = Context { data: &data, signals: &Signals::default(), settings: &settings, firm: &firm };
        let found = findings(&cx, as_of);
        let who: Vec<(Id, WarningKind, Vec<Rule>)> =
            found.iter().map(|f| (f.customer, f.kind, f.rules.clone())).collect();
        assert_eq!(who, vec![(Id::v7(1, [1; 10]), WarningKind::SalesProgress, vec![Rule::BehindLastYear])]);
    }
}
