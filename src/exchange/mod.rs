//! Branch exchange: bundles (export, validation, import preview and plan), the merge with
//! erasures, customer duplicates, passphrase encryption and spreadsheets (CSV).
//!
//! Pure like the model: no clock, no randomness (ids, stamps, times, salts and nonces are passed
//! in), no I/O, no web dependency; it compiles for wasm32 and the browser calls it directly.
//! The format is specified in `docs/bundle-format.md`, spreadsheets in `docs/csv-import.md`.
//!
//! # How the browser uses it
//!
//! Export (the whole store, or what a peer has not seen):
//! ```ignore
//! let since: Option<VersionVector> = /* meta "peer:<branch id>", saved at the last import from it */;
//! let info = ExportInfo { branch, branch_name, device: node.device(), created_ms: now_ms };
//! let bytes = export_bundle(&data, since.as_ref(), &info);            // gzip JSON
//! let bytes = crypt::encrypt(&bytes, pass, &Envelope { iterations: crypt::DEFAULT_ITERATIONS,
//!     salt: random16, nonce: random12 })?;                           // optional (or WebCrypto)
//! ```
//! Import (validate completely, preview, confirm, apply in one transaction, keep an undo):
//! ```ignore
//! let bundle = parse_bundle(&bytes, passphrase, &Limits::default())?; // or parse_plain after WebCrypto
//! let preview = preview(&data, &bundle);                             // counts, conflicts, duplicates, rejected
//! let plan = plan_import(&data, &bundle)?;                           // refused while anything is rejected
//! let undo = undo_snapshot(&data, &plan);                            // or snapshot the touched buckets
//! store.commit(&plan.merge) + overwrite with plan.replace, in one transaction; then
//! plan.apply_to(&mut data); save peer_vector(&bundle) as meta "peer:<branch>".
//! ```
//! Duplicates: [`duplicates::merge_customers`] / [`duplicates::unmerge_customer`] return batches
//! to commit; views resolve customer ids through [`duplicates::Redirects::resolve`].
//! Erasure: [`merge::erase`] returns a plan like an import's.
//! Spreadsheets: [`csv`] (decode, guess a mapping, import rows with per-row results, export).

pub mod bundle;
pub mod canonical;
mod canonical_ser;
pub mod columns;
pub mod crypt;
pub mod csv;
pub mod duplicates;
pub mod import;
pub mod kinds;
pub mod merge;
pub mod vector;

pub use bundle::{
    export_bundle, parse_bundle, parse_plain, write_bundle, Bundle, BundleError, ExportInfo, HeaderV1, Limits,
    FORMAT_NAME, FORMAT_VERSION,
};
pub use crypt::{CryptError, Envelope};
pub use duplicates::{find_duplicates, likely_duplicates, DuplicateReason, LikelyDuplicate, Redirects};
pub use import::{
    peer_vector, plan_import, plan_merge, preview, undo_snapshot, ImportError, ImportPlan, ImportPreview, KindCounts,
    RejectReason, Rejected, UndoSnapshot,
};
pub use merge::{enforce_erasures, merge_into, merge_many};
pub use vector::{export_selection, export_selection_with, vector_of, SelectOptions, VersionVector};
