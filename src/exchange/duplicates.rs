//! Customers created separately at two branches: finding them, merging them (the merged-away
//! customer becomes a [`Redirect`] to the survivor, so all its history follows and later files
//! that name it land right) and undoing a merge.

use crate::edits::Origin;
pub use crate::model::Redirects;
use crate::model::{Action, Customer, Dataset, Fact, FieldChange, Id, Kind, Record, Redirect, Revision};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why two customers look like one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// The same phone number (digits only, without a leading +86 / 0086).
    Phone,
    /// The same tax number (统一社会信用代码).
    TaxNumber,
    /// The same name and address once spaces, punctuation, width and case are ignored.
    NameAndAddress,
}

/// Two customers that look like the same one. In an import preview `a` is the local customer
/// and `b` the bundle's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LikelyDuplicate {
    pub a: Id,
    pub b: Id,
    pub reasons: Vec<DuplicateReason>,
}

/// Digits of a phone number without the country prefix; `None` when too short to compare.
pub fn phone_key(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let digits =
        digits.strip_prefix("0086").or_else(|| digits.strip_prefix("86").filter(|d| d.len() == 11)).unwrap_or(&digits);
    (digits.len() >= 7).then(|| digits.to_string())
}

/// A tax number compared without case and spaces; `None` when empty.
pub fn tax_key(tax: &str) -> Option<String> {
    let t: String = tax.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    (!t.is_empty()).then_some(t)
}

/// Text folded for comparison: full-width forms to ASCII, lowercase, without spaces and
/// punctuation.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn name_address_key(c: &Customer) -> Option<String> {
    let (n, a) = (fold(&c.name), fold(&c.address));
    (!n.is_empty() && !a.is_empty()).then(|| format!("{n}\u{1}{a}"))
}

fn keys(c: &Customer) -> [(DuplicateReason, Option<String>); 3] {
    [
        (DuplicateReason::Phone, phone_key(&c.phone)),
        (DuplicateReason::TaxNumber, tax_key(&c.tax_number)),
        (DuplicateReason::NameAndAddress, name_address_key(c)),
    ]
}

/// Groups larger than this are a shared switchboard or a placeholder, not one customer twice.
const MAX_GROUP: usize = 20;

fn pairs(
    left: &[&Record<Customer>],
    right: &[&Record<Customer>],
    redirects: &Redirects,
    same_set: bool,
) -> Vec<LikelyDuplicate> {
    // No pair without a side (a first import into an empty store): skip building the keys.
    if left.is_empty() || right.is_empty() {
        return Vec::new();
    }
    let mut index: HashMap<(DuplicateReason, String), Vec<Id>> = HashMap::new();
    for c in left {
        for (reason, key) in keys(&c.data) {
            if let Some(key) = key {
                index.entry((reason, key)).or_default().push(c.id);
            }
        }
    }
    let mut found: HashMap<(Id, Id), Vec<DuplicateReason>> = HashMap::new();
    for c in right {
        for (reason, key) in keys(&c.data) {
            let Some(key) = key else { continue };
            let Some(group) = index.get(&(reason, key)) else { continue };
            if group.len() > MAX_GROUP {
                continue;
            }
            for &other in group {
                if other == c.id || redirects.resolve(other) == redirects.resolve(c.id) {
                    continue;
                }
                let pair = if same_set { (other.min(c.id), other.max(c.id)) } else { (other, c.id) };
                let reasons = found.entry(pair).or_default();
                if !reasons.contains(&reason) {
                    reasons.push(reason);
                }
            }
        }
    }
    let mut out: Vec<LikelyDuplicate> = found
        .into_iter()
        .map(|((a, b), mut reasons)| {
            reasons.sort();
            LikelyDuplicate { a, b, reasons }
        })
        .collect();
    out.sort_by_key(|x| (x.a, x.b));
    out
}

/// Customers of `incoming` that this branch does not have but that look like one it has.
pub fn likely_duplicates(local: &Dataset, incoming: &Dataset) -> Vec<LikelyDuplicate> {
    if incoming.customers.is_empty() {
        return Vec::new();
    }
    let mut all = local.redirects.clone();
    for r in incoming.redirects.all() {
        all.merge(r.clone());
    }
    let redirects = Redirects::from_table(&all);
    let live = |c: &&Record<Customer>| !c.is_deleted() && redirects.target(c.id).is_none();
    let left: Vec<&Record<Customer>> = local.customers.all().iter().filter(live).collect();
    let right: Vec<&Record<Customer>> =
        incoming.customers.all().iter().filter(live).filter(|c| local.customers.get(&c.id).is_none()).collect();
    pairs(&left, &right, &redirects, false)
}

/// Every pair of live customers of `data` that look like one (for headquarters after a merge,
/// or after a spreadsheet import).
pub fn find_duplicates(data: &Dataset) -> Vec<LikelyDuplicate> {
    let redirects = Redirects::of(data);
    let live: Vec<&Record<Customer>> =
        data.customers.all().iter().filter(|c| !c.is_deleted() && redirects.target(c.id).is_none()).collect();
    pairs(&live, &live, &redirects, true)
}

/// Why customers could not be merged or unmerged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DuplicateError {
    #[error("a customer cannot be merged into itself")]
    SameCustomer,
    #[error("customer {0} does not exist")]
    UnknownCustomer(Id),
    #[error("customer {0} is deleted")]
    Deleted(Id),
    #[error("customer {0} is not merged into another")]
    NotMerged(Id),
}

fn revision(
    entity: Id,
    field: &str,
    old: serde_json::Value,
    new: serde_json::Value,
    id: Id,
    o: Origin,
) -> Fact<Revision> {
    let change = FieldChange { field: field.to_string(), old, new };
    Fact::new(
        id,
        o.branch,
        o.stamp,
        o.by,
        Revision { kind: Kind::Customer, entity, action: Action::Edited, changes: vec![change] },
    )
}

fn live_customer(data: &Dataset, id: Id) -> Result<&Record<Customer>, DuplicateError> {
    let c = data.customers.get(&id).ok_or(DuplicateError::UnknownCustomer(id))?;
    if c.is_deleted() {
        return Err(DuplicateError::Deleted(id));
    }
    Ok(c)
}

/// Merges customer `merged` into `survivor`: a batch holding the redirect and a history entry
/// on each. Everything that names `merged` (sales, payments, visits, complaints, contacts,
/// notes — now and in later files) resolves to the survivor through [`Redirects`]; nothing is
/// rewritten, so the merge can be undone. `rev_ids` are two new ids; the origin's stamp new.
pub fn merge_customers(
    data: &Dataset,
    survivor: Id,
    merged: Id,
    rev_ids: [Id; 2],
    o: Origin,
) -> Result<Dataset, DuplicateError> {
    let redirects = Redirects::of(data);
    let survivor = redirects.resolve(survivor);
    if survivor == merged || redirects.resolve(merged) == survivor {
        return Err(DuplicateError::SameCustomer);
    }
    live_customer(data, survivor)?;
    live_customer(data, merged)?;
    let target = Redirect { kind: Kind::Customer, to: survivor, active: true };
    // Two branches may merge the same customer at once: both must create the *same* record
    // (same id, same creation), so the redirect starts from a fixed blank and all its content
    // is in stamped fields, which merge last-writer-wins like any edit.
    let mut record = data.redirects.get(&merged).cloned().unwrap_or_else(|| blank_redirect(merged));
    record.edit(&target, o.stamp, o.by);
    let mut batch = Dataset::default();
    batch.redirects.merge(record);
    let s = serde_json::json!(survivor.to_string());
    let m = serde_json::json!(merged.to_string());
    batch.revisions.merge(revision(merged, "merged_into", serde_json::Value::Null, s, rev_ids[0], o));
    batch.revisions.merge(revision(survivor, "merged_from", serde_json::Value::Null, m, rev_ids[1], o));
    Ok(batch)
}

/// The redirect record every branch starts from for a merged-away id: no branch, no creation
/// stamp, inactive. Identical wherever it is made.
pub fn blank_redirect(merged: Id) -> Record<Redirect> {
    Record::new(merged, Id::NIL, crate::model::Hlc::default(), None, Redirect::default())
}

/// Undoes the merge of `merged`: a later-stamped edit of its redirect (`active = false`), which
/// every branch that receives it applies the same way.
pub fn unmerge_customer(data: &Dataset, merged: Id, rev_ids: [Id; 2], o: Origin) -> Result<Dataset, DuplicateError> {
    let existing = data.redirects.get(&merged).filter(|r| r.data.active).ok_or(DuplicateError::NotMerged(merged))?;
    let survivor = existing.data.to;
    let mut r = existing.clone();
    let mut off = r.data.clone();
    off.active = false;
    r.edit(&off, o.stamp, o.by);
    let mut batch = Dataset::default();
    batch.redirects.merge(r);
    let s = serde_json::json!(survivor.to_string());
    let m = serde_json::json!(merged.to_string());
    batch.revisions.merge(revision(merged, "merged_into", s, serde_json::Value::Null, rev_ids[0], o));
    batch.revisions.merge(revision(survivor, "merged_from", m, serde_json::Value::Null, rev_ids[1], o));
    Ok(batch)
}
