//! The chart components mounted in a real headless Chromium (wasm-bindgen-test): their SVG, the
//! accessible names, values on tap (a tap toggles the tooltip) and on hover, arrow keys between
//! marks, and selection by click, tap, Enter and Space. Run with
//! `source scripts/env.sh && cargo test --release --target wasm32-unknown-unknown --test browser_charts`.
#![cfg(target_arch = "wasm32")]

use kehu::charts::Province;
use kehu::i18n::Lang;
use kehu::ui::charts::{
    BarChart, LifecycleStrip, LineChart, ParetoChart, ProvinceMap, RfmGrid, SalesHistory, SegmentBar, SegmentBars,
    Series,
};
use leptos::prelude::*;
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the page, 800 px wide (the width the charts are designed for).
fn container() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let div: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    div.set_attribute("style", "width:800px;position:relative").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Lets Leptos run its effects (rendering after a signal changed is scheduled, not immediate).
async fn tick() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    // Through JavaScript: web-sys's NodeList is behind a feature the app does not need.
    let f = js_sys::Function::new_with_args("el, sel", "return Array.from(el.querySelectorAll(sel));");
    let list: js_sys::Array = f.call2(&wasm_bindgen::JsValue::NULL, root, &selector.into()).unwrap().unchecked_into();
    list.iter().map(|e| e.unchecked_into()).collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
}

fn tip_text(root: &Element) -> Option<String> {
    root.query_selector("[data-testid=chart-tip]").unwrap().map(|t| t.text_content().unwrap_or_default())
}

/// Runs `script` with `el` as its argument: events that web-sys builds only with extra features.
fn js(script: &str, el: &Element) {
    let f = js_sys::Function::new_with_args("el", script);
    f.call1(&wasm_bindgen::JsValue::NULL, el).unwrap();
}

/// A tap: pointerdown from a finger, then the click the browser sends after it.
fn tap(el: &Element) {
    js(
        "el.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, pointerType: 'touch'}));
         el.dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        el,
    );
}

fn mouse_click(el: &Element) {
    js(
        "el.dispatchEvent(new PointerEvent('pointerdown', {bubbles: true, pointerType: 'mouse'}));
         el.dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        el,
    );
}

fn hover(el: &Element) {
    js("el.dispatchEvent(new PointerEvent('pointerenter', {pointerType: 'mouse'}));", el);
}

fn unhover(el: &Element) {
    js("el.dispatchEvent(new PointerEvent('pointerleave', {pointerType: 'mouse'}));", el);
}

fn key(el: &Element, key: &str) {
    js(
        &format!("el.dispatchEvent(new KeyboardEvent('keydown', {{key: '{key}', bubbles: true, cancelable: true}}));"),
        el,
    );
}

fn focus(el: &Element) {
    js("el.focus();", el);
}

fn active_element() -> Option<Element> {
    web_sys::window().unwrap().document().unwrap().active_element()
}

fn months(n: u32) -> Vec<(i32, u32, f64)> {
    (0..n).map(|i| (2025 + (i / 12) as i32, i % 12 + 1, 10_000.0 + 1_000.0 * f64::from(i))).collect()
}

#[wasm_bindgen_test]
async fn line_chart_shows_values_on_tap_hover_and_keys() {
    let root = container();
    let series = Series::new("本期", months(12));
    let compare = Series::new("上期", months(12).into_iter().map(|(y, m, v)| (y - 1, m, v / 2.0)).collect());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <LineChart label="月度销售额" series=series compare=compare lang=Lang::Zh area=true />
        }
    });
    tick().await;
    let svg = one(&root, "svg");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("group"));
    assert_eq!(svg.get_attribute("aria-label").as_deref(), Some("月度销售额"));
    assert_eq!(svg.get_attribute("viewBox").as_deref(), Some("0 0 800 300"));
    let marks = all(&root, "[data-i]");
    assert_eq!(marks.len(), 12);
    let aria = marks[2].get_attribute("aria-label").unwrap();
    assert!(
        aria.contains("2025年3月") && aria.contains("本期: 12,000") && aria.contains("上期 (2024年3月): 6,000"),
        "{aria}"
    );
    // Only the first mark is in the tab order (a roving tabindex).
    assert_eq!(marks[0].get_attribute("tabindex").as_deref(), Some("0"));
    assert_eq!(marks[5].get_attribute("tabindex").as_deref(), Some("-1"));
    // The axis is labelled compactly in 万, and the legend names both series.
    assert!(root.text_content().unwrap().contains("1.5万"), "{}", root.text_content().unwrap());
    assert!(one(&root, ".chart-legend").text_content().unwrap().contains("上期"));

    assert_eq!(tip_text(&root), None);
    tap(&marks[2]);
    tick().await;
    let tip = tip_text(&root).expect("a tap shows the tooltip");
    assert!(tip.contains("2025年3月") && tip.contains("12,000"), "{tip}");
    tap(&marks[2]);
    tick().await;
    assert_eq!(tip_text(&root), None, "a second tap hides it");
    tap(&marks[4]);
    tick().await;
    assert!(tip_text(&root).unwrap().contains("2025年5月"));
    // A tap on the chart but off the marks closes it.
    tap(&one(&root, "svg > g"));
    tick().await;
    assert_eq!(tip_text(&root), None);

    hover(&marks[7]);
    tick().await;
    assert!(tip_text(&root).unwrap().contains("2025年8月"));
    unhover(&marks[7]);
    tick().await;
    assert_eq!(tip_text(&root), None);

    focus(&marks[0]);
    tick().await;
    key(&marks[0], "ArrowRight");
    tick().await;
    assert_eq!(active_element().and_then(|e| e.get_attribute("data-i")).as_deref(), Some("1"));
    assert!(tip_text(&root).unwrap().contains("2025年2月"));
    key(&marks[1], "End");
    tick().await;
    assert_eq!(active_element().and_then(|e| e.get_attribute("data-i")).as_deref(), Some("11"));
    key(&marks[11], "Escape");
    tick().await;
    assert_eq!(tip_text(&root), None);
    drop(handle);
}

#[wasm_bindgen_test]
async fn bar_chart_in_english_with_negative_months() {
    let root = container();
    let mut points = months(24);
    points[5].2 = -3_000.0;
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <BarChart label="Monthly sales" series=Series::new("Sales", points) lang=Lang::En /> }
    });
    tick().await;
    assert_eq!(all(&root, "[data-i]").len(), 24);
    let text = root.text_content().unwrap();
    assert!(text.contains("Jan") && text.contains("2026") && text.contains("-10K"), "{text}");
    assert!(!text.chars().any(kehu::i18n::is_cjk), "no Chinese in an English chart: {text}");
    // Bars below the zero line for the negative month: 24 bars drawn.
    assert_eq!(all(&root, "svg g[aria-hidden=true] rect").len(), 24);
    drop(handle);
}

#[wasm_bindgen_test]
async fn rfm_grid_cells_select_by_click_tap_and_keys() {
    let root = container();
    let chosen: Arc<Mutex<Vec<(u8, u8)>>> = Arc::default();
    let log = chosen.clone();
    let mut counts = [[0u32; 5]; 5];
    counts[4][3] = 120; // R5 F4
    counts[0][0] = 7; // R1 F1
    let selected = RwSignal::new(None::<(u8, u8)>);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <RfmGrid
                label="RFM"
                counts=counts
                r_label="R"
                f_label="F"
                count_label="客户数"
                on_select=Callback::new(move |rf| {
                    log.lock().unwrap().push(rf);
                    selected.set(Some(rf));
                })
                selected=selected
                lang=Lang::Zh
            />
        }
    });
    tick().await;
    let cells = all(&root, "[data-i]");
    assert_eq!(cells.len(), 25);
    assert!(cells.iter().all(|c| c.get_attribute("role").as_deref() == Some("button")));
    // Mark 3 is row R5, column F4.
    assert_eq!(cells[3].get_attribute("aria-label").as_deref(), Some("R 5 · F 4; 客户数: 120"));
    assert_eq!(cells[20].get_attribute("aria-label").as_deref(), Some("R 1 · F 1; 客户数: 7"));
    // The fullest cell is dark with white text; an empty one light with black text.
    let ink = |count: &str| {
        let texts = all(&root, "text");
        let text = texts.iter().find(|t| t.text_content().as_deref() == Some(count)).expect("the count is drawn");
        text.get_attribute("fill").unwrap()
    };
    assert_eq!(ink("120"), "#ffffff");
    assert_eq!(ink("0"), "#000000");

    mouse_click(&cells[3]);
    tick().await;
    tap(&cells[20]);
    tick().await;
    assert!(tip_text(&root).unwrap().contains("R 1 · F 1"));
    focus(&cells[12]);
    key(&cells[12], "Enter");
    key(&cells[12], " ");
    tick().await;
    key(&cells[12], "ArrowUp");
    tick().await;
    assert_eq!(active_element().and_then(|e| e.get_attribute("data-i")).as_deref(), Some("7"));
    assert_eq!(*chosen.lock().unwrap(), vec![(5, 4), (1, 1), (3, 3), (3, 3)]);
    // The chosen cell is outlined.
    assert!(!all(&root, "g[pointer-events=none] rect").is_empty());
    drop(handle);
}

#[wasm_bindgen_test]
async fn segment_bars_label_value_and_share() {
    let root = container();
    let chosen = RwSignal::new(None::<usize>);
    let items = vec![SegmentBar::new("冠军客户", 300.0), SegmentBar::new("流失客户", 100.0)];
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SegmentBars label="客户分群" items=items shares=true lang=Lang::Zh
                on_select=Callback::new(move |i| chosen.set(Some(i))) selected=chosen />
        }
    });
    tick().await;
    let rows = all(&root, "[data-i]");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].get_attribute("aria-label").as_deref(), Some("冠军客户: 300 (75%)"));
    assert!(root.text_content().unwrap().contains("100 (25%)"));
    key(&rows[1], "Enter");
    tick().await;
    assert_eq!(chosen.get_untracked(), Some(1));
    drop(handle);
}

#[wasm_bindgen_test]
async fn province_map_has_all_34_and_selects_one() {
    let root = container();
    let chosen = RwSignal::new(None::<Province>);
    let values = vec![(Province::Zhejiang, 50_000.0), (Province::Guangdong, 20_000.0), (Province::HongKong, 1_000.0)];
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <ProvinceMap
                label="各省销售额"
                values=values
                on_select=Callback::new(move |p| chosen.set(Some(p)))
                selected=chosen
                lang=Lang::Zh
                legend_title="销售额"
                no_data_label="无数据"
                caption="示意图"
            />
        }
    });
    tick().await;
    let regions = all(&root, "[data-province]");
    assert_eq!(regions.len(), 34);
    let zhejiang = one(&root, "[data-province='330000']");
    assert_eq!(zhejiang.get_attribute("aria-label").as_deref(), Some("浙江: 50,000"));
    assert_eq!(one(&root, "[data-province='650000']").get_attribute("aria-label").as_deref(), Some("新疆: —"));
    let fill = |code: &str| one(&root, &format!("[data-province='{code}'] path")).get_attribute("fill").unwrap();
    assert_ne!(fill("330000"), fill("440000"));
    assert_eq!(fill("650000"), "#e5e7eb");
    // Hong Kong's marker is a circle a finger can hit, inside its mark.
    assert_eq!(all(&one(&root, "[data-province='810000']"), "circle").len(), 1);
    let caption = one(&root, "figcaption").text_content().unwrap();
    assert!(caption.contains("示意图") && caption.contains("Apache ECharts"), "{caption}");
    assert!(one(&root, ".chart-legend").text_content().unwrap().contains("无数据"));

    tap(&zhejiang);
    tick().await;
    assert_eq!(chosen.get_untracked(), Some(Province::Zhejiang));
    assert!(tip_text(&root).unwrap().contains("浙江"));
    // Nothing outside the app is fetched: the map is inline SVG, no <image> or external href.
    assert!(all(&root, "image, use, [href]").is_empty());
    drop(handle);
}

#[wasm_bindgen_test]
async fn pareto_chart_reads_the_curve() {
    let root = container();
    let curve = kehu::charts::series::pareto_curve(&(1..=1000).map(|i| 1.0 / f64::from(i)).collect::<Vec<_>>());
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! { <ParetoChart label="帕累托" points=curve a=0.8 b=0.95 /> }
    });
    tick().await;
    let marks = all(&root, "[data-i]");
    assert_eq!(marks.len(), 20);
    tap(&marks[3]);
    tick().await;
    let tip = tip_text(&root).unwrap();
    assert!(tip.starts_with("20% →"), "{tip}");
    let text = root.text_content().unwrap();
    assert!(text.contains('A') && text.contains('B') && text.contains('C'), "{text}");
    drop(handle);
}

#[wasm_bindgen_test]
async fn customer_charts() {
    let root = container();
    let stages = vec!["考察期".to_string(), "形成期".to_string(), "稳定期".to_string(), "退化期".to_string()];
    let strip: Vec<(i32, u32, Option<u8>)> =
        (0..18).map(|i| (2025 + i / 12, (i % 12) as u32 + 1, if i < 2 { None } else { Some((i / 5) as u8) })).collect();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SalesHistory label="销售历史" series_label="销售额" months=vec![(2026, 3, 500.0), (2026, 1, 200.0)]
                through=(2026, 5) lang=Lang::Zh />
            <LifecycleStrip label="生命周期" months=strip stages=stages none_label="尚未成交" lang=Lang::Zh />
        }
    });
    tick().await;
    let charts = all(&root, ".chart");
    assert_eq!(charts.len(), 2);
    // January to May 2026 (February and April without sales) are widened to a year.
    let bars = all(&charts[0], "[data-i]");
    assert_eq!(bars.len(), 12);
    assert!(bars[11].get_attribute("aria-label").unwrap().starts_with("2026年5月"));
    let months = all(&charts[1], "[data-i]");
    assert_eq!(months.len(), 18);
    assert_eq!(months[0].get_attribute("aria-label").as_deref(), Some("2025年1月: 尚未成交"));
    assert_eq!(months[5].get_attribute("aria-label").as_deref(), Some("2025年6月: 形成期"));
    assert!(one(&charts[1], ".chart-legend").text_content().unwrap().contains("退化期"));
    drop(handle);
}
