//! The risk core over the demo firm with a model fitted by the engine: the warnings agree with
//! the ledger and the engine, receivables sit under the firm's line as the generator intends,
//! plans, key accounts and the appraisal add up, and writing the warnings is idempotent.

use chrono::NaiveDate;
use kehu::analytics::abc::AbcClass;
use kehu::analytics::{score, Settings};
use kehu::demo::{generate, DemoSpec};
use kehu::edits::Origin;
use kehu::ledger::balances;
use kehu::model::risk::WarningKind;
use kehu::model::{Dataset, Hlc, Id, IdMap, Money, NodeId, SeededIds};
use kehu::risk::credit::{credit_limit, receivables, receivables_line};
use kehu::risk::edits::apply_changes;
use kehu::risk::warnings::Context;
use kehu::risk::{
    activity, appraisal, key_accounts, plans, recompute, reconcile, ChangeKind, RiskSettings, Rule, Signals,
};
use kehu::scoring::{analytics_input, engine_day};
use std::collections::HashSet;

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn firm() -> (Dataset, Signals) {
    let spec = DemoSpec { customers: 2_000, lines: 60_000, ..DemoSpec::default_for(end()) };
    let data = generate(&spec).expect("demo firm");
    let (input, ix) = analytics_input(&data).expect("engine input");
    let scores = score(&input, &Settings { as_of: Some(engine_day(end())), ..Settings::default() }).expect("scores");
    assert!(scores.bgnbd.is_ok(), "the demo firm fits BG/NBD");
    (data, Signals::from_scores(&scores, &ix))
}

#[test]
fn the_demo_firm_runs_through_the_risk_core() {
    let (data, signals) = firm();
    let settings = RiskSettings::of_firm(&data.firm_settings());
    assert_eq!(settings, RiskSettings::default());
    let firm = data.firm_settings();
    let cx = Context { data: &data, signals: &signals, settings: &settings, firm: &firm };
    let (found, changes) = recompute(&cx, end());
    assert!(!found.is_empty());

    // Arrears fire exactly for the customers owing more than their limit, by the ledger.
    let ledger = balances(&data);
    let expected: HashSet<Id> = data
        .active_customers()
        .filter(|c| {
            let owed = ledger.get(&c.id).map_or(Money::ZERO, |b| b.owed());
            credit_limit(&c.data, signals.class(&c.id), &firm).limit.is_some_and(|l| owed > l)
        })
        .map(|c| c.id)
        .collect();
    let arrears: HashSet<Id> = found.iter().filter(|f| f.kind == WarningKind::Arrears).map(|f| f.customer).collect();
    assert_eq!(arrears, expected);
    assert!(arrears.iter().all(|c| signals.class(c) != Some(AbcClass::A)), "A is not limited by default");
    // The demo's debts sit under the default limits; a limit set by hand one fen under a
    // customer's debt raises the warning, one set at the debt does not.
    let (debtor, owed) = data
        .active_customers()
        .filter(|c| signals.class(&c.id) != Some(AbcClass::A))
        .filter_map(|c| Some((c.id, ledger.get(&c.id)?.owed())))
        .max_by_key(|(id, owed)| (*owed, *id))
        .unwrap();
    assert!(owed.0 > 0);
    for (limit, fires) in [(owed - Money(1), true), (owed, false)] {
        let current = data.customers.get(&debtor).unwrap();
        let o = Origin { branch: Id::NIL, stamp: Hlc(1_800_000_000_000, 0, NodeId::new(7, 1)), by: None };
        let batch =
            kehu::risk::edits::set_credit_limit(current, Some(limit), "客户资金紧张，压缩额度", Id::v7(9, [1; 10]), o)
                .unwrap()
                .unwrap();
        let mut limited = data.clone();
        limited.merge_all(&batch);
        let cx = Context { data: &limited, signals: &signals, settings: &settings, firm: &firm };
        let found = kehu::risk::findings(&cx, end());
        let hit = found.iter().any(|f| f.kind == WarningKind::Arrears && f.customer == debtor);
        assert_eq!(hit, fires, "limit {limit:?}, owed {owed:?}");
    }

    // Churn follows the engine: every churned customer's signal fired at the scoring day (the
    // same day here), and churned customers get no sales-progress warning.
    let churned: HashSet<Id> = found.iter().filter(|f| f.kind == WarningKind::Churn).map(|f| f.customer).collect();
    assert!(churned.len() > 50, "17.5% of the demo customers stopped buying: {}", churned.len());
    for c in &churned {
        let s = signals.get(c);
        assert!(s.churn_fired, "{c}");
        assert!(s.p_alive.is_some_and(|p| p < settings.churn_p_alive_below));
    }
    assert!(found.iter().filter(|f| f.kind == WarningKind::SalesProgress).all(|f| !churned.contains(&f.customer)));
    // Every finding is about a live customer, owned by the customer's owner, this month.
    for f in &found {
        let c = data.customers.get(&f.customer).unwrap();
        assert!(!c.is_deleted() && !c.data.archived);
        assert_eq!(f.owner, c.data.owner);
        assert_eq!(f.period, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        assert!(f.rules.iter().all(|r| r.kind() == f.kind));
        assert!(!f.numbers.is_empty());
    }
    // Behind plan only where there is a plan this month.
    let planned: HashSet<Id> = plans::plans_in(&data, end()).iter().map(|p| p.data.customer).collect();
    assert!(!planned.is_empty(), "the demo plans this month for its key customers");
    assert!(found.iter().filter(|f| f.rules.contains(&Rule::BehindPlan)).all(|f| planned.contains(&f.customer)));

    // Writing the warnings from nothing raises each once, with distinct ids, and a second run
    // on the written data finds nothing to change.
    assert!(changes.iter().all(|c| c.kind == ChangeKind::Raised));
    assert_eq!(changes.iter().map(|c| c.id).collect::<HashSet<_>>().len(), changes.len());
    assert_eq!(changes.len(), found.len());
    let o = Origin { branch: Id::v7(9, [9; 10]), stamp: Hlc(1_800_000_000_000, 0, NodeId::new(7, 1)), by: None };
    let batch = apply_changes(&changes, &data, &mut SeededIds::new(3, 1_800_000_000_000), o);
    assert_eq!(batch.warnings.len(), changes.len());
    let mut written = data.clone();
    written.merge_all(&batch);
    let cx2 = Context { data: &written, ..cx };
    assert!(reconcile(&cx2, &found, end()).is_empty(), "idempotent");
    // The same warnings computed again (another branch) land on the same ids.
    let (_, again) = recompute(&cx, end());
    assert_eq!(again.iter().map(|c| c.id).collect::<Vec<_>>(), changes.iter().map(|c| c.id).collect::<Vec<_>>());

    // Receivables: per customer they are the ledger's balance, their ageing adds up, and the
    // firm stands just under its receivables line (the generator aims at 18% of assets).
    let recv = receivables(&data, end(), &settings);
    let by: IdMap<Money> = recv.iter().map(|r| (r.customer, r.owed - r.credit)).collect();
    for (id, b) in &ledger {
        if b.owed().0 > 0 {
            assert_eq!(by.get(id).copied(), Some(b.owed()), "{id}");
        }
    }
    assert!(recv.iter().all(|r| r.buckets.iter().copied().sum::<Money>() == r.owed));
    let line = receivables_line(&firm, &recv);
    let share = line.share_bp.unwrap();
    assert!((1_500..2_000).contains(&share) && !line.over, "{line:?}");

    // Plans: the month's progress counts the month's lines.
    let progress = plans::progress_all(&data, end(), end(), &settings);
    assert_eq!(progress.len(), planned.len());
    let acts = activity(&data, end(), &settings);
    for p in &progress {
        assert_eq!(p.actual, acts.get(&p.customer).map_or(Money::ZERO, |a| a.month));
        assert!(p.plan.is_some_and(|x| x.0 > 0));
    }

    // Key accounts: the A class (nobody marked by hand in the demo), largest first.
    let key = key_accounts::key_accounts(&data, &signals, &settings, &firm, end());
    let a_count = signals.by_customer.values().filter(|s| s.abc == Some(AbcClass::A)).count();
    assert_eq!(key.len(), a_count);
    assert!(key.iter().all(|k| k.class == Some(AbcClass::A) && k.limit.is_none()));
    assert!(key.windows(2).all(|w| w[0].net_sales >= w[1].net_sales));
    assert!(key.iter().any(|k| k.plan.is_some()) && key.iter().any(|k| k.last_visit.is_some()));

    // Appraisal: the owners' sales add up to the firm's net sales in the period.
    let from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let a = appraisal::appraise(&data, from, end(), &settings);
    let total: Money =
        data.sales.live().filter(|l| l.data.date >= from && l.data.date <= end()).map(|l| l.data.amount).sum();
    assert_eq!(a.by_owner.iter().map(|(_, f)| f.sales).sum::<Money>(), total);
    assert_eq!(a.by_department.iter().map(|(_, f)| f.sales).sum::<Money>(), total);
    let scored: Vec<f64> = a.by_owner.iter().filter_map(|(_, f)| f.score(&settings)).collect();
    assert!(scored.len() >= 5 && scored.iter().all(|s| (0.0..=100.0).contains(s)));
}

/// Two branches hold copies of one firm; each raises its warnings on its own, at its own
/// stamps. A bundle of one imports into the other without a refusal and without a second copy
/// of any warning; later, one branch's acknowledgement travels to the other.
#[test]
fn warnings_raised_at_two_branches_meet_as_one_after_an_exchange() {
    use kehu::exchange::{export_bundle, parse_bundle, plan_import, ExportInfo, Limits};
    use kehu::model::risk::WarningState;
    let spec = DemoSpec { customers: 300, lines: 6_000, ..DemoSpec::default_for(end()) };
    let base = generate(&spec).expect("demo firm");
    let (input, ix) = analytics_input(&base).unwrap();
    let scores = score(&input, &Settings { as_of: Some(engine_day(end())), ..Settings::default() }).unwrap();
    let signals = Signals::from_scores(&scores, &ix);
    let settings = RiskSettings::default();
    let firm = base.firm_settings();
    let branch = |n: u8, ms: u64| {
        let cx = Context { data: &base, signals: &signals, settings: &settings, firm: &firm };
        let (_, changes) = recompute(&cx, end());
        let o = Origin { branch: Id::v7(9, [n; 10]), stamp: Hlc(ms, 0, NodeId::new(u32::from(n), 1)), by: None };
        let mut d = base.clone();
        d.merge_all(&apply_changes(&changes, &base, &mut SeededIds::new(u64::from(n), ms), o));
        d
    };
    let a = branch(1, 1_800_000_000_000);
    let mut b = branch(2, 1_800_000_000_777);
    assert!(a.warnings.len() > 10);
    assert_eq!(a.warnings.len(), b.warnings.len());
    // Branch A acknowledges one warning before exchanging.
    let mut a = a;
    let first = a.warnings.all()[0].clone();
    let o = Origin { branch: Id::v7(9, [1; 10]), stamp: Hlc(1_800_000_100_000, 0, NodeId::new(1, 1)), by: None };
    let ack = kehu::risk::edits::advance(&first, WarningState::Acknowledged, "", end(), Id::v7(9, [7; 10]), o)
        .unwrap()
        .unwrap();
    a.merge_all(&ack);
    let info = ExportInfo { branch: Id::v7(9, [1; 10]), branch_name: "分公司一".into(), device: 1, created_ms: 1 };
    let bundle = parse_bundle(&export_bundle(&a, None, &info), None, &Limits::default()).unwrap();
    let plan = plan_import(&b, &bundle).expect("no warning refused for a different origin");
    let before = b.warnings.len();
    plan.apply_to(&mut b);
    assert_eq!(b.warnings.len(), before, "one warning each, not two");
    let w = b.warnings.get(&first.id).unwrap();
    assert_eq!(w.data.state, WarningState::Acknowledged);
    assert_eq!(w.data.numbers, first.data.numbers);
}

/// Regression: a warning's P(alive) of 17 significant digits read back one ulp off with
/// serde_json's default float parser, so the bundle's checksum failed on import
/// (`ChecksumMismatch`); serde_json's `float_roundtrip` feature reads it back exactly.
#[test]
fn a_warning_s_float_numbers_survive_a_bundle() {
    use kehu::exchange::{export_bundle, parse_bundle, ExportInfo, Limits};
    use kehu::model::risk::Warning;
    use kehu::model::Record;
    let mut d = Dataset::default();
    let w = Warning {
        numbers: vec![("p_alive".into(), 0.15732720285709217), ("days".into(), 971.0)],
        ..Warning::default()
    };
    d.warnings.merge(Record::new(Id::v7(5, [5; 10]), Id::NIL, Hlc(10, 0, NodeId(0)), None, w.clone()));
    let info = ExportInfo { branch: Id::v7(9, [1; 10]), branch_name: "分公司".into(), device: 1, created_ms: 1 };
    let bundle = parse_bundle(&export_bundle(&d, None, &info), None, &Limits::default()).expect("checksum holds");
    assert_eq!(bundle.data.warnings.all()[0].data, w);
}

/// The page computes warnings from the worker's table, not the full scores: both give the same
/// signals (up to the table's f32) and the same warnings.
#[test]
fn the_worker_s_table_gives_the_same_warnings_as_the_scores() {
    let spec = DemoSpec { customers: 600, lines: 15_000, ..DemoSpec::default_for(end()) };
    let data = generate(&spec).expect("demo firm");
    let (input, ix) = analytics_input(&data).expect("engine input");
    let scores = score(&input, &Settings { as_of: Some(engine_day(end())), ..Settings::default() }).expect("scores");
    let settings = kehu::workspace::AnalysisSettings { as_of: Some(end()), ..Default::default() };
    let result = kehu::workspace::summary::summarise(&data, &ix, &scores, &settings, end());
    let (full, table) = (Signals::from_scores(&scores, &ix), Signals::from_table(&result.customers));
    assert_eq!(full.by_customer.len(), table.by_customer.len());
    assert_eq!(full.churn_multiple, table.churn_multiple);
    for (id, f) in &full.by_customer {
        let t = table.get(id);
        assert_eq!(
            (f.abc, f.churn_fired, f.net_sales, f.churn_multiple),
            (t.abc, t.churn_fired, t.net_sales, t.churn_multiple)
        );
        let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() <= 1e-6 * a.abs().max(1.0),
            (a, b) => a.is_none() && b.is_none(),
        };
        assert!(close(f.median_interval_days, t.median_interval_days), "{id}");
        assert!(close(f.p_alive, t.p_alive), "{id}");
    }
    let firm = data.firm_settings();
    let rs = RiskSettings::of_firm(&firm);
    let found = |signals: &Signals| {
        let cx = Context { data: &data, signals, settings: &rs, firm: &firm };
        kehu::risk::findings(&cx, end()).into_iter().map(|f| (f.customer, f.kind, f.rules)).collect::<Vec<_>>()
    };
    let from_full = found(&full);
    assert!(from_full.iter().any(|f| f.1 == WarningKind::Churn || f.1 == WarningKind::SalesProgress));
    assert_eq!(from_full, found(&table));
}
