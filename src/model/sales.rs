//! Products, sales lines, payments, expenses, stock counts, deliveries and plans (DOMAIN.md §3).

use super::{Id, Money, Qty};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::entity_fields! {
    /// A product we sell, with its cost so gross margin can be computed.
    pub struct Product {
        pub name: String,
        /// Specification (规格).
        pub spec: String,
        pub unit: String,
        pub category: String,
        pub list_price: Money,
        pub unit_cost: Money,
        pub archived: bool,
    }
}

/// A sales line (销售记录): a fact. Returns and exchanges (退换货) are negative lines linked to
/// the original with `return_of`; they reduce sales but are not purchase days. What is still owed
/// follows from lines minus [`Payment`]s, so it is not stored here.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Sale {
    pub customer: Id,
    pub product: Id,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub spec: String,
    pub date: NaiveDate,
    pub quantity: Qty,
    pub amount: Money,
    /// Total cost of the goods on this line (unit cost × quantity at the time of sale).
    #[serde(default)]
    pub cost: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub return_of: Option<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Sale {
    pub fn is_return(&self) -> bool {
        self.return_of.is_some()
    }
}

/// A payment received (回款): a fact. `lines` names the sales lines it settles first; any
/// remainder settles the customer's oldest open lines.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Payment {
    pub customer: Id,
    pub date: NaiveDate,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<Id>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub method: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseCategory {
    #[default]
    Promotion,
    Travel,
    Rebate,
    Entertainment,
    Advertising,
    Other,
}

/// A sales expense on a customer (销售费用): a fact.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Expense {
    pub customer: Id,
    pub date: NaiveDate,
    pub category: ExpenseCategory,
    pub amount: Money,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

crate::entity_fields! {
    /// The expense budget for a customer for a year, or one month of it.
    pub struct ExpenseBudget {
        pub customer: Id,
        pub year: i32,
        /// 1–12, or None for the whole year.
        pub month: Option<u32>,
        pub amount: Money,
    }
}

crate::entity_fields! {
    /// Our product's stock at a customer for a month, counted by staff on visits (for turnover).
    pub struct StockCount {
        pub customer: Id,
        pub product: Id,
        /// The first day of the month counted.
        pub month: Option<NaiveDate>,
        pub opening: Qty,
        pub closing: Qty,
    }
}

crate::entity_fields! {
    /// A delivered project or order put into use: return visits are scheduled from it (§10).
    pub struct Delivery {
        pub customer: Id,
        pub description: String,
        pub delivered_on: Option<NaiveDate>,
        pub in_use_since: Option<NaiveDate>,
        pub lines: Vec<Id>,
        pub note: String,
        /// Return visits stop after this day (taken out of use, service ended); None = go on.
        pub visits_until: Option<NaiveDate>,
    }
}

/// One target of a monthly plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanItem {
    pub product: Option<Id>,
    #[serde(default)]
    pub spec: String,
    pub quantity: Qty,
    pub amount: Money,
}

crate::entity_fields! {
    /// A monthly sales plan for a customer (销售计划).
    pub struct MonthlyPlan {
        pub customer: Id,
        /// The first day of the month planned.
        pub month: Option<NaiveDate>,
        pub items: Vec<PlanItem>,
        pub schedule: String,
        pub support: String,
    }
}
