//! The bridge from the firm's data to the scoring engine: ids become the dense indices the engine
//! works on (customers, products, customer types, branches), sales lines and stock counts become
//! its columns, and the engine's per-customer scores are read back by customer id.

use crate::analytics::{self, CustomerInfo, DatasetBuilder, SaleLine, StockCount};
use crate::model::{CustomerType, Dataset, Id, IdMap};
use chrono::NaiveDate;

/// Ids ↔ engine indices for one conversion.
#[derive(Clone, Debug, Default)]
pub struct Indexing {
    pub customers: Vec<Id>,
    pub customer_index: IdMap<u32>,
    pub products: Vec<Id>,
    pub branches: Vec<Id>,
}

impl Indexing {
    pub fn customer(&self, id: &Id) -> Option<u32> {
        self.customer_index.get(id).copied()
    }

    pub fn branch_index(&self, id: &Id) -> Option<u32> {
        self.branches.iter().position(|b| b == id).map(|i| i as u32)
    }
}

/// Days since 1970-01-01, the engine's calendar.
pub fn engine_day(date: NaiveDate) -> i32 {
    (date - NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()).num_days() as i32
}

/// The customer-type index the engine groups composition by: the position in [`CustomerType::ALL`].
pub fn type_index(t: CustomerType) -> u32 {
    CustomerType::ALL.iter().position(|x| *x == t).unwrap_or(0) as u32
}

/// Converts the live data into the engine's input. Deleted customers and lines are left out;
/// archived customers stay (their history counts).
pub fn analytics_input(data: &Dataset) -> Result<(analytics::Dataset, Indexing), analytics::InputError> {
    let mut ix = Indexing::default();
    let mut branch_index: IdMap<u32> = IdMap::default();
    for c in data.customers.live() {
        let next = ix.branches.len() as u32;
        branch_index.entry(c.branch).or_insert_with(|| {
            ix.branches.push(c.branch);
            next
        });
    }
    let mut product_index: IdMap<u32> = IdMap::default();
    for p in data.products.all() {
        product_index.insert(p.id, ix.products.len() as u32);
        ix.products.push(p.id);
    }
    // A customer merged into another is scored as part of the survivor.
    let redirects = crate::model::Redirects::of(data);
    let mut b = DatasetBuilder::new(100);
    b.reserve(data.customers.len(), data.sales.len());
    for c in data.customers.live().filter(|c| redirects.target(c.id).is_none()) {
        let i = b.add_customer(CustomerInfo {
            kind: Some(type_index(c.data.customer_type)),
            branch: branch_index.get(&c.branch).copied(),
        });
        ix.customer_index.insert(c.id, i);
        ix.customers.push(c.id);
    }
    for line in data.sales.live() {
        let s = &line.data;
        let Some(customer) = ix.customer(&redirects.resolve(s.customer)) else { continue };
        b.push_line(SaleLine {
            cost: Some(s.cost.0),
            product: product_index.get(&s.product).copied(),
            ..SaleLine::new(customer, engine_day(s.date), s.quantity.as_f64(), s.amount.0)
        });
    }
    for count in data.stock_counts.live() {
        let c = &count.data;
        let (Some(customer), Some(&product), Some(month)) =
            (ix.customer(&redirects.resolve(c.customer)), product_index.get(&c.product), c.month)
        else {
            continue;
        };
        let month = analytics::calendar::month_of(engine_day(month));
        b.add_stock(StockCount { customer, product, month, start: c.opening.as_f64(), end: c.closing.as_f64() });
    }
    Ok((b.build()?, ix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::{score, Settings};
    use crate::demo::{generate, DemoSpec};
    use crate::ledger::balances;

    #[test]
    fn the_engine_sees_the_ledger_s_sales() {
        let spec = DemoSpec {
            customers: 300,
            lines: 6_000,
            ..DemoSpec::default_for(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap())
        };
        let data = generate(&spec).unwrap();
        let (input, ix) = analytics_input(&data).unwrap();
        assert_eq!(input.customer_count(), 300);
        assert_eq!(input.line_count(), 6_000);
        let settings = Settings { as_of: Some(engine_day(spec.end)), ..Settings::default() };
        let scores = score(&input, &settings).unwrap();
        let ledger = balances(&data);
        for (i, id) in ix.customers.iter().enumerate() {
            let expected = ledger.get(id).map_or(0, |b| b.sales.0);
            assert_eq!(scores.customers[i].net_sales, expected, "customer {id}");
        }
        assert!(scores.bgnbd.is_ok(), "the demo firm has enough repeat buyers to fit BG/NBD");
        assert_eq!(engine_day(NaiveDate::from_ymd_opt(1970, 1, 2).unwrap()), 1);
    }
}
