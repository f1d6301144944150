//! A confirmation dialog before anything is destroyed or hidden.

use crate::i18n::Msg;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Shows `message` with Confirm / Cancel while `open` is true. Confirm runs `on_confirm`.
/// With `typed_word`, the user must type that word first (for irreversible actions).
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] message: Signal<String>,
    on_confirm: Callback<()>,
    #[prop(optional, into)] typed_word: Option<Signal<String>>,
    #[prop(default = Msg::Confirm)] confirm_label: Msg,
) -> impl IntoView {
    let state = use_app();
    let typed = RwSignal::new(String::new());
    let ready = move || typed_word.is_none_or(|w| typed.get().trim() == w.get());
    move || {
        open.get().then(|| {
            view! {
                <div class="modal-backdrop">
                    <div class="modal" role="alertdialog" aria-modal="true" aria-labelledby="confirm-text">
                        <p id="confirm-text">{move || message.get()}</p>
                        {typed_word.map(|_| view! {
                            <label class="field">
                                <input
                                    type="text"
                                    data-testid="confirm-word"
                                    aria-label=move || message.get()
                                    prop:value=move || typed.get()
                                    on:input=move |ev| typed.set(event_target_value(&ev))
                                />
                            </label>
                        })}
                        <div class="actions">
                            <button class="button" on:click=move |_| { typed.set(String::new()); open.set(false) }>
                                {move || state.t(Msg::Cancel)}
                            </button>
                            <button
                                class="button danger"
                                data-testid="confirm"
                                disabled=move || !ready()
                                on:click=move |_| {
                                    open.set(false);
                                    typed.set(String::new());
                                    on_confirm.run(());
                                }
                            >
                                {move || state.t(confirm_label)}
                            </button>
                        </div>
                    </div>
                </div>
            }
        })
    }
}
