//! The service settings screen as data (`crate::forms`): every limit and schedule of
//! [`ServiceSettings`] but the yearly targets (set on the surveys' targets tab), grouped as the
//! screen shows them, each under the field name `validate_settings` uses.

use super::settings::ServiceSettings;
use crate::forms::{parse_count, SettingField, SettingGroup};
use crate::i18n::Msg;

/// A whole-number setting: its field name, label, hint and the struct path it reads and writes.
macro_rules! count {
    ($field:literal, $label:ident, $hint:ident, $($path:ident).+) => {
        SettingField {
            field: $field,
            label: Msg::$label,
            hint: Msg::$hint,
            get: |s: &ServiceSettings| s.$($path).+.to_string(),
            set: |s: &mut ServiceSettings, t: &str| parse_count(t).map(|v| s.$($path).+ = v),
        }
    };
}

static SURVEYS: [SettingField<ServiceSettings>; 3] = [
    count!("self_weight_pct", SsSelfWeight, SsHintPct100, self_weight_pct),
    count!("key_survey_months", SsKeySurvey, SsHintMonths24, key_survey_months),
    count!("ordinary_survey_months", SsOrdinarySurvey, SsHintMonths24, ordinary_survey_months),
];

static VISITS: [SettingField<ServiceSettings>; 4] = [
    count!("visit_monthly_months", SsVisitMonthly, SsHintMonths60, visit_monthly_months),
    count!("visit_later_months", SsVisitLater, SsHintMonths24, visit_later_months),
    count!("visit_early_days", SsVisitEarly, SsHintDays27, visit_early_days),
    count!("key_visit_months", SsKeyVisit, SsHintMonths24, key_visit_months),
];

static COMPLAINTS: [SettingField<ServiceSettings>; 8] = [
    count!("step_days.decide", SsStepDecide, SsHintDays365, step_days.decide),
    count!("step_days.assign", SsStepAssign, SsHintDays365, step_days.assign),
    count!("step_days.cause", SsStepCause, SsHintDays365, step_days.cause),
    count!("step_days.propose", SsStepPropose, SsHintDays365, step_days.propose),
    count!("step_days.negotiate", SsStepNegotiate, SsHintDays365, step_days.negotiate),
    count!("step_days.implement", SsStepImplement, SsHintDays365, step_days.implement),
    count!("step_days.evaluate", SsStepEvaluate, SsHintDays365, step_days.evaluate),
    count!("step_days.feedback", SsStepFeedback, SsHintDays365, step_days.feedback),
];

static CONTRACTS_REPAIRS: [SettingField<ServiceSettings>; 3] = [
    count!("contract_notice_days", SsContractNotice, SsHintDays365, contract_notice_days),
    count!("repair_days", SsRepairDays, SsHintDays365, repair_days),
    count!("repair_feedback_days", SsRepairFeedback, SsHintDays365, repair_feedback_days),
];

static PHOTOS: [SettingField<ServiceSettings>; 2] = [
    SettingField {
        field: "max_photo_bytes",
        label: Msg::SsPhotoSize,
        hint: Msg::SsHintKb,
        get: |s| (s.max_photo_bytes / 1024).to_string(),
        set: |s, t| parse_count(t).map(|kb| s.max_photo_bytes = kb.saturating_mul(1024)),
    },
    count!("max_photos", SsPhotoCount, SsHintCount20, max_photos),
];

/// The screen's groups, in order.
pub static GROUPS: [SettingGroup<ServiceSettings>; 5] = [
    SettingGroup { title: Msg::SsGroupSurveys, fields: &SURVEYS, error: None },
    SettingGroup { title: Msg::SsGroupVisits, fields: &VISITS, error: None },
    SettingGroup { title: Msg::SsGroupComplaints, fields: &COMPLAINTS, error: None },
    SettingGroup { title: Msg::SsGroupContracts, fields: &CONTRACTS_REPAIRS, error: None },
    SettingGroup { title: Msg::CpPhotos, fields: &PHOTOS, error: None },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{read, texts_of};
    use crate::service::settings::validate_settings;

    #[test]
    fn the_defaults_read_back_unchanged() {
        let s = ServiceSettings::default();
        let texts = texts_of(&GROUPS, &s);
        assert_eq!(texts[0], "40");
        assert_eq!(read(&GROUPS, &s, &texts), (s, vec![]));
    }

    #[test]
    fn a_shorter_step_limit_is_read_into_its_step() {
        let s = ServiceSettings::default();
        let mut texts = texts_of(&GROUPS, &s);
        let i = GROUPS.iter().flat_map(|g| g.fields.iter()).position(|f| f.field == "step_days.cause").unwrap();
        texts[i] = "1".into();
        assert_eq!(read(&GROUPS, &s, &texts).0.step_days.cause, 1);
    }

    #[test]
    fn every_field_the_rules_check_is_on_the_screen() {
        // Each problem `validate_settings` can name shows next to a field of the screen (the
        // yearly targets are edited on the surveys' targets tab).
        let fields: Vec<&str> = GROUPS.iter().flat_map(|g| g.fields.iter()).map(|f| f.field).collect();
        let worst = ServiceSettings {
            self_weight_pct: 101,
            key_survey_months: 0,
            ordinary_survey_months: 0,
            visit_monthly_months: 61,
            visit_later_months: 0,
            visit_early_days: 28,
            key_visit_months: 0,
            step_days: crate::service::settings::StepDays {
                decide: 366,
                assign: 366,
                cause: 366,
                propose: 366,
                negotiate: 366,
                implement: 366,
                evaluate: 366,
                feedback: 366,
            },
            contract_notice_days: 366,
            repair_days: 366,
            repair_feedback_days: 366,
            max_photo_bytes: 1,
            max_photos: 21,
            targets: Vec::new(),
        };
        let named: Vec<&str> = validate_settings(&worst).iter().map(|e| e.field).collect();
        assert_eq!(named, fields);
    }
}
