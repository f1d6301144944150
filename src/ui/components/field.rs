//! Labelled form fields with their error shown next to them.

use crate::i18n::{invalid_text, Msg};
use crate::model::validate::FieldError;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The error message for one field, from a form's list of errors, in the current language.
pub fn field_error(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    let state = use_app();
    Signal::derive(move || {
        let lang = state.lang.get();
        errors.with(|es| es.iter().find(|e| e.field == field).map(|e| invalid_text(e.problem, lang)))
    })
}

/// A labelled text input (or textarea). `name` is the field's name: the input's id suffix and
/// what tests find it by.
#[component]
pub fn TextField(
    label: Msg,
    name: &'static str,
    #[prop(into)] value: Signal<String>,
    on_input: Callback<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    #[prop(optional)] multiline: bool,
    #[prop(optional)] required: bool,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] input_mode: &'static str,
    #[prop(optional)] placeholder: Option<Msg>,
) -> impl IntoView {
    let state = use_app();
    let id = format!("f-{name}");
    let err_id = format!("f-{name}-error");
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let has_error = move || error.get().is_some();
    let placeholder = move || placeholder.map(|p| state.t(p)).unwrap_or("");
    let input = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=name
                rows="3"
                aria-invalid=move || if has_error() { "true" } else { "false" }
                aria-describedby=err_id.clone()
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=name
                type=input_type
                inputmode=if input_mode.is_empty() { None } else { Some(input_mode) }
                aria-invalid=move || if has_error() { "true" } else { "false" }
                aria-describedby=err_id.clone()
                required=required
                placeholder=placeholder
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:invalid=has_error>
            <label for=id>
                {move || state.t(label)}
                {required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}
            </label>
            {input}
            <p class="field-error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A labelled select of (value, text) options.
#[component]
pub fn SelectField(
    label: Msg,
    name: &'static str,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
) -> impl IntoView {
    let state = use_app();
    let id = format!("f-{name}");
    let err_id = format!("f-{name}-error");
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    view! {
        <div class="field" class:invalid=move || error.get().is_some()>
            <label for=id.clone()>{move || state.t(label)}</label>
            <select id=id name=name aria-describedby=err_id.clone() prop:value=move || value.get() on:change=move |ev| on_change.run(event_target_value(&ev))>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
            <p class="field-error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// A labelled checkbox.
#[component]
pub fn CheckField(
    label: Msg,
    name: &'static str,
    #[prop(into)] value: Signal<bool>,
    on_change: Callback<bool>,
) -> impl IntoView {
    let state = use_app();
    let id = format!("f-{name}");
    view! {
        <div class="field check">
            <input
                type="checkbox"
                id=id.clone()
                name=name
                prop:checked=move || value.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))
            />
            <label for=id>{move || state.t(label)}</label>
        </div>
    }
}

/// What a form does with the core's answer to "save": the field errors shown (and a notice), or
/// nothing to write, or the batch written — one save at a time — after which `done(true)` runs
/// (`done(false)` when nothing had changed).
pub fn finish_save(
    outcome: Result<Option<crate::model::Dataset>, Vec<FieldError>>,
    errors: RwSignal<Vec<FieldError>>,
    saving: RwSignal<bool>,
    done: impl FnOnce(bool) + 'static,
) {
    let state = use_app();
    match outcome {
        Err(es) => {
            errors.set(es);
            state.error(Msg::ErrFixFields);
        }
        Ok(None) => {
            errors.set(Vec::new());
            done(false);
        }
        Ok(Some(batch)) => {
            errors.set(Vec::new());
            saving.set(true);
            leptos::task::spawn_local(async move {
                let ok = state.commit(batch).await.is_ok();
                saving.set(false);
                if ok {
                    done(true);
                }
            });
        }
    }
}
