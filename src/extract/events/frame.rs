//! The scope of a trigger in its sentence: the clause around it and the mentions it may take.

use super::*;

/// The part of a sentence whose mentions can take part in an event: inside the trigger's quote
/// when it is quoted (plus the speaker), else outside quotes; without the reporters of the
/// sentence ("X said that ...", "..., Y said").
pub(super) struct Scope<'a> {
    pub(super) mentions: Vec<&'a Mention>,
    pub(super) speaker: Option<usize>,
    pub(super) start: usize,
    pub(super) end: usize,
    /// The first verb's objects, for a verb after "and" ("X phoned A and met B"): not this
    /// verb's participants nor its date.
    pub(super) elided: Option<(usize, usize)>,
}

impl Scope<'_> {
    /// Whether `start..end` lies in the first verb's clause, which this verb does not read.
    pub(super) fn elides(&self, start: usize, end: usize) -> bool {
        self.elided
            .is_some_and(|(from, to)| start >= from && end <= to)
    }
}

impl<'a> Scope<'a> {
    pub(super) fn around(cx: &'a Context, s: &Sentence, tokens: &[Token], trigger: usize) -> Self {
        let quote = cx.layer.quote_at(trigger);
        let (mut start, mut end) = match quote {
            Some(q) => (q.start.max(s.start), q.end.min(s.end)),
            None => (s.start, s.end),
        };
        // "Talks Between X, Y Lasted Two Hours - Ushakov": who a headline is attributed to.
        if s.kind == BlockKind::Headline {
            let head = &cx.text[start..end];
            if let Some(at) = head.rfind(" - ").or_else(|| head.rfind(" \u{2013} ")) {
                let attributed = cx.doc.words_in(start + at, end).len();
                if at > 0 && start + at > trigger && attributed <= 3 {
                    end = start + at;
                }
            }
        }
        // "X said (that) ... trigger": X reports; "trigger ..., X said": X reports.
        let (outer_start, outer_end) = (start, end);
        for t in tokens
            .iter()
            .filter(|t| t.start >= outer_start && t.end <= outer_end)
        {
            let word = t.text(cx.text).to_lowercase();
            if !cx.lexicon.is(WordClass::ReportingVerb, &word) {
                continue;
            }
            if t.end <= trigger {
                if !said_through(cx, t.end, trigger) && !glad_to_have(cx, t.end, trigger) {
                    start = t.end;
                }
            } else if fronted_adjunct(cx, tokens, start, trigger, t.start) {
                // "In a call with A on Tuesday, B said ...": B spoke in the call; "During
                // the meeting, B told C ...": so did C. What they said is not the event's.
                let told = tokens
                    .iter()
                    .filter(|w| w.start >= t.end)
                    .take(ADDRESSEE_WORDS)
                    .last()
                    .map_or(t.end, |w| w.end);
                let addressee = cx.lexicon.is(WordClass::AddresseeVerb, &word);
                end = end.min(if addressee { told } else { t.start });
            } else if let Some(comma) = reporter_comma(cx, trigger, t.start) {
                end = end.min(trigger + comma);
            }
        }
        // "According to X, ... trigger": X reports (the comma closes the reporter's phrase).
        let lower = cx.text[outer_start..trigger].to_lowercase();
        for (at, _) in lower.match_indices("according to ") {
            if let Some(comma) = lower[at..].find(',') {
                start = start.max(outer_start + at + comma + 1);
            }
        }
        // "Y praised X's recent visit to Kenya": a contact owned by a person is theirs; the
        // people before the owner are the clause around it. Not when someone joins it ("Z
        // joined X's call").
        if let Some(owner) = owner_before(cx, tokens, start, trigger) {
            let sentence = cx.text[s.start..s.end].to_lowercase();
            if !cx.lexicon.has_cue(Cue::Joining, &sentence) {
                start = owner;
            }
        }
        // "X phoned A on Sunday and met B on Monday": each verb takes its own objects (and
        // dates); the subject before the first verb is shared.
        if let Some(and) = coordinated_verb_after(cx, tokens, start, trigger, end) {
            end = and;
        }
        let elided = coordinated_verb_before(cx, tokens, start, trigger);
        let mentions = cx
            .layer
            .mentions_in(start, end)
            .iter()
            .filter(|m| m.end <= end)
            .filter(|m| elided.is_none_or(|(from, to)| m.end <= from || m.start >= to))
            .filter(|m| quote.is_some() || cx.layer.quote_at(m.start).is_none())
            // "his predecessor, X", "the late X": named as someone's past, not as present.
            .filter(|m| {
                !cx.lexicon
                    .is(WordClass::FormerHolder, &cx.doc.word_before(m.start))
            })
            .collect();
        Scope {
            mentions,
            speaker: quote.and_then(|q| q.speaker),
            start,
            end,
            elided,
        }
    }
}

/// Most adjectives between an owner's 's and its trigger ("Hasina's recent official visit").
const OWNED_NOUN_MODIFIERS: usize = 3;

/// Where the person who owns a noun trigger is named ("Hasina's recent visit"): a person's
/// mention right before an 's, with at most a few adjectives (`owned_noun_modifier`, or
/// hyphenated) between it and the trigger, after the scope's `start`.
fn owner_before(cx: &Context, tokens: &[Token], start: usize, trigger: usize) -> Option<usize> {
    let at = tokens.partition_point(|t| t.end <= trigger);
    for (skipped, t) in tokens[..at].iter().rev().enumerate() {
        if t.start <= start || skipped > OWNED_NOUN_MODIFIERS {
            return None;
        }
        let rest = &cx.text[t.end..];
        if rest.starts_with("'s") || rest.starts_with("’s") {
            let gap = rest.trim_start_matches("'s").trim_start_matches("’s");
            let gap = &gap[..gap.len() - (cx.text.len() - trigger)];
            if gap.contains([',', ';', '.', '(', ')', '"', '“', '”']) {
                return None;
            }
            return cx
                .layer
                .mentions_in(start, t.end)
                .iter()
                .find(|m| m.end == t.end && m.kind == EntityKind::Person)
                .map(|m| m.start)
                .filter(|&owner| owner > start);
        }
        let word = t.text(cx.text);
        let modifier = word.contains('-')
            || (word.chars().all(|c| c.is_lowercase())
                && cx.lexicon.is(WordClass::OwnedNounModifier, word));
        if !modifier {
            return None;
        }
    }
    None
}

/// Most words before a trigger that "it was a real pleasure to" may take.
pub(super) const GLAD_WORDS: usize = 8;

/// Words that end right before a trigger say "a pleasure to", "good to" ("it was a real
/// pleasure to meet Y"): the speaker tells of their own contact.
pub(super) fn glad_infinitive(cx: &Context, words: &[String]) -> bool {
    words.last().is_some_and(|w| w == "to")
        && words.iter().any(|w| cx.lexicon.is(WordClass::GladWord, w))
}

/// "X said it was a real pleasure to meet Y": the speaker tells of their own meeting.
fn glad_to_have(cx: &Context, verb_end: usize, trigger: usize) -> bool {
    let words: Vec<String> = cx.doc.lower_words(verb_end, trigger).collect();
    words.len() <= GLAD_WORDS
        && glad_infinitive(cx, &words)
        && !cx.text[verb_end..trigger].contains([',', ';', '.'])
}

/// How many words after "told" may name whom it was told to ("told Prime Minister Y").
const ADDRESSEE_WORDS: usize = 4;

/// How many words may open a sentence before the trigger of a fronted adjunct ("In their
/// first phone call", "During a two-hour meeting").
const ADJUNCT_OPENING_WORDS: usize = 5;

/// The trigger stands in a phrase that opens the sentence and a comma closes before the
/// reporting verb: "In a phone call with A on Tuesday, B said ...".
fn fronted_adjunct(
    cx: &Context,
    tokens: &[Token],
    start: usize,
    trigger: usize,
    verb: usize,
) -> bool {
    let opening: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.start >= start && t.end <= trigger)
        .collect();
    let Some(first) = opening.first() else {
        return false;
    };
    opening.len() <= ADJUNCT_OPENING_WORDS
        && cx.lexicon.is(
            WordClass::MeansPreposition,
            &first.text(cx.text).to_lowercase(),
        )
        && cx.text[trigger..verb].contains(',')
}

/// "trigger ..., X, the spokesperson for the ministry, said": the comma that opens the reporter's
/// phrase is the one before a lone name whose apposition (opening with a determiner: "the
/// spokesperson ...", never "and ...", which goes on with a list) runs to the verb; else the
/// last comma before the verb.
pub(super) fn reporter_comma(cx: &Context, trigger: usize, verb: usize) -> Option<usize> {
    let gap = &cx.text[trigger..verb];
    let commas: Vec<usize> = gap.match_indices(',').map(|(at, _)| at).collect();
    let last = *commas.last()?;
    let people_in = |from: usize, to: usize| {
        cx.layer
            .mentions_in(trigger + from, trigger + to)
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.end <= trigger + to)
            .count()
    };
    if people_in(last, gap.len()) > 0 {
        return Some(last);
    }
    let apposition = commas.windows(2).rev().take(2).find(|w| {
        let (name, next) = (w[0], w[1]);
        people_in(name, next) == 1
            && people_in(next, gap.len()) == 0
            && cx.lexicon.is(
                WordClass::Determiner,
                &cx.doc.word_after(trigger + next + 1),
            )
    });
    Some(apposition.map_or(last, |w| w[0]))
}

/// Where "and" opens a second verb of the same subject after the trigger ("phoned A and met B"):
/// the first verb's clause ends there.
fn coordinated_verb_after(
    cx: &Context,
    tokens: &[Token],
    start: usize,
    trigger: usize,
    end: usize,
) -> Option<usize> {
    if !verb_after_subject(cx, start, trigger) {
        return None;
    }
    let after = tokens.iter().filter(|t| t.start > trigger && t.end <= end);
    for (i, t) in after.clone().enumerate() {
        if !t.text(cx.text).eq_ignore_ascii_case("and") {
            continue;
        }
        let verb = after.clone().skip(i + 1).find(|w| {
            !cx.lexicon
                .is(WordClass::ClauseAdverb, &w.text(cx.text).to_lowercase())
        })?;
        if verb_trigger_at(cx, verb, end) {
            return Some(t.start);
        }
    }
    None
}

/// For a verb after "and" whose subject is elided ("X phoned A and met B"), the span of the
/// first verb's objects (from the first verb to the "and"), which are not this verb's.
fn coordinated_verb_before(
    cx: &Context,
    tokens: &[Token],
    start: usize,
    trigger: usize,
) -> Option<(usize, usize)> {
    let before: Vec<&Token> = tokens
        .iter()
        .filter(|t| t.start >= start && t.end <= trigger)
        .collect();
    let mut words = before.iter().rev().skip_while(|w| {
        cx.lexicon
            .is(WordClass::ClauseAdverb, &w.text(cx.text).to_lowercase())
    });
    let and = words.next()?;
    if !and.text(cx.text).eq_ignore_ascii_case("and") {
        return None;
    }
    let first = before
        .iter()
        .filter(|t| t.end <= and.start)
        .find(|t| verb_trigger_at(cx, t, and.start))?;
    if !verb_after_subject(cx, start, first.start) {
        return None;
    }
    Some((first.end, and.start))
}

/// A trigger used as a verb starts at this token: a lower-case word with no noun guard.
fn verb_trigger_at(cx: &Context, token: &Token, limit: usize) -> bool {
    if !token.text(cx.text).starts_with(|c: char| c.is_lowercase()) {
        return false;
    }
    cx.lexicon
        .triggers
        .find(cx.text, token.start, limit)
        .into_iter()
        .take_while(|hit| hit.start == token.start)
        .any(|hit| cx.lexicon.trigger_info[hit.pattern].guard != TriggerGuard::Noun)
}

/// The trigger at `at` reads as the verb of a person named before it in the clause ("X
/// phoned A and met B"), not as a noun ("On the first day of the summit, X attended ... and
/// met Y").
fn verb_after_subject(cx: &Context, start: usize, at: usize) -> bool {
    let subject_before = cx
        .layer
        .mentions_in(start, at)
        .iter()
        .any(|m| m.kind == EntityKind::Person);
    let noun = cx
        .doc
        .word_before_within(at, start)
        .is_some_and(|w| cx.lexicon.is(WordClass::NounMarker, &w));
    subject_before && !noun
}
