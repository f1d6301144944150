//! Small bridges to browser APIs the app needs: the clock, randomness, the time zone, the
//! storage manager, localStorage, and the channel that tells other tabs about changes.

use crate::model::{Id, IdSource, NodeId};
use chrono::NaiveDate;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Scrolls the page only as far as needed to show `e` whole (a message that appeared out of
/// sight, say under the fold).
pub fn reveal(e: &web_sys::Element) {
    let options = web_sys::ScrollIntoViewOptions::new();
    options.set_block(web_sys::ScrollLogicalPosition::Nearest);
    e.scroll_into_view_with_scroll_into_view_options(&options);
}

pub fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// Minutes east of UTC in the browser's time zone (JavaScript counts the other way).
pub fn tz_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Today's date in the browser's time zone.
pub fn today() -> NaiveDate {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date()).unwrap_or_default()
}

/// Fills `buf` from `crypto.getRandomValues`, falling back to `Math.random` where crypto is
/// missing (ids then still differ, they are just less unpredictable).
pub fn random_bytes(buf: &mut [u8]) {
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(buf).is_ok())
        .unwrap_or(false);
    if !filled {
        for b in buf.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
}

pub fn new_id() -> Id {
    let mut random = [0u8; 10];
    random_bytes(&mut random);
    Id::v7(now_ms(), random)
}

/// Fresh ids from the browser, for the core's functions that take an [`IdSource`].
pub struct BrowserIds;

impl IdSource for BrowserIds {
    fn next_id(&mut self) -> Id {
        new_id()
    }
}

/// A node id for this tab: the device (kept in the store) plus a random session suffix.
pub fn node_for(device: u32) -> NodeId {
    let mut s = [0u8; 2];
    random_bytes(&mut s);
    NodeId::new(device, u16::from_be_bytes(s))
}

pub fn random_u32() -> u32 {
    let mut b = [0u8; 4];
    random_bytes(&mut b);
    u32::from_be_bytes(b)
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn local_get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok()?
}

pub fn local_set(key: &str, value: &str) {
    if let Some(s) = local_storage() {
        // A full or disabled localStorage only loses the remembered language; the data is in IndexedDB.
        let _ = s.set_item(key, value);
    }
}

pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

pub fn set_location_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// Replaces the hash without adding a history entry (typing in the search box).
pub fn replace_location_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(hash));
        }
    }
}

/// Persistent storage and quota, as the browser reports them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StorageInfo {
    /// None when the browser has no StorageManager.
    pub persisted: Option<bool>,
    pub usage: Option<f64>,
    pub quota: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let nav = web_sys::window()?.navigator();
    let has = js_sys::Reflect::has(&nav, &JsValue::from_str("storage")).unwrap_or(false);
    has.then(|| nav.storage())
}

/// Asks for persistent storage (browsers may grant it silently, prompt, or refuse) and reads
/// the usage estimate.
pub async fn request_persistence() -> StorageInfo {
    let Some(sm) = storage_manager() else { return StorageInfo::default() };
    let persisted = match sm.persist() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let mut info = estimate().await;
    info.persisted = persisted;
    info
}

pub async fn estimate() -> StorageInfo {
    let Some(sm) = storage_manager() else { return StorageInfo::default() };
    let Ok(promise) = sm.estimate() else { return StorageInfo::default() };
    let Ok(e) = wasm_bindgen_futures::JsFuture::from(promise).await else { return StorageInfo::default() };
    let num = |k: &str| js_sys::Reflect::get(&e, &JsValue::from_str(k)).ok().and_then(|v| v.as_f64());
    let persisted = match sm.persisted() {
        Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    StorageInfo { persisted, usage: num("usage"), quota: num("quota") }
}

/// 1,234,567 bytes → "1.2 MB".
pub fn human_bytes(bytes: f64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = bytes;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{v:.0} {}", UNITS[u])
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// A BroadcastChannel of this app: other tabs hear which buckets changed, and an import hears
/// from its reading worker that it stopped (`ui::bundle_reader`).
pub struct TabChannel {
    channel: Option<web_sys::BroadcastChannel>,
    _listener: Option<Closure<dyn FnMut(web_sys::MessageEvent)>>,
}

impl TabChannel {
    /// Opens the channel; `on_message` receives other tabs' messages (never this tab's own).
    pub fn open(name: &str, mut on_message: impl FnMut(String) + 'static) -> TabChannel {
        let Ok(channel) = web_sys::BroadcastChannel::new(name) else {
            return TabChannel { channel: None, _listener: None };
        };
        let listener = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(text) = e.data().as_string() {
                on_message(text);
            }
        });
        channel.set_onmessage(Some(listener.as_ref().unchecked_ref()));
        TabChannel { channel: Some(channel), _listener: Some(listener) }
    }

    pub fn post(&self, message: &str) {
        if let Some(c) = &self.channel {
            let _ = c.post_message(&JsValue::from_str(message));
        }
    }
}

/// Marks a moment for performance measurement (read by the benchmarks in headless Chromium).
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// Records a measure of `ms` timed elsewhere — in a worker, whose timeline the page does not
/// see — as ending now: only its duration means anything.
pub fn record_duration(name: &str, ms: f64) {
    let Some(p) = web_sys::window().and_then(|w| w.performance()) else { return };
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"start".into(), &(p.now() - ms).max(0.0).into());
    let _ = js_sys::Reflect::set(&options, &"duration".into(), &ms.into());
    // `measure` with options is not in web-sys's stable API.
    if let Ok(measure) = js_sys::Reflect::get(&p, &"measure".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = measure.call2(&p, &name.into(), &options);
    }
}

/// Measures between two marks, returning the duration in ms.
pub fn measure(name: &str, start: &str, end: &str) -> Option<f64> {
    let p = web_sys::window()?.performance()?;
    p.measure_with_start_mark_and_end_mark(name, start, end).ok()?;
    let entries = p.get_entries_by_name_with_entry_type(name, "measure");
    let last = entries.get(entries.length().checked_sub(1)?);
    js_sys::Reflect::get(&last, &JsValue::from_str("duration")).ok()?.as_f64()
}

/// Waits for the browser to paint (so a "working…" message shows before heavy work).
pub async fn next_frame() {
    gloo_timers::future::TimeoutFuture::new(16).await;
}
