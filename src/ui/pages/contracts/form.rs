//! One contract: the form with every standard field of §11, checked by
//! `service::contracts::validate_contract` before anything is written; renewal as a copy; the
//! printed copy underneath (`print.rs`).

use super::print::ContractDocument;
use super::validity_text;
use crate::i18n::Msg;
use crate::model::service::Contract;
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::{Id, Record};
use crate::route::{RecordEdit, Route};
use crate::service::contracts::{renewal_of, validity};
use crate::service::edits::{create_contract, edit_contract};
use crate::service::ServiceSettings;
use crate::ui::browser;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::field::{field_error, CheckField, TextField};
use crate::ui::pages::service_tabs::ServiceTabs;
use crate::ui::state::{use_app, AppState};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::cell::RefCell;

thread_local! {
    /// The contract a "renew" asked the next new-contract form to start from.
    static RENEWING: RefCell<Option<Contract>> = const { RefCell::new(None) };
}

/// The text fields of a contract, by field name: (name, label, multiline, get, put).
pub(super) type Text = (&'static str, Msg, bool, fn(&Contract) -> String, fn(&mut Contract, String));

const BASICS: [Text; 2] = [
    ("number", Msg::CoNumber, false, |c| c.number.clone(), |c, v| c.number = v),
    ("signed_at", Msg::CoSignedAt, false, |c| c.signed_at.clone(), |c, v| c.signed_at = v),
];

pub(super) const TERMS: [Text; 9] = [
    ("subject", Msg::CoSubject, true, |c| c.subject.clone(), |c, v| c.subject = v),
    ("quality", Msg::CoQuality, true, |c| c.quality.clone(), |c, v| c.quality = v),
    ("delivery_terms", Msg::CoDelivery, true, |c| c.delivery_terms.clone(), |c, v| c.delivery_terms = v),
    ("acceptance", Msg::CoAcceptance, true, |c| c.acceptance.clone(), |c, v| c.acceptance = v),
    ("rights", Msg::CoRights, true, |c| c.rights.clone(), |c, v| c.rights = v),
    ("settlement", Msg::CoSettlement, true, |c| c.settlement.clone(), |c, v| c.settlement = v),
    ("policy", Msg::CoPolicy, true, |c| c.policy.clone(), |c, v| c.policy = v),
    (
        "ordering_and_returns",
        Msg::CoOrdering,
        true,
        |c| c.ordering_and_returns.clone(),
        |c, v| c.ordering_and_returns = v,
    ),
    ("breach_and_disputes", Msg::CoBreach, true, |c| c.breach_and_disputes.clone(), |c, v| c.breach_and_disputes = v),
];

pub(super) const PARTIES: [Text; 8] = [
    ("our_party", Msg::CoOurParty, false, |c| c.our_party.clone(), |c, v| c.our_party = v),
    ("their_party", Msg::CoTheirParty, false, |c| c.their_party.clone(), |c, v| c.their_party = v),
    (
        "their_legal_representative",
        Msg::CoLegalRep,
        false,
        |c| c.their_legal_representative.clone(),
        |c, v| c.their_legal_representative = v,
    ),
    (
        "their_signing_representative",
        Msg::CoSigningRep,
        false,
        |c| c.their_signing_representative.clone(),
        |c, v| c.their_signing_representative = v,
    ),
    ("their_address", Msg::CoAddress, false, |c| c.their_address.clone(), |c, v| c.their_address = v),
    ("their_contact", Msg::CoContact, false, |c| c.their_contact.clone(), |c, v| c.their_contact = v),
    ("their_bank_account", Msg::CoBank, false, |c| c.their_bank_account.clone(), |c, v| c.their_bank_account = v),
    ("their_tax_number", Msg::CoTax, false, |c| c.their_tax_number.clone(), |c, v| c.their_tax_number = v),
];

/// The dates of the form as typed (an `<input type=date>` gives ISO text or nothing).
#[derive(Clone, Debug, Default, PartialEq)]
struct Dates {
    signed_on: String,
    valid_from: String,
    valid_to: String,
}

impl Dates {
    fn of(c: &Contract) -> Dates {
        let t = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        Dates { signed_on: t(c.signed_on), valid_from: t(c.valid_from), valid_to: t(c.valid_to) }
    }

    /// Puts the dates into the contract; the fields whose text is not a date.
    fn apply(&self, c: &mut Contract) -> Vec<FieldError> {
        let mut bad = Vec::new();
        let mut read = |field: &'static str, text: &str| {
            let date = parse_date(text);
            if date.is_none() && !text.trim().is_empty() {
                bad.push(FieldError { field, problem: Invalid::Date });
            }
            date
        };
        c.signed_on = read("signed_on", &self.signed_on);
        c.valid_from = read("valid_from", &self.valid_from);
        c.valid_to = read("valid_to", &self.valid_to);
        bad
    }
}

/// A new contract: for the customer in the URL, our firm's name filled in, and the customer's
/// name, address and legal representative as the other party; or a renewal's copy.
fn new_contract(state: AppState, customer: Option<Id>) -> Contract {
    if let Some(copy) = RENEWING.with(|r| r.borrow_mut().take()) {
        return copy;
    }
    let mut c =
        Contract { our_party: state.data.with_untracked(|d| d.firm_settings().firm_name), ..Contract::default() };
    if let Some(id) = customer {
        fill_from_customer(state, &mut c, id);
    }
    c
}

/// The customer's own details as the other party, where the form has none yet.
fn fill_from_customer(state: AppState, c: &mut Contract, id: Id) {
    c.customer = id;
    state.data.with_untracked(|d| {
        if let Some(r) = d.customers.get(&id) {
            let put = |slot: &mut String, v: &str| {
                if slot.trim().is_empty() {
                    *slot = v.to_string();
                }
            };
            put(&mut c.their_party, &r.data.name);
            put(&mut c.their_address, &r.data.address);
            put(&mut c.their_legal_representative, &r.data.legal_representative);
            put(&mut c.their_tax_number, &r.data.tax_number);
        }
    });
}

#[component]
pub fn ContractPage(edit: RecordEdit) -> impl IntoView {
    let state = use_app();
    let (stored, customer) = match edit {
        RecordEdit::Existing(id) => {
            (state.data.with_untracked(|d| d.contracts.get(&id).cloned()).filter(|r| !r.is_deleted()), None)
        }
        RecordEdit::New { customer } => (None, customer),
    };
    if matches!(edit, RecordEdit::Existing(_)) && stored.is_none() {
        return view! {
            <section class="page contract">
                <ServiceTabs />
                <p class="empty">{move || state.t(Msg::CoNotFound)}</p>
                <a class="button" href="#/contracts">{move || state.t(Msg::Back)}</a>
            </section>
        }
        .into_any();
    }
    view! { <ContractForm stored=stored customer=customer /> }.into_any()
}

#[component]
fn ContractForm(stored: Option<Record<Contract>>, customer: Option<Id>) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let id = stored.as_ref().map(|r| r.id);
    let initial = stored.as_ref().map(|r| r.data.clone()).unwrap_or_else(|| new_contract(state, customer));
    let draft = RwSignal::new(initial.clone());
    let dates = RwSignal::new(Dates::of(&initial));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let saved_copy = StoredValue::new(initial);
    let dirty = move || draft.get() != saved_copy.get_value() || dates.get() != Dates::of(&saved_copy.get_value());

    let save = move || {
        let mut c = draft.get_untracked();
        for (_, _, _, get, put) in BASICS.iter().chain(&TERMS).chain(&PARTIES) {
            let trimmed = get(&c).trim().to_string();
            put(&mut c, trimmed);
        }
        let bad_dates = dates.get_untracked().apply(&mut c);
        let current = id.and_then(|id| state.data.with_untracked(|d| d.contracts.get(&id).cloned()));
        let result = state.data.with_untracked(|d| match &current {
            Some(cur) => edit_contract(cur, &c, browser::new_id(), d, today, state.origin()),
            None => {
                create_contract(browser::new_id(), browser::new_id(), c.clone(), d, today, state.origin()).map(Some)
            }
        });
        let result = match (result, bad_dates.is_empty()) {
            (r, true) => r,
            // Typed but unreadable dates: say so, not "required".
            (Ok(_), false) => Err(bad_dates),
            (Err(mut errs), false) => {
                errs.retain(|e| !bad_dates.iter().any(|b| b.field == e.field));
                errs.extend(bad_dates);
                Err(errs)
            }
        };
        match result {
            Err(errs) => {
                errors.set(errs);
                state.error(Msg::ErrFixFields);
            }
            Ok(None) => errors.set(Vec::new()),
            Ok(Some(batch)) => {
                errors.set(Vec::new());
                saving.set(true);
                let new_id = batch.contracts.all().first().map(|r| r.id);
                leptos::task::spawn_local(async move {
                    let ok = state.commit(batch).await.is_ok();
                    saving.set(false);
                    if ok {
                        state.info(Msg::Saved, &[]);
                        saved_copy.set_value(c.clone());
                        draft.set(c);
                        if id.is_none() {
                            if let Some(n) = new_id {
                                state.go(Route::Contract(RecordEdit::Existing(n)));
                            }
                        }
                    }
                });
            }
        }
    };
    let reset = move || {
        let c = saved_copy.get_value();
        dates.set(Dates::of(&c));
        draft.set(c);
        errors.set(Vec::new());
    };
    let renew = move |_| {
        RENEWING.with(|r| *r.borrow_mut() = Some(renewal_of(&saved_copy.get_value(), today)));
        state.go(Route::Contract(RecordEdit::New { customer: None }));
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    let status = move || {
        let lang = state.lang.get();
        id.map(|_| {
            let notice = state.data.with(|d| ServiceSettings::of_firm(&d.firm_settings()).contract_notice_days);
            let (class, text) = validity_text(validity(&saved_copy.get_value(), today, notice), lang);
            view! { <span class=class data-testid="contract-validity">{text}</span> }
        })
    };
    let text = move |(name, label, multiline, get, put): Text| {
        let required = matches!(name, "number" | "subject" | "our_party" | "their_party");
        view! {
            <TextField label=label name=name multiline=multiline required=required
                value=Signal::derive(move || draft.with(get))
                on_input=Callback::new(move |v: String| draft.update(|c| put(c, v)))
                error=field_error(errors, name) />
        }
    };
    let date = move |name: &'static str, label: Msg, get: fn(&Dates) -> String, put: fn(&mut Dates, String)| {
        let required = name != "valid_to";
        view! {
            <TextField label=label name=name input_type="date" required=required
                value=Signal::derive(move || dates.with(get))
                on_input=Callback::new(move |v: String| dates.update(|d| put(d, v)))
                error=field_error(errors, name) />
        }
    };
    let title = if id.is_some() { Msg::CoEditTitle } else { Msg::CoNew };
    view! {
        <section class="page contract">
            <ServiceTabs />
            <div class="section-head no-print">
                <h1>{move || state.t(title)}" "{status}</h1>
                <div class="actions">
                    <a class="button" href="#/contracts">{move || state.t(Msg::Back)}</a>
                    <button type="button" class="button" data-testid="print-contract" on:click=print>{move || state.t(Msg::SuPrintButton)}</button>
                    {id.map(|_| view! {
                        <button type="button" class="button" data-testid="renew-contract" on:click=renew>{move || state.t(Msg::CoRenew)}</button>
                    })}
                </div>
            </div>
            <form class="contract-form no-print" novalidate=true data-testid="contract-form"
                on:submit=move |ev| { ev.prevent_default(); save(); }>
                <fieldset>
                    <legend>{move || state.t(Msg::CoSectionBasics)}</legend>
                    <div class="grid">
                        <CustomerPicker label=Msg::SvRespondentCustomer search_label=Msg::VaCustomerSearch name="contract_customer"
                            value=Signal::derive(move || draft.with(|c| Some(c.customer).filter(|c| *c != Id::NIL)))
                            on_change=Callback::new(move |c: Option<Id>| draft.update(|d| match c {
                                Some(c) => fill_from_customer(state, d, c),
                                None => d.customer = Id::NIL,
                            }))
                            error=field_error(errors, "customer") />
                        {text(BASICS[0])}
                        {date("signed_on", Msg::CoSignedOn, |d| d.signed_on.clone(), |d, v| d.signed_on = v)}
                        {text(BASICS[1])}
                        {date("valid_from", Msg::CoValidFrom, |d| d.valid_from.clone(), |d, v| d.valid_from = v)}
                        {date("valid_to", Msg::CoValidTo, |d| d.valid_to.clone(), |d, v| d.valid_to = v)}
                        <CheckField label=Msg::CoNoRenewal name="no_renewal"
                            value=Signal::derive(move || draft.with(|c| c.no_renewal))
                            on_change=Callback::new(move |v: bool| draft.update(|c| c.no_renewal = v)) />
                    </div>
                </fieldset>
                <fieldset>
                    <legend>{move || state.t(Msg::CoSectionTerms)}</legend>
                    <div class="grid">{TERMS.map(text).into_iter().collect_view()}</div>
                </fieldset>
                <fieldset>
                    <legend>{move || state.t(Msg::CoSectionParties)}</legend>
                    <div class="grid">{PARTIES.map(text).into_iter().collect_view()}</div>
                </fieldset>
                <div class="actions sticky">
                    <button type="button" class="button" disabled=move || !dirty() on:click=move |_| reset()>
                        {move || state.t(Msg::Cancel)}
                    </button>
                    <button type="submit" class="button primary" data-testid="save-contract" disabled=move || saving.get() || !dirty()>
                        {move || if saving.get() { state.t(Msg::Saving) } else { state.t(Msg::Save) }}
                    </button>
                </div>
            </form>
            <ContractDocument contract=draft dates=Signal::derive(move || {
                let mut c = Contract::default();
                let _ = dates.get().apply(&mut c);
                (c.signed_on, c.valid_from, c.valid_to)
            }) />
        </section>
    }
}
