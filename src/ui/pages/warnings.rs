//! The warning centre (DOMAIN.md §7): the early warnings computed by `crate::risk` from the
//! data and the scoring worker's last run, reconciled with the stored ones and written in one
//! commit; the open warnings with the numbers that raised them, their owner and state, moved
//! on one step at a time; and the history of resolved ones.

use crate::i18n::{format_date, Lang, Msg};
use crate::model::risk::{Warning, WarningKind, WarningState};
use crate::model::{Dataset, Id, Record};
use crate::risk::edits::{advance, apply_changes, next_state, reassign};
use crate::risk::reconcile::warning_list;
use crate::risk::warnings::{describe, kind_code, kind_label, state_label, KINDS};
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

/// Warnings drawn at a time; "show more" adds as many.
const PAGE: usize = 50;

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
    // A firm of 100,000 customers can hold tens of thousands of open warnings: they are
    // narrowed by kind, owner and customer name, and drawn a page at a time.
    let kind = RwSignal::new(None::<WarningKind>);
    let owner = RwSignal::new(None::<Id>);
    let text = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    Effect::new(move |_| {
        kind.track();
        owner.track();
        text.track();
        limit.set(PAGE);
    });
    let of_owner = Memo::new(move |_| {
        let o = owner.get();
        let q = text.get().trim().to_lowercase();
        list.with(|all| {
            state.data.with(|d| {
                all.iter()
                    .filter(|w| o.is_none_or(|o| w.data.owner == Some(o)))
                    .filter(|w| {
                        q.is_empty()
                            || w.data
                                .customer
                                .and_then(|c| d.customers.get(&c))
                                .is_some_and(|c| c.data.name.to_lowercase().contains(&q))
                    })
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let filtered = Memo::new(move |_| {
        let k = kind.get();
        of_owner.with(|all| all.iter().filter(|w| k.is_none_or(|k| w.data.kind == k)).cloned().collect::<Vec<_>>())
    });
    let owners = Memo::new(move |_| {
        let mut v: Vec<(Id, String)> = list.with(|all| {
            let ids: std::collections::BTreeSet<Id> = all.iter().filter_map(|w| w.data.owner).collect();
            state
                .staff_names
                .with(|n| ids.into_iter().map(|id| (id, n.get(&id).cloned().unwrap_or_default())).collect())
        });
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    });
    let kind_chip = move |k: Option<WarningKind>| {
        let count = move || of_owner.with(|all| all.iter().filter(|w| k.is_none_or(|k| w.data.kind == k)).count());
        view! {
            <button type="button" class="chip" aria-pressed=move || (kind.get() == k).to_string()
                data-testid=format!("kind-{}", k.map_or("all", kind_code)) on:click=move |_| kind.set(k)>
                {move || k.map_or_else(|| state.t(Msg::All), |k| state.t(kind_label(k)))}" "<span class="count">{count}</span>
            </button>
        }
    };
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
            <div class="filters">
                <label>
                    <span>{move || state.t(Msg::RkSearchCustomer)}</span>
                    <input type="search" data-testid="warning-search" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
                <label>
                    <span>{move || state.t(Msg::FilterOwner)}</span>
                    <select data-testid="warning-filter-owner"
                        on:change=move |ev| owner.set(Id::parse(&event_target_value(&ev)))>
                        <option value="">{move || state.t(Msg::SdEveryone)}</option>
                        {move || owners.get().into_iter().map(|(id, name)| {
                            view! { <option value=id.to_string() selected=move || owner.get() == Some(id)>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="chips" role="group" aria-label=move || state.t(Msg::SdColKind)>
                {kind_chip(None)}
                {KINDS.into_iter().map(|k| kind_chip(Some(k))).collect_view()}
            </div>
            {move || {
                let total = filtered.with(Vec::len);
                if total == 0 {
                    let msg = if list.with(Vec::is_empty) {
                        if history { Msg::RkNoHistory } else { Msg::RkNoOpen }
                    } else {
                        Msg::RkNoneMatch
                    };
                    return view! { <p class="empty" data-testid="no-warnings">{move || state.t(msg)}</p> }.into_any();
                }
                let n = limit.get().min(total);
                let items: Vec<Record<Warning>> = filtered.with(|all| all[..n].to_vec());
                view! {
                    <p class="muted" data-testid="warnings-count">{move || Msg::RkShowing.with(state.lang.get(), &[&n.to_string(), &total.to_string()])}</p>
                    <ul class="warning-list">
                        {items.into_iter().map(|w| view! { <WarningItem w=w /> }).collect_view()}
                    </ul>
                    {(n < total).then(|| view! {
                        <div class="actions left">
                            <button type="button" class="button" data-testid="warnings-more" on:click=move |_| limit.update(|l| *l += PAGE)>
                                {move || Msg::CsShowMore.with(state.lang.get(), &[&PAGE.min(total - n).to_string(), &total.to_string()])}
                            </button>
                        </div>
                    })}
                }
                .into_any()
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
        <li class="warning" data-testid="warning" data-kind=kind_code(kind) data-state=format!("{st:?}")>
            <div class="warning-head">
                <h2>{move || state.t(kind_label(kind))}</h2>
                <span class=state_class data-testid="warning-state">{move || state.t(state_label(st))}</span>
                <span class="muted">{move || Msg::RkPeriod.with(state.lang.get(), &[&data.period])}</span>
            </div>
            <p class="warning-who">
                {customer.map(|c| view! {
                    <a href=Route::Customer(c).to_hash() data-testid="warning-customer">{customer_name}</a>
                })}
                <OwnerSelect id=id owner=owner />
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

/// The warning's owner, who can hand it to someone else (`risk::edits::reassign`).
#[component]
fn OwnerSelect(id: Id, owner: Option<Id>) -> impl IntoView {
    let state = use_app();
    let select_id = format!("owner-{id}");
    let staff = Memo::new(move |_| {
        let mut v: Vec<(Id, String)> = state.staff_names.with(|n| n.iter().map(|(k, v)| (*k, v.clone())).collect());
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    });
    let change = move |value: String| {
        let Some(to) = Id::parse(&value) else { return };
        let outcome = state
            .data
            .with_untracked(|d| d.warnings.get(&id).map(|w| reassign(w, to, d, browser::new_id(), state.origin())));
        match outcome {
            Some(Ok(Some(batch))) => leptos::task::spawn_local(async move {
                if state.commit(batch).await.is_ok() {
                    state.info(Msg::Saved, &[]);
                }
            }),
            Some(Err(_)) => state.error(Msg::ErrFixFields),
            _ => {}
        }
    };
    view! {
        <span class="warning-owner">
            <label class="muted" for=select_id.clone()>{move || state.t(Msg::FilterOwner)}</label>
            <select id=select_id data-testid="warning-owner" on:change=move |ev| change(event_target_value(&ev))>
                {owner.is_none().then(|| view! { <option value="" selected=true>{move || state.t(Msg::NotSet)}</option> })}
                {move || staff.get().into_iter().map(|(sid, name)| {
                    view! { <option value=sid.to_string() selected=owner == Some(sid)>{name}</option> }
                }).collect_view()}
            </select>
        </span>
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
