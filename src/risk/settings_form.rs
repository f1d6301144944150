//! The warning and credit settings screen as data (`crate::forms`): the thresholds of
//! [`RiskSettings`] with the credit figures kept in their own `FirmSettings` fields (limits by
//! ABC class, total assets, the receivables line), grouped as the screen shows them, each under
//! the field name `validate_settings` / `edits::save_risk_settings` use. The key-account rule is
//! a choice, not a number: the screen shows it as a select over `RiskForm::settings.key_rule`.

use super::settings::RiskSettings;
use crate::forms::{
    bp_as_pct, parse_bp_as_pct, parse_count, parse_fraction, parse_optional_yuan, parse_yuan, SettingField,
    SettingGroup,
};
use crate::i18n::Msg;
use crate::model::validate::Invalid;
use crate::model::{FirmSettings, Money, NumberError};

/// Everything the screen edits, as `edits::save_risk_settings` takes it.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskForm {
    pub settings: RiskSettings,
    /// Default credit limits of classes A, B and C (`None`: not limited).
    pub limits: [Option<Money>; 3],
    pub total_assets: Money,
    pub line_pct: u32,
}

impl RiskForm {
    pub fn of_firm(firm: &FirmSettings) -> RiskForm {
        RiskForm {
            settings: RiskSettings::of_firm(firm),
            limits: [firm.credit_limit_a, firm.credit_limit_b, firm.credit_limit_c],
            total_assets: firm.total_assets,
            line_pct: firm.receivables_line_pct,
        }
    }
}

/// A whole-number threshold of `RiskSettings`.
macro_rules! count {
    ($field:literal, $label:ident, $hint:ident, $($path:ident).+) => {
        SettingField {
            field: $field,
            label: Msg::$label,
            hint: Msg::$hint,
            get: |f: &RiskForm| f.settings.$($path).+.to_string(),
            set: |f: &mut RiskForm, t: &str| parse_count(t).map(|v| f.settings.$($path).+ = v),
        }
    };
}

/// An amount of `RiskSettings` kept in fen, typed in yuan.
macro_rules! yuan {
    ($field:literal, $label:ident, $path:ident) => {
        SettingField {
            field: $field,
            label: Msg::$label,
            hint: Msg::RsHintYuan,
            get: |f: &RiskForm| Money(f.settings.$path).to_plain(),
            set: |f: &mut RiskForm, t: &str| parse_yuan(t).map(|m| f.settings.$path = m.0),
        }
    };
}

/// A default credit limit by class; empty means not limited.
macro_rules! limit {
    ($field:literal, $label:ident, $i:literal) => {
        SettingField {
            field: $field,
            label: Msg::$label,
            hint: Msg::RsHintLimit,
            get: |f: &RiskForm| f.limits[$i].map(|m| m.to_plain()).unwrap_or_default(),
            set: |f: &mut RiskForm, t: &str| parse_optional_yuan(t).map(|m| f.limits[$i] = m),
        }
    };
}

/// "30, 60, 90": the three upper bounds of the ageing buckets.
fn parse_bounds(text: &str) -> Result<[u32; 3], Invalid> {
    let parts: Vec<&str> = text.split([',', '，', '/', ' ', '、']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [a, b, c] => Ok([parse_count(a)?, parse_count(b)?, parse_count(c)?]),
        _ => Err(Invalid::Number(NumberError::NotANumber)),
    }
}

static CREDIT: [SettingField<RiskForm>; 6] = [
    limit!("credit_limit_a", RsLimitA, 0),
    limit!("credit_limit_b", RsLimitB, 1),
    limit!("credit_limit_c", RsLimitC, 2),
    SettingField {
        field: "total_assets",
        label: Msg::RsTotalAssets,
        hint: Msg::RsHintTotalAssets,
        get: |f| f.total_assets.to_plain(),
        set: |f, t| parse_yuan(t).map(|m| f.total_assets = m),
    },
    SettingField {
        field: "receivables_line_pct",
        label: Msg::RsLinePct,
        hint: Msg::RsHintPct100,
        get: |f| f.line_pct.to_string(),
        set: |f, t| parse_count(t).map(|v| f.line_pct = v),
    },
    SettingField {
        field: "ageing_days",
        label: Msg::RsAgeingDays,
        hint: Msg::RsHintAgeing,
        get: |f| f.settings.ageing_days.map(|d| d.to_string()).join(", "),
        set: |f, t| parse_bounds(t).map(|b| f.settings.ageing_days = b),
    },
];

static SALES: [SettingField<RiskForm>; 7] = [
    count!("plan_behind_pct", RsPlanBehind, RsHintPct100, plan_behind_pct),
    count!("plan_grace_days", RsPlanGrace, SsHintDays27, plan_grace_days),
    count!("last_year_behind_pct", RsLastYearBehind, RsHintPct100, last_year_behind_pct),
    count!("last_year_window_days", RsLastYearWindow, RsHintDays366, last_year_window_days),
    yuan!("last_year_min_fen", RsLastYearMin, last_year_min_fen),
    count!("rhythm_pct", RsRhythm, RsHintPct1000, rhythm_pct),
    count!("active_days", RsActiveDays, RsHintDays3650, active_days),
];

static CHURN_EXPENSES: [SettingField<RiskForm>; 4] = [
    SettingField {
        field: "churn_p_alive_below",
        label: Msg::RsPAlive,
        hint: Msg::RsHintFraction,
        get: |f| f.settings.churn_p_alive_below.to_string(),
        set: |f, t| parse_fraction(t).map(|v| f.settings.churn_p_alive_below = v),
    },
    count!("expense_rise_pct", RsExpenseRise, RsHintPct1000, expense_rise_pct),
    count!("expense_window_months", RsExpenseWindow, RsHintMonths12, expense_window_months),
    yuan!("expense_min_fen", RsExpenseMin, expense_min_fen),
];

static KEY_ACCOUNTS: [SettingField<RiskForm>; 1] = [count!("key_top_pct", RsKeyTop, RsHintPct100, key_top_pct)];

static WEIGHTS: [SettingField<RiskForm>; 5] = [
    count!("appraisal.revenue", RkPartRevenue, RsHintWeight, appraisal.revenue),
    count!("appraisal.cost_control", RkPartCostControl, RsHintWeight, appraisal.cost_control),
    count!("appraisal.profit_growth", RkPartProfitGrowth, RsHintWeight, appraisal.profit_growth),
    count!("appraisal.return_on_assets", RkPartReturnOnAssets, RsHintWeight, appraisal.return_on_assets),
    count!("appraisal.satisfaction", RkPartSatisfaction, RsHintWeight, appraisal.satisfaction),
];

static SCALES: [SettingField<RiskForm>; 3] = [
    SettingField {
        field: "expense_ratio_zero_bp",
        label: Msg::RsExpenseRatioZero,
        hint: Msg::RsHintPct100,
        get: |f| bp_as_pct(f.settings.expense_ratio_zero_bp),
        set: |f, t| parse_bp_as_pct(t).map(|v| f.settings.expense_ratio_zero_bp = v),
    },
    count!("profit_growth_full_pct", RsProfitGrowthFull, RsHintPct1000, profit_growth_full_pct),
    count!("return_on_assets_full_pct", RsReturnOnAssetsFull, RsHintPct10000, return_on_assets_full_pct),
];

/// The screen's groups, in order.
pub static GROUPS: [SettingGroup<RiskForm>; 6] = [
    SettingGroup { title: Msg::RsGroupCredit, fields: &CREDIT, error: Some("credit_limits") },
    SettingGroup { title: Msg::RsGroupSales, fields: &SALES, error: None },
    SettingGroup { title: Msg::RsGroupChurnExpenses, fields: &CHURN_EXPENSES, error: None },
    SettingGroup { title: Msg::KaTitle, fields: &KEY_ACCOUNTS, error: None },
    SettingGroup { title: Msg::RsGroupWeights, fields: &WEIGHTS, error: Some("appraisal") },
    SettingGroup { title: Msg::RsGroupScales, fields: &SCALES, error: None },
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forms::{read, texts_of};
    use crate::risk::settings::{validate_settings, AppraisalWeights};

    fn form() -> RiskForm {
        RiskForm::of_firm(&FirmSettings::defaults())
    }

    #[test]
    fn the_defaults_read_back_unchanged() {
        let f = form();
        let texts = texts_of(&GROUPS, &f);
        assert_eq!(&texts[..6], ["", "500000", "50000", "0", "20", "30, 60, 90"]);
        assert_eq!(read(&GROUPS, &f, &texts), (f, vec![]));
    }

    #[test]
    fn typed_values_land_in_their_settings() {
        let f = form();
        let mut texts = texts_of(&GROUPS, &f);
        let at = |name: &str| GROUPS.iter().flat_map(|g| g.fields.iter()).position(|x| x.field == name).unwrap();
        texts[at("credit_limit_a")] = "2,000,000".into();
        texts[at("total_assets")] = "10000000".into();
        texts[at("ageing_days")] = "15，45，120".into();
        texts[at("churn_p_alive_below")] = "0.3".into();
        texts[at("expense_ratio_zero_bp")] = "7.5".into();
        texts[at("last_year_min_fen")] = "2000".into();
        let (got, problems) = read(&GROUPS, &f, &texts);
        assert!(problems.is_empty());
        assert_eq!(got.limits[0], Some(Money::from_yuan(2_000_000)));
        assert_eq!(got.total_assets, Money::from_yuan(10_000_000));
        assert_eq!(got.settings.ageing_days, [15, 45, 120]);
        assert_eq!(got.settings.churn_p_alive_below, 0.3);
        assert_eq!(got.settings.expense_ratio_zero_bp, 750);
        assert_eq!(got.settings.last_year_min_fen, 200_000);
        texts[at("ageing_days")] = "30, 60".into();
        assert_eq!(read(&GROUPS, &f, &texts).1[0].field, "ageing_days");
    }

    #[test]
    fn every_field_the_rules_check_is_on_the_screen() {
        let on_screen: Vec<&str> =
            GROUPS.iter().flat_map(|g| g.fields.iter().map(|f| f.field).chain(g.error)).collect();
        let worst = RiskSettings {
            plan_behind_pct: 0,
            plan_grace_days: 28,
            last_year_behind_pct: 0,
            last_year_window_days: 1,
            last_year_min_fen: -1,
            rhythm_pct: 1,
            churn_p_alive_below: 2.0,
            expense_rise_pct: 1,
            expense_window_months: 0,
            expense_min_fen: -1,
            active_days: 1,
            ageing_days: [3, 2, 1],
            key_top_pct: 0,
            appraisal: AppraisalWeights { revenue: 0, ..AppraisalWeights::default() },
            expense_ratio_zero_bp: 0,
            profit_growth_full_pct: 0,
            return_on_assets_full_pct: 0,
            ..RiskSettings::default()
        };
        for e in validate_settings(&worst) {
            assert!(on_screen.contains(&e.field), "{} is not on the screen", e.field);
        }
        assert_eq!(validate_settings(&worst).len(), 17);
    }
}
