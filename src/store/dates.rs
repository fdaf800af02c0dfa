//! Date values (TIMEX3-style strings) as first and last day, for range filters and ordering.

use chrono::{Days, Months, NaiveDate};

use crate::extract::time::{parse_iso_value, Precision};

/// The first and last day a date value covers: "2023-04" is April 1 to April 30.
pub fn date_range(value: &str) -> Option<(NaiveDate, NaiveDate)> {
    let (start, precision) = parse_iso_value(value)?;
    let months = |n| {
        start
            .checked_add_months(Months::new(n))
            .and_then(|d| d.checked_sub_days(Days::new(1)))
    };
    let end = match precision {
        Precision::Day => Some(start),
        Precision::Week => start.checked_add_days(Days::new(6)),
        Precision::Month => months(1),
        Precision::Season | Precision::Quarter => months(3),
        Precision::Year => months(12),
    }?;
    Some((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(value: &str) -> Option<(String, String)> {
        date_range(value).map(|(a, b)| (a.to_string(), b.to_string()))
    }

    #[test]
    fn ranges_by_precision() {
        assert_eq!(
            range("2023-04-11"),
            Some(("2023-04-11".into(), "2023-04-11".into()))
        );
        assert_eq!(
            range("2023-02"),
            Some(("2023-02-01".into(), "2023-02-28".into()))
        );
        assert_eq!(
            range("2024"),
            Some(("2024-01-01".into(), "2024-12-31".into()))
        );
        assert_eq!(
            range("2023-Q2"),
            Some(("2023-04-01".into(), "2023-06-30".into()))
        );
        assert_eq!(range("nonsense"), None);
    }
}
