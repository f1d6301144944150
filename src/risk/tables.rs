//! The risk screens' tables as plain data, so their joins and orders are tested natively: who
//! owes (each receivable with the customer's name, owner, credit limit and the amount over it;
//! the firm's ageing totals) and the appraisal's rows (each owner's or department's figures
//! with its part scores and weighted score), each sortable by a column.

use super::appraisal::{Appraisal, Figures, Part};
use super::credit::{credit_limit, Bucket, Receivable};
use super::settings::RiskSettings;
use super::signals::Signals;
use crate::model::{Dataset, FirmSettings, Id, Money};
use crate::search::pinyin_sort_key;
use std::cmp::Ordering;

/// One line of the receivables table: a customer who owes, with their limit.
#[derive(Clone, Debug, PartialEq)]
pub struct Debtor {
    pub receivable: Receivable,
    pub name: String,
    pub owner: Option<Id>,
    /// The customer's credit limit (set by hand, else their class's); `None` = not limited.
    pub limit: Option<Money>,
}

impl Debtor {
    /// What they owe beyond their limit (zero when within it or not limited).
    pub fn over_limit(&self) -> Money {
        self.limit.map_or(Money::ZERO, |l| (self.receivable.owed - l).max(Money::ZERO))
    }

    /// The part of the debt more than 90 days old (the last ageing bucket).
    pub fn over_90(&self) -> Money {
        self.receivable.buckets[Bucket::Over90 as usize]
    }
}

/// The receivables joined with their customers: name, owner and limit (by hand, else the
/// default of the class in the last scoring run, else class C's). In the order given.
pub fn debtors(data: &Dataset, receivables: &[Receivable], signals: &Signals, firm: &FirmSettings) -> Vec<Debtor> {
    receivables
        .iter()
        .map(|r| {
            let customer = data.customers.get(&r.customer).map(|c| &c.data);
            let class = signals.by_customer.get(&r.customer).and_then(|s| s.abc);
            Debtor {
                receivable: r.clone(),
                name: customer.map(|c| c.name.clone()).unwrap_or_default(),
                owner: customer.and_then(|c| c.owner),
                limit: customer.and_then(|c| credit_limit(c, class, firm).limit),
            }
        })
        .collect()
}

/// The firm's receivables by ageing bucket ([`Bucket::ALL`] order): they add up to the total.
pub fn ageing_totals(receivables: &[Receivable]) -> [Money; 4] {
    let mut out = [Money::ZERO; 4];
    for r in receivables {
        for (t, b) in out.iter_mut().zip(r.buckets) {
            *t += b;
        }
    }
    out
}

/// The columns the receivables table sorts by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DebtorSort {
    #[default]
    Owed,
    Over90,
    OverLimit,
}

/// Orders the debtors by a column (largest first when `descending`); ties by what they owe,
/// largest first, then by customer id, so the order is stable.
pub fn sort_debtors(list: &mut [Debtor], by: DebtorSort, descending: bool) {
    let value = |d: &Debtor| match by {
        DebtorSort::Owed => d.receivable.owed,
        DebtorSort::Over90 => d.over_90(),
        DebtorSort::OverLimit => d.over_limit(),
    };
    list.sort_by(|a, b| {
        let o = value(a).cmp(&value(b));
        let o = if descending { o.reverse() } else { o };
        o.then(b.receivable.owed.cmp(&a.receivable.owed)).then(a.receivable.customer.cmp(&b.receivable.customer))
    });
}

/// One line of an appraisal table: an owner or a department (`key: None` = without one).
#[derive(Clone, Debug, PartialEq)]
pub struct AppraisalRow {
    pub key: Option<Id>,
    /// The staff member's or department's name (empty for `None` or one not found).
    pub name: String,
    pub figures: Figures,
    /// Each part's score 0–1 in [`Part::ALL`] order, `None` without data.
    pub parts: [Option<f64>; 5],
    /// The weighted score 0–100, `None` when no part has data.
    pub score: Option<f64>,
}

fn rows_of(list: &[(Option<Id>, Figures)], name: impl Fn(Id) -> Option<String>, s: &RiskSettings) -> Vec<AppraisalRow> {
    list.iter()
        .map(|(key, f)| AppraisalRow {
            key: *key,
            name: key.and_then(&name).unwrap_or_default(),
            parts: Part::ALL.map(|p| f.part(p, s)),
            score: f.score(s),
            figures: f.clone(),
        })
        .collect()
}

/// The appraisal's rows: per owner (named from the staff) and per department.
pub fn appraisal_rows(a: &Appraisal, data: &Dataset, s: &RiskSettings) -> (Vec<AppraisalRow>, Vec<AppraisalRow>) {
    let staff = |id: Id| data.staff.get(&id).map(|x| x.data.name.clone());
    let dept = |id: Id| data.departments.get(&id).map(|x| x.data.name.clone());
    (rows_of(&a.by_owner, staff, s), rows_of(&a.by_department, dept, s))
}

/// The columns the appraisal tables sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AppraisalSort {
    Name,
    Sales,
    Cost,
    Margin,
    Receivables,
    Attainment,
    Satisfaction,
    Complaints,
    Part(Part),
    #[default]
    Score,
}

impl AppraisalSort {
    /// The column's number for a row (`None` sorts last either way).
    fn value(self, r: &AppraisalRow) -> Option<f64> {
        let f = &r.figures;
        let money = |m: Money| Some(m.0 as f64);
        match self {
            AppraisalSort::Name => None,
            AppraisalSort::Sales => money(f.sales),
            AppraisalSort::Cost => money(f.cost),
            AppraisalSort::Margin => money(f.margin()),
            AppraisalSort::Receivables => money(f.receivables),
            AppraisalSort::Attainment => f.attainment(),
            AppraisalSort::Satisfaction => f.satisfaction.index(),
            AppraisalSort::Complaints => Some(f64::from(f.complaints)),
            AppraisalSort::Part(p) => r.parts[Part::ALL.iter().position(|x| *x == p).unwrap_or(0)],
            AppraisalSort::Score => r.score,
        }
    }
}

/// Orders appraisal rows by a column, rows without a value (or without a name) last; ties by
/// name (pinyin order), the row without a key last.
pub fn sort_appraisal(rows: &mut [AppraisalRow], by: AppraisalSort, descending: bool) {
    let flip = |o: Ordering| if descending { o.reverse() } else { o };
    rows.sort_by_cached_key(|r| (r.key.is_none(), pinyin_sort_key(&r.name)));
    if by == AppraisalSort::Name {
        if descending {
            // Reversed by name, the rows without a key still last.
            rows.sort_by(|a, b| {
                a.key
                    .is_none()
                    .cmp(&b.key.is_none())
                    .then(flip(pinyin_sort_key(&a.name).cmp(&pinyin_sort_key(&b.name))))
            });
        }
        return;
    }
    // A stable sort keeps the name order among equal values.
    rows.sort_by(|a, b| match (by.value(a), by.value(b)) {
        (Some(x), Some(y)) => flip(x.partial_cmp(&y).unwrap_or(Ordering::Equal)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::abc::AbcClass;
    use crate::model::org::{Department, Staff};
    use crate::model::{Customer, Hlc, NodeId, Record};
    use crate::risk::signals::Signal;

    fn id(n: u8) -> Id {
        Id::v7(u64::from(n), [n; 10])
    }

    fn rec<T: crate::model::record::Fields>(n: u8, data: T) -> Record<T> {
        Record::new(id(n), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, data)
    }

    fn owing(n: u8, owed: i64, over_90: i64) -> Receivable {
        Receivable {
            customer: id(n),
            owed: Money(owed),
            buckets: [Money(owed - over_90), Money::ZERO, Money::ZERO, Money(over_90)],
            ..Receivable::default()
        }
    }

    #[test]
    fn debtors_take_their_limit_by_hand_or_by_class_and_sort_by_a_column() {
        let mut data = Dataset::default();
        data.customers.merge(rec(1, Customer { name: "甲".into(), owner: Some(id(9)), ..Customer::default() }));
        data.customers.merge(rec(
            2,
            Customer {
                name: "乙".into(),
                credit_limit: Some(Money(100)),
                credit_limit_reason: "担保".into(),
                ..Customer::default()
            },
        ));
        data.customers.merge(rec(3, Customer { name: "丙".into(), ..Customer::default() }));
        let firm = FirmSettings { credit_limit_c: Some(Money(50)), ..FirmSettings::defaults() };
        let mut signals = Signals::default();
        signals.by_customer.insert(id(1), Signal { abc: Some(AbcClass::A), ..Signal::default() });
        let list = [owing(1, 1_000, 0), owing(2, 300, 300), owing(3, 60, 10)];
        let mut d = debtors(&data, &list, &signals, &firm);
        assert_eq!(d[0].name, "甲");
        assert_eq!((d[0].owner, d[0].limit, d[0].over_limit()), (Some(id(9)), None, Money::ZERO), "A: not limited");
        assert_eq!((d[1].limit, d[1].over_limit()), (Some(Money(100)), Money(200)), "by hand");
        assert_eq!((d[2].limit, d[2].over_limit()), (Some(Money(50)), Money(10)), "unclassed: class C's");
        assert_eq!(ageing_totals(&list), [Money(1_050), Money::ZERO, Money::ZERO, Money(310)]);
        assert_eq!(ageing_totals(&list).iter().copied().sum::<Money>(), list.iter().map(|r| r.owed).sum());
        let order = |d: &[Debtor]| d.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
        sort_debtors(&mut d, DebtorSort::Over90, true);
        assert_eq!(order(&d), ["乙", "丙", "甲"]);
        sort_debtors(&mut d, DebtorSort::Over90, false);
        assert_eq!(order(&d), ["甲", "丙", "乙"]);
        sort_debtors(&mut d, DebtorSort::OverLimit, true);
        assert_eq!(order(&d), ["乙", "丙", "甲"]);
        sort_debtors(&mut d, DebtorSort::Owed, true);
        assert_eq!(order(&d), ["甲", "乙", "丙"]);
    }

    #[test]
    fn appraisal_rows_are_named_scored_and_sorted_with_the_unknown_last() {
        let mut data = Dataset::default();
        data.staff.merge(rec(1, Staff { name: "王芳".into(), ..Staff::default() }));
        data.staff.merge(rec(2, Staff { name: "李强".into(), ..Staff::default() }));
        data.departments.merge(rec(5, Department { name: "销售一部".into(), ..Department::default() }));
        let f = |sales: i64, last_year: i64| Figures {
            sales: Money(sales),
            cost: Money(sales / 2),
            sales_last_year: Money(last_year),
            cost_last_year: Money(last_year / 2),
            ..Figures::default()
        };
        let a = Appraisal {
            by_owner: vec![(None, f(0, 0)), (Some(id(1)), f(500, 1_000)), (Some(id(2)), f(900, 900))],
            by_department: vec![(Some(id(5)), f(1_400, 1_900))],
        };
        let s = RiskSettings::default();
        let (mut owners, depts) = appraisal_rows(&a, &data, &s);
        assert_eq!((depts[0].name.as_str(), depts[0].key), ("销售一部", Some(id(5))));
        assert_eq!(owners[1].name, "王芳");
        assert_eq!(owners[1].parts[0], Some(0.5), "revenue: half of last year");
        assert_eq!(owners[1].score, owners[1].figures.score(&s));
        assert_eq!(owners[0].score, None, "no data at all");
        let names = |r: &[AppraisalRow]| r.iter().map(|x| x.name.clone()).collect::<Vec<_>>();
        sort_appraisal(&mut owners, AppraisalSort::Score, true);
        assert_eq!(names(&owners), ["李强", "王芳", ""]);
        sort_appraisal(&mut owners, AppraisalSort::Score, false);
        assert_eq!(names(&owners), ["王芳", "李强", ""], "ascending: still without a score last");
        sort_appraisal(&mut owners, AppraisalSort::Part(Part::Revenue), true);
        assert_eq!(names(&owners), ["李强", "王芳", ""]);
        sort_appraisal(&mut owners, AppraisalSort::Sales, false);
        assert_eq!(names(&owners), ["", "王芳", "李强"], "no owner sold 0: a value, sorted first ascending");
        sort_appraisal(&mut owners, AppraisalSort::Name, false);
        assert_eq!(names(&owners), ["李强", "王芳", ""], "pinyin order, no owner last");
        sort_appraisal(&mut owners, AppraisalSort::Name, true);
        assert_eq!(names(&owners), ["王芳", "李强", ""]);
    }
}
