//! The customer list: search (characters, pinyin, initials, phone, contacts), filters, sort, a
//! count of matches, and a virtualised list that stays smooth at 100,000 customers.

use crate::i18n::{format_count, format_date, format_money, Lang, Msg};
use crate::model::CustomerType;
use crate::route::Route;
use crate::search::pinyin_sort_key;
use crate::search::{facets, filter, key_index, sort_order, ListQuery, ScoreFilter, SortKey};
use crate::ui::browser;
use crate::ui::components::virtual_list::VirtualList;
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use crate::workspace::summary::{class_of_code, segment_of_code, stage_of_code};
use leptos::prelude::*;
use std::sync::Arc;

/// Row height in px: at least 44 px tap targets on tablets (style/app.css `.row`).
const ROW_HEIGHT: f64 = 52.0;

pub fn type_label(t: CustomerType) -> Msg {
    crate::i18n::customer_type_label(t)
}

/// A score filter in words: "冠军客户", "R5 F4", "A 类", "衰退期".
pub fn score_filter_label(f: ScoreFilter, lang: Lang) -> String {
    let pick = |zh: &str, en: &str| if lang == Lang::Zh { zh.to_string() } else { en.to_string() };
    match f {
        ScoreFilter::Segment(s) => segment_of_code(s).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
        ScoreFilter::Rf(r, f) => format!("R{r} F{f}"),
        ScoreFilter::Class(c) => {
            class_of_code(c).map(|c| format!("{} {}", c.letter(), Msg::ColClass.text(lang))).unwrap_or_default()
        }
        ScoreFilter::Stage(s) => stage_of_code(s).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
        ScoreFilter::AtRisk => Msg::AtRiskTitle.text(lang).to_string(),
        ScoreFilter::KeyAccounts => Msg::SgKeyAccounts.text(lang).to_string(),
        ScoreFilter::Saved(_) => Msg::SgSaved.text(lang).to_string(),
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let state = use_app();
    // The query lives in the route (the URL), so a view can be bookmarked; typing replaces the
    // URL without adding history entries.
    let query = Memo::new(move |_| match state.route.get() {
        Route::Customers(q) => q,
        _ => ListQuery::default(),
    });
    let set_query = move |f: &dyn Fn(&mut ListQuery)| {
        let mut q = query.get_untracked();
        f(&mut q);
        let route = Route::Customers(q);
        browser::replace_location_hash(&route.to_hash());
        state.route.set(route);
    };
    let order = Memo::new_with_compare(
        move |_| {
            let (sort, desc) = query.with(|q| (q.sort, q.descending));
            Arc::new(sort_order(&state.rows.get(), sort, desc))
        },
        |a, b| a.is_none_or(|a| b.is_none_or(|b| !Arc::ptr_eq(a, b))),
    );
    let index = Memo::new_with_compare(
        move |_| Arc::new(key_index(&state.rows.get())),
        |a, b| a.is_none_or(|a| b.is_none_or(|b| !Arc::ptr_eq(a, b))),
    );
    // A filter from the dashboard (segment, RFM cell, class, stage) needs the analysis result.
    let allowed = Memo::new(move |_| {
        let f = query.with(|q| q.score)?;
        let r = state.analysis.result.get();
        if r.is_none() {
            state.analysis.ensure();
        }
        Some(r.map(|r| state.data.with(|d| crate::segments::select(d, &r, f))).unwrap_or_default())
    });
    let matches = Memo::new_with_compare(
        move |_| {
            let rows = state.rows.get();
            let order = order.get();
            let index = index.get();
            browser::mark("kehu-search-start");
            let found = allowed.with(|a| query.with(|q| filter(&rows, &index, &order, q, a.as_ref())));
            browser::mark("kehu-search-end");
            let _ = browser::measure("kehu-search", "kehu-search-start", "kehu-search-end");
            Arc::new(found)
        },
        |a, b| a.is_none_or(|a| b.is_none_or(|b| !Arc::ptr_eq(a, b))),
    );
    let facet = Memo::new(move |_| facets(&state.rows.get()));
    let total = move || state.rows.with(|r| r.iter().filter(|c| !c.archived).count());
    let count = Signal::derive(move || matches.with(|m| m.len()));

    let render = move |i: usize| {
        let rows = state.rows.get_untracked();
        let lang = state.lang.get_untracked();
        let Some(ix) = matches.with_untracked(|m| m.get(i).copied()) else {
            return view! { <div class="row"></div> }.into_any();
        };
        let r = &rows[ix as usize];
        let owner = r.owner.and_then(|o| state.staff_names.with_untracked(|s| s.get(&o).cloned())).unwrap_or_default();
        let currency = "CNY";
        let href = Route::Customer(r.id).to_hash();
        let owed_class = if r.owed.0 > 0 { "num owed" } else { "num" };
        view! {
            <a class="row" href=href data-testid="customer-row">
                <span class="c-name">
                    <span class="name">{r.name.clone()}</span>
                    {r.archived.then(|| view! { <span class="badge">{Msg::Archived.text(lang)}</span> })}
                    {r.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}
                </span>
                <span class="c-type">{type_label(r.customer_type).text(lang)}</span>
                <span class="c-region">{r.region.clone()}</span>
                <span class="c-owner">{owner}</span>
                <span class="c-phone">{r.phone.clone()}</span>
                <span class="c-sales num">{format_money(r.sales, currency, lang)}</span>
                <span class=format!("c-owed {owed_class}")>{format_money(r.owed, currency, lang)}</span>
                <span class="c-last">{r.last_purchase.map(|d| format_date(d, lang)).unwrap_or_default()}</span>
            </a>
        }
        .into_any()
    };

    // The customers matching the filters, in the list's order, as a CSV file.
    let export = move |_| {
        let rows = state.rows.get_untracked();
        let ids: Vec<crate::model::Id> = matches.with_untracked(|m| m.iter().map(|&ix| rows[ix as usize].id).collect());
        let bytes = state.data.with_untracked(|d| crate::exchange::csv::export::customers_in(d, ids.iter().copied()));
        let name = crate::exchange::csv::text::export_file_name("customers", browser::today());
        if save_csv(&name, &bytes) {
            state.info(Msg::CsvExported, &[&format_count(ids.len())]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };

    let type_options = move || {
        let lang = state.lang.get();
        let mut v = vec![(String::new(), Msg::All.text(lang).to_string())];
        v.extend(CustomerType::ALL.iter().map(|t| (t.code().to_string(), type_label(*t).text(lang).to_string())));
        v
    };
    let sort_label = |k: SortKey| match k {
        SortKey::Name => Msg::SortName,
        SortKey::Sales => Msg::SortSales,
        SortKey::Owed => Msg::SortOwed,
        SortKey::LastPurchase => Msg::SortLastPurchase,
        SortKey::Created => Msg::SortCreated,
    };

    view! {
        <section class="page customers">
            // The list's toolbar is its visible title; the heading is for screen readers' page outline.
            <h1 class="visually-hidden">{move || state.t(Msg::NavCustomers)}</h1>
            <div class="toolbar">
                <div class="search">
                    <label for="search">{move || state.t(Msg::SearchLabel)}</label>
                    <input
                        id="search"
                        type="search"
                        autocomplete="off"
                        placeholder=move || state.t(Msg::SearchPlaceholder)
                        prop:value=move || query.with(|q| q.text.clone())
                        on:input=move |ev| {
                            let v = event_target_value(&ev);
                            set_query(&|q| q.text = v.clone());
                        }
                    />
                </div>
                <button class="button" data-testid="export-customers" disabled=move || count.get() == 0 on:click=export>
                    {move || state.t(Msg::ExportCsv)}
                </button>
                <a class="button primary" href="#/customer/new" data-testid="new-customer">{move || state.t(Msg::NewCustomer)}</a>
            </div>
            <div class="filters">
                <label>
                    <span>{move || state.t(Msg::FilterType)}</span>
                    <select
                        data-testid="filter-type"
                        prop:value=move || query.with(|q| q.customer_type.map(|t| t.code()).unwrap_or("").to_string())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_query(&|q| q.customer_type = CustomerType::from_code(&v));
                        }
                    >
                        {move || type_options().into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || state.t(Msg::FilterOwner)}</span>
                    <select
                        prop:value=move || query.with(|q| q.owner.map(|o| o.to_string()).unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_query(&|q| q.owner = crate::model::Id::parse(&v));
                        }
                    >
                        <option value="">{move || state.t(Msg::All)}</option>
                        {move || {
                            let names = state.staff_names.get();
                            let mut owners: Vec<(String, String)> = facet
                                .get()
                                .owners
                                .iter()
                                .map(|o| (o.to_string(), names.get(o).cloned().unwrap_or_else(|| o.short())))
                                .collect();
                            owners.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
                            owners.into_iter().map(|(v, t)| view! { <option value=v>{t}</option> }).collect_view()
                        }}
                    </select>
                </label>
                <label>
                    <span>{move || state.t(Msg::FilterRegion)}</span>
                    <select
                        prop:value=move || query.with(|q| q.region.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_query(&|q| q.region = Some(v.clone()).filter(|v| !v.is_empty()));
                        }
                    >
                        <option value="">{move || state.t(Msg::All)}</option>
                        {move || facet.get().regions.into_iter().map(|r| { let v = r.clone(); view! { <option value=v>{r}</option> } }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || state.t(Msg::FilterTag)}</span>
                    <select
                        prop:value=move || query.with(|q| q.tag.clone().unwrap_or_default())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_query(&|q| q.tag = Some(v.clone()).filter(|v| !v.is_empty()));
                        }
                    >
                        <option value="">{move || state.t(Msg::All)}</option>
                        {move || facet.get().tags.into_iter().map(|t| { let v = t.clone(); view! { <option value=v>{t}</option> } }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{move || state.t(Msg::SortBy)}</span>
                    <select
                        data-testid="sort"
                        prop:value=move || query.with(|q| q.sort.code().to_string())
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            set_query(&|q| q.sort = SortKey::from_code(&v).unwrap_or_default());
                        }
                    >
                        {move || SortKey::ALL.into_iter().map(|k| view! { <option value=k.code()>{state.t(sort_label(k))}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline">
                    <input
                        type="checkbox"
                        prop:checked=move || query.with(|q| q.descending)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            set_query(&|q| q.descending = on);
                        }
                    />
                    <span>{move || state.t(Msg::Descending)}</span>
                </label>
                <label class="inline">
                    <input
                        type="checkbox"
                        prop:checked=move || query.with(|q| q.show_archived)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            set_query(&|q| q.show_archived = on);
                        }
                    />
                    <span>{move || state.t(Msg::ShowArchived)}</span>
                </label>
            </div>
            {move || query.with(|q| q.score).map(|f| view! {
                <p class="banner info" data-testid="score-filter">
                    <span>{move || Msg::ScoreFilterActive.with(state.lang.get(), &[&crate::ui::pages::segments::filter_label(&state, f, state.lang.get())])}</span>
                    <button class="button small" on:click=move |_| set_query(&|q| q.score = None)>{move || state.t(Msg::ClearFilter)}</button>
                </p>
            })}
            <p class="count" role="status" data-testid="match-count">
                {move || Msg::MatchCount.with(state.lang.get(), &[&format_count(count.get()), &format_count(total())])}
            </p>
            {move || {
                if state.rows.with(|r| r.is_empty()) {
                    view! { <p class="empty">{move || state.t(Msg::NoCustomersYet)}</p> }.into_any()
                } else if count.get() == 0 {
                    view! { <p class="empty">{move || state.t(Msg::NoMatches)}</p> }.into_any()
                } else {
                    view! {
                        <div class="list-head" aria-hidden="true">
                            <span class="c-name">{move || state.t(Msg::ColName)}</span>
                            <span class="c-type">{move || state.t(Msg::ColType)}</span>
                            <span class="c-region">{move || state.t(Msg::FilterRegion)}</span>
                            <span class="c-owner">{move || state.t(Msg::FilterOwner)}</span>
                            <span class="c-phone">{move || state.t(Msg::ColPhone)}</span>
                            <span class="c-sales num">{move || state.t(Msg::ColSales)}</span>
                            <span class="c-owed num">{move || state.t(Msg::SortOwed)}</span>
                            <span class="c-last">{move || state.t(Msg::SortLastPurchase)}</span>
                        </div>
                        {move || {
                            // Re-draw the visible rows when the matches or the language change.
                            matches.track();
                            let _: Lang = state.lang.get();
                            view! {
                                <VirtualList
                                    count=count
                                    row_height=ROW_HEIGHT
                                    render=render
                                    label=Signal::derive(move || state.t(Msg::NavCustomers).to_string())
                                />
                            }
                        }}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
