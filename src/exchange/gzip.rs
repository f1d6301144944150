//! The gzip layer of written bundles (`docs/bundle-format.md` § 1): the JSON is cut into pieces of
//! [`MEMBER_BYTES`] and each piece compressed as its own gzip member (mtime 0), the members one
//! after the other. Readers take any number of members, so the pieces change nothing for them;
//! for the writer they are independent, so natively [`compress_streamed`] runs them on every core, while
//! [`MemberWriter`] streams the same bytes in one thread (the browser, which would otherwise hold
//! the whole JSON in memory). The cuts are at fixed offsets: the bytes do not depend on the
//! machine.

use flate2::{Compression, GzBuilder};
use std::io::Write;

/// JSON bytes per gzip member. Large enough that restarting the window costs nothing measurable
/// (the largest firm's bundle: about +0.01 %), small enough that a 300 MB bundle has work for any
/// number of cores.
pub const MEMBER_BYTES: usize = 16 << 20;

#[cfg(any(test, not(target_arch = "wasm32")))]
fn member(piece: &[u8], level: u32) -> Vec<u8> {
    let mut gz = GzBuilder::new().mtime(0).write(Vec::with_capacity(piece.len() / 3), Compression::new(level.min(9)));
    // Writing into memory cannot fail.
    let _ = gz.write_all(piece);
    gz.finish().unwrap_or_default()
}

/// The members of `json` cut into pieces of `piece` bytes (the last one shorter; an empty
/// input gives one empty member), one after the other: what both writers below must produce.
#[cfg(test)]
fn compress_in(json: &[u8], level: u32, piece: usize) -> Vec<u8> {
    if json.len() <= piece {
        return member(json, level);
    }
    json.chunks(piece).flat_map(|p| member(p, level)).collect()
}

/// The gzip members of what `write` writes, compressed while it writes: each piece of
/// [`MEMBER_BYTES`] goes to one of the machine's cores as soon as it is full (at most two per
/// core wait), so the whole JSON is never held and writing it overlaps compressing it. The same
/// bytes as [`MemberWriter`]. Natively only (the browser has one thread here).
#[cfg(not(target_arch = "wasm32"))]
pub fn compress_streamed(level: u32, write: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    compress_streamed_in(level, MEMBER_BYTES, write)
}

#[cfg(not(target_arch = "wasm32"))]
fn compress_streamed_in(level: u32, piece: usize, write: impl FnOnce(&mut dyn Write)) -> Vec<u8> {
    use std::sync::{mpsc, Mutex};
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (to_workers, pieces) = mpsc::sync_channel::<(usize, Vec<u8>)>(2 * threads);
    let pieces = Mutex::new(pieces);
    let (to_main, members) = mpsc::channel::<(usize, Vec<u8>)>();
    let count = std::thread::scope(|s| {
        for _ in 0..threads {
            let (pieces, to_main) = (&pieces, to_main.clone());
            s.spawn(move || loop {
                // The lock is held only while taking the next piece.
                let next = pieces.lock().map_or(None, |rx| rx.recv().ok());
                let Some((index, json)) = next else { break };
                if to_main.send((index, member(&json, level))).is_err() {
                    break;
                }
            });
        }
        let mut w = PieceSender { to_workers, piece, buf: Vec::with_capacity(piece), sent: 0 };
        write(&mut w);
        // The last piece, shorter (or the one empty member of an empty input).
        if !w.buf.is_empty() || w.sent == 0 {
            let last = std::mem::take(&mut w.buf);
            let _ = w.to_workers.send((w.sent, last));
            w.sent += 1;
        }
        w.sent
        // Dropping `w` closes the channel: the workers end after the last piece.
    });
    drop(to_main);
    let mut parts: Vec<(usize, Vec<u8>)> = members.into_iter().collect();
    debug_assert_eq!(parts.len(), count);
    parts.sort_unstable_by_key(|(i, _)| *i);
    let mut out = Vec::with_capacity(parts.iter().map(|(_, p)| p.len()).sum());
    for (_, p) in parts {
        out.extend_from_slice(&p);
    }
    out
}

/// Cuts what is written into pieces and sends each full one to the compressing threads.
#[cfg(not(target_arch = "wasm32"))]
struct PieceSender {
    to_workers: std::sync::mpsc::SyncSender<(usize, Vec<u8>)>,
    piece: usize,
    buf: Vec<u8>,
    sent: usize,
}

#[cfg(not(target_arch = "wasm32"))]
impl Write for PieceSender {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len();
        while !buf.is_empty() {
            // A full piece is sent only when more follows, so an input of exactly one piece
            // stays one member, as in `compress_in`.
            if self.buf.len() == self.piece {
                self.send_full()?;
            }
            let take = buf.len().min(self.piece - self.buf.len());
            self.buf.extend_from_slice(&buf[..take]);
            buf = &buf[take..];
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl PieceSender {
    fn send_full(&mut self) -> std::io::Result<()> {
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(self.piece));
        self.to_workers
            .send((self.sent, full))
            .map_err(|_| std::io::Error::other("the compressing threads stopped"))?;
        self.sent += 1;
        Ok(())
    }
}

/// Streams [`compress_in`]'s bytes: whatever the sizes of the writes, a new member starts every
/// `piece` bytes of input.
pub struct MemberWriter {
    out: Vec<u8>,
    gz: Option<flate2::write::GzEncoder<Vec<u8>>>,
    level: u32,
    piece: usize,
    /// Input bytes in the current member.
    filled: usize,
}

impl MemberWriter {
    pub fn new(level: u32, piece: usize) -> Self {
        MemberWriter { out: Vec::new(), gz: None, level: level.min(9), piece: piece.max(1), filled: 0 }
    }

    fn encoder(&mut self) -> &mut flate2::write::GzEncoder<Vec<u8>> {
        let level = self.level;
        self.gz.get_or_insert_with(|| GzBuilder::new().mtime(0).write(Vec::new(), Compression::new(level)))
    }

    fn close_member(&mut self) -> std::io::Result<()> {
        if let Some(gz) = self.gz.take() {
            self.out.extend_from_slice(&gz.finish()?);
        }
        self.filled = 0;
        Ok(())
    }

    /// The compressed bytes (one empty member when nothing was written).
    pub fn finish(mut self) -> std::io::Result<Vec<u8>> {
        if self.gz.is_none() && self.out.is_empty() {
            self.encoder();
        }
        self.close_member()?;
        Ok(self.out)
    }
}

impl Write for MemberWriter {
    fn write(&mut self, mut buf: &[u8]) -> std::io::Result<usize> {
        let n = buf.len();
        while !buf.is_empty() {
            if self.filled == self.piece {
                self.close_member()?;
            }
            let take = buf.len().min(self.piece - self.filled);
            self.encoder().write_all(&buf[..take])?;
            self.filled += take;
            buf = &buf[take..];
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn text(n: usize) -> Vec<u8> {
        let pattern = "{\"customer\":[1,2,3],\"客\"}".as_bytes();
        (0..n).map(|i| pattern[i % pattern.len()]).collect()
    }

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out).unwrap();
        out
    }

    #[test]
    fn streaming_and_parallel_members_are_the_same_bytes() {
        for (len, piece) in [(0, 100), (99, 100), (100, 100), (101, 100), (1_000, 64), (10_000, 999)] {
            let json = text(len);
            let parallel = compress_in(&json, 3, piece);
            let mut w = MemberWriter::new(3, piece);
            // Writes of awkward sizes, across the cuts.
            for part in json.chunks(37) {
                w.write_all(part).unwrap();
            }
            assert_eq!(w.finish().unwrap(), parallel, "{len} bytes in pieces of {piece}");
            assert_eq!(inflate(&parallel), json);
        }
    }

    #[test]
    fn compressing_while_writing_gives_the_same_bytes() {
        for (len, piece) in [(0, 100), (99, 100), (100, 100), (101, 100), (200, 100), (1_000, 64), (10_000, 999)] {
            let json = text(len);
            let streamed = compress_streamed_in(3, piece, |w| {
                for part in json.chunks(37) {
                    w.write_all(part).unwrap();
                }
            });
            assert_eq!(streamed, compress_in(&json, 3, piece), "{len} bytes in pieces of {piece}");
        }
    }

    #[test]
    fn one_piece_is_one_ordinary_gzip_member() {
        let json = text(500);
        let mut plain = GzBuilder::new().mtime(0).write(Vec::new(), Compression::new(3));
        plain.write_all(&json).unwrap();
        assert_eq!(compress_in(&json, 3, MEMBER_BYTES), plain.finish().unwrap());
    }

    #[test]
    fn members_start_at_the_cuts() {
        let bytes = compress_in(&text(250), 3, 100);
        let mut rest: &[u8] = &bytes;
        let mut pieces = Vec::new();
        while !rest.is_empty() {
            let mut d = flate2::bufread::GzDecoder::new(rest);
            let mut piece = Vec::new();
            d.read_to_end(&mut piece).unwrap();
            pieces.push(piece.len());
            rest = d.into_inner();
        }
        assert_eq!(pieces, [100, 100, 50]);
        assert_eq!(inflate(&bytes), text(250));
    }
}
