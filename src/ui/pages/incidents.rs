//! Reporting a major incident at a customer (重大变故预警, DOMAIN.md §7.5) from the warning
//! centre: theft, an accident, a family split, a serious illness or another incident, with its
//! date, what happened and who follows it up (the customer's owner unless another is chosen).
//! Checked and written by `risk::edits::report_incident`; the warning then shows in the list.

use crate::i18n::Msg;
use crate::model::risk::IncidentKind;
use crate::model::validate::{FieldError, Invalid};
use crate::model::Id;
use crate::risk::edits::{report_incident, IncidentReport as Report};
use crate::risk::warnings::incident_label;
use crate::search::pinyin_sort_key;
use crate::ui::browser;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::field::{field_error, finish_save, SelectField, TextField};
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

const KINDS: [IncidentKind; 5] = [
    IncidentKind::Theft,
    IncidentKind::Accident,
    IncidentKind::FamilySplit,
    IncidentKind::SeriousIllness,
    IncidentKind::Other,
];

#[component]
pub fn IncidentReport() -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(false);
    let customer = RwSignal::new(None::<Id>);
    let kind = RwSignal::new(0usize);
    let date = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let owner = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);

    let start = move |_| {
        customer.set(None);
        kind.set(0);
        date.set(browser::today().to_string());
        description.set(String::new());
        owner.set(String::new());
        errors.set(Vec::new());
        open.set(true);
    };
    // Choosing a customer makes their owner the one who follows it up (it can be changed).
    let pick = Callback::new(move |c: Option<Id>| {
        customer.set(c);
        let o = c.and_then(|c| state.data.with_untracked(|d| d.customers.get(&c).and_then(|r| r.data.owner)));
        owner.set(o.map(|o| o.to_string()).unwrap_or_default());
    });
    let kind_options = Signal::derive(move || {
        let lang = state.lang.get();
        KINDS.iter().enumerate().map(|(i, k)| (i.to_string(), incident_label(*k).text(lang).to_string())).collect()
    });
    let owner_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> = state.data.with(|d| {
            d.staff.live().filter(|s| !s.data.archived).map(|s| (s.id.to_string(), s.data.name.clone())).collect()
        });
        v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
        v.insert(0, (String::new(), state.t(Msg::InOwnerDefault).to_string()));
        v
    });
    let submit = move || {
        if saving.get_untracked() {
            return;
        }
        let today = browser::today();
        let day = date.get_untracked();
        let parsed = match day.trim() {
            "" => Ok(None),
            t => t.parse::<NaiveDate>().map(Some).map_err(|_| Invalid::Date),
        };
        let report = Report {
            customer: customer.get_untracked().unwrap_or(Id::NIL),
            incident: KINDS[kind.get_untracked().min(KINDS.len() - 1)],
            description: description.get_untracked(),
            owner: Id::parse(&owner.get_untracked()),
            date: parsed.ok().flatten(),
        };
        let outcome = state.data.with_untracked(|d| {
            report_incident(browser::new_id(), browser::new_id(), &report, d, today, state.origin())
        });
        // A date that is not one is reported with the core's other problems.
        let outcome = match (outcome, parsed) {
            (Err(mut es), Err(p)) => {
                es.retain(|e| e.field != "date");
                es.push(FieldError { field: "date", problem: p });
                Err(es)
            }
            (Ok(_), Err(p)) => Err(vec![FieldError { field: "date", problem: p }]),
            (o, Ok(_)) => o,
        };
        finish_save(outcome.map(Some), errors, saving, move |_| {
            open.set(false);
            state.info(Msg::InSaved, &[]);
        });
    };

    view! {
        <div class="in-report" data-testid="incident-report">
            {move || if open.get() {
                view! {
                    <form class="record in-form" novalidate=true aria-labelledby="in-form-h" data-testid="incident-form"
                        on:submit=move |ev| { ev.prevent_default(); submit(); }>
                        <h2 id="in-form-h">{move || state.t(Msg::InFormTitle)}</h2>
                        <p class="muted">{move || state.t(Msg::InExplain)}</p>
                        <div class="grid">
                            <CustomerPicker label=Msg::SvRespondentCustomer search_label=Msg::SearchLabel name="in_customer" required=true
                                value=Signal::derive(move || customer.get()) on_change=pick
                                error=field_error(errors, "customer") />
                            <SelectField label=Msg::InKind name="in_kind" options=kind_options
                                value=Signal::derive(move || kind.get().to_string())
                                on_change=Callback::new(move |v: String| kind.set(v.parse().unwrap_or(0))) />
                            <TextField label=Msg::InDate name="in_date" input_type="date" required=true
                                value=Signal::derive(move || date.get()) on_input=Callback::new(move |v| date.set(v))
                                error=field_error(errors, "date") />
                            <SelectField label=Msg::InOwner name="in_owner" options=owner_options
                                value=Signal::derive(move || owner.get()) on_change=Callback::new(move |v| owner.set(v))
                                error=field_error(errors, "owner") />
                        </div>
                        <TextField label=Msg::InDescription name="in_description" multiline=true required=true
                            value=Signal::derive(move || description.get()) on_input=Callback::new(move |v| description.set(v))
                            error=field_error(errors, "description") />
                        <div class="actions">
                            <button type="button" class="button" data-testid="incident-cancel" on:click=move |_| open.set(false)>
                                {move || state.t(Msg::Cancel)}
                            </button>
                            <button type="submit" class="button primary" data-testid="incident-save" disabled=move || saving.get()>
                                {move || state.t(Msg::InSave)}
                            </button>
                        </div>
                    </form>
                }
                .into_any()
            } else {
                view! {
                    <div class="actions left">
                        <button type="button" class="button" data-testid="incident-open" on:click=start>
                            {move || state.t(Msg::InReport)}
                        </button>
                    </div>
                }
                .into_any()
            }}
        </div>
    }
}
