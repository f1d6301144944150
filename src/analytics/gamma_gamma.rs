//! The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005b; Fader & Hardie 2013 note).
//!
//! A customer's purchase values are Gamma(p, ν) with ν ~ Gamma(q, γ) across customers; `v` below is γ.
//! For a repeat customer with x repeat purchases of mean value zbar:
//!
//! `ln L = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln zbar + px·ln x − (px+q)·ln(x·zbar + γ)`
//!
//! and the expected value of their future purchases is `p(γ + x·zbar)/(px + q − 1)`: a weighted average of
//! the population mean `pγ/(q−1)` and their own mean zbar, with weight `px/(px+q−1)` on zbar.
//! The fit uses repeat customers with zbar > 0 (the model is for positive values); customers are grouped by
//! x so the Γ and ψ terms are computed once per distinct x.

use super::optimize::{minimize, symmetrize, to_log_space, Derivatives, FitError};
use super::settings::FitSettings;
use super::special::{digamma, ln_gamma, trigamma};
use serde::{Deserialize, Serialize};

/// The three Gamma-Gamma parameters (`v` is the literature's γ, in money units).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaParams {
    /// Shape of the per-purchase value Gamma.
    pub p: f64,
    /// Shape of the Gamma of ν across customers.
    pub q: f64,
    /// Scale γ of the Gamma of ν across customers.
    pub v: f64,
}

/// A fitted Gamma-Gamma model.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GammaGammaFit {
    /// The maximum-likelihood parameters.
    pub params: GammaGammaParams,
    /// The total log-likelihood at the parameters.
    pub log_likelihood: f64,
    /// Repeat customers in the fit.
    pub customers: usize,
    /// Optimiser iterations used.
    pub iterations: u64,
}

/// The fit's input: (x, zbar) of repeat customers with zbar > 0, sorted by x.
#[derive(Clone, Debug, Default)]
pub struct GammaGammaData {
    zbar: Vec<f64>,
    ln_zbar: Vec<f64>,
    /// Runs of equal x: (x, first, end).
    runs: Vec<(f64, usize, usize)>,
}

impl GammaGammaData {
    /// Keeps the pairs with x ≥ 1 and zbar > 0 (finite), in any order.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (u32, f64)>) -> Self {
        let mut kept: Vec<(u32, f64)> = pairs.into_iter().filter(|&(x, m)| x > 0 && m > 0.0 && m.is_finite()).collect();
        kept.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        let mut d = GammaGammaData::default();
        for (i, &(x, m)) in kept.iter().enumerate() {
            let xf = f64::from(x);
            match d.runs.last_mut() {
                Some(run) if run.0 == xf => run.2 += 1,
                _ => d.runs.push((xf, i, i + 1)),
            }
            d.zbar.push(m);
            d.ln_zbar.push(m.ln());
        }
        d
    }

    /// Number of customers in the fit.
    pub fn customers(&self) -> usize {
        self.zbar.len()
    }

    /// The total log-likelihood and, when `derivatives` is given, its gradient and Hessian in (p, q, v).
    pub fn log_likelihood(&self, params: &GammaGammaParams, derivatives: Option<&mut Derivatives<3>>) -> f64 {
        let GammaGammaParams { p, q, v } = *params;
        let (lg_q, ln_v) = (ln_gamma(q), v.ln());
        let want = derivatives.is_some();
        let (dg_q, tg_q) = if want { (digamma(q), trigamma(q)) } else { (0.0, 0.0) };
        let mut total = 0.0;
        let mut g = [0.0f64; 3];
        let mut h = [[0.0f64; 3]; 3];
        for &(x, start, end) in &self.runs {
            let (px, ln_x) = (p * x, x.ln());
            let n = (end - start) as f64;
            total += n * (ln_gamma(px + q) - ln_gamma(px) - lg_q + q * ln_v + px * ln_x);
            // Sums over the run of ln m, ln(xm + v), 1/(xm + v), 1/(xm + v)².
            let (mut s_ln_m, mut s_log, mut s_inv, mut s_inv2) = (0.0, 0.0, 0.0, 0.0);
            for i in start..end {
                let xm_v = x * self.zbar[i] + v;
                let l = xm_v.ln();
                total += (px - 1.0) * self.ln_zbar[i] - (px + q) * l;
                if want {
                    let inv = 1.0 / xm_v;
                    s_ln_m += self.ln_zbar[i];
                    s_log += l;
                    s_inv += inv;
                    s_inv2 += inv * inv;
                }
            }
            if want {
                let (dg_pxq, tg_pxq) = (digamma(px + q), trigamma(px + q));
                g[0] += x * (n * (dg_pxq - digamma(px) + ln_x) + s_ln_m - s_log);
                g[1] += n * (dg_pxq - dg_q + ln_v) - s_log;
                g[2] += n * q / v - (px + q) * s_inv;
                h[0][0] += x * x * n * (tg_pxq - trigamma(px));
                h[0][1] += x * n * tg_pxq;
                h[0][2] -= x * s_inv;
                h[1][1] += n * (tg_pxq - tg_q);
                h[1][2] += n / v - s_inv;
                h[2][2] += -n * q / (v * v) + (px + q) * s_inv2;
            }
        }
        if let Some(out) = derivatives {
            symmetrize(&mut h);
            *out = Derivatives { gradient: g, hessian: h };
        }
        total
    }
}

/// Fits the model by maximum likelihood; a typed error (never a panic) on too little data.
pub fn fit(data: &GammaGammaData, settings: &FitSettings) -> Result<GammaGammaFit, FitError> {
    let required = settings.min_repeat_customers.max(2);
    if data.customers() < required {
        return Err(FitError::TooFewRepeatCustomers { repeaters: data.customers(), required });
    }
    let n = data.customers() as f64;
    let objective = |theta: &[f64], out: Option<(&mut [f64], &mut [f64])>| {
        let p = GammaGammaParams { p: theta[0].exp(), q: theta[1].exp(), v: theta[2].exp() };
        match out {
            None => -data.log_likelihood(&p, None) / n,
            Some((grad, hess)) => {
                let mut d = Derivatives::default();
                let ll = data.log_likelihood(&p, Some(&mut d));
                to_log_space(&[p.p, p.q, p.v], &d.gradient, &d.hessian, n, grad, hess);
                -ll / n
            }
        }
    };
    // Start at p = q = 1 with γ at the mean spend, the scale of the data.
    let mean = data.zbar.iter().sum::<f64>() / n;
    let m = minimize(&objective, &[0.0, 0.0, mean.ln()], settings.max_iterations)?;
    let params = GammaGammaParams { p: m.theta[0].exp(), q: m.theta[1].exp(), v: m.theta[2].exp() };
    Ok(GammaGammaFit {
        params,
        log_likelihood: data.log_likelihood(&params, None),
        customers: data.customers(),
        iterations: m.iterations,
    })
}

impl GammaGammaParams {
    /// One customer's log-likelihood.
    pub fn log_likelihood(&self, x: f64, zbar: f64) -> f64 {
        let GammaGammaParams { p, q, v } = *self;
        let px = p * x;
        ln_gamma(px + q) - ln_gamma(px) - ln_gamma(q) + q * v.ln() + (px - 1.0) * zbar.ln() + px * x.ln()
            - (px + q) * (x * zbar + v).ln()
    }

    /// The population mean spend per purchase `pγ/(q−1)`; `None` when q ≤ 1 (the mean is infinite).
    pub fn population_mean(&self) -> Option<f64> {
        (self.q > 1.0).then(|| self.p * self.v / (self.q - 1.0))
    }

    /// E[Z | x, zbar] = p(γ + x·zbar)/(px + q − 1); the population mean when x = 0. `None` when q ≤ 1.
    pub fn expected_spend(&self, x: f64, zbar: f64) -> Option<f64> {
        let GammaGammaParams { p, q, v } = *self;
        let x = if zbar > 0.0 { x } else { 0.0 };
        (self.q > 1.0).then(|| p * (v + x * zbar) / (p * x + q - 1.0))
    }
}

/// The numbers behind a customer's expected spend per purchase.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpendExplanation {
    /// Repeat purchase days used (0 when zbar is 0).
    pub x: f64,
    /// Mean value of the repeat purchase days (major units).
    pub zbar: f64,
    /// The fitted parameters.
    pub params: GammaGammaParams,
    /// The population mean pγ/(q−1).
    pub population_mean: f64,
    /// Weight on the customer's own mean: px/(px+q−1).
    pub weight_on_own_mean: f64,
    /// The result: expected spend per future purchase.
    pub expected_spend: f64,
}

impl SpendExplanation {
    /// The explanation of one customer; `None` when q ≤ 1.
    pub fn new(params: GammaGammaParams, x: f64, zbar: f64) -> Option<Self> {
        let x = if zbar > 0.0 { x } else { 0.0 };
        Some(SpendExplanation {
            x,
            zbar,
            params,
            population_mean: params.population_mean()?,
            weight_on_own_mean: params.p * x / (params.p * x + params.q - 1.0),
            expected_spend: params.expected_spend(x, zbar)?,
        })
    }
    /// The expected spend recomputed as the weighted average of the population mean and the own mean.
    pub fn recompute(&self) -> f64 {
        (1.0 - self.weight_on_own_mean) * self.population_mean + self.weight_on_own_mean * self.zbar
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PUBLISHED: GammaGammaParams = GammaGammaParams { p: 6.25, q: 3.74, v: 15.44 };

    #[test]
    fn grouped_likelihood_equals_the_sum_of_per_customer_likelihoods() {
        let pairs = [(2, 22.35), (1, 11.77), (2, 40.0), (5, 13.1), (0, 0.0), (3, 0.0)];
        let data = GammaGammaData::from_pairs(pairs);
        assert_eq!(data.customers(), 4);
        let sum: f64 = pairs
            .iter()
            .filter(|p| p.0 > 0 && p.1 > 0.0)
            .map(|&(x, m)| PUBLISHED.log_likelihood(f64::from(x), m))
            .sum();
        assert!((data.log_likelihood(&PUBLISHED, None) - sum).abs() < 1e-9);
    }

    #[test]
    fn analytic_gradient_and_hessian_match_finite_differences() {
        let data = GammaGammaData::from_pairs([(2, 22.35), (1, 11.77), (2, 40.0), (5, 13.1)]);
        let mut d = Derivatives::default();
        data.log_likelihood(&PUBLISHED, Some(&mut d));
        let h = 1e-5;
        for k in 0..3 {
            let at = |delta: f64| {
                let mut q = [PUBLISHED.p, PUBLISHED.q, PUBLISHED.v];
                q[k] += delta;
                let mut dd = Derivatives::default();
                let v = data.log_likelihood(&GammaGammaParams { p: q[0], q: q[1], v: q[2] }, Some(&mut dd));
                (v, dd.gradient)
            };
            let ((up, g_up), (down, g_down)) = (at(h), at(-h));
            let numeric = (up - down) / (2.0 * h);
            assert!(
                (numeric - d.gradient[k]).abs() < 1e-6 * numeric.abs().max(1.0),
                "gradient {k}: {numeric} vs {}",
                d.gradient[k]
            );
            for j in 0..3 {
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
    fn expected_spend_shrinks_towards_the_population_mean() {
        let mean = PUBLISHED.population_mean().unwrap();
        assert_eq!(PUBLISHED.expected_spend(0.0, 0.0), Some(mean));
        let e = SpendExplanation::new(PUBLISHED, 2.0, 22.35).unwrap();
        assert!(e.expected_spend > 22.35 && e.expected_spend < mean);
        assert!((e.recompute() - e.expected_spend).abs() < 1e-12);
        assert_eq!(GammaGammaParams { q: 0.9, ..PUBLISHED }.expected_spend(2.0, 10.0), None);
    }

    #[test]
    fn too_few_repeaters_is_a_typed_error() {
        let data = GammaGammaData::from_pairs([(1, 5.0)]);
        assert!(matches!(fit(&data, &FitSettings::default()), Err(FitError::TooFewRepeatCustomers { .. })));
    }
}
