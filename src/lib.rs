//! Kehu (客户): customer management that runs entirely in the browser.
//!
//! Layers, dependencies pointing one way (see ARCHITECTURE.md):
//! `ui → store → analytics / search / demo → model`. Everything except `store::idb` and `ui`
//! is plain Rust with no web dependency, and is tested natively with `cargo test`.

pub mod analytics;
pub mod model;
pub mod store;
