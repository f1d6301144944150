//! Recomputing every early warning for the largest firm (100,000 customers, 1,000,000 sales
//! lines), natively, with a model the engine fitted once outside the timing loop (the warnings
//! never refit): the rules over the whole firm (one pass over lines, payments and expenses),
//! then the reconciliation — against no stored warnings (the first run) and against the
//! warnings that run wrote (every later run). Prints the warnings found per kind.
//!
//! `cargo bench --bench risk` (a minute or two on 2 cores, most of it making the firm and
//! fitting the model).

use chrono::NaiveDate;
use criterion::{criterion_group, criterion_main, Criterion};
use kehu::analytics::{score, Settings};
use kehu::demo::{generate, DemoSpec};
use kehu::edits::Origin;
use kehu::model::{Hlc, Id, NodeId, SeededIds};
use kehu::risk::edits::apply_changes;
use kehu::risk::warnings::{Context, KINDS};
use kehu::risk::{recompute, RiskSettings, Signals};
use kehu::scoring::{analytics_input, engine_day};
use std::hint::black_box;
use std::time::Duration;

fn bench(c: &mut Criterion) {
    let end = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let data = generate(&DemoSpec { customers: 100_000, lines: 1_000_000, ..DemoSpec::default_for(end) }).unwrap();
    let (input, ix) = analytics_input(&data).unwrap();
    let scores = score(&input, &Settings { as_of: Some(engine_day(end)), ..Settings::default() }).unwrap();
    assert!(scores.bgnbd.is_ok(), "the model is fitted");
    let signals = Signals::from_scores(&scores, &ix);
    let settings = RiskSettings::default();
    let firm = data.firm_settings();
    let cx = Context { data: &data, signals: &signals, settings: &settings, firm: &firm };

    let (found, changes) = recompute(&cx, end);
    for kind in KINDS {
        let n = found.iter().filter(|f| f.kind == kind).count();
        println!("BENCH risk warnings {kind:?}: {n}");
    }
    let o = Origin { branch: Id::v7(9, [9; 10]), stamp: Hlc(1_800_000_000_000, 0, NodeId::new(7, 1)), by: None };
    let mut stored = data.clone();
    stored.merge_all(&apply_changes(&changes, &data, &mut SeededIds::new(3, 1_800_000_000_000), o));
    let cx_stored = Context { data: &stored, ..cx };
    assert!(recompute(&cx_stored, end).1.is_empty());

    let mut g = c.benchmark_group("risk");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(15));
    g.bench_function("all warnings, 100k customers / 1M lines, first run", |b| {
        b.iter(|| black_box(recompute(&cx, black_box(end))))
    });
    g.bench_function("all warnings, 100k customers / 1M lines, against stored", |b| {
        b.iter(|| black_box(recompute(&cx_stored, black_box(end))))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
