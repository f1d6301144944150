//! Placeholder until this session's work on it lands (replaced, not kept).

use leptos::prelude::*;

#[component]
pub fn IncidentReport() -> impl IntoView {
    view! { <section class="page"></section> }
}
