//! The input of the engine: a compact, column-oriented table of sales lines.
//!
//! Customers, products, customer types and branches are *indices* (`u32`, dense from 0) chosen by the caller;
//! the engine never sees names or ids, so grouping is integer work. Money is integer minor units (fen,
//! cents) with one scale for the whole dataset ([`Dataset::minor_per_major`]); it becomes `f64` only at the
//! model boundary (BG/NBD, Gamma-Gamma, CLV), and is reported back in major units there.
//!
//! Index `u32::MAX` is reserved: `Some(u32::MAX)` as a type, branch or product reads as "none".

use super::calendar::{Day, MonthIndex};

/// Marks "none" in the `u32` index columns.
const NONE: u32 = u32::MAX;
/// Marks "cost not recorded" in the cost column.
const COST_UNKNOWN: i64 = i64::MIN;

/// What the caller knows about one customer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CustomerInfo {
    /// Customer type (dealer, retailer…) as an index into the caller's list, for composition.
    pub kind: Option<u32>,
    /// The branch the customer belongs to, for per-branch analysis.
    pub branch: Option<u32>,
}

/// One sales line, as handed to [`DatasetBuilder::push_line`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SaleLine {
    /// Index returned by [`DatasetBuilder::add_customer`].
    pub customer: u32,
    /// The line's date.
    pub day: Day,
    /// Units sold (negative for a return).
    pub quantity: f64,
    /// Net amount in minor units (negative for a return).
    pub amount: i64,
    /// Cost of the goods in minor units, when known (negative for a return).
    pub cost: Option<i64>,
    /// Product index, when the line names one.
    pub product: Option<u32>,
}

impl SaleLine {
    /// A line with only the four columns every source has.
    pub fn new(customer: u32, day: Day, quantity: f64, amount: i64) -> Self {
        SaleLine { customer, day, quantity, amount, cost: None, product: None }
    }
}

/// A customer's stock of one product at the start and end of a month, as recorded on a visit.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StockCount {
    /// Customer index.
    pub customer: u32,
    /// Product index.
    pub product: u32,
    /// The month counted.
    pub month: MonthIndex,
    /// Units in stock at the month's start.
    pub start: f64,
    /// Units in stock at the month's end.
    pub end: f64,
}

/// Why a dataset could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum InputError {
    /// The money scale must be positive.
    #[error("the money scale must be positive, got {0}")]
    BadScale(i64),
    /// A line or stock count refers to a customer that was never added.
    #[error("line {line}: customer index {customer} was never added ({customers} customers)")]
    UnknownCustomer { line: usize, customer: u32, customers: u32 },
    /// A quantity or stock figure is not a finite number.
    #[error("line {line}: {what} is not a finite number")]
    NotFinite { line: usize, what: &'static str },
    /// A stock count is negative.
    #[error("stock count {index}: stock cannot be negative")]
    NegativeStock { index: usize },
    /// Two stock counts for the same customer, product and month.
    #[error("stock counts {first} and {second} are for the same customer, product and month")]
    DuplicateStock { first: usize, second: usize },
    /// A stock count names product `u32::MAX`, which is reserved for "no product".
    #[error("stock count {line}: product index u32::MAX is reserved")]
    ReservedIndex { line: usize },
}

/// The engine's input: customers and their sales lines, column by column. Build it with [`DatasetBuilder`].
#[derive(Clone, Debug)]
pub struct Dataset {
    pub(crate) minor_per_major: i64,
    pub(crate) customer_kind: Vec<u32>,
    pub(crate) customer_branch: Vec<u32>,
    pub(crate) line_customer: Vec<u32>,
    pub(crate) line_day: Vec<Day>,
    pub(crate) line_quantity: Vec<f64>,
    pub(crate) line_amount: Vec<i64>,
    pub(crate) line_cost: Vec<i64>,
    pub(crate) line_product: Vec<u32>,
    pub(crate) product_count: u32,
    pub(crate) kind_count: u32,
    pub(crate) stock: Vec<StockCount>,
}

impl Dataset {
    /// Minor units per major unit (100 for fen per yuan or cents per dollar).
    pub fn minor_per_major(&self) -> i64 {
        self.minor_per_major
    }
    /// Number of customers (indices run `0..customer_count()`).
    pub fn customer_count(&self) -> usize {
        self.customer_kind.len()
    }
    /// Number of sales lines.
    pub fn line_count(&self) -> usize {
        self.line_day.len()
    }
    /// One more than the largest product index used (0 when no line names a product).
    pub fn product_count(&self) -> usize {
        self.product_count as usize
    }
    /// One more than the largest customer type index used.
    pub fn kind_count(&self) -> usize {
        self.kind_count as usize
    }
    /// What was recorded about a customer.
    pub fn customer(&self, customer: u32) -> CustomerInfo {
        let opt = |v: u32| (v != NONE).then_some(v);
        CustomerInfo {
            kind: opt(self.customer_kind[customer as usize]),
            branch: opt(self.customer_branch[customer as usize]),
        }
    }
    /// Line `i` as it was pushed.
    pub fn line(&self, i: usize) -> SaleLine {
        SaleLine {
            customer: self.line_customer[i],
            day: self.line_day[i],
            quantity: self.line_quantity[i],
            amount: self.line_amount[i],
            cost: (self.line_cost[i] != COST_UNKNOWN).then_some(self.line_cost[i]),
            product: (self.line_product[i] != NONE).then_some(self.line_product[i]),
        }
    }
    /// The stock counts, sorted by customer, product and month.
    pub fn stock_counts(&self) -> &[StockCount] {
        &self.stock
    }
    /// The latest line date, if there are lines.
    pub fn last_day(&self) -> Option<Day> {
        self.line_day.iter().copied().max()
    }
    /// Whether line `i`'s cost is known.
    pub(crate) fn cost_known(&self, i: usize) -> bool {
        self.line_cost[i] != COST_UNKNOWN
    }
}

/// Builds a [`Dataset`]: add customers, push lines (any order), add stock counts, then [`build`](Self::build).
///
/// ```
/// use kehu::analytics::input::{CustomerInfo, DatasetBuilder, SaleLine};
/// use kehu::analytics::calendar::day_from_ymd;
/// let mut b = DatasetBuilder::new(100); // amounts in fen
/// let acme = b.add_customer(CustomerInfo { kind: Some(0), branch: None });
/// b.push_line(SaleLine { cost: Some(8_000), product: Some(3),
///     ..SaleLine::new(acme, day_from_ymd(2026, 3, 1).unwrap(), 2.0, 12_000) });
/// let data = b.build().unwrap();
/// assert_eq!((data.customer_count(), data.line_count(), data.product_count()), (1, 1, 4));
/// ```
#[derive(Clone, Debug)]
pub struct DatasetBuilder {
    data: Dataset,
}

impl DatasetBuilder {
    /// An empty builder; `minor_per_major` is the money scale of every amount and cost (100 for fen).
    pub fn new(minor_per_major: i64) -> Self {
        DatasetBuilder {
            data: Dataset {
                minor_per_major,
                customer_kind: Vec::new(),
                customer_branch: Vec::new(),
                line_customer: Vec::new(),
                line_day: Vec::new(),
                line_quantity: Vec::new(),
                line_amount: Vec::new(),
                line_cost: Vec::new(),
                line_product: Vec::new(),
                product_count: 0,
                kind_count: 0,
                stock: Vec::new(),
            },
        }
    }

    /// Reserves room for `customers` customers and `lines` lines (saves reallocations for big inputs).
    pub fn reserve(&mut self, customers: usize, lines: usize) -> &mut Self {
        let d = &mut self.data;
        d.customer_kind.reserve(customers);
        d.customer_branch.reserve(customers);
        d.line_customer.reserve(lines);
        d.line_day.reserve(lines);
        d.line_quantity.reserve(lines);
        d.line_amount.reserve(lines);
        d.line_cost.reserve(lines);
        d.line_product.reserve(lines);
        self
    }

    /// Adds a customer and returns its index (0, 1, 2… in call order).
    pub fn add_customer(&mut self, info: CustomerInfo) -> u32 {
        let d = &mut self.data;
        let index = d.customer_kind.len() as u32;
        d.customer_kind.push(info.kind.unwrap_or(NONE));
        d.customer_branch.push(info.branch.unwrap_or(NONE));
        index
    }

    /// Number of customers added so far.
    pub fn customer_count(&self) -> usize {
        self.data.customer_kind.len()
    }

    /// Appends a sales line. Checked in [`build`](Self::build), so pushing stays a few stores.
    pub fn push_line(&mut self, line: SaleLine) -> &mut Self {
        let d = &mut self.data;
        d.line_customer.push(line.customer);
        d.line_day.push(line.day);
        d.line_quantity.push(line.quantity);
        d.line_amount.push(line.amount);
        d.line_cost.push(line.cost.unwrap_or(COST_UNKNOWN));
        d.line_product.push(line.product.unwrap_or(NONE));
        self
    }

    /// Adds a stock count (for the turnover rate of the product mix).
    pub fn add_stock(&mut self, count: StockCount) -> &mut Self {
        self.data.stock.push(count);
        self
    }

    /// Checks every index and number and returns the dataset.
    pub fn build(self) -> Result<Dataset, InputError> {
        let mut d = self.data;
        if d.minor_per_major <= 0 {
            return Err(InputError::BadScale(d.minor_per_major));
        }
        let customers = d.customer_kind.len() as u32;
        d.kind_count = d.customer_kind.iter().filter(|&&k| k != NONE).map(|&k| k + 1).max().unwrap_or(0);
        let mut product_count = 0u32;
        for i in 0..d.line_day.len() {
            let customer = d.line_customer[i];
            if customer >= customers {
                return Err(InputError::UnknownCustomer { line: i, customer, customers });
            }
            if !d.line_quantity[i].is_finite() {
                return Err(InputError::NotFinite { line: i, what: "quantity" });
            }
            let p = d.line_product[i];
            if p != NONE {
                product_count = product_count.max(p + 1);
            }
        }
        for (i, s) in d.stock.iter().enumerate() {
            if s.customer >= customers {
                return Err(InputError::UnknownCustomer { line: i, customer: s.customer, customers });
            }
            if s.product == NONE {
                return Err(InputError::ReservedIndex { line: i });
            }
            if !s.start.is_finite() || !s.end.is_finite() {
                return Err(InputError::NotFinite { line: i, what: "stock" });
            }
            if s.start < 0.0 || s.end < 0.0 {
                return Err(InputError::NegativeStock { index: i });
            }
            product_count = product_count.max(s.product + 1);
        }
        // Sorting the stock counts once lets the product mix find a customer's counts by binary search.
        let mut order: Vec<usize> = (0..d.stock.len()).collect();
        order.sort_by_key(|&i| (d.stock[i].customer, d.stock[i].product, d.stock[i].month, i));
        for w in order.windows(2) {
            let (a, b) = (&d.stock[w[0]], &d.stock[w[1]]);
            if (a.customer, a.product, a.month) == (b.customer, b.product, b.month) {
                return Err(InputError::DuplicateStock { first: w[0], second: w[1] });
            }
        }
        d.stock = order.into_iter().map(|i| d.stock[i]).collect();
        d.product_count = product_count;
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_rejects_unknown_customers_and_bad_numbers() {
        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo::default());
        b.push_line(SaleLine::new(c + 1, 0, 1.0, 100));
        assert_eq!(b.build().unwrap_err(), InputError::UnknownCustomer { line: 0, customer: 1, customers: 1 });

        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo::default());
        b.push_line(SaleLine::new(c, 0, f64::NAN, 100));
        assert_eq!(b.build().unwrap_err(), InputError::NotFinite { line: 0, what: "quantity" });

        assert_eq!(DatasetBuilder::new(0).build().unwrap_err(), InputError::BadScale(0));
    }

    #[test]
    fn stock_counts_are_checked_and_sorted() {
        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo::default());
        let count = |product, month| StockCount { customer: c, product, month, start: 1.0, end: 2.0 };
        b.add_stock(count(2, 5)).add_stock(count(1, 7)).add_stock(count(1, 6));
        let d = b.clone().build().unwrap();
        let keys: Vec<_> = d.stock_counts().iter().map(|s| (s.product, s.month)).collect();
        assert_eq!(keys, vec![(1, 6), (1, 7), (2, 5)]);
        assert_eq!(d.product_count(), 3);
        b.add_stock(count(1, 7));
        assert_eq!(b.clone().build().unwrap_err(), InputError::DuplicateStock { first: 1, second: 3 });
        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo::default());
        b.add_stock(StockCount { customer: c, product: 0, month: 0, start: -1.0, end: 0.0 });
        assert_eq!(b.build().unwrap_err(), InputError::NegativeStock { index: 0 });
    }

    #[test]
    fn lines_round_trip_with_optional_columns() {
        let mut b = DatasetBuilder::new(100);
        let c = b.add_customer(CustomerInfo { kind: Some(4), branch: Some(2) });
        let line = SaleLine { cost: Some(50), product: Some(9), ..SaleLine::new(c, 10, 2.5, 120) };
        b.push_line(line).push_line(SaleLine::new(c, 11, 1.0, -20));
        let d = b.build().unwrap();
        assert_eq!(d.line(0), line);
        assert_eq!(d.line(1).cost, None);
        assert_eq!(d.line(1).product, None);
        assert_eq!(d.customer(c), CustomerInfo { kind: Some(4), branch: Some(2) });
        assert_eq!((d.kind_count(), d.product_count(), d.last_day()), (5, 10, Some(11)));
    }
}
