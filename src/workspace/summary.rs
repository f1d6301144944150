//! What the screens show after a scoring run, computed in the worker from the engine's scores
//! and the firm's data: the dashboard's figures and the per-customer score table.

use super::protocol::AnalysisSettings;
use crate::analytics::abc::AbcClass;
use crate::analytics::lifecycle::LifecycleStage;
use crate::analytics::rfm::RfmSegment;
use crate::analytics::Scores;
use crate::model::{Dataset, Id};
use crate::scoring::{engine_day, Indexing};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Stable one-byte codes for the engine's enums in the compact table (0 = none).
pub fn segment_code(s: RfmSegment) -> u8 {
    RfmSegment::ALL.iter().position(|x| *x == s).map_or(0, |i| i as u8 + 1)
}

pub fn segment_of_code(code: u8) -> Option<RfmSegment> {
    code.checked_sub(1).and_then(|i| RfmSegment::ALL.get(usize::from(i)).copied())
}

pub const STAGES: [LifecycleStage; 4] =
    [LifecycleStage::Exploration, LifecycleStage::Formation, LifecycleStage::Stability, LifecycleStage::Decline];

pub fn stage_code(s: LifecycleStage) -> u8 {
    STAGES.iter().position(|x| *x == s).map_or(0, |i| i as u8 + 1)
}

pub fn stage_of_code(code: u8) -> Option<LifecycleStage> {
    code.checked_sub(1).and_then(|i| STAGES.get(usize::from(i)).copied())
}

pub fn class_code(c: AbcClass) -> u8 {
    match c {
        AbcClass::A => 1,
        AbcClass::B => 2,
        AbcClass::C => 3,
    }
}

pub fn class_of_code(code: u8) -> Option<AbcClass> {
    match code {
        1 => Some(AbcClass::A),
        2 => Some(AbcClass::B),
        3 => Some(AbcClass::C),
        _ => None,
    }
}

/// Every customer's scores, column by column (compact to send from the worker). Row `i` is the
/// customer `ids[i]`. Codes: see [`segment_code`], [`stage_code`], [`class_code`]; 0 = none.
/// Floats are NaN where the model gives nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerTable {
    pub ids: Vec<Id>,
    pub in_scope: Vec<bool>,
    /// Net sales in the period, fen.
    pub net_sales: Vec<i64>,
    /// R, F, M scores (0 = no purchase in the period).
    pub rfm: Vec<[u8; 3]>,
    pub segment: Vec<u8>,
    pub abc: Vec<u8>,
    pub lifecycle: Vec<u8>,
    pub active: Vec<bool>,
    pub churn: Vec<bool>,
    /// The churn signal's median days between purchase days (NaN: fewer than two), and the
    /// multiple it fires at: what the early-warning rules read (`risk::Signals::from_table`).
    pub median_interval: Vec<f32>,
    pub churn_multiple: f64,
    pub p_alive: Vec<f32>,
    pub expected_purchases: Vec<f32>,
    pub clv: Vec<f32>,
    /// Share of the period's sales, 0..1.
    pub share: Vec<f32>,
}

impl CustomerTable {
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

/// The customers a score filter selects (the dashboard's links into the customer list). Key
/// accounts and saved segments also read the customers' own fields (marks by hand, regions,
/// tags…), which this table does not hold: they select no one here, and
/// `crate::segments::select` answers every filter.
pub fn select(result: &ScoreResult, filter: crate::search::ScoreFilter) -> crate::model::IdMap<()> {
    use crate::search::ScoreFilter as F;
    let t = &result.customers;
    let keep = |i: usize| match filter {
        F::Segment(s) => t.segment[i] == s,
        F::Rf(r, f) => t.rfm[i][0] == r && t.rfm[i][1] == f,
        F::Class(c) => t.abc[i] == c,
        F::Stage(s) => t.lifecycle[i] == s,
        F::AtRisk | F::KeyAccounts | F::Saved(_) => false,
    };
    let mut out: crate::model::IdMap<()> =
        (0..t.len()).filter(|&i| t.in_scope[i] && keep(i)).map(|i| (t.ids[i], ())).collect();
    if filter == F::AtRisk {
        out.extend(result.dashboard.at_risk.iter().map(|a| (a.id, ())));
    }
    out
}

/// One customer on the "key accounts at risk" list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AtRisk {
    pub id: Id,
    pub net_sales: i64,
    pub segment: u8,
    pub lifecycle: u8,
    pub p_alive: f32,
    pub churn: bool,
}

/// A product's line in the product mix (names are looked up by the page).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProductLine {
    pub product: Option<Id>,
    pub sales: i64,
    pub cost: i64,
    pub quantity: f64,
    pub share: f64,
    pub cumulative_share: f64,
    pub margin_rate: Option<f64>,
    pub turnover: Option<f64>,
    pub cross_ratio: Option<f64>,
    pub contribution_ratio: Option<f64>,
}

/// Customers and sales by customer type (index into `CustomerType::ALL`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeLine {
    pub customer_type: Option<u32>,
    pub customers: u32,
    pub sales: i64,
    pub share: f64,
}

/// The dashboard's figures.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub customers_all: u32,
    pub customers_active: u32,
    /// Net sales in the period and in the period before, fen.
    pub sales_period: i64,
    pub sales_previous: i64,
    pub abc_counts: [u32; 3],
    pub abc_sales: [i64; 3],
    /// Share of sales made by the top 20% of customers.
    pub top_share: f64,
    /// Share of the previous period's buyers who bought again in this period.
    pub retention: Option<f64>,
    /// Share of this period's buyers with two or more purchase days in it.
    pub repeat_rate: Option<f64>,
    pub lifecycle: [u32; 4],
    /// (segment code, customers) for every segment, in `RfmSegment::ALL` order.
    pub segments: Vec<(u8, u32)>,
    /// Customers by R (row 0 = R1) and F (column 0 = F1) score.
    pub rfm_grid: [[u32; 5]; 5],
    /// Expected sales over the horizon and the total CLV, in yuan (None without fitted models).
    pub expected_sales: Option<f64>,
    pub total_clv: Option<f64>,
    pub horizon_weeks: u32,
    pub at_risk: Vec<AtRisk>,
    /// Net sales per month, the last 24 months up to the as-of date: (year, month, fen).
    pub monthly: Vec<(i32, u32, i64)>,
    /// Pareto curve, downsampled: (customer share, sales share).
    pub pareto: Vec<(f32, f32)>,
    pub abc_a: f64,
    pub abc_b: f64,
    /// Customers and net sales in the period by province (from the address, else the city or
    /// region), provinces with neither left out, in code order.
    pub provinces: Vec<ProvinceFigure>,
    /// Customers in scope whose address names no province.
    pub province_unknown: u32,
}

/// One province on the dashboard's map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ProvinceFigure {
    /// The province's administrative code (`charts::Province::code`).
    pub code: u32,
    /// Customers in scope located there.
    pub customers: u32,
    /// Their net sales in the period, fen (customers with net sales ≤ 0 add nothing).
    pub sales: i64,
}

/// Everything a scoring run sends to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreResult {
    pub settings: AnalysisSettings,
    pub period: (NaiveDate, NaiveDate),
    pub previous: (NaiveDate, NaiveDate),
    pub dashboard: Dashboard,
    pub customers: CustomerTable,
    pub products: Vec<ProductLine>,
    pub composition: Vec<TypeLine>,
    /// Why a model could not be fitted (None when it was).
    pub bgnbd_error: Option<String>,
    pub gamma_gamma_error: Option<String>,
    pub clv_on_margin: bool,
}

fn nan_or(v: Option<f64>) -> f32 {
    v.map_or(f32::NAN, |x| x as f32)
}

/// Builds the screens' data from a scoring run.
pub fn summarise(
    data: &Dataset,
    ix: &Indexing,
    scores: &Scores,
    settings: &AnalysisSettings,
    today: NaiveDate,
) -> ScoreResult {
    let period = settings.period(today);
    let previous = settings.previous_period(today);
    let n = ix.customers.len();
    let mut t =
        CustomerTable { churn_multiple: scores.settings.lifecycle.churn_interval_multiple, ..Default::default() };
    let total: i64 = scores.customers.iter().filter(|c| c.in_scope).map(|c| c.net_sales.max(0)).sum();
    for (i, c) in scores.customers.iter().enumerate() {
        t.ids.push(ix.customers[i]);
        t.in_scope.push(c.in_scope);
        t.net_sales.push(c.net_sales);
        t.rfm.push(c.rfm.as_ref().map_or([0; 3], |r| [r.r.score, r.f.score, r.m.score]));
        t.segment.push(c.rfm.as_ref().map_or(0, |r| segment_code(r.segment)));
        t.abc.push(c.abc.as_ref().map_or(0, |a| class_code(a.class)));
        t.lifecycle.push(c.lifecycle.as_ref().map_or(0, |l| stage_code(l.stage)));
        t.active.push(c.active.unwrap_or(false));
        t.churn.push(c.churn.as_ref().is_some_and(|s| s.fired));
        t.median_interval.push(nan_or(c.churn.as_ref().map(|s| s.median_interval_days)));
        t.p_alive.push(nan_or(c.bgnbd.as_ref().map(|b| b.p_alive)));
        t.expected_purchases.push(nan_or(c.bgnbd.as_ref().map(|b| b.expected_purchases)));
        t.clv.push(nan_or(c.clv.as_ref().map(|v| v.clv)));
        t.share.push(if total > 0 { (c.net_sales.max(0) as f64 / total as f64) as f32 } else { 0.0 });
    }

    let mut d = Dashboard {
        customers_all: t.in_scope.iter().filter(|x| **x).count() as u32,
        customers_active: t.in_scope.iter().zip(&t.active).filter(|(s, a)| **s && **a).count() as u32,
        abc_counts: scores.abc.class_counts,
        abc_sales: scores.abc.class_sales,
        top_share: scores.abc.top.share,
        horizon_weeks: settings.horizon_weeks,
        abc_a: settings.abc_a_pct / 100.0,
        abc_b: settings.abc_b_pct / 100.0,
        ..Dashboard::default()
    };
    for i in 0..n {
        if !t.in_scope[i] {
            continue;
        }
        if let Some(stage) = stage_of_code(t.lifecycle[i]) {
            d.lifecycle[STAGES.iter().position(|s| *s == stage).unwrap_or(0)] += 1;
        }
        let [r, f, _] = t.rfm[i];
        if (1..=5).contains(&r) && (1..=5).contains(&f) {
            d.rfm_grid[usize::from(r - 1)][usize::from(f - 1)] += 1;
        }
    }
    d.segments = RfmSegment::ALL
        .iter()
        .map(|s| {
            let code = segment_code(*s);
            (code, (0..n).filter(|&i| t.in_scope[i] && t.segment[i] == code).count() as u32)
        })
        .collect();
    if scores.bgnbd.is_ok() {
        let spend = |c: &crate::analytics::CustomerScores| c.spend.as_ref().map(|s| s.expected_spend);
        d.expected_sales = Some(
            scores
                .customers
                .iter()
                .filter(|c| c.in_scope)
                .filter_map(|c| Some(c.bgnbd.as_ref()?.expected_purchases * spend(c)?))
                .sum(),
        );
        let clv: Vec<f64> = scores.customers.iter().filter_map(|c| c.clv.as_ref().map(|v| v.clv)).collect();
        d.total_clv = (!clv.is_empty()).then(|| clv.iter().sum());
    }

    // Sales by month, this and the previous period, retention and repeat purchases: one pass.
    let scope_branch = settings.branch;
    let in_scope = |id: &Id| ix.customer(id).is_some_and(|i| t.in_scope[i as usize]);
    let (p0, p1) = (engine_day(period.0), engine_day(period.1));
    let (q0, q1) = (engine_day(previous.0), engine_day(previous.1));
    // Month numbers as year × 12 + month − 1; the chart shows the 24 months up to the as-of date.
    let first_month = period.1.year() * 12 + period.1.month0() as i32 - 23;
    let mut monthly = [0i64; 24];
    let mut bought_prev = vec![false; n];
    let mut first_day = vec![i32::MAX; n];
    let mut last_day = vec![i32::MIN; n];
    for line in data.sales.live() {
        let s = &line.data;
        if scope_branch.is_some() && !in_scope(&s.customer) {
            continue;
        }
        let Some(ci) = ix.customer(&s.customer) else { continue };
        let ci = ci as usize;
        let day = engine_day(s.date);
        let m = s.date.year() * 12 + s.date.month0() as i32 - first_month;
        if (0..24).contains(&m) && day <= p1 {
            monthly[m as usize] += s.amount.0;
        }
        if (p0..=p1).contains(&day) {
            d.sales_period += s.amount.0;
            if !s.is_return() {
                first_day[ci] = first_day[ci].min(day);
                last_day[ci] = last_day[ci].max(day);
            }
        } else if (q0..=q1).contains(&day) {
            d.sales_previous += s.amount.0;
            if !s.is_return() {
                bought_prev[ci] = true;
            }
        }
    }
    d.monthly = (0..24)
        .map(|k| {
            let m = first_month + k as i32;
            (m.div_euclid(12), m.rem_euclid(12) as u32 + 1, monthly[k])
        })
        .collect();
    let buyers = (0..n).filter(|&i| first_day[i] != i32::MAX).count();
    let prev_buyers = bought_prev.iter().filter(|b| **b).count();
    let returned = (0..n).filter(|&i| bought_prev[i] && first_day[i] != i32::MAX).count();
    d.retention = (prev_buyers > 0).then(|| returned as f64 / prev_buyers as f64);
    d.repeat_rate = (buyers > 0).then(|| {
        (0..n).filter(|&i| first_day[i] != i32::MAX && last_day[i] > first_day[i]).count() as f64 / buyers as f64
    });

    // Key accounts (A class, plus marked by hand, minus unmarked by hand) that are slipping.
    let mut at_risk: Vec<AtRisk> = Vec::new();
    for i in 0..n {
        if !t.in_scope[i] {
            continue;
        }
        let Some(c) = data.customers.get(&t.ids[i]) else { continue };
        let key = c.data.key_account.unwrap_or(t.abc[i] == class_code(AbcClass::A));
        let slipping = matches!(
            segment_of_code(t.segment[i]),
            Some(
                RfmSegment::AtRisk
                    | RfmSegment::CantLoseThem
                    | RfmSegment::Hibernating
                    | RfmSegment::Lost
                    | RfmSegment::AboutToSleep
            )
        ) || stage_of_code(t.lifecycle[i]) == Some(LifecycleStage::Decline)
            || t.churn[i];
        if key && slipping {
            at_risk.push(AtRisk {
                id: t.ids[i],
                net_sales: scores.abc.customers[i].as_ref().map_or(t.net_sales[i], |a| a.sales),
                segment: t.segment[i],
                lifecycle: t.lifecycle[i],
                p_alive: t.p_alive[i],
                churn: t.churn[i],
            });
        }
    }
    at_risk.sort_by(|a, b| b.net_sales.cmp(&a.net_sales).then(a.id.cmp(&b.id)));
    at_risk.truncate(20);
    d.at_risk = at_risk;
    (d.provinces, d.province_unknown) = provinces(data, &t);

    // The Pareto curve, thinned to about 200 points for the chart.
    let curve = &scores.abc.curve;
    let step = (curve.len() / 200).max(1);
    d.pareto = curve
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i + 1 == curve.len())
        .map(|(_, p)| (p.customer_share as f32, p.sales_share as f32))
        .collect();

    let products = scores
        .product_mix
        .products
        .iter()
        .map(|p| ProductLine {
            product: ix.products.get(p.product as usize).copied(),
            sales: p.sales,
            cost: p.cost,
            quantity: p.quantity,
            share: p.share,
            cumulative_share: p.cumulative_share,
            margin_rate: p.margin_rate,
            turnover: p.turnover.as_ref().map(|t| t.rate),
            cross_ratio: p.cross_ratio,
            contribution_ratio: p.contribution_ratio,
        })
        .collect();
    let composition = scores
        .composition
        .iter()
        .map(|c| TypeLine { customer_type: c.kind, customers: c.customers, sales: c.sales, share: c.share })
        .collect();
    ScoreResult {
        settings: settings.clone(),
        period,
        previous,
        dashboard: d,
        customers: t,
        products,
        composition,
        bgnbd_error: scores.bgnbd.as_ref().err().map(|e| e.to_string()),
        gamma_gamma_error: scores.gamma_gamma.as_ref().err().map(|e| e.to_string()),
        clv_on_margin: matches!(scores.clv_basis, crate::analytics::clv::ClvBasis::Margin),
    }
}

/// Customers and period sales by province, read from each customer's address (else city, else
/// region) once per scoring, here in the worker rather than on the page.
fn provinces(data: &Dataset, t: &CustomerTable) -> (Vec<ProvinceFigure>, u32) {
    use crate::charts::province_of_text;
    let mut by_code: std::collections::BTreeMap<u32, ProvinceFigure> = Default::default();
    let mut unknown = 0;
    for i in 0..t.len() {
        if !t.in_scope[i] {
            continue;
        }
        let Some(c) = data.customers.get(&t.ids[i]) else { continue };
        let found = province_of_text(&c.data.address)
            .or_else(|| province_of_text(&c.data.city))
            .or_else(|| province_of_text(&c.data.region));
        let Some(p) = found else {
            unknown += 1;
            continue;
        };
        let f = by_code.entry(p.code()).or_insert(ProvinceFigure { code: p.code(), ..ProvinceFigure::default() });
        f.customers += 1;
        f.sales += t.net_sales[i].max(0);
    }
    (by_code.into_values().collect(), unknown)
}
