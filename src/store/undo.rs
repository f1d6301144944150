//! Undoing the last import: what the store keeps, written in the same transaction as the import,
//! to bring back the state before it — the earlier copies of the items the import changed, and
//! the ids of the items it added, by bucket. Kept until the next import replaces it.
//!
//! Pure: the keys and the bytes. The undo lives in the `buckets` object store under keys that
//! start with `undo:`, outside every kind's read range, so loading the store never sees it.

use super::buckets::{encode_bucket, touched_keys, Rewrite};
use super::layout::{bucket_key, bucket_of};
use super::{StoreError, Writes};
use crate::exchange::kinds::{self, ExItem, ExVisitor3};
use crate::exchange::ImportPlan;
use crate::model::{Dataset, Id, Item, Kind, Table, TableVisitor};
use std::collections::{BTreeMap, HashMap};

/// Meta key of the description of the import that can be undone (JSON, the UI's), or "".
pub const META_UNDO: &str = "undo-import";
const ADDED_KEY: &str = "undo:added";

fn previous_key(kind: Kind) -> String {
    format!("undo:prev:{:03}", kind.code())
}

/// Every key undo data may use (so a new import deletes what an older one left).
pub fn all_keys() -> Vec<String> {
    let mut keys: Vec<String> = Kind::ALL.iter().map(|&k| previous_key(k)).collect();
    keys.push(ADDED_KEY.to_string());
    keys
}

/// What undoing an import restores.
#[derive(Clone, Debug, Default)]
pub struct ImportUndo {
    /// The copies, before the import, of the items it changed.
    pub previous: Dataset,
    /// The items it added, by the key of their bucket.
    pub added: BTreeMap<String, Vec<Id>>,
}

struct Before<'a> {
    added: &'a mut BTreeMap<String, Vec<Id>>,
}

/// Erasures are for good (DOMAIN.md §13): the undo keeps the erasures an import brought or made
/// and the wiped copies of what they erased, so undoing it never brings erased content back (and
/// no stored undo holds it).
impl ExVisitor3 for Before<'_> {
    fn visit3<R: ExItem>(&mut self, kind: Kind, local: &Table<R>, changed: &Table<R>, out: &mut Table<R>) {
        if kind == Kind::Erasure {
            return;
        }
        for item in changed.all() {
            if item.is_erased() {
                continue;
            }
            match local.get(&item.id()) {
                Some(before) => {
                    out.merge(before.clone());
                }
                None => {
                    self.added.entry(bucket_key(kind, bucket_of(kind, &item.bucket_id()))).or_default().push(item.id())
                }
            }
        }
    }
}

struct EncodeEach(Vec<(String, Vec<u8>)>);

impl TableVisitor for EncodeEach {
    fn visit<R: Item>(&mut self, kind: Kind, table: &Table<R>) {
        if !table.is_empty() {
            self.0.push((previous_key(kind), encode_bucket(kind, table.all())));
        }
    }
}

impl ImportUndo {
    /// The undo of applying `plan` to `local` (the data as it is before the import).
    pub fn of(local: &Dataset, plan: &ImportPlan) -> ImportUndo {
        let mut undo = ImportUndo::default();
        let mut before = Before { added: &mut undo.added };
        kinds::visit3(local, &plan.merge, &mut undo.previous, &mut before);
        kinds::visit3(local, &plan.replace, &mut undo.previous, &mut before);
        for ids in undo.added.values_mut() {
            ids.sort_unstable();
            ids.dedup();
        }
        undo
    }

    /// The bucket values that keep this undo.
    pub fn to_values(&self) -> Vec<(String, Vec<u8>)> {
        let mut values = EncodeEach(Vec::new());
        self.previous.visit(&mut values);
        let added: Vec<(&String, &Vec<Id>)> = self.added.iter().collect();
        values.0.push((ADDED_KEY.to_string(), postcard::to_allocvec(&added).unwrap_or_default()));
        values.0
    }

    /// Reads an undo back from its bucket values; `None` when there is none.
    pub fn from_values(values: &HashMap<String, Vec<u8>>) -> Result<Option<ImportUndo>, StoreError> {
        let Some(added) = values.get(ADDED_KEY) else { return Ok(None) };
        let corrupt = |key: &str, reason: String| StoreError::Corrupt { key: key.to_string(), reason };
        let added: Vec<(String, Vec<Id>)> =
            postcard::from_bytes(added).map_err(|e| corrupt(ADDED_KEY, e.to_string()))?;
        let mut undo = ImportUndo { added: added.into_iter().collect(), ..ImportUndo::default() };
        for kind in Kind::ALL {
            let key = previous_key(*kind);
            if let Some(bytes) = values.get(&key) {
                super::buckets::absorb_bucket(&mut undo.previous, bytes).map_err(|e| corrupt(&key, e.to_string()))?;
            }
        }
        Ok(Some(undo))
    }

    /// The data buckets undoing touches.
    pub fn bucket_keys(&self) -> Vec<String> {
        let mut keys = touched_keys(&self.previous);
        keys.extend(self.added.keys().cloned());
        keys.sort();
        keys.dedup();
        keys
    }
}

/// The buckets an import writes.
pub fn import_keys(plan: &ImportPlan) -> Vec<String> {
    let mut keys = touched_keys(&plan.merge);
    keys.extend(touched_keys(&plan.replace));
    keys.sort();
    keys.dedup();
    keys
}

/// The writes of an import: the plan merged (and, for erasures, written over) into the stored
/// buckets, the undo replacing any older one, and the meta entries given.
pub fn import_writes(
    plan: &ImportPlan,
    undo: &ImportUndo,
    stored: &HashMap<String, Vec<u8>>,
    meta: Vec<(String, String)>,
) -> Result<Writes, StoreError> {
    let mut rewrite = Rewrite::new(stored);
    rewrite.merge(&plan.merge)?;
    rewrite.replace(&plan.replace)?;
    let mut buckets = rewrite.into_writes();
    let values = undo.to_values();
    let delete = all_keys().into_iter().filter(|k| values.iter().all(|(v, _)| v != k)).collect();
    buckets.extend(values);
    Ok(Writes { buckets, delete, meta, ..Writes::default() })
}

/// The writes of an erasure made here (`exchange::merge::erase`): the plan merged and written
/// over like an import's, but never undoable — and the undo of the last import goes with it,
/// since the earlier copies it keeps may hold the erased content.
pub fn erasure_writes(plan: &ImportPlan, stored: &HashMap<String, Vec<u8>>) -> Result<Writes, StoreError> {
    let mut rewrite = Rewrite::new(stored);
    rewrite.merge(&plan.merge)?;
    rewrite.replace(&plan.replace)?;
    Ok(Writes {
        buckets: rewrite.into_writes(),
        delete: all_keys(),
        meta: vec![(META_UNDO.to_string(), String::new())],
        ..Writes::default()
    })
}

/// The writes that undo an import: added items removed, changed ones back as they were, the
/// undo itself deleted.
pub fn undo_writes(undo: &ImportUndo, stored: &HashMap<String, Vec<u8>>) -> Result<Writes, StoreError> {
    let mut rewrite = Rewrite::new(stored);
    rewrite.remove(&undo.added)?;
    rewrite.replace(&undo.previous)?;
    Ok(Writes {
        buckets: rewrite.into_writes(),
        delete: all_keys(),
        meta: vec![(META_UNDO.to_string(), String::new())],
        ..Writes::default()
    })
}
