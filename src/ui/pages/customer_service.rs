//! The customer page's service part (DOMAIN.md §10, the after-sales part of §3): links to start
//! a complaint, a survey or a contract; the key-account visit plan; the form recording a visit,
//! return visit, call, meeting, promotion or first contact; the timeline of everything the
//! service desk did with the customer; deliveries and their return visits; repairs, returns and
//! exchanges. Every rule is the core's (`service::visits`, `service::visit_forms`,
//! `service::edits`); these screens show its results.

mod after_sales;
mod deliveries;
mod interaction_form;
mod timeline;

use crate::i18n::{format_date, Msg};
use crate::model::{Id, Record, Staff};
use crate::risk::key_accounts::key_set;
use crate::risk::{RiskSettings, Signals};
use crate::route::{RecordEdit, Route, SurveysQuery};
use crate::search::pinyin_sort_key;
use crate::service::visit_forms::InteractionForm;
use crate::service::visits::key_account_visits;
use crate::service::{IdSet, ServiceSettings};
use crate::ui::browser;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the parts of the section share: the customer, and the interaction form (open when
/// `Some`, prefilled by the deliveries' "record the return visit").
#[derive(Clone, Copy)]
pub(crate) struct Desk {
    pub customer: Id,
    pub form: RwSignal<Option<InteractionForm>>,
}

impl Desk {
    /// Opens the interaction form with `f` and brings it into view, its summary focused.
    pub fn open_form(&self, f: InteractionForm) {
        self.form.set(Some(f));
        request_animation_frame(|| focus("f-cs_summary", true));
    }
}

/// Scrolls to an element by id (and focuses it when it can take the focus).
pub(crate) fn focus(id: &str, take_focus: bool) {
    let Some(e) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id)) else { return };
    e.scroll_into_view();
    if take_focus {
        if let Ok(h) = e.dyn_into::<web_sys::HtmlElement>() {
            let _ = h.focus();
        }
    }
}

/// The firm's service settings.
pub(crate) fn settings_of(state: AppState) -> Memo<ServiceSettings> {
    Memo::new(move |_| state.data.with(|d| ServiceSettings::of_firm(&d.firm_settings())))
}

/// The staff to choose from (present ones, by pinyin), after a "not set" or "choose" line.
pub(crate) fn staff_options(state: AppState, none: Msg) -> Signal<Vec<(String, String)>> {
    let staff = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<(Id, String)> = d
                .staff
                .live()
                .filter(|s: &&Record<Staff>| !s.data.archived)
                .map(|s| (s.id, s.data.name.clone()))
                .collect();
            v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
            v
        })
    });
    Signal::derive(move || {
        let mut v = vec![(String::new(), state.t(none).to_string())];
        v.extend(staff.get().into_iter().map(|(id, n)| (id.to_string(), n)));
        v
    })
}

/// A staff member's name ("" when unknown).
pub(crate) fn staff_name(state: AppState, id: Option<Id>) -> String {
    id.and_then(|id| state.staff_names.with(|m| m.get(&id).cloned())).unwrap_or_default()
}

#[component]
pub fn ServiceSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let desk = Desk { customer, form: RwSignal::new(None) };
    let complaint = Route::Complaint(RecordEdit::New { customer: Some(customer) }).to_hash();
    let survey =
        Route::Surveys(SurveysQuery { tab: "entry".into(), customer: Some(customer), template: None }).to_hash();
    let contract = Route::Contract(RecordEdit::New { customer: Some(customer) }).to_hash();
    view! {
        <section class="page section customer-service" aria-labelledby="cs-h" data-testid="service">
            <div class="section-head">
                <h2 id="cs-h">{move || state.t(Msg::CsTitle)}</h2>
                <nav class="cs-links" aria-label=move || state.t(Msg::CsActions)>
                    <a class="button small" href=complaint data-testid="cs-start-complaint">{move || state.t(Msg::CsStartComplaint)}</a>
                    <a class="button small" href=survey data-testid="cs-start-survey">{move || state.t(Msg::CsStartSurvey)}</a>
                    <a class="button small" href=contract data-testid="cs-start-contract">{move || state.t(Msg::CsStartContract)}</a>
                </nav>
            </div>
            <KeyVisitPlan customer=customer />
            <interaction_form::InteractionPanel desk=desk />
            <timeline::Timeline customer=customer />
            <deliveries::Deliveries desk=desk />
            <after_sales::AfterSales customer=customer />
        </section>
    }
}

/// A key account's next planned visit (the core's rule: a visit or a meeting at least every
/// `key_visit_months`) and its last one; nothing for other customers.
#[component]
fn KeyVisitPlan(customer: Id) -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    let settings = settings_of(state);
    let plan = Memo::new(move |_| {
        let result = a.result.get();
        let today = browser::today();
        state.data.with(|d| {
            let firm = d.firm_settings();
            let key = match result {
                Some(r) => key_set(d, &Signals::from_table(&r.customers), &RiskSettings::of_firm(&firm)),
                // No scores yet: only the customers marked by hand.
                None => crate::service::key_accounts(d, |_| false),
            };
            if !key.contains_key(&customer) {
                return None;
            }
            let only: IdSet = [(customer, ())].into_iter().collect();
            key_account_visits(d, &only, today, &settings.get()).into_iter().next()
        })
    });
    move || {
        plan.get().map(|k| {
            let lang = state.lang.get();
            let months = settings.with(|s| s.key_visit_months).to_string();
            let (class, when) = match k.days_overdue {
                0 => ("pill warn", Msg::SvDueToday.text(lang).to_string()),
                n if n > 0 => ("pill warn", Msg::SvDaysOverdue.with(lang, &[&n.to_string()])),
                n => ("pill info", Msg::SvDaysLeft.with(lang, &[&(-n).to_string()])),
            };
            let last = match k.last {
                Some(l) => Msg::CsKeyLast.with(lang, &[&format_date(l, lang)]),
                None => Msg::CsKeyNever.text(lang).to_string(),
            };
            view! {
                <div class="cs-block cs-key" data-testid="cs-key-plan">
                    <h3>{Msg::CsKeyPlan.text(lang)}</h3>
                    <p>
                        <strong data-testid="cs-key-next">{Msg::CsKeyNext.with(lang, &[&format_date(k.due, lang)])}</strong>
                        <span class=class>{when}</span>
                    </p>
                    <p class="muted" data-testid="cs-key-last">{last}</p>
                    <p class="muted">{Msg::CsKeyRule.with(lang, &[&months])}</p>
                </div>
            }
        })
    }
}
