//! [`LifecycleStrip`]: a customer's lifecycle stage month by month, as one coloured strip.

use super::{legend, r1, tooltip, Layout, LegendItem, Marks, Tip, FONT, FONT_SMALL, SVG_STYLE};
use crate::charts::axis::month_ticks;
use crate::charts::colour::{categorical, AXIS, HIGHLIGHT, NO_DATA};
use crate::charts::format::month_label;
use crate::charts::path::num;
use crate::charts::scale::BandScale;
use crate::i18n::Lang;
use leptos::prelude::*;

const W: f64 = 800.0;
const H: f64 = 90.0;
const LEFT: f64 = 8.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 6.0;
const STRIP: f64 = 30.0;

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
    let band = Memo::new(move |_| BandScale::new(count.get(), (LEFT, W - RIGHT), 0.0));
    let stage_name = move |s: Option<u8>| match s {
        Some(s) => stages.with(|names| names.get(usize::from(s)).cloned().unwrap_or_else(|| s.to_string())),
        None => none_label.map_or_else(|| "—".to_string(), |l| l.get()),
    };
    let tip_lines = move |i: usize| {
        months
            .with(|ms| ms.get(i).copied())
            .map_or_else(Vec::new, |(y, m, s)| vec![month_label(y, m, lang.get()), stage_name(s)])
    };

    // What is seen: one rectangle per run of months in the same stage (no seams inside a run),
    // with a white line where the stage changes.
    let runs = move || {
        let b = band.get();
        months.with(|ms| {
            let mut runs: Vec<(usize, usize, Option<u8>)> = Vec::new();
            for (i, (_, _, s)) in ms.iter().enumerate() {
                match runs.last_mut() {
                    Some((_, end, stage)) if stage == s => *end = i + 1,
                    _ => runs.push((i, i + 1, *s)),
                }
            }
            runs.into_iter()
                .enumerate()
                .map(|(k, (from, to, s))| {
                    let fill = s.map_or(NO_DATA, |s| categorical(usize::from(s)));
                    let (x0, x1) = (b.start(from), b.start(to - 1) + b.width());
                    view! {
                        <rect x=r1(x0) y=TOP width=r1(x1 - x0) height=STRIP fill=fill.to_string() />
                        {(k > 0).then(|| view! {
                            <line x1=r1(x0) x2=r1(x0) y1=TOP y2=TOP + STRIP stroke="#fff" stroke-width="2" />
                        })}
                    }
                })
                .collect_view()
        })
    };

    // What the pointer, the finger and the keyboard land on: one transparent cell per month.
    let cells = move || {
        let b = band.get();
        (0..count.get())
            .map(|i| {
                let aria = Signal::derive(move || tip_lines(i).join(": "));
                view! {
                    <rect
                        {..marks.attrs(i, count, Layout::Line, aria, None)}
                        x=r1(b.start(i))
                        y=TOP
                        width=r1(b.width())
                        height=STRIP
                        fill="transparent"
                    />
                }
            })
            .collect_view()
    };

    let x_labels = move || {
        let b = band.get();
        let lang = lang.get();
        let ms: Vec<(i32, u32)> = months.with(|ms| ms.iter().map(|(y, m, _)| (*y, *m)).collect());
        month_ticks(&ms, b.step(), lang, FONT_SMALL)
            .into_iter()
            .map(|t| {
                let x = r1(b.start(t.index));
                view! {
                    <line x1=x x2=x y1=TOP + STRIP y2=TOP + STRIP + 5.0 stroke=AXIS.to_string() />
                    <text x=x y=TOP + STRIP + 18.0 font-size=FONT_SMALL fill=AXIS.to_string()>{t.month}</text>
                    {t.year.map(|y| view! {
                        <text x=x y=TOP + STRIP + 34.0 font-size=FONT_SMALL fill=AXIS.to_string()>{y}</text>
                    })}
                }
            })
            .collect_view()
    };

    let highlight = move || {
        let i = marks.active.get()?;
        let b = band.get();
        Some(view! {
            <rect x=r1(b.start(i)) y=TOP - 2.0 width=r1(b.width()) height=STRIP + 4.0 fill="none"
                stroke=HIGHLIGHT.to_string() stroke-width="2" />
        })
    };

    let tip = move || {
        let i = marks.active.get()?;
        let lines = tip_lines(i);
        (!lines.is_empty()).then(|| Tip { x: band.with(|b| b.center(i)), y: TOP, lines })
    };

    let legend_items = move || {
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
    };

    view! {
        <div class="chart chart-lifecycle" style="position:relative;width:100%">
            <svg
                viewBox=format!("0 0 {} {}", num(W), num(H))
                style=SVG_STYLE
                role="group"
                aria-label=move || label.get()
                font-size=FONT
                on:click=super::background_click(marks)
            >
                <g aria-hidden="true" pointer-events="none">{runs} {x_labels}</g>
                <g>{cells}</g>
                <g aria-hidden="true" pointer-events="none">{highlight}</g>
            </svg>
            {tooltip((W, H), tip)}
            {legend(legend_items)}
        </div>
    }
}
