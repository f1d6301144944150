//! Contracts (合同管理, DOMAIN.md §11): the list with each contract's validity and renewal,
//! searchable, filtered and exported to CSV; one contract's form (`form.rs`) and its printed
//! A4 copy (`print.rs`).

mod form;
mod print;

pub use form::ContractPage;

use super::service_tabs::ServiceTabs;
use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_date, Lang, Msg};
use crate::model::service::Contract;
use crate::model::{Id, Record};
use crate::route::{RecordEdit, Route};
use crate::search::{normalize_query, Matcher, SearchKey};
use crate::service::contracts::{renewed_by, validity, Validity};
use crate::service::ServiceSettings;
use crate::ui::browser;
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Which contracts the list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Show {
    All,
    InForce,
    Expiring,
    Expired,
}

impl Show {
    fn admits(self, v: Validity) -> bool {
        match self {
            Show::All => true,
            Show::InForce => v.in_force(),
            Show::Expiring => matches!(v, Validity::Expiring { .. }),
            Show::Expired => matches!(v, Validity::Expired { .. }),
        }
    }
}

/// One line of the list.
#[derive(Clone, Debug, PartialEq)]
struct Line {
    contract: Record<Contract>,
    customer: String,
    validity: Validity,
    renewed: bool,
    /// Customer, number, subject and the other party, for the search box.
    key: SearchKey,
}

fn search_key(customer: &str, c: &Contract) -> SearchKey {
    let mut key = SearchKey::new();
    key.add_name(customer);
    key.add_text(&c.number);
    key.add_text(&c.subject);
    key.add_name(&c.their_party);
    key
}

/// A validity in words, with its pill's class.
pub(super) fn validity_text(v: Validity, lang: Lang) -> (&'static str, String) {
    let label = v.label().text(lang);
    match v {
        Validity::Expiring { days_left } => {
            ("pill warn", format!("{label} · {}", Msg::SvDaysLeft.with(lang, &[&days_left.to_string()])))
        }
        Validity::Expired { .. } => ("pill muted", label.to_string()),
        Validity::NotYetValid { .. } | Validity::Undated => ("pill muted", label.to_string()),
        Validity::Valid => ("pill", label.to_string()),
    }
}

/// "2026-01-01 – 2026-12-31", or open-ended.
pub(super) fn term_text(c: &Contract, lang: Lang) -> String {
    let from = c.valid_from.map(|d| format_date(d, lang)).unwrap_or_default();
    let to = c.valid_to.map(|d| format_date(d, lang)).unwrap_or_else(|| Msg::CoOpenEnded.text(lang).to_string());
    format!("{from} – {to}")
}

#[component]
pub fn ContractsPage() -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let text = RwSignal::new(String::new());
    let show = RwSignal::new(Show::All);
    let lines = Memo::new(move |_| {
        state.data.with(|d| {
            let notice = ServiceSettings::of_firm(&d.firm_settings()).contract_notice_days;
            let mut v: Vec<Line> = d
                .contracts
                .live()
                .map(|c| {
                    let customer = d.customers.get(&c.data.customer).map(|r| r.data.name.clone()).unwrap_or_default();
                    Line {
                        key: search_key(&customer, &c.data),
                        customer,
                        validity: validity(&c.data, today, notice),
                        renewed: renewed_by(d, c).is_some(),
                        contract: c.clone(),
                    }
                })
                .collect();
            // The latest signed first.
            v.sort_by(|a, b| {
                b.contract.data.signed_on.cmp(&a.contract.data.signed_on).then(a.contract.id.cmp(&b.contract.id))
            });
            v
        })
    });
    let shown = Memo::new(move |_| {
        let q = normalize_query(&text.get());
        let m = Matcher::new(&q);
        let which = show.get();
        lines.with(|all| {
            all.iter().filter(|l| which.admits(l.validity)).filter(|l| m.matches(&l.key)).cloned().collect::<Vec<_>>()
        })
    });
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let header = [
            Msg::CoNumber,
            Msg::SvRespondentCustomer,
            Msg::CoSubject,
            Msg::CoSignedOn,
            Msg::CoValidFrom,
            Msg::CoValidTo,
            Msg::SdColStatus,
            Msg::CoTheirParty,
            Msg::CoOurParty,
        ]
        .map(|m| m.text(lang));
        let rows: Vec<Vec<String>> = shown.with_untracked(|v| {
            v.iter()
                .map(|l| {
                    let c = &l.contract.data;
                    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                    vec![
                        c.number.clone(),
                        l.customer.clone(),
                        c.subject.clone(),
                        date(c.signed_on),
                        date(c.valid_from),
                        date(c.valid_to),
                        l.validity.label().text(lang).to_string(),
                        c.their_party.clone(),
                        c.our_party.clone(),
                    ]
                })
                .collect()
        });
        let n = rows.len();
        if save_csv(&export_file_name("contracts", today), &write_csv(&header, rows)) {
            state.info(Msg::CsvExported, &[&n.to_string()]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let show_chip = move |which: Show, label: Msg| {
        let count = move || lines.with(|all| all.iter().filter(|l| which.admits(l.validity)).count());
        view! {
            <button type="button" class="chip" aria-pressed=move || (show.get() == which).to_string() on:click=move |_| show.set(which)>
                {move || state.t(label)}" "<span class="count">{count}</span>
            </button>
        }
    };
    view! {
        <section class="page contracts">
            <ServiceTabs />
            <div class="section-head">
                <h1>{move || state.t(Msg::CoNav)}</h1>
                <div class="actions">
                    <button type="button" class="button" data-testid="contracts-csv" on:click=export
                        disabled=move || shown.with(Vec::is_empty)>{move || state.t(Msg::ExportCsv)}</button>
                    <a class="button primary" data-testid="new-contract" href=Route::Contract(RecordEdit::New { customer: None }).to_hash()>
                        {move || state.t(Msg::CoNew)}
                    </a>
                </div>
            </div>
            <div class="filters">
                <label class="grow">
                    {move || state.t(Msg::CoSearch)}
                    <input type="search" data-testid="contracts-search" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev)) />
                </label>
            </div>
            <div class="chips" role="group" aria-label=move || state.t(Msg::SdColStatus)>
                {show_chip(Show::All, Msg::All)}
                {show_chip(Show::InForce, Msg::SvContractValid)}
                {show_chip(Show::Expiring, Msg::SvContractExpiring)}
                {show_chip(Show::Expired, Msg::SvContractExpired)}
            </div>
            {move || {
                let lang = state.lang.get();
                let list = shown.get();
                if list.is_empty() {
                    let msg = if lines.with(Vec::is_empty) { Msg::CoNone } else { Msg::CoNoneMatch };
                    return view! { <p class="empty" data-testid="contracts-empty">{msg.text(lang)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="lines" data-testid="contracts-list">
                            <thead><tr>
                                <th>{Msg::CoNumber.text(lang)}</th>
                                <th>{Msg::SvRespondentCustomer.text(lang)}</th>
                                <th>{Msg::CoSubject.text(lang)}</th>
                                <th>{Msg::CoTerm.text(lang)}</th>
                                <th>{Msg::SdColStatus.text(lang)}</th>
                            </tr></thead>
                            <tbody>
                                {list.into_iter().map(|l| {
                                    let (class, status) = validity_text(l.validity, lang);
                                    let id: Id = l.contract.id;
                                    let c = l.contract.data;
                                    view! {
                                        <tr>
                                            <td><a href=Route::Contract(RecordEdit::Existing(id)).to_hash()>{c.number.clone()}</a></td>
                                            <td><a href=Route::Customer(c.customer).to_hash()>{l.customer}</a></td>
                                            <td class="clip">{c.subject.clone()}</td>
                                            <td>{term_text(&c, lang)}</td>
                                            <td>
                                                <span class=class>{status}</span>
                                                {l.renewed.then(|| view! { " "<span class="pill info">{Msg::CoRenewed.text(lang)}</span> })}
                                                {c.no_renewal.then(|| view! { " "<span class="pill muted">{Msg::CoNoRenewalShort.text(lang)}</span> })}
                                            </td>
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
