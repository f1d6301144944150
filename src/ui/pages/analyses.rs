//! 客户分析: the analyses of DOMAIN.md §4 as sortable, filterable tables that export to CSV —
//! ABC (with the Pareto curve), customer share against the expected share, composition by
//! customer type, product mix, and RFM with lifetime value. The tab, sort and filters are in
//! the URL, so a view can be bookmarked.

use crate::analytics::rfm::RfmSegment;
use crate::i18n::{customer_type_label, format_count, format_date, format_money, format_percent, Lang, Msg};
use crate::model::{CustomerType, Money};
use crate::route::{AnalysesQuery, Route};
use crate::ui::browser;
use crate::ui::charts::ParetoChart;
use crate::ui::components::virtual_list::VirtualList;
use crate::ui::download::save_csv;
use crate::ui::pages::dashboard::ScoringStatus;
use crate::ui::state::use_app;
use crate::workspace::tables::{customer_lines, filter_lines, lines_csv, sort_lines, Column, CustomerLine};
use leptos::prelude::*;
use std::sync::Arc;

const ROW: f64 = 48.0;

#[derive(Clone, Copy, PartialEq)]
enum Tab {
    Abc,
    Share,
    Composition,
    Products,
    Rfm,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Abc, Tab::Share, Tab::Composition, Tab::Products, Tab::Rfm];
    fn code(self) -> &'static str {
        match self {
            Tab::Abc => "abc",
            Tab::Share => "share",
            Tab::Composition => "composition",
            Tab::Products => "products",
            Tab::Rfm => "rfm",
        }
    }
    fn from_code(c: &str) -> Tab {
        Tab::ALL.into_iter().find(|t| t.code() == c).unwrap_or(Tab::Abc)
    }
    fn label(self) -> Msg {
        match self {
            Tab::Abc => Msg::TabAbc,
            Tab::Share => Msg::TabShare,
            Tab::Composition => Msg::TabComposition,
            Tab::Products => Msg::TabProducts,
            Tab::Rfm => Msg::TabRfm,
        }
    }
    /// The columns of a per-customer tab, and its default sort.
    fn columns(self) -> (&'static [Column], Column, bool) {
        match self {
            Tab::Abc => (
                &[
                    Column::Rank,
                    Column::Name,
                    Column::Type,
                    Column::Sales,
                    Column::Share,
                    Column::Cumulative,
                    Column::Class,
                ],
                Column::Rank,
                false,
            ),
            Tab::Share => {
                (&[Column::Name, Column::Sales, Column::Share, Column::Expected, Column::Gap], Column::Gap, false)
            }
            Tab::Rfm => (
                &[
                    Column::Name,
                    Column::R,
                    Column::F,
                    Column::M,
                    Column::Segment,
                    Column::Stage,
                    Column::PAlive,
                    Column::ExpectedPurchases,
                    Column::Clv,
                ],
                Column::Clv,
                true,
            ),
            _ => (&[], Column::Rank, false),
        }
    }
}

#[component]
pub fn AnalysesPage() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    a.ensure();
    Effect::new(move |_| {
        if a.stale.get() {
            a.ensure();
        }
    });
    let query = Memo::new(move |_| match state.route.get() {
        Route::Analyses(q) => q,
        _ => AnalysesQuery::default(),
    });
    let set_query = move |f: &dyn Fn(&mut AnalysesQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        let route = Route::Analyses(q);
        browser::replace_location_hash(&route.to_hash());
        state.route.set(route);
    };
    let tab = Memo::new(move |_| Tab::from_code(&query.with(|q| q.tab.clone())));
    // Customer lines are rebuilt only when a new result arrives.
    let lines = Memo::new_with_compare(
        move |_| {
            Arc::new(a.result.get().map(|r| state.data.with_untracked(|d| customer_lines(&r, d))).unwrap_or_default())
        },
        |x, y| x.is_none_or(|x| y.is_none_or(|y| !Arc::ptr_eq(x, y))),
    );

    view! {
        <section class="page analyses">
            <div class="page-head">
                <h1>{move || state.t(Msg::NavAnalyses)}</h1>
                <span class="muted">{move || {
                    let lang = state.lang.get();
                    a.result.get().map(|r| Msg::PeriodLabel.with(lang, &[&format_date(r.period.0, lang), &format_date(r.period.1, lang)]))
                }}</span>
                <span class="spacer"></span>
                <a class="button" href="#/settings">{move || state.t(Msg::NavSettings)}</a>
            </div>
            <ScoringStatus />
            <div class="tabs" role="tablist">
                {Tab::ALL.into_iter().map(|t| view! {
                    <button
                        role="tab"
                        class="tab"
                        data-testid=format!("tab-{}", t.code())
                        aria-selected=move || if tab.get() == t { "true" } else { "false" }
                        on:click=move |_| set_query(&|q| { q.tab = t.code().into(); q.sort = None; q.descending = false; })
                    >
                        {move || state.t(t.label())}
                    </button>
                }).collect_view()}
            </div>
            {move || {
                let t = tab.get();
                match t {
                    Tab::Composition => view! { <CompositionTab /> }.into_any(),
                    Tab::Products => view! { <ProductsTab /> }.into_any(),
                    _ => view! { <CustomerTab tab=t lines=lines query=query set_query=Callback::new(move |f: AnalysesQuery| {
                        let route = Route::Analyses(f);
                        browser::replace_location_hash(&route.to_hash());
                        state.route.set(route);
                    }) /> }.into_any(),
                }
            }}
        </section>
    }
}

#[component]
fn CustomerTab(
    tab: Tab,
    lines: Memo<Arc<Vec<CustomerLine>>>,
    query: Memo<AnalysesQuery>,
    set_query: Callback<AnalysesQuery>,
) -> impl IntoView {
    let state = use_app();
    let (columns, default_sort, default_desc) = tab.columns();
    let sort = Memo::new(move |_| {
        query.with(|q| match q.sort.as_deref().and_then(Column::from_code) {
            Some(c) if columns.contains(&c) => (c, q.descending),
            _ => (default_sort, default_desc),
        })
    });
    let order = Memo::new(move |_| {
        let (c, desc) = sort.get();
        lines.with(|l| Arc::new(sort_lines(l, c, desc)))
    });
    let shown = Memo::new(move |_| {
        let (text, class, segment) = query.with(|q| (q.text.clone(), q.class, q.segment));
        lines.with(|l| order.with(|o| Arc::new(filter_lines(l, o, &text, class, segment))))
    });
    let count = Signal::derive(move || shown.with(|s| s.len()));
    let update = move |f: &dyn Fn(&mut AnalysesQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        set_query.run(q);
    };
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let bytes = lines.with_untracked(|l| shown.with_untracked(|s| lines_csv(l, s, columns, lang)));
        let name = format!("kehu-{}-{}.csv", tab.code(), browser::today());
        if !save_csv(&name, &bytes) {
            state.error(Msg::ErrStorage);
        }
    };
    let grid = format!(
        "grid-template-columns: {}",
        columns
            .iter()
            .map(|c| if *c == Column::Name { "minmax(0,3fr)" } else { "minmax(0,1fr)" })
            .collect::<Vec<_>>()
            .join(" ")
    );
    let grid_head = grid.clone();
    let render = move |i: usize| {
        let lang = state.lang.get_untracked();
        let Some(ix) = shown.with_untracked(|s| s.get(i).copied()) else {
            return view! { <div class="row"></div> }.into_any();
        };
        let ls = lines.get_untracked();
        let l = &ls[ix as usize];
        let href = Route::Customer(l.id).to_hash();
        view! {
            <a class="row table-row" href=href style=grid.clone() data-testid="analysis-row">
                {columns.iter().map(|c| {
                    let class = if c.numeric() { "num" } else { "" };
                    view! { <span class=class>{c.text(l, lang)}</span> }
                }).collect_view()}
            </a>
        }
        .into_any()
    };
    let segment_options = move || {
        let lang = state.lang.get();
        RfmSegment::ALL
            .iter()
            .map(|s| {
                let code = crate::workspace::summary::segment_code(*s);
                let name = if lang == Lang::Zh { s.name_zh() } else { s.name_en() };
                view! { <option value=code.to_string()>{name}</option> }
            })
            .collect_view()
    };
    view! {
        {(tab == Tab::Abc).then(|| view! { <ParetoPanel /> })}
        {(tab == Tab::Share).then(|| view! { <p class="muted">{move || state.t(Msg::ShareHelp)}</p> })}
        <div class="filters">
            <label class="grow">
                <span>{move || state.t(Msg::SearchLabel)}</span>
                <input type="search" data-testid="analysis-search" prop:value=move || query.with(|q| q.text.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); update(&|q| q.text = v.clone()); } />
            </label>
            {(tab != Tab::Share).then(|| view! {
                <label>
                    <span>{move || state.t(Msg::ColClass)}</span>
                    <select prop:value=move || query.with(|q| q.class.map(|c| c.to_string()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); update(&|q| q.class = v.parse().ok()); }>
                        <option value="">{move || state.t(Msg::All)}</option>
                        <option value="1">"A"</option>
                        <option value="2">"B"</option>
                        <option value="3">"C"</option>
                    </select>
                </label>
            })}
            {(tab == Tab::Rfm).then(|| view! {
                <label>
                    <span>{move || state.t(Msg::ColSegment)}</span>
                    <select prop:value=move || query.with(|q| q.segment.map(|c| c.to_string()).unwrap_or_default())
                        on:change=move |ev| { let v = event_target_value(&ev); update(&|q| q.segment = v.parse().ok()); }>
                        <option value="">{move || state.t(Msg::All)}</option>
                        {segment_options}
                    </select>
                </label>
            })}
            <button class="button" data-testid="export-csv" on:click=export>{move || state.t(Msg::ExportCsv)}</button>
        </div>
        <p class="count" role="status" data-testid="analysis-count">{move || Msg::RowsShown.with(state.lang.get(), &[&format_count(count.get())])}</p>
        <div class="list-head table-row" style=grid_head>
            {columns.iter().map(|c| {
                let c = *c;
                let class = if c.numeric() { "num" } else { "" };
                view! {
                    <button class=format!("sort {class}") data-testid=format!("sort-{}", c.code())
                        on:click=move |_| {
                            let (s, d) = sort.get_untracked();
                            let desc = if s == c { !d } else { c.numeric() };
                            update(&|q| { q.sort = Some(c.code().into()); q.descending = desc; });
                        }>
                        {move || state.t(c.label())}
                        {move || { let (s, d) = sort.get(); (s == c).then(|| view! { <span aria-hidden="true">{if d { " ▼" } else { " ▲" }}</span> }) }}
                        // The arrow is for the eye; a screen reader hears the order in words.
                        {move || {
                            let (s, d) = sort.get();
                            (s == c).then(|| view! {
                                <span class="visually-hidden">{state.t(if d { Msg::Descending } else { Msg::Ascending })}</span>
                            })
                        }}
                    </button>
                }
            }).collect_view()}
        </div>
        {move || {
            shown.track();
            let _ = state.lang.get();
            view! { <VirtualList count=count row_height=ROW render=render.clone() label=Signal::derive(move || state.t(tab.label()).to_string()) /> }
        }}
    }
}

/// The Pareto curve with the A/B/C cuts and the 80/20 point.
#[component]
fn ParetoPanel() -> impl IntoView {
    let state = use_app();
    move || {
        state.analysis.result.get().map(|r| {
            let d = &r.dashboard;
            let lang = state.lang.get();
            let points: Vec<(f64, f64)> = d.pareto.iter().map(|(x, y)| (f64::from(*x), f64::from(*y))).collect();
            view! {
                <div class="panel pareto">
                    <h2>{Msg::ParetoTitle.text(lang)}</h2>
                    <p>{Msg::KpiTop20.text(lang)}": " <strong data-testid="top20">{format_percent(d.top_share)}</strong></p>
                    <ParetoChart label=Msg::ParetoTitle.text(lang).to_string() points=points a=d.abc_a b=d.abc_b top=(0.2, d.top_share) />
                </div>
            }
        })
    }
}

#[component]
fn CompositionTab() -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        state.analysis.result.get().map(|r| {
            view! {
                <div class="table-wrap">
                    <table class="lines bars" data-testid="composition">
                        <thead><tr>
                            <th>{Msg::ColType.text(lang)}</th>
                            <th class="num">{Msg::ColCustomers.text(lang)}</th>
                            <th class="num">{Msg::KpiSales.text(lang)}</th>
                            <th class="num">{Msg::ColShare.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {r.composition.iter().map(|c| {
                                let name = c.customer_type.and_then(|t| CustomerType::ALL.get(t as usize).copied()).map(|t| customer_type_label(t).text(lang)).unwrap_or("—");
                                let width = format!("width:{:.1}%", c.share * 100.0);
                                view! {
                                    <tr>
                                        <td>{name}<span class="bar" style=width></span></td>
                                        <td class="num">{format_count(c.customers as usize)}</td>
                                        <td class="num">{format_money(Money(c.sales), "CNY", lang)}</td>
                                        <td class="num">{format_percent(c.share)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    }
}

#[component]
fn ProductsTab() -> impl IntoView {
    let state = use_app();
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let Some(r) = state.analysis.result.get_untracked() else { return };
        let header: Vec<&str> = [
            Msg::SProduct,
            Msg::SSpec,
            Msg::KpiSales,
            Msg::ColShare,
            Msg::ColCumulative,
            Msg::ColMargin,
            Msg::ColTurnover,
            Msg::ColCross,
            Msg::ColContribution,
        ]
        .iter()
        .map(|m| m.text(lang))
        .collect();
        let opt = |v: Option<f64>, pct: bool| {
            v.map(|x| if pct { format_percent(x) } else { format!("{x:.3}") }).unwrap_or_default()
        };
        let rows: Vec<Vec<String>> = state.data.with_untracked(|d| {
            r.products
                .iter()
                .map(|p| {
                    let prod = p.product.and_then(|id| d.products.get(&id));
                    vec![
                        prod.map(|x| x.data.name.clone()).unwrap_or_default(),
                        prod.map(|x| x.data.spec.clone()).unwrap_or_default(),
                        Money(p.sales).format(),
                        format_percent(p.share),
                        format_percent(p.cumulative_share),
                        opt(p.margin_rate, true),
                        opt(p.turnover, false),
                        opt(p.cross_ratio, false),
                        opt(p.contribution_ratio, false),
                    ]
                })
                .collect()
        });
        let bytes = crate::exchange::csv::export::write_csv(&header, rows);
        save_csv(&format!("kehu-products-{}.csv", browser::today()), &bytes);
    };
    view! {
        <p class="muted help">{move || state.t(Msg::ProductMixHelp)}</p>
        <div class="filters"><button class="button" data-testid="export-products" on:click=export>{move || state.t(Msg::ExportCsv)}</button></div>
        {move || {
            let lang = state.lang.get();
            state.analysis.result.get().map(|r| {
                let names = state.data.with_untracked(|d| {
                    r.products.iter().map(|p| p.product.and_then(|id| d.products.get(&id)).map(|x| (x.data.name.clone(), x.data.spec.clone())).unwrap_or_default()).collect::<Vec<_>>()
                });
                let opt = |v: Option<f64>, pct: bool| v.map(|x| if pct { format_percent(x) } else { format!("{x:.3}") }).unwrap_or_else(|| "—".into());
                view! {
                    <div class="table-wrap">
                        <table class="lines" data-testid="product-mix">
                            <thead><tr>
                                <th>{Msg::SProduct.text(lang)}</th>
                                <th>{Msg::SSpec.text(lang)}</th>
                                <th class="num">{Msg::KpiSales.text(lang)}</th>
                                <th class="num">{Msg::ColShare.text(lang)}</th>
                                <th class="num">{Msg::ColCumulative.text(lang)}</th>
                                <th class="num">{Msg::ColMargin.text(lang)}</th>
                                <th class="num">{Msg::ColTurnover.text(lang)}</th>
                                <th class="num">{Msg::ColCross.text(lang)}</th>
                                <th class="num">{Msg::ColContribution.text(lang)}</th>
                            </tr></thead>
                            <tbody>
                                {r.products.iter().zip(names).map(|(p, (name, spec))| view! {
                                    <tr data-testid="product-mix-row">
                                        <td>{name}</td>
                                        <td>{spec}</td>
                                        <td class="num">{format_money(Money(p.sales), "CNY", lang)}</td>
                                        <td class="num">{format_percent(p.share)}</td>
                                        <td class="num">{format_percent(p.cumulative_share)}</td>
                                        <td class="num">{opt(p.margin_rate, true)}</td>
                                        <td class="num">{opt(p.turnover, false)}</td>
                                        <td class="num">{opt(p.cross_ratio, false)}</td>
                                        <td class="num">{opt(p.contribution_ratio, false)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            })
        }}
    }
}
