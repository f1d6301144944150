//! Where the user is, as a hash URL (`#/customers?q=zs&type=dealer`), so every view can be
//! bookmarked and reloaded, and the app works from any folder of any static server (the hash
//! never reaches the server). Pure: parsing and printing are tested natively.

use crate::model::{CustomerType, Id};
use crate::search::{ListQuery, ScoreFilter, SortKey};

/// Which analysis table, sorted and filtered how.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AnalysesQuery {
    /// `abc`, `share`, `composition`, `products`, `rfm`.
    pub tab: String,
    pub sort: Option<String>,
    pub descending: bool,
    pub text: String,
    pub class: Option<u8>,
    pub segment: Option<u8>,
}

/// The segments page: the list, and the segment being edited (`#/segments?edit=new&from=abc-1`,
/// `#/segments?edit=<id>`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SegmentsView {
    pub edit: Option<SegmentEdit>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SegmentEdit {
    /// A new segment, blank or starting from a built-in one's rules.
    New {
        from: Option<ScoreFilter>,
    },
    Saved(Id),
}

/// The delivered-value page: one customer's assessments or all, and the one being edited
/// (`#/value?customer=<id>&edit=new`).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ValueView {
    pub customer: Option<Id>,
    pub edit: Option<ValueEdit>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ValueEdit {
    New,
    Existing(Id),
}

/// A page for one service record, or the form for a new one (`#/complaint/new?customer=<id>`,
/// `#/complaint/<id>`, the same for contracts).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RecordEdit {
    New { customer: Option<Id> },
    Existing(Id),
}

/// The satisfaction-survey pages: a tab (`results`, `entry`, `due`, `targets`, `plans`,
/// `templates`, `print`; empty is the results), narrowed to a customer and a survey form
/// (`#/surveys?tab=entry&customer=<id>&template=<id>`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SurveysQuery {
    pub tab: String,
    pub customer: Option<Id>,
    pub template: Option<Id>,
}

/// The monthly sales plans: a month's plans with their progress, and one customer's plan for
/// that month (`#/plans?month=2026-12&customer=<id>`; no month is this month).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PlansQuery {
    pub month: Option<chrono::NaiveDate>,
    pub customer: Option<Id>,
}

/// A period of days (`from` and `to` inclusive, `#/appraisal?from=2026-01-01&to=2026-11-30`;
/// either missing takes the page's default).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PeriodQuery {
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Route {
    Dashboard,
    Analyses(AnalysesQuery),
    Settings,
    Customers(ListQuery),
    NewCustomer,
    Customer(Id),
    Products,
    Staff,
    Data,
    Segments(SegmentsView),
    Value(ValueView),
    /// The warning centre; `true` shows the history (resolved warnings).
    Warnings(bool),
    /// Branch exchange: export, import, undo of the last import.
    Exchange,
    /// Importing a spreadsheet (CSV) of customers, products or sales lines.
    SheetImport,
    /// Key accounts on one page.
    KeyAccounts,
    /// The to-do list, everyone's or one owner's (`#/todo?owner=<id>`).
    Todo(Option<Id>),
    /// Complaints: the list with its statistics, and one complaint's workflow.
    Complaints,
    Complaint(RecordEdit),
    /// Satisfaction surveys: entry, results, targets, improvement plans, forms.
    Surveys(SurveysQuery),
    /// Contracts: the list, and one contract.
    Contracts,
    Contract(RecordEdit),
    /// The service desk's limits and schedules.
    ServiceSettings,
    /// Monthly sales plans and their progress.
    Plans(PlansQuery),
    /// The firm's receivables: every customer's debt, its ageing and the receivables line.
    Receivables,
    /// Staff and department performance over a period.
    Appraisal(PeriodQuery),
    /// Warning thresholds, credit defaults, appraisal weights and the scorecard's criteria.
    RiskSettings,
    /// What Kehu stores, where, how to export and erase it, and the erasure log.
    Privacy,
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
            ["analyses"] => Route::Analyses(AnalysesQuery {
                tab: get("tab").unwrap_or_default(),
                sort: get("sort"),
                descending: get("desc").as_deref() == Some("1"),
                text: get("q").unwrap_or_default(),
                class: get("class").and_then(|c| c.parse().ok()),
                segment: get("seg").and_then(|c| c.parse().ok()),
            }),
            ["settings"] => Route::Settings,
            ["customer", "new"] => Route::NewCustomer,
            ["customer", id] => match Id::parse(id) {
                Some(id) => Route::Customer(id),
                None => Route::NotFound(h.to_string()),
            },
            ["products"] => Route::Products,
            ["staff"] => Route::Staff,
            ["data"] => Route::Data,
            ["privacy"] => Route::Privacy,
            ["exchange"] => Route::Exchange,
            ["import"] => Route::SheetImport,
            ["warnings"] => Route::Warnings(get("show").as_deref() == Some("history")),
            ["segments"] => Route::Segments(SegmentsView {
                edit: match get("edit").as_deref() {
                    None => None,
                    Some("new") => {
                        Some(SegmentEdit::New { from: get("from").and_then(|f| ScoreFilter::from_code(&f)) })
                    }
                    Some(id) => Id::parse(id).map(SegmentEdit::Saved),
                },
            }),
            ["value"] => Route::Value(ValueView {
                customer: get("customer").and_then(|c| Id::parse(&c)),
                edit: match get("edit").as_deref() {
                    None => None,
                    Some("new") => Some(ValueEdit::New),
                    Some(id) => Id::parse(id).map(ValueEdit::Existing),
                },
            }),
            ["key-accounts"] => Route::KeyAccounts,
            ["todo"] => Route::Todo(get("owner").and_then(|o| Id::parse(&o))),
            ["complaints"] => Route::Complaints,
            ["complaint", "new"] => {
                Route::Complaint(RecordEdit::New { customer: get("customer").and_then(|c| Id::parse(&c)) })
            }
            ["complaint", id] => Id::parse(id)
                .map_or_else(|| Route::NotFound(h.to_string()), |id| Route::Complaint(RecordEdit::Existing(id))),
            ["surveys"] => Route::Surveys(SurveysQuery {
                tab: get("tab").unwrap_or_default(),
                customer: get("customer").and_then(|c| Id::parse(&c)),
                template: get("template").and_then(|t| Id::parse(&t)),
            }),
            ["contracts"] => Route::Contracts,
            ["contract", "new"] => {
                Route::Contract(RecordEdit::New { customer: get("customer").and_then(|c| Id::parse(&c)) })
            }
            ["contract", id] => Id::parse(id)
                .map_or_else(|| Route::NotFound(h.to_string()), |id| Route::Contract(RecordEdit::Existing(id))),
            ["service-settings"] => Route::ServiceSettings,
            ["plans"] => Route::Plans(PlansQuery {
                month: get("month")
                    .and_then(|m| chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok()),
                customer: get("customer").and_then(|c| Id::parse(&c)),
            }),
            ["receivables"] => Route::Receivables,
            ["appraisal"] => {
                let day = |k: &str| get(k).and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
                Route::Appraisal(PeriodQuery { from: day("from"), to: day("to") })
            }
            ["risk-settings"] => Route::RiskSettings,
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
            Route::Analyses(q) => {
                let mut params = Vec::new();
                if !q.tab.is_empty() {
                    params.push(format!("tab={}", encode(&q.tab)));
                }
                if let Some(s) = &q.sort {
                    params.push(format!("sort={}", encode(s)));
                }
                if q.descending {
                    params.push("desc=1".into());
                }
                if !q.text.is_empty() {
                    params.push(format!("q={}", encode(&q.text)));
                }
                if let Some(c) = q.class {
                    params.push(format!("class={c}"));
                }
                if let Some(c) = q.segment {
                    params.push(format!("seg={c}"));
                }
                if params.is_empty() {
                    "#/analyses".into()
                } else {
                    format!("#/analyses?{}", params.join("&"))
                }
            }
            Route::Settings => "#/settings".into(),
            Route::NewCustomer => "#/customer/new".into(),
            Route::Customer(id) => format!("#/customer/{id}"),
            Route::Products => "#/products".into(),
            Route::Staff => "#/staff".into(),
            Route::Data => "#/data".into(),
            Route::Privacy => "#/privacy".into(),
            Route::Exchange => "#/exchange".into(),
            Route::SheetImport => "#/import".into(),
            Route::Warnings(false) => "#/warnings".into(),
            Route::Warnings(true) => "#/warnings?show=history".into(),
            Route::Segments(v) => match v.edit {
                None => "#/segments".into(),
                Some(SegmentEdit::New { from: None }) => "#/segments?edit=new".into(),
                Some(SegmentEdit::New { from: Some(f) }) => format!("#/segments?edit=new&from={}", f.code()),
                Some(SegmentEdit::Saved(id)) => format!("#/segments?edit={id}"),
            },
            Route::Value(v) => {
                let mut params = Vec::new();
                if let Some(c) = v.customer {
                    params.push(format!("customer={c}"));
                }
                match v.edit {
                    Some(ValueEdit::New) => params.push("edit=new".into()),
                    Some(ValueEdit::Existing(id)) => params.push(format!("edit={id}")),
                    None => {}
                }
                if params.is_empty() {
                    "#/value".into()
                } else {
                    format!("#/value?{}", params.join("&"))
                }
            }
            Route::KeyAccounts => "#/key-accounts".into(),
            Route::Todo(None) => "#/todo".into(),
            Route::Todo(Some(owner)) => format!("#/todo?owner={owner}"),
            Route::Complaints => "#/complaints".into(),
            Route::Complaint(e) => record_hash("complaint", *e),
            Route::Surveys(q) => {
                let mut params = Vec::new();
                if !q.tab.is_empty() {
                    params.push(format!("tab={}", encode(&q.tab)));
                }
                if let Some(c) = q.customer {
                    params.push(format!("customer={c}"));
                }
                if let Some(t) = q.template {
                    params.push(format!("template={t}"));
                }
                if params.is_empty() {
                    "#/surveys".into()
                } else {
                    format!("#/surveys?{}", params.join("&"))
                }
            }
            Route::Contracts => "#/contracts".into(),
            Route::Contract(e) => record_hash("contract", *e),
            Route::ServiceSettings => "#/service-settings".into(),
            Route::Plans(q) => {
                let mut params = Vec::new();
                if let Some(m) = q.month {
                    params.push(m.format("month=%Y-%m").to_string());
                }
                if let Some(c) = q.customer {
                    params.push(format!("customer={c}"));
                }
                with_query("#/plans", &params)
            }
            Route::Receivables => "#/receivables".into(),
            Route::Appraisal(q) => {
                let mut params = Vec::new();
                if let Some(d) = q.from {
                    params.push(d.format("from=%Y-%m-%d").to_string());
                }
                if let Some(d) = q.to {
                    params.push(d.format("to=%Y-%m-%d").to_string());
                }
                with_query("#/appraisal", &params)
            }
            Route::RiskSettings => "#/risk-settings".into(),
            Route::NotFound(path) => format!("#/{path}"),
        }
    }
}

impl Route {
    /// Where a to-do item is dealt with: the complaint, the contract, the survey entry for the
    /// customer, the plans, the warnings, or the customer's page (visits, repairs).
    pub fn for_todo(item: &crate::service::TodoItem) -> Route {
        use crate::service::TodoKind as K;
        let surveys =
            |tab: &str, customer, template| Route::Surveys(SurveysQuery { tab: tab.into(), customer, template });
        match item.kind {
            K::Survey => surveys("entry", item.customer, None),
            K::ImprovementPlan => surveys("plans", None, None),
            K::PlanNeeded => surveys("targets", None, Some(item.target.1)),
            K::ComplaintStep => Route::Complaint(RecordEdit::Existing(item.target.1)),
            K::ContractRenewal => Route::Contract(RecordEdit::Existing(item.target.1)),
            K::Warning => Route::Warnings(false),
            K::ReturnVisit | K::KeyAccountVisit | K::Repair => match item.customer {
                Some(c) => Route::Customer(c),
                None => Route::Todo(None),
            },
        }
    }
}

fn with_query(path: &str, params: &[String]) -> String {
    if params.is_empty() {
        path.into()
    } else {
        format!("{path}?{}", params.join("&"))
    }
}

fn record_hash(page: &str, edit: RecordEdit) -> String {
    match edit {
        RecordEdit::New { customer: None } => format!("#/{page}/new"),
        RecordEdit::New { customer: Some(c) } => format!("#/{page}/new?customer={c}"),
        RecordEdit::Existing(id) => format!("#/{page}/{id}"),
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
            Route::Analyses(AnalysesQuery::default()),
            Route::Analyses(AnalysesQuery {
                tab: "rfm".into(),
                sort: Some("clv".into()),
                descending: true,
                text: "宏达".into(),
                class: Some(1),
                segment: Some(3),
            }),
            Route::Customer(Id::v7(9, [1; 10])),
            Route::Products,
            Route::Staff,
            Route::Data,
            Route::Privacy,
            Route::Exchange,
            Route::Warnings(false),
            Route::Warnings(true),
            Route::SheetImport,
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
    }

    #[test]
    fn segment_and_value_views_round_trip() {
        let id = Id::v7(9, [2; 10]);
        for f in [ScoreFilter::KeyAccounts, ScoreFilter::Saved(id)] {
            assert_eq!(ScoreFilter::from_code(&f.code()), Some(f));
        }
        assert_eq!(ScoreFilter::from_code("saved-nope"), None);
        for r in [
            Route::Segments(SegmentsView::default()),
            Route::Segments(SegmentsView { edit: Some(SegmentEdit::New { from: None }) }),
            Route::Segments(SegmentsView { edit: Some(SegmentEdit::New { from: Some(ScoreFilter::Class(1)) }) }),
            Route::Segments(SegmentsView { edit: Some(SegmentEdit::Saved(id)) }),
            Route::Value(ValueView::default()),
            Route::Value(ValueView { customer: Some(id), edit: Some(ValueEdit::New) }),
            Route::Value(ValueView { customer: None, edit: Some(ValueEdit::Existing(id)) }),
            Route::Customers(ListQuery { score: Some(ScoreFilter::Saved(id)), ..ListQuery::default() }),
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
        for r in [
            Route::KeyAccounts,
            Route::Todo(None),
            Route::Todo(Some(id)),
            Route::Complaints,
            Route::Complaint(RecordEdit::New { customer: None }),
            Route::Complaint(RecordEdit::New { customer: Some(id) }),
            Route::Complaint(RecordEdit::Existing(id)),
            Route::Surveys(SurveysQuery::default()),
            Route::Surveys(SurveysQuery { tab: "entry".into(), customer: Some(id), template: Some(id) }),
            Route::Contracts,
            Route::Contract(RecordEdit::New { customer: Some(id) }),
            Route::Contract(RecordEdit::Existing(id)),
            Route::ServiceSettings,
            Route::Plans(PlansQuery::default()),
            Route::Plans(PlansQuery { month: chrono::NaiveDate::from_ymd_opt(2026, 12, 1), customer: Some(id) }),
            Route::Receivables,
            Route::Appraisal(PeriodQuery::default()),
            Route::Appraisal(PeriodQuery {
                from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1),
                to: chrono::NaiveDate::from_ymd_opt(2026, 11, 30),
            }),
            Route::RiskSettings,
        ] {
            assert_eq!(Route::parse(&r.to_hash()), r, "{}", r.to_hash());
        }
        assert!(matches!(Route::parse("#/complaint/xyz"), Route::NotFound(_)));
        // A bad id in the URL opens the list, not a broken editor.
        assert_eq!(Route::parse("#/segments?edit=xyz"), Route::Segments(SegmentsView::default()));
    }

    #[test]
    fn todo_items_open_where_they_are_dealt_with() {
        use crate::model::Kind;
        use crate::service::{TodoDetail, TodoItem, TodoKind};
        let (c, t) = (Id::v7(1, [1; 10]), Id::v7(2, [2; 10]));
        let item = |kind, target| TodoItem {
            kind,
            customer: Some(c),
            owner: None,
            due: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            days_overdue: 0,
            target,
            detail: TodoDetail::None,
        };
        let entry = Route::Surveys(SurveysQuery { tab: "entry".into(), customer: Some(c), template: None });
        assert_eq!(Route::for_todo(&item(TodoKind::Survey, (Kind::Customer, c))), entry);
        assert_eq!(
            Route::for_todo(&item(TodoKind::ComplaintStep, (Kind::Complaint, t))),
            Route::Complaint(RecordEdit::Existing(t))
        );
        assert_eq!(
            Route::for_todo(&item(TodoKind::ContractRenewal, (Kind::Contract, t))),
            Route::Contract(RecordEdit::Existing(t))
        );
        assert_eq!(Route::for_todo(&item(TodoKind::ReturnVisit, (Kind::Delivery, t))), Route::Customer(c));
        assert_eq!(Route::for_todo(&item(TodoKind::Repair, (Kind::Repair, t))), Route::Customer(c));
        assert_eq!(Route::for_todo(&item(TodoKind::Warning, (Kind::Warning, t))), Route::Warnings(false));
        let plan_needed = Route::for_todo(&item(TodoKind::PlanNeeded, (Kind::SurveyTemplate, t)));
        assert_eq!(
            plan_needed,
            Route::Surveys(SurveysQuery { tab: "targets".into(), customer: None, template: Some(t) })
        );
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
