//! Timestamps as people in China read them: the API speaks UTC, the SPA shows Beijing time.
//!
//! Asia/Shanghai is a fixed UTC+08:00 (China has observed no daylight saving time since 1991),
//! so a fixed offset is exact and no time-zone database is shipped to the browser.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+08:00, checked at compile time.
const SHANGHAI: FixedOffset = match FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// `2025-03-01 09:30:00`, in Beijing time.
pub fn format_shanghai(at: DateTime<Utc>) -> String {
    at.with_timezone(&SHANGHAI)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// The instant a Beijing calendar day begins, in UTC.
pub fn start_of_day(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(SHANGHAI)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The instant a Beijing calendar day ends (the start of the next day), in UTC.
pub fn end_of_day(day: NaiveDate) -> Option<DateTime<Utc>> {
    start_of_day(day.succ_opt()?)
}

/// Parses the value of an `<input type="date">` (`YYYY-MM-DD`); empty means no date.
pub fn parse_date_input(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}
