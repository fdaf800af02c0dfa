//! Events: triggers from the lexicon, participants from the structure of the sentence around
//! them, then date, place, status and confidence; mentions of one interaction merge.

use serde::Serialize;

use super::entities::{EntityKind, EntityLayer, Mention, MentionForm};
use super::kind::EventKind;
use super::lexicon::{Cue, Lexicon, Trigger, TriggerGuard, WordClass};
use super::text::{self, starts_upper, BlockKind, Sentence, Token};
use super::time::{Precision, TimeEngine, TimeMention};
use crate::article::Published;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Occurred,
    Planned,
    Denied,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Occurred => "occurred",
            Self::Planned => "planned",
            Self::Denied => "denied",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "occurred" => Some(Self::Occurred),
            "planned" => Some(Self::Planned),
            "denied" => Some(Self::Denied),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventDate {
    pub value: String,
    pub precision: Precision,
    /// The words the date came from; `None` when it defaulted to the publication date.
    pub text: Option<String>,
}

impl EventDate {
    /// The date a time expression gives an event. A week ("last week") is told as its month,
    /// the month of its Thursday: that is how a reader dates an event of that week, and what
    /// timelines can place.
    fn of(t: &TimeMention) -> Option<Self> {
        let value = t.value.clone()?;
        let month = (t.precision == Precision::Week)
            .then(|| week_month(&value))
            .flatten();
        let (value, precision) = match month {
            Some(month) => (month, Precision::Month),
            None => (value, t.precision),
        };
        Some(Self {
            value,
            precision,
            text: Some(t.text.clone()),
        })
    }
}

/// "2025-W42" is "2025-10": the month of the week's Thursday (which fixes its ISO year too).
fn week_month(value: &str) -> Option<String> {
    let (year, week) = value.split_once("-W")?;
    let day = chrono::NaiveDate::from_isoywd_opt(
        year.parse().ok()?,
        week.parse().ok()?,
        chrono::Weekday::Thu,
    )?;
    Some(day.format("%Y-%m").to_string())
}

/// What a participant does in an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Participant,
    /// Receives a visit, or hosts a meeting.
    Host,
    /// The country a visit goes to.
    Destination,
    /// Reports or leaks the event's content.
    Source,
    /// Whose documents a leak exposes.
    Owner,
}

impl Role {
    pub const ALL: &'static [Role] = &[
        Role::Participant,
        Role::Host,
        Role::Destination,
        Role::Source,
        Role::Owner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Participant => "participant",
            Self::Host => "host",
            Self::Destination => "destination",
            Self::Source => "source",
            Self::Owner => "owner",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Participant {
    /// Index into the extraction's entities.
    pub entity: usize,
    pub name: String,
    pub kind: EntityKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Event {
    pub kind: EventKind,
    pub status: Status,
    pub date: Option<EventDate>,
    pub place: Option<String>,
    pub participants: Vec<Participant>,
    pub cameo: Option<String>,
    pub plover: String,
    pub confidence: f64,
    pub evidence: Vec<Evidence>,
    /// Found by words that fix the kind (not only "talks" or "spoke with").
    #[serde(skip)]
    pub firm: bool,
    /// Named by a definite reference with no date of its own ("the meeting"): it points back
    /// to an interaction reported earlier in the article.
    #[serde(skip)]
    pub anaphoric: bool,
}

impl Event {
    /// Dated by a time expression of its own (not by its reporting or the publication).
    fn has_own_date(&self) -> bool {
        self.date.as_ref().is_some_and(|d| d.text.is_some())
    }

    /// The people taking part (not countries or organisations).
    fn people(&self) -> impl Iterator<Item = &Participant> {
        self.participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
    }

    /// The country a visit went to: its destination's, else its place's ("arrived in Caracas").
    fn visited_country(&self, cx: &Context) -> Option<String> {
        self.destination()
            .and_then(|p| p.country.clone())
            .or_else(|| self.place.as_deref().and_then(|p| place_country(cx, p)))
    }

    /// The first person taking part other than a host: a visit's visitor.
    fn first_person(&self) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.kind == EntityKind::Person && p.role != Role::Host)
    }

    /// Where a visit went, when a country was named.
    fn destination(&self) -> Option<&Participant> {
        self.participants
            .iter()
            .find(|p| p.role == Role::Destination)
    }
}

pub struct Context<'a> {
    pub text: &'a str,
    /// Wire datelines, whose dates are filing dates (see `text::datelines`).
    pub datelines: &'a [(usize, usize)],
    pub sentences: &'a [Sentence],
    pub layer: &'a EntityLayer,
    pub times: &'a [TimeMention],
    pub published: Option<&'a Published>,
    pub lexicon: &'a Lexicon,
    pub time: &'a TimeEngine,
}

impl Context<'_> {
    /// The time expressions that start in a sentence (times are sorted by start).
    fn times_in(&self, s: &Sentence) -> &[TimeMention] {
        let first = self.times.partition_point(|t| t.start < s.start);
        let last = self.times.partition_point(|t| t.start < s.end);
        &self.times[first..last.max(first)]
    }
}

pub fn find(cx: &Context) -> Vec<Event> {
    let mut events: Vec<Event> = Vec::new();
    for (index, s) in cx.sentences.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| &cx.sentences[i]);
        let tokens = text::tokens(cx.text, s.start, s.end);
        let mut in_sentence: Vec<Event> = Vec::new();
        let mut last_visit_end = None;
        for hit in cx.lexicon.triggers.find(cx.text, s.start, s.end) {
            let trigger = &cx.lexicon.trigger_info[hit.pattern];
            if !guard_holds(cx, trigger.guard, &tokens, hit.start, hit.end, s) {
                continue;
            }
            let mut found = events_at(cx, s, &tokens, hit.start, hit.end, trigger);
            if trigger.kind == EventKind::Visit {
                if let Some(floor) = last_visit_end {
                    for event in &mut found {
                        keep_own_visitors(cx, event, floor, hit.start, s.end);
                    }
                }
                last_visit_end = Some(hit.end);
            }
            for event in found {
                merge_into(&mut in_sentence, event);
            }
        }
        frame_visits(cx, &mut in_sentence);
        // Two triggers of one kind in a sentence are one mention ("did not speak with X by
        // phone"): a denial or plan found by either holds for both, unless their own dates
        // tell two occasions apart ("met on Saturday to prepare the summit next month").
        let strongest = |event: &Event, v: &[Event]| {
            v.iter()
                .filter(|e| e.kind == event.kind && !dated_apart(e, event))
                .map(|e| e.status)
                .max_by_key(|s| status_rank(*s))
        };
        let statuses: Vec<Option<Status>> = in_sentence
            .iter()
            .map(|e| strongest(e, &in_sentence))
            .collect();
        let sentence = cx.text[s.start..s.end].to_lowercase();
        let plural = cx.lexicon.has_cue(Cue::PluralReference, &sentence);
        for (mut event, status) in in_sentence.into_iter().zip(statuses) {
            event.status = status.unwrap_or(event.status);
            if plural {
                take_plural_reference(cx, &mut event, &events, previous);
            }
            // "the meeting", "that call": more about an interaction already reported.
            // A summit named with no person nor date ("to attend the X Summit") is not what
            // "the meeting was also attended by Y" points back to.
            let earlier = recent(&mut events).iter_mut().rev().find(|e| {
                e.kind == event.kind
                    && e.status == event.status
                    && (!event.anaphoric || e.people().next().is_some() || e.has_own_date())
                    && (event.anaphoric || same_trip(e, &event))
            });
            if earlier.is_some() && attendance_list(cx, &event, &sentence) {
                // "Others at the meeting included A; B; C ...": the delegations and aides in
                // the room, not parties to the contact. The sentence is evidence only.
                event.participants.retain(|p| p.kind != EntityKind::Person);
            }
            match earlier {
                Some(existing) => absorb(existing, event),
                None => merge_into(&mut events, event),
            }
        }
    }
    let events = reconcile_statuses(cx, settle_neutral(events));
    let mut events = host_meetings_join_visits(cx, events);
    events.retain(keep);
    events
}

/// "His visit comes a week after Y made a visit to Z": a second visit of the sentence with a
/// visitor of its own named after the first trigger is that visitor's; the people named only
/// before the first trigger are the first visit's.
fn keep_own_visitors(cx: &Context, event: &mut Event, floor: usize, start: usize, end: usize) {
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
fn same_trip(earlier: &Event, visit: &Event) -> bool {
    let visitor = |e: &Event| e.first_person().map(|p| p.entity);
    visit.kind == EventKind::Visit
        && !visit.has_own_date()
        && visitor(visit).is_some()
        && visitor(visit) == visitor(earlier)
        && visit.destination().is_none()
}

/// Most people a sentence about who else was present may single out as parties: a longer list
/// is the room, not the counterparts.
const MOST_ATTENDEES_NAMED_AS_PARTIES: usize = 2;

/// A sentence listing who was present at an interaction reported before, with more people
/// than a sentence singling out a counterpart would name.
fn attendance_list(cx: &Context, event: &Event, sentence: &str) -> bool {
    let people = event
        .participants
        .iter()
        .filter(|p| p.kind == EntityKind::Person)
        .count();
    people > MOST_ATTENDEES_NAMED_AS_PARTIES && cx.lexicon.has_cue(Cue::Attendance, sentence)
}

/// A meeting between a visitor and a leader of the country visited, on a date the visit
/// allows, is the visit's: the host joins the visit ("X visited Uganda ... X met Museveni").
/// A meeting dated a few days into the visit ("arrived on Monday ... dinner on Tuesday") stays
/// its own event, and the host joins the visit too.
fn host_meetings_join_visits(cx: &Context, events: Vec<Event>) -> Vec<Event> {
    let (meetings, mut others): (Vec<Event>, Vec<Event>) = events
        .into_iter()
        .partition(|e| e.kind == EventKind::Meeting);
    for meeting in meetings {
        let people: Vec<&Participant> = meeting
            .participants
            .iter()
            .filter(|p| p.kind == EntityKind::Person)
            .collect();
        let mut joined = None;
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
            match visit_allows(v, &meeting) {
                Some(true) if host_of(&destination).is_some() => {
                    joined = Some(v);
                    break;
                }
                Some(false) => {
                    let Some(mut host) = host_of(&destination) else {
                        continue;
                    };
                    if !v.participants.iter().any(|q| q.entity == host.entity) {
                        host.role = Role::Host;
                        v.participants.push(host);
                    }
                    break;
                }
                _ => {}
            }
        }
        match joined {
            Some(v) => absorb(v, meeting),
            None => others.push(meeting),
        }
    }
    others
}

/// The country of a place named in the article ("Lisbon": PT).
fn place_country(cx: &Context, place: &str) -> Option<String> {
    cx.layer
        .entities
        .iter()
        .find(|e| e.name == place && e.kind != EntityKind::Person)
        .and_then(|e| e.country.clone())
}

/// Whether a visit's date allows a meeting: `Some(true)` on the same day (or when either is
/// undated), `Some(false)` when the meeting falls in the first days after the visit's
/// arrival, `None` otherwise.
fn visit_allows(visit: &Event, meeting: &Event) -> Option<bool> {
    const DAYS_INTO_A_VISIT: i64 = 3;
    let (Some(a), Some(b)) = (&visit.date, &meeting.date) else {
        return Some(true);
    };
    if a.text.is_none() || b.text.is_none() || a.value == b.value {
        return Some(true);
    }
    let day = |v: &str| chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
    let days = (day(&b.value)? - day(&a.value)?).num_days();
    (1..=DAYS_INTO_A_VISIT).contains(&days).then_some(false)
}

/// "The two leaders agreed to meet", "both sides", "they": a contact missing its people takes
/// the people of the latest contact reported before it.
fn take_plural_reference(
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
fn drop_countries_standing_for_people(event: &mut Event) {
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

/// "During his visit, X met A and B": the people met belong to the meetings; the visit keeps
/// its visitor (and destination). But when the visitor met one foreigner ("X met President Y
/// in Z during a visit"), that meeting is the visit, and Y its host.
fn frame_visits(cx: &Context, in_sentence: &mut Vec<Event>) {
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
        visit.participants.retain(|p| {
            Some(p.entity) == visitor || p.kind != EntityKind::Person || !met.contains(&p.entity)
        });
    }
}

/// The one meeting of a sentence between a visit's visitor and one person of another country.
struct HostMet {
    meeting: usize,
    visitor: usize,
    host: usize,
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
fn dated_apart(a: &Event, b: &Event) -> bool {
    match (&a.date, &b.date) {
        (Some(x), Some(y)) => x.text.is_some() && y.text.is_some() && x.value != y.value,
        _ => false,
    }
}

fn status_rank(status: Status) -> u8 {
    match status {
        Status::Occurred => 0,
        Status::Planned => 1,
        Status::Denied => 2,
    }
}

fn guard_holds(
    cx: &Context,
    guard: TriggerGuard,
    tokens: &[Token],
    start: usize,
    end: usize,
    s: &Sentence,
) -> bool {
    let before = tokens
        .iter()
        .rev()
        .find(|t| t.end <= start)
        .map(|t| t.text(cx.text).to_lowercase());
    let after = tokens
        .iter()
        .find(|t| t.start >= end)
        .map(|t| t.text(cx.text).to_lowercase());
    match guard {
        TriggerGuard::None => true,
        TriggerGuard::Noun => {
            if after
                .as_deref()
                .is_some_and(|a| cx.lexicon.is(WordClass::NotNounFollower, a))
            {
                return false;
            }
            before
                .as_deref()
                .is_some_and(|b| cx.lexicon.is(WordClass::NounMarker, b))
                || after
                    .as_deref()
                    .is_some_and(|a| cx.lexicon.is(WordClass::NounFollower, a))
        }
        TriggerGuard::Person => cx
            .layer
            .mentions_in(end, (end + 41).min(s.end + 1))
            .iter()
            .any(|m| m.kind == EntityKind::Person),
    }
}

/// The events one trigger signals: usually one; "X met A, B and C" is three meetings of X.
fn events_at(
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
    let trigger = cx.text[start..end].to_lowercase();
    let plural = trigger.ends_with('s') && !cx.lexicon.is(WordClass::SingularTrigger, &trigger);
    let after = cx.text[end..s.end].to_lowercase();
    let several = after
        .split(|c: char| !c.is_alphanumeric())
        .take(CLAUSE_WORDS_BEFORE)
        .any(|w| cx.lexicon.is(WordClass::Distributive, w));
    // People of one country (or none known) may be received together; people of different
    // countries, or of a known and an unknown one, are met one by one.
    let apart = objects.iter().any(|p| p.country != objects[0].country);
    // A phone call has two ends.
    kind == EventKind::Call || plural || several || apart
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
    if kind.is_contact()
        && (habitual(cx, s, tokens, start, end) || prospective(cx, s, tokens, start))
    {
        return None;
    }
    let scope = Scope::around(cx, s, tokens, start);
    let mut participants = participants(cx, &scope, kind, start, end);
    let place = place(cx, &scope, kind, end, &mut participants);
    // "has previously had calls with ...": earlier contacts, on no date the article gives (a
    // time elsewhere in the sentence is about its news).
    let undated = before_trigger(cx, s, tokens, start)
        .any(|word| cx.lexicon.is(WordClass::UndatedPast, &word));
    let explicit = date_near(cx, s, &scope, start).filter(|_| !undated);
    let status = status(cx, s, start, end, explicit);
    let date = match explicit {
        None if undated => None,
        Some(t) => EventDate::of(t),
        // Without a date of its own, an event that happened is dated by its reporting (not
        // "explicit": a later mention with its own date wins), else by the publication.
        None if info.defaults_to_published && status == Status::Occurred => {
            match reported_date(cx, s, &scope).and_then(|t| Some((t, t.value.clone()?))) {
                Some((t, value)) => Some(EventDate {
                    value,
                    precision: t.precision,
                    text: None,
                }),
                None => cx.published.map(|p| published_or_its_month(cx, s, p)),
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
        anaphoric: explicit.is_none() && definite_before(cx, s, tokens, start),
    })
}

/// "met to lay groundwork for the summit", "preparations for the upcoming summit", "said ahead of
/// the visit": the contact named is a point in time or a topic, not one its sentence reports.
fn prospective(cx: &Context, s: &Sentence, tokens: &[Token], start: usize) -> bool {
    let clause_start = cx.text[s.start..start]
        .rfind([',', ';', '(', '“', '"'])
        .map_or(s.start, |i| s.start + i);
    let mut words: Vec<String> = tokens
        .iter()
        .rev()
        .filter(|t| t.end <= start && t.start >= clause_start)
        .take(6)
        .map(|t| t.text(cx.text).to_lowercase())
        .collect();
    words.reverse();
    cx.lexicon.has_cue(Cue::Prospective, &words.join(" "))
}

/// "have met on four occasions", "meet regularly", "often spoke by phone": contacts summed up as
/// a habit, no one occasion.
fn habitual(cx: &Context, s: &Sentence, tokens: &[Token], start: usize, end: usize) -> bool {
    let rest = &cx.text[end..s.end];
    let clause = &rest[..rest.find([',', ';', '.']).unwrap_or(rest.len())];
    let after: Vec<String> = clause
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_lowercase)
        .collect();
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
        || before_trigger(cx, s, tokens, start)
            .take(2)
            .any(|w| cx.lexicon.is(WordClass::HabitAdverb, &w))
}

/// The trigger follows "the", "that", "their", ...: a reference to something already named.
/// A verb of `class` between a person and the trigger, in one clause: "she had facilitated the
/// call", "X, who brokered the talks" (who arranges a contact is not a party to it); "X
/// accompanied Y on a visit" (the visit is Y's).
fn verb_between(cx: &Context, m: &Mention, trigger: usize, class: WordClass) -> bool {
    if m.end > trigger {
        return false;
    }
    let between = &cx.text[m.end..trigger];
    // "X, who arranged the call": the relative clause is X's.
    let between = between.strip_prefix(", who ").unwrap_or(between);
    !between.contains([',', ';', '.', '“', '"'])
        && between
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| cx.lexicon.is(class, &w.to_lowercase()))
}

/// "a summit ..., taking the central role in a push to end a war won by X": a participle clause
/// after a comma tells more about the event; the people in it did not take part. Words such
/// as "including" continue a list instead.
fn participle_clause_between(cx: &Context, from: usize, to: usize) -> bool {
    cx.text[from..to].split(", ").skip(1).any(|clause| {
        let word = clause.split(' ').next().unwrap_or("");
        word.len() > 4
            && word.ends_with("ing")
            && word.chars().all(|c| c.is_ascii_lowercase())
            && !cx.lexicon.is(WordClass::ListParticiple, word)
    })
}

/// How far back from a trigger a modifier of its clause is looked for.
const CLAUSE_WORDS_BEFORE: usize = 12;

/// The words (lower case) of the trigger's sentence just before it, nearest first.
fn before_trigger<'t>(
    cx: &'t Context,
    s: &Sentence,
    tokens: &'t [Token],
    start: usize,
) -> impl Iterator<Item = String> + 't {
    let sentence_start = s.start;
    tokens
        .iter()
        .rev()
        .filter(move |t| t.end <= start && t.start >= sentence_start)
        .take(CLAUSE_WORDS_BEFORE)
        .map(|t| t.text(cx.text).to_lowercase())
}

/// "the meeting", "the closed-door meeting", "that bilateral meeting": a definite word before
/// the trigger, past hyphenated modifiers and the trigger's own noun markers.
fn definite_before(cx: &Context, s: &Sentence, tokens: &[Token], start: usize) -> bool {
    for word in before_trigger(cx, s, tokens, start).take(3) {
        if cx.lexicon.is(WordClass::Definite, &word) {
            return true;
        }
        let modifier = (word.contains('-') && word.chars().all(|c| c.is_lowercase() || c == '-'))
            || cx.lexicon.is(WordClass::NounMarker, &word);
        if !modifier {
            return false;
        }
    }
    false
}

/// "His visit comes a week after Y made a visit to Z": an undated event named after an offset
/// lies that far from the time its sentence speaks of; only its month can be told.
fn offset_by_the_sentence(cx: &Context, s: &Sentence, start: usize, date: EventDate) -> EventDate {
    let Some(days) = super::time::offset_before(cx.time, &cx.text[s.start..start]) else {
        return date;
    };
    let Ok(day) = chrono::NaiveDate::parse_from_str(&date.value, "%Y-%m-%d") else {
        return date;
    };
    match day.checked_add_signed(chrono::Duration::days(days)) {
        Some(shifted) => EventDate {
            value: shifted.format("%Y-%m").to_string(),
            precision: Precision::Month,
            text: None,
        },
        None => date,
    }
}

/// The date an undated event takes from the publication: its day, or its month when the
/// sentence tells of a trip still going on ("X, who is currently on a visit to the US, met
/// several leaders"): the contact may have been on any day of it.
fn published_or_its_month(cx: &Context, s: &Sentence, p: &Published) -> EventDate {
    let sentence = cx.text[s.start..s.end].to_lowercase();
    let day = p.date.format("%Y-%m-%d").to_string();
    if p.value == day && cx.lexicon.has_cue(Cue::Ongoing, &sentence) {
        return EventDate {
            value: p.date.format("%Y-%m").to_string(),
            precision: Precision::Month,
            text: None,
        };
    }
    EventDate {
        value: p.value.clone(),
        precision: published_precision(p),
        text: None,
    }
}

fn published_precision(p: &Published) -> Precision {
    match p.precision {
        crate::article::DatePrecision::Day => Precision::Day,
        crate::article::DatePrecision::Month => Precision::Month,
    }
}

/// The part of a sentence whose mentions can take part in an event: inside the trigger's quote
/// when it is quoted (plus the speaker), else outside quotes; without the reporters of the
/// sentence ("X said that ...", "..., Y said").
struct Scope<'a> {
    mentions: Vec<&'a Mention>,
    speaker: Option<usize>,
    start: usize,
    end: usize,
}

impl<'a> Scope<'a> {
    fn around(cx: &'a Context, s: &Sentence, tokens: &[Token], trigger: usize) -> Self {
        let quote = cx.layer.quote_at(trigger);
        let (mut start, mut end) = match quote {
            Some(q) => (q.start.max(s.start), q.end.min(s.end)),
            None => (s.start, s.end),
        };
        // "Talks Between X, Y Lasted Two Hours - Ushakov": who a headline is attributed to.
        if s.kind == BlockKind::Headline {
            let head = &cx.text[start..end];
            if let Some(at) = head.rfind(" - ").or_else(|| head.rfind(" \u{2013} ")) {
                let tail = &head[at..];
                if at > 0 && start + at > trigger && tail.split_whitespace().count() <= 4 {
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
                if !said_through(cx, t.end, trigger) {
                    start = t.end;
                }
            } else if let Some(comma) = cx.text[trigger..t.start].rfind(',') {
                end = end.min(trigger + comma);
            }
        }
        let mentions = cx
            .layer
            .mentions_in(start, end)
            .iter()
            .filter(|m| m.end <= end)
            .filter(|m| quote.is_some() || cx.layer.quote_at(m.start).is_none())
            // "his predecessor, X", "the late X": named as someone's past, not as present.
            .filter(|m| {
                !cx.lexicon
                    .is(WordClass::FormerHolder, &word_before(cx.text, m.start))
            })
            .collect();
        Scope {
            mentions,
            speaker: quote.and_then(|q| q.speaker),
            start,
            end,
        }
    }
}

/// Most words between a reporting verb and the means it was said through ("told PM Y through
/// a call").
const MEANS_WORDS: usize = 8;

/// "X told Y through a phone call", "X said during their meeting": what was said was said in
/// the contact, so who said it takes part. A means preposition, past at most a determiner and
/// a modifier, opens the trigger's phrase, close after the verb and in its clause.
fn said_through(cx: &Context, verb_end: usize, trigger: usize) -> bool {
    let gap = &cx.text[verb_end..trigger];
    let words: Vec<String> = gap
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() > MEANS_WORDS || gap.contains([',', ';', '.', '“', '"']) {
        return false;
    }
    words
        .iter()
        .rev()
        .take(3)
        .any(|w| cx.lexicon.is(WordClass::MeansPreposition, w))
}

fn participant(cx: &Context, entity: usize, role: Role) -> Participant {
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

fn add(cx: &Context, out: &mut Vec<Participant>, entity: usize, role: Role) {
    if !out.iter().any(|p| p.entity == entity) {
        out.push(participant(cx, entity, role));
    }
}

/// The word before a mention, lower case.
fn word_before(text: &str, pos: usize) -> String {
    text[..pos]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .rfind(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase()
}

fn participants(
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
    // The people named after a visit's trigger: its hosts, unless they are a reception line.
    let mut received = Vec::new();
    for m in scope
        .mentions
        .iter()
        .filter(is_party)
        .filter(|m| m.kind == EntityKind::Person && !possessive_modifier(cx, m))
        .filter(|m| !companion(cx, scope, m))
        .filter(|m| !verb_between(cx, m, start, WordClass::ArrangerVerb))
        .filter(|m| {
            kind != EventKind::Visit || !verb_between(cx, m, start, WordClass::CompanionVerb)
        })
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
                    .is(WordClass::PlacePreposition, &word_before(cx.text, m.start))
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
fn counterpart(cx: &Context, m: &Mention, start: usize, end: usize) -> bool {
    let words = cx.text[..m.start]
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .rev()
        .filter(|w| !w.is_empty())
        .take(COUNTERPART_MODIFIERS + 2);
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
    let gap = if m.start >= end {
        &cx.text[end..m.start]
    } else {
        &cx.text[m.end.min(start)..start]
    };
    let apposition = gap.contains(" between ") || gap.starts_with("between ");
    joined
        && !gap.contains([';', '.', '(', '“', '"'])
        && (apposition || !gap.contains(','))
        && gap.split_whitespace().count()
            <= if apposition {
                COUNTERPART_WORDS_AFTER_BETWEEN
            } else {
                COUNTERPART_WORDS
            }
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

/// The verb at `start` is passive: "was received", "were welcomed".
fn passive_before(cx: &Context, start: usize) -> bool {
    cx.lexicon
        .is(WordClass::PassiveAuxiliary, &word_before(cx.text, start))
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
    let window_end = after
        .split_inclusive(char::is_whitespace)
        .take(5)
        .map(str::len)
        .sum::<usize>();
    !cx.lexicon
        .find_titles(cx.text, offset, offset + window_end)
        .is_empty()
}

/// Who leaked (a person after "by"), and whose documents ("US documents", "cables of the EU").
fn leak_participants(cx: &Context, scope: &Scope, start: usize, end: usize) -> Vec<Participant> {
    let mut out = Vec::new();
    let window_end = (end + 60).min(scope.end);
    let window_start = start.saturating_sub(60).max(scope.start);
    for m in scope
        .mentions
        .iter()
        .filter(|m| m.start >= window_start && m.end <= window_end)
    {
        let entity = &cx.layer.entities[m.entity];
        if entity.media {
            continue;
        }
        let next = cx.text[m.end..]
            .split(|c: char| !c.is_alphanumeric())
            .find(|w| !w.is_empty())
            .unwrap_or("");
        let owner = matches!(m.kind, EntityKind::Country | EntityKind::Organization)
            && (cx.lexicon.is(WordClass::DocumentNoun, &next.to_lowercase())
                || word_before(cx.text, m.start) == "of");
        if owner {
            add(cx, &mut out, m.entity, Role::Owner);
        } else if m.kind == EntityKind::Person
            && m.start >= end
            && agent_of_passive(&cx.text[end..m.start])
        {
            add(cx, &mut out, m.entity, Role::Source);
        }
    }
    // "the leaked transcript of a call between X and Y": the people whose exchange leaked.
    let rest = &cx.text[end..scope.end];
    let clause_end = end + rest.find([';', '.', '(']).unwrap_or(rest.len());
    if let Some(between) = cx.text[end..clause_end]
        .find(" between ")
        .filter(|at| *at < 60)
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
        .is(WordClass::Determiner, &word_before(cx.text, start))
        && !cx
            .lexicon
            .is(WordClass::DocumentNoun, &word_after(cx.text, end));
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

/// The word right after a position, lower case.
fn word_after(text: &str, pos: usize) -> String {
    text[pos..]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase()
}

/// "leaked by former clerk X": the words between the trigger and a person hold "by", then at
/// most a short noun phrase, and no clause break.
fn agent_of_passive(gap: &str) -> bool {
    let words: Vec<&str> = gap.split_whitespace().collect();
    let Some(by) = words.iter().rposition(|w| *w == "by") else {
        return false;
    };
    words.len() - by <= 5 && !gap.contains([',', ';', '.'])
}

/// Where the event took place: a place or country after "in"/"at" near the trigger; for a
/// visit, the destination right after the trigger ("visited Kenya", "arrived in Hanoi").
fn place(
    cx: &Context,
    scope: &Scope,
    kind: EventKind,
    end: usize,
    participants: &mut Vec<Participant>,
) -> Option<String> {
    if !kind.is_contact() {
        return None;
    }
    let located = scope
        .mentions
        .iter()
        .filter(|m| {
            matches!(m.kind, EntityKind::Location | EntityKind::Country)
                && m.form != MentionForm::Adjective
                && !m.qualifier
        })
        .filter(|m| {
            at_place(cx, &cx.text[scope.start.min(m.start)..m.start])
                || (kind == EventKind::Visit && m.start >= end && m.start <= end + 2)
        })
        .min_by_key(|m| m.start.abs_diff(end))?;
    if kind == EventKind::Visit && located.kind == EntityKind::Country {
        // The country may already stand among the parties: it is where the visit went.
        match participants.iter_mut().find(|p| p.entity == located.entity) {
            Some(p) => p.role = Role::Destination,
            None => add(cx, participants, located.entity, Role::Destination),
        }
    }
    // The place as written: "Nairobi" rather than the country it stands for.
    Some(located.text.clone())
}

/// The words before a place put an event there: "in", "at", "to", maybe with a determiner
/// and one modifier between ("to the occupied West Bank", "in the northern city of").
fn at_place(cx: &Context, before: &str) -> bool {
    let words: Vec<String> = before
        .rsplit(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(3)
        .map(str::to_lowercase)
        .collect();
    let preposition = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| cx.lexicon.is(WordClass::EventPlacePreposition, w))
    };
    let determiner = |i: usize| {
        words
            .get(i)
            .is_some_and(|w| cx.lexicon.is(WordClass::Determiner, w))
    };
    let lower = |i: usize| {
        words.get(i).is_some_and(|w| {
            before.contains(w.as_str()) && !cx.lexicon.is(WordClass::EventPlacePreposition, w)
        })
    };
    preposition(0)
        || (determiner(0) && preposition(1))
        || (lower(0) && determiner(1) && preposition(2))
}

/// The time expression governing the trigger: the nearest one in scope, preferring those after
/// the trigger within the same clause.
/// A quoted trigger may take its date from the words around the quote ("an October 29 “phone
/// call between ...”"), so the whole sentence counts, less the reporting tail.
fn date_near<'a>(
    cx: &'a Context,
    s: &Sentence,
    scope: &Scope,
    trigger: usize,
) -> Option<&'a TimeMention> {
    cx.times_in(s)
        .iter()
        .filter(|t| t.end <= scope.end.max(trigger) && t.value.is_some())
        .filter(|t| !in_dateline(cx, t) && !reporting_time(cx, s, t))
        .filter(|t| !bounds_a_period(cx, s, t) && !aside_after(cx, trigger, t))
        .min_by_key(|t| {
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
}

/// The time follows words that say when something happened ("took place on", "was held on").
fn said_to_occur_at(cx: &Context, t: &TimeMention) -> bool {
    const WINDOW: usize = 24;
    let from = cx.text.floor_char_boundary(t.start.saturating_sub(WINDOW));
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
    let clause = before
        .rfind([',', ';', '(', '\u{2014}'])
        .map_or(before, |i| &before[i..]);
    clause
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| cx.lexicon.is(WordClass::PeriodBound, &w.to_lowercase()))
}

fn in_dateline(cx: &Context, t: &TimeMention) -> bool {
    cx.datelines
        .iter()
        .any(|&(a, b)| a <= t.start && t.end <= b)
}

/// "said Thursday", "told reporters on Monday", "on Monday confirmed": the time of the
/// reporting, not of the event reported. Only words of the `reporting_time_gap` class may
/// stand between a verb and a time after it.
fn reporting_time(cx: &Context, s: &Sentence, t: &TimeMention) -> bool {
    // "..., on Thursday confirmed the call": the time stands right before the verb.
    let next_word = cx.text[t.end..s.end.max(t.end)]
        .split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .map(str::to_lowercase);
    if next_word.is_some_and(|w| cx.lexicon.is(WordClass::ReportingVerb, &w)) {
        return true;
    }
    let before = &cx.text[s.start..t.start];
    let words: Vec<&str> = before
        .rsplit(' ')
        .filter(|w| !w.is_empty())
        .take(REPORTING_GAP_WORDS + 1)
        .collect();
    for (i, word) in words.iter().enumerate() {
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
fn reported_date<'a>(cx: &'a Context, s: &Sentence, scope: &Scope) -> Option<&'a TimeMention> {
    cx.times_in(s)
        .iter()
        .filter(|t| t.end <= s.end && t.value.is_some() && !t.future)
        .filter(|t| !in_dateline(cx, t) && !bounds_a_period(cx, s, t))
        .find(|t| reporting_time(cx, s, t) || t.start >= scope.end || t.end <= scope.start)
}

/// Planned for intended or expected events, denied for negated, denied or cancelled ones.
fn status(
    cx: &Context,
    s: &Sentence,
    start: usize,
    end: usize,
    date: Option<&TimeMention>,
) -> Status {
    let lower_before = cx.text[s.start..start].to_lowercase();
    let clause_before = lower_before
        .rsplit([',', ';', '“', '"'])
        .next()
        .unwrap_or("");
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
    let near_before: String = clause_before
        .split_whitespace()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    if has(Cue::Denied, clause_before)
        || has(Cue::Denied, &after)
        || has(Cue::Negation, &near_before)
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
    let words: Vec<&str> = clause_before.split_whitespace().rev().take(12).collect();
    let record = words.first() == Some(&"to")
        && words
            .iter()
            .any(|w| cx.lexicon.is(WordClass::RecordOrdinal, w));
    if (has(Cue::Planned, &with_trigger) && !record) || date.is_some_and(later) {
        return Status::Planned;
    }
    Status::Occurred
}

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
fn same_occasion(a: &Event, b: &Event) -> bool {
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
fn recent(events: &mut [Event]) -> &mut [Event] {
    let from = events.len().saturating_sub(MERGE_WINDOW);
    &mut events[from..]
}

fn merge_into(events: &mut Vec<Event>, event: Event) {
    let Some(existing) = recent(events)
        .iter_mut()
        .find(|e| same_interaction(e, &event))
    else {
        events.push(event);
        return;
    };
    absorb(existing, event);
}

/// Adds another mention of the same interaction to an event: its participants, a date or
/// place the event lacked, and its evidence.
fn absorb(existing: &mut Event, event: Event) {
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

/// A mention found only by neutral words ("talks", "spoke with") joins a firmly typed contact
/// of the same people on a compatible date: the talks were that call or that meeting.
fn settle_neutral(events: Vec<Event>) -> Vec<Event> {
    let contact = |e: &Event| e.kind.is_contact();
    let (neutral, mut firm): (Vec<Event>, Vec<Event>) =
        events.into_iter().partition(|e| contact(e) && !e.firm);
    for mut event in neutral {
        let target = recent(&mut firm).iter().find(|f| {
            contact(f)
                && f.participants
                    .iter()
                    .filter(|p| p.kind == EntityKind::Person)
                    .count()
                    >= 2
                && same_occasion(f, &event)
        });
        if let Some(f) = target {
            event.kind = f.kind.clone();
        }
        merge_into(&mut firm, event);
    }
    firm
}

/// One interaction of the same people told with two statuses is one event, with the status a
/// careful reader settles on: a plan that was cancelled is denied; a hedged mention ("his
/// alleged meeting with Y") that is denied elsewhere is denied; a plan for the day of
/// publication that is reported as done ("the leaders would meet at 1 pm" beside "they met
/// this afternoon") occurred. Mentions dated apart stay apart.
fn reconcile_statuses(cx: &Context, events: Vec<Event>) -> Vec<Event> {
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
    let on_or_before_publication = |e: &Event| match (&e.date, cx.published) {
        (Some(d), Some(p)) => d.value.as_str() <= p.value.as_str(),
        _ => false,
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

/// A contact needs two parties (a visit: a visitor and a destination); a leak stands alone;
/// other kinds need someone taking part.
fn keep(e: &Event) -> bool {
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
            return people >= 1 && (e.participants.len() >= 2 || e.place.is_some());
        }
        return e.participants.len() >= 2 && (people >= 1 || countries >= 2);
    }
    e.kind == EventKind::Leak || !e.participants.is_empty()
}

#[cfg(test)]
mod tests {
    use crate::article::{parse_text, Limits};
    use crate::extract::{Event, EventKind, Extractor, Role, Status};

    /// Events of an article published on Wednesday 2024-05-15.
    fn events(body: &str) -> Vec<Event> {
        let text = format!(" date 2024-05-15 Headline words here for the page\n\n{body}\n");
        let article = parse_text(text.as_bytes(), Limits::default()).expect("article");
        Extractor::default().extract(&article).events
    }

    fn people(e: &Event) -> Vec<&str> {
        let mut v: Vec<&str> = e
            .participants
            .iter()
            .filter(|p| p.kind == crate::extract::EntityKind::Person)
            .map(|p| p.name.as_str())
            .collect();
        v.sort_unstable();
        v
    }

    fn only<'a>(events: &'a [Event], kind: &str) -> &'a Event {
        let of_kind: Vec<&Event> = events.iter().filter(|e| e.kind.as_str() == kind).collect();
        assert_eq!(of_kind.len(), 1, "one {kind}: {events:#?}");
        of_kind[0]
    }

    fn date(e: &Event) -> Option<&str> {
        e.date.as_ref().map(|d| d.value.as_str())
    }

    #[test]
    fn spoke_by_phone_is_a_call_on_that_day() {
        let ev = events("Chilean Foreign Minister Lucia Campos spoke with her Polish counterpart Adam Nowak by phone on Monday, the ministry said.");
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Adam Nowak", "Lucia Campos"]);
        assert_eq!(date(call), Some("2024-05-13"));
        assert_eq!(call.status, Status::Occurred);
        assert_eq!(call.cameo.as_deref(), Some("041"));
    }

    #[test]
    fn the_day_something_was_said_is_not_the_day_it_happened() {
        let ev = events("Norwegian Foreign Minister Ingrid Solberg said Wednesday that she and Brazilian Foreign Minister Rui Costa agreed in a phone call to keep talking. Solberg and Costa gave different accounts of the call Tuesday.");
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Ingrid Solberg", "Rui Costa"]);
        assert_eq!(date(call), Some("2024-05-14"));
    }

    #[test]
    fn an_undated_event_takes_the_day_it_was_reported() {
        let ev = events("“I had a long phone conversation with Rui Costa about fisheries,” Norwegian Foreign Minister Ingrid Solberg wrote on Monday.");
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Ingrid Solberg", "Rui Costa"]);
        assert_eq!(date(call), Some("2024-05-13"), "not the publication date");
    }

    #[test]
    fn a_time_after_since_is_not_the_date_of_the_event() {
        let ev = events("Swiss President Beat Frei met Indian Foreign Minister Arjun Rao, their first meeting since the trade dispute began on March 3.");
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Arjun Rao", "Beat Frei"]);
        assert_ne!(date(meeting), Some("2024-03-03"), "{meeting:#?}");
    }

    #[test]
    fn countries_named_after_a_visit_are_not_its_actors() {
        let ev = events("It was Arjun Rao's first visit to Ghana since the border talks between Togo and Benin.");
        let visit = only(&ev, "visit");
        let names: Vec<&str> = visit.participants.iter().map(|p| p.name.as_str()).collect();
        assert!(names.contains(&"Arjun Rao"), "{visit:#?}");
        assert!(
            !names.contains(&"Togo") && !names.contains(&"Benin"),
            "{visit:#?}"
        );
    }

    #[test]
    fn a_visit_goes_to_the_place_after_to_and_its_modifiers() {
        let ev = events(
            "Arjun Rao made his first visit to the northern Ghana on Monday, after talks in Togo.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(visit.place.as_deref(), Some("Ghana"), "{visit:#?}");
    }

    #[test]
    fn a_time_in_a_since_clause_before_the_trigger_is_not_its_date() {
        let ev = events("Since the ceasefire collapsed on March 3 Swiss President Beat Frei has met Indian Foreign Minister Arjun Rao twice.");
        let meeting = only(&ev, "meeting");
        assert_ne!(date(meeting), Some("2024-03-03"), "{meeting:#?}");
    }

    #[test]
    fn a_meeting_that_prepares_a_later_summit_happened() {
        let ev = events("Irish Prime Minister Sean Byrne met Estonian President Kadri Tamm on Monday to prepare the climate summit in Tallinn next month.");
        let met = ev
            .iter()
            .find(|e| e.kind == EventKind::Meeting && date(e) == Some("2024-05-13"))
            .expect("the meeting on Monday");
        assert_eq!(met.status, Status::Occurred, "{ev:#?}");
    }

    #[test]
    fn refuted_reports_of_a_meeting_deny_it() {
        let ev = events("Irish Prime Minister Sean Byrne on Tuesday refuted reports that he had a secret meeting with Estonian President Kadri Tamm.");
        let meeting = only(&ev, "meeting");
        assert_eq!(meeting.status, Status::Denied);
    }

    #[test]
    fn a_telephone_discussion_is_a_call() {
        let ev = events(
            "President Ana Silva held a telephone discussion with President Olu Bakare on Tuesday.",
        );
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Ana Silva", "Olu Bakare"]);
        assert_eq!(date(call), Some("2024-05-14"));
        let ev = events("President Ana Silva has had telephonic conversations with President Olu Bakare and others.");
        assert_eq!(
            ev.iter().filter(|e| e.kind == EventKind::Call).count(),
            1,
            "{ev:#?}"
        );
    }

    #[test]
    fn two_people_met_in_a_city() {
        let ev = events("Irish Prime Minister Sean Byrne and Estonian President Kadri Tamm met in Geneva on Tuesday to discuss energy.");
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Kadri Tamm", "Sean Byrne"]);
        assert_eq!(meeting.place.as_deref(), Some("Geneva"));
        assert_eq!(date(meeting), Some("2024-05-14"));
    }

    #[test]
    fn will_meet_is_planned_and_denied_meeting_is_denied() {
        let planned = events("Greek Finance Minister Nikos Pappas will meet Dutch Finance Minister Femke Visser in Athens next week.");
        assert_eq!(only(&planned, "meeting").status, Status::Planned);
        let denied = events("Czech Interior Minister Pavel Novak denied meeting the businessman Tomas Horak last month.");
        let meeting = only(&denied, "meeting");
        assert_eq!(meeting.status, Status::Denied);
        assert_eq!(people(meeting), vec!["Pavel Novak", "Tomas Horak"]);
        let negated = events("Hungarian diplomat Gabor Szabo did not speak with Austrian envoy Lena Huber by phone on Monday.");
        assert_eq!(only(&negated, "call").status, Status::Denied);
    }

    #[test]
    fn cancelled_meeting_is_denied() {
        let ev = events("The meeting between Portuguese Foreign Minister Rita Sousa and Moroccan Foreign Minister Karim Alaoui was cancelled on Tuesday.");
        assert_eq!(only(&ev, "meeting").status, Status::Denied);
    }

    #[test]
    fn visit_has_destination() {
        let ev = events("Danish Prime Minister Mette Holm visited Kenya on Tuesday, meeting President Grace Wanjiku in Nairobi.");
        let visit = only(&ev, "visit");
        assert!(
            visit
                .participants
                .iter()
                .any(|p| p.country.as_deref() == Some("KE") && p.role == Role::Destination),
            "{visit:#?}"
        );
        assert_eq!(visit.place.as_deref(), Some("Kenya"));
    }

    #[test]
    fn reporters_are_not_participants() {
        let ev = events("Swiss President Anna Keller met Austrian Chancellor Jonas Gruber on Monday, Keller's spokesman Marco Rossi said.");
        assert_eq!(
            people(only(&ev, "meeting")),
            vec!["Anna Keller", "Jonas Gruber"]
        );
    }

    #[test]
    fn verbs_that_look_like_triggers_are_not_events() {
        let ev = events("Lawmakers called for an inquiry on Monday. Factory output met analysts' expectations, and calls for lower rates grew louder.");
        assert!(
            ev.iter()
                .all(|e| !matches!(e.kind.as_str(), "call" | "meeting")),
            "{ev:#?}"
        );
    }

    #[test]
    fn leak_names_source_and_owner() {
        let ev = events("Hundreds of Belgian cables were leaked by former embassy clerk Pierre Dumont and posted online on Tuesday.");
        let leak = only(&ev, "leak");
        assert!(
            leak.participants
                .iter()
                .any(|p| p.name == "Pierre Dumont" && p.role == Role::Source),
            "{leak:#?}"
        );
        assert!(
            leak.participants
                .iter()
                .any(|p| p.country.as_deref() == Some("BE") && p.role == Role::Owner),
            "{leak:#?}"
        );
    }

    #[test]
    fn talks_in_a_phone_call_article_are_the_call() {
        let ev = events(
            "Spanish Prime Minister Elena Ruiz held a phone call with Moroccan Prime Minister Youssef Amrani on Tuesday.\n\n\
             During the talks, Ruiz and Amrani discussed migration, her office said.",
        );
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
        assert!(only(&ev, "call").evidence.len() >= 2);
    }

    #[test]
    fn one_host_meeting_a_list_is_several_meetings() {
        let ev = events("On Monday, Indian Foreign Minister Arjun Rao met Belgian Prime Minister Luc Peeters, Swiss President Beat Frei and Moroccan Foreign Minister Omar Tazi.");
        let meetings: Vec<Vec<&str>> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Meeting)
            .map(people)
            .collect();
        assert_eq!(meetings.len(), 3, "{ev:#?}");
        assert!(
            meetings
                .iter()
                .all(|m| m.len() == 2 && m.contains(&"Arjun Rao")),
            "{meetings:?}"
        );
    }

    #[test]
    fn a_virtual_summit_is_a_call() {
        let ev = events("Thai Prime Minister Somchai Wong and his Irish counterpart Aoife Kelly held a virtual summit on Monday.");
        assert_eq!(
            people(only(&ev, "call")),
            vec!["Aoife Kelly", "Somchai Wong"]
        );
    }

    #[test]
    fn a_person_named_to_describe_another_is_not_a_participant() {
        let ev = events("Maria Alves's special envoy Jonas Berg spoke by phone with Latvian Foreign Minister Ilze Ozola on Monday.");
        assert_eq!(people(only(&ev, "call")), vec!["Ilze Ozola", "Jonas Berg"]);
    }

    #[test]
    fn agreeing_to_meet_is_planned() {
        let ev = events("Slovak Prime Minister Juraj Kral and Croatian Prime Minister Ivan Horvat agreed to meet in Zagreb.");
        assert_eq!(only(&ev, "meeting").status, Status::Planned);
    }

    #[test]
    fn the_dateline_date_is_not_the_event_date() {
        let ev = events("OSLO, May 15 (Reuters) - In a telephone conversation on Monday, Estonian President Kadri Tamm and Irish President Sean Byrne discussed energy.");
        assert_eq!(date(only(&ev, "call")), Some("2024-05-13"));
    }

    #[test]
    fn a_surname_with_particles_at_a_sentence_start_is_the_same_person() {
        let ev = events("Dutch Foreign Minister Pieter van der Berg met Finnish Foreign Minister Aino Virtanen on Monday.\n\nVan der Berg and Virtanen met again on Tuesday.");
        for meeting in ev.iter().filter(|e| e.kind == EventKind::Meeting) {
            assert_eq!(
                people(meeting),
                vec!["Aino Virtanen", "Pieter van der Berg"]
            );
        }
    }

    #[test]
    fn people_met_during_a_visit_belong_to_the_meetings() {
        let ev = events("During his visit to Geneva on Monday, Indian Foreign Minister Arjun Rao met Swiss President Beat Frei and Moroccan Foreign Minister Omar Tazi.");
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Arjun Rao"]);
        assert_eq!(
            ev.iter().filter(|e| e.kind == EventKind::Meeting).count(),
            2,
            "{ev:#?}"
        );
    }

    #[test]
    fn the_one_leader_met_during_a_visit_is_its_host() {
        let ev = events("On Monday, Indian Foreign Minister Arjun Rao met Swiss President Beat Frei in Bern during a two-day visit.");
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Arjun Rao", "Beat Frei"]);
        assert_eq!(date(visit), Some("2024-05-13"));
        assert!(
            visit
                .participants
                .iter()
                .any(|p| p.name == "Beat Frei" && p.role == Role::Host),
            "{visit:#?}"
        );
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
    }

    #[test]
    fn the_two_leaders_are_the_people_of_the_last_contact() {
        let ev = events(
            "Chilean President Lucia Campos spoke with Polish President Adam Nowak by phone on Monday.\n\n\
             The two leaders agreed to meet in Warsaw in June.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(meeting.status, Status::Planned);
        assert_eq!(people(meeting), vec!["Adam Nowak", "Lucia Campos"]);
    }

    #[test]
    fn meeting_the_host_during_a_visit_is_the_visit() {
        let ev = events(
            "Ghanaian President Kofi Mensah visited Uganda on Monday.\n\n\
             Mensah met Ugandan President Grace Akello at State House to discuss trade.",
        );
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
        assert_eq!(
            people(only(&ev, "visit")),
            vec!["Grace Akello", "Kofi Mensah"]
        );
    }

    #[test]
    fn whose_exchange_leaked_and_who_leaked_it() {
        let ev = events("A news site published the leaked transcript of a call between Latvian envoy Ilze Ozola and Danish diplomat Lars Holm on Tuesday.");
        let leak = only(&ev, "leak");
        assert_eq!(people(leak), vec!["Ilze Ozola", "Lars Holm"]);
        let ev = events("Investigators said former clerk Pierre Dumont is alleged to have leaked the cable in March.");
        assert!(only(&ev, "leak")
            .participants
            .iter()
            .any(|p| p.name == "Pierre Dumont" && p.role == Role::Source));
    }

    #[test]
    fn mentions_of_one_call_merge_into_one_event() {
        let ev = events(
            "Japanese Foreign Minister Aiko Sato spoke with Indian Foreign Minister Ravi Menon by phone on Monday.\n\n\
             The call lasted an hour, Sato said.\n\n\
             “Our call was productive,” Menon said after the phone call with Sato.",
        );
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Aiko Sato", "Ravi Menon"]);
        assert!(call.evidence.len() >= 2, "{call:#?}");
    }

    #[test]
    fn an_attendance_list_names_the_room_not_the_parties() {
        let ev = events(
            "On Monday in Valletta, President Carmen Vella met with leaders of the fishing cooperatives. \
             Present at the closed-door meeting was the chair of the national federation, Paolo Grech. \
             Others at the meeting included Deputy Minister Lina Borg; the cabinet secretary, Marco Zammit; \
             and the harbour commissioner, Ray Camilleri.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Carmen Vella", "Paolo Grech"]);
        assert_eq!(date(meeting), Some("2024-05-13"));
        assert_eq!(
            meeting.evidence.len(),
            3,
            "every sentence is evidence: {meeting:#?}"
        );
    }

    #[test]
    fn a_predecessor_or_the_late_leader_is_not_at_the_meeting() {
        let ev = events(
            "Prime Minister Ilse Marten met Governor Tomas Brandt on Tuesday, in talks that continue \
             the work begun by her predecessor, Karl Osterhout. The meeting, held in the office once used \
             by the late Anna Vogt, lasted two hours.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Ilse Marten", "Tomas Brandt"]);
    }

    #[test]
    fn a_host_met_days_into_a_visit_joins_it_and_the_meeting_stays_its_own() {
        let ev = events(
            "Estonian Prime Minister Kaja Tamm arrived in Lisbon on Sunday for a three-day visit. \
             Portuguese Prime Minister Rui Costa hosted Tamm for talks at the Sao Bento Palace on Monday.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Kaja Tamm", "Rui Costa"]);
        assert_eq!(date(visit), Some("2024-05-12"));
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Kaja Tamm", "Rui Costa"]);
        assert_eq!(date(meeting), Some("2024-05-13"));
    }

    #[test]
    fn contacts_said_to_have_happened_previously_are_undated() {
        let ev = events(
            "Chancellor Petra Lind, who has previously held telephone conversations with President \
             Omar Haddad and Prime Minister Sven Dahl, on Tuesday confirmed the visit.",
        );
        let calls: Vec<_> = ev.iter().filter(|e| e.kind == EventKind::Call).collect();
        assert_eq!(calls.len(), 2, "{ev:#?}");
        for call in calls {
            assert_eq!(date(call), None, "{call:#?}");
            assert_eq!(call.status, Status::Occurred);
        }
    }

    #[test]
    fn a_time_right_before_a_reporting_verb_dates_the_reporting() {
        let ev = events(
            "The foreign ministry on Monday confirmed the meeting of Minister Ana Ruiz with \
             her Peruvian counterpart Jorge Salas in Lima last week.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(date(meeting), Some("2024-05"), "{meeting:#?}");
    }

    #[test]
    fn who_arranged_a_call_is_not_on_it() {
        let ev = events(
            "President Lena Park spoke with President Tomas Weber by phone on Monday. \
             Ambassador Clara Diaz, who had facilitated the call, said it went well.",
        );
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Lena Park", "Tomas Weber"]);
    }

    #[test]
    fn people_in_a_participle_clause_after_the_event_are_not_in_it() {
        let ev = events(
            "At a summit in Oslo on Monday, Prime Minister Eva Lund met Chancellor Hans Berg, \
             setting the stage for a deal long sought by their predecessor's rival, President Ivo Kral.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Eva Lund", "Hans Berg"]);
        let ev = events(
            "Prime Minister Eva Lund met several leaders on Monday, including Chancellor Hans Berg.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Eva Lund", "Hans Berg"]);
    }

    #[test]
    fn the_two_leaders_are_the_two_people_just_named() {
        let ev = events(
            "President Mara Voss met Chancellor Leo Brandt in Vienna on Friday. \
             On Saturday, President Voss attended Prime Minister Ines Duarte's swearing-in ceremony. \
             The two leaders then held talks after the ceremony.",
        );
        let with_duarte = ev
            .iter()
            .find(|e| e.kind == EventKind::Meeting && people(e).contains(&"Ines Duarte"))
            .unwrap_or_else(|| panic!("a meeting with Duarte: {ev:#?}"));
        assert_eq!(people(with_duarte), vec!["Ines Duarte", "Mara Voss"]);
        assert_eq!(date(with_duarte), Some("2024-05-11"));
    }

    #[test]
    fn who_accompanied_a_visitor_is_not_the_visitor() {
        let ev = events(
            "Last month Foreign Minister Nia Osei accompanied President Kofi Mensah on a visit to Tokyo.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Kofi Mensah"]);
    }

    #[test]
    fn a_time_in_an_aside_dates_something_else() {
        let ev = events(
            "President Ana Lima arrived in Quito on Monday and was received by the new foreign minister, \
             Rosa Vega -appointed on Saturday-, at the airport.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(date(visit), Some("2024-05-13"));
        let ev = events(
            "President Ana Lima was received by the new foreign minister, Rosa Vega (appointed on Saturday), in Quito.",
        );
        let visit = only(&ev, "visit");
        assert_ne!(date(visit), Some("2024-05-11"), "{visit:#?}");
    }

    #[test]
    fn a_reception_line_is_not_the_host() {
        let ev = events(
            "President Ana Soto arrived in Quito on Monday and was received by Vice President Luis Mora, \
             Foreign Minister Rosa Vega and Ambassador Juan Paz.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Ana Soto"]);
        let ev = events("President Ana Soto arrived in Quito on Monday and was received by President Luis Mora.");
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Ana Soto", "Luis Mora"]);
    }

    #[test]
    fn a_time_after_took_place_is_the_date_of_the_event() {
        let ev = events(
            "The newspaper on Monday published the transcript of a call between envoy Tom Reyes and \
             adviser Ivan Orlov, which took place on April 2.",
        );
        let call = only(&ev, "call");
        assert_eq!(date(call), Some("2024-04-02"));
    }

    #[test]
    fn who_came_in_the_company_of_a_guest_is_not_met() {
        let ev = events(
            "On Monday the president met with Mr Arun Patel, chairman of Orbit Telecom, who came in company of \
             Dr. Kemi Adeyemi, Chief Executive Officer Orbit Nigeria, and other board members.",
        );
        let meetings: Vec<_> = ev.iter().filter(|e| e.kind == EventKind::Meeting).collect();
        assert_eq!(meetings.len(), 1, "{ev:#?}");
        assert!(people(meetings[0]).contains(&"Arun Patel"));
        assert!(!people(meetings[0]).contains(&"Kemi Adeyemi"));
        assert!(ev
            .iter()
            .all(|e| e.participants.iter().all(|p| !p.name.contains("Officer"))));
    }

    #[test]
    fn guests_received_together_are_one_meeting_and_leaders_met_one_by_one_are_several() {
        let ev = events("On Monday President Ana Soto met with investors Karl Weiss and Maria Olsen at the palace.");
        let meetings: Vec<_> = ev.iter().filter(|e| e.kind == EventKind::Meeting).collect();
        assert_eq!(meetings.len(), 1, "{ev:#?}");
        assert_eq!(
            people(meetings[0]),
            vec!["Ana Soto", "Karl Weiss", "Maria Olsen"]
        );
        let ev = events(
            "On Monday President Ana Soto met with several leaders, including German Chancellor Karl Weiss \
             and Danish Prime Minister Maria Olsen.",
        );
        assert_eq!(
            ev.iter().filter(|e| e.kind == EventKind::Meeting).count(),
            2,
            "{ev:#?}"
        );
        let ev =
            events("On Monday President Ana Soto spoke by phone with Karl Weiss and Maria Olsen.");
        assert_eq!(
            ev.iter().filter(|e| e.kind == EventKind::Call).count(),
            2,
            "{ev:#?}"
        );
    }

    #[test]
    fn who_was_present_at_a_meeting_chaired_by_someone_is_not_a_party() {
        let ev = events(
            "On Saturday the ministerial meeting between Minister Ana Soto and Minister Karl Weiss was \
             chaired by Minister Luis Mora, in the presence of the defence minister, Juan Paz.",
        );
        let meeting = only(&ev, "meeting");
        assert!(!people(meeting).contains(&"Juan Paz"), "{meeting:#?}");
        assert!(people(meeting).contains(&"Ana Soto"), "{meeting:#?}");
    }

    #[test]
    fn received_in_audience_is_a_meeting() {
        let ev = events("President Ana Soto on Monday received in audience the investor Karl Weiss at the palace.");
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Ana Soto", "Karl Weiss"]);
        assert!(ev.iter().all(|e| e.kind != EventKind::Visit), "{ev:#?}");
    }

    #[test]
    fn a_time_after_whom_a_reporting_verb_addressed_dates_the_reporting() {
        let ev = events(
            "The ambassador confirmed to Radio Norte earlier on Wednesday that President Ana Soto had \
             spoken with President Karl Weiss by phone.",
        );
        let call = only(&ev, "call");
        let date = call.date.as_ref().expect("dated by its reporting");
        assert_eq!(
            date.text, None,
            "Wednesday is when it was confirmed: {call:#?}"
        );
    }

    #[test]
    fn an_undated_reception_belongs_to_the_visit_just_reported() {
        let ev = events(
            "Prime Minister Ana Soto arrived in Nairobi on Monday evening for a state visit. \
             She was received by President Karl Weiss at the airport.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Ana Soto", "Karl Weiss"]);
        assert_eq!(date(visit), Some("2024-05-13"));
    }

    #[test]
    fn a_country_beside_one_person_takes_part_only_when_joined_to_the_contact() {
        // Named as what was discussed: no second party, no meeting.
        let ev = events("The talks followed President Ana Silva's request to brief the press on the peace process with Estonia.");
        assert!(
            ev.iter().all(|e| e.kind != EventKind::Meeting),
            "a meeting needs a second party: {ev:#?}"
        );
        // Joined by "with" or "between ... and": the country stands for its unnamed official.
        let ev = events(
            "President Ana Silva met with a senior Estonian delegation in Geneva on Tuesday.",
        );
        let meeting = only(&ev, "meeting");
        assert!(
            meeting.participants.iter().any(|p| p.name == "Estonia"),
            "{meeting:#?}"
        );
        let ev = events("One cable describes a meeting in March between Ireland's ambassador to Chile, Sean Byrne, and a senior Chilean interior official.");
        let meeting = only(&ev, "meeting");
        assert!(
            meeting.participants.iter().any(|p| p.name == "Chile"),
            "{meeting:#?}"
        );
    }

    #[test]
    fn talking_via_phone_is_a_call_and_dining_with_someone_a_meeting() {
        let ev = events(
            "President Luc Morel also talked to President Anil Kapoor via phone on Tuesday.",
        );
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Anil Kapoor", "Luc Morel"]);
        let ev = events("President Luc Morel dined with President Anil Kapoor in Lyon on Monday.");
        let meeting = only(&ev, "meeting");
        assert_eq!(people(meeting), vec!["Anil Kapoor", "Luc Morel"]);
        assert_eq!(date(meeting), Some("2024-05-13"));
    }

    #[test]
    fn who_told_someone_something_through_a_call_was_on_the_call() {
        let ev = events("Prime Minister Ola Berg told President Anil Kapoor through a call that the vote was a triumph.");
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Anil Kapoor", "Ola Berg"]);
        // Reporting a call is not being on it.
        let ev = events("Prime Minister Ola Berg told reporters that President Anil Kapoor and President Luc Morel held a phone call.");
        let call = only(&ev, "call");
        assert_eq!(people(call), vec!["Anil Kapoor", "Luc Morel"]);
    }

    #[test]
    fn an_event_of_last_week_is_dated_by_its_month() {
        let ev = events("President Luc Morel spoke by phone with President Anil Kapoor last week.");
        let call = only(&ev, "call");
        let date = call.date.as_ref().expect("dated");
        assert_eq!(
            (date.value.as_str(), date.precision),
            ("2024-05", crate::extract::Precision::Month)
        );
        assert_eq!(date.text.as_deref(), Some("last week"));
        // A week across two months is the month of its Thursday (2024-W22: May 27 to June 2).
        assert_eq!(super::week_month("2024-W22").as_deref(), Some("2024-05"));
        assert_eq!(super::week_month("2025-W01").as_deref(), Some("2025-01"));
    }

    #[test]
    fn status_words_after_a_verb_trigger_tell_of_something_else() {
        let ev = events(
            "The memo that Ana Ruiz is accused of having leaked in March was never declassified.",
        );
        assert_eq!(only(&ev, "leak").status, Status::Occurred, "{ev:#?}");
        let ev = events(
            "The meeting between President Luc Morel and President Anil Kapoor was cancelled.",
        );
        assert_eq!(only(&ev, "meeting").status, Status::Denied, "{ev:#?}");
    }

    #[test]
    fn one_interaction_told_with_two_statuses_settles_on_one() {
        // A plan, then its cancellation: one denied meeting.
        let ev = events(
            "President Luc Morel had confirmed plans to meet President Anil Kapoor in Oslo.\n\n\
             On Tuesday Morel said he had cancelled the meeting with President Kapoor.",
        );
        let meeting = only(&ev, "meeting");
        assert_eq!(meeting.status, Status::Denied, "{ev:#?}");
        // A meeting reported as alleged and denied elsewhere did not happen.
        let ev = events(
            "President Luc Morel commented on reports about his alleged secret meeting with President Anil Kapoor.\n\n\
             On Tuesday Morel denied that he had met President Kapoor.",
        );
        assert_eq!(only(&ev, "meeting").status, Status::Denied, "{ev:#?}");
        // A plan for the day of publication, reported as done the same day: it occurred.
        let ev = events(
            "Aides said President Luc Morel would meet President Anil Kapoor today.\n\n\
             President Morel met President Kapoor on Wednesday afternoon at the palace.",
        );
        assert_eq!(only(&ev, "meeting").status, Status::Occurred, "{ev:#?}");
        // A meeting that will not go ahead is denied.
        let ev = events("A meeting between President Luc Morel and President Anil Kapoor that had been scheduled for next Monday will not go ahead.");
        assert_eq!(only(&ev, "meeting").status, Status::Denied, "{ev:#?}");
    }

    #[test]
    fn meeting_the_host_in_the_city_visited_is_the_visit() {
        let ev = events(
            "Ghanaian President Kofi Mensah arrived in Oslo on Tuesday.\n\n\
             Mensah met Norwegian Prime Minister Ola Berg on Tuesday to discuss trade.",
        );
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
        assert_eq!(people(only(&ev, "visit")), vec!["Kofi Mensah", "Ola Berg"]);
    }

    #[test]
    fn who_welcomes_or_receives_a_visitor_hosts_the_visit_of_that_trip() {
        let ev = events(
            "President Kofi Mensah arrived in Oslo on Tuesday for a state visit.\n\n\
             Prime Minister Ola Berg welcomed President Mensah at the airport.",
        );
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Kofi Mensah", "Ola Berg"]);
        assert_eq!(
            visit.first_person().map(|p| p.name.as_str()),
            Some("Kofi Mensah")
        );
        assert!(
            visit
                .participants
                .iter()
                .any(|p| p.name == "Ola Berg" && p.role == Role::Host),
            "{visit:#?}"
        );
        let ev = events(
            "President Kofi Mensah was received by Prime Minister Ola Berg in Oslo on Tuesday.",
        );
        let visit = only(&ev, "visit");
        assert!(
            visit
                .participants
                .iter()
                .any(|p| p.name == "Ola Berg" && p.role == Role::Host),
            "{visit:#?}"
        );
        assert!(
            visit
                .participants
                .iter()
                .any(|p| p.name == "Kofi Mensah" && p.role == Role::Participant),
            "{visit:#?}"
        );
    }

    #[test]
    fn touring_a_country_is_a_visit() {
        let ev = events("Irish Prime Minister Sean Byrne toured Norway on Monday.");
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Sean Byrne"]);
        assert_eq!(date(visit), Some("2024-05-13"));
    }

    #[test]
    fn two_visits_of_one_sentence_keep_their_own_visitors_and_a_visit_to_someone_is_hosted() {
        let ev = events(
            "President Kofi Mensah on Sunday held talks with Ugandan President Grace Akello at State House in Entebbe.\n\n\
             His visit comes a week after former President Ola Berg made a courtesy visit to Akello.",
        );
        let visits: Vec<Vec<&str>> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Visit)
            .map(people)
            .collect();
        assert!(
            visits.contains(&vec!["Grace Akello", "Ola Berg"]),
            "{ev:#?}"
        );
        assert!(
            visits.contains(&vec!["Grace Akello", "Kofi Mensah"]),
            "{ev:#?}"
        );
        assert!(
            ev.iter().all(|e| e.kind != EventKind::Meeting),
            "the talks were the visit: {ev:#?}"
        );
    }

    #[test]
    fn a_contact_named_as_a_point_in_time_or_a_habit_is_no_event() {
        let ev = events("President Luc Morel spoke to reporters ahead of his visit to Norway.");
        assert!(ev.iter().all(|e| e.kind != EventKind::Visit), "{ev:#?}");
        let ev = events("Ministers gathered in Lyon on Monday to prepare for the summit with President Anil Kapoor.");
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
        let ev = events(
            "President Luc Morel and President Anil Kapoor have met on four occasions since 2019.",
        );
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
        let ev = events("President Luc Morel and President Anil Kapoor speak by phone regularly.");
        assert!(ev.iter().all(|e| e.kind != EventKind::Call), "{ev:#?}");
        // One occasion still counts.
        let ev = events("President Luc Morel and President Anil Kapoor met in Lyon on Monday.");
        assert_eq!(only(&ev, "meeting").status, Status::Occurred);
    }

    #[test]
    fn the_first_leader_in_years_to_visit_made_the_visit() {
        let ev = events("Irish Prime Minister Sean Byrne arrived in Oslo on Monday, the first Irish leader to visit Norway.");
        assert_eq!(only(&ev, "visit").status, Status::Occurred, "{ev:#?}");
    }

    #[test]
    fn the_meeting_points_back_to_a_contact_of_people_not_to_a_summit_named_in_passing() {
        let ev = events(
            "President Luc Morel met President Anil Kapoor on Sunday in Lyon.\n\n\
             The Danish statesman is in Lyon to participate in the France-Denmark-Norway Tripartite Summit to seek lasting solutions.\n\n\
             The meeting was also attended by former President Ola Berg.",
        );
        let met: Vec<Vec<&str>> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Meeting)
            .map(people)
            .collect();
        assert!(
            met.iter()
                .any(|p| p.contains(&"Ola Berg") && p.contains(&"Luc Morel")),
            "{ev:#?}"
        );
    }

    #[test]
    fn a_conversation_with_someone_and_a_face_to_face_are_contacts() {
        let ev = events("President Luc Morel held a telephone conversation with President Anil Kapoor on Monday.\n\nLater, Morel had a conversation with Foreign Minister Ana Ruiz.");
        assert!(
            ev.iter()
                .any(|e| people(e) == vec!["Ana Ruiz", "Luc Morel"]),
            "{ev:#?}"
        );
        let ev = events("President Luc Morel and President Anil Kapoor held a face-to-face meeting in Lyon on Monday.");
        assert_eq!(
            people(only(&ev, "meeting")),
            vec!["Anil Kapoor", "Luc Morel"]
        );
    }

    #[test]
    fn us_in_capitals_inside_a_quote_is_the_country_not_the_speaker() {
        let ev = events(
            "“The US delegation met President Anil Kapoor on Monday,” President Ana Ruiz said.",
        );
        assert!(
            ev.iter()
                .all(|e| !e.participants.iter().any(|p| p.name == "Ana Ruiz")),
            "{ev:#?}"
        );
    }

    #[test]
    fn a_title_case_headline_names_known_people_and_its_attribution_is_no_party() {
        let text = " date 2024-05-15 Face-to-Face Talks Between Morel, Kapoor In Lyon Lasted Over 2 Hours - Berg\n\n\
                    President Luc Morel and President Anil Kapoor talked face-to-face for two hours in Lyon on Monday, presidential aide Ola Berg said.\n";
        let article = parse_text(text.as_bytes(), Limits::default()).expect("article");
        let ev = Extractor::default().extract(&article).events;
        let met: Vec<Vec<&str>> = ev
            .iter()
            .filter(|e| e.kind == EventKind::Meeting)
            .map(people)
            .collect();
        assert_eq!(met, vec![vec!["Anil Kapoor", "Luc Morel"]], "{ev:#?}");
        // The headline is a mention of that meeting.
        assert!(
            ev[0]
                .evidence
                .iter()
                .any(|e| e.text.starts_with("Face-to-Face Talks")),
            "{ev:#?}"
        );
    }

    #[test]
    fn the_one_person_of_the_country_visited_met_on_the_visit_hosts_it() {
        let ev = events("President Kofi Mensah met Norwegian Prime Minister Ola Berg during his visit to Norway on Monday.");
        let visit = only(&ev, "visit");
        assert_eq!(people(visit), vec!["Kofi Mensah", "Ola Berg"]);
        assert!(ev.iter().all(|e| e.kind != EventKind::Meeting), "{ev:#?}");
    }

    #[test]
    fn an_undated_contact_of_a_trip_still_going_on_is_dated_by_the_month() {
        let ev = events("Minister Arjun Rao, who is currently on a visit to Norway, met Foreign Minister Eva Lind and other delegates.");
        let meeting = only(&ev, "meeting");
        let dated = meeting.date.as_ref().expect("dated");
        assert_eq!(
            (dated.value.as_str(), dated.precision),
            ("2024-05", crate::extract::Precision::Month)
        );
        // Without the trip, the day of publication.
        let ev = events("Minister Arjun Rao met Foreign Minister Eva Lind and other delegates.");
        assert_eq!(date(only(&ev, "meeting")), Some("2024-05-15"));
    }

    #[test]
    fn a_visit_the_news_comes_weeks_after_is_dated_by_its_month() {
        let ev = events("President Kofi Mensah arrived in Oslo on Monday.\n\nHis visit comes three weeks after former President Ola Berg made a courtesy visit to Norway.");
        let visit = ev
            .iter()
            .find(|e| e.kind == EventKind::Visit && people(e) == vec!["Ola Berg"])
            .expect("Berg's visit");
        let dated = visit.date.as_ref().expect("dated");
        assert_eq!(
            (dated.value.as_str(), dated.precision),
            ("2024-04", crate::extract::Precision::Month)
        );
        // A fronted "two days after the vote" puts the event after it, not before: no shift.
        let ev = events("Two days after the vote, President Luc Morel met President Anil Kapoor.");
        assert_eq!(date(only(&ev, "meeting")), Some("2024-05-15"));
    }
}
