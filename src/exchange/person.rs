//! The erasure of a customer who is a person (a consumer, DOMAIN.md §13): what it erases, and
//! the personal data about them that a branch wrote before the erasure reached it — which an
//! import erases too, so the erasure reaches items its author never saw.
//!
//! Left as they are: sales lines, payments, expenses, expense budgets, stock counts and monthly
//! plans. They are the firm's business figures (sales totals, receivables, the scores of the
//! products) and its accounting records; they stay under the erased customer's id, which no
//! longer leads to a name, a phone or an address. See `docs/bundle-format.md` § erasure.

use super::kinds::ExItem;
use crate::edits::Origin;
use crate::model::{Dataset, Erasure, Fact, Id, Kind, Redirects};
use std::collections::HashSet;

/// What erasing the person `customer` erases: the customer record, the records of customers
/// merged into it, and every item that holds personal text about them — contacts, visits and
/// other interactions, complaints with their steps, the photos of both, survey responses,
/// repairs, deliveries, contracts, credit investigations, scorecards, warnings and value
/// assessments. The history entries about any of these are wiped with them
/// ([`enforce_erasures`](super::merge::enforce_erasures) wipes the history of every erased item).
///
/// Items already erased are not listed again (the customer itself always comes first), so for
/// an erased customer anything beyond the first target is personal data that arrived after the
/// erasure ([`customer_erasure_leftovers`]).
pub fn customer_erasure_targets(local: &Dataset, customer: Id) -> Vec<(Kind, Id)> {
    let mut about: HashSet<Id> = Redirects::of(local).merged_into(customer).into_iter().collect();
    about.insert(customer);
    let mut found = Found::default();
    found.push(Kind::Customer, customer, false);
    personal_items(local, &about, &mut found);
    found.list
}

/// Personal data about an erased customer that arrived after the erasure (from a branch that
/// had not received it yet when it wrote them): the targets beyond the customer itself, empty
/// while the customer is not erased.
pub fn customer_erasure_leftovers(local: &Dataset, customer: Id) -> Vec<(Kind, Id)> {
    if !local.customers.get(&customer).is_some_and(|c| c.is_erased()) {
        return Vec::new();
    }
    customer_erasure_targets(local, customer).into_iter().skip(1).collect()
}

/// The personal data about people erased in `local` or in `incoming` that no erasure in either
/// names yet, in either: a branch's visits, contacts, complaints… written before it received the
/// erasure. Importing `incoming` erases them as well ([`erase_leftovers_too`]).
pub fn erasure_leftovers(local: &Dataset, incoming: &Dataset) -> Vec<(Kind, Id)> {
    let mut people: HashSet<Id> = HashSet::new();
    for d in [local, incoming] {
        people.extend(d.erasures.all().iter().filter(|e| e.data.kind == Kind::Customer).map(|e| e.data.entity));
    }
    if people.is_empty() {
        return Vec::new();
    }
    for d in [local, incoming] {
        let redirects = Redirects::of(d);
        if !redirects.is_empty() {
            let merged: Vec<Id> = people.iter().flat_map(|p| redirects.merged_into(*p)).collect();
            people.extend(merged);
        }
    }
    let named: HashSet<(Kind, Id)> =
        [local, incoming].iter().flat_map(|d| d.erasures.all()).map(|e| (e.data.kind, e.data.entity)).collect();
    let mut found = Found { seen: named, list: Vec::new() };
    for d in [local, incoming] {
        personal_items(d, &people, &mut found);
    }
    found.list
}

/// Adds to `incoming` an erasure (new ids from `new_id`, all under `origin`) of every leftover
/// [`erasure_leftovers`] finds, so planning the import of `incoming` erases them with it and the
/// erasures travel on. Returns how many were added; a second call adds none.
pub fn erase_leftovers_too(
    local: &Dataset,
    incoming: &mut Dataset,
    origin: Origin,
    mut new_id: impl FnMut() -> Id,
) -> usize {
    let leftovers = erasure_leftovers(local, incoming);
    for (kind, entity) in &leftovers {
        let e = Erasure { kind: *kind, entity: *entity };
        incoming.erasures.merge(Fact::new(new_id(), origin.branch, origin.stamp, origin.by, e));
    }
    leftovers.len()
}

/// Targets in the order found, each once.
#[derive(Default)]
struct Found {
    seen: HashSet<(Kind, Id)>,
    list: Vec<(Kind, Id)>,
}

impl Found {
    fn push(&mut self, kind: Kind, id: Id, erased: bool) {
        if !erased && self.seen.insert((kind, id)) {
            self.list.push((kind, id));
        }
    }
}

/// The items of `data` not yet erased that hold personal text about the customers `about`,
/// their own records first (in id order).
fn personal_items(data: &Dataset, about: &HashSet<Id>, found: &mut Found) {
    let mut customers: Vec<Id> = about.iter().copied().collect();
    customers.sort();
    for c in customers.iter().filter_map(|id| data.customers.get(id)) {
        found.push(Kind::Customer, c.id, c.is_erased());
    }
    let is = |c: &Id| about.contains(c);
    let is_opt = |c: &Option<Id>| c.as_ref().is_some_and(is);
    macro_rules! by_customer {
        ($($table:ident $kind:ident $test:ident),* $(,)?) => {$(
            for x in data.$table.all().iter().filter(|x| $test(&x.data.customer)) {
                found.push(Kind::$kind, x.id, x.is_erased());
            }
        )*};
    }
    by_customer!(
        contacts Contact is,
        interactions Interaction is,
        complaints Complaint is,
        survey_responses SurveyResponse is_opt,
        repairs Repair is,
        deliveries Delivery is,
        contracts Contract is,
        credit_investigations CreditInvestigation is,
        scorecards Scorecard is,
        warnings Warning is_opt,
        value_assessments ValueAssessment is_opt,
    );
    let complaints: HashSet<Id> = data.complaints.all().iter().filter(|x| is(&x.data.customer)).map(|x| x.id).collect();
    let mut photos: Vec<Id> = Vec::new();
    for x in data.interactions.all().iter().filter(|x| is(&x.data.customer)) {
        photos.extend(&x.data.photos);
    }
    for s in data.complaint_steps.all().iter().filter(|s| complaints.contains(&s.data.complaint)) {
        found.push(Kind::ComplaintStep, s.id, s.is_erased());
        photos.extend(&s.data.photos);
    }
    for p in photos {
        if let Some(a) = data.attachments.get(&p) {
            found.push(Kind::Attachment, a.id, a.is_erased());
        }
    }
}
