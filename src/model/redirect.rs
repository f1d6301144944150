//! Two kinds that branch exchange needs beyond the entities of DOMAIN.md:
//!
//! - [`Redirect`]: a customer merged into another (duplicates created separately at two
//!   branches). The merged-away customer keeps its id and all its sales, visits, complaints and
//!   notes; a redirect record keyed by that id points to the survivor, so everything that names
//!   the old id — already stored or arriving later in a file — resolves to the survivor. The
//!   redirect is a [`Record`](super::Record), so undoing a merge is a later-stamped edit
//!   (`active = false`) and every branch converges on the same answer. Reading code resolves ids
//!   through [`Redirects`].
//! - [`Erasure`]: the erasure of a person's data (PIPL, DOMAIN.md §13). A fact naming the erased
//!   item: the item becomes a tombstone whose content is wiped, and the exchange merge wipes it
//!   again whatever order copies arrive in, so an old copy in a later file cannot bring the
//!   content back (`exchange::merge::enforce_erasures`).

use super::encoding::FactData;
use super::{Dataset, Id, IdMap, Kind, Record, Table};
use serde::{Deserialize, Serialize};

crate::entity_fields! {
    /// A merged-away item pointing at its survivor. The record's id is the merged-away item's id.
    pub struct Redirect {
        /// What kind of item is redirected (customers today).
        pub kind: Kind,
        /// The survivor.
        pub to: Id,
        /// `false` once the merge was undone.
        pub active: bool,
    }
}

/// The erasure of one item's content: the item (of `kind`, id `entity`) becomes a wiped
/// tombstone, and so do the history entries about it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Erasure {
    pub kind: Kind,
    pub entity: Id,
}

impl FactData for Erasure {}

/// The active redirects of a dataset, resolved: where each merged-away id ends up.
#[derive(Clone, Debug, Default)]
pub struct Redirects {
    to: IdMap<Id>,
}

impl Redirects {
    /// The redirects of a dataset.
    pub fn of(data: &Dataset) -> Redirects {
        Redirects::from_table(&data.redirects)
    }

    pub fn from_table(table: &Table<Record<Redirect>>) -> Redirects {
        let direct: IdMap<Id> = table
            .all()
            .iter()
            .filter(|r| r.data.active && !r.is_deleted() && r.data.to != r.id)
            .map(|r| (r.id, r.data.to))
            .collect();
        // Follow chains; two branches merging A into B and B into A at once make a cycle, and
        // every branch breaks it the same way: the smallest id of the cycle survives.
        let mut to = IdMap::default();
        for &start in direct.keys() {
            let mut path = vec![start];
            let mut at = start;
            let end = loop {
                match direct.get(&at) {
                    None => break at,
                    Some(&next) => {
                        if let Some(pos) = path.iter().position(|&p| p == next) {
                            break *path[pos..].iter().min().unwrap_or(&next);
                        }
                        path.push(next);
                        at = next;
                    }
                }
            };
            if end != start {
                to.insert(start, end);
            }
        }
        Redirects { to }
    }

    /// Where an id ends up (itself when it is not merged away).
    pub fn resolve(&self, id: Id) -> Id {
        self.to.get(&id).copied().unwrap_or(id)
    }

    /// The survivor of a merged-away id, if it is one.
    pub fn target(&self, id: Id) -> Option<Id> {
        self.to.get(&id).copied()
    }

    /// The ids merged into `survivor` (directly or through others), sorted.
    pub fn merged_into(&self, survivor: Id) -> Vec<Id> {
        let mut out: Vec<Id> = self.to.iter().filter(|(_, t)| **t == survivor).map(|(f, _)| *f).collect();
        out.sort();
        out
    }

    pub fn is_empty(&self) -> bool {
        self.to.is_empty()
    }
}
