//! A customer's credit investigations (信用调查, DOMAIN.md §6) on the customer page: the current
//! rating (`risk::credit::current_rating`), the investigations recorded (date, source, ratios,
//! rating) and the form for a new one — source, date, current and quick ratio, profitability,
//! ability to pay, trading record, collateral, business condition — with the rating suggested
//! by `risk::credit::suggest_rating` shown live, points per part, which the user confirms or
//! overrides; saved with `risk::edits::record_investigation`.

use crate::i18n::{format_date, Lang, Msg};
use crate::model::risk::CreditInvestigation;
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::Id;
use crate::risk::credit::{
    current_rating, investigations_of, receivable_of, suggest_rating, Rating, RatingExplanation,
};
use crate::risk::edits::record_investigation;
use crate::risk::entry::{parse_pct_bp, parse_ratio_bp, pct_text, ratio_text};
use crate::risk::RiskSettings;
use crate::ui::browser;
use crate::ui::components::field::{field_error, finish_save, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

/// The common sources of an investigation: (value, label). "other" lets the user type one.
const SOURCES: [(&str, Msg); 5] = [
    ("bank", Msg::CiSourceBank),
    ("agency", Msg::CiSourceAgency),
    ("industry", Msg::CiSourceIndustry),
    ("peers", Msg::CiSourcePeers),
    ("other", Msg::CiSourceOther),
];

/// A rating's code with its words: "AA · AA: good credit".
fn rating_words(r: Rating, lang: Lang) -> String {
    r.label().text(lang).to_string()
}

/// The parts of a suggestion as (label, points) lines, then the total.
fn parts(e: &RatingExplanation) -> Vec<(Msg, &'static str, Option<u32>)> {
    vec![
        (Msg::CiCurrentRatio, "current", e.current_ratio),
        (Msg::CiQuickRatio, "quick", e.quick_ratio),
        (Msg::CiProfitabilityShort, "profit", e.profitability),
        (Msg::CiPaymentRecord, "record", e.payment_record),
    ]
}

#[component]
pub fn InvestigationsSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let receivable = Memo::new(move |_| {
        state.data.with(|d| {
            let settings = RiskSettings::of_firm(&d.firm_settings());
            receivable_of(d, customer, browser::today(), &settings)
        })
    });
    let current = Memo::new(move |_| {
        let r = receivable.get();
        state.data.with(|d| {
            let latest = investigations_of(d, customer).first().map(|f| f.data.date);
            current_rating(d, customer, Some(&r)).map(|rating| (rating, latest))
        })
    });
    let list = Memo::new(move |_| {
        let r = receivable.get();
        state.data.with(|d| {
            investigations_of(d, customer)
                .into_iter()
                .map(|f| {
                    let confirmed = Rating::from_code(&f.data.rating);
                    let suggested = suggest_rating(&f.data, Some(&r)).map(|e| e.rating);
                    (f.id, f.data.clone(), confirmed, suggested)
                })
                .collect::<Vec<_>>()
        })
    });

    let source = RwSignal::new("bank".to_string());
    let other = RwSignal::new(String::new());
    let date = RwSignal::new(browser::today().to_string());
    let current_ratio = RwSignal::new(String::new());
    let quick_ratio = RwSignal::new(String::new());
    let profitability = RwSignal::new(String::new());
    let ability = RwSignal::new(String::new());
    let record = RwSignal::new(String::new());
    let collateral = RwSignal::new(String::new());
    let condition = RwSignal::new(String::new());
    let rating = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);

    // The ratios as typed, each parsed (an unreadable one is left out of the suggestion).
    let ratios = move || {
        (parse_ratio_bp(&current_ratio.get()), parse_ratio_bp(&quick_ratio.get()), parse_pct_bp(&profitability.get()))
    };
    let suggestion = Memo::new(move |_| {
        let (c, q, p) = ratios();
        let inv = CreditInvestigation {
            current_ratio_bp: c.ok().flatten(),
            quick_ratio_bp: q.ok().flatten(),
            profitability_bp: p.ok().flatten(),
            ..CreditInvestigation::default()
        };
        let known = inv.current_ratio_bp.is_some() || inv.quick_ratio_bp.is_some() || inv.profitability_bp.is_some();
        known.then(|| suggest_rating(&inv, Some(&receivable.get()))).flatten()
    });

    let clear = move || {
        for s in [other, current_ratio, quick_ratio, profitability, ability, record, collateral, condition, rating] {
            s.set(String::new());
        }
        source.set("bank".into());
        date.set(browser::today().to_string());
    };

    let submit = move || {
        let lang = state.lang.get_untracked();
        let mut problems = Vec::new();
        let day = parse_date(&date.get_untracked());
        if day.is_none() {
            problems.push(FieldError { field: "date", problem: Invalid::Date });
        }
        let mut take = |field: &'static str, r: Result<Option<i64>, Invalid>| {
            r.unwrap_or_else(|e| {
                problems.push(FieldError { field, problem: e });
                None
            })
        };
        let current_bp = take("current_ratio_bp", parse_ratio_bp(&current_ratio.get_untracked()));
        let quick_bp = take("quick_ratio_bp", parse_ratio_bp(&quick_ratio.get_untracked()));
        let profit_bp = take("profitability_bp", parse_pct_bp(&profitability.get_untracked()));
        if !problems.is_empty() {
            errors.set(problems);
            state.error(Msg::ErrFixFields);
            return;
        }
        let chosen = source.get_untracked();
        let source_text = match SOURCES.iter().find(|(v, _)| *v == chosen) {
            Some((v, msg)) if *v != "other" => msg.text(lang).to_string(),
            _ => other.get_untracked(),
        };
        let mut inv = CreditInvestigation {
            customer,
            date: day.unwrap_or_default(),
            source: source_text,
            current_ratio_bp: current_bp,
            quick_ratio_bp: quick_bp,
            profitability_bp: profit_bp,
            ability_to_pay: ability.get_untracked().trim().to_string(),
            trading_record: record.get_untracked().trim().to_string(),
            collateral: collateral.get_untracked().trim().to_string(),
            business_condition: condition.get_untracked().trim().to_string(),
            rating: rating.get_untracked(),
        };
        // Left on "the suggested rating": that is what the user confirms.
        if inv.rating.is_empty() {
            if let Some(e) = suggest_rating(&inv, Some(&receivable.get_untracked())) {
                inv.rating = e.rating.code().to_string();
            }
        }
        let outcome = state
            .data
            .with_untracked(|d| record_investigation(browser::new_id(), inv, d, browser::today(), state.origin()))
            .map(Some);
        finish_save(outcome, errors, saving, move |_| {
            clear();
            state.info(Msg::Saved, &[]);
        });
    };

    let source_options = Signal::derive(move || {
        let lang = state.lang.get();
        SOURCES.iter().map(|(v, m)| (v.to_string(), m.text(lang).to_string())).collect::<Vec<_>>()
    });
    let rating_options = Signal::derive(move || {
        let lang = state.lang.get();
        let first = match suggestion.get() {
            Some(e) => Msg::CiUseSuggestedIs.with(lang, &[e.rating.code()]),
            None => Msg::CiUseSuggested.text(lang).to_string(),
        };
        std::iter::once((String::new(), first))
            .chain(Rating::ALL.iter().map(|r| (r.code().to_string(), rating_words(*r, lang))))
            .collect::<Vec<_>>()
    });
    // The other source's field shows its error when "other" is chosen; else the select does.
    let source_error = field_error(errors, "source");

    view! {
        <section class="page section" aria-labelledby="investigations-h" data-testid="investigations">
            <h2 id="investigations-h">{move || state.t(Msg::CiTitle)}</h2>
            {move || {
                let lang = state.lang.get();
                let kpi = match current.get() {
                    Some((r, latest)) => view! {
                        <div class="kpi">
                            <span class="kpi-label">{Msg::CiRating.text(lang)}</span>
                            <span class="kpi-value" data-testid="credit-rating" data-code=r.code()>{r.code()}</span>
                            <span class="kpi-note" data-testid="credit-rating-label">{rating_words(r, lang)}</span>
                            {latest.map(|d| view! { <span class="kpi-note">{Msg::CiRatingFrom.with(lang, &[&format_date(d, lang)])}</span> })}
                        </div>
                    }
                    .into_any(),
                    None => view! {
                        <div class="kpi">
                            <span class="kpi-label">{Msg::CiRating.text(lang)}</span>
                            <span class="kpi-value" data-testid="credit-rating">"—"</span>
                            <span class="kpi-note">{Msg::CiNoRating.text(lang)}</span>
                        </div>
                    }
                    .into_any(),
                };
                let items = list.get();
                let table = if items.is_empty() {
                    view! { <p class="empty" data-testid="investigations-none">{Msg::CiNone.text(lang)}</p> }.into_any()
                } else {
                    let dash = || "—".to_string();
                    let rows = items
                        .into_iter()
                        .map(|(id, inv, confirmed, suggested)| {
                            let rating = match (confirmed, suggested) {
                                (Some(c), Some(s)) if c != s => Msg::CiOverridden.with(lang, &[c.code(), s.code()]),
                                (Some(c), _) => c.code().to_string(),
                                (None, Some(s)) => Msg::CiSuggestedOnly.with(lang, &[s.code()]),
                                (None, None) => dash(),
                            };
                            let notes: Vec<String> = [
                                (Msg::CiAbility, &inv.ability_to_pay),
                                (Msg::CiRecord, &inv.trading_record),
                                (Msg::CiCollateral, &inv.collateral),
                                (Msg::CiCondition, &inv.business_condition),
                            ]
                            .into_iter()
                            .filter(|(_, v)| !v.is_empty())
                            .map(|(m, v)| format!("{}: {v}", m.text(lang)))
                            .collect();
                            view! {
                                <tr data-testid="investigation-row" data-id=id.to_string()>
                                    <td>{format_date(inv.date, lang)}</td>
                                    <td>{inv.source.clone()}</td>
                                    <td class="num">{inv.current_ratio_bp.map(ratio_text).unwrap_or_else(dash)}</td>
                                    <td class="num">{inv.quick_ratio_bp.map(ratio_text).unwrap_or_else(dash)}</td>
                                    <td class="num">{inv.profitability_bp.map(pct_text).unwrap_or_else(dash)}</td>
                                    <td data-testid="investigation-rating">{rating}</td>
                                </tr>
                                {(!notes.is_empty()).then(|| view! {
                                    <tr class="ci-notes"><td colspan="6">{notes.join(" · ")}</td></tr>
                                })}
                            }
                        })
                        .collect_view();
                    view! {
                        <div class="table-wrap">
                            <table class="lines" data-testid="investigation-list">
                                <thead>
                                    <tr>
                                        <th scope="col">{Msg::SDate.text(lang)}</th>
                                        <th scope="col">{Msg::CiSource.text(lang)}</th>
                                        <th scope="col" class="num">{Msg::CiCurrentRatio.text(lang)}</th>
                                        <th scope="col" class="num">{Msg::CiQuickRatio.text(lang)}</th>
                                        <th scope="col" class="num">{Msg::CiProfitabilityShort.text(lang)}</th>
                                        <th scope="col">{Msg::CiRating.text(lang)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                };
                view! { <div class="kpis">{kpi}</div>{table} }
            }}
            <h3>{move || state.t(Msg::CiNew)}</h3>
            <form class="record ci-form" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }>
                <div class="grid">
                    <SelectField
                        label=Msg::CiSource
                        name="source"
                        options=source_options
                        value=Signal::derive(move || source.get())
                        on_change=Callback::new(move |v: String| source.set(v))
                        error=Signal::derive(move || if source.get() == "other" { None } else { source_error.get() })
                    />
                    {move || (source.get() == "other").then(|| view! {
                        <TextField
                            label=Msg::CiSourceText
                            name="source_other"
                            required=true
                            value=Signal::derive(move || other.get())
                            on_input=Callback::new(move |v: String| other.set(v))
                            error=source_error
                        />
                    })}
                    <TextField
                        label=Msg::SDate
                        name="investigation_date"
                        input_type="date"
                        required=true
                        value=Signal::derive(move || date.get())
                        on_input=Callback::new(move |v: String| date.set(v))
                        error=field_error(errors, "date")
                    />
                </div>
                <div class="grid">
                    <TextField
                        label=Msg::CiCurrentRatio
                        name="current_ratio_bp"
                        input_mode="decimal"
                        placeholder=Msg::CiRatioExample
                        value=Signal::derive(move || current_ratio.get())
                        on_input=Callback::new(move |v: String| current_ratio.set(v))
                        error=field_error(errors, "current_ratio_bp")
                    />
                    <TextField
                        label=Msg::CiQuickRatio
                        name="quick_ratio_bp"
                        input_mode="decimal"
                        placeholder=Msg::CiQuickExample
                        value=Signal::derive(move || quick_ratio.get())
                        on_input=Callback::new(move |v: String| quick_ratio.set(v))
                        error=field_error(errors, "quick_ratio_bp")
                    />
                    <TextField
                        label=Msg::CiProfitability
                        name="profitability_bp"
                        input_mode="decimal"
                        placeholder=Msg::CiProfitExample
                        value=Signal::derive(move || profitability.get())
                        on_input=Callback::new(move |v: String| profitability.set(v))
                        error=field_error(errors, "profitability_bp")
                    />
                </div>
                <div class="grid">
                    <TextField label=Msg::CiAbility name="ability_to_pay" multiline=true
                        value=Signal::derive(move || ability.get())
                        on_input=Callback::new(move |v: String| ability.set(v))
                        error=field_error(errors, "ability_to_pay") />
                    <TextField label=Msg::CiRecord name="trading_record" multiline=true
                        value=Signal::derive(move || record.get())
                        on_input=Callback::new(move |v: String| record.set(v))
                        error=field_error(errors, "trading_record") />
                    <TextField label=Msg::CiCollateral name="collateral" multiline=true
                        value=Signal::derive(move || collateral.get())
                        on_input=Callback::new(move |v: String| collateral.set(v))
                        error=field_error(errors, "collateral") />
                    <TextField label=Msg::CiCondition name="business_condition" multiline=true
                        value=Signal::derive(move || condition.get())
                        on_input=Callback::new(move |v: String| condition.set(v))
                        error=field_error(errors, "business_condition") />
                </div>
                <div class="ci-suggestion" data-testid="rating-suggestion" aria-live="polite">
                    {move || {
                        let lang = state.lang.get();
                        match suggestion.get() {
                            None => view! { <p class="muted">{Msg::CiNoSuggestion.text(lang)}</p> }.into_any(),
                            Some(e) => {
                                let lines = parts(&e)
                                    .into_iter()
                                    .map(|(m, tag, p)| {
                                        let points = match p {
                                            Some(p) => Msg::CiPoints.with(lang, &[&p.to_string()]),
                                            None => Msg::CiUnknownPart.text(lang).to_string(),
                                        };
                                        view! {
                                            <li data-testid=format!("ci-part-{tag}") data-points=p.map(|p| p.to_string())>
                                                <span>{m.text(lang)}</span>" "<strong>{points}</strong>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                let points = format!("{:.1}", e.points);
                                view! {
                                    <p>
                                        <strong data-testid="suggested-rating" data-code=e.rating.code()>
                                            {Msg::CiSuggested.with(lang, &[e.rating.code(), &points])}
                                        </strong>
                                        " " <span class="muted">{rating_words(e.rating, lang)}</span>
                                    </p>
                                    <ul class="ci-parts">{lines}</ul>
                                    <p class="muted">{Msg::CiScaled.text(lang)}</p>
                                }
                                .into_any()
                            }
                        }
                    }}
                </div>
                <div class="grid">
                    <SelectField
                        label=Msg::CiRatingField
                        name="rating"
                        options=rating_options
                        value=Signal::derive(move || rating.get())
                        on_change=Callback::new(move |v: String| rating.set(v))
                        error=field_error(errors, "rating")
                    />
                </div>
                <div class="actions">
                    <button type="submit" class="button primary" data-testid="save-investigation" disabled=move || saving.get()>
                        {move || state.t(Msg::CiSave)}
                    </button>
                </div>
            </form>
        </section>
    }
}
