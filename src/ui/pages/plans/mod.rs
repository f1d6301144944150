//! Monthly sales plans (销售计划, DOMAIN.md §3, `risk::plans`): a month's plans with their
//! progress (`list.rs`), and one customer's plan for the month — the form with its copies from
//! last month or last year (`form.rs`), its progress against the plan, last year and the usual
//! rhythm (`progress.rs`) with the month's chart by day (`chart.rs`). The customer page shows
//! this month's progress (`summary.rs`). Which month and customer is in the URL:
//! `#/plans?month=2026-12&customer=<id>` (no month: this month).

mod chart;
mod form;
mod list;
mod progress;
mod summary;

pub use summary::PlanSummary;

use crate::i18n::Msg;
use crate::risk::{month_add, month_code, month_of, parse_month_code};
use crate::route::{PlansQuery, Route};
use crate::ui::browser;
use crate::ui::pages::risk_tabs::RiskTabs;
use crate::ui::state::use_app;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// "2026年12月" / "Dec 2026".
pub(super) fn month_text(month: NaiveDate, lang: crate::i18n::Lang) -> String {
    crate::charts::format::month_label(month.year(), month.month(), lang)
}

#[component]
pub fn PlansPage() -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let query = Memo::new(move |_| {
        state.route.with(|r| match r {
            Route::Plans(q) => *q,
            _ => PlansQuery::default(),
        })
    });
    let month = Memo::new(move |_| month_of(query.get().month.unwrap_or(today)));
    let customer = Memo::new(move |_| query.get().customer);
    let go_month = Callback::new(move |m: NaiveDate| {
        state.go(Route::Plans(PlansQuery { month: Some(month_of(m)), customer: customer.get_untracked() }))
    });
    view! {
        <section class="page plans">
            <RiskTabs />
            <MonthChooser month=month on_change=go_month />
            {move || {
                let m = month.get();
                match customer.get() {
                    Some(c) => view! { <form::CustomerPlan customer=c month=m /> }.into_any(),
                    None => view! { <list::MonthPlans month=m /> }.into_any(),
                }
            }}
        </section>
    }
}

/// The month shown: the previous and next month, or any month typed or picked.
#[component]
fn MonthChooser(month: Memo<NaiveDate>, on_change: Callback<NaiveDate>) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="pl-months" role="group" aria-label=move || state.t(Msg::PlMonth)>
            <button type="button" class="button" data-testid="plans-prev"
                on:click=move |_| on_change.run(month_add(month.get_untracked(), -1))>
                <span aria-hidden="true">"‹ "</span>{move || state.t(Msg::PlPrevMonth)}
            </button>
            <label class="pl-month-field">
                <span>{move || state.t(Msg::PlMonth)}</span>
                <input type="month" id="f-plans_month" data-testid="plans-month" required=true
                    prop:value=move || month_code(month.get())
                    on:change=move |ev| {
                        if let Some(m) = parse_month_code(&event_target_value(&ev)) {
                            on_change.run(m);
                        }
                    } />
            </label>
            <button type="button" class="button" data-testid="plans-next"
                on:click=move |_| on_change.run(month_add(month.get_untracked(), 1))>
                {move || state.t(Msg::PlNextMonth)}<span aria-hidden="true">" ›"</span>
            </button>
        </div>
    }
}
