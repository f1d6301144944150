//! `kehu`: the native command line. Subcommands live in `kehu::cli`; add new ones to [`Command`].

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use clap::{Parser, Subcommand};
    use kehu::cli;

    /// Kehu (客户) on the command line: scoring customers from transaction files.
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
    }

    pub fn main() -> std::process::ExitCode {
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
