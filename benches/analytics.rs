//! Benchmarks of the scoring engine (criterion): CDNOW and a generated 100,000-customer / 1,000,000-line
//! firm, stage by stage and whole. `bench/peers/run.sh` runs them next to the Python peers on the same files.
//!
//! The firm is the demo firm of the app (`kehu::demo`, 100,000 customers, 1,000,000 sales lines, three years
//! to 2026-06-30), written as CSV to `target/kehu-bench/firm_100k.csv` so the peers read the very same file;
//! the benchmark reads it back through the CLI's reader.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kehu::analytics::calendar::{day_from_ymd, Day};
use kehu::analytics::{score, Dataset, Settings};
use kehu::cli::transactions::read_file;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

#[path = "support/steps.rs"]
mod steps;

const FIRM_CUSTOMERS: usize = 100_000;
const FIRM_LINES: usize = 1_000_000;
const FIRM_SEED: u64 = 1;

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/kehu-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the demo firm (`kehu::demo`, the same generator the app's "load demo data" uses) as CSV
/// (`customer_id,date,quantity,amount,product_id,cost`) in date order, so the peers read exactly the lines the
/// engine scores. Returns the as-of date (the firm's last day).
fn write_firm(path: &PathBuf, customers: usize, lines: usize, seed: u64) -> Day {
    use std::io::Write;
    let end = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let spec = kehu::demo::DemoSpec { seed, end, customers, lines, ..kehu::demo::DemoSpec::default_for(end) };
    let data = kehu::demo::generate(&spec).unwrap();
    let customer_no: kehu::model::IdMap<usize> =
        data.customers.all().iter().enumerate().map(|(i, c)| (c.id, i)).collect();
    let product_no: kehu::model::IdMap<usize> =
        data.products.all().iter().enumerate().map(|(i, p)| (p.id, i)).collect();
    let mut rows: Vec<&kehu::model::Sale> = data.sales.live().map(|f| &f.data).collect();
    rows.sort_by_key(|s| (s.date, customer_no[&s.customer]));
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "customer_id,date,quantity,amount,product_id,cost").unwrap();
    for s in rows {
        writeln!(
            out,
            "c{},{},{},{},p{},{}",
            customer_no[&s.customer],
            s.date,
            s.quantity.to_plain(),
            s.amount.to_plain(),
            product_no[&s.product],
            s.cost.to_plain()
        )
        .unwrap();
    }
    out.flush().unwrap();
    day_from_ymd(2026, 6, 30).unwrap()
}

struct Case {
    name: &'static str,
    data: Dataset,
    settings: Settings,
    path: PathBuf,
}

fn cases() -> Vec<Case> {
    let cdnow = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cdnow/CDNOW_sample.txt");
    let cdnow_as_of = day_from_ymd(1997, 9, 30).unwrap();
    let firm = bench_dir().join("firm_100k.csv");
    // Written on every run (a few seconds, deterministic), so a changed generator never leaves a stale file.
    let firm_as_of = write_firm(&firm, FIRM_CUSTOMERS, FIRM_LINES, FIRM_SEED);
    let load = |path: &PathBuf, as_of| read_file(path.to_str().unwrap(), Some(as_of), false).unwrap().data;
    vec![
        Case {
            name: "cdnow",
            data: load(&cdnow, cdnow_as_of),
            settings: Settings { as_of: Some(cdnow_as_of), ..Settings::default() },
            path: cdnow,
        },
        Case {
            name: "firm_100k",
            data: load(&firm, firm_as_of),
            settings: Settings { as_of: Some(firm_as_of), ..Settings::default() },
            path: firm,
        },
    ]
}

fn engine(c: &mut Criterion) {
    for case in cases() {
        let mut group = c.benchmark_group(case.name);
        if case.name != "cdnow" {
            group.sample_size(10).measurement_time(Duration::from_secs(20));
        }
        let (data, settings) = (&case.data, &case.settings);
        let prepared = steps::prepare(data, settings);

        group.bench_function(BenchmarkId::new("read", "file"), |b| {
            b.iter(|| read_file(case.path.to_str().unwrap(), settings.as_of, false).unwrap())
        });
        group.bench_function(BenchmarkId::new("summary", "all"), |b| {
            b.iter(|| steps::summary(black_box(data), settings))
        });
        group.bench_function(BenchmarkId::new("rfm", "all"), |b| b.iter(|| steps::rfm(black_box(data), settings)));
        group.bench_function(BenchmarkId::new("abc", "all"), |b| b.iter(|| steps::abc(black_box(data), settings)));
        group.bench_function(BenchmarkId::new("bgnbd_fit", "all"), |b| {
            b.iter(|| steps::bgnbd_fit(black_box(&prepared), settings))
        });
        group.bench_function(BenchmarkId::new("gamma_gamma_fit", "all"), |b| {
            b.iter(|| steps::gamma_gamma_fit(black_box(&prepared), settings))
        });
        group.bench_function(BenchmarkId::new("predictions", "all"), |b| {
            b.iter(|| steps::predictions(black_box(&prepared), settings))
        });
        group.bench_function(BenchmarkId::new("pipeline", "all"), |b| {
            b.iter(|| score(black_box(data), settings).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
