//! A settings screen's form, drawn from its table of settings (`crate::forms`): each setting a
//! labelled input with its unit and range and its error next to it, grouped in fieldsets; a
//! problem of a whole group (weights that must add up to 100) under the group. Nothing is saved
//! until every field reads and the core's check passes; "back to the defaults" fills the form
//! (after a confirmation) and still waits for Save.

use crate::forms::{merge_problems, read, texts_of, SettingGroup};
use crate::i18n::{invalid_text, Msg};
use crate::model::validate::FieldError;
use crate::model::Dataset;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::field::finish_save;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// `draft` holds what the table's texts do not (a choice shown by the page in `children`); it
/// starts as the stored settings. `save` turns the settings read from the form into the batch
/// to write (or the problems found).
#[component]
pub fn SettingsForm<S>(
    groups: &'static [SettingGroup<S>],
    draft: RwSignal<S>,
    defaults: S,
    save: Callback<S, Result<Option<Dataset>, Vec<FieldError>>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView
where
    S: Clone + Send + Sync + 'static,
{
    let state = use_app();
    let texts = RwSignal::new(draft.with_untracked(|d| texts_of(groups, d)));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let confirm_reset = RwSignal::new(false);
    let error_of = move |field: &'static str| {
        let lang = state.lang.get();
        errors.with(|es| es.iter().find(|e| e.field == field).map(|e| invalid_text(e.problem, lang)))
    };

    let submit = move || {
        let (settings, problems) = read(groups, &draft.get_untracked(), &texts.get_untracked());
        let outcome = match save.run(settings) {
            // The core checks what could be read, so every problem shows at once.
            Err(checked) => Err(merge_problems(problems, checked)),
            Ok(_) if !problems.is_empty() => Err(problems),
            ok => ok,
        };
        finish_save(outcome, errors, saving, move |_| state.info(Msg::Saved, &[]));
    };
    let defaults = StoredValue::new(defaults);
    let reset = Callback::new(move |_| {
        let d = defaults.get_value();
        texts.set(texts_of(groups, &d));
        draft.set(d);
        errors.set(Vec::new());
    });

    let mut index = 0;
    let fieldsets = groups
        .iter()
        .map(|g| {
            let fields = g
                .fields
                .iter()
                .map(|f| {
                    let i = index;
                    index += 1;
                    let id = format!("f-{}", f.name());
                    let hint_id = format!("{id}-hint");
                    let err_id = format!("{id}-error");
                    let field = f.field;
                    let invalid = move || error_of(field).is_some();
                    view! {
                        <div class="field" class:invalid=invalid>
                            <label for=id.clone()>{move || state.t(f.label)}</label>
                            <input id=id name=f.name() type="text" inputmode="decimal"
                                aria-describedby=format!("{hint_id} {err_id}")
                                aria-invalid=move || if invalid() { "true" } else { "false" }
                                prop:value=move || texts.with(|t| t.get(i).cloned().unwrap_or_default())
                                on:input=move |ev| texts.update(|t| t[i] = event_target_value(&ev)) />
                            <p class="hint" id=hint_id>{move || state.t(f.hint)}</p>
                            <p class="field-error" id=err_id role="alert">{move || error_of(field)}</p>
                        </div>
                    }
                })
                .collect_view();
            let group_error = g.error.map(|key| {
                view! { <p class="field-error group-error" role="alert" data-testid=format!("error-{key}")>{move || error_of(key)}</p> }
            });
            view! {
                <fieldset class="settings-group">
                    <legend>{move || state.t(g.title)}</legend>
                    <div class="grid">{fields}</div>
                    {group_error}
                </fieldset>
            }
        })
        .collect_view();

    view! {
        <form class="record settings-form" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            {fieldsets}
            {children.map(|c| c())}
            <div class="actions">
                <button type="button" class="button" data-testid="settings-defaults" on:click=move |_| confirm_reset.set(true)>
                    {move || state.t(Msg::SsResetDefaults)}
                </button>
                <button type="submit" class="button primary" data-testid="settings-save" disabled=move || saving.get()>
                    {move || state.t(if saving.get() { Msg::Saving } else { Msg::Save })}
                </button>
            </div>
            <ConfirmDialog open=confirm_reset message=Signal::derive(move || state.t(Msg::SsResetConfirm).to_string())
                on_confirm=reset />
        </form>
    }
}
