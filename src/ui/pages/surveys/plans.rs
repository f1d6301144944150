//! Improvement plans (改进计划): topic, responsible person, department, actions, opened and due
//! dates; the open ones (overdue flagged) and the closed ones; editing, and closing with the
//! outcome. Checked and written by `service::edits::{create,edit,close}_improvement_plan`. A plan
//! drafted for a shortfall on the targets tab arrives here prefilled, trigger key included.

use super::{commit_then, Shared};
use crate::i18n::{format_date, Msg};
use crate::model::service::ImprovementPlan;
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Id, Record};
use crate::search::pinyin_sort_key;
use crate::service::edits::{close_improvement_plan, create_improvement_plan, edit_improvement_plan};
use crate::service::satisfaction::{plan_state, PlanState};
use crate::ui::browser;
use crate::ui::components::field::{field_error, SelectField, TextField};
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

/// A typed day: empty is none; anything else must be a date.
fn parse_day(text: &str, field: &'static str, errs: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match t.parse() {
        Ok(d) => Some(d),
        Err(_) => {
            errs.push(FieldError { field, problem: Invalid::Date });
            None
        }
    }
}

fn day_text(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

#[component]
pub(crate) fn Plans(shared: Shared) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let show_closed = RwSignal::new(false);
    let editing = RwSignal::new(None::<Option<Id>>);
    let draft = RwSignal::new(ImprovementPlan::default());
    let opened_text = RwSignal::new(String::new());
    let due_text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let closing = RwSignal::new(None::<Id>);
    let closed_text = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let close_errors = RwSignal::new(Vec::<FieldError>::new());

    let start = move |id: Option<Id>, plan: ImprovementPlan| {
        opened_text.set(day_text(plan.opened_on));
        due_text.set(day_text(plan.due));
        draft.set(plan);
        errors.set(Vec::new());
        editing.set(Some(id));
        closing.set(None);
        request_animation_frame(|| super::focus_id("f-su_plan_topic"));
    };
    // A plan drafted for a shortfall opens the form at once.
    Effect::new(move |_| {
        if let Some(plan) = shared.pending_plan.get() {
            shared.pending_plan.set(None);
            start(None, plan);
        }
    });
    let plans = Memo::new(move |_| {
        let closed = show_closed.get();
        state.data.with(|d| {
            let mut v: Vec<Record<ImprovementPlan>> =
                d.improvement_plans.live().filter(|p| p.data.closed_on.is_some() == closed).cloned().collect();
            // Open: the most urgent first; closed: the latest closed first.
            v.sort_by(|a, b| {
                if closed {
                    b.data.closed_on.cmp(&a.data.closed_on)
                } else {
                    a.data.due.unwrap_or(NaiveDate::MAX).cmp(&b.data.due.unwrap_or(NaiveDate::MAX))
                }
                .then(a.id.cmp(&b.id))
            });
            v
        })
    });
    let counts = Memo::new(move |_| {
        state.data.with(|d| {
            let open: Vec<_> = d.improvement_plans.live().filter(|p| p.data.closed_on.is_none()).collect();
            let overdue =
                open.iter().filter(|p| matches!(plan_state(&p.data, today), PlanState::Due(n) if n > 0)).count();
            (open.len(), overdue)
        })
    });
    let departments = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<(String, String)> =
                d.departments.live().map(|x| (x.id.to_string(), x.data.name.clone())).collect();
            v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
            v
        })
    });
    let staff_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> = state.data.with(|d| {
            d.staff.live().filter(|s| !s.data.archived).map(|s| (s.id.to_string(), s.data.name.clone())).collect()
        });
        v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
        v.insert(0, (String::new(), state.t(Msg::NotSet).to_string()));
        v
    });
    let dept_options = Signal::derive(move || {
        let mut v = departments.get();
        v.insert(0, (String::new(), state.t(Msg::NotSet).to_string()));
        v
    });
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        let mut errs = Vec::new();
        let mut p = draft.get_untracked();
        p.topic = p.topic.trim().to_string();
        p.actions = p.actions.trim().to_string();
        p.opened_on = parse_day(&opened_text.get_untracked(), "opened_on", &mut errs);
        p.due = parse_day(&due_text.get_untracked(), "due", &mut errs);
        let today = browser::today();
        let current = target.and_then(|id| state.data.with_untracked(|d| d.improvement_plans.get(&id).cloned()));
        let result = state.data.with_untracked(|d| match &current {
            Some(c) => edit_improvement_plan(c, &p, browser::new_id(), d, today, state.origin()),
            None => create_improvement_plan(browser::new_id(), browser::new_id(), p.clone(), d, today, state.origin())
                .map(Some),
        });
        match result {
            Ok(batch) if errs.is_empty() => match batch {
                Some(batch) => commit_then(state, batch, move || {
                    editing.set(None);
                    show_closed.set(false);
                    state.info(Msg::Saved, &[]);
                }),
                None => editing.set(None),
            },
            Ok(_) => errors.set(errs),
            Err(mut e) => {
                // A date that could not be read is reported once, as unreadable.
                e.retain(|x| !errs.iter().any(|y| y.field == x.field));
                e.extend(errs);
                errors.set(e);
            }
        }
    };
    let close = move || {
        let Some(id) = closing.get_untracked() else { return };
        let Some(current) = state.data.with_untracked(|d| d.improvement_plans.get(&id).cloned()) else { return };
        let mut errs = Vec::new();
        let Some(day) = parse_day(&closed_text.get_untracked(), "closed_on", &mut errs) else {
            if errs.is_empty() {
                errs.push(FieldError { field: "closed_on", problem: Invalid::Required });
            }
            close_errors.set(errs);
            return;
        };
        let today = browser::today();
        let result = state.data.with_untracked(|d| {
            close_improvement_plan(&current, day, &outcome.get_untracked(), browser::new_id(), d, today, state.origin())
        });
        match result {
            Ok(Some(batch)) => commit_then(state, batch, move || {
                closing.set(None);
                state.info(Msg::SuPlanClosedNotice, &[]);
            }),
            Ok(None) => closing.set(None),
            Err(e) => close_errors.set(e),
        }
    };

    let form = move || {
        editing.get().map(|target| {
            view! {
                <form class="card su-plan-form" novalidate=true data-testid="su-plan-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <h3>{move || state.t(if target.is_some() { Msg::SuEditPlan } else { Msg::SuNewPlan })}</h3>
                    <div class="grid">
                        <TextField label=Msg::SuPlanTopic name="su_plan_topic" required=true
                            value=Signal::derive(move || draft.with(|p| p.topic.clone()))
                            on_input=Callback::new(move |v: String| draft.update(|p| p.topic = v))
                            error=field_error(errors, "topic") />
                        <SelectField label=Msg::CpResponsible name="su_plan_responsible" options=staff_options
                            value=Signal::derive(move || draft.with(|p| p.responsible.map(|s| s.to_string()).unwrap_or_default()))
                            on_change=Callback::new(move |v: String| draft.update(|p| p.responsible = Id::parse(&v)))
                            error=field_error(errors, "responsible") />
                        <SelectField label=Msg::SuDepartment name="su_plan_department" options=dept_options
                            value=Signal::derive(move || draft.with(|p| p.department.map(|s| s.to_string()).unwrap_or_default()))
                            on_change=Callback::new(move |v: String| draft.update(|p| p.department = Id::parse(&v)))
                            error=field_error(errors, "department") />
                        <TextField label=Msg::SuOpenedOn name="su_plan_opened" input_type="date" required=true
                            value=Signal::derive(move || opened_text.get())
                            on_input=Callback::new(move |v: String| opened_text.set(v))
                            error=field_error(errors, "opened_on") />
                        <TextField label=Msg::SuDue name="su_plan_due" input_type="date" required=true
                            value=Signal::derive(move || due_text.get())
                            on_input=Callback::new(move |v: String| due_text.set(v))
                            error=field_error(errors, "due") />
                    </div>
                    <TextField label=Msg::SuActions name="su_plan_actions" multiline=true required=true
                        value=Signal::derive(move || draft.with(|p| p.actions.clone()))
                        on_input=Callback::new(move |v: String| draft.update(|p| p.actions = v))
                        error=field_error(errors, "actions") />
                    {move || draft.with(|p| !p.trigger.is_empty()).then(|| view! { <p class="muted small">{move || state.t(Msg::SuPlanFromShortfall)}</p> })}
                    {move || staff_options.with(|o| o.len() <= 1).then(|| view! {
                        <p class="banner warn">{move || state.t(Msg::SuNoStaff)}" "<a href="#/staff">{move || state.t(Msg::NavStaff)}</a></p>
                    })}
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="su-save-plan">{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            }
        })
    };

    let close_form = move |id: Id| {
        view! {
            <form class="su-close-form" novalidate=true data-testid="su-close-form" on:submit=move |ev| { ev.prevent_default(); close(); }>
                <div class="grid">
                    <TextField label=Msg::SuClosedOn name="su_plan_closed" input_type="date" required=true
                        value=Signal::derive(move || closed_text.get())
                        on_input=Callback::new(move |v: String| closed_text.set(v))
                        error=field_error(close_errors, "closed_on") />
                </div>
                <TextField label=Msg::SuOutcome name="su_plan_outcome" multiline=true required=true
                    value=Signal::derive(move || outcome.get())
                    on_input=Callback::new(move |v: String| outcome.set(v))
                    error=field_error(close_errors, "outcome") />
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| closing.set(None)>{move || state.t(Msg::Cancel)}</button>
                    <button type="submit" class="button primary" data-testid="su-confirm-close" data-plan=id.to_string()>{move || state.t(Msg::SuClosePlan)}</button>
                </div>
            </form>
        }
    };

    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::SuPlansTitle)}</h2>
            <div class="actions">
                <button class="button" data-testid="su-new-plan" on:click=move |_| start(None, ImprovementPlan { opened_on: Some(browser::today()), ..ImprovementPlan::default() })>
                    {move || state.t(Msg::SuNewPlan)}
                </button>
            </div>
        </div>
        {form}
        <div class="tabs" role="group" aria-label=move || state.t(Msg::SuPlansTitle)>
            <button type="button" class="tab" data-testid="su-plans-open" aria-pressed=move || if show_closed.get() { "false" } else { "true" }
                on:click=move |_| show_closed.set(false)>
                {move || { let (n, _) = counts.get(); format!("{} ({n})", state.t(Msg::SvPlanOpen)) }}
            </button>
            <button type="button" class="tab" data-testid="su-plans-closed" aria-pressed=move || if show_closed.get() { "true" } else { "false" } on:click=move |_| show_closed.set(true)>
                {move || state.t(Msg::SvPlanClosed)}
            </button>
        </div>
        {move || { let (_, overdue) = counts.get(); (overdue > 0 && !show_closed.get()).then(|| view! {
            <p class="banner warn" data-testid="su-plans-overdue">{Msg::SuPlansOverdue.with(state.lang.get(), &[&overdue.to_string()])}</p>
        }) }}
        {move || {
            let lang = state.lang.get();
            let list = plans.get();
            if list.is_empty() {
                return view! { <p class="empty" data-testid="su-no-plans">{Msg::SuNoPlans.text(lang)}</p> }.into_any();
            }
            let names = state.staff_names.get();
            let depts = departments.get();
            view! {
                <ul class="su-plans" data-testid="su-plans">
                    {list.into_iter().map(|r| {
                        let id = r.id;
                        let p = r.data.clone();
                        let st = plan_state(&p, today);
                        let overdue = matches!(st, PlanState::Due(n) if n > 0);
                        let state_text = match st {
                            PlanState::Due(n) if n > 0 => format!("{} · {}", st.label().text(lang), Msg::SvDaysOverdue.with(lang, &[&n.to_string()])),
                            PlanState::Open => match p.due {
                                Some(due) => format!("{} · {}", st.label().text(lang), Msg::SvDaysLeft.with(lang, &[&(due - today).num_days().to_string()])),
                                None => st.label().text(lang).to_string(),
                            },
                            PlanState::Closed(d) => format!("{} · {}", st.label().text(lang), format_date(d, lang)),
                            _ => st.label().text(lang).to_string(),
                        };
                        let who = p.responsible.and_then(|s| names.get(&s).cloned()).unwrap_or_default();
                        let dept = p.department.and_then(|d| depts.iter().find(|(i, _)| *i == d.to_string()).map(|x| x.1.clone())).unwrap_or_default();
                        let for_edit = p.clone();
                        view! {
                            <li class="su-plan card" class:overdue=overdue data-testid="su-plan" data-state=if overdue { "overdue" } else if p.closed_on.is_some() { "closed" } else { "open" }>
                                <div class="section-head">
                                    <strong>{p.topic.clone()}</strong>
                                    <span class=if overdue { "badge" } else { "pill" } data-testid="su-plan-state">{state_text}</span>
                                </div>
                                <dl class="su-plan-facts">
                                    <dt>{Msg::CpResponsible.text(lang)}</dt><dd>{who}</dd>
                                    <dt>{Msg::SuDepartment.text(lang)}</dt><dd>{dept}</dd>
                                    <dt>{Msg::SuOpenedOn.text(lang)}</dt><dd>{p.opened_on.map(|d| format_date(d, lang)).unwrap_or_default()}</dd>
                                    <dt>{Msg::SuDue.text(lang)}</dt><dd>{p.due.map(|d| format_date(d, lang)).unwrap_or_default()}</dd>
                                </dl>
                                <p class="su-plan-actions-text">{p.actions.clone()}</p>
                                {(!p.outcome.is_empty()).then(|| view! { <p><b>{Msg::SuOutcome.text(lang)}": "</b>{p.outcome.clone()}</p> })}
                                {p.closed_on.is_none().then(|| view! {
                                    <div class="actions">
                                        <button class="button small" on:click=move |_| start(Some(id), for_edit.clone())>{Msg::Edit.text(lang)}</button>
                                        <button class="button small primary" data-testid="su-close-plan" on:click=move |_| {
                                            closed_text.set(browser::today().to_string());
                                            outcome.set(String::new());
                                            close_errors.set(Vec::new());
                                            editing.set(None);
                                            closing.set(Some(id));
                                        }>{Msg::SuClosePlan.text(lang)}</button>
                                    </div>
                                })}
                                {move || (closing.get() == Some(id)).then(|| close_form(id))}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
    }
}
