//! Privacy in branch exchange (issue 9): sensitive fields left out of a bundle can never win a
//! merge, an erased contact stays erased when an older bundle that still holds it arrives, and so
//! does a whole customer who is a person (with their contacts, visits, complaints, surveys and
//! repairs), whatever the order in which three branches exchange; their sales and payments stay
//! as anonymous figures.

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

/// Importing as the app does: the items about erased people that no erasure names yet (written
/// before the erasure reached their branch) are erased with the import, under `o`.
fn app_import(local: &mut Dataset, bytes: &[u8], o: Origin) -> usize {
    let mut incoming = roundtrip(bytes);
    let mut n = 0u64;
    let added = erase_leftovers_too(local, &mut incoming.data, o, || {
        n += 1;
        let mut random = [(o.stamp.2 .0 >> 16) as u8, 5, 0, 0, 0, 0, 0, 0, 0, 0];
        random[2..].copy_from_slice(&n.to_be_bytes());
        Id::v7(o.stamp.0, random)
    });
    plan_import(local, &incoming).expect("importable").apply_to(local);
    added
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

// ---- erasure of a whole customer who is a person ----

use kehu::exchange::canonical::checksum;
use kehu::exchange::kinds::ExItem;
use kehu::exchange::merge::merge_into;
use kehu::exchange::person::{
    customer_erasure_leftovers, customer_erasure_targets, erase_leftovers_too, erasure_leftovers,
};
use kehu::model::service::{ComplaintStep, Interaction, Repair, SurveyResponse};
use kehu::model::{CustomerType, Fact, Money, Payment, Product, Sale};
use proptest::prelude::*;

const PERSON: &str = "李秀英";
const PERSON_PHONE: &str = "13912345678";
const VISIT_TEXT: &str = "上门回访：孙子刚出生";
const COMPLAINT_TEXT: &str = "投诉人李秀英说热水器漏水";
const SURVEY_TEXT: &str = "服务员态度很好";
const REPAIR_TEXT: &str = "厨房热水器不出热水";
const NOTE: &str = "独居，耳背";

const LATE_VISIT: &str = "后来又去看了她";

/// Every text about the person that must not survive the erasure.
const PERSONAL: [&str; 8] =
    [PERSON, PERSON_PHONE, VISIT_TEXT, COMPLAINT_TEXT, SURVEY_TEXT, REPAIR_TEXT, NOTE, FAMILY_A];

struct Person {
    data: Dataset,
    customer: Id,
    sale: Id,
    payment: Id,
    other: Id,
}

fn at(ms: u64) -> Hlc {
    Hlc(ms, 0, NodeId::new(1, 0))
}

/// A consumer with a contact, a visit, a complaint with a step, a survey response, a repair, a
/// sale and a payment (all created at branch 1), and another customer who must not be touched.
fn person() -> Person {
    let b = Id::v7(1, [1; 10]);
    let mut d = Dataset::default();
    let product =
        Record::new(Id::v7(50, [1; 10]), b, at(50), None, Product { name: "热水器".into(), ..Product::default() });
    let pid = product.id;
    d.products.merge(product);
    let data = Customer {
        name: PERSON.into(),
        customer_type: CustomerType::Consumer,
        phone: PERSON_PHONE.into(),
        notes: NOTE.into(),
        ..Customer::default()
    };
    let customer = Id::v7(100, [7; 10]);
    d.merge_all(&edits::create_customer(customer, Id::v7(101, [7; 10]), data, &["老人".into()], origin(1, 100)));
    let other = Id::v7(100, [8; 10]);
    let firm = Customer { name: "杭州宏达建材有限公司".into(), ..Customer::default() };
    d.merge_all(&edits::create_customer(other, Id::v7(101, [8; 10]), firm, &[], origin(1, 101)));
    let contact =
        Contact { customer, name: "李秀英的女儿".into(), family: FAMILY_A.into(), ..Contact::default() };
    d.merge_all(&edits::create_contact(Id::v7(110, [7; 10]), Id::v7(111, [7; 10]), contact, origin(1, 110)));
    let photo = Fact::new(
        Id::v7(119, [7; 10]),
        b,
        at(119),
        None,
        kehu::model::service::Attachment { mime: "image/png".into(), name: "现场.png".into(), data: "AAAA".into() },
    );
    d.attachments.merge(photo);
    let visit = Interaction {
        customer,
        summary: VISIT_TEXT.into(),
        photos: vec![Id::v7(119, [7; 10])],
        ..Interaction::default()
    };
    d.interactions.merge(Fact::new(Id::v7(120, [7; 10]), b, at(120), None, visit));
    let complaint = kehu::model::service::Complaint {
        customer,
        complainant: PERSON.into(),
        against: COMPLAINT_TEXT.into(),
        ..Default::default()
    };
    let complaint = Record::new(Id::v7(130, [7; 10]), b, at(130), None, complaint);
    let step = ComplaintStep { complaint: complaint.id, content: COMPLAINT_TEXT.into(), ..ComplaintStep::default() };
    d.complaints.merge(complaint);
    d.complaint_steps.merge(Fact::new(Id::v7(131, [7; 10]), b, at(131), None, step));
    let template = Record::new(Id::v7(139, [7; 10]), b, at(139), None, kehu::model::service::SurveyTemplate::default());
    let survey = SurveyResponse {
        template: template.id,
        customer: Some(customer),
        comment: SURVEY_TEXT.into(),
        ..SurveyResponse::default()
    };
    d.survey_templates.merge(template);
    d.survey_responses.merge(Fact::new(Id::v7(140, [7; 10]), b, at(140), None, survey));
    let repair = Repair { customer, problem: REPAIR_TEXT.into(), ..Repair::default() };
    d.repairs.merge(Record::new(Id::v7(150, [7; 10]), b, at(150), None, repair));
    let sale = Sale { customer, product: pid, amount: Money(398_000), ..Sale::default() };
    let sale_id = Id::v7(160, [7; 10]);
    d.sales.merge(Fact::new(sale_id, b, at(160), None, sale));
    let payment = Payment { customer, amount: Money(100_000), ..Payment::default() };
    let payment_id = Id::v7(170, [7; 10]);
    d.payments.merge(Fact::new(payment_id, b, at(170), None, payment));
    Person { data: d, customer, sale: sale_id, payment: payment_id, other }
}

/// The erasure of the person as made at a branch (new ids from `salt`).
fn erase_person(d: &mut Dataset, customer: Id, o: Origin, salt: u8) {
    let targets: Vec<(Kind, Id, Id)> = customer_erasure_targets(d, customer)
        .into_iter()
        .enumerate()
        .map(|(n, (k, id))| (k, id, Id::v7(o.stamp.0, [salt, n as u8, 0, 0, 0, 0, 0, 0, 0, 1])))
        .collect();
    erase_all(d, &targets, o).apply_to(d);
}

/// `true` when nothing in `d` (exported as a bundle, every field) holds the person's text, the
/// customer is an erased tombstone and the figures are still there.
fn erased_everywhere(d: &Dataset, p: &Person) -> Result<(), String> {
    let text = json_of(&export_bundle(d, None, &info(9)));
    for t in PERSONAL {
        if text.contains(t) {
            return Err(format!("{t} is still in the data"));
        }
    }
    let c = d.customers.get(&p.customer).ok_or("the customer's tombstone is kept")?;
    if !c.is_erased() || c.data != Customer::default() || c.tags.present().count() > 0 {
        return Err(format!("not an erased tombstone: {c:?}"));
    }
    let sale = d.sales.get(&p.sale).ok_or("the sale stays")?;
    let pay = d.payments.get(&p.payment).ok_or("the payment stays")?;
    if sale.is_deleted() || sale.data.amount != Money(398_000) || sale.data.customer != p.customer {
        return Err(format!("the sale is a figure under the erased id: {sale:?}"));
    }
    if pay.is_deleted() || pay.data.amount != Money(100_000) {
        return Err(format!("the payment stays: {pay:?}"));
    }
    if d.customers.get(&p.other).map(|c| c.data.name.as_str()) != Some("杭州宏达建材有限公司") {
        return Err("another customer was touched".into());
    }
    Ok(())
}

#[test]
fn a_persons_erasure_targets_their_record_and_personal_text_but_not_the_figures() {
    let p = person();
    let targets = customer_erasure_targets(&p.data, p.customer);
    let kinds: Vec<Kind> = targets.iter().map(|(k, _)| *k).collect();
    assert_eq!(targets[0], (Kind::Customer, p.customer), "the customer comes first");
    for k in [
        Kind::Contact,
        Kind::Interaction,
        Kind::Complaint,
        Kind::ComplaintStep,
        Kind::Attachment,
        Kind::SurveyResponse,
        Kind::Repair,
    ] {
        assert_eq!(kinds.iter().filter(|x| **x == k).count(), 1, "{k:?} in {kinds:?}");
    }
    assert_eq!(targets.len(), 8, "{targets:?}");
    assert!(!kinds.contains(&Kind::Sale) && !kinds.contains(&Kind::Payment), "figures stay");
    assert!(!targets.iter().any(|(_, id)| *id == p.other));
    assert!(customer_erasure_leftovers(&p.data, p.customer).is_empty(), "not erased yet");
}

#[test]
fn an_erased_person_stays_erased_when_an_older_bundle_arrives_in_either_order() {
    let p = person();
    let older = export_bundle(&p.data, None, &info(1));
    let mut a = p.data.clone();
    erase_person(&mut a, p.customer, origin(1, 1_000), 1);
    erased_everywhere(&a, &p).unwrap();
    // Every list that still shows its figures names it by the placeholder.
    use kehu::i18n::{customer_name, Lang};
    assert_eq!(customer_name(&a, &p.customer, Lang::Zh).as_deref(), Some("已清除的客户"));
    assert_eq!(customer_name(&a, &p.customer, Lang::En).as_deref(), Some("Erased customer"));
    assert_eq!(customer_name(&a, &p.other, Lang::En).as_deref(), Some("杭州宏达建材有限公司"));
    let history: Vec<_> = a.revisions.all().iter().filter(|r| r.data.entity == p.customer).collect();
    assert!(!history.is_empty() && history.iter().all(|r| r.is_deleted() && r.data.changes.is_empty()));

    // The older bundle imported after the erasure.
    let mut after = a.clone();
    import(&mut after, &older);
    erased_everywhere(&after, &p).unwrap();
    // The erasure arriving at a branch that holds the older data (and has edited it since).
    let mut b = roundtrip(&older).data;
    let mut edited = b.customers.get(&p.customer).unwrap().clone();
    let mut data = edited.data.clone();
    data.address = "西湖区文三路 1 号".into();
    edited.edit(&data, Hlc(2_000, 0, NodeId::new(2, 0)), None);
    b.customers.merge(edited);
    import(&mut b, &export_bundle(&a, None, &info(1)));
    erased_everywhere(&b, &p).unwrap();
    assert!(!json_of(&export_bundle(&b, None, &info(2))).contains("文三路"), "a later edit is erased too");
    import(&mut after, &export_bundle(&b, None, &info(2)));
    assert_eq!(checksum(&after), checksum(&b), "both orders end with the same data");

    // The erasure log: one line for the whole person, without content.
    let log = kehu::exchange::privacy::erasure_log(&a);
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!((log[0].kind, log[0].others), (Kind::Customer, 7));
    assert!(!format!("{log:?}").contains(PERSON));
}

#[test]
fn erasing_a_person_is_idempotent() {
    let p = person();
    let mut a = p.data.clone();
    erase_person(&mut a, p.customer, origin(1, 1_000), 1);
    let once = checksum(&a);
    assert_eq!(kehu::exchange::enforce_erasures(&mut a), 0, "nothing left to wipe");
    let copy = a.clone();
    merge_into(&mut a, &copy);
    assert_eq!(checksum(&a), once, "merging with itself changes nothing");
    assert_eq!(customer_erasure_targets(&a, p.customer), vec![(Kind::Customer, p.customer)], "nothing left");
    assert!(customer_erasure_leftovers(&a, p.customer).is_empty());
    // Erasing again (another tap, another branch) leaves the same content.
    erase_person(&mut a, p.customer, origin(1, 2_000), 2);
    erased_everywhere(&a, &p).unwrap();
    assert_eq!(
        a.customers.get(&p.customer),
        copy.customers.get(&p.customer).map(|c| c.erased(at(2_000), None)).as_ref()
    );
}

#[test]
fn personal_data_written_elsewhere_before_the_erasure_arrived_is_found_as_leftovers() {
    let p = person();
    let mut a = p.data.clone();
    let mut b = p.data.clone();
    erase_person(&mut a, p.customer, origin(1, 1_000), 1);
    // Branch B, not knowing yet, records a visit.
    let visit = Interaction { customer: p.customer, summary: "又去看了李秀英".into(), ..Interaction::default() };
    let late = Id::v7(1_100, [2; 10]);
    b.interactions.merge(Fact::new(late, Id::v7(1, [2; 10]), Hlc(1_100, 0, NodeId::new(2, 0)), None, visit));
    merge_into(&mut a, &b);
    assert_eq!(customer_erasure_leftovers(&a, p.customer), vec![(Kind::Interaction, late)]);
    erase_person(&mut a, p.customer, origin(1, 3_000), 3);
    assert!(customer_erasure_leftovers(&a, p.customer).is_empty());
    assert!(!json_of(&export_bundle(&a, None, &info(1))).contains("又去看了"));
}

/// Branch B's work about the person before A's erasure reached it: a visit with a photo and a
/// new contact, created at `ms` by device 2.
fn late_work(b: &mut Dataset, customer: Id, ms: u64, text: &str) -> [Id; 3] {
    let branch = Id::v7(1, [2; 10]);
    let photo = Id::v7(ms, [2, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    let attachment =
        kehu::model::service::Attachment { mime: "image/png".into(), name: format!("{text}.png"), data: "AAAA".into() };
    b.attachments.merge(Fact::new(photo, branch, Hlc(ms, 0, NodeId::new(2, 0)), None, attachment));
    let visit = Interaction { customer, summary: text.into(), photos: vec![photo], ..Interaction::default() };
    let visit_id = Id::v7(ms, [2, 2, 0, 0, 0, 0, 0, 0, 0, 1]);
    b.interactions.merge(Fact::new(visit_id, branch, Hlc(ms, 1, NodeId::new(2, 0)), None, visit));
    let contact = Contact { customer, name: format!("{text}的儿子"), ..Contact::default() };
    let contact_id = Id::v7(ms, [2, 3, 0, 0, 0, 0, 0, 0, 0, 1]);
    b.merge_all(&edits::create_contact(
        contact_id,
        Id::v7(ms, [2, 4, 0, 0, 0, 0, 0, 0, 0, 1]),
        contact,
        origin(2, ms + 2),
    ));
    [photo, visit_id, contact_id]
}

#[test]
fn an_import_erases_what_a_branch_wrote_about_the_person_before_the_erasure_reached_it() {
    let p = person();
    let mut a = p.data.clone();
    let mut b = p.data.clone();
    erase_person(&mut a, p.customer, origin(1, 1_000), 1);
    let [photo, visit, contact] = late_work(&mut b, p.customer, 1_100, "又去看了李秀英");
    let from_a = export_bundle(&a, None, &info(1));
    let from_b = export_bundle(&b, None, &info(2));

    // At A: B's bundle arrives after the erasure; the preview counts the leftovers as erased.
    let found = erasure_leftovers(&a, &roundtrip(&from_b).data);
    for x in [(Kind::Interaction, visit), (Kind::Attachment, photo), (Kind::Contact, contact)] {
        assert!(found.contains(&x), "{x:?} in {found:?}");
    }
    let mut incoming = roundtrip(&from_b);
    let o = origin(1, 2_000);
    let mut n = 0u8;
    let added = erase_leftovers_too(&a, &mut incoming.data, o, || {
        n += 1;
        Id::v7(2_000, [1, n, 0, 0, 0, 0, 0, 0, 0, 1])
    });
    assert_eq!(added, found.len());
    assert_eq!(
        erase_leftovers_too(&a, &mut incoming.data, o, || unreachable!("nothing left")),
        0,
        "a second call adds none"
    );
    let plan = plan_import(&a, &incoming).expect("importable");
    assert!(plan.preview.erased >= 3, "{:?}", plan.preview);
    plan.apply_to(&mut a);
    assert!(customer_erasure_leftovers(&a, p.customer).is_empty(), "nothing left for the page to offer");
    assert!(!json_of(&export_bundle(&a, None, &info(1))).contains("又去看了"), "A holds none of it");
    erased_everywhere(&a, &p).unwrap();
    let log = kehu::exchange::privacy::erasure_log(&a);
    assert!(log.iter().all(|line| !format!("{line:?}").contains("又去看了")));

    // At B: A's erasure arrives where the visit lives; the import erases B's own leftovers.
    assert!(app_import(&mut b, &from_a, origin(2, 2_100)) >= 3);
    assert!(!json_of(&export_bundle(&b, None, &info(2))).contains("又去看了"), "B holds none of it");
    erased_everywhere(&b, &p).unwrap();

    // Both erased the same items under their own erasures; after exchanging, the same data.
    app_import(&mut a, &export_bundle(&b, None, &info(2)), origin(1, 3_000));
    app_import(&mut b, &export_bundle(&a, None, &info(1)), origin(2, 3_100));
    assert_eq!(checksum(&a), checksum(&b));
    // An old file of B's, found later, brings nothing back.
    assert_eq!(app_import(&mut a, &from_b, origin(1, 4_000)), 0);
    assert!(!json_of(&export_bundle(&a, None, &info(1))).contains("又去看了"));
}

#[test]
fn no_leftovers_without_an_erased_person() {
    let p = person();
    let mut b = p.data.clone();
    late_work(&mut b, p.customer, 1_100, "又去看了李秀英");
    assert!(erasure_leftovers(&p.data, &b).is_empty());
    let mut a = p.data.clone();
    assert_eq!(app_import(&mut a, &export_bundle(&b, None, &info(2)), origin(1, 2_000)), 0);
    assert!(json_of(&export_bundle(&a, None, &info(1))).contains("又去看了"), "nothing erased");
}

#[derive(Clone, Debug)]
enum Step {
    /// Branch edits the person's notes (or the contact's family text) to a new text.
    Edit(u8, bool, u16),
    /// One branch sends everything it holds to another (as a bundle).
    Send(u8, u8),
    /// One branch sends what it held at some earlier step (an old file found on a USB stick).
    SendOld(u8, u8, u8),
    /// Branch records a visit to the person (when it has not received the erasure yet).
    Visit(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (any::<u8>(), any::<bool>(), any::<u16>()).prop_map(|(a, b, c)| Step::Edit(a, b, c)),
        4 => (any::<u8>(), any::<u8>()).prop_map(|(a, b)| Step::Send(a, b)),
        2 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Step::SendOld(a, b, c)),
        2 => any::<u8>().prop_map(Step::Visit),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Three branches hold the person, edit them, exchange bundles (new and old) in random
    /// orders; one erases them at a random moment. At the end, after everyone has sent everyone
    /// everything, all three hold the same data and the person is erased at every branch.
    #[test]
    fn three_branches_exchanging_in_any_order_keep_the_person_erased(
        steps in prop::collection::vec(step(), 1..24),
        erase_at in 0usize..24,
        eraser in 0u8..3,
    ) {
        let p = person();
        let mut nodes: Vec<Dataset> = vec![p.data.clone(); 3];
        let mut past: Vec<Vec<Vec<u8>>> = (0..3).map(|n| vec![export_bundle(&nodes[n], None, &info(n as u32 + 1))]).collect();
        let mut ms = 1_000;
        for (i, s) in steps.iter().enumerate() {
            ms += 10;
            if i == erase_at.min(steps.len() - 1) {
                let e = usize::from(eraser);
                erase_person(&mut nodes[e], p.customer, origin(u32::from(eraser) + 1, ms), eraser + 1);
            }
            match *s {
                Step::Edit(n, family, v) => {
                    let n = usize::from(n % 3);
                    let o = origin(n as u32 + 1, ms);
                    if family {
                        if let Some(c) = nodes[n].contacts.all().iter().find(|c| c.data.customer == p.customer).cloned() {
                            let mut data = c.data.clone();
                            data.family = format!("{FAMILY_A}{v}");
                            if let Some(batch) = edits::edit_contact(&c, &data, Id::v7(ms, [n as u8, 9, 0, 0, 0, 0, 0, 0, 0, 1]), o) {
                                merge_into(&mut nodes[n], &batch);
                            }
                        }
                    } else if let Some(c) = nodes[n].customers.get(&p.customer).cloned() {
                        let mut data = c.data.clone();
                        data.notes = format!("{NOTE}{v}");
                        if let Some(batch) = edits::edit_customer(&c, &data, &[], Id::v7(ms, [n as u8, 8, 0, 0, 0, 0, 0, 0, 0, 1]), o) {
                            merge_into(&mut nodes[n], &batch);
                        }
                    }
                }
                Step::Send(a, b) => {
                    let (a, b) = (usize::from(a % 3), usize::from(b % 3));
                    let bytes = export_bundle(&nodes[a], None, &info(a as u32 + 1));
                    if a != b {
                        app_import(&mut nodes[b], &bytes, origin(b as u32 + 1, ms));
                    }
                    past[a].push(bytes);
                }
                Step::SendOld(a, b, k) => {
                    let (a, b) = (usize::from(a % 3), usize::from(b % 3));
                    let bytes = past[a][usize::from(k) % past[a].len()].clone();
                    app_import(&mut nodes[b], &bytes, origin(b as u32 + 1, ms));
                }
                Step::Visit(n) => {
                    let n = usize::from(n % 3);
                    // A branch that has the erasure no longer offers a visit to the person.
                    if !nodes[n].customers.get(&p.customer).is_some_and(|c| c.is_erased()) {
                        let o = origin(n as u32 + 1, ms);
                        let visit = Interaction { customer: p.customer, summary: format!("{LATE_VISIT}{ms}"), ..Interaction::default() };
                        let id = Id::v7(ms, [n as u8, 6, 0, 0, 0, 0, 0, 0, 0, 1]);
                        nodes[n].interactions.merge(Fact::new(id, o.branch, o.stamp, None, visit));
                    }
                }
            }
        }
        for _ in 0..2 {
            for a in 0..3 {
                for b in 0..3 {
                    if a != b {
                        let bytes = export_bundle(&nodes[a], None, &info(a as u32 + 1));
                        ms += 1;
                        app_import(&mut nodes[b], &bytes, origin(b as u32 + 1, ms));
                    }
                }
            }
        }
        // And the oldest files of all, once more.
        for (b, node) in nodes.iter_mut().enumerate() {
            ms += 1;
            app_import(node, &past[(b + 1) % 3][0], origin(b as u32 + 1, ms));
        }
        let first = checksum(&nodes[0]);
        for n in &nodes {
            prop_assert_eq!(checksum(n), first.clone());
            if let Err(e) = erased_everywhere(n, &p) {
                prop_assert!(false, "{}", e);
            }
            prop_assert!(!json_of(&export_bundle(n, None, &info(9))).contains(LATE_VISIT), "a late visit survived");
        }
    }
}

/// No CSV export writes a sensitive field: no source file that writes or reads CSV so much as
/// names one (today no CSV export holds contacts at all). A CSV of contacts added later must
/// leave them out unless the user chooses, like bundles (`exchange::sensitive`).
#[test]
fn no_csv_code_names_a_sensitive_field() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")), &mut files);
    let sensitive = <Contact as kehu::model::Fields>::SENSITIVE;
    let mut checked = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        if !text.to_lowercase().contains("csv") {
            continue;
        }
        checked += 1;
        for name in sensitive {
            // `b.family` is a built-in segment's family (ABC, RFM…), not a person's.
            let uses = text.matches(&format!(".{name}")).count()
                - text.matches("b.family").count() * usize::from(*name == "family");
            let quoted = text.contains(&format!("\"{name}\""));
            assert!(uses == 0 && !quoted, "{} names the sensitive field {name}", f.display());
        }
    }
    assert!(checked > 10, "the CSV exports were found ({checked} files)");
}
