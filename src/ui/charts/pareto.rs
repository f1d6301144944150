//! [`ParetoChart`]: the cumulative share of sales over customers ranked by sales, with the A/B/C
//! classes and the 80/20 point marked.

use super::{r1, tooltip, Layout, Marks, Tip, FONT, FONT_SMALL, SVG_STYLE};
use crate::charts::colour::{AXIS, GRID, HIGHLIGHT, MARK, PRIMARY};
use crate::charts::format::percent;
use crate::charts::path::{num, polyline, thin_by_x};
use crate::charts::scale::LinearScale;
use crate::charts::series::{customers_at_share, share_at};
use leptos::prelude::*;

const W: f64 = 800.0;
const H: f64 = 340.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = H - 30.0;
/// The curve is read in steps of this customer share (5%): one tappable column each.
const STEPS: usize = 20;

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
    let x = LinearScale::new((0.0, 1.0), (LEFT, W - RIGHT));
    let y = LinearScale::new((0.0, 1.0), (BOTTOM, TOP));
    let curve = Memo::new(move |_| {
        points.with(|p| {
            let projected: Vec<(f64, f64)> = p.iter().map(|(cx, cy)| (x.map(*cx), y.map(*cy))).collect();
            thin_by_x(&projected, 0.5)
        })
    });
    let top_point = Signal::derive(move || match top {
        Some(t) => t.get(),
        None => (0.2, points.with(|p| share_at(p, 0.2))),
    });
    let describe_point = move |cx: f64, cy: f64| match describe {
        Some(d) => d.run((cx, cy)),
        None => format!("{} → {}", percent(cx), percent(cy)),
    };
    let count = Signal::derive(|| STEPS);

    let axes = move || {
        let ticks = [0.0, 0.2, 0.4, 0.6, 0.8, 1.0];
        ticks
            .iter()
            .map(|t| {
                let (tx, ty) = (r1(x.map(*t)), r1(y.map(*t)));
                view! {
                    <line x1=LEFT x2=W - RIGHT y1=ty y2=ty stroke=GRID.to_string() />
                    <text x=LEFT - 6.0 y=ty text-anchor="end" dominant-baseline="middle" font-size=FONT_SMALL fill=AXIS.to_string()>
                        {percent(*t)}
                    </text>
                    <text x=tx y=BOTTOM + 18.0 text-anchor="middle" font-size=FONT_SMALL fill=AXIS.to_string()>
                        {percent(*t)}
                    </text>
                }
            })
            .collect_view()
    };

    // Classes A, B and C as shaded columns, each with its letter and its share of customers.
    let classes = move || {
        let (xa, xb) = points.with(|p| (customers_at_share(p, a.get()), customers_at_share(p, b.get())));
        let bands = [("A", 0.0, xa, 0.16), ("B", xa, xb, 0.09), ("C", xb, 1.0, 0.03)];
        let bands_view = bands
            .into_iter()
            .map(|(letter, from, to, opacity)| {
                let (x0, x1) = (x.map(from), x.map(to));
                let wide = x1 - x0 > 40.0;
                view! {
                    <rect x=r1(x0) y=TOP width=r1((x1 - x0).max(0.0)) height=BOTTOM - TOP fill=PRIMARY.to_string() fill-opacity=opacity />
                    {(x1 - x0 > 14.0).then(|| view! {
                        <text x=r1((x0 + x1) / 2.0) y=TOP - 8.0 text-anchor="middle" font-size=FONT font-weight="600" fill=AXIS.to_string()>
                            {if wide { format!("{letter} {}", percent(to - from)) } else { letter.to_string() }}
                        </text>
                    })}
                }
            })
            .collect_view();
        let cuts = [(a.get(), xa), (b.get(), xb)]
            .into_iter()
            .map(|(share, at)| {
                let (cx, cy) = (r1(x.map(at)), r1(y.map(share)));
                view! {
                    <line x1=LEFT x2=cx y1=cy y2=cy stroke=MARK.to_string() stroke-dasharray="4 3" />
                    <line x1=cx x2=cx y1=cy y2=BOTTOM stroke=MARK.to_string() stroke-dasharray="4 3" />
                }
            })
            .collect_view();
        view! { {bands_view} {cuts} }
    };

    let line = move || {
        let d = curve.with(|c| polyline(c));
        view! {
            <line x1=LEFT y1=BOTTOM x2=W - RIGHT y2=TOP stroke=GRID.to_string() stroke-width="1.5" />
            <path d=d fill="none" stroke=PRIMARY.to_string() stroke-width="2.5" stroke-linejoin="round" />
        }
    };

    let top_mark = move || {
        let (tx, ty) = top_point.get();
        let (px, py) = (r1(x.map(tx)), r1(y.map(ty)));
        view! {
            <line x1=px x2=px y1=py y2=BOTTOM stroke=MARK.to_string() stroke-width="1.5" />
            <circle cx=px cy=py r="5" fill=MARK.to_string() stroke="#fff" stroke-width="1.5" />
            <text x=px + 8.0 y=py + 16.0 font-size=FONT font-weight="600" fill=MARK.to_string()>
                {format!("{} → {}", percent(tx), percent(ty))}
            </text>
        }
    };

    let highlight = move || {
        let i = marks.active.get()?;
        let cx = (i + 1) as f64 / STEPS as f64;
        let cy = points.with(|p| share_at(p, cx));
        let (px, py) = (r1(x.map(cx)), r1(y.map(cy)));
        Some(view! {
            <line x1=px x2=px y1=TOP y2=BOTTOM stroke=HIGHLIGHT.to_string() stroke-dasharray="3 3" />
            <circle cx=px cy=py r="5" fill="#fff" stroke=PRIMARY.to_string() stroke-width="2.5" />
        })
    };

    let hits = move || {
        let step = (W - RIGHT - LEFT) / STEPS as f64;
        (0..STEPS)
            .map(|i| {
                let aria = Signal::derive(move || {
                    let cx = (i + 1) as f64 / STEPS as f64;
                    describe_point(cx, points.with(|p| share_at(p, cx)))
                });
                view! {
                    <rect
                        {..marks.attrs(i, count, Layout::Line, aria, None)}
                        x=r1(LEFT + step * i as f64)
                        y=TOP
                        width=r1(step)
                        height=BOTTOM - TOP
                        fill="transparent"
                    />
                }
            })
            .collect_view()
    };

    let tip = move || {
        let i = marks.active.get()?;
        let cx = (i + 1) as f64 / STEPS as f64;
        let cy = points.with(|p| share_at(p, cx));
        Some(Tip { x: x.map(cx), y: y.map(cy), lines: vec![describe_point(cx, cy)] })
    };

    view! {
        <div class="chart chart-pareto" style="position:relative;width:100%">
            <svg
                viewBox=format!("0 0 {} {}", num(W), num(H))
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true">{axes} {classes} {line} {top_mark} {highlight}</g>
                <g>{hits}</g>
            </svg>
            {tooltip((W, H), tip)}
        </div>
    }
}
