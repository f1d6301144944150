//! The IndexedDB [`Backend`], through `indexed_db_futures` (a maintained, future-based wrapper of
//! web-sys's IndexedDB API whose transactions roll back unless committed — so an early `?`
//! return can never leave half a change written). The only module that touches IndexedDB.

use super::layout::{BUCKETS, DB_NAME, DB_VERSION, META};
use super::{Backend, Decide, ReadSet, Sink, StoreError};
use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// The longest stretch of decoding between two turns of the event loop while reading.
const DECODE_SLICE_MS: f64 = 40.0;

/// Converts the crate's errors into ours, recognising a full disk.
fn store_error(e: indexed_db_futures::error::Error) -> StoreError {
    use indexed_db_futures::error::Error;
    match e {
        Error::DomException(d) => {
            let sys: web_sys::DomException = d.into();
            dom_error(&sys)
        }
        other => StoreError::Backend(other.to_string()),
    }
}

fn dom_error(e: &web_sys::DomException) -> StoreError {
    match e.name().as_str() {
        "QuotaExceededError" => StoreError::QuotaExceeded,
        "InvalidStateError" if e.message().contains("closing") => StoreError::VersionChanged,
        "SecurityError" => StoreError::Unavailable(e.message()),
        name => StoreError::Backend(format!("{name}: {}", e.message())),
    }
}

fn open_error(e: indexed_db_futures::error::OpenDbError) -> StoreError {
    use indexed_db_futures::error::OpenDbError;
    match e {
        OpenDbError::Base(inner) => match store_error(inner) {
            StoreError::Backend(m) => StoreError::Unavailable(m),
            other => other,
        },
        other => StoreError::Unavailable(other.to_string()),
    }
}

fn bytes_of(value: &JsValue) -> Result<Vec<u8>, StoreError> {
    value
        .dyn_ref::<js_sys::Uint8Array>()
        .map(js_sys::Uint8Array::to_vec)
        .ok_or_else(|| StoreError::Corrupt { key: "?".into(), reason: "stored value is not bytes".into() })
}

/// Callbacks for the two ways another tab can get in this tab's way.
#[derive(Clone, Default)]
pub struct TabEvents {
    /// This tab wants to open a newer schema and an older tab holds the database open.
    pub on_blocked: Option<Rc<dyn Fn()>>,
    /// Another tab opened a newer schema: this tab's connection is closed and it must reload.
    pub on_version_change: Option<Rc<dyn Fn()>>,
}

pub struct IdbBackend {
    db: Database,
    fail_next: Cell<bool>,
}

impl IdbBackend {
    /// Opens (creating or upgrading) the database.
    pub async fn open(events: TabEvents) -> Result<IdbBackend, StoreError> {
        IdbBackend::open_named(DB_NAME, DB_VERSION, events).await
    }

    /// Opens a database by name and version (tests use their own names).
    pub async fn open_named(name: &str, version: u32, events: TabEvents) -> Result<IdbBackend, StoreError> {
        let on_blocked = events.on_blocked.clone();
        let db = Database::open(name)
            .with_version(version)
            .with_on_blocked(move |_| {
                if let Some(cb) = &on_blocked {
                    cb();
                }
                Ok(())
            })
            .with_on_upgrade_needed(|_event, db| {
                let names: Vec<String> = db.object_store_names().collect();
                for store in [BUCKETS, META] {
                    if !names.iter().any(|n| n == store) {
                        db.create_object_store(store).build()?;
                    }
                }
                Ok(())
            })
            .await
            .map_err(open_error)?;
        if let Ok(mut changes) = db.version_changes() {
            let db_for_close = db.clone();
            let cb = events.on_version_change.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if changes.recv().await.is_some() {
                    // Step aside so the newer tab can upgrade; this tab must reload.
                    db_for_close.close();
                    if let Some(cb) = cb {
                        cb();
                    }
                }
            });
        }
        Ok(IdbBackend { db, fail_next: Cell::new(false) })
    }

    /// Makes the next update fail after all its writes were issued, by adding a write the
    /// browser refuses — to test that IndexedDB then keeps none of them.
    pub fn fail_next_update(&self) {
        self.fail_next.set(true);
    }

    /// Closes the connection (tests that reopen or delete the database).
    pub fn close(self) {
        self.db.close();
    }

    /// Deletes a whole database by name (tests).
    pub async fn delete_database(name: &str) -> Result<(), StoreError> {
        Database::delete_by_name(name).map_err(open_error)?.await.map_err(store_error)
    }
}

impl Backend for IdbBackend {
    async fn read_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let tx = self.db.transaction(BUCKETS).build().map_err(store_error)?;
        let store = tx.object_store(BUCKETS).map_err(store_error)?;
        let keys = store.get_all_keys::<String>().primitive().map_err(store_error)?;
        let values = store.get_all::<JsValue>().primitive().map_err(store_error)?;
        let keys: Vec<String> = keys.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
        let values: Vec<JsValue> = values.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
        if keys.len() != values.len() {
            return Err(StoreError::Backend("keys and values differ in number".into()));
        }
        keys.into_iter()
            .zip(values.iter())
            .map(|(k, v)| {
                let bytes =
                    bytes_of(v).map_err(|_| StoreError::Corrupt { key: k.clone(), reason: "not bytes".into() })?;
                Ok((k, bytes))
            })
            .collect()
    }

    async fn read_ranges_with(&self, ranges: &[(String, String)], sink: &mut Sink<'_>) -> Result<(), StoreError> {
        let tx = self.db.transaction(BUCKETS).build().map_err(store_error)?;
        let store = tx.object_store(BUCKETS).map_err(store_error)?;
        // Issue every range's requests now; IndexedDB answers them in order while the ranges
        // already received are decoded.
        let mut pending = Vec::new();
        for (from, to) in ranges {
            let keys =
                store.get_all_keys::<String>().with_query(from.clone()..to.clone()).primitive().map_err(store_error)?;
            let values =
                store.get_all::<JsValue>().with_query(from.clone()..to.clone()).primitive().map_err(store_error)?;
            pending.push((keys, values));
        }
        let mut slice_started = js_sys::Date::now();
        for (keys, values) in pending {
            let keys: Vec<String> = keys.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
            let values = values.await.map_err(store_error)?;
            for (key, value) in keys.iter().zip(values) {
                let value = value.map_err(store_error)?;
                let bytes = bytes_of(&value)
                    .map_err(|_| StoreError::Corrupt { key: key.clone(), reason: "not bytes".into() })?;
                sink(key, &bytes)?;
                // Decoding a range of big buckets can take a few hundred ms; give the event loop a
                // turn every so often, so the page stays responsive (and the worker's answer is
                // taken in) while the rest is read.
                if js_sys::Date::now() - slice_started > DECODE_SLICE_MS {
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    slice_started = js_sys::Date::now();
                }
            }
        }
        Ok(())
    }

    async fn read(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError> {
        let tx = self.db.transaction(BUCKETS).build().map_err(store_error)?;
        let store = tx.object_store(BUCKETS).map_err(store_error)?;
        read_keys(&store, keys).await
    }

    async fn update(&self, read: ReadSet<'_>, decide: &mut Decide<'_>) -> Result<(), StoreError> {
        let tx =
            self.db.transaction([BUCKETS, META]).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let buckets = tx.object_store(BUCKETS).map_err(store_error)?;
        let meta = tx.object_store(META).map_err(store_error)?;
        timeline("kehu-store-update-start", None);
        let found = match read {
            ReadSet::Keys(keys) => read_keys(&buckets, keys).await?,
            ReadSet::All => {
                let keys = buckets.get_all_keys::<String>().primitive().map_err(store_error)?;
                let keys: Vec<String> =
                    keys.await.map_err(store_error)?.collect::<Result<_, _>>().map_err(store_error)?;
                read_keys(&buckets, &keys).await?
            }
        };
        // `decide` is pure computation: the transaction stays alive while it runs because no
        // other task gets to run in between.
        let writes = decide(&found)?;
        timeline("kehu-store-decided", Some(("kehu-store-read-and-decide", "kehu-store-update-start")));
        let mut pending = Vec::with_capacity(writes.buckets.len() + writes.meta.len());
        if writes.clear_buckets {
            buckets.clear().map_err(store_error)?.await.map_err(store_error)?;
        }
        for (key, bytes) in &writes.buckets {
            let value: JsValue = js_sys::Uint8Array::from(bytes.as_slice()).into();
            pending.push(buckets.put(value).with_key(key.as_str()).primitive().map_err(store_error)?);
        }
        let mut deletes = Vec::with_capacity(writes.delete.len());
        for key in &writes.delete {
            deletes.push(buckets.delete(key.as_str()).primitive().map_err(store_error)?);
        }
        for (key, text) in &writes.meta {
            pending.push(meta.put(JsValue::from_str(text)).with_key(key.as_str()).primitive().map_err(store_error)?);
        }
        if self.fail_next.replace(false) {
            // A function cannot be stored: the browser refuses this put, and returning the error
            // drops the transaction uncommitted, which rolls back every put above.
            let refused: JsValue = js_sys::Function::new_no_args("").into();
            buckets.put(refused).with_key("refused").primitive().map_err(store_error)?;
        }
        for p in pending {
            p.await.map_err(store_error)?;
        }
        for d in deletes {
            d.await.map_err(store_error)?;
        }
        tx.commit().await.map_err(store_error)?;
        timeline("kehu-store-committed", Some(("kehu-store-put-and-commit", "kehu-store-decided")));
        Ok(())
    }

    async fn clear_buckets(&self) -> Result<(), StoreError> {
        let tx = self.db.transaction(BUCKETS).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let store = tx.object_store(BUCKETS).map_err(store_error)?;
        store.clear().map_err(store_error)?.await.map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(META).build().map_err(store_error)?;
        let store = tx.object_store(META).map_err(store_error)?;
        let value: Option<JsValue> =
            store.get::<JsValue, _, _>(key).primitive().map_err(store_error)?.await.map_err(store_error)?;
        Ok(value.and_then(|v| v.as_string()))
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let tx = self.db.transaction(META).with_mode(TransactionMode::Readwrite).build().map_err(store_error)?;
        let store = tx.object_store(META).map_err(store_error)?;
        store
            .put(JsValue::from_str(value))
            .with_key(key)
            .primitive()
            .map_err(store_error)?
            .await
            .map_err(store_error)?;
        tx.commit().await.map_err(store_error)
    }
}

async fn read_keys(
    store: &indexed_db_futures::object_store::ObjectStore<'_>,
    keys: &[String],
) -> Result<HashMap<String, Vec<u8>>, StoreError> {
    let mut requests = Vec::with_capacity(keys.len());
    for key in keys {
        requests.push(store.get::<JsValue, _, _>(key.as_str()).primitive().map_err(store_error)?);
    }
    let mut found = HashMap::with_capacity(keys.len());
    for (key, request) in keys.iter().zip(requests) {
        if let Some(value) = request.await.map_err(store_error)? {
            found.insert(key.clone(), bytes_of(&value)?);
        }
    }
    Ok(found)
}

/// The store as the app and the worker use it: IndexedDB, sealed when encryption at rest is on.
pub type BrowserStore = super::Store<super::sealed::Sealed<IdbBackend>>;

/// Marks a step of a write on the page's timeline, and measures from an earlier mark: where a
/// big write's time goes (reading and merging the buckets in wasm, or IndexedDB putting and
/// committing them; bench/browser/exchange.mjs prints both). Only the latest of each name is
/// kept, so a long session does not pile them up. Nothing in a worker (it has no window).
fn timeline(mark: &str, measure: Option<(&str, &str)>) {
    let Some(p) = web_sys::window().and_then(|w| w.performance()) else { return };
    p.clear_marks_with_mark_name(mark);
    let _ = p.mark(mark);
    if let Some((name, from)) = measure {
        p.clear_measures_with_measure_name(name);
        let _ = p.measure_with_start_mark_and_end_mark(name, from, mark);
    }
}
