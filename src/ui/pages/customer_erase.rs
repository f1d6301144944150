//! The erasure of a person's data on the customer page (PIPL, DOMAIN.md §13): the action for a
//! customer who is a person (a consumer), the page an erased customer shows, and the erasure
//! itself, shared with the contacts' erasure. An erasure is written over the stored copies in one
//! transaction (`Store::apply_erasure`, not undoable) and travels with branch exchange.

use crate::exchange::merge::erase_all;
use crate::exchange::person::{customer_erasure_leftovers, customer_erasure_targets};
use crate::i18n::{format_datetime, Msg};
use crate::model::{Id, Kind};
use crate::ui::browser;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// Erases `targets` (from [`customer_erasure_targets`] or the contact's targets) under one new
/// stamp, in memory once the store has written it, and shows `done`.
pub fn run_erasure(state: AppState, targets: Vec<(Kind, Id)>, done: Msg) {
    let Some(session) = state.session() else { return };
    let o = state.origin();
    let plan = state.data.with_untracked(|d| {
        let targets: Vec<_> = targets.into_iter().map(|(kind, item)| (kind, item, browser::new_id())).collect();
        erase_all(d, &targets, o)
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
                state.info(done, &[]);
                state.refresh_storage();
            }
            Err(e) => state.store_failed(&e),
        }
    });
}

/// "Erase this person's data", behind the typed word: only for a consumer customer.
#[component]
pub fn ErasePersonButton(customer: Id, name: Signal<String>) -> impl IntoView {
    let state = use_app();
    let open = RwSignal::new(false);
    let erase = move || {
        let targets = state.data.with_untracked(|d| customer_erasure_targets(d, customer));
        run_erasure(state, targets, Msg::PdPersonErased);
    };
    view! {
        <button class="button danger-ghost" data-testid="erase-person" on:click=move |_| open.set(true)>
            {move || state.t(Msg::PdErasePerson)}
        </button>
        <ConfirmDialog
            open=open
            message=Signal::derive(move || {
                let lang = state.lang.get();
                Msg::PdErasePersonConfirm.with(lang, &[&name.get(), Msg::PvEraseWord.text(lang)])
            })
            typed_word=Signal::derive(move || state.t(Msg::PvEraseWord).to_string())
            on_confirm=Callback::new(move |_| erase())
            confirm_label=Msg::PvEraseButton
        />
    }
}

/// What an erased customer's page shows: a placeholder name, when and by whom it was erased,
/// the sales and payments that stay as figures, and any personal data that arrived afterwards
/// with a way to erase it too.
#[component]
pub fn ErasedCustomer(customer: Id) -> impl IntoView {
    let state = use_app();
    let when = Memo::new(move |_| {
        state.data.with(|d| {
            d.erasures
                .all()
                .iter()
                .filter(|e| e.data.kind == Kind::Customer && e.data.entity == customer)
                .map(|e| (e.created, e.created_by))
                .min()
        })
    });
    let leftovers = Memo::new(move |_| state.data.with(|d| customer_erasure_leftovers(d, customer)));
    let leftovers_open = RwSignal::new(false);
    let tz = browser::tz_offset_minutes();
    view! {
        <section class="page customer erased-customer" data-testid="erased-customer">
            <div class="page-head">
                <a class="button ghost" href="#/customers">{move || state.t(Msg::Back)}</a>
                <h1 data-testid="customer-title">{move || state.t(Msg::PdErasedName)}</h1>
            </div>
            <p class="banner" role="status" data-testid="erased-notice">
                {move || {
                    let lang = state.lang.get();
                    let (at, by) = when.get().unwrap_or_default();
                    let staff = state.staff_names.get();
                    let when = format_datetime(at.wall_ms(), tz, lang);
                    match by.and_then(|b| staff.get(&b).cloned()) {
                        Some(who) => Msg::PdErasedNotice.with(lang, &[&when, &who]),
                        None => Msg::PdErasedNoticeNoOne.with(lang, &[&when]),
                    }
                }}
            </p>
            {move || {
                let n = leftovers.get().len();
                (n > 0).then(|| view! {
                    <div class="banner warn" role="status" data-testid="erased-leftovers">
                        <span>{move || Msg::PdLeftovers.with(state.lang.get(), &[&n.to_string()])}</span>
                        <button class="button small" on:click=move |_| leftovers_open.set(true)>{move || state.t(Msg::PdEraseLeftovers)}</button>
                    </div>
                })
            }}
            <ConfirmDialog
                open=leftovers_open
                message=Signal::derive(move || {
                    let lang = state.lang.get();
                    Msg::PdErasePersonConfirm.with(lang, &[Msg::PdErasedName.text(lang), Msg::PvEraseWord.text(lang)])
                })
                typed_word=Signal::derive(move || state.t(Msg::PvEraseWord).to_string())
                on_confirm=Callback::new(move |_| run_erasure(state, leftovers.get_untracked(), Msg::PdPersonErased))
                confirm_label=Msg::PvEraseButton
            />
        </section>
        <super::customer_sales::SalesSection customer=customer read_only=true />
        <super::customer_sales::PaymentsSection customer=customer read_only=true />
    }
}
