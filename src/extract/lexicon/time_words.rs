//! The vocabulary of temporal expressions (time.tsv): month and weekday names, seasons,
//! relative days and modifiers, units, number words and the tense cues. The rules that read
//! it are in `extract::time`.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate, Weekday};
use regex::Match;

use super::source::{LexiconError, Row};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Season {
    Spring,
    Summer,
    Fall,
    Winter,
}

impl Season {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "SP" => Some(Self::Spring),
            "SU" => Some(Self::Summer),
            "FA" => Some(Self::Fall),
            "WI" => Some(Self::Winter),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Spring => "SP",
            Self::Summer => "SU",
            Self::Fall => "FA",
            Self::Winter => "WI",
        }
    }

    /// Position within a "season year": winter Y runs from December Y into February Y+1.
    pub fn index(self) -> i32 {
        self as i32
    }

    pub fn first_day(self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, [3, 6, 9, 12][self as usize], 1)
    }

    /// The (season year, season) containing `date` (meteorological, northern hemisphere).
    pub fn containing(date: NaiveDate) -> (i32, Self) {
        match date.month() {
            3..=5 => (date.year(), Self::Spring),
            6..=8 => (date.year(), Self::Summer),
            9..=11 => (date.year(), Self::Fall),
            12 => (date.year(), Self::Winter),
            _ => (date.year() - 1, Self::Winter),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
}

impl Unit {
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "day" => Some(Self::Day),
            "week" => Some(Self::Week),
            "weekend" => Some(Self::Weekend),
            "month" => Some(Self::Month),
            "quarter" => Some(Self::Quarter),
            "year" => Some(Self::Year),
            _ => None,
        }
    }
}

/// "last", "this", "next", ...: which occurrence is meant, and whether it fixes the tense.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RelMod {
    pub shift: i32,
    /// `Some(true)` = future, `Some(false)` = past.
    pub tense: Option<bool>,
}

/// Word lists loaded from the TSV. Keys are lowercase with single spaces.
#[derive(Debug, Default, Clone)]
pub struct TimeWords {
    pub months: HashMap<String, u32>,
    pub month_full: Vec<String>,
    pub month_abbr: Vec<String>,
    pub weekdays: HashMap<String, Weekday>,
    pub weekday_full: Vec<String>,
    pub weekday_abbr: Vec<String>,
    pub seasons: HashMap<String, Season>,
    pub reldays: HashMap<String, i64>,
    pub dayparts: Vec<String>,
    pub relmods: HashMap<String, RelMod>,
    pub units: HashMap<String, Unit>,
    pub numbers: HashMap<String, u32>,
    pub ordinals: HashMap<String, u32>,
    pub preps: Vec<String>,
    pub year_preps: Vec<String>,
    /// Year prepositions that also precede counts ("by 2000 people").
    pub strict_year_preps: HashSet<String>,
    pub year_next: HashSet<String>,
    pub partofs: Vec<String>,
    pub future: Vec<String>,
    pub past: Vec<String>,
    pub not_future: Vec<String>,
    pub future_after: HashSet<String>,
    pub clause_breaks: HashSet<String>,
    pub skip_before: HashSet<String>,
    pub span_cues: HashSet<String>,
    pub offset_verbs: HashSet<String>,
}

impl TimeWords {
    /// Parses time.tsv; a row whose kind or value is not understood is an error at its line.
    pub fn load(rows: &[Row]) -> Result<Self, LexiconError> {
        let mut words = Self::default();
        for r in rows {
            let cols = r.columns(2, "kind, phrase")?;
            if !words.add(&r.fields) {
                return Err(r.error(format!(
                    "{:?} is not a time word kind with a valid value",
                    cols[0]
                )));
            }
        }
        Ok(words)
    }

    /// Adds one entry; false if the kind or value is not understood.
    fn add(&mut self, cols: &[&str]) -> bool {
        let (kind, phrase) = (cols[0], norm(cols[1]));
        if phrase.is_empty() {
            return false;
        }
        let value = cols.get(2).copied().unwrap_or("");
        let number = value.parse::<i64>().ok();
        let small = number.and_then(|n| u32::try_from(n).ok());
        match kind {
            "month" | "month_abbr" => {
                let Some(m) = small.filter(|m| (1..=12).contains(m)) else {
                    return false;
                };
                // The first row of a phrase wins: a user's row comes before the built-in one.
                if self.months.contains_key(&phrase) {
                    return true;
                }
                self.months.insert(phrase.clone(), m);
                let list = if kind == "month" {
                    &mut self.month_full
                } else {
                    &mut self.month_abbr
                };
                list.push(phrase);
            }
            "weekday" | "weekday_abbr" => {
                let Some(day) = small.and_then(weekday_from_iso) else {
                    return false;
                };
                if self.weekdays.contains_key(&phrase) {
                    return true;
                }
                self.weekdays.insert(phrase.clone(), day);
                let list = if kind == "weekday" {
                    &mut self.weekday_full
                } else {
                    &mut self.weekday_abbr
                };
                list.push(phrase);
            }
            "season" => match Season::from_code(value) {
                Some(season) => _ = self.seasons.entry(phrase).or_insert(season),
                None => return false,
            },
            "relday" => match number {
                Some(n) => _ = self.reldays.entry(phrase).or_insert(n),
                None => return false,
            },
            "relmod" => {
                let Some(shift) = number.and_then(|n| i32::try_from(n).ok()) else {
                    return false;
                };
                let tense = match cols.get(3).copied() {
                    None | Some("") => None,
                    Some("future") => Some(true),
                    Some("past") => Some(false),
                    Some(_) => return false,
                };
                self.relmods
                    .entry(phrase)
                    .or_insert(RelMod { shift, tense });
            }
            "unit" => match Unit::from_name(value) {
                Some(unit) => _ = self.units.entry(phrase).or_insert(unit),
                None => return false,
            },
            "number" | "ordinal" => {
                let Some(n) = small else { return false };
                let map = if kind == "number" {
                    &mut self.numbers
                } else {
                    &mut self.ordinals
                };
                map.entry(phrase).or_insert(n);
            }
            "daypart" => self.dayparts.push(phrase),
            "prep" => self.preps.push(phrase),
            "year_prep" => {
                match value {
                    "" => {}
                    "strict" => _ = self.strict_year_preps.insert(phrase.clone()),
                    _ => return false,
                }
                self.year_preps.push(phrase);
            }
            "year_next" => _ = self.year_next.insert(phrase),
            "partof" => self.partofs.push(phrase),
            "future" => self.future.push(phrase),
            "past" => self.past.push(phrase),
            "not_future" => self.not_future.push(phrase),
            "future_after" => _ = self.future_after.insert(phrase),
            "clause_break" => _ = self.clause_breaks.insert(phrase),
            "skip_before" => _ = self.skip_before.insert(phrase),
            "span_cue" => _ = self.span_cues.insert(phrase),
            "offset_verb" => _ = self.offset_verbs.insert(phrase),
            _ => return false,
        }
        true
    }

    pub fn month(&self, m: Option<Match>) -> Option<u32> {
        self.months.get(&norm(m?.as_str())).copied()
    }

    pub fn weekday(&self, m: Option<Match>) -> Option<Weekday> {
        self.weekdays.get(&norm(m?.as_str())).copied()
    }

    pub fn season(&self, m: Option<Match>) -> Option<Season> {
        self.seasons.get(&norm(m?.as_str())).copied()
    }

    pub fn relmod(&self, m: Option<Match>) -> Option<RelMod> {
        self.relmods.get(&norm(m?.as_str())).copied()
    }

    pub fn unit(&self, m: Option<Match>) -> Option<Unit> {
        self.units.get(&norm(m?.as_str())).copied()
    }

    /// A count written as digits or as a number word.
    pub fn count(&self, m: Option<Match>) -> Option<u32> {
        self.count_word(m?.as_str())
    }

    /// A count written in digits or as a number word ("3", "three", "a").
    pub fn count_word(&self, s: &str) -> Option<u32> {
        parse_digits(s).or_else(|| self.numbers.get(&norm(s)).copied())
    }

    /// Whether a lowercased word names a month or weekday (so "Tuesday April 4" is no title).
    pub fn is_calendar_word(&self, word: &str) -> bool {
        self.months.contains_key(word) || self.weekdays.contains_key(word)
    }
}

pub fn weekday_from_iso(n: u32) -> Option<Weekday> {
    n.checked_sub(1)
        .and_then(|i| u8::try_from(i).ok())
        .and_then(|i| Weekday::try_from(i).ok())
}

/// Lowercases, collapses whitespace and drops a trailing abbreviation dot.
pub fn norm(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    joined.trim_end_matches('.').to_lowercase()
}

/// A number of one to four digits.
pub fn parse_digits(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
