//! [`RfmGrid`]: customers by recency (R) and frequency (F) score, 5 × 5; a cell selects its
//! customers.

use super::{format_with, r1, tooltip, Layout, Marks, Tip, FONT, FONT_SMALL, SVG_STYLE};
use crate::charts::colour::{label_on, sequential, AXIS, HIGHLIGHT};
use crate::charts::format::{compact, grouped};
use crate::charts::path::num;
use crate::i18n::Lang;
use leptos::prelude::*;

const W: f64 = 800.0;
const H: f64 = 470.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = H - 52.0;
const CELL_W: f64 = (W - LEFT - RIGHT) / 5.0;
const CELL_H: f64 = (BOTTOM - TOP) / 5.0;

/// Mark `i` is row `i / 5` (row 0 = R5, at the top) and column `i % 5` (column 0 = F1): its
/// (r, f) scores.
pub(crate) fn scores_of(i: usize) -> (u8, u8) {
    (5 - (i / 5) as u8, (i % 5) as u8 + 1)
}

/// The grid: R from 5 (most recent, top) to 1, F from 1 (left) to 5 (most frequent). Each cell
/// shows its count of customers (and their sales, if given), shaded by count, and is a button:
/// a click, a tap, Enter or Space calls `on_select` with its (r, f).
#[component]
pub fn RfmGrid(
    /// The chart's accessible name, already translated ("RFM 客户分布").
    #[prop(into)]
    label: Signal<String>,
    /// Customers per cell: `counts[r - 1][f - 1]` (as the scoring summary gives them).
    #[prop(into)]
    counts: Signal<[[u32; 5]; 5]>,
    /// Sales per cell, same layout, shown under the count when given.
    #[prop(optional, into)]
    sales: Option<Signal<[[f64; 5]; 5]>>,
    /// The recency axis title, already translated ("最近购买 R").
    #[prop(into)]
    r_label: Signal<String>,
    /// The frequency axis title, already translated ("购买频次 F").
    #[prop(into)]
    f_label: Signal<String>,
    /// What the count is, for the tooltip ("客户数"); without it the count stands alone.
    #[prop(optional, into)]
    count_label: Option<Signal<String>>,
    /// What the sales are, for the tooltip ("销售额").
    #[prop(optional, into)]
    sales_label: Option<Signal<String>>,
    /// Called with (r, f), each 1–5, when a cell is chosen.
    on_select: Callback<(u8, u8)>,
    /// The chosen cell, outlined.
    #[prop(optional, into)]
    selected: Option<Signal<Option<(u8, u8)>>>,
    /// Language of the numbers in the cells.
    #[prop(into)]
    lang: Signal<Lang>,
    /// How sales are written in the tooltip; by default 12,345.5.
    #[prop(optional)]
    format: Option<Callback<f64, String>>,
) -> impl IntoView {
    let marks = Marks::new();
    let count = Signal::derive(|| 25usize);
    let max = Memo::new(move |_| counts.with(|c| c.iter().flatten().copied().max().unwrap_or(0)));
    let cell = move |i: usize| {
        let (r, f) = scores_of(i);
        let n = counts.with(|c| c[usize::from(r - 1)][usize::from(f - 1)]);
        let s = sales.map(|s| s.with(|s| s[usize::from(r - 1)][usize::from(f - 1)]));
        (r, f, n, s)
    };
    let tip_lines = move |i: usize| {
        let (r, f, n, s) = cell(i);
        let mut lines = vec![format!("{} {r} · {} {f}", r_label.get(), f_label.get())];
        let n = grouped(f64::from(n), 0);
        lines.push(match count_label {
            Some(l) => format!("{}: {n}", l.get()),
            None => n,
        });
        if let Some(s) = s {
            let s = format_with(format, s);
            lines.push(match sales_label {
                Some(l) => format!("{}: {s}", l.get()),
                None => s,
            });
        }
        lines
    };
    let select = Callback::new(move |i: usize| on_select.run(scores_of(i)));

    let cells = move || {
        let max = max.get();
        let lang = lang.get();
        (0..25)
            .map(|i| {
                let (_, _, n, s) = cell(i);
                let t = if max == 0 { 0.0 } else { f64::from(n) / f64::from(max) };
                let fill = sequential(t);
                let ink = label_on(fill).to_string();
                let (x, y) = (LEFT + CELL_W * (i % 5) as f64, TOP + CELL_H * (i / 5) as f64);
                let (cx, cy) = (r1(x + CELL_W / 2.0), r1(y + CELL_H / 2.0));
                let aria = Signal::derive(move || tip_lines(i).join("; "));
                view! {
                    <g {..marks.attrs(i, count, Layout::Grid { cols: 5 }, aria, Some(select))}>
                        <rect x=r1(x + 1.5) y=r1(y + 1.5) width=r1(CELL_W - 3.0) height=r1(CELL_H - 3.0) rx="4" fill=fill.to_string() />
                        <text x=cx y=if s.is_some() { cy - 8.0 } else { cy } text-anchor="middle" dominant-baseline="middle"
                            font-size="20" font-weight="600" fill=ink.clone() pointer-events="none">
                            {grouped(f64::from(n), 0)}
                        </text>
                        {s.map(|s| view! {
                            <text x=cx y=cy + 14.0 text-anchor="middle" dominant-baseline="middle" font-size=FONT_SMALL
                                fill=ink.clone() pointer-events="none">
                                {compact(s, lang)}
                            </text>
                        })}
                    </g>
                }
            })
            .collect_view()
    };

    let axes = move || {
        let f_ticks = (1..=5)
            .map(|f| {
                view! {
                    <text x=r1(LEFT + CELL_W * (f as f64 - 0.5)) y=BOTTOM + 18.0 text-anchor="middle" font-size=FONT fill=AXIS.to_string()>
                        {f.to_string()}
                    </text>
                }
            })
            .collect_view();
        let r_ticks = (1..=5)
            .map(|row| {
                view! {
                    <text x=LEFT - 10.0 y=r1(TOP + CELL_H * (row as f64 - 0.5)) text-anchor="end" dominant-baseline="middle" font-size=FONT fill=AXIS.to_string()>
                        {(6 - row).to_string()}
                    </text>
                }
            })
            .collect_view();
        let mid_y = r1((TOP + BOTTOM) / 2.0);
        view! {
            {f_ticks}
            {r_ticks}
            <text x=r1((LEFT + W - RIGHT) / 2.0) y=H - 8.0 text-anchor="middle" font-size=FONT font-weight="600" fill=AXIS.to_string()>
                {move || format!("{} →", f_label.get())}
            </text>
            <text x="16" y=mid_y text-anchor="middle" font-size=FONT font-weight="600" fill=AXIS.to_string()
                transform=format!("rotate(-90 16 {mid_y})")>
                {move || format!("{} →", r_label.get())}
            </text>
        }
    };

    // The chosen cell and the one under the pointer: a dark outline with a white inner line, so it
    // shows on light and dark fills alike.
    let outline = move |i: usize, width: f64| {
        let (x, y) = (LEFT + CELL_W * (i % 5) as f64, TOP + CELL_H * (i / 5) as f64);
        view! {
            <rect x=r1(x + 1.5) y=r1(y + 1.5) width=r1(CELL_W - 3.0) height=r1(CELL_H - 3.0) rx="4"
                fill="none" stroke=HIGHLIGHT.to_string() stroke-width=width />
            <rect x=r1(x + 1.5 + width) y=r1(y + 1.5 + width) width=r1(CELL_W - 3.0 - 2.0 * width) height=r1(CELL_H - 3.0 - 2.0 * width)
                rx="3" fill="none" stroke="#fff" stroke-width="1.5" />
        }
    };
    let chosen = move || {
        let (r, f) = selected?.get()?;
        if !(1..=5).contains(&r) || !(1..=5).contains(&f) {
            return None;
        }
        Some(outline(usize::from(5 - r) * 5 + usize::from(f - 1), 3.0))
    };
    let hovered = move || marks.active.get().map(|i| outline(i, 2.0));

    let tip = move || {
        let i = marks.active.get()?;
        let (x, y) = (LEFT + CELL_W * ((i % 5) as f64 + 0.5), TOP + CELL_H * (i / 5) as f64 + 6.0);
        Some(Tip { x, y, lines: tip_lines(i) })
    };

    view! {
        <div class="chart chart-rfm" style="position:relative;width:100%">
            <svg
                viewBox=format!("0 0 {} {}", num(W), num(H))
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true">{axes}</g>
                <g>{cells}</g>
                <g aria-hidden="true" pointer-events="none">{chosen} {hovered}</g>
            </svg>
            {tooltip((W, H), tip)}
        </div>
    }
}
