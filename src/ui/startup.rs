//! Opening the store at start: device and branch identity, loading everything into memory,
//! joining the other tabs' channel, asking for persistent storage.

use super::browser::{self, TabChannel};
use super::state::{AppState, Phase, Session};
use crate::model::{Branch, Dataset, HlcClock, Id, Record};
use crate::store::idb::{IdbBackend, TabEvents};
use crate::store::layout::{META_BRANCH, META_DEVICE};
use crate::store::{Store, StoreError};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

const CHANNEL: &str = "kehu-changes";

/// Opens everything; on failure the app shows the reason instead of an empty book.
pub async fn start(state: AppState) {
    browser::mark("kehu-start");
    match open(state).await {
        Ok(()) => {
            browser::mark("kehu-loaded");
            let _ = browser::measure("kehu-load", "kehu-start", "kehu-loaded");
            state.phase.set(Phase::Ready);
        }
        Err(e) => state.phase.set(Phase::Failed(e)),
    }
    let info = browser::request_persistence().await;
    state.storage.set(info);
}

async fn open(state: AppState) -> Result<(), StoreError> {
    let tab_problem = state.tab_problem;
    let events = TabEvents {
        on_blocked: Some(Rc::new(move || tab_problem.set(Some(StoreError::Blocked)))),
        on_version_change: Some(Rc::new(move || tab_problem.set(Some(StoreError::VersionChanged)))),
    };
    let backend = IdbBackend::open(events).await?;
    // Opening succeeded: any "blocked" notice is over.
    if state.tab_problem.get_untracked() == Some(StoreError::Blocked) {
        state.tab_problem.set(None);
    }
    let store = Store::open(backend).await?;
    // The store is open and migrated: the scoring worker may open it too (they never both
    // migrate) and starts reading and scoring now, while this page loads its own copy.
    state.analysis.start();
    state.analysis.score();
    let device = match store.meta(META_DEVICE).await?.and_then(|d| d.parse::<u32>().ok()) {
        Some(d) => d,
        None => {
            let d = browser::random_u32();
            store.set_meta(META_DEVICE, &d.to_string()).await?;
            d
        }
    };
    let data = store.load().await?;
    let mut clock = HlcClock::new(browser::node_for(device));
    if let Some(seen) = data.max_stamp() {
        clock.observe(seen);
    }
    let branch = match store.meta(META_BRANCH).await?.and_then(|b| Id::parse(&b)) {
        Some(b) => b,
        None => {
            // First start on this device: it becomes a branch of its own until the firm's
            // data arrives (branch exchange lets it join an existing branch).
            let id = browser::new_id();
            let record = Record::new(
                id,
                id,
                clock.tick(browser::now_ms()),
                None,
                Branch { name: "本机".into(), ..Branch::default() },
            );
            let mut batch = Dataset::default();
            batch.branches.merge(record);
            store.commit(&batch).await?;
            store.set_meta(META_BRANCH, &id.to_string()).await?;
            id
        }
    };
    let store = Rc::new(store);
    state.data.set(data);
    let session =
        Rc::new(Session { store: store.clone(), clock: RefCell::new(clock), branch, channel: RefCell::new(None) });
    let channel = TabChannel::open(CHANNEL, move |text| on_tab_message(state, store.clone(), text));
    *session.channel.borrow_mut() = Some(channel);
    state.session.set_value(Some(session));
    Ok(())
}

/// Another tab wrote some buckets (or cleared everything): read them and merge into memory.
fn on_tab_message(state: AppState, store: Rc<Store<IdbBackend>>, text: String) {
    let Ok(msg) = serde_json::from_str::<serde_json::Value>(&text) else { return };
    leptos::task::spawn_local(async move {
        if msg.get("cleared").is_some() {
            state.analysis.data_changed(Vec::new());
            match store.load().await {
                Ok(d) => state.data.set(d),
                Err(e) => state.store_failed(&e),
            }
            return;
        }
        let keys: Vec<String> = msg
            .get("changed")
            .and_then(|k| k.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if keys.is_empty() {
            return;
        }
        match store.read_buckets(&keys).await {
            Ok(changed) => {
                if let Some(s) = state.session() {
                    if let Some(seen) = changed.max_stamp() {
                        s.clock.borrow_mut().observe(seen);
                    }
                }
                state.data.update(|d| d.merge_all(&changed));
                state.analysis.data_changed(keys);
            }
            Err(e) => state.store_failed(&e),
        }
    });
}
