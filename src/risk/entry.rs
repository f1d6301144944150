//! What the scorecard, investigation and criteria screens type in, parsed and shown back: a
//! score 0–100, a ratio ("1.5" → 15,000 basis points), a percentage ("8.5%" → 850 basis points),
//! the running sum of a level's weights and a fresh key for a criterion added by hand.

use crate::model::org::Criterion;
use crate::model::validate::Invalid;
use crate::model::NumberError;

/// A score as typed ("80", " 100 "): empty = not scored; a whole number 0–100.
pub fn parse_score(text: &str) -> Result<Option<u32>, Invalid> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if !t.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::Number(NumberError::NotANumber));
    }
    match t.parse::<u32>() {
        Ok(v) if v <= 100 => Ok(Some(v)),
        _ => Err(Invalid::Number(NumberError::OutOfRange)),
    }
}

/// A decimal with at most two decimals, an optional sign and a trailing `%` ignored, in
/// hundredths ("1.5" → 150, "-2" → -200, "8，5%" → 850). Empty = `None`.
fn parse_hundredths(text: &str) -> Result<Option<i64>, Invalid> {
    let t = text.trim().trim_end_matches(['%', '％']).trim().replace('，', ".");
    if t.is_empty() {
        return Ok(None);
    }
    let (negative, t) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
    if whole.is_empty() && frac.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err(Invalid::Number(NumberError::NotANumber));
    }
    if frac.len() > 2 {
        return Err(Invalid::Number(NumberError::TooManyDecimals));
    }
    let out_of_range = Invalid::Number(NumberError::OutOfRange);
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().map_err(|_| out_of_range)? };
    let frac: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
    // A million is far beyond any ratio or margin; the bound keeps the basis points in range.
    if whole > 1_000_000 {
        return Err(out_of_range);
    }
    let v = whole * 100 + frac;
    Ok(Some(if negative { -v } else { v }))
}

/// A ratio as typed ("1.5", "0.85") in basis points (15,000, 8,500); empty = not known.
pub fn parse_ratio_bp(text: &str) -> Result<Option<i64>, Invalid> {
    Ok(parse_hundredths(text)?.map(|h| h * 100))
}

/// A percentage as typed ("8.5", "8.5%", "-3") in basis points (850, -300); empty = not known.
pub fn parse_pct_bp(text: &str) -> Result<Option<i64>, Invalid> {
    parse_hundredths(text)
}

/// Hundredths without trailing zeros: 150 → "1.5", 200 → "2", -305 → "-3.05".
fn hundredths_text(h: i64) -> String {
    let sign = if h < 0 { "-" } else { "" };
    let (whole, frac) = (h.unsigned_abs() / 100, h.unsigned_abs() % 100);
    match frac {
        0 => format!("{sign}{whole}"),
        f if f % 10 == 0 => format!("{sign}{whole}.{}", f / 10),
        f => format!("{sign}{whole}.{f:02}"),
    }
}

/// A ratio in basis points as shown: 15,000 → "1.5", 8,250 → "0.83" (rounded to hundredths).
pub fn ratio_text(bp: i64) -> String {
    hundredths_text((bp as f64 / 100.0).round() as i64)
}

/// A percentage in basis points as shown: 850 → "8.5%", -300 → "-3%".
pub fn pct_text(bp: i64) -> String {
    format!("{}%", hundredths_text(bp))
}

/// The sum of a level's weights (what "they add up to N%" shows).
pub fn weight_sum(level: &[Criterion]) -> u32 {
    level.iter().map(|c| c.weight_pct.min(1_000)).sum()
}

/// A key no criterion or sub-criterion uses yet: `custom1`, `custom2`…
pub fn fresh_key(criteria: &[Criterion]) -> String {
    let used = super::scorecards::keys(criteria);
    (1..).map(|n| format!("custom{n}")).find(|k| !used.contains(&k.as_str())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::org::default_scorecard;

    #[test]
    fn scores_are_whole_numbers_from_0_to_100() {
        assert_eq!(parse_score(" 80 "), Ok(Some(80)));
        assert_eq!(parse_score("0"), Ok(Some(0)));
        assert_eq!(parse_score("100"), Ok(Some(100)));
        assert_eq!(parse_score(""), Ok(None));
        assert_eq!(parse_score("120"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_score("99999999999"), Err(Invalid::Number(NumberError::OutOfRange)));
        assert_eq!(parse_score("8.5"), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_score("-1"), Err(Invalid::Number(NumberError::NotANumber)));
    }

    #[test]
    fn ratios_and_percentages_become_basis_points() {
        assert_eq!(parse_ratio_bp("1.5"), Ok(Some(15_000)));
        assert_eq!(parse_ratio_bp("0.85"), Ok(Some(8_500)));
        assert_eq!(parse_ratio_bp("2"), Ok(Some(20_000)));
        assert_eq!(parse_ratio_bp(".5"), Ok(Some(5_000)));
        assert_eq!(parse_ratio_bp("1，2"), Ok(Some(12_000)));
        assert_eq!(parse_ratio_bp(""), Ok(None));
        assert_eq!(parse_ratio_bp("-0.5"), Ok(Some(-5_000)), "negative: the core refuses it next to the field");
        assert_eq!(parse_ratio_bp("1.555"), Err(Invalid::Number(NumberError::TooManyDecimals)));
        assert_eq!(parse_ratio_bp("abc"), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_ratio_bp("."), Err(Invalid::Number(NumberError::NotANumber)));
        assert_eq!(parse_pct_bp("8.5%"), Ok(Some(850)));
        assert_eq!(parse_pct_bp("8.5"), Ok(Some(850)));
        assert_eq!(parse_pct_bp(" -3 ％"), Ok(Some(-300)));
        assert_eq!(parse_pct_bp("10"), Ok(Some(1_000)));
        assert_eq!(parse_pct_bp("99999999"), Err(Invalid::Number(NumberError::OutOfRange)));
    }

    #[test]
    fn basis_points_read_back_as_typed() {
        assert_eq!(ratio_text(15_000), "1.5");
        assert_eq!(ratio_text(20_000), "2");
        assert_eq!(ratio_text(8_250), "0.83");
        assert_eq!(ratio_text(-5_000), "-0.5");
        assert_eq!(pct_text(850), "8.5%");
        assert_eq!(pct_text(-305), "-3.05%");
        assert_eq!(pct_text(1_000), "10%");
        for text in ["1.5", "0.85", "2", "12.34"] {
            assert_eq!(ratio_text(parse_ratio_bp(text).unwrap().unwrap()), text);
        }
    }

    #[test]
    fn weights_sum_per_level_and_new_keys_are_unused() {
        let mut c = default_scorecard();
        assert_eq!(weight_sum(&c), 100);
        assert_eq!(weight_sum(&c[1].sub), 100);
        assert_eq!(fresh_key(&c), "custom1");
        c[1].sub[0].key = "custom1".into();
        assert_eq!(fresh_key(&c), "custom2");
    }
}
