//! A list that puts only the visible rows in the DOM, so 100,000 customers scroll smoothly.
//! Rows have a fixed height; the list renders the rows in view plus a margin, inside a spacer as
//! tall as all rows together.

use leptos::prelude::*;
use std::sync::Arc;

/// Rows drawn above and below the visible ones, so fast scrolling shows no gaps.
const OVERSCAN: usize = 8;

#[component]
pub fn VirtualList<F, V>(
    /// Number of rows.
    #[prop(into)]
    count: Signal<usize>,
    /// Height of a row in CSS pixels (keep it in step with the stylesheet).
    row_height: f64,
    /// Draws row `i` (0-based, in list order).
    render: F,
    /// Accessible name of the list.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView
where
    F: Fn(usize) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(800.0f64);
    let render = Arc::new(render);
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            viewport.set(f64::from(el.client_height()).max(200.0));
        }
    });
    let window = move || {
        let n = count.get();
        let first = (scroll_top.get() / row_height).floor() as usize;
        let visible = (viewport.get() / row_height).ceil() as usize + 1;
        let start = first.saturating_sub(OVERSCAN).min(n);
        let end = (first + visible + OVERSCAN).min(n);
        (start, end)
    };
    view! {
        <div
            class="vlist"
            node_ref=node
            role="list"
            aria-label=move || label.get()
            tabindex="0"
            on:scroll=move |ev| {
                let el: web_sys::HtmlElement = event_target(&ev);
                scroll_top.set(f64::from(el.scroll_top()));
                viewport.set(f64::from(el.client_height()).max(200.0));
            }
        >
            <div class="vlist-spacer" style=move || format!("height:{}px", count.get() as f64 * row_height)>
                <div class="vlist-window" style=move || format!("transform:translateY({}px)", window().0 as f64 * row_height)>
                    {move || {
                        let (start, end) = window();
                        let render = render.clone();
                        // Each row sits in its own list item, so a row can be a link (an anchor
                        // may not itself take the listitem role).
                        (start..end)
                            .map(move |i| view! { <div class="vrow" role="listitem">{render(i)}</div> })
                            .collect_view()
                    }}
                </div>
            </div>
        </div>
    }
}
