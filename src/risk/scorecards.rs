//! Evaluation scorecards (客户评价, DOMAIN.md §5): the firm sets the criteria and weights
//! (defaults `model::org::default_scorecard`: enthusiasm 25, operating capability 35 with five
//! sub-criteria of 20 each, reputation 25, social relations 15); staff score a customer 0–100
//! per criterion; the weighted total is kept with its date, so its history shows.
//!
//! Total: a criterion with sub-criteria scores the weighted mean of its scored sub-criteria
//! (its own score when none is scored); the total is the weighted mean of the scored criteria,
//! the weights of unscored ones left out (`complete` says whether every criterion was scored).

use crate::model::org::Criterion;
use crate::model::risk::Scorecard;
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Dataset, Fact, Id, IdMap, NumberError};
use crate::service::{check_len, LINE_MAX, NAME_MAX, TEXT_MAX};
use chrono::NaiveDate;
use std::collections::HashSet;

/// Checks the criteria: weights at each level add up to 100, keys are unique and not empty,
/// every criterion has a name in at least one language, at most 20 criteria per level.
pub fn validate_criteria(criteria: &[Criterion]) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut keys = HashSet::new();
    check_level(criteria, "criteria", &mut keys, &mut out);
    for c in criteria.iter().filter(|c| !c.sub.is_empty()) {
        check_level(&c.sub, "criteria.sub", &mut keys, &mut out);
        if c.sub.iter().any(|s| !s.sub.is_empty()) {
            out.push(FieldError { field: "criteria.sub", problem: Invalid::TooMany(0) });
        }
    }
    out.dedup();
    out
}

fn check_level<'a>(
    level: &'a [Criterion],
    field: &'static str,
    keys: &mut HashSet<&'a str>,
    out: &mut Vec<FieldError>,
) {
    const MAX: usize = 20;
    if level.is_empty() {
        out.push(FieldError { field, problem: Invalid::Required });
        return;
    }
    if level.len() > MAX {
        out.push(FieldError { field, problem: Invalid::TooMany(MAX) });
    }
    let sum: u32 = level.iter().map(|c| c.weight_pct.min(1_000)).sum();
    if sum != 100 {
        out.push(FieldError { field, problem: Invalid::WeightSum(sum) });
    }
    for c in level {
        if c.key.trim().is_empty() || (c.name_zh.trim().is_empty() && c.name_en.trim().is_empty()) {
            out.push(FieldError { field, problem: Invalid::Required });
        } else if !keys.insert(c.key.trim()) {
            out.push(FieldError { field, problem: Invalid::Duplicate });
        }
        check_len(out, field, &c.name_zh, NAME_MAX);
        check_len(out, field, &c.name_en, NAME_MAX);
        check_len(out, field, &c.key, LINE_MAX);
    }
}

/// Every key a scorecard may score: the criteria and their sub-criteria.
pub fn keys(criteria: &[Criterion]) -> Vec<&str> {
    criteria.iter().flat_map(|c| std::iter::once(c.key.as_str()).chain(c.sub.iter().map(|s| s.key.as_str()))).collect()
}

/// Checks a filled-in scorecard: the customer exists, the day is given and not in the future,
/// one score at least, every key a criterion, no key twice, scores 0–100.
pub fn validate_scorecard(
    card: &Scorecard,
    criteria: &[Criterion],
    data: &Dataset,
    today: NaiveDate,
) -> Vec<FieldError> {
    let mut out = Vec::new();
    let err = |field, problem| FieldError { field, problem };
    if data.customers.get(&card.customer).is_none_or(|c| c.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    if card.date > today {
        out.push(err("date", Invalid::DateInFuture));
    }
    let known = keys(criteria);
    let mut seen = HashSet::new();
    if card.scores.is_empty() {
        out.push(err("scores", Invalid::NoAnswers));
    }
    for (key, score) in &card.scores {
        if !known.contains(&key.as_str()) {
            out.push(err("scores", Invalid::Choice));
        } else if !seen.insert(key.as_str()) {
            out.push(err("scores", Invalid::Duplicate));
        } else if *score > 100 {
            out.push(err("scores", Invalid::Number(NumberError::OutOfRange)));
        }
    }
    out.dedup();
    check_len(&mut out, "note", &card.note, TEXT_MAX);
    out
}

/// One criterion's result.
#[derive(Clone, Debug, PartialEq)]
pub struct CriterionScore {
    pub key: String,
    pub weight_pct: u32,
    /// 0–100, `None` when not scored.
    pub score: Option<f64>,
}

/// A scorecard's weighted total with its parts.
#[derive(Clone, Debug, PartialEq)]
pub struct Total {
    pub parts: Vec<CriterionScore>,
    /// 0–100; `None` when nothing was scored.
    pub total: Option<f64>,
    /// Every criterion was scored.
    pub complete: bool,
}

fn weighted(parts: impl Iterator<Item = (u32, Option<f64>)>) -> Option<f64> {
    let (mut sum, mut weights) = (0.0, 0u32);
    for (w, s) in parts {
        if let Some(s) = s {
            sum += f64::from(w) * s;
            weights += w;
        }
    }
    (weights > 0).then(|| sum / f64::from(weights))
}

/// The weighted total of a scorecard under the criteria.
pub fn total(card: &Scorecard, criteria: &[Criterion]) -> Total {
    let score_of = |key: &str| card.scores.iter().find(|(k, _)| k == key).map(|(_, v)| f64::from((*v).min(100)));
    let parts: Vec<CriterionScore> = criteria
        .iter()
        .map(|c| {
            let from_sub = weighted(c.sub.iter().map(|s| (s.weight_pct, score_of(&s.key))));
            CriterionScore {
                key: c.key.clone(),
                weight_pct: c.weight_pct,
                score: from_sub.or_else(|| score_of(&c.key)),
            }
        })
        .collect();
    let total = weighted(parts.iter().map(|p| (p.weight_pct, p.score)));
    let complete = parts.iter().all(|p| p.score.is_some());
    Total { parts, total, complete }
}

/// A customer's scorecards, oldest first, with their totals: the history on the customer page.
pub fn history<'a>(data: &'a Dataset, customer: Id, criteria: &[Criterion]) -> Vec<(&'a Fact<Scorecard>, Total)> {
    let mut cards: Vec<&Fact<Scorecard>> = data.scorecards.live().filter(|f| f.data.customer == customer).collect();
    cards.sort_by(|a, b| a.data.date.cmp(&b.data.date).then(a.created.cmp(&b.created)));
    cards.into_iter().map(|f| (f, total(&f.data, criteria))).collect()
}

/// Each customer's latest total (day, 0–100): what segments read.
pub fn latest_totals(data: &Dataset, criteria: &[Criterion]) -> IdMap<(NaiveDate, f64)> {
    let mut latest: IdMap<&Fact<Scorecard>> = IdMap::default();
    for f in data.scorecards.live() {
        let e = latest.entry(f.data.customer).or_insert(f);
        if (f.data.date, f.created) > (e.data.date, e.created) {
            *e = f;
        }
    }
    latest.into_iter().filter_map(|(c, f)| Some((c, (f.data.date, total(&f.data, criteria).total?)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::org::default_scorecard;
    use crate::model::{Customer, Hlc, NodeId, Record};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn card(scores: &[(&str, u32)], date: NaiveDate) -> Scorecard {
        Scorecard {
            customer: Id::v7(1, [1; 10]),
            date,
            scores: scores.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
            note: String::new(),
        }
    }

    #[test]
    fn the_default_criteria_are_valid_and_weigh_as_the_seed_says() {
        let c = default_scorecard();
        assert!(validate_criteria(&c).is_empty());
        assert_eq!(c.iter().map(|x| x.weight_pct).collect::<Vec<_>>(), vec![25, 35, 25, 15]);
        assert_eq!(c[1].sub.len(), 5);
        assert_eq!(keys(&c).len(), 9);
    }

    #[test]
    fn weights_off_by_one_are_refused() {
        let mut c = default_scorecard();
        c[0].weight_pct = 26;
        c[1].sub[0].weight_pct = 19;
        c[3].key = "enthusiasm".into();
        let got: Vec<(&str, Invalid)> = validate_criteria(&c).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                ("criteria", Invalid::WeightSum(101)),
                ("criteria", Invalid::Duplicate),
                ("criteria.sub", Invalid::WeightSum(99)),
            ]
        );
    }

    #[test]
    fn totals_weigh_sub_criteria_and_skip_what_is_unscored() {
        let c = default_scorecard();
        let full = card(
            &[
                ("enthusiasm", 80),
                ("flexibility", 100),
                ("reach", 50),
                ("capital", 50),
                ("brands", 50),
                ("facilities", 50),
                ("reputation", 90),
                ("relations", 60),
            ],
            d(3, 1),
        );
        let t = total(&full, &c);
        // capability = 60; total = (25×80 + 35×60 + 25×90 + 15×60) / 100 = 72.5.
        assert_eq!(t.parts[1].score, Some(60.0));
        assert!((t.total.unwrap() - 72.5).abs() < 1e-9);
        assert!(t.complete);
        // Capability scored as a whole; social relations unscored: renormalised over 85.
        let part = card(&[("enthusiasm", 80), ("capability", 60), ("reputation", 90)], d(3, 2));
        let t = total(&part, &c);
        assert!((t.total.unwrap() - (25.0 * 80.0 + 35.0 * 60.0 + 25.0 * 90.0) / 85.0).abs() < 1e-9);
        assert!(!t.complete);
        assert_eq!(total(&card(&[], d(3, 3)), &c).total, None);
    }

    #[test]
    fn scorecards_are_validated_and_kept_as_history() {
        let c = default_scorecard();
        let mut data = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        data.customers.merge(Record::new(Id::v7(1, [1; 10]), Id::NIL, stamp, None, Customer::default()));
        assert!(validate_scorecard(&card(&[("enthusiasm", 100), ("reach", 0)], d(3, 1)), &c, &data, d(3, 1)).is_empty());
        let bad = card(&[("enthusiasm", 101), ("luck", 50), ("reach", 3), ("reach", 4)], d(3, 2));
        let got: Vec<Invalid> = validate_scorecard(&bad, &c, &data, d(3, 1)).iter().map(|e| e.problem).collect();
        assert_eq!(
            got,
            vec![Invalid::DateInFuture, Invalid::Number(NumberError::OutOfRange), Invalid::Choice, Invalid::Duplicate]
        );
        for (n, (score, date)) in [(40u32, d(1, 5)), (90, d(3, 1)), (70, d(2, 1))].into_iter().enumerate() {
            let f = Fact::new(Id::v7(2, [n as u8; 10]), Id::NIL, stamp, None, card(&[("reputation", score)], date));
            data.scorecards.merge(f);
        }
        let h = history(&data, Id::v7(1, [1; 10]), &c);
        assert_eq!(h.iter().map(|(_, t)| t.total.unwrap()).collect::<Vec<_>>(), vec![40.0, 70.0, 90.0]);
        assert_eq!(latest_totals(&data, &c)[&Id::v7(1, [1; 10])], (d(3, 1), 90.0));
    }
}
