//! The service desk's user actions as batches (see `crate::edits`): each is validated first
//! (field errors in the user's language through `crate::i18n::invalid_text`), then becomes one
//! small [`Dataset`] of new or changed items plus, for records, the history entry. Pure: ids,
//! stamps and "today" are passed in.
//!
//! Facts (survey forms, complaint steps, interactions, photos) are never edited: a mistake is
//! put right by a later fact (the complaint workflow's amendments) or by deleting and
//! re-entering.

use super::complaints::{check_step_in, replay, validate_complaint, validate_photos};
use super::contracts::validate_contract;
use super::settings::{validate_settings, ServiceSettings};
use super::visits::{validate_delivery, validate_interaction, validate_repair};
use super::{check_len, check_required, LINE_MAX, NAME_MAX, TEXT_MAX};
use crate::edits::{edit_record, Origin};
use crate::model::sales::Delivery;
use crate::model::service::{
    Attachment, Complaint, ComplaintStep, ComplaintStepKind, Contract, ImprovementPlan, Interaction, Repair,
    Respondent, SurveyItem, SurveyResponse, SurveyTemplate,
};
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Action, Dataset, Fact, FirmSettings, Id, Kind, Record, Revision};
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

// ---------------------------------------------------------------------------------------------
// Surveys

/// A returned form as entered quickly: one level per item of the template, in its order
/// (`None` = not answered; `Some(1..=5)`, 5 = very satisfied, see
/// [`super::satisfaction::Level`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveyEntry {
    pub template: Id,
    /// The customer or dealer who answered, or whom the self-assessment is about.
    pub customer: Option<Id>,
    pub respondent: Respondent,
    /// The competitor the form rates; empty = it rates us.
    pub competitor: String,
    pub date: Option<NaiveDate>,
    pub levels: Vec<Option<u8>>,
    /// The open field (other problems).
    pub comment: String,
}

/// Checks a quick entry against its template and turns it into a form: the template exists,
/// every answer is one of the five levels, at least one is given, customers' and dealers'
/// forms name the customer, the day is not in the future.
pub fn parse_survey_entry(
    e: &SurveyEntry,
    data: &Dataset,
    today: NaiveDate,
) -> Result<SurveyResponse, Vec<FieldError>> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    let template = data.survey_templates.get(&e.template).filter(|t| !t.is_deleted());
    if template.is_none() {
        out.push(err("template", Invalid::UnknownTemplate));
    }
    match e.customer {
        None if e.respondent != Respondent::SelfAssessment => out.push(err("customer", Invalid::Required)),
        Some(c) if data.customers.get(&c).is_none_or(|r| r.is_deleted()) => {
            out.push(err("customer", Invalid::UnknownCustomer))
        }
        _ => {}
    }
    match e.date {
        None => out.push(err("date", Invalid::Required)),
        Some(d) if d > today => out.push(err("date", Invalid::DateInFuture)),
        Some(_) => {}
    }
    check_len(&mut out, "competitor", &e.competitor, NAME_MAX);
    check_len(&mut out, "comment", &e.comment, TEXT_MAX);
    let items: &[SurveyItem] = template.map_or(&[], |t| t.data.items.as_slice());
    if template.is_some() && e.levels.len() > items.len() {
        out.push(err("answers", Invalid::TooMany(items.len())));
    }
    if e.levels.iter().flatten().any(|v| !(1..=5).contains(v)) {
        out.push(err("answers", Invalid::Level));
    } else if e.levels.iter().all(Option::is_none) {
        out.push(err("answers", Invalid::NoAnswers));
    }
    fail_if(out)?;
    let answers = items.iter().zip(&e.levels).filter_map(|(item, v)| v.map(|v| (item.key.clone(), v))).collect();
    let competitor = e.competitor.trim();
    Ok(SurveyResponse {
        template: e.template,
        customer: e.customer,
        respondent: e.respondent,
        about_competitor: (!competitor.is_empty()).then(|| competitor.to_string()),
        date: e.date.unwrap_or(today),
        answers,
        comment: e.comment.trim().to_string(),
    })
}

/// Records a returned form (a fact).
pub fn record_survey(
    id: Id,
    entry: &SurveyEntry,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    let form = parse_survey_entry(entry, data, today)?;
    let mut batch = Dataset::default();
    batch.survey_responses.merge(Fact::new(id, o.branch, o.stamp, o.by, form));
    Ok(batch)
}

/// Deletes a returned form entered by mistake (a tombstone; forms are facts, so a correction is
/// deleting and entering again).
pub fn delete_survey(current: &Fact<SurveyResponse>, o: Origin) -> Dataset {
    let mut fact = current.clone();
    fact.delete(o.stamp);
    let mut batch = Dataset::default();
    batch.survey_responses.merge(fact);
    batch
}

/// Checks a survey form's definition: a name, 1–40 items each with a unique key and a label
/// in at least one language, the open question's length.
pub fn validate_template(t: &SurveyTemplate) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_required(&mut out, "name", &t.name, NAME_MAX);
    const MAX_ITEMS: usize = 40;
    if t.items.is_empty() {
        out.push(FieldError { field: "items", problem: Invalid::Required });
    } else if t.items.len() > MAX_ITEMS {
        out.push(FieldError { field: "items", problem: Invalid::TooMany(MAX_ITEMS) });
    }
    let mut keys = std::collections::HashSet::new();
    for i in &t.items {
        let labelled = !i.label_zh.trim().is_empty() || !i.label_en.trim().is_empty();
        let problem = if i.key.trim().is_empty() || !labelled {
            Some(Invalid::Required)
        } else if !keys.insert(i.key.trim()) {
            Some(Invalid::Duplicate)
        } else if i.label_zh.chars().count() > LINE_MAX || i.label_en.chars().count() > LINE_MAX {
            Some(Invalid::TooLong(LINE_MAX))
        } else {
            None
        };
        if let Some(problem) = problem {
            out.push(FieldError { field: "items", problem });
        }
    }
    out.dedup();
    check_len(&mut out, "open_question", &t.open_question, LINE_MAX);
    out
}

/// A key for a new item, unused in the template: `item_1`, `item_2`…
pub fn new_item_key(items: &[SurveyItem]) -> String {
    (1..).map(|n| format!("item_{n}")).find(|k| !items.iter().any(|i| i.key == *k)).unwrap_or_default()
}

/// A new survey form definition.
pub fn create_template(id: Id, rev_id: Id, t: SurveyTemplate, o: Origin) -> Result<Dataset, Vec<FieldError>> {
    fail_if(validate_template(&t))?;
    let mut batch = Dataset::default();
    batch.revisions.merge(created(Kind::SurveyTemplate, id, rev_id, o));
    batch.survey_templates.merge(Record::new(id, o.branch, o.stamp, o.by, t));
    Ok(batch)
}

/// Edits a survey form definition (forms already returned keep their answers by item key).
/// `Ok(None)` when nothing changed.
pub fn edit_template(
    current: &Record<SurveyTemplate>,
    new: &SurveyTemplate,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_template(new))?;
    Ok(edit_record(current, new, None, Kind::SurveyTemplate, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.survey_templates.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

// ---------------------------------------------------------------------------------------------
// Improvement plans

/// Checks an improvement plan: a topic, a responsible person, the actions, the day it was
/// opened (not in the future) and a due date not before it; once closed, the day (not before
/// opening, not in the future) and the outcome.
pub fn validate_plan(p: &ImprovementPlan, data: &Dataset, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    check_required(&mut out, "topic", &p.topic, LINE_MAX);
    match p.responsible {
        None => out.push(err("responsible", Invalid::Required)),
        Some(s) if data.staff.get(&s).is_none_or(|r| r.is_deleted()) => {
            out.push(err("responsible", Invalid::UnknownStaff))
        }
        Some(_) => {}
    }
    if p.department.is_some_and(|d| data.departments.get(&d).is_none_or(|r| r.is_deleted())) {
        out.push(err("department", Invalid::UnknownDepartment));
    }
    check_required(&mut out, "actions", &p.actions, TEXT_MAX);
    match p.opened_on {
        None => out.push(err("opened_on", Invalid::Required)),
        Some(d) if d > today => out.push(err("opened_on", Invalid::DateInFuture)),
        Some(_) => {}
    }
    match (p.opened_on, p.due) {
        (_, None) => out.push(err("due", Invalid::Required)),
        (Some(o), Some(d)) if d < o => out.push(err("due", Invalid::Before(o))),
        _ => {}
    }
    if let Some(closed) = p.closed_on {
        if closed > today {
            out.push(err("closed_on", Invalid::DateInFuture));
        } else if let Some(o) = p.opened_on.filter(|o| closed < *o) {
            out.push(err("closed_on", Invalid::Before(o)));
        }
        check_required(&mut out, "outcome", &p.outcome, TEXT_MAX);
    } else {
        check_len(&mut out, "outcome", &p.outcome, TEXT_MAX);
    }
    check_len(&mut out, "trigger", &p.trigger, LINE_MAX);
    out
}

/// Opens an improvement plan (for a shortfall: start from
/// [`super::satisfaction::draft_plan`], which sets its trigger).
pub fn create_improvement_plan(
    id: Id,
    rev_id: Id,
    plan: ImprovementPlan,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    fail_if(validate_plan(&plan, data, today))?;
    let mut batch = Dataset::default();
    batch.revisions.merge(created(Kind::ImprovementPlan, id, rev_id, o));
    batch.improvement_plans.merge(Record::new(id, o.branch, o.stamp, o.by, plan));
    Ok(batch)
}

/// Edits a plan (its actions, due date, responsible person…). `Ok(None)` when nothing changed.
pub fn edit_improvement_plan(
    current: &Record<ImprovementPlan>,
    new: &ImprovementPlan,
    rev_id: Id,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_plan(new, data, today))?;
    Ok(edit_record(current, new, None, Kind::ImprovementPlan, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.improvement_plans.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

/// Closes a plan with its outcome (改进效果).
pub fn close_improvement_plan(
    current: &Record<ImprovementPlan>,
    closed_on: NaiveDate,
    outcome: &str,
    rev_id: Id,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    let new =
        ImprovementPlan { closed_on: Some(closed_on), outcome: outcome.trim().to_string(), ..current.data.clone() };
    edit_improvement_plan(current, &new, rev_id, data, today, o)
}

// ---------------------------------------------------------------------------------------------
// Complaints

fn with_photos(batch: &mut Dataset, step: &mut ComplaintStep, photos: Vec<(Id, Attachment)>, o: Origin) {
    for (id, a) in photos {
        step.photos.push(id);
        batch.attachments.merge(Fact::new(id, o.branch, o.stamp, o.by, a));
    }
}

/// Records a new complaint: its header (a record) and its first step (kind `Record`: the
/// problem as described, who took it, what the customer was told), with photos. The first
/// step's date is the day received.
#[allow(clippy::too_many_arguments)]
pub fn record_complaint(
    complaint_id: Id,
    step_id: Id,
    rev_id: Id,
    header: Complaint,
    mut first: ComplaintStep,
    photos: Vec<(Id, Attachment)>,
    data: &Dataset,
    today: NaiveDate,
    settings: &ServiceSettings,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    first.complaint = complaint_id;
    first.kind = ComplaintStepKind::Record;
    first.date = header.received_on.unwrap_or(today);
    let attachments: Vec<Attachment> = photos.iter().map(|(_, a)| a.clone()).collect();
    let mut errors = validate_complaint(&header, data, today);
    errors.extend(
        check_step_in(&first, &replay(std::iter::empty()), &attachments, data, today, settings)
            .into_iter()
            .filter(|e| e.field != "date"),
    );
    fail_if(errors)?;
    let mut batch = Dataset::default();
    with_photos(&mut batch, &mut first, photos, o);
    batch.revisions.merge(created(Kind::Complaint, complaint_id, rev_id, o));
    batch.complaints.merge(Record::new(complaint_id, o.branch, o.stamp, o.by, header));
    batch.complaint_steps.merge(Fact::new(step_id, o.branch, o.stamp, o.by, first));
    Ok(batch)
}

/// Records the next step of a complaint, with photos, after checking it fits the workflow
/// (order, who, when, what was told to the customer, the step's own fields).
pub fn record_complaint_step(
    step_id: Id,
    mut step: ComplaintStep,
    photos: Vec<(Id, Attachment)>,
    data: &Dataset,
    today: NaiveDate,
    settings: &ServiceSettings,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    let attachments: Vec<Attachment> = photos.iter().map(|(_, a)| a.clone()).collect();
    fail_if(super::complaints::check_step(&step, &attachments, data, today, settings))?;
    let mut batch = Dataset::default();
    with_photos(&mut batch, &mut step, photos, o);
    batch.complaint_steps.merge(Fact::new(step_id, o.branch, o.stamp, o.by, step));
    Ok(batch)
}

/// Corrects a complaint's header (who, against what, the wish, the category). `Ok(None)`
/// when nothing changed.
pub fn edit_complaint(
    current: &Record<Complaint>,
    new: &Complaint,
    rev_id: Id,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_complaint(new, data, today))?;
    Ok(edit_record(current, new, None, Kind::Complaint, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.complaints.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

// ---------------------------------------------------------------------------------------------
// Interactions, deliveries, repairs

/// Records a visit, call, meeting, promotion or first contact (a fact), with photos.
pub fn record_interaction(
    id: Id,
    interaction: Interaction,
    photos: Vec<(Id, Attachment)>,
    data: &Dataset,
    today: NaiveDate,
    settings: &ServiceSettings,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    let attachments: Vec<Attachment> = photos.iter().map(|(_, a)| a.clone()).collect();
    let mut errors = validate_interaction(&interaction, data, today);
    errors.extend(validate_photos(&attachments, settings));
    fail_if(errors)?;
    let mut interaction = interaction;
    let mut batch = Dataset::default();
    for (pid, a) in photos {
        interaction.photos.push(pid);
        batch.attachments.merge(Fact::new(pid, o.branch, o.stamp, o.by, a));
    }
    batch.interactions.merge(Fact::new(id, o.branch, o.stamp, o.by, interaction));
    Ok(batch)
}

/// A new delivery record: the start of a return-visit schedule.
pub fn create_delivery(
    id: Id,
    rev_id: Id,
    d: Delivery,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    fail_if(validate_delivery(&d, data, today))?;
    let mut batch = Dataset::default();
    batch.revisions.merge(created(Kind::Delivery, id, rev_id, o));
    batch.deliveries.merge(Record::new(id, o.branch, o.stamp, o.by, d));
    Ok(batch)
}

/// Edits a delivery (put into use, visits end…). `Ok(None)` when nothing changed.
pub fn edit_delivery(
    current: &Record<Delivery>,
    new: &Delivery,
    rev_id: Id,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_delivery(new, data, today))?;
    Ok(edit_record(current, new, None, Kind::Delivery, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.deliveries.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

/// A new repair (维修).
pub fn create_repair(
    id: Id,
    rev_id: Id,
    r: Repair,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    fail_if(validate_repair(&r, data, today))?;
    let mut batch = Dataset::default();
    batch.revisions.merge(created(Kind::Repair, id, rev_id, o));
    batch.repairs.merge(Record::new(id, o.branch, o.stamp, o.by, r));
    Ok(batch)
}

/// Edits a repair: marks it done, records the customer's feedback. `Ok(None)` when nothing
/// changed.
pub fn edit_repair(
    current: &Record<Repair>,
    new: &Repair,
    rev_id: Id,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_repair(new, data, today))?;
    Ok(edit_record(current, new, None, Kind::Repair, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.repairs.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

// ---------------------------------------------------------------------------------------------
// Contracts and settings

/// A new contract.
pub fn create_contract(
    id: Id,
    rev_id: Id,
    c: Contract,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Dataset, Vec<FieldError>> {
    fail_if(validate_contract(&c, None, data, today))?;
    let mut batch = Dataset::default();
    batch.revisions.merge(created(Kind::Contract, id, rev_id, o));
    batch.contracts.merge(Record::new(id, o.branch, o.stamp, o.by, c));
    Ok(batch)
}

/// Edits a contract. `Ok(None)` when nothing changed.
pub fn edit_contract(
    current: &Record<Contract>,
    new: &Contract,
    rev_id: Id,
    data: &Dataset,
    today: NaiveDate,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_contract(new, Some(current.id), data, today))?;
    Ok(edit_record(current, new, None, Kind::Contract, rev_id, o).map(|(record, rev)| {
        let mut batch = Dataset::default();
        batch.contracts.merge(record);
        batch.revisions.merge(rev);
        batch
    }))
}

/// Saves the service settings into the firm settings (the singleton record [`Id::NIL`],
/// created with the defaults when none exists). `Ok(None)` when nothing changed.
pub fn save_settings(
    current: Option<&Record<FirmSettings>>,
    settings: &ServiceSettings,
    rev_id: Id,
    o: Origin,
) -> Result<Option<Dataset>, Vec<FieldError>> {
    fail_if(validate_settings(settings))?;
    let mut batch = Dataset::default();
    match current {
        Some(current) => {
            let new = FirmSettings { service_settings: settings.to_json(), ..current.data.clone() };
            let Some((record, rev)) = edit_record(current, &new, None, Kind::FirmSettings, rev_id, o) else {
                return Ok(None);
            };
            batch.settings.merge(record);
            batch.revisions.merge(rev);
        }
        None => {
            let new = FirmSettings { service_settings: settings.to_json(), ..FirmSettings::defaults() };
            batch.revisions.merge(created(Kind::FirmSettings, Id::NIL, rev_id, o));
            batch.settings.merge(Record::new(Id::NIL, o.branch, o.stamp, o.by, new));
        }
    }
    Ok(Some(batch))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Hlc, NodeId, Staff};
    use crate::service::satisfaction::{default_template, results, Scope};
    use crate::service::todo::{todo, TodoKind};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn origin(ms: u64) -> Origin {
        Origin { branch: Id::v7(1, [1; 10]), stamp: Hlc(ms, 0, NodeId::new(3, 0)), by: None }
    }

    fn id(a: u64, n: u8) -> Id {
        Id::v7(a, [n; 10])
    }

    fn base() -> Dataset {
        let mut data = Dataset::default();
        let c = Customer { name: "宏达商贸".into(), ..Customer::default() };
        data.customers.merge(Record::new(id(1, 1), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, c));
        data.staff.merge(Record::new(
            id(2, 1),
            Id::NIL,
            Hlc(1, 0, NodeId::new(1, 0)),
            None,
            Staff { name: "王芳".into(), ..Staff::default() },
        ));
        data.merge_all(
            &create_template(id(3, 1), id(3, 2), default_template(crate::i18n::Lang::Zh), origin(5)).unwrap(),
        );
        data
    }

    #[test]
    fn a_form_entered_quickly_gives_the_index_and_rate() {
        let mut data = base();
        let entry = SurveyEntry {
            template: id(3, 1),
            customer: Some(id(1, 1)),
            respondent: Respondent::Customer,
            date: Some(d(3, 2)),
            levels: vec![Some(5), Some(4), None, Some(3), Some(2), Some(5), Some(1)],
            comment: " 交货偶尔延迟 ".into(),
            ..SurveyEntry::default()
        };
        let batch = record_survey(id(4, 1), &entry, &data, d(3, 2), origin(10)).unwrap();
        let form = &batch.survey_responses.all()[0].data;
        assert_eq!(form.answers.len(), 6);
        assert_eq!(form.answers[2], ("packaging".to_string(), 3));
        assert_eq!(form.comment, "交货偶尔延迟");
        data.merge_all(&batch);
        let r = results(&data, &Scope::all());
        // (10 + 8 + 6 + 4 + 10 + 2) / 60 = 2/3; rate 4/6.
        assert!((r.survey.index().unwrap() - 40.0 / 60.0).abs() < 1e-12);
        assert!((r.survey.rate().unwrap() - 4.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn a_form_deleted_by_mistake_no_longer_counts() {
        let mut data = base();
        let entry = SurveyEntry {
            template: id(3, 1),
            customer: Some(id(1, 1)),
            date: Some(d(3, 2)),
            levels: vec![Some(5), Some(1)],
            ..SurveyEntry::default()
        };
        data.merge_all(&record_survey(id(4, 2), &entry, &data, d(3, 2), origin(10)).unwrap());
        assert_eq!(results(&data, &Scope::all()).survey_forms, 1);
        let form = data.survey_responses.get(&id(4, 2)).unwrap().clone();
        let batch = delete_survey(&form, origin(11));
        assert!(batch.survey_responses.all()[0].is_deleted());
        data.merge_all(&batch);
        assert_eq!(results(&data, &Scope::all()).survey_forms, 0);
    }

    #[test]
    fn bad_entries_are_refused_with_every_problem() {
        let data = base();
        let entry = SurveyEntry {
            template: id(9, 9),
            customer: None,
            respondent: Respondent::Dealer,
            date: Some(d(4, 1)),
            levels: vec![Some(6)],
            ..SurveyEntry::default()
        };
        let errs = parse_survey_entry(&entry, &data, d(3, 2)).unwrap_err();
        let got: Vec<(&str, Invalid)> = errs.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                ("template", Invalid::UnknownTemplate),
                ("customer", Invalid::Required),
                ("date", Invalid::DateInFuture),
                ("answers", Invalid::Level),
            ]
        );
        let empty = SurveyEntry {
            template: id(3, 1),
            respondent: Respondent::SelfAssessment,
            date: Some(d(3, 1)),
            levels: vec![None; 7],
            ..SurveyEntry::default()
        };
        assert_eq!(
            parse_survey_entry(&empty, &data, d(3, 2)).unwrap_err(),
            vec![FieldError { field: "answers", problem: Invalid::NoAnswers }]
        );
        let competitor = SurveyEntry { competitor: "  竞品甲 ".into(), levels: vec![Some(3)], ..empty };
        assert_eq!(
            parse_survey_entry(&competitor, &data, d(3, 2)).unwrap().about_competitor.as_deref(),
            Some("竞品甲")
        );
    }

    #[test]
    fn templates_need_a_name_and_distinct_items() {
        let mut t = default_template(crate::i18n::Lang::En);
        assert!(validate_template(&t).is_empty());
        t.items.push(SurveyItem { key: "function".into(), label_zh: "重复".into(), label_en: String::new() });
        t.items.push(SurveyItem { key: new_item_key(&t.items), label_zh: String::new(), label_en: String::new() });
        t.name.clear();
        let got: Vec<(&str, Invalid)> = validate_template(&t).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(got, vec![("name", Invalid::Required), ("items", Invalid::Duplicate), ("items", Invalid::Required)]);
        assert_eq!(t.items[8].key, "item_1");
        let current =
            Record::new(id(3, 1), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, default_template(crate::i18n::Lang::Zh));
        assert!(edit_template(&current, &current.data, id(3, 3), origin(20)).unwrap().is_none());
    }

    #[test]
    fn plans_are_opened_followed_and_closed() {
        let mut data = base();
        let plan = ImprovementPlan {
            topic: "交货期满意度低于目标".into(),
            responsible: Some(id(2, 1)),
            actions: "与物流公司重新约定时效".into(),
            opened_on: Some(d(4, 1)),
            due: Some(d(3, 1)),
            ..ImprovementPlan::default()
        };
        let errs = create_improvement_plan(id(5, 1), id(5, 2), plan.clone(), &data, d(4, 1), origin(10)).unwrap_err();
        assert_eq!(errs, vec![FieldError { field: "due", problem: Invalid::Before(d(4, 1)) }]);
        let plan = ImprovementPlan { due: Some(d(5, 1)), ..plan };
        data.merge_all(&create_improvement_plan(id(5, 1), id(5, 2), plan, &data, d(4, 1), origin(10)).unwrap());
        let key = crate::service::schedule::IdSet::default();
        let s = ServiceSettings::default();
        assert!(todo(&data, &key, d(5, 2), &s).iter().any(|i| i.kind == TodoKind::ImprovementPlan));
        let current = data.improvement_plans.get(&id(5, 1)).unwrap().clone();
        let errs = close_improvement_plan(&current, d(5, 3), " ", id(5, 3), &data, d(5, 3), origin(20)).unwrap_err();
        assert_eq!(errs, vec![FieldError { field: "outcome", problem: Invalid::Required }]);
        let close = close_improvement_plan(&current, d(5, 3), "准时率升至 98%", id(5, 3), &data, d(5, 3), origin(20))
            .unwrap()
            .unwrap();
        let fields: Vec<&str> = close.revisions.all()[0].data.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, vec!["closed_on", "outcome"]);
        data.merge_all(&close);
        assert!(!todo(&data, &key, d(5, 4), &s).iter().any(|i| i.kind == TodoKind::ImprovementPlan));
    }

    #[test]
    fn a_complaint_recorded_and_taken_to_closed() {
        let mut data = base();
        let s = ServiceSettings::default();
        let header = Complaint {
            customer: id(1, 1),
            received_on: Some(d(3, 1)),
            complainant: "李经理".into(),
            against: "3 月 1 日到货的水泥".into(),
            wants: "换货".into(),
            category: crate::model::service::ComplaintCategory::ProductQuality,
        };
        let first =
            ComplaintStep {
                content: "部分袋装水泥结块".into(), staff: Some(id(2, 1)), ..ComplaintStep::default()
            };
        let photo =
            Attachment { mime: "image/jpeg".into(), name: "结块.jpg".into(), data: "/9j/4AAQSkZJRgABAQ==".into() };
        let batch = record_complaint(
            id(6, 1),
            id(6, 2),
            id(6, 3),
            header,
            first,
            vec![(id(7, 1), photo)],
            &data,
            d(3, 1),
            &s,
            origin(10),
        )
        .unwrap();
        assert_eq!((batch.complaints.len(), batch.complaint_steps.len(), batch.attachments.len()), (1, 1, 1));
        assert_eq!(batch.complaint_steps.all()[0].data.photos, vec![id(7, 1)]);
        data.merge_all(&batch);
        let step = |kind, date, n: u8| -> ComplaintStep {
            let mut s = ComplaintStep {
                complaint: id(6, 1),
                kind,
                date,
                content: "内容".into(),
                staff: Some(id(2, 1)),
                ..ComplaintStep::default()
            };
            match kind {
                ComplaintStepKind::Decide => {
                    s.stands = Some(true);
                    s.told_customer = "投诉成立，三日内处理".into();
                }
                ComplaintStepKind::Assign => s.responsible = Some(id(2, 1)),
                ComplaintStepKind::Cause => s.cause_code = "inspection".into(),
                ComplaintStepKind::Propose => {
                    s.told_customer = format!("方案 {n}");
                    s.accepted = Some(n > 4);
                }
                ComplaintStepKind::Evaluate => {
                    s.told_customer = "已换货，客户满意".into();
                    s.prevention = "出厂逐批抽检".into();
                }
                _ => {}
            }
            s
        };
        use ComplaintStepKind as K;
        let steps =
            [(2u8, K::Decide), (3, K::Assign), (3, K::Cause), (4, K::Propose), (5, K::Propose), (6, K::Implement)];
        for (i, (n, kind)) in steps.into_iter().enumerate() {
            let at = origin(20 + i as u64);
            let b = record_complaint_step(
                id(8 + i as u64, 1),
                step(kind, d(3, u32::from(n)), n),
                vec![],
                &data,
                d(3, 20),
                &s,
                at,
            )
            .unwrap();
            data.merge_all(&b);
        }
        // Evaluating without telling the customer the result is refused.
        let mut e = step(K::Evaluate, d(3, 8), 8);
        e.told_customer.clear();
        let errs = record_complaint_step(id(8, 99), e.clone(), vec![], &data, d(3, 20), &s, origin(40)).unwrap_err();
        assert_eq!(errs, vec![FieldError { field: "told_customer", problem: Invalid::FeedbackRequired }]);
        e.told_customer = "已换货，客户满意".into();
        data.merge_all(&record_complaint_step(id(8, 99), e, vec![], &data, d(3, 20), &s, origin(41)).unwrap());
        let st = crate::service::complaints::complaint_status(&data, id(6, 1), d(3, 20), &s).unwrap();
        assert!(st.workflow.is_closed());
        assert_eq!(st.days_to_close(), Some(7));
        assert_eq!(data.history_of(&id(6, 1))[0].data.action, Action::Created);
    }

    #[test]
    fn interactions_repairs_contracts_and_settings_make_batches() {
        let mut data = base();
        let s = ServiceSettings::default();
        let visit = Interaction {
            customer: id(1, 1),
            kind: crate::model::service::InteractionKind::Visit,
            date: d(3, 3),
            staff: Some(id(2, 1)),
            summary: "季度拜访".into(),
            ..Interaction::default()
        };
        let photo = Attachment { mime: "image/png".into(), name: "陈列.png".into(), data: "iVBORw0KGgo=".into() };
        let batch =
            record_interaction(id(9, 1), visit, vec![(id(9, 20), photo)], &data, d(3, 3), &s, origin(10)).unwrap();
        assert_eq!((batch.interactions.len(), batch.attachments.len()), (1, 1));
        assert_eq!(batch.interactions.all()[0].data.photos, vec![id(9, 20)]);
        let repair =
            Repair { customer: id(1, 1), received_on: Some(d(3, 3)), problem: "漏油".into(), ..Repair::default() };
        data.merge_all(&create_repair(id(9, 2), id(9, 3), repair.clone(), &data, d(3, 3), origin(11)).unwrap());
        let current = data.repairs.get(&id(9, 2)).unwrap().clone();
        let done = Repair { done_on: Some(d(3, 5)), feedback: "已修好".into(), ..repair };
        assert!(edit_repair(&current, &done, id(9, 4), &data, d(3, 5), origin(12)).unwrap().is_some());
        let c = Contract {
            customer: id(1, 1),
            number: "HT-2026-001".into(),
            subject: "水泥".into(),
            signed_on: Some(d(1, 1)),
            valid_from: Some(d(1, 1)),
            valid_to: Some(d(12, 31)),
            our_party: "甲方".into(),
            their_party: "乙方".into(),
            ..Contract::default()
        };
        data.merge_all(&create_contract(id(9, 5), id(9, 6), c.clone(), &data, d(3, 3), origin(13)).unwrap());
        assert_eq!(
            create_contract(id(9, 7), id(9, 8), c.clone(), &data, d(3, 3), origin(14)).unwrap_err()[0].problem,
            Invalid::Duplicate
        );
        let current = data.contracts.get(&id(9, 5)).unwrap().clone();
        assert!(edit_contract(&current, &Contract { no_renewal: true, ..c }, id(9, 9), &data, d(3, 3), origin(15))
            .unwrap()
            .is_some());

        let custom = ServiceSettings { contract_notice_days: 60, ..ServiceSettings::default() };
        let batch = save_settings(None, &custom, id(9, 10), origin(16)).unwrap().unwrap();
        data.merge_all(&batch);
        assert_eq!(ServiceSettings::of_firm(&data.firm_settings()).contract_notice_days, 60);
        let rec = data.settings.get(&Id::NIL).unwrap().clone();
        assert!(save_settings(Some(&rec), &custom, id(9, 11), origin(17)).unwrap().is_none());
        let bad = ServiceSettings { max_photos: 99, ..custom };
        assert_eq!(save_settings(Some(&rec), &bad, id(9, 12), origin(18)).unwrap_err()[0].field, "max_photos");
    }
}
