//! Events: triggers from the lexicon, participants from the structure of the sentence around
//! them, then date, place, status and confidence; mentions of one interaction merge.

use serde::Serialize;

use super::doc::Doc;
use super::entities::{EntityKind, EntityLayer, Mention, MentionForm};
use super::kind::EventKind;
use super::lexicon::{Cue, Lexicon, Trigger, TriggerGuard, WordClass};
use super::text::{starts_upper, BlockKind, Sentence, Token};
use super::time::{Precision, TimeEngine, TimeMention, TimexValue};
use crate::article::Published;

mod date;
mod discourse;
mod frame;
mod merge;
mod model;
mod place;
mod roles;
mod status;
mod triggers;

use date::*;
use discourse::*;
use frame::*;
use merge::*;
pub use model::*;
use place::*;
use roles::*;
use status::*;
use triggers::*;

pub struct Context<'a> {
    /// The article's sentences and their tokens.
    pub doc: &'a Doc<'a>,
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
        let tokens = cx.doc.tokens(s);
        let mut found_at: Vec<Vec<Event>> = Vec::new();
        let mut last_visit_end = None;
        for hit in cx.lexicon.triggers.find(cx.text, s.start, s.end) {
            let trigger = &cx.lexicon.trigger_info[hit.pattern];
            if !guard_holds(cx, trigger.guard, hit.start, hit.end, s) {
                continue;
            }
            let mut found = events_at(cx, s, tokens, hit.start, hit.end, trigger);
            if trigger.kind == EventKind::Visit {
                if let Some(floor) = last_visit_end {
                    for event in &mut found {
                        keep_own_visitors(cx, event, floor, hit.start, s.end);
                    }
                }
                last_visit_end = Some(hit.end);
            }
            found_at.push(found);
        }
        // "When X called Y, Z joined the call": Z is one more party of the call just named.
        let joining = cx
            .lexicon
            .has_cue(Cue::Joining, &cx.text[s.start..s.end].to_lowercase());
        let mut in_sentence: Vec<Event> = Vec::new();
        for event in without_occasions_of_separate_contacts(found_at) {
            let joined = (joining && event.anaphoric)
                .then(|| in_sentence.iter_mut().rev().find(|e| e.kind == event.kind))
                .flatten();
            match joined {
                Some(existing) => absorb(existing, event),
                None => merge_into(&mut in_sentence, event),
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
            // "Others at the meeting included ...": the room of the earlier contact.
            let listing = cx.lexicon.has_cue(Cue::Attendance, &sentence);
            // "X received Y at the palace. The meeting was attended by A and B": with no
            // meeting before it, "the meeting" is the latest visit's, between its visitor and
            // host; the list is the room.
            let visit_room = (listing && event.anaphoric && event.kind == EventKind::Meeting)
                .then(|| visit_contact(&events))
                .flatten();
            let earlier = recent(&mut events).iter_mut().rev().find(|e| {
                e.kind == event.kind
                    && e.status == event.status
                    && (!event.anaphoric || e.people().next().is_some() || e.has_own_date())
                    && (event.anaphoric || same_trip(e, &event))
                    && ((joining && event.anaphoric)
                        || ((listing || !other_pair(e, &event)) && !other_call(e, &event)))
            });
            // Without a person in the earlier contact, the list names its parties ("The summit
            // was attended by A, B, C and D").
            let room = earlier.as_ref().is_some_and(|e| {
                e.people().next().is_some() && attendance_list(cx, &event, e, &sentence)
            });
            if room {
                // "Others at the meeting included A; B; C ...": the delegations and aides in
                // the room, not parties to the contact. The sentence is evidence only.
                event.participants.retain(|p| p.kind != EntityKind::Person);
            }
            // "X held bilateral talks with several leaders. A, B and C were part of the
            // separate talks": X met each of them, one contact each.
            let separate = event.anaphoric && separate_modifier_in(cx, s);
            let mut more = Vec::new();
            if earlier.is_none() {
                if let Some((people, date)) = visit_room {
                    event.participants = people;
                    if !event.has_own_date() {
                        event.date = date;
                    }
                }
            }
            match earlier {
                Some(existing) if separate => more = split_back(existing, event),
                Some(existing) => absorb(existing, event),
                None => merge_into(&mut events, event),
            }
            events.extend(more);
        }
    }
    let events = reconcile_statuses(cx, settle_neutral(cx, events));
    let mut events = host_meetings_join_visits(cx, events);
    events.retain(keep);
    // In reading order: the passes above regroup events by kind.
    events.sort_by_key(|e| e.evidence.first().map(|ev| ev.start));
    events
}
