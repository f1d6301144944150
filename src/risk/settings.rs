//! Every threshold of credit, plans, warnings, key accounts and appraisal, with the defaults of
//! `docs/risk.md`. Stored as JSON in the firm settings (`FirmSettings::risk_settings`), so they
//! travel with branch exchange and fields can be added without a new binary field. The credit
//! limits by ABC class, the total assets and the receivables line keep their own fields in
//! [`FirmSettings`] (they were there first).

use crate::model::validate::{FieldError, Invalid};
use crate::model::{FirmSettings, NumberError};
use serde::{Deserialize, Serialize};

/// How key accounts are chosen (DOMAIN.md §10); marks by hand always add or remove.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyRule {
    /// The A class of the ABC analysis.
    #[default]
    ClassA,
    /// The top `key_top_pct` percent of customers with sales, by net sales in the last year.
    TopShare,
}

/// The weights of the staff appraisal, percent (seed 002: 30 / 20 / 20 / 15 / 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppraisalWeights {
    pub revenue: u32,
    pub cost_control: u32,
    pub profit_growth: u32,
    pub return_on_assets: u32,
    pub satisfaction: u32,
}

impl Default for AppraisalWeights {
    fn default() -> Self {
        AppraisalWeights { revenue: 30, cost_control: 20, profit_growth: 20, return_on_assets: 15, satisfaction: 15 }
    }
}

impl AppraisalWeights {
    pub fn sum(&self) -> u32 {
        self.revenue + self.cost_control + self.profit_growth + self.return_on_assets + self.satisfaction
    }
}

/// Everything the risk rules can be told. `Default` gives the documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RiskSettings {
    /// Behind plan: net sales so far this month below this percent of the plan pro rata.
    pub plan_behind_pct: u32,
    /// No plan warning in the first days of a month (one order can be a week's work).
    pub plan_grace_days: u32,
    /// Behind last year: net sales over the window below this percent of the same days a
    /// year before…
    pub last_year_behind_pct: u32,
    /// …the window, in days, ending on the day asked.
    pub last_year_window_days: u32,
    /// …and only when the year-before figure is at least this much (fen), so a customer who
    /// bought once for a few yuan does not fire every month.
    pub last_year_min_fen: i64,
    /// Slower than the rhythm: days since the last purchase above this percent of the
    /// customer's median interval (the engine's churn signal fires at 300%).
    pub rhythm_pct: u32,
    /// Churn: besides the engine's churn signal, P(alive) (when the model is fitted) must be
    /// below this; a signal the model does not believe is left to the rhythm rule.
    pub churn_p_alive_below: f64,
    /// Expenses rising: the last `expense_window_months` months' expenses above this percent of
    /// the months before…
    pub expense_rise_pct: u32,
    pub expense_window_months: u32,
    /// …and at least this much (fen), so small sums do not fire.
    pub expense_min_fen: i64,
    /// An active customer bought within this many days (sales-progress rules look at them only).
    pub active_days: u32,
    /// Ageing buckets' upper bounds in days (0–30, 31–60, 61–90, 90+).
    pub ageing_days: [u32; 3],
    pub key_rule: KeyRule,
    /// For [`KeyRule::TopShare`]: the top share of customers, percent.
    pub key_top_pct: u32,
    pub appraisal: AppraisalWeights,
    /// Appraisal: the sales-expense ratio that scores 0 for cost control (5% = 500 bp).
    pub expense_ratio_zero_bp: u32,
    /// Appraisal: the margin growth that scores full marks (20%); its negative scores 0.
    pub profit_growth_full_pct: u32,
    /// Appraisal: margin ÷ receivables that scores full marks, percent (100% = margin equals
    /// the credit the person's customers hold).
    pub return_on_assets_full_pct: u32,
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            plan_behind_pct: 80,
            plan_grace_days: 7,
            last_year_behind_pct: 70,
            last_year_window_days: 90,
            last_year_min_fen: 100_000,
            rhythm_pct: 150,
            churn_p_alive_below: 0.5,
            expense_rise_pct: 130,
            expense_window_months: 3,
            expense_min_fen: 100_000,
            active_days: 365,
            ageing_days: [30, 60, 90],
            key_rule: KeyRule::ClassA,
            key_top_pct: 20,
            appraisal: AppraisalWeights::default(),
            expense_ratio_zero_bp: 500,
            profit_growth_full_pct: 20,
            return_on_assets_full_pct: 100,
        }
    }
}

impl RiskSettings {
    /// The settings stored in the firm settings; the defaults when none were saved or the JSON
    /// cannot be read (a damaged value must not stop the warnings).
    pub fn of_firm(firm: &FirmSettings) -> RiskSettings {
        Self::from_json(&firm.risk_settings)
    }

    pub fn from_json(json: &str) -> RiskSettings {
        if json.trim().is_empty() {
            return RiskSettings::default();
        }
        serde_json::from_str(json).unwrap_or_default()
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Checks settings typed on the settings screen; each problem names its field.
pub fn validate_settings(s: &RiskSettings) -> Vec<FieldError> {
    let mut out = Vec::new();
    let bad = |out: &mut Vec<FieldError>, field: &'static str, ok: bool| {
        if !ok {
            out.push(FieldError { field, problem: Invalid::Number(NumberError::OutOfRange) });
        }
    };
    bad(&mut out, "plan_behind_pct", (1..=100).contains(&s.plan_behind_pct));
    bad(&mut out, "plan_grace_days", s.plan_grace_days <= 27);
    bad(&mut out, "last_year_behind_pct", (1..=100).contains(&s.last_year_behind_pct));
    bad(&mut out, "last_year_window_days", (7..=366).contains(&s.last_year_window_days));
    bad(&mut out, "last_year_min_fen", s.last_year_min_fen >= 0);
    bad(&mut out, "rhythm_pct", (100..=1_000).contains(&s.rhythm_pct));
    bad(&mut out, "churn_p_alive_below", (0.0..=1.0).contains(&s.churn_p_alive_below));
    bad(&mut out, "expense_rise_pct", (100..=1_000).contains(&s.expense_rise_pct));
    bad(&mut out, "expense_window_months", (1..=12).contains(&s.expense_window_months));
    bad(&mut out, "expense_min_fen", s.expense_min_fen >= 0);
    bad(&mut out, "active_days", (30..=3_650).contains(&s.active_days));
    let [a, b, c] = s.ageing_days;
    bad(&mut out, "ageing_days", a >= 1 && a < b && b < c && c <= 3_650);
    bad(&mut out, "key_top_pct", (1..=100).contains(&s.key_top_pct));
    if s.appraisal.sum() != 100 {
        out.push(FieldError { field: "appraisal", problem: Invalid::WeightSum(s.appraisal.sum()) });
    }
    bad(&mut out, "expense_ratio_zero_bp", (1..=10_000).contains(&s.expense_ratio_zero_bp));
    bad(&mut out, "profit_growth_full_pct", (1..=1_000).contains(&s.profit_growth_full_pct));
    bad(&mut out, "return_on_assets_full_pct", (1..=10_000).contains(&s.return_on_assets_full_pct));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_round_trip_and_are_valid() {
        let s = RiskSettings::default();
        assert_eq!(RiskSettings::from_json(&s.to_json()), s);
        assert_eq!(RiskSettings::from_json("{broken"), s);
        assert_eq!(RiskSettings::from_json(r#"{"plan_behind_pct":90}"#).plan_behind_pct, 90);
        assert!(validate_settings(&s).is_empty());
        assert_eq!(s.appraisal.sum(), 100);
    }

    #[test]
    fn bad_values_are_named() {
        let s = RiskSettings {
            plan_behind_pct: 0,
            ageing_days: [30, 30, 90],
            appraisal: AppraisalWeights { revenue: 40, ..AppraisalWeights::default() },
            ..RiskSettings::default()
        };
        let got: Vec<(&str, Invalid)> = validate_settings(&s).iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                ("plan_behind_pct", Invalid::Number(NumberError::OutOfRange)),
                ("ageing_days", Invalid::Number(NumberError::OutOfRange)),
                ("appraisal", Invalid::WeightSum(110)),
            ]
        );
    }
}
