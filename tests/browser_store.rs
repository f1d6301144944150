//! The IndexedDB store in a real headless Chromium (wasm-bindgen-test): round trip, one
//! transaction all-or-nothing, two connections (tabs) editing different customers, and migration
//! from the previous schema version. Run by `scripts/test.sh`.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use kehu::model::encoding::encode_json_rows;
use kehu::model::{Customer, Dataset, Fact, Hlc, Id, Kind, Money, NodeId, Qty, Record, Sale};
use kehu::store::idb::{IdbBackend, TabEvents};
use kehu::store::layout::{bucket_key, bucket_of, DB_VERSION, META_SCHEMA, SCHEMA_VERSION};
use kehu::store::{Backend, ReadSet, Store, Writes};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn stamp(ms: u64) -> Hlc {
    Hlc(ms, 0, NodeId::new(9, 0))
}

fn customer(n: u32) -> Record<Customer> {
    let mut random = [0u8; 10];
    random[..4].copy_from_slice(&n.to_be_bytes());
    random[6..].copy_from_slice(&n.wrapping_mul(2_654_435_761).to_be_bytes());
    let data = Customer { name: format!("浏览器客户{n}"), phone: format!("1390000{n:04}"), ..Customer::default() };
    Record::new(Id::v7(1_700_000_000_000, random), Id::NIL, stamp(u64::from(n) + 1), None, data)
}

fn sale(n: u32, customer: Id) -> Fact<Sale> {
    let mut random = [2u8; 10];
    random[6..].copy_from_slice(&n.wrapping_mul(2_246_822_519).to_be_bytes());
    let data = Sale {
        customer,
        product: Id::v7(5, [5; 10]),
        date: NaiveDate::from_ymd_opt(2025, 5, 1 + n % 28).unwrap(),
        quantity: Qty::units(i64::from(n % 5 + 1)),
        amount: Money(i64::from(n) * 97 + 3),
        ..Sale::default()
    };
    Fact::new(Id::v7(1_700_000_000_000 + u64::from(n), random), Id::NIL, stamp(u64::from(n) + 1), None, data)
}

/// The first layout: every kind as JSON rows in its bucket (customers and sales here).
fn schema_1_writes(data: &Dataset) -> Writes {
    let mut buckets: std::collections::BTreeMap<String, (Kind, Vec<serde_json::Value>)> = Default::default();
    for c in data.customers.all() {
        let key = bucket_key(Kind::Customer, bucket_of(Kind::Customer, &c.id));
        buckets.entry(key).or_insert((Kind::Customer, Vec::new())).1.push(serde_json::to_value(c).unwrap());
    }
    for s in data.sales.all() {
        let key = bucket_key(Kind::Sale, bucket_of(Kind::Sale, &s.id));
        buckets.entry(key).or_insert((Kind::Sale, Vec::new())).1.push(serde_json::to_value(s).unwrap());
    }
    let mut writes = Writes::default();
    for (key, (kind, rows)) in buckets {
        let mut v = vec![kind.code()];
        v.extend(encode_json_rows(&rows));
        writes.buckets.push((key, v));
    }
    writes
}

fn firm(customers: u32, lines: u32) -> Dataset {
    let mut d = Dataset::default();
    for n in 0..customers {
        d.customers.merge(customer(n));
    }
    let ids: Vec<Id> = d.customers.all().iter().map(|c| c.id).collect();
    for n in 0..lines {
        d.sales.merge(sale(n, ids[n as usize % ids.len()]));
    }
    d
}

fn assert_same(a: &Dataset, b: &Dataset) {
    assert_eq!(a.total(), b.total());
    for item in a.all_items() {
        assert_eq!(b.get_any(item.kind(), &item.id()).as_ref(), Some(&item));
    }
}

async fn fresh(name: &str) -> Store<IdbBackend> {
    IdbBackend::delete_database(name).await.unwrap();
    Store::open(IdbBackend::open_named(name, DB_VERSION, TabEvents::default()).await.unwrap()).await.unwrap()
}

#[wasm_bindgen_test]
async fn round_trip_through_indexeddb() {
    let store = fresh("kehu-test-roundtrip").await;
    let data = firm(500, 5_000);
    store.commit(&data).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_same(&data, &loaded);
    assert_eq!(store.meta(META_SCHEMA).await.unwrap(), Some(SCHEMA_VERSION.to_string()));
    store.clear().await.unwrap();
    assert_eq!(store.load().await.unwrap().total(), 0);
}

#[wasm_bindgen_test]
async fn a_failed_transaction_writes_nothing() {
    let store = fresh("kehu-test-atomic").await;
    let data = firm(100, 1_000);
    store.commit(&data).await.unwrap();
    let before = store.backend().read_all().await.unwrap();

    // A change touching many buckets (new customers and an edit), made to fail at the end.
    let mut change = firm(150, 0);
    let mut edited = data.customers.all()[0].clone();
    let mut new = edited.data.clone();
    new.name = "不应保存".into();
    edited.edit(&new, stamp(99_999), None);
    change.customers.merge(edited);
    store.backend().fail_next_update();
    assert!(store.commit(&change).await.is_err());
    assert_eq!(store.backend().read_all().await.unwrap(), before, "the failed transaction left no trace");

    store.commit(&change).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.customers.get(&data.customers.all()[0].id).unwrap().data.name, "不应保存");
}

#[wasm_bindgen_test]
async fn two_connections_editing_different_customers_keep_both() {
    let name = "kehu-test-tabs";
    let tab_a = fresh(name).await;
    let data = firm(60, 0);
    tab_a.commit(&data).await.unwrap();
    let tab_b =
        Store::open(IdbBackend::open_named(name, DB_VERSION, TabEvents::default()).await.unwrap()).await.unwrap();
    let mem_a = tab_a.load().await.unwrap();
    let mem_b = tab_b.load().await.unwrap();
    let ids: Vec<Id> = data.customers.all().iter().map(|c| c.id).collect();
    let edit = |mem: &Dataset, id: Id, name: &str, at: u64| {
        let mut r = mem.customers.get(&id).unwrap().clone();
        let mut c = r.data.clone();
        c.name = name.into();
        r.edit(&c, Hlc(at, 0, NodeId::new(9, at as u16)), None);
        let mut batch = Dataset::default();
        batch.customers.merge(r);
        batch
    };
    // Interleaved, each from its own stale copy of the data.
    let (ra, rb) = futures_join(
        tab_a.commit(&edit(&mem_a, ids[5], "甲标签页", 500)),
        tab_b.commit(&edit(&mem_b, ids[6], "乙标签页", 501)),
    )
    .await;
    ra.unwrap();
    rb.unwrap();
    for tab in [&tab_a, &tab_b] {
        let now = tab.load().await.unwrap();
        assert_eq!(now.customers.get(&ids[5]).unwrap().data.name, "甲标签页");
        assert_eq!(now.customers.get(&ids[6]).unwrap().data.name, "乙标签页");
    }
}

/// Runs two futures concurrently on the single browser thread.
async fn futures_join<A: std::future::Future, B: std::future::Future>(a: A, b: B) -> (A::Output, B::Output) {
    use std::pin::pin;
    use std::task::Poll;
    let mut a = pin!(a);
    let mut b = pin!(b);
    let (mut ra, mut rb) = (None, None);
    std::future::poll_fn(|cx| {
        if ra.is_none() {
            if let Poll::Ready(v) = a.as_mut().poll(cx) {
                ra = Some(v);
            }
        }
        if rb.is_none() {
            if let Poll::Ready(v) = b.as_mut().poll(cx) {
                rb = Some(v);
            }
        }
        if ra.is_some() && rb.is_some() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    (ra.unwrap(), rb.unwrap())
}

#[wasm_bindgen_test]
async fn schema_1_database_is_migrated_when_opened() {
    let name = "kehu-test-migration";
    IdbBackend::delete_database(name).await.unwrap();
    let data = firm(30, 2_000);
    {
        // The first layout: JSON rows, schema mark 1.
        let backend = IdbBackend::open_named(name, DB_VERSION, TabEvents::default()).await.unwrap();
        let mut writes = schema_1_writes(&data);
        writes.meta.push((META_SCHEMA.into(), "1".into()));
        backend.update(ReadSet::Keys(&[]), &mut |_| Ok(writes.clone())).await.unwrap();
        backend.close();
    }
    let store =
        Store::open(IdbBackend::open_named(name, DB_VERSION, TabEvents::default()).await.unwrap()).await.unwrap();
    assert_eq!(store.meta(META_SCHEMA).await.unwrap(), Some(SCHEMA_VERSION.to_string()));
    let raw = store.backend().read_all().await.unwrap();
    assert!(raw.iter().all(|(_, v)| v[1] != b'['), "every bucket rewritten in binary");
    let loaded = store.load().await.unwrap();
    assert_eq!((loaded.customers.len(), loaded.sales.len()), (30, 2_000));
    assert_same(&data, &loaded);
}

/// An import in IndexedDB: one transaction with its undo (outside every read range), the undo
/// bringing back exactly the state before, deleting what the import added.
#[wasm_bindgen_test]
async fn an_import_and_its_undo_in_indexeddb() {
    use kehu::exchange::plan_merge;
    use kehu::store::undo::{ImportUndo, META_UNDO};
    let store = fresh("kehu-test-import").await;
    let local = firm(80, 400);
    store.commit(&local).await.unwrap();
    let mut file = Dataset::default();
    for n in 1_000..1_050 {
        file.customers.merge(customer(n));
    }
    let plan = plan_merge(&local, &file);
    assert!(plan.preview.can_apply());
    let undo = ImportUndo::of(&local, &plan);
    store.apply_import(&plan, &undo, vec![(META_UNDO.into(), "{}".into())]).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.customers.len(), 130);
    assert_eq!(store.meta(META_UNDO).await.unwrap().as_deref(), Some("{}"));
    assert!(store.undo_import().await.unwrap().is_some());
    assert_same(&local, &store.load().await.unwrap());
    assert!(store.undo_import().await.unwrap().is_none(), "the undo keys were deleted");
}

const FIXTURE_PASSPHRASE: &str = "kehu-fixture-2026 客户";

/// WebCrypto and the command line's RustCrypto read each other's files: the fixture sealed by
/// the core (what `kehu merge --encrypt` writes) opens with WebCrypto, and a file WebCrypto
/// seals opens with the core's `crypt::decrypt`.
#[wasm_bindgen_test]
async fn webcrypto_and_the_core_open_each_others_files() {
    use kehu::exchange::crypt::{self, CryptError, Envelope};
    use kehu::ui::webcrypto::{self, WebCryptoError};
    let sealed = include_bytes!("fixtures/bundles/v1-encrypted.bundle");
    let plain = include_bytes!("fixtures/bundles/v1.bundle");
    assert_eq!(webcrypto::decrypt(sealed, FIXTURE_PASSPHRASE).await.unwrap(), plain.to_vec());
    assert_eq!(
        webcrypto::decrypt(sealed, "wrong").await.unwrap_err(),
        WebCryptoError::Crypt(CryptError::WrongPassphrase)
    );
    let envelope = Envelope { iterations: 20_000, salt: [7; 16], nonce: [3; 12] };
    let by_browser = webcrypto::encrypt(plain, "分行 passphrase", &envelope).await.unwrap();
    assert_eq!(by_browser, crypt::encrypt(plain, "分行 passphrase", &envelope).unwrap(), "byte for byte the same file");
    assert_eq!(crypt::decrypt(&by_browser, "分行 passphrase").unwrap(), plain.to_vec());
    let mut damaged = by_browser.clone();
    let last = damaged.len() - 1;
    damaged[last] ^= 1;
    assert_eq!(
        webcrypto::decrypt(&damaged, "分行 passphrase").await.unwrap_err(),
        WebCryptoError::Crypt(CryptError::WrongPassphrase)
    );
}

/// The service desk's records in IndexedDB: the demo firm's complaints with their steps and
/// its interactions, plus a survey form and returned forms, an improvement plan, a delivery, a
/// repair and a contract, come back equal after a reload, and what the desk computes from them
/// (the to-do list, the satisfaction results, the complaints' stages) is the same.
#[wasm_bindgen_test]
async fn service_desk_records_round_trip_through_indexeddb() {
    use kehu::demo::{generate, minimum_lines, DemoSpec};
    use kehu::model::sales::Delivery;
    use kehu::model::service::{
        Contract, ImprovementPlan, Repair, Respondent, SurveyItem, SurveyResponse, SurveyTemplate,
    };
    use kehu::service::complaints::complaint_statuses;
    use kehu::service::satisfaction::{results, Scope};
    use kehu::service::{key_accounts, todo, ServiceSettings};

    let end = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let mut data =
        generate(&DemoSpec { customers: 120, lines: minimum_lines(120), ..DemoSpec::default_for(end) }).unwrap();
    assert!(data.complaints.len() > 0 && data.complaint_steps.len() > 0 && data.interactions.len() > 0);
    let customer = data.customers.all()[0].id;
    let id = |n: u8| Id::v7(1_760_000_000_000 + u64::from(n), [n; 10]);
    let item = |key: &str, zh: &str| SurveyItem { key: key.into(), label_zh: zh.into(), label_en: key.into() };
    let template = SurveyTemplate {
        name: "客户满意度调查表".into(),
        items: vec![item("function", "产品功能"), item("delivery", "交货期")],
        open_question: "其他需要反映的问题".into(),
        archived: false,
    };
    data.survey_templates.merge(Record::new(id(1), Id::NIL, stamp(10), None, template));
    for (n, respondent, answers) in [(2, Respondent::Customer, [5, 4]), (3, Respondent::SelfAssessment, [4, 2])] {
        let form = SurveyResponse {
            template: id(1),
            customer: Some(customer),
            respondent,
            about_competitor: None,
            date: day(10, 12),
            answers: vec![("function".into(), answers[0]), ("delivery".into(), answers[1])],
            comment: "包装可以更结实".into(),
        };
        data.survey_responses.merge(Fact::new(id(n), Id::NIL, stamp(11), None, form));
    }
    let plan = ImprovementPlan {
        topic: "交货期".into(),
        actions: "增加一班运输".into(),
        due: Some(day(12, 31)),
        opened_on: Some(day(11, 1)),
        ..ImprovementPlan::default()
    };
    data.improvement_plans.merge(Record::new(id(4), Id::NIL, stamp(12), None, plan));
    let delivery = Delivery {
        customer,
        description: "搅拌站设备".into(),
        delivered_on: Some(day(1, 5)),
        in_use_since: Some(day(1, 10)),
        ..Delivery::default()
    };
    data.deliveries.merge(Record::new(id(5), Id::NIL, stamp(13), None, delivery));
    let repair =
        Repair { customer, received_on: Some(day(11, 2)), problem: "电机异响".into(), ..Repair::default() };
    data.repairs.merge(Record::new(id(6), Id::NIL, stamp(14), None, repair));
    let contract = Contract {
        customer,
        number: "HT-2026-001".into(),
        subject: "水泥 P.O 42.5".into(),
        signed_on: Some(day(1, 2)),
        valid_from: Some(day(1, 3)),
        valid_to: Some(day(12, 10)),
        our_party: "杭州某建材有限公司".into(),
        their_party: "宁波宏达商贸有限公司".into(),
        ..Contract::default()
    };
    data.contracts.merge(Record::new(id(7), Id::NIL, stamp(15), None, contract));

    let store = fresh("kehu-test-service").await;
    store.commit(&data).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_same(&data, &loaded);
    let settings = ServiceSettings::of_firm(&data.firm_settings());
    let key = key_accounts(&data, |_| false);
    let before = todo(&data, &key, end, &settings);
    assert!(before.len() > 3, "the delivery, repair, contract and complaints are due");
    assert_eq!(todo(&loaded, &key_accounts(&loaded, |_| false), end, &settings), before);
    assert_eq!(results(&loaded, &Scope::default()), results(&data, &Scope::default()));
    let stages = |d: &Dataset| {
        complaint_statuses(d, None, end, &settings)
            .iter()
            .map(|c| (c.record.id, c.workflow.stage(), c.due))
            .collect::<Vec<_>>()
    };
    assert_eq!(stages(&loaded), stages(&data));
}

/// Encryption at rest in IndexedDB: after turning it on, no raw value the browser keeps holds a
/// customer's name or phone; a failed conversion leaves the store as it was; the passphrase's
/// key from WebCrypto equals the core's; a wrong passphrase is refused and the right one reads
/// everything back; turning it off gives the plain store again.
#[wasm_bindgen_test]
async fn encryption_at_rest_leaves_no_plaintext_in_indexeddb() {
    use kehu::exchange::crypt::derive_key;
    use kehu::store::sealed::{DataKey, SealError, SealRecord, Sealed};
    use kehu::ui::webcrypto;
    let name = "kehu-test-sealed";
    IdbBackend::delete_database(name).await.unwrap();
    let open = || IdbBackend::open_named(name, DB_VERSION, TabEvents::default());
    let readable = |raw: &[(String, Vec<u8>)], text: &str| {
        raw.iter().any(|(_, v)| v.windows(text.len()).any(|w| w == text.as_bytes()))
    };
    let store = Store::open(Sealed::plain(open().await.unwrap())).await.unwrap();
    let data = firm(300, 3_000);
    store.commit(&data).await.unwrap();
    let plain = store.backend().inner().read_all().await.unwrap();
    assert!(readable(&plain, "浏览器客户7"), "the test can see a name when there is one to see");

    let (passphrase, salt, rounds) = ("本地口令 passphrase", [4u8; 16], 20_000);
    let passphrase_key = webcrypto::derive_bits(passphrase, &salt, rounds).await.unwrap();
    assert_eq!(passphrase_key, derive_key(passphrase, &salt, rounds), "WebCrypto's PBKDF2 is the core's");
    let key = DataKey([11; 32]);
    let record = SealRecord::new(&key, &passphrase_key, salt, rounds, [5; 12]);

    store.backend().inner().fail_next_update();
    assert!(store.backend().seal_all(&key, &record, [1; 8]).await.is_err());
    assert_eq!(store.backend().inner().read_all().await.unwrap(), plain, "a failed conversion changed nothing");
    assert!(!store.backend().is_sealed());

    store.backend().seal_all(&key, &record, [1; 8]).await.unwrap();
    let mut later = Dataset::default();
    later.customers.merge(customer(9_999));
    store.commit(&later).await.unwrap();
    let raw = store.backend().inner().read_all().await.unwrap();
    for c in data.customers.all().iter().chain(later.customers.all()) {
        assert!(!readable(&raw, &c.data.name), "{} readable", c.data.name);
        assert!(!readable(&raw, &c.data.phone), "{} readable", c.data.phone);
    }

    // Another tab (connection) opening the store: the record says it is sealed.
    let backend = open().await.unwrap();
    let found = Sealed::record(&backend).await.unwrap().expect("sealed");
    let salt = found.salt_bytes().unwrap();
    let wrong = webcrypto::derive_bits("本地口令 passphrasf", &salt, found.iterations).await.unwrap();
    assert_eq!(found.open(&wrong), Err(SealError::WrongPassphrase));
    let right = webcrypto::derive_bits(passphrase, &salt, found.iterations).await.unwrap();
    let key = found.open(&right).unwrap();
    let reopened = Store::open(Sealed::with_key(backend, &key, [2; 8])).await.unwrap();
    let mut all = data.clone();
    all.merge_all(&later);
    assert_same(&all, &reopened.load().await.unwrap());
    // The app's loads open the values with WebCrypto's AES-GCM: the same plain values.
    reopened.backend().set_bulk_opener(Some(webcrypto::bulk_opener(&key)));
    assert_same(&all, &reopened.load().await.unwrap());

    reopened.backend().unseal_all().await.unwrap();
    assert!(readable(&reopened.backend().inner().read_all().await.unwrap(), "浏览器客户7"));
    assert_eq!(Sealed::record(reopened.backend().inner()).await.unwrap(), None);
    assert_same(&all, &reopened.load().await.unwrap());
}
