//! The scoring engine: RFM, ABC / Pareto, product mix, lifecycle and churn, BG/NBD, Gamma-Gamma and CLV —
//! exact, explained, fast. Plain Rust: no web dependency, no clock, no randomness; the same inputs always give
//! the same outputs. The rules are written down in `docs/scoring.md`.
//!
//! # Feeding it
//!
//! The input is a [`Dataset`]: a column-oriented table of sales lines over integer indices, cheap to build from
//! a million lines. The app maps its own ids to dense indices (`0..n`) while converting:
//!
//! ```
//! use kehu::analytics::{score, CustomerInfo, DatasetBuilder, SaleLine, Settings, StockCount};
//! use kehu::analytics::calendar::{day_from_ymd, month_index};
//!
//! let mut b = DatasetBuilder::new(100); // money in fen: 100 minor units per yuan
//! b.reserve(2, 3); // optional: customers, lines
//! // Customers: index = call order. Type and branch are the app's own indices (for composition / per-branch).
//! let dealer = b.add_customer(CustomerInfo { kind: Some(0), branch: Some(0) });
//! let shop = b.add_customer(CustomerInfo { kind: Some(1), branch: Some(0) });
//! // Lines, in any order: customer, day, quantity, net amount in minor units; cost and product optional.
//! // A return is a line with a negative amount or quantity.
//! let day = |m, d| day_from_ymd(2026, m, d).unwrap();
//! b.push_line(SaleLine { cost: Some(60_000), product: Some(0), ..SaleLine::new(dealer, day(1, 5), 10.0, 80_000) });
//! b.push_line(SaleLine { cost: Some(6_000), product: Some(0), ..SaleLine::new(shop, day(2, 9), 1.0, 8_000) });
//! b.push_line(SaleLine { cost: Some(-6_000), product: Some(0), ..SaleLine::new(dealer, day(2, 20), -1.0, -8_000) });
//! // Optional stock counts for the turnover rate: customer, product, month, stock at month start and end.
//! b.add_stock(StockCount { customer: shop, product: 0, month: month_index(2026, 2), start: 2.0, end: 1.0 });
//! let data = b.build().expect("indices and numbers are valid");
//!
//! let settings = Settings { as_of: Some(day(3, 31)), ..Settings::default() };
//! let scores = score(&data, &settings).expect("default settings are valid");
//! let dealer_scores = &scores.customers[dealer as usize];
//! assert_eq!(dealer_scores.net_sales, 72_000);
//! assert!(dealer_scores.rfm.is_some());
//! // Two customers are too few for BG/NBD: the fit says why, P(alive)/CLV are None, nothing panics.
//! assert!(scores.bgnbd.is_err() && dealer_scores.clv.is_none());
//! ```
//!
//! From the app's model (`crate::model`), per sales line `Sale`: customer `Id` → the index the app gave
//! that customer; `date` → [`calendar::day_from_date`]; `quantity: Qty` (thousandths) → `qty.0 as f64 / 1000.0`;
//! `amount: Money` → its fen as `i64`; `cost` → `Some(fen)` where the product's cost is recorded; `product`
//! → the product's index. Returns are the negative lines. `StockCount { month, opening, closing }` →
//! [`StockCount`] with `calendar::month_of(day_from_date(month))` and the quantities / 1000. Customer type and
//! branch come from the customer record ([`CustomerInfo`]).
//!
//! - **Days** are `i32` days since 1970-01-01 ([`calendar`]); months are `year * 12 + month − 1`.
//! - **Money** is `i64` minor units with one scale per dataset ([`DatasetBuilder::new`]); model outputs (expected
//!   spend, CLV, zbar) are `f64` in major units. The CLI reads decimal amounts exactly into minor units.
//! - **Scope**: [`Settings::branch`] keeps one branch's customers; [`Settings::period_start`] and
//!   [`Settings::as_of`] bound the lines (lines after `as_of` are ignored: the state as known that day).
//!
//! # What comes out
//!
//! [`score`] returns [`Scores`]: per customer a [`CustomerScores`] (RFM, ABC, lifecycle, churn signal, P(alive),
//! expected purchases, expected spend, CLV), plus the fits, the ABC report with the Pareto curve and the 80/20
//! figure, composition by type and the product mix. Each score is an *explanation* struct holding the numbers
//! that produced it ([`explain::Explained`]). The stages can also be run alone: [`summary::Histories`],
//! [`rfm::score`], [`abc::analyse`], [`product_mix::analyse`], [`bgnbd::fit`], [`gamma_gamma::fit`],
//! [`clv::ClvExplanation::new`].
//!
//! Segment and stage names for the UI: [`rfm::RfmSegment::name_zh`] / [`name_en`](rfm::RfmSegment::name_en),
//! [`lifecycle::LifecycleStage::name_zh`] / [`name_en`](lifecycle::LifecycleStage::name_en).

pub mod abc;
pub mod bgnbd;
pub mod calendar;
pub mod clv;
pub mod explain;
pub mod gamma_gamma;
pub mod input;
pub mod lifecycle;
mod optimize;
pub mod pipeline;
pub mod product_mix;
pub mod rfm;
pub mod settings;
pub mod special;
pub mod summary;

pub use input::{CustomerInfo, Dataset, DatasetBuilder, InputError, SaleLine, StockCount};
pub use optimize::FitError;
pub use pipeline::{score, CustomerScores, Scores};
pub use settings::{Settings, SettingsError, TimeUnit};
