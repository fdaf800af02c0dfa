//! Trigger hits: the guards that make a word count, and the events found at a trigger (kind, habit, plan).

use super::*;

/// A trigger guarded by a person ("met") needs one among this many words after it.
const PERSON_GUARD_WORDS: usize = 7;

/// "called" needs its callee this close: "called US Secretary of State Antony Blinken".
const CALLEE_WORDS: usize = 4;

pub(super) fn guard_holds(
    cx: &Context,
    guard: TriggerGuard,
    start: usize,
    end: usize,
    s: &Sentence,
) -> bool {
    // The words either side, within the trigger's sentence.
    let before = cx.doc.word_before_within(start, s.start);
    let after = cx.doc.word_after_within(end, s.end);
    match guard {
        TriggerGuard::None => true,
        TriggerGuard::Noun => {
            // "calls for", "called off" show another sense; "a call on Tuesday" does not.
            if after
                .as_deref()
                .is_some_and(|a| cx.lexicon.is(WordClass::NotNounFollower, a))
                && !time_follows(cx, s, end)
            {
                return false;
            }
            before.as_deref().is_some_and(|b| noun_modifier(cx, b))
                || after
                    .as_deref()
                    .is_some_and(|a| cx.lexicon.is(WordClass::NounFollower, a))
        }
        TriggerGuard::Person => cx
            .layer
            .mentions_in(end, cx.doc.end_after_words(end, PERSON_GUARD_WORDS, s.end))
            .iter()
            .any(|m| m.kind == EntityKind::Person),
        TriggerGuard::Callee => callee_follows(cx, start, end, s),
        TriggerGuard::NounOrCallee => {
            guard_holds(cx, TriggerGuard::Noun, start, end, s)
                || guard_holds(cx, TriggerGuard::Callee, start, end, s)
        }
    }
}

/// A time expression starts at the second word after `end` ("call on Tuesday").
fn time_follows(cx: &Context, s: &Sentence, end: usize) -> bool {
    let Some(next) = cx.doc.token_after(end) else {
        return false;
    };
    let Some(second) = cx.doc.token_after(next.end) else {
        return false;
    };
    cx.times_in(s)
        .iter()
        .any(|t| t.start == second.start || t.start == next.start)
}

/// "X called Y": a person is the object of the verb. Not a name given ("a man called Smith",
/// "the so-called envoy", "was called"), an appeal ("called for", "called on"), or a judgement
/// ("called Smith a liar", "called Smith's plan").
fn callee_follows(cx: &Context, start: usize, end: usize, s: &Sentence) -> bool {
    if cx.text[..start].ends_with('-') {
        return false;
    }
    if let Some(before) = cx.doc.token_before(start).filter(|t| t.start >= s.start) {
        let word = before.text(cx.text).to_lowercase();
        if cx.lexicon.is(WordClass::PassiveAuxiliary, &word) {
            return false;
        }
        // "a man called", "the group called": a common noun after a determiner names.
        let in_mention = cx
            .layer
            .mentions_in(s.start, before.end)
            .iter()
            .any(|m| m.start <= before.start && before.end <= m.end);
        let lower = before.text(cx.text).starts_with(|c: char| c.is_lowercase());
        let determined = cx
            .doc
            .word_before_within(before.start, s.start)
            .is_some_and(|w| cx.lexicon.is(WordClass::Determiner, &w));
        if lower && determined && !in_mention {
            return false;
        }
    }
    if cx
        .doc
        .word_after_within(end, s.end)
        .is_none_or(|w| cx.lexicon.is(WordClass::NotCalleeFollower, &w))
    {
        return false;
    }
    let window = cx.doc.end_after_words(end, CALLEE_WORDS, s.end);
    let Some(callee) = cx
        .layer
        .mentions_in(end, window)
        .iter()
        .find(|m| m.kind == EntityKind::Person)
    else {
        return false;
    };
    // "called his talks ...": a possessive is not the callee.
    if cx
        .lexicon
        .is(WordClass::PossessiveOnly, &callee.text.to_lowercase())
    {
        return false;
    }
    // Only a title may stand between verb and callee ("called the US President Joe Biden"),
    // not other words ("called his talks with Joe Biden useful").
    let gap_is_title = cx.doc.words_in(end, callee.start).iter().all(|t| {
        let word = t.text(cx.text);
        word.starts_with(|c: char| c.is_uppercase())
            || cx.lexicon.is(WordClass::Determiner, &word.to_lowercase())
    });
    if !gap_is_title {
        return false;
    }
    let rest = cx.text[callee.end..s.end].trim_start();
    let possessive = rest.starts_with("'s") || rest.starts_with("’s");
    let quoted = rest.starts_with(['"', '“', '‘', '\'']);
    let complement = cx.doc.spaced_token_after(callee.end).is_some_and(|t| {
        cx.lexicon
            .is(WordClass::NamingComplement, &t.text(cx.text).to_lowercase())
    });
    !(possessive || quoted || complement)
}

/// The events one trigger signals: usually one; "X met A, B and C" is three meetings of X.
pub(super) fn events_at(
    cx: &Context,
    s: &Sentence,
    tokens: &[Token],
    start: usize,
    end: usize,
    trigger: &Trigger,
) -> Vec<Event> {
    let Some(event) = event_at(cx, s, tokens, start, end, trigger) else {
        return Vec::new();
    };
    let contact = event.kind.is_contact();
    let scope = Scope::around(cx, s, tokens, start);
    let first_mention = |entity: usize| {
        scope
            .mentions
            .iter()
            .filter(|m| m.entity == entity)
            .map(|m| m.start)
            .min()
    };
    let (subjects, objects): (Vec<&Participant>, Vec<&Participant>) = event
        .participants
        .iter()
        .filter(|p| p.kind == EntityKind::Person)
        .partition(|p| first_mention(p.entity).is_some_and(|at| at < start));
    if !contact || subjects.len() != 1 || objects.len() < 2 {
        return vec![event];
    }
    if !separate_contacts(cx, s, start, end, event.kind, &objects) {
        return vec![event];
    }
    let subject = subjects[0].clone();
    let others: Vec<Participant> = event
        .participants
        .iter()
        .filter(|p| p.kind != EntityKind::Person)
        .cloned()
        .collect();
    objects
        .iter()
        .map(|object| {
            let mut one = event.clone();
            one.participants = vec![subject.clone(), (*object).clone()];
            one.participants.extend(
                others
                    .iter()
                    .filter(|p| p.role != Role::Participant)
                    .cloned(),
            );
            one
        })
        .collect()
}

/// Whether "X met A and B" is one contact with each (bilateral talks) rather than one with
/// both: calls (a call has two ends), a plural trigger ("telephonic conversations with A, B
/// and C"), a list introduced as several ("met several leaders, including A and B"), or
/// people of different countries (leaders met one by one). "received A and B" with nothing of
/// the kind, A and B of one country or of none known, is one joint contact.
fn separate_contacts(
    cx: &Context,
    s: &Sentence,
    start: usize,
    end: usize,
    kind: EventKind,
    objects: &[&Participant],
) -> bool {
    // "When X called A, B joined the call": B is one more party, not another call.
    if cx
        .lexicon
        .has_cue(Cue::Joining, &cx.text[s.start..s.end].to_lowercase())
    {
        return false;
    }
    let trigger = cx.text[start..end].to_lowercase();
    let plural = trigger.ends_with('s') && !cx.lexicon.is(WordClass::SingularTrigger, &trigger);
    let several = cx
        .doc
        .lower_words(end, s.end)
        .take(CLAUSE_WORDS_BEFORE)
        .any(|w| cx.lexicon.is(WordClass::Distributive, &w));
    // "held separate talks with A and B", "bilateral meetings with A and B": one each.
    let separate = separate_modifier(cx, s, start);
    // People of one country (or none known) may be received together; people of different
    // countries, or of a known and an unknown one, are met one by one.
    // "attended the MIKTA meeting with A, B and C": one meeting named as one is joint,
    // whoever came; "met A, B and C" from several countries is one by one.
    let one_named = !plural && named_one(cx, s, start);
    let apart = !one_named && objects.iter().any(|p| p.country != objects[0].country);
    // A phone call has two ends.
    kind == EventKind::Call || plural || several || separate || apart
}

/// "the meeting", "the MIKTA meeting", "the closed-door meeting": a definite word before the
/// trigger, past its modifiers and the capitalised words that name it.
fn named_one(cx: &Context, s: &Sentence, start: usize) -> bool {
    let before = cx.doc.words_in(s.start, start);
    for t in before.iter().rev().take(4) {
        let word = t.text(cx.text);
        let lower = word.to_lowercase();
        if cx.lexicon.is(WordClass::Definite, &lower) {
            return true;
        }
        if !(word.starts_with(|c: char| c.is_uppercase()) || noun_modifier(cx, &lower)) {
            return false;
        }
    }
    false
}

/// A sentence holds a modifier that makes its contact one per counterpart.
pub(super) fn separate_modifier_in(cx: &Context, s: &Sentence) -> bool {
    cx.doc
        .lower_words(s.start, s.end)
        .any(|w| cx.lexicon.is(WordClass::SeparateModifier, &w))
}

/// The words before a trigger end with a modifier that makes it one contact per counterpart,
/// past at most one more modifier ("separate bilateral talks", "bilateral closed-door talks").
pub(super) fn separate_modifier(cx: &Context, s: &Sentence, trigger: usize) -> bool {
    before_trigger(cx, s, trigger)
        .take(2)
        .any(|w| cx.lexicon.is(WordClass::SeparateModifier, &w))
}

fn event_at(
    cx: &Context,
    s: &Sentence,
    tokens: &[Token],
    start: usize,
    end: usize,
    trigger: &Trigger,
) -> Option<Event> {
    let (kind, strength) = (trigger.kind, trigger.strength);
    let info = cx.lexicon.kind(kind);
    if kind.is_contact() && (habitual(cx, s, start, end) || prospective(cx, s, start)) {
        return None;
    }
    let scope = Scope::around(cx, s, tokens, start);
    let mut participants = participants(cx, &scope, kind, start, end);
    let place = place(cx, &scope, kind, end, &mut participants);
    // "has previously had calls with ...": earlier contacts, on no date the article gives (a
    // time elsewhere in the sentence is about its news).
    let undated =
        before_trigger(cx, s, start).any(|word| cx.lexicon.is(WordClass::UndatedPast, &word));
    let explicit = date_near(cx, s, &scope, start).filter(|_| !undated);
    let status = status(cx, s, start, end, explicit);
    let date = match explicit {
        None if undated => None,
        Some(t) => EventDate::of(t),
        // Without a date of its own, an event that happened is dated by its reporting (not
        // "explicit": a later mention with its own date wins), else by the publication.
        None if info.defaults_to_published && status == Status::Occurred => {
            match reported_date(cx, s, &scope).and_then(|t| t.value) {
                Some(value) => Some(EventDate { value, text: None }),
                None => match in_progress(cx, s, start) {
                    Some(words) => cx.published.map(|p| EventDate {
                        value: published_value(p),
                        text: Some(words),
                    }),
                    None => cx.published.map(|p| published_or_its_month(cx, s, p)),
                },
            }
            .map(|date| offset_by_the_sentence(cx, s, start, date))
        }
        None => None,
    };
    let people = participants
        .iter()
        .filter(|p| p.kind == EntityKind::Person)
        .count();
    let mut confidence = strength * if people >= 2 { 1.0 } else { 0.8 };
    if explicit.is_none() {
        confidence *= 0.85;
    }
    if s.kind == BlockKind::Headline {
        confidence *= 0.9;
    }
    Some(Event {
        kind,
        status,
        date,
        place,
        participants,
        cameo: info.cameo.clone(),
        plover: info.plover.clone(),
        confidence: (confidence * 100.0).round() / 100.0,
        evidence: vec![Evidence {
            start: s.start,
            end: s.end,
            text: cx.text[s.start..s.end].to_string(),
        }],
        firm: !trigger.neutral,
        anaphoric: explicit.is_none() && definite_before(cx, s, start),
    })
}

/// "met to lay groundwork for the summit", "preparations for the upcoming summit", "said ahead of
/// the visit": the contact named is a point in time or a topic, not one its sentence reports.
fn prospective(cx: &Context, s: &Sentence, start: usize) -> bool {
    let clause_start = cx.text[s.start..start]
        .rfind([',', ';', '(', '“', '"'])
        .map_or(s.start, |i| s.start + i);
    let mut words: Vec<String> = cx
        .doc
        .lower_words(clause_start, start)
        .rev()
        .take(6)
        .collect();
    words.reverse();
    cx.lexicon.has_cue(Cue::Prospective, &words.join(" "))
}

/// "have met on four occasions", "meet regularly", "often spoke by phone": contacts summed up as
/// a habit, no one occasion.
fn habitual(cx: &Context, s: &Sentence, start: usize, end: usize) -> bool {
    let rest = &cx.text[end..s.end];
    let clause_end = end + rest.find([',', ';', '.']).unwrap_or(rest.len());
    let after: Vec<String> = cx.doc.lower_words(end, clause_end).take(5).collect();
    let count =
        |w: &str| w.chars().all(|c| c.is_ascii_digit()) || cx.lexicon.is(WordClass::HabitCount, w);
    let times = after
        .iter()
        .enumerate()
        .any(|(i, w)| (w == "occasions" || w == "times") && i > 0 && count(&after[i - 1]));
    times
        || after
            .iter()
            .any(|w| cx.lexicon.is(WordClass::HabitAdverb, w))
        || before_trigger(cx, s, start)
            .take(2)
            .any(|w| cx.lexicon.is(WordClass::HabitAdverb, &w))
}

/// The trigger follows "the", "that", "their", ...: a reference to something already named.
/// A verb of `class` between a person and the trigger, in one clause: "she had facilitated the
/// call", "X, who brokered the talks" (who arranges a contact is not a party to it); "X
/// accompanied Y on a visit" (the visit is Y's).
pub(super) fn verb_between(cx: &Context, m: &Mention, trigger: usize, class: WordClass) -> bool {
    if m.end > trigger {
        return false;
    }
    let between = &cx.text[m.end..trigger];
    // "X, who arranged the call": the relative clause is X's.
    let between = between.strip_prefix(", who ").unwrap_or(between);
    !between.contains([',', ';', '.', '“', '"'])
        && cx
            .doc
            .lower_words(m.end, trigger)
            .any(|w| cx.lexicon.is(class, &w))
}

/// "a summit ..., taking the central role in a push to end a war won by X": a participle clause
/// after a comma tells more about the event; the people in it did not take part. Words such
/// as "including" continue a list instead.
pub(super) fn participle_clause_between(cx: &Context, from: usize, to: usize) -> bool {
    let words = cx.doc.words_in(from, to);
    (0..words.len()).any(|i| {
        let clause_start = cx.text[from..words[i].start].ends_with(", ");
        clause_start && opens_with_participle(cx, &words[i..])
    })
}

/// The clause's first word, past an adverb (", specifically mentioning"), is an "-ing" form
/// that does not introduce a list.
fn opens_with_participle(cx: &Context, clause: &[Token]) -> bool {
    let lower_word = |t: &Token| {
        let w = t.text(cx.text);
        (w.len() > 4 && w.chars().all(|c| c.is_ascii_lowercase())).then_some(w)
    };
    let mut words = clause.iter().map(lower_word);
    let mut word = words.next().flatten();
    if word.is_some_and(|w| w.ends_with("ly")) {
        word = words.next().flatten();
    }
    word.is_some_and(|w| w.ends_with("ing") && !cx.lexicon.is(WordClass::ListParticiple, w))
}

/// How far back from a trigger a modifier of its clause is looked for.
const CLAUSE_WORDS_BEFORE: usize = 12;

/// The words (lower case) of the trigger's sentence just before it, nearest first.
fn before_trigger<'t>(
    cx: &'t Context,
    s: &Sentence,
    start: usize,
) -> impl Iterator<Item = String> + 't {
    cx.doc
        .lower_words(s.start, start)
        .rev()
        .take(CLAUSE_WORDS_BEFORE)
}

/// "X and Y are holding a new round of talks": the event is going on as the page is
/// published, which dates it as surely as a time expression would. Gives the words that say
/// so ("are holding").
fn in_progress(cx: &Context, s: &Sentence, start: usize) -> Option<String> {
    const WORDS_BEFORE: usize = 8;
    let words: Vec<String> = before_trigger(cx, s, start).take(WORDS_BEFORE).collect();
    for (i, word) in words.iter().enumerate() {
        let auxiliary = words.get(i + 1)?;
        if word.ends_with("ing") && cx.lexicon.is(WordClass::PresentAuxiliary, auxiliary) {
            return Some(format!("{auxiliary} {word}"));
        }
        if !noun_modifier(cx, word) && !cx.lexicon.is(WordClass::Quantity, word) {
            return None;
        }
    }
    None
}

/// A word that, standing before a trigger, makes it a noun: a noun marker ("a", "their"), a
/// lower-case hyphenated modifier ("face-to-face") or a possessive ("Monday's").
fn noun_modifier(cx: &Context, word: &str) -> bool {
    let hyphenated = word.contains('-') && word.chars().all(|c| c.is_lowercase() || c == '-');
    let possessive = word.len() > 2 && (word.ends_with("'s") || word.ends_with("’s"));
    cx.lexicon.is(WordClass::NounMarker, word) || hyphenated || possessive
}

/// "the meeting", "the closed-door meeting", "that bilateral meeting": a definite word before
/// the trigger, past hyphenated modifiers and the trigger's own noun markers.
fn definite_before(cx: &Context, s: &Sentence, start: usize) -> bool {
    for word in before_trigger(cx, s, start).take(3) {
        if cx.lexicon.is(WordClass::Definite, &word) {
            return true;
        }
        if !noun_modifier(cx, &word) {
            return false;
        }
    }
    false
}
