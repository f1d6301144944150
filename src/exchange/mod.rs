//! Branch exchange: bundles (export, validation, import preview and plan), the merge with
//! erasures, customer duplicates, passphrase encryption and spreadsheets (CSV), sensitive fields
//! left out of exports (`sensitive`) and the privacy page's figures (`privacy`).
//!
//! Pure like the model: no clock, no randomness (ids, stamps, times, salts and nonces are passed
//! in), no I/O, no web dependency; it compiles for wasm32 and the browser calls it directly.
//! The format is specified in `docs/bundle-format.md`, spreadsheets in `docs/csv-import.md`.
//!
//! # How the browser uses it
//!
//! **Export** — the whole store, or what a peer branch has not seen yet:
//! ```text
//! // What the peer had: the vector of the last bundle received from it (meta "peer:<branch id>",
//! // saved at import), or None for a full export / backup.
//! let since: Option<VersionVector> = …;
//! let info = ExportInfo { branch, branch_name, device: node.device(), created_ms: now_ms };
//! let bytes: Vec<u8> = export_bundle(&data, since.as_ref(), &info); // gzip JSON, deterministic
//! // Without the sensitive personal fields (what the export screen does unless ticked):
//! let (bytes, items) = export_bundle_with(&data, since.as_ref(), &info, ExportOptions::default());
//! // Optional passphrase: here (RustCrypto) or with WebCrypto and the same layout (crypt docs).
//! let bytes = crypt::encrypt(&bytes, passphrase, &Envelope {
//!     iterations: crypt::DEFAULT_ITERATIONS, salt: random_16_bytes, nonce: random_12_bytes })?;
//! // Remember `now_ms` as the last export for reminder::backup_status.
//! ```
//! **Import** — validate completely, preview, confirm, apply in one transaction, keep an undo:
//! ```text
//! let bundle: Bundle = parse_bundle(&bytes, passphrase, &Limits::default())?; // BundleError
//! //   (after decrypting with WebCrypto instead: parse_plain(&plain, &limits)); the page runs
//! //   this in a worker (ui::bundle_reader) that hands back a workspace::PackedBundle
//! let preview: ImportPreview = preview(&data, &bundle); // counts per kind: new / updated /
//! //   unchanged / deleted / conflicts; conflicts; likely duplicates; rejected items; erased
//! let plan: ImportPlan = plan_import(&data, &bundle)?;   // ImportError::Rejected while any
//! let undo = store::undo::ImportUndo::of(&data, &plan);   // earlier copies, ids added
//! // One IndexedDB transaction (Store::apply_import): `plan.merge` merged into the stored
//! // buckets, `plan.replace` (erased items, a moved firm-settings record) written over their
//! // copies, the undo and the peer's vector stored with them.
//! plan.apply_into(&mut data);                            // the same in memory, after the write
//! //   (moving the items in; apply_to copies them)
//! let (peer, vector) = peer_vector(&bundle);             // kept in the store's meta "peers"
//! ```
//! Undo an import = `Store::undo_import`, until the next import.
//!
//! **Duplicates**: `preview.duplicates` and [`duplicates::find_duplicates`] list candidates;
//! [`duplicates::merge_customers`] / [`duplicates::unmerge_customer`] return batches to commit
//! like any edit; views resolve customer ids through [`duplicates::Redirects::resolve`].
//! **Erasure**: [`merge::erase`] returns an [`ImportPlan`] applied like an import's.
//! **Spreadsheets**: [`csv`] — `read_sheet` (decode + parse), `guess` a [`csv::Mapping`] (saved as
//! JSON), `import` with per-row results and a batch to commit, `export::*` / `write_csv`.
//! **Backup reminder**: [`reminder::backup_status`] (days since the last export, due or not).

pub mod bundle;
pub mod canonical;
mod canonical_ser;
pub mod columns;
pub mod crypt;
pub mod csv;
pub mod duplicates;
pub mod gzip;
pub mod import;
pub mod kinds;
pub mod merge;
pub mod person;
pub mod privacy;
pub mod reminder;
pub mod sensitive;
pub mod vector;

pub use bundle::{
    export_bundle, export_bundle_with, parse_bundle, parse_bundle_owned, parse_plain, parse_plain_owned, write_bundle,
    Bundle, BundleError, ExportInfo, ExportOptions, HeaderV1, Limits, FORMAT_NAME, FORMAT_VERSION,
};
pub use crypt::{CryptError, Envelope};
pub use duplicates::{find_duplicates, likely_duplicates, DuplicateReason, LikelyDuplicate, Redirects};
pub use import::{
    peer_vector, plan_import, plan_merge, preview, ImportError, ImportPlan, ImportPreview, KindCounts, RejectReason,
    Rejected,
};
pub use merge::{enforce_erasures, merge_into, merge_many};
pub use vector::{export_selection, export_selection_with, vector_of, SelectOptions, VersionVector};

/// The conventional name of a bundle file: `kehu-<branch>-<yyyymmdd>.json`, without the
/// characters file systems refuse (the content decides how a file is read, not its name).
pub fn bundle_file_name(branch: &str, date: chrono::NaiveDate) -> String {
    let safe: String = branch.trim().chars().map(|c| if "\\/:*?\"<>| ".contains(c) { '-' } else { c }).collect();
    let safe = if safe.is_empty() { "kehu".to_string() } else { safe };
    format!("kehu-{safe}-{}.json", date.format("%Y%m%d"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn bundle_file_names_keep_the_branch_and_drop_what_file_systems_refuse() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(super::bundle_file_name("杭州 分公司", d), "kehu-杭州-分公司-20261202.json");
        assert_eq!(super::bundle_file_name("a/b:c\\d", d), "kehu-a-b-c-d-20261202.json");
        assert_eq!(super::bundle_file_name(" ", d), "kehu-kehu-20261202.json");
    }
}
