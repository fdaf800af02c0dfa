//! Date values as first and last day, for range filters and ordering.

use chrono::NaiveDate;

use crate::extract::TimexValue;

/// The first and last day a date value covers: "2023-04" is April 1 to April 30.
pub fn date_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    TimexValue::parse(value).and_then(TimexValue::range)
}
