//! The links between the service desk's pages (to-do, complaints, surveys, contracts, settings), shown at
//! the top of each: the header has one "service" link for all of them.

use crate::i18n::Msg;
use crate::risk::key_accounts::key_set;
use crate::risk::{RiskSettings, Signals};
use crate::route::Route;
use crate::service::IdSet;
use crate::ui::components::tabs::{PageTabs, TabLink};
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The key accounts now: by the scoring worker's last ABC classes (or sales shares) under the
/// firm's rule, plus those marked by hand. Before the first scoring run only the hand-marked
/// ones count. Tracks the data and the analysis result.
pub fn key_accounts_now(state: AppState) -> IdSet {
    let signals = state.analysis.result.with(|r| r.as_ref().map(|r| Signals::from_table(&r.customers)));
    let signals = signals.unwrap_or_default();
    state.data.with(|d| key_set(d, &signals, &RiskSettings::of_firm(&d.firm_settings())))
}

const TABS: &[TabLink] = &[
    TabLink { href: "#/todo", label: Msg::SdTodo, current: |r| matches!(r, Route::Todo(_)) },
    TabLink {
        href: "#/complaints",
        label: Msg::CpNav,
        current: |r| matches!(r, Route::Complaints | Route::Complaint(_)),
    },
    TabLink { href: "#/surveys", label: Msg::SuNav, current: |r| matches!(r, Route::Surveys(_)) },
    TabLink { href: "#/contracts", label: Msg::CoNav, current: |r| matches!(r, Route::Contracts | Route::Contract(_)) },
    TabLink { href: "#/service-settings", label: Msg::SsNav, current: |r| matches!(r, Route::ServiceSettings) },
];

/// True on every page of the service desk (the header marks its link).
pub fn is_service_route(route: &Route) -> bool {
    TABS.iter().any(|t| (t.current)(route))
}

#[component]
pub fn ServiceTabs() -> impl IntoView {
    view! { <PageTabs label=Msg::SdTabsLabel class="service-tabs" tabs=TABS /> }
}
