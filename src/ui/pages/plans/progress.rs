//! The progress of one customer's month as of today (`risk::plans::progress`): the plan and
//! what was bought against it (pace, attainment), against the same days last year and against
//! the customer's usual rhythm; each target's quantity and amount; the chart by day.

use super::chart::PlanChart;
use crate::i18n::{format_date, format_money, format_qty, Msg};
use crate::model::{Id, Money};
use crate::risk::plan_form::ratio_text;
use crate::risk::plans::{daily, progress};
use crate::risk::RiskSettings;
use crate::ui::browser;
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub(super) fn PlanProgressView(customer: Id, month: NaiveDate) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let figures = Memo::new(move |_| {
        state.data.with(|d| {
            let settings = RiskSettings::of_firm(&d.firm_settings());
            (progress(d, customer, month, today, &settings), daily(d, customer, month, today))
        })
    });
    let points = Signal::derive(move || figures.with(|f| f.1.clone()));
    let has_points = Memo::new(move |_| figures.with(|f| !f.1.is_empty()));
    let product_name = move |id: Option<Id>| {
        id.and_then(|id| state.data.with_untracked(|d| d.products.get(&id).map(|p| p.data.name.clone())))
            .unwrap_or_default()
    };
    view! {
        <section class="section pl-progress" aria-labelledby="plan-progress-h" data-testid="plan-progress">
            <h2 id="plan-progress-h">{move || state.t(Msg::PlProgress)}</h2>
            {move || {
                let lang = state.lang.get();
                let p = figures.with(|f| f.0.clone());
                let money = |m: Money| format_money(m, "CNY", lang);
                let behind = p.pace().is_some_and(|x| x < 1.0);
                let pace_class = if behind { "kpi-note over" } else { "kpi-note" };
                // A month not started yet shows its plan, and nothing bought against it.
                let as_of = if p.elapsed_days == 0 {
                    Msg::PlNotStarted.text(lang).to_string()
                } else {
                    Msg::PlAsOf.with(
                        lang,
                        &[&format_date(p.as_of, lang), &p.elapsed_days.to_string(), &p.month_days.to_string()],
                    )
                };
                let items = p.items.clone();
                view! {
                    <p class="muted" data-testid="plan-as-of">{as_of}</p>
                    <div class="kpis">
                        <div class="kpi">
                            <span class="kpi-label">{Msg::PlColPlan.text(lang)}</span>
                            <span class="kpi-value" data-testid="plan-amount">{p.plan.map(money).unwrap_or_else(|| "—".into())}</span>
                            <span class="kpi-note">{Msg::PlPlanToDate.text(lang)}": "
                                <span data-testid="plan-pro-rata">{p.plan_pro_rata.map(money).unwrap_or_else(|| "—".into())}</span></span>
                        </div>
                        <div class="kpi">
                            <span class="kpi-label">{Msg::PlColActual.text(lang)}</span>
                            <span class="kpi-value" data-testid="plan-actual">{money(p.actual)}</span>
                            <span class=pace_class>{Msg::KaPace.text(lang)}": "<span data-testid="plan-pace">{ratio_text(p.pace())}</span></span>
                            <span class="kpi-note">{Msg::PlColAttainment.text(lang)}": "<span data-testid="plan-attainment">{ratio_text(p.attainment())}</span></span>
                        </div>
                        <div class="kpi">
                            <span class="kpi-label">{Msg::PlColVsLastYear.text(lang)}</span>
                            <span class="kpi-value" data-testid="plan-vs-last-year">{ratio_text(p.vs_last_year())}</span>
                            <span class="kpi-note">{Msg::PlLastYear.text(lang)}": "<span data-testid="plan-last-year">{money(p.last_year)}</span></span>
                        </div>
                        <div class="kpi">
                            <span class="kpi-label">{Msg::PlColVsUsual.text(lang)}</span>
                            <span class="kpi-value" data-testid="plan-vs-usual">{ratio_text(p.vs_usual())}</span>
                            <span class="kpi-note">{Msg::PlUsualToDate.text(lang)}": "<span data-testid="plan-usual">{money(p.usual_pro_rata)}</span></span>
                        </div>
                    </div>
                    {(!items.is_empty()).then(|| view! {
                        <h3>{Msg::PlByItem.text(lang)}</h3>
                        <div class="table-wrap">
                            <table class="lines" data-testid="plan-items-progress">
                                <thead><tr>
                                    <th scope="col">{Msg::SProduct.text(lang)}</th>
                                    <th scope="col">{Msg::SSpec.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::PlPlannedQty.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::PlColPlan.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::PlActualQty.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::PlActualAmount.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::PlQtyAttainment.text(lang)}</th>
                                </tr></thead>
                                <tbody>
                                    {items.into_iter().map(|it| view! {
                                        <tr data-testid="plan-item-progress">
                                            <td>{product_name(it.item.product)}</td>
                                            <td>{it.item.spec.clone()}</td>
                                            <td class="num">{(it.item.quantity.0 != 0).then(|| format_qty(it.item.quantity))}</td>
                                            <td class="num">{(it.item.amount.0 != 0).then(|| money(it.item.amount))}</td>
                                            <td class="num">{format_qty(it.quantity)}</td>
                                            <td class="num">{money(it.amount)}</td>
                                            <td class="num">{ratio_text(it.quantity_attainment)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    })}
                }
            }}
            {move || has_points.get().then(|| view! { <PlanChart points=points month=month /> })}
        </section>
    }
}
