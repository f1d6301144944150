//! Placeholder until this session's work on it lands (replaced, not kept).

use leptos::prelude::*;

#[component]
pub fn PlansPage() -> impl IntoView {
    view! { <section class="page"></section> }
}

#[component]
pub fn PlanSummary(customer: crate::model::Id) -> impl IntoView {
    let _ = customer;
    view! { <section class="page section"></section> }
}
