//! Satisfaction surveys (DOMAIN.md §8): results, quick entry of returned forms, the survey
//! schedule, yearly targets and their shortfalls, improvement plans, survey forms (templates)
//! and the blank form for printing. Every figure comes from `service::satisfaction`; this module
//! only shows it. The tab is in the URL (`#/surveys?tab=entry&customer=…&template=…`), read in a
//! memo so switching tabs keeps the page and what was typed.

mod due;
mod entry;
mod plans;
mod print;
mod results;
mod targets;
mod templates;

use super::service_tabs::ServiceTabs;
use crate::i18n::{format_percent, Msg};
use crate::model::service::{ImprovementPlan, SurveyTemplate};
use crate::model::{Dataset, Id};
use crate::route::{Route, SurveysQuery};
use crate::search::pinyin_sort_key;
use crate::service::ServiceSettings;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;

/// The tabs of the survey pages, in the order shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tab {
    Results,
    Entry,
    Due,
    Targets,
    Plans,
    Templates,
    Print,
}

impl Tab {
    const ALL: [Tab; 7] = [Tab::Results, Tab::Entry, Tab::Due, Tab::Targets, Tab::Plans, Tab::Templates, Tab::Print];

    fn code(self) -> &'static str {
        match self {
            Tab::Results => "results",
            Tab::Entry => "entry",
            Tab::Due => "due",
            Tab::Targets => "targets",
            Tab::Plans => "plans",
            Tab::Templates => "templates",
            Tab::Print => "print",
        }
    }

    /// The tab of a query's `tab`; unknown or empty is the results.
    fn of(code: &str) -> Tab {
        Tab::ALL.into_iter().find(|t| t.code() == code).unwrap_or(Tab::Results)
    }

    fn label(self) -> Msg {
        match self {
            Tab::Results => Msg::SuTabResults,
            Tab::Entry => Msg::SuTabEntry,
            Tab::Due => Msg::SuTabDue,
            Tab::Targets => Msg::SuTabTargets,
            Tab::Plans => Msg::SuTabPlans,
            Tab::Templates => Msg::SuTabTemplates,
            Tab::Print => Msg::SuTabPrint,
        }
    }
}

/// The hash of a survey tab, with a customer and a form.
pub(crate) fn tab_hash(tab: Tab, customer: Option<Id>, template: Option<Id>) -> String {
    let tab = if tab == Tab::Results { String::new() } else { tab.code().to_string() };
    Route::Surveys(SurveysQuery { tab, customer, template }).to_hash()
}

/// What the tabs share while the page is open.
#[derive(Clone, Copy)]
pub(crate) struct Shared {
    pub query: Memo<SurveysQuery>,
    /// A plan drafted on the targets tab for a shortfall, waiting to be completed on the plans tab.
    pub pending_plan: RwSignal<Option<ImprovementPlan>>,
}

/// The service settings stored in the firm settings.
pub(crate) fn settings_of(d: &Dataset) -> ServiceSettings {
    ServiceSettings::of_firm(&d.firm_settings())
}

/// A figure 0–1 as a percentage, "—" without one.
pub(crate) fn pct(v: Option<f64>) -> String {
    v.map(format_percent).unwrap_or_else(|| "—".into())
}

/// The live survey forms, in use first, then by name.
pub(crate) fn template_list(d: &Dataset) -> Vec<(Id, SurveyTemplate)> {
    let mut v: Vec<(Id, SurveyTemplate)> = d.survey_templates.live().map(|r| (r.id, r.data.clone())).collect();
    v.sort_by_cached_key(|(id, t)| (t.archived, pinyin_sort_key(&t.name), *id));
    v
}

/// A customer's name, or the empty string.
pub(crate) fn customer_name(d: &Dataset, id: Option<Id>) -> String {
    id.and_then(|c| d.customers.get(&c)).map(|c| c.data.name.clone()).unwrap_or_default()
}

/// Moves the keyboard focus to the element with this id, if it is there.
pub(crate) fn focus_id(id: &str) {
    use wasm_bindgen::JsCast;
    let el = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}

/// Writes a batch; on success runs `done`.
pub(crate) fn commit_then(state: AppState, batch: Dataset, done: impl FnOnce() + 'static) {
    leptos::task::spawn_local(async move {
        if state.commit(batch).await.is_ok() {
            done();
        }
    });
}

#[component]
pub fn SurveysPage() -> impl IntoView {
    let state = use_app();
    // The tab and filters are in the URL; switching them keeps this page (and its inputs).
    let query = Memo::new(move |_| match state.route.get() {
        Route::Surveys(q) => q,
        _ => SurveysQuery::default(),
    });
    let shared = Shared { query, pending_plan: RwSignal::new(None) };
    let tab = Memo::new(move |_| query.with(|q| Tab::of(&q.tab)));
    let links = move || {
        // The form chosen stays from tab to tab; the customer does not (a link narrows to one).
        let template = query.with(|q| q.template);
        Tab::ALL
            .into_iter()
            .map(|t| {
                let current = move || (tab.get() == t).then_some("page");
                view! {
                    <a class="tab" href=tab_hash(t, None, template) aria-current=current data-testid=format!("su-tab-{}", t.code())>
                        {move || state.t(t.label())}
                    </a>
                }
            })
            .collect_view()
    };
    view! {
        <section class="page surveys">
            <ServiceTabs />
            <h1>{move || state.t(Msg::SuNav)}</h1>
            <nav class="tabs survey-tabs" aria-label=move || state.t(Msg::SuTabsLabel)>{links}</nav>
            {move || match tab.get() {
                Tab::Results => view! { <results::Results shared=shared /> }.into_any(),
                Tab::Entry => view! { <entry::Entry shared=shared /> }.into_any(),
                Tab::Due => view! { <due::Due /> }.into_any(),
                Tab::Targets => view! { <targets::Targets shared=shared /> }.into_any(),
                Tab::Plans => view! { <plans::Plans shared=shared /> }.into_any(),
                Tab::Templates => view! { <templates::Templates shared=shared /> }.into_any(),
                Tab::Print => view! { <print::PrintForm shared=shared /> }.into_any(),
            }}
        </section>
    }
}
