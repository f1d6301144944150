//! The survey schedule (`service::schedule`): key customers every quarter, the others every half
//! year (settings). The customers due a routine survey, the most overdue first, each with a link
//! to the entry tab for them; and, on request, the coming ones. Key accounts are those of the
//! key-account rule (ABC class A or the top share, from the scoring run) plus those marked by hand.

use super::{settings_of, tab_hash, Tab};
use crate::i18n::{format_date, Msg};
use crate::route::Route;
use crate::service::schedule::survey_schedule;
use crate::service::IdSet;
use crate::ui::browser;
use crate::ui::pages::service_tabs::key_accounts_now;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Rows shown at most (the most overdue first).
const SHOWN: usize = 200;

#[component]
pub(crate) fn Due() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    a.ensure();
    let today = browser::today();
    let show_all = RwSignal::new(false);
    // The key accounts: the rule over the latest scores when there are some, else the hand marks.
    // The key accounts: the rule over the latest scores when there are some, else the hand marks.
    let key = Memo::new(move |_| (key_accounts_now(state), a.result.with(Option::is_some)));
    let schedule = Memo::new(move |_| {
        let (key, _): (IdSet, bool) = key.get();
        state.data.with(|d| {
            let s = settings_of(d);
            let all = survey_schedule(d, &key, today, &s);
            let due = all.iter().filter(|x| x.is_due()).count();
            let rows: Vec<_> = all
                .into_iter()
                .filter(|x| show_all.get() || x.is_due())
                .take(SHOWN)
                .map(|x| (d.customers.get(&x.customer).map(|c| c.data.name.clone()).unwrap_or_default(), x))
                .collect();
            (rows, due, s.key_survey_months, s.ordinary_survey_months)
        })
    });
    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::SuDueTitle)}</h2>
            <div class="field check">
                <input type="checkbox" id="f-su_due_all" prop:checked=move || show_all.get() on:change=move |ev| show_all.set(event_target_checked(&ev)) />
                <label for="f-su_due_all">{move || state.t(Msg::SuShowUpcoming)}</label>
            </div>
        </div>
        {move || {
            let lang = state.lang.get();
            let (rows, due, key_m, ord_m) = schedule.get();
            let scored = key.with(|k| k.1);
            view! {
                <p class="muted">{Msg::SuDueRule.with(lang, &[&key_m.to_string(), &ord_m.to_string()])}</p>
                {(!scored).then(|| view! { <p class="banner info">{Msg::SuKeyFromMarks.text(lang)}</p> })}
                <p data-testid="su-due-count">{Msg::SuDueCount.with(lang, &[&due.to_string()])}</p>
                {if rows.is_empty() {
                    view! { <p class="empty">{Msg::SuNothingDue.text(lang)}</p> }.into_any()
                } else {
                    let names = state.staff_names.get();
                    view! {
                        <div class="table-wrap">
                            <table class="lines su-table" data-testid="su-due">
                                <thead><tr>
                                    <th>{Msg::SuCustomer.text(lang)}</th>
                                    <th>{Msg::FilterOwner.text(lang)}</th>
                                    <th>{Msg::SuLastForm.text(lang)}</th>
                                    <th>{Msg::SuDueOn.text(lang)}</th>
                                    <th>{Msg::SuState.text(lang)}</th>
                                    <th><span class="visually-hidden">{Msg::SuEnterSurvey.text(lang)}</span></th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|(name, x)| {
                                        let state_text = if x.days_overdue > 0 {
                                            Msg::SvDaysOverdue.with(lang, &[&x.days_overdue.to_string()])
                                        } else if x.days_overdue == 0 {
                                            Msg::SvDueToday.text(lang).to_string()
                                        } else {
                                            Msg::SvDaysLeft.with(lang, &[&(-x.days_overdue).to_string()])
                                        };
                                        view! {
                                            <tr data-testid="su-due-row" class:muted=!x.is_due()>
                                                <td>
                                                    <a href=Route::Customer(x.customer).to_hash()>{name}</a>
                                                    {x.key_account.then(|| view! { " " <span class="pill">{Msg::SuKeyAccount.text(lang)}</span> })}
                                                </td>
                                                <td>{x.owner.and_then(|o| names.get(&o).cloned()).unwrap_or_default()}</td>
                                                <td>{x.last.map(|d| format_date(d, lang)).unwrap_or_else(|| Msg::SuNever.text(lang).to_string())}</td>
                                                <td>{format_date(x.due, lang)}</td>
                                                <td>{state_text}</td>
                                                <td><a class="button small" data-testid="su-enter-survey" href=tab_hash(Tab::Entry, Some(x.customer), None)>{Msg::SuEnterSurvey.text(lang)}</a></td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                }}
            }
        }}
    }
}
