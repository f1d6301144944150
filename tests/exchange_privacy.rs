//! Privacy in branch exchange (issue 9): sensitive fields left out of a bundle can never win a
//! merge, and an erased contact stays erased when an older bundle that still holds it arrives.

use kehu::edits::{self, Origin};
use kehu::exchange::merge::{contact_erasure_targets, erase_all};
use kehu::exchange::sensitive::LEFT_OUT_FIELD_STAMP;
use kehu::exchange::{export_bundle, export_bundle_with, parse_bundle, plan_import, ExportInfo, ExportOptions, Limits};
use kehu::model::{Contact, Customer, Dataset, Hlc, Id, Kind, NodeId, Record};

const FAMILY_A: &str = "女儿在读高三";
const FAMILY_B: &str = "儿子刚工作";

fn origin(device: u32, ms: u64) -> Origin {
    Origin { branch: Id::v7(1, [device as u8; 10]), stamp: Hlc(ms, 0, NodeId::new(device, 0)), by: None }
}

fn info(device: u32) -> ExportInfo {
    ExportInfo {
        branch: Id::v7(1, [device as u8; 10]),
        branch_name: format!("分店{device}"),
        device,
        created_ms: 5_000,
    }
}

/// Branch A: a customer and a contact (created through the edits, so with its history entry).
fn branch_a() -> (Dataset, Id, Id) {
    let mut d = Dataset::default();
    let customer = Record::new(
        Id::v7(100, [1; 10]),
        Id::v7(1, [1; 10]),
        Hlc(100, 0, NodeId::new(1, 0)),
        None,
        Customer { name: "杭州宏达建材有限公司".into(), ..Customer::default() },
    );
    let cid = customer.id;
    d.customers.merge(customer);
    let contact = Contact {
        customer: cid,
        name: "王经理".into(),
        phone: "13800000001".into(),
        family: FAMILY_A.into(),
        health: "血压偏高".into(),
        birth_year: Some(1975),
        ..Contact::default()
    };
    let id = Id::v7(200, [1; 10]);
    d.merge_all(&edits::create_contact(id, Id::v7(201, [1; 10]), contact, origin(1, 200)));
    (d, cid, id)
}

fn roundtrip(bytes: &[u8]) -> kehu::exchange::Bundle {
    parse_bundle(bytes, None, &Limits::default()).expect("a sound bundle")
}

fn import(local: &mut Dataset, bytes: &[u8]) {
    let plan = plan_import(local, &roundtrip(bytes)).expect("importable");
    plan.apply_to(local);
}

fn json_of(bytes: &[u8]) -> String {
    String::from_utf8(kehu::exchange::bundle::gunzip(bytes, 1 << 30).unwrap()).unwrap()
}

#[test]
fn sensitive_fields_left_out_never_overwrite_the_receivers_and_never_arrive() {
    let (a, _, contact) = branch_a();
    let without = ExportOptions { include_sensitive: false };
    let (bytes, items) = export_bundle_with(&a, None, &info(1), without);
    assert_eq!(items, a.total());
    let text = json_of(&bytes);
    assert!(!text.contains(FAMILY_A) && !text.contains("血压") && !text.contains("1975"), "{text}");
    assert!(text.contains("王经理") && text.contains("13800000001"), "the rest is exported");
    let bundle = roundtrip(&bytes);
    assert!(!bundle.header.sensitive, "the header says they were left out");
    assert!(text.contains(r#""sensitive":false"#));

    // Branch B holds the same contact with a family text of its own: it keeps it.
    let mut b = a.clone();
    let mut edited = b.contacts.get(&contact).unwrap().clone();
    let mut data = edited.data.clone();
    data.family = FAMILY_B.into();
    edited.edit(&data, Hlc(300, 0, NodeId::new(2, 0)), None);
    b.contacts.merge(edited);
    assert_eq!(b.contacts.get(&contact).unwrap().data.family, FAMILY_B);
    import(&mut b, &bytes);
    let kept = b.contacts.get(&contact).unwrap();
    assert_eq!(kept.data.family, FAMILY_B, "a left-out field never wins");
    assert_eq!(kept.data.health, "血压偏高", "B's own copy of the other fields stays");

    // Branch C never had the contact: it gets it without the sensitive text.
    let mut c = Dataset::default();
    c.customers.merge(a.customers.all()[0].clone());
    import(&mut c, &bytes);
    let got = c.contacts.get(&contact).unwrap();
    assert_eq!(got.data.name, "王经理");
    assert!(got.data.family.is_empty() && got.data.health.is_empty() && got.data.birth_year.is_none());
    assert_eq!(got.stamp_of("family"), LEFT_OUT_FIELD_STAMP);
    // A later bundle with the fields brings them in (the left-out stamp is the earliest).
    let (full, _) = export_bundle_with(&a, None, &info(1), ExportOptions { include_sensitive: true });
    assert_eq!(full, export_bundle(&a, None, &info(1)), "with everything it is the plain export");
    assert!(roundtrip(&full).header.sensitive);
    import(&mut c, &full);
    assert_eq!(c.contacts.get(&contact).unwrap().data.family, FAMILY_A);
}

#[test]
fn a_delta_export_leaves_them_out_too() {
    let (a, _, _) = branch_a();
    let since = kehu::exchange::VersionVector::default();
    let (bytes, items) = export_bundle_with(&a, Some(&since), &info(1), ExportOptions::default());
    assert!(items > 0);
    let text = json_of(&bytes);
    assert!(!text.contains(FAMILY_A), "{text}");
    assert!(!roundtrip(&bytes).header.sensitive);
}

#[test]
fn an_erased_contact_stays_erased_when_an_older_bundle_arrives() {
    let (mut a, customer, contact) = branch_a();
    let older = export_bundle(&a, None, &info(1));
    let targets: Vec<(Kind, Id, Id)> = contact_erasure_targets(&a, contact)
        .into_iter()
        .enumerate()
        .map(|(n, (k, id))| (k, id, Id::v7(900, [n as u8 + 1; 10])))
        .collect();
    assert_eq!(targets.len(), 2, "the contact and the customer's history entry naming it");
    let plan = erase_all(&a, &targets, origin(1, 1_000));
    plan.apply_to(&mut a);
    import(&mut a, &older);
    let wiped = a.contacts.get(&contact).unwrap();
    assert!(wiped.is_deleted() && wiped.data == Contact::default());
    let everything = json_of(&export_bundle(&a, None, &info(1)));
    assert!(!everything.contains("王经理") && !everything.contains(FAMILY_A), "{everything}");
    assert!(a.history_of(&customer).iter().all(|r| r.is_deleted() || r.data.changes.is_empty()));
    assert_eq!(a.erasures.len(), 2);
}
