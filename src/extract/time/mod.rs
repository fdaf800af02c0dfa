//! Temporal-expression tagger for English news text.
//!
//! Finds date mentions ("April 4, 2023", "last week", "on Tuesday", "in the spring") and
//! resolves them to TIMEX3-style values against the article's publication date. Relative or
//! year-less expressions resolve backwards by default (news is mostly about the past) and
//! forwards when the sentence carries a future cue ("will", "is expected", "next", ...).
//!
//! All vocabulary lives in `lexicon/data/time.tsv`; the regexes of rules.rs only encode grammar and are
//! built once from that lexicon. Each rule proposes candidates; among overlapping candidates
//! the selection keeps the set covering the most text, so the longest match wins.

use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Match, Regex};

use super::doc::Doc;
use super::lexicon::time_words::{norm, parse_digits, Season, TimeWords, Unit};

mod parse;
mod resolve;
mod rules;
mod tense;
mod value;

use parse::*;
use resolve::*;
use rules::*;

pub use value::{Precision, TimexValue};

/// One temporal expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TimeMention {
    /// Byte offset of the first byte of the mention in the input text.
    pub start: usize,
    /// Byte offset one past the last byte of the mention.
    pub end: usize,
    /// `&text[start..end]`.
    pub text: String,
    /// TIMEX3-style value: "2023-04-11", "2023-W15", "2023-04", "2023-SP", "2023-Q2", "2023".
    /// `None` when the expression is relative and no publication date was given.
    pub value: Option<TimexValue>,
    pub precision: Precision,
    /// True when the mention was resolved as a reference to the future.
    #[serde(skip)]
    pub future: bool,
}

impl TimeMention {
    /// First calendar day covered by the value, if any.
    pub fn first_day(&self) -> Option<NaiveDate> {
        self.value?.first_day()
    }
}

/// How far before the count a news-peg verb ("comes", "came") may stand.
const OFFSET_VERB_WORDS: usize = 3;

/// "His visit comes a week after X made a visit", "two days before": the last such offset in
/// the words of `doc.text[start..end]`, in days from the time the sentence speaks of to the
/// event named after it (negative: earlier). Counts and units are those of the lexicon ("a",
/// "two", "week").
pub fn offset_before(engine: &TimeEngine, doc: &Doc, start: usize, end: usize) -> Option<i64> {
    let lex = &engine.lex;
    let words: Vec<String> = doc.lower_words(start, end).collect();
    (0..words.len().saturating_sub(2)).rev().find_map(|i| {
        let w = &words[i..i + 3];
        // "comes (just under) two weeks after": the offset of a news peg, not a fronted "Two
        // days after the vote, X met Y" (where the event is later, not earlier).
        let pegged = words[i.saturating_sub(OFFSET_VERB_WORDS)..i]
            .iter()
            .any(|v| lex.offset_verbs.contains(v));
        if !pegged {
            return None;
        }
        let n = i64::from(lex.count_word(&w[0])?);
        let unit = lex.units.get(w[1].trim_end_matches('s'))?;
        let days = match unit {
            Unit::Day => n,
            Unit::Week => 7 * n,
            Unit::Month => 30 * n,
            _ => return None,
        };
        match w[2].as_str() {
            "after" => Some(-days),
            "before" => Some(days),
            _ => None,
        }
    })
}

/// Finds temporal expressions in the document's text, sorted by start and non-overlapping.
///
/// `published` anchors relative expressions; without it they are kept with `value: None`.
pub fn find_times(
    engine: &TimeEngine,
    doc: &Doc,
    published: Option<NaiveDate>,
) -> Vec<TimeMention> {
    find_times_in(engine, doc, 0, doc.text.len(), published)
}

/// The same over `doc.text[start..end]` alone (a header line): the rules see nothing around
/// it. Offsets are into the whole text.
pub fn find_times_in(
    engine: &TimeEngine,
    doc: &Doc,
    start: usize,
    end: usize,
    published: Option<NaiveDate>,
) -> Vec<TimeMention> {
    let scan = Scan {
        doc,
        text: &doc.text[start..end],
        offset: start,
    };
    let mut candidates = Vec::new();
    for rule in &engine.rules {
        rule.collect(&engine.lex, scan.text, &mut candidates);
    }
    candidates.retain(|c| {
        c.start < c.end
            && !in_numeric_context(scan.text, c.start, c.end)
            && !(c.count_ahead && spans_back(&engine.lex, &scan, c.start))
    });
    select_longest(candidates)
        .iter()
        .map(|cand| engine.mention(&scan, cand, published))
        .collect()
}

/// The stretch of a document the rules scan; candidates' offsets are into `text`.
struct Scan<'a> {
    doc: &'a Doc<'a>,
    /// `doc.text[offset..]`, up to the stretch's end.
    text: &'a str,
    offset: usize,
}

impl Scan<'_> {
    /// The words inside `text[start..end]`, lower case, from the document's tokens.
    fn words(&self, start: usize, end: usize) -> impl DoubleEndedIterator<Item = String> + '_ {
        self.doc.lower_words(self.offset + start, self.offset + end)
    }
}

/// Picks non-overlapping candidates covering the most text (fewest pieces on ties), sorted.
///
/// Plain leftmost-longest would let "Last Tuesday" shadow a longer date starting inside it.
fn select_longest(mut cands: Vec<Candidate>) -> Vec<Candidate> {
    cands.sort_by_key(|c| (c.end, c.start));
    // best[i] = (covered bytes, -pieces, last chosen index) using the first i candidates.
    let mut best: Vec<(usize, isize, Option<usize>)> = vec![(0, 0, None)];
    for (i, c) in cands.iter().enumerate() {
        // Candidates are sorted by end, so the compatible prefix is found by binary search.
        let prev = cands[..i].partition_point(|p| p.end <= c.start);
        let (cover, neg_pieces, _) = best[prev];
        let take = (cover + (c.end - c.start), neg_pieces - 1, Some(i));
        let skip = best[i];
        best.push(if (take.0, take.1) > (skip.0, skip.1) {
            take
        } else {
            skip
        });
    }
    let mut chosen = Vec::new();
    let mut at = cands.len();
    while let Some(i) = best[at].2 {
        chosen.push(cands[i]);
        at = cands[..i].partition_point(|p| p.end <= cands[i].start);
    }
    chosen.reverse();
    chosen
}

/// The temporal-expression rules compiled over a lexicon's time words.
pub struct TimeEngine {
    lex: TimeWords,
    rules: Vec<Rule>,
    /// Tense cue phrases; `cue_kinds[pattern]` is `Some(true)` future, `Some(false)` past,
    /// `None` for phrases that only mask a cue ("next to").
    cues: AhoCorasick,
    cue_kinds: Vec<Option<bool>>,
}

impl TimeEngine {
    /// The engine over the built-in lexicon, compiled once.
    pub fn builtin() -> Arc<TimeEngine> {
        static BUILTIN: LazyLock<Arc<TimeEngine>> = LazyLock::new(|| {
            let words = &crate::extract::lexicon::Lexicon::builtin().time;
            Arc::new(TimeEngine::new(words).unwrap_or_else(|e| panic!("built-in time rules: {e}")))
        });
        Arc::clone(&BUILTIN)
    }

    /// Compiles the rules over `words`; an error means a word breaks a rule's regex.
    pub fn new(words: &TimeWords) -> Result<Self, String> {
        let lex = words.clone();
        let rules = Frags::new(&lex)
            .rules()
            .into_iter()
            .map(|(pattern, parse)| {
                Regex::new(&pattern)
                    .map(|re| {
                        let resume_at_next = re.capture_names().any(|n| n == Some("next"));
                        Rule {
                            re,
                            parse,
                            resume_at_next,
                        }
                    })
                    .map_err(|e| format!("{pattern}: {e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let tagged = (lex.future.iter().map(|c| (c, Some(true))))
            .chain(lex.past.iter().map(|c| (c, Some(false))))
            .chain(lex.not_future.iter().map(|c| (c, None)));
        let (phrases, cue_kinds): (Vec<&String>, Vec<Option<bool>>) = tagged.unzip();
        let cues = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(phrases)
            .map_err(|e| e.to_string())?;
        Ok(Self {
            lex,
            rules,
            cues,
            cue_kinds,
        })
    }

    fn mention(&self, scan: &Scan, cand: &Candidate, published: Option<NaiveDate>) -> TimeMention {
        let cue_future = cand
            .forced_future
            .unwrap_or_else(|| self.has_future_cue(scan, cand.start, cand.end));
        let value = resolve(cand.expr, published, cue_future);
        let future = match (value, published) {
            // A fully given date is future exactly when it lies after publication.
            (Some(v), Some(p)) if cand.expr.is_absolute() => {
                v.range().map_or(cue_future, |(first, last)| {
                    first > p || (last >= p && cue_future)
                })
            }
            _ => cue_future,
        };
        TimeMention {
            start: scan.offset + cand.start,
            end: scan.offset + cand.end,
            text: scan.text[cand.start..cand.end].to_string(),
            value,
            precision: cand.expr.precision(),
            future,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::lexicon::Lexicon;

    /// The mentions in `text` read as a document of its own.
    fn times(text: &str, pubdate: Option<NaiveDate>) -> Vec<TimeMention> {
        let doc = Doc::new(text, 0, Lexicon::builtin());
        find_times(&TimeEngine::builtin(), &doc, pubdate)
    }

    /// The offset of a sentence that is all of `text`.
    fn offset(text: &str) -> Option<i64> {
        let doc = Doc::new(text, 0, Lexicon::builtin());
        offset_before(&TimeEngine::builtin(), &doc, 0, text.len())
    }

    /// Tuesday.
    fn published() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2023, 4, 11)
    }

    fn on(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// (mention text, value) pairs.
    fn tag_at(text: &str, pubdate: Option<NaiveDate>) -> Vec<(String, Option<String>)> {
        times(text, pubdate)
            .into_iter()
            .map(|m| (m.text, m.value.map(|v| v.to_string())))
            .collect()
    }

    /// The only mention in `text`, published on 2023-04-11.
    fn only(text: &str) -> TimeMention {
        only_at(text, published())
    }

    fn only_at(text: &str, pubdate: Option<NaiveDate>) -> TimeMention {
        let mut found = times(text, pubdate);
        assert_eq!(found.len(), 1, "{text:?} gave {found:?}");
        found.remove(0)
    }

    /// Asserts the single mention's text and value.
    fn check(text: &str, span: &str, value: &str) {
        let m = only(text);
        assert_eq!(
            (m.text.as_str(), m.value.map(|v| v.to_string()).as_deref()),
            (span, Some(value)),
            "in {text:?}"
        );
    }

    fn none(text: &str) {
        let found = times(text, published());
        assert!(found.is_empty(), "{text:?} gave {found:?}");
    }

    #[test]
    fn rules_compile_over_the_builtin_words() {
        assert!(TimeEngine::builtin().rules.len() > 20);
    }

    #[test]
    fn weekdays_past_and_future() {
        check("The minister resigned on Tuesday.", "Tuesday", "2023-04-11");
        check("They met on Monday.", "Monday", "2023-04-10");
        check("He spoke Wednesday.", "Wednesday", "2023-04-05");
        check("They will meet on Friday.", "Friday", "2023-04-14");
        check("She will arrive on Tuesday.", "Tuesday", "2023-04-11");
        check("They met last Tuesday.", "last Tuesday", "2023-04-04");
        check("They meet next Tuesday.", "next Tuesday", "2023-04-18");
        check("They met this Tuesday.", "this Tuesday", "2023-04-11");
        check(
            "Talks resumed on Sunday night.",
            "Sunday night",
            "2023-04-09",
        );
        check("Tuesday's vote was close.", "Tuesday", "2023-04-11");
        check("TUESDAY: the vote.", "TUESDAY", "2023-04-11");
        assert!(only("They will meet on Friday.").future);
        assert!(!only("They met on Monday.").future);
    }

    #[test]
    fn future_cues() {
        check(
            "The board is expected to decide on Thursday.",
            "Thursday",
            "2023-04-13",
        );
        check(
            "The vote is scheduled for Thursday.",
            "Thursday",
            "2023-04-13",
        );
        check(
            "Officials plan to announce it Monday.",
            "Monday",
            "2023-04-17",
        );
        check("We'll know on Monday.", "Monday", "2023-04-17");
        check("Friday's meeting will decide.", "Friday", "2023-04-14");
        check(
            "The talks on Friday will focus on trade.",
            "Friday",
            "2023-04-14",
        );
        // The cue belongs to another clause or sentence.
        check(
            "He said on Monday that he will resign.",
            "Monday",
            "2023-04-10",
        );
        check(
            "He will resign. On Monday he met the king.",
            "Monday",
            "2023-04-10",
        );
        check("He sat next to her on Monday.", "Monday", "2023-04-10");
        // The nearest cue wins.
        let found = times(
            "He will travel next week, the White House said on Tuesday.",
            published(),
        );
        let tenses: Vec<_> = found.iter().map(|m| (m.text.as_str(), m.future)).collect();
        assert_eq!(tenses, [("next week", true), ("Tuesday", false)]);
        check(
            "The vote, which was expected on Friday, failed.",
            "Friday",
            "2023-04-07",
        );
        check(
            "The minister, who resigned, will speak on Friday.",
            "Friday",
            "2023-04-14",
        );
        check(
            "Police said Friday's meeting will go ahead.",
            "Friday",
            "2023-04-14",
        );
        check(
            "She said on Monday the plan will work.",
            "Monday",
            "2023-04-10",
        );
        // Nouns and names are not modals.
        check(
            "Will Smith said the will of the people mattered on Monday.",
            "Monday",
            "2023-04-10",
        );
        check("Will they meet on Friday?", "Friday", "2023-04-14");
        // Abbreviation dots do not end the sentence.
        check("Mr. Smith will travel on Friday.", "Friday", "2023-04-14");
    }

    #[test]
    fn explicit_relatives_override_tense() {
        let m = only("He will say what happened yesterday.");
        assert_eq!(
            (m.value.map(|v| v.to_string()).as_deref(), m.future),
            (Some("2023-04-10"), false)
        );
        let m = only("It was announced that talks resume tomorrow.");
        assert_eq!(
            (m.value.map(|v| v.to_string()).as_deref(), m.future),
            (Some("2023-04-12"), true)
        );
        let m = only("They will recall what happened last week.");
        assert_eq!(
            (m.value.map(|v| v.to_string()).as_deref(), m.future),
            (Some("2023-W14"), false)
        );
    }

    #[test]
    fn absolute_dates() {
        check("It happened on April 4.", "April 4", "2023-04-04");
        check(
            "It happened on April 4, 2023.",
            "April 4, 2023",
            "2023-04-04",
        );
        check(
            "It happened on April 4th 2021.",
            "April 4th 2021",
            "2021-04-04",
        );
        check("It happened on 4 April 2023.", "4 April 2023", "2023-04-04");
        check("It happened on 4 April.", "4 April", "2023-04-04");
        check("It happened on Apr. 4.", "Apr. 4", "2023-04-04");
        check("Filed Apr 11, 2023.", "Apr 11, 2023", "2023-04-11");
        check("Filed Sept. 30, 2022.", "Sept. 30, 2022", "2022-09-30");
        check(
            "It was signed on the 4th of April.",
            "the 4th of April",
            "2023-04-04",
        );
        check(
            "It was signed on the 4th of July 1976.",
            "the 4th of July 1976",
            "1976-07-04",
        );
        check(
            "On Tuesday, April 4, 2023, he left.",
            "Tuesday, April 4, 2023",
            "2023-04-04",
        );
        check("Tue, Apr. 11, 2023", "Tue, Apr. 11, 2023", "2023-04-11");
        check("Published 2023-04-11.", "2023-04-11", "2023-04-11");
        check("Published 2023/4/9.", "2023/4/9", "2023-04-09");
        check("Week 2023-W15 report.", "2023-W15", "2023-W15");
        check("On March 31 he left.", "March 31", "2023-03-31");
        check("FROM MAY 3", "MAY 3", "2022-05-03");
    }

    #[test]
    fn year_less_dates_follow_tense() {
        check("The vote took place on April 20.", "April 20", "2022-04-20");
        check(
            "The vote will take place on April 20.",
            "April 20",
            "2023-04-20",
        );
        check(
            "The vote will take place on March 20.",
            "March 20",
            "2024-03-20",
        );
        check("They met on February 29.", "February 29", "2020-02-29");
        // Not a real date.
        none("It was due on April 31.");
    }

    #[test]
    fn months() {
        check("Prices rose in April 2023.", "April 2023", "2023-04");
        check("Prices rose in April of 2022.", "April of 2022", "2022-04");
        check("Prices rose in April.", "April", "2023-04");
        check("Prices rose in June.", "June", "2022-06");
        check("Prices will rise in June.", "June", "2023-06");
        check("Prices will rise in March.", "March", "2024-03");
        check("Prices rose in early April.", "early April", "2023-04");
        check("Prices rose in late March.", "late March", "2023-03");
        check("Prices rose in mid-April.", "mid-April", "2023-04");
        check(
            "Prices rose until the end of March.",
            "the end of March",
            "2023-03",
        );
        check("Prices rose last April.", "last April", "2022-04");
        check("Prices rose last March.", "last March", "2023-03");
        check("Prices rise next April.", "next April", "2024-04");
        check("Prices rise this December.", "this December", "2023-12");
        check(
            "Prices rose in mid-March 2021.",
            "mid-March 2021",
            "2021-03",
        );
        assert_eq!(
            tag_at("from April to June", published()),
            [
                ("April".into(), Some("2023-04".into())),
                ("June".into(), Some("2022-06".into()))
            ]
        );
        let listed = tag_at("In January, February and March sales fell.", published());
        let spans: Vec<_> = listed.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(spans, ["January", "February", "March"]);
        assert_eq!(
            only("Prices rose in early April.").precision,
            Precision::Month
        );
    }

    #[test]
    fn month_words_need_a_licence() {
        none("Prices may march higher.");
        none("May I ask?");
        none("March on, they said.");
        none("The March for Our Lives rally.");
        check("In May, prices rose.", "May", "2022-05");
        check("Since May prices rose.", "May", "2022-05");
    }

    #[test]
    fn years() {
        check("Sales fell in 2023.", "2023", "2023");
        check("Sales have fallen since 2021.", "2021", "2021");
        check("The 2023's budget.", "2023", "2023");
        check("It peaked in mid-2022.", "mid-2022", "2022");
        check(
            "It peaked in early 2020, officials said.",
            "early 2020",
            "2020",
        );
        check("By 2030 the plan ends.", "2030", "2030");
        check("Growth in 2024 may slow.", "2024", "2024");
        check("In 2022 prices soared.", "2022", "2022");
        assert_eq!(
            tag_at("between 2019 and 2021", published()),
            [
                ("2019".into(), Some("2019".into())),
                ("2021".into(), Some("2021".into()))
            ]
        );
        assert_eq!(only("Sales fell in 2023.").precision, Precision::Year);
        none("They sent 2,023 troops.");
        none("They sent 2023 troops.");
        none("It was attended by 2000 people.");
        none("Prices rose in 2023.5 terms.");
        none("It cost $2023.");
        none("He had 4 apples and 12 pears.");
    }

    #[test]
    fn relative_days() {
        check("He left yesterday.", "yesterday", "2023-04-10");
        check("He left today.", "today", "2023-04-11");
        check("He leaves tonight.", "tonight", "2023-04-11");
        check("He left this morning.", "this morning", "2023-04-11");
        check("He spoke this afternoon.", "this afternoon", "2023-04-11");
        check("He left earlier today.", "earlier today", "2023-04-11");
        check("He leaves tomorrow.", "tomorrow", "2023-04-12");
        check(
            "He left yesterday morning.",
            "yesterday morning",
            "2023-04-10",
        );
        check(
            "He left the day before yesterday.",
            "the day before yesterday",
            "2023-04-09",
        );
        check(
            "He leaves the day after tomorrow.",
            "the day after tomorrow",
            "2023-04-13",
        );
        check("Shots were fired last night.", "last night", "2023-04-10");
        check("Yesterday's vote.", "Yesterday", "2023-04-10");
        none("A story in USA Today.");
    }

    #[test]
    fn relative_units() {
        check("Prices rose last week.", "last week", "2023-W14");
        check("Prices rose this week.", "this week", "2023-W15");
        check("Prices rise next week.", "next week", "2023-W16");
        check(
            "Prices rose earlier this week.",
            "earlier this week",
            "2023-W15",
        );
        check(
            "Prices rose earlier this month.",
            "earlier this month",
            "2023-04",
        );
        check("Prices rose this month.", "this month", "2023-04");
        check("Prices rose last month.", "last month", "2023-03");
        check("Prices rise next month.", "next month", "2023-05");
        check("Prices rose last year.", "last year", "2022");
        check("Prices rose this year.", "this year", "2023");
        check("Prices rise next year.", "next year", "2024");
        check(
            "Prices rose earlier this year.",
            "earlier this year",
            "2023",
        );
        check("Prices rise later this year.", "later this year", "2023");
        check("Prices fell last quarter.", "last quarter", "2023-Q1");
        check(
            "Prices rose at the end of last year.",
            "the end of last year",
            "2022",
        );
        check(
            "Prices rise by the end of the year.",
            "the end of the year",
            "2023",
        );
        check("Talks stalled over the weekend.", "the weekend", "2023-W14");
        check("Talks stalled last weekend.", "last weekend", "2023-W14");
        check(
            "Talks stalled this past weekend.",
            "this past weekend",
            "2023-W14",
        );
        assert!(only("Prices rise later this year.").future);
        assert_eq!(only("Prices rose last week.").precision, Precision::Week);
        none("In the last week of April he left.");
        none("the last year of his life");
    }

    #[test]
    fn counts_ago_and_ahead() {
        check("He left 3 days ago.", "3 days ago", "2023-04-08");
        check("He left two weeks ago.", "two weeks ago", "2023-W13");
        check("He left a week ago.", "a week ago", "2023-W14");
        check("He left three months ago.", "three months ago", "2023-01");
        check("He left a year ago.", "a year ago", "2022");
        check("He returns in two weeks.", "in two weeks", "2023-W17");
        assert_eq!(offset("His visit comes a week after"), Some(-7));
        assert_eq!(
            offset("The talks came just under two weeks after"),
            Some(-14)
        );
        assert_eq!(offset("Two days after"), None, "no news peg");
        // The span looked back over, not a time to come.
        none("It was the first visit by a leader in 30 years.");
        none("Exports fell to their lowest level in five years.");
        check(
            "He returns in 3 days' time.",
            "in 3 days' time",
            "2023-04-14",
        );
        check(
            "He returns two days from now.",
            "two days from now",
            "2023-04-13",
        );
        assert_eq!(only("He left two weeks ago.").precision, Precision::Week);
        none("They met twice in a day.");
        none("It ended in two days of talks.");
    }

    #[test]
    fn seasons() {
        check("Talks will resume in the spring.", "the spring", "2023-SP");
        check("Talks resumed this spring.", "this spring", "2023-SP");
        check("Talks resumed last summer.", "last summer", "2022-SU");
        check("Talks resume next autumn.", "next autumn", "2023-FA");
        check("Talks resume this fall.", "this fall", "2023-FA");
        check("Talks stalled in the winter.", "the winter", "2022-WI");
        check(
            "Talks stalled in the summer of 2021.",
            "the summer of 2021",
            "2021-SU",
        );
        check("Talks stalled in spring 2020.", "spring 2020", "2020-SP");
        check("Talks stalled over the summer.", "the summer", "2022-SU");
        check("Talks stalled in early spring.", "early spring", "2023-SP");
        let january = on(2023, 1, 15);
        let m = only_at("Talks will resume in the spring.", january);
        assert_eq!(m.value.map(|v| v.to_string()).as_deref(), Some("2023-SP"));
        let m = only_at("Talks resumed in the spring.", january);
        assert_eq!(m.value.map(|v| v.to_string()).as_deref(), Some("2022-SP"));
        let m = only_at("It snowed this winter.", january);
        assert_eq!(m.value.map(|v| v.to_string()).as_deref(), Some("2022-WI"));
        assert_eq!(
            only("Talks resumed last summer.").precision,
            Precision::Season
        );
        none("Since the fall of Kabul.");
        none("He won gold in the Winter Olympics.");
        none("The Arab Spring began.");
        none("A hot spring.");
    }

    #[test]
    fn strict_last_and_next_skip_the_current_slot() {
        check("Talks resumed last spring.", "last spring", "2022-SP");
        check("Talks resume next spring.", "next spring", "2024-SP");
        check("Talks will resume in Q2.", "Q2", "2023-Q2");
        check("Talks will resume in Q1.", "Q1", "2024-Q1");
        let saturday = on(2023, 4, 15);
        let m = only_at("Talks stalled over the weekend.", saturday);
        assert_eq!(m.value.map(|v| v.to_string()).as_deref(), Some("2023-W15"));
        let m = only_at("Talks resume next Saturday.", saturday);
        assert_eq!(
            m.value.map(|v| v.to_string()).as_deref(),
            Some("2023-04-22")
        );
        let m = only_at(
            "Talks ended on New Year's Eve, December 31.",
            on(2023, 1, 2),
        );
        assert_eq!(
            m.value.map(|v| v.to_string()).as_deref(),
            Some("2022-12-31")
        );
        let m = only_at("Talks resumed last week.", on(2023, 1, 2));
        assert_eq!(m.value.map(|v| v.to_string()).as_deref(), Some("2022-W52"));
    }

    #[test]
    fn quarters() {
        check(
            "Profits rose in the first quarter.",
            "the first quarter",
            "2023-Q1",
        );
        check("Profits rose in Q2.", "Q2", "2023-Q2");
        check(
            "Profits rose in the third quarter.",
            "the third quarter",
            "2022-Q3",
        );
        check(
            "Profits will rise in the third quarter.",
            "the third quarter",
            "2023-Q3",
        );
        check("Third-quarter profits rose.", "Third-quarter", "2022-Q3");
        check("Profits rose in Q4 2022.", "Q4 2022", "2022-Q4");
        check("Profits rose in 2021 Q3.", "2021 Q3", "2021-Q3");
        check(
            "Profits rose in the fourth quarter of last year.",
            "the fourth quarter of last year",
            "2022-Q4",
        );
        check(
            "Profits rose in the second quarter of 2021.",
            "the second quarter of 2021",
            "2021-Q2",
        );
        none("A quarter of voters agreed.");
    }

    #[test]
    fn names_are_not_dates() {
        none("The Sunday Times reported it.");
        none("According to the Sunday Telegraph.");
        none("He works at Monday.com now.");
        none("Candidates campaigned ahead of Super Tuesday.");
        none("Good Friday agreement.");
        none("He had 4 apples.");
        check("On Monday I spoke to him.", "Monday", "2023-04-10");
        check(
            "On Tuesday April 4 he spoke.",
            "Tuesday April 4",
            "2023-04-04",
        );
    }

    #[test]
    fn without_publication_date() {
        let found = times("Yesterday, on April 4, 2023, in April and in 2021.", None);
        let got: Vec<_> = found
            .iter()
            .map(|m| (m.text.as_str(), m.value.map(|v| v.to_string())))
            .collect();
        assert_eq!(
            got,
            [
                ("Yesterday", None),
                ("April 4, 2023", Some("2023-04-04".to_string())),
                ("April", None),
                ("2021", Some("2021".to_string()))
            ]
        );
        assert_eq!(found[0].precision, Precision::Day);
        assert_eq!(only_at("We will meet on Friday.", None).value, None);
        assert!(only_at("We will meet on Friday.", None).future);
    }

    #[test]
    fn absolute_future_flag_follows_the_calendar() {
        assert!(only("The deal was signed on April 20, 2023.").future);
        assert!(!only("The deal will expire, as agreed on April 4, 2023.").future);
        assert!(only("The deal will expire in 2023.").future);
        assert!(!only("The deal expired in 2023.").future);
    }

    #[test]
    fn byte_offsets_with_multibyte_text() {
        let text = "“Café” owner José said on Tuesday — é — that by “April 4” it was over.";
        let found = times(text, published());
        assert_eq!(found.len(), 2, "{found:?}");
        for m in &found {
            assert_eq!(&text[m.start..m.end], m.text);
        }
        assert_eq!(found[0].text, "Tuesday");
        assert_eq!(found[0].start, text.find("Tuesday").unwrap_or_default());
        assert_eq!(found[1].text, "April 4");
        assert_eq!(
            found[1].value.map(|v| v.to_string()).as_deref(),
            Some("2023-04-04")
        );
    }

    #[test]
    fn longest_match_wins_and_output_is_sorted() {
        let text =
            "Last Tuesday, April 4, 2023, and in April 2023 and last week and yesterday morning.";
        let found = times(text, published());
        let spans: Vec<_> = found.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(
            spans,
            [
                "Last Tuesday, April 4, 2023",
                "April 2023",
                "last week",
                "yesterday morning"
            ]
        );
        assert!(found.windows(2).all(|w| w[0].end <= w[1].start));
    }

    #[test]
    fn parse_iso_value_round_trips() {
        let cases = [
            ("2023-04-11", on(2023, 4, 11), Precision::Day),
            ("2023-W15", on(2023, 4, 10), Precision::Week),
            ("2023-04", on(2023, 4, 1), Precision::Month),
            ("2023-SP", on(2023, 3, 1), Precision::Season),
            ("2022-WI", on(2022, 12, 1), Precision::Season),
            ("2023-Q2", on(2023, 4, 1), Precision::Quarter),
            ("2023", on(2023, 1, 1), Precision::Year),
        ];
        for (value, day, precision) in cases {
            assert_eq!(
                TimexValue::parse(value).map(|v| (v.first_day().unwrap(), v.precision())),
                day.map(|d| (d, precision)),
                "{value}"
            );
        }
        for bad in [
            "",
            "20",
            "2023-",
            "2023-13",
            "2023-Q5",
            "2023-W54",
            "2023-02-30",
            "abcd",
            "2023-XX",
            "２０２３",
            "+123-01",
        ] {
            assert_eq!(TimexValue::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn first_day_uses_the_value() {
        assert_eq!(only("Prices rose last week.").first_day(), on(2023, 4, 3));
        assert_eq!(only("Profits rose in Q2.").first_day(), on(2023, 4, 1));
        assert_eq!(only_at("Prices rose last week.", None).first_day(), None);
    }

    #[test]
    fn serialises_without_future() {
        let m = only("They met on Monday.");
        let json = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(json["precision"], "day");
        assert_eq!(json["value"], "2023-04-10");
        assert!(json.get("future").is_none());
        let back: Precision = serde_json::from_str("\"quarter\"").unwrap_or(Precision::Day);
        assert_eq!(back, Precision::Quarter);
    }

    /// Checks the output invariants for one input.
    fn assert_well_formed(s: &str, pubdate: Option<NaiveDate>) {
        let found = times(s, pubdate);
        assert!(found.windows(2).all(|w| w[0].end <= w[1].start), "{s:?}");
        for m in found {
            assert!(
                s.is_char_boundary(m.start) && s.is_char_boundary(m.end),
                "{s:?}"
            );
            assert_eq!(&s[m.start..m.end], m.text);
            // Values round-trip, except for absurd publication years outside 0000-9999.
            if let (Some(v), true) = (&m.value, pubdate == published()) {
                assert_eq!(
                    TimexValue::parse(&v.to_string()),
                    Some(*v),
                    "{v} from {s:?}"
                );
            }
        }
    }

    #[test]
    fn random_mixtures_keep_invariants() {
        const PIECES: [&str; 24] = [
            "April", "4", ", ", "2023", " ", "in", "last", "week", "Tuesday", "é", "“", "”", "the",
            "spring", "of", "ago", "two", "Q2", "-", "'s", "\u{00A0}", "👍", ".", "will",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..2000 {
            let len = next() % 12;
            let s: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            assert_well_formed(&s, published());
        }
    }

    #[test]
    fn never_panics_and_offsets_are_char_boundaries() {
        let weird = [
            "",
            " ",
            "é",
            "April",
            "April 4",
            "in ",
            "Q",
            "2023-",
            "“April 4”",
            "April\u{00A0}4,\u{00A0}2023",
            "👍 on Tuesday 👍 in 2023👍",
            "in 2023’s",
            "in\u{2028}April",
            "ΑΠΡΙΛΙΟΣ 4 Tuesday",
            "Tuesday\u{0301} April 4\u{0301}",
            "9999-99-99 0000-00-00 2023-02-29 1999/12/31",
            "last last last week week ago ago",
            "in the the spring of of 2023",
            "the 99th of April, the 0th of May",
            "İstanbul on Monday, ǅ in May",
            "\u{0}\u{1}April\u{7f} 4",
            "a\u{10FFFF}Tuesday",
            "Monday.",
            ".Monday",
            "will",
            "yesterday's yesterday'",
            "twenty years ago 999 days ago 1000 years ago",
        ];
        for s in weird {
            for pubdate in [
                published(),
                None,
                NaiveDate::from_ymd_opt(1, 1, 1),
                NaiveDate::MAX.pred_opt(),
            ] {
                assert_well_formed(s, pubdate);
            }
        }
    }
}
