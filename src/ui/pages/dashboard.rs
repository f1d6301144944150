//! 经营概览: what a sales manager looks at on Monday morning — customers, sales against the
//! previous period, ABC and the 80/20 figure, retention, lifecycle, RFM segments and grid,
//! expected sales and CLV, and the key accounts at risk. Figures come from the scoring worker.

use crate::charts::Province;
use crate::i18n::{format_count, format_date, format_money, format_percent, Lang, Msg};
use crate::model::Money;
use crate::route::Route;
use crate::search::{ListQuery, ScoreFilter};
use crate::ui::analysis::Status;
use crate::ui::charts::{LineChart, ParetoChart, ProvinceMap, RfmGrid, SegmentBar, SegmentBars, Series};
use crate::ui::pages::customers::score_filter_label;
use crate::ui::state::use_app;
use crate::workspace::summary::{segment_of_code, stage_of_code, STAGES};
use crate::workspace::{Dashboard, Stage};
use leptos::prelude::*;

fn list_link(filter: ScoreFilter) -> String {
    Route::Customers(ListQuery { score: Some(filter), ..ListQuery::default() }).to_hash()
}

fn yuan(v: f64) -> Money {
    Money((v * 100.0).round() as i64)
}

/// The progress line and the stop button while the worker computes, or why it failed.
#[component]
pub fn ScoringStatus() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    move || {
        match a.status.get() {
        Status::Idle => None,
        Status::Working { stage, .. } => {
            let text = match stage {
                Stage::Loading => Msg::ScoringLoading,
                Stage::Converting => Msg::ScoringConverting,
                Stage::Scoring => Msg::ScoringScoring,
                Stage::Summarising => Msg::ScoringSummarising,
            };
            let step = match stage {
                Stage::Loading => 1,
                Stage::Converting => 2,
                Stage::Scoring => 3,
                Stage::Summarising => 4,
            };
            Some(
                view! {
                    <div class="banner info scoring" role="status" data-testid="scoring">
                        <progress max="4" value=step></progress>
                        <span>{move || state.t(text)}</span>
                        <button class="button small" on:click=move |_| a.cancel()>{move || state.t(Msg::ScoringCancel)}</button>
                    </div>
                }
                .into_any(),
            )
        }
        Status::Failed(e) => Some(
            view! {
                <div class="banner error" role="alert">
                    <span>{move || Msg::ScoringFailed.with(state.lang.get(), &[&e.to_string()])}</span>
                    <button class="button small" on:click=move |_| a.score()>{move || state.t(Msg::ScoringRetry)}</button>
                </div>
            }
            .into_any(),
        ),
    }
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    a.ensure();
    // Data written while this page is open: score again.
    Effect::new(move |_| {
        if a.stale.get() {
            a.ensure();
        }
    });
    view! {
        <section class="page dashboard">
            <div class="page-head">
                <h1>{move || state.t(Msg::NavDashboard)}</h1>
                <span class="muted" data-testid="period">{move || {
                    let lang = state.lang.get();
                    a.result.get().map(|r| Msg::PeriodLabel.with(lang, &[&format_date(r.period.0, lang), &format_date(r.period.1, lang)]))
                }}</span>
                <span class="spacer"></span>
                <a class="button" href="#/settings">{move || state.t(Msg::NavSettings)}</a>
            </div>
            <ScoringStatus />
            {move || match a.result.get() {
                None => None,
                Some(r) if r.dashboard.customers_all == 0 => Some(view! { <p class="empty">{move || state.t(Msg::NoDataForAnalysis)}</p> }.into_any()),
                Some(r) => {
                    let lang = state.lang.get();
                    Some(view! {
                        <Kpis d=r.dashboard.clone() lang=lang bgnbd_error=r.bgnbd_error.clone() />
                        <div class="panels">
                            <RfmGridPanel d=r.dashboard.clone() lang=lang />
                            <Segments d=r.dashboard.clone() lang=lang />
                            <Lifecycle d=r.dashboard.clone() lang=lang />
                            <AtRisk d=r.dashboard.clone() lang=lang />
                            <Trend d=r.dashboard.clone() lang=lang />
                            <Pareto d=r.dashboard.clone() lang=lang />
                            <Map lang=lang />
                        </div>
                    }.into_any())
                }
            }}
        </section>
    }
}

#[component]
fn Kpis(d: Dashboard, lang: Lang, bgnbd_error: Option<String>) -> impl IntoView {
    let change = if d.sales_previous != 0 {
        let c = (d.sales_period - d.sales_previous) as f64 / d.sales_previous.abs() as f64;
        let sign = if c >= 0.0 { "+" } else { "" };
        Msg::KpiVsPrevious.with(lang, &[&format!("{sign}{}", format_percent(c))])
    } else {
        String::new()
    };
    let share = |n: i64| {
        if d.sales_period > 0 {
            format_percent(n as f64 / d.abc_sales.iter().sum::<i64>().max(1) as f64)
        } else {
            "—".into()
        }
    };
    let pct = |v: Option<f64>| v.map(format_percent).unwrap_or_else(|| "—".into());
    let model = |v: Option<f64>| match (v, &bgnbd_error) {
        (Some(v), _) => format_money(yuan(v), "CNY", lang),
        (None, Some(e)) => Msg::ModelNotFitted.with(lang, &[e]),
        (None, None) => "—".into(),
    };
    view! {
        <div class="kpis" data-testid="kpis">
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiCustomers.text(lang)}</span>
                <span class="kpi-value" data-testid="kpi-customers">{format!("{} / {}", format_count(d.customers_active as usize), format_count(d.customers_all as usize))}</span>
            </div>
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiSales.text(lang)}</span>
                <span class="kpi-value" data-testid="kpi-sales">{format_money(Money(d.sales_period), "CNY", lang)}</span>
                <span class="kpi-note">{change}</span>
            </div>
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiAbc.text(lang)}</span>
                <span class="kpi-value">
                    <a href=list_link(ScoreFilter::Class(1))>{d.abc_counts[0]}</a>" / "
                    <a href=list_link(ScoreFilter::Class(2))>{d.abc_counts[1]}</a>" / "
                    <a href=list_link(ScoreFilter::Class(3))>{d.abc_counts[2]}</a>
                </span>
                <span class="kpi-note">{format!("{} / {} / {}", share(d.abc_sales[0]), share(d.abc_sales[1]), share(d.abc_sales[2]))}</span>
            </div>
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiTop20.text(lang)}</span>
                <span class="kpi-value" data-testid="kpi-top20">{format_percent(d.top_share)}</span>
            </div>
            <div class="kpi" title=Msg::KpiRetentionHint.text(lang)>
                <span class="kpi-label">{Msg::KpiRetention.text(lang)}</span>
                <span class="kpi-value">{pct(d.retention)}</span>
                <span class="kpi-note">{Msg::KpiRetentionHint.text(lang)}</span>
            </div>
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiRepeat.text(lang)}</span>
                <span class="kpi-value">{pct(d.repeat_rate)}</span>
                <span class="kpi-note">{Msg::KpiRepeatHint.text(lang)}</span>
            </div>
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiExpected.with(lang, &[&d.horizon_weeks.to_string()])}</span>
                <span class="kpi-value">{model(d.expected_sales)}</span>
            </div>
            <div class="kpi">
                <span class="kpi-label">{Msg::KpiClv.with(lang, &["12"])}</span>
                <span class="kpi-value" data-testid="kpi-clv">{model(d.total_clv)}</span>
            </div>
            <crate::ui::pages::warnings::OpenWarningsKpi />
            <crate::ui::pages::todo::TodoKpi />
        </div>
    }
}

fn segment_name(code: u8, lang: Lang) -> String {
    segment_of_code(code).map(|s| if lang == Lang::Zh { s.name_zh() } else { s.name_en() }).unwrap_or("").to_string()
}

fn go(state: &crate::ui::state::AppState, filter: ScoreFilter) {
    state.go(Route::Customers(ListQuery { score: Some(filter), ..ListQuery::default() }));
}

fn money_format() -> Callback<f64, String> {
    Callback::new(|v: f64| format!("¥{}", crate::charts::format::grouped(v, 0)))
}

#[component]
fn Segments(d: Dashboard, lang: Lang) -> impl IntoView {
    let state = use_app();
    let codes: Vec<u8> = d.segments.iter().map(|s| s.0).collect();
    let items: Vec<SegmentBar> =
        d.segments.iter().map(|(code, n)| SegmentBar::new(segment_name(*code, lang), f64::from(*n))).collect();
    view! {
        <div class="panel" data-testid="segments">
            <h2>{Msg::SegmentsTitle.text(lang)}</h2>
            <SegmentBars
                label=Msg::SegmentsTitle.text(lang).to_string()
                items=items
                shares=true
                lang=state.lang
                on_select=Callback::new(move |i: usize| {
                    if let Some(code) = codes.get(i) {
                        go(&state, ScoreFilter::Segment(*code));
                    }
                })
            />
        </div>
    }
}

#[component]
fn RfmGridPanel(d: Dashboard, lang: Lang) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="panel" data-testid="rfm-grid">
            <h2>{Msg::RfmGridTitle.text(lang)}</h2>
            <p class="muted">{Msg::RfmGridHint.text(lang)}</p>
            <RfmGrid
                label=Msg::RfmGridTitle.text(lang).to_string()
                counts=d.rfm_grid
                r_label=Msg::ColR.text(lang).to_string()
                f_label=Msg::ColF.text(lang).to_string()
                count_label=Msg::ColCustomers.text(lang).to_string()
                on_select=Callback::new(move |(r, f)| go(&state, ScoreFilter::Rf(r, f)))
                lang=state.lang
            />
        </div>
    }
}

#[component]
fn Pareto(d: Dashboard, lang: Lang) -> impl IntoView {
    let points: Vec<(f64, f64)> = d.pareto.iter().map(|(x, y)| (f64::from(*x), f64::from(*y))).collect();
    view! {
        <div class="panel" data-testid="pareto">
            <h2>{Msg::ParetoTitle.text(lang)}</h2>
            <ParetoChart label=Msg::ParetoTitle.text(lang).to_string() points=points a=d.abc_a b=d.abc_b top=(0.2, d.top_share) />
        </div>
    }
}

/// Sales or customers by province (the worker reads each customer's address, city or region).
#[component]
fn Map(lang: Lang) -> impl IntoView {
    let state = use_app();
    let by_customers = RwSignal::new(false);
    let values = Memo::new(move |_| {
        let customers = by_customers.get();
        state.analysis.result.with(|r| {
            r.as_ref().map_or_else(Vec::new, |r| {
                r.dashboard
                    .provinces
                    .iter()
                    .filter_map(|f| {
                        let v = if customers { f64::from(f.customers) } else { f.sales as f64 / 100.0 };
                        Province::from_code(f.code).filter(|_| v > 0.0).map(|p| (p, v))
                    })
                    .collect::<Vec<_>>()
            })
        })
    });
    let format = Signal::derive(move || by_customers.get());
    let money = money_format();
    let count_format = Callback::new(move |v: f64| format_count(v.round() as usize));
    let toggle = move |customers: bool, label: Msg| {
        view! {
            <button type="button" class="button small" aria-pressed=move || (by_customers.get() == customers).to_string()
                on:click=move |_| by_customers.set(customers)>{label.text(lang)}</button>
        }
    };
    view! {
        <div class="panel" data-testid="province-map">
            <div class="panel-head">
                <h2>{move || if by_customers.get() { Msg::MapTitleCustomers.text(lang) } else { Msg::MapTitle.text(lang) }}</h2>
                <span class="spacer"></span>
                <div class="toggle" role="group" aria-label=Msg::MapShow.text(lang)>
                    {toggle(false, Msg::SortSales)}
                    {toggle(true, Msg::ColCustomers)}
                </div>
            </div>
            {move || {
                let customers = format.get();
                view! {
                    <ProvinceMap
                        label=Msg::MapTitle.text(lang).to_string()
                        values=values
                        lang=state.lang
                        format=if customers { count_format } else { money }
                        legend_title=if customers { Msg::MapLegendCustomers.text(lang) } else { Msg::KpiSales.text(lang) }.to_string()
                        no_data_label=Msg::MapNoData.text(lang).to_string()
                        caption=Msg::MapCaption.text(lang).to_string()
                    />
                }
            }}
        </div>
    }
}

#[component]
fn Lifecycle(d: Dashboard, lang: Lang) -> impl IntoView {
    view! {
        <div class="panel">
            <h2>{Msg::LifecycleTitle.text(lang)}</h2>
            <ul class="stages">
                {STAGES.iter().enumerate().map(|(i, s)| {
                    let code = crate::workspace::summary::stage_code(*s);
                    let name = stage_of_code(code).map(|s| if lang == Lang::Zh { s.name_zh() } else { s.name_en() }).unwrap_or("");
                    view! {
                        <li>
                            <a href=list_link(ScoreFilter::Stage(code))>
                                <span class="stage-name">{name}</span>
                                <span class="stage-count">{format_count(d.lifecycle[i] as usize)}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn AtRisk(d: Dashboard, lang: Lang) -> impl IntoView {
    let state = use_app();
    if d.at_risk.is_empty() {
        return view! { <div class="panel"><h2>{Msg::AtRiskTitle.text(lang)}</h2><p class="empty">{Msg::AtRiskNone.text(lang)}</p></div> }.into_any();
    }
    // The names come from the page's copy of the customers, which may still be loading (they are
    // in the second load step): each cell follows it.
    let name_of = move |id: crate::model::Id| {
        move || state.data.with(|data| crate::i18n::customer_name(data, &id, state.lang.get()).unwrap_or_default())
    };
    view! {
        <div class="panel">
            <h2><a href=list_link(ScoreFilter::AtRisk)>{Msg::AtRiskTitle.text(lang)}</a></h2>
            <div class="table-wrap">
                <table class="lines">
                    <thead><tr>
                        <th>{Msg::ColName.text(lang)}</th>
                        <th class="num">{Msg::KpiSales.text(lang)}</th>
                        <th>{Msg::ColSegment.text(lang)}</th>
                        <th class="num">{Msg::ColPAlive.text(lang)}</th>
                    </tr></thead>
                    <tbody>
                        {d.at_risk.iter().map(|a| {
                            let seg = score_filter_label(ScoreFilter::Segment(a.segment), lang);
                            view! {
                                <tr data-testid="at-risk-row">
                                    <td><a href=Route::Customer(a.id).to_hash()>{name_of(a.id)}</a></td>
                                    <td class="num">{format_money(Money(a.net_sales), "CNY", lang)}</td>
                                    <td>{seg}</td>
                                    <td class="num">{if a.p_alive.is_nan() { "—".into() } else { format_percent(f64::from(a.p_alive)) }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
    .into_any()
}

#[component]
fn Trend(d: Dashboard, lang: Lang) -> impl IntoView {
    let state = use_app();
    let points = |range: std::ops::Range<usize>| -> Vec<(i32, u32, f64)> {
        d.monthly[range].iter().map(|&(y, m, v)| (y, m, v as f64 / 100.0)).collect()
    };
    let n = d.monthly.len();
    let this_year = Series::new(Msg::SeriesThisPeriod.text(lang), points(n.saturating_sub(12)..n));
    let last_year = Series::new(Msg::SeriesPreviousPeriod.text(lang), points(0..n.saturating_sub(12)));
    view! {
        <div class="panel wide" data-testid="trend">
            <h2>{Msg::TrendTitle.text(lang)}</h2>
            <LineChart label=Msg::TrendTitle.text(lang).to_string() series=this_year compare=Signal::from(last_year) lang=state.lang format=money_format() area=true />
        </div>
    }
}
