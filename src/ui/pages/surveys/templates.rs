//! Survey forms (调查表): the list, the default form in one tap when there is none, and the
//! editor — name, open question, items in Chinese and English added, renamed, reordered and
//! removed — checked by `service::edits::validate_template`. Forms can be archived (kept for old
//! answers, no longer offered for entry) and restored.

use super::{commit_then, tab_hash, template_list, Shared, Tab};
use crate::i18n::Msg;
use crate::model::service::{SurveyItem, SurveyTemplate};
use crate::model::validate::FieldError;
use crate::model::Id;
use crate::service::edits::{create_template, edit_template, new_item_key, validate_template};
use crate::service::satisfaction::default_template;
use crate::ui::browser;
use crate::ui::components::field::{field_error, TextField};
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// Creates the default form (seven items and the open question) in the user's language.
pub(crate) fn create_default(state: AppState) {
    let t = default_template(state.lang.get_untracked());
    match create_template(browser::new_id(), browser::new_id(), t, state.origin()) {
        Ok(batch) => commit_then(state, batch, move || state.info(Msg::SuDefaultCreated, &[])),
        Err(_) => state.error(Msg::ErrFixFields),
    }
}

#[component]
pub(crate) fn Templates(shared: Shared) -> impl IntoView {
    let state = use_app();
    let _ = shared;
    let list = Memo::new(move |_| state.data.with(template_list));
    let editing = RwSignal::new(None::<Option<Id>>);
    let draft = RwSignal::new(SurveyTemplate::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let open = move |id: Option<Id>| {
        let t = match id {
            Some(id) => state.data.with_untracked(|d| d.survey_templates.get(&id).map(|r| r.data.clone())),
            None => Some(SurveyTemplate { name: String::new(), ..default_template(state.lang.get_untracked()) }),
        };
        draft.set(t.unwrap_or_default());
        errors.set(Vec::new());
        editing.set(Some(id));
    };
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        let mut t = draft.get_untracked();
        t.name = t.name.trim().to_string();
        t.open_question = t.open_question.trim().to_string();
        for i in &mut t.items {
            i.label_zh = i.label_zh.trim().to_string();
            i.label_en = i.label_en.trim().to_string();
        }
        let errs = validate_template(&t);
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let current = target.and_then(|id| state.data.with_untracked(|d| d.survey_templates.get(&id).cloned()));
        let batch = match current {
            Some(c) => edit_template(&c, &t, browser::new_id(), state.origin()),
            None => create_template(browser::new_id(), browser::new_id(), t, state.origin()).map(Some),
        };
        match batch {
            Ok(Some(batch)) => commit_then(state, batch, move || {
                editing.set(None);
                state.info(Msg::Saved, &[]);
            }),
            Ok(None) => editing.set(None),
            Err(errs) => errors.set(errs),
        }
    };
    let set_archived = move |id: Id, archived: bool| {
        let Some(current) = state.data.with_untracked(|d| d.survey_templates.get(&id).cloned()) else { return };
        let new = SurveyTemplate { archived, ..current.data.clone() };
        if let Ok(Some(batch)) = edit_template(&current, &new, browser::new_id(), state.origin()) {
            commit_then(state, batch, move || {
                state.info(if archived { Msg::SuFormArchived } else { Msg::SuFormRestored }, &[])
            });
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::SuTemplatesTitle)}</h2>
            <div class="actions">
                <button class="button" data-testid="su-new-template" on:click=move |_| open(None)>{move || state.t(Msg::SuNewTemplate)}</button>
            </div>
        </div>
        {move || {
            let lang = state.lang.get();
            let list = list.get();
            if list.is_empty() {
                return view! {
                    <div class="banner info" data-testid="su-no-template">
                        <span>{Msg::SuNoTemplate.text(lang)}</span>
                        <button class="button primary" data-testid="su-create-default" on:click=move |_| create_default(state)>
                            {Msg::SuCreateDefault.text(lang)}
                        </button>
                    </div>
                }.into_any();
            }
            view! {
                <div class="table-wrap">
                    <table class="lines" data-testid="su-templates">
                        <thead><tr>
                            <th>{Msg::SuTemplateName.text(lang)}</th>
                            <th class="num">{Msg::SuItemCount.text(lang)}</th>
                            <th><span class="visually-hidden">{Msg::Edit.text(lang)}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|(id, t)| {
                                let archived = t.archived;
                                view! {
                                    <tr class:muted=archived data-testid="su-template-row">
                                        <td>{t.name.clone()} {archived.then(|| view! { <span class="badge">{Msg::Archived.text(lang)}</span> })}</td>
                                        <td class="num">{t.items.len()}</td>
                                        <td class="row-actions">
                                            <button class="button ghost small" on:click=move |_| open(Some(id))>{Msg::Edit.text(lang)}</button>
                                            <a class="button ghost small" href=tab_hash(Tab::Print, None, Some(id))>{Msg::SuTabPrint.text(lang)}</a>
                                            <button class="button ghost small" on:click=move |_| set_archived(id, !archived)>
                                                {if archived { Msg::RestoreCustomer.text(lang) } else { Msg::ArchiveCustomer.text(lang) }}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {move || editing.get().map(|_| view! { <TemplateEditor draft=draft errors=errors on_save=Callback::new(move |_| save()) on_cancel=Callback::new(move |_| editing.set(None)) /> })}
    }
}

/// The editor of one form: its name, open question and items.
#[component]
fn TemplateEditor(
    draft: RwSignal<SurveyTemplate>,
    errors: RwSignal<Vec<FieldError>>,
    on_save: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let state = use_app();
    let keys = Memo::new(move |_| draft.with(|t| t.items.iter().map(|i| i.key.clone()).collect::<Vec<_>>()));
    let position = move |key: &str| draft.with_untracked(|t| t.items.iter().position(|i| i.key == key));
    let update_item = move |key: String, f: fn(&mut SurveyItem, String), v: String| {
        draft.update(|t| {
            if let Some(i) = t.items.iter_mut().find(|i| i.key == key) {
                f(i, v);
            }
        })
    };
    let shift = move |key: String, by: isize| {
        let Some(p) = position(&key) else { return };
        let q = p as isize + by;
        draft.update(|t| {
            if q >= 0 && (q as usize) < t.items.len() {
                t.items.swap(p, q as usize);
            }
        });
    };
    let remove = move |key: String| draft.update(|t| t.items.retain(|i| i.key != key));
    let add = move |_| {
        draft.update(|t| {
            let key = new_item_key(&t.items);
            t.items.push(SurveyItem { key, ..SurveyItem::default() });
        });
        // The new item's first field takes the focus, so typing continues there.
        let n = draft.with_untracked(|t| t.items.len());
        request_animation_frame(move || super::focus_id(&format!("su-item-zh-{}", n - 1)));
    };
    let items_error = field_error(errors, "items");
    view! {
        <form class="card su-editor" novalidate=true on:submit=move |ev| { ev.prevent_default(); on_save.run(()); }>
            <div class="grid">
                <TextField label=Msg::SuTemplateName name="su_template_name" required=true
                    value=Signal::derive(move || draft.with(|t| t.name.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|t| t.name = v))
                    error=field_error(errors, "name") />
                <TextField label=Msg::SuOpenQuestionLabel name="su_open_question"
                    value=Signal::derive(move || draft.with(|t| t.open_question.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|t| t.open_question = v))
                    error=field_error(errors, "open_question") />
            </div>
            <h3 id="su-items-head">{move || state.t(Msg::SuItems)}</h3>
            <ol class="su-items" aria-labelledby="su-items-head">
                <For each=move || keys.get() key=|k| k.clone() children=move |key: String| {
                    let index = Memo::new({ let key = key.clone(); move |_| keys.with(|ks| ks.iter().position(|k| *k == key).unwrap_or(0)) });
                    let count = Memo::new(move |_| keys.with(Vec::len));
                    let is_last = move || index.get() + 1 == count.get();
                    let k1 = key.clone();
                    let k2 = key.clone();
                    let k3 = key.clone();
                    let k4 = key.clone();
                    let k5 = key.clone();
                    let k6 = key.clone();
                    let k7 = key.clone();
                    let get = move |zh: bool| {
                        let key = k1.clone();
                        move || draft.with(|t| t.items.iter().find(|i| i.key == key).map(|i| if zh { i.label_zh.clone() } else { i.label_en.clone() }).unwrap_or_default())
                    };
                    view! {
                        <li class="su-item" data-testid="su-item">
                            <span class="su-item-no" aria-hidden="true">{move || index.get() + 1}</span>
                            <div class="field">
                                <label for=move || format!("su-item-zh-{}", index.get())>{move || format!("{} {} · {}", state.t(Msg::SuItem), index.get() + 1, state.t(Msg::SuLabelZh))}</label>
                                <input id=move || format!("su-item-zh-{}", index.get()) type="text" prop:value=get(true)
                                    on:input=move |ev| update_item(k2.clone(), |i, v| i.label_zh = v, event_target_value(&ev)) />
                            </div>
                            <div class="field">
                                <label for=move || format!("su-item-en-{}", index.get())>{move || format!("{} {} · {}", state.t(Msg::SuItem), index.get() + 1, state.t(Msg::SuLabelEn))}</label>
                                <input id=move || format!("su-item-en-{}", index.get()) type="text" prop:value=get(false)
                                    on:input=move |ev| update_item(k3.clone(), |i, v| i.label_en = v, event_target_value(&ev)) />
                            </div>
                            <div class="su-item-actions">
                                <button type="button" class="button ghost small" disabled=move || index.get() == 0
                                    aria-label=move || format!("{} {}", state.t(Msg::SuMoveUp), index.get() + 1)
                                    on:click=move |_| shift(k4.clone(), -1)>"↑"</button>
                                <button type="button" class="button ghost small" disabled=is_last
                                    aria-label=move || format!("{} {}", state.t(Msg::SuMoveDown), index.get() + 1)
                                    on:click=move |_| shift(k5.clone(), 1)>"↓"</button>
                                <button type="button" class="button ghost small"
                                    aria-label=move || format!("{} {}", state.t(Msg::SuRemoveItem), index.get() + 1)
                                    data-testid="su-remove-item"
                                    on:click=move |_| remove(k6.clone())>"✕"</button>
                            </div>
                            <span class="visually-hidden">{k7.clone()}</span>
                        </li>
                    }
                } />
            </ol>
            <p class="field-error" role="alert" data-testid="su-items-error">{move || items_error.get()}</p>
            <div class="actions">
                <button type="button" class="button" data-testid="su-add-item" on:click=add>{move || state.t(Msg::SuAddItem)}</button>
                <button type="button" class="button" on:click=move |_| on_cancel.run(())>{move || state.t(Msg::Cancel)}</button>
                <button type="submit" class="button primary" data-testid="su-save-template">{move || state.t(Msg::Save)}</button>
            </div>
        </form>
    }
}
