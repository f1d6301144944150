//! `kehu merge A B … -o ALL`: consolidates branch bundles with the exchange merge rule (the
//! result does not depend on the order of the files) into one full bundle.

use super::check::{limits, passphrase, read_bundle, ReadBundleError};
use crate::exchange::crypt::{self, CryptError, Envelope};
use crate::exchange::{bundle, enforce_erasures, merge_into, merge_many, vector_of, Bundle, ExportInfo};
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

/// Reads the files on a few threads (the machine's cores, at most 4) while this thread merges
/// each bundle into the result as soon as it is read (in any order: merging does not depend on
/// it); at most one bundle per reader waits to be merged (a bundle of the largest firm takes
/// over a gigabyte once parsed). The first bundle becomes the result as it is. Returns the
/// result and the number of files.
fn read_and_merge(args: &MergeArgs, pass: Option<&str>) -> Result<(Dataset, usize), ReadBundleError> {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::mpsc;
    let limits = limits(args.max_mib);
    let files = &args.files;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 4).min(files.len().max(1));
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::sync_channel::<Result<Bundle, ReadBundleError>>(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (tx, next, stop, limits) = (tx.clone(), &next, &stop, &limits);
            s.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(path) = files.get(i) else { break };
                if stop.load(Ordering::SeqCst) || tx.send(read_bundle(path, pass, limits)).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut merged: Option<Dataset> = None;
        let mut failed = None;
        for read in rx.iter() {
            match read {
                Ok(bundle) => match merged.as_mut() {
                    Some(m) => merge_into(m, &bundle.data),
                    // What merging it into nothing would give, without copying it.
                    None => {
                        let mut first = bundle.data;
                        enforce_erasures(&mut first);
                        merged = Some(first);
                    }
                },
                Err(e) => {
                    failed = Some(e);
                    break;
                }
            }
        }
        // A bad file ends the merge: the readers stop after the file they are reading.
        stop.store(true, Ordering::SeqCst);
        drop(rx);
        match failed {
            Some(e) => Err(e),
            None => Ok((merged.unwrap_or_default(), files.len())),
        }
    })
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
    let items = merged.total();
    let mut bytes = bundle::bundle_of(&merged, vector_of(&merged), None, &info, args.level);
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
    Ok(format!(
        "merged {} files into {}: {} items, {} bytes{}\n",
        files,
        args.out,
        items,
        bytes.len(),
        if args.encrypt { ", encrypted" } else { "" }
    ))
}
