//! How long the demo firm takes to generate: the default (2,000 customers, 60,000 lines) and the
//! largest (100,000 customers, 1,000,000 lines), which must stay well under 5 s natively.
//!
//! Run with `cargo bench --bench demo`.

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use kehu::demo::{generate, DemoSpec, MAX_CUSTOMERS, MAX_LINES};
use kehu::model::Kind;
use std::hint::black_box;
use std::time::Instant;

fn end() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).expect("a valid date")
}

fn demo(c: &mut Criterion) {
    let default = DemoSpec::default_for(end());
    let largest = DemoSpec { customers: MAX_CUSTOMERS, lines: MAX_LINES, ..DemoSpec::default_for(end()) };

    // One timed run of the largest firm first, with what it holds, for BENCHMARKS.md.
    let started = Instant::now();
    let data = generate(&largest).expect("the largest firm");
    let took = started.elapsed();
    let counts: Vec<String> =
        Kind::ALL.iter().filter(|k| data.count(**k) > 0).map(|k| format!("{} {}", k.name(), data.count(*k))).collect();
    println!("largest demo firm: {took:.2?} — {}", counts.join(", "));
    drop(data);

    let mut group = c.benchmark_group("demo");
    group.sample_size(10);
    group.bench_function("generate 2,000 customers / 60,000 lines", |b| {
        b.iter(|| generate(black_box(&default)).expect("default firm"))
    });
    // About a second per run: ten runs, one each, rather than criterion's growing batches.
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("generate 100,000 customers / 1,000,000 lines", |b| {
        b.iter(|| generate(black_box(&largest)).expect("largest firm"))
    });
    group.finish();
}

criterion_group!(benches, demo);
criterion_main!(benches);
