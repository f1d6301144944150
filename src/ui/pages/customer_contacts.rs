//! The people at a customer (联系人 / 关键人物), and the erasure of a person's data (PIPL): after
//! a typed confirmation, the contact and the history entries naming it are wiped in memory and
//! in the store in one transaction (`Store::apply_erasure`, not undoable); the erasure travels
//! with branch exchange. A card shows name, title, phone and email; the sensitive fields
//! (`Fields::SENSITIVE`) only while its "show sensitive details" toggle is on, where they can
//! be edited too (`edits::edit_contact`, recorded in the contact's history with who made it).

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
    ($prefix:literal, $draft:expr, $errors:expr, $field:ident, $label:expr $(, $opt:ident = $val:expr)*) => {{
        let draft = $draft;
        view! {
            <TextField
                label=$label
                name=concat!($prefix, stringify!($field))
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
        let targets = state.data.with_untracked(|d| crate::exchange::merge::contact_erasure_targets(d, id));
        super::customer_erase::run_erasure(state, targets, Msg::PvErased);
    };
    // The one card whose sensitive fields are being edited (one form at a time: its inputs'
    // ids are fixed).
    let editing = RwSignal::new(None::<Id>);

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
                        {contact_field!("contact_", draft, errors, name, Msg::CName, required = true)}
                        {contact_field!("contact_", draft, errors, title, Msg::CTitle)}
                        {contact_field!("contact_", draft, errors, phone, Msg::ColPhone, input_type = "tel")}
                        {contact_field!("contact_", draft, errors, email, Msg::CEmail, input_type = "email")}
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
                        {contact_field!("contact_", draft, errors, education, Msg::CEducation)}
                        {contact_field!("contact_", draft, errors, interests, Msg::CInterests)}
                        {contact_field!("contact_", draft, errors, ability, Msg::CAbility)}
                        {contact_field!("contact_", draft, errors, background, Msg::CBackground, multiline = true)}
                    </div>
                    <details>
                        <summary>{move || state.t(Msg::SensitiveHint)}</summary>
                        <div class="grid">
                            {contact_field!("contact_", draft, errors, character, Msg::CCharacter, multiline = true)}
                            {contact_field!("contact_", draft, errors, family, Msg::CFamily, multiline = true)}
                            {contact_field!("contact_", draft, errors, health, Msg::CHealth, multiline = true)}
                            {contact_field!("contact_", draft, errors, personal_notes, Msg::CPersonalNotes, multiline = true)}
                        </div>
                    </details>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| adding.set(false)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="save-contact">{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
            {move || contacts.with(|l| l.is_empty()).then(|| view! { <p class="empty">{move || state.t(Msg::NoContacts)}</p> })}
            <ul class="cards">
                <For each=move || contacts.get() key=|c| c.id let:c>
                    <ContactCard
                        id=c.id
                        editing=editing
                        on_remove=Callback::new(move |rec: Record<Contact>| {
                            to_remove.set(Some(rec));
                            confirm_open.set(true);
                        })
                        on_erase=Callback::new(move |(id, name): (Id, String)| {
                            to_erase.set(Some((id, name)));
                            erase_open.set(true);
                        })
                    />
                </For>
            </ul>
        </section>
    }
}

/// The sensitive fields of a contact with their labels, in the order the card shows them.
fn sensitive_rows(c: &Contact, lang: crate::i18n::Lang) -> Vec<(Msg, String)> {
    let text = |s: &str| if s.trim().is_empty() { Msg::PdNotFilled.text(lang).to_string() } else { s.to_string() };
    vec![
        (Msg::CCharacter, text(&c.character)),
        (Msg::CFamily, text(&c.family)),
        (Msg::CHealth, text(&c.health)),
        (Msg::CPersonalNotes, text(&c.personal_notes)),
        (Msg::CBirthYear, c.birth_year.map(|y| y.to_string()).unwrap_or_else(|| text(""))),
    ]
}

/// One contact's card: name, title, phone, email; the sensitive fields on demand (hidden again
/// by a second tap, and whenever the page is left: the toggle lives in the card), with their
/// edit form.
#[component]
fn ContactCard(
    id: Id,
    /// The card whose sensitive fields are being edited, if any.
    editing: RwSignal<Option<Id>>,
    on_remove: Callback<Record<Contact>>,
    on_erase: Callback<(Id, String)>,
) -> impl IntoView {
    let state = use_app();
    let current = Memo::new(move |_| state.data.with(|d| d.contacts.get(&id).cloned()));
    let shown = RwSignal::new(false);
    let draft = RwSignal::new(Contact::default());
    let birth_year = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let details_id = format!("sensitive-{id}");
    let open_edit = move || {
        let Some(c) = current.get_untracked() else { return };
        birth_year.set(c.data.birth_year.map(|y| y.to_string()).unwrap_or_default());
        draft.set(c.data);
        errors.set(Vec::new());
        editing.set(Some(id));
    };
    let save = move || {
        let Some(c) = current.get_untracked() else { return };
        let mut new = draft.get_untracked();
        let mut errs = Vec::new();
        let by = birth_year.get_untracked();
        new.birth_year = if by.trim().is_empty() {
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
        errs.extend(validate_contact(&new, browser::today()));
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        errors.set(Vec::new());
        let Some(batch) = edits::edit_contact(&c, &new, browser::new_id(), state.origin()) else {
            editing.set(None);
            return;
        };
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                editing.set(None);
                state.info(Msg::Saved, &[]);
            }
        });
    };
    move || {
        let Some(c) = current.get() else { return ().into_any() };
        let rec = c.clone();
        let name = c.data.name.clone();
        let details_id = details_id.clone();
        let controls = details_id.clone();
        view! {
            <li class="card contact" data-testid="contact">
                <div class="contact-main">
                    <strong>{c.data.name.clone()}</strong>
                    {c.data.is_key_person.then(|| view! { <span class="badge">{move || state.t(Msg::CKeyPerson)}</span> })}
                    <span class="muted">{c.data.title.clone()}</span>
                </div>
                <div class="muted">{c.data.phone.clone()} " " {c.data.email.clone()}</div>
                <div class="contact-actions">
                    <button
                        class="button ghost small"
                        data-testid="show-sensitive"
                        aria-expanded=move || shown.get().to_string()
                        aria-controls=controls
                        on:click=move |_| {
                            shown.update(|s| *s = !*s);
                            if editing.get_untracked() == Some(id) {
                                editing.set(None);
                            }
                        }
                    >
                        {move || state.t(if shown.get() { Msg::PdHideSensitive } else { Msg::PdShowSensitive })}
                    </button>
                    <button class="button ghost small" on:click=move |_| on_remove.run(rec.clone())>
                        {move || state.t(Msg::RemoveContact)}
                    </button>
                    <button class="button ghost small" data-testid="erase-contact" on:click=move |_| on_erase.run((id, name.clone()))>
                        {move || state.t(Msg::PvErase)}
                    </button>
                </div>
                <div id=details_id class="sensitive-details">
                    {move || (shown.get() && editing.get() != Some(id)).then(|| {
                        let lang = state.lang.get();
                        let rows = current.with(|c| c.as_ref().map(|c| sensitive_rows(&c.data, lang)).unwrap_or_default());
                        view! {
                            <dl class="sensitive" data-testid="sensitive-details">
                                {rows.into_iter().map(|(label, value)| view! { <dt>{label.text(lang)}</dt><dd>{value}</dd> }).collect_view()}
                            </dl>
                            <button class="button small" data-testid="edit-sensitive" on:click=move |_| open_edit()>
                                {move || state.t(Msg::PdEditSensitive)}
                            </button>
                        }
                    })}
                    {move || (shown.get() && editing.get() == Some(id)).then(|| view! {
                        <form class="sensitive-form" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                            <div class="grid">
                                {contact_field!("edit_", draft, errors, character, Msg::CCharacter, multiline = true)}
                                {contact_field!("edit_", draft, errors, family, Msg::CFamily, multiline = true)}
                                {contact_field!("edit_", draft, errors, health, Msg::CHealth, multiline = true)}
                                {contact_field!("edit_", draft, errors, personal_notes, Msg::CPersonalNotes, multiline = true)}
                                <TextField
                                    label=Msg::CBirthYear
                                    name="edit_birth_year"
                                    input_mode="numeric"
                                    value=Signal::derive(move || birth_year.get())
                                    on_input=Callback::new(move |v: String| birth_year.set(v))
                                    error=field_error(errors, "birth_year")
                                />
                            </div>
                            <div class="actions">
                                <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                                <button type="submit" class="button primary" data-testid="save-sensitive">{move || state.t(Msg::Save)}</button>
                            </div>
                        </form>
                    })}
                </div>
            </li>
        }
        .into_any()
    }
}
