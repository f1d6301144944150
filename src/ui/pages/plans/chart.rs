//! The month of a plan by day (`risk::plans::daily`): what was bought so far (solid, blue), the
//! plan pro rata (dashed, vermillion) and the same days last year (dotted, grey), over the whole
//! month; hover, tap or focus a day for its figures. Drawn by `charts::draw::daily` with the
//! shared marks, tooltip and legend of `ui::charts`.

use crate::charts::colour::{COMPARISON, MARK, PRIMARY};
use crate::charts::draw::daily::{Daily, DailyLine, LineStyle, VIEW};
use crate::charts::draw::FONT;
use crate::i18n::{format_date, format_money, Msg};
use crate::model::Money;
use crate::risk::days_in_month;
use crate::risk::plans::DayPoint;
use crate::ui::charts::{
    background_click, hit_rect, legend, tooltip, view_box, Layout, LegendItem, Marks, Tip, SVG_STYLE,
};
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub(super) fn PlanChart(#[prop(into)] points: Signal<Vec<DayPoint>>, month: NaiveDate) -> impl IntoView {
    let state = use_app();
    let marks = Marks::new();
    let has_plan = Memo::new(move |_| points.with(|p| p.iter().any(|d| d.plan.is_some())));
    let chart = Memo::new(move |_| {
        let lang = state.lang.get();
        points.with(|p| {
            let yuan = |m: Money| m.as_f64();
            let mut lines = vec![DailyLine {
                colour: PRIMARY,
                style: LineStyle::Solid,
                values: p.iter().map(|d| yuan(d.actual)).collect(),
            }];
            if has_plan.get() {
                let values = p.iter().map(|d| d.plan.map_or(f64::NAN, yuan)).collect();
                lines.push(DailyLine { colour: MARK, style: LineStyle::Dashed, values });
            }
            lines.push(DailyLine {
                colour: COMPARISON,
                style: LineStyle::Dotted,
                values: p.iter().map(|d| yuan(d.last_year)).collect(),
            });
            Daily::new(days_in_month(month), lines, lang)
        })
    });
    let count = Signal::derive(move || chart.with(Daily::len));
    let drawing = Memo::new(move |_| chart.with(Daily::drawing));
    let highlight = move || marks.active.get().map(|i| chart.with(|c| c.highlight(i))).unwrap_or_default();

    // Day `i + 1`'s tooltip (and, joined, its accessible name).
    let tip_lines = move |i: usize| -> Vec<String> {
        let lang = state.lang.get();
        points.with(|p| {
            let Some(d) = p.get(i) else { return Vec::new() };
            let money = |m: Money| format_money(m, "CNY", lang);
            let day = NaiveDate::from_ymd_opt(chrono::Datelike::year(&month), chrono::Datelike::month(&month), d.day)
                .map(|x| format_date(x, lang))
                .unwrap_or_default();
            let mut lines = vec![day, format!("{}: {}", Msg::PlSeriesActual.text(lang), money(d.actual))];
            if let Some(plan) = d.plan {
                lines.push(format!("{}: {}", Msg::PlSeriesPlan.text(lang), money(plan)));
            }
            lines.push(format!("{}: {}", Msg::PlSeriesLastYear.text(lang), money(d.last_year)));
            lines
        })
    };
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
        let lang = state.lang.get();
        let mut items =
            vec![LegendItem { colour: PRIMARY, text: Msg::PlSeriesActual.text(lang).into(), dashed: false }];
        if has_plan.get() {
            items.push(LegendItem { colour: MARK, text: Msg::PlSeriesPlan.text(lang).into(), dashed: true });
        }
        items.push(LegendItem { colour: COMPARISON, text: Msg::PlSeriesLastYear.text(lang).into(), dashed: true });
        items
    });
    view! {
        <figure class="pl-chart" data-testid="plan-chart">
            <figcaption>{move || state.t(Msg::PlChart)}</figcaption>
            <div class="chart chart-daily" style="position:relative;width:100%">
                <svg viewBox=view_box(VIEW) style=SVG_STYLE role="group" aria-label=move || state.t(Msg::PlChart)
                    font-size=FONT on:click=background_click(marks)>
                    <g aria-hidden="true" inner_html=move || drawing.get()></g>
                    <g aria-hidden="true" pointer-events="none" inner_html=highlight></g>
                    <g>{hits}</g>
                </svg>
                {tooltip(VIEW, tip)}
                {legend(legend_items)}
            </div>
        </figure>
    }
}
