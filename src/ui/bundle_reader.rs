//! Reading an import's file off the page's thread: a second instance of the worker (its binary
//! is built at opt-level 3, where the page's is built for size, and JSON parsing is the bulk of
//! an import's check) started for the one file and ended with it, so the memory it took — the
//! JSON and the parsed items, well over a GB for the largest firm — is given back at once and a
//! scoring run in the other worker is not held up. The page keeps drawing meanwhile.

use crate::exchange::{Bundle, BundleError, Limits};
use crate::worker::{ScoringWorker, LOADER};
use crate::workspace::{FromWorker, ToWorker};
use futures_channel::oneshot;
use gloo_worker::Spawnable;
use std::cell::RefCell;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file is not a sound bundle.
    Bundle(BundleError),
    /// The worker stopped or answered what the page cannot decode.
    Worker,
}

/// Reads and checks a plain bundle file completely (`decrypted`: the page opened it with
/// WebCrypto, so it must not be encrypted again). Nothing is written.
pub async fn read_bundle(bytes: Vec<u8>, decrypted: bool, limits: Limits) -> Result<Bundle, ReadError> {
    let (tx, rx) = oneshot::channel();
    let tx = RefCell::new(Some(tx));
    let bridge = ScoringWorker::spawner()
        .callback(move |msg| {
            if let FromWorker::BundleRead(result) = msg {
                if let Some(tx) = tx.borrow_mut().take() {
                    let _ = tx.send(result);
                }
            }
        })
        .with_loader(true)
        .as_module(false)
        .spawn(LOADER);
    let sent_ms = js_sys::Date::now();
    bridge.send(ToWorker::ReadBundle { bytes: serde_bytes::ByteBuf::from(bytes), decrypted, limits, sent_ms });
    let answer = rx.await;
    // Dropping the last bridge ends the worker.
    drop(bridge);
    match answer {
        Ok(Ok(packed)) => {
            crate::ui::browser::mark("kehu-import-read");
            // The worker's steps, and the answer's way back (both clocks are the machine's).
            for (step, ms) in &packed.timings {
                crate::ui::browser::record_duration(&format!("kehu-import-worker-{step}"), *ms);
            }
            crate::ui::browser::record_duration("kehu-import-worker-return", js_sys::Date::now() - packed.answered_ms);
            packed.unpack().map_err(|_| ReadError::Worker)
        }
        Ok(Err(e)) => Err(ReadError::Bundle(e)),
        Err(_) => Err(ReadError::Worker),
    }
}
