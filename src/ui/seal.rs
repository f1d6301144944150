//! Encryption at rest, on screen: the passphrase asked at start when the store is encrypted
//! ([`UnlockStore`]), and the privacy page's section that turns encryption on or off or changes
//! the passphrase ([`SealSettings`]). Keys, the record and the one-transaction conversions are
//! `store::sealed`; the passphrase's key derivation runs in WebCrypto (`webcrypto::derive_bits`).

use super::browser;
use super::components::field::{CheckField, TextField};
use super::state::{use_app, AppState};
use super::webcrypto::{self, WebCryptoError};
use crate::i18n::Msg;
use crate::store::sealed::{check_passphrase, DataKey, SealError, SealRecord, Sealed, ITERATIONS};
use crate::store::StoreError;
use leptos::prelude::*;

/// Why a passphrase action did not happen (nothing was changed in every case).
#[derive(Clone, Debug, PartialEq)]
enum Problem {
    Seal(SealError),
    NoCrypto,
    Store(StoreError),
}

impl From<SealError> for Problem {
    fn from(e: SealError) -> Self {
        Problem::Seal(e)
    }
}

impl From<StoreError> for Problem {
    fn from(e: StoreError) -> Self {
        Problem::Store(e)
    }
}

impl From<WebCryptoError> for Problem {
    fn from(_: WebCryptoError) -> Self {
        Problem::NoCrypto
    }
}

fn problem_text(state: AppState, p: &Problem) -> String {
    let lang = state.lang.get_untracked();
    match p {
        Problem::Seal(SealError::WrongPassphrase) => Msg::SealWrong.text(lang).into(),
        Problem::Seal(SealError::TooShort) => Msg::SealTooShort.text(lang).into(),
        Problem::Seal(SealError::Mismatch) => Msg::ExPassphraseMismatch.text(lang).into(),
        Problem::Seal(SealError::Damaged(what)) => Msg::SealDamaged.with(lang, &[what]),
        Problem::NoCrypto => Msg::SealNoCrypto.text(lang).into(),
        Problem::Store(e) => Msg::SealFailed.with(lang, &[&state.store_error_text(e)]),
    }
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    browser::random_bytes(&mut b);
    b
}

/// The data key, if `passphrase` opens `record`.
async fn open_record(record: &SealRecord, passphrase: &str) -> Result<DataKey, Problem> {
    let salt = record.salt_bytes()?;
    let passphrase_key = webcrypto::derive_bits(passphrase, &salt, record.iterations).await?;
    Ok(record.open(&passphrase_key)?)
}

/// A new record wrapping `key` under `passphrase` (fresh salt and nonce).
async fn new_record(key: &DataKey, passphrase: &str) -> Result<SealRecord, Problem> {
    let salt: [u8; 16] = random();
    let passphrase_key = webcrypto::derive_bits(passphrase, &salt, ITERATIONS).await?;
    Ok(SealRecord::new(key, &passphrase_key, salt, ITERATIONS, random()))
}

/// The passphrase screen shown instead of the app while an encrypted store is locked. Nothing
/// has been read yet; a wrong passphrase changes nothing.
#[component]
pub fn UnlockStore(record: SealRecord) -> impl IntoView {
    let state = use_app();
    let passphrase = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let record = record.clone();
        leptos::task::spawn_local(async move {
            browser::mark("kehu-unlock-start");
            match open_record(&record, &passphrase.get_untracked()).await {
                Ok(key) => {
                    browser::mark("kehu-unlocked");
                    passphrase.set(String::new());
                    state.phase.set(super::state::Phase::Loading);
                    super::startup::start(state, Some(key)).await;
                }
                Err(p) => {
                    error.set(Some(problem_text(state, &p)));
                    busy.set(false);
                }
            }
        });
    };
    view! {
        <form class="card unlock-store" data-testid="unlock-store" on:submit=submit>
            <h1>{move || state.t(Msg::UnlockTitle)}</h1>
            <p>{move || state.t(Msg::UnlockExplain)}</p>
            <TextField
                label=Msg::SealPassphrase
                name="unlock_passphrase"
                input_type="password"
                required=true
                value=passphrase
                on_input=Callback::new(move |v| passphrase.set(v))
                error=Signal::derive(move || error.get())
            />
            <div class="actions left">
                <button type="submit" class="button primary" data-testid="unlock-submit" disabled=move || busy.get()>
                    {move || state.t(if busy.get() { Msg::UnlockWorking } else { Msg::ExOpen })}
                </button>
            </div>
            <p class="muted">{move || state.t(Msg::UnlockForgot)}</p>
        </form>
    }
}

/// Tells the worker and the other tabs that encryption was turned on or off.
fn announce(state: AppState, key: Option<&DataKey>) {
    state.analysis.set_store_key(key, super::startup::nonce_prefix());
    if let Some(session) = state.session() {
        if let Some(ch) = session.channel.borrow().as_ref() {
            ch.post(&serde_json::json!({ "sealed": key.is_some() }).to_string());
        }
    }
}

async fn turn_on(state: AppState, passphrase: String) -> Result<usize, Problem> {
    let session = state.session().ok_or(StoreError::Unavailable("not open".into()))?;
    let key = DataKey(random());
    let record = new_record(&key, &passphrase).await?;
    let sealed = session.store.backend().seal_all(&key, &record, super::startup::nonce_prefix()).await?;
    session.store.backend().set_bulk_opener(Some(webcrypto::bulk_opener(&key)));
    announce(state, Some(&key));
    Ok(sealed)
}

/// The stored record, opened with `passphrase`: the check every change of the seal starts with.
async fn current_key(state: AppState, passphrase: &str) -> Result<DataKey, Problem> {
    let session = state.session().ok_or(StoreError::Unavailable("not open".into()))?;
    let record = Sealed::record(session.store.backend().inner()).await?.ok_or(StoreError::SealChanged)?;
    open_record(&record, passphrase).await
}

async fn turn_off(state: AppState, passphrase: String) -> Result<usize, Problem> {
    current_key(state, &passphrase).await?;
    let session = state.session().ok_or(StoreError::Unavailable("not open".into()))?;
    let opened = session.store.backend().unseal_all().await?;
    announce(state, None);
    Ok(opened)
}

async fn change(state: AppState, current: String, new: String) -> Result<(), Problem> {
    let key = current_key(state, &current).await?;
    let record = new_record(&key, &new).await?;
    let session = state.session().ok_or(StoreError::Unavailable("not open".into()))?;
    Ok(session.store.backend().rewrap(&record).await?)
}

/// What a finished action says, with its one figure.
type Done = (Msg, usize);

/// The privacy page's section: the state of encryption at rest and the forms that change it.
#[component]
pub fn SealSettings() -> impl IntoView {
    let state = use_app();
    let sealed = RwSignal::new(state.session().is_some_and(|s| s.store.backend().is_sealed()));
    // The running conversion's message; the forms are disabled meanwhile.
    let working = RwSignal::new(None::<Msg>);
    let pass = RwSignal::new(String::new());
    let repeat = RwSignal::new(String::new());
    let current = RwSignal::new(String::new());
    let understood = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let clear = move || {
        for s in [pass, repeat, current] {
            s.set(String::new());
        }
        understood.set(false);
        error.set(None);
    };
    // Runs one action; on success says so and flips the state, on failure shows why.
    let run = move |msg: Msg, action: std::pin::Pin<Box<dyn std::future::Future<Output = Result<Done, Problem>>>>| {
        working.set(Some(msg));
        error.set(None);
        leptos::task::spawn_local(async move {
            match action.await {
                Ok((done, count)) => {
                    clear();
                    sealed.set(state.session().is_some_and(|s| s.store.backend().is_sealed()));
                    state.info(done, &[&count.to_string()]);
                }
                Err(p) => error.set(Some(problem_text(state, &p))),
            }
            working.set(None);
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if working.get_untracked().is_some() {
            return;
        }
        let (p, r) = (pass.get_untracked(), repeat.get_untracked());
        if let Err(e) = check_passphrase(&p, &r) {
            error.set(Some(problem_text(state, &e.into())));
            return;
        }
        if !understood.get_untracked() {
            error.set(Some(state.t(Msg::SealUnderstoodMissing).into()));
            return;
        }
        run(Msg::SealWorkingOn, Box::pin(async move { Ok((Msg::SealTurnedOn, turn_on(state, p).await?)) }));
    };
    let on_off = move |_| {
        let c = current.get_untracked();
        run(Msg::SealWorkingOff, Box::pin(async move { Ok((Msg::SealTurnedOff, turn_off(state, c).await?)) }));
    };
    let on_change = move |_| {
        let (c, p, r) = (current.get_untracked(), pass.get_untracked(), repeat.get_untracked());
        if let Err(e) = check_passphrase(&p, &r) {
            error.set(Some(problem_text(state, &e.into())));
            return;
        }
        run(
            Msg::UnlockWorking,
            Box::pin(async move {
                change(state, c, p).await?;
                Ok((Msg::SealRewrapped, 0))
            }),
        );
    };
    let last_export = move || {
        let lang = state.lang.get();
        match state.backup.get().and_then(|b| b.last_export_ms) {
            Some(ms) => {
                Msg::SealLastExport.with(lang, &[&crate::i18n::format_datetime(ms, browser::tz_offset_minutes(), lang)])
            }
            None => Msg::SealNeverExported.text(lang).into(),
        }
    };
    let busy = move || working.get().is_some();
    let field = move |label: Msg, name: &'static str, value: RwSignal<String>| {
        view! {
            <TextField
                label=label
                name=name
                input_type="password"
                value=value
                on_input=Callback::new(move |v| value.set(v))
            />
        }
    };
    view! {
        <div class="card seal" data-testid="seal-section">
            <h2>{move || state.t(Msg::SealTitle)}</h2>
            <p data-testid="seal-state" class=move || if sealed.get() { "badge ok" } else { "badge" }>
                {move || state.t(if sealed.get() { Msg::SealStateOn } else { Msg::SealStateOff })}
            </p>
            <p>{move || state.t(Msg::SealExplainOff)}</p>
            {move || working.get().map(|m| view! { <p class="banner info" role="status" data-testid="seal-working">{state.t(m)}</p> })}
            {move || error.get().map(|e| view! { <p class="banner error" role="alert" data-testid="seal-error">{e}</p> })}
            {move || if sealed.get() {
                view! {
                    <form class="seal-on" on:submit=|ev| ev.prevent_default()>
                        {field(Msg::SealCurrent, "seal_current", current)}
                        <h3>{move || state.t(Msg::SealChange)}</h3>
                        {field(Msg::SealNew, "seal_pass", pass)}
                        {field(Msg::SealRepeat, "seal_repeat", repeat)}
                        <p class="muted">{move || state.t(Msg::SealHint)}</p>
                        <div class="actions left">
                            <button type="button" class="button" data-testid="seal-change" disabled=busy on:click=on_change>
                                {move || state.t(Msg::SealChange)}
                            </button>
                        </div>
                        <h3>{move || state.t(Msg::SealTurnOff)}</h3>
                        <p class="muted">{move || state.t(Msg::SealOffExplain)}</p>
                        <div class="actions left">
                            <button type="button" class="button danger" data-testid="seal-off" disabled=busy on:click=on_off>
                                {move || state.t(Msg::SealTurnOff)}
                            </button>
                        </div>
                    </form>
                }
                    .into_any()
            } else {
                view! {
                    <form class="seal-off" on:submit=on_submit>
                        <div class="banner warning" role="note" data-testid="seal-warning">
                            <p>{move || state.t(Msg::SealWarning)}</p>
                            <p data-testid="seal-last-export">{last_export}</p>
                            <a class="button" href="#/exchange">{move || state.t(Msg::SealExportFirst)}</a>
                        </div>
                        {field(Msg::SealPassphrase, "seal_pass", pass)}
                        {field(Msg::SealRepeat, "seal_repeat", repeat)}
                        <p class="muted">{move || state.t(Msg::SealHint)}</p>
                        <CheckField
                            label=Msg::SealUnderstood
                            name="seal_understood"
                            value=understood
                            on_change=Callback::new(move |v| understood.set(v))
                        />
                        <div class="actions left">
                            <button type="submit" class="button primary" data-testid="seal-on" disabled=busy>
                                {move || state.t(Msg::SealTurnOn)}
                            </button>
                        </div>
                    </form>
                }
                    .into_any()
            }}
        </div>
    }
}
