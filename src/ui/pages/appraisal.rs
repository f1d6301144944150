//! Staff and department appraisal (绩效考核, seed 002): over a period in the URL
//! (`#/appraisal?from=&to=`, this year to today by default), per owner and per department —
//! customers, sales, cost, margin, receivables, plan attainment, their customers' satisfaction,
//! complaints — each part's score and the weighted appraisal score (`risk::appraisal`, weights
//! from the risk settings), both tables sortable and exported to CSV.

use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_count, format_money, format_percent, Lang, Msg};
use crate::model::validate::{FieldError, Invalid};
use crate::model::Money;
use crate::risk::appraisal::{appraise, Part};
use crate::risk::tables::{appraisal_rows, sort_appraisal, AppraisalRow, AppraisalSort};
use crate::risk::RiskSettings;
use crate::route::{PeriodQuery, Route};
use crate::ui::browser;
use crate::ui::components::field::{field_error, TextField};
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

/// The period of the URL, this year to today where it says nothing.
fn period_of(q: PeriodQuery, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    (q.from.unwrap_or(start), q.to.unwrap_or(today))
}

/// The columns of a table, with what each sorts by (the first names the owner or department).
fn columns(first: Msg) -> Vec<(Msg, AppraisalSort)> {
    let mut v = vec![
        (first, AppraisalSort::Name),
        (Msg::ColCustomers, AppraisalSort::Name),
        (Msg::SortSales, AppraisalSort::Sales),
        (Msg::SCost, AppraisalSort::Cost),
        (Msg::ApColMargin, AppraisalSort::Margin),
        (Msg::RkOwed, AppraisalSort::Receivables),
        (Msg::ApColAttainment, AppraisalSort::Attainment),
        (Msg::ApColSatisfaction, AppraisalSort::Satisfaction),
        (Msg::ApColComplaints, AppraisalSort::Complaints),
    ];
    v.extend(Part::ALL.map(|p| (p.label(), AppraisalSort::Part(p))));
    v.push((Msg::ApColScore, AppraisalSort::Score));
    v
}

/// A row's cells after its name, as shown (`csv`: plain numbers for spreadsheets).
fn cells(r: &AppraisalRow, lang: Lang, csv: bool) -> Vec<String> {
    let f = &r.figures;
    let money = |m: Money| if csv { m.to_plain() } else { format_money(m, "CNY", lang) };
    let pct = |v: Option<f64>| match v {
        Some(x) if csv => format!("{:.1}", x * 100.0),
        Some(x) => format_percent(x),
        None if csv => String::new(),
        None => "—".into(),
    };
    let mut v = vec![
        if csv { f.customers.to_string() } else { format_count(f.customers as usize) },
        money(f.sales),
        money(f.cost),
        money(f.margin()),
        money(f.receivables),
        pct(f.attainment()),
        pct(f.satisfaction.index()),
        f.complaints.to_string(),
    ];
    let num = |x: Option<f64>, digits: usize| match x {
        Some(x) => format!("{x:.digits$}"),
        None if csv => String::new(),
        None => "—".into(),
    };
    v.extend(r.parts.iter().map(|p| num(p.map(|x| x * 100.0), if csv { 1 } else { 0 })));
    v.push(num(r.score, 1));
    v
}

#[component]
pub fn AppraisalPage() -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let query = Memo::new(move |_| match state.route.get() {
        Route::Appraisal(q) => q,
        _ => PeriodQuery::default(),
    });
    let period = Memo::new(move |_| period_of(query.get(), today));
    let from_text = RwSignal::new(period.get_untracked().0.to_string());
    let to_text = RwSignal::new(period.get_untracked().1.to_string());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // A period typed into the URL shows in the fields.
    Effect::new(move |_| {
        let (f, t) = period.get();
        if from_text.get_untracked().parse::<NaiveDate>().ok() != Some(f) {
            from_text.set(f.to_string());
        }
        if to_text.get_untracked().parse::<NaiveDate>().ok() != Some(t) {
            to_text.set(t.to_string());
        }
    });
    // A valid period typed into the fields goes into the URL (replacing it: no history entry per key).
    let typed = move || {
        let mut errs = Vec::new();
        let day = |text: String, field: &'static str, errs: &mut Vec<FieldError>| match text.trim().parse::<NaiveDate>()
        {
            Ok(d) => Some(d),
            Err(_) => {
                errs.push(FieldError {
                    field,
                    problem: if text.trim().is_empty() { Invalid::Required } else { Invalid::Date },
                });
                None
            }
        };
        let f = day(from_text.get_untracked(), "from", &mut errs);
        let t = day(to_text.get_untracked(), "to", &mut errs);
        if let (Some(f), Some(t)) = (f, t) {
            if t < f {
                errs.push(FieldError { field: "to", problem: Invalid::Before(f) });
            } else {
                let route = Route::Appraisal(PeriodQuery { from: Some(f), to: Some(t) });
                browser::replace_location_hash(&route.to_hash());
                state.route.set(route);
            }
        }
        errors.set(errs);
    };
    let settings = Memo::new(move |_| state.data.with(|d| RiskSettings::of_firm(&d.firm_settings())));
    let tables = Memo::new(move |_| {
        let (from, to) = period.get();
        let s = settings.get();
        state.data.with(|d| appraisal_rows(&appraise(d, from, to, &s), d, &s))
    });
    let owners = Signal::derive(move || tables.get().0);
    let departments = Signal::derive(move || tables.get().1);
    view! {
        <section class="page appraisal">
            <crate::ui::pages::risk_tabs::RiskTabs />
            <div class="page-head">
                <h1>{move || state.t(Msg::ApTitle)}</h1>
            </div>
            <p class="muted">{move || state.t(Msg::ApExplain)}</p>
            <div class="grid ap-period">
                <TextField label=Msg::ApFrom name="from" input_type="date" required=true
                    value=Signal::derive(move || from_text.get())
                    on_input=Callback::new(move |v: String| { from_text.set(v); typed(); })
                    error=field_error(errors, "from") />
                <TextField label=Msg::ApTo name="to" input_type="date" required=true
                    value=Signal::derive(move || to_text.get())
                    on_input=Callback::new(move |v: String| { to_text.set(v); typed(); })
                    error=field_error(errors, "to") />
            </div>
            <div class="ap-weights" data-testid="ap-weights">
                <span class="muted">{move || state.t(Msg::ApWeights)}</span>
                {move || {
                    let lang = state.lang.get();
                    let s = settings.get();
                    Part::ALL.into_iter().map(|p| view! {
                        <span class="ap-weight" data-testid="ap-weight">{format!("{} {}%", p.label().text(lang), p.weight(&s))}</span>
                    }).collect::<Vec<_>>()
                }}
                <a href=Route::RiskSettings.to_hash() data-testid="ap-weights-link">{move || state.t(Msg::ApWeightsChange)}</a>
            </div>
            <p class="muted">{move || state.t(Msg::ApPartsNote)}</p>
            <AppraisalTable rows=owners title=Msg::ApByOwner first=Msg::FilterOwner none=Msg::ApNoOwner testid="ap-owners" file="appraisal-staff" />
            <AppraisalTable rows=departments title=Msg::ApByDepartment first=Msg::ApColDepartment none=Msg::ApNoDepartment testid="ap-departments" file="appraisal-departments" />
        </section>
    }
}

/// One table of the appraisal (owners or departments), sorted by a column header, with its CSV.
#[component]
fn AppraisalTable(
    #[prop(into)] rows: Signal<Vec<AppraisalRow>>,
    title: Msg,
    /// The first column's name.
    first: Msg,
    /// The name of the row without an owner or department.
    none: Msg,
    /// The table's test id; rows are `{testid}-row`.
    testid: &'static str,
    /// The CSV file's name.
    file: &'static str,
) -> impl IntoView {
    let state = use_app();
    let sort = RwSignal::new((AppraisalSort::Score, true));
    let sorted = Memo::new(move |_| {
        let (by, desc) = sort.get();
        let mut v = rows.get();
        sort_appraisal(&mut v, by, desc);
        v
    });
    let name_of = move |r: &AppraisalRow, lang: Lang| match r.key {
        None => none.text(lang).to_string(),
        Some(id) if r.name.is_empty() => id.short(),
        Some(_) => r.name.clone(),
    };
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let header: Vec<&str> = columns(first).iter().map(|(m, _)| m.text(lang)).collect();
        let lines: Vec<Vec<String>> = sorted.with_untracked(|v| {
            v.iter()
                .map(|r| {
                    let mut line = vec![name_of(r, lang)];
                    line.extend(cells(r, lang, true));
                    line
                })
                .collect()
        });
        let n = lines.len();
        if save_csv(&export_file_name(file, browser::today()), &write_csv(&header, lines)) {
            state.info(Msg::CsvExported, &[&format_count(n)]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let head_id = format!("{testid}-h");
    let labelled_by = head_id.clone();
    view! {
        <section class="section" aria-labelledby=labelled_by>
            <div class="section-head">
                <h2 id=head_id>{move || state.t(title)}</h2>
                <button type="button" class="button" data-testid=format!("{testid}-csv") on:click=export
                    disabled=move || sorted.with(Vec::is_empty)>{move || state.t(Msg::ExportCsv)}</button>
            </div>
            {move || {
                let lang = state.lang.get();
                let list = sorted.get();
                if list.is_empty() {
                    return view! { <p class="empty">{Msg::ApNone.text(lang)}</p> }.into_any();
                }
                let (by, desc) = sort.get();
                let head = columns(first).into_iter().enumerate().map(|(i, (label, key))| {
                    let class = if i == 0 { "" } else { "num" };
                    // The customers column sorts by nothing of its own.
                    if i == 1 {
                        return view! { <th scope="col" class=class>{label.text(lang)}</th> }.into_any();
                    }
                    let aria = match (key == by, desc) {
                        (true, true) => "descending",
                        (true, false) => "ascending",
                        _ => "none",
                    };
                    let arrow = match (key == by, desc) {
                        (true, true) => " ↓",
                        (true, false) => " ↑",
                        _ => "",
                    };
                    view! {
                        <th scope="col" class=class aria-sort=aria>
                            <button type="button" class="rv-sort" class:active={key == by} data-testid=format!("{testid}-sort-{i}")
                                on:click=move |_| sort.update(|(b, d)| if *b == key { *d = !*d } else { *b = key; *d = key != AppraisalSort::Name })>
                                {label.text(lang)}<span aria-hidden="true">{arrow}</span>
                            </button>
                        </th>
                    }
                    .into_any()
                }).collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="lines ap-table" data-testid=testid>
                            <thead><tr>{head}</tr></thead>
                            <tbody>
                                {list.iter().map(|r| {
                                    let name = name_of(r, lang);
                                    let values = cells(r, lang, false);
                                    let last = values.len() - 1;
                                    view! {
                                        <tr data-testid=format!("{testid}-row")>
                                            <th scope="row" data-testid="ap-name">{name}</th>
                                            {values.into_iter().enumerate().map(|(i, v)| view! {
                                                <td class=if i == last { "num ap-score" } else { "num" }
                                                    data-testid=match i { 1 => Some("ap-sales"), _ if i == last => Some("ap-score"), _ => None }>{v}</td>
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
        </section>
    }
}
