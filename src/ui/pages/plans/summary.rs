//! This month's plan on the customer page: its amount, what was bought so far, the pace and
//! the attainment — or that there is none — with the way to the plan's page.

use super::month_text;
use crate::i18n::{format_money, Msg};
use crate::model::Id;
use crate::risk::plan_form::ratio_text;
use crate::risk::plans::{plan_for, progress};
use crate::risk::{month_of, RiskSettings};
use crate::route::{PlansQuery, Route};
use crate::ui::browser;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn PlanSummary(customer: Id) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let month = month_of(today);
    let figures = Memo::new(move |_| {
        state.data.with(|d| {
            plan_for(d, customer, month)?;
            Some(progress(d, customer, month, today, &RiskSettings::of_firm(&d.firm_settings())))
        })
    });
    let href = Route::Plans(PlansQuery { month: Some(month), customer: Some(customer) }).to_hash();
    view! {
        <section class="page section pl-summary" aria-labelledby="plan-summary-h" data-testid="plan-summary">
            <div class="section-head">
                <h2 id="plan-summary-h">
                    {move || state.t(Msg::PlSummaryTitle)}" "
                    <span class="muted">{move || month_text(month, state.lang.get())}</span>
                </h2>
                <a class="button" data-testid="plan-summary-link" href=href>
                    {move || state.t(if figures.with(Option::is_some) { Msg::PlOpenPlan } else { Msg::PlMakePlan })}
                </a>
            </div>
            {move || {
                let lang = state.lang.get();
                match figures.get() {
                    None => view! { <p class="empty" data-testid="plan-summary-none">{Msg::PlSummaryNone.text(lang)}</p> }.into_any(),
                    Some(p) => {
                        let money = |m| format_money(m, "CNY", lang);
                        let pace_class = if p.pace().is_some_and(|x| x < 1.0) { "kpi-note over" } else { "kpi-note" };
                        view! {
                            <div class="kpis">
                                <div class="kpi">
                                    <span class="kpi-label">{Msg::PlColPlan.text(lang)}</span>
                                    <span class="kpi-value" data-testid="plan-summary-amount">{p.plan.map(money).unwrap_or_else(|| "—".into())}</span>
                                </div>
                                <div class="kpi">
                                    <span class="kpi-label">{Msg::PlColActual.text(lang)}</span>
                                    <span class="kpi-value" data-testid="plan-summary-actual">{money(p.actual)}</span>
                                    <span class=pace_class>{Msg::KaPace.text(lang)}": "{ratio_text(p.pace())}</span>
                                    <span class="kpi-note">{Msg::PlColAttainment.text(lang)}": "{ratio_text(p.attainment())}</span>
                                </div>
                                <div class="kpi">
                                    <span class="kpi-label">{Msg::PlColVsLastYear.text(lang)}</span>
                                    <span class="kpi-value">{ratio_text(p.vs_last_year())}</span>
                                    <span class="kpi-note">{Msg::PlColVsUsual.text(lang)}": "{ratio_text(p.vs_usual())}</span>
                                </div>
                            </div>
                        }
                        .into_any()
                    }
                }
            }}
        </section>
    }
}
