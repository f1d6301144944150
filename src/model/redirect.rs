//! Two kinds that branch exchange needs beyond the entities of DOMAIN.md:
//!
//! - [`Redirect`]: a customer merged into another (duplicates created separately at two
//!   branches). The merged-away customer keeps its id and all its sales, visits, complaints and
//!   notes; a redirect record keyed by that id points to the survivor, so everything that names
//!   the old id — already stored or arriving later in a file — resolves to the survivor. The
//!   redirect is a [`Record`](super::Record), so undoing a merge is a later-stamped edit
//!   (`active = false`) and every branch converges on the same answer. Reading code resolves ids
//!   through `exchange::duplicates::Redirects`.
//! - [`Erasure`]: the erasure of a person's data (PIPL, DOMAIN.md §13). A fact naming the erased
//!   item: the item becomes a tombstone whose content is wiped, and the exchange merge wipes it
//!   again whatever order copies arrive in, so an old copy in a later file cannot bring the
//!   content back (`exchange::merge::enforce_erasures`).

use super::encoding::FactData;
use super::{Id, Kind};
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
