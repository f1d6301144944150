//! Data and storage: load the demo firm, see what is stored and how much space it takes,
//! and clear everything (after typing a confirmation word).

use crate::demo::{self, DemoError, DemoSpec};
use crate::i18n::{format_count, Msg};
use crate::model::validate::parse_date;
use crate::ui::browser::{self, human_bytes};
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::field::TextField;
use crate::ui::state::use_app;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Work {
    Idle,
    Generating,
    Storing,
}

#[component]
pub fn DataPage() -> impl IntoView {
    let state = use_app();
    let customers = RwSignal::new(demo::DEFAULT_CUSTOMERS.to_string());
    let lines = RwSignal::new(demo::DEFAULT_LINES.to_string());
    let seed = RwSignal::new("1".to_string());
    let end = RwSignal::new(browser::today().to_string());
    let work = RwSignal::new(Work::Idle);
    let problem = RwSignal::new(None::<String>);
    let confirm_clear = RwSignal::new(false);
    state.refresh_storage();

    let counts = move || {
        state.data.with(|d| {
            [
                d.customers.live().count(),
                d.contacts.live().count(),
                d.products.live().count(),
                d.sales.live().count(),
                d.payments.live().count(),
            ]
        })
    };
    let total_records = move || state.data.with(|d| d.total());

    let load_demo = move || {
        let lang = state.lang.get_untracked();
        let parsed = (
            customers.get_untracked().replace([',', '，'], "").trim().parse::<usize>(),
            lines.get_untracked().replace([',', '，'], "").trim().parse::<usize>(),
            seed.get_untracked().trim().parse::<u64>(),
            parse_date(&end.get_untracked()),
        );
        let (Ok(c), Ok(l), Ok(s), Some(e)) = parsed else {
            problem.set(Some(if parsed.3.is_none() {
                Msg::VDate.text(lang).into()
            } else {
                Msg::DemoSizeError.text(lang).into()
            }));
            return;
        };
        let spec = DemoSpec { seed: s, end: e, customers: c, lines: l, ..DemoSpec::default_for(e) };
        if let Err(err) = spec.validate() {
            problem.set(Some(match err {
                DemoError::TooFewLines { customers, minimum, .. } => {
                    Msg::DemoTooFewLines.with(lang, &[&customers.to_string(), &minimum.to_string()])
                }
                DemoError::EndOutOfRange { .. } => Msg::VDate.text(lang).into(),
                _ => Msg::DemoSizeError.text(lang).into(),
            }));
            return;
        }
        problem.set(None);
        work.set(Work::Generating);
        leptos::task::spawn_local(async move {
            // Let the "generating" message paint before the generator takes the thread.
            browser::next_frame().await;
            let t0 = browser::now_ms();
            browser::mark("kehu-demo-start");
            let data = match demo::generate(&spec) {
                Ok(d) => d,
                Err(e) => {
                    problem.set(Some(e.to_string()));
                    work.set(Work::Idle);
                    return;
                }
            };
            browser::mark("kehu-demo-generated");
            work.set(Work::Storing);
            browser::next_frame().await;
            let result = state.commit(data).await;
            browser::mark("kehu-demo-stored");
            let _ = browser::measure("kehu-demo-generate", "kehu-demo-start", "kehu-demo-generated");
            let _ = browser::measure("kehu-demo-store", "kehu-demo-generated", "kehu-demo-stored");
            work.set(Work::Idle);
            if result.is_ok() {
                let secs = format!("{:.1}", (browser::now_ms() - t0) as f64 / 1000.0);
                state.info(Msg::DemoDone, &[&format_count(c), &format_count(l), &secs]);
                state.refresh_storage();
            }
        });
    };

    let clear = move || {
        let Some(session) = state.session() else { return };
        leptos::task::spawn_local(async move {
            match session.store.clear().await {
                Ok(()) => {
                    state.data.set(Default::default());
                    state.analysis.data_changed(Vec::new());
                    state.analysis.result.set(None);
                    if let Some(ch) = session.channel.borrow().as_ref() {
                        ch.post(r#"{"cleared":true}"#);
                    }
                    state.info(Msg::ClearDone, &[]);
                    state.refresh_storage();
                }
                Err(e) => state.store_failed(&e),
            }
        });
    };

    let numeric = |label: Msg, name: &'static str, sig: RwSignal<String>| {
        view! {
            <TextField label=label name=name input_mode="numeric"
                value=Signal::derive(move || sig.get()) on_input=Callback::new(move |v| sig.set(v)) />
        }
    };

    view! {
        <section class="page data">
            <crate::ui::pages::admin_tabs::AdminTabs />
            <h1>{move || state.t(Msg::NavData)}</h1>
            <div class="card">
                <h2>{move || state.t(Msg::StorageTitle)}</h2>
                <StorageFacts />
                <p data-testid="record-counts">{move || {
                    let c = counts();
                    Msg::RecordCounts.with(state.lang.get(), &[&format_count(c[0]), &format_count(c[1]), &format_count(c[2]), &format_count(c[3]), &format_count(c[4])])
                }}</p>
            </div>
            <div class="card">
                <h2>{move || state.t(Msg::DemoTitle)}</h2>
                <p class="muted">{move || state.t(Msg::DemoExplain)}</p>
                {move || (total_records() > 1).then(|| view! { <p class="banner warn">{move || state.t(Msg::DemoNotEmpty)}</p> })}
                <form novalidate=true on:submit=move |ev| { ev.prevent_default(); load_demo(); }>
                    <div class="grid">
                        {numeric(Msg::DemoCustomers, "demo_customers", customers)}
                        {numeric(Msg::DemoLines, "demo_lines", lines)}
                        {numeric(Msg::DemoSeed, "demo_seed", seed)}
                        <TextField label=Msg::DemoEnd name="demo_end" input_type="date"
                            value=Signal::derive(move || end.get()) on_input=Callback::new(move |v| end.set(v)) />
                    </div>
                    <p class="field-error" role="alert">{move || problem.get()}</p>
                    <div class="actions">
                        <button type="submit" class="button primary" data-testid="load-demo" disabled=move || work.get() != Work::Idle>
                            {move || state.t(Msg::DemoLoad)}
                        </button>
                        <span role="status" data-testid="demo-status">{move || match work.get() {
                            Work::Idle => "",
                            Work::Generating => state.t(Msg::DemoGenerating),
                            Work::Storing => state.t(Msg::DemoStoring),
                        }}</span>
                    </div>
                </form>
            </div>
            <div class="card">
                <h2>{move || state.t(Msg::CsvDataTitle)}</h2>
                <p class="muted">{move || state.t(Msg::CsvDataExplain)}</p>
                <div class="actions left">
                    <a class="button" href="#/import" data-testid="open-import">{move || state.t(Msg::CsvOpenImport)}</a>
                </div>
            </div>
            <div class="card">
                <h2>{move || state.t(Msg::PvTitle)}</h2>
                <p class="muted">{move || state.t(Msg::PvIntro)}</p>
                <div class="actions left">
                    <a class="button" href="#/privacy" data-testid="open-privacy">{move || state.t(Msg::PvOpenPrivacy)}</a>
                </div>
            </div>
            <div class="card danger-zone">
                <h2>{move || state.t(Msg::ClearTitle)}</h2>
                <p class="muted">{move || state.t(Msg::ClearExplain)}</p>
                <button class="button danger" data-testid="clear-all" on:click=move |_| confirm_clear.set(true)>
                    {move || state.t(Msg::ClearTitle)}
                </button>
                <ConfirmDialog
                    open=confirm_clear
                    message=Signal::derive(move || {
                        let lang = state.lang.get();
                        Msg::ClearConfirmPrompt.with(lang, &[Msg::ClearConfirmWord.text(lang), &format_count(total_records())])
                    })
                    typed_word=Signal::derive(move || state.t(Msg::ClearConfirmWord).to_string())
                    on_confirm=Callback::new(move |_| clear())
                    confirm_label=Msg::ClearButton
                />
            </div>
        </section>
    }
}

/// Whether the browser keeps the data (persistent storage) and how much of the quota it uses;
/// shown on this page and on the privacy page.
#[component]
pub fn StorageFacts() -> impl IntoView {
    let state = use_app();
    view! {
                <p data-testid="persisted">{move || {
                    match state.storage.get().persisted {
                        Some(true) => state.t(Msg::StoragePersisted),
                        Some(false) => state.t(Msg::StorageNotPersisted),
                        None => state.t(Msg::StorageUnknown),
                    }
                }}</p>
                <p data-testid="usage">{move || {
                    let s = state.storage.get();
                    match (s.usage, s.quota) {
                        (Some(u), Some(q)) => Msg::StorageUsage.with(state.lang.get(), &[&human_bytes(u), &human_bytes(q)]),
                        _ => String::new(),
                    }
                }}</p>
    }
}
