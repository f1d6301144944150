//! `kehu score` end to end: the built binary on files.

use std::path::PathBuf;
use std::process::Command;

const CDNOW: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow/CDNOW_sample.txt");
const SUMMARY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/cdnow/cdnow_customers_summary.csv");

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("kehu-cli-{}-{name}", std::process::id()))
}

/// Runs `kehu score ARGS`; returns (success, stdout, stderr).
fn kehu(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kehu")).arg("score").args(args).output().unwrap();
    (out.status.success(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn rows(csv: &str) -> Vec<Vec<String>> {
    csv.lines().skip(1).map(|l| l.split(',').map(str::to_string).collect()).collect()
}

#[test]
fn cdnow_calibration_output_matches_the_papers_summary_and_parameters() {
    let params = temp("cdnow-params.json");
    let (ok, stdout, stderr) =
        kehu(&["--transactions", CDNOW, "--as-of", "1997-09-30", "--params", params.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let header = stdout.lines().next().unwrap();
    assert_eq!(
        header,
        "customer_id,frequency,recency,T,monetary_value,rfm_recency_days,rfm_frequency,rfm_monetary,r_score,f_score,m_score,rfm_segment,abc_class,lifecycle_stage,p_alive,expected_purchases,expected_spend,clv"
    );
    let out = rows(&stdout);
    let summary: Vec<Vec<String>> = rows(&std::fs::read_to_string(SUMMARY).unwrap());
    assert_eq!(out.len(), summary.len());
    // Customers come out in order of first appearance, which in CDNOW is the sample id order of the summary.
    for (o, s) in out.iter().zip(&summary) {
        assert_eq!(o[1], s[1], "frequency of customer {}", s[0]);
        for k in [2, 3] {
            let (a, b): (f64, f64) = (o[k].parse().unwrap(), s[k].parse().unwrap());
            assert!((a - b).abs() <= 0.005 + 1e-9, "column {k} of customer {}: {a} vs {b}", s[0]);
        }
        assert_eq!(
            o[6].parse::<u32>().unwrap(),
            o[1].parse::<u32>().unwrap() + 1,
            "RFM frequency counts the first purchase too"
        );
        for value in &o[14..18] {
            assert!(value.parse::<f64>().unwrap().is_finite());
        }
    }
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&params).unwrap()).unwrap();
    let num = |model: &str, key: &str, digits: i32| {
        let v = json[model][key].as_f64().unwrap();
        (v * 10f64.powi(digits)).round() / 10f64.powi(digits)
    };
    assert_eq!(
        (num("bgnbd", "r", 3), num("bgnbd", "alpha", 3), num("bgnbd", "a", 3), num("bgnbd", "b", 3)),
        (0.243, 4.414, 0.793, 2.426)
    );
    assert_eq!(num("bgnbd", "log_likelihood", 1), -9582.4);
    assert_eq!(
        (num("gamma_gamma", "p", 2), num("gamma_gamma", "q", 2), num("gamma_gamma", "v", 2)),
        (6.25, 3.74, 15.44)
    );
    assert_eq!(num("gamma_gamma", "log_likelihood", 2), -4055.92);
    assert_eq!(json["clv_basis"], "revenue");
    assert!(stderr.contains("clv is on revenue"), "{stderr}");
    std::fs::remove_file(params).unwrap();
}

#[test]
fn csv_with_costs_scores_on_margin_and_leaves_out_later_lines() {
    let input = temp("margin.csv");
    let mut text = String::from("customer_id,date,quantity,amount,product_id,cost\n");
    // Twelve customers buying monthly-ish; "late" buys only after the as-of date.
    for c in 0..12 {
        for k in 0..(2 + c % 4) {
            text += &format!(
                "c{c},2025-{:02}-{:02},1,{}.50,p{},{}.25\n",
                1 + k * 2,
                1 + c,
                100 + c * 10,
                k % 2,
                60 + c * 5
            );
        }
    }
    text += "late,2026-03-01,1,99.00,p0,50.00\n";
    std::fs::write(&input, text).unwrap();
    let out_path = temp("margin-out.csv");
    let (ok, _, stderr) =
        kehu(&["--transactions", input.to_str().unwrap(), "--as-of", "20251231", "--out", out_path.to_str().unwrap()]);
    assert!(ok, "{stderr}");
    let out = std::fs::read_to_string(&out_path).unwrap();
    let rows = rows(&out);
    assert_eq!(rows.len(), 12, "the customer buying after the as-of date is not there");
    assert!(rows.iter().all(|r| r[0] != "late"));
    assert!(stderr.contains("clv is on gross margin"), "{stderr}");
    assert!(stderr.contains("1 later lines left out"), "{stderr}");
    // Monetary keeps the file's decimals exactly.
    let c0 = rows.iter().find(|r| r[0] == "c0").unwrap();
    assert_eq!(c0[7], "201.00");
    for p in [input, out_path] {
        std::fs::remove_file(p).unwrap();
    }
}

#[test]
fn a_bad_line_stops_with_its_number_unless_skipped() {
    let input = temp("bad.txt");
    std::fs::write(
        &input,
        "customer_id date quantity amount\na 2026-01-01 1 5.00\nb 2026-01-02 one 5.00\nc 2026-13-01 1 5.00\n",
    )
    .unwrap();
    let path = input.to_str().unwrap();
    let (ok, _, stderr) = kehu(&["--transactions", path, "--as-of", "2026-02-01"]);
    assert!(!ok);
    assert!(stderr.contains("line 3: quantity `one` is not a number"), "{stderr}");
    let (ok, stdout, stderr) = kehu(&["--transactions", path, "--as-of", "2026-02-01", "--skip-invalid"]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("skipped 2 invalid lines: 1 bad quantity, 1 bad date"), "{stderr}");
    assert_eq!(rows(&stdout).len(), 1);
    std::fs::remove_file(input).unwrap();
}

#[test]
fn too_little_data_still_scores_and_says_why_the_models_are_missing() {
    let input = temp("tiny.txt");
    std::fs::write(&input, "solo 19970101 1 10.00\nsolo 19970201 2 20.00\n").unwrap();
    let (ok, stdout, stderr) =
        kehu(&["--transactions", input.to_str().unwrap(), "--as-of", "19970301", "--unit", "day"]);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("BG/NBD not fitted: 1 customers, at least 10 needed"), "{stderr}");
    let row = &rows(&stdout)[0];
    assert_eq!((row[1].as_str(), row[2].as_str(), row[3].as_str()), ("1", "31", "59"), "days, not weeks");
    assert_eq!((row[12].as_str(), row[14].as_str(), row[17].as_str()), ("A", "", ""));
    std::fs::remove_file(input).unwrap();
}

#[test]
fn missing_file_and_bad_date_argument_fail_cleanly() {
    let (ok, _, stderr) = kehu(&["--transactions", "/nonexistent/file.csv", "--as-of", "2026-01-01"]);
    assert!(!ok && stderr.contains("cannot read /nonexistent/file.csv"), "{stderr}");
    let (ok, _, stderr) = kehu(&["--transactions", CDNOW, "--as-of", "2026-02-30"]);
    assert!(!ok && stderr.contains("not a valid YYYY-MM-DD"), "{stderr}");
}
