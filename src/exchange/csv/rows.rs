//! Importing the rows of a mapped sheet: each row on its own, with a result per row.

use super::mapping::{Field, Mapping, Target};
use super::Sheet;
use crate::edits::{parse_tags, Origin};
use crate::model::validate::{parse_date, validate_customer, validate_product, Invalid};
use crate::model::{
    Action, Customer, CustomerType, Dataset, Fact, HlcClock, Id, IdSource, Kind, Money, NumberError, Product, Qty,
    Record, Revision, Sale,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What an import needs from outside the core.
#[derive(Clone, Debug)]
pub struct ImportContext {
    /// The importing branch.
    pub branch: Id,
    /// Who imports.
    pub by: Option<Id>,
    /// The wall clock now (ms), for the stamps.
    pub now_ms: u64,
    /// Today, for date checks.
    pub today: NaiveDate,
}

/// What is wrong with one cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellError {
    /// The column (0-based), `None` for a required field no column holds.
    pub column: Option<usize>,
    pub field: Field,
    pub problem: Problem,
}

/// The reason a cell was refused. The UI translates these.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Required,
    TooLong {
        max: usize,
    },
    Phone,
    TaxNumber,
    /// Not a number, too many decimals, or out of range.
    Number,
    Negative,
    Date,
    DateInFuture,
    /// No customer / product with this name (or id, or phone).
    NotFound,
    /// Several customers / products match; use the id or make the name unique.
    Ambiguous,
    UnknownCustomerType,
    Other,
}

impl From<Invalid> for Problem {
    fn from(i: Invalid) -> Problem {
        match i {
            Invalid::Required => Problem::Required,
            Invalid::TooLong(max) => Problem::TooLong { max },
            Invalid::Phone => Problem::Phone,
            Invalid::TaxNumber => Problem::TaxNumber,
            Invalid::Number(_) => Problem::Number,
            Invalid::Negative | Invalid::NotPositive => Problem::Negative,
            Invalid::Date => Problem::Date,
            Invalid::DateInFuture => Problem::DateInFuture,
            Invalid::UnknownCustomer | Invalid::UnknownProduct => Problem::NotFound,
            _ => Problem::Other,
        }
    }
}

/// What happened to one row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowOutcome {
    /// Imported as a new item with this id.
    Imported { id: Id },
    /// Refused: every problem found in the row.
    Failed { errors: Vec<CellError> },
}

/// One row's result, with its index in [`Sheet::rows`] and line in the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowResult {
    pub row: usize,
    pub line: u64,
    pub outcome: RowOutcome,
}

/// The result of importing a sheet: the batch of the good rows (new records and their history
/// entries, to commit in one transaction) and a result per row.
#[derive(Clone, Debug, Default)]
pub struct SheetImport {
    pub batch: Dataset,
    pub rows: Vec<RowResult>,
}

impl SheetImport {
    pub fn imported(&self) -> usize {
        self.rows.iter().filter(|r| matches!(r.outcome, RowOutcome::Imported { .. })).count()
    }
    pub fn failed(&self) -> impl Iterator<Item = &RowResult> {
        self.rows.iter().filter(|r| matches!(r.outcome, RowOutcome::Failed { .. }))
    }
}

struct RowReader<'a> {
    sheet: &'a Sheet,
    mapping: &'a Mapping,
    row: usize,
    errors: Vec<CellError>,
}

impl RowReader<'_> {
    fn text(&self, field: Field) -> &str {
        self.mapping.column_of(field).map_or("", |c| self.sheet.cell(self.row, c).trim())
    }

    fn fail(&mut self, field: Field, problem: Problem) {
        self.errors.push(CellError { column: self.mapping.column_of(field), field, problem });
    }

    fn money(&mut self, field: Field, negative_ok: bool) -> Option<Money> {
        let t = self.text(field);
        if t.is_empty() {
            return None;
        }
        match Money::parse(t) {
            Ok(m) if m.0 < 0 && !negative_ok => {
                self.fail(field, Problem::Negative);
                None
            }
            Ok(m) => Some(m),
            Err(NumberError::Empty) => None,
            Err(_) => {
                self.fail(field, Problem::Number);
                None
            }
        }
    }

    fn date(&mut self, field: Field, today: NaiveDate) -> Option<NaiveDate> {
        let t = self.text(field);
        if t.is_empty() {
            return None;
        }
        match parse_date(t) {
            Some(d) if d > today => {
                self.fail(field, Problem::DateInFuture);
                None
            }
            Some(d) => Some(d),
            None => {
                self.fail(field, Problem::Date);
                None
            }
        }
    }

    fn require(&mut self, field: Field) {
        if self.text(field).is_empty() && !self.errors.iter().any(|e| e.field == field) {
            self.fail(field, Problem::Required);
        }
    }
}

fn field_of(name: &str) -> Option<Field> {
    Some(match name {
        "name" => Field::Name,
        "phone" => Field::Phone,
        "tax_number" => Field::TaxNumber,
        "since" => Field::Since,
        "address" => Field::Address,
        "region" => Field::Region,
        "city" => Field::City,
        "manager" => Field::Manager,
        "legal_representative" => Field::LegalRepresentative,
        "business_lines" => Field::BusinessLines,
        "notes" => Field::Notes,
        "spec" => Field::Spec,
        "unit" => Field::Unit,
        "category" => Field::Category,
        _ => return None,
    })
}

/// Customer types by their Chinese and English names.
pub fn customer_type(text: &str) -> Option<CustomerType> {
    let t = text.trim().to_lowercase();
    Some(match t.as_str() {
        "" => return None,
        "经销商" | "dealer" => CustomerType::Dealer,
        "零售商" | "retailer" => CustomerType::Retailer,
        "代理商" | "agent" => CustomerType::Agent,
        "工业客户" | "工业" | "industrial" => CustomerType::Industrial,
        "消费者" | "终端客户" | "consumer" => CustomerType::Consumer,
        _ => return None,
    })
}

/// Finds customers and products by id, exact name (and, for customers, phone).
struct Lookup {
    customers: HashMap<String, Vec<Id>>,
    products: HashMap<String, Vec<(Id, String)>>,
    product_price: HashMap<Id, (Money, Money)>,
}

impl Lookup {
    fn new(data: &Dataset) -> Lookup {
        let mut customers: HashMap<String, Vec<Id>> = HashMap::new();
        for c in data.customers.live() {
            customers.entry(c.id.to_string()).or_default().push(c.id);
            customers.entry(c.data.name.trim().to_string()).or_default().push(c.id);
            if let Some(p) = crate::exchange::duplicates::phone_key(&c.data.phone) {
                customers.entry(p).or_default().push(c.id);
            }
        }
        let mut products: HashMap<String, Vec<(Id, String)>> = HashMap::new();
        let mut product_price = HashMap::new();
        for p in data.products.live() {
            products.entry(p.id.to_string()).or_default().push((p.id, p.data.spec.clone()));
            products.entry(p.data.name.trim().to_string()).or_default().push((p.id, p.data.spec.clone()));
            product_price.insert(p.id, (p.data.list_price, p.data.unit_cost));
        }
        Lookup { customers, products, product_price }
    }

    fn customer(&self, text: &str) -> Result<Id, Problem> {
        let mut found: Vec<Id> = self.customers.get(text).cloned().unwrap_or_default();
        if found.is_empty() {
            if let Some(p) = crate::exchange::duplicates::phone_key(text) {
                found = self.customers.get(&p).cloned().unwrap_or_default();
            }
        }
        found.sort();
        found.dedup();
        match found.len() {
            0 => Err(Problem::NotFound),
            1 => Ok(found[0]),
            _ => Err(Problem::Ambiguous),
        }
    }

    fn product(&self, text: &str, spec: &str) -> Result<Id, Problem> {
        let all = self.products.get(text).cloned().unwrap_or_default();
        let narrowed: Vec<&(Id, String)> =
            if spec.is_empty() { all.iter().collect() } else { all.iter().filter(|(_, s)| s == spec).collect() };
        let pick = if narrowed.is_empty() && !spec.is_empty() { all.iter().collect() } else { narrowed };
        match pick.len() {
            0 => Err(Problem::NotFound),
            1 => Ok(pick[0].0),
            _ => Err(Problem::Ambiguous),
        }
    }
}

/// Imports the rows of `sheet` as `mapping.target` against the local `data` (sales lines name
/// customers — by id, exact name or phone — and products — by id or name, and spec — that exist
/// there: import customers and products first). Every row gets a new
/// id from `ids` and a new stamp from `clock`; failed rows get nothing written.
pub fn import(
    sheet: &Sheet,
    mapping: &Mapping,
    data: &Dataset,
    ctx: &ImportContext,
    ids: &mut dyn IdSource,
    clock: &mut HlcClock,
) -> SheetImport {
    let mut out = SheetImport::default();
    let lookup = Lookup::new(data);
    for row in 0..sheet.rows.len() {
        let mut r = RowReader { sheet, mapping, row, errors: Vec::new() };
        for field in mapping.target.required() {
            r.require(*field);
        }
        let stamp = clock.tick(ctx.now_ms);
        let o = Origin { branch: ctx.branch, stamp, by: ctx.by };
        let made: Option<Id> = match mapping.target {
            Target::Customers => customer_row(&mut r, ctx, o, ids, &mut out.batch),
            Target::Products => product_row(&mut r, o, ids, &mut out.batch),
            Target::SalesLines => sale_row(&mut r, ctx, o, ids, &lookup, &mut out.batch),
        };
        let outcome = match made {
            Some(id) if r.errors.is_empty() => RowOutcome::Imported { id },
            _ => {
                let mut errors = std::mem::take(&mut r.errors);
                if errors.is_empty() {
                    let field = mapping.target.required()[0];
                    errors.push(CellError { column: mapping.column_of(field), field, problem: Problem::Other });
                }
                RowOutcome::Failed { errors }
            }
        };
        out.rows.push(RowResult { row, line: sheet.rows[row].line, outcome });
    }
    out
}

fn created(kind: Kind, entity: Id, rev_id: Id, o: Origin) -> Fact<Revision> {
    Fact::new(rev_id, o.branch, o.stamp, o.by, Revision { kind, entity, action: Action::Created, changes: Vec::new() })
}

fn customer_row(
    r: &mut RowReader,
    ctx: &ImportContext,
    o: Origin,
    ids: &mut dyn IdSource,
    batch: &mut Dataset,
) -> Option<Id> {
    let kind_text = r.text(Field::CustomerType).to_string();
    let customer_type = match customer_type(&kind_text) {
        Some(t) => t,
        None if kind_text.is_empty() => CustomerType::default(),
        None => {
            r.fail(Field::CustomerType, Problem::UnknownCustomerType);
            CustomerType::default()
        }
    };
    let c = Customer {
        name: r.text(Field::Name).to_string(),
        customer_type,
        phone: r.text(Field::Phone).to_string(),
        address: r.text(Field::Address).to_string(),
        region: r.text(Field::Region).to_string(),
        city: r.text(Field::City).to_string(),
        tax_number: r.text(Field::TaxNumber).to_uppercase(),
        manager: r.text(Field::Manager).to_string(),
        legal_representative: r.text(Field::LegalRepresentative).to_string(),
        since: r.date(Field::Since, ctx.today),
        business_lines: r.text(Field::BusinessLines).to_string(),
        notes: r.text(Field::Notes).to_string(),
        ..Customer::default()
    };
    for e in validate_customer(&c, ctx.today) {
        if let Some(field) = field_of(e.field) {
            if !r.errors.iter().any(|x| x.field == field) {
                r.fail(field, e.problem.into());
            }
        }
    }
    if !r.errors.is_empty() {
        return None;
    }
    let tags = parse_tags(r.text(Field::Tags));
    let (id, rev) = (ids.next_id(), ids.next_id());
    let mut record = Record::new(id, o.branch, o.stamp, o.by, c);
    record.set_tags(&tags, o.stamp, o.by);
    batch.customers.merge(record);
    batch.revisions.merge(created(Kind::Customer, id, rev, o));
    Some(id)
}

fn product_row(r: &mut RowReader, o: Origin, ids: &mut dyn IdSource, batch: &mut Dataset) -> Option<Id> {
    let p = Product {
        name: r.text(Field::Name).to_string(),
        spec: r.text(Field::Spec).to_string(),
        unit: r.text(Field::Unit).to_string(),
        category: r.text(Field::Category).to_string(),
        list_price: r.money(Field::ListPrice, false).unwrap_or_default(),
        unit_cost: r.money(Field::UnitCost, false).unwrap_or_default(),
        archived: false,
    };
    for e in validate_product(&p) {
        if let Some(field) = field_of(e.field) {
            if !r.errors.iter().any(|x| x.field == field) {
                r.fail(field, e.problem.into());
            }
        }
    }
    if !r.errors.is_empty() {
        return None;
    }
    let (id, rev) = (ids.next_id(), ids.next_id());
    batch.products.merge(Record::new(id, o.branch, o.stamp, o.by, p));
    batch.revisions.merge(created(Kind::Product, id, rev, o));
    Some(id)
}

fn sale_row(
    r: &mut RowReader,
    ctx: &ImportContext,
    o: Origin,
    ids: &mut dyn IdSource,
    lookup: &Lookup,
    batch: &mut Dataset,
) -> Option<Id> {
    let customer = match r.text(Field::Customer) {
        "" => None,
        t => match lookup.customer(t) {
            Ok(id) => Some(id),
            Err(p) => {
                r.fail(Field::Customer, p);
                None
            }
        },
    };
    let spec = r.text(Field::Spec).to_string();
    let product = match r.text(Field::Product) {
        "" => None,
        t => match lookup.product(t, &spec) {
            Ok(id) => Some(id),
            Err(p) => {
                r.fail(Field::Product, p);
                None
            }
        },
    };
    let date = r.date(Field::Date, ctx.today);
    let quantity = match r.text(Field::Quantity) {
        "" => None,
        t => match Qty::parse(t) {
            Ok(q) => Some(q),
            Err(_) => {
                r.fail(Field::Quantity, Problem::Number);
                None
            }
        },
    };
    let unit_price = r.money(Field::UnitPrice, false);
    let amount = match r.money(Field::Amount, true) {
        Some(a) => Some(a),
        None => {
            match (unit_price.or_else(|| product.and_then(|p| lookup.product_price.get(&p).map(|x| x.0))), quantity) {
                (Some(price), Some(q)) => Some(price.times_qty(q)),
                _ => {
                    if r.text(Field::Amount).is_empty()
                        && r.mapping.column_of(Field::UnitPrice).is_none()
                        && product.is_some()
                    {
                        r.fail(Field::Amount, Problem::Required);
                    }
                    None
                }
            }
        }
    };
    let cost = r.money(Field::Cost, true).or_else(|| {
        let unit_cost = product.and_then(|p| lookup.product_price.get(&p).map(|x| x.1))?;
        quantity.map(|q| unit_cost.times_qty(q))
    });
    let note = r.text(Field::Note).to_string();
    if note.chars().count() > 300 {
        r.fail(Field::Note, Problem::TooLong { max: 300 });
    }
    if !r.errors.is_empty() {
        return None;
    }
    let (customer, product, date, quantity, amount) = (customer?, product?, date?, quantity?, amount?);
    let sale =
        Sale { customer, product, spec, date, quantity, amount, cost: cost.unwrap_or_default(), return_of: None, note };
    let id = ids.next_id();
    batch.sales.merge(Fact::new(id, o.branch, o.stamp, o.by, sale));
    Some(id)
}
