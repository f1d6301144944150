//! `kehu check FILE`: validates a bundle completely and prints its header and counts; exits
//! non-zero with the reason when the file is not sound.

use crate::exchange::{parse_bundle_owned, Bundle, BundleError, Limits};
use std::fmt::Write as _;

/// Arguments of `kehu check`.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The bundle file.
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Passphrase of an encrypted bundle (default: the KEHU_PASSPHRASE environment variable).
    #[arg(long)]
    pub passphrase: Option<String>,
    /// Largest file accepted, in MiB.
    #[arg(long, value_name = "MIB")]
    pub max_mib: Option<u64>,
}

/// Why `kehu check` or `kehu merge` could not read a file.
#[derive(Debug, thiserror::Error)]
pub enum ReadBundleError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}: {source}")]
    Bundle { path: String, source: BundleError },
}

/// The passphrase given, or the KEHU_PASSPHRASE environment variable.
pub fn passphrase(given: Option<&str>) -> Option<String> {
    given.map(str::to_string).or_else(|| std::env::var("KEHU_PASSPHRASE").ok().filter(|p| !p.is_empty()))
}

/// The limits from the command line.
pub fn limits(max_mib: Option<u64>) -> Limits {
    let mut l = Limits::default();
    if let Some(m) = max_mib {
        l.max_file_bytes = m << 20;
    }
    l
}

/// Reads and validates one bundle file.
pub fn read_bundle(path: &str, passphrase: Option<&str>, limits: &Limits) -> Result<Bundle, ReadBundleError> {
    let bytes = std::fs::read(path).map_err(|source| ReadBundleError::Io { path: path.to_string(), source })?;
    parse_bundle_owned(bytes, passphrase, limits)
        .map_err(|source| ReadBundleError::Bundle { path: path.to_string(), source })
}

/// A readable summary of a bundle: header, then one line per kind.
pub fn summary(bundle: &Bundle) -> String {
    let h = &bundle.header;
    let mut out = String::new();
    let _ = writeln!(out, "format kehu-bundle version {}", bundle.version);
    let _ = writeln!(out, "branch {} ({}), device {:08x}", h.branch_name, h.branch, h.device);
    let _ = writeln!(out, "created {} ms since 1970-01-01", h.created_ms);
    let _ = writeln!(out, "{}", if h.since.is_some() { "delta export" } else { "full export" });
    let _ = writeln!(out, "devices in vector: {}", h.vector.0.len());
    let _ = writeln!(out, "checksum {} (verified)", h.checksum);
    let mut total = 0;
    for (kind, n) in bundle.counts() {
        let _ = writeln!(out, "{:>24} {n:>10}", kind.name());
        total += n;
    }
    let _ = writeln!(out, "{:>24} {total:>10}", "total");
    out
}

/// Runs `kehu check`; returns the summary to print.
pub fn run(args: &CheckArgs) -> Result<String, ReadBundleError> {
    let pass = passphrase(args.passphrase.as_deref());
    let bundle = read_bundle(&args.file, pass.as_deref(), &limits(args.max_mib))?;
    Ok(summary(&bundle))
}
