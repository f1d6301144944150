//! The exchange merge: the model's rule ([`Dataset::merge_all`]: fields last-writer-wins by
//! stamp, tags per tag, facts a union, tombstones stick) plus erasures, which wipe the content
//! of the items they name wherever and in whatever order the copies meet.
//!
//! Erasing is a function that, applied after every merge, keeps the merge commutative,
//! associative and idempotent: an erased record has every field at its default under
//! [`ERASED_FIELD_STAMP`](super::kinds::ERASED_FIELD_STAMP) (so no copy can win a field back),
//! no tags at all, its tombstone at the earliest erasure (or deletion); an
//! erased fact keeps its envelope with wiped data. History entries about an erased item lose
//! the values they recorded.

use super::kinds::{self, rebuild, ExItem, ExVisitorMut};
use crate::edits::Origin;
use crate::model::{Dataset, Erasure, Fact, Hlc, Id, IdMap, Kind, Table};
use std::collections::BTreeMap;

/// Merges `incoming` into `local` and applies every erasure either holds.
pub fn merge_into(local: &mut Dataset, incoming: &Dataset) {
    reconcile_origins(local, incoming);
    merge_all(local, incoming);
    enforce_erasures(local);
}

/// Merges many datasets (the CLI's `kehu merge`): the result does not depend on their order.
pub fn merge_many<'a>(parts: impl IntoIterator<Item = &'a Dataset>) -> Dataset {
    let mut out = Dataset::default();
    for p in parts {
        reconcile_origins(&mut out, p);
        merge_all(&mut out, p);
    }
    enforce_erasures(&mut out);
    out
}

struct MergeAll;

impl super::kinds::ExVisitorPair for MergeAll {
    fn visit_pair<R: ExItem>(&mut self, _kind: Kind, incoming: &Table<R>, local: &mut Table<R>) {
        local.reserve(incoming.len().saturating_sub(local.len()));
        for x in incoming.all() {
            // Copies that change nothing (most of them, between branches of one firm) cost no
            // clone, and telling them needs only their stamps.
            if local.get(&x.id()).is_none_or(|l| l.merge_changes(x)) {
                local.merge(x.clone());
            }
        }
    }
}

/// The model's [`Dataset::merge_all`], without cloning items the local data already holds.
pub fn merge_all(local: &mut Dataset, incoming: &Dataset) {
    kinds::visit_pair(incoming, local, &mut MergeAll);
}

/// The earlier of two origins (creation stamp, then branch): where a singleton settles.
pub fn earlier_origin<R: ExItem>(a: &R, b: &R) -> bool {
    let (ab, ac) = a.origin();
    let (bb, bc) = b.origin();
    (ac, ab) <= (bc, bb)
}

struct Reconcile {
    changed: usize,
}

impl super::kinds::ExVisitorPair for Reconcile {
    fn visit_pair<R: ExItem>(&mut self, _kind: Kind, incoming: &Table<R>, local: &mut Table<R>) {
        let clash = |x: &R| local.get(&x.id()).is_some_and(|l| l.origin() != x.origin());
        if !incoming.all().iter().any(clash) {
            return;
        }
        let theirs: IdMap<&R> = incoming.all().iter().map(|x| (x.id(), x)).collect();
        self.changed += rebuild(local, |l| {
            let x = theirs.get(&l.id())?;
            if l.origin() == x.origin() {
                return None;
            }
            let onto = if earlier_origin(l, *x) { l } else { *x };
            l.rebased(onto)
        });
    }
}

/// Moves local records onto the earlier origin where `incoming` holds a copy created elsewhere
/// (see [`ExItem::rebased`]), so the model's merge that follows is order-independent. Returns
/// how many records moved.
pub fn reconcile_origins(local: &mut Dataset, incoming: &Dataset) -> usize {
    let mut r = Reconcile { changed: 0 };
    kinds::visit_pair(incoming, local, &mut r);
    r.changed
}

struct Replace<'a> {
    _src: std::marker::PhantomData<&'a ()>,
}

impl super::kinds::ExVisitorPair for Replace<'_> {
    fn visit_pair<R: ExItem>(&mut self, _kind: Kind, items: &Table<R>, data: &mut Table<R>) {
        if items.is_empty() {
            return;
        }
        let mut missing: Vec<R> = items.all().iter().filter(|x| data.get(&x.id()).is_none()).cloned().collect();
        rebuild(data, |row| items.get(&row.id()).cloned());
        for x in missing.drain(..) {
            data.merge(x);
        }
    }
}

/// Writes `items` over the copies in `data` (adding the ones it lacks): what the store does
/// with [`ImportPlan::replace`](super::import::ImportPlan::replace).
pub fn replace_items(data: &mut Dataset, items: &Dataset) {
    kinds::visit_pair(items, data, &mut Replace { _src: std::marker::PhantomData });
}

/// When and by whom an item was erased (every erasure of it).
type Marks = IdMap<Vec<(Hlc, Option<Id>)>>;

/// Who erased and when, per erased item, by kind.
type Erasures = BTreeMap<Kind, Marks>;

fn erasures_of(data: &Dataset) -> (Erasures, Marks) {
    let mut by_kind: Erasures = BTreeMap::new();
    let mut by_entity: Marks = IdMap::default();
    for e in data.erasures.all() {
        let mark = (e.created, e.created_by);
        by_kind.entry(e.data.kind).or_default().entry(e.data.entity).or_default().push(mark);
        by_entity.entry(e.data.entity).or_default().push(mark);
    }
    (by_kind, by_entity)
}

struct Enforce<'a> {
    marks: &'a IdMap<Vec<(Hlc, Option<Id>)>>,
    changed: usize,
}

impl ExVisitorMut for Enforce<'_> {
    fn visit_mut<R: ExItem>(&mut self, _kind: Kind, table: &mut Table<R>) {
        let marks = self.marks;
        let wiped = |item: &R| {
            let list = marks.get(&item.id())?;
            let mut out = item.clone();
            for (at, by) in list {
                out = out.erased(*at, *by);
            }
            (out != *item).then_some(out)
        };
        if table.all().iter().any(|item| wiped(item).is_some()) {
            self.changed += rebuild(table, wiped);
        }
    }
}

/// Applies every erasure in `data` to the items it names and to the history entries about
/// them. Returns how many items changed (0 when all were wiped already).
pub fn enforce_erasures(data: &mut Dataset) -> usize {
    if data.erasures.is_empty() {
        return 0;
    }
    let (by_kind, by_entity) = erasures_of(data);
    let mut changed = 0;
    for (kind, marks) in &by_kind {
        let mut e = Enforce { marks, changed: 0 };
        kinds::visit_kind_mut(data, *kind, &mut e);
        changed += e.changed;
    }
    changed += wipe_history(&mut data.revisions, &by_entity);
    changed
}

fn wipe_history(table: &mut Table<Fact<crate::model::Revision>>, by_entity: &IdMap<Vec<(Hlc, Option<Id>)>>) -> usize {
    let wiped = |rev: &Fact<crate::model::Revision>| {
        let list = by_entity.get(&rev.data.entity)?;
        let mut out = rev.clone();
        for (at, by) in list {
            out = out.erased(*at, *by);
        }
        (out != *rev).then_some(out)
    };
    if table.all().iter().any(|r| wiped(r).is_some()) {
        rebuild(table, wiped)
    } else {
        0
    }
}

/// The batch that erases one item: the erasure fact and the item (and its history) wiped.
/// `erasure_id` is a new id; the stamp in `origin` a new stamp. Commit `merge` by merging and
/// write `replace` over the stored copies (facts never change by merging, so the store must
/// overwrite them; see [`super::import::ImportPlan`]).
pub fn erase(local: &Dataset, kind: Kind, entity: Id, erasure_id: Id, origin: Origin) -> super::import::ImportPlan {
    erase_all(local, &[(kind, entity, erasure_id)], origin)
}

/// The batch that erases several items at once (kind, id, the erasure's new id), all under one
/// stamp: a person and the history entries that name them.
pub fn erase_all(local: &Dataset, targets: &[(Kind, Id, Id)], origin: Origin) -> super::import::ImportPlan {
    let mut incoming = Dataset::default();
    for (kind, entity, erasure_id) in targets {
        let e = Erasure { kind: *kind, entity: *entity };
        incoming.erasures.merge(Fact::new(*erasure_id, origin.branch, origin.stamp, origin.by, e));
    }
    super::import::plan_merge(local, &incoming)
}

/// What erasing a contact erases: the contact (with the history about it) and the entries of
/// its customer's history that recorded the contact by name (added, removed). Kinds and ids.
pub fn contact_erasure_targets(local: &Dataset, contact: Id) -> Vec<(Kind, Id)> {
    let mut out = vec![(Kind::Contact, contact)];
    let Some(c) = local.contacts.get(&contact) else { return out };
    let name = serde_json::Value::String(c.data.name.clone());
    for rev in local.revisions.all() {
        let about = rev.data.kind == Kind::Customer && rev.data.entity == c.data.customer;
        if about && rev.data.changes.iter().any(|ch| ch.field == "contact" && (ch.old == name || ch.new == name)) {
            out.push((Kind::Revision, rev.id));
        }
    }
    out
}
