//! Settings screens as data: each setting is a labelled text field with a way to show the
//! stored value and to read a typed one back. The service and risk settings screens are a table
//! of these (`service::settings_form`, `risk::settings_form`), so reading every field, naming
//! the one that is wrong and leaving the stored settings untouched is written (and tested) once.

use crate::i18n::Msg;
use crate::model::validate::{FieldError, Invalid};
use crate::model::{Money, NumberError};

/// One setting on a settings screen, over the settings value `S`.
pub struct SettingField<S> {
    /// The field's name in `FieldError`s (as the core's `validate_settings` names it) and,
    /// with `.` made `_`, the input's id.
    pub field: &'static str,
    pub label: Msg,
    /// The unit and range, shown under the field ("days, 0–365").
    pub hint: Msg,
    pub get: fn(&S) -> String,
    pub set: fn(&mut S, &str) -> Result<(), Invalid>,
}

impl<S> SettingField<S> {
    /// The input's name (`step_days.decide` → `step_days_decide`): ids and CSS selectors
    /// without dots.
    pub fn name(&self) -> String {
        self.field.replace('.', "_")
    }
}

/// A titled group of settings; `error` is the key of a problem that belongs to the group as a
/// whole (weights that must add up to 100).
pub struct SettingGroup<S: 'static> {
    pub title: Msg,
    pub fields: &'static [SettingField<S>],
    pub error: Option<&'static str>,
}

/// The texts the fields start with: the current values.
pub fn texts_of<S>(groups: &[SettingGroup<S>], current: &S) -> Vec<String> {
    groups.iter().flat_map(|g| g.fields.iter()).map(|f| (f.get)(current)).collect()
}

/// Reads every text (in the order of `texts_of`) into a copy of `base`: the copy with every
/// field that could be read, and each field that could not, named. Only a copy read without a
/// problem is to be saved; the other one lets the core's checks name the rest at the same time.
pub fn read<S: Clone>(groups: &[SettingGroup<S>], base: &S, texts: &[String]) -> (S, Vec<FieldError>) {
    let mut out = base.clone();
    let mut errors = Vec::new();
    for (f, text) in groups.iter().flat_map(|g| g.fields.iter()).zip(texts) {
        if let Err(problem) = (f.set)(&mut out, text) {
            errors.push(FieldError { field: f.field, problem });
        }
    }
    (out, errors)
}

/// The problems of a form: those of reading its fields, then those the core found in the rest
/// (a field is named once, for the first problem found).
pub fn merge_problems(mut read: Vec<FieldError>, checked: Vec<FieldError>) -> Vec<FieldError> {
    for e in checked {
        if !read.iter().any(|r| r.field == e.field) {
            read.push(e);
        }
    }
    read
}

/// A whole number of days, months, percent or items ("30"; spaces and a trailing "%" allowed).
pub fn parse_count(text: &str) -> Result<u32, Invalid> {
    let t = text.trim().trim_end_matches(['%', '％']).trim();
    if t.is_empty() {
        return Err(Invalid::Number(NumberError::Empty));
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::Number(NumberError::NotANumber));
    }
    t.parse().map_err(|_| Invalid::Number(NumberError::OutOfRange))
}

/// An amount in yuan ("1,000", "¥1000.50"), never negative.
pub fn parse_yuan(text: &str) -> Result<Money, Invalid> {
    let m = Money::parse(text).map_err(Invalid::Number)?;
    if m.0 < 0 {
        return Err(Invalid::Negative);
    }
    Ok(m)
}

/// An amount in yuan, or nothing (an empty field: not limited).
pub fn parse_optional_yuan(text: &str) -> Result<Option<Money>, Invalid> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_yuan(text).map(Some)
    }
}

/// A decimal between 0 and 1 ("0.5", ".25").
pub fn parse_fraction(text: &str) -> Result<f64, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Invalid::Number(NumberError::Empty));
    }
    match t.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        Ok(_) => Err(Invalid::Number(NumberError::OutOfRange)),
        Err(_) => Err(Invalid::Number(NumberError::NotANumber)),
    }
}

/// A basis-point value typed as a percent with up to two decimals ("5", "5.25" → 525).
pub fn parse_bp_as_pct(text: &str) -> Result<u32, Invalid> {
    let t = text.trim().trim_end_matches(['%', '％']);
    let v = crate::model::money::parse_scaled(t, 2).map_err(Invalid::Number)?;
    u32::try_from(v).map_err(|_| Invalid::Number(NumberError::OutOfRange))
}

/// Basis points shown as a percent ("525" → "5.25", "500" → "5").
pub fn bp_as_pct(bp: u32) -> String {
    if bp.is_multiple_of(100) {
        (bp / 100).to_string()
    } else {
        format!("{}.{:02}", bp / 100, bp % 100).trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Default)]
    struct S {
        days: u32,
        limit: Option<Money>,
    }

    static FIELDS: [SettingField<S>; 2] = [
        SettingField {
            field: "days",
            label: Msg::Total,
            hint: Msg::Total,
            get: |s| s.days.to_string(),
            set: |s, t| parse_count(t).map(|v| s.days = v),
        },
        SettingField {
            field: "limit.a",
            label: Msg::Total,
            hint: Msg::Total,
            get: |s| s.limit.map(|m| m.to_plain()).unwrap_or_default(),
            set: |s, t| parse_optional_yuan(t).map(|v| s.limit = v),
        },
    ];
    static GROUPS: [SettingGroup<S>; 1] = [SettingGroup { title: Msg::Total, fields: &FIELDS, error: None }];

    #[test]
    fn values_read_back_as_they_were_shown() {
        let s = S { days: 30, limit: Some(Money(5_000_050)) };
        let texts = texts_of(&GROUPS, &s);
        assert_eq!(texts, ["30", "50000.5"]);
        assert_eq!(read(&GROUPS, &S::default(), &texts), (s, vec![]));
        assert_eq!(FIELDS[1].name(), "limit_a");
    }

    #[test]
    fn every_bad_field_is_named_and_nothing_is_returned() {
        let texts = vec!["-3".to_string(), "12x".to_string()];
        let (_, errors) = read(&GROUPS, &S::default(), &texts);
        let got: Vec<_> = errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            got,
            [("days", Invalid::Number(NumberError::NotANumber)), ("limit.a", Invalid::Number(NumberError::NotANumber))]
        );
        assert_eq!(read(&GROUPS, &S::default(), &["".into(), "".into()]).1[0].field, "days");
        // What could be read is there, for the core's checks of the rest.
        assert_eq!(read(&GROUPS, &S::default(), &["7".into(), "x".into()]).0, S { days: 7, limit: None });
        assert_eq!(read(&GROUPS, &S::default(), &["7".into(), "".into()]), (S { days: 7, limit: None }, vec![]));
        let checked = vec![
            FieldError { field: "days", problem: Invalid::Number(NumberError::OutOfRange) },
            FieldError { field: "other", problem: Invalid::Negative },
        ];
        let merged = merge_problems(errors, checked);
        assert_eq!(merged.iter().map(|e| e.field).collect::<Vec<_>>(), ["days", "limit.a", "other"]);
        assert_eq!(merged[0].problem, Invalid::Number(NumberError::NotANumber), "the reading problem comes first");
    }

    #[test]
    fn numbers_parse_at_their_edges() {
        assert_eq!(parse_count(" 30 "), Ok(30));
        assert_eq!(parse_count("80%"), Ok(80));
        assert_eq!(parse_count("1.5"), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_count("99999999999"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_yuan("1,000"), Ok(Money(100_000)));
        assert_eq!(parse_yuan("-1"), Err(Invalid::Negative));
        assert_eq!(parse_fraction("0.5"), Ok(0.5));
        assert_eq!(parse_fraction("1.5"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_fraction("half"), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_bp_as_pct("5.25"), Ok(525));
        assert_eq!(parse_bp_as_pct("5"), Ok(500));
        assert_eq!(parse_bp_as_pct("-1"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!((bp_as_pct(525), bp_as_pct(500), bp_as_pct(510)), ("5.25".into(), "5".into(), "5.1".into()));
    }
}
