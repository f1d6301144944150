//! The firm's data held by the page, with a count of its changes.

use crate::model::Dataset;
use leptos::prelude::*;

/// The page's copy of the store as a signal. Every change goes through [`DataSignal::set`] or
/// [`DataSignal::update`], which count it: work computed from the data and kept for later (an
/// import's plan, computed for its preview and applied when the user confirms) can tell whether
/// the data is still what it was computed from.
#[derive(Clone, Copy)]
pub struct DataSignal {
    data: RwSignal<Dataset>,
    revision: StoredValue<u64>,
}

impl Default for DataSignal {
    fn default() -> Self {
        DataSignal { data: RwSignal::new(Dataset::default()), revision: StoredValue::new(0) }
    }
}

impl DataSignal {
    /// Reads the data, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&Dataset) -> R) -> R {
        self.data.with(f)
    }

    /// Reads the data without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Dataset) -> R) -> R {
        self.data.with_untracked(f)
    }

    pub fn set(&self, data: Dataset) {
        self.revision.update_value(|r| *r += 1);
        self.data.set(data);
    }

    pub fn update(&self, f: impl FnOnce(&mut Dataset)) {
        self.revision.update_value(|r| *r += 1);
        self.data.update(f);
    }

    /// Changes so far: equal revisions mean the same data.
    pub fn revision(&self) -> u64 {
        self.revision.get_value()
    }
}
