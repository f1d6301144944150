//! A [`Backend`] in memory, for native tests: the same transaction contract as IndexedDB
//! (all or nothing), with a switch to make the next transaction fail.

use super::{Backend, Decide, ReadSet, Sink, StoreError};
use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};

#[derive(Default)]
pub struct MemoryBackend {
    buckets: RefCell<BTreeMap<String, Vec<u8>>>,
    meta: RefCell<BTreeMap<String, String>>,
    fail_next: Cell<bool>,
    transactions: Cell<usize>,
}

impl MemoryBackend {
    pub fn new() -> MemoryBackend {
        MemoryBackend::default()
    }

    /// Makes the next transaction fail after computing its writes, as a full disk would.
    pub fn fail_next_update(&self) {
        self.fail_next.set(true);
    }

    /// How many write transactions completed.
    pub fn transactions(&self) -> usize {
        self.transactions.get()
    }

    /// A copy of the raw bucket values (for tests that compare stores byte for byte).
    pub fn raw(&self) -> BTreeMap<String, Vec<u8>> {
        self.buckets.borrow().clone()
    }
}

impl Backend for MemoryBackend {
    async fn read_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        Ok(self.buckets.borrow().iter().map(|(k, v)| (k.clone(), v.clone())).collect())
    }

    async fn read_ranges_with(&self, ranges: &[(String, String)], sink: &mut Sink<'_>) -> Result<(), StoreError> {
        let buckets = self.buckets.borrow();
        for (from, to) in ranges {
            for (k, v) in buckets.range::<String, _>(from..to) {
                sink(k, v)?;
            }
        }
        Ok(())
    }

    async fn read(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError> {
        let b = self.buckets.borrow();
        Ok(keys.iter().filter_map(|k| b.get(k).map(|v| (k.clone(), v.clone()))).collect())
    }

    async fn update(&self, read: ReadSet<'_>, decide: &mut Decide<'_>) -> Result<(), StoreError> {
        let found = match read {
            ReadSet::Keys(keys) => self.read(keys).await?,
            ReadSet::All => self.read_all().await?.into_iter().collect(),
        };
        let writes = decide(&found)?;
        if self.fail_next.replace(false) {
            return Err(StoreError::QuotaExceeded);
        }
        let mut b = self.buckets.borrow_mut();
        if writes.clear_buckets {
            b.clear();
        }
        for (k, v) in writes.buckets {
            b.insert(k, v);
        }
        for k in &writes.delete {
            b.remove(k);
        }
        let mut m = self.meta.borrow_mut();
        for (k, v) in writes.meta {
            m.insert(k, v);
        }
        self.transactions.set(self.transactions.get() + 1);
        Ok(())
    }

    async fn clear_buckets(&self) -> Result<(), StoreError> {
        self.buckets.borrow_mut().clear();
        Ok(())
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self.meta.borrow().get(key).cloned())
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.meta.borrow_mut().insert(key.to_string(), value.to_string());
        Ok(())
    }
}
