//! Replicas of the service over one store: what one stores or deletes, or `eventgraph ingest`
//! stores from another process, the other's graph shows within two seconds.

mod common;

use std::time::{Duration, Instant};

use common::{fixture, Engine, TestApp};
use eventgraph::api::Config;
use eventgraph::store::Store;

/// The bound the README promises.
const WITHIN: Duration = Duration::from_secs(2);

/// One store location on the engine, opened twice as two replicas would.
async fn two_replicas(engine: Engine, dir: &std::path::Path) -> (TestApp, TestApp, String) {
    let location = match engine {
        Engine::Sqlite => dir.join("shared.db").to_string_lossy().into_owned(),
        Engine::Postgres => common::engines::fresh_postgres_schema().await,
    };
    let open = || async {
        let parsed: eventgraph::store::Location = location.parse().expect("location");
        Store::open_location(&parsed).await.expect("open")
    };
    let a = TestApp::over(open().await, Config::default()).await;
    let b = TestApp::over(open().await, Config::default()).await;
    (a, b, location)
}

/// The names of the people in the app's graph (its node-link export, which only the graph
/// answers: the lists and the name look-ups read the store).
async fn people_in_graph(app: &TestApp) -> Vec<String> {
    let (status, body) = app.get("/v1/export?format=node-link").await;
    assert_eq!(status, 200, "{body}");
    let mut names: Vec<String> = body["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| n["label"].as_str().or(n["name"].as_str()))
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

/// Waits until the app's graph has `name` in it (or, with `present` false, not); returns
/// how long that took.
async fn graph_shows(app: &TestApp, name: &str, present: bool) -> Duration {
    let started = Instant::now();
    loop {
        let people = people_in_graph(app).await;
        if people.iter().any(|p| p == name) == present {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < WITHIN,
            "after {WITHIN:?} the graph still {} {name}: {people:?}",
            if present { "lacks" } else { "has" }
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn a_replica_sees_what_others_write(engine: Engine) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (a, b, location) = two_replicas(engine, dir.path()).await;
    assert!(people_in_graph(&b).await.is_empty(), "nobody is stored yet");

    // Replica A stores an article; B's graph learns of it.
    let (status, body) = a.post_text(&fixture("call-and-meeting.txt")).await;
    assert_eq!(status, 201, "{body}");
    let article = body["article_id"].as_i64().expect("article id");
    let seen = graph_shows(&b, "Ingrid Solberg", true).await;
    let (_, body) = b.get("/v1/graph/contacts?entity=Rui%20Costa").await;
    assert!(
        body["contacts"]
            .as_array()
            .is_some_and(|c| c.iter().any(|c| c["entity"]["name"] == "Ingrid Solberg")),
        "{body}"
    );

    // Another process stores one; both replicas learn of it.
    let before = people_in_graph(&a).await;
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_eventgraph"))
        .args([
            "ingest",
            &format!("{}/tests/fixtures/article.json", env!("CARGO_MANIFEST_DIR")),
        ])
        .env("EVENTGRAPH_DB", &location)
        .env("EVENTGRAPH_LOG", "warn")
        .output()
        .expect("run eventgraph ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (_, events) = a.get("/v1/events?limit=500").await;
    let visitor = events["events"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| e["participants"].as_array().cloned().unwrap_or_default())
        .filter(|p| p["kind"] == "person")
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .find(|name| !before.contains(name))
        .expect("the JSON article names a person the first did not");
    let seen_cli_a = graph_shows(&a, &visitor, true).await;
    let seen_cli_b = graph_shows(&b, &visitor, true).await;

    // A deletes the first article; B's graph forgets its people.
    let request = axum::http::Request::delete(format!("/v1/articles/{article}"))
        .body(axum::body::Body::empty())
        .expect("request");
    let (status, _, body) = a.request(request).await;
    assert_eq!(status, 200, "{body}");
    let forgotten = graph_shows(&b, "Ingrid Solberg", false).await;
    assert!(people_in_graph(&b).await.contains(&visitor));
    eprintln!(
        "{engine:?}: the other replica saw an ingest after {seen:?}, another process's ingest after {seen_cli_a:?} and {seen_cli_b:?}, a delete after {forgotten:?}"
    );
}

on_both_engines!(a_replica_sees_what_others_write);
