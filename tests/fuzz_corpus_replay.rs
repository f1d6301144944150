//! Replays every file of the fuzz corpora and every crash the fuzzers found through the parsers,
//! as a plain test: `fuzz/corpus/<target>/*` and `fuzz/regressions/<target>/*` (crashes are
//! copied there from `fuzz/artifacts/` when found, with a comment in `fuzz/README.md`). The
//! bodies are the fuzz targets' own, so a regression fails `cargo test` without nightly.

use kehu::exchange::{parse_bundle, preview, Limits};
use kehu::model::Dataset;
use std::path::Path;

fn files(target: &str) -> Vec<std::path::PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut out = Vec::new();
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else { continue };
        for e in entries.flatten() {
            if e.path().is_file() {
                out.push(e.path());
            }
        }
    }
    out.sort();
    out
}

/// The body of `fuzz/fuzz_targets/bundle.rs`.
fn bundle_one(data: &[u8]) {
    let limits = Limits { max_file_bytes: 1 << 20, max_json_bytes: 8 << 20, max_items: 20_000 };
    if let Ok(bundle) = parse_bundle(data, Some("fuzz"), &limits) {
        let _ = preview(&Dataset::default(), &bundle);
    }
}

#[test]
fn bundle_corpus_and_regressions_replay() {
    let files = files("bundle");
    assert!(files.len() >= 3, "the bundle corpus is missing");
    for f in files {
        bundle_one(&std::fs::read(&f).unwrap());
    }
}

#[test]
fn csv_corpus_and_regressions_replay() {
    let files = files("csv");
    assert!(files.len() >= 3, "the csv corpus is missing");
    for f in files {
        kehu::exchange::csv::fuzz_one(&std::fs::read(&f).unwrap());
    }
}
