//! App state: one `Copy` struct of signals, provided in `App` and read with [`use_app`].
//! The dataset lives in memory; every change goes through [`AppState::commit`], which writes it
//! to IndexedDB first and merges it into memory only once the write succeeded.

use super::analysis::Analysis;
use super::browser::{self, StorageInfo, TabChannel};
use super::data_signal::DataSignal;
use super::offline::Offline;
use crate::i18n::{Lang, Msg};
use crate::ledger::{balances, Balance};
use crate::model::{Dataset, Hlc, HlcClock, Id, IdMap};
use crate::route::Route;
use crate::search::{build_rows, CustomerRow};
use crate::store::idb::BrowserStore;
use crate::store::StoreError;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

/// Where the app is in starting up.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Loading,
    /// The store is encrypted at rest: the app asks for the passphrase before reading anything.
    Sealed(crate::store::sealed::SealRecord),
    Ready,
    /// The store could not be opened or read: the app shows why and does not pretend to work.
    Failed(StoreError),
}

/// A message shown for a while at the bottom of the screen. It keeps what to say, not the
/// words, so switching language re-translates it.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Info(Msg, Vec<String>),
    Error(Msg, Vec<String>),
    StoreFailed(StoreError),
}

/// What only this tab has and never crosses threads: the open store, the clock, the channel.
pub struct Session {
    pub store: Rc<BrowserStore>,
    pub clock: RefCell<HlcClock>,
    pub branch: Id,
    pub channel: RefCell<Option<TabChannel>>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    pub lang: RwSignal<Lang>,
    pub data: DataSignal,
    pub phase: RwSignal<Phase>,
    /// False while the big kinds (sales, payments, contacts, history…) are still being read after
    /// start: the pages that show or export them wait for it (`startup::LATER`).
    pub complete: RwSignal<bool>,
    /// The last export and the reminder setting, once read from the store.
    pub backup: RwSignal<Option<crate::ui::pages::exchange::BackupFacts>>,
    /// Counts full reloads of the data, so a late second load step does not add to a newer copy.
    pub reloads: StoredValue<u32>,
    pub notice: RwSignal<Option<Notice>>,
    pub route: RwSignal<Route>,
    pub storage: RwSignal<StorageInfo>,
    /// A problem with other tabs (blocked upgrade, newer version elsewhere), shown as a banner.
    pub tab_problem: RwSignal<Option<StoreError>>,
    pub session: StoredValue<Option<Rc<Session>>, LocalStorage>,
    /// Derived once per data change and shared by every page.
    pub balances: Memo<Arc<IdMap<Balance>>>,
    pub rows: Memo<Arc<Vec<CustomerRow>>>,
    pub staff_names: Memo<Arc<HashMap<Id, String>>>,
    /// The scoring worker's results and settings.
    pub analysis: Analysis,
    /// The service worker: offline copy and new versions.
    pub offline: Offline,
    /// Who is working on this device and whether the app is locked (`ui::who`).
    pub who: RwSignal<crate::privacy::Session>,
}

/// Memos of big derived values compare by pointer: recomputing means it changed.
fn arc_changed<T>(old: Option<&Arc<T>>, new: Option<&Arc<T>>) -> bool {
    match (old, new) {
        (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
        _ => true,
    }
}

pub fn use_app() -> AppState {
    // `App` provides the state before any page renders, so it is always there.
    use_context::<AppState>().expect("AppState is provided by App")
}

const LANG_KEY: &str = "kehu.lang";

/// The remembered language, else Chinese (the product's default; English is one tap away).
pub fn initial_lang() -> Lang {
    browser::local_get(LANG_KEY).and_then(|t| Lang::from_tag(&t)).unwrap_or_default()
}

impl AppState {
    pub fn new() -> AppState {
        let data = DataSignal::default();
        let balances = Memo::new_with_compare(move |_| Arc::new(data.with(balances)), arc_changed);
        let rows =
            Memo::new_with_compare(move |_| Arc::new(data.with(|d| build_rows(d, &balances.get()))), arc_changed);
        let staff_names = Memo::new_with_compare(
            move |_| Arc::new(data.with(|d| d.staff.live().map(|s| (s.id, s.data.name.clone())).collect())),
            arc_changed,
        );
        AppState {
            balances,
            rows,
            staff_names,
            analysis: Analysis::new(),
            offline: Offline::new(),
            lang: RwSignal::new(initial_lang()),
            data,
            phase: RwSignal::new(Phase::Loading),
            complete: RwSignal::new(false),
            backup: RwSignal::new(None),
            reloads: StoredValue::new(0),
            notice: RwSignal::new(None),
            route: RwSignal::new(Route::parse(&browser::location_hash())),
            storage: RwSignal::new(StorageInfo::default()),
            tab_problem: RwSignal::new(None),
            session: StoredValue::new_local(None),
            who: RwSignal::new(crate::privacy::Session::default()),
        }
    }

    /// The text of a message in the current language (tracks the language signal).
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang.get())
    }

    pub fn set_lang(&self, lang: Lang) {
        self.lang.set(lang);
        browser::local_set(LANG_KEY, lang.tag());
        if let Some(doc) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = doc.set_attribute("lang", lang.tag());
        }
    }

    pub fn go(&self, route: Route) {
        browser::set_location_hash(&route.to_hash());
        self.route.set(route);
    }

    pub fn session(&self) -> Option<Rc<Session>> {
        self.session.get_value()
    }

    /// A fresh stamp for a change made now.
    pub fn stamp(&self) -> Hlc {
        match self.session() {
            Some(s) => s.clock.borrow_mut().tick(browser::now_ms()),
            None => Hlc::default(),
        }
    }

    pub fn branch(&self) -> Id {
        self.session().map(|s| s.branch).unwrap_or(Id::NIL)
    }

    /// The staff member working on this device, if one was chosen.
    pub fn user(&self) -> Option<Id> {
        self.who.with_untracked(|s| s.user)
    }

    /// Where a change made now comes from: this branch, a fresh stamp, who made it.
    pub fn origin(&self) -> crate::edits::Origin {
        crate::edits::Origin { branch: self.branch(), stamp: self.stamp(), by: self.user() }
    }

    pub fn info(&self, msg: Msg, args: &[&str]) {
        self.notice.set(Some(Notice::Info(msg, args.iter().map(|a| a.to_string()).collect())));
    }

    pub fn error(&self, msg: Msg) {
        self.notice.set(Some(Notice::Error(msg, Vec::new())));
    }

    pub fn store_failed(&self, e: &StoreError) {
        self.notice.set(Some(Notice::StoreFailed(e.clone())));
    }

    /// The text of a notice in the current language.
    pub fn notice_text(&self, n: &Notice) -> String {
        let lang = self.lang.get();
        match n {
            Notice::Info(m, args) | Notice::Error(m, args) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                m.with(lang, &args)
            }
            Notice::StoreFailed(e) => self.store_error_text(e),
        }
    }

    /// The user-facing text of a storage error, in the current language.
    pub fn store_error_text(&self, e: &StoreError) -> String {
        let lang = self.lang.get();
        match e {
            StoreError::QuotaExceeded => Msg::ErrQuota.text(lang).into(),
            StoreError::Unavailable(_) => Msg::ErrUnavailable.text(lang).into(),
            StoreError::Blocked => Msg::ErrBlocked.text(lang).into(),
            StoreError::VersionChanged => Msg::ErrVersionChanged.text(lang).into(),
            StoreError::NewerSchema { .. } => Msg::ErrNewerSchema.text(lang).into(),
            StoreError::SealChanged => Msg::ErrSealChanged.text(lang).into(),
            StoreError::Corrupt { key, .. } => Msg::ErrCorrupt.with(lang, &[key]),
            StoreError::Backend(m) => Msg::ErrStorage.with(lang, &[m]),
        }
    }

    /// Writes a batch of changes: to IndexedDB first (one transaction), then into memory, then
    /// tells other tabs. On failure nothing changes anywhere and the error is shown.
    pub async fn commit(&self, batch: Dataset) -> Result<(), StoreError> {
        let Some(session) = self.session() else {
            return Err(StoreError::Unavailable("not open".into()));
        };
        match session.store.commit(&batch).await {
            Ok(keys) => {
                // Into an empty book (the first demo load) the batch is the data: no copy.
                self.data.update(|d| if d.total() == 0 { *d = batch } else { d.merge_all(&batch) });
                if let Some(ch) = session.channel.borrow().as_ref() {
                    ch.post(&serde_json::json!({ "changed": keys }).to_string());
                }
                self.analysis.data_changed(keys);
                Ok(())
            }
            Err(e) => {
                if matches!(e, StoreError::VersionChanged | StoreError::SealChanged) {
                    self.tab_problem.set(Some(e.clone()));
                }
                self.store_failed(&e);
                Err(e)
            }
        }
    }

    /// Refreshes the storage figures shown on screen.
    pub fn refresh_storage(&self) {
        let storage = self.storage;
        leptos::task::spawn_local(async move {
            let mut info = browser::estimate().await;
            if info.persisted.is_none() {
                info.persisted = storage.get_untracked().persisted;
            }
            storage.set(info);
        });
    }
}

impl Default for AppState {
    fn default() -> Self {
        AppState::new()
    }
}
