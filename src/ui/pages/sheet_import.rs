//! 导入表格: customers, products or sales lines from a CSV file (`docs/csv-import.md`). The
//! steps are the pure core's (`exchange::csv`): choose what to import and the file (picked or
//! dropped), read it (the encoding detected, or forced when the text looks wrong), match the
//! columns to fields (guessed, or the last saved matching re-applied by header), check the rows
//! (nothing written), fix or skip the failed ones, and import the good ones in one transaction.
//! The page also exports all sales lines.

mod mapping;
mod review;

use crate::exchange::csv::text::{encoding_name, error_text, export_file_name, target_label};
use crate::exchange::csv::{self, CsvError, CsvLimits, ImportContext, Mapping, RowResult, Sheet, Target, TextEncoding};
use crate::i18n::{format_count, Msg};
use crate::model::Dataset;
use crate::ui::browser::{self, BrowserIds};
use crate::ui::download::save_csv;
use crate::ui::state::{use_app, AppState};
use leptos::prelude::*;
use std::collections::HashMap;

/// What the page is busy with (shown as a status line, painted before the work starts).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Work {
    Idle,
    Reading,
    Checking(usize),
    Importing(usize),
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq)]
enum FileProblem {
    Csv(CsvError),
    Unreadable,
}

/// The result of the last check: the good rows' count and every failed row (the batch itself
/// is kept apart, in [`Import::batch`], so it is not cloned on each read).
#[derive(Clone, Debug, PartialEq)]
struct Checked {
    good: usize,
    failed: Vec<RowResult>,
}

/// The page's state, `Copy` so every part and handler can hold it.
#[derive(Clone, Copy)]
struct Import {
    state: AppState,
    target: RwSignal<Target>,
    work: RwSignal<Work>,
    problem: RwSignal<Option<FileProblem>>,
    /// The file's name and bytes (kept to read again in another encoding).
    file: StoredValue<Option<(String, Vec<u8>)>>,
    encoding: RwSignal<Option<TextEncoding>>,
    sheet: RwSignal<Option<Sheet>>,
    mapping: RwSignal<Option<Mapping>>,
    /// True when the mapping came from the last saved one.
    reapplied: RwSignal<bool>,
    checked: RwSignal<Option<Checked>>,
    batch: StoredValue<Option<Dataset>, LocalStorage>,
    /// Cells typed in the failed-rows list, applied to the sheet at the next check.
    edits: StoredValue<HashMap<(usize, usize), String>>,
    /// The rows changed (typed) since the last check: import waits for a new check.
    stale: RwSignal<bool>,
    skipped: RwSignal<usize>,
    /// The last import: what and how many rows.
    done: RwSignal<Option<(Target, usize)>>,
}

impl Import {
    fn new(state: AppState) -> Import {
        Import {
            state,
            target: RwSignal::new(Target::Customers),
            work: RwSignal::new(Work::Idle),
            problem: RwSignal::new(None),
            file: StoredValue::new(None),
            encoding: RwSignal::new(None),
            sheet: RwSignal::new(None),
            mapping: RwSignal::new(None),
            reapplied: RwSignal::new(false),
            checked: RwSignal::new(None),
            batch: StoredValue::new_local(None),
            edits: StoredValue::new(HashMap::new()),
            stale: RwSignal::new(false),
            skipped: RwSignal::new(0),
            done: RwSignal::new(None),
        }
    }

    /// Forgets the check (the mapping or the rows changed).
    fn forget_check(&self) {
        self.checked.set(None);
        self.batch.set_value(None);
        self.stale.set(false);
    }

    /// Back to the start: nothing has been written, nothing is kept.
    fn discard(&self) {
        self.file.set_value(None);
        self.sheet.set(None);
        self.mapping.set(None);
        self.encoding.set(None);
        self.problem.set(None);
        self.reapplied.set(false);
        self.edits.set_value(HashMap::new());
        self.skipped.set(0);
        self.forget_check();
    }

    /// Reads a picked or dropped file.
    fn read_file(self, file: web_sys::File) {
        let limits = CsvLimits::default();
        self.discard();
        self.done.set(None);
        if file.size() > limits.max_bytes as f64 {
            self.problem
                .set(Some(FileProblem::Csv(CsvError::TooLarge { size: file.size() as u64, limit: limits.max_bytes })));
            return;
        }
        self.work.set(Work::Reading);
        leptos::task::spawn_local(async move {
            let name = file.name();
            match crate::ui::files::read_bytes(&file).await {
                Ok(bytes) => {
                    self.file.set_value(Some((name, bytes)));
                    browser::next_frame().await;
                    self.decode(None).await;
                }
                Err(_) => {
                    self.problem.set(Some(FileProblem::Unreadable));
                    self.work.set(Work::Idle);
                }
            }
        });
    }

    /// Decodes and parses the kept bytes (in `forced` encoding, else the detected one) and
    /// matches the columns.
    async fn decode(self, forced: Option<TextEncoding>) {
        let limits = CsvLimits::default();
        let parsed = self.file.with_value(|f| {
            let (_, bytes) = f.as_ref()?;
            let decoded = match forced {
                Some(e) => csv::decode_as(bytes, e),
                None => csv::decode(bytes, &limits),
            };
            Some(decoded.and_then(|d| Ok((csv::parse(&d.text, &limits)?, d.encoding))))
        });
        self.forget_check();
        self.edits.set_value(HashMap::new());
        self.skipped.set(0);
        match parsed {
            None => {}
            Some(Err(e)) => {
                self.problem.set(Some(FileProblem::Csv(e)));
                self.sheet.set(None);
                self.mapping.set(None);
                // A forced encoding that fails keeps the choice visible so another can be tried.
                self.encoding.set(forced);
            }
            Some(Ok((sheet, encoding))) => {
                self.problem.set(None);
                self.encoding.set(Some(encoding));
                let header = sheet.header.clone();
                self.sheet.set(Some(sheet));
                self.match_columns(header).await;
            }
        }
        self.work.set(Work::Idle);
    }

    /// The mapping for the current target: the saved one re-applied, else guessed.
    async fn match_columns(self, header: Vec<String>) {
        let target = self.target.get_untracked();
        let saved = match self.state.session() {
            Some(s) => s.store.meta(&target.mapping_key()).await.ok().flatten(),
            None => None,
        };
        let (mapping, reapplied) = Mapping::for_sheet(target, &header, saved.as_deref());
        self.mapping.set(Some(mapping));
        self.reapplied.set(reapplied);
    }

    fn choose_target(self, target: Target) {
        if self.target.get_untracked() == target {
            return;
        }
        self.target.set(target);
        self.forget_check();
        if let Some(header) = self.sheet.with_untracked(|s| s.as_ref().map(|s| s.header.clone())) {
            leptos::task::spawn_local(self.match_columns(header));
        }
    }

    fn set_column(&self, column: usize, field: Option<csv::Field>) {
        self.mapping.update(|m| {
            if let Some(m) = m {
                m.set(column, field);
            }
        });
        self.reapplied.set(false);
        self.forget_check();
    }

    /// Runs the import without writing (after applying typed fixes and dropping `skip` rows):
    /// the good rows' batch is kept for [`Import::commit`], the failed rows are listed.
    fn check(self, skip: Vec<usize>) {
        let Some(mapping) = self.mapping.get_untracked() else { return };
        let rows = self.sheet.with_untracked(|s| s.as_ref().map_or(0, |s| s.rows.len()));
        self.work.set(Work::Checking(rows.saturating_sub(skip.len())));
        leptos::task::spawn_local(async move {
            browser::next_frame().await;
            let edits = std::mem::take(&mut *self.edits.write_value());
            let mut dropped = 0;
            self.sheet.update(|s| {
                if let Some(s) = s {
                    for ((row, column), value) in &edits {
                        s.set_cell(*row, *column, value);
                    }
                    dropped = s.remove_rows(&skip);
                }
            });
            self.skipped.update(|n| *n += dropped);
            let state = self.state;
            let ctx = ImportContext {
                branch: state.branch(),
                by: state.user(),
                now_ms: browser::now_ms(),
                today: browser::today(),
            };
            let result = state.session().and_then(|session| {
                let mut clock = session.clock.borrow_mut();
                self.sheet.with_untracked(|s| {
                    let s = s.as_ref()?;
                    Some(state.data.with_untracked(|d| csv::import(s, &mapping, d, &ctx, &mut BrowserIds, &mut clock)))
                })
            });
            if let Some(result) = result {
                self.checked.set(Some(Checked { good: result.imported(), failed: result.failed().cloned().collect() }));
                self.batch.set_value(Some(result.batch));
                self.stale.set(false);
            }
            self.work.set(Work::Idle);
            // The matching the user accepted is the one offered for the next file.
            if let Some(session) = state.session() {
                if let Err(e) = session.store.set_meta(&mapping.target.mapping_key(), &mapping.to_saved()).await {
                    state.store_failed(&e);
                }
            }
        });
    }

    /// Writes the checked good rows in one transaction.
    fn commit(self) {
        if self.stale.get_untracked() {
            return;
        }
        let Some(good) = self.checked.with_untracked(|c| c.as_ref().map(|c| c.good)) else { return };
        let mut batch = None;
        self.batch.update_value(|b| batch = b.take());
        let Some(batch) = batch.filter(|_| good > 0) else { return };
        let target = self.target.get_untracked();
        self.work.set(Work::Importing(good));
        leptos::task::spawn_local(async move {
            browser::next_frame().await;
            let ok = self.state.commit(batch).await.is_ok();
            self.work.set(Work::Idle);
            if ok {
                self.discard();
                self.done.set(Some((target, good)));
                self.state.info(Msg::CsvImportedNotice, &[&format_count(good)]);
            } else {
                // Nothing was written; the rows must be checked again before another try.
                self.stale.set(true);
            }
        });
    }
}

#[component]
pub fn SheetImportPage() -> impl IntoView {
    let state = use_app();
    let im = Import::new(state);
    let busy = move || im.work.get() != Work::Idle;
    let dragging = RwSignal::new(false);

    let on_pick = move |ev: leptos::ev::Event| {
        if let Some(f) = crate::ui::files::picked_file(&ev) {
            im.read_file(f);
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(f) = crate::ui::files::dropped_file(&ev) {
            im.read_file(f);
        }
    };
    let export_sales = move |_| {
        let (bytes, n) = state.data.with_untracked(|d| (csv::export::sales_lines(d), d.sales.live().count()));
        if save_csv(&export_file_name("sales-lines", browser::today()), &bytes) {
            state.info(Msg::CsvExported, &[&format_count(n)]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };

    view! {
        <section class="page sheet-import">
            <crate::ui::pages::admin_tabs::AdminTabs />
            <div class="section-head">
                <h1>{move || state.t(Msg::CsvTitle)}</h1>
                <a class="button ghost" href="#/data">{move || state.t(Msg::CsvBackToData)}</a>
            </div>
            <p class="muted">{move || state.t(Msg::CsvIntro)}</p>
            <div class="card">
                <h2>{move || state.t(Msg::CsvStepFile)}</h2>
                <div class="toggle csv-targets" role="group" aria-label=move || state.t(Msg::CsvTargetLabel)>
                    {Target::ALL.into_iter().map(|t| view! {
                        <button type="button" class="button" data-testid=format!("csv-target-{}", t.code())
                            aria-pressed=move || (im.target.get() == t).to_string()
                            disabled=busy
                            on:click=move |_| im.choose_target(t)>
                            {move || state.t(target_label(t))}
                        </button>
                    }).collect_view()}
                </div>
                <p class="hint">{move || state.t(match im.target.get() {
                    Target::Customers => Msg::CsvHintCustomers,
                    Target::Products => Msg::CsvHintProducts,
                    Target::SalesLines => Msg::CsvHintSales,
                })}</p>
                <label class="drop-zone" class:over=move || dragging.get() data-testid="csv-drop"
                    on:dragenter=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                    on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                    on:dragleave=move |_| dragging.set(false)
                    on:drop=on_drop>
                    <input type="file" class="visually-hidden" accept=".csv,.txt,text/csv,text/plain"
                        data-testid="csv-file" disabled=busy on:change=on_pick />
                    <span class="button primary">{move || state.t(Msg::CsvChooseFile)}</span>
                    <span class="muted">{move || state.t(Msg::CsvDropHere)}</span>
                </label>
                <p role="status" data-testid="csv-status" class="csv-status">{move || match im.work.get() {
                    Work::Idle => String::new(),
                    Work::Reading => state.t(Msg::CsvReading).to_string(),
                    Work::Checking(n) => Msg::CsvChecking.with(state.lang.get(), &[&format_count(n)]),
                    Work::Importing(n) => Msg::CsvImporting.with(state.lang.get(), &[&format_count(n)]),
                }}</p>
                {move || im.problem.get().map(|p| {
                    let lang = state.lang.get();
                    let text = match p {
                        FileProblem::Csv(e) => error_text(&e, lang),
                        FileProblem::Unreadable => Msg::CsvErrUnreadable.text(lang).to_string(),
                    };
                    view! { <p class="banner error" role="alert" data-testid="csv-problem">{text}</p> }
                })}
                {move || im.problem.with(|p| matches!(p, Some(FileProblem::Csv(CsvError::Encoding { .. }))))
                    .then(|| view! { <mapping::EncodingChoice im=im /> })}
                {move || im.done.get().map(|(t, n)| {
                    let lang = state.lang.get();
                    let (href, list) = match t {
                        Target::Customers => ("#/customers", Msg::CsvOpenCustomers),
                        Target::Products => ("#/products", Msg::CsvOpenProducts),
                        Target::SalesLines => ("#/customers", Msg::CsvOpenCustomers),
                    };
                    view! {
                        <p class="banner info" data-testid="csv-done">
                            <span>{Msg::CsvDone.with(lang, &[&format_count(n), target_label(t).text(lang)])}</span>
                            <a class="button small" href=href>{list.text(lang)}</a>
                        </p>
                    }
                })}
            </div>
            {move || im.sheet.with(Option::is_some).then(|| view! { <mapping::MappingStep im=im /> })}
            {move || im.checked.with(Option::is_some).then(|| view! { <review::ReviewStep im=im /> })}
            <div class="card">
                <h2>{move || state.t(Msg::CsvExportTitle)}</h2>
                <p class="muted">{move || state.t(Msg::CsvExportExplain)}</p>
                <div class="actions left">
                    <button class="button" data-testid="export-sales" on:click=export_sales>
                        {move || state.t(Msg::CsvExportSales)}
                    </button>
                </div>
            </div>
        </section>
    }
}

/// The file's name, rows, columns and encoding, in words.
fn file_summary(im: Import) -> String {
    let lang = im.state.lang.get();
    let name = im.file.with_value(|f| f.as_ref().map(|f| f.0.clone()).unwrap_or_default());
    let (rows, columns) = im.sheet.with(|s| s.as_ref().map_or((0, 0), |s| (s.rows.len(), s.header.len())));
    let encoding = im.encoding.get().map(encoding_name).unwrap_or_default();
    Msg::CsvFileInfo.with(lang, &[&name, &format_count(rows), &format_count(columns), encoding])
}
