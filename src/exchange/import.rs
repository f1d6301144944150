//! Importing a bundle into local data: the preview a user confirms, and the plan the store
//! applies in one transaction.

use super::bundle::Bundle;
use super::duplicates::{likely_duplicates, LikelyDuplicate};
use super::kinds::{self, ExItem, ExVisitor3, ExVisitorBoth, Reference};
use super::merge::enforce_erasures;
use super::vector::VersionVector;
use crate::model::{Dataset, Id, Kind, Table};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What an import does to one kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindCounts {
    /// Items this branch did not have (live ones).
    pub new: u64,
    /// Items this branch had that change.
    pub updated: u64,
    /// Items this branch already had exactly (re-imports change nothing).
    pub unchanged: u64,
    /// Items that end up deleted: live here and deleted by the bundle, or tombstones this branch
    /// never had.
    pub deleted: u64,
    /// Items edited here and there in the same field, resolved by the later stamp (also counted
    /// in `updated` or `unchanged`).
    pub conflicts: u64,
}

/// A record edited concurrently here and in the bundle, field by field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub kind: Kind,
    pub id: Id,
    pub fields: Vec<String>,
    /// Per field, `true` when the bundle's value won.
    pub theirs_won: Vec<bool>,
}

/// Why an item of a bundle cannot be imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RejectReason {
    /// It names an item that neither the bundle nor this branch holds.
    MissingReference { field: String, target_kind: Kind, target: Id },
    /// This branch holds an item with the same id created elsewhere or at another time: a
    /// damaged or forged file.
    DifferentOrigin,
}

/// An item that cannot be imported, with the reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub kind: Kind,
    pub id: Id,
    pub reason: RejectReason,
}

/// At most this many conflicts and rejected items are listed (all are counted).
pub const LIST_LIMIT: usize = 1_000;

/// What importing a bundle would do, for the user to confirm.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    /// Per kind, for every kind the bundle holds.
    pub counts: BTreeMap<Kind, KindCounts>,
    /// Concurrent edits of the same fields (at most [`LIST_LIMIT`]).
    pub conflicts: Vec<Conflict>,
    /// Customers that look like the same customer created at two branches.
    pub duplicates: Vec<LikelyDuplicate>,
    /// Items that cannot be imported (at most [`LIST_LIMIT`]); the import is refused while any.
    pub rejected: Vec<Rejected>,
    /// Number of rejected items (the list may be cut).
    pub rejected_count: u64,
    /// Items whose content an erasure in the bundle (or here) wipes.
    pub erased: u64,
}

impl ImportPreview {
    /// `true` when nothing is rejected and the import may be applied.
    pub fn can_apply(&self) -> bool {
        self.rejected_count == 0
    }

    /// Totals over all kinds.
    pub fn totals(&self) -> KindCounts {
        let mut t = KindCounts::default();
        for c in self.counts.values() {
            t.new += c.new;
            t.updated += c.updated;
            t.unchanged += c.unchanged;
            t.deleted += c.deleted;
            t.conflicts += c.conflicts;
        }
        t
    }
}

/// What to write, in one transaction, to apply an import.
#[derive(Clone, Debug, Default)]
pub struct ImportPlan {
    /// New and changed items: merge them into the store (`Store::commit`).
    pub merge: Dataset,
    /// Items to write *over* the stored copies: those an erasure wiped (a fact's stored content
    /// never changes by merging) and the firm-settings record when two branches each created
    /// one (it moves onto the earlier creation). Usually empty.
    pub replace: Dataset,
    pub preview: ImportPreview,
}

impl ImportPlan {
    /// `true` when applying changes nothing.
    pub fn is_empty(&self) -> bool {
        self.merge.total() == 0 && self.replace.total() == 0
    }

    /// Applies the plan to an in-memory dataset (what the store does on disk).
    pub fn apply_to(&self, data: &mut Dataset) {
        data.merge_all(&self.merge);
        replace_into(data, &self.replace);
    }

    /// [`ImportPlan::apply_to`], moving the plan's items in instead of copying them: a kind
    /// the dataset does not hold yet takes the plan's table whole (a first import of a firm).
    pub fn apply_into(self, data: &mut Dataset) {
        data.absorb(self.merge);
        replace_into(data, &self.replace);
    }
}

fn replace_into(data: &mut Dataset, replace: &Dataset) {
    if replace.total() > 0 {
        super::merge::replace_items(data, replace);
        enforce_erasures(data);
    }
}

/// Why an import was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ImportError {
    /// Items of the bundle name items that do not exist, or clash with local ones.
    #[error("{count} items of the bundle cannot be imported")]
    Rejected { count: u64, items: Vec<Rejected> },
}

/// What importing `bundle` into `local` would do. Pure and read-only.
pub fn preview(local: &Dataset, bundle: &Bundle) -> ImportPreview {
    plan_merge(local, &bundle.data).preview
}

/// The plan to import `bundle` into `local`, or the rejected items when any.
pub fn plan_import(local: &Dataset, bundle: &Bundle) -> Result<ImportPlan, ImportError> {
    let plan = plan_merge(local, &bundle.data);
    if plan.preview.can_apply() {
        Ok(plan)
    } else {
        Err(ImportError::Rejected { count: plan.preview.rejected_count, items: plan.preview.rejected.clone() })
    }
}

/// The vector to remember for the branch a bundle came from: what that branch held.
pub fn peer_vector(bundle: &Bundle) -> (Id, VersionVector) {
    (bundle.header.branch, bundle.header.vector.clone())
}

/// Each incoming item merged with the local copy, in `out`; counts and conflicts.
struct Touch<'a> {
    preview: &'a mut ImportPreview,
    /// Some record moved onto another origin (it must be written over the stored copy).
    rebased: bool,
}

impl ExVisitor3 for Touch<'_> {
    fn visit3<R: ExItem>(&mut self, kind: Kind, local: &Table<R>, incoming: &Table<R>, out: &mut Table<R>) {
        if incoming.is_empty() {
            return;
        }
        let mut counts = KindCounts::default();
        // Nothing of this kind here yet (a branch's first import of the firm): every item is
        // new, and copying the table whole spares a lookup and an insert per item.
        if local.is_empty() && out.is_empty() {
            *out = incoming.clone();
            self.preview.counts.insert(kind, counts);
            return;
        }
        out.reserve(incoming.len());
        for x in incoming.all() {
            match local.get(&x.id()) {
                None => {
                    out.merge(x.clone());
                }
                Some(l) => {
                    if l.origin() != x.origin() {
                        // The firm settings are one record (id NIL) that each branch may have
                        // created on its own: both copies move onto the earlier origin.
                        if x.id() == Id::NIL {
                            let onto = if super::merge::earlier_origin(l, x) { l } else { x };
                            if let Some(mut m) = l.rebased(onto) {
                                m.merge_from(x);
                                out.merge(m);
                                self.rebased = true;
                                continue;
                            }
                        }
                        self.preview.rejected_count += 1;
                        if self.preview.rejected.len() < LIST_LIMIT {
                            self.preview.rejected.push(Rejected {
                                kind,
                                id: x.id(),
                                reason: RejectReason::DifferentOrigin,
                            });
                        }
                        continue;
                    }
                    let fields = l.conflicting_fields(x);
                    if !fields.is_empty() {
                        counts.conflicts += 1;
                        if self.preview.conflicts.len() < LIST_LIMIT {
                            let mut merged = l.clone();
                            merged.merge_from(x);
                            let theirs_won = fields.iter().map(|f| merged.conflicting_fields(l).contains(f)).collect();
                            self.preview.conflicts.push(Conflict {
                                kind,
                                id: x.id(),
                                fields: fields.iter().map(|f| (*f).to_string()).collect(),
                                theirs_won,
                            });
                        }
                    }
                    if l.merge_changes(x) {
                        let mut merged = l.clone();
                        merged.merge_from(x);
                        out.merge(merged);
                    }
                }
            }
        }
        self.preview.counts.insert(kind, counts);
    }
}

/// Adds the local items that new erasures name (they change although the bundle lacks them).
struct AddErased<'a> {
    targets: &'a BTreeMap<Kind, Vec<Id>>,
}

impl super::kinds::ExVisitorPair for AddErased<'_> {
    fn visit_pair<R: ExItem>(&mut self, kind: Kind, local: &Table<R>, out: &mut Table<R>) {
        for id in self.targets.get(&kind).into_iter().flatten() {
            if out.get(id).is_none() {
                if let Some(l) = local.get(id) {
                    out.merge(l.clone());
                }
            }
        }
    }
}

/// Copies the touched items that differ from the local copy into `out`: the ones to write over
/// the stored copy (erased, or moved onto another origin), or the others.
struct Split {
    erased: bool,
}

impl ExVisitor3 for Split {
    fn visit3<R: ExItem>(&mut self, _kind: Kind, local: &Table<R>, touched: &Table<R>, out: &mut Table<R>) {
        for t in touched.all() {
            let l = local.get(&t.id());
            let replace = t.is_erased() || l.is_some_and(|l| l.origin() != t.origin());
            if replace == self.erased && l != Some(t) {
                out.merge(t.clone());
            }
        }
    }
}

/// Counts what the touched items do and checks their references.
struct Count<'a> {
    incoming: &'a Dataset,
    local: &'a Dataset,
    preview: &'a mut ImportPreview,
    refs: Vec<Reference>,
}

impl ExVisitorBoth for Count<'_> {
    fn visit_both<R: ExItem>(&mut self, kind: Kind, local: &Table<R>, touched: &Table<R>) {
        if touched.is_empty() && self.incoming.count(kind) == 0 {
            return;
        }
        let mut counts = self.preview.counts.get(&kind).copied().unwrap_or_default();
        for t in touched.all() {
            let l = local.get(&t.id());
            if t.is_erased() && !l.is_some_and(|l| l.is_erased()) {
                self.preview.erased += 1;
            }
            match l {
                Some(l) if l == t => continue,
                Some(l) if t.is_deleted() && !l.is_deleted() => counts.deleted += 1,
                Some(_) => counts.updated += 1,
                None if t.is_deleted() => counts.deleted += 1,
                None => counts.new += 1,
            }
            if t.is_deleted() {
                continue;
            }
            self.refs.clear();
            t.references(&mut self.refs);
            for r in &self.refs {
                if !kinds::contains(self.incoming, r.kind, &r.id) && !kinds::contains(self.local, r.kind, &r.id) {
                    self.preview.rejected_count += 1;
                    if self.preview.rejected.len() < LIST_LIMIT {
                        self.preview.rejected.push(Rejected {
                            kind,
                            id: t.id(),
                            reason: RejectReason::MissingReference {
                                field: r.field.to_string(),
                                target_kind: r.kind,
                                target: r.id,
                            },
                        });
                    }
                }
            }
        }
        let changed = counts.new + counts.updated + counts.deleted;
        counts.unchanged = (self.incoming.count(kind) as u64).saturating_sub(changed);
        self.preview.counts.insert(kind, counts);
    }
}

/// The plan to merge `incoming` into `local` (already validated as a bundle or made locally).
pub fn plan_merge(local: &Dataset, incoming: &Dataset) -> ImportPlan {
    let mut preview = ImportPreview::default();
    let mut touched = Dataset::default();
    let mut touch = Touch { preview: &mut preview, rebased: false };
    kinds::visit3(local, incoming, &mut touched, &mut touch);
    let rebased = touch.rebased;
    let erasures = !incoming.erasures.is_empty() || !local.erasures.is_empty();
    // Erasures: every one known here or in the bundle applies to what is touched; new ones also
    // to local items the bundle does not carry.
    if erasures {
        let mut targets: BTreeMap<Kind, Vec<Id>> = BTreeMap::new();
        let mut entities: Vec<Id> = Vec::new();
        for e in incoming.erasures.all() {
            if local.erasures.get(&e.id).is_none() {
                targets.entry(e.data.kind).or_default().push(e.data.entity);
                entities.push(e.data.entity);
            }
        }
        kinds::visit_pair(local, &mut touched, &mut AddErased { targets: &targets });
        if !entities.is_empty() {
            let entities: std::collections::HashSet<Id> = entities.into_iter().collect();
            for rev in local.revisions.all() {
                if entities.contains(&rev.data.entity) && touched.revisions.get(&rev.id).is_none() {
                    touched.revisions.merge(rev.clone());
                }
            }
        }
        let known: Vec<_> = local.erasures.all().iter().chain(incoming.erasures.all()).cloned().collect();
        for e in known {
            touched.erasures.merge(e);
        }
        enforce_erasures(&mut touched);
    }
    kinds::visit_both(local, &touched, &mut Count { incoming, local, preview: &mut preview, refs: Vec::new() });
    // Usually everything touched is merged as it is; only erasures and moved singletons need
    // sorting into what is merged and what is written over.
    let (merge, replace) = if erasures || rebased {
        let (mut merge, mut replace) = (Dataset::default(), Dataset::default());
        kinds::visit3(local, &touched, &mut merge, &mut Split { erased: false });
        kinds::visit3(local, &touched, &mut replace, &mut Split { erased: true });
        (merge, replace)
    } else {
        (touched, Dataset::default())
    };
    preview.counts.retain(|k, c| incoming.count(*k) > 0 || *c != KindCounts::default());
    preview.duplicates = likely_duplicates(local, incoming);
    ImportPlan { merge, replace, preview }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::canonical::checksum;

    /// Moving the plan in gives what copying it in gives: into an empty dataset (tables taken
    /// whole) and into one holding part of the firm (items merged).
    #[test]
    fn applying_by_move_is_applying_by_copy() {
        let end = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let spec = crate::demo::DemoSpec { customers: 60, lines: 900, ..crate::demo::DemoSpec::default_for(end) };
        let firm = crate::demo::generate(&spec).unwrap();
        let mut part = Dataset::default();
        for c in firm.customers.all().iter().step_by(2) {
            part.customers.merge(c.clone());
        }
        part.products = firm.products.clone();
        for local in [Dataset::default(), part] {
            let plan = plan_merge(&local, &firm);
            assert!(plan.merge.total() > 0);
            let (mut copied, mut moved) = (local.clone(), local);
            plan.apply_to(&mut copied);
            plan.apply_into(&mut moved);
            assert_eq!(checksum(&moved), checksum(&copied));
            assert_eq!(checksum(&moved), checksum(&firm));
        }
    }
}
