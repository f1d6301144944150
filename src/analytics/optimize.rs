//! Maximum-likelihood fitting: argmin's BFGS with a Moré–Thuente line search, over log-parameters.
//!
//! The models' parameters are all positive, so the optimiser works on `θ = ln(parameter)` and never
//! leaves the domain. The objective is the *mean* negative log-likelihood per customer, so one gradient
//! tolerance suits a 2,000-customer and a 100,000-customer fit alike. The executor's timer is switched off:
//! the engine reads no clock. If BFGS stops on an error (a line search that cannot make progress),
//! argmin's Nelder–Mead restarts from the best point found, so a fit fails only on a genuinely bad likelihood.

use argmin::core::{CostFunction, Error as ArgminError, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::quasinewton::BFGS;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

/// Why a model was not fitted. The engine returns this instead of panicking on thin or degenerate data.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum FitError {
    /// Fewer customers than `FitSettings::min_customers`.
    #[error("{customers} customers, at least {required} needed to fit the model")]
    TooFewCustomers { customers: usize, required: usize },
    /// Fewer repeat customers than `FitSettings::min_repeat_customers`.
    #[error("{repeaters} repeat customers, at least {required} needed to fit the model")]
    TooFewRepeatCustomers { repeaters: usize, required: usize },
    /// The optimiser ended on a point that is not a maximum (non-finite likelihood or parameters).
    #[error("the fit did not converge: {reason}")]
    DidNotConverge { reason: String },
}

/// The result of a minimisation, in the log-parameters.
#[derive(Debug, Clone)]
pub(crate) struct Minimum {
    pub theta: Vec<f64>,
    pub value: f64,
    pub iterations: u64,
}

/// A cost with its gradient, computed together (they share most of the work), cached for the last point:
/// argmin asks for the cost and the gradient at the same point one after the other.
/// It also records the best point evaluated, which survives a solver that stops on an error.
struct Problem<'f, F: Fn(&[f64], &mut [f64]) -> f64> {
    f: &'f F,
    cache: RefCell<Option<Evaluation>>,
    best: &'f RefCell<Option<(Vec<f64>, f64)>>,
}

/// A point, the value there and the gradient there.
type Evaluation = (Vec<f64>, f64, Vec<f64>);

impl<'f, F: Fn(&[f64], &mut [f64]) -> f64> Problem<'f, F> {
    fn new(f: &'f F, best: &'f RefCell<Option<(Vec<f64>, f64)>>) -> Self {
        Problem { f, cache: RefCell::new(None), best }
    }

    fn eval(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        if let Some((t, v, g)) = self.cache.borrow().as_ref() {
            if t.as_slice() == theta {
                return (*v, g.clone());
            }
        }
        let mut g = vec![0.0; theta.len()];
        let mut v = (self.f)(theta, &mut g);
        if !v.is_finite() || g.iter().any(|x| !x.is_finite()) {
            // A point outside the numerically safe region: make it unattractive. A huge finite value (not
            // infinity) keeps the line search's interpolation finite so it backs off instead of failing.
            v = 1e30;
            g.iter_mut().for_each(|x| *x = 0.0);
        }
        *self.cache.borrow_mut() = Some((theta.to_vec(), v, g.clone()));
        let mut best = self.best.borrow_mut();
        if best.as_ref().is_none_or(|(_, b)| v < *b) {
            *best = Some((theta.to_vec(), v));
        }
        (v, g)
    }
}

impl<F: Fn(&[f64], &mut [f64]) -> f64> CostFunction for Problem<'_, F> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, theta: &Vec<f64>) -> Result<f64, ArgminError> {
        Ok(self.eval(theta).0)
    }
}

impl<F: Fn(&[f64], &mut [f64]) -> f64> Gradient for Problem<'_, F> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, theta: &Vec<f64>) -> Result<Vec<f64>, ArgminError> {
        Ok(self.eval(theta).1)
    }
}

/// Largest gradient component accepted at a maximum (of the mean log-likelihood per customer).
const GRADIENT_TOLERANCE: f64 = 1e-6;

/// Minimises `f(θ, grad) -> value` (which must fill `grad`) from `theta0`.
pub(crate) fn minimize<F>(f: &F, theta0: &[f64], max_iterations: u64) -> Result<Minimum, FitError>
where
    F: Fn(&[f64], &mut [f64]) -> f64,
{
    let first = bfgs(f, theta0, max_iterations);
    if let Some(found) = first.as_ref().filter(|m| is_stationary(f, m)) {
        return Ok(found.clone());
    }
    // BFGS stopped early: polish with Nelder–Mead from the best point so far, then let BFGS finish.
    let start = first.as_ref().map_or(theta0, |m| m.theta.as_slice());
    let polished = nelder_mead(f, start, max_iterations * 20).unwrap_or_else(|| Minimum {
        theta: start.to_vec(),
        value: f64::MAX,
        iterations: 0,
    });
    let second = bfgs(f, &polished.theta, max_iterations);
    let used = first.map_or(0, |m| m.iterations) + polished.iterations;
    let best = [second, Some(polished)]
        .into_iter()
        .flatten()
        .filter(|m| m.value.is_finite() && m.value < 1e30 && m.theta.iter().all(|t| t.is_finite()))
        .min_by(|a, b| a.value.total_cmp(&b.value));
    match best {
        Some(m) if is_stationary(f, &m) => Ok(Minimum { iterations: m.iterations + used, ..m }),
        Some(m) => Err(FitError::DidNotConverge {
            reason: format!("the gradient is still {:.2e} after {} iterations", gradient_norm(f, &m.theta), used),
        }),
        None => Err(FitError::DidNotConverge { reason: "the likelihood is not finite anywhere tried".into() }),
    }
}

fn gradient_norm<F: Fn(&[f64], &mut [f64]) -> f64>(f: &F, theta: &[f64]) -> f64 {
    let mut g = vec![0.0; theta.len()];
    let v = f(theta, &mut g);
    if v.is_finite() {
        g.iter().fold(0.0, |m, x| m.max(x.abs()))
    } else {
        f64::INFINITY
    }
}

fn is_stationary<F: Fn(&[f64], &mut [f64]) -> f64>(f: &F, m: &Minimum) -> bool {
    m.value.is_finite() && m.value < 1e30 && gradient_norm(f, &m.theta) <= GRADIENT_TOLERANCE
}

fn bfgs<F: Fn(&[f64], &mut [f64]) -> f64>(f: &F, theta0: &[f64], max_iterations: u64) -> Option<Minimum> {
    // Scale the first inverse-Hessian guess so the first step moves no log-parameter by more than one
    // (a factor e): a full gradient step from a poor start can overflow the likelihood.
    let n = theta0.len();
    let scale = 1.0 / gradient_norm(f, theta0).max(1.0);
    if !scale.is_finite() || scale == 0.0 {
        return None;
    }
    let identity: Vec<Vec<f64>> = (0..n).map(|i| (0..n).map(|j| if i == j { scale } else { 0.0 }).collect()).collect();
    let solver = BFGS::new(MoreThuenteLineSearch::new())
        .with_tolerance_grad(1e-9)
        .and_then(|s| s.with_tolerance_cost(0.0))
        .ok()?;
    let best = RefCell::new(None);
    let result = Executor::new(Problem::new(f, &best), solver)
        .configure(|s| s.param(theta0.to_vec()).inv_hessian(identity).max_iters(max_iterations))
        .timer(false)
        .run();
    finish(result.ok().map(|r| r.state().get_iter()), best)
}

/// The best point a solver evaluated, with its iteration count (0 when the solver ended on an error).
fn finish(iterations: Option<u64>, best: RefCell<Option<(Vec<f64>, f64)>>) -> Option<Minimum> {
    let (theta, value) = best.into_inner()?;
    Some(Minimum { theta, value, iterations: iterations.unwrap_or(0) })
}

fn nelder_mead<F: Fn(&[f64], &mut [f64]) -> f64>(f: &F, theta0: &[f64], max_iterations: u64) -> Option<Minimum> {
    let mut simplex = vec![theta0.to_vec()];
    for i in 0..theta0.len() {
        let mut p = theta0.to_vec();
        p[i] += 0.5;
        simplex.push(p);
    }
    let solver = NelderMead::new(simplex).with_sd_tolerance(1e-14).ok()?;
    let best = RefCell::new(None);
    let result =
        Executor::new(Problem::new(f, &best), solver).configure(|s| s.max_iters(max_iterations)).timer(false).run();
    finish(result.ok().map(|r| r.state().get_iter()), best)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rosenbrock(t: &[f64], g: &mut [f64]) -> f64 {
        let (x, y) = (t[0], t[1]);
        g[0] = -2.0 * (1.0 - x) - 400.0 * x * (y - x * x);
        g[1] = 200.0 * (y - x * x);
        (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
    }

    #[test]
    fn finds_the_rosenbrock_minimum() {
        let m = minimize(&rosenbrock, &[-1.2, 1.0], 500).unwrap();
        assert!((m.theta[0] - 1.0).abs() < 1e-6 && (m.theta[1] - 1.0).abs() < 1e-6, "{:?}", m.theta);
        assert!(m.iterations > 0);
    }

    #[test]
    fn reports_an_unbounded_objective_instead_of_panicking() {
        // Decreasing without bound along θ₀: no stationary point exists.
        let slope = |t: &[f64], g: &mut [f64]| {
            g[0] = -1.0;
            g[1] = 2.0 * t[1];
            -t[0] + t[1] * t[1]
        };
        assert!(matches!(minimize(&slope, &[0.0, 1.0], 50), Err(FitError::DidNotConverge { .. })));
    }
}
