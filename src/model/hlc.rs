//! Hybrid logical clocks: the stamps that order concurrent edits across devices.
//!
//! A stamp is (wall-clock ms, counter, node). It never goes backwards on one node even when the
//! wall clock does, it moves past every stamp the node has seen (so an edit made after receiving a
//! bundle wins over what the bundle carried), and the node id breaks ties, so two stamps from
//! different nodes are never equal. Comparing stamps is the whole of "last writer wins".

use serde::{Deserialize, Serialize};
use std::fmt;

/// The clock's node: the device (32 random bits, kept for the browser profile) and a 16-bit
/// session suffix (random per page load) so two tabs of one browser never issue equal stamps.
/// Fits in 48 bits, so it survives a JavaScript number in a bundle.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NodeId(pub u64);

impl NodeId {
    pub fn new(device: u32, session: u16) -> NodeId {
        NodeId(u64::from(device) << 16 | u64::from(session))
    }
    /// The device part, without the tab's session suffix.
    pub fn device(&self) -> u32 {
        (self.0 >> 16) as u32
    }
}

impl fmt::Debug for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:08x}.{:04x}", self.device(), self.0 & 0xffff)
    }
}

/// A hybrid-logical-clock stamp. Ordered by (wall, counter, node). Serialised as a 3-element
/// array to keep stored records small.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
pub struct Hlc(pub u64, pub u32, pub NodeId);

impl Hlc {
    pub fn wall_ms(&self) -> u64 {
        self.0
    }
    pub fn counter(&self) -> u32 {
        self.1
    }
    pub fn node(&self) -> NodeId {
        self.2
    }
}

impl fmt::Debug for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Hlc({}+{}@{:?})", self.0, self.1, self.2)
    }
}

/// One node's clock. The wall-clock reading is passed in; the clock itself has no I/O.
#[derive(Clone, Debug)]
pub struct HlcClock {
    node: NodeId,
    last: Hlc,
}

impl HlcClock {
    pub fn new(node: NodeId) -> HlcClock {
        HlcClock { node, last: Hlc(0, 0, node) }
    }

    pub fn node(&self) -> NodeId {
        self.node
    }

    /// A new stamp for a local change at wall time `now_ms`.
    pub fn tick(&mut self, now_ms: u64) -> Hlc {
        let stamp =
            if now_ms > self.last.0 { Hlc(now_ms, 0, self.node) } else { Hlc(self.last.0, self.last.1 + 1, self.node) };
        self.last = stamp;
        stamp
    }

    /// Takes note of a stamp seen in stored or received data, so later ticks come after it.
    pub fn observe(&mut self, seen: Hlc) {
        if (seen.0, seen.1) > (self.last.0, self.last.1) {
            self.last = Hlc(seen.0, seen.1, self.node);
        }
    }

    pub fn last(&self) -> Hlc {
        self.last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_strictly_increasing_even_when_the_wall_clock_goes_back() {
        let mut c = HlcClock::new(NodeId::new(1, 1));
        let a = c.tick(1_000);
        let b = c.tick(1_000);
        let d = c.tick(900);
        let e = c.tick(2_000);
        assert!(a < b && b < d && d < e);
        assert_eq!(d.wall_ms(), 1_000);
        assert_eq!(e, Hlc(2_000, 0, NodeId::new(1, 1)));
    }

    #[test]
    fn observing_a_later_remote_stamp_moves_the_clock_past_it() {
        let mut c = HlcClock::new(NodeId::new(1, 0));
        let remote = Hlc(5_000, 3, NodeId::new(2, 0));
        c.observe(remote);
        let next = c.tick(1_000);
        assert!(next > remote);
        assert_eq!(next.counter(), 4);
    }

    #[test]
    fn node_breaks_ties_and_keeps_the_device() {
        let a = Hlc(1, 0, NodeId::new(1, 9));
        let b = Hlc(1, 0, NodeId::new(2, 0));
        assert!(a < b);
        assert_eq!(NodeId::new(0xdead_beef, 7).device(), 0xdead_beef);
        assert!(NodeId::new(u32::MAX, u16::MAX).0 < 1 << 53);
    }
}
