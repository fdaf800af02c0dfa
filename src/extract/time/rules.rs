//! The rules: regular expressions over the time words, each with the parser of its matches, and the expressions they propose.

use super::*;

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
pub(super) enum Expr {
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
    pub(super) fn precision(self) -> Precision {
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
    pub(super) fn is_absolute(self) -> bool {
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
pub(super) struct Candidate {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) expr: Expr,
    pub(super) forced_future: Option<bool>,
    /// "in N units": a time to come unless a span cue stands before it (see [`spans_back`]).
    pub(super) count_ahead: bool,
}

impl Candidate {
    pub(super) fn new(start: usize, end: usize, expr: Expr) -> Self {
        Self {
            start,
            end,
            expr,
            forced_future: None,
            count_ahead: false,
        }
    }

    pub(super) fn whole(m: Match, expr: Expr) -> Self {
        Self::new(m.start(), m.end(), expr)
    }

    pub(super) fn forced(mut self, tense: Option<bool>) -> Self {
        self.forced_future = tense;
        self
    }

    pub(super) fn counted_ahead(mut self) -> Self {
        self.count_ahead = true;
        self
    }
}

type ParseFn = fn(&TimeWords, &str, &Captures) -> Option<Candidate>;

pub(super) struct Rule {
    pub(super) re: Regex,
    pub(super) parse: ParseFn,
    /// The pattern has a `next` group: the search resumes there instead of after the match,
    /// so in "January, February and March" every adjacent pair is seen.
    pub(super) resume_at_next: bool,
}

impl Rule {
    pub(super) fn collect(&self, lex: &TimeWords, text: &str, out: &mut Vec<Candidate>) {
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

/// ASCII word boundary: Unicode `\b` would make the lazy DFA give up on non-ASCII text.
const B: &str = r"(?-u:\b)";

/// A plausible four-digit year.
const YEAR: &str = r"(?:1[89]|20)[0-9]{2}";

/// Regex fragments built from the lexicon.
pub(super) struct Frags {
    pub(super) month_full: String,
    pub(super) month_any: String,
    pub(super) weekday_full: String,
    pub(super) weekday_prefix: String,
    pub(super) season: String,
    pub(super) relday: String,
    pub(super) daypart: String,
    pub(super) relmod: String,
    pub(super) unit: String,
    pub(super) count: String,
    pub(super) ordinal: String,
    pub(super) prep: String,
    pub(super) year_prep: String,
    pub(super) partof: String,
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
pub(super) fn capitalised(w: &str) -> Vec<String> {
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
    pub(super) fn new(lex: &TimeWords) -> Self {
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
    pub(super) fn rules(&self) -> Vec<(String, ParseFn)> {
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
