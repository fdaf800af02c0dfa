//! GET /v1/events (filters, keyset pages) and GET /v1/events/{id}.

use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::routing::get;
use axum::{Json, Router};

use super::params::{self, FilterParams};
use super::{ApiResult, AppError, AppState};
use crate::store::{EventPage, EventView};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/events", get(list))
        .route("/v1/events/{id}", get(one))
}

async fn list(
    State(state): State<AppState>,
    q: Result<Query<FilterParams>, QueryRejection>,
) -> ApiResult<Json<EventPage>> {
    let q = params::query(q)?;
    let filter = q.filter(&state).await?;
    let cursor = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
        Some(c) => Some(c.parse::<i64>().map_err(|_| {
            AppError::BadRequest(format!(
                "invalid cursor {c:?}: pass next_cursor from the previous page"
            ))
        })?),
        None => None,
    };
    let limit = params::limit(q.limit.as_deref())?;
    Ok(Json(state.store.list_events(&filter, cursor, limit).await?))
}

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
