//! Contracts (DOMAIN.md §11): the list with validity and renewals, one contract's form, print.

use super::service_tabs::ServiceTabs;
use crate::i18n::Msg;
use crate::route::RecordEdit;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn ContractsPage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page contracts">
            <ServiceTabs />
            <h1>{move || state.t(Msg::CoNav)}</h1>
        </section>
    }
}

#[component]
pub fn ContractPage(edit: RecordEdit) -> impl IntoView {
    let state = use_app();
    let _ = edit;
    view! {
        <section class="page contract">
            <ServiceTabs />
            <h1>{move || state.t(Msg::CoNav)}</h1>
        </section>
    }
}
