//! [`ProvinceMap`]: China by provincial-level division, coloured by a value (sales, customers),
//! with a legend; a province selects its customers. The map ships inside the app
//! (`charts::china_map`): nothing is fetched.

use super::{format_with, tooltip, Layout, Marks, Tip, FONT, SVG_STYLE};
use crate::charts::china_map::{ATTRIBUTION, SHAPES, SOUTH_CHINA_SEA, SOUTH_CHINA_SEA_FRAME, VIEW_BOX};
use crate::charts::colour::{HIGHLIGHT, NO_DATA};
use crate::charts::format::AxisFormat;
use crate::charts::map::{shape, Classes};
use crate::charts::path::num;
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

    let regions = move || {
        let values = value_of.get();
        let classes = classes.get();
        SHAPES
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let fill = classes.fill(values[i]).to_string();
                let aria = Signal::derive(move || tip_lines(i).join(": "));
                let marker = s.marker.map(|(mx, my)| {
                    view! {
                        <line x1=s.label.0 y1=s.label.1 x2=mx y2=my stroke="#6b7280" stroke-width="1" />
                        <circle cx=mx cy=my r="9" fill=fill.clone() stroke="#6b7280" stroke-width="1" />
                    }
                });
                view! {
                    <g {..marks.attrs(i, count, Layout::Line, aria, select)} data-province=Province::ALL[i].code()>
                        <path d=s.path fill=fill.clone() fill-rule="evenodd" stroke="#fff" stroke-width="0.8" stroke-linejoin="round" />
                        {marker}
                    </g>
                }
            })
            .collect_view()
    };

    // The chosen division and the one under the pointer, outlined on top of their neighbours.
    let outline = move |i: usize, width: f64| {
        let s = &SHAPES[i];
        view! {
            <path d=s.path fill="none" stroke=HIGHLIGHT.to_string() stroke-width=width stroke-linejoin="round" />
            {s.marker.map(|(mx, my)| view! {
                <circle cx=mx cy=my r="9" fill="none" stroke=HIGHLIGHT.to_string() stroke-width=width />
            })}
        }
    };
    let chosen = move || {
        let p = selected?.get()?;
        Some(outline(Province::ALL.iter().position(|q| *q == p)?, 2.5))
    };
    let hovered = move || marks.active.get().map(|i| outline(i, 1.8));

    let sea = {
        let (x, y, w, h) = SOUTH_CHINA_SEA_FRAME;
        view! {
            <g aria-hidden="true" pointer-events="none">
                <rect x=x y=y width=w height=h fill="#fff" />
                <path d=SOUTH_CHINA_SEA fill="#6b7280" />
            </g>
        }
    };

    let tip = move || {
        let i = marks.active.get()?;
        let s = shape(Province::ALL[i]);
        let (x, y) = s.marker.unwrap_or(s.label);
        Some(Tip { x, y, lines: tip_lines(i) })
    };

    let legend = move || {
        let lang = lang.get();
        let c = classes.get();
        let step = c.bounds.first().copied().unwrap_or(1.0);
        let axis = AxisFormat::new(c.bounds.last().copied().unwrap_or(1.0), step, lang);
        let swatch = |fill: String| {
            format!("display:inline-block;width:14px;height:14px;border-radius:2px;background:{fill};border:1px solid #9ca3af;vertical-align:middle;margin-right:6px")
        };
        let entries = c
            .legend()
            .into_iter()
            .map(|(lo, hi, fill)| {
                view! {
                    <span style="white-space:nowrap">
                        <span aria-hidden="true" style=swatch(fill.to_string())></span>
                        {format!("{}–{}", axis.format(lo), axis.format(hi))}
                    </span>
                }
            })
            .collect_view();
        let none = no_data_label.map(|l| {
            view! {
                <span style="white-space:nowrap">
                    <span aria-hidden="true" style=swatch(NO_DATA.to_string())></span>
                    {move || l.get()}
                </span>
            }
        });
        view! {
            {legend_title.map(|t| view! { <strong style="font-weight:600">{move || t.get()}</strong> })}
            {entries}
            {none}
        }
    };

    let (w, h) = VIEW_BOX;
    view! {
        <figure class="chart chart-map" style="position:relative;width:100%;margin:0">
            <div style="position:relative;width:100%">
                <svg
                    viewBox=format!("0 0 {} {}", num(w), num(h))
                    style=SVG_STYLE
                    role="group"
                    aria-label=move || label.get()
                    font-size=FONT
                    on:click=super::background_click(marks)
                >
                    {sea}
                    <g>{regions}</g>
                    <g aria-hidden="true" pointer-events="none">{chosen} {hovered}</g>
                </svg>
                {tooltip((w, h), tip)}
            </div>
            <div class="chart-legend" style="display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;margin-top:4px;align-items:center">
                {legend}
            </div>
            <figcaption style="font-size:12px;color:#4b5563;margin-top:2px">
                {caption.map(|c| view! { {move || c.get()} " · " })}
                {ATTRIBUTION}
            </figcaption>
        </figure>
    }
}
