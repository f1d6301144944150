//! Spreadsheet import and export on fixture files: GBK and UTF-8 (with BOM), Chinese and
//! English headers, thousands separators, the three date forms, per-row results; and CSV that
//! Excel reads, importing back.

use chrono::NaiveDate;
use kehu::exchange::csv::rows::Problem;
use kehu::exchange::csv::{
    self, export, guess, import, read_sheet, CsvLimits, Field, ImportContext, RowOutcome, SheetImport, Target,
    TextEncoding,
};
use kehu::model::{CustomerType, Dataset, HlcClock, Id, Money, NodeId, Qty, SeededIds};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/csv").join(name)).unwrap()
}

fn ctx() -> ImportContext {
    ImportContext {
        branch: Id::v7(1, [1; 10]),
        by: None,
        now_ms: 1_800_000_000_000,
        today: NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    }
}

fn run(name: &str, target: Target, data: &Dataset, ids: &mut SeededIds, clock: &mut HlcClock) -> SheetImport {
    let (sheet, _) = read_sheet(&fixture(name), &CsvLimits::default()).unwrap();
    let mapping = guess(target, &sheet.header);
    assert!(mapping.missing().is_empty(), "{name}: {:?}", mapping.missing());
    import(&sheet, &mapping, data, &ctx(), ids, clock)
}

fn problems(r: &SheetImport, row: usize) -> Vec<(Field, Problem)> {
    match &r.rows[row].outcome {
        RowOutcome::Failed { errors } => errors.iter().map(|e| (e.field, e.problem.clone())).collect(),
        RowOutcome::Imported { .. } => Vec::new(),
    }
}

#[test]
fn customers_products_and_sales_import_row_by_row() {
    let mut ids = SeededIds::new(9, 1_800_000_000_000);
    let mut clock = HlcClock::new(NodeId::new(7, 1));
    let mut data = Dataset::default();

    let (_, enc) = read_sheet(&fixture("customers-gbk.csv"), &CsvLimits::default()).unwrap();
    assert_eq!(enc, TextEncoding::Gb18030);
    let c = run("customers-gbk.csv", Target::Customers, &data, &mut ids, &mut clock);
    assert_eq!(c.imported(), 2);
    assert_eq!(c.rows[0].line, 2);
    assert_eq!(problems(&c, 2), vec![(Field::Name, Problem::Required)]);
    assert_eq!(
        problems(&c, 3),
        vec![
            (Field::CustomerType, Problem::UnknownCustomerType),
            (Field::Since, Problem::DateInFuture),
            (Field::Phone, Problem::Phone),
            (Field::TaxNumber, Problem::TaxNumber),
        ]
    );
    data.merge_all(&c.batch);
    let hongda = data.customers.live().find(|x| x.data.name == "杭州宏达建材有限公司").unwrap();
    assert_eq!(hongda.data.customer_type, CustomerType::Dealer);
    assert_eq!(hongda.data.since, NaiveDate::from_ymd_opt(2024, 3, 5));
    assert_eq!(hongda.tags.present().collect::<Vec<_>>(), vec!["华东", "重点"]);
    assert_eq!(data.revisions.len(), 2, "a history entry per imported customer");

    let p = run("products-utf8-bom.csv", Target::Products, &data, &mut ids, &mut clock);
    assert_eq!(p.imported(), 2);
    assert_eq!(problems(&p, 2), vec![(Field::ListPrice, Problem::Negative), (Field::UnitCost, Problem::Number)]);
    data.merge_all(&p.batch);
    let cement = data.products.live().find(|x| x.data.name == "水泥").unwrap();
    assert_eq!((cement.data.list_price, cement.data.unit_cost), (Money(123_450), Money(90_000)));

    let s = run("sales-utf8.csv", Target::SalesLines, &data, &mut ids, &mut clock);
    assert_eq!(s.imported(), 2);
    assert_eq!(problems(&s, 2), vec![(Field::Customer, Problem::NotFound)]);
    assert_eq!(problems(&s, 3), vec![(Field::Quantity, Problem::Number)]);
    assert_eq!(problems(&s, 4), vec![(Field::Product, Problem::NotFound), (Field::Date, Problem::Date)]);
    data.merge_all(&s.batch);
    let mut lines: Vec<_> = data.sales.live().collect();
    lines.sort_by_key(|l| l.data.date);
    assert_eq!((lines[0].data.quantity, lines[0].data.amount), (Qty(1_200_500), Money(1_234_560)));
    assert_eq!(lines[0].data.spec, "P.O 42.5");
    assert_eq!(lines[0].data.note, "首单");
    assert_eq!(lines[0].data.cost, Money(90_000 * 1_200_500 / 1_000));
    assert_eq!(lines[1].data.amount, Money(1_200_000), "unit price × quantity when no amount");
    assert_eq!(lines[1].data.date, NaiveDate::from_ymd_opt(2024, 3, 6).unwrap());
    // Every imported item is a valid part of the firm: a bundle of it imports anywhere.
    let info = kehu::exchange::ExportInfo { branch: ctx().branch, branch_name: "x".into(), device: 7, created_ms: 1 };
    let bundle = kehu::exchange::parse_bundle(
        &kehu::exchange::export_bundle(&data, None, &info),
        None,
        &kehu::exchange::Limits::default(),
    )
    .unwrap();
    assert!(kehu::exchange::preview(&Dataset::default(), &bundle).can_apply());
}

#[test]
fn failed_rows_can_be_fixed_and_imported_again() {
    let mut ids = SeededIds::new(9, 1_800_000_000_000);
    let mut clock = HlcClock::new(NodeId::new(7, 1));
    let (mut sheet, _) = read_sheet(&fixture("customers-gbk.csv"), &CsvLimits::default()).unwrap();
    let mapping = guess(Target::Customers, &sheet.header);
    let first = import(&sheet, &mapping, &Dataset::default(), &ctx(), &mut ids, &mut clock);
    let failed: Vec<usize> = first.failed().map(|r| r.row).collect();
    assert_eq!(failed, vec![2, 3]);
    sheet.set_cell(2, mapping.column_of(Field::Name).unwrap(), "无名建材店");
    sheet.rows.remove(3); // skipped
    sheet.rows.drain(..2); // already imported
    let second = import(&sheet, &mapping, &Dataset::default(), &ctx(), &mut ids, &mut clock);
    assert_eq!(second.imported(), 1);
    assert_eq!(second.batch.customers.all()[0].data.name, "无名建材店");
}

#[test]
fn exports_open_in_excel_and_import_back() {
    let mut ids = SeededIds::new(9, 1_800_000_000_000);
    let mut clock = HlcClock::new(NodeId::new(7, 1));
    let mut data = Dataset::default();
    data.merge_all(&run("customers-gbk.csv", Target::Customers, &data, &mut ids, &mut clock).batch);
    let mut c = data.customers.all()[0].clone();
    let mut d = c.data.clone();
    d.notes = "=HYPERLINK(\"http://evil\")".into();
    c.edit(&d, clock.tick(1_800_000_001_000), None);
    data.customers.merge(c);
    let bytes = export::customers(&data);
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    assert!(text.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""), "{text}");
    // The export reads back with the same headers and values.
    let (sheet, enc) = read_sheet(&bytes, &CsvLimits::default()).unwrap();
    assert_eq!(enc, TextEncoding::Utf8);
    let mapping = guess(Target::Customers, &sheet.header);
    assert!(mapping.columns.iter().all(Option::is_some), "{:?}", sheet.header);
    let again = import(&sheet, &mapping, &Dataset::default(), &ctx(), &mut ids, &mut clock);
    assert_eq!(again.imported(), 2);
    let mut names: Vec<String> = again.batch.customers.all().iter().map(|c| c.data.name.clone()).collect();
    names.sort();
    assert_eq!(names, vec!["宁波顺发贸易", "杭州宏达建材有限公司"]);
    assert!(csv::write_csv(&["a"], Vec::<Vec<String>>::new()).ends_with(b"a\r\n"));
}
