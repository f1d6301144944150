//! 经营概览: what a sales manager looks at on Monday morning — customers, sales against the
//! previous period, ABC and the 80/20 figure, retention, lifecycle, RFM segments and grid,
//! expected sales and CLV, and the key accounts at risk. Figures come from the scoring worker.

use crate::i18n::{format_count, format_date, format_money, format_percent, Lang, Msg};
use crate::model::Money;
use crate::route::Route;
use crate::search::{ListQuery, ScoreFilter};
use crate::ui::analysis::Status;
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
                            <Segments d=r.dashboard.clone() lang=lang />
                            <RfmGrid d=r.dashboard.clone() lang=lang />
                            <Lifecycle d=r.dashboard.clone() lang=lang />
                            <AtRisk d=r.dashboard.clone() lang=lang />
                            <Trend d=r.dashboard.clone() lang=lang />
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
        </div>
    }
}

#[component]
fn Segments(d: Dashboard, lang: Lang) -> impl IntoView {
    let total: u32 = d.segments.iter().map(|s| s.1).sum();
    let max = d.segments.iter().map(|s| s.1).max().unwrap_or(1).max(1);
    view! {
        <div class="panel">
            <h2>{Msg::SegmentsTitle.text(lang)}</h2>
            <table class="lines bars">
                <thead><tr><th>{Msg::ColSegment.text(lang)}</th><th class="num">{Msg::ColCustomers.text(lang)}</th><th class="num">{Msg::ColShare.text(lang)}</th></tr></thead>
                <tbody>
                    {d.segments.iter().map(|&(code, n)| {
                        let name = segment_of_code(code).map(|s| if lang == Lang::Zh { s.name_zh() } else { s.name_en() }).unwrap_or("");
                        let width = format!("width:{:.1}%", f64::from(n) / f64::from(max) * 100.0);
                        view! {
                            <tr data-testid="segment-row">
                                <td><a href=list_link(ScoreFilter::Segment(code))>{name}</a><span class="bar" style=width></span></td>
                                <td class="num">{format_count(n as usize)}</td>
                                <td class="num">{if total > 0 { format_percent(f64::from(n) / f64::from(total)) } else { "—".into() }}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn RfmGrid(d: Dashboard, lang: Lang) -> impl IntoView {
    let max = d.rfm_grid.iter().flatten().copied().max().unwrap_or(1).max(1);
    view! {
        <div class="panel">
            <h2>{Msg::RfmGridTitle.text(lang)}</h2>
            <p class="muted">{Msg::RfmGridHint.text(lang)}</p>
            <table class="rfm-grid" data-testid="rfm-grid">
                <thead><tr><th></th>{(1..=5).map(|f| view! { <th>{format!("F{f}")}</th> }).collect_view()}</tr></thead>
                <tbody>
                    {(1..=5u8).rev().map(|r| view! {
                        <tr>
                            <th>{format!("R{r}")}</th>
                            {(1..=5u8).map(|f| {
                                let n = d.rfm_grid[usize::from(r - 1)][usize::from(f - 1)];
                                let alpha = 0.08 + 0.8 * f64::from(n) / f64::from(max);
                                let dark = alpha > 0.5;
                                let style = format!("background:rgba(31,95,139,{alpha:.2});color:{}", if dark { "#fff" } else { "#1b2430" });
                                let label = format!("R{r} F{f}: {n}");
                                view! {
                                    <td style=style>
                                        <a href=list_link(ScoreFilter::Rf(r, f)) aria-label=label data-testid="rfm-cell" data-rf=format!("{r}{f}")>{format_count(n as usize)}</a>
                                    </td>
                                }
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
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
    let names = state.data.with_untracked(|data| {
        d.at_risk
            .iter()
            .map(|a| data.customers.get(&a.id).map(|c| c.data.name.clone()).unwrap_or_default())
            .collect::<Vec<_>>()
    });
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
                        {d.at_risk.iter().zip(names).map(|(a, name)| {
                            let seg = score_filter_label(ScoreFilter::Segment(a.segment), lang);
                            view! {
                                <tr data-testid="at-risk-row">
                                    <td><a href=Route::Customer(a.id).to_hash()>{name}</a></td>
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
    let max = d.monthly.iter().map(|m| m.2).max().unwrap_or(1).max(1);
    view! {
        <div class="panel wide">
            <h2>{Msg::TrendTitle.text(lang)}</h2>
            <div class="month-bars" role="img" aria-label=Msg::TrendTitle.text(lang)>
                {d.monthly.iter().map(|&(y, m, v)| {
                    let h = format!("height:{:.1}%", (v.max(0) as f64 / max as f64) * 100.0);
                    let title = format!("{y}-{m:02}: {}", format_money(Money(v), "CNY", lang));
                    view! { <span class="month-bar" style=h title=title.clone() aria-label=title></span> }
                }).collect_view()}
            </div>
        </div>
    }
}
