//! GET /metrics: counters and latencies in the Prometheus (OpenMetrics) text format.
//!
//! Requests are labelled by route pattern ("/v1/events/{id}"), never by raw path, so that the
//! number of series stays bounded whatever clients send.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

use super::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    articles_created: Counter,
    articles_known: Counter,
    events_stored: Counter,
    graph_entities: Gauge,
    graph_events: Gauge,
    graph_queries_running: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("eventgraph");
        let requests = Family::<RequestLabels, Counter>::default();
        // 0.1 ms to about 1.6 s.
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0001, 2.0, 15))
        });
        let (articles_created, articles_known, events_stored) =
            (Counter::default(), Counter::default(), Counter::default());
        let (graph_entities, graph_events) = (Gauge::default(), Gauge::default());
        let graph_queries_running = Gauge::default();
        registry.register("http_requests", "HTTP requests answered", requests.clone());
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request",
            latency.clone(),
        );
        registry.register(
            "articles_created",
            "Articles stored through POST /v1/articles",
            articles_created.clone(),
        );
        registry.register(
            "articles_known",
            "Articles posted again and found already stored",
            articles_known.clone(),
        );
        registry.register(
            "events_stored",
            "Events created or merged by articles posted",
            events_stored.clone(),
        );
        registry.register(
            "graph_entities",
            "Entities in the in-memory graph",
            graph_entities.clone(),
        );
        registry.register(
            "graph_events",
            "Events in the in-memory graph",
            graph_events.clone(),
        );
        registry.register(
            "graph_queries_running",
            "Graph queries computing on blocking threads (a timed-out one stops at its next check)",
            graph_queries_running.clone(),
        );
        Self {
            registry,
            graph_queries_running,
            requests,
            latency,
            articles_created,
            articles_known,
            events_stored,
            graph_entities,
            graph_events,
        }
    }
}

impl Metrics {
    /// Counts one ingested article and its events.
    pub fn ingested(&self, created: bool, events: usize) {
        if created {
            self.articles_created.inc();
            self.events_stored.inc_by(events as u64);
        } else {
            self.articles_known.inc();
        }
    }
}

impl Metrics {
    /// Counts a graph query as running until the guard is dropped.
    pub fn query_running(&self) -> RunningQuery {
        self.graph_queries_running.inc();
        RunningQuery(self.graph_queries_running.clone())
    }
}

pub struct RunningQuery(Gauge);

impl Drop for RunningQuery {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Times and counts every request.
pub async fn track(State(metrics): State<Arc<Metrics>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    metrics
        .latency
        .get_or_create(&RouteLabels {
            route: route.clone(),
        })
        .observe(started.elapsed().as_secs_f64());
    metrics
        .requests
        .get_or_create(&RequestLabels {
            method,
            route,
            status: response.status().as_u16(),
        })
        .inc();
    response
}

/// The service's metrics for Prometheus, in the OpenMetrics text format.
#[utoipa::path(
    get,
    path = "/metrics",
    tag = "service",
    responses(
        (status = 200, description = "The metrics", content_type = "application/openmetrics-text", body = String),
    ),
)]
pub async fn metrics(State(state): State<AppState>) -> Response {
    let (entities, events) = state.graph.read(|g| (g.entity_count(), g.event_count()));
    state.metrics.graph_entities.set(entities as i64);
    state.metrics.graph_events.set(events as i64);
    let mut body = String::new();
    if let Err(e) = prometheus_client::encoding::text::encode(&mut body, &state.metrics.registry) {
        return super::AppError::Internal(anyhow::anyhow!("encoding metrics: {e}")).into_response();
    }
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        body,
    )
        .into_response()
}
