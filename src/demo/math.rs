//! Numerics that give bit-identical results on every platform.
//!
//! `f64::exp`, `ln` and `powf` call the platform's maths library, which differs between glibc,
//! macOS and the wasm build; the last bit of a result can differ, and after a million draws the
//! demo firm would too. The functions here use only `+ − × ÷` and `sqrt`, which IEEE 754 defines
//! exactly, so the same spec gives the same firm natively and in the browser.

use std::f64::consts::{LN_2, LOG2_E, SQRT_2};

/// `e^x`, for `x` in about ±700 (clamped beyond).
pub(crate) fn exp(x: f64) -> f64 {
    let x = x.clamp(-700.0, 700.0);
    // x = k·ln2 + r with |r| ≤ ln2/2, then e^r by its Taylor series (13 terms: error < 1e-17).
    let k = (x * LOG2_E).round();
    let r = x - k * LN_2;
    let mut term = 1.0;
    let mut sum = 1.0;
    for i in 1..=14 {
        term *= r / f64::from(i);
        sum += term;
    }
    sum * pow2(k as i32)
}

/// `2^k` for `k` in the normal exponent range, built from its bits.
fn pow2(k: i32) -> f64 {
    let k = k.clamp(-1022, 1023);
    f64::from_bits(((k + 1023) as u64) << 52)
}

/// Natural logarithm of a positive, normal `x` (returns a large negative number for 0).
pub(crate) fn ln(x: f64) -> f64 {
    if x <= f64::MIN_POSITIVE {
        return -708.0;
    }
    let bits = x.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mut m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    if m > SQRT_2 {
        m /= 2.0;
        e += 1;
    }
    // ln m = 2·atanh(s), s = (m−1)/(m+1), |s| ≤ 0.172: the odd series converges fast.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut power = s;
    let mut sum = 0.0;
    for k in 0..16 {
        sum += power / f64::from(2 * k + 1);
        power *= s2;
    }
    2.0 * sum + f64::from(e) * LN_2
}

/// `base^y` for a positive base.
pub(crate) fn pow(base: f64, y: f64) -> f64 {
    exp(y * ln(base))
}

/// The standard normal quantile function Φ⁻¹(p) for `p` in (0, 1) (Acklam's rational
/// approximation, relative error below 1.2e-9 — far below what a demo needs).
pub(crate) fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [7.784_695_709_041_462e-3, 3.224_671_290_700_398e-1, 2.445_134_137_142_996, 3.754_408_661_907_416];
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    if p < 0.024_25 {
        tail((-2.0 * ln(p)).sqrt())
    } else if p > 1.0 - 0.024_25 {
        -tail((-2.0 * ln(1.0 - p)).sqrt())
    } else {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    }
}

/// A standard normal draw (Marsaglia's polar method: no sine or cosine needed).
pub(crate) fn normal(rng: &mut fastrand::Rng) -> f64 {
    loop {
        let u = 2.0 * rng.f64() - 1.0;
        let v = 2.0 * rng.f64() - 1.0;
        let s = u * u + v * v;
        if s > 0.0 && s < 1.0 {
            return u * (-2.0 * ln(s) / s).sqrt();
        }
    }
}

/// A log-normal factor with mean 1 and log-scale spread `sigma`.
pub(crate) fn lognormal_unit_mean(rng: &mut fastrand::Rng, sigma: f64) -> f64 {
    exp(sigma * normal(rng) - sigma * sigma / 2.0)
}

/// SplitMix64: derives independent sub-seeds from the spec's seed, so that (for example) the
/// customers' names do not change when only the number of sales lines changes.
pub(crate) fn mix(seed: u64, stream: u64) -> u64 {
    let mut z = seed ^ stream.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A uniform index in `0..n` (`n > 0`), drawn the same way on 32- and 64-bit targets:
/// fastrand's own `usize` and `shuffle` use 32-bit draws on wasm32 and 64-bit ones natively,
/// which would make the browser's demo firm differ from the native one.
pub(crate) fn below(rng: &mut fastrand::Rng, n: usize) -> usize {
    rng.u64(..n as u64) as usize
}

/// Fisher–Yates shuffle with [`below`], the same on every target.
pub(crate) fn shuffle<T>(rng: &mut fastrand::Rng, slice: &mut [T]) {
    for i in (1..slice.len()).rev() {
        slice.swap(i, below(rng, i + 1));
    }
}

/// Random bytes for an id, little-endian on every target.
pub(crate) fn id_bytes(rng: &mut fastrand::Rng) -> [u8; 10] {
    let a = rng.u64(..).to_le_bytes();
    let b = rng.u16(..).to_le_bytes();
    [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], b[0], b[1]]
}

/// Picks an index with probability proportional to its weight, from cumulative weights
/// (`cumulative[i]` = sum of weights `0..=i`).
pub(crate) fn pick_cumulative(rng: &mut fastrand::Rng, cumulative: &[f64]) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let x = rng.f64() * total;
    cumulative.partition_point(|&c| c <= x).min(cumulative.len().saturating_sub(1))
}

/// Running sums of `weights`, for [`pick_cumulative`].
pub(crate) fn cumulative(weights: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut sum = 0.0;
    weights
        .into_iter()
        .map(|w| {
            sum += w;
            sum
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_ln_agree_with_the_platform_to_near_machine_precision() {
        for &x in &[-30.0, -5.5, -1.0, -1e-3, 0.0, 1e-9, 0.3, 1.0, 2.5, 10.0, 88.0] {
            let ours = exp(x);
            let theirs = x.exp();
            assert!(((ours - theirs) / theirs).abs() < 1e-14, "exp({x}) = {ours}, std {theirs}");
        }
        for &x in &[1e-300, 1e-5, 0.1, 0.5, 0.999, 1.0, 1.5, 2.0, 1234.5, 1e300] {
            let ours = ln(x);
            let theirs = x.ln();
            assert!((ours - theirs).abs() < 1e-13 * theirs.abs().max(1.0), "ln({x}) = {ours}, std {theirs}");
        }
        assert!((pow(1.1, 2.0) - 1.21).abs() < 1e-14);
    }

    #[test]
    fn normal_quantile_hits_known_points_and_is_symmetric() {
        assert!(normal_quantile(0.5).abs() < 1e-12);
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-8);
        assert!((normal_quantile(0.8) - 0.841_621_234).abs() < 1e-8);
        assert!((normal_quantile(0.001) + 3.090_232_306).abs() < 1e-7);
        assert!((normal_quantile(0.2) + normal_quantile(0.8)).abs() < 1e-12);
    }

    #[test]
    fn normal_draws_have_mean_zero_and_unit_variance() {
        let mut rng = fastrand::Rng::with_seed(7);
        let xs: Vec<f64> = (0..50_000).map(|_| normal(&mut rng)).collect();
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / xs.len() as f64;
        assert!(mean.abs() < 0.02, "mean {mean}");
        assert!((var - 1.0).abs() < 0.03, "variance {var}");
        let factors: Vec<f64> = (0..50_000).map(|_| lognormal_unit_mean(&mut rng, 0.5)).collect();
        let fmean = factors.iter().sum::<f64>() / factors.len() as f64;
        assert!((fmean - 1.0).abs() < 0.02, "log-normal mean {fmean}");
    }

    #[test]
    fn index_draws_use_64_bit_draws_whatever_the_pointer_width() {
        // `below` must consume exactly what `u64` does, on wasm32 as natively (fastrand's
        // `usize` would draw 32 bits there).
        let mut a = fastrand::Rng::with_seed(11);
        let mut b = fastrand::Rng::with_seed(11);
        for n in [1usize, 2, 7, 1_000, 1 << 20] {
            assert_eq!(below(&mut a, n) as u64, b.u64(..n as u64));
        }
        let mut xs: Vec<u32> = (0..50).collect();
        shuffle(&mut a, &mut xs);
        let mut sorted = xs.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..50).collect::<Vec<u32>>());
        assert_ne!(xs, sorted);
        assert_eq!(id_bytes(&mut fastrand::Rng::with_seed(3)), id_bytes(&mut fastrand::Rng::with_seed(3)));
    }

    #[test]
    fn weighted_pick_follows_the_weights_and_never_picks_a_zero_weight() {
        let cum = cumulative([1.0, 0.0, 3.0]);
        let mut rng = fastrand::Rng::with_seed(3);
        let mut counts = [0usize; 3];
        for _ in 0..40_000 {
            counts[pick_cumulative(&mut rng, &cum)] += 1;
        }
        assert_eq!(counts[1], 0);
        let ratio = counts[2] as f64 / counts[0] as f64;
        assert!((ratio - 3.0).abs() < 0.2, "ratio {ratio}");
        assert_ne!(mix(1, 1), mix(1, 2));
        assert_ne!(mix(1, 1), mix(2, 1));
    }
}
