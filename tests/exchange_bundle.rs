//! Bundles: the format-version fixtures, round trips, the import preview, and every kind of bad
//! input refused with its own error and nothing applied.

use chrono::NaiveDate;
use kehu::demo::{generate, DemoSpec};
use kehu::edits::Origin;
use kehu::exchange::bundle::{header_for, write_json, HeaderV1};
use kehu::exchange::crypt::{self, CryptError, Envelope};
use kehu::exchange::duplicates::{merge_customers, DuplicateReason};
use kehu::exchange::import::RejectReason;
use kehu::exchange::{
    export_bundle, merge, parse_bundle, plan_import, preview, vector_of, write_bundle, BundleError, ExportInfo,
    ImportError, Limits,
};
use kehu::model::{Customer, Dataset, Fact, Hlc, Id, Kind, Money, NodeId, Qty, Record, Sale};
use std::path::PathBuf;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bundles")
}

const FIXTURE_PASSPHRASE: &str = "kehu-fixture-2026 客户";

fn hq() -> Origin {
    Origin { branch: Id::v7(1, [1; 10]), stamp: Hlc(1_800_000_000_000, 0, NodeId::new(0xabcd, 1)), by: None }
}

/// The fixture firm: a small demo firm plus what the demo lacks (an edited, tagged customer, a
/// merged duplicate, an erased contact, a deleted sale).
fn fixture_firm() -> Dataset {
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let mut data = generate(&DemoSpec { seed: 5, customers: 3, lines: 60, ..DemoSpec::default_for(end) }).unwrap();
    let mut customers: Vec<Id> = data.customers.all().iter().map(|c| c.id).collect();
    customers.sort();
    let o = hq();
    let mut c = data.customers.get(&customers[0]).unwrap().clone();
    let mut d = c.data.clone();
    d.notes = "首选供应商\n\"重点\"".into();
    c.edit(&d, o.stamp, o.by);
    c.set_tags(&["重点".into(), "华东".into()], o.stamp, o.by);
    data.customers.merge(c);
    let o2 = Origin { stamp: Hlc(o.stamp.0 + 1, 0, o.stamp.2), ..o };
    let batch =
        merge_customers(&data, customers[0], customers[1], [Id::v7(5, [5; 10]), Id::v7(5, [6; 10])], o2).unwrap();
    kehu::exchange::merge_into(&mut data, &batch);
    let contact = data.contacts.all()[0].id;
    let o3 = Origin { stamp: Hlc(o.stamp.0 + 2, 0, o.stamp.2), ..o };
    merge::erase(&data, Kind::Contact, contact, Id::v7(5, [7; 10]), o3).apply_to(&mut data);
    let mut sale = data.sales.all()[0].clone();
    sale.delete(Hlc(o.stamp.0 + 3, 0, o.stamp.2));
    data.sales.merge(sale);
    data
}

fn fixture_info() -> ExportInfo {
    ExportInfo {
        branch: Id::v7(1, [1; 10]), branch_name: "总部".into(), device: 0xabcd, created_ms: 1_800_000_000_999
    }
}

fn fixture_envelope() -> Envelope {
    Envelope { iterations: crypt::DEFAULT_ITERATIONS, salt: *b"kehu-fixture-slt", nonce: *b"kehu-nonce12" }
}

/// Writes the fixture of the current version when asked (UPDATE_FIXTURES=1). Files of older
/// versions are never rewritten: they are what older builds wrote.
fn update_fixtures() {
    if std::env::var("UPDATE_FIXTURES").is_ok() {
        let bytes = export_bundle(&fixture_firm(), None, &fixture_info());
        std::fs::create_dir_all(fixtures()).unwrap();
        std::fs::write(fixtures().join("v2.bundle"), &bytes).unwrap();
        let b = parse_bundle(&bytes, None, &Limits::default()).unwrap();
        std::fs::write(fixtures().join("v2.checksum"), &b.header.checksum).unwrap();
    }
}

/// Format version 1 stays readable: the file an older build wrote parses, with these counts
/// and its checksum (one line per item, kinds by code: `docs/bundle-format.md` § 5.2).
#[test]
fn version_1_fixture_reads() {
    let bytes = std::fs::read(fixtures().join("v1.bundle")).unwrap();
    let b = parse_bundle(&bytes, None, &Limits::default()).unwrap();
    assert_eq!(b.version, 1);
    assert_eq!(b.header.branch_name, "总部");
    assert_eq!(b.data.redirects.len(), 1);
    assert_eq!(b.data.erasures.len(), 1);
    assert!(b.data.customers.len() == 3 && b.data.sales.len() == 60);
    let expected = std::fs::read_to_string(fixtures().join("v1.checksum")).unwrap();
    assert_eq!(b.header.checksum, expected.trim(), "the v1 fixture's content changed");
    assert_eq!(kehu::exchange::canonical::checksum_v1(&b.data), b.header.checksum);
    // The same items as the firm written today in version 2.
    let v2 = parse_bundle(&export_bundle(&fixture_firm(), None, &fixture_info()), None, &Limits::default()).unwrap();
    assert_eq!(v2.version, 2);
    for kind in Kind::ALL {
        assert_eq!(b.data.count(*kind), v2.data.count(*kind), "{kind:?}");
    }
    assert_eq!(kehu::exchange::canonical::checksum_v1(&v2.data), b.header.checksum);
}

/// The current version's file parses, and writing the same firm today gives the same JSON.
#[test]
fn version_2_fixture_reads_and_is_written_the_same_today() {
    update_fixtures();
    let bytes = std::fs::read(fixtures().join("v2.bundle")).unwrap();
    let b = parse_bundle(&bytes, None, &Limits::default()).unwrap();
    assert_eq!(b.version, 2);
    assert!(b.data.customers.len() == 3 && b.data.sales.len() == 60 && b.data.erasures.len() == 1);
    let expected = std::fs::read_to_string(fixtures().join("v2.checksum")).unwrap();
    assert_eq!(b.header.checksum, expected.trim(), "the v2 fixture's content changed");
    // The gzip bytes may differ with the compressor's version; the JSON may not (while the
    // format is version 2).
    let unzip = |b: &[u8]| kehu::exchange::bundle::gunzip(b, 1 << 30).unwrap();
    assert!(
        unzip(&export_bundle(&fixture_firm(), None, &fixture_info())) == unzip(&bytes),
        "UPDATE_FIXTURES=1 if the model changed"
    );
}

/// The encrypted fixture (salt, nonce and passphrase in this file and in docs/bundle-format.md)
/// opens here; the browser's WebCrypto test opens the same file.
#[test]
fn encrypted_fixture_opens_with_the_passphrase_only() {
    update_fixtures();
    let sealed = std::fs::read(fixtures().join("v1-encrypted.bundle")).unwrap();
    let plain = std::fs::read(fixtures().join("v1.bundle")).unwrap();
    let b = parse_bundle(&sealed, Some(FIXTURE_PASSPHRASE), &Limits::default()).unwrap();
    assert_eq!(b.data.sales.len(), 60);
    assert_eq!(crypt::decrypt(&sealed, FIXTURE_PASSPHRASE).unwrap(), plain);
    let (env, _) = Envelope::parse(&sealed).unwrap();
    assert_eq!(env, fixture_envelope());
    assert_eq!(
        parse_bundle(&sealed, Some("kehu-fixture-2026"), &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::WrongPassphrase)
    );
    assert_eq!(
        parse_bundle(&sealed, None, &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::PassphraseRequired)
    );
}

#[test]
fn export_import_export_round_trips_a_demo_firm() {
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let data = generate(&DemoSpec { customers: 150, lines: 2_000, ..DemoSpec::default_for(end) }).unwrap();
    let bytes = export_bundle(&data, None, &fixture_info());
    let b = parse_bundle(&bytes, None, &Limits::default()).unwrap();
    for kind in Kind::ALL {
        assert_eq!(b.data.count(*kind), data.count(*kind), "{kind:?}");
    }
    for s in data.sales.all() {
        assert_eq!(b.data.sales.get(&s.id), Some(s));
    }
    for p in data.payments.all() {
        assert_eq!(b.data.payments.get(&p.id), Some(p));
    }
    for c in data.customers.all() {
        assert_eq!(b.data.customers.get(&c.id), Some(c));
    }
    assert_eq!(export_bundle(&b.data, None, &fixture_info()), bytes);
    // Importing it into the firm itself changes nothing; into an empty store, everything is new.
    let again = plan_import(&data, &b).unwrap();
    assert!(again.is_empty());
    assert_eq!(again.preview.totals().unchanged, data.total() as u64);
    let fresh = preview(&Dataset::default(), &b);
    assert_eq!(fresh.totals().new + fresh.totals().deleted, data.total() as u64);
    assert!(fresh.can_apply(), "{:?}", &fresh.rejected[..fresh.rejected.len().min(3)]);
}

/// A firm whose JSON is larger than one gzip member: the file is several members (compressed
/// on several threads natively), cut at fixed offsets, and reads back whole.
#[test]
fn a_bundle_over_one_member_is_several_members_and_reads_back() {
    use std::io::Read;
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let data = generate(&DemoSpec { customers: 3_000, lines: 120_000, ..DemoSpec::default_for(end) }).unwrap();
    let bytes = export_bundle(&data, None, &fixture_info());
    let mut rest: &[u8] = &bytes;
    let mut pieces = Vec::new();
    while !rest.is_empty() {
        let mut member = flate2::bufread::GzDecoder::new(rest);
        let mut piece = Vec::new();
        member.read_to_end(&mut piece).unwrap();
        pieces.push(piece.len());
        rest = member.into_inner();
    }
    assert!(pieces.len() >= 2, "{pieces:?}");
    assert!(pieces[..pieces.len() - 1].iter().all(|n| *n == kehu::exchange::gzip::MEMBER_BYTES), "{pieces:?}");
    // The same bytes as a header made first and the document written from it.
    assert_eq!(write_bundle(&header_for(&data, vector_of(&data), None, &fixture_info()), &data, 3), bytes);
    let b = parse_bundle(&bytes, None, &Limits::default()).unwrap();
    assert_eq!(b.data.total(), data.total());
    assert_eq!(kehu::exchange::canonical::checksum(&b.data), b.header.checksum);
}

fn customer(n: u8, name: &str, phone: &str, branch: u8, at: u64) -> Record<Customer> {
    let data =
        Customer {
            name: name.into(), phone: phone.into(), address: "杭州市文三路1号".into(), ..Customer::default()
        };
    Record::new(Id::v7(at, [n; 10]), Id::v7(1, [branch; 10]), Hlc(at, 0, NodeId::new(u32::from(branch), 0)), None, data)
}

#[test]
fn preview_counts_new_updated_unchanged_deleted_conflicts_and_duplicates() {
    let mut local = Dataset::default();
    let a = customer(1, "甲公司", "13800000001", 1, 100);
    let b = customer(2, "乙公司", "13800000002", 1, 101);
    let c = customer(3, "丙公司", "13800000003", 1, 102);
    for x in [&a, &b, &c] {
        local.customers.merge(x.clone());
    }
    // Here: a's phone edited. There: a's phone edited too (a conflict), b deleted, c untouched,
    // and a new customer that is a duplicate of c (same phone, other branch), and one new.
    let mut a_here = a.clone();
    a_here.edit(&Customer { phone: "13900000001".into(), ..a.data.clone() }, Hlc(200, 0, NodeId::new(1, 0)), None);
    local.customers.merge(a_here);
    let mut theirs = Dataset::default();
    let mut a_there = a.clone();
    a_there.edit(&Customer { phone: "13700000001".into(), ..a.data.clone() }, Hlc(300, 0, NodeId::new(2, 0)), None);
    theirs.customers.merge(a_there);
    let mut b_there = b.clone();
    b_there.delete(Hlc(301, 0, NodeId::new(2, 0)), None);
    theirs.customers.merge(b_there);
    theirs.customers.merge(c.clone());
    theirs.customers.merge(customer(4, "丙 公司（杭州）", "+86 138-0000-0003", 2, 302));
    theirs.customers.merge(customer(5, "丁公司", "13800000005", 2, 303));
    let info = ExportInfo { branch: Id::v7(1, [2; 10]), branch_name: "上海".into(), device: 2, created_ms: 400 };
    let bundle = parse_bundle(&export_bundle(&theirs, None, &info), None, &Limits::default()).unwrap();
    let p = preview(&local, &bundle);
    let counts = p.counts[&Kind::Customer];
    assert_eq!((counts.new, counts.updated, counts.unchanged, counts.deleted, counts.conflicts), (2, 1, 1, 1, 1));
    assert_eq!(p.conflicts[0].fields, vec!["phone"]);
    assert_eq!(p.conflicts[0].theirs_won, vec![true]);
    assert_eq!(p.duplicates.len(), 1);
    assert_eq!((p.duplicates[0].a, p.duplicates[0].b), (c.id, Id::v7(302, [4; 10])));
    assert_eq!(p.duplicates[0].reasons, vec![DuplicateReason::Phone]);
    // Applying it, then importing the same file again, changes nothing more.
    let plan = plan_import(&local, &bundle).unwrap();
    let mut after = local.clone();
    plan.apply_to(&mut after);
    assert_eq!(after.customers.get(&a.id).unwrap().data.phone, "13700000001");
    assert!(after.customers.get(&b.id).unwrap().is_deleted());
    assert!(plan_import(&after, &bundle).unwrap().is_empty());
    // Undo restores what was there.
    let undo = kehu::store::undo::ImportUndo::of(&local, &plan);
    assert_eq!(undo.added.values().map(Vec::len).sum::<usize>(), 2);
    assert_eq!(undo.previous.customers.get(&a.id), local.customers.get(&a.id));
}

// ---------------------------------------------------------------------------------------------
// Bad input: each refused with its own error.

fn small() -> (Dataset, Vec<u8>) {
    let mut d = Dataset::default();
    let c = customer(1, "甲公司", "13800000001", 1, 100);
    let sale = Sale {
        customer: c.id,
        product: Id::v7(1, [77; 10]),
        date: NaiveDate::from_ymd_opt(2026, 1, 2).unwrap(),
        quantity: Qty::units(2),
        amount: Money(1000),
        ..Sale::default()
    };
    d.sales.merge(Fact::new(Id::v7(2, [2; 10]), c.branch, Hlc(101, 0, NodeId::new(1, 0)), None, sale));
    d.customers.merge(c);
    let header = header_for(&d, vector_of(&d), None, &fixture_info());
    let mut json = Vec::new();
    write_json(&header, &d, &mut json).unwrap();
    (d, json)
}

fn parse(bytes: &[u8]) -> Result<kehu::exchange::Bundle, BundleError> {
    parse_bundle(bytes, None, &Limits::default())
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn edit_json(json: &[u8], f: impl FnOnce(&mut serde_json::Value)) -> Vec<u8> {
    let mut v: serde_json::Value = serde_json::from_slice(json).unwrap();
    f(&mut v);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn truncated_and_non_json_files() {
    let (_, json) = small();
    let gz = gzip(&json);
    assert!(parse(&gz).is_ok());
    assert_eq!(parse(&gz[..gz.len() / 2]).unwrap_err(), BundleError::Truncated);
    assert_eq!(parse(&gz[..gz.len() - 4]).unwrap_err(), BundleError::Truncated, "cut in the gzip trailer");
    assert_eq!(parse(&json[..json.len() - 10]).unwrap_err(), BundleError::Truncated);
    assert_eq!(parse(b"").unwrap_err(), BundleError::Empty);
    assert_eq!(parse(b"PK\x03\x04 a zip file").unwrap_err(), BundleError::NotABundle);
    assert_eq!(parse("客户名称,电话\n".as_bytes()).unwrap_err(), BundleError::NotABundle);
    assert!(matches!(parse(b"{\"format\": kehu}").unwrap_err(), BundleError::Json { line: 1, .. }));
    assert!(matches!(parse(&gzip(b"{]")).unwrap_err(), BundleError::Json { .. }));
    let mut damaged = gz.clone();
    let mid = damaged.len() / 2;
    damaged[mid] ^= 0xff;
    assert!(matches!(parse(&damaged).unwrap_err(), BundleError::Compression(_) | BundleError::Json { .. }));
}

#[test]
fn another_format_and_versions() {
    let (_, json) = small();
    assert_eq!(parse(br#"{"name":"x","version":"1.0"}"#).unwrap_err(), BundleError::WrongFormat { found: None });
    assert_eq!(
        parse(br#"{"format":"other-app","version":1}"#).unwrap_err(),
        BundleError::WrongFormat { found: Some("other-app".into()) }
    );
    let newer = edit_json(&json, |v| v["version"] = 3.into());
    assert_eq!(parse(&newer).unwrap_err(), BundleError::NewerVersion { found: 3, supported: 2 });
    let zero = edit_json(&json, |v| v["version"] = 0.into());
    assert_eq!(parse(&zero).unwrap_err(), BundleError::UnknownVersion { found: 0 });
    let unknown = edit_json(&json, |v| v["content"]["spaceship"] = serde_json::json!([]));
    assert_eq!(parse(&unknown).unwrap_err(), BundleError::UnknownKind { name: "spaceship".into() });
}

#[test]
fn checksum_counts_and_columns_are_checked() {
    let (_, json) = small();
    let changed = edit_json(&json, |v| v["content"]["customer"][0]["d"]["name"] = "乙公司".into());
    assert!(matches!(parse(&changed).unwrap_err(), BundleError::ChecksumMismatch { .. }));
    let miscounted = edit_json(&json, |v| v["header"]["counts"]["customer"] = 2.into());
    assert_eq!(
        parse(&miscounted).unwrap_err(),
        BundleError::CountMismatch { kind: Kind::Customer, header: 2, content: 1 }
    );
    let columns = edit_json(&json, |v| v["content"]["sale"]["amount"] = serde_json::json!([1, 2]));
    assert!(matches!(parse(&columns).unwrap_err(), BundleError::Columns { kind: Kind::Sale, .. }));
    let index = edit_json(&json, |v| v["content"]["sale"]["customer"] = serde_json::json!([5]));
    assert!(matches!(parse(&index).unwrap_err(), BundleError::Columns { kind: Kind::Sale, .. }));
}

/// Version 2 writes the content as its canonical JSON and sums those bytes: the checksum after
/// the content is the SHA-256 of the text between `"content":` and `,"checksum"`.
#[test]
fn the_content_is_written_canonical_and_its_bytes_are_summed() {
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let data = generate(&DemoSpec { customers: 40, lines: 500, ..DemoSpec::default_for(end) }).unwrap();
    let json = kehu::exchange::bundle::gunzip(&export_bundle(&data, None, &fixture_info()), 1 << 30).unwrap();
    let text = std::str::from_utf8(&json).unwrap();
    let (head, rest) = text.split_once(",\"content\":").unwrap();
    let (content, tail) = rest.rsplit_once(",\"checksum\":").unwrap();
    assert!(head.starts_with(r#"{"format":"kehu-bundle","version":2,"header":{"#), "{head}");
    assert!(!head.contains("checksum"), "version 2 has no checksum in the header");
    let mut canonical = Vec::new();
    kehu::exchange::canonical::write_value(&serde_json::from_str(content).unwrap(), &mut canonical);
    assert!(canonical == content.as_bytes(), "the content as written is not canonical JSON");
    let sum = kehu::exchange::canonical::sha256_of(content.as_bytes());
    assert_eq!(tail, format!("\"{sum}\"}}"));
    assert_eq!(kehu::exchange::canonical::checksum(&data), sum);
}

/// A file re-spaced by another tool reads: its content's bytes differ from what was summed, so
/// the reader serialises what it parsed canonically and sums that.
#[test]
fn a_re_spaced_file_reads_and_a_changed_one_does_not() {
    let (d, json) = small();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let pretty = serde_json::to_vec_pretty(&v).unwrap();
    let b = parse(&pretty).unwrap();
    assert_eq!(b.data.total(), d.total());
    assert_eq!(b.header.checksum, kehu::exchange::canonical::checksum(&d));
    let changed = String::from_utf8(pretty).unwrap().replacen("甲公司", "乙公司", 1);
    assert!(matches!(parse(changed.as_bytes()).unwrap_err(), BundleError::ChecksumMismatch { .. }));
    let no_sum = edit_json(&json, |v| {
        v.as_object_mut().unwrap().remove("checksum");
    });
    assert!(matches!(parse(&no_sum).unwrap_err(), BundleError::Json { ref reason, .. } if reason.contains("checksum")));
    let sum_in_header = edit_json(&json, |v| v["header"]["checksum"] = v["checksum"].clone());
    assert!(matches!(parse(&sum_in_header).unwrap_err(), BundleError::Json { .. }));
}

/// Errors inside the content name their line and column in the file, not in the content.
#[test]
fn errors_in_the_content_say_where_in_the_file() {
    let (_, json) = small();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let pretty = String::from_utf8(serde_json::to_vec_pretty(&v).unwrap()).unwrap();
    let (at, line) = pretty.lines().enumerate().find(|(_, l)| l.contains("\"name\": \"甲公司\"")).unwrap();
    let broken = pretty.replacen("\"name\": \"甲公司\"", "\"name\": 甲公司", 1);
    match parse(broken.as_bytes()).unwrap_err() {
        BundleError::Json { line: l, column, .. } => {
            assert_eq!(l, at as u64 + 1, "line");
            assert_eq!(column, line.find('"').unwrap() as u64 + 9, "column");
        }
        other => panic!("{other:?}"),
    }
    // On one line (as Kehu writes it): the column counts from the start of the file.
    let compact = String::from_utf8(json).unwrap();
    let col = compact.find("\"name\":\"甲公司\"").unwrap();
    let broken = compact.replacen("\"name\":\"甲公司\"", "\"name\":甲公司", 1);
    match parse(broken.as_bytes()).unwrap_err() {
        BundleError::Json { line: 1, column, .. } => {
            assert_eq!(column, col as u64 + 8, "column (bytes, as serde_json counts)");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicated_ids_are_refused() {
    let (_, json) = small();
    let dup = edit_json(&json, |v| {
        let c = v["content"]["customer"][0].clone();
        v["content"]["customer"].as_array_mut().unwrap().push(c);
    });
    let id = Id::v7(100, [1; 10]);
    assert_eq!(parse(&dup).unwrap_err(), BundleError::DuplicateId { kind: Kind::Customer, id });
}

#[test]
fn dangling_references_are_rejected_and_nothing_is_applied() {
    let (data, json) = small();
    // The sale names a product that exists nowhere.
    let bundle = parse(&json).unwrap();
    let local = Dataset::default();
    match plan_import(&local, &bundle) {
        Err(ImportError::Rejected { count, items }) => {
            assert_eq!(count, 1);
            assert_eq!(items[0].kind, Kind::Sale);
            assert_eq!(
                items[0].reason,
                RejectReason::MissingReference {
                    field: "product".into(),
                    target_kind: Kind::Product,
                    target: Id::v7(1, [77; 10])
                }
            );
        }
        other => panic!("expected a rejection, got {other:?}"),
    }
    assert!(!preview(&local, &bundle).can_apply());
    // With the product here, the same file imports.
    let mut with_product = Dataset::default();
    with_product.products.merge(Record::new(
        Id::v7(1, [77; 10]),
        Id::NIL,
        Hlc(1, 0, NodeId::new(9, 0)),
        None,
        kehu::model::Product { name: "水泥".into(), ..Default::default() },
    ));
    assert!(plan_import(&with_product, &bundle).is_ok());
    // A record whose copy here was created elsewhere: refused as forged or damaged.
    let mut clash = with_product.clone();
    let mut other = data.customers.all()[0].clone();
    other.created = Hlc(5, 0, NodeId::new(42, 0));
    clash.customers.merge(other);
    let p = preview(&clash, &bundle);
    assert_eq!(p.rejected[0].reason, RejectReason::DifferentOrigin);
}

#[test]
fn size_limits_and_encodings() {
    let (_, json) = small();
    let gz = gzip(&json);
    let tiny = Limits { max_file_bytes: 100, ..Limits::default() };
    assert_eq!(
        parse_bundle(&gz, None, &tiny).unwrap_err(),
        BundleError::TooLarge { size: gz.len() as u64, limit: 100 }
    );
    let unpack = Limits { max_json_bytes: 200, ..Limits::default() };
    assert_eq!(parse_bundle(&gz, None, &unpack).unwrap_err(), BundleError::DecompressedTooLarge { limit: 200 });
    let few = Limits { max_items: 1, ..Limits::default() };
    assert_eq!(parse_bundle(&gz, None, &few).unwrap_err(), BundleError::TooManyItems { limit: 1 });
    // A gzip bomb stops at the limit instead of filling memory.
    let bomb = gzip(&vec![b' '; 50 << 20]);
    assert!(bomb.len() < 100_000);
    assert_eq!(
        parse_bundle(&bomb, None, &Limits { max_json_bytes: 1 << 20, ..Limits::default() }).unwrap_err(),
        BundleError::DecompressedTooLarge { limit: 1 << 20 }
    );
    // Text in another encoding (GBK bytes inside the JSON) is not UTF-8.
    let text = String::from_utf8(json.clone()).unwrap();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    assert!(matches!(parse(&gbk).unwrap_err(), BundleError::NotUtf8 { .. }));
    // The default limits take the largest firm more than twice over (BENCHMARKS.md: about
    // 97 MB compressed, 336 MB of JSON, 1.78 million items).
    let d = Limits::default();
    assert!(d.max_file_bytes >= (2 * 100) << 20 && d.max_json_bytes >= (3 * 340) << 20 && d.max_items >= 3 * 1_800_000);
}

#[test]
fn wrong_passphrase_and_damaged_envelopes() {
    let (_, json) = small();
    let plain = gzip(&json);
    let env = Envelope { iterations: 1_000, salt: [7; 16], nonce: [9; 12] };
    let sealed = crypt::encrypt(&plain, "正确的口令", &env).unwrap();
    assert!(parse_bundle(&sealed, Some("正确的口令"), &Limits::default()).is_ok());
    assert_eq!(
        parse_bundle(&sealed, Some("错误的口令"), &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::WrongPassphrase)
    );
    assert_eq!(
        parse_bundle(&sealed[..50], Some("正确的口令"), &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::Truncated)
    );
    // Cut inside the ciphertext: AES-GCM cannot tell damage from a wrong key.
    assert_eq!(
        parse_bundle(&sealed[..sealed.len() - 5], Some("正确的口令"), &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::WrongPassphrase)
    );
    let mut flipped = sealed.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    assert_eq!(
        parse_bundle(&flipped, Some("正确的口令"), &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::WrongPassphrase)
    );
    let mut weak = sealed.clone();
    weak[10..14].copy_from_slice(&10u32.to_be_bytes());
    assert_eq!(
        parse_bundle(&weak, Some("正确的口令"), &Limits::default()).unwrap_err(),
        BundleError::Crypt(CryptError::Iterations(10))
    );
    assert_eq!(crypt::encrypt(&plain, "", &env).unwrap_err(), CryptError::EmptyPassphrase);
}

#[test]
fn delta_exports_send_only_what_the_peer_lacks() {
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let data = generate(&DemoSpec { customers: 50, lines: 500, ..DemoSpec::default_for(end) }).unwrap();
    let info = fixture_info();
    let full = parse(&export_bundle(&data, None, &info)).unwrap();
    let peer_had = full.header.vector.clone();
    // Nothing new: with no margin the delta is empty; with the default margin it re-sends the
    // last week of the demo's changes only.
    let none =
        kehu::exchange::export_selection_with(&data, Some(&peer_had), kehu::exchange::SelectOptions { margin_ms: 0 });
    assert_eq!(none.total(), 0);
    let margin = kehu::exchange::export_selection(&data, Some(&peer_had));
    assert!(margin.total() < data.total() / 10, "{} of {}", margin.total(), data.total());
    // One new edit: exactly that record travels (and its header still says what we hold).
    let mut edited = data.clone();
    let mut c = edited.customers.all()[0].clone();
    let mut d = c.data.clone();
    d.notes = "新备注".into();
    c.edit(&d, Hlc(u64::MAX >> 12, 0, NodeId::new(0x77, 1)), None);
    edited.customers.merge(c.clone());
    let delta =
        kehu::exchange::export_selection_with(&edited, Some(&peer_had), kehu::exchange::SelectOptions { margin_ms: 0 });
    assert_eq!(delta.total(), 1);
    assert_eq!(delta.customers.get(&c.id), Some(&c));
    let bytes = export_bundle(&edited, Some(&peer_had), &info);
    let b = parse(&bytes).unwrap();
    assert_eq!(b.header.vector, vector_of(&edited));
    assert_eq!(b.header.since.as_ref(), Some(&peer_had));
}

#[test]
fn header_is_its_own_versioned_type() {
    let (d, _) = small();
    let h: HeaderV1 = header_for(&d, vector_of(&d), None, &fixture_info());
    let json = serde_json::to_value(&h).unwrap();
    let keys: Vec<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["branch", "branch_name", "checksum", "counts", "created_ms", "device", "vector"]);
    let bytes = write_bundle(&h, &d, 9);
    assert_eq!(parse(&bytes).unwrap().header, h);
}
