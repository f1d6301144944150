//! Visits and interactions (DOMAIN.md §10): the customer's timeline, the return-visit schedule
//! of deliveries, key-account visit plans, promotions, first contacts and after-sales (returns
//! and repairs).
//!
//! **Return visits (回访).** Each delivery put into use (`in_use_since`) is visited every month
//! in its first year and every quarter after that (settings): the k-th visit is due
//! `in_use_since` + k months for k = 1…12, then + 15, 18, 21… months, each counted from the day
//! put into use (so 31 January gives 28 February, 31 March…, never drifting). No visit is due
//! after `visits_until`.
//!
//! **Matching rule.** A visit for a delivery is an interaction of kind return visit, visit or
//! call whose `delivery` is that delivery. As of a day D, the *current* due date is the latest
//! due date on or before D. It is satisfied by any visit for the delivery dated from
//! `visit_early_days` (7) days before it up to D. Otherwise it is due (D is the due date) or
//! overdue by D − due days. So a visit a few days early counts for the coming date, and a late
//! visit still settles the date it was late for. A visit in the week before a due date also
//! counts for that date when it comes; a due date whose own window (from its early start to
//! the next date's early start) had no visit is counted as *missed*, even when a later visit
//! settled it.

use super::period::{add_months, days_between};
use super::schedule::{customer_start, IdSet};
use super::settings::ServiceSettings;
use super::{check_len, check_required, NAME_MAX, TEXT_MAX};
use crate::i18n::Msg;
use crate::model::sales::Delivery;
use crate::model::service::{Interaction, InteractionKind, Repair};
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Dataset, Id, IdMap, Kind, Money, Qty, Record};
use chrono::NaiveDate;

/// The label of an interaction kind.
pub fn interaction_label(kind: InteractionKind) -> Msg {
    match kind {
        InteractionKind::Visit => Msg::SvKindVisit,
        InteractionKind::ReturnVisit => Msg::SvKindReturnVisit,
        InteractionKind::Call => Msg::SvKindCall,
        InteractionKind::Meeting => Msg::SvKindMeeting,
        InteractionKind::Promotion => Msg::SvKindPromotion,
        InteractionKind::FirstContact => Msg::SvKindFirstContact,
    }
}

/// Every interaction kind, in the order forms offer them.
pub const INTERACTION_KINDS: [InteractionKind; 6] = [
    InteractionKind::Visit,
    InteractionKind::ReturnVisit,
    InteractionKind::Call,
    InteractionKind::Meeting,
    InteractionKind::Promotion,
    InteractionKind::FirstContact,
];

/// Interaction kinds that count as a return visit when linked to a delivery.
pub fn counts_as_return_visit(kind: InteractionKind) -> bool {
    matches!(kind, InteractionKind::ReturnVisit | InteractionKind::Visit | InteractionKind::Call)
}

/// The k-th return visit's due date (k ≥ 1), or `None` for k = 0.
pub fn visit_due_date(in_use: NaiveDate, k: u32, settings: &ServiceSettings) -> Option<NaiveDate> {
    let monthly = settings.visit_monthly_months;
    let months = match k {
        0 => return None,
        k if k <= monthly => k,
        k => monthly + (k - monthly) * settings.visit_later_months.max(1),
    };
    Some(add_months(in_use, months))
}

/// A delivery's return visits as of a day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnVisitStatus {
    pub delivery: Id,
    pub customer: Id,
    /// The customer's owner.
    pub owner: Option<Id>,
    pub in_use_since: NaiveDate,
    /// The current due date (the latest on or before the day) and its number, if one has come.
    pub current: Option<(u32, NaiveDate)>,
    /// The current due date is satisfied by a visit.
    pub done: bool,
    /// Days past the current due date when not done (0 = due today).
    pub days_overdue: Option<i64>,
    /// The next due date after the day, if the schedule goes on.
    pub next: Option<NaiveDate>,
    /// The latest visit for the delivery on or before the day.
    pub last_visit: Option<NaiveDate>,
    /// Earlier due dates that had no visit in their window.
    pub missed: u32,
}

impl ReturnVisitStatus {
    /// A visit is due today or overdue.
    pub fn is_due(&self) -> bool {
        self.days_overdue.is_some()
    }
}

/// The schedule of one delivery against its visits' days (any order).
pub fn return_visit_status(
    delivery: &Record<Delivery>,
    visits: &[NaiveDate],
    owner: Option<Id>,
    as_of: NaiveDate,
    settings: &ServiceSettings,
) -> Option<ReturnVisitStatus> {
    let in_use = delivery.data.in_use_since?;
    let until = delivery.data.visits_until;
    let early = chrono::Days::new(u64::from(settings.visit_early_days));
    let mut visits: Vec<NaiveDate> = visits.iter().copied().filter(|d| *d <= as_of).collect();
    visits.sort();
    let any_in = |from: NaiveDate, to_excl: Option<NaiveDate>| {
        visits.iter().any(|v| *v >= from && to_excl.is_none_or(|t| *v < t))
    };
    let scheduled = |k: u32| visit_due_date(in_use, k, settings).filter(|d| until.is_none_or(|u| *d <= u));
    let mut current: Option<(u32, NaiveDate)> = None;
    let mut missed = 0;
    let mut k = 1;
    let next = loop {
        let Some(due) = scheduled(k) else { break None };
        if due > as_of {
            break Some(due);
        }
        if let Some((_, prev)) = current {
            // The previous date's window closed at this date's early start.
            if !any_in(prev - early, Some(due - early)) {
                missed += 1;
            }
        }
        current = Some((k, due));
        k += 1;
    };
    let done = current.is_some_and(|(_, due)| any_in(due - early, None));
    let days_overdue = match current {
        Some((_, due)) if !done => Some(days_between(due, as_of)),
        _ => None,
    };
    Some(ReturnVisitStatus {
        delivery: delivery.id,
        customer: delivery.data.customer,
        owner,
        in_use_since: in_use,
        current,
        done,
        days_overdue,
        next,
        last_visit: visits.last().copied(),
        missed,
    })
}

/// The days of the visits made for each delivery.
pub fn visits_by_delivery(data: &Dataset) -> IdMap<Vec<NaiveDate>> {
    let mut map: IdMap<Vec<NaiveDate>> = IdMap::default();
    for i in data.interactions.live() {
        if let (Some(d), true) = (i.data.delivery, counts_as_return_visit(i.data.kind)) {
            map.entry(d).or_default().push(i.data.date);
        }
    }
    map
}

/// The return-visit schedule of every live delivery put into use, of live customers (of one
/// customer when given), the most overdue first.
pub fn return_visits(
    data: &Dataset,
    customer: Option<Id>,
    as_of: NaiveDate,
    settings: &ServiceSettings,
) -> Vec<ReturnVisitStatus> {
    let visits = visits_by_delivery(data);
    let mut out: Vec<ReturnVisitStatus> = data
        .deliveries
        .live()
        .filter(|d| customer.is_none_or(|c| d.data.customer == c))
        .filter_map(|d| {
            let c = data.customers.get(&d.data.customer).filter(|c| !c.is_deleted() && !c.data.archived)?;
            let v = visits.get(&d.id).map(Vec::as_slice).unwrap_or(&[]);
            return_visit_status(d, v, c.data.owner, as_of, settings)
        })
        .collect();
    out.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.delivery.cmp(&b.delivery)));
    out
}

/// The deliveries whose return visit is due today or overdue.
pub fn return_visits_due(data: &Dataset, as_of: NaiveDate, settings: &ServiceSettings) -> Vec<ReturnVisitStatus> {
    return_visits(data, None, as_of, settings).into_iter().filter(ReturnVisitStatus::is_due).collect()
}

/// A key account's visit plan line: key accounts get a visit or a meeting at least every
/// `key_visit_months` (setting, monthly); one never visited is due that long after they
/// started trading with us.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyVisit {
    pub customer: Id,
    pub owner: Option<Id>,
    pub last: Option<NaiveDate>,
    pub due: NaiveDate,
    /// Days past due (0 = due today, negative = not yet due).
    pub days_overdue: i64,
}

/// The visit plan of every key account (live, not archived), the most overdue first. Visits,
/// return visits and meetings count; calls do not (the plan is about seeing the customer).
pub fn key_account_visits(data: &Dataset, key: &IdSet, as_of: NaiveDate, settings: &ServiceSettings) -> Vec<KeyVisit> {
    let mut last: IdMap<NaiveDate> = IdMap::default();
    for i in data.interactions.live() {
        let seen =
            matches!(i.data.kind, InteractionKind::Visit | InteractionKind::ReturnVisit | InteractionKind::Meeting);
        if seen && i.data.date <= as_of && key.contains_key(&i.data.customer) {
            let e = last.entry(i.data.customer).or_insert(i.data.date);
            *e = (*e).max(i.data.date);
        }
    }
    let mut out: Vec<KeyVisit> = data
        .active_customers()
        .filter(|c| key.contains_key(&c.id))
        .map(|c| {
            let l = last.get(&c.id).copied();
            let due = add_months(l.unwrap_or_else(|| customer_start(c)), settings.key_visit_months.max(1));
            KeyVisit { customer: c.id, owner: c.data.owner, last: l, due, days_overdue: days_between(due, as_of) }
        })
        .collect();
    out.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.customer.cmp(&b.customer)));
    out
}

// ---------------------------------------------------------------------------------------------
// The timeline

/// What a timeline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    Interaction(InteractionKind),
    Complaint,
    Repair,
    Survey,
    Contract,
}

impl EntryKind {
    pub fn label(self) -> Msg {
        match self {
            EntryKind::Interaction(k) => interaction_label(k),
            EntryKind::Complaint => Msg::SvEntryComplaint,
            EntryKind::Repair => Msg::SvEntryRepair,
            EntryKind::Survey => Msg::SvEntrySurvey,
            EntryKind::Contract => Msg::SvEntryContract,
        }
    }
}

/// One line of a customer's service timeline.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineEntry {
    pub date: NaiveDate,
    pub kind: EntryKind,
    /// The item to open.
    pub target: (Kind, Id),
    /// Who did it (the interaction's staff, the repair's, the complaint's taker).
    pub staff: Option<Id>,
    /// First contact: who it was handed to.
    pub handed_to: Option<Id>,
    /// A line of text: the summary, the complaint's subject, the repair's problem.
    pub summary: String,
}

/// A customer's service timeline (客户档案 · 沟通记录), newest first: visits, calls, meetings,
/// promotions, first contacts, complaints, repairs, returned surveys and contracts signed.
pub fn timeline(data: &Dataset, customer: Id) -> Vec<TimelineEntry> {
    let mut out = Vec::new();
    for i in data.interactions.live().filter(|i| i.data.customer == customer) {
        let x = &i.data;
        out.push(TimelineEntry {
            date: x.date,
            kind: EntryKind::Interaction(x.kind),
            target: (Kind::Interaction, i.id),
            staff: x.staff,
            handed_to: x.handed_to,
            summary: x.summary.clone(),
        });
    }
    for c in data.complaints.live().filter(|c| c.data.customer == customer) {
        let Some(date) = c.data.received_on else { continue };
        let staff = data
            .complaint_steps
            .live()
            .find(|s| s.data.complaint == c.id && s.data.kind == crate::model::service::ComplaintStepKind::Record)
            .and_then(|s| s.data.staff);
        let summary = [c.data.against.trim(), c.data.wants.trim()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" · ");
        out.push(TimelineEntry {
            date,
            kind: EntryKind::Complaint,
            target: (Kind::Complaint, c.id),
            staff,
            handed_to: None,
            summary,
        });
    }
    for r in data.repairs.live().filter(|r| r.data.customer == customer) {
        let Some(date) = r.data.received_on else { continue };
        out.push(TimelineEntry {
            date,
            kind: EntryKind::Repair,
            target: (Kind::Repair, r.id),
            staff: r.data.staff,
            handed_to: None,
            summary: r.data.problem.clone(),
        });
    }
    for f in data.survey_responses.live().filter(|f| f.data.customer == Some(customer)) {
        out.push(TimelineEntry {
            date: f.data.date,
            kind: EntryKind::Survey,
            target: (Kind::SurveyResponse, f.id),
            staff: f.created_by,
            handed_to: None,
            summary: f.data.comment.clone(),
        });
    }
    for c in data.contracts.live().filter(|c| c.data.customer == customer) {
        let Some(date) = c.data.signed_on else { continue };
        out.push(TimelineEntry {
            date,
            kind: EntryKind::Contract,
            target: (Kind::Contract, c.id),
            staff: c.created_by,
            handed_to: None,
            summary: c.data.number.clone(),
        });
    }
    out.sort_by(|a, b| b.date.cmp(&a.date).then(b.target.1.cmp(&a.target.1)));
    out
}

/// A promotion's money: budget, cost, and what was left or overspent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PromotionMoney {
    pub budget: Option<Money>,
    pub cost: Option<Money>,
    /// Budget − cost (negative = over budget), when both are known.
    pub left: Option<Money>,
}

impl PromotionMoney {
    pub fn over_budget(&self) -> bool {
        self.left.is_some_and(|m| m.0 < 0)
    }
}

pub fn promotion_money(i: &Interaction) -> PromotionMoney {
    let left = match (i.budget, i.cost) {
        (Some(b), Some(c)) => Some(Money(b.0 - c.0)),
        _ => None,
    };
    PromotionMoney { budget: i.budget, cost: i.cost, left }
}

/// Checks an interaction before it is recorded: the customer, the day (not in the future), who
/// (required: for a first contact, who took it), a summary; promotions need their plan and
/// budget, money is never negative; a linked delivery must be the customer's. Only first
/// contacts are handed on.
pub fn validate_interaction(i: &Interaction, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if data.customers.get(&i.customer).is_none_or(|r| r.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    if i.date > today {
        out.push(err("date", Invalid::DateInFuture));
    }
    let staff_ok = |id: &Id| data.staff.get(id).is_some_and(|s| !s.is_deleted());
    match i.staff {
        None => out.push(err("staff", Invalid::Required)),
        Some(s) if !staff_ok(&s) => out.push(err("staff", Invalid::UnknownStaff)),
        Some(_) => {}
    }
    check_required(&mut out, "summary", &i.summary, TEXT_MAX);
    if i.kind == InteractionKind::Promotion {
        check_required(&mut out, "plan", &i.plan, TEXT_MAX);
        if i.budget.is_none() {
            out.push(err("budget", Invalid::Required));
        }
    } else {
        check_len(&mut out, "plan", &i.plan, TEXT_MAX);
    }
    for (field, m) in [("budget", i.budget), ("cost", i.cost)] {
        if m.is_some_and(|m| m.0 < 0) {
            out.push(err(field, Invalid::Negative));
        }
    }
    check_len(&mut out, "evaluation", &i.evaluation, TEXT_MAX);
    match i.handed_to {
        Some(h) if i.kind == InteractionKind::FirstContact && !staff_ok(&h) => {
            out.push(err("handed_to", Invalid::UnknownStaff))
        }
        Some(_) if i.kind != InteractionKind::FirstContact => out.push(err("handed_to", Invalid::Choice)),
        _ => {}
    }
    if let Some(d) = i.delivery {
        if data.deliveries.get(&d).is_none_or(|r| r.is_deleted() || r.data.customer != i.customer) {
            out.push(err("delivery", Invalid::UnknownDelivery));
        }
    }
    out
}

/// Checks a delivery record (the start of the return-visit schedule).
pub fn validate_delivery(d: &Delivery, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if data.customers.get(&d.customer).is_none_or(|r| r.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    check_required(&mut out, "description", &d.description, NAME_MAX * 2);
    if d.delivered_on.is_some_and(|x| x > today) {
        out.push(err("delivered_on", Invalid::DateInFuture));
    }
    match (d.delivered_on, d.in_use_since) {
        (Some(a), Some(b)) if b < a => out.push(err("in_use_since", Invalid::Before(a))),
        _ => {}
    }
    if let (Some(from), Some(until)) = (d.in_use_since, d.visits_until) {
        if until < from {
            out.push(err("visits_until", Invalid::Before(from)));
        }
    }
    check_len(&mut out, "note", &d.note, TEXT_MAX);
    out
}

// ---------------------------------------------------------------------------------------------
// After-sales

/// A return or exchange: a negative sales line linked to the line it returns (DOMAIN.md §3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnLine {
    pub line: Id,
    pub original: Id,
    /// The original line's day, when it is known here.
    pub original_date: Option<NaiveDate>,
    pub date: NaiveDate,
    pub product: Id,
    /// Quantity and amount returned (positive).
    pub quantity: Qty,
    pub amount: Money,
    pub note: String,
}

/// A customer's returns and exchanges, newest first.
pub fn returns_of(data: &Dataset, customer: Id) -> Vec<ReturnLine> {
    let mut out: Vec<ReturnLine> = data
        .sales
        .live()
        .filter(|s| s.data.customer == customer)
        .filter_map(|s| {
            let original = s.data.return_of?;
            Some(ReturnLine {
                line: s.id,
                original,
                original_date: data.sales.get(&original).map(|o| o.data.date),
                date: s.data.date,
                product: s.data.product,
                quantity: Qty(-s.data.quantity.0),
                amount: Money(-s.data.amount.0),
                note: s.data.note.clone(),
            })
        })
        .collect();
    out.sort_by(|a, b| b.date.cmp(&a.date).then(a.line.cmp(&b.line)));
    out
}

/// Where a repair stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepairState {
    /// Received, not done yet.
    Open,
    /// Done; the customer's feedback is not recorded yet.
    AwaitingFeedback,
    /// Done, with the customer's feedback: closed.
    Closed,
}

impl RepairState {
    pub fn label(self) -> Msg {
        match self {
            RepairState::Open => Msg::SvRepairOpen,
            RepairState::AwaitingFeedback => Msg::SvRepairAwaitingFeedback,
            RepairState::Closed => Msg::SvRepairClosed,
        }
    }
}

pub fn repair_state(r: &Repair) -> RepairState {
    match (r.done_on, r.feedback.trim().is_empty()) {
        (None, _) => RepairState::Open,
        (Some(_), true) => RepairState::AwaitingFeedback,
        (Some(_), false) => RepairState::Closed,
    }
}

/// When a repair's next move is due: done within `repair_days` of receiving it, the feedback
/// within `repair_feedback_days` of doing it. `None` once closed (or undated).
pub fn repair_due(r: &Repair, settings: &ServiceSettings) -> Option<NaiveDate> {
    match repair_state(r) {
        RepairState::Open => r.received_on.map(|d| d + chrono::Days::new(u64::from(settings.repair_days))),
        RepairState::AwaitingFeedback => {
            r.done_on.map(|d| d + chrono::Days::new(u64::from(settings.repair_feedback_days)))
        }
        RepairState::Closed => None,
    }
}

/// A customer's live repairs, open ones first, then newest first.
pub fn repairs_of(data: &Dataset, customer: Id) -> Vec<&Record<Repair>> {
    let mut out: Vec<&Record<Repair>> = data.repairs.live().filter(|r| r.data.customer == customer).collect();
    out.sort_by(|a, b| {
        (repair_state(&a.data) == RepairState::Closed)
            .cmp(&(repair_state(&b.data) == RepairState::Closed))
            .then(b.data.received_on.cmp(&a.data.received_on))
            .then(a.id.cmp(&b.id))
    });
    out
}

/// Checks a repair: customer, problem, the day received (not in the future), done not before
/// received nor in the future, feedback only once done; a product and the staff must exist.
pub fn validate_repair(r: &Repair, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if data.customers.get(&r.customer).is_none_or(|c| c.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    if r.product.is_some_and(|p| data.products.get(&p).is_none_or(|x| x.is_deleted())) {
        out.push(err("product", Invalid::UnknownProduct));
    }
    match r.received_on {
        None => out.push(err("received_on", Invalid::Required)),
        Some(d) if d > today => out.push(err("received_on", Invalid::DateInFuture)),
        Some(_) => {}
    }
    check_required(&mut out, "problem", &r.problem, TEXT_MAX);
    match (r.received_on, r.done_on) {
        (_, Some(done)) if done > today => out.push(err("done_on", Invalid::DateInFuture)),
        (Some(rec), Some(done)) if done < rec => out.push(err("done_on", Invalid::Before(rec))),
        _ => {}
    }
    if r.done_on.is_none() && !r.feedback.trim().is_empty() {
        out.push(err("done_on", Invalid::Required));
    }
    check_len(&mut out, "feedback", &r.feedback, TEXT_MAX);
    if r.staff.is_some_and(|s| data.staff.get(&s).is_none_or(|x| x.is_deleted())) {
        out.push(err("staff", Invalid::UnknownStaff));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Fact, Hlc, NodeId, Sale, Staff};
    use chrono::Datelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn delivery(in_use: NaiveDate) -> Record<Delivery> {
        let data = Delivery {
            customer: Id::v7(1, [1; 10]),
            description: "3 号生产线".into(),
            in_use_since: Some(in_use),
            ..Delivery::default()
        };
        Record::new(Id::v7(2, [2; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, data)
    }

    fn status(visits: &[NaiveDate], as_of: NaiveDate) -> ReturnVisitStatus {
        return_visit_status(&delivery(d(2026, 1, 31)), visits, None, as_of, &ServiceSettings::default()).unwrap()
    }

    #[test]
    fn due_dates_monthly_for_a_year_then_quarterly() {
        let s = ServiceSettings::default();
        let in_use = d(2026, 1, 31);
        let dates: Vec<NaiveDate> = (1..=14).map(|k| visit_due_date(in_use, k, &s).unwrap()).collect();
        assert_eq!(dates[0], d(2026, 2, 28), "clamped to the month's end");
        assert_eq!(dates[1], d(2026, 3, 31), "and back, no drift");
        assert_eq!(dates[11], d(2027, 1, 31), "the twelfth: a year after");
        assert_eq!(dates[12], d(2027, 4, 30), "then every quarter");
        assert_eq!(dates[13], d(2027, 7, 31));
        assert_eq!(visit_due_date(in_use, 0, &s), None);
    }

    #[test]
    fn a_visit_becomes_due_on_its_day_and_is_satisfied_from_a_week_before() {
        // The day before the first due date nothing is due; on it, it is due today.
        let before = status(&[], d(2026, 2, 27));
        assert_eq!((before.current, before.is_due(), before.next), (None, false, Some(d(2026, 2, 28))));
        let on = status(&[], d(2026, 2, 28));
        assert_eq!((on.current, on.days_overdue), (Some((1, d(2026, 2, 28))), Some(0)));
        assert_eq!(status(&[], d(2026, 3, 3)).days_overdue, Some(3));
        // A visit seven days early counts; eight days early does not.
        assert!(status(&[d(2026, 2, 21)], d(2026, 2, 28)).done);
        assert!(!status(&[d(2026, 2, 20)], d(2026, 2, 28)).done);
        // A late visit settles the date it was late for.
        let late = status(&[d(2026, 3, 10)], d(2026, 3, 12));
        assert_eq!((late.done, late.days_overdue, late.last_visit), (true, None, Some(d(2026, 3, 10))));
        // …but a visit after the day asked does not count yet.
        assert!(!status(&[d(2026, 3, 10)], d(2026, 3, 5)).done);
    }

    #[test]
    fn after_twelve_months_the_schedule_turns_quarterly_and_misses_are_counted() {
        // Visits on every monthly date of the first year.
        let s = ServiceSettings::default();
        let visits: Vec<NaiveDate> = (1..=12).map(|k| visit_due_date(d(2026, 1, 31), k, &s).unwrap()).collect();
        let st = status(&visits, d(2027, 2, 28));
        assert_eq!(st.current, Some((12, d(2027, 1, 31))), "no monthly date in February 2027");
        assert!(st.done);
        assert_eq!((st.next, st.missed), (Some(d(2027, 4, 30)), 0));
        let st = status(&visits, d(2027, 4, 30));
        assert_eq!((st.current, st.days_overdue), (Some((13, d(2027, 4, 30))), Some(0)));
        // Skipping the visits of April and May 2026: two missed, the current one done.
        let some: Vec<NaiveDate> =
            visits.iter().copied().filter(|v| !matches!(v.month(), 4 | 5) || v.year() == 2027).collect();
        let st = status(&some, d(2026, 8, 1));
        assert_eq!((st.missed, st.done), (2, true));
    }

    #[test]
    fn visits_stop_after_the_end_and_only_linked_visits_count() {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let owner = Id::v7(3, [3; 10]);
        data.customers.merge(Record::new(
            Id::v7(1, [1; 10]),
            Id::NIL,
            stamp,
            None,
            Customer { name: "甲".into(), owner: Some(owner), ..Customer::default() },
        ));
        let mut dl = delivery(d(2026, 1, 31));
        dl.data.visits_until = Some(d(2026, 3, 31));
        data.deliveries.merge(dl);
        let visit = |n: u8, kind, delivery: Option<Id>, date| {
            let i = Interaction {
                customer: Id::v7(1, [1; 10]),
                kind,
                date,
                delivery,
                summary: "回访".into(),
                ..Interaction::default()
            };
            Fact::new(Id::v7(4, [n; 10]), Id::NIL, stamp, None, i)
        };
        let del = Some(Id::v7(2, [2; 10]));
        data.interactions.merge(visit(1, InteractionKind::Call, del, d(2026, 2, 28)));
        data.interactions.merge(visit(2, InteractionKind::Promotion, del, d(2026, 3, 31)));
        data.interactions.merge(visit(3, InteractionKind::ReturnVisit, None, d(2026, 3, 31)));
        let s = ServiceSettings::default();
        let due = return_visits_due(&data, d(2026, 4, 2), &s);
        assert_eq!(due.len(), 1, "a promotion and an unlinked visit do not count");
        assert_eq!((due[0].current, due[0].owner, due[0].next), (Some((2, d(2026, 3, 31))), Some(owner), None));
        assert!(return_visits_due(&data, d(2026, 2, 28), &s).is_empty(), "the call counts");
        assert!(
            return_visits_due(&data, d(2026, 9, 1), &s)[0].current == Some((2, d(2026, 3, 31))),
            "no date after the end"
        );
    }

    #[test]
    fn key_accounts_are_visited_monthly() {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let c = |n: u8| Id::v7(1, [n; 10]);
        for n in [1, 2] {
            let cust = Customer { name: format!("客户{n}"), since: Some(d(2026, 1, 15)), ..Customer::default() };
            data.customers.merge(Record::new(c(n), Id::NIL, stamp, None, cust));
        }
        let meeting = Interaction {
            customer: c(1),
            kind: InteractionKind::Meeting,
            date: d(2026, 3, 10),
            summary: "年会".into(),
            ..Interaction::default()
        };
        data.interactions.merge(Fact::new(Id::v7(4, [1; 10]), Id::NIL, stamp, None, meeting));
        let call = Interaction {
            customer: c(2),
            kind: InteractionKind::Call,
            date: d(2026, 3, 10),
            summary: "电话".into(),
            ..Interaction::default()
        };
        data.interactions.merge(Fact::new(Id::v7(4, [2; 10]), Id::NIL, stamp, None, call));
        let key: IdSet = [(c(1), ()), (c(2), ())].into_iter().collect();
        let plan = key_account_visits(&data, &key, d(2026, 4, 1), &ServiceSettings::default());
        let got: Vec<(Id, NaiveDate, i64)> = plan.iter().map(|k| (k.customer, k.due, k.days_overdue)).collect();
        assert_eq!(got, vec![(c(2), d(2026, 2, 15), 45), (c(1), d(2026, 4, 10), -9)]);
    }

    #[test]
    fn the_timeline_and_after_sales() {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let cust = Id::v7(1, [1; 10]);
        data.customers.merge(Record::new(
            cust,
            Id::NIL,
            stamp,
            None,
            Customer { name: "甲".into(), ..Customer::default() },
        ));
        let staff = Id::v7(3, [3; 10]);
        let other = Id::v7(3, [4; 10]);
        for n in [3u8, 4] {
            data.staff.merge(Record::new(
                Id::v7(3, [n; 10]),
                Id::NIL,
                stamp,
                None,
                Staff { name: format!("员工{n}"), ..Staff::default() },
            ));
        }
        let first = Interaction {
            customer: cust,
            kind: InteractionKind::FirstContact,
            date: d(2026, 3, 2),
            staff: Some(staff),
            handed_to: Some(other),
            summary: "来电询价，转销售部".into(),
            ..Interaction::default()
        };
        assert!(validate_interaction(&first, &data, d(2026, 3, 2)).is_empty());
        data.interactions.merge(Fact::new(Id::v7(4, [1; 10]), Id::NIL, stamp, None, first));
        let repair = Repair {
            customer: cust,
            received_on: Some(d(2026, 3, 5)),
            problem: "电机异响".into(),
            ..Repair::default()
        };
        assert!(validate_repair(&repair, &data, d(2026, 3, 5)).is_empty());
        data.repairs.merge(Record::new(Id::v7(5, [1; 10]), Id::NIL, stamp, None, repair.clone()));
        let t = timeline(&data, cust);
        assert_eq!(
            t.iter().map(|e| e.kind).collect::<Vec<_>>(),
            vec![EntryKind::Repair, EntryKind::Interaction(InteractionKind::FirstContact)]
        );
        assert_eq!((t[1].staff, t[1].handed_to), (Some(staff), Some(other)));

        // Repairs: open → awaiting feedback → closed, each with its due day.
        let s = ServiceSettings::default();
        assert_eq!((repair_state(&repair), repair_due(&repair, &s)), (RepairState::Open, Some(d(2026, 3, 12))));
        let done = Repair { done_on: Some(d(2026, 3, 8)), ..repair.clone() };
        assert_eq!((repair_state(&done), repair_due(&done, &s)), (RepairState::AwaitingFeedback, Some(d(2026, 3, 15))));
        let closed = Repair { feedback: "客户满意".into(), ..done.clone() };
        assert_eq!((repair_state(&closed), repair_due(&closed, &s)), (RepairState::Closed, None));
        let bad = Repair { done_on: Some(d(2026, 3, 1)), feedback: String::new(), ..repair.clone() };
        assert_eq!(
            validate_repair(&bad, &data, d(2026, 3, 9)),
            vec![FieldError { field: "done_on", problem: Invalid::Before(d(2026, 3, 5)) }]
        );
        let early = Repair { feedback: "好".into(), ..repair };
        assert_eq!(validate_repair(&early, &data, d(2026, 3, 9))[0].field, "done_on");

        // Returns: the negative line linked to the original.
        let sale = Sale {
            customer: cust,
            date: d(2026, 2, 1),
            quantity: Qty::units(3),
            amount: Money(3_000),
            ..Sale::default()
        };
        let line = Id::v7(6, [1; 10]);
        let back = crate::model::validate::return_line(&sale, line, "1", Qty::ZERO, d(2026, 2, 9)).unwrap();
        data.sales.merge(Fact::new(line, Id::NIL, stamp, None, sale));
        data.sales.merge(Fact::new(Id::v7(6, [2; 10]), Id::NIL, stamp, None, back));
        let r = returns_of(&data, cust);
        assert_eq!(r.len(), 1);
        assert_eq!(
            (r[0].original, r[0].original_date, r[0].quantity, r[0].amount),
            (line, Some(d(2026, 2, 1)), Qty::units(1), Money(1_000))
        );
    }

    #[test]
    fn interactions_are_checked() {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let cust = Id::v7(1, [1; 10]);
        data.customers.merge(Record::new(
            cust,
            Id::NIL,
            stamp,
            None,
            Customer { name: "甲".into(), ..Customer::default() },
        ));
        let promo = Interaction {
            customer: cust,
            kind: InteractionKind::Promotion,
            date: d(2026, 3, 9),
            cost: Some(Money(-5)),
            handed_to: Some(Id::v7(3, [3; 10])),
            delivery: Some(Id::v7(2, [2; 10])),
            ..Interaction::default()
        };
        let fields: Vec<(&str, Invalid)> =
            validate_interaction(&promo, &data, d(2026, 3, 8)).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("date", Invalid::DateInFuture),
                ("staff", Invalid::Required),
                ("summary", Invalid::Required),
                ("plan", Invalid::Required),
                ("budget", Invalid::Required),
                ("cost", Invalid::Negative),
                ("handed_to", Invalid::Choice),
                ("delivery", Invalid::UnknownDelivery),
            ]
        );
        let m = promotion_money(&Interaction {
            budget: Some(Money(500)),
            cost: Some(Money(650)),
            ..Interaction::default()
        });
        assert_eq!((m.left, m.over_budget()), (Some(Money(-150)), true));
        let bad = Delivery {
            customer: cust,
            description: "x".into(),
            delivered_on: Some(d(2026, 3, 1)),
            in_use_since: Some(d(2026, 2, 1)),
            visits_until: Some(d(2026, 1, 1)),
            ..Delivery::default()
        };
        let fields: Vec<&str> = validate_delivery(&bad, &data, d(2026, 3, 9)).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["in_use_since", "visits_until"]);
    }
}
