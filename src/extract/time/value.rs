//! Time values: a TIMEX3-style value ("2023-04-11", "2023-W15", "2023-04", "2023-SP",
//! "2023-Q2", "2023") as a type, with its precision, its days and its text form. The extractor
//! produces them; the store and the graph read them back with `parse` instead of splitting
//! strings.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::extract::lexicon::time_words::{parse_digits, Season};

/// Granularity of a resolved time value.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, PartialOrd, Ord,
)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Week,
    Month,
    Season,
    Quarter,
    Year,
}

/// A resolved value at some precision. Written and read as its TIMEX3 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimexValue {
    Day(NaiveDate),
    /// The ISO week starting on this Monday.
    Week(NaiveDate),
    Month(i32, u32),
    Season(i32, Season),
    Quarter(i32, u32),
    Year(i32),
}

impl TimexValue {
    /// The ISO week holding `day`.
    pub fn week_of(day: NaiveDate) -> Self {
        let back = Days::new(u64::from(day.weekday().num_days_from_monday()));
        Self::Week(day.checked_sub_days(back).unwrap_or(day))
    }

    /// Reads the text form back; `None` for anything that is not one.
    pub fn parse(value: &str) -> Option<Self> {
        let (year_str, rest) = value.split_at_checked(4)?;
        let year = parse_digits(year_str)? as i32;
        if rest.is_empty() {
            return Some(Self::Year(year));
        }
        let rest = rest.strip_prefix('-')?;
        if let Some(season) = Season::from_code(rest) {
            season.first_day(year)?;
            return Some(Self::Season(year, season));
        }
        if let Some(week) = rest.strip_prefix('W') {
            let week = parse_digits(week)?;
            return NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(Self::Week);
        }
        if let Some(quarter) = rest.strip_prefix('Q') {
            let quarter = parse_digits(quarter).filter(|q| (1..=4).contains(q))?;
            return Some(Self::Quarter(year, quarter));
        }
        match rest.split_once('-') {
            None => {
                let month = parse_digits(rest).filter(|m| (1..=12).contains(m))?;
                Some(Self::Month(year, month))
            }
            Some((month, day)) => {
                NaiveDate::from_ymd_opt(year, parse_digits(month)?, parse_digits(day)?)
                    .map(Self::Day)
            }
        }
    }

    pub fn precision(self) -> Precision {
        match self {
            Self::Day(_) => Precision::Day,
            Self::Week(_) => Precision::Week,
            Self::Month(..) => Precision::Month,
            Self::Season(..) => Precision::Season,
            Self::Quarter(..) => Precision::Quarter,
            Self::Year(_) => Precision::Year,
        }
    }

    /// The day, for a value of day precision.
    pub fn day(self) -> Option<NaiveDate> {
        match self {
            Self::Day(d) => Some(d),
            _ => None,
        }
    }

    /// First and last day covered: "2023-04" is April 1 to April 30.
    pub fn range(self) -> Option<(NaiveDate, NaiveDate)> {
        let span = |first: NaiveDate, months: u32| {
            let last = first.checked_add_months(Months::new(months))?.pred_opt()?;
            Some((first, last))
        };
        match self {
            Self::Day(d) => Some((d, d)),
            Self::Week(monday) => Some((monday, monday.checked_add_days(Days::new(6))?)),
            Self::Month(y, m) => span(NaiveDate::from_ymd_opt(y, m, 1)?, 1),
            Self::Season(y, s) => span(s.first_day(y)?, 3),
            Self::Quarter(y, q) => span(NaiveDate::from_ymd_opt(y, q * 3 - 2, 1)?, 3),
            Self::Year(y) => span(NaiveDate::from_ymd_opt(y, 1, 1)?, 12),
        }
    }

    /// The first day covered.
    pub fn first_day(self) -> Option<NaiveDate> {
        self.range().map(|(first, _)| first)
    }

    /// The month holding a day.
    pub fn month_of(day: NaiveDate) -> Self {
        Self::Month(day.year(), day.month())
    }
}

impl fmt::Display for TimexValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
            Self::Week(d) => {
                let w = d.iso_week();
                write!(f, "{:04}-W{:02}", w.year(), w.week())
            }
            Self::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Self::Season(y, s) => write!(f, "{y:04}-{}", s.code()),
            Self::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Self::Year(y) => write!(f, "{y:04}"),
        }
    }
}

impl serde::Serialize for TimexValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_their_text() {
        for value in [
            "2023-04-11",
            "2023-W15",
            "2023-04",
            "2023-SP",
            "2023-WI",
            "2023-Q2",
            "2023",
        ] {
            let parsed = TimexValue::parse(value).unwrap_or_else(|| panic!("{value}"));
            assert_eq!(parsed.to_string(), value);
        }
        for bad in [
            "",
            "20",
            "2023-13",
            "2023-02-30",
            "2023-Q5",
            "2023-W",
            "nonsense",
            "2023-04-",
        ] {
            assert_eq!(TimexValue::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn ranges_by_precision() {
        let range = |v: &str| {
            let (a, b) = TimexValue::parse(v).and_then(TimexValue::range).unwrap();
            (a.to_string(), b.to_string())
        };
        assert_eq!(
            range("2023-04-11"),
            ("2023-04-11".into(), "2023-04-11".into())
        );
        assert_eq!(range("2023-02"), ("2023-02-01".into(), "2023-02-28".into()));
        assert_eq!(range("2024"), ("2024-01-01".into(), "2024-12-31".into()));
        assert_eq!(range("2023-Q2"), ("2023-04-01".into(), "2023-06-30".into()));
        assert_eq!(
            range("2024-W22"),
            ("2024-05-27".into(), "2024-06-02".into())
        );
        assert_eq!(range("2023-WI"), ("2023-12-01".into(), "2024-02-29".into()));
    }

    #[test]
    fn a_week_is_the_same_value_whichever_day_names_it() {
        let tuesday = NaiveDate::from_ymd_opt(2024, 5, 28).unwrap();
        let sunday = NaiveDate::from_ymd_opt(2024, 6, 2).unwrap();
        assert_eq!(TimexValue::week_of(tuesday), TimexValue::week_of(sunday));
        assert_eq!(TimexValue::week_of(sunday).to_string(), "2024-W22");
    }
}
