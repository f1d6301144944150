//! The built-in segments, written as rules like any saved segment: the ABC classes, the RFM
//! segments, the lifecycle stages and the key accounts. Each has the customer list's filter
//! code, so "show in the list" and the dashboard's links agree.

use super::rule::{Condition, Field, Op, Rules, SEGMENT_CODES, STAGE_CODES};
use crate::analytics::abc::AbcClass;
use crate::i18n::{Lang, Msg};
use crate::search::ScoreFilter;
use crate::workspace::summary::{class_code, segment_code, segment_of_code, stage_code, stage_of_code};

/// Which family a built-in segment belongs to (how the page groups them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Abc,
    Rfm,
    Lifecycle,
    KeyAccounts,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BuiltIn {
    pub family: Family,
    /// The customer list's filter for the same customers.
    pub filter: ScoreFilter,
    pub rules: Rules,
}

impl BuiltIn {
    /// The segment's name in the language.
    pub fn name(&self, lang: Lang) -> String {
        let pick = |zh: &str, en: &str| if lang == Lang::Zh { zh.to_string() } else { en.to_string() };
        match self.filter {
            ScoreFilter::Class(c) => {
                let letter = ["A", "B", "C"].get(usize::from(c.saturating_sub(1))).copied().unwrap_or("?");
                Msg::SgClassName.with(lang, &[letter])
            }
            ScoreFilter::Segment(s) => segment_of_code(s).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
            ScoreFilter::Stage(s) => stage_of_code(s).map(|s| pick(s.name_zh(), s.name_en())).unwrap_or_default(),
            _ => Msg::SgKeyAccounts.text(lang).to_string(),
        }
    }
}

fn one(field: Field, value: &str) -> Rules {
    Rules::all_of(vec![Condition { field, op: Op::Eq, values: vec![value.to_string()] }])
}

/// Every built-in segment, in the order the page lists them.
pub fn builtins() -> Vec<BuiltIn> {
    let mut out = Vec::new();
    for (class, letter) in [(AbcClass::A, "A"), (AbcClass::B, "B"), (AbcClass::C, "C")] {
        out.push(BuiltIn {
            family: Family::Abc,
            filter: ScoreFilter::Class(class_code(class)),
            rules: one(Field::Class, letter),
        });
    }
    out.push(BuiltIn {
        family: Family::KeyAccounts,
        filter: ScoreFilter::KeyAccounts,
        rules: one(Field::KeyAccount, "true"),
    });
    for (segment, code) in SEGMENT_CODES {
        out.push(BuiltIn {
            family: Family::Rfm,
            filter: ScoreFilter::Segment(segment_code(segment)),
            rules: one(Field::Segment, code),
        });
    }
    for (stage, code) in STAGE_CODES {
        out.push(BuiltIn {
            family: Family::Lifecycle,
            filter: ScoreFilter::Stage(stage_code(stage)),
            rules: one(Field::Stage, code),
        });
    }
    out
}

/// The built-in segment behind a list filter, if it is one.
pub fn builtin(filter: ScoreFilter) -> Option<BuiltIn> {
    builtins().into_iter().find(|b| b.filter == filter)
}
