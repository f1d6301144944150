//! Every threshold, bin count and horizon of the engine, in one struct with the documented defaults.

use super::calendar::Day;
use serde::{Deserialize, Serialize};

/// The time unit of the lifetime-value models (recency, T and the horizon are expressed in it).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimeUnit {
    /// One day.
    Day,
    /// Seven days: a week is `days / 7`, not a calendar week (the convention of the literature).
    #[default]
    Week,
}

impl TimeUnit {
    /// Days in one unit.
    pub fn days(self) -> f64 {
        match self {
            TimeUnit::Day => 1.0,
            TimeUnit::Week => 7.0,
        }
    }
    /// Units in one month for the CLV sum, as in `lifetimes`: 30 days, or 4.345 weeks.
    pub fn per_month(self) -> f64 {
        match self {
            TimeUnit::Day => 30.0,
            TimeUnit::Week => 4.345,
        }
    }
}

/// Rules of the lifecycle stage and the churn signal (DOMAIN.md §12).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifecycleSettings {
    /// A customer whose first purchase is fewer than this many days before the as-of date is exploring.
    pub exploration_days: i32,
    /// A customer with fewer purchase days than this is exploring.
    pub exploration_min_purchase_days: u32,
    /// Length of the "last 6 months" and "6 months before" windows, in days.
    pub window_days: i32,
    /// Decline when the last window's value is below this fraction of the window before.
    pub decline_below: f64,
    /// Formation when the last window's value is above this fraction of the window before.
    pub formation_above: f64,
    /// The churn signal fires when the days since the last purchase exceed this multiple of the median interval.
    pub churn_interval_multiple: f64,
    /// Decline when P(alive) is below this (when the BG/NBD model is fitted).
    pub decline_p_alive_below: f64,
}

impl Default for LifecycleSettings {
    fn default() -> Self {
        LifecycleSettings {
            exploration_days: 180,
            exploration_min_purchase_days: 3,
            window_days: 182,
            decline_below: 0.7,
            formation_above: 1.3,
            churn_interval_multiple: 3.0,
            decline_p_alive_below: 0.3,
        }
    }
}

/// When and how the BG/NBD and Gamma-Gamma models are fitted.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FitSettings {
    /// Fewer customers than this: no fit ([`FitError::TooFewCustomers`](super::FitError)).
    pub min_customers: usize,
    /// Fewer repeat customers than this: no fit.
    pub min_repeat_customers: usize,
    /// Iteration cap of the optimiser.
    pub max_iterations: u64,
}

impl Default for FitSettings {
    fn default() -> Self {
        FitSettings { min_customers: 10, min_repeat_customers: 3, max_iterations: 500 }
    }
}

/// Everything the engine can be told. `Settings::default()` gives the documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// The day the analysis is made as of: lines after it are left out and T is measured to it.
    /// `None` = the latest line's day (there is no clock inside the engine).
    pub as_of: Option<Day>,
    /// The first day of the period; `None` = all history up to `as_of`.
    pub period_start: Option<Day>,
    /// Analyse one branch's customers only; `None` = all branches together.
    pub branch: Option<u32>,
    /// Unit of the BG/NBD times and horizon.
    pub time_unit: TimeUnit,
    /// Horizon of the expected purchases, in `time_unit`s.
    pub horizon: f64,
    /// Number of RFM score levels (5 = quintiles). Named segments always read quintiles.
    pub rfm_bins: u8,
    /// "Lost" overrides the RF segment when R = 1 and P(alive) is below this.
    pub lost_p_alive_below: f64,
    /// A customer is active when the last purchase is at most this many days before the as-of date.
    pub active_within_days: i32,
    /// ABC: class A ends where the cumulative share reaches this (0.75).
    pub abc_a: f64,
    /// ABC: class B ends where the cumulative share reaches this (0.95).
    pub abc_b: f64,
    /// The Pareto check: share of sales made by this fraction of customers (0.2 for "80/20").
    pub pareto_top: f64,
    /// Lifecycle and churn rules.
    pub lifecycle: LifecycleSettings,
    /// Months of the CLV sum.
    pub clv_months: u32,
    /// Discount rate per month of the CLV sum.
    pub discount_rate_per_month: f64,
    /// Model fitting.
    pub fit: FitSettings,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            as_of: None,
            period_start: None,
            branch: None,
            time_unit: TimeUnit::Week,
            horizon: 52.0,
            rfm_bins: 5,
            lost_p_alive_below: 0.1,
            active_within_days: 365,
            abc_a: 0.75,
            abc_b: 0.95,
            pareto_top: 0.2,
            lifecycle: LifecycleSettings::default(),
            clv_months: 12,
            discount_rate_per_month: 0.01,
            fit: FitSettings::default(),
        }
    }
}

/// A setting that makes no sense.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SettingsError {
    /// A setting is out of its range.
    #[error("setting `{name}` = {value} is out of range: {rule}")]
    OutOfRange { name: &'static str, value: f64, rule: &'static str },
}

impl Settings {
    /// Checks the ranges; the engine calls this before any work.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let check = |ok: bool, name, value: f64, rule| {
            if ok {
                Ok(())
            } else {
                Err(SettingsError::OutOfRange { name, value, rule })
            }
        };
        let l = &self.lifecycle;
        check(self.horizon.is_finite() && self.horizon >= 0.0, "horizon", self.horizon, "finite and ≥ 0")?;
        check(self.rfm_bins >= 1, "rfm_bins", f64::from(self.rfm_bins), "≥ 1")?;
        check((0.0..=1.0).contains(&self.lost_p_alive_below), "lost_p_alive_below", self.lost_p_alive_below, "0–1")?;
        check(self.abc_a > 0.0 && self.abc_a <= 1.0, "abc_a", self.abc_a, "0 < a ≤ 1")?;
        check(self.abc_b >= self.abc_a && self.abc_b <= 1.0, "abc_b", self.abc_b, "abc_a ≤ b ≤ 1")?;
        check(self.pareto_top > 0.0 && self.pareto_top <= 1.0, "pareto_top", self.pareto_top, "0 < x ≤ 1")?;
        check(l.window_days > 0, "lifecycle.window_days", f64::from(l.window_days), "> 0")?;
        check(
            l.decline_below.is_finite() && l.decline_below >= 0.0,
            "lifecycle.decline_below",
            l.decline_below,
            "≥ 0",
        )?;
        check(
            l.formation_above.is_finite() && l.formation_above >= 0.0,
            "lifecycle.formation_above",
            l.formation_above,
            "≥ 0",
        )?;
        check(
            l.churn_interval_multiple.is_finite() && l.churn_interval_multiple > 0.0,
            "lifecycle.churn_interval_multiple",
            l.churn_interval_multiple,
            "> 0",
        )?;
        check(
            self.discount_rate_per_month.is_finite() && self.discount_rate_per_month > -1.0,
            "discount_rate_per_month",
            self.discount_rate_per_month,
            "> -1",
        )?;
        if let (Some(start), Some(as_of)) = (self.period_start, self.as_of) {
            check(start <= as_of, "period_start", f64::from(start), "≤ as_of")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_documented_values() {
        let s = Settings::default();
        assert!(s.validate().is_ok());
        assert_eq!((s.time_unit, s.horizon, s.rfm_bins, s.clv_months), (TimeUnit::Week, 52.0, 5, 12));
        assert_eq!((s.abc_a, s.abc_b, s.discount_rate_per_month), (0.75, 0.95, 0.01));
    }

    #[test]
    fn validation_names_the_bad_setting() {
        let s = Settings { abc_b: 0.5, ..Settings::default() };
        match s.validate() {
            Err(SettingsError::OutOfRange { name, .. }) => assert_eq!(name, "abc_b"),
            other => panic!("expected abc_b to be rejected, got {other:?}"),
        }
        let s = Settings { rfm_bins: 0, ..Settings::default() };
        assert!(s.validate().is_err());
        let s = Settings { as_of: Some(5), period_start: Some(6), ..Settings::default() };
        assert!(s.validate().is_err());
    }
}
