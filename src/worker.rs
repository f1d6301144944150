//! The scoring web worker: it opens the IndexedDB store itself (so a million lines never travel
//! through the page), keeps a [`Workspace`], and answers the page's [`ToWorker`] messages. A newer
//! scoring request cancels an older one at the next step boundary.

use crate::store::idb::{BrowserStore, IdbBackend, TabEvents};
use crate::store::layout::kind_of_key;
use crate::store::sealed::{DataKey, Sealed};
use crate::store::Store;

/// The store's data key and this worker's nonce prefix, when the store is encrypted.
type KeyCell = Rc<RefCell<Option<(DataKey, [u8; 8])>>>;
use crate::workspace::{FromWorker, Stage, ToWorker, WorkError, Workspace};
use gloo_worker::{HandlerId, Registrable, Worker, WorkerScope};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// The script that starts the worker (Trunk writes it next to the page's files).
pub const LOADER: &str = "./kehu-worker_loader.js";

/// Registers the worker in the worker's global scope (called from its `main`).
pub fn register() {
    report_failures();
    ScoringWorker::registrar().register();
}

/// The global the reading worker names its failure channel in (see [`report_failures`]).
const REPORT_TO: &str = "kehuReportTo";

/// If this worker's wasm fails (a trap: memory exhausted, a panic), the exception reaches the
/// worker's global `error` event and gloo-worker never answers: the page would wait for ever.
/// This listener, plain JS so that it does not run the failed wasm again, tells the page on
/// the BroadcastChannel a [`ToWorker::ReadBundle`] named and ends the worker, which gives its
/// memory back. The scoring worker sets no channel and is left as it was.
fn report_failures() {
    use wasm_bindgen::{JsCast, JsValue};
    const BODY: &str = "self.addEventListener('error', function () {
        var name = self.kehuReportTo;
        if (!name) { return; }
        try { var c = new BroadcastChannel(name); c.postMessage('stopped'); c.close(); } catch (_) {}
        self.close();
    });";
    // Made with the Function constructor, which a page's Content-Security-Policy may forbid:
    // then imports work as before, only without this report.
    let global = js_sys::global();
    let made = js_sys::Reflect::get(&global, &"Function".into())
        .and_then(|f| {
            js_sys::Reflect::construct::<fn() -> JsValue>(f.unchecked_ref(), &js_sys::Array::of1(&BODY.into()))
        })
        .and_then(|install| install.unchecked_into::<js_sys::Function>().call0(&global));
    if made.is_err() {
        web_sys::console::warn_1(&"kehu: a failing import worker cannot report itself".into());
    }
}

fn now() -> f64 {
    js_sys::Date::now()
}

/// Lets the worker read its messages (a newer request, a cancel) between steps.
async fn yield_now() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

pub struct ScoringWorker {
    workspace: Rc<RefCell<Workspace>>,
    store: Rc<RefCell<Option<Rc<BrowserStore>>>>,
    key: KeyCell,
    loaded: Rc<Cell<bool>>,
    /// The newest scoring request; older runs stop at their next step.
    newest: Rc<Cell<u64>>,
    cancelled: Rc<Cell<u64>>,
    /// Counts "data changed" messages, so a load that overlapped one is not trusted.
    generation: Rc<Cell<u64>>,
    /// Reads of changed buckets still under way: a scoring run waits for them, or it would
    /// score the data as it was before the change that asked for it.
    reading: Rc<Cell<u32>>,
}

impl Worker for ScoringWorker {
    type Message = ();
    type Input = ToWorker;
    type Output = FromWorker;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        ScoringWorker {
            workspace: Rc::new(RefCell::new(Workspace::default())),
            store: Rc::new(RefCell::new(None)),
            key: Rc::new(RefCell::new(None)),
            loaded: Rc::new(Cell::new(false)),
            newest: Rc::new(Cell::new(0)),
            cancelled: Rc::new(Cell::new(0)),
            generation: Rc::new(Cell::new(0)),
            reading: Rc::new(Cell::new(0)),
        }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: ()) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: ToWorker, who: HandlerId) {
        match msg {
            ToWorker::Score { request, settings, today } => {
                self.newest.set(request);
                let run = Run {
                    scope: scope.clone(),
                    who,
                    request,
                    workspace: self.workspace.clone(),
                    store: self.store.clone(),
                    key: self.key.clone(),
                    loaded: self.loaded.clone(),
                    newest: self.newest.clone(),
                    cancelled: self.cancelled.clone(),
                    generation: self.generation.clone(),
                    reading: self.reading.clone(),
                };
                wasm_bindgen_futures::spawn_local(async move {
                    let outcome = run.score(settings, today).await;
                    if let Err(error) = outcome {
                        run.scope.respond(run.who, FromWorker::Failed { request, error });
                    }
                });
            }
            ToWorker::Explain { request, customer } => {
                let scores = self.workspace.borrow().explain(&customer).map(Box::new);
                scope.respond(who, FromWorker::Explained { request, customer, scores });
            }
            ToWorker::DataChanged { keys } => {
                self.generation.set(self.generation.get() + 1);
                if keys.is_empty() || !self.loaded.get() {
                    self.loaded.set(false);
                    return;
                }
                // Only the kinds scoring reads (the page tells of every change).
                let keys: Vec<String> = keys
                    .into_iter()
                    .filter(|k| kind_of_key(k).is_some_and(|kind| crate::workspace::KINDS.contains(&kind)))
                    .collect();
                if keys.is_empty() {
                    return;
                }
                let Some(store) = self.store.borrow().clone() else { return };
                let workspace = self.workspace.clone();
                let loaded = self.loaded.clone();
                let reading = self.reading.clone();
                reading.set(reading.get() + 1);
                wasm_bindgen_futures::spawn_local(async move {
                    match store.read_buckets(&keys).await {
                        Ok(changed) => workspace.borrow_mut().merge(&changed),
                        // Reading failed: read everything again at the next request.
                        Err(_) => loaded.set(false),
                    }
                    reading.set(reading.get() - 1);
                });
            }
            ToWorker::Cancel { request } => self.cancelled.set(request),
            ToWorker::StoreKey { key, nonce_prefix } => {
                if let Some(store) = self.store.borrow().as_ref() {
                    store.backend().set_key(key.as_ref().map(|k| (k, nonce_prefix)));
                    store.backend().set_bulk_opener(key.as_ref().map(crate::ui::webcrypto::bulk_opener));
                }
                *self.key.borrow_mut() = key.map(|k| (k, nonce_prefix));
            }
            ToWorker::ReadBundle { bytes, decrypted, limits, sent_ms, report_to } => {
                let _ = js_sys::Reflect::set(&js_sys::global(), &REPORT_TO.into(), &report_to.into());
                let t0 = js_sys::Date::now();
                let read = if decrypted {
                    crate::exchange::parse_plain_owned(bytes.into_vec(), &limits)
                } else {
                    crate::exchange::parse_bundle_owned(bytes.into_vec(), None, &limits)
                };
                let t1 = js_sys::Date::now();
                let packed = read.map(|bundle| {
                    let mut packed = crate::workspace::PackedBundle::pack(&bundle);
                    let t2 = js_sys::Date::now();
                    packed.timings =
                        vec![("arrival".into(), t0 - sent_ms), ("parse".into(), t1 - t0), ("pack".into(), t2 - t1)];
                    packed.answered_ms = t2;
                    Box::new(packed)
                });
                scope.respond(who, FromWorker::BundleRead(packed));
            }
        }
    }
}

/// One scoring run.
struct Run {
    scope: WorkerScope<ScoringWorker>,
    who: HandlerId,
    request: u64,
    workspace: Rc<RefCell<Workspace>>,
    store: Rc<RefCell<Option<Rc<BrowserStore>>>>,
    key: KeyCell,
    loaded: Rc<Cell<bool>>,
    newest: Rc<Cell<u64>>,
    cancelled: Rc<Cell<u64>>,
    generation: Rc<Cell<u64>>,
    reading: Rc<Cell<u32>>,
}

impl Run {
    fn progress(&self, stage: Stage, done: u32, of: u32) {
        self.scope.respond(self.who, FromWorker::Progress { request: self.request, stage, done, of });
    }

    /// Stops when a newer request came in or this one was cancelled.
    async fn checkpoint(&self) -> Result<(), WorkError> {
        yield_now().await;
        if self.newest.get() != self.request || self.cancelled.get() == self.request {
            return Err(WorkError::Cancelled);
        }
        Ok(())
    }

    async fn score(
        &self,
        settings: crate::workspace::AnalysisSettings,
        today: chrono::NaiveDate,
    ) -> Result<(), WorkError> {
        let mut millis = Vec::new();
        // Changes told before this request are merged first.
        while self.reading.get() > 0 {
            self.checkpoint().await?;
        }
        // Load until no change came in while loading (a change during a load may or may not be
        // in what was read).
        while !self.loaded.get() {
            self.progress(Stage::Loading, 0, 1);
            let t = now();
            let generation = self.generation.get();
            let store = self.open().await?;
            let data =
                store.load_kinds(crate::workspace::KINDS).await.map_err(|e| WorkError::Storage(e.to_string()))?;
            self.workspace.borrow_mut().set_data(data);
            self.loaded.set(self.generation.get() == generation);
            millis.push((Stage::Loading, now() - t));
            self.checkpoint().await?;
        }
        self.progress(Stage::Converting, 1, 3);
        let t = now();
        self.workspace.borrow_mut().prepare()?;
        millis.push((Stage::Converting, now() - t));
        self.checkpoint().await?;
        self.progress(Stage::Scoring, 2, 3);
        let t = now();
        let result = self.workspace.borrow_mut().score(&settings, today)?;
        millis.push((Stage::Scoring, now() - t));
        self.checkpoint().await?;
        self.scope.respond(self.who, FromWorker::Scored { request: self.request, result: Box::new(result), millis });
        Ok(())
    }

    async fn open(&self) -> Result<Rc<BrowserStore>, WorkError> {
        if let Some(s) = self.store.borrow().clone() {
            return Ok(s);
        }
        let backend = IdbBackend::open(TabEvents::default()).await.map_err(|e| WorkError::Storage(e.to_string()))?;
        let backend = match self.key.borrow().as_ref() {
            Some((key, prefix)) => {
                let sealed = Sealed::with_key(backend, key, *prefix);
                sealed.set_bulk_opener(Some(crate::ui::webcrypto::bulk_opener(key)));
                sealed
            }
            None => Sealed::plain(backend),
        };
        let store = Rc::new(Store::open(backend).await.map_err(|e| WorkError::Storage(e.to_string()))?);
        *self.store.borrow_mut() = Some(store.clone());
        Ok(store)
    }
}
