//! The native command line's commands (the `kehu` binary is a thin `clap` front over them).
//! Native only: it reads and writes files.

pub mod check;
pub mod demo;
pub mod merge;
pub mod score;
pub mod transactions;
