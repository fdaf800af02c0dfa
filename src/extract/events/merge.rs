//! Mentions of one interaction merge into one event.

use super::*;

fn entity_set(e: &Event) -> Vec<usize> {
    let mut v: Vec<usize> = e.participants.iter().map(|p| p.entity).collect();
    v.sort_unstable();
    v
}

/// Two mentions describe one interaction when kind and status agree, one's participants
/// include the other's (countries standing for their people: "India and Japan" for their
/// leaders), and their dates do not disagree.
fn same_interaction(a: &Event, b: &Event) -> bool {
    a.kind == b.kind && same_occasion(a, b)
}

/// The same people (or the countries standing for them) on dates that agree, whatever the kind.
pub(super) fn same_occasion(a: &Event, b: &Event) -> bool {
    if a.status != b.status {
        return false;
    }
    let (sa, sb) = (entity_set(a), entity_set(b));
    let subset = |x: &[usize], y: &[usize]| x.iter().all(|e| y.contains(e));
    let countries_within = |x: &Event, y: &Event| {
        let has_people = x.participants.iter().any(|p| p.kind == EntityKind::Person);
        !has_people
            && !x.participants.is_empty()
            && x.participants.iter().all(|p| represented(y, p))
    };
    if !(subset(&sa, &sb) || subset(&sb, &sa) || countries_within(a, b) || countries_within(b, a)) {
        return false;
    }
    match (&a.date, &b.date) {
        (Some(x), Some(y)) if x.text.is_some() && y.text.is_some() => x.value == y.value,
        _ => true,
    }
}

/// The people of an event, sorted.
fn people_set(e: &Event) -> Vec<usize> {
    let mut v: Vec<usize> = e.people().map(|p| p.entity).collect();
    v.sort_unstable();
    v
}

/// An event whose people include those of two or more separate contacts of its kind: the occasion they
/// were held at ("separate talks with A and B on the sidelines of the summit"), or a later
/// gathering of them all, not one more mention of either contact.
fn covers_separate_contacts(event: &Event, contacts: &[&Event]) -> bool {
    let people = people_set(event);
    contacts
        .iter()
        .filter(|c| c.kind == event.kind && c.status == event.status)
        .filter(|c| {
            let theirs = people_set(c);
            theirs.len() >= 2
                && theirs.len() < people.len()
                && theirs.iter().all(|p| people.contains(p))
        })
        .count()
        >= 2
}

/// The events of one sentence's triggers, in order, without a trigger's event that only
/// gathers the separate contacts another trigger of the sentence found ("held bilateral
/// meetings with A, B and C on the sidelines of the summit": three meetings, the summit their
/// occasion).
pub(super) fn without_occasions_of_separate_contacts(found_at: Vec<Vec<Event>>) -> Vec<Event> {
    let separate: Vec<&Event> = found_at.iter().filter(|f| f.len() >= 2).flatten().collect();
    let occasion: Vec<bool> = found_at
        .iter()
        .map(|found| match found.as_slice() {
            [event] => event.kind.is_contact() && covers_separate_contacts(event, &separate),
            _ => false,
        })
        .collect();
    found_at
        .into_iter()
        .zip(occasion)
        .filter(|(_, occasion)| !occasion)
        .flat_map(|(found, _)| found)
        .collect()
}

/// "X met A on Monday ... In the meeting with B, X said": a mention naming two people of its
/// own (a pair: a longer list is more likely the room), neither set within the other's, is another contact, not more about the earlier one.
pub(super) fn other_pair(earlier: &Event, event: &Event) -> bool {
    let people = |e: &Event| -> Vec<usize> {
        e.participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
            .map(|p| p.entity)
            .collect()
    };
    let (a, b) = (people(earlier), people(event));
    let within = |x: &[usize], y: &[usize]| x.iter().all(|e| y.contains(e));
    event.kind != EventKind::Visit
        && a.len() >= 2
        && b.len() == 2
        && !within(&a, &b)
        && !within(&b, &a)
}

/// A call has two ends: a mention of a call naming two people, one of them not at the ends
/// of the earlier call, is another call ("the call with Y", after X's call with Z).
pub(super) fn other_call(earlier: &Event, event: &Event) -> bool {
    let ends: Vec<usize> = earlier.people().map(|p| p.entity).collect();
    earlier.kind == EventKind::Call
        && ends.len() >= 2
        && event.people().count() >= 2
        && event.people().any(|p| !ends.contains(&p.entity))
}

/// The event already has this participant, or a person of the country it names.
fn represented(event: &Event, p: &Participant) -> bool {
    event.participants.iter().any(|q| {
        q.entity == p.entity
            || (p.kind != EntityKind::Person && q.country.is_some() && q.country == p.country)
    })
}

/// How many of the latest events a new mention is compared with. Mentions of one interaction
/// sit well within this many events of each other in any real article; the bound keeps
/// extraction linear in the size of huge inputs.
const MERGE_WINDOW: usize = 256;

/// The latest events, within the merge window.
pub(super) fn recent(events: &mut [Event]) -> &mut [Event] {
    let from = events.len().saturating_sub(MERGE_WINDOW);
    &mut events[from..]
}

pub(super) fn merge_into(events: &mut Vec<Event>, event: Event) {
    let window: Vec<&Event> = recent(events).iter().collect();
    if covers_separate_contacts(&event, &window) {
        events.push(event);
        return;
    }
    let Some(existing) = recent(events)
        .iter_mut()
        .find(|e| same_interaction(e, &event))
    else {
        events.push(event);
        return;
    };
    absorb(existing, event);
}

/// "X held talks with several leaders ... A, B and C were part of the separate talks": the
/// earlier contact of one person X and the people of a later mention of it, one contact of X
/// with each. Otherwise the mention is absorbed. Returns the contacts beyond the first, which
/// the earlier event becomes.
pub(super) fn split_back(existing: &mut Event, event: Event) -> Vec<Event> {
    let people = |e: &Event| {
        e.participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
            .cloned()
            .collect::<Vec<_>>()
    };
    let before = people(existing);
    let others: Vec<Participant> = people(&event)
        .into_iter()
        .filter(|p| before.first().is_none_or(|x| x.entity != p.entity))
        .collect();
    let ([host], [first, rest @ ..]) = (&before[..], &others[..]) else {
        absorb(existing, event);
        return Vec::new();
    };
    if rest.is_empty() {
        absorb(existing, event);
        return Vec::new();
    }
    let template = existing.clone();
    existing.participants = vec![host.clone(), first.clone()];
    for ev in &event.evidence {
        if !existing.evidence.contains(ev) {
            existing.evidence.push(ev.clone());
        }
    }
    rest.iter()
        .map(|other| {
            let mut one = existing.clone();
            one.participants = vec![host.clone(), other.clone()];
            one.date = template.date.clone();
            one
        })
        .collect()
}

/// Adds another mention of the same interaction to an event: its participants, a date or
/// place the event lacked, and its evidence.
pub(super) fn absorb(existing: &mut Event, event: Event) {
    let dated = event.has_own_date();
    for p in event.participants {
        if !represented(existing, &p) {
            existing.participants.push(p);
        }
    }
    drop_countries_standing_for_people(existing);
    if !existing.has_own_date() && dated {
        existing.date = event.date;
    }
    if existing.place.is_none() {
        existing.place = event.place;
    }
    existing.confidence = existing.confidence.max(event.confidence);
    existing.firm |= event.firm;
    for ev in event.evidence {
        if !existing.evidence.contains(&ev) {
            existing.evidence.push(ev);
        }
    }
}

/// A contact needs two parties (a visit: a visitor and a destination); a leak stands alone;
/// other kinds need someone taking part.
pub(super) fn keep(e: &Event) -> bool {
    let contact = e.kind.is_contact();
    if contact {
        // Without any person, only a contact between two countries stands ("India and Japan
        // held talks"); a visit needs its visitor.
        let people = e
            .participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
            .count();
        let countries = e
            .participants
            .iter()
            .filter(|p| p.kind == EntityKind::Country)
            .count();
        if e.kind == EventKind::Visit {
            // A trip called off is news even where it would have gone is not said ("X
            // cancelled his visit scheduled for this week").
            let called_off = e.status == Status::Denied;
            return people >= 1 && (e.participants.len() >= 2 || e.place.is_some() || called_off);
        }
        return e.participants.len() >= 2 && (people >= 1 || countries >= 2);
    }
    e.kind == EventKind::Leak || !e.participants.is_empty()
}
