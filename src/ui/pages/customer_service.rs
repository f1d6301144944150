// >>> HELPERS: BEFORE ANYTHING ELSE read /tmp/common.md (worktree, CARGO_TARGET_DIR, file ownership, deadline 09:20 UTC). Do not edit /work/main. Remove this line in your branch. <<<
//! The customer page's service part (DOMAIN.md §10): the timeline of visits, calls, meetings,
//! promotions, first contacts, complaints, surveys, repairs and contracts; deliveries and their
//! return visits; returns, exchanges and repairs.

use crate::i18n::Msg;
use crate::model::Id;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn ServiceSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let _ = customer;
    view! {
        <section class="page customer-service">
            <h2>{move || state.t(Msg::CsTitle)}</h2>
        </section>
    }
}
