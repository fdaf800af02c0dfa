//! Events: triggers from the lexicon, participants from the structure of the sentence around
//! them, then date, place, status and confidence; mentions of one interaction merge.

use serde::Serialize;

use super::entities::{EntityKind, EntityLayer, Mention, MentionForm};
use super::kind::EventKind;
use super::lexicon::{Cue, Lexicon, Trigger, TriggerGuard, WordClass};
use super::text::{self, starts_upper, BlockKind, Sentence, Token};
use super::time::{Precision, TimeEngine, TimeMention};
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
