//! Choosing a customer in a form: the chosen one's name with a "change" button, or a search
//! box (name, phone, contact, pinyin, initials) with the first matches as buttons.

use crate::i18n::Msg;
use crate::model::Id;
use crate::search::{normalize_query, Matcher};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// How many matches are offered at once: enough to find one, few enough for a tablet.
const PICKS: usize = 8;

#[component]
pub fn CustomerPicker(
    /// The label over the chosen customer.
    label: Msg,
    /// The label of the search box.
    search_label: Msg,
    /// The input's id suffix (`f-{name}`) and what tests find it by.
    name: &'static str,
    #[prop(into)] value: Signal<Option<Id>>,
    on_change: Callback<Option<Id>>,
    #[prop(optional, into)] error: Option<Signal<Option<String>>>,
    /// Marks the search box's label as required.
    #[prop(optional)]
    required: bool,
) -> impl IntoView {
    let state = use_app();
    let search = RwSignal::new(String::new());
    let error = error.unwrap_or_else(|| Signal::derive(|| None));
    let matches = Memo::new(move |_| {
        let q = normalize_query(&search.get());
        if q.is_empty() {
            return Vec::new();
        }
        let text = Matcher::new(&q);
        state.rows.with(|rows| {
            rows.iter()
                .filter(|r| !r.archived && text.matches(&r.key))
                .take(PICKS)
                .map(|r| (r.id, r.name.clone()))
                .collect::<Vec<_>>()
        })
    });
    let input_id = format!("f-{name}");
    let error_id = format!("f-{name}-error");
    let described_by = error_id.clone();
    let name_of =
        move |id: Id| state.data.with(|d| crate::i18n::customer_name(d, &id, state.lang.get())).unwrap_or_default();
    view! {
        <div class="field customer-picker" class:invalid=move || error.get().is_some()>
            {move || match value.get() {
                Some(c) => view! {
                    <span class="label">{move || state.t(label)}</span>
                    <div class="picked">
                        <strong data-testid=format!("{name}-chosen")>{name_of(c)}</strong>
                        <button type="button" class="button" on:click=move |_| on_change.run(None)>
                            {move || state.t(Msg::VaChangeCustomer)}
                        </button>
                    </div>
                }
                .into_any(),
                None => view! {
                    <label for=input_id.clone()>
                        {move || state.t(search_label)}
                        {required.then(|| view! { <span class="req" aria-hidden="true">" *"</span> })}
                    </label>
                    <input id=input_id.clone() name=name type="search" autocomplete="off" aria-describedby=described_by.clone()
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                        placeholder=move || state.t(Msg::SearchPlaceholder)
                        prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev)) />
                    <ul class="picks">
                        {move || matches.get().into_iter().map(|(id, name)| view! {
                            <li><button type="button" class="button" on:click=move |_| { on_change.run(Some(id)); search.set(String::new()); }>{name}</button></li>
                        }).collect_view()}
                    </ul>
                }
                .into_any(),
            }}
            <p class="field-error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
