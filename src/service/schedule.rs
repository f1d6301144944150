//! The survey schedule (DOMAIN.md §8, seed 000): key customers are surveyed every quarter,
//! ordinary customers every half year (settings). A customer's next routine survey is due one
//! interval after their latest returned form; a customer never surveyed is due one interval
//! after they started trading with us (`since`, else the day their record was created).
//!
//! A "returned form" is a form of ours (not about a competitor) from the customer or dealer
//! (our self-assessments do not survey the customer). Special surveys (特殊调查) need no schedule:
//! any form entered counts as the customer's latest.
//!
//! Key accounts are passed in: DOMAIN.md §10's one definition (the A class, plus marked by hand,
//! minus unmarked by hand) is computed where the ABC classes are known; see [`key_accounts`].

use super::period::{add_months, day_of_ms, days_between};
use super::satisfaction::{competitor_of, Part};
use super::settings::ServiceSettings;
use crate::model::{Customer, Dataset, Id, IdMap, Record};
use chrono::NaiveDate;

/// A set of customer ids (key accounts).
pub type IdSet = IdMap<()>;

/// DOMAIN.md §10's key accounts: the customers of ABC class A (`class_a`, from the latest
/// analysis), plus those marked by hand, minus those unmarked by hand. Live, not archived.
pub fn key_accounts(data: &Dataset, class_a: impl Fn(&Id) -> bool) -> IdSet {
    data.active_customers()
        .filter(|c| c.data.key_account.unwrap_or_else(|| class_a(&c.id)))
        .map(|c| (c.id, ()))
        .collect()
}

/// The customers of ABC class A in a scoring run's table (in scope, class code 1): the
/// `class_a` of [`key_accounts`] once the analysis has run.
pub fn class_a(table: &crate::workspace::summary::CustomerTable) -> IdSet {
    (0..table.len()).filter(|&i| table.in_scope[i] && table.abc[i] == 1).map(|i| (table.ids[i], ())).collect()
}

/// The day a customer started: trading since, else the day the record was created.
pub fn customer_start(c: &Record<Customer>) -> NaiveDate {
    c.data.since.unwrap_or_else(|| day_of_ms(c.created.0))
}

/// One customer's routine survey.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SurveyDue {
    pub customer: Id,
    pub owner: Option<Id>,
    pub key_account: bool,
    /// The latest returned form, if any.
    pub last: Option<NaiveDate>,
    pub due: NaiveDate,
    /// Days past the due date as of the day asked (0 = due today, negative = not yet due).
    pub days_overdue: i64,
}

impl SurveyDue {
    pub fn is_due(&self) -> bool {
        self.days_overdue >= 0
    }
}

/// Each customer's latest returned form on or before `as_of`.
pub fn last_surveys(data: &Dataset, as_of: NaiveDate) -> IdMap<NaiveDate> {
    let mut last: IdMap<NaiveDate> = IdMap::default();
    for f in data.survey_responses.live() {
        let r = &f.data;
        let (Some(c), Part::Survey, None) = (r.customer, Part::of(r.respondent), competitor_of(r)) else { continue };
        if r.date > as_of {
            continue;
        }
        let e = last.entry(c).or_insert(r.date);
        *e = (*e).max(r.date);
    }
    last
}

/// The next routine survey of every active (live, not archived) customer as of a day, due or
/// not, the most overdue first (then by id).
pub fn survey_schedule(data: &Dataset, key: &IdSet, as_of: NaiveDate, settings: &ServiceSettings) -> Vec<SurveyDue> {
    let last = last_surveys(data, as_of);
    let mut out: Vec<SurveyDue> = data
        .active_customers()
        .map(|c| {
            let key_account = key.contains_key(&c.id);
            let months = if key_account { settings.key_survey_months } else { settings.ordinary_survey_months };
            let last = last.get(&c.id).copied();
            let due = add_months(last.unwrap_or_else(|| customer_start(c)), months.max(1));
            SurveyDue {
                customer: c.id,
                owner: c.data.owner,
                key_account,
                last,
                due,
                days_overdue: days_between(due, as_of),
            }
        })
        .collect();
    out.sort_by(|a, b| b.days_overdue.cmp(&a.days_overdue).then(a.customer.cmp(&b.customer)));
    out
}

/// The customers whose routine survey is due on or before `as_of`.
pub fn surveys_due(data: &Dataset, key: &IdSet, as_of: NaiveDate, settings: &ServiceSettings) -> Vec<SurveyDue> {
    survey_schedule(data, key, as_of, settings).into_iter().filter(SurveyDue::is_due).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::service::{Respondent, SurveyResponse};
    use crate::model::{Fact, Hlc, NodeId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn customer(n: u8, since: NaiveDate, key: Option<bool>) -> Record<Customer> {
        let c = Customer { name: format!("客户{n}"), since: Some(since), key_account: key, ..Customer::default() };
        Record::new(Id::v7(1, [n; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, c)
    }

    fn form(n: u8, customer: u8, respondent: Respondent, date: NaiveDate) -> Fact<SurveyResponse> {
        let r = SurveyResponse {
            customer: Some(Id::v7(1, [customer; 10])),
            respondent,
            date,
            answers: vec![("function".into(), 4)],
            ..SurveyResponse::default()
        };
        Fact::new(Id::v7(2, [n; 10]), Id::NIL, Hlc(2, 0, NodeId::new(1, 0)), None, r)
    }

    #[test]
    fn class_a_comes_from_the_scoring_table() {
        let ids: Vec<Id> = (1..=3).map(|n| Id::v7(1, [n; 10])).collect();
        let table = crate::workspace::summary::CustomerTable {
            ids: ids.clone(),
            in_scope: vec![true, false, true],
            abc: vec![1, 1, 2],
            ..Default::default()
        };
        let a = class_a(&table);
        assert_eq!(a.keys().copied().collect::<Vec<_>>(), vec![ids[0]], "out of scope or class B: not A");
    }

    #[test]
    fn key_customers_quarterly_ordinary_half_yearly_from_the_last_form() {
        let mut data = Dataset::default();
        data.customers.merge(customer(1, d(2025, 1, 10), None));
        data.customers.merge(customer(2, d(2025, 1, 10), None));
        data.customers.merge(customer(3, d(2026, 2, 15), None));
        data.survey_responses.merge(form(1, 1, Respondent::Customer, d(2026, 1, 31)));
        data.survey_responses.merge(form(2, 2, Respondent::Dealer, d(2026, 1, 31)));
        // Self-assessments and competitor forms are not the customer's survey.
        data.survey_responses.merge(form(3, 2, Respondent::SelfAssessment, d(2026, 5, 1)));
        let mut competitor = form(4, 2, Respondent::Customer, d(2026, 5, 1));
        competitor.data.about_competitor = Some("竞品".into());
        data.survey_responses.merge(competitor);

        let key = key_accounts(&data, |id| *id == Id::v7(1, [1; 10]));
        assert_eq!(key.len(), 1);
        let s = ServiceSettings::default();
        let at = |day: NaiveDate| {
            survey_schedule(&data, &key, day, &s).into_iter().map(|x| (x.customer, x)).collect::<IdMap<_>>()
        };
        let c = |n: u8| Id::v7(1, [n; 10]);
        // Key customer: 31 Jan + 3 months = 30 Apr (clamped): not due the day before, due that day.
        assert_eq!(at(d(2026, 4, 29))[&c(1)].days_overdue, -1);
        let on = &at(d(2026, 4, 30))[&c(1)];
        assert_eq!((on.due, on.days_overdue, on.key_account, on.is_due()), (d(2026, 4, 30), 0, true, true));
        // Ordinary customer: 31 Jan + 6 months = 31 Jul.
        assert_eq!(at(d(2026, 8, 3))[&c(2)].due, d(2026, 7, 31));
        assert_eq!(at(d(2026, 8, 3))[&c(2)].days_overdue, 3);
        // Never surveyed: six months after trading started.
        assert_eq!(at(d(2026, 8, 3))[&c(3)].due, d(2026, 8, 15));
        let due: Vec<Id> = surveys_due(&data, &key, d(2026, 8, 3), &s).into_iter().map(|x| x.customer).collect();
        assert_eq!(due, vec![c(1), c(2)], "most overdue first; customer 3 not due yet");
        // Marked by hand as a key account: quarterly; unmarked by hand: half-yearly even if A.
        data.customers.merge(customer(4, d(2026, 1, 1), Some(true)));
        data.customers.merge(customer(5, d(2026, 1, 1), Some(false)));
        let key = key_accounts(&data, |id| *id == Id::v7(1, [5; 10]) || *id == Id::v7(1, [1; 10]));
        let m = survey_schedule(&data, &key, d(2026, 3, 1), &s)
            .into_iter()
            .map(|x| (x.customer, x.due))
            .collect::<IdMap<_>>();
        assert_eq!((m[&c(4)], m[&c(5)]), (d(2026, 4, 1), d(2026, 7, 1)));
    }
}
