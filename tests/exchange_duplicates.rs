//! Customer duplicates (finding, merging with a redirect, undoing) and erasures travelling with
//! an import.

use kehu::edits::Origin;
use kehu::exchange::duplicates::{find_duplicates, merge_customers, unmerge_customer, DuplicateError, Redirects};
use kehu::exchange::{merge, merge_into, plan_merge, DuplicateReason};
use kehu::model::{Contact, Customer, Dataset, Hlc, Id, Kind, NodeId, Record};

fn origin(device: u32, ms: u64) -> Origin {
    Origin { branch: Id::v7(1, [device as u8; 10]), stamp: Hlc(ms, 0, NodeId::new(device, 0)), by: None }
}

fn customer(n: u8, data: Customer) -> Record<Customer> {
    Record::new(Id::v7(100, [n; 10]), Id::v7(1, [n; 10]), Hlc(100, 0, NodeId::new(u32::from(n), 0)), None, data)
}

fn firm() -> (Dataset, Id, Id, Id) {
    let mut d = Dataset::default();
    let a = customer(
        1,
        Customer {
            name: "杭州宏达建材有限公司".into(), address: "文三路1号".into(), ..Customer::default()
        },
    );
    let b = customer(
        2,
        Customer {
            name: "杭州 宏达建材 有限公司".into(), address: "文三路１号".into(), ..Customer::default()
        },
    );
    let c = customer(
        3,
        Customer { name: "宁波顺发".into(), tax_number: "91330100MA27XY1235".into(), ..Customer::default() },
    );
    let e = customer(
        4,
        Customer { name: "宁波顺发贸易".into(), tax_number: "91330100ma27xy1235 ".into(), ..Customer::default() },
    );
    let (ia, ib, ic) = (a.id, b.id, c.id);
    for x in [a, b, c, e] {
        d.customers.merge(x);
    }
    (d, ia, ib, ic)
}

#[test]
fn duplicates_are_found_by_folded_name_and_address_and_by_tax_number() {
    let (d, a, b, c) = firm();
    let found = find_duplicates(&d);
    assert_eq!(found.len(), 2, "{found:?}");
    let ab = found.iter().find(|x| (x.a, x.b) == (a.min(b), a.max(b))).unwrap();
    assert_eq!(ab.reasons, vec![DuplicateReason::NameAndAddress]);
    let tax = found.iter().find(|x| x.a == c || x.b == c).unwrap();
    assert_eq!(tax.reasons, vec![DuplicateReason::TaxNumber]);
}

#[test]
fn merging_redirects_history_and_can_be_undone() {
    let (mut d, a, b, _) = firm();
    let batch = merge_customers(&d, a, b, [Id::v7(9, [1; 10]), Id::v7(9, [2; 10])], origin(7, 1_000)).unwrap();
    assert_eq!(batch.revisions.len(), 2, "a history entry on each customer");
    merge_into(&mut d, &batch);
    let r = Redirects::of(&d);
    assert_eq!(r.resolve(b), a);
    assert_eq!(r.merged_into(a), vec![b]);
    assert!(find_duplicates(&d).iter().all(|x| x.a != b && x.b != b), "merged ones are no longer duplicates");
    assert_eq!(
        merge_customers(&d, b, a, [Id::v7(9, [3; 10]), Id::v7(9, [4; 10])], origin(7, 1_001)).unwrap_err(),
        DuplicateError::SameCustomer
    );
    let undo = unmerge_customer(&d, b, [Id::v7(9, [5; 10]), Id::v7(9, [6; 10])], origin(7, 1_002)).unwrap();
    merge_into(&mut d, &undo);
    assert_eq!(Redirects::of(&d).resolve(b), b);
    assert_eq!(
        unmerge_customer(&d, b, [Id::v7(9, [7; 10]), Id::v7(9, [8; 10])], origin(7, 1_003)).unwrap_err(),
        DuplicateError::NotMerged(b)
    );
    // Merging again after the undo re-activates the same record, later stamped.
    let again = merge_customers(&d, a, b, [Id::v7(9, [9; 10]), Id::v7(9, [10; 10])], origin(7, 1_004)).unwrap();
    merge_into(&mut d, &again);
    assert_eq!(d.redirects.len(), 1);
    assert_eq!(Redirects::of(&d).resolve(b), a);
}

#[test]
fn opposite_merges_at_two_branches_settle_on_the_same_survivor() {
    let (base, a, b, _) = firm();
    let mut one = base.clone();
    let m1 = merge_customers(&one, a, b, [Id::v7(9, [1; 10]), Id::v7(9, [2; 10])], origin(7, 1_000)).unwrap();
    merge_into(&mut one, &m1);
    let mut two = base.clone();
    let m2 = merge_customers(&two, b, a, [Id::v7(9, [3; 10]), Id::v7(9, [4; 10])], origin(8, 1_000)).unwrap();
    merge_into(&mut two, &m2);
    let mut x = one.clone();
    merge_into(&mut x, &two);
    let mut y = two.clone();
    merge_into(&mut y, &one);
    let (rx, ry) = (Redirects::of(&x), Redirects::of(&y));
    assert_eq!(rx.resolve(a), a.min(b));
    assert_eq!(rx.resolve(b), a.min(b));
    assert_eq!((ry.resolve(a), ry.resolve(b)), (rx.resolve(a), rx.resolve(b)));
}

#[test]
fn an_erasure_wipes_old_copies_wherever_it_arrives() {
    let (mut here, a, _, _) = firm();
    let contact = Record::new(
        Id::v7(200, [1; 10]),
        Id::v7(1, [1; 10]),
        Hlc(200, 0, NodeId::new(1, 0)),
        None,
        Contact { customer: a, name: "王经理".into(), family: "两个孩子".into(), ..Contact::default() },
    );
    here.contacts.merge(contact.clone());
    let elsewhere = here.clone();
    // Erased here…
    let plan = merge::erase(&here, Kind::Contact, contact.id, Id::v7(300, [1; 10]), origin(7, 2_000));
    assert_eq!(plan.replace.contacts.len(), 1);
    plan.apply_to(&mut here);
    let wiped = here.contacts.get(&contact.id).unwrap();
    assert!(wiped.is_deleted() && wiped.data == Contact::default());
    // …an old copy arriving later does not bring the content back…
    let back = plan_merge(&here, &elsewhere);
    assert!(back.is_empty(), "nothing to write: the erased copy wins");
    // …and the erasure arriving at the other branch wipes its copy there.
    let mut there = elsewhere.clone();
    let arriving = plan_merge(&there, &here);
    assert_eq!(arriving.preview.erased, 1);
    arriving.apply_to(&mut there);
    assert_eq!(there.contacts.get(&contact.id), here.contacts.get(&contact.id));
}

/// After a merge the views count the merged-away customer as the survivor: its sales and
/// payments in the survivor's balance, its contacts in the survivor's search key, one row in the
/// list, one customer for the scoring engine. Undoing the merge splits them again.
#[test]
fn views_count_a_merged_customer_as_the_survivor() {
    use chrono::NaiveDate;
    use kehu::ledger::balances;
    use kehu::model::{Fact, Money, Payment, Product, Qty, Sale};
    use kehu::search::{build_rows, filter, sort_order, ListQuery, SortKey};
    let (mut d, a, b, _) = firm();
    let product = Record::new(Id::v7(5, [5; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, Product::default());
    let p = product.id;
    d.products.merge(product);
    let stamp = |n: u8| Hlc(200 + u64::from(n), 0, NodeId::new(1, 0));
    for (n, who) in [(1u8, a), (2, b), (3, b)] {
        let sale = Sale {
            customer: who,
            product: p,
            date: NaiveDate::from_ymd_opt(2026, 1, n.into()).unwrap(),
            quantity: Qty::units(1),
            amount: Money(10_000 * i64::from(n)),
            ..Sale::default()
        };
        d.sales.merge(Fact::new(Id::v7(300, [n; 10]), Id::NIL, stamp(n), None, sale));
    }
    let pay = Payment { customer: b, amount: Money(5_000), ..Payment::default() };
    d.payments.merge(Fact::new(Id::v7(400, [1; 10]), Id::NIL, stamp(9), None, pay));
    let contact = Contact { customer: b, name: "王小明".into(), ..Contact::default() };
    d.contacts.merge(Record::new(Id::v7(500, [1; 10]), Id::NIL, stamp(10), None, contact));

    let batch = merge_customers(&d, a, b, [Id::v7(9, [1; 10]), Id::v7(9, [2; 10])], origin(7, 1_000)).unwrap();
    merge_into(&mut d, &batch);
    let bal = balances(&d);
    assert_eq!(bal[&a].sales, Money(60_000), "all three lines are the survivor's");
    assert_eq!(bal[&a].paid, Money(5_000));
    assert!(!bal.contains_key(&b));
    let rows = build_rows(&d, &bal);
    assert_eq!(rows.len(), 3, "the merged-away customer has no row of its own");
    let order = sort_order(&rows, SortKey::Name, false);
    let found = filter(
        &rows,
        &kehu::search::key_index(&rows),
        &order,
        &ListQuery { text: "wangxiaoming".into(), ..ListQuery::default() },
        None,
    );
    assert_eq!(
        found.iter().map(|&i| rows[i as usize].id).collect::<Vec<_>>(),
        vec![a],
        "its contacts find the survivor"
    );
    let (input, ix) = kehu::scoring::analytics_input(&d).unwrap();
    assert_eq!(ix.customers.len(), 3);
    assert_eq!(
        (input.customer_count(), input.line_count()),
        (3, 3),
        "every line reaches the engine, as the survivor's"
    );

    let undo = unmerge_customer(&d, b, [Id::v7(9, [3; 10]), Id::v7(9, [4; 10])], origin(7, 2_000)).unwrap();
    merge_into(&mut d, &undo);
    let bal = balances(&d);
    assert_eq!((bal[&a].sales, bal[&b].sales), (Money(10_000), Money(50_000)));
    assert_eq!(build_rows(&d, &bal).len(), 4);
}
