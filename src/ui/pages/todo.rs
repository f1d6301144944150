//! The to-do page (待办事项): what is due today and overdue across the service desk and the
//! warnings (`service::todo`), filterable by owner (in the URL) and by kind, exported to CSV.

use super::service_tabs::{key_accounts_now, ServiceTabs};
use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{complaint_step_label, format_date, format_percent, Lang, Msg};
use crate::model::Id;
use crate::risk::warnings::{kind_label, state_label};
use crate::route::Route;
use crate::search::pinyin_sort_key;
use crate::service::{todo_for, OwnerFilter, ServiceSettings, TodoDetail, TodoItem, TodoKind};
use crate::ui::browser;
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// What the item is about, in words: the complaint step, the visit's number, the figure below
/// target, the repair's or warning's state.
fn detail_text(item: &TodoItem, lang: Lang) -> String {
    match &item.detail {
        TodoDetail::None => String::new(),
        TodoDetail::Step(step) => complaint_step_label(*step).text(lang).to_string(),
        TodoDetail::Visit(n) => Msg::SdVisitN.with(lang, &[&n.to_string()]),
        TodoDetail::Shortfall { period, measure, value, target_bp } => Msg::SdShortfall.with(
            lang,
            &[
                &period.label(lang),
                measure.label().text(lang),
                &format_percent(*value),
                &format_percent(f64::from(*target_bp) / 10_000.0),
            ],
        ),
        TodoDetail::Repair(state) => state.label().text(lang).to_string(),
        TodoDetail::Warning { kind, state, close_requested } => {
            let mut text = format!("{} · {}", kind_label(*kind).text(lang), state_label(*state).text(lang));
            if *close_requested {
                text.push_str(" · ");
                text.push_str(Msg::RkCloseRequested.text(lang));
            }
            text
        }
    }
}

/// Overdue, due today, or days left (contracts within their notice).
fn due_text(days_overdue: i64, lang: Lang) -> (&'static str, String) {
    match days_overdue {
        d if d > 0 => ("pill warn", Msg::SvDaysOverdue.with(lang, &[&d.to_string()])),
        0 => ("pill", Msg::SvDueToday.text(lang).to_string()),
        d => ("pill muted", Msg::SvDaysLeft.with(lang, &[&(-d).to_string()])),
    }
}

#[component]
pub fn TodoPage(owner: Option<Id>) -> impl IntoView {
    let state = use_app();
    // Key accounts come from the scores: make sure they are there (or being computed).
    state.analysis.ensure();
    let today = browser::today();
    let kind = RwSignal::new(None::<TodoKind>);
    let items = Memo::new(move |_| {
        let key = key_accounts_now(state);
        let filter = owner.map_or(OwnerFilter::Everyone, OwnerFilter::Staff);
        state.data.with(|d| todo_for(d, &key, today, &ServiceSettings::of_firm(&d.firm_settings()), filter))
    });
    let shown = Memo::new(move |_| {
        let k = kind.get();
        items.with(|all| all.iter().filter(|i| k.is_none_or(|k| i.kind == k)).cloned().collect::<Vec<_>>())
    });
    let customer_name = move |id: Option<Id>| {
        id.and_then(|id| state.data.with_untracked(|d| crate::i18n::customer_name(d, &id, state.lang.get_untracked())))
            .unwrap_or_default()
    };
    let owner_name = move |id: Option<Id>| {
        id.and_then(|id| state.staff_names.with_untracked(|n| n.get(&id).cloned())).unwrap_or_default()
    };
    let owners = Memo::new(move |_| {
        let mut v: Vec<(Id, String)> = state.data.with(|d| {
            d.staff
                .live()
                .filter(|s| !s.data.archived || Some(s.id) == owner)
                .map(|s| (s.id, s.data.name.clone()))
                .collect()
        });
        v.sort_by_cached_key(|(_, n)| pinyin_sort_key(n));
        v
    });
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let header = [
            Msg::SdColKind,
            Msg::SvRespondentCustomer,
            Msg::FilterOwner,
            Msg::SdColDue,
            Msg::CpColDaysOverdue,
            Msg::SdColWhat,
        ]
        .map(|m| m.text(lang));
        let rows: Vec<Vec<String>> = shown.with_untracked(|items| {
            items
                .iter()
                .map(|i| {
                    vec![
                        i.kind.label().text(lang).to_string(),
                        customer_name(i.customer),
                        owner_name(i.owner),
                        i.due.to_string(),
                        i.days_overdue.to_string(),
                        detail_text(i, lang),
                    ]
                })
                .collect()
        });
        let n = rows.len();
        if save_csv(&export_file_name("todo", today), &write_csv(&header, rows)) {
            state.info(Msg::CsvExported, &[&n.to_string()]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let kind_chip = move |k: Option<TodoKind>| {
        let count = move || items.with(|all| all.iter().filter(|i| k.is_none_or(|k| i.kind == k)).count());
        let label = move || match k {
            None => state.t(Msg::All),
            Some(k) => state.t(k.label()),
        };
        view! {
            <button type="button" class="chip" aria-pressed=move || (kind.get() == k).to_string()
                on:click=move |_| kind.set(k)>
                {label}" "<span class="count">{count}</span>
            </button>
        }
    };
    view! {
        <section class="page todo">
            <ServiceTabs />
            <div class="section-head">
                <h1>{move || state.t(Msg::SdTodo)}</h1>
                <button type="button" class="button" data-testid="todo-csv" on:click=export
                    disabled=move || shown.with(Vec::is_empty)>{move || state.t(Msg::ExportCsv)}</button>
            </div>
            <p class="muted">{move || state.t(Msg::SdTodoExplain)}</p>
            <div class="filters">
                <label>
                    {move || state.t(Msg::FilterOwner)}
                    <select data-testid="todo-owner"
                        on:change=move |ev| state.go(Route::Todo(Id::parse(&event_target_value(&ev))))>
                        <option value="" selected=owner.is_none()>{move || state.t(Msg::SdEveryone)}</option>
                        {move || owners.get().into_iter().map(|(id, name)| {
                            view! { <option value=id.to_string() selected=owner == Some(id)>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="chips" role="group" aria-label=move || state.t(Msg::SdColKind)>
                {kind_chip(None)}
                {move || {
                    let present: Vec<TodoKind> =
                        TodoKind::ALL.into_iter().filter(|k| items.with(|all| all.iter().any(|i| i.kind == *k))).collect();
                    present.into_iter().map(|k| kind_chip(Some(k))).collect_view()
                }}
            </div>
            {move || {
                let lang = state.lang.get();
                let list = shown.get();
                if list.is_empty() {
                    return view! { <p class="empty" data-testid="todo-empty">{state.t(Msg::SdNothingDue)}</p> }.into_any();
                }
                let overdue = list.iter().filter(|i| i.days_overdue > 0).count();
                let due_today = list.iter().filter(|i| i.days_overdue == 0).count();
                let coming = list.len() - overdue - due_today;
                let summary = Msg::SdSummary.with(lang, &[&overdue.to_string(), &due_today.to_string(), &coming.to_string()]);
                view! {
                    <p data-testid="todo-summary">{summary}</p>
                    <div class="table-wrap">
                        <table class="lines todo-list" data-testid="todo-list">
                            <thead><tr>
                                <th>{state.t(Msg::SdColStatus)}</th>
                                <th>{state.t(Msg::SdColKind)}</th>
                                <th>{state.t(Msg::SvRespondentCustomer)}</th>
                                <th>{state.t(Msg::SdColWhat)}</th>
                                <th>{state.t(Msg::FilterOwner)}</th>
                                <th>{state.t(Msg::SdColDue)}</th>
                                <th><span class="visually-hidden">{state.t(Msg::SdOpenItem)}</span></th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|i| {
                                    let (class, due) = due_text(i.days_overdue, lang);
                                    let customer = i.customer.map(|c| view! { <a href=Route::Customer(c).to_hash()>{customer_name(Some(c))}</a> });
                                    view! {
                                        <tr data-kind=i.kind.code()>
                                            <td><span class=class>{due}</span></td>
                                            <td>{i.kind.label().text(lang)}</td>
                                            <td>{customer}</td>
                                            <td>{detail_text(&i, lang)}</td>
                                            <td>{owner_name(i.owner)}</td>
                                            <td>{format_date(i.due, lang)}</td>
                                            <td><a class="button small" href=Route::for_todo(&i).to_hash()>{Msg::SdOpenItem.text(lang)}</a></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}

/// The dashboard's count of what is overdue or due today, linking to the to-do page.
#[component]
pub fn TodoKpi() -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let counts = Memo::new(move |_| {
        let key = key_accounts_now(state);
        let items = state
            .data
            .with(|d| todo_for(d, &key, today, &ServiceSettings::of_firm(&d.firm_settings()), OwnerFilter::Everyone));
        let due = items.iter().filter(|i| i.days_overdue >= 0).count();
        (due, items.iter().filter(|i| i.days_overdue > 0).count())
    });
    view! {
        <a class="kpi kpi-link" href="#/todo" data-testid="kpi-todo">
            <span class="kpi-label">{move || state.t(Msg::SdTodo)}</span>
            <span class="kpi-value" data-testid="kpi-todo-count">{move || counts.get().0.to_string()}</span>
            <span class="kpi-note">{move || Msg::SdKpiNote.with(state.lang.get(), &[&counts.get().1.to_string()])}</span>
        </a>
    }
}
