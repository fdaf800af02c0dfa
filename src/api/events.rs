//! GET /v1/events (filters, keyset pages) and GET /v1/events/{id}.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::Json;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::params::{self, FilterParams};
use super::{ApiResult, AppError, AppState};
use crate::graph::ReadGraph;
use crate::store::{EventPage, EventView, Store};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
}

/// Events, newest id first, in keyset pages.
#[utoipa::path(
    get,
    path = "/v1/events",
    operation_id = "list_events",
    tag = "events",
    params(FilterParams),
    responses(
        (status = 200, description = "A page of events", body = EventPage),
        (status = 400, description = "A filter, the cursor or the limit is malformed"),
        (status = 404, description = "The entity is unknown (the detail names near spellings)"),
        (status = 409, description = "The entity's name is ambiguous: see candidates"),
    ),
)]
async fn list(
    State(state): State<AppState>,
    q: Result<Query<FilterParams>, QueryRejection>,
) -> ApiResult<Json<EventPage>> {
    let q = params::query(q)?;
    Ok(Json(event_page(&state.store, &state.graph, &q).await?))
}

/// A page of the event list: the handler's work, shared with `eventgraph events`.
pub async fn event_page(
    store: &Store,
    graph: &(impl ReadGraph + Sync),
    q: &FilterParams,
) -> ApiResult<EventPage> {
    let filter = q.filter_in(store, graph).await?;
    let cursor = params::id_cursor(q.cursor.as_deref())?;
    let limit = params::limit(q.limit.as_deref())?;
    Ok(store.list_events(&filter, cursor, limit).await?)
}

/// One event with its participants and evidence.
#[utoipa::path(
    get,
    path = "/v1/events/{id}",
    operation_id = "event",
    tag = "events",
    params(("id" = i64, Path, description = "The event's id", example = 1)),
    responses(
        (status = 200, description = "The event", body = EventView),
        (status = 400, description = "The id is not a positive integer"),
        (status = 404, description = "No such event"),
    ),
)]
async fn one(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> ApiResult<Json<EventView>> {
    let id = params::id(&params::path(id)?, "event")?;
    state
        .store
        .event(id)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::NotFound(format!("no event {id}")))
}
