//! After-sales on the customer page: repairs (维修) with the core's states (being repaired →
//! awaiting the customer's feedback → closed), each with its due day, created and moved on
//! through `edits::{create_repair, edit_repair}`; and the customer's returns and exchanges
//! (`visits::returns_of`), which are recorded on the original sales line of the sales section
//! (never more than was sold, `model::validate::return_line`).

use super::{focus, staff_name, staff_options};
use crate::i18n::{format_date, format_money, format_qty, Msg};
use crate::model::service::Repair;
use crate::model::validate::FieldError;
use crate::model::{Id, Record};
use crate::search::pinyin_sort_key;
use crate::service::edits::{create_repair, edit_repair};
use crate::service::visit_forms::{parse_repair_form, repair_form, RepairForm};
use crate::service::visits::{repair_due, repair_state, repairs_of, returns_of, RepairState};
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::collections::HashMap;

fn state_key(s: RepairState) -> &'static str {
    match s {
        RepairState::Open => "open",
        RepairState::AwaitingFeedback => "awaiting_feedback",
        RepairState::Closed => "closed",
    }
}

#[component]
pub fn AfterSales(customer: Id) -> impl IntoView {
    let state = use_app();
    view! {
        <div class="cs-block" data-testid="cs-after-sales">
            <h3>{move || state.t(Msg::DfAfterSales)}</h3>
            <Repairs customer=customer />
            <Returns customer=customer />
        </div>
    }
}

#[component]
fn Repairs(customer: Id) -> impl IntoView {
    let state = use_app();
    let settings = super::settings_of(state);
    let list = Memo::new(move |_| {
        state.data.with(|d| repairs_of(d, customer).into_iter().cloned().collect::<Vec<Record<Repair>>>())
    });
    let product_names = Memo::new(move |_| {
        state
            .data
            .with(|d| d.products.all().iter().map(|p| (p.id, p.data.name.clone())).collect::<HashMap<Id, String>>())
    });
    let product_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> = state.data.with(|d| {
            d.products.live().filter(|p| !p.data.archived).map(|p| (p.id.to_string(), p.data.name.clone())).collect()
        });
        v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
        v.insert(0, (String::new(), state.t(Msg::NotSet).to_string()));
        v
    });
    let staff_choice = staff_options(state, Msg::NotSet);
    // None: closed; Some(None): a new repair; Some(Some(id)): editing that one.
    let editing = RwSignal::new(None::<Option<Id>>);
    let draft = RwSignal::new(RepairForm::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let open = move |id: Option<Id>, done_today: bool, focus_on: &'static str| {
        let current = id.and_then(|id| state.data.with_untracked(|d| d.repairs.get(&id).map(|r| r.data.clone())));
        let mut f = match current {
            Some(r) => repair_form(&r),
            None => RepairForm { received_on: browser::today().to_string(), ..RepairForm::default() },
        };
        if done_today && f.done_on.is_empty() {
            f.done_on = browser::today().to_string();
        }
        draft.set(f);
        errors.set(Vec::new());
        editing.set(Some(id));
        request_animation_frame(move || focus(focus_on, true));
    };
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        if saving.get_untracked() {
            return;
        }
        let today = browser::today();
        let f = draft.get_untracked();
        let batch = state.data.with_untracked(|d| {
            let new = parse_repair_form(&f, customer, d, today)?;
            match target.and_then(|id| d.repairs.get(&id)) {
                Some(current) => edit_repair(current, &new, browser::new_id(), d, today, state.origin()),
                None => create_repair(browser::new_id(), browser::new_id(), new, d, today, state.origin()).map(Some),
            }
        });
        finish_save(batch, errors, saving, move |changed| {
            editing.set(None);
            if changed {
                state.info(Msg::Saved, &[]);
            }
        });
    };
    let text = move |label: Msg,
                     name: &'static str,
                     field: &'static str,
                     get: fn(&RepairForm) -> String,
                     put: fn(&mut RepairForm, String),
                     kind: (&'static str, bool, bool)| {
        view! {
            <TextField label=label name=name input_type=kind.0 required=kind.1 multiline=kind.2
                value=Signal::derive(move || draft.with(get))
                on_input=Callback::new(move |v: String| draft.update(|f| put(f, v)))
                error=field_error(errors, field) />
        }
    };
    let select = move |label: Msg,
                       name: &'static str,
                       field: &'static str,
                       options: Signal<Vec<(String, String)>>,
                       get: fn(&RepairForm) -> Option<Id>,
                       put: fn(&mut RepairForm, Option<Id>)| {
        view! {
            <SelectField label=label name=name options=options
                value=Signal::derive(move || draft.with(|f| get(f).map(|x| x.to_string()).unwrap_or_default()))
                on_change=Callback::new(move |v: String| draft.update(|f| put(f, Id::parse(&v))))
                error=field_error(errors, field) />
        }
    };

    view! {
        <div class="section-head">
            <h4>{move || state.t(Msg::CsRepairs)}</h4>
            <button type="button" class="button" data-testid="cs-add-repair" on:click=move |_| open(None, false, "f-rp_problem")>
                {move || state.t(Msg::CsAddRepair)}
            </button>
        </div>
        {move || editing.get().map(|_| view! {
            <form class="card" novalidate=true data-testid="cs-repair-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="grid">
                    {select(Msg::SProduct, "rp_product", "product", product_options, |f| f.product, |f, v| f.product = v)}
                    {select(Msg::CsRepairStaff, "rp_staff", "staff", staff_choice, |f| f.staff, |f, v| f.staff = v)}
                    {text(Msg::CsReceivedOn, "rp_received_on", "received_on", |f| f.received_on.clone(), |f, v| f.received_on = v, ("date", true, false))}
                    {text(Msg::CsDoneOn, "rp_done_on", "done_on", |f| f.done_on.clone(), |f, v| f.done_on = v, ("date", false, false))}
                </div>
                <div class="grid cs-wide">
                    {text(Msg::CsProblem, "rp_problem", "problem", |f| f.problem.clone(), |f, v| f.problem = v, ("text", true, true))}
                    {text(Msg::CsFeedback, "rp_feedback", "feedback", |f| f.feedback.clone(), |f, v| f.feedback = v, ("text", false, true))}
                </div>
                {
                    let customer_error = field_error(errors, "customer");
                    move || customer_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })
                }
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                    <button type="submit" class="button primary" data-testid="cs-save-repair" disabled=move || saving.get()>{move || state.t(Msg::Save)}</button>
                </div>
            </form>
        })}
        {move || {
            let lang = state.lang.get();
            let all = list.get();
            if all.is_empty() {
                return view! { <p class="empty">{Msg::CsNoRepairs.text(lang)}</p> }.into_any();
            }
            let names = product_names.get();
            let today = browser::today();
            let s = settings.get();
            view! {
                <ul class="cs-cards">
                    {all.into_iter().map(|r| {
                        let id = r.id;
                        let st = repair_state(&r.data);
                        let due = repair_due(&r.data, &s);
                        let late = due.is_some_and(|d| d < today);
                        let product = r.data.product.and_then(|p| names.get(&p).cloned());
                        let who = staff_name(state, r.data.staff);
                        let dates = [
                            r.data.received_on.map(|x| format!("{} {}", Msg::CsReceivedOn.text(lang), format_date(x, lang))),
                            r.data.done_on.map(|x| format!("{} {}", Msg::CsDoneOn.text(lang), format_date(x, lang))),
                        ].into_iter().flatten().collect::<Vec<_>>().join(" · ");
                        let pill = if st == RepairState::Closed { "pill info" } else { "pill warn" };
                        view! {
                            <li class="cs-card" class:due=late data-testid="repair" data-state=state_key(st)>
                                <div class="cs-card-head">
                                    <strong class="cs-data" data-testid="repair-title">{product.map(|p| format!("{p} · ")).unwrap_or_default()}{r.data.problem.clone()}</strong>
                                    <span class=pill data-testid="repair-state">{st.label().text(lang)}</span>
                                    {due.map(|d| view! {
                                        <span class=if late { "pill warn overdue" } else { "muted" }>{Msg::CsRepairDue.with(lang, &[&format_date(d, lang)])}</span>
                                    })}
                                </div>
                                <p class="muted">{dates}{(!who.is_empty()).then(|| view! { " · " <span class="cs-data">{who}</span> })}</p>
                                {(!r.data.feedback.is_empty()).then(|| view! {
                                    <p>{super::timeline::labelled(lang, Msg::CsFeedback)}<span class="cs-data" data-testid="repair-feedback">{r.data.feedback.clone()}</span></p>
                                })}
                                <div class="actions left">
                                    {match st {
                                        RepairState::Open => Some(view! {
                                            <button type="button" class="button small primary" data-testid="repair-done"
                                                on:click=move |_| open(Some(id), true, "f-rp_done_on")>{Msg::CsMarkRepaired.text(lang)}</button>
                                        }.into_any()),
                                        RepairState::AwaitingFeedback => Some(view! {
                                            <button type="button" class="button small primary" data-testid="repair-feedback-action"
                                                on:click=move |_| open(Some(id), false, "f-rp_feedback")>{Msg::CsRecordFeedback.text(lang)}</button>
                                        }.into_any()),
                                        RepairState::Closed => None,
                                    }}
                                    <button type="button" class="button small" data-testid="repair-edit" on:click=move |_| open(Some(id), false, "f-rp_problem")>
                                        {Msg::Edit.text(lang)}
                                    </button>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

#[component]
fn Returns(customer: Id) -> impl IntoView {
    let state = use_app();
    let list = Memo::new(move |_| state.data.with(|d| returns_of(d, customer)));
    let product_names = Memo::new(move |_| {
        state
            .data
            .with(|d| d.products.all().iter().map(|p| (p.id, p.data.name.clone())).collect::<HashMap<Id, String>>())
    });
    view! {
        <div class="section-head">
            <h4>{move || state.t(Msg::CsReturns)}</h4>
            <button type="button" class="button" data-testid="cs-go-sales" on:click=move |_| focus("sales-h", false)>
                {move || state.t(Msg::CsGoToSales)}
            </button>
        </div>
        <p class="muted">{move || state.t(Msg::CsReturnsHint)}</p>
        {move || {
            let lang = state.lang.get();
            let all = list.get();
            if all.is_empty() {
                return view! { <p class="empty">{Msg::CsNoReturns.text(lang)}</p> }.into_any();
            }
            let names = product_names.get();
            view! {
                <ul class="plain-list cs-returns">
                    {all.into_iter().map(|r| {
                        let product = names.get(&r.product).cloned().unwrap_or_default();
                        let of = r.original_date.map(|d| Msg::CsReturnOf.with(lang, &[&format_date(d, lang)]));
                        view! {
                            <li data-testid="cs-return">
                                <span>{format_date(r.date, lang)}</span>
                                <span class="cs-data">{product}</span>
                                <span class="num">{format_qty(r.quantity)}</span>
                                <span class="num">{format_money(r.amount, "CNY", lang)}</span>
                                <span class="muted">{of}</span>
                                {(!r.note.is_empty()).then(|| view! { <span class="muted cs-data">{r.note.clone()}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}
