//! [`SegmentBars`]: horizontal bars with their labels and values (customers per segment, per
//! class, per lifecycle stage).

use super::{format_with, hit_rect, tooltip, view_box, Layout, Marks, Tip, SVG_STYLE};
use crate::charts::draw::bars::{Bars, SegmentBar, WIDTH};
use crate::charts::draw::FONT;
use crate::charts::format::percent;
use crate::i18n::Lang;
use leptos::prelude::*;

/// Bars in the order given, one row each: label on the left, bar, then the value (compact) and,
/// with `shares`, its share of the total. With `on_select`, each row is a button.
#[component]
pub fn SegmentBars(
    /// The chart's accessible name, already translated ("客户分群" / "Segments").
    #[prop(into)]
    label: Signal<String>,
    /// The bars, top to bottom.
    #[prop(into)]
    items: Signal<Vec<SegmentBar>>,
    /// Also shows each value's share of the total.
    #[prop(optional)]
    shares: bool,
    /// Called with the index of a bar when it is clicked, tapped, or chosen with Enter or Space.
    #[prop(optional)]
    on_select: Option<Callback<usize>>,
    /// The chosen bar, outlined.
    #[prop(optional, into)]
    selected: Option<Signal<Option<usize>>>,
    /// Language of the numbers.
    #[prop(into)]
    lang: Signal<Lang>,
    /// How a value is written in the tooltip and the accessible name; by default 12,345.5.
    #[prop(optional)]
    format: Option<Callback<f64, String>>,
) -> impl IntoView {
    let marks = Marks::new();
    let bars = Memo::new(move |_| items.with(|items| Bars::new(items)));
    let count = Signal::derive(move || bars.with(|b| b.items.len()));
    let size = Signal::derive(move || (WIDTH, bars.with(Bars::height)));
    let picture = Memo::new(move |_| {
        let lang = lang.get();
        bars.with(|b| b.drawing(shares, lang))
    });
    let tip_lines = move |i: usize| {
        bars.with(|b| {
            b.items.get(i).map_or_else(Vec::new, |item| {
                let mut value = format_with(format, item.value);
                if let Some(share) = b.share(item.value).filter(|_| shares) {
                    value = format!("{value} ({})", percent(share));
                }
                vec![item.label.clone(), value]
            })
        })
    };
    let hits = move || {
        (0..count.get())
            .map(|i| {
                let aria = Signal::derive(move || tip_lines(i).join(": "));
                hit_rect(marks, i, count, Layout::Line, aria, on_select, bars.with(|b| b.row(i)))
            })
            .collect_view()
    };
    let shade = move || marks.active.get().map(|i| bars.with(|b| b.shade(i))).unwrap_or_default();
    let chosen = move || selected.and_then(|s| s.get()).map(|i| bars.with(|b| b.outline(i))).unwrap_or_default();
    let tip = Signal::derive(move || {
        let i = marks.active.get()?;
        let lines = tip_lines(i);
        let (x, y) = bars.with(|b| b.anchor(i));
        (!lines.is_empty()).then_some(Tip { x, y, lines })
    });

    view! {
        <div class="chart chart-bars" style="position:relative;width:100%">
            <svg
                viewBox=move || view_box(size.get())
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" pointer-events="none" inner_html=shade></g>
                <g aria-hidden="true" inner_html=move || picture.get()></g>
                <g aria-hidden="true" pointer-events="none" inner_html=chosen></g>
                <g>{hits}</g>
            </svg>
            {move || tooltip(size.get(), tip)}
        </div>
    }
}
