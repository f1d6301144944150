//! Passphrase encryption of bundles with the browser's WebCrypto: PBKDF2-HMAC-SHA-256 and
//! AES-256-GCM in the byte layout of [`crate::exchange::crypt`] (same header, the header as
//! additional data, 128-bit tag), so a file sealed here opens in the command line and the other
//! way round. WebCrypto runs the 600,000 key-derivation rounds natively, in a fraction of the
//! time the same code takes in wasm.

use crate::exchange::crypt::{self, CryptError, Envelope, HEADER_LEN, MAX_ITERATIONS, MIN_ITERATIONS};
use js_sys::{Array, Object, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

/// Why WebCrypto could not seal or open a file.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum WebCryptoError {
    #[error(transparent)]
    Crypt(#[from] CryptError),
    /// The browser offers no WebCrypto (an insecure context: not https or localhost).
    #[error("this browser offers no WebCrypto here: {0}")]
    Unavailable(String),
}

fn subtle() -> Result<SubtleCrypto, WebCryptoError> {
    let crypto = web_sys::window()
        .ok_or_else(|| WebCryptoError::Unavailable("no window".into()))?
        .crypto()
        .map_err(|e| WebCryptoError::Unavailable(format!("{e:?}")))?;
    Ok(crypto.subtle())
}

fn bytes(data: &[u8]) -> Object {
    Uint8Array::from(data).into()
}

async fn call(promise: Result<js_sys::Promise, JsValue>) -> Result<JsValue, JsValue> {
    JsFuture::from(promise?).await
}

/// The AES-GCM key for a passphrase (PBKDF2-HMAC-SHA-256, 32 bytes), as in `crypt::derive_key`.
async fn derive(subtle: &SubtleCrypto, passphrase: &str, e: &Envelope) -> Result<CryptoKey, WebCryptoError> {
    let unavailable = |e: JsValue| WebCryptoError::Unavailable(format!("{e:?}"));
    let usages: JsValue = Array::of1(&"deriveKey".into()).into();
    let base = call(subtle.import_key_with_str("raw", &bytes(passphrase.as_bytes()), "PBKDF2", false, &usages))
        .await
        .map_err(unavailable)?;
    let params = Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), e.iterations, &bytes(&e.salt));
    let aes = AesDerivedKeyParams::new("AES-GCM", 256);
    let usages: JsValue = Array::of2(&"encrypt".into(), &"decrypt".into()).into();
    let key = call(subtle.derive_key_with_object_and_object(&params, &base.unchecked_into(), &aes, false, &usages))
        .await
        .map_err(unavailable)?;
    Ok(key.unchecked_into())
}

fn gcm(e: &Envelope, header: &[u8]) -> AesGcmParams {
    let params = AesGcmParams::new("AES-GCM", &bytes(&e.nonce));
    params.set_additional_data(&bytes(header));
    params.set_tag_length(128);
    params
}

/// Seals a plain bundle file. `envelope` carries fresh random salt and nonce.
pub async fn encrypt(plain: &[u8], passphrase: &str, envelope: &Envelope) -> Result<Vec<u8>, WebCryptoError> {
    if passphrase.is_empty() {
        return Err(CryptError::EmptyPassphrase.into());
    }
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&envelope.iterations) {
        return Err(CryptError::Iterations(envelope.iterations).into());
    }
    let subtle = subtle()?;
    let key = derive(&subtle, passphrase, envelope).await?;
    let header = envelope.header_bytes();
    let sealed = call(subtle.encrypt_with_object_and_buffer_source(&gcm(envelope, &header), &key, &bytes(plain)))
        .await
        .map_err(|e| WebCryptoError::Unavailable(format!("{e:?}")))?;
    let mut out = Vec::with_capacity(HEADER_LEN + plain.len() + crypt::TAG_LEN);
    out.extend_from_slice(&header);
    out.extend_from_slice(&Uint8Array::new(&sealed).to_vec());
    Ok(out)
}

/// Opens a sealed file into the plain bundle file.
pub async fn decrypt(sealed: &[u8], passphrase: &str) -> Result<Vec<u8>, WebCryptoError> {
    let (envelope, body) = Envelope::parse(sealed)?;
    let subtle = subtle()?;
    let key = derive(&subtle, passphrase, &envelope).await?;
    let params = gcm(&envelope, &sealed[..HEADER_LEN]);
    // A wrong passphrase and a damaged file both fail the tag check: one message for both.
    let plain = call(subtle.decrypt_with_object_and_buffer_source(&params, &key, &bytes(body)))
        .await
        .map_err(|_| CryptError::WrongPassphrase)?;
    Ok(Uint8Array::new(&plain).to_vec())
}

/// PBKDF2-HMAC-SHA-256 of a passphrase, 32 bytes: the key that wraps the store's data key
/// (`store::sealed`). The same function as `crypt::derive_key`, run by the browser.
pub async fn derive_bits(passphrase: &str, salt: &[u8], iterations: u32) -> Result<[u8; 32], WebCryptoError> {
    if !(MIN_ITERATIONS..=MAX_ITERATIONS).contains(&iterations) {
        return Err(CryptError::Iterations(iterations).into());
    }
    let unavailable = |e: JsValue| WebCryptoError::Unavailable(format!("{e:?}"));
    let subtle = subtle()?;
    let usages: JsValue = Array::of1(&"deriveBits".into()).into();
    let base = call(subtle.import_key_with_str("raw", &bytes(passphrase.as_bytes()), "PBKDF2", false, &usages))
        .await
        .map_err(unavailable)?;
    let params = Pbkdf2Params::new("PBKDF2", &JsValue::from_str("SHA-256"), iterations, &bytes(salt));
    let bits = call(subtle.derive_bits_with_object(&params, &base.unchecked_into(), 256)).await.map_err(unavailable)?;
    let out = Uint8Array::new(&bits).to_vec();
    out.try_into().map_err(|_| WebCryptoError::Unavailable("PBKDF2 gave the wrong length".into()))
}

/// WebCrypto where this code runs: the page's window or the worker's global scope.
fn subtle_here() -> Result<SubtleCrypto, WebCryptoError> {
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|c| c.dyn_into::<web_sys::Crypto>().ok())
        .ok_or_else(|| WebCryptoError::Unavailable("no crypto in this scope".into()))?;
    Ok(crypto.subtle())
}

/// Opens a load's sealed bucket values with WebCrypto's AES-GCM (the layout of
/// `store::sealed`: the bucket key as additional data), all of a chunk at once.
pub fn bulk_opener(key: &crate::store::sealed::DataKey) -> crate::store::sealed::BulkOpen {
    use crate::store::sealed::split_sealed;
    use crate::store::StoreError;
    let raw = key.0;
    std::rc::Rc::new(move |items: Vec<(String, Vec<u8>)>| {
        Box::pin(async move {
            let fail = |e: JsValue| StoreError::Backend(format!("WebCrypto: {e:?}"));
            let subtle = subtle_here().map_err(|e| StoreError::Backend(e.to_string()))?;
            let usages: JsValue = Array::of1(&"decrypt".into()).into();
            let key: CryptoKey = call(subtle.import_key_with_str("raw", &bytes(&raw), "AES-GCM", false, &usages))
                .await
                .map_err(fail)?
                .unchecked_into();
            let promises = Array::new();
            for (k, v) in &items {
                let (nonce, body) = split_sealed(k, v)?;
                let params = AesGcmParams::new("AES-GCM", &bytes(nonce));
                params.set_additional_data(&bytes(k.as_bytes()));
                params.set_tag_length(128);
                let promise: js_sys::Promise =
                    subtle.decrypt_with_object_and_buffer_source(&params, &key, &bytes(body)).map_err(fail)?;
                promises.push(&promise);
            }
            let opened = JsFuture::from(js_sys::Promise::all(&promises)).await.map_err(|_| StoreError::Corrupt {
                key: items.first().map(|(k, _)| k.clone()).unwrap_or_default(),
                reason: "sealed value does not open".into(),
            })?;
            let opened: Array = opened.unchecked_into();
            Ok(opened.iter().map(|b| Uint8Array::new(&b).to_vec()).collect())
        }) as std::pin::Pin<Box<dyn std::future::Future<Output = Result<Vec<Vec<u8>>, StoreError>>>>
    })
}
