//! Days as plain integers: the engine's only notion of time.
//!
//! A [`Day`] counts days since 1970-01-01 (day 0), so differences are exact day counts and sorting is
//! integer sorting. Conversion uses Howard Hinnant's civil-calendar algorithms (proleptic Gregorian), which
//! are pure integer arithmetic and need no clock or time-zone data.

/// Days since 1970-01-01 (negative before it).
pub type Day = i32;

/// A calendar month as one integer: `year * 12 + (month - 1)`. Consecutive months differ by one.
pub type MonthIndex = i32;

/// The day of a calendar date, or `None` when the date does not exist (e.g. 1997-02-30).
///
/// ```
/// use kehu::analytics::calendar::{day_from_ymd, ymd_from_day};
/// let d = day_from_ymd(1997, 9, 30).unwrap();
/// assert_eq!(ymd_from_day(d), (1997, 9, 30));
/// assert_eq!(day_from_ymd(1970, 1, 1), Some(0));
/// ```
pub fn day_from_ymd(year: i32, month: u32, day: u32) -> Option<Day> {
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Day::try_from(era * 146_097 + doe - 719_468).ok()
}

/// The [`Day`] of a `chrono` date (the model's `NaiveDate`).
pub fn day_from_date(date: chrono::NaiveDate) -> Day {
    use chrono::Datelike;
    day_from_ymd(date.year(), date.month(), date.day()).expect("a NaiveDate is a valid date")
}

/// The calendar date `(year, month, day)` of a [`Day`].
pub fn ymd_from_day(day: Day) -> (i32, u32, u32) {
    let z = i64::from(day) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y as i32, m, d)
}

/// The month a day falls in.
pub fn month_of(day: Day) -> MonthIndex {
    let (y, m, _) = ymd_from_day(day);
    month_index(y, m)
}

/// The [`MonthIndex`] of a year and a month 1–12.
pub fn month_index(year: i32, month: u32) -> MonthIndex {
    year * 12 + month as i32 - 1
}

/// Parses `YYYY-MM-DD` or `YYYYMMDD`; `None` for anything else or a date that does not exist.
///
/// ```
/// use kehu::analytics::calendar::parse_day;
/// assert_eq!(parse_day("1997-01-01"), parse_day("19970101"));
/// assert_eq!(parse_day("1997-02-30"), None);
/// ```
pub fn parse_day(text: &str) -> Option<Day> {
    let b = text.as_bytes();
    let digits = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0')))
    };
    let (y, m, d) = match b.len() {
        8 => (digits(&b[0..4])?, digits(&b[4..6])?, digits(&b[6..8])?),
        10 if b[4] == b'-' && b[7] == b'-' => (digits(&b[0..4])?, digits(&b[5..7])?, digits(&b[8..10])?),
        _ => return None,
    };
    day_from_ymd(y as i32, m, d)
}

/// Formats a day as `YYYY-MM-DD`.
pub fn format_day(day: Day) -> String {
    let (y, m, d) = ymd_from_day(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn agrees_with_chrono_over_four_centuries() {
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        let mut date = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2300, 1, 1).unwrap();
        while date < end {
            let expected = (date - epoch).num_days() as Day;
            let (y, m, d) =
                (chrono::Datelike::year(&date), chrono::Datelike::month(&date), chrono::Datelike::day(&date));
            assert_eq!(day_from_ymd(y, m, d), Some(expected));
            assert_eq!(ymd_from_day(expected), (y, m, d));
            date = date.succ_opt().unwrap();
        }
    }

    #[test]
    fn naive_dates_convert() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        assert_eq!(day_from_date(date), day_from_ymd(2026, 11, 25).unwrap());
        assert_eq!(month_of(day_from_date(date)), month_index(2026, 11));
    }

    #[test]
    fn rejects_impossible_dates_and_formats() {
        assert_eq!(day_from_ymd(1900, 2, 29), None);
        assert!(day_from_ymd(2000, 2, 29).is_some());
        assert_eq!(parse_day("1997-13-01"), None);
        assert_eq!(parse_day("1997/01/01"), None);
        assert_eq!(parse_day("199701011"), None);
        assert_eq!(parse_day("1997-1-01"), None);
        assert_eq!(parse_day("97-01-01x"), None);
    }

    #[test]
    fn months_are_consecutive_integers() {
        let dec = month_of(day_from_ymd(1997, 12, 31).unwrap());
        let jan = month_of(day_from_ymd(1998, 1, 1).unwrap());
        assert_eq!(jan - dec, 1);
        assert_eq!(format_day(day_from_ymd(1998, 1, 1).unwrap()), "1998-01-01");
    }
}
