//! The analysis workspace: what the scoring web worker holds and answers. Pure Rust, so the
//! whole flow — load, convert, score, summarise for the screens — is tested natively; the
//! worker (`src/worker.rs`, wasm only) just moves its messages.
//!
//! The worker keeps the firm's data and the last scores in memory. The page asks it to score
//! with [`AnalysisSettings`] and gets back a [`ScoreResult`]: the dashboard's figures, the
//! per-customer score table (compact, column by column) the customer list and segments filter
//! on, and the product mix. A customer's full explanation is asked for separately.

pub mod history;
pub mod packed;
pub mod protocol;
pub mod summary;
pub mod tables;

pub use packed::PackedBundle;
pub use protocol::{AnalysisSettings, FromWorker, Stage, ToWorker, WorkError};
pub use summary::{select, CustomerTable, Dashboard, ScoreResult};

use crate::analytics::{self, CustomerScores};
use crate::model::{Dataset, Id, Kind};
use crate::scoring::{analytics_input, Indexing};
use chrono::NaiveDate;

/// The kinds scoring reads: the worker loads only these (contacts, payments, history… are most of
/// the store and play no part in the scores); redirects, so merged duplicates score as one.
pub const KINDS: &[Kind] = &[Kind::Customer, Kind::Redirect, Kind::Product, Kind::Sale, Kind::StockCount];

/// The worker's state: the data, its engine form, and the last scores.
#[derive(Default)]
pub struct Workspace {
    data: Dataset,
    input: Option<(analytics::Dataset, Indexing)>,
    last: Option<analytics::Scores>,
}

impl Workspace {
    pub fn new(data: Dataset) -> Workspace {
        Workspace { data, input: None, last: None }
    }

    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// Replaces the data (after a reload); scores are recomputed on the next request.
    pub fn set_data(&mut self, data: Dataset) {
        self.data = data;
        self.input = None;
        self.last = None;
    }

    /// Merges changed items (another tab or the page wrote them).
    pub fn merge(&mut self, changed: &Dataset) {
        self.data.merge_all(changed);
        self.input = None;
        self.last = None;
    }

    /// Converts the data for the engine if that was not done since the last change.
    pub fn prepare(&mut self) -> Result<(), WorkError> {
        if self.input.is_none() {
            let converted = analytics_input(&self.data).map_err(|e| WorkError::Input(e.to_string()))?;
            self.input = Some(converted);
        }
        Ok(())
    }

    /// Scores with the settings, as of `today` when the settings name no date.
    pub fn score(&mut self, settings: &AnalysisSettings, today: NaiveDate) -> Result<ScoreResult, WorkError> {
        self.prepare()?;
        let (input, ix) = self.input.as_ref().ok_or(WorkError::NotLoaded)?;
        let engine = settings.to_engine(today, ix);
        let scores = analytics::score(input, &engine).map_err(|e| WorkError::Settings(e.to_string()))?;
        let result = summary::summarise(&self.data, ix, &scores, settings, today);
        self.last = Some(scores);
        Ok(result)
    }

    /// One customer's full scores with their explanations, from the last scoring.
    pub fn explain(&self, customer: &Id) -> Option<CustomerScores> {
        let (_, ix) = self.input.as_ref()?;
        let i = ix.customer(customer)?;
        self.last.as_ref()?.customers.get(i as usize).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::{generate, DemoSpec};

    fn end() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn scoring_the_demo_firm_fills_every_view() {
        let data = generate(&DemoSpec { customers: 400, lines: 10_000, ..DemoSpec::default_for(end()) }).unwrap();
        let mut w = Workspace::new(data);
        let r = w.score(&AnalysisSettings::default(), end()).unwrap();
        let d = &r.dashboard;
        assert_eq!(d.customers_all, 400);
        assert!(d.customers_active > 0 && d.customers_active < 400);
        assert!(d.sales_period > 0 && d.sales_previous > 0);
        assert_eq!(d.abc_counts.iter().sum::<u32>(), 400);
        assert!(d.top_share > 0.6 && d.top_share < 0.9, "{}", d.top_share);
        assert_eq!(d.rfm_grid.iter().flatten().sum::<u32>(), d.segments.iter().map(|s| s.1).sum::<u32>());
        assert!(d.total_clv.is_some() && d.expected_sales.is_some());
        assert_eq!(d.monthly.len(), 24);
        // Every customer is on the map or counted as without a province; the map's sales are the
        // period's sales of the customers with positive sales.
        let mapped: u32 = d.provinces.iter().map(|p| p.customers).sum();
        assert_eq!(mapped + d.province_unknown, 400);
        assert!(d.provinces.len() > 5, "the demo firm trades in many provinces: {:?}", d.provinces);
        let positive: i64 = r.customers.net_sales.iter().map(|s| (*s).max(0)).sum();
        assert!(d.provinces.iter().map(|p| p.sales).sum::<i64>() <= positive);
        assert_eq!(r.customers.ids.len(), 400);
        let some = r.customers.ids[0];
        let explained = w.explain(&some).unwrap();
        assert_eq!(explained.net_sales, r.customers.net_sales[0]);
        // The dashboard's links select exactly the customers it counts.
        use crate::search::ScoreFilter;
        let champions = summary::segment_code(crate::analytics::rfm::RfmSegment::Champions);
        let count = d.segments.iter().find(|s| s.0 == champions).unwrap().1;
        assert_eq!(select(&r, ScoreFilter::Segment(champions)).len(), count as usize);
        assert_eq!(select(&r, ScoreFilter::Rf(5, 5)).len(), d.rfm_grid[4][4] as usize);
        assert_eq!(select(&r, ScoreFilter::Class(1)).len(), d.abc_counts[0] as usize);
        assert_eq!(select(&r, ScoreFilter::AtRisk).len(), d.at_risk.len());
    }

    #[test]
    fn an_empty_firm_scores_without_panicking() {
        let mut w = Workspace::new(Dataset::default());
        let r = w.score(&AnalysisSettings::default(), end()).unwrap();
        assert_eq!(r.dashboard.customers_all, 0);
        assert!(r.dashboard.total_clv.is_none());
    }
}
