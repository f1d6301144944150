//! Scales: from data values to drawing coordinates (the SVG's viewBox units).

/// A linear map from `domain` to `range`. A domain of zero width maps everything to the middle of
/// the range, so a series of equal values draws a flat line instead of dividing by zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearScale {
    pub domain: (f64, f64),
    pub range: (f64, f64),
}

impl LinearScale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> Self {
        LinearScale { domain, range }
    }

    /// The drawing coordinate of `value` (not clamped: values outside the domain land outside the
    /// range).
    pub fn map(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 || !value.is_finite() {
            return (r0 + r1) / 2.0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }

    /// Like [`map`](Self::map) but kept within the range.
    pub fn map_clamped(&self, value: f64) -> f64 {
        let (lo, hi) = ordered(self.range);
        self.map(value).clamp(lo, hi)
    }

    /// The value at drawing coordinate `at`.
    pub fn invert(&self, at: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if r1 == r0 {
            return (d0 + d1) / 2.0;
        }
        d0 + (at - r0) / (r1 - r0) * (d1 - d0)
    }
}

fn ordered((a, b): (f64, f64)) -> (f64, f64) {
    if a <= b {
        (a, b)
    } else {
        (b, a)
    }
}

/// `n` equal bands across `range` (months along an axis, rows of bars): band `i` starts at
/// [`start`](Self::start) and is [`width`](Self::width) wide; `padding` is the share of each step
/// left empty between bands (0 = touching bars, 0.2 = a fifth of a step between them), half of it
/// also before the first band and after the last.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BandScale {
    pub n: usize,
    pub range: (f64, f64),
    pub padding: f64,
}

impl BandScale {
    pub fn new(n: usize, range: (f64, f64), padding: f64) -> Self {
        BandScale { n, range, padding: padding.clamp(0.0, 0.95) }
    }

    /// Distance from the start of one band to the start of the next.
    pub fn step(&self) -> f64 {
        (self.range.1 - self.range.0) / self.n.max(1) as f64
    }

    /// Width of one band.
    pub fn width(&self) -> f64 {
        self.step() * (1.0 - self.padding)
    }

    /// Where band `i` starts.
    pub fn start(&self, i: usize) -> f64 {
        self.range.0 + self.step() * (i as f64 + self.padding / 2.0)
    }

    /// The middle of band `i` (where a line chart puts its point).
    pub fn center(&self, i: usize) -> f64 {
        self.range.0 + self.step() * (i as f64 + 0.5)
    }

    /// The band under drawing coordinate `at`, if any (for pointer positions).
    pub fn index_at(&self, at: f64) -> Option<usize> {
        let step = self.step();
        if self.n == 0 || step == 0.0 {
            return None;
        }
        let i = ((at - self.range.0) / step).floor();
        (i >= 0.0 && (i as usize) < self.n).then_some(i as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_maps_and_inverts() {
        let s = LinearScale::new((0.0, 100.0), (300.0, 20.0));
        assert_eq!(s.map(0.0), 300.0);
        assert_eq!(s.map(100.0), 20.0);
        assert_eq!(s.map(50.0), 160.0);
        assert_eq!(s.invert(160.0), 50.0);
        assert_eq!(s.map_clamped(150.0), 20.0);
        assert_eq!(s.map_clamped(-10.0), 300.0);
    }

    #[test]
    fn linear_with_an_empty_domain_draws_in_the_middle() {
        let s = LinearScale::new((5.0, 5.0), (0.0, 10.0));
        assert_eq!(s.map(5.0), 5.0);
        assert_eq!(s.map(f64::NAN), 5.0);
    }

    #[test]
    fn bands_split_the_range() {
        let b = BandScale::new(4, (0.0, 400.0), 0.2);
        assert_eq!(b.step(), 100.0);
        assert!((b.width() - 80.0).abs() < 1e-9);
        assert!((b.start(0) - 10.0).abs() < 1e-9);
        assert!((b.start(3) - 310.0).abs() < 1e-9);
        assert_eq!(b.center(1), 150.0);
        assert_eq!(b.index_at(399.0), Some(3));
        assert_eq!(b.index_at(400.0), None);
        assert_eq!(b.index_at(-1.0), None);
        assert_eq!(BandScale::new(0, (0.0, 1.0), 0.0).index_at(0.5), None);
    }
}
