//! Reusable parts of the UI.

pub mod confirm;
pub mod customer_picker;
pub mod field;
pub mod virtual_list;
