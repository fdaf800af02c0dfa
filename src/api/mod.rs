//! The HTTP API: JSON over axum, errors as problem+json.

mod access;
mod articles;
mod entities;
mod error;
mod events;
mod export;
mod graph;
mod merges;
mod metrics;
mod openapi;
mod params;
mod problem;
mod timeline;
mod viewer;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::{Json, Router};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::{ApiResult, AppError};
pub use events::event_page;
pub use params::{window, FilterParams};
pub use timeline::{search_page, timeline_page, SearchParams, TimelineParams, TimelineReply};

use crate::article::Limits;
use crate::extract::Extractor;
use crate::graph::SharedGraph;
use crate::pipeline::GroupCommit;
use crate::store::{Store, StoreError};

/// Largest request body: an NDJSON batch may hold many articles.
pub const DEFAULT_MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub graph: SharedGraph,
    pub limits: Limits,
    pub metrics: std::sync::Arc<metrics::Metrics>,
    /// Posted articles are written through this, several to a transaction.
    pub writer: GroupCommit,
    pub max_export_bytes: u64,
    /// Graph queries stop at this deadline, as the request itself does.
    pub request_timeout: Duration,
}

/// Largest export document by default: the whole people projection of a million events is
/// about 420 MB of GEXF.
pub const DEFAULT_MAX_EXPORT_BYTES: u64 = 2 << 30;

/// How long one request may take before it is answered 408.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

#[derive(Clone, Debug)]
pub struct Config {
    pub limits: Limits,
    pub max_body_bytes: usize,
    /// Writes need this bearer token when set.
    pub token: Option<String>,
    /// No writes at all.
    pub read_only: bool,
    /// Origins browsers may call the API from ("*" for any); none by default.
    pub cors_origins: Vec<String>,
    pub request_timeout: Duration,
    /// Largest export document; a larger one is refused with 422 and a reason.
    pub max_export_bytes: u64,
    /// Reads posted articles.
    pub extractor: Extractor,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            token: None,
            read_only: false,
            cors_origins: Vec::new(),
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_export_bytes: DEFAULT_MAX_EXPORT_BYTES,
            extractor: Extractor::default(),
        }
    }
}

/// Cross-origin access for browser visualisers, from the configured origins only.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    use axum::http::{header, HeaderValue, Method};
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o.trim()).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST, Method::DELETE])
            .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION]),
    )
}

/// The service over a store: loads the graph, keeps it following the store (see
/// `graph::follow`), then routes.
pub async fn app(store: Store, config: Config) -> Result<Router, StoreError> {
    // Taken before the load: what is committed meanwhile comes through the log.
    let cursor = store.change_cursor().await?;
    let graph = SharedGraph::load(&store).await?;
    tokio::spawn(crate::graph::follow(
        store.clone(),
        graph.clone(),
        cursor,
        crate::graph::FOLLOW_EVERY,
    ));
    Ok(router(store, graph, config))
}

/// Must be called inside a tokio runtime: it starts the store's writer task.
pub fn router(store: Store, graph: SharedGraph, config: Config) -> Router {
    let state = AppState {
        writer: GroupCommit::start(store.clone(), config.extractor.clone()),
        store,
        graph,
        limits: config.limits,
        max_export_bytes: config.max_export_bytes,
        request_timeout: config.request_timeout,
        metrics: std::sync::Arc::default(),
    };
    let tracked = state.metrics.clone();
    let access = std::sync::Arc::new(access::Access {
        token: config.token.clone().filter(|t| !t.is_empty()),
        read_only: config.read_only,
    });
    let (routes, _) = routes().split_for_parts();
    let router = routes
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(access, access::guard))
        .route_layer(axum::middleware::from_fn_with_state(
            tracked,
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(config.max_body_bytes))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            config.request_timeout,
        ))
        .layer(axum::middleware::from_fn(problem::head_limits))
        // Outside every other layer, so that their refusals get a problem+json body too.
        .layer(axum::middleware::map_response(problem::as_problem))
        .layer(TraceLayer::new_for_http())
        .with_state(state);
    match cors(&config.cors_origins) {
        Some(layer) => router.layer(layer),
        None => router,
    }
}

/// Every route of the service with its description: the router and `/openapi.json` are both
/// made from this, so neither has a route the other lacks. Routes are added only as
/// `.routes(routes!(handler))` (tests/openapi.rs checks the sources for that).
fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health))
        .routes(routes!(metrics::metrics))
        .routes(routes!(openapi::document))
        .merge(articles::router())
        .merge(events::router())
        .merge(entities::router())
        .merge(merges::router())
        .merge(graph::router())
        .merge(timeline::router())
        .merge(export::router())
        .merge(viewer::router())
}

/// The OpenAPI 3.1 document of every route, as `GET /openapi.json` serves it.
pub fn openapi() -> utoipa::openapi::OpenApi {
    openapi::finish(routes().into_openapi())
}

/// Whether the service and its store answer.
#[utoipa::path(
    get,
    path = "/healthz",
    tag = "service",
    responses(
        (status = 200, description = "The service and its store answer", body = Object, example = json!({"status": "ok"})),
    ),
)]
async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> ApiResult<Json<serde_json::Value>> {
    state.store.ping().await?;
    Ok(Json(serde_json::json!({"status": "ok"})))
}

async fn not_found(uri: axum::http::Uri) -> AppError {
    AppError::NotFound(format!("no route for {}", uri.path()))
}

/// axum adds the `Allow` header of the path's routes.
async fn method_not_allowed(method: axum::http::Method, uri: axum::http::Uri) -> AppError {
    AppError::Status(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed on {}", uri.path()),
    )
}

/// Serves until SIGTERM or Ctrl-C, then lets requests in flight finish.
pub async fn serve(listener: tokio::net::TcpListener, app: Router) -> std::io::Result<()> {
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down; finishing requests in flight");
    // Give in-flight requests a moment; axum waits for open connections to finish.
    tokio::time::sleep(Duration::from_millis(50)).await;
}
