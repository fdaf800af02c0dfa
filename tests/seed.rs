//! The seed article gives the call on its publication day, the caption's meeting a week
//! before, and the leak; and the same sentences with other names and dates give the same
//! events, so no rule depends on who the seed is about.

mod common;

use common::{names, of_kind, TestApp};
use eventgraph::article::{parse_text, Limits};
use eventgraph::extract::Extractor;
use serde_json::Value;

const SEED: &str = "seed-blinken-kuleba-2023-04-11.txt";

/// The seed from the shared corpus, when it is there (it is third-party text, not bundled).
fn seed() -> Option<String> {
    let path = format!("{}/../shared/corpus/dev/{SEED}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            eprintln!("skipping: {path} is not present");
            None
        }
    }
}

fn extract(text: &str) -> Value {
    let article = parse_text(text.as_bytes(), Limits::default()).expect("article parses");
    serde_json::to_value(Extractor::default().extract(&article)).expect("serialises")
}

fn date(event: &Value) -> Option<&str> {
    event["date"]["value"].as_str()
}

/// Checks the three events a careful reader finds, with the given people and dates.
fn assert_seed_events(
    events: &Value,
    a: &str,
    b: &str,
    call_date: &str,
    meeting_date: &str,
    leak_owner: &str,
) {
    let mut pair = vec![a.to_string(), b.to_string()];
    pair.sort();
    let calls = of_kind(events, "call");
    assert_eq!(calls.len(), 1, "one call: {events:#}");
    assert_eq!(
        (names(calls[0]), date(calls[0])),
        (pair.clone(), Some(call_date))
    );
    assert_eq!(calls[0]["status"], "occurred");
    let meetings = of_kind(events, "meeting");
    assert_eq!(meetings.len(), 1, "one meeting: {events:#}");
    assert_eq!(
        (names(meetings[0]), date(meetings[0])),
        (pair, Some(meeting_date))
    );
    let leaks = of_kind(events, "leak");
    assert_eq!(leaks.len(), 1, "one leak: {events:#}");
    assert!(names(leaks[0]).is_empty());
    assert!(leaks[0]["participants"]
        .as_array()
        .expect("participants")
        .iter()
        .any(|p| p["country"] == leak_owner && p["role"] == "owner"));
    assert!(
        calls[0]["evidence"].as_array().expect("evidence").len() >= 2,
        "every mention of the call is evidence"
    );
}

#[test]
fn seed_article_gives_call_meeting_and_leak() {
    let Some(text) = seed() else { return };
    let out = extract(&text);
    assert_seed_events(
        &out["events"],
        "Antony Blinken",
        "Dmytro Kuleba",
        "2023-04-11",
        "2023-04-04",
        "US",
    );
    let blinken = out["entities"]
        .as_array()
        .expect("entities")
        .iter()
        .find(|e| e["name"] == "Antony Blinken")
        .expect("Blinken");
    assert_eq!(
        (blinken["title"].as_str(), blinken["country"].as_str()),
        (Some("Secretary of State"), Some("US"))
    );
    for alias in ["Blinken", "Mr Blinken", "@SecBlinken"] {
        assert!(
            blinken["aliases"]
                .as_array()
                .expect("aliases")
                .iter()
                .any(|a| a == alias),
            "{alias}: {blinken}"
        );
    }
}

/// The seed with its people, handle and dates replaced throughout.
fn renamed(text: &str) -> String {
    [
        ("Antony Blinken", "Marta Lindqvist"),
        ("SecBlinken", "SecLindqvist"),
        ("Blinken", "Lindqvist"),
        ("Dmytro Kuleba", "Tomas Ferreira"),
        ("Kuleba", "Ferreira"),
        ("date 2023-04-11", "date 2024-10-15"),
        ("April 4", "October 8"),
        ("Apr 11, 2023", "Oct 15, 2024"),
        ("April 11, 2023", "October 15, 2024"),
    ]
    .iter()
    .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

#[test]
fn same_sentences_with_other_names_and_dates_give_the_same_events() {
    let Some(text) = seed() else { return };
    let out = extract(&renamed(&text));
    assert_seed_events(
        &out["events"],
        "Marta Lindqvist",
        "Tomas Ferreira",
        "2024-10-15",
        "2024-10-08",
        "US",
    );
}

#[tokio::test]
async fn seed_events_are_served_over_http() {
    let Some(text) = seed() else { return };
    let app = TestApp::new().await;
    let (status, body) = app.post_text(&text).await;
    assert_eq!(status, 201, "{body}");
    let (_, page) = app.get("/v1/events?limit=500").await;
    assert_seed_events(
        &page["events"],
        "Antony Blinken",
        "Dmytro Kuleba",
        "2023-04-11",
        "2023-04-04",
        "US",
    );
}

/// Our own article built on the same patterns (caption meeting, call reported by the other
/// side, a tweet with a handle, a leak) gives the same three events.
#[test]
fn own_article_on_the_seed_patterns() {
    let out = extract(&common::fixture("call-and-meeting.txt"));
    assert_seed_events(
        &out["events"],
        "Rui Costa",
        "Ingrid Solberg",
        "2024-05-15",
        "2024-05-08",
        "BR",
    );
}
