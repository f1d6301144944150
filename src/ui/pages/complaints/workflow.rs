//! One complaint (`#/complaint/<id>`): its header, the steps done as a timeline (who, when,
//! what was told to the customer, each step's own fields and photos), a warning when the next
//! step is overdue, and a form for exactly the next step the core's state machine allows
//! (`Workflow::next`). Saving goes through `service::edits::record_complaint_step`, which
//! refuses anything out of order, a closing step without feedback to the customer, and every
//! other field problem, each shown next to its field; nothing is written then.

use super::form::{HeaderDraft, HeaderFields, NewComplaint};
use super::photos::{PhotoPicker, PhotoStrip};
use super::{customer_name, department_name, department_options, settings, staff_name, staff_options};
use crate::i18n::{format_date, invalid_text, Msg};
use crate::model::service::{Attachment, Complaint, ComplaintStep, ComplaintStepKind as K};
use crate::model::validate::{parse_date, FieldError, Invalid};
use crate::model::{Id, Record};
use crate::route::{RecordEdit, Route};
use crate::service::complaints::{category_label, complaint_status, step_label, Cause, Stage, StepRole};
use crate::service::edits::{edit_complaint, record_complaint_step};
use crate::service::ServiceSettings;
use crate::ui::browser;
use crate::ui::components::field::{field_error, SelectField, TextField};
use crate::ui::pages::service_tabs::ServiceTabs;
use crate::ui::state::use_app;
use chrono::NaiveDate;
use leptos::prelude::*;

#[component]
pub fn ComplaintPage(edit: RecordEdit) -> impl IntoView {
    match edit {
        RecordEdit::New { customer } => view! { <NewComplaint customer=customer /> }.into_any(),
        RecordEdit::Existing(id) => view! { <OneComplaint id=id /> }.into_any(),
    }
}

/// A step as the timeline shows it (owned: the core's workflow borrows the data).
#[derive(Clone, Debug, PartialEq)]
struct StepView {
    id: Id,
    step: ComplaintStep,
    role: StepRole,
    staff: String,
    department: String,
    responsible: String,
}

/// What the page shows of a complaint.
#[derive(Clone, Debug, PartialEq)]
struct Shown {
    record: Record<Complaint>,
    customer: String,
    stage: Stage,
    next: Option<K>,
    due: Option<NaiveDate>,
    days_overdue: Option<i64>,
    owner: Option<Id>,
    department: String,
    responsible: String,
    cause: Option<Cause>,
    steps: Vec<StepView>,
    closed_on: Option<NaiveDate>,
}

#[component]
fn OneComplaint(id: Id) -> impl IntoView {
    let state = use_app();
    let settings = settings(state);
    let today = browser::today();
    let shown = Memo::new(move |_| {
        let s = settings.get();
        state.data.with(|d| {
            let st = complaint_status(d, id, today, &s)?;
            let w = &st.workflow;
            let steps = w
                .steps
                .iter()
                .map(|r| {
                    let f = r.fact;
                    StepView {
                        id: f.id,
                        step: f.data.clone(),
                        role: r.role,
                        staff: f.data.staff.map(|x| staff_name(state, x)).unwrap_or_default(),
                        department: f.data.department.map(|x| department_name(d, x)).unwrap_or_default(),
                        responsible: f.data.responsible.map(|x| staff_name(state, x)).unwrap_or_default(),
                    }
                })
                .collect();
            Some(Shown {
                record: st.record.clone(),
                customer: customer_name(d, st.record.data.customer),
                stage: w.stage(),
                next: w.next().first().copied(),
                due: st.due,
                days_overdue: st.days_overdue,
                owner: st.owner,
                department: w.department.map(|x| department_name(d, x)).unwrap_or_default(),
                responsible: w.responsible.map(|x| staff_name(state, x)).unwrap_or_default(),
                cause: w.cause,
                steps,
                closed_on: w.closed_on,
            })
        })
    });
    // The form is made anew when a step is added (its fields start empty for the next one).
    let form_key = Memo::new(move |_| shown.with(|s| s.as_ref().map(|s| (s.next, s.steps.len(), s.owner))));
    let editing = RwSignal::new(false);
    view! {
        <section class="page complaint" data-testid="complaint-page">
            <ServiceTabs />
            {move || match shown.get() {
                None => view! {
                    <h1>{move || state.t(Msg::CpNav)}</h1>
                    <p class="empty" data-testid="complaint-missing">{move || state.t(Msg::CpNotFound)}</p>
                    <a class="button" href="#/complaints">{move || state.t(Msg::CpBackToList)}</a>
                }
                .into_any(),
                Some(s) => {
                    let lang = state.lang.get();
                    let h = s.record.data.clone();
                    let customer_href = Route::Customer(h.customer).to_hash();
                    let overdue = s.days_overdue.filter(|d| *d > 0);
                    view! {
                        <div class="section-head">
                            <h1 data-testid="complaint-title">
                                {Msg::CpTitleOf.with(lang, &[&s.customer, category_label(h.category).text(lang)])}
                            </h1>
                            <div class="actions">
                                <a class="button ghost" href="#/complaints">{Msg::CpBackToList.text(lang)}</a>
                                {(!editing.get()).then(|| view! {
                                    <button class="button" data-testid="edit-complaint" on:click=move |_| editing.set(true)>{Msg::CpEditHeader.text(lang)}</button>
                                })}
                            </div>
                        </div>
                        <p>
                            <span class="pill" class:cp-closed=s.stage.is_closed() data-testid="complaint-stage">{s.stage.label().text(lang)}</span>
                            {s.closed_on.map(|d| view! { <span class="muted">{format!(" {}", Msg::CpClosedOn.with(lang, &[&format_date(d, lang)]))}</span> })}
                        </p>
                        {overdue.map(|days| view! {
                            <div class="banner warn" role="status" data-testid="overdue-banner">
                                {Msg::CpOverdueBanner.with(lang, &[
                                    s.next.map(|k| step_label(k).text(lang)).unwrap_or_default(),
                                    &days.to_string(),
                                    &s.due.map(|d| format_date(d, lang)).unwrap_or_default(),
                                ])}
                            </div>
                        })}
                        {(s.days_overdue == Some(0)).then(|| view! {
                            <div class="banner info" role="status" data-testid="due-today-banner">
                                {Msg::CpDueToday.with(lang, &[s.next.map(|k| step_label(k).text(lang)).unwrap_or_default()])}
                            </div>
                        })}
                        {move || if editing.get() {
                            view! { <EditHeader record=s.record.clone() editing=editing /> }.into_any()
                        } else {
                            view! {
                                <dl class="cp-facts" data-testid="complaint-header">
                                    <div><dt>{Msg::CpColCustomer.text(lang)}</dt><dd><a href=customer_href.clone()>{s.customer.clone()}</a></dd></div>
                                    <div><dt>{Msg::CpReceivedOn.text(lang)}</dt><dd>{h.received_on.map(|d| format_date(d, lang))}</dd></div>
                                    <div><dt>{Msg::CpComplainant.text(lang)}</dt><dd>{h.complainant.clone()}</dd></div>
                                    <div><dt>{Msg::CpAgainst.text(lang)}</dt><dd>{h.against.clone()}</dd></div>
                                    <div class="wide"><dt>{Msg::CpWants.text(lang)}</dt><dd>{h.wants.clone()}</dd></div>
                                    <div><dt>{Msg::CpColOwner.text(lang)}</dt><dd>{s.owner.map(|o| staff_name(state, o))}</dd></div>
                                    <div><dt>{Msg::CpColDepartment.text(lang)}</dt><dd>{s.department.clone()}{(!s.responsible.is_empty()).then(|| format!(" · {}", s.responsible))}</dd></div>
                                    <div><dt>{Msg::CpColCause.text(lang)}</dt><dd>{s.cause.map(|c| c.label().text(lang))}</dd></div>
                                </dl>
                            }
                            .into_any()
                        }}
                        <h2>{Msg::CpSteps.text(lang)}</h2>
                        <ol class="cp-timeline" data-testid="timeline">
                            {s.steps.iter().cloned().map(|v| view! { <StepItem v=v /> }).collect_view()}
                        </ol>
                    }
                    .into_any()
                }
            }}
            {move || form_key.get().map(|(next, _, owner)| match next {
                Some(kind) => view! { <NextStep complaint=id kind=kind owner=owner settings=settings /> }.into_any(),
                None => view! {
                    <p class="banner info" data-testid="complaint-closed">{move || state.t(Msg::CpClosedNote)}</p>
                }
                .into_any(),
            })}
        </section>
    }
}

/// One step of the timeline.
#[component]
fn StepItem(v: StepView) -> impl IntoView {
    let state = use_app();
    move || {
        let lang = state.lang.get();
        let s = &v.step;
        let role = match v.role {
            StepRole::Followed => None,
            StepRole::Amendment => Some(Msg::CpAmendment),
            StepRole::OutOfOrder => Some(Msg::CpOutOfOrder),
        };
        let line = |label: Msg, text: String| {
            (!text.trim().is_empty())
                .then(|| view! { <p class="cp-line"><span class="muted">{label.text(lang)}{"："}</span>{text}</p> })
        };
        let content_label = content_label(s.kind);
        let specific = match s.kind {
            K::Decide => s.stands.map(|b| if b { Msg::CpStands } else { Msg::CpNotStands }.text(lang).to_string()),
            K::Assign => Some(
                [v.department.clone(), v.responsible.clone()]
                    .into_iter()
                    .filter(|x| !x.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · "),
            ),
            K::Cause => Cause::from_code(&s.cause_code).map(|c| c.label().text(lang).to_string()),
            K::Propose => Some(accepted_label(s.accepted).text(lang).to_string()),
            _ => None,
        };
        view! {
            <li class="cp-step" data-testid="timeline-step" data-kind=format!("{:?}", s.kind).to_lowercase() class:cp-odd=role.is_some()>
                <div class="cp-step-head">
                    <strong>{step_label(s.kind).text(lang)}</strong>
                    <span class="muted">{format_date(s.date, lang)}</span>
                    <span data-testid="step-staff">{v.staff.clone()}</span>
                    {role.map(|m| view! { <span class="badge">{m.text(lang)}</span> })}
                </div>
                {specific.filter(|x| !x.is_empty()).map(|x| view! { <p class="cp-line" data-testid="step-result"><strong>{x}</strong></p> })}
                {line(content_label, s.content.clone())}
                {line(Msg::CpToldCustomer, s.told_customer.clone())}
                {line(Msg::CpPrevention, s.prevention.clone())}
                {line(Msg::CpAccountability, s.accountability.clone())}
                <PhotoStrip ids=s.photos.clone() />
            </li>
        }
    }
}

fn content_label(kind: K) -> Msg {
    match kind {
        K::Record => Msg::CpProblem,
        K::Decide => Msg::CpDecisionNote,
        K::Assign => Msg::CpAssignNote,
        K::Cause => Msg::CpCauseAnalysis,
        K::Propose => Msg::CpSolution,
        K::Implement => Msg::CpImplemented,
        K::Evaluate => Msg::CpSummary,
    }
}

fn accepted_label(a: Option<bool>) -> Msg {
    match a {
        Some(true) => Msg::CpAccepted,
        Some(false) => Msg::CpRefused,
        None => Msg::CpNoAnswer,
    }
}

fn accepted_code(a: Option<bool>) -> &'static str {
    match a {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

/// The form for the one step that may come next.
#[component]
fn NextStep(complaint: Id, kind: K, owner: Option<Id>, settings: Memo<ServiceSettings>) -> impl IntoView {
    let state = use_app();
    let today = browser::today();
    let step = RwSignal::new(ComplaintStep { complaint, kind, staff: owner, ..ComplaintStep::default() });
    let date = RwSignal::new(today.to_string());
    let photos = RwSignal::new(Vec::<(Id, Attachment)>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let saving = RwSignal::new(false);
    let save = move || {
        if saving.get_untracked() {
            return;
        }
        let mut s = step.get_untracked();
        for t in [&mut s.content, &mut s.told_customer, &mut s.prevention, &mut s.accountability] {
            *t = t.trim().to_string();
        }
        let typed = date.get_untracked();
        let day = parse_date(&typed);
        s.date = day.unwrap_or(today);
        let result = state.data.with_untracked(|d| {
            record_complaint_step(
                browser::new_id(),
                s,
                photos.get_untracked(),
                d,
                today,
                &settings.get_untracked(),
                state.origin(),
            )
        });
        let batch = match (result, day) {
            (Ok(b), Some(_)) => b,
            (result, day) => {
                let mut all = Vec::new();
                if day.is_none() {
                    all.push(FieldError {
                        field: "date",
                        problem: if typed.trim().is_empty() { Invalid::Required } else { Invalid::Date },
                    });
                }
                if let Err(es) = result {
                    all.extend(es.into_iter().filter(|e| !(day.is_none() && e.field == "date")));
                }
                errors.set(all);
                return;
            }
        };
        errors.set(Vec::new());
        saving.set(true);
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                state.info(Msg::CpStepRecorded, &[step_label(kind).text(state.lang.get_untracked())]);
            }
            saving.set(false);
        });
    };
    let text = move |label: Msg,
                     name: &'static str,
                     required: bool,
                     get: fn(&ComplaintStep) -> String,
                     put: fn(&mut ComplaintStep, String)| {
        view! {
            <TextField label=label name=name required=required multiline=true
                value=Signal::derive(move || step.with(get))
                on_input=Callback::new(move |v: String| step.update(|s| put(s, v)))
                error=field_error(errors, name) />
        }
    };
    let staff_opts = Signal::derive(move || staff_options(state, step.with(|s| s.staff)));
    let responsible_opts = Signal::derive(move || staff_options(state, step.with(|s| s.responsible)));
    let dept_opts = Signal::derive(move || department_options(state, Msg::NotSet));
    let cause_opts = Signal::derive(move || {
        let lang = state.lang.get();
        let mut v = vec![(String::new(), Msg::NotSet.text(lang).to_string())];
        v.extend(Cause::ALL.iter().map(|c| (c.code().to_string(), c.label().text(lang).to_string())));
        v
    });
    let accepted_opts = Signal::derive(move || {
        let lang = state.lang.get();
        [Some(true), Some(false), None]
            .map(|a| (accepted_code(a).to_string(), accepted_label(a).text(lang).to_string()))
            .to_vec()
    });
    let told_required = matches!(kind, K::Decide | K::Propose | K::Evaluate);
    let kind_error = move || {
        let lang = state.lang.get();
        errors.with(|e| e.iter().find(|e| e.field == "kind").map(|e| invalid_text(e.problem, lang)))
    };
    let stands_radio = move |value: bool, label: Msg, testid: &'static str| {
        view! {
            <label class="cp-radio">
                <input type="radio" name="stands" data-testid=testid
                    prop:checked=move || step.with(|s| s.stands == Some(value))
                    on:change=move |_| step.update(|s| s.stands = Some(value)) />
                {move || state.t(label)}
            </label>
        }
    };
    view! {
        <form class="card cp-next" novalidate=true data-testid="step-form" data-kind=format!("{kind:?}").to_lowercase()
            on:submit=move |ev| { ev.prevent_default(); save(); }>
            <h2>{move || Msg::CpNextStep.with(state.lang.get(), &[step_label(kind).text(state.lang.get())])}</h2>
            {move || kind_error().map(|m| view! { <p class="banner error" role="alert" data-testid="step-order-error">{m}</p> })}
            <div class="grid">
                <TextField label=Msg::SDate name="date" input_type="date" required=true
                    value=Signal::derive(move || date.get()) on_input=Callback::new(move |v| date.set(v))
                    error=field_error(errors, "date") />
                <SelectField label=Msg::CpDoneBy name="staff" options=staff_opts
                    value=Signal::derive(move || step.with(|s| s.staff.map(|x| x.to_string()).unwrap_or_default()))
                    on_change=Callback::new(move |v: String| step.update(|s| s.staff = Id::parse(&v)))
                    error=field_error(errors, "staff") />
            </div>
            {match kind {
                K::Decide => view! {
                    <fieldset class="field cp-stands" class:invalid=move || errors.with(|e| e.iter().any(|e| e.field == "stands"))>
                        <legend>{move || state.t(Msg::CpDoesItStand)}<span class="req" aria-hidden="true">" *"</span></legend>
                        <div class="cp-radios">
                            {stands_radio(true, Msg::CpStands, "stands-yes")}
                            {stands_radio(false, Msg::CpNotStands, "stands-no")}
                        </div>
                        <p class="field-error" role="alert">{field_error(errors, "stands")}</p>
                        {move || (step.with(|s| s.stands == Some(false))).then(|| view! {
                            <p class="hint" data-testid="closes-hint">{state.t(Msg::CpNotStandingCloses)}</p>
                        })}
                    </fieldset>
                    {text(Msg::CpDecisionNote, "content", false, |s| s.content.clone(), |s, v| s.content = v)}
                }
                .into_any(),
                K::Assign => view! {
                    <div class="grid">
                        <SelectField label=Msg::CpColDepartment name="department" options=dept_opts
                            value=Signal::derive(move || step.with(|s| s.department.map(|x| x.to_string()).unwrap_or_default()))
                            on_change=Callback::new(move |v: String| step.update(|s| s.department = Id::parse(&v)))
                            error=field_error(errors, "department") />
                        <SelectField label=Msg::CpResponsible name="responsible" options=responsible_opts
                            value=Signal::derive(move || step.with(|s| s.responsible.map(|x| x.to_string()).unwrap_or_default()))
                            on_change=Callback::new(move |v: String| step.update(|s| s.responsible = Id::parse(&v)))
                            error=field_error(errors, "responsible") />
                    </div>
                    {text(Msg::CpAssignNote, "content", false, |s| s.content.clone(), |s, v| s.content = v)}
                }
                .into_any(),
                K::Cause => view! {
                    <div class="grid">
                        <SelectField label=Msg::CpColCause name="cause_code" options=cause_opts
                            value=Signal::derive(move || step.with(|s| s.cause_code.clone()))
                            on_change=Callback::new(move |v: String| step.update(|s| s.cause_code = v))
                            error=field_error(errors, "cause_code") />
                    </div>
                    {text(Msg::CpCauseAnalysis, "content", true, |s| s.content.clone(), |s, v| s.content = v)}
                }
                .into_any(),
                K::Propose => view! {
                    {text(Msg::CpSolution, "content", true, |s| s.content.clone(), |s, v| s.content = v)}
                    <div class="grid">
                        <SelectField label=Msg::CpCustomerAnswer name="accepted" options=accepted_opts
                            value=Signal::derive(move || accepted_code(step.with(|s| s.accepted)).to_string())
                            on_change=Callback::new(move |v: String| step.update(|s| s.accepted = match v.as_str() {
                                "yes" => Some(true),
                                "no" => Some(false),
                                _ => None,
                            }))
                            error=field_error(errors, "accepted") />
                    </div>
                    <p class="hint">{move || state.t(Msg::CpNegotiateHint)}</p>
                }
                .into_any(),
                K::Evaluate => view! {
                    {text(Msg::CpSummary, "content", true, |s| s.content.clone(), |s, v| s.content = v)}
                    {text(Msg::CpPrevention, "prevention", true, |s| s.prevention.clone(), |s, v| s.prevention = v)}
                    {text(Msg::CpAccountability, "accountability", false, |s| s.accountability.clone(), |s, v| s.accountability = v)}
                }
                .into_any(),
                K::Record | K::Implement => {
                    text(content_label(kind), "content", true, |s| s.content.clone(), |s, v| s.content = v).into_any()
                }
            }}
            {text(Msg::CpToldCustomer, "told_customer", told_required, |s| s.told_customer.clone(), |s, v| s.told_customer = v)}
            {(kind == K::Evaluate).then(|| view! { <p class="hint">{move || state.t(Msg::CpEvaluateCloses)}</p> })}
            <PhotoPicker photos=photos settings=settings error=field_error(errors, "photos") />
            <div class="actions">
                <button type="submit" class="button primary" data-testid="save-step" disabled=move || saving.get()>
                    {move || Msg::CpRecordStep.with(state.lang.get(), &[step_label(kind).text(state.lang.get())])}
                </button>
            </div>
        </form>
    }
}

/// Corrects the header: the same fields as a new complaint, checked by `edit_complaint`.
#[component]
fn EditHeader(record: Record<Complaint>, editing: RwSignal<bool>) -> impl IntoView {
    let state = use_app();
    let draft = RwSignal::new(HeaderDraft::of(&record.data));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let save = move || {
        let (header, date_error) = draft.get_untracked().parse();
        let current = state.data.with_untracked(|d| d.complaints.get(&record.id).cloned());
        let Some(current) = current else { return };
        let result = state.data.with_untracked(|d| {
            edit_complaint(&current, &header, browser::new_id(), d, browser::today(), state.origin())
        });
        match (result, date_error) {
            (Ok(None), None) => editing.set(false),
            (Ok(Some(batch)), None) => {
                leptos::task::spawn_local(async move {
                    if state.commit(batch).await.is_ok() {
                        editing.set(false);
                        state.info(Msg::Saved, &[]);
                    }
                });
            }
            (result, date_error) => {
                let own = date_error.is_some();
                let mut all: Vec<FieldError> = date_error.into_iter().collect();
                if let Err(es) = result {
                    all.extend(es.into_iter().filter(|e| !(own && e.field == "received_on")));
                }
                errors.set(all);
            }
        }
    };
    view! {
        <form class="card" novalidate=true data-testid="header-form" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <HeaderFields draft=draft errors=errors />
            <div class="actions">
                <button type="button" class="button" on:click=move |_| editing.set(false)>{move || state.t(Msg::Cancel)}</button>
                <button type="submit" class="button primary" data-testid="save-header">{move || state.t(Msg::Save)}</button>
            </div>
        </form>
    }
}
