//! The store's contract, natively, on the in-memory backend: round trip, all-or-nothing commits,
//! concurrent tabs, migration from schema 1, refusal of newer data.

use chrono::NaiveDate;
use kehu::model::encoding::encode_json_rows;
use kehu::model::{Customer, Dataset, Fact, Hlc, Id, Kind, Money, NodeId, Qty, Record, Sale};
use kehu::store::layout::{bucket_key, bucket_of, META_SCHEMA, SCHEMA_VERSION};
use kehu::store::memory::MemoryBackend;
use kehu::store::{Backend, ReadSet, Store, StoreError, Writes};
use pollster::block_on;
use std::rc::Rc;

fn stamp(ms: u64) -> Hlc {
    Hlc(ms, 0, NodeId::new(7, 0))
}

fn customer(n: u32) -> Record<Customer> {
    let mut random = [0u8; 10];
    random[..4].copy_from_slice(&n.to_be_bytes());
    random[6..].copy_from_slice(&n.wrapping_mul(2_654_435_761).to_be_bytes());
    let data = Customer { name: format!("测试客户{n}"), phone: format!("1380000{n:04}"), ..Customer::default() };
    Record::new(Id::v7(1_700_000_000_000, random), Id::NIL, stamp(u64::from(n) + 1), None, data)
}

fn sale(n: u32, customer: Id) -> Fact<Sale> {
    let mut random = [1u8; 10];
    random[6..].copy_from_slice(&n.wrapping_mul(2_246_822_519).to_be_bytes());
    let data = Sale {
        customer,
        product: Id::v7(5, [5; 10]),
        date: NaiveDate::from_ymd_opt(2025, 3, 1 + n % 28).unwrap(),
        quantity: Qty::units(i64::from(n % 9 + 1)),
        amount: Money(i64::from(n) * 101 + 1),
        cost: Money(i64::from(n) * 70),
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

fn same_items(a: &Dataset, b: &Dataset) {
    assert_eq!(a.total(), b.total());
    for item in a.all_items() {
        assert_eq!(b.get_any(item.kind(), &item.id()).as_ref(), Some(&item));
    }
}

#[test]
fn what_is_committed_loads_back_identically() {
    let store = block_on(Store::open(MemoryBackend::new())).unwrap();
    let data = firm(300, 3_000);
    block_on(store.commit(&data)).unwrap();
    same_items(&data, &block_on(store.load()).unwrap());
    assert_eq!(block_on(store.meta(META_SCHEMA)).unwrap(), Some(SCHEMA_VERSION.to_string()));
}

#[test]
fn loading_some_kinds_reads_exactly_those() {
    let store = block_on(Store::open(MemoryBackend::new())).unwrap();
    let data = firm(300, 3_000);
    block_on(store.commit(&data)).unwrap();
    let sales = block_on(store.load_kinds(&[Kind::Sale])).unwrap();
    assert_eq!(sales.sales.len(), data.sales.len());
    assert_eq!(sales.total(), data.sales.len(), "no other kind is read");
    let both = block_on(store.load_kinds(&[Kind::Customer, Kind::Sale])).unwrap();
    same_items(&data, &both);
}

#[test]
fn a_failed_commit_leaves_the_store_as_it_was() {
    let store = block_on(Store::open(MemoryBackend::new())).unwrap();
    let data = firm(50, 200);
    block_on(store.commit(&data)).unwrap();
    let before = store.backend().raw();

    let mut change = Dataset::default();
    let mut edited = data.customers.all()[0].clone();
    let mut new = edited.data.clone();
    new.name = "改名".into();
    edited.edit(&new, stamp(10_000), None);
    change.customers.merge(edited);
    change.customers.merge(customer(999));
    store.backend().fail_next_update();
    assert_eq!(block_on(store.commit(&change)), Err(StoreError::QuotaExceeded));
    assert_eq!(store.backend().raw(), before, "nothing of the failed change was written");
    block_on(store.commit(&change)).unwrap();
    let loaded = block_on(store.load()).unwrap();
    assert_eq!(loaded.customers.get(&data.customers.all()[0].id).unwrap().data.name, "改名");
    assert_eq!(loaded.customers.len(), 51);
}

#[test]
fn two_tabs_editing_different_customers_both_keep_their_changes() {
    let shared = Rc::new(MemoryBackend::new());
    let tab_a = block_on(Store::open(shared.clone())).unwrap();
    let data = firm(40, 0);
    block_on(tab_a.commit(&data)).unwrap();
    let tab_b = block_on(Store::open(shared.clone())).unwrap();
    let mem_a = block_on(tab_a.load()).unwrap();
    let mem_b = block_on(tab_b.load()).unwrap();

    // Each tab edits from its own (possibly stale) memory; also one field each of one customer.
    let ids: Vec<Id> = mem_a.customers.all().iter().map(|c| c.id).collect();
    let edit = |mem: &Dataset, id: Id, f: &dyn Fn(&mut Customer), at: u64| {
        let mut r = mem.customers.get(&id).unwrap().clone();
        let mut d = r.data.clone();
        f(&mut d);
        r.edit(&d, Hlc(at, 0, NodeId::new(7, at as u16)), None);
        let mut batch = Dataset::default();
        batch.customers.merge(r);
        batch
    };
    block_on(tab_a.commit(&edit(&mem_a, ids[1], &|c| c.name = "甲改".into(), 100))).unwrap();
    block_on(tab_b.commit(&edit(&mem_b, ids[2], &|c| c.name = "乙改".into(), 101))).unwrap();
    block_on(tab_a.commit(&edit(&mem_a, ids[3], &|c| c.phone = "111".into(), 102))).unwrap();
    block_on(tab_b.commit(&edit(&mem_b, ids[3], &|c| c.address = "杭州".into(), 103))).unwrap();

    let after = block_on(tab_a.load()).unwrap();
    assert_eq!(after.customers.get(&ids[1]).unwrap().data.name, "甲改");
    assert_eq!(after.customers.get(&ids[2]).unwrap().data.name, "乙改");
    let c3 = &after.customers.get(&ids[3]).unwrap().data;
    assert_eq!((c3.phone.as_str(), c3.address.as_str()), ("111", "杭州"));
}

#[test]
fn schema_1_data_is_migrated_on_open() {
    // Write the first layout by hand: JSON rows, schema mark 1.
    let data = firm(20, 500);
    let backend = MemoryBackend::new();
    let mut writes = schema_1_writes(&data);
    writes.meta.push((META_SCHEMA.into(), "1".into()));
    block_on(backend.update(ReadSet::Keys(&[]), &mut |_| Ok(writes.clone()))).unwrap();
    let json_size: usize = backend.raw().values().map(Vec::len).sum();

    let store = block_on(Store::open(backend)).unwrap();
    assert_eq!(block_on(store.meta(META_SCHEMA)).unwrap(), Some(SCHEMA_VERSION.to_string()));
    let raw = store.backend().raw();
    assert!(raw.values().all(|v| v[1] != b'['), "every bucket rewritten in binary");
    let columns_size: usize = raw.values().map(Vec::len).sum();
    assert!(columns_size * 2 < json_size, "columns {columns_size} vs json {json_size}");
    let loaded = block_on(store.load()).unwrap();
    assert_eq!((loaded.customers.len(), loaded.sales.len()), (20, 500));
    same_items(&data, &loaded);
}

#[test]
fn data_from_a_newer_version_is_refused_untouched() {
    let backend = MemoryBackend::new();
    block_on(backend.set_meta(META_SCHEMA, &(SCHEMA_VERSION + 1).to_string())).unwrap();
    match block_on(Store::open(backend)) {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
        }
        Err(e) => panic!("expected NewerSchema, got {e:?}"),
        Ok(_) => panic!("expected NewerSchema, got an open store"),
    }
}

#[test]
fn clear_removes_all_data() {
    let store = block_on(Store::open(MemoryBackend::new())).unwrap();
    block_on(store.commit(&firm(10, 10))).unwrap();
    block_on(store.clear()).unwrap();
    assert_eq!(block_on(store.load()).unwrap().total(), 0);
}

// ---- Imports: one transaction, and an undo that brings back exactly the state before ----

fn product() -> Record<kehu::model::Product> {
    let data = kehu::model::Product { name: "测试产品".into(), ..Default::default() };
    Record::new(Id::v7(5, [5; 10]), Id::NIL, stamp(1), None, data)
}

/// Another branch's file: new customers, new sales of old and new customers, the product.
fn incoming(local: &Dataset) -> Dataset {
    let mut d = Dataset::default();
    d.products.merge(product());
    for n in 1_000..1_040 {
        d.customers.merge(customer(n));
    }
    let old: Vec<Id> = local.customers.all().iter().map(|c| c.id).collect();
    let new: Vec<Id> = d.customers.all().iter().map(|c| c.id).collect();
    for n in 10_000..10_400u32 {
        let to = if n % 2 == 0 { old[n as usize % old.len()] } else { new[n as usize % new.len()] };
        d.sales.merge(sale(n, to));
    }
    d
}

#[test]
fn an_import_is_applied_in_one_transaction_and_undone_exactly() {
    use kehu::exchange::plan_merge;
    use kehu::store::undo::{ImportUndo, META_UNDO};
    let backend = Rc::new(MemoryBackend::new());
    let store = block_on(Store::open(backend.clone())).unwrap();
    let mut local = firm(60, 600);
    local.products.merge(product());
    block_on(store.commit(&local)).unwrap();
    let plan = plan_merge(&local, &incoming(&local));
    assert!(plan.preview.can_apply(), "{:?}", plan.preview.rejected);
    let undo = ImportUndo::of(&local, &plan);
    assert_eq!(undo.added.values().map(Vec::len).sum::<usize>(), 440, "40 customers and 400 sales are new");

    // A failed write leaves everything as it was, the undo of the previous state included.
    let before = backend.transactions();
    backend.fail_next_update();
    assert!(block_on(store.apply_import(&plan, &undo, vec![(META_UNDO.into(), "x".into())])).is_err());
    same_items(&local, &block_on(store.load()).unwrap());
    assert!(block_on(store.undo_import()).unwrap().is_none(), "nothing to undo");

    block_on(store.apply_import(&plan, &undo, vec![(META_UNDO.into(), "x".into())])).unwrap();
    assert_eq!(backend.transactions(), before + 1, "the import is one transaction");
    let mut expected = local.clone();
    plan.apply_to(&mut expected);
    let loaded = block_on(store.load()).unwrap();
    same_items(&expected, &loaded);
    assert_eq!(loaded.customers.len(), 100, "the undo is not loaded as data");
    assert_eq!(block_on(store.meta(META_UNDO)).unwrap().as_deref(), Some("x"));

    assert!(block_on(store.undo_import()).unwrap().is_some());
    same_items(&local, &block_on(store.load()).unwrap());
    assert_eq!(block_on(store.meta(META_UNDO)).unwrap().as_deref(), Some(""));
    assert!(block_on(store.undo_import()).unwrap().is_none(), "an undo is used once");
}

#[test]
fn a_new_import_replaces_the_undo_of_the_one_before() {
    use kehu::exchange::plan_merge;
    use kehu::store::undo::ImportUndo;
    let store = block_on(Store::open(MemoryBackend::new())).unwrap();
    let mut local = firm(30, 100);
    local.products.merge(product());
    block_on(store.commit(&local)).unwrap();
    let first = plan_merge(&local, &incoming(&local));
    block_on(store.apply_import(&first, &ImportUndo::of(&local, &first), vec![])).unwrap();
    let mut after_first = local.clone();
    first.apply_to(&mut after_first);
    let mut second_file = Dataset::default();
    second_file.customers.merge(customer(5_000));
    let second = plan_merge(&after_first, &second_file);
    block_on(store.apply_import(&second, &ImportUndo::of(&after_first, &second), vec![])).unwrap();
    block_on(store.undo_import()).unwrap().unwrap();
    same_items(&after_first, &block_on(store.load()).unwrap());
}

/// Undoing an import that brought an erasure undoes the rest of it, but the erasure stays in
/// force: the undo keeps no copy of the erased content and does not bring it back.
#[test]
fn undoing_an_import_keeps_its_erasures() {
    use kehu::edits::Origin;
    use kehu::exchange::kinds::ExItem;
    use kehu::exchange::merge::erase;
    use kehu::store::undo::ImportUndo;
    let backend = Rc::new(MemoryBackend::new());
    let store = block_on(Store::open(backend.clone())).unwrap();
    let local = firm(20, 200);
    block_on(store.commit(&local)).unwrap();
    let victim = local.customers.all()[3].id;
    let name = local.customers.get(&victim).unwrap().data.name.clone();
    let origin = Origin { branch: Id::NIL, stamp: stamp(99_999), by: None };
    let mut plan = erase(&local, Kind::Customer, victim, Id::v7(9, [9; 10]), origin);
    assert!(plan.replace.total() > 0, "an erasure writes over the stored copy");
    // The same import also brings a new customer, which the undo takes away again.
    let newcomer = customer(5_000);
    plan.merge.customers.merge(newcomer.clone());
    let undo = ImportUndo::of(&local, &plan);
    assert!(undo.previous.customers.get(&victim).is_none(), "no copy of the erased record in the undo");
    let holds = |needle: &[u8]| backend.raw().values().any(|v| v.windows(needle.len()).any(|w| w == needle));
    assert!(holds(name.as_bytes()), "the name is stored before the import");
    block_on(store.apply_import(&plan, &undo, vec![])).unwrap();
    let erased = block_on(store.load()).unwrap();
    assert!(erased.customers.get(&victim).unwrap().data.name.is_empty(), "the content is gone from the store");
    assert!(!holds(name.as_bytes()), "no stored byte holds the name");
    block_on(store.undo_import()).unwrap().unwrap();
    let after = block_on(store.load()).unwrap();
    assert!(after.customers.get(&newcomer.id).is_none(), "the rest of the import is undone");
    assert!(after.customers.get(&victim).unwrap().is_erased(), "the erasure stays");
    assert_eq!(after.erasures.len(), 1);
    assert!(!holds(name.as_bytes()));
    let mut expected = local.clone();
    let wiped = erased.customers.get(&victim).unwrap().clone();
    expected.customers.merge(wiped);
    expected.erasures = erased.erasures.clone();
    kehu::exchange::enforce_erasures(&mut expected);
    same_items(&expected, &after);
}

/// An erasure made here (not an import) cannot be undone, and the undo of the import before it,
/// which kept an earlier copy with the content, goes with it: no stored byte holds the content.
#[test]
fn an_erasure_made_here_is_not_undoable_and_leaves_no_copy_behind() {
    use kehu::edits::Origin;
    use kehu::exchange::merge::erase;
    use kehu::exchange::plan_merge;
    use kehu::model::Contact;
    use kehu::store::undo::{ImportUndo, META_UNDO};
    let backend = Rc::new(MemoryBackend::new());
    let store = block_on(Store::open(backend.clone())).unwrap();
    let local = firm(10, 20);
    block_on(store.commit(&local)).unwrap();
    let contact = Contact {
        customer: local.customers.all()[0].id,
        name: "王经理".into(),
        family: "女儿在读高三".into(),
        ..Contact::default()
    };
    let record = Record::new(Id::v7(7, [7; 10]), Id::NIL, stamp(500), None, contact);
    let mut file = Dataset::default();
    file.contacts.merge(record.clone());
    // An import that added the contact, then one that changed it: its undo keeps the old copy.
    let first = plan_merge(&local, &file);
    block_on(store.apply_import(&first, &ImportUndo::of(&local, &first), vec![])).unwrap();
    let mut here = local.clone();
    first.apply_to(&mut here);
    let mut changed = record.clone();
    let mut data = changed.data.clone();
    data.title = "总经理".into();
    changed.edit(&data, stamp(600), None);
    let mut second_file = Dataset::default();
    second_file.contacts.merge(changed);
    let second = plan_merge(&here, &second_file);
    let info = vec![(META_UNDO.to_string(), "second".to_string())];
    block_on(store.apply_import(&second, &ImportUndo::of(&here, &second), info)).unwrap();
    second.apply_to(&mut here);

    let origin = Origin { branch: Id::NIL, stamp: stamp(99_999), by: None };
    let plan = erase(&here, Kind::Contact, record.id, Id::v7(9, [9; 10]), origin);
    let before = backend.transactions();
    block_on(store.apply_erasure(&plan)).unwrap();
    assert_eq!(backend.transactions(), before + 1, "one transaction");
    assert_eq!(block_on(store.meta(META_UNDO)).unwrap().as_deref(), Some(""));
    assert!(block_on(store.undo_import()).unwrap().is_none(), "nothing to undo after an erasure");
    let loaded = block_on(store.load()).unwrap();
    let wiped = loaded.contacts.get(&record.id).unwrap();
    assert!(wiped.is_deleted() && wiped.data == Contact::default());
    assert_eq!(loaded.erasures.len(), 1);
    let needle = "女儿在读高三".as_bytes();
    for (key, bytes) in block_on(backend.read_all()).unwrap() {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle), "{key} still holds the content");
    }
}

// ---- encryption at rest (store::sealed) ----

mod sealed {
    use super::*;
    use kehu::exchange::crypt::derive_key;
    use kehu::store::sealed::{DataKey, SealError, SealRecord, Sealed, SEAL_KEY};

    const ROUNDS: u32 = 1_000;
    const SALT: [u8; 16] = [3; 16];

    fn record_for(passphrase: &str, key: &DataKey) -> SealRecord {
        SealRecord::new(key, &derive_key(passphrase, &SALT, ROUNDS), SALT, ROUNDS, [9; 12])
    }

    fn unlock(record: &SealRecord, passphrase: &str) -> Result<DataKey, SealError> {
        record.open(&derive_key(passphrase, &record.salt_bytes()?, record.iterations))
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    /// No stored byte holds a name or phone number of `data`.
    fn assert_no_plaintext(raw: &std::collections::BTreeMap<String, Vec<u8>>, data: &Dataset) {
        for c in data.customers.all() {
            for text in [&c.data.name, &c.data.phone] {
                for (k, v) in raw {
                    assert!(!contains(v, text.as_bytes()), "{text} readable in {k}");
                }
            }
        }
    }

    fn sealed_firm() -> (Rc<MemoryBackend>, Store<Sealed<Rc<MemoryBackend>>>, Dataset, DataKey) {
        let backend = Rc::new(MemoryBackend::new());
        let store = block_on(Store::open(Sealed::plain(backend.clone()))).unwrap();
        let data = firm(200, 2_000);
        block_on(store.commit(&data)).unwrap();
        assert!(contains(&backend.raw().values().flatten().copied().collect::<Vec<_>>(), "测试客户7".as_bytes()));
        let key = DataKey([42; 32]);
        let sealed = block_on(store.backend().seal_all(&key, &record_for("一二三四五六七八", &key), [1; 8])).unwrap();
        assert_eq!(sealed, backend.raw().len() - 1, "every bucket but the record was sealed");
        (backend, store, data, key)
    }

    #[test]
    fn a_sealed_store_holds_no_plaintext_and_loads_back_identically() {
        let (backend, store, data, _) = sealed_firm();
        assert_no_plaintext(&backend.raw(), &data);
        same_items(&data, &block_on(store.load()).unwrap());
        // What is written afterwards is sealed too.
        let mut more = Dataset::default();
        more.customers.merge(customer(5_000));
        block_on(store.commit(&more)).unwrap();
        assert_no_plaintext(&backend.raw(), &more);
        assert_eq!(block_on(store.load()).unwrap().customers.len(), 201);
    }

    #[test]
    fn the_right_passphrase_reopens_it_and_a_wrong_one_is_refused() {
        let (backend, _, data, key) = sealed_firm();
        let record = block_on(Sealed::record(&backend)).unwrap().expect("the store says it is sealed");
        assert_eq!(unlock(&record, "一二三四五六七九"), Err(SealError::WrongPassphrase));
        assert_eq!(unlock(&record, "一二三四五六七八").unwrap(), key);
        let reopened = block_on(Store::open(Sealed::with_key(backend.clone(), &key, [2; 8]))).unwrap();
        same_items(&data, &block_on(reopened.load()).unwrap());
        // Without the key nothing is read, and nothing can be written.
        let before = backend.raw();
        let plain = Store::open(Sealed::plain(backend.clone()));
        let plain = block_on(plain).unwrap();
        assert_eq!(block_on(plain.load()).err(), Some(StoreError::SealChanged));
        assert_eq!(block_on(plain.commit(&firm(1, 1))).err(), Some(StoreError::SealChanged));
        assert_eq!(backend.raw(), before);
    }

    #[test]
    fn turning_it_off_gives_back_the_plain_store_byte_for_byte() {
        let backend = Rc::new(MemoryBackend::new());
        let store = block_on(Store::open(Sealed::plain(backend.clone()))).unwrap();
        block_on(store.commit(&firm(100, 900))).unwrap();
        let plain = backend.raw();
        let key = DataKey([7; 32]);
        block_on(store.backend().seal_all(&key, &record_for("passphrase-1", &key), [1; 8])).unwrap();
        assert_ne!(backend.raw(), plain);
        block_on(store.backend().unseal_all()).unwrap();
        assert_eq!(backend.raw(), plain);
        assert_eq!(block_on(Sealed::record(&backend)).unwrap(), None);
    }

    #[test]
    fn a_failed_conversion_changes_nothing() {
        let backend = Rc::new(MemoryBackend::new());
        let store = block_on(Store::open(Sealed::plain(backend.clone()))).unwrap();
        block_on(store.commit(&firm(100, 900))).unwrap();
        let before = backend.raw();
        let key = DataKey([7; 32]);
        backend.fail_next_update();
        let failed = block_on(store.backend().seal_all(&key, &record_for("passphrase-1", &key), [1; 8]));
        assert_eq!(failed, Err(StoreError::QuotaExceeded));
        assert_eq!(backend.raw(), before);
        assert!(!store.backend().is_sealed(), "still plain, and still writable");
        block_on(store.commit(&firm(101, 901))).unwrap();
    }

    #[test]
    fn another_tab_that_turned_it_on_stops_this_tab_writing_plain_values() {
        let backend = Rc::new(MemoryBackend::new());
        let tab_a = block_on(Store::open(Sealed::plain(backend.clone()))).unwrap();
        let tab_b = block_on(Store::open(Sealed::plain(backend.clone()))).unwrap();
        block_on(tab_a.commit(&firm(20, 100))).unwrap();
        let key = DataKey([5; 32]);
        block_on(tab_a.backend().seal_all(&key, &record_for("passphrase-1", &key), [1; 8])).unwrap();
        let before = backend.raw();
        // A brand-new customer lands in a bucket that may not exist yet: still refused.
        let mut new = Dataset::default();
        new.customers.merge(customer(77_777));
        assert_eq!(block_on(tab_b.commit(&new)), Err(StoreError::SealChanged));
        assert_eq!(backend.raw(), before);
    }

    #[test]
    fn clearing_keeps_the_store_sealed_and_a_new_passphrase_replaces_the_old() {
        let (backend, store, _, key) = sealed_firm();
        block_on(store.clear()).unwrap();
        assert_eq!(backend.raw().keys().collect::<Vec<_>>(), vec![SEAL_KEY]);
        let data = firm(10, 30);
        block_on(store.commit(&data)).unwrap();
        assert_no_plaintext(&backend.raw(), &data);
        block_on(store.backend().rewrap(&record_for("new passphrase", &key))).unwrap();
        let record = block_on(Sealed::record(&backend)).unwrap().unwrap();
        assert_eq!(unlock(&record, "一二三四五六七八"), Err(SealError::WrongPassphrase));
        assert_eq!(unlock(&record, "new passphrase").unwrap(), key);
    }

    #[test]
    fn a_value_moved_to_another_bucket_does_not_open() {
        let (backend, store, _, _) = sealed_firm();
        let raw = backend.raw();
        let keys: Vec<&String> = raw.keys().filter(|k| k.starts_with("010:")).take(2).collect();
        let moved = Writes { buckets: vec![(keys[1].clone(), raw[keys[0]].clone())], ..Writes::default() };
        block_on(backend.update(ReadSet::Keys(&[]), &mut |_| Ok(moved.clone()))).unwrap();
        assert!(matches!(block_on(store.load()), Err(StoreError::Corrupt { .. })));
    }

    #[test]
    fn an_undo_kept_after_an_import_is_sealed_too() {
        use kehu::exchange::plan_merge;
        use kehu::store::undo::ImportUndo;
        let (backend, store, data, _) = sealed_firm();
        let mut changed = data.customers.all()[3].clone();
        let mut fields = changed.data.clone();
        fields.name = "新名字有限公司".into();
        changed.edit(&fields, stamp(90_000), None);
        let mut file = Dataset::default();
        file.customers.merge(changed);
        let plan = plan_merge(&data, &file);
        block_on(store.apply_import(&plan, &ImportUndo::of(&data, &plan), vec![])).unwrap();
        assert_no_plaintext(&backend.raw(), &data);
        assert_no_plaintext(&backend.raw(), &file);
        block_on(store.undo_import()).unwrap().unwrap();
        same_items(&data, &block_on(store.load()).unwrap());
    }

    /// A load through a bulk opener (WebCrypto in the browser; here the same cipher behind the
    /// same interface) reads exactly what opening one by one reads, and a value that does not
    /// open fails the load.
    #[test]
    fn a_bulk_opened_load_reads_the_same() {
        use kehu::store::sealed::{BulkOpen, Sealer};
        let (backend, store, data, key) = sealed_firm();
        let opener = Rc::new(Sealer::new(&key, [0; 8]));
        let calls = Rc::new(std::cell::Cell::new(0));
        let (o, c) = (opener.clone(), calls.clone());
        let bulk: BulkOpen = Rc::new(move |items: Vec<(String, Vec<u8>)>| {
            c.set(c.get() + 1);
            let o = o.clone();
            Box::pin(async move { items.iter().map(|(k, v)| o.open(k, v)).collect() })
        });
        store.backend().set_bulk_opener(Some(bulk.clone()));
        same_items(&data, &block_on(store.load()).unwrap());
        assert!(calls.get() >= 1);
        let raw = backend.raw();
        let victim = raw.keys().find(|k| k.starts_with("021:")).unwrap().clone();
        let mut damaged = raw[&victim].clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        let w = Writes { buckets: vec![(victim, damaged)], ..Writes::default() };
        block_on(backend.update(ReadSet::Keys(&[]), &mut |_| Ok(w.clone()))).unwrap();
        assert!(matches!(block_on(store.load()), Err(StoreError::Corrupt { .. })));
    }
}
