//! Exact money (integer fen) and quantities (integer thousandths), with strict parsing.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// An amount of money in fen (1/100 of a yuan, or cents of another currency). Never floating point.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Money(pub i64);

/// A quantity in thousandths of the product's unit (so 2.5 kg is representable exactly).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Qty(pub i64);

/// Why a number typed by a user was refused. The UI translates these.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("empty")]
    Empty,
    #[error("not a number")]
    NotANumber,
    #[error("too many decimal places")]
    TooManyDecimals,
    #[error("out of range")]
    OutOfRange,
}

/// Parses a decimal with up to `scale` decimals into an integer of that scale. Accepts an optional
/// sign, a currency sign (¥ ￥ $), thousands separators (`,` or full-width `，`), surrounding spaces.
pub(crate) fn parse_scaled(text: &str, scale: u32) -> Result<i64, NumberError> {
    let s = text.trim();
    if s.is_empty() {
        return Err(NumberError::Empty);
    }
    let (negative, s) = match s.strip_prefix('-').or_else(|| s.strip_prefix('−')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let s = s.trim_start_matches(['¥', '￥', '$']).trim_start();
    let cleaned: String = s.chars().filter(|c| *c != ',' && *c != '，' && *c != '_').collect();
    let (int_part, frac_part) = match cleaned.split_once('.') {
        Some((i, f)) => (i, f),
        None => (cleaned.as_str(), ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(NumberError::NotANumber);
    }
    if !int_part.chars().all(|c| c.is_ascii_digit()) || !frac_part.chars().all(|c| c.is_ascii_digit()) {
        return Err(NumberError::NotANumber);
    }
    if frac_part.len() > scale as usize {
        return Err(NumberError::TooManyDecimals);
    }
    let factor = 10i64.pow(scale);
    let int: i64 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| NumberError::OutOfRange)? };
    let mut frac: i64 =
        if frac_part.is_empty() { 0 } else { frac_part.parse().map_err(|_| NumberError::OutOfRange)? };
    for _ in frac_part.len()..scale as usize {
        frac *= 10;
    }
    let value = int.checked_mul(factor).and_then(|v| v.checked_add(frac)).ok_or(NumberError::OutOfRange)?;
    // Keep far away from i64 limits so sums of a million lines cannot overflow.
    if value > 1_000_000_000_000_000 {
        return Err(NumberError::OutOfRange);
    }
    Ok(if negative { -value } else { value })
}

/// Formats an integer of the given scale with thousands separators and exactly `min_decimals`..=scale
/// decimals (trailing zeros beyond `min_decimals` dropped).
fn format_scaled(value: i64, scale: u32, min_decimals: u32, group: bool) -> String {
    let factor = 10u64.pow(scale);
    let abs = value.unsigned_abs();
    let int = abs / factor;
    let mut frac = format!("{:0width$}", abs % factor, width = scale as usize);
    while frac.len() > min_decimals as usize && frac.ends_with('0') {
        frac.pop();
    }
    let digits = int.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if group && i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if value < 0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    /// Parses "1,234.5", "¥1234.56", "-3" (two decimals at most).
    pub fn parse(text: &str) -> Result<Money, NumberError> {
        parse_scaled(text, 2).map(Money)
    }

    /// "1,234.50" (no currency sign; the UI adds it for the language).
    pub fn format(&self) -> String {
        format_scaled(self.0, 2, 2, true)
    }

    /// "1234.5" — plain, for form fields and CSV.
    pub fn to_plain(&self) -> String {
        format_scaled(self.0, 2, 0, false)
    }

    pub fn fen(&self) -> i64 {
        self.0
    }

    /// Value in yuan as a float, only for charts and ratios, never for storage.
    pub fn as_f64(&self) -> f64 {
        self.0 as f64 / 100.0
    }

    pub fn abs(self) -> Money {
        Money(self.0.abs())
    }

    pub fn is_zero(&self) -> bool {
        self.0 == 0
    }

    /// `self × qty` where qty is in thousandths, rounded half away from zero to the fen.
    pub fn times_qty(self, qty: Qty) -> Money {
        let p = i128::from(self.0) * i128::from(qty.0);
        let r = if p >= 0 { (p + 500) / 1000 } else { (p - 500) / 1000 };
        Money(r as i64)
    }
}

impl Qty {
    pub const ZERO: Qty = Qty(0);

    pub fn units(n: i64) -> Qty {
        Qty(n * 1000)
    }

    /// Parses "12", "2.5", "1,000.125" (three decimals at most).
    pub fn parse(text: &str) -> Result<Qty, NumberError> {
        parse_scaled(text, 3).map(Qty)
    }

    pub fn format(&self) -> String {
        format_scaled(self.0, 3, 0, true)
    }

    pub fn to_plain(&self) -> String {
        format_scaled(self.0, 3, 0, false)
    }

    pub fn as_f64(&self) -> f64 {
        self.0 as f64 / 1000.0
    }
}

macro_rules! arithmetic {
    ($t:ident) => {
        impl Add for $t {
            type Output = $t;
            fn add(self, o: $t) -> $t {
                $t(self.0 + o.0)
            }
        }
        impl Sub for $t {
            type Output = $t;
            fn sub(self, o: $t) -> $t {
                $t(self.0 - o.0)
            }
        }
        impl AddAssign for $t {
            fn add_assign(&mut self, o: $t) {
                self.0 += o.0;
            }
        }
        impl SubAssign for $t {
            fn sub_assign(&mut self, o: $t) {
                self.0 -= o.0;
            }
        }
        impl Neg for $t {
            type Output = $t;
            fn neg(self) -> $t {
                $t(-self.0)
            }
        }
        impl Sum for $t {
            fn sum<I: Iterator<Item = $t>>(iter: I) -> $t {
                $t(iter.map(|x| x.0).sum())
            }
        }
        impl fmt::Debug for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($t), self.to_plain())
            }
        }
    };
}
arithmetic!(Money);
arithmetic!(Qty);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_money_exactly() {
        assert_eq!(Money::parse("1,234.56"), Ok(Money(123_456)));
        assert_eq!(Money::parse(" ¥12.5 "), Ok(Money(1_250)));
        assert_eq!(Money::parse("-3"), Ok(Money(-300)));
        assert_eq!(Money::parse(".5"), Ok(Money(50)));
        assert_eq!(Money::parse("0.1"), Ok(Money(10)));
        assert_eq!(Money::parse(""), Err(NumberError::Empty));
        assert_eq!(Money::parse("12.345"), Err(NumberError::TooManyDecimals));
        assert_eq!(Money::parse("12a"), Err(NumberError::NotANumber));
        assert_eq!(Money::parse("1e5"), Err(NumberError::NotANumber));
        assert_eq!(Money::parse("."), Err(NumberError::NotANumber));
        assert_eq!(Money::parse("99999999999999999999"), Err(NumberError::OutOfRange));
    }

    #[test]
    fn formats_money_with_groups_and_two_decimals() {
        assert_eq!(Money(123_456_789).format(), "1,234,567.89");
        assert_eq!(Money(-50).format(), "-0.50");
        assert_eq!(Money(100).to_plain(), "1");
        assert_eq!(Money(1_250).to_plain(), "12.5");
        for text in ["0", "1", "12.5", "-7.01", "123456.78"] {
            assert_eq!(Money::parse(text).map(|m| m.to_plain()), Ok(text.to_string()));
        }
    }

    #[test]
    fn quantities_keep_three_decimals() {
        assert_eq!(Qty::parse("2.5"), Ok(Qty(2_500)));
        assert_eq!(Qty::parse("1,000.125"), Ok(Qty(1_000_125)));
        assert_eq!(Qty(2_500).format(), "2.5");
        assert_eq!(Qty::units(3).format(), "3");
    }

    #[test]
    fn price_times_quantity_rounds_to_the_fen() {
        assert_eq!(Money(333).times_qty(Qty(1_500)), Money(500)); // 3.33 × 1.5 = 4.995 → 5.00
        assert_eq!(Money(100).times_qty(Qty::units(3)), Money(300));
        assert_eq!(Money(-333).times_qty(Qty(1_500)), Money(-500));
    }
}
