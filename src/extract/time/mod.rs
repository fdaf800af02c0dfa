//! Temporal-expression tagger for English news text.
//!
//! Finds date mentions ("April 4, 2023", "last week", "on Tuesday", "in the spring") and
//! resolves them to TIMEX3-style values against the article's publication date. Relative or
//! year-less expressions resolve backwards by default (news is mostly about the past) and
//! forwards when the sentence carries a future cue ("will", "is expected", "next", ...).
//!
//! All vocabulary lives in `lexicon/time.tsv`; the regexes below only encode grammar and are
//! built once from that lexicon. Each rule proposes candidates; among overlapping candidates
//! the selection keeps the set covering the most text, so the longest match wins.

use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::{Captures, Match, Regex};

use super::lexicon::time_words::{norm, parse_digits, Season, TimeWords, Unit};

mod value;
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
/// `text`, in days from the time the sentence speaks of to the event named after it (negative:
/// earlier). Counts and units are those of the lexicon ("a", "two", "week").
pub fn offset_before(engine: &TimeEngine, text: &str) -> Option<i64> {
    // Most sentences hold neither word: skip them before splitting.
    if !text.contains(" after") && !text.contains(" before") {
        return None;
    }
    let lex = &engine.lex;
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
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

/// Finds temporal expressions in `text`, sorted by start and non-overlapping.
///
/// `published` anchors relative expressions; without it they are kept with `value: None`.
pub fn find_times(
    engine: &TimeEngine,
    text: &str,
    published: Option<NaiveDate>,
) -> Vec<TimeMention> {
    let mut candidates = Vec::new();
    for rule in &engine.rules {
        rule.collect(&engine.lex, text, &mut candidates);
    }
    candidates.retain(|c| c.start < c.end && !in_numeric_context(text, c.start, c.end));
    select_longest(candidates)
        .iter()
        .map(|cand| engine.mention(text, cand, published))
        .collect()
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

/// The precision of a value counted in `unit`.
fn unit_precision(unit: Unit) -> Precision {
    match unit {
        Unit::Day => Precision::Day,
        Unit::Week | Unit::Weekend => Precision::Week,
        Unit::Month => Precision::Month,
        Unit::Quarter => Precision::Quarter,
        Unit::Year => Precision::Year,
    }
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/// What a matched expression means, before anchoring it to a publication date.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expr {
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    IsoWeek {
        year: i32,
        week: u32,
    },
    /// `shift`: `Some(-1)` last, `Some(0)` this, `Some(1)` next, `None` bare.
    Month {
        year: Option<i32>,
        month: u32,
        shift: Option<i32>,
    },
    Year(i32),
    Season {
        season: Season,
        year: Option<i32>,
        shift: Option<i32>,
    },
    /// `year_shift` is relative to the publication year ("of last year").
    Quarter {
        quarter: u32,
        year: Option<i32>,
        year_shift: Option<i32>,
    },
    Weekday {
        day: Weekday,
        shift: Option<i32>,
    },
    RelDay(i64),
    /// "last week", "this year", "two months ago", "in three days": `shift` units from now.
    RelUnit {
        unit: Unit,
        shift: i32,
    },
    /// "over the weekend".
    Weekend,
}

impl Expr {
    fn precision(self) -> Precision {
        match self {
            Self::Date { .. } | Self::Weekday { .. } | Self::RelDay(_) => Precision::Day,
            Self::IsoWeek { .. } | Self::Weekend => Precision::Week,
            Self::Month { .. } => Precision::Month,
            Self::Year(_) => Precision::Year,
            Self::Season { .. } => Precision::Season,
            Self::Quarter { .. } => Precision::Quarter,
            Self::RelUnit { unit, .. } => unit_precision(unit),
        }
    }

    /// Fully specified without a publication date.
    fn is_absolute(self) -> bool {
        match self {
            Self::Date { year, .. } | Self::Month { year, .. } | Self::Season { year, .. } => {
                year.is_some()
            }
            Self::Quarter { year, .. } => year.is_some(),
            Self::IsoWeek { .. } | Self::Year(_) => true,
            Self::Weekday { .. } | Self::RelDay(_) | Self::RelUnit { .. } | Self::Weekend => false,
        }
    }
}

/// A proposed mention: span, meaning and any tense fixed by the words themselves.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    start: usize,
    end: usize,
    expr: Expr,
    forced_future: Option<bool>,
}

impl Candidate {
    fn new(start: usize, end: usize, expr: Expr) -> Self {
        Self {
            start,
            end,
            expr,
            forced_future: None,
        }
    }

    fn whole(m: Match, expr: Expr) -> Self {
        Self::new(m.start(), m.end(), expr)
    }

    fn forced(mut self, tense: Option<bool>) -> Self {
        self.forced_future = tense;
        self
    }
}

type ParseFn = fn(&TimeWords, &str, &Captures) -> Option<Candidate>;

struct Rule {
    re: Regex,
    parse: ParseFn,
    /// The pattern has a `next` group: the search resumes there instead of after the match,
    /// so in "January, February and March" every adjacent pair is seen.
    resume_at_next: bool,
}

impl Rule {
    fn collect(&self, lex: &TimeWords, text: &str, out: &mut Vec<Candidate>) {
        if !self.resume_at_next {
            out.extend(
                self.re
                    .captures_iter(text)
                    .filter_map(|caps| (self.parse)(lex, text, &caps)),
            );
            return;
        }
        let mut at = 0;
        while let Some(caps) = self.re.captures_at(text, at) {
            out.extend((self.parse)(lex, text, &caps));
            let (Some(whole), Some(next)) = (caps.get(0), caps.name("next")) else {
                break;
            };
            // `next` starts after the match start, so the search always moves on.
            if next.start() <= whole.start() {
                break;
            }
            at = next.start();
        }
    }
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

/// ASCII word boundary: Unicode `\b` would make the lazy DFA give up on non-ASCII text.
const B: &str = r"(?-u:\b)";
/// A plausible four-digit year.
const YEAR: &str = r"(?:1[89]|20)[0-9]{2}";

/// Regex fragments built from the lexicon.
struct Frags {
    month_full: String,
    month_any: String,
    weekday_full: String,
    weekday_prefix: String,
    season: String,
    relday: String,
    daypart: String,
    relmod: String,
    unit: String,
    count: String,
    ordinal: String,
    prep: String,
    year_prep: String,
    partof: String,
}

/// Alternation of lexicon phrases, longest first so leftmost-first picks the longest.
fn alternation<'a>(
    words: impl IntoIterator<Item = &'a String>,
    variants: fn(&str) -> Vec<String>,
) -> String {
    let mut forms: Vec<String> = words.into_iter().flat_map(|w| variants(w)).collect();
    forms.sort_by_key(|f| std::cmp::Reverse(f.len()));
    forms.dedup();
    let escaped: Vec<String> = forms
        .iter()
        .map(|f| regex::escape(f).replace(' ', r"\s+"))
        .collect();
    format!("(?:{})", escaped.join("|"))
}

/// Case-insensitive form (relative words, seasons, prepositions).
fn any_case(w: &str) -> Vec<String> {
    vec![w.to_string()]
}

/// Capitalised and UPPERCASE forms only: keeps "may"/"march" (verbs) and "sun" out.
fn capitalised(w: &str) -> Vec<String> {
    let mut chars = w.chars();
    let cap = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    vec![cap, w.to_uppercase()]
}

fn ci(alt: String) -> String {
    format!("(?i:{alt})")
}

impl Frags {
    fn new(lex: &TimeWords) -> Self {
        let month_full = alternation(&lex.month_full, capitalised);
        let month_abbr = alternation(&lex.month_abbr, capitalised);
        let weekday_full = alternation(&lex.weekday_full, capitalised);
        let weekday_abbr = alternation(&lex.weekday_abbr, capitalised);
        let numbers: Vec<&String> = lex.numbers.keys().collect();
        let ordinals: Vec<&String> = lex.ordinals.keys().collect();
        let relmod = ci(alternation(lex.relmods.keys(), any_case));
        Self {
            month_any: format!(r"(?P<mon>{month_full}{B}|{month_abbr}{B}\.?)"),
            // "(last) Tuesday, April 4": the weekday is redundant, the date decides.
            weekday_prefix: format!(
                r"(?:(?:{relmod}\s+)?(?:{weekday_full}|{weekday_abbr}){B}\.?,?\s+)?"
            ),
            month_full,
            weekday_full,
            season: ci(alternation(lex.seasons.keys(), any_case)),
            relday: ci(alternation(lex.reldays.keys(), any_case)),
            daypart: ci(alternation(&lex.dayparts, any_case)),
            relmod,
            unit: ci(alternation(lex.units.keys(), any_case)),
            count: format!("(?:[0-9]{{1,3}}|{})", ci(alternation(numbers, any_case))),
            ordinal: ci(alternation(ordinals, any_case)),
            prep: ci(alternation(&lex.preps, any_case)),
            year_prep: ci(alternation(&lex.year_preps, any_case)),
            partof: ci(alternation(&lex.partofs, any_case)),
        }
    }

    /// (pattern, parser) for every rule.
    fn rules(&self) -> Vec<(String, ParseFn)> {
        let Self {
            month_full: mf,
            month_any: ma,
            weekday_full: wf,
            weekday_prefix: wp,
            season: se,
            relday: rd,
            daypart: dp,
            relmod: rm,
            unit: un,
            count: cn,
            ordinal: or,
            prep: pr,
            year_prep: yp,
            partof: po,
        } = self;
        let tail_year = format!(r"(?:,?\s+(?P<year>{YEAR}){B})?");
        let day = format!(r"(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?{B}");
        let list = r"(?:\s*,\s*(?:(?i:and|or)\s+)?|\s+(?i:and|or|to|through|until)\s+|\s*[-–—]\s*)";
        vec![
            // "April 4", "Tuesday, Apr. 4, 2023"
            (format!(r"{B}{wp}{ma}\s+{day}{tail_year}"), parse_date),
            // "4 April 2023", "the 4th of April"
            (
                format!(r"{B}{wp}(?:(?i:the)\s+)?{day}(?:\s+(?i:of))?\s+{ma}{tail_year}"),
                parse_date,
            ),
            // "2023-04-11", "2023/4/11"
            (
                format!(
                    r"{B}(?P<year>[0-9]{{4}})(?:-(?P<m1>[0-9]{{2}})-(?P<d1>[0-9]{{2}})|/(?P<m2>[0-9]{{1,2}})/(?P<d2>[0-9]{{1,2}}))"
                ),
                parse_iso_date,
            ),
            // "2023-W15"
            (
                format!(r"{B}(?P<year>[0-9]{{4}})-W(?P<week>[0-9]{{2}}){B}"),
                parse_iso_week,
            ),
            // "April 2023", "mid-April of 2023"
            (
                format!(r"{B}(?:(?P<mod>{po})[\s-]+)?{ma}(?:,|\s+(?i:of))?\s+(?P<year>{YEAR}){B}"),
                parse_month_year,
            ),
            // "in April", "early April", "last April"
            (
                format!(
                    r"{B}(?:(?P<prep>{pr})\s+)?(?:(?P<rel>{rm})\s+|(?P<mod>{po})[\s-]+)?(?P<mon>{mf}){B}"
                ),
                parse_month_alone,
            ),
            // "January, February and March", "between April and June": each listed month
            (
                format!(r"{B}(?P<mon>{mf}){B}{list}(?P<next>{mf}){B}"),
                parse_month_listed,
            ),
            (
                format!(r"{B}{mf}{B}{list}(?P<mon>(?P<next>{mf})){B}"),
                parse_month_listed,
            ),
            // "in 2023", "since 2021", "mid-2023", "2023's"
            (
                format!(
                    r"{B}(?:(?P<prep>{yp})\s+(?:(?P<mod>{po})[\s-]+)?|(?P<mod2>{po})[\s-]+)?(?P<year>{YEAR}){B}(?P<poss>['’]s{B})?"
                ),
                parse_year,
            ),
            // "between 2019 and 2021": the second year
            (
                format!(
                    r"{B}{yp}\s+{YEAR}\s*(?:-|–|—|(?i:to|and|or|until|through))\s*(?P<year>{YEAR}){B}"
                ),
                parse_year_range,
            ),
            // "yesterday", "earlier today", "tomorrow night", "the day before yesterday"
            (
                format!(
                    r"{B}(?:(?P<pre>(?i:earlier|later))\s+)?(?P<word>{rd}){B}(?:\s+(?P<dp>{dp}){B})?"
                ),
                parse_relday,
            ),
            // "Tuesday", "last Tuesday", "Tuesday night"
            (
                format!(r"{B}(?:(?P<rel>{rm})\s+)?(?P<wd>{wf}){B}(?:\s+(?P<dp>{dp}){B})?"),
                parse_weekday,
            ),
            // "last week", "earlier this month", "the end of next year"
            (
                format!(r"{B}(?:(?P<edge>{po})[\s-]+)?(?P<rel>{rm})\s+(?P<unit>{un}){B}"),
                parse_relunit,
            ),
            // "the end of the year"
            (
                format!(r"{B}(?P<edge>{po})\s+(?i:the)\s+(?P<unit>{un}){B}"),
                parse_edge_unit,
            ),
            // "over the weekend"
            (
                format!(r"{B}{pr}\s+(?P<t>(?i:the)\s+(?P<unit>{un})){B}"),
                parse_weekend,
            ),
            // "two weeks ago", "a year ago"
            (
                format!(r"{B}(?P<n>{cn})\s+(?P<unit>{un})s?\s+(?i:ago){B}"),
                parse_ago,
            ),
            // "in two weeks", "in 3 days' time"
            (
                format!(
                    r"{B}(?i:in)\s+(?P<n>{cn})\s+(?P<unit>{un})s?{B}(?:['’]s?\s+(?i:time){B})?"
                ),
                parse_in_n,
            ),
            // "two weeks from now"
            (
                format!(r"{B}(?P<n>{cn})\s+(?P<unit>{un})s?\s+(?i:from)\s+(?i:now|today){B}"),
                parse_from_now,
            ),
            // "spring 2023", "the summer of 2022"
            (
                format!(
                    r"{B}(?:(?i:the)\s+)?(?:(?P<mod>{po})[\s-]+)?(?P<s>{se})(?:\s+(?i:of))?,?\s+(?P<year>{YEAR}){B}"
                ),
                parse_season_year,
            ),
            // "last summer", "this spring"
            (
                format!(r"{B}(?P<rel>{rm})\s+(?:(?P<mod>{po})[\s-]+)?(?P<s>{se}){B}"),
                parse_season_rel,
            ),
            // "in the spring", "over the summer", "in early autumn"
            (
                format!(r"{B}{pr}\s+(?P<t>(?:(?i:the)\s+)?(?:(?P<mod>{po})[\s-]+)?(?P<s>{se})){B}"),
                parse_season_bare,
            ),
            // "the first quarter", "third-quarter", "the second quarter of 2023 / of last year"
            (
                format!(
                    r"{B}(?:(?i:the)\s+)?(?P<ord>{or})[\s-]+(?i:quarter){B}(?:\s+(?i:of)\s+(?:(?P<year>{YEAR}){B}|(?P<rel>{rm})\s+(?i:year){B}))?"
                ),
                parse_quarter,
            ),
            // "Q2", "Q2 2023", "2023 Q2"
            (
                format!(
                    r"{B}(?:(?P<ya>{YEAR})\s+)?Q(?P<q>[1-4]){B}(?:\s+(?:(?i:of)\s+)?(?P<yb>{YEAR}){B})?"
                ),
                parse_quarter_q,
            ),
        ]
    }
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

    fn mention(&self, text: &str, cand: &Candidate, published: Option<NaiveDate>) -> TimeMention {
        let cue_future = cand
            .forced_future
            .unwrap_or_else(|| self.has_future_cue(text, cand.start, cand.end));
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
            start: cand.start,
            end: cand.end,
            text: text[cand.start..cand.end].to_string(),
            value,
            precision: cand.expr.precision(),
            future,
        }
    }

    /// Future cue in the same sentence before the mention, or "will" right after it.
    ///
    /// Before the mention the cue nearest to it wins, so in "he will travel next week, the
    /// White House said on Tuesday" the past "said" outweighs the earlier "will".
    fn has_future_cue(&self, text: &str, start: usize, end: usize) -> bool {
        if self.future_word_after(&text[end..]) {
            return true;
        }
        let before = sentence_before(text, start);
        let nearest = self
            .cues
            .find_iter(before)
            .filter(|m| is_whole_word(before, m.start(), m.end()) && !is_name(before, m.start()))
            .filter_map(|m| {
                self.cue_kinds
                    .get(m.pattern().as_usize())
                    .copied()
                    .flatten()
            })
            .last();
        nearest.unwrap_or(false)
    }

    /// Looks at the first few words after a mention ("Tuesday's meeting will ...").
    fn future_word_after(&self, after: &str) -> bool {
        let clause_end = after
            .find(['.', '!', '?', '\n', ',', ';', ':'])
            .unwrap_or(after.len());
        let clause = &after[..clause_end];
        // "Friday's meeting will": the possessive is not a word of its own.
        let clause = clause
            .strip_prefix("'s")
            .or_else(|| clause.strip_prefix("’s"))
            .unwrap_or(clause);
        for word in clause.split_whitespace().take(2) {
            let word = word.to_lowercase();
            if self.lex.clause_breaks.contains(&word) {
                return false;
            }
            let contracted = self
                .lex
                .future_after
                .iter()
                .any(|cue| cue.starts_with(['\'', '’']) && word.ends_with(cue.as_str()));
            if contracted || self.lex.future_after.contains(&word) {
                return true;
            }
        }
        false
    }
}

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

fn parse_date(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_iso_date(_: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_iso_week(_: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let year = year_of(caps, "year")?;
    let week = num(caps, "week")?;
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
    Some(Candidate::whole(caps.get(0)?, Expr::IsoWeek { year, week }))
}

fn parse_month_year(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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
fn parse_month_alone(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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
fn parse_month_listed(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    let mon = caps.name("mon")?;
    let expr = Expr::Month {
        year: None,
        month: lex.month(Some(mon))?,
        shift: None,
    };
    Some(Candidate::new(mon.start(), mon.end(), expr))
}

/// A bare number is a year only with a licence ("in 2023", "mid-2023", "2023's").
fn parse_year(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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
fn parse_year_range(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_relday(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_weekday(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_relunit(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_edge_unit(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_weekend(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_ago(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    parse_count(lex, caps, -1)
}

fn parse_from_now(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
    parse_count(lex, caps, 1)
}

/// How far before "in N years" a span cue ("first", "lowest") is looked for.
const SPAN_CUE_WORDS: usize = 6;

fn parse_in_n(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
    let whole = caps.get(0)?;
    let n = caps.name("n")?.as_str().to_lowercase();
    // "twice in a day", "in two days of talks": durations, not points in time.
    if n == "a" || n == "an" || starts_with_word(&text[whole.end()..], "of") {
        return None;
    }
    // "the first visit in 30 years", "its lowest level in five years": the span looked back
    // over, not a time to come. A span cue among the few words before, in the same clause.
    let before = &text[..whole.start()];
    let clause = &before[before.rfind(['.', ';', ',', '\n']).map_or(0, |i| i + 1)..];
    let spans = clause
        .split_whitespace()
        .rev()
        .take(SPAN_CUE_WORDS)
        .any(|w| lex.span_cues.contains(&norm(w)));
    if spans {
        return None;
    }
    parse_count(lex, caps, 1)
}

fn parse_season_year(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_season_rel(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_season_bare(lex: &TimeWords, text: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_quarter(lex: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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

fn parse_quarter_q(_: &TimeWords, _: &str, caps: &Captures) -> Option<Candidate> {
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
fn in_numeric_context(text: &str, start: usize, end: usize) -> bool {
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

/// Maximum look-back for tense cues.
const CUE_WINDOW: usize = 120;

/// The part of the current sentence before `pos`, at most [`CUE_WINDOW`] bytes.
fn sentence_before(text: &str, pos: usize) -> &str {
    let mut lo = pos.saturating_sub(CUE_WINDOW);
    while !text.is_char_boundary(lo) {
        lo += 1;
    }
    let window = &text[lo..pos];
    let cut = window
        .char_indices()
        .rev()
        .find(|&(i, c)| is_sentence_end(window, i, c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    &window[cut..]
}

/// Sentence-final punctuation; a '.' after a short capitalised token ("Mr.", "Apr.", "U.S.") is not.
fn is_sentence_end(s: &str, i: usize, c: char) -> bool {
    match c {
        '\n' | '!' | '?' => true,
        '.' => {
            let followed_by_space = s[i + 1..].chars().next().is_none_or(char::is_whitespace);
            let token: Vec<char> = s[..i]
                .chars()
                .rev()
                .take_while(|c| c.is_alphabetic())
                .collect();
            let abbreviation =
                (1..=3).contains(&token.len()) && token.last().is_some_and(|c| c.is_uppercase());
            followed_by_space && !abbreviation
        }
        _ => false,
    }
}

/// A capitalised cue inside a sentence is a name ("Will Smith"), not a modal.
fn is_name(sentence: &str, start: usize) -> bool {
    let capitalised = sentence[start..].starts_with(|c: char| c.is_uppercase());
    capitalised && sentence[..start].chars().any(char::is_alphanumeric)
}

/// The match is not glued to letters or digits (cues like "'ll" only check their word end).
fn is_whole_word(s: &str, start: usize, end: usize) -> bool {
    let word_char = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let first = s[start..].chars().next();
    let last = s[..end].chars().next_back();
    (!word_char(first) || !word_char(s[..start].chars().next_back()))
        && (!word_char(last) || !word_char(s[end..].chars().next()))
}

// ---------------------------------------------------------------------------------------------
// Resolution
// ---------------------------------------------------------------------------------------------

/// Anchors an expression; `future` picks the direction for underspecified ones.
fn resolve(expr: Expr, published: Option<NaiveDate>, future: bool) -> Option<TimexValue> {
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
fn weekend(p: NaiveDate, future: bool) -> Option<NaiveDate> {
    if matches!(p.weekday(), Weekday::Sat | Weekday::Sun) {
        return Some(p);
    }
    weekday_date(p, Weekday::Sat, None, future)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tuesday.
    fn published() -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2023, 4, 11)
    }

    fn on(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    /// (mention text, value) pairs.
    fn tag_at(text: &str, pubdate: Option<NaiveDate>) -> Vec<(String, Option<String>)> {
        find_times(&TimeEngine::builtin(), text, pubdate)
            .into_iter()
            .map(|m| (m.text, m.value.map(|v| v.to_string())))
            .collect()
    }

    /// The only mention in `text`, published on 2023-04-11.
    fn only(text: &str) -> TimeMention {
        only_at(text, published())
    }

    fn only_at(text: &str, pubdate: Option<NaiveDate>) -> TimeMention {
        let mut found = find_times(&TimeEngine::builtin(), text, pubdate);
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
        let found = find_times(&TimeEngine::builtin(), text, published());
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
        let found = find_times(
            &TimeEngine::builtin(),
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
        assert_eq!(
            offset_before(&TimeEngine::builtin(), "His visit comes a week after"),
            Some(-7)
        );
        assert_eq!(
            offset_before(
                &TimeEngine::builtin(),
                "The talks came just under two weeks after"
            ),
            Some(-14)
        );
        assert_eq!(
            offset_before(&TimeEngine::builtin(), "Two days after"),
            None,
            "no news peg"
        );
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
        let found = find_times(
            &TimeEngine::builtin(),
            "Yesterday, on April 4, 2023, in April and in 2021.",
            None,
        );
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
        let found = find_times(&TimeEngine::builtin(), text, published());
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
        let found = find_times(&TimeEngine::builtin(), text, published());
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
        let found = find_times(&TimeEngine::builtin(), s, pubdate);
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
