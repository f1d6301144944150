//! The scoring engine's steps one by one, shared by the criterion benchmark (`benches/analytics.rs`,
//! natively) and the browser benchmark (`tests/browser_bench.rs`, in wasm), so both time the same work.

use kehu::analytics::bgnbd::{self, BgNbdData, BgNbdParams};
use kehu::analytics::clv::ClvExplanation;
use kehu::analytics::gamma_gamma::{self, GammaGammaData, GammaGammaParams, SpendExplanation};
use kehu::analytics::pipeline::predict_purchases;
use kehu::analytics::rfm::{self, RfmValues};
use kehu::analytics::summary::{net_sales, Histories, RepeatSummary};
use kehu::analytics::{abc, Dataset, Settings};

/// What the fits and predictions start from (computed once, outside the timed steps).
pub struct Prepared {
    pub bg_data: BgNbdData,
    pub summaries: Vec<Option<RepeatSummary>>,
    pub gg_data: GammaGammaData,
    pub bg: BgNbdParams,
    pub gg: GammaGammaParams,
}

pub fn prepare(data: &Dataset, settings: &Settings) -> Prepared {
    let unit = settings.time_unit;
    let scale = data.minor_per_major();
    let h = Histories::build(data, settings);
    let bg_data = BgNbdData::from_histories(&h, unit);
    let summaries: Vec<_> = (0..h.customer_count()).map(|c| h.repeat_summary(c, unit, scale)).collect();
    let gg_data = GammaGammaData::from_pairs(summaries.iter().flatten().map(|s| (s.frequency, s.monetary_value)));
    let bg = bgnbd::fit(&bg_data, unit, &settings.fit).unwrap().params;
    let gg = gamma_gamma::fit(&gg_data, &settings.fit).unwrap().params;
    Prepared { bg_data, summaries, gg_data, bg, gg }
}

/// The summary (x, t_x, T, mean repeat spend) of every customer.
pub fn summary(data: &Dataset, settings: &Settings) -> usize {
    let (unit, scale) = (settings.time_unit, data.minor_per_major());
    let h = Histories::build(data, settings);
    (0..h.customer_count()).filter_map(|c| h.repeat_summary(c, unit, scale)).count()
}

/// RFM values, quintile scores and segments.
pub fn rfm(data: &Dataset, settings: &Settings) -> usize {
    let values: Vec<RfmValues> = rfm::values(data, settings).into_iter().flatten().collect();
    rfm::score(&values, None, settings.rfm_bins, settings.lost_p_alive_below).len()
}

/// ABC classes and the Pareto curve.
pub fn abc(data: &Dataset, settings: &Settings) -> abc::AbcReport {
    let sales = net_sales(data, settings);
    abc::analyse(&sales, settings.abc_a, settings.abc_b, settings.pareto_top)
}

pub fn bgnbd_fit(p: &Prepared, settings: &Settings) -> BgNbdParams {
    bgnbd::fit(&p.bg_data, settings.time_unit, &settings.fit).unwrap().params
}

pub fn gamma_gamma_fit(p: &Prepared, settings: &Settings) -> GammaGammaParams {
    gamma_gamma::fit(&p.gg_data, &settings.fit).unwrap().params
}

/// P(alive), expected purchases over the horizon, expected spend and the 12-month CLV of everyone.
pub fn predictions(p: &Prepared, settings: &Settings) -> f64 {
    let predicted = predict_purchases(&p.summaries, p.bg, settings.horizon, 12, settings.time_unit);
    let mut total = 0.0;
    for (s, e) in p.summaries.iter().zip(predicted) {
        let (Some(s), Some((e, monthly))) = (s, e) else { continue };
        let spend = SpendExplanation::new(p.gg, f64::from(s.frequency), s.monetary_value).unwrap();
        let clv = ClvExplanation::from_monthly(monthly, spend.expected_spend, None, 0.01);
        total += e.p_alive + e.expected_purchases + clv.clv;
    }
    total
}
