//! Results: the satisfaction index and rate (§8) overall (40% self-assessment + 60% survey) and
//! per part, over time (quarter, half-year, year), per survey, item, respondent and customer,
//! the competitor comparison and the items answered "dissatisfied" or "very dissatisfied" with
//! their frequency and the comments of the forms that gave them, and the latest forms, each with
//! its own figures and a delete for a form entered by mistake. All from `service::satisfaction`;
//! the scope is the URL's form and customer plus a date range.

use super::{customer_name, pct, settings_of, tab_hash, template_list, Shared, Tab};
use crate::exchange::csv::export::write_csv;
use crate::exchange::csv::text::export_file_name;
use crate::i18n::{format_date, Lang, Msg};
use crate::model::{Dataset, Id};
use crate::route::{Route, SurveysQuery};
use crate::search::{normalize_query, Matcher, SearchKey};
use crate::service::edits::delete_survey;
use crate::service::satisfaction::{
    by_customer, by_item, by_period, by_respondent, by_survey, compare_competitors, dissatisfied_items, forms_table,
    item_label, respondent_label, results, Level, Part, Results as Figures, Scope, Tally,
};
use crate::service::{Granularity, ServiceSettings};
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Returned forms listed at most, the newest first.
const FORMS_SHOWN: usize = 30;

/// Customers listed at most (the lowest first: those to look after).
const CUSTOMERS_SHOWN: usize = 50;

fn overall_pair(r: &Figures, s: &ServiceSettings) -> (Option<f64>, Option<f64>, bool) {
    let i = r.overall_index(s);
    let rate = r.overall_rate(s);
    (i.value, rate.value, i.complete)
}

/// A horizontal bar for a figure 0–1 (drawn with CSS, printed as it is seen).
fn bar(v: Option<f64>) -> impl IntoView {
    let w = v.map(|v| (v.clamp(0.0, 1.0) * 100.0).round()).unwrap_or(0.0);
    view! { <span class="su-bar" aria-hidden="true"><span style=format!("width:{w}%")></span></span> }
}

#[component]
pub(crate) fn Results(shared: Shared) -> impl IntoView {
    let state = use_app();
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let granularity = RwSignal::new(Granularity::Quarter);
    let scope = Memo::new(move |_| {
        let (template, customer) = shared.query.with(|q| (q.template, q.customer));
        Scope { from: from.get().parse().ok(), to: to.get().parse().ok(), template, customer, branch: None }
    });
    let settings = Memo::new(move |_| state.data.with(settings_of));
    let figures = Memo::new(move |_| {
        let s = scope.get();
        state.data.with(|d| results(d, &s))
    });
    let templates = Memo::new(move |_| state.data.with(template_list));
    let set_template = move |v: String| {
        let q = shared.query.get_untracked();
        state.go(Route::Surveys(SurveysQuery { template: Id::parse(&v), ..q }));
    };

    let summary = move || {
        let lang = state.lang.get();
        let r = figures.get();
        let s = settings.get();
        let i = r.overall_index(&s);
        let rate = r.overall_rate(&s);
        let weights = Msg::SuWeights.with(lang, &[&s.self_weight_pct.to_string(), &s.survey_weight_pct().to_string()]);
        view! {
            <div class="su-summary">
                <div class="su-figure">
                    <span class="muted">{Msg::SuOverallIndex.text(lang)}</span>
                    <strong data-testid="su-overall-index">{pct(i.value)}</strong>
                </div>
                <div class="su-figure">
                    <span class="muted">{Msg::SuOverallRate.text(lang)}</span>
                    <strong data-testid="su-overall-rate">{pct(rate.value)}</strong>
                </div>
                <div class="su-figure">
                    <span class="muted">{Part::Survey.label().text(lang)}</span>
                    <span>{Msg::SvIndex.text(lang)}" "<b data-testid="su-survey-index">{pct(i.survey)}</b></span>
                    <span>{Msg::SvRate.text(lang)}" "<b data-testid="su-survey-rate">{pct(rate.survey)}</b></span>
                    <span class="muted">{Msg::SuFormsAnswers.with(lang, &[&r.survey_forms.to_string(), &r.survey.answers().to_string()])}</span>
                </div>
                <div class="su-figure">
                    <span class="muted">{Part::SelfAssessment.label().text(lang)}</span>
                    <span>{Msg::SvIndex.text(lang)}" "<b data-testid="su-self-index">{pct(i.self_assessment)}</b></span>
                    <span>{Msg::SvRate.text(lang)}" "<b data-testid="su-self-rate">{pct(rate.self_assessment)}</b></span>
                    <span class="muted">{Msg::SuFormsAnswers.with(lang, &[&r.self_forms.to_string(), &r.self_assessment.answers().to_string()])}</span>
                </div>
            </div>
            <p class="muted su-formula">{Msg::SuFormula.text(lang)}" "{weights}</p>
            {(!i.complete && i.value.is_some()).then(|| view! { <p class="banner warn" data-testid="su-incomplete">{Msg::SuIncomplete.text(lang)}</p> })}
        }
    };

    view! {
        <div class="filters su-filters">
            <div class="field">
                <label for="f-su_results_template">{move || state.t(Msg::SuTemplate)}</label>
                <select id="f-su_results_template" on:change=move |ev| set_template(event_target_value(&ev))
                    prop:value=move || shared.query.with(|q| q.template.map(|t| t.to_string()).unwrap_or_default())>
                    <option value="">{move || state.t(Msg::All)}</option>
                    {move || templates.get().into_iter().map(|(id, t)| view! { <option value=id.to_string()>{t.name}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="f-su_from">{move || state.t(Msg::SuFrom)}</label>
                <input id="f-su_from" type="date" prop:value=move || from.get() on:input=move |ev| from.set(event_target_value(&ev)) />
            </div>
            <div class="field">
                <label for="f-su_to">{move || state.t(Msg::SuTo)}</label>
                <input id="f-su_to" type="date" prop:value=move || to.get() on:input=move |ev| to.set(event_target_value(&ev)) />
            </div>
            {move || shared.query.with(|q| q.customer).map(|c| {
                let name = state.data.with(|d| customer_name(d, Some(c)));
                let q = shared.query.get();
                let href = Route::Surveys(SurveysQuery { customer: None, ..q }).to_hash();
                view! {
                    <div class="field su-chosen">
                        <span class="pill">{name}</span>
                        <a class="button small ghost" href=href>{move || state.t(Msg::SuAllCustomers)}</a>
                    </div>
                }
            })}
        </div>
        {move || if figures.with(|r| r.survey_forms + r.self_forms == 0) {
            view! {
                <p class="empty" data-testid="su-no-results">{move || state.t(Msg::SuNoForms)}" "
                    <a href=tab_hash(Tab::Entry, None, None)>{move || state.t(Msg::SuTabEntry)}</a>
                </p>
            }.into_any()
        } else {
            view! {
                {summary}
                <OverTime scope=scope settings=settings granularity=granularity />
                <BySurvey scope=scope settings=settings />
                <ByItem scope=scope settings=settings />
                <ByRespondent scope=scope />
                <Dissatisfied scope=scope />
                <Competitors scope=scope />
                <ByCustomer scope=scope settings=settings />
                <Forms scope=scope />
            }.into_any()
        }}
    }
}

#[component]
fn OverTime(scope: Memo<Scope>, settings: Memo<ServiceSettings>, granularity: RwSignal<Granularity>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let s = scope.get();
        let g = granularity.get();
        state.data.with(|d| by_period(d, &s, g))
    });
    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::SuOverTime)}</h2>
            <div class="tabs" role="group" aria-label=move || state.t(Msg::SuOverTime)>
                {Granularity::ALL.into_iter().map(|g| view! {
                    <button type="button" class="tab" aria-pressed=move || if granularity.get() == g { "true" } else { "false" }
                        on:click=move |_| granularity.set(g)>{move || state.t(g.label())}</button>
                }).collect_view()}
            </div>
        </div>
        {move || {
            let lang = state.lang.get();
            let s = settings.get();
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-over-time">
                        <thead><tr>
                            <th>{Msg::SuPeriod.text(lang)}</th>
                            <th class="num">{Msg::SuForms.text(lang)}</th>
                            <th class="num">{Msg::SuOverallIndex.text(lang)}</th>
                            <th class="su-bar-cell"><span class="visually-hidden">{Msg::SuOverallIndex.text(lang)}</span></th>
                            <th class="num">{Msg::SuOverallRate.text(lang)}</th>
                            <th class="num">{Msg::SuSurveyIndexShort.text(lang)}</th>
                            <th class="num">{Msg::SuSelfIndexShort.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.get().into_iter().map(|p| {
                                let (i, r, _) = overall_pair(&p.results, &s);
                                view! {
                                    <tr>
                                        <td>{p.period.label(lang)}</td>
                                        <td class="num">{p.results.survey_forms + p.results.self_forms}</td>
                                        <td class="num">{pct(i)}</td>
                                        <td class="su-bar-cell">{bar(i)}</td>
                                        <td class="num">{pct(r)}</td>
                                        <td class="num">{pct(p.results.survey.index())}</td>
                                        <td class="num">{pct(p.results.self_assessment.index())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }}
    }
}

#[component]
fn BySurvey(scope: Memo<Scope>, settings: Memo<ServiceSettings>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let s = scope.get();
        state.data.with(|d| {
            by_survey(d, &s, Granularity::Quarter)
                .into_iter()
                .rev()
                .map(|x| (d.survey_templates.get(&x.template).map(|t| t.data.name.clone()).unwrap_or_default(), x))
                .collect::<Vec<_>>()
        })
    });
    view! {
        <h2>{move || state.t(Msg::SuBySurvey)}</h2>
        {move || {
            let lang = state.lang.get();
            let s = settings.get();
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-by-survey">
                        <thead><tr>
                            <th>{Msg::SuTemplate.text(lang)}</th>
                            <th>{Msg::SuPeriod.text(lang)}</th>
                            <th class="num">{Msg::SuForms.text(lang)}</th>
                            <th class="num">{Msg::SuOverallIndex.text(lang)}</th>
                            <th class="num">{Msg::SuOverallRate.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.get().into_iter().map(|(name, x)| {
                                let (i, r, complete) = overall_pair(&x.results, &s);
                                view! {
                                    <tr>
                                        <td>{name}</td>
                                        <td>{x.period.label(lang)}</td>
                                        <td class="num">{x.results.survey_forms + x.results.self_forms}</td>
                                        <td class="num">{pct(i)}{(!complete).then_some(" *")}</td>
                                        <td class="num">{pct(r)}{(!complete).then_some(" *")}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <p class="muted small">{Msg::SuStarIncomplete.text(lang)}</p>
            }
        }}
    }
}

fn level_counts(t: &Tally) -> impl IntoView {
    Level::ALL.into_iter().map(|l| view! { <td class="num">{t.count(l)}</td> }).collect_view()
}

fn level_heads(lang: Lang) -> impl IntoView {
    Level::ALL.into_iter().map(|l| view! { <th class="num su-level-head">{l.label().text(lang)}</th> }).collect_view()
}

#[component]
fn ByItem(scope: Memo<Scope>, settings: Memo<ServiceSettings>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let s = scope.get();
        let lang = state.lang.get();
        state.data.with(|d| {
            by_item(d, &s).into_iter().map(|x| (item_label(d, s.template, &x.key, lang), x)).collect::<Vec<_>>()
        })
    });
    view! {
        <h2>{move || state.t(Msg::SuByItem)}</h2>
        {move || {
            let lang = state.lang.get();
            let s = settings.get();
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-by-item">
                        <thead><tr>
                            <th>{Msg::SuItem.text(lang)}</th>
                            <th class="num">{Msg::SuAnswers.text(lang)}</th>
                            {level_heads(lang)}
                            <th class="num">{Msg::SuOverallIndex.text(lang)}</th>
                            <th class="num">{Msg::SuOverallRate.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.get().into_iter().map(|(label, x)| {
                                let (i, r, _) = overall_pair(&x.results, &s);
                                let all = x.results.all();
                                view! {
                                    <tr data-testid="su-item-row" data-key=x.key.clone()>
                                        <td>{label}</td>
                                        <td class="num">{all.answers()}</td>
                                        {level_counts(&all)}
                                        <td class="num">{pct(i)}</td>
                                        <td class="num">{pct(r)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }}
    }
}

#[component]
fn ByRespondent(scope: Memo<Scope>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let s = scope.get();
        state.data.with(|d| by_respondent(d, &s))
    });
    view! {
        <h2>{move || state.t(Msg::SuByRespondent)}</h2>
        {move || {
            let lang = state.lang.get();
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-by-respondent">
                        <thead><tr>
                            <th>{Msg::SuRespondent.text(lang)}</th>
                            <th class="num">{Msg::SuForms.text(lang)}</th>
                            <th class="num">{Msg::SuAnswers.text(lang)}</th>
                            <th class="num">{Msg::SvIndex.text(lang)}</th>
                            <th class="num">{Msg::SvRate.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {rows.get().into_iter().map(|x| view! {
                                <tr>
                                    <td>{respondent_label(x.respondent).text(lang)}</td>
                                    <td class="num">{x.forms}</td>
                                    <td class="num">{x.tally.answers()}</td>
                                    <td class="num">{pct(x.tally.index())}</td>
                                    <td class="num">{pct(x.tally.rate())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }}
    }
}

/// The comments of some forms (the causes the source asks to list), newest first.
fn comments_of(d: &Dataset, forms: &[Id]) -> Vec<String> {
    forms
        .iter()
        .filter_map(|id| d.survey_responses.get(id))
        .map(|f| f.data.comment.trim().to_string())
        .filter(|c| !c.is_empty())
        .take(3)
        .collect()
}

#[component]
fn Dissatisfied(scope: Memo<Scope>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let s = scope.get();
        let lang = state.lang.get();
        state.data.with(|d| {
            [Part::Survey, Part::SelfAssessment]
                .into_iter()
                .map(|part| {
                    let list = dissatisfied_items(d, &s, part)
                        .into_iter()
                        .map(|x| (item_label(d, s.template, &x.key, lang), comments_of(d, &x.forms), x))
                        .collect::<Vec<_>>();
                    (part, list)
                })
                .collect::<Vec<_>>()
        })
    });
    view! {
        <h2>{move || state.t(Msg::SuDissatisfiedTitle)}</h2>
        {move || {
            let lang = state.lang.get();
            rows.get().into_iter().map(|(part, list)| view! {
                <h3>{part.label().text(lang)}</h3>
                {if list.is_empty() {
                    view! { <p class="empty">{Msg::SuNoDissatisfied.text(lang)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="lines su-table" data-testid=format!("su-dissatisfied-{}", if part == Part::Survey { "survey" } else { "self" })>
                                <thead><tr>
                                    <th>{Msg::SuItem.text(lang)}</th>
                                    <th class="num">{Msg::SvLevel2.text(lang)}</th>
                                    <th class="num">{Msg::SvLevel1.text(lang)}</th>
                                    <th class="num">{Msg::SuFrequency.text(lang)}</th>
                                    <th class="num">{Msg::SuShare.text(lang)}</th>
                                    <th>{Msg::SuCauses.text(lang)}</th>
                                </tr></thead>
                                <tbody>
                                    {list.into_iter().map(|(label, comments, x)| {
                                        let share = (x.answers > 0).then(|| f64::from(x.frequency()) / f64::from(x.answers));
                                        view! {
                                            <tr data-testid="su-dissatisfied-row" data-key=x.key.clone()>
                                                <td>{label}</td>
                                                <td class="num">{x.dissatisfied}</td>
                                                <td class="num">{x.very_dissatisfied}</td>
                                                <td class="num" data-testid="su-frequency">{x.frequency()}</td>
                                                <td class="num">{pct(share)}</td>
                                                <td class="su-causes">{comments.join(" · ")}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            }).collect_view()
        }}
    }
}

#[component]
fn Competitors(scope: Memo<Scope>) -> impl IntoView {
    let state = use_app();
    let cmp = Memo::new(move |_| {
        let s = scope.get();
        state.data.with(|d| compare_competitors(d, &s))
    });
    let labels = Memo::new(move |_| {
        let s = scope.get();
        let lang = state.lang.get();
        let keys: Vec<String> = cmp.with(|c| c.ours.items.iter().map(|(k, _)| k.clone()).collect());
        state.data.with(|d| keys.into_iter().map(|k| (item_label(d, s.template, &k, lang), k)).collect::<Vec<_>>())
    });
    view! {
        <h2>{move || state.t(Msg::SuCompetitorTitle)}</h2>
        {move || {
            let lang = state.lang.get();
            let c = cmp.get();
            if c.competitors.is_empty() {
                return view! { <p class="empty">{Msg::SuNoCompetitorForms.text(lang)}</p> }.into_any();
            }
            let shown: Vec<_> = c.competitors.iter().take(4).cloned().collect();
            let sides: Vec<(String, crate::service::satisfaction::Side)> = std::iter::once((Msg::SuUs.text(lang).to_string(), c.ours.clone()))
                .chain(shown.iter().map(|s| (s.name.clone(), s.clone())))
                .collect();
            let item_of = |side: &crate::service::satisfaction::Side, key: &str| side.items.iter().find(|(k, _)| k == key).map(|(_, t)| *t).unwrap_or_default();
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-competitors">
                        <thead><tr>
                            <th><span class="visually-hidden">{Msg::SuCompetitorName.text(lang)}</span></th>
                            <th class="num">{Msg::SuForms.text(lang)}</th>
                            <th class="num">{Msg::SuAnswers.text(lang)}</th>
                            <th class="num">{Msg::SvIndex.text(lang)}</th>
                            <th class="num">{Msg::SvRate.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {sides.iter().map(|(name, s)| view! {
                                <tr data-testid="su-competitor-row">
                                    <th scope="row">{name.clone()}</th>
                                    <td class="num">{s.forms}</td>
                                    <td class="num">{s.total.answers()}</td>
                                    <td class="num">{pct(s.total.index())}</td>
                                    <td class="num">{pct(s.total.rate())}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <h3>{Msg::SuCompetitorByItem.text(lang)}</h3>
                <div class="table-wrap">
                    <table class="lines su-table">
                        <thead><tr>
                            <th>{Msg::SuItem.text(lang)}</th>
                            {sides.iter().map(|(name, _)| view! { <th class="num">{name.clone()}</th> }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {labels.get().into_iter().map(|(label, key)| view! {
                                <tr>
                                    <td>{label}</td>
                                    {sides.iter().map(|(_, s)| view! { <td class="num">{pct(item_of(s, &key).index())}</td> }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn ByCustomer(scope: Memo<Scope>, settings: Memo<ServiceSettings>) -> impl IntoView {
    let state = use_app();
    let rows = Memo::new(move |_| {
        let s = scope.get();
        state.data.with(|d| {
            let all = by_customer(d, &s);
            let total = all.len();
            let shown = all
                .into_iter()
                .take(CUSTOMERS_SHOWN)
                .map(|x| (customer_name(d, Some(x.customer)), x))
                .collect::<Vec<_>>();
            (shown, total)
        })
    });
    view! {
        <h2>{move || state.t(Msg::SuByCustomer)}</h2>
        {move || {
            let lang = state.lang.get();
            let s = settings.get();
            let (shown, total) = rows.get();
            view! {
                {(total > shown.len()).then(|| view! { <p class="muted">{Msg::SuLowestShown.with(lang, &[&shown.len().to_string(), &total.to_string()])}</p> })}
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-by-customer">
                        <thead><tr>
                            <th>{Msg::SuCustomer.text(lang)}</th>
                            <th class="num">{Msg::SuForms.text(lang)}</th>
                            <th class="num">{Msg::SuSurveyIndexShort.text(lang)}</th>
                            <th class="num">{Msg::SuSelfIndexShort.text(lang)}</th>
                            <th class="num">{Msg::SuOverallIndex.text(lang)}</th>
                            <th class="num">{Msg::SuOverallRate.text(lang)}</th>
                            <th>{Msg::SuLastForm.text(lang)}</th>
                        </tr></thead>
                        <tbody>
                            {shown.into_iter().map(|(name, x)| {
                                let (i, r, _) = overall_pair(&x.results, &s);
                                let href = Route::Customer(x.customer).to_hash();
                                view! {
                                    <tr data-testid="su-customer-row">
                                        <td><a href=href>{name}</a></td>
                                        <td class="num">{x.results.survey_forms + x.results.self_forms}</td>
                                        <td class="num">{pct(x.results.survey.index())}</td>
                                        <td class="num">{pct(x.results.self_assessment.index())}</td>
                                        <td class="num">{pct(i)}</td>
                                        <td class="num">{pct(r)}</td>
                                        <td>{format_date(x.last, lang)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }}
    }
}

/// The latest returned forms in the scope (competitor forms too), each with its own index and
/// rate; a form entered by mistake is deleted here (after a confirmation) and entered again.
#[component]
fn Forms(scope: Memo<Scope>) -> impl IntoView {
    let state = use_app();
    let to_delete = RwSignal::new(None::<Id>);
    let confirm_open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    // Every form in the scope matching the search, the latest first; the table shows the first.
    let matching = Memo::new(move |_| {
        let s = scope.get();
        let q = normalize_query(&text.get());
        let m = Matcher::new(&q);
        state.data.with(|d| {
            let mut v: Vec<_> = d
                .survey_responses
                .live()
                .filter(|f| {
                    let r = &f.data;
                    s.from.is_none_or(|x| r.date >= x)
                        && s.to.is_none_or(|x| r.date <= x)
                        && s.template.is_none_or(|t| r.template == t)
                        && s.customer.is_none_or(|c| r.customer == Some(c))
                })
                .filter(|f| {
                    q.is_empty() || {
                        let mut key = SearchKey::new();
                        key.add_name(&customer_name(d, f.data.customer));
                        key.add_name(f.data.about_competitor.as_deref().unwrap_or_default());
                        key.add_text(&f.data.comment);
                        m.matches(&key)
                    }
                })
                .map(|f| f.id)
                .collect();
            v.sort_by(|a, b| {
                let date = |id: &Id| d.survey_responses.get(id).map(|f| f.data.date);
                date(b).cmp(&date(a)).then(b.cmp(a))
            });
            v
        })
    });
    let rows = Memo::new(move |_| {
        let ids = matching.get();
        state.data.with(|d| {
            ids.iter()
                .take(FORMS_SHOWN)
                .filter_map(|id| d.survey_responses.get(id))
                .map(|f| {
                    let mut t = Tally::default();
                    for (_, v) in &f.data.answers {
                        t.add_value(*v);
                    }
                    (f.id, f.data.clone(), customer_name(d, f.data.customer), t)
                })
                .collect::<Vec<_>>()
        })
    });
    let export = move |_| {
        let lang = state.lang.get_untracked();
        let today = crate::ui::browser::today();
        let (header, lines) = state.data.with_untracked(|d| {
            let forms: Vec<_> = matching.with_untracked(|ids| {
                ids.iter().filter_map(|id| d.survey_responses.get(id)).map(|f| &f.data).collect()
            });
            forms_table(d, &forms, lang)
        });
        let n = lines.len();
        if save_csv(&export_file_name("survey-forms", today), &write_csv(&header, lines)) {
            state.info(Msg::CsvExported, &[&n.to_string()]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let delete = move |_: ()| {
        let Some(id) = to_delete.get_untracked() else { return };
        let Some(form) = state.data.with_untracked(|d| d.survey_responses.get(&id).cloned()) else { return };
        super::commit_then(state, delete_survey(&form, state.origin()), move || {
            to_delete.set(None);
            state.info(Msg::SuFormDeleted, &[]);
        });
    };
    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::SuLatestForms)}</h2>
            <button type="button" class="button" data-testid="su-forms-csv" on:click=export
                disabled=move || matching.with(Vec::is_empty)>{move || state.t(Msg::SuExportForms)}</button>
        </div>
        <div class="filters">
            <label class="grow">
                {move || state.t(Msg::SuSearchForms)}
                <input type="search" data-testid="su-forms-search" prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
        </div>
        {move || {
            let lang = state.lang.get();
            view! {
                <div class="table-wrap">
                    <table class="lines su-table" data-testid="su-forms">
                        <thead><tr>
                            <th>{Msg::SuDate.text(lang)}</th>
                            <th>{Msg::SuCustomer.text(lang)}</th>
                            <th>{Msg::SuRespondent.text(lang)}</th>
                            <th>{Msg::SuCompetitorName.text(lang)}</th>
                            <th class="num">{Msg::SuAnswers.text(lang)}</th>
                            <th class="num">{Msg::SvIndex.text(lang)}</th>
                            <th class="num">{Msg::SvRate.text(lang)}</th>
                            <th>{Msg::SuComment.text(lang)}</th>
                            <th><span class="visually-hidden">{Msg::Delete.text(lang)}</span></th>
                        </tr></thead>
                        <tbody>
                            {rows.get().into_iter().map(|(id, f, name, t)| view! {
                                <tr data-testid="su-form-row">
                                    <td>{format_date(f.date, lang)}</td>
                                    <td>{name}</td>
                                    <td>{respondent_label(f.respondent).text(lang)}</td>
                                    <td>{f.about_competitor.clone().unwrap_or_default()}</td>
                                    <td class="num">{t.answers()}</td>
                                    <td class="num">{pct(t.index())}</td>
                                    <td class="num">{pct(t.rate())}</td>
                                    <td class="su-causes">{f.comment.clone()}</td>
                                    <td><button class="button ghost small" data-testid="su-delete-form"
                                        on:click=move |_| { to_delete.set(Some(id)); confirm_open.set(true); }>{Msg::Delete.text(lang)}</button></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        }}
        <ConfirmDialog open=confirm_open message=Signal::derive(move || state.t(Msg::SuDeleteFormConfirm).to_string())
            on_confirm=Callback::new(delete) />
    }
}
