//! CSV that Excel opens correctly: UTF-8 with a byte-order mark (Excel reads BOM-less CSV in the
//! system code page and garbles Chinese), CRLF line ends, fields quoted when they hold a
//! separator, quote or line break, and cells that a spreadsheet would run as a formula (starting
//! with `=` `+` `-` `@`, a tab or a carriage return) prefixed with `'` — except plain numbers
//! such as `-12.5`, which stay numbers.

use super::mapping::Field;
use crate::model::{Dataset, Fact, Id, Sale};

/// `true` for a plain decimal number (optionally signed, with `,` thousands separators).
fn is_plain_number(cell: &str) -> bool {
    let body = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',')
        && body.chars().any(|c| c.is_ascii_digit())
        && body.matches('.').count() <= 1
}

/// One cell as written: escaped against formula injection, quoted when needed.
pub fn escape_cell(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(cell);
    let cell = if risky { format!("'{cell}") } else { cell.to_string() };
    if cell.contains([',', '"', '\n', '\r']) || cell.starts_with(' ') || cell.ends_with(' ') {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

/// A whole CSV file: BOM, header, rows, CRLF after every line.
pub fn write_csv<S: AsRef<str>>(header: &[S], rows: impl IntoIterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        for (i, c) in cells.enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&escape_cell(c));
        }
        out.push_str("\r\n");
    };
    line(&mut header.iter().map(AsRef::as_ref), &mut out);
    for row in rows {
        line(&mut row.iter().map(String::as_str), &mut out);
    }
    out.into_bytes()
}

fn names(fields: &[Field]) -> Vec<&'static str> {
    fields.iter().map(|f| f.name()).collect()
}

/// Live customers, one row each, with the import's field names as headers (so the file
/// imports back).
pub fn customers(data: &Dataset) -> Vec<u8> {
    customers_in(data, data.customers.live().map(|c| c.id))
}

/// The customers with these ids, in this order (a filtered list as shown); ids of no live
/// customer are left out.
pub fn customers_in(data: &Dataset, ids: impl IntoIterator<Item = Id>) -> Vec<u8> {
    use Field::*;
    let fields = [
        Name,
        CustomerType,
        Phone,
        Address,
        Region,
        City,
        TaxNumber,
        Manager,
        LegalRepresentative,
        Since,
        BusinessLines,
        Notes,
        Tags,
    ];
    let rows = ids.into_iter().filter_map(|id| data.customers.get(&id).filter(|c| !c.is_deleted())).map(|c| {
        let d = &c.data;
        vec![
            d.name.clone(),
            d.customer_type.code().to_string(),
            d.phone.clone(),
            d.address.clone(),
            d.region.clone(),
            d.city.clone(),
            d.tax_number.clone(),
            d.manager.clone(),
            d.legal_representative.clone(),
            d.since.map(|s| s.to_string()).unwrap_or_default(),
            d.business_lines.clone(),
            d.notes.clone(),
            c.tags.present().collect::<Vec<_>>().join(","),
        ]
    });
    write_csv(&names(&fields), rows)
}

/// Live products.
pub fn products(data: &Dataset) -> Vec<u8> {
    use Field::*;
    let rows = data.products.live().map(|p| {
        let d = &p.data;
        vec![
            d.name.clone(),
            d.spec.clone(),
            d.unit.clone(),
            d.category.clone(),
            d.list_price.to_plain(),
            d.unit_cost.to_plain(),
        ]
    });
    write_csv(&names(&[Name, Spec, Unit, Category, ListPrice, UnitCost]), rows)
}

/// Live sales lines, customers and products by id (names repeat; ids import back exactly).
pub fn sales_lines(data: &Dataset) -> Vec<u8> {
    use Field::*;
    let rows = data.sales.live().map(|s: &Fact<Sale>| {
        let d = &s.data;
        vec![
            d.customer.to_string(),
            d.product.to_string(),
            d.spec.clone(),
            d.date.to_string(),
            d.quantity.to_plain(),
            d.amount.to_plain(),
            String::new(),
            d.cost.to_plain(),
            d.note.clone(),
        ]
    });
    write_csv(&names(&[Customer, Product, Spec, Date, Quantity, Amount, UnitPrice, Cost, Note]), rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excel_csv_has_bom_crlf_quotes_and_formula_escapes() {
        let bytes = write_csv(
            &["名称", "金额"],
            vec![
                vec!["=HYPERLINK(\"x\")".to_string(), "-12.5".to_string()],
                vec!["@SUM(A1)".to_string(), "+1,234".to_string()],
                vec!["a,b".to_string(), "-x".to_string()],
                vec!["\tcmd".to_string(), "line\nbreak".to_string()],
            ],
        );
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "\u{FEFF}名称,金额\r\n\"'=HYPERLINK(\"\"x\"\")\",-12.5\r\n'@SUM(A1),\"+1,234\"\r\n\"a,b\",'-x\r\n'\tcmd,\"line\nbreak\"\r\n"
        );
    }

    #[test]
    fn a_filtered_customer_list_exports_in_its_order_without_deleted_ones() {
        use crate::model::{Customer, Hlc, Record};
        let mut data = Dataset::default();
        let ids: Vec<Id> = (1..=3u8).map(|i| Id::v7(u64::from(i), [i; 10])).collect();
        for (id, name) in ids.iter().zip(["甲公司", "=HYPERLINK(\"x\")", "丙公司"]) {
            let c = Customer { name: name.to_string(), ..Customer::default() };
            data.customers.merge(Record::new(*id, Id::NIL, Hlc::default(), None, c));
        }
        let mut gone = data.customers.get(&ids[2]).unwrap().clone();
        gone.delete(Hlc(1, 0, crate::model::NodeId::new(1, 1)), None);
        data.customers.merge(gone);
        let text = String::from_utf8(customers_in(&data, [ids[1], ids[2], ids[0], Id::v7(9, [9; 10])])).unwrap();
        let names: Vec<&str> = text.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
        assert_eq!(names, vec!["\"'=HYPERLINK(\"\"x\"\")\"", "甲公司"]);
        assert!(text.starts_with("\u{FEFF}name,customer_type,"));
    }
}
