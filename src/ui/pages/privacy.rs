//! The privacy page (`#/privacy`, PIPL): what Kehu stores (kinds and counts, contacts with
//! sensitive information), where (this browser's IndexedDB only; storage used and persistence),
//! how to export it and how to erase it, and the erasure log — kind, time, person and branch of
//! every erasure, never the content. Figures from `exchange::privacy`.

use crate::exchange::privacy::{contacts_with_sensitive, erasure_log, live_counts};
use crate::i18n::{format_count, format_datetime, kind_label, Msg};
use crate::ui::browser;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let state = use_app();
    state.refresh_storage();
    let counts = Memo::new(move |_| state.data.with(live_counts));
    let sensitive = Memo::new(move |_| state.data.with(contacts_with_sensitive));
    let log = Memo::new(move |_| state.data.with(erasure_log));

    let what = move || {
        let lang = state.lang.get();
        let rows = counts
            .get()
            .into_iter()
            .map(|(kind, n)| {
                view! { <tr><td>{kind_label(kind).text(lang)}</td><td class="num">{format_count(n)}</td></tr> }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="lines" data-testid="privacy-counts">
                    <thead><tr>
                        <th scope="col">{Msg::ExColKind.text(lang)}</th>
                        <th scope="col" class="num">{Msg::PvColCount.text(lang)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            <p data-testid="privacy-sensitive">{Msg::PvSensitiveCount.with(lang, &[&format_count(sensitive.get())])}</p>
        }
    };

    let log_view = move || {
        let lang = state.lang.get();
        let lines = log.get();
        if lines.is_empty() {
            return view! { <p class="empty" data-testid="erasure-log-empty">{Msg::PvLogEmpty.text(lang)}</p> }
                .into_any();
        }
        let staff = state.staff_names.get();
        let here = state.branch();
        let rows = state.data.with(|d| {
            lines
                .into_iter()
                .map(|l| {
                    let when = format_datetime(l.at.0, browser::tz_offset_minutes(), lang);
                    let by =
                        l.by.and_then(|b| staff.get(&b).cloned())
                            .unwrap_or_else(|| Msg::PvNotRecorded.text(lang).to_string());
                    let branch = d
                        .branches
                        .get(&l.branch)
                        .map(|b| b.data.name.clone())
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| {
                            let m = if l.branch == here { Msg::PvThisBranch } else { Msg::PvUnknownBranch };
                            m.text(lang).to_string()
                        });
                    view! {
                        <tr data-testid="erasure-line">
                            <td>{kind_label(l.kind).text(lang)}</td>
                            <td>{when}</td>
                            <td>{by}</td>
                            <td>{branch}</td>
                            <td class="num">{format_count(l.history)}</td>
                            <td class="num">{format_count(l.others)}</td>
                        </tr>
                    }
                })
                .collect_view()
        });
        view! {
            <div class="table-wrap">
                <table class="lines" data-testid="erasure-log">
                    <thead><tr>
                        <th scope="col">{Msg::ExColKind.text(lang)}</th>
                        <th scope="col">{Msg::PvColWhen.text(lang)}</th>
                        <th scope="col">{Msg::PvColBy.text(lang)}</th>
                        <th scope="col">{Msg::Branch.text(lang)}</th>
                        <th scope="col" class="num">{Msg::PvColHistory.text(lang)}</th>
                        <th scope="col" class="num">{Msg::PdColOthers.text(lang)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };

    view! {
        <section class="page privacy">
            <crate::ui::pages::admin_tabs::AdminTabs />
            <h1>{move || state.t(Msg::PvTitle)}</h1>
            <p class="banner info" data-testid="privacy-intro">{move || state.t(Msg::PvIntro)}</p>
            <div class="card">
                <h2>{move || state.t(Msg::PvWhatTitle)}</h2>
                {what}
            </div>
            <div class="card">
                <h2>{move || state.t(Msg::PvWhereTitle)}</h2>
                <p>{move || state.t(Msg::PvWhere)}</p>
                <crate::ui::pages::data::StorageFacts />
            </div>
            <crate::ui::seal::SealSettings />
            <div class="card">
                <h2>{move || state.t(Msg::PvExportTitle)}</h2>
                <p>{move || state.t(Msg::PvExportText)}</p>
                <div class="actions left">
                    <a class="button" href="#/exchange" data-testid="privacy-exchange">{move || state.t(Msg::PvOpenExchange)}</a>
                </div>
            </div>
            <div class="card">
                <h2>{move || state.t(Msg::PvEraseTitle)}</h2>
                <p>{move || state.t(Msg::PvEraseText)}</p>
                <div class="actions left">
                    <a class="button" href="#/data" data-testid="privacy-data">{move || state.t(Msg::PvOpenData)}</a>
                </div>
            </div>
            <div class="card">
                <h2>{move || state.t(Msg::PvLogTitle)}</h2>
                <p class="muted">{move || state.t(Msg::PvLogExplain)}</p>
                {log_view}
            </div>
        </section>
    }
}
