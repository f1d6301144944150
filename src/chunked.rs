//! Long loops cut into calls of a function of their own, for the browser's WebAssembly engine.
//!
//! V8 first runs a wasm function as its baseline compiler (Liftoff) made it and optimises the
//! function once it has run a while, but the optimised code serves only the function's next
//! call: V8 has no on-stack replacement for wasm. A loop over a million items inside one call —
//! which is what a release build makes of `Vec<T>`'s deserialisation, a column's conversion or
//! a hash over 300 MB, everything inlined into one function — runs its whole length
//! unoptimised. Measured on an import of the 1,000,000-line firm (BENCHMARKS.md § Branch
//! exchange): the reading worker took 29 s, and 17 s with Chromium's Liftoff switched off. Here
//! such loops run in chunks, each one call of a function that is never inlined, so that all
//! chunks after the first few run optimised. Natively this costs one call per chunk.

use serde::de::{Deserialize, DeserializeSeed, Deserializer, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Items per call: enough to make a call's cost vanish, few enough that a million-item loop
/// is hundreds of calls.
pub const CHUNK: usize = 4096;

#[inline(never)]
fn call<R>(f: &mut impl FnMut() -> R) -> R {
    f()
}

/// Runs `f` on each item in order, [`CHUNK`] items per call, stopping at the first error.
pub fn try_each<I: IntoIterator, E>(items: I, mut f: impl FnMut(I::Item) -> Result<(), E>) -> Result<(), E> {
    let mut items = items.into_iter();
    let mut chunk = || {
        for _ in 0..CHUNK {
            match items.next() {
                Some(item) => f(item)?,
                None => return Ok(false),
            }
        }
        Ok(true)
    };
    while call(&mut chunk)? {}
    Ok(())
}

/// Feeds `bytes` to `feed` in slices of 64 KiB (a hash's update), a slice per call.
pub fn feed_slices(bytes: &[u8], mut feed: impl FnMut(&[u8])) {
    let mut pieces = bytes.chunks(64 * 1024);
    let mut next = || pieces.next().map(&mut feed).is_some();
    while call(&mut next) {}
}

/// Deserialises a sequence into a `Vec`, [`CHUNK`] elements per call; as
/// `#[serde(deserialize_with = "crate::chunked::vec")]` on a field.
pub fn vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    d.deserialize_seq(VecSeed(PhantomData))
}

/// [`vec`] as a seed, for `next_value_seed` and the like.
pub struct VecSeed<T>(pub PhantomData<T>);

impl<T> Default for VecSeed<T> {
    fn default() -> Self {
        VecSeed(PhantomData)
    }
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for VecSeed<T> {
    type Value = Vec<T>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for VecSeed<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sequence")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Like serde's own: the hint is the sender's word, so it only pre-sizes modestly.
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(CHUNK));
        while fill(&mut seq, &mut out)? {}
        Ok(out)
    }
}

/// Up to [`CHUNK`] more elements; false once the sequence ended.
#[inline(never)]
fn fill<'de, A: SeqAccess<'de>, T: Deserialize<'de>>(seq: &mut A, out: &mut Vec<T>) -> Result<bool, A::Error> {
    for _ in 0..CHUNK {
        match seq.next_element()? {
            Some(v) => out.push(v),
            None => return Ok(false),
        }
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct Cols {
        #[serde(deserialize_with = "vec")]
        a: Vec<u32>,
    }

    #[test]
    fn sequences_of_every_length_around_the_chunk_read_whole() {
        for n in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7] {
            let v: Vec<u32> = (0..n as u32).collect();
            let json = format!("{{\"a\":{}}}", serde_json::to_string(&v).unwrap());
            assert_eq!(serde_json::from_str::<Cols>(&json).unwrap().a, v, "{n}");
            let mut de = serde_json::Deserializer::from_str(&json[5..json.len() - 1]);
            assert_eq!(VecSeed::<u32>::default().deserialize(&mut de).unwrap(), v);
        }
    }

    #[test]
    fn an_error_inside_a_later_chunk_is_reported_where_it_is() {
        let mut v: Vec<String> = (0..CHUNK + 10).map(|i| i.to_string()).collect();
        v[CHUNK + 5] = "x".into();
        let json = serde_json::to_string(&v).unwrap().replace("\"x\"", "true");
        let err = serde_json::from_str::<Vec<u32>>(&json).unwrap_err().to_string();
        let mut de = serde_json::Deserializer::from_str(&json);
        let ours = VecSeed::<u32>::default().deserialize(&mut de).unwrap_err().to_string();
        assert!(ours.starts_with("invalid type"), "{ours}");
        // The same message as serde's own Vec, position included.
        assert_eq!(ours, err);
    }

    #[test]
    fn loops_visit_every_index_once_in_order_and_stop_at_an_error() {
        for n in [0, 5, CHUNK, 2 * CHUNK + 3] {
            let mut seen = Vec::new();
            try_each::<_, ()>(0..n, |i| {
                seen.push(i);
                Ok(())
            })
            .unwrap();
            assert_eq!(seen, (0..n).collect::<Vec<_>>());
        }
        let mut last = 0;
        let r = try_each(0..3 * CHUNK, |i| {
            last = i;
            if i == CHUNK + 2 {
                Err(i)
            } else {
                Ok(())
            }
        });
        assert_eq!((r, last), (Err(CHUNK + 2), CHUNK + 2));
    }

    #[test]
    fn slices_fed_are_the_bytes_in_order() {
        let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
        let mut back = Vec::new();
        feed_slices(&bytes, |s| back.extend_from_slice(s));
        assert_eq!(back, bytes);
    }
}
