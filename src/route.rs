//! Where the user is, as a hash URL (`#/customers?q=zs&type=dealer`), so every view can be
//! bookmarked and reloaded, and the app works from any folder of any static server (the hash
//! never reaches the server). Pure: parsing and printing are tested natively.

use crate::model::{CustomerType, Id};
use crate::search::{ListQuery, ScoreFilter, SortKey};

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Dashboard,
    Settings,
    Customers(ListQuery),
    NewCustomer,
    Customer(Id),
    Products,
    Staff,
    Data,
    NotFound(String),
}

/// The start page is the dashboard.
impl Default for Route {
    fn default() -> Self {
        Route::Dashboard
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let h = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let params: Vec<(String, String)> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        let get = |key: &str| params.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).filter(|v| !v.is_empty());
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Dashboard,
            ["customers"] => Route::Customers(ListQuery {
                text: get("q").unwrap_or_default(),
                customer_type: get("type").and_then(|t| CustomerType::from_code(&t)),
                owner: get("owner").and_then(|o| Id::parse(&o)),
                region: get("region"),
                tag: get("tag"),
                show_archived: get("archived").as_deref() == Some("1"),
                sort: get("sort").and_then(|s| SortKey::from_code(&s)).unwrap_or_default(),
                descending: get("desc").as_deref() == Some("1"),
                score: get("score").and_then(|s| ScoreFilter::from_code(&s)),
            }),
            ["dashboard"] => Route::Dashboard,
            ["settings"] => Route::Settings,
            ["customer", "new"] => Route::NewCustomer,
            ["customer", id] => match Id::parse(id) {
                Some(id) => Route::Customer(id),
                None => Route::NotFound(h.to_string()),
            },
            ["products"] => Route::Products,
            ["staff"] => Route::Staff,
            ["data"] => Route::Data,
            _ => Route::NotFound(h.to_string()),
        }
    }

    /// The hash for this route, starting with `#/`.
    pub fn to_hash(&self) -> String {
        match self {
            Route::Customers(q) => {
                let mut params = Vec::new();
                if !q.text.is_empty() {
                    params.push(format!("q={}", encode(&q.text)));
                }
                if let Some(t) = q.customer_type {
                    params.push(format!("type={}", t.code()));
                }
                if let Some(o) = q.owner {
                    params.push(format!("owner={o}"));
                }
                if let Some(r) = &q.region {
                    params.push(format!("region={}", encode(r)));
                }
                if let Some(t) = &q.tag {
                    params.push(format!("tag={}", encode(t)));
                }
                if q.show_archived {
                    params.push("archived=1".into());
                }
                if q.sort != SortKey::default() {
                    params.push(format!("sort={}", q.sort.code()));
                }
                if q.descending {
                    params.push("desc=1".into());
                }
                if let Some(f) = q.score {
                    params.push(format!("score={}", f.code()));
                }
                if params.is_empty() {
                    "#/customers".into()
                } else {
                    format!("#/customers?{}", params.join("&"))
                }
            }
            Route::Dashboard => "#/dashboard".into(),
            Route::Settings => "#/settings".into(),
            Route::NewCustomer => "#/customer/new".into(),
            Route::Customer(id) => format!("#/customer/{id}"),
            Route::Products => "#/products".into(),
            Route::Staff => "#/staff".into(),
            Route::Data => "#/data".into(),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_round_trip() {
        let q = ListQuery {
            text: "张 三&x".into(),
            customer_type: Some(CustomerType::Dealer),
            owner: Some(Id::v7(5, [5; 10])),
            region: Some("华东".into()),
            tag: Some("重点".into()),
            show_archived: true,
            sort: SortKey::Sales,
            descending: true,
            score: Some(ScoreFilter::Rf(5, 4)),
        };
        for f in [ScoreFilter::Segment(3), ScoreFilter::Class(1), ScoreFilter::Stage(4), ScoreFilter::AtRisk] {
            assert_eq!(ScoreFilter::from_code(&f.code()), Some(f));
        }
        assert_eq!(ScoreFilter::from_code("rf-60"), None);
        for r in [
            Route::Customers(q),
            Route::Customers(ListQuery::default()),
            Route::NewCustomer,
            Route::Dashboard,
            Route::Settings,
            Route::Customer(Id::v7(9, [1; 10])),
            Route::Products,
            Route::Staff,
            Route::Data,
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
    }

    #[test]
    fn odd_hashes_do_not_panic() {
        assert_eq!(Route::parse(""), Route::default());
        assert_eq!(Route::parse("#"), Route::default());
        assert!(matches!(Route::parse("#/customer/not-an-id"), Route::NotFound(_)));
        assert!(matches!(Route::parse("#/nowhere"), Route::NotFound(_)));
        assert_eq!(
            Route::parse("#/customers?q=%E5%BC%A0%"),
            Route::Customers(ListQuery { text: "张%".into(), ..ListQuery::default() })
        );
        assert_eq!(Route::parse("#/customers?sort=bogus&type=x"), Route::Customers(ListQuery::default()));
    }
}
