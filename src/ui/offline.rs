//! Working offline: registers the service worker (`tools/sw/`: one complete copy of the app shell
//! per version), tells the page when a new version is waiting so the user reloads into it whole,
//! and explains Safari's storage rule to Safari users who have not installed the app.

use super::browser;
use crate::i18n::Msg;
use crate::ui::state::use_app;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ServiceWorkerContainer, ServiceWorkerRegistration, ServiceWorkerState};

/// The page's view of the service worker.
#[derive(Clone, Copy)]
pub struct Offline {
    /// A new version is installed and waits for the user to reload.
    pub update_ready: RwSignal<bool>,
    /// The user chose to reload into the new version (the next controller change reloads).
    update_requested: StoredValue<bool>,
}

fn container() -> Option<ServiceWorkerContainer> {
    let navigator = web_sys::window()?.navigator();
    // Absent outside secure contexts (plain http on a LAN address): then there is no offline copy.
    let present = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
    (!present.is_undefined()).then(|| navigator.service_worker())
}

impl Offline {
    pub fn new() -> Offline {
        Offline { update_ready: RwSignal::new(false), update_requested: StoredValue::new(false) }
    }

    /// Registers `sw.js` next to the page and watches for new versions.
    pub fn register(self) {
        let Some(sw) = container() else { return };
        // When the new version takes over after the user asked for it, load the page from it.
        let requested = self.update_requested;
        let on_change = Closure::<dyn FnMut()>::new(move || {
            if requested.get_value() {
                if let Some(w) = web_sys::window() {
                    let _ = w.location().reload();
                }
            }
        });
        sw.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
        on_change.forget();

        let ready = self.update_ready;
        leptos::task::spawn_local(async move {
            let Ok(reg) = wasm_bindgen_futures::JsFuture::from(sw.register("./sw.js")).await else { return };
            let reg: ServiceWorkerRegistration = reg.unchecked_into();
            // Installed during an earlier visit and still waiting behind the running version.
            if reg.waiting().is_some() && sw.controller().is_some() {
                ready.set(true);
            }
            let watched = reg.clone();
            let on_found = Closure::<dyn FnMut()>::new(move || {
                let Some(installing) = watched.installing() else { return };
                let worker = installing.clone();
                let sw = sw.clone();
                let on_state = Closure::<dyn FnMut()>::new(move || {
                    // The first install has no older version to replace: nothing to announce.
                    if worker.state() == ServiceWorkerState::Installed && sw.controller().is_some() {
                        ready.set(true);
                    }
                });
                installing.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
                on_state.forget();
            });
            reg.set_onupdatefound(Some(on_found.as_ref().unchecked_ref()));
            on_found.forget();
        });
    }

    /// Lets the waiting version take over; the page reloads when it has.
    pub fn apply_update(self) {
        self.update_requested.set_value(true);
        let Some(sw) = container() else { return };
        leptos::task::spawn_local(async move {
            let Ok(reg) = wasm_bindgen_futures::JsFuture::from(sw.get_registration()).await else { return };
            let Ok(reg) = reg.dyn_into::<ServiceWorkerRegistration>() else { return };
            match reg.waiting() {
                Some(waiting) => {
                    let _ = waiting.post_message(&JsValue::from_str("skip-waiting"));
                }
                // Already active (another tab applied it): just reload.
                None => {
                    if let Some(w) = web_sys::window() {
                        let _ = w.location().reload();
                    }
                }
            }
        });
    }
}

impl Default for Offline {
    fn default() -> Self {
        Offline::new()
    }
}

/// Safari (macOS, iPadOS, iOS) deletes a site's stored data after 7 days without a visit unless
/// the app is installed (added to the Home Screen or the Dock). `true` when that applies here.
pub fn safari_not_installed() -> bool {
    let Some(w) = web_sys::window() else { return false };
    let navigator = w.navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    let safari = ua.contains("Safari")
        && !["Chrome", "Chromium", "CriOS", "FxiOS", "EdgiOS", "Edg/", "OPR", "Android"].iter().any(|b| ua.contains(b));
    if !safari {
        return false;
    }
    let standalone_ios =
        js_sys::Reflect::get(&navigator, &JsValue::from_str("standalone")).ok().and_then(|v| v.as_bool());
    let standalone = w.match_media("(display-mode: standalone)").ok().flatten().is_some_and(|m| m.matches());
    !(standalone || standalone_ios == Some(true))
}

/// An iPad or iPhone (iPadOS reports itself as a Mac with a touch screen).
fn ios() -> bool {
    let Some(w) = web_sys::window() else { return false };
    let navigator = w.navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    ua.contains("iPad") || ua.contains("iPhone") || (ua.contains("Macintosh") && navigator.max_touch_points() > 1)
}

const SAFARI_DISMISSED: &str = "kehu.safari-notice-dismissed";

/// "A new version is ready — reload", and Safari's install advice.
#[component]
pub fn OfflineBanners() -> impl IntoView {
    let state = use_app();
    let offline = state.offline;
    let safari = RwSignal::new(safari_not_installed() && browser::local_get(SAFARI_DISMISSED).is_none());
    let how = if ios() { Msg::SafariInstallIos } else { Msg::SafariInstallMac };
    view! {
        {move || offline.update_ready.get().then(|| view! {
            <div class="banner info" role="status" data-testid="update-ready">
                <span>{move || state.t(Msg::UpdateReady)}</span>
                <button class="button" data-testid="update-reload" on:click=move |_| offline.apply_update()>
                    {move || state.t(Msg::Reload)}
                </button>
            </div>
        })}
        {move || safari.get().then(|| view! {
            <div class="banner warn" role="note" data-testid="safari-install">
                <span>{move || state.t(Msg::SafariStorageRule)}" "{move || state.t(how)}</span>
                <button class="button" on:click=move |_| {
                    browser::local_set(SAFARI_DISMISSED, "1");
                    safari.set(false);
                }>{move || state.t(Msg::Dismiss)}</button>
            </div>
        })}
    }
}
