//! Special functions: `ln Γ` and `ψ` come from `statrs`; the Gauss hypergeometric part of the BG/NBD
//! conditional expectation is evaluated here in a form that cannot overflow.
//!
//! The BG/NBD conditional expectation (Fader, Hardie & Lee 2005, eq. 10) contains
//! `((α+T)/(α+T+t))^(r+x) · ₂F₁(r+x, b+x; a+b+x−1; z)` with `z = t/(α+T+t)`. For a frequent buyer
//! `r + x` and `b + x` are large: the power underflows while ₂F₁ overflows (Hardie's note 027). Euler's
//! transformation `₂F₁(A,B;C;z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z)` turns the product into
//! `(1−z)^(a−1) · ₂F₁(a+b−1−r, a−1; a+b+x−1; z)`: the upper parameters no longer grow with x, the lower one
//! does, so the series terms shrink faster for frequent buyers and stay bounded. [`bgnbd_bracket`] then
//! folds the `1/(a−1)` factor of eq. 10 in analytically, so `a = 1` is not a singularity either.

pub use statrs::function::gamma::{digamma, ln_gamma};

/// The trigamma function ψ₁(x) = d²/dx² ln Γ(x) for x > 0: the recurrence ψ₁(x) = ψ₁(x+1) + 1/x² up to
/// x ≥ 10, then the asymptotic series (error below 1e-16 there). `statrs` has ψ but not ψ₁.
pub fn trigamma(mut x: f64) -> f64 {
    let mut sum = 0.0;
    while x < 10.0 {
        sum += 1.0 / (x * x);
        x += 1.0;
    }
    let z = 1.0 / (x * x);
    // 1/x + 1/(2x²) + Σ B₂ₖ / x^(2k+1), Bernoulli numbers 1/6, −1/30, 1/42, −1/30, 5/66, −691/2730, 7/6.
    let tail = z
        * (1.0 / 6.0
            + z * (-1.0 / 30.0
                + z * (1.0 / 42.0 + z * (-1.0 / 30.0 + z * (5.0 / 66.0 + z * (-691.0 / 2730.0 + z * 7.0 / 6.0))))));
    sum + 1.0 / x + z / 2.0 + tail / x
}

/// `(ln Γ(y+n) − ln Γ(y), ψ(y+n) − ψ(y), ψ₁(y+n) − ψ₁(y))` for y > 0 and a whole number n.
///
/// Summed as `Σ ln(y+k)`, `Σ 1/(y+k)`, `−Σ 1/(y+k)²` over k < n when n is small or y large: the
/// differences of Γ functions lose every digit when y is large (a BG/NBD fit drifting along a ridge sends
/// a + b to 1e10 and beyond, where ln Γ(a+b) ≈ 2e11 leaves no room for a difference of a few units).
pub fn ln_rising(y: f64, n: u32) -> (f64, f64, f64) {
    if n <= 200 || y > 1e3 * f64::from(n) {
        let (mut ln, mut psi, mut tri) = (0.0, 0.0, 0.0);
        for k in 0..n {
            let v = y + f64::from(k);
            ln += v.ln();
            psi += 1.0 / v;
            tri -= 1.0 / (v * v);
        }
        return (ln, psi, tri);
    }
    let end = y + f64::from(n);
    (ln_gamma(end) - ln_gamma(y), digamma(end) - digamma(y), trigamma(end) - trigamma(y))
}

/// Most series terms summed before giving up on convergence (reached only for `z` within ~1e-4 of 1).
const MAX_TERMS: usize = 200_000;

/// `[1 − (1−z)^B · ₂F₁(A, B; C; z)] / B` for `0 ≤ z < 1` and `C > 0`, continuous at `B = 0`.
///
/// Writing `₂F₁(A, B; C; z) = 1 + B·S` with `S = Σ_{n≥1} (A)_n (B+1)_{n−1} zⁿ / ((C)_n n!)` and
/// `L = ln(1−z)`, the value is `−expm1(B·L)/B − e^{B·L}·S` (and `−L − S` at `B = 0`).
/// With `A = a+b−1−r`, `B = a−1`, `C = a+b+x−1`, the BG/NBD conditional expectation is
/// `C · bracket · P(alive)`.
pub fn bgnbd_bracket(a: f64, b: f64, c: f64, z: f64) -> f64 {
    debug_assert!((0.0..1.0).contains(&z) && c > 0.0);
    let l = (-z).ln_1p();
    let bl = b * l;
    let first = if bl == 0.0 { -l } else { -bl.exp_m1() / b };
    first - bl.exp() * series_s(a, b, c, z)
}

/// [`bgnbd_bracket`] at several `z` in one pass: the series coefficients depend on (A, B, C) only, so
/// each is computed once and multiplied into every `zⁿ` (the CLV needs twelve monthly points per customer).
pub fn bgnbd_brackets(a: f64, b: f64, c: f64, zs: &[f64], out: &mut [f64]) {
    debug_assert_eq!(zs.len(), out.len());
    let k = zs.len();
    let mut power = zs.to_vec();
    let mut sum = vec![0.0; k];
    let mut coefficient = a / c;
    for (s, p) in sum.iter_mut().zip(&power) {
        *s = coefficient * p;
    }
    // The largest z converges last: the others' terms shrink faster by (z / z_max)ⁿ, so the stopping
    // test watches it alone, and the inner loop is plain arithmetic the compiler can vectorise.
    let (top, z_max) = zs.iter().copied().enumerate().fold((0, 0.0), |m, (j, z)| if z > m.1 { (j, z) } else { m });
    if z_max > 0.0 {
        let past = a.abs() + b.abs() + c.abs();
        let tolerance = 1e-16 * (1.0 - z_max);
        for n in 1..MAX_TERMS {
            let nf = n as f64;
            coefficient *= (a + nf) * (b + nf) / ((c + nf) * (nf + 1.0));
            for j in 0..k {
                power[j] *= zs[j];
                sum[j] += coefficient * power[j];
            }
            let term = coefficient * power[top];
            if (nf > past && term.abs() <= tolerance * sum[top].abs()) || coefficient == 0.0 || term == 0.0 {
                break;
            }
        }
    }
    for j in 0..k {
        let l = (-zs[j]).ln_1p();
        let bl = b * l;
        let first = if bl == 0.0 { -l } else { -bl.exp_m1() / b };
        out[j] = first - bl.exp() * sum[j];
    }
}

/// `S = Σ_{n≥1} (A)_n (B+1)_{n−1} zⁿ / ((C)_n n!)`, summed until a term no longer changes the sum.
fn series_s(a: f64, b: f64, c: f64, z: f64) -> f64 {
    if z == 0.0 {
        return 0.0;
    }
    let mut term = a * z / c;
    let mut sum = term;
    for n in 1..MAX_TERMS {
        let nf = n as f64;
        term *= (a + nf) * (b + nf) * z / ((c + nf) * (nf + 1.0));
        sum += term;
        // Past n > |A|, |B|, |C| the ratio is below one and the remaining tail is < |term|·z/(1−z).
        if term.abs() <= 1e-17 * sum.abs() * (1.0 - z) && nf > a.abs() + b.abs() + c.abs() {
            break;
        }
        if term == 0.0 {
            break;
        }
    }
    sum
}

/// Nodes and weights of the 64-point Gauss–Legendre rule on [−1, 1], computed once (Newton's method on
/// the Legendre polynomial; deterministic, no tables to mistype).
pub fn gauss_legendre_64() -> &'static ([f64; 64], [f64; 64]) {
    static RULE: std::sync::OnceLock<([f64; 64], [f64; 64])> = std::sync::OnceLock::new();
    RULE.get_or_init(|| {
        const N: usize = 64;
        let (mut nodes, mut weights) = ([0.0; N], [0.0; N]);
        for i in 0..N.div_ceil(2) {
            let mut x = (std::f64::consts::PI * (i as f64 + 0.75) / (N as f64 + 0.5)).cos();
            let mut derivative = 0.0;
            for _ in 0..100 {
                let (mut p0, mut p1) = (1.0, x);
                for k in 2..=N {
                    let kf = k as f64;
                    (p0, p1) = (p1, ((2.0 * kf - 1.0) * x * p1 - (kf - 1.0) * p0) / kf);
                }
                derivative = N as f64 * (x * p1 - p0) / (x * x - 1.0);
                let step = p1 / derivative;
                x -= step;
                if step.abs() < 1e-16 {
                    break;
                }
            }
            let w = 2.0 / ((1.0 - x * x) * derivative * derivative);
            (nodes[i], weights[i]) = (x, w);
            (nodes[N - 1 - i], weights[N - 1 - i]) = (-x, w);
        }
        (nodes, weights)
    })
}

/// `E_p[g(p)]` for `p ~ Beta(a, b)` by Gauss–Legendre on the window mean ± 12 standard deviations (clipped
/// to [0, 1]), the density weights normalised by their own sum. Meant for a concentrated Beta (large `a`),
/// where the window holds all but a negligible part of the mass and the density is smooth on it.
pub fn beta_expectation(a: f64, b: f64, g: impl Fn(f64) -> f64) -> f64 {
    let mean = a / (a + b);
    let sd = (mean * (1.0 - mean) / (a + b + 1.0)).sqrt();
    let (lo, hi) = ((mean - 12.0 * sd).max(0.0), (mean + 12.0 * sd).min(1.0));
    let (half, mid) = ((hi - lo) / 2.0, (hi + lo) / 2.0);
    let (nodes, weights) = gauss_legendre_64();
    // Log-densities first, so the largest can be subtracted before exponentiating.
    let mut log_density = [0.0; 64];
    for (ld, &u) in log_density.iter_mut().zip(nodes) {
        let p = mid + half * u;
        *ld = (a - 1.0) * p.ln() + (b - 1.0) * (-p).ln_1p();
    }
    let top = log_density.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (mut mass, mut total) = (0.0, 0.0);
    for ((&u, &w), &ld) in nodes.iter().zip(weights).zip(&log_density) {
        let density = w * (ld - top).exp();
        mass += density;
        total += density * g(mid + half * u);
    }
    total / mass
}

/// `ln(eᵃ + eᵇ)` without overflow.
pub fn log_add_exp(a: f64, b: f64) -> f64 {
    let m = a.max(b);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + ((a - m).exp() + (b - m).exp()).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain Gauss series, good for moderate parameters: the reference for the transformed form.
    fn hyp2f1_plain(a: f64, b: f64, c: f64, z: f64) -> f64 {
        let (mut term, mut sum) = (1.0, 1.0);
        for n in 0..100_000 {
            let nf = n as f64;
            term *= (a + nf) * (b + nf) / ((c + nf) * (nf + 1.0)) * z;
            sum += term;
            if term.abs() < 1e-18 * sum.abs() {
                break;
            }
        }
        sum
    }

    #[test]
    fn bracket_matches_the_untransformed_formula_for_moderate_arguments() {
        for &(r, alpha, a, b) in
            &[(0.243f64, 4.414f64, 0.793f64, 2.426f64), (1.5, 20.0, 2.5, 4.0), (0.5, 3.0, 0.3, 0.9)]
        {
            for &(x, t_cap, t) in
                &[(0.0f64, 38.86f64, 39.0f64), (2.0, 38.86, 39.0), (7.0, 20.0, 52.0), (15.0, 60.0, 10.0)]
            {
                let z = t / (alpha + t_cap + t);
                let power = ((alpha + t_cap) / (alpha + t_cap + t)).powf(r + x);
                let plain = (1.0 - power * hyp2f1_plain(r + x, b + x, a + b + x - 1.0, z)) / (a - 1.0);
                let transformed = bgnbd_bracket(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z);
                assert!((plain - transformed).abs() <= 1e-10 * plain.abs().max(1e-12), "{plain} vs {transformed}");
            }
        }
    }

    #[test]
    fn many_brackets_in_one_pass_equal_one_at_a_time() {
        let (a, b, c) = (0.793 + 2.426 - 1.0 - 0.243, 0.793 - 1.0, 0.793 + 2.426 + 3.0 - 1.0);
        let zs: Vec<f64> = (0..13).map(|i| f64::from(i) * 4.345 / (4.414 + 20.0 + f64::from(i) * 4.345)).collect();
        let mut out = vec![0.0; zs.len()];
        bgnbd_brackets(a, b, c, &zs, &mut out);
        for (z, got) in zs.iter().zip(&out) {
            let one = bgnbd_bracket(a, b, c, *z);
            assert!((one - got).abs() <= 1e-14 * one.abs().max(1e-300), "z = {z}: {one} vs {got}");
        }
    }

    #[test]
    fn bracket_is_continuous_at_a_equal_one() {
        let z = 0.4;
        let at = bgnbd_bracket(2.0, 0.0, 3.0, z);
        let near = bgnbd_bracket(2.0, 1e-9, 3.0, z);
        assert!(at.is_finite() && (at - near).abs() < 1e-7, "{at} vs {near}");
    }

    #[test]
    fn bracket_does_not_overflow_for_frequent_buyers() {
        // x = 5000 repeat purchases: the untransformed ₂F₁ overflows f64, the power underflows to 0.
        let (r, alpha, a, b, x, t_cap, t) = (0.243, 4.414, 0.793, 2.426, 5000.0, 300.0, 52.0);
        let z = t / (alpha + t_cap + t);
        assert!(hyp2f1_plain(r + x, b + x, a + b + x - 1.0, z).is_infinite());
        let value = bgnbd_bracket(a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z);
        assert!(value.is_finite() && value > 0.0);
        // For a customer surely alive, E[X(t)] = (a+b+x−1)·bracket stays just under the posterior purchase
        // rate (r+x)/(α+T) times t: drop-out after each purchase (probability ≈ a/(a+b+x)) trims it a little.
        let ratio = (a + b + x - 1.0) * value / ((r + x) / (alpha + t_cap) * t);
        assert!(ratio > 0.8 && ratio < 1.0, "{ratio}");
    }

    #[test]
    fn trigamma_matches_known_values_and_the_derivative_of_digamma() {
        assert!((trigamma(1.0) - std::f64::consts::PI.powi(2) / 6.0).abs() < 1e-13);
        assert!((trigamma(0.5) - std::f64::consts::PI.powi(2) / 2.0).abs() < 1e-12);
        for &x in &[0.01, 0.3, 2.5, 7.0, 40.0, 1e4] {
            let h = 1e-5 * x;
            let numeric = (digamma(x + h) - digamma(x - h)) / (2.0 * h);
            assert!((trigamma(x) - numeric).abs() < 1e-6 * trigamma(x), "x = {x}: {} vs {numeric}", trigamma(x));
        }
    }

    #[test]
    fn rising_differences_match_gamma_differences_and_stay_exact_for_huge_arguments() {
        for &(y, n) in &[(0.243, 2u32), (3.5, 17), (2.4, 150), (0.8, 400), (1e5, 3)] {
            let (ln, psi, tri) = ln_rising(y, n);
            let end = y + f64::from(n);
            assert!((ln - (ln_gamma(end) - ln_gamma(y))).abs() < 1e-9 * ln.abs().max(1.0), "{y} {n}");
            assert!((psi - (digamma(end) - digamma(y))).abs() < 1e-9 * psi.abs().max(1.0));
            assert!((tri - (trigamma(end) - trigamma(y))).abs() < 1e-9 * tri.abs().max(1e-12));
        }
        // y = 1e15: Γ differences are pure rounding noise, the sum is exact to the last digit.
        let (ln, _, _) = ln_rising(1e15, 3);
        assert!((ln - 3.0 * 1e15f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn gauss_legendre_integrates_polynomials_exactly() {
        let (nodes, weights) = gauss_legendre_64();
        assert!((weights.iter().sum::<f64>() - 2.0).abs() < 1e-13);
        let x8: f64 = nodes.iter().zip(weights).map(|(x, w)| w * x.powi(8)).sum();
        assert!((x8 - 2.0 / 9.0).abs() < 1e-14);
    }

    #[test]
    fn beta_expectation_matches_the_beta_mean_and_second_moment() {
        let (a, b) = (80.0, 20.0);
        assert!((beta_expectation(a, b, |p| p) - 0.8).abs() < 1e-10);
        let second = a * (a + 1.0) / ((a + b) * (a + b + 1.0));
        assert!((beta_expectation(a, b, |p| p * p) - second).abs() < 1e-10);
    }

    #[test]
    fn log_add_exp_handles_extremes() {
        assert_eq!(log_add_exp(f64::NEG_INFINITY, f64::NEG_INFINITY), f64::NEG_INFINITY);
        assert!((log_add_exp(1000.0, 1000.0) - (1000.0 + 2f64.ln())).abs() < 1e-12);
        assert!((log_add_exp(-5.0, f64::NEG_INFINITY) + 5.0).abs() < 1e-15);
    }
}
