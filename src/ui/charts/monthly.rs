//! Monthly charts: [`LineChart`] and [`BarChart`] of a series of months, optionally against a
//! second series (the previous period, lined up from the end).

use super::{format_with, hit_rect, legend, tooltip, view_box, Layout, LegendItem, Marks, Tip, SVG_STYLE};
use crate::charts::colour::{COMPARISON, PRIMARY};
use crate::charts::draw::monthly::{Monthly, MonthlyKind, VIEW};
use crate::charts::draw::FONT;
use crate::charts::format::month_label;
use crate::charts::series::MonthValue;
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
    monthly_chart(MonthlyKind::Line { area }, label, series, compare, lang, format)
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
    monthly_chart(MonthlyKind::Bar, label, series, compare, lang, format)
}

pub(crate) fn monthly_chart(
    kind: MonthlyKind,
    label: Signal<String>,
    series: Signal<Series>,
    compare: Option<Signal<Series>>,
    lang: Signal<Lang>,
    format: Option<Callback<f64, String>>,
) -> impl IntoView {
    let marks = Marks::new();
    let chart = Memo::new(move |_| {
        let lang = lang.get();
        series.with(|s| match compare {
            Some(c) => c.with(|c| Monthly::new(&s.points, Some(&c.points), lang)),
            None => Monthly::new(&s.points, None, lang),
        })
    });
    let count = Signal::derive(move || chart.with(Monthly::len));
    let drawing = Memo::new(move |_| {
        let lang = lang.get();
        chart.with(|c| c.drawing(kind, lang))
    });
    let highlight = move || marks.active.get().map(|i| chart.with(|c| c.highlight(kind, i))).unwrap_or_default();

    // The lines of month `i`'s tooltip (and, joined, its accessible name).
    let tip_lines = move |i: usize| -> Vec<String> {
        let lang = lang.get();
        chart.with(|c| {
            let Some(&(y, m, v)) = c.months.get(i) else { return Vec::new() };
            let mut lines = vec![month_label(y, m, lang)];
            lines.push(format!("{}: {}", series.with(|s| s.label.clone()), format_with(format, v)));
            if let (Some(cmp), Some(Some((py, pm, pv)))) = (compare, c.previous.get(i)) {
                let name = cmp.with(|c| c.label.clone());
                lines.push(format!("{name} ({}): {}", month_label(*py, *pm, lang), format_with(format, *pv)));
            }
            lines
        })
    };

    // One transparent column per month, full height.
    let hits = move || {
        (0..count.get())
            .map(|i| {
                let aria = Signal::derive(move || tip_lines(i).join("; "));
                hit_rect(marks, i, count, Layout::Line, aria, None, chart.with(|c| c.column(i)))
            })
            .collect_view()
    };

    let tip = Signal::derive(move || {
        let i = marks.active.get()?;
        let lines = tip_lines(i);
        let (x, y) = chart.with(|c| c.anchor(i));
        (!lines.is_empty()).then_some(Tip { x, y, lines })
    });

    let legend_items = Signal::derive(move || {
        let mut items = vec![LegendItem { colour: PRIMARY, text: series.with(|s| s.label.clone()), dashed: false }];
        if let Some(c) = compare {
            let dashed = matches!(kind, MonthlyKind::Line { .. });
            items.push(LegendItem { colour: COMPARISON, text: c.with(|c| c.label.clone()), dashed });
        }
        items
    });

    view! {
        <div class="chart chart-monthly" style="position:relative;width:100%">
            <svg
                viewBox=view_box(VIEW)
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" inner_html=move || drawing.get()></g>
                <g aria-hidden="true" pointer-events="none" inner_html=highlight></g>
                <g>{hits}</g>
            </svg>
            {tooltip(VIEW, tip)}
            {compare.is_some().then(|| legend(legend_items))}
        </div>
    }
}
