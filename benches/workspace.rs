//! What the scoring worker does after reading the store, natively, on the 100,000-customer /
//! 1,000,000-line demo firm: convert to the engine's columns, score, and summarise for the screens
//! (dashboard, customer table, provinces). The browser runs the same code in the worker (wasm,
//! opt-level 3), so this splits the page's "dashboard scored" figure into its parts.
//!
//! Run with `cargo bench --bench workspace`.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use kehu::analytics;
use kehu::demo::{generate, DemoSpec, MAX_CUSTOMERS, MAX_LINES};
use kehu::model::{Dataset, Kind};
use kehu::scoring::analytics_input;
use kehu::workspace::{summary, AnalysisSettings, Workspace, KINDS};
use std::hint::black_box;

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a valid date")
}

fn workspace(c: &mut Criterion) {
    let spec = DemoSpec { customers: MAX_CUSTOMERS, lines: MAX_LINES, ..DemoSpec::default_for(end()) };
    let all = generate(&spec).expect("the largest firm");
    // The worker holds only the kinds scoring reads.
    let data = Dataset {
        customers: all.customers,
        products: all.products,
        sales: all.sales,
        stock_counts: all.stock_counts,
        ..Dataset::default()
    };
    assert!(KINDS.iter().all(|k| data.count(*k) > 0 || *k == Kind::StockCount));
    let settings = AnalysisSettings::default();
    let (input, ix) = analytics_input(&data).expect("convertible");
    let engine = settings.to_engine(end(), &ix);
    let scores = analytics::score(&input, &engine).expect("scored");

    let mut group = c.benchmark_group("workspace 100k/1M");
    group.sample_size(10);
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("convert", |b| b.iter(|| analytics_input(black_box(&data)).expect("convertible")));
    group
        .bench_function("score (engine)", |b| b.iter(|| analytics::score(black_box(&input), &engine).expect("scored")));
    group.bench_function("summarise", |b| {
        b.iter(|| summary::summarise(black_box(&data), &ix, &scores, &settings, end()))
    });
    group.bench_function("whole (convert + score + summarise)", |b| {
        b.iter(|| Workspace::new(black_box(data.clone())).score(&settings, end()).expect("scored"))
    });
    group.finish();
}

criterion_group!(benches, workspace);
criterion_main!(benches);
