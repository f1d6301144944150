//! What each customer bought, paid and still owes. Owed amounts are never stored: they follow
//! from sales lines minus payments (DOMAIN.md §3), so payments recorded at two branches both count.

use crate::model::{Dataset, Fact, Id, IdMap, Money, Payment, Sale};
use chrono::NaiveDate;

/// A customer's totals over all their (live) lines and payments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Balance {
    /// Net sales: lines minus returns.
    pub sales: Money,
    pub cost: Money,
    pub paid: Money,
    /// Number of lines, returns included.
    pub lines: u32,
    /// First and last purchase (returns are not purchases).
    pub first_purchase: Option<NaiveDate>,
    pub last_purchase: Option<NaiveDate>,
}

impl Balance {
    /// Sales minus payments; negative when the customer paid in advance.
    pub fn owed(&self) -> Money {
        self.sales - self.paid
    }
}

/// Every customer's balance, in one pass over the sales and payments.
pub fn balances(data: &Dataset) -> IdMap<Balance> {
    let mut out: IdMap<Balance> = IdMap::default();
    out.reserve(data.customers.len());
    // A customer merged into another counts as the survivor (duplicates of two branches).
    let redirects = crate::model::Redirects::of(data);
    let owner = |c: Id| if redirects.is_empty() { c } else { redirects.resolve(c) };
    for line in data.sales.live() {
        let s = &line.data;
        let b = out.entry(owner(s.customer)).or_default();
        b.sales += s.amount;
        b.cost += s.cost;
        b.lines += 1;
        if !s.is_return() {
            b.first_purchase = Some(b.first_purchase.map_or(s.date, |d| d.min(s.date)));
            b.last_purchase = Some(b.last_purchase.map_or(s.date, |d| d.max(s.date)));
        }
    }
    for p in data.payments.live() {
        out.entry(owner(p.data.customer)).or_default().paid += p.data.amount;
    }
    out
}

/// Settlement state of a line (结账情况).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settlement {
    Paid,
    Partial,
    Unpaid,
    Return,
}

/// One line's settlement: what is still owed on it.
#[derive(Clone, Debug, PartialEq)]
pub struct LineStatus {
    pub id: Id,
    pub owed: Money,
    pub state: Settlement,
}

/// Settles one customer's lines against their payments and returns:
/// returns credit the line they return first; payments settle the lines they name first, in
/// date order; whatever is left settles the oldest open lines. Returns the state of each line
/// (in the order given) and any credit left over (paid in advance).
pub fn settle(lines: &[&Fact<Sale>], payments: &[&Fact<Payment>]) -> (Vec<LineStatus>, Money) {
    let mut order: Vec<usize> = (0..lines.len()).collect();
    order.sort_by_key(|&i| (lines[i].data.date, lines[i].id));
    let position: IdMap<usize> = lines.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
    let mut open: Vec<Money> =
        lines.iter().map(|l| if l.data.is_return() { Money::ZERO } else { l.data.amount }).collect();
    let mut pool = Money::ZERO;

    let apply = |open: &mut Vec<Money>, target: Option<usize>, credit: Money| -> Money {
        match target {
            Some(i) if open[i].0 > 0 => {
                let used = if credit < open[i] { credit } else { open[i] };
                open[i] -= used;
                credit - used
            }
            _ => credit,
        }
    };

    for &i in &order {
        let s = &lines[i].data;
        if let Some(orig) = s.return_of {
            let left = apply(&mut open, position.get(&orig).copied(), -s.amount);
            pool += left;
        }
    }
    let mut pays: Vec<&&Fact<Payment>> = payments.iter().collect();
    pays.sort_by_key(|p| (p.data.date, p.id));
    for p in pays {
        let mut credit = p.data.amount;
        for named in &p.data.lines {
            credit = apply(&mut open, position.get(named).copied(), credit);
        }
        pool += credit;
    }
    for &i in &order {
        if pool.0 <= 0 {
            break;
        }
        pool = apply(&mut open, Some(i), pool);
    }
    let statuses = lines
        .iter()
        .zip(&open)
        .map(|(l, &owed)| {
            let state = if l.data.is_return() {
                Settlement::Return
            } else if owed.0 == 0 {
                Settlement::Paid
            } else if owed == l.data.amount {
                Settlement::Unpaid
            } else {
                Settlement::Partial
            };
            LineStatus { id: l.id, owed, state }
        })
        .collect();
    (statuses, pool)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId, Qty};

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap()
    }

    fn line(n: u8, d: u32, amount: i64, return_of: Option<Id>) -> Fact<Sale> {
        let sale = Sale {
            customer: Id::v7(1, [1; 10]),
            date: day(d),
            quantity: Qty::units(1),
            amount: Money(amount),
            return_of,
            ..Sale::default()
        };
        Fact::new(Id::v7(10, [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, sale)
    }

    fn payment(n: u8, d: u32, amount: i64, lines: Vec<Id>) -> Fact<Payment> {
        let p =
            Payment { customer: Id::v7(1, [1; 10]), date: day(d), amount: Money(amount), lines, ..Payment::default() };
        Fact::new(Id::v7(20, [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, p)
    }

    #[test]
    fn payments_settle_named_lines_then_the_oldest() {
        let a = line(1, 1, 1_000, None);
        let b = line(2, 2, 500, None);
        let c = line(3, 3, 300, None);
        // 300 named for c, 700 left over goes to the oldest (a) first.
        let p = payment(1, 5, 1_000, vec![c.id]);
        let (st, credit) = settle(&[&a, &b, &c], &[&p]);
        assert_eq!(
            st.iter().map(|s| (s.owed.0, s.state)).collect::<Vec<_>>(),
            vec![(300, Settlement::Partial), (500, Settlement::Unpaid), (0, Settlement::Paid),]
        );
        assert_eq!(credit, Money::ZERO);
    }

    #[test]
    fn returns_credit_their_line_and_overpayment_is_left_as_credit() {
        let a = line(1, 1, 1_000, None);
        let r = line(2, 2, -400, Some(a.id));
        let p = payment(1, 3, 800, vec![]);
        let (st, credit) = settle(&[&a, &r], &[&p]);
        assert_eq!((st[0].owed, st[0].state), (Money(0), Settlement::Paid));
        assert_eq!(st[1].state, Settlement::Return);
        assert_eq!(credit, Money(200));
    }

    #[test]
    fn balances_sum_lines_and_payments_and_skip_tombstones() {
        let mut d = Dataset::default();
        let a = line(1, 1, 1_000, None);
        let r = line(2, 9, -100, Some(a.id));
        let mut gone = line(3, 4, 5_000, None);
        gone.delete(Hlc(99, 0, NodeId::new(1, 0)));
        d.sales.merge(a.clone());
        d.sales.merge(r);
        d.sales.merge(gone);
        d.payments.merge(payment(1, 3, 600, vec![]));
        let b = &balances(&d)[&a.data.customer];
        assert_eq!((b.sales, b.paid, b.owed(), b.lines), (Money(900), Money(600), Money(300), 2));
        assert_eq!((b.first_purchase, b.last_purchase), (Some(day(1)), Some(day(1))), "a return is not a purchase");
    }
}
