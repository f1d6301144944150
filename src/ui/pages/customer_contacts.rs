//! The people at a customer (联系人 / 关键人物), and the erasure of a person's data (PIPL): after
//! a typed confirmation, the contact and the history entries naming it are wiped in memory and
//! in the store in one transaction (`Store::apply_erasure`, not undoable); the erasure travels
//! with branch exchange.

use crate::edits;
use crate::i18n::Msg;
use crate::model::validate::{validate_contact, FieldError, Invalid};
use crate::model::{Contact, Id, Record};
use crate::ui::browser;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::field::{field_error, CheckField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

macro_rules! contact_field {
    ($draft:expr, $errors:expr, $field:ident, $label:expr $(, $opt:ident = $val:expr)*) => {{
        let draft = $draft;
        view! {
            <TextField
                label=$label
                name=concat!("contact_", stringify!($field))
                value=Signal::derive(move || draft.with(|d: &Contact| d.$field.clone()))
                on_input=Callback::new(move |v: String| draft.update(|d: &mut Contact| d.$field = v))
                error=field_error($errors, stringify!($field))
                $($opt=$val)*
            />
        }
    }};
}

#[component]
pub fn ContactsSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let contacts = Memo::new(move |_| {
        state.data.with(|d| {
            let redirects = crate::model::Redirects::of(d);
            let mut v: Vec<Record<Contact>> =
                d.contacts.live().filter(|c| redirects.resolve(c.data.customer) == customer).cloned().collect();
            v.sort_by_key(|c| c.created);
            v
        })
    });
    let adding = RwSignal::new(false);
    let draft = RwSignal::new(Contact { customer, ..Contact::default() });
    let birth_year = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let to_remove = RwSignal::new(None::<Record<Contact>>);
    let confirm_open = RwSignal::new(false);
    let to_erase = RwSignal::new(None::<(Id, String)>);
    let erase_open = RwSignal::new(false);

    let save = move || {
        let mut c = draft.get_untracked();
        c.customer = customer;
        c.name = c.name.trim().to_string();
        let mut errs = Vec::new();
        let by = birth_year.get_untracked();
        c.birth_year = if by.trim().is_empty() {
            None
        } else {
            match by.trim().parse::<i32>() {
                Ok(y) => Some(y),
                Err(_) => {
                    errs.push(FieldError { field: "birth_year", problem: Invalid::Year });
                    None
                }
            }
        };
        errs.extend(validate_contact(&c, browser::today()));
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        errors.set(Vec::new());
        let o = state.origin();
        let batch = edits::create_contact(browser::new_id(), browser::new_id(), c, o);
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                draft.set(Contact { customer, ..Contact::default() });
                birth_year.set(String::new());
                adding.set(false);
                state.info(Msg::Saved, &[]);
            }
        });
    };

    let remove = move || {
        let Some(c) = to_remove.get_untracked() else { return };
        let o = state.origin();
        let batch = edits::delete_contact(&c, browser::new_id(), o);
        leptos::task::spawn_local(async move {
            let _ = state.commit(batch).await;
        });
    };

    let erase = move || {
        let Some((id, _)) = to_erase.get_untracked() else { return };
        to_erase.set(None);
        let Some(session) = state.session() else { return };
        let o = state.origin();
        let plan = state.data.with_untracked(|d| {
            let targets: Vec<_> = crate::exchange::merge::contact_erasure_targets(d, id)
                .into_iter()
                .map(|(kind, item)| (kind, item, browser::new_id()))
                .collect();
            crate::exchange::merge::erase_all(d, &targets, o)
        });
        leptos::task::spawn_local(async move {
            match session.store.apply_erasure(&plan).await {
                Ok(keys) => {
                    state.data.update(|d| plan.apply_to(d));
                    // Other tabs read everything again: a merge would keep their copies of the
                    // history entries (facts never change by merging).
                    if let Some(ch) = session.channel.borrow().as_ref() {
                        ch.post(r#"{"cleared":true}"#);
                    }
                    state.analysis.data_changed(keys);
                    state.info(Msg::PvErased, &[]);
                    state.refresh_storage();
                }
                Err(e) => state.store_failed(&e),
            }
        });
    };

    view! {
        <section class="page section" aria-labelledby="contacts-h">
            <div class="section-head">
                <h2 id="contacts-h">{move || state.t(Msg::SectionContacts)}</h2>
                <button class="button" data-testid="add-contact" on:click=move |_| adding.update(|a| *a = !*a)>
                    {move || state.t(Msg::AddContact)}
                </button>
            </div>
            <ConfirmDialog
                open=confirm_open
                message=Signal::derive(move || {
                    let name = to_remove.get().map(|c| c.data.name).unwrap_or_default();
                    Msg::RemoveContactConfirm.with(state.lang.get(), &[&name])
                })
                on_confirm=Callback::new(move |_| remove())
                confirm_label=Msg::RemoveContact
            />
            <ConfirmDialog
                open=erase_open
                message=Signal::derive(move || {
                    let lang = state.lang.get();
                    let name = to_erase.get().map(|(_, n)| n).unwrap_or_default();
                    Msg::PvEraseConfirm.with(lang, &[&name, Msg::PvEraseWord.text(lang)])
                })
                typed_word=Signal::derive(move || state.t(Msg::PvEraseWord).to_string())
                on_confirm=Callback::new(move |_| erase())
                confirm_label=Msg::PvEraseButton
            />
            {move || adding.get().then(|| view! {
                <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div class="grid">
                        {contact_field!(draft, errors, name, Msg::CName, required = true)}
                        {contact_field!(draft, errors, title, Msg::CTitle)}
                        {contact_field!(draft, errors, phone, Msg::ColPhone, input_type = "tel")}
                        {contact_field!(draft, errors, email, Msg::CEmail, input_type = "email")}
                        <CheckField
                            label=Msg::CKeyPerson
                            name="contact_key"
                            value=Signal::derive(move || draft.with(|d| d.is_key_person))
                            on_change=Callback::new(move |v| draft.update(|d| d.is_key_person = v))
                        />
                        <TextField
                            label=Msg::CBirthYear
                            name="contact_birth_year"
                            input_mode="numeric"
                            value=Signal::derive(move || birth_year.get())
                            on_input=Callback::new(move |v: String| birth_year.set(v))
                            error=field_error(errors, "birth_year")
                        />
                        {contact_field!(draft, errors, education, Msg::CEducation)}
                        {contact_field!(draft, errors, interests, Msg::CInterests)}
                        {contact_field!(draft, errors, ability, Msg::CAbility)}
                        {contact_field!(draft, errors, background, Msg::CBackground, multiline = true)}
                    </div>
                    <details>
                        <summary>{move || state.t(Msg::SensitiveHint)}</summary>
                        <div class="grid">
                            {contact_field!(draft, errors, character, Msg::CCharacter, multiline = true)}
                            {contact_field!(draft, errors, family, Msg::CFamily, multiline = true)}
                            {contact_field!(draft, errors, health, Msg::CHealth, multiline = true)}
                            {contact_field!(draft, errors, personal_notes, Msg::CPersonalNotes, multiline = true)}
                        </div>
                    </details>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| adding.set(false)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="save-contact">{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
            {move || {
                let list = contacts.get();
                if list.is_empty() {
                    view! { <p class="empty">{move || state.t(Msg::NoContacts)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="cards">
                            {list.into_iter().map(|c| {
                                let rec = c.clone();
                                let (id, name) = (c.id, c.data.name.clone());
                                view! {
                                    <li class="card contact" data-testid="contact">
                                        <div class="contact-main">
                                            <strong>{c.data.name.clone()}</strong>
                                            {c.data.is_key_person.then(|| view! { <span class="badge">{move || state.t(Msg::CKeyPerson)}</span> })}
                                            <span class="muted">{c.data.title.clone()}</span>
                                        </div>
                                        <div class="muted">{c.data.phone.clone()} " " {c.data.email.clone()}</div>
                                        <button class="button ghost small" on:click=move |_| {
                                            to_remove.set(Some(rec.clone()));
                                            confirm_open.set(true);
                                        }>{move || state.t(Msg::RemoveContact)}</button>
                                        <button class="button ghost small" data-testid="erase-contact" on:click=move |_| {
                                            to_erase.set(Some((id, name.clone())));
                                            erase_open.set(true);
                                        }>{move || state.t(Msg::PvErase)}</button>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
