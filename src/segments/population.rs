//! The customers a segment chooses from, column by column: built once per change of the data
//! or of the scores, then every edit of a rule is one pass over plain arrays (the live count
//! while the user types). Texts that repeat (regions, cities, tags, owners) are numbered once,
//! so a condition on them compares numbers.
//!
//! Who is in: live customers that are not archived (as the customer list shows them by
//! default) and, when scores are given, in the analysis's scope (its branch). Missing values
//! never match: a customer without scores matches no score condition (neither `=` nor `≠`),
//! a customer without a "since" date no date condition, an R, F or M score of 0 (no purchase in
//! the period) no score comparison, and a P(alive) or CLV the models could not give no
//! comparison either. An empty region or city is a value like any other.

use super::check::{Checked, CheckedRules, Typed};
use super::rule::{Field, Join, Op};
use crate::model::{CustomerType, Dataset, Id, IdMap};
use crate::workspace::summary::class_code;
use crate::workspace::{CustomerTable, ScoreResult};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;

const NONE: u32 = u32::MAX;

/// Numbers texts: the same text always gets the same number.
#[derive(Clone, Debug, Default)]
struct Dictionary {
    texts: Vec<String>,
    index: HashMap<String, u32>,
}

impl Dictionary {
    fn intern(&mut self, text: &str) -> u32 {
        if let Some(&i) = self.index.get(text) {
            return i;
        }
        let i = self.texts.len() as u32;
        self.texts.push(text.to_string());
        self.index.insert(text.to_string(), i);
        i
    }

    /// Which entries a text condition accepts: equal (trimmed, ASCII case folded) to one of
    /// `values`, or containing the first value.
    fn accepting(&self, op: Op, values: &[String]) -> Vec<bool> {
        let wanted: Vec<String> = values.iter().map(|v| fold(v)).collect();
        self.texts
            .iter()
            .map(|t| {
                let t = fold(t);
                match op {
                    Op::Contains => wanted.first().is_some_and(|w| t.contains(w.as_str())),
                    _ => wanted.contains(&t),
                }
            })
            .collect()
    }
}

fn fold(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The score columns of one customer, copied from the score table in the population's order.
#[derive(Clone, Debug, Default)]
struct Scores {
    scored: Vec<bool>,
    net_sales: Vec<i64>,
    rfm: Vec<[u8; 3]>,
    segment: Vec<u8>,
    abc: Vec<u8>,
    stage: Vec<u8>,
    active: Vec<bool>,
    churn: Vec<bool>,
    p_alive: Vec<f32>,
    expected: Vec<f32>,
    clv: Vec<f32>,
    share: Vec<f32>,
}

impl Scores {
    fn push_row(&mut self, t: Option<(&CustomerTable, usize)>) {
        match t {
            Some((t, i)) => {
                self.scored.push(true);
                self.net_sales.push(t.net_sales[i]);
                self.rfm.push(t.rfm[i]);
                self.segment.push(t.segment[i]);
                self.abc.push(t.abc[i]);
                self.stage.push(t.lifecycle[i]);
                self.active.push(t.active[i]);
                self.churn.push(t.churn[i]);
                self.p_alive.push(t.p_alive[i]);
                self.expected.push(t.expected_purchases[i]);
                self.clv.push(t.clv[i]);
                self.share.push(t.share[i]);
            }
            None => {
                self.scored.push(false);
                self.net_sales.push(0);
                self.rfm.push([0; 3]);
                self.segment.push(0);
                self.abc.push(0);
                self.stage.push(0);
                self.active.push(false);
                self.churn.push(false);
                self.p_alive.push(f32::NAN);
                self.expected.push(f32::NAN);
                self.clv.push(f32::NAN);
                self.share.push(f32::NAN);
            }
        }
    }
}

/// The customers segments are evaluated over.
#[derive(Clone, Debug, Default)]
pub struct Population {
    pub ids: Vec<Id>,
    /// Position of each customer in `Dataset::customers.all()` (for the export's other fields).
    pub(crate) positions: Vec<u32>,
    names: Vec<String>,
    types: Vec<u8>,
    owners: Vec<u32>,
    owner_ids: Vec<Id>,
    regions: Vec<u32>,
    cities: Vec<u32>,
    places: Dictionary,
    /// Tags of customer i: `tag_list[tag_start[i]..tag_start[i + 1]]`.
    tag_start: Vec<u32>,
    tag_list: Vec<u32>,
    tags: Dictionary,
    /// Days since 0001-01-01, `i32::MIN` when not set.
    since: Vec<i32>,
    key_by_hand: Vec<Option<bool>>,
    /// The latest scorecard's total, NaN for a customer never scored.
    scorecard: Vec<f32>,
    scores: Scores,
    /// A scoring result was given (score conditions can match).
    pub has_scores: bool,
}

/// One condition, compiled against the population's dictionaries.
enum Test {
    Name {
        op: Op,
        values: Vec<String>,
    },
    Type {
        accept: [bool; 5],
        negate: bool,
    },
    /// Owner, region or city: a number per customer, `NONE` for no owner.
    Dict {
        column: DictColumn,
        accept: Vec<bool>,
        negate: bool,
    },
    Tag {
        accept: Vec<bool>,
        negate: bool,
    },
    Since {
        op: Op,
        day: i32,
    },
    /// Class, segment or stage codes (0 = none: never matches).
    Code {
        column: CodeColumn,
        accept: [bool; 16],
        negate: bool,
    },
    Key(bool),
    Active(bool),
    Churn(bool),
    Number {
        column: NumberColumn,
        op: Op,
        value: f32,
    },
    Fen {
        op: Op,
        value: i64,
    },
    Scorecard {
        op: Op,
        value: f32,
    },
}

#[derive(Clone, Copy)]
enum DictColumn {
    Owner,
    Region,
    City,
}

#[derive(Clone, Copy)]
enum CodeColumn {
    Class,
    Segment,
    Stage,
}

#[derive(Clone, Copy)]
enum NumberColumn {
    R,
    F,
    M,
    PAlive,
    Clv,
    Expected,
    Share,
}

fn compare<T: PartialOrd>(op: Op, a: T, b: T) -> bool {
    match op {
        Op::Eq => a == b,
        Op::Ne => a != b,
        Op::Lt => a < b,
        Op::Le => a <= b,
        Op::Gt => a > b,
        Op::Ge => a >= b,
        Op::In | Op::Contains => false,
    }
}

fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

impl Population {
    /// The customers of `data` (live, not archived), with their scores from `result` when
    /// there is one; customers out of the analysis's scope are left out.
    pub fn new(data: &Dataset, result: Option<&ScoreResult>) -> Population {
        let table = result.map(|r| &r.customers);
        let rows: IdMap<u32> =
            table.map(|t| t.ids.iter().enumerate().map(|(i, id)| (*id, i as u32)).collect()).unwrap_or_default();
        let mut p = Population { has_scores: table.is_some(), ..Population::default() };
        let mut owners: IdMap<u32> = IdMap::default();
        let cards = crate::risk::scorecards::latest_totals(data, &data.firm_settings().scorecard);
        p.tag_start.push(0);
        for (pos, r) in data.customers.all().iter().enumerate() {
            if r.is_deleted() || r.data.archived {
                continue;
            }
            let row = rows.get(&r.id).map(|&i| i as usize);
            let scored = match (table, row) {
                (Some(t), Some(i)) if !t.in_scope[i] => continue,
                (Some(t), Some(i)) => Some((t, i)),
                _ => None,
            };
            let c = &r.data;
            p.ids.push(r.id);
            p.positions.push(pos as u32);
            p.names.push(c.name.clone());
            p.types.push(CustomerType::ALL.iter().position(|t| *t == c.customer_type).unwrap_or(0) as u8);
            p.owners.push(match c.owner {
                Some(o) => *owners.entry(o).or_insert_with(|| {
                    p.owner_ids.push(o);
                    p.owner_ids.len() as u32 - 1
                }),
                None => NONE,
            });
            p.regions.push(p.places.intern(c.region.trim()));
            p.cities.push(p.places.intern(c.city.trim()));
            for t in r.tags.present() {
                let t = p.tags.intern(t);
                p.tag_list.push(t);
            }
            p.tag_start.push(p.tag_list.len() as u32);
            p.since.push(c.since.map_or(i32::MIN, day));
            p.key_by_hand.push(c.key_account);
            p.scorecard.push(cards.get(&r.id).map_or(f32::NAN, |(_, t)| *t as f32));
            p.scores.push_row(scored);
        }
        p
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The regions in use, sorted (for the form's suggestions).
    pub fn regions(&self) -> Vec<String> {
        self.used(&self.regions)
    }

    pub fn cities(&self) -> Vec<String> {
        self.used(&self.cities)
    }

    fn used(&self, column: &[u32]) -> Vec<String> {
        let mut seen = vec![false; self.places.texts.len()];
        for &i in column {
            seen[i as usize] = true;
        }
        let mut out: Vec<String> =
            self.places.texts.iter().zip(seen).filter(|(t, s)| *s && !t.is_empty()).map(|(t, _)| t.clone()).collect();
        out.sort();
        out
    }

    /// The tags in use, sorted.
    pub fn tags(&self) -> Vec<String> {
        let mut out = self.tags.texts.clone();
        out.sort();
        out
    }

    /// The staff who own customers here.
    pub fn owners(&self) -> &[Id] {
        &self.owner_ids
    }

    fn compile(&self, c: &Checked) -> Test {
        let negate = c.op == Op::Ne;
        let texts = |v: &Typed| match v {
            Typed::Texts(t) | Typed::Tags(t) => t.clone(),
            _ => Vec::new(),
        };
        match (c.field, &c.value) {
            (Field::Name, v) => Test::Name { op: c.op, values: texts(v).iter().map(|t| fold(t)).collect() },
            (Field::CustomerType, Typed::Codes(codes)) => {
                let mut accept = [false; 5];
                for &k in codes {
                    if let Some(a) = accept.get_mut(usize::from(k)) {
                        *a = true;
                    }
                }
                Test::Type { accept, negate }
            }
            (Field::Owner, Typed::Ids(ids)) => {
                let accept = self.owner_ids.iter().map(|o| ids.contains(o)).collect();
                Test::Dict { column: DictColumn::Owner, accept, negate }
            }
            (Field::Region | Field::City, v) => {
                let column = if c.field == Field::Region { DictColumn::Region } else { DictColumn::City };
                Test::Dict { column, accept: self.places.accepting(c.op, &texts(v)), negate }
            }
            (Field::Tag, v) => Test::Tag { accept: self.tags.accepting(Op::In, &texts(v)), negate },
            (Field::Since, Typed::Date(d)) => Test::Since { op: c.op, day: day(*d) },
            (Field::Class | Field::Segment | Field::Stage, Typed::Codes(codes)) => {
                let column = match c.field {
                    Field::Class => CodeColumn::Class,
                    Field::Segment => CodeColumn::Segment,
                    _ => CodeColumn::Stage,
                };
                let mut accept = [false; 16];
                for &k in codes {
                    if let Some(a) = accept.get_mut(usize::from(k)) {
                        *a = true;
                    }
                }
                Test::Code { column, accept, negate }
            }
            (Field::KeyAccount, Typed::Bool(b)) => Test::Key(*b),
            (Field::Active, Typed::Bool(b)) => Test::Active(*b),
            (Field::Churn, Typed::Bool(b)) => Test::Churn(*b),
            (Field::NetSales, Typed::Fen(f)) => Test::Fen { op: c.op, value: *f },
            (Field::Scorecard, Typed::Number(x)) => Test::Scorecard { op: c.op, value: *x as f32 },
            (field, Typed::Number(x)) => {
                let column = match field {
                    Field::RScore => NumberColumn::R,
                    Field::FScore => NumberColumn::F,
                    Field::MScore => NumberColumn::M,
                    Field::PAlive => NumberColumn::PAlive,
                    Field::Clv => NumberColumn::Clv,
                    Field::Share => NumberColumn::Share,
                    _ => NumberColumn::Expected,
                };
                Test::Number { column, op: c.op, value: *x as f32 }
            }
            // `check` never pairs a field with another kind of value; if it did, match no one.
            _ => Test::Number { column: NumberColumn::PAlive, op: Op::In, value: 0.0 },
        }
    }

    fn passes(&self, t: &Test, i: usize) -> bool {
        let s = &self.scores;
        match t {
            Test::Name { op, values } => {
                let name = self.names[i].trim();
                match op {
                    Op::Contains => values.first().is_some_and(|v| contains_folded(name, v)),
                    Op::Ne => !values.iter().any(|v| eq_folded(name, v)),
                    _ => values.iter().any(|v| eq_folded(name, v)),
                }
            }
            Test::Type { accept, negate } => accept[usize::from(self.types[i])] != *negate,
            Test::Dict { column, accept, negate } => {
                let k = match column {
                    DictColumn::Owner => self.owners[i],
                    DictColumn::Region => self.regions[i],
                    DictColumn::City => self.cities[i],
                };
                let hit = k != NONE && accept[k as usize];
                hit != *negate
            }
            Test::Tag { accept, negate } => {
                let (a, b) = (self.tag_start[i] as usize, self.tag_start[i + 1] as usize);
                let hit = self.tag_list[a..b].iter().any(|&t| accept[t as usize]);
                hit != *negate
            }
            Test::Since { op, day } => self.since[i] != i32::MIN && compare(*op, self.since[i], *day),
            Test::Code { column, accept, negate } => {
                let code = match column {
                    CodeColumn::Class => s.abc[i],
                    CodeColumn::Segment => s.segment[i],
                    CodeColumn::Stage => s.stage[i],
                };
                s.scored[i] && code != 0 && (accept[usize::from(code & 15)] != *negate)
            }
            Test::Key(want) => self.is_key(i) == Some(*want),
            Test::Active(want) => s.scored[i] && s.active[i] == *want,
            Test::Churn(want) => s.scored[i] && s.churn[i] == *want,
            Test::Number { column, op, value } => {
                let x = match column {
                    NumberColumn::R | NumberColumn::F | NumberColumn::M => {
                        let k = match column {
                            NumberColumn::R => 0,
                            NumberColumn::F => 1,
                            _ => 2,
                        };
                        match s.rfm[i][k] {
                            0 => f32::NAN,
                            v => f32::from(v),
                        }
                    }
                    NumberColumn::PAlive => s.p_alive[i],
                    NumberColumn::Clv => s.clv[i],
                    NumberColumn::Expected => s.expected[i],
                    NumberColumn::Share => s.share[i],
                };
                s.scored[i] && !x.is_nan() && compare(*op, x, *value)
            }
            Test::Fen { op, value } => s.scored[i] && compare(*op, s.net_sales[i], *value),
            Test::Scorecard { op, value } => !self.scorecard[i].is_nan() && compare(*op, self.scorecard[i], *value),
        }
    }

    /// Key account (DOMAIN.md §10): marked or unmarked by hand, else the A class. Unknown
    /// without scores unless set by hand.
    fn is_key(&self, i: usize) -> Option<bool> {
        match self.key_by_hand[i] {
            Some(b) => Some(b),
            None if self.scores.scored[i] => Some(self.scores.abc[i] == class_code(crate::analytics::abc::AbcClass::A)),
            None => None,
        }
    }

    /// Positions (into [`Population::ids`]) of the customers the rules select, in order.
    pub fn matches(&self, rules: &CheckedRules) -> Vec<u32> {
        let groups: Vec<(Join, Vec<Test>)> =
            rules.groups.iter().map(|g| (g.join, g.conditions.iter().map(|c| self.compile(c)).collect())).collect();
        let group_passes = |join: Join, tests: &[Test], i: usize| match join {
            Join::All => tests.iter().all(|t| self.passes(t, i)),
            Join::Any => tests.iter().any(|t| self.passes(t, i)),
        };
        (0..self.len())
            .filter(|&i| match rules.join {
                Join::All => groups.iter().all(|(j, t)| group_passes(*j, t, i)),
                Join::Any => groups.is_empty() || groups.iter().any(|(j, t)| group_passes(*j, t, i)),
            })
            .map(|i| i as u32)
            .collect()
    }

    pub fn count(&self, rules: &CheckedRules) -> usize {
        self.matches(rules).len()
    }

    /// The ids at `positions`, as the customer list's allowed set.
    pub fn id_set(&self, positions: &[u32]) -> IdMap<()> {
        positions.iter().map(|&i| (self.ids[i as usize], ())).collect()
    }

    // Per-customer reads for the export.
    pub(crate) fn name(&self, i: usize) -> &str {
        &self.names[i]
    }
    pub(crate) fn customer_type(&self, i: usize) -> CustomerType {
        CustomerType::ALL[usize::from(self.types[i])]
    }
    pub(crate) fn region(&self, i: usize) -> &str {
        &self.places.texts[self.regions[i] as usize]
    }
    pub(crate) fn owner(&self, i: usize) -> Option<Id> {
        let k = self.owners[i];
        (k != NONE).then(|| self.owner_ids[k as usize])
    }
    /// Net sales (fen), class, segment and stage codes, P(alive) and CLV, when scored.
    pub(crate) fn score_row(&self, i: usize) -> Option<(i64, u8, u8, u8, f32, f32)> {
        let s = &self.scores;
        s.scored[i].then(|| (s.net_sales[i], s.abc[i], s.segment[i], s.stage[i], s.p_alive[i], s.clv[i]))
    }
}

/// Equality ignoring ASCII case, and other letters' case when there are any (`needle` is
/// already folded). No copy is made for the usual Chinese name.
fn eq_folded(text: &str, needle: &str) -> bool {
    text.eq_ignore_ascii_case(needle)
        || (!text.is_ascii() && text.chars().any(char::is_uppercase) && text.to_lowercase() == needle)
}

/// Substring match ignoring case (`needle` is already folded). Chinese names have no case, so
/// the plain search comes first and the folded copy is made only for names with capitals.
fn contains_folded(text: &str, needle: &str) -> bool {
    text.contains(needle) || (text.chars().any(char::is_uppercase) && text.to_lowercase().contains(needle))
}
