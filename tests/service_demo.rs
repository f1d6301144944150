//! The service desk's rules over the demo firm: its complaints follow the workflow step by step
//! (every step fits, those closed recorded feedback to the customer), and the to-do list and
//! the statistics read the whole firm.

use chrono::NaiveDate;
use kehu::demo::{generate, minimum_lines, DemoSpec};
use kehu::model::Kind;
use kehu::service::complaints::{complaint_stats, complaint_statuses, StepRole};
use kehu::service::{key_accounts, todo, ServiceSettings, TodoKind};

#[test]
fn the_demo_firm_runs_through_the_service_desk() {
    let end = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let spec = DemoSpec { customers: 1_500, lines: minimum_lines(1_500).max(30_000), ..DemoSpec::default_for(end) };
    let data = generate(&spec).expect("demo firm");
    let s = ServiceSettings::of_firm(&data.firm_settings());
    assert_eq!(s, ServiceSettings::default());

    let statuses = complaint_statuses(&data, None, end, &s);
    assert_eq!(statuses.len(), data.complaints.len());
    assert!(statuses.iter().any(|c| c.workflow.is_closed()), "old complaints are closed");
    for c in &statuses {
        assert!(
            c.workflow.steps.iter().all(|r| r.role == StepRole::Followed),
            "complaint {:?}: {:?}",
            c.record.id,
            c.workflow.steps.iter().map(|r| (r.fact.data.kind, r.role)).collect::<Vec<_>>()
        );
        if c.workflow.is_closed() {
            assert!(c.workflow.any_feedback());
            assert!(c.days_to_close().is_some_and(|d| d >= 0));
        } else {
            assert!(c.due.is_some() && c.owner.is_some());
        }
    }
    let stats = complaint_stats(&data, None, None, None, end, &s);
    assert_eq!(stats.all.total as usize, statuses.len());
    assert_eq!(stats.all.open + stats.all.closed, stats.all.total);
    assert_eq!(stats.by_category.iter().map(|(_, c)| c.total).sum::<u32>(), stats.all.total);

    // Every customer marked by hand counts as a key account here; the to-do list covers the firm.
    let key = key_accounts(&data, |_| false);
    let items = todo(&data, &key, end, &s);
    assert!(items.iter().any(|i| i.kind == TodoKind::Survey), "no survey was ever entered: all are due");
    for i in &items {
        assert!(i.days_overdue >= 0 || i.kind == TodoKind::ContractRenewal);
        match i.target.0 {
            Kind::Customer => assert!(data.customers.get(&i.target.1).is_some()),
            Kind::Complaint => assert!(data.complaints.get(&i.target.1).is_some()),
            other => panic!("unexpected target {other:?}"),
        }
    }
}
