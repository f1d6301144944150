//! [`RfmGrid`]: customers by recency (R) and frequency (F) score, 5 × 5; a cell selects its
//! customers.

use super::{format_with, hit_rect, tooltip, view_box, Layout, Marks, Tip, SVG_STYLE};
use crate::charts::draw::rfm::{anchor, cell, drawing, index_of, outline, scores_of, VIEW};
use crate::charts::draw::FONT;
use crate::charts::format::grouped;
use crate::i18n::Lang;
use leptos::prelude::*;

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
    let picture = Memo::new(move |_| {
        let (r, f, lang) = (r_label.get(), f_label.get(), lang.get());
        counts.with(|c| match sales {
            Some(s) => s.with(|s| drawing(c, Some(s), &r, &f, lang)),
            None => drawing(c, None, &r, &f, lang),
        })
    });
    let tip_lines = move |i: usize| {
        let (r, f) = scores_of(i);
        let n = counts.with(|c| c[usize::from(r - 1)][usize::from(f - 1)]);
        let mut lines = vec![format!("{} {r} · {} {f}", r_label.get(), f_label.get())];
        let n = grouped(f64::from(n), 0);
        lines.push(match count_label {
            Some(l) => format!("{}: {n}", l.get()),
            None => n,
        });
        if let Some(s) = sales.map(|s| s.with(|s| s[usize::from(r - 1)][usize::from(f - 1)])) {
            let s = format_with(format, s);
            lines.push(match sales_label {
                Some(l) => format!("{}: {s}", l.get()),
                None => s,
            });
        }
        lines
    };
    let select = Callback::new(move |i: usize| on_select.run(scores_of(i)));
    let hits = move || {
        (0..25)
            .map(|i| {
                let aria = Signal::derive(move || tip_lines(i).join("; "));
                hit_rect(marks, i, count, Layout::Grid { cols: 5 }, aria, Some(select), cell(i))
            })
            .collect_view()
    };
    // The chosen cell and the one under the pointer, outlined.
    let outlines = move || {
        let chosen = selected.and_then(|s| s.get()).filter(|(r, f)| (1..=5).contains(r) && (1..=5).contains(f));
        let mut out = chosen.map(|(r, f)| outline(index_of(r, f), 3.0)).unwrap_or_default();
        if let Some(i) = marks.active.get() {
            out.push_str(&outline(i, 2.0));
        }
        out
    };
    let tip = Signal::derive(move || {
        let i = marks.active.get()?;
        let (x, y) = anchor(i);
        Some(Tip { x, y, lines: tip_lines(i) })
    });

    view! {
        <div class="chart chart-rfm" style="position:relative;width:100%">
            <svg
                viewBox=view_box(VIEW)
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" inner_html=move || picture.get()></g>
                <g aria-hidden="true" pointer-events="none" inner_html=outlines></g>
                <g>{hits}</g>
            </svg>
            {tooltip(VIEW, tip)}
        </div>
    }
}
