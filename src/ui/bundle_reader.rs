//! Reading an import's file off the page's thread: a second instance of the worker (its binary
//! is built at opt-level 3, where the page's is built for size, and JSON parsing is the bulk of
//! an import's check) started for the one file and ended with it, so the memory it took — the
//! JSON and the parsed items, well over a GB for the largest firm — is given back at once and a
//! scoring run in the other worker is not held up. The page keeps drawing meanwhile.

use crate::exchange::{Bundle, BundleError, Limits};
use crate::ui::browser::TabChannel;
use crate::worker::{ScoringWorker, LOADER};
use crate::workspace::{FromWorker, PackedBundle, ToWorker};
use futures_channel::oneshot;
use gloo_worker::Spawnable;
use std::cell::RefCell;
use std::rc::Rc;

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file is not a sound bundle.
    Bundle(BundleError),
    /// The worker answered what the page cannot decode.
    Worker,
    /// The worker's wasm failed while reading (most likely its memory ran out: a file too big
    /// for this browser); it ended itself.
    Stopped,
}

/// Reads and checks a plain bundle file completely (`decrypted`: the page opened it with
/// WebCrypto, so it must not be encrypted again). Nothing is written.
pub async fn read_bundle(bytes: Vec<u8>, decrypted: bool, limits: Limits) -> Result<Bundle, ReadError> {
    let (tx, rx) = oneshot::channel::<Result<Box<PackedBundle>, ReadError>>();
    let tx = Rc::new(RefCell::new(Some(tx)));
    let answer_tx = tx.clone();
    // The worker's word that it failed, on a channel of this read's own (`crate::worker`).
    let report_to = format!("kehu-read-{}", crate::ui::browser::new_id());
    let _stopped = TabChannel::open(&report_to, move |_| {
        if let Some(tx) = tx.borrow_mut().take() {
            let _ = tx.send(Err(ReadError::Stopped));
        }
    });
    let bridge = ScoringWorker::spawner()
        .callback(move |msg| {
            if let FromWorker::BundleRead(result) = msg {
                if let Some(tx) = answer_tx.borrow_mut().take() {
                    let _ = tx.send(result.map_err(ReadError::Bundle));
                }
            }
        })
        .with_loader(true)
        .as_module(false)
        .spawn(LOADER);
    let sent_ms = js_sys::Date::now();
    bridge.send(ToWorker::ReadBundle {
        bytes: serde_bytes::ByteBuf::from(bytes),
        decrypted,
        limits,
        sent_ms,
        report_to,
    });
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
        Ok(Err(e)) => Err(e),
        Err(_) => Err(ReadError::Worker),
    }
}
