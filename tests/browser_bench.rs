//! Browser benchmark (not part of the test suite; run by `scripts/bench-browser.sh`): the
//! foundation's speed targets, measured in headless Chromium on the 100,000-customer /
//! 1,000,000-line demo firm — generate + store, load the whole store, build the list, search —
//! and the scoring engine step by step (the same steps as `benches/analytics.rs` natively).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use kehu::demo::{generate, DemoSpec};
use kehu::ledger::balances;
use kehu::search::{build_rows, filter, key_index, sort_order, ListQuery, SortKey};
use kehu::store::idb::{IdbBackend, TabEvents};
use kehu::store::layout::DB_VERSION;
use kehu::store::{Backend, Store};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[path = "../benches/support/steps.rs"]
mod steps;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or_default()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

#[wasm_bindgen_test]
async fn foundation_speed_100k_customers_1m_lines() {
    let customers: usize = option_env!("KEHU_BENCH_CUSTOMERS").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let lines: usize = option_env!("KEHU_BENCH_LINES").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let name = "kehu-bench";
    IdbBackend::delete_database(name).await.unwrap();
    let spec = DemoSpec { customers, lines, ..DemoSpec::default_for(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()) };

    let t0 = now();
    let data = generate(&spec).unwrap();
    let t1 = now();
    let store =
        Store::open(IdbBackend::open_named(name, DB_VERSION, TabEvents::default()).await.unwrap()).await.unwrap();
    store.commit(&data).await.unwrap();
    let t2 = now();
    let stored_items = data.total();
    drop(data);
    drop(store);

    // A fresh connection, as at page load: open, read every bucket, decode into memory.
    let t3 = now();
    let store =
        Store::open(IdbBackend::open_named(name, DB_VERSION, TabEvents::default()).await.unwrap()).await.unwrap();
    let loaded = store.load().await.unwrap();
    let t4 = now();
    assert_eq!(loaded.total(), stored_items);
    // The reading alone, without decoding: the floor the load cannot go under.
    let r0 = now();
    let mut bytes = 0usize;
    store
        .backend()
        .read_ranges_with(&kehu::store::layout::read_ranges(), &mut |_, b| {
            bytes += b.len();
            Ok(())
        })
        .await
        .unwrap();
    let read_only = now() - r0;
    let b = balances(&loaded);
    let rows = build_rows(&loaded, &b);
    let order = sort_order(&rows, SortKey::Name, false);
    let index = key_index(&rows);
    let t5 = now();

    let mut search = Vec::new();
    for q in ["zs", "有限公司", "138", "hangzhou", "宏达", "x"] {
        let query = ListQuery { text: q.into(), ..ListQuery::default() };
        let mut times = Vec::new();
        let mut found = 0;
        for _ in 0..5 {
            let s = now();
            found = filter(&rows, &index, &order, &query, None).len();
            times.push(now() - s);
        }
        search.push(format!("\"{q}\": {{\"ms\": {:.1}, \"found\": {found}}}", median(times)));
    }

    console_log!(
        "BENCH {{\"customers\": {customers}, \"lines\": {lines}, \"generate_ms\": {:.0}, \"store_ms\": {:.0}, \"generate_and_store_ms\": {:.0}, \"load_ms\": {:.0}, \"read_only_ms\": {:.0}, \"list_build_ms\": {:.0}, \"stored_bytes\": {bytes}, \"search\": {{{}}}}}",
        t1 - t0,
        t2 - t1,
        t2 - t0,
        t4 - t3,
        read_only,
        t5 - t4,
        search.join(", ")
    );
    store.clear().await.unwrap();
}

/// Median milliseconds of `runs` runs of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let s = now();
        std::hint::black_box(f());
        times.push(now() - s);
    }
    median(times)
}

/// Each step of the engine and the whole pipeline, as a JSON object of median milliseconds.
fn engine_steps(data: &kehu::analytics::Dataset, settings: &kehu::analytics::Settings, runs: usize) -> String {
    let p = steps::prepare(data, settings);
    let figures = [
        ("summary", time(runs, || steps::summary(data, settings))),
        ("rfm", time(runs, || steps::rfm(data, settings))),
        ("abc", time(runs, || steps::abc(data, settings))),
        ("bgnbd_fit", time(runs, || steps::bgnbd_fit(&p, settings))),
        ("gamma_gamma_fit", time(runs, || steps::gamma_gamma_fit(&p, settings))),
        ("predictions", time(runs, || steps::predictions(&p, settings))),
        ("pipeline", time(runs, || kehu::analytics::score(data, settings).unwrap())),
    ];
    let parts: Vec<String> = figures.iter().map(|(name, ms)| format!("\"{name}_ms\": {ms:.2}")).collect();
    format!("{{{}}}", parts.join(", "))
}

/// The scoring engine in wasm on the demo firm, step by step, from the app's data (what the
/// scoring worker does after reading the store).
#[wasm_bindgen_test]
fn scoring_steps_firm() {
    let customers: usize = option_env!("KEHU_BENCH_CUSTOMERS").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let lines: usize = option_env!("KEHU_BENCH_LINES").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let spec = DemoSpec { customers, lines, ..DemoSpec::default_for(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()) };
    let firm = generate(&spec).unwrap();
    let s0 = now();
    let (input, _ix) = kehu::scoring::analytics_input(&firm).unwrap();
    let convert_ms = now() - s0;
    drop(firm);
    let settings = kehu::analytics::Settings { as_of: Some(kehu::scoring::engine_day(spec.end)), ..Default::default() };
    let scores = kehu::analytics::score(&input, &settings).unwrap();
    assert!(scores.bgnbd.is_ok());
    console_log!(
        "BENCH-SCORING {{\"customers\": {customers}, \"lines\": {lines}, \"convert_ms\": {convert_ms:.0}, \"steps\": {}}}",
        engine_steps(&input, &settings, 5)
    );
}

/// The scoring engine on CDNOW_sample in wasm (the fixture is compiled in), step by step.
#[wasm_bindgen_test]
fn scoring_steps_cdnow() {
    use kehu::analytics::calendar::{day_from_ymd, parse_day};
    use kehu::analytics::{score, CustomerInfo, DatasetBuilder, SaleLine, Settings};
    let text = include_str!("fixtures/cdnow/CDNOW_sample.txt");
    let t0 = now();
    let mut b = DatasetBuilder::new(100);
    let mut ids: std::collections::HashMap<&str, u32> = Default::default();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let c = *ids.entry(f[0]).or_insert_with(|| b.add_customer(CustomerInfo::default()));
        let day = parse_day(f[2]).unwrap();
        let amount = (f[4].parse::<f64>().unwrap() * 100.0).round() as i64;
        b.push_line(SaleLine::new(c, day, f[3].parse().unwrap(), amount));
    }
    let data = b.build().unwrap();
    let parse_ms = now() - t0;
    let settings = Settings { as_of: day_from_ymd(1997, 9, 30), ..Settings::default() };
    let fit = score(&data, &settings).unwrap().bgnbd.unwrap();
    assert!((fit.params.r - 0.243).abs() < 5e-4, "r = {}", fit.params.r);
    console_log!("BENCH-CDNOW {{\"parse_ms\": {parse_ms:.1}, \"steps\": {}}}", engine_steps(&data, &settings, 21));
}

/// Reading a bundle in wasm step by step (what the import card does before its preview): the
/// demo firm's full bundle inflated, checked as UTF-8, scanned without building anything (the
/// JSON tokenizer's floor), parsed and checked completely, and the two checksums — over the
/// content's bytes as written, and the canonical serialisation it falls back to.
#[wasm_bindgen_test]
fn exchange_read_steps() {
    use kehu::exchange::bundle::{gunzip, parse_json};
    use kehu::exchange::{canonical, export_bundle, ExportInfo, Limits};
    let customers: usize = option_env!("KEHU_BENCH_CUSTOMERS").and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let lines: usize = option_env!("KEHU_BENCH_LINES").and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let spec = DemoSpec { customers, lines, ..DemoSpec::default_for(NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()) };
    let firm = generate(&spec).unwrap();
    let info = ExportInfo { branch: kehu::model::Id::NIL, branch_name: "总部".into(), device: 1, created_ms: 1 };
    let e0 = now();
    let bytes = export_bundle(&firm, None, &info);
    let export_ms = now() - e0;
    let items = firm.total();
    drop(firm);
    let limits = Limits::default();
    let t0 = now();
    let json = gunzip(&bytes, limits.max_json_bytes).unwrap();
    let t1 = now();
    let text = std::str::from_utf8(&json).unwrap();
    let t2 = now();
    let _: serde::de::IgnoredAny = serde_json::from_str(text).unwrap();
    let t3 = now();
    let bundle = parse_json(&json, &limits).unwrap();
    let t4 = now();
    assert_eq!(bundle.data.total(), items);
    let as_written = canonical::sha256_of(text.as_bytes());
    let t5 = now();
    let canonical_sum = canonical::checksum(&bundle.data);
    let t6 = now();
    assert_eq!(canonical_sum, bundle.header.checksum);
    assert!(as_written.starts_with("sha256:"));
    console_log!(
        "BENCH-EXCHANGE {{\"customers\": {customers}, \"lines\": {lines}, \"bundle_bytes\": {}, \"json_bytes\": {}, \"export_ms\": {export_ms:.0}, \"gunzip_ms\": {:.0}, \"utf8_ms\": {:.0}, \"scan_ms\": {:.0}, \"parse_and_check_ms\": {:.0}, \"sha256_ms\": {:.0}, \"canonical_checksum_ms\": {:.0}}}",
        bytes.len(),
        json.len(),
        t1 - t0,
        t2 - t1,
        t3 - t2,
        t4 - t3,
        t5 - t4,
        t6 - t5
    );
}
