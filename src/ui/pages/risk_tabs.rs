//! The links between the risk pages (warning centre, key accounts, plans, receivables,
//! appraisal, settings), shown at the top of each: the header has one "warnings" link for all.

use crate::i18n::Msg;
use crate::route::Route;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Warnings,
    KeyAccounts,
    Plans,
    Receivables,
    Appraisal,
    Settings,
}

fn tab_of(route: &Route) -> Option<Tab> {
    match route {
        Route::Warnings(_) => Some(Tab::Warnings),
        Route::KeyAccounts => Some(Tab::KeyAccounts),
        Route::Plans(_) => Some(Tab::Plans),
        Route::Receivables => Some(Tab::Receivables),
        Route::Appraisal(_) => Some(Tab::Appraisal),
        Route::RiskSettings => Some(Tab::Settings),
        _ => None,
    }
}

#[component]
pub fn RiskTabs() -> impl IntoView {
    let state = use_app();
    let link = move |tab: Tab, href: &'static str, msg: Msg| {
        let current = move || state.route.with(|r| tab_of(r) == Some(tab)).then_some("page");
        view! { <a class="tab" href=href aria-current=current>{move || state.t(msg)}</a> }
    };
    view! {
        <nav class="tabs risk-tabs" aria-label=move || state.t(Msg::RsTabsLabel)>
            {link(Tab::Warnings, "#/warnings", Msg::RkCentreTitle)}
            {link(Tab::KeyAccounts, "#/key-accounts", Msg::KaTitle)}
            {link(Tab::Plans, "#/plans", Msg::RsPlansNav)}
            {link(Tab::Receivables, "#/receivables", Msg::RkOwed)}
            {link(Tab::Appraisal, "#/appraisal", Msg::RsAppraisalNav)}
            {link(Tab::Settings, "#/risk-settings", Msg::RsSettingsNav)}
        </nav>
    }
}
