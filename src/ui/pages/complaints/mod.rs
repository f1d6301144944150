// >>> HELPERS: BEFORE ANYTHING ELSE read /tmp/common.md (worktree, CARGO_TARGET_DIR, file ownership, deadline 09:20 UTC). Do not edit /work/main. Remove this line in your branch. <<<
//! Complaints (DOMAIN.md §9): the list with its statistics, and one complaint's seven steps.

use super::service_tabs::ServiceTabs;
use crate::i18n::Msg;
use crate::route::RecordEdit;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page complaints">
            <ServiceTabs />
            <h1>{move || state.t(Msg::CpNav)}</h1>
        </section>
    }
}

#[component]
pub fn ComplaintPage(edit: RecordEdit) -> impl IntoView {
    let state = use_app();
    let _ = edit;
    view! {
        <section class="page complaint">
            <ServiceTabs />
            <h1>{move || state.t(Msg::CpNav)}</h1>
        </section>
    }
}
