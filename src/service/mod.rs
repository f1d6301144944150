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
pub mod settings_form;
pub mod todo;
pub mod visit_forms;
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
    use crate::i18n::{is_cjk, Lang, Msg};
    use crate::model::service::ComplaintStepKind;

    /// Every name the service desk shows, family by family, exists in both languages and no
    /// two names of a family read alike.
    #[test]
    fn every_label_exists_in_both_languages() {
        use super::complaints::{category_label, step_label, Cause, Stage, CATEGORIES, STEPS};
        use super::contracts::Validity;
        use super::satisfaction::{respondent_label, Level, Measure, Part, PlanState};
        use super::visits::{interaction_label, EntryKind, RepairState, INTERACTION_KINDS};
        use crate::model::service::Respondent;
        let families: Vec<Vec<Msg>> = vec![
            Level::ALL.map(Level::label).to_vec(),
            vec![Part::Survey.label(), Part::SelfAssessment.label()],
            [Respondent::Customer, Respondent::Dealer, Respondent::SelfAssessment].map(respondent_label).to_vec(),
            vec![Measure::Index.label(), Measure::Rate.label()],
            vec![
                PlanState::Open.label(),
                PlanState::Due(0).label(),
                PlanState::Due(3).label(),
                PlanState::Closed(Default::default()).label(),
            ],
            CATEGORIES.map(category_label).to_vec(),
            STEPS.map(step_label).to_vec(),
            Cause::ALL.map(Cause::label).to_vec(),
            [
                Stage::New,
                Stage::AwaitingDecision,
                Stage::AwaitingAssignment,
                Stage::AwaitingCause,
                Stage::AwaitingProposal,
                Stage::Negotiating,
                Stage::AwaitingImplementation,
                Stage::AwaitingEvaluation,
                Stage::AwaitingFeedback,
                Stage::Closed { stood: true },
                Stage::Closed { stood: false },
            ]
            .map(Stage::label)
            .to_vec(),
            INTERACTION_KINDS.map(interaction_label).to_vec(),
            [EntryKind::Complaint, EntryKind::Repair, EntryKind::Survey, EntryKind::Contract]
                .map(EntryKind::label)
                .to_vec(),
            [RepairState::Open, RepairState::AwaitingFeedback, RepairState::Closed].map(RepairState::label).to_vec(),
            [
                Validity::NotYetValid { days_to_start: 1 },
                Validity::Valid,
                Validity::Expiring { days_left: 1 },
                Validity::Expired { days_ago: 1 },
                Validity::Undated,
            ]
            .map(Validity::label)
            .to_vec(),
            super::TodoKind::ALL.map(super::TodoKind::label).to_vec(),
            super::Granularity::ALL.map(super::Granularity::label).to_vec(),
        ];
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
        // The default items carry both labels from the message table.
        for item in super::satisfaction::default_items() {
            assert!(item.label_zh.chars().any(is_cjk) && !item.label_en.chars().any(is_cjk), "{item:?}");
        }
        assert_eq!(crate::i18n::complaint_step_label(ComplaintStepKind::Evaluate).text(Lang::Zh), "总结评估");
    }

    /// The service core is pure: no web crate, no clock, no randomness in its source.
    #[test]
    fn the_service_core_imports_nothing_from_the_web_and_reads_no_clock() {
        crate::purity::assert_module_is_pure("service", 9);
    }
}
