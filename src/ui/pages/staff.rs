//! Staff (员工) and departments (部门): who owns customers and handles complaint steps.

use crate::edits;
use crate::i18n::{format_count, Msg};
use crate::model::org::DepartmentFunction;
use crate::model::validate::{validate_department, validate_staff, FieldError};
use crate::model::{Department, Id, IdMap, Record, Staff};
use crate::search::pinyin_sort_key;
use crate::ui::browser;
use crate::ui::components::field::{field_error, SelectField, TextField};
use crate::ui::state::use_app;
use leptos::prelude::*;

const FUNCTIONS: [DepartmentFunction; 7] = [
    DepartmentFunction::Sales,
    DepartmentFunction::AfterSales,
    DepartmentFunction::Quality,
    DepartmentFunction::Technical,
    DepartmentFunction::Logistics,
    DepartmentFunction::Finance,
    DepartmentFunction::Other,
];

fn function_label(f: DepartmentFunction) -> Msg {
    match f {
        DepartmentFunction::Sales => Msg::DfSales,
        DepartmentFunction::AfterSales => Msg::DfAfterSales,
        DepartmentFunction::Quality => Msg::DfQuality,
        DepartmentFunction::Technical => Msg::DfTechnical,
        DepartmentFunction::Logistics => Msg::DfLogistics,
        DepartmentFunction::Finance => Msg::DfFinance,
        DepartmentFunction::Other => Msg::DfOther,
    }
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let state = use_app();
    view! {
        <section class="page staff">
            <crate::ui::pages::admin_tabs::AdminTabs />
            <h1>{move || state.t(Msg::StaffTitle)}</h1>
            <StaffList />
            <DepartmentList />
        </section>
    }
}

#[component]
fn StaffList() -> impl IntoView {
    let state = use_app();
    let staff = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<Record<Staff>> = d.staff.live().cloned().collect();
            v.sort_by_cached_key(|s| (s.data.archived, pinyin_sort_key(&s.data.name)));
            v
        })
    });
    let owned = Memo::new(move |_| {
        state.data.with(|d| {
            let mut m: IdMap<usize> = IdMap::default();
            for c in d.active_customers() {
                if let Some(o) = c.data.owner {
                    *m.entry(o).or_default() += 1;
                }
            }
            m
        })
    });
    let departments = Memo::new(move |_| {
        state.data.with(|d| d.departments.live().map(|x| (x.id, x.data.name.clone())).collect::<IdMap<String>>())
    });
    let editing = RwSignal::new(None::<Option<Id>>);
    let pin_for = RwSignal::new(None::<Id>);
    let draft = RwSignal::new(Staff::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let open = move |id: Option<Id>| {
        draft.set(
            id.and_then(|id| state.data.with_untracked(|d| d.staff.get(&id).map(|s| s.data.clone())))
                .unwrap_or_default(),
        );
        errors.set(Vec::new());
        editing.set(Some(id));
    };
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        let mut s = draft.get_untracked();
        s.name = s.name.trim().to_string();
        let errs = validate_staff(&s);
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let current = target.and_then(|id| state.data.with_untracked(|d| d.staff.get(&id).cloned()));
        let batch = match current {
            Some(c) => edits::edit_staff(&c, &s, browser::new_id(), state.origin()),
            None => Some(edits::create_staff(browser::new_id(), s, state.origin())),
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
    };
    let toggle_left = move |r: Record<Staff>| {
        let mut s = r.data.clone();
        s.archived = !s.archived;
        if let Some(batch) = edits::edit_staff(&r, &s, browser::new_id(), state.origin()) {
            leptos::task::spawn_local(async move {
                let _ = state.commit(batch).await;
            });
        }
    };
    let dept_options = Signal::derive(move || {
        let mut v: Vec<(String, String)> =
            departments.get().iter().map(|(id, n)| (id.to_string(), n.clone())).collect();
        v.sort_by_cached_key(|x| pinyin_sort_key(&x.1));
        v.insert(0, (String::new(), state.t(Msg::NotSet).to_string()));
        v
    });
    let text = move |label: Msg,
                     name: &'static str,
                     field: &'static str,
                     get: fn(&Staff) -> String,
                     put: fn(&mut Staff, String)| {
        view! {
            <TextField label=label name=name
                value=Signal::derive(move || draft.with(get))
                on_input=Callback::new(move |v: String| draft.update(|s| put(s, v)))
                error=field_error(errors, field) />
        }
    };
    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::NavStaff)}</h2>
            <button class="button primary" data-testid="new-staff" on:click=move |_| open(None)>{move || state.t(Msg::NewStaff)}</button>
        </div>
        {move || editing.get().map(|_| view! {
            <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="grid">
                    {text(Msg::CName, "staff_name", "name", |s| s.name.clone(), |s, v| s.name = v)}
                    <SelectField label=Msg::StDepartment name="staff_department" options=dept_options
                        value=Signal::derive(move || draft.with(|s| s.department.map(|d| d.to_string()).unwrap_or_default()))
                        on_change=Callback::new(move |v: String| draft.update(|s| s.department = Id::parse(&v))) />
                    {text(Msg::CTitle, "staff_title", "title", |s| s.title.clone(), |s, v| s.title = v)}
                    {text(Msg::ColPhone, "staff_phone", "phone", |s| s.phone.clone(), |s, v| s.phone = v)}
                    {text(Msg::CEmail, "staff_email", "email", |s| s.email.clone(), |s, v| s.email = v)}
                </div>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                    <button type="submit" class="button primary" data-testid="save-staff">{move || state.t(Msg::Save)}</button>
                </div>
            </form>
        })}
        {move || pin_for.get().map(|id| view! {
            <super::staff_pin::PinForm staff=id on_done=Callback::new(move |_| pin_for.set(None)) />
        })}
        {move || {
            let lang = state.lang.get();
            let list = staff.get();
            if list.is_empty() {
                return view! { <p class="empty">{Msg::NoStaff.text(lang)}</p> }.into_any();
            }
            let owned = owned.get();
            let departments = departments.get();
            view! {
                <div class="table-wrap">
                    <table class="lines">
                        <thead><tr>
                            <th>{Msg::CName.text(lang)}</th>
                            <th>{Msg::StDepartment.text(lang)}</th>
                            <th>{Msg::CTitle.text(lang)}</th>
                            <th>{Msg::ColPhone.text(lang)}</th>
                            <th class="num">{Msg::StCustomers.text(lang)}</th>
                            <th><span class="visually-hidden">{Msg::Edit.text(lang)}</span></th>
                        </tr></thead>
                        <tbody>
                            {list.into_iter().map(|s| {
                                let id = s.id;
                                let rec = s.clone();
                                let dept = s.data.department.and_then(|d| departments.get(&d).cloned()).unwrap_or_default();
                                view! {
                                    <tr class:muted=s.data.archived data-testid="staff-row">
                                        <td>{s.data.name.clone()} {s.data.archived.then(|| view! { <span class="badge">{Msg::StLeft.text(lang)}</span> })}</td>
                                        <td>{dept}</td>
                                        <td>{s.data.title.clone()}</td>
                                        <td>{s.data.phone.clone()}</td>
                                        <td class="num">{format_count(owned.get(&id).copied().unwrap_or(0))}</td>
                                        <td class="row-actions">
                                            <button class="button ghost small" on:click=move |_| open(Some(id))>{Msg::Edit.text(lang)}</button>
                                            <button class="button ghost small" data-testid="staff-pin" on:click=move |_| pin_for.set(Some(id))>{Msg::PinButton.text(lang)}</button>
                                            <button class="button ghost small" on:click=move |_| toggle_left(rec.clone())>
                                                {if s.data.archived { Msg::StRejoin.text(lang) } else { Msg::StMarkLeft.text(lang) }}
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
    }
}

#[component]
fn DepartmentList() -> impl IntoView {
    let state = use_app();
    let departments = Memo::new(move |_| {
        state.data.with(|d| {
            let mut v: Vec<Record<Department>> = d.departments.live().cloned().collect();
            v.sort_by_cached_key(|d| pinyin_sort_key(&d.data.name));
            v
        })
    });
    let editing = RwSignal::new(None::<Option<Id>>);
    let draft = RwSignal::new(Department::default());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let open = move |id: Option<Id>| {
        draft.set(
            id.and_then(|id| state.data.with_untracked(|d| d.departments.get(&id).map(|x| x.data.clone())))
                .unwrap_or_default(),
        );
        errors.set(Vec::new());
        editing.set(Some(id));
    };
    let save = move || {
        let Some(target) = editing.get_untracked() else { return };
        let mut dep = draft.get_untracked();
        dep.name = dep.name.trim().to_string();
        let errs = validate_department(&dep);
        if !errs.is_empty() {
            errors.set(errs);
            return;
        }
        let current = target.and_then(|id| state.data.with_untracked(|d| d.departments.get(&id).cloned()));
        let batch = match current {
            Some(c) => edits::edit_department(&c, &dep, browser::new_id(), state.origin()),
            None => Some(edits::create_department(browser::new_id(), dep, state.origin())),
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
    };
    let function_options = Signal::derive(move || {
        let lang = state.lang.get();
        FUNCTIONS.iter().map(|f| (format!("{f:?}"), function_label(*f).text(lang).to_string())).collect()
    });
    view! {
        <div class="section-head">
            <h2>{move || state.t(Msg::Departments)}</h2>
            <button class="button" data-testid="new-department" on:click=move |_| open(None)>{move || state.t(Msg::NewDepartment)}</button>
        </div>
        {move || editing.get().map(|_| view! {
            <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="grid">
                    <TextField label=Msg::DName name="department_name"
                        value=Signal::derive(move || draft.with(|d| d.name.clone()))
                        on_input=Callback::new(move |v: String| draft.update(|d| d.name = v))
                        error=field_error(errors, "name") />
                    <SelectField label=Msg::DFunction name="department_function" options=function_options
                        value=Signal::derive(move || draft.with(|d| format!("{:?}", d.function)))
                        on_change=Callback::new(move |v: String| draft.update(|d| {
                            d.function = FUNCTIONS.into_iter().find(|f| format!("{f:?}") == v).unwrap_or_default()
                        })) />
                </div>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| editing.set(None)>{move || state.t(Msg::Cancel)}</button>
                    <button type="submit" class="button primary" data-testid="save-department">{move || state.t(Msg::Save)}</button>
                </div>
            </form>
        })}
        {move || {
            let lang = state.lang.get();
            let list = departments.get();
            if list.is_empty() {
                return view! { <p class="empty">{Msg::NoDepartments.text(lang)}</p> }.into_any();
            }
            view! {
                <ul class="plain-list">
                    {list.into_iter().map(|d| {
                        let id = d.id;
                        view! {
                            <li data-testid="department-row">
                                <strong>{d.data.name.clone()}</strong>
                                <span class="muted">{function_label(d.data.function).text(lang)}</span>
                                <span class="spacer"></span>
                                <button class="button ghost small" on:click=move |_| open(Some(id))>{Msg::Edit.text(lang)}</button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }
                .into_any()
        }}
    }
}
