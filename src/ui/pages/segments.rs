//! 客户细分: the built-in segments and the firm's own, with live counts; a rule builder (a
//! form, not typed code) whose count follows every edit; save, delete, show in the customer
//! list, export as CSV. The segment being edited is in the URL (`#/segments?edit=<id>`).
//! The rules, their checks and the evaluation are `crate::segments` (pure).

use crate::edits;
use crate::i18n::{format_count, Lang, Msg};
use crate::model::value::SavedSegment;
use crate::model::{CustomerType, Id};
use crate::route::{Route, SegmentEdit, SegmentsView};
use crate::search::{pinyin_sort_key, ListQuery, ScoreFilter};
use crate::segments::export::{file_name, segment_csv};
use crate::segments::{
    builtin, builtins, check, check_name, saved, BuiltIn, CheckedRules, Condition, Family, Field, FieldKind, Group,
    Join, Op, Place, Population, Problem, Rules, SavedError,
};
use crate::ui::analysis::Status;
use crate::ui::browser;
use crate::ui::components::confirm::ConfirmDialog;
use crate::ui::download::save_csv;
use crate::ui::pages::customers::score_filter_label;
use crate::ui::pages::dashboard::ScoringStatus;
use crate::ui::state::{use_app, AppState};
use crate::workspace::summary::{segment_of_code, stage_of_code};
use leptos::prelude::*;
use std::sync::Arc;

fn list_link(filter: ScoreFilter) -> String {
    Route::Customers(ListQuery { score: Some(filter), ..ListQuery::default() }).to_hash()
}

fn segments_link(edit: Option<SegmentEdit>) -> String {
    Route::Segments(SegmentsView { edit }).to_hash()
}

/// The list filter's label, with a saved segment's own name (the customer list's banner).
pub fn filter_label(state: &AppState, filter: ScoreFilter, lang: Lang) -> String {
    match filter {
        ScoreFilter::Saved(id) => state
            .data
            .with(|d| d.segments.get(&id).filter(|r| !r.is_deleted()).map(|r| r.data.name.clone()))
            .unwrap_or_else(|| Msg::SgNotFound.text(lang).to_string()),
        f => score_filter_label(f, lang),
    }
}

/// The population segments count over: live, unarchived customers with the latest scores.
/// Rebuilt when the data or the scores change, not on a rule edit.
fn use_population(state: AppState) -> Memo<Arc<Population>> {
    Memo::new_with_compare(
        move |_| {
            let result = state.analysis.result.get();
            Arc::new(state.data.with(|d| Population::new(d, result.as_deref())))
        },
        |a, b| a.is_none_or(|a| b.is_none_or(|b| !Arc::ptr_eq(a, b))),
    )
}

/// Whether score conditions must wait: no scores yet, or newer ones on their way (the
/// current ones may predate the data, as right after loading the demo firm).
fn use_waiting(state: AppState) -> Memo<bool> {
    let a = state.analysis;
    Memo::new(move |_| matches!(a.status.get(), Status::Working { .. }) || a.result.with(Option::is_none))
}

/// A count, or "waiting" while rules on scores have no (current) scores to read.
fn count_text(pop: &Population, rules: &CheckedRules, waiting: bool, lang: Lang) -> String {
    if rules.uses_scores() && (waiting || !pop.has_scores) {
        Msg::SgCountWaiting.text(lang).to_string()
    } else {
        format_count(pop.count(rules))
    }
}

fn export(state: AppState, pop: &Population, rules: &CheckedRules, name: &str) {
    let lang = state.lang.get_untracked();
    let positions = pop.matches(rules);
    let staff = state.staff_names.get_untracked();
    let bytes = state.data.with_untracked(|d| segment_csv(d, pop, &positions, &staff, lang));
    if save_csv(&file_name(name, browser::today()), &bytes) {
        state.info(Msg::SgExported, &[&format_count(positions.len())]);
    }
}

#[component]
pub fn SegmentsPage() -> impl IntoView {
    let state = use_app();
    // Scores are brought up to date when the page opens, not after each save here: saving a
    // segment changes no customer, and the counts stay readable meanwhile.
    state.analysis.ensure();
    let view_state = Memo::new(move |_| match state.route.get() {
        Route::Segments(v) => v,
        _ => SegmentsView::default(),
    });
    let pop = use_population(state);
    view! {
        <section class="page segments">
            <div class="page-head">
                <h1>{move || state.t(Msg::NavSegments)}</h1>
                <span class="spacer"></span>
                <a class="button primary" href=segments_link(Some(SegmentEdit::New { from: None })) data-testid="new-segment">
                    {move || state.t(Msg::SgNew)}
                </a>
            </div>
            <p class="muted help">{move || state.t(Msg::SgIntro)}</p>
            <ScoringStatus />
            {move || view_state.get().edit.map(|edit| view! { <SegmentEditor edit=edit pop=pop /> })}
            <SavedList pop=pop />
            <BuiltInList pop=pop />
        </section>
    }
}

/// The saved segments with their live counts.
#[component]
fn SavedList(pop: Memo<Arc<Population>>) -> impl IntoView {
    let state = use_app();
    let waiting = use_waiting(state);
    let list = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<(Id, String, Result<CheckedRules, SavedError>)> =
                d.segments.live().map(|r| (r.id, r.data.name.clone(), saved(d, &r.id).map(|(_, c)| c))).collect();
            v.sort_by_cached_key(|(id, name, _)| (pinyin_sort_key(name), *id));
            v
        })
    });
    view! {
        <h2>{move || state.t(Msg::SgSaved)}</h2>
        {move || {
            let lang = state.lang.get();
            let items = list.get();
            if items.is_empty() {
                return view! { <p class="empty">{Msg::SgNoSaved.text(lang)}</p> }.into_any();
            }
            view! {
                <ul class="seg-list" data-testid="saved-segments">
                    {items.into_iter().map(|(id, name, rules)| {
                        let p = pop.get();
                        let count = match &rules {
                            Ok(r) => count_text(&p, r, waiting.get(), lang),
                            Err(SavedError::Rules(crate::segments::RulesError::Newer(_))) => Msg::SgErrNewer.text(lang).to_string(),
                            Err(_) => "—".to_string(),
                        };
                        let export_name = name.clone();
                        let usable = rules.is_ok();
                        view! {
                            <li class="seg-row" data-testid="saved-segment">
                                <a class="seg-name" href=segments_link(Some(SegmentEdit::Saved(id)))>{name}</a>
                                <span class="seg-count num" data-testid="segment-count">{count}</span>
                                <span class="seg-actions">
                                    <a class="button" href=list_link(ScoreFilter::Saved(id))>{Msg::SgShowInList.text(lang)}</a>
                                    <button class="button" disabled=!usable on:click=move |_| {
                                        if let Ok(r) = &rules {
                                            export(state, &pop.get_untracked(), r, &export_name);
                                        }
                                    }>{Msg::SgExport.text(lang)}</button>
                                </span>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}

/// The built-in segments by family, with live counts.
#[component]
fn BuiltInList(pop: Memo<Arc<Population>>) -> impl IntoView {
    let state = use_app();
    let waiting = use_waiting(state);
    let counts = Memo::new(move |_| {
        let p = pop.get();
        let ready = p.has_scores && !waiting.get();
        builtins()
            .into_iter()
            .map(|b| {
                let (checked, _) = check(&b.rules);
                let n = ready.then(|| p.count(&checked));
                (b, checked, n)
            })
            .collect::<Vec<(BuiltIn, CheckedRules, Option<usize>)>>()
    });
    let family = move |f: Family, title: Msg| {
        view! {
            <h3>{move || state.t(title)}</h3>
            <ul class="seg-list">
                {move || {
                    let lang = state.lang.get();
                    counts
                        .get()
                        .into_iter()
                        .filter(|(b, _, _)| b.family == f)
                        .map(|(b, checked, n)| {
                            let name = b.name(lang);
                            let export_name = name.clone();
                            let filter = b.filter;
                            view! {
                                <li class="seg-row" data-testid="builtin-segment" data-filter=filter.code()>
                                    <span class="seg-name">{name}</span>
                                    <span class="seg-count num" data-testid="segment-count">
                                        {n.map(format_count).unwrap_or_else(|| Msg::SgCountWaiting.text(lang).to_string())}
                                    </span>
                                    <span class="seg-actions">
                                        <a class="button" href=list_link(filter)>{Msg::SgShowInList.text(lang)}</a>
                                        <button class="button" disabled=n.is_none() on:click=move |_| export(state, &pop.get_untracked(), &checked, &export_name)>
                                            {Msg::SgExport.text(lang)}
                                        </button>
                                        <a class="button" href=segments_link(Some(SegmentEdit::New { from: Some(filter) }))>{Msg::SgStartFrom.text(lang)}</a>
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        }
    };
    view! {
        <h2>{move || state.t(Msg::SgBuiltIn)}</h2>
        {family(Family::Abc, Msg::KpiAbc)}
        {family(Family::KeyAccounts, Msg::SgFieldKeyAccount)}
        {family(Family::Rfm, Msg::SegmentsTitle)}
        {family(Family::Lifecycle, Msg::LifecycleTitle)}
    }
}

/// The words of a fixed choice: a type, a class, a segment, a stage.
fn choice_text(field: Field, code: &str, lang: Lang) -> String {
    let pick = |zh: &str, en: &str| if lang == Lang::Zh { zh.to_string() } else { en.to_string() };
    match field {
        Field::CustomerType => {
            CustomerType::from_code(code).map(|t| crate::ui::pages::customers::type_label(t).text(lang).to_string())
        }
        Field::Class => Some(Msg::SgClassName.with(lang, &[code])),
        Field::Segment => crate::segments::rule::SEGMENT_CODES
            .iter()
            .find(|(_, c)| *c == code)
            .and_then(|(s, _)| segment_of_code(crate::workspace::summary::segment_code(*s)))
            .map(|s| pick(s.name_zh(), s.name_en())),
        Field::Stage => crate::segments::rule::STAGE_CODES
            .iter()
            .find(|(_, c)| *c == code)
            .and_then(|(s, _)| stage_of_code(crate::workspace::summary::stage_code(*s)))
            .map(|s| pick(s.name_zh(), s.name_en())),
        _ => None,
    }
    .unwrap_or_else(|| code.to_string())
}

/// Splits "华东, 华南、华北" into its values.
fn split_values(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ';', '；']).map(str::trim).filter(|v| !v.is_empty()).map(str::to_string).collect()
}

/// Applies an edit to the rules being built. Every edit marks its start; the count's effect
/// marks its end ("kehu-segment-count", BENCHMARKS.md § Segments).
fn edit_rules(draft: RwSignal<Rules>, f: impl FnOnce(&mut Rules)) {
    browser::mark("kehu-segment-edit");
    draft.update(f);
}

/// The form's shape: what decides which inputs are drawn (not the values typed into them, so
/// typing never redraws the row under the cursor).
type Shape = (Join, Vec<(Join, Vec<(Field, Op)>)>);

fn shape_of(r: &Rules) -> Shape {
    (r.join, r.groups.iter().map(|g| (g.join, g.conditions.iter().map(|c| (c.field, c.op)).collect())).collect())
}

/// The rule builder for a new or a saved segment.
#[component]
fn SegmentEditor(edit: SegmentEdit, pop: Memo<Arc<Population>>) -> impl IntoView {
    let state = use_app();
    let stored = match edit {
        SegmentEdit::Saved(id) => {
            state.data.with_untracked(|d| d.segments.get(&id).filter(|r| !r.is_deleted()).cloned())
        }
        SegmentEdit::New { .. } => None,
    };
    if let (SegmentEdit::Saved(_), None) = (edit, &stored) {
        return view! {
            <div class="card" role="alert"><p>{move || state.t(Msg::SgNotFound)}</p>
                <a class="button" href=segments_link(None)>{move || state.t(Msg::Close)}</a>
            </div>
        }
        .into_any();
    }
    let (initial_name, initial_rules, load_error) = match (&stored, edit) {
        (Some(r), _) => match Rules::from_json(&r.data.rules) {
            Ok(rules) => (r.data.name.clone(), rules, None),
            Err(crate::segments::RulesError::Newer(_)) => (
                r.data.name.clone(),
                Rules::default(),
                Some(Msg::SgErrNewer.text(state.lang.get_untracked()).to_string()),
            ),
            Err(e) => (
                r.data.name.clone(),
                Rules::default(),
                Some(Msg::SgErrUnreadable.with(state.lang.get_untracked(), &[&e.to_string()])),
            ),
        },
        (None, SegmentEdit::New { from: Some(f) }) => match builtin(f) {
            Some(b) => (b.name(state.lang.get_untracked()), b.rules, None),
            None => (String::new(), Rules::default(), None),
        },
        (None, _) => (String::new(), Rules::default(), None),
    };
    let draft = RwSignal::new(initial_rules);
    let name = RwSignal::new(initial_name);
    let tried = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let saved_id = stored.as_ref().map(|r| r.id);

    let shape = Memo::new(move |_| draft.with(shape_of));
    let checked = Memo::new(move |_| draft.with(check));
    let waiting = use_waiting(state);
    let count = Memo::new(move |_| {
        let lang = state.lang.get();
        let (rules, _) = checked.get();
        count_text(&pop.get(), &rules, waiting.get(), lang)
    });
    Effect::new(move |_| {
        count.track();
        browser::mark("kehu-segment-counted");
        let _ = browser::measure("kehu-segment-count", "kehu-segment-edit", "kehu-segment-counted");
    });
    let error_at = move |place: Place| {
        Signal::derive(move || {
            let lang = state.lang.get();
            let show_required = tried.get();
            checked.with(|(_, errors)| {
                errors
                    .iter()
                    .find(|e| e.place == place && (show_required || e.problem != Problem::Required))
                    .map(|e| e.problem.text(lang))
            })
        })
    };
    let name_error = RwSignal::new(None::<String>);

    let save = move || {
        tried.set(true);
        let lang = state.lang.get_untracked();
        let rules = draft.get_untracked();
        let others: Vec<String> = state.data.with_untracked(|d| {
            d.segments.live().filter(|r| Some(r.id) != saved_id).map(|r| r.data.name.clone()).collect()
        });
        let name_problem = check_name(&name.get_untracked(), others.iter().map(String::as_str));
        name_error.set(name_problem.map(|e| e.problem.text(lang)));
        let (_, errors) = check(&rules);
        if name_problem.is_some() || !errors.is_empty() {
            state.error(Msg::ErrFixFields);
            return;
        }
        let data = SavedSegment { name: name.get_untracked().trim().to_string(), rules: rules.to_json() };
        let o = state.origin();
        let current = saved_id.and_then(|id| state.data.with_untracked(|d| d.segments.get(&id).cloned()));
        let (id, batch) = match current {
            Some(c) => (c.id, edits::edit_segment(&c, &data, browser::new_id(), o)),
            None => {
                let id = browser::new_id();
                (id, Some(edits::create_segment(id, browser::new_id(), data, o)))
            }
        };
        leptos::task::spawn_local(async move {
            let ok = match batch {
                Some(b) => state.commit(b).await.is_ok(),
                None => true,
            };
            if ok {
                state.info(Msg::Saved, &[]);
                state.go(Route::Segments(SegmentsView { edit: Some(SegmentEdit::Saved(id)) }));
            }
        });
    };
    let delete = move || {
        let Some(id) = saved_id else { return };
        let Some(current) = state.data.with_untracked(|d| d.segments.get(&id).cloned()) else { return };
        let o = state.origin();
        let batch = edits::delete_segment(&current, browser::new_id(), o);
        leptos::task::spawn_local(async move {
            if state.commit(batch).await.is_ok() {
                state.info(Msg::SgDeleted, &[]);
                state.go(Route::Segments(SegmentsView::default()));
            }
        });
    };
    let title = if saved_id.is_some() { Msg::SgEdit } else { Msg::SgNew };

    view! {
        <form class="card seg-editor" novalidate=true data-testid="segment-editor" on:submit=move |ev| { ev.prevent_default(); save(); }>
            <h2>{move || state.t(title)}</h2>
            {load_error.map(|e| view! { <p class="banner error" role="alert">{e}</p> })}
            <div class="field" class:invalid=move || name_error.get().is_some()>
                <label for="f-segment_name">{move || state.t(Msg::SgName)}<span class="req" aria-hidden="true">" *"</span></label>
                <input id="f-segment_name" name="segment_name" type="text" required=true
                    aria-invalid=move || if name_error.get().is_some() { "true" } else { "false" }
                    aria-describedby="f-segment_name-error"
                    prop:value=move || name.get()
                    on:input=move |ev| { name.set(event_target_value(&ev)); name_error.set(None); } />
                <p class="field-error" id="f-segment_name-error" role="alert">{move || name_error.get()}</p>
            </div>
            <p class="live-count" role="status" aria-live="polite">
                <span data-testid="live-count">{move || Msg::SgLiveCount.with(state.lang.get(), &[&count.get()])}</span>
                {move || checked.with(|(_, e)| e.iter().any(|e| matches!(e.place, Place::Value { .. } | Place::Op { .. })))
                    .then(|| view! { <span class="muted">" · "{move || state.t(Msg::SgIncomplete)}</span> })}
            </p>
            <p class="field-error" role="alert">{move || error_at(Place::Rules).get()}</p>
            {move || {
                let (join, groups) = shape.get();
                let many = groups.len() > 1;
                view! {
                    {many.then(|| view! {
                        <label class="field join">
                            <span>{move || state.t(Msg::SgGroupsJoin)}</span>
                            <select data-testid="groups-join" on:change=move |ev| {
                                let any = event_target_value(&ev) == "any";
                                edit_rules(draft, |r| r.join = if any { Join::Any } else { Join::All });
                            }>
                                <option value="all" selected=join == Join::All>{move || state.t(Msg::SgJoinAll)}</option>
                                <option value="any" selected=join == Join::Any>{move || state.t(Msg::SgJoinAny)}</option>
                            </select>
                        </label>
                    })}
                    {groups.into_iter().enumerate().map(|(g, (gjoin, conds))| view! {
                        <fieldset class="seg-group" data-testid="segment-group">
                            <legend>{move || Msg::SgGroupTitle.with(state.lang.get(), &[&(g + 1).to_string()])}</legend>
                            <label class="field join">
                                <span>{move || state.t(Msg::SgGroupJoin)}</span>
                                <select on:change=move |ev| {
                                    let any = event_target_value(&ev) == "any";
                                    edit_rules(draft, |r| if let Some(gr) = r.groups.get_mut(g) { gr.join = if any { Join::Any } else { Join::All } });
                                }>
                                    <option value="all" selected=gjoin == Join::All>{move || state.t(Msg::SgJoinAll)}</option>
                                    <option value="any" selected=gjoin == Join::Any>{move || state.t(Msg::SgJoinAny)}</option>
                                </select>
                            </label>
                            {conds.into_iter().enumerate().map(|(i, (field, op))| view! {
                                <ConditionRow g=g i=i field=field op=op draft=draft pop=pop error_op=error_at(Place::Op { group: g, index: i }) error_value=error_at(Place::Value { group: g, index: i }) />
                            }).collect_view()}
                            <div class="actions left">
                                <button type="button" class="button" data-testid="add-condition" on:click=move |_| {
                                    edit_rules(draft, |r| if let Some(gr) = r.groups.get_mut(g) { gr.conditions.push(Condition::new(Field::Class)) });
                                }>{move || state.t(Msg::SgAddCondition)}</button>
                                {many.then(|| view! {
                                    <button type="button" class="button ghost" on:click=move |_| edit_rules(draft, |r| { if g < r.groups.len() { r.groups.remove(g); } })>
                                        {move || state.t(Msg::SgRemoveGroup)}
                                    </button>
                                })}
                            </div>
                        </fieldset>
                    }).collect_view()}
                }
            }}
            <div class="actions">
                <button type="button" class="button" data-testid="add-group" on:click=move |_| {
                    edit_rules(draft, |r| r.groups.push(Group { join: Join::All, conditions: vec![Condition::new(Field::Class)] }));
                }>{move || state.t(Msg::SgAddGroup)}</button>
                <span class="spacer"></span>
                {saved_id.map(|id| view! {
                    <a class="button" href=list_link(ScoreFilter::Saved(id)) data-testid="show-in-list">{move || state.t(Msg::SgShowInList)}</a>
                    <button type="button" class="button" data-testid="export-segment" on:click=move |_| {
                        let (rules, _) = checked.get_untracked();
                        export(state, &pop.get_untracked(), &rules, &name.get_untracked());
                    }>{move || state.t(Msg::SgExport)}</button>
                    <button type="button" class="button danger" data-testid="delete-segment" on:click=move |_| confirm_delete.set(true)>{move || state.t(Msg::Delete)}</button>
                })}
                <a class="button" href=segments_link(None)>{move || state.t(Msg::Close)}</a>
                <button type="submit" class="button primary" data-testid="save-segment">{move || state.t(Msg::Save)}</button>
            </div>
            <ConfirmDialog
                open=confirm_delete
                message=Signal::derive(move || Msg::SgDeleteConfirm.with(state.lang.get(), &[&name.get()]))
                on_confirm=Callback::new(move |_| delete())
                confirm_label=Msg::Delete
            />
        </form>
    }
    .into_any()
}

/// One condition: field, comparison, value (the input fitting the field), remove.
#[component]
fn ConditionRow(
    g: usize,
    i: usize,
    field: Field,
    op: Op,
    draft: RwSignal<Rules>,
    pop: Memo<Arc<Population>>,
    error_op: Signal<Option<String>>,
    error_value: Signal<Option<String>>,
) -> impl IntoView {
    let state = use_app();
    let at = move |f: &dyn Fn(&mut Condition)| {
        edit_rules(draft, |r| {
            if let Some(c) = r.groups.get_mut(g).and_then(|gr| gr.conditions.get_mut(i)) {
                f(c);
            }
        })
    };
    let set_values = move |values: Vec<String>| at(&|c| c.values = values.clone());
    let values_now = move || {
        draft.with_untracked(|r| {
            r.groups.get(g).and_then(|gr| gr.conditions.get(i)).map(|c| c.values.clone()).unwrap_or_default()
        })
    };
    let id = move |part: &str| format!("sg-{part}-{g}-{i}");
    let value_id = id("value");
    let err_id = id("error");

    let field_select = view! {
        <label class="field">
            <span>{move || state.t(Msg::SgField)}</span>
            <select id=id("field") data-testid="condition-field" on:change=move |ev| {
                if let Some(f) = Field::from_code(&event_target_value(&ev)) {
                    at(&|c| *c = c.with_field(f));
                }
            }>
                <optgroup label=move || state.t(Msg::SgFieldsCustomer)>
                    {Field::ALL.into_iter().filter(|f| !f.is_score()).map(|f| view! {
                        <option value=f.code() selected=f == field>{move || state.t(f.label())}</option>
                    }).collect_view()}
                </optgroup>
                <optgroup label=move || state.t(Msg::SgFieldsScores)>
                    {Field::ALL.into_iter().filter(|f| f.is_score()).map(|f| view! {
                        <option value=f.code() selected=f == field>{move || state.t(f.label())}</option>
                    }).collect_view()}
                </optgroup>
            </select>
        </label>
    };
    let op_select = view! {
        <label class="field" class:invalid=move || error_op.get().is_some()>
            <span>{move || state.t(Msg::SgOperator)}</span>
            <select id=id("op") data-testid="condition-op" on:change=move |ev| {
                if let Some(o) = Op::from_code(&event_target_value(&ev)) {
                    at(&|c| *c = c.with_op(o));
                }
            }>
                {field.ops().iter().map(|&o| view! {
                    <option value=o.code() selected=o == op>{move || state.t(o.label(field))}</option>
                }).collect_view()}
            </select>
            <span class="field-error" role="alert">{move || error_op.get()}</span>
        </label>
    };

    // The value input that fits the field and the comparison.
    let lang = state.lang.get_untracked();
    let comma_separated = op == Op::In && (field.kind() == FieldKind::Text || field == Field::Tag);
    let value_label = if comma_separated { Msg::SgValues } else { Msg::SgValue };
    let initial = values_now();
    let first = initial.first().cloned().unwrap_or_default();
    let text_input =
        |input_type: &'static str, mode: Option<&'static str>, list: Option<String>, initial: String, many: bool| {
            view! {
                <input id=value_id.clone() type=input_type inputmode=mode list=list data-testid="condition-value"
                    aria-describedby=err_id.clone()
                    aria-invalid=move || if error_value.get().is_some() { "true" } else { "false" }
                    prop:value=initial
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        set_values(if many { split_values(&v) } else { vec![v] });
                    } />
            }
            .into_any()
        };
    let choices: Vec<(String, String)> = match field {
        Field::Owner => {
            let names = state.staff_names.get_untracked();
            let mut v: Vec<(String, String)> = pop
                .get_untracked()
                .owners()
                .iter()
                .map(|o| (o.to_string(), names.get(o).cloned().unwrap_or_else(|| o.short())))
                .collect();
            v.sort_by_cached_key(|(_, n)| pinyin_sort_key(n));
            v
        }
        f => f.fixed_choices().iter().map(|c| (c.to_string(), choice_text(f, c, lang))).collect(),
    };
    let input = match (field.kind(), op) {
        (FieldKind::Choice, Op::In) if field != Field::Tag => view! {
            <fieldset class="checks" id=value_id.clone() data-testid="condition-value">
                <legend class="visually-hidden">{move || state.t(Msg::SgValue)}</legend>
                {choices.into_iter().map(|(code, text)| {
                    let on = initial.contains(&code);
                    let c2 = code.clone();
                    view! {
                        <label class="check-chip">
                            <input type="checkbox" value=code prop:checked=on on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                let mut v = values_now();
                                v.retain(|x| *x != c2);
                                if checked { v.push(c2.clone()); }
                                set_values(v);
                            } />
                            <span>{text}</span>
                        </label>
                    }
                }).collect_view()}
            </fieldset>
        }
        .into_any(),
        (FieldKind::Choice, _) if field != Field::Tag => view! {
            <select id=value_id.clone() data-testid="condition-value" on:change=move |ev| set_values(vec![event_target_value(&ev)])>
                {(!choices.iter().any(|(c, _)| *c == first)).then(|| view! { <option value="" selected=true>{Msg::SgChoose.text(lang)}</option> })}
                {choices.into_iter().map(|(code, text)| {
                    let selected = code == first;
                    view! { <option value=code selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        }
        .into_any(),
        (FieldKind::Bool, _) => view! {
            <select id=value_id.clone() data-testid="condition-value" on:change=move |ev| set_values(vec![event_target_value(&ev)])>
                <option value="true" selected=first == "true">{Msg::Yes.text(lang)}</option>
                <option value="false" selected=first == "false">{Msg::No.text(lang)}</option>
            </select>
        }
        .into_any(),
        (FieldKind::Date, _) => text_input("date", None, None, first.clone(), false),
        (FieldKind::Number, _) => text_input("text", Some("decimal"), None, first.clone(), false),
        _ => {
            let list = matches!(field, Field::Region | Field::City | Field::Tag).then(|| id("list"));
            let many = op == Op::In;
            let shown = if many { initial.join(", ") } else { first.clone() };
            text_input("text", None, list, shown, many)
        }
    };
    let suggestions = match field {
        Field::Region => Some(pop.get_untracked().regions()),
        Field::City => Some(pop.get_untracked().cities()),
        Field::Tag => Some(pop.get_untracked().tags()),
        _ => None,
    };
    let datalist = suggestions.map(|items| {
        view! { <datalist id=id("list")>{items.into_iter().map(|v| view! { <option value=v></option> }).collect_view()}</datalist> }
    });
    let is_group = matches!((field.kind(), op), (FieldKind::Choice, Op::In)) && field != Field::Tag;
    view! {
        <div class="cond-row" data-testid="condition" role="group" aria-label=move || Msg::SgConditionN.with(state.lang.get(), &[&(i + 1).to_string()])>
            {field_select}
            {op_select}
            <div class="field cond-value" class:invalid=move || error_value.get().is_some()>
                {(!is_group).then(|| view! { <label for=id("value")>{move || state.t(value_label)}</label> })}
                {is_group.then(|| view! { <span class="label">{move || state.t(value_label)}</span> })}
                {input}
                {datalist}
                {field.hint().map(|h| view! { <p class="hint">{move || state.t(h)}</p> })}
                <p class="field-error" id=err_id.clone() role="alert">{move || error_value.get()}</p>
            </div>
            <button type="button" class="button ghost remove" data-testid="remove-condition"
                on:click=move |_| edit_rules(draft, |r| { if let Some(gr) = r.groups.get_mut(g) { if i < gr.conditions.len() { gr.conditions.remove(i); } } })>
                <span aria-hidden="true">"✕ "</span>{move || state.t(Msg::SgRemoveCondition)}
            </button>
        </div>
    }
}
