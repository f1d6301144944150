//! The scoring engine against the published CDNOW results (tests/fixtures/cdnow/README.md).

use kehu::analytics::bgnbd::{self, BgNbdData, BgNbdParams};
use kehu::analytics::calendar::{day_from_ymd, parse_day};
use kehu::analytics::gamma_gamma::{self, GammaGammaData};
use kehu::analytics::input::{CustomerInfo, Dataset, DatasetBuilder, SaleLine};
use kehu::analytics::settings::{FitSettings, Settings, TimeUnit};
use kehu::analytics::summary::Histories;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow");

/// CDNOW_sample.txt as a dataset whose customer index is the sample id − 1 (the summary files' ID − 1).
fn cdnow_dataset() -> Dataset {
    let text = std::fs::read_to_string(format!("{FIXTURES}/CDNOW_sample.txt")).unwrap();
    let mut b = DatasetBuilder::new(100);
    for _ in 0..2357 {
        b.add_customer(CustomerInfo::default());
    }
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let sample_id: u32 = f[1].parse().unwrap();
        let cents = (f[4].parse::<f64>().unwrap() * 100.0).round() as i64;
        b.push_line(SaleLine::new(sample_id - 1, parse_day(f[2]).unwrap(), f[3].parse().unwrap(), cents));
    }
    b.build().unwrap()
}

/// Rows of a CSV fixture as numbers, header skipped.
fn csv_rows(name: &str) -> Vec<Vec<f64>> {
    let text = std::fs::read_to_string(format!("{FIXTURES}/{name}")).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split(',').map(|v| v.trim().parse().unwrap()).collect())
        .collect()
}

fn calibration() -> Settings {
    Settings { as_of: day_from_ymd(1997, 9, 30), ..Settings::default() }
}

/// Rounds to `digits` decimals, the way a published figure is printed.
fn rounded(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    (value * scale).round() / scale
}

#[test]
fn summary_rebuilt_from_raw_lines_equals_the_papers_summary_file() {
    let data = cdnow_dataset();
    let h = Histories::build(&data, &calibration());
    let rows = csv_rows("cdnow_customers_summary.csv");
    assert_eq!(rows.len(), 2357);
    for row in &rows {
        let customer = row[0] as usize - 1;
        let s = h.repeat_summary(customer, TimeUnit::Week, 100).expect("every CDNOW customer bought in Q1 1997");
        assert_eq!(f64::from(s.frequency), row[1], "frequency of customer {}", row[0]);
        assert!(
            (s.recency - row[2]).abs() <= 0.005 + 1e-9,
            "recency of customer {}: {} vs {}",
            row[0],
            s.recency,
            row[2]
        );
        assert!((s.t - row[3]).abs() <= 0.005 + 1e-9, "T of customer {}: {} vs {}", row[0], s.t, row[3]);
    }
}

#[test]
fn mean_repeat_spend_rebuilt_from_raw_lines_equals_zbar() {
    let data = cdnow_dataset();
    let h = Histories::build(&data, &calibration());
    let rows = csv_rows("cdnow_customers_summary_with_transactions.csv");
    assert_eq!(rows.iter().filter(|r| r[1] > 0.0).count(), 946);
    for row in &rows {
        let s = h.repeat_summary(row[0] as usize - 1, TimeUnit::Week, 100).unwrap();
        assert!(
            (s.monetary_value - row[4]).abs() <= 0.005 + 1e-9,
            "zbar of {}: {} vs {}",
            row[0],
            s.monetary_value,
            row[4]
        );
    }
}

#[test]
fn bgnbd_fitted_on_raw_lines_reproduces_the_published_parameters() {
    let data = cdnow_dataset();
    let h = Histories::build(&data, &calibration());
    let fit =
        bgnbd::fit(&BgNbdData::from_histories(&h, TimeUnit::Week), TimeUnit::Week, &FitSettings::default()).unwrap();
    let p = fit.params;
    assert_eq!(fit.customers, 2357);
    assert_eq!(
        (rounded(p.r, 3), rounded(p.alpha, 3), rounded(p.a, 3), rounded(p.b, 3)),
        (0.243, 4.414, 0.793, 2.426),
        "{p:?}"
    );
    assert_eq!(rounded(fit.log_likelihood, 1), -9582.4, "{}", fit.log_likelihood);
}

#[test]
fn bgnbd_fitted_on_raw_lines_matches_clvtools_to_four_decimals() {
    // CLVTools (R), on the same exact data: r = 0.2425945, α = 4.4136019, a = 0.7929199, b = 2.4258881,
    // LL = −9582.429. The fifth decimals differ with the optimisers' stopping rules, so four are compared.
    let h = Histories::build(&cdnow_dataset(), &calibration());
    let fit =
        bgnbd::fit(&BgNbdData::from_histories(&h, TimeUnit::Week), TimeUnit::Week, &FitSettings::default()).unwrap();
    let p = fit.params;
    assert_eq!(
        (rounded(p.r, 4), rounded(p.alpha, 4), rounded(p.a, 4), rounded(p.b, 4)),
        (0.2426, 4.4136, 0.7929, 2.4259),
        "{p:?}"
    );
    assert_eq!(rounded(fit.log_likelihood, 3), -9582.429, "{}", fit.log_likelihood);
}

#[test]
fn bgnbd_fitted_on_the_rounded_summary_file_still_gives_the_published_digits() {
    let rows = csv_rows("cdnow_customers_summary.csv");
    let data = BgNbdData::from_triples(rows.iter().map(|r| (r[1] as u32, r[2], r[3])));
    assert!(data.groups() < data.customers(), "identical customers are grouped");
    let fit = bgnbd::fit(&data, TimeUnit::Week, &FitSettings::default()).unwrap();
    let p = fit.params;
    assert_eq!(
        (rounded(p.r, 3), rounded(p.alpha, 3), rounded(p.a, 3), rounded(p.b, 3)),
        (0.243, 4.414, 0.793, 2.426),
        "{p:?}"
    );
    assert_eq!(rounded(fit.log_likelihood, 1), -9582.4, "{}", fit.log_likelihood);
}

#[test]
fn time_unit_rescales_alpha_only() {
    let h = Histories::build(&cdnow_dataset(), &calibration());
    let settings = FitSettings::default();
    let weeks = bgnbd::fit(&BgNbdData::from_histories(&h, TimeUnit::Week), TimeUnit::Week, &settings).unwrap().params;
    let days = bgnbd::fit(&BgNbdData::from_histories(&h, TimeUnit::Day), TimeUnit::Day, &settings).unwrap().params;
    assert!((days.alpha / 7.0 - weeks.alpha).abs() < 1e-4 * weeks.alpha, "{days:?} vs {weeks:?}");
    assert!((days.r - weeks.r).abs() < 1e-5 && (days.a - weeks.a).abs() < 1e-4 && (days.b - weeks.b).abs() < 1e-4);
}

#[test]
fn per_customer_log_likelihoods_match_hardies_spreadsheet() {
    // The spreadsheet works with unrounded estimates (CLVTools' digits) and exact times (days / 7): the
    // README prints t_x and T to 2 decimals, so the customers are taken from the raw lines by their ID.
    let published = BgNbdParams { r: 0.2425945, alpha: 4.4136019, a: 0.7929199, b: 2.4258881 };
    let h = Histories::build(&cdnow_dataset(), &calibration());
    for &(id, x, t_x, expected) in &[
        (3, 0, 0.0, -0.5538),
        (2, 1, 1.71, -4.4711),
        (1, 2, 30.43, -9.4596),
        (6, 7, 29.43, -21.8644),
        (17, 10, 34.14, -27.3144),
    ] {
        let s = h.repeat_summary(id - 1, TimeUnit::Week, 100).unwrap();
        assert_eq!((s.frequency, rounded(s.recency, 2), rounded(s.t, 2)), (x, t_x, 38.86), "customer {id}");
        let ll = published.log_likelihood(f64::from(s.frequency), s.recency, s.t);
        assert_eq!(rounded(ll, 4), expected, "customer {id}: {ll}");
    }
}

#[test]
fn conditional_expectation_and_p_alive_match_the_published_example() {
    let rows = csv_rows("cdnow_customers_summary.csv");
    let fit = bgnbd::fit(
        &BgNbdData::from_triples(rows.iter().map(|r| (r[1] as u32, r[2], r[3]))),
        TimeUnit::Week,
        &FitSettings::default(),
    )
    .unwrap();
    let e = fit.params.expected_purchases(39.0, 2.0, 30.43, 38.86);
    assert_eq!(rounded(e, 3), 1.226, "{e}");
    let p_alive = fit.params.p_alive(2.0, 30.43, 38.86);
    assert_eq!(rounded(p_alive, 4), 0.7266, "{p_alive}");
}

#[test]
fn gamma_gamma_fitted_on_raw_lines_reproduces_the_published_fit() {
    // Fader & Hardie's note fits the exact repeat means, so the raw lines are the right input here.
    let h = Histories::build(&cdnow_dataset(), &calibration());
    let data = GammaGammaData::from_pairs((0..2357).map(|c| {
        let s = h.repeat_summary(c, TimeUnit::Week, 100).unwrap();
        (s.frequency, s.monetary_value)
    }));
    assert_eq!(data.customers(), 946);
    let fit = gamma_gamma::fit(&data, &FitSettings::default()).unwrap();
    let p = fit.params;
    assert_eq!((rounded(p.p, 2), rounded(p.q, 2), rounded(p.v, 2)), (6.25, 3.74, 15.44), "{p:?}");
    assert_eq!(rounded(fit.log_likelihood, 2), -4055.92, "{}", fit.log_likelihood);
    assert_eq!(rounded(p.population_mean().unwrap(), 2), 35.17);
}

#[test]
fn gamma_gamma_fitted_on_the_zbar_file_gives_the_published_expected_spends() {
    // The expected-spend examples were computed (by `lifetimes`) from the 2-decimal zbar file.
    let rows = csv_rows("cdnow_customers_summary_with_transactions.csv");
    let data = GammaGammaData::from_pairs(rows.iter().map(|r| (r[1] as u32, r[4])));
    assert_eq!(data.customers(), 946);
    let p = gamma_gamma::fit(&data, &FitSettings::default()).unwrap().params;
    for &(x, zbar, expected) in &[(2.0, 22.35, 24.6586), (1.0, 11.77, 18.9115), (0.0, 0.0, 35.1710)] {
        let spend = p.expected_spend(x, zbar).unwrap();
        assert_eq!(rounded(spend, 4), expected, "x = {x}, zbar = {zbar}: {spend}");
    }
}
