//! Reusable parts of the UI.

pub mod confirm;
pub mod field;
pub mod virtual_list;
