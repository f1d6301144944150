//! The customer page's service forms as typed (text), turned into the core's shapes: an
//! interaction, a delivery, a repair. Dates and money are parsed here (a date that is missing
//! or not a date, an amount that is not a number); every other rule is the core's
//! (`visits::validate_*`). Errors come back per field, each field once, parse errors first.
//! Fields that do not belong to the chosen kind (a promotion's money on a call, a hand-over on
//! a visit) are dropped, so a form switched between kinds never writes a stale value.

use super::visits::{counts_as_return_visit, validate_delivery, validate_interaction, validate_repair};
use crate::model::sales::Delivery;
use crate::model::service::{Interaction, InteractionKind, Repair};
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::{Dataset, Id, Money};
use chrono::NaiveDate;

/// An interaction as typed in the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InteractionForm {
    pub kind: InteractionKind,
    pub date: String,
    /// Who did it; for a first contact, who took it.
    pub staff: Option<Id>,
    pub summary: String,
    pub plan: String,
    pub budget: String,
    pub cost: String,
    pub evaluation: String,
    pub handed_to: Option<Id>,
    pub delivery: Option<Id>,
}

/// A delivery as typed in the form; `lines` are kept from the record edited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DeliveryForm {
    pub description: String,
    pub delivered_on: String,
    pub in_use_since: String,
    pub visits_until: String,
    pub note: String,
    pub lines: Vec<Id>,
}

/// A repair as typed in the form.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RepairForm {
    pub product: Option<Id>,
    pub staff: Option<Id>,
    pub received_on: String,
    pub problem: String,
    pub done_on: String,
    pub feedback: String,
}

/// The kinds whose form asks which delivery the visit was for.
pub fn asks_delivery(kind: InteractionKind) -> bool {
    counts_as_return_visit(kind)
}

fn date_of(out: &mut Vec<FieldError>, field: &'static str, text: &str, required: bool) -> Option<NaiveDate> {
    if text.trim().is_empty() {
        if required {
            out.push(FieldError { field, problem: Invalid::Required });
        }
        return None;
    }
    let d = parse_date(text);
    if d.is_none() {
        out.push(FieldError { field, problem: Invalid::Date });
    }
    d
}

fn money_of(out: &mut Vec<FieldError>, field: &'static str, text: &str) -> Option<Money> {
    if text.trim().is_empty() {
        return None;
    }
    match Money::parse(text) {
        Ok(m) => Some(m),
        Err(e) => {
            out.push(FieldError { field, problem: Invalid::Number(e) });
            None
        }
    }
}

/// Parse errors first, then the core's, one per field.
fn merge(mut parsed: Vec<FieldError>, core: Vec<FieldError>) -> Vec<FieldError> {
    for e in core {
        if !parsed.iter().any(|p| p.field == e.field) {
            parsed.push(e);
        }
    }
    parsed
}

/// The interaction the form describes, checked by `validate_interaction`.
pub fn parse_interaction_form(
    f: &InteractionForm,
    customer: Id,
    data: &Dataset,
    today: NaiveDate,
) -> Result<Interaction, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = date_of(&mut errors, "date", &f.date, true);
    let promotion = f.kind == InteractionKind::Promotion;
    let (budget, cost) = if promotion {
        (money_of(&mut errors, "budget", &f.budget), money_of(&mut errors, "cost", &f.cost))
    } else {
        (None, None)
    };
    let text = |s: &str, keep: bool| if keep { s.trim().to_string() } else { String::new() };
    let i = Interaction {
        customer,
        kind: f.kind,
        date: date.unwrap_or(today),
        staff: f.staff,
        summary: f.summary.trim().to_string(),
        plan: text(&f.plan, promotion),
        budget,
        cost,
        evaluation: text(&f.evaluation, promotion),
        handed_to: f.handed_to.filter(|_| f.kind == InteractionKind::FirstContact),
        delivery: f.delivery.filter(|_| asks_delivery(f.kind)),
        photos: Vec::new(),
    };
    let errors = merge(errors, validate_interaction(&i, data, today));
    if errors.is_empty() {
        Ok(i)
    } else {
        Err(errors)
    }
}

/// The form of an existing delivery.
pub fn delivery_form(d: &Delivery) -> DeliveryForm {
    let s = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    DeliveryForm {
        description: d.description.clone(),
        delivered_on: s(d.delivered_on),
        in_use_since: s(d.in_use_since),
        visits_until: s(d.visits_until),
        note: d.note.clone(),
        lines: d.lines.clone(),
    }
}

/// The delivery the form describes, checked by `validate_delivery`. Dates are optional (a
/// delivery not yet put into use has no return visits yet).
pub fn parse_delivery_form(
    f: &DeliveryForm,
    customer: Id,
    data: &Dataset,
    today: NaiveDate,
) -> Result<Delivery, Vec<FieldError>> {
    let mut errors = Vec::new();
    let d = Delivery {
        customer,
        description: f.description.trim().to_string(),
        delivered_on: date_of(&mut errors, "delivered_on", &f.delivered_on, false),
        in_use_since: date_of(&mut errors, "in_use_since", &f.in_use_since, false),
        visits_until: date_of(&mut errors, "visits_until", &f.visits_until, false),
        note: f.note.trim().to_string(),
        lines: f.lines.clone(),
    };
    let errors = merge(errors, validate_delivery(&d, data, today));
    if errors.is_empty() {
        Ok(d)
    } else {
        Err(errors)
    }
}

/// The form of an existing repair.
pub fn repair_form(r: &Repair) -> RepairForm {
    let s = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    RepairForm {
        product: r.product,
        staff: r.staff,
        received_on: s(r.received_on),
        problem: r.problem.clone(),
        done_on: s(r.done_on),
        feedback: r.feedback.clone(),
    }
}

/// The repair the form describes, checked by `validate_repair` (the day received is required
/// there).
pub fn parse_repair_form(
    f: &RepairForm,
    customer: Id,
    data: &Dataset,
    today: NaiveDate,
) -> Result<Repair, Vec<FieldError>> {
    let mut errors = Vec::new();
    let r = Repair {
        customer,
        product: f.product,
        received_on: date_of(&mut errors, "received_on", &f.received_on, false),
        problem: f.problem.trim().to_string(),
        done_on: date_of(&mut errors, "done_on", &f.done_on, false),
        feedback: f.feedback.trim().to_string(),
        staff: f.staff,
    };
    let errors = merge(errors, validate_repair(&r, data, today));
    if errors.is_empty() {
        Ok(r)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Hlc, NodeId, Record, Staff};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn firm() -> (Dataset, Id, Id) {
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let cust = Id::v7(1, [1; 10]);
        let staff = Id::v7(3, [3; 10]);
        data.customers.merge(Record::new(
            cust,
            Id::NIL,
            stamp,
            None,
            Customer { name: "甲".into(), ..Customer::default() },
        ));
        data.staff.merge(Record::new(staff, Id::NIL, stamp, None, Staff { name: "王".into(), ..Staff::default() }));
        (data, cust, staff)
    }

    fn fields(e: Vec<FieldError>) -> Vec<(&'static str, Invalid)> {
        e.into_iter().map(|e| (e.field, e.problem)).collect()
    }

    #[test]
    fn a_promotion_needs_its_date_and_money_that_is_a_number_and_not_negative() {
        let (data, cust, staff) = firm();
        let today = d(2026, 12, 2);
        let mut f = InteractionForm {
            kind: InteractionKind::Promotion,
            staff: Some(staff),
            summary: "周末促销".into(),
            plan: "满额赠品".into(),
            budget: "abc".into(),
            cost: "-5".into(),
            ..InteractionForm::default()
        };
        let got = fields(parse_interaction_form(&f, cust, &data, today).unwrap_err());
        assert_eq!(got[0], ("date", Invalid::Required), "a missing date is named, not taken as today");
        assert!(matches!(got[1], ("budget", Invalid::Number(_))));
        assert_eq!(got[2], ("cost", Invalid::Negative), "the core's rule, once per field");
        assert_eq!(got.len(), 3);
        f.date = "2026-13-01".into();
        assert_eq!(fields(parse_interaction_form(&f, cust, &data, today).unwrap_err())[0], ("date", Invalid::Date));
        f.date = "2026-12-01".into();
        f.budget = "3000".into();
        f.cost = "2,450.50".into();
        let i = parse_interaction_form(&f, cust, &data, today).unwrap();
        assert_eq!((i.date, i.budget, i.cost), (d(2026, 12, 1), Some(Money(300_000)), Some(Money(245_050))));
    }

    #[test]
    fn fields_of_another_kind_are_dropped() {
        let (data, cust, staff) = firm();
        let f = InteractionForm {
            kind: InteractionKind::Call,
            date: "2026-12-01".into(),
            staff: Some(staff),
            summary: "电话回访".into(),
            plan: "x".into(),
            budget: "not money".into(),
            evaluation: "y".into(),
            handed_to: Some(staff),
            ..InteractionForm::default()
        };
        let i = parse_interaction_form(&f, cust, &data, d(2026, 12, 2)).unwrap();
        assert_eq!((i.plan.as_str(), i.budget, i.evaluation.as_str(), i.handed_to), ("", None, "", None));
        let first = InteractionForm { kind: InteractionKind::FirstContact, ..f.clone() };
        assert_eq!(parse_interaction_form(&first, cust, &data, d(2026, 12, 2)).unwrap().handed_to, Some(staff));
        let promo = InteractionForm { kind: InteractionKind::Meeting, delivery: Some(staff), ..f };
        assert_eq!(parse_interaction_form(&promo, cust, &data, d(2026, 12, 2)).unwrap().delivery, None);
    }

    #[test]
    fn deliveries_and_repairs_round_trip_and_are_checked() {
        let (data, cust, _) = firm();
        let today = d(2026, 12, 2);
        let f = DeliveryForm {
            description: " 3 号生产线 ".into(),
            delivered_on: "2025-09-20".into(),
            in_use_since: "2025-10-01".into(),
            ..DeliveryForm::default()
        };
        let dl = parse_delivery_form(&f, cust, &data, today).unwrap();
        assert_eq!(
            (dl.description.as_str(), dl.in_use_since, dl.visits_until),
            ("3 号生产线", Some(d(2025, 10, 1)), None)
        );
        assert_eq!(parse_delivery_form(&delivery_form(&dl), cust, &data, today).unwrap(), dl);
        let bad = DeliveryForm { in_use_since: "2025-09-01".into(), visits_until: "soon".into(), ..f };
        assert_eq!(
            fields(parse_delivery_form(&bad, cust, &data, today).unwrap_err()),
            vec![("visits_until", Invalid::Date), ("in_use_since", Invalid::Before(d(2025, 9, 20)))]
        );

        let r = RepairForm { problem: "电机异响".into(), ..RepairForm::default() };
        assert_eq!(
            fields(parse_repair_form(&r, cust, &data, today).unwrap_err()),
            vec![("received_on", Invalid::Required)]
        );
        let r =
            RepairForm {
                received_on: "2026-11-20".into(), done_on: "2026-11-25".into(), feedback: "满意".into(), ..r
            };
        let rep = parse_repair_form(&r, cust, &data, today).unwrap();
        assert_eq!(super::super::visits::repair_state(&rep), super::super::visits::RepairState::Closed);
        assert_eq!(parse_repair_form(&repair_form(&rep), cust, &data, today).unwrap(), rep);
    }
}
