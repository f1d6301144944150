//! Placeholder until this session's work on it lands (replaced, not kept).

use leptos::prelude::*;

#[component]
pub fn RiskSettingsPage() -> impl IntoView {
    view! { <section class="page"></section> }
}
pub mod criteria;
