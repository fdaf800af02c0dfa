//! When an event happened: the time expression governing its trigger, else the reporting date.

use super::*;

/// "His visit comes a week after Y made a visit to Z": an undated event named after an offset
/// lies that far from the time its sentence speaks of; only its month can be told.
pub(super) fn offset_by_the_sentence(
    cx: &Context,
    s: &Sentence,
    start: usize,
    date: EventDate,
) -> EventDate {
    let Some(days) = crate::extract::time::offset_before(cx.time, cx.doc, s.start, start) else {
        return date;
    };
    let Some(day) = date.value.day() else {
        return date;
    };
    match day.checked_add_signed(chrono::Duration::days(days)) {
        Some(shifted) => EventDate {
            value: TimexValue::month_of(shifted),
            text: None,
        },
        None => date,
    }
}

/// The date an undated event takes from the publication: its day, or its month when the
/// sentence tells of a trip still going on ("X, who is currently on a visit to the US, met
/// several leaders"): the contact may have been on any day of it.
pub(super) fn published_or_its_month(cx: &Context, s: &Sentence, p: &Published) -> EventDate {
    let sentence = cx.text[s.start..s.end].to_lowercase();
    let published = published_value(p);
    let value = match published {
        TimexValue::Day(day) if cx.lexicon.has_cue(Cue::Ongoing, &sentence) => {
            TimexValue::month_of(day)
        }
        _ => published,
    };
    EventDate { value, text: None }
}

/// The publication date as a time value: its day, or its month when only that is known.
pub(super) fn published_value(p: &Published) -> TimexValue {
    match p.precision {
        crate::article::DatePrecision::Day => TimexValue::Day(p.date),
        crate::article::DatePrecision::Month => TimexValue::month_of(p.date),
    }
}

/// The time expression governing the trigger: the nearest one in scope, preferring those after
/// the trigger within the same clause.
/// A quoted trigger may take its date from the words around the quote ("an October 29 “phone
/// call between ...”"), so the whole sentence counts, less the reporting tail.
pub(super) fn date_near<'a>(
    cx: &'a Context,
    s: &Sentence,
    scope: &Scope,
    trigger: usize,
) -> Option<&'a TimeMention> {
    // "X visited Paris on Sunday and later met Y": a second verb without a time of its own
    // shares the first verb's.
    let (own, shared): (Vec<&TimeMention>, Vec<&TimeMention>) = cx
        .times_in(s)
        .iter()
        .filter(|t| t.end <= scope.end.max(trigger) && t.value.is_some())
        .filter(|t| !in_dateline(cx, t) && !reporting_time(cx, s, t))
        .filter(|t| !bounds_a_period(cx, s, t) && !aside_after(cx, trigger, t))
        .partition(|t| !scope.elides(t.start, t.end));
    let nearest = |times: Vec<&'a TimeMention>| {
        times.into_iter().min_by_key(|t| {
            // "a call ..., which took place on Oct. 14": the event's own date, said outright.
            if t.start >= trigger && said_to_occur_at(cx, t) {
                return 0;
            }
            if t.start >= trigger {
                t.start - trigger
            } else {
                (trigger - t.end) * 2
            }
        })
    };
    nearest(own).or_else(|| nearest(shared))
}

/// The time follows words that say when something happened ("took place on", "was held on").
fn said_to_occur_at(cx: &Context, t: &TimeMention) -> bool {
    // The cues are a few words long ("took place on").
    let from = cx.doc.start_before_words(t.start, 4, 0);
    cx.lexicon
        .has_cue(Cue::Occurrence, &cx.text[from..t.start].to_lowercase())
}

/// The time stands in an aside opened after the trigger and not yet closed: "received by the new
/// foreign minister -appointed on Friday-", "(named in May)". It dates something else.
fn aside_after(cx: &Context, trigger: usize, t: &TimeMention) -> bool {
    if t.start <= trigger {
        return false;
    }
    let between = &cx.text[trigger..t.start];
    let opened = |open: &str, close: &str| {
        between
            .rfind(open)
            .is_some_and(|at| !between[at + open.len()..].contains(close))
    };
    opened("(", ")")
        || opened(" -", "-")
        || opened("\u{2014}", "\u{2014}")
        || opened(" \u{2013}", "\u{2013}")
}

/// The time is the bound of a period ("since the war began on October 7", "until May"): a
/// `period_bound` word opens its clause.
fn bounds_a_period(cx: &Context, s: &Sentence, t: &TimeMention) -> bool {
    let before = &cx.text[s.start..t.start];
    let clause_start = before
        .rfind([',', ';', '(', '\u{2014}'])
        .map_or(s.start, |i| s.start + i);
    cx.doc
        .lower_words(clause_start, t.start)
        .any(|w| cx.lexicon.is(WordClass::PeriodBound, &w))
}

pub(super) fn in_dateline(cx: &Context, t: &TimeMention) -> bool {
    cx.datelines
        .iter()
        .any(|&(a, b)| a <= t.start && t.end <= b)
}

/// "said Thursday", "told reporters on Monday", "on Monday confirmed": the time of the
/// reporting, not of the event reported. Only words of the `reporting_time_gap` class may
/// stand between a verb and a time after it.
fn reporting_time(cx: &Context, s: &Sentence, t: &TimeMention) -> bool {
    // "..., on Thursday confirmed the call": the time stands right before the verb.
    let next_word = cx.doc.word_after_within(t.end, s.end);
    if next_word.is_some_and(|w| cx.lexicon.is(WordClass::ReportingVerb, &w)) {
        return true;
    }
    // The words back from the time, nearest first, while only spaces part them: a comma or
    // a bracket ends the reporting clause.
    let mut words: Vec<&str> = Vec::new();
    let mut next_start = t.start;
    for w in cx.doc.words_in(s.start, t.start).iter().rev() {
        if words.len() == REPORTING_GAP_WORDS + 1
            || !cx.text[w.end..next_start].chars().all(char::is_whitespace)
        {
            break;
        }
        words.push(w.text(cx.text));
        next_start = w.start;
    }
    for (i, word) in words.iter().enumerate() {
        // "U.S", "al-Sisi": a joined word is a name, never a reporting verb or gap word.
        if word.contains(|c: char| !c.is_alphanumeric()) {
            return false;
        }
        let lower = word.to_lowercase();
        if cx.lexicon.is(WordClass::ReportingVerb, &lower) {
            return true;
        }
        // "confirmed to TimesLIVE earlier on Thursday": whom it was said to.
        let addressee = starts_upper(word) && {
            let rest = &words[i + 1..];
            let name = rest.iter().take_while(|w| starts_upper(w)).count();
            rest.get(name).is_some_and(|w| *w == "to")
        };
        if !cx.lexicon.is(WordClass::ReportingTimeGap, &lower) && !addressee {
            return false;
        }
    }
    false
}

/// Most words between a reporting verb and its time ("told reporters late on Monday").
const REPORTING_GAP_WORDS: usize = 5;

/// The time an event was reported, for an event that has no date of its own: a time attached
/// to a reporting verb of its sentence, or in the reporting tail outside the event's clause
/// (“... phone conversation,” she wrote on Tuesday). Never a future time.
pub(super) fn reported_date<'a>(
    cx: &'a Context,
    s: &Sentence,
    scope: &Scope,
) -> Option<&'a TimeMention> {
    cx.times_in(s)
        .iter()
        .filter(|t| t.end <= s.end && t.value.is_some() && !t.future)
        .filter(|t| !in_dateline(cx, t) && !bounds_a_period(cx, s, t))
        .find(|t| reporting_time(cx, s, t) || t.start >= scope.end || t.end <= scope.start)
}
