//! The service desk's settings (`#/service-settings`): survey weights and schedule, return
//! visits, the days allowed for each complaint step, contract notice, repair limits and photo
//! limits (`service::settings_form`), saved into the firm settings with
//! `service::edits::save_settings` — so they travel with branch exchange.

use crate::i18n::Msg;
use crate::model::Id;
use crate::service::edits::save_settings;
use crate::service::settings::ServiceSettings;
use crate::service::settings_form::GROUPS;
use crate::ui::browser;
use crate::ui::components::settings_form::SettingsForm;
use crate::ui::pages::service_tabs::ServiceTabs;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn ServiceSettingsPage() -> impl IntoView {
    let state = use_app();
    let draft = RwSignal::new(state.data.with_untracked(|d| ServiceSettings::of_firm(&d.firm_settings())));
    let save = Callback::new(move |s: ServiceSettings| {
        state.data.with_untracked(|d| save_settings(d.settings.get(&Id::NIL), &s, browser::new_id(), state.origin()))
    });
    view! {
        <section class="page service-settings">
            <ServiceTabs />
            <h1>{move || state.t(Msg::SsTitle)}</h1>
            <p class="muted">{move || state.t(Msg::SsExplain)}</p>
            <SettingsForm groups=&GROUPS draft=draft defaults=ServiceSettings::default() save=save />
        </section>
    }
}
