//! Shaping data for charts: monthly series (filling missing months, lining a period up with the
//! one before it) and the Pareto curve (its points, the share at a given customer share, where it
//! crosses a sales share).

/// One month of a series: (year, month 1–12, value).
pub type MonthValue = (i32, u32, f64);

/// Months counted from year 0, so consecutive months differ by one.
pub fn month_number(year: i32, month: u32) -> i64 {
    i64::from(year) * 12 + i64::from(month.clamp(1, 12)) - 1
}

/// The (year, month) of a [`month_number`].
pub fn month_of_number(n: i64) -> (i32, u32) {
    (n.div_euclid(12) as i32, n.rem_euclid(12) as u32 + 1)
}

/// The series with every month from its first to its last (or `through`, if later), in order;
/// months it lacks get `fill` (0 for sales: no sale that month). Values given twice for one month
/// are added.
pub fn fill_months(series: &[MonthValue], through: Option<(i32, u32)>, fill: f64) -> Vec<MonthValue> {
    let Some(first) = series.iter().map(|(y, m, _)| month_number(*y, *m)).min() else {
        return Vec::new();
    };
    let mut last = series.iter().map(|(y, m, _)| month_number(*y, *m)).max().unwrap_or(first);
    if let Some((y, m)) = through {
        last = last.max(month_number(y, m));
    }
    let mut values = vec![None::<f64>; (last - first + 1) as usize];
    for (y, m, v) in series {
        let slot = &mut values[(month_number(*y, *m) - first) as usize];
        *slot = Some(slot.unwrap_or(0.0) + v);
    }
    values
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let (y, m) = month_of_number(first + i as i64);
            (y, m, v.unwrap_or(fill))
        })
        .collect()
}

/// Lines `previous` up with `current` from the end (the last month of each side by side), for
/// "this period against the one before": entry `i` is `previous`'s month for `current[i]`, or None
/// where `previous` is shorter.
pub fn align_from_end<'a>(current: &[MonthValue], previous: &'a [MonthValue]) -> Vec<Option<&'a MonthValue>> {
    let offset = current.len() as i64 - previous.len() as i64;
    (0..current.len() as i64).map(|i| usize::try_from(i - offset).ok().and_then(|j| previous.get(j))).collect()
}

/// The Pareto curve of per-customer sales: customers ranked by sales, largest first; point `k` is
/// (share of customers, share of sales) after the first `k` of them, from (0, 0) to (1, 1).
/// Customers with no or negative net sales count as customers with nothing.
pub fn pareto_curve(sales: &[f64]) -> Vec<(f64, f64)> {
    let mut sorted: Vec<f64> = sales.iter().map(|s| if s.is_finite() { s.max(0.0) } else { 0.0 }).collect();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = sorted.iter().sum();
    let n = sorted.len();
    let mut out = Vec::with_capacity(n + 1);
    out.push((0.0, 0.0));
    let mut running = 0.0;
    for (i, s) in sorted.iter().enumerate() {
        running += s;
        let share = if total > 0.0 { running / total } else { 0.0 };
        out.push(((i + 1) as f64 / n as f64, share));
    }
    out
}

/// The sales share at customer share `x` on a curve of increasing x (linear between points):
/// `share_at(curve, 0.2)` is the "top 20% make …" figure.
pub fn share_at(curve: &[(f64, f64)], x: f64) -> f64 {
    let Some(&(x0, y0)) = curve.first() else { return 0.0 };
    if x <= x0 {
        return y0;
    }
    for w in curve.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        if x <= xb {
            return if xb > xa { ya + (yb - ya) * (x - xa) / (xb - xa) } else { yb };
        }
    }
    curve.last().map_or(0.0, |p| p.1)
}

/// The smallest customer share whose sales share reaches `y` (linear between points), or 1 if the
/// curve never reaches it: where the A class (`y` = 0.8) ends.
pub fn customers_at_share(curve: &[(f64, f64)], y: f64) -> f64 {
    let Some(&(x0, y0)) = curve.first() else { return 1.0 };
    if y <= y0 {
        return x0;
    }
    for w in curve.windows(2) {
        let ((xa, ya), (xb, yb)) = (w[0], w[1]);
        if y <= yb {
            return if yb > ya { xa + (xb - xa) * (y - ya) / (yb - ya) } else { xa };
        }
    }
    1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_numbers_round_trip() {
        assert_eq!(month_number(2025, 12) + 1, month_number(2026, 1));
        assert_eq!(month_of_number(month_number(2025, 12)), (2025, 12));
        assert_eq!(month_of_number(month_number(2026, 1)), (2026, 1));
    }

    #[test]
    fn missing_months_are_filled() {
        let s = [(2025, 11, 5.0), (2026, 2, 7.0), (2025, 11, 1.0)];
        let filled = fill_months(&s, None, 0.0);
        assert_eq!(filled, vec![(2025, 11, 6.0), (2025, 12, 0.0), (2026, 1, 0.0), (2026, 2, 7.0)]);
        let longer = fill_months(&s, Some((2026, 4)), 0.0);
        assert_eq!(longer.len(), 6);
        assert_eq!(longer.last(), Some(&(2026, 4, 0.0)));
        assert!(fill_months(&[], Some((2026, 4)), 0.0).is_empty());
    }

    #[test]
    fn previous_lines_up_from_the_end() {
        let cur = [(2025, 1, 1.0), (2025, 2, 2.0), (2025, 3, 3.0)];
        let prev = [(2024, 2, 20.0), (2024, 3, 30.0)];
        let aligned = align_from_end(&cur, &prev);
        assert_eq!(aligned, vec![None, Some(&prev[0]), Some(&prev[1])]);
        let longer = [(2024, 1, 10.0), (2024, 2, 20.0), (2024, 3, 30.0), (2024, 4, 40.0)];
        assert_eq!(align_from_end(&cur, &longer)[0], Some(&longer[1]));
    }

    #[test]
    fn pareto_curve_ranks_by_sales() {
        let curve = pareto_curve(&[10.0, 50.0, -5.0, 40.0]);
        assert_eq!(curve, vec![(0.0, 0.0), (0.25, 0.5), (0.5, 0.9), (0.75, 1.0), (1.0, 1.0)]);
        assert_eq!(pareto_curve(&[]), vec![(0.0, 0.0)]);
        assert_eq!(pareto_curve(&[0.0, 0.0]).last(), Some(&(1.0, 0.0)));
    }

    #[test]
    fn shares_interpolate_along_the_curve() {
        let curve = pareto_curve(&[10.0, 50.0, 0.0, 40.0]);
        assert!((share_at(&curve, 0.25) - 0.5).abs() < 1e-12);
        assert!((share_at(&curve, 0.2) - 0.4).abs() < 1e-12);
        assert!((share_at(&curve, 0.375) - 0.7).abs() < 1e-12);
        assert_eq!(share_at(&curve, 2.0), 1.0);
        assert!((customers_at_share(&curve, 0.9) - 0.5).abs() < 1e-12);
        assert!((customers_at_share(&curve, 0.7) - 0.375).abs() < 1e-12);
        assert_eq!(customers_at_share(&curve, 0.0), 0.0);
        assert_eq!(customers_at_share(&[(0.0, 0.0), (1.0, 0.5)], 0.8), 1.0);
        assert_eq!(share_at(&[], 0.2), 0.0);
    }
}
