//! [`LifecycleStrip`]: a customer's lifecycle stage month by month, as one coloured strip.

use super::{hit_rect, legend, tooltip, view_box, Layout, LegendItem, Marks, Tip, SVG_STYLE};
use crate::charts::colour::{categorical, NO_DATA};
use crate::charts::draw::strip::{cell, drawing, highlight, VIEW};
use crate::charts::draw::FONT;
use crate::charts::format::month_label;
use crate::i18n::Lang;
use leptos::prelude::*;

/// One cell per month, coloured by stage (stage `i` takes the `i`-th categorical colour, a
/// month with no stage is grey); a white line marks each change of stage. The legend names the
/// stages. Hover, tap or focus a month for its stage.
#[component]
pub fn LifecycleStrip(
    /// The chart's accessible name, already translated ("生命周期" / "Lifecycle").
    #[prop(into)]
    label: Signal<String>,
    /// (year, month 1–12, stage index into `stages` or None), consecutive months in order.
    #[prop(into)]
    months: Signal<Vec<(i32, u32, Option<u8>)>>,
    /// The stages' names, already translated, in index order ("考察期", "形成期", "稳定期", "退化期").
    #[prop(into)]
    stages: Signal<Vec<String>>,
    /// The text for a month with no stage (before the first purchase), for the tooltip and the
    /// legend; without it such months read "—" and the legend leaves them out.
    #[prop(optional, into)]
    none_label: Option<Signal<String>>,
    /// Language of the month names.
    #[prop(into)]
    lang: Signal<Lang>,
) -> impl IntoView {
    let marks = Marks::new();
    let count = Signal::derive(move || months.with(Vec::len));
    let picture = Memo::new(move |_| {
        let lang = lang.get();
        months.with(|m| drawing(m, lang))
    });
    let stage_name = move |s: Option<u8>| match s {
        Some(s) => stages.with(|names| names.get(usize::from(s)).cloned().unwrap_or_else(|| s.to_string())),
        None => none_label.map_or_else(|| "—".to_string(), |l| l.get()),
    };
    let tip_lines = move |i: usize| {
        let month = months.with(|ms| ms.get(i).copied());
        month.map_or_else(Vec::new, |(y, m, s)| vec![month_label(y, m, lang.get()), stage_name(s)])
    };
    let hits = move || {
        let n = count.get();
        (0..n)
            .map(|i| {
                let aria = Signal::derive(move || tip_lines(i).join(": "));
                hit_rect(marks, i, count, Layout::Line, aria, None, cell(n, i))
            })
            .collect_view()
    };
    let shown = move || marks.active.get().map(|i| highlight(count.get(), i)).unwrap_or_default();
    let tip = Signal::derive(move || {
        let i = marks.active.get()?;
        let lines = tip_lines(i);
        let c = cell(count.get(), i);
        (!lines.is_empty()).then_some(Tip { x: c.x + c.width / 2.0, y: c.y, lines })
    });
    let legend_items = Signal::derive(move || {
        let mut items: Vec<LegendItem> = stages
            .get()
            .into_iter()
            .enumerate()
            .map(|(i, text)| LegendItem { colour: categorical(i), text, dashed: false })
            .collect();
        if let Some(l) = none_label {
            items.push(LegendItem { colour: NO_DATA, text: l.get(), dashed: false });
        }
        items
    });

    view! {
        <div class="chart chart-lifecycle" style="position:relative;width:100%">
            <svg
                viewBox=view_box(VIEW)
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" inner_html=move || picture.get()></g>
                <g aria-hidden="true" pointer-events="none" inner_html=shown></g>
                <g>{hits}</g>
            </svg>
            {tooltip(VIEW, tip)}
            {legend(legend_items)}
        </div>
    }
}
