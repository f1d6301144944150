//! The links between the pages of one area (risk, service desk, admin), shown at the top of each:
//! the header has one link per area, and these tabs lead on from it. An area is a table of
//! [`TabLink`]s.

use crate::i18n::Msg;
use crate::route::Route;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// One tab: where it leads, its label, and which routes it is the current tab of.
pub struct TabLink {
    pub href: &'static str,
    pub label: Msg,
    pub current: fn(&Route) -> bool,
}

#[component]
pub fn PageTabs(
    /// The accessible name of the tab bar.
    label: Msg,
    /// An extra class naming the area (styles and tests use it).
    class: &'static str,
    tabs: &'static [TabLink],
) -> impl IntoView {
    let state = use_app();
    view! {
        <nav class=format!("tabs {class}") aria-label=move || state.t(label)>
            {tabs
                .iter()
                .map(|t| {
                    let is = t.current;
                    let current = move || state.route.with(is).then_some("page");
                    let msg = t.label;
                    view! { <a class="tab" href=t.href aria-current=current>{move || state.t(msg)}</a> }
                })
                .collect_view()}
        </nav>
    }
}
