//! Kehu (客户): customer management that runs entirely in the browser.
//!
//! Layers, dependencies pointing one way (see ARCHITECTURE.md):
//! `ui → store → analytics / search / demo → model`. Everything except `store::idb` and `ui`
//! is plain Rust with no web dependency, and is tested natively with `cargo test`.

pub mod analytics;
pub mod charts;
pub mod chunked;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod demo;
pub mod edits;
pub mod exchange;
pub mod forms;
pub mod i18n;
pub mod ledger;
pub mod model;
pub mod privacy;
#[cfg(test)]
mod purity;
pub mod risk;
pub mod route;
pub mod scoring;
pub mod search;
pub mod segments;
pub mod service;
pub mod store;
pub mod value;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
