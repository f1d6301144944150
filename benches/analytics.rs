//! Benchmarks of the scoring engine (criterion): CDNOW and a generated 100,000-customer / 1,000,000-line
//! firm, stage by stage and whole. `bench/peers/run.sh` runs them next to the Python peers on the same files.
//!
//! The firm is a stand-in until `kehu demo` lands: a seeded generator below writes it as CSV to
//! `target/kehu-bench/firm_100k.csv` (so the peers read the very same file), and the benchmark reads it back
//! through the CLI's reader.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use kehu::analytics::bgnbd::{self, BgNbdData};
use kehu::analytics::calendar::{day_from_ymd, format_day, Day};
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
const FIRM_SEED: u64 = 20_260_630;

fn bench_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/kehu-bench");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Writes the synthetic firm as CSV (`customer_id,date,quantity,amount,product_id,cost`), in date order.
///
/// Purchase days follow the BG/NBD story itself, so the fit has something true to find: a first purchase
/// uniform over three years; while alive, purchases at rate λ ~ Gamma(0.8, 1/8) per week (a purchase every
/// 10 weeks on average); after each repeat purchase the customer drops out with probability p ~ Beta(1.2, 4).
/// The 1,000,000 lines are then spread over the purchase days (at least one each), products skewed
/// towards low indices, amounts at a per-customer level; 1% of lines are returned a week later.
fn write_firm(path: &PathBuf, customers: usize, lines: usize, seed: u64) -> Day {
    let mut rng = fastrand::Rng::with_seed(seed);
    let start = day_from_ymd(2023, 7, 1).unwrap();
    let as_of = day_from_ymd(2026, 6, 30).unwrap();
    let (r, alpha, a, b) = (0.8, 8.0, 1.2, 4.0);
    let mut days: Vec<(Day, u32)> = Vec::with_capacity(lines);
    for c in 0..customers as u32 {
        let lambda = gamma(&mut rng, r) / alpha / 7.0; // per day
        let (ga, gb) = (gamma(&mut rng, a), gamma(&mut rng, b));
        let p = ga / (ga + gb);
        let mut day = start + rng.i32(0..=(as_of - start));
        let mut first = true;
        loop {
            if days.last() != Some(&(day, c)) {
                days.push((day, c));
            }
            // Drop-out follows repeat purchases only: the first purchase starts the relationship.
            if !first && rng.f64() < p {
                break;
            }
            first = false;
            let gap = -(1.0 - rng.f64()).ln() / lambda;
            if gap > f64::from(as_of - day) {
                break;
            }
            day += gap.ceil() as Day;
        }
    }
    assert!(days.len() <= lines, "{} purchase days for {lines} lines", days.len());
    let mut per_day = vec![1usize; days.len()];
    for _ in days.len()..lines {
        per_day[rng.usize(0..days.len())] += 1;
    }
    let levels: Vec<f64> = (0..customers).map(|_| 0.5 + rng.f64() * 2.0).collect();
    let mut rows: Vec<(Day, u32, u16, i32, i64, i64)> = Vec::with_capacity(lines + lines / 50);
    for (&(day, c), &n) in days.iter().zip(&per_day) {
        for _ in 0..n {
            let product = (rng.f64().powi(2) * 500.0) as u16;
            let quantity = 1 + i32::from(rng.u8(0..5));
            let price = 500 + i64::from(product) * 37 % 20_000; // cents
            let amount = (f64::from(quantity) * price as f64 * levels[c as usize]).round() as i64;
            let cost = amount * (55 + i64::from(product % 30)) / 100;
            rows.push((day, c, product, quantity, amount, cost));
            if rng.u32(0..100) == 0 && day + 7 <= as_of {
                rows.push((day + 7, c, product, -quantity, -amount, -cost));
            }
        }
    }
    rows.sort_by_key(|row| (row.0, row.1));
    let mut text = String::with_capacity(rows.len() * 48);
    text.push_str("customer_id,date,quantity,amount,product_id,cost\n");
    let cents = |v: i64| format!("{}{}.{:02}", if v < 0 { "-" } else { "" }, v.abs() / 100, v.abs() % 100);
    for (day, c, product, quantity, amount, cost) in rows {
        text.push_str(&format!(
            "C{c:06},{},{quantity},{},P{product:04},{}\n",
            format_day(day),
            cents(amount),
            cents(cost)
        ));
    }
    std::fs::write(path, text).unwrap();
    as_of
}

/// A Gamma(shape, 1) draw (Marsaglia–Tsang; shape < 1 through the boost `U^(1/shape)`).
fn gamma(rng: &mut fastrand::Rng, shape: f64) -> f64 {
    if shape < 1.0 {
        return gamma(rng, shape + 1.0) * rng.f64().powf(1.0 / shape);
    }
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        // A standard normal by Box–Muller.
        let z = (-2.0 * (1.0 - rng.f64()).ln()).sqrt() * (std::f64::consts::TAU * rng.f64()).cos();
        let v = (1.0 + c * z).powi(3);
        if v > 0.0 && (1.0 - rng.f64()).ln() < 0.5 * z * z + d - d * v + d * v.ln() {
            return d * v;
        }
    }
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
