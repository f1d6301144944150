//! The warning centre (DOMAIN.md §7): the early warnings computed by `crate::risk` from the
//! data and the scoring worker's last run, reconciled with the stored ones and written in one
//! commit; the open warnings with the numbers that raised them, their owner and state, moved
//! on one step at a time; and the history of resolved ones.

use crate::i18n::{format_date, Lang, Msg};
use crate::model::risk::{Warning, WarningState};
use crate::model::{Dataset, Id, Record};
use crate::risk::edits::{advance, apply_changes, next_state};
use crate::risk::reconcile::warning_list;
use crate::risk::warnings::{describe, kind_label, state_label};
use crate::risk::{recompute, ChangeKind, Context, RiskSettings, Signals};
use crate::route::Route;
use crate::ui::analysis::Status;
use crate::ui::browser::{self, BrowserIds};
use crate::ui::components::field::{field_error, TextField};
use crate::ui::pages::dashboard::ScoringStatus;
use crate::ui::pages::incidents::IncidentReport;
use crate::ui::pages::risk_tabs::RiskTabs;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// Runs the rules over the data as of today with the worker's last scores, and writes what
/// changed (raised, updated, resolved by themselves, asked to close) in one commit.
fn reconcile_now(state: AppState, checked: RwSignal<Option<chrono::NaiveDate>>) {
    let Some(result) = state.analysis.result.get_untracked() else { return };
    let today = browser::today();
    browser::mark("kehu-warnings-start");
    let signals = Signals::from_table(&result.customers);
    let batch = state.data.with_untracked(|data| {
        let firm = data.firm_settings();
        let settings = RiskSettings::of_firm(&firm);
        let cx = Context { data, signals: &signals, settings: &settings, firm: &firm };
        let (_, changes) = recompute(&cx, today);
        let raised = changes.iter().filter(|c| c.kind == ChangeKind::Raised).count();
        let closed = changes.iter().filter(|c| !matches!(c.kind, ChangeKind::Raised | ChangeKind::Updated)).count();
        (!changes.is_empty()).then(|| (apply_changes(&changes, data, &mut BrowserIds, state.origin()), raised, closed))
    });
    // Every rule over the firm and the reconciliation with the stored warnings (BENCHMARKS.md).
    browser::mark("kehu-warnings-end");
    let _ = browser::measure("kehu-warnings", "kehu-warnings-start", "kehu-warnings-end");
    match batch {
        Some((batch, raised, closed)) => leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                checked.set(Some(today));
                if raised + closed > 0 {
                    state.info(Msg::RkWarningsUpdated, &[&raised.to_string(), &closed.to_string()]);
                }
            }
        }),
        None => checked.set(Some(today)),
    }
}

#[component]
pub fn WarningsPage(history: bool) -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    a.ensure();
    let checked = RwSignal::new(None);
    // Once per visit, when the scores are current: the warnings follow the data.
    let done = StoredValue::new(false);
    Effect::new(move |_| {
        let ready = a.result.with(Option::is_some) && a.status.get() == Status::Idle && !a.stale.get();
        if a.stale.get() {
            a.ensure();
        }
        if ready && !done.get_value() {
            done.set_value(true);
            reconcile_now(state, checked);
        }
    });
    let list = Memo::new(move |_| {
        state.data.with(|d| {
            let (open, resolved) = warning_list(d, None);
            let shown = if history { resolved } else { open };
            shown.into_iter().cloned().collect::<Vec<_>>()
        })
    });
    let tab = move |show_history: bool| {
        let class = if show_history == history { "button primary" } else { "button" };
        view! {
            <a class=class href=Route::Warnings(show_history).to_hash() data-testid=if show_history { "show-history" } else { "show-open" }
                aria-current=move || (show_history == history).then_some("page")>
                {move || state.t(if show_history { Msg::RkShowHistory } else { Msg::RkShowOpen })}
            </a>
        }
    };
    view! {
        <section class="page warnings">
            <RiskTabs />
            <div class="page-head">
                <h1>{move || state.t(Msg::RkCentreTitle)}</h1>
                <span class="spacer"></span>
                {tab(false)}
                {tab(true)}
            </div>
            <ScoringStatus />
            <IncidentReport />
            <p class="muted" role="status" data-testid="warnings-checked">{move || {
                let lang = state.lang.get();
                match checked.get() {
                    Some(d) => Msg::RkCheckedOn.with(lang, &[&format_date(d, lang)]),
                    None => Msg::RkWaiting.text(lang).to_string(),
                }
            }}</p>
            {move || {
                let items = list.get();
                if items.is_empty() {
                    let msg = if history { Msg::RkNoHistory } else { Msg::RkNoOpen };
                    view! { <p class="empty" data-testid="no-warnings">{move || state.t(msg)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="warning-list">
                            {items.into_iter().map(|w| view! { <WarningItem w=w /> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The lines under a warning: when each step was taken, and what was noted.
fn steps(w: &Warning, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(d) = w.raised_on {
        out.push(Msg::RkRaisedOn.with(lang, &[&format_date(d, lang)]));
    }
    if let Some(d) = w.acknowledged_on {
        out.push(Msg::RkAcknowledgedOn.with(lang, &[&format_date(d, lang)]));
    }
    if let Some(d) = w.cause_found_on {
        out.push(Msg::RkCauseFoundOn.with(lang, &[&format_date(d, lang), &w.cause]));
    }
    if let Some(d) = w.resolved_on {
        let what = if w.resolved_automatically { Msg::RkResolvedItself.text(lang) } else { &w.resolution };
        out.push(Msg::RkResolvedOn.with(lang, &[&format_date(d, lang), what]));
    }
    out
}

#[component]
fn WarningItem(w: Record<Warning>) -> impl IntoView {
    let state = use_app();
    let id = w.id;
    let customer = w.data.customer;
    let customer_name = move || {
        customer.and_then(|c| state.data.with(|d| d.customers.get(&c).map(|r| r.data.name.clone()))).unwrap_or_default()
    };
    let owner = w.data.owner;
    let owner_name = move || {
        owner
            .and_then(|o| state.staff_names.with(|n| n.get(&o).cloned()))
            .unwrap_or_else(|| state.t(Msg::NotSet).into())
    };
    let data = w.data.clone();
    let kind = data.kind;
    let st = data.state;
    let close_requested = data.close_requested;
    let state_class = match st {
        WarningState::Raised => "pill warn",
        WarningState::Resolved => "pill",
        _ => "pill info",
    };
    view! {
        <li class="warning" data-testid="warning" data-kind=crate::risk::warnings::kind_code(kind) data-state=format!("{st:?}")>
            <div class="warning-head">
                <h2>{move || state.t(kind_label(kind))}</h2>
                <span class=state_class data-testid="warning-state">{move || state.t(state_label(st))}</span>
                <span class="muted">{move || Msg::RkPeriod.with(state.lang.get(), &[&data.period])}</span>
            </div>
            <p class="warning-who">
                {customer.map(|c| view! {
                    <a href=Route::Customer(c).to_hash() data-testid="warning-customer">{customer_name}</a>
                })}
                <span class="muted">{move || state.t(Msg::FilterOwner)}" "<span data-testid="warning-owner">{owner_name}</span></span>
            </p>
            <ul class="warning-why" data-testid="warning-why">
                {let d = w.data.clone(); move || {
                    let lang = state.lang.get();
                    describe(&d, "CNY", lang).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()
                }}
            </ul>
            {close_requested.then(|| view! { <p class="banner warn">{move || state.t(Msg::RkCloseRequested)}</p> })}
            <ul class="warning-steps muted">
                {move || steps(&w.data, state.lang.get()).into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}
            </ul>
            <NextStep id=id state_now=st />
        </li>
    }
}

/// The one action a warning allows next: acknowledge, record the cause, or resolve.
#[component]
fn NextStep(id: Id, state_now: WarningState) -> impl IntoView {
    let state = use_app();
    let Some(to) = next_state(state_now) else { return ().into_any() };
    let text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::new());
    let open = RwSignal::new(false);
    let needs_text = to != WarningState::Acknowledged;
    let (button, field, label) = match to {
        WarningState::Acknowledged => (Msg::RkAcknowledge, "cause", Msg::RkCause),
        WarningState::CauseFound => (Msg::RkFindCause, "cause", Msg::RkCause),
        _ => (Msg::RkResolve, "resolution", Msg::RkResolution),
    };
    let testid = match to {
        WarningState::Acknowledged => "acknowledge",
        WarningState::CauseFound => "find-cause",
        _ => "resolve",
    };
    let submit = move || {
        let current: Option<Record<Warning>> = state.data.with_untracked(|d: &Dataset| d.warnings.get(&id).cloned());
        let Some(current) = current else { return };
        match advance(&current, to, &text.get_untracked(), browser::today(), browser::new_id(), state.origin()) {
            Err(es) => {
                errors.set(es);
                state.error(Msg::ErrFixFields);
            }
            Ok(None) => {}
            Ok(Some(batch)) => {
                errors.set(Vec::new());
                leptos::task::spawn_local(async move {
                    if state.commit(batch).await.is_ok() {
                        state.info(Msg::Saved, &[]);
                    }
                });
            }
        }
    };
    view! {
        <div class="actions">
            {move || if needs_text && open.get() {
                view! {
                    <form class="step-form" novalidate=true on:submit=move |ev| {
                        ev.prevent_default();
                        submit();
                    }>
                        <TextField
                            label=label
                            name=field
                            required=true
                            value=Signal::derive(move || text.get())
                            on_input=Callback::new(move |v: String| text.set(v))
                            error=field_error(errors, field)
                        />
                        <div class="actions">
                            <button type="button" class="button" on:click=move |_| open.set(false)>{move || state.t(Msg::Cancel)}</button>
                            <button type="submit" class="button primary" data-testid=format!("{testid}-save")>{move || state.t(button)}</button>
                        </div>
                    </form>
                }.into_any()
            } else {
                view! {
                    <button class="button primary" data-testid=testid on:click=move |_| if needs_text { open.set(true) } else { submit() }>
                        {move || state.t(button)}
                    </button>
                }.into_any()
            }}
        </div>
    }
    .into_any()
}

/// The dashboard's count of open warnings, linking to the warning centre.
#[component]
pub fn OpenWarningsKpi() -> impl IntoView {
    let state = use_app();
    let count = Memo::new(move |_| {
        state.data.with(|d| d.warnings.live().filter(|w| w.data.state != WarningState::Resolved).count())
    });
    view! {
        <a class="kpi kpi-link" href="#/warnings" data-testid="kpi-warnings">
            <span class="kpi-label">{move || state.t(Msg::RkKpiOpen)}</span>
            <span class="kpi-value" data-testid="kpi-warnings-count">{move || count.get().to_string()}</span>
            <span class="kpi-note">{move || state.t(Msg::RkKpiOpenNote)}</span>
        </a>
    }
}
