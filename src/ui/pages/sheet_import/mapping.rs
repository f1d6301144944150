//! The file as read (its encoding, which can be forced), a preview of its first rows, and the
//! column matching: one select per column, the guessed (or saved) field chosen, or "ignore".

use super::{file_summary, Import, Work};
use crate::exchange::csv::text::{encoding_code, encoding_name, encoding_of_code, field_label, ENCODINGS};
use crate::exchange::csv::Field;
use crate::i18n::{format_count, Msg};
use leptos::prelude::*;

/// How many rows the preview shows.
const PREVIEW_ROWS: usize = 5;
/// How many example values the matching shows per column.
const SAMPLES: usize = 3;

/// "The text looks wrong? Read it as …": decodes the file again in the chosen encoding.
#[component]
pub(super) fn EncodingChoice(im: Import) -> impl IntoView {
    let state = im.state;
    view! {
        <label class="field join csv-encoding">
            <span>{move || state.t(Msg::CsvLooksWrong)}</span>
            <select data-testid="csv-encoding"
                prop:value=move || im.encoding.get().map(encoding_code).unwrap_or_default()
                disabled=move || im.work.get() != Work::Idle
                on:change=move |ev| {
                    if let Some(e) = encoding_of_code(&event_target_value(&ev)) {
                        im.work.set(Work::Reading);
                        leptos::task::spawn_local(im.decode(Some(e)));
                    }
                }>
                {ENCODINGS.into_iter().map(|e| view! { <option value=encoding_code(e)>{encoding_name(e)}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// A column's header, or "column 3" when the header cell is blank.
fn column_name(header: &[String], i: usize, lang: crate::i18n::Lang) -> String {
    match header.get(i).map(|h| h.trim()) {
        Some(h) if !h.is_empty() => h.to_string(),
        _ => Msg::CsvUnnamedColumn.with(lang, &[&(i + 1).to_string()]),
    }
}

#[component]
pub(super) fn MappingStep(im: Import) -> impl IntoView {
    let state = im.state;
    let header = Memo::new(move |_| im.sheet.with(|s| s.as_ref().map(|s| s.header.clone()).unwrap_or_default()));
    let missing = Memo::new(move |_| im.mapping.with(|m| m.as_ref().map(|m| m.missing()).unwrap_or_default()));
    let field_of = move |i: usize| im.mapping.with(|m| m.as_ref().and_then(|m| m.columns.get(i).copied().flatten()));

    let preview = move || {
        let lang = state.lang.get();
        im.sheet.with(|s| {
            let s = s.as_ref()?;
            let columns = s.header.len();
            Some(view! {
                <div class="table-wrap">
                    <table class="lines csv-preview" data-testid="csv-preview">
                        <thead><tr>
                            <th>{Msg::CsvLineCol.text(lang)}</th>
                            {(0..columns).map(|i| view! { <th>{column_name(&s.header, i, lang)}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {s.rows.iter().take(PREVIEW_ROWS).map(|r| view! {
                                <tr>
                                    <td class="num">{r.line}</td>
                                    {(0..columns).map(|i| view! { <td>{r.cells.get(i).cloned().unwrap_or_default()}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })
        })
    };

    let samples = move |i: usize| {
        im.sheet.with_untracked(|s| {
            let mut out: Vec<String> = Vec::new();
            for r in s.iter().flat_map(|s| s.rows.iter()) {
                let v = r.cells.get(i).map(|c| c.trim()).unwrap_or("");
                if !v.is_empty() && !out.iter().any(|o| o == v) {
                    out.push(v.chars().take(24).collect());
                }
                if out.len() == SAMPLES {
                    break;
                }
            }
            out.join(" · ")
        })
    };

    let rows = move || {
        let h = header.get();
        (0..h.len())
            .map(|i| {
                let id = format!("csv-map-{i}");
                let name = h.clone();
                let example = samples(i);
                view! {
                    <tr data-testid="csv-map-row">
                        <th scope="row"><label for=id.clone()>{move || column_name(&name, i, state.lang.get())}</label></th>
                        <td class="csv-sample muted">{example}</td>
                        <td>
                            <select id=id.clone() data-testid=id
                                class:mapped=move || field_of(i).is_some()
                                prop:value=move || field_of(i).map(Field::name).unwrap_or("")
                                on:change=move |ev| {
                                    let v = event_target_value(&ev);
                                    let target = im.target.get_untracked();
                                    im.set_column(i, target.fields().iter().copied().find(|f| f.name() == v));
                                }>
                                {move || {
                                    let lang = state.lang.get();
                                    let target = im.target.get();
                                    // Options drawn again (language, target) start with the current choice selected.
                                    let current = im.mapping.with_untracked(|m| m.as_ref().and_then(|m| m.columns.get(i).copied().flatten()));
                                    let mut options = vec![view! {
                                        <option value="" selected=current.is_none()>{Msg::CsvIgnore.text(lang).to_string()}</option>
                                    }];
                                    options.extend(target.fields().iter().map(|f| {
                                        let required = target.required().contains(f);
                                        let label = field_label(*f, target).text(lang);
                                        let text = if required { format!("{label} *") } else { label.to_string() };
                                        view! { <option value=f.name() selected=current == Some(*f)>{text}</option> }
                                    }));
                                    options
                                }}
                            </select>
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };

    view! {
        <div class="card" data-testid="csv-mapping-step">
            <h2>{move || state.t(Msg::CsvStepMapping)}</h2>
            <p data-testid="csv-file-info">{move || file_summary(im)}</p>
            <EncodingChoice im=im />
            {move || im.reapplied.get().then(|| view! {
                <p class="banner info" data-testid="csv-reapplied">{move || state.t(Msg::CsvReapplied)}</p>
            })}
            <h3>{move || {
                let n = im.sheet.with(|s| s.as_ref().map_or(0, |s| s.rows.len())).min(PREVIEW_ROWS);
                Msg::CsvPreviewTitle.with(state.lang.get(), &[&format_count(n)])
            }}</h3>
            {preview}
            <h3>{move || state.t(Msg::CsvMappingTitle)}</h3>
            <p class="muted">{move || state.t(Msg::CsvMappingHelp)}</p>
            <div class="table-wrap">
                <table class="lines csv-map" data-testid="csv-map">
                    <thead><tr>
                        <th>{move || state.t(Msg::CsvColumnInFile)}</th>
                        <th>{move || state.t(Msg::CsvExamples)}</th>
                        <th>{move || state.t(Msg::CsvImportAs)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {move || {
                let m = missing.get();
                (!m.is_empty()).then(|| {
                    let lang = state.lang.get();
                    let target = im.target.get();
                    let names: Vec<&str> = m.iter().map(|f| field_label(*f, target).text(lang)).collect();
                    view! {
                        <p class="banner warn" role="alert" data-testid="csv-missing">
                            {Msg::CsvMissing.with(lang, &[&names.join(Msg::CsvListSeparator.text(lang))])}
                        </p>
                    }
                })
            }}
            <div class="actions">
                <button type="button" class="button" data-testid="csv-discard"
                    disabled=move || im.work.get() != Work::Idle
                    on:click=move |_| im.discard()>{move || state.t(Msg::CsvDiscard)}</button>
                <button type="button" class="button primary" data-testid="csv-check"
                    disabled=move || im.work.get() != Work::Idle || !missing.with(Vec::is_empty)
                    on:click=move |_| im.check(Vec::new())>{move || state.t(Msg::CsvCheck)}</button>
            </div>
        </div>
    }
}
