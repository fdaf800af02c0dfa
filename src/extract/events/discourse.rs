//! Across sentences and triggers: plural and anaphoric references, and the meetings that belong to visits.

use super::*;

/// "His visit comes a week after Y made a visit to Z": a second visit of the sentence with a
/// visitor of its own named after the first trigger is that visitor's; the people named only
/// before the first trigger are the first visit's.
pub(super) fn keep_own_visitors(
    cx: &Context,
    event: &mut Event,
    floor: usize,
    start: usize,
    end: usize,
) {
    let people_between = cx
        .layer
        .mentions_in(floor, start)
        .iter()
        .any(|m| m.kind == EntityKind::Person && m.end <= start);
    if !people_between {
        return;
    }
    let named_since = |entity: usize| {
        cx.layer
            .mentions_in(floor, end)
            .iter()
            .any(|m| m.entity == entity)
    };
    event
        .participants
        .retain(|p| p.kind != EntityKind::Person || named_since(p.entity));
}

/// "X arrived in Nairobi on Thursday. She was received by Y at the airport": an undated visit
/// of the latest visit's visitor, naming no destination of its own, is more about that trip
/// (the host joins it).
pub(super) fn same_trip(earlier: &Event, visit: &Event) -> bool {
    let visitor = |e: &Event| e.first_person().map(|p| p.entity);
    let same_visitor = visit.kind == EventKind::Visit
        && visitor(visit).is_some()
        && visitor(visit) == visitor(earlier);
    same_visitor
        && ((!visit.has_own_date() && visit.destination().is_none()) || told_twice(earlier, visit))
}

/// "her recent visit to Belgium ... She went to Belgium on October 24": one trip to the same
/// place told twice, dated once, to the day or month (a year is a past trip told as
/// background: "she last visited Belgium in 2019").
fn told_twice(earlier: &Event, visit: &Event) -> bool {
    let place = |e: &Event| e.destination().map(|p| p.entity);
    let finely_dated = |e: &Event| {
        e.has_own_date()
            && e.date
                .as_ref()
                .is_some_and(|d| matches!(d.precision(), Precision::Day | Precision::Month))
    };
    place(visit).is_some()
        && place(visit) == place(earlier)
        && earlier.has_own_date() != visit.has_own_date()
        && (finely_dated(earlier) || finely_dated(visit))
}

/// Most people a sentence about who else was present may single out as parties: a longer list
/// is the room, not the counterparts.
pub(super) const MOST_ATTENDEES_NAMED_AS_PARTIES: usize = 2;

/// A sentence listing who was present at an interaction reported before, with more people
/// than a sentence singling out a counterpart would name. Beside a contact of two or more
/// people, one more may join ("also attended by former President X"), a list is the room.
pub(super) fn attendance_list(
    cx: &Context,
    event: &Event,
    earlier: &Event,
    sentence: &str,
) -> bool {
    let named = |e: &Event| e.people().count();
    let most = if named(earlier) >= 2 {
        1
    } else {
        MOST_ATTENDEES_NAMED_AS_PARTIES
    };
    named(event) > most && cx.lexicon.has_cue(Cue::Attendance, sentence)
}

/// A meeting between a visitor and a leader of the country visited, on the visit's day or in
/// its first days, was held during the visit: the leader joins the visit as its host ("X
/// visited Uganda ... X met Museveni"), and the talks stay an event of their own, as a page
/// that reports talks during a visit tells of two things; undated talks take the visit's day.
pub(super) fn host_meetings_join_visits(cx: &Context, events: Vec<Event>) -> Vec<Event> {
    let (meetings, mut others): (Vec<Event>, Vec<Event>) = events
        .into_iter()
        .partition(|e| e.kind == EventKind::Meeting);
    for mut meeting in meetings {
        let mut visit_date = None;
        let people: Vec<&Participant> = meeting
            .participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
            .collect();
        for v in recent(&mut others).iter_mut() {
            let same_people = v.kind == EventKind::Visit
                && v.status == meeting.status
                && people.len() == 2
                && people
                    .iter()
                    .any(|p| v.participants.iter().any(|q| q.entity == p.entity));
            // Within one sentence, `frame_visits` has already told the host from the others met.
            let framed = v.evidence.iter().any(|e| meeting.evidence.contains(e));
            if !same_people || framed {
                continue;
            }
            // "X visited Japan on Monday. She held talks with Y": talks of the visitor told
            // right after the dated visit, with no date of their own, were held on it.
            let visitor_met = v
                .first_person()
                .is_some_and(|f| people.iter().any(|p| p.entity == f.entity));
            if visit_date.is_none()
                && visitor_met
                && v.has_own_date()
                && told_after(cx, v, &meeting)
            {
                visit_date = v.date.clone();
            }
            // The country visited: named as the destination, else the country of the place the
            // visit went to ("arrived in Caracas"). A bare "His visit comes as ..." (no place, no
            // date, its visitor alone) is the trip on which its visitor met a foreigner.
            let bare = v.destination().is_none()
                && v.place.is_none()
                && !v.has_own_date()
                && v.people().count() == 1;
            let visitor = v.first_person().map(|p| (p.entity, p.country.clone()));
            let foreigner = || {
                let (entity, country) = visitor.clone()?;
                people
                    .iter()
                    .find(|p| p.entity != entity && p.country.is_some() && p.country != country)
                    .and_then(|p| p.country.clone())
            };
            let destination = v
                .visited_country(cx)
                .or_else(|| if bare { foreigner() } else { None });
            let host_of = |country: &Option<String>| {
                people
                    .iter()
                    .find(|p| country.is_some() && p.country == *country)
                    .map(|p| (*p).clone())
            };
            if !during_visit(v, &meeting) {
                continue;
            }
            let Some(mut host) = host_of(&destination) else {
                continue;
            };
            if !v.participants.iter().any(|q| q.entity == host.entity) {
                host.role = Role::Host;
                v.participants.push(host);
            }
            visit_date = v.has_own_date().then(|| v.date.clone()).flatten();
            break;
        }
        // "Talks between X and Y produced two agreements": talks the page does not date were
        // held on the visit's day, not on the day of publication.
        if !meeting.has_own_date() {
            if let Some(date) = visit_date {
                meeting.date = Some(EventDate { text: None, ..date });
            }
        }
        others.push(meeting);
    }
    others
}

/// How many sentences after a visit's last mention talks may follow and still be dated by it.
const SENTENCES_AFTER_VISIT: usize = 2;

/// The meeting is first told within a few sentences after the visit's latest mention.
fn told_after(cx: &Context, visit: &Event, meeting: &Event) -> bool {
    let sentence = |at: usize| cx.doc.sentences.partition_point(|s| s.start <= at);
    let (Some(v), Some(m)) = (
        visit.evidence.iter().map(|e| e.start).max(),
        meeting.evidence.iter().map(|e| e.start).min(),
    ) else {
        return false;
    };
    let (v, m) = (sentence(v), sentence(m));
    m > v && m - v <= SENTENCES_AFTER_VISIT
}

/// Whether a meeting falls on a visit's day (or either is undated) or in the first days after
/// the visit's arrival.
fn during_visit(visit: &Event, meeting: &Event) -> bool {
    const DAYS_INTO_A_VISIT: i64 = 3;
    let (Some(a), Some(b)) = (&visit.date, &meeting.date) else {
        return true;
    };
    if a.text.is_none() || b.text.is_none() || a.value == b.value {
        return true;
    }
    let days = a
        .value
        .day()
        .zip(b.value.day())
        .map(|(a, b)| (b - a).num_days());
    days.is_some_and(|d| (1..=DAYS_INTO_A_VISIT).contains(&d))
}

/// "The two leaders agreed to meet", "both sides", "they": a contact missing its people takes
/// the people of the latest contact reported before it.
pub(super) fn take_plural_reference(
    cx: &Context,
    event: &mut Event,
    earlier: &[Event],
    previous: Option<&Sentence>,
) {
    let is_contact = |e: &Event| e.kind.is_contact();
    let people = |e: &Event| {
        e.participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
            .count()
    };
    if !is_contact(event) || people(event) >= 2 {
        return;
    }
    // "X attended Y's swearing-in. The two leaders then held talks": the two people of the
    // sentence just before, when it names exactly two.
    if let Some((previous, two)) = previous.and_then(|p| Some((p, two_people(cx, p)?))) {
        for entity in two {
            add(cx, &mut event.participants, entity, Role::Participant);
        }
        drop_countries_standing_for_people(event);
        // The story goes on from that sentence: without a date of its own, the event has its.
        let undated = !event.has_own_date();
        let times: Vec<&TimeMention> = cx
            .times_in(previous)
            .iter()
            .filter(|t| t.value.is_some() && !in_dateline(cx, t))
            .collect();
        if let ([time], true) = (&times[..], undated) {
            event.date = EventDate::of(time);
        }
        return;
    }
    let Some(previous) = earlier
        .iter()
        .rev()
        .find(|e| is_contact(e) && people(e) >= 2)
    else {
        return;
    };
    for p in previous
        .participants
        .iter()
        .filter(|p| p.kind == EntityKind::Person)
    {
        if !event.participants.iter().any(|q| q.entity == p.entity) {
            event.participants.push(p.clone());
        }
    }
    drop_countries_standing_for_people(event);
}

/// The two people a sentence names, when it names exactly two.
fn two_people(cx: &Context, s: &Sentence) -> Option<[usize; 2]> {
    let mut people: Vec<usize> = cx
        .layer
        .mentions_in(s.start, s.end)
        .iter()
        .filter(|m| m.kind == EntityKind::Person)
        .map(|m| m.entity)
        .collect();
    people.sort_unstable();
    people.dedup();
    match people[..] {
        [a, b] => Some([a, b]),
        _ => None,
    }
}

/// A country that stood for its leader ("India and Japan held talks") gives way once the
/// leader is among the participants; destinations and owners stay.
pub(super) fn drop_countries_standing_for_people(event: &mut Event) {
    let countries: Vec<String> = event
        .participants
        .iter()
        .filter(|p| p.kind == EntityKind::Person)
        .filter_map(|p| p.country.clone())
        .collect();
    event.participants.retain(|p| {
        p.kind == EntityKind::Person
            || p.role != Role::Participant
            || !p.country.as_ref().is_some_and(|c| countries.contains(c))
    });
}

/// "X received Y and spoke with him": words that fit a call as well as a meeting, said of the
/// people of a visit in the same sentence, tell of talks face to face.
fn face_to_face_on_visits(in_sentence: &mut [Event]) {
    let visits: Vec<Vec<usize>> = in_sentence
        .iter()
        .filter(|e| e.kind == EventKind::Visit)
        .map(|e| e.people().map(|p| p.entity).collect())
        .collect();
    for event in in_sentence
        .iter_mut()
        .filter(|e| e.kind == EventKind::Call && !e.firm)
    {
        let people: Vec<usize> = event.people().map(|p| p.entity).collect();
        if people.len() >= 2 && visits.iter().any(|v| people.iter().all(|p| v.contains(p))) {
            event.kind = EventKind::Meeting;
        }
    }
}

/// "During his visit, X met A and B": the people met belong to the meetings; the visit keeps
/// its visitor (and destination). But when the visitor met one foreigner ("X met President Y
/// in Z during a visit"), that meeting is the visit, and Y its host.
pub(super) fn frame_visits(cx: &Context, in_sentence: &mut Vec<Event>) {
    face_to_face_on_visits(in_sentence);
    if let Some(host) = visit_host_met(cx, in_sentence) {
        let meeting = in_sentence.remove(host.meeting);
        let Some(visit) = in_sentence.iter_mut().find(|e| e.kind == EventKind::Visit) else {
            return;
        };
        visit
            .participants
            .retain(|p| p.kind != EntityKind::Person || p.entity == host.visitor);
        absorb(visit, meeting);
        for p in &mut visit.participants {
            if p.entity == host.host {
                p.role = Role::Host;
            }
        }
        return;
    }
    let met: Vec<usize> = in_sentence
        .iter()
        .filter(|e| matches!(e.kind, EventKind::Meeting | EventKind::Call))
        .flat_map(|e| {
            e.participants
                .iter()
                .filter(|p| p.kind == EntityKind::Person)
                .map(|p| p.entity)
        })
        .collect();
    for visit in in_sentence
        .iter_mut()
        .filter(|e| e.kind == EventKind::Visit)
    {
        let visitor = visit.first_person().map(|p| p.entity);
        let hosts: Vec<usize> = visit
            .participants
            .iter()
            .filter(|p| Some(p.entity) != visitor && called_host(cx, visit, p.entity))
            .map(|p| p.entity)
            .collect();
        visit.participants.retain(|p| {
            Some(p.entity) == visitor
                || p.kind != EntityKind::Person
                || !met.contains(&p.entity)
                || hosts.contains(&p.entity)
        });
        for p in &mut visit.participants {
            if hosts.contains(&p.entity) {
                p.role = Role::Host;
            }
        }
    }
}

/// "arrived in Uganda for talks with his host, President Y": the sentence calls Y the host, so
/// Y stays on the visit though Y also takes part in the talks.
fn called_host(cx: &Context, visit: &Event, entity: usize) -> bool {
    const WORDS_BEFORE: usize = 3;
    visit.evidence.iter().any(|ev| {
        cx.layer
            .mentions_in(ev.start, ev.end)
            .iter()
            .filter(|m| m.entity == entity)
            .any(|m| {
                cx.doc
                    .lower_words(ev.start, m.start)
                    .rev()
                    .take(WORDS_BEFORE)
                    .any(|w| cx.lexicon.is(WordClass::HostNoun, &w))
            })
    })
}

/// The one meeting of a sentence between a visit's visitor and one person of another country.
struct HostMet {
    pub(super) meeting: usize,
    pub(super) visitor: usize,
    pub(super) host: usize,
}

fn visit_host_met(cx: &Context, in_sentence: &[Event]) -> Option<HostMet> {
    let visit = in_sentence.iter().find(|e| e.kind == EventKind::Visit)?;
    let visitor = visit.first_person()?;
    let meetings: Vec<usize> = in_sentence
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == EventKind::Meeting && e.status == visit.status)
        .map(|(i, _)| i)
        .collect();
    let [meeting] = meetings.as_slice() else {
        return None;
    };
    let people: Vec<&Participant> = in_sentence[*meeting]
        .participants
        .iter()
        .filter(|p| p.kind == EntityKind::Person)
        .collect();
    let others: Vec<&&Participant> = people
        .iter()
        .filter(|p| p.entity != visitor.entity)
        .collect();
    let [host] = others.as_slice() else {
        return None;
    };
    // The visitor's country may be unknown: a host of the country the visit went to is foreign.
    let foreign = match (&host.country, &visitor.country) {
        (Some(a), Some(b)) => a != b,
        (Some(a), None) => visit.visited_country(cx).as_ref() == Some(a),
        _ => false,
    };
    (people.len() == 2 && foreign).then_some(HostMet {
        meeting: *meeting,
        visitor: visitor.entity,
        host: host.entity,
    })
}

/// Both events have dates of their own, and they differ.
pub(super) fn dated_apart(a: &Event, b: &Event) -> bool {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.text.is_some() && y.text.is_some() && x.value != y.value,
        _ => false,
    }
}

/// The people of the latest visit that has a visitor and a host, as parties to a meeting of
/// that visit, with the visit's date.
pub(super) fn visit_contact(events: &[Event]) -> Option<(Vec<Participant>, Option<EventDate>)> {
    let visit = events
        .iter()
        .rev()
        .find(|e| e.kind == EventKind::Visit && e.people().count() >= 2)?;
    let people = visit
        .people()
        .cloned()
        .map(|mut p| {
            p.role = Role::Participant;
            p
        })
        .collect();
    Some((people, visit.date.clone()))
}
