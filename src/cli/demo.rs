//! `kehu demo --customers N --lines M --seed S --branch NAME -o FILE`: writes the demo firm as a
//! full bundle. Deterministic: the same arguments give the same bytes.

use crate::demo::{generate, DemoError, DemoSpec};
use crate::exchange::{bundle, vector_of, ExportInfo};
use chrono::NaiveDate;

/// Arguments of `kehu demo`.
#[derive(Debug, Clone, clap::Args)]
pub struct DemoArgs {
    /// Number of customers (1 to 100,000).
    #[arg(long, default_value_t = crate::demo::DEFAULT_CUSTOMERS)]
    pub customers: usize,
    /// Number of sales lines, returns included (up to 1,000,000).
    #[arg(long, default_value_t = crate::demo::DEFAULT_LINES)]
    pub lines: usize,
    /// Same seed, same firm.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Name of the branch that owns the records.
    #[arg(long, default_value = "总部")]
    pub branch: String,
    /// Last day of the three years of trade (also the bundle's creation time).
    #[arg(long, default_value = "2026-11-30", value_parser = parse_end)]
    pub end: NaiveDate,
    /// The bundle file to write.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: String,
    /// gzip level 0–9.
    #[arg(long, default_value_t = bundle::DEFAULT_COMPRESSION)]
    pub level: u32,
}

fn parse_end(text: &str) -> Result<NaiveDate, String> {
    crate::model::validate::parse_date(text).ok_or_else(|| format!("`{text}` is not a date"))
}

/// Why `kehu demo` failed.
#[derive(Debug, thiserror::Error)]
pub enum DemoCliError {
    #[error(transparent)]
    Demo(#[from] DemoError),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// The bundle bytes of a demo firm.
pub fn demo_bundle(spec: &DemoSpec, level: u32) -> Result<Vec<u8>, DemoError> {
    let data = generate(spec)?;
    let vector = vector_of(&data);
    let branch = data.branches.all().first().map(|b| b.id).unwrap_or_default();
    let device = vector.0.keys().next().copied().unwrap_or(0);
    let created_ms = spec.end.and_hms_opt(0, 0, 0).map_or(0, |t| t.and_utc().timestamp_millis().max(0) as u64);
    let info = ExportInfo { branch, branch_name: spec.branch_name.clone(), device, created_ms };
    Ok(bundle::bundle_of(&data, vector, None, &info, level))
}

/// Runs `kehu demo`; returns the report printed on standard error.
pub fn run(args: &DemoArgs) -> Result<String, DemoCliError> {
    let spec = DemoSpec {
        seed: args.seed,
        end: args.end,
        customers: args.customers,
        lines: args.lines,
        branch_name: args.branch.clone(),
    };
    let bytes = demo_bundle(&spec, args.level)?;
    std::fs::write(&args.out, &bytes).map_err(|source| DemoCliError::Write { path: args.out.clone(), source })?;
    Ok(format!(
        "wrote {} ({} customers, {} lines, seed {}): {} bytes\n",
        args.out,
        args.customers,
        args.lines,
        args.seed,
        bytes.len()
    ))
}
