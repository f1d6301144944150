//! The links between the service desk's pages (to-do, complaints, surveys, contracts), shown at
//! the top of each: the header has one "service" link for all of them.

use crate::i18n::Msg;
use crate::route::Route;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Todo,
    Complaints,
    Surveys,
    Contracts,
}

fn tab_of(route: &Route) -> Option<Tab> {
    match route {
        Route::Todo(_) => Some(Tab::Todo),
        Route::Complaints | Route::Complaint(_) => Some(Tab::Complaints),
        Route::Surveys(_) => Some(Tab::Surveys),
        Route::Contracts | Route::Contract(_) => Some(Tab::Contracts),
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
        </nav>
    }
}
