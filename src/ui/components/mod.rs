//! Reusable parts of the UI.

pub mod confirm;
pub mod customer_picker;
pub mod field;
pub mod settings_form;
pub mod tabs;
pub mod virtual_list;
