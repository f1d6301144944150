//! The export card: everything or what a peer lacks, with or without the sensitive personal
//! information (off by default), optionally sealed with a passphrase, and the backup status with
//! its reminder setting.

use super::{read_peers, webcrypto_error_text, BackupFacts, Peers, META_LAST_EXPORT, META_REMIND_DAYS};
use crate::exchange::crypt::{self, Envelope};
use crate::exchange::{bundle_file_name, export_bundle_with, ExportInfo, ExportOptions};
use crate::i18n::{format_count, Msg};
use crate::ui::browser::{self, human_bytes};
use crate::ui::components::field::{CheckField, TextField};
use crate::ui::download::save_bytes;
use crate::ui::state::use_app;
use crate::ui::webcrypto;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Work {
    Idle,
    Packing,
    Encrypting,
}

#[component]
pub fn ExportCard() -> impl IntoView {
    let state = use_app();
    let peers = RwSignal::new(Peers::new());
    // "" = everything; otherwise the id of the peer branch.
    let target = RwSignal::new(String::new());
    let pass = RwSignal::new(String::new());
    let pass2 = RwSignal::new(String::new());
    let sensitive = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let work = RwSignal::new(Work::Idle);
    let remind_text = RwSignal::new(String::new());
    let remind_error = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move { peers.set(read_peers(state).await) });
    Effect::new(move |_| {
        if let Some(f) = state.backup.get() {
            if remind_text.get_untracked().is_empty() {
                remind_text.set(f.remind_days.to_string());
            }
        }
    });

    let export = move || {
        let lang = state.lang.get_untracked();
        let passphrase = pass.get_untracked();
        if passphrase != pass2.get_untracked() {
            problem.set(Some(Msg::ExPassphraseMismatch.text(lang).into()));
            return;
        }
        problem.set(None);
        let Some(session) = state.session() else { return };
        let peer = peers.with_untracked(|p| p.get(&target.get_untracked()).cloned());
        let options = ExportOptions { include_sensitive: sensitive.get_untracked() };
        work.set(Work::Packing);
        leptos::task::spawn_local(async move {
            browser::next_frame().await;
            browser::mark("kehu-export-start");
            let now = browser::now_ms();
            let branch = session.branch;
            let device = session.clock.borrow().node().device();
            let (bytes, records, branch_name) = state.data.with_untracked(|d| {
                let name = d.branches.get(&branch).map(|b| b.data.name.clone()).unwrap_or_default();
                let info = ExportInfo { branch, branch_name: name.clone(), device, created_ms: now };
                let since = peer.as_ref().map(|p| &p.vector);
                let (bytes, records) = export_bundle_with(d, since, &info, options);
                (bytes, records, name)
            });
            browser::mark("kehu-export-packed");
            let bytes = if passphrase.is_empty() {
                bytes
            } else {
                work.set(Work::Encrypting);
                let mut salt = [0u8; crypt::SALT_LEN];
                let mut nonce = [0u8; crypt::NONCE_LEN];
                browser::random_bytes(&mut salt);
                browser::random_bytes(&mut nonce);
                let envelope = Envelope { iterations: crypt::DEFAULT_ITERATIONS, salt, nonce };
                match webcrypto::encrypt(&bytes, &passphrase, &envelope).await {
                    Ok(sealed) => sealed,
                    Err(e) => {
                        problem.set(Some(webcrypto_error_text(&e, state.lang.get_untracked())));
                        work.set(Work::Idle);
                        return;
                    }
                }
            };
            browser::mark("kehu-export-done");
            let _ = browser::measure("kehu-export", "kehu-export-start", "kehu-export-done");
            work.set(Work::Idle);
            if !save_bytes(&bundle_file_name(&branch_name, browser::today()), "application/octet-stream", &bytes) {
                state.error(Msg::ExDownloadRefused);
                return;
            }
            match session.store.set_meta(META_LAST_EXPORT, &now.to_string()).await {
                Ok(()) => state.backup.update(|b| {
                    let remind_days = b.map_or(crate::exchange::reminder::DEFAULT_REMIND_AFTER_DAYS, |f| f.remind_days);
                    *b = Some(BackupFacts { last_export_ms: Some(now), remind_days });
                }),
                Err(e) => state.store_failed(&e),
            }
            match peer {
                Some(p) if records == 0 => state.info(Msg::ExNothingNew, &[&p.name]),
                _ => state.info(Msg::ExExported, &[&format_count(records), &human_bytes(bytes.len() as f64)]),
            }
        });
    };

    let save_remind = move |text: String| {
        remind_text.set(text.clone());
        let lang = state.lang.get_untracked();
        match text.trim().parse::<u32>() {
            Ok(days) if days <= 365 => {
                remind_error.set(None);
                let Some(session) = state.session() else { return };
                leptos::task::spawn_local(async move {
                    match session.store.set_meta(META_REMIND_DAYS, &days.to_string()).await {
                        Ok(()) => state.backup.update(|b| {
                            let last_export_ms = b.and_then(|f| f.last_export_ms);
                            *b = Some(BackupFacts { last_export_ms, remind_days: days });
                        }),
                        Err(e) => state.store_failed(&e),
                    }
                });
            }
            _ => remind_error.set(Some(Msg::ExRemindDaysError.text(lang).into())),
        }
    };

    let status = move || {
        let lang = state.lang.get();
        let Some(f) = state.backup.get() else { return String::new() };
        let s = crate::exchange::reminder::backup_status(f.last_export_ms, browser::now_ms(), f.remind_days);
        let mut text = match s.days_since {
            None => Msg::ExBackupNever.text(lang).to_string(),
            Some(0) => Msg::ExBackupToday.text(lang).to_string(),
            Some(d) => Msg::ExBackupAgo.with(lang, &[&d.to_string()]),
        };
        if s.due {
            text.push(' ');
            text.push_str(Msg::ExBackupDue.text(lang));
        }
        text
    };

    view! {
        <div class="card">
            <h2>{move || state.t(Msg::ExExportTitle)}</h2>
            <p data-testid="backup-status" class=move || {
                let due = state.backup.get().is_some_and(|f| {
                    crate::exchange::reminder::backup_status(f.last_export_ms, browser::now_ms(), f.remind_days).due
                });
                if due { "banner warn" } else { "muted" }
            }>{status}</p>
            <form novalidate=true on:submit=move |ev| { ev.prevent_default(); export(); }>
                <div class="grid">
                    <label class="field">
                        <span class="label">{move || state.t(Msg::ExWhat)}</span>
                        <select data-testid="export-target" on:change=move |ev| target.set(event_target_value(&ev))
                            prop:value=move || target.get()>
                            <option value="">{move || state.t(Msg::ExEverything)}</option>
                            {move || peers.get().into_iter().map(|(id, p)| {
                                let label = Msg::ExSincePeer.with(state.lang.get(), &[&p.name]);
                                view! { <option value=id>{label}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <TextField label=Msg::ExPassphrase name="export_pass" input_type="password"
                        value=Signal::derive(move || pass.get()) on_input=Callback::new(move |v| pass.set(v)) />
                    <TextField label=Msg::ExPassphraseRepeat name="export_pass2" input_type="password"
                        value=Signal::derive(move || pass2.get()) on_input=Callback::new(move |v| pass2.set(v)) />
                </div>
                <p class="muted">{move || state.t(Msg::ExPassphraseHint)}</p>
                <CheckField label=Msg::PvIncludeSensitive name="export_sensitive"
                    value=Signal::derive(move || sensitive.get()) on_change=Callback::new(move |v| sensitive.set(v)) />
                <p class="muted">{move || state.t(Msg::PvIncludeSensitiveHint)}</p>
                <p class="field-error" role="alert">{move || problem.get()}</p>
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="export" disabled=move || work.get() != Work::Idle>
                        {move || state.t(Msg::ExExportButton)}
                    </button>
                    <span role="status" data-testid="export-status">{move || match work.get() {
                        Work::Idle => "",
                        Work::Packing => state.t(Msg::ExExporting),
                        Work::Encrypting => state.t(Msg::ExEncrypting),
                    }}</span>
                </div>
            </form>
            <div class="grid">
                <TextField label=Msg::ExRemindDays name="remind_days" input_mode="numeric"
                    value=Signal::derive(move || remind_text.get()) on_input=Callback::new(save_remind)
                    error=Signal::derive(move || remind_error.get()) />
            </div>
        </div>
    }
}
