//! Chart components: SVG drawn from the pure [`crate::charts`] (scales, ticks, paths, colours, the
//! province map). Shared here: how marks react to the pointer, touch and keyboard ([`Marks`]), the
//! value tooltip, the legend, and the frame every chart sits in.
//!
//! Every chart is `width: 100%` with a fixed viewBox, so it scales to its container; it holds no
//! UI text of its own (labels come in already translated, numbers are formatted for `lang`).
//! Values show on hover, on tap (a tap toggles the tooltip, a tap elsewhere closes it) and on
//! keyboard focus (Tab into the chart, arrow keys between marks, Enter or Space to select where
//! a chart selects, Escape to close). See docs/charts.md.

pub mod lifecycle_strip;
pub mod monthly;
pub mod pareto;
pub mod province_map;
pub mod rfm_grid;
pub mod sales_history;
pub mod segment_bars;

pub use crate::charts::draw::bars::SegmentBar;
pub use lifecycle_strip::LifecycleStrip;
pub use monthly::{BarChart, LineChart, Series};
pub use pareto::ParetoChart;
pub use province_map::ProvinceMap;
pub use rfm_grid::RfmGrid;
pub use sales_history::SalesHistory;
pub use segment_bars::SegmentBars;

use crate::charts::colour::Rgb;
use crate::charts::format::{grouped, trim_zeros};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, KeyboardEvent, PointerEvent, SvgElement};

/// The style of the `<svg>` of every chart: as wide as its container, height from the viewBox.
pub(crate) const SVG_STYLE: &str = "display:block;width:100%;height:auto;overflow:visible;touch-action:manipulation";

/// A coordinate rounded to a tenth, so attributes stay short.
pub(crate) fn r1(v: f64) -> f64 {
    if v.is_finite() {
        (v * 10.0).round() / 10.0
    } else {
        0.0
    }
}

/// The `viewBox` attribute for a width and height.
pub(crate) fn view_box((w, h): (f64, f64)) -> String {
    format!("0 0 {} {}", crate::charts::path::num(w), crate::charts::path::num(h))
}

/// A transparent rectangle that is mark `i`: what the pointer, the finger and the keyboard land
/// on, over a drawing made of markup.
pub(crate) fn hit_rect(
    marks: Marks,
    i: usize,
    count: Signal<usize>,
    layout: Layout,
    aria: Signal<String>,
    on_select: Option<Callback<usize>>,
    r: crate::charts::path::Rect,
) -> impl IntoView {
    view! {
        <rect
            {..marks.attrs(i, count, layout, aria, on_select)}
            x=r1(r.x)
            y=r1(r.y)
            width=r1(r.width)
            height=r1(r.height)
            fill="transparent"
        />
    }
}

/// The default way a value is written in tooltips: grouped, at most two decimals (12,345.5).
pub(crate) fn plain_number(v: f64) -> String {
    trim_zeros(&grouped(v, 2))
}

/// Formats a value with the caller's callback, or [`plain_number`].
pub(crate) fn format_with(format: Option<Callback<f64, String>>, v: f64) -> String {
    match format {
        Some(f) => f.run(v),
        None => plain_number(v),
    }
}

/// What the marks of one chart share: which mark shows its tooltip (`active`), which one the
/// Tab key lands on (`focus`, a roving tabindex), and whether the last press was a mouse's.
#[derive(Clone, Copy)]
pub(crate) struct Marks {
    pub active: RwSignal<Option<usize>>,
    pub focus: RwSignal<usize>,
    mouse: StoredValue<bool>,
}

/// Arrow-key layout of a chart's marks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// One row or column: every arrow moves to the previous or next mark.
    Line,
    /// Rows of `cols` marks: left/right within a row, up/down between rows.
    Grid { cols: usize },
}

impl Marks {
    pub fn new() -> Self {
        Marks { active: RwSignal::new(None), focus: RwSignal::new(0), mouse: StoredValue::new(false) }
    }

    /// Attributes and handlers that make mark `i` of `count` show its value on hover, tap and focus,
    /// move on arrow keys, and call `on_select` on a click, a tap, Enter or Space. `aria` is its
    /// accessible name ("2025年3月: ¥12,000"); `role` is "button" where the mark selects, else "img".
    pub fn attrs(
        self,
        i: usize,
        count: Signal<usize>,
        layout: Layout,
        aria: Signal<String>,
        on_select: Option<Callback<usize>>,
    ) -> impl leptos::attr::Attribute {
        let marks = self;
        view! {
            <{..}
                data-i=i
                tabindex=move || if marks.focus.get() == i { "0" } else { "-1" }
                role=if on_select.is_some() { "button" } else { "img" }
                aria-label=move || aria.get()
                style=if on_select.is_some() { "cursor:pointer;outline-offset:1px" } else { "outline-offset:1px" }
                on:pointerenter=move |ev: PointerEvent| {
                    if ev.pointer_type() == "mouse" {
                        marks.active.set(Some(i));
                    }
                }
                // Leaving and blurring also fire while the chart is being removed (a click that
                // navigates away), when its signals are already disposed: hence `try_`.
                on:pointerleave=move |ev: PointerEvent| {
                    if ev.pointer_type() == "mouse" && marks.active.try_get_untracked() == Some(Some(i)) {
                        marks.active.try_set(None);
                    }
                }
                on:pointerdown=move |ev: PointerEvent| marks.mouse.set_value(ev.pointer_type() == "mouse")
                on:click=move |_| {
                    marks.focus.set(i);
                    if marks.mouse.get_value() {
                        marks.active.set(Some(i));
                    } else {
                        // A tap toggles the tooltip: the only way to read a value without a mouse.
                        marks.active.update(|a| *a = if *a == Some(i) { None } else { Some(i) });
                    }
                    marks.mouse.set_value(false);
                    if let Some(select) = on_select {
                        select.run(i);
                    }
                }
                on:focus=move |ev| {
                    marks.focus.set(i);
                    // Keyboard focus shows the value; the focus a tap or click gives does not (the
                    // click that follows decides).
                    let visible = event_target::<Element>(&ev).matches(":focus-visible").unwrap_or(true);
                    if visible {
                        marks.active.set(Some(i));
                    }
                }
                on:blur=move |_| {
                    if marks.active.try_get_untracked() == Some(Some(i)) {
                        marks.active.try_set(None);
                    }
                }
                on:keydown=move |ev: KeyboardEvent| marks.key(&ev, i, count.get_untracked(), layout, on_select)
            />
        }
    }

    fn key(&self, ev: &KeyboardEvent, i: usize, n: usize, layout: Layout, on_select: Option<Callback<usize>>) {
        if n == 0 {
            return;
        }
        let last = n - 1;
        let (row_step, col_step) = match layout {
            Layout::Line => (1, 1),
            Layout::Grid { cols } => (cols.max(1), 1),
        };
        let target = match ev.key().as_str() {
            "ArrowRight" => Some((i + col_step).min(last)),
            "ArrowLeft" => Some(i.saturating_sub(col_step)),
            "ArrowDown" if layout == Layout::Line => Some((i + 1).min(last)),
            "ArrowUp" if layout == Layout::Line => Some(i.saturating_sub(1)),
            "ArrowDown" => Some(if i + row_step <= last { i + row_step } else { i }),
            "ArrowUp" => Some(i.checked_sub(row_step).unwrap_or(i)),
            "Home" => Some(0),
            "End" => Some(last),
            "Enter" | " " => {
                ev.prevent_default();
                self.active.set(Some(i));
                if let Some(select) = on_select {
                    select.run(i);
                }
                None
            }
            "Escape" => {
                self.active.set(None);
                None
            }
            _ => None,
        };
        if let Some(j) = target {
            ev.prevent_default();
            if j != i {
                self.focus.set(j);
                focus_mark(ev, j);
            }
        }
    }
}

/// Focuses mark `j` of the chart the event happened in.
fn focus_mark(ev: &KeyboardEvent, j: usize) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else { return };
    let Ok(Some(svg)) = target.closest("svg") else { return };
    if let Ok(Some(mark)) = svg.query_selector(&format!("[data-i=\"{j}\"]")) {
        if let Ok(mark) = mark.dyn_into::<SvgElement>() {
            let _ = mark.focus();
        }
    }
}

/// A tooltip: where it points (viewBox units) and its lines (the first is the heading).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tip {
    pub x: f64,
    pub y: f64,
    pub lines: Vec<String>,
}

/// The tooltip over a chart with viewBox `view_box`, shown while `tip` gives one. It is HTML
/// placed over the SVG, so its text stays the page's size however small the chart is drawn, and
/// it flips to stay inside the chart near the edges. Screen readers get the same text from the
/// focused mark's label, so it is hidden from them.
pub(crate) fn tooltip(view_box: (f64, f64), tip: Signal<Option<Tip>>) -> impl IntoView {
    move || {
        tip.get().map(|t| {
            let left = (t.x / view_box.0 * 100.0).clamp(0.0, 100.0);
            let top = (t.y / view_box.1 * 100.0).clamp(0.0, 100.0);
            let dx = if left < 20.0 {
                "-12px"
            } else if left > 80.0 {
                "calc(-100% + 12px)"
            } else {
                "-50%"
            };
            let dy = if top < 25.0 { "14px" } else { "calc(-100% - 10px)" };
            let style = format!(
                "position:absolute;left:{left:.2}%;top:{top:.2}%;transform:translate({dx},{dy});z-index:5;\
                 pointer-events:none;background:#fff;color:#111827;border:1px solid #9ca3af;border-radius:6px;\
                 box-shadow:0 2px 8px rgba(0,0,0,.18);padding:6px 10px;font-size:14px;line-height:1.4;\
                 white-space:nowrap;max-width:90vw"
            );
            let mut lines = t.lines.into_iter();
            let head = lines.next().unwrap_or_default();
            view! {
                <div class="chart-tip" data-testid="chart-tip" aria-hidden="true" style=style>
                    <div style="font-weight:600">{head}</div>
                    {lines.map(|l| view! { <div>{l}</div> }).collect_view()}
                </div>
            }
        })
    }
}

/// One entry of a legend: a swatch and its text. `dashed` draws the swatch as a dashed line
/// (a comparison series).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LegendItem {
    pub colour: Rgb,
    pub text: String,
    pub dashed: bool,
}

/// A legend under a chart: swatches and texts in a wrapping row.
pub(crate) fn legend(items: Signal<Vec<LegendItem>>) -> impl IntoView {
    view! {
        <div class="chart-legend" style="display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;margin-top:4px;align-items:center">
            {move || {
                items
                    .get()
                    .into_iter()
                    .map(|item| {
                        let swatch = if item.dashed {
                            format!("display:inline-block;width:18px;height:0;border-top:3px dashed {};vertical-align:middle;margin-right:6px", item.colour)
                        } else {
                            format!("display:inline-block;width:12px;height:12px;border-radius:2px;background:{};border:1px solid rgba(0,0,0,.3);vertical-align:middle;margin-right:6px", item.colour)
                        };
                        view! {
                            <span style="white-space:nowrap">
                                <span aria-hidden="true" style=swatch></span>
                                {item.text}
                            </span>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// Hides the tooltip when a click or tap lands on the chart but not on a mark.
pub(crate) fn background_click(marks: Marks) -> impl Fn(web_sys::MouseEvent) + Copy + 'static {
    move |ev: web_sys::MouseEvent| {
        let on_mark = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("[data-i]").ok().flatten())
            .is_some();
        if !on_mark {
            marks.active.set(None);
        }
    }
}
