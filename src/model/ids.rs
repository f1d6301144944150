//! Identifiers. Ids are made at the edge (UI, demo generator, importer) and passed into the core,
//! which has no clock and no randomness.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hash, Hasher};
use uuid::Uuid;

/// A record id: a UUID v7 — 48 bits of creation time in ms and 74 random bits — so no two
/// devices can both create the same id, and ids sort roughly by creation time.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(pub Uuid);

impl Id {
    /// Builds a v7 id from its creation time and 10 random bytes.
    pub fn v7(unix_ms: u64, random: [u8; 10]) -> Id {
        Id(uuid::Builder::from_unix_timestamp_millis(unix_ms, &random).into_uuid())
    }

    /// The all-zero id; used only as a placeholder key (for example the firm-settings singleton).
    pub const NIL: Id = Id(Uuid::nil());

    /// Creation time in ms since the epoch, read back from the v7 layout.
    pub fn unix_ms(&self) -> u64 {
        let b = self.0.as_bytes();
        b[..6].iter().fold(0u64, |acc, &x| (acc << 8) | u64::from(x))
    }

    /// A well-mixed 16-bit hash from the random tail, used to spread records over storage buckets.
    pub fn spread(&self) -> u32 {
        let b = self.0.as_bytes();
        u32::from(b[14]) << 8 | u32::from(b[15])
    }

    pub fn parse(s: &str) -> Option<Id> {
        Uuid::parse_str(s).ok().map(Id)
    }

    /// The first 8 hex digits, for display and short references.
    pub fn short(&self) -> String {
        self.0.simple().to_string()[..8].to_string()
    }
}

/// Hashes the id's low 64 bits: random in a v7 UUID, so they need no further mixing beyond
/// [`IdHasher`]'s multiply. Maps keyed by id are on every hot path (loading a million lines).
impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.0.as_u64_pair().1);
    }
}

/// A hasher for [`Id`] keys: one multiply instead of SipHash. Ids are not chosen by an attacker
/// (they are made on the firm's own devices), so hash flooding is not a concern.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 ^= n;
    }
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// A hash map keyed by [`Id`] with the fast [`IdHasher`].
pub type IdMap<V> = HashMap<Id, V, BuildHasherDefault<IdHasher>>;

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Id({})", self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Makes ids for one device. Time and randomness come from outside (the browser's clock and
/// `crypto.getRandomValues`, or a seeded generator in the demo and tests).
pub trait IdSource {
    fn next_id(&mut self) -> Id;
}

/// A deterministic id source over a seeded generator and a fixed-step clock: for the demo
/// generator and tests.
pub struct SeededIds {
    rng: fastrand::Rng,
    unix_ms: u64,
}

impl SeededIds {
    pub fn new(seed: u64, start_unix_ms: u64) -> SeededIds {
        SeededIds { rng: fastrand::Rng::with_seed(seed), unix_ms: start_unix_ms }
    }
}

impl IdSource for SeededIds {
    fn next_id(&mut self) -> Id {
        let mut random = [0u8; 10];
        self.rng.fill(&mut random);
        Id::v7(self.unix_ms, random)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v7_keeps_its_time_and_is_version_7() {
        let id = Id::v7(1_700_000_000_123, [7; 10]);
        assert_eq!(id.unix_ms(), 1_700_000_000_123);
        assert_eq!(id.0.get_version_num(), 7);
        assert_eq!(Id::parse(&id.to_string()), Some(id));
    }

    #[test]
    fn seeded_ids_are_deterministic_and_distinct() {
        let mut a = SeededIds::new(42, 1_000);
        let mut b = SeededIds::new(42, 1_000);
        let xs: Vec<Id> = (0..100).map(|_| a.next_id()).collect();
        let ys: Vec<Id> = (0..100).map(|_| b.next_id()).collect();
        assert_eq!(xs, ys);
        let mut sorted = xs.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 100);
    }
}
