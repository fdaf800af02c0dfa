//! No graph query stalls the service: an article posted while the costliest query allowed runs
//! on a large generated store is stored and in the graph within a second, and a query that
//! outlives the request timeout is answered 408 in problem+json.

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request};
use axum::Router;
use eventgraph::api::{self, Config};
use eventgraph::graph::SharedGraph;
use eventgraph::store::Store;
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Large enough that the costliest query runs for seconds, and that copying the graph (which
/// an update does while a query holds it) is measured too.
const EVENTS: usize = 100_000;

/// Every kind and status: the largest people projection of the store.
const COSTLIEST: &str = "/v1/graph/centrality?metric=betweenness&kind=call,meeting,visit,statement,agreement&status=any";

async fn post(router: &Router, fixture: &str) -> u16 {
    let request = Request::post("/v1/articles")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(common::fixture(fixture)))
        .expect("request");
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("router answers");
    response.status().as_u16()
}

async fn get(router: &Router, uri: &str) -> (u16, String, String) {
    let response = router
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).expect("request"))
        .await
        .expect("router answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    (status, content_type, String::from_utf8_lossy(&body).into())
}

async fn queries_running(router: &Router) -> i64 {
    let (_, _, body) = get(router, "/metrics").await;
    body.lines()
        .find_map(|l| l.strip_prefix("eventgraph_graph_queries_running "))
        .and_then(|v| v.trim().parse().ok())
        .expect("the gauge is exported")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_post_is_not_held_up_by_the_costliest_query() {
    let store = Store::open_in_memory().await.expect("store");
    store
        .bulk_load(&eventgraph::synth::graph::rows(EVENTS, 10_000, 7))
        .await
        .expect("bulk load");
    let graph = SharedGraph::load(&store).await.expect("graph");
    let router = api::router(store.clone(), graph.clone(), Config::default());
    // The extractor's one-time set-up (lexicons, patterns) is not what is measured.
    assert_eq!(post(&router, "same-call-other-outlet.txt").await, 201);

    let querying = router.clone();
    let query = tokio::spawn(async move { get(&querying, COSTLIEST).await });
    while queries_running(&router).await == 0 {
        assert!(
            !query.is_finished(),
            "the query ended before it was seen running"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    let started = Instant::now();
    let status = post(&router, "call-and-meeting.txt").await;
    let took = started.elapsed();
    eprintln!("POST /v1/articles during the query: {took:?}");
    assert_eq!(status, 201);
    assert!(took < Duration::from_secs(1), "the post took {took:?}");
    assert!(
        !query.is_finished() && queries_running(&router).await == 1,
        "the query must still be running for the measure to mean anything"
    );
    // The article's events are in the graph new queries see.
    let events = graph.read(|g| g.event_count());
    assert!(events > EVENTS + 1, "{events} events");
    query.abort();

    // A query that outlives the request's time limit is answered 408, with a reason.
    let hurried = api::router(
        store,
        graph,
        Config {
            request_timeout: Duration::from_millis(200),
            ..Config::default()
        },
    );
    let (status, content_type, body) = get(&hurried, COSTLIEST).await;
    assert_eq!(status, 408, "{body}");
    assert_eq!(content_type, "application/problem+json");
    assert!(body.contains("\"detail\""), "{body}");
}
