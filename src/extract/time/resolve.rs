//! Resolution: an expression anchored to the publication date, backwards or forwards by tense.

use super::*;

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

/// Anchors an expression; `future` picks the direction for underspecified ones.
pub(super) fn resolve(
    expr: Expr,
    published: Option<NaiveDate>,
    future: bool,
) -> Option<TimexValue> {
    match expr {
        Expr::Date {
            year: Some(y),
            month,
            day,
        } => NaiveDate::from_ymd_opt(y, month, day).map(TimexValue::Day),
        Expr::Date {
            year: None,
            month,
            day,
        } => nearest_month_day(published?, month, day, future).map(TimexValue::Day),
        Expr::IsoWeek { year, week } => {
            NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(TimexValue::week_of)
        }
        Expr::Month {
            year: Some(y),
            month,
            ..
        } => Some(TimexValue::Month(y, month)),
        Expr::Month {
            year: None,
            month,
            shift,
        } => {
            let p = published?;
            Some(TimexValue::Month(
                month_year(p, month, shift, future),
                month,
            ))
        }
        Expr::Year(y) => Some(TimexValue::Year(y)),
        Expr::Season {
            season,
            year: Some(y),
            ..
        } => Some(TimexValue::Season(y, season)),
        Expr::Season {
            season,
            year: None,
            shift,
        } => {
            let p = published?;
            Some(TimexValue::Season(
                season_year(p, season, shift, future),
                season,
            ))
        }
        Expr::Quarter {
            quarter,
            year: Some(y),
            ..
        } => Some(TimexValue::Quarter(y, quarter)),
        Expr::Quarter {
            quarter,
            year: None,
            year_shift: Some(s),
        } => Some(TimexValue::Quarter(
            published?.year().checked_add(s)?,
            quarter,
        )),
        Expr::Quarter {
            quarter,
            year: None,
            year_shift: None,
        } => {
            let p = published?;
            Some(TimexValue::Quarter(
                quarter_year(p, quarter, future),
                quarter,
            ))
        }
        Expr::Weekday { day, shift } => {
            weekday_date(published?, day, shift, future).map(TimexValue::Day)
        }
        Expr::RelDay(n) => shift_days(published?, n).map(TimexValue::Day),
        Expr::RelUnit { unit, shift } => unit_value(published?, unit, shift),
        Expr::Weekend => weekend(published?, future).map(TimexValue::week_of),
    }
}

fn shift_days(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    let days = Days::new(n.unsigned_abs());
    if n >= 0 {
        date.checked_add_days(days)
    } else {
        date.checked_sub_days(days)
    }
}

fn shift_months(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    let months = Months::new(n.unsigned_abs());
    if n >= 0 {
        date.checked_add_months(months)
    } else {
        date.checked_sub_months(months)
    }
}

/// `shift` units away from the publication date, at the unit's precision.
fn unit_value(p: NaiveDate, unit: Unit, shift: i32) -> Option<TimexValue> {
    match unit {
        Unit::Day => shift_days(p, i64::from(shift)).map(TimexValue::Day),
        Unit::Week | Unit::Weekend => shift_days(p, 7 * i64::from(shift)).map(TimexValue::week_of),
        Unit::Month => {
            shift_months(p.with_day(1)?, shift).map(|d| TimexValue::Month(d.year(), d.month()))
        }
        Unit::Quarter => {
            let d = shift_months(p.with_day(1)?, shift.checked_mul(3)?)?;
            Some(TimexValue::Quarter(d.year(), quarter_of(d)))
        }
        Unit::Year => Some(TimexValue::Year(p.year().checked_add(shift)?)),
    }
}

fn quarter_of(d: NaiveDate) -> u32 {
    (d.month() - 1) / 3 + 1
}

/// Year-less "April 4": latest on/before publication, or next on/after when future.
fn nearest_month_day(p: NaiveDate, month: u32, day: u32, future: bool) -> Option<NaiveDate> {
    // Eight years always contain a February 29.
    (0..=8).find_map(|k| {
        let year = if future { p.year() + k } else { p.year() - k };
        NaiveDate::from_ymd_opt(year, month, day).filter(|&d| if future { d >= p } else { d <= p })
    })
}

/// The year holding the wanted occurrence of `target` (a month, season or quarter index),
/// given the publication's `year` and slot `current`. `shift` < 0: strictly before,
/// > 0: strictly after, otherwise on/before (past) or on/after (future).
fn pick_year(year: i32, target: i32, current: i32, shift: Option<i32>, future: bool) -> i32 {
    let (forward, inclusive) = match shift {
        Some(s) if s < 0 => (false, false),
        Some(s) if s > 0 => (true, false),
        _ => (future, true),
    };
    let same_year = match (forward, inclusive) {
        (false, false) => target < current,
        (false, true) => target <= current,
        (true, false) => target > current,
        (true, true) => target >= current,
    };
    match (same_year, forward) {
        (true, _) => year,
        (false, true) => year + 1,
        (false, false) => year - 1,
    }
}

fn month_year(p: NaiveDate, month: u32, shift: Option<i32>, future: bool) -> i32 {
    if shift == Some(0) {
        return p.year(); // "this April"
    }
    pick_year(p.year(), month as i32, p.month() as i32, shift, future)
}

fn season_year(p: NaiveDate, season: Season, shift: Option<i32>, future: bool) -> i32 {
    let (year, current) = Season::containing(p);
    match shift {
        Some(0) if season == current => year,
        // "this summer" is the calendar year's; winter straddles years, so follow the tense.
        Some(0) if season != Season::Winter => p.year(),
        Some(0) => pick_year(year, season.index(), current.index(), None, future),
        _ => pick_year(year, season.index(), current.index(), shift, future),
    }
}

fn quarter_year(p: NaiveDate, quarter: u32, future: bool) -> i32 {
    pick_year(p.year(), quarter as i32, quarter_of(p) as i32, None, future)
}

/// Weekday: bare/this → on/before (past) or on/after (future); last/next → strictly.
fn weekday_date(p: NaiveDate, day: Weekday, shift: Option<i32>, future: bool) -> Option<NaiveDate> {
    let back = i64::from(p.weekday().days_since(day));
    let ahead = i64::from(day.days_since(p.weekday()));
    match shift {
        Some(s) if s < 0 => shift_days(p, -(if back == 0 { 7 } else { back })),
        Some(s) if s > 0 => shift_days(p, if ahead == 0 { 7 } else { ahead }),
        _ if future => shift_days(p, ahead),
        _ => shift_days(p, -back),
    }
}

/// "over the weekend": the latest (or, future, the next) Saturday–Sunday, as its ISO week.
pub(super) fn weekend(p: NaiveDate, future: bool) -> Option<NaiveDate> {
    if matches!(p.weekday(), Weekday::Sat | Weekday::Sun) {
        return Some(p);
    }
    weekday_date(p, Weekday::Sat, None, future)
}
