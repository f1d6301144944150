//! The links between the pages that set the firm up and keep its data (products, staff, branch
//! exchange, data and storage, privacy), shown at the top of each: the header has one "admin"
//! link for all, so it fits one row on a 1280-pixel screen (issue 8).

use crate::i18n::Msg;
use crate::route::Route;
use crate::ui::components::tabs::{PageTabs, TabLink};
use leptos::prelude::*;

const TABS: &[TabLink] = &[
    TabLink { href: "#/data", label: Msg::NavData, current: |r| matches!(r, Route::Data | Route::SheetImport) },
    TabLink { href: "#/exchange", label: Msg::ExNav, current: |r| matches!(r, Route::Exchange) },
    TabLink { href: "#/products", label: Msg::NavProducts, current: |r| matches!(r, Route::Products) },
    TabLink { href: "#/staff", label: Msg::NavStaff, current: |r| matches!(r, Route::Staff) },
    TabLink { href: "#/privacy", label: Msg::PvTitle, current: |r| matches!(r, Route::Privacy) },
];

/// True on every admin page (the header marks its link).
pub fn is_admin_route(route: &Route) -> bool {
    TABS.iter().any(|t| (t.current)(route))
}

#[component]
pub fn AdminTabs() -> impl IntoView {
    view! { <PageTabs label=Msg::NavAdminTabs class="admin-tabs" tabs=TABS /> }
}
