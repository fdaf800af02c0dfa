//! Where an event happened.

use super::*;

/// The country of a place named in the article ("Lisbon": PT).
pub(super) fn place_country(cx: &Context, place: &str) -> Option<String> {
    cx.layer
        .entities
        .iter()
        .find(|e| e.name == place && e.kind != EntityKind::Person)
        .and_then(|e| e.country.clone())
}

/// Where the event took place: a place or country after "in"/"at" near the trigger; for a
/// visit, the destination right after the trigger ("visited Kenya", "arrived in Hanoi").
pub(super) fn place(
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
                && (m.form != MentionForm::Adjective || names_a_city(cx, m))
                && !m.qualifier
        })
        .filter(|m| {
            at_place(cx, scope.start.min(m.start), m.start)
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
    // The place as written: "Nairobi" rather than the country it stands for; "the Chilean
    // capital" is in Chile.
    if located.form == MentionForm::Adjective {
        return Some(cx.layer.entities[located.entity].name.clone());
    }
    Some(located.text.clone())
}

/// "the Rwandan capital", "the Chilean port city": a country's adjective before a word for a
/// city names a place in that country.
fn names_a_city(cx: &Context, m: &Mention) -> bool {
    cx.lexicon
        .is(WordClass::CityNoun, &cx.doc.word_after(m.end))
}

/// The words before a place put an event there: "in", "at", "to", maybe with a determiner
/// and one modifier between ("to the occupied West Bank", "in the northern city of").
fn at_place(cx: &Context, from: usize, place: usize) -> bool {
    // A place glued to the word before ("the Angola-Rwanda summit") is part of a name.
    if cx.text[..place].ends_with(|c: char| c.is_alphanumeric() || matches!(c, '-' | '‐')) {
        return false;
    }
    let tokens = cx.doc.words_in(from, place);
    let nearest: Vec<&Token> = tokens.iter().rev().take(3).collect();
    let words: Vec<String> = nearest
        .iter()
        .map(|t| t.text(cx.text).to_lowercase())
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
    // A modifier as written in lower case ("the occupied West Bank"), not a preposition.
    let lower = |i: usize| {
        nearest.get(i).is_some_and(|t| {
            let word = t.text(cx.text);
            !word.chars().any(char::is_uppercase)
                && !cx.lexicon.is(WordClass::EventPlacePreposition, &words[i])
        })
    };
    preposition(0)
        || (determiner(0) && preposition(1))
        || (lower(0) && determiner(1) && preposition(2))
}
