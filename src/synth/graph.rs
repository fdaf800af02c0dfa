//! A synthetic event graph for benchmarks: people of many countries meeting, calling and
//! visiting each other over ten years, some far more active than others.

use chrono::{Days, NaiveDate};

use crate::store::{EntityRow, EventRow, GraphRows, ParticipationRow};

const KINDS: &[&str] = &[
    "meeting",
    "meeting",
    "call",
    "call",
    "visit",
    "statement",
    "agreement",
];
const COUNTRIES: usize = 200;

/// `events` events among `entities` entities (of which 200 are countries), reproducibly.
pub fn rows(events: usize, entities: usize, seed: u64) -> GraphRows {
    let mut rng = fastrand::Rng::with_seed(seed);
    let people = entities.saturating_sub(COUNTRIES).max(2);
    let code = |i: usize| {
        format!(
            "{}{}",
            (b'A' + (i / 26) as u8) as char,
            (b'A' + (i % 26) as u8) as char
        )
    };
    let mut entity_rows: Vec<EntityRow> = (0..COUNTRIES)
        .map(|i| EntityRow {
            id: i as i64 + 1,
            kind: "country".into(),
            name: format!("Country {}", code(i)),
            country: Some(code(i)),
        })
        .collect();
    entity_rows.extend((0..people).map(|i| EntityRow {
        id: (COUNTRIES + i) as i64 + 1,
        kind: "person".into(),
        name: format!("Person {i}"),
        country: Some(code(i % COUNTRIES)),
    }));
    let base = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap_or_default();
    let mut event_rows = Vec::with_capacity(events);
    let mut participations = Vec::with_capacity(events * 2 + events / 4);
    // Squaring a uniform draw makes low ids (the "leaders") far more active.
    let person = |rng: &mut fastrand::Rng| {
        let x = rng.f64();
        (COUNTRIES + ((x * x) * people as f64) as usize) as i64 + 1
    };
    for i in 0..events {
        let id = i as i64 + 1;
        let day = base
            .checked_add_days(Days::new(rng.u64(..3650)))
            .unwrap_or(base)
            .to_string();
        let kind = KINDS[rng.usize(..KINDS.len())];
        let status = if rng.u8(..10) == 0 {
            "planned"
        } else {
            "occurred"
        };
        event_rows.push(EventRow {
            id,
            kind: kind.into(),
            status: status.into(),
            date_value: Some(day.clone()),
            date_start: Some(day.clone()),
            date_end: Some(day),
            sources: vec![format!("https://news.example/{}", i / 4)],
        });
        let a = person(&mut rng);
        let mut b = person(&mut rng);
        if b == a {
            b = if a > COUNTRIES as i64 + 1 {
                a - 1
            } else {
                a + 1
            };
        }
        participations.push(ParticipationRow {
            event_id: id,
            entity_id: a,
            role: "participant".into(),
        });
        participations.push(ParticipationRow {
            event_id: id,
            entity_id: b,
            role: "participant".into(),
        });
        if rng.u8(..4) == 0 {
            let c = person(&mut rng);
            if c != a && c != b {
                participations.push(ParticipationRow {
                    event_id: id,
                    entity_id: c,
                    role: "participant".into(),
                });
            }
        }
    }
    GraphRows {
        entities: entity_rows,
        events: event_rows,
        participations,
    }
}
