//! Any bytes given to the bundle parser: an error or a bundle, never a panic, a hang or an
//! allocation beyond the limits. A parsed bundle also goes through the import preview.
#![no_main]

use kehu::exchange::{parse_bundle, preview, Limits};
use kehu::model::Dataset;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits { max_file_bytes: 1 << 20, max_json_bytes: 8 << 20, max_items: 20_000 };
    if let Ok(bundle) = parse_bundle(data, Some("fuzz"), &limits) {
        let _ = preview(&Dataset::default(), &bundle);
    }
});
