//! Any bytes given to the spreadsheet importer: decoded, mapped and imported row by row with
//! per-row results, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kehu::exchange::csv::fuzz_one(data);
});
