//! The customer's history: every change with its time, who made it and what it changed — the
//! customer's own and its contacts' (edits of a contact's fields). The values of sensitive
//! fields (`Fields::SENSITIVE`) are never printed here: the entry says which field changed and
//! shows "(hidden)"; the current values are on the contact's card, on demand.

use super::customer::customer_field_label;
use super::customers::type_label;
use crate::i18n::{format_datetime, Lang, Msg};
use crate::model::{Action, Contact, CustomerType, Fields, Id, Kind};
use crate::ui::browser;
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::collections::HashMap;

/// The label of a contact's field in the history.
fn contact_field_label(field: &str) -> Option<Msg> {
    Some(match field {
        "name" => Msg::CName,
        "title" => Msg::CTitle,
        "phone" => Msg::ColPhone,
        "email" => Msg::CEmail,
        "is_key_person" => Msg::CKeyPerson,
        "birth_year" => Msg::CBirthYear,
        "education" => Msg::CEducation,
        "interests" => Msg::CInterests,
        "ability" => Msg::CAbility,
        "background" => Msg::CBackground,
        "character" => Msg::CCharacter,
        "family" => Msg::CFamily,
        "health" => Msg::CHealth,
        "personal_notes" => Msg::CPersonalNotes,
        _ => return None,
    })
}

fn action_label(a: Action) -> Msg {
    match a {
        Action::Created => Msg::HCreated,
        Action::Edited => Msg::HEdited,
        Action::Archived => Msg::HArchived,
        Action::Restored => Msg::HRestored,
        Action::Deleted => Msg::HDeleted,
    }
}

/// A stored JSON value as the user reads it.
fn show_value(field: &str, v: &serde_json::Value, lang: Lang, staff: &HashMap<Id, String>) -> String {
    use serde_json::Value;
    match v {
        Value::Null => Msg::HEmpty.text(lang).into(),
        Value::String(s) if s.is_empty() => Msg::HEmpty.text(lang).into(),
        Value::String(s) if field == "owner" => {
            Id::parse(s).and_then(|id| staff.get(&id).cloned()).unwrap_or_else(|| s.clone())
        }
        Value::String(s) if field == "customer_type" => {
            CustomerType::from_code(s).map(|t| type_label(t).text(lang).to_string()).unwrap_or_else(|| s.clone())
        }
        Value::String(s) => s.clone(),
        Value::Number(n) if field == "credit_limit" => n
            .as_i64()
            .map(|fen| crate::i18n::format_money(crate::model::Money(fen), "CNY", lang))
            .unwrap_or_else(|| n.to_string()),
        Value::Bool(true) => Msg::Yes.text(lang).into(),
        Value::Bool(false) => Msg::No.text(lang).into(),
        Value::Array(a) if a.is_empty() => Msg::HEmpty.text(lang).into(),
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map(str::to_string).unwrap_or_else(|| x.to_string()))
            .collect::<Vec<_>>()
            .join("、"),
        other => other.to_string(),
    }
}

#[component]
pub fn HistorySection(customer: Id) -> impl IntoView {
    let state = use_app();
    let entries = Memo::new(move |_| {
        state.data.with(|d| {
            // Customers merged into this one bring their history along.
            let mut v: Vec<_> = d.history_of(&customer).into_iter().cloned().collect();
            let redirects = crate::model::Redirects::of(d);
            for merged in redirects.merged_into(customer) {
                v.extend(d.history_of(&merged).into_iter().cloned());
            }
            // And its contacts' own entries (each with the contact's name).
            let contacts: crate::model::IdMap<String> = d
                .contacts
                .all()
                .iter()
                .filter(|c| redirects.resolve(c.data.customer) == customer)
                .map(|c| (c.id, c.data.name.clone()))
                .collect();
            if !contacts.is_empty() {
                v.extend(
                    d.revisions
                        .live()
                        .filter(|r| r.data.kind == Kind::Contact && contacts.contains_key(&r.data.entity))
                        .cloned(),
                );
            }
            v.sort_by_key(|r| r.created);
            v.reverse();
            let created = d.customers.get(&customer).map(|c| (c.created, c.created_by));
            let names: Vec<(Id, String)> = contacts.into_iter().collect();
            (v, created, names)
        })
    });
    let tz = browser::tz_offset_minutes();
    view! {
        <section class="page section" aria-labelledby="history-h">
            <h2 id="history-h">{move || state.t(Msg::SectionHistory)}</h2>
            {move || {
                let lang = state.lang.get();
                let staff = state.staff_names.get();
                let (revs, created, names) = entries.get();
                let who = |by: Option<Id>| by.and_then(|b| staff.get(&b).cloned()).unwrap_or_else(|| Msg::HSomeone.text(lang).to_string());
                let has_created = revs.iter().any(|r| r.data.action == Action::Created);
                let mut items: Vec<AnyView> = revs
                    .iter()
                    .map(|r| {
                        let of_contact = r.data.kind == Kind::Contact;
                        let contact_name = of_contact
                            .then(|| names.iter().find(|(id, _)| *id == r.data.entity).map(|(_, n)| n.clone()))
                            .flatten();
                        let changes = r
                            .data
                            .changes
                            .iter()
                            .map(|c| {
                                let label = if of_contact { contact_field_label(&c.field) } else { customer_field_label(&c.field) };
                                let label = label.map(|m| m.text(lang).to_string()).unwrap_or_else(|| c.field.clone());
                                let text = if of_contact && Contact::SENSITIVE.contains(&c.field.as_str()) {
                                    let hidden = Msg::PdHidden.text(lang);
                                    Msg::HFieldChange.with(lang, &[&label, hidden, hidden])
                                } else {
                                    Msg::HFieldChange.with(lang, &[&label, &show_value(&c.field, &c.old, lang, &staff), &show_value(&c.field, &c.new, lang, &staff)])
                                };
                                view! { <li>{text}</li> }
                            })
                            .collect_view();
                        view! {
                            <li class="history-entry" data-testid="history-entry">
                                <div>
                                    <time>{format_datetime(r.created.wall_ms(), tz, lang)}</time>
                                    " · " <strong>{action_label(r.data.action).text(lang)}</strong>
                                    {contact_name.map(|n| view! { " · " <span>{Msg::PdHistoryContact.with(lang, &[&n])}</span> })}
                                    " · " <span class="muted">{Msg::HBy.with(lang, &[&who(r.created_by)])}</span>
                                </div>
                                <ul class="changes">{changes}</ul>
                            </li>
                        }
                        .into_any()
                    })
                    .collect();
                // Records created by import or the demo carry their creation only in the record.
                if let (false, Some((at, by))) = (has_created, created) {
                    items.push(view! {
                        <li class="history-entry" data-testid="history-entry">
                            <time>{format_datetime(at.wall_ms(), tz, lang)}</time>
                            " · " <strong>{Msg::HCreated.text(lang)}</strong>
                            " · " <span class="muted">{Msg::HBy.with(lang, &[&who(by)])}</span>
                        </li>
                    }.into_any());
                }
                if items.is_empty() {
                    view! { <p class="empty">{Msg::NoHistory.text(lang)}</p> }.into_any()
                } else {
                    view! { <ol class="history">{items}</ol> }.into_any()
                }
            }}
        </section>
    }
}
