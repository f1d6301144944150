//! The firm's evaluation criteria and weights (DOMAIN.md §5), a section of the risk settings
//! page: rename each criterion (Chinese and English), change its weight, add and remove
//! criteria and sub-criteria (two levels at most), see what each level's weights add up to,
//! go back to the defaults (`model::org::default_scorecard`) and save with
//! `risk::edits::save_criteria` — nothing is written unless every level adds up to 100%.

use crate::i18n::{invalid_text, Msg};
use crate::model::org::{default_scorecard, Criterion};
use crate::model::validate::{FieldError, Invalid};
use crate::model::Id;
use crate::risk::edits::save_criteria;
use crate::risk::entry::{fresh_key, parse_score};
use crate::ui::browser;
use crate::ui::components::field::finish_save;
use crate::ui::pages::scorecards::criterion_name;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// One criterion being edited: its fields as typed, each its own signal, so typing does not
/// redraw the list.
#[derive(Clone, Copy)]
struct Row {
    uid: u32,
    key: StoredValue<String>,
    name_zh: RwSignal<String>,
    name_en: RwSignal<String>,
    weight: RwSignal<String>,
    weight_error: RwSignal<Option<Invalid>>,
    sub: RwSignal<Vec<Row>>,
}

fn rows_of(criteria: &[Criterion], next: StoredValue<u32>) -> Vec<Row> {
    criteria
        .iter()
        .map(|c| {
            let uid = next.get_value();
            next.set_value(uid + 1);
            Row {
                uid,
                key: StoredValue::new(c.key.clone()),
                name_zh: RwSignal::new(c.name_zh.clone()),
                name_en: RwSignal::new(c.name_en.clone()),
                weight: RwSignal::new(c.weight_pct.to_string()),
                weight_error: RwSignal::new(None),
                sub: RwSignal::new(rows_of(&c.sub, next)),
            }
        })
        .collect()
}

/// The rows as criteria; an unreadable weight counts 0 and marks its row (`false` back).
fn criteria_of(rows: &[Row]) -> (Vec<Criterion>, bool) {
    let mut ok = true;
    let out = rows
        .iter()
        .map(|r| {
            let weight = match parse_score(&r.weight.get_untracked()) {
                Ok(Some(w)) => w,
                Ok(None) => {
                    r.weight_error.set(Some(Invalid::Required));
                    ok = false;
                    0
                }
                Err(e) => {
                    r.weight_error.set(Some(e));
                    ok = false;
                    0
                }
            };
            let (sub, sub_ok) = criteria_of(&r.sub.get_untracked());
            ok &= sub_ok;
            Criterion {
                key: r.key.get_value(),
                name_zh: r.name_zh.get_untracked().trim().to_string(),
                name_en: r.name_en.get_untracked().trim().to_string(),
                weight_pct: weight,
                sub,
            }
        })
        .collect();
    (out, ok)
}

/// Every key in use (weights not checked: nothing is marked).
fn keys_in(rows: &[Row]) -> Vec<Criterion> {
    rows.iter()
        .map(|r| Criterion { key: r.key.get_value(), sub: keys_in(&r.sub.get_untracked()), ..Criterion::default() })
        .collect()
}

/// The running sum of a level's weights, as typed.
#[component]
fn LevelSum(level: RwSignal<Vec<Row>>, testid: &'static str) -> impl IntoView {
    let state = use_app();
    let sum = move || {
        level.with(|rows| rows.iter().map(|r| parse_score(&r.weight.get()).ok().flatten().unwrap_or(0)).sum::<u32>())
    };
    view! {
        <p class=move || if sum() == 100 { "cr-sum ok" } else { "cr-sum off" } data-testid=testid data-sum=move || sum().to_string()>
            {move || {
                let s = sum().to_string();
                if sum() == 100 { Msg::ScSumOk.with(state.lang.get(), &[&s]) } else { Msg::ScSumOff.with(state.lang.get(), &[&s]) }
            }}
        </p>
    }
}

/// One criterion's fields and its remove button; at the top level, its sub-criteria too.
#[component]
fn CriterionRow(
    row: Row,
    level: RwSignal<Vec<Row>>,
    next: StoredValue<u32>,
    all: RwSignal<Vec<Row>>,
    dirty: RwSignal<bool>,
    top: bool,
) -> AnyView {
    let state = use_app();
    let id = |part: &str| format!("f-crit-{}-{part}", row.uid);
    let (zh_id, en_id, w_id) = (id("zh"), id("en"), id("weight"));
    let w_err = format!("{w_id}-error");
    let remove = move |_| {
        dirty.set(true);
        level.update(|rs| rs.retain(|r| r.uid != row.uid));
    };
    let add_sub = move |_| {
        dirty.set(true);
        let key = fresh_key(&keys_in(&all.get_untracked()));
        let fresh = Criterion {
            key,
            weight_pct: if row.sub.with_untracked(Vec::is_empty) { 100 } else { 0 },
            ..Criterion::default()
        };
        let new = rows_of(&[fresh], next);
        row.sub.update(|s| s.extend(new));
    };
    let error = Signal::derive(move || row.weight_error.get().map(|e| invalid_text(e, state.lang.get())));
    view! {
        <div class=if top { "cr-row" } else { "cr-row sub" } data-testid="criterion" data-key=row.key.get_value()>
            <div class="grid cr-fields">
                <div class="field">
                    <label for=zh_id.clone()>{move || state.t(Msg::ScNameZh)}</label>
                    <input id=zh_id type="text" prop:value=move || row.name_zh.get() on:input=move |ev| row.name_zh.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for=en_id.clone()>{move || state.t(Msg::ScNameEn)}</label>
                    <input id=en_id type="text" prop:value=move || row.name_en.get() on:input=move |ev| row.name_en.set(event_target_value(&ev)) />
                </div>
                <div class="field cr-weight" class:invalid=move || error.get().is_some()>
                    <label for=w_id.clone()>{move || state.t(Msg::ScWeightPct)}</label>
                    <input id=w_id type="text" inputmode="numeric" maxlength="4" aria-describedby=w_err.clone()
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                        prop:value=move || row.weight.get()
                        on:input=move |ev| {
                            row.weight_error.set(None);
                            row.weight.set(event_target_value(&ev));
                        } />
                    <p class="field-error" id=w_err role="alert">{move || error.get()}</p>
                </div>
                <div class="cr-buttons">
                    <button type="button" class="button" data-testid="remove-criterion" on:click=remove>{move || state.t(Msg::ScRemove)}</button>
                    {top.then(|| view! {
                        <button type="button" class="button" data-testid="add-sub" on:click=add_sub>{move || state.t(Msg::ScAddSub)}</button>
                    })}
                </div>
            </div>
            {top.then(|| view! {
                {move || (!row.sub.with(Vec::is_empty)).then(|| view! {
                    <div class="cr-subs">
                        <p class="cr-subs-head">{move || {
                            let c = Criterion { name_zh: row.name_zh.get(), name_en: row.name_en.get(), ..Criterion::default() };
                            Msg::ScSubOf.with(state.lang.get(), &[&criterion_name(&c, state.lang.get())])
                        }}</p>
                        {move || row.sub.get().into_iter().map(|s| view! {
                            <CriterionRow row=s level=row.sub next=next all=all dirty=dirty top=false />
                        }).collect_view()}
                        <LevelSum level=row.sub testid="criteria-sub-sum" />
                    </div>
                })}
            })}
        </div>
    }
    .into_any()
}

#[component]
pub fn CriteriaEditor() -> impl IntoView {
    let state = use_app();
    let next = StoredValue::new(0u32);
    let saved = Memo::new(move |_| state.data.with(|d| d.firm_settings().scorecard));
    let rows = RwSignal::new(rows_of(&saved.get_untracked(), next));
    // Until the user changes something, follow what is stored (loaded, or changed elsewhere).
    let dirty = RwSignal::new(false);
    Effect::new(move |_| {
        let s = saved.get();
        if !dirty.get_untracked() {
            rows.set(rows_of(&s, next));
        }
    });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);

    let add = move |_| {
        dirty.set(true);
        let fresh = Criterion { key: fresh_key(&keys_in(&rows.get_untracked())), ..Criterion::default() };
        let new = rows_of(&[fresh], next);
        rows.update(|r| r.extend(new));
    };
    let reset = move |_| {
        dirty.set(true);
        errors.set(Vec::new());
        rows.set(rows_of(&default_scorecard(), next));
        state.info(Msg::ScResetDone, &[]);
    };
    let submit = move || {
        let (criteria, readable) = criteria_of(&rows.get_untracked());
        if !readable {
            state.error(Msg::ErrFixFields);
            return;
        }
        let current = state.data.with_untracked(|d| d.settings.get(&Id::NIL).cloned());
        let outcome = save_criteria(current.as_ref(), criteria, browser::new_id(), state.origin());
        finish_save(outcome, errors, saving, move |changed| {
            dirty.set(false);
            state.info(if changed { Msg::Saved } else { Msg::ScUnchanged }, &[]);
        });
    };
    let level_error = move |field: &'static str| {
        move || {
            let lang = state.lang.get();
            errors.with(|es| {
                es.iter()
                    .filter(|e| e.field == field)
                    .map(|e| invalid_text(e.problem, lang))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }
    };

    view! {
        <section class="page section" aria-labelledby="criteria-h" data-testid="criteria-editor">
            <h2 id="criteria-h">{move || state.t(Msg::ScCriteriaTitle)}</h2>
            <p class="muted">{move || state.t(Msg::ScCriteriaHint)}</p>
            <form class="record cr-form" novalidate=true
                on:input=move |_| dirty.set(true)
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }>
                {move || rows.get().into_iter().map(|r| view! {
                    <CriterionRow row=r level=rows next=next all=rows dirty=dirty top=true />
                }).collect_view()}
                <LevelSum level=rows testid="criteria-sum" />
                <p class="field-error" role="alert" data-testid="criteria-error">{level_error("criteria")}</p>
                <p class="field-error" role="alert" data-testid="criteria-sub-error">{level_error("criteria.sub")}</p>
                <div class="actions">
                    <button type="button" class="button" data-testid="add-criterion" on:click=add>{move || state.t(Msg::ScAddCriterion)}</button>
                    <button type="button" class="button" data-testid="reset-criteria" on:click=reset>{move || state.t(Msg::SetReset)}</button>
                    <button type="submit" class="button primary" data-testid="save-criteria" disabled=move || saving.get()>
                        {move || state.t(Msg::ScSaveCriteria)}
                    </button>
                </div>
            </form>
        </section>
    }
}
