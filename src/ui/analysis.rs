//! The page's side of the scoring worker: it spawns the worker, sends it requests, and keeps
//! the latest result, progress and settings in signals every analysis screen reads.

use super::browser;
use crate::analytics::CustomerScores;
use crate::model::Id;
use crate::worker::ScoringWorker;
use crate::workspace::{AnalysisSettings, FromWorker, ScoreResult, Stage, ToWorker, WorkError};
use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the latest scoring request is.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    Working { stage: Stage, done: u32, of: u32 },
    Failed(WorkError),
}

#[derive(Clone, Copy)]
pub struct Analysis {
    pub settings: RwSignal<AnalysisSettings>,
    pub status: RwSignal<Status>,
    pub result: RwSignal<Option<Arc<ScoreResult>>>,
    /// The last explanation received, by customer.
    pub explained: RwSignal<Option<(Id, Option<Arc<CustomerScores>>)>>,
    /// The data changed since the result was computed.
    pub stale: RwSignal<bool>,
    bridge: StoredValue<Option<WorkerBridge<ScoringWorker>>, LocalStorage>,
    next: StoredValue<u64>,
}

const SETTINGS_KEY: &str = "kehu.analysis";

impl Analysis {
    pub fn new() -> Analysis {
        let settings = browser::local_get(SETTINGS_KEY)
            .and_then(|t| serde_json::from_str::<AnalysisSettings>(&t).ok())
            .unwrap_or_default();
        Analysis {
            settings: RwSignal::new(settings),
            status: RwSignal::new(Status::Idle),
            result: RwSignal::new(None),
            explained: RwSignal::new(None),
            stale: RwSignal::new(false),
            bridge: StoredValue::new_local(None),
            next: StoredValue::new(0),
        }
    }

    /// Starts the worker (once the page's own store is open, so they do not both migrate).
    pub fn start(&self) {
        if self.bridge.with_value(Option::is_some) {
            return;
        }
        let this = *self;
        let bridge = ScoringWorker::spawner()
            .callback(move |msg| this.on_message(msg))
            .with_loader(true)
            .as_module(false)
            .spawn(crate::worker::LOADER);
        self.bridge.set_value(Some(bridge));
    }

    fn send(&self, msg: ToWorker) {
        self.bridge.with_value(|b| {
            if let Some(b) = b {
                b.send(msg);
            }
        });
    }

    fn on_message(&self, msg: FromWorker) {
        let current = self.next.get_value();
        match msg {
            FromWorker::Progress { request, stage, done, of } if request == current => {
                self.status.set(Status::Working { stage, done, of });
            }
            FromWorker::Scored { request, result, millis } if request == current => {
                browser::mark("kehu-scored");
                let _ = browser::measure("kehu-score", "kehu-score-start", "kehu-scored");
                for (stage, ms) in millis {
                    web_sys::console::debug_1(&format!("kehu scoring {stage:?}: {ms:.0} ms").into());
                }
                self.result.set(Some(Arc::from(result)));
                self.status.set(Status::Idle);
            }
            FromWorker::Failed { request, error } if request == current => {
                self.status.set(if error == WorkError::Cancelled { Status::Idle } else { Status::Failed(error) });
            }
            FromWorker::Explained { customer, scores, .. } => {
                self.explained.set(Some((customer, scores.map(Arc::from))));
            }
            // Answers to superseded requests are dropped.
            _ => {}
        }
    }

    /// Gives the worker the store's data key (or tells it the store is no longer encrypted).
    pub fn set_store_key(&self, key: Option<&crate::store::sealed::DataKey>, nonce_prefix: [u8; 8]) {
        self.send(ToWorker::StoreKey { key: key.cloned(), nonce_prefix });
    }

    /// Asks for a (re)score with the current settings.
    pub fn score(&self) {
        let request = self.next.get_value() + 1;
        self.next.set_value(request);
        self.stale.set(false);
        browser::mark("kehu-score-start");
        self.status.set(Status::Working { stage: Stage::Loading, done: 0, of: 1 });
        let settings = self.settings.get_untracked();
        self.send(ToWorker::Score { request, settings, today: browser::today() });
    }

    /// Scores if there is no result yet, or the data changed since.
    pub fn ensure(&self) {
        let working = matches!(self.status.get_untracked(), Status::Working { .. });
        if !working && (self.result.with_untracked(Option::is_none) || self.stale.get_untracked()) {
            self.score();
        }
    }

    pub fn cancel(&self) {
        self.send(ToWorker::Cancel { request: self.next.get_value() });
        self.status.set(Status::Idle);
    }

    pub fn set_settings(&self, settings: AnalysisSettings) {
        if let Ok(text) = serde_json::to_string(&settings) {
            browser::local_set(SETTINGS_KEY, &text);
        }
        self.settings.set(settings);
        self.score();
    }

    /// Tells the worker the stored data changed; screens re-score when next shown.
    pub fn data_changed(&self, keys: Vec<String>) {
        // Only changes to what scoring reads make the scores stale (an empty list: everything).
        let scored = |k: &String| {
            crate::store::layout::kind_of_key(k).is_some_and(|kind| crate::workspace::KINDS.contains(&kind))
        };
        if keys.is_empty() || keys.iter().any(scored) {
            self.stale.set(true);
        }
        self.send(ToWorker::DataChanged { keys });
    }

    pub fn explain(&self, customer: Id) {
        let request = self.next.get_value();
        self.send(ToWorker::Explain { request, customer });
    }
}

impl Default for Analysis {
    fn default() -> Self {
        Analysis::new()
    }
}
