//! Computed warnings against the stored ones. Warnings are computed, not typed in, but they
//! are stored (records with ids, stamps and tombstones), because people act on them: the owner
//! acknowledges one, finds its cause, resolves it, and resolved ones stay in the history.
//!
//! - **Ids.** A computed warning's id is derived from (kind, customer, period) by SHA-256
//!   (`warning_id`), and its record is created at a stamp derived from the period on no branch
//!   (`origin`) with empty data; its content is written as an edit at the real stamp. So two
//!   branches raising the same warning hold one record: same id, same origin, fields merged by
//!   their stamps.
//! - **Periods.** Monthly kinds (sales progress, sales expense) are about a month: one warning
//!   per month. Lasting kinds (arrears, churn) keep one open warning while the condition holds:
//!   its period is the month it was first raised. A condition that comes back in a month whose
//!   warning is already resolved gets the period `2026-11.2` (then `.3`…), so a resolved warning
//!   is never reopened.
//! - **Updates.** While the condition holds, the numbers and rules follow the data; the owner
//!   is set when raised and then left to people.
//! - **When the condition no longer holds**: a warning still `raised` resolves itself (noted
//!   `resolved_automatically`); one already acknowledged or with its cause found is flagged
//!   `close_requested`, asking its owner to close it. Monthly warnings of an earlier month are
//!   judged as of that month's last day. Major incidents are reported by staff and left alone.

use super::activity::{activity_of, Activity};
use super::warnings::{budgets, findings, findings_for, is_monthly, kind_code, plan_amounts, Context, Finding};
use super::{month_code, month_end, parse_month_code};
use crate::model::risk::{Warning, WarningKind, WarningState};
use crate::model::{Dataset, Hlc, Id, IdMap, NodeId, Record};
use chrono::NaiveDate;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};

/// Midnight UTC of a day, in ms.
fn day_ms(d: NaiveDate) -> u64 {
    d.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64)
}

/// The id of the computed warning of `kind` about `customer` for `period` (a month code, maybe
/// with a `.n` suffix): a UUID v7 whose time is the period's first day and whose random bits
/// are the first 10 bytes of SHA-256 over the three (std's hasher is seeded per process, so it
/// could not give the same id on two devices).
pub fn warning_id(kind: WarningKind, customer: Id, period: &str) -> Id {
    let mut h = Sha256::new();
    h.update(b"kehu/warning/v1\0");
    h.update(kind_code(kind).as_bytes());
    h.update([0]);
    h.update(customer.0.as_bytes());
    h.update([0]);
    h.update(period.as_bytes());
    let digest = h.finalize();
    let mut random = [0u8; 10];
    random.copy_from_slice(&digest[..10]);
    Id::v7(parse_month_code(period).map_or(0, day_ms), random)
}

/// The creation stamp every copy of a computed warning shares: the period's first day, counter
/// 0, node 0 (no device issues node 0, so no real edit can tie with it).
pub fn origin(period: &str) -> Hlc {
    Hlc(parse_month_code(period).map_or(0, day_ms), 0, NodeId(0))
}

/// What reconciliation does to one warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ChangeKind {
    Raised,
    /// Its numbers, rules, or a close request withdrawn because the condition is back.
    Updated,
    ResolvedItself,
    CloseRequested,
}

/// A warning to write: its id and its data after the change.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub id: Id,
    pub kind: ChangeKind,
    pub warning: Warning,
}

fn open_computed(w: &Record<Warning>) -> bool {
    !w.is_deleted() && w.data.kind != WarningKind::MajorIncident && w.data.state != WarningState::Resolved
}

fn period_month(w: &Warning) -> Option<NaiveDate> {
    parse_month_code(&w.period)
}

fn rule_codes(f: &Finding) -> Vec<String> {
    f.rules.iter().map(|r| r.code().to_string()).collect()
}

/// The free id for a new warning: the month's own, else the first `.n` not taken.
fn free_period(data: &Dataset, kind: WarningKind, customer: Id, month: NaiveDate) -> (String, Id) {
    let base = month_code(month);
    let mut period = base.clone();
    for k in 2u32.. {
        let id = warning_id(kind, customer, &period);
        if data.warnings.get(&id).is_none() {
            return (period, id);
        }
        period = format!("{base}.{k}");
    }
    unreachable!("the loop returns once an id is free")
}

/// Brings a finding into a stored warning; `None` when nothing changes.
fn updated(w: &Record<Warning>, f: &Finding) -> Option<Warning> {
    let rules = rule_codes(f);
    if w.data.numbers == f.numbers && w.data.rules == rules && !w.data.close_requested {
        return None;
    }
    Some(Warning { numbers: f.numbers.clone(), rules, close_requested: false, ..w.data.clone() })
}

/// The condition is gone.
fn gone(w: &Record<Warning>, as_of: NaiveDate) -> Option<Change> {
    match w.data.state {
        WarningState::Raised => Some(Change {
            id: w.id,
            kind: ChangeKind::ResolvedItself,
            warning: Warning {
                state: WarningState::Resolved,
                resolved_automatically: true,
                resolved_on: Some(as_of),
                close_requested: false,
                ..w.data.clone()
            },
        }),
        WarningState::Acknowledged | WarningState::CauseFound if !w.data.close_requested => Some(Change {
            id: w.id,
            kind: ChangeKind::CloseRequested,
            warning: Warning { close_requested: true, ..w.data.clone() },
        }),
        _ => None,
    }
}

/// Compares what the rules find as of `as_of` with the stored warnings: the warnings to raise,
/// update, resolve or flag, by id.
pub fn reconcile(cx: &Context, found: &[Finding], as_of: NaiveDate) -> Vec<Change> {
    let data = cx.data;
    let this_month = super::month_of(as_of);
    // Open computed warnings by (kind, customer), earliest period first.
    let mut open: HashMap<(WarningKind, Id), Vec<&Record<Warning>>> = HashMap::new();
    for w in data.warnings.live().filter(|w| open_computed(w)) {
        if let Some(c) = w.data.customer {
            open.entry((w.data.kind, c)).or_default().push(w);
        }
    }
    for list in open.values_mut() {
        list.sort_by(|a, b| (period_month(&a.data), &a.data.period).cmp(&(period_month(&b.data), &b.data.period)));
    }
    let mut out: Vec<Change> = Vec::new();
    let mut matched: IdMap<()> = IdMap::default();
    for f in found {
        let candidates = open.get(&(f.kind, f.customer)).map_or(&[][..], |v| v.as_slice());
        let target = if is_monthly(f.kind) {
            candidates.iter().find(|w| period_month(&w.data) == Some(this_month))
        } else {
            candidates.first()
        };
        match target {
            Some(w) => {
                matched.insert(w.id, ());
                if let Some(warning) = updated(w, f) {
                    out.push(Change { id: w.id, kind: ChangeKind::Updated, warning });
                }
            }
            None => {
                let (period, id) = free_period(data, f.kind, f.customer, f.period);
                let warning = Warning {
                    kind: f.kind,
                    customer: Some(f.customer),
                    period,
                    state: WarningState::Raised,
                    owner: f.owner,
                    numbers: f.numbers.clone(),
                    rules: rule_codes(f),
                    raised_on: Some(as_of),
                    ..Warning::default()
                };
                out.push(Change { id, kind: ChangeKind::Raised, warning });
            }
        }
    }
    // Open warnings nothing found today: lasting kinds and this month's are gone; an earlier
    // month's monthly warning is judged again as of that month's end.
    let mut earlier: BTreeMap<NaiveDate, Vec<&Record<Warning>>> = BTreeMap::new();
    for w in open.values().flatten().filter(|w| !matched.contains_key(&w.id)) {
        match period_month(&w.data) {
            Some(m) if is_monthly(w.data.kind) && m < this_month => earlier.entry(m).or_default().push(w),
            _ => out.extend(gone(w, as_of)),
        }
    }
    for (month, warnings) in earlier {
        let end = month_end(month);
        let only: IdMap<()> = warnings.iter().filter_map(|w| w.data.customer).map(|c| (c, ())).collect();
        let acts = activity_of(data, end, cx.settings, Some(&only));
        let plans = plan_amounts(data, month);
        let budgets = budgets(data, month);
        for w in warnings {
            let Some(c) = w.data.customer.and_then(|c| data.customers.get(&c)) else {
                out.extend(gone(w, as_of));
                continue;
            };
            let a = acts.get(&c.id).copied().unwrap_or_else(Activity::default);
            let mut then = Vec::new();
            let budget = budgets.get(&c.id).copied().unwrap_or_default();
            findings_for(c, &a, &cx.signals.get(&c.id), plans.get(&c.id).copied(), budget, cx, end, &mut then);
            match then.iter().find(|f| f.kind == w.data.kind) {
                Some(f) => {
                    if let Some(warning) = updated(w, f) {
                        out.push(Change { id: w.id, kind: ChangeKind::Updated, warning });
                    }
                }
                None => out.extend(gone(w, as_of)),
            }
        }
    }
    out.sort_by_key(|a| a.id);
    out
}

/// The rules and the reconciliation in one call: what the warning centre runs.
pub fn recompute(cx: &Context, as_of: NaiveDate) -> (Vec<Finding>, Vec<Change>) {
    let found = findings(cx, as_of);
    let changes = reconcile(cx, &found, as_of);
    (found, changes)
}

/// The stored warnings, open ones first (by kind, then newest period), then the history of
/// resolved ones (latest resolved first).
pub fn warning_list(data: &Dataset, customer: Option<Id>) -> (Vec<&Record<Warning>>, Vec<&Record<Warning>>) {
    let mine = |w: &&Record<Warning>| customer.is_none_or(|c| w.data.customer == Some(c));
    let (mut open, mut done): (Vec<_>, Vec<_>) =
        data.warnings.live().filter(mine).partition(|w| w.data.state != WarningState::Resolved);
    open.sort_by(|a, b| {
        (a.data.kind as u8, std::cmp::Reverse(&a.data.period), a.id).cmp(&(
            b.data.kind as u8,
            std::cmp::Reverse(&b.data.period),
            b.id,
        ))
    });
    done.sort_by(|a, b| b.data.resolved_on.cmp(&a.data.resolved_on).then(a.id.cmp(&b.id)));
    (open, done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::Origin;
    use crate::model::sales::{MonthlyPlan, PlanItem};
    use crate::model::{Customer, Fact, FirmSettings, IdSource, Money, Payment, Qty, Sale, SeededIds};
    use crate::risk::edits::{advance, apply_changes};
    use crate::risk::{RiskSettings, Signal, Signals};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn id(n: u8) -> Id {
        Id::v7(1, [n; 10])
    }
    fn origin_at(ms: u64, node: u32) -> Origin {
        Origin { branch: Id::v7(5, [node as u8; 10]), stamp: Hlc(ms, 0, NodeId::new(node, 1)), by: None }
    }
    // Real stamps are after the periods they are about.
    const NOV_MS: u64 = 1_795_000_000_000;

    fn firm() -> Dataset {
        let mut data = Dataset::default();
        let c = Customer { name: "宏达".into(), owner: Some(id(9)), ..Customer::default() };
        data.customers.merge(Record::new(id(1), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, c));
        data
    }

    fn sale(data: &mut Dataset, n: u8, customer: Id, date: NaiveDate, fen: i64) {
        let s = Sale { customer, date, quantity: Qty::units(1), amount: Money(fen), ..Sale::default() };
        data.sales.merge(Fact::new(Id::v7(2, [n; 10]), Id::NIL, Hlc(2, 0, NodeId::new(1, 0)), None, s));
    }

    fn pay(data: &mut Dataset, n: u8, date: NaiveDate, fen: i64) {
        let p = Payment { customer: id(1), date, amount: Money(fen), ..Payment::default() };
        data.payments.merge(Fact::new(Id::v7(3, [n; 10]), Id::NIL, Hlc(3, 0, NodeId::new(1, 0)), None, p));
    }

    fn run(data: &Dataset, signals: &Signals, as_of: NaiveDate) -> Vec<Change> {
        let (settings, firm) = (RiskSettings::default(), FirmSettings::defaults());
        let cx = Context { data, signals, settings: &settings, firm: &firm };
        recompute(&cx, as_of).1
    }

    #[test]
    fn two_branches_raising_the_same_warning_hold_one() {
        let mut data = firm();
        // Class C's limit is 50,000 yuan; 60,000 owed.
        sale(&mut data, 1, id(1), d(11, 1), 6_000_000);
        let signals = Signals::default();
        let changes = run(&data, &signals, d(11, 10));
        assert_eq!(changes.len(), 1);
        let c = &changes[0];
        assert_eq!(
            (c.kind, c.warning.kind, c.warning.period.as_str()),
            (ChangeKind::Raised, WarningKind::Arrears, "2026-11")
        );
        assert_eq!(c.id, warning_id(WarningKind::Arrears, id(1), "2026-11"));
        assert_ne!(c.id, warning_id(WarningKind::Churn, id(1), "2026-11"));
        assert_eq!(c.warning.owner, Some(id(9)));
        assert_eq!(c.warning.numbers[2], ("excess_fen".to_string(), 1_000_000.0));
        // Branch A and branch B compute it on their own, at their own stamps.
        let a = apply_changes(&changes, &data, &mut SeededIds::new(1, NOV_MS), origin_at(NOV_MS, 1));
        let b = apply_changes(&changes, &data, &mut SeededIds::new(2, NOV_MS), origin_at(NOV_MS + 5, 2));
        let (wa, wb) = (&a.warnings.all()[0], &b.warnings.all()[0]);
        assert_eq!((wa.id, wa.branch, wa.created), (wb.id, wb.branch, wb.created), "one origin");
        let (mut ab, mut ba) = (wa.clone(), wb.clone());
        ab.merge(wb);
        ba.merge(wa);
        assert_eq!(ab, ba, "merge in any order");
        assert_eq!(ab.data.numbers, c.warning.numbers);
        assert_eq!(a.revisions.len(), 1);
    }

    #[test]
    fn a_warning_resolves_itself_or_asks_its_owner_to_close_it() {
        let mut data = firm();
        let signals = Signals::default();
        sale(&mut data, 1, id(1), d(11, 1), 6_000_000);
        let mut ids = SeededIds::new(1, NOV_MS);
        let raised = run(&data, &signals, d(11, 10));
        data.merge_all(&apply_changes(&raised, &data, &mut ids, origin_at(NOV_MS, 1)));
        // Nothing changed: nothing to write.
        assert!(run(&data, &signals, d(11, 11)).is_empty());
        // Paid down to exactly the limit: the condition is gone and the warning resolves itself.
        pay(&mut data, 1, d(11, 12), 1_000_000);
        let gone = run(&data, &signals, d(11, 12));
        assert_eq!(gone.len(), 1);
        assert_eq!(gone[0].kind, ChangeKind::ResolvedItself);
        assert!(gone[0].warning.resolved_automatically && gone[0].warning.state == WarningState::Resolved);
        data.merge_all(&apply_changes(&gone, &data, &mut ids, origin_at(NOV_MS + 10, 1)));
        // It comes back: a new warning (the resolved one stays in the history).
        sale(&mut data, 2, id(1), d(11, 13), 1);
        let back = run(&data, &signals, d(11, 13));
        assert_eq!((back[0].kind, back[0].warning.period.as_str()), (ChangeKind::Raised, "2026-11.2"));
        data.merge_all(&apply_changes(&back, &data, &mut ids, origin_at(NOV_MS + 20, 1)));
        let (open, history) = warning_list(&data, Some(id(1)));
        assert_eq!((open.len(), history.len()), (1, 1));
        // Acknowledged, then paid: the owner is asked to close it, and it stays open.
        let current = open[0].clone();
        let ack =
            advance(&current, WarningState::Acknowledged, "", d(11, 14), ids.next_id(), origin_at(NOV_MS + 30, 1))
                .unwrap()
                .unwrap();
        data.merge_all(&ack);
        pay(&mut data, 2, d(11, 15), 1);
        let ask = run(&data, &signals, d(11, 15));
        assert_eq!((ask[0].kind, ask[0].warning.close_requested), (ChangeKind::CloseRequested, true));
        assert_eq!(ask[0].warning.state, WarningState::Acknowledged);
        data.merge_all(&apply_changes(&ask, &data, &mut ids, origin_at(NOV_MS + 40, 1)));
        assert!(run(&data, &signals, d(11, 16)).is_empty(), "asked once");
        // Owing again: the request is withdrawn.
        sale(&mut data, 3, id(1), d(11, 17), 5);
        let again = run(&data, &signals, d(11, 17));
        assert_eq!((again[0].kind, again[0].warning.close_requested), (ChangeKind::Updated, false));
    }

    #[test]
    fn the_owner_moves_a_warning_on_one_step_at_a_time() {
        let mut data = firm();
        sale(&mut data, 1, id(1), d(11, 1), 6_000_000);
        let mut ids = SeededIds::new(1, NOV_MS);
        data.merge_all(&apply_changes(
            &run(&data, &Signals::default(), d(11, 10)),
            &data,
            &mut ids,
            origin_at(NOV_MS, 1),
        ));
        let w = data.warnings.all()[0].clone();
        let o = origin_at(NOV_MS + 1, 1);
        let step = crate::model::validate::Invalid::WarningStep;
        assert_eq!(
            advance(&w, WarningState::CauseFound, "资金紧张", d(11, 11), ids.next_id(), o).unwrap_err()[0].problem,
            step
        );
        let ack = advance(&w, WarningState::Acknowledged, "", d(11, 11), ids.next_id(), o).unwrap().unwrap();
        let w = ack.warnings.all()[0].clone();
        assert_eq!(
            advance(&w, WarningState::CauseFound, "  ", d(11, 12), ids.next_id(), o).unwrap_err()[0].field,
            "cause"
        );
        let found = advance(&w, WarningState::CauseFound, "资金紧张", d(11, 12), ids.next_id(), o).unwrap().unwrap();
        let w = found.warnings.all()[0].clone();
        let done = advance(&w, WarningState::Resolved, "已签还款协议", d(11, 13), ids.next_id(), o).unwrap().unwrap();
        let w = &done.warnings.all()[0].data;
        assert_eq!(
            (w.state, w.resolved_on, w.resolved_automatically),
            (WarningState::Resolved, Some(d(11, 13)), false)
        );
        assert_eq!((w.acknowledged_on, w.cause_found_on), (Some(d(11, 11)), Some(d(11, 12))));
        assert!(advance(&done.warnings.all()[0], WarningState::Raised, "", d(11, 14), ids.next_id(), o).is_err());
    }

    #[test]
    fn churn_needs_a_rhythm_and_silences_sales_progress() {
        let mut data = firm();
        let c2 = Id::v7(1, [2; 10]);
        data.customers.merge(Record::new(c2, Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, Customer::default()));
        // id(1): one purchase only, long ago. c2: bought every 30 days, none this year.
        sale(&mut data, 1, id(1), NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(), 100);
        for (n, m) in (1..=6u32).enumerate() {
            sale(&mut data, 10 + n as u8, c2, NaiveDate::from_ymd_opt(2025, m, 15).unwrap(), 200_000);
        }
        let mut signals = Signals { churn_multiple: 3.0, ..Signals::default() };
        let slipping =
            Signal { median_interval_days: Some(30.0), churn_multiple: 3.0, p_alive: Some(0.05), ..Signal::default() };
        signals.by_customer.insert(c2, slipping);
        let changes = run(&data, &signals, d(3, 1));
        let kinds: Vec<(Option<Id>, WarningKind)> =
            changes.iter().map(|c| (c.warning.customer, c.warning.kind)).collect();
        assert_eq!(kinds, vec![(Some(c2), WarningKind::Churn)], "{changes:?}");
        assert_eq!(changes[0].warning.numbers[0], ("days_since_last".to_string(), 259.0));
    }

    #[test]
    fn an_earlier_month_s_warning_is_judged_at_that_month_s_end() {
        let mut data = firm();
        let plan = MonthlyPlan {
            customer: id(1),
            month: Some(d(10, 1)),
            items: vec![PlanItem {
                product: None,
                spec: "P.O 42.5".into(),
                quantity: Qty::units(10),
                amount: Money(3_100_000),
            }],
            ..MonthlyPlan::default()
        };
        data.plans.merge(Record::new(Id::v7(4, [1; 10]), Id::NIL, Hlc(4, 0, NodeId::new(1, 0)), None, plan));
        sale(&mut data, 1, id(1), d(10, 2), 100_000);
        let signals = Signals::default();
        // 15 October: 1,000 yuan of 15,000 due → behind plan.
        let behind = run(&data, &signals, d(10, 15));
        assert_eq!(behind.len(), 1);
        assert_eq!(
            (behind[0].warning.kind, behind[0].warning.rules.clone()),
            (WarningKind::SalesProgress, vec!["behind_plan".to_string()])
        );
        let mut ids = SeededIds::new(1, NOV_MS);
        data.merge_all(&apply_changes(&behind, &data, &mut ids, origin_at(NOV_MS, 1)));
        // They caught up by the end of October; on 3 November the October warning resolves.
        sale(&mut data, 2, id(1), d(10, 28), 2_900_000);
        let later = run(&data, &signals, d(11, 3));
        assert_eq!(later.len(), 1);
        assert_eq!((later[0].kind, later[0].warning.period.as_str()), (ChangeKind::ResolvedItself, "2026-10"));
    }
}
