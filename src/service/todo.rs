//! The to-do list (待办事项): everything due today or overdue, gathered in one pure function.
//! Issue 7 added the early warnings (`crate::risk`): every open warning is on its owner's list.
//!
//! What is on it, as of a day D:
//! - a routine survey due on or before D (key customers quarterly, ordinary half-yearly);
//! - a return visit of a delivery whose current due date has come and has no visit yet;
//! - a key account's visit due on or before D;
//! - an open complaint whose next step is due on or before D;
//! - a contract within its notice before ending, or ended, and not renewed (due = its last
//!   day, so `days_overdue` is negative while days are left);
//! - an open improvement plan past its due date, and a survey result below target that has no
//!   plan yet;
//! - a repair not done within its days, or done without the customer's feedback;
//! - an early warning not resolved yet (due the day it was raised), including those whose
//!   condition is gone and whose owner is asked to close them.

use super::complaints::complaint_statuses;
use super::contracts::renewals_due;
use super::period::{days_between, Period};
use super::satisfaction::{plan_state, shortfalls_without_plan, Measure, PlanState};
use super::schedule::{surveys_due, IdSet};
use super::settings::ServiceSettings;
use super::visits::{key_account_visits, repair_due, repair_state, return_visits_due, RepairState};
use crate::i18n::Msg;
use crate::model::service::ComplaintStepKind;
use crate::model::{Dataset, Id, Kind};
use chrono::NaiveDate;

/// What a to-do item asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TodoKind {
    Survey,
    ReturnVisit,
    KeyAccountVisit,
    ComplaintStep,
    ContractRenewal,
    ImprovementPlan,
    /// A survey result below target without an improvement plan.
    PlanNeeded,
    Repair,
    /// An early warning not resolved yet.
    Warning,
}

impl TodoKind {
    pub const ALL: [TodoKind; 9] = [
        TodoKind::Survey,
        TodoKind::ReturnVisit,
        TodoKind::KeyAccountVisit,
        TodoKind::ComplaintStep,
        TodoKind::ContractRenewal,
        TodoKind::ImprovementPlan,
        TodoKind::PlanNeeded,
        TodoKind::Repair,
        TodoKind::Warning,
    ];

    /// A stable code (URL filters, CSV).
    pub fn code(self) -> &'static str {
        match self {
            TodoKind::Survey => "survey",
            TodoKind::ReturnVisit => "return_visit",
            TodoKind::KeyAccountVisit => "key_account_visit",
            TodoKind::ComplaintStep => "complaint_step",
            TodoKind::ContractRenewal => "contract_renewal",
            TodoKind::ImprovementPlan => "improvement_plan",
            TodoKind::PlanNeeded => "plan_needed",
            TodoKind::Repair => "repair",
            TodoKind::Warning => "warning",
        }
    }

    pub fn from_code(code: &str) -> Option<TodoKind> {
        TodoKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            TodoKind::Survey => Msg::SvTodoSurvey,
            TodoKind::ReturnVisit => Msg::SvTodoReturnVisit,
            TodoKind::KeyAccountVisit => Msg::SvTodoKeyVisit,
            TodoKind::ComplaintStep => Msg::SvTodoComplaint,
            TodoKind::ContractRenewal => Msg::SvTodoContract,
            TodoKind::ImprovementPlan => Msg::SvTodoPlan,
            TodoKind::PlanNeeded => Msg::SvTodoPlanNeeded,
            TodoKind::Repair => Msg::SvTodoRepair,
            TodoKind::Warning => Msg::SvTodoWarning,
        }
    }
}

/// What else the item needs to say, by kind.
#[derive(Clone, Debug, PartialEq)]
pub enum TodoDetail {
    None,
    /// The complaint step awaited.
    Step(ComplaintStepKind),
    /// The return visit's number in the delivery's schedule.
    Visit(u32),
    /// The survey period and figure below target.
    Shortfall {
        period: Period,
        measure: Measure,
        value: f64,
        target_bp: u32,
    },
    Repair(RepairState),
    /// The warning's kind and state, and whether its owner is asked to close it.
    Warning {
        kind: crate::model::risk::WarningKind,
        state: crate::model::risk::WarningState,
        close_requested: bool,
    },
}

/// One thing to do.
#[derive(Clone, Debug, PartialEq)]
pub struct TodoItem {
    pub kind: TodoKind,
    pub customer: Option<Id>,
    /// Who should do it (staff), if known.
    pub owner: Option<Id>,
    pub due: NaiveDate,
    /// Days past due: 0 = due today, negative = days left (contracts within their notice).
    pub days_overdue: i64,
    /// The record to open: the customer, complaint, delivery, contract, plan or repair.
    pub target: (Kind, Id),
    pub detail: TodoDetail,
}

/// Whose items to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OwnerFilter {
    #[default]
    Everyone,
    Staff(Id),
    /// Items nobody owns yet.
    Nobody,
}

impl OwnerFilter {
    pub fn admits(self, item: &TodoItem) -> bool {
        match self {
            OwnerFilter::Everyone => true,
            OwnerFilter::Staff(s) => item.owner == Some(s),
            OwnerFilter::Nobody => item.owner.is_none(),
        }
    }
}

/// Everything due on or before `as_of` (contracts: within their notice), the most overdue
/// first, then by due day, kind and record. `key` is the set of key accounts
/// ([`super::schedule::key_accounts`]).
pub fn todo(data: &Dataset, key: &IdSet, as_of: NaiveDate, settings: &ServiceSettings) -> Vec<TodoItem> {
    let mut out = Vec::new();
    for s in surveys_due(data, key, as_of, settings) {
        out.push(TodoItem {
            kind: TodoKind::Survey,
            customer: Some(s.customer),
            owner: s.owner,
            due: s.due,
            days_overdue: s.days_overdue,
            target: (Kind::Customer, s.customer),
            detail: TodoDetail::None,
        });
    }
    for v in return_visits_due(data, as_of, settings) {
        let (Some((k, due)), Some(days)) = (v.current, v.days_overdue) else { continue };
        out.push(TodoItem {
            kind: TodoKind::ReturnVisit,
            customer: Some(v.customer),
            owner: v.owner,
            due,
            days_overdue: days,
            target: (Kind::Delivery, v.delivery),
            detail: TodoDetail::Visit(k),
        });
    }
    for v in key_account_visits(data, key, as_of, settings).into_iter().filter(|v| v.days_overdue >= 0) {
        out.push(TodoItem {
            kind: TodoKind::KeyAccountVisit,
            customer: Some(v.customer),
            owner: v.owner,
            due: v.due,
            days_overdue: v.days_overdue,
            target: (Kind::Customer, v.customer),
            detail: TodoDetail::None,
        });
    }
    for c in complaint_statuses(data, None, as_of, settings) {
        let (Some(due), Some(days)) = (c.due, c.days_overdue) else { continue };
        if days < 0 {
            continue;
        }
        let detail = c.workflow.next().first().map_or(TodoDetail::None, |k| TodoDetail::Step(*k));
        out.push(TodoItem {
            kind: TodoKind::ComplaintStep,
            customer: Some(c.record.data.customer),
            owner: c.owner,
            due,
            days_overdue: days,
            target: (Kind::Complaint, c.record.id),
            detail,
        });
    }
    for r in renewals_due(data, as_of, settings) {
        out.push(TodoItem {
            kind: TodoKind::ContractRenewal,
            customer: Some(r.customer),
            owner: r.owner,
            due: r.valid_to,
            days_overdue: -r.days_left,
            target: (Kind::Contract, r.contract),
            detail: TodoDetail::None,
        });
    }
    for p in data.improvement_plans.live() {
        let (PlanState::Due(days), Some(due)) = (plan_state(&p.data, as_of), p.data.due) else { continue };
        out.push(TodoItem {
            kind: TodoKind::ImprovementPlan,
            customer: None,
            owner: p.data.responsible,
            due,
            days_overdue: days,
            target: (Kind::ImprovementPlan, p.id),
            detail: TodoDetail::None,
        });
    }
    for s in shortfalls_without_plan(data, settings).into_iter().filter(|s| s.known_on <= as_of) {
        out.push(TodoItem {
            kind: TodoKind::PlanNeeded,
            customer: None,
            owner: None,
            due: s.known_on,
            days_overdue: days_between(s.known_on, as_of),
            target: (Kind::SurveyTemplate, s.template),
            detail: TodoDetail::Shortfall {
                period: s.period,
                measure: s.measure,
                value: s.value,
                target_bp: s.target_bp,
            },
        });
    }
    for r in data.repairs.live() {
        let Some(due) = repair_due(&r.data, settings).filter(|d| *d <= as_of) else { continue };
        let Some(customer) = data.customers.get(&r.data.customer).filter(|c| !c.is_deleted()) else { continue };
        out.push(TodoItem {
            kind: TodoKind::Repair,
            customer: Some(customer.id),
            owner: r.data.staff.or(customer.data.owner),
            due,
            days_overdue: days_between(due, as_of),
            target: (Kind::Repair, r.id),
            detail: TodoDetail::Repair(repair_state(&r.data)),
        });
    }
    for w in data.warnings.live().filter(|w| w.data.state != crate::model::risk::WarningState::Resolved) {
        let due = w.data.raised_on.unwrap_or_else(|| super::period::day_of_ms(w.created.0));
        if due > as_of {
            continue;
        }
        let owner =
            w.data.owner.or_else(|| w.data.customer.and_then(|c| data.customers.get(&c)).and_then(|c| c.data.owner));
        out.push(TodoItem {
            kind: TodoKind::Warning,
            customer: w.data.customer,
            owner,
            due,
            days_overdue: days_between(due, as_of),
            target: (Kind::Warning, w.id),
            detail: TodoDetail::Warning {
                kind: w.data.kind,
                state: w.data.state,
                close_requested: w.data.close_requested,
            },
        });
    }
    out.sort_by(|a, b| {
        b.days_overdue
            .cmp(&a.days_overdue)
            .then(a.due.cmp(&b.due))
            .then(a.kind.cmp(&b.kind))
            .then(a.target.1.cmp(&b.target.1))
    });
    out
}

/// The to-do list of one owner (or of everyone, or of nobody yet).
pub fn todo_for(
    data: &Dataset,
    key: &IdSet,
    as_of: NaiveDate,
    settings: &ServiceSettings,
    owner: OwnerFilter,
) -> Vec<TodoItem> {
    todo(data, key, as_of, settings).into_iter().filter(|i| owner.admits(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sales::Delivery;
    use crate::model::service::{
        Complaint, ComplaintStep, Contract, ImprovementPlan, Repair, Respondent, SurveyResponse,
    };
    use crate::model::{Customer, Fact, Hlc, NodeId, Record};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn everything_due_gathered_and_filtered_by_owner() {
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let wang = Id::v7(9, [1; 10]);
        let li = Id::v7(9, [2; 10]);
        let (c1, c2) = (Id::v7(1, [1; 10]), Id::v7(1, [2; 10]));
        let mut data = Dataset::default();
        let cust = |owner, since| Customer {
            name: "客户".into(),
            owner: Some(owner),
            since: Some(since),
            ..Customer::default()
        };
        data.customers.merge(Record::new(c1, Id::NIL, stamp, None, cust(wang, d(1, 1))));
        data.customers.merge(Record::new(c2, Id::NIL, stamp, None, cust(li, d(1, 1))));
        // c2 surveyed recently; c1 (key account) due since 1 April.
        let form = SurveyResponse {
            customer: Some(c2),
            respondent: Respondent::Customer,
            date: d(6, 1),
            answers: vec![("function".into(), 5)],
            ..SurveyResponse::default()
        };
        data.survey_responses.merge(Fact::new(Id::v7(2, [1; 10]), Id::NIL, stamp, None, form));
        // c2's delivery put into use on 10 May: first return visit due 10 June.
        let delivery =
            Delivery {
                customer: c2, description: "设备".into(), in_use_since: Some(d(5, 10)), ..Delivery::default()
            };
        data.deliveries.merge(Record::new(Id::v7(3, [1; 10]), Id::NIL, stamp, None, delivery));
        // A complaint of c1 recorded on 8 June, no decision yet (due 10 June).
        let complaint = Complaint {
            customer: c1,
            received_on: Some(d(6, 8)),
            complainant: "张".into(),
            against: "货".into(),
            wants: "换".into(),
            ..Complaint::default()
        };
        data.complaints.merge(Record::new(Id::v7(4, [1; 10]), Id::NIL, stamp, None, complaint));
        let step = ComplaintStep {
            complaint: Id::v7(4, [1; 10]),
            date: d(6, 8),
            content: "质量问题".into(),
            staff: Some(li),
            ..ComplaintStep::default()
        };
        data.complaint_steps.merge(Fact::new(Id::v7(5, [1; 10]), Id::NIL, stamp, None, step));
        // c1's contract ends 30 June: within the 30 days' notice.
        let contract = Contract {
            customer: c1,
            number: "HT-1".into(),
            valid_from: Some(d(1, 1)),
            valid_to: Some(d(6, 30)),
            ..Contract::default()
        };
        data.contracts.merge(Record::new(Id::v7(6, [1; 10]), Id::NIL, stamp, None, contract));
        // An improvement plan due 1 June, and a repair received 1 June not done.
        let plan = ImprovementPlan {
            topic: "交货期".into(),
            responsible: Some(wang),
            due: Some(d(6, 1)),
            ..ImprovementPlan::default()
        };
        data.improvement_plans.merge(Record::new(Id::v7(7, [1; 10]), Id::NIL, stamp, None, plan));
        let repair = Repair { customer: c2, received_on: Some(d(6, 1)), problem: "异响".into(), ..Repair::default() };
        data.repairs.merge(Record::new(Id::v7(8, [1; 10]), Id::NIL, stamp, None, repair));

        let key: IdSet = [(c1, ())].into_iter().collect();
        let s = ServiceSettings::default();
        let items = todo(&data, &key, d(6, 12), &s);
        let got: Vec<(TodoKind, i64, Option<Id>)> = items.iter().map(|i| (i.kind, i.days_overdue, i.owner)).collect();
        assert_eq!(
            got,
            vec![
                (TodoKind::KeyAccountVisit, 131, Some(wang)),
                (TodoKind::Survey, 72, Some(wang)),
                (TodoKind::ImprovementPlan, 11, Some(wang)),
                (TodoKind::Repair, 4, Some(li)),
                (TodoKind::ReturnVisit, 2, Some(li)),
                (TodoKind::ComplaintStep, 2, Some(li)),
                (TodoKind::ContractRenewal, -18, Some(wang)),
            ]
        );
        let complaint_item = items.iter().find(|i| i.kind == TodoKind::ComplaintStep).unwrap();
        assert_eq!(complaint_item.detail, TodoDetail::Step(ComplaintStepKind::Decide));
        assert_eq!(complaint_item.target, (Kind::Complaint, Id::v7(4, [1; 10])));
        assert_eq!(items.iter().find(|i| i.kind == TodoKind::ReturnVisit).unwrap().detail, TodoDetail::Visit(1));

        let mine = todo_for(&data, &key, d(6, 12), &s, OwnerFilter::Staff(li));
        assert_eq!(
            mine.iter().map(|i| i.kind).collect::<Vec<_>>(),
            vec![TodoKind::Repair, TodoKind::ReturnVisit, TodoKind::ComplaintStep]
        );
        assert!(todo_for(&data, &key, d(6, 12), &s, OwnerFilter::Nobody).is_empty());
        // The day before the complaint's decision is due, it is not on the list yet.
        assert!(!todo(&data, &key, d(6, 9), &s).iter().any(|i| i.kind == TodoKind::ComplaintStep));
        assert!(TodoKind::ALL.iter().all(|k| TodoKind::from_code(k.code()) == Some(*k)));
    }
}
