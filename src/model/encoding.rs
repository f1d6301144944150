//! Compact encodings of many items at once, used by storage buckets (and later by bundles).
//!
//! - [`Record`]s: binary (postcard): a small envelope (ids, stamps, tags) and the fields in
//!   declaration order, so a customer takes a third of its JSON size and decodes several times
//!   faster. Fields are only ever appended, so older data reads with defaults.
//! - Sales lines and payments, the kinds counted in hundreds of thousands: column by column, with
//!   dictionaries for the ids that repeat (branch, customer, product, staff, clock node). They
//!   are stored by customer, so a bucket's customer dictionary stays small.
//! - Other facts: JSON rows (few, and readable).
//!
//! Every decoder also reads JSON rows, the first release's format, so older data stays readable.

use super::record::{postcard_extend, Fact, Fields, Record, TagSet, TagState};
use super::sales::{Payment, Sale};
use super::{Hlc, Id, Money, NodeId, Qty};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Why stored or received bytes could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("JSON: {0}")]
    Json(String),
    #[error("binary: {0}")]
    Binary(String),
    #[error("inconsistent columns: {0}")]
    Columns(String),
    #[error("unknown kind code {0}")]
    UnknownKind(u8),
    #[error("empty value")]
    Empty,
}

fn bin(e: postcard::Error) -> DecodeError {
    DecodeError::Binary(e.to_string())
}

/// JSON array of items.
pub fn encode_json_rows<T: Serialize>(items: &[T]) -> Vec<u8> {
    // Serialising our own types to JSON cannot fail (no maps with non-string keys, no I/O).
    serde_json::to_vec(items).unwrap_or_default()
}

pub fn decode_json_rows<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError::Json(e.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Records

const RECORDS_V1: u8 = 0xB1;

/// A record's envelope in binary; per-field stamps are keyed by field position.
#[derive(Serialize, Deserialize)]
struct Envelope {
    id: Id,
    branch: Id,
    created: Hlc,
    created_by: Option<Id>,
    updated: Hlc,
    updated_by: Option<Id>,
    deleted: Option<Hlc>,
    stamps: Vec<(u16, Hlc)>,
    tags: Vec<(String, TagState)>,
}

pub fn encode_records<T: Fields>(records: &[Record<T>]) -> Vec<u8> {
    let mut out = postcard_extend(&(records.len() as u32), vec![RECORDS_V1]);
    for r in records {
        let stamps = r
            .stamps
            .iter()
            .filter_map(|(name, h)| T::NAMES.iter().position(|n| n == name).map(|i| (i as u16, *h)))
            .collect();
        let env = Envelope {
            id: r.id,
            branch: r.branch,
            created: r.created,
            created_by: r.created_by,
            updated: r.updated,
            updated_by: r.updated_by,
            deleted: r.deleted,
            stamps,
            tags: r.tags.entries(),
        };
        out = postcard_extend(&env, out);
        out = r.data.encode_fields(out);
    }
    out
}

pub fn decode_records<T: Fields>(bytes: &[u8]) -> Result<Vec<Record<T>>, DecodeError> {
    match bytes.first() {
        None => Err(DecodeError::Empty),
        Some(b'[') => decode_json_rows(bytes),
        Some(&RECORDS_V1) => {
            let (n, mut rest) = postcard::take_from_bytes::<u32>(&bytes[1..]).map_err(bin)?;
            // Each record takes well over 16 bytes; a larger count is damage, not a reason to allocate.
            let mut out = Vec::with_capacity((n as usize).min(rest.len() / 16 + 1));
            for _ in 0..n {
                let (env, r) = postcard::take_from_bytes::<Envelope>(rest).map_err(bin)?;
                let (data, r) = T::decode_fields(r)?;
                rest = r;
                let mut stamps = BTreeMap::new();
                for (i, h) in env.stamps {
                    let name = T::NAMES
                        .get(usize::from(i))
                        .ok_or_else(|| DecodeError::Binary(format!("stamp for unknown field {i}")))?;
                    stamps.insert((*name).to_string(), h);
                }
                out.push(Record {
                    id: env.id,
                    branch: env.branch,
                    created: env.created,
                    created_by: env.created_by,
                    updated: env.updated,
                    updated_by: env.updated_by,
                    deleted: env.deleted,
                    stamps,
                    tags: TagSet::from_entries(env.tags),
                    data,
                });
            }
            if !rest.is_empty() {
                return Err(DecodeError::Binary(format!("{} bytes after the last record", rest.len())));
            }
            Ok(out)
        }
        Some(other) => Err(DecodeError::Binary(format!("unknown record format {other:#x}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Facts

/// How the facts of one data type encode in bulk. The default is JSON rows; [`Sale`] and
/// [`Payment`] override it with columns.
pub trait FactData: Clone + Serialize + DeserializeOwned + PartialEq {
    /// The id that places the fact in storage (see `Item::bucket_id`).
    fn bucket_id(fact: &Fact<Self>) -> Id {
        fact.id
    }
    fn encode_facts(facts: &[Fact<Self>]) -> Vec<u8> {
        encode_json_rows(facts)
    }
    fn decode_facts(bytes: &[u8]) -> Result<Vec<Fact<Self>>, DecodeError> {
        decode_json_rows(bytes)
    }
}

/// Interns repeated values into a dictionary, giving each a small index.
struct Dict<T: std::hash::Hash + Eq + Clone> {
    values: Vec<T>,
    index: HashMap<T, u32>,
}

impl<T: std::hash::Hash + Eq + Clone> Dict<T> {
    fn new() -> Self {
        Dict { values: Vec::new(), index: HashMap::new() }
    }
    fn intern(&mut self, value: &T) -> u32 {
        if let Some(&i) = self.index.get(value) {
            return i;
        }
        let i = self.values.len() as u32;
        self.values.push(value.clone());
        self.index.insert(value.clone(), i);
        i
    }
}

fn look<T: Copy>(dict: &[T], ix: u32, what: &str) -> Result<T, DecodeError> {
    dict.get(ix as usize).copied().ok_or_else(|| DecodeError::Columns(format!("{what} index {ix} out of range")))
}

/// The columns every fact has: id, branch, stamp, author, tombstone. Optional ids use index 0
/// for "none" and i + 1 for dictionary entry i.
#[derive(Serialize, Deserialize, Default)]
struct EnvelopeColumns {
    id: Vec<Id>,
    branches: Vec<Id>,
    branch_ix: Vec<u32>,
    nodes: Vec<NodeId>,
    stamp_wall: Vec<u64>,
    stamp_counter: Vec<u32>,
    stamp_node_ix: Vec<u32>,
    people: Vec<Id>,
    by_ix: Vec<u32>,
    deleted: Vec<Option<Hlc>>,
}

struct EnvelopeDicts {
    branches: Dict<Id>,
    nodes: Dict<NodeId>,
    people: Dict<Id>,
}

impl EnvelopeColumns {
    fn with_capacity(n: usize) -> (EnvelopeColumns, EnvelopeDicts) {
        let mut c = EnvelopeColumns::default();
        c.id.reserve(n);
        c.branch_ix.reserve(n);
        c.stamp_wall.reserve(n);
        c.stamp_counter.reserve(n);
        c.stamp_node_ix.reserve(n);
        c.by_ix.reserve(n);
        c.deleted.reserve(n);
        (c, EnvelopeDicts { branches: Dict::new(), nodes: Dict::new(), people: Dict::new() })
    }

    fn push<T>(&mut self, d: &mut EnvelopeDicts, f: &Fact<T>) {
        self.id.push(f.id);
        self.branch_ix.push(d.branches.intern(&f.branch));
        self.stamp_wall.push(f.created.0);
        self.stamp_counter.push(f.created.1);
        self.stamp_node_ix.push(d.nodes.intern(&f.created.2));
        self.by_ix.push(f.created_by.map_or(0, |p| d.people.intern(&p) + 1));
        self.deleted.push(f.deleted);
    }

    fn finish(&mut self, d: EnvelopeDicts) {
        self.branches = d.branches.values;
        self.nodes = d.nodes.values;
        self.people = d.people.values;
    }

    /// Checks every column has one value per id, including the kind's own `extra` columns.
    fn check(&self, extra: &[usize]) -> Result<usize, DecodeError> {
        let n = self.id.len();
        let lens = [
            self.branch_ix.len(),
            self.stamp_wall.len(),
            self.stamp_counter.len(),
            self.stamp_node_ix.len(),
            self.by_ix.len(),
            self.deleted.len(),
        ];
        if lens.iter().chain(extra).any(|&l| l != n) {
            return Err(DecodeError::Columns(format!("{n} ids but column lengths {lens:?} {extra:?}")));
        }
        Ok(n)
    }

    fn fact<T>(&self, row: usize, data: T) -> Result<Fact<T>, DecodeError> {
        let by = match self.by_ix[row] {
            0 => None,
            i => Some(look(&self.people, i - 1, "person")?),
        };
        Ok(Fact {
            id: self.id[row],
            branch: look(&self.branches, self.branch_ix[row], "branch")?,
            created: Hlc(
                self.stamp_wall[row],
                self.stamp_counter[row],
                look(&self.nodes, self.stamp_node_ix[row], "node")?,
            ),
            created_by: by,
            deleted: self.deleted[row],
            data,
        })
    }
}

fn finish_columns<C: Serialize>(tag: u8, columns: &C) -> Vec<u8> {
    postcard_extend(columns, vec![tag])
}

fn date_of(days: i32) -> Result<NaiveDate, DecodeError> {
    NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(|| DecodeError::Columns(format!("bad date {days}")))
}

/// Sets sparse values (row, value) on decoded rows.
fn apply_sparse<T, V: Clone>(rows: &mut [T], sparse: &[(u32, V)], set: impl Fn(&mut T, V)) -> Result<(), DecodeError> {
    for (row, v) in sparse {
        let r = rows.get_mut(*row as usize).ok_or_else(|| DecodeError::Columns("sparse row out of range".into()))?;
        set(r, v.clone());
    }
    Ok(())
}

/// First byte of the columnar sales encoding; JSON rows start with `[`.
const SALES_COLUMNS_V1: u8 = 0xC1;

#[derive(Serialize, Deserialize, Default)]
struct SalesColumns {
    env: EnvelopeColumns,
    customers: Vec<Id>,
    customer_ix: Vec<u32>,
    products: Vec<Id>,
    product_ix: Vec<u32>,
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    date: Vec<i32>,
    quantity: Vec<i64>,
    amount: Vec<i64>,
    cost: Vec<i64>,
    /// Sparse columns: (row, value) for the few lines that have them.
    spec: Vec<(u32, String)>,
    note: Vec<(u32, String)>,
    return_of: Vec<(u32, Id)>,
}

impl FactData for Sale {
    fn bucket_id(fact: &Fact<Sale>) -> Id {
        fact.data.customer
    }

    fn encode_facts(facts: &[Fact<Sale>]) -> Vec<u8> {
        let (env, mut dicts) = EnvelopeColumns::with_capacity(facts.len());
        let mut c = SalesColumns { env, ..SalesColumns::default() };
        let (mut customers, mut products) = (Dict::new(), Dict::new());
        for (row, f) in facts.iter().enumerate() {
            let row = row as u32;
            c.env.push(&mut dicts, f);
            let s = &f.data;
            c.customer_ix.push(customers.intern(&s.customer));
            c.product_ix.push(products.intern(&s.product));
            c.date.push(chrono::Datelike::num_days_from_ce(&s.date));
            c.quantity.push(s.quantity.0);
            c.amount.push(s.amount.0);
            c.cost.push(s.cost.0);
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
        c.env.finish(dicts);
        c.customers = customers.values;
        c.products = products.values;
        finish_columns(SALES_COLUMNS_V1, &c)
    }

    fn decode_facts(bytes: &[u8]) -> Result<Vec<Fact<Sale>>, DecodeError> {
        match bytes.first() {
            None => Err(DecodeError::Empty),
            Some(b'[') => decode_json_rows(bytes),
            Some(&SALES_COLUMNS_V1) => {
                let c: SalesColumns = postcard::from_bytes(&bytes[1..]).map_err(bin)?;
                let n = c.env.check(&[
                    c.customer_ix.len(),
                    c.product_ix.len(),
                    c.date.len(),
                    c.quantity.len(),
                    c.amount.len(),
                    c.cost.len(),
                ])?;
                let mut out = Vec::with_capacity(n);
                for row in 0..n {
                    let data = Sale {
                        customer: look(&c.customers, c.customer_ix[row], "customer")?,
                        product: look(&c.products, c.product_ix[row], "product")?,
                        spec: String::new(),
                        date: date_of(c.date[row])?,
                        quantity: Qty(c.quantity[row]),
                        amount: Money(c.amount[row]),
                        cost: Money(c.cost[row]),
                        return_of: None,
                        note: String::new(),
                    };
                    out.push(c.env.fact(row, data)?);
                }
                apply_sparse(&mut out, &c.spec, |f, v| f.data.spec = v)?;
                apply_sparse(&mut out, &c.note, |f, v| f.data.note = v)?;
                apply_sparse(&mut out, &c.return_of, |f, v| f.data.return_of = Some(v))?;
                Ok(out)
            }
            Some(other) => Err(DecodeError::Binary(format!("unknown sales format {other:#x}"))),
        }
    }
}

const PAYMENT_COLUMNS_V1: u8 = 0xC2;

#[derive(Serialize, Deserialize, Default)]
struct PaymentColumns {
    env: EnvelopeColumns,
    customers: Vec<Id>,
    customer_ix: Vec<u32>,
    date: Vec<i32>,
    amount: Vec<i64>,
    /// The lines each payment names (usually one or a few).
    lines: Vec<Vec<Id>>,
    methods: Vec<String>,
    method_ix: Vec<u32>,
    note: Vec<(u32, String)>,
}

impl FactData for Payment {
    fn bucket_id(fact: &Fact<Payment>) -> Id {
        fact.data.customer
    }

    fn encode_facts(facts: &[Fact<Payment>]) -> Vec<u8> {
        let (env, mut dicts) = EnvelopeColumns::with_capacity(facts.len());
        let mut c = PaymentColumns { env, ..PaymentColumns::default() };
        let (mut customers, mut methods) = (Dict::new(), Dict::new());
        for (row, f) in facts.iter().enumerate() {
            c.env.push(&mut dicts, f);
            let p = &f.data;
            c.customer_ix.push(customers.intern(&p.customer));
            c.date.push(chrono::Datelike::num_days_from_ce(&p.date));
            c.amount.push(p.amount.0);
            c.lines.push(p.lines.clone());
            c.method_ix.push(methods.intern(&p.method));
            if !p.note.is_empty() {
                c.note.push((row as u32, p.note.clone()));
            }
        }
        c.env.finish(dicts);
        c.customers = customers.values;
        c.methods = methods.values;
        finish_columns(PAYMENT_COLUMNS_V1, &c)
    }

    fn decode_facts(bytes: &[u8]) -> Result<Vec<Fact<Payment>>, DecodeError> {
        match bytes.first() {
            None => Err(DecodeError::Empty),
            Some(b'[') => decode_json_rows(bytes),
            Some(&PAYMENT_COLUMNS_V1) => {
                let mut c: PaymentColumns = postcard::from_bytes(&bytes[1..]).map_err(bin)?;
                let n = c.env.check(&[
                    c.customer_ix.len(),
                    c.date.len(),
                    c.amount.len(),
                    c.lines.len(),
                    c.method_ix.len(),
                ])?;
                let lines = std::mem::take(&mut c.lines);
                let mut out = Vec::with_capacity(n);
                for (row, lines) in lines.into_iter().enumerate() {
                    let method = c
                        .methods
                        .get(c.method_ix[row] as usize)
                        .cloned()
                        .ok_or_else(|| DecodeError::Columns("method index out of range".into()))?;
                    let data = Payment {
                        customer: look(&c.customers, c.customer_ix[row], "customer")?,
                        date: date_of(c.date[row])?,
                        amount: Money(c.amount[row]),
                        lines,
                        method,
                        note: String::new(),
                    };
                    out.push(c.env.fact(row, data)?);
                }
                apply_sparse(&mut out, &c.note, |f, v| f.data.note = v)?;
                Ok(out)
            }
            Some(other) => Err(DecodeError::Binary(format!("unknown payment format {other:#x}"))),
        }
    }
}

macro_rules! json_facts {
    ($($t:ty),*) => { $(impl FactData for $t {})* };
}
json_facts!(
    super::sales::Expense,
    super::service::SurveyResponse,
    super::service::ComplaintStep,
    super::service::Attachment,
    super::service::Interaction,
    super::risk::CreditInvestigation,
    super::risk::Scorecard,
    super::history::Revision
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Contact, Customer, CustomerType};

    fn sale(i: u8, ret: bool) -> Fact<Sale> {
        let node = NodeId::new(u32::from(i % 3), 1);
        let mut f = Fact::new(
            Id::v7(1_000 + u64::from(i), [i; 10]),
            Id::v7(1, [200; 10]),
            Hlc(1_000 + u64::from(i), u32::from(i % 2), node),
            if i.is_multiple_of(2) { Some(Id::v7(1, [100 + i % 4; 10])) } else { None },
            Sale {
                customer: Id::v7(1, [50 + i % 5; 10]),
                product: Id::v7(1, [60 + i % 7; 10]),
                spec: if i.is_multiple_of(4) { "500g×20".into() } else { String::new() },
                date: NaiveDate::from_ymd_opt(2024, 1 + u32::from(i % 12), 1 + u32::from(i % 28)).unwrap(),
                quantity: Qty(i64::from(i) * 1500),
                amount: Money(i64::from(i) * 12_345),
                cost: Money(i64::from(i) * 9_000),
                return_of: if ret { Some(Id::v7(3, [9; 10])) } else { None },
                note: if i.is_multiple_of(5) { "加急".into() } else { String::new() },
            },
        );
        if i.is_multiple_of(9) {
            f.delete(Hlc(9_999, 0, node));
        }
        f
    }

    fn payment(i: u8) -> Fact<Payment> {
        let p = Payment {
            customer: Id::v7(1, [50 + i % 5; 10]),
            date: NaiveDate::from_ymd_opt(2025, 1 + u32::from(i % 12), 3).unwrap(),
            amount: Money(i64::from(i) * 777),
            lines: (0..i % 3).map(|k| Id::v7(5, [k; 10])).collect(),
            method: if i.is_multiple_of(2) { "银行转账".into() } else { "现金".into() },
            note: if i.is_multiple_of(7) { "尾款".into() } else { String::new() },
        };
        Fact::new(Id::v7(2_000 + u64::from(i), [i; 10]), Id::v7(1, [200; 10]), Hlc(5, 0, NodeId::new(1, 1)), None, p)
    }

    fn customer(i: u8) -> Record<Customer> {
        let c = Customer {
            name: format!("客户{i}"),
            customer_type: CustomerType::Agent,
            owner: (i.is_multiple_of(2)).then(|| Id::v7(1, [7; 10])),
            since: NaiveDate::from_ymd_opt(2020, 1, 1 + u32::from(i % 20)),
            credit_limit: (i.is_multiple_of(3)).then_some(Money(500_000)),
            ..Customer::default()
        };
        let mut r = Record::new(Id::v7(9, [i; 10]), Id::v7(1, [200; 10]), Hlc(10, 0, NodeId::new(2, 2)), None, c);
        let mut d = r.data.clone();
        d.phone = "13800138000".into();
        r.edit(&d, Hlc(20, 1, NodeId::new(2, 3)), Some(Id::v7(1, [8; 10])));
        r.set_tags(&["重点".into()], Hlc(21, 0, NodeId::new(2, 3)), None);
        r.set_tags(&[], Hlc(22, 0, NodeId::new(2, 3)), None);
        if i.is_multiple_of(4) {
            r.delete(Hlc(30, 0, NodeId::new(2, 3)), None);
        }
        r
    }

    #[test]
    fn sales_columns_round_trip_exactly() {
        let facts: Vec<Fact<Sale>> = (0..50).map(|i| sale(i, i % 10 == 3)).collect();
        let bytes = Sale::encode_facts(&facts);
        assert_eq!(bytes[0], SALES_COLUMNS_V1);
        assert_eq!(Sale::decode_facts(&bytes).unwrap(), facts);
        let json = encode_json_rows(&facts);
        assert!(bytes.len() * 2 < json.len(), "columns {} vs json {}", bytes.len(), json.len());
    }

    #[test]
    fn payment_columns_round_trip_exactly() {
        let facts: Vec<Fact<Payment>> = (0..40).map(payment).collect();
        let bytes = Payment::encode_facts(&facts);
        assert_eq!(Payment::decode_facts(&bytes).unwrap(), facts);
        assert_eq!(Payment::decode_facts(&encode_json_rows(&facts)).unwrap(), facts);
    }

    #[test]
    fn records_round_trip_in_binary_with_stamps_tags_and_tombstones() {
        let records: Vec<Record<Customer>> = (0..30).map(customer).collect();
        let bytes = encode_records(&records);
        assert_eq!(decode_records::<Customer>(&bytes).unwrap(), records);
        let json = encode_json_rows(&records);
        assert!(bytes.len() * 2 < json.len(), "binary {} vs json {}", bytes.len(), json.len());
        assert_eq!(decode_records::<Customer>(&json).unwrap(), records, "JSON rows still read");
    }

    #[test]
    fn records_written_before_a_field_was_added_read_with_its_default() {
        // An older version knew every Contact field but the last: it wrote one field fewer.
        let c = Contact { name: "王五".into(), phone: "139".into(), ..Contact::default() };
        let all = c.encode_fields(Vec::new());
        let (decoded, tail) = Contact::decode_fields(&all).unwrap();
        assert!(tail.is_empty());
        assert_eq!(decoded, c);
        // The count is one byte, and the empty last field one byte: drop both, write count − 1.
        let mut older = postcard_extend(&((Contact::NAMES.len() - 1) as u16), Vec::new());
        older.extend_from_slice(&all[1..all.len() - 1]);
        let (read, tail) = Contact::decode_fields(&older).unwrap();
        assert!(tail.is_empty());
        assert_eq!(read, c);
        // More fields than this version knows is refused, not misread.
        let mut newer = postcard_extend(&((Contact::NAMES.len() + 1) as u16), Vec::new());
        newer.extend_from_slice(&all[1..]);
        assert!(Contact::decode_fields(&newer).is_err());
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let sales = Sale::encode_facts(&(0..20).map(|i| sale(i, false)).collect::<Vec<_>>());
        let pays = Payment::encode_facts(&(0..20).map(payment).collect::<Vec<_>>());
        let recs = encode_records(&(0..20).map(customer).collect::<Vec<_>>());
        for bytes in [&sales, &pays, &recs] {
            for cut in [0, 1, 2, 10, bytes.len() / 2, bytes.len() - 1] {
                let b = &bytes[..cut];
                assert!(Sale::decode_facts(b).is_err());
                assert!(Payment::decode_facts(b).is_err());
                assert!(decode_records::<Customer>(b).is_err());
            }
        }
        assert!(Sale::decode_facts(&[0x77, 1, 2]).is_err());
    }
}
