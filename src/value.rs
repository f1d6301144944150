//! Customer delivered value (顾客让渡价值, DOMAIN.md §12): what an assessment's change means,
//! and offerings compared side by side. Pure; the ratings themselves are
//! [`ValueAssessment`] records (0–10 per component).
//!
//! Delivered value = total customer value (product, service, personnel, image) − total customer
//! cost (money, time, energy, effort). Seed 001 (提高客户满意度的途径, 途径二 开展"让客价值分析",
//! 四、提高让客价值的途径 (一)一般途径) lists five ways to raise it:
//!
//! 1. 总价值提高，总成本不变 — value up, cost unchanged;
//! 2. 总价值不变，总成本降低 — value unchanged, cost down;
//! 3. 总价值大大提高，总成本略有提高 — value up a lot, cost up a little;
//! 4. 总价值略有降低，总成本大大降低 — value down a little, cost down a lot;
//! 5. 总价值提高，总成本降低 — value up, cost down.
//!
//! With integer totals, "a lot" and "a little" read as: the larger move outweighs the smaller,
//! so delivered value rises (way 3: value up by more than cost; way 4: cost down by more than
//! value). Any other change leaves delivered value equal or lowers it.

use crate::i18n::Msg;
use crate::model::validate::{FieldError, Invalid};
use crate::model::value::ValueAssessment;
use crate::model::{Id, IdMap, NumberError, Record};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One of seed 001's five ways to raise delivered value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Way {
    /// 1. Value up, cost unchanged.
    ValueUp,
    /// 2. Value unchanged, cost down.
    CostDown,
    /// 3. Value up a lot, cost up a little.
    ValueOutpacesCost,
    /// 4. Value down a little, cost down a lot.
    CostCutOutpacesValue,
    /// 5. Value up, cost down.
    ValueUpCostDown,
}

impl Way {
    pub const ALL: [Way; 5] =
        [Way::ValueUp, Way::CostDown, Way::ValueOutpacesCost, Way::CostCutOutpacesValue, Way::ValueUpCostDown];

    /// The way's number in the seed (1–5).
    pub fn number(self) -> u8 {
        Way::ALL.iter().position(|w| *w == self).map_or(0, |i| i as u8 + 1)
    }

    pub fn label(self) -> Msg {
        match self {
            Way::ValueUp => Msg::VaWay1,
            Way::CostDown => Msg::VaWay2,
            Way::ValueOutpacesCost => Msg::VaWay3,
            Way::CostCutOutpacesValue => Msg::VaWay4,
            Way::ValueUpCostDown => Msg::VaWay5,
        }
    }
}

/// What a re-assessment did to delivered value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    Raised(Way),
    /// Delivered value is the same (nothing moved, or value and cost moved alike).
    Unchanged,
    Lowered,
}

impl Change {
    pub fn label(self) -> Msg {
        match self {
            Change::Raised(w) => w.label(),
            Change::Unchanged => Msg::VaUnchanged,
            Change::Lowered => Msg::VaLowered,
        }
    }
}

/// The change from the moves of total value and total cost.
pub fn classify(value_delta: i64, cost_delta: i64) -> Change {
    use std::cmp::Ordering::{Equal as Flat, Greater as Up, Less as Down};
    match (value_delta.cmp(&0), cost_delta.cmp(&0)) {
        (Up, Flat) => Change::Raised(Way::ValueUp),
        (Flat, Down) => Change::Raised(Way::CostDown),
        (Up, Up) if value_delta > cost_delta => Change::Raised(Way::ValueOutpacesCost),
        (Down, Down) if -cost_delta > -value_delta => Change::Raised(Way::CostCutOutpacesValue),
        (Up, Down) => Change::Raised(Way::ValueUpCostDown),
        _ if value_delta == cost_delta => Change::Unchanged,
        _ => Change::Lowered,
    }
}

/// The change from one assessment to a later one.
pub fn change(before: &ValueAssessment, after: &ValueAssessment) -> Change {
    classify(
        i64::from(after.total_value()) - i64::from(before.total_value()),
        i64::from(after.total_cost()) - i64::from(before.total_cost()),
    )
}

/// The offering's name as compared: trimmed, inner spaces collapsed, ASCII case folded, so
/// "竞品 B" and "竞品  b" are one offering.
pub fn offering_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// What an assessment is about: a customer, an offering, or an offering at a customer.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Subject {
    pub customer: Option<Id>,
    pub offering: String,
}

pub fn subject(a: &ValueAssessment) -> Subject {
    Subject { customer: a.customer, offering: offering_key(&a.offering) }
}

/// The order of re-assessments: by date, then when they were recorded, then id.
fn order_key(r: &Record<ValueAssessment>) -> (Option<NaiveDate>, crate::model::Hlc, Id) {
    (r.data.date, r.created, r.id)
}

/// An assessment's place in its subject's history.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub previous: Option<Id>,
    /// The change since the previous assessment (None for the first).
    pub change: Option<Change>,
}

/// Each live assessment's previous one (same subject, earlier) and the change since it.
pub fn steps<'a>(records: impl IntoIterator<Item = &'a Record<ValueAssessment>>) -> IdMap<Step> {
    let mut by_subject: BTreeMap<Subject, Vec<&Record<ValueAssessment>>> = BTreeMap::new();
    for r in records.into_iter().filter(|r| !r.is_deleted()) {
        by_subject.entry(subject(&r.data)).or_default().push(r);
    }
    let mut out = IdMap::default();
    for list in by_subject.values_mut() {
        list.sort_by_key(|r| order_key(r));
        let mut before: Option<&Record<ValueAssessment>> = None;
        for r in list.iter() {
            out.insert(r.id, Step { previous: before.map(|b| b.id), change: before.map(|b| change(&b.data, &r.data)) });
            before = Some(r);
        }
    }
    out
}

/// The assessment a draft follows: the latest earlier one of the same subject. `this` is the
/// draft's own id and creation stamp when it is already stored (then it is left out, and an
/// earlier one on the same day must have been recorded before it); a new draft comes after
/// every stored assessment of its day.
pub fn previous_for<'a>(
    records: impl IntoIterator<Item = &'a Record<ValueAssessment>>,
    draft: &ValueAssessment,
    this: Option<(Id, crate::model::Hlc)>,
) -> Option<&'a Record<ValueAssessment>> {
    let s = subject(draft);
    records
        .into_iter()
        .filter(|r| !r.is_deleted() && this.is_none_or(|(id, _)| r.id != id) && subject(&r.data) == s)
        .filter(|r| match this {
            Some((_, created)) => (r.data.date, r.created) < (draft.date, created),
            None => r.data.date <= draft.date,
        })
        .max_by_key(|r| order_key(r))
}

/// The latest live assessment of each subject, optionally of one customer only.
pub fn latest<'a>(
    records: impl IntoIterator<Item = &'a Record<ValueAssessment>>,
    customer: Option<Id>,
) -> Vec<&'a Record<ValueAssessment>> {
    let mut by_subject: BTreeMap<Subject, &Record<ValueAssessment>> = BTreeMap::new();
    for r in records.into_iter().filter(|r| !r.is_deleted()) {
        if customer.is_some_and(|c| r.data.customer != Some(c)) {
            continue;
        }
        let slot = by_subject.entry(subject(&r.data)).or_insert(r);
        if order_key(r) > order_key(slot) {
            *slot = r;
        }
    }
    by_subject.into_values().collect()
}

/// One offering in the comparison: averages over the latest assessment of each subject.
#[derive(Clone, Debug, PartialEq)]
pub struct OfferingLine {
    /// The name as last written (empty: assessments of a customer with no offering named).
    pub offering: String,
    pub assessments: usize,
    pub value: f64,
    pub cost: f64,
    pub delivered: f64,
    /// The eight components' averages: product, service, personnel, image, money, time,
    /// energy, effort.
    pub components: [f64; 8],
}

fn components(a: &ValueAssessment) -> [u8; 8] {
    [
        a.product_value,
        a.service_value,
        a.personnel_value,
        a.image_value,
        a.money_cost,
        a.time_cost,
        a.energy_cost,
        a.effort_cost,
    ]
}

/// Offerings side by side: the latest assessment of each (customer, offering), averaged per
/// offering, best delivered value first (ties by name). `customer` limits it to one customer.
pub fn compare_offerings<'a>(
    records: impl IntoIterator<Item = &'a Record<ValueAssessment>>,
    customer: Option<Id>,
) -> Vec<OfferingLine> {
    let mut groups: BTreeMap<String, Vec<&Record<ValueAssessment>>> = BTreeMap::new();
    for r in latest(records, customer) {
        groups.entry(offering_key(&r.data.offering)).or_default().push(r);
    }
    let mut out: Vec<OfferingLine> = groups
        .into_values()
        .map(|list| {
            let n = list.len() as f64;
            let mean = |f: &dyn Fn(&ValueAssessment) -> f64| list.iter().map(|r| f(&r.data)).sum::<f64>() / n;
            let mut comp = [0.0; 8];
            for (k, c) in comp.iter_mut().enumerate() {
                *c = mean(&|a| f64::from(components(a)[k]));
            }
            let newest = list.iter().max_by_key(|r| order_key(r)).map(|r| r.data.offering.trim().to_string());
            OfferingLine {
                offering: newest.unwrap_or_default(),
                assessments: list.len(),
                value: mean(&|a| f64::from(a.total_value())),
                cost: mean(&|a| f64::from(a.total_cost())),
                delivered: mean(&|a| a.delivered_value() as f64),
                components: comp,
            }
        })
        .collect();
    out.sort_by(|a, b| b.delivered.total_cmp(&a.delivered).then_with(|| a.offering.cmp(&b.offering)));
    out
}

/// Reads a rating typed or slid by the user: a whole number from 0 to 10.
pub fn parse_rating(text: &str) -> Result<u8, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Invalid::Required);
    }
    match t.parse::<u8>() {
        Ok(v) if v <= 10 => Ok(v),
        Ok(_) => Err(Invalid::Number(NumberError::OutOfRange)),
        Err(_) => match t.parse::<f64>() {
            Ok(x) if x.fract() != 0.0 && (0.0..=10.0).contains(&x) => {
                Err(Invalid::Number(NumberError::TooManyDecimals))
            }
            Ok(_) => Err(Invalid::Number(NumberError::OutOfRange)),
            Err(_) => Err(Invalid::Number(NumberError::NotANumber)),
        },
    }
}

/// The names of the rating fields, in [`components`] order (form inputs and errors use them).
pub const RATING_FIELDS: [&str; 8] = [
    "product_value",
    "service_value",
    "personnel_value",
    "image_value",
    "money_cost",
    "time_cost",
    "energy_cost",
    "effort_cost",
];

const OFFERING_MAX: usize = 120;
const NOTE_MAX: usize = 4000;

/// Checks an assessment before it is written: a customer or an offering, a date not after
/// `today`, ratings 0–10, lengths. `customer_exists` answers whether a customer id is known.
pub fn validate(a: &ValueAssessment, today: NaiveDate, customer_exists: impl Fn(&Id) -> bool) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if a.customer.is_none() && a.offering.trim().is_empty() {
        out.push(err("offering", Invalid::Required));
    }
    if a.offering.chars().count() > OFFERING_MAX {
        out.push(err("offering", Invalid::TooLong(OFFERING_MAX)));
    }
    if let Some(c) = &a.customer {
        if !customer_exists(c) {
            out.push(err("customer", Invalid::UnknownCustomer));
        }
    }
    match a.date {
        None => out.push(err("date", Invalid::Required)),
        Some(d) if d > today => out.push(err("date", Invalid::DateInFuture)),
        Some(_) => {}
    }
    for (field, v) in RATING_FIELDS.iter().zip(components(a)) {
        if v > 10 {
            out.push(err(field, Invalid::Number(NumberError::OutOfRange)));
        }
    }
    if a.note.chars().count() > NOTE_MAX {
        out.push(err("note", Invalid::TooLong(NOTE_MAX)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId};

    fn a(value: [u8; 4], cost: [u8; 4]) -> ValueAssessment {
        ValueAssessment {
            product_value: value[0],
            service_value: value[1],
            personnel_value: value[2],
            image_value: value[3],
            money_cost: cost[0],
            time_cost: cost[1],
            energy_cost: cost[2],
            effort_cost: cost[3],
            ..ValueAssessment::default()
        }
    }

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2026, 3, d)
    }

    fn rec(
        n: u8,
        customer: Option<u8>,
        offering: &str,
        date: u32,
        value: [u8; 4],
        cost: [u8; 4],
    ) -> Record<ValueAssessment> {
        let mut data = a(value, cost);
        data.customer = customer.map(|c| Id::v7(1, [c; 10]));
        data.offering = offering.into();
        data.date = day(date);
        Record::new(Id::v7(2, [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, data)
    }

    #[test]
    fn totals_and_difference() {
        let x = a([8, 7, 6, 5], [4, 3, 2, 1]);
        assert_eq!((x.total_value(), x.total_cost(), x.delivered_value()), (26, 10, 16));
        assert_eq!(a([0; 4], [10; 4]).delivered_value(), -40);
    }

    /// The five ways of seed 001, each from a pair of assessments, and what is not one of them.
    #[test]
    fn each_of_the_five_ways_and_the_rest() {
        let base = a([5, 5, 5, 5], [5, 5, 5, 5]);
        let cases = [
            (a([6, 5, 5, 5], [5, 5, 5, 5]), Change::Raised(Way::ValueUp)),
            (a([5, 5, 5, 5], [5, 4, 5, 5]), Change::Raised(Way::CostDown)),
            (a([8, 6, 5, 5], [6, 5, 5, 5]), Change::Raised(Way::ValueOutpacesCost)),
            (a([4, 5, 5, 5], [2, 3, 5, 5]), Change::Raised(Way::CostCutOutpacesValue)),
            (a([6, 5, 5, 5], [4, 5, 5, 5]), Change::Raised(Way::ValueUpCostDown)),
            (a([5, 5, 5, 5], [5, 5, 5, 5]), Change::Unchanged),
            (a([7, 5, 5, 5], [7, 5, 5, 5]), Change::Unchanged),
            (a([6, 5, 5, 5], [8, 5, 5, 5]), Change::Lowered),
            (a([3, 5, 5, 5], [4, 5, 5, 5]), Change::Lowered),
            (a([5, 5, 5, 5], [6, 5, 5, 5]), Change::Lowered),
            (a([4, 5, 5, 5], [5, 5, 5, 5]), Change::Lowered),
            (a([4, 5, 5, 5], [6, 5, 5, 5]), Change::Lowered),
        ];
        for (after, want) in cases {
            assert_eq!(change(&base, &after), want, "{after:?}");
        }
        assert_eq!(Way::ALL.map(Way::number), [1, 2, 3, 4, 5]);
        // Way 4 needs the cost cut to outweigh the value lost.
        assert_eq!(classify(-3, -3), Change::Unchanged);
        assert_eq!(classify(-3, -2), Change::Lowered);
    }

    #[test]
    fn re_assessments_are_compared_with_the_one_before_of_the_same_subject() {
        let list = [
            rec(1, Some(1), "我方 A 型", 1, [5; 4], [5; 4]),
            rec(2, Some(1), "我方  a 型 ", 10, [7, 5, 5, 5], [5; 4]),
            rec(3, Some(1), "竞品 B", 5, [7; 4], [7; 4]),
            rec(4, Some(2), "我方 A 型", 2, [5; 4], [5; 4]),
            // Recorded before #2 but dated between #1 and #2: the order is by date.
            rec(0, Some(1), "我方 A 型", 4, [5; 4], [4, 5, 5, 5]),
        ];
        let s = steps(list.iter());
        let id = |n: u8| Id::v7(2, [n; 10]);
        assert_eq!(s[&id(1)], Step { previous: None, change: None });
        assert_eq!(s[&id(0)], Step { previous: Some(id(1)), change: Some(Change::Raised(Way::CostDown)) });
        assert_eq!(s[&id(2)], Step { previous: Some(id(0)), change: Some(Change::Raised(Way::ValueOutpacesCost)) });
        assert_eq!(s[&id(3)].previous, None);
        assert_eq!(s[&id(4)].previous, None);
        // A deleted assessment drops out of the history.
        let mut deleted = list.clone();
        deleted[4].delete(Hlc(99, 0, NodeId::new(1, 0)), None);
        assert_eq!(steps(deleted.iter())[&id(2)].change, Some(Change::Raised(Way::ValueUp)));
        assert!(!steps(deleted.iter()).contains_key(&id(0)));
    }

    #[test]
    fn a_draft_is_compared_with_the_assessment_before_it() {
        let list = [
            rec(1, Some(1), "我方 A 型", 1, [5; 4], [5; 4]),
            rec(2, Some(1), "我方 A 型", 10, [6; 4], [5; 4]),
            rec(3, Some(1), "竞品 B", 2, [7; 4], [7; 4]),
        ];
        let id = |n: u8| Id::v7(2, [n; 10]);
        let mut draft = list[0].data.clone();
        draft.date = day(12);
        assert_eq!(previous_for(list.iter(), &draft, None).map(|r| r.id), Some(id(2)));
        draft.date = day(10);
        assert_eq!(previous_for(list.iter(), &draft, None).map(|r| r.id), Some(id(2)));
        // Editing #2 itself: the one before it is #1.
        let own = Some((id(2), list[1].created));
        assert_eq!(previous_for(list.iter(), &list[1].data, own).map(|r| r.id), Some(id(1)));
        draft.offering = "竞品 C".into();
        assert!(previous_for(list.iter(), &draft, None).is_none());
    }

    #[test]
    fn offerings_compare_on_their_latest_assessments() {
        let list = [
            rec(1, Some(1), "我方 A 型", 1, [5; 4], [5; 4]),
            rec(2, Some(1), "我方 A 型", 10, [8; 4], [5; 4]),
            rec(3, Some(2), "我方 a 型", 3, [6; 4], [5; 4]),
            rec(4, Some(1), "竞品 B", 5, [7; 4], [7; 4]),
            rec(5, None, "竞品 B", 6, [9; 4], [6; 4]),
        ];
        let lines = compare_offerings(list.iter(), None);
        assert_eq!(lines.len(), 2);
        // 我方 A 型: customer 1's latest (32 − 20 = 12) and customer 2's (24 − 20 = 4): mean 8.
        assert_eq!(lines[0].offering, "我方 A 型");
        assert_eq!((lines[0].assessments, lines[0].value, lines[0].cost, lines[0].delivered), (2, 28.0, 20.0, 8.0));
        assert_eq!(lines[0].components[0], 7.0);
        // 竞品 B: (28 − 28) and (36 − 24): mean 6.
        assert_eq!((lines[1].offering.as_str(), lines[1].delivered), ("竞品 B", 6.0));
        let one = compare_offerings(list.iter(), Some(Id::v7(1, [1; 10])));
        assert_eq!(one.iter().map(|l| l.delivered).collect::<Vec<_>>(), vec![12.0, 0.0]);
        assert_eq!(latest(list.iter(), Some(Id::v7(1, [2; 10]))).len(), 1);
        assert!(compare_offerings([].iter(), None).is_empty());
    }

    #[test]
    fn ratings_and_assessments_are_validated() {
        assert_eq!(parse_rating(" 7 "), Ok(7));
        assert_eq!(parse_rating("0"), Ok(0));
        assert_eq!(parse_rating(""), Err(Invalid::Required));
        assert_eq!(parse_rating("11"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_rating("-1"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_rating("7.5"), Err(Invalid::Number(NumberError::TooManyDecimals)));
        assert_eq!(parse_rating("七"), Err(Invalid::Number(NumberError::NotANumber)));
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let mut x = a([5; 4], [11, 5, 5, 5]);
        x.date = NaiveDate::from_ymd_opt(2026, 3, 16);
        x.customer = Some(Id::v7(1, [9; 10]));
        let fields: Vec<(&str, Invalid)> =
            validate(&x, today, |_| false).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            fields,
            vec![
                ("customer", Invalid::UnknownCustomer),
                ("date", Invalid::DateInFuture),
                ("money_cost", Invalid::Number(NumberError::OutOfRange)),
            ]
        );
        let mut y = a([5; 4], [5; 4]);
        let fields: Vec<&str> = validate(&y, today, |_| true).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["offering", "date"]);
        y.offering = "竞品 B".into();
        y.date = Some(today);
        assert!(validate(&y, today, |_| true).is_empty());
    }
}
