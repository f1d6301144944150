//! The customer's service timeline (`visits::timeline`): interactions, complaints, repairs,
//! returned surveys and contracts, newest first, filtered by kind, shown a page at a time.
//! Complaints and contracts open their own pages; promotions show their money and evaluation,
//! return visits their delivery, first contacts whom they were handed to.

use super::staff_name;
use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_date, format_money, Lang, Msg};
use crate::model::service::InteractionKind;
use crate::model::{Dataset, Id, Kind};
use crate::route::{RecordEdit, Route};
use crate::search::{normalize_query, Matcher, SearchKey};
use crate::service::visits::{promotion_money, timeline, EntryKind, TimelineEntry, INTERACTION_KINDS};
use crate::ui::components::field::SelectField;
use crate::ui::download::save_csv;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// Entries shown at first; "show more" adds as many again.
const PAGE: usize = 20;

fn entry_key(k: EntryKind) -> &'static str {
    match k {
        EntryKind::Interaction(InteractionKind::Visit) => "visit",
        EntryKind::Interaction(InteractionKind::ReturnVisit) => "return_visit",
        EntryKind::Interaction(InteractionKind::Call) => "call",
        EntryKind::Interaction(InteractionKind::Meeting) => "meeting",
        EntryKind::Interaction(InteractionKind::Promotion) => "promotion",
        EntryKind::Interaction(InteractionKind::FirstContact) => "first_contact",
        EntryKind::Complaint => "complaint",
        EntryKind::Repair => "repair",
        EntryKind::Survey => "survey",
        EntryKind::Contract => "contract",
    }
}

/// Every kind, in the order the filter offers them.
fn all_kinds() -> Vec<EntryKind> {
    let mut v: Vec<EntryKind> = INTERACTION_KINDS.iter().map(|k| EntryKind::Interaction(*k)).collect();
    v.extend([EntryKind::Complaint, EntryKind::Repair, EntryKind::Survey, EntryKind::Contract]);
    v
}

/// The lines under an entry's summary, each a label and the data it introduces: a
/// promotion's plan, money and evaluation, the delivery a return visit was for.
fn details(d: &Dataset, e: &TimelineEntry, lang: Lang) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if e.target.0 != Kind::Interaction {
        return out;
    }
    let Some(i) = d.interactions.get(&e.target.1) else { return out };
    let i = &i.data;
    if i.kind == InteractionKind::Promotion {
        if !i.plan.is_empty() {
            out.push((labelled(lang, Msg::CsPlan), i.plan.clone()));
        }
        let m = promotion_money(i);
        let money = |m| format_money(m, "CNY", lang);
        match (m.budget, m.cost) {
            (Some(b), Some(c)) => {
                let mut line = Msg::CsBudgetCost.with(lang, &[&money(b), &money(c)]);
                if let Some(left) = m.left {
                    let extra = if m.over_budget() {
                        Msg::CsOverBudget.with(lang, &[&money(crate::model::Money(-left.0))])
                    } else {
                        Msg::CsLeft.with(lang, &[&money(left)])
                    };
                    line = format!("{line} · {extra}");
                }
                out.push((line, String::new()));
            }
            (Some(b), None) => out.push((Msg::CsBudgetOnly.with(lang, &[&money(b)]), String::new())),
            _ => {}
        }
        if !i.evaluation.is_empty() {
            out.push((labelled(lang, Msg::CsEvaluation), i.evaluation.clone()));
        }
    }
    if let Some(del) = i.delivery.and_then(|x| d.deliveries.get(&x)) {
        out.push((Msg::CsForDelivery.with(lang, &[""]), del.data.description.clone()));
    }
    out
}

/// "label：" in Chinese, "label: " in English.
pub(super) fn labelled(lang: Lang, label: Msg) -> String {
    match lang {
        Lang::Zh => format!("{}：", label.text(lang)),
        Lang::En => format!("{}: ", label.text(lang)),
    }
}

/// "text（n）" in Chinese, "text (n)" in English.
fn counted(lang: Lang, text: &str, n: usize) -> String {
    match lang {
        Lang::Zh => format!("{text}（{n}）"),
        Lang::En => format!("{text} ({n})"),
    }
}

fn link_of(e: &TimelineEntry) -> Option<(String, Msg)> {
    match e.target.0 {
        Kind::Complaint => Some((Route::Complaint(RecordEdit::Existing(e.target.1)).to_hash(), Msg::CsOpenComplaint)),
        Kind::Contract => Some((Route::Contract(RecordEdit::Existing(e.target.1)).to_hash(), Msg::CsOpenContract)),
        _ => None,
    }
}

fn entry_view(state: AppState, e: TimelineEntry, lang: Lang) -> impl IntoView {
    let extra = state.data.with(|d| details(d, &e, lang));
    let who = staff_name(state, e.staff);
    let handed = e.handed_to.map(|h| Msg::CsHandedArrow.with(lang, &[&staff_name(state, Some(h))]));
    let who = match (who.is_empty(), handed) {
        (_, Some(h)) if who.is_empty() => h,
        (false, Some(h)) => format!("{who} → {h}"),
        _ => who,
    };
    let link = link_of(&e);
    let key = entry_key(e.kind);
    view! {
        <li class="cs-entry" data-testid="timeline-entry" data-kind=key data-id=e.target.1.to_string()>
            <div class="cs-entry-head">
                <span class="pill">{e.kind.label().text(lang)}</span>
                <time datetime=e.date.to_string()>{format_date(e.date, lang)}</time>
                {(!who.is_empty()).then(|| view! { <span class="muted cs-data" data-testid="timeline-who">{who}</span> })}
            </div>
            {(!e.summary.is_empty()).then(|| view! { <p class="cs-summary cs-data" data-testid="timeline-summary">{e.summary.clone()}</p> })}
            {extra.into_iter().map(|(label, data)| view! {
                <p class="muted cs-detail">{label}<span class="cs-data">{data}</span></p>
            }).collect_view()}
            {link.map(|(href, msg)| view! { <a class="button small" href=href>{msg.text(lang)}</a> })}
        </li>
    }
}

#[component]
pub fn Timeline(customer: Id) -> impl IntoView {
    let state = use_app();
    let entries = Memo::new(move |_| state.data.with(|d| timeline(d, customer)));
    let filter = RwSignal::new(String::new());
    let text = RwSignal::new(String::new());
    let shown = RwSignal::new(PAGE);
    let filtered = Memo::new(move |_| {
        let f = filter.get();
        let q = normalize_query(&text.get());
        let m = Matcher::new(&q);
        entries.with(|es| {
            es.iter()
                .filter(|e| f.is_empty() || entry_key(e.kind) == f)
                .filter(|e| {
                    q.is_empty() || {
                        let mut key = SearchKey::new();
                        key.add_text(&e.summary);
                        key.add_name(&staff_name(state, e.staff));
                        key.add_name(&staff_name(state, e.handed_to));
                        m.matches(&key)
                    }
                })
                .cloned()
                .collect::<Vec<TimelineEntry>>()
        })
    });
    // The entries shown (kind and search), every one, with their details, for a spreadsheet.
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let header = [Msg::SuDate, Msg::SdColKind, Msg::CpDoneBy, Msg::CsHandedTo, Msg::SdColWhat, Msg::CsColDetails]
            .map(|m| m.text(lang));
        let rows: Vec<Vec<String>> = filtered.with_untracked(|es| {
            es.iter()
                .map(|e| {
                    let extra = state.data.with_untracked(|d| details(d, e, lang));
                    vec![
                        e.date.to_string(),
                        e.kind.label().text(lang).to_string(),
                        staff_name(state, e.staff),
                        staff_name(state, e.handed_to),
                        e.summary.clone(),
                        extra.into_iter().map(|(l, d)| format!("{l}{d}")).collect::<Vec<_>>().join("; "),
                    ]
                })
                .collect()
        });
        let n = rows.len();
        let name = export_file_name("customer-timeline", crate::ui::browser::today());
        if save_csv(&name, &write_csv(&header, rows)) {
            state.info(Msg::CsvExported, &[&n.to_string()]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let options = Signal::derive(move || {
        let lang = state.lang.get();
        let counts = entries.with(|es| {
            all_kinds().into_iter().map(|k| (k, es.iter().filter(|e| e.kind == k).count())).collect::<Vec<_>>()
        });
        let total: usize = counts.iter().map(|c| c.1).sum();
        let mut v = vec![(String::new(), counted(lang, Msg::CsAllKinds.text(lang), total))];
        v.extend(counts.into_iter().map(|(k, n)| (entry_key(k).to_string(), counted(lang, k.label().text(lang), n))));
        v
    });
    view! {
        <div class="cs-block" data-testid="cs-timeline">
            <div class="section-head">
                <h3>{move || state.t(Msg::CsTimeline)}</h3>
                <div class="cs-filter">
                    <SelectField label=Msg::CsShowKind name="cs_filter" options=options
                        value=Signal::derive(move || filter.get())
                        on_change=Callback::new(move |v: String| { filter.set(v); shown.set(PAGE); }) />
                </div>
            </div>
            <div class="filters">
                <label class="grow">
                    {move || state.t(Msg::CsSearchTimeline)}
                    <input type="search" data-testid="timeline-search" prop:value=move || text.get()
                        on:input=move |ev| { text.set(event_target_value(&ev)); shown.set(PAGE); } />
                </label>
                <button type="button" class="button" data-testid="timeline-csv" on:click=export
                    disabled=move || filtered.with(Vec::is_empty)>{move || state.t(Msg::ExportCsv)}</button>
            </div>
            {move || {
                let lang = state.lang.get();
                let all = filtered.get();
                if all.is_empty() {
                    return view! { <p class="empty">{Msg::CsNoEntries.text(lang)}</p> }.into_any();
                }
                let n = all.len();
                let more = n.saturating_sub(shown.get());
                view! {
                    <p class="muted" data-testid="timeline-count">{Msg::CsEntries.with(lang, &[&n.to_string()])}</p>
                    <ol class="cs-timeline">
                        {all.into_iter().take(shown.get()).map(|e| entry_view(state, e, lang)).collect_view()}
                    </ol>
                    {(more > 0).then(|| view! {
                        <button type="button" class="button" data-testid="timeline-more" on:click=move |_| shown.update(|s| *s += PAGE)>
                            {Msg::CsShowMore.with(lang, &[&more.min(PAGE).to_string(), &n.to_string()])}
                        </button>
                    })}
                }
                .into_any()
            }}
        </div>
    }
}
