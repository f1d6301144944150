//! Credit, plans and early warnings (DOMAIN.md §3, §5–§7, key accounts of §10), pure: monthly
//! plans and their progress, scorecards, credit ratings, limits and receivables, the warning
//! rules and their reconciliation with the stored warnings, the key-account list and the staff
//! appraisal. No clock, no randomness, no web dependency: "today", ids and stamps are passed
//! in; the engine's outputs (ABC class, churn signal, P(alive)) are read, never refitted.
//!
//! - [`activity`]: one pass over the sales, payments and expenses: each customer's figures as
//!   of a day (what the rules read).
//! - [`signals`]: the scoring engine's outputs by customer id.
//! - [`plans`]: monthly plans, their progress (vs plan, last year, the usual rhythm), copies.
//! - [`plan_form`]: the plan form's rows read into a plan, each row's problems, the list's cells.
//! - [`scorecards`]: criteria and weights, the weighted total, history.
//! - [`credit`]: ratings from investigations, limits, receivables with ageing, the firm's line.
//! - [`warnings`]: the rules, what they find as of a day, and the reconciliation with the
//!   warnings already stored (deterministic ids, self-resolution, requests to close).
//! - [`key_accounts`]: the key-account page.
//! - [`appraisal`]: figures and the weighted score per owner and department.
//! - [`tables`]: the receivables and appraisal tables of the risk screens, joined and sorted.
//! - [`edits`]: the batches each action writes.
//! - [`entry`]: scores, ratios and percentages as typed on the screens, and shown back.
//! - [`settings`]: every threshold, stored in the firm settings.
//!
//! The rules, formulas and defaults are written out in `docs/risk.md`.

pub mod activity;
pub mod appraisal;
pub mod credit;
pub mod edits;
pub mod entry;
pub mod key_accounts;
pub mod plan_form;
pub mod plans;
pub mod reconcile;
pub mod scorecards;
pub mod settings;
pub mod settings_form;
pub mod signals;
pub mod tables;
pub mod warnings;

pub use activity::{activity, Activity};
pub use reconcile::{recompute, reconcile, warning_id, Change, ChangeKind};
pub use settings::{AppraisalWeights, KeyRule, RiskSettings};
pub use signals::{Signal, Signals};
pub use warnings::{findings, Context, Finding, Rule};

use chrono::{Datelike, NaiveDate};

/// The first day of the month holding `date`.
pub fn month_of(date: NaiveDate) -> NaiveDate {
    date.with_day(1).unwrap_or(date)
}

/// The first day of the month `n` months after (negative: before) the month of `date`.
pub fn month_add(date: NaiveDate, n: i32) -> NaiveDate {
    let index = date.year() * 12 + date.month0() as i32 + n;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1).unwrap_or(date)
}

/// The last day of the month holding `date`.
pub fn month_end(date: NaiveDate) -> NaiveDate {
    month_add(date, 1).pred_opt().unwrap_or(date)
}

/// Days in the month holding `date`.
pub fn days_in_month(date: NaiveDate) -> u32 {
    month_end(date).day()
}

/// A month's stable code, `2026-11`: the period of a warning.
pub fn month_code(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// Reads a month code back (`2026-11` → 1 November 2026).
pub fn parse_month_code(code: &str) -> Option<NaiveDate> {
    let (y, m) = code.split('.').next()?.split_once('-')?;
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
}

/// The same day a year earlier; 29 February becomes 28 February.
pub fn year_before(date: NaiveDate) -> NaiveDate {
    date.with_year(date.year() - 1)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() - 1, date.month(), 28))
        .unwrap_or(date)
}

/// Days from `from` to `to`.
pub fn days(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{is_cjk, Lang, Msg};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_and_years_step_over_their_ends() {
        assert_eq!(month_of(d(2026, 11, 25)), d(2026, 11, 1));
        assert_eq!(month_add(d(2026, 1, 31), -1), d(2025, 12, 1));
        assert_eq!(month_add(d(2026, 12, 5), 1), d(2027, 1, 1));
        assert_eq!(month_end(d(2024, 2, 3)), d(2024, 2, 29));
        assert_eq!(days_in_month(d(2026, 2, 3)), 28);
        assert_eq!(month_code(d(2026, 3, 9)), "2026-03");
        assert_eq!(parse_month_code("2026-03"), Some(d(2026, 3, 1)));
        assert_eq!(parse_month_code("2026-03.2"), Some(d(2026, 3, 1)));
        assert_eq!(parse_month_code("x"), None);
        assert_eq!(year_before(d(2024, 2, 29)), d(2023, 2, 28));
        assert_eq!(year_before(d(2026, 11, 30)), d(2025, 11, 30));
    }

    /// Every name the risk pages show exists in both languages, and no two of a family read alike.
    #[test]
    fn every_label_exists_in_both_languages() {
        use crate::model::risk::{IncidentKind, WarningKind, WarningState};
        let families: Vec<Vec<Msg>> = vec![
            warnings::KINDS.map(warnings::kind_label).to_vec(),
            warnings::STATES.map(warnings::state_label).to_vec(),
            Rule::ALL.map(Rule::label).to_vec(),
            [
                IncidentKind::Theft,
                IncidentKind::Accident,
                IncidentKind::FamilySplit,
                IncidentKind::SeriousIllness,
                IncidentKind::Other,
            ]
            .map(warnings::incident_label)
            .to_vec(),
            credit::Rating::ALL.map(credit::Rating::label).to_vec(),
            credit::Bucket::ALL.map(credit::Bucket::label).to_vec(),
            appraisal::Part::ALL.map(appraisal::Part::label).to_vec(),
        ];
        let _ = (WarningKind::Arrears, WarningState::Raised);
        for family in &families {
            for lang in Lang::ALL {
                let texts: std::collections::HashSet<&str> = family.iter().map(|m| m.text(lang)).collect();
                assert_eq!(texts.len(), family.len(), "{family:?} repeat a name in {lang:?}");
            }
            for m in family {
                assert!(m.text(Lang::Zh).chars().any(is_cjk), "{m:?}");
                assert!(!m.text(Lang::En).chars().any(is_cjk) && !m.text(Lang::En).trim().is_empty(), "{m:?}");
            }
        }
    }

    /// The risk core is pure: no web crate, no clock, no randomness in its source.
    #[test]
    fn the_risk_core_imports_nothing_from_the_web_and_reads_no_clock() {
        crate::purity::assert_module_is_pure("risk", 11);
    }
}
