//! Setting, changing or removing a staff member's personal PIN (issue 9), from the staff page.
//! The rule — a PIN that exists is needed to change or remove it — is `privacy::edits::set_pin`.

use crate::i18n::Msg;
use crate::model::validate::FieldError;
use crate::model::Id;
use crate::privacy::edits::set_pin;
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn PinForm(staff: Id, on_done: Callback<()>) -> impl IntoView {
    let state = use_app();
    let old_pin = RwSignal::new(String::new());
    let new_pin = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let has_pin =
        Memo::new(move |_| state.data.with(|d| d.staff.get(&staff).is_some_and(|s| !s.data.pin_hash.is_empty())));
    let name = move || state.data.with(|d| d.staff.get(&staff).map(|s| s.data.name.clone()).unwrap_or_default());
    let write = move |remove: bool| {
        let Some(current) = state.data.with_untracked(|d| d.staff.get(&staff).cloned()) else { return };
        let mut salt = [0u8; 16];
        browser::random_bytes(&mut salt);
        let pin = new_pin.get_untracked();
        let outcome = set_pin(
            &current,
            &old_pin.get_untracked(),
            (!remove).then_some(pin.as_str()),
            salt,
            browser::new_id(),
            state.origin(),
        );
        finish_save(outcome, errors, saving, move |_| {
            state.info(if remove { Msg::PinRemoved } else { Msg::PinSet }, &[]);
            on_done.run(());
        });
    };
    view! {
        <form class="card pin-form" novalidate=true data-testid="pin-form" on:submit=move |ev| {
            ev.prevent_default();
            write(false);
        }>
            <h3>{move || Msg::PinTitle.with(state.lang.get(), &[&name()])}</h3>
            <p class="muted">{move || state.t(Msg::PinExplain)}</p>
            <div class="grid">
                {move || has_pin.get().then(|| view! {
                    <TextField label=Msg::PinOld name="old_pin" input_type="password"
                        value=Signal::derive(move || old_pin.get())
                        on_input=Callback::new(move |v: String| old_pin.set(v))
                        error=field_error(errors, "old_pin") />
                })}
                <TextField label=Msg::PinNew name="new_pin" input_type="password"
                    value=Signal::derive(move || new_pin.get())
                    on_input=Callback::new(move |v: String| new_pin.set(v))
                    error=field_error(errors, "new_pin") />
            </div>
            <div class="actions">
                <button type="button" class="button" on:click=move |_| on_done.run(())>{move || state.t(Msg::Cancel)}</button>
                {move || has_pin.get().then(|| view! {
                    <button type="button" class="button" data-testid="remove-pin" disabled=move || saving.get()
                        on:click=move |_| write(true)>{move || state.t(Msg::PinRemove)}</button>
                })}
                <button type="submit" class="button primary" data-testid="save-pin" disabled=move || saving.get()>
                    {move || state.t(Msg::PinSave)}
                </button>
            </div>
        </form>
    }
}
