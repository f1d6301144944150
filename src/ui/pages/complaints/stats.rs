//! The complaint statistics under the list: over the complaints received in a chosen range
//! (all by default), the core's counts by category, cause and department and the time to close,
//! as small tables, with the categories also as bars.

use super::department_name;
use crate::i18n::{format_count, Lang, Msg};
use crate::model::validate::{FieldError, Invalid};
use crate::service::complaints::{category_label, complaint_stats, Count};
use crate::service::ServiceSettings;
use crate::ui::browser;
use crate::ui::charts::{SegmentBar, SegmentBars};
use crate::ui::components::field::{field_error, TextField};
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

/// A day typed in a date input: empty = open-ended.
fn parse_day(text: &str) -> Result<Option<NaiveDate>, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d").map(Some).map_err(|_| Invalid::Date)
}

fn days(v: Option<f64>) -> String {
    v.map(|d| format!("{d:.1}")).unwrap_or_else(|| "—".into())
}

/// One table of counts: a row per group.
fn count_table(lang: Lang, title: Msg, group: Msg, rows: Vec<(String, Count)>, testid: &'static str) -> impl IntoView {
    view! {
        <div class="cp-stat" data-testid=testid>
            <h3>{title.text(lang)}</h3>
            // Scrolls sideways on a narrow screen: reachable by keyboard, named by its title.
            <div class="table-wrap" tabindex="0" role="region" aria-label=title.text(lang)>
                <table class="lines">
                    <thead><tr>
                        <th scope="col">{group.text(lang)}</th>
                        <th scope="col" class="num">{Msg::CpStatTotal.text(lang)}</th>
                        <th scope="col" class="num">{Msg::CpStageOpen.text(lang)}</th>
                        <th scope="col" class="num">{Msg::SvStageClosed.text(lang)}</th>
                        <th scope="col" class="num">{Msg::CpStatMeanDays.text(lang)}</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|(name, c)| view! {
                            <tr data-testid="stat-row">
                                <th scope="row">{name}</th>
                                <td class="num">{format_count(c.total as usize)}</td>
                                <td class="num">{format_count(c.open as usize)}</td>
                                <td class="num">{format_count(c.closed as usize)}</td>
                                <td class="num">{days(c.mean_days_to_close())}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

#[component]
pub fn ComplaintStats(settings: Memo<ServiceSettings>) -> impl IntoView {
    let state = use_app();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let today = browser::today();
    // The range typed, checked: each day valid, the end not before the start.
    let range = Memo::new(move |_| {
        let mut errs = Vec::new();
        let f = parse_day(&from.get()).unwrap_or_else(|p| {
            errs.push(FieldError { field: "from", problem: p });
            None
        });
        let t = parse_day(&to.get()).unwrap_or_else(|p| {
            errs.push(FieldError { field: "to", problem: p });
            None
        });
        if let (Some(f), Some(t)) = (f, t) {
            if t < f {
                errs.push(FieldError { field: "to", problem: Invalid::Before(f) });
            }
        }
        if errs.is_empty() {
            Ok((f, t))
        } else {
            Err(errs)
        }
    });
    Effect::new(move |_| errors.set(range.get().err().unwrap_or_default()));
    let stats = Memo::new(move |_| {
        let (f, t) = range.get().ok()?;
        let s = settings.get();
        Some(state.data.with(|d| {
            let st = complaint_stats(d, f, t, None, today, &s);
            let lang = state.lang.get();
            let by_dept: Vec<(String, Count)> = st
                .by_department
                .iter()
                .map(|(id, c)| {
                    (
                        id.map(|x| department_name(d, x)).unwrap_or_else(|| Msg::CpNotAssigned.text(lang).into()),
                        c.clone(),
                    )
                })
                .collect();
            (st, by_dept)
        }))
    });
    view! {
        <section class="cp-stats" data-testid="complaint-stats" aria-labelledby="cp-stats-title">
            <h2 id="cp-stats-title">{move || state.t(Msg::CpStatsTitle)}</h2>
            <div class="grid cp-range">
                <TextField label=Msg::CpStatsFrom name="stats_from" input_type="date"
                    value=Signal::derive(move || from.get()) on_input=Callback::new(move |v| from.set(v))
                    error=field_error(errors, "from") />
                <TextField label=Msg::CpStatsTo name="stats_to" input_type="date"
                    value=Signal::derive(move || to.get()) on_input=Callback::new(move |v| to.set(v))
                    error=field_error(errors, "to") />
            </div>
            {move || {
                let lang = state.lang.get();
                let Some((st, by_dept)) = stats.get() else { return ().into_any() };
                let a = &st.all;
                let kpi = |label: Msg, value: String, testid: &'static str| view! {
                    <div class="kpi" data-testid=testid>
                        <span class="kpi-label">{label.text(lang)}</span>
                        <span class="kpi-value">{value}</span>
                    </div>
                };
                let bars: Vec<SegmentBar> = st
                    .by_category
                    .iter()
                    .map(|(c, n)| SegmentBar::new(category_label(*c).text(lang), f64::from(n.total)))
                    .collect();
                let by_category: Vec<(String, Count)> =
                    st.by_category.iter().map(|(c, n)| (category_label(*c).text(lang).to_string(), n.clone())).collect();
                let by_cause: Vec<(String, Count)> = st
                    .by_cause
                    .iter()
                    .map(|(c, n)| (c.map_or(Msg::CpNoCause, |c| c.label()).text(lang).to_string(), n.clone()))
                    .collect();
                view! {
                    <div class="kpis">
                        {kpi(Msg::CpStatTotal, format_count(a.total as usize), "stat-total")}
                        {kpi(Msg::CpStageOpen, format_count(a.open as usize), "stat-open")}
                        {kpi(Msg::SvStageClosed, format_count(a.closed as usize), "stat-closed")}
                        {kpi(Msg::CpStatNotStanding, format_count(a.not_standing as usize), "stat-not-standing")}
                        {kpi(Msg::CpStatMeanDays, days(a.mean_days_to_close()), "stat-mean")}
                        {kpi(Msg::CpStatMedianDays, days(a.median_days_to_close()), "stat-median")}
                        {kpi(Msg::CpStatMaxDays, a.max_days_to_close().map_or_else(|| "—".into(), |d| d.to_string()), "stat-max")}
                    </div>
                    {(a.total > 0).then(|| view! {
                        <div class="cp-bars">
                            <SegmentBars label=Msg::CpStatByCategory.text(lang).to_string() items=bars shares=true lang=state.lang />
                        </div>
                    })}
                    <div class="cp-stat-grid">
                        {count_table(lang, Msg::CpStatByCategory, Msg::CpColCategory, by_category, "stats-category")}
                        {count_table(lang, Msg::CpStatByCause, Msg::CpColCause, by_cause, "stats-cause")}
                        {count_table(lang, Msg::CpStatByDepartment, Msg::CpColDepartment, by_dept, "stats-department")}
                    </div>
                }
                .into_any()
            }}
        </section>
    }
}
