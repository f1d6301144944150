//! Every kind of stored entity, listed once, and [`Dataset`]: all of a firm's data in memory.
//!
//! The `kinds!` table below is the single place that names a kind: its stable code (used as the
//! storage tag and in bundles — never reuse or renumber one), its collection in [`Dataset`], and
//! its shape ([`Record`] for entities that change, [`Fact`] for things that happened).

use super::customer::{Contact, Customer};
use super::encoding::{decode_records, encode_records, DecodeError, FactData};
use super::history::Revision;
use super::org::{Branch, Department, FirmSettings, Staff};
use super::record::{Fact, Fields, Record};
use super::redirect::{Erasure, Redirect};
use super::risk::{CreditInvestigation, Scorecard, Warning};
use super::sales::{Delivery, Expense, ExpenseBudget, MonthlyPlan, Payment, Product, Sale, StockCount};
use super::service::{
    Attachment, Complaint, ComplaintStep, Contract, ImprovementPlan, Interaction, Repair, SurveyResponse,
    SurveyTemplate,
};
use super::value::{SavedSegment, ValueAssessment};
use super::{Hlc, Id, IdMap};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// What every stored item can do, whether a [`Record`] or a [`Fact`].
pub trait Item: Clone + Serialize + DeserializeOwned + PartialEq {
    fn id(&self) -> Id;
    /// The id that decides where the item is stored: its own, or for sales lines and payments
    /// their customer's, so one customer's lines sit together.
    fn bucket_id(&self) -> Id {
        self.id()
    }
    fn branch(&self) -> Id;
    /// Merges another copy of the same item (same id) into this one.
    fn merge_from(&mut self, other: &Self);
    /// Whether [`Item::merge_from`] of `other` would change this copy; decided from stamps and
    /// tombstones, without comparing the data.
    fn merge_changes(&self, other: &Self) -> bool;
    fn max_stamp(&self) -> Hlc;
    fn is_deleted(&self) -> bool;
    /// Encodes many items of this type at once (a storage bucket, a bundle section).
    fn encode_many(items: &[Self]) -> Vec<u8>;
    fn decode_many(bytes: &[u8]) -> Result<Vec<Self>, DecodeError>;
}

impl<T: Fields> Item for Record<T> {
    fn id(&self) -> Id {
        self.id
    }
    fn branch(&self) -> Id {
        self.branch
    }
    fn merge_from(&mut self, other: &Self) {
        self.merge(other)
    }
    fn merge_changes(&self, other: &Self) -> bool {
        self.merge_changes(other)
    }
    fn max_stamp(&self) -> Hlc {
        Record::max_stamp(self)
    }
    fn is_deleted(&self) -> bool {
        Record::is_deleted(self)
    }
    fn encode_many(items: &[Self]) -> Vec<u8> {
        encode_records(items)
    }
    fn decode_many(bytes: &[u8]) -> Result<Vec<Self>, DecodeError> {
        decode_records(bytes)
    }
}

impl<T: FactData> Item for Fact<T> {
    fn id(&self) -> Id {
        self.id
    }
    fn bucket_id(&self) -> Id {
        T::bucket_id(self)
    }
    fn branch(&self) -> Id {
        self.branch
    }
    fn merge_from(&mut self, other: &Self) {
        self.merge(other)
    }
    fn merge_changes(&self, other: &Self) -> bool {
        self.merge_changes(other)
    }
    fn max_stamp(&self) -> Hlc {
        Fact::max_stamp(self)
    }
    fn is_deleted(&self) -> bool {
        Fact::is_deleted(self)
    }
    fn encode_many(items: &[Self]) -> Vec<u8> {
        T::encode_facts(items)
    }
    fn decode_many(bytes: &[u8]) -> Result<Vec<Self>, DecodeError> {
        T::decode_facts(bytes)
    }
}

/// What merging one item into a table did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeOutcome {
    Inserted,
    Updated,
    Unchanged,
}

/// A collection of items of one kind: rows in insertion order plus an index by id.
#[derive(Clone, Debug)]
pub struct Table<R> {
    rows: Vec<R>,
    index: IdMap<usize>,
}

impl<R> Default for Table<R> {
    fn default() -> Self {
        Table { rows: Vec::new(), index: IdMap::default() }
    }
}

impl<R: Item> Table<R> {
    pub fn len(&self) -> usize {
        self.rows.len()
    }
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
    pub fn get(&self, id: &Id) -> Option<&R> {
        self.index.get(id).map(|&i| &self.rows[i])
    }
    /// All rows, deleted ones included (merging needs tombstones; views filter them).
    pub fn all(&self) -> &[R] {
        &self.rows
    }
    /// Rows that are not deleted.
    pub fn live(&self) -> impl Iterator<Item = &R> {
        self.rows.iter().filter(|r| !r.is_deleted())
    }
    /// Position of an id in [`Table::all`].
    pub fn position(&self, id: &Id) -> Option<usize> {
        self.index.get(id).copied()
    }

    /// Merges an item: inserts it, or merges it into the stored copy.
    pub fn merge(&mut self, item: R) -> MergeOutcome {
        use std::collections::hash_map::Entry;
        match self.index.entry(item.id()) {
            Entry::Occupied(e) => {
                let i = *e.get();
                if !self.rows[i].merge_changes(&item) {
                    return MergeOutcome::Unchanged;
                }
                self.rows[i].merge_from(&item);
                MergeOutcome::Updated
            }
            Entry::Vacant(e) => {
                e.insert(self.rows.len());
                self.rows.push(item);
                MergeOutcome::Inserted
            }
        }
    }

    /// The table of `rows` as they are, in their order, without moving them: `Err` names the
    /// first id met twice. (A table filled item by item from a parsed list copies every item
    /// once more into memory touched for the first time, which is slow in a fresh worker.)
    pub fn from_rows(rows: Vec<R>) -> Result<Table<R>, Id> {
        use std::collections::hash_map::Entry;
        let mut index = IdMap::default();
        index.reserve(rows.len());
        crate::chunked::try_each(rows.iter().enumerate(), |(i, row)| match index.entry(row.id()) {
            Entry::Occupied(_) => Err(row.id()),
            Entry::Vacant(e) => {
                e.insert(i);
                Ok(())
            }
        })?;
        Ok(Table { rows, index })
    }

    pub fn reserve(&mut self, n: usize) {
        self.rows.reserve(n);
        self.index.reserve(n);
    }

    pub fn max_stamp(&self) -> Option<Hlc> {
        self.rows.iter().map(Item::max_stamp).max()
    }
}

/// Visits each table of a [`Dataset`] with its kind, generically over the item type: how code
/// outside the model (storage, exchange) works on every kind without listing them again.
pub trait TableVisitor {
    fn visit<R: Item>(&mut self, kind: Kind, table: &Table<R>);
}

/// Like [`TableVisitor`], with the table mutable.
pub trait TableVisitorMut {
    fn visit_mut<R: Item>(&mut self, kind: Kind, table: &mut Table<R>);
}

macro_rules! kinds {
    ($( $(#[$doc:meta])* $variant:ident = $code:literal, $field:ident, $name:literal, $ty:ty; )*) => {
        /// A kind of stored entity. The numeric code is stable forever: storage and bundles use it.
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum Kind {
            #[default]
            $( $(#[$doc])* $variant, )*
        }

        impl Kind {
            pub const ALL: &'static [Kind] = &[$(Kind::$variant),*];

            pub fn code(self) -> u8 {
                match self { $(Kind::$variant => $code,)* }
            }

            pub fn from_code(code: u8) -> Option<Kind> {
                match code { $($code => Some(Kind::$variant),)* _ => None }
            }

            /// Stable snake_case name (bundles, CSV, the format doc).
            pub fn name(self) -> &'static str {
                match self { $(Kind::$variant => $name,)* }
            }

            pub fn from_name(name: &str) -> Option<Kind> {
                match name { $($name => Some(Kind::$variant),)* _ => None }
            }
        }

        /// One item of any kind, boxed (kinds differ a lot in size), for code that handles a
        /// few items of mixed kinds: history views, tests, bundles.
        #[derive(Clone, Debug, PartialEq)]
        pub enum AnyItem {
            $( $variant(Box<$ty>), )*
        }

        impl AnyItem {
            pub fn kind(&self) -> Kind {
                match self { $(AnyItem::$variant(_) => Kind::$variant,)* }
            }
            pub fn id(&self) -> Id {
                match self { $(AnyItem::$variant(x) => x.id(),)* }
            }
            pub fn max_stamp(&self) -> Hlc {
                match self { $(AnyItem::$variant(x) => x.max_stamp(),)* }
            }
            /// The item as JSON (for bundles and the generic JSON codec).
            pub fn to_json(&self) -> serde_json::Value {
                match self { $(AnyItem::$variant(x) => serde_json::to_value(x).unwrap_or(serde_json::Value::Null),)* }
            }
            /// Parses an item of a known kind from JSON.
            pub fn from_json(kind: Kind, value: serde_json::Value) -> Result<AnyItem, serde_json::Error> {
                match kind { $(Kind::$variant => serde_json::from_value::<$ty>(value).map(|x| AnyItem::$variant(Box::new(x))),)* }
            }
        }

        /// All of a firm's data, in memory. Loaded from the store at start; every change is
        /// merged here and written to the store in the same step.
        #[derive(Clone, Debug, Default)]
        pub struct Dataset {
            $( pub $field: Table<$ty>, )*
        }

        impl Dataset {
            /// Merges one item into its table.
            pub fn merge_item(&mut self, item: AnyItem) -> MergeOutcome {
                match item { $(AnyItem::$variant(x) => self.$field.merge(*x),)* }
            }

            /// Number of items of a kind, tombstones included.
            pub fn count(&self, kind: Kind) -> usize {
                match kind { $(Kind::$variant => self.$field.len(),)* }
            }

            /// A copy of an item by kind and id.
            pub fn get_any(&self, kind: Kind, id: &Id) -> Option<AnyItem> {
                match kind { $(Kind::$variant => self.$field.get(id).cloned().map(|x| AnyItem::$variant(Box::new(x))),)* }
            }

            /// Every item of every kind (for exports and tests).
            pub fn all_items(&self) -> Vec<AnyItem> {
                let mut out = Vec::new();
                $( out.extend(self.$field.all().iter().cloned().map(|x| AnyItem::$variant(Box::new(x)))); )*
                out
            }

            /// The latest stamp in the data, to start a clock after it.
            pub fn max_stamp(&self) -> Option<Hlc> {
                [$(self.$field.max_stamp()),*].into_iter().flatten().max()
            }

            /// Merges every item of `other` into this dataset.
            pub fn merge_all(&mut self, other: &Dataset) {
                $( for item in other.$field.all() { self.$field.merge(item.clone()); } )*
            }

            /// Takes in a dataset read separately (the kinds loaded after start): a table still
            /// empty here is moved in whole, one that is not gets each item merged.
            pub fn absorb(&mut self, other: Dataset) {
                $(
                    if self.$field.is_empty() {
                        self.$field = other.$field;
                    } else {
                        for item in other.$field.all() { self.$field.merge(item.clone()); }
                    }
                )*
            }

            /// Total number of items of all kinds, tombstones included.
            pub fn total(&self) -> usize {
                0 $(+ self.$field.len())*
            }

            pub fn visit(&self, visitor: &mut impl TableVisitor) {
                $( visitor.visit(Kind::$variant, &self.$field); )*
            }

            pub fn visit_kind_mut(&mut self, kind: Kind, visitor: &mut impl TableVisitorMut) {
                match kind { $(Kind::$variant => visitor.visit_mut(kind, &mut self.$field),)* }
            }
        }
    };
}

kinds! {
    Branch = 1, branches, "branch", Record<Branch>;
    Department = 2, departments, "department", Record<Department>;
    Staff = 3, staff, "staff", Record<Staff>;
    FirmSettings = 4, settings, "firm_settings", Record<FirmSettings>;
    Customer = 10, customers, "customer", Record<Customer>;
    Contact = 11, contacts, "contact", Record<Contact>;
    Redirect = 12, redirects, "redirect", Record<Redirect>;
    Product = 20, products, "product", Record<Product>;
    Sale = 21, sales, "sale", Fact<Sale>;
    Payment = 22, payments, "payment", Fact<Payment>;
    Expense = 23, expenses, "expense", Fact<Expense>;
    ExpenseBudget = 24, expense_budgets, "expense_budget", Record<ExpenseBudget>;
    StockCount = 25, stock_counts, "stock_count", Record<StockCount>;
    Delivery = 26, deliveries, "delivery", Record<Delivery>;
    MonthlyPlan = 27, plans, "monthly_plan", Record<MonthlyPlan>;
    SurveyTemplate = 30, survey_templates, "survey_template", Record<SurveyTemplate>;
    SurveyResponse = 31, survey_responses, "survey_response", Fact<SurveyResponse>;
    ImprovementPlan = 32, improvement_plans, "improvement_plan", Record<ImprovementPlan>;
    Complaint = 33, complaints, "complaint", Record<Complaint>;
    ComplaintStep = 34, complaint_steps, "complaint_step", Fact<ComplaintStep>;
    Attachment = 35, attachments, "attachment", Fact<Attachment>;
    Interaction = 36, interactions, "interaction", Fact<Interaction>;
    Repair = 37, repairs, "repair", Record<Repair>;
    Contract = 38, contracts, "contract", Record<Contract>;
    CreditInvestigation = 40, credit_investigations, "credit_investigation", Fact<CreditInvestigation>;
    Scorecard = 41, scorecards, "scorecard", Fact<Scorecard>;
    Warning = 42, warnings, "warning", Record<Warning>;
    ValueAssessment = 50, value_assessments, "value_assessment", Record<ValueAssessment>;
    SavedSegment = 51, segments, "saved_segment", Record<SavedSegment>;
    Revision = 60, revisions, "revision", Fact<Revision>;
    Erasure = 61, erasures, "erasure", Fact<Erasure>;
}

impl Dataset {
    /// Live (not deleted) customers that are not archived.
    pub fn active_customers(&self) -> impl Iterator<Item = &Record<Customer>> {
        self.customers.live().filter(|c| !c.data.archived)
    }

    /// The firm settings, or the defaults when none were saved yet.
    pub fn firm_settings(&self) -> FirmSettings {
        self.settings.get(&Id::NIL).map(|r| r.data.clone()).unwrap_or_else(FirmSettings::defaults)
    }

    /// History of one entity, oldest first.
    pub fn history_of(&self, entity: &Id) -> Vec<&Fact<Revision>> {
        let mut out: Vec<&Fact<Revision>> = self.revisions.live().filter(|r| r.data.entity == *entity).collect();
        out.sort_by_key(|r| r.created);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Fact, Hlc, Id, NodeId, Record, Sale};

    fn stamp(n: u64) -> Hlc {
        Hlc(n, 0, NodeId::new(1, 0))
    }

    fn customer(n: u8, name: &str, at: u64) -> Record<Customer> {
        Record::new(Id::v7(1, [n; 10]), Id::NIL, stamp(at), None, Customer { name: name.into(), ..Customer::default() })
    }

    #[test]
    fn absorbing_moves_empty_tables_and_merges_the_others() {
        let mut here = Dataset::default();
        here.customers.merge(customer(1, "甲", 1));
        // Another tab's newer edit of customer 1 came in while the rest was still being read.
        here.customers.merge(customer(1, "甲（新）", 5));
        let mut later = Dataset::default();
        later.customers.merge(customer(1, "甲", 1));
        later.customers.merge(customer(2, "乙", 2));
        for n in 0..3u8 {
            later.sales.merge(Fact::new(Id::v7(2, [n; 10]), Id::NIL, stamp(3), None, Sale::default()));
        }
        here.absorb(later);
        assert_eq!(here.sales.len(), 3);
        assert_eq!(here.customers.len(), 2);
        assert_eq!(here.customers.get(&Id::v7(1, [1; 10])).unwrap().data.name, "甲（新）");
    }

    #[test]
    fn a_table_from_rows_keeps_their_order_and_refuses_an_id_met_twice() {
        // Across the loop's chunks, so every chunk's rows are indexed.
        let rows: Vec<_> = (0..crate::chunked::CHUNK as u64 + 5)
            .map(|i| Fact::new(Id::v7(i, [7; 10]), Id::NIL, stamp(i), None, Sale::default()))
            .collect();
        let table = Table::from_rows(rows.clone()).unwrap();
        assert_eq!(table.all(), &rows[..]);
        for r in &rows {
            assert_eq!(table.get(&r.id), Some(r));
        }
        let mut twice = rows.clone();
        twice.push(rows[3].clone());
        assert_eq!(Table::from_rows(twice).unwrap_err(), rows[3].id);
        assert!(Table::<Fact<Sale>>::from_rows(Vec::new()).unwrap().is_empty());
    }
}
