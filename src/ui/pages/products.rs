//! Products (产品): name, specification, unit, list price and unit cost.

use crate::edits;
use crate::i18n::{format_count, format_money, format_percent, Msg};
use crate::model::validate::{validate_product, FieldError, Invalid};
use crate::model::{Id, Money, Product, Record};
use crate::search::pinyin_sort_key;
use crate::ui::browser;
use crate::ui::components::field::{field_error, TextField};
use crate::ui::download::save_csv;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The product form as typed: money fields stay text until saved.
#[derive(Clone, Debug, Default, PartialEq)]
struct ProductForm {
    name: String,
    spec: String,
    unit: String,
    category: String,
    list_price: String,
    unit_cost: String,
}

impl ProductForm {
    fn from(p: &Product) -> ProductForm {
        ProductForm {
            name: p.name.clone(),
            spec: p.spec.clone(),
            unit: p.unit.clone(),
            category: p.category.clone(),
            list_price: p.list_price.to_plain(),
            unit_cost: p.unit_cost.to_plain(),
        }
    }

    /// The product, or every problem found.
    fn parse(&self, base: &Product) -> Result<Product, Vec<FieldError>> {
        let mut errs = Vec::new();
        let mut money = |field: &'static str, text: &str| match Money::parse(text) {
            Ok(m) => m,
            Err(crate::model::NumberError::Empty) => Money::ZERO,
            Err(e) => {
                errs.push(FieldError { field, problem: Invalid::Number(e) });
                Money::ZERO
            }
        };
        let p = Product {
            name: self.name.trim().to_string(),
            spec: self.spec.trim().to_string(),
            unit: self.unit.trim().to_string(),
            category: self.category.trim().to_string(),
            list_price: money("list_price", &self.list_price),
            unit_cost: money("unit_cost", &self.unit_cost),
            archived: base.archived,
        };
        errs.extend(validate_product(&p));
        if errs.is_empty() {
            Ok(p)
        } else {
            Err(errs)
        }
    }
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let state = use_app();
    let products = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<Record<Product>> = d.products.live().cloned().collect();
            v.sort_by_cached_key(|p| (p.data.archived, pinyin_sort_key(&p.data.name), p.data.spec.clone()));
            v
        })
    });
    // None = closed, Some(None) = new product, Some(Some(id)) = editing that product.
    let editing = RwSignal::new(None::<Option<Id>>);
    let form = RwSignal::new(ProductForm::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());

    let open = move |id: Option<Id>| {
        let f = id
            .and_then(|id| state.data.with_untracked(|d| d.products.get(&id).map(|p| ProductForm::from(&p.data))))
            .unwrap_or_default();
        form.set(f);
        errors.set(Vec::new());
        editing.set(Some(id));
    };
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        let current = target.and_then(|id| state.data.with_untracked(|d| d.products.get(&id).cloned()));
        let base = current.as_ref().map(|c| c.data.clone()).unwrap_or_default();
        match form.get_untracked().parse(&base) {
            Err(e) => errors.set(e),
            Ok(p) => {
                let o = state.origin();
                let batch = match current {
                    Some(c) => edits::edit_product(&c, &p, browser::new_id(), o),
                    None => Some(edits::create_product(browser::new_id(), p, o)),
                };
                let Some(batch) = batch else {
                    editing.set(None);
                    return;
                };
                leptos::task::spawn_local(async move {
                    if state.commit(batch).await.is_ok() {
                        editing.set(None);
                        state.info(Msg::Saved, &[]);
                    }
                });
            }
        }
    };
    let toggle_archived = move |r: Record<Product>| {
        let mut p = r.data.clone();
        p.archived = !p.archived;
        let o = state.origin();
        if let Some(batch) = edits::edit_product(&r, &p, browser::new_id(), o) {
            leptos::task::spawn_local(async move {
                let _ = state.commit(batch).await;
            });
        }
    };
    let export = move |_| {
        let (bytes, n) =
            state.data.with_untracked(|d| (crate::exchange::csv::export::products(d), d.products.live().count()));
        if save_csv(&crate::exchange::csv::text::export_file_name("products", browser::today()), &bytes) {
            state.info(Msg::CsvExported, &[&format_count(n)]);
        } else {
            state.error(Msg::CsvExportFailed);
        }
    };
    let field = move |label: Msg,
                      name: &'static str,
                      get: fn(&ProductForm) -> String,
                      put: fn(&mut ProductForm, String),
                      mode: &'static str,
                      required: bool| {
        view! {
            <TextField label=label name=name input_mode=mode required=required
                value=Signal::derive(move || form.with(get))
                on_input=Callback::new(move |v: String| form.update(|f| put(f, v)))
                error=field_error(errors, name.trim_start_matches("product_")) />
        }
    };

    view! {
        <section class="page products">
            <crate::ui::pages::admin_tabs::AdminTabs />
            <div class="section-head">
                <h1>{move || state.t(Msg::NavProducts)}</h1>
                <div class="actions">
                    <button class="button" data-testid="export-products" disabled=move || products.with(Vec::is_empty) on:click=export>
                        {move || state.t(Msg::ExportCsv)}
                    </button>
                    <button class="button primary" data-testid="new-product" on:click=move |_| open(None)>{move || state.t(Msg::NewProduct)}</button>
                </div>
            </div>
            {move || editing.get().map(|_| view! {
                <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                    <div class="grid">
                        {field(Msg::PrName, "product_name", |f| f.name.clone(), |f, v| f.name = v, "", true)}
                        {field(Msg::SSpec, "product_spec", |f| f.spec.clone(), |f, v| f.spec = v, "", false)}
                        {field(Msg::PrUnit, "product_unit", |f| f.unit.clone(), |f, v| f.unit = v, "", false)}
                        {field(Msg::PrCategory, "product_category", |f| f.category.clone(), |f, v| f.category = v, "", false)}
                        {field(Msg::PrListPrice, "product_list_price", |f| f.list_price.clone(), |f, v| f.list_price = v, "decimal", false)}
                        {field(Msg::PrUnitCost, "product_unit_cost", |f| f.unit_cost.clone(), |f, v| f.unit_cost = v, "decimal", false)}
                    </div>
                    <div class="actions">
                        <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                        <button type="submit" class="button primary" data-testid="save-product">{move || state.t(Msg::Save)}</button>
                    </div>
                </form>
            })}
            {move || {
                let lang = state.lang.get();
                let list = products.get();
                if list.is_empty() {
                    return view! { <p class="empty">{Msg::NoProducts.text(lang)}</p> }.into_any();
                }
                view! {
                    <div class="table-wrap">
                        <table class="lines">
                            <thead>
                                <tr>
                                    <th>{Msg::PrName.text(lang)}</th>
                                    <th>{Msg::SSpec.text(lang)}</th>
                                    <th>{Msg::PrUnit.text(lang)}</th>
                                    <th class="num">{Msg::PrListPrice.text(lang)}</th>
                                    <th class="num">{Msg::PrUnitCost.text(lang)}</th>
                                    <th class="num">{Msg::PrMargin.text(lang)}</th>
                                    <th><span class="visually-hidden">{Msg::Edit.text(lang)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {list.into_iter().map(|p| {
                                    let id = p.id;
                                    let rec = p.clone();
                                    let margin = if p.data.list_price.0 > 0 {
                                        format_percent((p.data.list_price - p.data.unit_cost).as_f64() / p.data.list_price.as_f64())
                                    } else {
                                        "—".into()
                                    };
                                    view! {
                                        <tr class:muted=p.data.archived data-testid="product-row">
                                            <td>{p.data.name.clone()}</td>
                                            <td>{p.data.spec.clone()}</td>
                                            <td>{p.data.unit.clone()}</td>
                                            <td class="num">{format_money(p.data.list_price, "CNY", lang)}</td>
                                            <td class="num">{format_money(p.data.unit_cost, "CNY", lang)}</td>
                                            <td class="num">{margin}</td>
                                            <td class="row-actions">
                                                <button class="button ghost small" on:click=move |_| open(Some(id))>{Msg::Edit.text(lang)}</button>
                                                <button class="button ghost small" on:click=move |_| toggle_archived(rec.clone())>
                                                    {if p.data.archived { Msg::PrRestore.text(lang) } else { Msg::PrArchive.text(lang) }}
                                                </button>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                    .into_any()
            }}
        </section>
    }
}
