//! Customer lifetime value over a horizon of months, discounted (the `lifetimes` convention).
//!
//! `CLV = Σ_{i=1..months} (E[X(i·m)] − E[X((i−1)·m)]) · spend · margin / (1 + d)^i`
//!
//! where `E[X(t)]` is the BG/NBD conditional expectation of purchases in the next `t` time units, `m` the units
//! per month (30 days or 4.345 weeks, as in `lifetimes`), `spend` the Gamma-Gamma expected spend per purchase,
//! `d` the discount rate per month, and `margin` the customer's gross margin rate when the CLV is on margin
//! ([`ClvBasis::Margin`]), 1 on revenue.

use super::bgnbd::BgNbdParams;
use super::settings::TimeUnit;
use serde::{Deserialize, Serialize};

/// What the CLV is a value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClvBasis {
    /// Gross margin: every line in the period had a cost.
    Margin,
    /// Revenue: some line had no cost.
    Revenue,
}

impl ClvBasis {
    /// `"margin"` or `"revenue"`.
    pub fn name(self) -> &'static str {
        match self {
            ClvBasis::Margin => "margin",
            ClvBasis::Revenue => "revenue",
        }
    }
}

/// A customer's CLV with the month-by-month numbers it is the sum of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClvExplanation {
    /// Expected purchases in month 1, 2, … of the horizon.
    pub monthly_purchases: Vec<f64>,
    /// Expected spend per purchase (Gamma-Gamma), major units.
    pub spend_per_purchase: f64,
    /// The margin rate applied (`None` on a revenue basis).
    pub margin_rate: Option<f64>,
    /// Discount rate per month.
    pub discount_rate: f64,
    /// The result, major units.
    pub clv: f64,
}

impl ClvExplanation {
    /// Computes a customer's CLV from the BG/NBD parameters and (x, t_x, T) in `unit`.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        bg: &BgNbdParams,
        (x, t_x, t): (f64, f64, f64),
        unit: TimeUnit,
        months: u32,
        spend_per_purchase: f64,
        margin_rate: Option<f64>,
        discount_rate: f64,
    ) -> Self {
        let per_month = unit.per_month();
        let horizons: Vec<f64> = (1..=months).map(|i| f64::from(i) * per_month).collect();
        let mut cumulative = vec![0.0; horizons.len()];
        bg.expected_purchases_at(&horizons, x, t_x, t, &mut cumulative);
        let mut previous = 0.0;
        let monthly_purchases = cumulative
            .iter()
            .map(|&c| {
                let month = c - previous;
                previous = c;
                month
            })
            .collect();
        ClvExplanation::from_monthly(monthly_purchases, spend_per_purchase, margin_rate, discount_rate)
    }

    /// The CLV of expected purchases per month already computed (see `pipeline::predict_purchases`).
    pub fn from_monthly(
        monthly_purchases: Vec<f64>,
        spend_per_purchase: f64,
        margin_rate: Option<f64>,
        discount_rate: f64,
    ) -> Self {
        let mut e = ClvExplanation { monthly_purchases, spend_per_purchase, margin_rate, discount_rate, clv: 0.0 };
        e.clv = e.recompute();
        e
    }

    /// The CLV recomputed from the numbers above.
    pub fn recompute(&self) -> f64 {
        let value = self.spend_per_purchase * self.margin_rate.unwrap_or(1.0);
        self.monthly_purchases
            .iter()
            .enumerate()
            .map(|(i, n)| n * value / (1.0 + self.discount_rate).powi(i as i32 + 1))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CDNOW: BgNbdParams = BgNbdParams { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

    #[test]
    fn months_add_up_to_the_horizon_expectation() {
        let e = ClvExplanation::new(&CDNOW, (2.0, 30.43, 38.86), TimeUnit::Week, 12, 24.66, None, 0.0);
        let total: f64 = e.monthly_purchases.iter().sum();
        assert!((total - CDNOW.expected_purchases(12.0 * 4.345, 2.0, 30.43, 38.86)).abs() < 1e-12);
        assert!((e.clv - total * 24.66).abs() < 1e-9, "no discount: purchases × spend");
        assert!(
            e.monthly_purchases.windows(2).all(|w| w[1] <= w[0]),
            "expected purchases per month fall as P(alive) decays"
        );
    }

    #[test]
    fn discount_and_margin_lower_the_value() {
        let plain = ClvExplanation::new(&CDNOW, (2.0, 30.43, 38.86), TimeUnit::Week, 12, 24.66, None, 0.0);
        let discounted = ClvExplanation::new(&CDNOW, (2.0, 30.43, 38.86), TimeUnit::Week, 12, 24.66, None, 0.01);
        let margin = ClvExplanation::new(&CDNOW, (2.0, 30.43, 38.86), TimeUnit::Week, 12, 24.66, Some(0.25), 0.01);
        assert!(discounted.clv < plain.clv);
        assert!((margin.clv - 0.25 * discounted.clv).abs() < 1e-9);
        assert_eq!(ClvExplanation::new(&CDNOW, (0.0, 0.0, 10.0), TimeUnit::Day, 0, 10.0, None, 0.01).clv, 0.0);
    }
}
