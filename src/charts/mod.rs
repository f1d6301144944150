//! Charts, the pure part: scales, nice ticks, axis number formats, SVG path builders, colour
//! scales with readable labels, China's provincial-level divisions (and finding one in an
//! address), and the province map's shapes. No web dependency: the Leptos components that draw
//! with these live in `ui::charts` (see docs/charts.md).

pub mod axis;
pub mod china_map;
pub mod colour;
pub mod draw;
pub mod format;
pub mod map;
pub mod path;
pub mod province;
pub mod scale;
pub mod series;
pub mod svg;
pub mod ticks;

pub use province::{province_of_text, Province};
