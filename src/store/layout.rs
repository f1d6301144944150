//! Where things live in the browser: database name and version, object stores, bucket keys.
//! Changing anything here needs a migration (see [`super::migrations`]).
//!
//! Items are not stored one per IndexedDB record: putting records one by one costs ~80 µs each in
//! Chromium (100,000 customers would take 8 s). Instead the items of a kind are spread over a
//! fixed number of **buckets** by a hash of their id, and each bucket is one IndexedDB record
//! holding all its items encoded together. A change rewrites the buckets it touches, inside one
//! transaction that reads them first, so concurrent tabs never overwrite each other.

use crate::model::{Id, Kind};

/// The IndexedDB database name.
pub const DB_NAME: &str = "kehu";
/// The IndexedDB version: bumps when object stores change.
pub const DB_VERSION: u32 = 1;
/// Object store of buckets: key = [`bucket_key`], value = bytes from [`super::codec`].
pub const BUCKETS: &str = "buckets";
/// Object store of small settings: key = string, value = string.
pub const META: &str = "meta";

/// The data format version written into `meta` (`schema`). Bumps when the bucket encoding of
/// any kind changes; [`super::migrations`] converts older data on open.
pub const SCHEMA_VERSION: u32 = 2;
pub const META_SCHEMA: &str = "schema";
pub const META_DEVICE: &str = "device";
pub const META_BRANCH: &str = "branch";

/// How many buckets a kind is spread over: sized so a bucket holds a few hundred to a few
/// thousand items at the largest firm we support (100,000 customers, 1,000,000 sales lines).
pub fn bucket_count(kind: Kind) -> u32 {
    match kind {
        Kind::Sale => 1024,
        Kind::Customer | Kind::Contact | Kind::Payment | Kind::Revision => 256,
        Kind::Interaction | Kind::Expense | Kind::SurveyResponse | Kind::ComplaintStep | Kind::Warning => 64,
        Kind::Attachment => 64,
        _ => 16,
    }
}

/// The bucket an item lives in.
pub fn bucket_of(kind: Kind, id: &Id) -> u32 {
    id.spread() % bucket_count(kind)
}

/// The IndexedDB key of a bucket: kind code and bucket number, zero-padded so keys sort by kind.
pub fn bucket_key(kind: Kind, bucket: u32) -> String {
    format!("{:03}:{:04}", kind.code(), bucket)
}

/// Key ranges that together cover every bucket, in key order, each small enough (a few MB at
/// the largest firm) that the app can decode one range while IndexedDB reads the next.
pub fn read_ranges() -> Vec<(String, String)> {
    read_ranges_of(Kind::ALL)
}

/// The read ranges of some kinds only (the scoring worker reads customers, products, sales and
/// stock counts, not contacts, payments or history).
pub fn read_ranges_of(kinds: &[Kind]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for &kind in kinds {
        let n = bucket_count(kind);
        let step = if n <= 64 { n } else { n / 16 };
        let mut start = 0;
        while start < n {
            // Ranges are [from, to): the `to` key of the last range is the next kind's first.
            let end = (start + step).min(n);
            let to = if end == n { format!("{:03}:", kind.code() + 1) } else { bucket_key(kind, end) };
            out.push((bucket_key(kind, start), to));
            start = end;
        }
    }
    out
}

/// The kind a bucket key belongs to.
pub fn kind_of_key(key: &str) -> Option<Kind> {
    key.split_once(':').and_then(|(k, _)| k.parse::<u8>().ok()).and_then(Kind::from_code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_every_kind_has_buckets() {
        for &kind in Kind::ALL {
            assert!(bucket_count(kind) > 0);
            let key = bucket_key(kind, bucket_count(kind) - 1);
            assert_eq!(kind_of_key(&key), Some(kind));
        }
        assert_eq!(bucket_key(Kind::Sale, 7), "021:0007");
    }

    #[test]
    fn read_ranges_cover_every_bucket_once() {
        let ranges = read_ranges();
        for &kind in Kind::ALL {
            for b in 0..bucket_count(kind) {
                let key = bucket_key(kind, b);
                let hits = ranges
                    .iter()
                    .filter(|(from, to)| from.as_str() <= key.as_str() && key.as_str() < to.as_str())
                    .count();
                assert_eq!(hits, 1, "{key}");
            }
        }
        assert!(ranges.len() < 120, "{} requests", ranges.len());
    }

    #[test]
    fn read_ranges_of_some_kinds_cover_exactly_their_buckets() {
        let ranges = read_ranges_of(&[Kind::Customer, Kind::Sale]);
        for &kind in Kind::ALL {
            let wanted = matches!(kind, Kind::Customer | Kind::Sale);
            for b in 0..bucket_count(kind) {
                let key = bucket_key(kind, b);
                let hits = ranges
                    .iter()
                    .filter(|(from, to)| from.as_str() <= key.as_str() && key.as_str() < to.as_str())
                    .count();
                assert_eq!(hits, usize::from(wanted), "{key}");
            }
        }
    }
}
