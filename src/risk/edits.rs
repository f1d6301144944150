//! The risk core's user actions as batches (see `crate::edits`): each is validated first (field
//! errors in the user's language through `crate::i18n::invalid_text`), then becomes one small
//! [`Dataset`] of new or changed items plus the history entry. Pure: ids, stamps and "today"
//! are passed in.

use super::credit::Rating;
use super::reconcile::{origin, Change, ChangeKind};
use super::scorecards::{validate_criteria, validate_scorecard};
use super::settings::{validate_settings, RiskSettings};
use crate::edits::{edit_record, Origin};
use crate::model::org::Criterion;
use crate::model::risk::{CreditInvestigation, IncidentKind, Scorecard, Warning, WarningKind, WarningState};
use crate::model::sales::MonthlyPlan;
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Action, Customer, Dataset, Fact, FirmSettings, Id, IdSource, Kind, Money, Record, Revision};
use crate::service::{check_len, check_required, LINE_MAX, NAME_MAX, TEXT_MAX};
use chrono::NaiveDate;

fn created(kind: Kind, entity: Id, rev_id: Id, o: Origin) -> Fact<Revision> {
    Fact::new(rev_id, o.branch, o.stamp, o.by, Revision { kind, entity, action: Action::Created, changes: Vec::new() })
}

fn fail_if(errors: Vec<FieldError>) -> Result<(), Vec<FieldError>> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn err(field: &'static str, problem: Invalid) -> FieldError {
    FieldError { field, problem }
}

// ---------------------------------------------------------------------------------------------
// Computed warnings

/// Writes a reconciliation: new warnings are created at their shared origin (no branch, the
/// period's stamp, empty data) and filled in by an edit at `o.stamp`, so every branch's copy
/// merges field by field. Raising, resolving itself and asking to close are history entries;
/// numbers following the data are not (they change with every sale).
pub fn apply_changes(changes: &[Change], data: &Dataset, rev_ids: &mut dyn IdSource, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    batch.warnings.reserve(changes.len());
    for c in changes {
        match (c.kind, data.warnings.get(&c.id)) {
            (ChangeKind::Raised, None) => {
                let mut record = Record::new(c.id, Id::NIL, origin(&c.warning.period), None, Warning::default());
                let changes = record.edit(&c.warning, o.stamp, o.by);
                let rev = Revision { kind: Kind::Warning, entity: c.id, action: Action::Created, changes };
                batch.revisions.merge(Fact::new(rev_ids.next_id(), o.branch, o.stamp, o.by, rev));
                batch.warnings.merge(record);
            }
            (_, Some(current)) => {
                if let Some((record, rev)) = edit_record(current, &c.warning, None, Kind::Warning, rev_ids.next_id(), o)
                {
                    if c.kind != ChangeKind::Updated {
                        batch.revisions.merge(rev);
                    }
                    batch.warnings.merge(record);
                }
            }
            // Only raising creates; the others need the stored warning they were computed from.
            (_, None) => {}
        }
    }
    batch
}

/// The next state of a warning, one step at a time.
pub fn next_state(state: WarningState) -> Option<WarningState> {
    match state {
        WarningState::Raised => Some(WarningState::Acknowledged),
        WarningState::Acknowledged => Some(WarningState::CauseFound),
        WarningState::CauseFound => Some(WarningState::Resolved),
        WarningState::Resolved => None,
    }
}

/// Moves a warning on: acknowledged (by its owner), cause found (the cause is required),
/// resolved (what was done is required). Skipping a step or going back is refused. A warning
/// asked to be closed is closed by resolving it. `Ok(None)` when nothing changed.
pub fn advance(
    current: &Record<Warning>,
    to: WarningState,
    text: &str,
    today: NaiveDate,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    if next_state(current.data.state) != Some(to) {
        return Err(vec![err("state", Invalid::WarningStep)]);
    }
    let mut new = Warning { state: to, ..current.data.clone() };
    let mut errors = Vec::new();
    match to {
        WarningState::Acknowledged => new.acknowledged_on = Some(today),
        WarningState::CauseFound => {
            check_required(&mut errors, "cause", text, TEXT_MAX);
            new.cause = text.trim().to_string();
            new.cause_found_on = Some(today);
        }
        WarningState::Resolved => {
            check_required(&mut errors, "resolution", text, TEXT_MAX);
            new.resolution = text.trim().to_string();
            new.resolved_on = Some(today);
            new.close_requested = false;
        }
        WarningState::Raised => {}
    }
    fail_if(errors)?;
    Ok(edit_record(current, &new, None, Kind::Warning, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.warnings.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

/// Hands a warning to another owner (staff).
pub fn reassign(
    current: &Record<Warning>,
    owner: Id,
    data: &Dataset,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    if data.staff.get(&owner).is_none_or(|s| s.is_deleted()) {
        return Err(vec![err("owner", Invalid::UnknownStaff)]);
    }
    let new = Warning { owner: Some(owner), ..current.data.clone() };
    Ok(edit_record(current, &new, None, Kind::Warning, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.warnings.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

/// A major incident (重大变故) as staff report it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IncidentReport {
    pub customer: Id,
    pub incident: IncidentKind,
    pub description: String,
    /// Who follows it up; the customer's owner when none is given.
    pub owner: Option<Id>,
    pub date: Option<NaiveDate>,
}

/// Records a major-incident warning (its own random id: each report is its own warning).
pub fn report_incident(
    id: Id,
    rev_id: Id,
    r: &IncidentReport,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    let mut errors = Vec::new();
    let customer = data.customers.get(&r.customer).filter(|c| !c.is_deleted());
    if customer.is_none() {
        errors.push(err("customer", Invalid::UnknownCustomer));
    }
    check_required(&mut errors, "description", &r.description, TEXT_MAX);
    if r.owner.is_some_and(|s| data.staff.get(&s).is_none_or(|x| x.is_deleted())) {
        errors.push(err("owner", Invalid::UnknownStaff));
    }
    let date = r.date.unwrap_or(today);
    if date > today {
        errors.push(err("date", Invalid::DateInFuture));
    }
    fail_if(errors)?;
    let warning = Warning {
        kind: WarningKind::MajorIncident,
        customer: Some(r.customer),
        period: super::month_code(date),
        state: WarningState::Raised,
        owner: r.owner.or_else(|| customer.and_then(|c| c.data.owner)),
        description: r.description.trim().to_string(),
        raised_on: Some(date),
        incident: Some(r.incident),
        ..Warning::default()
    };
    let mut batch = Dataset::default();
    batch.revisions.merge(created(Kind::Warning, id, rev_id, o));
    batch.warnings.merge(Record::new(id, o.branch, o.stamp, o.by, warning));
    Ok(batch)
}

// ---------------------------------------------------------------------------------------------
// Credit, plans, scorecards

/// Sets a customer's credit limit by hand (a reason is required) or, with `None`, goes back
/// to the default of their class. `Ok(None)` when nothing changed.
pub fn set_credit_limit(
    current: &Record<Customer>,
    limit: Option<Money>,
    reason: &str,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if limit.is_some_and(|l| l.0 < 0) {
        errors.push(err("credit_limit", Invalid::Negative));
    }
    if limit.is_some() {
        check_required(&mut errors, "credit_limit_reason", reason, LINE_MAX);
    }
    fail_if(errors)?;
    let reason = if limit.is_some() { reason.trim().to_string() } else { String::new() };
    let new = Customer { credit_limit: limit, credit_limit_reason: reason, ..current.data.clone() };
    Ok(crate::edits::edit_customer(
        current,
        &new,
        &current.tags.present().map(str::to_string).collect::<Vec<_>>(),
        rev_id,
        o,
    ))
}

/// A new monthly plan, or an edit of one (`current`). `Ok(None)` when nothing changed.
pub fn save_plan(
    id: Id,
    rev_id: Id,
    current: Option<&Record<MonthlyPlan>>,
    plan: MonthlyPlan,
    data: &Dataset,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(super::plans::validate_plan(&plan, current.map(|c| c.id), data))?;
    let mut batch = Dataset::default();
    match current {
        Some(current) => {
            let Some((record, rev)) = edit_record(current, &plan, None, Kind::MonthlyPlan, rev_id, o) else {
                return Ok(None);
            };
            batch.plans.merge(record);
            batch.revisions.merge(rev);
        }
        None => {
            batch.revisions.merge(created(Kind::MonthlyPlan, id, rev_id, o));
            batch.plans.merge(Record::new(id, o.branch, o.stamp, o.by, plan));
        }
    }
    Ok(Some(batch))
}

/// Records a filled-in scorecard (a fact, kept with its date).
pub fn record_scorecard(
    id: Id,
    mut card: Scorecard,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    let criteria = data.firm_settings().scorecard;
    fail_if(validate_scorecard(&card, &criteria, data, today))?;
    card.note = card.note.trim().to_string();
    let mut batch = Dataset::default();
    batch.scorecards.merge(Fact::new(id, o.branch, o.stamp, o.by, card));
    Ok(batch)
}

/// Checks an investigation: the customer, the day (not in the future), the source, ratios not
/// negative, the rating one of AAA / AA / A / B / C when given, lengths.
pub fn validate_investigation(inv: &CreditInvestigation, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    if data.customers.get(&inv.customer).is_none_or(|c| c.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    if inv.date > today {
        out.push(err("date", Invalid::DateInFuture));
    }
    check_required(&mut out, "source", &inv.source, NAME_MAX);
    for (field, v) in [("current_ratio_bp", inv.current_ratio_bp), ("quick_ratio_bp", inv.quick_ratio_bp)] {
        if v.is_some_and(|v| v < 0) {
            out.push(err(field, Invalid::Negative));
        }
    }
    if !inv.rating.trim().is_empty() && Rating::from_code(&inv.rating).is_none() {
        out.push(err("rating", Invalid::Choice));
    }
    for (field, v) in [
        ("ability_to_pay", &inv.ability_to_pay),
        ("trading_record", &inv.trading_record),
        ("collateral", &inv.collateral),
        ("business_condition", &inv.business_condition),
    ] {
        check_len(&mut out, field, v, TEXT_MAX);
    }
    out
}

/// Records a credit investigation (a fact).
pub fn record_investigation(
    id: Id,
    mut inv: CreditInvestigation,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    fail_if(validate_investigation(&inv, data, today))?;
    if let Some(r) = Rating::from_code(&inv.rating) {
        inv.rating = r.code().to_string();
    }
    let mut batch = Dataset::default();
    batch.credit_investigations.merge(Fact::new(id, o.branch, o.stamp, o.by, inv));
    Ok(batch)
}

/// Changes the firm settings (the singleton record [`Id::NIL`], created with the defaults
/// when none exists). `Ok(None)` when nothing changed.
fn save_firm(
    current: Option<&Record<FirmSettings>>,
    change: impl FnOnce(&mut FirmSettings),
    rev_id: Id,
    o: Origin,
) -> Option<Dataset> {
    let mut batch = Dataset::default();
    match current {
        Some(current) => {
            let mut new = current.data.clone();
            change(&mut new);
            let (record, rev) = edit_record(current, &new, None, Kind::FirmSettings, rev_id, o)?;
            batch.settings.merge(record);
            batch.revisions.merge(rev);
        }
        None => {
            let mut new = FirmSettings::defaults();
            change(&mut new);
            batch.revisions.merge(created(Kind::FirmSettings, Id::NIL, rev_id, o));
            batch.settings.merge(Record::new(Id::NIL, o.branch, o.stamp, o.by, new));
        }
    }
    Some(batch)
}

/// Saves the scorecard criteria and weights.
pub fn save_criteria(
    current: Option<&Record<FirmSettings>>,
    criteria: Vec<Criterion>,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_criteria(&criteria))?;
    Ok(save_firm(current, |f| f.scorecard = criteria, rev_id, o))
}

/// Saves the risk settings, the credit limits by class, the total assets and the receivables
/// line percent.
#[allow(clippy::too_many_arguments)]
pub fn save_risk_settings(
    current: Option<&Record<FirmSettings>>,
    settings: &RiskSettings,
    limits: [Option<Money>; 3],
    total_assets: Money,
    line_pct: u32,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    let mut errors = validate_settings(settings);
    if limits.iter().flatten().any(|l| l.0 < 0) {
        errors.push(err("credit_limits", Invalid::Negative));
    }
    if total_assets.0 < 0 {
        errors.push(err("total_assets", Invalid::Negative));
    }
    if !(1..=100).contains(&line_pct) {
        errors.push(err("receivables_line_pct", Invalid::Number(crate::model::NumberError::OutOfRange)));
    }
    fail_if(errors)?;
    let json = settings.to_json();
    Ok(save_firm(
        current,
        |f| {
            f.risk_settings = json;
            [f.credit_limit_a, f.credit_limit_b, f.credit_limit_c] = limits;
            f.total_assets = total_assets;
            f.receivables_line_pct = line_pct;
        },
        rev_id,
        o,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::sales::PlanItem;
    use crate::model::{Hlc, NodeId, Qty, Staff};
    use crate::risk::warnings::Context;
    use crate::risk::Signals;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }
    fn id(a: u64, n: u8) -> Id {
        Id::v7(a, [n; 10])
    }
    fn origin(ms: u64) -> Origin {
        Origin { branch: id(1, 1), stamp: Hlc(ms, 0, NodeId::new(3, 0)), by: None }
    }

    fn base() -> Dataset {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let c = Customer { name: "宏达".into(), owner: Some(id(2, 1)), ..Customer::default() };
        data.customers.merge(Record::new(id(1, 1), Id::NIL, stamp, None, c));
        data.staff.merge(Record::new(
            id(2, 1),
            Id::NIL,
            stamp,
            None,
            Staff { name: "王芳".into(), ..Staff::default() },
        ));
        data
    }

    #[test]
    fn an_incident_is_reported_owned_and_left_alone_by_reconciliation() {
        let mut data = base();
        let r = IncidentReport {
            customer: id(1, 1),
            incident: IncidentKind::SeriousIllness,
            description: " 法人代表重病住院 ".into(),
            ..IncidentReport::default()
        };
        let batch = report_incident(id(5, 1), id(5, 2), &r, &data, d(11, 3), origin(10)).unwrap();
        let w = &batch.warnings.all()[0].data;
        assert_eq!(
            (w.kind, w.owner, w.description.as_str()),
            (WarningKind::MajorIncident, Some(id(2, 1)), "法人代表重病住院")
        );
        assert_eq!((w.period.as_str(), w.incident), ("2026-11", Some(IncidentKind::SeriousIllness)));
        data.merge_all(&batch);
        let (s, firm) = (RiskSettings::default(), FirmSettings::defaults());
        let cx = Context { data: &data, signals: &Signals::default(), settings: &s, firm: &firm };
        assert!(crate::risk::recompute(&cx, d(11, 20)).1.is_empty(), "not computed, never resolved by the rules");
        // On the owner's to-do list from the day it was reported.
        use crate::service::{todo_for, OwnerFilter, ServiceSettings, TodoDetail, TodoKind};
        let key = crate::service::IdSet::default();
        let mine = todo_for(&data, &key, d(11, 5), &ServiceSettings::default(), OwnerFilter::Staff(id(2, 1)));
        let item = mine.iter().find(|i| i.kind == TodoKind::Warning).unwrap();
        assert_eq!((item.target, item.days_overdue), ((Kind::Warning, id(5, 1)), 2));
        assert!(matches!(
            item.detail,
            TodoDetail::Warning { kind: WarningKind::MajorIncident, close_requested: false, .. }
        ));
        let bad = IncidentReport { customer: id(9, 9), owner: Some(id(9, 8)), date: Some(d(12, 1)), ..r };
        let fields: Vec<&str> = report_incident(id(5, 3), id(5, 4), &bad, &data, d(11, 3), origin(11))
            .unwrap_err()
            .iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, vec!["customer", "owner", "date"]);
    }

    #[test]
    fn limits_plans_cards_and_investigations_make_batches() {
        let mut data = base();
        let c = data.customers.get(&id(1, 1)).unwrap().clone();
        assert_eq!(
            set_credit_limit(&c, Some(Money(100)), " ", id(6, 1), origin(10)).unwrap_err()[0].field,
            "credit_limit_reason"
        );
        let batch = set_credit_limit(&c, Some(Money(100)), "增加担保人后调整", id(6, 1), origin(10)).unwrap().unwrap();
        data.merge_all(&batch);
        let c = data.customers.get(&id(1, 1)).unwrap().clone();
        assert_eq!((c.data.credit_limit, c.data.credit_limit_reason.as_str()), (Some(Money(100)), "增加担保人后调整"));
        let back = set_credit_limit(&c, None, "", id(6, 2), origin(11)).unwrap().unwrap();
        assert_eq!(back.customers.all()[0].data.credit_limit_reason, "");

        let plan = MonthlyPlan {
            customer: id(1, 1),
            month: Some(d(11, 1)),
            items: vec![PlanItem {
                product: None,
                spec: "P.O 42.5".into(),
                quantity: Qty::units(5),
                amount: Money(500),
            }],
            ..MonthlyPlan::default()
        };
        data.merge_all(&save_plan(id(7, 1), id(7, 2), None, plan.clone(), &data, origin(12)).unwrap().unwrap());
        assert_eq!(
            save_plan(id(7, 3), id(7, 4), None, plan.clone(), &data, origin(13)).unwrap_err()[0].problem,
            Invalid::Duplicate
        );
        let current = data.plans.get(&id(7, 1)).unwrap().clone();
        assert!(save_plan(id(7, 1), id(7, 5), Some(&current), plan, &data, origin(14)).unwrap().is_none());

        let card = Scorecard {
            customer: id(1, 1),
            date: d(11, 2),
            scores: vec![("reputation".into(), 85)],
            note: String::new(),
        };
        assert_eq!(record_scorecard(id(8, 1), card, &data, d(11, 2), origin(15)).unwrap().scorecards.len(), 1);
        let inv = CreditInvestigation {
            customer: id(1, 1),
            date: d(11, 2),
            source: "开户银行".into(),
            current_ratio_bp: Some(15_000),
            rating: "aa".into(),
            ..CreditInvestigation::default()
        };
        let batch = record_investigation(id(8, 2), inv.clone(), &data, d(11, 2), origin(16)).unwrap();
        assert_eq!(batch.credit_investigations.all()[0].data.rating, "AA");
        let bad = CreditInvestigation { source: String::new(), quick_ratio_bp: Some(-1), rating: "D".into(), ..inv };
        let fields: Vec<&str> = validate_investigation(&bad, &data, d(11, 2)).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["source", "quick_ratio_bp", "rating"]);
    }

    #[test]
    fn settings_and_criteria_are_saved_into_the_firm_settings() {
        let mut data = base();
        let s = RiskSettings { plan_behind_pct: 90, ..RiskSettings::default() };
        let limits = [None, Some(Money::from_yuan(300_000)), Some(Money::from_yuan(20_000))];
        let batch = save_risk_settings(None, &s, limits, Money::from_yuan(10_000_000), 25, id(9, 1), origin(10))
            .unwrap()
            .unwrap();
        data.merge_all(&batch);
        let firm = data.firm_settings();
        assert_eq!(RiskSettings::of_firm(&firm).plan_behind_pct, 90);
        assert_eq!((firm.credit_limit_b, firm.receivables_line_pct), (Some(Money::from_yuan(300_000)), 25));
        let rec = data.settings.get(&Id::NIL).unwrap().clone();
        assert!(save_risk_settings(Some(&rec), &s, limits, Money::from_yuan(10_000_000), 25, id(9, 2), origin(11))
            .unwrap()
            .is_none());
        assert_eq!(
            save_risk_settings(Some(&rec), &s, limits, Money(-1), 0, id(9, 3), origin(12))
                .unwrap_err()
                .iter()
                .map(|e| e.field)
                .collect::<Vec<_>>(),
            vec!["total_assets", "receivables_line_pct"]
        );
        let mut criteria = crate::model::org::default_scorecard();
        criteria[3].weight_pct = 10;
        assert_eq!(
            save_criteria(Some(&rec), criteria.clone(), id(9, 4), origin(13)).unwrap_err()[0].problem,
            Invalid::WeightSum(95)
        );
        criteria[0].weight_pct = 30;
        data.merge_all(&save_criteria(Some(&rec), criteria, id(9, 5), origin(14)).unwrap().unwrap());
        assert_eq!(data.firm_settings().scorecard[0].weight_pct, 30);
    }
}
