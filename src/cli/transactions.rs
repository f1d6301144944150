//! Reading transaction files into a [`Dataset`]: the CSV with a header and the whitespace-separated layouts
//! of the literature (CDNOW_sample.txt). Amounts are decimal text read exactly into integer minor units.
//!
//! Accepted layouts (detected from the first non-empty line):
//! - CSV with a header naming `customer_id,date,quantity,amount` and optionally `product_id`, `cost`, in any
//!   order;
//! - whitespace-separated, with or without a header line, four columns `customer_id date quantity amount` or
//!   five as in `CDNOW_sample.txt`: `customer_id sample_id date quantity amount`.
//!
//! Dates are `YYYY-MM-DD` or `YYYYMMDD`. Customer and product ids are opaque text, mapped to indices in
//! order of first appearance. Lines dated after the as-of day are left out (the state as known that day).

use crate::analytics::calendar::{parse_day, Day};
use crate::analytics::{CustomerInfo, Dataset, DatasetBuilder, SaleLine};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: ids are short strings, and the standard SipHash (built against hostile keys) costs more than the
/// rest of reading a line.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Ids = HashMap<String, u32, BuildHasherDefault<Fnv>>;

/// Most decimal places accepted in an amount or cost.
const MAX_DECIMALS: u32 = 6;

/// A line that could not be read, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {problem}")]
pub struct BadLine {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong, in words.
    pub problem: String,
    /// A short category for the summary of skipped lines.
    pub kind: &'static str,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A line is bad and `skip_invalid` is off.
    #[error(transparent)]
    BadLine(#[from] BadLine),
    /// The CSV header lacks a required column.
    #[error("the CSV header must name customer_id, date, quantity and amount; missing `{0}`")]
    MissingColumn(&'static str),
    /// The dataset could not be built.
    #[error(transparent)]
    Input(#[from] crate::analytics::InputError),
}

/// A file read into a dataset.
#[derive(Debug)]
pub struct Transactions {
    /// The dataset (customer index `i` is `customer_ids[i]`).
    pub data: Dataset,
    /// The customers' ids as written in the file, by index.
    pub customer_ids: Vec<String>,
    /// The products' ids, by index.
    pub product_ids: Vec<String>,
    /// Decimal places of the money columns (the dataset's scale is 10^decimals).
    pub decimals: u32,
    /// Lines read into the dataset.
    pub lines_read: usize,
    /// Lines left out because they are dated after the as-of day.
    pub lines_after_as_of: usize,
    /// Lines skipped as invalid (only with `skip_invalid`).
    pub skipped: Vec<BadLine>,
}

/// A line as parsed, before the money scale is known.
struct Raw {
    customer: u32,
    day: Day,
    quantity: f64,
    amount: (i64, u32),
    cost: Option<(i64, u32)>,
    product: Option<u32>,
}

#[derive(Clone, Copy)]
enum Layout {
    Csv {
        customer: usize,
        date: usize,
        quantity: usize,
        amount: usize,
        product: Option<usize>,
        cost: Option<usize>,
        columns: usize,
    },
    Whitespace {
        customer: usize,
        date: usize,
        quantity: usize,
        amount: usize,
        columns: usize,
    },
}

/// Reads a file; see the module documentation for the layouts.
pub fn read_file(path: &str, as_of: Option<Day>, skip_invalid: bool) -> Result<Transactions, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io { path: path.to_string(), source })?;
    read_text(&text, as_of, skip_invalid)
}

/// Reads the text of a file; see the module documentation for the layouts.
pub fn read_text(text: &str, as_of: Option<Day>, skip_invalid: bool) -> Result<Transactions, ReadError> {
    let mut reader = Reader::default();
    let mut layout = None;
    let mut fields: Vec<&str> = Vec::with_capacity(8);
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let Some(l) = layout else {
            let (detected, is_header) = detect(line)?;
            layout = Some(detected);
            if is_header {
                continue;
            }
            reader.line(detected, line, &mut fields, number, as_of, skip_invalid)?;
            continue;
        };
        reader.line(l, line, &mut fields, number, as_of, skip_invalid)?;
    }
    reader.finish()
}

fn detect(first: &str) -> Result<(Layout, bool), ReadError> {
    if first.contains(',') {
        let names: Vec<String> = first.split(',').map(|s| s.trim().trim_matches('"').to_ascii_lowercase()).collect();
        let find = |name| names.iter().position(|n| n == name);
        let need = |name: &'static str| find(name).ok_or(ReadError::MissingColumn(name));
        return Ok((
            Layout::Csv {
                customer: need("customer_id")?,
                date: need("date")?,
                quantity: need("quantity")?,
                amount: need("amount")?,
                product: find("product_id"),
                cost: find("cost"),
                columns: names.len(),
            },
            true,
        ));
    }
    let fields: Vec<&str> = first.split_whitespace().collect();
    let layout = if fields.len() == 5 {
        Layout::Whitespace { customer: 0, date: 2, quantity: 3, amount: 4, columns: 5 }
    } else {
        Layout::Whitespace { customer: 0, date: 1, quantity: 2, amount: 3, columns: 4 }
    };
    let Layout::Whitespace { date, .. } = layout else { unreachable!("built just above") };
    // A first line whose date column is not a date is a header.
    let is_header = fields.get(date).is_none_or(|d| parse_day(d).is_none())
        && fields.iter().any(|f| f.chars().any(|c| c.is_ascii_alphabetic()));
    Ok((layout, is_header))
}

#[derive(Default)]
struct Reader {
    customers: Ids,
    customer_ids: Vec<String>,
    products: Ids,
    product_ids: Vec<String>,
    raw: Vec<Raw>,
    after_as_of: usize,
    skipped: Vec<BadLine>,
}

impl Reader {
    fn line<'a>(
        &mut self,
        layout: Layout,
        line: &'a str,
        fields: &mut Vec<&'a str>,
        number: usize,
        as_of: Option<Day>,
        skip: bool,
    ) -> Result<(), ReadError> {
        match self.parse(layout, line, fields, number, as_of) {
            Ok(()) => Ok(()),
            Err(bad) if skip => {
                self.skipped.push(bad);
                Ok(())
            }
            Err(bad) => Err(bad.into()),
        }
    }

    fn parse<'a>(
        &mut self,
        layout: Layout,
        line: &'a str,
        fields: &mut Vec<&'a str>,
        number: usize,
        as_of: Option<Day>,
    ) -> Result<(), BadLine> {
        let bad = |kind: &'static str, problem: String| BadLine { line: number, problem, kind };
        fields.clear();
        match layout {
            Layout::Csv { .. } if !line.contains('"') => fields.extend(line.split(',')),
            Layout::Csv { .. } => {
                fields.extend(split_csv(line).ok_or_else(|| bad("quoting", "unbalanced quotes".into()))?)
            }
            Layout::Whitespace { .. } => fields.extend(line.split_whitespace()),
        }
        let (c, d, q, a, p, k, n) = match layout {
            Layout::Csv { customer, date, quantity, amount, product, cost, columns } => {
                (customer, date, quantity, amount, product, cost, columns)
            }
            Layout::Whitespace { customer, date, quantity, amount, columns } => {
                (customer, date, quantity, amount, None, None, columns)
            }
        };
        if fields.len() != n {
            return Err(bad("columns", format!("expected {n} columns, found {}", fields.len())));
        }
        let customer = fields[c].trim();
        if customer.is_empty() {
            return Err(bad("customer", "the customer id is empty".into()));
        }
        let day = parse_day(fields[d].trim()).ok_or_else(|| {
            bad("date", format!("date `{}` is not a valid YYYY-MM-DD or YYYYMMDD date", fields[d].trim()))
        })?;
        let quantity: f64 = fields[q]
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite())
            .ok_or_else(|| bad("quantity", format!("quantity `{}` is not a number", fields[q].trim())))?;
        let amount = parse_decimal(fields[a].trim()).ok_or_else(|| {
            bad(
                "amount",
                format!("amount `{}` is not a decimal number (at most {MAX_DECIMALS} decimals)", fields[a].trim()),
            )
        })?;
        let cost = match k.map(|k| fields[k].trim()).filter(|s| !s.is_empty()) {
            None => None,
            Some(text) => {
                Some(parse_decimal(text).ok_or_else(|| bad("cost", format!("cost `{text}` is not a decimal number")))?)
            }
        };
        if as_of.is_some_and(|as_of| day > as_of) {
            self.after_as_of += 1;
            return Ok(());
        }
        let product = p
            .map(|p| fields[p].trim())
            .filter(|s| !s.is_empty())
            .map(|id| intern(&mut self.products, &mut self.product_ids, id));
        let customer = intern(&mut self.customers, &mut self.customer_ids, customer);
        self.raw.push(Raw { customer, day, quantity, amount, cost, product });
        Ok(())
    }

    fn finish(self) -> Result<Transactions, ReadError> {
        let decimals = self.raw.iter().map(|r| r.amount.1.max(r.cost.map_or(0, |c| c.1))).max().unwrap_or(2).max(2);
        let scale = 10i64.pow(decimals);
        let rescale = |(v, d): (i64, u32)| v * 10i64.pow(decimals - d);
        let mut b = DatasetBuilder::new(scale);
        b.reserve(self.customer_ids.len(), self.raw.len());
        for _ in 0..self.customer_ids.len() {
            b.add_customer(CustomerInfo::default());
        }
        for r in &self.raw {
            b.push_line(SaleLine {
                customer: r.customer,
                day: r.day,
                quantity: r.quantity,
                amount: rescale(r.amount),
                cost: r.cost.map(rescale),
                product: r.product,
            });
        }
        Ok(Transactions {
            data: b.build()?,
            customer_ids: self.customer_ids,
            product_ids: self.product_ids,
            decimals,
            lines_read: self.raw.len(),
            lines_after_as_of: self.after_as_of,
            skipped: self.skipped,
        })
    }
}

fn intern(map: &mut Ids, ids: &mut Vec<String>, id: &str) -> u32 {
    if let Some(&i) = map.get(id) {
        return i;
    }
    let i = ids.len() as u32;
    ids.push(id.to_string());
    map.insert(id.to_string(), i);
    i
}

/// Splits a CSV line on commas, honouring double quotes (`""` is a quote inside a quoted field).
fn split_csv(line: &str) -> Option<Vec<&str>> {
    if !line.contains('"') {
        return Some(line.split(',').collect());
    }
    let mut fields = Vec::new();
    let (mut start, mut quoted) = (0, false);
    for (i, ch) in line.char_indices() {
        match ch {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                fields.push(line[start..i].trim().trim_matches('"'));
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return None;
    }
    fields.push(line[start..].trim().trim_matches('"'));
    Some(fields)
}

/// Parses `-12.345` into (−12345, 3): exact, no floating point. `None` for anything else.
pub fn parse_decimal(text: &str) -> Option<(i64, u32)> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if (whole.is_empty() && fraction.is_empty()) || fraction.len() > MAX_DECIMALS as usize {
        return None;
    }
    let mut value: i64 = 0;
    for c in whole.bytes().chain(fraction.bytes()) {
        if !c.is_ascii_digit() {
            return None;
        }
        value = value.checked_mul(10)?.checked_add(i64::from(c - b'0'))?;
    }
    Some((if negative { -value } else { value }, fraction.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        assert_eq!(parse_decimal("29.33"), Some((2933, 2)));
        assert_eq!(parse_decimal("-0.5"), Some((-5, 1)));
        assert_eq!(parse_decimal("7"), Some((7, 0)));
        assert_eq!(parse_decimal(".25"), Some((25, 2)));
        for bad in ["", "-", ".", "1e3", "1.2.3", "12a", "0.1234567", "99999999999999999999"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn csv_with_optional_columns_in_any_order() {
        let text = "date,customer_id,amount,quantity,cost,product_id\n2026-01-05,acme,10.5,1,7.25,P1\n20260106,acme,-1.5,-1,,P1\n2026-01-07,\"Bo, Ltd\",3,2,1,\n";
        let t = read_text(text, None, false).unwrap();
        assert_eq!(t.customer_ids, vec!["acme", "Bo, Ltd"]);
        assert_eq!((t.decimals, t.data.minor_per_major(), t.lines_read), (2, 100, 3));
        let first = t.data.line(0);
        assert_eq!((first.amount, first.cost, first.product), (1050, Some(725), Some(0)));
        assert_eq!((t.data.line(1).amount, t.data.line(1).cost), (-150, None));
        assert_eq!(t.data.line(2).product, None);
    }

    #[test]
    fn whitespace_layouts_with_and_without_header() {
        let five = " 00004 0001 19970101  2   29.33\r\n 00004 0001 19970118  2   29.73\r\n";
        let t = read_text(five, None, false).unwrap();
        assert_eq!((t.customer_ids.len(), t.lines_read, t.data.line(1).amount), (1, 2, 2973));
        let four = "customer_id date quantity amount\nA 1997-01-01 1 5\nB 1997-01-02 2 6.125\n";
        let t = read_text(four, None, false).unwrap();
        assert_eq!((t.lines_read, t.decimals, t.data.line(0).amount), (2, 3, 5000));
    }

    #[test]
    fn bad_lines_name_their_number_and_problem() {
        let text =
            "customer_id,date,quantity,amount\na,2026-01-01,1,5\nb,2026-02-30,1,5\nc,2026-01-01,x,5\nd,2026-01-01,1\n";
        let err = read_text(text, None, false).unwrap_err().to_string();
        assert_eq!(err, "line 3: date `2026-02-30` is not a valid YYYY-MM-DD or YYYYMMDD date");
        let t = read_text(text, None, true).unwrap();
        let kinds: Vec<_> = t.skipped.iter().map(|b| (b.line, b.kind)).collect();
        assert_eq!(kinds, vec![(3, "date"), (4, "quantity"), (5, "columns")]);
        assert_eq!(t.lines_read, 1);
        assert!(matches!(read_text("id,day,qty,amt\n", None, false), Err(ReadError::MissingColumn("customer_id"))));
    }

    #[test]
    fn lines_after_as_of_are_left_out() {
        let text = "a 2026-01-01 1 5\nb 2026-03-01 1 5\n";
        let t = read_text(text, parse_day("2026-02-01"), false).unwrap();
        assert_eq!((t.lines_read, t.lines_after_as_of, t.customer_ids.len()), (1, 1, 1));
    }
}
