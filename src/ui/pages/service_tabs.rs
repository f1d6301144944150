//! The links between the service desk's pages (to-do, complaints, surveys, contracts, settings), shown at
//! the top of each: the header has one "service" link for all of them.

use crate::i18n::Msg;
use crate::risk::key_accounts::key_set;
use crate::risk::{RiskSettings, Signals};
use crate::route::Route;
use crate::service::IdSet;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// The key accounts now: by the scoring worker's last ABC classes (or sales shares) under the
/// firm's rule, plus those marked by hand. Before the first scoring run only the hand-marked
/// ones count. Tracks the data and the analysis result.
pub fn key_accounts_now(state: AppState) -> IdSet {
    let signals = state.analysis.result.with(|r| r.as_ref().map(|r| Signals::from_table(&r.customers)));
    let signals = signals.unwrap_or_default();
    state.data.with(|d| key_set(d, &signals, &RiskSettings::of_firm(&d.firm_settings())))
}

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Todo,
    Complaints,
    Surveys,
    Contracts,
    Settings,
}

fn tab_of(route: &Route) -> Option<Tab> {
    match route {
        Route::Todo(_) => Some(Tab::Todo),
        Route::Complaints | Route::Complaint(_) => Some(Tab::Complaints),
        Route::Surveys(_) => Some(Tab::Surveys),
        Route::Contracts | Route::Contract(_) => Some(Tab::Contracts),
        Route::ServiceSettings => Some(Tab::Settings),
        _ => None,
    }
}

/// True on every page of the service desk (the header marks its link).
pub fn is_service_route(route: &Route) -> bool {
    tab_of(route).is_some()
}

#[component]
pub fn ServiceTabs() -> impl IntoView {
    let state = use_app();
    let link = move |tab: Tab, href: &'static str, msg: Msg| {
        let current = move || state.route.with(|r| tab_of(r) == Some(tab)).then_some("page");
        view! { <a class="tab" href=href aria-current=current>{move || state.t(msg)}</a> }
    };
    view! {
        <nav class="tabs service-tabs" aria-label=move || state.t(Msg::SdTabsLabel)>
            {link(Tab::Todo, "#/todo", Msg::SdTodo)}
            {link(Tab::Complaints, "#/complaints", Msg::CpNav)}
            {link(Tab::Surveys, "#/surveys", Msg::SuNav)}
            {link(Tab::Contracts, "#/contracts", Msg::CoNav)}
            {link(Tab::Settings, "#/service-settings", Msg::SsNav)}
        </nav>
    }
}
