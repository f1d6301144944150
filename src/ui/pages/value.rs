//! 顾客让渡价值: assessments of a customer's or an offering's total value and total cost
//! (0–10 per component, rated by the staff on sliders), the list with value, cost and their
//! difference and, for each re-assessment, which of seed 001's five ways raised delivered value
//! (or that it fell); offerings compared side by side. The rules are `crate::value` (pure).

use crate::edits;
use crate::i18n::{format_date, Lang, Msg};
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::value::ValueAssessment;
use crate::model::{Id, Record};
use crate::route::{Route, ValueEdit, ValueView};
use crate::ui::browser;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::field::{field_error, TextField};
use crate::ui::state::{use_app, AppState};
use crate::value::{compare_offerings, latest, parse_rating, previous_for, steps, Change, Way, RATING_FIELDS};
use leptos::prelude::*;

fn value_link(customer: Option<Id>, edit: Option<ValueEdit>) -> String {
    Route::Value(ValueView { customer, edit }).to_hash()
}

fn customer_name(state: &AppState, id: Option<Id>) -> String {
    id.and_then(|id| state.data.with(|d| d.customers.get(&id).map(|c| c.data.name.clone()))).unwrap_or_default()
}

/// A change in words, with a class for its colour.
fn change_view(change: Option<Change>, lang: Lang) -> impl IntoView {
    let (class, text) = match change {
        None => ("va-change first", Msg::VaFirst.text(lang)),
        Some(c @ Change::Raised(_)) => ("va-change up", c.label().text(lang)),
        Some(c @ Change::Unchanged) => ("va-change flat", c.label().text(lang)),
        Some(c @ Change::Lowered) => ("va-change down", c.label().text(lang)),
    };
    view! { <span class=class data-testid="va-change">{text}</span> }
}

fn signed(n: i64) -> String {
    if n > 0 {
        format!("+{n}")
    } else {
        n.to_string()
    }
}

fn offering_text(offering: &str, lang: Lang) -> String {
    if offering.trim().is_empty() {
        Msg::VaNoOffering.text(lang).to_string()
    } else {
        offering.trim().to_string()
    }
}

#[component]
pub fn ValuePage() -> impl IntoView {
    let state = use_app();
    let view_state = Memo::new(move |_| match state.route.get() {
        Route::Value(v) => v,
        _ => ValueView::default(),
    });
    let customer = Memo::new(move |_| view_state.get().customer);
    view! {
        <section class="page value">
            <div class="page-head">
                <h1>{move || state.t(Msg::VaTitle)}</h1>
                <span class="spacer"></span>
                <a class="button primary" data-testid="new-assessment" href=move || value_link(customer.get(), Some(ValueEdit::New))>
                    {move || state.t(Msg::VaNew)}
                </a>
            </div>
            <p class="muted help">{move || state.t(Msg::VaIntro)}</p>
            {move || customer.get().map(|c| view! {
                <p class="banner info">
                    <span>{move || Msg::VaFilteredBy.with(state.lang.get(), &[&customer_name(&state, Some(c))])}</span>
                    <a class="button" href=format!("#/customer/{c}")>{move || state.t(Msg::Back)}</a>
                    <a class="button" href=value_link(None, None)>{move || state.t(Msg::ClearFilter)}</a>
                </p>
            })}
            {move || {
                let v = view_state.get();
                v.edit.map(|edit| view! { <AssessmentForm edit=edit customer=v.customer /> })
            }}
            <AssessmentList customer=customer />
            <OfferingComparison customer=customer />
            <WaysLegend />
        </section>
    }
}

/// The assessments, newest first, with value, cost, difference and the change since the
/// previous assessment of the same customer and offering.
#[component]
fn AssessmentList(customer: Memo<Option<Id>>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let only = customer.get();
        state.data.with(|d| {
            let step = steps(d.value_assessments.all());
            let mut list: Vec<(Record<ValueAssessment>, Option<Change>, String)> = d
                .value_assessments
                .live()
                .filter(|r| only.is_none_or(|c| r.data.customer == Some(c)))
                .map(|r| {
                    let name = r.data.customer.and_then(|c| d.customers.get(&c).map(|x| x.data.name.clone()));
                    (r.clone(), step.get(&r.id).and_then(|s| s.change), name.unwrap_or_default())
                })
                .collect();
            list.sort_by_key(|x| std::cmp::Reverse((x.0.data.date, x.0.created)));
            list
        })
    });
    view! {
        <h2>{move || state.t(Msg::VaList)}</h2>
        {move || {
            let lang = state.lang.get();
            let list = rows.get();
            if list.is_empty() {
                return view! { <p class="empty">{Msg::VaNone.text(lang)}</p> }.into_any();
            }
            let only = customer.get();
            view! {
                <ul class="va-list" data-testid="assessments">
                    {list.into_iter().map(|(r, change, name)| {
                        let a = &r.data;
                        view! {
                            <li class="va-row" data-testid="assessment">
                                <span class="va-when">{a.date.map(|d| format_date(d, lang)).unwrap_or_default()}</span>
                                <span class="va-what">
                                    <strong>{offering_text(&a.offering, lang)}</strong>
                                    {(!name.is_empty()).then(|| view! { <span class="muted">" · "{name}</span> })}
                                </span>
                                <span class="va-figures">
                                    <span>{Msg::VaTotalValue.text(lang)}" "<b class="num">{a.total_value()}</b></span>
                                    <span>{Msg::VaTotalCost.text(lang)}" "<b class="num">{a.total_cost()}</b></span>
                                    <span>{Msg::VaDelivered.text(lang)}" "<b class="num" data-testid="va-delivered">{signed(a.delivered_value())}</b></span>
                                </span>
                                {change_view(change, lang)}
                                <a class="button" href=value_link(only, Some(ValueEdit::Existing(r.id)))>{Msg::Edit.text(lang)}</a>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// Offerings side by side: average value and cost as bars, and their difference.
#[component]
fn OfferingComparison(customer: Memo<Option<Id>>) -> impl IntoView {
    let state = use_app();
    let lines = Memo::new(move |_| {
        let only = customer.get();
        state.data.with(|d| compare_offerings(d.value_assessments.all(), only))
    });
    move || {
        let lang = state.lang.get();
        let lines = lines.get();
        (!lines.is_empty()).then(|| {
            view! {
                <h2>{Msg::VaCompare.text(lang)}</h2>
                <p class="muted">{Msg::VaCompareHint.text(lang)}</p>
                <ul class="va-compare" data-testid="offering-compare">
                    {lines.into_iter().map(|l| {
                        let pct = |x: f64| format!("width:{:.1}%", (x / 40.0 * 100.0).clamp(0.0, 100.0));
                        view! {
                            <li class="va-offering" data-testid="offering-line">
                                <div class="va-offering-head">
                                    <strong>{offering_text(&l.offering, lang)}</strong>
                                    <span class="muted">{format!("{} {}", Msg::VaCount.text(lang), l.assessments)}</span>
                                    <span class="spacer"></span>
                                    <span>{Msg::VaDelivered.text(lang)}" "<b class="num">{format!("{:+.1}", l.delivered)}</b></span>
                                </div>
                                <div class="va-bar-row">
                                    <span class="va-bar-label">{Msg::VaTotalValue.text(lang)}</span>
                                    <span class="va-track"><span class="va-bar value" style=pct(l.value)></span></span>
                                    <span class="num">{format!("{:.1}", l.value)}</span>
                                </div>
                                <div class="va-bar-row">
                                    <span class="va-bar-label">{Msg::VaTotalCost.text(lang)}</span>
                                    <span class="va-track"><span class="va-bar cost" style=pct(l.cost)></span></span>
                                    <span class="num">{format!("{:.1}", l.cost)}</span>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
        })
    }
}

#[component]
fn WaysLegend() -> impl IntoView {
    let state = use_app();
    view! {
        <details class="va-ways">
            <summary>{move || state.t(Msg::VaWays)}</summary>
            <ol>
                {Way::ALL.into_iter().map(|w| view! { <li>{move || state.t(w.label())}</li> }).collect_view()}
            </ol>
        </details>
    }
}

const RATING_LABELS: [Msg; 8] = [
    Msg::VaProduct,
    Msg::VaService,
    Msg::VaPersonnel,
    Msg::VaImage,
    Msg::VaMoney,
    Msg::VaTime,
    Msg::VaEnergy,
    Msg::VaEffort,
];

fn rating(a: &ValueAssessment, k: usize) -> u8 {
    [
        a.product_value,
        a.service_value,
        a.personnel_value,
        a.image_value,
        a.money_cost,
        a.time_cost,
        a.energy_cost,
        a.effort_cost,
    ][k]
}

fn set_rating(a: &mut ValueAssessment, k: usize, v: u8) {
    let slot = match k {
        0 => &mut a.product_value,
        1 => &mut a.service_value,
        2 => &mut a.personnel_value,
        3 => &mut a.image_value,
        4 => &mut a.money_cost,
        5 => &mut a.time_cost,
        6 => &mut a.energy_cost,
        _ => &mut a.effort_cost,
    };
    *slot = v;
}

/// The form of one assessment: customer (optional), offering, date, the eight ratings on
/// sliders, a note; value, cost and their difference shown live, with the change from the
/// previous assessment of the same customer and offering.
#[component]
fn AssessmentForm(edit: ValueEdit, customer: Option<Id>) -> impl IntoView {
    let state = use_app();
    let stored = match edit {
        ValueEdit::Existing(id) => {
            state.data.with_untracked(|d| d.value_assessments.get(&id).filter(|r| !r.is_deleted()).cloned())
        }
        ValueEdit::New => None,
    };
    if let (ValueEdit::Existing(_), None) = (edit, &stored) {
        return view! { <p class="empty">{move || state.t(Msg::VaNone)}</p> }.into_any();
    }
    let today = browser::today();
    let initial = stored.as_ref().map(|r| r.data.clone()).unwrap_or_else(|| ValueAssessment {
        customer,
        date: Some(today),
        product_value: 5,
        service_value: 5,
        personnel_value: 5,
        image_value: 5,
        money_cost: 5,
        time_cost: 5,
        energy_cost: 5,
        effort_cost: 5,
        ..ValueAssessment::default()
    });
    let date_text = RwSignal::new(initial.date.map(|d| d.to_string()).unwrap_or_default());
    let draft = RwSignal::new(initial);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let confirm_delete = RwSignal::new(false);
    let this = stored.as_ref().map(|r| (r.id, r.created));
    let close = move || state.go(Route::Value(ValueView { customer, edit: None }));

    let previous_change = Memo::new(move |_| {
        let a = draft.get();
        state
            .data
            .with(|d| previous_for(d.value_assessments.all(), &a, this).map(|p| crate::value::change(&p.data, &a)))
    });
    let offerings = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<String> = d
                .value_assessments
                .live()
                .map(|r| r.data.offering.trim().to_string())
                .filter(|o| !o.is_empty())
                .collect();
            v.sort();
            v.dedup();
            v
        })
    });

    let save = move || {
        let mut a = draft.get_untracked();
        a.offering = a.offering.trim().to_string();
        a.note = a.note.trim().to_string();
        let text = date_text.get_untracked();
        let unreadable_date = !text.trim().is_empty() && parse_date(&text).is_none();
        a.date = parse_date(&text);
        let known = |id: &Id| state.data.with_untracked(|d| d.customers.get(id).is_some_and(|c| !c.is_deleted()));
        let mut errs = crate::value::validate(&a, today, known);
        if unreadable_date {
            // "Required" would be wrong: something was typed, it is just not a date.
            errs.retain(|e| e.field != "date");
            errs.push(FieldError { field: "date", problem: Invalid::Date });
        }
        if !errs.is_empty() {
            errors.set(errs);
            state.error(Msg::ErrFixFields);
            return;
        }
        errors.set(Vec::new());
        let o = state.origin();
        let current = this.and_then(|(id, _)| state.data.with_untracked(|d| d.value_assessments.get(&id).cloned()));
        let batch = match current {
            Some(c) => edits::edit_assessment(&c, &a, browser::new_id(), o),
            None => Some(edits::create_assessment(browser::new_id(), browser::new_id(), a, o)),
        };
        leptos::task::spawn_local(async move {
            let ok = match batch {
                Some(b) => state.commit(b).await.is_ok(),
                None => true,
            };
            if ok {
                state.info(Msg::Saved, &[]);
                close();
            }
        });
    };
    let delete = move || {
        let Some((id, _)) = this else { return };
        let Some(current) = state.data.with_untracked(|d| d.value_assessments.get(&id).cloned()) else { return };
        let o = state.origin();
        let batch = edits::delete_assessment(&current, browser::new_id(), o);
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                state.info(Msg::VaDeleted, &[]);
                close();
            }
        });
    };
    let title = if this.is_some() { Msg::VaEdit } else { Msg::VaNew };
    let slider = move |k: usize| {
        let field = RATING_FIELDS[k];
        let id = format!("f-{field}");
        let label = RATING_LABELS[k];
        view! {
            <div class="field va-slider" class:invalid=move || errors.with(|e| e.iter().any(|e| e.field == field))>
                <label for=id.clone()>
                    <span>{move || state.t(label)}</span>
                    <output for=id.clone() class="va-rating num" data-testid=format!("out-{field}")>{move || draft.with(|a| rating(a, k))}</output>
                </label>
                <input type="range" id=id.clone() name=field min="0" max="10" step="1"
                    aria-valuetext=move || Msg::VaRatingOf.with(state.lang.get(), &[state.t(label), &draft.with(|a| rating(a, k)).to_string()])
                    prop:value=move || draft.with(|a| rating(a, k)).to_string()
                    on:input=move |ev| {
                        if let Ok(v) = parse_rating(&event_target_value(&ev)) {
                            draft.update(|a| set_rating(a, k, v));
                        }
                    } />
                <p class="field-error" role="alert">{field_error(errors, field)}</p>
            </div>
        }
    };

    view! {
        <form class="card va-form" novalidate=true data-testid="assessment-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <h2>{move || state.t(title)}</h2>
            <div class="grid">
                <CustomerPicker label=Msg::VaCustomer search_label=Msg::VaCustomerSearch name="va_customer"
                    value=Signal::derive(move || draft.with(|a| a.customer))
                    on_change=Callback::new(move |c| draft.update(|a| a.customer = c))
                    error=field_error(errors, "customer") />
                <div class="field" class:invalid=move || errors.with(|e| e.iter().any(|e| e.field == "offering"))>
                    <label for="f-offering">{move || state.t(Msg::VaOffering)}</label>
                    <input id="f-offering" name="offering" type="text" list="va-offerings" autocomplete="off"
                        placeholder=move || state.t(Msg::VaOfferingHint)
                        aria-describedby="f-offering-error"
                        prop:value=move || draft.with(|a| a.offering.clone())
                        on:input=move |ev| draft.update(|a| a.offering = event_target_value(&ev)) />
                    <datalist id="va-offerings">
                        {move || offerings.get().into_iter().map(|o| view! { <option value=o></option> }).collect_view()}
                    </datalist>
                    <p class="field-error" id="f-offering-error" role="alert">{field_error(errors, "offering")}</p>
                </div>
                <TextField label=Msg::VaDate name="date" input_type="date" required=true
                    value=Signal::derive(move || date_text.get())
                    on_input=Callback::new(move |v: String| date_text.set(v))
                    error=field_error(errors, "date") />
            </div>
            <div class="va-groups">
                <fieldset class="va-group">
                    <legend>{move || state.t(Msg::VaValueGroup)}</legend>
                    {(0..4).map(slider).collect_view()}
                </fieldset>
                <fieldset class="va-group">
                    <legend>{move || state.t(Msg::VaCostGroup)}</legend>
                    {(4..8).map(slider).collect_view()}
                </fieldset>
            </div>
            <div class="va-totals" role="status" aria-live="polite">
                <span>{move || state.t(Msg::VaTotalValue)}" "<b class="num" data-testid="va-total-value">{move || draft.with(|a| a.total_value())}</b></span>
                <span>{move || state.t(Msg::VaTotalCost)}" "<b class="num" data-testid="va-total-cost">{move || draft.with(|a| a.total_cost())}</b></span>
                <span>{move || state.t(Msg::VaDelivered)}" "<b class="num" data-testid="va-total-delivered">{move || signed(draft.with(|a| a.delivered_value()))}</b></span>
                <span>{move || state.t(Msg::VaChange)}" "{move || change_view(previous_change.get(), state.lang.get())}</span>
            </div>
            <TextField label=Msg::VaNote name="note" multiline=true
                value=Signal::derive(move || draft.with(|a| a.note.clone()))
                on_input=Callback::new(move |v: String| draft.update(|a| a.note = v))
                error=field_error(errors, "note") />
            <div class="actions">
                {this.map(|_| view! {
                    <button type="button" class="button danger" data-testid="delete-assessment" on:click=move |_| confirm_delete.set(true)>{move || state.t(Msg::Delete)}</button>
                })}
                <span class="spacer"></span>
                <button type="button" class="button" on:click=move |_| close()>{move || state.t(Msg::Cancel)}</button>
                <button type="submit" class="button primary" data-testid="save-assessment">{move || state.t(Msg::Save)}</button>
            </div>
            <ConfirmDialog
                open=confirm_delete
                message=Signal::derive(move || state.t(Msg::VaDeleteConfirm).to_string())
                on_confirm=Callback::new(move |_| delete())
                confirm_label=Msg::Delete
            />
        </form>
    }
    .into_any()
}

/// The customer's latest assessment of each offering, for the customer page.
#[component]
pub fn ValueSummary(customer: Id) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        state.data.with(|d| {
            let step = steps(d.value_assessments.all());
            latest(d.value_assessments.all(), Some(customer))
                .into_iter()
                .map(|r| (r.data.clone(), step.get(&r.id).and_then(|s| s.change)))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <section class="page value-summary" data-testid="value-summary">
            <div class="section-head">
                <h2>{move || state.t(Msg::VaLatest)}</h2>
                <span class="actions">
                    <a class="button" href=value_link(Some(customer), None)>{move || state.t(Msg::VaShowAll)}</a>
                    <a class="button primary" data-testid="assess-value" href=value_link(Some(customer), Some(ValueEdit::New))>{move || state.t(Msg::VaAssess)}</a>
                </span>
            </div>
            {move || {
                let lang = state.lang.get();
                let list = rows.get();
                if list.is_empty() {
                    return view! { <p class="empty">{Msg::VaNone.text(lang)}</p> }.into_any();
                }
                view! {
                    <ul class="va-list">
                        {list.into_iter().map(|(a, change)| view! {
                            <li class="va-row">
                                <span class="va-when">{a.date.map(|d| format_date(d, lang)).unwrap_or_default()}</span>
                                <span class="va-what"><strong>{offering_text(&a.offering, lang)}</strong></span>
                                <span class="va-figures">
                                    <span>{Msg::VaTotalValue.text(lang)}" "<b class="num">{a.total_value()}</b></span>
                                    <span>{Msg::VaTotalCost.text(lang)}" "<b class="num">{a.total_cost()}</b></span>
                                    <span>{Msg::VaDelivered.text(lang)}" "<b class="num">{signed(a.delivered_value())}</b></span>
                                </span>
                                {change_view(change, lang)}
                            </li>
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
