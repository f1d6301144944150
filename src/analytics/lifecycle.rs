//! Lifecycle stage (客户生命周期) and the churn signal (DOMAIN.md §12), as explicit rules.
//!
//! Rules, checked in this order (thresholds are [`LifecycleSettings`]):
//! 1. **Exploration 考察期**: the first purchase is fewer than 180 days before the as-of date, or the customer
//!    has fewer than 3 purchase days.
//! 2. **Decline 衰退期**: net sales in the last window (182 days, ending on the as-of date) are below 70% of the
//!    window before; or the churn signal fires; or P(alive) < 0.3 (only when the BG/NBD model is fitted).
//! 3. **Formation 形成期**: net sales in the last window are above 130% of the window before.
//! 4. **Stability 稳定期**: everything else.
//!
//! The comparisons are literal: with nothing in the window before, any positive recent sales is formation,
//! and a net return (negative recent sales) is decline.
//!
//! **Churn signal**: the days since the last purchase day exceed 3× the median interval between the customer's
//! consecutive purchase days (the median of an even count is the mean of the middle two). It needs at least
//! two purchase days; with one there is no rhythm and no signal.

use super::calendar::Day;
use super::settings::LifecycleSettings;
use serde::{Deserialize, Serialize};

/// The four stages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LifecycleStage {
    /// 考察期.
    Exploration,
    /// 形成期: growing fast.
    Formation,
    /// 稳定期: mature.
    Stability,
    /// 衰退期: reversing.
    Decline,
}

impl LifecycleStage {
    /// Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            LifecycleStage::Exploration => "考察期",
            LifecycleStage::Formation => "形成期",
            LifecycleStage::Stability => "稳定期",
            LifecycleStage::Decline => "衰退期",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            LifecycleStage::Exploration => "exploration",
            LifecycleStage::Formation => "formation",
            LifecycleStage::Stability => "stability",
            LifecycleStage::Decline => "decline",
        }
    }
}

/// Which rule decided the stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LifecycleRule {
    /// First purchase too recent.
    RecentFirstPurchase,
    /// Too few purchase days.
    FewPurchaseDays,
    /// Recent sales fell below the decline fraction of the window before.
    SalesFell,
    /// The churn signal fired.
    ChurnSignal,
    /// P(alive) below the decline threshold.
    LowPAlive,
    /// Recent sales rose above the formation fraction of the window before.
    SalesRose,
    /// None of the above.
    Steady,
}

/// The churn signal with its numbers.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChurnSignal {
    /// Days from the last purchase day to the as-of date.
    pub days_since_last: i32,
    /// Median days between consecutive purchase days.
    pub median_interval_days: f64,
    /// The multiple of the median that counts as "much longer".
    pub multiple: f64,
    /// `days_since_last > multiple × median_interval_days`.
    pub fired: bool,
}

impl ChurnSignal {
    /// The signal of a customer with these purchase days (ascending); `None` with fewer than two.
    pub fn of(days: &[Day], as_of: Day, multiple: f64) -> Option<ChurnSignal> {
        if days.len() < 2 {
            return None;
        }
        let mut gaps: Vec<i32> = days.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.sort_unstable();
        let m = gaps.len();
        let median = if m % 2 == 1 { f64::from(gaps[m / 2]) } else { f64::from(gaps[m / 2 - 1] + gaps[m / 2]) / 2.0 };
        let days_since_last = as_of - days[days.len() - 1];
        Some(ChurnSignal {
            days_since_last,
            median_interval_days: median,
            multiple,
            fired: f64::from(days_since_last) > multiple * median,
        })
    }
    /// Whether the signal fires, recomputed from the numbers above.
    pub fn recompute(&self) -> bool {
        f64::from(self.days_since_last) > self.multiple * self.median_interval_days
    }
}

/// A customer's stage with every number the rules read.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LifecycleExplanation {
    /// Days from the first purchase day to the as-of date.
    pub days_since_first: i32,
    /// Distinct purchase days.
    pub purchase_days: u32,
    /// Net sales in the last window, minor units.
    pub recent_sales: i64,
    /// Net sales in the window before, minor units.
    pub previous_sales: i64,
    /// The churn signal (`None` with one purchase day).
    pub churn: Option<ChurnSignal>,
    /// P(alive) from BG/NBD (`None` when the model is not fitted).
    pub p_alive: Option<f64>,
    /// The thresholds used.
    pub rules: LifecycleSettings,
    /// The rule that decided.
    pub rule: LifecycleRule,
    /// The stage.
    pub stage: LifecycleStage,
}

impl LifecycleExplanation {
    /// Applies the rules to a customer's numbers.
    pub fn new(
        days_since_first: i32,
        purchase_days: u32,
        recent_sales: i64,
        previous_sales: i64,
        churn: Option<ChurnSignal>,
        p_alive: Option<f64>,
        rules: LifecycleSettings,
    ) -> Self {
        let mut e = LifecycleExplanation {
            days_since_first,
            purchase_days,
            recent_sales,
            previous_sales,
            churn,
            p_alive,
            rules,
            rule: LifecycleRule::Steady,
            stage: LifecycleStage::Stability,
        };
        (e.stage, e.rule) = e.recompute();
        e
    }

    /// `(stage, rule)` recomputed from the numbers above.
    pub fn recompute(&self) -> (LifecycleStage, LifecycleRule) {
        use LifecycleRule::*;
        use LifecycleStage::*;
        let r = &self.rules;
        let (recent, previous) = (self.recent_sales as f64, self.previous_sales as f64);
        if self.days_since_first < r.exploration_days {
            (Exploration, RecentFirstPurchase)
        } else if self.purchase_days < r.exploration_min_purchase_days {
            (Exploration, FewPurchaseDays)
        } else if recent < r.decline_below * previous {
            (Decline, SalesFell)
        } else if self.churn.is_some_and(|c| c.fired) {
            (Decline, ChurnSignal)
        } else if self.p_alive.is_some_and(|p| p < r.decline_p_alive_below) {
            (Decline, LowPAlive)
        } else if recent > r.formation_above * previous {
            (Formation, SalesRose)
        } else {
            (Stability, Steady)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LifecycleRule as Rule;
    use super::LifecycleStage as Stage;
    use super::*;

    fn stage(
        days_since_first: i32,
        purchase_days: u32,
        recent: i64,
        previous: i64,
        churn: Option<ChurnSignal>,
        p_alive: Option<f64>,
    ) -> (Stage, Rule) {
        let e = LifecycleExplanation::new(
            days_since_first,
            purchase_days,
            recent,
            previous,
            churn,
            p_alive,
            LifecycleSettings::default(),
        );
        assert_eq!(e.recompute(), (e.stage, e.rule));
        (e.stage, e.rule)
    }

    #[test]
    fn exploration_edges() {
        assert_eq!(stage(179, 10, 100, 100, None, None), (Stage::Exploration, Rule::RecentFirstPurchase));
        assert_eq!(
            stage(180, 10, 100, 100, None, None),
            (Stage::Stability, Rule::Steady),
            "180 days is no longer 'fewer than 180'"
        );
        assert_eq!(stage(400, 2, 100, 100, None, None), (Stage::Exploration, Rule::FewPurchaseDays));
        assert_eq!(stage(400, 3, 100, 100, None, None), (Stage::Stability, Rule::Steady));
    }

    #[test]
    fn decline_and_formation_edges() {
        assert_eq!(stage(400, 5, 69, 100, None, None), (Stage::Decline, Rule::SalesFell));
        assert_eq!(stage(400, 5, 70, 100, None, None), (Stage::Stability, Rule::Steady), "exactly 70% is not below");
        assert_eq!(stage(400, 5, 130, 100, None, None), (Stage::Stability, Rule::Steady), "exactly 130% is not above");
        assert_eq!(stage(400, 5, 131, 100, None, None), (Stage::Formation, Rule::SalesRose));
        assert_eq!(stage(400, 5, 10, 0, None, None), (Stage::Formation, Rule::SalesRose), "anything beats nothing");
        assert_eq!(stage(400, 5, -10, 0, None, None), (Stage::Decline, Rule::SalesFell), "a net return");
        assert_eq!(stage(400, 5, 0, 0, None, None), (Stage::Stability, Rule::Steady));
        assert_eq!(stage(400, 5, 100, 100, None, Some(0.29)), (Stage::Decline, Rule::LowPAlive));
        assert_eq!(stage(400, 5, 100, 100, None, Some(0.3)), (Stage::Stability, Rule::Steady));
        assert_eq!(
            stage(400, 5, 200, 100, None, Some(0.1)),
            (Stage::Decline, Rule::LowPAlive),
            "decline wins over formation"
        );
    }

    #[test]
    fn churn_signal_edges() {
        // Intervals 10, 20, 30 → median 20; threshold 3 × 20 = 60 days of silence.
        let days = [0, 10, 30, 60];
        let at = |silence: i32| ChurnSignal::of(&days, 60 + silence, 3.0).unwrap();
        assert_eq!(at(60).median_interval_days, 20.0);
        assert!(!at(60).fired, "exactly 3× is not 'more than'");
        assert!(at(61).fired);
        assert_eq!(stage(400, 4, 100, 100, Some(at(61)), None), (Stage::Decline, Rule::ChurnSignal));
        // An even number of intervals: the mean of the middle two.
        assert_eq!(ChurnSignal::of(&[0, 10, 30], 30, 3.0).unwrap().median_interval_days, 15.0);
        assert_eq!(ChurnSignal::of(&[5], 30, 3.0), None);
    }

    #[test]
    fn names() {
        assert_eq!((LifecycleStage::Decline.name_zh(), LifecycleStage::Decline.name_en()), ("衰退期", "decline"));
    }
}
