//! Sensitive personal information (PIPL) in exports: the fields the model marks sensitive
//! (`Fields::SENSITIVE`: a contact's character, family, health, personal notes, birth year) are
//! left out of a bundle unless the exporter chooses to include them (`docs/bundle-format.md`
//! § 3.3).
//!
//! Records merge field by field by stamp, so a field cannot simply be blanked: a blank under
//! its real stamp would overwrite the receiver's value. A left-out field is written blank under
//! [`LEFT_OUT_FIELD_STAMP`], the earliest stamp there is: it never wins a merge, and a receiver
//! without the record holds no text for it until a bundle with the field arrives. History
//! entries about an item of such a kind lose the values they recorded for those fields (the
//! entry stays: which field changed, when, by whom).

pub use super::kinds::LEFT_OUT_FIELD_STAMP;
use super::kinds::{self, rebuild, ExItem, ExVisitor, ExVisitorPair};
use crate::model::{Dataset, Fact, Kind, Revision, Table};

/// The sensitive fields of a kind (empty for most).
pub fn sensitive_fields(kind: Kind) -> &'static [&'static str] {
    struct Names(&'static [&'static str]);
    impl ExVisitor for Names {
        fn visit<R: ExItem>(&mut self, _kind: Kind, _table: &Table<R>) {
            self.0 = R::sensitive_fields();
        }
    }
    let mut n = Names(&[]);
    kinds::visit_kind(&Dataset::default(), kind, &mut n);
    n.0
}

/// The kinds an export without sensitive fields changes: those with sensitive fields, and the
/// history (`revision`).
pub fn touched_kinds() -> Vec<Kind> {
    let mut out: Vec<Kind> = Kind::ALL.iter().copied().filter(|k| !sensitive_fields(*k).is_empty()).collect();
    out.push(Kind::Revision);
    out
}

/// A history entry without the values it recorded for sensitive fields; `None` when it has none.
fn revision_without_sensitive(rev: &Fact<Revision>) -> Option<Fact<Revision>> {
    let names = sensitive_fields(rev.data.kind);
    let leaks =
        |c: &crate::model::FieldChange| names.contains(&c.field.as_str()) && !(c.old.is_null() && c.new.is_null());
    if names.is_empty() || !rev.data.changes.iter().any(leaks) {
        return None;
    }
    let mut out = rev.clone();
    for c in &mut out.data.changes {
        if names.contains(&c.field.as_str()) {
            c.old = serde_json::Value::Null;
            c.new = serde_json::Value::Null;
        }
    }
    Some(out)
}

struct Strip {
    changed: usize,
}

impl kinds::ExVisitorMut for Strip {
    fn visit_mut<R: ExItem>(&mut self, _kind: Kind, table: &mut Table<R>) {
        if !R::sensitive_fields().is_empty() && table.all().iter().any(|x| x.without_sensitive().is_some()) {
            self.changed += rebuild(table, |x| x.without_sensitive());
        }
    }
}

/// Leaves every sensitive field out of `data`, in place (for a delta export's selection, which
/// is a copy already). Returns how many items changed.
pub fn strip_sensitive(data: &mut Dataset) -> usize {
    let mut s = Strip { changed: 0 };
    for kind in Kind::ALL {
        if *kind != Kind::Revision && !sensitive_fields(*kind).is_empty() {
            kinds::visit_kind_mut(data, *kind, &mut s);
        }
    }
    if data.revisions.all().iter().any(|r| revision_without_sensitive(r).is_some()) {
        s.changed += rebuild(&mut data.revisions, revision_without_sensitive);
    }
    s.changed
}

struct CopyKinds<'a> {
    kinds: &'a [Kind],
}

impl ExVisitorPair for CopyKinds<'_> {
    fn visit_pair<R: ExItem>(&mut self, kind: Kind, from: &Table<R>, to: &mut Table<R>) {
        if self.kinds.contains(&kind) {
            *to = from.clone();
        }
    }
}

/// The tables of [`touched_kinds`] copied from `data` and stripped, the others empty: with
/// `data` for the rest, the content of a full export without sensitive fields (no copy of the
/// sales lines). See [`super::bundle::export_bundle_with`].
pub fn stripped_part(data: &Dataset) -> Dataset {
    let kinds = touched_kinds();
    let mut out = Dataset::default();
    kinds::visit_pair(data, &mut out, &mut CopyKinds { kinds: &kinds });
    strip_sensitive(&mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Contact, FieldChange, Hlc, Id, NodeId, Record};

    #[test]
    fn contacts_have_sensitive_fields_and_sales_none() {
        assert_eq!(sensitive_fields(Kind::Contact), &["character", "family", "health", "personal_notes", "birth_year"]);
        assert!(sensitive_fields(Kind::Sale).is_empty());
        assert!(touched_kinds().contains(&Kind::Contact) && touched_kinds().contains(&Kind::Revision));
    }

    #[test]
    fn stripping_blanks_values_under_the_earliest_stamp_and_keeps_the_rest() {
        let mut d = Dataset::default();
        let data = Contact {
            name: "王经理".into(),
            family: "女儿在读高三".into(),
            birth_year: Some(1975),
            ..Contact::default()
        };
        let c = Record::new(Id::v7(5, [1; 10]), Id::NIL, Hlc(50, 0, NodeId::new(3, 0)), None, data);
        d.contacts.merge(c.clone());
        let change =
            FieldChange { field: "family".into(), old: serde_json::Value::Null, new: "女儿在读高三".into() };
        let rev = Revision { kind: Kind::Contact, entity: c.id, action: Action::Edited, changes: vec![change] };
        d.revisions.merge(Fact::new(Id::v7(6, [1; 10]), Id::NIL, Hlc(60, 0, NodeId::new(3, 0)), None, rev));
        let part = stripped_part(&d);
        let s = part.contacts.get(&c.id).unwrap();
        assert_eq!(s.data.name, "王经理");
        assert!(s.data.family.is_empty() && s.data.birth_year.is_none());
        assert_eq!(s.stamp_of("family"), LEFT_OUT_FIELD_STAMP);
        assert_eq!(s.stamp_of("name"), c.created);
        assert!(part.sales.is_empty());
        let text = serde_json::to_string(&part.revisions.all()).unwrap();
        assert!(!text.contains("高三"), "{text}");
        assert!(text.contains("family"), "the entry says which field changed");
        let mut again = part.clone();
        assert_eq!(strip_sensitive(&mut again), 0, "idempotent");
        assert_eq!(d.contacts.get(&c.id).unwrap().data.family, "女儿在读高三", "the original is untouched");
    }
}
