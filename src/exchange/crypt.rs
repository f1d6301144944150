//! Passphrase encryption of bundle files: AES-256-GCM under a key from PBKDF2-HMAC-SHA-256.
//! The byte layout (`docs/bundle-format.md` § Encryption) is what WebCrypto produces and reads
//! with the same parameters, so a file encrypted in the browser opens here and the other way
//! round:
//!
//! ```text
//! offset  size  field
//!      0     8  magic "KEHU-ENC" (ASCII)
//!      8     1  envelope version, 1
//!      9     1  key derivation, 1 = PBKDF2-HMAC-SHA-256
//!     10     4  iterations, unsigned big-endian (written: 600,000)
//!     14    16  salt
//!     30    12  nonce (the AES-GCM IV)
//!     42     …  ciphertext, then the 16-byte GCM tag
//! ```
//!
//! key = PBKDF2-HMAC-SHA-256(UTF-8 bytes of the passphrase as typed, salt, iterations, 32 bytes);
//! AES-256-GCM with that key and nonce, the 42 header bytes as additional authenticated data,
//! a 128-bit tag. The plaintext is the plain bundle file (gzip). Salt and nonce are random
//! and fresh for every file: the core takes them as arguments (no randomness here).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};

/// The first 8 bytes of an encrypted file.
pub const MAGIC: &[u8; 8] = b"KEHU-ENC";
/// Envelope version written and read.
pub const ENVELOPE_VERSION: u8 = 1;
/// Key derivation id: PBKDF2-HMAC-SHA-256.
pub const KDF_PBKDF2_SHA256: u8 = 1;
/// PBKDF2 iterations written (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA-256).
pub const DEFAULT_ITERATIONS: u32 = 600_000;
/// Fewest iterations a file may ask for (a forged file could make brute force cheap).
pub const MIN_ITERATIONS: u32 = 1_000;
/// Most iterations a file may ask for (a forged file could make opening it take forever).
pub const MAX_ITERATIONS: u32 = 10_000_000;
pub const SALT_LEN: usize = 16;
pub const NONCE_LEN: usize = 12;
pub const TAG_LEN: usize = 16;
/// Length of the header (and of the additional authenticated data).
pub const HEADER_LEN: usize = 8 + 1 + 1 + 4 + SALT_LEN + NONCE_LEN;

/// Why an encrypted file could not be opened (or made).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum CryptError {
    #[error("the file is encrypted: a passphrase is needed")]
    PassphraseRequired,
    #[error("wrong passphrase, or the encrypted file is damaged")]
    WrongPassphrase,
    #[error("the encrypted file is cut short")]
    Truncated,
    #[error("encryption envelope version {0} is not known")]
    UnknownEnvelope(u8),
    #[error("key derivation {0} is not known")]
    UnknownKdf(u8),
    #[error("{0} key-derivation iterations are outside the accepted range")]
    Iterations(u32),
    #[error("the passphrase is empty")]
    EmptyPassphrase,
}

/// The header fields of an encrypted file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub iterations: u32,
    pub salt: [u8; SALT_LEN],
    pub nonce: [u8; NONCE_LEN],
}

impl Envelope {
    /// The 42 header bytes (also the additional authenticated data).
    pub fn header_bytes(&self) -> [u8; HEADER_LEN] {
        let mut h = [0u8; HEADER_LEN];
        h[..8].copy_from_slice(MAGIC);
        h[8] = ENVELOPE_VERSION;
        h[9] = KDF_PBKDF2_SHA256;
        h[10..14].copy_from_slice(&self.iterations.to_be_bytes());
        h[14..30].copy_from_slice(&self.salt);
        h[30..42].copy_from_slice(&self.nonce);
        h
    }

    /// Reads the header of an encrypted file; returns it and the ciphertext with its tag.
    pub fn parse(bytes: &[u8]) -> Result<(Envelope, &[u8]), CryptError> {
        if bytes.len() < HEADER_LEN + TAG_LEN || !bytes.starts_with(MAGIC) {
            return Err(CryptError::Truncated);
        }
        if bytes[8] != ENVELOPE_VERSION {
            return Err(CryptError::UnknownEnvelope(bytes[8]));
        }
        if bytes[9] != KDF_PBKDF2_SHA256 {
            return Err(CryptError::UnknownKdf(bytes[9]));
        }
        let iterations = u32::from_be_bytes([bytes[10], bytes[11], bytes[12], bytes[13]]);
        if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
            return Err(CryptError::Iterations(iterations));
        }
        let mut salt = [0u8; SALT_LEN];
        salt.copy_from_slice(&bytes[14..30]);
        let mut nonce = [0u8; NONCE_LEN];
        nonce.copy_from_slice(&bytes[30..42]);
        Ok((Envelope { iterations, salt, nonce }, &bytes[HEADER_LEN..]))
    }
}

/// The AES-256 key for a passphrase: PBKDF2-HMAC-SHA-256 (RFC 8018) with one 32-byte block.
///
/// Written over sha2's compression function with the HMAC pads hashed once, so each iteration
/// is two compressions: the same result as the `pbkdf2` crate (compared in tests and with
/// Python's `hashlib.pbkdf2_hmac`), but fast in debug builds too, where the generic code of the
/// RustCrypto traits runs unoptimised and 600,000 iterations took five seconds.
pub fn derive_key(passphrase: &str, salt: &[u8], iterations: u32) -> [u8; 32] {
    use sha2::digest::generic_array::GenericArray;
    use sha2::{Digest, Sha256};
    const IV: [u32; 8] =
        [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
    let mut key = [0u8; 64];
    if passphrase.len() > 64 {
        key[..32].copy_from_slice(&Sha256::digest(passphrase.as_bytes()));
    } else {
        key[..passphrase.len()].copy_from_slice(passphrase.as_bytes());
    }
    let pad = |byte: u8| {
        let mut block = [0u8; 64];
        for (b, k) in block.iter_mut().zip(key.iter()) {
            *b = k ^ byte;
        }
        block
    };
    let (ipad, opad) = (pad(0x36), pad(0x5c));
    // U1 = HMAC(P, S || INT(1)), by the ordinary hash.
    let inner = Sha256::new().chain_update(ipad).chain_update(salt).chain_update(1u32.to_be_bytes()).finalize();
    let mut u: [u8; 32] = Sha256::new().chain_update(opad).chain_update(inner).finalize().into();
    let mut out = u;
    // The pads' states, and a block layout for a 32-byte message after a 64-byte pad:
    // message, 0x80, zeros, the bit length (64 + 32) * 8 = 768 big-endian.
    let state_after = |block: &[u8; 64]| {
        let mut s = IV;
        sha2::compress256(&mut s, &[*GenericArray::from_slice(block)]);
        s
    };
    let (istate, ostate) = (state_after(&ipad), state_after(&opad));
    let mut block = [0u8; 64];
    block[32] = 0x80;
    block[62..].copy_from_slice(&768u16.to_be_bytes());
    let words_into = |s: &[u32; 8], block: &mut [u8; 64]| {
        for (i, w) in s.iter().enumerate() {
            block[i * 4..i * 4 + 4].copy_from_slice(&w.to_be_bytes());
        }
    };
    for _ in 1..iterations {
        block[..32].copy_from_slice(&u);
        let mut s = istate;
        sha2::compress256(&mut s, &[*GenericArray::from_slice(&block)]);
        words_into(&s, &mut block);
        let mut s = ostate;
        sha2::compress256(&mut s, &[*GenericArray::from_slice(&block)]);
        words_into(&s, &mut block);
        u.copy_from_slice(&block[..32]);
        for (o, x) in out.iter_mut().zip(u.iter()) {
            *o ^= x;
        }
    }
    out
}

/// Encrypts a plain bundle file. `salt` and `nonce` must be fresh random bytes for every file.
pub fn encrypt(plain: &[u8], passphrase: &str, envelope: &Envelope) -> Result<Vec<u8>, CryptError> {
    if passphrase.is_empty() {
        return Err(CryptError::EmptyPassphrase);
    }
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&envelope.iterations) {
        return Err(CryptError::Iterations(envelope.iterations));
    }
    let key = derive_key(passphrase, &envelope.salt, envelope.iterations);
    let header = envelope.header_bytes();
    let cipher = Aes256Gcm::new(&key.into());
    let sealed = cipher
        .encrypt(Nonce::from_slice(&envelope.nonce), Payload { msg: plain, aad: &header })
        .map_err(|_| CryptError::Truncated)?;
    let mut out = Vec::with_capacity(HEADER_LEN + sealed.len());
    out.extend_from_slice(&header);
    out.extend_from_slice(&sealed);
    Ok(out)
}

/// Decrypts an encrypted file into the plain bundle file.
pub fn decrypt(bytes: &[u8], passphrase: &str) -> Result<Vec<u8>, CryptError> {
    let (envelope, sealed) = Envelope::parse(bytes)?;
    let key = derive_key(passphrase, &envelope.salt, envelope.iterations);
    let cipher = Aes256Gcm::new(&key.into());
    cipher
        .decrypt(Nonce::from_slice(&envelope.nonce), Payload { msg: sealed, aad: &bytes[..HEADER_LEN] })
        .map_err(|_| CryptError::WrongPassphrase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn envelope(iterations: u32) -> Envelope {
        let mut salt = [0u8; SALT_LEN];
        let mut nonce = [0u8; NONCE_LEN];
        for (i, b) in salt.iter_mut().enumerate() {
            *b = i as u8;
        }
        for (i, b) in nonce.iter_mut().enumerate() {
            *b = 0xa0 + i as u8;
        }
        Envelope { iterations, salt, nonce }
    }

    #[test]
    fn round_trip_and_wrong_passphrase() {
        let sealed = encrypt(b"hello bundle", "客户 kehu", &envelope(1_000)).unwrap();
        assert_eq!(&sealed[..8], MAGIC);
        assert_eq!(sealed.len(), HEADER_LEN + 12 + TAG_LEN);
        assert_eq!(decrypt(&sealed, "客户 kehu").unwrap(), b"hello bundle");
        assert_eq!(decrypt(&sealed, "客户 kehU"), Err(CryptError::WrongPassphrase));
        // The header is authenticated: changing the iterations fails like a wrong passphrase.
        let mut forged = sealed.clone();
        forged[13] ^= 1;
        assert_eq!(decrypt(&forged, "客户 kehu"), Err(CryptError::WrongPassphrase));
        assert_eq!(decrypt(&sealed[..50], "客户 kehu"), Err(CryptError::Truncated));
        let mut iters = sealed.clone();
        iters[10] = 0xff;
        assert_eq!(decrypt(&iters, "x"), Err(CryptError::Iterations(0xff00_03e8)));
    }

    #[test]
    fn key_derivation_matches_the_pbkdf2_crate_and_rfc_7914() {
        for (pass, salt, iterations) in [
            ("passwd", b"salt".as_slice(), 1u32),
            ("Password", b"NaCl", 2),
            ("客户 kehu", b"0123456789abcdef", 1_000),
            ("", b"", 3),
            ("a much longer passphrase than sixty-four bytes, which HMAC hashes first", b"s", 5),
        ] {
            let mut expected = [0u8; 32];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(pass.as_bytes(), salt, iterations, &mut expected);
            assert_eq!(derive_key(pass, salt, iterations), expected, "{pass} {iterations}");
        }
        // RFC 7914 § 11, first 32 bytes of PBKDF2-HMAC-SHA256("passwd", "salt", 1).
        assert_eq!(
            super::super::canonical::hex(&derive_key("passwd", b"salt", 1)),
            "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
        );
    }

    /// The test vector of docs/bundle-format.md: keep both in step.
    #[test]
    fn documented_test_vector() {
        let sealed = encrypt(b"kehu", "correct horse", &envelope(1_000)).unwrap();
        let key = derive_key("correct horse", &envelope(1_000).salt, 1_000);
        assert_eq!(
            super::super::canonical::hex(&key),
            "c914cc4f06cc6e8f46d157e3a1b5aa7abceebb17bb0444cd4c4ac16ca2ae9864",
            "derived key"
        );
        // Computed independently with Python's hashlib.pbkdf2_hmac and cryptography's AESGCM.
        assert_eq!(
            super::super::canonical::hex(&sealed),
            concat!(
                "4b4548552d454e430101000003e8000102030405060708090a0b0c0d0e0f",
                "a0a1a2a3a4a5a6a7a8a9aaab9c6ea1aaa8b78396966fc8bedfb224b040b241e3"
            ),
            "whole file"
        );
    }
}
