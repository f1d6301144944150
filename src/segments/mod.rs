//! Customer segments (客户细分): the built-in ones (ABC classes, RFM segments, lifecycle
//! stages, key accounts) and the firm's own, defined as rules over any customer field or
//! score (DOMAIN.md §12: "the firm's own segments are rules over any computed score").
//!
//! Pure: rules are data ([`rule`]), checked into typed values with each problem placed on its
//! input ([`check`]), and evaluated over a [`Population`] — the customers column by column,
//! built once per change of the data or the scores, so each edit of a rule is one pass over
//! plain arrays. Saved segments are `SavedSegment` records (`Dataset::segments`) holding the
//! rules' JSON, so they are stored, merged and exchanged like every other record.

pub mod builtin;
pub mod check;
pub mod export;
pub mod population;
pub mod rule;

pub use builtin::{builtin, builtins, BuiltIn, Family};
pub use check::{check, check_name, check_strict, CheckedRules, Place, Problem, RuleError};
pub use population::Population;
pub use rule::{Condition, Field, FieldKind, Group, Join, Op, Rules, RulesError, RULES_VERSION};

use crate::model::{Dataset, Id, IdMap};
use crate::search::ScoreFilter;
use crate::workspace::{summary, ScoreResult};

/// Why a saved segment cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SavedError {
    #[error("no such segment")]
    NotFound,
    #[error("rules unreadable: {0}")]
    Rules(#[from] RulesError),
    #[error("rules incomplete")]
    Invalid(Vec<RuleError>),
}

/// A saved segment's name and checked rules. A deleted, unreadable or incomplete segment is
/// an error: used as a filter it selects no one rather than everyone.
pub fn saved(data: &Dataset, id: &Id) -> Result<(String, CheckedRules), SavedError> {
    let record = data.segments.get(id).filter(|r| !r.is_deleted()).ok_or(SavedError::NotFound)?;
    let rules = Rules::from_json(&record.data.rules)?;
    let checked = check_strict(&rules).map_err(SavedError::Invalid)?;
    Ok((record.data.name.clone(), checked))
}

/// The customers a list filter selects: the score table's own filters as
/// [`summary::select`] gives them, key accounts and saved segments by their rules.
pub fn select(data: &Dataset, result: &ScoreResult, filter: ScoreFilter) -> IdMap<()> {
    let rules = match filter {
        ScoreFilter::KeyAccounts => builtin(filter).and_then(|b| check_strict(&b.rules).ok()),
        ScoreFilter::Saved(id) => saved(data, &id).ok().map(|(_, r)| r),
        other => return summary::select(result, other),
    };
    let Some(rules) = rules else { return IdMap::default() };
    let population = Population::new(data, Some(result));
    population.id_set(&population.matches(&rules))
}

#[cfg(test)]
mod tests;
