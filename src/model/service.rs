//! Customer service (DOMAIN.md §8–§11): surveys, improvement plans, complaints, interactions,
//! repairs and contracts. Their screens come in a later issue; the shapes are fixed now so that
//! storage and branch exchange carry them from the first release.

use super::Id;
use super::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One question of a satisfaction survey.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyItem {
    pub key: String,
    pub label_zh: String,
    pub label_en: String,
}

crate::entity_fields! {
    /// A survey form (满意度调查表) with its items and an open question.
    pub struct SurveyTemplate {
        pub name: String,
        pub items: Vec<SurveyItem>,
        pub open_question: String,
        pub archived: bool,
    }
}

/// Who filled a survey in: a customer, a dealer, or our own salesperson's self-assessment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Respondent {
    #[default]
    Customer,
    Dealer,
    SelfAssessment,
}

/// A returned survey form: a fact. Levels are 1 (very dissatisfied) … 5 (very satisfied),
/// scored 2/4/6/8/10 (§8). `about_competitor` names the competitor when the form rates them.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SurveyResponse {
    pub template: Id,
    #[serde(default)]
    pub customer: Option<Id>,
    pub respondent: Respondent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about_competitor: Option<String>,
    pub date: NaiveDate,
    pub answers: Vec<(String, u8)>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub comment: String,
}

crate::entity_fields! {
    /// An improvement plan opened when results fall below target; followed until closed.
    pub struct ImprovementPlan {
        pub topic: String,
        pub responsible: Option<Id>,
        pub actions: String,
        pub due: Option<NaiveDate>,
        pub closed_on: Option<NaiveDate>,
        pub outcome: String,
        /// What opened the plan, as a stable key (`service::satisfaction::Shortfall::key`), so
        /// the rule "a result below target opens a plan" can tell the shortfall already has
        /// one. Empty for plans opened by hand.
        pub trigger: String,
        /// The day the plan was opened.
        pub opened_on: Option<NaiveDate>,
        /// The department carrying out the plan.
        pub department: Option<Id>,
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCategory {
    #[default]
    ProductQuality,
    LateDelivery,
    SpecificationMismatch,
    Packaging,
    ServiceLevel,
    Other,
}

crate::entity_fields! {
    /// A complaint (客户投诉): its header. The seven steps are [`ComplaintStep`] facts.
    pub struct Complaint {
        pub customer: Id,
        pub received_on: Option<NaiveDate>,
        /// Who complained (name at the customer).
        pub complainant: String,
        /// Against what: product, order, service.
        pub against: String,
        pub wants: String,
        pub category: ComplaintCategory,
    }
}

/// The steps of §9, in order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStepKind {
    #[default]
    Record,
    Decide,
    Assign,
    Cause,
    Propose,
    Implement,
    Evaluate,
}

/// One step of a complaint's workflow: a fact (who, when, what was told to the customer).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ComplaintStep {
    pub complaint: Id,
    pub kind: ComplaintStepKind,
    pub date: NaiveDate,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub told_customer: String,
    /// For the decision step: does the complaint stand?
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stands: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responsible: Option<Id>,
    /// Attached photos (ids of [`Attachment`] facts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Id>,
    /// Who did the step (staff); the complaint's "who" of each step.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<Id>,
    /// For the proposal step: did the customer accept the proposed solution? `Some(false)`
    /// (refused) or `None` (no answer yet) means negotiating: another proposal follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted: Option<bool>,
    /// For the cause step: the kind of cause, a stable code (`service::complaints::Cause`),
    /// for the statistics by cause.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub cause_code: String,
    /// For the evaluation step: prevention measures and accountability (预防措施, 责任处理).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub prevention: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub accountability: String,
}

/// A compressed file (a photo) attached to a complaint step or a visit: a fact.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub mime: String,
    pub name: String,
    /// Base64 of the compressed bytes.
    pub data: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InteractionKind {
    #[default]
    Visit,
    ReturnVisit,
    Call,
    Meeting,
    Promotion,
    FirstContact,
}

/// A visit, call, meeting, promotion or first contact (沟通, 首问制): a fact in the archive.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Interaction {
    pub customer: Id,
    pub kind: InteractionKind,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff: Option<Id>,
    #[serde(default)]
    pub summary: String,
    /// Promotions: plan, budget, actual cost and the evaluation of the effect.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub plan: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Money>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub evaluation: String,
    /// First contact: who it was handed to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_to: Option<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<Id>,
    /// Attached photos (ids of [`Attachment`] facts).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub photos: Vec<Id>,
}

crate::entity_fields! {
    /// A repair (维修): a service record with its state and the customer's feedback.
    pub struct Repair {
        pub customer: Id,
        pub product: Option<Id>,
        pub received_on: Option<NaiveDate>,
        pub problem: String,
        pub done_on: Option<NaiveDate>,
        pub feedback: String,
        /// Who handles the repair.
        pub staff: Option<Id>,
    }
}

crate::entity_fields! {
    /// A contract (合同) with the standard fields of DOMAIN.md §11.
    pub struct Contract {
        pub customer: Id,
        pub number: String,
        pub subject: String,
        pub quality: String,
        pub delivery_terms: String,
        pub acceptance: String,
        pub rights: String,
        pub settlement: String,
        pub policy: String,
        pub ordering_and_returns: String,
        pub breach_and_disputes: String,
        pub signed_on: Option<NaiveDate>,
        pub signed_at: String,
        pub valid_from: Option<NaiveDate>,
        pub valid_to: Option<NaiveDate>,
        pub our_party: String,
        pub their_party: String,
        pub their_legal_representative: String,
        pub their_signing_representative: String,
        pub their_bank_account: String,
        pub their_tax_number: String,
        pub their_address: String,
        pub their_contact: String,
        /// The firm decided not to renew: no renewal reminder when it expires.
        pub no_renewal: bool,
    }
}
