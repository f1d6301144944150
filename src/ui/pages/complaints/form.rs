//! A new complaint (`#/complaint/new?customer=<id>`): the record step — the customer, who
//! complained, when, against what, what they want, the category, who took it, the problem as
//! described, what the customer was told, photos. The core validates every field
//! (`service::edits::record_complaint`); its messages show next to the fields. The same header
//! fields correct a complaint's header (`edit_complaint`) on its page.

use super::photos::PhotoPicker;
use super::{settings, staff_options};
use crate::i18n::Msg;
use crate::model::service::{Attachment, Complaint, ComplaintCategory, ComplaintStep};
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::Id;
use crate::route::{RecordEdit, Route};
use crate::service::complaints::{category_label, CATEGORIES};
use crate::service::edits::record_complaint;
use crate::ui::browser;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::field::{field_error, SelectField, TextField};
use crate::ui::pages::service_tabs::ServiceTabs;
use crate::ui::state::use_app;
use leptos::prelude::*;

fn category_code(c: ComplaintCategory) -> String {
    format!("{c:?}")
}

/// The header being typed: the day as typed (checked when saving).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeaderDraft {
    pub header: Complaint,
    pub received: String,
}

impl HeaderDraft {
    pub fn of(c: &Complaint) -> HeaderDraft {
        HeaderDraft { header: c.clone(), received: c.received_on.map(|d| d.to_string()).unwrap_or_default() }
    }

    /// The header to hand the core (texts trimmed), or the day's own error.
    pub fn parse(&self) -> (Complaint, Option<FieldError>) {
        let mut h = self.header.clone();
        for t in [&mut h.complainant, &mut h.against, &mut h.wants] {
            *t = t.trim().to_string();
        }
        let t = self.received.trim();
        h.received_on = parse_date(t);
        let err = (!t.is_empty() && h.received_on.is_none())
            .then_some(FieldError { field: "received_on", problem: Invalid::Date });
        (h, err)
    }
}

/// The customer, who complained, when, against what, what they want, the category.
#[component]
pub fn HeaderFields(draft: RwSignal<HeaderDraft>, errors: RwSignal<Vec<FieldError>>) -> impl IntoView {
    let state = use_app();
    let text = move |label: Msg,
                     name: &'static str,
                     get: fn(&Complaint) -> String,
                     put: fn(&mut Complaint, String),
                     multiline: bool| {
        view! {
            <TextField label=label name=name required=true multiline=multiline
                value=Signal::derive(move || draft.with(|d| get(&d.header)))
                on_input=Callback::new(move |v: String| draft.update(|d| put(&mut d.header, v)))
                error=field_error(errors, name) />
        }
    };
    let category_options = Signal::derive(move || {
        let lang = state.lang.get();
        CATEGORIES.iter().map(|c| (category_code(*c), category_label(*c).text(lang).to_string())).collect::<Vec<_>>()
    });
    view! {
        <CustomerPicker label=Msg::CpColCustomer search_label=Msg::CpFindCustomer name="cp_customer" required=true
            value=Signal::derive(move || draft.with(|d| Some(d.header.customer).filter(|c| *c != Id::NIL)))
            on_change=Callback::new(move |c: Option<Id>| draft.update(|d| d.header.customer = c.unwrap_or(Id::NIL)))
            error=field_error(errors, "customer") />
        <div class="grid">
            <TextField label=Msg::CpReceivedOn name="received_on" input_type="date" required=true
                value=Signal::derive(move || draft.with(|d| d.received.clone()))
                on_input=Callback::new(move |v: String| draft.update(|d| d.received = v))
                error=field_error(errors, "received_on") />
            {text(Msg::CpComplainant, "complainant", |h| h.complainant.clone(), |h, v| h.complainant = v, false)}
            {text(Msg::CpAgainst, "against", |h| h.against.clone(), |h, v| h.against = v, false)}
            <SelectField label=Msg::CpColCategory name="category" options=category_options
                value=Signal::derive(move || draft.with(|d| category_code(d.header.category)))
                on_change=Callback::new(move |v: String| draft.update(|d| {
                    d.header.category = CATEGORIES.into_iter().find(|c| category_code(*c) == v).unwrap_or_default()
                }))
                error=field_error(errors, "category") />
        </div>
        {text(Msg::CpWants, "wants", |h| h.wants.clone(), |h, v| h.wants = v, true)}
    }
}

#[component]
pub fn NewComplaint(customer: Option<Id>) -> impl IntoView {
    let state = use_app();
    let settings = settings(state);
    let today = browser::today();
    let draft = RwSignal::new(HeaderDraft {
        header: Complaint { customer: customer.unwrap_or(Id::NIL), received_on: Some(today), ..Complaint::default() },
        received: today.to_string(),
    });
    let owner_of = move |c: Id| state.data.with(|d| d.customers.get(&c).and_then(|c| c.data.owner));
    let step = RwSignal::new(ComplaintStep::default());
    // Who took it: the customer's owner, unless someone else was chosen.
    Effect::new(move |prev: Option<Id>| {
        let c = draft.with(|d| d.header.customer);
        if prev != Some(c) {
            let current = step.with_untracked(|s| s.staff);
            if current.is_none() || current == prev.and_then(owner_of) {
                if let Some(o) = owner_of(c) {
                    step.update(|s| s.staff = Some(o));
                }
            }
        }
        c
    });
    let photos = RwSignal::new(Vec::<(Id, Attachment)>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let save = move || {
        if saving.get_untracked() {
            return;
        }
        let (header, date_error) = draft.get_untracked().parse();
        let mut first = step.get_untracked();
        first.content = first.content.trim().to_string();
        first.told_customer = first.told_customer.trim().to_string();
        let (id, step_id, rev_id) = (browser::new_id(), browser::new_id(), browser::new_id());
        let result = state.data.with_untracked(|d| {
            record_complaint(
                id,
                step_id,
                rev_id,
                header,
                first,
                photos.get_untracked(),
                d,
                today,
                &settings.get_untracked(),
                state.origin(),
            )
        });
        let batch = match (result, date_error) {
            (Ok(batch), None) => batch,
            (result, date_error) => {
                let own = date_error.is_some();
                let mut all: Vec<FieldError> = date_error.into_iter().collect();
                if let Err(es) = result {
                    all.extend(es.into_iter().filter(|e| !(own && e.field == "received_on")));
                }
                errors.set(all);
                return;
            }
        };
        errors.set(Vec::new());
        saving.set(true);
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                state.info(Msg::CpRecorded, &[]);
                state.go(Route::Complaint(RecordEdit::Existing(id)));
            }
            saving.set(false);
        });
    };
    let staff_opts = Signal::derive(move || staff_options(state, step.with(|s| s.staff)));
    view! {
        <section class="page complaint">
            <ServiceTabs />
            <div class="section-head">
                <h1>{move || state.t(Msg::CpNewTitle)}</h1>
                <a class="button ghost" href="#/complaints">{move || state.t(Msg::CpBackToList)}</a>
            </div>
            <form class="card" novalidate=true data-testid="complaint-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <HeaderFields draft=draft errors=errors />
                <div class="grid">
                    <SelectField label=Msg::CpTakenBy name="staff" options=staff_opts
                        value=Signal::derive(move || step.with(|s| s.staff.map(|x| x.to_string()).unwrap_or_default()))
                        on_change=Callback::new(move |v: String| step.update(|s| s.staff = Id::parse(&v)))
                        error=field_error(errors, "staff") />
                </div>
                <TextField label=Msg::CpProblem name="content" required=true multiline=true
                    value=Signal::derive(move || step.with(|s| s.content.clone()))
                    on_input=Callback::new(move |v: String| step.update(|s| s.content = v))
                    error=field_error(errors, "content") />
                <TextField label=Msg::CpToldCustomer name="told_customer" multiline=true
                    value=Signal::derive(move || step.with(|s| s.told_customer.clone()))
                    on_input=Callback::new(move |v: String| step.update(|s| s.told_customer = v))
                    error=field_error(errors, "told_customer") />
                <PhotoPicker photos=photos settings=settings error=field_error(errors, "photos") />
                {move || errors.with(|e| !e.is_empty()).then(|| view! {
                    <p class="banner error" role="alert" data-testid="form-errors">{state.t(Msg::ErrFixFields)}</p>
                })}
                <div class="actions">
                    <a class="button" href="#/complaints">{move || state.t(Msg::Cancel)}</a>
                    <button type="submit" class="button primary" data-testid="save-complaint" disabled=move || saving.get()>
                        {move || state.t(Msg::CpSaveNew)}
                    </button>
                </div>
            </form>
        </section>
    }
}
