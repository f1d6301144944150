//! Checking rules: every condition's operator and values against its field, giving typed
//! values to evaluate and, for each problem, where it is (the name, or a condition's operator
//! or value) so the form shows it next to that input, in the user's language.

use super::rule::{Condition, Field, FieldKind, Join, Op, Rules, SEGMENT_CODES, STAGE_CODES};
use crate::i18n::{Lang, Msg};
use crate::model::{CustomerType, Id, Money, NumberError};
use chrono::NaiveDate;

/// More conditions than anyone builds by hand; keeps a pasted or forged file from costing much.
pub const MAX_CONDITIONS: usize = 50;
pub const NAME_MAX: usize = 60;
const TEXT_MAX: usize = 120;

/// Which input of the form a problem belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Name,
    /// The rules as a whole (no condition, too many).
    Rules,
    Op {
        group: usize,
        index: usize,
    },
    Value {
        group: usize,
        index: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Problem {
    Required,
    TooLong(usize),
    Number,
    Decimals(u8),
    Range(f64, f64),
    Date,
    /// Not one of the field's choices.
    Choice,
    /// The operator does not apply to the field.
    Operator,
    NoConditions,
    TooMany(usize),
    NameTaken,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RuleError {
    pub place: Place,
    pub problem: Problem,
}

fn plain(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x}")
    }
}

impl Problem {
    /// The problem in words, in the language.
    pub fn text(self, lang: Lang) -> String {
        match self {
            Problem::Required => Msg::VRequired.text(lang).into(),
            Problem::TooLong(n) => Msg::VTooLong.with(lang, &[&n.to_string()]),
            Problem::Number => Msg::VNumber.text(lang).into(),
            Problem::Decimals(n) => Msg::VDecimals.with(lang, &[&n.to_string()]),
            Problem::Range(lo, hi) => Msg::VBetween.with(lang, &[&plain(lo), &plain(hi)]),
            Problem::Date => Msg::VDate.text(lang).into(),
            Problem::Choice => Msg::SgErrChoice.text(lang).into(),
            Problem::Operator => Msg::SgErrOperator.text(lang).into(),
            Problem::NoConditions => Msg::SgErrNoConditions.text(lang).into(),
            Problem::TooMany(n) => Msg::SgErrTooMany.with(lang, &[&n.to_string()]),
            Problem::NameTaken => Msg::SgErrNameTaken.text(lang).into(),
        }
    }
}

/// A condition's values, typed for evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Typed {
    /// Trimmed texts (one, or several for "one of").
    Texts(Vec<String>),
    /// Codes of a fixed list: customer type (index in `CustomerType::ALL`), class, segment and
    /// stage (the codes of `workspace::summary`, 1-based).
    Codes(Vec<u8>),
    /// Staff ids.
    Ids(Vec<Id>),
    /// Tags.
    Tags(Vec<String>),
    /// A number in the column's own unit: P(alive) and share as fractions, CLV in yuan,
    /// scores and expected purchases as they are.
    Number(f64),
    /// Net sales, exactly, in fen.
    Fen(i64),
    Date(NaiveDate),
    Bool(bool),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    pub field: Field,
    pub op: Op,
    pub value: Typed,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckedGroup {
    pub join: Join,
    pub conditions: Vec<Checked>,
}

/// Rules ready to evaluate. Groups left empty (all their conditions were incomplete) are kept
/// out, so they neither select everyone nor no one.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckedRules {
    pub join: Join,
    pub groups: Vec<CheckedGroup>,
}

impl CheckedRules {
    pub fn uses_scores(&self) -> bool {
        self.groups.iter().flat_map(|g| &g.conditions).any(|c| c.field.is_score())
    }
    pub fn condition_count(&self) -> usize {
        self.groups.iter().map(|g| g.conditions.len()).sum()
    }
}

fn number_problem(e: NumberError, decimals: u8) -> Problem {
    match e {
        NumberError::Empty => Problem::Required,
        NumberError::NotANumber => Problem::Number,
        NumberError::TooManyDecimals => Problem::Decimals(decimals),
        NumberError::OutOfRange => Problem::Number,
    }
}

/// The allowed range of a number field, in what the user types.
fn range(field: Field) -> Option<(f64, f64)> {
    match field {
        Field::PAlive => Some((0.0, 1.0)),
        Field::RScore | Field::FScore | Field::MScore => Some((1.0, 10.0)),
        Field::Share | Field::Scorecard => Some((0.0, 100.0)),
        Field::ExpectedPurchases => Some((0.0, 1_000_000.0)),
        _ => None,
    }
}

fn parse_number(field: Field, text: &str) -> Result<Typed, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Problem::Required);
    }
    match field {
        Field::NetSales => return Money::parse(t).map(|m| Typed::Fen(m.0)).map_err(|e| number_problem(e, 2)),
        Field::Clv => return Money::parse(t).map(|m| Typed::Number(m.as_f64())).map_err(|e| number_problem(e, 2)),
        _ => {}
    }
    let t = if field == Field::Share { t.trim_end_matches(['%', '％']).trim() } else { t };
    let x: f64 = t.replace(',', "").parse().map_err(|_| Problem::Number)?;
    if !x.is_finite() {
        return Err(Problem::Number);
    }
    if let Some((lo, hi)) = range(field) {
        if x < lo || x > hi {
            return Err(Problem::Range(lo, hi));
        }
    }
    Ok(Typed::Number(if field == Field::Share { x / 100.0 } else { x }))
}

fn fixed_code(field: Field, code: &str) -> Option<u8> {
    let code = code.trim();
    match field {
        Field::CustomerType => CustomerType::ALL.iter().position(|t| t.code() == code).map(|i| i as u8),
        Field::Class => ["A", "B", "C"].iter().position(|c| c.eq_ignore_ascii_case(code)).map(|i| i as u8 + 1),
        Field::Segment => {
            SEGMENT_CODES.iter().find(|(_, c)| *c == code).map(|(s, _)| crate::workspace::summary::segment_code(*s))
        }
        Field::Stage => {
            STAGE_CODES.iter().find(|(_, c)| *c == code).map(|(s, _)| crate::workspace::summary::stage_code(*s))
        }
        _ => None,
    }
}

/// The condition's values, typed; or the problem and whether it is the operator's.
fn check_condition(c: &Condition) -> Result<Typed, (bool, Problem)> {
    if !c.field.ops().contains(&c.op) {
        return Err((true, Problem::Operator));
    }
    let values: Vec<&str> = c.values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()).collect();
    if values.is_empty() {
        return Err((false, Problem::Required));
    }
    let one = values[0];
    let value_err = |p| (false, p);
    match c.field.kind() {
        FieldKind::Text => {
            if values.iter().any(|v| v.chars().count() > TEXT_MAX) {
                return Err(value_err(Problem::TooLong(TEXT_MAX)));
            }
            let list =
                if c.op == Op::In { values.iter().map(|v| v.to_string()).collect() } else { vec![one.to_string()] };
            Ok(Typed::Texts(list))
        }
        FieldKind::Choice => {
            let list: Vec<&str> = if c.op == Op::In { values.clone() } else { vec![one] };
            match c.field {
                Field::Owner => list
                    .iter()
                    .map(|v| Id::parse(v).ok_or(value_err(Problem::Choice)))
                    .collect::<Result<Vec<Id>, _>>()
                    .map(Typed::Ids),
                Field::Tag => {
                    if list.iter().any(|v| v.chars().count() > TEXT_MAX) {
                        return Err(value_err(Problem::TooLong(TEXT_MAX)));
                    }
                    Ok(Typed::Tags(list.iter().map(|v| v.to_string()).collect()))
                }
                field => list
                    .iter()
                    .map(|v| fixed_code(field, v).ok_or(value_err(Problem::Choice)))
                    .collect::<Result<Vec<u8>, _>>()
                    .map(Typed::Codes),
            }
        }
        FieldKind::Number => parse_number(c.field, one).map_err(value_err),
        FieldKind::Date => {
            NaiveDate::parse_from_str(one, "%Y-%m-%d").map(Typed::Date).map_err(|_| value_err(Problem::Date))
        }
        FieldKind::Bool => match one {
            "true" => Ok(Typed::Bool(true)),
            "false" => Ok(Typed::Bool(false)),
            _ => Err(value_err(Problem::Choice)),
        },
    }
}

/// Checks every condition. Returns the rules with the conditions that passed, and every
/// problem: the live count uses the first while the user is still typing; saving needs the
/// second to be empty.
pub fn check(rules: &Rules) -> (CheckedRules, Vec<RuleError>) {
    let mut errors = Vec::new();
    let mut out = CheckedRules { join: rules.join, groups: Vec::new() };
    let count = rules.condition_count();
    if count == 0 {
        errors.push(RuleError { place: Place::Rules, problem: Problem::NoConditions });
    } else if count > MAX_CONDITIONS {
        errors.push(RuleError { place: Place::Rules, problem: Problem::TooMany(MAX_CONDITIONS) });
        return (out, errors);
    }
    for (g, group) in rules.groups.iter().enumerate() {
        let mut checked = CheckedGroup { join: group.join, conditions: Vec::new() };
        for (i, c) in group.conditions.iter().enumerate() {
            match check_condition(c) {
                Ok(value) => checked.conditions.push(Checked { field: c.field, op: c.op, value }),
                Err((on_op, problem)) => {
                    let place =
                        if on_op { Place::Op { group: g, index: i } } else { Place::Value { group: g, index: i } };
                    errors.push(RuleError { place, problem });
                }
            }
        }
        if !checked.conditions.is_empty() {
            out.groups.push(checked);
        }
    }
    (out, errors)
}

/// Checks rules that must be complete (a saved segment used as a filter): any problem is an
/// error, never a silently wider selection.
pub fn check_strict(rules: &Rules) -> Result<CheckedRules, Vec<RuleError>> {
    let (checked, errors) = check(rules);
    if errors.is_empty() {
        Ok(checked)
    } else {
        Err(errors)
    }
}

/// Checks a segment's name: required, not too long, not the name of another saved segment
/// (compared trimmed and case-folded). `others` are the other segments' names.
pub fn check_name<'a>(name: &str, others: impl IntoIterator<Item = &'a str>) -> Option<RuleError> {
    let n = name.trim();
    let problem = if n.is_empty() {
        Problem::Required
    } else if n.chars().count() > NAME_MAX {
        Problem::TooLong(NAME_MAX)
    } else if others.into_iter().any(|o| o.trim().to_lowercase() == n.to_lowercase()) {
        Problem::NameTaken
    } else {
        return None;
    };
    Some(RuleError { place: Place::Name, problem })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segments::rule::Group;

    fn cond(field: Field, op: Op, values: &[&str]) -> Condition {
        Condition { field, op, values: values.iter().map(|v| v.to_string()).collect() }
    }

    #[test]
    fn good_conditions_get_typed_values() {
        let rules = Rules::all_of(vec![
            cond(Field::Class, Op::Eq, &["A"]),
            cond(Field::PAlive, Op::Lt, &[" 0.5 "]),
            cond(Field::Region, Op::Eq, &["华东"]),
            cond(Field::NetSales, Op::Ge, &["1,234.5"]),
            cond(Field::Share, Op::Gt, &["2%"]),
            cond(Field::Since, Op::Lt, &["2024-03-05"]),
            cond(Field::Segment, Op::In, &["champions", "lost", ""]),
            cond(Field::Active, Op::Eq, &["false"]),
        ]);
        let (checked, errors) = check(&rules);
        assert_eq!(errors, vec![]);
        let values: Vec<Typed> = checked.groups[0].conditions.iter().map(|c| c.value.clone()).collect();
        assert_eq!(
            values,
            vec![
                Typed::Codes(vec![1]),
                Typed::Number(0.5),
                Typed::Texts(vec!["华东".into()]),
                Typed::Fen(123_450),
                Typed::Number(0.02),
                Typed::Date(NaiveDate::from_ymd_opt(2024, 3, 5).unwrap()),
                Typed::Codes(vec![1, 11]),
                Typed::Bool(false),
            ]
        );
        assert!(checked.uses_scores());
    }

    #[test]
    fn each_problem_is_placed_on_its_input() {
        let rules = Rules {
            groups: vec![
                Group {
                    join: Join::All,
                    conditions: vec![
                        cond(Field::PAlive, Op::Lt, &["1.5"]),
                        cond(Field::PAlive, Op::Contains, &["0.5"]),
                        cond(Field::Since, Op::Gt, &["2024-13-01"]),
                    ],
                },
                Group {
                    join: Join::Any,
                    conditions: vec![
                        cond(Field::NetSales, Op::Gt, &["1.234"]),
                        cond(Field::Class, Op::Eq, &["D"]),
                        cond(Field::Owner, Op::Eq, &["not-an-id"]),
                        cond(Field::Name, Op::Contains, &["  "]),
                        cond(Field::RScore, Op::Ge, &["abc"]),
                    ],
                },
            ],
            ..Rules::default()
        };
        let (checked, errors) = check(&rules);
        let v = |group, index, problem| RuleError { place: Place::Value { group, index }, problem };
        assert_eq!(
            errors,
            vec![
                v(0, 0, Problem::Range(0.0, 1.0)),
                RuleError { place: Place::Op { group: 0, index: 1 }, problem: Problem::Operator },
                v(0, 2, Problem::Date),
                v(1, 0, Problem::Decimals(2)),
                v(1, 1, Problem::Choice),
                v(1, 2, Problem::Choice),
                v(1, 3, Problem::Required),
                v(1, 4, Problem::Number),
            ]
        );
        // Nothing passed: no group is left to evaluate.
        assert_eq!(checked.condition_count(), 0);
        assert!(check_strict(&rules).is_err());
        assert_eq!(Problem::Range(0.0, 1.0).text(Lang::En), "Must be between 0 and 1");
        assert_eq!(Problem::Range(0.0, 1.0).text(Lang::Zh), "应在 0 到 1 之间");
    }

    #[test]
    fn empty_and_oversized_rules_are_refused() {
        let (_, errors) = check(&Rules::default());
        assert_eq!(errors, vec![RuleError { place: Place::Rules, problem: Problem::NoConditions }]);
        let many = Rules::all_of((0..=MAX_CONDITIONS).map(|_| cond(Field::Active, Op::Eq, &["true"])).collect());
        let (checked, errors) = check(&many);
        assert_eq!(errors[0].problem, Problem::TooMany(MAX_CONDITIONS));
        assert_eq!(checked.condition_count(), 0);
    }

    #[test]
    fn names_are_required_short_and_unique() {
        assert_eq!(check_name("  ", []).map(|e| e.problem), Some(Problem::Required));
        assert_eq!(check_name(&"长".repeat(61), []).map(|e| e.problem), Some(Problem::TooLong(NAME_MAX)));
        assert_eq!(check_name(" VIP ", ["vip"]).map(|e| e.problem), Some(Problem::NameTaken));
        assert_eq!(check_name("华东大客户", ["华南大客户"]), None);
    }
}
