//! The customer's scores, each with the numbers that produced it ("why is this customer At
//! risk?"), and the last 24 months of sales with the lifecycle stage month by month.

use crate::analytics::lifecycle::LifecycleRule;
use crate::analytics::CustomerScores;
use crate::i18n::{format_money, format_percent, Lang, Msg};
use crate::model::{Id, Money};
use crate::ui::charts::{LifecycleStrip, SalesHistory};
use crate::ui::pages::dashboard::ScoringStatus;
use crate::ui::state::use_app;
use crate::workspace::history::customer_history;
use crate::workspace::summary::STAGES;
use leptos::prelude::*;

fn name(lang: Lang, zh: &str, en: &str) -> String {
    if lang == Lang::Zh {
        zh.to_string()
    } else {
        en.to_string()
    }
}

fn rule_text(r: LifecycleRule) -> Msg {
    match r {
        LifecycleRule::RecentFirstPurchase => Msg::RuleRecentFirst,
        LifecycleRule::FewPurchaseDays => Msg::RuleFewDays,
        LifecycleRule::SalesFell => Msg::RuleSalesFell,
        LifecycleRule::ChurnSignal => Msg::RuleChurn,
        LifecycleRule::LowPAlive => Msg::RuleLowPAlive,
        LifecycleRule::SalesRose => Msg::RuleSalesRose,
        LifecycleRule::Steady => Msg::RuleSteady,
    }
}

fn yuan(v: f64, lang: Lang) -> String {
    format_money(Money((v * 100.0).round() as i64), "CNY", lang)
}

/// The "why" lines of every score, in the language.
fn why(s: &CustomerScores, lang: Lang, horizon: u32) -> Vec<(String, Vec<String>)> {
    let m = |msg: Msg, args: &[&str]| msg.with(lang, args);
    let money = |fen: i64| format_money(Money(fen), "CNY", lang);
    let mut out = Vec::new();
    if let Some(r) = &s.rfm {
        let seg = name(lang, r.segment.name_zh(), r.segment.name_en());
        let mut lines = vec![
            m(
                Msg::WhyRecency,
                &[
                    &r.recency_days.to_string(),
                    &r.r.score.to_string(),
                    &r.r.population.to_string(),
                    &r.r.worse.to_string(),
                ],
            ),
            m(
                Msg::WhyFrequency,
                &[
                    &r.frequency.to_string(),
                    &r.f.score.to_string(),
                    &r.f.population.to_string(),
                    &r.f.worse.to_string(),
                ],
            ),
            m(
                Msg::WhyMonetary,
                &[&money(r.monetary), &r.m.score.to_string(), &r.m.population.to_string(), &r.m.worse.to_string()],
            ),
            m(Msg::WhyRfCode, &[&r.rf_code().to_string(), &name(lang, r.rf_segment.name_zh(), r.rf_segment.name_en())]),
        ];
        if r.segment != r.rf_segment {
            let p = r.p_alive.map(format_percent).unwrap_or_default();
            lines.push(m(Msg::WhyLost, &[&p, &format_percent(r.lost_below)]));
        }
        out.push((m(Msg::WhyRfm, &[&seg]), lines));
    }
    if let Some(a) = &s.abc {
        let lines = match a.rank {
            Some(rank) => vec![m(
                Msg::WhyAbcNumbers,
                &[
                    &money(a.sales),
                    &rank.to_string(),
                    &format_percent(if a.total > 0 { a.cumulative_before as f64 / a.total as f64 } else { 0.0 }),
                    &format_percent(a.a_threshold),
                    &format_percent(a.b_threshold),
                ],
            )],
            None => vec![Msg::WhyAbcNone.text(lang).to_string()],
        };
        out.push((m(Msg::WhyAbc, &[a.class.letter()]), lines));
    }
    if let Some(l) = &s.lifecycle {
        let mut lines = vec![m(
            Msg::WhyStageNumbers,
            &[
                &l.days_since_first.to_string(),
                &l.purchase_days.to_string(),
                &money(l.recent_sales),
                &money(l.previous_sales),
            ],
        )];
        lines.push(rule_text(l.rule).text(lang).to_string());
        out.push((m(Msg::WhyStage, &[&name(lang, l.stage.name_zh(), l.stage.name_en())]), lines));
    }
    if let Some(c) = &s.churn {
        let state = if c.fired { Msg::ChurnFired } else { Msg::ChurnQuiet };
        out.push((
            Msg::ChurnFired.text(lang).to_string(),
            vec![m(
                Msg::WhyChurn,
                &[
                    &c.days_since_last.to_string(),
                    &format!("{:.0}", c.median_interval_days),
                    &format!("{}", c.multiple),
                    state.text(lang),
                ],
            )],
        ));
    }
    if let Some(b) = &s.bgnbd {
        out.push((
            m(
                Msg::WhyBgnbd,
                &[&format_percent(b.p_alive), &horizon.to_string(), &format!("{:.2}", b.expected_purchases)],
            ),
            vec![m(
                Msg::WhyBgnbdNumbers,
                &[
                    &format!("{:.0}", b.x),
                    &format!("{:.1}", b.t_x),
                    &format!("{:.1}", b.t),
                    &format!("{:.3}", b.params.r),
                    &format!("{:.3}", b.params.alpha),
                    &format!("{:.3}", b.params.a),
                    &format!("{:.3}", b.params.b),
                ],
            )],
        ));
    }
    if let Some(sp) = &s.spend {
        out.push((
            Msg::ColClv.text(lang).to_string(),
            vec![m(
                Msg::WhySpend,
                &[
                    &yuan(sp.expected_spend, lang),
                    &yuan(sp.zbar, lang),
                    &format!("{:.0}", sp.x),
                    &yuan(sp.population_mean, lang),
                    &format_percent(sp.weight_on_own_mean),
                ],
            )],
        ));
    }
    if let Some(v) = &s.clv {
        let margin = v.margin_rate.map(|r| m(Msg::WhyClvMargin, &[&format_percent(r)])).unwrap_or_default();
        let purchases: f64 = v.monthly_purchases.iter().sum();
        let line = m(
            Msg::WhyClv,
            &[
                &yuan(v.clv, lang),
                &v.monthly_purchases.len().to_string(),
                &format!("{purchases:.2}"),
                &yuan(v.spend_per_purchase, lang),
                &margin,
                &format_percent(v.discount_rate),
            ],
        );
        match out.last_mut() {
            Some((title, lines)) if *title == Msg::ColClv.text(lang) => lines.push(line),
            _ => out.push((Msg::ColClv.text(lang).to_string(), vec![line])),
        }
    }
    out
}

#[component]
pub fn ScoresSection(customer: Id) -> impl IntoView {
    let state = use_app();
    let a = state.analysis;
    a.ensure();
    // Ask the worker for this customer's explanation whenever a (new) result is in.
    Effect::new(move |_| {
        if a.result.get().is_some() {
            a.explain(customer);
        }
    });
    let mine = Memo::new(move |_| a.explained.get().filter(|(id, _)| *id == customer).map(|(_, s)| s));
    let history = Memo::new(move |_| {
        let r = a.result.get()?;
        let params = mine.get().flatten().and_then(|s| s.bgnbd.map(|b| b.params));
        let as_of = r.period.1;
        Some(state.data.with(|d| customer_history(d, &customer, as_of, 24, params, 7.0, Default::default())))
    });
    view! {
        <section class="page section" aria-labelledby="scores-h" data-testid="scores">
            <h2 id="scores-h">{move || state.t(Msg::ScoresTitle)}</h2>
            <ScoringStatus />
            {move || {
                let lang = state.lang.get();
                let horizon = a.settings.with(|s| s.horizon_weeks);
                match mine.get() {
                    None => None,
                    Some(None) => Some(view! { <p class="empty">{Msg::ScoresOutOfScope.text(lang)}</p> }.into_any()),
                    Some(Some(s)) if !s.in_scope => Some(view! { <p class="empty">{Msg::ScoresOutOfScope.text(lang)}</p> }.into_any()),
                    Some(Some(s)) => {
                        let blocks = why(&s, lang, horizon);
                        let none = s.rfm.is_none();
                        Some(view! {
                            {none.then(|| view! { <p class="muted">{Msg::ScoresNoPurchase.text(lang)}</p> })}
                            <div class="why-grid">
                                {blocks.into_iter().map(|(title, lines)| view! {
                                    <div class="why" data-testid="why">
                                        <h3>{title}</h3>
                                        <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                                    </div>
                                }).collect_view()}
                            </div>
                        }.into_any())
                    }
                }
            }}
            {move || history.get().map(|months| {
                let lang = state.lang.get();
                let sales: Vec<(i32, u32, f64)> = months.iter().map(|m| (m.year, m.month, m.sales as f64 / 100.0)).collect();
                let last = months.last().map(|m| (m.year, m.month)).unwrap_or((2000, 1));
                let stages: Vec<(i32, u32, Option<u8>)> = months
                    .iter()
                    .map(|m| (m.year, m.month, m.stage.map(|s| STAGES.iter().position(|x| *x == s).unwrap_or(0) as u8)))
                    .collect();
                let names: Vec<String> = STAGES.iter().map(|s| name(lang, s.name_zh(), s.name_en())).collect();
                view! {
                    <h3>{Msg::SalesHistoryTitle.text(lang)}</h3>
                    <div data-testid="sales-history">
                        <SalesHistory
                            label=Msg::SalesHistoryTitle.text(lang).to_string()
                            series_label=Msg::SAmount.text(lang).to_string()
                            months=sales
                            through=last
                            lang=state.lang
                            format=Callback::new(|v: f64| format!("¥{}", crate::charts::format::grouped(v, 2)))
                        />
                    </div>
                    <div data-testid="stage-strip">
                        <LifecycleStrip label=Msg::LifecycleTitle.text(lang).to_string() months=stages stages=names lang=state.lang />
                    </div>
                }
            })}
        </section>
    }
}
