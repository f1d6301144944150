//! ABC / Pareto analysis, customer shares and composition by type (DOMAIN.md §4).
//!
//! Customers are sorted by net sales in the period, descending (ties: lower customer index first). A customer's
//! class depends on the cumulative share of the customers *before* it: A while that share is below the A
//! threshold (so the customer that crosses 75% is still A), B while below the B threshold, C after. Customers
//! with equal sales share the class of the first of them, so identical customers never differ. Customers with
//! no sales or net sales ≤ 0 are C and come after the curve. Comparisons are exact: thresholds are rounded to
//! parts per million and compared with integer sums.
//!
//! The Pareto check: the share of sales made by the top ⌈20% × customers with sales⌉ customers.

use serde::{Deserialize, Serialize};

/// ABC class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum AbcClass {
    /// Key customers (重点客户).
    A,
    /// The next group.
    B,
    /// The rest (潜力客户).
    C,
}

impl AbcClass {
    /// Single-letter name, the same in every language.
    pub fn letter(self) -> &'static str {
        match self {
            AbcClass::A => "A",
            AbcClass::B => "B",
            AbcClass::C => "C",
        }
    }
}

/// One customer's class with the numbers behind it.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcExplanation {
    /// Net sales, minor units.
    pub sales: i64,
    /// Position in the descending order, 1-based (`None` when sales ≤ 0).
    pub rank: Option<u32>,
    /// Sales of the customers before this one, minor units (of the first customer with the same sales).
    pub cumulative_before: i64,
    /// Sales of all customers with positive sales, minor units.
    pub total: i64,
    /// The A threshold (fraction).
    pub a_threshold: f64,
    /// The B threshold (fraction).
    pub b_threshold: f64,
    /// The result.
    pub class: AbcClass,
}

impl AbcExplanation {
    /// The class recomputed from the numbers above.
    pub fn recompute(&self) -> AbcClass {
        class_of(self.sales, self.cumulative_before, self.total, ppm(self.a_threshold), ppm(self.b_threshold))
    }
    /// This customer's share of the positive total.
    pub fn share(&self) -> f64 {
        if self.total > 0 {
            self.sales as f64 / self.total as f64
        } else {
            0.0
        }
    }
}

/// A point of the Pareto curve: after the first `customers` customers, their share of customers and sales.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ParetoPoint {
    /// Fraction of the customers with sales.
    pub customer_share: f64,
    /// Cumulative fraction of sales.
    pub sales_share: f64,
}

/// The share of sales made by the top customers ("80/20").
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopShare {
    /// The fraction asked for (0.2).
    pub fraction: f64,
    /// ⌈fraction × customers with sales⌉.
    pub customers: u32,
    /// Customers with sales.
    pub of_customers: u32,
    /// Their sales, minor units.
    pub sales: i64,
    /// All sales, minor units.
    pub total: i64,
    /// `sales / total`.
    pub share: f64,
}

/// Customers, sales and share of one customer type (composition 客户构成).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeComposition {
    /// The type index (`None` for customers without a type).
    pub kind: Option<u32>,
    /// Customers of the type in scope.
    pub customers: u32,
    /// Their net sales, minor units.
    pub sales: i64,
    /// Share of the net sales of all types.
    pub share: f64,
}

/// The ABC report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AbcReport {
    /// Per customer (by index) the class and its explanation; `None` for customers out of scope.
    pub customers: Vec<Option<AbcExplanation>>,
    /// Customers with positive sales, in descending order.
    pub order: Vec<u32>,
    /// The Pareto curve, one point per customer of `order`, starting at (0, 0).
    pub curve: Vec<ParetoPoint>,
    /// The 80/20 check.
    pub top: TopShare,
    /// Customers per class (A, B, C).
    pub class_counts: [u32; 3],
    /// Sales per class, minor units.
    pub class_sales: [i64; 3],
}

fn ppm(fraction: f64) -> i128 {
    (fraction * 1e6).round() as i128
}

fn class_of(sales: i64, before: i64, total: i64, a_ppm: i128, b_ppm: i128) -> AbcClass {
    if sales <= 0 || total <= 0 {
        return AbcClass::C;
    }
    let before = i128::from(before) * 1_000_000;
    let total = i128::from(total);
    if before < a_ppm * total {
        AbcClass::A
    } else if before < b_ppm * total {
        AbcClass::B
    } else {
        AbcClass::C
    }
}

/// Classifies customers by `sales` (minor units; `None` = out of scope).
pub fn analyse(sales: &[Option<i64>], a_threshold: f64, b_threshold: f64, top_fraction: f64) -> AbcReport {
    let mut order: Vec<u32> = (0..sales.len() as u32).filter(|&c| sales[c as usize].is_some_and(|s| s > 0)).collect();
    order.sort_unstable_by(|&x, &y| sales[y as usize].cmp(&sales[x as usize]).then(x.cmp(&y)));
    let total: i64 = order.iter().map(|&c| sales[c as usize].unwrap_or(0)).sum();
    let (a_ppm, b_ppm) = (ppm(a_threshold), ppm(b_threshold));
    let explain = |s: i64, rank, before| AbcExplanation {
        sales: s,
        rank,
        cumulative_before: before,
        total,
        a_threshold,
        b_threshold,
        class: class_of(s, before, total, a_ppm, b_ppm),
    };
    let mut customers: Vec<Option<AbcExplanation>> = sales.iter().map(|s| s.map(|s| explain(s, None, total))).collect();
    let mut curve = Vec::with_capacity(order.len() + 1);
    curve.push(ParetoPoint { customer_share: 0.0, sales_share: 0.0 });
    let n = order.len();
    let (mut cumulative, mut tie_before, mut previous) = (0i64, 0i64, None);
    for (i, &c) in order.iter().enumerate() {
        let s = sales[c as usize].unwrap_or(0);
        if previous != Some(s) {
            tie_before = cumulative;
            previous = Some(s);
        }
        customers[c as usize] = Some(explain(s, Some(i as u32 + 1), tie_before));
        cumulative += s;
        curve.push(ParetoPoint {
            customer_share: (i + 1) as f64 / n as f64,
            sales_share: cumulative as f64 / total as f64,
        });
    }
    let top_n = ((top_fraction * n as f64) - 1e-9).ceil().max(0.0) as usize;
    let top_sales: i64 = order[..top_n.min(n)].iter().map(|&c| sales[c as usize].unwrap_or(0)).sum();
    let mut class_counts = [0u32; 3];
    let mut class_sales = [0i64; 3];
    for e in customers.iter().flatten() {
        class_counts[e.class as usize] += 1;
        class_sales[e.class as usize] += e.sales;
    }
    AbcReport {
        customers,
        order,
        curve,
        top: TopShare {
            fraction: top_fraction,
            customers: top_n as u32,
            of_customers: n as u32,
            sales: top_sales,
            total,
            share: if total > 0 { top_sales as f64 / total as f64 } else { 0.0 },
        },
        class_counts,
        class_sales,
    }
}

/// Composition by customer type: `kinds[c]` is customer c's type, `sales[c]` its net sales (`None` = out of
/// scope). Types are listed by index, then customers without a type.
pub fn composition(kinds: &[Option<u32>], sales: &[Option<i64>]) -> Vec<TypeComposition> {
    let kind_count = kinds.iter().flatten().map(|&k| k as usize + 1).max().unwrap_or(0);
    let mut rows: Vec<TypeComposition> = (0..=kind_count)
        .map(|k| TypeComposition { kind: (k < kind_count).then_some(k as u32), customers: 0, sales: 0, share: 0.0 })
        .collect();
    for (k, s) in kinds.iter().zip(sales) {
        if let Some(s) = s {
            let row = &mut rows[k.map_or(kind_count, |k| k as usize)];
            row.customers += 1;
            row.sales += s;
        }
    }
    let total: i64 = rows.iter().map(|r| r.sales).sum();
    for r in &mut rows {
        r.share = if total != 0 { r.sales as f64 / total as f64 } else { 0.0 };
    }
    rows.retain(|r| r.customers > 0);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_at_a_threshold_share_the_upper_class() {
        // 50, 25, 25: the third customer starts at 75% (not below 75%) but ties with the second, an A.
        let r = analyse(&[Some(50), Some(25), Some(25)], 0.75, 0.95, 0.2);
        let classes: Vec<_> = r.customers.iter().map(|e| e.unwrap().class).collect();
        assert_eq!(classes, vec![AbcClass::A, AbcClass::A, AbcClass::A]);
        // Without the tie, the customer starting at 75% is B.
        let r = analyse(&[Some(50), Some(25), Some(24)], 0.75, 0.95, 0.2);
        assert_eq!(r.customers[2].unwrap().class, AbcClass::B);
    }

    #[test]
    fn no_sales_and_negative_sales_are_c_after_the_curve() {
        let r = analyse(&[Some(0), Some(-5), Some(10), None], 0.75, 0.95, 0.2);
        assert_eq!(r.order, vec![2]);
        assert_eq!(r.customers[0].unwrap().class, AbcClass::C);
        assert_eq!(r.customers[1].unwrap().class, AbcClass::C);
        assert_eq!(r.customers[2].unwrap().class, AbcClass::A);
        assert_eq!(r.customers[3], None);
        assert_eq!(r.curve.last().unwrap().sales_share, 1.0);
        let empty = analyse(&[], 0.75, 0.95, 0.2);
        assert_eq!((empty.top.customers, empty.top.share, empty.curve.len()), (0, 0.0, 1));
    }

    #[test]
    fn composition_adds_up_by_type() {
        let rows =
            composition(&[Some(1), Some(1), None, Some(0), Some(1)], &[Some(10), Some(30), Some(60), None, Some(0)]);
        assert_eq!(rows.len(), 2, "type 0 has no customer in scope");
        assert_eq!((rows[0].kind, rows[0].customers, rows[0].sales), (Some(1), 3, 40));
        assert_eq!((rows[1].kind, rows[1].customers, rows[1].sales), (None, 1, 60));
        assert!((rows[0].share - 0.4).abs() < 1e-12);
    }
}
