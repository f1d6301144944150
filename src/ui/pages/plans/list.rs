//! A month's plans, each with its progress as of today (`risk::plans::progress_all`): the
//! month's totals, the table (behind schedule first, a pace below 1 marked), a search by
//! customer, the CSV export, and a new plan for a customer picked by name.

use super::month_text;
use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_count, format_money, Msg};
use crate::model::{Id, Money};
use crate::risk::plan_form::{list_cells, ratio_text};
use crate::risk::plans::{progress_all, PlanProgress};
use crate::risk::{month_code, RiskSettings};
use crate::route::{PlansQuery, Route};
use crate::search::{normalize_query, Matcher, SearchKey};
use crate::ui::browser;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

/// One plan of the list.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    progress: PlanProgress,
    name: String,
    key: SearchKey,
}

const HEADER: [Msg; 7] = [
    Msg::SvRespondentCustomer,
    Msg::PlColPlan,
    Msg::PlColActual,
    Msg::KaPace,
    Msg::PlColAttainment,
    Msg::PlColVsLastYear,
    Msg::PlColVsUsual,
];

#[component]
pub(super) fn MonthPlans(month: NaiveDate) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let text = RwSignal::new(String::new());
    let picking = RwSignal::new(false);
    let lines = Memo::new(move |_| {
        state.data.with(|d| {
            let settings = RiskSettings::of_firm(&d.firm_settings());
            let mut v: Vec<Line> = progress_all(d, month, today, &settings)
                .into_iter()
                .map(|p| {
                    let name = crate::i18n::customer_name(d, &p.customer, state.lang.get()).unwrap_or_default();
                    let mut key = SearchKey::new();
                    key.add_name(&name);
                    Line { progress: p, name, key }
                })
                .collect();
            // Furthest behind schedule first; then the largest plans.
            v.sort_by(|a, b| {
                let pace = |l: &Line| l.progress.pace().unwrap_or(f64::INFINITY);
                pace(a).total_cmp(&pace(b)).then(b.progress.plan.cmp(&a.progress.plan)).then(a.name.cmp(&b.name))
            });
            v
        })
    });
    let shown = Memo::new(move |_| {
        let q = normalize_query(&text.get());
        let m = Matcher::new(&q);
        lines.with(|all| all.iter().filter(|l| m.matches(&l.key)).cloned().collect::<Vec<_>>())
    });
    let totals = Memo::new(move |_| {
        lines.with(|all| {
            let planned: Money = all.iter().filter_map(|l| l.progress.plan).sum();
            let actual: Money = all.iter().map(|l| l.progress.actual).sum();
            (all.len(), planned, actual)
        })
    });
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let rows: Vec<Vec<String>> =
            shown.with_untracked(|v| v.iter().map(|l| list_cells(&l.progress, &l.name, lang).to_vec()).collect());
        let n = rows.len();
        let name = export_file_name(&format!("plans-{}", month_code(month)), today);
        if save_csv(&name, &write_csv(&HEADER.map(|m| m.text(lang)), rows)) {
            state.info(Msg::CsvExported, &[&n.to_string()]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let plan_of = move |c: Id| Route::Plans(PlansQuery { month: Some(month), customer: Some(c) });
    view! {
        <div class="page-head">
            <h1>{move || Msg::PlMonthTitle.with(state.lang.get(), &[&month_text(month, state.lang.get())])}</h1>
            <span class="spacer"></span>
            <button type="button" class="button" data-testid="plans-csv" on:click=export
                disabled=move || shown.with(Vec::is_empty)>{move || state.t(Msg::ExportCsv)}</button>
            <button type="button" class="button primary" data-testid="new-plan" aria-expanded=move || picking.get().to_string()
                on:click=move |_| picking.update(|p| *p = !*p)>{move || state.t(Msg::PlNew)}</button>
        </div>
        {move || picking.get().then(|| view! {
            <div class="card pl-new" data-testid="new-plan-picker">
                <CustomerPicker label=Msg::PlNewFor search_label=Msg::PlNewFor name="plan_customer"
                    value=Signal::derive(|| None)
                    on_change=Callback::new(move |c: Option<Id>| if let Some(c) = c { state.go(plan_of(c)) }) />
            </div>
        })}
        <div class="kpis" data-testid="plans-totals">
            {move || {
                let lang = state.lang.get();
                let (n, planned, actual) = totals.get();
                let attainment = (planned.0 > 0).then(|| actual.0 as f64 / planned.0 as f64);
                view! {
                    <div class="kpi">
                        <span class="kpi-label">{Msg::PlKpiPlans.text(lang)}</span>
                        <span class="kpi-value" data-testid="plans-count">{format_count(n)}</span>
                    </div>
                    <div class="kpi">
                        <span class="kpi-label">{Msg::PlKpiPlanned.text(lang)}</span>
                        <span class="kpi-value" data-testid="plans-planned">{format_money(planned, "CNY", lang)}</span>
                    </div>
                    <div class="kpi">
                        <span class="kpi-label">{Msg::PlKpiActual.text(lang)}</span>
                        <span class="kpi-value" data-testid="plans-actual">{format_money(actual, "CNY", lang)}</span>
                        <span class="kpi-note">{Msg::PlColAttainment.text(lang)}": "{ratio_text(attainment)}</span>
                    </div>
                }
            }}
        </div>
        <div class="filters">
            <label class="grow">
                {move || state.t(Msg::PlSearch)}
                <input type="search" data-testid="plans-search" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
        </div>
        {move || {
            let lang = state.lang.get();
            let list = shown.get();
            if list.is_empty() {
                let msg = if lines.with(Vec::is_empty) { Msg::PlNone } else { Msg::PlNoneMatch };
                return view! { <p class="empty" data-testid="plans-empty">{msg.text(lang)}</p> }.into_any();
            }
            view! {
                <div class="table-wrap">
                    <table class="lines pl-list" data-testid="plans-list">
                        <thead><tr>
                            {HEADER.iter().enumerate().map(|(i, m)| {
                                let class = if i == 0 { "" } else { "num" };
                                view! { <th scope="col" class=class>{m.text(lang)}</th> }
                            }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|l| {
                                let behind = l.progress.pace().is_some_and(|p| p < 1.0);
                                let [name, rest @ ..] = list_cells(&l.progress, &l.name, lang);
                                view! {
                                    <tr data-testid="plan-row" class:pl-behind=behind>
                                        <td><a href=plan_of(l.progress.customer).to_hash()>{name}</a></td>
                                        {rest.into_iter().enumerate().map(|(i, text)| {
                                            let class = if i == 2 && behind { "num warn" } else { "num" };
                                            view! { <td class=class>{text}</td> }
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
            .into_any()
        }}
    }
}
