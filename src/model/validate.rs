//! Validation of what users type, before anything is written. Each problem names its field, so
//! the form can show the message next to it; the UI translates [`Invalid`] into the language.

use super::money::NumberError;
use super::service::ComplaintStepKind;
use super::{Contact, Customer, Dataset, Department, Id, Money, Product, Qty, Sale, Staff};
use chrono::{Datelike, NaiveDate};

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Required,
    TooLong(usize),
    Phone,
    Email,
    TaxNumber,
    Number(NumberError),
    Date,
    DateInFuture,
    NotPositive,
    Negative,
    UnknownProduct,
    UnknownCustomer,
    Year,
    PaidTooMuch,
    ReturnTooMuch,
    /// A date before the one it must follow (given): a contract ending before it starts, a
    /// complaint step dated before the step it follows.
    Before(NaiveDate),
    /// A survey answer that is not one of the five levels.
    Level,
    /// A survey form with no item answered.
    NoAnswers,
    UnknownStaff,
    UnknownDepartment,
    UnknownTemplate,
    UnknownDelivery,
    UnknownComplaint,
    /// Not one of the values offered.
    Choice,
    /// This complaint step cannot be recorded now; the step that can (None: it is closed).
    StepOrder(Option<ComplaintStepKind>),
    /// What was told to the customer must be recorded (no complaint ends without feedback).
    FeedbackRequired,
    /// A photo larger than the limit, in KB.
    FileTooLarge(u32),
    /// Not a JPEG, PNG or WebP image.
    FileType,
    /// More items than allowed (photos on a step, items on a form).
    TooMany(usize),
    /// Another record holds this value already (a contract number, a target's year).
    Duplicate,
    /// Weights that must add up to 100 percent add up to this.
    WeightSum(u32),
    /// A warning cannot move to this state from where it is (raised → acknowledged → cause
    /// found → resolved, one step at a time).
    WarningStep,
    /// Not a PIN: 4 to 12 digits.
    Pin,
    /// Not the staff member's current PIN.
    WrongPin,
}

/// A problem with one field of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Invalid,
}

fn err(field: &'static str, problem: Invalid) -> FieldError {
    FieldError { field, problem }
}

const NAME_MAX: usize = 120;
const LINE_MAX: usize = 300;
const TEXT_MAX: usize = 4000;

fn check_len(out: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    if value.chars().count() > max {
        out.push(err(field, Invalid::TooLong(max)));
    }
}

fn check_required(out: &mut Vec<FieldError>, field: &'static str, value: &str, max: usize) {
    if value.trim().is_empty() {
        out.push(err(field, Invalid::Required));
    } else {
        check_len(out, field, value, max);
    }
}

/// Phone numbers: digits with spaces, +, -, parentheses, an optional extension; 5–20 digits.
pub fn is_phone(text: &str) -> bool {
    let t = text.trim();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    (5..=20).contains(&digits)
        && t.chars().all(|c| c.is_ascii_digit() || " +-()转#".contains(c) || c == 'x' || c == 'X')
}

pub fn is_email(text: &str) -> bool {
    let t = text.trim();
    match t.split_once('@') {
        Some((user, domain)) => {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !t.chars().any(char::is_whitespace)
                && !domain.contains('@')
        }
        None => false,
    }
}

/// Chinese tax numbers: the 18-character unified social credit code (统一社会信用代码, with its
/// GB 32100-2015 check character), or an older 15- or 20-character registration number.
pub fn is_tax_number(text: &str) -> bool {
    const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let t: String = text.trim().to_ascii_uppercase();
    if !t.chars().all(|c| c.is_ascii_alphanumeric()) {
        return false;
    }
    match t.len() {
        15 | 20 => true,
        18 => {
            let values: Option<Vec<u32>> = t.chars().map(|c| CHARSET.find(c).map(|i| i as u32)).collect();
            let Some(values) = values else { return false };
            let sum: u32 = values[..17].iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
            let check = (31 - sum % 31) % 31;
            values[17] == check
        }
        _ => false,
    }
}

/// Parses a date typed as 2024-03-05, 2024/3/5, 2024.3.5 or 2024年3月5日.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    let t = t.trim_end_matches('日');
    let parts: Vec<&str> = t.split(['-', '/', '.', '年', '月']).collect();
    if parts.len() == 3 {
        let y = parts[0].trim().parse().ok()?;
        let m = parts[1].trim().parse().ok()?;
        let d = parts[2].trim().parse().ok()?;
        return NaiveDate::from_ymd_opt(y, m, d);
    }
    if t.len() == 8 && t.chars().all(|c| c.is_ascii_digit()) {
        return NaiveDate::parse_from_str(t, "%Y%m%d").ok();
    }
    None
}

pub fn validate_customer(c: &Customer, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_required(&mut out, "name", &c.name, NAME_MAX);
    if !c.phone.trim().is_empty() && !is_phone(&c.phone) {
        out.push(err("phone", Invalid::Phone));
    }
    if !c.tax_number.trim().is_empty() && !is_tax_number(&c.tax_number) {
        out.push(err("tax_number", Invalid::TaxNumber));
    }
    if c.since.is_some_and(|d| d > today) {
        out.push(err("since", Invalid::DateInFuture));
    }
    for (field, value) in [
        ("address", &c.address),
        ("region", &c.region),
        ("city", &c.city),
        ("manager", &c.manager),
        ("legal_representative", &c.legal_representative),
    ] {
        check_len(&mut out, field, value, LINE_MAX);
    }
    for (field, value) in [
        ("business_lines", &c.business_lines),
        ("sales_capability", &c.sales_capability),
        ("development_potential", &c.development_potential),
        ("business_philosophy", &c.business_philosophy),
        ("business_direction", &c.business_direction),
        ("business_policy", &c.business_policy),
        ("features", &c.features),
        ("sales_results", &c.sales_results),
        ("market_share", &c.market_share),
        ("competitiveness", &c.competitiveness),
        ("competitor_relations", &c.competitor_relations),
        ("cooperation", &c.cooperation),
        ("current_activity", &c.current_activity),
        ("open_problems", &c.open_problems),
        ("strategy", &c.strategy),
        ("outlook", &c.outlook),
        ("image", &c.image),
        ("reputation", &c.reputation),
        ("financial_status", &c.financial_status),
        ("credit_status", &c.credit_status),
        ("notes", &c.notes),
    ] {
        check_len(&mut out, field, value, TEXT_MAX);
    }
    out
}

pub fn validate_contact(c: &Contact, today: NaiveDate) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_required(&mut out, "name", &c.name, NAME_MAX);
    if !c.phone.trim().is_empty() && !is_phone(&c.phone) {
        out.push(err("phone", Invalid::Phone));
    }
    if !c.email.trim().is_empty() && !is_email(&c.email) {
        out.push(err("email", Invalid::Email));
    }
    if c.birth_year.is_some_and(|y| y < 1900 || y > today.year()) {
        out.push(err("birth_year", Invalid::Year));
    }
    check_len(&mut out, "title", &c.title, LINE_MAX);
    for (field, value) in [
        ("education", &c.education),
        ("interests", &c.interests),
        ("ability", &c.ability),
        ("background", &c.background),
        ("character", &c.character),
        ("family", &c.family),
        ("health", &c.health),
        ("personal_notes", &c.personal_notes),
    ] {
        check_len(&mut out, field, value, TEXT_MAX);
    }
    out
}

pub fn validate_product(p: &Product) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_required(&mut out, "name", &p.name, NAME_MAX);
    check_len(&mut out, "spec", &p.spec, LINE_MAX);
    check_len(&mut out, "unit", &p.unit, 20);
    check_len(&mut out, "category", &p.category, LINE_MAX);
    if p.list_price.0 < 0 {
        out.push(err("list_price", Invalid::Negative));
    }
    if p.unit_cost.0 < 0 {
        out.push(err("unit_cost", Invalid::Negative));
    }
    out
}

pub fn validate_staff(s: &Staff) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_required(&mut out, "name", &s.name, NAME_MAX);
    check_len(&mut out, "title", &s.title, LINE_MAX);
    if !s.phone.trim().is_empty() && !is_phone(&s.phone) {
        out.push(err("phone", Invalid::Phone));
    }
    if !s.email.trim().is_empty() && !is_email(&s.email) {
        out.push(err("email", Invalid::Email));
    }
    out
}

pub fn validate_department(d: &Department) -> Vec<FieldError> {
    let mut out = Vec::new();
    check_required(&mut out, "name", &d.name, NAME_MAX);
    out
}

/// A sales line as typed into the form on the customer page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaleForm {
    pub date: String,
    pub product: Option<Id>,
    pub spec: String,
    pub quantity: String,
    /// Empty = list price × quantity.
    pub amount: String,
    /// Paid on the spot (recorded as a payment against this line); empty = nothing.
    pub paid_now: String,
    pub note: String,
}

/// Checks a sales-line form against the data and turns it into a sale and the amount paid now.
pub fn parse_sale_form(
    form: &SaleForm,
    customer: Id,
    data: &Dataset,
    today: NaiveDate,
) -> Result<(Sale, Money), Vec<FieldError>> {
    let mut out = Vec::new();
    if data.customers.get(&customer).is_none_or(|c| c.is_deleted()) {
        out.push(err("customer", Invalid::UnknownCustomer));
    }
    let date = match parse_date(&form.date) {
        Some(d) if d > today => {
            out.push(err("date", Invalid::DateInFuture));
            None
        }
        Some(d) => Some(d),
        None => {
            out.push(err("date", if form.date.trim().is_empty() { Invalid::Required } else { Invalid::Date }));
            None
        }
    };
    let product = form.product.and_then(|id| data.products.get(&id)).filter(|p| !p.is_deleted());
    if product.is_none() {
        out.push(err("product", Invalid::UnknownProduct));
    }
    let quantity = match Qty::parse(&form.quantity) {
        Ok(q) if q.0 <= 0 => {
            out.push(err("quantity", Invalid::NotPositive));
            None
        }
        Ok(q) => Some(q),
        Err(NumberError::Empty) => {
            out.push(err("quantity", Invalid::Required));
            None
        }
        Err(e) => {
            out.push(err("quantity", Invalid::Number(e)));
            None
        }
    };
    let amount = if form.amount.trim().is_empty() {
        match (product, quantity) {
            (Some(p), Some(q)) => Some(p.data.list_price.times_qty(q)),
            _ => None,
        }
    } else {
        match Money::parse(&form.amount) {
            Ok(m) if m.0 < 0 => {
                out.push(err("amount", Invalid::Negative));
                None
            }
            Ok(m) => Some(m),
            Err(e) => {
                out.push(err("amount", Invalid::Number(e)));
                None
            }
        }
    };
    let paid = if form.paid_now.trim().is_empty() {
        Money::ZERO
    } else {
        match Money::parse(&form.paid_now) {
            Ok(m) if m.0 < 0 => {
                out.push(err("paid_now", Invalid::Negative));
                Money::ZERO
            }
            Ok(m) if amount.is_some_and(|a| m > a) => {
                out.push(err("paid_now", Invalid::PaidTooMuch));
                Money::ZERO
            }
            Ok(m) => m,
            Err(e) => {
                out.push(err("paid_now", Invalid::Number(e)));
                Money::ZERO
            }
        }
    };
    check_len(&mut out, "spec", &form.spec, LINE_MAX);
    check_len(&mut out, "note", &form.note, LINE_MAX);
    match (out.is_empty(), date, product, quantity, amount) {
        (true, Some(date), Some(p), Some(quantity), Some(amount)) => {
            let spec = if form.spec.trim().is_empty() { p.data.spec.clone() } else { form.spec.trim().to_string() };
            let sale = Sale {
                customer,
                product: p.id,
                spec,
                date,
                quantity,
                amount,
                cost: p.data.unit_cost.times_qty(quantity),
                return_of: None,
                note: form.note.trim().to_string(),
            };
            Ok((sale, paid))
        }
        _ => Err(out),
    }
}

/// Builds the negative line that returns `quantity` of an earlier line, at that line's price.
pub fn return_line(
    original: &Sale,
    original_id: Id,
    quantity_text: &str,
    already_returned: Qty,
    date: NaiveDate,
) -> Result<Sale, FieldError> {
    let quantity = match Qty::parse(quantity_text) {
        Ok(q) if q.0 <= 0 => return Err(err("quantity", Invalid::NotPositive)),
        Ok(q) => q,
        Err(NumberError::Empty) => return Err(err("quantity", Invalid::Required)),
        Err(e) => return Err(err("quantity", Invalid::Number(e))),
    };
    if quantity.0 + already_returned.0 > original.quantity.0 {
        return Err(err("quantity", Invalid::ReturnTooMuch));
    }
    // Pro-rata of the original amount and cost, so a full return cancels the line exactly.
    let share = |m: Money| -> Money {
        if quantity == original.quantity {
            return m;
        }
        let p = i128::from(m.0) * i128::from(quantity.0);
        let q = i128::from(original.quantity.0.max(1));
        Money(((p + q / 2) / q) as i64)
    };
    Ok(Sale {
        customer: original.customer,
        product: original.product,
        spec: original.spec.clone(),
        date,
        quantity: -quantity,
        amount: -share(original.amount),
        cost: -share(original.cost),
        return_of: Some(original_id),
        note: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId, Record};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn customer_needs_a_name_and_valid_numbers() {
        let mut c = Customer::default();
        let e = validate_customer(&c, today());
        assert_eq!(e, vec![err("name", Invalid::Required)]);
        c.name = "杭州宏达建材有限公司".into();
        c.phone = "0571-8888 6666".into();
        c.tax_number = "91330100MA27XL0Q2T".into();
        assert!(validate_customer(&c, today()).is_empty(), "{:?}", validate_customer(&c, today()));
        c.phone = "abc".into();
        c.tax_number = "91330100MA27XL0Q2U".into();
        c.since = NaiveDate::from_ymd_opt(2027, 1, 1);
        let fields: Vec<&str> = validate_customer(&c, today()).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["phone", "tax_number", "since"]);
        c.phone = String::new();
        c.tax_number = String::new();
        c.since = None;
        c.name = "名".repeat(121);
        assert_eq!(validate_customer(&c, today()), vec![err("name", Invalid::TooLong(120))]);
    }

    #[test]
    fn staff_and_departments_need_names_and_valid_contacts() {
        let mut s = Staff { phone: "x".into(), email: "y".into(), ..Staff::default() };
        let fields: Vec<&str> = validate_staff(&s).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "phone", "email"]);
        s = Staff { name: "王芳".into(), phone: "13800138000".into(), ..Staff::default() };
        assert!(validate_staff(&s).is_empty());
        assert_eq!(validate_department(&Department::default()), vec![err("name", Invalid::Required)]);
    }

    #[test]
    fn tax_number_check_character() {
        // A real code's check character verifies; changing any character breaks it.
        assert!(is_tax_number("91110000600037341L"));
        assert!(!is_tax_number("91110000600037341M"));
        assert!(!is_tax_number("91110000600037342L"));
        assert!(is_tax_number("110108600037341"));
        assert!(!is_tax_number("12345"));
        assert!(!is_tax_number("91110000-00037341L"));
    }

    #[test]
    fn phones_and_emails() {
        for ok in ["13800138000", "+86 138 0013 8000", "(0571) 8888-6666", "0571-88886666转123"] {
            assert!(is_phone(ok), "{ok}");
        }
        for bad in ["1234", "138001380001380013800", "call me", ""] {
            assert!(!is_phone(bad), "{bad}");
        }
        assert!(is_email("wang@example.com.cn"));
        assert!(!is_email("wang@example"));
        assert!(!is_email("wang example@x.com"));
    }

    #[test]
    fn dates_in_the_usual_chinese_forms() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5);
        for t in ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日", "20240305", " 2024-3-5 "] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        assert_eq!(parse_date("2024-02-30"), None);
        assert_eq!(parse_date("5/3/2024"), None);
    }

    fn data_with_product() -> (Dataset, Id, Id) {
        let mut d = Dataset::default();
        let stamp = Hlc(1, 0, NodeId::new(1, 0));
        let c = Record::new(
            Id::v7(1, [1; 10]),
            Id::NIL,
            stamp,
            None,
            Customer { name: "甲".into(), ..Customer::default() },
        );
        let p = Record::new(
            Id::v7(1, [2; 10]),
            Id::NIL,
            stamp,
            None,
            Product {
                name: "水泥".into(),
                spec: "42.5级".into(),
                list_price: Money(3_550),
                unit_cost: Money(2_800),
                ..Product::default()
            },
        );
        let (cid, pid) = (c.id, p.id);
        d.customers.merge(c);
        d.products.merge(p);
        (d, cid, pid)
    }

    #[test]
    fn sale_form_computes_amount_cost_and_spec() {
        let (d, cid, pid) = data_with_product();
        let form =
            SaleForm { date: "2026-11-20".into(), product: Some(pid), quantity: "2.5".into(), ..SaleForm::default() };
        let (sale, paid) = parse_sale_form(&form, cid, &d, today()).unwrap();
        assert_eq!(sale.amount, Money(8_875));
        assert_eq!(sale.cost, Money(7_000));
        assert_eq!(sale.spec, "42.5级");
        assert_eq!(paid, Money::ZERO);
    }

    #[test]
    fn sale_form_reports_every_bad_field() {
        let (d, cid, _) = data_with_product();
        let form = SaleForm {
            date: "2026-12-01".into(),
            product: None,
            quantity: "-1".into(),
            amount: "12.345".into(),
            paid_now: "x".into(),
            ..SaleForm::default()
        };
        let errors = parse_sale_form(&form, cid, &d, today()).unwrap_err();
        let got: Vec<(&str, Invalid)> = errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                ("date", Invalid::DateInFuture),
                ("product", Invalid::UnknownProduct),
                ("quantity", Invalid::NotPositive),
                ("amount", Invalid::Number(NumberError::TooManyDecimals)),
                ("paid_now", Invalid::Number(NumberError::NotANumber)),
            ]
        );
    }

    #[test]
    fn paying_more_than_the_line_is_refused() {
        let (d, cid, pid) = data_with_product();
        let form = SaleForm {
            date: "2026-11-20".into(),
            product: Some(pid),
            quantity: "1".into(),
            amount: "100".into(),
            paid_now: "100.01".into(),
            ..SaleForm::default()
        };
        assert_eq!(parse_sale_form(&form, cid, &d, today()).unwrap_err(), vec![err("paid_now", Invalid::PaidTooMuch)]);
    }

    #[test]
    fn returns_are_pro_rata_and_bounded() {
        let sale = Sale { quantity: Qty::units(3), amount: Money(1_000), cost: Money(700), ..Sale::default() };
        let id = Id::v7(1, [3; 10]);
        let r = return_line(&sale, id, "1", Qty::ZERO, today()).unwrap();
        assert_eq!((r.quantity, r.amount, r.cost, r.return_of), (Qty::units(-1), Money(-333), Money(-233), Some(id)));
        assert_eq!(return_line(&sale, id, "3", Qty::ZERO, today()).unwrap().amount, Money(-1_000));
        assert_eq!(return_line(&sale, id, "2", Qty::units(2), today()).unwrap_err().problem, Invalid::ReturnTooMuch);
        assert_eq!(return_line(&sale, id, "0", Qty::ZERO, today()).unwrap_err().problem, Invalid::NotPositive);
    }
}
