//! Photos of a complaint step: picked with `ui::files`, compressed in the browser (decoded,
//! drawn on a canvas at most 1600 px on the longest side, encoded as JPEG at falling sizes and
//! qualities until it fits the core's `max_photo_bytes`: `service::complaints::photo_attempts`),
//! checked by the core (`validate_photos`) before they are attached, and shown as thumbnails.

use crate::i18n::{invalid_text, Msg};
use crate::model::service::Attachment;
use crate::model::validate::Invalid;
use crate::model::Id;
use crate::service::complaints::{encode_base64, photo_attempts, photo_name, validate_photos};
use crate::service::ServiceSettings;
use crate::ui::browser;
use crate::ui::files::picked_file;
use crate::ui::state::use_app;
use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The format photos are stored in: every browser encodes JPEG from a canvas (Safari has no
/// WebP encoder).
const STORED_TYPE: &str = "image/jpeg";

fn data_url(a: &Attachment) -> String {
    format!("data:{};base64,{}", a.mime, a.data)
}

/// The canvas's picture as an encoded file.
async fn canvas_blob(canvas: &web_sys::HtmlCanvasElement, quality: f64) -> Option<web_sys::Blob> {
    let promise = js_sys::Promise::new(&mut |resolve: js_sys::Function, _reject: js_sys::Function| {
        let on_blob = resolve.clone();
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = on_blob.call1(&JsValue::NULL, &blob);
        });
        if canvas
            .to_blob_with_type_and_encoder_options(done.unchecked_ref(), STORED_TYPE, &JsValue::from_f64(quality))
            .is_err()
        {
            let _ = resolve.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    JsFuture::from(promise).await.ok()?.dyn_into::<web_sys::Blob>().ok()
}

/// Decodes a picked image and encodes it small enough: the first of the core's attempts whose
/// result is at most `max_bytes`. A file that is no image the browser can decode is the
/// core's "wrong type"; one that stays too large at the smallest attempt, its "too large".
async fn compress(file: &web_sys::File, max_bytes: u32) -> Result<Attachment, Invalid> {
    if !file.type_().starts_with("image/") {
        return Err(Invalid::FileType);
    }
    let window = web_sys::window().ok_or(Invalid::FileType)?;
    let decoding = window.create_image_bitmap_with_blob(file).map_err(|_| Invalid::FileType)?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(decoding).await.map_err(|_| Invalid::FileType)?.dyn_into().map_err(|_| Invalid::FileType)?;
    let canvas: web_sys::HtmlCanvasElement = window
        .document()
        .and_then(|d| d.create_element("canvas").ok())
        .and_then(|c| c.dyn_into().ok())
        .ok_or(Invalid::FileType)?;
    let too_large = Invalid::FileTooLarge(max_bytes / 1024);
    let mut result = Err(too_large);
    for a in photo_attempts(bitmap.width(), bitmap.height()) {
        canvas.set_width(a.width);
        canvas.set_height(a.height);
        let Some(ctx) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            result = Err(Invalid::FileType);
            break;
        };
        // Transparent parts of a PNG would turn black in a JPEG.
        ctx.set_fill_style_str("#ffffff");
        ctx.fill_rect(0.0, 0.0, f64::from(a.width), f64::from(a.height));
        if ctx
            .draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, f64::from(a.width), f64::from(a.height))
            .is_err()
        {
            result = Err(Invalid::FileType);
            break;
        }
        let Some(blob) = canvas_blob(&canvas, a.quality).await else { continue };
        if blob.size() > f64::from(max_bytes) {
            continue;
        }
        let Ok(buffer) = JsFuture::from(blob.array_buffer()).await else { continue };
        let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
        result = Ok(Attachment {
            mime: STORED_TYPE.to_string(),
            name: photo_name(&file.name(), STORED_TYPE),
            data: encode_base64(&bytes),
        });
        break;
    }
    bitmap.close();
    result
}

/// Photos to attach to the step being recorded: a picker, the thumbnails with a remove button,
/// the error of the last pick (or of saving, `error`) next to them.
#[component]
pub fn PhotoPicker(
    photos: RwSignal<Vec<(Id, Attachment)>>,
    settings: Memo<ServiceSettings>,
    /// The core's error for the field `photos` when saving.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let pick_error = RwSignal::new(None::<Invalid>);
    let busy = RwSignal::new(false);
    let on_pick = move |ev: web_sys::Event| {
        let Some(file) = picked_file(&ev) else { return };
        pick_error.set(None);
        busy.set(true);
        let s = settings.get_untracked();
        leptos::task::spawn_local(async move {
            match compress(&file, s.max_photo_bytes).await {
                Err(p) => pick_error.set(Some(p)),
                Ok(a) => {
                    let mut all: Vec<Attachment> =
                        photos.with_untracked(|v| v.iter().map(|(_, a)| a.clone()).collect());
                    all.push(a.clone());
                    match validate_photos(&all, &s).first() {
                        Some(e) => pick_error.set(Some(e.problem)),
                        None => photos.update(|v| v.push((browser::new_id(), a))),
                    }
                }
            }
            busy.set(false);
        });
    };
    let shown_error = move || {
        let lang = state.lang.get();
        pick_error.get().map(|p| invalid_text(p, lang)).or_else(|| error.get())
    };
    let max = move || settings.with(|s| s.max_photos as usize);
    view! {
        <div class="field cp-photos" class:invalid=move || shown_error().is_some()>
            <span class="label" id="cp-photos-label">{move || state.t(Msg::CpPhotos)}</span>
            <ul class="cp-thumbs" aria-labelledby="cp-photos-label">
                {move || photos.get().into_iter().map(|(id, a)| {
                    let alt = a.name.clone();
                    view! {
                        <li data-testid="photo-pending">
                            <img src=data_url(&a) alt=alt.clone() />
                            <button type="button" class="button small ghost"
                                aria-label=move || Msg::CpRemovePhoto.with(state.lang.get(), &[&alt])
                                on:click=move |_| photos.update(|v| v.retain(|(x, _)| *x != id))>
                                {move || state.t(Msg::Delete)}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (photos.with(Vec::len) < max()).then(|| view! {
                <label class="button cp-pick" for="f-photo">
                    {move || if busy.get() { state.t(Msg::CpCompressing) } else { state.t(Msg::CpAddPhoto) }}
                </label>
                <input id="f-photo" class="visually-hidden" type="file" accept="image/*" data-testid="photo-input"
                    disabled=move || busy.get() on:change=on_pick />
            })}
            <p class="hint">{move || Msg::CpPhotoHint.with(state.lang.get(), &[&max().to_string(), &(settings.with(|s| s.max_photo_bytes) / 1024).to_string()])}</p>
            <p class="field-error" role="alert" data-testid="photo-error">{shown_error}</p>
        </div>
    }
}

/// Stored photos of a step, as thumbnails; one taps open to its full size below them.
#[component]
pub fn PhotoStrip(ids: Vec<Id>) -> impl IntoView {
    let state = use_app();
    let photos: Vec<Attachment> =
        state.data.with(|d| ids.iter().filter_map(|id| d.attachments.get(id).map(|f| f.data.clone())).collect());
    let open = RwSignal::new(None::<usize>);
    let large = photos.clone();
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="cp-thumbs">
                {photos.into_iter().enumerate().map(|(i, a)| {
                    let alt = a.name.clone();
                    view! {
                        <li data-testid="step-photo">
                            <button type="button" class="cp-thumb" aria-pressed=move || (open.get() == Some(i)).to_string()
                                aria-label=move || Msg::CpShowPhoto.with(state.lang.get(), &[&alt])
                                on:click=move |_| open.update(|o| *o = if *o == Some(i) { None } else { Some(i) })>
                                <img src=data_url(&a) alt="" />
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || open.get().and_then(|i| large.get(i).cloned()).map(|a| view! {
                <img class="cp-large" src=data_url(&a) alt=a.name.clone() data-testid="step-photo-large" />
            })}
        }
    })
}
