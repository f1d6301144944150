//! The rule model of a segment: conditions over a customer's fields and scores, combined with
//! AND/OR in one level of groups, stored as versioned JSON in
//! [`SavedSegment::rules`](crate::model::value::SavedSegment).
//!
//! Values are kept as the text the user chose or typed (numbers in plain decimal, dates as
//! `2026-03-05`, choices by their stable code), so the form edits the rules directly and a
//! half-typed number never has to be thrown away; [`super::check`] turns them into typed values
//! and names every problem.
//!
//! ```json
//! {"version":1,"join":"all","groups":[{"join":"all","conditions":[
//!   {"field":"class","op":"eq","values":["A"]},
//!   {"field":"p_alive","op":"lt","values":["0.5"]},
//!   {"field":"region","op":"eq","values":["华东"]}]}]}
//! ```

use crate::analytics::lifecycle::LifecycleStage;
use crate::analytics::rfm::RfmSegment;
use crate::i18n::Msg;
use serde::{Deserialize, Serialize};

/// The version this build writes. Older versions stay readable; newer ones are refused.
pub const RULES_VERSION: u32 = 1;

/// What a condition looks at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    // The customer record.
    Name,
    CustomerType,
    Owner,
    Region,
    City,
    Tag,
    Since,
    /// DOMAIN.md §10: A class, plus marked by hand, minus unmarked by hand.
    KeyAccount,
    // The analysis.
    Class,
    Segment,
    Stage,
    RScore,
    FScore,
    MScore,
    PAlive,
    Clv,
    ExpectedPurchases,
    NetSales,
    Share,
    Active,
    Churn,
    /// The latest scorecard's weighted total (DOMAIN.md §5), 0–100; customers never scored
    /// match no comparison.
    Scorecard,
}

/// How a field's values are entered and compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text: equals, differs, one of, contains.
    Text,
    /// One of a list (types, classes, segments, stages, staff, tags).
    Choice,
    Number,
    Date,
    /// Yes or no.
    Bool,
}

/// How a condition compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    Contains,
}

/// AND or OR.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Join {
    /// Every part must hold (AND).
    #[default]
    All,
    /// At least one part must hold (OR).
    Any,
}

/// One comparison: `field op values`. `values` holds one value, or several for [`Op::In`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub field: Field,
    pub op: Op,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// Conditions joined by one [`Join`].
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Group {
    #[serde(default)]
    pub join: Join,
    #[serde(default)]
    pub conditions: Vec<Condition>,
}

/// A segment's rules: groups joined by `join`. Groups with no condition are left out; with no
/// condition at all, the rules select every customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rules {
    pub version: u32,
    #[serde(default)]
    pub join: Join,
    #[serde(default)]
    pub groups: Vec<Group>,
}

impl Default for Rules {
    /// One empty group, ready for the first condition.
    fn default() -> Self {
        Rules { version: RULES_VERSION, join: Join::All, groups: vec![Group::default()] }
    }
}

/// Why stored rules could not be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RulesError {
    #[error("written by a newer version (rules version {0})")]
    Newer(u32),
    #[error("{0}")]
    Json(String),
}

impl Rules {
    /// One group with these conditions, all of which must hold.
    pub fn all_of(conditions: Vec<Condition>) -> Rules {
        Rules { version: RULES_VERSION, join: Join::All, groups: vec![Group { join: Join::All, conditions }] }
    }

    pub fn to_json(&self) -> String {
        // Plain data of strings and unit enums: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads stored rules. Unknown fields of a future minor change are ignored; a newer
    /// version is refused rather than half understood.
    pub fn from_json(text: &str) -> Result<Rules, RulesError> {
        let rules: Rules = serde_json::from_str(text).map_err(|e| RulesError::Json(e.to_string()))?;
        if rules.version > RULES_VERSION {
            return Err(RulesError::Newer(rules.version));
        }
        Ok(rules)
    }

    /// Every condition, with its group and position.
    pub fn conditions(&self) -> impl Iterator<Item = (usize, usize, &Condition)> {
        self.groups
            .iter()
            .enumerate()
            .flat_map(|(g, group)| group.conditions.iter().enumerate().map(move |(i, c)| (g, i, c)))
    }

    pub fn condition_count(&self) -> usize {
        self.groups.iter().map(|g| g.conditions.len()).sum()
    }
}

impl Condition {
    /// A new condition on `field` with the field's first operator and a sensible first value
    /// (the first choice, "yes"), so a row added in the form is usable at once.
    pub fn new(field: Field) -> Condition {
        let values = match field.kind() {
            FieldKind::Bool => vec!["true".to_string()],
            FieldKind::Choice => field.fixed_choices().first().map(|c| vec![c.to_string()]).unwrap_or_default(),
            _ => Vec::new(),
        };
        Condition { field, op: field.ops()[0], values }
    }

    /// Changes the field, keeping the operator and values when they still fit.
    pub fn with_field(&self, field: Field) -> Condition {
        if field.kind() == self.field.kind() && field.ops().contains(&self.op) && !field.is_fixed_choice() {
            Condition { field, op: self.op, values: self.values.clone() }
        } else {
            Condition::new(field)
        }
    }

    /// Changes the operator; going from several values to one keeps the first.
    pub fn with_op(&self, op: Op) -> Condition {
        let mut values = self.values.clone();
        if op != Op::In {
            values.truncate(1);
        }
        Condition { field: self.field, op, values }
    }
}

/// Stable codes of the RFM segments in rules (the engine's enum order may change; these don't).
pub const SEGMENT_CODES: [(RfmSegment, &str); 11] = [
    (RfmSegment::Champions, "champions"),
    (RfmSegment::Loyal, "loyal"),
    (RfmSegment::PotentialLoyalists, "potential_loyalists"),
    (RfmSegment::New, "new"),
    (RfmSegment::Promising, "promising"),
    (RfmSegment::NeedAttention, "need_attention"),
    (RfmSegment::AboutToSleep, "about_to_sleep"),
    (RfmSegment::AtRisk, "at_risk"),
    (RfmSegment::CantLoseThem, "cant_lose_them"),
    (RfmSegment::Hibernating, "hibernating"),
    (RfmSegment::Lost, "lost"),
];

/// Stable codes of the lifecycle stages in rules.
pub const STAGE_CODES: [(LifecycleStage, &str); 4] = [
    (LifecycleStage::Exploration, "exploration"),
    (LifecycleStage::Formation, "formation"),
    (LifecycleStage::Stability, "stability"),
    (LifecycleStage::Decline, "decline"),
];

pub fn segment_rule_code(s: RfmSegment) -> &'static str {
    SEGMENT_CODES.iter().find(|(x, _)| *x == s).map_or("", |(_, c)| c)
}

pub fn stage_rule_code(s: LifecycleStage) -> &'static str {
    STAGE_CODES.iter().find(|(x, _)| *x == s).map_or("", |(_, c)| c)
}

const TYPE_CODES: [&str; 5] = ["dealer", "retailer", "agent", "industrial", "consumer"];
const CLASS_CODES: [&str; 3] = ["A", "B", "C"];

impl Field {
    pub const ALL: [Field; 22] = [
        Field::Name,
        Field::CustomerType,
        Field::Owner,
        Field::Region,
        Field::City,
        Field::Tag,
        Field::Since,
        Field::KeyAccount,
        Field::Class,
        Field::Segment,
        Field::Stage,
        Field::RScore,
        Field::FScore,
        Field::MScore,
        Field::PAlive,
        Field::Clv,
        Field::ExpectedPurchases,
        Field::NetSales,
        Field::Share,
        Field::Active,
        Field::Churn,
        Field::Scorecard,
    ];

    /// The stable code (as in the JSON), for the form's select.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::CustomerType => "customer_type",
            Field::Owner => "owner",
            Field::Region => "region",
            Field::City => "city",
            Field::Tag => "tag",
            Field::Since => "since",
            Field::KeyAccount => "key_account",
            Field::Class => "class",
            Field::Segment => "segment",
            Field::Stage => "stage",
            Field::RScore => "r_score",
            Field::FScore => "f_score",
            Field::MScore => "m_score",
            Field::PAlive => "p_alive",
            Field::Clv => "clv",
            Field::ExpectedPurchases => "expected_purchases",
            Field::NetSales => "net_sales",
            Field::Share => "share",
            Field::Active => "active",
            Field::Churn => "churn",
            Field::Scorecard => "scorecard",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.code() == code)
    }

    pub fn kind(self) -> FieldKind {
        match self {
            Field::Name | Field::Region | Field::City => FieldKind::Text,
            Field::CustomerType | Field::Owner | Field::Tag | Field::Class | Field::Segment | Field::Stage => {
                FieldKind::Choice
            }
            Field::Since => FieldKind::Date,
            Field::KeyAccount | Field::Active | Field::Churn => FieldKind::Bool,
            Field::RScore
            | Field::FScore
            | Field::MScore
            | Field::PAlive
            | Field::Clv
            | Field::ExpectedPurchases
            | Field::NetSales
            | Field::Share
            | Field::Scorecard => FieldKind::Number,
        }
    }

    /// True for the fields that come from the analysis (they need a scoring result).
    pub fn is_score(self) -> bool {
        !matches!(
            self,
            Field::Name
                | Field::CustomerType
                | Field::Owner
                | Field::Region
                | Field::City
                | Field::Tag
                | Field::Since
                | Field::Scorecard
        )
    }

    /// The comparisons that make sense for the field; the first is the default.
    pub fn ops(self) -> &'static [Op] {
        match self.kind() {
            FieldKind::Text => &[Op::Eq, Op::Ne, Op::Contains, Op::In],
            FieldKind::Choice => &[Op::Eq, Op::Ne, Op::In],
            FieldKind::Number => &[Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq, Op::Ne],
            FieldKind::Date => &[Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::Eq, Op::Ne],
            FieldKind::Bool => &[Op::Eq],
        }
    }

    /// The codes a fixed-list field accepts (empty for staff and tags, which come from the data).
    pub fn fixed_choices(self) -> &'static [&'static str] {
        const SEGMENTS: [&str; 11] = [
            "champions",
            "loyal",
            "potential_loyalists",
            "new",
            "promising",
            "need_attention",
            "about_to_sleep",
            "at_risk",
            "cant_lose_them",
            "hibernating",
            "lost",
        ];
        const STAGES: [&str; 4] = ["exploration", "formation", "stability", "decline"];
        match self {
            Field::CustomerType => &TYPE_CODES,
            Field::Class => &CLASS_CODES,
            Field::Segment => &SEGMENTS,
            Field::Stage => &STAGES,
            _ => &[],
        }
    }

    pub fn is_fixed_choice(self) -> bool {
        !self.fixed_choices().is_empty()
    }

    /// The label shown in the form.
    pub fn label(self) -> Msg {
        match self {
            Field::Name => Msg::FName,
            Field::CustomerType => Msg::FilterType,
            Field::Owner => Msg::FilterOwner,
            Field::Region => Msg::FRegion,
            Field::City => Msg::FCity,
            Field::Tag => Msg::FilterTag,
            Field::Since => Msg::FSince,
            Field::KeyAccount => Msg::SgFieldKeyAccount,
            Field::Class => Msg::ColClass,
            Field::Segment => Msg::SgFieldSegment,
            Field::Stage => Msg::SgFieldStage,
            Field::RScore => Msg::SgFieldR,
            Field::FScore => Msg::SgFieldF,
            Field::MScore => Msg::SgFieldM,
            Field::PAlive => Msg::SgFieldPAlive,
            Field::Clv => Msg::SgFieldClv,
            Field::ExpectedPurchases => Msg::SgFieldExpected,
            Field::NetSales => Msg::SgFieldNetSales,
            Field::Share => Msg::SgFieldShare,
            Field::Active => Msg::SgFieldActive,
            Field::Churn => Msg::SgFieldChurn,
            Field::Scorecard => Msg::SgFieldScorecard,
        }
    }

    /// What a number is in (shown under the value input), for number fields.
    pub fn hint(self) -> Option<Msg> {
        match self {
            Field::PAlive => Some(Msg::SgHintPAlive),
            Field::RScore | Field::FScore | Field::MScore => Some(Msg::SgHintScore),
            Field::Share => Some(Msg::SgHintShare),
            Field::Clv | Field::NetSales => Some(Msg::SgHintYuan),
            Field::Scorecard => Some(Msg::SgHintScorecard),
            _ => None,
        }
    }
}

impl Op {
    pub const ALL: [Op; 8] = [Op::Eq, Op::Ne, Op::Lt, Op::Le, Op::Gt, Op::Ge, Op::In, Op::Contains];

    pub fn code(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::Lt => "lt",
            Op::Le => "le",
            Op::Gt => "gt",
            Op::Ge => "ge",
            Op::In => "in",
            Op::Contains => "contains",
        }
    }

    pub fn from_code(code: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.code() == code)
    }

    /// The operator in words for a field: dates read "before/after", tags "has/has not".
    pub fn label(self, field: Field) -> Msg {
        match (field.kind(), field, self) {
            (FieldKind::Date, _, Op::Lt) => Msg::SgOpBefore,
            (FieldKind::Date, _, Op::Le) => Msg::SgOpOnOrBefore,
            (FieldKind::Date, _, Op::Gt) => Msg::SgOpAfter,
            (FieldKind::Date, _, Op::Ge) => Msg::SgOpOnOrAfter,
            (_, Field::Tag, Op::Eq) => Msg::SgOpHasTag,
            (_, Field::Tag, Op::Ne) => Msg::SgOpHasNotTag,
            (_, Field::Tag, Op::In) => Msg::SgOpHasAnyTag,
            (_, _, Op::Eq) => Msg::SgOpEq,
            (_, _, Op::Ne) => Msg::SgOpNe,
            (_, _, Op::Lt) => Msg::SgOpLt,
            (_, _, Op::Le) => Msg::SgOpLe,
            (_, _, Op::Gt) => Msg::SgOpGt,
            (_, _, Op::Ge) => Msg::SgOpGe,
            (_, _, Op::In) => Msg::SgOpIn,
            (_, _, Op::Contains) => Msg::SgOpContains,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_match_the_json() {
        for f in Field::ALL {
            assert_eq!(Field::from_code(f.code()), Some(f));
            assert_eq!(serde_json::to_string(&f).unwrap(), format!("\"{}\"", f.code()));
            assert!(!f.ops().is_empty());
        }
        for o in Op::ALL {
            assert_eq!(Op::from_code(o.code()), Some(o));
            assert_eq!(serde_json::to_string(&o).unwrap(), format!("\"{}\"", o.code()));
        }
        for (s, code) in SEGMENT_CODES {
            assert!(Field::Segment.fixed_choices().contains(&code), "{s:?}");
        }
        assert_eq!(SEGMENT_CODES.len(), RfmSegment::ALL.len());
        for (st, code) in STAGE_CODES {
            assert_eq!(stage_rule_code(st), code);
        }
        for (t, code) in crate::model::CustomerType::ALL.iter().zip(TYPE_CODES) {
            assert_eq!(t.code(), code);
        }
    }

    #[test]
    fn rules_round_trip_as_versioned_json() {
        let rules = Rules::all_of(vec![
            Condition { field: Field::Class, op: Op::Eq, values: vec!["A".into()] },
            Condition { field: Field::PAlive, op: Op::Lt, values: vec!["0.5".into()] },
            Condition { field: Field::Region, op: Op::Eq, values: vec!["华东".into()] },
        ]);
        let json = rules.to_json();
        assert!(json.starts_with("{\"version\":1,"), "{json}");
        assert_eq!(Rules::from_json(&json), Ok(rules));
        // A newer version is refused, not half read; rubbish is an error, not a panic.
        assert_eq!(Rules::from_json(r#"{"version":2,"groups":[]}"#), Err(RulesError::Newer(2)));
        assert!(matches!(Rules::from_json("{"), Err(RulesError::Json(_))));
        assert!(matches!(
            Rules::from_json(r#"{"version":1,"groups":[{"conditions":[{"field":"x","op":"eq"}]}]}"#),
            Err(RulesError::Json(_))
        ));
        // Missing optional parts take their defaults.
        let short = Rules::from_json(r#"{"version":1}"#).unwrap();
        assert_eq!((short.join, short.groups.len()), (Join::All, 0));
    }

    #[test]
    fn changing_field_or_operator_keeps_what_still_fits() {
        let c = Condition { field: Field::Region, op: Op::Contains, values: vec!["华".into()] };
        assert_eq!(c.with_field(Field::City).values, vec!["华".to_string()]);
        let to_number = c.with_field(Field::PAlive);
        assert_eq!((to_number.op, to_number.values.len()), (Op::Lt, 0));
        let to_class = c.with_field(Field::Class);
        assert_eq!(to_class.values, vec!["A".to_string()]);
        let many = Condition { field: Field::Class, op: Op::In, values: vec!["A".into(), "B".into()] };
        assert_eq!(many.with_op(Op::Eq).values, vec!["A".to_string()]);
        assert_eq!(Condition::new(Field::Active).values, vec!["true".to_string()]);
    }
}
