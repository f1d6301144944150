//! The customer record (DOMAIN.md §2) and the people at a customer.

use super::Id;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Customer types of DOMAIN.md §1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerType {
    /// 经销商
    #[default]
    Dealer,
    /// 零售商
    Retailer,
    /// 代理商
    Agent,
    /// 终端客户 — 工业客户
    Industrial,
    /// 终端客户 — 消费者
    Consumer,
}

impl CustomerType {
    pub const ALL: [CustomerType; 5] = [
        CustomerType::Dealer,
        CustomerType::Retailer,
        CustomerType::Agent,
        CustomerType::Industrial,
        CustomerType::Consumer,
    ];

    /// Stable code, used in URLs, CSV and settings.
    pub fn code(self) -> &'static str {
        match self {
            CustomerType::Dealer => "dealer",
            CustomerType::Retailer => "retailer",
            CustomerType::Agent => "agent",
            CustomerType::Industrial => "industrial",
            CustomerType::Consumer => "consumer",
        }
    }

    pub fn from_code(code: &str) -> Option<CustomerType> {
        CustomerType::ALL.into_iter().find(|t| t.code() == code)
    }
}

crate::entity_fields! {
    /// A customer (客户档案). Grouped as DOMAIN.md §2 groups it; every field's history is kept.
    pub struct Customer {
        // 基础资料 basic data
        pub name: String,
        pub customer_type: CustomerType,
        pub phone: String,
        pub address: String,
        /// Province or market region (市场区域), e.g. 华东 / 浙江.
        pub region: String,
        pub city: String,
        pub tax_number: String,
        /// The staff member responsible (专人负责).
        pub owner: Option<Id>,
        /// The customer's manager (负责人) and legal representative (法定代表人), as names.
        pub manager: String,
        pub legal_representative: String,
        /// Trading with us since (与本公司交易起始).
        pub since: Option<NaiveDate>,
        /// Lines of business (经营范围).
        pub business_lines: String,
        // 客户特征 characteristics
        pub sales_capability: String,
        pub development_potential: String,
        pub business_philosophy: String,
        pub business_direction: String,
        pub business_policy: String,
        pub features: String,
        // 业务状况 business status
        pub sales_results: String,
        pub market_share: String,
        pub competitiveness: String,
        pub competitor_relations: String,
        pub cooperation: String,
        // 交易现状 transaction status
        pub current_activity: String,
        pub open_problems: String,
        pub strategy: String,
        pub outlook: String,
        pub image: String,
        pub reputation: String,
        pub financial_status: String,
        pub credit_status: String,
        pub notes: String,
        /// Archived customers are hidden from lists but keep all their data (soft delete).
        pub archived: bool,
        /// Key account by hand: Some(true) marked, Some(false) unmarked, None = by the ABC rule.
        pub key_account: Option<bool>,
        /// Share of company sales the firm expects from this customer, in basis points (1% = 100).
        pub expected_share_bp: Option<u32>,
        /// A credit limit set by hand (overrides the default from the ABC class), with its reason.
        pub credit_limit: Option<super::Money>,
        pub credit_limit_reason: String,
    }
}

crate::entity_fields! {
    /// A person at a customer (客户的关键人物). The personal fields are sensitive under PIPL.
    pub struct Contact {
        pub customer: Id,
        pub name: String,
        pub title: String,
        pub phone: String,
        pub email: String,
        pub is_key_person: bool,
        pub birth_year: Option<i32>,
        pub education: String,
        pub interests: String,
        pub ability: String,
        pub background: String,
        pub character: String,
        pub family: String,
        pub health: String,
        pub personal_notes: String,
    }
    sensitive: [character, family, health, personal_notes, birth_year]
}
