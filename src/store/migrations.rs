//! Data format versions and how older data is brought up to date, in one transaction at open.
//!
//! - Schema 1 (the first layout): every kind stored as JSON rows.
//! - Schema 2: records in binary, sales lines and payments column by column and placed by
//!   customer (see `model::encoding`): half the size and several times faster to load. All
//!   data is rewritten.
//!
//! Readers accept every older bucket format, so a migration that is interrupted (the browser
//! closed mid-way) leaves readable data; the transaction makes it all-or-nothing anyway.

use super::buckets::{decode_all, merge_into_buckets};
use super::layout::{META_SCHEMA, SCHEMA_VERSION};
use super::{Backend, ReadSet, StoreError, Writes};
use std::collections::HashMap;

/// Computes the writes that bring data at schema `from` up to [`SCHEMA_VERSION`].
pub fn plan(from: u32, stored: &HashMap<String, Vec<u8>>) -> Result<Writes, StoreError> {
    if from > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema { found: from, supported: SCHEMA_VERSION });
    }
    let mut writes = Writes { meta: vec![(META_SCHEMA.to_string(), SCHEMA_VERSION.to_string())], ..Writes::default() };
    if from < 2 {
        // Decoders read every older format; re-encoding writes the current one. Sales and
        // payments move to their customer's bucket, so everything is cleared and rewritten.
        let values: Vec<(String, Vec<u8>)> = stored.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        let data = decode_all(&values)?;
        writes.clear_buckets = true;
        writes.buckets = merge_into_buckets(&data, &HashMap::new())?;
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
