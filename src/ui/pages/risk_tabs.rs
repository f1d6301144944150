//! The links between the risk pages (warning centre, key accounts, plans, receivables,
//! appraisal, settings), shown at the top of each: the header has one "warnings" link for all.

use crate::i18n::Msg;
use crate::route::Route;
use crate::ui::components::tabs::{PageTabs, TabLink};
use leptos::prelude::*;

const TABS: &[TabLink] = &[
    TabLink { href: "#/warnings", label: Msg::RkCentreTitle, current: |r| matches!(r, Route::Warnings(_)) },
    TabLink { href: "#/key-accounts", label: Msg::KaTitle, current: |r| matches!(r, Route::KeyAccounts) },
    TabLink { href: "#/plans", label: Msg::RsPlansNav, current: |r| matches!(r, Route::Plans(_)) },
    TabLink { href: "#/receivables", label: Msg::RkOwed, current: |r| matches!(r, Route::Receivables) },
    TabLink { href: "#/appraisal", label: Msg::RsAppraisalNav, current: |r| matches!(r, Route::Appraisal(_)) },
    TabLink { href: "#/risk-settings", label: Msg::RsSettingsNav, current: |r| matches!(r, Route::RiskSettings) },
];

/// True on every risk page (the header marks its link).
pub fn is_risk_route(route: &Route) -> bool {
    TABS.iter().any(|t| (t.current)(route))
}

#[component]
pub fn RiskTabs() -> impl IntoView {
    view! { <PageTabs label=Msg::RsTabsLabel class="risk-tabs" tabs=TABS /> }
}
