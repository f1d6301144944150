//! The app frame: state, start-up, the header with navigation and language, banners and
//! notices, and the page for the current route.

use super::browser;
use super::offline::OfflineBanners;
use super::pages::exchange::{BackupBanner, ExchangePage};
use super::pages::sheet_import::SheetImportPage;
use super::pages::{
    analyses::AnalysesPage, customer::CustomerPage, customers::CustomersPage, dashboard::DashboardPage, data::DataPage,
    products::ProductsPage, settings::SettingsPage, staff::StaffPage,
};
use super::pages::{
    complaints::{ComplaintPage, ComplaintsPage},
    contracts::{ContractPage, ContractsPage},
    service_tabs::is_service_route,
    surveys::SurveysPage,
    todo::TodoPage,
};
use super::pages::{segments::SegmentsPage, value::ValuePage, warnings::WarningsPage};
use super::startup;
use super::state::{use_app, AppState, Notice, Phase};
use crate::i18n::{Lang, Msg};
use crate::route::Route;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    state.set_lang(state.lang.get_untracked());
    leptos::task::spawn_local(startup::start(state, None));
    state.offline.register();

    // Follow the hash: back/forward buttons, bookmarks, links.
    let on_hash = Closure::<dyn FnMut()>::new(move || state.route.set(Route::parse(&browser::location_hash())));
    if let Some(w) = web_sys::window() {
        w.set_onhashchange(Some(on_hash.as_ref().unchecked_ref()));
    }
    on_hash.forget();

    view! {
        <Header />
        <TabBanner />
        <BackupBanner />
        <OfflineBanners />
        <crate::ui::who::LockScreen />
        <main id="main" inert=move || state.who.with(|s| s.locked)>
            {move || match state.phase.get() {
                Phase::Loading => view! { <p class="loading" role="status">{move || state.t(Msg::LoadingData)}</p> }.into_any(),
                Phase::Failed(e) => {
                    let text = state.store_error_text(&e);
                    view! { <div class="banner error" role="alert">{text}</div> }.into_any()
                }
                Phase::Sealed(record) => view! { <crate::ui::seal::UnlockStore record=record /> }.into_any(),
                Phase::Ready => view! { <Page /> }.into_any(),
            }}
        </main>
        <NoticeBar />
    }
}

/// Which page is shown: the route without its list query, so typing in the search box (which
/// updates the query in the URL) does not re-create the page and lose the input's focus.
#[derive(Clone, Copy, Debug, PartialEq)]
enum PageId {
    Dashboard,
    Analyses,
    Settings,
    Customers,
    NewCustomer,
    Customer(crate::model::Id),
    Products,
    Staff,
    Data,
    Segments,
    Value,
    Warnings(bool),
    Exchange,
    SheetImport,
    KeyAccounts,
    Todo(Option<crate::model::Id>),
    Complaints,
    Complaint(crate::route::RecordEdit),
    /// The survey tab and filters live in the query: the page follows them itself.
    Surveys,
    Contracts,
    Contract(crate::route::RecordEdit),
    ServiceSettings,
    /// The month and customer live in the query: the page follows them itself.
    Plans,
    Receivables,
    /// The period lives in the query: the page follows it itself.
    Appraisal,
    RiskSettings,
    Privacy,
}

#[component]
fn Page() -> impl IntoView {
    let state = use_app();
    let page = Memo::new(move |_| match state.route.get() {
        Route::Dashboard => PageId::Dashboard,
        Route::Analyses(_) => PageId::Analyses,
        Route::Settings => PageId::Settings,
        Route::Customers(_) | Route::NotFound(_) => PageId::Customers,
        Route::NewCustomer => PageId::NewCustomer,
        Route::Customer(id) => PageId::Customer(id),
        Route::Products => PageId::Products,
        Route::Staff => PageId::Staff,
        Route::Data => PageId::Data,
        Route::Segments(_) => PageId::Segments,
        Route::Value(_) => PageId::Value,
        Route::Warnings(history) => PageId::Warnings(history),
        Route::Exchange => PageId::Exchange,
        Route::SheetImport => PageId::SheetImport,
        Route::KeyAccounts => PageId::KeyAccounts,
        Route::Todo(owner) => PageId::Todo(owner),
        Route::Complaints => PageId::Complaints,
        Route::Complaint(e) => PageId::Complaint(e),
        Route::Surveys(_) => PageId::Surveys,
        Route::Contracts => PageId::Contracts,
        Route::Contract(e) => PageId::Contract(e),
        Route::ServiceSettings => PageId::ServiceSettings,
        Route::Plans(_) => PageId::Plans,
        Route::Receivables => PageId::Receivables,
        Route::Appraisal(_) => PageId::Appraisal,
        Route::RiskSettings => PageId::RiskSettings,
        Route::Privacy => PageId::Privacy,
    });
    // Pages that show or export sales, payments, contacts or history wait for the second load step.
    let needs_all = move || {
        matches!(
            page.get(),
            PageId::Analyses
                | PageId::Customers
                | PageId::NewCustomer
                | PageId::Customer(_)
                | PageId::Products
                | PageId::Data
                | PageId::Segments
                | PageId::Value
                | PageId::Warnings(_)
                | PageId::Exchange
                | PageId::SheetImport
                | PageId::KeyAccounts
                | PageId::Todo(_)
                | PageId::Complaints
                | PageId::Complaint(_)
                | PageId::Surveys
                | PageId::Contracts
                | PageId::Contract(_)
                | PageId::ServiceSettings
                | PageId::Plans
                | PageId::Receivables
                | PageId::Appraisal
                | PageId::RiskSettings
                | PageId::Privacy
        )
    };
    move || {
        match page.get() {
        _ if needs_all() && !state.complete.get() => {
            view! { <p class="loading" role="status" data-testid="loading-all">{move || state.t(Msg::LoadingAllData)}</p> }
                .into_any()
        }
        PageId::Dashboard => view! { <DashboardPage /> }.into_any(),
        PageId::Analyses => view! { <AnalysesPage /> }.into_any(),
        PageId::Settings => view! { <SettingsPage /> }.into_any(),
        PageId::Customers => view! { <CustomersPage /> }.into_any(),
        PageId::NewCustomer => view! { <CustomerPage id=None /> }.into_any(),
        PageId::Customer(id) => view! { <CustomerPage id=Some(id) /> }.into_any(),
        PageId::Products => view! { <ProductsPage /> }.into_any(),
        PageId::Staff => view! { <StaffPage /> }.into_any(),
        PageId::Data => view! { <DataPage /> }.into_any(),
        PageId::Segments => view! { <SegmentsPage /> }.into_any(),
        PageId::Value => view! { <ValuePage /> }.into_any(),
        PageId::Warnings(history) => view! { <WarningsPage history=history /> }.into_any(),
        PageId::Exchange => view! { <ExchangePage /> }.into_any(),
        PageId::SheetImport => view! { <SheetImportPage /> }.into_any(),
        PageId::KeyAccounts => view! { <crate::ui::pages::key_accounts::KeyAccountsPage /> }.into_any(),
        PageId::Todo(owner) => view! { <TodoPage owner=owner /> }.into_any(),
        PageId::Complaints => view! { <ComplaintsPage /> }.into_any(),
        PageId::Complaint(edit) => view! { <ComplaintPage edit=edit /> }.into_any(),
        PageId::Surveys => view! { <SurveysPage /> }.into_any(),
        PageId::Contracts => view! { <ContractsPage /> }.into_any(),
        PageId::Contract(edit) => view! { <ContractPage edit=edit /> }.into_any(),
        PageId::ServiceSettings => view! { <crate::ui::pages::service_settings::ServiceSettingsPage /> }.into_any(),
        PageId::Plans => view! { <crate::ui::pages::plans::PlansPage /> }.into_any(),
        PageId::Receivables => view! { <crate::ui::pages::receivables::ReceivablesPage /> }.into_any(),
        PageId::Appraisal => view! { <crate::ui::pages::appraisal::AppraisalPage /> }.into_any(),
        PageId::RiskSettings => view! { <crate::ui::pages::risk_settings::RiskSettingsPage /> }.into_any(),
        PageId::Privacy => view! { <crate::ui::pages::privacy::PrivacyPage /> }.into_any(),
    }
    }
}

#[component]
fn Header() -> impl IntoView {
    let state = use_app();
    let active = move |which: &'static str| {
        move || {
            let r = state.route.get();
            let on = match which {
                "customers" => {
                    matches!(r, Route::Customers(_) | Route::Customer(_) | Route::NewCustomer | Route::NotFound(_))
                }
                "dashboard" => matches!(r, Route::Dashboard | Route::Settings),
                "analyses" => matches!(r, Route::Analyses(_)),
                "segments" => matches!(r, Route::Segments(_)),
                "value" => matches!(r, Route::Value(_)),
                "warnings" => crate::ui::pages::risk_tabs::is_risk_route(&r),
                "service" => is_service_route(&r),
                "admin" => crate::ui::pages::admin_tabs::is_admin_route(&r),
                _ => false,
            };
            if on {
                "nav-link active"
            } else {
                "nav-link"
            }
        }
    };
    // On tablets the links fold behind a menu button; choosing a page folds them again.
    let menu = RwSignal::new(false);
    Effect::new(move |_| {
        state.route.track();
        menu.set(false);
    });
    view! {
        <header class="top">
            <a class="brand" href="#/customers">
                <span class="brand-mark" aria-hidden="true">"客"</span>
                <span class="brand-name">{move || state.t(Msg::AppName)}</span>
            </a>
            <button class="menu-toggle" data-testid="menu" aria-controls="main-nav"
                aria-expanded=move || menu.get().to_string() on:click=move |_| menu.update(|m| *m = !*m)>
                <span aria-hidden="true">"☰"</span>
                <span>{move || state.t(Msg::Menu)}</span>
            </button>
            <nav id="main-nav" class=move || if menu.get() { "open" } else { "" } aria-label=move || state.t(Msg::AppName)>
                <a class=active("dashboard") href="#/dashboard">{move || state.t(Msg::NavDashboard)}</a>
                <a class=active("analyses") href="#/analyses">{move || state.t(Msg::NavAnalyses)}</a>
                <a class=active("customers") href="#/customers">{move || state.t(Msg::NavCustomers)}</a>
                <a class=active("segments") href="#/segments">{move || state.t(Msg::NavSegments)}</a>
                <a class=active("value") href="#/value">{move || state.t(Msg::VaNav)}</a>
                <a class=active("warnings") href="#/warnings">{move || state.t(Msg::RkNav)}</a>
                <a class=active("service") href="#/todo">{move || state.t(Msg::NavService)}</a>
                <a class=active("admin") href="#/data" data-testid="nav-admin">{move || state.t(Msg::NavAdmin)}</a>
            </nav>
            <crate::ui::who::WhoChip />
            <a
                href="#/data"
                data-testid="storage-chip"
                class=move || match state.storage.get().persisted {
                    Some(false) => "storage-chip warn",
                    _ => "storage-chip",
                }
            >
                {move || {
                    let s = state.storage.get();
                    let status = match s.persisted {
                        Some(true) => state.t(Msg::StorageChipPersisted),
                        Some(false) => state.t(Msg::StorageChipNot),
                        None => "",
                    };
                    // The usage only where the header has room for it (style: .chip-usage); the
                    // data page always shows it.
                    let usage = s
                        .usage
                        .filter(|_| !status.is_empty())
                        .map(|u| view! { <span class="chip-usage">{format!(" · {}", browser::human_bytes(u))}</span> });
                    view! { {status} {usage} }
                }}
            </a>
            <label class="lang">
                <span class="visually-hidden">{move || state.t(Msg::Language)}</span>
                <select
                    data-testid="lang"
                    on:change=move |ev| {
                        let lang = if event_target_value(&ev) == "en" { Lang::En } else { Lang::Zh };
                        state.set_lang(lang);
                    }
                    prop:value=move || if state.lang.get() == Lang::En { "en" } else { "zh" }
                >
                    <option value="zh">{Lang::Zh.own_name()}</option>
                    <option value="en">{Lang::En.own_name()}</option>
                </select>
            </label>
        </header>
    }
}

#[component]
fn TabBanner() -> impl IntoView {
    let state = use_app();
    move || {
        state.tab_problem.get().map(|e| {
            let text = state.store_error_text(&e);
            view! {
                <div class="banner warn" role="alert">
                    <span>{text}</span>
                    <button class="button" on:click=move |_| {
                        if let Some(w) = web_sys::window() {
                            let _ = w.location().reload();
                        }
                    }>{move || state.t(Msg::Reload)}</button>
                </div>
            }
        })
    }
}

#[component]
fn NoticeBar() -> impl IntoView {
    let state = use_app();
    // Info notices fade after a few seconds; errors stay until closed. Each notice set counts,
    // even one equal to the last (a second "Saved"): only the timer of the latest one clears it,
    // so the earlier timer cannot cut the new notice short.
    let shown_count = StoredValue::new(0u64);
    Effect::new(move |_| {
        let current = state.notice.get();
        shown_count.update_value(|n| *n += 1);
        if let Some(Notice::Info(..)) = current {
            let mine = shown_count.get_value();
            let notice = state.notice;
            leptos::task::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(4_000).await;
                if shown_count.try_get_value() == Some(mine) {
                    notice.set(None);
                }
            });
        }
    });
    move || {
        state.notice.get().map(|n| {
            let text = state.notice_text(&n);
            let (class, role) = match n {
                Notice::Info(..) => ("notice info", "status"),
                Notice::Error(..) | Notice::StoreFailed(_) => ("notice error", "alert"),
            };
            view! {
                <div class=class role=role data-testid="notice">
                    <span>{text}</span>
                    <button class="button ghost" on:click=move |_| state.notice.set(None)>
                        {move || state.t(Msg::Close)}
                    </button>
                </div>
            }
        })
    }
}
