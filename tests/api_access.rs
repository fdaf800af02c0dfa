//! Access control: the write token, read-only mode, and CORS for browser visualisers.

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use common::{fixture, TestApp};
use eventgraph::api::Config;

fn ingest(token: Option<&str>) -> Request<Body> {
    let mut request = Request::post("/v1/articles").header(header::CONTENT_TYPE, "text/plain");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request
        .body(Body::from(fixture("same-call-other-outlet.txt")))
        .expect("request")
}

async fn event_count(app: &TestApp) -> usize {
    let (status, page) = app.get("/v1/events").await;
    assert_eq!(status, 200, "{page}");
    page["events"].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn writes_need_the_token_and_reads_do_not() {
    let app = TestApp::with_config(Config {
        token: Some("s3cret-token".into()),
        ..Config::default()
    })
    .await;
    for (token, reason) in [(None, "no token"), (Some("wrong-token"), "a wrong token")] {
        let (status, content_type, body) = app.request(ingest(token)).await;
        assert_eq!(status, 401, "{reason}: {body}");
        assert_eq!(content_type.as_deref(), Some("application/problem+json"));
        assert!(body["detail"]
            .as_str()
            .is_some_and(|d| d.contains("Bearer")));
    }
    assert_eq!(event_count(&app).await, 0, "nothing was stored");
    let (status, _, body) = app.request(ingest(Some("s3cret-token"))).await;
    assert_eq!(status, 201, "{body}");
    let (status, _) = app.get("/v1/events").await;
    assert_eq!(status, 200, "reads need no token");
    let id = body["article_id"].as_i64().expect("article id");
    let (status, _, refused) = app
        .request(
            Request::delete(format!("/v1/articles/{id}"))
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, 401, "deleting needs the token too: {refused}");
    assert!(event_count(&app).await >= 1);
}

#[tokio::test]
async fn read_only_mode_refuses_every_write() {
    let app = TestApp::with_config(Config {
        read_only: true,
        ..Config::default()
    })
    .await;
    let (status, _, body) = app.request(ingest(None)).await;
    assert_eq!(status, 403, "{body}");
    assert!(body["detail"]
        .as_str()
        .is_some_and(|d| d.contains("read-only")));
    let (status, _) = app.get("/healthz").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn cors_answers_only_the_configured_origins() {
    let app = TestApp::with_config(Config {
        cors_origins: vec!["https://viz.example".into()],
        ..Config::default()
    })
    .await;
    let preflight = |origin: &str| {
        Request::options("/v1/export?format=cytoscape")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .body(Body::empty())
            .expect("request")
    };
    let allowed = app.router.clone();
    let response = tower::ServiceExt::oneshot(allowed, preflight("https://viz.example"))
        .await
        .expect("response");
    assert_eq!(
        response
            .headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .and_then(|v| v.to_str().ok()),
        Some("https://viz.example")
    );
    let other =
        tower::ServiceExt::oneshot(app.router.clone(), preflight("https://elsewhere.example"))
            .await
            .expect("response");
    assert!(other
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn metrics_count_requests_and_ingests() {
    let app = TestApp::new().await;
    let (status, _, body) = app.request(ingest(None)).await;
    assert_eq!(status, 201, "{body}");
    app.get("/v1/events").await;
    app.get("/v1/events/999999").await;
    let (status, content_type, body) = app
        .request(
            Request::get("/metrics")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(status, 200);
    assert!(content_type.is_some_and(|t| t.starts_with("application/openmetrics-text")));
    let text = body.as_str().expect("text");
    for line in [
        "eventgraph_articles_created_total 1",
        r#"eventgraph_http_requests_total{method="GET",route="/v1/events/{id}",status="404"} 1"#,
        r#"eventgraph_http_requests_total{method="POST",route="/v1/articles",status="201"} 1"#,
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
    assert!(text.contains("eventgraph_http_request_duration_seconds_bucket"));
    let graph_events = text
        .lines()
        .find_map(|l| l.strip_prefix("eventgraph_graph_events "))
        .and_then(|v| v.parse::<u64>().ok());
    assert!(graph_events.is_some_and(|n| n >= 1), "{text}");
}
