//! The graph read back from the store: a full load and an update for a few events agree with
//! what was ingested (participants, countries, every source of a merged event).

mod common;

use common::{fixture, TestApp};
use eventgraph::graph::Graph;

#[tokio::test]
async fn full_load_and_event_update_read_the_same_event() {
    let app = TestApp::new().await;
    for name in ["call-and-meeting.txt", "same-call-other-outlet.txt"] {
        let (status, body) = app.post_text(&fixture(name)).await;
        assert_eq!(status, 201, "{name}: {body}");
    }
    let graph = Graph::load(&app.store).await.expect("graph");
    let call = graph
        .events()
        .find(|e| e.kind() == "call")
        .expect("the call is in the graph");
    assert_eq!(call.date(), Some("2024-05-15"));
    assert_eq!(call.start().as_deref(), Some("2024-05-15"));
    assert_eq!(call.sources().count(), 2, "one source per article");
    let mut parties: Vec<(String, Option<String>)> = call
        .participants()
        .filter(|(e, _)| e.kind == "person")
        .map(|(e, _)| (e.name.clone(), e.country.clone()))
        .collect();
    parties.sort();
    assert_eq!(
        parties,
        vec![
            ("Ingrid Solberg".to_string(), Some("NO".to_string())),
            ("Rui Costa".to_string(), Some("BR".to_string())),
        ]
    );
    assert!(graph.country_entity("BR").is_some(), "countries are loaded");

    // The rows of one event, as an ingest applies them, carry the same facts.
    let rows = app
        .store
        .graph_rows_for_events(&[call.id()])
        .await
        .expect("rows");
    assert_eq!(rows.events.len(), 1);
    assert_eq!(rows.events[0].sources.len(), 2);
    assert_eq!(
        rows.participations.len(),
        call.participants().count(),
        "{rows:?}"
    );
    assert!(
        rows.entities
            .iter()
            .any(|e| e.kind == "country" && e.country.as_deref() == Some("NO")),
        "the participants' countries come along: {rows:?}"
    );
    let updated = Graph::from_rows(rows);
    assert_eq!(
        updated.event(call.id()).map(|e| e.participants().count()),
        Some(call.participants().count())
    );
}
