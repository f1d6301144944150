//! The BG/NBD model (Fader, Hardie & Lee 2005): how many purchases a customer will make and whether they
//! are still "alive", from (x, t_x, T) alone.
//!
//! While alive a customer buys at rate λ ~ Gamma(r, α); after each purchase they drop out with
//! probability p ~ Beta(a, b). For one customer with x repeat purchase days, the last at t_x, observed
//! until T (all in one time unit):
//!
//! `L = B(a, b+x)/B(a, b) · Γ(r+x) αʳ / Γ(r) · [ (α+T)^−(r+x) + δ(x>0) · a/(b+x−1) · (α+t_x)^−(r+x) ]`
//!
//! **Grouping.** Customers with the same (x, t_x, T) have the same likelihood, so the data is kept as
//! distinct triples with a count, sorted by x; the terms that depend on x only (the Γ and B functions and
//! their derivatives) are computed once per distinct x. Each group then costs two logarithms, one
//! exponential and one `ln_1p`, in a loop the compiler can keep in registers.

use super::optimize::{minimize, symmetrize, to_log_space, Derivatives, FitError};
use super::settings::{FitSettings, TimeUnit};
use super::special::{beta_expectation, bgnbd_bracket, bgnbd_brackets, ln_rising};
use super::summary::Histories;
use serde::{Deserialize, Serialize};

/// Above this `a` the conditional expectation is integrated rather than summed as a series.
pub const SERIES_MAX_A: f64 = 40.0;

/// The four BG/NBD parameters (α in the time unit of the data they were fitted on).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbdParams {
    /// Shape of the purchase-rate Gamma.
    pub r: f64,
    /// Scale (in time units) of the purchase-rate Gamma.
    pub alpha: f64,
    /// First shape of the drop-out Beta.
    pub a: f64,
    /// Second shape of the drop-out Beta.
    pub b: f64,
}

/// A fitted BG/NBD model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbdFit {
    /// The maximum-likelihood parameters.
    pub params: BgNbdParams,
    /// The total log-likelihood at the parameters.
    pub log_likelihood: f64,
    /// Customers in the fit.
    pub customers: usize,
    /// Distinct (x, t_x, T) groups the likelihood was summed over.
    pub groups: usize,
    /// Optimiser iterations used.
    pub iterations: u64,
    /// The time unit of α, t_x, T and the horizon.
    pub unit: TimeUnit,
}

/// The fit's input: distinct (x, t_x, T) triples with their counts, sorted by x.
#[derive(Clone, Debug, Default)]
pub struct BgNbdData {
    x: Vec<f64>,
    t_x: Vec<f64>,
    t: Vec<f64>,
    /// The distinct values of t_x and T, ascending, and each group's positions in it: times built from day
    /// counts take a few hundred values, so `ln(α + time)` is computed once per value, not per group.
    times: Vec<f64>,
    t_x_at: Vec<u32>,
    t_at: Vec<u32>,
    weight: Vec<f64>,
    /// Runs of equal x: (x, first group, end).
    runs: Vec<(f64, usize, usize)>,
    customers: usize,
    repeaters: usize,
}

impl BgNbdData {
    /// Groups `(x, t_x, T)` triples (any order). Triples are equal when their numbers are bit-for-bit equal,
    /// which is exact for times computed from integer day counts.
    pub fn from_triples(triples: impl IntoIterator<Item = (u32, f64, f64)>) -> Self {
        let mut keys: Vec<(u32, u64, u64)> =
            triples.into_iter().map(|(x, tx, t)| (x, tx.to_bits(), t.to_bits())).collect();
        keys.sort_unstable();
        let mut d = BgNbdData { customers: keys.len(), ..BgNbdData::default() };
        for (i, &(x, tx, t)) in keys.iter().enumerate() {
            if x > 0 {
                d.repeaters += 1;
            }
            if i > 0 && keys[i - 1] == (x, tx, t) {
                *d.weight.last_mut().expect("a group was pushed") += 1.0;
                continue;
            }
            let xf = f64::from(x);
            match d.runs.last_mut() {
                Some(run) if run.0 == xf => run.2 += 1,
                _ => d.runs.push((xf, d.x.len(), d.x.len() + 1)),
            }
            d.x.push(xf);
            d.t_x.push(f64::from_bits(tx));
            d.t.push(f64::from_bits(t));
            d.weight.push(1.0);
        }
        let mut times: Vec<u64> = d.t_x.iter().chain(&d.t).map(|v| v.to_bits()).collect();
        times.sort_unstable();
        times.dedup();
        let position = |v: &f64| times.binary_search(&v.to_bits()).expect("every time is in the table") as u32;
        d.t_x_at = d.t_x.iter().map(position).collect();
        d.t_at = d.t.iter().map(position).collect();
        d.times = times.into_iter().map(f64::from_bits).collect();
        d
    }

    /// The triples of every in-scope customer with at least one purchase day.
    pub fn from_histories(h: &Histories, unit: TimeUnit) -> Self {
        let u = unit.days();
        BgNbdData::from_triples((0..h.customer_count()).filter(|&c| h.in_scope[c]).filter_map(|c| {
            let days = h.purchase_days(c);
            let (&first, &last) = (days.first()?, days.last()?);
            Some((days.len() as u32 - 1, f64::from(last - first) / u, f64::from(h.as_of - first) / u))
        }))
    }

    /// Number of customers.
    pub fn customers(&self) -> usize {
        self.customers
    }
    /// Number of customers with at least one repeat purchase.
    pub fn repeaters(&self) -> usize {
        self.repeaters
    }
    /// Number of distinct (x, t_x, T) groups.
    pub fn groups(&self) -> usize {
        self.x.len()
    }

    /// The total log-likelihood and, when `derivatives` is given, its gradient and Hessian in (r, α, a, b).
    pub fn log_likelihood(&self, p: &BgNbdParams, derivatives: Option<&mut Derivatives<4>>) -> f64 {
        let BgNbdParams { r, alpha, a, b } = *p;
        let (ln_alpha, ln_a) = (alpha.ln(), a.ln());
        let want = derivatives.is_some();
        let mut total = 0.0;
        let mut g = [0.0f64; 4];
        let mut h = [[0.0f64; 4]; 4];
        // ln(α + time) and 1/(α + time) once per distinct time.
        let ln_at: Vec<f64> = self.times.iter().map(|v| (alpha + v).ln()).collect();
        let inv_at: Vec<f64> = if want { self.times.iter().map(|v| 1.0 / (alpha + v)).collect() } else { Vec::new() };
        for &(x, start, end) in &self.runs {
            let rx = r + x;
            let n = x as u32;
            // Terms of x alone, times the run's customer count. Rising factorials, not Γ differences, so
            // a drifting a + b cannot wipe out the digits.
            let w_run: f64 = self.weight[start..end].iter().sum();
            let (ln_r, psi_r, tri_r) = ln_rising(r, n);
            let (ln_b, psi_b, tri_b) = ln_rising(b, n);
            let (ln_ab, psi_ab, tri_ab) = ln_rising(a + b, n);
            let a12 = ln_r + r * ln_alpha + if x > 0.0 { ln_b - ln_ab } else { 0.0 };
            total += w_run * a12;
            if want {
                g[0] += w_run * (psi_r + ln_alpha);
                g[1] += w_run * r / alpha;
                h[0][0] += w_run * tri_r;
                h[0][1] += w_run / alpha;
                h[1][1] -= w_run * r / (alpha * alpha);
                if x > 0.0 {
                    g[2] -= w_run * psi_ab;
                    g[3] += w_run * (psi_b - psi_ab);
                    h[2][2] -= w_run * tri_ab;
                    h[2][3] -= w_run * tri_ab;
                    h[3][3] += w_run * (tri_b - tri_ab);
                }
            }
            if x == 0.0 {
                for i in start..end {
                    let w = self.weight[i];
                    let k = self.t_at[i] as usize;
                    let l3 = ln_at[k];
                    total -= w * rx * l3;
                    if want {
                        let i3 = inv_at[k];
                        g[0] -= w * l3;
                        g[1] -= w * rx * i3;
                        h[0][1] -= w * i3;
                        h[1][1] += w * rx * i3 * i3;
                    }
                }
                continue;
            }
            let bx1 = b + x - 1.0;
            let k4 = ln_a - bx1.ln();
            for i in start..end {
                let w = self.weight[i];
                let (k3, k4_at) = (self.t_at[i] as usize, self.t_x_at[i] as usize);
                let (l3, l4) = (ln_at[k3], ln_at[k4_at]);
                let a3 = -rx * l3;
                let a4 = k4 - rx * l4;
                // ln(e^a3 + e^a4), with the share w4 of the second term (alive at t_x, dead since).
                let (m, d) = if a3 >= a4 { (a3, a4 - a3) } else { (a4, a3 - a4) };
                let e = d.exp();
                total += w * (m + e.ln_1p());
                if want {
                    let w4 = if a4 > a3 { 1.0 / (1.0 + e) } else { e / (1.0 + e) };
                    let w3 = 1.0 - w4;
                    let (i3, i4) = (inv_at[k3], inv_at[k4_at]);
                    // Gradient: w3·∇a3 + w4·∇a4.
                    g[0] -= w * (w3 * l3 + w4 * l4);
                    g[1] -= w * rx * (w3 * i3 + w4 * i4);
                    g[2] += w * w4 / a;
                    g[3] -= w * w4 / bx1;
                    // Hessian: w3·∇²a3 + w4·∇²a4 + w3·w4·δδᵀ with δ = ∇a3 − ∇a4.
                    let delta = [l4 - l3, rx * (i4 - i3), -1.0 / a, 1.0 / bx1];
                    let c = w * w3 * w4;
                    for (j, dj) in delta.iter().enumerate() {
                        for (k, dk) in delta.iter().enumerate().skip(j) {
                            h[j][k] += c * dj * dk;
                        }
                    }
                    h[0][1] -= w * (w3 * i3 + w4 * i4);
                    h[1][1] += w * rx * (w3 * i3 * i3 + w4 * i4 * i4);
                    h[2][2] -= w * w4 / (a * a);
                    h[3][3] += w * w4 / (bx1 * bx1);
                }
            }
        }
        if let Some(out) = derivatives {
            symmetrize(&mut h);
            *out = Derivatives { gradient: g, hessian: h };
        }
        total
    }
}

/// Fits the model by maximum likelihood.
///
/// Fails with a [`FitError`] (never panics) when there are fewer customers or repeat customers than the
/// settings ask for, or when the likelihood has no finite maximum (e.g. nobody repeats).
pub fn fit(data: &BgNbdData, unit: TimeUnit, settings: &FitSettings) -> Result<BgNbdFit, FitError> {
    if data.customers < settings.min_customers.max(1) {
        return Err(FitError::TooFewCustomers { customers: data.customers, required: settings.min_customers.max(1) });
    }
    if data.repeaters < settings.min_repeat_customers.max(1) {
        return Err(FitError::TooFewRepeatCustomers {
            repeaters: data.repeaters,
            required: settings.min_repeat_customers.max(1),
        });
    }
    let n = data.customers as f64;
    let objective = |theta: &[f64], out: Option<(&mut [f64], &mut [f64])>| {
        let p = BgNbdParams { r: theta[0].exp(), alpha: theta[1].exp(), a: theta[2].exp(), b: theta[3].exp() };
        match out {
            None => -data.log_likelihood(&p, None) / n,
            Some((grad, hess)) => {
                let mut d = Derivatives::default();
                let ll = data.log_likelihood(&p, Some(&mut d));
                to_log_space(&[p.r, p.alpha, p.a, p.b], &d.gradient, &d.hessian, n, grad, hess);
                -ll / n
            }
        }
    };
    // Start with α at the mean observation time so the rate starts near one purchase per T.
    let mean_t = data.t.iter().zip(&data.weight).map(|(t, w)| t * w).sum::<f64>() / n;
    let theta0 = [0.0, mean_t.max(1e-3).ln(), 0.0, 0.0];
    let m = minimize(&objective, &theta0, settings.max_iterations)?;
    let params = BgNbdParams { r: m.theta[0].exp(), alpha: m.theta[1].exp(), a: m.theta[2].exp(), b: m.theta[3].exp() };
    Ok(BgNbdFit {
        params,
        log_likelihood: data.log_likelihood(&params, None),
        customers: data.customers,
        groups: data.groups(),
        iterations: m.iterations,
        unit,
    })
}

impl BgNbdParams {
    /// One customer's log-likelihood (the literature's per-customer value). `x` is a whole number.
    pub fn log_likelihood(&self, x: f64, t_x: f64, t: f64) -> f64 {
        let BgNbdParams { r, alpha, a, b } = *self;
        let n = x as u32;
        let a1 = ln_rising(r, n).0 + r * alpha.ln();
        let a2 = ln_rising(b, n).0 - ln_rising(a + b, n).0;
        let a3 = -(r + x) * (alpha + t).ln();
        if x == 0.0 {
            return a1 + a3;
        }
        let a4 = a.ln() - (b + x - 1.0).ln() - (r + x) * (alpha + t_x).ln();
        a1 + a2 + super::special::log_add_exp(a3, a4)
    }

    /// P(alive | x, t_x, T) = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)), in log space.
    pub fn p_alive(&self, x: f64, t_x: f64, t: f64) -> f64 {
        if x == 0.0 {
            return 1.0;
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let log_odds_dead = a.ln() - (b + x - 1.0).ln() + (r + x) * ((alpha + t).ln() - (alpha + t_x).ln());
        1.0 / (1.0 + log_odds_dead.exp())
    }

    /// E[X(T, T+t] | x, t_x, T]: expected purchases in the next `t` time units (FHL 2005, eq. 10),
    /// with ₂F₁ evaluated through Euler's transformation ([`bgnbd_bracket`]), so it cannot overflow.
    ///
    /// When `a` > [`SERIES_MAX_A`] (a near-degenerate drop-out Beta, met when drop-out is the same for
    /// everyone) the series needs thousands of terms, so the same expectation is integrated instead: given
    /// alive, λ and p, a customer makes `(1 − e^(−λpt))/p` purchases in `t`; integrating λ over its posterior
    /// Gamma(r+x, α+T) leaves `(1 − ((α+T)/(α+T+pt))^(r+x))/p`, averaged over p ~ Beta(a, b+x) by quadrature.
    pub fn expected_purchases(&self, horizon: f64, x: f64, t_x: f64, t: f64) -> f64 {
        if horizon <= 0.0 {
            return 0.0;
        }
        let BgNbdParams { r, alpha, a, b } = *self;
        let given_alive = if a <= SERIES_MAX_A {
            let z = horizon / (alpha + t + horizon);
            let c = a + b + x - 1.0;
            c * bgnbd_bracket(a + b - 1.0 - r, a - 1.0, c, z)
        } else {
            let k = horizon / (alpha + t);
            beta_expectation(a, b + x, |p| -(-(r + x) * (p * k).ln_1p()).exp_m1() / p)
        };
        given_alive * self.p_alive(x, t_x, t)
    }

    /// [`expected_purchases`](Self::expected_purchases) at several horizons, sharing the series work.
    pub fn expected_purchases_at(&self, horizons: &[f64], x: f64, t_x: f64, t: f64, out: &mut [f64]) {
        let BgNbdParams { r, alpha, a, b } = *self;
        if a > SERIES_MAX_A || horizons.iter().any(|&h| h <= 0.0) {
            for (o, &h) in out.iter_mut().zip(horizons) {
                *o = self.expected_purchases(h, x, t_x, t);
            }
            return;
        }
        let zs: Vec<f64> = horizons.iter().map(|&h| h / (alpha + t + h)).collect();
        let c = a + b + x - 1.0;
        bgnbd_brackets(a + b - 1.0 - r, a - 1.0, c, &zs, out);
        let p_alive = self.p_alive(x, t_x, t);
        for o in out.iter_mut() {
            *o *= c * p_alive;
        }
    }
}

/// The numbers behind a customer's P(alive) and expected purchases: recompute both from these alone.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BgNbdExplanation {
    /// x: repeat purchase days.
    pub x: f64,
    /// t_x: first to last purchase, in the unit.
    pub t_x: f64,
    /// T: first purchase to the as-of date, in the unit.
    pub t: f64,
    /// The fitted parameters.
    pub params: BgNbdParams,
    /// The horizon of the expectation, in the unit.
    pub horizon: f64,
    /// The result: probability the customer is still alive.
    pub p_alive: f64,
    /// The result: expected purchase days within the horizon.
    pub expected_purchases: f64,
}

impl BgNbdExplanation {
    /// Computes the explanation of one customer.
    pub fn new(params: BgNbdParams, x: f64, t_x: f64, t: f64, horizon: f64) -> Self {
        BgNbdExplanation {
            x,
            t_x,
            t,
            params,
            horizon,
            p_alive: params.p_alive(x, t_x, t),
            expected_purchases: params.expected_purchases(horizon, x, t_x, t),
        }
    }
    /// The explanation of a customer whose expected purchases were computed already (in a shared pass).
    pub(crate) fn from_values(params: BgNbdParams, x: f64, t_x: f64, t: f64, horizon: f64, expected: f64) -> Self {
        BgNbdExplanation {
            x,
            t_x,
            t,
            params,
            horizon,
            p_alive: params.p_alive(x, t_x, t),
            expected_purchases: expected,
        }
    }

    /// `(p_alive, expected_purchases)` recomputed from the numbers above.
    pub fn recompute(&self) -> (f64, f64) {
        let again = BgNbdExplanation::new(self.params, self.x, self.t_x, self.t, self.horizon);
        (again.p_alive, again.expected_purchases)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: BgNbdParams = BgNbdParams { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };

    #[test]
    fn grouped_likelihood_equals_the_sum_of_per_customer_likelihoods() {
        let triples = [
            (0, 0.0, 38.86),
            (0, 0.0, 38.86),
            (2, 30.43, 38.86),
            (1, 1.71, 38.86),
            (7, 29.43, 38.86),
            (2, 30.43, 38.86),
        ];
        let data = BgNbdData::from_triples(triples);
        assert_eq!((data.customers(), data.groups(), data.repeaters()), (6, 4, 4));
        let sum: f64 = triples.iter().map(|&(x, tx, t)| PUBLISHED.log_likelihood(f64::from(x), tx, t)).sum();
        assert!((data.log_likelihood(&PUBLISHED, None) - sum).abs() < 1e-10);
    }

    #[test]
    fn analytic_gradient_and_hessian_match_finite_differences() {
        let data =
            BgNbdData::from_triples([(0, 0.0, 30.0), (3, 12.0, 30.0), (1, 2.0, 10.0), (10, 29.0, 31.0), (1, 9.0, 9.5)]);
        let p = BgNbdParams { r: 0.7, alpha: 3.0, a: 1.3, b: 2.2 };
        let mut d = Derivatives::default();
        data.log_likelihood(&p, Some(&mut d));
        let h = 1e-5;
        let at = |k: usize, delta: f64| {
            let mut q = [p.r, p.alpha, p.a, p.b];
            q[k] += delta;
            let mut dd = Derivatives::default();
            let v = data.log_likelihood(&BgNbdParams { r: q[0], alpha: q[1], a: q[2], b: q[3] }, Some(&mut dd));
            (v, dd.gradient)
        };
        for k in 0..4 {
            let ((up, g_up), (down, g_down)) = (at(k, h), at(k, -h));
            let numeric = (up - down) / (2.0 * h);
            assert!(
                (numeric - d.gradient[k]).abs() < 1e-6 * numeric.abs().max(1.0),
                "gradient {k}: {numeric} vs {}",
                d.gradient[k]
            );
            for j in 0..4 {
                let numeric = (g_up[j] - g_down[j]) / (2.0 * h);
                assert!(
                    (numeric - d.hessian[j][k]).abs() < 1e-5 * numeric.abs().max(1.0),
                    "hessian {j},{k}: {numeric} vs {}",
                    d.hessian[j][k]
                );
            }
        }
    }

    #[test]
    fn p_alive_is_one_without_repeats_and_falls_with_silence() {
        assert_eq!(PUBLISHED.p_alive(0.0, 0.0, 38.86), 1.0);
        let recent = PUBLISHED.p_alive(3.0, 38.0, 38.86);
        let silent = PUBLISHED.p_alive(3.0, 5.0, 38.86);
        assert!(recent > silent && silent > 0.0 && recent < 1.0);
        // Extreme silence must underflow to 0, not NaN.
        assert_eq!(PUBLISHED.p_alive(5000.0, 1.0, 10_000.0), 0.0);
    }

    #[test]
    fn series_and_quadrature_agree_where_both_work() {
        // Just below the switch the series is used; the quadrature must give the same expectation.
        let p = BgNbdParams { r: 0.8, alpha: 6.0, a: SERIES_MAX_A - 1.0, b: 120.0 };
        for &(x, t_x, t, horizon) in &[(0.0, 0.0, 20.0, 52.0), (3.0, 15.0, 30.0, 10.0), (12.0, 40.0, 41.0, 52.0)] {
            let series = p.expected_purchases(horizon, x, t_x, t);
            let k = horizon / (p.alpha + t);
            let integral =
                beta_expectation(p.a, p.b + x, |q| -(-(p.r + x) * (q * k).ln_1p()).exp_m1() / q) * p.p_alive(x, t_x, t);
            assert!((series - integral).abs() < 1e-7 * series, "x = {x}: {series} vs {integral}");
        }
    }

    #[test]
    fn degenerate_drop_out_gives_finite_expectations() {
        // A fit where everybody drops out alike sends a and b to millions (a/(a+b) fixed).
        let p = BgNbdParams { r: 4.23, alpha: 40.3, a: 3.4e6, b: 1.4e7 };
        let e = p.expected_purchases(52.0, 3.0, 13.0, 39.0);
        assert!(e.is_finite() && e > 0.0, "{e}");
        // The Beta is a spike at p₀ = a/(a+b): the closed form with p fixed.
        let p0 = p.a / (p.a + p.b);
        let k = 52.0 / (p.alpha + 39.0);
        let spike = -(-(p.r + 3.0) * (p0 * k).ln_1p()).exp_m1() / p0 * p.p_alive(3.0, 13.0, 39.0);
        assert!((e - spike).abs() < 1e-4 * spike, "{e} vs {spike}");
    }

    #[test]
    fn fit_refuses_thin_data_with_a_typed_error() {
        let settings = FitSettings::default();
        let empty = BgNbdData::from_triples([]);
        assert!(matches!(fit(&empty, TimeUnit::Week, &settings), Err(FitError::TooFewCustomers { .. })));
        let nobody_repeats = BgNbdData::from_triples((0..50).map(|i| (0, 0.0, f64::from(i))));
        assert!(matches!(fit(&nobody_repeats, TimeUnit::Week, &settings), Err(FitError::TooFewRepeatCustomers { .. })));
        // One repeater among fifty, thresholds lowered: whatever the optimiser finds must be finite or an error.
        let loose = FitSettings { min_customers: 1, min_repeat_customers: 1, ..settings };
        let one_repeats = BgNbdData::from_triples((0..50).map(|i| (u32::from(i == 0), 0.5, f64::from(i + 1))));
        match fit(&one_repeats, TimeUnit::Week, &loose) {
            Ok(f) => assert!([f.params.r, f.params.alpha, f.params.a, f.params.b, f.log_likelihood]
                .iter()
                .all(|v| v.is_finite())),
            Err(e) => assert!(matches!(e, FitError::DidNotConverge { .. }), "{e}"),
        }
    }
}
