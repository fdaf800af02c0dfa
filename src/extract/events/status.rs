//! Occurred, planned or denied: the cues around a trigger, and one status per interaction.

use super::*;

pub(super) fn status_rank(status: Status) -> u8 {
    match status {
        Status::Occurred => 0,
        Status::Planned => 1,
        Status::Denied => 2,
    }
}

/// Planned for intended or expected events, denied for negated, denied or cancelled ones.
pub(super) fn status(
    cx: &Context,
    s: &Sentence,
    start: usize,
    end: usize,
    date: Option<&TimeMention>,
) -> Status {
    let clause_start = cx.text[s.start..start]
        .char_indices()
        .rfind(|&(_, c)| matches!(c, ',' | ';' | '“' | '"'))
        .map_or(s.start, |(at, c)| s.start + at + c.len_utf8());
    let clause_before = &cx.text[clause_start..start].to_lowercase();
    // After a noun trigger, cues count up to the end of its clause ("the meeting ... was
    // cancelled"). After a verb they tell of something else ("the cable he leaked was never
    // declassified", "only after the email leaked did they admit the trip was called off").
    let trigger_word = cx.text[start..end].to_lowercase();
    let verb = trigger_word.ends_with("ed") || trigger_word == "met";
    let rest = &cx.text[end..s.end];
    let after = if verb {
        String::new()
    } else {
        rest[..rest.find([',', ';', '.']).unwrap_or(rest.len())].to_lowercase()
    };
    let has = |cue: Cue, hay: &str| cx.lexicon.has_cue(cue, hay);
    // The clause's last words, nearest first: a negation right before the trigger, or a
    // record ("the first ... in 30 years to visit").
    let words_back: Vec<String> = cx
        .doc
        .lower_words(clause_start, start)
        .rev()
        .take(12)
        .collect();
    let mut near_before: Vec<&str> = words_back.iter().take(3).map(String::as_str).collect();
    near_before.reverse();
    let near_before = near_before.join(" ");
    if has(Cue::Denied, clause_before)
        || has(Cue::Denied, &after)
        || has(Cue::Negation, &near_before)
        || negated_from_afar(cx, &words_back)
    {
        return Status::Denied;
    }
    // "agreed to meet": the trigger's own words complete the cue.
    let with_trigger = format!("{clause_before}{}", cx.text[start..end].to_lowercase());
    let later = |d: &TimeMention| match (d.first_day(), cx.published) {
        (Some(day), Some(p)) => day > p.date,
        _ => d.future,
    };
    // "the first UK Prime Minister in 30 years to visit Kenya": a record, not a plan.
    let record = words_back.first().is_some_and(|w| w == "to")
        && words_back
            .iter()
            .any(|w| cx.lexicon.is(WordClass::RecordOrdinal, w));
    // "it was a real pleasure to meet Y": a meeting told with gladness, past.
    // The quote marks of "a “real pleasure” to meet" do not end its clause.
    let mut glad_words: Vec<String> = cx
        .doc
        .lower_words(s.start, start)
        .rev()
        .take(GLAD_WORDS)
        .collect();
    glad_words.reverse();
    let glad = glad_infinitive(cx, &glad_words) && glad_words.iter().any(|w| w == "was");
    if (has(Cue::Planned, &with_trigger) && !record && !glad) || date.is_some_and(later) {
        // "X was to visit India this year, which was cancelled": the plan, called off.
        let rest = rest.to_lowercase();
        let called_off = rest.find(" which ").is_some_and(|at| {
            let relative = &rest[at + 1..];
            let relative = &relative[..relative.find([';', '.']).unwrap_or(relative.len())];
            has(Cue::Denied, relative)
        });
        // "X cancelled a visit to Germany, where he was to meet Y": the plans of a trip
        // called off are off too.
        let before = cx.text[s.start..start].to_lowercase();
        let trip_off = before.rfind(", where ").is_some_and(|at| {
            has(Cue::Denied, &before[..at]) && !before[at + 2..].contains([',', ';'])
        });
        return if called_off || trip_off {
            Status::Denied
        } else {
            Status::Planned
        };
    }
    Status::Occurred
}

/// Most words back from a trigger a negation reaches past light verbs and modifiers.
const NEGATION_REACH: usize = 6;

/// "did not have an official meeting", "did not agree to hold formal talks": a negation a
/// few words back, with only light verbs (`negated_gap_verb`), determiners and modifiers
/// between it and the trigger. Any other word ("did not say whether they met") ends the reach.
fn negated_from_afar(cx: &Context, words_back: &[String]) -> bool {
    for word in words_back.iter().take(NEGATION_REACH) {
        if word == "not" || word == "never" || word.ends_with("n't") {
            return true;
        }
        let passable = [
            WordClass::NegatedGapVerb,
            WordClass::Determiner,
            WordClass::NounMarker,
            WordClass::OwnedNounModifier,
        ]
        .into_iter()
        .any(|class| cx.lexicon.is(class, word));
        if !passable {
            return false;
        }
    }
    false
}

/// A mention found only by neutral words ("talks", "spoke with") joins a firmly typed contact
/// of the same people on a compatible date: the talks were that call or that meeting. Never a
/// visit: talks held during a visit are a meeting of their own.
pub(super) fn settle_neutral(cx: &Context, events: Vec<Event>) -> Vec<Event> {
    let contact = |e: &Event| e.kind.is_contact();
    let (neutral, mut firm): (Vec<Event>, Vec<Event>) =
        events.into_iter().partition(|e| contact(e) && !e.firm);
    for mut event in neutral {
        let target = recent(&mut firm).iter().find(|f| {
            contact(f)
                && f.kind != EventKind::Visit
                && f.participants
                    .iter()
                    .filter(|p| p.kind == EntityKind::Person)
                    .count()
                    >= 2
                && same_occasion(f, &event)
        });
        if let Some(f) = target {
            event.kind = f.kind;
        } else if event.kind == EventKind::Call && (event.place.is_some() || in_person(cx, &event))
        {
            // "talked with Y in Osaka", "talked with Y during a dinner": words that fit either,
            // said with a place or an occasion, tell of a meeting there; a call happens at no
            // one place.
            event.kind = EventKind::Meeting;
        }
        merge_into(&mut firm, event);
    }
    firm
}

/// The event's words put its people together at an occasion ("during a dinner").
fn in_person(cx: &Context, event: &Event) -> bool {
    event
        .evidence
        .iter()
        .any(|e| cx.lexicon.has_cue(Cue::InPerson, &e.text.to_lowercase()))
}

/// One interaction of the same people told with two statuses is one event, with the status a
/// careful reader settles on: a plan that was cancelled is denied; a hedged mention ("his
/// alleged meeting with Y") that is denied elsewhere is denied; a plan for the day of
/// publication that is reported as done ("the leaders would meet at 1 pm" beside "they met
/// this afternoon") occurred. Mentions dated apart stay apart.
pub(super) fn reconcile_statuses(cx: &Context, events: Vec<Event>) -> Vec<Event> {
    let mut out: Vec<Event> = Vec::with_capacity(events.len());
    for event in events {
        let twin = recent(&mut out).iter_mut().find_map(|e| {
            let winner = settled_status(cx, e, &event)?;
            Some((e, winner))
        });
        match twin {
            Some((existing, winner)) if existing.status == winner => absorb(existing, event),
            Some((existing, _)) => {
                let earlier = std::mem::replace(existing, event);
                absorb(existing, earlier);
            }
            None => out.push(event),
        }
    }
    out
}

/// The status two mentions of one interaction settle on, when they are one interaction told
/// with two statuses.
fn settled_status(cx: &Context, a: &Event, b: &Event) -> Option<Status> {
    let people = |e: &Event| {
        let mut v: Vec<usize> = e.people().map(|p| p.entity).collect();
        v.sort_unstable();
        v
    };
    if a.kind != b.kind || a.status == b.status || dated_apart(a, b) {
        return None;
    }
    let same_people = people(a);
    if same_people.is_empty() || same_people != people(b) {
        return None;
    }
    let (first, second) = if status_rank(a.status) <= status_rank(b.status) {
        (a, b)
    } else {
        (b, a)
    };
    let hedged = |e: &Event| {
        !e.has_own_date()
            && e.evidence
                .iter()
                .any(|ev| cx.lexicon.has_cue(Cue::Hedge, &ev.text.to_lowercase()))
    };
    // Compared as days: nothing of the plan's period lies after the published period.
    let on_or_before_publication = |e: &Event| {
        let ends = e.date.as_ref().and_then(|d| d.value.range()).map(|r| r.1);
        let published_ends = cx
            .published
            .and_then(|p| published_value(p).range())
            .map(|r| r.1);
        matches!((ends, published_ends), (Some(e), Some(p)) if e <= p)
    };
    match (first.status, second.status) {
        (Status::Planned, Status::Denied) => Some(Status::Denied),
        (Status::Occurred, Status::Denied) if hedged(first) => Some(Status::Denied),
        (Status::Occurred, Status::Planned) if on_or_before_publication(second) => {
            Some(Status::Occurred)
        }
        _ => None,
    }
}
