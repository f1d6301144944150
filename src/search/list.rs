//! The customer list: one row per customer with what the list shows and searches, a query
//! (text, filters, sort), and the two steps the UI memoises separately — sorting (only when the
//! sort changes) and filtering (on every keystroke, over the sorted order, so no re-sort).

use super::pinyin_key::{normalize_query, pinyin_sort_key, KeyIndex, SearchKey};
use crate::ledger::Balance;
use crate::model::{CustomerType, Dataset, Hlc, Id, IdMap, Money};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// What the list shows and searches of one customer.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerRow {
    pub id: Id,
    pub name: String,
    pub customer_type: CustomerType,
    pub region: String,
    pub owner: Option<Id>,
    pub phone: String,
    pub tags: Vec<String>,
    pub archived: bool,
    pub sales: Money,
    pub owed: Money,
    pub last_purchase: Option<NaiveDate>,
    pub created: Hlc,
    pub sort_name: String,
    pub key: SearchKey,
}

/// Builds the rows of all live customers. Contacts' names and phones join their customer's key.
pub fn build_rows(data: &Dataset, balances: &IdMap<Balance>) -> Vec<CustomerRow> {
    // Customers merged into another are found, and counted, as the survivor.
    let redirects = crate::model::Redirects::of(data);
    let mut contacts: IdMap<Vec<(&str, &str)>> = IdMap::default();
    for c in data.contacts.live() {
        contacts.entry(redirects.resolve(c.data.customer)).or_default().push((&c.data.name, &c.data.phone));
    }
    let empty = Balance::default();
    data.customers
        .live()
        .filter(|r| redirects.target(r.id).is_none())
        .map(|r| {
            let c = &r.data;
            let mut key = SearchKey::new();
            key.add_name(&c.name);
            key.add_phone(&c.phone);
            if let Some(list) = contacts.get(&r.id) {
                for (name, phone) in list {
                    key.add_name(name);
                    key.add_phone(phone);
                }
            }
            let b = balances.get(&r.id).unwrap_or(&empty);
            CustomerRow {
                id: r.id,
                name: c.name.clone(),
                customer_type: c.customer_type,
                region: c.region.clone(),
                owner: c.owner,
                phone: c.phone.clone(),
                tags: r.tags.present().map(str::to_string).collect(),
                archived: c.archived,
                sales: b.sales,
                owed: b.owed(),
                last_purchase: b.last_purchase,
                created: r.created,
                sort_name: pinyin_sort_key(&c.name),
                key,
            }
        })
        .collect()
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKey {
    #[default]
    Name,
    Sales,
    Owed,
    LastPurchase,
    Created,
}

impl SortKey {
    pub const ALL: [SortKey; 5] =
        [SortKey::Name, SortKey::Sales, SortKey::Owed, SortKey::LastPurchase, SortKey::Created];

    pub fn code(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Sales => "sales",
            SortKey::Owed => "owed",
            SortKey::LastPurchase => "last",
            SortKey::Created => "created",
        }
    }

    pub fn from_code(code: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A filter on the analysis's scores (the dashboard's links into the list), by the codes of
/// `workspace::summary`, or a segment (`crate::segments`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScoreFilter {
    Segment(u8),
    /// R and F scores, 1–5 each.
    Rf(u8, u8),
    Class(u8),
    Stage(u8),
    /// Key accounts at risk.
    AtRisk,
    /// Key accounts (DOMAIN.md §10: A class, plus marked by hand, minus unmarked by hand).
    KeyAccounts,
    /// A saved segment, by its id.
    Saved(Id),
}

impl ScoreFilter {
    /// The URL form: `seg-3`, `rf-54`, `abc-1`, `stage-4`, `risk`, `key`, `saved-<uuid>`.
    pub fn code(self) -> String {
        match self {
            ScoreFilter::Segment(s) => format!("seg-{s}"),
            ScoreFilter::Rf(r, f) => format!("rf-{r}{f}"),
            ScoreFilter::Class(c) => format!("abc-{c}"),
            ScoreFilter::Stage(s) => format!("stage-{s}"),
            ScoreFilter::AtRisk => "risk".into(),
            ScoreFilter::KeyAccounts => "key".into(),
            ScoreFilter::Saved(id) => format!("saved-{id}"),
        }
    }

    pub fn from_code(code: &str) -> Option<ScoreFilter> {
        match code {
            "risk" => return Some(ScoreFilter::AtRisk),
            "key" => return Some(ScoreFilter::KeyAccounts),
            _ => {}
        }
        let (kind, value) = code.split_once('-')?;
        match kind {
            "saved" => Id::parse(value).map(ScoreFilter::Saved),
            "seg" => value.parse().ok().map(ScoreFilter::Segment),
            "abc" => value.parse().ok().map(ScoreFilter::Class),
            "stage" => value.parse().ok().map(ScoreFilter::Stage),
            "rf" if value.len() == 2 => {
                let d: Vec<u8> = value.bytes().map(|b| b.wrapping_sub(b'0')).collect();
                ((1..=5).contains(&d[0]) && (1..=5).contains(&d[1])).then(|| ScoreFilter::Rf(d[0], d[1]))
            }
            _ => None,
        }
    }
}

/// What the user asked the list for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListQuery {
    pub text: String,
    pub customer_type: Option<CustomerType>,
    pub owner: Option<Id>,
    pub region: Option<String>,
    pub tag: Option<String>,
    pub show_archived: bool,
    pub sort: SortKey,
    pub descending: bool,
    /// Only customers matching this analysis result (the page supplies the ids).
    pub score: Option<ScoreFilter>,
}

/// Row positions in the order of `sort` (ties broken by name, then id, so the order is stable).
pub fn sort_order(rows: &[CustomerRow], sort: SortKey, descending: bool) -> Vec<u32> {
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    let by_name = |a: &CustomerRow, b: &CustomerRow| a.sort_name.cmp(&b.sort_name).then(a.id.cmp(&b.id));
    order.sort_by(|&i, &j| {
        let (a, b) = (&rows[i as usize], &rows[j as usize]);
        let primary = match sort {
            SortKey::Name => std::cmp::Ordering::Equal,
            SortKey::Sales => a.sales.cmp(&b.sales),
            SortKey::Owed => a.owed.cmp(&b.owed),
            SortKey::LastPurchase => a.last_purchase.cmp(&b.last_purchase),
            SortKey::Created => a.created.cmp(&b.created),
        };
        let primary = if descending { primary.reverse() } else { primary };
        let name = by_name(a, b);
        primary.then(if descending && sort == SortKey::Name { name.reverse() } else { name })
    });
    order
}

/// The search keys of `rows`, in row order, for [`filter`] (built once per list, not per query).
pub fn key_index(rows: &[CustomerRow]) -> KeyIndex {
    KeyIndex::new(rows.iter().map(|r| &r.key))
}

/// The positions (in `order`'s order) of the rows matching the query's text and filters, and,
/// when given, in the `allowed` set (the customers a score filter selected). `index` is
/// [`key_index`] of `rows`.
pub fn filter(
    rows: &[CustomerRow],
    index: &KeyIndex,
    order: &[u32],
    query: &ListQuery,
    allowed: Option<&IdMap<()>>,
) -> Vec<u32> {
    let text = index.matching(&normalize_query(&query.text));
    order
        .iter()
        .copied()
        .filter(|&i| {
            if !text[i as usize] {
                return false;
            }
            let r = &rows[i as usize];
            (query.show_archived || !r.archived)
                && query.customer_type.is_none_or(|t| r.customer_type == t)
                && query.owner.is_none_or(|o| r.owner == Some(o))
                && query.region.as_ref().is_none_or(|g| &r.region == g)
                && query.tag.as_ref().is_none_or(|t| r.tags.contains(t))
                && allowed.is_none_or(|a| a.contains_key(&r.id))
        })
        .collect()
}

/// The values the filters offer: regions, tags and owners in use.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facets {
    pub regions: Vec<String>,
    pub tags: Vec<String>,
    pub owners: Vec<Id>,
}

pub fn facets(rows: &[CustomerRow]) -> Facets {
    let mut regions = BTreeSet::new();
    let mut tags = BTreeSet::new();
    let mut owners = BTreeSet::new();
    for r in rows {
        if !r.region.is_empty() {
            regions.insert(r.region.clone());
        }
        tags.extend(r.tags.iter().cloned());
        if let Some(o) = r.owner {
            owners.insert(o);
        }
    }
    Facets {
        regions: regions.into_iter().collect(),
        tags: tags.into_iter().collect(),
        owners: owners.into_iter().collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::balances;
    use crate::model::{Contact, Customer, Fact, NodeId, Qty, Record, Sale};

    fn stamp(n: u64) -> Hlc {
        Hlc(n, 0, NodeId::new(1, 0))
    }

    fn firm() -> Dataset {
        let mut d = Dataset::default();
        let people = [
            ("张三建材", "华东", CustomerType::Dealer, 500),
            ("李四五金", "华南", CustomerType::Retailer, 900),
            ("王五贸易", "华东", CustomerType::Agent, 100),
        ];
        for (n, (name, region, t, sales)) in people.iter().enumerate() {
            let id = Id::v7(1, [n as u8 + 1; 10]);
            let mut r = Record::new(
                id,
                Id::NIL,
                stamp(n as u64 + 1),
                None,
                Customer { name: (*name).into(), region: (*region).into(), customer_type: *t, ..Customer::default() },
            );
            if n == 0 {
                r.set_tags(&["重点".into()], stamp(10), None);
            }
            d.customers.merge(r);
            let sale = Sale {
                customer: id,
                date: NaiveDate::from_ymd_opt(2026, 1, 1 + n as u32).unwrap(),
                quantity: Qty::units(1),
                amount: Money(*sales),
                ..Sale::default()
            };
            d.sales.merge(Fact::new(Id::v7(2, [n as u8 + 1; 10]), Id::NIL, stamp(20), None, sale));
        }
        let contact = Contact {
            customer: Id::v7(1, [3; 10]),
            name: "赵六".into(),
            phone: "139 1234 5678".into(),
            ..Contact::default()
        };
        d.contacts.merge(Record::new(Id::v7(3, [1; 10]), Id::NIL, stamp(30), None, contact));
        d
    }

    fn names(rows: &[CustomerRow], ix: &[u32]) -> Vec<String> {
        ix.iter().map(|&i| rows[i as usize].name.clone()).collect()
    }

    #[test]
    fn search_by_contact_pinyin_and_phone_finds_the_customer() {
        let d = firm();
        let rows = build_rows(&d, &balances(&d));
        let order = sort_order(&rows, SortKey::Name, false);
        let q = |text: &str| ListQuery { text: text.into(), ..ListQuery::default() };
        assert_eq!(names(&rows, &filter(&rows, &key_index(&rows), &order, &q("zhaoliu"), None)), vec!["王五贸易"]);
        assert_eq!(names(&rows, &filter(&rows, &key_index(&rows), &order, &q("1391234"), None)), vec!["王五贸易"]);
        assert_eq!(names(&rows, &filter(&rows, &key_index(&rows), &order, &q("zs"), None)), vec!["张三建材"]);
        assert_eq!(filter(&rows, &key_index(&rows), &order, &q(""), None).len(), 3);
    }

    #[test]
    fn filters_and_sorts_combine() {
        let d = firm();
        let rows = build_rows(&d, &balances(&d));
        let by_sales = sort_order(&rows, SortKey::Sales, true);
        assert_eq!(names(&rows, &by_sales), vec!["李四五金", "张三建材", "王五贸易"]);
        let east = ListQuery { region: Some("华东".into()), ..ListQuery::default() };
        assert_eq!(
            names(&rows, &filter(&rows, &key_index(&rows), &by_sales, &east, None)),
            vec!["张三建材", "王五贸易"]
        );
        let tagged = ListQuery { tag: Some("重点".into()), ..ListQuery::default() };
        assert_eq!(names(&rows, &filter(&rows, &key_index(&rows), &by_sales, &tagged, None)), vec!["张三建材"]);
        let dealers = ListQuery { customer_type: Some(CustomerType::Retailer), ..ListQuery::default() };
        assert_eq!(names(&rows, &filter(&rows, &key_index(&rows), &by_sales, &dealers, None)), vec!["李四五金"]);
        let by_name = sort_order(&rows, SortKey::Name, false);
        assert_eq!(names(&rows, &by_name), vec!["李四五金", "王五贸易", "张三建材"]);
        let f = facets(&rows);
        assert_eq!(f.regions, vec!["华东", "华南"]);
        assert_eq!(f.tags, vec!["重点"]);
    }

    #[test]
    fn archived_customers_show_only_when_asked() {
        let mut d = firm();
        let mut r = d.customers.all()[1].clone();
        let mut c = r.data.clone();
        c.archived = true;
        r.edit(&c, stamp(99), None);
        d.customers.merge(r);
        let rows = build_rows(&d, &balances(&d));
        let order = sort_order(&rows, SortKey::Name, false);
        assert_eq!(filter(&rows, &key_index(&rows), &order, &ListQuery::default(), None).len(), 2);
        assert_eq!(
            filter(&rows, &key_index(&rows), &order, &ListQuery { show_archived: true, ..ListQuery::default() }, None)
                .len(),
            3
        );
    }
}
