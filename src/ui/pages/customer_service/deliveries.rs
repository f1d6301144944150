//! The customer's deliveries (a project or order put into use) with their return-visit
//! schedule as the core computes it (`visits::return_visits`: monthly in the first year,
//! quarterly after, visits matched to due dates): the current due date and whether it is done,
//! due or overdue, the next one, the last visit and how many were missed; a "record the return
//! visit" action that opens the interaction form for the delivery; adding and editing.

use super::interaction_form::new_form;
use super::{focus, Desk};
use crate::i18n::{format_date, Lang, Msg};
use crate::model::sales::Delivery;
use crate::model::service::InteractionKind;
use crate::model::validate::FieldError;
use crate::model::{Id, IdMap, Record};
use crate::service::edits::{create_delivery, edit_delivery};
use crate::service::visit_forms::{delivery_form, parse_delivery_form, DeliveryForm};
use crate::service::visits::{return_visits, ReturnVisitStatus};
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// "What (date)" in the user's language.
pub(crate) fn with_date(lang: Lang, what: &str, date: &str) -> String {
    match lang {
        Lang::Zh => format!("{what}（{date}）"),
        Lang::En => format!("{what} ({date})"),
    }
}

/// The status line of a delivery's current return visit, and its pill class.
fn status_line(s: &ReturnVisitStatus, lang: Lang) -> Vec<(String, &'static str, &'static str)> {
    let mut out = Vec::new();
    if let Some((k, due)) = s.current {
        out.push((Msg::CsDueNumber.with(lang, &[&k.to_string(), &format_date(due, lang)]), "", "rv-current"));
        match (s.done, s.days_overdue) {
            (true, _) => out.push((Msg::CsVisitDone.text(lang).to_string(), "pill info", "rv-state")),
            (false, Some(0)) => out.push((Msg::SvDueToday.text(lang).to_string(), "pill warn", "rv-state")),
            (false, Some(n)) => {
                out.push((Msg::SvDaysOverdue.with(lang, &[&n.to_string()]), "pill warn overdue", "rv-state"))
            }
            (false, None) => {}
        }
    }
    let next = match (s.next, s.current) {
        (Some(n), Some(_)) => Msg::CsNextDue.with(lang, &[&format_date(n, lang)]),
        (Some(n), None) => Msg::CsFirstDue.with(lang, &[&format_date(n, lang)]),
        (None, _) => Msg::CsVisitsEnded.text(lang).to_string(),
    };
    out.push((next, "", "rv-next"));
    out
}

#[component]
pub fn Deliveries(desk: Desk) -> impl IntoView {
    let state = use_app();
    let customer = desk.customer;
    let settings = super::settings_of(state);
    let list = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<Record<Delivery>> =
                d.deliveries.live().filter(|x| x.data.customer == customer).cloned().collect();
            v.sort_by(|a, b| b.data.in_use_since.cmp(&a.data.in_use_since).then(a.id.cmp(&b.id)));
            v
        })
    });
    let statuses = Memo::new(move |_| {
        let today = browser::today();
        state.data.with(|d| {
            return_visits(d, Some(customer), today, &settings.get())
                .into_iter()
                .map(|s| (s.delivery, s))
                .collect::<IdMap<ReturnVisitStatus>>()
        })
    });
    // None: closed; Some(None): a new delivery; Some(Some(id)): editing that one.
    let editing = RwSignal::new(None::<Option<Id>>);
    let draft = RwSignal::new(DeliveryForm::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let open = move |id: Option<Id>| {
        let current = id.and_then(|id| state.data.with_untracked(|d| d.deliveries.get(&id).map(|r| r.data.clone())));
        draft.set(current.as_ref().map(delivery_form).unwrap_or_default());
        errors.set(Vec::new());
        editing.set(Some(id));
        request_animation_frame(|| focus("f-dl_description", true));
    };
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        if saving.get_untracked() {
            return;
        }
        let today = browser::today();
        let f = draft.get_untracked();
        let batch = state.data.with_untracked(|d| {
            let new = parse_delivery_form(&f, customer, d, today)?;
            match target.and_then(|id| d.deliveries.get(&id)) {
                Some(current) => edit_delivery(current, &new, browser::new_id(), d, today, state.origin()),
                None => create_delivery(browser::new_id(), browser::new_id(), new, d, today, state.origin()).map(Some),
            }
        });
        finish_save(batch, errors, saving, move |changed| {
            editing.set(None);
            if changed {
                state.info(Msg::Saved, &[]);
            }
        });
    };
    let text = move |label: Msg,
                     name: &'static str,
                     field: &'static str,
                     get: fn(&DeliveryForm) -> String,
                     put: fn(&mut DeliveryForm, String),
                     kind: (&'static str, bool)| {
        view! {
            <TextField label=label name=name input_type=kind.0 required=kind.1
                value=Signal::derive(move || draft.with(get))
                on_input=Callback::new(move |v: String| draft.update(|f| put(f, v)))
                error=field_error(errors, field) />
        }
    };
    let record_visit = move |delivery: Id| {
        let mut f = new_form(desk, InteractionKind::ReturnVisit);
        f.delivery = Some(delivery);
        desk.open_form(f);
    };

    view! {
        <div class="cs-block" data-testid="cs-deliveries">
            <div class="section-head">
                <h3>{move || state.t(Msg::CsDeliveries)}</h3>
                <button type="button" class="button" data-testid="cs-add-delivery" on:click=move |_| open(None)>
                    {move || state.t(Msg::CsAddDelivery)}
                </button>
            </div>
            <p class="muted">{move || state.t(Msg::CsDeliveriesRule)}</p>
            {move || editing.get().map(|_| view! {
                <form class="card" novalidate=true data-testid="cs-delivery-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div class="grid">
                        {text(Msg::CsDescription, "dl_description", "description", |f| f.description.clone(), |f, v| f.description = v, ("text", true))}
                        {text(Msg::CsDeliveredOn, "dl_delivered_on", "delivered_on", |f| f.delivered_on.clone(), |f, v| f.delivered_on = v, ("date", false))}
                        {text(Msg::CsInUseSince, "dl_in_use_since", "in_use_since", |f| f.in_use_since.clone(), |f, v| f.in_use_since = v, ("date", false))}
                        {text(Msg::CsVisitsUntil, "dl_visits_until", "visits_until", |f| f.visits_until.clone(), |f, v| f.visits_until = v, ("date", false))}
                        {text(Msg::SNote, "dl_note", "note", |f| f.note.clone(), |f, v| f.note = v, ("text", false))}
                    </div>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="cs-save-delivery" disabled=move || saving.get()>{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
            {move || {
                let lang = state.lang.get();
                let all = list.get();
                if all.is_empty() {
                    return view! { <p class="empty">{Msg::CsNoDeliveries.text(lang)}</p> }.into_any();
                }
                let st = statuses.get();
                view! {
                    <ul class="cs-cards">
                        {all.into_iter().map(|dl| {
                            let id = dl.id;
                            let s = st.get(&id).cloned();
                            let overdue = s.as_ref().is_some_and(ReturnVisitStatus::is_due);
                            let dates = [
                                dl.data.delivered_on.map(|x| format!("{} {}", Msg::CsDeliveredOn.text(lang), format_date(x, lang))),
                                dl.data.in_use_since.map(|x| format!("{} {}", Msg::CsInUseSince.text(lang), format_date(x, lang))),
                            ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                            view! {
                                <li class="cs-card" class:due=overdue data-testid="delivery" data-id=id.to_string()>
                                    <div class="cs-card-head">
                                        <strong class="cs-data" data-testid="delivery-description">{dl.data.description.clone()}</strong>
                                        <span class="muted">{dates}</span>
                                    </div>
                                    {(!dl.data.note.is_empty()).then(|| view! { <p class="muted cs-data">{dl.data.note.clone()}</p> })}
                                    {match s {
                                        None => view! { <p class="muted" data-testid="rv-not-in-use">{Msg::CsNotInUse.text(lang)}</p> }.into_any(),
                                        Some(s) => {
                                            let last = match s.last_visit {
                                                Some(l) => Msg::CsLastVisit.with(lang, &[&format_date(l, lang)]),
                                                None => Msg::CsNeverVisited.text(lang).to_string(),
                                            };
                                            view! {
                                                <p class="cs-rv">
                                                    {status_line(&s, lang).into_iter().map(|(t, class, testid)| view! {
                                                        <span class=if class.is_empty() { "cs-rv-part" } else { class } data-testid=testid>{t}</span>
                                                    }).collect_view()}
                                                </p>
                                                <p class="muted">
                                                    <span data-testid="rv-last">{last}</span>
                                                    {(s.missed > 0).then(|| view! { <span data-testid="rv-missed">{format!(" · {}", Msg::CsMissed.with(lang, &[&s.missed.to_string()]))}</span> })}
                                                </p>
                                            }.into_any()
                                        }
                                    }}
                                    <div class="actions left">
                                        {dl.data.in_use_since.is_some().then(|| view! {
                                            <button type="button" class="button small primary" data-testid="rv-record" on:click=move |_| record_visit(id)>
                                                {Msg::CsRecordReturnVisit.text(lang)}
                                            </button>
                                        })}
                                        <button type="button" class="button small" data-testid="delivery-edit" on:click=move |_| open(Some(id))>
                                            {Msg::Edit.text(lang)}
                                        </button>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </div>
    }
}
