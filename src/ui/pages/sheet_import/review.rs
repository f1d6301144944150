//! The check's result: how many rows will be imported, every failed row with its line, column
//! and reason — each fixable in place (the cell typed again, then checked again) or skipped —
//! and the button that imports the good rows in one transaction.

use super::{Import, Work};
use crate::exchange::csv::rows::RowOutcome;
use crate::exchange::csv::text::{cell_error_place, problem_text};
use crate::i18n::{format_count, Msg};
use leptos::prelude::*;

/// How many failed rows are listed (the rest are counted; "skip all" takes them all).
const LISTED: usize = 50;

#[component]
pub(super) fn ReviewStep(im: Import) -> impl IntoView {
    let state = im.state;
    let good = move || im.checked.with(|c| c.as_ref().map_or(0, |c| c.good));
    let failed = move || im.checked.with(|c| c.as_ref().map_or(0, |c| c.failed.len()));
    let idle = move || im.work.get() == Work::Idle;

    let list = move || {
        let lang = state.lang.get();
        let target = im.target.get_untracked();
        let header = im.sheet.with_untracked(|s| s.as_ref().map(|s| s.header.clone()).unwrap_or_default());
        im.checked.with(|c| {
            let c = c.as_ref()?;
            if c.failed.is_empty() {
                return None;
            }
            let items = c.failed.iter().take(LISTED).map(|r| {
                let row = r.row;
                let RowOutcome::Failed { errors } = &r.outcome else { return ().into_any() };
                let fixes = errors.iter().map(|e| {
                    let place = cell_error_place(e, &header, target, lang);
                    let reason = problem_text(&e.problem, lang);
                    match e.column {
                        Some(column) => {
                            let id = format!("csv-fix-{row}-{column}");
                            let value = im.sheet.with_untracked(|s| s.as_ref().map(|s| s.cell(row, column).to_string()).unwrap_or_default());
                            view! {
                                <div class="field csv-fix">
                                    <label for=id.clone()>{format!("{place}{}{reason}", Msg::CsvColon.text(lang))}</label>
                                    <input id=id data-testid="csv-fix" value=value
                                        on:input=move |ev| {
                                            let v = event_target_value(&ev);
                                            im.edits.update_value(|m| { m.insert((row, column), v); });
                                            im.stale.set(true);
                                        } />
                                </div>
                            }.into_any()
                        }
                        None => view! {
                            <p class="field-error">{format!("{place}{}{reason}", Msg::CsvColon.text(lang))}</p>
                        }.into_any(),
                    }
                }).collect_view();
                view! {
                    <li class="csv-failed" data-testid="csv-failed-row" data-line=r.line.to_string()>
                        <div class="csv-failed-head">
                            <strong>{Msg::CsvLine.with(lang, &[&r.line.to_string()])}</strong>
                            <button type="button" class="button small" data-testid="csv-skip-row"
                                disabled=move || im.work.get() != Work::Idle
                                on:click=move |_| im.check(vec![row])>{Msg::CsvSkipRow.text(lang)}</button>
                        </div>
                        {fixes}
                    </li>
                }.into_any()
            }).collect_view();
            let more = c.failed.len().saturating_sub(LISTED);
            Some(view! {
                <h3>{Msg::CsvFailedTitle.text(lang)}</h3>
                <ul class="csv-failed-list">{items}</ul>
                {(more > 0).then(|| view! { <p class="muted">{Msg::CsvMoreFailed.with(lang, &[&format_count(more)])}</p> })}
            })
        })
    };

    view! {
        <div class="card" data-testid="csv-review-step">
            <h2>{move || state.t(Msg::CsvStepReview)}</h2>
            <p class="csv-summary" data-testid="csv-summary">{move || {
                let lang = state.lang.get();
                let mut text = Msg::CsvWillImport.with(lang, &[&format_count(good()), &format_count(failed())]);
                let skipped = im.skipped.get();
                if skipped > 0 {
                    text.push_str(&Msg::CsvSkipped.with(lang, &[&format_count(skipped)]));
                }
                text
            }}</p>
            {move || (good() == 0 && failed() == 0).then(|| view! { <p class="muted">{move || state.t(Msg::CsvNoRows)}</p> })}
            {list}
            {move || im.stale.get().then(|| view! {
                <p class="banner warn" data-testid="csv-stale">{move || state.t(Msg::CsvStale)}</p>
            })}
            {move || (good() == 0 && !im.stale.get()).then(|| view! {
                <p class="banner warn" data-testid="csv-nothing">{move || state.t(Msg::CsvNothingValid)}</p>
            })}
            <div class="actions">
                <button type="button" class="button" data-testid="csv-discard-review"
                    disabled=move || !idle()
                    on:click=move |_| im.discard()>{move || state.t(Msg::CsvDiscard)}</button>
                {move || (failed() > 0).then(|| view! {
                    <button type="button" class="button" data-testid="csv-skip-all"
                        disabled=move || !idle()
                        on:click=move |_| {
                            let rows: Vec<usize> = im.checked.with_untracked(|c| c.iter().flat_map(|c| c.failed.iter().map(|r| r.row)).collect());
                            im.check(rows);
                        }>{move || Msg::CsvSkipAll.with(state.lang.get(), &[&format_count(failed())])}</button>
                })}
                <button type="button" class="button" data-testid="csv-check-again"
                    disabled=move || !idle()
                    on:click=move |_| im.check(Vec::new())>{move || state.t(Msg::CsvCheckAgain)}</button>
                <button type="button" class="button primary" data-testid="csv-import"
                    disabled=move || !idle() || im.stale.get() || good() == 0
                    on:click=move |_| im.commit()>{move || Msg::CsvImportN.with(state.lang.get(), &[&format_count(good())])}</button>
            </div>
        </div>
    }
}
