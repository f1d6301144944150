//! Storage: the in-memory [`Dataset`] persisted as buckets in a [`Backend`] — IndexedDB in the
//! browser ([`idb`], wasm only), a map in memory for native tests ([`memory`]).
//!
//! The backends only move bytes and keep transactions; everything else — which buckets a change
//! touches, merging a change into what is stored, migrations — is pure code in [`buckets`] and
//! [`migrations`], shared by both and tested natively. Only [`idb`] touches IndexedDB.

pub mod buckets;
pub mod layout;
pub mod memory;
pub mod migrations;
pub mod sealed;
pub mod undo;

#[cfg(target_arch = "wasm32")]
pub mod idb;

use crate::model::{Dataset, Kind};
use std::collections::HashMap;

/// What can go wrong with storage. The UI shows each in the user's language.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// The browser's storage quota is used up: nothing of the failed change was written.
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// The browser refuses IndexedDB (private mode, disabled storage, an unsupported browser).
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// A newer version of the app wants to upgrade the database, and this tab is in the way.
    #[error("database upgrade blocked by another tab")]
    Blocked,
    /// Another tab upgraded the database to a newer version; this tab must reload.
    #[error("database upgraded by another tab")]
    VersionChanged,
    /// The data was written by a newer version of Kehu than this one.
    #[error("data from a newer version (schema {found}, this app reads up to {supported})")]
    NewerSchema { found: u32, supported: u32 },
    /// A stored bucket could not be read.
    #[error("stored data is damaged at {key}: {reason}")]
    Corrupt { key: String, reason: String },
    /// Encryption at rest was turned on or off (by another tab) since this store was opened, or
    /// the store is encrypted and was opened without its key: reload and unlock.
    #[error("encryption was turned on or off since this page opened the store")]
    SealChanged,
    /// Any other failure of the backend, with its name and message.
    #[error("storage error: {0}")]
    Backend(String),
}

/// What one transaction writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Writes {
    /// Delete every bucket first (a migration that moves items between buckets).
    pub clear_buckets: bool,
    pub buckets: Vec<(String, Vec<u8>)>,
    /// Bucket keys to delete (after the puts above: a key in both ends up deleted).
    pub delete: Vec<String>,
    pub meta: Vec<(String, String)>,
}

/// Which buckets a transaction reads before it writes.
#[derive(Clone, Copy, Debug)]
pub enum ReadSet<'a> {
    Keys(&'a [String]),
    All,
}

/// Receives bucket values (key, bytes) as a load reads them.
pub type Sink<'a> = dyn FnMut(&str, &[u8]) -> Result<(), StoreError> + 'a;
/// Computes a transaction's writes from the buckets it read.
pub type Decide<'a> = dyn FnMut(&HashMap<String, Vec<u8>>) -> Result<Writes, StoreError> + 'a;

/// A place that keeps bucket values and small meta strings, with atomic read-then-write
/// transactions. Futures are not `Send`: IndexedDB lives on one thread.
#[allow(async_fn_in_trait)]
pub trait Backend {
    /// Every bucket value with its key.
    async fn read_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError>;
    /// The bucket values in `ranges` (`[from, to)` key ranges in key order, see
    /// [`layout::read_ranges`]), handed to `sink` range by range as they arrive, so decoding
    /// overlaps reading.
    async fn read_ranges_with(&self, ranges: &[(String, String)], sink: &mut Sink<'_>) -> Result<(), StoreError>;
    /// Some buckets' values; missing keys are absent from the map.
    async fn read(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError>;
    /// One all-or-nothing transaction: reads `read`, lets `decide` compute the writes from what
    /// it found, writes them. If anything fails, nothing is written.
    async fn update(&self, read: ReadSet<'_>, decide: &mut Decide<'_>) -> Result<(), StoreError>;
    /// Deletes every bucket (meta stays: device id, schema).
    async fn clear_buckets(&self) -> Result<(), StoreError>;
    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError>;
    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError>;
}

/// The store the app talks to: a dataset in buckets on a backend.
pub struct Store<B: Backend> {
    backend: B,
}

impl<B: Backend> Store<B> {
    /// Opens the store, migrating older data first (one transaction).
    pub async fn open(backend: B) -> Result<Store<B>, StoreError> {
        migrations::run(&backend).await?;
        Ok(Store { backend })
    }

    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// Reads everything into memory.
    pub async fn load(&self) -> Result<Dataset, StoreError> {
        self.load_ranges(&layout::read_ranges()).await
    }

    /// Reads the items of some kinds only; the other tables stay empty.
    pub async fn load_kinds(&self, kinds: &[Kind]) -> Result<Dataset, StoreError> {
        self.load_ranges(&layout::read_ranges_of(kinds)).await
    }

    async fn load_ranges(&self, ranges: &[(String, String)]) -> Result<Dataset, StoreError> {
        let mut data = Dataset::default();
        self.backend
            .read_ranges_with(ranges, &mut |key, bytes| {
                buckets::absorb_bucket(&mut data, bytes)
                    .map(|_| ())
                    .map_err(|e| StoreError::Corrupt { key: key.to_string(), reason: e.to_string() })
            })
            .await?;
        Ok(data)
    }

    /// Writes a batch of changes (merging each item into the stored copy, so nothing another
    /// tab wrote meanwhile is lost) in one transaction. Returns the keys of the buckets written,
    /// for telling other tabs.
    pub async fn commit(&self, batch: &Dataset) -> Result<Vec<String>, StoreError> {
        let keys = buckets::touched_keys(batch);
        if keys.is_empty() {
            return Ok(keys);
        }
        self.backend
            .update(ReadSet::Keys(&keys), &mut |existing| {
                Ok(Writes { buckets: buckets::merge_into_buckets(batch, existing)?, ..Writes::default() })
            })
            .await?;
        Ok(keys)
    }

    /// Applies an import in one transaction: the plan merged into the stored buckets (erased
    /// items written over), the undo of it replacing any older one, and `meta` (the peer's
    /// vector, the description of the undo). Returns the data buckets written.
    pub async fn apply_import(
        &self,
        plan: &crate::exchange::ImportPlan,
        undo: &undo::ImportUndo,
        meta: Vec<(String, String)>,
    ) -> Result<Vec<String>, StoreError> {
        let keys = undo::import_keys(plan);
        self.backend
            .update(ReadSet::Keys(&keys), &mut |stored| undo::import_writes(plan, undo, stored, meta.clone()))
            .await?;
        Ok(keys)
    }

    /// Applies an erasure made here (`exchange::merge::erase`) in one transaction: the erased
    /// items written over their stored copies, and the undo of the last import deleted (it may
    /// keep earlier copies with the content). An erasure cannot be undone. Returns the data
    /// buckets written.
    pub async fn apply_erasure(&self, plan: &crate::exchange::ImportPlan) -> Result<Vec<String>, StoreError> {
        let keys = undo::import_keys(plan);
        self.backend.update(ReadSet::Keys(&keys), &mut |stored| undo::erasure_writes(plan, stored)).await?;
        Ok(keys)
    }

    /// Undoes the last import (one transaction). Returns the data buckets written, or `None`
    /// when there is no import to undo. Edits made since to the same items are undone with it.
    pub async fn undo_import(&self) -> Result<Option<Vec<String>>, StoreError> {
        let found = self.backend.read(&undo::all_keys()).await?;
        let Some(u) = undo::ImportUndo::from_values(&found)? else { return Ok(None) };
        let keys = u.bucket_keys();
        self.backend.update(ReadSet::Keys(&keys), &mut |stored| undo::undo_writes(&u, stored)).await?;
        Ok(Some(keys))
    }

    /// Reads some buckets (after another tab wrote them) as a dataset to merge into memory.
    pub async fn read_buckets(&self, keys: &[String]) -> Result<Dataset, StoreError> {
        let found = self.backend.read(keys).await?;
        let values: Vec<(String, Vec<u8>)> = found.into_iter().collect();
        buckets::decode_all(&values)
    }

    /// Deletes all data of the firm from this browser.
    pub async fn clear(&self) -> Result<(), StoreError> {
        self.backend.clear_buckets().await
    }

    pub async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.backend.meta(key).await
    }

    pub async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.backend.set_meta(key, value).await
    }
}

/// Shares one backend between several stores (two tabs over one database, in tests).
impl<B: Backend> Backend for std::rc::Rc<B> {
    async fn read_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        (**self).read_all().await
    }
    async fn read_ranges_with(&self, ranges: &[(String, String)], sink: &mut Sink<'_>) -> Result<(), StoreError> {
        (**self).read_ranges_with(ranges, sink).await
    }
    async fn read(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError> {
        (**self).read(keys).await
    }
    async fn update(&self, read: ReadSet<'_>, decide: &mut Decide<'_>) -> Result<(), StoreError> {
        (**self).update(read, decide).await
    }
    async fn clear_buckets(&self) -> Result<(), StoreError> {
        (**self).clear_buckets().await
    }
    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        (**self).meta(key).await
    }
    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        (**self).set_meta(key, value).await
    }
}
