//! "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, and a domain widened to whole
//! steps (the way d3's `nice()` does it), so an axis reads 0, 5万, 10万, 15万 rather than
//! 0, 3.7万, 7.4万.

/// An axis: the widened domain and its tick values, `step` apart.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// The first and last tick: use it as the scale's domain.
    pub domain: (f64, f64),
    pub step: f64,
    pub values: Vec<f64>,
}

/// A step of 1, 2 or 5 × 10ⁿ that cuts `span` into about `count` parts.
pub fn nice_step(span: f64, count: usize) -> f64 {
    let span = span.abs();
    if !span.is_finite() || span == 0.0 {
        return 1.0;
    }
    let raw = span / count.max(1) as f64;
    let power = 10f64.powf(raw.log10().floor());
    let error = raw / power;
    let factor = if error >= 50f64.sqrt() {
        10.0
    } else if error >= 10f64.sqrt() {
        5.0
    } else if error >= 2f64.sqrt() {
        2.0
    } else {
        1.0
    };
    factor * power
}

/// About `count` nice ticks covering `min..=max`. An empty or zero range gets a unit axis from 0,
/// so a chart of nothing still has an axis.
pub fn nice_ticks(min: f64, max: f64, count: usize) -> Ticks {
    let (mut lo, mut hi) = if min <= max { (min, max) } else { (max, min) };
    if !lo.is_finite() || !hi.is_finite() {
        lo = 0.0;
        hi = 1.0;
    }
    if lo == hi {
        if lo == 0.0 {
            hi = 1.0;
        } else if lo > 0.0 {
            lo = 0.0;
        } else {
            hi = 0.0;
        }
    }
    // Widening can change the step (d3 repeats until it settles); twice is enough in practice.
    let mut step = nice_step(hi - lo, count);
    for _ in 0..2 {
        lo = at(step, floor_steps(lo, step));
        hi = at(step, ceil_steps(hi, step));
        step = nice_step(hi - lo, count);
    }
    let first = floor_steps(lo, step);
    let last = ceil_steps(hi, step);
    let values = (first..=last).map(|i| at(step, i)).collect();
    Ticks { domain: (at(step, first), at(step, last)), step, values }
}

/// How many steps below `v` the tick at or below it is; a quotient within a hair of a whole
/// number is that number (0.3 / 0.1 is 2.9999999999999996).
fn floor_steps(v: f64, step: f64) -> i64 {
    let q = v / step;
    if (q - q.round()).abs() < 1e-9 {
        q.round() as i64
    } else {
        q.floor() as i64
    }
}

fn ceil_steps(v: f64, step: f64) -> i64 {
    let q = v / step;
    if (q - q.round()).abs() < 1e-9 {
        q.round() as i64
    } else {
        q.ceil() as i64
    }
}

/// Tick `i` of a step. Multiplying a whole number by a step below 1 (0.1 × 3 =
/// 0.30000000000000004) leaves dust; dividing by the step's inverse does not.
fn at(step: f64, i: i64) -> f64 {
    if step < 1.0 {
        i as f64 / (1.0 / step).round()
    } else {
        i as f64 * step
    }
}

/// Ticks for counts (customers, orders): whole numbers only, from zero.
pub fn count_ticks(max: f64, count: usize) -> Ticks {
    let t = nice_ticks(0.0, max.max(1.0), count);
    if t.step >= 1.0 {
        t
    } else {
        let hi = t.domain.1.ceil().max(1.0);
        let values = (0..=hi as i64).map(|v| v as f64).collect();
        Ticks { domain: (0.0, hi), step: 1.0, values }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_1_2_or_5_times_a_power_of_ten() {
        assert_eq!(nice_step(100.0, 5), 20.0);
        assert_eq!(nice_step(100.0, 10), 10.0);
        assert_eq!(nice_step(37_000.0, 5), 10_000.0);
        assert_eq!(nice_step(1.0, 4), 0.2);
        assert_eq!(nice_step(0.0, 5), 1.0);
        assert_eq!(nice_step(123_456_789.0, 5), 20_000_000.0);
    }

    #[test]
    fn ticks_widen_to_whole_steps() {
        let t = nice_ticks(0.0, 37_412.0, 5);
        assert_eq!(t.domain, (0.0, 40_000.0));
        assert_eq!(t.values, vec![0.0, 10_000.0, 20_000.0, 30_000.0, 40_000.0]);
        let t = nice_ticks(-3.2, 7.9, 5);
        assert_eq!(t.values.first(), Some(&-4.0));
        assert_eq!(t.values.last(), Some(&8.0));
        assert!(t.values.contains(&0.0));
    }

    #[test]
    fn small_steps_have_no_float_dust() {
        let t = nice_ticks(0.0, 1.0, 5);
        assert_eq!(t.values, vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
        let t = nice_ticks(0.0, 0.3, 3);
        assert_eq!(t.values, vec![0.0, 0.1, 0.2, 0.3]);
    }

    #[test]
    fn degenerate_ranges_still_have_an_axis() {
        assert_eq!(nice_ticks(0.0, 0.0, 5).domain, (0.0, 1.0));
        assert_eq!(nice_ticks(50.0, 50.0, 5).domain, (0.0, 50.0));
        assert_eq!(nice_ticks(-8.0, -8.0, 4).domain, (-8.0, 0.0));
        assert_eq!(nice_ticks(f64::NAN, 3.0, 5).domain, (0.0, 1.0));
        assert_eq!(nice_ticks(10.0, 0.0, 5).domain, (0.0, 10.0));
    }

    #[test]
    fn count_ticks_are_whole_numbers() {
        assert_eq!(count_ticks(3.0, 5).values, vec![0.0, 1.0, 2.0, 3.0]);
        assert_eq!(count_ticks(0.0, 5).values, vec![0.0, 1.0]);
        let t = count_ticks(1234.0, 5);
        assert_eq!(t.step, 200.0);
        assert_eq!(t.domain, (0.0, 1400.0));
    }
}
