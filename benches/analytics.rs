//! Benchmarks of the scoring engine (criterion): CDNOW and a generated 100,000-customer / 1,000,000-line
//! firm, stage by stage and whole. `bench/peers/run.sh` runs them next to the Python peers on the same files.
//!
//! The firm is the demo firm of the app (`kehu::demo`, 100,000 customers, 1,000,000 sales lines, three years
//! to 2026-06-30), written as CSV to `target/kehu-bench/firm_100k.csv` so the peers read the very same file;
//! the benchmark reads it back through the CLI's reader.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kehu::analytics::bgnbd::{self, BgNbdData};
use kehu::analytics::calendar::{day_from_ymd, Day};
use kehu::analytics::clv::ClvExplanation;
use kehu::analytics::gamma_gamma::{self, GammaGammaData, SpendExplanation};
use kehu::analytics::pipeline::predict_purchases;
use kehu::analytics::rfm::{self, RfmValues};
use kehu::analytics::summary::{net_sales, Histories};
use kehu::analytics::{abc, score, Dataset, Settings};
use kehu::cli::transactions::read_file;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

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
        let unit = settings.time_unit;
        let scale = data.minor_per_major();
        let h = Histories::build(data, settings);
        let bg_data = BgNbdData::from_histories(&h, unit);
        let summaries: Vec<_> = (0..h.customer_count()).map(|c| h.repeat_summary(c, unit, scale)).collect();
        let gg_data = GammaGammaData::from_pairs(summaries.iter().flatten().map(|s| (s.frequency, s.monetary_value)));
        let bg = bgnbd::fit(&bg_data, unit, &settings.fit).unwrap().params;
        let gg = gamma_gamma::fit(&gg_data, &settings.fit).unwrap().params;

        group.bench_function(BenchmarkId::new("read", "file"), |b| {
            b.iter(|| read_file(case.path.to_str().unwrap(), settings.as_of, false).unwrap())
        });
        group.bench_function(BenchmarkId::new("summary", "all"), |b| {
            b.iter(|| {
                let h = Histories::build(black_box(data), settings);
                (0..h.customer_count()).filter_map(|c| h.repeat_summary(c, unit, scale)).count()
            })
        });
        group.bench_function(BenchmarkId::new("rfm", "all"), |b| {
            b.iter(|| {
                let values: Vec<RfmValues> = rfm::values(black_box(data), settings).into_iter().flatten().collect();
                rfm::score(&values, None, settings.rfm_bins, settings.lost_p_alive_below)
            })
        });
        group.bench_function(BenchmarkId::new("abc", "all"), |b| {
            b.iter(|| {
                let sales = net_sales(black_box(data), settings);
                abc::analyse(&sales, settings.abc_a, settings.abc_b, settings.pareto_top)
            })
        });
        group.bench_function(BenchmarkId::new("bgnbd_fit", "all"), |b| {
            b.iter(|| bgnbd::fit(black_box(&bg_data), unit, &settings.fit).unwrap())
        });
        group.bench_function(BenchmarkId::new("gamma_gamma_fit", "all"), |b| {
            b.iter(|| gamma_gamma::fit(black_box(&gg_data), &settings.fit).unwrap())
        });
        group.bench_function(BenchmarkId::new("predictions", "all"), |b| {
            b.iter(|| {
                // P(alive), expected purchases over the horizon, expected spend and the 12-month CLV.
                let predicted = predict_purchases(black_box(&summaries), bg, settings.horizon, 12, unit);
                let mut total = 0.0;
                for (s, p) in summaries.iter().zip(predicted) {
                    let (Some(s), Some((e, monthly))) = (s, p) else { continue };
                    let spend = SpendExplanation::new(gg, f64::from(s.frequency), s.monetary_value).unwrap();
                    let clv = ClvExplanation::from_monthly(monthly, spend.expected_spend, None, 0.01);
                    total += e.p_alive + e.expected_purchases + clv.clv;
                }
                total
            })
        });
        group.bench_function(BenchmarkId::new("pipeline", "all"), |b| {
            b.iter(|| score(black_box(data), settings).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
