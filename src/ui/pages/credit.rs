//! A customer's credit (DOMAIN.md §6): the current limit (set by hand with a reason, else the
//! default of the ABC class from the last scoring run), the form to set or reset it (checked
//! by `risk::edits::set_credit_limit`), what the customer owes and its ageing buckets.

use crate::i18n::{format_date, format_money, Msg};
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Id, Money};
use crate::risk::credit::{credit_limit, receivable_of, Bucket, LimitSource};
use crate::risk::edits::set_credit_limit;
use crate::risk::RiskSettings;
use crate::ui::browser;
use crate::ui::components::field::{field_error, TextField};
use crate::ui::state::use_app;
use crate::workspace::summary::class_of_code;
use leptos::prelude::*;

#[component]
pub fn CreditSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    // The customer's ABC class in the last scoring run (none yet: class C's default).
    let class = Memo::new(move |_| {
        a.result.with(|r| {
            let t = &r.as_ref()?.customers;
            let i = t.ids.iter().position(|id| *id == customer)?;
            t.in_scope[i].then(|| class_of_code(t.abc[i])).flatten()
        })
    });
    let figures = Memo::new(move |_| {
        state.data.with(|d| {
            let record = d.customers.get(&customer)?;
            let firm = d.firm_settings();
            let settings = RiskSettings::of_firm(&firm);
            let limit = credit_limit(&record.data, class.get(), &firm);
            Some((limit, receivable_of(d, customer, browser::today(), &settings)))
        })
    });
    let limit_text = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);

    let write = move |limit: Option<Money>| {
        let Some(current) = state.data.with_untracked(|d| d.customers.get(&customer).cloned()) else { return };
        let o = state.origin();
        match set_credit_limit(&current, limit, &reason.get_untracked(), browser::new_id(), o) {
            Err(es) => {
                errors.set(es);
                state.error(Msg::ErrFixFields);
            }
            Ok(None) => errors.set(Vec::new()),
            Ok(Some(batch)) => {
                errors.set(Vec::new());
                saving.set(true);
                leptos::task::spawn_local(async move {
                    let ok = state.commit(batch).await.is_ok();
                    saving.set(false);
                    if ok {
                        limit_text.set(String::new());
                        reason.set(String::new());
                        state.info(Msg::Saved, &[]);
                    }
                });
            }
        }
    };
    let submit = move || match Money::parse(&limit_text.get_untracked()) {
        Ok(m) => write(Some(m)),
        Err(e) => {
            errors.set(vec![FieldError { field: "credit_limit", problem: Invalid::Number(e) }]);
            state.error(Msg::ErrFixFields);
        }
    };

    view! {
        <section class="page section" aria-labelledby="credit-h" data-testid="credit">
            <h2 id="credit-h">{move || state.t(Msg::RkCreditTitle)}</h2>
            {move || figures.get().map(|(limit, r)| {
                let lang = state.lang.get();
                let money = |m: Money| format_money(m, "CNY", lang);
                let limit_value = limit.limit.map(money).unwrap_or_else(|| Msg::RkNotLimited.text(lang).into());
                let source = match &limit.source {
                    LimitSource::Override { reason } => Msg::RkLimitByHand.with(lang, &[reason]),
                    LimitSource::Class(c) => Msg::RkLimitByClass.with(lang, &[c.letter()]),
                };
                let by_hand = matches!(limit.source, LimitSource::Override { .. });
                let standing = match limit.limit {
                    Some(l) if r.owed > l => Msg::RkOverLimit.with(lang, &[&money(r.owed - l)]),
                    _ => Msg::RkWithinLimit.text(lang).to_string(),
                };
                let over = limit.limit.is_some_and(|l| r.owed > l);
                view! {
                    <div class="kpis">
                        <div class="kpi">
                            <span class="kpi-label">{Msg::RkLimit.text(lang)}</span>
                            <span class="kpi-value" data-testid="credit-limit">{limit_value}</span>
                            <span class="kpi-note" data-testid="credit-limit-source">{source}</span>
                        </div>
                        <div class="kpi">
                            <span class="kpi-label">{Msg::RkOwed.text(lang)}</span>
                            <span class="kpi-value" data-testid="credit-owed">{money(r.owed)}</span>
                            <span class=if over { "kpi-note over" } else { "kpi-note" } data-testid="credit-standing">{standing}</span>
                            {(r.credit.0 > 0).then(|| view! { <span class="kpi-note">{Msg::RkPrepaid.with(lang, &[&money(r.credit)])}</span> })}
                            {r.oldest.map(|d| view! { <span class="kpi-note">{Msg::RkOldest.with(lang, &[&format_date(d, lang)])}</span> })}
                        </div>
                    </div>
                    <h3>{Msg::RkAgeing.text(lang)}</h3>
                    <div class="table-wrap">
                        <table class="lines" data-testid="ageing">
                            <thead><tr>{Bucket::ALL.into_iter().map(|b| view! { <th class="num" scope="col">{b.label().text(lang)}</th> }).collect::<Vec<_>>()}</tr></thead>
                            <tbody><tr>{r.buckets.into_iter().map(|m| view! { <td class="num">{money(m)}</td> }).collect::<Vec<_>>()}</tr></tbody>
                        </table>
                    </div>
                    {by_hand.then(|| view! {
                        <div class="actions left">
                            <button type="button" class="button" data-testid="credit-default" disabled=move || saving.get()
                                on:click=move |_| write(None)>{move || state.t(Msg::RkUseDefault)}</button>
                        </div>
                    })}
                }
            })}
            <form class="record credit-form" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                <div class="grid">
                    <TextField
                        label=Msg::RkNewLimit
                        name="credit_limit"
                        input_mode="decimal"
                        value=Signal::derive(move || limit_text.get())
                        on_input=Callback::new(move |v: String| limit_text.set(v))
                        error=field_error(errors, "credit_limit")
                    />
                    <TextField
                        label=Msg::RkLimitReason
                        name="credit_limit_reason"
                        required=true
                        value=Signal::derive(move || reason.get())
                        on_input=Callback::new(move |v: String| reason.set(v))
                        error=field_error(errors, "credit_limit_reason")
                    />
                </div>
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="set-credit-limit" disabled=move || saving.get()>
                        {move || state.t(Msg::RkSetLimit)}
                    </button>
                </div>
            </form>
        </section>
    }
}
