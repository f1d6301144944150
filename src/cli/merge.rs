//! `kehu merge A B … -o ALL`: consolidates branch bundles with the exchange merge rule (the
//! result does not depend on the order of the files) into one full bundle.

use super::check::{limits, passphrase, read_bundle, ReadBundleError};
use crate::exchange::crypt::{self, CryptError, Envelope};
use crate::exchange::{bundle, merge_into, merge_many, vector_of, Bundle, ExportInfo};
use crate::model::{Dataset, Id};

/// Arguments of `kehu merge`.
#[derive(Debug, Clone, clap::Args)]
pub struct MergeArgs {
    /// The bundle files to merge.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<String>,
    /// The merged bundle to write.
    #[arg(short = 'o', long = "out", value_name = "FILE")]
    pub out: String,
    /// Passphrase of encrypted inputs (default: the KEHU_PASSPHRASE environment variable).
    #[arg(long)]
    pub passphrase: Option<String>,
    /// Encrypt the output with the passphrase.
    #[arg(long)]
    pub encrypt: bool,
    /// Name of the exporting branch written in the header.
    #[arg(long, default_value = "headquarters")]
    pub branch_name: String,
    /// Id of the exporting branch (default: the nil id).
    #[arg(long)]
    pub branch: Option<String>,
    /// Creation time written in the header, ms since 1970 (default: now).
    #[arg(long)]
    pub created_ms: Option<u64>,
    /// gzip level 0–9.
    #[arg(long, default_value_t = bundle::DEFAULT_COMPRESSION)]
    pub level: u32,
    /// Largest input file accepted, in MiB.
    #[arg(long, value_name = "MIB")]
    pub max_mib: Option<u64>,
}

/// Why `kehu merge` failed.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(transparent)]
    Read(#[from] ReadBundleError),
    #[error("--encrypt needs a passphrase (--passphrase or KEHU_PASSPHRASE)")]
    NoPassphrase,
    #[error("`{0}` is not a branch id (a UUID)")]
    BadBranch(String),
    #[error("encryption: {0}")]
    Crypt(#[from] CryptError),
    #[error("no randomness for the salt and nonce: {0}")]
    Random(String),
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

/// Reads the files a few at a time (the machine's cores, at most 4) and merges each into the
/// result as soon as it is read, so at most that many bundles are in memory besides the result
/// (a bundle of the largest firm takes over a gigabyte once parsed). Returns the result and the
/// number of files.
fn read_and_merge(args: &MergeArgs, pass: Option<&str>) -> Result<(Dataset, usize), ReadBundleError> {
    let limits = limits(args.max_mib);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4);
    let mut merged = Dataset::default();
    for chunk in args.files.chunks(threads) {
        let results: Vec<Result<Bundle, ReadBundleError>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunk.iter().map(|path| s.spawn(move || read_bundle(path, pass, &limits))).collect();
            handles
                .into_iter()
                .map(|h| {
                    h.join().unwrap_or_else(|_| {
                        Err(ReadBundleError::Io {
                            path: String::new(),
                            source: std::io::Error::other("a reader thread panicked"),
                        })
                    })
                })
                .collect()
        });
        for r in results {
            merge_into(&mut merged, &r?.data);
        }
    }
    Ok((merged, args.files.len()))
}

/// Merges the bundles' content (order-independent).
pub fn merge_bundles(bundles: &[Bundle]) -> Dataset {
    merge_many(bundles.iter().map(|b| &b.data))
}

/// Runs `kehu merge`; returns the report printed on standard error.
pub fn run(args: &MergeArgs) -> Result<String, MergeError> {
    let passphrase = passphrase(args.passphrase.as_deref());
    if args.encrypt && passphrase.is_none() {
        return Err(MergeError::NoPassphrase);
    }
    let branch = match &args.branch {
        Some(text) => Id::parse(text).ok_or_else(|| MergeError::BadBranch(text.clone()))?,
        None => Id::NIL,
    };
    let (merged, files) = read_and_merge(args, passphrase.as_deref())?;
    let created_ms = args.created_ms.unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
    });
    let info = ExportInfo { branch, branch_name: args.branch_name.clone(), device: 0, created_ms };
    let header = bundle::header_for(&merged, vector_of(&merged), None, &info);
    let mut bytes = bundle::write_bundle(&header, &merged, args.level);
    if let (true, Some(pass)) = (args.encrypt, passphrase.as_deref()) {
        let mut random = [0u8; crypt::SALT_LEN + crypt::NONCE_LEN];
        getrandom::fill(&mut random).map_err(|e| MergeError::Random(e.to_string()))?;
        let mut envelope = Envelope {
            iterations: crypt::DEFAULT_ITERATIONS,
            salt: [0; crypt::SALT_LEN],
            nonce: [0; crypt::NONCE_LEN],
        };
        envelope.salt.copy_from_slice(&random[..crypt::SALT_LEN]);
        envelope.nonce.copy_from_slice(&random[crypt::SALT_LEN..]);
        bytes = crypt::encrypt(&bytes, pass, &envelope)?;
    }
    std::fs::write(&args.out, &bytes).map_err(|source| MergeError::Write { path: args.out.clone(), source })?;
    let items: u64 = header.counts.values().sum();
    Ok(format!(
        "merged {} files into {}: {} items, {} bytes{}\n",
        files,
        args.out,
        items,
        bytes.len(),
        if args.encrypt { ", encrypted" } else { "" }
    ))
}
