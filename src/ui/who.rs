//! Who is working (issue 9): the header's chip and dialog to choose the staff member using this
//! device (their PIN when they have one), the lock screen, and the idle lock. The rules are
//! `crate::privacy::Session`; this keeps the session in `AppState::who`, remembers the user and
//! the idle minutes in localStorage (they belong to the device, not the firm), and covers the
//! app — pages stay mounted under the lock, so nothing typed is lost.

use crate::i18n::Msg;
use crate::model::Id;
use crate::privacy::session::has_pin;
use crate::privacy::{Session, UnlockError};
use crate::ui::browser;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const USER_KEY: &str = "kehu.user";
const IDLE_KEY: &str = "kehu.lock_minutes";
/// Minutes without a tap or key before the app locks (for a user with a PIN).
pub const DEFAULT_IDLE_MINUTES: u32 = 15;

pub fn idle_minutes() -> u32 {
    browser::local_get(IDLE_KEY).and_then(|t| t.parse().ok()).unwrap_or(DEFAULT_IDLE_MINUTES)
}

fn remembered_user() -> Option<Id> {
    browser::local_get(USER_KEY).and_then(|t| Id::parse(&t))
}

fn remember(user: Option<Id>) {
    browser::local_set(USER_KEY, &user.map(|u| u.to_string()).unwrap_or_default());
}

/// Once the staff list is read: the remembered user (locked when they have a PIN), the
/// activity listeners and the idle check.
pub fn start(state: AppState) {
    state.who.set(state.data.with_untracked(|d| Session::start(remembered_user(), d, browser::now_ms())));
    if let Some(window) = web_sys::window() {
        let touch = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            // Untracked: the time of the last tap re-renders nothing.
            state.who.update_untracked(|s| *s = s.touch(browser::now_ms()));
        });
        for event in ["pointerdown", "keydown"] {
            let _ = window.add_event_listener_with_callback(event, touch.as_ref().unchecked_ref());
        }
        touch.forget();
    }
    leptos::task::spawn_local(async move {
        loop {
            gloo_timers::future::TimeoutFuture::new(10_000).await;
            let due = state.data.with_untracked(|d| {
                state.who.with_untracked(|s| s.idle_lock_due(d, browser::now_ms(), idle_minutes()))
            });
            if due {
                state.data.with_untracked(|d| state.who.update(|s| *s = s.lock(d)));
            }
        }
    });
}

/// Signing in as `staff` with `pin`: the session, remembered; or what was wrong.
fn sign_in(state: AppState, staff: Id, pin: &str) -> Result<(), Msg> {
    let outcome = state.data.with_untracked(|d| Session::sign_in(d, staff, pin, browser::now_ms()));
    match outcome {
        Ok(s) => {
            state.who.set(s);
            remember(s.user);
            Ok(())
        }
        Err(UnlockError::WrongPin) => Err(Msg::WhoWrongPin),
        Err(UnlockError::UnknownStaff) => Err(Msg::WhoUnknown),
    }
}

/// The current staff, sorted by name, for the choosers.
fn staff_options(state: AppState) -> Vec<(Id, String)> {
    let mut v: Vec<(Id, String)> =
        state.data.with(|d| d.staff.live().filter(|s| !s.data.archived).map(|s| (s.id, s.data.name.clone())).collect());
    v.sort_by(|a, b| a.1.cmp(&b.1));
    v
}

/// A staff chooser and, when the one chosen has a PIN, the PIN field; `submit` signs in.
#[component]
fn SignInForm(#[prop(into)] initial: Option<Id>, submit_label: Msg, on_done: Callback<()>) -> impl IntoView {
    let state = use_app();
    let chosen = RwSignal::new(initial);
    let pin = RwSignal::new(String::new());
    let error = RwSignal::new(None::<Msg>);
    let needs_pin = move || chosen.get().is_some_and(|c| state.data.with(|d| has_pin(d, c)));
    let submit = move || {
        let Some(staff) = chosen.get_untracked() else {
            error.set(Some(Msg::VUnknownStaff));
            return;
        };
        match sign_in(state, staff, &pin.get_untracked()) {
            Ok(()) => {
                pin.set(String::new());
                error.set(None);
                on_done.run(());
            }
            Err(m) => error.set(Some(m)),
        }
    };
    view! {
        <form class="who-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <div class="field">
                <label for="f-who_staff">{move || state.t(Msg::WhoStaff)}</label>
                <select id="f-who_staff" data-testid="who-staff"
                    on:change=move |ev| { chosen.set(Id::parse(&event_target_value(&ev))); error.set(None); }>
                    <option value="" selected=move || chosen.get().is_none()>{move || state.t(Msg::VUnknownStaff)}</option>
                    {move || staff_options(state).into_iter().map(|(id, name)| {
                        view! { <option value=id.to_string() selected=move || chosen.get() == Some(id)>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || needs_pin().then(|| view! {
                <div class="field" class:invalid=move || error.get() == Some(Msg::WhoWrongPin)>
                    <label for="f-who_pin">{move || state.t(Msg::WhoPin)}</label>
                    <input id="f-who_pin" data-testid="who-pin" type="password" autocomplete="off"
                        aria-describedby="f-who_pin-error"
                        prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev)) />
                </div>
            })}
            <p class="field-error" id="f-who_pin-error" role="alert" data-testid="who-error">{move || error.get().map(|m| state.t(m))}</p>
            <div class="actions">
                <button type="submit" class="button primary" data-testid="who-submit">{move || state.t(submit_label)}</button>
            </div>
        </form>
    }
}

/// The header's chip: who is working (or "who is working?"), opening the dialog.
#[component]
pub fn WhoChip() -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(false);
    let name = move || state.who.with(|s| s.user).and_then(|u| state.staff_names.with(|n| n.get(&u).cloned()));
    let minutes = RwSignal::new(idle_minutes().to_string());
    let minutes_error = RwSignal::new(false);
    let save_minutes = move |text: String| {
        minutes.set(text.clone());
        match text.trim().parse::<u32>() {
            Ok(m) if m <= 24 * 60 => {
                minutes_error.set(false);
                browser::local_set(IDLE_KEY, &m.to_string());
            }
            _ => minutes_error.set(true),
        }
    };
    view! {
        <button type="button" data-testid="who-chip" on:click=move |_| open.set(true)
            class=move || if name().is_some() { "who-chip" } else { "who-chip warn" }>
            {move || name().unwrap_or_else(|| state.t(Msg::WhoAsk).to_string())}
        </button>
        {move || open.get().then(|| view! {
            <div class="modal-backdrop">
                <div class="modal" role="dialog" aria-modal="true" aria-labelledby="who-title" data-testid="who-dialog">
                    <h2 id="who-title">{move || state.t(Msg::WhoTitle)}</h2>
                    <p class="muted">{move || state.t(Msg::WhoExplain)}</p>
                    <SignInForm initial=state.who.get_untracked().user submit_label=Msg::WhoStart
                        on_done=Callback::new(move |_| open.set(false)) />
                    <div class="field" class:invalid=move || minutes_error.get()>
                        <label for="f-lock_minutes">{move || state.t(Msg::WhoIdleMinutes)}</label>
                        <input id="f-lock_minutes" data-testid="lock-minutes" type="text" inputmode="numeric"
                            aria-describedby="f-lock_minutes-hint"
                            prop:value=move || minutes.get() on:input=move |ev| save_minutes(event_target_value(&ev)) />
                        <p class="hint" id="f-lock_minutes-hint">{move || state.t(if minutes_error.get() { Msg::WhoIdleBad } else { Msg::WhoIdleHint })}</p>
                    </div>
                    <div class="actions">
                        {move || state.data.with(|d| state.who.with(|s| s.can_lock(d))).then(|| view! {
                            <button type="button" class="button" data-testid="lock-now" on:click=move |_| {
                                open.set(false);
                                state.data.with_untracked(|d| state.who.update(|s| *s = s.lock(d)));
                            }>{move || state.t(Msg::WhoLockNow)}</button>
                        })}
                        {move || state.who.with(|s| s.user.is_some()).then(|| view! {
                            <button type="button" class="button" data-testid="who-sign-out" on:click=move |_| {
                                state.who.update(|s| *s = Session { user: None, locked: false, ..*s });
                                remember(None);
                                open.set(false);
                            }>{move || state.t(Msg::WhoSignOut)}</button>
                        })}
                        <button type="button" class="button" on:click=move |_| open.set(false)>{move || state.t(Msg::Close)}</button>
                    </div>
                </div>
            </div>
        })}
    }
}

/// Covers the app while locked: the user's PIN or passphrase opens it, or another staff member's.
#[component]
pub fn LockScreen() -> impl IntoView {
    let state = use_app();
    move || {
        state.who.with(|s| s.locked).then(|| {
            let user = state.who.get_untracked().user;
            view! {
                <div class="lock-screen" role="dialog" aria-modal="true" aria-labelledby="lock-title" data-testid="lock-screen">
                    <div class="lock-box">
                        <span class="brand-mark" aria-hidden="true">"客"</span>
                        <h2 id="lock-title">{move || state.t(Msg::WhoLocked)}</h2>
                        <p class="muted">{move || state.t(Msg::WhoLockedExplain)}</p>
                        <SignInForm initial=user submit_label=Msg::WhoUnlock on_done=Callback::new(|_| ()) />
                    </div>
                </div>
            }
        })
    }
}
