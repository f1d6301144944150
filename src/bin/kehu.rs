//! `kehu`: the native command line. Subcommands live in `kehu::cli`; add new ones to [`Command`].

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use clap::{Parser, Subcommand};
    use kehu::cli;

    /// Kehu (客户) on the command line: scoring customers from transaction files, merging and checking
    /// branch bundles, writing the demo firm.
    #[derive(Debug, Parser)]
    #[command(name = "kehu", version, about)]
    pub struct Cli {
        #[command(subcommand)]
        pub command: Command,
    }

    /// The subcommands.
    #[derive(Debug, Subcommand)]
    pub enum Command {
        /// Score customers: RFM, ABC, lifecycle, BG/NBD P(alive) and expected purchases, Gamma-Gamma spend, CLV.
        Score(cli::score::ScoreArgs),
        /// Merge branch bundles into one (any order gives the same result).
        Merge(cli::merge::MergeArgs),
        /// Validate a bundle and print its counts; exits non-zero with the reason on a bad file.
        Check(cli::check::CheckArgs),
        /// Write the demo firm as a bundle (deterministic for a seed).
        Demo(cli::demo::DemoArgs),
    }

    fn report<E: std::fmt::Display>(name: &str, result: Result<String, E>, to_stdout: bool) -> std::process::ExitCode {
        match result {
            Ok(text) if to_stdout => {
                print!("{text}");
                std::process::ExitCode::SUCCESS
            }
            Ok(text) => {
                eprint!("{text}");
                std::process::ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("kehu {name}: {e}");
                std::process::ExitCode::FAILURE
            }
        }
    }

    pub fn main() -> std::process::ExitCode {
        super::keep_freed_memory();
        let cli = Cli::parse();
        match cli.command {
            Command::Score(args) => match cli::score::run(&args) {
                Ok(report) => {
                    eprint!("{report}");
                    std::process::ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("kehu score: {e}");
                    std::process::ExitCode::FAILURE
                }
            },
            Command::Merge(args) => report("merge", cli::merge::run(&args), false),
            Command::Check(args) => report("check", cli::check::run(&args), true),
            Command::Demo(args) => report("demo", cli::demo::run(&args), false),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

// The CLI is native only; on wasm this binary is an empty stub so `cargo test --target wasm32` builds.
#[cfg(target_arch = "wasm32")]
fn main() {}

// See Cargo.toml (mimalloc): a run is short and its big allocations come and go one bundle at a time.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Tells the allocator never to return freed memory to the OS during this run (mimalloc's
/// purge delay, by default 10 ms): `kehu merge` frees a bundle of a gigabyte and allocates the
/// next one seconds later, and returned pages come back zeroed by the kernel at a cost of ~5 s.
#[cfg(not(target_arch = "wasm32"))]
fn keep_freed_memory() {
    // `mi_option_purge_delay` in the mimalloc 2 header that libmimalloc-sys builds (the crate
    // exports no constant for it); -1 means never purge.
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets an integer option before any other thread runs; no pointers are involved.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}
