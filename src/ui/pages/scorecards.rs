//! A customer's evaluation scorecards (客户评价, DOMAIN.md §5) on the customer page: the latest
//! weighted total (and whether every criterion was scored), the history with a small trend,
//! and the form to score the customer now — one 0–100 input per criterion of the firm's
//! criteria (sub-criteria under theirs), a date and a note — saved with
//! `risk::edits::record_scorecard` (each error next to its field, nothing written on bad input).

use crate::i18n::{format_date, invalid_text, Lang, Msg};
use crate::model::org::Criterion;
use crate::model::risk::Scorecard;
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::Id;
use crate::risk::edits::record_scorecard;
use crate::risk::entry::parse_score;
use crate::risk::scorecards::{history, total};
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, TextField};
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;
use std::collections::HashMap;

/// A criterion's name in the language (the other language's when it has none).
pub fn criterion_name(c: &Criterion, lang: Lang) -> String {
    let (first, second) = if lang == Lang::Zh { (&c.name_zh, &c.name_en) } else { (&c.name_en, &c.name_zh) };
    if first.trim().is_empty() {
        second.clone()
    } else {
        first.clone()
    }
}

/// A total as shown: one decimal ("72.5").
pub fn total_text(t: f64) -> String {
    format!("{t:.1}")
}

/// One line of the history.
#[derive(Clone, PartialEq)]
struct Line {
    id: Id,
    date: NaiveDate,
    by: Option<Id>,
    total: Option<f64>,
    complete: bool,
    note: String,
}

/// Each unreadable score's problem, by key.
type Problems = Vec<(String, Invalid)>;

/// The scores typed in, parsed: the scores given, and each unreadable one's problem by key.
fn parse_all(criteria: &[Criterion], texts: &HashMap<String, String>) -> (Vec<(String, u32)>, Problems) {
    let (mut scores, mut problems) = (Vec::new(), Vec::new());
    for key in crate::risk::scorecards::keys(criteria) {
        match parse_score(texts.get(key).map_or("", String::as_str)) {
            Ok(Some(v)) => scores.push((key.to_string(), v)),
            Ok(None) => {}
            Err(e) => problems.push((key.to_string(), e)),
        }
    }
    (scores, problems)
}

/// Consecutive criteria without sub-criteria, or one with them.
enum Run {
    Simple(Vec<Criterion>),
    Group(Criterion),
}

fn runs(criteria: Vec<Criterion>) -> Vec<Run> {
    let mut out = Vec::new();
    for c in criteria {
        if !c.sub.is_empty() {
            out.push(Run::Group(c));
        } else if let Some(Run::Simple(cs)) = out.last_mut() {
            cs.push(c);
        } else {
            out.push(Run::Simple(vec![c]));
        }
    }
    out
}

/// A small line of the totals, oldest to newest, 0–100 from bottom to top.
fn trend(totals: &[f64]) -> String {
    let n = totals.len().max(2) - 1;
    totals
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!("{:.1},{:.1}", 4.0 + 192.0 * i as f64 / n as f64, 44.0 - 40.0 * t.clamp(0.0, 100.0) / 100.0)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
fn ScoreInput(
    criterion: Criterion,
    texts: RwSignal<HashMap<String, String>>,
    problems: RwSignal<Problems>,
    #[prop(optional)] sub: bool,
) -> impl IntoView {
    let state = use_app();
    let key = criterion.key.clone();
    let id = format!("f-score-{key}");
    let err_id = format!("{id}-error");
    let (k1, k2, k3) = (key.clone(), key.clone(), key);
    let error = Signal::derive(move || {
        let lang = state.lang.get();
        problems.with(|ps| ps.iter().find(|(k, _)| *k == k1).map(|(_, p)| invalid_text(*p, lang)))
    });
    let weight = criterion.weight_pct;
    let c = criterion.clone();
    view! {
        <div class="field sc-score" class:sub=sub class:invalid=move || error.get().is_some()>
            <label for=id.clone()>
                {move || criterion_name(&c, state.lang.get())}
                <span class="muted">" · " {move || Msg::ScWeight.with(state.lang.get(), &[&weight.to_string()])}</span>
            </label>
            <input
                id=id
                name=format!("score-{}", criterion.key)
                type="text"
                inputmode="numeric"
                autocomplete="off"
                maxlength="4"
                placeholder="0–100"
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=err_id.clone()
                prop:value=move || texts.with(|m| m.get(&k2).cloned().unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    // A corrected score's problem goes away as it is typed.
                    problems.update(|ps| ps.retain(|(k, _)| *k != k3));
                    texts.update(|m| {
                        m.insert(k3.clone(), v);
                    });
                }
            />
            <p class="field-error" id=err_id role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
pub fn ScorecardSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let criteria = Memo::new(move |_| state.data.with(|d| d.firm_settings().scorecard));
    let lines = Memo::new(move |_| {
        let c = criteria.get();
        state.data.with(|d| {
            history(d, customer, &c)
                .into_iter()
                .map(|(f, t)| Line {
                    id: f.id,
                    date: f.data.date,
                    by: f.created_by,
                    total: t.total,
                    complete: t.complete,
                    note: f.data.note.clone(),
                })
                .collect::<Vec<_>>()
        })
    });
    let texts = RwSignal::new(HashMap::<String, String>::new());
    let problems = RwSignal::new(Problems::new());
    let date = RwSignal::new(browser::today().to_string());
    let note = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    // The total of what is typed in so far (unreadable scores left out).
    let preview = Memo::new(move |_| {
        let c = criteria.get();
        let (scores, _) = texts.with(|t| parse_all(&c, t));
        let card = Scorecard { customer, date: NaiveDate::MIN, scores, note: String::new() };
        total(&card, &c).total
    });

    let submit = move || {
        let c = criteria.get_untracked();
        let (scores, bad) = texts.with_untracked(|t| parse_all(&c, t));
        let day = parse_date(&date.get_untracked());
        let mut field_errors = Vec::new();
        if day.is_none() {
            field_errors.push(FieldError { field: "date", problem: Invalid::Date });
        }
        problems.set(bad.clone());
        if !bad.is_empty() || day.is_none() {
            errors.set(field_errors);
            state.error(Msg::ErrFixFields);
            return;
        }
        let card = Scorecard { customer, date: day.unwrap_or_default(), scores, note: note.get_untracked() };
        let shown = total(&card, &c).total.map(total_text).unwrap_or_default();
        let outcome = state
            .data
            .with_untracked(|d| record_scorecard(browser::new_id(), card, d, browser::today(), state.origin()))
            .map(Some);
        finish_save(outcome, errors, saving, move |_| {
            texts.set(HashMap::new());
            note.set(String::new());
            date.set(browser::today().to_string());
            state.info(Msg::ScSaved, &[&shown]);
        });
    };

    view! {
        <section class="page section" aria-labelledby="scorecard-h" data-testid="scorecards">
            <h2 id="scorecard-h">{move || state.t(Msg::ScTitle)}</h2>
            {move || {
                let lang = state.lang.get();
                let names = state.staff_names.get();
                let ls = lines.get();
                let Some(last) = ls.iter().rev().find(|l| l.total.is_some()).cloned() else {
                    return view! { <p class="empty" data-testid="scorecard-none">{Msg::ScNone.text(lang)}</p> }.into_any();
                };
                let totals: Vec<f64> = ls.iter().filter_map(|l| l.total).collect();
                let points = trend(&totals);
                let rows = ls
                    .iter()
                    .rev()
                    .map(|l| {
                        let by = l.by.and_then(|b| names.get(&b).cloned()).unwrap_or_else(|| "—".into());
                        let total = l.total.map(total_text).unwrap_or_else(|| "—".into());
                        let state_text = if l.complete { Msg::ScCompleteShort } else { Msg::ScPartialShort };
                        view! {
                            <tr data-testid="scorecard-row" data-id=l.id.to_string()>
                                <td>{format_date(l.date, lang)}</td>
                                <td>{by}</td>
                                <td class="num" data-testid="scorecard-row-total">{total}</td>
                                <td>{state_text.text(lang)}</td>
                                <td class="sc-note">{l.note.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view();
                let completeness = if last.complete { Msg::ScComplete } else { Msg::ScIncomplete };
                view! {
                    <div class="kpis">
                        <div class="kpi">
                            <span class="kpi-label">{Msg::ScLatest.text(lang)}</span>
                            <span class="kpi-value" data-testid="scorecard-total">{last.total.map(total_text)}</span>
                            <span class="kpi-note">{Msg::ScLatestOn.with(lang, &[&format_date(last.date, lang)])}</span>
                            <span class="kpi-note" data-testid="scorecard-complete">{completeness.text(lang)}</span>
                        </div>
                        {(totals.len() > 1).then(|| view! {
                            <div class="kpi">
                                <span class="kpi-label">{Msg::ScTrend.text(lang)}</span>
                                <svg class="sc-trend" viewBox="0 0 200 48" role="img" aria-label=Msg::ScTrend.text(lang) preserveAspectRatio="none">
                                    <line x1="0" y1="24" x2="200" y2="24" class="sc-mid"></line>
                                    <polyline points=points fill="none"></polyline>
                                </svg>
                            </div>
                        })}
                    </div>
                    <h3>{Msg::ScHistory.text(lang)}</h3>
                    <div class="table-wrap">
                        <table class="lines" data-testid="scorecard-history">
                            <thead>
                                <tr>
                                    <th scope="col">{Msg::SDate.text(lang)}</th>
                                    <th scope="col">{Msg::ScBy.text(lang)}</th>
                                    <th scope="col" class="num">{Msg::ScTotal.text(lang)}</th>
                                    <th scope="col">{Msg::ScCompleteness.text(lang)}</th>
                                    <th scope="col">{Msg::SNote.text(lang)}</th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <h3>{move || state.t(Msg::ScScoreNow)}</h3>
            <p class="muted">{move || state.t(Msg::ScHint)}</p>
            <form class="record sc-form" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                {move || {
                    // Criteria without sub-criteria side by side, each with sub-criteria in its own box.
                    runs(criteria.get())
                        .into_iter()
                        .map(|run| match run {
                            Run::Simple(cs) => view! {
                                <div class="grid sc-row">
                                    {cs.into_iter().map(|c| view! { <ScoreInput criterion=c texts=texts problems=problems /> }).collect_view()}
                                </div>
                            }
                            .into_any(),
                            Run::Group(c) => {
                                let subs = c.sub.clone();
                                let weight = c.weight_pct;
                                view! {
                                    <fieldset class="sc-group">
                                        <legend>
                                            {move || criterion_name(&c, state.lang.get())}
                                            <span class="muted">" · " {move || Msg::ScWeight.with(state.lang.get(), &[&weight.to_string()])}</span>
                                        </legend>
                                        <div class="grid">
                                            {subs.into_iter().map(|s| view! { <ScoreInput criterion=s texts=texts problems=problems sub=true /> }).collect_view()}
                                        </div>
                                    </fieldset>
                                }
                                .into_any()
                            }
                        })
                        .collect_view()
                }}
                <p class="field-error" role="alert" data-testid="scorecard-error">
                    {move || {
                        let lang = state.lang.get();
                        errors.with(|es| es.iter().find(|e| e.field == "scores" || e.field == "customer").map(|e| invalid_text(e.problem, lang)))
                    }}
                </p>
                <div class="grid">
                    <TextField
                        label=Msg::SDate
                        name="scorecard_date"
                        input_type="date"
                        required=true
                        value=Signal::derive(move || date.get())
                        on_input=Callback::new(move |v: String| date.set(v))
                        error=field_error(errors, "date")
                    />
                    <TextField
                        label=Msg::SNote
                        name="scorecard_note"
                        value=Signal::derive(move || note.get())
                        on_input=Callback::new(move |v: String| note.set(v))
                        error=field_error(errors, "note")
                    />
                </div>
                <div class="actions">
                    <span class="muted" data-testid="scorecard-preview">
                        {move || preview.get().map(|t| Msg::ScPreview.with(state.lang.get(), &[&total_text(t)]))}
                    </span>
                    <button type="submit" class="button primary" data-testid="save-scorecard" disabled=move || saving.get()>
                        {move || state.t(Msg::ScSave)}
                    </button>
                </div>
            </form>
        </section>
    }
}
