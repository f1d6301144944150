//! A customer's page: the record (editable, with archive/restore), contacts, sales lines with
//! totals, payments, and the history of every change.

use super::credit::CreditSection;
use super::customer_contacts::ContactsSection;
use super::customer_history::HistorySection;
use super::customer_sales::{PaymentsSection, SalesSection};
use super::customer_scores::ScoresSection;
use super::customers::type_label;
use crate::edits::{self, parse_tags};
use crate::i18n::Msg;
use crate::model::validate::{parse_date, validate_customer, FieldError};
use crate::model::{Customer, CustomerType, Id};
use crate::route::Route;
use crate::search::pinyin_sort_key;
use crate::ui::browser;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::components::field::{field_error, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The label of a customer field, for the form and for history entries.
pub fn customer_field_label(field: &str) -> Option<Msg> {
    Some(match field {
        "name" => Msg::FName,
        "customer_type" => Msg::FilterType,
        "phone" => Msg::ColPhone,
        "address" => Msg::FAddress,
        "region" => Msg::FRegion,
        "city" => Msg::FCity,
        "tax_number" => Msg::FTaxNumber,
        "owner" => Msg::FOwner,
        "manager" => Msg::FManager,
        "legal_representative" => Msg::FLegalRep,
        "since" => Msg::FSince,
        "business_lines" => Msg::FBusinessLines,
        "sales_capability" => Msg::FSalesCapability,
        "development_potential" => Msg::FPotential,
        "business_philosophy" => Msg::FPhilosophy,
        "business_direction" => Msg::FDirection,
        "business_policy" => Msg::FPolicy,
        "features" => Msg::FFeatures,
        "sales_results" => Msg::FSalesResults,
        "market_share" => Msg::FMarketShare,
        "competitiveness" => Msg::FCompetitiveness,
        "competitor_relations" => Msg::FCompetitorRelations,
        "cooperation" => Msg::FCooperation,
        "current_activity" => Msg::FCurrentActivity,
        "open_problems" => Msg::FOpenProblems,
        "strategy" => Msg::FStrategy,
        "outlook" => Msg::FOutlook,
        "image" => Msg::FImage,
        "reputation" => Msg::FReputation,
        "financial_status" => Msg::FFinancialStatus,
        "credit_status" => Msg::FCreditStatus,
        "credit_limit" => Msg::RkLimit,
        "credit_limit_reason" => Msg::RkLimitReason,
        "notes" => Msg::FNotes,
        "tags" => Msg::FilterTag,
        "archived" => Msg::Archived,
        "contact" => Msg::SectionContacts,
        _ => return None,
    })
}

/// Binds a text input to one `String` field of the draft.
macro_rules! text_field {
    ($draft:expr, $errors:expr, $field:ident, $label:expr $(, $opt:ident = $val:expr)*) => {{
        let draft = $draft;
        view! {
            <TextField
                label=$label
                name=stringify!($field)
                value=Signal::derive(move || draft.with(|d: &Customer| d.$field.clone()))
                on_input=Callback::new(move |v: String| draft.update(|d: &mut Customer| d.$field = v))
                error=field_error($errors, stringify!($field))
                $($opt=$val)*
            />
        }
    }};
}

#[component]
pub fn CustomerPage(id: Option<Id>) -> impl IntoView {
    let state = use_app();
    let record = Memo::new(move |_| id.and_then(|id| state.data.with(|d| d.customers.get(&id).cloned())));
    // A customer merged into another: its page says where everything went.
    let survivor = Memo::new(move |_| {
        let id = id?;
        state.data.with(|d| {
            let to = crate::model::Redirects::of(d).target(id)?;
            Some((to, crate::i18n::customer_name(d, &to, state.lang.get()).unwrap_or_default()))
        })
    });
    move || match (id, record.get()) {
        (None, _) => view! { <CustomerForm id=None /> }.into_any(),
        (Some(_), Some(r)) if !r.is_deleted() => {
            let cid = r.id;
            view! {
                {move || survivor.get().map(|(to, name)| {
                    let lang = state.lang.get();
                    view! {
                        <div class="banner warn" role="status" data-testid="merged-banner">
                            <span>{Msg::ExMergedBanner.with(lang, &[&name])}</span>
                            <a class="button small" href=format!("#/customer/{to}")>{Msg::ExOpenSurvivor.with(lang, &[&name])}</a>
                        </div>
                    }
                })}
                <CustomerForm id=Some(cid) />
                <ScoresSection customer=cid />
                <super::scorecards::ScorecardSection customer=cid />
                <super::plans::PlanSummary customer=cid />
                <ContactsSection customer=cid />
                <SalesSection customer=cid />
                <PaymentsSection customer=cid />
                <CreditSection customer=cid />
                <super::investigations::InvestigationsSection customer=cid />
                <crate::ui::pages::customer_service::ServiceSection customer=cid />
                <HistorySection customer=cid />
                <crate::ui::pages::value::ValueSummary customer=cid />
            }
            .into_any()
        }
        (Some(cid), Some(r)) if crate::exchange::kinds::ExItem::is_erased(&r) => {
            view! { <super::customer_erase::ErasedCustomer customer=cid /> }.into_any()
        }
        _ => view! {
            <section class="page">
                <p class="empty">{move || state.t(Msg::CustomerNotFound)}</p>
                <a class="button" href="#/customers">{move || state.t(Msg::Back)}</a>
            </section>
        }
        .into_any(),
    }
}

#[component]
fn CustomerForm(id: Option<Id>) -> impl IntoView {
    let state = use_app();
    let stored = move || id.and_then(|id| state.data.with_untracked(|d| d.customers.get(&id).cloned()));
    let initial = stored();
    let draft = RwSignal::new(initial.as_ref().map(|r| r.data.clone()).unwrap_or_default());
    let tags_text =
        RwSignal::new(initial.as_ref().map(|r| r.tags.present().collect::<Vec<_>>().join(", ")).unwrap_or_default());
    let since_text =
        RwSignal::new(initial.as_ref().and_then(|r| r.data.since).map(|d| d.to_string()).unwrap_or_default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let confirm_archive = RwSignal::new(false);
    // The saved version, tracked: another tab's edit shows up here too.
    let saved = Memo::new(move |_| id.and_then(|id| state.data.with(|d| d.customers.get(&id).cloned())));
    let dirty = move || {
        let s = saved.get();
        let tags = parse_tags(&tags_text.get());
        match s {
            Some(r) => {
                draft.with(|d| *d != r.data)
                    || tags != r.tags.present().map(str::to_string).collect::<Vec<_>>()
                    || since_text.get() != r.data.since.map(|d| d.to_string()).unwrap_or_default()
            }
            None => true,
        }
    };
    let reset = move || {
        if let Some(r) = saved.get_untracked() {
            draft.set(r.data.clone());
            tags_text.set(r.tags.present().collect::<Vec<_>>().join(", "));
            since_text.set(r.data.since.map(|d| d.to_string()).unwrap_or_default());
        }
        errors.set(Vec::new());
    };

    let save = move || {
        let mut data = draft.get_untracked();
        let since = since_text.get_untracked();
        let mut errs = Vec::new();
        if since.trim().is_empty() {
            data.since = None;
        } else {
            match parse_date(&since) {
                Some(d) => data.since = Some(d),
                None => errs.push(FieldError { field: "since", problem: crate::model::validate::Invalid::Date }),
            }
        }
        data.name = data.name.trim().to_string();
        errs.extend(validate_customer(&data, browser::today()));
        if !errs.is_empty() {
            errors.set(errs);
            state.error(Msg::ErrFixFields);
            return;
        }
        errors.set(Vec::new());
        let tags = parse_tags(&tags_text.get_untracked());
        let o = state.origin();
        let (batch, new_id) = match saved.get_untracked() {
            Some(current) => match edits::edit_customer(&current, &data, &tags, browser::new_id(), o) {
                Some(b) => (b, current.id),
                None => return,
            },
            None => {
                let new_id = browser::new_id();
                (edits::create_customer(new_id, browser::new_id(), data, &tags, o), new_id)
            }
        };
        saving.set(true);
        leptos::task::spawn_local(async move {
            let ok = state.commit(batch).await.is_ok();
            saving.set(false);
            if ok {
                state.info(Msg::Saved, &[]);
                state.refresh_storage();
                if id.is_none() {
                    state.go(Route::Customer(new_id));
                }
            }
        });
    };

    let set_archived = move |archived: bool| {
        let Some(current) = saved.get_untracked() else { return };
        let Some(batch) = edits::set_archived(&current, archived, browser::new_id(), state.origin()) else { return };
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                draft.update(|d| d.archived = archived);
                state.info(Msg::Saved, &[]);
            }
        });
    };

    let type_options = Signal::derive(move || {
        let lang = state.lang.get();
        CustomerType::ALL.iter().map(|t| (t.code().to_string(), type_label(*t).text(lang).to_string())).collect()
    });
    let owner_options = Signal::derive(move || {
        let names = state.staff_names.get();
        let mut v: Vec<(String, String)> = names.iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
        v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
        v.insert(0, (String::new(), state.t(Msg::NotSet).to_string()));
        v
    });
    let title = move || {
        let name = saved.get().map(|r| r.data.name).unwrap_or_default();
        if name.is_empty() {
            state.t(Msg::NewCustomer).to_string()
        } else {
            name
        }
    };
    let archived = move || saved.get().is_some_and(|r| r.data.archived);

    view! {
        <section class="page customer">
            <div class="page-head">
                <a class="button ghost" href="#/customers">{move || state.t(Msg::Back)}</a>
                <h1 data-testid="customer-title">{title}</h1>
                {move || saved.get().map(|r| view! { <span class="pill">{state.t(type_label(r.data.customer_type))}</span> })}
                <span class="spacer"></span>
                {move || {
                    let consumer = saved.get().is_some_and(|r| r.data.customer_type == CustomerType::Consumer);
                    id.filter(|_| consumer).map(|cid| {
                        let name = Signal::derive(move || saved.get().map(|r| r.data.name).unwrap_or_default());
                        view! { <super::customer_erase::ErasePersonButton customer=cid name=name /> }
                    })
                }}
                {move || id.map(|_| {
                    if archived() {
                        view! {
                            <button class="button" data-testid="restore" on:click=move |_| set_archived(false)>
                                {move || state.t(Msg::RestoreCustomer)}
                            </button>
                        }
                            .into_any()
                    } else {
                        view! {
                            <button class="button" data-testid="archive" on:click=move |_| confirm_archive.set(true)>
                                {move || state.t(Msg::ArchiveCustomer)}
                            </button>
                        }
                            .into_any()
                    }
                })}
            </div>
            {move || archived().then(|| view! { <p class="banner warn">{move || state.t(Msg::CustomerArchivedNotice)}</p> })}
            <ConfirmDialog
                open=confirm_archive
                message=Signal::derive(move || state.t(Msg::ArchiveConfirm).to_string())
                on_confirm=Callback::new(move |_| set_archived(true))
                confirm_label=Msg::ArchiveCustomer
            />
            <form
                class="record"
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    save();
                }
            >
                <fieldset>
                    <legend>{move || state.t(Msg::SectionBasic)}</legend>
                    <div class="grid">
                        {text_field!(draft, errors, name, Msg::FName, required = true)}
                        <SelectField
                            label=Msg::FilterType
                            name="customer_type"
                            options=type_options
                            value=Signal::derive(move || draft.with(|d| d.customer_type.code().to_string()))
                            on_change=Callback::new(move |v: String| {
                                draft.update(|d| d.customer_type = CustomerType::from_code(&v).unwrap_or_default())
                            })
                        />
                        {text_field!(draft, errors, phone, Msg::ColPhone, input_type = "tel")}
                        {text_field!(draft, errors, address, Msg::FAddress)}
                        {text_field!(draft, errors, region, Msg::FRegion)}
                        {text_field!(draft, errors, city, Msg::FCity)}
                        {text_field!(draft, errors, tax_number, Msg::FTaxNumber)}
                        <SelectField
                            label=Msg::FOwner
                            name="owner"
                            options=owner_options
                            value=Signal::derive(move || draft.with(|d| d.owner.map(|o| o.to_string()).unwrap_or_default()))
                            on_change=Callback::new(move |v: String| draft.update(|d| d.owner = Id::parse(&v)))
                        />
                        {text_field!(draft, errors, manager, Msg::FManager)}
                        {text_field!(draft, errors, legal_representative, Msg::FLegalRep)}
                        <TextField
                            label=Msg::FSince
                            name="since"
                            input_type="date"
                            value=Signal::derive(move || since_text.get())
                            on_input=Callback::new(move |v: String| since_text.set(v))
                            error=field_error(errors, "since")
                        />
                        <TextField
                            label=Msg::FTags
                            name="tags"
                            value=Signal::derive(move || tags_text.get())
                            on_input=Callback::new(move |v: String| tags_text.set(v))
                        />
                        {text_field!(draft, errors, business_lines, Msg::FBusinessLines, multiline = true)}
                    </div>
                </fieldset>
                <details open=id.is_none()>
                    <summary>{move || state.t(Msg::SectionCharacteristics)}</summary>
                    <div class="grid">
                        {text_field!(draft, errors, sales_capability, Msg::FSalesCapability, multiline = true)}
                        {text_field!(draft, errors, development_potential, Msg::FPotential, multiline = true)}
                        {text_field!(draft, errors, business_philosophy, Msg::FPhilosophy, multiline = true)}
                        {text_field!(draft, errors, business_direction, Msg::FDirection, multiline = true)}
                        {text_field!(draft, errors, business_policy, Msg::FPolicy, multiline = true)}
                        {text_field!(draft, errors, features, Msg::FFeatures, multiline = true)}
                    </div>
                </details>
                <details>
                    <summary>{move || state.t(Msg::SectionBusiness)}</summary>
                    <div class="grid">
                        {text_field!(draft, errors, sales_results, Msg::FSalesResults, multiline = true)}
                        {text_field!(draft, errors, market_share, Msg::FMarketShare, multiline = true)}
                        {text_field!(draft, errors, competitiveness, Msg::FCompetitiveness, multiline = true)}
                        {text_field!(draft, errors, competitor_relations, Msg::FCompetitorRelations, multiline = true)}
                        {text_field!(draft, errors, cooperation, Msg::FCooperation, multiline = true)}
                    </div>
                </details>
                <details>
                    <summary>{move || state.t(Msg::SectionTransaction)}</summary>
                    <div class="grid">
                        {text_field!(draft, errors, current_activity, Msg::FCurrentActivity, multiline = true)}
                        {text_field!(draft, errors, open_problems, Msg::FOpenProblems, multiline = true)}
                        {text_field!(draft, errors, strategy, Msg::FStrategy, multiline = true)}
                        {text_field!(draft, errors, outlook, Msg::FOutlook, multiline = true)}
                        {text_field!(draft, errors, image, Msg::FImage, multiline = true)}
                        {text_field!(draft, errors, reputation, Msg::FReputation, multiline = true)}
                        {text_field!(draft, errors, financial_status, Msg::FFinancialStatus, multiline = true)}
                        {text_field!(draft, errors, credit_status, Msg::FCreditStatus, multiline = true)}
                    </div>
                </details>
                {text_field!(draft, errors, notes, Msg::FNotes, multiline = true)}
                <div class="actions sticky">
                    <button type="button" class="button" disabled=move || !dirty() || id.is_none() on:click=move |_| reset()>
                        {move || state.t(Msg::Cancel)}
                    </button>
                    <button type="submit" class="button primary" data-testid="save-customer" disabled=move || saving.get() || !dirty()>
                        {move || if saving.get() { state.t(Msg::Saving) } else { state.t(Msg::Save) }}
                    </button>
                </div>
            </form>
        </section>
    }
}
