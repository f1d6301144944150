//! Encryption at rest (issue 9): a [`Backend`] wrapper that seals every bucket value with
//! AES-256-GCM before it reaches the browser's storage and opens it on the way back, so someone
//! copying the browser's files learns nothing but bucket keys (a kind's code and a bucket
//! number) and the `meta` strings (schema, device, branch, peers' vectors).
//!
//! Keys. A random 256-bit **data key** seals the buckets. It is kept wrapped (sealed with
//! AES-256-GCM) under a key derived from the passphrase by PBKDF2-HMAC-SHA-256 in the
//! [`SealRecord`], which lives in the bucket `seal` — inside the same object store as the data,
//! so every transaction can check, atomically with its writes, whether the store is sealed.
//! Changing the passphrase rewraps the data key (one small write); turning encryption on or off
//! rewrites every bucket in one transaction ([`Sealed::seal_all`], [`Sealed::unseal_all`]).
//!
//! Why AES-GCM in Rust and not WebCrypto here: a read-merge-write transaction must not wait for a
//! promise (IndexedDB commits a transaction as soon as control returns to the event loop with no
//! request pending), so sealing inside [`Backend::update`] has to be synchronous. The passphrase's
//! key derivation, which is slow on purpose, runs in WebCrypto (`ui::webcrypto::derive_bits`)
//! before any transaction, or natively with [`crate::exchange::crypt::derive_key`] — the same
//! function, checked against each other in the browser tests.
//!
//! A sealed value: `0xE5`, a 12-byte nonce, the AES-256-GCM ciphertext and tag, with the bucket
//! key as additional data (a value moved to another key does not open). Plain values begin with
//! a kind code (below 64), so the two never look alike. Nonces are an 8-byte random prefix given
//! per session and a 4-byte counter: unique without a random source in this module.

use super::{Backend, Decide, ReadSet, Sink, StoreError, Writes};
use crate::exchange::canonical::{hex, unhex};
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The bucket key of the [`SealRecord`] (outside every read range: those begin with a digit).
pub const SEAL_KEY: &str = "seal";
/// The first byte of a sealed value.
pub const SEALED_MARK: u8 = 0xE5;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
/// PBKDF2 rounds for a new passphrase (OWASP's 2023 figure for PBKDF2-HMAC-SHA-256).
pub const ITERATIONS: u32 = 600_000;
/// The shortest passphrase accepted, in characters.
pub const MIN_PASSPHRASE_CHARS: usize = 8;
const RECORD_FORMAT: &str = "kehu-seal";
const RECORD_VERSION: u32 = 1;
const KDF: &str = "PBKDF2-HMAC-SHA-256";
/// Additional data of the wrapped data key.
const WRAP_AAD: &[u8] = b"kehu-seal-v1 data key";

/// What can go wrong with a passphrase or a seal record.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// The passphrase does not open the data key (or the record was tampered with).
    #[error("wrong passphrase")]
    WrongPassphrase,
    #[error("passphrase shorter than {MIN_PASSPHRASE_CHARS} characters")]
    TooShort,
    #[error("the two passphrases differ")]
    Mismatch,
    /// The seal record cannot be read.
    #[error("seal record damaged: {0}")]
    Damaged(String),
}

/// The key that seals the buckets. Never stored unwrapped; `Debug` does not show it.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataKey(pub [u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

/// Checks a new passphrase and its repetition.
pub fn check_passphrase(passphrase: &str, repeat: &str) -> Result<(), SealError> {
    if passphrase.chars().count() < MIN_PASSPHRASE_CHARS {
        return Err(SealError::TooShort);
    }
    if passphrase != repeat {
        return Err(SealError::Mismatch);
    }
    Ok(())
}

/// How the data key is kept: wrapped under the passphrase's key, with what derives that key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SealRecord {
    pub format: String,
    pub version: u32,
    pub kdf: String,
    pub iterations: u32,
    /// Hex of the 16-byte PBKDF2 salt.
    pub salt: String,
    /// Hex of the wrapping nonce.
    pub nonce: String,
    /// Hex of the data key sealed with the passphrase's key (32 bytes and the tag).
    pub wrapped: String,
}

impl SealRecord {
    /// Wraps `data_key` under `passphrase_key` (derived from the passphrase with `salt` and
    /// `iterations`).
    pub fn new(
        data_key: &DataKey,
        passphrase_key: &[u8; 32],
        salt: [u8; 16],
        iterations: u32,
        nonce: [u8; NONCE_LEN],
    ) -> SealRecord {
        let cipher = Aes256Gcm::new(passphrase_key.into());
        let wrapped = cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: &data_key.0, aad: WRAP_AAD })
            .expect("AES-GCM seals 32 bytes");
        SealRecord {
            format: RECORD_FORMAT.into(),
            version: RECORD_VERSION,
            kdf: KDF.into(),
            iterations,
            salt: hex(&salt),
            nonce: hex(&nonce),
            wrapped: hex(&wrapped),
        }
    }

    /// The salt to derive the passphrase's key with.
    pub fn salt_bytes(&self) -> Result<Vec<u8>, SealError> {
        unhex(&self.salt).ok_or_else(|| SealError::Damaged("salt".into()))
    }

    /// The data key, if `passphrase_key` is the right one.
    pub fn open(&self, passphrase_key: &[u8; 32]) -> Result<DataKey, SealError> {
        let nonce = unhex(&self.nonce).filter(|n| n.len() == NONCE_LEN);
        let (Some(nonce), Some(wrapped)) = (nonce, unhex(&self.wrapped)) else {
            return Err(SealError::Damaged("wrapped key".into()));
        };
        let cipher = Aes256Gcm::new(passphrase_key.into());
        let plain = cipher
            .decrypt(Nonce::from_slice(&nonce), Payload { msg: &wrapped, aad: WRAP_AAD })
            .map_err(|_| SealError::WrongPassphrase)?;
        let key: [u8; 32] = plain.try_into().map_err(|_| SealError::Damaged("data key length".into()))?;
        Ok(DataKey(key))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a seal record serialises")
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<SealRecord, SealError> {
        let r: SealRecord = serde_json::from_slice(bytes).map_err(|e| SealError::Damaged(e.to_string()))?;
        if r.format != RECORD_FORMAT || r.version != RECORD_VERSION || r.kdf != KDF {
            return Err(SealError::Damaged(format!("{} {} {}", r.format, r.version, r.kdf)));
        }
        if !(crate::exchange::crypt::MIN_ITERATIONS..=crate::exchange::crypt::MAX_ITERATIONS).contains(&r.iterations) {
            return Err(SealError::Damaged(format!("iterations {}", r.iterations)));
        }
        Ok(r)
    }
}

/// The nonce and the ciphertext (with its tag) of a sealed value; a plain value means the store
/// was unsealed since this one was opened.
pub fn split_sealed<'a>(key: &str, value: &'a [u8]) -> Result<(&'a [u8], &'a [u8]), StoreError> {
    if value.first() != Some(&SEALED_MARK) {
        return Err(StoreError::SealChanged);
    }
    if value.len() < 1 + NONCE_LEN + TAG_LEN {
        return Err(StoreError::Corrupt { key: key.into(), reason: "sealed value too short".into() });
    }
    Ok(value[1..].split_at(NONCE_LEN))
}

/// Seals and opens bucket values with the data key.
pub struct Sealer {
    cipher: Aes256Gcm,
    prefix: [u8; 8],
    counter: Cell<u32>,
}

impl Sealer {
    /// `nonce_prefix`: 8 random bytes, fresh for each opening of the store (tab, worker).
    pub fn new(key: &DataKey, nonce_prefix: [u8; 8]) -> Sealer {
        Sealer { cipher: Aes256Gcm::new((&key.0).into()), prefix: nonce_prefix, counter: Cell::new(0) }
    }

    pub fn seal(&self, key: &str, plain: &[u8]) -> Result<Vec<u8>, StoreError> {
        let n = self.counter.get();
        // 2³² values sealed in one session: never in practice, and a repeated nonce would be fatal.
        let next = n.checked_add(1).ok_or_else(|| StoreError::Backend("nonce counter exhausted: reload".into()))?;
        self.counter.set(next);
        let mut nonce = [0u8; NONCE_LEN];
        nonce[..8].copy_from_slice(&self.prefix);
        nonce[8..].copy_from_slice(&n.to_be_bytes());
        let sealed = self
            .cipher
            .encrypt(Nonce::from_slice(&nonce), Payload { msg: plain, aad: key.as_bytes() })
            .map_err(|_| StoreError::Backend("sealing failed".into()))?;
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(SEALED_MARK);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn open(&self, key: &str, value: &[u8]) -> Result<Vec<u8>, StoreError> {
        let (nonce, body) = split_sealed(key, value)?;
        self.cipher
            .decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: key.as_bytes() })
            .map_err(|_| StoreError::Corrupt { key: key.into(), reason: "sealed value does not open".into() })
    }
}

/// Opens many sealed values at once (key, value → plain value, in order): the browser's
/// WebCrypto, which runs AES in hardware — 10–20× faster than the portable Rust AES in wasm —
/// but only asynchronously, so it can serve the bulk read of a load and not a transaction's.
pub type BulkOpen = Rc<
    dyn Fn(
        Vec<(String, Vec<u8>)>,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<Vec<u8>>, StoreError>>>>,
>;

/// How many sealed bytes a load hands to the [`BulkOpen`] at a time (between them the sink decodes).
const BULK_CHUNK_BYTES: usize = 4 << 20;

/// A backend whose bucket values are sealed when a key is set, and plain otherwise.
pub struct Sealed<B: Backend> {
    inner: B,
    sealer: RefCell<Option<Rc<Sealer>>>,
    bulk: RefCell<Option<BulkOpen>>,
}

/// Whether a stored value is sealed.
fn is_sealed_value(value: &[u8]) -> bool {
    value.first() == Some(&SEALED_MARK)
}

impl<B: Backend> Sealed<B> {
    /// Plain: values pass through (and a sealed one is refused as [`StoreError::SealChanged`]).
    pub fn plain(inner: B) -> Sealed<B> {
        Sealed { inner, sealer: RefCell::new(None), bulk: RefCell::new(None) }
    }

    /// Sealed with `key` (opened from the store's [`SealRecord`]).
    pub fn with_key(inner: B, key: &DataKey, nonce_prefix: [u8; 8]) -> Sealed<B> {
        let s = Sealed::plain(inner);
        s.set_key(Some((key, nonce_prefix)));
        s
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }

    /// Sets or forgets the key (the worker, when the page turned encryption on or off). Forgets
    /// the bulk opener too: it holds the old key.
    pub fn set_key(&self, key: Option<(&DataKey, [u8; 8])>) {
        *self.sealer.borrow_mut() = key.map(|(k, prefix)| Rc::new(Sealer::new(k, prefix)));
        *self.bulk.borrow_mut() = None;
    }

    /// Lets loads open values with `bulk` (made for the current key) instead of one by one.
    pub fn set_bulk_opener(&self, bulk: Option<BulkOpen>) {
        *self.bulk.borrow_mut() = bulk;
    }

    pub fn is_sealed(&self) -> bool {
        self.sealer.borrow().is_some()
    }

    fn sealer(&self) -> Option<Rc<Sealer>> {
        self.sealer.borrow().clone()
    }

    fn bulk(&self) -> Option<BulkOpen> {
        self.bulk.borrow().clone()
    }

    /// The store's seal record, read before opening: `None` when the store is not encrypted.
    pub async fn record(inner: &B) -> Result<Option<SealRecord>, StoreError> {
        let found = inner.read(&[SEAL_KEY.to_string()]).await?;
        match found.get(SEAL_KEY) {
            None => Ok(None),
            Some(bytes) => SealRecord::from_bytes(bytes)
                .map(Some)
                .map_err(|e| StoreError::Corrupt { key: SEAL_KEY.into(), reason: e.to_string() }),
        }
    }

    /// Turns encryption on: every bucket sealed with `key` and `record` stored, in one
    /// transaction. Returns how many buckets were sealed.
    pub async fn seal_all(
        &self,
        key: &DataKey,
        record: &SealRecord,
        nonce_prefix: [u8; 8],
    ) -> Result<usize, StoreError> {
        if self.is_sealed() {
            return Err(StoreError::SealChanged);
        }
        let sealer = Sealer::new(key, nonce_prefix);
        let mut count = 0;
        self.inner
            .update(ReadSet::All, &mut |found| {
                if found.contains_key(SEAL_KEY) || found.values().any(|v| is_sealed_value(v)) {
                    return Err(StoreError::SealChanged);
                }
                let mut buckets = Vec::with_capacity(found.len() + 1);
                for (k, v) in found {
                    buckets.push((k.clone(), sealer.seal(k, v)?));
                }
                count = buckets.len();
                buckets.push((SEAL_KEY.to_string(), record.to_bytes()));
                Ok(Writes { buckets, ..Writes::default() })
            })
            .await?;
        *self.sealer.borrow_mut() = Some(Rc::new(sealer));
        *self.bulk.borrow_mut() = None;
        Ok(count)
    }

    /// Turns encryption off: every bucket opened and written plain, the record deleted, in one
    /// transaction. Returns how many buckets were opened.
    pub async fn unseal_all(&self) -> Result<usize, StoreError> {
        let sealer = self.sealer().ok_or(StoreError::SealChanged)?;
        let mut count = 0;
        self.inner
            .update(ReadSet::All, &mut |found| {
                if !found.contains_key(SEAL_KEY) {
                    return Err(StoreError::SealChanged);
                }
                let mut buckets = Vec::with_capacity(found.len());
                for (k, v) in found.iter().filter(|(k, _)| k.as_str() != SEAL_KEY) {
                    buckets.push((k.clone(), sealer.open(k, v)?));
                }
                count = buckets.len();
                Ok(Writes { buckets, delete: vec![SEAL_KEY.to_string()], ..Writes::default() })
            })
            .await?;
        *self.sealer.borrow_mut() = None;
        *self.bulk.borrow_mut() = None;
        Ok(count)
    }

    /// Replaces the seal record (a new passphrase wrapping the same data key): one small write.
    pub async fn rewrap(&self, record: &SealRecord) -> Result<(), StoreError> {
        if !self.is_sealed() {
            return Err(StoreError::SealChanged);
        }
        let keys = [SEAL_KEY.to_string()];
        self.inner
            .update(ReadSet::Keys(&keys), &mut |found| {
                if !found.contains_key(SEAL_KEY) {
                    return Err(StoreError::SealChanged);
                }
                Ok(Writes { buckets: vec![(SEAL_KEY.to_string(), record.to_bytes())], ..Writes::default() })
            })
            .await
    }

    /// A value as the layers above see it.
    fn open_value(sealer: Option<&Sealer>, key: &str, value: &[u8]) -> Result<Vec<u8>, StoreError> {
        match sealer {
            Some(s) => s.open(key, value),
            None if is_sealed_value(value) => Err(StoreError::SealChanged),
            None => Ok(value.to_vec()),
        }
    }
}

impl<B: Backend> Backend for Sealed<B> {
    async fn read_all(&self) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let sealer = self.sealer();
        self.inner
            .read_all()
            .await?
            .into_iter()
            .filter(|(k, _)| k != SEAL_KEY)
            .map(|(k, v)| {
                let plain = Self::open_value(sealer.as_deref(), &k, &v)?;
                Ok((k, plain))
            })
            .collect()
    }

    async fn read_ranges_with(&self, ranges: &[(String, String)], sink: &mut Sink<'_>) -> Result<(), StoreError> {
        let sealer = self.sealer();
        match sealer {
            None => {
                self.inner
                    .read_ranges_with(ranges, &mut |k, v| {
                        if is_sealed_value(v) {
                            return Err(StoreError::SealChanged);
                        }
                        sink(k, v)
                    })
                    .await
            }
            Some(s) => match self.bulk() {
                None => self.inner.read_ranges_with(ranges, &mut |k, v| sink(k, &s.open(k, v)?)).await,
                Some(bulk) => {
                    // Read every sealed value first (IndexedDB answers the ranges back to back),
                    // then open them a chunk at a time, each chunk decoded before the next.
                    let mut sealed: Vec<(String, Vec<u8>)> = Vec::new();
                    self.inner
                        .read_ranges_with(ranges, &mut |k, v| {
                            sealed.push((k.to_string(), v.to_vec()));
                            Ok(())
                        })
                        .await?;
                    let mut rest = sealed.into_iter().peekable();
                    while rest.peek().is_some() {
                        let mut chunk = Vec::new();
                        let mut bytes = 0;
                        while bytes < BULK_CHUNK_BYTES {
                            let Some(item) = rest.next() else { break };
                            bytes += item.1.len();
                            chunk.push(item);
                        }
                        let keys: Vec<String> = chunk.iter().map(|(k, _)| k.clone()).collect();
                        let plain = bulk(chunk).await?;
                        if plain.len() != keys.len() {
                            return Err(StoreError::Backend("bulk opening lost values".into()));
                        }
                        for (k, v) in keys.iter().zip(plain) {
                            sink(k, &v)?;
                        }
                    }
                    Ok(())
                }
            },
        }
    }

    async fn read(&self, keys: &[String]) -> Result<HashMap<String, Vec<u8>>, StoreError> {
        let sealer = self.sealer();
        let found = self.inner.read(keys).await?;
        found
            .into_iter()
            .filter(|(k, _)| k != SEAL_KEY)
            .map(|(k, v)| {
                let plain = Self::open_value(sealer.as_deref(), &k, &v)?;
                Ok((k, plain))
            })
            .collect()
    }

    async fn update(&self, read: ReadSet<'_>, decide: &mut Decide<'_>) -> Result<(), StoreError> {
        let sealer = self.sealer();
        // The seal record is read in every transaction: a tab that turned encryption on or off
        // since this one opened makes this write fail instead of mixing sealed and plain values.
        let with_record: Vec<String>;
        let read = match read {
            ReadSet::Keys(keys) => {
                with_record = keys.iter().cloned().chain([SEAL_KEY.to_string()]).collect();
                ReadSet::Keys(&with_record)
            }
            ReadSet::All => ReadSet::All,
        };
        self.inner
            .update(read, &mut |found| {
                let record = found.get(SEAL_KEY);
                if record.is_some() != sealer.is_some() {
                    return Err(StoreError::SealChanged);
                }
                let mut plain = HashMap::with_capacity(found.len());
                for (k, v) in found.iter().filter(|(k, _)| k.as_str() != SEAL_KEY) {
                    plain.insert(k.clone(), Self::open_value(sealer.as_deref(), k, v)?);
                }
                let mut writes = decide(&plain)?;
                if writes.buckets.iter().any(|(k, _)| k == SEAL_KEY) || writes.delete.iter().any(|k| k == SEAL_KEY) {
                    return Err(StoreError::Backend(format!("the key {SEAL_KEY:?} is reserved")));
                }
                if let (Some(s), Some(record)) = (sealer.as_deref(), record) {
                    for (k, v) in &mut writes.buckets {
                        *v = s.seal(k, v)?;
                    }
                    if writes.clear_buckets {
                        writes.buckets.push((SEAL_KEY.to_string(), record.clone()));
                    }
                }
                Ok(writes)
            })
            .await
    }

    async fn clear_buckets(&self) -> Result<(), StoreError> {
        if !self.is_sealed() {
            return self.inner.clear_buckets().await;
        }
        // Keep the seal record: the store stays encrypted with the same passphrase.
        self.update(ReadSet::Keys(&[]), &mut |_| Ok(Writes { clear_buckets: true, ..Writes::default() })).await
    }

    async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.inner.meta(key).await
    }

    async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.inner.set_meta(key, value).await
    }
}
