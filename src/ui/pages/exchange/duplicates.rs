//! Likely duplicate customers in this book (created separately at two branches): found on
//! request, merged into the one kept — a redirect, so everything that names the other now and
//! in later files counts as the survivor's — and merges undone.

use crate::exchange::duplicates::{
    find_duplicates, merge_customers, unmerge_customer, DuplicateReason, LikelyDuplicate,
};
use crate::i18n::{Lang, Msg};
use crate::model::{Dataset, Id, Redirects};
use crate::ui::browser;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// At most this many pairs are listed at once (merging one shows the next).
const SHOWN: usize = 50;

fn name_of(d: &Dataset, id: Id) -> String {
    d.customers.get(&id).map(|c| c.data.name.clone()).unwrap_or_else(|| id.to_string())
}

pub fn reason_text(r: DuplicateReason, lang: Lang) -> &'static str {
    match r {
        DuplicateReason::Phone => Msg::ExSamePhone.text(lang),
        DuplicateReason::TaxNumber => Msg::ExSameTax.text(lang),
        DuplicateReason::NameAndAddress => Msg::ExSameNameAddress.text(lang),
    }
}

#[component]
pub fn DuplicatesCard() -> impl IntoView {
    let state = use_app();
    let found = RwSignal::new(None::<Vec<LikelyDuplicate>>);
    let merged = Memo::new(move |_| {
        state.data.with(|d| {
            let r = Redirects::of(d);
            let mut v: Vec<(Id, Id)> = d.redirects.live().filter_map(|x| r.target(x.id).map(|to| (x.id, to))).collect();
            v.sort();
            v
        })
    });
    let search = move || found.set(Some(state.data.with_untracked(find_duplicates)));

    let merge = move |keep: Id, other: Id| {
        let batch = state.data.with_untracked(|d| {
            let names = (name_of(d, keep), name_of(d, other));
            merge_customers(d, keep, other, [browser::new_id(), browser::new_id()], state.origin()).map(|b| (b, names))
        });
        let Ok((batch, (keep_name, other_name))) = batch else {
            state.error(Msg::ExMergeRefused);
            return;
        };
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                found.update(|f| {
                    if let Some(f) = f {
                        f.retain(|x| x.a != other && x.b != other);
                    }
                });
                state.info(Msg::ExMergedInto, &[&other_name, &keep_name]);
            }
        });
    };

    let unmerge = move |id: Id| {
        let batch = state
            .data
            .with_untracked(|d| unmerge_customer(d, id, [browser::new_id(), browser::new_id()], state.origin()));
        let Ok(batch) = batch else {
            state.error(Msg::ExMergeRefused);
            return;
        };
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                state.info(Msg::ExUnmerged, &[]);
            }
        });
    };

    view! {
        <div class="card" data-testid="duplicates-card">
            <h2>{move || state.t(Msg::ExDuplicatesTitle)}</h2>
            <p class="muted">{move || state.t(Msg::ExMergeExplain)}</p>
            <div class="actions">
                <button class="button" data-testid="find-duplicates" on:click=move |_| search()>
                    {move || state.t(Msg::ExFindDuplicates)}
                </button>
            </div>
            {move || found.get().map(|list| {
                let lang = state.lang.get();
                if list.is_empty() {
                    return view! { <p data-testid="no-duplicates">{Msg::ExNoDuplicates.text(lang)}</p> }.into_any();
                }
                let count = Msg::ExDuplicatesFound.with(lang, &[&list.len().to_string()]);
                let rows = state.data.with_untracked(|d| {
                    list.iter().take(SHOWN).map(|x| {
                        let (a, b) = (x.a, x.b);
                        let (na, nb) = (name_of(d, a), name_of(d, b));
                        let why: Vec<&str> = x.reasons.iter().map(|r| reason_text(*r, lang)).collect();
                        let keep_a = Msg::ExKeep.with(lang, &[&na]);
                        let keep_b = Msg::ExKeep.with(lang, &[&nb]);
                        view! {
                            <li class="dup" data-testid="duplicate">
                                <span><a href=format!("#/customer/{a}")>{na}</a>" ↔ "<a href=format!("#/customer/{b}")>{nb}</a>
                                    <span class="muted">{format!("（{}）", why.join("、"))}</span></span>
                                <span class="actions">
                                    <button class="button small" data-testid="keep-a" on:click=move |_| merge(a, b)>{keep_a}</button>
                                    <button class="button small" data-testid="keep-b" on:click=move |_| merge(b, a)>{keep_b}</button>
                                </span>
                            </li>
                        }
                    }).collect_view()
                });
                view! { <p>{count}</p><ul class="dup-list">{rows}</ul> }.into_any()
            })}
            {move || {
                let list = merged.get();
                (!list.is_empty()).then(|| {
                    let lang = state.lang.get();
                    let rows = state.data.with_untracked(|d| list.iter().map(|&(from, to)| {
                        let line = Msg::ExMergedLine.with(lang, &[&name_of(d, from), &name_of(d, to)]);
                        view! {
                            <li class="dup" data-testid="merged">
                                <span>{line}</span>
                                <button class="button small" data-testid="unmerge" on:click=move |_| unmerge(from)>
                                    {Msg::ExUnmerge.text(lang)}
                                </button>
                            </li>
                        }
                    }).collect_view());
                    view! { <h3>{Msg::ExMergedTitle.text(lang)}</h3><ul class="dup-list">{rows}</ul> }
                })
            }}
        </div>
    }
}
