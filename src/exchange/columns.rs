//! Bundle format version 1, bulk kinds: sales lines and payments written column by column
//! (`docs/bundle-format.md` § Columns). Ids that repeat (branches, clock nodes, people, customers,
//! products, payment methods) sit once in a dictionary and rows hold their index; values that
//! few rows have (spec, note, return_of, tombstones) are sparse `[row, value]` pairs.
//! Columns are read and turned into rows a chunk per call ([`crate::chunked`]): a million
//! values in one call run unoptimised in the browser.

use crate::model::{Fact, Hlc, Id, Money, NodeId, Payment, Qty, Sale};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::Hash;

/// The columns every fact has. `by[i]` is 0 for "nobody" and k + 1 for `people[k]`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeColumnsV1 {
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub id: Vec<Id>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub branches: Vec<Id>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub branch: Vec<u32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub nodes: Vec<NodeId>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub wall: Vec<u64>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub counter: Vec<u32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub node: Vec<u32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub people: Vec<Id>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub by: Vec<u32>,
    #[serde(default, deserialize_with = "crate::chunked::vec", skip_serializing_if = "Vec::is_empty")]
    pub deleted: Vec<(u32, Hlc)>,
}

/// Sales lines. `date` is days since 1970-01-01.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaleColumnsV1 {
    pub envelope: EnvelopeColumnsV1,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub customers: Vec<Id>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub customer: Vec<u32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub products: Vec<Id>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub product: Vec<u32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub date: Vec<i32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub quantity: Vec<i64>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub amount: Vec<i64>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub cost: Vec<i64>,
    #[serde(default, deserialize_with = "crate::chunked::vec", skip_serializing_if = "Vec::is_empty")]
    pub spec: Vec<(u32, String)>,
    #[serde(default, deserialize_with = "crate::chunked::vec", skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<(u32, String)>,
    #[serde(default, deserialize_with = "crate::chunked::vec", skip_serializing_if = "Vec::is_empty")]
    pub return_of: Vec<(u32, Id)>,
}

/// Payments. `lines[i]` lists the sales lines payment i names (often empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaymentColumnsV1 {
    pub envelope: EnvelopeColumnsV1,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub customers: Vec<Id>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub customer: Vec<u32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub date: Vec<i32>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub amount: Vec<i64>,
    #[serde(default, deserialize_with = "crate::chunked::vec", skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<(u32, Vec<Id>)>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub methods: Vec<String>,
    #[serde(deserialize_with = "crate::chunked::vec")]
    pub method: Vec<u32>,
    #[serde(default, deserialize_with = "crate::chunked::vec", skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<(u32, String)>,
}

struct Dict<T> {
    values: Vec<T>,
    index: HashMap<T, u32>,
}

impl<T: Hash + Eq + Clone> Dict<T> {
    fn new() -> Self {
        Dict { values: Vec::new(), index: HashMap::new() }
    }
    fn intern(&mut self, v: &T) -> u32 {
        if let Some(&i) = self.index.get(v) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(v.clone());
        self.index.insert(v.clone(), i);
        i
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default()
}

/// Days since 1970-01-01.
pub fn day_number(date: NaiveDate) -> i32 {
    (date - epoch()).num_days() as i32
}

fn date_of(days: i32) -> Result<NaiveDate, String> {
    epoch()
        .checked_add_signed(chrono::Duration::days(i64::from(days)))
        .ok_or_else(|| format!("date {days} out of range"))
}

fn look<T: Clone>(dict: &[T], ix: u32, what: &str) -> Result<T, String> {
    dict.get(ix as usize).cloned().ok_or_else(|| format!("{what} index {ix} out of range"))
}

struct EnvelopeWriter {
    c: EnvelopeColumnsV1,
    branches: Dict<Id>,
    nodes: Dict<NodeId>,
    people: Dict<Id>,
}

impl EnvelopeWriter {
    fn new(n: usize) -> Self {
        let mut c = EnvelopeColumnsV1::default();
        c.id.reserve(n);
        c.branch.reserve(n);
        c.wall.reserve(n);
        c.counter.reserve(n);
        c.node.reserve(n);
        c.by.reserve(n);
        EnvelopeWriter { c, branches: Dict::new(), nodes: Dict::new(), people: Dict::new() }
    }

    fn push<T>(&mut self, row: usize, f: &Fact<T>) {
        self.c.id.push(f.id);
        self.c.branch.push(self.branches.intern(&f.branch));
        self.c.wall.push(f.created.0);
        self.c.counter.push(f.created.1);
        self.c.node.push(self.nodes.intern(&f.created.2));
        self.c.by.push(f.created_by.map_or(0, |p| self.people.intern(&p) + 1));
        if let Some(x) = f.deleted {
            self.c.deleted.push((row as u32, x));
        }
    }

    fn finish(mut self) -> EnvelopeColumnsV1 {
        self.c.branches = self.branches.values;
        self.c.nodes = self.nodes.values;
        self.c.people = self.people.values;
        self.c
    }
}

impl EnvelopeColumnsV1 {
    /// Number of rows, after checking every column (the kind's own ones in `extra`) has one
    /// value per row.
    fn rows(&self, extra: &[(&str, usize)]) -> Result<usize, String> {
        let n = self.id.len();
        let own = [
            ("branch", self.branch.len()),
            ("wall", self.wall.len()),
            ("counter", self.counter.len()),
            ("node", self.node.len()),
            ("by", self.by.len()),
        ];
        for (name, len) in own.iter().chain(extra) {
            if *len != n {
                return Err(format!("column {name} has {len} values for {n} rows"));
            }
        }
        Ok(n)
    }

    fn fact<T>(&self, row: usize, data: T) -> Result<Fact<T>, String> {
        let by = match self.by[row] {
            0 => None,
            i => Some(look(&self.people, i - 1, "person")?),
        };
        Ok(Fact {
            id: self.id[row],
            branch: look(&self.branches, self.branch[row], "branch")?,
            created: Hlc(self.wall[row], self.counter[row], look(&self.nodes, self.node[row], "node")?),
            created_by: by,
            deleted: None,
            data,
        })
    }

    fn apply_deleted<T>(&self, rows: &mut [Fact<T>]) -> Result<(), String> {
        sparse(rows, &self.deleted, |f, x| f.deleted = Some(x))
    }
}

fn sparse<T, V: Clone>(rows: &mut [T], values: &[(u32, V)], set: impl Fn(&mut T, V)) -> Result<(), String> {
    for (row, v) in values {
        let r = rows.get_mut(*row as usize).ok_or_else(|| format!("sparse row {row} out of range"))?;
        set(r, v.clone());
    }
    Ok(())
}

impl SaleColumnsV1 {
    pub fn from_facts(facts: &[&Fact<Sale>]) -> SaleColumnsV1 {
        let mut env = EnvelopeWriter::new(facts.len());
        let mut c = SaleColumnsV1::default();
        let (mut customers, mut products) = (Dict::new(), Dict::new());
        for (row, f) in facts.iter().enumerate() {
            env.push(row, f);
            let s = &f.data;
            c.customer.push(customers.intern(&s.customer));
            c.product.push(products.intern(&s.product));
            c.date.push(day_number(s.date));
            c.quantity.push(s.quantity.0);
            c.amount.push(s.amount.0);
            c.cost.push(s.cost.0);
            let row = row as u32;
            if !s.spec.is_empty() {
                c.spec.push((row, s.spec.clone()));
            }
            if !s.note.is_empty() {
                c.note.push((row, s.note.clone()));
            }
            if let Some(orig) = s.return_of {
                c.return_of.push((row, orig));
            }
        }
        c.envelope = env.finish();
        c.customers = customers.values;
        c.products = products.values;
        c
    }

    pub fn into_facts(self) -> Result<Vec<Fact<Sale>>, String> {
        let e = &self.envelope;
        let n = e.rows(&[
            ("customer", self.customer.len()),
            ("product", self.product.len()),
            ("date", self.date.len()),
            ("quantity", self.quantity.len()),
            ("amount", self.amount.len()),
            ("cost", self.cost.len()),
        ])?;
        let mut out = Vec::with_capacity(n);
        crate::chunked::try_each(0..n, |row| -> Result<(), String> {
            let data = Sale {
                customer: look(&self.customers, self.customer[row], "customer")?,
                product: look(&self.products, self.product[row], "product")?,
                spec: String::new(),
                date: date_of(self.date[row])?,
                quantity: Qty(self.quantity[row]),
                amount: Money(self.amount[row]),
                cost: Money(self.cost[row]),
                return_of: None,
                note: String::new(),
            };
            out.push(e.fact(row, data)?);
            Ok(())
        })?;
        e.apply_deleted(&mut out)?;
        sparse(&mut out, &self.spec, |f, v| f.data.spec = v)?;
        sparse(&mut out, &self.note, |f, v| f.data.note = v)?;
        sparse(&mut out, &self.return_of, |f, v| f.data.return_of = Some(v))?;
        Ok(out)
    }
}

impl PaymentColumnsV1 {
    pub fn from_facts(facts: &[&Fact<Payment>]) -> PaymentColumnsV1 {
        let mut env = EnvelopeWriter::new(facts.len());
        let mut c = PaymentColumnsV1::default();
        let (mut customers, mut methods) = (Dict::new(), Dict::new());
        for (row, f) in facts.iter().enumerate() {
            env.push(row, f);
            let p = &f.data;
            c.customer.push(customers.intern(&p.customer));
            c.date.push(day_number(p.date));
            c.amount.push(p.amount.0);
            c.method.push(methods.intern(&p.method));
            let row = row as u32;
            if !p.lines.is_empty() {
                c.lines.push((row, p.lines.clone()));
            }
            if !p.note.is_empty() {
                c.note.push((row, p.note.clone()));
            }
        }
        c.envelope = env.finish();
        c.customers = customers.values;
        c.methods = methods.values;
        c
    }

    pub fn into_facts(self) -> Result<Vec<Fact<Payment>>, String> {
        let e = &self.envelope;
        let n = e.rows(&[
            ("customer", self.customer.len()),
            ("date", self.date.len()),
            ("amount", self.amount.len()),
            ("method", self.method.len()),
        ])?;
        let mut out = Vec::with_capacity(n);
        crate::chunked::try_each(0..n, |row| -> Result<(), String> {
            let data = Payment {
                customer: look(&self.customers, self.customer[row], "customer")?,
                date: date_of(self.date[row])?,
                amount: Money(self.amount[row]),
                lines: Vec::new(),
                method: look(&self.methods, self.method[row], "method")?,
                note: String::new(),
            };
            out.push(e.fact(row, data)?);
            Ok(())
        })?;
        e.apply_deleted(&mut out)?;
        sparse(&mut out, &self.lines, |f, v| f.data.lines = v)?;
        sparse(&mut out, &self.note, |f, v| f.data.note = v)?;
        Ok(out)
    }
}
