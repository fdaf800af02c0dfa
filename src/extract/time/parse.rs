//! Rule parsers: each turns a regex match into a candidate expression, or rejects it by its context.

use super::*;

// ----- rule parsers: each turns a regex match into a candidate, or rejects it -----

fn num(caps: &Captures, name: &str) -> Option<u32> {
    parse_digits(caps.name(name)?.as_str())
}

fn year_of(caps: &Captures, name: &str) -> Option<i32> {
    num(caps, name).and_then(|y| i32::try_from(y).ok())
}

/// Day exists in that month (any year when the year is unknown; 2000 was a leap year).
fn valid_day(year: Option<i32>, month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(year.unwrap_or(2000), month, day).is_some()
}

pub(super) fn parse_date(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let month = lex.month(caps.name("mon"))?;
    let day = num(caps, "day")?;
    let year = year_of(caps, "year");
    if !valid_day(year, month, day) {
        return None;
    }
    Some(Candidate::whole(
        caps.get(0)?,
        Expr::Date { year, month, day },
    ))
}

pub(super) fn parse_iso_date(_: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let whole = caps.get(0)?;
    if text[whole.end()..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let year = year_of(caps, "year")?;
    let month = num(caps, "m1").or_else(|| num(caps, "m2"))?;
    let day = num(caps, "d1").or_else(|| num(caps, "d2"))?;
    NaiveDate::from_ymd_opt(year, month, day)?;
    Some(Candidate::whole(
        whole,
        Expr::Date {
            year: Some(year),
            month,
            day,
        },
    ))
}

pub(super) fn parse_iso_week(_: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let year = year_of(caps, "year")?;
    let week = num(caps, "week")?;
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
    Some(Candidate::whole(caps.get(0)?, Expr::IsoWeek { year, week }))
}

pub(super) fn parse_month_year(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let month = lex.month(caps.name("mon"))?;
    let year = year_of(caps, "year");
    Some(Candidate::whole(
        caps.get(0)?,
        Expr::Month {
            year,
            month,
            shift: None,
        },
    ))
}

/// A month name alone needs a licence ("in May", "early May", "last May"): "May" is a verb too.
pub(super) fn parse_month_alone(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let mon = caps.name("mon")?;
    let month = lex.month(Some(mon))?;
    let rel = caps.name("rel");
    let modifier = caps.name("mod");
    let licensed = caps.name("prep").is_some() || rel.is_some() || modifier.is_some();
    // "on April 31": a broken date, not a month.
    let day_follows = text[mon.end()..]
        .trim_start()
        .starts_with(|c: char| c.is_ascii_digit());
    if !licensed || day_follows || rel.is_some_and(|r| preceded_by_the(text, r.start())) {
        return None;
    }
    let relmod = lex.relmod(rel);
    let start = rel.or(modifier).unwrap_or(mon).start();
    let expr = Expr::Month {
        year: None,
        month,
        shift: relmod.map(|r| r.shift),
    };
    Some(Candidate::new(start, mon.end(), expr).forced(relmod.and_then(|r| r.tense)))
}

/// A month next to another month ("April and June"): the pairing is its licence.
pub(super) fn parse_month_listed(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let mon = caps.name("mon")?;
    let expr = Expr::Month {
        year: None,
        month: lex.month(Some(mon))?,
        shift: None,
    };
    Some(Candidate::new(mon.start(), mon.end(), expr))
}

/// A bare number is a year only with a licence ("in 2023", "mid-2023", "2023's").
pub(super) fn parse_year(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let year_m = caps.name("year")?;
    let year = year_of(caps, "year")?;
    let modifier = caps.name("mod").or(caps.name("mod2"));
    let prep = caps.name("prep");
    if prep.is_none() && modifier.is_none() && caps.name("poss").is_none() {
        return None;
    }
    // "by 2000 people": a count, not a year.
    let strict = prep.is_some_and(|p| lex.strict_year_preps.contains(&norm(p.as_str())));
    if strict && modifier.is_none() && followed_by_count_noun(lex, &text[year_m.end()..]) {
        return None;
    }
    let start = modifier.unwrap_or(year_m).start();
    Some(Candidate::new(start, year_m.end(), Expr::Year(year)))
}

/// Second year of "between 2019 and 2021".
pub(super) fn parse_year_range(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let year_m = caps.name("year")?;
    if followed_by_count_noun(lex, &text[year_m.end()..]) {
        return None;
    }
    Some(Candidate::new(
        year_m.start(),
        year_m.end(),
        Expr::Year(year_of(caps, "year")?),
    ))
}

pub(super) fn parse_relday(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let word = caps.name("word")?;
    let offset = *lex.reldays.get(&norm(word.as_str()))?;
    if preceded_by_skip_word(lex, text, word.start()) {
        return None;
    }
    let pre = caps.name("pre");
    let end = caps.name("dp").unwrap_or(word).end();
    let tense = match (pre.map(|p| p.as_str().to_lowercase()), offset.signum()) {
        (_, 1) => Some(true),
        (_, -1) => Some(false),
        (Some(p), _) => Some(p == "later"),
        (None, _) => None,
    };
    Some(Candidate::new(pre.unwrap_or(word).start(), end, Expr::RelDay(offset)).forced(tense))
}

pub(super) fn parse_weekday(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let wd = caps.name("wd")?;
    let day = lex.weekday(Some(wd))?;
    let rel = caps.name("rel");
    let dp = caps.name("dp");
    if let Some(r) = rel {
        if preceded_by_the(text, r.start()) {
            return None;
        }
    } else if preceded_by_skip_word(lex, text, wd.start()) {
        return None; // "Super Tuesday", "Good Friday"
    }
    if dp.is_none()
        && (followed_by_title_word(lex, &text[wd.end()..]) || followed_by_domain(&text[wd.end()..]))
    {
        return None; // "Sunday Times", "Monday.com"
    }
    let relmod = lex.relmod(rel);
    // "this Tuesday" resolves like a bare weekday; only last/next are strict.
    let shift = relmod.map(|r| r.shift).filter(|&s| s != 0);
    let expr = Expr::Weekday { day, shift };
    let start = rel.unwrap_or(wd).start();
    Some(Candidate::new(start, dp.unwrap_or(wd).end(), expr).forced(relmod.and_then(|r| r.tense)))
}

pub(super) fn parse_relunit(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let rel = caps.name("rel")?;
    let relmod = lex.relmod(Some(rel))?;
    let unit = lex.unit(caps.name("unit"))?;
    // "the last week of April" / "the next year" are anchored elsewhere; "this day" is idiom.
    if unit == Unit::Day || (caps.name("edge").is_none() && preceded_by_the(text, rel.start())) {
        return None;
    }
    let expr = Expr::RelUnit {
        unit,
        shift: relmod.shift,
    };
    Some(Candidate::whole(caps.get(0)?, expr).forced(relmod.tense))
}

pub(super) fn parse_edge_unit(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let edge = norm(caps.name("edge")?.as_str());
    let unit = lex.unit(caps.name("unit"))?;
    // Only "the end of the year", not "early the year" or "at the end of the day" (an idiom).
    if unit == Unit::Day || !edge.ends_with(" of") {
        return None;
    }
    Some(Candidate::whole(
        caps.get(0)?,
        Expr::RelUnit { unit, shift: 0 },
    ))
}

pub(super) fn parse_weekend(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let t = caps.name("t")?;
    (lex.unit(caps.name("unit"))? == Unit::Weekend)
        .then(|| Candidate::new(t.start(), t.end(), Expr::Weekend))
}

/// Shared by "N units ago" / "in N units" / "N units from now"; `sign` gives the direction.
fn parse_count(lex: &TimeWords, caps: &Captures, sign: i32) -> Option<Candidate> {
    let n = i32::try_from(lex.count(caps.name("n"))?).ok()?;
    let unit = lex.unit(caps.name("unit"))?;
    let shift = n.checked_mul(sign)?;
    Some(Candidate::whole(caps.get(0)?, Expr::RelUnit { unit, shift }).forced(Some(sign > 0)))
}

pub(super) fn parse_ago(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    parse_count(lex, caps, -1)
}

pub(super) fn parse_from_now(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    parse_count(lex, caps, 1)
}

/// How far before "in N years" a span cue ("first", "lowest") is looked for.
const SPAN_CUE_WORDS: usize = 6;

pub(super) fn parse_in_n(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let whole = caps.get(0)?;
    let n = caps.name("n")?.as_str().to_lowercase();
    // "twice in a day", "in two days of talks": durations, not points in time.
    if n == "a" || n == "an" || starts_with_word(&text[whole.end()..], "of") {
        return None;
    }
    parse_count(lex, caps, 1).map(Candidate::counted_ahead)
}

/// "the first visit in 30 years", "its lowest level in five years": the span looked back over,
/// not a time to come. A span cue among the few words before `start`, in the same clause.
pub(super) fn spans_back(lex: &TimeWords, scan: &Scan, start: usize) -> bool {
    let before = &scan.text[..start];
    let clause = before.rfind(['.', ';', ',', '\n']).map_or(0, |i| i + 1);
    scan.words(clause, start)
        .rev()
        .take(SPAN_CUE_WORDS)
        .any(|w| lex.span_cues.contains(&w))
}

pub(super) fn parse_season_year(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let season = lex.season(caps.name("s"))?;
    let year = year_of(caps, "year");
    Some(Candidate::whole(
        caps.get(0)?,
        Expr::Season {
            season,
            year,
            shift: None,
        },
    ))
}

pub(super) fn parse_season_rel(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let rel = caps.name("rel")?;
    let relmod = lex.relmod(Some(rel))?;
    let s = caps.name("s")?;
    let season = lex.season(Some(s))?;
    if preceded_by_the(text, rel.start()) || bad_season_context(lex, text, s) {
        return None;
    }
    let expr = Expr::Season {
        season,
        year: None,
        shift: Some(relmod.shift),
    };
    Some(Candidate::whole(caps.get(0)?, expr).forced(relmod.tense))
}

pub(super) fn parse_season_bare(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let t = caps.name("t")?;
    let s = caps.name("s")?;
    let season = lex.season(Some(s))?;
    if bad_season_context(lex, text, s) {
        return None;
    }
    let expr = Expr::Season {
        season,
        year: None,
        shift: None,
    };
    Some(Candidate::new(t.start(), t.end(), expr))
}

/// "the fall of Kabul", "Winter Olympics": the season word is not a time.
fn bad_season_context(lex: &TimeWords, text: &str, s: Match) -> bool {
    let after = &text[s.end()..];
    let capitalised = s.as_str().starts_with(|c: char| c.is_uppercase());
    starts_with_word(after.trim_start(), "of")
        || (capitalised && followed_by_title_word(lex, after))
}

pub(super) fn parse_quarter(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let quarter = *lex.ordinals.get(&norm(caps.name("ord")?.as_str()))?;
    let year = year_of(caps, "year");
    let year_shift = lex.relmod(caps.name("rel")).map(|r| r.shift);
    let expr = Expr::Quarter {
        quarter,
        year,
        year_shift,
    };
    Some(Candidate::whole(caps.get(0)?, expr))
}

pub(super) fn parse_quarter_q(_: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let quarter = num(caps, "q")?;
    let year = year_of(caps, "ya").or_else(|| year_of(caps, "yb"));
    let expr = Expr::Quarter {
        quarter,
        year,
        year_shift: None,
    };
    Some(Candidate::whole(caps.get(0)?, expr))
}

// ----- context checks -----

/// "the last week of April": relative to something other than publication.
fn preceded_by_the(text: &str, pos: usize) -> bool {
    previous_word(text, pos).is_some_and(|w| w.eq_ignore_ascii_case("the"))
}

/// "Super Tuesday", "USA Today": a capitalised name word right before.
fn preceded_by_skip_word(lex: &TimeWords, text: &str, pos: usize) -> bool {
    previous_word(text, pos).is_some_and(|w| {
        w.starts_with(|c: char| c.is_uppercase()) && lex.skip_before.contains(&w.to_lowercase())
    })
}

/// The word immediately before `pos`, separated by a single space.
fn previous_word(text: &str, pos: usize) -> Option<&str> {
    let head = text[..pos].strip_suffix(' ')?;
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric())
        .last()
        .map(|(i, _)| i)?;
    Some(&head[start..])
}

/// "Sunday Times": a capitalised word follows that is not itself calendar vocabulary.
fn followed_by_title_word(lex: &TimeWords, after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
    word.starts_with(|c: char| c.is_uppercase())
        && word != "I"
        && !lex.is_calendar_word(&word.to_lowercase())
}

/// "Monday.com".
fn followed_by_domain(after: &str) -> bool {
    after
        .strip_prefix('.')
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_alphanumeric()))
}

/// After a year: a lowercase word that cannot continue a clause means the number is a count.
fn followed_by_count_noun(lex: &TimeWords, after: &str) -> bool {
    let Some(rest) = after.strip_prefix(' ') else {
        return false;
    };
    let word: String = rest.chars().take_while(|c| c.is_alphabetic()).collect();
    word.starts_with(|c: char| c.is_lowercase()) && !lex.year_next.contains(&word)
}

fn starts_with_word(s: &str, word: &str) -> bool {
    let s = s.trim_start();
    s.get(..word.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(word))
        && !s[word.len()..].starts_with(|c: char| c.is_alphanumeric())
}

/// Digits glued to the match ("1.5 March", "$2023", "2023.5", "2023%") make it a number.
pub(super) fn in_numeric_context(text: &str, start: usize, end: usize) -> bool {
    let mut before = text[..start].chars().rev();
    let prev = before.next();
    let prev2 = before.next();
    let mut after = text[end..].chars();
    let next = after.next();
    let next2 = after.next();
    let digit = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let sep = |c: Option<char>| matches!(c, Some('.' | ','));
    matches!(prev, Some('$' | '£' | '€' | '#'))
        || digit(prev)
        || (sep(prev) && digit(prev2))
        || digit(next)
        || matches!(next, Some('%'))
        || (sep(next) && digit(next2))
}
