//! Property tests of the exchange merge: the laws (commutative, associative, idempotent) over
//! random edit histories of several branches — records, facts, tags, tombstones, duplicate
//! merges and unmerges, erasures — and a simulation of branches exchanging delta bundles (as
//! bytes) in random orders, duplicated and re-sent, that must converge to identical data.

use kehu::edits::Origin;
use kehu::exchange::duplicates::{merge_customers, unmerge_customer, Redirects};
use kehu::exchange::{
    canonical, export_selection_with, kinds, merge, merge_into, parse_bundle, plan_import, vector_of, write_bundle,
    ExportInfo, Limits, SelectOptions, VersionVector,
};
use kehu::model::{
    Customer, Dataset, Fact, FirmSettings, Hlc, HlcClock, Id, Kind, Money, NodeId, Product, Qty, Record, Sale, Table,
};
use proptest::prelude::*;

/// One branch: its data, clock and id counter.
#[derive(Clone)]
struct Branch {
    id: Id,
    clock: HlcClock,
    data: Dataset,
    next_id: u64,
    now: u64,
}

impl Branch {
    fn new(n: u8, shared: &Dataset) -> Branch {
        Branch {
            id: Id::v7(1, [n; 10]),
            clock: HlcClock::new(NodeId::new(100 + u32::from(n), 1)),
            data: shared.clone(),
            next_id: 0,
            now: 10_000,
        }
    }

    fn origin(&mut self) -> Origin {
        self.now += 7;
        Origin { branch: self.id, stamp: self.clock.tick(self.now), by: None }
    }

    fn new_id(&mut self) -> Id {
        self.next_id += 1;
        let device = self.clock.node().device();
        let mut random = [0u8; 10];
        random[..4].copy_from_slice(&device.to_be_bytes());
        random[4..].copy_from_slice(&self.next_id.to_be_bytes()[2..]);
        Id::v7(self.now, random)
    }

    fn commit(&mut self, batch: &Dataset) {
        if let Some(s) = batch.max_stamp() {
            self.clock.observe(s);
        }
        merge_into(&mut self.data, batch);
    }

    fn receive(&mut self, other: &Dataset) {
        if let Some(s) = other.max_stamp() {
            self.clock.observe(s);
        }
        merge_into(&mut self.data, other);
    }

    fn live_customers(&self) -> Vec<Id> {
        let mut ids: Vec<Id> = self.data.customers.live().map(|c| c.id).collect();
        ids.sort();
        ids
    }

    /// Applies one random operation.
    fn apply(&mut self, op: &Op) {
        let customers = self.live_customers();
        let pick = |k: u8| customers.get(usize::from(k) % customers.len().max(1)).copied();
        match *op {
            Op::Create(phone) => {
                let o = self.origin();
                let id = self.new_id();
                let data = Customer {
                    name: format!("客户{phone}"),
                    phone: format!("1380000{phone:04}"),
                    ..Customer::default()
                };
                let mut batch = Dataset::default();
                batch.customers.merge(Record::new(id, o.branch, o.stamp, o.by, data));
                self.commit(&batch);
            }
            Op::Edit(k, field, v) => {
                let Some(id) = pick(k) else { return };
                let Some(current) = self.data.customers.get(&id).cloned() else { return };
                let o = self.origin();
                let mut new = current.data.clone();
                match field % 3 {
                    0 => new.name = format!("名{v}"),
                    1 => new.notes = format!("备注{v}"),
                    _ => new.credit_limit = Some(Money(i64::from(v) * 100)),
                }
                let mut r = current.clone();
                r.edit(&new, o.stamp, o.by);
                let mut batch = Dataset::default();
                batch.customers.merge(r);
                self.commit(&batch);
            }
            Op::Tag(k, tag, on) => {
                let Some(id) = pick(k) else { return };
                let Some(current) = self.data.customers.get(&id).cloned() else { return };
                let o = self.origin();
                let mut r = current.clone();
                let mut tags: Vec<String> = r.tags.present().map(str::to_string).collect();
                let t = format!("标签{}", tag % 4);
                tags.retain(|x| *x != t);
                if on {
                    tags.push(t);
                }
                r.set_tags(&tags, o.stamp, o.by);
                let mut batch = Dataset::default();
                batch.customers.merge(r);
                self.commit(&batch);
            }
            Op::Delete(k) => {
                let Some(id) = pick(k) else { return };
                let Some(current) = self.data.customers.get(&id).cloned() else { return };
                let o = self.origin();
                let mut r = current.clone();
                r.delete(o.stamp, o.by);
                let mut batch = Dataset::default();
                batch.customers.merge(r);
                self.commit(&batch);
            }
            Op::Sell(k, amount) => {
                let Some(customer) = pick(k) else { return };
                let o = self.origin();
                let id = self.new_id();
                let product = self.data.products.all()[0].id;
                let sale = Sale {
                    customer,
                    product,
                    date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1 + u32::from(amount % 28)).unwrap(),
                    quantity: Qty::units(1),
                    amount: Money(i64::from(amount) * 100),
                    ..Sale::default()
                };
                let mut batch = Dataset::default();
                batch.sales.merge(Fact::new(id, o.branch, o.stamp, o.by, sale));
                self.commit(&batch);
            }
            Op::Unsell(k) => {
                let mut sales: Vec<Id> = self.data.sales.live().map(|s| s.id).collect();
                sales.sort();
                let Some(&id) = sales.get(usize::from(k) % sales.len().max(1)) else { return };
                let o = self.origin();
                let mut f = self.data.sales.get(&id).cloned().unwrap();
                f.delete(o.stamp);
                let mut batch = Dataset::default();
                batch.sales.merge(f);
                self.commit(&batch);
            }
            Op::MergeDup(a, b) => {
                let (Some(survivor), Some(merged)) = (pick(a), pick(b)) else { return };
                let o = self.origin();
                let ids = [self.new_id(), self.new_id()];
                if let Ok(batch) = merge_customers(&self.data, survivor, merged, ids, o) {
                    self.commit(&batch);
                }
            }
            Op::Unmerge(k) => {
                let mut merged: Vec<Id> =
                    self.data.redirects.all().iter().filter(|r| r.data.active).map(|r| r.id).collect();
                merged.sort();
                let Some(&id) = merged.get(usize::from(k) % merged.len().max(1)) else { return };
                let o = self.origin();
                let ids = [self.new_id(), self.new_id()];
                if let Ok(batch) = unmerge_customer(&self.data, id, ids, o) {
                    self.commit(&batch);
                }
            }
            Op::Settings(v) => {
                // Each branch may create the firm-settings singleton (id NIL) on its own.
                let o = self.origin();
                let mut batch = Dataset::default();
                let data = FirmSettings { firm_name: format!("公司{v}"), ..FirmSettings::defaults() };
                let record = match self.data.settings.get(&Id::NIL) {
                    Some(current) => {
                        let mut r = current.clone();
                        let mut d = r.data.clone();
                        d.receivables_line_pct = u32::from(v % 40);
                        r.edit(&d, o.stamp, o.by);
                        r
                    }
                    None => Record::new(Id::NIL, o.branch, o.stamp, o.by, data),
                };
                batch.settings.merge(record);
                self.commit(&batch);
            }
            Op::Erase(k) => {
                let Some(id) = pick(k) else { return };
                let o = self.origin();
                let eid = self.new_id();
                let plan = merge::erase(&self.data, Kind::Customer, id, eid, o);
                let mut data = std::mem::take(&mut self.data);
                plan.apply_to(&mut data);
                self.data = data;
                if let Some(s) = plan.merge.max_stamp() {
                    self.clock.observe(s);
                }
            }
        }
    }
}

#[derive(Clone, Debug)]
enum Op {
    Create(u16),
    Edit(u8, u8, u16),
    Tag(u8, u8, bool),
    Delete(u8),
    Sell(u8, u16),
    Unsell(u8),
    MergeDup(u8, u8),
    Unmerge(u8),
    Erase(u8),
    Settings(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => any::<u16>().prop_map(|p| Op::Create(p % 50)),
        6 => (any::<u8>(), any::<u8>(), any::<u16>()).prop_map(|(a, b, c)| Op::Edit(a, b, c % 100)),
        3 => (any::<u8>(), any::<u8>(), any::<bool>()).prop_map(|(a, b, c)| Op::Tag(a, b, c)),
        1 => any::<u8>().prop_map(Op::Delete),
        4 => (any::<u8>(), any::<u16>()).prop_map(|(a, b)| Op::Sell(a, b % 1000)),
        1 => any::<u8>().prop_map(Op::Unsell),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::MergeDup(a, b)),
        1 => any::<u8>().prop_map(Op::Unmerge),
        1 => any::<u8>().prop_map(Op::Erase),
        1 => any::<u16>().prop_map(Op::Settings),
    ]
}

/// The firm every branch starts from: one product and three customers.
fn shared() -> Dataset {
    let mut d = Dataset::default();
    let node = NodeId::new(1, 0);
    let hq = Id::v7(1, [0; 10]);
    d.products.merge(Record::new(
        Id::v7(2, [1; 10]),
        hq,
        Hlc(1_000, 0, node),
        None,
        Product { name: "水泥".into(), list_price: Money(500), ..Product::default() },
    ));
    for i in 0..3u8 {
        let c = Customer { name: format!("老客户{i}"), phone: format!("1390000000{i}"), ..Customer::default() };
        d.customers.merge(Record::new(Id::v7(3, [10 + i; 10]), hq, Hlc(1_000 + u64::from(i), 0, node), None, c));
    }
    d
}

fn sum(d: &Dataset) -> String {
    canonical::checksum(d)
}

/// Checks every item of `from` held in `to` as well: `merge_changes` says exactly whether
/// merging the one into the other changes it (`kehu merge` and imports skip what it rules out).
struct ChangesAgree {
    checked: usize,
    failures: Vec<String>,
}

impl kinds::ExVisitorPair for ChangesAgree {
    fn visit_pair<R: kinds::ExItem>(&mut self, kind: Kind, from: &Table<R>, to: &mut Table<R>) {
        for x in from.all() {
            if let Some(held) = to.get(&x.id()) {
                let mut m = held.clone();
                m.merge_from(x);
                self.checked += 1;
                if held.merge_changes(x) != (m != *held) {
                    self.failures.push(format!("{kind:?} {}", x.id()));
                }
            }
        }
    }
}

fn changes_agree(a: &Dataset, b: &Dataset) -> ChangesAgree {
    let mut v = ChangesAgree { checked: 0, failures: Vec::new() };
    kinds::visit_pair(a, &mut b.clone(), &mut v);
    kinds::visit_pair(b, &mut a.clone(), &mut v);
    v
}

fn merged(a: &Dataset, b: &Dataset) -> Dataset {
    let mut x = a.clone();
    merge_into(&mut x, b);
    x
}

/// Three branches edit independently (with an occasional exchange between them).
fn histories(ops: &[(u8, Op)], syncs: &[(u8, u8, u8)]) -> Vec<Dataset> {
    let base = shared();
    let mut branches: Vec<Branch> = (0..3).map(|n| Branch::new(n, &base)).collect();
    for (step, (b, op)) in ops.iter().enumerate() {
        branches[usize::from(*b % 3)].apply(op);
        for (at, from, to) in syncs {
            if usize::from(*at) % ops.len().max(1) == step && from % 3 != to % 3 {
                let data = branches[usize::from(from % 3)].data.clone();
                branches[usize::from(to % 3)].receive(&data);
            }
        }
    }
    branches.into_iter().map(|b| b.data).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn merge_is_commutative_associative_and_idempotent(
        ops in prop::collection::vec((any::<u8>(), op()), 1..60),
        syncs in prop::collection::vec((any::<u8>(), any::<u8>(), any::<u8>()), 0..4),
    ) {
        let h = histories(&ops, &syncs);
        let (a, b, c) = (&h[0], &h[1], &h[2]);
        prop_assert_eq!(sum(&merged(a, b)), sum(&merged(b, a)), "commutative");
        prop_assert_eq!(sum(&merged(&merged(a, b), c)), sum(&merged(a, &merged(b, c))), "associative");
        prop_assert_eq!(sum(&merged(a, a)), sum(a), "idempotent");
        let abc = merged(&merged(a, b), c);
        for (x, y) in [(a, b), (b, c), (a, &abc), (&abc, c)] {
            let agree = changes_agree(x, y);
            prop_assert!(agree.checked > 0);
            prop_assert!(agree.failures.is_empty(), "merge_changes wrong for {:?}", agree.failures);
        }
        prop_assert_eq!(sum(&merged(&abc, b)), sum(&abc), "absorbs a part");
        // Redirects resolve the same way whatever the order.
        let cba = merged(&merged(c, b), a);
        let (r1, r2) = (Redirects::of(&abc), Redirects::of(&cba));
        for cust in abc.customers.all() {
            prop_assert_eq!(r1.resolve(cust.id), r2.resolve(cust.id));
        }
        // Erased customers hold no content in the merged data.
        for e in abc.erasures.all() {
            if let Some(c) = abc.customers.get(&e.data.entity) {
                prop_assert!(c.is_deleted());
                prop_assert_eq!(&c.data, &Customer::default());
                prop_assert_eq!(c.tags.present().count(), 0);
            }
        }
    }
}

/// A branch in the exchange simulation: what it remembers of each peer.
struct Node {
    b: Branch,
    /// Per peer, the vector of the last bundle received from it.
    peers: Vec<Option<VersionVector>>,
}

fn send(from: &Node, to_index: usize, margin_ms: u64) -> Vec<u8> {
    let since = from.peers[to_index].as_ref();
    let content = export_selection_with(&from.b.data, since, SelectOptions { margin_ms });
    let info = ExportInfo {
        branch: from.b.id,
        branch_name: "b".into(),
        device: from.b.clock.node().device(),
        created_ms: from.b.now,
    };
    let header = kehu::exchange::bundle::header_for(&content, vector_of(&from.b.data), since, &info);
    write_bundle(&header, &content, 1)
}

fn receive(to: &mut Node, from_index: usize, bytes: &[u8]) {
    let bundle = parse_bundle(bytes, None, &Limits::default()).expect("a bundle we wrote reads back");
    let plan = plan_import(&to.b.data, &bundle).expect("no dangling references between branches");
    if let Some(s) = bundle.data.max_stamp() {
        to.b.clock.observe(s);
    }
    let mut data = std::mem::take(&mut to.b.data);
    plan.apply_to(&mut data);
    to.b.data = data;
    // Remember what the sender had (a later, smaller vector from a re-delivered old bundle must
    // not move it back: keep the join).
    let mut v = to.peers[from_index].take().unwrap_or_default();
    v.join(&bundle.header.vector);
    to.peers[from_index] = Some(v);
}

#[derive(Clone, Debug)]
enum Event {
    Edit(u8, Op),
    /// Branch a makes a bundle for branch b; it is delivered later.
    Send(u8, u8),
    /// Deliver the k-th bundle in flight (kept in flight with probability: delivered twice).
    Deliver(u8, bool),
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        5 => (any::<u8>(), op()).prop_map(|(a, o)| Event::Edit(a, o)),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Event::Send(a, b)),
        3 => (any::<u8>(), any::<bool>()).prop_map(|(a, b)| Event::Deliver(a, b)),
    ]
}

fn simulate(n: usize, events: &[Event], margin_ms: u64) -> Vec<Dataset> {
    let base = shared();
    let mut nodes: Vec<Node> = (0..n).map(|i| Node { b: Branch::new(i as u8, &base), peers: vec![None; n] }).collect();
    let mut in_flight: Vec<(usize, usize, Vec<u8>)> = Vec::new();
    for e in events {
        match e {
            Event::Edit(a, op) => nodes[usize::from(*a) % n].b.apply(op),
            Event::Send(a, b) => {
                let (a, b) = (usize::from(*a) % n, usize::from(*b) % n);
                if a != b {
                    let bytes = send(&nodes[a], b, margin_ms);
                    in_flight.push((a, b, bytes));
                }
            }
            Event::Deliver(k, again) => {
                if in_flight.is_empty() {
                    continue;
                }
                let i = usize::from(*k) % in_flight.len();
                let (from, to, bytes) = if *again { in_flight[i].clone() } else { in_flight.remove(i) };
                receive(&mut nodes[to], from, &bytes);
            }
        }
    }
    // Whatever is still in flight arrives, in reverse order.
    while let Some((from, to, bytes)) = in_flight.pop() {
        receive(&mut nodes[to], from, &bytes);
    }
    // Then everyone sends everyone a delta, twice round: a ring is enough to spread everything.
    for _ in 0..2 {
        for from in 0..n {
            for to in 0..n {
                if from != to {
                    let bytes = send(&nodes[from], to, margin_ms);
                    receive(&mut nodes[to], from, &bytes);
                }
            }
        }
    }
    nodes.into_iter().map(|x| x.b.data).collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// Delta bundles chosen by version vectors with no margin at all: still no branch misses
    /// anything (prefix-closed data), and all converge.
    #[test]
    fn branches_exchanging_deltas_in_any_order_converge(
        n in 2usize..5,
        events in prop::collection::vec(event(), 1..80),
    ) {
        let finals = simulate(n, &events, 0);
        let first = sum(&finals[0]);
        for f in &finals[1..] {
            prop_assert_eq!(sum(f), first.clone());
        }
    }

    /// export → import → export gives the same bytes.
    #[test]
    fn export_import_export_is_byte_identical(ops in prop::collection::vec((any::<u8>(), op()), 1..40)) {
        let h = histories(&ops, &[]);
        let info = ExportInfo { branch: Id::v7(1, [9; 10]), branch_name: "总部".into(), device: 7, created_ms: 99 };
        let first = kehu::exchange::export_bundle(&h[0], None, &info);
        let back = parse_bundle(&first, None, &Limits::default()).unwrap();
        let again = kehu::exchange::export_bundle(&back.data, None, &info);
        prop_assert_eq!(first, again);
    }
}

#[test]
fn the_default_margin_over_sends_but_converges_too() {
    let events: Vec<Event> = (0..40u8)
        .map(|i| match i % 4 {
            0 => Event::Edit(i, Op::Create(u16::from(i))),
            1 => Event::Edit(i / 2, Op::Edit(i, i, u16::from(i))),
            2 => Event::Send(i, i / 3),
            _ => Event::Deliver(i, i % 8 == 3),
        })
        .collect();
    let finals = simulate(3, &events, kehu::exchange::vector::DEFAULT_MARGIN_MS);
    assert_eq!(sum(&finals[0]), sum(&finals[1]));
    assert_eq!(sum(&finals[1]), sum(&finals[2]));
}
