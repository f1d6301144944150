//! Data format versions and how older data is brought up to date, in one transaction at open.
//!
//! - Schema 1 (the first release): every kind stored as JSON rows.
//! - Schema 2: sales lines stored column by column (see `model::encoding`), smaller and
//!   much faster to load. Schema-1 sales buckets are rewritten.
//!
//! Readers accept every older bucket format, so a migration that is interrupted (the browser
//! closed mid-way) leaves readable data; the transaction makes it all-or-nothing anyway.

use super::buckets::{bucket_kind, encode_bucket};
use super::layout::{META_SCHEMA, SCHEMA_VERSION};
use super::{Backend, ReadSet, StoreError, Writes};
use crate::model::{Fact, Item, Kind, Sale};
use std::collections::HashMap;

/// Computes the writes that bring data at schema `from` up to [`SCHEMA_VERSION`].
pub fn plan(from: u32, stored: &HashMap<String, Vec<u8>>) -> Result<Writes, StoreError> {
    if from > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found: from, supported: SCHEMA_VERSION });
    }
    let mut writes = Writes { buckets: Vec::new(), meta: vec![(META_SCHEMA.to_string(), SCHEMA_VERSION.to_string())] };
    if from < 2 {
        let mut keys: Vec<&String> = stored.keys().collect();
        keys.sort();
        for key in keys {
            let bytes = &stored[key];
            if bucket_kind(bytes).ok() == Some(Kind::Sale) {
                let facts = <Fact<Sale> as Item>::decode_many(&bytes[1..])
                    .map_err(|e| StoreError::Corrupt { key: key.clone(), reason: e.to_string() })?;
                writes.buckets.push((key.clone(), encode_bucket(Kind::Sale, &facts)));
            }
        }
    }
    Ok(writes)
}

/// Reads the stored schema version and migrates if it is older. A store with no schema mark and
/// no data is new; one with data but no mark predates the mark and counts as schema 1.
pub async fn run<B: Backend>(backend: &B) -> Result<(), StoreError> {
    let mark = backend.meta(META_SCHEMA).await?;
    let from = match mark.as_deref() {
        Some(text) => text
            .parse::<u32>()
            .map_err(|_| StoreError::Corrupt { key: META_SCHEMA.into(), reason: format!("schema mark {text:?}") })?,
        None => {
            if backend.read_all().await?.is_empty() {
                SCHEMA_VERSION
            } else {
                1
            }
        }
    };
    if from == SCHEMA_VERSION && mark.is_some() {
        return Ok(());
    }
    if from > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found: from, supported: SCHEMA_VERSION });
    }
    let read = if from < SCHEMA_VERSION { ReadSet::All } else { ReadSet::Keys(&[]) };
    backend.update(read, &mut |stored| plan(from, stored)).await
}
