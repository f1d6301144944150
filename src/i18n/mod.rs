//! Languages: Chinese (zh-CN, the default) and English. Every text the UI shows is a [`Msg`];
//! the table in [`messages`] gives each one in both languages, so a missing translation is a
//! compile error, and a test checks none is empty or left untranslated.

mod format;
mod messages;

pub use format::{format_count, format_date, format_datetime, format_money, format_percent, format_qty, month_name};
pub use messages::Msg;

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Zh, Lang::En];

    /// BCP 47 tag, for `<html lang>`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language's own name, for the switcher.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
        }
    }
}

impl Msg {
    /// The text with `{0}`, `{1}`… replaced by `args`.
    pub fn with(self, lang: Lang, args: &[&str]) -> String {
        let mut out = self.text(lang).to_string();
        for (i, a) in args.iter().enumerate() {
            out = out.replace(&format!("{{{i}}}"), a);
        }
        out
    }
}

/// The message for a field problem found by validation.
pub fn invalid_text(problem: crate::model::validate::Invalid, lang: Lang) -> String {
    use crate::model::validate::Invalid as I;
    use crate::model::NumberError as N;
    match problem {
        I::Required => Msg::VRequired.text(lang).into(),
        I::TooLong(n) => Msg::VTooLong.with(lang, &[&n.to_string()]),
        I::Phone => Msg::VPhone.text(lang).into(),
        I::Email => Msg::VEmail.text(lang).into(),
        I::TaxNumber => Msg::VTaxNumber.text(lang).into(),
        I::Number(N::Empty) => Msg::VRequired.text(lang).into(),
        I::Number(N::NotANumber) => Msg::VNumber.text(lang).into(),
        I::Number(N::TooManyDecimals) => Msg::VDecimals.with(lang, &["2"]),
        I::Number(N::OutOfRange) => Msg::VRange.text(lang).into(),
        I::Date => Msg::VDate.text(lang).into(),
        I::DateInFuture => Msg::VDateFuture.text(lang).into(),
        I::NotPositive => Msg::VNotPositive.text(lang).into(),
        I::Negative => Msg::VNegative.text(lang).into(),
        I::UnknownProduct => Msg::VUnknownProduct.text(lang).into(),
        I::UnknownCustomer => Msg::VUnknownCustomer.text(lang).into(),
        I::Year => Msg::VYear.text(lang).into(),
        I::PaidTooMuch => Msg::VPaidTooMuch.text(lang).into(),
        I::ReturnTooMuch => Msg::VReturnTooMuch.text(lang).into(),
        I::Before(date) => Msg::VBefore.with(lang, &[&format_date(date, lang)]),
        I::Level => Msg::VLevel.text(lang).into(),
        I::NoAnswers => Msg::VNoAnswers.text(lang).into(),
        I::UnknownStaff => Msg::VUnknownStaff.text(lang).into(),
        I::UnknownDepartment => Msg::VUnknownDepartment.text(lang).into(),
        I::UnknownTemplate => Msg::VUnknownTemplate.text(lang).into(),
        I::UnknownDelivery => Msg::VUnknownDelivery.text(lang).into(),
        I::UnknownComplaint => Msg::VUnknownComplaint.text(lang).into(),
        I::Choice => Msg::SgErrChoice.text(lang).into(),
        I::StepOrder(Some(next)) => Msg::VStepOrder.with(lang, &[complaint_step_label(next).text(lang)]),
        I::StepOrder(None) => Msg::VStepClosed.text(lang).into(),
        I::FeedbackRequired => Msg::VFeedbackRequired.text(lang).into(),
        I::FileTooLarge(kb) => Msg::VFileTooLarge.with(lang, &[&kb.to_string()]),
        I::FileType => Msg::VFileType.text(lang).into(),
        I::TooMany(n) => Msg::VTooMany.with(lang, &[&n.to_string()]),
        I::Duplicate => Msg::VDuplicate.text(lang).into(),
        I::WeightSum(n) => Msg::VWeightSum.with(lang, &[&n.to_string()]),
        I::WarningStep => Msg::VWarningStep.text(lang).into(),
        I::Pin => Msg::VPin.text(lang).into(),
        I::WrongPin => Msg::VWrongPin.text(lang).into(),
    }
}

/// The label of a complaint step (DOMAIN.md §9).
pub fn complaint_step_label(kind: crate::model::service::ComplaintStepKind) -> Msg {
    use crate::model::service::ComplaintStepKind as K;
    match kind {
        K::Record => Msg::SvStepRecord,
        K::Decide => Msg::SvStepDecide,
        K::Assign => Msg::SvStepAssign,
        K::Cause => Msg::SvStepCause,
        K::Propose => Msg::SvStepPropose,
        K::Implement => Msg::SvStepImplement,
        K::Evaluate => Msg::SvStepEvaluate,
    }
}

/// The label of a customer type.
/// How a customer is named on screen and in exported lists: the record's name. An erased
/// customer's record holds none (DOMAIN.md §13: the tombstone stays so its sales still add up)
/// and shows as "已清除的客户 / Erased customer" wherever it is listed.
pub fn customer_label(name: &str, lang: Lang) -> &str {
    if name.is_empty() {
        Msg::PdErasedName.text(lang)
    } else {
        name
    }
}

/// The shown name ([`customer_label`]) of customer `id`, `None` when the data holds no such
/// customer.
pub fn customer_name(data: &crate::model::Dataset, id: &crate::model::Id, lang: Lang) -> Option<String> {
    data.customers.get(id).map(|c| customer_label(&c.data.name, lang).to_string())
}

pub fn customer_type_label(t: crate::model::CustomerType) -> Msg {
    use crate::model::CustomerType as T;
    match t {
        T::Dealer => Msg::TypeDealer,
        T::Retailer => Msg::TypeRetailer,
        T::Agent => Msg::TypeAgent,
        T::Industrial => Msg::TypeIndustrial,
        T::Consumer => Msg::TypeConsumer,
    }
}

/// True for CJK ideographs and CJK punctuation: how the tests tell Chinese text apart.
pub fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}')
}

/// The name of a kind of item (plural, as in "12 customers"), for previews and counts.
pub fn kind_label(kind: crate::model::Kind) -> Msg {
    use crate::model::Kind as K;
    match kind {
        K::Branch => Msg::KindBranch,
        K::Department => Msg::KindDepartment,
        K::Staff => Msg::KindStaff,
        K::FirmSettings => Msg::KindFirmSettings,
        K::Customer => Msg::KindCustomer,
        K::Contact => Msg::KindContact,
        K::Redirect => Msg::KindRedirect,
        K::Product => Msg::KindProduct,
        K::Sale => Msg::KindSale,
        K::Payment => Msg::KindPayment,
        K::Expense => Msg::KindExpense,
        K::ExpenseBudget => Msg::KindExpenseBudget,
        K::StockCount => Msg::KindStockCount,
        K::Delivery => Msg::KindDelivery,
        K::MonthlyPlan => Msg::KindMonthlyPlan,
        K::SurveyTemplate => Msg::KindSurveyTemplate,
        K::SurveyResponse => Msg::KindSurveyResponse,
        K::ImprovementPlan => Msg::KindImprovementPlan,
        K::Complaint => Msg::KindComplaint,
        K::ComplaintStep => Msg::KindComplaintStep,
        K::Attachment => Msg::KindAttachment,
        K::Interaction => Msg::KindInteraction,
        K::Repair => Msg::KindRepair,
        K::Contract => Msg::KindContract,
        K::CreditInvestigation => Msg::KindCreditInvestigation,
        K::Scorecard => Msg::KindScorecard,
        K::Warning => Msg::KindWarning,
        K::ValueAssessment => Msg::KindValueAssessment,
        K::SavedSegment => Msg::KindSavedSegment,
        K::Revision => Msg::KindRevision,
        K::Erasure => Msg::KindErasure,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<String> {
        let mut out: Vec<String> = (0..10).map(|i| format!("{{{i}}}")).filter(|p| text.contains(p.as_str())).collect();
        out.sort();
        out
    }

    #[test]
    fn every_message_exists_in_both_languages() {
        for &m in Msg::ALL {
            let zh = m.text(Lang::Zh);
            let en = m.text(Lang::En);
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{m:?} is empty in a language");
            assert!(zh.chars().any(is_cjk), "{m:?} has no Chinese in zh: {zh:?}");
            assert!(!en.chars().any(is_cjk), "{m:?} has Chinese in en: {en:?}");
            assert_eq!(placeholders(zh), placeholders(en), "{m:?} has different placeholders");
        }
    }

    #[test]
    fn messages_are_not_listed_twice() {
        let mut seen = std::collections::HashSet::new();
        for &m in Msg::ALL {
            assert!(seen.insert((m.text(Lang::Zh), m.text(Lang::En))), "{m:?} duplicates another message");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        assert_eq!(Msg::MatchCount.with(Lang::En, &["12", "40"]), "12 of 40 customers");
        assert_eq!(Msg::MatchCount.with(Lang::Zh, &["12", "40"]), "共 40 位客户，匹配 12 位");
    }

    #[test]
    fn validation_messages_name_the_date_and_the_step() {
        use crate::model::service::ComplaintStepKind;
        use crate::model::validate::Invalid;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 3, 5).unwrap();
        assert_eq!(invalid_text(Invalid::Before(date), Lang::Zh), "不能早于 2026年3月5日");
        assert_eq!(invalid_text(Invalid::Before(date), Lang::En), "Cannot be before 5 Mar 2026");
        let step = invalid_text(Invalid::StepOrder(Some(ComplaintStepKind::Decide)), Lang::Zh);
        assert!(step.contains("判定是否成立"), "{step}");
        assert_eq!(
            invalid_text(Invalid::FileTooLarge(512), Lang::En),
            "The photo is too large (at most 512 KB compressed)"
        );
    }

    #[test]
    fn tags_round_trip() {
        for l in Lang::ALL {
            assert_eq!(Lang::from_tag(l.tag()), Some(l));
        }
        assert_eq!(Lang::from_tag("zh-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("fr"), None);
    }
}
