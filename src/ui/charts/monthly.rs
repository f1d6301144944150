//! Monthly charts: [`LineChart`] and [`BarChart`] of a series of months, optionally against a
//! second series (the previous period, lined up from the end).

use super::{format_with, legend, r1, tooltip, Layout, LegendItem, Marks, Tip, FONT, FONT_SMALL, SVG_STYLE};
use crate::charts::axis::{month_ticks, value_axis, ValueAxis};
use crate::charts::colour::{Rgb, AXIS, COMPARISON, GRID, HIGHLIGHT, PRIMARY};
use crate::charts::format::month_label;
use crate::charts::path::{area, bar, num, polyline};
use crate::charts::scale::{BandScale, LinearScale};
use crate::charts::series::{align_from_end, MonthValue};
use crate::i18n::Lang;
use leptos::prelude::*;

/// One series of monthly values.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// Its name in the legend and the tooltip, already translated ("本期" / "This period").
    pub label: String,
    /// (year, month 1–12, value), one entry per month, in order, no gaps (see
    /// `charts::series::fill_months`).
    pub points: Vec<MonthValue>,
}

impl Series {
    pub fn new(label: impl Into<String>, points: Vec<MonthValue>) -> Self {
        Series { label: label.into(), points }
    }
}

const W: f64 = 800.0;
const H: f64 = 300.0;

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Line { area: bool },
    Bar,
}

/// A line chart of monthly values: the main series as a solid line (with its area, if asked),
/// the comparison as a dashed grey line. Hover, tap or focus a month for its values.
#[component]
pub fn LineChart(
    /// The chart's accessible name, already translated ("月度销售额" / "Monthly sales").
    #[prop(into)]
    label: Signal<String>,
    /// The main series (this period).
    #[prop(into)]
    series: Signal<Series>,
    /// A series to compare with (the previous period), lined up with `series` from the last month.
    #[prop(optional, into)]
    compare: Option<Signal<Series>>,
    /// Language of the axis numbers and month names.
    #[prop(into)]
    lang: Signal<Lang>,
    /// How a value is written in the tooltip and the marks' labels (money, say); by default
    /// grouped with at most two decimals (12,345.5).
    #[prop(optional)]
    format: Option<Callback<f64, String>>,
    /// Fills the area under the main line.
    #[prop(optional)]
    area: bool,
) -> impl IntoView {
    monthly_chart(Kind::Line { area }, label, series, compare, lang, format)
}

/// A bar chart of monthly values: one bar a month, or a pair (the comparison in grey on the
/// left, the main series on the right). Negative months (net returns) go below the zero line.
#[component]
pub fn BarChart(
    /// The chart's accessible name, already translated.
    #[prop(into)]
    label: Signal<String>,
    /// The main series (this period).
    #[prop(into)]
    series: Signal<Series>,
    /// A series to compare with (the previous period), lined up with `series` from the last month.
    #[prop(optional, into)]
    compare: Option<Signal<Series>>,
    /// Language of the axis numbers and month names.
    #[prop(into)]
    lang: Signal<Lang>,
    /// How a value is written in the tooltip and the marks' labels; by default 12,345.5.
    #[prop(optional)]
    format: Option<Callback<f64, String>>,
) -> impl IntoView {
    monthly_chart(Kind::Bar, label, series, compare, lang, format)
}

/// Everything the chart draws, computed from the data in one go.
#[derive(PartialEq)]
struct Geometry {
    months: Vec<MonthValue>,
    previous: Vec<Option<MonthValue>>,
    axis: ValueAxis,
    band: BandScale,
    y: LinearScale,
    left: f64,
    bottom: f64,
}

const TOP: f64 = 12.0;
const RIGHT: f64 = 12.0;
const BOTTOM_ROOM: f64 = 40.0;

fn geometry_of(series: &Series, compare: Option<&Series>, lang: Lang) -> Geometry {
    let months = series.points.clone();
    let previous: Vec<Option<MonthValue>> = match compare {
        Some(c) => align_from_end(&months, &c.points).into_iter().map(|p| p.copied()).collect(),
        None => vec![None; months.len()],
    };
    let values = months.iter().map(|p| p.2).chain(previous.iter().flatten().map(|p| p.2)).filter(|v| v.is_finite());
    let (min, max) = values.fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let axis = value_axis(min, max, 5, lang, FONT_SMALL);
    let left = (axis.label_width + 10.0).max(28.0);
    let bottom = H - BOTTOM_ROOM;
    let band = BandScale::new(months.len(), (left, W - RIGHT), 0.2);
    let y = LinearScale::new(axis.ticks.domain, (bottom, TOP));
    Geometry { months, previous, axis, band, y, left, bottom }
}

pub(crate) fn monthly_chart(
    kind: Kind,
    label: Signal<String>,
    series: Signal<Series>,
    compare: Option<Signal<Series>>,
    lang: Signal<Lang>,
    format: Option<Callback<f64, String>>,
) -> impl IntoView {
    let marks = Marks::new();
    let geometry = Memo::new(move |_| {
        let lang = lang.get();
        series.with(|s| match compare {
            Some(c) => c.with(|c| std::sync::Arc::new(geometry_of(s, Some(c), lang))),
            None => std::sync::Arc::new(geometry_of(s, None, lang)),
        })
    });
    let count = Signal::derive(move || geometry.with(|g| g.months.len()));
    let has_compare = compare.is_some();

    // The lines of month `i`'s tooltip (and, joined, its accessible name).
    let tip_lines = move |i: usize| -> Vec<String> {
        let lang = lang.get();
        geometry.with(|g| {
            let Some(&(y, m, v)) = g.months.get(i) else { return Vec::new() };
            let mut lines = vec![month_label(y, m, lang)];
            lines.push(format!("{}: {}", series.with(|s| s.label.clone()), format_with(format, v)));
            if let (Some(c), Some(Some((py, pm, pv)))) = (compare, g.previous.get(i)) {
                lines.push(format!(
                    "{} ({}): {}",
                    c.with(|c| c.label.clone()),
                    month_label(*py, *pm, lang),
                    format_with(format, *pv)
                ));
            }
            lines
        })
    };

    let grid = move || {
        geometry.with(|g| {
            g.axis
                .ticks
                .values
                .iter()
                .zip(&g.axis.labels)
                .map(|(v, text)| {
                    let y = r1(g.y.map(*v));
                    let stroke = if *v == 0.0 { AXIS } else { GRID };
                    view! {
                        <line x1=r1(g.left) x2=r1(W - RIGHT) y1=y y2=y stroke=stroke.to_string() stroke-width="1" />
                        <text x=r1(g.left - 6.0) y=y text-anchor="end" dominant-baseline="middle" font-size=FONT_SMALL fill=AXIS.to_string()>
                            {text.clone()}
                        </text>
                    }
                })
                .collect_view()
        })
    };

    let x_labels = move || {
        let lang = lang.get();
        geometry.with(|g| {
            let months: Vec<(i32, u32)> = g.months.iter().map(|(y, m, _)| (*y, *m)).collect();
            month_ticks(&months, g.band.step(), lang, FONT_SMALL)
                .into_iter()
                .map(|t| {
                    let x = r1(g.band.center(t.index));
                    view! {
                        <text x=x y=r1(g.bottom + 16.0) text-anchor="middle" font-size=FONT_SMALL fill=AXIS.to_string()>
                            {t.month}
                        </text>
                        {t.year.map(|year| view! {
                            <text x=x y=r1(g.bottom + 32.0) text-anchor="middle" font-size=FONT_SMALL fill=AXIS.to_string()>
                                {year}
                            </text>
                        })}
                    }
                })
                .collect_view()
        })
    };

    let data = move || {
        geometry.with(|g| {
            let zero = g.y.map_clamped(0.0);
            match kind {
                Kind::Line { area: with_area } => {
                    let main: Vec<(f64, f64)> =
                        g.months.iter().enumerate().map(|(i, p)| (g.band.center(i), g.y.map(p.2))).collect();
                    let prev: Vec<(f64, f64)> = g
                        .previous
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (g.band.center(i), p.map_or(f64::NAN, |p| g.y.map(p.2))))
                        .collect();
                    let dots = (main.len() <= 36).then(|| {
                        main.iter()
                            .map(|(x, y)| view! { <circle cx=r1(*x) cy=r1(*y) r="2.5" fill=PRIMARY.to_string() /> })
                            .collect_view()
                    });
                    view! {
                        {with_area.then(|| view! {
                            <path d=area(&main, zero) fill=PRIMARY.to_string() fill-opacity="0.12" stroke="none" />
                        })}
                        {has_compare.then(|| view! {
                            <path d=polyline(&prev) fill="none" stroke=COMPARISON.to_string() stroke-width="2"
                                stroke-dasharray="6 4" stroke-linejoin="round" />
                        })}
                        <path d=polyline(&main) fill="none" stroke=PRIMARY.to_string() stroke-width="2.5" stroke-linejoin="round" />
                        {dots}
                    }
                    .into_any()
                }
                Kind::Bar => {
                    let width = g.band.width();
                    let (prev_w, main_x) = if has_compare { (width / 2.0, width / 2.0) } else { (0.0, 0.0) };
                    let bars = g
                        .months
                        .iter()
                        .enumerate()
                        .map(|(i, p)| {
                            let x = g.band.start(i);
                            let main = bar(x + main_x, width - main_x, zero, g.y.map(p.2), 1.0);
                            let prev = g.previous[i].map(|pp| bar(x, prev_w, zero, g.y.map(pp.2), 1.0));
                            view! {
                                {prev.map(|r| view! {
                                    <rect x=r1(r.x) y=r1(r.y) width=r1(r.width) height=r1(r.height) fill=COMPARISON.to_string() fill-opacity="0.55" />
                                })}
                                <rect x=r1(main.x) y=r1(main.y) width=r1(main.width) height=r1(main.height) fill=PRIMARY.to_string() />
                            }
                        })
                        .collect_view();
                    view! {
                        {bars}
                        <line x1=r1(g.left) x2=r1(W - RIGHT) y1=r1(zero) y2=r1(zero) stroke=AXIS.to_string() stroke-width="1" />
                    }
                    .into_any()
                }
            }
        })
    };

    // The month under the pointer or the finger: a guide line (lines) or an outline (bars).
    let highlight = move || {
        let i = marks.active.get()?;
        geometry.with(|g| {
            let &(_, _, v) = g.months.get(i)?;
            let x = g.band.center(i);
            Some(match kind {
                Kind::Line { .. } => view! {
                    <line x1=r1(x) x2=r1(x) y1=TOP y2=r1(g.bottom) stroke=HIGHLIGHT.to_string() stroke-width="1" stroke-dasharray="3 3" />
                    <circle cx=r1(x) cy=r1(g.y.map(v)) r="5" fill="#fff" stroke=PRIMARY.to_string() stroke-width="2.5" />
                }
                .into_any(),
                Kind::Bar => {
                    let zero = g.y.map_clamped(0.0);
                    view! {
                        <rect x=r1(g.band.start(i) - 2.0) y=TOP width=r1(g.band.width() + 4.0) height=r1(g.bottom - TOP)
                            fill=Rgb(0, 0, 0).to_string() fill-opacity="0.06" stroke="none" />
                        <line x1=r1(g.band.start(i)) x2=r1(g.band.start(i) + g.band.width()) y1=r1(zero) y2=r1(zero)
                            stroke=HIGHLIGHT.to_string() stroke-width="2" />
                    }
                    .into_any()
                }
            })
        })
    };

    // One transparent column per month, full height: what the pointer, the finger and the
    // keyboard land on.
    let hits = move || {
        geometry.with(|g| {
            (0..g.months.len())
                .map(|i| {
                    let aria = Signal::derive(move || tip_lines(i).join("; "));
                    view! {
                        <rect
                            {..marks.attrs(i, count, Layout::Line, aria, None)}
                            x=r1(g.left + g.band.step() * i as f64)
                            y=TOP
                            width=r1(g.band.step())
                            height=r1(g.bottom - TOP)
                            fill="transparent"
                        />
                    }
                })
                .collect_view()
        })
    };

    let tip = move || {
        let i = marks.active.get()?;
        let lines = tip_lines(i);
        if lines.is_empty() {
            return None;
        }
        let (x, y) = geometry.with(|g| {
            let top = g.months.get(i).map_or(g.bottom, |p| g.y.map(p.2));
            let prev_top = g.previous.get(i).copied().flatten().map_or(top, |p| g.y.map(p.2));
            (g.band.center(i), top.min(prev_top))
        });
        Some(Tip { x, y, lines })
    };

    let legend_items = move || {
        let mut items = vec![LegendItem { colour: PRIMARY, text: series.with(|s| s.label.clone()), dashed: false }];
        if let Some(c) = compare {
            items.push(LegendItem {
                colour: COMPARISON,
                text: c.with(|c| c.label.clone()),
                dashed: matches!(kind, Kind::Line { .. }),
            });
        }
        items
    };

    view! {
        <div class="chart chart-monthly" style="position:relative;width:100%">
            <svg
                viewBox=format!("0 0 {} {}", num(W), num(H))
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true">{grid} {x_labels} {data} {highlight}</g>
                <g>{hits}</g>
            </svg>
            {tooltip((W, H), tip)}
            {has_compare.then(|| legend(legend_items))}
        </div>
    }
}
