//! [`SegmentBars`]: horizontal bars with their labels and values (customers per segment, per
//! class, per lifecycle stage).

use super::{format_with, r1, tooltip, Layout, Marks, Tip, FONT, SVG_STYLE};
use crate::charts::colour::{Rgb, AXIS, HIGHLIGHT, PRIMARY};
use crate::charts::format::{compact, percent, text_width};
use crate::charts::path::{hbar, num};
use crate::charts::scale::LinearScale;
use crate::i18n::Lang;
use leptos::prelude::*;

/// One bar.
#[derive(Clone, Debug, PartialEq)]
pub struct SegmentBar {
    /// Its label, already translated ("冠军客户" / "Champions").
    pub label: String,
    pub value: f64,
    /// Its colour; by default the charts' blue.
    pub colour: Option<Rgb>,
}

impl SegmentBar {
    pub fn new(label: impl Into<String>, value: f64) -> Self {
        SegmentBar { label: label.into(), value, colour: None }
    }
}

const W: f64 = 800.0;
const ROW: f64 = 34.0;
const BAR: f64 = 22.0;
const PAD: f64 = 6.0;
/// Room after the longest bar for its value and share ("1.2万 (23.5%)").
const VALUE_ROOM: f64 = 130.0;

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
    let count = Signal::derive(move || items.with(Vec::len));
    let height = move || ROW * count.get().max(1) as f64 + PAD;
    let label_room = Memo::new(move |_| {
        items.with(|items| items.iter().map(|i| text_width(&i.label, FONT)).fold(40.0, f64::max).min(280.0) + 12.0)
    });
    let total = Memo::new(move |_| items.with(|items| items.iter().map(|i| i.value.max(0.0)).sum::<f64>()));
    let scale = Memo::new(move |_| {
        let max = items.with(|items| items.iter().map(|i| i.value).fold(0.0, f64::max));
        LinearScale::new((0.0, if max > 0.0 { max } else { 1.0 }), (label_room.get(), W - VALUE_ROOM))
    });
    let value_text = move |v: f64| {
        let lang = lang.get();
        let t = total.get();
        if shares && t > 0.0 {
            format!("{} ({})", compact(v, lang), percent(v / t))
        } else {
            compact(v, lang)
        }
    };
    let tip_lines = move |i: usize| {
        items.with(|items| {
            items.get(i).map_or_else(Vec::new, |item| {
                let t = total.get();
                let mut value = format_with(format, item.value);
                if shares && t > 0.0 {
                    value = format!("{value} ({})", percent(item.value / t));
                }
                vec![item.label.clone(), value]
            })
        })
    };

    let rows = move || {
        let s = scale.get();
        let room = label_room.get();
        items
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let y = PAD + ROW * i as f64;
                let r = hbar(y + (ROW - BAR) / 2.0, BAR, s.map(0.0), s.map(item.value), 2.0);
                let colour = item.colour.unwrap_or(PRIMARY);
                let aria = Signal::derive(move || tip_lines(i).join(": "));
                let mid = r1(y + ROW / 2.0);
                view! {
                    <g {..marks.attrs(i, count, Layout::Line, aria, on_select)}>
                        // The whole row is the target, not just the bar: a short bar is easy to miss.
                        <rect x="0" y=r1(y) width=W height=ROW fill="transparent" />
                        <text x=r1(room - 10.0) y=mid text-anchor="end" dominant-baseline="middle" font-size=FONT fill=AXIS.to_string()>
                            {item.label.clone()}
                        </text>
                        <rect x=r1(r.x) y=r1(r.y) width=r1(r.width) height=r1(r.height) rx="3" fill=colour.to_string() />
                        <text x=r1(r.x + r.width + 6.0) y=mid dominant-baseline="middle" font-size=FONT fill=AXIS.to_string()>
                            {value_text(item.value)}
                        </text>
                    </g>
                }
            })
            .collect_view()
    };

    let outline = move |i: usize, width: f64| {
        let y = PAD + ROW * i as f64;
        view! {
            <rect x="1" y=r1(y + 1.0) width=W - 2.0 height=ROW - 2.0 rx="4" fill="none" stroke=HIGHLIGHT.to_string() stroke-width=width />
        }
    };
    let chosen = move || selected.and_then(|s| s.get()).map(|i| outline(i, 2.5));
    let hovered = move || {
        marks.active.get().map(|i| {
            let y = PAD + ROW * i as f64;
            view! { <rect x="0" y=r1(y) width=W height=ROW fill="#000" fill-opacity="0.05" /> }
        })
    };

    let tip = move || {
        let i = marks.active.get()?;
        let lines = tip_lines(i);
        if lines.is_empty() {
            return None;
        }
        let s = scale.get();
        let v = items.with(|items| items.get(i).map_or(0.0, |it| it.value));
        Some(Tip { x: s.map(v.max(0.0)).min(W - VALUE_ROOM), y: PAD + ROW * i as f64 + 4.0, lines })
    };

    view! {
        <div class="chart chart-bars" style="position:relative;width:100%">
            <svg
                viewBox=move || format!("0 0 {} {}", num(W), num(height()))
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" pointer-events="none">{hovered}</g>
                <g>{rows}</g>
                <g aria-hidden="true" pointer-events="none">{chosen}</g>
            </svg>
            {move || tooltip((W, height()), tip)}
        </div>
    }
}
