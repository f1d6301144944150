//! [`ProvinceMap`]: China by provincial-level division, coloured by a value (sales, customers),
//! with a legend; a province selects its customers. The map ships inside the app
//! (`charts::china_map`): nothing is fetched.

use super::{format_with, legend, tooltip, view_box, Layout, LegendItem, Marks, Tip, SVG_STYLE};
use crate::charts::china_map::{ATTRIBUTION, SHAPES, VIEW_BOX};
use crate::charts::colour::NO_DATA;
use crate::charts::draw::FONT;
use crate::charts::format::AxisFormat;
use crate::charts::map::{inset_markup, outline, shape, Classes, MARKER_RADIUS};
use crate::charts::Province;
use crate::i18n::Lang;
use leptos::prelude::*;

/// How many colour classes the map uses at most.
const CLASSES: usize = 5;

/// The map: each division filled by the class of its value (light = little, dark = much; grey =
/// no value), outlined white; Shanghai, Hong Kong and Macao also get a round marker out at sea,
/// big enough to tap. Hover, tap or focus a division for its name and value; a click, a tap,
/// Enter or Space calls `on_select`. Under the map: the legend, the caption and the map's credit.
#[component]
pub fn ProvinceMap(
    /// The map's accessible name, already translated ("各省销售额" / "Sales by province").
    #[prop(into)]
    label: Signal<String>,
    /// The value of each division that has one; divisions left out show as "no data".
    #[prop(into)]
    values: Signal<Vec<(Province, f64)>>,
    /// Called with the division chosen.
    #[prop(optional)]
    on_select: Option<Callback<Province>>,
    /// The chosen division, outlined.
    #[prop(optional, into)]
    selected: Option<Signal<Option<Province>>>,
    /// Language of the division names and the legend's numbers.
    #[prop(into)]
    lang: Signal<Lang>,
    /// How a value is written in the tooltip and the accessible names (money, say); by default
    /// 12,345.5.
    #[prop(optional)]
    format: Option<Callback<f64, String>>,
    /// The legend's title, already translated ("销售额（元）").
    #[prop(optional, into)]
    legend_title: Option<Signal<String>>,
    /// The legend's text for divisions without a value ("无数据"); without it the legend shows no
    /// such entry.
    #[prop(optional, into)]
    no_data_label: Option<Signal<String>>,
    /// A line under the map before the credit, already translated (e.g. "示意图，不作为划界依据").
    #[prop(optional, into)]
    caption: Option<Signal<String>>,
) -> impl IntoView {
    let marks = Marks::new();
    let count = Signal::derive(|| SHAPES.len());
    let value_of = Memo::new(move |_| {
        let mut by = [None::<f64>; 34];
        values.with(|vs| {
            for (p, v) in vs {
                if let Some(i) = Province::ALL.iter().position(|q| q == p) {
                    if v.is_finite() {
                        by[i] = Some(by[i].unwrap_or(0.0) + v);
                    }
                }
            }
        });
        by
    });
    let classes = Memo::new(move |_| {
        let max = value_of.with(|v| v.iter().flatten().copied().fold(0.0, f64::max));
        Classes::new(max, CLASSES)
    });
    let tip_lines = move |i: usize| {
        let name = Province::ALL[i].name(lang.get()).to_string();
        let value = value_of.with(|v| v[i]).map_or_else(|| "—".to_string(), |v| format_with(format, v));
        vec![name, value]
    };
    let select = on_select.map(|f| Callback::new(move |i: usize| f.run(Province::ALL[i])));

    // The divisions are the marks themselves (a `<g>` of its shape and, for the smallest, its
    // marker), so the pointer and the finger hit exactly the division.
    let regions = move || {
        SHAPES
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let fill = move || classes.with(|c| c.fill(value_of.with(|v| v[i]))).to_string();
                let aria = Signal::derive(move || tip_lines(i).join(": "));
                let marker = s.marker.map(|(mx, my)| {
                    view! {
                        <line x1=s.label.0 y1=s.label.1 x2=mx y2=my stroke="#6b7280" stroke-width="1" />
                        <circle cx=mx cy=my r=MARKER_RADIUS fill=fill stroke="#6b7280" stroke-width="1" />
                    }
                });
                view! {
                    <g {..marks.attrs(i, count, Layout::Line, aria, select)} data-province=Province::ALL[i].code()>
                        <path d=s.path fill=fill fill-rule="evenodd" stroke="#fff" stroke-width="0.8" stroke-linejoin="round" />
                        {marker}
                    </g>
                }
            })
            .collect_view()
    };

    // The chosen division and the one under the pointer, outlined over their neighbours.
    let outlines = move || {
        let mut out = selected.and_then(|s| s.get()).map(|p| outline(p, 2.5)).unwrap_or_default();
        if let Some(i) = marks.active.get() {
            out.push_str(&outline(Province::ALL[i], 1.8));
        }
        out
    };

    let tip = Signal::derive(move || {
        let i = marks.active.get()?;
        let s = shape(Province::ALL[i]);
        let (x, y) = s.marker.unwrap_or(s.label);
        Some(Tip { x, y, lines: tip_lines(i) })
    });

    let legend_items = Signal::derive(move || {
        let lang = lang.get();
        let c = classes.get();
        let step = c.bounds.first().copied().unwrap_or(1.0);
        let axis = AxisFormat::new(c.bounds.last().copied().unwrap_or(1.0), step, lang);
        let mut items: Vec<LegendItem> = c
            .legend()
            .into_iter()
            .map(|(lo, hi, colour)| LegendItem {
                colour,
                text: format!("{}–{}", axis.format(lo), axis.format(hi)),
                dashed: false,
            })
            .collect();
        if let Some(l) = no_data_label {
            items.push(LegendItem { colour: NO_DATA, text: l.get(), dashed: false });
        }
        items
    });

    view! {
        <figure class="chart chart-map" style="position:relative;width:100%;margin:0">
            <div style="position:relative;width:100%">
                <svg
                    viewBox=view_box(VIEW_BOX)
                    style=SVG_STYLE
                    role="group"
                    aria-label=move || label.get()
                    font-size=FONT
                    on:click=super::background_click(marks)
                >
                    <g aria-hidden="true" pointer-events="none" inner_html=inset_markup()></g>
                    <g>{regions}</g>
                    <g aria-hidden="true" pointer-events="none" inner_html=outlines></g>
                </svg>
                {tooltip(VIEW_BOX, tip)}
            </div>
            {legend_title.map(|t| view! { <div style="font-size:13px;font-weight:600;margin-top:4px">{move || t.get()}</div> })}
            {legend(legend_items)}
            <figcaption style="font-size:12px;color:#4b5563;margin-top:2px">
                {caption.map(|c| view! { {move || c.get()} " · " })}
                {ATTRIBUTION}
            </figcaption>
        </figure>
    }
}
