//! Opening the store at start: device and branch identity, loading everything into memory,
//! joining the other tabs' channel, asking for persistent storage.
//!
//! The load comes in two steps. First every kind but the big ones (`LATER`): the dashboard and the
//! settings can show at once. The big kinds are read once the scoring worker has scored its own
//! copy, so the page's reading and decoding compete neither with the worker's read nor with its
//! scoring for the two cores (nor, in an encrypted store, for WebCrypto), and the dashboard is
//! scored sooner; the pages that show or export them wait for `AppState::complete`.

use super::browser::{self, TabChannel};
use super::state::{AppState, Phase, Session};
use crate::model::{Branch, Dataset, HlcClock, Id, Kind, Record};
use crate::store::idb::{BrowserStore, IdbBackend, TabEvents};
use crate::store::layout::{META_BRANCH, META_DEVICE};
use crate::store::sealed::{DataKey, Sealed};
use crate::store::{Store, StoreError};

use crate::ui::analysis::Status;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

const CHANNEL: &str = "kehu-changes";

/// The kinds read after the page is up: nearly all of a large store, and none of them needed by
/// the dashboard's figures (the worker reads the customers and sales it scores itself).
pub const LATER: &[Kind] =
    &[Kind::Customer, Kind::Sale, Kind::Payment, Kind::Contact, Kind::Revision, Kind::Interaction, Kind::Attachment];

/// How long the second step waits for the worker at most (a worker that failed to start, or a
/// very large firm, must not keep the customer list away).
const WORKER_WAIT_MS: u64 = 8_000;

/// Opens everything; on failure the app shows the reason instead of an empty book. `key` is the
/// data key of an encrypted store (after the passphrase was typed); without it an encrypted
/// store stops at the passphrase screen, having read nothing.
pub async fn start(state: AppState, key: Option<DataKey>) {
    browser::mark("kehu-start");
    match open(state, key).await {
        Ok(Opened::Sealed(record)) => {
            state.phase.set(Phase::Sealed(record));
            return;
        }
        Ok(Opened::Ready) => {
            browser::mark("kehu-loaded");
            let _ = browser::measure("kehu-load", "kehu-start", "kehu-loaded");
            state.phase.set(Phase::Ready);
            crate::ui::who::start(state);
            leptos::task::spawn_local(load_the_rest(state));
            leptos::task::spawn_local(crate::ui::pages::exchange::load_backup_facts(state));
        }
        Err(e) => state.phase.set(Phase::Failed(e)),
    }
    let info = browser::request_persistence().await;
    state.storage.set(info);
}

enum Opened {
    Ready,
    /// Encrypted, and no key was given: nothing was read.
    Sealed(crate::store::sealed::SealRecord),
}

/// A fresh random nonce prefix for one opening of the sealed store.
pub fn nonce_prefix() -> [u8; 8] {
    let mut p = [0u8; 8];
    browser::random_bytes(&mut p);
    p
}

async fn open(state: AppState, key: Option<DataKey>) -> Result<Opened, StoreError> {
    let tab_problem = state.tab_problem;
    let events = TabEvents {
        on_blocked: Some(Rc::new(move || tab_problem.set(Some(StoreError::Blocked)))),
        on_version_change: Some(Rc::new(move || tab_problem.set(Some(StoreError::VersionChanged)))),
    };
    let backend = IdbBackend::open(events).await?;
    browser::mark("kehu-idb-open");
    // Opening succeeded: any "blocked" notice is over.
    if state.tab_problem.get_untracked() == Some(StoreError::Blocked) {
        state.tab_problem.set(None);
    }
    let backend = match (Sealed::record(&backend).await?, key) {
        (None, _) => Sealed::plain(backend),
        (Some(_), Some(key)) => {
            // The worker opens the store itself and needs the key too (its own nonce prefix).
            state.analysis.start();
            state.analysis.set_store_key(Some(&key), nonce_prefix());
            let sealed = Sealed::with_key(backend, &key, nonce_prefix());
            sealed.set_bulk_opener(Some(crate::ui::webcrypto::bulk_opener(&key)));
            sealed
        }
        (Some(record), None) => {
            backend.close();
            return Ok(Opened::Sealed(record));
        }
    };
    let store = Store::open(backend).await?;
    browser::mark("kehu-store-open");
    // The store is open and migrated: the scoring worker may open it too (they never both
    // migrate) and starts reading and scoring now, while this page loads its own copy. (Started
    // any sooner, its wasm compiling slowed a throttled first load by ~0.2 s, BENCHMARKS.md.)
    state.analysis.start();
    state.analysis.score();
    // Three reads at once: each is a transaction and a turn of the event loop, which a
    // throttled tablet's first load felt one after the other.
    let first: Vec<Kind> = Kind::ALL.iter().copied().filter(|k| !LATER.contains(k)).collect();
    let (device, data, branch) =
        futures_util::future::join3(store.meta(META_DEVICE), store.load_kinds(&first), store.meta(META_BRANCH)).await;
    let (device, mut data, branch) = (device?, data?, branch?);
    browser::mark("kehu-first-read");
    let device = match device.and_then(|d| d.parse::<u32>().ok()) {
        Some(d) => d,
        None => {
            let d = browser::random_u32();
            store.set_meta(META_DEVICE, &d.to_string()).await?;
            d
        }
    };
    let mut clock = HlcClock::new(browser::node_for(device));
    if let Some(seen) = data.max_stamp() {
        clock.observe(seen);
    }
    let branch = match branch.and_then(|b| Id::parse(&b)) {
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
            data.merge_all(&batch);
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
    Ok(Opened::Ready)
}

/// The second step of the load: the big kinds, once the worker has scored.
async fn load_the_rest(state: AppState) {
    let started = browser::now_ms();
    while matches!(state.analysis.status.get_untracked(), Status::Working { .. })
        && browser::now_ms().saturating_sub(started) < WORKER_WAIT_MS
    {
        gloo_timers::future::TimeoutFuture::new(25).await;
    }
    let Some(session) = state.session() else { return };
    let generation = state.reloads.get_value();
    match session.store.load_kinds(LATER).await {
        // A full reload (another tab cleared the store) already holds everything.
        Ok(_) if state.reloads.get_value() != generation => {}
        Ok(rest) => {
            if let Some(seen) = rest.max_stamp() {
                session.clock.borrow_mut().observe(seen);
            }
            state.data.update(|d| d.absorb(rest));
        }
        Err(e) => {
            state.store_failed(&e);
            return;
        }
    }
    state.complete.set(true);
    browser::mark("kehu-complete");
    let _ = browser::measure("kehu-load-all", "kehu-start", "kehu-complete");
}

/// Reads the whole store into memory again (another tab cleared it, an import was undone) and
/// tells the worker that everything changed.
pub async fn reload_everything(state: AppState, store: Rc<BrowserStore>) {
    state.analysis.data_changed(Vec::new());
    state.reloads.update_value(|n| *n += 1);
    match store.load().await {
        Ok(d) => {
            state.data.set(d);
            state.complete.set(true);
        }
        Err(e) => state.store_failed(&e),
    }
}

/// Another tab wrote some buckets (or cleared everything): read them and merge into memory.
fn on_tab_message(state: AppState, store: Rc<BrowserStore>, text: String) {
    let Ok(msg) = serde_json::from_str::<serde_json::Value>(&text) else { return };
    if msg.get("sealed").is_some() {
        // Another tab turned encryption on or off: this tab's store would refuse every write.
        state.tab_problem.set(Some(StoreError::SealChanged));
        return;
    }
    leptos::task::spawn_local(async move {
        if msg.get("cleared").is_some() {
            reload_everything(state, store).await;
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
