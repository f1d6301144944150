//! The messages between the page and the scoring worker, and the analysis settings.

use super::packed::PackedBundle;
use super::summary::ScoreResult;
use crate::analytics::{self, CustomerScores, TimeUnit};
use crate::exchange::{BundleError, Limits};
use crate::model::Id;
use crate::scoring::{engine_day, Indexing};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// What the user sets on the analysis screens. Stored per device; the period is in the URL.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct AnalysisSettings {
    /// The day the analysis is made as of; None = today.
    pub as_of: Option<NaiveDate>,
    /// Length of the period ending at `as_of`, in months (the previous period has the same length).
    pub period_months: u32,
    /// One branch, or all together.
    pub branch: Option<Id>,
    /// ABC thresholds, percent of cumulative sales.
    pub abc_a_pct: f64,
    pub abc_b_pct: f64,
    /// RFM score levels (5 = quintiles).
    pub rfm_bins: u8,
    /// Horizon of the expected purchases, in weeks.
    pub horizon_weeks: u32,
    /// Months of the CLV sum, and its discount rate per month in percent.
    pub clv_months: u32,
    pub discount_pct_per_month: f64,
}

impl Default for AnalysisSettings {
    fn default() -> Self {
        AnalysisSettings {
            as_of: None,
            period_months: 12,
            branch: None,
            abc_a_pct: 75.0,
            abc_b_pct: 95.0,
            rfm_bins: 5,
            horizon_weeks: 52,
            clv_months: 12,
            discount_pct_per_month: 1.0,
        }
    }
}

impl AnalysisSettings {
    pub fn as_of(&self, today: NaiveDate) -> NaiveDate {
        self.as_of.unwrap_or(today)
    }

    /// The period [start, end] (inclusive) ending at the as-of date.
    pub fn period(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let end = self.as_of(today);
        let start =
            end.checked_sub_months(Months::new(self.period_months.max(1))).unwrap_or(end) + chrono::Days::new(1);
        (start, end)
    }

    /// The period of the same length just before [`AnalysisSettings::period`].
    pub fn previous_period(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        let (start, _) = self.period(today);
        let end = start - chrono::Days::new(1);
        let start =
            end.checked_sub_months(Months::new(self.period_months.max(1))).unwrap_or(end) + chrono::Days::new(1);
        (start, end)
    }

    /// The engine's settings.
    pub fn to_engine(&self, today: NaiveDate, ix: &Indexing) -> analytics::Settings {
        let (start, end) = self.period(today);
        analytics::Settings {
            as_of: Some(engine_day(end)),
            period_start: Some(engine_day(start)),
            // A branch with no customers yet matches nobody, not everybody.
            branch: self.branch.map(|b| ix.branch_index(&b).unwrap_or(u32::MAX - 1)),
            time_unit: TimeUnit::Week,
            horizon: f64::from(self.horizon_weeks),
            rfm_bins: self.rfm_bins,
            abc_a: self.abc_a_pct / 100.0,
            abc_b: self.abc_b_pct / 100.0,
            clv_months: self.clv_months,
            discount_rate_per_month: self.discount_pct_per_month / 100.0,
            ..analytics::Settings::default()
        }
    }
}

/// Steps of a scoring run, for the progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Stage {
    Loading,
    Converting,
    Scoring,
    Summarising,
}

/// Why the worker could not answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum WorkError {
    #[error("the data is not loaded")]
    NotLoaded,
    #[error("storage: {0}")]
    Storage(String),
    #[error("input: {0}")]
    Input(String),
    #[error("settings: {0}")]
    Settings(String),
    #[error("cancelled")]
    Cancelled,
}

/// From the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// Score (loading the data first if needed). A newer request cancels an older one.
    Score { request: u64, settings: AnalysisSettings, today: NaiveDate },
    /// One customer's full scores with their explanations.
    Explain { request: u64, customer: Id },
    /// The stored data changed (these bucket keys; empty = everything): read it again.
    DataChanged { keys: Vec<String> },
    /// Stop the scoring run `request` if it is still going.
    Cancel { request: u64 },
    /// The store's data key (encryption at rest; `None`: not encrypted) and the worker's own
    /// nonce prefix. Sent before the first request on an encrypted store, and whenever
    /// encryption is turned on or off.
    StoreKey { key: Option<crate::store::sealed::DataKey>, nonce_prefix: [u8; 8] },
    /// Read and check a bundle file an import picked (`decrypted`: the page opened it, so it
    /// must be plain). Sent to an instance of its own (`ui::bundle_reader`). `sent_ms`: the
    /// page's clock (ms since 1970) when sent, for timing the message's way. `report_to`: the
    /// BroadcastChannel on which the worker says it stopped, if its wasm fails while reading
    /// (out of memory on a huge file): that instance cannot answer any more.
    ReadBundle { bytes: serde_bytes::ByteBuf, decrypted: bool, limits: Limits, sent_ms: f64, report_to: String },
}

/// From the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    Progress {
        request: u64,
        stage: Stage,
        done: u32,
        of: u32,
    },
    Scored {
        request: u64,
        result: Box<ScoreResult>,
        millis: Vec<(Stage, f64)>,
    },
    Explained {
        request: u64,
        customer: Id,
        scores: Option<Box<CustomerScores>>,
    },
    Failed {
        request: u64,
        error: WorkError,
    },
    /// The answer to [`ToWorker::ReadBundle`]: the checked bundle, or why the file was refused.
    BundleRead(Result<Box<PackedBundle>, BundleError>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_are_whole_months_ending_at_the_as_of_date() {
        let s = AnalysisSettings { as_of: NaiveDate::from_ymd_opt(2026, 11, 25), ..AnalysisSettings::default() };
        let today = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        assert_eq!(s.period(today), (d(2025, 11, 26), d(2026, 11, 25)));
        assert_eq!(s.previous_period(today), (d(2024, 11, 26), d(2025, 11, 25)));
        let none = AnalysisSettings::default();
        assert_eq!(none.period(d(2026, 3, 31)).1, d(2026, 3, 31));
    }
}
