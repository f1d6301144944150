//! Yearly targets for the satisfaction index and rate, proposed at the "average-advanced" level
//! of past surveys (`service::satisfaction::proposed_target`), editable and saved in the service
//! settings; and the surveys below target (`shortfalls`), each with the improvement plan opened
//! for it or a button to open one (`draft_plan`, whose trigger key ties the two together).

use super::{pct, settings_of, tab_hash, Shared, Tab};
use crate::i18n::{format_percent, Msg};
use crate::model::validate::FieldError;
use crate::model::Id;
use crate::route::{Route, SurveysQuery};
use crate::service::edits::save_settings;
use crate::service::satisfaction::{draft_plan, plan_state, proposed_target, shortfalls, Shortfall};
use crate::service::settings::{parse_target_pct, target_pct_text};
use crate::service::{ServiceSettings, YearTarget};
use crate::ui::browser;
use crate::ui::components::field::{field_error, TextField};
use crate::ui::state::use_app;
use chrono::Datelike;
use leptos::prelude::*;
use std::collections::HashMap;

#[component]
pub(crate) fn Targets(shared: Shared) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let year = RwSignal::new(today.year());
    let settings = Memo::new(move |_| state.data.with(settings_of));
    let proposal = Memo::new(move |_| {
        let y = year.get();
        let s = settings.get();
        state.data.with(|d| proposed_target(d, y, &s))
    });
    let index_text = RwSignal::new(String::new());
    let rate_text = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    // The fields show the year's stored target when the year (or the stored value) changes.
    Effect::new(move |_| {
        let t = settings.with(|s| s.target(year.get()));
        index_text.set(target_pct_text(t.and_then(|t| t.index_bp)));
        rate_text.set(target_pct_text(t.and_then(|t| t.rate_bp)));
        errors.set(Vec::new());
    });
    let years = Memo::new(move |_| {
        let mut ys: Vec<i32> = state.data.with(|d| d.survey_responses.live().map(|f| f.data.date.year()).collect());
        ys.extend(settings.with(|s| s.targets.iter().map(|t| t.year).collect::<Vec<_>>()));
        ys.push(today.year());
        ys.push(today.year() + 1);
        ys.sort_unstable();
        ys.dedup();
        ys
    });
    let save = move || {
        let mut errs = Vec::new();
        let index = parse_target_pct(&index_text.get_untracked())
            .map_err(|p| errs.push(FieldError { field: "index", problem: p }));
        let rate = parse_target_pct(&rate_text.get_untracked())
            .map_err(|p| errs.push(FieldError { field: "rate", problem: p }));
        let (Ok(index_bp), Ok(rate_bp)) = (index, rate) else {
            errors.set(errs);
            return;
        };
        errors.set(Vec::new());
        let s = settings.get_untracked().with_target(YearTarget { year: year.get_untracked(), index_bp, rate_bp });
        let batch = state
            .data
            .with_untracked(|d| save_settings(d.settings.get(&Id::NIL), &s, browser::new_id(), state.origin()));
        match batch {
            Ok(Some(batch)) => super::commit_then(state, batch, move || state.info(Msg::SuTargetSaved, &[])),
            Ok(None) => state.info(Msg::SuTargetSaved, &[]),
            Err(errs) => errors.set(errs),
        }
    };
    let use_proposal = move |_| {
        let p = proposal.get_untracked().as_target();
        index_text.set(target_pct_text(p.index_bp));
        rate_text.set(target_pct_text(p.rate_bp));
    };
    view! {
        <h2>{move || state.t(Msg::SuTargetsTitle)}</h2>
        <form class="card su-targets" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
            <div class="grid">
                <div class="field">
                    <label for="f-su_target_year">{move || state.t(Msg::SuYear)}</label>
                    <select id="f-su_target_year" prop:value=move || year.get().to_string()
                        on:change=move |ev| if let Ok(y) = event_target_value(&ev).parse() { year.set(y) }>
                        {move || years.get().into_iter().map(|y| view! { <option value=y.to_string() selected=move || year.get() == y>{y}</option> }).collect_view()}
                    </select>
                </div>
                <TextField label=Msg::SuTargetIndex name="su_target_index" input_mode="decimal"
                    value=Signal::derive(move || index_text.get())
                    on_input=Callback::new(move |v: String| index_text.set(v))
                    error=field_error(errors, "index") />
                <TextField label=Msg::SuTargetRate name="su_target_rate" input_mode="decimal"
                    value=Signal::derive(move || rate_text.get())
                    on_input=Callback::new(move |v: String| rate_text.set(v))
                    error=field_error(errors, "rate") />
            </div>
            <p class="muted" data-testid="su-proposal">{move || {
                let lang = state.lang.get();
                let p = proposal.get();
                if p.surveys == 0 {
                    Msg::SuNoProposal.with(lang, &[&p.year.to_string()])
                } else {
                    Msg::SuProposal.with(lang, &[&p.surveys.to_string(), &pct(p.index), &pct(p.rate)])
                }
            }}</p>
            <div class="actions">
                <button type="button" class="button" data-testid="su-use-proposal" disabled=move || proposal.with(|p| p.surveys == 0) on:click=use_proposal>
                    {move || state.t(Msg::SuUseProposal)}
                </button>
                <button type="submit" class="button primary" data-testid="su-save-target">{move || state.t(Msg::Save)}</button>
            </div>
        </form>
        {move || {
            let lang = state.lang.get();
            let list = settings.with(|s| s.targets.clone());
            (!list.is_empty()).then(|| view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-target-list">
                        <thead><tr>
                            <th>{Msg::SuYear.text(lang)}</th>
                            <th class="num">{Msg::SuTargetIndex.text(lang)}</th>
                            <th class="num">{Msg::SuTargetRate.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().rev().map(|t| view! {
                                <tr>
                                    <td>{t.year}</td>
                                    <td class="num">{pct(t.index_bp.map(|b| f64::from(b) / 10_000.0))}</td>
                                    <td class="num">{pct(t.rate_bp.map(|b| f64::from(b) / 10_000.0))}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })
        }}
        <Shortfalls shared=shared settings=settings />
    }
}

#[component]
fn Shortfalls(shared: Shared, settings: Memo<ServiceSettings>) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let list = Memo::new(move |_| {
        let s = settings.get();
        state.data.with(|d| {
            let plans: HashMap<String, (Id, crate::model::service::ImprovementPlan)> = d
                .improvement_plans
                .live()
                .filter(|p| !p.data.trigger.is_empty())
                .map(|p| (p.data.trigger.clone(), (p.id, p.data.clone())))
                .collect();
            shortfalls(d, &s)
                .into_iter()
                .rev()
                .map(|x| {
                    let name = d.survey_templates.get(&x.template).map(|t| t.data.name.clone()).unwrap_or_default();
                    let plan = plans.get(&x.key()).cloned();
                    (name, x, plan)
                })
                .collect::<Vec<_>>()
        })
    });
    let open_plan = move |x: Shortfall, name: String| {
        let plan = draft_plan(&x, &name, state.lang.get_untracked(), browser::today());
        shared.pending_plan.set(Some(plan));
        let q = shared.query.get_untracked();
        state.go(Route::Surveys(SurveysQuery { tab: "plans".into(), ..q }));
    };
    view! {
        <h2>{move || state.t(Msg::SuShortfallsTitle)}</h2>
        {move || {
            let lang = state.lang.get();
            let list = list.get();
            if list.is_empty() {
                let any_target = settings.with(|s| !s.targets.is_empty());
                let text = if any_target { Msg::SuNoShortfalls } else { Msg::SuNoTargetsYet };
                return view! { <p class="empty" data-testid="su-no-shortfalls">{text.text(lang)}</p> }.into_any();
            }
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-shortfalls">
                        <thead><tr>
                            <th>{Msg::SuTemplate.text(lang)}</th>
                            <th>{Msg::SuPeriod.text(lang)}</th>
                            <th>{Msg::SuMeasure.text(lang)}</th>
                            <th class="num">{Msg::SuResult.text(lang)}</th>
                            <th class="num">{Msg::SuTarget.text(lang)}</th>
                            <th>{Msg::SuPlan.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|(name, x, plan)| {
                                let cell = match plan {
                                    Some((_, p)) => view! {
                                        <a class="pill" data-testid="su-shortfall-plan" href=tab_hash(Tab::Plans, None, None)>
                                            {format!("{} · {}", Msg::SuHasPlan.text(lang), plan_state(&p, today).label().text(lang))}
                                        </a>
                                    }.into_any(),
                                    None => {
                                        let (x2, n2) = (x.clone(), name.clone());
                                        view! {
                                            <button class="button small primary" data-testid="su-open-plan" on:click=move |_| open_plan(x2.clone(), n2.clone())>
                                                {Msg::SuOpenPlan.text(lang)}
                                            </button>
                                        }.into_any()
                                    }
                                };
                                view! {
                                    <tr data-testid="su-shortfall" data-measure=x.measure.code()>
                                        <td>{name}</td>
                                        <td>{x.period.label(lang)}</td>
                                        <td>{x.measure.label().text(lang)}</td>
                                        <td class="num">{format_percent(x.value)}</td>
                                        <td class="num">{format_percent(f64::from(x.target_bp) / 10_000.0)}</td>
                                        <td>{cell}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
