//! Each chart's layout and drawing, from plain data: where its marks are (for the pointer, the
//! finger and the keyboard) and the markup of everything that only shows (see [`super::svg`]).
//! `ui::charts` puts these on the page and adds the interaction.

pub mod bars;
pub mod daily;
pub mod monthly;
pub mod pareto;
pub mod rfm;
pub mod strip;

/// Font sizes in viewBox units. Charts are drawn 800 units wide, so at 800 px these are pixels.
pub const FONT: f64 = 13.0;
pub const FONT_SMALL: f64 = 12.0;
