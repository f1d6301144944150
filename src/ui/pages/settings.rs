//! 分析设置: period, as-of date, branch, ABC thresholds, RFM levels, CLV horizon and discount.
//! Applying re-scores in the worker; every analysis view follows the new result.

use crate::i18n::Msg;
use crate::model::validate::parse_date;
use crate::ui::components::field::{SelectField, TextField};
use crate::ui::pages::dashboard::ScoringStatus;
use crate::ui::state::use_app;
use crate::workspace::AnalysisSettings;
use leptos::prelude::*;

/// The settings form as typed.
#[derive(Clone, Debug, Default, PartialEq)]
struct Form {
    as_of: String,
    period_months: String,
    branch: String,
    abc_a: String,
    abc_b: String,
    bins: String,
    horizon: String,
    clv_months: String,
    discount: String,
}

/// A field's name, its message and the message's arguments.
type FieldProblem = (&'static str, Msg, Vec<String>);

impl Form {
    fn from(s: &AnalysisSettings) -> Form {
        Form {
            as_of: s.as_of.map(|d| d.to_string()).unwrap_or_default(),
            period_months: s.period_months.to_string(),
            branch: s.branch.map(|b| b.to_string()).unwrap_or_default(),
            abc_a: s.abc_a_pct.to_string(),
            abc_b: s.abc_b_pct.to_string(),
            bins: s.rfm_bins.to_string(),
            horizon: s.horizon_weeks.to_string(),
            clv_months: s.clv_months.to_string(),
            discount: s.discount_pct_per_month.to_string(),
        }
    }

    /// The settings, or the first problem in each field.
    fn parse(&self) -> Result<AnalysisSettings, Vec<FieldProblem>> {
        let mut errs = Vec::new();
        let mut num = |field: &'static str, text: &str, lo: f64, hi: f64| -> f64 {
            match text.trim().parse::<f64>() {
                Ok(v) if v >= lo && v <= hi => v,
                _ => {
                    errs.push((field, Msg::VBetween, vec![lo.to_string(), hi.to_string()]));
                    lo
                }
            }
        };
        let period_months = num("period_months", &self.period_months, 1.0, 120.0) as u32;
        let abc_a_pct = num("abc_a", &self.abc_a, 1.0, 99.0);
        let abc_b_pct = num("abc_b", &self.abc_b, 2.0, 100.0);
        let rfm_bins = num("bins", &self.bins, 2.0, 10.0) as u8;
        let horizon_weeks = num("horizon", &self.horizon, 1.0, 520.0) as u32;
        let clv_months = num("clv_months", &self.clv_months, 1.0, 120.0) as u32;
        let discount_pct_per_month = num("discount", &self.discount, 0.0, 10.0);
        if abc_b_pct <= abc_a_pct {
            errs.push(("abc_b", Msg::VAbcOrder, Vec::new()));
        }
        let as_of = if self.as_of.trim().is_empty() {
            None
        } else {
            match parse_date(&self.as_of) {
                Some(d) => Some(d),
                None => {
                    errs.push(("as_of", Msg::VDate, Vec::new()));
                    None
                }
            }
        };
        if !errs.is_empty() {
            return Err(errs);
        }
        Ok(AnalysisSettings {
            as_of,
            period_months,
            branch: crate::model::Id::parse(&self.branch),
            abc_a_pct,
            abc_b_pct,
            rfm_bins,
            horizon_weeks,
            clv_months,
            discount_pct_per_month,
        })
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    let form = RwSignal::new(Form::from(&a.settings.get_untracked()));
    let errors = RwSignal::new(Vec::<(&'static str, Msg, Vec<String>)>::new());
    let error_of = move |field: &'static str| {
        Signal::derive(move || {
            let lang = state.lang.get();
            errors.with(|es| {
                es.iter().find(|e| e.0 == field).map(|(_, m, args)| {
                    let args: Vec<&str> = args.iter().map(String::as_str).collect();
                    m.with(lang, &args)
                })
            })
        })
    };
    let apply = move || match form.get_untracked().parse() {
        Ok(s) => {
            errors.set(Vec::new());
            a.set_settings(s);
        }
        Err(e) => errors.set(e),
    };
    let field = move |label: Msg,
                      name: &'static str,
                      get: fn(&Form) -> String,
                      put: fn(&mut Form, String),
                      input_type: &'static str| {
        view! {
            <TextField label=label name=name input_type=input_type input_mode=if input_type == "date" { "" } else { "decimal" }
                value=Signal::derive(move || form.with(get))
                on_input=Callback::new(move |v: String| form.update(|f| put(f, v)))
                error=error_of(name) />
        }
    };
    let branches = Signal::derive(move || {
        let mut v: Vec<(String, String)> =
            state.data.with(|d| d.branches.live().map(|b| (b.id.to_string(), b.data.name.clone())).collect());
        v.sort_by(|x, y| x.1.cmp(&y.1));
        v.insert(0, (String::new(), state.t(Msg::AllBranches).to_string()));
        v
    });
    let periods =
        Signal::derive(move || ["3", "6", "12", "24", "36"].iter().map(|p| (p.to_string(), p.to_string())).collect());
    view! {
        <section class="page settings">
            <h1>{move || state.t(Msg::NavSettings)}</h1>
            <ScoringStatus />
            <form class="card" novalidate=true on:submit=move |ev| { ev.prevent_default(); apply(); }>
                <div class="grid">
                    {field(Msg::SetAsOf, "as_of", |f| f.as_of.clone(), |f, v| f.as_of = v, "date")}
                    <SelectField label=Msg::SetPeriod name="period_months" options=periods
                        value=Signal::derive(move || form.with(|f| f.period_months.clone()))
                        on_change=Callback::new(move |v: String| form.update(|f| f.period_months = v))
                        error=error_of("period_months") />
                    <SelectField label=Msg::Branch name="branch" options=branches
                        value=Signal::derive(move || form.with(|f| f.branch.clone()))
                        on_change=Callback::new(move |v: String| form.update(|f| f.branch = v)) />
                    {field(Msg::SetAbcA, "abc_a", |f| f.abc_a.clone(), |f, v| f.abc_a = v, "text")}
                    {field(Msg::SetAbcB, "abc_b", |f| f.abc_b.clone(), |f, v| f.abc_b = v, "text")}
                    {field(Msg::SetRfmBins, "bins", |f| f.bins.clone(), |f, v| f.bins = v, "text")}
                    {field(Msg::SetHorizon, "horizon", |f| f.horizon.clone(), |f, v| f.horizon = v, "text")}
                    {field(Msg::SetClvMonths, "clv_months", |f| f.clv_months.clone(), |f, v| f.clv_months = v, "text")}
                    {field(Msg::SetDiscount, "discount", |f| f.discount.clone(), |f, v| f.discount = v, "text")}
                </div>
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| form.set(Form::from(&AnalysisSettings::default()))>
                        {move || state.t(Msg::SetReset)}
                    </button>
                    <button type="submit" class="button primary" data-testid="apply-settings">{move || state.t(Msg::SetApply)}</button>
                </div>
            </form>
            <p class="muted help">{move || state.t(Msg::SetHelp)}</p>
        </section>
    }
}
