//! The whole engine in one call: [`score`] a [`Dataset`] with [`Settings`] into [`Scores`].
//!
//! Order of work: histories (one pass over the lines) → BG/NBD fit → P(alive) and expected purchases →
//! RFM (with "Lost") → ABC and composition → product mix → churn signal and lifecycle → Gamma-Gamma fit →
//! expected spend → CLV. Models that cannot be fitted leave their fields `None` and say why in
//! [`Scores::bgnbd`] / [`Scores::gamma_gamma`]; nothing here panics on thin data.

use super::abc::{self, AbcExplanation, AbcReport, TypeComposition};
use super::bgnbd::{self, BgNbdData, BgNbdExplanation, BgNbdFit, BgNbdParams};
use super::calendar::Day;
use super::clv::{ClvBasis, ClvExplanation};
use super::gamma_gamma::{self, GammaGammaData, GammaGammaFit, SpendExplanation};
use super::input::Dataset;
use super::lifecycle::{ChurnSignal, LifecycleExplanation};
use super::optimize::FitError;
use super::product_mix::{self, ProductMix};
use super::rfm::{self, RfmScore, RfmValues};
use super::settings::{Settings, SettingsError, TimeUnit};
use super::summary::{Histories, RepeatSummary};
use serde::{Deserialize, Serialize};

/// Everything the engine says about one customer. Fields are `None` where they do not apply: out of scope,
/// no purchase day in the period, or a model that could not be fitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CustomerScores {
    /// Customer index.
    pub customer: u32,
    /// Inside the analysed branch (always true without a branch filter).
    pub in_scope: bool,
    /// Net sales in the period, minor units.
    pub net_sales: i64,
    /// The literature's (x, t_x, T, zbar) summary, in the settings' time unit.
    pub summary: Option<RepeatSummary>,
    /// Last purchase within `active_within_days` of the as-of date.
    pub active: Option<bool>,
    /// RFM values, scores and segment.
    pub rfm: Option<RfmScore>,
    /// ABC class (every in-scope customer has one).
    pub abc: Option<AbcExplanation>,
    /// Churn signal (needs two purchase days).
    pub churn: Option<ChurnSignal>,
    /// Lifecycle stage.
    pub lifecycle: Option<LifecycleExplanation>,
    /// P(alive) and expected purchases over the horizon.
    pub bgnbd: Option<BgNbdExplanation>,
    /// Expected spend per purchase.
    pub spend: Option<SpendExplanation>,
    /// Customer lifetime value.
    pub clv: Option<ClvExplanation>,
}

/// The engine's output.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scores {
    /// The as-of date used.
    pub as_of: Day,
    /// The settings used (with `as_of` filled in).
    pub settings: Settings,
    /// Money scale of every minor-unit figure.
    pub minor_per_major: i64,
    /// One entry per customer of the dataset, by index.
    pub customers: Vec<CustomerScores>,
    /// The BG/NBD fit, or why there is none.
    pub bgnbd: Result<BgNbdFit, FitError>,
    /// The Gamma-Gamma fit, or why there is none.
    pub gamma_gamma: Result<GammaGammaFit, FitError>,
    /// ABC classes, Pareto curve and the 80/20 figure.
    pub abc: AbcReport,
    /// Customers and sales by customer type.
    pub composition: Vec<TypeComposition>,
    /// Sales by product with margin, turnover, cross and contribution ratios.
    pub product_mix: ProductMix,
    /// Whether CLV is on margin or revenue.
    pub clv_basis: ClvBasis,
    /// The firm's gross margin rate in the period (when every line has a cost and sales > 0).
    pub margin_rate: Option<f64>,
}

/// Per-customer counts of a named outcome, for overview charts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counted<T> {
    /// The outcome.
    pub value: T,
    /// Customers with it.
    pub customers: u32,
}

/// Runs the whole engine. Fails only on settings out of range; thin data gives typed fit errors inside.
///
/// ```
/// use kehu::analytics::{score, CustomerInfo, DatasetBuilder, SaleLine, Settings};
/// let mut b = DatasetBuilder::new(100);
/// let c = b.add_customer(CustomerInfo::default());
/// b.push_line(SaleLine::new(c, 10_000, 1.0, 2_500));
/// let scores = score(&b.build().unwrap(), &Settings::default()).unwrap();
/// assert!(scores.bgnbd.is_err()); // one customer: no model, but RFM and ABC are there
/// assert_eq!(scores.customers[0].abc.unwrap().class, kehu::analytics::abc::AbcClass::A);
/// ```
pub fn score(data: &Dataset, settings: &Settings) -> Result<Scores, SettingsError> {
    settings.validate()?;
    // Customer behaviour (RFM, lifecycle, churn, BG/NBD, Gamma-Gamma, CLV) reads the whole history up
    // to the as-of day, the models' calibration period; the period bounds the period figures only (ABC,
    // composition, each customer's net sales and share, the product mix). A 12-month period must not
    // make a customer who stopped buying 14 months ago vanish from RFM, or cut every T to a year.
    let h = Histories::build(data, &Settings { period_start: None, ..settings.clone() });
    let period_sales = super::summary::net_sales(data, settings);
    let settings = Settings { as_of: Some(h.as_of), ..settings.clone() };
    let n = data.customer_count();
    let unit = settings.time_unit;
    let scale = data.minor_per_major();

    let summaries: Vec<Option<RepeatSummary>> =
        (0..n).map(|c| if h.in_scope[c] { h.repeat_summary(c, unit, scale) } else { None }).collect();

    // BG/NBD: fit, then P(alive), expected purchases and the CLV's monthly purchases per customer.
    let bg_fit = bgnbd::fit(&BgNbdData::from_histories(&h, unit), unit, &settings.fit);
    let mut predicted = match &bg_fit {
        Ok(fit) => predict_purchases(&summaries, fit.params, settings.horizon, settings.clv_months, unit),
        Err(_) => vec![None; n],
    };
    let bg_explained: Vec<Option<BgNbdExplanation>> = predicted.iter().map(|p| p.as_ref().map(|p| p.0)).collect();

    // RFM over customers with a purchase day.
    let scored: Vec<usize> = (0..n).filter(|&c| summaries[c].is_some()).collect();
    let values: Vec<RfmValues> = scored
        .iter()
        .map(|&c| {
            let s = summaries[c].expect("scored customers have a summary");
            RfmValues { recency_days: h.as_of - s.last_day, frequency: s.frequency + 1, monetary: h.net_sales[c] }
        })
        .collect();
    let p_alive: Option<Vec<f64>> =
        bg_fit.is_ok().then(|| scored.iter().map(|&c| bg_explained[c].map_or(1.0, |e| e.p_alive)).collect());
    let rfm_scores = rfm::score(&values, p_alive.as_deref(), settings.rfm_bins, settings.lost_p_alive_below);
    let mut rfm_of: Vec<Option<RfmScore>> = vec![None; n];
    for (&c, s) in scored.iter().zip(rfm_scores) {
        rfm_of[c] = Some(s);
    }

    // ABC and composition over every in-scope customer (no sales = C).
    let abc_report = abc::analyse(&period_sales, settings.abc_a, settings.abc_b, settings.pareto_top);
    let kinds: Vec<Option<u32>> = (0..n as u32).map(|c| data.customer(c).kind).collect();
    let composition = abc::composition(&kinds, &period_sales);
    let product_mix = product_mix::analyse(data, &h, settings.period_start);

    // Gamma-Gamma on the repeat customers, then expected spend for everyone with a summary.
    let gg_fit = gamma_gamma::fit(
        &GammaGammaData::from_pairs(summaries.iter().flatten().map(|s| (s.frequency, s.monetary_value))),
        &settings.fit,
    );

    // CLV basis: margin when every line in the period and scope has a cost.
    let in_scope_lines = h.line_order.len();
    let missing: u64 = (0..n).filter(|&c| h.in_scope[c]).map(|c| u64::from(h.cost_missing[c])).sum();
    let clv_basis = if in_scope_lines > 0 && missing == 0 { ClvBasis::Margin } else { ClvBasis::Revenue };
    let (firm_sales, firm_cost) =
        (0..n).filter(|&c| h.in_scope[c]).fold((0i64, 0i64), |(s, k), c| (s + h.net_sales[c], k + h.net_cost[c]));
    let margin_rate =
        (clv_basis == ClvBasis::Margin && firm_sales > 0).then(|| (firm_sales - firm_cost) as f64 / firm_sales as f64);

    let lc = settings.lifecycle;
    let customers = (0..n)
        .map(|c| {
            let summary = summaries[c];
            let days = h.purchase_days(c);
            let churn = summary.and_then(|_| ChurnSignal::of(days, h.as_of, lc.churn_interval_multiple));
            let bg = bg_explained[c];
            let lifecycle = summary.map(|s| {
                LifecycleExplanation::new(
                    h.as_of - s.first_day,
                    s.frequency + 1,
                    h.recent_value[c],
                    h.previous_value[c],
                    churn,
                    bg.map(|e| e.p_alive),
                    lc,
                )
            });
            let spend = summary.and_then(|s| {
                let fit = gg_fit.as_ref().ok()?;
                SpendExplanation::new(fit.params, f64::from(s.frequency), s.monetary_value)
            });
            let clv = match (predicted[c].take(), spend) {
                (Some((_, monthly)), Some(spend)) => {
                    let customer_margin = match clv_basis {
                        ClvBasis::Revenue => None,
                        ClvBasis::Margin if h.net_sales[c] > 0 => {
                            Some((h.net_sales[c] - h.net_cost[c]) as f64 / h.net_sales[c] as f64)
                        }
                        ClvBasis::Margin => margin_rate,
                    };
                    // A margin basis without any usable margin rate (firm sales ≤ 0) values at zero margin.
                    let margin = match clv_basis {
                        ClvBasis::Margin => Some(customer_margin.unwrap_or(0.0)),
                        ClvBasis::Revenue => None,
                    };
                    Some(ClvExplanation::from_monthly(
                        monthly,
                        spend.expected_spend,
                        margin,
                        settings.discount_rate_per_month,
                    ))
                }
                _ => None,
            };
            CustomerScores {
                customer: c as u32,
                in_scope: h.in_scope[c],
                net_sales: period_sales[c].unwrap_or(0),
                summary,
                active: summary.map(|s| h.as_of - s.last_day <= settings.active_within_days),
                rfm: rfm_of[c],
                abc: abc_report.customers[c],
                churn,
                lifecycle,
                bgnbd: bg,
                spend,
                clv,
            }
        })
        .collect();

    Ok(Scores {
        as_of: h.as_of,
        settings,
        minor_per_major: scale,
        customers,
        bgnbd: bg_fit,
        gamma_gamma: gg_fit,
        abc: abc_report,
        composition,
        product_mix,
        clv_basis,
        margin_rate,
    })
}

/// P(alive), expected purchases over `horizon`, and expected purchases in each of `months` months (for the
/// CLV), for every customer with a summary. Customers with identical (x, t_x, T) share one computation, and
/// all the horizons of a customer share one series pass ([`BgNbdParams::expected_purchases_at`]).
pub fn predict_purchases(
    summaries: &[Option<RepeatSummary>],
    params: BgNbdParams,
    horizon: f64,
    months: u32,
    unit: TimeUnit,
) -> Vec<Option<(BgNbdExplanation, Vec<f64>)>> {
    let key = |s: &RepeatSummary| (s.frequency, s.last_day - s.first_day, s.first_day);
    let mut order: Vec<usize> = (0..summaries.len()).filter(|&c| summaries[c].is_some()).collect();
    order.sort_unstable_by_key(|&c| summaries[c].as_ref().map(key));
    let mut horizons: Vec<f64> = (1..=months).map(|i| f64::from(i) * unit.per_month()).collect();
    horizons.push(horizon);
    let mut values = vec![0.0; horizons.len()];
    let mut out = vec![None; summaries.len()];
    for group in order.chunk_by(|&a, &b| summaries[a].as_ref().map(key) == summaries[b].as_ref().map(key)) {
        let Some(s) = summaries[group[0]] else { continue };
        let (x, t_x, t) = (f64::from(s.frequency), s.recency, s.t);
        params.expected_purchases_at(&horizons, x, t_x, t, &mut values);
        let mut previous = 0.0;
        let monthly: Vec<f64> = values[..months as usize]
            .iter()
            .map(|&v| {
                let month = v - previous;
                previous = v;
                month
            })
            .collect();
        let explanation = BgNbdExplanation::from_values(params, x, t_x, t, horizon, values[months as usize]);
        for &c in group {
            out[c] = Some((explanation, monthly.clone()));
        }
    }
    out
}

impl Scores {
    /// Customers per RFM segment (segments with nobody are left out), in the table's order.
    pub fn segment_counts(&self) -> Vec<Counted<rfm::RfmSegment>> {
        rfm::RfmSegment::ALL
            .iter()
            .map(|&value| Counted {
                value,
                customers: self.customers.iter().filter(|c| c.rfm.is_some_and(|r| r.segment == value)).count() as u32,
            })
            .filter(|c| c.customers > 0)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::input::{CustomerInfo, DatasetBuilder, SaleLine};

    #[test]
    fn zero_customers_score_to_empty_results() {
        let data = DatasetBuilder::new(100).build().unwrap();
        let s = score(&data, &Settings::default()).unwrap();
        assert!(s.customers.is_empty());
        assert!(matches!(s.bgnbd, Err(FitError::TooFewCustomers { customers: 0, .. })));
        assert!(s.gamma_gamma.is_err());
        assert_eq!(s.clv_basis, ClvBasis::Revenue);
        assert!(s.segment_counts().is_empty());
    }

    #[test]
    fn customers_without_purchases_get_only_their_abc_class() {
        let mut b = DatasetBuilder::new(100);
        let quiet = b.add_customer(CustomerInfo::default());
        let returner = b.add_customer(CustomerInfo::default());
        let buyer = b.add_customer(CustomerInfo::default());
        b.push_line(SaleLine::new(returner, 5, -1.0, -300)).push_line(SaleLine::new(buyer, 5, 1.0, 300));
        let s = score(&b.build().unwrap(), &Settings::default()).unwrap();
        for c in [quiet, returner] {
            let row = &s.customers[c as usize];
            assert!(row.summary.is_none() && row.rfm.is_none() && row.lifecycle.is_none());
            assert_eq!(row.abc.unwrap().class, crate::analytics::abc::AbcClass::C);
        }
        assert_eq!(s.customers[returner as usize].net_sales, -300);
        assert!(s.customers[buyer as usize].rfm.is_some());
    }

    #[test]
    fn same_input_same_output() {
        let mut b = DatasetBuilder::new(100);
        for c in 0..40u32 {
            let id = b.add_customer(CustomerInfo { kind: Some(c % 3), branch: Some(c % 2) });
            for k in 0..(c % 5 + 1) {
                b.push_line(SaleLine::new(id, 100 + (c * 7 + k * 31) as i32 % 300, 1.0, i64::from(1000 + c * 10 + k)));
            }
        }
        let data = b.build().unwrap();
        let first = score(&data, &Settings::default()).unwrap();
        let second = score(&data, &Settings::default()).unwrap();
        assert_eq!(first, second);
        assert!(first.bgnbd.is_ok(), "{:?}", first.bgnbd);
        let branch = score(&data, &Settings { branch: Some(1), ..Settings::default() }).unwrap();
        assert_eq!(branch.customers.iter().filter(|c| c.in_scope).count(), 20);
        assert!(branch.customers.iter().filter(|c| !c.in_scope).all(|c| c.rfm.is_none() && c.abc.is_none()));
    }
    #[test]
    fn the_period_bounds_period_figures_and_behaviour_reads_all_history() {
        // 40 customers buying every 10 days for 600 days; customer 0 stops after day 200.
        let mut b = DatasetBuilder::new(100);
        for c in 0..40u32 {
            let id = b.add_customer(CustomerInfo::default());
            let last = if c == 0 { 200 } else { 600 };
            for day in (0..=last).step_by(10 + (c % 3) as usize) {
                b.push_line(SaleLine::new(id, day, 1.0, 10_000 + i64::from(c)));
            }
        }
        let data = b.build().unwrap();
        let all = score(&data, &Settings { as_of: Some(600), ..Settings::default() }).unwrap();
        let year =
            score(&data, &Settings { as_of: Some(600), period_start: Some(236), ..Settings::default() }).unwrap();
        let quiet = &year.customers[0];
        // Period figures: no sales in the period, so class C with net sales 0.
        assert_eq!(quiet.net_sales, 0);
        assert_eq!(quiet.abc.unwrap().class, crate::analytics::abc::AbcClass::C);
        assert!(year.customers[1].net_sales < all.customers[1].net_sales);
        // Behaviour: the same as over all history — a lapsed customer keeps their RFM, P(alive) and CLV.
        for (y, a) in year.customers.iter().zip(&all.customers) {
            assert_eq!(
                (y.summary, y.rfm, y.bgnbd, y.lifecycle, y.churn),
                (a.summary, a.rfm, a.bgnbd, a.lifecycle, a.churn)
            );
        }
        assert_eq!(year.bgnbd, all.bgnbd);
        let rfm = quiet.rfm.unwrap();
        assert_eq!(rfm.r.score, 1, "400 silent days: the worst recency");
        assert!(quiet.bgnbd.unwrap().p_alive < 0.1, "{:?}", quiet.bgnbd);
    }
}
