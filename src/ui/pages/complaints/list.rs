//! The complaint list (`#/complaints`): every complaint with its customer, day received,
//! category, stage, owner, department, days open and overdue step; a search, filters by stage,
//! category and department, the filtered list as CSV, and the statistics below.

use super::stats::ComplaintStats;
use super::{customer_name, department_name, department_options, settings, staff_name};
use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_count, format_date, Msg};
use crate::model::service::{ComplaintCategory, ComplaintStepKind};
use crate::model::Id;
use crate::route::{RecordEdit, Route};
use crate::service::complaints::{
    category_label, complaint_statuses, days_open, list_table, step_label, ComplaintFilter, Names, Stage, StageFilter,
    CATEGORIES,
};
use crate::ui::browser;
use crate::ui::download::save_csv;
use crate::ui::pages::service_tabs::ServiceTabs;
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

/// One line of the list, owned (the core's statuses borrow the data).
#[derive(Clone, Debug, PartialEq)]
struct Row {
    id: Id,
    customer: String,
    received: Option<NaiveDate>,
    category: ComplaintCategory,
    stage: Stage,
    next: Option<ComplaintStepKind>,
    owner: String,
    department: String,
    days_open: Option<i64>,
    days_overdue: Option<i64>,
}

/// Rows shown at first and added by "show more" (a firm's whole archive can be long).
const PAGE: usize = 200;

fn stage_code(s: StageFilter) -> &'static str {
    match s {
        StageFilter::All => "all",
        StageFilter::Open => "open",
        StageFilter::Closed => "closed",
    }
}

fn category_code(c: ComplaintCategory) -> String {
    format!("{c:?}")
}

#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let state = use_app();
    let settings = settings(state);
    let filter = RwSignal::new(ComplaintFilter::default());
    let shown = RwSignal::new(PAGE);
    let today = browser::today();
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let s = settings.get();
        state.data.with(|d| {
            complaint_statuses(d, None, today, &s)
                .iter()
                .filter(|c| f.matches(c, &customer_name(d, c.record.data.customer)))
                .map(|c| Row {
                    id: c.id(),
                    customer: customer_name(d, c.record.data.customer),
                    received: c.received,
                    category: c.record.data.category,
                    stage: c.workflow.stage(),
                    next: c.workflow.next().first().copied(),
                    owner: c.owner.map(|o| staff_name(state, o)).unwrap_or_default(),
                    department: c.workflow.department.map(|x| department_name(d, x)).unwrap_or_default(),
                    days_open: days_open(c, today),
                    days_overdue: c.days_overdue,
                })
                .collect::<Vec<Row>>()
        })
    });
    let total = Memo::new(move |_| state.data.with(|d| d.complaints.live().count()));
    let export = move |_| {
        let f = filter.get_untracked();
        let s = settings.get_untracked();
        let lang = state.lang.get_untracked();
        let (bytes, n) = state.data.with_untracked(|d| {
            let all = complaint_statuses(d, None, today, &s);
            let list: Vec<_> = all.iter().filter(|c| f.matches(c, &customer_name(d, c.record.data.customer))).collect();
            let customer = |id| customer_name(d, id);
            let staff = |id| staff_name(state, id);
            let department = |id| department_name(d, id);
            let names = Names { customer: &customer, staff: &staff, department: &department };
            let (header, rows) = list_table(&list, names, today, lang);
            (write_csv(&header, rows), list.len())
        });
        if save_csv(&export_file_name("complaints", today), &bytes) {
            state.info(Msg::CsvExported, &[&format_count(n)]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let stage_options = move || {
        [
            (StageFilter::All, Msg::CpStageAll),
            (StageFilter::Open, Msg::CpStageOpen),
            (StageFilter::Closed, Msg::SvStageClosed),
        ]
        .map(|(s, m)| {
            let selected = filter.with(|f| f.stage == s);
            view! { <option value=stage_code(s) selected=selected>{state.t(m)}</option> }
        })
        .collect_view()
    };
    let category_options = move || {
        let current = filter.with(|f| f.category);
        let all = view! { <option value="" selected=current.is_none()>{state.t(Msg::CpAllCategories)}</option> };
        let each = CATEGORIES
            .map(|c| view! { <option value=category_code(c) selected=current == Some(c)>{state.t(category_label(c))}</option> })
            .collect_view();
        (all, each)
    };
    let dept_options = move || {
        let current = filter.with(|f| f.department.map(|d| d.to_string()).unwrap_or_default());
        department_options(state, Msg::CpAllDepartments)
            .into_iter()
            .map(|(v, t)| {
                let selected = v == current;
                view! { <option value=v selected=selected>{t}</option> }
            })
            .collect_view()
    };
    view! {
        <section class="page complaints">
            <ServiceTabs />
            <div class="section-head">
                <h1>{move || state.t(Msg::CpTitle)}</h1>
                <div class="actions">
                    <button class="button" data-testid="export-complaints" on:click=export>{move || state.t(Msg::CpExport)}</button>
                    <a class="button primary" href="#/complaint/new" data-testid="new-complaint">{move || state.t(Msg::CpNew)}</a>
                </div>
            </div>
            <div class="filters cp-filters">
                <label class="grow">
                    {move || state.t(Msg::CpSearch)}
                    <input type="search" data-testid="complaint-search" autocomplete="off"
                        placeholder=move || state.t(Msg::CpSearchHint)
                        prop:value=move || filter.with(|f| f.text.clone())
                        on:input=move |ev| { filter.update(|f| f.text = event_target_value(&ev)); shown.set(PAGE); } />
                </label>
                <label>
                    {move || state.t(Msg::CpColStage)}
                    <select data-testid="filter-stage" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let s = [StageFilter::All, StageFilter::Open, StageFilter::Closed].into_iter().find(|s| stage_code(*s) == v).unwrap_or_default();
                        filter.update(|f| f.stage = s);
                        shown.set(PAGE);
                    }>{stage_options}</select>
                </label>
                <label>
                    {move || state.t(Msg::CpColCategory)}
                    <select data-testid="filter-category" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.category = CATEGORIES.into_iter().find(|c| category_code(*c) == v));
                        shown.set(PAGE);
                    }>{category_options}</select>
                </label>
                <label>
                    {move || state.t(Msg::CpColDepartment)}
                    <select data-testid="filter-department" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        filter.update(|f| f.department = Id::parse(&v));
                        shown.set(PAGE);
                    }>{dept_options}</select>
                </label>
            </div>
            <p class="muted" role="status" data-testid="complaint-count">
                {move || Msg::CpCount.with(state.lang.get(), &[&format_count(rows.with(Vec::len)), &format_count(total.get())])}
            </p>
            {move || {
                let lang = state.lang.get();
                let list = rows.get();
                if list.is_empty() {
                    let msg = if total.get() == 0 { Msg::CpNoneYet } else { Msg::CpNoMatches };
                    return view! { <p class="empty">{msg.text(lang)}</p> }.into_any();
                }
                let more = list.len().saturating_sub(shown.get());
                view! {
                    <div class="table-wrap">
                        <table class="lines cp-list">
                            <thead><tr>
                                <th scope="col">{Msg::CpColCustomer.text(lang)}</th>
                                <th scope="col">{Msg::CpColReceived.text(lang)}</th>
                                <th scope="col">{Msg::CpColCategory.text(lang)}</th>
                                <th scope="col">{Msg::CpColStage.text(lang)}</th>
                                <th scope="col">{Msg::CpColOwnerDept.text(lang)}</th>
                                <th scope="col" class="num">{Msg::CpColDaysOpen.text(lang)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().take(shown.get()).map(|r| {
                                    let href = Route::Complaint(RecordEdit::Existing(r.id)).to_hash();
                                    let overdue = r.days_overdue.filter(|d| *d > 0);
                                    let closed = r.stage.is_closed();
                                    view! {
                                        <tr data-testid="complaint-row" data-id=r.id.to_string() class:muted=closed>
                                            <td><a href=href data-testid="complaint-customer">{r.customer.clone()}</a></td>
                                            <td>{r.received.map(|d| format_date(d, lang))}</td>
                                            <td>{category_label(r.category).text(lang)}</td>
                                            <td data-testid="complaint-stage">
                                                <span class="pill" class:cp-closed=closed>{r.stage.label().text(lang)}</span>
                                                {overdue.map(|d| view! {
                                                    <span class="badge cp-overdue" data-testid="complaint-overdue">
                                                        {Msg::SvDaysOverdue.with(lang, &[&d.to_string()])}
                                                        {r.next.map(|k| format!(" · {}", step_label(k).text(lang)))}
                                                    </span>
                                                })}
                                            </td>
                                            <td>
                                                {r.owner.clone()}
                                                {(!r.department.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", r.department)}</span> })}
                                            </td>
                                            <td class="num">{r.days_open.map(|d| d.to_string())}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    {(more > 0).then(|| view! {
                        <div class="actions">
                            <button class="button" data-testid="complaints-more" on:click=move |_| shown.update(|n| *n += PAGE)>
                                {Msg::CpShowMore.with(lang, &[&format_count(more)])}
                            </button>
                        </div>
                    })}
                }
                .into_any()
            }}
            <ComplaintStats settings=settings />
        </section>
    }
}
