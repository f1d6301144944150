//! One customer's plan for a month: the form (targets by product and spec with a quantity and
//! an amount, 1–50 rows; the schedule and the support promised), saved with
//! `risk::edits::save_plan` — each problem next to its box, nothing written on bad input — and
//! filled from `copy_plan` (last month, or last year); its progress underneath.

use super::month_text;
use super::progress::PlanProgressView;
use crate::i18n::{invalid_text, Lang, Msg};
use crate::model::validate::{FieldError, Invalid};
use crate::model::Id;
use crate::risk::edits::save_plan;
use crate::risk::plan_form::{row_errors, ItemRow, PlanDraft, RowError};
use crate::risk::plans::{copy_plan, plan_for, CopyFrom};
use crate::route::{PlansQuery, Route};
use crate::search::pinyin_sort_key;
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, TextField};
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

/// The form keeps at most this many rows (the core refuses more).
const MAX_ROWS: usize = 50;

/// A row's problem in words: the two a plan's row most often has get their own sentence.
fn row_error_text(e: &RowError, lang: Lang) -> String {
    match (e.field, e.problem) {
        (_, Invalid::NotPositive) => Msg::PlNeedQtyOrAmount.text(lang).into(),
        ("product", Invalid::Required) => Msg::PlNeedProduct.text(lang).into(),
        (_, p) => invalid_text(p, lang),
    }
}

#[component]
pub(super) fn CustomerPlan(customer: Id, month: NaiveDate) -> impl IntoView {
    let state = use_app();
    let name = Memo::new(move |_| state.data.with(|d| crate::i18n::customer_name(d, &customer, state.lang.get())));
    if name.get_untracked().is_none() {
        return view! {
            <p class="empty">{move || state.t(Msg::CustomerNotFound)}</p>
            <a class="button" href=Route::Plans(PlansQuery { month: Some(month), customer: None }).to_hash()>
                {move || state.t(Msg::PlBackToList)}
            </a>
        }
        .into_any();
    }
    let list = Route::Plans(PlansQuery { month: Some(month), customer: None }).to_hash();
    let has_plan = Memo::new(move |_| state.data.with(|d| plan_for(d, customer, month).is_some()));
    view! {
        <div class="page-head">
            <h1 data-testid="plan-title">{move || {
                let lang = state.lang.get();
                Msg::PlPlanFor.with(lang, &[&name.get().unwrap_or_default(), &month_text(month, lang)])
            }}</h1>
            <span class="spacer"></span>
            <a class="button" href=Route::Customer(customer).to_hash()>{move || name.get()}</a>
            <a class="button" data-testid="plans-back" href=list>{move || state.t(Msg::PlBackToList)}</a>
        </div>
        {move || (!has_plan.get()).then(|| view! { <p class="muted" data-testid="plan-none">{move || state.t(Msg::PlNoPlanYet)}</p> })}
        <PlanForm customer=customer month=month />
        <PlanProgressView customer=customer month=month />
    }
    .into_any()
}

#[component]
fn PlanForm(customer: Id, month: NaiveDate) -> impl IntoView {
    let state = use_app();
    let initial = state
        .data
        .with_untracked(|d| plan_for(d, customer, month).map(|p| PlanDraft::of(&p.data)))
        .unwrap_or_else(PlanDraft::blank);
    let draft = RwSignal::new(initial.clone());
    let saved = StoredValue::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let row_errs = RwSignal::new(Vec::<RowError>::new());
    let saving = RwSignal::new(false);
    let copied = RwSignal::new(None::<Msg>);
    let has_plan = Memo::new(move |_| state.data.with(|d| plan_for(d, customer, month).is_some()));
    let dirty = move || draft.with(|d| *d != saved.get_value());
    let products = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<(String, String)> = d
                .products
                .live()
                .filter(|p| !p.data.archived)
                .map(|p| {
                    let label = if p.data.spec.is_empty() {
                        p.data.name.clone()
                    } else {
                        format!("{}（{}）", p.data.name, p.data.spec)
                    };
                    (p.id.to_string(), label)
                })
                .collect();
            v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
            v
        })
    });
    // A product no longer offered (archived) still shows in the rows that name it.
    let product_label = move |id: Id| {
        state.data.with_untracked(|d| d.products.get(&id).map(|p| p.data.name.clone())).unwrap_or_default()
    };
    let rows = Memo::new(move |_| draft.with(|d| d.items.len()));

    let copy = move |from: CopyFrom| match state.data.with_untracked(|d| copy_plan(d, customer, month, from)) {
        Some(p) => {
            let mut next = PlanDraft::of(&p);
            next.items.truncate(MAX_ROWS);
            draft.set(next);
            errors.set(Vec::new());
            row_errs.set(Vec::new());
            copied.set(Some(Msg::PlCopied));
            state.info(Msg::PlCopied, &[]);
        }
        None => {
            let msg = match from {
                CopyFrom::LastMonth => Msg::PlNothingLastMonth,
                CopyFrom::LastYear => Msg::PlNothingLastYear,
            };
            copied.set(Some(msg));
            state.info(msg, &[]);
        }
    };
    let save = move || {
        let typed = draft.get_untracked();
        let plan = match typed.read(customer, month) {
            Ok(p) => p,
            Err(bad) => {
                row_errs.set(bad);
                errors.set(Vec::new());
                state.error(Msg::ErrFixFields);
                return;
            }
        };
        let current = state.data.with_untracked(|d| plan_for(d, customer, month).cloned());
        let outcome = state.data.with_untracked(|d| {
            save_plan(browser::new_id(), browser::new_id(), current.as_ref(), plan.clone(), d, state.origin())
        });
        row_errs.set(if outcome.is_err() { state.data.with_untracked(|d| row_errors(&plan, d)) } else { Vec::new() });
        let stored = PlanDraft::of(&plan);
        finish_save(outcome, errors, saving, move |changed| {
            saved.set_value(stored.clone());
            draft.set(stored);
            copied.set(None);
            if changed {
                state.info(Msg::Saved, &[]);
            }
        });
    };
    let reset = move || {
        draft.set(saved.get_value());
        errors.set(Vec::new());
        row_errs.set(Vec::new());
        copied.set(None);
    };

    // One row of targets: product, spec, quantity, amount, and its remove button.
    let row = move |i: usize| {
        let id = move |what: &str| format!("f-item-{i}-{what}");
        let err_id = id("error");
        let bad = move |field: &'static str| {
            move || {
                let b = row_errs.with(|es| es.iter().any(|e| e.row == i && e.field == field));
                if b {
                    "true"
                } else {
                    "false"
                }
            }
        };
        let get = move |f: fn(&ItemRow) -> String| move || draft.with(|d| d.items.get(i).map(f).unwrap_or_default());
        let put = move |f: fn(&mut ItemRow, String)| {
            move |ev: leptos::ev::Event| {
                let v = event_target_value(&ev);
                draft.update(|d| {
                    if let Some(r) = d.items.get_mut(i) {
                        f(r, v);
                    }
                })
            }
        };
        let chosen = move || draft.with(|d| d.items.get(i).and_then(|r| r.product));
        let options = move || {
            let current = chosen();
            let mut v = products.get();
            if let Some(c) = current {
                if !v.iter().any(|(id, _)| *id == c.to_string()) {
                    v.push((c.to_string(), product_label(c)));
                }
            }
            let current = current.map(|c| c.to_string()).unwrap_or_default();
            let blank = current.is_empty();
            let rest = v
                .into_iter()
                .map(|(value, text)| {
                    let selected = value == current;
                    view! { <option value=value selected=selected>{text}</option> }
                })
                .collect_view();
            view! { <option value="" selected=blank>"—"</option> {rest} }
        };
        let message = move || {
            let lang = state.lang.get();
            row_errs.with(|es| {
                es.iter().filter(|e| e.row == i).map(|e| row_error_text(e, lang)).collect::<Vec<_>>().join("；")
            })
        };
        view! {
            <div class="pl-item" data-testid="plan-item" role="group"
                aria-label=move || Msg::PlRow.with(state.lang.get(), &[&(i + 1).to_string()])>
                <div class="field" class:invalid=move || bad("product")() == "true">
                    <label for=id("product")>{move || state.t(Msg::SProduct)}</label>
                    <select id=id("product") aria-describedby=err_id.clone() aria-invalid=bad("product")
                        prop:value=move || chosen().map(|c| c.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = Id::parse(&event_target_value(&ev));
                            draft.update(|d| if let Some(r) = d.items.get_mut(i) { r.product = v; });
                        }>
                        {options}
                    </select>
                </div>
                <div class="field" class:invalid=move || bad("spec")() == "true">
                    <label for=id("spec")>{move || state.t(Msg::SSpec)}</label>
                    <input id=id("spec") aria-describedby=err_id.clone() aria-invalid=bad("spec")
                        prop:value=get(|r| r.spec.clone()) on:input=put(|r, v| r.spec = v) />
                </div>
                <div class="field" class:invalid=move || bad("quantity")() == "true">
                    <label for=id("quantity")>{move || state.t(Msg::SQuantity)}</label>
                    <input id=id("quantity") inputmode="decimal" aria-describedby=err_id.clone() aria-invalid=bad("quantity")
                        prop:value=get(|r| r.quantity.clone()) on:input=put(|r, v| r.quantity = v) />
                </div>
                <div class="field" class:invalid=move || bad("amount")() == "true">
                    <label for=id("amount")>{move || state.t(Msg::SAmount)}</label>
                    <input id=id("amount") inputmode="decimal" aria-describedby=err_id.clone() aria-invalid=bad("amount")
                        prop:value=get(|r| r.amount.clone()) on:input=put(|r, v| r.amount = v) />
                </div>
                <button type="button" class="button ghost pl-remove" data-testid="remove-item"
                    aria-label=move || Msg::PlRemoveItem.with(state.lang.get(), &[&(i + 1).to_string()])
                    on:click=move |_| {
                        draft.update(|d| {
                            if i < d.items.len() {
                                d.items.remove(i);
                            }
                        });
                        row_errs.set(Vec::new());
                    }>
                    {move || state.t(Msg::Delete)}
                </button>
                <p class="field-error pl-item-error" id=err_id.clone() role="alert">{message}</p>
            </div>
        }
    };

    // The form's own errors about the items (none, or too many) when no row is to blame.
    let items_error = move || {
        let lang = state.lang.get();
        if row_errs.with(|r| !r.is_empty()) {
            return None;
        }
        errors.with(|es| {
            es.iter().find(|e| e.field == "items" || e.field == "month").map(|e| invalid_text(e.problem, lang))
        })
    };
    view! {
        <form class="pl-form" novalidate=true data-testid="plan-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <div class="actions left pl-copy">
                <button type="button" class="button" data-testid="copy-last-month" on:click=move |_| copy(CopyFrom::LastMonth)>
                    {move || state.t(Msg::PlCopyLastMonth)}
                </button>
                <button type="button" class="button" data-testid="copy-last-year" on:click=move |_| copy(CopyFrom::LastYear)>
                    {move || state.t(Msg::PlCopyLastYear)}
                </button>
                <span class="muted" role="status" data-testid="plan-copy-status">{move || copied.get().map(|m| state.t(m))}</span>
            </div>
            <fieldset>
                <legend>{move || state.t(Msg::PlItems)}</legend>
                <p class="hint">{move || state.t(Msg::PlItemsHint)}</p>
                <div class="pl-items">{move || (0..rows.get()).map(row).collect_view()}</div>
                <p class="field-error" id="f-items-error" role="alert">{items_error}</p>
                <div class="actions left">
                    <button type="button" class="button" data-testid="add-item" disabled=move || { rows.get() >= MAX_ROWS }
                        on:click=move |_| draft.update(|d| d.items.push(ItemRow::default()))>
                        {move || state.t(Msg::PlAddItem)}
                    </button>
                </div>
            </fieldset>
            <div class="grid">
                <TextField label=Msg::PlSchedule name="plan_schedule" multiline=true
                    value=Signal::derive(move || draft.with(|d| d.schedule.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.schedule = v))
                    error=field_error(errors, "schedule") />
                <TextField label=Msg::PlSupport name="plan_support" multiline=true
                    value=Signal::derive(move || draft.with(|d| d.support.clone()))
                    on_input=Callback::new(move |v: String| draft.update(|d| d.support = v))
                    error=field_error(errors, "support") />
            </div>
            <div class="actions">
                <button type="button" class="button" disabled=move || !dirty() on:click=move |_| reset()>
                    {move || state.t(Msg::Cancel)}
                </button>
                <button type="submit" class="button primary" data-testid="save-plan"
                    disabled=move || saving.get() || (has_plan.get() && !dirty())>
                    {move || if saving.get() { state.t(Msg::Saving) } else { state.t(Msg::PlSave) }}
                </button>
            </div>
        </form>
    }
}
