//! Sales lines (销售记录) with their settlement, and payments (回款), on the customer page.

use crate::edits;
use crate::i18n::{format_date, format_money, format_qty, Msg};
use crate::ledger::{settle, Settlement};
use crate::model::validate::{parse_date, parse_sale_form, return_line, FieldError, Invalid, SaleForm};
use crate::model::{Dataset, Fact, Id, Money, Payment, Qty, Sale};
use crate::search::pinyin_sort_key;
use crate::ui::browser;
use crate::ui::components::field::{field_error, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::collections::HashMap;

/// Lines shown at first; "show more" adds this many again.
const PAGE: usize = 50;

/// The customer's lines, those of customers merged into it included.
fn lines_of(d: &Dataset, customer: Id) -> Vec<Fact<Sale>> {
    let redirects = crate::model::Redirects::of(d);
    let mut v: Vec<Fact<Sale>> =
        d.sales.live().filter(|s| redirects.resolve(s.data.customer) == customer).cloned().collect();
    v.sort_by(|a, b| b.data.date.cmp(&a.data.date).then(b.id.cmp(&a.id)));
    v
}

fn payments_of(d: &Dataset, customer: Id) -> Vec<Fact<Payment>> {
    let redirects = crate::model::Redirects::of(d);
    let mut v: Vec<Fact<Payment>> =
        d.payments.live().filter(|p| redirects.resolve(p.data.customer) == customer).cloned().collect();
    v.sort_by(|a, b| b.data.date.cmp(&a.data.date).then(b.id.cmp(&a.id)));
    v
}

fn settlement_label(s: Settlement) -> Msg {
    match s {
        Settlement::Paid => Msg::StPaid,
        Settlement::Partial => Msg::StPartial,
        Settlement::Unpaid => Msg::StUnpaid,
        Settlement::Return => Msg::StReturn,
    }
}

/// A customer's sales lines, with adding a sale and a return; `read_only` (an erased customer,
/// whose lines stay as figures) only lists them.
#[component]
pub fn SalesSection(customer: Id, #[prop(optional)] read_only: bool) -> impl IntoView {
    let state = use_app();
    let lines = Memo::new(move |_| state.data.with(|d| lines_of(d, customer)));
    let payments = Memo::new(move |_| state.data.with(|d| payments_of(d, customer)));
    let status = Memo::new(move |_| {
        let ls = lines.get();
        let ps = payments.get();
        let refs: Vec<&Fact<Sale>> = ls.iter().collect();
        let prefs: Vec<&Fact<Payment>> = ps.iter().collect();
        let (st, _) = settle(&refs, &prefs);
        st.into_iter().map(|s| (s.id, (s.owed, s.state))).collect::<HashMap<Id, (Money, Settlement)>>()
    });
    let totals = Memo::new(move |_| {
        let sales: Money = lines.with(|l| l.iter().map(|s| s.data.amount).sum());
        let paid: Money = payments.with(|p| p.iter().map(|p| p.data.amount).sum());
        (lines.with(Vec::len), sales, paid)
    });
    let shown = RwSignal::new(PAGE);
    let products = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<(Id, String, String, Money)> = d
                .products
                .live()
                .filter(|p| !p.data.archived)
                .map(|p| (p.id, p.data.name.clone(), p.data.spec.clone(), p.data.list_price))
                .collect();
            v.sort_by_cached_key(|x| (pinyin_sort_key(&x.1), x.2.clone()));
            v
        })
    });
    let product_names = Memo::new(move |_| {
        state
            .data
            .with(|d| d.products.all().iter().map(|p| (p.id, p.data.name.clone())).collect::<HashMap<Id, String>>())
    });

    let form = RwSignal::new(SaleForm { date: browser::today().to_string(), ..SaleForm::default() });
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let adding = RwSignal::new(false);
    let returning = RwSignal::new(None::<Id>);
    let return_qty = RwSignal::new(String::new());
    let return_error = RwSignal::new(Vec::<FieldError>::new());

    let save = move || {
        let f = form.get_untracked();
        let parsed = state.data.with_untracked(|d| parse_sale_form(&f, customer, d, browser::today()));
        match parsed {
            Err(errs) => errors.set(errs),
            Ok((sale, paid)) => {
                errors.set(Vec::new());
                let batch = edits::record_sale(browser::new_id(), sale, paid, browser::new_id(), state.origin());
                leptos::task::spawn_local(async move {
                    if state.commit(batch).await.is_ok() {
                        form.set(SaleForm { date: f.date.clone(), product: f.product, ..SaleForm::default() });
                        state.info(Msg::Saved, &[]);
                    }
                });
            }
        }
    };

    let save_return = move |original: Fact<Sale>| {
        let already: Qty = lines.with_untracked(|l| {
            l.iter().filter(|s| s.data.return_of == Some(original.id)).map(|s| -s.data.quantity).sum()
        });
        match return_line(&original.data, original.id, &return_qty.get_untracked(), already, browser::today()) {
            Err(e) => return_error.set(vec![e]),
            Ok(ret) => {
                return_error.set(Vec::new());
                let batch = edits::record_sale(browser::new_id(), ret, Money::ZERO, browser::new_id(), state.origin());
                leptos::task::spawn_local(async move {
                    if state.commit(batch).await.is_ok() {
                        returning.set(None);
                        return_qty.set(String::new());
                    }
                });
            }
        }
    };

    let product_options = Signal::derive(move || {
        let mut v = vec![(String::new(), "—".to_string())];
        v.extend(products.get().into_iter().map(|(id, name, spec, _)| {
            let label = if spec.is_empty() { name } else { format!("{name}（{spec}）") };
            (id.to_string(), label)
        }));
        v
    });
    let amount_hint = move || {
        let f = form.get();
        let price = f.product.and_then(|p| products.with(|ps| ps.iter().find(|x| x.0 == p).map(|x| x.3)));
        match (price, Qty::parse(&f.quantity)) {
            (Some(p), Ok(q)) => p.times_qty(q).to_plain(),
            _ => String::new(),
        }
    };
    let set = move |f: fn(&mut SaleForm, String)| Callback::new(move |v: String| form.update(|x| f(x, v)));

    view! {
        <section class="page section" aria-labelledby="sales-h">
            <div class="section-head">
                <h2 id="sales-h">{move || state.t(Msg::SectionSales)}</h2>
                {(!read_only).then(|| view! {
                    <button class="button" data-testid="add-sale" on:click=move |_| adding.update(|a| *a = !*a)>
                        {move || state.t(Msg::AddSale)}
                    </button>
                })}
            </div>
            <p class="totals" data-testid="sales-totals">
                {move || {
                    let (n, sales, paid) = totals.get();
                    let lang = state.lang.get();
                    Msg::SalesTotals.with(lang, &[
                        &n.to_string(),
                        &format_money(sales, "CNY", lang),
                        &format_money(paid, "CNY", lang),
                        &format_money(sales - paid, "CNY", lang),
                    ])
                }}
            </p>
            {move || adding.get().then(|| view! {
                <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div class="grid">
                        <TextField label=Msg::SDate name="sale_date" input_type="date" required=true
                            value=Signal::derive(move || form.with(|f| f.date.clone()))
                            on_input=set(|f, v| f.date = v) error=field_error(errors, "date") />
                        <SelectField label=Msg::SProduct name="sale_product" options=product_options
                            value=Signal::derive(move || form.with(|f| f.product.map(|p| p.to_string()).unwrap_or_default()))
                            on_change=Callback::new(move |v: String| form.update(|f| f.product = Id::parse(&v)))
                            error=field_error(errors, "product") />
                        <TextField label=Msg::SSpec name="sale_spec"
                            value=Signal::derive(move || form.with(|f| f.spec.clone()))
                            on_input=set(|f, v| f.spec = v) error=field_error(errors, "spec") />
                        <TextField label=Msg::SQuantity name="sale_quantity" input_mode="decimal" required=true
                            value=Signal::derive(move || form.with(|f| f.quantity.clone()))
                            on_input=set(|f, v| f.quantity = v) error=field_error(errors, "quantity") />
                        <div class="field-with-hint">
                            <TextField label=Msg::SAmount name="sale_amount" input_mode="decimal"
                                value=Signal::derive(move || form.with(|f| f.amount.clone()))
                                on_input=set(|f, v| f.amount = v) error=field_error(errors, "amount") />
                            <p class="hint">{move || {
                                let h = amount_hint();
                                (!h.is_empty()).then(|| format!("{} × {} = {h}", state.t(Msg::SUnitPrice), state.t(Msg::SQuantity)))
                            }}</p>
                        </div>
                        <TextField label=Msg::SPaidNow name="sale_paid" input_mode="decimal"
                            value=Signal::derive(move || form.with(|f| f.paid_now.clone()))
                            on_input=set(|f, v| f.paid_now = v) error=field_error(errors, "paid_now") />
                        <TextField label=Msg::SNote name="sale_note"
                            value=Signal::derive(move || form.with(|f| f.note.clone()))
                            on_input=set(|f, v| f.note = v) error=field_error(errors, "note") />
                    </div>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| adding.set(false)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="save-sale">{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
            {move || {
                if lines.with(Vec::is_empty) {
                    return view! { <p class="empty">{move || state.t(Msg::NoSales)}</p> }.into_any();
                }
                let lang = state.lang.get();
                let st = status.get();
                let names = product_names.get();
                let all = lines.get();
                let more = all.len().saturating_sub(shown.get());
                let rows = all.into_iter().take(shown.get()).map(|l| {
                    let (owed, s) = st.get(&l.id).copied().unwrap_or((Money::ZERO, Settlement::Paid));
                    let original = l.clone();
                    let lid = l.id;
                    let product = names.get(&l.data.product).cloned().unwrap_or_default();
                    let is_return = l.data.is_return();
                    view! {
                        <tr data-testid="sale-line">
                            <td>{format_date(l.data.date, lang)}</td>
                            <td>{product}</td>
                            <td>{l.data.spec.clone()}</td>
                            <td class="num">{format_qty(l.data.quantity)}</td>
                            <td class="num">{format_money(l.data.amount, "CNY", lang)}</td>
                            <td><span class=format!("state {s:?}").to_lowercase()>{settlement_label(s).text(lang)}</span></td>
                            <td class="num">{(!is_return).then(|| format_money(owed, "CNY", lang))}</td>
                            <td>
                                {(!is_return && !read_only).then(|| view! {
                                    <button class="button ghost small" on:click=move |_| {
                                        return_qty.set(String::new());
                                        return_error.set(Vec::new());
                                        returning.set(Some(lid));
                                    }>{move || state.t(Msg::StReturn)}</button>
                                })}
                                {move || (returning.get() == Some(lid)).then(|| {
                                    let original = original.clone();
                                    view! {
                                        <span class="inline-form">
                                            <TextField label=Msg::ReturnQuantity name="return_quantity" input_mode="decimal"
                                                value=Signal::derive(move || return_qty.get())
                                                on_input=Callback::new(move |v: String| return_qty.set(v))
                                                error=field_error(return_error, "quantity") />
                                            <button class="button small primary" on:click=move |_| save_return(original.clone())>
                                                {move || state.t(Msg::Save)}
                                            </button>
                                        </span>
                                    }
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view();
                view! {
                    <div class="table-wrap">
                        <table class="lines">
                            <thead>
                                <tr>
                                    <th>{Msg::SDate.text(lang)}</th>
                                    <th>{Msg::SProduct.text(lang)}</th>
                                    <th>{Msg::SSpec.text(lang)}</th>
                                    <th class="num">{Msg::SQuantity.text(lang)}</th>
                                    <th class="num">{Msg::SAmount.text(lang)}</th>
                                    <th>{Msg::SSettlement.text(lang)}</th>
                                    <th class="num">{Msg::SortOwed.text(lang)}</th>
                                    <th><span class="visually-hidden">{Msg::StReturn.text(lang)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    {(more > 0).then(|| view! {
                        <button class="button" on:click=move |_| shown.update(|n| *n += PAGE * 4)>
                            {Msg::ShowMoreLines.with(lang, &[&more.to_string()])}
                        </button>
                    })}
                }
                    .into_any()
            }}
        </section>
    }
}

/// A customer's payments, with recording one; `read_only` only lists them.
#[component]
pub fn PaymentsSection(customer: Id, #[prop(optional)] read_only: bool) -> impl IntoView {
    let state = use_app();
    let payments = Memo::new(move |_| state.data.with(|d| payments_of(d, customer)));
    let date = RwSignal::new(browser::today().to_string());
    let amount = RwSignal::new(String::new());
    let method = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let adding = RwSignal::new(false);
    let shown = RwSignal::new(PAGE);

    let save = move || {
        let mut errs = Vec::new();
        let d = match parse_date(&date.get_untracked()) {
            Some(d) if d > browser::today() => {
                errs.push(FieldError { field: "date", problem: Invalid::DateInFuture });
                None
            }
            Some(d) => Some(d),
            None => {
                errs.push(FieldError { field: "date", problem: Invalid::Date });
                None
            }
        };
        let a = match Money::parse(&amount.get_untracked()) {
            Ok(m) if m.0 <= 0 => {
                errs.push(FieldError { field: "amount", problem: Invalid::NotPositive });
                None
            }
            Ok(m) => Some(m),
            Err(e) => {
                errs.push(FieldError { field: "amount", problem: Invalid::Number(e) });
                None
            }
        };
        if let (true, Some(d), Some(a)) = (errs.is_empty(), d, a) {
            errors.set(Vec::new());
            let batch = edits::record_payment(
                browser::new_id(),
                customer,
                d,
                a,
                method.get_untracked().trim().to_string(),
                state.origin(),
            );
            leptos::task::spawn_local(async move {
                if state.commit(batch).await.is_ok() {
                    amount.set(String::new());
                    adding.set(false);
                    state.info(Msg::Saved, &[]);
                }
            });
        } else {
            errors.set(errs);
        }
    };

    view! {
        <section class="page section" aria-labelledby="payments-h">
            <div class="section-head">
                <h2 id="payments-h">{move || state.t(Msg::SectionPayments)}</h2>
                {(!read_only).then(|| view! {
                    <button class="button" data-testid="add-payment" on:click=move |_| adding.update(|a| *a = !*a)>
                        {move || state.t(Msg::AddPayment)}
                    </button>
                })}
            </div>
            {move || adding.get().then(|| view! {
                <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div class="grid">
                        <TextField label=Msg::PDate name="payment_date" input_type="date" required=true
                            value=Signal::derive(move || date.get()) on_input=Callback::new(move |v| date.set(v))
                            error=field_error(errors, "date") />
                        <TextField label=Msg::PAmount name="payment_amount" input_mode="decimal" required=true
                            value=Signal::derive(move || amount.get()) on_input=Callback::new(move |v| amount.set(v))
                            error=field_error(errors, "amount") />
                        <TextField label=Msg::PMethod name="payment_method"
                            value=Signal::derive(move || method.get()) on_input=Callback::new(move |v| method.set(v)) />
                    </div>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| adding.set(false)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="save-payment">{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
            {move || {
                let lang = state.lang.get();
                let all = payments.get();
                if all.is_empty() {
                    return view! { <p class="empty">{Msg::NoPayments.text(lang)}</p> }.into_any();
                }
                let more = all.len().saturating_sub(shown.get());
                view! {
                    <ul class="plain-list">
                        {all.into_iter().take(shown.get()).map(|p| view! {
                            <li data-testid="payment">
                                <span>{format_date(p.data.date, lang)}</span>
                                <span class="num">{format_money(p.data.amount, "CNY", lang)}</span>
                                <span class="muted">{p.data.method.clone()}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                    {(more > 0).then(|| view! {
                        <button class="button" on:click=move |_| shown.update(|n| *n += PAGE * 4)>
                            {Msg::ShowMoreLines.with(lang, &[&more.to_string()])}
                        </button>
                    })}
                }
                    .into_any()
            }}
        </section>
    }
}
