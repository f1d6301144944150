//! Credit (信用管理, DOMAIN.md §6): a rating suggested from a credit investigation, the credit
//! limit (by ABC class unless set by hand with a reason), receivables per customer with their
//! ageing, and the firm-wide receivables line (赊销警戒线).
//!
//! Receivables follow from lines minus payments (`crate::ledger::settle`: payments settle the
//! lines they name, then the oldest), so a line's age is the days since its date and the
//! customer's ageing puts each open line's remaining amount in its bucket.

use super::settings::RiskSettings;
use crate::analytics::abc::AbcClass;
use crate::i18n::Msg;
use crate::ledger::settle;
use crate::model::risk::CreditInvestigation;
use crate::model::{Customer, Dataset, Fact, FirmSettings, Id, IdMap, Money, Payment, Sale};
use chrono::NaiveDate;

/// A credit rating, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    Aaa,
    Aa,
    A,
    B,
    C,
}

impl Rating {
    pub const ALL: [Rating; 5] = [Rating::Aaa, Rating::Aa, Rating::A, Rating::B, Rating::C];

    /// The stored code (`CreditInvestigation::rating`).
    pub fn code(self) -> &'static str {
        match self {
            Rating::Aaa => "AAA",
            Rating::Aa => "AA",
            Rating::A => "A",
            Rating::B => "B",
            Rating::C => "C",
        }
    }

    pub fn from_code(code: &str) -> Option<Rating> {
        Rating::ALL.into_iter().find(|r| r.code().eq_ignore_ascii_case(code.trim()))
    }

    /// The rating of a score 0–100: 85 AAA, 70 AA, 55 A, 40 B, below C.
    pub fn of_points(points: f64) -> Rating {
        match points {
            p if p >= 85.0 => Rating::Aaa,
            p if p >= 70.0 => Rating::Aa,
            p if p >= 55.0 => Rating::A,
            p if p >= 40.0 => Rating::B,
            _ => Rating::C,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Rating::Aaa => Msg::RkRatingAaa,
            Rating::Aa => Msg::RkRatingAa,
            Rating::A => Msg::RkRatingA,
            Rating::B => Msg::RkRatingB,
            Rating::C => Msg::RkRatingC,
        }
    }
}

/// A suggested rating with the points behind it (each part 0–25; unknown parts left out and
/// the total scaled to 100 over the parts known).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RatingExplanation {
    pub current_ratio: Option<u32>,
    pub quick_ratio: Option<u32>,
    pub profitability: Option<u32>,
    /// Our own record: the share of what they owe that is more than 90 days old.
    pub payment_record: Option<u32>,
    pub points: f64,
    pub rating: Rating,
}

fn step(value: i64, steps: [(i64, u32); 3]) -> u32 {
    steps.iter().find(|(at, _)| value >= *at).map_or(0, |(_, p)| *p)
}

/// Suggests a rating from an investigation's ratios and, when known, the customer's
/// receivables with us. Current ratio ≥ 2.0 / 1.5 / 1.0 → 25 / 20 / 10; quick ratio ≥ 1.0 /
/// 0.8 / 0.5 → 25 / 15 / 5; profitability ≥ 10% / 5% / 0 → 25 / 15 / 5; nothing over 90 days,
/// under 10%, under 30% of the debt → 25 / 15 / 5; less scores 0. `None` when nothing is known.
pub fn suggest_rating(inv: &CreditInvestigation, receivable: Option<&Receivable>) -> Option<RatingExplanation> {
    let current_ratio = inv.current_ratio_bp.map(|v| step(v, [(20_000, 25), (15_000, 20), (10_000, 10)]));
    let quick_ratio = inv.quick_ratio_bp.map(|v| step(v, [(10_000, 25), (8_000, 15), (5_000, 5)]));
    let profitability = inv.profitability_bp.map(|v| step(v, [(1_000, 25), (500, 15), (0, 5)]));
    let payment_record = receivable.map(|r| {
        let old = r.buckets[3].0;
        let owed = r.owed.0;
        if old <= 0 || owed <= 0 {
            25
        } else if old * 10 < owed {
            15
        } else if old * 10 < owed * 3 {
            5
        } else {
            0
        }
    });
    let parts: Vec<u32> = [current_ratio, quick_ratio, profitability, payment_record].into_iter().flatten().collect();
    if parts.is_empty() {
        return None;
    }
    let points = f64::from(parts.iter().sum::<u32>()) * 100.0 / (25.0 * parts.len() as f64);
    Some(RatingExplanation {
        current_ratio,
        quick_ratio,
        profitability,
        payment_record,
        points,
        rating: Rating::of_points(points),
    })
}

/// A customer's investigations, latest first.
pub fn investigations_of(data: &Dataset, customer: Id) -> Vec<&Fact<CreditInvestigation>> {
    let mut out: Vec<&Fact<CreditInvestigation>> =
        data.credit_investigations.live().filter(|f| f.data.customer == customer).collect();
    out.sort_by(|a, b| b.data.date.cmp(&a.data.date).then(b.created.cmp(&a.created)));
    out
}

/// The customer's rating: the latest investigation's confirmed rating, else the one suggested
/// from it.
pub fn current_rating(data: &Dataset, customer: Id, receivable: Option<&Receivable>) -> Option<Rating> {
    let latest = investigations_of(data, customer).into_iter().next()?;
    Rating::from_code(&latest.data.rating).or_else(|| suggest_rating(&latest.data, receivable).map(|e| e.rating))
}

/// Where a credit limit comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LimitSource {
    /// Set by hand on the customer, with its reason.
    Override { reason: String },
    /// The default of the customer's ABC class (C when the customer has no class yet).
    Class(AbcClass),
}

/// A customer's credit limit; `limit: None` = not limited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreditLimit {
    pub limit: Option<Money>,
    pub source: LimitSource,
}

/// The limit of a class (DOMAIN.md §6: A not limited or a high ceiling, B a ceiling, C small).
pub fn class_limit(class: AbcClass, firm: &FirmSettings) -> Option<Money> {
    match class {
        AbcClass::A => firm.credit_limit_a,
        AbcClass::B => firm.credit_limit_b,
        AbcClass::C => firm.credit_limit_c,
    }
}

/// The customer's limit: the one set by hand, else their class's default. A customer not yet
/// classed (no scoring run, or new) gets class C's: the small limit after review.
pub fn credit_limit(customer: &Customer, class: Option<AbcClass>, firm: &FirmSettings) -> CreditLimit {
    match customer.credit_limit {
        Some(limit) => CreditLimit {
            limit: Some(limit),
            source: LimitSource::Override { reason: customer.credit_limit_reason.clone() },
        },
        None => {
            let class = class.unwrap_or(AbcClass::C);
            CreditLimit { limit: class_limit(class, firm), source: LimitSource::Class(class) }
        }
    }
}

/// An ageing bucket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Bucket {
    UpTo30,
    UpTo60,
    UpTo90,
    Over90,
}

impl Bucket {
    pub const ALL: [Bucket; 4] = [Bucket::UpTo30, Bucket::UpTo60, Bucket::UpTo90, Bucket::Over90];

    /// The bucket of a line `age` days old, with the bounds of the settings (30, 60, 90).
    pub fn of_age(age: i64, bounds: [u32; 3]) -> Bucket {
        match age {
            a if a <= i64::from(bounds[0]) => Bucket::UpTo30,
            a if a <= i64::from(bounds[1]) => Bucket::UpTo60,
            a if a <= i64::from(bounds[2]) => Bucket::UpTo90,
            _ => Bucket::Over90,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Bucket::UpTo30 => Msg::RkAge0To30,
            Bucket::UpTo60 => Msg::RkAge31To60,
            Bucket::UpTo90 => Msg::RkAge61To90,
            Bucket::Over90 => Msg::RkAgeOver90,
        }
    }
}

/// What one customer owes, by age.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Receivable {
    pub customer: Id,
    /// Open lines' remaining amounts (advance payments not netted: see `credit`).
    pub owed: Money,
    /// Paid in advance, not yet used by any line.
    pub credit: Money,
    /// `owed` split by [`Bucket::ALL`].
    pub buckets: [Money; 4],
    /// The oldest open line's date.
    pub oldest: Option<NaiveDate>,
}

fn receivable(
    customer: Id,
    lines: &[&Fact<Sale>],
    payments: &[&Fact<Payment>],
    as_of: NaiveDate,
    bounds: [u32; 3],
) -> Receivable {
    let (statuses, credit) = settle(lines, payments);
    let mut r = Receivable { customer, credit, ..Receivable::default() };
    for (line, st) in lines.iter().zip(&statuses) {
        if st.owed.0 <= 0 {
            continue;
        }
        r.owed += st.owed;
        let b = Bucket::of_age(super::days(line.data.date, as_of), bounds);
        r.buckets[b as usize] += st.owed;
        r.oldest = Some(r.oldest.map_or(line.data.date, |d| d.min(line.data.date)));
    }
    r
}

/// Every customer that owes something as of a day, the largest debt first (then by id).
pub fn receivables(data: &Dataset, as_of: NaiveDate, settings: &RiskSettings) -> Vec<Receivable> {
    let mut lines: IdMap<Vec<&Fact<Sale>>> = IdMap::default();
    for l in data.sales.live().filter(|l| l.data.date <= as_of) {
        lines.entry(l.data.customer).or_default().push(l);
    }
    let mut pays: IdMap<Vec<&Fact<Payment>>> = IdMap::default();
    for p in data.payments.live().filter(|p| p.data.date <= as_of) {
        pays.entry(p.data.customer).or_default().push(p);
    }
    let mut out: Vec<Receivable> = lines
        .iter()
        .map(|(c, l)| receivable(*c, l, pays.get(c).map_or(&[], |p| p.as_slice()), as_of, settings.ageing_days))
        .filter(|r| r.owed.0 > 0)
        .collect();
    out.sort_by(|a, b| b.owed.cmp(&a.owed).then(a.customer.cmp(&b.customer)));
    out
}

/// One customer's receivable as of a day.
pub fn receivable_of(data: &Dataset, customer: Id, as_of: NaiveDate, settings: &RiskSettings) -> Receivable {
    let lines: Vec<&Fact<Sale>> =
        data.sales.live().filter(|l| l.data.customer == customer && l.data.date <= as_of).collect();
    let pays: Vec<&Fact<Payment>> =
        data.payments.live().filter(|p| p.data.customer == customer && p.data.date <= as_of).collect();
    receivable(customer, &lines, &pays, as_of, settings.ageing_days)
}

/// The firm-wide receivables line (赊销警戒线) and where receivables stand against it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceivablesLine {
    pub total_assets: Money,
    pub line_pct: u32,
    /// `total_assets × line_pct / 100`; `None` until the firm enters its total assets.
    pub line: Option<Money>,
    /// Everything customers owe (customers in credit do not offset others' debts).
    pub receivables: Money,
    /// Receivables over total assets, basis points.
    pub share_bp: Option<i64>,
    pub over: bool,
}

/// The line from the firm's settings and the receivables as of a day.
pub fn receivables_line(firm: &FirmSettings, receivables: &[Receivable]) -> ReceivablesLine {
    let total: Money = receivables.iter().map(|r| r.owed).sum();
    let assets = firm.total_assets;
    let known = assets.0 > 0;
    let line = known.then(|| Money((i128::from(assets.0) * i128::from(firm.receivables_line_pct) / 100) as i64));
    ReceivablesLine {
        total_assets: assets,
        line_pct: firm.receivables_line_pct,
        line,
        receivables: total,
        share_bp: known.then(|| (i128::from(total.0) * 10_000 / i128::from(assets.0)) as i64),
        over: line.is_some_and(|l| total > l),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn fact<T>(n: u8, data: T) -> Fact<T> {
        Fact::new(Id::v7(u64::from(n), [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, data)
    }

    #[test]
    fn ratings_from_the_ratios_and_our_record() {
        let inv = CreditInvestigation {
            current_ratio_bp: Some(20_000),
            quick_ratio_bp: Some(7_999),
            profitability_bp: Some(500),
            ..CreditInvestigation::default()
        };
        let e = suggest_rating(&inv, None).unwrap();
        assert_eq!((e.current_ratio, e.quick_ratio, e.profitability), (Some(25), Some(5), Some(15)));
        assert!((e.points - 45.0 * 100.0 / 75.0).abs() < 1e-9);
        assert_eq!(e.rating, Rating::A, "60 points");
        let clean = Receivable { owed: Money(1_000), ..Receivable::default() };
        assert_eq!(suggest_rating(&inv, Some(&clean)).unwrap().rating, Rating::Aa, "70 points of 100");
        assert_eq!(suggest_rating(&CreditInvestigation::default(), None), None);
        assert_eq!(Rating::of_points(85.0), Rating::Aaa);
        assert_eq!(Rating::of_points(84.99), Rating::Aa);
        assert_eq!(Rating::of_points(39.99), Rating::C);
        assert_eq!(Rating::from_code(" aa "), Some(Rating::Aa));
    }

    #[test]
    fn limits_by_class_or_by_hand() {
        let firm = FirmSettings::defaults();
        let c = Customer::default();
        assert_eq!(credit_limit(&c, Some(AbcClass::A), &firm).limit, None, "A: not limited");
        assert_eq!(credit_limit(&c, Some(AbcClass::B), &firm).limit, Some(Money::from_yuan(500_000)));
        let new = credit_limit(&c, None, &firm);
        assert_eq!((new.limit, new.source), (Some(Money::from_yuan(50_000)), LimitSource::Class(AbcClass::C)));
        let set = Customer { credit_limit: Some(Money::from_yuan(10)), credit_limit_reason: "担保人".into(), ..c };
        let l = credit_limit(&set, Some(AbcClass::A), &firm);
        assert_eq!((l.limit, l.source), (Some(Money(1_000)), LimitSource::Override { reason: "担保人".into() }));
    }

    #[test]
    fn ageing_puts_each_open_line_in_its_bucket_at_the_edges() {
        let c = Id::v7(1, [1; 10]);
        let sale = |date, fen| Sale { customer: c, date, amount: Money(fen), ..Sale::default() };
        // As of 30 June: 30 days → 0–30, 31 → 31–60, 60 → 31–60, 61 → 61–90, 91 → 90+.
        let mut data = Dataset::default();
        for (n, (date, fen)) in [(d(5, 31), 1), (d(5, 30), 10), (d(5, 1), 100), (d(4, 30), 1_000), (d(3, 31), 10_000)]
            .into_iter()
            .enumerate()
        {
            data.sales.merge(fact(n as u8 + 1, sale(date, fen)));
        }
        // A payment of 10,500 settles the oldest line and half the next.
        data.payments
            .merge(fact(20, Payment { customer: c, date: d(6, 1), amount: Money(10_500), ..Payment::default() }));
        let s = RiskSettings::default();
        let r = receivable_of(&data, c, d(6, 30), &s);
        assert_eq!(r.buckets, [Money(1), Money(110), Money(500), Money(0)]);
        assert_eq!(r.owed, Money(611));
        assert_eq!(r.oldest, Some(d(4, 30)));
        assert_eq!(receivables(&data, d(6, 30), &s), vec![r.clone()]);
        let firm = FirmSettings { total_assets: Money(3_000), ..FirmSettings::defaults() };
        let line = receivables_line(&firm, &[r]);
        assert_eq!((line.line, line.share_bp, line.over), (Some(Money(600)), Some(2_036), true));
        let unknown = receivables_line(&FirmSettings::defaults(), &[]);
        assert_eq!((unknown.line, unknown.share_bp, unknown.over), (None, None, false));
    }
}
