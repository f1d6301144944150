//! Version vectors: per device of origin, the latest stamp a branch holds — what a bundle says
//! its sender had, and what the receiver uses next time to send only the rest.
//!
//! A branch's data is *prefix-closed* per device: whoever holds a device's change stamped `s`
//! holds every change of that device stamped before `s` (each device's changes leave its branch
//! only in bundles, and bundles send everything past what the receiver said it had). So "every
//! item with a stamp past the peer's vector entry for the stamp's device" is all the peer lacks.
//! Two tabs of one device have their own clocks (different session suffixes) and may stamp a
//! little out of order; [`SelectOptions::margin_ms`] re-sends a window before each entry to
//! cover that. Merging is idempotent, so over-sending costs bytes, never correctness.

use super::kinds::{self, ExItem, ExVisitor, ExVisitorPair};
use crate::model::{Dataset, Hlc, Kind, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Per device (`NodeId::device()`), the latest stamp held.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct VersionVector(pub BTreeMap<u32, Hlc>);

impl VersionVector {
    /// Takes note of one stamp.
    pub fn observe(&mut self, stamp: Hlc) {
        let device = stamp.node().device();
        match self.0.get_mut(&device) {
            Some(s) if *s >= stamp => {}
            Some(s) => *s = stamp,
            None => {
                self.0.insert(device, stamp);
            }
        }
    }

    /// The entry of a device.
    pub fn get(&self, device: u32) -> Option<Hlc> {
        self.0.get(&device).copied()
    }

    /// Entry by entry maximum: what a branch holds after merging what both held.
    pub fn join(&mut self, other: &VersionVector) {
        for s in other.0.values() {
            self.observe(*s);
        }
    }

    /// `true` when every entry of `other` is at or below this vector's (this one knows all
    /// `other` knows).
    pub fn covers(&self, other: &VersionVector) -> bool {
        other.0.iter().all(|(d, s)| self.0.get(d).is_some_and(|mine| mine >= s))
    }

    /// `true` when a stamp is past what the vector holds, less a margin in wall-clock ms.
    pub fn is_new(&self, stamp: Hlc, margin_ms: u64) -> bool {
        match self.0.get(&stamp.node().device()) {
            None => true,
            Some(known) => {
                if margin_ms == 0 {
                    stamp > *known
                } else {
                    stamp.wall_ms() >= known.wall_ms().saturating_sub(margin_ms)
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// How [`export_selection_with`] chooses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SelectOptions {
    /// Items with a stamp this many ms (wall clock) before the peer's entry for the stamp's device
    /// are sent again. Default [`DEFAULT_MARGIN_MS`].
    pub margin_ms: u64,
}

/// Seven days: covers tabs of one device whose clocks were pushed apart by data from a device
/// with a clock up to a week fast.
pub const DEFAULT_MARGIN_MS: u64 = 7 * 24 * 3600 * 1000;

impl Default for SelectOptions {
    fn default() -> Self {
        SelectOptions { margin_ms: DEFAULT_MARGIN_MS }
    }
}

struct VectorOf(VersionVector);

impl ExVisitor for VectorOf {
    fn visit<R: ExItem>(&mut self, _kind: Kind, table: &Table<R>) {
        for item in table.all() {
            item.for_each_stamp(&mut |s| self.0.observe(s));
        }
    }
}

/// The version vector of a dataset: per device, the latest stamp anywhere in it.
pub fn vector_of(data: &Dataset) -> VersionVector {
    let mut v = VectorOf(VersionVector::default());
    kinds::visit(data, &mut v);
    v.0
}

struct Select<'a> {
    since: &'a VersionVector,
    margin_ms: u64,
}

impl ExVisitorPair for Select<'_> {
    fn visit_pair<R: ExItem>(&mut self, _kind: Kind, from: &Table<R>, to: &mut Table<R>) {
        for item in from.all() {
            let mut new = false;
            item.for_each_stamp(&mut |s| new |= self.since.is_new(s, self.margin_ms));
            if new {
                to.merge(item.clone());
            }
        }
    }
}

/// What a peer lacks: every item of `data` with a stamp past `since` (less the default margin),
/// or everything when `since` is `None` (a full export).
pub fn export_selection(data: &Dataset, since: Option<&VersionVector>) -> Dataset {
    export_selection_with(data, since, SelectOptions::default())
}

/// [`export_selection`] with options.
pub fn export_selection_with(data: &Dataset, since: Option<&VersionVector>, options: SelectOptions) -> Dataset {
    let Some(since) = since else { return data.clone() };
    let mut out = Dataset::default();
    kinds::visit_pair(data, &mut out, &mut Select { since, margin_ms: options.margin_ms });
    out
}
