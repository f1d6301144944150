//! The browser UI (Leptos, client-side rendered). Components hold no business rules: they call
//! the pure core (`model`, `ledger`, `search`, `i18n`) from memos and write through
//! [`state::AppState::commit`].

pub mod analysis;
pub mod app;
pub mod browser;
pub mod bundle_reader;
pub mod charts;
pub mod components;
pub mod data_signal;
pub mod download;
pub mod files;
pub mod offline;
pub mod pages;
pub mod seal;
pub mod startup;
pub mod state;
pub mod webcrypto;

pub use app::App;
pub mod who;
