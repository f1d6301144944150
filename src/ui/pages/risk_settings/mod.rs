//! The warning and credit settings (`#/risk-settings`): default credit limits by ABC class, the
//! firm's total assets and receivables line, the ageing buckets, every warning threshold, the
//! key-account rule and the appraisal weights (`risk::settings_form`), saved with
//! `risk::edits::save_risk_settings`; below them the scorecard's criteria (`criteria.rs`).

pub mod criteria;

use crate::i18n::Msg;
use crate::model::{FirmSettings, Id};
use crate::risk::edits::save_risk_settings;
use crate::risk::settings::KeyRule;
use crate::risk::settings_form::{RiskForm, GROUPS};
use crate::ui::browser;
use crate::ui::components::field::SelectField;
use crate::ui::components::settings_form::SettingsForm;
use crate::ui::pages::risk_tabs::RiskTabs;
use crate::ui::state::use_app;
use criteria::CriteriaEditor;
use leptos::prelude::*;

#[component]
pub fn RiskSettingsPage() -> impl IntoView {
    let state = use_app();
    let draft = RwSignal::new(state.data.with_untracked(|d| RiskForm::of_firm(&d.firm_settings())));
    let save = Callback::new(move |f: RiskForm| {
        state.data.with_untracked(|d| {
            let current = d.settings.get(&Id::NIL);
            save_risk_settings(
                current,
                &f.settings,
                f.limits,
                f.total_assets,
                f.line_pct,
                browser::new_id(),
                state.origin(),
            )
        })
    });
    let rule_options = Signal::derive(move || {
        let lang = state.lang.get();
        vec![
            ("class_a".to_string(), Msg::RsKeyRuleClassA.text(lang).to_string()),
            ("top_share".to_string(), Msg::RsKeyRuleTopShare.text(lang).to_string()),
        ]
    });
    let rule = Signal::derive(move || {
        draft.with(|f| if f.settings.key_rule == KeyRule::TopShare { "top_share" } else { "class_a" }.to_string())
    });
    let set_rule = Callback::new(move |v: String| {
        draft.update(|f| f.settings.key_rule = if v == "top_share" { KeyRule::TopShare } else { KeyRule::ClassA })
    });
    view! {
        <section class="page risk-settings">
            <RiskTabs />
            <h1>{move || state.t(Msg::RsSettingsNav)}</h1>
            <p class="muted">{move || state.t(Msg::RsExplain)}</p>
            <SettingsForm groups=&GROUPS draft=draft defaults=RiskForm::of_firm(&FirmSettings::defaults()) save=save>
                <fieldset class="settings-group">
                    <legend>{move || state.t(Msg::RsKeyRule)}</legend>
                    <div class="grid">
                        <SelectField label=Msg::RsKeyRule name="key_rule" options=rule_options value=rule on_change=set_rule />
                    </div>
                </fieldset>
            </SettingsForm>
            <CriteriaEditor />
        </section>
    }
}
