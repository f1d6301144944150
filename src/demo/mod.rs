//! The demo firm: a realistic, deterministic building-materials maker and wholesaler with its
//! customers, three years of sales, returns and payments, for "load demo data", tests and
//! benchmarks.
//!
//! Seed and end date in, [`Dataset`] out: nothing comes from the clock or the OS. The numerics
//! avoid the platform's maths library and every random index is a 64-bit draw whatever the
//! pointer width, so the same [`DemoSpec`] gives the identical firm natively and in the browser
//! (checked by hashing every item's JSON from a native and a wasm32 build: equal).
//!
//! The shape, which `tests/demo_shape.rs` checks:
//! - exactly `spec.customers` customers and `spec.lines` sales lines (returns included), dated
//!   within `[end − 3 years, end]`;
//! - customer sizes with a long tail: the top 20 % of customers make about 75–80 % of net sales;
//! - seasons (a peak before the Spring Festival and in autumn, a dip in February and summer) and
//!   10 % yearly growth;
//! - about 19.5 % of customers without a purchase in the last 365 days (2 % never bought, 17.5 %
//!   stopped earlier);
//! - returns (1 line in 70) linked to an earlier line of the same customer and product;
//! - payments that leave recent lines and chronic late payers owing, never more than was bought.
//!
//! ```
//! use chrono::NaiveDate;
//! use kehu::demo::{generate, DemoSpec};
//!
//! let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
//! let spec = DemoSpec { customers: 200, lines: 3_000, ..DemoSpec::default_for(end) };
//! let firm = generate(&spec).unwrap();
//! assert_eq!(firm.customers.len(), 200);
//! assert_eq!(firm.sales.len(), 3_000);
//! ```

mod build;
mod catalog;
mod extras;
mod math;
mod names;
mod shape;

use crate::model::{Dataset, Money};
use chrono::{Datelike, NaiveDate};
use fastrand::Rng;

/// Customers in the default demo firm.
pub const DEFAULT_CUSTOMERS: usize = 2_000;
/// Sales lines in the default demo firm.
pub const DEFAULT_LINES: usize = 60_000;
/// The largest firm the generator makes.
pub const MAX_CUSTOMERS: usize = 100_000;
/// The most sales lines the generator makes.
pub const MAX_LINES: usize = 1_000_000;
/// Years of trade generated up to the end date.
pub const YEARS: u32 = 3;
/// Earliest and latest accepted end dates' years (the firm's history reaches 16 years back).
pub const END_YEARS: std::ops::RangeInclusive<i32> = 1990..=9_000;

/// What demo firm to make.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSpec {
    /// Same seed, same firm.
    pub seed: u64,
    /// The last day of the three years of trade (inclusive), typically today.
    pub end: NaiveDate,
    /// Number of customers, 1 to [`MAX_CUSTOMERS`].
    pub customers: usize,
    /// Number of sales lines (returns included), [`minimum_lines`] to [`MAX_LINES`].
    pub lines: usize,
    /// Name of the branch that owns all the records.
    pub branch_name: String,
}

impl DemoSpec {
    /// The default firm: seed 1, 2,000 customers, 60,000 sales lines, branch 总部.
    pub fn default_for(end: NaiveDate) -> DemoSpec {
        DemoSpec { seed: 1, end, customers: DEFAULT_CUSTOMERS, lines: DEFAULT_LINES, branch_name: "总部".to_string() }
    }

    /// Checks the sizes, the end date and the branch name.
    pub fn validate(&self) -> Result<(), DemoError> {
        if self.customers == 0 || self.customers > MAX_CUSTOMERS {
            return Err(DemoError::CustomersOutOfRange { customers: self.customers, max: MAX_CUSTOMERS });
        }
        if self.lines > MAX_LINES {
            return Err(DemoError::LinesOutOfRange { lines: self.lines, max: MAX_LINES });
        }
        let minimum = minimum_lines(self.customers);
        if self.lines < minimum {
            return Err(DemoError::TooFewLines { lines: self.lines, customers: self.customers, minimum });
        }
        if !END_YEARS.contains(&self.end.year()) {
            return Err(DemoError::EndOutOfRange { end: self.end });
        }
        if self.branch_name.trim().is_empty() {
            return Err(DemoError::EmptyBranchName);
        }
        Ok(())
    }
}

/// Why a demo firm could not be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DemoError {
    #[error("the number of customers must be between 1 and {max}, got {customers}")]
    CustomersOutOfRange { customers: usize, max: usize },
    #[error("the number of sales lines must be at most {max}, got {lines}")]
    LinesOutOfRange { lines: usize, max: usize },
    #[error("{lines} sales lines are too few for {customers} customers: every buying customer needs one, so at least {minimum}")]
    TooFewLines { lines: usize, customers: usize, minimum: usize },
    #[error("the end date {end} is outside the supported years 1990–9000")]
    EndOutOfRange { end: NaiveDate },
    #[error("the branch name is empty")]
    EmptyBranchName,
}

/// The fewest sales lines a firm of `customers` customers can have (one per buying customer,
/// plus the returns that come with them).
pub fn minimum_lines(customers: usize) -> usize {
    shape::minimum_lines(customers)
}

/// Makes the demo firm described by `spec`.
pub fn generate(spec: &DemoSpec) -> Result<Dataset, DemoError> {
    generate_with_progress(spec, &mut |_| {})
}

/// Sub-seed streams: each part of the firm draws from its own generator, so changing one size
/// (say the number of lines) leaves the other parts (the customers) as they were.
const STREAM_PROFILES: u64 = 1;
const STREAM_LINES: u64 = 3;
const STREAM_RETURNS: u64 = 4;
const STREAM_PAYMENTS: u64 = 5;
const STREAM_CATALOG: u64 = 6;
const STREAM_EXTRAS: u64 = 9;

/// [`generate`], calling `progress` with the share done (0.0 to 1.0, non-decreasing) about a
/// hundred times, for a progress bar on big firms.
pub fn generate_with_progress(spec: &DemoSpec, progress: &mut dyn FnMut(f32)) -> Result<Dataset, DemoError> {
    spec.validate()?;
    progress(0.0);
    let stream = |s: u64| Rng::with_seed(math::mix(spec.seed, s));
    let window = shape::Window::new(spec.end);

    // The shape of the trade, in compact form.
    let mut profiles = shape::plan_customers(&mut stream(STREAM_PROFILES), &window, spec.customers);
    let returns = shape::returns_for(spec.lines);
    shape::allocate_lines(&mut profiles, &window, spec.lines - returns);
    let mut catalog_rng = stream(STREAM_CATALOG);
    let products = catalog::products(&mut catalog_rng, catalog::product_count(spec.customers));
    let popularity = catalog::popularity(&mut catalog_rng, products.len());
    let baskets = shape::choose_baskets(&mut catalog_rng, &mut profiles, &products, &popularity);
    progress(0.02);
    let lines = shape::generate_lines(
        &mut stream(STREAM_LINES),
        &window,
        &profiles,
        &baskets,
        &products,
        spec.lines,
        &mut |f| progress(0.02 + 0.33 * f),
    );
    let mut trade = shape::Trade { profiles, baskets, lines, pays: Vec::new() };
    shape::add_returns(&mut stream(STREAM_RETURNS), &window, &mut trade, &products, returns);
    let mut pay_rng = stream(STREAM_PAYMENTS);
    shape::mark_chronic(&mut pay_rng, &mut trade.profiles);
    shape::generate_payments(&mut pay_rng, &window, &mut trade);
    progress(0.4);

    // The records.
    let mut b = build::Builder::new(spec, &window);
    let mut org_rng = stream(build::STREAM_ORG);
    b.branch_and_settings(spec, &mut org_rng, total_assets(&trade));
    let org = b.org(&mut org_rng, spec.customers);
    let product_ids = b.products(&products);
    let refs = b.customers(&mut stream(build::STREAM_NAMES), &trade, &org);
    progress(0.5);
    let line_ids = b.sales(&trade, &product_ids, &refs, &mut |f| progress(0.5 + 0.4 * f));
    // The compact lines are records now; free them before the rest (wasm memory never shrinks).
    trade.lines = Vec::new();
    b.payments(&trade, &line_ids, &refs);
    progress(0.95);
    let catalog = extras::Catalog { ids: &product_ids, items: &products };
    extras::add_all(&mut b, &mut stream(STREAM_EXTRAS), &trade, &refs, &org, &catalog);
    progress(1.0);
    Ok(b.data)
}

/// The firm's total assets, in whole 10,000 yuan: set so that what customers owe at the end is
/// about 18 % of them, just under the receivables line (20 %), so the line is worth watching.
fn total_assets(trade: &shape::Trade) -> Money {
    let sold: i64 = trade.lines.iter().map(|l| l.amount).sum();
    let paid: i64 = trade.pays.iter().map(|p| p.amount).sum();
    let wan = 1_000_000; // 10,000 yuan in fen
    Money((((sold - paid) as f64 / 0.18) as i64 / wan).max(100) * wan)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn end() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    #[test]
    fn default_spec_matches_the_issue() {
        let spec = DemoSpec::default_for(end());
        assert_eq!((spec.seed, spec.customers, spec.lines), (1, 2_000, 60_000));
        assert_eq!(spec.branch_name, "总部");
        assert_eq!(spec.validate(), Ok(()));
    }

    #[test]
    fn invalid_specs_are_refused_with_the_reason() {
        let ok = DemoSpec { customers: 100, lines: 1_000, ..DemoSpec::default_for(end()) };
        assert_eq!(ok.validate(), Ok(()));
        let zero = DemoSpec { customers: 0, ..ok.clone() };
        assert_eq!(generate(&zero).err(), Some(DemoError::CustomersOutOfRange { customers: 0, max: MAX_CUSTOMERS }));
        let big = DemoSpec { customers: MAX_CUSTOMERS + 1, ..ok.clone() };
        assert!(matches!(big.validate(), Err(DemoError::CustomersOutOfRange { .. })));
        let many = DemoSpec { lines: MAX_LINES + 1, ..ok.clone() };
        assert!(matches!(many.validate(), Err(DemoError::LinesOutOfRange { .. })));
        let few = DemoSpec { lines: 50, ..ok.clone() };
        assert_eq!(few.validate(), Err(DemoError::TooFewLines { lines: 50, customers: 100, minimum: 99 }));
        let exact = DemoSpec { lines: minimum_lines(100), ..ok.clone() };
        assert_eq!(generate(&exact).map(|d| d.sales.len()), Ok(99));
        let early = DemoSpec { end: NaiveDate::from_ymd_opt(1985, 1, 1).unwrap(), ..ok.clone() };
        assert!(matches!(early.validate(), Err(DemoError::EndOutOfRange { .. })));
        let unnamed = DemoSpec { branch_name: "  ".into(), ..ok };
        assert_eq!(unnamed.validate(), Err(DemoError::EmptyBranchName));
    }

    #[test]
    fn progress_runs_from_zero_to_one_without_going_back() {
        let spec = DemoSpec { customers: 300, lines: 5_000, ..DemoSpec::default_for(end()) };
        let mut seen: Vec<f32> = Vec::new();
        let data = generate_with_progress(&spec, &mut |f| seen.push(f)).unwrap();
        assert_eq!(data.sales.len(), 5_000);
        assert_eq!(seen.first(), Some(&0.0));
        assert_eq!(seen.last(), Some(&1.0));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress went back");
        assert!(seen.len() >= 20, "only {} progress calls", seen.len());
    }

    #[test]
    fn tiny_firms_work() {
        for customers in [1, 2, 7] {
            let spec = DemoSpec { customers, lines: 40, ..DemoSpec::default_for(end()) };
            let data = generate(&spec).unwrap();
            assert_eq!(data.customers.len(), customers);
            assert_eq!(data.sales.len(), 40);
            assert!(data.staff.len() >= 5);
        }
    }
}
