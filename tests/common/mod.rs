//! Shared test helpers: an app over a fresh store (in-memory SQLite, or a schema of its own
//! on the PostgreSQL test server), requests through the router in process, and the fixture
//! articles written for these tests.
#![allow(dead_code)]

pub mod engines;

pub use engines::Engine;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use eventgraph::api::{self, Config};
use eventgraph::store::Store;
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

pub struct TestApp {
    pub store: Store,
    pub router: Router,
}

/// Runs each named test body (`async fn name(engine: Engine)`) as two tests, `name::sqlite`
/// and `name::postgres`; the second is skipped (or fails under CI) without a server.
#[macro_export]
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {
        $(
            mod $test {
                #[tokio::test]
                async fn sqlite() {
                    super::$test($crate::common::Engine::Sqlite).await
                }

                #[tokio::test]
                async fn postgres() {
                    if $crate::common::Engine::Postgres.available() {
                        super::$test($crate::common::Engine::Postgres).await
                    }
                }
            }
        )*
    };
}

/// A fresh, empty store on the engine.
pub async fn store_on(engine: Engine) -> Store {
    match engine {
        Engine::Sqlite => Store::open_in_memory().await.expect("in-memory store"),
        Engine::Postgres => {
            let url = engines::fresh_postgres_schema().await;
            Store::open_postgres(&url)
                .await
                .unwrap_or_else(|e| panic!("PostgreSQL store: {e}"))
        }
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::on(Engine::Sqlite).await
    }

    /// An app over a fresh store on the engine.
    pub async fn on(engine: Engine) -> Self {
        Self::with_config_on(engine, Config::default()).await
    }

    /// An app over the bundled samples, each stored with 201.
    pub async fn with_samples() -> Self {
        Self::with_samples_on(Engine::Sqlite).await
    }

    pub async fn with_samples_on(engine: Engine) -> Self {
        let app = Self::on(engine).await;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
            .expect("samples/")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        files.sort();
        assert!(files.len() >= 10, "samples: {files:?}");
        for path in files {
            let text = std::fs::read_to_string(&path).expect("sample");
            let (status, body) = app.post_text(&text).await;
            assert_eq!(status, 201, "{}: {body}", path.display());
        }
        app
    }

    pub async fn with_config(config: Config) -> Self {
        Self::with_config_on(Engine::Sqlite, config).await
    }

    pub async fn with_config_on(engine: Engine, config: Config) -> Self {
        Self::over(store_on(engine).await, config).await
    }

    /// An app over a given store: several over one store are replicas of a service.
    pub async fn over(store: Store, config: Config) -> Self {
        let router = api::app(store.clone(), config).await.expect("app");
        Self { store, router }
    }

    pub async fn request(&self, request: Request<Body>) -> (StatusCode, Option<String>, Value) {
        let response = self
            .router
            .clone()
            .oneshot(request)
            .await
            .expect("router answers");
        let status = response.status();
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("body")
            .to_bytes();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, content_type, value)
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, Value) {
        let (status, _, body) = self
            .request(Request::get(uri).body(Body::empty()).expect("request"))
            .await;
        (status, body)
    }

    pub async fn post(
        &self,
        content_type: &str,
        body: impl Into<Body>,
    ) -> (StatusCode, Option<String>, Value) {
        let request = Request::post("/v1/articles")
            .header(header::CONTENT_TYPE, content_type)
            .body(body.into())
            .expect("request");
        self.request(request).await
    }

    pub async fn post_text(&self, text: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.post("text/plain", text.to_string()).await;
        (status, body)
    }
}

/// Participant names of an event JSON, sorted.
pub fn names(event: &Value) -> Vec<String> {
    let mut names: Vec<String> = event["participants"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["kind"] == "person")
        .filter_map(|p| p["name"].as_str().map(str::to_string))
        .collect();
    names.sort();
    names
}

/// The events of a kind in a list of event JSON objects.
pub fn of_kind<'a>(events: &'a Value, kind: &str) -> Vec<&'a Value> {
    events
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == kind)
        .collect()
}

/// Names that several entities answer to: Jordan the country and Jordan the river (a
/// location), and the surname Silva of Ana Silva (Brazil) and Joao Silva (Portugal); each
/// Silva is in touch with Rui Costa. Ids: Jordan 1 and 2, the Silvas 3 and 4, Costa 5.
pub fn namesakes() -> eventgraph::store::GraphRows {
    use eventgraph::store::{EntityRow, EventRow, GraphRows, ParticipationRow};
    let entity = |id: i64, kind: &str, name: &str, country: &str| EntityRow {
        id,
        kind: kind.into(),
        name: name.into(),
        country: Some(country.into()),
    };
    let event = |id: i64, kind: &str, date: &str| EventRow {
        id,
        kind: kind.into(),
        status: "occurred".into(),
        date_value: Some(date.into()),
        date_start: Some(date.into()),
        date_end: Some(date.into()),
        sources: vec![format!("https://news.example/{id}")],
    };
    let took_part = |event_id: i64, entity_id: i64| ParticipationRow {
        event_id,
        entity_id,
        role: "participant".into(),
    };
    GraphRows {
        entities: vec![
            entity(1, "country", "Jordan", "JO"),
            entity(2, "location", "Jordan", "JO"),
            entity(3, "person", "Ana Silva", "BR"),
            entity(4, "person", "Joao Silva", "PT"),
            entity(5, "person", "Rui Costa", "BR"),
        ],
        events: vec![
            event(10, "call", "2024-01-05"),
            event(11, "meeting", "2024-02-01"),
            event(12, "visit", "2024-03-01"),
        ],
        participations: vec![
            took_part(10, 3),
            took_part(10, 5),
            took_part(11, 4),
            took_part(11, 5),
            took_part(12, 5),
            took_part(12, 2),
        ],
    }
}
