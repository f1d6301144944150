//! [`ParetoChart`]: the cumulative share of sales over customers ranked by sales, with the A/B/C
//! classes and the 80/20 point marked.

use super::{hit_rect, tooltip, view_box, Layout, Marks, Tip, SVG_STYLE};
use crate::charts::draw::pareto::{anchor, column, drawing, highlight, point, STEPS, VIEW};
use crate::charts::draw::FONT;
use crate::charts::format::percent;
use crate::charts::series::share_at;
use leptos::prelude::*;

/// The Pareto curve: x is the share of customers (largest buyers first), y their share of sales.
/// The A, B and C classes are shaded along x where the curve crosses `a` and `b`; the 80/20
/// point is marked. Hover, tap or focus a 5% column to read the curve there.
#[component]
pub fn ParetoChart(
    /// The chart's accessible name, already translated ("帕累托曲线" / "Pareto curve").
    #[prop(into)]
    label: Signal<String>,
    /// The curve: (customer share 0–1, sales share 0–1), x increasing, from (0, 0) to (1, 1);
    /// thinned to what the chart can show, so 100,000 points are fine.
    #[prop(into)]
    points: Signal<Vec<(f64, f64)>>,
    /// The sales share where class A ends (0.8).
    #[prop(into)]
    a: Signal<f64>,
    /// The sales share where class B ends (0.95).
    #[prop(into)]
    b: Signal<f64>,
    /// The 80/20 point: (customer share, sales share), e.g. (0.2, 0.76) from the scoring engine.
    /// By default the curve's value at 20%.
    #[prop(optional, into)]
    top: Option<Signal<(f64, f64)>>,
    /// The tooltip and accessible text for a point of the curve, from (customer share, sales
    /// share), already translated ("前 20% 客户贡献 76% 销售额"); by default "20% → 76%".
    #[prop(optional)]
    describe: Option<Callback<(f64, f64), String>>,
) -> impl IntoView {
    let marks = Marks::new();
    let top_point = Signal::derive(move || match top {
        Some(t) => t.get(),
        None => (0.2, points.with(|p| share_at(p, 0.2))),
    });
    let picture = Memo::new(move |_| points.with(|p| drawing(p, a.get(), b.get(), top_point.get())));
    let describe_point = move |(cx, cy): (f64, f64)| match describe {
        Some(d) => d.run((cx, cy)),
        None => format!("{} → {}", percent(cx), percent(cy)),
    };
    let count = Signal::derive(|| STEPS);
    let shown = move || marks.active.get().map(|i| points.with(|p| highlight(p, i))).unwrap_or_default();
    let hits = move || {
        (0..STEPS)
            .map(|i| {
                let aria = Signal::derive(move || describe_point(points.with(|p| point(p, i))));
                hit_rect(marks, i, count, Layout::Line, aria, None, column(i))
            })
            .collect_view()
    };
    let tip = Signal::derive(move || {
        let i = marks.active.get()?;
        let (x, y) = points.with(|p| anchor(p, i));
        Some(Tip { x, y, lines: vec![describe_point(points.with(|p| point(p, i)))] })
    });

    view! {
        <div class="chart chart-pareto" style="position:relative;width:100%">
            <svg
                viewBox=view_box(VIEW)
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" inner_html=move || picture.get()></g>
                <g aria-hidden="true" pointer-events="none" inner_html=shown></g>
                <g>{hits}</g>
            </svg>
            {tooltip(VIEW, tip)}
        </div>
    }
}
