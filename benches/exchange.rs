//! Branch exchange with the largest firm (100,000 customers, 1,000,000 sales lines), natively:
//! export to a bundle, import it (read and validate, then plan the import), and `kehu merge` of
//! ten branch bundles of that firm. Prints the bundle's sizes (BENCHMARKS.md § Branch exchange).
//!
//! `cargo bench --bench exchange` (about 8 minutes on 2 cores, half of it the merges). The merge
//! is timed over three runs outside criterion's sampling (printed as a BENCH line).

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use kehu::demo::{generate, DemoSpec};
use kehu::exchange::{export_bundle, parse_bundle, plan_import, vector_of, ExportInfo, Limits};
use kehu::model::{Dataset, Fact, Hlc, Id, Money, NodeId, Qty, Sale};
use std::hint::black_box;
use std::time::Duration;

fn firm() -> Dataset {
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    generate(&DemoSpec { customers: 100_000, lines: 1_000_000, ..DemoSpec::default_for(end) }).unwrap()
}

fn info(n: u8) -> ExportInfo {
    ExportInfo { branch: Id::v7(1, [n; 10]), branch_name: format!("分公司{n}"), device: u32::from(n), created_ms: 1 }
}

/// Branch `n`'s copy of the firm: the whole firm plus its own recent work — 1 % of customers
/// edited and 2,000 new sales lines, stamped by its own device.
fn branch_copy(base: &Dataset, n: u8) -> Dataset {
    let mut d = base.clone();
    let node = NodeId::new(1_000 + u32::from(n), 1);
    let t0 = vector_of(base).0.values().map(|h| h.0).max().unwrap_or(0) + 1_000;
    let customers: Vec<_> = base.customers.all().iter().skip(usize::from(n)).step_by(100).cloned().collect();
    for (i, mut c) in customers.into_iter().enumerate() {
        let mut data = c.data.clone();
        data.notes = format!("分公司{n}回访记录 {i}");
        c.edit(&data, Hlc(t0 + i as u64, 0, node), None);
        d.customers.merge(c);
    }
    let product = base.products.all()[0].id;
    let customer_ids: Vec<Id> = base.customers.all().iter().map(|c| c.id).collect();
    for i in 0..2_000u64 {
        let sale = Sale {
            customer: customer_ids[(i as usize * 37 + usize::from(n)) % customer_ids.len()],
            product,
            date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            quantity: Qty::units(1 + i as i64 % 9),
            amount: Money(10_000 + i as i64),
            ..Sale::default()
        };
        let mut random = [n; 10];
        random[2..].copy_from_slice(&i.to_be_bytes());
        d.sales.merge(Fact::new(Id::v7(t0 + i, random), info(n).branch, Hlc(t0 + i, 1, node), None, sale));
    }
    d
}

fn bench(c: &mut Criterion) {
    let data = firm();
    let bytes = export_bundle(&data, None, &info(0));
    let json_len = kehu::exchange::bundle::gunzip(&bytes, u64::MAX).map(|j| j.len()).unwrap_or(0);
    eprintln!(
        "BENCH bundle of the 100,000 / 1,000,000 firm: {} items, {} bytes gzip, {} bytes JSON",
        data.total(),
        bytes.len(),
        json_len
    );

    let mut g = c.benchmark_group("exchange");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(20));
    g.bench_function("export the 100k/1M firm", |b| b.iter(|| black_box(export_bundle(&data, None, &info(0)))));
    g.bench_function("read and validate its bundle", |b| {
        b.iter(|| black_box(parse_bundle(&bytes, None, &Limits::default()).unwrap()))
    });
    let bundle = parse_bundle(&bytes, None, &Limits::default()).unwrap();
    let empty = Dataset::default();
    g.bench_function("plan its import into an empty store", |b| {
        b.iter(|| black_box(plan_import(&empty, &bundle).unwrap()))
    });
    g.bench_function("plan its import into the same firm (nothing new)", |b| {
        b.iter(|| black_box(plan_import(&data, &bundle).unwrap()))
    });
    drop(bundle);

    // Ten branch bundles of the firm, each with its own edits, merged by the CLI.
    let dir = std::env::temp_dir().join("kehu-bench-exchange");
    std::fs::create_dir_all(&dir).unwrap();
    let mut files = Vec::new();
    for n in 0..10u8 {
        let copy = branch_copy(&data, n);
        let path = dir.join(format!("branch{n}.json"));
        std::fs::write(&path, export_bundle(&copy, None, &info(n))).unwrap();
        files.push(path.to_string_lossy().into_owned());
    }
    drop(data);
    let out = dir.join("all.json").to_string_lossy().into_owned();
    g.finish();
    // The `kehu` binary itself (built with this profile), so the figure includes what the command
    // line sets up around the merge (its allocator). One merge takes tens of seconds: criterion's
    // ten samples would take a quarter of an hour, so it is timed over three runs instead.
    let mut times = Vec::new();
    for _ in 0..3 {
        let t = std::time::Instant::now();
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_kehu"))
            .arg("merge")
            .args(&files)
            .args(["-o", &out, "--created-ms", "1", "--branch-name", "总部"])
            .status()
            .unwrap();
        times.push(t.elapsed().as_secs_f64());
        assert!(status.success());
    }
    times.sort_by(f64::total_cmp);
    let merged = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    eprintln!(
        "BENCH kehu merge of ten branch bundles: {times:.1?} s (median {:.1} s); merged bundle {merged} bytes",
        times[1]
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
