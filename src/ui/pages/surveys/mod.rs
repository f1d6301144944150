// >>> HELPERS: BEFORE ANYTHING ELSE read /tmp/common.md (worktree, CARGO_TARGET_DIR, file ownership, deadline 09:20 UTC). Do not edit /work/main. Remove this line in your branch. <<<
//! Satisfaction surveys (DOMAIN.md §8): entry, results, targets, improvement plans, forms.

use super::service_tabs::ServiceTabs;
use crate::i18n::Msg;
use crate::route::{Route, SurveysQuery};
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn SurveysPage() -> impl IntoView {
    let state = use_app();
    // The tab and filters are in the URL; switching them keeps this page (and its inputs).
    let _query = Memo::new(move |_| match state.route.get() {
        Route::Surveys(q) => q,
        _ => SurveysQuery::default(),
    });
    view! {
        <section class="page surveys">
            <ServiceTabs />
            <h1>{move || state.t(Msg::SuNav)}</h1>
        </section>
    }
}
