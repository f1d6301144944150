//! Complaints (DOMAIN.md §9): the list with its statistics (`list.rs`, `stats.rs`), a new
//! complaint (`form.rs`), one complaint's seven steps as a workflow (`workflow.rs`) and the
//! photos attached to a step (`photos.rs`). Every rule is the core's (`service::complaints`,
//! `service::edits`); these pages show its results and hand it what the user typed.

mod form;
mod list;
mod photos;
mod stats;
mod workflow;

pub use list::ComplaintsPage;
pub use workflow::ComplaintPage;

use crate::i18n::Msg;
use crate::model::{Dataset, Id};
use crate::search::pinyin_sort_key;
use crate::service::ServiceSettings;
use crate::ui::state::AppState;
use leptos::prelude::*;

/// The service desk's settings (step limits, photo limits), read from the firm settings.
fn settings(state: AppState) -> Memo<ServiceSettings> {
    Memo::new(move |_| state.data.with(|d| ServiceSettings::of_firm(&d.firm_settings())))
}

fn customer_name(d: &Dataset, id: Id) -> String {
    d.customers.get(&id).map(|c| c.data.name.clone()).unwrap_or_default()
}

fn staff_name(state: AppState, id: Id) -> String {
    state.staff_names.with(|m| m.get(&id).cloned()).unwrap_or_default()
}

fn department_name(d: &Dataset, id: Id) -> String {
    d.departments.get(&id).map(|x| x.data.name.clone()).unwrap_or_default()
}

/// (id, name) options of the live staff still with us (and `keep`, when it has left), by
/// pinyin, after a "not set" entry.
fn staff_options(state: AppState, keep: Option<Id>) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = state.data.with(|d| {
        d.staff
            .live()
            .filter(|s| !s.data.archived || Some(s.id) == keep)
            .map(|s| (s.id.to_string(), s.data.name.clone()))
            .collect()
    });
    v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
    v.insert(0, (String::new(), state.t(Msg::NotSet).to_string()));
    v
}

/// (id, name) options of the departments, by pinyin, after a "not set" entry.
fn department_options(state: AppState, first: Msg) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> =
        state.data.with(|d| d.departments.live().map(|x| (x.id.to_string(), x.data.name.clone())).collect());
    v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
    v.insert(0, (String::new(), state.t(first).to_string()));
    v
}
