//! What exchange needs to know about each kind beyond the model's [`Item`]: every stamp an item
//! carries (for version vectors), how its content is wiped by an erasure, which of its fields
//! conflict with another copy, and which other items it refers to. One visitor over every table
//! with these abilities ([`visit`], [`visit_kind`], [`visit_kind_mut`]); the `match` in
//! [`visit_kind`] is exhaustive, so a kind added to the model without its line here does not
//! compile.

use super::canonical_ser::{write_canonical_with, Error as CanonError, Reuse};
use super::columns::{PaymentColumnsV1, SaleColumnsV1};
use crate::chunked::VecSeed;
use crate::model::customer::{Contact, Customer};
use crate::model::encoding::FactData;
use crate::model::history::Revision;
use crate::model::org::{Branch, Department, FirmSettings, Staff};
use crate::model::redirect::{Erasure, Redirect};
use crate::model::risk::{CreditInvestigation, Scorecard, Warning};
use crate::model::sales::{Delivery, Expense, ExpenseBudget, MonthlyPlan, Payment, Product, Sale, StockCount};
use crate::model::service::{
    Attachment, Complaint, ComplaintStep, Contract, ImprovementPlan, Interaction, Repair, SurveyResponse,
    SurveyTemplate,
};
use crate::model::value::{SavedSegment, ValueAssessment};
use crate::model::{Dataset, Fact, Fields, Hlc, Id, Item, Kind, NodeId, Record, Table, TagSet};
use serde::de::{DeserializeOwned, MapAccess};
use serde::Serialize;

/// The stamp an erased record's fields carry: later than any real stamp (wall time 2⁵³ − 1 ms,
/// still exact as a JavaScript number), so no copy of the record, old or concurrent, can bring
/// a field's content back through the ordinary last-writer-wins merge. Never observed by a
/// clock: [`Record::max_stamp`] does not look at field stamps.
pub const ERASED_FIELD_STAMP: Hlc = Hlc((1 << 53) - 1, 0, NodeId(0));

/// The stamp of a sensitive field left out of an export (`docs/bundle-format.md` § 3.3): the
/// earliest stamp there is, so the blank that stands for the field never wins a merge against
/// a real value, and a later export with the field brings it in. Never observed by a clock and
/// not part of a version vector.
pub const LEFT_OUT_FIELD_STAMP: Hlc = Hlc(0, 0, NodeId(0));

/// A reference from one item to another: the target's kind and id, and the field naming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    pub kind: Kind,
    pub id: Id,
    pub field: &'static str,
}

/// Rules about an item's data that the exchange needs, per data type.
pub trait DataRules: Sized {
    /// The items this data refers to (customers, products, lines…). Optional references that are
    /// `None` are not listed.
    fn references(&self, _out: &mut Vec<Reference>) {}
    /// The data after an erasure: no personal content left.
    fn wiped(&self) -> Self;
}

fn r(out: &mut Vec<Reference>, kind: Kind, id: Id, field: &'static str) {
    out.push(Reference { kind, id, field });
}

fn opt(out: &mut Vec<Reference>, kind: Kind, id: Option<Id>, field: &'static str) {
    if let Some(id) = id {
        out.push(Reference { kind, id, field });
    }
}

macro_rules! no_refs {
    ($($t:ty),*) => { $(impl DataRules for $t { fn wiped(&self) -> Self { Self::default() } })* };
}
no_refs!(Branch, Department, FirmSettings, SurveyTemplate, ImprovementPlan, Attachment, SavedSegment, Erasure);

impl DataRules for Staff {
    fn references(&self, out: &mut Vec<Reference>) {
        opt(out, Kind::Department, self.department, "department");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Customer {
    fn references(&self, out: &mut Vec<Reference>) {
        opt(out, Kind::Staff, self.owner, "owner");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

macro_rules! customer_ref {
    ($($t:ty),*) => { $(impl DataRules for $t {
        fn references(&self, out: &mut Vec<Reference>) {
            r(out, Kind::Customer, self.customer, "customer");
        }
        fn wiped(&self) -> Self { Self::default() }
    })* };
}
customer_ref!(
    Contact,
    Expense,
    ExpenseBudget,
    MonthlyPlan,
    Delivery,
    Complaint,
    Contract,
    CreditInvestigation,
    Scorecard
);

impl DataRules for Interaction {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::Customer, self.customer, "customer");
        opt(out, Kind::Delivery, self.delivery, "delivery");
        for p in &self.photos {
            r(out, Kind::Attachment, *p, "photos");
        }
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Repair {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::Customer, self.customer, "customer");
        opt(out, Kind::Product, self.product, "product");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for StockCount {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::Customer, self.customer, "customer");
        r(out, Kind::Product, self.product, "product");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Product {
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Sale {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::Customer, self.customer, "customer");
        r(out, Kind::Product, self.product, "product");
        opt(out, Kind::Sale, self.return_of, "return_of");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Payment {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::Customer, self.customer, "customer");
        for line in &self.lines {
            r(out, Kind::Sale, *line, "lines");
        }
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for SurveyResponse {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::SurveyTemplate, self.template, "template");
        opt(out, Kind::Customer, self.customer, "customer");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for ComplaintStep {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, Kind::Complaint, self.complaint, "complaint");
        for p in &self.photos {
            r(out, Kind::Attachment, *p, "photos");
        }
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Warning {
    fn references(&self, out: &mut Vec<Reference>) {
        opt(out, Kind::Customer, self.customer, "customer");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for ValueAssessment {
    fn references(&self, out: &mut Vec<Reference>) {
        opt(out, Kind::Customer, self.customer, "customer");
    }
    fn wiped(&self) -> Self {
        Self::default()
    }
}

impl DataRules for Redirect {
    fn references(&self, out: &mut Vec<Reference>) {
        r(out, self.kind, self.to, "to");
    }
    fn wiped(&self) -> Self {
        // A redirect holds no personal data; erasing one keeps where it points.
        self.clone()
    }
}

impl DataRules for Revision {
    // The entity of a history entry may be of any kind, deleted since, or erased: not checked.
    fn wiped(&self) -> Self {
        // The entry stays (what happened, when, by whom), the values it recorded go.
        Revision { kind: self.kind, entity: self.entity, action: self.action, changes: Vec::new() }
    }
}

/// An item with the abilities exchange needs. Implemented for every `Record<T>` and `Fact<T>`
/// of the model.
pub trait ExItem: Item {
    /// Calls `f` with every stamp the item carries (created, updated, each field's, each tag's,
    /// the tombstone).
    fn for_each_stamp(&self, f: &mut dyn FnMut(Hlc));
    /// The item after an erasure made at stamp `at` by `by`: a tombstone without content (records:
    /// data at defaults under [`ERASED_FIELD_STAMP`], no tags; facts: wiped data).
    /// Idempotent, and erasing the merge of two copies equals erasing, merging and erasing again.
    fn erased(&self, at: Hlc, by: Option<Id>) -> Self;
    /// `true` when the item is an erased tombstone (every field wiped under
    /// [`ERASED_FIELD_STAMP`]; facts: tombstone and wiped data).
    fn is_erased(&self) -> bool;
    /// The fields holding sensitive personal information (records: `Fields::SENSITIVE`).
    fn sensitive_fields() -> &'static [&'static str] {
        &[]
    }
    /// The item with every sensitive field that holds a value left out (blank under
    /// [`LEFT_OUT_FIELD_STAMP`]); `None` when there is nothing to leave out.
    fn without_sensitive(&self) -> Option<Self> {
        None
    }
    /// Fields whose values differ between two copies where both were edited after creation on
    /// different devices: concurrent edits that the merge resolved by stamp.
    fn conflicting_fields(&self, other: &Self) -> Vec<&'static str>;
    /// The items this item refers to.
    fn references(&self, out: &mut Vec<Reference>);
    /// The branch that created the item and its creation stamp: equal in every copy.
    fn origin(&self) -> (Id, Hlc);
    /// The record moved onto another origin (branch, creation stamp and author), keeping every
    /// field at its real stamp: how two copies of a singleton (the firm settings, id
    /// [`Id::NIL`]) created separately at two branches merge the same way in any order. The
    /// stamps map then holds exactly the fields whose stamp differs from the creation stamp.
    /// `None` for facts (they have no per-field stamps; differing copies are refused).
    fn rebased(&self, onto: &Self) -> Option<Self>;
    /// Appends items of this kind (in ascending id) as bundle content in canonical JSON, rows or
    /// columns (`docs/bundle-format.md` § 3, § 5).
    fn write_canonical(items: &[&Self], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError>;
    /// Reads this kind's bundle content, format version 1.
    fn read_v1<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Self>, ReadFail<A::Error>>;
}

/// Why a kind's content could not be read: the JSON did not fit, or the columns disagree.
pub enum ReadFail<E> {
    Json(E),
    Columns(String),
}

/// How the facts of a data type are laid out in a bundle: JSON rows by default, columns for
/// the bulk kinds (see [`super::columns`]).
pub trait FactBody: Sized + Serialize + DeserializeOwned {
    fn write_facts(items: &[&Fact<Self>], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError> {
        write_rows(items, out, reuse)
    }
    fn read_facts_v1<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Fact<Self>>, ReadFail<A::Error>> {
        map.next_value_seed(VecSeed::<Fact<Self>>::default()).map_err(ReadFail::Json)
    }
}

/// A JSON array of the items' canonical JSON (the rows of § 3.1).
fn write_rows<T: Serialize>(items: &[&T], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError> {
    out.push(b'[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        write_canonical_with(*item, out, reuse)?;
    }
    out.push(b']');
    Ok(())
}

macro_rules! fact_rows {
    ($($t:ty),*) => { $(impl FactBody for $t {})* };
}
fact_rows!(
    Expense,
    SurveyResponse,
    ComplaintStep,
    Attachment,
    Interaction,
    CreditInvestigation,
    Scorecard,
    Revision,
    Erasure
);

impl FactBody for Sale {
    fn write_facts(items: &[&Fact<Self>], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError> {
        write_canonical_with(&SaleColumnsV1::from_facts(items), out, reuse)
    }
    fn read_facts_v1<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Fact<Self>>, ReadFail<A::Error>> {
        let c = map.next_value::<SaleColumnsV1>().map_err(ReadFail::Json)?;
        c.into_facts().map_err(ReadFail::Columns)
    }
}

impl FactBody for Payment {
    fn write_facts(items: &[&Fact<Self>], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError> {
        write_canonical_with(&PaymentColumnsV1::from_facts(items), out, reuse)
    }
    fn read_facts_v1<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Fact<Self>>, ReadFail<A::Error>> {
        let c = map.next_value::<PaymentColumnsV1>().map_err(ReadFail::Json)?;
        c.into_facts().map_err(ReadFail::Columns)
    }
}

fn earliest(a: Option<Hlc>, b: Hlc) -> Hlc {
    a.map_or(b, |a| a.min(b))
}

impl<T: Fields + DataRules> ExItem for Record<T> {
    fn for_each_stamp(&self, f: &mut dyn FnMut(Hlc)) {
        f(self.created);
        f(self.updated);
        if let Some(x) = self.deleted {
            f(x);
        }
        for s in self.stamps.values() {
            if *s != ERASED_FIELD_STAMP && *s != LEFT_OUT_FIELD_STAMP {
                f(*s);
            }
        }
        for (_, state) in self.tags.entries() {
            f(state.1);
        }
    }

    fn erased(&self, at: Hlc, by: Option<Id>) -> Self {
        let mut out = self.clone();
        out.data = T::default();
        for name in T::NAMES {
            out.stamps.insert((*name).to_string(), ERASED_FIELD_STAMP);
        }
        // Tags go entirely (not "removed as of a stamp"): every branch then holds the same
        // representation whatever tag stamps it had seen, and a delta that no longer carries a
        // branch's tag stamp cannot leave two branches with different tombstoned tags.
        out.tags = TagSet::default();
        out.deleted = Some(earliest(self.deleted, at));
        if at > out.updated {
            out.updated = at;
            out.updated_by = by;
        }
        out
    }

    fn is_erased(&self) -> bool {
        self.deleted.is_some() && T::NAMES.iter().all(|n| self.stamps.get(*n) == Some(&ERASED_FIELD_STAMP))
    }

    fn sensitive_fields() -> &'static [&'static str] {
        T::SENSITIVE
    }

    fn without_sensitive(&self) -> Option<Self> {
        let blank = T::default();
        let mut out: Option<Self> = None;
        for (index, name) in T::NAMES.iter().enumerate() {
            // An erased field stays as it is; an empty one is no secret (a clearing travels).
            if !T::SENSITIVE.contains(name)
                || self.data.field_eq(&blank, index)
                || self.stamp_of(name) == ERASED_FIELD_STAMP
            {
                continue;
            }
            let o = out.get_or_insert_with(|| self.clone());
            o.data.copy_field(&blank, index);
            o.stamps.insert((*name).to_string(), LEFT_OUT_FIELD_STAMP);
        }
        out
    }

    fn conflicting_fields(&self, other: &Self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (index, name) in T::NAMES.iter().enumerate() {
            if self.data.field_eq(&other.data, index) {
                continue;
            }
            if let (Some(a), Some(b)) = (self.stamps.get(*name), other.stamps.get(*name)) {
                if *a == LEFT_OUT_FIELD_STAMP || *b == LEFT_OUT_FIELD_STAMP {
                    continue;
                }
                if a.node().device() != b.node().device() {
                    out.push(*name);
                }
            }
        }
        out
    }

    fn references(&self, out: &mut Vec<Reference>) {
        self.data.references(out)
    }

    fn origin(&self) -> (Id, Hlc) {
        (self.branch, self.created)
    }

    fn rebased(&self, onto: &Self) -> Option<Self> {
        let mut out = self.clone();
        out.branch = onto.branch;
        out.created = onto.created;
        out.created_by = onto.created_by;
        out.stamps.clear();
        for name in T::NAMES {
            let s = self.stamp_of(name);
            if s != onto.created {
                out.stamps.insert((*name).to_string(), s);
            }
        }
        Some(out)
    }

    fn write_canonical(items: &[&Self], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError> {
        write_rows(items, out, reuse)
    }

    fn read_v1<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Self>, ReadFail<A::Error>> {
        map.next_value_seed(VecSeed::<Self>::default()).map_err(ReadFail::Json)
    }
}

impl<T: FactData + DataRules + FactBody + Default> ExItem for Fact<T> {
    fn for_each_stamp(&self, f: &mut dyn FnMut(Hlc)) {
        f(self.created);
        if let Some(x) = self.deleted {
            f(x);
        }
    }

    fn erased(&self, at: Hlc, _by: Option<Id>) -> Self {
        let mut out = self.clone();
        out.data = self.data.wiped();
        out.deleted = Some(earliest(self.deleted, at));
        out
    }

    fn is_erased(&self) -> bool {
        self.deleted.is_some() && self.data == self.data.wiped()
    }

    fn conflicting_fields(&self, _other: &Self) -> Vec<&'static str> {
        // Facts never change: two copies hold the same content.
        Vec::new()
    }

    fn references(&self, out: &mut Vec<Reference>) {
        self.data.references(out)
    }

    fn origin(&self) -> (Id, Hlc) {
        (self.branch, self.created)
    }

    fn rebased(&self, _onto: &Self) -> Option<Self> {
        None
    }

    fn write_canonical(items: &[&Self], out: &mut Vec<u8>, reuse: &mut Reuse) -> Result<(), CanonError> {
        T::write_facts(items, out, reuse)
    }

    fn read_v1<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Vec<Self>, ReadFail<A::Error>> {
        T::read_facts_v1(map)
    }
}

/// Visits tables with their [`ExItem`] abilities.
pub trait ExVisitor {
    fn visit<R: ExItem>(&mut self, kind: Kind, table: &Table<R>);
}

/// Visits a table mutably with its [`ExItem`] abilities.
pub trait ExVisitorMut {
    fn visit_mut<R: ExItem>(&mut self, kind: Kind, table: &mut Table<R>);
}

/// Visits the tables of one kind in two datasets at once, both read.
pub trait ExVisitorBoth {
    fn visit_both<R: ExItem>(&mut self, kind: Kind, a: &Table<R>, b: &Table<R>);
}

/// Visits the tables of one kind in three datasets: two read, one written.
pub trait ExVisitor3 {
    fn visit3<R: ExItem>(&mut self, kind: Kind, a: &Table<R>, b: &Table<R>, out: &mut Table<R>);
}

/// Visits the tables of one kind in two datasets at once (reading one, writing the other).
pub trait ExVisitorPair {
    fn visit_pair<R: ExItem>(&mut self, kind: Kind, from: &Table<R>, to: &mut Table<R>);
}

macro_rules! tables {
    ($($variant:ident $field:ident),* $(,)?) => {
        /// Visits every table, in [`Kind::ALL`] order.
        pub fn visit(data: &Dataset, v: &mut impl ExVisitor) {
            $( v.visit(Kind::$variant, &data.$field); )*
        }

        /// Visits one kind's table.
        pub fn visit_kind(data: &Dataset, kind: Kind, v: &mut impl ExVisitor) {
            match kind { $( Kind::$variant => v.visit(kind, &data.$field), )* }
        }

        /// Visits every kind's tables of two datasets, in [`Kind::ALL`] order.
        pub fn visit_pair(from: &Dataset, to: &mut Dataset, v: &mut impl ExVisitorPair) {
            $( v.visit_pair(Kind::$variant, &from.$field, &mut to.$field); )*
        }

        /// Visits every kind's tables of two datasets, both read, in [`Kind::ALL`] order.
        pub fn visit_both(a: &Dataset, b: &Dataset, v: &mut impl ExVisitorBoth) {
            $( v.visit_both(Kind::$variant, &a.$field, &b.$field); )*
        }

        /// Visits every kind's tables of three datasets, in [`Kind::ALL`] order.
        pub fn visit3(a: &Dataset, b: &Dataset, out: &mut Dataset, v: &mut impl ExVisitor3) {
            $( v.visit3(Kind::$variant, &a.$field, &b.$field, &mut out.$field); )*
        }

        /// `true` when `data` holds an item of `kind` with this id (tombstones included).
        pub fn contains(data: &Dataset, kind: Kind, id: &Id) -> bool {
            match kind { $( Kind::$variant => data.$field.get(id).is_some(), )* }
        }

        /// Visits every table mutably, in [`Kind::ALL`] order.
        pub fn visit_mut(data: &mut Dataset, v: &mut impl ExVisitorMut) {
            $( v.visit_mut(Kind::$variant, &mut data.$field); )*
        }

        /// Visits one kind's table mutably.
        pub fn visit_kind_mut(data: &mut Dataset, kind: Kind, v: &mut impl ExVisitorMut) {
            match kind { $( Kind::$variant => v.visit_mut(kind, &mut data.$field), )* }
        }
    };
}

tables! {
    Branch branches, Department departments, Staff staff, FirmSettings settings, Customer customers,
    Contact contacts, Redirect redirects, Product products, Sale sales, Payment payments, Expense expenses,
    ExpenseBudget expense_budgets, StockCount stock_counts, Delivery deliveries, MonthlyPlan plans,
    SurveyTemplate survey_templates, SurveyResponse survey_responses, ImprovementPlan improvement_plans,
    Complaint complaints, ComplaintStep complaint_steps, Attachment attachments, Interaction interactions,
    Repair repairs, Contract contracts, CreditInvestigation credit_investigations, Scorecard scorecards,
    Warning warnings, ValueAssessment value_assessments, SavedSegment segments, Revision revisions,
    Erasure erasures,
}

/// Replaces items of a table: rebuilds it with `change` applied to each row (`None` keeps the
/// row). The model's tables only merge, and an erasure must overwrite a fact's content.
pub fn rebuild<R: Item>(table: &mut Table<R>, mut change: impl FnMut(&R) -> Option<R>) -> usize {
    let mut changed = 0;
    let mut out = Table::<R>::default();
    out.reserve(table.len());
    for row in table.all() {
        match change(row) {
            Some(new) => {
                changed += 1;
                out.merge(new);
            }
            None => {
                out.merge(row.clone());
            }
        }
    }
    *table = out;
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Names(Vec<Kind>);
    impl ExVisitor for Names {
        fn visit<R: ExItem>(&mut self, kind: Kind, _table: &Table<R>) {
            self.0.push(kind);
        }
    }

    #[test]
    fn every_kind_is_visited_once_in_order() {
        let mut names = Names(Vec::new());
        visit(&Dataset::default(), &mut names);
        assert_eq!(names.0, Kind::ALL);
    }
}
