//! The firm itself: branches, departments, staff, and the firm-wide settings.

use super::{Id, Money};
use serde::{Deserialize, Serialize};

crate::entity_fields! {
    /// A branch (分公司/门店). Every record belongs to the branch that created it.
    pub struct Branch {
        pub name: String,
        pub code: String,
        pub region: String,
        pub address: String,
    }
}

/// What a department does; complaint and improvement steps are assigned by it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DepartmentFunction {
    #[default]
    Sales,
    AfterSales,
    Quality,
    Technical,
    Logistics,
    Finance,
    Other,
}

crate::entity_fields! {
    pub struct Department {
        pub name: String,
        pub function: DepartmentFunction,
    }
}

crate::entity_fields! {
    /// A staff member: owner of customers, author of changes.
    pub struct Staff {
        pub name: String,
        pub department: Option<Id>,
        pub title: String,
        pub phone: String,
        pub email: String,
        /// A salted hash of the personal PIN (privacy issue); never the PIN itself.
        pub pin_hash: String,
        pub archived: bool,
    }
}

/// A scorecard criterion (DOMAIN.md §5) with its weight in percent and optional sub-criteria.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    pub key: String,
    pub name_zh: String,
    pub name_en: String,
    pub weight_pct: u32,
    #[serde(default)]
    pub sub: Vec<Criterion>,
}

crate::entity_fields! {
    /// Firm-wide settings that travel with branch exchange (one record, id [`Id::NIL`]).
    pub struct FirmSettings {
        pub firm_name: String,
        /// ISO currency code; amounts are in its minor unit (fen for CNY).
        pub currency: String,
        /// Total assets, entered by the firm, for the receivables line (赊销警戒线).
        pub total_assets: Money,
        /// Receivables line in percent of total assets (default 20).
        pub receivables_line_pct: u32,
        /// ABC thresholds in basis points of cumulative sales (defaults 7500 and 9500).
        pub abc_a_bp: u32,
        pub abc_b_bp: u32,
        /// Days without purchase after which a customer is no longer active (default 365).
        pub active_days: u32,
        /// Default credit limits by ABC class; None = not limited.
        pub credit_limit_a: Option<Money>,
        pub credit_limit_b: Option<Money>,
        pub credit_limit_c: Option<Money>,
        /// Scorecard criteria and weights (§5).
        pub scorecard: Vec<Criterion>,
        /// The service desk's settings (`service::ServiceSettings`) as JSON: its fields can
        /// grow without a new binary field each time. Empty = the defaults.
        pub service_settings: String,
        /// Credit, plan and warning settings (`risk::RiskSettings`) as JSON; empty = defaults.
        pub risk_settings: String,
    }
}

impl FirmSettings {
    /// The defaults DOMAIN.md gives.
    pub fn defaults() -> FirmSettings {
        FirmSettings {
            firm_name: String::new(),
            currency: "CNY".into(),
            total_assets: Money::ZERO,
            receivables_line_pct: 20,
            abc_a_bp: 7_500,
            abc_b_bp: 9_500,
            active_days: 365,
            credit_limit_a: None,
            credit_limit_b: Some(Money::from_yuan(500_000)),
            credit_limit_c: Some(Money::from_yuan(50_000)),
            scorecard: default_scorecard(),
            service_settings: String::new(),
            risk_settings: String::new(),
        }
    }
}

fn criterion(key: &str, zh: &str, en: &str, weight_pct: u32, sub: Vec<Criterion>) -> Criterion {
    Criterion { key: key.into(), name_zh: zh.into(), name_en: en.into(), weight_pct, sub }
}

/// DOMAIN.md §5: enthusiasm, operating capability (five sub-criteria), reputation, social relations.
pub fn default_scorecard() -> Vec<Criterion> {
    vec![
        criterion("enthusiasm", "积极性", "Enthusiasm", 25, vec![]),
        criterion(
            "capability",
            "经营能力",
            "Operating capability",
            35,
            vec![
                criterion("flexibility", "经营灵活性", "Flexibility", 20, vec![]),
                criterion("reach", "分销能力(下游网点与覆盖)", "Distribution reach", 20, vec![]),
                criterion("capital", "资金实力", "Capital", 20, vec![]),
                criterion("brands", "畅销品牌数量", "Best-selling brands held", 20, vec![]),
                criterion("facilities", "仓库、车辆与人员", "Warehouses, vehicles, staff", 20, vec![]),
            ],
        ),
        criterion("reputation", "信誉", "Reputation", 25, vec![]),
        criterion("relations", "社会关系", "Social relations", 15, vec![]),
    ]
}
