//! `kehu score`: score a transaction file and write one row per customer.

use super::transactions::{read_file, ReadError, Transactions};
use crate::analytics::calendar::{format_day, parse_day, Day};
use crate::analytics::{score, Scores, Settings, TimeUnit};
use std::io::Write;

/// Arguments of `kehu score`.
#[derive(Debug, Clone, clap::Args)]
pub struct ScoreArgs {
    /// Transaction file: CSV with a header `customer_id,date,quantity,amount[,product_id,cost]`, or
    /// whitespace-separated with 4 columns (`customer_id date quantity amount`) or 5 as in CDNOW_sample.txt.
    #[arg(long, value_name = "FILE")]
    pub transactions: String,
    /// The day the analysis is made as of (YYYY-MM-DD or YYYYMMDD): later lines are left out, T is measured to it.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub as_of: Day,
    /// First day of the period (default: all history).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub from: Option<Day>,
    /// Time unit of recency, T and the horizon.
    #[arg(long, value_enum, default_value_t = Unit::Week)]
    pub unit: Unit,
    /// Horizon of the expected purchases, in units.
    #[arg(long, default_value_t = 52.0)]
    pub horizon: f64,
    /// Months of the CLV sum.
    #[arg(long, default_value_t = 12)]
    pub clv_months: u32,
    /// Discount rate per month of the CLV sum.
    #[arg(long, default_value_t = 0.01)]
    pub discount_rate: f64,
    /// Output CSV (default: standard output).
    #[arg(long, value_name = "FILE")]
    pub out: Option<String>,
    /// Also write the fitted parameters and log-likelihoods as JSON.
    #[arg(long, value_name = "FILE")]
    pub params: Option<String>,
    /// Skip invalid lines (reporting how many and why) instead of stopping at the first.
    #[arg(long)]
    pub skip_invalid: bool,
    /// Language of the segment and stage names.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

/// Time unit on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Unit {
    /// Days.
    Day,
    /// Weeks of 7 days.
    Week,
}

/// Language of names in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Lang {
    /// English.
    En,
    /// Chinese.
    Zh,
}

fn parse_date_arg(text: &str) -> Result<Day, String> {
    parse_day(text).ok_or_else(|| format!("`{text}` is not a valid YYYY-MM-DD or YYYYMMDD date"))
}

/// Why the command failed.
#[derive(Debug, thiserror::Error)]
pub enum ScoreError {
    /// The input could not be read.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// A setting is out of range.
    #[error(transparent)]
    Settings(#[from] crate::analytics::SettingsError),
    /// The output could not be written.
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// The header of the output CSV.
pub const HEADER: [&str; 18] = [
    "customer_id",
    "frequency",
    "recency",
    "T",
    "monetary_value",
    "rfm_recency_days",
    "rfm_frequency",
    "rfm_monetary",
    "r_score",
    "f_score",
    "m_score",
    "rfm_segment",
    "abc_class",
    "lifecycle_stage",
    "p_alive",
    "expected_purchases",
    "expected_spend",
    "clv",
];

/// Runs `kehu score`; returns the report printed on standard error.
pub fn run(args: &ScoreArgs) -> Result<String, ScoreError> {
    let input = read_file(&args.transactions, Some(args.as_of), args.skip_invalid)?;
    let settings = Settings {
        as_of: Some(args.as_of),
        period_start: args.from,
        time_unit: match args.unit {
            Unit::Day => TimeUnit::Day,
            Unit::Week => TimeUnit::Week,
        },
        horizon: args.horizon,
        clv_months: args.clv_months,
        discount_rate_per_month: args.discount_rate,
        ..Settings::default()
    };
    let scores = score(&input.data, &settings)?;
    let csv = render_csv(&input, &scores, args.lang);
    write_to(args.out.as_deref(), csv.as_bytes())?;
    if let Some(path) = &args.params {
        write_to(Some(path), params_json(&scores).as_bytes())?;
    }
    Ok(report(&input, &scores))
}

fn write_to(path: Option<&str>, bytes: &[u8]) -> Result<(), ScoreError> {
    let result = match path {
        Some(p) => std::fs::write(p, bytes),
        None => std::io::stdout().lock().write_all(bytes),
    };
    result.map_err(|source| ScoreError::Write { path: path.unwrap_or("standard output").to_string(), source })
}

/// Formats minor units as a decimal with the file's decimals.
fn money(minor: i64, decimals: u32) -> String {
    if decimals == 0 {
        return minor.to_string();
    }
    let scale = 10u64.pow(decimals);
    let abs = minor.unsigned_abs();
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:0width$}", abs / scale, abs % scale, width = decimals as usize)
}

/// The output CSV, one row per customer in order of first appearance.
pub fn render_csv(input: &Transactions, scores: &Scores, lang: Lang) -> String {
    let mut out = String::with_capacity(64 + scores.customers.len() * 160);
    out.push_str(&HEADER.join(","));
    out.push('\n');
    let opt = |v: Option<f64>| v.map_or(String::new(), |v| v.to_string());
    for c in &scores.customers {
        let id = &input.customer_ids[c.customer as usize];
        let quoted = if id.contains([',', '"']) { format!("\"{}\"", id.replace('"', "\"\"")) } else { id.clone() };
        let s = c.summary;
        let r = c.rfm;
        let fields = [
            quoted,
            s.map_or(String::new(), |s| s.frequency.to_string()),
            opt(s.map(|s| s.recency)),
            opt(s.map(|s| s.t)),
            opt(s.map(|s| s.monetary_value)),
            r.map_or(String::new(), |r| r.recency_days.to_string()),
            r.map_or(String::new(), |r| r.frequency.to_string()),
            r.map_or(String::new(), |r| money(r.monetary, input.decimals)),
            r.map_or(String::new(), |r| r.r.score.to_string()),
            r.map_or(String::new(), |r| r.f.score.to_string()),
            r.map_or(String::new(), |r| r.m.score.to_string()),
            r.map_or(String::new(), |r| match lang {
                Lang::En => r.segment.name_en().to_string(),
                Lang::Zh => r.segment.name_zh().to_string(),
            }),
            c.abc.map_or(String::new(), |a| a.class.letter().to_string()),
            c.lifecycle.map_or(String::new(), |l| match lang {
                Lang::En => l.stage.name_en().to_string(),
                Lang::Zh => l.stage.name_zh().to_string(),
            }),
            opt(c.bgnbd.map(|b| b.p_alive)),
            opt(c.bgnbd.map(|b| b.expected_purchases)),
            opt(c.spend.map(|e| e.expected_spend)),
            opt(c.clv.as_ref().map(|e| e.clv)),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// The `--params` JSON: fitted parameters and log-likelihoods keyed by model (or the reason there is no fit).
pub fn params_json(scores: &Scores) -> String {
    use serde_json::json;
    let bgnbd = match &scores.bgnbd {
        Ok(f) => json!({
            "r": f.params.r, "alpha": f.params.alpha, "a": f.params.a, "b": f.params.b,
            "log_likelihood": f.log_likelihood, "customers": f.customers, "groups": f.groups,
            "iterations": f.iterations,
        }),
        Err(e) => json!({ "error": e.to_string() }),
    };
    let gamma_gamma = match &scores.gamma_gamma {
        Ok(f) => json!({
            "p": f.params.p, "q": f.params.q, "v": f.params.v,
            "log_likelihood": f.log_likelihood, "customers": f.customers, "iterations": f.iterations,
        }),
        Err(e) => json!({ "error": e.to_string() }),
    };
    let value = json!({
        "bgnbd": bgnbd,
        "gamma_gamma": gamma_gamma,
        "as_of": format_day(scores.as_of),
        "unit": match scores.settings.time_unit { TimeUnit::Day => "day", TimeUnit::Week => "week" },
        "horizon": scores.settings.horizon,
        "clv_basis": scores.clv_basis.name(),
        "clv_months": scores.settings.clv_months,
        "discount_rate": scores.settings.discount_rate_per_month,
    });
    let mut text = serde_json::to_string_pretty(&value).expect("plain JSON values serialise");
    text.push('\n');
    text
}

/// The report on standard error: what was read, skipped and fitted, and the CLV basis.
pub fn report(input: &Transactions, scores: &Scores) -> String {
    let mut lines = vec![format!(
        "kehu score: {} customers from {} lines as of {} ({} later lines left out)",
        scores.customers.len(),
        input.lines_read,
        format_day(scores.as_of),
        input.lines_after_as_of
    )];
    if !input.skipped.is_empty() {
        let mut kinds: Vec<(&str, usize)> = Vec::new();
        for b in &input.skipped {
            match kinds.iter_mut().find(|(k, _)| *k == b.kind) {
                Some(entry) => entry.1 += 1,
                None => kinds.push((b.kind, 1)),
            }
        }
        let why: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} bad {k}")).collect();
        lines.push(format!(
            "skipped {} invalid lines: {} (first: {})",
            input.skipped.len(),
            why.join(", "),
            input.skipped[0]
        ));
    }
    lines.push(match &scores.bgnbd {
        Ok(f) => format!(
            "BG/NBD: r = {:.4}, alpha = {:.4}, a = {:.4}, b = {:.4}, log-likelihood = {:.3}",
            f.params.r, f.params.alpha, f.params.a, f.params.b, f.log_likelihood
        ),
        Err(e) => format!("BG/NBD not fitted: {e}; p_alive, expected_purchases and clv are left empty"),
    });
    lines.push(match &scores.gamma_gamma {
        Ok(f) => format!(
            "Gamma-Gamma: p = {:.4}, q = {:.4}, v = {:.4}, log-likelihood = {:.3}",
            f.params.p, f.params.q, f.params.v, f.log_likelihood
        ),
        Err(e) => format!("Gamma-Gamma not fitted: {e}; expected_spend and clv are left empty"),
    });
    lines.push(match scores.clv_basis {
        crate::analytics::clv::ClvBasis::Margin => "clv is on gross margin (every line has a cost)".to_string(),
        crate::analytics::clv::ClvBasis::Revenue => "clv is on revenue (not every line has a cost)".to_string(),
    });
    lines.join("\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_keeps_the_files_decimals() {
        assert_eq!(money(2933, 2), "29.33");
        assert_eq!(money(-5, 2), "-0.05");
        assert_eq!(money(7, 0), "7");
        assert_eq!(money(1_000_000, 3), "1000.000");
    }
}
