//! Satisfaction surveys (客户满意度, DOMAIN.md §8): the five levels and their scores, the
//! satisfaction index (满意度) and rate (满意率), results per survey, item, customer, respondent
//! and period, the overall figure (40% self-assessment + 60% survey), the competitor
//! comparison, the list of "dissatisfied" items, the average-advanced (平均先进) targets and the
//! rule that a result below target opens an improvement plan.
//!
//! - index = Σ scores / (answers × 10), scores 10/8/6/4/2 for the levels very satisfied …
//!   very dissatisfied;
//! - rate = answers at "basically satisfied" or better / answers;
//! - overall = self-assessment weight × the self-assessment's figure + survey weight × the
//!   survey's figure (settings, 40 / 60), for the index and the rate alike. When only one part
//!   has answers, the overall figure is that part's, marked incomplete.
//!
//! Every answer counts once: a form with seven items answered adds seven answers. Competitor
//! forms (`about_competitor` set) never enter our own figures; they are compared separately.
//! Forms are facts: correcting one is deleting it and entering it again.

use super::period::{Granularity, Period};
use super::settings::ServiceSettings;
use crate::i18n::{Lang, Msg};
use crate::model::service::{ImprovementPlan, Respondent, SurveyItem, SurveyResponse, SurveyTemplate};
use crate::model::{Dataset, Fact, Id, IdMap};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The five answers of the form, stored as their value 1–5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Level {
    /// 很不满意, 2 points.
    VeryDissatisfied = 1,
    /// 不满意, 4 points.
    Dissatisfied = 2,
    /// 基本满意, 6 points.
    Basic = 3,
    /// 满意, 8 points.
    Satisfied = 4,
    /// 很满意, 10 points.
    VerySatisfied = 5,
}

impl Level {
    /// Best first, as the form lists them.
    pub const ALL: [Level; 5] =
        [Level::VerySatisfied, Level::Satisfied, Level::Basic, Level::Dissatisfied, Level::VeryDissatisfied];

    /// The stored value, 1 (very dissatisfied) … 5 (very satisfied).
    pub fn value(self) -> u8 {
        self as u8
    }

    pub fn from_value(value: u8) -> Option<Level> {
        match value {
            1 => Some(Level::VeryDissatisfied),
            2 => Some(Level::Dissatisfied),
            3 => Some(Level::Basic),
            4 => Some(Level::Satisfied),
            5 => Some(Level::VerySatisfied),
            _ => None,
        }
    }

    /// Quick entry, one key per item: the digit of the level's value (`5` very satisfied …
    /// `1` very dissatisfied).
    pub fn from_key(key: char) -> Option<Level> {
        key.to_digit(10).and_then(|d| Level::from_value(d as u8))
    }

    /// The score of §8: 10, 8, 6, 4, 2.
    pub fn score(self) -> u32 {
        2 * u32::from(self.value())
    }

    /// "Basically satisfied" or better: counts for the satisfaction rate.
    pub fn is_satisfied(self) -> bool {
        self >= Level::Basic
    }

    /// "Dissatisfied" or "very dissatisfied": listed for correction.
    pub fn is_dissatisfied(self) -> bool {
        self <= Level::Dissatisfied
    }

    pub fn label(self) -> Msg {
        match self {
            Level::VerySatisfied => Msg::SvLevel5,
            Level::Satisfied => Msg::SvLevel4,
            Level::Basic => Msg::SvLevel3,
            Level::Dissatisfied => Msg::SvLevel2,
            Level::VeryDissatisfied => Msg::SvLevel1,
        }
    }
}

/// Answers counted by level.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// `counts[v - 1]` answers at level value `v`.
    pub counts: [u32; 5],
}

impl Tally {
    /// A tally from counts given best first: very satisfied, satisfied, basic, dissatisfied,
    /// very dissatisfied (the order of the source's worked example).
    pub fn from_best_first(counts: [u32; 5]) -> Tally {
        let [a, b, c, d, e] = counts;
        Tally { counts: [e, d, c, b, a] }
    }

    pub fn add(&mut self, level: Level) {
        self.counts[usize::from(level.value() - 1)] += 1;
    }

    /// Adds a stored answer value; values outside 1–5 are not answers and are skipped.
    pub fn add_value(&mut self, value: u8) {
        if let Some(l) = Level::from_value(value) {
            self.add(l);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            *a += b;
        }
    }

    pub fn count(&self, level: Level) -> u32 {
        self.counts[usize::from(level.value() - 1)]
    }

    pub fn answers(&self) -> u32 {
        self.counts.iter().sum()
    }

    pub fn score_sum(&self) -> u32 {
        Level::ALL.iter().map(|&l| l.score() * self.count(l)).sum()
    }

    /// Answers at "basically satisfied" or better.
    pub fn satisfied(&self) -> u32 {
        Level::ALL.iter().filter(|l| l.is_satisfied()).map(|&l| self.count(l)).sum()
    }

    /// Answers at "dissatisfied" or "very dissatisfied".
    pub fn dissatisfied(&self) -> u32 {
        self.answers() - self.satisfied()
    }

    /// Satisfaction index 满意度 = Σ scores / (answers × 10), 0–1; `None` without answers.
    pub fn index(&self) -> Option<f64> {
        let n = self.answers();
        (n > 0).then(|| f64::from(self.score_sum()) / (f64::from(n) * 10.0))
    }

    /// Satisfaction rate 满意率 = answers at "basically satisfied" or better / answers, 0–1.
    pub fn rate(&self) -> Option<f64> {
        let n = self.answers();
        (n > 0).then(|| f64::from(self.satisfied()) / f64::from(n))
    }
}

/// Which half of the overall figure a form belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Customers and dealers (调查部分).
    Survey,
    /// Our own salespeople (自评部分).
    SelfAssessment,
}

impl Part {
    pub fn of(respondent: Respondent) -> Part {
        match respondent {
            Respondent::Customer | Respondent::Dealer => Part::Survey,
            Respondent::SelfAssessment => Part::SelfAssessment,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Part::Survey => Msg::SvPartSurvey,
            Part::SelfAssessment => Msg::SvPartSelf,
        }
    }
}

/// The label of a respondent type.
pub fn respondent_label(r: Respondent) -> Msg {
    match r {
        Respondent::Customer => Msg::SvRespondentCustomer,
        Respondent::Dealer => Msg::SvRespondentDealer,
        Respondent::SelfAssessment => Msg::SvRespondentSelf,
    }
}

/// The returned forms as a table for CSV, in the user's language: the header and one row per
/// form — date, survey form, customer, who answered, the competitor rated, answers, index, rate,
/// every item's level (`产品功能=5; 可靠性=4`), the comment. Item labels come from the form's
/// template (its key when the template or item is gone).
pub fn forms_table(data: &Dataset, forms: &[&SurveyResponse], lang: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let header = [
        Msg::SuDate,
        Msg::SuTemplate,
        Msg::SuCustomer,
        Msg::SuRespondent,
        Msg::SuCompetitorName,
        Msg::SuAnswers,
        Msg::SvIndex,
        Msg::SvRate,
        Msg::SuColLevels,
        Msg::SuComment,
    ]
    .map(|m| m.text(lang).to_string())
    .to_vec();
    let pct = |v: Option<f64>| v.map(|v| format!("{:.1}%", v * 100.0)).unwrap_or_default();
    let rows = forms
        .iter()
        .map(|f| {
            let template = data.survey_templates.get(&f.template);
            let mut t = Tally::default();
            for (_, v) in &f.answers {
                t.add_value(*v);
            }
            let levels: Vec<String> =
                f.answers.iter().map(|(k, v)| format!("{}={v}", item_label(data, Some(f.template), k, lang))).collect();
            vec![
                f.date.to_string(),
                template.map(|t| t.data.name.clone()).unwrap_or_default(),
                f.customer.and_then(|c| data.customers.get(&c)).map(|c| c.data.name.clone()).unwrap_or_default(),
                respondent_label(f.respondent).text(lang).to_string(),
                f.about_competitor.clone().unwrap_or_default(),
                t.answers().to_string(),
                pct(t.index()),
                pct(t.rate()),
                levels.join("; "),
                f.comment.clone(),
            ]
        })
        .collect();
    (header, rows)
}

/// One figure (index or rate) overall, with the two parts it is made of.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Overall {
    pub self_assessment: Option<f64>,
    pub survey: Option<f64>,
    /// Weighted when both parts have answers; the one part's figure otherwise.
    pub value: Option<f64>,
    /// Both parts had answers.
    pub complete: bool,
}

/// Weighs the two parts: `self_weight_pct` of the self-assessment, the rest of the survey.
pub fn overall(self_assessment: Option<f64>, survey: Option<f64>, self_weight_pct: u32) -> Overall {
    let w = f64::from(self_weight_pct.min(100)) / 100.0;
    let (value, complete) = match (self_assessment, survey) {
        (Some(s), Some(v)) => (Some(w * s + (1.0 - w) * v), true),
        (Some(x), None) | (None, Some(x)) => (Some(x), false),
        (None, None) => (None, false),
    };
    Overall { self_assessment, survey, value, complete }
}

/// The answers of a set of forms, split into the two parts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Results {
    pub survey: Tally,
    pub self_assessment: Tally,
    /// Forms in each part.
    pub survey_forms: u32,
    pub self_forms: u32,
}

impl Results {
    fn add_form(&mut self, r: &SurveyResponse) {
        let (tally, forms) = match Part::of(r.respondent) {
            Part::Survey => (&mut self.survey, &mut self.survey_forms),
            Part::SelfAssessment => (&mut self.self_assessment, &mut self.self_forms),
        };
        *forms += 1;
        for (_, v) in &r.answers {
            tally.add_value(*v);
        }
    }

    fn add_answer(&mut self, respondent: Respondent, value: u8) {
        match Part::of(respondent) {
            Part::Survey => self.survey.add_value(value),
            Part::SelfAssessment => self.self_assessment.add_value(value),
        }
    }

    pub fn part(&self, part: Part) -> &Tally {
        match part {
            Part::Survey => &self.survey,
            Part::SelfAssessment => &self.self_assessment,
        }
    }

    /// Both parts together (every answer once).
    pub fn all(&self) -> Tally {
        let mut t = self.survey;
        t.merge(&self.self_assessment);
        t
    }

    /// Overall satisfaction index (weights from the settings).
    pub fn overall_index(&self, settings: &ServiceSettings) -> Overall {
        overall(self.self_assessment.index(), self.survey.index(), settings.self_weight_pct)
    }

    /// Overall satisfaction rate (weights from the settings).
    pub fn overall_rate(&self, settings: &ServiceSettings) -> Overall {
        overall(self.self_assessment.rate(), self.survey.rate(), settings.self_weight_pct)
    }
}

/// Which forms to count. Dates are inclusive; `None` leaves a bound open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Scope {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub template: Option<Id>,
    pub customer: Option<Id>,
    /// Forms recorded by one branch only.
    pub branch: Option<Id>,
}

impl Scope {
    /// Every form.
    pub fn all() -> Scope {
        Scope::default()
    }

    pub fn between(from: NaiveDate, to: NaiveDate) -> Scope {
        Scope { from: Some(from), to: Some(to), ..Scope::default() }
    }

    fn admits(&self, f: &Fact<SurveyResponse>) -> bool {
        let r = &f.data;
        !f.is_deleted()
            && self.from.is_none_or(|d| r.date >= d)
            && self.to.is_none_or(|d| r.date <= d)
            && self.template.is_none_or(|t| r.template == t)
            && self.customer.is_none_or(|c| r.customer == Some(c))
            && self.branch.is_none_or(|b| f.branch == b)
    }
}

/// The competitor a form rates, if it rates one (blank names do not count).
pub fn competitor_of(r: &SurveyResponse) -> Option<&str> {
    r.about_competitor.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// A competitor's name as compared: trimmed, inner spaces collapsed, ASCII case folded.
pub fn competitor_key(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Our own forms in the scope (competitor forms left out).
pub fn our_forms<'a>(data: &'a Dataset, scope: &'a Scope) -> impl Iterator<Item = &'a Fact<SurveyResponse>> + 'a {
    data.survey_responses.all().iter().filter(move |f| scope.admits(f) && competitor_of(&f.data).is_none())
}

/// All our forms in the scope, counted.
pub fn results(data: &Dataset, scope: &Scope) -> Results {
    let mut r = Results::default();
    for f in our_forms(data, scope) {
        r.add_form(&f.data);
    }
    r
}

/// One item's results.
#[derive(Clone, Debug, PartialEq)]
pub struct ItemResults {
    pub key: String,
    pub results: Results,
}

/// The order items are listed in: the scope's template's order, else the default template's,
/// then any other key alphabetically.
fn item_order(data: &Dataset, scope: &Scope) -> Vec<String> {
    let template = scope.template.and_then(|t| data.survey_templates.get(&t)).map(|r| r.data.items.clone());
    template.unwrap_or_else(default_items).into_iter().map(|i| i.key).collect()
}

fn ordered<T>(mut map: BTreeMap<String, T>, order: &[String]) -> Vec<(String, T)> {
    let mut out = Vec::with_capacity(map.len());
    for key in order {
        if let Some(v) = map.remove(key) {
            out.push((key.clone(), v));
        }
    }
    out.extend(map);
    out
}

/// Results per item (an answer counts for the part of its form).
pub fn by_item(data: &Dataset, scope: &Scope) -> Vec<ItemResults> {
    let mut map: BTreeMap<String, Results> = BTreeMap::new();
    for f in our_forms(data, scope) {
        for (key, v) in &f.data.answers {
            map.entry(key.clone()).or_default().add_answer(f.data.respondent, *v);
        }
    }
    ordered(map, &item_order(data, scope)).into_iter().map(|(key, results)| ItemResults { key, results }).collect()
}

/// One customer's results: their own forms and our salespeople's self-assessments about them.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerResults {
    pub customer: Id,
    pub results: Results,
    /// The day of the customer's latest form.
    pub last: NaiveDate,
}

/// Results per customer, the lowest survey index first (customers with survey answers before
/// those with self-assessments only), ties by id. Forms without a customer are left out.
pub fn by_customer(data: &Dataset, scope: &Scope) -> Vec<CustomerResults> {
    let mut map: IdMap<CustomerResults> = IdMap::default();
    for f in our_forms(data, scope) {
        let Some(c) = f.data.customer else { continue };
        let e = map.entry(c).or_insert(CustomerResults { customer: c, results: Results::default(), last: f.data.date });
        e.results.add_form(&f.data);
        e.last = e.last.max(f.data.date);
    }
    let mut out: Vec<CustomerResults> = map.into_values().collect();
    out.sort_by(|a, b| {
        let ka = a.results.survey.index().unwrap_or(f64::INFINITY);
        let kb = b.results.survey.index().unwrap_or(f64::INFINITY);
        ka.total_cmp(&kb).then(a.customer.cmp(&b.customer))
    });
    out
}

/// One respondent type's answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RespondentResults {
    pub respondent: Respondent,
    pub forms: u32,
    pub tally: Tally,
}

/// Results per respondent type: customers, dealers, self-assessment (always all three).
pub fn by_respondent(data: &Dataset, scope: &Scope) -> Vec<RespondentResults> {
    let mut out: Vec<RespondentResults> = [Respondent::Customer, Respondent::Dealer, Respondent::SelfAssessment]
        .into_iter()
        .map(|respondent| RespondentResults { respondent, forms: 0, tally: Tally::default() })
        .collect();
    for f in our_forms(data, scope) {
        if let Some(line) = out.iter_mut().find(|l| l.respondent == f.data.respondent) {
            line.forms += 1;
            for (_, v) in &f.data.answers {
                line.tally.add_value(*v);
            }
        }
    }
    out
}

/// One period's results.
#[derive(Clone, Debug, PartialEq)]
pub struct PeriodResults {
    pub period: Period,
    pub results: Results,
}

/// Results over time: one line per period that has forms, oldest first.
pub fn by_period(data: &Dataset, scope: &Scope, granularity: Granularity) -> Vec<PeriodResults> {
    let mut map: BTreeMap<Period, Results> = BTreeMap::new();
    for f in our_forms(data, scope) {
        map.entry(Period::of(f.data.date, granularity)).or_default().add_form(&f.data);
    }
    map.into_iter().map(|(period, results)| PeriodResults { period, results }).collect()
}

/// One survey (一次调查): the forms returned on one template within one period.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyResults {
    pub template: Id,
    pub period: Period,
    pub results: Results,
    /// The first and last day forms are dated.
    pub first: NaiveDate,
    pub last: NaiveDate,
}

/// Results per survey, oldest period first, then by template.
pub fn by_survey(data: &Dataset, scope: &Scope, granularity: Granularity) -> Vec<SurveyResults> {
    let mut map: BTreeMap<(Period, Id), SurveyResults> = BTreeMap::new();
    for f in our_forms(data, scope) {
        let r = &f.data;
        let period = Period::of(r.date, granularity);
        let e = map.entry((period, r.template)).or_insert(SurveyResults {
            template: r.template,
            period,
            results: Results::default(),
            first: r.date,
            last: r.date,
        });
        e.results.add_form(r);
        e.first = e.first.min(r.date);
        e.last = e.last.max(r.date);
    }
    map.into_values().collect()
}

/// One side of the competitor comparison: us, or one competitor.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    /// The competitor's name as last written; empty for us.
    pub name: String,
    pub forms: u32,
    pub total: Tally,
    /// Per item, in the item order of [`by_item`].
    pub items: Vec<(String, Tally)>,
}

/// Us and each competitor side by side, from customers' and dealers' forms in the scope
/// (self-assessments rate only us, so they stay out of both sides).
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    pub ours: Side,
    /// Most forms first, then by name.
    pub competitors: Vec<Side>,
}

#[derive(Default)]
struct SideAcc {
    name: String,
    last: Option<NaiveDate>,
    forms: u32,
    total: Tally,
    items: BTreeMap<String, Tally>,
}

impl SideAcc {
    fn add(&mut self, r: &SurveyResponse) {
        self.forms += 1;
        for (key, v) in &r.answers {
            self.total.add_value(*v);
            self.items.entry(key.clone()).or_default().add_value(*v);
        }
    }

    fn finish(self, order: &[String]) -> Side {
        Side { name: self.name, forms: self.forms, total: self.total, items: ordered(self.items, order) }
    }
}

/// The competitor comparison (竞争对手满意度对比).
pub fn compare_competitors(data: &Dataset, scope: &Scope) -> Comparison {
    let mut ours = SideAcc::default();
    let mut theirs: BTreeMap<String, SideAcc> = BTreeMap::new();
    for f in data.survey_responses.all().iter().filter(|f| scope.admits(f)) {
        let r = &f.data;
        if Part::of(r.respondent) != Part::Survey {
            continue;
        }
        match competitor_of(r) {
            None => ours.add(r),
            Some(name) => {
                let acc = theirs.entry(competitor_key(name)).or_default();
                if acc.last.is_none_or(|d| r.date >= d) {
                    acc.name = name.to_string();
                    acc.last = Some(r.date);
                }
                acc.add(r);
            }
        }
    }
    let order = item_order(data, scope);
    let mut competitors: Vec<Side> = theirs.into_values().map(|a| a.finish(&order)).collect();
    competitors.sort_by(|a, b| b.forms.cmp(&a.forms).then_with(|| a.name.cmp(&b.name)));
    Comparison { ours: ours.finish(&order), competitors }
}

/// An item answered "dissatisfied" or "very dissatisfied", with how often.
#[derive(Clone, Debug, PartialEq)]
pub struct Dissatisfied {
    pub key: String,
    pub dissatisfied: u32,
    pub very_dissatisfied: u32,
    /// All answers to the item in the part, for the share.
    pub answers: u32,
    /// The forms that gave those answers (their comments hold the causes), newest first.
    pub forms: Vec<Id>,
}

impl Dissatisfied {
    /// The frequency (频次): dissatisfied + very dissatisfied answers.
    pub fn frequency(&self) -> u32 {
        self.dissatisfied + self.very_dissatisfied
    }
}

/// The items answered "dissatisfied" or "very dissatisfied" in one part (the source lists the
/// survey part and the self-assessment part separately), most frequent first, then the most
/// "very dissatisfied", then in item order.
pub fn dissatisfied_items(data: &Dataset, scope: &Scope, part: Part) -> Vec<Dissatisfied> {
    let mut map: BTreeMap<String, (Dissatisfied, Vec<(NaiveDate, Id)>)> = BTreeMap::new();
    for f in our_forms(data, scope).filter(|f| Part::of(f.data.respondent) == part) {
        for (key, v) in &f.data.answers {
            let Some(level) = Level::from_value(*v) else { continue };
            let (e, forms) = map.entry(key.clone()).or_insert_with(|| {
                let d = Dissatisfied {
                    key: key.clone(),
                    dissatisfied: 0,
                    very_dissatisfied: 0,
                    answers: 0,
                    forms: Vec::new(),
                };
                (d, Vec::new())
            });
            e.answers += 1;
            match level {
                Level::Dissatisfied => e.dissatisfied += 1,
                Level::VeryDissatisfied => e.very_dissatisfied += 1,
                _ => continue,
            }
            forms.push((f.data.date, f.id));
        }
    }
    let order = item_order(data, scope);
    let mut out: Vec<(usize, Dissatisfied)> = map
        .into_values()
        .filter(|(d, _)| d.frequency() > 0)
        .map(|(mut d, mut forms)| {
            forms.sort_by(|a, b| b.cmp(a));
            forms.dedup_by_key(|x| x.1);
            d.forms = forms.into_iter().map(|(_, id)| id).collect();
            (order.iter().position(|k| *k == d.key).unwrap_or(usize::MAX), d)
        })
        .collect();
    out.sort_by(|(pa, a), (pb, b)| {
        b.frequency()
            .cmp(&a.frequency())
            .then(b.very_dissatisfied.cmp(&a.very_dissatisfied))
            .then(pa.cmp(pb))
            .then_with(|| a.key.cmp(&b.key))
    });
    out.into_iter().map(|(_, d)| d).collect()
}

// ---------------------------------------------------------------------------------------------
// Templates

/// The keys of the default items, in order (DOMAIN.md §8).
pub const DEFAULT_ITEM_KEYS: [&str; 7] =
    ["function", "reliability", "appearance", "packaging", "delivery_time", "service_quality", "after_sales"];

fn default_item_label(key: &str) -> Option<Msg> {
    Some(match key {
        "function" => Msg::SvItemFunction,
        "reliability" => Msg::SvItemReliability,
        "appearance" => Msg::SvItemAppearance,
        "packaging" => Msg::SvItemPackaging,
        "delivery_time" => Msg::SvItemDeliveryTime,
        "service_quality" => Msg::SvItemServiceQuality,
        "after_sales" => Msg::SvItemAfterSales,
        _ => return None,
    })
}

/// The default items: product function, reliability, appearance, packaging, delivery time,
/// service quality, after-sales service, labelled in both languages.
pub fn default_items() -> Vec<SurveyItem> {
    DEFAULT_ITEM_KEYS
        .iter()
        .filter_map(|&key| {
            default_item_label(key).map(|m| SurveyItem {
                key: key.to_string(),
                label_zh: m.text(Lang::Zh).to_string(),
                label_en: m.text(Lang::En).to_string(),
            })
        })
        .collect()
}

/// The default survey form (客户满意度调查表), named in the user's language, with the open
/// question for other problems (反馈内容栏).
pub fn default_template(lang: Lang) -> SurveyTemplate {
    SurveyTemplate {
        name: Msg::SvDefaultTemplate.text(lang).to_string(),
        items: default_items(),
        open_question: Msg::SvOpenQuestion.text(lang).to_string(),
        archived: false,
    }
}

/// An item's label: from the template that has it (the scope's first), else the default
/// item's, else the key itself. Templates can be edited, so old forms may hold keys no
/// template has any more.
pub fn item_label(data: &Dataset, template: Option<Id>, key: &str, lang: Lang) -> String {
    let pick = |i: &SurveyItem| {
        let (first, second) = match lang {
            Lang::Zh => (&i.label_zh, &i.label_en),
            Lang::En => (&i.label_en, &i.label_zh),
        };
        if first.trim().is_empty() {
            second.clone()
        } else {
            first.clone()
        }
    };
    let preferred = template.and_then(|t| data.survey_templates.get(&t)).into_iter();
    for t in preferred.chain(data.survey_templates.live()) {
        if let Some(i) = t.data.items.iter().find(|i| i.key == key) {
            return pick(i);
        }
    }
    default_item_label(key).map_or_else(|| key.to_string(), |m| m.text(lang).to_string())
}

// ---------------------------------------------------------------------------------------------
// Targets and improvement plans

/// The "average-advanced" level (平均先进水平) of past results: the mean of the results above
/// the overall mean. All equal: the mean itself. `None` without results.
pub fn average_advanced(values: &[f64]) -> Option<f64> {
    let values: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if values.is_empty() {
        return None;
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    let above: Vec<f64> = values.iter().copied().filter(|v| *v > mean).collect();
    if above.is_empty() {
        return Some(mean);
    }
    Some(above.iter().sum::<f64>() / above.len() as f64)
}

/// A fraction as basis points, rounded (0.7625 → 7625).
pub fn to_bp(fraction: f64) -> u32 {
    (fraction.clamp(0.0, 1.0) * 10_000.0).round() as u32
}

/// Targets proposed for a year from the surveys of the years before it.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ProposedTarget {
    pub year: i32,
    pub index: Option<f64>,
    pub rate: Option<f64>,
    /// How many past survey results they come from.
    pub surveys: usize,
}

impl ProposedTarget {
    /// As settings, in basis points.
    pub fn as_target(&self) -> super::settings::YearTarget {
        super::settings::YearTarget { year: self.year, index_bp: self.index.map(to_bp), rate_bp: self.rate.map(to_bp) }
    }
}

/// The default targets for `year`: the average-advanced level of the overall index and rate of
/// every past survey (template × quarter) before the year.
pub fn proposed_target(data: &Dataset, year: i32, settings: &ServiceSettings) -> ProposedTarget {
    let before = NaiveDate::from_ymd_opt(year, 1, 1).and_then(|d| d.pred_opt());
    let scope = Scope { to: before, ..Scope::default() };
    let surveys = by_survey(data, &scope, Granularity::Quarter);
    let index: Vec<f64> = surveys.iter().filter_map(|s| s.results.overall_index(settings).value).collect();
    let rate: Vec<f64> = surveys.iter().filter_map(|s| s.results.overall_rate(settings).value).collect();
    ProposedTarget { year, index: average_advanced(&index), rate: average_advanced(&rate), surveys: surveys.len() }
}

/// Which figure fell short.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Measure {
    Index,
    Rate,
}

impl Measure {
    pub fn code(self) -> &'static str {
        match self {
            Measure::Index => "index",
            Measure::Rate => "rate",
        }
    }

    pub fn label(self) -> Msg {
        match self {
            Measure::Index => Msg::SvIndex,
            Measure::Rate => Msg::SvRate,
        }
    }
}

/// A survey result below its year's target.
#[derive(Clone, Debug, PartialEq)]
pub struct Shortfall {
    pub template: Id,
    pub period: Period,
    pub measure: Measure,
    /// The overall figure, 0–1.
    pub value: f64,
    pub target_bp: u32,
    /// The day of the survey's last form: when the shortfall became known.
    pub known_on: NaiveDate,
}

impl Shortfall {
    /// The stable key an improvement plan opened for it carries in `trigger`.
    pub fn key(&self) -> String {
        format!("satisfaction:{}:{}:{}", self.template.0.simple(), self.period.code(), self.measure.code())
    }
}

/// Every survey result (template × quarter) below the target of its year, oldest first: the
/// rule "a result below target opens an improvement plan" (seed 000: 未达到目标值应制定改进计划).
pub fn shortfalls(data: &Dataset, settings: &ServiceSettings) -> Vec<Shortfall> {
    let mut out = Vec::new();
    for s in by_survey(data, &Scope::all(), Granularity::Quarter) {
        let Some(target) = settings.target(s.period.year) else { continue };
        for (measure, figure, target_bp) in [
            (Measure::Index, s.results.overall_index(settings), target.index_bp),
            (Measure::Rate, s.results.overall_rate(settings), target.rate_bp),
        ] {
            let (Some(value), Some(target_bp)) = (figure.value, target_bp) else { continue };
            if value * 10_000.0 < f64::from(target_bp) - 1e-9 {
                out.push(Shortfall {
                    template: s.template,
                    period: s.period,
                    measure,
                    value,
                    target_bp,
                    known_on: s.last,
                });
            }
        }
    }
    out
}

/// The shortfalls no live improvement plan was opened for yet (by its `trigger`).
pub fn shortfalls_without_plan(data: &Dataset, settings: &ServiceSettings) -> Vec<Shortfall> {
    let opened: std::collections::HashSet<&str> =
        data.improvement_plans.live().map(|p| p.data.trigger.as_str()).filter(|t| !t.is_empty()).collect();
    shortfalls(data, settings).into_iter().filter(|s| !opened.contains(s.key().as_str())).collect()
}

/// A new improvement plan for a shortfall, for the user to complete (responsible person,
/// actions, due date) before it is saved with `service::edits::create_improvement_plan`.
pub fn draft_plan(shortfall: &Shortfall, survey_name: &str, lang: Lang, today: NaiveDate) -> ImprovementPlan {
    let value = crate::i18n::format_percent(shortfall.value);
    let target = crate::i18n::format_percent(f64::from(shortfall.target_bp) / 10_000.0);
    let topic = Msg::SvPlanTopic.with(
        lang,
        &[survey_name, &shortfall.period.label(lang), shortfall.measure.label().text(lang), &value, &target],
    );
    ImprovementPlan { topic, trigger: shortfall.key(), opened_on: Some(today), ..ImprovementPlan::default() }
}

/// Where an improvement plan stands as of a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanState {
    /// Open, due later (or no due date set).
    Open,
    /// Open on or past its due date by this many days (0 = due today).
    Due(i64),
    Closed(NaiveDate),
}

impl PlanState {
    pub fn label(self) -> Msg {
        match self {
            PlanState::Open => Msg::SvPlanOpen,
            PlanState::Due(0) => Msg::SvDueToday,
            PlanState::Due(_) => Msg::SvOverdue,
            PlanState::Closed(_) => Msg::SvPlanClosed,
        }
    }
}

pub fn plan_state(plan: &ImprovementPlan, as_of: NaiveDate) -> PlanState {
    match (plan.closed_on, plan.due) {
        (Some(d), _) => PlanState::Closed(d),
        (None, Some(due)) if due <= as_of => PlanState::Due((as_of - due).num_days()),
        _ => PlanState::Open,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Hlc, NodeId};

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    fn id(n: u8) -> Id {
        Id::v7(1, [n; 10])
    }

    fn form(
        n: u8,
        customer: u8,
        respondent: Respondent,
        date: NaiveDate,
        answers: &[(&str, u8)],
    ) -> Fact<SurveyResponse> {
        let r = SurveyResponse {
            template: id(200),
            customer: Some(id(customer)),
            respondent,
            about_competitor: None,
            date,
            answers: answers.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
            comment: String::new(),
        };
        Fact::new(Id::v7(2, [n; 10]), Id::NIL, Hlc(u64::from(n), 0, NodeId::new(1, 0)), None, r)
    }

    fn data(forms: Vec<Fact<SurveyResponse>>) -> Dataset {
        let mut data = Dataset::default();
        for f in forms {
            data.survey_responses.merge(f);
        }
        data
    }

    /// DOMAIN.md §8's worked example (seed 000): 25 answers = 10 very satisfied, 5 satisfied,
    /// 6 basically satisfied, 3 dissatisfied, 1 very dissatisfied → index
    /// (100 + 40 + 36 + 12 + 2) / 250 = 76%, rate 21 / 25 = 84%.
    #[test]
    fn the_worked_example_gives_76_and_84_percent() {
        let t = Tally::from_best_first([10, 5, 6, 3, 1]);
        assert_eq!(t.answers(), 25);
        assert_eq!(t.score_sum(), 190);
        assert_eq!(t.satisfied(), 21);
        assert_eq!(t.index(), Some(0.76));
        assert_eq!(t.rate(), Some(0.84));
        assert_eq!(to_bp(t.index().unwrap()), 7_600);
        assert_eq!(to_bp(t.rate().unwrap()), 8_400);

        // The same 25 answers entered as forms: five forms of five items.
        let levels = [5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3, 2, 2, 2, 1];
        let keys = ["function", "reliability", "appearance", "packaging", "delivery_time"];
        let forms = (0..5u8)
            .map(|i| {
                let answers: Vec<(&str, u8)> = (0..5).map(|k| (keys[k], levels[usize::from(i) * 5 + k])).collect();
                form(i, 1, Respondent::Customer, d(3, 1), &answers)
            })
            .collect();
        let r = results(&data(forms), &Scope::all());
        assert_eq!((r.survey.index(), r.survey.rate(), r.survey_forms), (Some(0.76), Some(0.84), 5));
        assert_eq!(r.self_assessment.answers(), 0);
        let o = r.overall_index(&ServiceSettings::default());
        assert_eq!((o.value, o.complete), (Some(0.76), false), "no self-assessment: the survey's figure");
    }

    #[test]
    fn forms_table_names_items_and_figures() {
        let mut data = data(vec![form(1, 1, Respondent::Customer, d(3, 1), &[("function", 5), ("gone", 2)])]);
        let item = SurveyItem { key: "function".into(), label_zh: "产品功能".into(), label_en: "Function".into() };
        let t = SurveyTemplate { name: "调查表".into(), items: vec![item], ..SurveyTemplate::default() };
        data.survey_templates.merge(crate::model::Record::new(id(200), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, t));
        let forms: Vec<&SurveyResponse> = data.survey_responses.all().iter().map(|f| &f.data).collect();
        let (header, rows) = forms_table(&data, &forms, Lang::Zh);
        assert_eq!(header.len(), rows[0].len());
        // (10 + 4) / 20 = 70%; one of two satisfied.
        assert_eq!(rows[0][5..9], ["2", "70.0%", "50.0%", "产品功能=5; gone=2"]);
        let (_, en) = forms_table(&data, &forms, Lang::En);
        assert_eq!(en[0][8], "Function=5; gone=2");
    }

    #[test]
    fn levels_score_and_count_as_the_source_says() {
        assert_eq!(Level::ALL.map(Level::score), [10, 8, 6, 4, 2]);
        assert_eq!(Level::ALL.map(Level::is_satisfied), [true, true, true, false, false]);
        assert_eq!(Level::from_key('5'), Some(Level::VerySatisfied));
        assert_eq!(Level::from_key('0'), None);
        let mut t = Tally::default();
        t.add_value(0);
        t.add_value(6);
        assert_eq!((t.answers(), t.index(), t.rate()), (0, None, None), "values outside 1–5 are no answers");
    }

    #[test]
    fn overall_is_forty_percent_self_and_sixty_percent_survey() {
        let forms = vec![
            form(1, 1, Respondent::Customer, d(3, 1), &[("function", 5), ("reliability", 3)]), // 0.8, rate 1
            form(2, 2, Respondent::Dealer, d(3, 2), &[("function", 2), ("reliability", 4)]),   // 0.6, rate .5
            form(3, 1, Respondent::SelfAssessment, d(3, 3), &[("function", 4), ("reliability", 4)]), // 0.8, 1
        ];
        let r = results(&data(forms), &Scope::all());
        let s = ServiceSettings::default();
        // Survey: (10 + 6 + 4 + 8) / 40 = 0.7, rate 3/4; self: 0.8, rate 1.
        let i = r.overall_index(&s);
        assert_eq!((i.survey, i.self_assessment, i.complete), (Some(0.7), Some(0.8), true));
        assert!((i.value.unwrap() - (0.4 * 0.8 + 0.6 * 0.7)).abs() < 1e-12);
        let rate = r.overall_rate(&s);
        assert!((rate.value.unwrap() - (0.4 * 1.0 + 0.6 * 0.75)).abs() < 1e-12);
        let heavy = ServiceSettings { self_weight_pct: 100, ..s };
        assert_eq!(r.overall_index(&heavy).value, Some(0.8));
    }

    #[test]
    fn breakdowns_by_item_customer_respondent_period_and_survey() {
        let forms = vec![
            form(1, 1, Respondent::Customer, d(1, 5), &[("reliability", 5), ("function", 1)]),
            form(2, 1, Respondent::Customer, d(4, 5), &[("function", 3), ("extra", 4)]),
            form(3, 2, Respondent::Dealer, d(4, 9), &[("function", 5)]),
            form(4, 2, Respondent::SelfAssessment, d(7, 1), &[("function", 4)]),
        ];
        let data = data(forms);
        let items = by_item(&data, &Scope::all());
        let keys: Vec<&str> = items.iter().map(|i| i.key.as_str()).collect();
        assert_eq!(keys, vec!["function", "reliability", "extra"], "default order, then the rest");
        assert_eq!(items[0].results.survey.answers(), 3);
        assert_eq!(items[0].results.self_assessment.answers(), 1);

        let customers = by_customer(&data, &Scope::all());
        // Customer 1: (10 + 2 + 6 + 8) / 40 = 0.65; customer 2: 1.0 → customer 1 first.
        assert_eq!(customers.iter().map(|c| c.customer).collect::<Vec<_>>(), vec![id(1), id(2)]);
        assert_eq!(customers[0].results.survey.index(), Some(0.65));
        assert_eq!(customers[1].last, d(7, 1));

        let resp = by_respondent(&data, &Scope::all());
        assert_eq!(resp.iter().map(|r| r.forms).collect::<Vec<_>>(), vec![2, 1, 1]);

        let quarters = by_period(&data, &Scope::all(), Granularity::Quarter);
        assert_eq!(quarters.iter().map(|p| p.period.code()).collect::<Vec<_>>(), vec!["2026-Q1", "2026-Q2", "2026-Q3"]);
        let halves = by_period(&data, &Scope::all(), Granularity::Half);
        assert_eq!(halves.len(), 2);
        assert_eq!(halves[0].results.survey_forms, 3);
        let surveys = by_survey(&data, &Scope::all(), Granularity::Quarter);
        assert_eq!((surveys[1].first, surveys[1].last), (d(4, 5), d(4, 9)));

        let q2 = Scope { from: Some(d(4, 1)), to: Some(d(6, 30)), customer: Some(id(1)), ..Scope::default() };
        assert_eq!(results(&data, &q2).survey_forms, 1);
    }

    #[test]
    fn competitor_forms_are_compared_and_kept_out_of_our_figures() {
        let mut a = form(1, 1, Respondent::Customer, d(3, 1), &[("function", 5), ("packaging", 5)]);
        let mut b = form(2, 1, Respondent::Customer, d(3, 1), &[("function", 3), ("packaging", 1)]);
        b.data.about_competitor = Some("竞品 甲".into());
        let mut c = form(3, 2, Respondent::Customer, d(3, 2), &[("function", 4)]);
        c.data.about_competitor = Some(" 竞品  甲 ".into());
        let mut e = form(4, 2, Respondent::Customer, d(3, 2), &[("function", 4)]);
        e.data.about_competitor = Some("   ".into());
        a.data.comment = "很好".into();
        let data = data(vec![a, b, c, e]);
        let r = results(&data, &Scope::all());
        assert_eq!(r.survey_forms, 2, "a blank competitor name is our own form");
        let cmp = compare_competitors(&data, &Scope::all());
        assert_eq!(cmp.ours.forms, 2);
        assert_eq!(cmp.competitors.len(), 1, "names compared with spaces folded");
        let them = &cmp.competitors[0];
        assert_eq!((them.name.as_str(), them.forms, them.total.answers()), ("竞品  甲", 2, 3));
        assert_eq!(them.items[0].0, "function");
        assert_eq!(them.total.index(), Some((6.0 + 2.0 + 8.0) / 30.0));
    }

    #[test]
    fn dissatisfied_items_with_their_frequency_per_part() {
        let forms = vec![
            form(1, 1, Respondent::Customer, d(3, 1), &[("function", 2), ("packaging", 1), ("reliability", 5)]),
            form(2, 2, Respondent::Customer, d(3, 4), &[("function", 1), ("packaging", 2)]),
            form(3, 3, Respondent::Dealer, d(3, 5), &[("delivery_time", 2), ("function", 4)]),
            form(4, 3, Respondent::SelfAssessment, d(3, 5), &[("delivery_time", 1)]),
        ];
        let data = data(forms);
        let list = dissatisfied_items(&data, &Scope::all(), Part::Survey);
        let got: Vec<(&str, u32, u32, u32)> =
            list.iter().map(|x| (x.key.as_str(), x.dissatisfied, x.very_dissatisfied, x.answers)).collect();
        // function and packaging both twice (one of each level): item order breaks the tie.
        assert_eq!(got, vec![("function", 1, 1, 3), ("packaging", 1, 1, 2), ("delivery_time", 1, 0, 1)]);
        assert_eq!(list[0].forms, vec![Id::v7(2, [2; 10]), Id::v7(2, [1; 10])], "newest form first");
        let own = dissatisfied_items(&data, &Scope::all(), Part::SelfAssessment);
        assert_eq!(own.len(), 1);
        assert_eq!(own[0].very_dissatisfied, 1);
    }

    #[test]
    fn average_advanced_is_the_mean_of_the_results_above_the_mean() {
        // Mean 77; above it 78, 80, 83 → 80.33….
        let v = average_advanced(&[0.70, 0.74, 0.78, 0.80, 0.83]).unwrap();
        assert!((v - (0.78 + 0.80 + 0.83) / 3.0).abs() < 1e-12);
        assert_eq!(average_advanced(&[0.8, 0.8]), Some(0.8), "all equal: the mean");
        assert_eq!(average_advanced(&[0.6]), Some(0.6));
        assert_eq!(average_advanced(&[]), None);
        assert_eq!(to_bp(v), 8_033);
    }

    #[test]
    fn targets_proposed_from_past_surveys_and_results_below_target_need_a_plan() {
        let y = |year: i32, m: u32| NaiveDate::from_ymd_opt(year, m, 10).unwrap();
        // Four past quarters with survey indexes 0.6, 0.7, 0.8, 1.0 (one form each).
        let forms = vec![
            form(1, 1, Respondent::Customer, y(2025, 1), &[("function", 3)]),
            form(2, 1, Respondent::Customer, y(2025, 4), &[("function", 3), ("packaging", 4)]),
            form(3, 1, Respondent::Customer, y(2025, 7), &[("function", 4)]),
            form(4, 1, Respondent::Customer, y(2025, 10), &[("function", 5)]),
            // This year's first survey: 0.6, below the target.
            form(5, 1, Respondent::Customer, y(2026, 2), &[("function", 3)]),
        ];
        let mut data = data(forms);
        let s = ServiceSettings::default();
        let p = proposed_target(&data, 2026, &s);
        assert_eq!(p.surveys, 4);
        // Index: mean 0.775, above it 0.8 and 1.0 → 0.9. Rate: 1, 1, 1, 1 → 1.
        assert!((p.index.unwrap() - 0.9).abs() < 1e-12);
        assert_eq!(p.rate, Some(1.0));
        let target = p.as_target();
        assert_eq!((target.index_bp, target.rate_bp), (Some(9_000), Some(10_000)));

        let s = ServiceSettings { targets: vec![target], ..s };
        let short = shortfalls(&data, &s);
        assert_eq!(short.len(), 1, "the rate of 100% meets its target");
        assert_eq!(
            (short[0].measure, short[0].period.code(), short[0].known_on),
            (Measure::Index, "2026-Q1".into(), y(2026, 2))
        );
        assert_eq!(shortfalls_without_plan(&data, &s).len(), 1);

        let plan = draft_plan(&short[0], "年度调查", Lang::Zh, y(2026, 3));
        assert_eq!(plan.trigger, short[0].key());
        assert!(plan.topic.contains("60.0%") && plan.topic.contains("90.0%"), "{}", plan.topic);
        let rec = crate::model::Record::new(id(9), Id::NIL, Hlc(1, 0, NodeId::new(1, 0)), None, plan);
        data.improvement_plans.merge(rec);
        assert!(shortfalls_without_plan(&data, &s).is_empty(), "the plan answers the shortfall");
    }

    #[test]
    fn plan_states() {
        let mut p = ImprovementPlan { due: Some(d(5, 10)), ..ImprovementPlan::default() };
        assert_eq!(plan_state(&p, d(5, 9)), PlanState::Open);
        assert_eq!(plan_state(&p, d(5, 10)), PlanState::Due(0));
        assert_eq!(plan_state(&p, d(5, 13)), PlanState::Due(3));
        p.closed_on = Some(d(5, 12));
        assert_eq!(plan_state(&p, d(5, 13)), PlanState::Closed(d(5, 12)));
    }

    #[test]
    fn default_template_has_the_seven_items_and_an_open_field() {
        let t = default_template(Lang::Zh);
        assert_eq!(t.items.iter().map(|i| i.key.as_str()).collect::<Vec<_>>(), DEFAULT_ITEM_KEYS);
        assert!(t.items.iter().all(|i| !i.label_zh.is_empty() && !i.label_en.is_empty()));
        assert!(!t.open_question.is_empty());
        let data = Dataset::default();
        assert_eq!(item_label(&data, None, "packaging", Lang::En), "Packaging quality");
        assert_eq!(item_label(&data, None, "gone", Lang::En), "gone");
    }
}
