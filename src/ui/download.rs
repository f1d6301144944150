//! Saving a file the app made (CSV, bundles) through the browser's download.

use wasm_bindgen::JsCast;

/// Offers `bytes` as a download named `file_name`. Returns false when the browser refused.
pub fn save_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return false };
    let parts = js_sys::Array::new();
    parts.push(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options) else { return false };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return false };
    let saved = document
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(file_name);
            a.click();
        })
        .is_some();
    // The click has started the download; the URL can go once the browser has taken it.
    let url_for_later = url.clone();
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(30_000).await;
        let _ = web_sys::Url::revoke_object_url(&url_for_later);
    });
    saved
}

/// Offers a CSV (already UTF-8 with BOM from `exchange::csv::export`) as a download.
pub fn save_csv(file_name: &str, bytes: &[u8]) -> bool {
    save_bytes(file_name, "text/csv;charset=utf-8", bytes)
}
