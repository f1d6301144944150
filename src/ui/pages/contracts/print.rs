//! The printed contract (A4): what the form holds, as a document — title, number, the terms of
//! §11 one after another, both parties with room to sign. Shown only when printing; empty
//! fields print as lines to fill in by hand, so a blank contract prints too.

use super::form::{PARTIES, TERMS};
use crate::i18n::{format_date, Msg};
use crate::model::service::Contract;
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn ContractDocument(
    contract: RwSignal<Contract>,
    /// Signed on, valid from, valid to, as read from the form.
    #[prop(into)]
    dates: Signal<(Option<NaiveDate>, Option<NaiveDate>, Option<NaiveDate>)>,
) -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        let c = contract.get();
        let (signed_on, from, to) = dates.get();
        let date = |d: Option<NaiveDate>| d.map(|d| format_date(d, lang)).unwrap_or_default();
        let value = |v: String| {
            if v.trim().is_empty() {
                view! { <span class="blank"></span> }.into_any()
            } else {
                view! { <span>{v}</span> }.into_any()
            }
        };
        let term = |(_, label, _, get, _): super::form::Text| {
            view! {
                <section class="clause">
                    <h3>{label.text(lang)}</h3>
                    <p>{value(get(&c))}</p>
                </section>
            }
        };
        let clauses: Vec<_> = TERMS.into_iter().map(term).collect();
        let party = |(_, label, _, get, _): super::form::Text| {
            view! { <div class="party-line"><span class="label">{label.text(lang)}</span>{value(get(&c))}</div> }
        };
        let parties: Vec<_> = PARTIES.into_iter().map(party).collect();
        view! {
            <article class="contract-doc print-only" data-testid="contract-doc">
                <h1>{Msg::CoDocTitle.text(lang)}</h1>
                <div class="doc-meta">
                    <div><span class="label">{Msg::CoNumber.text(lang)}</span>{value(c.number.clone())}</div>
                    <div><span class="label">{Msg::CoSignedOn.text(lang)}</span>{value(date(signed_on))}</div>
                    <div><span class="label">{Msg::CoSignedAt.text(lang)}</span>{value(c.signed_at.clone())}</div>
                    <div><span class="label">{Msg::CoValidFrom.text(lang)}</span>{value(date(from))}</div>
                    <div><span class="label">{Msg::CoValidToShort.text(lang)}</span>{value(date(to))}</div>
                </div>
                {clauses}
                <section class="clause parties">
                    <h3>{Msg::CoSectionParties.text(lang)}</h3>
                    {parties}
                </section>
                <div class="signatures">
                    <div>{Msg::CoSignOurs.text(lang)}<span class="blank"></span></div>
                    <div>{Msg::CoSignTheirs.text(lang)}<span class="blank"></span></div>
                </div>
            </article>
        }
    }
}
