//! The service desk's settings: survey weights and schedule, return-visit rhythm, complaint step
//! limits, contract notice, repair limits, photo limits and the yearly satisfaction targets.
//! Every value has the default of `docs/service.md`. They travel with branch exchange inside the
//! firm settings (`FirmSettings::service_settings`, JSON, so fields can be added freely).

use crate::model::validate::{FieldError, Invalid};
use crate::model::{FirmSettings, NumberError};
use serde::{Deserialize, Serialize};

/// Days allowed for each complaint step, counted from the day of the step before it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StepDays {
    /// Record → decide whether it stands (and tell the customer).
    pub decide: u32,
    /// Decision → responsible department/person.
    pub assign: u32,
    /// Assignment → cause found.
    pub cause: u32,
    /// Cause → solution proposed to the customer.
    pub propose: u32,
    /// A proposal the customer refused or has not answered → the next proposal (negotiation).
    pub negotiate: u32,
    /// Accepted proposal → implemented.
    pub implement: u32,
    /// Implementation → evaluation (summary, prevention, accountability).
    pub evaluate: u32,
    /// A closing step recorded without the feedback to the customer → the feedback.
    pub feedback: u32,
}

impl Default for StepDays {
    fn default() -> Self {
        StepDays { decide: 2, assign: 1, cause: 5, propose: 3, negotiate: 5, implement: 7, evaluate: 7, feedback: 1 }
    }
}

/// One year's satisfaction targets, in basis points (7600 = 76.00%). `None` = no target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct YearTarget {
    pub year: i32,
    pub index_bp: Option<u32>,
    pub rate_bp: Option<u32>,
}

/// Everything the service desk's rules can be told. `Default` gives the documented defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceSettings {
    /// Weight of our salespeople's self-assessment in the overall index and rate, percent; the
    /// survey of customers and dealers has the rest (DOMAIN.md §8: 40 / 60).
    pub self_weight_pct: u32,
    /// Key customers are surveyed every this many months (a quarter).
    pub key_survey_months: u32,
    /// Ordinary customers every this many months (half a year).
    pub ordinary_survey_months: u32,
    /// Return visits: monthly for this many months after the delivery is put into use…
    pub visit_monthly_months: u32,
    /// …then every this many months (a quarter).
    pub visit_later_months: u32,
    /// A return visit up to this many days before its due date counts for it.
    pub visit_early_days: u32,
    /// Key accounts should have a visit or meeting at least every this many months.
    pub key_visit_months: u32,
    /// Days allowed for each complaint step.
    pub step_days: StepDays,
    /// Contracts show up for renewal this many days before they end.
    pub contract_notice_days: u32,
    /// A repair should be done within this many days of being received…
    pub repair_days: u32,
    /// …and the customer's feedback recorded within this many days of it being done.
    pub repair_feedback_days: u32,
    /// Largest photo accepted, in bytes, after the browser has compressed it.
    pub max_photo_bytes: u32,
    /// Most photos on one complaint step or visit.
    pub max_photos: u32,
    /// The yearly satisfaction targets the firm set.
    pub targets: Vec<YearTarget>,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            self_weight_pct: 40,
            key_survey_months: 3,
            ordinary_survey_months: 6,
            visit_monthly_months: 12,
            visit_later_months: 3,
            visit_early_days: 7,
            key_visit_months: 1,
            step_days: StepDays::default(),
            contract_notice_days: 30,
            repair_days: 7,
            repair_feedback_days: 7,
            max_photo_bytes: 512 * 1024,
            max_photos: 6,
            targets: Vec::new(),
        }
    }
}

impl ServiceSettings {
    /// The settings stored in the firm settings; the defaults when none were saved or the JSON
    /// cannot be read (a damaged value must not stop the service desk).
    pub fn of_firm(firm: &FirmSettings) -> ServiceSettings {
        Self::from_json(&firm.service_settings)
    }

    /// Reads the settings' JSON; unknown fields are ignored and missing ones take defaults.
    pub fn from_json(json: &str) -> ServiceSettings {
        if json.trim().is_empty() {
            return ServiceSettings::default();
        }
        serde_json::from_str(json).unwrap_or_default()
    }

    /// The settings as JSON, for `FirmSettings::service_settings`.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The weight of the survey part, percent (100 − self-assessment).
    pub fn survey_weight_pct(&self) -> u32 {
        100u32.saturating_sub(self.self_weight_pct.min(100))
    }

    /// The settings with one year's target replaced, or removed when it sets neither figure;
    /// the targets stay in year order.
    pub fn with_target(mut self, t: YearTarget) -> ServiceSettings {
        self.targets.retain(|x| x.year != t.year);
        if t.index_bp.is_some() || t.rate_bp.is_some() {
            self.targets.push(t);
            self.targets.sort_by_key(|x| x.year);
        }
        self
    }

    /// The target set for a year, if any.
    pub fn target(&self, year: i32) -> Option<YearTarget> {
        self.targets.iter().copied().find(|t| t.year == year)
    }
}

/// A target percentage as typed on the targets screen ("76", "80.33", "80.5%", "80，5") in basis
/// points; empty = no target. At most two decimals, 0–100.
pub fn parse_target_pct(text: &str) -> Result<Option<u32>, Invalid> {
    let t = text.trim().trim_end_matches('%').trim().replace(['，', ','], ".");
    if t.is_empty() {
        return Ok(None);
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(Invalid::Number(NumberError::NotANumber));
    }
    if frac.len() > 2 {
        return Err(Invalid::Number(NumberError::TooManyDecimals));
    }
    let whole: u32 =
        if whole.is_empty() { 0 } else { whole.parse().map_err(|_| Invalid::Number(NumberError::OutOfRange))? };
    let frac: u32 = format!("{frac:0<2}").parse().unwrap_or(0);
    let bp =
        whole.checked_mul(100).and_then(|w| w.checked_add(frac)).ok_or(Invalid::Number(NumberError::OutOfRange))?;
    if bp > 10_000 {
        return Err(Invalid::Number(NumberError::OutOfRange));
    }
    Ok(Some(bp))
}

/// Basis points as typed back into the field: 8033 → "80.33", 8050 → "80.5", 7600 → "76".
pub fn target_pct_text(bp: Option<u32>) -> String {
    match bp {
        None => String::new(),
        Some(b) if b % 100 == 0 => (b / 100).to_string(),
        Some(b) => format!("{}.{:02}", b / 100, b % 100).trim_end_matches('0').to_string(),
    }
}

/// Checks settings typed on the settings screen; each problem names its field.
pub fn validate_settings(s: &ServiceSettings) -> Vec<FieldError> {
    let mut out = Vec::new();
    let range = |out: &mut Vec<FieldError>, field: &'static str, v: u32, lo: u32, hi: u32| {
        if v < lo || v > hi {
            out.push(FieldError { field, problem: Invalid::Number(NumberError::OutOfRange) });
        }
    };
    range(&mut out, "self_weight_pct", s.self_weight_pct, 0, 100);
    range(&mut out, "key_survey_months", s.key_survey_months, 1, 24);
    range(&mut out, "ordinary_survey_months", s.ordinary_survey_months, 1, 24);
    range(&mut out, "visit_monthly_months", s.visit_monthly_months, 0, 60);
    range(&mut out, "visit_later_months", s.visit_later_months, 1, 24);
    range(&mut out, "visit_early_days", s.visit_early_days, 0, 27);
    range(&mut out, "key_visit_months", s.key_visit_months, 1, 24);
    let d = &s.step_days;
    for (field, v) in [
        ("step_days.decide", d.decide),
        ("step_days.assign", d.assign),
        ("step_days.cause", d.cause),
        ("step_days.propose", d.propose),
        ("step_days.negotiate", d.negotiate),
        ("step_days.implement", d.implement),
        ("step_days.evaluate", d.evaluate),
        ("step_days.feedback", d.feedback),
    ] {
        range(&mut out, field, v, 0, 365);
    }
    range(&mut out, "contract_notice_days", s.contract_notice_days, 0, 365);
    range(&mut out, "repair_days", s.repair_days, 0, 365);
    range(&mut out, "repair_feedback_days", s.repair_feedback_days, 0, 365);
    range(&mut out, "max_photo_bytes", s.max_photo_bytes, 16 * 1024, 8 * 1024 * 1024);
    range(&mut out, "max_photos", s.max_photos, 0, 20);
    let mut years = std::collections::BTreeSet::new();
    for t in &s.targets {
        if !(2000..=2100).contains(&t.year) {
            out.push(FieldError { field: "targets.year", problem: Invalid::Year });
        } else if !years.insert(t.year) {
            out.push(FieldError { field: "targets.year", problem: Invalid::Duplicate });
        }
        for v in [t.index_bp, t.rate_bp].into_iter().flatten() {
            range(&mut out, "targets.value", v, 0, 10_000);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_percentages_are_read_as_basis_points() {
        assert_eq!(parse_target_pct(""), Ok(None));
        assert_eq!(parse_target_pct("76"), Ok(Some(7_600)));
        assert_eq!(parse_target_pct("80.33"), Ok(Some(8_033)));
        assert_eq!(parse_target_pct(" 80.5% "), Ok(Some(8_050)));
        assert_eq!(parse_target_pct("80，5"), Ok(Some(8_050)));
        assert_eq!(parse_target_pct("100"), Ok(Some(10_000)));
        assert_eq!(parse_target_pct("100.01"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_target_pct("80.333"), Err(Invalid::Number(NumberError::TooManyDecimals)));
        assert_eq!(parse_target_pct("abc"), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_target_pct("-5"), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_target_pct("."), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_target_pct("99999999999"), Err(Invalid::Number(NumberError::OutOfRange)));
        for bp in [0, 7_600, 8_033, 8_050, 10_000] {
            assert_eq!(parse_target_pct(&target_pct_text(Some(bp))), Ok(Some(bp)), "{bp}");
        }
        assert_eq!(target_pct_text(Some(8_050)), "80.5");
        assert_eq!(target_pct_text(None), "");
    }

    #[test]
    fn a_year_target_replaces_the_old_one_and_an_empty_one_removes_it() {
        let s = ServiceSettings::default()
            .with_target(YearTarget { year: 2026, index_bp: Some(8_000), rate_bp: None })
            .with_target(YearTarget { year: 2025, index_bp: Some(7_000), rate_bp: Some(9_000) })
            .with_target(YearTarget { year: 2026, index_bp: Some(8_500), rate_bp: Some(9_500) });
        let got: Vec<(i32, Option<u32>)> = s.targets.iter().map(|t| (t.year, t.index_bp)).collect();
        assert_eq!(got, vec![(2025, Some(7_000)), (2026, Some(8_500))]);
        let s = s.with_target(YearTarget { year: 2025, index_bp: None, rate_bp: None });
        assert_eq!(s.targets.len(), 1);
    }

    #[test]
    fn defaults_round_trip_and_damaged_json_reads_as_defaults() {
        let s = ServiceSettings::default();
        assert_eq!(ServiceSettings::from_json(&s.to_json()), s);
        assert_eq!(ServiceSettings::from_json(""), s);
        assert_eq!(ServiceSettings::from_json("{not json"), s);
        // A field unknown to this version is ignored, a missing one takes its default.
        let t = ServiceSettings::from_json(r#"{"contract_notice_days":60,"from_the_future":1}"#);
        assert_eq!(t.contract_notice_days, 60);
        assert_eq!(t.key_survey_months, 3);
        assert_eq!(s.survey_weight_pct(), 60);
        assert!(validate_settings(&s).is_empty());
    }

    #[test]
    fn settings_out_of_range_are_named() {
        let s = ServiceSettings {
            self_weight_pct: 120,
            key_survey_months: 0,
            targets: vec![
                YearTarget { year: 2026, index_bp: Some(8_000), rate_bp: Some(12_000) },
                YearTarget { year: 2026, index_bp: None, rate_bp: None },
            ],
            ..ServiceSettings::default()
        };
        let fields: Vec<&str> = validate_settings(&s).iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["self_weight_pct", "key_survey_months", "targets.value", "targets.year"]);
    }
}
