//! Key accounts (大客户, DOMAIN.md §10) on one page (`risk::key_accounts`): who they are under
//! the firm's rule (ABC class A or the top share by sales, plus those marked by hand), and for
//! each the owner, this month's plan and pace, the last visit, open complaints and warnings,
//! satisfaction, and what they owe against their limit. Exported to CSV.

use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_date, format_money, format_percent, Lang, Msg};
use crate::model::Money;
use crate::risk::key_accounts::{key_accounts, KeyAccount};
use crate::risk::{RiskSettings, Signals};
use crate::route::Route;
use crate::ui::browser;
use crate::ui::download::save_csv;
use crate::ui::pages::dashboard::ScoringStatus;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The cells of one key account, as text (the table and the CSV say the same).
fn cells(k: &KeyAccount, name: &str, owner: &str, lang: Lang) -> [String; 11] {
    let money = |m: Money| format_money(m, "CNY", lang);
    [
        name.to_string(),
        owner.to_string(),
        k.class.map(|c| c.letter().to_string()).unwrap_or_default(),
        money(Money(k.net_sales)),
        k.plan.map(money).unwrap_or_default(),
        money(k.month_sales),
        k.pace.map(format_percent).unwrap_or_default(),
        k.last_visit.map(|d| format_date(d, lang)).unwrap_or_else(|| Msg::KaNever.text(lang).to_string()),
        format!("{} / {}", k.open_complaints, k.open_warnings),
        k.satisfaction.map(format_percent).unwrap_or_default(),
        match k.limit {
            Some(l) => format!("{} / {}", money(k.owed), money(l)),
            None => format!("{} / {}", money(k.owed), Msg::RkNotLimited.text(lang)),
        },
    ]
}

const HEADER: [Msg; 11] = [
    Msg::KaCustomer,
    Msg::FilterOwner,
    Msg::ColClass,
    Msg::KaNetSales,
    Msg::KaPlan,
    Msg::KaMonthSales,
    Msg::KaPace,
    Msg::KaLastVisit,
    Msg::KaOpen,
    Msg::SvIndex,
    Msg::KaOwedLimit,
];

#[component]
pub fn KeyAccountsPage() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    a.ensure();
    let today = browser::today();
    let rows = Memo::new(move |_| {
        let signals = a.result.with(|r| r.as_ref().map(|r| Signals::from_table(&r.customers))).unwrap_or_default();
        state.data.with(|d| {
            let firm = d.firm_settings();
            key_accounts(d, &signals, &RiskSettings::of_firm(&firm), &firm, today)
        })
    });
    let names = move |k: &KeyAccount| {
        let name = state
            .data
            .with_untracked(|d| crate::i18n::customer_name(d, &k.customer, state.lang.get_untracked()))
            .unwrap_or_default();
        let owner = k.owner.and_then(|o| state.staff_names.with_untracked(|s| s.get(&o).cloned())).unwrap_or_default();
        (name, owner)
    };
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let lines: Vec<Vec<String>> = rows.with_untracked(|all| {
            all.iter()
                .map(|k| {
                    let (name, owner) = names(k);
                    cells(k, &name, &owner, lang).to_vec()
                })
                .collect()
        });
        let n = lines.len();
        if save_csv(&export_file_name("key-accounts", today), &write_csv(&HEADER.map(|m| m.text(lang)), lines)) {
            state.info(Msg::CsvExported, &[&n.to_string()]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    view! {
        <section class="page key-accounts">
            <crate::ui::pages::risk_tabs::RiskTabs />
            <div class="page-head">
                <h1>{move || state.t(Msg::KaTitle)}</h1>
                <span class="spacer"></span>
                <button type="button" class="button" data-testid="key-accounts-csv" on:click=export
                    disabled=move || rows.with(Vec::is_empty)>{move || state.t(Msg::ExportCsv)}</button>
            </div>
            <ScoringStatus />
            <p class="muted">{move || state.t(Msg::KaExplain)}</p>
            {move || {
                let lang = state.lang.get();
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="empty" data-testid="key-accounts-empty">{Msg::KaNone.text(lang)}</p> }.into_any();
                }
                view! {
                    <p data-testid="key-accounts-count">{Msg::KaCount.with(lang, &[&list.len().to_string()])}</p>
                    <div class="table-wrap">
                        <table class="lines key-account-list" data-testid="key-accounts">
                            <thead><tr>{HEADER.map(|m| view! { <th>{m.text(lang)}</th> }).into_iter().collect_view()}</tr></thead>
                            <tbody>
                                {list.iter().map(|k| {
                                    let (name, owner) = names(k);
                                    let [first, rest @ ..] = cells(k, &name, &owner, lang);
                                    let over = k.limit.is_some_and(|l| k.owed > l);
                                    let behind = k.pace.is_some_and(|p| p < 1.0);
                                    view! {
                                        <tr data-testid="key-account">
                                            <td><a href=Route::Customer(k.customer).to_hash()>{first}</a></td>
                                            {rest.into_iter().enumerate().map(|(i, text)| {
                                                let class = match i {
                                                    5 if behind => "warn",
                                                    9 if over => "warn",
                                                    _ => "",
                                                };
                                                view! { <td class=class>{text}</td> }
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
