//! The pure half of storage: turning a [`Dataset`] into bucket values and back, and merging a
//! batch of changes into the buckets it touches. Both backends (IndexedDB and memory) call these,
//! so the rules are tested natively.

use super::layout::{bucket_key, bucket_of, kind_of_key};
use super::StoreError;
use crate::model::{Dataset, DecodeError, Id, Item, Kind, Table, TableVisitor, TableVisitorMut};
use std::collections::{BTreeMap, HashMap};

/// A bucket value: one byte of kind code, then the kind's bulk encoding.
pub fn encode_bucket<R: Item>(kind: Kind, items: &[R]) -> Vec<u8> {
    let body = R::encode_many(items);
    let mut out = Vec::with_capacity(body.len() + 1);
    out.push(kind.code());
    out.extend_from_slice(&body);
    out
}

/// The kind a bucket value holds.
pub fn bucket_kind(bytes: &[u8]) -> Result<Kind, DecodeError> {
    let code = *bytes.first().ok_or(DecodeError::Empty)?;
    Kind::from_code(code).ok_or(DecodeError::UnknownKind(code))
}

struct Absorb<'a> {
    bytes: &'a [u8],
    result: Result<usize, DecodeError>,
}

impl TableVisitorMut for Absorb<'_> {
    fn visit_mut<R: Item>(&mut self, _kind: Kind, table: &mut Table<R>) {
        self.result = R::decode_many(&self.bytes[1..]).map(|items| {
            let n = items.len();
            table.reserve(n);
            for item in items {
                table.merge(item);
            }
            n
        });
    }
}

/// Decodes a bucket value and merges its items into `dataset`. Returns how many items it held.
pub fn absorb_bucket(dataset: &mut Dataset, bytes: &[u8]) -> Result<usize, DecodeError> {
    let kind = bucket_kind(bytes)?;
    let mut absorb = Absorb { bytes, result: Ok(0) };
    dataset.visit_kind_mut(kind, &mut absorb);
    absorb.result
}

/// Decodes many bucket values (a full load) into a dataset. `key_of` names a bucket in errors.
pub fn decode_all(values: &[(String, Vec<u8>)]) -> Result<Dataset, StoreError> {
    let mut dataset = Dataset::default();
    for (key, bytes) in values {
        absorb_bucket(&mut dataset, bytes)
            .map_err(|e| StoreError::Corrupt { key: key.clone(), reason: e.to_string() })?;
    }
    Ok(dataset)
}

struct Touched(BTreeMap<String, ()>);

impl TableVisitor for Touched {
    fn visit<R: Item>(&mut self, kind: Kind, table: &Table<R>) {
        for item in table.all() {
            self.0.insert(bucket_key(kind, bucket_of(kind, &item.bucket_id())), ());
        }
    }
}

/// The keys of the buckets a batch of changes touches, sorted.
pub fn touched_keys(batch: &Dataset) -> Vec<String> {
    let mut t = Touched(BTreeMap::new());
    batch.visit(&mut t);
    t.0.into_keys().collect()
}

/// How a batch's items go into the buckets they belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Put {
    /// Merged into the stored copy (every edit, every import).
    Merge,
    /// Written over the stored copy (erased content, undoing an import).
    Replace,
}

/// The buckets one transaction rewrites: the values it read, with the new ones laid over them,
/// so several steps (merge, replace, remove) can follow each other before anything is written.
pub struct Rewrite<'a> {
    read: &'a HashMap<String, Vec<u8>>,
    new: BTreeMap<String, Vec<u8>>,
}

struct PutInto<'r, 'a> {
    rewrite: &'r mut Rewrite<'a>,
    put: Put,
    error: Option<StoreError>,
}

impl TableVisitor for PutInto<'_, '_> {
    fn visit<R: Item>(&mut self, kind: Kind, table: &Table<R>) {
        if table.is_empty() || self.error.is_some() {
            return;
        }
        let mut by_bucket: BTreeMap<u32, Vec<&R>> = BTreeMap::new();
        for item in table.all() {
            by_bucket.entry(bucket_of(kind, &item.bucket_id())).or_default().push(item);
        }
        for (bucket, items) in by_bucket {
            let key = bucket_key(kind, bucket);
            let stored =
                match self.rewrite.current(&key).map(|bytes| R::decode_many(bytes.get(1..).unwrap_or_default())) {
                    None => Vec::new(),
                    Some(Ok(stored)) => stored,
                    Some(Err(e)) => {
                        self.error = Some(StoreError::Corrupt { key, reason: e.to_string() });
                        return;
                    }
                };
            let value = match self.put {
                Put::Merge => {
                    let mut merged = Table::<R>::default();
                    merged.reserve(stored.len() + items.len());
                    for s in stored {
                        merged.merge(s);
                    }
                    for item in items {
                        merged.merge(item.clone());
                    }
                    encode_bucket(kind, merged.all())
                }
                Put::Replace => {
                    let mut rows = stored;
                    let at: HashMap<_, usize> = rows.iter().enumerate().map(|(i, r)| (r.id(), i)).collect();
                    for item in items {
                        match at.get(&item.id()) {
                            Some(&i) => rows[i] = item.clone(),
                            None => rows.push(item.clone()),
                        }
                    }
                    encode_bucket(kind, &rows)
                }
            };
            self.rewrite.new.insert(key, value);
        }
    }
}

struct RemoveFrom<'k> {
    bytes: &'k [u8],
    ids: &'k [Id],
    result: Result<Vec<u8>, DecodeError>,
}

impl TableVisitorMut for RemoveFrom<'_> {
    fn visit_mut<R: Item>(&mut self, kind: Kind, _table: &mut Table<R>) {
        let gone: std::collections::HashSet<&Id> = self.ids.iter().collect();
        self.result = R::decode_many(self.bytes.get(1..).unwrap_or_default()).map(|mut rows| {
            rows.retain(|r| !gone.contains(&r.id()));
            encode_bucket(kind, &rows)
        });
    }
}

impl<'a> Rewrite<'a> {
    /// Starts from the values a transaction read (a missing key is an empty bucket).
    pub fn new(read: &'a HashMap<String, Vec<u8>>) -> Rewrite<'a> {
        Rewrite { read, new: BTreeMap::new() }
    }

    fn current(&self, key: &str) -> Option<&[u8]> {
        self.new.get(key).or_else(|| self.read.get(key)).map(Vec::as_slice)
    }

    fn put(&mut self, batch: &Dataset, put: Put) -> Result<(), StoreError> {
        let mut visitor = PutInto { rewrite: self, put, error: None };
        batch.visit(&mut visitor);
        visitor.error.map_or(Ok(()), Err)
    }

    /// Merges a batch into its buckets.
    pub fn merge(&mut self, batch: &Dataset) -> Result<(), StoreError> {
        self.put(batch, Put::Merge)
    }

    /// Writes items over their stored copies (adding the ones a bucket lacks).
    pub fn replace(&mut self, items: &Dataset) -> Result<(), StoreError> {
        self.put(items, Put::Replace)
    }

    /// Removes items by id from the buckets named (bucket key → ids).
    pub fn remove(&mut self, ids: &BTreeMap<String, Vec<Id>>) -> Result<(), StoreError> {
        for (key, ids) in ids {
            let Some(kind) = kind_of_key(key) else {
                return Err(StoreError::Corrupt { key: key.clone(), reason: "not a bucket key".into() });
            };
            let Some(bytes) = self.current(key) else { continue };
            let mut remove = RemoveFrom { bytes, ids, result: Ok(Vec::new()) };
            Dataset::default().visit_kind_mut(kind, &mut remove);
            let value = remove.result.map_err(|e| StoreError::Corrupt { key: key.clone(), reason: e.to_string() })?;
            self.new.insert(key.clone(), value);
        }
        Ok(())
    }

    /// The new values to write, by key.
    pub fn into_writes(self) -> Vec<(String, Vec<u8>)> {
        self.new.into_iter().collect()
    }
}

/// Merges a batch into the stored values of the buckets it touches (`existing`, by key; a
/// missing key is an empty bucket) and returns the new values to write.
pub fn merge_into_buckets(
    batch: &Dataset,
    existing: &HashMap<String, Vec<u8>>,
) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
    let mut rewrite = Rewrite::new(existing);
    rewrite.merge(batch)?;
    Ok(rewrite.into_writes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Customer, Fact, Hlc, Id, Money, NodeId, Qty, Record, Sale};
    use chrono::NaiveDate;

    fn customer(n: u8, name: &str) -> Record<Customer> {
        let data = Customer { name: name.into(), ..Customer::default() };
        Record::new(Id::v7(1, [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, data)
    }

    fn sale(n: u8, customer: Id) -> Fact<Sale> {
        let data = Sale {
            customer,
            product: Id::v7(1, [99; 10]),
            date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            quantity: Qty::units(1),
            amount: Money(1000),
            ..Sale::default()
        };
        Fact::new(Id::v7(2, [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, data)
    }

    #[test]
    fn a_batch_round_trips_through_buckets() {
        let mut batch = Dataset::default();
        for n in 0..40 {
            let c = customer(n, &format!("客户{n}"));
            batch.sales.merge(sale(n, c.id));
            batch.customers.merge(c);
        }
        let keys = touched_keys(&batch);
        assert!(keys.len() > 2);
        let written = merge_into_buckets(&batch, &HashMap::new()).unwrap();
        assert_eq!(written.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>(), keys);
        let loaded = decode_all(&written).unwrap();
        assert_eq!(loaded.customers.len(), 40);
        assert_eq!(loaded.sales.len(), 40);
        for c in batch.customers.all() {
            assert_eq!(loaded.customers.get(&c.id), Some(c));
        }
    }

    #[test]
    fn merging_keeps_what_another_tab_wrote_to_the_same_bucket() {
        // Tab A wrote customer 1; tab B, which never saw it, writes customer 2 to the same bucket.
        let a = customer(1, "甲");
        let b = Record { id: Id(uuid::Uuid::from_u128(a.id.0.as_u128() ^ (1 << 40))), ..customer(2, "乙") };
        assert_eq!(bucket_of(Kind::Customer, &a.id), bucket_of(Kind::Customer, &b.id));
        let mut batch_a = Dataset::default();
        batch_a.customers.merge(a.clone());
        let stored: HashMap<String, Vec<u8>> =
            merge_into_buckets(&batch_a, &HashMap::new()).unwrap().into_iter().collect();
        let mut batch_b = Dataset::default();
        batch_b.customers.merge(b.clone());
        let after = merge_into_buckets(&batch_b, &stored).unwrap();
        let loaded = decode_all(&after).unwrap();
        assert_eq!(loaded.customers.get(&a.id), Some(&a));
        assert_eq!(loaded.customers.get(&b.id), Some(&b));
    }

    #[test]
    fn a_corrupt_bucket_is_reported_with_its_key() {
        let mut batch = Dataset::default();
        batch.customers.merge(customer(3, "丙"));
        let key = touched_keys(&batch).remove(0);
        let existing = HashMap::from([(key.clone(), vec![Kind::Customer.code(), b'{'])]);
        match merge_into_buckets(&batch, &existing) {
            Err(StoreError::Corrupt { key: k, .. }) => assert_eq!(k, key),
            other => panic!("expected a corrupt-bucket error, got {other:?}"),
        }
        assert!(decode_all(&[("x".into(), vec![250, 1])]).is_err());
    }
}
