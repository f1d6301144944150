//! The canonical serialisation of a bundle's content and its SHA-256 checksum
//! (`docs/bundle-format.md` § 5).
//!
//! Format version 2 writes the content *as* its canonical JSON — kinds by name, each kind's
//! items in ascending id (the UUID's 16 bytes compared as unsigned bytes, which is also the order
//! of their lowercase hyphenated text), rows or columns — and its checksum is SHA-256 over those
//! bytes: the writer hashes what it writes and a reader hashes what it read, no second
//! serialisation ([`write_content`], [`checksum`]).
//!
//! Canonical JSON: every object's keys sorted by their UTF-8 bytes, no whitespace, integers in
//! plain decimal, other numbers as the shortest round-tripping decimal, and strings escaped
//! minimally: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, other characters below U+0020 as
//! `\u00xx` (lowercase hex), everything else as UTF-8.
//!
//! Version 1 summed one line per item instead, `<kind code> ":" <the item's canonical JSON, as a
//! row> "\n"`, kinds by code ([`checksum_v1`]); readers still check version-1 files that way.

use super::canonical_ser::{write_canonical, write_canonical_with, Reuse};
use super::kinds::{self, ExItem, ExVisitor};
use crate::model::{Dataset, Item, Kind, Table};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::io;

/// Writes a JSON value canonically (sorted keys, no whitespace): the reference the fast writer
/// ([`super::canonical_ser`]) is tested against.
pub fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_unstable_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
            out.push(b'{');
            for (i, k) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_leaf(&k.as_str(), out);
                out.push(b':');
                write_value(&map[k], out);
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_value(v, out);
            }
            out.push(b']');
        }
        leaf => write_leaf(leaf, out),
    }
}

fn write_leaf<T: Serialize + ?Sized>(value: &T, out: &mut Vec<u8>) {
    // serde_json writes scalars exactly as the format doc defines (minimal escapes, lowercase
    // \u00xx, shortest round-trip floats); writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, value);
}

/// The canonical JSON of one item.
pub fn item_json<T: Serialize>(item: &T) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    if write_canonical(item, &mut out).is_err() {
        // Model types always serialise; fall back to the reference writer all the same.
        out.clear();
        write_value(&serde_json::to_value(item).unwrap_or(Value::Null), &mut out);
    }
    out
}

/// Items of a table sorted by id (the order of bundles and of the checksum).
pub fn sorted<R: Item>(table: &Table<R>) -> Vec<&R> {
    let mut rows: Vec<&R> = table.all().iter().collect();
    rows.sort_unstable_by_key(|r| r.id());
    rows
}

/// Where a bundle's content comes from, kind by kind (a full export without sensitive fields
/// reads the stripped kinds from a copy, the rest from the data itself).
pub type Source<'s, 'a> = &'s (dyn Fn(Kind) -> &'a Dataset + Sync);

/// The kinds in the order the content of version 2 holds them: by name, as canonical JSON
/// sorts an object's keys.
fn kinds_by_name() -> Vec<Kind> {
    let mut kinds = Kind::ALL.to_vec();
    kinds.sort_by(|a, b| a.name().as_bytes().cmp(b.name().as_bytes()));
    kinds
}

struct ContentWriter<'w> {
    w: &'w mut dyn io::Write,
    sha: Sha256,
    /// One kind's canonical JSON at a time (the serialiser writes into a `Vec`).
    buf: Vec<u8>,
    reuse: Reuse,
    first: bool,
    result: io::Result<()>,
}

impl ExVisitor for ContentWriter<'_> {
    fn visit<R: ExItem>(&mut self, kind: Kind, table: &Table<R>) {
        if table.is_empty() || self.result.is_err() {
            return;
        }
        let items = sorted(table);
        if !self.first {
            self.buf.push(b',');
        }
        self.first = false;
        // Kind names are plain ASCII words: no escapes.
        self.buf.push(b'"');
        self.buf.extend_from_slice(kind.name().as_bytes());
        self.buf.extend_from_slice(b"\":");
        self.result = R::write_canonical(&items, &mut self.buf, &mut self.reuse)
            .map_err(|e| io::Error::other(e.to_string()))
            .and_then(|()| self.pass_on());
    }
}

impl ContentWriter<'_> {
    fn pass_on(&mut self) -> io::Result<()> {
        self.sha.update(&self.buf);
        self.w.write_all(&self.buf)?;
        self.buf.clear();
        Ok(())
    }
}

/// Writes the content object of a bundle (format version 2) into `w` in canonical JSON, kind
/// by kind, and returns its checksum (SHA-256 of what was written, `sha256:<64 hex digits>`).
pub fn write_content<'a>(source: &dyn Fn(Kind) -> &'a Dataset, w: &mut dyn io::Write) -> io::Result<String> {
    let mut cw =
        ContentWriter { w, sha: Sha256::new(), buf: vec![b'{'], reuse: Reuse::default(), first: true, result: Ok(()) };
    for kind in kinds_by_name() {
        kinds::visit_kind(source(kind), kind, &mut cw);
    }
    std::mem::replace(&mut cw.result, Ok(()))?;
    cw.buf.push(b'}');
    cw.pass_on()?;
    Ok(format!("sha256:{}", hex(&cw.sha.finalize())))
}

/// `sha256:` and the hex SHA-256 of `bytes`.
pub fn sha256_of(bytes: &[u8]) -> String {
    let mut hasher = Sha256::new();
    crate::chunked::feed_slices(bytes, |piece| hasher.update(piece));
    format!("sha256:{}", hex(&hasher.finalize()))
}

/// The checksum of `data` as a bundle's content (format version 2): SHA-256 of its canonical
/// JSON, as `sha256:<64 hex digits>`.
pub fn checksum(data: &Dataset) -> String {
    checksum_by(&|_| data)
}

/// [`checksum`] of content read kind by kind from `source(kind)`.
pub fn checksum_by<'a>(source: &dyn Fn(Kind) -> &'a Dataset) -> String {
    // Writing into nothing cannot fail.
    write_content(source, &mut io::sink()).unwrap_or_default()
}

struct LineHasher {
    sha: Sha256,
    line: Vec<u8>,
    reuse: Reuse,
}

impl ExVisitor for LineHasher {
    fn visit<R: ExItem>(&mut self, kind: Kind, table: &Table<R>) {
        for item in sorted(table) {
            self.line.clear();
            self.line.extend_from_slice(itoa::Buffer::new().format(kind.code()).as_bytes());
            self.line.push(b':');
            let at = self.line.len();
            if write_canonical_with(item, &mut self.line, &mut self.reuse).is_err() {
                self.line.truncate(at);
                write_value(&serde_json::to_value(item).unwrap_or(Value::Null), &mut self.line);
            }
            self.line.push(b'\n');
            self.sha.update(&self.line);
        }
    }
}

/// The checksum of format version 1: SHA-256 over one line per item, kinds by code.
pub fn checksum_v1(data: &Dataset) -> String {
    let mut kinds_by_code: Vec<Kind> = Kind::ALL.to_vec();
    kinds_by_code.sort_by_key(|k| k.code());
    let mut h = LineHasher { sha: Sha256::new(), line: Vec::with_capacity(1024), reuse: Reuse::default() };
    for kind in kinds_by_code {
        kinds::visit_kind(data, kind, &mut h);
    }
    format!("sha256:{}", hex(&h.sha.finalize()))
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// The bytes of lowercase or uppercase hex; `None` for an odd length or a non-hex digit.
pub fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_json_sorts_keys_and_escapes_minimally() {
        let v: Value = serde_json::from_str(r#"{"b":1,"a":{"z":[1,"x\u0001\n\"é"],"B":null},"aa":-2.5}"#).unwrap();
        let mut out = Vec::new();
        write_value(&v, &mut out);
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"a":{"B":null,"z":[1,"x\u0001\n\"é"]},"aa":-2.5,"b":1}"#);
    }

    #[test]
    fn the_fast_writer_agrees_with_the_reference_on_every_kind() {
        struct Check(usize);
        impl ExVisitor for Check {
            fn visit<R: ExItem>(&mut self, kind: Kind, table: &Table<R>) {
                for item in table.all().iter().take(50) {
                    let mut reference = Vec::new();
                    write_value(&serde_json::to_value(item).unwrap(), &mut reference);
                    assert_eq!(
                        String::from_utf8(item_json(item)).unwrap(),
                        String::from_utf8(reference).unwrap(),
                        "{kind:?}"
                    );
                    self.0 += 1;
                }
            }
        }
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let spec = crate::demo::DemoSpec { customers: 40, lines: 600, ..crate::demo::DemoSpec::default_for(end) };
        let mut data = crate::demo::generate(&spec).unwrap();
        let mut w = crate::model::Record::new(
            crate::model::Id::NIL,
            crate::model::Id::NIL,
            crate::model::Hlc::default(),
            None,
            crate::model::risk::Warning {
                numbers: vec![("ratio".into(), 0.1 + 0.2), ("big".into(), 1e300), ("neg".into(), -2.5)],
                description: "引号\"\u{1}\t\n".into(),
                ..Default::default()
            },
        );
        w.set_tags(&["b".into(), "a".into()], crate::model::Hlc(5, 0, crate::model::NodeId(1)), None);
        data.warnings.merge(w);
        let mut c = Check(0);
        kinds::visit(&data, &mut c);
        assert!(c.0 > 100, "{} items compared", c.0);
    }

    #[test]
    fn empty_content_has_the_hash_of_an_empty_object() {
        assert_eq!(checksum(&Dataset::default()), sha256_of(b"{}"));
        assert_eq!(
            checksum_v1(&Dataset::default()),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
