//! Key accounts (大客户, DOMAIN.md §10) on one page: who they are (the ABC class A, or the top
//! share of customers by net sales — a setting — plus those marked by hand, minus those
//! unmarked by hand), and for each their owner, plan progress this month, last visit, open
//! complaints, open warnings, satisfaction and what they owe against their limit.

use super::activity::activity_of;
use super::credit::credit_limit;
use super::plans::{plan_amount, plans_in};
use super::settings::{KeyRule, RiskSettings};
use super::signals::Signals;
use super::{days_in_month, month_of};
use crate::analytics::abc::AbcClass;
use crate::model::risk::WarningState;
use crate::model::service::InteractionKind;
use crate::model::{Dataset, FirmSettings, Id, IdMap, Money};
use crate::service::complaints::complaint_statuses;
use crate::service::satisfaction::{by_customer, Scope};
use crate::service::{IdSet, ServiceSettings};
use chrono::{Datelike, NaiveDate};

/// The key accounts under the settings' rule.
pub fn key_set(data: &Dataset, signals: &Signals, settings: &RiskSettings) -> IdSet {
    match settings.key_rule {
        KeyRule::ClassA => crate::service::key_accounts(data, |id| signals.class(id) == Some(AbcClass::A)),
        KeyRule::TopShare => {
            let top = top_share(signals, settings.key_top_pct);
            crate::service::key_accounts(data, |id| top.contains_key(id))
        }
    }
}

/// The top `pct` percent of the customers with net sales > 0 (⌈pct × n / 100⌉ of them, as the
/// 80/20 check counts), by net sales, ties by id.
pub fn top_share(signals: &Signals, pct: u32) -> IdSet {
    let mut sales: Vec<(i64, Id)> =
        signals.by_customer.iter().filter(|(_, s)| s.net_sales > 0).map(|(id, s)| (s.net_sales, *id)).collect();
    sales.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let n = (sales.len() * pct.min(100) as usize).div_ceil(100);
    sales.into_iter().take(n).map(|(_, id)| (id, ())).collect()
}

/// One key account's line.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyAccount {
    pub customer: Id,
    pub owner: Option<Id>,
    pub class: Option<AbcClass>,
    /// Net sales in the scoring run's period, fen.
    pub net_sales: i64,
    /// This month's plan and the net sales so far, and actual ÷ plan pro rata.
    pub plan: Option<Money>,
    pub month_sales: Money,
    pub pace: Option<f64>,
    /// The last visit, return visit or meeting.
    pub last_visit: Option<NaiveDate>,
    pub open_complaints: u32,
    pub open_warnings: u32,
    /// The satisfaction index of the customer's survey forms (0–1), all time.
    pub satisfaction: Option<f64>,
    pub owed: Money,
    pub limit: Option<Money>,
}

/// The key-account page, the largest first.
pub fn key_accounts(
    data: &Dataset,
    signals: &Signals,
    settings: &RiskSettings,
    firm: &FirmSettings,
    as_of: NaiveDate,
) -> Vec<KeyAccount> {
    let key = key_set(data, signals, settings);
    let acts = activity_of(data, as_of, settings, Some(&key));
    let month = month_of(as_of);
    let plans: IdMap<Money> = plans_in(data, month)
        .into_iter()
        .filter_map(|p| Some((p.data.customer, plan_amount(&p.data, data)?)))
        .collect();
    let mut visits: IdMap<NaiveDate> = IdMap::default();
    for i in data.interactions.live().filter(|i| key.contains_key(&i.data.customer) && i.data.date <= as_of) {
        if matches!(i.data.kind, InteractionKind::Visit | InteractionKind::ReturnVisit | InteractionKind::Meeting) {
            let e = visits.entry(i.data.customer).or_insert(i.data.date);
            *e = (*e).max(i.data.date);
        }
    }
    let mut complaints: IdMap<u32> = IdMap::default();
    for c in complaint_statuses(data, None, as_of, &ServiceSettings::of_firm(firm)) {
        if !c.workflow.is_closed() && key.contains_key(&c.record.data.customer) {
            *complaints.entry(c.record.data.customer).or_default() += 1;
        }
    }
    let mut warnings: IdMap<u32> = IdMap::default();
    for w in data.warnings.live().filter(|w| w.data.state != WarningState::Resolved) {
        if let Some(c) = w.data.customer.filter(|c| key.contains_key(c)) {
            *warnings.entry(c).or_default() += 1;
        }
    }
    let satisfaction: IdMap<f64> = by_customer(data, &Scope::all())
        .into_iter()
        .filter(|r| key.contains_key(&r.customer))
        .filter_map(|r| Some((r.customer, r.results.survey.index()?)))
        .collect();
    let mut out: Vec<KeyAccount> = key
        .keys()
        .filter_map(|id| data.customers.get(id))
        .map(|c| {
            let s = signals.get(&c.id);
            let a = acts.get(&c.id).copied().unwrap_or_default();
            let plan = plans.get(&c.id).copied();
            let due = plan.map(|p| super::plans::pro_rata(p, as_of.day(), days_in_month(as_of)));
            KeyAccount {
                customer: c.id,
                owner: c.data.owner,
                class: s.abc,
                net_sales: s.net_sales,
                plan,
                month_sales: a.month,
                pace: due.filter(|d| d.0 > 0).map(|d| a.month.0 as f64 / d.0 as f64),
                last_visit: visits.get(&c.id).copied(),
                open_complaints: complaints.get(&c.id).copied().unwrap_or(0),
                open_warnings: warnings.get(&c.id).copied().unwrap_or(0),
                satisfaction: satisfaction.get(&c.id).copied(),
                owed: a.owed(),
                limit: credit_limit(&c.data, s.abc, firm).limit,
            }
        })
        .collect();
    out.sort_by(|a, b| b.net_sales.cmp(&a.net_sales).then(a.customer.cmp(&b.customer)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::abc::AbcClass;
    use crate::model::{Customer, Hlc, NodeId, Record};
    use crate::risk::Signal;

    #[test]
    fn top_share_counts_the_ceiling_and_hand_marks_win() {
        let mut signals = Signals::default();
        let mut data = Dataset::default();
        for n in 0..11u8 {
            let id = Id::v7(1, [n; 10]);
            let sales = if n == 10 { 0 } else { 1_000 * (i64::from(n) + 1) };
            signals.by_customer.insert(id, Signal { net_sales: sales, abc: Some(AbcClass::C), ..Signal::default() });
            let key_account = match n {
                0 => Some(true),
                9 => Some(false),
                _ => None,
            };
            let c = Customer { key_account, ..Customer::default() };
            data.customers.merge(Record::new(id, Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, c));
        }
        // 10 customers with sales: the top 20% are the two largest (n = 9, 8).
        let top = top_share(&signals, 20);
        assert_eq!(top.len(), 2);
        assert!(top.contains_key(&Id::v7(1, [9; 10])) && top.contains_key(&Id::v7(1, [8; 10])));
        assert_eq!(top_share(&signals, 21).len(), 3, "⌈2.1⌉");
        let s = RiskSettings { key_rule: KeyRule::TopShare, ..RiskSettings::default() };
        let key = key_set(&data, &signals, &s);
        let mut ids: Vec<Id> = key.keys().copied().collect();
        ids.sort();
        assert_eq!(ids, vec![Id::v7(1, [0; 10]), Id::v7(1, [8; 10])], "9 unmarked by hand, 0 marked");
        let rows = key_accounts(
            &data,
            &signals,
            &s,
            &FirmSettings::defaults(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        );
        assert_eq!(rows.iter().map(|r| r.net_sales).collect::<Vec<_>>(), vec![9_000, 1_000]);
        assert_eq!(rows[0].limit, Some(Money::from_yuan(50_000)), "class C's limit");
    }
}
