//! The blank survey form for printing on A4: the form's name, fields for the customer, who fills
//! it in and the day, whether it rates us or a competitor, a box to tick per item and level, and
//! lines for the open question. `@media print` (style/app.css) hides everything else.

use super::{tab_hash, template_list, Shared, Tab};
use crate::i18n::{Lang, Msg};
use crate::model::service::Respondent;
use crate::model::Id;
use crate::route::{Route, SurveysQuery};
use crate::service::satisfaction::{respondent_label, Level};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Lines left for the open question.
const OPEN_LINES: usize = 5;

fn print_page() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

#[component]
pub(crate) fn PrintForm(shared: Shared) -> impl IntoView {
    let state = use_app();
    let templates = Memo::new(move |_| state.data.with(template_list));
    let chosen = Memo::new(move |_| {
        let wanted = shared.query.with(|q| q.template);
        templates.with(|l| {
            l.iter().find(|(id, _)| Some(*id) == wanted).or_else(|| l.iter().find(|(_, t)| !t.archived)).cloned()
        })
    });
    let set_template = move |v: String| {
        let q = shared.query.get_untracked();
        state.go(Route::Surveys(SurveysQuery { template: Id::parse(&v), ..q }));
    };
    view! {
        <div class="su-print-controls filters">
            <div class="field">
                <label for="f-su_print_template">{move || state.t(Msg::SuTemplate)}</label>
                <select id="f-su_print_template" prop:value=move || chosen.with(|c| c.as_ref().map(|(id, _)| id.to_string()).unwrap_or_default())
                    on:change=move |ev| set_template(event_target_value(&ev))>
                    {move || templates.get().into_iter().map(|(id, t)| {
                        let selected = chosen.with(|c| c.as_ref().map(|(c, _)| *c) == Some(id));
                        view! { <option value=id.to_string() selected=selected>{t.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="button" class="button primary" data-testid="su-print" disabled=move || chosen.with(Option::is_none) on:click=move |_| print_page()>
                {move || state.t(Msg::SuPrintButton)}
            </button>
        </div>
        {move || {
            let lang = state.lang.get();
            match chosen.get() {
                None => view! {
                    <p class="empty">{Msg::SuNoTemplate.text(lang)}" "<a href=tab_hash(Tab::Templates, None, None)>{Msg::SuTabTemplates.text(lang)}</a></p>
                }.into_any(),
                Some((_, t)) => {
                    let label = |zh: &str, en: &str| -> String {
                        let (a, b) = if lang == Lang::En { (en, zh) } else { (zh, en) };
                        if a.trim().is_empty() { b.to_string() } else { a.to_string() }
                    };
                    view! {
                        <article class="su-sheet" data-testid="su-sheet">
                            <h2 class="su-sheet-title">{t.name.clone()}</h2>
                            <p class="su-sheet-intro">{Msg::SuSheetIntro.text(lang)}</p>
                            <div class="su-sheet-fields">
                                <div class="su-blank"><span>{Msg::SuCustomer.text(lang)}</span><span class="su-line"></span></div>
                                <div class="su-blank"><span>{Msg::SuFilledBy.text(lang)}</span><span class="su-line"></span></div>
                                <div class="su-blank"><span>{Msg::SuDate.text(lang)}</span><span class="su-line short"></span></div>
                            </div>
                            <p class="su-sheet-ticks">
                                <span>{Msg::SuRespondent.text(lang)}": "</span>
                                {[Respondent::Customer, Respondent::Dealer, Respondent::SelfAssessment].into_iter().map(|r| view! {
                                    <span class="su-tick"><span class="su-box" aria-hidden="true"></span>{respondent_label(r).text(lang)}</span>
                                }).collect_view()}
                            </p>
                            <p class="su-sheet-ticks">
                                <span>{Msg::SuSheetRates.text(lang)}": "</span>
                                <span class="su-tick"><span class="su-box" aria-hidden="true"></span>{Msg::SuUs.text(lang)}</span>
                                <span class="su-tick"><span class="su-box" aria-hidden="true"></span>{Msg::SuCompetitorName.text(lang)}<span class="su-line short"></span></span>
                            </p>
                            <table class="su-grid">
                                <thead><tr>
                                    <th scope="col">{Msg::SuItem.text(lang)}</th>
                                    {Level::ALL.into_iter().map(|l| view! { <th scope="col">{l.label().text(lang)}<br /><small>{format!("{}", l.score())}</small></th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {t.items.iter().enumerate().map(|(i, item)| view! {
                                        <tr>
                                            <th scope="row">{format!("{}. {}", i + 1, label(&item.label_zh, &item.label_en))}</th>
                                            {Level::ALL.into_iter().map(|_| view! { <td><span class="su-box" aria-hidden="true"></span></td> }).collect_view()}
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <div class="su-open">
                                <p><b>{if t.open_question.trim().is_empty() { Msg::SvOpenQuestion.text(lang).to_string() } else { t.open_question.clone() }}</b></p>
                                {(0..OPEN_LINES).map(|_| view! { <div class="su-line full"></div> }).collect_view()}
                            </div>
                            <p class="su-sheet-thanks">{Msg::SuSheetThanks.text(lang)}</p>
                        </article>
                    }.into_any()
                }
            }
        }}
    }
}
