//! The bundle file: format version 2 (`docs/bundle-format.md`), writing and complete validation;
//! version 1 is still read.
//!
//! A bundle is one JSON document, gzip-compressed (optionally encrypted, see [`super::crypt`]):
//!
//! ```text
//! {"format":"kehu-bundle","version":2,"header":{…},"content":{"customer":[…],"sale":{…},…},"checksum":"sha256:…"}
//! ```
//!
//! The content is written as its canonical JSON ([`super::canonical`]) and the checksum after it
//! is over those bytes, so a writer hashes what it writes and a reader what it read. Reading
//! checks everything — format, version, sizes, JSON shape, columns, duplicated ids, counts,
//! checksum — before it returns, so a [`Bundle`] (header and [`Dataset`]) in hand is whole.
//! References to items outside the bundle need the local data and are checked by
//! [`super::import::preview`].

use super::canonical::{self, Source};
use super::crypt::{self, CryptError};
use super::kinds::{self, ExItem, ExVisitorMut, ReadFail};
use super::vector::{vector_of, VersionVector};
use crate::model::{Dataset, Id, Kind, Table};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};

/// The format name every bundle starts with.
pub const FORMAT_NAME: &str = "kehu-bundle";
/// The newest format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 2;

/// Size limits a file must keep to be read (a setting; [`Limits::default`] fits the largest
/// firm, 100,000 customers and 1,000,000 sales lines, about three times over).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// The file as received (compressed, maybe encrypted).
    pub max_file_bytes: u64,
    /// The JSON after decompression.
    pub max_json_bytes: u64,
    /// Items of all kinds together.
    pub max_items: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_file_bytes: 256 << 20, max_json_bytes: 1536 << 20, max_items: 8_000_000 }
    }
}

/// Why a bundle file was refused. Nothing of a refused file is applied. Each variant is a
/// message the UI translates; the fields are the numbers and names it shows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum BundleError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {size} bytes, over the limit of {limit}")]
    TooLarge { size: u64, limit: u64 },
    #[error("the file unpacks to more than {limit} bytes")]
    DecompressedTooLarge { limit: u64 },
    #[error("the file holds more than {limit} items")]
    TooManyItems { limit: u64 },
    #[error("not a Kehu bundle (neither compressed, encrypted nor JSON)")]
    NotABundle,
    #[error("the file is cut short")]
    Truncated,
    #[error("the compressed data is damaged: {0}")]
    Compression(String),
    #[error("the text is not UTF-8 (byte {offset})")]
    NotUtf8 { offset: u64 },
    #[error("the JSON is malformed at line {line}, column {column}: {reason}")]
    Json { line: u64, column: u64, reason: String },
    #[error("this is not a Kehu bundle (format {found:?})")]
    WrongFormat { found: Option<String> },
    #[error(
        "the bundle was made by a newer version of Kehu (format version {found}, this app reads up to {supported})"
    )]
    NewerVersion { found: u32, supported: u32 },
    #[error("format version {found} does not exist")]
    UnknownVersion { found: u32 },
    #[error("unknown kind of item {name:?}")]
    UnknownKind { name: String },
    #[error("the {kind:?} columns are inconsistent: {reason}")]
    Columns { kind: Kind, reason: String },
    #[error("{kind:?} {id} appears twice")]
    DuplicateId { kind: Kind, id: Id },
    #[error("the header counts {header} {kind:?} items, the content holds {content}")]
    CountMismatch { kind: Kind, header: u64, content: u64 },
    #[error("checksum mismatch: the content was changed or damaged (header {expected}, content {found})")]
    ChecksumMismatch { expected: String, found: String },
    #[error(transparent)]
    Crypt(#[from] CryptError),
}

/// The header of format version 1.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderV1 {
    /// The exporting branch and its name.
    pub branch: Id,
    pub branch_name: String,
    /// The exporting device (`NodeId::device()`).
    pub device: u32,
    /// When the bundle was made, ms since the Unix epoch (passed in by the caller).
    pub created_ms: u64,
    /// What the exporting branch held: per device, the latest stamp in all its data (not only
    /// in this bundle). The receiver keeps it to know what to send back next time.
    pub vector: VersionVector,
    /// For a delta bundle, the vector the selection was made against; absent for a full export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<VersionVector>,
    /// Items per kind name (tombstones included); kinds without items are left out.
    pub counts: BTreeMap<String, u64>,
    /// `sha256:` and the hex SHA-256 of the canonical serialisation of the content. Inside the
    /// header in version 1; version 2 writes it after the content (the document's `checksum`)
    /// and leaves it out here. A [`Bundle`] read from either holds it here.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub checksum: String,
    /// `false` when the exporter left the sensitive fields out (`docs/bundle-format.md` § 3.3);
    /// written only then, so absent (older files) means they are included.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub sensitive: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

/// A validated bundle, whatever version it was read from.
#[derive(Clone, Debug)]
pub struct Bundle {
    /// The format version the file had.
    pub version: u32,
    pub header: HeaderV1,
    pub data: Dataset,
}

impl Bundle {
    /// Items per kind in the content.
    pub fn counts(&self) -> BTreeMap<Kind, u64> {
        counts_of(&self.data)
    }
}

/// Checks the header's counts against the content.
fn check_counts(header: &HeaderV1, data: &Dataset) -> Result<(), BundleError> {
    let content_counts = counts_of(data);
    for name in header.counts.keys() {
        if Kind::from_name(name).is_none() {
            return Err(BundleError::UnknownKind { name: name.clone() });
        }
    }
    for &kind in Kind::ALL {
        let header = header.counts.get(kind.name()).copied().unwrap_or(0);
        let content = content_counts.get(&kind).copied().unwrap_or(0);
        if header != content {
            return Err(BundleError::CountMismatch { kind, header, content });
        }
    }
    Ok(())
}

fn counts_of(data: &Dataset) -> BTreeMap<Kind, u64> {
    Kind::ALL.iter().filter(|k| data.count(**k) > 0).map(|k| (*k, data.count(*k) as u64)).collect()
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Who exports, and when: everything a bundle needs from outside the core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportInfo {
    pub branch: Id,
    pub branch_name: String,
    pub device: u32,
    pub created_ms: u64,
}

/// gzip level of written bundles (0–9). With zlib-rs, level 3 makes the largest firm's bundle
/// 3 % larger than level 6 in half the time (BENCHMARKS.md § Branch exchange).
pub const DEFAULT_COMPRESSION: u32 = 3;

/// Builds the header for `content`, its checksum filled in (a version-2 file carries it after
/// the content; see [`write_bundle`]). `vector` is what the exporting branch holds (see
/// [`HeaderV1::vector`]).
pub fn header_for(
    content: &Dataset,
    vector: VersionVector,
    since: Option<&VersionVector>,
    info: &ExportInfo,
) -> HeaderV1 {
    HeaderV1 { checksum: canonical::checksum(content), ..header_by(&|_| content, vector, since, info) }
}

/// The header for content read kind by kind from `source`, its checksum left empty: [`pack`]
/// writes it after the content.
fn header_by(source: Source, vector: VersionVector, since: Option<&VersionVector>, info: &ExportInfo) -> HeaderV1 {
    let counts = Kind::ALL
        .iter()
        .map(|k| (k, source(*k).count(*k) as u64))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| (k.name().to_string(), n))
        .collect();
    HeaderV1 {
        branch: info.branch,
        branch_name: info.branch_name.clone(),
        device: info.device,
        created_ms: info.created_ms,
        vector,
        since: since.cloned(),
        counts,
        checksum: String::new(),
        sensitive: true,
    }
}

/// The bytes of a bundle of all of `content`, its header made here (`vector` and `since` as in
/// [`header_for`]), gzip at `level`.
pub fn bundle_of(
    content: &Dataset,
    vector: VersionVector,
    since: Option<&VersionVector>,
    info: &ExportInfo,
    level: u32,
) -> Vec<u8> {
    pack(&header_by(&|_| content, vector, since, info), &|_| content, level)
}

/// `{"format":…,"version":2,"header":{…},"content":` — the document up to its content. The
/// header's own `checksum` is left out: version 2 writes it after the content.
fn write_head(header: &HeaderV1, w: &mut dyn Write) -> std::io::Result<()> {
    write!(w, "{{\"format\":\"{FORMAT_NAME}\",\"version\":{FORMAT_VERSION},\"header\":")?;
    serde_json::to_writer(&mut *w, &HeaderV1 { checksum: String::new(), ..header.clone() })?;
    w.write_all(b",\"content\":")
}

/// `,"checksum":"sha256:…"}`, the end of the document.
fn write_tail(checksum: &str, w: &mut dyn Write) -> std::io::Result<()> {
    w.write_all(b",\"checksum\":")?;
    serde_json::to_writer(&mut *w, checksum)?;
    w.write_all(b"}")
}

/// Writes the JSON document of a bundle (uncompressed) into `w`: `header` as given, the
/// checksum after the content `header.checksum` when set, else the content's own.
pub fn write_json(header: &HeaderV1, content: &Dataset, w: &mut dyn Write) -> std::io::Result<()> {
    write_json_by(header, &|_| content, w)
}

/// [`write_json`] of content read kind by kind from `source`.
fn write_json_by(header: &HeaderV1, source: Source, w: &mut dyn Write) -> std::io::Result<()> {
    write_head(header, w)?;
    let own = canonical::write_content(source, w)?;
    write_tail(if header.checksum.is_empty() { &own } else { &header.checksum }, w)
}

/// The bytes of a bundle file: the JSON document with `header` as given (its checksum, when
/// set, written as the file's checksum even if wrong: how tests make damaged files),
/// gzip-compressed at `level`.
pub fn write_bundle(header: &HeaderV1, content: &Dataset, level: u32) -> Vec<u8> {
    pack(header, &|_| content, level)
}

/// The file's bytes: the head, the content in canonical JSON, its checksum, gzip in members
/// (`super::gzip`). Natively the members are compressed on every core while the document is
/// written; in the browser it streams through one compressor. The same bytes either way.
#[cfg(not(target_arch = "wasm32"))]
fn pack(header: &HeaderV1, source: Source, level: u32) -> Vec<u8> {
    super::gzip::compress_streamed(level, |w| {
        // Writing into memory cannot fail.
        let _ = write_json_by(header, source, w);
    })
}

#[cfg(target_arch = "wasm32")]
fn pack(header: &HeaderV1, source: Source, level: u32) -> Vec<u8> {
    let mut gz = super::gzip::MemberWriter::new(level, super::gzip::MEMBER_BYTES);
    // Writing into memory cannot fail.
    let _ = write_json_by(header, source, &mut gz);
    gz.finish().unwrap_or_default()
}

/// Exports `local` for a peer: everything past `since` (all of it when `None`), with `local`'s
/// vector in the header, gzip at the default level. Deterministic: the same data and info give
/// the same bytes.
pub fn export_bundle(local: &Dataset, since: Option<&VersionVector>, info: &ExportInfo) -> Vec<u8> {
    match since {
        // A full export writes the data as it is (no copy of a million items).
        None => bundle_of(local, vector_of(local), None, info, DEFAULT_COMPRESSION),
        Some(_) => {
            let content = super::vector::export_selection(local, since);
            bundle_of(&content, vector_of(local), since, info, DEFAULT_COMPRESSION)
        }
    }
}

/// What an export leaves out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Include the sensitive fields (`Fields::SENSITIVE`); off by default: they are left out as
    /// [`super::sensitive`] describes, and the header says so (`sensitive: false`).
    pub include_sensitive: bool,
}

/// [`export_bundle`] with options. With everything included it is `export_bundle`, byte for
/// byte. Returns the bytes and the number of items in the bundle.
pub fn export_bundle_with(
    local: &Dataset,
    since: Option<&VersionVector>,
    info: &ExportInfo,
    options: ExportOptions,
) -> (Vec<u8>, usize) {
    match (since, options.include_sensitive) {
        (None, true) => (export_bundle(local, None, info), local.total()),
        (None, false) => {
            let part = super::sensitive::stripped_part(local);
            let touched = super::sensitive::touched_kinds();
            let source = |k: Kind| if touched.contains(&k) { &part } else { local };
            let mut header = header_by(&source, vector_of(local), None, info);
            header.sensitive = false;
            (pack(&header, &source, DEFAULT_COMPRESSION), local.total())
        }
        (Some(_), include) => {
            let mut content = super::vector::export_selection(local, since);
            if !include {
                super::sensitive::strip_sensitive(&mut content);
            }
            let mut header = header_by(&|_| &content, vector_of(local), since, info);
            header.sensitive = include;
            (pack(&header, &|_| &content, DEFAULT_COMPRESSION), content.total())
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading

/// What a file starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// gzip (a plain bundle).
    Gzip,
    /// The encryption envelope (see [`super::crypt`]).
    Encrypted,
    /// Uncompressed JSON (accepted for hand-made and test files).
    Json,
    Unknown,
}

/// Tells what kind of file `bytes` is from its first bytes.
pub fn sniff(bytes: &[u8]) -> FileKind {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        FileKind::Gzip
    } else if bytes.starts_with(crypt::MAGIC) {
        FileKind::Encrypted
    } else {
        let t = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match t.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => FileKind::Json,
            _ => FileKind::Unknown,
        }
    }
}

/// Decompresses a gzip bundle, refusing more than `limit` bytes of output.
pub fn gunzip(bytes: &[u8], limit: u64) -> Result<Vec<u8>, BundleError> {
    const STEP: usize = 1 << 20;
    // Room for 4× the file at once (bundles inflate ~3.5×), or what the trailer announces when
    // more: a bundle in members announces only its last one's 16 MiB, and growing the buffer
    // from there by doubling copied it eight times and faulted in fresh memory each time (a
    // sixth of `kehu merge`). At most 16× the file, so a forged trailer on a small file cannot
    // make it reserve a gigabyte; beyond that the buffer grows as it fills.
    let len = bytes.len() as u64;
    let cap =
        inflated_size_hint(bytes).max(len.saturating_mul(4)).min(len.saturating_mul(16)).min(limit.saturating_add(1));
    // One step more than that: the last read is offered a whole step.
    let mut out = Vec::with_capacity(cap as usize + STEP);
    let mut decoder = flate2::read::MultiGzDecoder::new(bytes).take(limit.saturating_add(1));
    // A MiB per read, straight into `out`: each read is a call of the inflater, which the
    // browser then optimises; one read of the whole would inflate 337 MB unoptimised
    // (`crate::chunked`). (`read_to_end` in steps was slower in the browser: it starts each
    // step with small reads.)
    let mut filled = 0;
    loop {
        if out.len() < filled + STEP {
            out.resize(filled + STEP, 0);
        }
        match decoder.read(&mut out[filled..filled + STEP]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Err(BundleError::Truncated),
            Err(e) => return Err(BundleError::Compression(e.to_string())),
        }
    }
    out.truncate(filled);
    if out.len() as u64 > limit {
        return Err(BundleError::DecompressedTooLarge { limit });
    }
    Ok(out)
}

/// The inflated size a gzip file announces: its last member's trailer holds that member's size
/// modulo 2³², which for a file of one member under 4 GiB is the whole size (bundles written
/// here have a member per 16 MiB of JSON: then it is the last one's). Only a hint for the
/// buffer's capacity — a wrong one costs a reallocation, nothing else.
fn inflated_size_hint(bytes: &[u8]) -> u64 {
    match bytes.len().checked_sub(4).map(|at| &bytes[at..]) {
        Some(&[a, b, c, d]) => u64::from(u32::from_le_bytes([a, b, c, d])),
        _ => 0,
    }
}

/// Reads and validates a bundle file. Encrypted files need `passphrase`. Nothing is returned
/// unless the whole file is sound (see the module docs).
pub fn parse_bundle(bytes: &[u8], passphrase: Option<&str>, limits: &Limits) -> Result<Bundle, BundleError> {
    parse_bundle_in(bytes, passphrase, limits)
}

/// [`parse_bundle`] of a file the caller gives up: it is freed as soon as it is decrypted or
/// inflated, not held while the JSON is parsed (97 MB of the largest firm's peak).
pub fn parse_bundle_owned(bytes: Vec<u8>, passphrase: Option<&str>, limits: &Limits) -> Result<Bundle, BundleError> {
    parse_bundle_in(bytes, passphrase, limits)
}

fn parse_bundle_in<B: AsRef<[u8]>>(file: B, passphrase: Option<&str>, limits: &Limits) -> Result<Bundle, BundleError> {
    let bytes = file.as_ref();
    if bytes.is_empty() {
        return Err(BundleError::Empty);
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(BundleError::TooLarge { size: bytes.len() as u64, limit: limits.max_file_bytes });
    }
    match sniff(bytes) {
        FileKind::Encrypted => {
            let passphrase = passphrase.ok_or(CryptError::PassphraseRequired)?;
            let plain = crypt::decrypt(bytes, passphrase)?;
            drop(file);
            match sniff(&plain) {
                FileKind::Encrypted => Err(BundleError::NotABundle),
                _ => parse_plain_in(plain, limits),
            }
        }
        _ => parse_plain_in(file, limits),
    }
}

/// Reads and validates an unencrypted bundle (gzip or JSON): for the browser after it decrypted
/// a file with WebCrypto.
pub fn parse_plain(bytes: &[u8], limits: &Limits) -> Result<Bundle, BundleError> {
    parse_plain_in(bytes, limits)
}

/// [`parse_plain`] of a file the caller gives up (freed once inflated).
pub fn parse_plain_owned(bytes: Vec<u8>, limits: &Limits) -> Result<Bundle, BundleError> {
    parse_plain_in(bytes, limits)
}

fn parse_plain_in<B: AsRef<[u8]>>(file: B, limits: &Limits) -> Result<Bundle, BundleError> {
    let bytes = file.as_ref();
    if bytes.is_empty() {
        return Err(BundleError::Empty);
    }
    match sniff(bytes) {
        FileKind::Gzip => {
            let json = gunzip(bytes, limits.max_json_bytes)?;
            drop(file);
            if json.is_empty() {
                return Err(BundleError::Truncated);
            }
            read_document(&json, limits)
        }
        FileKind::Json => {
            if bytes.len() as u64 > limits.max_json_bytes {
                return Err(BundleError::DecompressedTooLarge { limit: limits.max_json_bytes });
            }
            read_document(bytes, limits)
        }
        FileKind::Encrypted => Err(CryptError::PassphraseRequired.into()),
        FileKind::Unknown => Err(BundleError::NotABundle),
    }
}

/// Reads and validates the JSON document of a bundle.
pub fn parse_json(json: &[u8], limits: &Limits) -> Result<Bundle, BundleError> {
    read_document(json, limits)
}

/// The document's top level as read.
struct Document {
    version: u32,
    header: HeaderV1,
    data: Dataset,
    /// The checksum after the content (version 2).
    checksum: Option<String>,
}

/// Where the content's text is in a document as Kehu writes it: between the first
/// `,"content":` (a key no header holds) and the `,"checksum":"…"}` that ends the document.
/// `None` when the document does not end that way; a wrong guess only makes the checksum
/// differ, and the reader then serialises the content itself.
fn content_text(text: &str) -> Option<&str> {
    let start = text.find(",\"content\":")? + ",\"content\":".len();
    let end = text.trim_end().strip_suffix('}')?.rfind(",\"checksum\":")?;
    text.get(start..end)
}

/// Reads the JSON document: its shape, columns and duplicated ids, then the header against the
/// content (counts, checksum). Version 2's checksum is over the content's bytes as they are in
/// the file — canonical JSON when Kehu wrote it — so they are hashed as they are; only when
/// that differs (a file re-spaced or re-ordered by another tool) is the parsed content
/// serialised canonically and hashed again.
fn read_document(json: &[u8], limits: &Limits) -> Result<Bundle, BundleError> {
    let json = json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json);
    let text = match std::str::from_utf8(json) {
        Ok(text) => text,
        Err(e) => return Err(BundleError::NotUtf8 { offset: e.valid_up_to() as u64 }),
    };
    let state = State { fail: RefCell::new(None), format_seen: RefCell::new(false), limits: *limits };
    // Reading from a checked `str` spares serde_json a second UTF-8 check of every string.
    let mut de = serde_json::Deserializer::from_str(text);
    let doc = FileSeed(&state).deserialize(&mut de).and_then(|v| de.end().map(|_| v));
    let mut doc = match doc {
        Ok(doc) => doc,
        Err(e) => {
            if let Some(fail) = state.fail.into_inner() {
                return Err(fail);
            }
            return Err(json_error(&e, *state.format_seen.borrow()));
        }
    };
    check_counts(&doc.header, &doc.data)?;
    let (expected, found) = match doc.version {
        1 => (std::mem::take(&mut doc.header.checksum), canonical::checksum_v1(&doc.data)),
        _ if !doc.header.checksum.is_empty() => {
            return Err(BundleError::Json {
                line: 1,
                column: 1,
                reason: "the header holds a checksum, which version 2 writes after the content".into(),
            })
        }
        _ => {
            let expected = doc.checksum.take().ok_or_else(|| BundleError::Json {
                line: 1,
                column: 1,
                reason: "missing field `checksum`".into(),
            })?;
            let found = match content_text(text).map(|c| canonical::sha256_of(c.as_bytes())) {
                Some(as_written) if as_written == expected => as_written,
                _ => canonical::checksum(&doc.data),
            };
            (expected, found)
        }
    };
    if found != expected {
        return Err(BundleError::ChecksumMismatch { expected, found });
    }
    doc.header.checksum = expected;
    Ok(Bundle { version: doc.version, header: doc.header, data: doc.data })
}

fn json_error(e: &serde_json::Error, format_seen: bool) -> BundleError {
    match e.classify() {
        serde_json::error::Category::Eof => BundleError::Truncated,
        serde_json::error::Category::Data if !format_seen => BundleError::WrongFormat { found: None },
        _ => {
            let text = e.to_string();
            // serde_json appends " at line L column C"; the numbers are fields of their own.
            let reason = text.rsplit_once(" at line ").map_or(text.as_str(), |(r, _)| r).to_string();
            BundleError::Json { line: e.line() as u64, column: e.column() as u64, reason }
        }
    }
}

struct State {
    fail: RefCell<Option<BundleError>>,
    format_seen: RefCell<bool>,
    limits: Limits,
}

impl State {
    fn fail<E: de::Error>(&self, e: BundleError) -> E {
        let text = e.to_string();
        *self.fail.borrow_mut() = Some(e);
        E::custom(text)
    }
}

struct FileSeed<'a>(&'a State);

impl<'de> DeserializeSeed<'de> for FileSeed<'_> {
    type Value = Document;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FileSeed<'_> {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Kehu bundle")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let st = self.0;
        let (mut format, mut version, mut header, mut content, mut checksum) =
            (None::<String>, None::<u32>, None, None, None::<String>);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let f: String = map.next_value()?;
                    if f != FORMAT_NAME {
                        return Err(st.fail(BundleError::WrongFormat { found: Some(f) }));
                    }
                    *st.format_seen.borrow_mut() = true;
                    format = Some(f);
                }
                "version" => {
                    let v: u64 = map.next_value()?;
                    let v = u32::try_from(v).unwrap_or(u32::MAX);
                    if v > FORMAT_VERSION {
                        return Err(st.fail(BundleError::NewerVersion { found: v, supported: FORMAT_VERSION }));
                    }
                    if v == 0 {
                        return Err(st.fail(BundleError::UnknownVersion { found: v }));
                    }
                    version = Some(v);
                }
                "header" => header = Some(map.next_value::<HeaderV1>()?),
                "content" => content = Some(map.next_value_seed(ContentSeed(st))?),
                "checksum" => checksum = Some(map.next_value::<String>()?),
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if format.is_none() {
            return Err(st.fail(BundleError::WrongFormat { found: None }));
        }
        let version = version.ok_or_else(|| de::Error::missing_field("version"))?;
        let header = header.ok_or_else(|| de::Error::missing_field("header"))?;
        let data = content.ok_or_else(|| de::Error::missing_field("content"))?;
        Ok(Document { version, header, data, checksum })
    }
}

struct ContentSeed<'a>(&'a State);

impl<'de> DeserializeSeed<'de> for ContentSeed<'_> {
    type Value = Dataset;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Dataset, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ContentSeed<'_> {
    type Value = Dataset;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the items of a bundle, by kind")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Dataset, A::Error> {
        let st = self.0;
        let mut data = Dataset::default();
        let mut total = 0u64;
        while let Some(name) = map.next_key::<String>()? {
            let Some(kind) = Kind::from_name(&name) else {
                return Err(st.fail(BundleError::UnknownKind { name }));
            };
            let mut reader = ReadKind { map: &mut map, outcome: Ok(0), _de: std::marker::PhantomData };
            kinds::visit_kind_mut(&mut data, kind, &mut reader);
            match reader.outcome {
                Ok(n) => total += n,
                Err(ReadKindError::Json(e)) => return Err(e),
                Err(ReadKindError::Columns(reason)) => return Err(st.fail(BundleError::Columns { kind, reason })),
                Err(ReadKindError::Duplicate(id)) => return Err(st.fail(BundleError::DuplicateId { kind, id })),
            }
            if total > st.limits.max_items {
                return Err(st.fail(BundleError::TooManyItems { limit: st.limits.max_items }));
            }
        }
        Ok(data)
    }
}

enum ReadKindError<E> {
    Json(E),
    Columns(String),
    Duplicate(Id),
}

struct ReadKind<'m, 'de, A: MapAccess<'de>> {
    map: &'m mut A,
    outcome: Result<u64, ReadKindError<A::Error>>,
    _de: std::marker::PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> ExVisitorMut for ReadKind<'_, 'de, A> {
    fn visit_mut<R: ExItem>(&mut self, _kind: Kind, table: &mut Table<R>) {
        let items = match R::read_v1(self.map) {
            Ok(items) => items,
            Err(ReadFail::Json(e)) => {
                self.outcome = Err(ReadKindError::Json(e));
                return;
            }
            Err(ReadFail::Columns(reason)) => {
                self.outcome = Err(ReadKindError::Columns(reason));
                return;
            }
        };
        let n = items.len() as u64;
        // The kind's first list (every bundle Kehu writes has one per kind) becomes the table
        // as it is.
        if table.is_empty() {
            self.outcome = Table::from_rows(items).map(|t| *table = t).map(|()| n).map_err(ReadKindError::Duplicate);
            return;
        }
        table.reserve(items.len());
        let filled = crate::chunked::try_each(items, |item| {
            if table.get(&item.id()).is_some() {
                return Err(ReadKindError::Duplicate(item.id()));
            }
            table.merge(item);
            Ok(())
        });
        self.outcome = filled.map(|()| n);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader finds the content's text in what Kehu writes, so it sums bytes instead of
    /// serialising a million items again (the export of a firm without sensitive fields, as the
    /// app's export makes it, included).
    #[test]
    fn the_content_is_found_as_written_and_its_sum_is_the_checksum() {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let spec = crate::demo::DemoSpec { customers: 60, lines: 800, ..crate::demo::DemoSpec::default_for(end) };
        let data = crate::demo::generate(&spec).unwrap();
        let info = ExportInfo { branch: Id::NIL, branch_name: "总部".into(), device: 7, created_ms: 1 };
        for include_sensitive in [true, false] {
            let (bytes, _) = export_bundle_with(&data, None, &info, ExportOptions { include_sensitive });
            let json = gunzip(&bytes, 1 << 30).unwrap();
            let text = std::str::from_utf8(&json).unwrap();
            let content = content_text(text).unwrap();
            assert!(content.starts_with("{\"") && content.ends_with('}'));
            let b = read_document(&json, &Limits::default()).unwrap();
            assert_eq!(canonical::sha256_of(content.as_bytes()), b.header.checksum);
            assert_eq!(canonical::checksum(&b.data), b.header.checksum);
        }
        assert_eq!(content_text("{\"format\":\"kehu-bundle\"}"), None);
    }

    /// Inflating gives the bytes back whatever the trailer's size says: right (one member),
    /// only the last member's (files joined), or forged far too large on a small file (refused).
    #[test]
    fn inflating_does_not_trust_the_announced_size() {
        use std::io::Write;
        let gz = |data: &[u8]| {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        };
        // Inflating about 3× like a bundle (a repeated word would inflate beyond the 16× cap).
        let a: Vec<u8> =
            (0..60_000u64).map(|i| format!("客户{},", i * 7919 % 100_003)).collect::<String>().into_bytes();
        let b = b"tail".repeat(10);
        assert_eq!(inflated_size_hint(&gz(&a)), a.len() as u64);
        assert_eq!(gunzip(&gz(&a), 1 << 30).unwrap(), a);
        let joined = [gz(&a), gz(&b)].concat();
        assert_eq!(gunzip(&joined, 1 << 30).unwrap(), [a.clone(), b.to_vec()].concat());
        let mut forged = gz(&b);
        let n = forged.len();
        forged[n - 4..].copy_from_slice(&u32::MAX.to_le_bytes());
        // gzip checks the size itself, so the forged file is refused (after a small buffer).
        assert!(matches!(gunzip(&forged, 1 << 30), Err(BundleError::Compression(_))));
        let exact = gunzip(&gz(&a), 1 << 30).unwrap();
        let room = a.len().max(4 * gz(&a).len());
        assert!(exact.capacity() <= room + (1 << 20), "the announced size or 4× the file is reserved, no more");
        // A file in members announces only the last one's size: the buffer still starts at 4×
        // the file, no less.
        let members = [gz(&a), gz(&b)].concat();
        let inflated = gunzip(&members, 1 << 30).unwrap();
        assert!(inflated.capacity() >= 4 * members.len(), "{} < 4 × {}", inflated.capacity(), members.len());
        assert!(matches!(gunzip(&gz(&a), 1000), Err(BundleError::DecompressedTooLarge { limit: 1000 })));
        assert_eq!(inflated_size_hint(b"ab"), 0);
    }
}
