//! Compact encodings of many items at once, used by storage buckets (and later by bundles).
//!
//! Records and most facts are a JSON array of items: readable, and new fields with defaults
//! need no migration. Sales lines, the one kind counted in millions, are stored column by
//! column in postcard with dictionaries for the repeated ids — about 40 bytes a line instead
//! of ~250 as JSON — and decode an order of magnitude faster.

use super::record::Fact;
use super::sales::Sale;
use super::{Hlc, Id, Money, NodeId, Qty};
use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

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

/// JSON array of items.
pub fn encode_json_rows<T: Serialize>(items: &[T]) -> Vec<u8> {
    // Serialising our own types to JSON cannot fail (no maps with non-string keys, no I/O).
    serde_json::to_vec(items).unwrap_or_default()
}

pub fn decode_json_rows<T: DeserializeOwned>(bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    serde_json::from_slice(bytes).map_err(|e| DecodeError::Json(e.to_string()))
}

/// How the facts of one data type encode in bulk. The default is JSON rows; [`Sale`] overrides it.
pub trait FactData: Clone + Serialize + DeserializeOwned + PartialEq {
    fn encode_facts(facts: &[Fact<Self>]) -> Vec<u8> {
        encode_json_rows(facts)
    }
    fn decode_facts(bytes: &[u8]) -> Result<Vec<Fact<Self>>, DecodeError> {
        decode_json_rows(bytes)
    }
}

/// First byte of the columnar sales encoding; JSON rows start with `[`.
const SALES_COLUMNS_V1: u8 = 0xC1;

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

/// Sales lines column by column. `*_ix` columns index the matching dictionary; optional ids
/// use index 0 for "none" and i + 1 for dictionary entry i.
#[derive(Serialize, Deserialize, Default)]
struct SalesColumns {
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
    fn encode_facts(facts: &[Fact<Sale>]) -> Vec<u8> {
        let n = facts.len();
        let mut c = SalesColumns::default();
        let (mut branches, mut nodes, mut people, mut customers, mut products) =
            (Dict::new(), Dict::new(), Dict::new(), Dict::new(), Dict::new());
        c.id.reserve(n);
        for (row, f) in facts.iter().enumerate() {
            let row = row as u32;
            c.id.push(f.id);
            c.branch_ix.push(branches.intern(&f.branch));
            c.stamp_wall.push(f.created.0);
            c.stamp_counter.push(f.created.1);
            c.stamp_node_ix.push(nodes.intern(&f.created.2));
            c.by_ix.push(f.created_by.map_or(0, |p| people.intern(&p) + 1));
            c.deleted.push(f.deleted);
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
        c.branches = branches.values;
        c.nodes = nodes.values;
        c.people = people.values;
        c.customers = customers.values;
        c.products = products.values;
        let out = vec![SALES_COLUMNS_V1];
        match postcard::to_extend(&c, out) {
            Ok(v) => v,
            // postcard only fails on unsupported serde features, which these plain types don't use.
            Err(_) => Vec::new(),
        }
    }

    fn decode_facts(bytes: &[u8]) -> Result<Vec<Fact<Sale>>, DecodeError> {
        match bytes.first() {
            None => Err(DecodeError::Empty),
            Some(b'[') => decode_json_rows(bytes),
            Some(&SALES_COLUMNS_V1) => decode_sales_columns(&bytes[1..]),
            Some(other) => Err(DecodeError::Binary(format!("unknown sales format {other:#x}"))),
        }
    }
}

fn decode_sales_columns(bytes: &[u8]) -> Result<Vec<Fact<Sale>>, DecodeError> {
    let c: SalesColumns = postcard::from_bytes(bytes).map_err(|e| DecodeError::Binary(e.to_string()))?;
    let n = c.id.len();
    let lens = [
        c.branch_ix.len(),
        c.stamp_wall.len(),
        c.stamp_counter.len(),
        c.stamp_node_ix.len(),
        c.by_ix.len(),
        c.deleted.len(),
        c.customer_ix.len(),
        c.product_ix.len(),
        c.date.len(),
        c.quantity.len(),
        c.amount.len(),
        c.cost.len(),
    ];
    if lens.iter().any(|&l| l != n) {
        return Err(DecodeError::Columns(format!("{n} ids but column lengths {lens:?}")));
    }
    let look = |dict: &[Id], ix: u32, what: &str| -> Result<Id, DecodeError> {
        dict.get(ix as usize).copied().ok_or_else(|| DecodeError::Columns(format!("{what} index {ix} out of range")))
    };
    let mut out = Vec::with_capacity(n);
    for row in 0..n {
        let node = *c
            .nodes
            .get(c.stamp_node_ix[row] as usize)
            .ok_or_else(|| DecodeError::Columns("node index out of range".into()))?;
        let by = match c.by_ix[row] {
            0 => None,
            i => Some(look(&c.people, i - 1, "person")?),
        };
        let date = NaiveDate::from_num_days_from_ce_opt(c.date[row])
            .ok_or_else(|| DecodeError::Columns(format!("bad date {}", c.date[row])))?;
        out.push(Fact {
            id: c.id[row],
            branch: look(&c.branches, c.branch_ix[row], "branch")?,
            created: Hlc(c.stamp_wall[row], c.stamp_counter[row], node),
            created_by: by,
            deleted: c.deleted[row],
            data: Sale {
                customer: look(&c.customers, c.customer_ix[row], "customer")?,
                product: look(&c.products, c.product_ix[row], "product")?,
                spec: String::new(),
                date,
                quantity: Qty(c.quantity[row]),
                amount: Money(c.amount[row]),
                cost: Money(c.cost[row]),
                return_of: None,
                note: String::new(),
            },
        });
    }
    for (rows, what) in [(&c.spec, 0), (&c.note, 1)] {
        for (row, text) in rows {
            let fact =
                out.get_mut(*row as usize).ok_or_else(|| DecodeError::Columns("sparse row out of range".into()))?;
            if what == 0 {
                fact.data.spec = text.clone();
            } else {
                fact.data.note = text.clone();
            }
        }
    }
    for (row, orig) in c.return_of {
        let fact = out.get_mut(row as usize).ok_or_else(|| DecodeError::Columns("sparse row out of range".into()))?;
        fact.data.return_of = Some(orig);
    }
    Ok(out)
}

macro_rules! json_facts {
    ($($t:ty),*) => { $(impl FactData for $t {})* };
}
json_facts!(
    super::sales::Payment,
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

    fn sale(i: u8, ret: bool) -> Fact<Sale> {
        let node = NodeId::new(u32::from(i % 3), 1);
        let mut f = Fact::new(
            Id::v7(1_000 + u64::from(i), [i; 10]),
            Id::v7(1, [200; 10]),
            Hlc(1_000 + u64::from(i), u32::from(i % 2), node),
            if i % 2 == 0 { Some(Id::v7(1, [100 + i % 4; 10])) } else { None },
            Sale {
                customer: Id::v7(1, [50 + i % 5; 10]),
                product: Id::v7(1, [60 + i % 7; 10]),
                spec: if i % 4 == 0 { "500g×20".into() } else { String::new() },
                date: NaiveDate::from_ymd_opt(2024, 1 + u32::from(i % 12), 1 + u32::from(i % 28)).unwrap(),
                quantity: Qty(i64::from(i) * 1500),
                amount: Money(i64::from(i) * 12_345),
                cost: Money(i64::from(i) * 9_000),
                return_of: if ret { Some(Id::v7(3, [9; 10])) } else { None },
                note: if i % 5 == 0 { "加急".into() } else { String::new() },
            },
        );
        if i % 9 == 0 {
            f.delete(Hlc(9_999, 0, node));
        }
        f
    }

    #[test]
    fn sales_columns_round_trip_exactly() {
        let facts: Vec<Fact<Sale>> = (0..50).map(|i| sale(i, i % 10 == 3)).collect();
        let bytes = Sale::encode_facts(&facts);
        assert_eq!(bytes[0], SALES_COLUMNS_V1);
        assert_eq!(Sale::decode_facts(&bytes).unwrap(), facts);
        let json = encode_json_rows(&facts);
        assert!(bytes.len() * 3 < json.len(), "columns {} vs json {}", bytes.len(), json.len());
    }

    #[test]
    fn old_json_rows_still_decode() {
        let facts: Vec<Fact<Sale>> = (0..5).map(|i| sale(i, false)).collect();
        assert_eq!(Sale::decode_facts(&encode_json_rows(&facts)).unwrap(), facts);
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let facts: Vec<Fact<Sale>> = (0..20).map(|i| sale(i, false)).collect();
        let bytes = Sale::encode_facts(&facts);
        for cut in [0, 1, 2, 10, bytes.len() / 2, bytes.len() - 1] {
            assert!(Sale::decode_facts(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        assert!(Sale::decode_facts(&[0x77, 1, 2]).is_err());
    }
}
