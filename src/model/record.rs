//! The two shapes every stored entity takes, chosen so that branch exchange can merge without
//! losing anyone's work:
//!
//! - [`Record<T>`]: an entity whose fields change (a customer, a product, a plan). Each field merges
//!   last-writer-wins by its own [`Hlc`] stamp, so two branches editing different fields of one
//!   customer both keep their edit. Tags are a [`TagSet`], where concurrent additions both survive.
//! - [`Fact<T>`]: something that happened (a sales line, a payment, a visit, a history entry). Facts
//!   never change; merging two stores is the union of their facts.
//!
//! Both carry a tombstone: once deleted, a record stays deleted whatever order merges come in.
//! Merging is commutative, associative and idempotent (tested below and by property tests).

use super::{Hlc, Id};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The field-level view of an entity's data that [`Record`] needs to merge and to write history.
/// Implemented by the [`entity_fields!`](crate::entity_fields) macro, never by hand.
pub trait Fields: Clone + PartialEq + Default + Serialize + DeserializeOwned {
    /// Field names, in declaration order. Stable across schema versions: stamps are keyed by name.
    const NAMES: &'static [&'static str];
    /// Fields holding sensitive personal information (PIPL): hidden in lists, left out of exports.
    const SENSITIVE: &'static [&'static str] = &[];
    /// The field's value as JSON, for history entries.
    fn field_json(&self, index: usize) -> serde_json::Value;
    fn field_eq(&self, other: &Self, index: usize) -> bool;
    fn copy_field(&mut self, from: &Self, index: usize);
    /// Appends the fields in binary (postcard): their count, then each in declaration order.
    /// Fields are only ever added at the end, so older data decodes with defaults for the rest.
    fn encode_fields(&self, out: Vec<u8>) -> Vec<u8>;
    /// Reads fields written by [`Fields::encode_fields`]; returns the rest of the bytes.
    fn decode_fields(bytes: &[u8]) -> Result<(Self, &[u8]), super::encoding::DecodeError>;
}

/// Postcard-encodes a value of our own model. Plain data always encodes; a type postcard cannot
/// represent would be a programming error that the codec tests catch.
pub fn postcard_extend<T: Serialize>(value: &T, out: Vec<u8>) -> Vec<u8> {
    postcard::to_extend(value, out).expect("model types are plain data postcard can encode")
}

/// `true` when a value equals its type's default; lets stored records skip empty fields.
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// Declares an entity's data struct and derives [`Fields`] for it. Every field gets
/// `#[serde(default)]` and is skipped when empty, so adding a field later needs no migration.
#[macro_export]
macro_rules! entity_fields {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
        $(sensitive: [$($sensitive:ident),* $(,)?])?
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(default)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(skip_serializing_if = "crate::model::record::is_default")]
                pub $field: $ty,
            )*
        }

        impl $crate::model::record::Fields for $name {
            const NAMES: &'static [&'static str] = &[$(stringify!($field)),*];
            const SENSITIVE: &'static [&'static str] = &[$($(stringify!($sensitive)),*)?];

            #[allow(unused_assignments)]
            fn field_json(&self, index: usize) -> serde_json::Value {
                let mut i = 0usize;
                $(
                    if index == i {
                        return serde_json::to_value(&self.$field).unwrap_or(serde_json::Value::Null);
                    }
                    i += 1;
                )*
                serde_json::Value::Null
            }

            #[allow(unused_assignments)]
            fn field_eq(&self, other: &Self, index: usize) -> bool {
                let mut i = 0usize;
                $(
                    if index == i {
                        return self.$field == other.$field;
                    }
                    i += 1;
                )*
                true
            }

            fn encode_fields(&self, out: Vec<u8>) -> Vec<u8> {
                let count = Self::NAMES.len() as u16;
                let out = $crate::model::record::postcard_extend(&count, out);
                $( let out = $crate::model::record::postcard_extend(&self.$field, out); )*
                out
            }

            #[allow(unused_assignments)]
            fn decode_fields(bytes: &[u8]) -> Result<(Self, &[u8]), $crate::model::encoding::DecodeError> {
                use $crate::model::encoding::DecodeError;
                let bin = |e: postcard::Error| DecodeError::Binary(e.to_string());
                let (count, mut rest) = postcard::take_from_bytes::<u16>(bytes).map_err(bin)?;
                if usize::from(count) > Self::NAMES.len() {
                    return Err(DecodeError::Binary(format!(
                        "{} fields stored, {} known: written by a newer version",
                        count,
                        Self::NAMES.len()
                    )));
                }
                let mut value = Self::default();
                let mut i = 0u16;
                $(
                    if i < count {
                        let (v, r) = postcard::take_from_bytes(rest).map_err(bin)?;
                        value.$field = v;
                        rest = r;
                    }
                    i += 1;
                )*
                Ok((value, rest))
            }

            #[allow(unused_assignments)]
            fn copy_field(&mut self, from: &Self, index: usize) {
                let mut i = 0usize;
                $(
                    if index == i {
                        self.$field = from.$field.clone();
                        return;
                    }
                    i += 1;
                )*
            }
        }
    };
}

/// One changed field in a history entry: old and new values as JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    #[serde(default)]
    pub old: serde_json::Value,
    #[serde(default)]
    pub new: serde_json::Value,
}

/// A tag's state in a [`TagSet`]: present or removed, as of a stamp.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagState(pub bool, pub Hlc);

/// A set of tags where each tag is its own last-writer-wins register: two branches adding
/// different tags both keep them; an add and a remove of the same tag resolve by stamp.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TagSet(BTreeMap<String, TagState>);

impl TagSet {
    /// No tag was ever set (removed tags keep their stamp, so they count as not empty).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn set(&mut self, tag: &str, present: bool, stamp: Hlc) {
        let tag = tag.trim();
        if tag.is_empty() {
            return;
        }
        match self.0.get(tag) {
            Some(TagState(_, at)) if *at >= stamp => {}
            _ => {
                self.0.insert(tag.to_string(), TagState(present, stamp));
            }
        }
    }

    /// The tags present now, sorted.
    pub fn present(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter(|(_, s)| s.0).map(|(t, _)| t.as_str())
    }

    pub fn contains(&self, tag: &str) -> bool {
        matches!(self.0.get(tag), Some(TagState(true, _)))
    }

    pub fn merge(&mut self, other: &TagSet) {
        for (tag, state) in &other.0 {
            self.set(tag, state.0, state.1);
        }
    }

    /// Whether [`TagSet::merge`] of `other` would change this set: some tag of it is new here
    /// or set later than here (the rule of [`TagSet::set`]).
    pub fn merge_changes(&self, other: &TagSet) -> bool {
        other.0.iter().any(|(tag, state)| {
            let tag = tag.trim();
            !tag.is_empty() && self.0.get(tag).is_none_or(|TagState(_, at)| *at < state.1)
        })
    }

    /// Changes the set to exactly `wanted`, stamping only what changed. Returns (added, removed).
    pub fn replace_with(&mut self, wanted: &[String], stamp: Hlc) -> (Vec<String>, Vec<String>) {
        let current: Vec<String> = self.present().map(str::to_string).collect();
        let added: Vec<String> = wanted.iter().filter(|t| !current.contains(t)).cloned().collect();
        let removed: Vec<String> = current.iter().filter(|t| !wanted.contains(t)).cloned().collect();
        for t in &added {
            self.set(t, true, stamp);
        }
        for t in &removed {
            self.set(t, false, stamp);
        }
        (added, removed)
    }

    fn max_stamp(&self) -> Option<Hlc> {
        self.0.values().map(|s| s.1).max()
    }

    /// Every tag with its state, removed ones included (for the binary encoding).
    pub(crate) fn entries(&self) -> Vec<(String, TagState)> {
        self.0.iter().map(|(t, s)| (t.clone(), *s)).collect()
    }

    pub(crate) fn from_entries(entries: Vec<(String, TagState)>) -> TagSet {
        TagSet(entries.into_iter().collect())
    }
}

/// A changeable entity with per-field stamps. See the module docs for the merge rule.
///
/// Field names are short because a firm can hold 100,000 of these: `i` id, `b` owning branch,
/// `c`/`cb` created stamp and by whom, `u`/`ub` last update, `x` tombstone, `s` per-field stamps
/// (only for fields changed since creation), `t` tags, `d` the data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record<T> {
    #[serde(rename = "i")]
    pub id: Id,
    #[serde(rename = "b")]
    pub branch: Id,
    #[serde(rename = "c")]
    pub created: Hlc,
    #[serde(rename = "cb", default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Id>,
    #[serde(rename = "u")]
    pub updated: Hlc,
    #[serde(rename = "ub", default, skip_serializing_if = "Option::is_none")]
    pub updated_by: Option<Id>,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Hlc>,
    #[serde(rename = "s", default, skip_serializing_if = "BTreeMap::is_empty")]
    pub stamps: BTreeMap<String, Hlc>,
    #[serde(rename = "t", default, skip_serializing_if = "TagSet::is_empty")]
    pub tags: TagSet,
    #[serde(rename = "d")]
    pub data: T,
}

/// Two copies' tombstones merged: the earlier deletion wins (a deleted item stays deleted).
fn earliest_tombstone(a: Option<Hlc>, b: Option<Hlc>) -> Option<Hlc> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl<T: Fields> Record<T> {
    pub fn new(id: Id, branch: Id, stamp: Hlc, by: Option<Id>, data: T) -> Record<T> {
        Record {
            id,
            branch,
            created: stamp,
            created_by: by,
            updated: stamp,
            updated_by: by,
            deleted: None,
            stamps: BTreeMap::new(),
            tags: TagSet::default(),
            data,
        }
    }

    /// The stamp of the write that set this field's current value.
    pub fn stamp_of(&self, field: &str) -> Hlc {
        self.stamps.get(field).copied().unwrap_or(self.created)
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// Replaces the data with `new`, stamping each field that changed. Returns the changes (empty
    /// when nothing changed, and then nothing is stamped).
    pub fn edit(&mut self, new: &T, stamp: Hlc, by: Option<Id>) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        for (index, name) in T::NAMES.iter().enumerate() {
            if !self.data.field_eq(new, index) {
                changes.push(FieldChange {
                    field: (*name).to_string(),
                    old: self.data.field_json(index),
                    new: new.field_json(index),
                });
                self.data.copy_field(new, index);
                self.stamps.insert((*name).to_string(), stamp);
            }
        }
        if !changes.is_empty() {
            self.touch(stamp, by);
        }
        changes
    }

    /// Sets the tags to exactly `wanted`; returns a history change when they differ.
    pub fn set_tags(&mut self, wanted: &[String], stamp: Hlc, by: Option<Id>) -> Option<FieldChange> {
        let (added, removed) = self.tags.replace_with(wanted, stamp);
        if added.is_empty() && removed.is_empty() {
            return None;
        }
        self.touch(stamp, by);
        Some(FieldChange { field: "tags".to_string(), old: serde_json::json!(removed), new: serde_json::json!(added) })
    }

    /// Marks the record deleted (a tombstone that every merge keeps).
    pub fn delete(&mut self, stamp: Hlc, by: Option<Id>) {
        if self.deleted.is_none() {
            self.deleted = Some(stamp);
            self.touch(stamp, by);
        }
    }

    fn touch(&mut self, stamp: Hlc, by: Option<Id>) {
        if stamp > self.updated {
            self.updated = stamp;
            self.updated_by = by;
        }
    }

    /// Merges another copy of the same record into this one: each field takes the value with the
    /// later stamp, tags merge per tag, the earliest tombstone wins.
    pub fn merge(&mut self, other: &Record<T>) {
        debug_assert_eq!(self.id, other.id);
        // Both copies come from one creation event, so `created` and `branch` agree; importers
        // refuse records whose copies disagree (a corrupted or forged file).
        for (index, name) in T::NAMES.iter().enumerate() {
            let theirs = other.stamp_of(name);
            if theirs > self.stamp_of(name) {
                self.data.copy_field(&other.data, index);
                self.stamps.insert((*name).to_string(), theirs);
            }
        }
        self.tags.merge(&other.tags);
        self.deleted = earliest_tombstone(self.deleted, other.deleted);
        if other.updated > self.updated {
            self.updated = other.updated;
            self.updated_by = other.updated_by;
        }
    }

    /// Whether [`Record::merge`] of `other` would change this copy, from the stamps alone (no
    /// field value is compared): a later update, an earlier tombstone, a field or tag set later.
    /// Between branches of one firm most copies are equal, and comparing their text fields was
    /// most of the time `kehu merge` spent merging.
    pub fn merge_changes(&self, other: &Record<T>) -> bool {
        let field_later = if self.stamps.is_empty() && other.stamps.is_empty() {
            // Every field of both at its creation stamp.
            other.created > self.created && !T::NAMES.is_empty()
        } else {
            T::NAMES.iter().any(|name| other.stamp_of(name) > self.stamp_of(name))
        };
        other.updated > self.updated
            || earliest_tombstone(self.deleted, other.deleted) != self.deleted
            || field_later
            || self.tags.merge_changes(&other.tags)
    }

    /// The latest stamp anywhere in the record (for advancing the clock after a load).
    pub fn max_stamp(&self) -> Hlc {
        let mut m = self.updated.max(self.created);
        if let Some(x) = self.deleted {
            m = m.max(x);
        }
        if let Some(t) = self.tags.max_stamp() {
            m = m.max(t);
        }
        m
    }
}

/// Something that happened, recorded once and never changed: merging is a union by id.
/// `i` id, `b` branch that recorded it, `c` stamp, `cb` by whom, `x` tombstone, `d` data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact<T> {
    #[serde(rename = "i")]
    pub id: Id,
    #[serde(rename = "b")]
    pub branch: Id,
    #[serde(rename = "c")]
    pub created: Hlc,
    #[serde(rename = "cb", default, skip_serializing_if = "Option::is_none")]
    pub created_by: Option<Id>,
    #[serde(rename = "x", default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<Hlc>,
    #[serde(rename = "d")]
    pub data: T,
}

impl<T> Fact<T> {
    pub fn new(id: Id, branch: Id, stamp: Hlc, by: Option<Id>, data: T) -> Fact<T> {
        Fact { id, branch, created: stamp, created_by: by, deleted: None, data }
    }

    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    pub fn delete(&mut self, stamp: Hlc) {
        if self.deleted.is_none() {
            self.deleted = Some(stamp);
        }
    }

    /// Facts are immutable: merging another copy only brings its tombstone.
    pub fn merge(&mut self, other: &Fact<T>) {
        debug_assert_eq!(self.id, other.id);
        self.deleted = earliest_tombstone(self.deleted, other.deleted);
    }

    /// Whether [`Fact::merge`] of `other` would change this copy: it brings an earlier tombstone.
    pub fn merge_changes(&self, other: &Fact<T>) -> bool {
        earliest_tombstone(self.deleted, other.deleted) != self.deleted
    }

    pub fn max_stamp(&self) -> Hlc {
        self.deleted.map_or(self.created, |x| x.max(self.created))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NodeId;

    crate::entity_fields! {
        pub struct Thing {
            pub name: String,
            pub phone: String,
            pub count: i64,
            pub family: String,
        }
        sensitive: [family]
    }

    fn stamp(ms: u64, node: u32) -> Hlc {
        Hlc(ms, 0, NodeId::new(node, 0))
    }

    fn base() -> Record<Thing> {
        let data = Thing { name: "张三".into(), phone: "123".into(), count: 1, family: String::new() };
        Record::new(Id::v7(1, [1; 10]), Id::v7(1, [2; 10]), stamp(10, 1), None, data)
    }

    #[test]
    fn macro_lists_fields_and_sensitive_ones() {
        assert_eq!(Thing::NAMES, &["name", "phone", "count", "family"]);
        assert_eq!(Thing::SENSITIVE, &["family"]);
        let json = serde_json::to_string(&Thing { name: "a".into(), ..Thing::default() }).unwrap();
        assert_eq!(json, r#"{"name":"a"}"#, "empty fields are not stored");
    }

    #[test]
    fn edit_stamps_only_changed_fields_and_reports_them() {
        let mut r = base();
        let mut new = r.data.clone();
        new.phone = "456".into();
        let changes = r.edit(&new, stamp(20, 1), None);
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].field, "phone");
        assert_eq!(changes[0].old, serde_json::json!("123"));
        assert_eq!(r.stamp_of("phone"), stamp(20, 1));
        assert_eq!(r.stamp_of("name"), stamp(10, 1));
        assert!(r.edit(&new, stamp(30, 1), None).is_empty());
        assert_eq!(r.updated, stamp(20, 1));
    }

    #[test]
    fn concurrent_edits_of_different_fields_both_survive_in_any_order() {
        let mut a = base();
        let mut b = base();
        let mut na = a.data.clone();
        na.name = "张三丰".into();
        a.edit(&na, stamp(20, 1), None);
        let mut nb = b.data.clone();
        nb.phone = "999".into();
        b.edit(&nb, stamp(21, 2), None);
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.data.name, "张三丰");
        assert_eq!(ab.data.phone, "999");
        let mut again = ab.clone();
        again.merge(&ab);
        assert_eq!(again, ab, "idempotent");
    }

    #[test]
    fn same_field_goes_to_the_later_stamp_and_tombstones_stick() {
        let mut a = base();
        let mut b = base();
        let mut na = a.data.clone();
        na.count = 5;
        a.edit(&na, stamp(30, 1), None);
        let mut nb = b.data.clone();
        nb.count = 7;
        b.edit(&nb, stamp(30, 2), None);
        b.delete(stamp(31, 2), None);
        a.merge(&b);
        assert_eq!(a.data.count, 7, "tie on time broken by node");
        assert!(a.is_deleted());
        let mut c = base();
        c.merge(&a);
        assert!(c.is_deleted());
    }

    #[test]
    fn tags_keep_concurrent_additions() {
        let mut a = base();
        let mut b = base();
        a.set_tags(&["重点".to_string()], stamp(20, 1), None);
        b.set_tags(&["华东".to_string()], stamp(21, 2), None);
        a.merge(&b);
        assert_eq!(a.tags.present().collect::<Vec<_>>(), vec!["华东", "重点"]);
        // A later removal on one side wins over the earlier addition.
        let mut c = a.clone();
        c.set_tags(&["华东".to_string()], stamp(40, 3), None);
        a.merge(&c);
        assert_eq!(a.tags.present().collect::<Vec<_>>(), vec!["华东"]);
    }

    #[test]
    fn facts_merge_by_union_with_tombstone() {
        let mut f = Fact::new(Id::v7(1, [3; 10]), Id::NIL, stamp(1, 1), None, 5i64);
        let mut g = f.clone();
        g.delete(stamp(9, 2));
        f.merge(&g);
        assert!(f.is_deleted());
        assert_eq!(f.max_stamp(), stamp(9, 2));
    }
}
