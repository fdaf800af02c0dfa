//! Who takes part in an event, and in which role: participants per kind, hosts, sources and owners of leaks.

use super::*;

/// Most words between a reporting verb and the means it was said through ("told PM Y through
/// a call").
const MEANS_WORDS: usize = 8;

/// "X told Y through a phone call", "X said during their meeting": what was said was said in
/// the contact, so who said it takes part. A means preposition, past at most a determiner and
/// a modifier, opens the trigger's phrase, close after the verb and in its clause.
pub(super) fn said_through(cx: &Context, verb_end: usize, trigger: usize) -> bool {
    let gap = &cx.text[verb_end..trigger];
    // "told Prime Minister Y in a call": the words after the person told.
    let from = cx
        .layer
        .mentions_in(verb_end, trigger)
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.end <= trigger)
        .map(|m| m.end)
        .next_back()
        .unwrap_or(verb_end);
    let words: Vec<String> = cx.doc.lower_words(from, trigger).collect();
    if words.len() > MEANS_WORDS || gap.contains([',', ';', '.', '“', '"']) {
        return false;
    }
    words
        .iter()
        .rev()
        .take(3)
        .any(|w| cx.lexicon.is(WordClass::MeansPreposition, w))
}

pub(super) fn participant(cx: &Context, entity: usize, role: Role) -> Participant {
    let e = &cx.layer.entities[entity];
    Participant {
        entity,
        name: e.name.clone(),
        kind: e.kind,
        country: e.country.clone(),
        title: e.title.clone(),
        role,
    }
}

pub(super) fn add(cx: &Context, out: &mut Vec<Participant>, entity: usize, role: Role) {
    if !out.iter().any(|p| p.entity == entity) {
        out.push(participant(cx, entity, role));
    }
}

pub(super) fn participants(
    cx: &Context,
    scope: &Scope,
    kind: EventKind,
    start: usize,
    end: usize,
) -> Vec<Participant> {
    let mut out = Vec::new();
    let is_party = |m: &&&Mention| !m.qualifier && !cx.layer.entities[m.entity].media;
    if kind == EventKind::Leak {
        return leak_participants(cx, scope, start, end);
    }
    if kind == EventKind::Report {
        // A report's source is the medium that published it.
        for m in scope
            .mentions
            .iter()
            .filter(|m| cx.layer.entities[m.entity].media)
        {
            add(cx, &mut out, m.entity, Role::Source);
        }
        return out;
    }
    let visit_by_movement = kind == EventKind::Visit
        && !cx
            .lexicon
            .is(WordClass::HostTrigger, &cx.text[start..end].to_lowercase());
    let has_subject = scope
        .mentions
        .iter()
        .any(|m| m.kind == EntityKind::Person && m.end <= start);
    let room_from = match (
        attendees_from(cx, scope, start, end),
        roster_from(scope, cx.text),
    ) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let between_at = between_parties(cx, scope, end);
    let that_at = that_clause_start(cx, scope, start);
    let clause = contrast_clause(cx, scope, start);
    // The people named after a visit's trigger: its hosts, unless they are a reception line.
    let mut received = Vec::new();
    for m in scope
        .mentions
        .iter()
        .filter(is_party)
        .filter(|m| m.kind == EntityKind::Person && !possessive_modifier(cx, m))
        .filter(|m| !companion(cx, scope, m) && !excluded(cx, m))
        .filter(|m| !credited(cx, m) && !present_alongside(cx, scope, m))
        .filter(|m| !verb_between(cx, m, start, WordClass::ArrangerVerb))
        .filter(|m| {
            kind != EventKind::Visit || !verb_between(cx, m, start, WordClass::CompanionVerb)
        })
        .filter(|m| !companion_list(cx, m, start))
        .filter(|m| !aide_beside_subject(cx, scope, m, start))
        .filter(|m| !interviewer(cx, m))
        .filter(|m| room_from.is_none_or(|at| m.start < at))
        .filter(|m| between_at.is_none_or(|at| m.start > at))
        .filter(|m| that_at.is_none_or(|at| m.start > at))
        .filter(|m| clause.0 <= m.start && m.end <= clause.1)
        .filter(|m| m.start < end || !participle_clause_between(cx, end, m.start))
    {
        // "X visited Kenya, where he met Y": a visit is the visitor's, and the host's when a
        // host is named ("received by", "at the invitation of").
        let after = m.start >= end;
        if visit_by_movement && has_subject && after && !hosted(cx, end, m.start) {
            continue;
        }
        if kind == EventKind::Visit && after && !out.iter().any(|p| p.entity == m.entity) {
            received.push(m.entity);
        }
        // "Y welcomed X", "X was received by Y", "X visited Kenya at the invitation of Y": Y
        // hosts the visit.
        let host = kind == EventKind::Visit
            && if visit_by_movement {
                after && hosted(cx, end, m.start)
            } else {
                after == passive_before(cx, start)
            };
        add(
            cx,
            &mut out,
            m.entity,
            if host { Role::Host } else { Role::Participant },
        );
    }
    // "Y welcomed X at the airport": the visitor X (roles set above) is listed first; in the
    // passive ("X was welcomed by Y") the subject is first already.
    if kind == EventKind::Visit && !visit_by_movement && !passive_before(cx, start) {
        if let Some(i) = out
            .iter()
            .position(|p| p.kind == EntityKind::Person && received.contains(&p.entity))
        {
            let visitor = out.remove(i);
            out.insert(0, visitor);
        }
    }
    // "received by the vice president A, the foreign minister B and the ambassador C": the
    // officials at the airport, not the counterpart (one or two people single out a host).
    if has_subject && received.len() > MOST_ATTENDEES_NAMED_AS_PARTIES {
        out.retain(|p| !received.contains(&p.entity));
    }
    if let Some(speaker) = scope.speaker {
        let first_person = scope
            .mentions
            .iter()
            .any(|m| m.form == MentionForm::Speaker);
        if first_person {
            add(cx, &mut out, speaker, Role::Participant);
        }
    }
    // Without two people, countries and organisations named as actors take part
    // ("Ukraine and Russia held talks"), but not places ("in Kenya").
    if out.len() < 2 {
        let alone = !out.is_empty();
        let actors = scope
            .mentions
            .iter()
            .filter(is_party)
            .filter(|m| matches!(m.kind, EntityKind::Country | EntityKind::Organization))
            // A visit's actor is its subject: countries after the trigger are where it went
            // or what was said about it ("a visit to X since the war between Y and Z").
            .filter(|m| {
                kind != EventKind::Visit || (m.form != MentionForm::Adjective && m.end <= start)
            })
            .filter(|m| {
                !cx.lexicon
                    .is(WordClass::PlacePreposition, &cx.doc.word_before(m.start))
            })
            // Beside one person, a country or organisation is the other party only when the
            // sentence joins it to the contact ("met with the EU delegation", "X and NATO
            // held talks"); one named elsewhere in the sentence is what was discussed.
            .filter(|m| kind == EventKind::Visit || !alone || counterpart(cx, m, start, end));
        for m in actors {
            if out.iter().any(|p| {
                p.kind == EntityKind::Person
                    && p.country.as_deref() == cx.layer.entities[m.entity].country.as_deref()
            }) {
                continue;
            }
            add(cx, &mut out, m.entity, Role::Participant);
        }
    }
    out
}

/// Fewest items, each naming someone, that make a list parted by semicolons a roster.
const ROSTER_ITEMS: usize = 3;

/// Where a roster begins: people listed one per item between semicolons ("attended on the
/// Indian side by A, Minister of X; B, Secretary of Y; and C, Ambassador"), as delegations and
/// the people in the room are, not as parties. The roster's first item is the last person named
/// before the first semicolon.
fn roster_from(scope: &Scope, text: &str) -> Option<usize> {
    let clause = &text[scope.start..scope.end];
    let semicolons: Vec<usize> = clause
        .match_indices(';')
        .map(|(at, _)| scope.start + at)
        .collect();
    let first = *semicolons.first()?;
    let mut bounds = vec![scope.start];
    bounds.extend(&semicolons);
    bounds.push(scope.end);
    let people = |from: usize, to: usize| {
        scope
            .mentions
            .iter()
            .filter(move |m| m.kind == EntityKind::Person && m.start >= from && m.start < to)
    };
    let items = bounds
        .windows(2)
        .filter(|w| people(w[0], w[1]).next().is_some())
        .count();
    if items < ROSTER_ITEMS {
        return None;
    }
    people(scope.start, first).map(|m| m.start).max()
}

/// Where the people in the room begin: "X met Y on Monday, in a meeting attended by A, B and
/// C": after the trigger, an attendance phrase followed by more people than may join as
/// parties, with two people named before it (the parties). None when there is no such list.
fn attendees_from(cx: &Context, scope: &Scope, start: usize, end: usize) -> Option<usize> {
    let hits = cx
        .lexicon
        .cue(Cue::Attendance)
        .find(cx.text, end, scope.end);
    let cue = hits.first()?;
    let people = |from: usize, to: usize| {
        scope
            .mentions
            .iter()
            .filter(|m| m.kind == EntityKind::Person && m.start >= from && m.start < to)
            .map(|m| m.entity)
            .collect::<Vec<_>>()
    };
    let mut parties = people(scope.start, cue.start);
    parties.sort_unstable();
    parties.dedup();
    let mut room = people(cue.end, scope.end);
    room.retain(|e| !parties.contains(e));
    room.sort_unstable();
    room.dedup();
    (parties.len() >= 2 && room.len() > MOST_ATTENDEES_NAMED_AS_PARTIES && start < cue.start)
        .then_some(cue.start)
}

/// How many words may stand between a contact's trigger and an organisation or country joined
/// to it as the other party ("met with the visiting EU delegation"); after "between" the first
/// party comes first ("talks in May between Belgium's ambassador, A, and a Moroccan official").
const COUNTERPART_WORDS: usize = 6;

const COUNTERPART_WORDS_AFTER_BETWEEN: usize = 14;

/// Lower-case modifiers that may stand between a counterpart word and the party it joins
/// ("with a senior Moroccan official").
const COUNTERPART_MODIFIERS: usize = 2;

/// A country or organisation joined to a contact as its other party: after a counterpart word
/// ("with", "between", "and", past a determiner and a modifier or two), in the trigger's clause
/// and close to it. A comma parts the clause, except after "between" (the first party's
/// apposition).
pub(super) fn counterpart(cx: &Context, m: &Mention, start: usize, end: usize) -> bool {
    let words = cx
        .doc
        .words_in(0, m.start)
        .iter()
        .rev()
        .take(COUNTERPART_MODIFIERS + 2)
        .map(|t| t.text(cx.text));
    let mut joined = false;
    for word in words {
        let lower = word.to_lowercase();
        if cx.lexicon.is(WordClass::CounterpartCue, &lower) {
            joined = true;
            break;
        }
        if starts_upper(word) {
            break;
        }
    }
    let (gap_start, gap_end) = if m.start >= end {
        (end, m.start)
    } else {
        (m.end.min(start), start)
    };
    let gap = &cx.text[gap_start..gap_end];
    let apposition = gap.contains(" between ") || gap.starts_with("between ");
    joined
        && !gap.contains([';', '.', '(', '“', '"'])
        && (apposition || !gap.contains(','))
        && cx.doc.words_in(gap_start, gap_end).len()
            <= if apposition {
                COUNTERPART_WORDS_AFTER_BETWEEN
            } else {
                COUNTERPART_WORDS
            }
}

/// Most words between a contact's trigger and the "between" that opens its parties ("talks in
/// May between ...").
const WORDS_BEFORE_BETWEEN: usize = 3;

/// How many words after "between" its parties are looked for ("between Foreign Minister A and
/// US Secretary of State B").
const BETWEEN_PARTY_WORDS: usize = 16;

/// "X dismissed reports that a meeting between A and B was suspended", "he knew nothing of a
/// meeting between A and B": a "between" right after the trigger names the contact's parties.
/// Where it stands, when two or more people follow it; people named before the trigger are
/// then not parties.
fn between_parties(cx: &Context, scope: &Scope, end: usize) -> Option<usize> {
    let after = cx.doc.words_in(end, scope.end);
    let at = after
        .iter()
        .take(WORDS_BEFORE_BETWEEN + 1)
        .take_while(|w| !cx.text[end..w.start].contains([',', ';', '.', '(', ':']))
        .find(|w| w.text(cx.text).eq_ignore_ascii_case("between"))?;
    let limit = cx
        .doc
        .end_after_words(at.end, BETWEEN_PARTY_WORDS, scope.end);
    let people = scope
        .mentions
        .iter()
        .filter(|m| m.kind == EntityKind::Person && m.start >= at.end && m.end <= limit)
        .filter(|m| !cx.text[at.end..m.start].contains(';'))
        .count();
    (people >= 2).then_some(at.start)
}

/// "X dismissed speculation that Y may hold a meeting with Z", "X told reporters that Y met
/// Z": a clause opened by "that" before the trigger, with a person of its own before the
/// trigger, holds the contact; who is named before "that" speaks of it. Where "that" stands.
fn that_clause_start(cx: &Context, scope: &Scope, start: usize) -> Option<usize> {
    let that = cx
        .doc
        .words_in(scope.start, start)
        .iter()
        .rev()
        .find(|w| w.text(cx.text).eq_ignore_ascii_case("that"))?;
    let person = |m: &&&Mention| m.kind == EntityKind::Person;
    let inside = scope
        .mentions
        .iter()
        .filter(person)
        .any(|m| m.start >= that.end && m.end <= start);
    let outside = scope
        .mentions
        .iter()
        .filter(person)
        .any(|m| m.end <= that.start);
    (inside && outside).then_some(that.start)
}

/// ", while X talked with Y": a contrast clause opened by a comma and a `contrast_conjunction`
/// is a sentence of its own; the people of the other clause are not the contact's. The span
/// of the trigger's clause within the scope. "X, while visiting Kenya, met Y" (a participle
/// after the conjunction) goes on with the same subject and parts nothing.
fn contrast_clause(cx: &Context, scope: &Scope, start: usize) -> (usize, usize) {
    let mut span = (scope.start, scope.end);
    let words = cx.doc.words_in(scope.start, scope.end);
    for (i, w) in words.iter().enumerate() {
        let word = w.text(cx.text).to_lowercase();
        if !cx.lexicon.is(WordClass::ContrastConjunction, &word) {
            continue;
        }
        let comma_before = i > 0 && cx.text[words[i - 1].end..w.start].contains(',');
        let participle = words
            .get(i + 1)
            .is_some_and(|n| n.text(cx.text).ends_with("ing"));
        if !comma_before || participle {
            continue;
        }
        if w.start < start {
            span.0 = span.0.max(w.start);
        } else {
            span.1 = span.1.min(w.start);
        }
    }
    span
}

/// A person inside "accompanied by ...", "along with ...": part of a delegation, not a party.
fn companion(cx: &Context, scope: &Scope, m: &Mention) -> bool {
    let before = cx.text[scope.start.min(m.start)..m.start].to_lowercase();
    let Some(cue_at) = cx
        .lexicon
        .class(WordClass::CompanionCue)
        .iter()
        .filter_map(|cue| before.rfind(cue.as_str()))
        .max()
    else {
        return false;
    };
    // The delegation list ends at a clause break.
    let between = &before[cue_at..];
    !between.contains([';', '(']) && !between.contains(", who") && !between.contains(" and was ")
}

/// Most words between an exclusion word and the person it leaves out ("except Prime Minister X").
const EXCLUSION_WORDS: usize = 4;

/// "talks with every leader except X", "all members excluding X": a person the sentence leaves out
/// of the contact. The exclusion word stands a few words before the name, with no
/// punctuation between.
fn excluded(cx: &Context, m: &Mention) -> bool {
    let from = cx.doc.start_before_words(m.start, EXCLUSION_WORDS, 0);
    cx.doc
        .words_in(from, m.start)
        .iter()
        .rev()
        .take_while(|w| !cx.text[w.end..m.start].contains([',', ';', '.', '(', ':']))
        .any(|w| {
            cx.lexicon
                .is(WordClass::ExclusionWord, &w.text(cx.text).to_lowercase())
        })
}

/// A person named in a picture credit: after a credit cue ("Photo by X"), or with an agency or
/// pool right after the name ("X/Reuters", "X-Pool", "X/Pool via Getty").
pub(super) fn credited(cx: &Context, m: &Mention) -> bool {
    let name = &cx.text[m.start..m.end];
    if name.ends_with("-Pool") || name.ends_with("/Pool") {
        return true;
    }
    let after = &cx.text[m.end..];
    let after = after.trim_start_matches([' ']);
    if after.starts_with('/') || after.starts_with("-Pool") || after.starts_with("- Pool") {
        return true;
    }
    let line_start = cx.text[..m.start]
        .rfind(['\n', '(', '['])
        .map_or(0, |at| at + 1);
    let from = cx.doc.start_before_words(m.start, CREDIT_WORDS, line_start);
    let before = cx.text[from..m.start].trim_end().to_lowercase();
    cx.lexicon
        .class(WordClass::CreditCue)
        .iter()
        .any(|cue| before.ends_with(cue.as_str()))
}

/// How many words before a name a picture credit's cue may start ("(AP Photo/Susan Walsh)").
const CREDIT_WORDS: usize = 6;

/// A person in a list closed by a presence cue ("with the foreign minister A and adviser B also
/// present"): aides in the room. Between the name and the cue stand only names, titles and list
/// words, so the counterpart of "X met Y, with A also present" keeps its place.
pub(super) fn present_alongside(cx: &Context, scope: &Scope, m: &Mention) -> bool {
    let rest = &cx.text[m.end..scope.end];
    let clause = &rest[..rest.find([';', '.', '(', '“', '"']).unwrap_or(rest.len())];
    let lower = clause.to_lowercase();
    let Some(at) = cx
        .lexicon
        .class(WordClass::PresenceCue)
        .iter()
        .filter_map(|cue| lower.find(cue.as_str()))
        .min()
    else {
        return false;
    };
    let gap = &clause[..at];
    if gap.split_whitespace().count() > 12 {
        return false;
    }
    let offset = m.end;
    let titles = cx.lexicon.find_titles(cx.text, offset, offset + at);
    let mut pos = 0;
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let at_word = gap[pos..].find(w).map_or(pos, |i| pos + i);
            pos = at_word + w.len();
            let (ws, we) = (offset + at_word, offset + pos);
            starts_upper(w)
                || cx
                    .lexicon
                    .is(WordClass::PresenceListWord, &w.to_lowercase())
                || titles.iter().any(|h| h.start <= ws && h.end >= we)
        })
}

/// Most words in a list of people that goes along with someone ("A, B, C and four members
/// of staff are accompanying the prime minister").
pub(super) const COMPANION_LIST_WORDS: usize = 40;

/// A person in the subject of an active verb of going along, before the trigger ("A, B and C
/// are accompanying the president on the visit"): the delegation, not a party. "X,
/// accompanied by Y, visited" is passive: X is the visitor.
pub(super) fn companion_list(cx: &Context, m: &Mention, trigger: usize) -> bool {
    if m.end > trigger {
        return false;
    }
    let between = &cx.text[m.end..trigger];
    if between.contains([';', '.', '“', '"'])
        || cx.doc.words_in(m.end, trigger).len() > COMPANION_LIST_WORDS
    {
        return false;
    }
    let words: Vec<String> = cx.doc.lower_words(m.end, trigger).collect();
    words.iter().enumerate().any(|(i, w)| {
        cx.lexicon.is(WordClass::CompanionVerb, w)
            && i > 0
            && matches!(
                words[i - 1].as_str(),
                "are" | "is" | "were" | "was" | "be" | "will" | "have" | "has" | "had" | "also"
            )
            && words.get(i + 1).is_none_or(|next| next != "by")
    })
}

/// A person after "with his/her/their" before the trigger, up to a clause break: someone in
/// the room with the subject, not the other party (who comes after the trigger).
pub(super) fn aide_beside_subject(
    cx: &Context,
    scope: &Scope,
    m: &Mention,
    trigger: usize,
) -> bool {
    if m.end > trigger {
        return false;
    }
    let before = cx.text[scope.start.min(m.start)..m.start].to_lowercase();
    let Some(cue_at) = cx
        .lexicon
        .class(WordClass::AideCue)
        .iter()
        .filter_map(|cue| before.rfind(&format!("{cue} ")))
        .max()
    else {
        return false;
    };
    // Someone must be named before the cue: the subject it goes with.
    let subject_before = scope
        .mentions
        .iter()
        .any(|s| s.kind == EntityKind::Person && s.end <= scope.start.min(m.start) + cue_at);
    let between = &before[cue_at..];
    subject_before && !between.contains([';', '(', '.']) && !between.contains(", who")
}

/// How many words before a name an interview cue may start ("in an interview with CNN's X").
const INTERVIEW_WORDS: usize = 8;

/// How many words may stand between the cue and the name ("with CNN's chief anchor X").
const INTERVIEW_GAP_WORDS: usize = 4;

/// A person named as the interviewer: an interview cue within a few words before, in the same
/// clause. They ask about the contact; they are not at it.
pub(super) fn interviewer(cx: &Context, m: &Mention) -> bool {
    let from = cx.doc.start_before_words(m.start, INTERVIEW_WORDS, 0);
    // ASCII case folding keeps byte offsets, so a cue found here is found in the text too.
    let before = cx.text[from..m.start].to_ascii_lowercase();
    cx.lexicon.class(WordClass::InterviewCue).iter().any(|cue| {
        before.rfind(cue).is_some_and(|at| {
            let cue_end = from + at + cue.len();
            let gap = &cx.text[cue_end..m.start];
            !gap.contains([',', ';', '.', '('])
                && cx.doc.words_in(cue_end, m.start).len() <= INTERVIEW_GAP_WORDS
        })
    })
}

/// Most adverbs between a passive auxiliary and its verb ("were warmly welcomed").
const PASSIVE_ADVERBS: usize = 2;

/// The verb at `start` is passive: "was received", "were warmly welcomed", "was also
/// greeted".
fn passive_before(cx: &Context, start: usize) -> bool {
    let mut at = start;
    for _ in 0..=PASSIVE_ADVERBS {
        let Some(before) = cx.doc.token_before(at) else {
            return false;
        };
        let word = before.text(cx.text);
        if cx
            .lexicon
            .is(WordClass::PassiveAuxiliary, &word.to_lowercase())
        {
            return true;
        }
        let adverb = word.chars().all(|c| c.is_lowercase())
            && ((word.len() > 4 && word.ends_with("ly"))
                || cx.lexicon.is(WordClass::PassiveAdverb, word));
        if !adverb || cx.text[before.end..at].contains([',', ';', '.']) {
            return false;
        }
        at = before.start;
    }
    false
}

/// A host cue ("received by", "at the invitation of") stands between the trigger and `at`.
fn hosted(cx: &Context, trigger_end: usize, at: usize) -> bool {
    let between = cx.text[trigger_end..at].to_lowercase();
    // "a courtesy visit to Museveni": the person visited.
    if between.trim() == "to" {
        return true;
    }
    cx.lexicon
        .class(WordClass::HostCue)
        .iter()
        .any(|cue| between.contains(cue.as_str()))
}

/// "Trump's special envoy X", "Putin's adviser": a person named only to describe another.
fn possessive_modifier(cx: &Context, m: &Mention) -> bool {
    let rest = &cx.text[m.end..];
    let Some(after) = rest.strip_prefix("'s").or_else(|| rest.strip_prefix("’s")) else {
        return false;
    };
    let offset = cx.text.len() - after.len();
    // The title may follow after a few modifiers ("Putin's most senior foreign-policy adviser").
    let mut window_end = cx.doc.end_after_words(offset, 4, cx.text.len());
    // "X's talks with President Y": the title is the other party's, past "with".
    if let Some(with) = cx.doc.words_in(offset, window_end).iter().find(|t| {
        cx.lexicon
            .is(WordClass::NounFollower, &t.text(cx.text).to_lowercase())
    }) {
        window_end = with.start;
    }
    !cx.lexicon
        .find_titles(cx.text, offset, window_end)
        .is_empty()
}

/// Most words between a leak's trigger and "between" ("the leaked transcript of a phone
/// call between X and Y").
const LEAK_BETWEEN_WORDS: usize = 10;

/// How far from a leak's trigger its source and owner are looked for, each way.
const LEAK_WINDOW_WORDS: usize = 10;

/// Who leaked (a person after "by"), and whose documents ("US documents", "cables of the EU").
fn leak_participants(cx: &Context, scope: &Scope, start: usize, end: usize) -> Vec<Participant> {
    let mut out = Vec::new();
    let window_end = cx.doc.end_after_words(end, LEAK_WINDOW_WORDS, scope.end);
    let window_start = cx
        .doc
        .start_before_words(start, LEAK_WINDOW_WORDS, scope.start);
    for m in scope
        .mentions
        .iter()
        .filter(|m| m.start >= window_start && m.end <= window_end)
    {
        let entity = &cx.layer.entities[m.entity];
        if entity.media {
            continue;
        }
        let next = cx.doc.word_after(m.end);
        let owner = matches!(m.kind, EntityKind::Country | EntityKind::Organization)
            && (cx.lexicon.is(WordClass::DocumentNoun, &next)
                || cx.doc.word_before(m.start) == "of");
        if owner {
            add(cx, &mut out, m.entity, Role::Owner);
        } else if m.kind == EntityKind::Person
            && m.start >= end
            && agent_of_passive(cx, end, m.start)
        {
            add(cx, &mut out, m.entity, Role::Source);
        }
    }
    // "the leaked transcript of a call between X and Y": the people whose exchange leaked.
    let rest = &cx.text[end..scope.end];
    let clause_end = end + rest.find([';', '.', '(']).unwrap_or(rest.len());
    if let Some(between) = cx.text[end..clause_end]
        .find(" between ")
        .filter(|at| cx.doc.words_in(end, end + at).len() <= LEAK_BETWEEN_WORDS)
    {
        for m in scope.mentions.iter().filter(|m| {
            m.kind == EntityKind::Person && m.start > end + between && m.end <= clause_end
        }) {
            if !possessive_modifier(cx, m) {
                add(cx, &mut out, m.entity, Role::Owner);
            }
        }
    }
    // "X leaked the cable", "he is alleged to have leaked": the subject of the verb leaked it.
    let verb = !cx
        .lexicon
        .is(WordClass::Determiner, &cx.doc.word_before(start))
        && !cx
            .lexicon
            .is(WordClass::DocumentNoun, &cx.doc.word_after(end));
    if verb {
        let subject = scope
            .mentions
            .iter()
            .filter(|m| {
                m.kind == EntityKind::Person
                    && m.end <= start
                    && !cx
                        .lexicon
                        .separates_clauses(&cx.text[m.end..start], WordClass::SubjectClauseBreak)
            })
            .max_by_key(|m| m.end);
        if let Some(m) = subject {
            add(cx, &mut out, m.entity, Role::Source);
        }
    }
    out
}

/// "leaked by former clerk X": the words between the trigger and a person hold "by", then at
/// most a short noun phrase, and no clause break.
fn agent_of_passive(cx: &Context, trigger_end: usize, person: usize) -> bool {
    let words: Vec<String> = cx.doc.lower_words(trigger_end, person).collect();
    let Some(by) = words.iter().rposition(|w| w == "by") else {
        return false;
    };
    words.len() - by <= 5 && !cx.text[trigger_end..person].contains([',', ';', '.'])
}
