//! Receivables (应收账款, DOMAIN.md §6): the firm-wide receivables line (赊销警戒线: a share of the
//! total assets the firm enters) against what customers owe today, with a gauge; the firm's
//! ageing totals; and the customers who owe — owner, debt by age, oldest open sale, credit
//! limit and the amount over it — sortable, searchable and exported to CSV. What is owed
//! follows from sales lines minus payments (`risk::credit::receivables`); a customer's limit
//! is set by hand or follows the ABC class of the scoring worker's last run.

use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{customer_label, format_count, format_date, format_money, format_percent, Lang, Msg};
use crate::model::{IdMap, Money};
use crate::risk::credit::{receivables, receivables_line, Bucket, ReceivablesLine};
use crate::risk::tables::{ageing_totals, debtors, sort_debtors, Debtor, DebtorSort};
use crate::risk::{RiskSettings, Signals};
use crate::route::Route;
use crate::search::{normalize_query, Matcher};
use crate::ui::browser;
use crate::ui::charts::{SegmentBar, SegmentBars};
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;

/// Rows drawn at first and added by each "show more": a long table stays quick to draw.
const PAGE: usize = 100;

/// What the page computes from the data as of today.
struct Owing {
    line: ReceivablesLine,
    ageing: [Money; 4],
    receivables: Vec<crate::risk::credit::Receivable>,
}

fn ptr_changed<T>(a: Option<&Arc<T>>, b: Option<&Arc<T>>) -> bool {
    a.is_none_or(|a| b.is_none_or(|b| !Arc::ptr_eq(a, b)))
}

/// The cells of one debtor for the CSV: plain numbers and ISO dates, for spreadsheets.
fn csv_cells(d: &Debtor, owner: &str, lang: Lang) -> Vec<String> {
    let r = &d.receivable;
    let mut v = vec![customer_label(&d.name, lang).to_string(), owner.to_string(), r.owed.to_plain()];
    v.extend(r.buckets.iter().map(Money::to_plain));
    v.push(r.oldest.map(|x| x.to_string()).unwrap_or_default());
    v.push(d.limit.map(|l| l.to_plain()).unwrap_or_else(|| Msg::RkNotLimited.text(lang).to_string()));
    v.push(d.over_limit().to_plain());
    v
}

fn csv_header(lang: Lang) -> Vec<&'static str> {
    let mut h = vec![Msg::SvRespondentCustomer.text(lang), Msg::FilterOwner.text(lang), Msg::SortOwed.text(lang)];
    h.extend(Bucket::ALL.map(|b| b.label().text(lang)));
    h.extend([Msg::RvColOldest, Msg::RkLimit, Msg::RvColOverLimit].map(|m| m.text(lang)));
    h
}

#[component]
pub fn ReceivablesPage() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    // The class defaults of the limits come from the last scoring run.
    a.ensure();
    let today = browser::today();
    let owing = Memo::new_with_compare(
        move |_| {
            state.data.with(|d| {
                let firm = d.firm_settings();
                let rs = receivables(d, today, &RiskSettings::of_firm(&firm));
                Arc::new(Owing { line: receivables_line(&firm, &rs), ageing: ageing_totals(&rs), receivables: rs })
            })
        },
        ptr_changed,
    );
    let signals = Memo::new_with_compare(
        move |_| Arc::new(a.result.with(|r| r.as_ref().map(|r| Signals::from_table(&r.customers))).unwrap_or_default()),
        ptr_changed,
    );
    let sort = RwSignal::new((DebtorSort::Owed, true));
    let text = RwSignal::new(String::new());
    let limit = RwSignal::new(PAGE);
    // Everyone who owes, joined with their customer and limit, in the order chosen.
    let sorted = Memo::new_with_compare(
        move |_| {
            let (by, desc) = sort.get();
            let s = signals.get();
            let o = owing.get();
            let mut list = state.data.with(|d| debtors(d, &o.receivables, &s, &d.firm_settings()));
            sort_debtors(&mut list, by, desc);
            Arc::new(list)
        },
        ptr_changed,
    );
    // Which of them match the search box (their place in `sorted`); the customer list's search
    // keys (name, pinyin, initials, phone, contacts) are reused.
    let matches = Memo::new_with_compare(
        move |_| {
            let q = normalize_query(&text.get());
            let list = sorted.get();
            if q.is_empty() {
                return Arc::new((0..list.len() as u32).collect::<Vec<u32>>());
            }
            let m = Matcher::new(&q);
            let rows = state.rows.get();
            let at: IdMap<usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
            Arc::new(
                (0..list.len())
                    .filter(|&i| at.get(&list[i].receivable.customer).is_some_and(|&ix| m.matches(&rows[ix].key)))
                    .map(|i| i as u32)
                    .collect(),
            )
        },
        ptr_changed,
    );
    let owner_name = move |d: &Debtor| {
        d.owner.and_then(|o| state.staff_names.with_untracked(|s| s.get(&o).cloned())).unwrap_or_default()
    };
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let list = sorted.get_untracked();
        let rows: Vec<Vec<String>> = matches
            .get_untracked()
            .iter()
            .map(|&i| {
                let d = &list[i as usize];
                csv_cells(d, &owner_name(d), lang)
            })
            .collect();
        let n = rows.len();
        if save_csv(&export_file_name("receivables", today), &write_csv(&csv_header(lang), rows)) {
            state.info(Msg::CsvExported, &[&format_count(n)]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let sort_button = move |by: DebtorSort, label: Msg, testid: &'static str| {
        let active = move || sort.get().0 == by;
        let aria = move || match sort.get() {
            (b, true) if b == by => "descending",
            (b, false) if b == by => "ascending",
            _ => "none",
        };
        view! {
            <th scope="col" class="num" aria-sort=aria>
                <button type="button" class="rv-sort" class:active=active data-testid=testid on:click=move |_| {
                    sort.update(|(b, desc)| if *b == by { *desc = !*desc } else { *b = by; *desc = true });
                    limit.set(PAGE);
                }>
                    {move || state.t(label)}
                    <span aria-hidden="true">{move || match sort.get() {
                        (b, true) if b == by => " ↓",
                        (b, false) if b == by => " ↑",
                        _ => "",
                    }}</span>
                </button>
            </th>
        }
    };

    view! {
        <section class="page receivables">
            <crate::ui::pages::risk_tabs::RiskTabs />
            <div class="page-head">
                <h1>{move || state.t(Msg::RvTitle)}</h1>
                <span class="spacer"></span>
                <button type="button" class="button" data-testid="receivables-csv" on:click=export
                    disabled=move || matches.with(|m| m.is_empty())>{move || state.t(Msg::ExportCsv)}</button>
            </div>
            <p class="muted">{move || Msg::RvExplain.with(state.lang.get(), &[&format_date(today, state.lang.get())])}</p>
            {move || {
                let lang = state.lang.get();
                let o = owing.get();
                view! {
                    <LineSection line=o.line lang=lang />
                    <AgeingSection ageing=o.ageing total=o.line.receivables lang=lang />
                }
            }}
            <section class="section" aria-labelledby="rv-debtors-h">
                <h2 id="rv-debtors-h">{move || state.t(Msg::RvDebtorsTitle)}</h2>
                <div class="filters">
                    <label class="grow">
                        {move || state.t(Msg::RvSearch)}
                        <input type="search" autocomplete="off" data-testid="receivables-search" prop:value=move || text.get()
                            on:input=move |ev| { text.set(event_target_value(&ev)); limit.set(PAGE); } />
                    </label>
                </div>
                <p class="muted" role="status" data-testid="receivables-count">{move || {
                    let lang = state.lang.get();
                    let list = sorted.get();
                    let m = matches.get();
                    let sum: Money = m.iter().map(|&i| list[i as usize].receivable.owed).sum();
                    Msg::RvDebtorCount.with(lang, &[&format_count(m.len()), &format_count(list.len()), &format_money(sum, "CNY", lang)])
                }}</p>
                {move || {
                    let lang = state.lang.get();
                    let list = sorted.get();
                    let m = matches.get();
                    if m.is_empty() {
                        let msg = if list.is_empty() { Msg::RvNone } else { Msg::RvNoMatch };
                        return view! { <p class="empty" data-testid="receivables-empty">{msg.text(lang)}</p> }.into_any();
                    }
                    let shown = limit.get().min(m.len());
                    let more = m.len() - shown;
                    let money = move |x: Money| format_money(x, "CNY", lang);
                    view! {
                        <div class="table-wrap">
                            <table class="lines rv-debtors" data-testid="receivables-table">
                                <thead><tr>
                                    <th scope="col">{Msg::SvRespondentCustomer.text(lang)}</th>
                                    <th scope="col">{Msg::FilterOwner.text(lang)}</th>
                                    {sort_button(DebtorSort::Owed, Msg::SortOwed, "sort-owed")}
                                    {Bucket::ALL[..3].iter().map(|b| view! { <th scope="col" class="num">{b.label().text(lang)}</th> }).collect_view()}
                                    {sort_button(DebtorSort::Over90, Msg::RkAgeOver90, "sort-over90")}
                                    <th scope="col">{Msg::RvColOldest.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::RkLimit.text(lang)}</th>
                                    {sort_button(DebtorSort::OverLimit, Msg::RvColOverLimit, "sort-over-limit")}
                                </tr></thead>
                                <tbody>
                                    {m[..shown].iter().map(|&i| {
                                        let d = &list[i as usize];
                                        let r = &d.receivable;
                                        let over = d.over_limit();
                                        view! {
                                            <tr data-testid="receivable-row">
                                                <td><a href=Route::Customer(r.customer).to_hash() data-testid="receivable-customer">{customer_label(&d.name, lang).to_string()}</a></td>
                                                <td data-testid="receivable-owner">{owner_name(d)}</td>
                                                <td class="num" data-testid="receivable-owed">{money(r.owed)}</td>
                                                {r.buckets.iter().enumerate().map(|(b, x)| view! {
                                                    <td class="num" class:owed={b == 3 && x.0 > 0} data-testid=format!("receivable-b{b}")>{money(*x)}</td>
                                                }).collect_view()}
                                                <td>{r.oldest.map(|x| format_date(x, lang))}</td>
                                                <td class="num">{d.limit.map(money).unwrap_or_else(|| Msg::RkNotLimited.text(lang).to_string())}</td>
                                                <td class="num" class:owed={over.0 > 0} data-testid="receivable-over-limit">
                                                    {if over.0 > 0 { money(over) } else { String::new() }}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! {
                            <div class="actions">
                                <button type="button" class="button" data-testid="receivables-more" on:click=move |_| limit.update(|n| *n += PAGE)>
                                    {Msg::RvShowMore.with(lang, &[&format_count(more.min(PAGE)), &format_count(more)])}
                                </button>
                            </div>
                        })}
                    }
                    .into_any()
                }}
            </section>
        </section>
    }
}

/// The receivables line: total assets as entered, the line, receivables now and a gauge.
#[component]
fn LineSection(line: ReceivablesLine, lang: Lang) -> impl IntoView {
    let money = move |x: Money| format_money(x, "CNY", lang);
    let assets = if line.total_assets.0 > 0 {
        view! { <span class="kpi-value" data-testid="rv-assets">{money(line.total_assets)}</span> }.into_any()
    } else {
        view! {
            <span class="kpi-value muted" data-testid="rv-assets">{Msg::RvNotEntered.text(lang)}</span>
            <a class="kpi-note" href=Route::RiskSettings.to_hash() data-testid="rv-enter-assets">{Msg::RvEnterAssets.text(lang)}</a>
        }
        .into_any()
    };
    let standing = match line.line {
        Some(l) if line.over => Msg::RvOver.with(lang, &[&money(line.receivables - l)]),
        Some(l) => Msg::RvUnder.with(lang, &[&money(l - line.receivables)]),
        None => Msg::RvNoLine.text(lang).to_string(),
    };
    let share = line.share_bp.map(|bp| Msg::RvShare.with(lang, &[&format_percent(bp as f64 / 10_000.0)]));
    view! {
        <section class="section rv-line" aria-labelledby="rv-line-h" data-testid="rv-line" data-over=line.over.to_string()>
            <h2 id="rv-line-h">{Msg::RvLine.text(lang)}</h2>
            <div class="kpis">
                <div class="kpi">
                    <span class="kpi-label">{Msg::RvTotalAssets.text(lang)}</span>
                    {assets}
                </div>
                <div class="kpi">
                    <span class="kpi-label">{Msg::RvLine.text(lang)}</span>
                    <span class="kpi-value" data-testid="rv-line-value">
                        {line.line.map(money).unwrap_or_else(|| "—".to_string())}
                    </span>
                    <span class="kpi-note">{Msg::RvLineNote.with(lang, &[&line.line_pct.to_string()])}</span>
                </div>
                <div class="kpi">
                    <span class="kpi-label">{Msg::RvCurrent.text(lang)}</span>
                    <span class="kpi-value" data-testid="rv-total">{money(line.receivables)}</span>
                    {share.map(|s| view! { <span class="kpi-note">{s}</span> })}
                    <span class=if line.over { "kpi-note over" } else { "kpi-note" } data-testid="rv-standing">{standing}</span>
                </div>
            </div>
            {line.line.map(|l| view! { <Gauge line=l receivables=line.receivables lang=lang /> })}
        </section>
    }
}

/// A bar of the receivables with a mark at the line; red past it.
#[component]
fn Gauge(line: Money, receivables: Money, lang: Lang) -> impl IntoView {
    // The scale reaches a little past the larger of the two, so the mark is never at the edge.
    let scale = (line.0.max(receivables.0) as f64 * 1.15).max(1.0);
    let fill = receivables.0 as f64 / scale * 100.0;
    let mark = line.0 as f64 / scale * 100.0;
    let of_line = if line.0 > 0 { receivables.0 as f64 / line.0 as f64 } else { f64::INFINITY };
    let label = Msg::RvGaugeLabel.with(lang, &[&format_percent(of_line)]);
    let over = receivables > line;
    view! {
        <div class="rv-gauge" role="img" aria-label=label.clone() data-testid="rv-gauge">
            <div class="rv-gauge-fill" class:over=over style=format!("width:{fill:.2}%")></div>
            <div class="rv-gauge-mark" style=format!("left:{mark:.2}%")></div>
        </div>
        <p class="muted rv-gauge-caption" aria-hidden="true">{label}</p>
    }
}

/// The firm's receivables by age, each with its share, as a table and bars.
#[component]
fn AgeingSection(ageing: [Money; 4], total: Money, lang: Lang) -> impl IntoView {
    let money = move |x: Money| format_money(x, "CNY", lang);
    let share = move |x: Money| {
        if total.0 > 0 {
            format_percent(x.0 as f64 / total.0 as f64)
        } else {
            String::new()
        }
    };
    let bars: Vec<SegmentBar> = Bucket::ALL
        .iter()
        .zip(ageing)
        .map(|(b, x)| SegmentBar::new(b.label().text(lang), x.0 as f64 / 100.0))
        .collect();
    let fmt = Callback::new(move |v: f64| format_money(Money((v * 100.0).round() as i64), "CNY", lang));
    view! {
        <section class="section" aria-labelledby="rv-ageing-h">
            <h2 id="rv-ageing-h">{Msg::RvAgeingTitle.text(lang)}</h2>
            <div class="table-wrap">
                <table class="lines" data-testid="rv-ageing">
                    <thead><tr>
                        {Bucket::ALL.into_iter().map(|b| view! { <th scope="col" class="num">{b.label().text(lang)}</th> }).collect::<Vec<_>>()}
                        <th scope="col" class="num">{Msg::Total.text(lang)}</th>
                    </tr></thead>
                    <tbody>
                        <tr>
                            {ageing.iter().enumerate().map(|(i, x)| view! {
                                <td class="num" data-testid=format!("rv-age-{i}")>{money(*x)}</td>
                            }).collect_view()}
                            <td class="num" data-testid="rv-age-total">{money(total)}</td>
                        </tr>
                        <tr class="muted">
                            {ageing.iter().map(|x| view! { <td class="num">{share(*x)}</td> }).collect_view()}
                            <td class="num">{share(total)}</td>
                        </tr>
                    </tbody>
                </table>
            </div>
            {(total.0 > 0).then(|| view! {
                <div class="rv-ageing-bars">
                    <SegmentBars label=Msg::RvAgeingTitle.text(lang).to_string() items=bars shares=true lang=lang format=fmt />
                </div>
            })}
        </section>
    }
}
