//! The service desk (DOMAIN.md §8–§11), pure: satisfaction surveys and their figures,
//! complaints as a workflow, visits and return visits, after-sales, contracts, and the to-do
//! list that gathers what is due. No clock, no randomness, no web dependency: "today", ids and
//! stamps are passed in; the screens call these functions and show their results.
//!
//! - [`satisfaction`]: levels, index and rate, results per survey/item/customer/respondent/
//!   period, overall (40/60), competitor comparison, dissatisfied items, average-advanced
//!   targets, shortfalls and improvement plans.
//! - [`schedule`]: which customers are due a routine survey (key accounts quarterly, others
//!   half-yearly).
//! - [`complaints`]: the seven steps as a state machine, validation, overdue steps, photos,
//!   statistics.
//! - [`visits`]: timeline, return-visit schedule and its matching rule, key-account visits,
//!   promotions, first contacts, returns and repairs.
//! - [`contracts`]: standard fields, validity, renewals.
//! - [`todo`]: the to-do list.
//! - [`edits`]: the batches each user action writes.
//! - [`settings`]: every limit and default, stored in the firm settings.
//!
//! The rules, formulas and defaults are written out in `docs/service.md`.

pub mod complaints;
pub mod contracts;
pub mod edits;
pub mod period;
pub mod satisfaction;
pub mod schedule;
pub mod settings;
pub mod todo;
pub mod visits;

pub use period::{Granularity, Period};
pub use schedule::{key_accounts, IdSet};
pub use settings::{ServiceSettings, StepDays, YearTarget};
pub use todo::{todo, todo_for, OwnerFilter, TodoDetail, TodoItem, TodoKind};

use crate::model::validate::{FieldError, Invalid};

/// Names and short lines; one-line texts; long texts (as `model::validate` uses them).
pub(crate) const NAME_MAX: usize = 120;
pub(crate) const LINE_MAX: usize = 300;
pub(crate) const TEXT_MAX: usize = 4000;

pub(crate) fn check_len(out: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        out.push(FieldError { field, problem: Invalid::TooLong(max) });
    }
}

pub(crate) fn check_required(out: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    if value.trim().is_empty() {
        out.push(FieldError { field, problem: Invalid::Required });
    } else {
        check_len(out, field, value, max);
    }
}

#[cfg(test)]
mod tests {
    /// The service core is pure: no web crate, no clock, no randomness in its source.
    #[test]
    fn the_service_core_imports_nothing_from_the_web_and_reads_no_clock() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/service");
        let mut files = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            // The code, not its tests (this test names what it looks for).
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for banned in
                ["leptos", "web_sys", "js_sys", "wasm_bindgen", "Utc::now", "Local::now", "SystemTime", "fastrand"]
            {
                let found = code.lines().any(|l| !l.trim_start().starts_with("//") && l.contains(banned));
                assert!(!found, "{} uses {banned}", path.display());
            }
            files += 1;
        }
        assert!(files >= 9);
    }
}
