//! Branch exchange (`#/exchange`): export a bundle file (everything, or what a peer branch has
//! not received), import one with a preview and one transaction, undo the last import, and the
//! backup reminder. The rules are `crate::exchange`'s; this is the screen around them.

mod duplicates;
mod export;
mod import;

use crate::exchange::vector::VersionVector;
use crate::exchange::{crypt::CryptError, BundleError};
use crate::i18n::{kind_label, Lang, Msg};
use crate::ui::browser::human_bytes;
use crate::ui::components::field::TextField;
use crate::ui::state::{use_app, AppState};
use crate::ui::webcrypto::WebCryptoError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Meta key: what each peer branch had, by branch id (JSON map of [`Peer`]).
const META_PEERS: &str = "peers";
/// Meta key: when this device last exported a bundle (unix ms).
pub const META_LAST_EXPORT: &str = "last-export";
/// Meta key: days without an export before the reminder shows (0: never).
pub const META_REMIND_DAYS: &str = "backup-remind-days";

/// A branch this one received a file from: what it held then.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Peer {
    name: String,
    vector: VersionVector,
    received_ms: u64,
}

type Peers = BTreeMap<String, Peer>;

async fn read_peers(state: AppState) -> Peers {
    let Some(session) = state.session() else { return Peers::new() };
    match session.store.meta(META_PEERS).await {
        Ok(Some(text)) => serde_json::from_str(&text).unwrap_or_default(),
        _ => Peers::new(),
    }
}

/// The import that can be undone, as shown (stored as JSON under `store::undo::META_UNDO`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct UndoInfo {
    file: String,
    from: String,
    at_ms: u64,
}

/// What the app knows about backups (read at start, updated by exports).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupFacts {
    pub last_export_ms: Option<u64>,
    pub remind_days: u32,
}

/// Reads the backup facts from the store into the app state.
pub async fn load_backup_facts(state: AppState) {
    let Some(session) = state.session() else { return };
    let read = |key: &'static str| {
        let store = session.store.clone();
        async move { store.meta(key).await.ok().flatten().and_then(|v| v.parse::<u64>().ok()) }
    };
    let last_export_ms = read(META_LAST_EXPORT).await;
    let remind_days = read(META_REMIND_DAYS)
        .await
        .map_or(crate::exchange::reminder::DEFAULT_REMIND_AFTER_DAYS, |d| d.min(365) as u32);
    state.backup.set(Some(BackupFacts { last_export_ms, remind_days }));
}

/// The text of a refused file, in the user's language.
fn bundle_error_text(e: &BundleError, lang: Lang) -> String {
    let kind = |k: &crate::model::Kind| kind_label(*k).text(lang);
    match e {
        BundleError::Empty => Msg::ExErrEmpty.text(lang).into(),
        BundleError::TooLarge { size, limit } => {
            Msg::ExErrTooLarge.with(lang, &[&human_bytes(*size as f64), &human_bytes(*limit as f64)])
        }
        BundleError::DecompressedTooLarge { limit } => {
            Msg::ExErrUnpackedTooLarge.with(lang, &[&human_bytes(*limit as f64)])
        }
        BundleError::TooManyItems { limit } => Msg::ExErrTooManyItems.with(lang, &[&limit.to_string()]),
        BundleError::NotABundle => Msg::ExErrNotABundle.text(lang).into(),
        BundleError::Truncated => Msg::ExErrTruncated.text(lang).into(),
        BundleError::Compression(_) => Msg::ExErrCompression.text(lang).into(),
        BundleError::NotUtf8 { offset } => Msg::ExErrNotUtf8.with(lang, &[&offset.to_string()]),
        BundleError::Json { line, column, .. } => Msg::ExErrJson.with(lang, &[&line.to_string(), &column.to_string()]),
        BundleError::WrongFormat { .. } => Msg::ExErrWrongFormat.text(lang).into(),
        BundleError::NewerVersion { found, supported } => {
            Msg::ExErrNewerVersion.with(lang, &[&found.to_string(), &supported.to_string()])
        }
        BundleError::UnknownVersion { found } => Msg::ExErrUnknownVersion.with(lang, &[&found.to_string()]),
        BundleError::UnknownKind { name } => Msg::ExErrUnknownKind.with(lang, &[name]),
        BundleError::Columns { kind: k, .. } => Msg::ExErrColumns.with(lang, &[kind(k)]),
        BundleError::DuplicateId { kind: k, id } => Msg::ExErrDuplicateId.with(lang, &[kind(k), &id.to_string()]),
        BundleError::CountMismatch { kind: k, header, content } => {
            Msg::ExErrCountMismatch.with(lang, &[kind(k), &header.to_string(), &content.to_string()])
        }
        BundleError::ChecksumMismatch { .. } => Msg::ExErrChecksum.text(lang).into(),
        BundleError::Crypt(c) => crypt_error_text(c, lang),
    }
}

fn crypt_error_text(e: &CryptError, lang: Lang) -> String {
    match e {
        CryptError::PassphraseRequired => Msg::ExErrPassphraseRequired,
        CryptError::WrongPassphrase => Msg::ExErrWrongPassphrase,
        CryptError::Truncated => Msg::ExErrTruncated,
        CryptError::UnknownEnvelope(_) | CryptError::UnknownKdf(_) | CryptError::Iterations(_) => Msg::ExErrEnvelope,
        CryptError::EmptyPassphrase => Msg::ExErrPassphraseRequired,
    }
    .text(lang)
    .into()
}

fn webcrypto_error_text(e: &WebCryptoError, lang: Lang) -> String {
    match e {
        WebCryptoError::Crypt(c) => crypt_error_text(c, lang),
        WebCryptoError::Unavailable(_) => Msg::ExErrNoCrypto.text(lang).into(),
    }
}

#[component]
pub fn ExchangePage() -> impl IntoView {
    let state = use_app();
    let branch_name =
        move || state.data.with(|d| d.branches.get(&state.branch()).map(|b| b.data.name.clone()).unwrap_or_default());
    let name_text = RwSignal::new(branch_name());
    let name_error = RwSignal::new(None::<String>);
    let rename = move || {
        let name = name_text.get_untracked().trim().to_string();
        if name.is_empty() {
            name_error.set(Some(state.t(Msg::VRequired).into()));
            return;
        }
        name_error.set(None);
        let o = state.origin();
        let batch = state.data.with_untracked(|d| {
            let current = d.branches.get(&state.branch())?;
            let new = crate::model::Branch { name: name.clone(), ..current.data.clone() };
            crate::edits::edit_branch(current, &new, crate::ui::browser::new_id(), o)
        });
        if let Some(batch) = batch {
            leptos::task::spawn_local(async move {
                if state.commit(batch).await.is_ok() {
                    state.info(Msg::Saved, &[]);
                }
            });
        }
    };
    view! {
        <section class="page exchange">
            <crate::ui::pages::admin_tabs::AdminTabs />
            <h1>{move || state.t(Msg::ExTitle)}</h1>
            <p class="muted">{move || state.t(Msg::ExExplain)}</p>
            <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); rename(); }>
                <p class="muted" data-testid="this-branch">{move || Msg::ExThisBranch.with(state.lang.get(), &[&branch_name()])}</p>
                <div class="grid">
                    <TextField label=Msg::ExBranchName name="branch_name" value=Signal::derive(move || name_text.get())
                        on_input=Callback::new(move |v| name_text.set(v)) error=Signal::derive(move || name_error.get()) />
                </div>
                <p class="muted">{move || state.t(Msg::ExBranchNameHint)}</p>
                <div class="actions">
                    <button type="submit" class="button" data-testid="save-branch-name">{move || state.t(Msg::Save)}</button>
                </div>
            </form>
            <export::ExportCard />
            <import::ImportCard />
            <duplicates::DuplicatesCard />
        </section>
    }
}

/// Under the header: a reminder when no backup was exported for the set number of days.
#[component]
pub fn BackupBanner() -> impl IntoView {
    let state = use_app();
    move || {
        let facts = state.backup.get()?;
        // Nothing to lose yet in an empty book; the exchange page itself says it all.
        if state.data.with(|d| d.customers.is_empty()) || matches!(state.route.get(), crate::route::Route::Exchange) {
            return None;
        }
        let status = crate::exchange::reminder::backup_status(
            facts.last_export_ms,
            crate::ui::browser::now_ms(),
            facts.remind_days,
        );
        status.due.then(|| {
            let lang = state.lang.get();
            let text = match status.days_since {
                Some(days) => Msg::ExBackupBanner.with(lang, &[&days.to_string()]),
                None => Msg::ExBackupBannerNever.text(lang).to_string(),
            };
            view! {
                <div class="banner warn" role="status" data-testid="backup-banner">
                    <span>{text}</span>
                    <a class="button small" href="#/exchange">{move || state.t(Msg::ExBackupLink)}</a>
                </div>
            }
        })
    }
}
