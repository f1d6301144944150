//! What the privacy page shows, computed from the data: how many items of each kind are stored,
//! how many contacts hold sensitive personal information, and the erasure log — every erasure's
//! kind, time, person and branch, never the erased content (which is gone).

use super::sensitive::sensitive_fields;
use crate::model::{Dataset, Fields, Hlc, Id, Item, Kind, Table, TableVisitor};

/// Live (not deleted) items per kind, kinds without any left out, in [`Kind::ALL`] order.
pub fn live_counts(data: &Dataset) -> Vec<(Kind, usize)> {
    struct Live(Vec<(Kind, usize)>);
    impl TableVisitor for Live {
        fn visit<R: Item>(&mut self, kind: Kind, table: &Table<R>) {
            let n = table.all().iter().filter(|x| !x.is_deleted()).count();
            if n > 0 {
                self.0.push((kind, n));
            }
        }
    }
    let mut v = Live(Vec::new());
    data.visit(&mut v);
    v.0
}

/// Live contacts with at least one sensitive field filled in.
pub fn contacts_with_sensitive(data: &Dataset) -> usize {
    let names = sensitive_fields(Kind::Contact);
    let blank = crate::model::Contact::default();
    let indices: Vec<usize> =
        crate::model::Contact::NAMES.iter().enumerate().filter(|(_, n)| names.contains(n)).map(|(i, _)| i).collect();
    data.contacts.live().filter(|c| indices.iter().any(|&i| !c.data.field_eq(&blank, i))).count()
}

/// One line of the erasure log: what kind of item, when, by whom, from which branch, how many
/// history entries were erased with it (erasures of `revision` made at the same stamp) and how
/// many other items (a person's contacts, visits, complaints… erased with the customer).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    pub kind: Kind,
    pub at: Hlc,
    pub by: Option<Id>,
    pub branch: Id,
    pub history: usize,
    pub others: usize,
}

/// The erasure log, newest first: one line per erasure action (the erasures made at one stamp,
/// by one person, at one branch). The line names the action's main kind — a customer, else the
/// first other kind in [`Kind::ALL`] order, history entries only when nothing else was erased —
/// and counts the rest.
pub fn erasure_log(data: &Dataset) -> Vec<LogLine> {
    let mut groups: std::collections::BTreeMap<(Hlc, Id, Option<Id>), Vec<Kind>> = Default::default();
    for e in data.erasures.all() {
        groups.entry((e.created, e.branch, e.created_by)).or_default().push(e.data.kind);
    }
    let rank = |k: &Kind| match k {
        Kind::Customer => 0,
        Kind::Revision => Kind::ALL.len() + 1,
        other => 1 + Kind::ALL.iter().position(|x| x == other).unwrap_or(0),
    };
    let mut out: Vec<LogLine> = groups
        .into_iter()
        .map(|((at, branch, by), kinds)| {
            let main = kinds.iter().copied().min_by_key(rank).unwrap_or(Kind::Revision);
            let history = kinds.iter().filter(|k| **k == Kind::Revision).count();
            let history = if main == Kind::Revision { 0 } else { history };
            let others = kinds.len() - history - 1;
            LogLine { kind: main, at, by, branch, history, others }
        })
        .collect();
    out.sort_by_key(|l| std::cmp::Reverse(l.at));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::{self, Origin};
    use crate::exchange::merge::{contact_erasure_targets, erase_all};
    use crate::model::{Contact, Customer, NodeId, Record};

    #[test]
    fn the_log_names_kind_time_person_and_branch_but_no_content() {
        let mut d = Dataset::default();
        let customer =
            Record::new(Id::v7(1, [1; 10]), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, Customer::default());
        let cid = customer.id;
        d.customers.merge(customer);
        let o = |ms| Origin { branch: Id::v7(2, [2; 10]), stamp: Hlc(ms, 0, NodeId::new(1, 0)), by: None };
        for n in 0..2u8 {
            let c = Contact {
                customer: cid,
                name: format!("联系人{n}"),
                family: "女儿在读高三".into(),
                ..Contact::default()
            };
            d.merge_all(&edits::create_contact(Id::v7(10, [n; 10]), Id::v7(11, [n; 10]), c, o(10 + u64::from(n))));
        }
        assert_eq!(contacts_with_sensitive(&d), 2);
        assert!(live_counts(&d).contains(&(Kind::Contact, 2)));
        let victim = Id::v7(10, [0; 10]);
        let targets: Vec<_> = contact_erasure_targets(&d, victim)
            .into_iter()
            .enumerate()
            .map(|(n, (k, i))| (k, i, Id::v7(20, [n as u8; 10])))
            .collect();
        let plan = erase_all(&d, &targets, o(100));
        plan.apply_to(&mut d);
        let log = erasure_log(&d);
        assert_eq!(log.len(), 1, "{log:?}");
        assert_eq!(
            (log[0].kind, log[0].at, log[0].by, log[0].branch, log[0].history, log[0].others),
            (Kind::Contact, o(100).stamp, None, o(100).branch, 1, 0)
        );
        assert_eq!(contacts_with_sensitive(&d), 1);
        assert!(live_counts(&d).contains(&(Kind::Contact, 1)));
    }
}
