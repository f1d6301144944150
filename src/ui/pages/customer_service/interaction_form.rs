//! Recording a visit, return visit, call, meeting, promotion or first contact: the fields each
//! kind asks for, checked by the core (`visit_forms::parse_interaction_form`, then
//! `edits::record_interaction`), each error next to its field. Nothing is written on bad input.

use super::deliveries::with_date;
use super::{settings_of, staff_options, Desk};
use crate::i18n::{format_date, Msg};
use crate::model::service::InteractionKind;
use crate::model::validate::FieldError;
use crate::model::Id;
use crate::service::edits::record_interaction;
use crate::service::visit_forms::{asks_delivery, parse_interaction_form, InteractionForm};
use crate::service::visits::{interaction_label, INTERACTION_KINDS};
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// A fresh form for the customer: today, done by the customer's owner.
pub(crate) fn new_form(desk: Desk, kind: InteractionKind) -> InteractionForm {
    let state = use_app();
    let owner = state.data.with_untracked(|d| d.customers.get(&desk.customer).and_then(|c| c.data.owner));
    let owner = owner.filter(|o| state.data.with_untracked(|d| d.staff.get(o).is_some_and(|s| !s.is_deleted())));
    InteractionForm { kind, date: browser::today().to_string(), staff: owner, ..InteractionForm::default() }
}

fn kind_key(kind: InteractionKind) -> String {
    INTERACTION_KINDS.iter().position(|k| *k == kind).unwrap_or(0).to_string()
}

#[component]
pub fn InteractionPanel(desk: Desk) -> impl IntoView {
    let state = use_app();
    let form = desk.form;
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let settings = settings_of(state);
    let toggle = move |_| {
        errors.set(Vec::new());
        if form.with_untracked(Option::is_some) {
            form.set(None);
        } else {
            desk.open_form(new_form(desk, InteractionKind::Visit));
        }
    };
    let save = move || {
        let Some(f) = form.get_untracked() else { return };
        if saving.get_untracked() {
            return;
        }
        let today = browser::today();
        let batch = state.data.with_untracked(|d| {
            let i = parse_interaction_form(&f, desk.customer, d, today)?;
            record_interaction(browser::new_id(), i, Vec::new(), d, today, &settings.get_untracked(), state.origin())
        });
        finish_save(batch.map(Some), errors, saving, move |changed| {
            form.set(None);
            if changed {
                state.info(Msg::CsRecorded, &[]);
            }
        });
    };

    let kind_options = Signal::derive(move || {
        let lang = state.lang.get();
        INTERACTION_KINDS.iter().map(|k| (kind_key(*k), interaction_label(*k).text(lang).to_string())).collect()
    });
    let staff_choice = staff_options(state, Msg::CsChooseStaff);
    let handed_choice = staff_options(state, Msg::NotSet);
    let delivery_choice = Signal::derive(move || {
        let lang = state.lang.get();
        let mut v = vec![(String::new(), Msg::CsNoDelivery.text(lang).to_string())];
        state.data.with(|d| {
            let mut ds: Vec<_> = d.deliveries.live().filter(|x| x.data.customer == desk.customer).collect();
            ds.sort_by(|a, b| b.data.in_use_since.cmp(&a.data.in_use_since).then(a.id.cmp(&b.id)));
            v.extend(ds.into_iter().map(|x| {
                let label = match x.data.in_use_since {
                    Some(u) => with_date(lang, &x.data.description, &format_date(u, lang)),
                    None => x.data.description.clone(),
                };
                (x.id.to_string(), label)
            }));
        });
        v
    });

    let kind = Memo::new(move |_| form.with(|f| f.as_ref().map(|f| f.kind)));
    let text = move |label: Msg,
                     name: &'static str,
                     field: &'static str,
                     get: fn(&InteractionForm) -> String,
                     put: fn(&mut InteractionForm, String),
                     opts: (bool, bool, &'static str, &'static str)| {
        let (multiline, required, input_type, input_mode) = opts;
        view! {
            <TextField label=label name=name multiline=multiline required=required input_type=input_type input_mode=input_mode
                value=Signal::derive(move || form.with(|f| f.as_ref().map(get).unwrap_or_default()))
                on_input=Callback::new(move |v: String| form.update(|f| if let Some(f) = f { put(f, v) }))
                error=field_error(errors, field) />
        }
    };
    let id_select = move |label: Msg,
                          name: &'static str,
                          field: &'static str,
                          options: Signal<Vec<(String, String)>>,
                          get: fn(&InteractionForm) -> Option<Id>,
                          put: fn(&mut InteractionForm, Option<Id>)| {
        view! {
            <SelectField label=label name=name options=options
                value=Signal::derive(move || form.with(|f| f.as_ref().and_then(get).map(|x| x.to_string()).unwrap_or_default()))
                on_change=Callback::new(move |v: String| form.update(|f| if let Some(f) = f { put(f, Id::parse(&v)) }))
                error=field_error(errors, field) />
        }
    };
    const REQUIRED_LINE: (bool, bool, &str, &str) = (false, true, "text", "");
    const MONEY: (bool, bool, &str, &str) = (false, false, "text", "decimal");
    const REQUIRED_MONEY: (bool, bool, &str, &str) = (false, true, "text", "decimal");
    const TEXT: (bool, bool, &str, &str) = (true, false, "text", "");
    const REQUIRED_TEXT: (bool, bool, &str, &str) = (true, true, "text", "");
    const DATE: (bool, bool, &str, &str) = (false, true, "date", "");

    view! {
        <div class="cs-block">
            <div class="section-head">
                <h3>{move || state.t(Msg::CsRecordInteraction)}</h3>
                <button type="button" class="button primary" data-testid="cs-record" aria-expanded=move || kind.get().is_some().to_string()
                    on:click=toggle>
                    {move || state.t(if kind.get().is_some() { Msg::Cancel } else { Msg::CsRecordInteraction })}
                </button>
            </div>
            {move || kind.get().is_some().then(|| view! {
                <form class="card" id="cs-form" novalidate=true data-testid="cs-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div class="grid">
                        <SelectField label=Msg::CsKind name="cs_kind" options=kind_options
                            value=Signal::derive(move || kind.get().map(kind_key).unwrap_or_default())
                            on_change=Callback::new(move |v: String| {
                                let k = v.parse::<usize>().ok().and_then(|i| INTERACTION_KINDS.get(i).copied());
                                if let Some(k) = k { form.update(|f| if let Some(f) = f { f.kind = k }) }
                            }) />
                        {text(Msg::SDate, "cs_date", "date", |f| f.date.clone(), |f, v| f.date = v, DATE)}
                        {move || {
                            let label = if kind.get() == Some(InteractionKind::FirstContact) { Msg::CsTakenBy } else { Msg::CpDoneBy };
                            id_select(label, "cs_staff", "staff", staff_choice, |f| f.staff, |f, v| f.staff = v)
                        }}
                        {move || (kind.get() == Some(InteractionKind::FirstContact)).then(|| {
                            id_select(Msg::CsHandedTo, "cs_handed_to", "handed_to", handed_choice, |f| f.handed_to, |f, v| f.handed_to = v)
                        })}
                        {move || kind.get().is_some_and(asks_delivery).then(|| {
                            id_select(Msg::CsDelivery, "cs_delivery", "delivery", delivery_choice, |f| f.delivery, |f, v| f.delivery = v)
                        })}
                    </div>
                    <div class="grid cs-wide">
                        {text(Msg::CsSummary, "cs_summary", "summary", |f| f.summary.clone(), |f, v| f.summary = v, REQUIRED_TEXT)}
                    </div>
                    {move || (kind.get() == Some(InteractionKind::Promotion)).then(|| view! {
                        <fieldset class="cs-promotion">
                            <legend>{move || state.t(Msg::SvKindPromotion)}</legend>
                            <div class="grid">
                                {text(Msg::CsPlan, "cs_plan", "plan", |f| f.plan.clone(), |f, v| f.plan = v, REQUIRED_LINE)}
                                {text(Msg::CsBudget, "cs_budget", "budget", |f| f.budget.clone(), |f, v| f.budget = v, REQUIRED_MONEY)}
                                {text(Msg::CsCost, "cs_cost", "cost", |f| f.cost.clone(), |f, v| f.cost = v, MONEY)}
                            </div>
                            <div class="grid cs-wide">
                                {text(Msg::CsEvaluation, "cs_evaluation", "evaluation", |f| f.evaluation.clone(), |f, v| f.evaluation = v, TEXT)}
                            </div>
                        </fieldset>
                    })}
                    {
                        // The customer itself is checked too (it could have been deleted in another tab).
                        let customer_error = field_error(errors, "customer");
                        move || customer_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })
                    }
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| form.set(None)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="cs-save" disabled=move || saving.get()>{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
        </div>
    }
}
