//! The import card: a file picked or dropped is read and checked completely (passphrase asked
//! when it is sealed), a preview shows what it would change, and only the user's confirmation
//! writes it — in one transaction with the undo of it. Below, the undo of the last import.

use super::duplicates::reason_text;
use super::{bundle_error_text, read_peers, webcrypto_error_text, Peer, UndoInfo, META_PEERS};
use crate::exchange::bundle::{sniff, FileKind};
use crate::exchange::import::{RejectReason, Rejected};
use crate::exchange::person::erase_leftovers_too;
use crate::exchange::{peer_vector, plan_import, plan_merge, preview, Bundle, BundleError, ImportError};
use crate::exchange::{ImportPlan, ImportPreview, Limits};
use crate::i18n::{format_count, format_datetime, kind_label, Lang, Msg};
use crate::model::{Dataset, Id};
use crate::store::undo::{ImportUndo, META_UNDO};
use crate::ui::browser;
use crate::ui::bundle_reader::{read_bundle, ReadError};
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::field::TextField;
use crate::ui::files::{dropped_file, picked_file, read_bytes};
use crate::ui::state::{use_app, AppState};
use crate::ui::webcrypto;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq)]
enum Step {
    Idle,
    Reading,
    /// The file is sealed; its bytes wait in `sealed` for the passphrase.
    NeedsPassphrase(String),
    Checking,
    Failed(String),
    /// The file is checked; the bundle waits in `checked` (its plan in `planned`), its preview is shown.
    Preview(String),
    Applying,
}

/// Shown at most this many conflicts, duplicates and rejected items (all are counted).
const SHOWN: usize = 20;

fn customer_name(local: &Dataset, incoming: &Dataset, id: Id) -> String {
    local
        .customers
        .get(&id)
        .or_else(|| incoming.customers.get(&id))
        .map(|c| c.data.name.clone())
        .unwrap_or_else(|| id.to_string())
}

fn rejected_text(r: &Rejected, lang: Lang) -> String {
    let kind = kind_label(r.kind).text(lang);
    match &r.reason {
        RejectReason::MissingReference { field, target_kind, .. } => {
            Msg::ExRejectedMissing.with(lang, &[kind, &r.id.to_string(), field, kind_label(*target_kind).text(lang)])
        }
        RejectReason::DifferentOrigin => Msg::ExRejectedOrigin.with(lang, &[kind, &r.id.to_string()]),
    }
}

/// Adds to the bundle the erasure of whatever is about a person erased here or in it that no
/// erasure names yet (a branch wrote it before the erasure reached it), so the import erases it
/// and the preview counts it among the erased items.
fn erase_leftovers(state: AppState, local: &Dataset, bundle: &mut Bundle) {
    if !local.erasures.is_empty() || !bundle.data.erasures.is_empty() {
        erase_leftovers_too(local, &mut bundle.data, state.origin(), browser::new_id);
    }
}

async fn read_undo(state: AppState) -> Option<UndoInfo> {
    let session = state.session()?;
    let text = session.store.meta(META_UNDO).await.ok()??;
    serde_json::from_str(&text).ok()
}

#[component]
pub fn ImportCard() -> impl IntoView {
    let state = use_app();
    let step = RwSignal::new(Step::Idle);
    let sealed = StoredValue::new(None::<Vec<u8>>);
    let checked = StoredValue::new(None::<Bundle>);
    // The plan the preview was computed with and the data's revision it was computed on: applied
    // as it is if the data has not changed by the time the user confirms.
    let planned = StoredValue::new(None::<(u64, ImportPlan)>);
    let shown = RwSignal::new(None::<ImportPreview>);
    let pass = RwSignal::new(String::new());
    let pass_error = RwSignal::new(None::<String>);
    let undo_info = RwSignal::new(None::<UndoInfo>);
    let confirm_undo = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    leptos::task::spawn_local(async move { undo_info.set(read_undo(state).await) });

    let fail = move |e: &BundleError| step.set(Step::Failed(bundle_error_text(e, state.lang.get_untracked())));

    // Reads a plain (or decrypted) file completely in a worker and computes its preview.
    let check = move |name: String, plain: Vec<u8>, decrypted: bool| {
        leptos::task::spawn_local(async move {
            step.set(Step::Checking);
            browser::next_frame().await;
            browser::mark("kehu-import-check-start");
            let parsed = read_bundle(plain, decrypted, Limits::default()).await;
            browser::mark("kehu-import-parsed");
            match parsed {
                Err(ReadError::Bundle(e)) => fail(&e),
                Err(ReadError::Worker) => step.set(Step::Failed(state.t(Msg::ExErrRead).into())),
                Err(ReadError::Stopped) => step.set(Step::Failed(state.t(Msg::ExErrReaderStopped).into())),
                Ok(mut bundle) => {
                    let (revision, plan) = state.data.with_untracked(|d| {
                        erase_leftovers(state, d, &mut bundle);
                        (state.data.revision(), plan_merge(d, &bundle.data))
                    });
                    let p = plan.preview.clone();
                    browser::mark("kehu-import-checked");
                    let _ = browser::measure("kehu-import-check", "kehu-import-check-start", "kehu-import-checked");
                    planned.set_value(p.can_apply().then_some((revision, plan)));
                    checked.set_value(Some(bundle));
                    shown.set(Some(p));
                    step.set(Step::Preview(name));
                }
            }
        });
    };

    let take_file = move |file: web_sys::File| {
        let name = file.name();
        let limits = Limits::default();
        checked.set_value(None);
        planned.set_value(None);
        shown.set(None);
        if file.size() > limits.max_file_bytes as f64 {
            fail(&BundleError::TooLarge { size: file.size() as u64, limit: limits.max_file_bytes });
            return;
        }
        step.set(Step::Reading);
        leptos::task::spawn_local(async move {
            browser::mark("kehu-import-start");
            let bytes = match read_bytes(&file).await {
                Ok(b) => b,
                Err(_) => {
                    step.set(Step::Failed(state.t(Msg::ExErrRead).into()));
                    return;
                }
            };
            if sniff(&bytes) == FileKind::Encrypted {
                sealed.set_value(Some(bytes));
                pass.set(String::new());
                pass_error.set(None);
                step.set(Step::NeedsPassphrase(name));
            } else {
                check(name, bytes, false);
            }
        });
    };

    let open_sealed = move || {
        let Step::NeedsPassphrase(name) = step.get_untracked() else { return };
        let Some(bytes) = sealed.get_value() else { return };
        let passphrase = pass.get_untracked();
        leptos::task::spawn_local(async move {
            step.set(Step::Checking);
            match webcrypto::decrypt(&bytes, &passphrase).await {
                Ok(plain) => {
                    sealed.set_value(None);
                    check(name, plain, true);
                }
                Err(e) => {
                    pass_error.set(Some(webcrypto_error_text(&e, state.lang.get_untracked())));
                    step.set(Step::NeedsPassphrase(name));
                }
            }
        });
    };

    let apply = move || {
        let Step::Preview(name) = step.get_untracked() else { return };
        let Some(session) = state.session() else { return };
        step.set(Step::Applying);
        leptos::task::spawn_local(async move {
            browser::next_frame().await;
            browser::mark("kehu-import-apply-start");
            // Taken, not cloned (1.78 million items for the largest firm); put back if it fails.
            let Some(mut bundle) = checked.try_update_value(Option::take).flatten() else { return };
            let kept = planned.try_update_value(Option::take).flatten();
            let revision = state.data.revision();
            // The preview's plan if the data is as it was then; else planned again on the data as
            // it is now (another tab may have written since the preview).
            let new_plan = state.data.with_untracked(|d| {
                let plan = match kept {
                    Some((at, plan)) if at == revision => Ok(plan),
                    _ => {
                        erase_leftovers(state, d, &mut bundle);
                        plan_import(d, &bundle)
                    }
                };
                plan.map(|plan| {
                    let undo = ImportUndo::of(d, &plan);
                    (plan, undo)
                })
            });
            let (plan, undo) = match new_plan {
                Ok(p) => p,
                Err(ImportError::Rejected { .. }) => {
                    shown.set(Some(state.data.with_untracked(|d| preview(d, &bundle))));
                    checked.set_value(Some(bundle));
                    step.set(Step::Preview(name));
                    return;
                }
            };
            browser::mark("kehu-import-planned");
            let (peer_id, vector) = peer_vector(&bundle);
            let mut peers = read_peers(state).await;
            let now = browser::now_ms();
            let from = bundle.header.branch_name.clone();
            if peer_id != session.branch {
                let peer = Peer { name: from.clone(), vector, received_ms: now };
                peers.insert(peer_id.to_string(), peer);
            }
            let info = UndoInfo { file: name.clone(), from, at_ms: now };
            let meta = vec![
                (META_PEERS.to_string(), serde_json::to_string(&peers).unwrap_or_default()),
                (META_UNDO.to_string(), serde_json::to_string(&info).unwrap_or_default()),
            ];
            match session.store.apply_import(&plan, &undo, meta).await {
                Ok(keys) => {
                    browser::mark("kehu-import-written");
                    drop(bundle);
                    if let Some(seen) = plan.merge.max_stamp() {
                        session.clock.borrow_mut().observe(seen);
                    }
                    let t = plan.preview.totals();
                    state.data.update(|d| plan.apply_into(d));
                    if let Some(ch) = session.channel.borrow().as_ref() {
                        ch.post(&serde_json::json!({ "changed": keys }).to_string());
                    }
                    state.analysis.data_changed(keys);
                    browser::mark("kehu-import-applied");
                    let _ = browser::measure("kehu-import-apply", "kehu-import-apply-start", "kehu-import-applied");
                    state.info(Msg::ExImported, &[&t.new.to_string(), &t.updated.to_string(), &t.deleted.to_string()]);
                    checked.set_value(None);
                    shown.set(None);
                    undo_info.set(Some(info));
                    step.set(Step::Idle);
                    state.refresh_storage();
                }
                Err(e) => {
                    state.store_failed(&e);
                    planned.set_value(Some((revision, plan)));
                    checked.set_value(Some(bundle));
                    step.set(Step::Preview(name));
                }
            }
        });
    };

    let undo = move || {
        let Some(session) = state.session() else { return };
        leptos::task::spawn_local(async move {
            match session.store.undo_import().await {
                Ok(Some(_)) => {
                    undo_info.set(None);
                    if let Some(ch) = session.channel.borrow().as_ref() {
                        ch.post(r#"{"cleared":true}"#);
                    }
                    crate::ui::startup::reload_everything(state, session.store.clone()).await;
                    state.info(Msg::ExUndone, &[]);
                }
                Ok(None) => {
                    undo_info.set(None);
                    state.info(Msg::ExNoUndo, &[]);
                }
                Err(e) => state.store_failed(&e),
            }
        });
    };

    let busy = move || matches!(step.get(), Step::Reading | Step::Checking | Step::Applying);

    view! {
        <div class="card">
            <h2>{move || state.t(Msg::ExImportTitle)}</h2>
            <div
                class=move || if dragging.get() { "drop-zone over" } else { "drop-zone" }
                data-testid="drop-zone"
                on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |ev: web_sys::DragEvent| {
                    ev.prevent_default();
                    dragging.set(false);
                    if let Some(f) = dropped_file(&ev) { take_file(f); }
                }
            >
                <span>{move || state.t(Msg::ExDropHere)}</span>
                <label class="button">
                    {move || state.t(Msg::ExChooseFile)}
                    <input type="file" class="visually-hidden" data-testid="import-file" disabled=busy
                        on:change=move |ev| { if let Some(f) = picked_file(&ev) { take_file(f); } } />
                </label>
            </div>
            <p role="status" data-testid="import-status">{move || match step.get() {
                Step::Reading => state.t(Msg::CsvReading).to_string(),
                Step::Checking => state.t(Msg::ExChecking).to_string(),
                Step::Applying => state.t(Msg::ExApplying).to_string(),
                _ => String::new(),
            }}</p>
            {move || match step.get() {
                Step::Failed(text) => {
                    // The card's top may be out of sight (the file was dropped low on the page).
                    let banner = NodeRef::<leptos::html::P>::new();
                    banner.on_load(|p| browser::reveal(&p));
                    Some(view! { <p class="banner error" role="alert" data-testid="import-error" node_ref=banner>{text}</p> }.into_any())
                }
                Step::NeedsPassphrase(name) => Some(view! {
                    <form novalidate=true on:submit=move |ev| { ev.prevent_default(); open_sealed(); }>
                        <p>{Msg::ExFileNeedsPassphrase.with(state.lang.get_untracked(), &[&name])}</p>
                        <TextField label=Msg::ExPassphrase name="import_pass" input_type="password"
                            value=Signal::derive(move || pass.get()) on_input=Callback::new(move |v| pass.set(v))
                            error=Signal::derive(move || pass_error.get()) />
                        <div class="actions">
                            <button type="submit" class="button primary" data-testid="import-open">{move || state.t(Msg::ExOpen)}</button>
                        </div>
                    </form>
                }.into_any()),
                Step::Preview(_) | Step::Applying => Some(view! { <PreviewView shown=shown checked=checked step=step on_apply=Callback::new(move |_| apply()) /> }.into_any()),
                _ => None,
            }}
        </div>
        {move || undo_info.get().map(|info| {
            let lang = state.lang.get();
            let when = format_datetime(info.at_ms, browser::tz_offset_minutes(), lang);
            view! {
                <div class="card" data-testid="undo-card">
                    <h2>{move || state.t(Msg::ExUndoTitle)}</h2>
                    <p>{Msg::ExUndoWhat.with(lang, &[&info.file, &info.from, &when])}</p>
                    <p class="muted">{move || state.t(Msg::ExUndoExplain)}</p>
                    <button class="button" data-testid="undo-import" on:click=move |_| confirm_undo.set(true)>
                        {move || state.t(Msg::ExUndoButton)}
                    </button>
                </div>
            }
        })}
        <ConfirmDialog open=confirm_undo message=Signal::derive(move || state.t(Msg::ExUndoConfirm).to_string())
            on_confirm=Callback::new(move |_| undo()) confirm_label=Msg::ExUndoButton />
    }
}

/// What the checked file would change, per kind, with conflicts, likely duplicates and
/// rejected items; the import button.
#[component]
fn PreviewView(
    shown: RwSignal<Option<ImportPreview>>,
    checked: StoredValue<Option<Bundle>>,
    step: RwSignal<Step>,
    on_apply: Callback<()>,
) -> impl IntoView {
    let state = use_app();
    move || {
        let p = shown.get()?;
        let lang = state.lang.get();
        let (from, names) = checked.with_value(|b| {
            let b = b.as_ref()?;
            let from = Msg::ExFromBranch.with(
                lang,
                &[&b.header.branch_name, &format_datetime(b.header.created_ms, browser::tz_offset_minutes(), lang)],
            );
            let names: Vec<(String, String, String)> = state.data.with_untracked(|d| {
                p.duplicates
                    .iter()
                    .take(SHOWN)
                    .map(|x| {
                        let reasons: Vec<&str> = x.reasons.iter().map(|r| reason_text(*r, lang)).collect();
                        (customer_name(d, &b.data, x.a), customer_name(d, &b.data, x.b), reasons.join("、"))
                    })
                    .collect()
            });
            Some((from, names))
        })?;
        let totals = p.totals();
        let nothing = totals.new + totals.updated + totals.deleted == 0 && p.erased == 0;
        let can_apply = p.can_apply() && !nothing;
        let rows = p
            .counts
            .iter()
            .map(|(kind, c)| {
                view! {
                    <tr>
                        <th scope="row">{kind_label(*kind).text(lang)}</th>
                        <td class="num">{format_count(c.new as usize)}</td>
                        <td class="num">{format_count(c.updated as usize)}</td>
                        <td class="num">{format_count(c.unchanged as usize)}</td>
                        <td class="num">{format_count(c.deleted as usize)}</td>
                        <td class="num">{format_count(c.conflicts as usize)}</td>
                    </tr>
                }
            })
            .collect_view();
        let conflicts = p
            .conflicts
            .iter()
            .take(SHOWN)
            .map(|c| {
                let fields: Vec<String> = c
                    .fields
                    .iter()
                    .zip(&c.theirs_won)
                    .map(|(f, theirs)| {
                        let who = if *theirs { Msg::ExTheirsWon } else { Msg::ExOursWon };
                        format!("{f}：{}", who.text(lang))
                    })
                    .collect();
                let what = if c.kind == crate::model::Kind::Customer {
                    checked
                        .with_value(|b| {
                            b.as_ref().map(|b| state.data.with_untracked(|d| customer_name(d, &b.data, c.id)))
                        })
                        .unwrap_or_default()
                } else {
                    c.id.to_string()
                };
                let line = Msg::ExConflictLine.with(lang, &[kind_label(c.kind).text(lang), &what, &fields.join("；")]);
                view! { <li>{line}</li> }
            })
            .collect_view();
        let rejected =
            p.rejected.iter().take(SHOWN).map(|r| view! { <li>{rejected_text(r, lang)}</li> }).collect_view();
        let duplicates =
            names.into_iter().map(|(a, b, why)| view! { <li>{format!("{a} ↔ {b}（{why}）")}</li> }).collect_view();
        Some(view! {
            <div class="preview" data-testid="import-preview">
                <h3>{move || state.t(Msg::ExPreviewTitle)}</h3>
                <p data-testid="import-from">{from}</p>
                <div class="table-wrap">
                    <table class="lines">
                        <thead><tr>
                            <th scope="col">{Msg::ExColKind.text(lang)}</th>
                            <th scope="col" class="num">{Msg::ExColNew.text(lang)}</th>
                            <th scope="col" class="num">{Msg::ExColUpdated.text(lang)}</th>
                            <th scope="col" class="num">{Msg::ExColUnchanged.text(lang)}</th>
                            <th scope="col" class="num">{Msg::HDeleted.text(lang)}</th>
                            <th scope="col" class="num">{Msg::ExColConflicts.text(lang)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {(totals.conflicts > 0).then(|| view! {
                    <p class="muted">{Msg::ExConflictsExplain.text(lang)}</p>
                    <ul data-testid="import-conflicts">{conflicts}</ul>
                })}
                {(!p.duplicates.is_empty()).then(|| view! {
                    <h3>{Msg::ExDuplicatesTitle.text(lang)}</h3>
                    <p class="muted">{Msg::ExDuplicatesExplain.text(lang)}</p>
                    <ul data-testid="import-duplicates">{duplicates}</ul>
                })}
                {(p.erased > 0).then(|| view! { <p>{Msg::ExErased.with(lang, &[&p.erased.to_string()])}</p> })}
                {(p.rejected_count > 0).then(|| view! {
                    <div class="banner error" role="alert" data-testid="import-rejected">
                        <p>{Msg::ExRejectedTitle.with(lang, &[&p.rejected_count.to_string()])}</p>
                        <ul>{rejected}</ul>
                    </div>
                })}
                {nothing.then(|| view! { <p data-testid="import-nothing">{Msg::ExNothingToImport.text(lang)}</p> })}
                <div class="actions">
                    <button class="button primary" data-testid="import-apply"
                        disabled=move || !can_apply || step.get() == Step::Applying
                        on:click=move |_| on_apply.run(())>
                        {Msg::ExApply.text(lang)}
                    </button>
                </div>
            </div>
        })
    }
}
