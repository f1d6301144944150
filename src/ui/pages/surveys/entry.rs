//! Quick entry of returned forms: choose the form, the customer (prefilled from `?customer=`),
//! who answered and the day; then one tap or one key per item — `5` very satisfied … `1` very
//! dissatisfied sets the focused item and moves to the next (after the last, the save button),
//! `0` or Backspace clears it, Enter saves. A form can rate a competitor instead of us. Saved with `service::edits::record_survey`;
//! the form then clears for the next one, keeping the survey form and the respondent.

use super::{commit_then, customer_name, focus_id, tab_hash, template_list, Shared, Tab};
use crate::i18n::Msg;
use crate::model::service::{Respondent, SurveyItem};
use crate::model::validate::FieldError;
use crate::model::Id;
use crate::service::edits::{record_survey, SurveyEntry};
use crate::service::satisfaction::{respondent_label, Level};
use crate::ui::browser;
use crate::ui::components::customer_picker::CustomerPicker;
use crate::ui::components::field::{field_error, CheckField, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;
use web_sys::KeyboardEvent;

const RESPONDENTS: [Respondent; 3] = [Respondent::Customer, Respondent::Dealer, Respondent::SelfAssessment];

fn respondent_code(r: Respondent) -> &'static str {
    match r {
        Respondent::Customer => "customer",
        Respondent::Dealer => "dealer",
        Respondent::SelfAssessment => "self",
    }
}

fn respondent_of(code: &str) -> Respondent {
    RESPONDENTS.into_iter().find(|r| respondent_code(*r) == code).unwrap_or_default()
}

/// What a key does on an item's row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum KeyAction {
    Set(u8),
    Clear,
    Next,
    Previous,
    Save,
}

fn key_action(key: &str) -> Option<KeyAction> {
    match key {
        "Enter" => Some(KeyAction::Save),
        "0" | "Backspace" | "Delete" => Some(KeyAction::Clear),
        "ArrowDown" => Some(KeyAction::Next),
        "ArrowUp" => Some(KeyAction::Previous),
        k => k
            .chars()
            .next()
            .filter(|_| k.chars().count() == 1)
            .and_then(Level::from_key)
            .map(|l| KeyAction::Set(l.value())),
    }
}

fn row_id(i: usize) -> String {
    format!("su-row-{i}")
}

#[component]
pub(crate) fn Entry(shared: Shared) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let templates = Memo::new(move |_| {
        state.data.with(|d| template_list(d).into_iter().filter(|(_, t)| !t.archived).collect::<Vec<_>>())
    });
    let template = RwSignal::new(None::<Id>);
    let customer = RwSignal::new(None::<Id>);
    let respondent = RwSignal::new(Respondent::Customer);
    let date = RwSignal::new(today.to_string());
    let rates_competitor = RwSignal::new(false);
    let competitor = RwSignal::new(String::new());
    let levels = RwSignal::new(Vec::<Option<u8>>::new());
    let comment = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saved = RwSignal::new(None::<(u32, Option<Id>, String)>);
    let count = StoredValue::new(0u32);

    // The query's customer and form are taken over when they change (an "enter survey" link).
    Effect::new(move |_| {
        let (c, t) = shared.query.with(|q| (q.customer, q.template));
        if c.is_some() {
            customer.set(c);
        }
        if t.is_some() {
            template.set(t);
        }
    });
    // Without a chosen form: the first in use.
    Effect::new(move |_| {
        let list = templates.get();
        let current = template.get_untracked();
        if current.is_none_or(|c| !list.iter().any(|(id, _)| *id == c)) {
            template.set(list.first().map(|(id, _)| *id));
        }
    });
    let items = Memo::new(move |_| {
        let t = template.get();
        templates.with(|l| l.iter().find(|(id, _)| Some(*id) == t).map(|(_, t)| t.items.clone()).unwrap_or_default())
    });
    let open_question = Memo::new(move |_| {
        let t = template.get();
        templates
            .with(|l| l.iter().find(|(id, _)| Some(*id) == t).map(|(_, t)| t.open_question.clone()).unwrap_or_default())
    });
    // One answer per item of the chosen form; another form starts blank.
    Effect::new(move |_| {
        let n = items.with(Vec::len);
        levels.set(vec![None; n]);
    });

    let save = move || {
        let Some(t) = template.get_untracked() else {
            errors.set(vec![FieldError { field: "template", problem: crate::model::validate::Invalid::Required }]);
            return;
        };
        let Ok(day) = date.get_untracked().parse::<chrono::NaiveDate>() else {
            errors.set(vec![FieldError { field: "date", problem: crate::model::validate::Invalid::Date }]);
            return;
        };
        let entry = SurveyEntry {
            template: t,
            customer: customer.get_untracked(),
            respondent: respondent.get_untracked(),
            competitor: if rates_competitor.get_untracked() { competitor.get_untracked() } else { String::new() },
            date: Some(day),
            levels: levels.get_untracked(),
            comment: comment.get_untracked(),
        };
        let mut errs = Vec::new();
        if rates_competitor.get_untracked() && competitor.get_untracked().trim().is_empty() {
            errs.push(FieldError { field: "competitor", problem: crate::model::validate::Invalid::Required });
        }
        let batch = state
            .data
            .with_untracked(|d| record_survey(browser::new_id(), &entry, d, browser::today(), state.origin()));
        match batch {
            Ok(batch) if errs.is_empty() => {
                let who = entry.customer;
                let rival = entry.competitor.trim().to_string();
                commit_then(state, batch, move || {
                    count.update_value(|c| *c += 1);
                    saved.set(Some((count.get_value(), who, rival)));
                    errors.set(Vec::new());
                    levels.update(|l| l.iter_mut().for_each(|v| *v = None));
                    comment.set(String::new());
                    customer.set(None);
                    competitor.set(String::new());
                    rates_competitor.set(false);
                    focus_id(&row_id(0));
                });
            }
            Ok(_) => errors.set(errs),
            Err(mut e) => {
                e.extend(errs);
                errors.set(e);
            }
        }
    };
    let set_level = move |i: usize, v: Option<u8>| {
        levels.update(|l| {
            if let Some(x) = l.get_mut(i) {
                *x = v;
            }
        });
        errors.update(|e| e.retain(|e| e.field != "answers"));
    };
    let on_key = move |i: usize, ev: KeyboardEvent| {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let Some(action) = key_action(&ev.key()) else { return };
        ev.prevent_default();
        let n = items.with_untracked(Vec::len);
        match action {
            KeyAction::Set(v) => {
                set_level(i, Some(v));
                if i + 1 < n {
                    focus_id(&row_id(i + 1));
                } else {
                    // After the last item: the save button, so Enter (or Space) saves.
                    focus_id("su-save");
                }
            }
            KeyAction::Clear => set_level(i, None),
            KeyAction::Next if i + 1 < n => focus_id(&row_id(i + 1)),
            KeyAction::Previous if i > 0 => focus_id(&row_id(i - 1)),
            KeyAction::Save => save(),
            _ => {}
        }
    };

    let template_options =
        Signal::derive(move || templates.get().into_iter().map(|(id, t)| (id.to_string(), t.name)).collect::<Vec<_>>());
    let respondent_options = Signal::derive(move || {
        RESPONDENTS
            .iter()
            .map(|r| (respondent_code(*r).to_string(), state.t(respondent_label(*r)).to_string()))
            .collect::<Vec<_>>()
    });
    let answers_error = field_error(errors, "answers");
    let answered = move || levels.with(|l| l.iter().flatten().count());

    view! {
        {move || templates.with(Vec::is_empty).then(|| view! {
            <div class="banner info">
                <span>{move || state.t(Msg::SuNoTemplate)}</span>
                <button class="button primary" data-testid="su-create-default" on:click=move |_| super::templates::create_default(state)>
                    {move || state.t(Msg::SuCreateDefault)}
                </button>
            </div>
        })}
        <form class="su-entry" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
            <div class="grid">
                <SelectField label=Msg::SuTemplate name="su_template" options=template_options
                    value=Signal::derive(move || template.get().map(|t| t.to_string()).unwrap_or_default())
                    on_change=Callback::new(move |v: String| template.set(Id::parse(&v)))
                    error=field_error(errors, "template") />
                <SelectField label=Msg::SuRespondent name="su_respondent" options=respondent_options
                    value=Signal::derive(move || respondent_code(respondent.get()).to_string())
                    on_change=Callback::new(move |v: String| respondent.set(respondent_of(&v))) />
                <CustomerPicker label=Msg::SuCustomer search_label=Msg::SuCustomer name="su_customer"
                    value=Signal::derive(move || customer.get())
                    on_change=Callback::new(move |c| customer.set(c))
                    error=field_error(errors, "customer") />
                <TextField label=Msg::SuDate name="su_date" input_type="date" required=true
                    value=Signal::derive(move || date.get())
                    on_input=Callback::new(move |v: String| date.set(v))
                    error=field_error(errors, "date") />
            </div>
            <div class="su-competitor">
                <CheckField label=Msg::SuRatesCompetitor name="su_rates_competitor"
                    value=Signal::derive(move || rates_competitor.get())
                    on_change=Callback::new(move |v: bool| rates_competitor.set(v)) />
                {move || rates_competitor.get().then(|| view! {
                    <TextField label=Msg::SuCompetitorName name="su_competitor" required=true
                        value=Signal::derive(move || competitor.get())
                        on_input=Callback::new(move |v: String| competitor.set(v))
                        error=field_error(errors, "competitor") />
                })}
            </div>
            <p class="muted su-keys" id="su-keys-help">{move || state.t(Msg::SuKeysHelp)}</p>
            <div class="su-answers" data-testid="su-answers">
                {move || {
                    let lang = state.lang.get();
                    items.get().into_iter().enumerate().map(|(i, item): (usize, SurveyItem)| {
                        let label = if lang == crate::i18n::Lang::En && !item.label_en.trim().is_empty() || item.label_zh.trim().is_empty() { item.label_en.clone() } else { item.label_zh.clone() };
                        let q_id = format!("su-q-{i}");
                        let labelled_by = q_id.clone();
                        view! {
                            <div class="su-answer" role="radiogroup" tabindex="0" id=row_id(i) aria-labelledby=labelled_by
                                aria-describedby="su-keys-help" data-testid="su-answer" data-key=item.key.clone()
                                on:keydown=move |ev| on_key(i, ev)>
                                <span class="su-question" id=q_id>{format!("{}. {}", i + 1, label)}</span>
                                <div class="su-levels">
                                    {Level::ALL.into_iter().map(|l| {
                                        let v = l.value();
                                        let checked = move || levels.with(|x| x.get(i).copied().flatten() == Some(v));
                                        view! {
                                            <button type="button" role="radio" tabindex="-1" class="su-level" data-level=v
                                                class:chosen=checked
                                                aria-checked=move || if checked() { "true" } else { "false" }
                                                on:click=move |_| { set_level(i, if checked() { None } else { Some(v) }); focus_id(&row_id(i)); }>
                                                <kbd aria-hidden="true">{v}</kbd>
                                                <span>{l.label().text(lang)}</span>
                                            </button>
                                        }
                                    }).collect_view()}
                                </div>
                            </div>
                        }
                    }).collect_view()
                }}
            </div>
            <p class="field-error" role="alert" data-testid="su-answers-error">{move || answers_error.get()}</p>
            <TextField label=Msg::SuComment name="su_comment" multiline=true
                value=Signal::derive(move || comment.get())
                on_input=Callback::new(move |v: String| comment.set(v))
                error=field_error(errors, "comment") />
            <p class="muted small su-open-q">{move || open_question.get()}</p>
            <div class="actions sticky">
                <span class="muted" data-testid="su-answered">{move || Msg::SuAnswered.with(state.lang.get(), &[&answered().to_string(), &items.with(Vec::len).to_string()])}</span>
                <button type="submit" id="su-save" class="button primary" data-testid="su-save">{move || state.t(Msg::SuSaveForm)}</button>
            </div>
            {move || saved.get().map(|(n, who, rival)| {
                let lang = state.lang.get();
                let name = state.data.with(|d| customer_name(d, who));
                let text = if rival.is_empty() {
                    Msg::SuSavedForm.with(lang, &[&n.to_string(), &name])
                } else {
                    Msg::SuSavedCompetitorForm.with(lang, &[&n.to_string(), &name, &rival])
                };
                view! {
                    <div class="banner info" role="status" data-testid="su-saved">
                        <span>{text}</span>
                        {(who.is_some() && rival.is_empty()).then(|| view! {
                            <button type="button" class="button small" data-testid="su-same-customer-competitor"
                                on:click=move |_| { customer.set(who); rates_competitor.set(true); focus_id("f-su_competitor"); }>
                                {Msg::SuSameCustomerCompetitor.text(lang)}
                            </button>
                        })}
                        <a class="button small ghost" href=tab_hash(Tab::Results, None, None)>{Msg::SuTabResults.text(lang)}</a>
                    </div>
                }
            })}
        </form>
    }
}
