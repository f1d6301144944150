//! Credit, evaluation and warnings (DOMAIN.md §5–§7); screens in a later issue.

use super::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A credit investigation (信用调查): a fact, kept with its date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CreditInvestigation {
    pub customer: Id,
    pub date: NaiveDate,
    /// bank, credit agency, industry body, colleagues/news.
    pub source: String,
    /// Ratios in basis points (current ratio 1.5 → 15000), so they stay exact.
    #[serde(default)]
    pub current_ratio_bp: Option<i64>,
    #[serde(default)]
    pub quick_ratio_bp: Option<i64>,
    #[serde(default)]
    pub profitability_bp: Option<i64>,
    #[serde(default)]
    pub ability_to_pay: String,
    #[serde(default)]
    pub trading_record: String,
    #[serde(default)]
    pub collateral: String,
    #[serde(default)]
    pub business_condition: String,
    /// The resulting rating, e.g. AAA / AA / A / B / C.
    #[serde(default)]
    pub rating: String,
}

/// A scorecard filled in for a customer (§5): scores 0–100 per criterion key, kept with its date.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    pub customer: Id,
    pub date: NaiveDate,
    pub scores: Vec<(String, u32)>,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningKind {
    #[default]
    Arrears,
    SalesProgress,
    SalesExpense,
    Churn,
    MajorIncident,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningState {
    #[default]
    Raised,
    Acknowledged,
    CauseFound,
    Resolved,
}

crate::entity_fields! {
    /// An early warning (预警). A computed warning's id is derived from kind, customer and period,
    /// so two branches raising the same warning hold one after an exchange.
    pub struct Warning {
        pub kind: WarningKind,
        pub customer: Option<Id>,
        /// The period the warning is about, e.g. "2026-11".
        pub period: String,
        pub state: WarningState,
        pub owner: Option<Id>,
        /// The numbers that triggered it: (name, value).
        pub numbers: Vec<(String, f64)>,
        pub description: String,
        pub cause: String,
        pub resolution: String,
        pub resolved_automatically: bool,
        /// The sub-rules that fired (`risk::warnings::Rule::code`), e.g. `behind_plan`.
        pub rules: Vec<String>,
        /// The day it was raised, acknowledged, its cause found, resolved.
        pub raised_on: Option<NaiveDate>,
        pub acknowledged_on: Option<NaiveDate>,
        pub cause_found_on: Option<NaiveDate>,
        pub resolved_on: Option<NaiveDate>,
        /// The condition no longer holds but the owner had taken the warning up: they are asked
        /// to close it (it does not close itself).
        pub close_requested: bool,
        /// For a major incident reported by staff: what happened.
        pub incident: Option<IncidentKind>,
    }
}

/// A major incident at a customer (重大变故, DOMAIN.md §7.5), reported by staff.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    #[default]
    Theft,
    Accident,
    FamilySplit,
    SeriousIllness,
    Other,
}
