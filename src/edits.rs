//! The changes users make, as batches: each user action becomes one small [`Dataset`] holding
//! the new or changed items plus the history entry that records it, written in one transaction.
//! Pure: ids and stamps are passed in.

use crate::model::{
    Action, Contact, Customer, Dataset, Department, Fact, FieldChange, Fields, Hlc, Id, Kind, Money, Payment, Product,
    Record, Revision, Sale, Staff,
};
use chrono::NaiveDate;

/// Who and when: everything a change needs from outside the core.
#[derive(Clone, Copy, Debug)]
pub struct Origin {
    pub branch: Id,
    pub stamp: Hlc,
    pub by: Option<Id>,
}

fn revision(
    kind: Kind,
    entity: Id,
    action: Action,
    changes: Vec<FieldChange>,
    rev_id: Id,
    o: Origin,
) -> Fact<Revision> {
    Fact::new(rev_id, o.branch, o.stamp, o.by, Revision { kind, entity, action, changes })
}

/// Cleans a comma- or 、-separated tag list: trimmed, no empties, no duplicates, in order.
pub fn parse_tags(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in text.split([',', '，', '、', ';', '；']) {
        let t = t.trim();
        if !t.is_empty() && !out.iter().any(|x| x == t) {
            out.push(t.to_string());
        }
    }
    out
}

/// A new customer with its tags, and the "created" history entry.
pub fn create_customer(id: Id, rev_id: Id, data: Customer, tags: &[String], o: Origin) -> Dataset {
    let mut record = Record::new(id, o.branch, o.stamp, o.by, data);
    record.set_tags(tags, o.stamp, o.by);
    let mut batch = Dataset::default();
    batch.revisions.merge(revision(Kind::Customer, id, Action::Created, Vec::new(), rev_id, o));
    batch.customers.merge(record);
    batch
}

/// Edits a record: only changed fields are stamped. `None` when nothing changed.
pub fn edit_record<T: Fields>(
    current: &Record<T>,
    new: &T,
    tags: Option<&[String]>,
    kind: Kind,
    rev_id: Id,
    o: Origin,
) -> Option<(Record<T>, Fact<Revision>)> {
    let mut record = current.clone();
    let mut changes = record.edit(new, o.stamp, o.by);
    if let Some(tags) = tags {
        if let Some(c) = record.set_tags(tags, o.stamp, o.by) {
            changes.push(c);
        }
    }
    if changes.is_empty() {
        return None;
    }
    let archived_change = changes.iter().find(|c| c.field == "archived").map(|c| c.new == serde_json::json!(true));
    let action = match archived_change {
        Some(true) if changes.len() == 1 => Action::Archived,
        Some(false) if changes.len() == 1 => Action::Restored,
        _ => Action::Edited,
    };
    let rev = revision(kind, record.id, action, changes, rev_id, o);
    Some((record, rev))
}

pub fn edit_customer(
    current: &Record<Customer>,
    new: &Customer,
    tags: &[String],
    rev_id: Id,
    o: Origin,
) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, Some(tags), Kind::Customer, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.customers.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

/// Archives or restores a customer (soft delete): all data stays.
pub fn set_archived(current: &Record<Customer>, archived: bool, rev_id: Id, o: Origin) -> Option<Dataset> {
    let mut new = current.data.clone();
    new.archived = archived;
    let (record, rev) = edit_record(current, &new, None, Kind::Customer, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.customers.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

/// A new contact under a customer; its creation goes into the customer's history.
pub fn create_contact(id: Id, rev_id: Id, data: Contact, o: Origin) -> Dataset {
    let customer = data.customer;
    let name = data.name.clone();
    let mut batch = Dataset::default();
    batch.contacts.merge(Record::new(id, o.branch, o.stamp, o.by, data));
    let change = FieldChange { field: "contact".into(), old: serde_json::Value::Null, new: serde_json::json!(name) };
    batch.revisions.merge(revision(Kind::Customer, customer, Action::Edited, vec![change], rev_id, o));
    batch
}

/// Deletes a contact (a tombstone), noted in the customer's history.
pub fn delete_contact(current: &Record<Contact>, rev_id: Id, o: Origin) -> Dataset {
    let mut record = current.clone();
    record.delete(o.stamp, o.by);
    let change = FieldChange {
        field: "contact".into(),
        old: serde_json::json!(current.data.name),
        new: serde_json::Value::Null,
    };
    let mut batch = Dataset::default();
    batch.revisions.merge(revision(Kind::Customer, current.data.customer, Action::Edited, vec![change], rev_id, o));
    batch.contacts.merge(record);
    batch
}

/// Edits a saved contact (for example its sensitive fields, shown on demand): only the changed
/// fields are stamped, and the history entry is the contact's own (kind `contact`), with who made
/// it. `None` when nothing changed.
pub fn edit_contact(current: &Record<Contact>, new: &Contact, rev_id: Id, o: Origin) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::Contact, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.contacts.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

/// A sales line, and the payment made on the spot if any: one batch, so both or neither.
pub fn record_sale(line_id: Id, sale: Sale, paid_now: Money, payment_id: Id, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    if paid_now.0 > 0 {
        let p = Payment {
            customer: sale.customer,
            date: sale.date,
            amount: paid_now,
            lines: vec![line_id],
            ..Payment::default()
        };
        batch.payments.merge(Fact::new(payment_id, o.branch, o.stamp, o.by, p));
    }
    batch.sales.merge(Fact::new(line_id, o.branch, o.stamp, o.by, sale));
    batch
}

pub fn record_payment(id: Id, customer: Id, date: NaiveDate, amount: Money, method: String, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    let p = Payment { customer, date, amount, method, ..Payment::default() };
    batch.payments.merge(Fact::new(id, o.branch, o.stamp, o.by, p));
    batch
}

pub fn create_product(id: Id, data: Product, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    batch.products.merge(Record::new(id, o.branch, o.stamp, o.by, data));
    batch
}

pub fn edit_product(current: &Record<Product>, new: &Product, rev_id: Id, o: Origin) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::Product, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.products.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

pub fn create_staff(id: Id, data: Staff, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    batch.staff.merge(Record::new(id, o.branch, o.stamp, o.by, data));
    batch
}

pub fn edit_staff(current: &Record<Staff>, new: &Staff, rev_id: Id, o: Origin) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::Staff, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.staff.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

pub fn create_department(id: Id, data: Department, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    batch.departments.merge(Record::new(id, o.branch, o.stamp, o.by, data));
    batch
}

pub fn edit_department(current: &Record<Department>, new: &Department, rev_id: Id, o: Origin) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::Department, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.departments.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

/// Renames (or otherwise edits) a branch: what other branches see as the sender of its files.
pub fn edit_branch(
    current: &Record<crate::model::Branch>,
    new: &crate::model::Branch,
    rev_id: Id,
    o: Origin,
) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::Branch, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.branches.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeId;

    fn origin(ms: u64) -> Origin {
        Origin { branch: Id::v7(1, [1; 10]), stamp: Hlc(ms, 0, NodeId::new(3, 0)), by: None }
    }

    #[test]
    fn creating_then_editing_leaves_a_history() {
        let id = Id::v7(5, [5; 10]);
        let batch = create_customer(
            id,
            Id::v7(5, [6; 10]),
            Customer { name: "甲".into(), ..Customer::default() },
            &parse_tags("重点， 华东,重点"),
            origin(10),
        );
        let mut data = Dataset::default();
        data.merge_all(&batch);
        let rec = data.customers.get(&id).unwrap().clone();
        assert_eq!(rec.tags.present().collect::<Vec<_>>(), vec!["华东", "重点"]);
        let mut new = rec.data.clone();
        new.phone = "13800138000".into();
        let edit = edit_customer(&rec, &new, &["重点".to_string()], Id::v7(6, [7; 10]), origin(20)).unwrap();
        data.merge_all(&edit);
        assert!(edit_customer(
            data.customers.get(&id).unwrap(),
            &new,
            &["重点".to_string()],
            Id::v7(6, [8; 10]),
            origin(30)
        )
        .is_none());
        let history = data.history_of(&id);
        assert_eq!(history.len(), 2);
        assert_eq!(history[0].data.action, Action::Created);
        let fields: Vec<&str> = history[1].data.changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, vec!["phone", "tags"]);
        let archive = set_archived(data.customers.get(&id).unwrap(), true, Id::v7(7, [9; 10]), origin(40)).unwrap();
        assert_eq!(archive.revisions.all()[0].data.action, Action::Archived);
    }

    #[test]
    fn a_sale_paid_on_the_spot_is_one_batch_with_its_payment() {
        let sale = Sale { customer: Id::v7(1, [2; 10]), amount: Money(500), ..Sale::default() };
        let line = Id::v7(9, [1; 10]);
        let b = record_sale(line, sale.clone(), Money(200), Id::v7(9, [2; 10]), origin(1));
        assert_eq!((b.sales.len(), b.payments.len()), (1, 1));
        assert_eq!(b.payments.all()[0].data.lines, vec![line]);
        assert_eq!(record_sale(line, sale, Money::ZERO, Id::v7(9, [2; 10]), origin(1)).payments.len(), 0);
    }
}

// Saved segments and delivered-value assessments (issue 4). Each change is one batch with its
// history entry; deleting writes a tombstone, so the deletion travels with branch exchange.

/// A new saved segment (`rules` is the JSON of `segments::Rules`).
pub fn create_segment(id: Id, rev_id: Id, data: crate::model::value::SavedSegment, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    batch.revisions.merge(revision(Kind::SavedSegment, id, Action::Created, Vec::new(), rev_id, o));
    batch.segments.merge(Record::new(id, o.branch, o.stamp, o.by, data));
    batch
}

/// Renames a segment or changes its rules. `None` when nothing changed.
pub fn edit_segment(
    current: &Record<crate::model::value::SavedSegment>,
    new: &crate::model::value::SavedSegment,
    rev_id: Id,
    o: Origin,
) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::SavedSegment, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.segments.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

/// Deletes a segment (a tombstone; customers are not touched).
pub fn delete_segment(current: &Record<crate::model::value::SavedSegment>, rev_id: Id, o: Origin) -> Dataset {
    let mut record = current.clone();
    record.delete(o.stamp, o.by);
    let mut batch = Dataset::default();
    batch.revisions.merge(revision(Kind::SavedSegment, current.id, Action::Deleted, Vec::new(), rev_id, o));
    batch.segments.merge(record);
    batch
}

/// A new delivered-value assessment.
pub fn create_assessment(id: Id, rev_id: Id, data: crate::model::value::ValueAssessment, o: Origin) -> Dataset {
    let mut batch = Dataset::default();
    batch.revisions.merge(revision(Kind::ValueAssessment, id, Action::Created, Vec::new(), rev_id, o));
    batch.value_assessments.merge(Record::new(id, o.branch, o.stamp, o.by, data));
    batch
}

/// Corrects an assessment. `None` when nothing changed.
pub fn edit_assessment(
    current: &Record<crate::model::value::ValueAssessment>,
    new: &crate::model::value::ValueAssessment,
    rev_id: Id,
    o: Origin,
) -> Option<Dataset> {
    let (record, rev) = edit_record(current, new, None, Kind::ValueAssessment, rev_id, o)?;
    let mut batch = Dataset::default();
    batch.value_assessments.merge(record);
    batch.revisions.merge(rev);
    Some(batch)
}

/// Deletes an assessment (a tombstone).
pub fn delete_assessment(current: &Record<crate::model::value::ValueAssessment>, rev_id: Id, o: Origin) -> Dataset {
    let mut record = current.clone();
    record.delete(o.stamp, o.by);
    let mut batch = Dataset::default();
    batch.revisions.merge(revision(Kind::ValueAssessment, current.id, Action::Deleted, Vec::new(), rev_id, o));
    batch.value_assessments.merge(record);
    batch
}

#[cfg(test)]
mod segment_and_value_tests {
    use super::*;
    use crate::model::value::{SavedSegment, ValueAssessment};
    use crate::model::NodeId;

    fn origin(ms: u64) -> Origin {
        Origin { branch: Id::v7(1, [1; 10]), stamp: Hlc(ms, 0, NodeId::new(3, 0)), by: None }
    }

    #[test]
    fn a_segment_is_created_renamed_and_deleted_with_history() {
        let id = Id::v7(5, [5; 10]);
        let seg = SavedSegment { name: "华东大客户".into(), rules: r#"{"version":1}"#.into() };
        let mut data = Dataset::default();
        data.merge_all(&create_segment(id, Id::v7(5, [6; 10]), seg.clone(), origin(10)));
        assert_eq!(data.segments.get(&id).map(|r| r.data.name.as_str()), Some("华东大客户"));
        let renamed = SavedSegment { name: "华东重点".into(), ..seg.clone() };
        let current = data.segments.get(&id).unwrap().clone();
        assert!(edit_segment(&current, &seg, Id::v7(6, [1; 10]), origin(20)).is_none());
        data.merge_all(&edit_segment(&current, &renamed, Id::v7(6, [2; 10]), origin(20)).unwrap());
        assert_eq!(data.segments.get(&id).unwrap().data.name, "华东重点");
        let current = data.segments.get(&id).unwrap().clone();
        let delete = delete_segment(&current, Id::v7(6, [3; 10]), origin(30));
        data.merge_all(&delete);
        assert!(data.segments.get(&id).unwrap().is_deleted());
        // A later edit from another tab does not bring it back: tombstones stick.
        data.merge_all(&edit_segment(&current, &seg, Id::v7(6, [4; 10]), origin(40)).unwrap());
        assert_eq!(data.segments.live().count(), 0);
        let actions: Vec<Action> =
            data.revisions.live().filter(|r| r.data.entity == id).map(|r| r.data.action).collect();
        assert_eq!(actions, vec![Action::Created, Action::Edited, Action::Deleted, Action::Edited]);
    }

    #[test]
    fn an_assessment_is_created_corrected_and_deleted() {
        let id = Id::v7(7, [7; 10]);
        let a = ValueAssessment {
            offering: "竞品 B".into(),
            product_value: 6,
            money_cost: 4,
            ..ValueAssessment::default()
        };
        let mut data = Dataset::default();
        data.merge_all(&create_assessment(id, Id::v7(7, [8; 10]), a.clone(), origin(10)));
        let current = data.value_assessments.get(&id).unwrap().clone();
        let b = ValueAssessment { product_value: 8, ..a };
        let edit = edit_assessment(&current, &b, Id::v7(7, [9; 10]), origin(20)).unwrap();
        assert_eq!(edit.revisions.all()[0].data.changes[0].field, "product_value");
        data.merge_all(&edit);
        assert_eq!(data.value_assessments.get(&id).unwrap().data.delivered_value(), 4);
        data.merge_all(&delete_assessment(data.value_assessments.get(&id).unwrap(), Id::v7(8, [1; 10]), origin(30)));
        assert_eq!(data.value_assessments.live().count(), 0);
    }
}
