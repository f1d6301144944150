//! Product mix (销售构成): sales by product with cumulative share, gross margin, turnover, cross ratio and
//! contribution ratio (DOMAIN.md §4).
//!
//! - **Sales** are net (returns subtract) over the lines in the period and scope that name a product.
//! - **Gross margin rate** = (sales − cost) / sales, when every line of the product has a cost and sales > 0.
//! - **Turnover rate**, per stock count (customer, product, month): the quantity sold to that customer in that
//!   month / the average inventory (start + end) / 2. Per product: the sum of those quantities over the sum of
//!   the average inventories, over the counts in the period (months from the period start's to the as-of
//!   date's) of in-scope customers.
//! - **Cross ratio** = margin rate × turnover rate; **contribution ratio** = cross ratio × share of sales.

use super::calendar::{month_of, Day, MonthIndex};
use super::input::Dataset;
use super::summary::Histories;
use serde::{Deserialize, Serialize};

/// Turnover of a product over the stock counts in the period.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turnover {
    /// Quantity sold to the counted customers in the counted months.
    pub quantity: f64,
    /// Sum of the counts' average inventories.
    pub average_inventory: f64,
    /// Number of stock counts.
    pub counts: u32,
    /// `quantity / average_inventory`.
    pub rate: f64,
}

/// One stock count's turnover.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockTurnover {
    /// Customer index.
    pub customer: u32,
    /// Product index.
    pub product: u32,
    /// The month.
    pub month: MonthIndex,
    /// Quantity sold to the customer of the product in the month (net).
    pub quantity: f64,
    /// (start + end) / 2.
    pub average_inventory: f64,
    /// `quantity / average_inventory`; `None` when the average inventory is 0.
    pub rate: Option<f64>,
}

/// One product of the mix, with every figure and what it was computed from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductRow {
    /// Product index.
    pub product: u32,
    /// Net sales, minor units.
    pub sales: i64,
    /// Cost of the lines whose cost is known, minor units.
    pub cost: i64,
    /// Lines without a cost.
    pub lines_without_cost: u32,
    /// Net quantity.
    pub quantity: f64,
    /// Share of the total sales of all products.
    pub share: f64,
    /// Cumulative share, in the descending order.
    pub cumulative_share: f64,
    /// (sales − cost) / sales; `None` without full costs or with sales ≤ 0.
    pub margin_rate: Option<f64>,
    /// Turnover over the stock counts; `None` without counts or with zero inventory.
    pub turnover: Option<Turnover>,
    /// margin rate × turnover rate.
    pub cross_ratio: Option<f64>,
    /// cross ratio × share.
    pub contribution_ratio: Option<f64>,
}

impl ProductRow {
    /// `(margin_rate, cross_ratio, contribution_ratio)` recomputed from the row's own numbers.
    pub fn recompute(&self) -> (Option<f64>, Option<f64>, Option<f64>) {
        let margin = (self.lines_without_cost == 0 && self.sales > 0)
            .then(|| (self.sales - self.cost) as f64 / self.sales as f64);
        let cross = margin.zip(self.turnover).map(|(m, t)| m * t.rate);
        (margin, cross, cross.map(|c| c * self.share))
    }
}

/// The product mix report.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProductMix {
    /// Products with sales or stock counts in the period, by sales descending (ties: lower index first).
    pub products: Vec<ProductRow>,
    /// Net sales of all products, minor units.
    pub total_sales: i64,
    /// Net sales of lines without a product (left out of the mix), minor units.
    pub sales_without_product: i64,
    /// Every stock count in the period and scope with its turnover.
    pub stock_turnovers: Vec<StockTurnover>,
}

/// Computes the product mix of the lines in `h` (scope and as-of day already applied) from
/// `period_start` on (`None`: all of them).
pub fn analyse(data: &Dataset, h: &Histories, period_start: Option<Day>) -> ProductMix {
    let start = period_start.unwrap_or(Day::MIN);
    let np = data.product_count();
    let mut sales = vec![0i64; np];
    let mut cost = vec![0i64; np];
    let mut missing = vec![0u32; np];
    let mut quantity = vec![0f64; np];
    let mut seen = vec![false; np];
    let mut without_product = 0i64;
    for &i in &h.line_order {
        let i = i as usize;
        if data.line_day[i] < start {
            continue;
        }
        let p = data.line_product[i];
        if p == u32::MAX {
            without_product += data.line_amount[i];
            continue;
        }
        let p = p as usize;
        seen[p] = true;
        sales[p] += data.line_amount[i];
        quantity[p] += data.line_quantity[i];
        if data.cost_known(i) {
            cost[p] += data.line_cost[i];
        } else {
            missing[p] += 1;
        }
    }

    // Turnover: only customers with stock counts are visited; their counts are sorted by (product, month).
    let first_month = period_start.map_or(MonthIndex::MIN, month_of);
    let last_month = month_of(h.as_of);
    let counts: Vec<_> = data
        .stock
        .iter()
        .filter(|s| h.in_scope[s.customer as usize] && s.month >= first_month && s.month <= last_month)
        .collect();
    let mut sold = vec![0f64; counts.len()];
    let mut start = 0;
    while start < counts.len() {
        let customer = counts[start].customer;
        let end = start + counts[start..].iter().take_while(|s| s.customer == customer).count();
        let own = &counts[start..end];
        for &i in h.lines_of(customer as usize) {
            let i = i as usize;
            let p = data.line_product[i];
            if p == u32::MAX {
                continue;
            }
            let key = (p, month_of(data.line_day[i]));
            if let Ok(k) = own.binary_search_by(|s| (s.product, s.month).cmp(&key)) {
                sold[start + k] += data.line_quantity[i];
            }
        }
        start = end;
    }
    let mut turnover_sums = vec![(0f64, 0f64, 0u32); np];
    let stock_turnovers: Vec<StockTurnover> = counts
        .iter()
        .zip(&sold)
        .map(|(s, &q)| {
            let avg = (s.start + s.end) / 2.0;
            let t = &mut turnover_sums[s.product as usize];
            *t = (t.0 + q, t.1 + avg, t.2 + 1);
            seen[s.product as usize] = true;
            StockTurnover {
                customer: s.customer,
                product: s.product,
                month: s.month,
                quantity: q,
                average_inventory: avg,
                rate: (avg > 0.0).then(|| q / avg),
            }
        })
        .collect();

    let mut order: Vec<usize> = (0..np).filter(|&p| seen[p]).collect();
    order.sort_unstable_by(|&a, &b| sales[b].cmp(&sales[a]).then(a.cmp(&b)));
    let total: i64 = order.iter().map(|&p| sales[p]).sum();
    let mut cumulative = 0i64;
    let share_of = |s: i64| if total > 0 { s as f64 / total as f64 } else { 0.0 };
    let products = order
        .into_iter()
        .map(|p| {
            cumulative += sales[p];
            let (tq, tavg, tn) = turnover_sums[p];
            let mut row = ProductRow {
                product: p as u32,
                sales: sales[p],
                cost: cost[p],
                lines_without_cost: missing[p],
                quantity: quantity[p],
                share: share_of(sales[p]),
                cumulative_share: share_of(cumulative),
                margin_rate: None,
                turnover: (tn > 0 && tavg > 0.0).then(|| Turnover {
                    quantity: tq,
                    average_inventory: tavg,
                    counts: tn,
                    rate: tq / tavg,
                }),
                cross_ratio: None,
                contribution_ratio: None,
            };
            (row.margin_rate, row.cross_ratio, row.contribution_ratio) = row.recompute();
            row
        })
        .collect();
    ProductMix { products, total_sales: total, sales_without_product: without_product, stock_turnovers }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::calendar::{day_from_ymd, month_index};
    use crate::analytics::input::{CustomerInfo, DatasetBuilder, SaleLine, StockCount};
    use crate::analytics::settings::Settings;

    #[test]
    fn margin_turnover_cross_and_contribution() {
        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo::default());
        let d = |m, day| day_from_ymd(2026, m, day).unwrap();
        let line = |day, q, amount, cost, product| SaleLine {
            cost,
            product: Some(product),
            ..SaleLine::new(c, day, q, amount)
        };
        // Product 0: 30 units in March for 600.00 at cost 450.00; stock 10 → 30 (average 20).
        b.push_line(line(d(3, 2), 10.0, 20_000, Some(15_000), 0)).push_line(line(
            d(3, 20),
            20.0,
            40_000,
            Some(30_000),
            0,
        ));
        // Product 1: 400.00 in April with no cost; a line without product.
        b.push_line(line(d(4, 2), 4.0, 40_000, None, 1)).push_line(SaleLine::new(c, d(4, 3), 1.0, 500));
        b.add_stock(StockCount { customer: c, product: 0, month: month_index(2026, 3), start: 10.0, end: 30.0 });
        b.add_stock(StockCount { customer: c, product: 0, month: month_index(2026, 5), start: 0.0, end: 0.0 });
        let data = b.build().unwrap();
        let h = Histories::build(&data, &Settings { as_of: Some(d(4, 30)), ..Settings::default() });
        let mix = analyse(&data, &h, None);
        assert_eq!((mix.total_sales, mix.sales_without_product), (100_000, 500));
        let p0 = mix.products[0];
        assert_eq!((p0.product, p0.sales, p0.share, p0.cumulative_share), (0, 60_000, 0.6, 0.6));
        assert_eq!(p0.margin_rate, Some(0.25));
        assert_eq!(p0.turnover, Some(Turnover { quantity: 30.0, average_inventory: 20.0, counts: 1, rate: 1.5 }));
        assert_eq!(p0.cross_ratio, Some(0.375));
        assert_eq!(p0.contribution_ratio, Some(0.375 * 0.6));
        let p1 = mix.products[1];
        assert_eq!((p1.margin_rate, p1.turnover, p1.cumulative_share), (None, None, 1.0));
        assert_eq!(mix.stock_turnovers.len(), 1, "the May count is after the as-of date");
        assert!(mix.products.iter().all(|r| r.recompute() == (r.margin_rate, r.cross_ratio, r.contribution_ratio)));
    }
}
